// renofee/core/metering/readings.hpp
//
// Purpose: the vocabulary of metered data (docs/domain.md §6). A `Reading` is one register (cumulative
// counter) value of one meter channel at one UTC instant. Parsers (CSV, JSON, DSMR P1) produce readings;
// storage keeps them exactly; consumption (consumption.hpp) turns register readings into use over periods.
//
// Channels and units:
//   import_t1, import_t2, export_t1, export_t2   electricity registers, kWh, resolution 0.001 kWh (1 Wh)
//   gas                                          gas register, m3, resolution 0.001 m3 (1 dm3)
//   heat_pump, pv_generation                     optional submeters, kWh, resolution 0.001 kWh
// T1/T2 follow the DSMR P1 register numbering (1.8.1/1.8.2 import, 2.8.1/2.8.2 export).
// Register values are non-negative and carry at most 3 decimals (`register_scale`); finer values are refused,
// never rounded, by `validate_register_value`.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"

namespace renofee::metering {

enum class Channel { import_t1, import_t2, export_t1, export_t2, gas, heat_pump, pv_generation };

inline constexpr std::array<Channel, 7> all_channels = {
    Channel::import_t1, Channel::import_t2, Channel::export_t1,    Channel::export_t2,
    Channel::gas,       Channel::heat_pump, Channel::pv_generation};

enum class Carrier { electricity, gas };

// Digits after the point of every register value: Wh for kWh channels, dm3 for gas.
inline constexpr int register_scale = 3;

// "import_t1", ... (the names used in CSV, JSON, the database and reports).
std::string_view to_string(Channel channel) noexcept;
// Inverse of to_string; anything else is invalid_argument naming the text and the valid names.
Result<Channel> parse_channel(std::string_view text);
// The carrier of a channel (gas -> gas; everything else electricity) and its unit symbol ("kWh" or "m3").
Carrier carrier_of(Channel channel) noexcept;
std::string_view unit_of(Channel channel) noexcept;

// A register value as read. `meter_id` identifies the physical meter (a new id on the same channel is a meter
// swap, see consumption.hpp); `at` is the UTC instant of the reading.
struct Reading {
  std::string meter_id;
  Channel channel = Channel::import_t1;
  calendar::Instant at;
  Decimal value;  // register value in the channel's unit, >= 0, at most 3 decimals

  friend bool operator==(const Reading&, const Reading&) = default;
};

// Checks a register value: non-negative, at most `register_scale` decimals. invalid_argument otherwise.
Result<Decimal> validate_register_value(const Decimal& value);

}  // namespace renofee::metering
