// renofee/core/money/rounding.hpp
//
// Purpose: the six rounding modes of docs/domain.md §2. There is no default mode anywhere in renofee: every
// call that can lose digits names one.
//   half_even  ties to the even neighbour (banker's rounding)          2.5 -> 2, 3.5 -> 4, -2.5 -> -2
//   half_up    ties away from zero (commercial rounding, NL invoices)   2.5 -> 3, -2.5 -> -3
//   down       toward zero (truncate)                                  2.9 -> 2, -2.9 -> -2
//   up         away from zero                                          2.1 -> 3, -2.1 -> -3
//   floor      toward minus infinity                                   2.9 -> 2, -2.1 -> -3
//   ceiling    toward plus infinity                                    2.1 -> 3, -2.9 -> -2
// The names match python's decimal ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_DOWN, ROUND_UP, ROUND_FLOOR,
// ROUND_CEILING, which serve as the test oracle (scripts/gen_decimal_oracle.py).
#pragma once

#include <array>
#include <string_view>

#include "renofee/core/base/result.hpp"

namespace renofee {

enum class Rounding { half_even, half_up, down, up, floor, ceiling };

inline constexpr std::array<Rounding, 6> all_roundings = {
    Rounding::half_even, Rounding::half_up, Rounding::down, Rounding::up, Rounding::floor, Rounding::ceiling};

// "half_even", "half_up", ... as used in offer documents and the oracle fixture.
std::string_view to_string(Rounding mode) noexcept;

// Inverse of to_string; anything else is invalid_argument naming the text.
Result<Rounding> parse_rounding(std::string_view text);

}  // namespace renofee
