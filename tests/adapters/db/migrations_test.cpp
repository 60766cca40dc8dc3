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
  EXPECT_EQ(migrations().size(), 7U);
}

TEST_P(Migrations, EmptyDatabaseReachesNewestVersionOnce) {
  EXPECT_EQ(schema_version(db()).value(), 0);
  Result<MigrationReport> first = migrate(db(), utc(2026, 11, 23, 1, 2, 3));
  ASSERT_TRUE(first.ok()) << describe(first.error());
  EXPECT_EQ(first->applied, (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(first->version, 7);

  Result<MigrationReport> second = migrate(db(), utc(2026, 11, 24));
  ASSERT_TRUE(second.ok()) << describe(second.error());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->version, 7);

  long long rows = 0, first_applied = 0, last_applied = 0;
  db().session() << "SELECT COUNT(*), MIN(applied_at), MAX(applied_at) FROM schema_migrations",
      soci::into(rows), soci::into(first_applied), soci::into(last_applied);
  EXPECT_EQ(rows, 7);
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
  for (const char* table :
       {"uploads", "reading_series", "readings", "reading_corrections", "reading_values", "weather_days",
        "api_keys", "idempotency_records", "key_scopes", "late_uploads", "audit_events"}) {
    long long rows = -1;
    db().session() << std::string("SELECT COUNT(*) FROM ") + table, soci::into(rows);
    EXPECT_EQ(rows, 0) << table;
  }
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
