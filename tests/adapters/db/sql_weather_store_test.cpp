// Test plan for renofee/adapters/db/sql_weather_store.hpp, on every backend (docs/domain.md §7):
//  - days come back ordered, per station, inside the half-open period only;
//  - missing TG or Q (blank in KNMI files) stay missing: NULL in the table, nullopt out, never 0;
//  - an upsert replaces values of existing days (also with missing), adds new ones, in one transaction;
//  - more than one batch (2,500 days) round-trips; an invalid date is refused before anything is written.
#include "renofee/adapters/db/sql_weather_store.hpp"

#include <gtest/gtest.h>

#include "db_fixture.hpp"

namespace renofee::db {
namespace {

using calendar::make_date;
using weather::WeatherDay;

class WeatherStore : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = std::make_unique<SqlWeatherStore>(db());
  }
  void TearDown() override {
    store_.reset();
    DbTest::TearDown();
  }
  std::vector<WeatherDay> query(int station, calendar::Date from, calendar::Date to) {
    return store_->days(station, calendar::make_period(from, to).value()).value();
  }
  std::unique_ptr<SqlWeatherStore> store_;
};

// Station 260, 1-4 Jan 2010 from tests/data/knmi/synthetic_260_2010_2014.txt (synthetic weather: TG 34,
// 79, 71, 98; Q 132, 68, 289, 178), with the 3rd's Q and the 4th's TG blanked here to exercise missing values, and
// station 348 on 1 Jan 2010 (TG 31, Q 140, made up). Given out of date order on purpose.
const std::vector<WeatherDay> january_2010 = {
    {260, make_date(2010, 1, 2), 79, 68},           {260, make_date(2010, 1, 1), 34, 132},
    {260, make_date(2010, 1, 3), 71, std::nullopt}, {260, make_date(2010, 1, 4), std::nullopt, 178},
    {348, make_date(2010, 1, 1), 31, 140},
};

TEST_P(WeatherStore, DaysComeBackOrderedWithMissingValuesKept) {
  ASSERT_EQ(store_->upsert_days(january_2010).value(), 5);
  const std::vector<WeatherDay> days = query(260, make_date(2010, 1, 1), make_date(2010, 1, 5));
  const std::vector<WeatherDay> expected = {january_2010[1], january_2010[0], january_2010[2],
                                            january_2010[3]};
  EXPECT_EQ(days, expected);
  long long nulls = 0;
  db().session() << "SELECT COUNT(*) FROM weather_days WHERE tg IS NULL OR q IS NULL", soci::into(nulls);
  EXPECT_EQ(nulls, 2);
}

TEST_P(WeatherStore, PeriodIsHalfOpenAndPerStation) {
  ASSERT_TRUE(store_->upsert_days(january_2010).ok());
  struct Case {
    int line;
    int station;
    unsigned from_day, to_day;
    std::size_t expected;
  };
  const std::vector<Case> cases = {
      {__LINE__, 260, 2, 4, 2},  {__LINE__, 260, 1, 1, 0},  {__LINE__, 260, 4, 30, 1},
      {__LINE__, 348, 1, 31, 1}, {__LINE__, 999, 1, 31, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("row at line " + std::to_string(c.line));
    const std::vector<WeatherDay> days =
        query(c.station, make_date(2010, 1, c.from_day), make_date(2010, 1, c.to_day));
    ASSERT_EQ(days.size(), c.expected);
    if (!days.empty()) {
      EXPECT_EQ(days.front().day, make_date(2010, 1, c.from_day));
    }
  }
}

TEST_P(WeatherStore, UpsertReplacesAndAdds) {
  ASSERT_TRUE(store_->upsert_days(january_2010).ok());
  const std::vector<WeatherDay> newer = {
      {260, make_date(2010, 1, 3), 71, 289},                     // Q filled in
      {260, make_date(2010, 1, 1), std::nullopt, std::nullopt},  // became missing
      {260, make_date(2010, 1, 5), -40, 100},                    // new day
  };
  ASSERT_EQ(store_->upsert_days(newer).value(), 3);
  const std::vector<WeatherDay> days = query(260, make_date(2010, 1, 1), make_date(2010, 2, 1));
  ASSERT_EQ(days.size(), 5U);
  EXPECT_EQ(days[0], newer[1]);
  EXPECT_EQ(days[2], newer[0]);
  EXPECT_EQ(days[4], newer[2]);
}

TEST_P(WeatherStore, ManyBatchesRoundTrip) {
  std::vector<WeatherDay> days;
  for (int i = 0; i < 2500; ++i) {
    days.push_back(WeatherDay{348, calendar::add_days(make_date(2000, 1, 1), i), i % 300 - 100,
                              i % 7 == 0 ? std::nullopt : std::optional<int>(i % 3000)});
  }
  ASSERT_EQ(store_->upsert_days(days).value(), 2500);
  EXPECT_EQ(query(348, make_date(1999, 1, 1), make_date(2100, 1, 1)), days);
}

TEST_P(WeatherStore, InvalidDateWritesNothing) {
  std::vector<WeatherDay> days = january_2010;
  days.push_back(WeatherDay{260, calendar::Date{date::year{2010}, date::month{2}, date::day{30}}, 1, 1});
  Result<std::int64_t> refused = store_->upsert_days(days);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(query(260, make_date(2010, 1, 1), make_date(2010, 2, 1)).empty());
}

RENOFEE_INSTANTIATE_BACKENDS(WeatherStore);

}  // namespace
}  // namespace renofee::db
