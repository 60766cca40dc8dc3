#include "renofee/adapters/io/reading_source.hpp"

#include <string>

#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/line_reader.hpp"

namespace renofee::io {

Result<ReadingFormat> parse_reading_format(std::string_view name) {
  if (name == "csv") return ReadingFormat::csv;
  if (name == "json" || name == "ndjson") return ReadingFormat::json;
  if (name == "p1") return ReadingFormat::p1;
  return invalid_argument("unknown reading format \"" + excerpt(name, 40) + "\" (expected csv, json or p1)");
}

std::string_view to_string(ReadingFormat format) noexcept {
  switch (format) {
    case ReadingFormat::csv:
      return "csv";
    case ReadingFormat::json:
      return "json";
    case ReadingFormat::p1:
      return "p1";
  }
  return "csv";
}

ReadingFormat sniff_reading_format(std::string_view first_bytes) noexcept {
  if (first_bytes.substr(0, 3) == "\xEF\xBB\xBF") first_bytes.remove_prefix(3);
  const std::size_t start = first_bytes.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return ReadingFormat::csv;
  if (first_bytes[start] == '/') return ReadingFormat::p1;
  if (first_bytes[start] == '{') return ReadingFormat::json;
  return ReadingFormat::csv;
}

std::unique_ptr<ReadingFeed> open_readings(ReadingFormat format, std::istream& in) {
  switch (format) {
    case ReadingFormat::csv:
      return open_csv_readings(in);
    case ReadingFormat::json:
      return open_json_readings(in);
    case ReadingFormat::p1:
      return open_p1_telegrams(in);
  }
  return open_csv_readings(in);
}

Result<Decimal> parse_register_value(std::string_view text) {
  // The grammar of every decimal read from outside (Decimal::parse_plain), without the sign, in at most 40
  // characters (so never beyond the Decimal range).
  if (!text.starts_with('-') && text.size() <= 40) {
    if (Result<Decimal> value = Decimal::parse_plain(text)) return metering::validate_register_value(*value);
  }
  return invalid_argument("register value \"" + excerpt(text) +
                          "\" is not a plain non-negative decimal such as \"00981.443\"");
}

Result<std::string> check_meter_id(std::string_view text) {
  if (text.empty()) return invalid_argument("empty meter_id");
  if (text.size() > 64)
    return invalid_argument("meter_id longer than 64 characters: \"" + excerpt(text) + "\"");
  for (char c : text) {
    if (c <= ' ' || c > '~' || c == ',' || c == '"') {
      return invalid_argument("meter_id \"" + excerpt(text) +
                              "\" has a character outside printable ASCII, a space, a comma or a quote");
    }
  }
  return std::string(text);
}

Result<metering::Reading> make_reading(std::string_view meter_id, std::string_view channel,
                                       std::string_view timestamp, std::string_view value) {
  metering::Reading reading;
  RENOFEE_TRY(reading.meter_id, check_meter_id(meter_id));
  RENOFEE_TRY(reading.channel, metering::parse_channel(channel));
  RENOFEE_TRY(reading.at, parse_iso_timestamp(timestamp));
  RENOFEE_TRY(reading.value, parse_register_value(value));
  return reading;
}

}  // namespace renofee::io
