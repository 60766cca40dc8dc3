// renofee/core/calendar/calendar.hpp
//
// Purpose: the one door to Howard Hinnant's `date` library (docs/domain.md §3). Everything in renofee that
// handles dates, contract months and local days goes through here, so the month-stepping policy and the time
// zone are decided once.
//
// - `Date` is a civil date (proleptic Gregorian), `Instant` a UTC time point in seconds.
// - Periods are half-open `[begin, end)` in days.
// - Month stepping policy `add_months_keep_day`: keep the day of the month and clamp it to the target
//   month's last day, always computed from the *original* date, never chained (start 31 Jan: 29 Feb 2028,
//   31 Mar, 30 Apr ...). Contract month k = [start + k months, start + (k + 1) months); contract year n =
//   months 12n .. 12n + 11.
// - Local time is Europe/Amsterdam from the operating system's tz database (Debian package tzdata). A local
//   day is [00:00, 24:00) local, so it lasts 23 hours on the last Sunday of March and 25 on the last Sunday
//   of October.
#pragma once

#include <date/date.h>
#include <chrono>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"

namespace renofee::calendar {

using Date = date::year_month_day;
using Instant = date::sys_seconds;
using LocalTime = date::local_seconds;

// Half-open day range [begin, end).
struct Period {
  Date begin;
  Date end;

  [[nodiscard]] int days() const;               // end - begin; 365 or 366 for a year
  [[nodiscard]] bool contains(Date day) const;  // begin <= day < end
  friend bool operator==(const Period&, const Period&) = default;
};

// Builds a period after checking begin <= end and that both dates are valid.
Result<Period> make_period(Date begin, Date end);

// Strict ISO 8601 calendar date "YYYY-MM-DD" (years 1900-2200); anything else is invalid_argument.
Result<Date> parse_date(std::string_view text);
// "2026-03-01"
std::string to_string(Date day);
std::string to_string(const Period& period);  // "[2026-03-01, 2026-04-01)"

// A date from year, month and day; narrow contract (std::invalid_argument when not a real date).
Date make_date(int year, unsigned month, unsigned day);

// `day` plus `months` calendar months (may be negative), keeping the day of month and clamping it to the
// target month's length: add_months_keep_day(2028-01-31, 1) == 2028-02-29. Days 1..28 exist in every month
// and are never clamped (the fast path a schedule's due dates take).
Date add_months_keep_day(Date day, int months);
Date add_days(Date day, int days);
// Number of days from `from` to `to` (negative when `to` is earlier).
int days_between(Date from, Date to);

// Contract month k (0-based): [start + k months, start + (k + 1) months). The fee for month k is due
// on begin.
Period contract_month(Date start, int k);
// Contract year n (0-based): [start + 12n months, start + 12(n + 1) months).
Period contract_year(Date start, int n);
// Calendar year [Jan 1 year, Jan 1 year+1).
Period calendar_year(int year);

// The local (Europe/Amsterdam) civil date of a UTC instant.
Date local_date(Instant instant);
// The UTC instants bounding the local day: [local 00:00 of `day`, local 00:00 of the next day).
struct InstantRange {
  Instant begin;
  Instant end;
};
InstantRange local_day(Date day);
// Local wall-clock time to UTC. A time that occurs twice (the repeated hour in October) or never (the skipped
// hour in March) is invalid_argument saying which, never guessed.
Result<Instant> local_to_instant(LocalTime local);
// UTC instant to Amsterdam wall-clock time.
LocalTime instant_to_local(Instant instant);
// UTC offset in seconds in force in Amsterdam at `instant` (3600 in winter, 7200 in summer).
int utc_offset_seconds(Instant instant);

}  // namespace renofee::calendar
