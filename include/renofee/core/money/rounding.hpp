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

// The one rounding decision of renofee, shared by Decimal (native and wide paths) and the finance module's
// integer-cent arithmetic. An exact value v = ±(q + f), integer q >= 0 and fraction 0 <= f < 1, rounds to
// ±q or ±(q + 1); the result is true when it is ±(q + 1). Inputs: `exact` (f == 0), `half` = -1, 0 or 1 as f
// is below, at or above 1/2, whether q is odd, and the sign of v (only floor and ceiling look at it).
constexpr bool rounds_away(bool exact, int half, bool q_odd, bool negative, Rounding mode) noexcept {
  if (exact) return false;
  switch (mode) {
    case Rounding::down:
      return false;
    case Rounding::up:
      return true;
    case Rounding::floor:
      return negative;
    case Rounding::ceiling:
      return !negative;
    case Rounding::half_up:
      return half >= 0;
    case Rounding::half_even:
      return half > 0 || (half == 0 && q_odd);  // an exact tie goes to the even neighbour
  }
  return false;
}

// `half` for rounds_away from a remainder and divisor (0 <= remainder < divisor): -1, 0 or 1 as
// remainder / divisor is below, at or above 1/2, compared without computing 2 × remainder (no overflow).
// Int is any integer type, built-in or Boost.Multiprecision.
template <typename Int>
constexpr int compare_with_half(const Int& remainder, const Int& divisor) {
  const Int other = divisor - remainder;
  return remainder < other ? -1 : (remainder == other ? 0 : 1);
}

}  // namespace renofee
