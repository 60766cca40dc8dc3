// Test plan for text.hpp:
//  - hex: known vectors (empty, every nibble, 0x00/0x7f/0x80/0xff, both cases), fixed-width numbers (the P1
//    CRC spelling, the request-id words), digit values, from_hex round trip and refusals;
//  - UTF-8: well-formed 1..4-byte sequences, and each RFC 3629 exclusion (overlongs, surrogates, above
//    U+10FFFF, stray continuation, truncated) refused;
//  - JSON string literals: one table in both spellings (they differ only for \b, \f and DEL), invalid UTF-8
//    replaced by U+FFFD, and every byte 0x00..0x7F escaped exactly as RFC 8259 / RFC 8785 say.
#include "renofee/core/base/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace renofee::text {
namespace {

TEST(Hex, KnownVectors) {
  EXPECT_EQ(to_hex(""), "");
  EXPECT_EQ(to_hex(std::string("\x00\x01\x7f\x80\xff", 5)), "00017f80ff");
  EXPECT_EQ(to_hex("\x01\x23\x45\x67\x89\xab\xcd\xef"), "0123456789abcdef");
  EXPECT_EQ(to_hex("\x01\x23\x45\x67\x89\xab\xcd\xef", HexCase::upper), "0123456789ABCDEF");
  EXPECT_EQ(to_hex("abc"), "616263");
  std::string out = "id=";
  append_hex(out, "\xde\xad");
  EXPECT_EQ(out, "id=dead");
}

TEST(Hex, FixedWidthNumbers) {
  std::string out;
  append_hex_number(out, 0x1f, 4);
  EXPECT_EQ(out, "001f");
  out.clear();
  append_hex_number(out, 0xBC4A, 4, HexCase::upper);  // a P1 CRC
  EXPECT_EQ(out, "BC4A");
  out.clear();
  append_hex_number(out, 0x12345, 4);  // only the lowest digits
  EXPECT_EQ(out, "2345");
  out.clear();
  append_hex_number(out, 0x0123456789abcdefULL, 16);
  EXPECT_EQ(out, "0123456789abcdef");
  out.clear();
  append_hex_number(out, ~0ULL, 16);
  EXPECT_EQ(out, "ffffffffffffffff");
}

TEST(Hex, DigitsAndDecoding) {
  static_assert(hex_digit_value('0') == 0 && hex_digit_value('9') == 9);
  static_assert(hex_digit_value('a') == 10 && hex_digit_value('F') == 15);
  static_assert(hex_digit_value('g') == -1 && hex_digit_value(' ') == -1 && hex_digit_value('/') == -1);
  EXPECT_TRUE(is_lower_hex(""));
  EXPECT_TRUE(is_lower_hex("0123456789abcdef"));
  EXPECT_FALSE(is_lower_hex("ABCDEF"));
  EXPECT_FALSE(is_lower_hex("12 4"));
  EXPECT_EQ(from_hex("00017f80ff").value(), std::string("\x00\x01\x7f\x80\xff", 5));
  EXPECT_EQ(from_hex("DEADbeef").value(), "\xde\xad\xbe\xef");
  EXPECT_EQ(from_hex("").value(), "");
  EXPECT_FALSE(from_hex("abc").has_value());  // odd length
  EXPECT_FALSE(from_hex("zz").has_value());
  const std::string bytes("\x00\x10\x20\xfe", 4);
  EXPECT_EQ(from_hex(to_hex(bytes)).value(), bytes);
}

TEST(Utf8, WellFormedAndRefused) {
  struct Row {
    int line;
    std::string text;
    bool valid;
  };
  const Row rows[] = {
      {__LINE__, "", true},
      {__LINE__, "plain ASCII", true},
      {__LINE__, "caf\xC3\xA9", true},        // U+00E9
      {__LINE__, "\xE2\x82\xAC", true},       // U+20AC
      {__LINE__, "\xF0\x9F\x98\x80", true},   // U+1F600
      {__LINE__, "\xF4\x8F\xBF\xBF", true},   // U+10FFFF, the last one
      {__LINE__, "\xC0\xAF", false},          // overlong '/'
      {__LINE__, "\xE0\x80\xAF", false},      // overlong, 3 bytes
      {__LINE__, "\xF0\x80\x80\xAF", false},  // overlong, 4 bytes
      {__LINE__, "\xED\xA0\x80", false},      // a UTF-16 surrogate
      {__LINE__, "\xF4\x90\x80\x80", false},  // above U+10FFFF
      {__LINE__, "\x80", false},              // stray continuation byte
      {__LINE__, "\xE2\x82", false},          // cut short
      {__LINE__, "\xFF", false},              //
  };
  for (const Row& row : rows) {
    EXPECT_EQ(is_valid_utf8(row.text), row.valid) << "line " << row.line;
  }
  EXPECT_EQ(utf8_sequence_length("a\xE2\x82\xAC", 1), 3u);
  EXPECT_EQ(utf8_sequence_length("a\xE2\x82", 1), 0u);
}

TEST(JsonString, BothSpellings) {
  struct Row {
    int line;
    std::string text;
    const char* compact;
    const char* canonical;
  };
  const Row rows[] = {
      {__LINE__, "", R"("")", R"("")"},
      {__LINE__, "plain a/b", R"("plain a/b")", R"("plain a/b")"},
      {__LINE__, "a\"b\\c", R"("a\"b\\c")", R"("a\"b\\c")"},
      {__LINE__, "line\nnext\r\ttab", R"("line\nnext\r\ttab")", R"("line\nnext\r\ttab")"},
      {__LINE__, std::string("nul\0x", 5), R"("nul\u0000x")", R"("nul\u0000x")"},
      {__LINE__, "\b\f", R"("\u0008\u000c")", R"("\b\f")"},
      {__LINE__, "\x01\x1f\x7f", R"("\u0001\u001f\u007f")", "\"\\u0001\\u001f\x7f\""},
      {__LINE__, "caf\xC3\xA9 \xE2\x82\xAC", "\"caf\xC3\xA9 \xE2\x82\xAC\"", "\"caf\xC3\xA9 \xE2\x82\xAC\""},
      {__LINE__, "bad \xFF byte", "\"bad \xEF\xBF\xBD byte\"", "\"bad \xEF\xBF\xBD byte\""},
      {__LINE__, "cut \xE2\x82", "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"", "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\""},
      {__LINE__, "surrogate \xED\xA0\x80", "\"surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"",
       "\"surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},
  };
  for (const Row& row : rows) {
    std::string compact;
    append_json_string(compact, row.text, JsonSpelling::compact);
    EXPECT_EQ(compact, row.compact) << "line " << row.line;
    std::string canonical = "x";
    append_json_string(canonical, row.text, JsonSpelling::canonical);
    EXPECT_EQ(canonical, std::string("x") + row.canonical) << "line " << row.line;
  }
}

TEST(JsonString, EveryAsciiByte) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    std::string compact, canonical;
    append_json_string(compact, one, JsonSpelling::compact);
    append_json_string(canonical, one, JsonSpelling::canonical);
    std::string body_compact, body_canonical;
    if (c == '"' || c == '\\') {
      body_compact = body_canonical = std::string("\\") + static_cast<char>(c);
    } else if (c == '\n' || c == '\r' || c == '\t') {
      body_compact = body_canonical = c == '\n' ? "\\n" : (c == '\r' ? "\\r" : "\\t");
    } else if (c == '\b' || c == '\f') {
      body_compact = c == '\b' ? "\\u0008" : "\\u000c";
      body_canonical = c == '\b' ? "\\b" : "\\f";
    } else if (c < 0x20 || c == 0x7F) {
      static constexpr char digits[] = "0123456789abcdef";
      body_compact = std::string("\\u00") + digits[c >> 4] + digits[c & 0xF];
      body_canonical = c == 0x7F ? one : body_compact;
    } else {
      body_compact = body_canonical = one;
    }
    EXPECT_EQ(compact, "\"" + body_compact + "\"") << c;
    EXPECT_EQ(canonical, "\"" + body_canonical + "\"") << c;
  }
}

}  // namespace
}  // namespace renofee::text
