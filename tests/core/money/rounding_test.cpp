// Test plan for rounding.hpp: names round-trip for every mode; unknown names are rejected naming the text;
// the shared decision `rounds_away` against rounding.hpp's table (2.5, 3.5, 2.1, 2.9 and their negatives, exact
// values), every mode at an exact tie for even and odd q, and `compare_with_half` at, below and above 1/2 on
// built-in and big integers (odd divisors never tie).
#include "renofee/core/money/rounding.hpp"

#include <gtest/gtest.h>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>

namespace renofee {
namespace {

TEST(Rounding, NamesRoundTrip) {
  for (Rounding mode : all_roundings)
    EXPECT_EQ(parse_rounding(to_string(mode)).value(), mode);
  EXPECT_EQ(to_string(Rounding::half_up), "half_up");
  EXPECT_EQ(to_string(Rounding::half_even), "half_even");
}

TEST(Rounding, UnknownNameIsInvalidArgument) {
  for (const char* text : {"", "HALF_UP", "half-up", "bankers", "half_up "}) {
    const Result<Rounding> parsed = parse_rounding(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(parsed.error().message.find(std::string("\"") + text + "\""), std::string::npos);
  }
}

// Rounds the exact value numerator / 10 (one decimal) to an integer with the shared decision, the way Decimal
// and the finance module use it: magnitude, quotient, remainder, then rounds_away.
std::int64_t round_tenths(std::int64_t numerator, Rounding mode) {
  const bool negative = numerator < 0;
  const std::int64_t magnitude = negative ? -numerator : numerator;
  std::int64_t q = magnitude / 10;
  const std::int64_t r = magnitude % 10;
  if (rounds_away(r == 0, compare_with_half<std::int64_t>(r, 10), (q % 2) != 0, negative, mode)) ++q;
  return negative ? -q : q;
}

TEST(Rounding, SharedDecisionMatchesTheTable) {
  struct Row {
    int line;
    std::int64_t tenths;  // the exact value × 10
    std::int64_t half_even, half_up, down, up, floor, ceiling;
  };
  const Row rows[] = {
      {__LINE__, 25, 2, 3, 2, 3, 2, 3},         // 2.5: tie, q even
      {__LINE__, 35, 4, 4, 3, 4, 3, 4},         // 3.5: tie, q odd
      {__LINE__, -25, -2, -3, -2, -3, -3, -2},  // -2.5
      {__LINE__, -35, -4, -4, -3, -4, -4, -3},  // -3.5
      {__LINE__, 21, 2, 2, 2, 3, 2, 3},         // below half
      {__LINE__, 29, 3, 3, 2, 3, 2, 3},         // above half
      {__LINE__, -21, -2, -2, -2, -3, -3, -2},  //
      {__LINE__, -29, -3, -3, -2, -3, -3, -2},  //
      {__LINE__, 30, 3, 3, 3, 3, 3, 3},         // exact: never moves
      {__LINE__, -30, -3, -3, -3, -3, -3, -3},  //
      {__LINE__, 0, 0, 0, 0, 0, 0, 0},          //
      {__LINE__, 5, 0, 1, 0, 1, 0, 1},          // 0.5: q = 0 is even
      {__LINE__, -5, 0, -1, 0, -1, -1, 0},      // -0.5
  };
  for (const Row& row : rows) {
    EXPECT_EQ(round_tenths(row.tenths, Rounding::half_even), row.half_even) << "line " << row.line;
    EXPECT_EQ(round_tenths(row.tenths, Rounding::half_up), row.half_up) << "line " << row.line;
    EXPECT_EQ(round_tenths(row.tenths, Rounding::down), row.down) << "line " << row.line;
    EXPECT_EQ(round_tenths(row.tenths, Rounding::up), row.up) << "line " << row.line;
    EXPECT_EQ(round_tenths(row.tenths, Rounding::floor), row.floor) << "line " << row.line;
    EXPECT_EQ(round_tenths(row.tenths, Rounding::ceiling), row.ceiling) << "line " << row.line;
  }
}

TEST(Rounding, TiesGoToTheEvenNeighbourOnlyUnderHalfEven) {
  // The decision itself, at an exact tie (half == 0) of a positive value.
  static_assert(!rounds_away(false, 0, /*q_odd=*/false, false, Rounding::half_even));
  static_assert(rounds_away(false, 0, /*q_odd=*/true, false, Rounding::half_even));
  static_assert(rounds_away(false, 0, false, false, Rounding::half_up));
  static_assert(rounds_away(false, 0, false, /*negative=*/true, Rounding::half_up));  // away from zero
  static_assert(!rounds_away(false, 0, true, false, Rounding::down));
  static_assert(rounds_away(false, 0, false, false, Rounding::up));
  static_assert(!rounds_away(false, 0, true, false, Rounding::floor));
  static_assert(rounds_away(false, 0, true, true, Rounding::floor));
  static_assert(rounds_away(false, 0, false, false, Rounding::ceiling));
  static_assert(!rounds_away(false, 0, false, true, Rounding::ceiling));
  // Nothing cut off: no mode moves the value.
  for (Rounding mode : all_roundings) {
    EXPECT_FALSE(rounds_away(true, -1, true, false, mode)) << to_string(mode);
    EXPECT_FALSE(rounds_away(true, -1, true, true, mode)) << to_string(mode);
  }
}

TEST(Rounding, CompareWithHalf) {
  static_assert(compare_with_half(0, 10) == -1);
  static_assert(compare_with_half(4, 10) == -1);
  static_assert(compare_with_half(5, 10) == 0);
  static_assert(compare_with_half(6, 10) == 1);
  static_assert(compare_with_half(3, 7) == -1);  // an odd divisor has no tie
  static_assert(compare_with_half(4, 7) == 1);
  // Near the top of the type: 2 × remainder would overflow.
  constexpr std::uint64_t top = UINT64_MAX - 1;  // 2^64 - 2, half of it is 2^63 - 1
  static_assert(compare_with_half<std::uint64_t>(top / 2, top) == 0);
  static_assert(compare_with_half<std::uint64_t>(top / 2 + 1, top) == 1);
  static_assert(compare_with_half<std::uint64_t>(top / 2 - 1, top) == -1);
  using Big = boost::multiprecision::cpp_int;
  const Big d = Big(1) << 200;
  EXPECT_EQ(compare_with_half<Big>(d / 2, d), 0);
  EXPECT_EQ(compare_with_half<Big>(d / 2 - 1, d), -1);
  EXPECT_EQ(compare_with_half<Big>(d / 2 + 1, d), 1);
}

}  // namespace
}  // namespace renofee
