// renofee/adapters/io/reading_validation.hpp
//
// Purpose: a parser's output with the upload checks applied, as a streaming decorator (memory stays flat):
// what the fuzzers (fuzz/readings_check.hpp), the parse benchmark and the parser tests drain. The rules
// themselves are app::ReadingChecks (ingest_readings.hpp), the same ones every upload runs through
// app::ingest_readings; this decorator only adds what a stream without a store needs:
//   - an exact repeat (same meter, channel, timestamp and value; a P1 log repeats the hourly gas reading in
//     every telegram) is skipped here and counted in `stats().exact_duplicates` (ingest passes it on and the
//     store counts it);
//   - no bound on the number of (meter, channel) series (ingest applies IngestOptions::max_series).
// Unknown channels, bad timestamps and bad values are refused by the parsers themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "renofee/adapters/io/reading_source.hpp"

namespace renofee::io {

struct UploadStats {
  std::int64_t readings = 0;          // passed on
  std::int64_t exact_duplicates = 0;  // skipped: same meter, channel, timestamp and value as the previous
  std::int64_t series = 0;            // distinct (meter, channel) pairs seen
};

class ValidatingSource final : public ReadingFeed {
 public:
  // `position_name` labels SourcedReading::line in errors: "line" (CSV, NDJSON) or "telegram" (P1).
  explicit ValidatingSource(ReadingFeed& inner, std::string_view position_name = "line")
      : inner_(inner), checks_(std::numeric_limits<std::size_t>::max(), position_name) {}

  Result<std::optional<SourcedReading>> next() override;
  [[nodiscard]] const UploadStats& stats() const noexcept { return stats_; }

 private:
  ReadingFeed& inner_;
  app::ReadingChecks checks_;
  UploadStats stats_;
};

}  // namespace renofee::io
