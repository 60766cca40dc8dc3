#include "renofee/adapters/io/p1_telegram.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "renofee/adapters/io/line_reader.hpp"
#include "renofee/adapters/io/reading_source.hpp"
#include "renofee/core/base/text.hpp"

namespace renofee::io {
namespace {

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

using text::hex_digit_value;

constexpr std::size_t max_p1_line = 4096;        // 0-0:96.13.0 text messages are up to 2048 hex digits
constexpr std::size_t max_telegram = 64 * 1024;  // a real telegram is about 1 KiB

// One OBIS line split into its id and the texts between parentheses: "0-1:24.2.1(ts)(v*m3)".
struct ObisLine {
  std::string_view id;
  std::array<std::string_view, 2> values;
  std::size_t value_count = 0;
};

std::optional<ObisLine> split_obis(std::string_view line) {
  const std::size_t open = line.find('(');
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  ObisLine result;
  result.id = line.substr(0, open);
  std::size_t pos = open;
  while (pos < line.size()) {
    if (line[pos] != '(') return std::nullopt;
    const std::size_t close = line.find(')', pos);
    if (close == std::string_view::npos) return std::nullopt;
    if (result.value_count < result.values.size())
      result.values[result.value_count] = line.substr(pos + 1, close - pos - 1);
    ++result.value_count;
    pos = close + 1;
  }
  return result;
}

// "001581.123*kWh" -> kWh value; "006545766*Wh" -> exact kWh. `unit` is "kWh" or "m3".
Result<Decimal> parse_quantity(std::string_view text, std::string_view unit) {
  const std::size_t star = text.find('*');
  if (star == std::string_view::npos) {
    return invalid_argument("register \"" + excerpt(text) + "\" has no unit (expected *" + std::string(unit) +
                            ")");
  }
  const std::string_view number = text.substr(0, star);
  const std::string_view given = text.substr(star + 1);
  if (given == unit) return parse_register_value(number);
  if (unit == "kWh" && given == "Wh") {
    for (char c : number) {
      if (!is_ascii_digit(c))
        return invalid_argument("Wh register \"" + excerpt(text) + "\" is not a whole number");
    }
    if (number.empty() || number.size() > 15) {
      return invalid_argument("Wh register \"" + excerpt(text) +
                              "\" is not a whole number of at most 15 digits");
    }
    return Decimal::from_units(std::stoll(std::string(number)), 3);
  }
  return invalid_argument("register \"" + excerpt(text) + "\" has unit \"" + excerpt(given, 20) +
                          "\", expected " + std::string(unit));
}

// Readings of one telegram, filled while its lines stream by; bounded size.
struct TelegramState {
  std::int64_t number = 0;
  std::int64_t first_line = 0;
  std::size_t bytes = 0;
  std::uint16_t crc = 0;       // over the bytes as read
  std::uint16_t crc_crlf = 0;  // as if every bare "\n" were "\r\n"
  std::optional<calendar::Instant> time;
  std::optional<std::string> meter_id;
  std::array<std::optional<Decimal>, 4> electricity;  // 1.8.1, 1.8.2, 2.8.1, 2.8.2
  struct Device {
    std::optional<int> type;
    std::optional<std::string> id;
    std::optional<calendar::Instant> captured;
    std::optional<std::string> value_text;  // "00981.443*m3": checked once the device type is known
  };
  std::array<Device, 4> devices;  // M-Bus channels 0-1 .. 0-4
};

constexpr std::array<std::pair<std::string_view, metering::Channel>, 4> electricity_registers = {{
    {"1-0:1.8.1", metering::Channel::import_t1},
    {"1-0:1.8.2", metering::Channel::import_t2},
    {"1-0:2.8.1", metering::Channel::export_t1},
    {"1-0:2.8.2", metering::Channel::export_t2},
}};

// True for the OBIS ids this parser reads (see the header).
bool is_read_object(std::string_view id) {
  if (id == "0-0:1.0.0" || id == "0-0:96.1.1") return true;
  for (const auto& [register_id, channel] : electricity_registers) {
    if (id == register_id) return true;
  }
  if (id.size() < 4 || id.substr(0, 2) != "0-" || id[2] < '1' || id[2] > '4' || id[3] != ':') return false;
  const std::string_view object = id.substr(4);
  return object == "24.1.0" || object == "96.1.0" || object == "24.2.1";
}

class P1TelegramSource final : public ReadingFeed {
 public:
  explicit P1TelegramSource(std::istream& in) : lines_(in, max_p1_line) {}

