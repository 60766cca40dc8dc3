// renofee/adapters/db/database.hpp
//
// Purpose: one database connection through SOCI, chosen by a URL (docs/domain.md §9), plus the error
// translation every repository uses so that no `soci::soci_error` escapes an adapter.
//
// URLs:
//   postgresql://user@host:port/db?... (or postgres://)   PostgreSQL; turned into libpq keyword/value form
//   sqlite:PATH, sqlite://PATH, PATH                     SQLite file (created when missing)
//   :memory: or sqlite::memory:                          SQLite in memory (tests)
// Any other `scheme://` is invalid_argument.
// SQLite settings applied at open: journal_mode=WAL (file databases), synchronous=NORMAL (with WAL: a
// committed transaction survives a process crash; a power loss may lose the last commits but never
// corrupts), busy_timeout (default 5 s), foreign_keys=ON.
// Transactions: `begin()` is `BEGIN IMMEDIATE` on SQLite (takes the write lock at once, so two writers queue
// on the busy timeout instead of deadlocking on a lock upgrade) and `BEGIN` on PostgreSQL.
// SQLite writers of one process: the connections of a process to the same database file first take a
// process-wide writer mutex of that file in `begin()` and hold it until commit or rollback. SQLite admits one
// writer at a time anyway; its busy handler lets a waiting writer sleep in steps of milliseconds and retry,
// while the mutex hands the turn over the moment the holder commits, so several threads' reading and
// computing overlaps one writer's transaction (docs/performance.md, Reconciliation). The mutex is waited for
// at most the busy timeout (then unavailable, as SQLite's own SQLITE_BUSY); writers in other processes are
// still met by the busy timeout of `BEGIN IMMEDIATE`.
// Error mapping (`map_soci_error`), docs/reliability.md "Database faults": a busy, full or failing database
// -> unavailable (the HTTP adapter answers 503 with Retry-After): SQLite BUSY/LOCKED/NOMEM/IOERR/FULL/
// CANTOPEN/PROTOCOL; PostgreSQL connection (08xxx), insufficient resources (53xxx: disk full, out of memory,
// too many connections), serialization (40001), deadlock (40P01), lock-not-available (55P03), shutdown
// (57P01-57P03), I/O error (58030) and a lost connection (no SQLSTATE). Constraint violations (SQLite
// CONSTRAINT, PostgreSQL 23xxx) -> already_exists; anything else -> internal, with SOCI's message.
#pragma once

#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <unordered_map>

#include <soci/soci.h>

#include "renofee/core/base/result.hpp"

namespace renofee::db {

enum class Dialect { sqlite, postgresql };

struct DatabaseOptions {
  std::chrono::milliseconds busy_timeout{5000};  // SQLite: how long a writer waits for the lock
};

// Where a URL points, without connecting.
struct DatabaseTarget {
  Dialect dialect = Dialect::sqlite;
  std::string location;  // SQLite: file path or ":memory:"; PostgreSQL: libpq keyword/value conninfo
};
Result<DatabaseTarget> parse_database_url(std::string_view url);
// postgresql://[user[:password]@][host][:port][/dbname][?key=value&...] -> "user='u' host='h' ..." (percent
// escapes decoded, values quoted for libpq).
Result<std::string> postgresql_conninfo(std::string_view url);

class Database {
 public:
  // Connects and applies the settings above. unavailable when the server cannot be reached or the file cannot
  // be opened, invalid_argument for a malformed URL.
  static Result<std::unique_ptr<Database>> open(std::string_view url, const DatabaseOptions& options = {});

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  [[nodiscard]] Dialect dialect() const noexcept { return dialect_; }
  // The URL with any password removed, for messages.
  [[nodiscard]] const std::string& description() const noexcept { return description_; }
  // The SOCI session, for repositories in this directory (wrap every use in `guard`).
  soci::session& session() noexcept { return session_; }

  // One SQL statement without results.
  Result<void> execute(std::string_view sql);
  Result<void> begin();
  Result<void> commit();
  // Never fails visibly: a failed rollback leaves a broken connection that the next statement reports.
  void rollback() noexcept;
  [[nodiscard]] bool in_transaction() const noexcept { return in_transaction_; }
  // Whether the connection can be reused, without a round trip: PostgreSQL connected, no transaction open and
  // nothing unsolicited to read on the socket (a server that shut down or ended the session since the last
  // statement has sent its FATAL message or closed the stream); SQLite in autocommit mode. The pool closes a
  // connection that is not.
  [[nodiscard]] bool healthy() noexcept;

  // What a repository keeps with this connection for as long as it is open, such as a prepared statement and
  // the variables bound to it: one T per connection, constructed as T(session()) on first use (inside the
  // caller's `guard`), destroyed before the session. For statements run on every request (the API key
  // lookup), so SQLite does not parse the SQL again each time.
  template <typename T>
  T& per_connection() {
    std::unique_ptr<Kept>& slot = kept_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_unique<KeptValue<T>>(session_);
    return static_cast<KeptValue<T>&>(*slot).value;
  }

 private:
  struct Kept {
    virtual ~Kept() = default;
  };
  template <typename T>
  struct KeptValue final : Kept {
    explicit KeptValue(soci::session& session) : value(session) {}
    T value;
  };

  Database(Dialect dialect, std::string description);

  Dialect dialect_;
  std::string description_;
  soci::session session_;
  bool in_transaction_ = false;
  std::unordered_map<std::type_index, std::unique_ptr<Kept>> kept_;  // after session_: destroyed first
  std::chrono::milliseconds busy_timeout_{0};
  // SQLite file databases: the writer mutex shared by this process's connections to the file (see above),
  // and its lock while a transaction is open.
  std::shared_ptr<std::timed_mutex> writers_;
  std::unique_lock<std::timed_mutex> writing_;
};

// Translates a SOCI (or other) exception into an Error (see above); `what` says what was being done
// ("storing readings").
Error map_soci_error(const soci::soci_error& error, std::string_view what);

// Runs `body` (returning Result<T>) and turns any exception it throws into an Error: the one place where
// SOCI exceptions stop.
template <typename Body>
auto guard(std::string_view what, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const soci::soci_error& e) {
    return map_soci_error(e, what);
  } catch (const std::exception& e) {
    return internal_error(std::string(what) + ": " + e.what());
  }
}

// Runs `body` (returning Result<T>) inside a transaction of `db` under `guard`: commit on success, rollback on
// any error or exception, so a store's write is whole or absent.
template <typename T, typename Body>
Result<T> in_transaction(Database& db, std::string_view what, Body&& body) {
  RENOFEE_CHECK(db.begin());
  Result<T> result = guard(what, body);
  if (!result) {
    db.rollback();
    return result;
  }
  Result<void> committed = db.commit();
  if (!committed) return committed.error();
  return result;
}

}  // namespace renofee::db
