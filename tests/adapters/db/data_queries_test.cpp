// Test plan for renofee/app/data_queries.hpp over the SQL stores, on every backend (the use cases behind
// `renofee usage`, `renofee degree-days` and their HTTP endpoints). Expected figures by hand from the
// fixture: quarter-hourly readings rising 0.125 kWh per step, so a local day of 24 h is 96 steps = 12.000
// kWh and the DST day 2026-03-29 (23 h, docs/domain.md §3) is 92 steps = 11.500; March 2026 in Amsterdam is
// 31 x 24 - 1 = 743 h = 2,972 steps = 371.500.
//  - total, per day and per month agree and sum exactly; boundaries on readings are not estimated;
//  - the channel filter; a channel without meters is left out; a period the readings do not cover is the
//    channel's error (nothing computed), never zero;
//  - query checks name their parameter: /to (order, 100-year and 3,660-day limits), /granularity
//    (month alignment, unknown name);
//  - degree days of two De Bilt days (TG -1.6 and -1.1 degC: 19.6 + 19.1 = 38.7, weighted x 1.1 in January
//    = 42.57) and the station check.
#include "renofee/app/data_queries.hpp"

#include <gtest/gtest.h>

#include "db_fixture.hpp"
#include "renofee/adapters/db/sql_reading_store.hpp"
#include "renofee/adapters/db/sql_weather_store.hpp"

namespace renofee::db {
namespace {

using calendar::make_date;
using metering::Channel;
using testing::utc;

class DataQueries : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    readings_ = std::make_unique<SqlReadingStore>(db());
    // 2026-02-28T00:00Z .. 2026-04-01T23:45Z, every quarter hour.
    testing::VectorFeed feed(
        testing::series("E1", Channel::import_t1, utc(2026, 2, 28), 33 * 96, Decimal(0)));
    app::IngestOptions options;
    options.contract_id = "c1";
    options.content_sha256 = testing::fake_sha(1);
    options.received_at = utc(2026, 4, 2);
    ASSERT_TRUE(app::ingest_readings(*readings_, feed, options).ok());
  }
  void TearDown() override {
    readings_.reset();
    DbTest::TearDown();
  }
  app::UsageReport report(app::UsageQuery query) {
    Result<app::UsageReport> r = app::usage_report(*readings_, query);
    if (!r) throw std::runtime_error(describe(r.error()));
    return std::move(r).value();
  }
  std::unique_ptr<SqlReadingStore> readings_;
};

TEST_P(DataQueries, DaysMonthsAndTotalAgree) {
  const app::UsageReport days =
      report({"c1", make_date(2026, 3, 28), make_date(2026, 3, 30), std::nullopt, app::Granularity::day});
  ASSERT_EQ(days.channels.size(), 1u);
  const app::ChannelUsage& c = days.channels[0];
  EXPECT_EQ(c.channel, Channel::import_t1);
  ASSERT_TRUE(c.total.has_value());
  EXPECT_EQ(c.total->value, testing::dec("23.500"));
  EXPECT_FALSE(c.total->estimated());
  ASSERT_EQ(c.slices.size(), 2u);
  EXPECT_EQ(c.slices[0].start, make_date(2026, 3, 28));
  EXPECT_EQ(c.slices[0].end, make_date(2026, 3, 29));
  EXPECT_EQ(c.slices[0].use.value, testing::dec("12.000"));
  EXPECT_EQ(c.slices[1].use.value, testing::dec("11.500"));  // 23-hour DST day
  EXPECT_EQ(days.computed(), 1);
  EXPECT_EQ(days.t0, utc(2026, 3, 27, 23));
  EXPECT_EQ(days.t1, utc(2026, 3, 29, 22));

  const app::UsageReport month =
      report({"c1", make_date(2026, 3, 1), make_date(2026, 4, 1), std::nullopt, app::Granularity::month});
  ASSERT_EQ(month.channels.size(), 1u);
  ASSERT_EQ(month.channels[0].slices.size(), 1u);
  EXPECT_EQ(month.channels[0].slices[0].start, make_date(2026, 3, 1));
  EXPECT_EQ(month.channels[0].slices[0].end, make_date(2026, 4, 1));
  EXPECT_EQ(month.channels[0].slices[0].use.value, testing::dec("371.500"));
  EXPECT_EQ(month.channels[0].total->value, testing::dec("371.500"));

  const app::UsageReport total =
      report({"c1", make_date(2026, 3, 1), make_date(2026, 4, 1), std::nullopt, app::Granularity::total});
  EXPECT_EQ(total.channels[0].total->value, testing::dec("371.500"));
  EXPECT_TRUE(total.channels[0].slices.empty());
}

