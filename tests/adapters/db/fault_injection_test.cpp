// Test plan: the SQLite side of database faults: the database layer survives SQLITE_BUSY/SQLITE_FULL/I/O
// errors, nothing is half-written, and service resumes by itself (docs/reliability.md "Database faults").
// A SQLite file behind a DatabasePool of 2 connections, opened through the fault-injecting VFS
// (faulty_vfs.hpp), seeded with one upload, one contract and one report with its ledger posting. Then each
// write path of the real stores (readings ingest, contract create, report + ledger postings in one
// transaction) meets each fault:
//   - every write fails with SQLITE_IOERR_WRITE;
//   - the disk fills up after 4 KiB (SQLITE_FULL, part of the WAL frame written);
//   - PRAGMA max_page_count reached on the connection (SQLITE_FULL from SQLite itself, no VFS);
//   - another connection holds the write lock: SQLite's SQLITE_BUSY (as from another process) or this
//     process's writer mutex of the file, each after the busy timeout.
// Each time the call returns an Error with code `unavailable` (what the HTTP adapter turns into 503 with
// Retry-After) and throws nothing; the fault was really hit (the VFS counted it, or the lock was held); the
// row counts of every table are unchanged, PRAGMA integrity_check is "ok" and verify_ledger finds every chain
// intact; after the fault is cleared the same call succeeds on the same pool.
// The pool closes a connection left in a transaction it did not track. On PostgreSQL (RENOFEE_TEST_PG_URL), a
// connection the server ended (pg_terminate_backend, as a fast shutdown does) is replaced before it is lent
// again, and one ended while leased reports unavailable and is discarded when the lease ends.
// An fsync failure is a separate case: with synchronous=NORMAL in WAL mode a commit does not fsync, so
// writes are acknowledged; a checkpoint needs fsync and fails with unavailable while the fault lasts, the
// data stays readable from the WAL, and the checkpoint succeeds once the fault is cleared.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <thread>

#include "db_fixture.hpp"
#include "faulty_vfs.hpp"
#include "renofee/adapters/db/database_pool.hpp"
#include "renofee/adapters/db/sql_contract_book.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/io/sha256.hpp"
#include "renofee/app/ledger.hpp"
#include "support/literals.hpp"

namespace renofee::db {
namespace {

namespace vfs = testing::faulty_vfs;
using calendar::make_date;
using testing::fake_sha;
using testing::series;
using testing::utc;

constexpr std::array<const char*, 7> tables = {"uploads",           "readings", "reading_series",
                                               "contract_versions", "reports",  "ledger_entries",
                                               "ledger_heads"};
using Counts = std::map<std::string, long long>;

app::ContractVersion contract(const std::string& id) {
  app::ContractVersion v;
  v.contract_id = id;
  v.version = 1;
  // 20 kB: larger than a page, so storing it needs new pages (the max_page_count case).
  v.offer_json = "{\"id\":\"" + id + "\",\"notes\":\"" + std::string(20000, 'n') + "\"}";
  v.sha256 = io::sha256_hex(v.offer_json);
  v.effective_date = make_date(2026, 3, 1);
  v.reason = "created";
  v.created_at = utc(2026, 3, 1);
  v.created_by = "cli";
  return v;
}

app::StoredReport report(const std::string& contract_id, int year) {
  app::StoredReport r;
  r.contract_id = contract_id;
  r.year = year;
  r.version = 1;
  r.report_json = "{\"year\":" + std::to_string(year) + ",\"notes\":\"" + std::string(20000, 'r') + "\"}";
  r.sha256 = io::sha256_hex(r.report_json);
  r.contract_version = 1;
  r.compensation = eur("180.00");
  r.excess_charge = eur("0.00");
  r.created_at = utc(year + 1, 1, 15);
  r.created_by = "cli";
  return r;
}

std::vector<app::NewEntry> compensation(int year) {
  return {{app::EntryKind::compensation, make_date(year, 12, 31), eur("-180.00"),
           "compensation:" + std::to_string(year) + ":v1", "report " + std::to_string(year)}};
}

// One write of each kind; `n` makes each call new (a fresh upload, contract or report year).
struct Operation {
  const char* name;
  std::function<Result<void>(Database&, int n)> run;
};

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"readings ingest",
       [](Database& db, int n) -> Result<void> {
         SqlReadingStore store(db);
         testing::VectorFeed feed(
             series("E" + std::to_string(n), metering::Channel::import_t1, utc(2026, 1, 1), 2000));
         app::IngestOptions options{"nom-1", fake_sha(n), utc(2026, 11, 23), false, 500};
         RENOFEE_TRY(app::IngestSummary summary, app::ingest_readings(store, feed, options));
         if (summary.already_imported) return internal_error("upload " + std::to_string(n) + " seen before");
         return success();
       }},
      {"contract create",
       [](Database& db, int n) -> Result<void> {
         SqlContractBook book(db, io::sha256_port());
         return book.create_contract(contract("nom-" + std::to_string(n)));
       }},
      {"report and ledger postings",
       [](Database& db, int n) -> Result<void> {
         SqlContractBook book(db, io::sha256_port());
         RENOFEE_TRY(app::AppendOutcome outcome,
                     book.store_report(report("nom-1", 2026 + n), compensation(2026 + n)));
         if (outcome.appended.size() != 1) return internal_error("expected one posting");
         return success();
       }},
  };
  return ops;
}

class DatabaseFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    vfs::install();
    url_ = "sqlite:" + (dir_.path() / "faults.db").string();
    pool_ =
        DatabasePool::open(url_, 2, std::chrono::seconds(2), DatabaseOptions{std::chrono::milliseconds(200)})
            .value();
    Lease lease = pool_->acquire().value();
    ASSERT_TRUE(migrate(*lease, utc(2026, 1, 1)).ok());
    for (const Operation& op : operations()) {
      Result<void> seeded = op.run(*lease, 1);
      ASSERT_TRUE(seeded.ok()) << op.name << ": " << describe(seeded.error());
    }
  }
  void TearDown() override { vfs::clear(); }

  Counts counts() {
    Lease lease = pool_->acquire().value();
    Counts out;
    for (const char* table : tables) {
      long long n = -1;
      lease->session() << "SELECT COUNT(*) FROM " + std::string(table), soci::into(n);
      out[table] = n;
    }
    return out;
  }

  // integrity_check on a connection of its own (not the pool's), and every ledger chain verified.
  void expect_intact() {
    std::unique_ptr<Database> db = Database::open(url_).value();
    std::string integrity;
    db->session() << "PRAGMA integrity_check", soci::into(integrity);
    EXPECT_EQ(integrity, "ok");
    SqlContractBook book(*db, io::sha256_port());
    const std::vector<app::ChainCheck> checks = app::verify_ledger(book, io::sha256_port()).value();
    EXPECT_FALSE(checks.empty());
    for (const app::ChainCheck& check : checks) {
      EXPECT_FALSE(check.problem.has_value()) << check.contract_id << ": " << *check.problem;
    }
  }

  // Runs every operation under the fault `arm` sets up (and `disarm` removes): unavailable, nothing changed,
  // then success on the same pool once the fault is gone.
  void every_write_survives(const std::function<void(Lease&)>& arm, const std::function<void(Lease&)>& disarm,
                            const std::function<void(const Error&)>& fault_was_hit) {
    int n = 2;
    for (const Operation& op : operations()) {
      SCOPED_TRACE(op.name);
      const Counts before = counts();
      {
        Lease lease = pool_->acquire().value();
        arm(lease);
        Result<void> failed = op.run(*lease, n);
        disarm(lease);
        ASSERT_FALSE(failed.ok());
        EXPECT_EQ(failed.error().code, ErrorCode::unavailable) << describe(failed.error());
        fault_was_hit(failed.error());
      }
      EXPECT_EQ(counts(), before);
      expect_intact();
      {
        Lease lease = pool_->acquire().value();
        Result<void> again = op.run(*lease, n);
        EXPECT_TRUE(again.ok()) << describe(again.error());
      }
      EXPECT_NE(counts(), before);
      expect_intact();
      ++n;
    }
  }

  // A VFS switch armed for the call; the test requires the VFS to have injected at least one failure.
  void with_vfs_fault(const std::function<void()>& arm) {
    std::int64_t before = 0;
    every_write_survives(
        [&](Lease&) {
          before = vfs::injected();
          arm();
        },
        [](Lease&) { vfs::clear(); },
        [&](const Error&) { EXPECT_GT(vfs::injected(), before) << "the fault was not hit"; });
  }

  // Another writer holds the write lock for longer than the busy timeout (200 ms). `through_begin` = true: a
  // connection of this process that took it with `Database::begin()`, so the waiter queues on the process's
  // writer mutex of the file; false: `BEGIN IMMEDIATE` sent straight to SQLite, as another process would, so
  // the waiter meets SQLite's busy handler. Either way the write is unavailable after the timeout, not
  // before.
  void write_lock_held_elsewhere(bool through_begin, const char* expected) {
    std::unique_ptr<Database> other;
    std::chrono::steady_clock::time_point start;
    every_write_survives(
        [&](Lease&) {
          other = Database::open(url_).value();
          if (through_begin) {
            ASSERT_TRUE(other->begin().ok());  // BEGIN IMMEDIATE behind the writer mutex
          } else {
            other->session() << "BEGIN IMMEDIATE";  // holds SQLite's write lock only
          }
          start = std::chrono::steady_clock::now();
        },
        [&](Lease&) {
          if (through_begin) {
            other->rollback();
          } else {
            other->session() << "ROLLBACK";
          }
          other.reset();
        },
        [&](const Error& e) {
          EXPECT_NE(e.message.find(expected), std::string::npos) << e.message;
          EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200))
              << "no busy wait";
        });
  }

  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<DatabasePool> pool_;
};

