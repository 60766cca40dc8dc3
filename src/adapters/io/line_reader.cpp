#include "renofee/adapters/io/line_reader.hpp"

#include <streambuf>

namespace renofee::io {

LineReader::Status LineReader::next(std::string& line) {
  line.clear();
  std::streambuf* buffer = in_.rdbuf();
  if (buffer == nullptr) return Status::end;
  bool any = false;
  for (;;) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      if (!any) return Status::end;
      ++line_number_;
      terminator_ = "";
      return line.size() > max_length_ ? Status::too_long : Status::line;
    }
    any = true;
    if (c == '\n') {
      ++line_number_;
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
        terminator_ = "\r\n";
      } else {
        terminator_ = "\n";
      }
      // The slack byte below is only for a CRLF's '\r': a line of max_length + 1 bytes is too long.
      return line.size() > max_length_ ? Status::too_long : Status::line;
    }
    // One byte of slack for the '\r' of a CRLF terminator.
    if (line.size() > max_length_) {
      ++line_number_;
      return Status::too_long;
    }
    line.push_back(static_cast<char>(c));
  }
}

Result<bool> LineReader::next_checked(std::string& line) {
  switch (next(line)) {
    case Status::line:
      return true;
    case Status::end:
      return false;
    case Status::too_long:
      break;
  }
  return invalid_argument("line longer than " + std::to_string(max_length_) + " bytes", position());
}

void strip_utf8_bom(std::string& line) {
  if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
}

std::string excerpt(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

}  // namespace renofee::io
