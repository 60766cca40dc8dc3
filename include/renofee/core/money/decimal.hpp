// renofee/core/money/decimal.hpp
//
// Purpose: `renofee::Decimal`, an exact base-10 number for money, energy and rates (docs/domain.md §2).
//
// Representation: value = coefficient × 10^-scale, with an integer coefficient and a scale (digits after the
// point) in [0, max_scale]. The scale is part of the value's identity for printing ("12.50" prints "12.50")
// but not for comparison (1.0 == 1.00). The coefficient lives in a native `__int128` while it fits (the fast
// path: a 360-month schedule is thousands of operations) and in a Boost.Multiprecision `cpp_int` otherwise;
// the two are invisible to callers and every operation gives identical results on both.
//
// Range: at most `max_digits` (76) significant digits and `max_scale` (50) digits after the point. Everything
// the service reads is checked against it at parse time. Arithmetic that leaves the range is an error, never
// a wrap: the checked functions (`add`, `subtract`, `multiply`, `divide`, `round_checked`) return
// `out_of_range`; the operators `+ - *` and `round` throw `DecimalOverflow` (a broken invariant for in-range
// business figures: a schedule on a 10^70 euro loan is not a business case, so code paths fed by validated
// input use the operators).
//
// Exactness: `+ - *` never round (the scale of a sum is the larger scale, of a product the sum of the
// scales). The only operations that lose digits are `divide`, `multiply(a, b, scale, mode)` and `round`, and
// each takes a `Rounding` mode (rounding.hpp). The exact result is computed first and rounded once, so there
// is no double rounding. Verified against python's `decimal`/`fractions` in tests/data/decimal_oracle.tsv.
//
// Deliberately absent: any constructor or conversion from `double`/`float` (binary fractions cannot hold
// 0.1). `to_double_for_display` exists for charts and regression statistics only.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <concepts>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/money/rounding.hpp"

namespace renofee {

// Thrown by the unchecked operators when a result leaves Decimal's range (see above).
class DecimalOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

class Decimal {
 public:
  static constexpr int max_digits = 76;  // significant digits of the coefficient
  static constexpr int max_scale = 50;   // digits after the decimal point

  // Zero with scale 0.
  Decimal() noexcept = default;

  // Exact integers (scale 0). Implicit: an integer is always exact. `bool` and character types are excluded.
  template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, char> && !std::same_as<I, char8_t> &&
           !std::same_as<I, char16_t> && !std::same_as<I, char32_t> && !std::same_as<I, wchar_t>)
      Decimal(I value)
  noexcept : small_(static_cast<__int128>(value)) {}  // NOLINT: implicit by design

  // Binary floating point never becomes money: these overloads exist only to be deleted.
  Decimal(float) = delete;        // deleted: no float -> Decimal
  Decimal(double) = delete;       // deleted: no double -> Decimal
  Decimal(long double) = delete;  // deleted: no long double -> Decimal

  // `units` × 10^-scale: from_units(1250, 2) is 12.50 (cents), from_units(1234567, 3) is 1234.567 (Wh as
  // kWh). Narrow contract: scale in [0, max_scale], else std::invalid_argument.
  // Inline: a schedule builds thousands of cent amounts, and an out-of-line call cost a store-forwarding
  // stall per amount when the caller copied the returned value (measured in bench/schedule_bench.cpp).
  static Decimal from_units(std::int64_t units, int scale) {
    if (scale < 0 || scale > max_scale)
      throw std::invalid_argument("Decimal::from_units: scale out of range");
    return Decimal(static_cast<__int128>(units), scale);
  }

  // Parses plain or exponent notation: optional sign, digits, optional '.' followed by digits, optional
  // exponent `e`/`E` with optional sign and digits ("-12.50", "1E+3", "0.000", "+7", "2.5e-3"). Everything
  // else, such as "", " 1", "1,5", ".5", "5.", "NaN", "Infinity", "0x10", is invalid_argument naming the
  // text; values beyond the range (more than 76 significant digits, more than 50 decimals) are out_of_range.
  // A positive exponent moves digits left of the point: "1E+3" is 1000 with scale 0; "1.50E+1" is 15.0.
  static Result<Decimal> parse(std::string_view text);
  // The plain notation `to_string` writes, and the one grammar of every decimal renofee reads from outside
  // (offer and contract documents, tariff files, meter readings): an optional '-', digits, and optionally '.'
  // followed by digits ("35000.00", "-0.02", "00981.443"). A '+', an exponent ("1e4"), spaces or a bare point
  // are invalid_argument naming the text, so a value has one spelling up to leading and trailing zeros; the
  // range is `parse`'s (out_of_range beyond it). `parse` keeps the exponent for text renofee builds itself.
  static Result<Decimal> parse_plain(std::string_view text);

