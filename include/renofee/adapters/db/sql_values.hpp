// renofee/adapters/db/sql_values.hpp
//
// Purpose: the conversions every SQL store makes between stored columns and domain values, in one place.
// Instants are stored as UTC Unix seconds (BIGINT); integer columns come back from SOCI as int, long long,
// unsigned long long or, for some PostgreSQL expressions, text, depending on the backend and the column type.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <string>

#include "renofee/core/calendar/calendar.hpp"

namespace renofee::db {

// Seconds since 1970-01-01T00:00:00Z.
inline long long unix_seconds(calendar::Instant at) {
  return static_cast<long long>(at.time_since_epoch().count());
}

inline calendar::Instant instant_from_unix(long long seconds) {
  return calendar::Instant(std::chrono::seconds(seconds));
}

// Column i of a dynamic row as a 64-bit integer, whatever integer type (or decimal text) the backend chose.
inline long long row_integer(const soci::row& row, std::size_t i) {
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(row.get<unsigned long long>(i));
    case soci::dt_string:
      return std::stoll(row.get<std::string>(i));
    default:
      return row.get<long long>(i);
  }
}

// A date column (ISO text as renofee writes it); internal_error when the database holds anything else.
inline Result<calendar::Date> stored_date(const std::string& text) {
  Result<calendar::Date> day = calendar::parse_date(text);
  if (!day) return internal_error("the database holds a malformed date \"" + text + "\"");
  return day;
}

}  // namespace renofee::db