TEST_P(DataQueries, ChannelFilterMissingMetersAndGaps) {
  const app::UsageReport gas =
      report({"c1", make_date(2026, 3, 1), make_date(2026, 3, 2), Channel::gas, app::Granularity::total});
  EXPECT_TRUE(gas.channels.empty());
  const app::UsageReport other =
      report({"c2", make_date(2026, 3, 1), make_date(2026, 3, 2), std::nullopt, app::Granularity::total});
  EXPECT_TRUE(other.channels.empty());
  const app::UsageReport beyond =
      report({"c1", make_date(2026, 3, 30), make_date(2026, 4, 5), std::nullopt, app::Granularity::day});
  ASSERT_EQ(beyond.channels.size(), 1u);
  EXPECT_FALSE(beyond.channels[0].total.has_value());
  ASSERT_TRUE(beyond.channels[0].error.has_value());
  EXPECT_EQ(beyond.channels[0].error->code, ErrorCode::failed_precondition);
  EXPECT_EQ(beyond.computed(), 0);
}

TEST_P(DataQueries, QueryChecksNameTheirParameter) {
  struct Row {
    int line;
    calendar::Date from, to;
    app::Granularity granularity;
    const char* field;
  };
  const Row rows[] = {
      {__LINE__, make_date(2026, 3, 2), make_date(2026, 3, 2), app::Granularity::total, "/to"},
      {__LINE__, make_date(2026, 3, 3), make_date(2026, 3, 2), app::Granularity::total, "/to"},
      {__LINE__, make_date(1950, 1, 1), make_date(2050, 1, 2), app::Granularity::total, "/to"},
      {__LINE__, make_date(2000, 1, 1), make_date(2010, 1, 9), app::Granularity::day, "/to"},
      {__LINE__, make_date(2026, 3, 2), make_date(2026, 4, 1), app::Granularity::month, "/granularity"},
      {__LINE__, make_date(2026, 3, 1), make_date(2026, 3, 31), app::Granularity::month, "/granularity"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("row at line " + std::to_string(row.line));
    Result<app::UsageReport> refused =
        app::usage_report(*readings_, {"c1", row.from, row.to, std::nullopt, row.granularity});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(refused.error().field, row.field);
  }
  EXPECT_TRUE(
      app::validate({"c1", make_date(2000, 1, 1), make_date(2010, 1, 8), std::nullopt, app::Granularity::day})
          .ok());  // 3,660 days exactly
  EXPECT_EQ(app::parse_granularity("week").error().field, "/granularity");
  EXPECT_EQ(app::parse_granularity("month").value(), app::Granularity::month);
}

TEST_P(DataQueries, DegreeDays) {
  SqlWeatherStore weather(db());
  const std::vector<weather::WeatherDay> days = {{260, make_date(2010, 1, 1), -16, 318},
                                                 {260, make_date(2010, 1, 2), -11, 117}};
  ASSERT_TRUE(weather.upsert_days(days).ok());
  Result<app::DegreeDayReport> r =
      app::degree_day_report(weather, {260, make_date(2010, 1, 1), make_date(2010, 1, 3)});
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_EQ(r->period.days(), 2);
  EXPECT_EQ(r->summary.degree_days->value(), testing::dec("38.7"));
  EXPECT_EQ(r->summary.weighted_degree_days->value(), testing::dec("42.57"));
  EXPECT_EQ(r->summary.irradiance->value(), testing::dec("435"));
  Result<app::DegreeDayReport> gap =
      app::degree_day_report(weather, {260, make_date(2010, 1, 1), make_date(2010, 1, 4)});
  ASSERT_TRUE(gap.ok());
  EXPECT_FALSE(gap->summary.degree_days.has_value());
  EXPECT_EQ(gap->summary.missing_temperature_days, std::vector<calendar::Date>{make_date(2010, 1, 3)});
  EXPECT_EQ(app::degree_day_report(weather, {0, make_date(2010, 1, 1), make_date(2010, 1, 3)}).error().field,
            "/station");
  EXPECT_EQ(
      app::degree_day_report(weather, {1000, make_date(2010, 1, 1), make_date(2010, 1, 3)}).error().field,
      "/station");
  EXPECT_EQ(
      app::degree_day_report(weather, {260, make_date(2010, 1, 3), make_date(2010, 1, 3)}).error().field,
      "/to");
}

RENOFEE_INSTANTIATE_BACKENDS(DataQueries);

}  // namespace
}  // namespace renofee::db
