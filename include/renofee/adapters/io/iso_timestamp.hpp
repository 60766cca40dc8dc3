// renofee/adapters/io/iso_timestamp.hpp
//
// Purpose: reading timestamps in CSV and NDJSON input (docs/domain.md §3, §6).
//
// Accepted: ISO 8601 extended format with seconds, `YYYY-MM-DDThh:mm:ss`, followed by
//   - `Z` (UTC), or an offset `+hh:mm` / `-hh:mm` (at most 14:00): the instant is local time minus offset;
//   - nothing: Europe/Amsterdam wall-clock time, converted with the tz database (calendar::local_to_instant).
//     The repeated hour on the last Sunday of October (02:00-02:59:59 occurs twice) and the skipped hour on
//     the last Sunday of March (02:00-02:59:59 never occurs) are refused naming the time, never guessed.
// Years 1900-2200, both as written and as the UTC instant (so format_utc of every accepted timestamp is
// accepted too). Fractional seconds, a space instead of `T`, basic format (no dashes) and offsets without
// a colon are refused: they are not ambiguous, but the formats are documented strictly (docs/readings.md).
#pragma once

#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"

namespace renofee::io {

// invalid_argument (message names the text) for anything else.
Result<calendar::Instant> parse_iso_timestamp(std::string_view text);

// "2026-03-29T01:00:00Z": the canonical UTC form used in messages and tests.
std::string format_utc(calendar::Instant instant);

}  // namespace renofee::io
