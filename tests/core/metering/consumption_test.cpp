// Test plan for consumption.hpp:
//   Boundaries: a reading on the boundary is used as is (not estimated); between readings the exact
//   interpolated value (hand-computed), rounded half-even to 0.001 (ties 0.0005 -> 0.000, 0.0015 -> 0.002;
//   thirds). Gaps: before the first / after the last reading and inside a meter-swap gap are
//   failed_precondition naming the side and the nearest readings. Meter swaps: one and two swaps, at a shared
//   instant and with a gap. Validation: a decreasing register, a reappearing meter, conflicting duplicates
//   (identical duplicates are fine), an empty period. Local days: 23-hour and 25-hour Amsterdam days (last
//   Sunday of March and October 2026) with hourly readings of 1 kWh/h; daily uses add up exactly to the
//   period's use; months cut at local midnight. Combined channels: import = T1 + T2, errors name the channel.
//   Reference: 1,500 periods over 60 random series with swaps, generated with python `fractions` by
//   scripts/gen_consumption_reference.py (tests/data/consumption_reference.tsv), checked exactly.
#include "renofee/core/metering/consumption.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include "support/literals.hpp"

namespace renofee::metering {
namespace {

using namespace std::chrono_literals;
using calendar::Instant;
using calendar::make_date;

Instant utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return date::sys_days{make_date(y, m, d)} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
         std::chrono::seconds{ss};
}

Reading r(std::string meter, Instant at, std::string_view value, Channel channel = Channel::import_t1) {
  return Reading{std::move(meter), channel, at, dec(value)};
}

TEST(Consumption, BoundariesOnReadingsAndInterpolated) {
  const std::vector<Reading> readings = {
      r("M1", utc(2026, 1, 1), "100.000"),
      r("M1", utc(2026, 1, 2), "110.000"),
      r("M1", utc(2026, 1, 3), "130.000"),
  };
  struct Row {
    int line;
    Instant t0;
    Instant t1;
    const char* use;
    const char* start;
    bool start_estimated;
    const char* end;
    bool end_estimated;
  };
  const Row rows[] = {
      {__LINE__, utc(2026, 1, 1), utc(2026, 1, 3), "30.000", "100.000", false, "130.000", false},
      {__LINE__, utc(2026, 1, 1), utc(2026, 1, 2), "10.000", "100.000", false, "110.000", false},
      // 100 + 10 × 6/24 = 102.5; 110 + 20 × 12/24 = 120
      {__LINE__, utc(2026, 1, 1, 6), utc(2026, 1, 2, 12), "17.500", "102.500", true, "120.000", true},
      // 100 + 10 × 8/24 = 103.3333... -> 103.333 (one boundary estimated, the other exact)
      {__LINE__, utc(2026, 1, 1, 8), utc(2026, 1, 2), "6.667", "103.333", true, "110.000", false},
      // 110 + 20 × 16/24 = 123.3333... -> 123.333
      {__LINE__, utc(2026, 1, 2), utc(2026, 1, 2, 16), "13.333", "110.000", false, "123.333", true},
      // 100 + 10 × 1/86400 = 100.000115... -> 100.000; zero use within a second is fine
      {__LINE__, utc(2026, 1, 1, 0, 0, 1), utc(2026, 1, 1, 0, 0, 2), "0.000", "100.000", true, "100.000",
       true},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const Use use = use_over(readings, Channel::import_t1, row.t0, row.t1).value();
    EXPECT_EQ(use.value.to_string(), row.use);
    EXPECT_EQ(use.start.register_value.to_string(), row.start);
    EXPECT_EQ(use.start.estimated, row.start_estimated);
    EXPECT_EQ(use.end.register_value.to_string(), row.end);
    EXPECT_EQ(use.end.estimated, row.end_estimated);
    EXPECT_EQ(use.estimated(), row.start_estimated || row.end_estimated);
    EXPECT_EQ(use.unit(), "kWh");
    EXPECT_EQ(use.meter_swaps, 0);
  }
  const Use estimated =
      use_over(readings, Channel::import_t1, utc(2026, 1, 1, 6), utc(2026, 1, 2, 12)).value();
  EXPECT_EQ(estimated.start.before, utc(2026, 1, 1));  // the readings interpolated between
  EXPECT_EQ(estimated.start.after, utc(2026, 1, 2));
  EXPECT_EQ(estimated.end.before, utc(2026, 1, 2));
  EXPECT_EQ(estimated.end.after, utc(2026, 1, 3));
}

TEST(Consumption, InterpolationRoundsHalfEvenToOneWattHour) {
  struct Row {
    int line;
    const char* value;       // register at 00:00:00
    const char* next_value;  // register at 00:00:02
    const char* at_one_second;
  };
  const Row rows[] = {
      {__LINE__, "0.000", "0.001", "0.000"},  // 0.0005: tie to even 0.000
      {__LINE__, "0.000", "0.003", "0.002"},  // 0.0015: tie to even 0.002
      {__LINE__, "0.000", "0.005", "0.002"},  // 0.0025: tie to even 0.002
      {__LINE__, "0.000", "0.007", "0.004"},  // 0.0035 -> 0.004
      {__LINE__, "0.000", "2.000", "1.000"},
      // The register value is rounded, not the step: 0.001 + 0.0005 = 0.0015 -> 0.002 (rounding the step
      // 0.0005 to even would give 0.001).
      {__LINE__, "0.001", "0.002", "0.002"},
      {__LINE__, "41.002", "41.003", "41.002"},  // 41.0025 -> 41.002
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const std::vector<Reading> readings = {r("M", utc(2026, 1, 1), row.value),
                                           r("M", utc(2026, 1, 1, 0, 0, 2), row.next_value)};
    const Use use =
        use_over(readings, Channel::import_t1, utc(2026, 1, 1, 0, 0, 1), utc(2026, 1, 1, 0, 0, 2)).value();
    EXPECT_EQ(use.start.register_value.to_string(), row.at_one_second);
  }
  // Thirds: 1.000 over 3 s -> 0.333 at 1 s and 0.667 at 2 s; the two periods add up to the whole.
  const std::vector<Reading> thirds = {r("M", utc(2026, 1, 1), "0.000"),
                                       r("M", utc(2026, 1, 1, 0, 0, 3), "1.000")};
  const RegisterSeries series = RegisterSeries::build(thirds, Channel::import_t1).value();
  EXPECT_EQ(series.use(utc(2026, 1, 1), utc(2026, 1, 1, 0, 0, 1)).value().value.to_string(), "0.333");
  EXPECT_EQ(series.use(utc(2026, 1, 1, 0, 0, 1), utc(2026, 1, 1, 0, 0, 2)).value().value.to_string(),
            "0.334");
  EXPECT_EQ(series.use(utc(2026, 1, 1, 0, 0, 2), utc(2026, 1, 1, 0, 0, 3)).value().value.to_string(),
            "0.333");
}

std::vector<Reading> swapped_meters() {
  return {
      r("M1", utc(2026, 1, 1), "100.000"), r("M1", utc(2026, 1, 10), "150.000"),
      r("M2", utc(2026, 1, 10), "5.000"),  // swap at the same instant: the new register restarts
      r("M2", utc(2026, 1, 20), "25.000"), r("M3", utc(2026, 1, 21), "0.000"),  // second swap after a gap
      r("M3", utc(2026, 1, 31), "8.000"),
  };
}

TEST(Consumption, MeterSwaps) {
  const RegisterSeries series = RegisterSeries::build(swapped_meters(), Channel::import_t1).value();
  // One swap: (150 - 100) + (25 - 5) = 70.
  const Use one = series.use(utc(2026, 1, 1), utc(2026, 1, 20)).value();
  EXPECT_EQ(one.value, dec("70"));
  EXPECT_EQ(one.meter_swaps, 1);
  EXPECT_EQ(one.start.meter_id, "M1");
  EXPECT_EQ(one.end.meter_id, "M2");
  // Interpolated on both meters: M1 at 5 Jan = 100 + 50 × 4/9 = 122.222; M2 at 15 Jan = 5 + 20 × 5/10 = 15.
  // (150 - 122.222) + (15 - 5) = 37.778.
  const Use interpolated = series.use(utc(2026, 1, 5), utc(2026, 1, 15)).value();
  EXPECT_EQ(interpolated.value, dec("37.778"));
  EXPECT_EQ(interpolated.start.register_value, dec("122.222"));
  EXPECT_EQ(interpolated.end.register_value, dec("15.000"));
  EXPECT_TRUE(interpolated.estimated());
  // Two swaps: 50 + 20 + 8 = 78.
  const Use two = series.use(utc(2026, 1, 1), utc(2026, 1, 31)).value();
  EXPECT_EQ(two.value, dec("78"));
  EXPECT_EQ(two.meter_swaps, 2);
  // A boundary on the shared swap instant: the start takes the new meter, the end the old one.
  const Use from_swap = series.use(utc(2026, 1, 10), utc(2026, 1, 20)).value();
  EXPECT_EQ(from_swap.value, dec("20"));
  EXPECT_EQ(from_swap.start.meter_id, "M2");
  EXPECT_EQ(from_swap.meter_swaps, 0);
  const Use to_swap = series.use(utc(2026, 1, 1), utc(2026, 1, 10)).value();
  EXPECT_EQ(to_swap.value, dec("50"));
  EXPECT_EQ(to_swap.end.meter_id, "M1");
  // Inside the swap gap between M2's last (20 Jan) and M3's first reading (21 Jan): nothing covers it.
  for (const auto& [t0, t1, side] : {std::tuple{utc(2026, 1, 20, 12), utc(2026, 1, 25), "/start"},
                                     std::tuple{utc(2026, 1, 15), utc(2026, 1, 20, 12), "/end"}}) {
    const Result<Use> gap = series.use(t0, t1);
    ASSERT_FALSE(gap.ok());
    EXPECT_EQ(gap.error().code, ErrorCode::failed_precondition);
    EXPECT_EQ(gap.error().field, side);
    EXPECT_NE(gap.error().message.find("meter swap gap"), std::string::npos) << gap.error().message;
    EXPECT_NE(gap.error().message.find("meter M2 at 2026-01-20T00:00:00Z (25.000)"), std::string::npos);
    EXPECT_NE(gap.error().message.find("meter M3 at 2026-01-21T00:00:00Z (0.000)"), std::string::npos);
  }
}

TEST(Consumption, SwapAtOneInstantWhateverTheInputOrder) {
  // Storage may return equal instants sorted by meter id: here the new meter "A2" sorts before the old "B1".
  const std::vector<Reading> readings = {
      r("B1", utc(2026, 1, 1), "100.000"), r("A2", utc(2026, 1, 10), "0.000"),
      r("B1", utc(2026, 1, 10), "150.000"), r("A2", utc(2026, 1, 20), "7.000")};
  const Use use = use_over(readings, Channel::import_t1, utc(2026, 1, 1), utc(2026, 1, 20)).value();
  EXPECT_EQ(use.value, dec("57"));  // (150 - 100) + (7 - 0)
  EXPECT_EQ(use.meter_swaps, 1);
}

TEST(Consumption, NoExtrapolation) {
  const std::vector<Reading> readings = {r("M1", utc(2026, 1, 1), "100.000"),
                                         r("M1", utc(2026, 1, 2), "110.000")};
  const Result<Use> before = use_over(readings, Channel::import_t1, utc(2025, 12, 31, 23), utc(2026, 1, 2));
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(before.error().field, "/start");
  EXPECT_NE(
      before.error().message.find("before the first import_t1 reading (meter M1 at 2026-01-01T00:00:00Z"),
      std::string::npos)
      << before.error().message;
  const Result<Use> after = use_over(readings, Channel::import_t1, utc(2026, 1, 1), utc(2026, 1, 2, 0, 0, 1));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().field, "/end");
  EXPECT_NE(after.error().message.find("after the last import_t1 reading (meter M1 at 2026-01-02T00:00:00Z"),
            std::string::npos);
  const Result<Use> none = use_over(readings, Channel::gas, utc(2026, 1, 1), utc(2026, 1, 2));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(none.error().message.find("no gas readings"), std::string::npos);
}

