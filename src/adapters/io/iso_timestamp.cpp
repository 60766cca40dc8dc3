#include "renofee/adapters/io/iso_timestamp.hpp"

#include <date/date.h>
#include <string>

#include "renofee/adapters/io/line_reader.hpp"

namespace renofee::io {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The number in text[from, from + count), all digits (checked by the caller).
int number(std::string_view text, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i)
    value = value * 10 + (text[i] - '0');
  return value;
}

}  // namespace

Result<calendar::Instant> parse_iso_timestamp(std::string_view text) {
  const auto bad = [&] {
    return invalid_argument(
        "not a timestamp (expected YYYY-MM-DDThh:mm:ss with Z, +hh:mm or no offset for "
        "Amsterdam local time): \"" +
        excerpt(text) + "\"");
  };
  // Layout of the 19 fixed characters: YYYY-MM-DDThh:mm:ss
  if (text.size() < 19) return bad();
  static constexpr std::size_t digits[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  for (std::size_t i : digits) {
    if (!is_digit(text[i])) return bad();
  }
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return bad();
  const int year = number(text, 0, 4);
  const int month = number(text, 5, 2);
  const int day = number(text, 8, 2);
  const int hour = number(text, 11, 2);
  const int minute = number(text, 14, 2);
  const int second = number(text, 17, 2);
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) {
    return invalid_argument("no such date or time: \"" + excerpt(text) + "\"");
  }
  if (year < 1900 || year > 2200) {
    return out_of_range("timestamp outside the years 1900-2200: \"" + excerpt(text) + "\"");
  }
  const auto wall = std::chrono::seconds{hour * 3600 + minute * 60 + second};
  const std::string_view suffix = text.substr(19);
  calendar::Instant instant;
  if (suffix.empty()) {
    const calendar::LocalTime local{date::local_days{ymd}.time_since_epoch() + wall};
    RENOFEE_TRY(instant, calendar::local_to_instant(local));
  } else if (suffix == "Z") {
    instant = calendar::Instant{date::sys_days{ymd}.time_since_epoch() + wall};
  } else if (suffix.size() == 6 && (suffix[0] == '+' || suffix[0] == '-') && is_digit(suffix[1]) &&
             is_digit(suffix[2]) && suffix[3] == ':' && is_digit(suffix[4]) && is_digit(suffix[5])) {
    const int offset_hours = number(suffix, 1, 2);
    const int offset_minutes = number(suffix, 4, 2);
    if (offset_hours > 14 || offset_minutes > 59 || (offset_hours == 14 && offset_minutes > 0)) {
      return invalid_argument("UTC offset beyond +-14:00 in \"" + excerpt(text) + "\"");
    }
    const std::chrono::seconds offset{(offset_hours * 60 + offset_minutes) * 60};
    const calendar::Instant as_utc{date::sys_days{ymd}.time_since_epoch() + wall};
    instant = suffix[0] == '+' ? as_utc - offset : as_utc + offset;
  } else {
    return bad();
  }
  // The instant itself must lie in the same years, so that its canonical UTC form (format_utc) is accepted
  // too: Amsterdam's 1900-01-01T00:00:00 (local mean time, +00:19:32) is 1899-12-31T23:40:28Z.
  static constexpr date::sys_days first_day{date::year{1900} / 1 / 1};
  static constexpr date::sys_days after_last_day{date::year{2201} / 1 / 1};
  if (instant < first_day || instant >= after_last_day) {
    return out_of_range("timestamp outside the years 1900-2200 in UTC: \"" + excerpt(text) + "\" is " +
                        format_utc(instant));
  }
  return instant;
}

std::string format_utc(calendar::Instant instant) {
  return date::format("%FT%TZ", instant);
}

}  // namespace renofee::io
