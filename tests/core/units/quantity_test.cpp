// Test plan for quantity.hpp:
//   Compile-time: nonsense does not compile (Kwh + CubicMetres, Money * Money, Kwh * Kwh, Money + Decimal,
//   implicit Decimal -> Kwh), sense does (EurPerKwh * Kwh -> Money, both orders), proven by concepts in
//   static_asserts, so the test fails to build if the type rules loosen.
//   Run-time: exact arithmetic, scaling, same-unit ratios and unit quotients with named rounding, cents
//   helpers.
#include "renofee/core/units/quantity.hpp"

#include <gtest/gtest.h>

#include <type_traits>
#include "support/literals.hpp"

namespace renofee {
namespace {

template <typename A, typename B>
concept Addable = requires(A a, B b) {
  a + b;
};
template <typename A, typename B>
concept Subtractable = requires(A a, B b) {
  a - b;
};
template <typename A, typename B>
concept Multipliable = requires(A a, B b) {
  a* b;
};
template <typename A, typename B>
concept Dividable = requires(A a, B b) {
  divide(a, b, 2, Rounding::half_up);
};
template <typename A, typename B>
concept NativelyDividable = requires(A a, B b) {
  a / b;
};

// Nonsense does not compile.
static_assert(!Addable<Kwh, CubicMetres>);
static_assert(!Subtractable<Kwh, CubicMetres>);
static_assert(!Addable<Money, Kwh>);
static_assert(!Addable<Money, Decimal>);
static_assert(!Addable<DegreeDays, Kwh>);
static_assert(!Multipliable<Money, Money>);
static_assert(!Multipliable<Kwh, Kwh>);
static_assert(!Multipliable<Kwh, CubicMetres>);
static_assert(!Multipliable<EurPerKwh, CubicMetres>);
static_assert(!NativelyDividable<Kwh, Kwh>);  // division always names its rounding
static_assert(!Dividable<Kwh, Money>);
static_assert(!std::is_convertible_v<Decimal, Kwh>);
static_assert(!std::is_convertible_v<Kwh, Decimal>);
static_assert(!std::is_convertible_v<Kwh, CubicMetres>);
static_assert(!std::is_constructible_v<Kwh, double>);

// Sense compiles, with the right result unit.
static_assert(std::is_same_v<decltype(std::declval<EurPerKwh>() * std::declval<Kwh>()), Money>);
static_assert(std::is_same_v<decltype(std::declval<Kwh>() * std::declval<EurPerKwh>()), Money>);
static_assert(
    std::is_same_v<decltype(std::declval<EurPerCubicMetre>() * std::declval<CubicMetres>()), Money>);
static_assert(std::is_same_v<decltype(std::declval<KwhPerCubicMetre>() * std::declval<CubicMetres>()), Kwh>);
static_assert(std::is_same_v<decltype(std::declval<KwhPerDegreeDay>() * std::declval<DegreeDays>()), Kwh>);
static_assert(
    std::is_same_v<decltype(std::declval<EurPerSquareMetre>() * std::declval<SquareMetres>()), Money>);
static_assert(std::is_same_v<decltype(std::declval<Kwh>() * std::declval<Decimal>()), Kwh>);
static_assert(std::is_same_v<decltype(divide(std::declval<Kwh>(), std::declval<Kwh>(), 2, Rounding::half_up)),
                             Result<Decimal>>);
static_assert(
    std::is_same_v<decltype(divide(std::declval<Money>(), std::declval<Kwh>(), 5, Rounding::half_up)),
                   Result<EurPerKwh>>);
static_assert(Addable<Kwh, Kwh> && Subtractable<Money, Money>);

TEST(Quantity, ExactSameUnitArithmetic) {
  const Kwh import = Kwh::parse("4300.125").value();
  const Kwh export_ = Kwh::parse("3900").value();
  EXPECT_EQ((import - export_).to_string(), "400.125");
  EXPECT_EQ((-(import - export_)).to_string(), "-400.125");
  EXPECT_LT(export_, import);
  Money total = cents(1950);
  total += cents(5);
  EXPECT_EQ(total.to_string(), "19.55");
  EXPECT_EQ(Kwh::parse("1,5").error().code, ErrorCode::invalid_argument);
}

TEST(Quantity, PriceTimesVolumeIsMoney) {
  // Energy tax 2026 first bracket, 0.09161 EUR/kWh excl. VAT (docs/domain.md §5), on 3,100 kWh.
  const Money tax = EurPerKwh::parse("0.09161").value() * Kwh::parse("3100").value();
  EXPECT_EQ(tax.to_string(), "283.99100");
  EXPECT_EQ(round_to_cents(tax, Rounding::half_up).to_string(), "283.99");
  // Gas: 1450 m3 × 9.769 kWh/m3 (docs/domain.md §2, Groningen equivalent) = 14165.05 kWh.
  const Kwh gas_energy = KwhPerCubicMetre::parse("9.769").value() * CubicMetres::parse("1450").value();
  EXPECT_EQ(gas_energy.to_string(), "14165.050");
  // EPV cap: 1.65 EUR/m2 × 112 m2 = 184.80 per month (docs/domain.md §4).
  EXPECT_EQ((EurPerSquareMetre::parse("1.65").value() * SquareMetres(Decimal(112))).to_string(), "184.80");
}

TEST(Quantity, ScalingAndDivision) {
  const DegreeDays jan_day = DegreeDays::parse("12.8").value();  // TG = 52 -> 18 - 5.2
  EXPECT_EQ((jan_day * dec("1.1")).to_string(), "14.08");        // docs/domain.md §7.2: 14.08
  const Result<Decimal> ratio =
      divide(DegreeDays::parse("2537").value(), DegreeDays::parse("2811.4").value(), 6, Rounding::half_even);
  ASSERT_TRUE(ratio.ok());
  EXPECT_EQ(ratio->to_string(), "0.902397");
  const Result<EurPerKwh> unit_price = divide(cents(10500), Kwh(Decimal(1000)), 5, Rounding::half_up);
  EXPECT_EQ(unit_price->to_string(), "0.10500");
  EXPECT_EQ(divide(cents(1), Kwh(), 5, Rounding::half_up).error().code, ErrorCode::invalid_argument);
}

TEST(Quantity, Printing) {
  std::ostringstream out;
  out << cents(-1234) << ", " << Kwh::parse("1.5").value();
  EXPECT_EQ(out.str(), "-12.34 EUR, 1.5 kWh");
}

}  // namespace
}  // namespace renofee
