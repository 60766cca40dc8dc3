#include "renofee/app/daily_series.hpp"

#include <map>

#include "renofee/core/metering/consumption.hpp"

namespace renofee::app {
namespace {

using TemperatureMap = std::map<calendar::Date, int>;

// TG by date of one station over the period.
Result<TemperatureMap> temperatures(WeatherStore& weather, int station, const calendar::Period& period) {
  RENOFEE_TRY(const std::vector<weather::WeatherDay> days, weather.days(station, period));
  TemperatureMap out;
  for (const weather::WeatherDay& day : days) {
    if (day.mean_temperature_01c) out.emplace(day.day, *day.mean_temperature_01c);
  }
  return out;
}

}  // namespace

Result<DailySeries> daily_series(ReadingStore& readings, WeatherStore& weather,
                                 const std::string& contract_id,
                                 const std::vector<metering::Channel>& channels, int station,
                                 std::optional<int> fill_station, const calendar::Period& period) {
  const calendar::Instant t0 = calendar::local_day(period.begin).begin;
  const calendar::Instant t1 = calendar::local_day(period.end).begin;
  std::vector<metering::RegisterSeries> series;
  for (metering::Channel channel : channels) {
    RENOFEE_TRY(const std::vector<metering::Reading> list,
                channel_readings(readings, contract_id, channel, t0, t1));
    if (list.empty()) continue;
    RENOFEE_TRY(metering::RegisterSeries built, metering::RegisterSeries::build(list, channel));
    series.push_back(std::move(built));
  }
  RENOFEE_TRY(const TemperatureMap primary, temperatures(weather, station, period));
  TemperatureMap fill;
  if (fill_station) {
    RENOFEE_TRY(fill, temperatures(weather, *fill_station, period));
  }
  DailySeries out;
  for (calendar::Date day = period.begin; day < period.end; day = calendar::add_days(day, 1)) {
    guarantee::ReportingDay row;
    row.day = day;
    const calendar::InstantRange local = calendar::local_day(day);
    Decimal use;
    bool covered = !series.empty();
    for (const metering::RegisterSeries& s : series) {
      Result<metering::Use> u = s.use(local.begin, local.end);
      if (!u) {
        if (u.error().code != ErrorCode::failed_precondition) return u.error();
        covered = false;
        break;
      }
      use += u->value;
      row.use_estimated = row.use_estimated || u->estimated();
    }
    if (covered) row.use = use;
    if (auto it = primary.find(day); it != primary.end()) {
      row.mean_temperature_01c = it->second;
    } else if (auto f = fill.find(day); f != fill.end()) {
      row.mean_temperature_01c = f->second;
      ++out.filled_days;
    }
    out.days.push_back(std::move(row));
  }
  return out;
}

}  // namespace renofee::app
