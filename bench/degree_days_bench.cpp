// Micro-benchmarks of the weather and consumption core (docs/performance.md, "Weather and consumption").
// Run: build/bench/renofee_weather_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <vector>

#include "renofee/adapters/io/knmi_daily.hpp"
#include "renofee/core/metering/consumption.hpp"
#include "renofee/core/weather/degree_days.hpp"

namespace {

using namespace renofee;
using calendar::make_date;

std::vector<weather::WeatherDay> year_of_weather() {
  std::vector<weather::WeatherDay> days;
  int i = 0;
  for (calendar::Date d = make_date(2014, 1, 1); d < make_date(2015, 1, 1); d = calendar::add_days(d, 1), ++i)
    days.push_back(weather::WeatherDay{260, d, (i * 37) % 300 - 60, 100 + (i * 53) % 2500});
  return days;
}

// Degree days, weighted degree days and irradiance of a calendar year (365 days).
void BM_DegreeDaysYear(benchmark::State& state) {
  const std::vector<weather::WeatherDay> days = year_of_weather();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        weather::summarise(weather::StationSeries{260, days}, calendar::calendar_year(2014)));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(days.size()));
}
BENCHMARK(BM_DegreeDaysYear);

// One reading a day at 06:17 UTC for a year and a bit, so every local midnight is interpolated.
std::vector<metering::Reading> year_of_daily_readings() {
  std::vector<metering::Reading> readings;
  Decimal value = Decimal::parse("12345.678").value();
  calendar::Instant at = date::sys_days{make_date(2025, 12, 30)} + std::chrono::minutes{6 * 60 + 17};
  for (int i = 0; i < 370; ++i, at += std::chrono::hours{24}) {
    readings.push_back(metering::Reading{"E0012345", metering::Channel::import_t1, at, value});
    value += Decimal::from_units(5000 + (i * 7919) % 9000, 3);
  }
  return readings;
}

// Validating and indexing a year of daily readings.
void BM_RegisterSeriesBuildYear(benchmark::State& state) {
  const std::vector<metering::Reading> readings = year_of_daily_readings();
  for (auto _ : state)
    benchmark::DoNotOptimize(metering::RegisterSeries::build(readings, metering::Channel::import_t1));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(readings.size()));
}
BENCHMARK(BM_RegisterSeriesBuildYear);

// Use over the local calendar year 2026 (both boundaries interpolated), from raw readings.
void BM_UseOverYear(benchmark::State& state) {
  const std::vector<metering::Reading> readings = year_of_daily_readings();
  const calendar::Instant t0 = calendar::local_day(make_date(2026, 1, 1)).begin;
  const calendar::Instant t1 = calendar::local_day(make_date(2027, 1, 1)).begin;
  for (auto _ : state)
    benchmark::DoNotOptimize(metering::use_over(readings, metering::Channel::import_t1, t0, t1));
}
BENCHMARK(BM_UseOverYear);

// 365 local-day uses of 2026 on a built series (the reconciliation's daily table).
void BM_UsePerDayYear(benchmark::State& state) {
  const std::vector<metering::Reading> readings = year_of_daily_readings();
  const metering::RegisterSeries series =
      metering::RegisterSeries::build(readings, metering::Channel::import_t1).value();
  for (auto _ : state)
    benchmark::DoNotOptimize(metering::use_per_day(series, make_date(2026, 1, 1), make_date(2027, 1, 1)));
  state.SetItemsProcessed(state.iterations() * 365);
}
BENCHMARK(BM_UsePerDayYear);

// 12 local-month uses of 2026 on a built series.
void BM_UsePerMonthYear(benchmark::State& state) {
  const std::vector<metering::Reading> readings = year_of_daily_readings();
  const metering::RegisterSeries series =
      metering::RegisterSeries::build(readings, metering::Channel::import_t1).value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        metering::use_per_month(series, date::year{2026} / date::January, date::year{2027} / date::January));
  }
}
BENCHMARK(BM_UsePerMonthYear);

// Parsing five years of station 260 (1,826 days, 41 columns; synthetic weather in KNMI's format,
// tests/data/knmi) from memory with the KNMI reader.
void BM_KnmiParseFiveYears(benchmark::State& state) {
  std::ifstream file(std::string(RENOFEE_SOURCE_DIR) + "/tests/data/knmi/synthetic_260_2010_2014.txt");
  std::ostringstream text;
  text << file.rdbuf();
  const std::string content = text.str();
  for (auto _ : state) {
    std::istringstream in(content);
    benchmark::DoNotOptimize(io::read_knmi_daily(in));
  }
  state.SetItemsProcessed(state.iterations() * 1826);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(content.size()));
}
BENCHMARK(BM_KnmiParseFiveYears);

}  // namespace

BENCHMARK_MAIN();