TEST(Consumption, InvalidSeriesRefused) {
  struct Row {
    int line;
    std::vector<Reading> readings;
    const char* message_part;
    const char* field;
  };
  const Row rows[] = {
      {__LINE__,
       {r("M1", utc(2026, 1, 1), "100.000"), r("M1", utc(2026, 1, 2), "99.999")},
       "decreases from 100.000 at 2026-01-01T00:00:00Z to 99.999 at 2026-01-02T00:00:00Z without a meter "
       "swap",
       "/readings/1"},
      {__LINE__,  // input order does not matter: the series is sorted first
       {r("M1", utc(2026, 1, 2), "99.999"), r("M1", utc(2026, 1, 1), "100.000")},
       "decreases from 100.000",
       "/readings/0"},
      {__LINE__,
       {r("M1", utc(2026, 1, 1), "1.000"), r("M2", utc(2026, 1, 2), "0.000"),
        r("M1", utc(2026, 1, 3), "5.000")},
       "meter M1 reappears on import_t1 at 2026-01-03T00:00:00Z after meter M2 took over",
       "/readings/2"},
      {__LINE__,
       {r("M1", utc(2026, 1, 1), "1.000"), r("M1", utc(2026, 1, 1), "1.001")},
       "two readings of meter M1 on import_t1 at 2026-01-01T00:00:00Z with different values: 1.000 and 1.001",
       "/readings/1"},
      {__LINE__, {r("M1", utc(2026, 1, 1), "1.0001")}, "more than 3 decimals", "/readings/0"},
      {__LINE__, {r("M1", utc(2026, 1, 1), "-1")}, "negative", "/readings/0"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const Result<RegisterSeries> series = RegisterSeries::build(row.readings, Channel::import_t1);
    ASSERT_FALSE(series.ok());
    EXPECT_EQ(series.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(series.error().message.find(row.message_part), std::string::npos) << series.error().message;
    EXPECT_EQ(series.error().field, row.field);
  }
  // An identical duplicate is the same reading; other channels are ignored, even when they would be invalid.
  const std::vector<Reading> fine = {r("M1", utc(2026, 1, 1), "1.000"), r("M1", utc(2026, 1, 1), "1.000"),
                                     r("G1", utc(2026, 1, 1), "9.000", Channel::gas),
                                     r("G1", utc(2026, 1, 2), "1.000", Channel::gas),
                                     r("M1", utc(2026, 1, 2), "3.500")};
  EXPECT_EQ(use_over(fine, Channel::import_t1, utc(2026, 1, 1), utc(2026, 1, 2)).value().value, dec("2.5"));
  const Result<Use> empty = use_over(fine, Channel::import_t1, utc(2026, 1, 2), utc(2026, 1, 2));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
}

// Hourly readings of `channel` from `from` to `to` (UTC), 1 kWh per hour.
std::vector<Reading> hourly(Instant from, Instant to, Channel channel = Channel::import_t1) {
  std::vector<Reading> readings;
  int hours = 0;
  for (Instant at = from; at <= to; at += 1h, ++hours)
    readings.push_back(Reading{"E1", channel, at, Decimal(hours)});
  return readings;
}

TEST(Consumption, LocalDaysLast23Or25Hours) {
  struct Row {
    int line;
    calendar::Date day;
    const char* use;
  };
  const Row rows[] = {
      {__LINE__, make_date(2026, 3, 28), "24"},
      {__LINE__, make_date(2026, 3, 29), "23"},  // summer time starts: 02:00 -> 03:00
      {__LINE__, make_date(2026, 3, 30), "24"},
      {__LINE__, make_date(2026, 10, 24), "24"},
      {__LINE__, make_date(2026, 10, 25), "25"},  // summer time ends: 03:00 -> 02:00
      {__LINE__, make_date(2026, 10, 26), "24"},
  };
  const std::vector<Reading> readings = hourly(utc(2026, 2, 28), utc(2026, 11, 1));
  const RegisterSeries series = RegisterSeries::build(readings, Channel::import_t1).value();
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const std::vector<DayUse> days = use_per_day(series, row.day, calendar::add_days(row.day, 1)).value();
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days[0].day, row.day);
    EXPECT_EQ(days[0].use.value, dec(row.use));
    EXPECT_FALSE(days[0].use.estimated());  // local midnight is a whole UTC hour: a reading sits on it
  }
  // Months cut at local midnight: March 2026 has 31 × 24 - 1 hours, October 31 × 24 + 1.
  const std::vector<MonthUse> months =
      use_per_month(series, date::year{2026} / date::March, date::year{2026} / date::November).value();
  ASSERT_EQ(months.size(), 8u);
  EXPECT_EQ(months[0].month, date::year{2026} / date::March);
  // 1 March 00:00 local = 28 Feb 23:00 UTC; 1 November 00:00 local = 31 October 23:00 UTC.
  EXPECT_EQ(months[0].use.value, dec("743"));
  EXPECT_EQ(months[1].use.value, dec("720"));
  EXPECT_EQ(months[7].use.value, dec("745"));
}

