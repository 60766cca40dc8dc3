// Test plan for line_reader.hpp: LF, CRLF and a last line without terminator are returned with their
// terminator and number; a lone CR stays in the line; a line beyond the limit is too_long; BOM stripping.
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
