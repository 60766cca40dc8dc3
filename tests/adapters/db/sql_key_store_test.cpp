// Test plan for renofee/adapters/db/sql_key_store.hpp and database_pool.hpp, on every backend:
//  - a key round-trips field by field (resident with contract, others without; label; times; revocation);
//    list is ordered by creation; find of an unknown id is nullopt; a duplicate id is already_exists;
//  - the table refuses a resident without contract and a financier with one (CHECK), and foreign roles;
//  - revoke: true the first time, false after (the first time kept), not_found for an unknown id;
//  - issue_key + authenticate through the SQL store with the real crypto: the secret is nowhere in the table;
//  - idempotency records: find/save round trip, scope separates equal keys, a second save of the same
//    (scope, key) is already_exists;
//  - the lookup is prepared once per connection but never cached: a key revoked through another connection
//    is seen revoked by the next find on the first one, and a connection that found a key holds no read
//    transaction afterwards (its own next write transaction starts after the other connection wrote);
//  - pool: connections open lazily up to the size, are reused, a discarded one is replaced, and a caller
//    waits for a returned connection, then gets unavailable after the wait.
#include "renofee/adapters/db/sql_key_store.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "db_fixture.hpp"
#include "renofee/adapters/db/database_pool.hpp"
#include "renofee/adapters/io/crypto.hpp"