TEST(Consumption, DailyUsesAddUpToThePeriod) {
  // Readings every 7 hours 13 minutes at an uneven rate: every local midnight is interpolated.
  std::vector<Reading> readings;
  Decimal value = dec("1234.567");
  int step = 0;
  for (Instant at = utc(2026, 3, 20); at < utc(2026, 4, 10); at += 7h + 13min, ++step) {
    readings.push_back(Reading{"E1", Channel::import_t1, at, value});
    value += Decimal::from_units(137 * (step % 5) + 1, 3);
  }
  const RegisterSeries series = RegisterSeries::build(readings, Channel::import_t1).value();
  const std::vector<DayUse> days = use_per_day(series, make_date(2026, 3, 21), make_date(2026, 4, 9)).value();
  ASSERT_EQ(days.size(), 19u);
  Decimal sum;
  for (const DayUse& day : days) {
    EXPECT_TRUE(day.use.estimated());
    sum += day.use.value;
  }
  const Use whole = series
                        .use(calendar::local_day(make_date(2026, 3, 21)).begin,
                             calendar::local_day(make_date(2026, 4, 9)).begin)
                        .value();
  EXPECT_EQ(sum, whole.value);
  // A day outside the readings: the error says which day and which side.
  const Result<std::vector<DayUse>> outside =
      use_per_day(series, make_date(2026, 4, 8), make_date(2026, 4, 12));  // last reading 9 Apr 17:57Z
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().field, "/days/2026-04-09/end");
}

