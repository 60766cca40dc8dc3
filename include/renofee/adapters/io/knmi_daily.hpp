// renofee/adapters/io/knmi_daily.hpp
//
// Purpose: read KNMI daily weather files (`etmgeg_NNN.txt`, "daggegevens") exactly as KNMI publishes them
// into `weather::WeatherDay` values (docs/domain.md §7), streaming line by line so memory stays flat.
//
// Format (KNMI, https://www.knmi.nl/nederland-nu/klimatologie/daggegevens; both shapes are in
// tests/data/knmi/):
//   - an optional preamble: KNMI's long header (free text "BRON: ...", one line per column "TG = ...") or
//     comment lines starting with '#'. Everything before the column header line is skipped.
//   - the column header line: '#' followed by comma-separated, space-padded names
//     "# STN,YYYYMMDD,DDVEC,FHVEC,   FG, ...,   TG, ...,    Q, ...". STN, YYYYMMDD, TG and Q are found by
//     name, never by position.
//   - data lines, one per station-day: "  260,20100101,  ...,  -12, ...". Fields are padded with spaces; a
//     blank field is missing data (std::nullopt, never zero). Empty lines and '#' lines after the header are
//     skipped. Line ends may be LF or CRLF (the Cabauw download has CRLF).
// Units: TG daily mean temperature in 0.1 degC (accepted range -600..600), Q global radiation in J/cm2
// (0..5000), YYYYMMDD the (UT) date.
//
// Errors (Result, never a crash): every error's field is "line N" (1-based) and its message starts with it.
//   invalid_argument  no column header before the data or the end of the file; a header without STN,
//                     YYYYMMDD, TG or Q; a data line with another number of fields than the header (a truncated line);
//                     a non-integer STN/TG/Q; a bad date; another station than the first line's; a date not
//                     after the previous line's (files are sorted and have one line per day)
//   out_of_range      TG or Q outside the ranges above; a line longer than 10,000 characters
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/weather/weather_day.hpp"

namespace renofee::io {

class KnmiDailyReader {
 public:
  // Reads from `in`, which must outlive the reader.
  explicit KnmiDailyReader(std::istream& in) : in_(in) {}

  // The next station-day, std::nullopt at the end of the file, or the first error (after an error the reader
  // stays failed and returns it again).
  Result<std::optional<weather::WeatherDay>> next();

  // The number of the line read last (1-based).
  [[nodiscard]] int line_number() const noexcept { return line_number_; }

 private:
  struct Columns {
    std::size_t count = 0;
    std::size_t stn = 0;
    std::size_t date = 0;
    std::size_t tg = 0;
    std::size_t q = 0;
  };
  // Reads the next line into `line` without its line end; false at the end of the input.
  Result<bool> read_line(std::string& line);
  Result<void> read_header();
  Result<weather::WeatherDay> parse_data_line(const std::string& line);
  Error fail(Error error);

  std::istream& in_;
  std::string buffer_;  // bounded line buffer (max line length + 2)
  int line_number_ = 0;
  std::optional<Columns> columns_;
  std::optional<Error> failed_;
  std::optional<weather::WeatherDay> previous_;
};

// All days of a stream or file (a convenience over KnmiDailyReader). A file that cannot be opened is
// not_found naming the path.
Result<std::vector<weather::WeatherDay>> read_knmi_daily(std::istream& in);
Result<std::vector<weather::WeatherDay>> read_knmi_daily_file(const std::string& path);

}  // namespace renofee::io
