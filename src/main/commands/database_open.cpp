#include "database_open.hpp"

#include <chrono>

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
  return std::move(database).value();
}

}  // namespace renofee::cli
