#include "renofee/adapters/io/knmi_daily.hpp"

#include <charconv>
#include <fstream>
#include <string_view>

namespace renofee::io {
namespace {

constexpr std::size_t max_line_length = 10'000;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = line.find(',', from);
    fields.push_back(
        trim(line.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from)));
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  return fields;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// An optionally signed decimal integer filling the whole text.
std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty() || text.front() == '+') return std::nullopt;
  return value;
}

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text.substr(0, 40)) + (text.size() > 40 ? "...\"" : "\"");
}

}  // namespace

Error KnmiDailyReader::fail(Error error) {
  const std::string where = "line " + std::to_string(line_number_);
  error.message = where + ": " + error.message;
  error.field = where;
  failed_ = error;
  return error;
}

Result<bool> KnmiDailyReader::read_line(std::string& line) {
  // istream::getline into a bounded buffer, so a file without line ends cannot make us hold it whole: it
  // stores at most max_line_length + 1 characters and sets failbit (without eofbit) when the line is longer.
  const auto too_long = [this] {
    return fail(out_of_range("line longer than " + std::to_string(max_line_length) + " characters"));
  };
  buffer_.resize(max_line_length + 2);  // allocated once per reader
  in_.getline(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  const auto extracted = static_cast<std::size_t>(in_.gcount());
  if (extracted == 0 && in_.eof()) return false;
  ++line_number_;
  if (in_.fail() && !in_.eof()) return too_long();
  // The '\n' is extracted but not stored.
  line.assign(buffer_.data(), in_.eof() ? extracted : extracted - 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files
  if (line.size() > max_line_length) return too_long();
  return true;
}

Result<void> KnmiDailyReader::read_header() {
  std::string line;
  while (true) {
    RENOFEE_TRY(const bool more, read_line(line));
    if (!more) break;
    const std::string_view text = trim(line);
    if (text.empty()) continue;
    if (text.front() != '#') {
      // Preamble text (KNMI's long header) is skipped, but a data line means the column header is missing.
      const std::vector<std::string_view> fields = split_fields(text);
      if (fields.size() > 2 && all_digits(fields[0]) && all_digits(fields[1]) && fields[1].size() == 8) {
        return fail(invalid_argument("data line before the column header line (# STN,YYYYMMDD,...)"));
      }
      continue;
    }
    const std::vector<std::string_view> names = split_fields(trim(text.substr(1)));
    if (names.empty() || names[0] != "STN") continue;  // a comment line
    Columns columns;
    columns.count = names.size();
    bool stn = false, day = false, tg = false, q = false;
    for (std::size_t i = 0; i < names.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (names[j] == names[i])
          return fail(invalid_argument("column " + in_quotes(names[i]) + " named twice"));
      }
      if (names[i] == "STN") columns.stn = i, stn = true;
      if (names[i] == "YYYYMMDD") columns.date = i, day = true;
      if (names[i] == "TG") columns.tg = i, tg = true;
      if (names[i] == "Q") columns.q = i, q = true;
    }
    if (!(stn && day && tg && q)) {
      return fail(invalid_argument("column header lacks " +
                                   std::string(!day  ? "YYYYMMDD"
                                               : !tg ? "TG"
                                                     : "Q") +
                                   " (needs STN, YYYYMMDD, TG and Q)"));
    }
    columns_ = columns;
    return success();
  }
  return fail(invalid_argument("no column header line (# STN,YYYYMMDD,...) before the end of the file"));
}

Result<weather::WeatherDay> KnmiDailyReader::parse_data_line(const std::string& line) {
  const std::vector<std::string_view> fields = split_fields(line);
  const Columns& columns = *columns_;
  if (fields.size() != columns.count) {
    return fail(invalid_argument("expected " + std::to_string(columns.count) +
                                 " fields as in the column header, found " + std::to_string(fields.size()) +
                                 " (truncated or malformed line)"));
  }
  weather::WeatherDay day;
  const std::optional<int> station = parse_int(fields[columns.stn]);
  if (!station || *station <= 0)
    return fail(invalid_argument("STN " + in_quotes(fields[columns.stn]) + " is not a station number"));
  day.station = *station;
  const std::string_view ymd = fields[columns.date];
  if (ymd.size() != 8 || !all_digits(ymd)) {
    return fail(invalid_argument("YYYYMMDD " + in_quotes(ymd) + " is not a date"));
  }
  const int number = *parse_int(ymd);
  day.day = calendar::Date{date::year{number / 10000}, date::month{static_cast<unsigned>(number / 100 % 100)},
                           date::day{static_cast<unsigned>(number % 100)}};
  if (!day.day.ok() || number / 10000 < 1800 || number / 10000 > 2200) {
    return fail(invalid_argument("YYYYMMDD " + in_quotes(ymd) + " is not a date"));
  }
  const auto read_optional = [&](std::size_t column, std::string_view name, int low,
                                 int high) -> Result<std::optional<int>> {
    const std::string_view text = fields[column];
    if (text.empty()) return std::optional<int>{};  // blank: missing, never zero
    const std::optional<int> value = parse_int(text);
    if (!value)
      return fail(invalid_argument(std::string(name) + " " + in_quotes(text) + " is not an integer"));
    if (*value < low || *value > high) {
      return fail(out_of_range(std::string(name) + " " + std::to_string(*value) + " outside " +
                               std::to_string(low) + ".." + std::to_string(high)));
    }
    return value;
  };
  RENOFEE_TRY(day.mean_temperature_01c, read_optional(columns.tg, "TG", -600, 600));
  RENOFEE_TRY(day.global_radiation_j_cm2, read_optional(columns.q, "Q", 0, 5000));
  if (previous_) {
    if (day.station != previous_->station) {
      return fail(invalid_argument("station " + std::to_string(day.station) + " in a file of station " +
                                   std::to_string(previous_->station)));
    }
    if (!(previous_->day < day.day)) {
      return fail(invalid_argument("date " + calendar::to_string(day.day) + " does not follow " +
                                   calendar::to_string(previous_->day) + " (one line per day, ascending)"));
    }
  }
  previous_ = day;
  return day;
}

Result<std::optional<weather::WeatherDay>> KnmiDailyReader::next() {
  if (failed_) return *failed_;
  if (!columns_) RENOFEE_CHECK(read_header());
  std::string line;
  while (true) {
    RENOFEE_TRY(const bool more, read_line(line));
    if (!more) break;
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    RENOFEE_TRY(weather::WeatherDay day, parse_data_line(line));
    return std::optional<weather::WeatherDay>(std::move(day));
  }
  if (in_.bad()) return fail(unavailable("read error"));
  return std::optional<weather::WeatherDay>{};
}

Result<std::vector<weather::WeatherDay>> read_knmi_daily(std::istream& in) {
  KnmiDailyReader reader(in);
  std::vector<weather::WeatherDay> days;
  while (true) {
    RENOFEE_TRY(std::optional<weather::WeatherDay> day, reader.next());
    if (!day) return days;
    days.push_back(*day);
  }
}

Result<std::vector<weather::WeatherDay>> read_knmi_daily_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open KNMI file " + in_quotes(path), path);
  return read_knmi_daily(in);
}

}  // namespace renofee::io
