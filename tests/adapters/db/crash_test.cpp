// Test plan: SIGKILL in the middle of an upload. Killing the process in the middle of a large import must
// leave the database with either all or none of that upload (docs/domain.md §6.4: uploads are atomic); the
// test does this repeatedly.
//  1. A child process (fork) imports a large upload (50,000 readings by default) into a SQLite file through
//     the real path (ingest_readings -> SqlReadingStore); one run to completion measures how long it takes.
//  2. Then, RENOFEE_CRASH_ITERATIONS times (default 12), a child imports a new upload and is SIGKILLed after
//  a
//     random delay drawn from [0.1, 1.2] x that duration, so kills land before, during and after the commit.
//  3. After each kill the parent opens the file afresh and requires PRAGMA integrity_check = "ok" and, for
//  the
//     killed upload, either its upload-log row with every reading, or neither.
// A longer run: RENOFEE_CRASH_ITERATIONS=200 RENOFEE_CRASH_ROWS=1000000
// build/tests/adapters/db/renofee_db_crash_tests The seed is printed; RENOFEE_CRASH_SEED repeats a run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "db_fixture.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"

namespace renofee::db {
namespace {

using testing::fake_sha;
using testing::utc;

long env_or(const char* name, long fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtol(value, nullptr, 10) : fallback;
}

// Generates `count` readings of 4 channels of one meter, quarter-hourly, without holding them in memory.
class GeneratedFeed final : public app::ReadingFeed {
 public:
  explicit GeneratedFeed(long count) : count_(count) {}
  Result<std::optional<app::SourcedReading>> next() override {
    if (i_ == count_) return std::optional<app::SourcedReading>();
    const long step = i_ / 4;
    const metering::Channel channel = metering::all_channels[static_cast<std::size_t>(i_ % 4)];
    app::SourcedReading r{metering::Reading{"E1", channel, utc(2025, 1, 1) + std::chrono::minutes(15 * step),
                                            Decimal::from_units(step * 37, 3)},
                          i_ + 2};
    ++i_;
    return std::optional<app::SourcedReading>(std::move(r));
  }

 private:
  long count_;
  long i_ = 0;
};

// Child process body: import upload `k`; exit 0 on success.
[[noreturn]] void import_in_child(const std::string& url, int k, long rows) {
  int code = 2;
  {
    Result<std::unique_ptr<Database>> db = Database::open(url);
    if (db) {
      SqlReadingStore store(**db);
      GeneratedFeed feed(rows);
      app::IngestOptions options{"K" + std::to_string(k), fake_sha(k), utc(2026, 11, 23), false, 1000};
      code = app::ingest_readings(store, feed, options).ok() ? 0 : 3;
    }
  }
  _exit(code);
}

enum class Outcome { all, none };

// Checks the database after child `k` ended; records a test failure unless it is all-or-none and intact.
Outcome check(const std::string& url, int k, long rows) {
  std::unique_ptr<Database> db = Database::open(url).value();
  std::string integrity;
  db->session() << "PRAGMA integrity_check", soci::into(integrity);
  EXPECT_EQ(integrity, "ok") << "after child " << k;
  const std::string contract = "K" + std::to_string(k);
  long long uploads = -1, readings = -1, logged_stored = 0;
  db->session() << "SELECT COUNT(*) FROM uploads WHERE contract_id = :c", soci::use(contract),
      soci::into(uploads);
  db->session() << "SELECT COUNT(*) FROM reading_values WHERE contract_id = :c", soci::use(contract),
      soci::into(readings);
  if (uploads == 1) {
    db->session() << "SELECT rows_stored FROM uploads WHERE contract_id = :c", soci::use(contract),
        soci::into(logged_stored);
    EXPECT_EQ(readings, rows) << "child " << k << ": upload logged but not all readings there";
    EXPECT_EQ(logged_stored, rows) << "child " << k;
    return Outcome::all;
  }
  EXPECT_EQ(uploads, 0) << "child " << k;
  EXPECT_EQ(readings, 0) << "child " << k << ": readings without their upload";
  return Outcome::none;
}

TEST(CrashDuringUpload, SigkillLeavesAllOrNothing) {
  const long rows = env_or("RENOFEE_CRASH_ROWS", 50000);
  const long iterations = env_or("RENOFEE_CRASH_ITERATIONS", 12);
  const unsigned seed = static_cast<unsigned>(env_or("RENOFEE_CRASH_SEED", std::random_device{}()));
  testing::TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "crash.db").string();
  {
    std::unique_ptr<Database> db = Database::open(url).value();
    ASSERT_TRUE(migrate(*db, utc(2026, 1, 1)).ok());
  }  // closed before any fork: a SQLite connection must not cross fork()

  const auto started = std::chrono::steady_clock::now();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) import_in_child(url, 0, rows);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  const auto full =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the uninterrupted import failed";
  ASSERT_EQ(check(url, 0, rows), Outcome::all);

  std::mt19937 rng(seed);
  std::uniform_int_distribution<long> delay(full.count() / 10, full.count() * 12 / 10);
  int all = 0, none = 0;
  for (int k = 1; k <= iterations; ++k) {
    pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) import_in_child(url, k, rows);
    std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
    kill(pid, SIGKILL);
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    (check(url, k, rows) == Outcome::all ? all : none) += 1;
    if (HasFailure()) break;
  }
  std::cout << "crash test: " << iterations << " SIGKILLs (seed " << seed << ", " << rows << " readings, "
            << "uninterrupted import " << full.count() / 1000 << " ms): " << all << " complete, " << none
            << " left nothing, database intact after each\n";
  EXPECT_GT(none, 0) << "no kill landed before the commit: the test did not test anything";
}

}  // namespace
}  // namespace renofee::db
