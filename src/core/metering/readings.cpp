#include "renofee/core/metering/readings.hpp"

#include <string>

namespace renofee::metering {

std::string_view to_string(Channel channel) noexcept {
  switch (channel) {
    case Channel::import_t1:
      return "import_t1";
    case Channel::import_t2:
      return "import_t2";
    case Channel::export_t1:
      return "export_t1";
    case Channel::export_t2:
      return "export_t2";
    case Channel::gas:
      return "gas";
    case Channel::heat_pump:
      return "heat_pump";
    case Channel::pv_generation:
      return "pv_generation";
  }
  return "import_t1";
}

Result<Channel> parse_channel(std::string_view text) {
  for (Channel channel : all_channels) {
    if (to_string(channel) == text) return channel;
  }
  return invalid_argument(
      "unknown channel \"" + std::string(text.substr(0, 40)) +
      "\" (expected import_t1, import_t2, export_t1, export_t2, gas, heat_pump or pv_generation)");
}

Carrier carrier_of(Channel channel) noexcept {
  return channel == Channel::gas ? Carrier::gas : Carrier::electricity;
}

std::string_view unit_of(Channel channel) noexcept {
  return channel == Channel::gas ? "m3" : "kWh";
}

Result<Decimal> validate_register_value(const Decimal& value) {
  if (value.is_negative()) return invalid_argument("register value " + value.to_string() + " is negative");
  if (value.scale() > register_scale && value != value.round(register_scale, Rounding::down)) {
    return invalid_argument("register value " + value.to_string() +
                            " has more than 3 decimals (resolution is 1 Wh "
                            "or 1 dm3)");
  }
  return value;
}

}  // namespace renofee::metering
