// renofee/core/units/quantity.hpp
//
// Purpose: strong quantity types over `Decimal`, so that physically meaningless arithmetic does not compile
// (architecture.md practice 2). `Quantity<Unit>` wraps an exact Decimal tagged with its unit:
//   - same-unit `+`, `-`, comparison; unary minus;
//   - scaling by a dimensionless Decimal (`Kwh * Decimal`, `Decimal * Kwh`), exact;
//   - `Quantity<A> * Quantity<B>` only where `product_unit<A, B>` names a result unit
//     (EurPerKwh × Kwh = Money);
//   - division only through `divide(a, b, scale, mode)`, which names its rounding; the result unit comes from
//     `quotient_unit<A, B>` (Money / Kwh = EurPerKwh) and same-unit division gives a plain Decimal ratio.
// So `Kwh + CubicMetres`, `Money * Money` and `Kwh * Kwh` are compile errors
// (tests/core/units/quantity_test.cpp proves it with concepts in static_asserts).
//
// Units (docs/domain.md §2): electricity and heat in kWh (meter registers resolve 0.001 kWh = 1 Wh), gas in
// m3 (0.001 m3 = 1 dm3), degree days in K·day, irradiance in J/cm2 (KNMI `Q`), money in EUR.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/money/decimal.hpp"

namespace renofee {

namespace unit {
// Tags. `symbol` is used in reports and error messages.
struct Eur {
  static constexpr std::string_view symbol = "EUR";
};
struct Kwh {
  static constexpr std::string_view symbol = "kWh";
};
struct CubicMetres {
  static constexpr std::string_view symbol = "m3";
};
struct DegreeDays {
  static constexpr std::string_view symbol = "K.day";
};
struct JoulesPerSquareCentimetre {
  static constexpr std::string_view symbol = "J/cm2";
};
struct SquareMetres {
  static constexpr std::string_view symbol = "m2";
};
struct EurPerKwh {
  static constexpr std::string_view symbol = "EUR/kWh";
};
struct EurPerCubicMetre {
  static constexpr std::string_view symbol = "EUR/m3";
};
struct EurPerSquareMetre {
  static constexpr std::string_view symbol = "EUR/m2";
};
struct KwhPerCubicMetre {
  static constexpr std::string_view symbol = "kWh/m3";
};
struct KwhPerDegreeDay {
  static constexpr std::string_view symbol = "kWh/K.day";
};
struct CubicMetresPerDegreeDay {
  static constexpr std::string_view symbol = "m3/K.day";
};
struct KwhPerSquareMetre {
  static constexpr std::string_view symbol = "kWh/m2";
};
}  // namespace unit

template <typename Unit>
class Quantity {
 public:
  using unit_type = Unit;

  Quantity() = default;
  explicit Quantity(Decimal value) : value_(std::move(value)) {}

  // Parses a decimal string (Decimal::parse rules) into this unit.
  static Result<Quantity> parse(std::string_view text) {
    Result<Decimal> value = Decimal::parse(text);
    if (!value) return value.error();
    return Quantity(std::move(value).value());
  }

  [[nodiscard]] const Decimal& value() const noexcept { return value_; }
  [[nodiscard]] std::string to_string() const { return value_.to_string(); }
  [[nodiscard]] bool is_zero() const noexcept { return value_.is_zero(); }
  [[nodiscard]] bool is_negative() const noexcept { return value_.is_negative(); }

  // The same quantity rounded; the caller names the rule (e.g. cents, half_up for invoice lines).
  [[nodiscard]] Quantity round(int scale, Rounding mode) const { return Quantity(value_.round(scale, mode)); }

  Quantity operator-() const { return Quantity(-value_); }
  friend Quantity operator+(const Quantity& a, const Quantity& b) { return Quantity(a.value_ + b.value_); }
  friend Quantity operator-(const Quantity& a, const Quantity& b) { return Quantity(a.value_ - b.value_); }
  Quantity& operator+=(const Quantity& other) { return *this = *this + other; }
  Quantity& operator-=(const Quantity& other) { return *this = *this - other; }

  // Scaling by a dimensionless factor (a count of months, a weighting, a share) is exact.
  friend Quantity operator*(const Quantity& q, const Decimal& factor) { return Quantity(q.value_ * factor); }
  friend Quantity operator*(const Decimal& factor, const Quantity& q) { return Quantity(factor * q.value_); }

  friend bool operator==(const Quantity& a, const Quantity& b) { return a.value_ == b.value_; }
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
    return a.value_ <=> b.value_;
  }

 private:
  Decimal value_;
};

