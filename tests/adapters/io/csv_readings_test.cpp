// Test plan for the CSV parser (open_csv_readings, reading_source.hpp): a file with a UTF-8 BOM, CRLF and
// trailing empty lines gives exactly its readings with their line numbers; the four DST change days of 2025
// and 2026 (tests/data/readings/dst_days.csv, with offsets and as local times) give the UTC instants python's
// zoneinfo computed (scripts/gen_ingest_oracle.py -> dst_days_expected.tsv); every local time in a skipped or
// repeated hour from that table is refused with its line. Malformed rows are in reading_source_test.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "io_test_support.hpp"
#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/reading_source.hpp"

namespace renofee::io {
namespace {

TEST(CsvReadings, BomCrlfAndTrailingEmptyLines) {
  std::istringstream in(
      "\xEF\xBB\xBFmeter_id,channel,timestamp,value\r\n"
      "E0031003262764316,import_t1,2026-03-29T01:59:59+01:00,2200.945\r\n"
      "E0031003262764316,export_t2,2026-03-29T03:00:00,12.5\r\n"
      "G0025003360855716,gas,2026-03-29T00:00:00Z,00968.481\r\n"
      "\r\n\r\n");
  const std::unique_ptr<ReadingFeed> source = open_csv_readings(in);
  const test::Drained drained = test::drain(*source);
  ASSERT_FALSE(drained.error.has_value()) << *drained.error;
  ASSERT_EQ(drained.readings.size(), 3u);
  struct Row {
    int line;
    std::int64_t file_line;
    const char* meter;
    metering::Channel channel;
    const char* utc;
    const char* value;
  };
  const Row rows[] = {
      {__LINE__, 2, "E0031003262764316", metering::Channel::import_t1, "2026-03-29T00:59:59Z", "2200.945"},
      {__LINE__, 3, "E0031003262764316", metering::Channel::export_t2, "2026-03-29T01:00:00Z", "12.500"},
      {__LINE__, 4, "G0025003360855716", metering::Channel::gas, "2026-03-29T00:00:00Z", "968.481"},
  };
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    SCOPED_TRACE(rows[i].line);
    const SourcedReading& got = drained.readings[i];
    EXPECT_EQ(got.line, rows[i].file_line);
    EXPECT_EQ(got.reading.meter_id, rows[i].meter);
    EXPECT_EQ(got.reading.channel, rows[i].channel);
    EXPECT_EQ(format_utc(got.reading.at), rows[i].utc);
    EXPECT_EQ(got.reading.value, Decimal::parse(rows[i].value).value());
  }
  // After the end, next() keeps saying so.
  EXPECT_FALSE(source->next().value().has_value());
}

TEST(CsvReadings, HeaderOnlyIsAnEmptyUpload) {
  std::istringstream in("meter_id,channel,timestamp,value");
  const std::unique_ptr<ReadingFeed> source = open_csv_readings(in);
  const test::Drained drained = test::drain(*source);
  EXPECT_FALSE(drained.error.has_value());
  EXPECT_TRUE(drained.readings.empty());
}

TEST(CsvReadings, DstChangeDaysMatchZoneinfo) {
  std::ifstream csv(test::data_path("readings/dst_days.csv"), std::ios::binary);
  ASSERT_TRUE(csv.good());
  const std::unique_ptr<ReadingFeed> source = open_csv_readings(csv);
  const test::Drained drained = test::drain(*source);
  ASSERT_FALSE(drained.error.has_value()) << *drained.error;

  std::ifstream expected(test::data_path("readings/dst_days_expected.tsv"));
  std::string line;
  std::size_t index = 0;
  std::vector<std::pair<std::string, std::string>> refused;
  bool in_errors = false;
  while (std::getline(expected, line)) {
    if (line.rfind("# local time", 0) == 0) in_errors = true;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = test::split_tabs(line);
    ASSERT_EQ(fields.size(), 2u) << line;
    if (in_errors) {
      refused.emplace_back(fields[0], fields[1]);
      continue;
    }
    ASSERT_LT(index, drained.readings.size());
    EXPECT_EQ(drained.readings[index].line, std::stoll(fields[0]));
    EXPECT_EQ(format_utc(drained.readings[index].reading.at), fields[1]) << "line " << fields[0];
    ++index;
  }
  EXPECT_EQ(index, drained.readings.size());
  EXPECT_EQ(index, 80u);  // 4 days x 11 instants, local-time twins only where unambiguous
  ASSERT_EQ(refused.size(), 14u);
  for (const auto& [local, kind] : refused) {
    SCOPED_TRACE(local);
    std::istringstream in(
        "meter_id,channel,timestamp,value\nE1,import_t1,2026-01-01T00:00:00Z,1\nE1,import_t1," + local +
        ",2\n");
    const std::unique_ptr<ReadingFeed> bad = open_csv_readings(in);
    const test::Drained result = test::drain(*bad);
    ASSERT_TRUE(result.error.has_value());
    EXPECT_EQ(result.error->field, "line 3");
    EXPECT_NE(result.error->message.find(kind == "ambiguous" ? "occurs twice" : "does not exist"),
              std::string::npos)
        << *result.error;
  }
}

}  // namespace
}  // namespace renofee::io
