// renofee/adapters/io/line_reader.hpp
//
// Purpose: reads text input one line at a time with a hard length limit, so a parser's memory is bounded by
// the longest allowed line and not by the file (a file without newlines cannot make it allocate gigabytes).
// Lines end at "\n" or "\r\n" (the terminator is reported, because the DSMR CRC covers it); the last line may
// lack a terminator. Line numbers are 1-based.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"

namespace renofee::io {

class LineReader {
 public:
  enum class Status { line, end, too_long };

  LineReader(std::istream& in, std::size_t max_length) : in_(in), max_length_(max_length) {}

  // Reads the next line into `line` without its terminator. `too_long` when it exceeds max_length bytes
  // (the reader is then unusable); `end` when the input is exhausted.
  Status next(std::string& line);
  // For parsers: true with the next line, false at the end, invalid_argument "line longer than N bytes"
  // (field "line N") for an overlong line.
  Result<bool> next_checked(std::string& line);
  // "line N" for the line last returned, and `error` moved there (code and message kept).
  [[nodiscard]] std::string position() const { return "line " + std::to_string(line_number_); }
  [[nodiscard]] Error at_line(const Error& error) const {
    return Error{error.code, error.message, position()};
  }
  // Number of the line last returned.
  [[nodiscard]] std::int64_t line_number() const noexcept { return line_number_; }
  // "\r\n", "\n" or "" (last line without terminator) of the line last returned.
  [[nodiscard]] std::string_view terminator() const noexcept { return terminator_; }
  [[nodiscard]] std::size_t max_length() const noexcept { return max_length_; }

 private:
  std::istream& in_;
  std::size_t max_length_;
  std::int64_t line_number_ = 0;
  std::string_view terminator_;
};

// Removes a UTF-8 byte order mark (EF BB BF) from the front of `line`.
void strip_utf8_bom(std::string& line);
// The first `max` bytes of `text` for an error message, with "..." when cut.
std::string excerpt(std::string_view text, std::size_t max = 60);

}  // namespace renofee::io