using Money = Quantity<unit::Eur>;
using Kwh = Quantity<unit::Kwh>;
using CubicMetres = Quantity<unit::CubicMetres>;
using DegreeDays = Quantity<unit::DegreeDays>;
using Irradiance = Quantity<unit::JoulesPerSquareCentimetre>;
using SquareMetres = Quantity<unit::SquareMetres>;
using EurPerKwh = Quantity<unit::EurPerKwh>;
using EurPerCubicMetre = Quantity<unit::EurPerCubicMetre>;
using EurPerSquareMetre = Quantity<unit::EurPerSquareMetre>;
using KwhPerCubicMetre = Quantity<unit::KwhPerCubicMetre>;
using KwhPerDegreeDay = Quantity<unit::KwhPerDegreeDay>;
using CubicMetresPerDegreeDay = Quantity<unit::CubicMetresPerDegreeDay>;
using KwhPerSquareMetre = Quantity<unit::KwhPerSquareMetre>;

// product_unit<A, B>::type is the unit of A × B; undefined (so no operator*) for every other pair.
template <typename A, typename B>
struct product_unit {};

#define RENOFEE_PRODUCT_UNIT(A, B, R)     \
  template <>                             \
  struct product_unit<unit::A, unit::B> { \
    using type = unit::R;                 \
  };                                      \
  template <>                             \
  struct product_unit<unit::B, unit::A> { \
    using type = unit::R;                 \
  };
RENOFEE_PRODUCT_UNIT(EurPerKwh, Kwh, Eur)                   // energy bill line: price × volume
RENOFEE_PRODUCT_UNIT(EurPerCubicMetre, CubicMetres, Eur)    // gas bill line
RENOFEE_PRODUCT_UNIT(EurPerSquareMetre, SquareMetres, Eur)  // EPV cap: rate × floor area
RENOFEE_PRODUCT_UNIT(KwhPerCubicMetre, CubicMetres, Kwh)    // gas to energy, 9.769 kWh/m3
RENOFEE_PRODUCT_UNIT(KwhPerDegreeDay, DegreeDays, Kwh)      // baseline slope × weather
RENOFEE_PRODUCT_UNIT(CubicMetresPerDegreeDay, DegreeDays, CubicMetres)
RENOFEE_PRODUCT_UNIT(KwhPerSquareMetre, SquareMetres, Kwh)  // household energy bundle × floor area
#undef RENOFEE_PRODUCT_UNIT

// quotient_unit<A, B>::type is the unit of A / B where that means something.
template <typename A, typename B>
struct quotient_unit {};
template <typename A>
struct quotient_unit<A, A> {
  using type = void;  // same units: a dimensionless Decimal
};
template <>
struct quotient_unit<unit::Eur, unit::Kwh> {
  using type = unit::EurPerKwh;
};
template <>
struct quotient_unit<unit::Eur, unit::CubicMetres> {
  using type = unit::EurPerCubicMetre;
};
template <>
struct quotient_unit<unit::Kwh, unit::DegreeDays> {
  using type = unit::KwhPerDegreeDay;
};
template <>
struct quotient_unit<unit::CubicMetres, unit::DegreeDays> {
  using type = unit::CubicMetresPerDegreeDay;
};
template <>
struct quotient_unit<unit::Kwh, unit::SquareMetres> {
  using type = unit::KwhPerSquareMetre;
};

template <typename A, typename B>
requires requires {
  typename product_unit<A, B>::type;
}
Quantity<typename product_unit<A, B>::type> operator*(const Quantity<A>& a, const Quantity<B>& b) {
  return Quantity<typename product_unit<A, B>::type>(a.value() * b.value());
}

// a / b rounded once to `scale` digits with `mode`; division by zero is invalid_argument.
// Same units give a plain Decimal (a ratio such as actual/normal degree days).
template <typename A, typename B>
requires requires {
  typename quotient_unit<A, B>::type;
}
auto divide(const Quantity<A>& a, const Quantity<B>& b, int scale, Rounding mode) {
  using R = typename quotient_unit<A, B>::type;
  Result<Decimal> quotient = Decimal::divide(a.value(), b.value(), scale, mode);
  if constexpr (std::is_void_v<R>) {
    return quotient;
  } else {
    if (!quotient) return Result<Quantity<R>>(quotient.error());
    return Result<Quantity<R>>(Quantity<R>(std::move(quotient).value()));
  }
}

// Money helpers: cents are the unit of every customer-facing amount (docs/domain.md §2).
inline Money cents(std::int64_t amount) {
  return Money(Decimal::from_units(amount, 2));
}
inline Money round_to_cents(const Money& amount, Rounding mode) {
  return amount.round(2, mode);
}

template <typename Unit>
std::ostream& operator<<(std::ostream& os, const Quantity<Unit>& q) {
  return os << q.value() << ' ' << Unit::symbol;
}

}  // namespace renofee
