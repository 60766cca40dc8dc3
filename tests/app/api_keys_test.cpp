// Test plan for renofee/app/api_keys.hpp with an in-memory key store, the real SHA-256 (io::SystemKeyCrypto)
// and a deterministic random source (bytes 0, 1, 2, ... in call order), so the key text and stored hash are
// fixed values computed independently with python's base64 and hashlib:
//   id = bytes 00..05 -> "000102030405"; secret = base64url(bytes 06..25) = "BgcI...JCU" (43 characters);
//   salt = bytes 26..35; hash = sha256(salt || secret text) = fe30ef63...6e04.
//  - issue_key: the exact text and stored row; the secret never reaches the store; role/contract rules;
//    label limits; a taken id is retried once with fresh random bytes, twice is an error.
//  - authenticate: the issued key is accepted with its principal; malformed texts (length, prefix,
//    separator, upper-case hex, non-base64url), unknown id, one changed secret character, revoked -> each
//    its refusal; a store error is an error (503 upstream), not a refusal; a corrupt stored hash -> internal.
//  - parse_role/to_string round trip; constant_time_equal; may_see_contract per role; key_actor and
//    owns_contract (the ownership rule); validate_contract_id.
#include "renofee/app/api_keys.hpp"

#include <gtest/gtest.h>

#include <map>

#include "renofee/adapters/io/crypto.hpp"

