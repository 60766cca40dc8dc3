// Helpers shared by the reading-parser tests: drain a source into readings and its first error.
#pragma once

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "renofee/adapters/io/reading_source.hpp"

namespace renofee::io::test {

struct Drained {
  std::vector<SourcedReading> readings;
  std::optional<Error> error;
};

inline Drained drain(ReadingFeed& source) {
  Drained out;
  for (int guard = 0; guard < 10'000'000; ++guard) {
    Result<std::optional<SourcedReading>> next = source.next();
    if (!next) {
      out.error = next.error();
      return out;
    }
    if (!next->has_value()) return out;
    out.readings.push_back(std::move(**next));
  }
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string data_path(const std::string& relative) {
  return std::string(RENOFEE_TEST_DATA_DIR) + "/" + relative;
}

// Splits a tab-separated line.
inline std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

}  // namespace renofee::io::test
