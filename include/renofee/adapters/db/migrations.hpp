// renofee/adapters/db/migrations.hpp
//
// Purpose: versioned schema migrations (docs/domain.md §9: "schema migrations are versioned and run on
// start"). Migrations are numbered from 1, kept in code as SQL per dialect, and never edited once released: a
// change is a new migration. `migrate` applies the missing ones in order, each in its own transaction
// together with its row in `schema_migrations` (version, name, applied_at as UTC epoch seconds), so a crash
// leaves the schema at a whole version. On PostgreSQL a transaction-scoped advisory lock serialises
// concurrent `migrate` calls from several service instances; on SQLite `BEGIN IMMEDIATE` does. Running it
// again applies nothing. A database newer than this binary (a version it does not know) is
// failed_precondition. The schema itself is documented in docs/storage.md.
#pragma once

#include <string_view>
#include <vector>

#include "renofee/adapters/db/database.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::db {

struct Migration {
  int version = 0;
  std::string_view name;
  std::vector<std::string_view> sqlite;      // statements, executed in order
  std::vector<std::string_view> postgresql;  // the same schema in PostgreSQL's dialect
};

// All migrations of this binary, ascending by version.
const std::vector<Migration>& migrations();

struct MigrationReport {
  std::vector<int> applied;  // versions applied by this call, ascending
  int version = 0;           // schema version afterwards
};

Result<MigrationReport> migrate(Database& db, calendar::Instant now);
// The highest applied version (0 for an empty database).
Result<int> schema_version(Database& db);

}  // namespace renofee::db
