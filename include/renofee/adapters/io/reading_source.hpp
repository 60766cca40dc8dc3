// renofee/adapters/io/reading_source.hpp
//
// Purpose: the meter-reading parsers (docs/domain.md §6). Each is an `app::ReadingFeed` (the ingest use
// case's streaming interface, yielding `app::SourcedReading`s) pulled one reading at a time, so memory stays flat whatever the file size: parsers keep
// one line (CSV, NDJSON) or one telegram's registers (DSMR P1) and never the whole file.
//
// Contract of `next()`:
//   - a value: the next reading, with `line` = its 1-based line number (CSV, NDJSON) or telegram number (P1);
//   - nullopt: the input ended cleanly (call again: nullopt again);
//   - an Error: the input is bad; its `field` says where ("line 17", "telegram 3") and its message names the
//     bad text. An error stops the upload (ingestion is atomic per upload); do not call next() afterwards.
//
// Formats (docs/readings.md): "csv" (long format meter_id,channel,timestamp,value), "json" (NDJSON, one
// object per line) and "p1" (a log of raw DSMR 4.x/5.x P1 telegrams). `sniff_reading_format` picks one from
// the first bytes: '/' is P1, '{' is NDJSON, anything else CSV.
//
// Parsers check each reading on its own (syntax, channel, timestamp, value >= 0 with at most 3 decimals).
// Checks across readings (register decreases, duplicates) are app::ReadingChecks (ingest_readings.hpp).
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string_view>

#include "renofee/app/ingest_readings.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/metering/readings.hpp"

namespace renofee::io {

// The parsers' types are the use case's own: a parser is handed to app::ingest_readings as it is.
using app::ReadingFeed;
using app::SourcedReading;

enum class ReadingFormat { csv, json, p1 };

// "csv", "json" (also "ndjson") or "p1"; anything else is invalid_argument naming the text.
Result<ReadingFormat> parse_reading_format(std::string_view name);
std::string_view to_string(ReadingFormat format) noexcept;
// The format of an input from its first bytes (a UTF-8 byte order mark and blank space are skipped).
ReadingFormat sniff_reading_format(std::string_view first_bytes) noexcept;

// Field checks shared by the text formats. A register value is a plain decimal string (Decimal::parse_plain,
// the grammar of offer amounts too) without a sign: digits, optionally '.' and digits ("00981.443"); no sign,
// exponent or spaces; then metering::validate_register_value (at most 3 decimals). A meter id is 1-64 printable ASCII characters without spaces, commas or quotes.
Result<Decimal> parse_register_value(std::string_view text);
Result<std::string> check_meter_id(std::string_view text);
// A reading from its four text fields (CSV columns, NDJSON strings), each checked as above; the timestamp as
// in iso_timestamp.hpp. The first failing field's error.
Result<metering::Reading> make_reading(std::string_view meter_id, std::string_view channel,
                                       std::string_view timestamp, std::string_view value);

// The parsers. Each reads `in` lazily; the stream must outlive the source.
std::unique_ptr<ReadingFeed> open_csv_readings(std::istream& in);
std::unique_ptr<ReadingFeed> open_json_readings(std::istream& in);
std::unique_ptr<ReadingFeed> open_p1_telegrams(std::istream& in);
std::unique_ptr<ReadingFeed> open_readings(ReadingFormat format, std::istream& in);

}  // namespace renofee::io
