// `renofee degree-days --station N --from D --to D [--db URL]`: degree days (docs/domain.md §7, base 18
// degC), weighted degree days and irradiance of a KNMI station over the half-open period [from, to), as JSON
// with decimal strings, and the days without data (adapters/io/data_json.hpp). A missing day makes the sums
// unavailable (null), never zero. The query is app::degree_day_report, shared with the HTTP API.
#include <charconv>
#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/adapters/io/data_json.hpp"
#include "renofee/app/data_queries.hpp"

namespace renofee::cli {
namespace {

int degree_days_command(const std::vector<std::string>& args, Streams& io) {
  const std::string station_text = flag_value(args, "--station");
  int station = 0;
  const auto [end, ec] =
      std::from_chars(station_text.data(), station_text.data() + station_text.size(), station);
  const Result<calendar::Date> from = calendar::parse_date(flag_value(args, "--from"));
  const Result<calendar::Date> to = calendar::parse_date(flag_value(args, "--to"));
  if (station_text.empty() || ec != std::errc() || end != station_text.data() + station_text.size() ||
      station <= 0 || station > 999 || !from || !to ||
      !positional(args, {"--station", "--from", "--to", "--db"}).empty()) {
    io.err << "usage: renofee degree-days --station N --from YYYY-MM-DD --to YYYY-MM-DD [--db URL]\n";
    return 2;
  }
  if (!(*from < *to)) {
    io.err << "renofee degree-days: --to must be after --from (the period is [from, to))\n";
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "degree-days");
  if (!database) return 1;
  db::SqlWeatherStore store(*database);
  Result<app::DegreeDayReport> report =
      app::degree_day_report(store, app::DegreeDayQuery{station, *from, *to});
  if (!report) {
    io.err << "renofee degree-days: " << describe(report.error()) << '\n';
    return 1;
  }
  io::degree_days_json(*report)->stringify(io.out, 2);
  io.out << '\n';
  return 0;
}

const CommandRegistration registration{
    "degree-days", "degree days, weighted degree days and irradiance of a station", degree_days_command};

}  // namespace
}  // namespace renofee::cli
