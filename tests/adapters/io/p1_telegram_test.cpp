// Test plan for p1_telegram.hpp:
// - CRC-16/ARC: the catalogue check value ("123456789" -> 0xBB3D) and the CRCs of the real telegrams;
// - every real telegram in tests/data/p1/ (sources in tests/data/p1/README.md: the DSMR 5.0 example of
//   ndokter/dsmr_parser with CRC 6EEE, its DSMR 4.2 Kaifa telegram with CRC 6796, two Landis+Gyr E350 and a
//   Sagemcom T210-D) and the synthetic log across the end of summer time 2026 give exactly the readings that
//   scripts/gen_ingest_oracle.py (an independent python parser) wrote to expected.tsv, telegram by telegram;
// - the log's hourly gas reading, repeated in every telegram of the hour, is skipped as exact duplicates;
// - all real telegrams concatenated form one log numbered 1..n; LF-only logs still verify;
// - timestamp (S/W) and hex-id decoding tables. CRC failures and malformed objects: reading_source_test.
#include "renofee/adapters/io/p1_telegram.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "io_test_support.hpp"
#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/reading_source.hpp"
#include "renofee/adapters/io/reading_validation.hpp"

namespace renofee::io {
namespace {

TEST(Crc16Arc, CatalogueCheckValueAndIncremental) {
  EXPECT_EQ(crc16_arc("123456789"), 0xBB3D);
  EXPECT_EQ(crc16_arc(""), 0);
  EXPECT_EQ(crc16_arc("6789", crc16_arc("12345")), 0xBB3D);
}

struct ExpectedRow {
  std::int64_t telegram;
  std::string crc_given;
  std::string crc_computed;
  std::string meter;
  std::string channel;
  std::string utc;
  std::string value;
};

std::map<std::string, std::vector<ExpectedRow>> load_expected() {
  std::map<std::string, std::vector<ExpectedRow>> by_file;
  std::ifstream in(test::data_path("p1/expected.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = test::split_tabs(line);
    if (f.size() != 8) continue;
    by_file[f[0]].push_back(ExpectedRow{std::stoll(f[1]), f[2], f[3], f[4], f[5], f[6], f[7]});
  }
  return by_file;
}

TEST(P1Telegrams, RealTelegramsAndSyntheticLogMatchThePythonOracle) {
  const auto expected = load_expected();
  // Every file the generator saw: 5 real telegrams and the synthetic log.
  ASSERT_EQ(expected.size(), 6u);
  for (const auto& [file, rows] : expected) {
    SCOPED_TRACE(file);
    const std::string bytes = test::read_file(test::data_path("p1/" + file));
    std::istringstream in(bytes);
    const std::unique_ptr<ReadingFeed> source = open_p1_telegrams(in);
    const test::Drained drained = test::drain(*source);
    ASSERT_FALSE(drained.error.has_value()) << *drained.error;
    ASSERT_EQ(drained.readings.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ExpectedRow& want = rows[i];
      const SourcedReading& got = drained.readings[i];
      EXPECT_EQ(want.crc_given, want.crc_computed);
      EXPECT_EQ(got.line, want.telegram);
      EXPECT_EQ(got.reading.meter_id, want.meter);
      EXPECT_EQ(metering::to_string(got.reading.channel), want.channel);
      EXPECT_EQ(format_utc(got.reading.at), want.utc);
      EXPECT_EQ(got.reading.value, Decimal::parse(want.value).value());
    }
  }
}

TEST(P1Telegrams, PublishedExampleCrcs) {
  struct Row {
    int line;
    const char* file;
    std::uint16_t crc;
  };
  const Row rows[] = {
      {__LINE__, "iskra_mt382_dsmr50.txt", 0x6EEE},
      {__LINE__, "kaifa_dsmr42.txt", 0x6796},
      {__LINE__, "landis_gyr_e350_dsmr42_winter.txt", 0x63A1},
      {__LINE__, "landis_gyr_e350_dsmr42_summer.txt", 0x8711},
      {__LINE__, "sagemcom_t210d_dsmr50.txt", 0x1DF5},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const std::string bytes = test::read_file(test::data_path(std::string("p1/") + row.file));
    const std::size_t bang = bytes.rfind('!');
    ASSERT_NE(bang, std::string::npos);
    EXPECT_EQ(crc16_arc(std::string_view(bytes).substr(0, bang + 1)), row.crc);
  }
}

TEST(P1Telegrams, LogAcrossEndOfSummerTimeSkipsRepeatedGas) {
  std::ifstream in(test::data_path("p1/synthetic_log_dst_2026.txt"), std::ios::binary);
  const std::unique_ptr<ReadingFeed> parser = open_p1_telegrams(in);
  ValidatingSource source(*parser, "telegram");
  const test::Drained drained = test::drain(source);
  ASSERT_FALSE(drained.error.has_value()) << *drained.error;
  // 15 telegrams x 4 registers + 5 distinct hourly gas readings; 10 gas repeats skipped.
  EXPECT_EQ(drained.readings.size(), 65u);
  EXPECT_EQ(source.stats().exact_duplicates, 10);
  EXPECT_EQ(source.stats().series, 5);
  // Telegrams 7 and 10 show the same wall-clock time 02:00 (S then W): one hour apart in UTC.
  std::vector<std::string> import_times;
  for (const SourcedReading& r : drained.readings) {
    if (r.reading.channel == metering::Channel::import_t1) import_times.push_back(format_utc(r.reading.at));
  }
  ASSERT_EQ(import_times.size(), 15u);
  EXPECT_EQ(import_times[6], "2026-10-25T00:00:00Z");
  EXPECT_EQ(import_times[9], "2026-10-25T01:00:00Z");
}

TEST(P1Telegrams, ConcatenatedRealTelegramsAndLfLineEnds) {
  std::string log;
  for (const char* file : {"iskra_mt382_dsmr50.txt", "kaifa_dsmr42.txt", "landis_gyr_e350_dsmr42_winter.txt",
                           "landis_gyr_e350_dsmr42_summer.txt", "sagemcom_t210d_dsmr50.txt"})
    log += test::read_file(test::data_path(std::string("p1/") + file)) + "\r\n";
  std::string lf_only;
  for (char c : log) {
    if (c != '\r') lf_only.push_back(c);
  }
  for (const std::string* text : {&log, &lf_only}) {
    std::istringstream in(*text);
    const std::unique_ptr<ReadingFeed> source = open_p1_telegrams(in);
    const test::Drained drained = test::drain(*source);
    ASSERT_FALSE(drained.error.has_value()) << *drained.error;
    ASSERT_EQ(drained.readings.size(), 5u + 5u + 5u + 5u + 4u);
    EXPECT_EQ(drained.readings.front().line, 1);
    EXPECT_EQ(drained.readings.back().line, 5);
    EXPECT_EQ(drained.readings.back().reading.meter_id, "E0048000038005719");
  }
}

TEST(P1Timestamp, SummerAndWinterFlags) {
  struct Row {
    int line;
    const char* text;
    const char* utc;  // nullptr: refused
  };
  const Row rows[] = {
      {__LINE__, "170102192002W", "2017-01-02T18:20:02Z"},
      {__LINE__, "180624024002S", "2018-06-24T00:40:02Z"},
      {__LINE__, "261025023000S", "2026-10-25T00:30:00Z"},  // repeated hour, first pass
      {__LINE__, "261025023000W", "2026-10-25T01:30:00Z"},  // repeated hour, second pass
      {__LINE__, "280229235959W", "2028-02-29T22:59:59Z"},
      {__LINE__, "270229000000W", nullptr},
      {__LINE__, "261025243000W", nullptr},
      {__LINE__, "261025023000", nullptr},
      {__LINE__, "261025023000X", nullptr},
      {__LINE__, "2610250230000W", nullptr},
      {__LINE__, "26102502300aW", nullptr},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    const Result<calendar::Instant> parsed = parse_p1_timestamp(row.text);
    if (row.utc == nullptr) {
      EXPECT_FALSE(parsed.ok());
    } else {
      ASSERT_TRUE(parsed.ok()) << parsed.error();
      EXPECT_EQ(format_utc(*parsed), row.utc);
    }
  }
}

TEST(P1EquipmentId, HexAsciiDecoding) {
  EXPECT_EQ(decode_hex_ascii("4B384547303034303436333935353037").value(), "K8EG004046395507");
  EXPECT_EQ(decode_hex_ascii("4b38").value(), "K8");
  EXPECT_EQ(decode_hex_ascii("").value(), "");
  EXPECT_FALSE(decode_hex_ascii("4B3").ok());
  EXPECT_FALSE(decode_hex_ascii("4G").ok());
  EXPECT_FALSE(decode_hex_ascii("0A41").ok());  // a newline is not an id character
  EXPECT_EQ(p1_equipment_id("4530303331303033323632373634333136"), "E0031003262764316");
  // Anonymised ids that are not hex-encoded ASCII are kept as they are.
  EXPECT_EQ(p1_equipment_id("3960221976967177082151037881335713"), "3960221976967177082151037881335713");
}

}  // namespace
}  // namespace renofee::io