  Result<std::optional<SourcedReading>> next() override {
    while (pending_next_ == pending_.size()) {
      pending_.clear();
      pending_next_ = 0;
      RENOFEE_TRY(const bool more, read_telegram());
      if (!more) return std::optional<SourcedReading>{};
    }
    return std::optional<SourcedReading>{std::move(pending_[pending_next_++])};
  }

 private:
  std::string where() const { return "telegram " + std::to_string(telegram_.number); }
  Error fail(const std::string& message) const {
    return invalid_argument(message + " (line " + std::to_string(lines_.line_number()) + ")", where());
  }

  // Reads the next telegram into pending_; false at the end of the input.
  Result<bool> read_telegram() {
    // Find the header; only blank lines may come between telegrams.
    for (;;) {
      RENOFEE_TRY(const bool more, lines_.next_checked(line_));
      if (!more) return false;
      if (lines_.line_number() == 1) strip_utf8_bom(line_);
      if (line_.empty()) continue;
      if (line_.front() == '/') break;
      return invalid_argument(
          "text outside a telegram (a telegram starts with '/'): \"" + excerpt(line_) + "\"",
          lines_.position());
    }
    telegram_ = TelegramState{};
    telegram_.number = ++telegram_count_;
    telegram_.first_line = lines_.line_number();
    add_to_crc(line_, true);
    for (;;) {
      const LineReader::Status status = lines_.next(line_);
      if (status == LineReader::Status::end) return fail("telegram ends without '!' and CRC");
      if (status == LineReader::Status::too_long) {
        return fail("line longer than " + std::to_string(max_p1_line) + " bytes");
      }
      if (!line_.empty() && line_.front() == '!') return finish_telegram();
      if (!line_.empty() && line_.front() == '/')
        return fail("new header before the end '!' of the telegram");
      add_to_crc(line_, true);
      if (telegram_.bytes > max_telegram) return fail("telegram longer than 64 KiB");
      RENOFEE_CHECK(read_object(line_));
    }
  }

  void add_to_crc(std::string_view content, bool with_terminator) {
    telegram_.crc = crc16_arc(content, telegram_.crc);
    telegram_.crc_crlf = crc16_arc(content, telegram_.crc_crlf);
    telegram_.bytes += content.size();
    if (!with_terminator) return;
    const std::string_view terminator = lines_.terminator();
    telegram_.crc = crc16_arc(terminator, telegram_.crc);
    telegram_.crc_crlf = crc16_arc(terminator == "\n" ? "\r\n" : terminator, telegram_.crc_crlf);
    telegram_.bytes += terminator.size();
  }

