// NDJSON readings (docs/readings.md): one JSON object per line,
//   {"meter_id":"E0001","channel":"import_t1","timestamp":"2026-03-29T01:59:59+01:00","value":"123.456"}
// Implements open_json_readings() of reading_source.hpp. Poco::JSON parses whole documents, so the stream is
// cut into lines first and each line (at most 64 KiB) is one document, read by the strict JSON reader
// (json_reader.hpp: a member given twice is refused): memory is bounded by one line.
#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <array>
#include <string>

#include "renofee/adapters/io/json_reader.hpp"
#include "renofee/adapters/io/line_reader.hpp"
#include "renofee/adapters/io/reading_source.hpp"

namespace renofee::io {
namespace {

constexpr std::size_t max_json_line = 64 * 1024;
constexpr std::array<std::string_view, 4> json_keys = {"meter_id", "channel", "timestamp", "value"};

class JsonReadingSource final : public ReadingFeed {
 public:
  explicit JsonReadingSource(std::istream& in) : lines_(in, max_json_line) {}

  Result<std::optional<SourcedReading>> next() override {
    for (;;) {
      RENOFEE_TRY(const bool more, lines_.next_checked(line_));
      if (!more) return std::optional<SourcedReading>{};
      if (lines_.line_number() == 1) strip_utf8_bom(line_);
      if (line_.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines separate nothing
      Result<metering::Reading> reading = parse_object(line_);
      if (!reading) return lines_.at_line(reading.error());
      return std::optional<SourcedReading>{SourcedReading{std::move(reading).value(), lines_.line_number()}};
    }
  }

 private:
  // Readings are flat objects. Refusing nesting before Poco sees the line also bounds Poco's recursion (a
  // 64 KiB line of '[' would otherwise recurse 65,536 levels deep).
  static Result<void> check_flat(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        if (++depth > 1) {
          return invalid_argument("nested objects or arrays are not allowed in a reading: \"" +
                                  excerpt(text) + "\"");
        }
      } else if (c == '}' || c == ']') {
        --depth;
      }
    }
    return success();
  }

  static Result<metering::Reading> parse_object(const std::string& text) {
    RENOFEE_CHECK(check_flat(text));
    // The strict reader of every JSON input: a member given twice ("meter_id" twice) is refused, naming it.
    Result<Poco::Dynamic::Var> parsed = parse_json_value(text, max_json_line);
    if (!parsed) {
      const Error& error = parsed.error();
      if (!error.field.empty()) return Error{error.code, error.field + ": " + error.message, {}};
      return Error{error.code, error.message + ": \"" + excerpt(text) + "\"", {}};
    }
    if (parsed->type() != typeid(Poco::JSON::Object::Ptr)) {
      return invalid_argument("expected one JSON object per line, got \"" + excerpt(text) + "\"");
    }
    const Poco::JSON::Object::Ptr object = parsed->extract<Poco::JSON::Object::Ptr>();
    std::array<std::string, 4> values;
    try {
      for (std::size_t i = 0; i < json_keys.size(); ++i) {
        const std::string key(json_keys[i]);
        if (!object->has(key)) return invalid_argument("missing \"" + key + "\"");
        const Poco::Dynamic::Var value = object->get(key);
        if (!value.isString()) {
          const std::string shown = value.isEmpty() ? "null" : value.toString();
          if (key == "value" && value.isNumeric()) {
            return invalid_argument(
                "\"value\" must be a decimal string such as \"123.456\", not the JSON number " +
                excerpt(shown) + " (JSON numbers are binary floating point)");
          }
          return invalid_argument("\"" + key + "\" must be a string, got " + excerpt(shown));
        }
        values[i] = value.extract<std::string>();
      }
      if (object->size() != json_keys.size()) {
        for (const auto& [key, ignored] : *object) {
          if (std::find(json_keys.begin(), json_keys.end(), key) == json_keys.end()) {
            return invalid_argument("unknown key \"" + excerpt(key, 40) +
                                    "\" (expected meter_id, channel, timestamp, value)");
          }
        }
      }
    } catch (const Poco::Exception& e) {
      return invalid_argument("unreadable JSON value (" + e.displayText() + "): \"" + excerpt(text) + "\"");
    }
    return make_reading(values[0], values[1], values[2], values[3]);
  }

  LineReader lines_;
  std::string line_;
};

}  // namespace

std::unique_ptr<ReadingFeed> open_json_readings(std::istream& in) {
  return std::make_unique<JsonReadingSource>(in);
}

}  // namespace renofee::io
