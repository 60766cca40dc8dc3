// fuzz/fuzz_check.hpp
//
// Purpose: what every fuzz target shares. A target is `LLVMFuzzerTestOneInput(data, size)`; it parses the
// input with one of renofee's parsers and checks properties of the outcome (round trips, error shape), not
// only that nothing crashed. A violated property prints what was expected and aborts: libFuzzer reports the
// abort as a crash and saves the input, and the replay driver (replay_main.cpp) fails its ctest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "renofee/core/base/error.hpp"

namespace renofee::fuzz {

[[noreturn]] inline void property_failed(const char* file, int line, const char* condition,
                                         const std::string& detail) {
  std::fprintf(stderr, "%s:%d: fuzz property violated: %s\n  %s\n", file, line, condition, detail.c_str());
  std::abort();
}

// The input as text (parsers take bytes; no terminator is added, so reads past the end are caught by ASan).
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Every error a parser returns names what went wrong (a non-empty message) and is an expected failure, never
// `internal`.
inline bool well_formed(const Error& error) {
  return !error.message.empty() && error.code != ErrorCode::internal;
}

}  // namespace renofee::fuzz

// FUZZ_CHECK(condition, detail): aborts with `detail` (a std::string expression) when `condition` is false.
#define FUZZ_CHECK(condition, detail)                                                             \
  do {                                                                                            \
    if (!(condition)) ::renofee::fuzz::property_failed(__FILE__, __LINE__, #condition, (detail)); \
  } while (false)
