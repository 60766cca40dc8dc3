// renofee/core/finance/annuity.hpp
//
// Purpose: the monthly interest rate of a loan and its annuity payment (docs/domain.md §4), cent-exact.
//
// Monthly rate i (`MonthlyRate`), from an annual rate r with 0 <= r <= 1 and at most 18 decimals:
//   - `nominal` basis:   i = r / 12, kept exact as the fraction r_coefficient / (12 × 10^scale(r)).
//   - `effective` basis: i = (1 + r)^(1/12) - 1 truncated (rounded toward zero) to 40 decimals, i.e.
//     i = y / 10^40 - 1 with y = floor(((1 + r) × 10^480)^(1/12)), the exact integer 12th root (Newton's
//     method on integers from an overestimate: the binomial series to r^3). 40 decimals give at least 35
//     significant digits for every r >= 0.0001 (docs/domain.md §4 asks for 34); below 0.01% a year, not a
//     business case, the absolute error stays < 10^-40. The Nationaal Warmtefonds quotes effective rates
//     (docs/domain.md §4.9).
// Both are exact rationals, so round(balance × i) to cents is decided exactly (`interest_cents`: a
// reciprocal for nominal rates, a 128-bit binary bracket of i for effective ones, both falling back to exact
// integer arithmetic whenever the fast estimate cannot decide).
//
// Annuity payment over n months (n = term - grace): A = P·i / (1 - (1 + i)^-n), rounded once to cents
// with the offer's rounding mode; with i = 0, A = P / n rounded (docs/domain.md §4). `annuity_payment_cents`
// first brackets (1 + i)^n in 128-bit binary fixed point with directed rounding (a lower and an upper
// bound), rounds both resulting bounds of A; when they agree that is the exact rounding (rounding is
// monotone). When they straddle a rounding boundary (an exact tie such as n = 1 with P·i = x.xx5) it falls
// back to `annuity_payment_exact_cents`, which evaluates A as a fraction of big integers. So the result is
// always the exact rounding of the exact A.
//
// Ranges: principal 0.01 .. 10,000,000.00 EUR (`max_principal_cents`), n in 1 .. 600. Amounts are
// non-negative integer cents here; the schedule (schedule.hpp) converts to Money at its boundary.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <string_view>

#include "renofee/core/base/result.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/money/rounding.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::finance {

enum class RateBasis { nominal, effective };

// "nominal" / "effective", as in offer documents.
std::string_view to_string(RateBasis basis) noexcept;
Result<RateBasis> parse_rate_basis(std::string_view text);

inline constexpr std::int64_t max_principal_cents = 1'000'000'000;  // 10,000,000.00 EUR
inline constexpr int max_term_months = 600;
inline constexpr int max_rate_decimals = 18;

class MonthlyRate {
 public:
  static constexpr int effective_scale = 40;  // decimals of the effective-basis monthly rate

  // The monthly rate for `annual_rate` on `basis`. invalid_argument/out_of_range (field empty: the caller
  // prefixes it) when r < 0, r > 1 or r has more than 18 decimals after removing trailing zeros.
  static Result<MonthlyRate> make(const Decimal& annual_rate, RateBasis basis);

  [[nodiscard]] RateBasis basis() const noexcept { return basis_; }
  [[nodiscard]] const Decimal& annual_rate() const noexcept { return annual_rate_; }
  [[nodiscard]] bool is_zero() const noexcept { return annual_rate_.is_zero(); }

  // i as an exact fraction numerator / denominator in lowest terms (denominator > 0).
  [[nodiscard]] boost::multiprecision::cpp_int numerator() const;
  [[nodiscard]] boost::multiprecision::cpp_int denominator() const;
  // i rounded to `scale` decimals with `mode` (for display and reports; effective i is exact at scale 40).
  [[nodiscard]] Decimal to_decimal(int scale, Rounding mode) const;

  // round(balance × i) in cents, decided exactly. Narrow contract: 0 <= balance_cents <= max_principal_cents.
  [[nodiscard]] std::int64_t interest_cents(std::int64_t balance_cents, Rounding mode) const noexcept;
  // The same on Money (cents only; more decimals are invalid_argument).
  [[nodiscard]] Result<Money> interest(const Money& balance, Rounding mode) const;

 private:
  MonthlyRate() = default;

  RateBasis basis_ = RateBasis::nominal;
  Decimal annual_rate_;
  // nominal: i = num_ / den_ (reduced); fits64_ when num_ × max_principal_cents fits 64 bits.
  unsigned __int128 num_ = 0;
  unsigned __int128 den_ = 1;
  bool fits64_ = false;
  std::uint64_t reciprocal_ = 0;  // floor((2^64 - 1) / den_) when fits64_: division by multiplication
  // effective: i × 10^40 = limbs_[3]·10^30 + limbs_[2]·10^20 + limbs_[1]·10^10 + limbs_[0], each < 10^10.
  std::uint64_t limbs_[4] = {0, 0, 0, 0};
  // effective: floor(i × 2^128) as two words, a binary bracket of i that decides almost every rounding with
  // two multiplications; the limbs decide exactly when the bracket cannot.
  std::uint64_t binary_hi_ = 0;
  std::uint64_t binary_lo_ = 0;
};

// round(numerator / denominator) for non-negative integers with `mode`; denominator > 0 (narrow contract).
std::int64_t divide_cents(std::int64_t numerator, std::int64_t denominator, Rounding mode) noexcept;

// The annuity payment A in cents (see above). Narrow contract: 1 <= principal_cents <= max_principal_cents,
// 1 <= months <= max_term_months.
std::int64_t annuity_payment_cents(std::int64_t principal_cents, const MonthlyRate& rate, int months,
                                   Rounding mode);
// The same computed only with exact big-integer fractions (the reference for the fast path; slow).
std::int64_t annuity_payment_exact_cents(std::int64_t principal_cents, const MonthlyRate& rate, int months,
                                         Rounding mode);

// Checked wrapper on Money: principal with at most 2 decimals in range, months in 1..600, else
// invalid_argument/out_of_range with field "/financing/principal" or "/financing/term_months".
Result<Money> annuity_payment(const Money& principal, const MonthlyRate& rate, int months, Rounding mode);

namespace detail {
// The amount in cents when it has at most 2 decimals and lies in [low, high] cents, else out_of_range naming
// `what`, the amount and the bounds, with `field`.
Result<std::int64_t> cents_in_range(const Money& amount, std::int64_t low, std::int64_t high,
                                    std::string_view what, std::string_view field);
}  // namespace detail

}  // namespace renofee::finance
