#include "renofee/adapters/db/database.hpp"

// soci-sqlite3.h wraps sqlite3.h: it must come before any direct <sqlite3.h> (architecture.md, known traps).
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <poll.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace renofee::db {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db".
std::string without_password(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme)
    return std::string(url);
  const std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

// SQLite primary result codes (sqlite3.h). The extended codes keep the primary code in the low byte.
constexpr int sqlite_constraint = 19;

// The database (or its disk) is busy, full or failing; the same statement may succeed later:
// SQLITE_NOMEM 7, SQLITE_BUSY 5, SQLITE_LOCKED 6, SQLITE_IOERR 10 (every extended I/O error: write, fsync,
// read, short read, lock), SQLITE_FULL 13, SQLITE_CANTOPEN 14 (a journal or WAL file), SQLITE_PROTOCOL 15
// (WAL lock race). SQLITE_CORRUPT and SQLITE_NOTADB are not transient and stay internal.
bool is_transient_sqlite(int primary) {
  static constexpr std::array<int, 7> transient = {5, 6, 7, 10, 13, 14, 15};
  return std::find(transient.begin(), transient.end(), primary) != transient.end();
}

// PostgreSQL: connection exceptions (class 08), insufficient resources (class 53: disk full, out of memory,
// too many connections), operator intervention (57P01-57P03: shutdown, crash, starting up), system I/O error
// (58030), serialization failure (40001), deadlock (40P01), lock not available (55P03). A blank SQLSTATE is
// an error libpq raised itself, without an answer from the server: the connection was lost.
bool is_transient_sqlstate(const std::string& state) {
  static constexpr std::array<std::string_view, 7> transient = {"40001", "40P01", "55P03", "57P01",
                                                                "57P02", "57P03", "58030"};
  if (starts_with(state, "08") || starts_with(state, "53")) return true;
  if (state.find_first_not_of(' ') == std::string::npos) return true;
  for (std::string_view code : transient) {
    if (state == code) return true;
  }
  return false;
}

// Decodes %XX escapes of a URL part; nullopt for a malformed escape.
std::optional<std::string> url_unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      return std::nullopt;
    }
    out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

// libpq keyword/value syntax: value in single quotes, backslash and quote escaped.
std::string conninfo_pair(std::string_view key, std::string_view value) {
  std::string out(key);
  out += "='";
  for (char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  out += "' ";
  return out;
}

// The writer mutex of a SQLite database file, shared by every connection of this process to it
// (database.hpp). Files are told apart by their canonical path; a file's entry lives as long as a connection
// uses it.
std::shared_ptr<std::timed_mutex> writer_mutex(const std::string& path) {
  std::error_code error;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
  const std::string key = error ? path : canonical.string();
  static std::mutex guard_map;
  static std::map<std::string, std::weak_ptr<std::timed_mutex>> mutexes;
  std::lock_guard lock(guard_map);
  for (auto it = mutexes.begin(); it != mutexes.end();) {
    it = it->second.expired() ? mutexes.erase(it) : std::next(it);
  }
  std::shared_ptr<std::timed_mutex> mutex = mutexes[key].lock();
  if (!mutex) {
    mutex = std::make_shared<std::timed_mutex>();
    mutexes[key] = mutex;
  }
  return mutex;
}

// SQLite's default threading mode is "serialized": every call on a connection, down to reading one column of
// one row, takes the connection's mutex, and every allocation takes the memory-statistics mutex. Renofee
// never uses a connection from two threads at once (a Database belongs to one thread or is leased from a
// pool), so "multi-thread" mode is enough and the memory statistics are never read: a tenth of a
// reconciliation's time went to those mutexes (docs/performance.md). sqlite3_config only works before SQLite
// initialises, so it is applied once, before the first connection; if SQLite was initialised already it keeps
// its defaults.
void configure_sqlite_once() {
  static const bool configured = [] {
    const bool threading = sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK;
    const bool memstatus = sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    return threading && memstatus;
  }();
  static_cast<void>(configured);
}

}  // namespace

