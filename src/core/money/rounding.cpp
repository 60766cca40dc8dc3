#include "renofee/core/money/rounding.hpp"

#include <string>

namespace renofee {

std::string_view to_string(Rounding mode) noexcept {
  switch (mode) {
    case Rounding::half_even:
      return "half_even";
    case Rounding::half_up:
      return "half_up";
    case Rounding::down:
      return "down";
    case Rounding::up:
      return "up";
    case Rounding::floor:
      return "floor";
    case Rounding::ceiling:
      return "ceiling";
  }
  return "half_even";
}

Result<Rounding> parse_rounding(std::string_view text) {
  for (Rounding mode : all_roundings) {
    if (to_string(mode) == text) return mode;
  }
  return invalid_argument("unknown rounding mode \"" + std::string(text.substr(0, 40)) +
                          "\" (expected half_even, half_up, down, up, floor or ceiling)");
}

}  // namespace renofee