  // Plain notation keeping the scale: "12.50", "-0.005", "1000". Zero has no sign ("-0.00" prints "0.00").
  [[nodiscard]] std::string to_string() const;

  [[nodiscard]] int scale() const noexcept { return scale_; }
  [[nodiscard]] int sign() const noexcept;  // -1, 0 or 1
  [[nodiscard]] bool is_zero() const noexcept { return sign() == 0; }
  [[nodiscard]] bool is_negative() const noexcept { return sign() < 0; }
  // Number of digits of the coefficient without leading zeros (0 has 1 digit): 12.50 has 4.
  [[nodiscard]] int digits() const;
  // True when the coefficient does not fit the native fast path (for tests and benchmarks).
  [[nodiscard]] bool is_wide() const noexcept { return wide_ != nullptr; }

  [[nodiscard]] Decimal abs() const;
  Decimal operator-() const;

  // Exact, throwing DecimalOverflow outside the range (see above).
  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  Decimal& operator+=(const Decimal& other) { return *this = *this + other; }
  Decimal& operator-=(const Decimal& other) { return *this = *this - other; }
  Decimal& operator*=(const Decimal& other) { return *this = *this * other; }

  // Checked twins of the operators: out_of_range instead of an exception.
  static Result<Decimal> add(const Decimal& a, const Decimal& b);
  static Result<Decimal> subtract(const Decimal& a, const Decimal& b);
  static Result<Decimal> multiply(const Decimal& a, const Decimal& b);

  // a × b computed exactly and rounded once to `scale` digits: round(balance × monthly_rate) without building
  // the (possibly 80-digit) exact product. scale in [0, max_scale], else out_of_range.
  static Result<Decimal> multiply(const Decimal& a, const Decimal& b, int scale, Rounding mode);

  // a / b, the exact quotient rounded once to `scale` digits after the point. b == 0 is invalid_argument
  // ("division by zero"); scale outside [0, max_scale] or a quotient beyond the range is out_of_range.
  static Result<Decimal> divide(const Decimal& a, const Decimal& b, int scale, Rounding mode);

  // The square root of a rounded DOWN to `scale` digits: floor(sqrt(a) × 10^scale) / 10^scale, exact (the
  // integer square root of floor(a × 10^(2·scale)), which equals it). For statistics that settle money
  // (caltrack_baseline.hpp): defined to the last digit on every platform, unlike std::sqrt on doubles
  // reached through a libm. a < 0 is invalid_argument; a scale outside [0, max_scale] is out_of_range.
  static Result<Decimal> square_root(const Decimal& a, int scale);
  // This value rounded to `scale` digits; a larger scale than the current one pads zeros (quantize): 2.5
  // -> 2.500. Throws DecimalOverflow when the padded value leaves the range and std::invalid_argument for a
  // scale outside [0, max_scale]; `round_checked` reports both as out_of_range.
  [[nodiscard]] Decimal round(int scale, Rounding mode) const;
  [[nodiscard]] Result<Decimal> round_checked(int scale, Rounding mode) const;

  // The same value with trailing fractional zeros removed: 12.500 -> 12.5, 3.00 -> 3.
  [[nodiscard]] Decimal trimmed() const;

  // The exact integer coefficient at `scale`: Decimal("12.5").to_units(2) == 1250. invalid_argument when the
  // value has non-zero digits beyond `scale` (nothing is rounded here), out_of_range beyond int64.
  [[nodiscard]] Result<std::int64_t> to_units(int scale) const;

  // Nearest double, for charts, logs and regression statistics only. Never feed it back into money.
  [[nodiscard]] double to_double_for_display() const;

  friend bool operator==(const Decimal& a, const Decimal& b);
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

 private:
  using Wide = boost::multiprecision::cpp_int;

  Decimal(__int128 coefficient, int scale) noexcept : small_(coefficient), scale_(scale) {}
  // Stores `coefficient` natively when it fits; checks the range (throws DecimalOverflow when outside).
  static Decimal from_wide(Wide coefficient, int scale);
  // As from_wide, but reports the range error as a Result.
  static Result<Decimal> from_wide_checked(Wide coefficient, int scale);
  [[nodiscard]] Wide wide_coefficient() const;

  __int128 small_ = 0;  // the coefficient when wide_ is null
  std::shared_ptr<const Wide>
      wide_;  // the coefficient when it does not fit __int128; immutable, shared by copies
  int scale_ = 0;
};

std::ostream& operator<<(std::ostream& os, const Decimal& value);

}  // namespace renofee