// SOCI 4.0.3's PostgreSQL backend rewrites its connection string as keyword/value pairs and breaks a libpq
// URI on the way ("dbname" becomes "renofee_test="), so renofee turns the URI into keyword/value form itself:
// postgresql://[user[:password]@][host][:port][/dbname][?key=value&...] (RFC 3986 percent escapes decoded).
Result<std::string> postgresql_conninfo(std::string_view url) {
  const auto bad = [&](std::string_view why) {
    return invalid_argument("PostgreSQL URL \"" + without_password(url) + "\": " + std::string(why), "--db");
  };
  std::string_view rest = url.substr(url.find("://") + 3);
  std::string_view query;
  if (const std::size_t question_mark = rest.find('?'); question_mark != std::string_view::npos) {
    query = rest.substr(question_mark + 1);
    rest = rest.substr(0, question_mark);
  }
  std::string_view authority = rest, path;
  if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    path = rest.substr(slash + 1);
  }
  std::string conninfo;
  const auto add = [&](std::string_view key, std::string_view raw) -> bool {
    if (raw.empty()) return true;
    std::optional<std::string> value = url_unescape(raw);
    if (!value) return false;
    conninfo += conninfo_pair(key, *value);
    return true;
  };
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    if (!add("user", userinfo.substr(0, colon))) return bad("bad %-escape in the user");
    if (colon != std::string_view::npos && !add("password", userinfo.substr(colon + 1))) {
      return bad("bad %-escape in the password");
    }
  }
  std::string_view host = authority, port;
  if (const std::size_t colon = authority.rfind(':');
      colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos)
      return bad("bad port");
  }
  if (!add("host", host)) return bad("bad %-escape in the host");
  if (!add("port", port)) return bad("bad port");
  if (!add("dbname", path)) return bad("bad %-escape in the database name");
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) return bad("bad parameter \"" + std::string(item) + "\"");
    std::optional<std::string> key = url_unescape(item.substr(0, eq));
    if (!key || key->find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
      return bad("bad parameter \"" + std::string(item) + "\"");
    }
    if (!add(*key, item.substr(eq + 1))) return bad("bad %-escape in parameter " + *key);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  if (!conninfo.empty()) conninfo.pop_back();
  return conninfo;
}

Result<DatabaseTarget> parse_database_url(std::string_view url) {
  if (url.empty()) return invalid_argument("empty database URL", "--db");
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    RENOFEE_TRY(std::string conninfo, postgresql_conninfo(url));
    return DatabaseTarget{Dialect::postgresql, std::move(conninfo)};
  }
  if (url == ":memory:" || url == "sqlite::memory:") return DatabaseTarget{Dialect::sqlite, ":memory:"};
  std::string_view path = url;
  if (starts_with(path, "sqlite://")) {
    path.remove_prefix(9);
  } else if (starts_with(path, "sqlite:")) {
    path.remove_prefix(7);
  } else if (path.find("://") != std::string_view::npos) {
    return invalid_argument("unsupported database URL \"" + without_password(url) +
                                "\" (expected postgresql://..., sqlite:PATH or a file path)",
                            "--db");
  }
  if (path.empty())
    return invalid_argument("database URL \"" + std::string(url) + "\" names no file", "--db");
  if (path.find_first_of("\"\n") != std::string_view::npos) {
    return invalid_argument("SQLite path \"" + std::string(path) + "\" contains a quote or newline", "--db");
  }
  return DatabaseTarget{Dialect::sqlite, std::string(path)};
}

Database::Database(Dialect dialect, std::string description)
    : dialect_(dialect), description_(std::move(description)) {}

Database::~Database() {
  if (in_transaction_) rollback();
}

Result<std::unique_ptr<Database>> Database::open(std::string_view url, const DatabaseOptions& options) {
  RENOFEE_TRY(DatabaseTarget target, parse_database_url(url));
  std::unique_ptr<Database> db(new Database(target.dialect, without_password(url)));
  Result<void> opened = guard("opening database " + db->description(), [&]() -> Result<void> {
    if (target.dialect == Dialect::postgresql) {
      db->session_.open(*soci::factory_postgresql(), target.location);
      db->session_
          << "SET client_min_messages = warning";  // no NOTICEs on stderr ("already exists, skipping")
      return success();
    }
    configure_sqlite_once();
    db->session_.open(*soci::factory_sqlite3(), "db=\"" + target.location + "\"");
    db->session_ << "PRAGMA busy_timeout = " + std::to_string(options.busy_timeout.count());
    if (target.location != ":memory:") {
      std::string mode;
      db->session_ << "PRAGMA journal_mode = WAL", soci::into(mode);
      if (mode != "wal") return unavailable("SQLite refused WAL mode (journal_mode is \"" + mode + "\")");
    }
    db->session_ << "PRAGMA synchronous = NORMAL";
    // 16 MiB of page cache (default 2 MiB): a bulk upload touches one B-tree leaf per meter channel, and a
    // cache that holds them all avoids spilling and re-reading pages mid-transaction.
    db->session_ << "PRAGMA cache_size = -16384";
    db->session_ << "PRAGMA foreign_keys = ON";
    db->busy_timeout_ = options.busy_timeout;
    if (target.location != ":memory:") db->writers_ = writer_mutex(target.location);
    return success();
  });
  if (!opened) {
    Error error = opened.error();
    // Failing to connect or to open the file is transient from the caller's point of view.
    if (error.code == ErrorCode::internal) error.code = ErrorCode::unavailable;
    return error;
  }
  return db;
}

