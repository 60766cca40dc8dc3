// CSV long format (docs/readings.md): header `meter_id,channel,timestamp,value`, one reading per line.
// Implements open_csv_readings() of reading_source.hpp. State: one line buffer, reused.
#include <array>
#include <string>

#include "renofee/adapters/io/line_reader.hpp"
#include "renofee/adapters/io/reading_source.hpp"

namespace renofee::io {
namespace {

constexpr std::size_t max_csv_line = 4096;
constexpr std::string_view csv_header = "meter_id,channel,timestamp,value";

class CsvReadingSource final : public ReadingFeed {
 public:
  explicit CsvReadingSource(std::istream& in) : lines_(in, max_csv_line) {}

  Result<std::optional<SourcedReading>> next() override {
    for (;;) {
      RENOFEE_TRY(const bool more, lines_.next_checked(line_));
      if (!more) {
        if (!header_seen_)
          return invalid_argument("empty input: expected the header \"" + std::string(csv_header) + "\"",
                                  "line 1");
        return std::optional<SourcedReading>{};
      }
      if (!header_seen_) {
        strip_utf8_bom(line_);
        if (line_ != csv_header) {
          return invalid_argument(
              "expected the header \"" + std::string(csv_header) + "\", got \"" + excerpt(line_) + "\"",
              lines_.position());
        }
        header_seen_ = true;
        continue;
      }
      if (line_.empty()) {
        // Blank lines are allowed only at the end of the file.
        if (blank_line_ == 0) blank_line_ = lines_.line_number();
        continue;
      }
      if (blank_line_ != 0) {
        return invalid_argument(
            "empty line in the middle of the file (only trailing empty lines are allowed)",
            "line " + std::to_string(blank_line_));
      }
      Result<metering::Reading> reading = parse_row(line_);
      if (!reading) return lines_.at_line(reading.error());
      return std::optional<SourcedReading>{SourcedReading{std::move(reading).value(), lines_.line_number()}};
    }
  }

 private:
  static Result<metering::Reading> parse_row(std::string_view row) {
    if (row.find('"') != std::string_view::npos) {
      return invalid_argument("quoted fields are not supported (meter ids and values never need quotes): \"" +
                              excerpt(row) + "\"");
    }
    std::array<std::string_view, 4> fields;
    std::size_t count = 0;
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = row.find(',', start);
      const std::string_view field =
          row.substr(start, comma == std::string_view::npos ? row.npos : comma - start);
      if (count < fields.size()) fields[count] = field;
      ++count;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (count != fields.size()) {
      return invalid_argument("expected 4 fields meter_id,channel,timestamp,value, got " +
                              std::to_string(count) + ": \"" + excerpt(row) + "\"");
    }
    return make_reading(fields[0], fields[1], fields[2], fields[3]);
  }

  LineReader lines_;
  std::string line_;
  bool header_seen_ = false;
  std::int64_t blank_line_ = 0;
};

}  // namespace

std::unique_ptr<ReadingFeed> open_csv_readings(std::istream& in) {
  return std::make_unique<CsvReadingSource>(in);
}

}  // namespace renofee::io
