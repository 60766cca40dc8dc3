// Test plan for renofee/adapters/db/migrations.hpp, on every backend:
//  - an empty database is brought to the newest version, each version recorded once with its time;
//  - running migrate again applies nothing and changes nothing (idempotent), also from a second connection;
//  - versions are ascending and start at 1 (the list in code is well-formed);
//  - a database newer than the binary is refused with failed_precondition;
//  - the tables the repositories need exist afterwards.
#include "renofee/adapters/db/migrations.hpp"

#include <gtest/gtest.h>

#include "db_fixture.hpp"

namespace renofee::db {
namespace {

using testing::DbTest;
using testing::utc;

class Migrations : public DbTest {
 protected:
  [[nodiscard]] bool migrated() const override { return false; }

  // Brings the empty database to `version` statement by statement, as an older binary left it.
  void apply_through(int version) {
    ASSERT_TRUE(schema_version(db()).ok());
    for (const Migration& m : migrations()) {
      if (m.version > version) break;
      for (std::string_view statement : db().dialect() == Dialect::sqlite ? m.sqlite : m.postgresql)
        ASSERT_TRUE(db().execute(statement).ok()) << "migration " << m.version << ": " << statement;
      db().session() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, 'x', 0)",
          soci::use(m.version);
    }
  }
};

TEST(MigrationList, VersionsAscendFromOneWithBothDialects) {
  int expected = 1;
  for (const Migration& m : migrations()) {
    EXPECT_EQ(m.version, expected++);
    EXPECT_FALSE(m.name.empty());
    EXPECT_FALSE(m.sqlite.empty());
    // The dialects may need different numbers of statements (migration 3: SQLite has no trigger functions).
    EXPECT_FALSE(m.postgresql.empty()) << "migration " << m.version;
  }
  EXPECT_EQ(migrations().size(), 11U);
}

TEST_P(Migrations, EmptyDatabaseReachesNewestVersionOnce) {
  EXPECT_EQ(schema_version(db()).value(), 0);
  Result<MigrationReport> first = migrate(db(), utc(2026, 11, 23, 1, 2, 3));
  ASSERT_TRUE(first.ok()) << describe(first.error());
  EXPECT_EQ(first->applied, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(first->version, 11);

  Result<MigrationReport> second = migrate(db(), utc(2026, 11, 24));
  ASSERT_TRUE(second.ok()) << describe(second.error());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->version, 11);

  long long rows = 0, first_applied = 0, last_applied = 0;
  db().session() << "SELECT COUNT(*), MIN(applied_at), MAX(applied_at) FROM schema_migrations",
      soci::into(rows), soci::into(first_applied), soci::into(last_applied);
  EXPECT_EQ(rows, 11);
  EXPECT_EQ(first_applied, 1795395723);  // 2026-11-23T01:02:03Z: the second run recorded nothing
  EXPECT_EQ(last_applied, 1795395723);
}

TEST_P(Migrations, SecondConnectionFindsNothingToDo) {
  if (GetParam() == testing::Backend::sqlite_memory) GTEST_SKIP() << ":memory: is private to one connection";
  ASSERT_TRUE(migrate(db(), utc(2026, 1, 1)).ok());
  std::unique_ptr<Database> other = open_connection();
  Result<MigrationReport> again = migrate(*other, utc(2026, 1, 2));
  ASSERT_TRUE(again.ok()) << describe(again.error());
  EXPECT_TRUE(again->applied.empty());
}

TEST_P(Migrations, TablesExistAfterwards) {
  ASSERT_TRUE(migrate(db(), utc(2026, 1, 1)).ok());
  for (const char* table : {"uploads", "reading_series", "readings", "reading_corrections", "reading_values",
                            "weather_days", "api_keys", "idempotency_records", "key_scopes", "late_uploads",
                            "audit_events", "creditors", "mandates", "collection_files", "collections",
                            "bank_statements", "bank_transactions", "campaigns", "campaign_homes"}) {
    long long rows = -1;
    db().session() << std::string("SELECT COUNT(*) FROM ") + table, soci::into(rows);
    EXPECT_EQ(rows, 0) << table;
  }
}

// Migration 8 rebuilds the ledger and the event log on SQLite (a CHECK cannot change there) and replaces their
// CHECKs on PostgreSQL: a database at version 7 with rows keeps every row and hash, and accepts the new kinds.
TEST_P(Migrations, EightKeepsLedgerAndEventsAndAcceptsTheNewKinds) {
  apply_through(7);
  if (HasFatalFailure()) return;
  const std::string hash(64, 'a');
  db().session()
      << "INSERT INTO ledger_entries (contract_id, sequence, kind, value_date, amount_cents,"
         " posting_key, reference, posted_at, prev_hash, hash) VALUES ('c', 1, 'fee', '2026-03-01',"
         " 25533, 'fee:1', 'fee of contract month 1', 1, :p, :h)",
      soci::use(hash), soci::use(hash);
  db().session()
      << "INSERT INTO audit_events (seq, at, actor, kind, contract_id, subject, item_sha256, prev_hash,"
         " hash) VALUES (1, 1, 'cli', 'ledger_entry', 'c', 'entry 1', :i, :p, :h)",
      soci::use(hash), soci::use(hash), soci::use(hash);
  Result<MigrationReport> report = migrate(db(), utc(2026, 12, 3));
  ASSERT_TRUE(report.ok()) << describe(report.error());
  EXPECT_EQ(report->applied, (std::vector<int>{8, 9, 10, 11}));
  std::string kind, stored_hash;
  long long amount = 0;
  db().session()
      << "SELECT kind, amount_cents, hash FROM ledger_entries WHERE contract_id = 'c' AND sequence = 1",
      soci::into(kind), soci::into(amount), soci::into(stored_hash);
  EXPECT_EQ(kind, "fee");
  EXPECT_EQ(amount, 25533);
  EXPECT_EQ(stored_hash, hash);
  long long events = 0;
  db().session() << "SELECT COUNT(*) FROM audit_events WHERE hash = :h", soci::use(hash), soci::into(events);
  EXPECT_EQ(events, 1);
  EXPECT_TRUE(
      db().execute("INSERT INTO ledger_entries (contract_id, sequence, kind, value_date, amount_cents,"
                   " posting_key, reference, posted_at, prev_hash, hash) VALUES ('c', 2, 'collection',"
                   " '2026-03-01', 0, 'collection:1', 'r', 1, 'p', 'h')")
          .ok());
  EXPECT_FALSE(
      db().execute("INSERT INTO ledger_entries (contract_id, sequence, kind, value_date, amount_cents,"
                   " posting_key, reference, posted_at, prev_hash, hash) VALUES ('c', 3, 'bogus',"
                   " '2026-03-01', 0, 'bogus:1', 'r', 1, 'p', 'h')")
          .ok());
  EXPECT_FALSE(
      db().execute("UPDATE ledger_entries SET amount_cents = 1 WHERE sequence = 1").ok());  // trigger
  EXPECT_FALSE(db().execute("DELETE FROM audit_events").ok());                              // trigger
}

// Migration 11 rebuilds api_keys on SQLite (a CHECK cannot change there): a database at version 10 keeps its
// keys, a meter_data key's scope still refers to its key, the energy_desk role is accepted afterwards and a
// made-up role is not; the campaign tables are append-only.
TEST_P(Migrations, ElevenKeepsKeysAndScopesAndAcceptsTheEnergyDesk) {
  apply_through(10);
  if (HasFatalFailure()) return;
  const std::string salt(32, 'b'), hash(64, 'c');
  db().session() << "INSERT INTO api_keys (id, salt, hash, role, label, created_at) VALUES ('0123456789ab',"
                    " :s, :h, 'meter_data', 'hub', 5)",
      soci::use(salt), soci::use(hash);
  ASSERT_TRUE(
      db().execute("INSERT INTO key_scopes (key_id, contract_id) VALUES ('0123456789ab', 'c-1')").ok());
  Result<MigrationReport> report = migrate(db(), utc(2026, 12, 4));
  ASSERT_TRUE(report.ok()) << describe(report.error());
  EXPECT_EQ(report->applied, (std::vector<int>{11}));
  std::string role, label;
  db().session() << "SELECT role, label FROM api_keys WHERE id = '0123456789ab'", soci::into(role),
      soci::into(label);
  EXPECT_EQ(role, "meter_data");
  EXPECT_EQ(label, "hub");
  long long scoped = 0;
  db().session() << "SELECT COUNT(*) FROM key_scopes k JOIN api_keys a ON a.id = k.key_id",
      soci::into(scoped);
  EXPECT_EQ(scoped, 1);
  EXPECT_TRUE(db().execute("INSERT INTO api_keys (id, salt, hash, role, label, created_at) VALUES"
                           " ('0123456789ac', '" +
                           salt + "', '" + hash + "', 'energy_desk', 'loket', 6)")
                  .ok());
  EXPECT_FALSE(db().execute("INSERT INTO api_keys (id, salt, hash, role, label, created_at) VALUES"
                            " ('0123456789ad', '" +
                            salt + "', '" + hash + "', 'mayor', '', 6)")
                   .ok());
  EXPECT_FALSE(db().execute("DELETE FROM api_keys").ok());  // trigger kept
  ASSERT_TRUE(db().execute("INSERT INTO campaigns (id, name, start_date, created_at, created_by) VALUES"
                           " ('k', 'K', '2027-01-01', 1, 'cli')")
                  .ok());
  EXPECT_FALSE(db().execute("UPDATE campaigns SET name = 'L'").ok());
  EXPECT_FALSE(db().execute("DELETE FROM campaigns").ok());
}

TEST_P(Migrations, NewerDatabaseIsRefused) {
  ASSERT_TRUE(migrate(db(), utc(2026, 1, 1)).ok());
  ASSERT_TRUE(
      db().execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
          .ok());
  Result<MigrationReport> refused = migrate(db(), utc(2026, 1, 2));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(refused.error().message.find("99"), std::string::npos) << refused.error().message;
}

RENOFEE_INSTANTIATE_BACKENDS(Migrations);

}  // namespace
}  // namespace renofee::db
