// `renofee migrate [--db URL]`: applies the missing schema migrations (docs/storage.md) and prints the schema
// version. Default URL: renofee.db in the working directory.
#include <chrono>
#include <ostream>

#include "../cli.hpp"
#include "renofee/adapters/db/database.hpp"
#include "renofee/adapters/db/migrations.hpp"

namespace renofee::cli {
namespace {

int migrate(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> extra = positional(args, {"--db"});
  if (!extra.empty()) {
    io.err << "renofee migrate: unexpected argument \"" << extra.front()
           << "\"\nusage: renofee migrate [--db URL]\n";
    return 2;
  }
  Result<std::unique_ptr<db::Database>> database = db::Database::open(flag_value(args, "--db", "renofee.db"));
  if (!database) {
    io.err << "renofee migrate: " << database.error() << '\n';
    return 1;
  }
  const calendar::Instant now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  Result<db::MigrationReport> report = db::migrate(**database, now);
  if (!report) {
    io.err << "renofee migrate: " << report.error() << '\n';
    return 1;
  }
  if (report->applied.empty()) {
    io.out << (*database)->description() << ": schema version " << report->version << ", up to date\n";
  } else {
    io.out << (*database)->description() << ": applied";
    for (int version : report->applied)
      io.out << ' ' << version;
    io.out << ", schema version " << report->version << '\n';
  }
  return 0;
}

const CommandRegistration registration{"migrate", "apply database schema migrations ([--db URL])", migrate};

}  // namespace
}  // namespace renofee::cli
