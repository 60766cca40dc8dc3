// Test plan for reading_source.hpp: format names and sniffing; then the malformed-input table across the
// three formats, each row run through open_readings + ValidatingSource (what an upload does): the expected
// error code, the position ("line N" / "telegram N") and a fragment of the message naming the bad text.
// Field checks parse_register_value / check_meter_id have their own rows.
#include "renofee/adapters/io/reading_source.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "io_test_support.hpp"
#include "renofee/adapters/io/p1_telegram.hpp"
#include "renofee/adapters/io/reading_validation.hpp"

namespace renofee::io {
namespace {

TEST(ReadingFormat, NamesAndSniffing) {
  EXPECT_EQ(parse_reading_format("csv").value(), ReadingFormat::csv);
  EXPECT_EQ(parse_reading_format("json").value(), ReadingFormat::json);
  EXPECT_EQ(parse_reading_format("ndjson").value(), ReadingFormat::json);
  EXPECT_EQ(parse_reading_format("p1").value(), ReadingFormat::p1);
  const Result<ReadingFormat> bad = parse_reading_format("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("\"xml\""), std::string::npos);
  for (ReadingFormat format : {ReadingFormat::csv, ReadingFormat::json, ReadingFormat::p1})
    EXPECT_EQ(parse_reading_format(to_string(format)).value(), format);

  struct Row {
    int line;
    std::string bytes;
    ReadingFormat format;
  };
  const Row rows[] = {
      {__LINE__, "meter_id,channel,timestamp,value\r\n", ReadingFormat::csv},
      {__LINE__, "\xEF\xBB\xBFmeter_id,channel", ReadingFormat::csv},
      {__LINE__, "{\"meter_id\":\"E1\"}", ReadingFormat::json},
      {__LINE__, "\xEF\xBB\xBF\r\n  {", ReadingFormat::json},
      {__LINE__, "/ISk5\\2MT382-1000\r\n", ReadingFormat::p1},
      {__LINE__, "\r\n/KFM5KAIFA-METER", ReadingFormat::p1},
      {__LINE__, "", ReadingFormat::csv},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.line);
    EXPECT_EQ(sniff_reading_format(row.bytes), row.format);
  }
}

TEST(FieldChecks, RegisterValueAndMeterId) {
  EXPECT_EQ(parse_register_value("00981.443").value(), Decimal::parse("981.443").value());
  EXPECT_EQ(parse_register_value("7").value(), Decimal(7));
  EXPECT_EQ(parse_register_value("1.50000").value(), Decimal::parse("1.5").value());  // zeros are exact
  for (const char* bad :
       {"", "-1", "-0", "+1", "1E+3", "1e3", ".5", "5.", "1.2.3", " 1", "1,5", "NaN", "1.0005"})
    EXPECT_FALSE(parse_register_value(bad).ok()) << bad;
  EXPECT_EQ(check_meter_id("E0031003262764316").value(), "E0031003262764316");
  for (const char* bad : {"", "E 1", "E,1", "E\"1", "E\t1"})
    EXPECT_FALSE(check_meter_id(bad).ok()) << bad;
  EXPECT_FALSE(check_meter_id(std::string(65, 'x')).ok());
  EXPECT_TRUE(check_meter_id(std::string(64, 'x')).ok());
}

// A P1 telegram body from '/' to '!' inclusive plus its correct CRC and CRLF.
std::string with_crc(const std::string& body) {
  char crc[8];
  std::snprintf(crc, sizeof crc, "%04X", crc16_arc(body));
  return body + crc + "\r\n";
}

std::string telegram(const std::string& objects) {
  return with_crc("/XMX5LGBBFG1012463817\r\n\r\n1-3:0.2.8(42)\r\n" + objects + "!");
}

const std::string good_objects =
    "0-0:1.0.0(180624024002S)\r\n0-0:96.1.1(4530303331303033323632373634333136)\r\n"
    "1-0:1.8.1(002200.945*kWh)\r\n";

const std::string header = "meter_id,channel,timestamp,value\n";
const std::string good_row = "E1,import_t1,2026-01-01T00:00:00Z,1.000\n";

struct Malformed {
  int line;
  ReadingFormat format;
  std::string input;
  ErrorCode code;
  std::string field;
  std::string fragment;
};