TEST(Consumption, CombinedChannels) {
  std::vector<Reading> readings = {
      r("E1", utc(2026, 1, 1), "1000.000", Channel::import_t1),
      r("E1", utc(2026, 1, 2), "1010.500", Channel::import_t1),
      r("E1", utc(2026, 1, 1), "2000.000", Channel::import_t2),
      r("E1", utc(2026, 1, 2), "2004.250", Channel::import_t2),
      r("E1", utc(2026, 1, 1), "300.000", Channel::export_t1),
      r("E1", utc(2026, 1, 2), "301.000", Channel::export_t1),
      r("G1", utc(2026, 1, 1), "50.000", Channel::gas),
      r("G1", utc(2026, 1, 2), "53.000", Channel::gas),
  };
  const CombinedUse imported = import_use(readings, utc(2026, 1, 1), utc(2026, 1, 2)).value();
  EXPECT_EQ(imported.value, dec("14.750"));
  EXPECT_EQ(imported.first.value, dec("10.5"));
  EXPECT_EQ(imported.second.value, dec("4.25"));
  EXPECT_FALSE(imported.estimated());
  const CombinedUse half_day = import_use(readings, utc(2026, 1, 1), utc(2026, 1, 1, 12)).value();
  EXPECT_EQ(half_day.value, dec("7.375"));  // 5.250 + 2.125
  EXPECT_TRUE(half_day.estimated());
  const Result<CombinedUse> exported = export_use(readings, utc(2026, 1, 1), utc(2026, 1, 2));
  ASSERT_FALSE(exported.ok());  // no export_t2 readings
  EXPECT_EQ(exported.error().field, "/export_t2/start");
  const Result<CombinedUse> mixed =
      combined_use(readings, Channel::import_t1, Channel::gas, utc(2026, 1, 1), utc(2026, 1, 2));
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, ErrorCode::invalid_argument);
}

