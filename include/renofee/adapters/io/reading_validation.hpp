// renofee/adapters/io/reading_validation.hpp
//
// Purpose: checks across the readings of one upload (docs/domain.md §6), as a streaming decorator so memory
// stays flat: `ValidatingSource` keeps only the last reading of each (meter, channel) series seen, O(meters x
// channels), never the readings themselves.
//
// Rules, each error naming the line (or telegram) of the offending reading and the line of the earlier one:
//   - a register is a cumulative counter: a later reading lower than the previous one of the same meter and
//     channel is invalid_argument. A new meter_id on a channel is a meter swap and starts a new series
//     (fine);
//   - within a series readings must come in time order (equal times allowed): an earlier timestamp is
//     invalid_argument ("sort the file"). This is what lets the checks run with O(1) state per series;
//   - the same key (meter, channel, timestamp) with another value is already_exists (a conflict, HTTP 409);
//   - the same key with the same value (a P1 log repeats the hourly gas reading in every telegram) is skipped
//     and counted in `stats().exact_duplicates`.
// Unknown channels, bad timestamps and bad values are refused by the parsers themselves.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "renofee/adapters/io/reading_source.hpp"

namespace renofee::io {

struct UploadStats {
  std::int64_t readings = 0;          // passed on
  std::int64_t exact_duplicates = 0;  // skipped: same meter, channel, timestamp and value as the previous
  std::int64_t series = 0;            // distinct (meter, channel) pairs seen
};

class ValidatingSource final : public ReadingSource {
 public:
  // `position_name` labels ParsedReading::line in errors: "line" (CSV, NDJSON) or "telegram" (P1).
  explicit ValidatingSource(ReadingSource& inner, std::string_view position_name = "line")
      : inner_(inner), position_name_(position_name) {}

  Result<std::optional<ParsedReading>> next() override;
  [[nodiscard]] const UploadStats& stats() const noexcept { return stats_; }

 private:
  struct Last {
    calendar::Instant at;
    Decimal value;
    std::int64_t line = 0;
  };
  ReadingSource& inner_;
  std::string_view position_name_;
  std::map<std::pair<std::string, metering::Channel>, Last> last_;
  UploadStats stats_;
};

}  // namespace renofee::io