Result<void> Database::execute(std::string_view sql) {
  return guard("executing SQL", [&]() -> Result<void> {
    session_ << std::string(sql);
    return success();
  });
}

Result<void> Database::begin() {
  if (in_transaction_) return internal_error("a transaction is already open on " + description_);
  std::unique_lock<std::timed_mutex> writing;
  if (writers_) {
    writing = std::unique_lock<std::timed_mutex>(*writers_, std::defer_lock);
    if (!writing.try_lock_for(busy_timeout_)) {
      return unavailable("beginning a transaction on " + description_ +
                         ": another connection of this process kept the write lock longer than the busy "
                         "timeout (" +
                         std::to_string(busy_timeout_.count()) + " ms)");
    }
  }
  RENOFEE_CHECK(execute(dialect_ == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  in_transaction_ = true;
  writing_ = std::move(writing);
  return success();
}

Result<void> Database::commit() {
  if (!in_transaction_) return internal_error("commit without a transaction on " + description_);
  Result<void> done = execute("COMMIT");
  if (!done) {
    rollback();
    return done;
  }
  in_transaction_ = false;
  if (writing_.owns_lock()) writing_.unlock();
  return success();
}

void Database::rollback() noexcept {
  in_transaction_ = false;
  try {
    session_ << "ROLLBACK";
  } catch (...) {  // NOLINT: see header
  }
  if (writing_.owns_lock()) writing_.unlock();
}

bool Database::healthy() noexcept {
  try {
    soci::details::session_backend* backend = session_.get_backend();
    if (backend == nullptr) return false;
    if (dialect_ == Dialect::postgresql) {
      PGconn* conn = static_cast<soci::postgresql_session_backend*>(backend)->conn_;
      if (PQstatus(conn) != CONNECTION_OK || PQtransactionStatus(conn) != PQTRANS_IDLE) return false;
      // libpq has read every answer up to ReadyForQuery, and renofee neither LISTENs nor changes settings
      // after connecting, so an idle connection has nothing to read. Anything there (a FATAL message from a
      // server that shut down or ended the session, the end of the stream) means it is dead or dying. A
      // zero-timeout poll: no round trip.
      pollfd socket{PQsocket(conn), POLLIN, 0};
      return socket.fd >= 0 && ::poll(&socket, 1, 0) == 0;
    }
    // SQLite: autocommit mode again, i.e. no transaction left open by a failed COMMIT or ROLLBACK.
    return sqlite_api::sqlite3_get_autocommit(static_cast<soci::sqlite3_session_backend*>(backend)->conn_) !=
           0;
  } catch (...) {  // NOLINT: a check that cannot decide says "not healthy"
    return false;
  }
}

Error map_soci_error(const soci::soci_error& error, std::string_view what) {
  const std::string message = std::string(what) + ": " + error.get_error_message();
  if (const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    const int primary = sqlite->result() & 0xff;
    if (is_transient_sqlite(primary)) return unavailable(message);
    if (primary == sqlite_constraint) return already_exists(message);
  }
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = pg->sqlstate();
    if (is_transient_sqlstate(state)) return unavailable(message + " (SQLSTATE " + state + ")");
    if (starts_with(state, "23")) return already_exists(message + " (SQLSTATE " + state + ")");
  }
  switch (error.get_error_category()) {
    case soci::soci_error::connection_error:
      return unavailable(message);
    case soci::soci_error::constraint_violation:
      return already_exists(message);
    default:
      return internal_error(message);
  }
}

}  // namespace renofee::db
