// tests/support/files.hpp
//
// Purpose: reading a test data file whole, shared by the test files of a target (so that a unity build does not
// see the helper twice). A file that cannot be opened gives an empty string; the test's comparison then fails on
// the content, which names the file's purpose better than an exception here would.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace renofee {

// The bytes of `path`, unchanged (binary mode: no newline translation).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace renofee