TEST(MalformedInput, EachGivesItsErrorAndPosition) {
  using F = ReadingFormat;
  const auto inv = ErrorCode::invalid_argument;
  const std::string json_ok =
      R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"1.000"})";
  const std::string v5 = test::read_file(test::data_path("p1/iskra_mt382_dsmr50.txt"));
  std::string bad_crc = v5;
  bad_crc.replace(bad_crc.find("000004.426"), 10, "000004.427");
  const Malformed rows[] = {
      // CSV
      {__LINE__, F::csv, "", inv, "line 1", "empty input"},
      {__LINE__, F::csv, "meter,channel,timestamp,value\n", inv, "line 1", "expected the header"},
      {__LINE__, F::csv, "Meter_id,channel,timestamp,value\n", inv, "line 1", "\"Meter_id,channel"},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00Z\n", inv, "line 2", "got 3"},
      {__LINE__, F::csv, header + good_row + "E1,import_t1,2026-01-01T01:00:00Z,1,5\n", inv, "line 3",
       "got 5"},
      {__LINE__, F::csv, header + "\"E1\",import_t1,2026-01-01T00:00:00Z,1.000\n", inv, "line 2",
       "quoted fields are not supported"},
      {__LINE__, F::csv, header + "E1,import_t3,2026-01-01T00:00:00Z,1.000\n", inv, "line 2",
       "unknown channel \"import_t3\""},
      {__LINE__, F::csv, header + "E1,,2026-01-01T00:00:00Z,1.000\n", inv, "line 2", "unknown channel \"\""},
      {__LINE__, F::csv, header + "E1,import_t1,2026-13-01T00:00:00Z,1.000\n", inv, "line 2", "no such date"},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00.5Z,1.000\n", inv, "line 2",
       "\"2026-01-01T00:00:00.5Z\""},
      {__LINE__, F::csv, header + "E1,import_t1,01-01-2026 00:00,1.000\n", inv, "line 2", "not a timestamp"},
      {__LINE__, F::csv, header + good_row + "E1,import_t1,2026-10-25T02:30:00,2.000\n", inv, "line 3",
       "occurs twice"},
      {__LINE__, F::csv, header + "E1,import_t1,2026-03-29T02:30:00,2.000\n", inv, "line 2",
       "does not exist"},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00+15:00,1.000\n", inv, "line 2", "beyond"},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00Z,-1.000\n", inv, "line 2", "\"-1.000\""},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00Z,1.0005\n", inv, "line 2",
       "more than 3 decimals"},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00Z,1E+3\n", inv, "line 2", "\"1E+3\""},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00Z,12.5kWh\n", inv, "line 2",
       "\"12.5kWh\""},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00Z,\n", inv, "line 2", "\"\""},
      {__LINE__, F::csv, header + ",import_t1,2026-01-01T00:00:00Z,1.000\n", inv, "line 2", "empty meter_id"},
      {__LINE__, F::csv, header + good_row + "\n" + good_row, inv, "line 3", "empty line in the middle"},
      {__LINE__, F::csv, header + "E1,import_t1,2026-01-01T00:00:00Z," + std::string(5000, '1') + "\n", inv,
       "line 2", "line longer than 4096"},
      {__LINE__, F::csv, header + good_row + "E1,import_t1,2026-01-01T01:00:00Z,0.999\n", inv, "line 3",
       "register decreases from 1.000"},
      {__LINE__, F::csv, header + good_row + "E1,import_t1,2026-01-01T00:00:00Z,1.001\n",
       ErrorCode::already_exists, "line 3", "contradicts 1.000 on line 2"},
      {__LINE__, F::csv, header + good_row + "E1,import_t1,2025-12-31T23:00:00Z,0.500\n", inv, "line 3",
       "is not after the previous one"},
      // NDJSON
      {__LINE__, F::json, "{oops\n", inv, "line 1", "malformed JSON"},
      {__LINE__, F::json, json_ok + "\n[1,2]\n", inv, "line 2", "expected one JSON object"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":123.456})", inv,
       "line 1", "not the JSON number 123.456"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":null})", inv,
       "line 1", "\"value\" must be a string, got null"},
      {__LINE__, F::json, R"({"meter_id":"E1","channel":"import_t1","value":"1.000"})", inv, "line 1",
       "missing \"timestamp\""},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"1.000","unit":"kWh"})",
       inv, "line 1", "unknown key \"unit\""},
      {__LINE__, F::json,
       R"({"meter_id":17,"channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"1.000"})", inv,
       "line 1", "\"meter_id\" must be a string"},
      {__LINE__, F::json,
       json_ok + "\n" +
           R"({"meter_id":"E1","channel":"heat","timestamp":"2026-01-01T01:00:00Z","value":"1.000"})",
       inv, "line 2", "unknown channel \"heat\""},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"gas","timestamp":"2026-03-29T02:10:00","value":"1.000"})", inv,
       "line 1", "does not exist"},
      {__LINE__, F::json,
       json_ok + "\n" +
           R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"2.000"})",
       ErrorCode::already_exists, "line 2", "contradicts"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":{"v":"1"}})", inv,
       "line 1", "nested objects or arrays are not allowed"},
      {__LINE__, F::json, std::string(60000, '['), inv, "line 1", "nested objects or arrays are not allowed"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"1"} x)", inv,
       "line 1", "malformed JSON"},
      // A key given twice was read as its last value (the meter of "E2" here); it is refused, naming it.
      {__LINE__, F::json,
       json_ok + "\n" +
           R"({"meter_id":"E1","channel":"import_t1","meter_id":"E2","timestamp":"2026-01-01T01:00:00Z","value":"2.000"})",
       inv, "line 2", "/meter_id: member \"meter_id\" given twice"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"1.000","value":"1.000"})",
       inv, "line 1", "member \"value\" given twice"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":100000000000000000000})",
       ErrorCode::out_of_range, "line 1", "/value: number out of range"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"+1.000"})", inv,
       "line 1", "\"+1.000\" is not a plain non-negative decimal"},
      {__LINE__, F::json,
       R"({"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-01T00:00:00Z","value":"1e3"})", inv,
       "line 1", "\"1e3\" is not a plain non-negative decimal"},
      // DSMR P1
      {__LINE__, F::p1, bad_crc, inv, "telegram 1", "CRC mismatch: telegram says 6EEE"},
      {__LINE__, F::p1, v5 + bad_crc, inv, "telegram 2", "CRC mismatch"},
      {__LINE__, F::p1, "/XMX5LGBBFG1012463817\r\n\r\n" + good_objects + "!\r\n", inv, "telegram 1",
       "without CRC"},
      {__LINE__, F::p1, "/XMX5LGBBFG1012463817\r\n\r\n" + good_objects + "!6E\r\n", inv, "telegram 1",
       "not 4 hex digits"},
      {__LINE__, F::p1, "/XMX5LGBBFG1012463817\r\n\r\n" + good_objects, inv, "telegram 1",
       "ends without '!'"},
      {__LINE__, F::p1, "1-0:1.8.1(002200.945*kWh)\r\n" + v5, inv, "line 1", "text outside a telegram"},
      {__LINE__, F::p1, telegram("0-0:1.0.0(181324024002S)\r\n1-0:1.8.1(000001.000*kWh)\r\n"), inv,
       "telegram 1", "no such date"},
      {__LINE__, F::p1, telegram("0-0:1.0.0(180624024002X)\r\n"), inv, "telegram 1", "not a P1 timestamp"},
      {__LINE__, F::p1, telegram("0-0:96.1.1(4530)\r\n1-0:1.8.1(000001.000*kWh)\r\n"), inv, "telegram 1",
       "no timestamp 0-0:1.0.0"},
      {__LINE__, F::p1, telegram("0-0:1.0.0(180624024002S)\r\n1-0:1.8.1(000001.000*kWh)\r\n"), inv,
       "telegram 1", "no meter id"},
      {__LINE__, F::p1, telegram(good_objects + "1-0:1.8.2(000001.000*kW)\r\n"), inv, "telegram 1",
       "has unit \"kW\""},
      {__LINE__, F::p1, telegram(good_objects + "1-0:1.8.1(000001.000*kWh)\r\n"), inv, "telegram 1",
       "1-0:1.8.1 appears twice"},
      {__LINE__, F::p1, telegram(good_objects + "1-0:1.8.2(000001.000*kWh\r\n"), inv, "telegram 1",
       "malformed object \"1-0:1.8.2(000001.000*kWh\""},
      {__LINE__, F::p1, telegram(good_objects + "1-0:2.8.1(-00001.000*kWh)\r\n"), inv, "telegram 1",
       "\"-00001.000\""},
      {__LINE__, F::p1,
       telegram(good_objects + "0-1:24.1.0(003)\r\n0-1:24.2.1(180624020000S)(00968.481*m3)\r\n"), inv,
       "telegram 1", "no gas meter id"},
      {__LINE__, F::p1,
       telegram(good_objects +
                "0-1:24.1.0(003)\r\n0-1:96.1.0(4730)\r\n0-1:24.2.1(180624020000S)(00968.481*kWh)\r\n"),
       inv, "telegram 1", "expected m3"},
      {__LINE__, F::p1,
       telegram(good_objects) +
           telegram("0-0:1.0.0(180624024012S)\r\n0-0:96.1.1(4530303331303033323632373634333136)\r\n"
                    "1-0:1.8.1(002200.944*kWh)\r\n"),
       inv, "telegram 2", "register decreases"},
  };
  EXPECT_GE(std::size(rows), 30u);
  for (const Malformed& row : rows) {
    SCOPED_TRACE(row.line);
    std::istringstream in(row.input);
    const std::unique_ptr<ReadingFeed> source = open_readings(row.format, in);
    ValidatingSource validating(*source, row.format == ReadingFormat::p1 ? "telegram" : "line");
    const test::Drained drained = test::drain(validating);
    ASSERT_TRUE(drained.error.has_value()) << "no error for " << row.input.substr(0, 200);
    EXPECT_EQ(drained.error->code, row.code) << *drained.error;
    EXPECT_EQ(drained.error->field, row.field) << *drained.error;
    EXPECT_NE(drained.error->message.find(row.fragment), std::string::npos)
        << "expected \"" << row.fragment << "\" in " << *drained.error;
  }
}

}  // namespace
}  // namespace renofee::io
