// renofee/adapters/db/database_pool.hpp
//
// Purpose: database connections for a multi-threaded server. A `Database` wraps one SOCI session, which one
// thread at a time may use; the pool hands each request its own connection for as long as it needs it and
// takes it back afterwards.
//
// Connections are opened lazily, up to `size`, with the same URL and options. A connection that is not
// `healthy()` when its lease ends (PostgreSQL connection lost, a transaction left open) or when it is taken
// from the idle list (its server restarted meanwhile), or whose caller called `discard()`, is closed instead
// of reused, and a new one is opened on demand: service resumes by itself when the database is back. When all
// `size` connections are out, `acquire` waits up to `wait` and then answers unavailable (the HTTP adapter
// sends 503 with Retry-After). A server that never nests leases on one thread and has at most `size` threads
// never waits. SQLite ":memory:" is private to one connection, so such a pool has size 1.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "renofee/adapters/db/database.hpp"

namespace renofee::db {

class DatabasePool;

// A connection on loan; returns to the pool when destroyed.
class Lease {
 public:
  Lease(DatabasePool& pool, std::unique_ptr<Database> db) : pool_(&pool), db_(std::move(db)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  Database& operator*() const noexcept { return *db_; }
  Database* operator->() const noexcept { return db_.get(); }
  // Closes the connection instead of returning it (after an error that may have broken it).
  void discard() noexcept { discard_ = true; }

 private:
  DatabasePool* pool_;
  std::unique_ptr<Database> db_;
  bool discard_ = false;
};

class DatabasePool {
 public:
  // Opens the first connection now (so a bad URL or an unreachable server is reported at start).
  static Result<std::unique_ptr<DatabasePool>> open(std::string url, std::size_t size,
                                                    std::chrono::milliseconds wait = std::chrono::seconds(5),
                                                    DatabaseOptions options = {});

  DatabasePool(const DatabasePool&) = delete;
  DatabasePool& operator=(const DatabasePool&) = delete;

  Result<Lease> acquire();
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const std::string& description() const noexcept { return description_; }
  // Connections currently open (idle or leased).
  [[nodiscard]] std::size_t open_connections() const;

 private:
  friend class Lease;
  DatabasePool(std::string url, std::size_t size, std::chrono::milliseconds wait, DatabaseOptions options);
  void give_back(std::unique_ptr<Database> db, bool discard) noexcept;

  std::string url_;
  std::size_t size_;
  std::chrono::milliseconds wait_;
  DatabaseOptions options_;
  std::string description_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Database>> idle_;
  std::size_t open_ = 0;  // idle + leased + being opened
};

}  // namespace renofee::db
