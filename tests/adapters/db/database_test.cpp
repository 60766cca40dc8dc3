// Test plan for renofee/adapters/db/database.hpp:
//  - URL parsing: every accepted form and the refused ones (table with source lines).
//  - PostgreSQL URI -> libpq keyword/value conninfo, with escapes and parameters.
//  - SQLite settings at open: WAL, busy timeout, foreign keys on, synchronous NORMAL.
//  - Error mapping on real errors of each backend: lock held by another connection -> unavailable;
//    constraint violation -> already_exists; a bad statement -> internal; unreachable server -> unavailable.
//  - The process's writer mutex per SQLite file: released by commit, rollback and destruction (the next
//  writer
//    gets in at once), one per file (two files' transactions open together), the same file under another
//    spelling is still one writer, a writer of another thread waits for the holder's commit and then writes.
#include "renofee/adapters/db/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "db_fixture.hpp"

namespace renofee::db {
namespace {

using testing::Backend;
using testing::DbTest;

struct UrlCase {
  int line;
  std::string url;
  bool ok;
  Dialect dialect;
  std::string location;
};

TEST(DatabaseUrl, ParsesEachForm) {
  const std::vector<UrlCase> cases = {
      {__LINE__, "renofee.db", true, Dialect::sqlite, "renofee.db"},
      {__LINE__, "/var/lib/renofee/data.db", true, Dialect::sqlite, "/var/lib/renofee/data.db"},
      {__LINE__, "sqlite:x.db", true, Dialect::sqlite, "x.db"},
      {__LINE__, "sqlite:///tmp/x.db", true, Dialect::sqlite, "/tmp/x.db"},
      {__LINE__, "sqlite://rel/x.db", true, Dialect::sqlite, "rel/x.db"},
      {__LINE__, ":memory:", true, Dialect::sqlite, ":memory:"},
      {__LINE__, "sqlite::memory:", true, Dialect::sqlite, ":memory:"},
      {__LINE__, "dir with space/x.db", true, Dialect::sqlite, "dir with space/x.db"},
      {__LINE__, "postgresql://u@h:5432/db", true, Dialect::postgresql,
       "user='u' host='h' port='5432' dbname='db'"},
      {__LINE__, "postgres://h/db", true, Dialect::postgresql, "host='h' dbname='db'"},
      {__LINE__, "", false, Dialect::sqlite, ""},
      {__LINE__, "sqlite:", false, Dialect::sqlite, ""},
      {__LINE__, "mysql://h/db", false, Dialect::sqlite, ""},
      {__LINE__, "x\"y.db", false, Dialect::sqlite, ""},
  };
  for (const UrlCase& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line) + ": " + c.url);
    Result<DatabaseTarget> target = parse_database_url(c.url);
    ASSERT_EQ(target.ok(), c.ok);
    if (!c.ok) {
      EXPECT_EQ(target.error().code, ErrorCode::invalid_argument);
      EXPECT_EQ(target.error().field, "--db");
      continue;
    }
    EXPECT_EQ(target->dialect, c.dialect);
    EXPECT_EQ(target->location, c.location);
  }
}