namespace renofee::db {
namespace {

using app::ApiKey;
using app::Role;
using testing::utc;

ApiKey key(std::string id, Role role, std::optional<std::string> contract, calendar::Instant created) {
  return ApiKey{std::move(id), std::string(32, 'a'), std::string(64, 'b'),
                role,          std::move(contract),  "label of " + std::string(app::to_string(role)),
                created,       std::nullopt,         {}};
}

class KeyStore : public testing::DbTest {};

TEST_P(KeyStore, RoundTripListAndFind) {
  SqlKeyStore store(db());
  ApiKey resident = key("00000000000a", Role::resident, "c-7", utc(2026, 1, 2));
  resident.occupant = 1;  // a resident key belongs to an occupant (migration 10); it reads back as stored
  const ApiKey auditor = key("00000000000b", Role::auditor, std::nullopt, utc(2026, 1, 1));
  ASSERT_TRUE(store.insert(resident).ok());
  ASSERT_TRUE(store.insert(auditor).ok());
  EXPECT_EQ(store.find("00000000000a").value(), resident);
  EXPECT_EQ(store.find("00000000000b").value(), auditor);
  EXPECT_EQ(store.find("00000000000c").value(), std::nullopt);
  EXPECT_EQ(store.find("' OR '1'='1").value(), std::nullopt);
  EXPECT_EQ(store.list().value(), (std::vector<ApiKey>{auditor, resident}));
  Result<void> again = store.insert(resident);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::already_exists);
}

TEST_P(KeyStore, TableRefusesInconsistentRows) {
  SqlKeyStore store(db());
  EXPECT_FALSE(store.insert(key("00000000000a", Role::resident, std::nullopt, utc(2026, 1, 1))).ok());
  EXPECT_FALSE(store.insert(key("00000000000b", Role::financier, "c-1", utc(2026, 1, 1))).ok());
  EXPECT_FALSE(db().execute("INSERT INTO api_keys (id, salt, hash, role, label, created_at) VALUES "
                            "('00000000000c', '" +
                            std::string(32, 'a') + "', '" + std::string(64, 'b') + "', 'admin', '', 0)")
                   .ok());
  EXPECT_FALSE(store.insert(key("short", Role::auditor, std::nullopt, utc(2026, 1, 1))).ok());
  EXPECT_TRUE(store.list().value().empty());
}

// A meter_data key's scope (migration 6) is stored with the key, read back sorted by find and list, and the
// key_scopes rows refuse updates and deletes; a scope row for a key that does not exist is refused.
TEST_P(KeyStore, MeterDataScopeRoundTripsAndIsAppendOnly) {
  SqlKeyStore store(db());
  ApiKey meter = key("00000000000d", Role::meter_data, std::nullopt, utc(2026, 1, 3));
  meter.scope = {"c-1", "c-2", "demo-p1"};
  ASSERT_TRUE(store.insert(meter).ok());
  EXPECT_EQ(store.find("00000000000d").value(), meter);
  EXPECT_EQ(store.list().value(), (std::vector<ApiKey>{meter}));
  EXPECT_FALSE(db().execute("UPDATE key_scopes SET contract_id = 'c-3' WHERE contract_id = 'c-1'").ok());
  EXPECT_FALSE(db().execute("DELETE FROM key_scopes WHERE contract_id = 'c-2'").ok());
  EXPECT_EQ(store.find("00000000000d").value()->scope, meter.scope);
  // The role CHECK of migration 6 lets meter_data in and still keeps unknown roles out.
  EXPECT_FALSE(db().execute("INSERT INTO api_keys (id, salt, hash, role, label, created_at) VALUES "
                            "('00000000000e', '" +
                            std::string(32, 'a') + "', '" + std::string(64, 'b') + "', 'meter', '', 0)")
                   .ok());
}

TEST_P(KeyStore, Revoke) {
  SqlKeyStore store(db());
  ASSERT_TRUE(store.insert(key("00000000000a", Role::operator_, std::nullopt, utc(2026, 1, 1))).ok());
  EXPECT_TRUE(store.revoke("00000000000a", utc(2026, 2, 1)).value());
  EXPECT_FALSE(store.revoke("00000000000a", utc(2026, 3, 1)).value());
  EXPECT_EQ(store.find("00000000000a").value()->revoked_at, utc(2026, 2, 1));
  Result<bool> unknown = store.revoke("ffffffffffff", utc(2026, 3, 1));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

TEST_P(KeyStore, PreparedLookupSeesRevocationsThroughOtherConnections) {
  if (GetParam() == testing::Backend::sqlite_memory) GTEST_SKIP() << ":memory: has no second connection";
  SqlKeyStore first(db());
  ASSERT_TRUE(first.insert(key("00000000000a", Role::financier, std::nullopt, utc(2026, 1, 1))).ok());
  EXPECT_EQ(first.find("00000000000a").value()->revoked_at, std::nullopt);  // prepared and run once
  DatabaseOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds(100);
  std::unique_ptr<Database> other = open_connection(impatient);
  SqlKeyStore second(*other);
  ASSERT_TRUE(second.revoke("00000000000a", utc(2026, 2, 1)).value());
  EXPECT_EQ(first.find("00000000000a").value()->revoked_at, utc(2026, 2, 1));
  EXPECT_EQ(first.find("00000000000b").value(), std::nullopt);
  EXPECT_EQ(first.find("00000000000a").value()->role, Role::financier);
  ASSERT_TRUE(second.insert(key("00000000000b", Role::auditor, std::nullopt, utc(2026, 1, 2))).ok());
  ASSERT_TRUE(db().begin().ok());  // BEGIN IMMEDIATE on SQLite: refused on a stale read snapshot
  ASSERT_TRUE(first.insert(key("00000000000c", Role::auditor, std::nullopt, utc(2026, 1, 3))).ok());
  ASSERT_TRUE(db().commit().ok());
  EXPECT_EQ(first.find("00000000000b").value()->role, Role::auditor);
  EXPECT_EQ(second.list().value().size(), 3u);
}

TEST_P(KeyStore, IssuedKeyAuthenticatesAndItsSecretIsNotStored) {
  SqlKeyStore store(db());
  io::SystemKeyCrypto crypto;
  Result<app::IssuedKey> issued =
      app::issue_key(store, crypto, app::KeyRequest{Role::resident, "c-9", "test", utc(2026, 1, 1), {}});
  ASSERT_TRUE(issued.ok()) << describe(issued.error());
  Result<app::Authentication> verified = app::authenticate(store, crypto, issued->text);
  ASSERT_TRUE(verified.ok());
  ASSERT_TRUE(verified->principal.has_value());
  EXPECT_EQ(verified->principal->role, Role::resident);
  EXPECT_EQ(verified->principal->contract_id, "c-9");
  const std::string secret = issued->text.substr(16);
  const std::string pattern = "%" + secret + "%";
  long long rows = -1;
  db().session() << "SELECT COUNT(*) FROM api_keys WHERE salt LIKE :s OR hash LIKE :s OR label LIKE :s",
      soci::use(pattern, "s"), soci::into(rows);
  EXPECT_EQ(rows, 0);
  ASSERT_TRUE(store.revoke(issued->key.id, utc(2026, 1, 2)).ok());
  EXPECT_EQ(app::authenticate(store, crypto, issued->text).value().refusal, app::KeyRefusal::revoked);
}

TEST_P(KeyStore, IdempotencyRecords) {
  SqlIdempotencyStore store(db());
  const app::IdempotencyRecord record{
      "00000000000a",           "k-1",          std::string(64, 'f'), 201, "application/json",
      R"({"status":"stored"})", utc(2026, 1, 1)};
  EXPECT_EQ(store.find("00000000000a", "k-1").value(), std::nullopt);
  ASSERT_TRUE(store.save(record).ok());
  EXPECT_EQ(store.find("00000000000a", "k-1").value(), record);
  EXPECT_EQ(store.find("00000000000b", "k-1").value(), std::nullopt);  // scoped per API key
  app::IdempotencyRecord other = record;
  other.scope = "00000000000b";
  ASSERT_TRUE(store.save(other).ok());
  Result<void> twice = store.save(record);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::already_exists);
}

TEST_P(KeyStore, PoolOpensLazilyReusesAndWaits) {
  if (GetParam() == testing::Backend::sqlite_memory) {
    Result<std::unique_ptr<DatabasePool>> memory = DatabasePool::open(url_, 4);
    ASSERT_TRUE(memory.ok());
    EXPECT_EQ((*memory)->size(), 1u);  // :memory: is private to one connection
    return;
  }
  std::string url = url_;
  if (is_postgresql())
    url +=
        (url.find('?') == std::string::npos ? "?" : "&") + std::string("options=-csearch_path%3D") + schema_;
  Result<std::unique_ptr<DatabasePool>> opened = DatabasePool::open(url, 2, std::chrono::milliseconds(200));
  ASSERT_TRUE(opened.ok()) << describe(opened.error());
  DatabasePool& pool = **opened;
  EXPECT_EQ(pool.open_connections(), 1u);
  {
    Result<Lease> a = pool.acquire();
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE((**a).execute("SELECT 1").ok());
    Result<Lease> b = pool.acquire();
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(pool.open_connections(), 2u);
    // Both out: a third caller waits 200 ms, then gets unavailable.
    Result<Lease> c = pool.acquire();
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, ErrorCode::unavailable);
    b->discard();
  }
  EXPECT_EQ(pool.open_connections(), 1u);  // the discarded one closed
  {
    Result<Lease> a = pool.acquire();
    ASSERT_TRUE(a.ok());
    // A waiting caller gets the connection as soon as it comes back.
    std::thread returner([lease = std::move(a).value()]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      Lease gone = std::move(lease);
    });
    Result<Lease> b = pool.acquire();
    Result<Lease> c = pool.acquire();
    returner.join();
    EXPECT_TRUE(b.ok());
    EXPECT_TRUE(c.ok());
  }
  // The tables the fixture migrated are visible through pooled connections.
  Result<Lease> lease = pool.acquire();
  ASSERT_TRUE(lease.ok());
  SqlKeyStore keys(**lease);
  EXPECT_TRUE(keys.list().ok());
}

RENOFEE_INSTANTIATE_BACKENDS(KeyStore);

}  // namespace
}  // namespace renofee::db
