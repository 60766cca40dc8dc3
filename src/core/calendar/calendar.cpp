#include "renofee/core/calendar/calendar.hpp"

#include <date/tz.h>
#include <stdexcept>

namespace renofee::calendar {
namespace {

const date::time_zone* amsterdam() {
  // Located once; throws std::runtime_error when the OS tz database lacks the zone (tzdata not installed),
  // which is a broken deployment, not an input error.
  static const date::time_zone* zone = date::locate_zone("Europe/Amsterdam");
  return zone;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

int Period::days() const {
  return days_between(begin, end);
}

bool Period::contains(Date day) const {
  return begin <= day && day < end;
}

Result<Period> make_period(Date begin, Date end) {
  if (!begin.ok() || !end.ok()) return invalid_argument("period has an invalid date");
  if (end < begin) {
    return invalid_argument("period ends (" + to_string(end) + ") before it begins (" + to_string(begin) +
                            ")");
  }
  return Period{begin, end};
}

Result<Date> parse_date(std::string_view text) {
  const auto bad = [&] {
    return invalid_argument("not a date (expected YYYY-MM-DD): \"" + std::string(text.substr(0, 40)) + "\"");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!is_digit(text[i])) return bad();
  }
  const auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i)
      value = value * 10 + (text[i] - '0');
    return value;
  };
  const int year = number(0, 4);
  const Date day{date::year{year}, date::month{static_cast<unsigned>(number(5, 2))},
                 date::day{static_cast<unsigned>(number(8, 2))}};
  if (!day.ok()) return invalid_argument("no such date: \"" + std::string(text) + "\"");
  if (year < 1900 || year > 2200) {
    return out_of_range("date outside 1900-2200: \"" + std::string(text) + "\"");
  }
  return day;
}

std::string to_string(Date day) {
  // Years 0..9999 (every date a contract, tariff or reading can carry) are written digit by digit: a quote
  // writes hundreds of dates, and date::format goes through an ostringstream per call. Other years keep
  // date::format's form, so the text is the same for every date.
  const int year = static_cast<int>(day.year());
  if (day.ok() && year >= 0 && year <= 9999) {
    const auto month = static_cast<unsigned>(day.month());
    const auto dom = static_cast<unsigned>(day.day());
    std::string text(10, '-');
    text[0] = static_cast<char>('0' + year / 1000);
    text[1] = static_cast<char>('0' + year / 100 % 10);
    text[2] = static_cast<char>('0' + year / 10 % 10);
    text[3] = static_cast<char>('0' + year % 10);
    text[5] = static_cast<char>('0' + month / 10);
    text[6] = static_cast<char>('0' + month % 10);
    text[8] = static_cast<char>('0' + dom / 10);
    text[9] = static_cast<char>('0' + dom % 10);
    return text;
  }
  return date::format("%F", date::sys_days{day});
}

std::string to_string(const Period& period) {
  return "[" + to_string(period.begin) + ", " + to_string(period.end) + ")";
}

Date make_date(int year, unsigned month, unsigned day) {
  const Date result{date::year{year}, date::month{month}, date::day{day}};
  if (!result.ok()) throw std::invalid_argument("make_date: not a real date");
  return result;
}

Date add_months_keep_day(Date day, int months) {
  const date::year_month target = date::year_month{day.year(), day.month()} + date::months{months};
  // Every month has at least 28 days, so such a day is never clamped and the target month's length is not
  // needed: a 360-month schedule steps its due dates here (docs/performance.md, "Fee schedules").
  if (day.day() <= date::day{28}) return Date{target.year(), target.month(), day.day()};
  const date::day last = date::year_month_day_last{target.year(), date::month_day_last{target.month()}}.day();
  return Date{target.year(), target.month(), day.day() <= last ? day.day() : last};
}

Date add_days(Date day, int days) {
  return Date{date::sys_days{day} + date::days{days}};
}

int days_between(Date from, Date to) {
  return static_cast<int>((date::sys_days{to} - date::sys_days{from}).count());
}

Period contract_month(Date start, int k) {
  return Period{add_months_keep_day(start, k), add_months_keep_day(start, k + 1)};
}

Period contract_year(Date start, int n) {
  return Period{add_months_keep_day(start, 12 * n), add_months_keep_day(start, 12 * (n + 1))};
}

Period calendar_year(int year) {
  return Period{make_date(year, 1, 1), make_date(year + 1, 1, 1)};
}

Date local_date(Instant instant) {
  const date::local_seconds local = amsterdam()->to_local(instant);
  return Date{date::floor<date::days>(local)};
}

InstantRange local_day(Date day) {
  // Midnight exists exactly once in Amsterdam (DST changes happen at 02:00/03:00), so `choose::earliest`
  // never has to choose; it only documents the intent.
  const auto begin = amsterdam()->to_sys(date::local_days{day}, date::choose::earliest);
  const auto end = amsterdam()->to_sys(date::local_days{day} + date::days{1}, date::choose::earliest);
  return {date::floor<std::chrono::seconds>(begin), date::floor<std::chrono::seconds>(end)};
}

Result<Instant> local_to_instant(LocalTime local) {
  const date::local_info info = amsterdam()->get_info(local);
  const auto shown = [&] { return date::format("%F %T", local); };
  switch (info.result) {
    case date::local_info::unique:
      return Instant{local.time_since_epoch() - info.first.offset};
    case date::local_info::ambiguous:
      return invalid_argument("local time " + shown() +
                              " occurs twice in Europe/Amsterdam (end of summer time); give a UTC offset");
    case date::local_info::nonexistent:
      return invalid_argument(
          "local time " + shown() +
          " does not exist in Europe/Amsterdam (start of summer time); give a UTC offset");
  }
  return internal_error("unexpected local_info result");
}

LocalTime instant_to_local(Instant instant) {
  return amsterdam()->to_local(instant);
}

int utc_offset_seconds(Instant instant) {
  return static_cast<int>(amsterdam()->get_info(instant).offset.count());
}

}  // namespace renofee::calendar