TEST_F(DatabaseFaults, WriteIoErrorIsUnavailableAndRollsBack) {
  with_vfs_fault([] { vfs::fail_writes(vfs::ioerr_write, 0); });
}

TEST_F(DatabaseFaults, DiskFullMidTransactionIsUnavailableAndRollsBack) {
  with_vfs_fault([] { vfs::fail_writes(vfs::full, 4096); });
}

TEST_F(DatabaseFaults, MaxPageCountReachedIsUnavailableAndRollsBack) {
  long long pages = 0;
  every_write_survives(
      [&](Lease& lease) {
        lease->session() << "PRAGMA page_count", soci::into(pages);
        // The file may not grow at all: any write that needs a new page fails with SQLITE_FULL.
        lease->session() << "PRAGMA max_page_count = " + std::to_string(pages);
      },
      [](Lease& lease) { lease->session() << "PRAGMA max_page_count = 1073741823"; },
      [](const Error& e) { EXPECT_NE(e.message.find("full"), std::string::npos) << e.message; });
}

TEST_F(DatabaseFaults, WriteLockHeldByAnotherProcessIsUnavailableAfterTheBusyTimeout) {
  write_lock_held_elsewhere(false, "locked");
}

TEST_F(DatabaseFaults, WriteLockHeldInThisProcessIsUnavailableAfterTheBusyTimeout) {
  write_lock_held_elsewhere(true, "kept the write lock longer than the busy timeout");
}

