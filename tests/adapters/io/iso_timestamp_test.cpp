// Test plan for iso_timestamp.hpp: offsets (Z, +hh:mm, -hh:mm) and Amsterdam local times map to the UTC
// instants python's zoneinfo gives (the DST rows are cross-checked in csv_readings_test against
// tests/data/readings/dst_days_expected.tsv); every malformed shape is refused naming the text; local times
// in the skipped and the repeated hour are refused, never guessed.
#include "renofee/adapters/io/iso_timestamp.hpp"

#include <gtest/gtest.h>

namespace renofee::io {
namespace {

TEST(IsoTimestamp, ValidForms) {
  struct Row {
    int line;
    const char* text;
    const char* utc;
  };
  const Row rows[] = {
      {__LINE__, "2026-03-29T01:59:59+01:00", "2026-03-29T00:59:59Z"},
      {__LINE__, "2026-03-29T03:00:00+02:00", "2026-03-29T01:00:00Z"},
      {__LINE__, "2026-03-29T01:59:59", "2026-03-29T00:59:59Z"},  // last winter second, local
      {__LINE__, "2026-03-29T03:00:00", "2026-03-29T01:00:00Z"},  // first summer second, local
      {__LINE__, "2026-10-25T01:59:59", "2026-10-24T23:59:59Z"},
      {__LINE__, "2026-10-25T03:00:00", "2026-10-25T02:00:00Z"},
      {__LINE__, "2026-10-25T02:30:00+02:00", "2026-10-25T00:30:00Z"},  // first pass of the repeated hour
      {__LINE__, "2026-10-25T02:30:00+01:00", "2026-10-25T01:30:00Z"},  // second pass
      {__LINE__, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"},
      {__LINE__, "2025-12-31T19:00:00-05:00", "2026-01-01T00:00:00Z"},
      {__LINE__, "2028-02-29T23:59:59+14:00", "2028-02-29T09:59:59Z"},
      {__LINE__, "2026-07-01T12:00:00", "2026-07-01T10:00:00Z"},
      {__LINE__, "2200-12-31T23:59:59Z", "2200-12-31T23:59:59Z"},
      {__LINE__, "1900-01-01T01:00:00+01:00", "1900-01-01T00:00:00Z"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const Result<calendar::Instant> parsed = parse_iso_timestamp(row.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_EQ(format_utc(*parsed), row.utc);
  }
}

TEST(IsoTimestamp, RefusedForms) {
  struct Row {
    int line;
    const char* text;
    const char* fragment;
  };
  const Row rows[] = {
      {__LINE__, "", "not a timestamp"},
      {__LINE__, "2026-03-29", "not a timestamp"},
      {__LINE__, "2026-03-29 01:00:00Z", "not a timestamp"},
      {__LINE__, "2026-03-29T01:00Z", "not a timestamp"},
      {__LINE__, "2026-03-29T01:00:00.000Z", "not a timestamp"},
      {__LINE__, "2026-03-29T01:00:00+0100", "not a timestamp"},
      {__LINE__, "20260329T010000Z", "not a timestamp"},
      {__LINE__, "2026-03-29T01:00:00z", "not a timestamp"},
      {__LINE__, "2026-02-29T01:00:00Z", "no such date"},
      {__LINE__, "2026-04-31T01:00:00Z", "no such date"},
      {__LINE__, "2026-01-01T24:00:00Z", "no such date"},
      {__LINE__, "2026-01-01T23:60:00Z", "no such date"},
      {__LINE__, "2026-01-01T23:59:60Z", "no such date"},
      {__LINE__, "2026-01-01T00:00:00+14:30", "beyond"},
      {__LINE__, "2026-01-01T00:00:00+15:00", "beyond"},
      {__LINE__, "1899-12-31T00:00:00Z", "outside the years"},
      // Found by fuzz/csv_readings: "1900-01-01T00:00:00" (Amsterdam, then UTC+00:19:32 in the tz database)
      // is 1899-12-31T23:40:28Z, whose own UTC form was refused when read back. The rule is on the instant.
      {__LINE__, "1900-01-01T00:59:59+01:00", "is 1899-12-31T23:59:59Z"},
      {__LINE__, "2200-12-31T23:00:00-01:00", "is 2201-01-01T00:00:00Z"},
      {__LINE__, "2026-03-29T02:00:00", "does not exist"},
      {__LINE__, "2026-03-29T02:59:59", "does not exist"},
      {__LINE__, "2026-10-25T02:00:00", "occurs twice"},
      {__LINE__, "2026-10-25T02:59:59", "occurs twice"},
      {__LINE__, "2025-10-26T02:15:00", "occurs twice"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const Result<calendar::Instant> parsed = parse_iso_timestamp(row.text);
    ASSERT_FALSE(parsed.ok()) << row.text;
    EXPECT_NE(parsed.error().message.find(row.fragment), std::string::npos) << parsed.error();
  }
}

}  // namespace
}  // namespace renofee::io
