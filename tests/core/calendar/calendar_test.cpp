// Test plan for calendar.hpp:
//   Month stepping: keep day, clamp to month end, never chained (docs/domain.md §3 example: start 31 Jan ->
//   29 Feb 2028, 31 Mar, 30 Apr); negative steps; year boundaries; leap years (2100 is not one); every start
//   day of 2027 and 2028 stepped -30..600 months against the rule written out with `date`. Contract
//   months and years: half-open, contiguous, day counts (a 2028 year has 366 days). Parsing: strict ISO
//   dates; impossible dates and other shapes rejected naming the text. Local time: Europe/Amsterdam DST
//   change days of 2025 and 2026 (last Sunday of March and October): 23 and 25-hour days, ambiguous and
//   non-existent local times refused, offsets either side of the change.
#include "renofee/core/calendar/calendar.hpp"

#include <gtest/gtest.h>

namespace renofee::calendar {
namespace {

using namespace std::chrono_literals;

Date d(std::string_view text) {
  return parse_date(text).value();
}

Instant utc(int y, unsigned m, unsigned day, int hh, int mm = 0) {
  return date::sys_days{make_date(y, m, day)} + std::chrono::hours{hh} + std::chrono::minutes{mm};
}

LocalTime local(int y, unsigned m, unsigned day, int hh, int mm = 0) {
  return date::local_days{make_date(y, m, day)} + std::chrono::hours{hh} + std::chrono::minutes{mm};
}

TEST(CalendarMonths, KeepDayAndClampNeverChained) {
  struct Row {
    int line;
    const char* start;
    int months;
    const char* expected;
  };
  const Row rows[] = {
      {__LINE__, "2028-01-31", 1, "2028-02-29"},  // docs/domain.md §3
      {__LINE__, "2028-01-31", 2, "2028-03-31"},  // not 29 Mar: computed from the start, not chained
      {__LINE__, "2028-01-31", 3, "2028-04-30"},   {__LINE__, "2027-01-31", 1, "2027-02-28"},
      {__LINE__, "2100-01-31", 1, "2100-02-28"},  // 2100 is not a leap year
      {__LINE__, "2000-01-31", 1, "2000-02-29"},  // 2000 is
      {__LINE__, "2026-03-01", 12, "2027-03-01"},  {__LINE__, "2026-11-30", 3, "2027-02-28"},
      {__LINE__, "2026-12-15", 1, "2027-01-15"},   {__LINE__, "2026-03-31", -1, "2026-02-28"},
      {__LINE__, "2026-01-15", -13, "2024-12-15"}, {__LINE__, "2024-02-29", 12, "2025-02-28"},
      {__LINE__, "2024-02-29", 48, "2028-02-29"},  {__LINE__, "2026-03-01", 0, "2026-03-01"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    EXPECT_EQ(to_string(add_months_keep_day(d(row.start), row.months)), row.expected);
  }
}

// Days 1..28 take the path that never looks up a month's length; days 29..31 the clamping one. Both must
// agree with the rule written out here from `date` directly: same day when the target month has it, else
// that month's last day. Every start day of a leap and a common year, -30..600 months (every schedule term).
TEST(CalendarMonths, EveryStartDayAndStepMatchesTheRule) {
  for (const int year : {2027, 2028}) {
    for (unsigned month = 1; month <= 12; ++month) {
      const unsigned month_days = static_cast<unsigned>(
          date::year_month_day_last{date::year{year}, date::month_day_last{date::month{month}}}.day());
      for (unsigned day = 1; day <= month_days; ++day) {
        const Date start = make_date(year, month, day);
        for (int months = -30; months <= 600; ++months) {
          const date::year_month target = date::year{year} / date::month{month} + date::months{months};
          const date::day target_last =
              date::year_month_day_last{target.year(), date::month_day_last{target.month()}}.day();
          const Date expected{target.year(), target.month(), std::min(date::day{day}, target_last)};
          ASSERT_EQ(add_months_keep_day(start, months), expected) << to_string(start) << " + " << months;
        }
      }
    }
  }
  // Spot values on the fast path, written out by hand.
  EXPECT_EQ(to_string(add_months_keep_day(d("2026-03-28"), 11)), "2027-02-28");
  EXPECT_EQ(to_string(add_months_keep_day(d("2026-03-15"), 359)), "2056-02-15");
  EXPECT_EQ(to_string(add_months_keep_day(d("2026-01-01"), -1)), "2025-12-01");
}

TEST(CalendarMonths, ContractMonthsAreContiguousHalfOpen) {
  const Date start = d("2028-01-31");
  EXPECT_EQ(to_string(contract_month(start, 0)), "[2028-01-31, 2028-02-29)");
  EXPECT_EQ(to_string(contract_month(start, 1)), "[2028-02-29, 2028-03-31)");
  EXPECT_EQ(contract_month(start, 1).days(), 31);
  // 480 months (40 years) tile the timeline with no gap or overlap, and sum to the span in days.
  int total = 0;
  for (int k = 0; k < 480; ++k) {
    const Period month = contract_month(start, k);
    if (k > 0) {
      EXPECT_EQ(month.begin, contract_month(start, k - 1).end) << k;
    }
    EXPECT_GE(month.days(), 28);
    EXPECT_LE(month.days(), 31);
    total += month.days();
  }
  EXPECT_EQ(total, days_between(start, add_months_keep_day(start, 480)));
  EXPECT_TRUE(contract_month(start, 0).contains(d("2028-02-28")));
  EXPECT_FALSE(contract_month(start, 0).contains(d("2028-02-29")));
}

TEST(CalendarYears, ContractAndCalendarYears) {
  EXPECT_EQ(to_string(contract_year(d("2026-03-01"), 0)), "[2026-03-01, 2027-03-01)");
  EXPECT_EQ(contract_year(d("2026-03-01"), 0).days(), 365);
  EXPECT_EQ(contract_year(d("2027-03-01"), 0).days(), 366);  // contains 29 Feb 2028
  EXPECT_EQ(contract_year(d("2026-03-01"), 1).begin, contract_month(d("2026-03-01"), 12).begin);
  EXPECT_EQ(calendar_year(2028).days(), 366);
  EXPECT_EQ(calendar_year(2026).days(), 365);
  EXPECT_EQ(days_between(d("2026-03-01"), d("2026-02-01")), -28);
  EXPECT_EQ(to_string(add_days(d("2026-12-31"), 1)), "2027-01-01");
}

// to_string writes years 0..9999 digit by digit and leaves other years to date::format: the same text
// either way, for every day of 1600..2400 (leap rules of 1600, 1900, 2000, 2100), every 13th day of 0..9999,
// the first and last days of the fast range and the years just outside it; and known texts, so both could
// not be wrong together.
TEST(CalendarFormat, DigitByDigitMatchesDateFormat) {
  const auto check = [](date::sys_days day) {
    ASSERT_EQ(to_string(Date{day}), date::format("%F", day)) << day.time_since_epoch().count();
  };
  for (date::sys_days day = date::sys_days{make_date(1600, 1, 1)};
       day <= date::sys_days{make_date(2400, 12, 31)}; day += date::days{1})
    check(day);
  for (date::sys_days day = date::sys_days{make_date(0, 1, 1)};
       day <= date::sys_days{make_date(9999, 12, 31)}; day += date::days{13})
    check(day);
  for (int year : {-1, 0, 9999, 10000, 12345}) {
    check(date::sys_days{make_date(year, 1, 1)});
    check(date::sys_days{make_date(year, 12, 31)});
  }
  EXPECT_EQ(to_string(make_date(0, 1, 1)), "0000-01-01");
  EXPECT_EQ(to_string(make_date(2028, 2, 29)), "2028-02-29");
  EXPECT_EQ(to_string(make_date(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(to_string(make_date(10000, 1, 1)), "10000-01-01");  // outside the fast range: date::format's text
}

TEST(CalendarParse, StrictIsoDates) {
  EXPECT_EQ(to_string(d("2026-03-01")), "2026-03-01");
  EXPECT_TRUE(parse_date("2028-02-29").ok());
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-03-01", "2026/03/01",
                          "2026-3-1", " 2026-03-01", "2026-03-01T00:00", "", "abcd-ef-gh"}) {
    const Result<Date> parsed = parse_date(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos) << parsed.error();
  }
  EXPECT_EQ(parse_date("1850-01-01").error().code, ErrorCode::out_of_range);
  EXPECT_EQ(make_period(d("2026-02-01"), d("2026-01-01")).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(make_period(d("2026-01-01"), d("2026-02-01"))->days(), 31);
  EXPECT_THROW((void)make_date(2026, 2, 30), std::invalid_argument);
}

TEST(CalendarLocal, DstChangeDaysHave23And25Hours) {
  // Summer time in the EU starts and ends at 01:00 UTC on the last Sunday of March and October.
  struct Row {
    int line;
    const char* day;
    std::chrono::hours length;
  };
  const Row rows[] = {
      {__LINE__, "2025-03-30", 23h}, {__LINE__, "2025-10-26", 25h}, {__LINE__, "2026-03-29", 23h},
      {__LINE__, "2026-10-25", 25h}, {__LINE__, "2026-03-28", 24h}, {__LINE__, "2026-07-01", 24h},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    const InstantRange range = local_day(d(row.day));
    EXPECT_EQ(range.end - range.begin, row.length);
  }
  // Local midnight of 2026-03-29 is 23:00 UTC the day before; of 2026-03-30 it is 22:00 UTC.
  EXPECT_EQ(local_day(d("2026-03-29")).begin, utc(2026, 3, 28, 23));
  EXPECT_EQ(local_day(d("2026-03-29")).end, utc(2026, 3, 29, 22));
}

TEST(CalendarLocal, InstantsToLocalDates) {
  EXPECT_EQ(to_string(local_date(utc(2026, 3, 28, 22, 59))), "2026-03-28");
  EXPECT_EQ(to_string(local_date(utc(2026, 3, 28, 23, 0))), "2026-03-29");
  EXPECT_EQ(to_string(local_date(utc(2026, 6, 30, 21, 59))), "2026-06-30");
  EXPECT_EQ(to_string(local_date(utc(2026, 6, 30, 22, 0))), "2026-07-01");
  EXPECT_EQ(to_string(local_date(utc(2025, 12, 31, 23, 0))), "2026-01-01");
  EXPECT_EQ(utc_offset_seconds(utc(2026, 3, 29, 0, 59)), 3600);
  EXPECT_EQ(utc_offset_seconds(utc(2026, 3, 29, 1, 0)), 7200);
  EXPECT_EQ(utc_offset_seconds(utc(2026, 10, 25, 0, 59)), 7200);
  EXPECT_EQ(utc_offset_seconds(utc(2026, 10, 25, 1, 0)), 3600);
  EXPECT_EQ(instant_to_local(utc(2026, 10, 25, 0, 30)), local(2026, 10, 25, 2, 30));
  EXPECT_EQ(instant_to_local(utc(2026, 10, 25, 1, 30)), local(2026, 10, 25, 2, 30));
}

TEST(CalendarLocal, AmbiguousAndMissingLocalTimesAreRefused) {
  // 2025-10-26 02:30 happens twice; 2025-03-30 02:30 never happens.
  const Result<Instant> twice = local_to_instant(local(2025, 10, 26, 2, 30));
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("occurs twice"), std::string::npos);
  const Result<Instant> never = local_to_instant(local(2025, 3, 30, 2, 30));
  ASSERT_FALSE(never.ok());
  EXPECT_NE(never.error().message.find("does not exist"), std::string::npos);
  EXPECT_FALSE(local_to_instant(local(2026, 10, 25, 2, 0)).ok());
  EXPECT_FALSE(local_to_instant(local(2026, 3, 29, 2, 59)).ok());
  EXPECT_EQ(local_to_instant(local(2026, 3, 29, 3, 0)).value(), utc(2026, 3, 29, 1));
  EXPECT_EQ(local_to_instant(local(2026, 10, 25, 3, 0)).value(), utc(2026, 10, 25, 2));
  EXPECT_EQ(local_to_instant(local(2026, 1, 15, 12, 0)).value(), utc(2026, 1, 15, 11));
}

}  // namespace
}  // namespace renofee::calendar
