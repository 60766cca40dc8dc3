// `renofee degree-days --station N --from D --to D [--db URL]`: degree days (base 18 degC, design.md §7),
// weighted degree days and irradiance of a KNMI station over the half-open period [from, to), as JSON with
// decimal strings, and the days without data. A missing day makes the sums unavailable (null), never zero.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>
#include <ostream>

#include "../cli.hpp"
#include "database_open.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"
#include "renofee/core/weather/degree_days.hpp"

namespace renofee::cli {
namespace {

template <typename Q>
Poco::Dynamic::Var decimal_or_null(const std::optional<Q>& value) {
  return value ? Poco::Dynamic::Var(value->to_string()) : Poco::Dynamic::Var();
}

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
  const Result<calendar::Period> period = calendar::make_period(*from, *to);
  if (!period) {
    io.err << "renofee degree-days: " << period.error().message << '\n';
    return 2;
  }
  std::unique_ptr<db::Database> database = open_database(args, io.err, "degree-days");
  if (!database) return 1;
  db::SqlWeatherStore store(*database);
  Result<std::vector<weather::WeatherDay>> days = store.days(station, *period);
  if (!days) {
    io.err << "renofee degree-days: " << describe(days.error()) << '\n';
    return 1;
  }
  Result<weather::WeatherSummary> summary =
      weather::summarise(weather::StationSeries{station, *days}, *period);
  if (!summary) {
    io.err << "renofee degree-days: " << describe(summary.error()) << '\n';
    return 1;
  }
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("station", station);
  out->set("from", calendar::to_string(period->begin));
  out->set("to", calendar::to_string(period->end));
  out->set("days", period->days());
  out->set("degree_days", decimal_or_null(summary->degree_days));
  out->set("weighted_degree_days", decimal_or_null(summary->weighted_degree_days));
  out->set("irradiance_j_cm2", decimal_or_null(summary->irradiance));
  Poco::JSON::Array::Ptr missing = new Poco::JSON::Array;
  for (const calendar::Date& day : summary->missing_temperature_days)
    missing->add(calendar::to_string(day));
  out->set("missing_days", missing);
  Poco::JSON::Array::Ptr missing_q = new Poco::JSON::Array;
  for (const calendar::Date& day : summary->missing_radiation_days)
    missing_q->add(calendar::to_string(day));
  out->set("missing_irradiance_days", missing_q);
  out->stringify(io.out, 2);
  io.out << '\n';
  return 0;
}

const CommandRegistration registration{
    "degree-days", "degree days, weighted degree days and irradiance of a station", degree_days_command};

}  // namespace
}  // namespace renofee::cli