TEST(DatabaseUrl, PostgresqlUriBecomesQuotedConninfo) {
  struct Case {
    int line;
    std::string url;
    std::string conninfo;  // empty: refused
  };
  const std::vector<Case> cases = {
      {__LINE__, "postgresql://renofee@127.0.0.1:5433/renofee_test",
       "user='renofee' host='127.0.0.1' port='5433' dbname='renofee_test'"},
      {__LINE__, "postgresql://a:p%40ss'w@h/d", "user='a' password='p@ss\\'w' host='h' dbname='d'"},
      {__LINE__, "postgresql:///d?host=%2Ftmp%2Fpg&port=5&sslmode=disable",
       "dbname='d' host='/tmp/pg' port='5' sslmode='disable'"},
      {__LINE__, "postgresql://h", "host='h'"},
      {__LINE__, "postgresql://h:port/d", ""},
      {__LINE__, "postgresql://h/d?novalue", ""},
      {__LINE__, "postgresql://h/d%zz", ""},
      {__LINE__, "postgresql://h/d?Bad-Key=1", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line) + ": " + c.url);
    Result<std::string> conninfo = postgresql_conninfo(c.url);
    if (c.conninfo.empty()) {
      ASSERT_FALSE(conninfo.ok());
      EXPECT_EQ(conninfo.error().code, ErrorCode::invalid_argument);
      EXPECT_EQ(conninfo.error().message.find("p%40ss"), std::string::npos);
      continue;
    }
    ASSERT_TRUE(conninfo.ok()) << describe(conninfo.error());
    EXPECT_EQ(*conninfo, c.conninfo);
  }
}

TEST(DatabaseUrl, PasswordNeverInMessages) {
  Result<std::unique_ptr<Database>> db = Database::open("postgresql://u:secret@127.0.0.1:1/none");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::unavailable) << describe(db.error());
  EXPECT_EQ(describe(db.error()).find("secret"), std::string::npos) << describe(db.error());
}

TEST(DatabaseOpen, UnopenableSqliteFileIsUnavailable) {
  Result<std::unique_ptr<Database>> db = Database::open("/nonexistent-dir/sub/x.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::unavailable) << describe(db.error());
}

TEST(DatabaseOpen, SqliteFileSettings) {
  testing::TempDir dir;
  std::unique_ptr<Database> db =
      Database::open((dir.path() / "settings.db").string(), DatabaseOptions{std::chrono::milliseconds(1234)})
          .value();
  std::string journal;
  int busy = 0, foreign_keys = 0, synchronous = 0;
  db->session() << "PRAGMA journal_mode", soci::into(journal);
  db->session() << "PRAGMA busy_timeout", soci::into(busy);
  db->session() << "PRAGMA foreign_keys", soci::into(foreign_keys);
  db->session() << "PRAGMA synchronous", soci::into(synchronous);
  EXPECT_EQ(journal, "wal");
  EXPECT_EQ(busy, 1234);
  EXPECT_EQ(foreign_keys, 1);
  EXPECT_EQ(synchronous, 1);  // NORMAL
  EXPECT_EQ(db->dialect(), Dialect::sqlite);
}

TEST(DatabaseOpen, DefaultBusyTimeoutIsFiveSeconds) {
  std::unique_ptr<Database> db = Database::open(":memory:").value();
  int busy = 0;
  db->session() << "PRAGMA busy_timeout", soci::into(busy);
  EXPECT_EQ(busy, 5000);
}

// The writer mutex (database.hpp): waiting for it is bounded by the busy timeout, so a lock left behind would
// show as unavailable after 50 ms.
constexpr std::chrono::milliseconds short_wait{50};

std::unique_ptr<Database> open_file(const std::filesystem::path& file, std::chrono::milliseconds busy) {
  return Database::open(file.string(), DatabaseOptions{busy}).value();
}

TEST(DatabaseWriters, CommitRollbackAndCloseReleaseTheWriteTurn) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "writers.db";
  std::unique_ptr<Database> a = open_file(file, short_wait);
  std::unique_ptr<Database> b = open_file(file, short_wait);
  ASSERT_TRUE(a->begin().ok());
  ASSERT_TRUE(a->commit().ok());
  ASSERT_TRUE(b->begin().ok()) << "after a commit";
  b->rollback();
  ASSERT_TRUE(a->begin().ok()) << "after a rollback";
  a.reset();  // closing with a transaction open rolls it back
  const Result<void> after_close = b->begin();
  ASSERT_TRUE(after_close.ok()) << describe(after_close.error());
  ASSERT_TRUE(b->commit().ok());
}

