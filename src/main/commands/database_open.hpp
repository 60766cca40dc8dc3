// Shared by the commands that use the database: open `--db URL` (default renofee.db in the working directory)
// and apply missing migrations first (docs/domain.md §9: migrations run on start).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "renofee/adapters/db/database.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::cli {

inline constexpr const char* default_database_url = "renofee.db";

// The open, migrated database, or nullptr after printing the reason to `err` as "renofee COMMAND: ...".
std::unique_ptr<db::Database> open_database(const std::vector<std::string>& args, std::ostream& err,
                                            const std::string& command);

// The current UTC time in whole seconds: the clock is read here, in the shell, never in core.
calendar::Instant now_utc();

}  // namespace renofee::cli
