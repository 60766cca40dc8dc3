// eemeter CSV files (eemeter_csv.hpp).
#include "renofee/adapters/io/eemeter_csv.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/line_reader.hpp"

namespace renofee::io {
namespace {

constexpr std::size_t max_line = 4096;

struct Cells {
  std::string_view first;
  std::string_view second;
};

Result<Cells> split(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::size_t comma = line.find(',');
  if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos) {
    return invalid_argument("expected two comma-separated columns, got '" + std::string(line) + "'");
  }
  return Cells{line.substr(0, comma), line.substr(comma + 1)};
}

// A number (std::from_chars, general format) or empty (missing = NaN); "nan" is accepted as missing too
// (pandas writes NaN as empty, but a hand-made file may spell it).
Result<double> parse_value(std::string_view text) {
  if (text.empty() || text == "nan" || text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    return invalid_argument("not a number: '" + std::string(text) + "'");
  }
  return value;
}

// `YYYY-MM-DD` (UTC midnight) or an ISO timestamp; eemeter writes "+00:00" offsets.
Result<savings::Instant> parse_start(std::string_view text, bool& date_only) {
  date_only = text.size() == 10;
  if (date_only) {
    Result<calendar::Date> day = calendar::parse_date(text);
    if (!day) return invalid_argument("not a date YYYY-MM-DD: '" + std::string(text) + "'");
    return savings::Instant{date::sys_days{*day}};
  }
  Result<calendar::Instant> instant = parse_iso_timestamp(text);
  if (!instant) return instant.error();
  return *instant;
}

Error at(const LineReader& reader, std::string_view name, const Error& error) {
  return Error{ErrorCode::invalid_argument, error.message, std::string(name) + " " + reader.position()};
}

// One data row of either file: the first cell as a time, the second as a value.
struct Row {
  std::string_view text;  // the first cell, for messages
  savings::Instant time{};
  bool date_only = false;
  double value = 0;
};

// Calls `on_row(const Row&)` (a Result<bool>; an error refuses the file) for every non-empty data line after
// the header; every refusal comes back with "<name> line N".
template <class OnRow>
Result<bool> each_row(LineReader& reader, std::string_view name, OnRow on_row) {
  std::string line;
  while (true) {
    Result<bool> next = reader.next_checked(line);
    if (!next) return at(reader, name, next.error());
    if (!*next) return true;
    if (line.empty() || line == "\r") continue;
    Result<Cells> cells = split(line);
    if (!cells) return at(reader, name, cells.error());
    Row row;
    row.text = cells->first;
    Result<savings::Instant> start = parse_start(cells->first, row.date_only);
    if (!start) return at(reader, name, start.error());
    row.time = *start;
    Result<double> value = parse_value(cells->second);
    if (!value) return at(reader, name, value.error());
    row.value = *value;
    Result<bool> accepted = on_row(row);
    if (!accepted) return at(reader, name, accepted.error());
  }
}

}  // namespace

Result<std::vector<savings::MeterRow>> read_eemeter_meter_csv(std::istream& in, std::string_view name) {
  LineReader reader(in, max_line);
  std::string line;
  RENOFEE_TRY(bool has, reader.next_checked(line));
  if (!has) return invalid_argument("empty file: expected the header 'start,value'", std::string(name));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != "start,value") {
    return at(reader, name, invalid_argument("expected the header 'start,value', got '" + line + "'"));
  }
  std::vector<savings::MeterRow> rows;
  RENOFEE_TRY(bool done, each_row(reader, name, [&](const Row& row) -> Result<bool> {
                if (!rows.empty() && !(rows.back().start < row.time)) {
                  return invalid_argument("start '" + std::string(row.text) +
                                          "' is not after the previous row's start");
                }
                rows.push_back({row.time, row.value});
                return true;
              }));
  (void)done;
  if (rows.empty()) return invalid_argument("no meter rows", std::string(name));
  return rows;
}

Result<savings::HourlyTemperatures> read_eemeter_temperature_csv(std::istream& in, std::string_view name) {
  LineReader reader(in, max_line);
  std::string line;
  RENOFEE_TRY(bool has, reader.next_checked(line));
  if (!has) return invalid_argument("empty file: expected a header 'dt,<temperature>'", std::string(name));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.rfind("dt,", 0) != 0 && line.rfind("date,", 0) != 0) {
    return at(reader, name, invalid_argument("expected a header 'dt,<temperature>', got '" + line + "'"));
  }
  savings::HourlyTemperatures temps;
  bool any = false;
  bool daily = false;
  savings::Instant last{};
  constexpr std::int64_t limit_hours = 24 * 366 * 200;  // 200 years of hours: a sanity bound on the grid
  RENOFEE_TRY(bool done, each_row(reader, name, [&](const Row& row) -> Result<bool> {
                if (!any) {
                  daily = row.date_only;
                  temps.first = row.time;
                } else if (row.date_only != daily) {
                  return invalid_argument("mixes dates and timestamps: '" + std::string(row.text) + "'");
                }
                if (row.time.time_since_epoch().count() % 3600 != 0) {
                  return invalid_argument("not on a whole hour: '" + std::string(row.text) + "'");
                }
                if (any && !(last < row.time)) {
                  return invalid_argument("time '" + std::string(row.text) +
                                          "' is not after the previous row's time");
                }
                const std::int64_t slot = (row.time - temps.first).count() / 3600;
                if (slot > limit_hours) return invalid_argument("the file spans more than 200 years");
                // Skipped hours (or days) are missing slots; a daily row fills its 24 hours.
                temps.values.resize(static_cast<std::size_t>(slot), std::numeric_limits<double>::quiet_NaN());
                temps.values.insert(temps.values.end(), daily ? 24 : 1, row.value);
                last = row.time;
                any = true;
                return true;
              }));
  (void)done;
  if (!any) return invalid_argument("no temperature rows", std::string(name));
  return temps;
}

savings::HourlyTemperatures temperatures_from_knmi_days(std::span<const weather::WeatherDay> days) {
  savings::HourlyTemperatures temps;
  if (days.empty()) return temps;
  const date::sys_days first{days.front().day};
  temps.first = savings::Instant{first};
  for (const weather::WeatherDay& day : days) {
    const auto slot = static_cast<std::size_t>((date::sys_days{day.day} - first).count()) * 24;
    temps.values.resize(slot, std::numeric_limits<double>::quiet_NaN());
    const double celsius = day.mean_temperature_01c ? *day.mean_temperature_01c / 10.0
                                                    : std::numeric_limits<double>::quiet_NaN();
    temps.values.insert(temps.values.end(), 24, celsius);
  }
  return temps;
}

}  // namespace renofee::io