TEST(DatabaseWriters, OneTurnPerFileUnderEverySpelling) {
  testing::TempDir dir;
  std::unique_ptr<Database> first = open_file(dir.path() / "first.db", short_wait);
  std::unique_ptr<Database> second = open_file(dir.path() / "second.db", short_wait);
  std::unique_ptr<Database> first_again = open_file(dir.path() / "." / "first.db", short_wait);
  ASSERT_TRUE(first->begin().ok());
  EXPECT_TRUE(second->begin().ok()) << "another file has its own writer";
  const Result<void> same_file = first_again->begin();
  ASSERT_FALSE(same_file.ok());
  EXPECT_EQ(same_file.error().code, ErrorCode::unavailable) << describe(same_file.error());
  ASSERT_TRUE(first->commit().ok());
  ASSERT_TRUE(second->commit().ok());
  EXPECT_TRUE(first_again->begin().ok());
  first_again->rollback();
}

TEST(DatabaseWriters, AWriterOfAnotherThreadGetsInAfterTheCommit) {
  testing::TempDir dir;
  const std::filesystem::path file = dir.path() / "threads.db";
  std::unique_ptr<Database> a = open_file(file, std::chrono::milliseconds(5000));
  std::unique_ptr<Database> b = open_file(file, std::chrono::milliseconds(5000));
  ASSERT_TRUE(a->execute("CREATE TABLE t (n INTEGER)").ok());
  ASSERT_TRUE(a->begin().ok());
  ASSERT_TRUE(a->execute("INSERT INTO t VALUES (1)").ok());
  Result<void> second = internal_error("not run");
  std::thread writer([&] {
    second = b->begin();
    if (second.ok()) second = b->execute("INSERT INTO t VALUES (2)");
    if (second.ok()) second = b->commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(a->commit().ok());
  writer.join();
  ASSERT_TRUE(second.ok()) << describe(second.error());
  int rows = 0;
  a->session() << "SELECT COUNT(*) FROM t", soci::into(rows);
  EXPECT_EQ(rows, 2);
}

class DatabaseErrors : public DbTest {};

TEST_P(DatabaseErrors, ConstraintViolationIsAlreadyExists) {
  const Result<void> again =
      db().execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'again', 0)");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::already_exists) << describe(again.error());
}

TEST_P(DatabaseErrors, BadStatementIsInternal) {
  const Result<void> bad = db().execute("SELEC nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::internal) << describe(bad.error());
}

TEST_P(DatabaseErrors, LockHeldElsewhereIsUnavailable) {
  if (GetParam() == Backend::sqlite_memory)
    GTEST_SKIP() << ":memory: databases are private to one connection";
  ASSERT_TRUE(db().begin().ok());
  if (is_postgresql()) {
    ASSERT_TRUE(db().execute("LOCK TABLE uploads IN ACCESS EXCLUSIVE MODE").ok());
  }
  std::unique_ptr<Database> other = open_connection(DatabaseOptions{std::chrono::milliseconds(50)});
  if (is_postgresql()) {
    ASSERT_TRUE(other->execute("SET lock_timeout = '50ms'").ok());
  }
  const auto started = std::chrono::steady_clock::now();
  const Result<void> blocked =
      is_postgresql() ? other->execute("SELECT COUNT(*) FROM uploads") : other->begin();
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::unavailable) << describe(blocked.error());
  EXPECT_GE(waited, std::chrono::milliseconds(40));  // it waited for the lock before giving up
  db().rollback();
  other.reset();
}

TEST_P(DatabaseErrors, TransactionsNestOnlyOnce) {
  ASSERT_TRUE(db().begin().ok());
  const Result<void> nested = db().begin();
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code, ErrorCode::internal);
  ASSERT_TRUE(db().commit().ok());
  EXPECT_FALSE(db().commit().ok());
}

RENOFEE_INSTANTIATE_BACKENDS(DatabaseErrors);

}  // namespace
}  // namespace renofee::db
