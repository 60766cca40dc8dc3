// Test plan for degree_days.hpp:
//   Daily formula max(0, 18 - TG/10): hand rows at and around the base (179, 180, 181), frost, heat; the
//   docs/domain.md §7.2 example TG = 52 in January -> 12.8 unweighted, 14.08 weighted. Month weights for all
//   twelve months (docs/domain.md §7). Period sums over half-open periods (the end day is excluded) with hand
//   totals; an empty period. Missing TG (no row, blank field) makes degree days unavailable and lists the
//   dates, never zero; a missing Q only makes irradiance unavailable. Filling from a named second station:
//   filled days reported, days missing at both stay missing. Bad input: a day of another station, a date
//   twice with different values (twice with the same values is fine). Normal year: mean over years with a
//   named rounding, failed_precondition naming a year with a gap. The CBS De Bilt figures are checked on the
//   real KNMI file in tests/adapters/io/knmi_daily_test.cpp (it needs the parser).
#include "renofee/core/weather/degree_days.hpp"

#include <gtest/gtest.h>
#include "support/literals.hpp"

namespace renofee::weather {
namespace {

using calendar::make_date;

WeatherDay day(int station, int y, unsigned m, unsigned d, std::optional<int> tg, std::optional<int> q) {
  return WeatherDay{station, make_date(y, m, d), tg, q};
}

TEST(DegreeDays, DailyFormula) {
  struct Row {
    int line;
    int tg;
    unsigned month;
    const char* plain;
    const char* weighted;
  };
  const Row rows[] = {
      {__LINE__, 52, 1, "12.8", "14.08"},   // docs/domain.md §7.2: (18 - 5.2) × 1.1
      {__LINE__, 180, 1, "0", "0"},         // exactly the base: no heating
      {__LINE__, 181, 1, "0", "0"},         // above the base: zero, never negative
      {__LINE__, 179, 7, "0.1", "0.08"},    // July weight 0.8
      {__LINE__, 350, 7, "0", "0"},         // a hot day
      {__LINE__, -50, 2, "23.0", "25.30"},  // frost: 18 - (-5.0) = 23, February × 1.1
      {__LINE__, 0, 3, "18.0", "18.00"},    // March weight 1.0
      {__LINE__, 100, 10, "8.0", "8.00"},   // October weight 1.0
      {__LINE__, 100, 4, "8.0", "6.40"},    // April weight 0.8
      {__LINE__, 100, 11, "8.0", "8.80"},   // November weight 1.1
      {__LINE__, -1, 12, "18.1", "19.91"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const calendar::Date date = make_date(2014, row.month, 15);
    EXPECT_EQ(degree_days_of(row.tg).value(), dec(row.plain));
    EXPECT_EQ(weighted_degree_days_of(row.tg, date).value(), dec(row.weighted));
  }
  EXPECT_EQ(degree_days_of(52).to_string(), "12.8");  // exact with one decimal
}

TEST(DegreeDays, MonthWeights) {
  const char* expected[] = {"1.1", "1.1", "1.0", "0.8", "0.8", "0.8",
                            "0.8", "0.8", "0.8", "1.0", "1.1", "1.1"};
  for (unsigned m = 1; m <= 12; ++m) {
    SCOPED_TRACE("month " + std::to_string(m));
    EXPECT_EQ(month_weight(date::month{m}).to_string(), expected[m - 1]);
  }
}

TEST(DegreeDays, PeriodSumsAreHalfOpen) {
  // 28 Feb - 3 Mar 2014: the weight changes from 1.1 to 1.0 on 1 March.
  const std::vector<WeatherDay> days = {
      day(260, 2014, 2, 28, 52, 300),  // 12.8 -> 14.08
      day(260, 2014, 3, 1, 80, 500),   // 10.0 -> 10.00
      day(260, 2014, 3, 2, 200, 900),  // 0
      day(260, 2014, 3, 3, -20, 100),  // 20.0, outside [28 Feb, 3 Mar)
  };
  const StationSeries series{260, days};
  const WeatherSummary s =
      summarise(series, calendar::Period{make_date(2014, 2, 28), make_date(2014, 3, 3)}).value();
  EXPECT_EQ(s.degree_days->value(), dec("22.8"));
  EXPECT_EQ(s.weighted_degree_days->value(), dec("24.08"));
  EXPECT_EQ(s.irradiance->value(), Decimal(1700));
  EXPECT_TRUE(s.missing_temperature_days.empty());
  EXPECT_TRUE(s.filled.empty());
  EXPECT_EQ(require_weighted_degree_days(s).value().value(), dec("24.08"));

  const WeatherSummary empty =
      summarise(series, calendar::Period{make_date(2014, 3, 1), make_date(2014, 3, 1)}).value();
  EXPECT_EQ(empty.degree_days->value(), Decimal(0));
  EXPECT_EQ(empty.irradiance->value(), Decimal(0));
}

TEST(DegreeDays, MissingDaysMakeThePeriodUnavailable) {
  const std::vector<WeatherDay> days = {
      day(260, 2014, 1, 1, 52, 300), day(260, 2014, 1, 2, std::nullopt, 200),  // blank TG
      // 3 January: no row at all
      day(260, 2014, 1, 4, 10, std::nullopt),  // blank Q
  };
  const WeatherSummary s =
      summarise(StationSeries{260, days}, calendar::Period{make_date(2014, 1, 1), make_date(2014, 1, 5)})
          .value();
  EXPECT_FALSE(s.degree_days.has_value());  // unavailable, not zero and not a partial sum
  EXPECT_FALSE(s.weighted_degree_days.has_value());
  EXPECT_FALSE(s.irradiance.has_value());
  EXPECT_EQ(s.missing_temperature_days,
            (std::vector<calendar::Date>{make_date(2014, 1, 2), make_date(2014, 1, 3)}));
  EXPECT_EQ(s.missing_radiation_days,
            (std::vector<calendar::Date>{make_date(2014, 1, 3), make_date(2014, 1, 4)}));
  const Result<DegreeDays> required = require_weighted_degree_days(s);
  ASSERT_FALSE(required.ok());
  EXPECT_EQ(required.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(required.error().message.find("2 missing day(s): 2014-01-02, 2014-01-03"), std::string::npos)
      << required.error().message;
  EXPECT_NE(require_irradiance(s).error().message.find("2014-01-04"), std::string::npos);
  EXPECT_FALSE(require_degree_days(s).ok());
}

TEST(DegreeDays, FillFromNamedSecondStation) {
  const std::vector<WeatherDay> de_bilt = {
      day(260, 2014, 1, 1, 52, 300),
      day(260, 2014, 1, 2, std::nullopt, 200),
      day(260, 2014, 1, 4, 10, std::nullopt),
  };
  const std::vector<WeatherDay> cabauw = {
      day(348, 2014, 1, 2, 40, 250),            // fills TG only (De Bilt has Q)
      day(348, 2014, 1, 3, std::nullopt, 100),  // fills Q only; TG stays missing
      day(348, 2014, 1, 4, 20, 150),            // fills Q only
  };
  const calendar::Period period{make_date(2014, 1, 1), make_date(2014, 1, 5)};
  const WeatherSummary s = summarise(StationSeries{260, de_bilt}, period, StationSeries{348, cabauw}).value();
  EXPECT_EQ(s.filled, (std::vector<FilledDay>{{make_date(2014, 1, 2), 348, true, false},
                                              {make_date(2014, 1, 3), 348, false, true},
                                              {make_date(2014, 1, 4), 348, false, true}}));
  EXPECT_EQ(s.missing_temperature_days, std::vector<calendar::Date>{make_date(2014, 1, 3)});
  EXPECT_FALSE(s.degree_days.has_value());
  EXPECT_EQ(s.irradiance->value(), Decimal(300 + 200 + 100 + 150));

  // With 3 January present at Cabauw, everything is available: 12.8 + 14.0 + 15.0 + 17.0 = 58.8 (× 1.1).
  std::vector<WeatherDay> cabauw_full = cabauw;
  cabauw_full[1].mean_temperature_01c = 30;
  const WeatherSummary full =
      summarise(StationSeries{260, de_bilt}, period, StationSeries{348, cabauw_full}).value();
  EXPECT_EQ(full.degree_days->value(), dec("58.8"));
  EXPECT_EQ(full.weighted_degree_days->value(), dec("64.68"));
  EXPECT_TRUE(full.missing_temperature_days.empty());
}

TEST(DegreeDays, BadSeriesRefused) {
  const calendar::Period period{make_date(2014, 1, 1), make_date(2014, 1, 3)};
  const std::vector<WeatherDay> mixed = {day(260, 2014, 1, 1, 52, 300), day(348, 2014, 1, 2, 52, 300)};
  const Result<WeatherSummary> wrong_station = summarise(StationSeries{260, mixed}, period);
  ASSERT_FALSE(wrong_station.ok());
  EXPECT_EQ(wrong_station.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(wrong_station.error().message.find("station 348"), std::string::npos);

  const std::vector<WeatherDay> twice = {day(260, 2014, 1, 1, 52, 300), day(260, 2014, 1, 1, 53, 300)};
  const Result<WeatherSummary> conflict = summarise(StationSeries{260, twice}, period);
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.error().message.find("2014-01-01"), std::string::npos);

  const std::vector<WeatherDay> same_twice = {day(260, 2014, 1, 1, 52, 300), day(260, 2014, 1, 1, 52, 300),
                                              day(260, 2014, 1, 2, 180, 0)};
  EXPECT_EQ(summarise(StationSeries{260, same_twice}, period).value().degree_days->value(), dec("12.8"));

  EXPECT_FALSE(summarise(StationSeries{260, same_twice}, period, StationSeries{260, same_twice}).ok());
}

TEST(DegreeDays, NormalYearIsTheRoundedMean) {
  // Two synthetic years: every day TG = 80 (10.0 degree days). Weighted year 2013 (365 days):
  // 10.0 × (1.1 × 120 + 1.0 × 62 + 0.8 × 183) = 10.0 × 340.4 = 3404.0; 2016 (leap, 29 Feb × 1.1): 3415.0.
  // Q = 1 per day: 365 and 366. Means: 3409.5 and 365.5; at scale 0 half_even: 3410 (tie to even) and 366.
  std::vector<WeatherDay> days;
  for (int year : {2013, 2016}) {
    for (calendar::Date d = make_date(year, 1, 1); d < make_date(year + 1, 1, 1);
         d = calendar::add_days(d, 1))
      days.push_back(WeatherDay{260, d, 80, 1});
  }
  const std::vector<int> years = {2013, 2016};
  const NormalYear exact = normal_year(StationSeries{260, days}, years, 2, Rounding::half_even).value();
  EXPECT_EQ(exact.weighted_degree_days.value(), dec("3409.50"));
  EXPECT_EQ(exact.irradiance.value(), dec("365.50"));
  EXPECT_EQ(exact.years, 2);
  const NormalYear rounded = normal_year(StationSeries{260, days}, years, 0, Rounding::half_even).value();
  EXPECT_EQ(rounded.weighted_degree_days.value(), Decimal(3410));
  EXPECT_EQ(rounded.irradiance.value(), Decimal(366));

  const std::vector<int> with_gap = {2013, 2014};
  const Result<NormalYear> gap = normal_year(StationSeries{260, days}, with_gap, 2, Rounding::half_even);
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(gap.error().message.find("2014-01-01"), std::string::npos);
  const std::vector<int> duplicate = {2013, 2013};
  EXPECT_EQ(normal_year(StationSeries{260, days}, duplicate, 2, Rounding::half_even).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(normal_year(StationSeries{260, days}, {}, 2, Rounding::half_even).error().code,
            ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace renofee::weather
