// fuzz/readings_check.hpp
//
// Purpose: the properties shared by the meter-reading fuzz targets (csv_readings, json_readings,
// p1_telegram): draining a ReadingFeed (reading_source.hpp) and the upload validation on top of it
// (reading_validation.hpp).
//
//   - every reading passes the field checks again (meter id, register value >= 0 with at most 3 decimals)
//     and carries a positive position that never goes back (strictly increasing for line formats);
//   - the end is sticky: after nullopt, next() gives nullopt again;
//   - an error is well formed and names its position ("line N" / "telegram N");
//   - ValidatingSource over the same input passes on every reading it does not skip as an exact duplicate,
//     or stops with an invalid_argument / already_exists naming a position.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/reading_source.hpp"
#include "renofee/adapters/io/reading_validation.hpp"

namespace renofee::fuzz {

struct Drained {
  std::vector<io::SourcedReading> readings;
  std::optional<Error> error;
};

inline std::string show(const io::SourcedReading& r) {
  return r.reading.meter_id + "," + std::string(metering::to_string(r.reading.channel)) + "," +
         io::format_utc(r.reading.at) + "," + r.reading.value.to_string() + " @" + std::to_string(r.line);
}

inline bool has_position(const Error& error) {
  return error.field.rfind("line ", 0) == 0 || error.field.rfind("telegram ", 0) == 0;
}

// Pulls every reading of `source` (at most `max_readings`, a bound no valid input of this size can reach).
inline Drained drain(io::ReadingFeed& source, bool strictly_increasing, std::size_t max_readings) {
  Drained out;
  for (;;) {
    Result<std::optional<io::SourcedReading>> next = source.next();
    if (!next) {
      FUZZ_CHECK(well_formed(next.error()), describe(next.error()));
      FUZZ_CHECK(has_position(next.error()), "error without a position: " + describe(next.error()));
      out.error = next.error();
      return out;
    }
    if (!next->has_value()) {
      const Result<std::optional<io::SourcedReading>> after = source.next();
      FUZZ_CHECK(after && !after->has_value(), "next() after the end did not give the end again");
      return out;
    }
    const io::SourcedReading& r = **next;
    FUZZ_CHECK(io::check_meter_id(r.reading.meter_id).ok(), show(r));
    FUZZ_CHECK(metering::validate_register_value(r.reading.value).ok(), show(r));
    FUZZ_CHECK(r.line > 0, show(r));
    if (!out.readings.empty()) {
      const std::int64_t previous = out.readings.back().line;
      FUZZ_CHECK(strictly_increasing ? r.line > previous : r.line >= previous, show(r));
    }
    out.readings.push_back(r);
    FUZZ_CHECK(out.readings.size() <= max_readings, "more readings than the input can hold");
  }
}

// Runs the upload validation over a fresh parse of `text` and checks it against the raw readings.
template <typename Open>
void check_validation(std::string_view text, Open open, const Drained& raw, std::string_view position_name) {
  std::istringstream in{std::string(text)};
  const std::unique_ptr<io::ReadingFeed> source = open(in);
  io::ValidatingSource validating(*source, position_name);
  std::size_t passed = 0;
  for (;;) {
    Result<std::optional<io::SourcedReading>> next = validating.next();
    if (!next) {
      const Error& e = next.error();
      FUZZ_CHECK(well_formed(e) && has_position(e), describe(e));
      if (raw.error && *raw.error == e) return;  // the parser's own error, passed through
      FUZZ_CHECK(e.code == ErrorCode::invalid_argument || e.code == ErrorCode::already_exists, describe(e));
      return;
    }
    if (!next->has_value()) break;
    FUZZ_CHECK(passed < raw.readings.size(), "validation passed on more readings than were parsed");
    ++passed;
  }
  FUZZ_CHECK(!raw.error, "validation ended cleanly where the parser failed: " + describe(*raw.error));
  const io::UploadStats& stats = validating.stats();
  FUZZ_CHECK(static_cast<std::size_t>(stats.readings) == passed &&
                 static_cast<std::size_t>(stats.readings + stats.exact_duplicates) == raw.readings.size(),
             "stats " + std::to_string(stats.readings) + " + " + std::to_string(stats.exact_duplicates) +
                 " duplicates vs " + std::to_string(raw.readings.size()) + " parsed");
}

}  // namespace renofee::fuzz