TEST(Consumption, MatchesPythonFractionsReference) {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/consumption_reference.tsv");
  ASSERT_TRUE(in) << "missing tests/data/consumption_reference.tsv";
  std::map<std::string, std::vector<Reading>> series;
  std::string line;
  int line_number = 0;
  int ok_cases = 0;
  int failed_cases = 0;
  int swapped_cases = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string kind;
    std::string id;
    fields >> kind >> id;
    SCOPED_TRACE("consumption_reference.tsv line " + std::to_string(line_number));
    if (kind == "series") {
      series[id];
    } else if (kind == "reading") {
      std::string meter;
      long long seconds = 0;
      std::string value;
      fields >> meter >> seconds >> value;
      series[id].push_back(Reading{meter, Channel::gas, Instant{std::chrono::seconds{seconds}}, dec(value)});
    } else if (kind == "query") {
      long long t0 = 0;
      long long t1 = 0;
      std::string outcome;
      fields >> t0 >> t1 >> outcome;
      const Result<Use> use = use_over(series[id], Channel::gas, Instant{std::chrono::seconds{t0}},
                                       Instant{std::chrono::seconds{t1}});
      if (outcome == "ok") {
        std::string value, start, end;
        int start_estimated = 0, end_estimated = 0, swaps = 0;
        fields >> value >> start >> start_estimated >> end >> end_estimated >> swaps;
        ASSERT_TRUE(use.ok()) << use.error();
        EXPECT_EQ(use->value.to_string(), value);
        EXPECT_EQ(use->start.register_value.to_string(), start);
        EXPECT_EQ(use->start.estimated, start_estimated == 1);
        EXPECT_EQ(use->end.register_value.to_string(), end);
        EXPECT_EQ(use->end.estimated, end_estimated == 1);
        EXPECT_EQ(use->meter_swaps, swaps);
        EXPECT_EQ(use->unit(), "m3");
        ++ok_cases;
        if (swaps > 0) ++swapped_cases;
      } else {
        std::string side;
        fields >> side;
        ASSERT_FALSE(use.ok());
        EXPECT_EQ(to_string(use.error().code), outcome);
        EXPECT_EQ(use.error().field, "/" + side);
        ++failed_cases;
      }
    }
  }
  EXPECT_EQ(series.size(), 60u);
  EXPECT_GE(ok_cases, 1300);
  EXPECT_GE(swapped_cases, 200);
  EXPECT_GE(failed_cases, 50);
}

}  // namespace
}  // namespace renofee::metering
