// Test plan for app/tenancy.hpp (the one tenancy rule), a table of principal x contract:
//  - contracts: "own" (created by the financier key f1), "other" (created by key f2), "legacy" (created on
//    the command line, "cli"), "missing" (does not exist);
//  - financier f1 sees own only; resident of "own" sees own only (and not "missing" even when its key names
//    it); the auditor sees every existing contract; the operator none;
//  - every refusal is exactly no_contract(id): not_found, message `no contract "<id>"`, no field;
//  - check_contract_visible reads the store only when the role does not already refuse, and passes a store
//    failure through unchanged (never a 404).
#include "renofee/app/tenancy.hpp"

#include <gtest/gtest.h>

#include <map>

namespace renofee::app {
namespace {

class Owners final : public ContractStore {
 public:
  Result<void> create_contract(const ContractVersion&) override { return internal_error("not used"); }
  Result<void> add_version(const ContractVersion&) override { return internal_error("not used"); }
  Result<std::vector<ContractVersion>> versions(std::string_view) override {
    return internal_error("not used");
  }
  Result<std::vector<ContractSummary>> list_contracts(std::string_view, int,
                                                      const std::optional<std::string>&) override {
    return internal_error("not used");
  }
  Result<std::optional<std::string>> owner(std::string_view id) override {
    ++reads;
    if (down) return unavailable("database is locked");
    const auto it = owners.find(std::string(id));
    if (it == owners.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  std::map<std::string, std::string> owners{{"own", "key:f1"}, {"other", "key:f2"}, {"legacy", "cli"}};
  int reads = 0;
  bool down = false;
};

const Principal financier{"f1", Role::financier, std::nullopt, {}};
const Principal resident{"r1", Role::resident, "own", {}};
const Principal ghost_resident{"r2", Role::resident, "missing", {}};
const Principal auditor{"a1", Role::auditor, std::nullopt, {}};
const Principal operator_key{"o1", Role::operator_, std::nullopt, {}};

TEST(Tenancy, WhoSeesWhichContract) {
  struct Row {
    int line;
    const Principal* principal;
    std::string contract;
    bool visible;
  };
  const std::vector<Row> rows = {
      {__LINE__, &financier, "own", true},     {__LINE__, &financier, "other", false},
      {__LINE__, &financier, "legacy", false}, {__LINE__, &financier, "missing", false},
      {__LINE__, &resident, "own", true},      {__LINE__, &resident, "other", false},
      {__LINE__, &resident, "missing", false}, {__LINE__, &ghost_resident, "missing", false},
      {__LINE__, &auditor, "own", true},       {__LINE__, &auditor, "other", true},
      {__LINE__, &auditor, "legacy", true},    {__LINE__, &auditor, "missing", false},
      {__LINE__, &operator_key, "own", false}, {__LINE__, &operator_key, "missing", false},
  };
  for (const Row& row : rows) {
    Owners store;
    const Result<void> checked = check_contract_visible(store, *row.principal, row.contract);
    EXPECT_EQ(checked.ok(), row.visible) << "line " << row.line;
    if (!row.visible) {
      ASSERT_FALSE(checked.ok()) << "line " << row.line;
      EXPECT_EQ(checked.error().code, ErrorCode::not_found) << "line " << row.line;
      EXPECT_EQ(checked.error().message, "no contract \"" + row.contract + "\"") << "line " << row.line;
      EXPECT_EQ(checked.error().field, "") << "line " << row.line;
    }
    // The pure decision agrees with the store-backed one.
    const auto it = store.owners.find(row.contract);
    const std::optional<std::string> owner =
        it == store.owners.end() ? std::nullopt : std::optional<std::string>(it->second);
    EXPECT_EQ(contract_visible(*row.principal, row.contract, owner).ok(), row.visible) << "line " << row.line;
  }
}

TEST(Tenancy, TheRoleRefusesBeforeTheStoreIsRead) {
  Owners store;
  EXPECT_FALSE(check_contract_visible(store, operator_key, "own").ok());
  EXPECT_FALSE(check_contract_visible(store, resident, "other").ok());
  EXPECT_EQ(store.reads, 0);
  EXPECT_TRUE(check_contract_visible(store, resident, "own").ok());
  EXPECT_EQ(store.reads, 1);
}

TEST(Tenancy, AStoreFailureIsNotA404) {
  Owners store;
  store.down = true;
  const Result<void> checked = check_contract_visible(store, auditor, "own");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, ErrorCode::unavailable);
}

TEST(Tenancy, OneRefusalText) {
  const Error e = no_contract("c-1");
  EXPECT_EQ(e.code, ErrorCode::not_found);
  EXPECT_EQ(e.message, "no contract \"c-1\"");
  EXPECT_EQ(e.field, "");
}

// The default ContractStore::owner reads version 1 through versions().
class TwoVersions final : public ContractStore {
 public:
  Result<void> create_contract(const ContractVersion&) override { return internal_error("not used"); }
  Result<void> add_version(const ContractVersion&) override { return internal_error("not used"); }
  Result<std::vector<ContractVersion>> versions(std::string_view id) override {
    if (id != "c") return not_found("no contract " + std::string(id));
    ContractVersion v1, v2;
    v1.version = 1;
    v1.created_by = "key:first";
    v2.version = 2;
    v2.created_by = "key:amender";
    return std::vector<ContractVersion>{v1, v2};
  }
  Result<std::vector<ContractSummary>> list_contracts(std::string_view, int,
                                                      const std::optional<std::string>&) override {
    return internal_error("not used");
  }
};

TEST(Tenancy, DefaultOwnerIsVersionOnesAuthor) {
  TwoVersions store;
  EXPECT_EQ(store.owner("c").value(), std::optional<std::string>("key:first"));
  EXPECT_EQ(store.owner("d").value(), std::nullopt);
}

}  // namespace
}  // namespace renofee::app
