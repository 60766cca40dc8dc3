// Contract versions in memory (app::ContractStore) for the use-case tests that run without a database
// (reconcile_test.cpp, reconcile_terms_test.cpp): versions by contract id in the order stored, as
// SqlContractBook keeps them. `writes`, when given, counts every call of a writing method.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/app/contracts.hpp"

namespace renofee::app::test {

class MemoryContracts final : public ContractStore {
 public:
  explicit MemoryContracts(int* writes = nullptr) : writes_(writes) {}
  Result<void> create_contract(const ContractVersion& first) override {
    count_write();
    if (versions_.contains(first.contract_id)) return already_exists(first.contract_id);
    versions_[first.contract_id] = {first};
    return {};
  }
  Result<void> add_version(const ContractVersion& next) override {
    count_write();
    versions_.at(next.contract_id).push_back(next);
    return {};
  }
  Result<std::vector<ContractVersion>> versions(std::string_view contract_id) override {
    const auto it = versions_.find(std::string(contract_id));
    if (it == versions_.end()) return not_found("no contract " + std::string(contract_id));
    return it->second;
  }
  Result<std::vector<ContractSummary>> list_contracts(std::string_view, int,
                                                      const std::optional<std::string>&) override {
    return internal_error("not used by this test");
  }

 private:
  void count_write() {
    if (writes_ != nullptr) ++*writes_;
  }
  int* writes_;
  std::map<std::string, std::vector<ContractVersion>> versions_;
};

}  // namespace renofee::app::test
