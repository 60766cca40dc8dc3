// Test support for tests/adapters/db: one fixture, parameterised over the backends, so every repository test
// runs on a SQLite file, SQLite in memory and PostgreSQL (RENOFEE_TEST_PG_URL, set by
// scripts/with-postgres.sh). Without that variable the PostgreSQL cases are skipped with a message saying
// PostgreSQL was not tested, never silently. Each PostgreSQL test gets its own schema (dropped afterwards),
// so tests can run in parallel on one server.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "renofee/adapters/db/database.hpp"
#include "renofee/adapters/db/migrations.hpp"
#include "renofee/app/ingest_readings.hpp"
#include "support/literals.hpp"

namespace renofee::db::testing {

using renofee::dec;
using renofee::eur;

enum class Backend { sqlite_file, sqlite_memory, postgresql };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  switch (info.param) {
    case Backend::sqlite_file:
      return "SqliteFile";
    case Backend::sqlite_memory:
      return "SqliteMemory";
    case Backend::postgresql:
      return "Postgresql";
  }
  return "Unknown";
}

inline calendar::Instant utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return calendar::Instant(date::sys_days(calendar::make_date(y, m, d))) + std::chrono::hours(hh) +
         std::chrono::minutes(mm) + std::chrono::seconds(ss);
}

// A fresh temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "renofee-db-test.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class DbTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    switch (GetParam()) {
      case Backend::sqlite_file:
        dir_.emplace();
        url_ = "sqlite:" + (dir_->path() / "test.db").string();
        break;
      case Backend::sqlite_memory:
        url_ = ":memory:";
        break;
      case Backend::postgresql: {
        const char* pg = std::getenv("RENOFEE_TEST_PG_URL");
        if (pg == nullptr || *pg == '\0') {
          GTEST_SKIP() << "PostgreSQL NOT tested: RENOFEE_TEST_PG_URL is unset (run the suite under "
                          "scripts/with-postgres.sh, as make test does)";
        }
        url_ = pg;
        static int counter = 0;
        schema_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
        break;
      }
    }
    db_ = open_connection();
    if (!schema_.empty()) {
      ASSERT_TRUE(db_->execute("CREATE SCHEMA " + schema_).ok());
      ASSERT_TRUE(db_->execute("SET search_path TO " + schema_).ok());
    }
    if (migrated()) {
      Result<MigrationReport> report = migrate(*db_, utc(2026, 1, 1));
      ASSERT_TRUE(report.ok()) << describe(report.error());
    }
  }

  void TearDown() override {
    if (db_ && !schema_.empty()) (void)db_->execute("DROP SCHEMA " + schema_ + " CASCADE");
    db_.reset();
  }

  // Whether SetUp applies the migrations (the migration tests say no).
  [[nodiscard]] virtual bool migrated() const { return true; }

  // A new connection to the same database (not possible for :memory:, which is per connection).
  std::unique_ptr<Database> open_connection(const DatabaseOptions& options = {}) {
    Result<std::unique_ptr<Database>> opened = Database::open(url_, options);
    if (!opened) throw std::runtime_error(describe(opened.error()));
    if (!schema_.empty() && db_) {
      if (!(*opened)->execute("SET search_path TO " + schema_).ok()) throw std::runtime_error("search_path");
    }
    return std::move(opened).value();
  }

  Database& db() { return *db_; }
  [[nodiscard]] bool is_postgresql() const { return GetParam() == Backend::postgresql; }

  std::optional<TempDir> dir_;
  std::string url_;
  std::string schema_;
  std::unique_ptr<Database> db_;
};

#define RENOFEE_INSTANTIATE_BACKENDS(suite)                                                  \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                  \
                           ::testing::Values(::renofee::db::testing::Backend::sqlite_file,   \
                                             ::renofee::db::testing::Backend::sqlite_memory, \
                                             ::renofee::db::testing::Backend::postgresql),   \
                           ::renofee::db::testing::backend_name)

// A feed over a vector, optionally failing with `error` when asked for row `fail_at` (0-based).
class VectorFeed final : public app::ReadingFeed {
 public:
  explicit VectorFeed(std::vector<app::SourcedReading> rows, std::optional<std::size_t> fail_at = {},
                      Error error = invalid_argument("bad timestamp \"2026-13-01\"", "line 0"))
      : rows_(std::move(rows)), fail_at_(fail_at), error_(std::move(error)) {}

  Result<std::optional<app::SourcedReading>> next() override {
    if (fail_at_ && next_ == *fail_at_) return error_;
    if (next_ == rows_.size()) return std::optional<app::SourcedReading>();
    return std::optional<app::SourcedReading>(rows_[next_++]);
  }

 private:
  std::vector<app::SourcedReading> rows_;
  std::optional<std::size_t> fail_at_;
  Error error_;
  std::size_t next_ = 0;
};

// `count` quarter-hourly readings of one meter channel from `start`, register rising 0.125 per step from
// `first` (values exact in 3 decimals), lines numbered from 2 (line 1 is a CSV header).
inline std::vector<app::SourcedReading> series(const std::string& meter, metering::Channel channel,
                                               calendar::Instant start, std::size_t count,
                                               const Decimal& first = Decimal(1000)) {
  std::vector<app::SourcedReading> rows;
  rows.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    rows.push_back(app::SourcedReading{
        metering::Reading{meter, channel, start + std::chrono::minutes(15 * static_cast<int>(i)),
                          first + Decimal::from_units(125 * static_cast<std::int64_t>(i), 3)},
        static_cast<std::int64_t>(i) + 2});
  }
  return rows;
}

// A syntactically valid SHA-256 that differs per `n`.
inline std::string fake_sha(int n) {
  std::string hex = std::to_string(n);
  return std::string(64 - hex.size(), 'a') + hex;
}

}  // namespace renofee::db::testing