  Result<void> read_object(std::string_view line) {
    if (line.empty()) return success();
    const std::optional<ObisLine> obis = split_obis(line);
    // Continuation lines (DSMR 2/3 gas value) and odd shapes of objects we do not read are skipped (the CRC
    // has vouched for them); a broken line of an object we read is an error, never a silently missing
    // register.
    if (!obis) {
      if (is_read_object(line.substr(0, line.find('('))))
        return fail("malformed object \"" + excerpt(line) + "\"");
      return success();
    }
    const std::string_view id = obis->id;
    const auto once = [&](bool already) -> Result<void> {
      if (already) return fail("object " + std::string(id) + " appears twice");
      return success();
    };
    if (id == "0-0:1.0.0") {
      RENOFEE_CHECK(once(telegram_.time.has_value()));
      Result<calendar::Instant> time = parse_p1_timestamp(obis->values[0]);
      if (!time) return fail(time.error().message);
      telegram_.time = *time;
      return success();
    }
    if (id == "0-0:96.1.1") {
      RENOFEE_CHECK(once(telegram_.meter_id.has_value()));
      telegram_.meter_id = p1_equipment_id(obis->values[0]);
      return success();
    }
    for (std::size_t i = 0; i < electricity_registers.size(); ++i) {
      if (id != electricity_registers[i].first) continue;
      RENOFEE_CHECK(once(telegram_.electricity[i].has_value()));
      if (obis->value_count != 1) return fail("expected one value in \"" + excerpt(line) + "\"");
      Result<Decimal> value = parse_quantity(obis->values[0], "kWh");
      if (!value) return fail(std::string(id) + ": " + value.error().message);
      telegram_.electricity[i] = *value;
      return success();
    }
    // M-Bus devices: 0-n:24.1.0 type, 0-n:96.1.0 id, 0-n:24.2.1 reading, n = 1..4.
    if (id.size() >= 4 && id.substr(0, 2) == "0-" && id[2] >= '1' && id[2] <= '4' && id[3] == ':') {
      TelegramState::Device& device = telegram_.devices[static_cast<std::size_t>(id[2] - '1')];
      const std::string_view object = id.substr(4);
      if (object == "24.1.0") {
        RENOFEE_CHECK(once(device.type.has_value()));
        const std::string_view type = obis->values[0];
        if (type.empty() || type.size() > 3 || type.find_first_not_of("0123456789") != type.npos) {
          return fail("device type \"" + excerpt(type) + "\" of " + std::string(id) + " is not a number");
        }
        device.type = std::stoi(std::string(type));
      } else if (object == "96.1.0") {
        RENOFEE_CHECK(once(device.id.has_value()));
        device.id = p1_equipment_id(obis->values[0]);
      } else if (object == "24.2.1") {
        RENOFEE_CHECK(once(device.value_text.has_value()));
        if (obis->value_count != 2) return fail("expected (time)(value*m3) in \"" + excerpt(line) + "\"");
        Result<calendar::Instant> captured = parse_p1_timestamp(obis->values[0]);
        if (!captured) return fail(std::string(id) + " capture time: " + captured.error().message);
        device.captured = *captured;
        device.value_text = std::string(obis->values[1]);
      }
    }
    return success();
  }

  Result<bool> finish_telegram() {
    const std::string_view given = std::string_view(line_).substr(1);
    add_to_crc("!", false);
    if (given.empty()) return fail("telegram without CRC (DSMR 2.x/3.x telegrams are not supported)");
    if (given.size() != 4 || hex_digit_value(given[0]) < 0 || hex_digit_value(given[1]) < 0 ||
        hex_digit_value(given[2]) < 0 || hex_digit_value(given[3]) < 0) {
      return fail("CRC \"" + excerpt(given, 20) + "\" is not 4 hex digits");
    }
    const auto expected =
        static_cast<std::uint16_t>((hex_digit_value(given[0]) << 12) | (hex_digit_value(given[1]) << 8) |
                                   (hex_digit_value(given[2]) << 4) | hex_digit_value(given[3]));
    if (expected != telegram_.crc && expected != telegram_.crc_crlf) {
      std::string computed;
      text::append_hex_number(computed, telegram_.crc, 4, text::HexCase::upper);
      return fail("CRC mismatch: telegram says " + std::string(given) + ", its bytes give " + computed);
    }
    if (!telegram_.time) return fail("no timestamp 0-0:1.0.0 in the telegram");
    const bool any_electricity = std::any_of(telegram_.electricity.begin(), telegram_.electricity.end(),
                                             [](const auto& value) { return value.has_value(); });
    if (any_electricity) {
      if (!telegram_.meter_id) return fail("no meter id 0-0:96.1.1 in the telegram");
      Result<std::string> checked = check_meter_id(*telegram_.meter_id);
      if (!checked) return fail("meter id 0-0:96.1.1: " + checked.error().message);
    }
    for (std::size_t i = 0; i < electricity_registers.size(); ++i) {
      if (!telegram_.electricity[i]) continue;
      pending_.push_back(
          SourcedReading{metering::Reading{*telegram_.meter_id, electricity_registers[i].second,
                                           *telegram_.time, *telegram_.electricity[i]},
                         telegram_.number});
    }
    for (std::size_t n = 0; n < telegram_.devices.size(); ++n) {
      const TelegramState::Device& device = telegram_.devices[n];
      if (!device.value_text) continue;
      // Device type 3 is gas (DSMR P1 companion standard); a reading without a type line counts as gas when
      // it is in m3. Water (7) and heat (4) devices are skipped.
      if (device.type && *device.type != 3) continue;
      Result<Decimal> value = parse_quantity(*device.value_text, "m3");
      if (!value) return fail("gas 0-" + std::to_string(n + 1) + ":24.2.1: " + value.error().message);
      if (!device.id)
        return fail("no gas meter id 0-" + std::to_string(n + 1) + ":96.1.0 for the gas reading");
      Result<std::string> checked = check_meter_id(*device.id);
      if (!checked)
        return fail("gas meter id 0-" + std::to_string(n + 1) + ":96.1.0: " + checked.error().message);
      pending_.push_back(SourcedReading{
          metering::Reading{*device.id, metering::Channel::gas, *device.captured, *value}, telegram_.number});
    }
    return true;
  }

