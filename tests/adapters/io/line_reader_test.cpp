// Test plan for line_reader.hpp: LF, CRLF and a last line without terminator are returned with their
// terminator and number; a lone CR stays in the line; a line beyond the limit is too_long, at exactly
// max + 1 bytes with any terminator; BOM stripping.
#include "renofee/adapters/io/line_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace renofee::io {
namespace {

TEST(LineReader, TerminatorsAndNumbers) {
  std::istringstream in("a\r\nb\nc\rd\n\nlast");
  LineReader reader(in, 100);
  std::string line;
  struct Row {
    int source_line;
    std::string text;
    std::string terminator;
  };
  const Row rows[] = {
      {__LINE__, "a", "\r\n"}, {__LINE__, "b", "\n"},  {__LINE__, "c\rd", "\n"},
      {__LINE__, "", "\n"},    {__LINE__, "last", ""},
  };
  std::int64_t number = 0;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.source_line);
    ASSERT_EQ(reader.next(line), LineReader::Status::line);
    EXPECT_EQ(line, row.text);
    EXPECT_EQ(reader.terminator(), row.terminator);
    EXPECT_EQ(reader.line_number(), ++number);
  }
  EXPECT_EQ(reader.next(line), LineReader::Status::end);
  EXPECT_EQ(reader.next(line), LineReader::Status::end);
}

TEST(LineReader, TooLongLineStopsWithoutGrowing) {
  std::istringstream in(std::string(50, 'x') + "\nshort\n");
  LineReader reader(in, 10);
  std::string line;
  EXPECT_EQ(reader.next(line), LineReader::Status::too_long);
  EXPECT_LE(line.size(), 11u);
  EXPECT_EQ(reader.line_number(), 1);
}

TEST(LineReader, ExactLimitWithCrlfFits) {
  std::istringstream in("0123456789\r\n");
  LineReader reader(in, 10);
  std::string line;
  EXPECT_EQ(reader.next(line), LineReader::Status::line);
  EXPECT_EQ(line, "0123456789");
}

// The limit is exact whatever the terminator: max bytes fit with LF, CRLF or none; max + 1 bytes do not
// (the byte of slack the reader keeps while reading is only for a CRLF's '\r'; it let a line of max + 1
// bytes through before).
TEST(LineReader, LimitIsExactForEveryTerminator) {
  struct Row {
    int source_line;
    std::string input;
    LineReader::Status status;
  };
  const std::string ten(10, 'x');
  const Row rows[] = {
      {__LINE__, ten + "\n", LineReader::Status::line},
      {__LINE__, ten + "\r\n", LineReader::Status::line},
      {__LINE__, ten, LineReader::Status::line},
      {__LINE__, ten + "y\n", LineReader::Status::too_long},
      {__LINE__, ten + "y\r\n", LineReader::Status::too_long},
      {__LINE__, ten + "y", LineReader::Status::too_long},
      {__LINE__, ten + "\r", LineReader::Status::too_long},  // a last line keeps a lone '\r': 11 bytes
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.source_line);
    std::istringstream in(row.input);
    LineReader reader(in, 10);
    std::string line;
    EXPECT_EQ(reader.next(line), row.status);
    EXPECT_EQ(reader.line_number(), 1);
    if (row.status == LineReader::Status::line) {
      EXPECT_EQ(line, ten);
    }
  }
}

TEST(LineReader, BomAndExcerpt) {
  std::string line = "\xEF\xBB\xBFmeter_id";
  strip_utf8_bom(line);
  EXPECT_EQ(line, "meter_id");
  strip_utf8_bom(line);
  EXPECT_EQ(line, "meter_id");
  EXPECT_EQ(excerpt("abcdef", 3), "abc...");
  EXPECT_EQ(excerpt("abc", 3), "abc");
}

}  // namespace
}  // namespace renofee::io