TEST_F(DatabaseFaults, FsyncFailureFailsTheCheckpointNotTheCommit) {
  const Counts before = counts();
  Lease lease = pool_->acquire().value();
  const std::int64_t injected = vfs::injected();
  vfs::fail_syncs(vfs::ioerr_fsync);
  // synchronous=NORMAL in WAL mode: a commit appends to the WAL without fsync, so it is acknowledged.
  const Result<void> stored = operations()[1].run(*lease, 2);
  ASSERT_TRUE(stored.ok()) << describe(stored.error());
  const Result<void> checkpoint = lease->execute("PRAGMA wal_checkpoint(TRUNCATE)");
  vfs::clear();
  ASSERT_FALSE(checkpoint.ok());
  EXPECT_EQ(checkpoint.error().code, ErrorCode::unavailable) << describe(checkpoint.error());
  EXPECT_GT(vfs::injected(), injected);
  Counts expected = before;
  ++expected["contract_versions"];
  EXPECT_EQ(counts(), expected);
  EXPECT_TRUE(lease->execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  EXPECT_EQ(counts(), expected);
  expect_intact();
}

// A connection left inside a transaction that Database did not open (so in_transaction() is false) is not
// healthy: the pool closes it instead of lending it out again.
TEST_F(DatabaseFaults, PoolClosesAConnectionLeftInATransaction) {
  const std::size_t open_before = pool_->open_connections();
  {
    Lease lease = pool_->acquire().value();
    ASSERT_TRUE(lease->execute("BEGIN").ok());
    EXPECT_FALSE(lease->in_transaction());
    EXPECT_FALSE(lease->healthy());
  }
  EXPECT_EQ(pool_->open_connections(), open_before - 1);
  Lease fresh = pool_->acquire().value();
  EXPECT_TRUE(fresh->healthy());
  EXPECT_TRUE(operations()[1].run(*fresh, 2).ok());
}

// PostgreSQL ends a connection (pg_terminate_backend: what a fast shutdown does to every connection) while it
// is idle in the pool, and while it is leased. RENOFEE_TEST_PG_URL names the server (make test sets it).
class PostgresqlPool : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("RENOFEE_TEST_PG_URL");
    if (pg == nullptr || *pg == '\0') {
      GTEST_SKIP()
          << "PostgreSQL NOT tested: RENOFEE_TEST_PG_URL is unset (run under scripts/with-postgres.sh, "
             "as make test does)";
    }
    url_ = pg;
    pool_ = DatabasePool::open(url_, 2).value();
    admin_ = Database::open(url_).value();
  }
  static long long backend_pid(Database& db) {
    long long pid = 0;
    db.session() << "SELECT pg_backend_pid()", soci::into(pid);
    return pid;
  }
  void terminate(long long pid) {
    int done = 0;
    admin_->session() << "SELECT CASE WHEN pg_terminate_backend(:p) THEN 1 ELSE 0 END", soci::use(pid),
        soci::into(done);
    ASSERT_EQ(done, 1);
    // The backend sends its FATAL message and closes the socket; give it a moment to exit.
    for (int i = 0; i < 100; ++i) {
      long long alive = 0;
      admin_->session() << "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = :p", soci::use(pid),
          soci::into(alive);
      if (alive == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << "backend " << pid << " did not exit";
  }
  std::string url_;
  std::unique_ptr<DatabasePool> pool_;
  std::unique_ptr<Database> admin_;
};

TEST_F(PostgresqlPool, IdleConnectionEndedByTheServerIsReplacedBeforeItIsLent) {
  long long first = 0;
  {
    Lease lease = pool_->acquire().value();
    first = backend_pid(*lease);
  }
  ASSERT_EQ(pool_->open_connections(), 1U);
  terminate(first);
  if (HasFatalFailure()) return;
  Lease lease = pool_->acquire().value();
  EXPECT_TRUE(lease->healthy());
  const Result<void> works = lease->execute("SELECT 1");
  EXPECT_TRUE(works.ok()) << describe(works.error());
  EXPECT_NE(backend_pid(*lease), first);
  EXPECT_EQ(pool_->open_connections(), 1U);
}

TEST_F(PostgresqlPool, LeasedConnectionEndedByTheServerIsUnavailableThenDiscarded) {
  {
    Lease lease = pool_->acquire().value();
    terminate(backend_pid(*lease));
    if (HasFatalFailure()) return;
    const Result<void> lost = lease->execute("SELECT 1");
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code, ErrorCode::unavailable) << describe(lost.error());
    EXPECT_FALSE(lease->healthy());
  }
  EXPECT_EQ(pool_->open_connections(), 0U);
  Lease lease = pool_->acquire().value();
  EXPECT_TRUE(lease->execute("SELECT 1").ok());
}

}  // namespace
}  // namespace renofee::db
