// Test plan for the NDJSON parser (open_json_readings, reading_source.hpp): one object per line with any key
// order, BOM, CRLF and blank lines gives its readings with line numbers; a line beyond 64 KiB is refused
// without reading it whole. Malformed objects are in reading_source_test.
#include <gtest/gtest.h>

#include <sstream>

#include "io_test_support.hpp"
#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/reading_source.hpp"

namespace renofee::io {
namespace {

TEST(JsonReadings, LinesKeysOrderBomAndBlankLines) {
  std::istringstream in(
      "\xEF\xBB\xBF{\"meter_id\":\"E1\",\"channel\":\"import_t1\",\"timestamp\":\"2026-10-25T02:30:00+02:"
      "00\","
      "\"value\":\"123.456\"}\r\n"
      "\r\n"
      "  {\"value\": \"123.500\", \"timestamp\": \"2026-10-25T02:30:00+01:00\", \"channel\": \"import_t1\", "
      "\"meter_id\": \"E1\"}\n"
      "{\"meter_id\":\"G1\",\"channel\":\"gas\",\"timestamp\":\"2026-10-25T04:00:00\",\"value\":\"0\"}");
  const std::unique_ptr<ReadingFeed> source = open_json_readings(in);
  const test::Drained drained = test::drain(*source);
  ASSERT_FALSE(drained.error.has_value()) << *drained.error;
  ASSERT_EQ(drained.readings.size(), 3u);
  struct Row {
    int line;
    std::int64_t file_line;
    const char* meter;
    const char* utc;
    const char* value;
  };
  const Row rows[] = {
      {__LINE__, 1, "E1", "2026-10-25T00:30:00Z", "123.456"},
      {__LINE__, 3, "E1", "2026-10-25T01:30:00Z", "123.5"},
      {__LINE__, 4, "G1", "2026-10-25T03:00:00Z", "0"},
  };
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    SCOPED_TRACE(rows[i].line);
    EXPECT_EQ(drained.readings[i].line, rows[i].file_line);
    EXPECT_EQ(drained.readings[i].reading.meter_id, rows[i].meter);
    EXPECT_EQ(format_utc(drained.readings[i].reading.at), rows[i].utc);
    EXPECT_EQ(drained.readings[i].reading.value, Decimal::parse(rows[i].value).value());
  }
  EXPECT_EQ(drained.readings[2].reading.channel, metering::Channel::gas);
}

TEST(JsonReadings, OverlongLineRefused) {
  std::istringstream in("{\"meter_id\":\"" + std::string(70 * 1024, 'x') + "\"}\n");
  const std::unique_ptr<ReadingFeed> source = open_json_readings(in);
  const test::Drained drained = test::drain(*source);
  ASSERT_TRUE(drained.error.has_value());
  EXPECT_EQ(drained.error->field, "line 1");
  EXPECT_NE(drained.error->message.find("longer than 65536"), std::string::npos);
}

}  // namespace
}  // namespace renofee::io