  LineReader lines_;
  std::string line_;
  std::int64_t telegram_count_ = 0;
  TelegramState telegram_;
  std::vector<SourcedReading> pending_;
  std::size_t pending_next_ = 0;
};

}  // namespace

std::uint16_t crc16_arc(std::string_view bytes, std::uint16_t crc) noexcept {
  for (char c : bytes) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1U) != 0 ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001U)
                            : static_cast<std::uint16_t>(crc >> 1);
  }
  return crc;
}

Result<calendar::Instant> parse_p1_timestamp(std::string_view text) {
  const auto bad = [&] {
    return invalid_argument("not a P1 timestamp (expected YYMMDDhhmmssS or YYMMDDhhmmssW): \"" +
                            excerpt(text) + "\"");
  };
  if (text.size() != 13) return bad();
  for (std::size_t i = 0; i < 12; ++i) {
    if (!is_ascii_digit(text[i])) return bad();
  }
  const char season = text[12];
  if (season != 'S' && season != 'W') return bad();
  const auto two = [&](std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
  const date::year_month_day day{date::year{2000 + two(0)}, date::month{static_cast<unsigned>(two(2))},
                                 date::day{static_cast<unsigned>(two(4))}};
  if (!day.ok() || two(6) > 23 || two(8) > 59 || two(10) > 59) {
    return invalid_argument("no such date or time in P1 timestamp \"" + excerpt(text) + "\"");
  }
  // S: summer time, UTC+02:00; W: winter time, UTC+01:00 (Europe/Amsterdam).
  const std::chrono::seconds offset{season == 'S' ? 7200 : 3600};
  const std::chrono::seconds wall{two(6) * 3600 + two(8) * 60 + two(10)};
  return calendar::Instant{date::sys_days{day}.time_since_epoch() + wall - offset};
}

Result<std::string> decode_hex_ascii(std::string_view hex) {
  if (hex.size() % 2 != 0) return invalid_argument("odd number of hex digits in \"" + excerpt(hex) + "\"");
  std::string text;
  text.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_digit_value(hex[i]);
    const int low = hex_digit_value(hex[i + 1]);
    if (high < 0 || low < 0) return invalid_argument("not hex-encoded ASCII: \"" + excerpt(hex) + "\"");
    const int byte = high * 16 + low;
    if (byte < 0x20 || byte > 0x7E) {
      return invalid_argument("hex \"" + excerpt(hex) + "\" decodes to a byte outside printable ASCII");
    }
    text.push_back(static_cast<char>(byte));
  }
  return text;
}

std::string p1_equipment_id(std::string_view hex) {
  Result<std::string> decoded = decode_hex_ascii(hex);
  if (decoded && !decoded->empty()) return std::move(decoded).value();
  return std::string(hex);
}

std::unique_ptr<ReadingFeed> open_p1_telegrams(std::istream& in) {
  return std::make_unique<P1TelegramSource>(in);
}

}  // namespace renofee::io
