#include "database_open.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "../cli.hpp"
#include "renofee/adapters/db/migrations.hpp"

namespace renofee::cli {

calendar::Instant now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::unique_ptr<db::Database> open_database(const std::vector<std::string>& args, std::ostream& err,
                                            const std::string& command) {
  Result<std::unique_ptr<db::Database>> database =
      db::Database::open(flag_value(args, "--db", default_database_url));
  if (!database) {
    err << "renofee " << command << ": " << database.error() << '\n';
    return nullptr;
  }
  Result<db::MigrationReport> migrated = db::migrate(**database, now_utc());
  if (!migrated) {
    err << "renofee " << command << ": " << migrated.error() << '\n';
    return nullptr;
  }
  // RENOFEE_SQL_TRACE=FILE appends every SQL statement the command prepares to FILE, one per line, after the
  // migrations (docs/scaling.md: the check that the reconciliation and risk paths name the contract key).
  if (const char* trace = std::getenv("RENOFEE_SQL_TRACE"); trace != nullptr && *trace != '\0') {
    static std::ofstream trace_stream;
    if (!trace_stream.is_open()) trace_stream.open(trace, std::ios::app);
    (*database)->session().set_log_stream(&trace_stream);
  }
  return std::move(database).value();
}

}  // namespace renofee::cli