namespace renofee::app {
namespace {

const std::string expected_text = "rf_000102030405_BgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCU";
const std::string expected_salt = "262728292a2b2c2d2e2f303132333435";
const std::string expected_hash = "fe30ef6391e4a0117696ce557191348357f5245128aebe81825ce62bba5b6e04";

calendar::Instant instant_at(int seconds) {
  return calendar::Instant(std::chrono::seconds(1'795'000'000 + seconds));
}

class CountingCrypto final : public KeyCrypto {
 public:
  Result<std::string> random_bytes(std::size_t n) override {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
      out += static_cast<char>(next_++ & 0xFF);
    return out;
  }
  std::string sha256(std::string_view data) override { return real_.sha256(data); }

 private:
  unsigned next_ = 0;
  io::SystemKeyCrypto real_;
};

class MemoryKeyStore final : public KeyStore {
 public:
  Result<void> insert(const ApiKey& key) override {
    if (fail) return *fail;
    if (taken_ids > 0) {
      --taken_ids;
      return already_exists("id taken");
    }
    if (!keys.emplace(key.id, key).second) return already_exists("duplicate id " + key.id);
    return success();
  }
  Result<std::optional<ApiKey>> find(std::string_view id) override {
    if (fail) return *fail;
    const auto it = keys.find(std::string(id));
    return it == keys.end() ? std::optional<ApiKey>() : std::optional<ApiKey>(it->second);
  }
  Result<std::vector<ApiKey>> list() override {
    std::vector<ApiKey> all;
    for (const auto& [id, key] : keys)
      all.push_back(key);
    return all;
  }
  Result<bool> revoke(std::string_view id, calendar::Instant when) override {
    ApiKey& key = keys.at(std::string(id));
    if (key.revoked_at) return false;
    key.revoked_at = when;
    return true;
  }

  std::map<std::string, ApiKey> keys;
  int taken_ids = 0;
  std::optional<Error> fail;
};

TEST(ApiKeys, IssueGivesTheExactTextAndStoresOnlyTheSaltedHash) {
  MemoryKeyStore store;
  CountingCrypto crypto;
  Result<IssuedKey> issued =
      issue_key(store, crypto, KeyRequest{Role::auditor, std::nullopt, "audit firm", instant_at(0), {}});
  ASSERT_TRUE(issued.ok()) << describe(issued.error());
  EXPECT_EQ(issued->text, expected_text);
  ASSERT_EQ(store.keys.size(), 1u);
  const ApiKey& stored = store.keys.at("000102030405");
  EXPECT_EQ(stored.salt_hex, expected_salt);
  EXPECT_EQ(stored.hash_hex, expected_hash);
  EXPECT_EQ(stored.role, Role::auditor);
  EXPECT_EQ(stored.contract_id, std::nullopt);
  EXPECT_EQ(stored.label, "audit firm");
  EXPECT_EQ(stored.created_at, instant_at(0));
  EXPECT_EQ(stored.revoked_at, std::nullopt);
  EXPECT_EQ(stored, issued->key);
  const std::string secret = expected_text.substr(16);
  for (const std::string& field : {stored.id, stored.salt_hex, stored.hash_hex, stored.label}) {
    EXPECT_EQ(field.find(secret), std::string::npos);
  }
}

TEST(ApiKeys, IssueRules) {
  struct Row {
    int line;
    Role role;
    std::optional<std::string> contract;
    std::string label;
    const char* field;  // "" = accepted
  };
  const Row rows[] = {
      {__LINE__, Role::resident, "nom-tussenwoning", "", ""},
      {__LINE__, Role::resident, std::nullopt, "", "--contract"},
      {__LINE__, Role::resident, "../etc", "", "--contract"},  // standalone-ok: a hostile id
      {__LINE__, Role::resident, "a b", "", "--contract"},
      {__LINE__, Role::resident, "x' OR '1'='1", "", "--contract"},
      {__LINE__, Role::resident, std::string(65, 'c'), "", "--contract"},
      {__LINE__, Role::resident, std::string(64, 'c'), "", ""},
      {__LINE__, Role::resident, "", "", "--contract"},
      {__LINE__, Role::financier, "c1", "", "--contract"},
      {__LINE__, Role::operator_, std::nullopt, std::string(200, 'l'), ""},
      {__LINE__, Role::operator_, std::nullopt, std::string(201, 'l'), "--label"},
      {__LINE__, Role::operator_, std::nullopt, "two\nlines", "--label"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    MemoryKeyStore store;
    CountingCrypto crypto;
    Result<IssuedKey> issued =
        issue_key(store, crypto, KeyRequest{row.role, row.contract, row.label, instant_at(0), {}});
    if (std::string(row.field).empty()) {
      ASSERT_TRUE(issued.ok()) << describe(issued.error());
      EXPECT_EQ(store.keys.size(), 1u);
    } else {
      ASSERT_FALSE(issued.ok());
      EXPECT_EQ(issued.error().code, ErrorCode::invalid_argument);
      EXPECT_EQ(issued.error().field, row.field);
      EXPECT_TRUE(store.keys.empty());
    }
  }
}

// A meter_data key (trust issue, "a role for whoever delivers meter data"): its scope is required, every id
// in it is checked, duplicates are dropped and the rest sorted (may_see_contract searches it), at most
// max_key_scope contracts; no other role takes a scope, and a meter_data key does not take the resident's
// one contract.
TEST(ApiKeys, MeterDataKeysNeedAScopeAndOnlyThey) {
  struct Row {
    int line;
    Role role;
    std::optional<std::string> contract;
    std::vector<std::string> scope;
    const char* field;  // "" = accepted
  };
  std::vector<std::string> too_many;
  for (std::size_t i = 0; i <= max_key_scope; ++i)
    too_many.push_back("c-" + std::to_string(i));
  std::vector<std::string> just_enough(too_many.begin(), too_many.end() - 1);
  const Row rows[] = {
      {__LINE__, Role::meter_data, std::nullopt, {"c-2", "c-1"}, ""},
      {__LINE__, Role::meter_data, std::nullopt, {}, "--contract"},
      {__LINE__, Role::meter_data, "c-1", {}, "--contract"},
      {__LINE__, Role::meter_data, "c-1", {"c-1"}, "--contract"},
      {__LINE__, Role::meter_data, std::nullopt, {"c-1", "../x"}, "--contract"},  // standalone-ok: hostile id
      {__LINE__, Role::meter_data, std::nullopt, {"c-1", ""}, "--contract"},
      {__LINE__, Role::meter_data, std::nullopt, just_enough, ""},
      {__LINE__, Role::meter_data, std::nullopt, too_many, "--contract"},
      {__LINE__, Role::resident, "c-1", {"c-2"}, "--contract"},
      {__LINE__, Role::financier, std::nullopt, {"c-1"}, "--contract"},
      {__LINE__, Role::auditor, std::nullopt, {"c-1"}, "--contract"},
      {__LINE__, Role::operator_, std::nullopt, {"c-1"}, "--contract"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    MemoryKeyStore store;
    CountingCrypto crypto;
    Result<IssuedKey> issued =
        issue_key(store, crypto, KeyRequest{row.role, row.contract, "", instant_at(0), row.scope});
    if (std::string(row.field).empty()) {
      ASSERT_TRUE(issued.ok()) << describe(issued.error());
      EXPECT_EQ(store.keys.size(), 1u);
    } else {
      ASSERT_FALSE(issued.ok());
      EXPECT_EQ(issued.error().code, ErrorCode::invalid_argument);
      EXPECT_EQ(issued.error().field, row.field);
      EXPECT_TRUE(store.keys.empty());
    }
  }
  MemoryKeyStore store;
  CountingCrypto crypto;
  Result<IssuedKey> issued = issue_key(
      store, crypto,
      KeyRequest{Role::meter_data, std::nullopt, "P1 hub", instant_at(0), {"c-9", "c-10", "c-9", "c-1"}});
  ASSERT_TRUE(issued.ok()) << describe(issued.error());
  EXPECT_EQ(issued->key.scope, (std::vector<std::string>{"c-1", "c-10", "c-9"}));
  Result<Authentication> ok = authenticate(store, crypto, issued->text);
  ASSERT_TRUE(ok.ok() && ok->principal.has_value());
  EXPECT_EQ(ok->principal->role, Role::meter_data);
  EXPECT_EQ(ok->principal->scope, (std::vector<std::string>{"c-1", "c-10", "c-9"}));
  EXPECT_EQ(ok->principal->contract_id, std::nullopt);
  for (const char* inside : {"c-1", "c-10", "c-9"})
    EXPECT_TRUE(may_see_contract(*ok->principal, inside)) << inside;
  for (const char* outside : {"c-2", "c-", "c-100", "C-1", ""})
    EXPECT_FALSE(may_see_contract(*ok->principal, outside)) << outside;
}

TEST(ApiKeys, TakenIdIsRetriedOnceWithFreshRandomBytes) {
  MemoryKeyStore store;
  CountingCrypto crypto;
  store.taken_ids = 1;
  Result<IssuedKey> issued =
      issue_key(store, crypto, KeyRequest{Role::operator_, std::nullopt, "", instant_at(0), {}});
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->key.id, "363738393a3b");  // bytes 54..59: the second draw (the first used 0..53)
  MemoryKeyStore unlucky;
  unlucky.taken_ids = 2;
  Result<IssuedKey> refused =
      issue_key(unlucky, crypto, KeyRequest{Role::operator_, std::nullopt, "", instant_at(0), {}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::already_exists);
}

TEST(ApiKeys, AuthenticateAcceptsTheIssuedKeyAndRefusesEverythingElse) {
  MemoryKeyStore store;
  CountingCrypto crypto;
  ASSERT_TRUE(issue_key(store, crypto, KeyRequest{Role::resident, "c-7", "", instant_at(0), {}}).ok());

  Result<Authentication> ok = authenticate(store, crypto, expected_text);
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok->principal.has_value());
  EXPECT_EQ(*ok->principal, (Principal{"000102030405", Role::resident, "c-7", {}, 1}));
  EXPECT_EQ(ok->refusal, std::nullopt);

  std::string flipped = expected_text;
  flipped.back() = flipped.back() == 'U' ? 'V' : 'U';
  std::string upper_id = expected_text;
  upper_id[5] = 'A';  // "0A0102...": hex digits must be lower case
  struct Row {
    int line;
    std::string text;
    KeyRefusal refusal;
  };
  const Row rows[] = {
      {__LINE__, "", KeyRefusal::malformed},
      {__LINE__, expected_text.substr(1), KeyRefusal::malformed},
      {__LINE__, expected_text + "A", KeyRefusal::malformed},
      {__LINE__, "rx" + expected_text.substr(2), KeyRefusal::malformed},
      {__LINE__, expected_text.substr(0, 15) + "-" + expected_text.substr(16), KeyRefusal::malformed},
      {__LINE__, expected_text.substr(0, 20) + "+" + expected_text.substr(21), KeyRefusal::malformed},
      {__LINE__, expected_text.substr(0, 20) + "'" + expected_text.substr(21), KeyRefusal::malformed},
      {__LINE__, upper_id, KeyRefusal::malformed},
      {__LINE__, "rf_ffffffffffff" + expected_text.substr(15), KeyRefusal::unknown},
      {__LINE__, flipped, KeyRefusal::wrong_secret},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    Result<Authentication> refused = authenticate(store, crypto, row.text);
    ASSERT_TRUE(refused.ok());
    EXPECT_EQ(refused->principal, std::nullopt);
    EXPECT_EQ(refused->refusal, row.refusal);
  }

  ASSERT_TRUE(store.revoke("000102030405", instant_at(5)).value());
  EXPECT_FALSE(store.revoke("000102030405", instant_at(6)).value());
  Result<Authentication> revoked = authenticate(store, crypto, expected_text);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->principal, std::nullopt);
  EXPECT_EQ(revoked->refusal, KeyRefusal::revoked);
}

TEST(ApiKeys, StoreFailureIsAnErrorNotARefusal) {
  MemoryKeyStore store;
  CountingCrypto crypto;
  ASSERT_TRUE(issue_key(store, crypto, KeyRequest{Role::auditor, std::nullopt, "", instant_at(0), {}}).ok());
  store.fail = unavailable("database is locked");
  Result<Authentication> result = authenticate(store, crypto, expected_text);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::unavailable);

  store.fail.reset();
  store.keys.at("000102030405").hash_hex = "not hex";
  Result<Authentication> corrupt = authenticate(store, crypto, expected_text);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, ErrorCode::internal);
}

TEST(ApiKeys, RolesRoundTrip) {
  for (Role role : all_roles) {
    EXPECT_EQ(parse_role(to_string(role)).value(), role);
  }
  EXPECT_EQ(to_string(Role::operator_), "operator");
  EXPECT_EQ(to_string(Role::meter_data), "meter_data");
  for (const char* bad : {"", "Operator", "admin", "operator_", "financier "}) {
    Result<Role> refused = parse_role(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, "--role");
  }
}

TEST(ApiKeys, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "bbc"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(ApiKeys, WhoMaySeeWhichContract) {
  const Principal resident{"k1", Role::resident, "c-7", {}};
  const Principal auditor{"k2", Role::auditor, std::nullopt, {}};
  const Principal financier{"k3", Role::financier, std::nullopt, {}};
  const Principal op{"k4", Role::operator_, std::nullopt, {}};
  EXPECT_TRUE(may_see_contract(resident, "c-7"));
  EXPECT_FALSE(may_see_contract(resident, "c-8"));
  EXPECT_FALSE(may_see_contract(resident, "c-7 "));
  EXPECT_FALSE(may_see_contract(Principal{"k5", Role::resident, std::nullopt, {}}, "c-7"));
  EXPECT_TRUE(may_see_contract(auditor, "anything"));
  EXPECT_TRUE(may_see_contract(financier, "c-8"));          // no contract store yet: accepted
  EXPECT_TRUE(may_see_contract(financier, "c-8", true));    // the seam: its own contract
  EXPECT_FALSE(may_see_contract(financier, "c-8", false));  // another financier's
  EXPECT_FALSE(may_see_contract(op, "c-7"));
  const Principal meter{"k6", Role::meter_data, std::nullopt, {"c-7"}};
  EXPECT_TRUE(may_see_contract(meter, "c-7"));
  EXPECT_FALSE(may_see_contract(meter, "c-8"));
  EXPECT_FALSE(may_see_contract(Principal{"k7", Role::meter_data, std::nullopt, {}}, "c-7"));
}

TEST(ApiKeys, OwnershipIsTheKeyThatCreatedVersionOne) {
  const Principal financier{"a1b2c3d4e5f6", Role::financier, std::nullopt, {}};
  EXPECT_EQ(key_actor(financier), "key:a1b2c3d4e5f6");
  EXPECT_TRUE(owns_contract(financier, "key:a1b2c3d4e5f6"));
  EXPECT_FALSE(owns_contract(financier, "key:a1b2c3d4e5f7"));  // another key
  EXPECT_FALSE(owns_contract(financier, "a1b2c3d4e5f6"));      // the id without the "key:" tag
  EXPECT_FALSE(owns_contract(financier, "cli"));               // stored from the command line
  EXPECT_FALSE(owns_contract(financier, "key:a1b2c3d4e5f6 "));
}

TEST(ApiKeys, ContractIds) {
  for (const char* good : {"c", "nom-tussenwoning", "C_1.2", "a.b-c_d"}) {
    EXPECT_TRUE(validate_contract_id(good, "id").ok()) << good;
  }
  for (const std::string& bad : {std::string(), std::string(65, 'a'), std::string("a..b"), std::string(".."),
                                 std::string("a/b"), std::string("a b"), std::string("x'--"),
                                 std::string("caf\xC3\xA9"), std::string("a\nb"), std::string("a%2F")}) {
    Result<void> refused = validate_contract_id(bad, "id");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, "id");
  }
}

}  // namespace
}  // namespace renofee::app
