#include "renofee/core/finance/annuity.hpp"

#include <string>

namespace renofee::finance {
namespace {

using Big = boost::multiprecision::cpp_int;
using U512 = boost::multiprecision::uint512_t;
using u128 = unsigned __int128;
// Fixed-size (no heap) integers for the 12th root: the radicand has about 1,600 bits.
using Root = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    2048, 2048, boost::multiprecision::unsigned_magnitude, boost::multiprecision::unchecked, void>>;

constexpr std::uint64_t limb_base = 10'000'000'000ull;  // 10^10, the effective rate's limb

Big big_power_of_ten(int exponent) {
  return boost::multiprecision::pow(Big(10), static_cast<unsigned>(exponent));
}

u128 gcd128(u128 a, u128 b) {
  while (b != 0) {
    const u128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

Big to_big(u128 value) {
  Big result = static_cast<std::uint64_t>(value >> 64);
  result <<= 64;
  result += static_cast<std::uint64_t>(value);
  return result;
}

// floor(N^(1/12)) for N >= 1, by Newton's method on integers from `guess` >= the root: the iterates decrease
// strictly until the first one that does not, which is the floor of the root.
Root integer_root12(const Root& n, Root guess) {
  for (;;) {
    const Root next = (11 * guess + n / boost::multiprecision::pow(guess, 11)) / 12;
    if (next >= guess) return guess;
    guess = next;
  }
}

// round(n / d) for non-negative n and positive d, decided exactly; Int is an unsigned or big integer type.
template <typename Int>
Int round_quotient(const Int& n, const Int& d, Rounding mode) {
  Int q = n / d;
  const Int r = n - q * d;
  if (rounds_away(r == 0, compare_with_half(r, d), (q & 1) != 0, /*negative=*/false, mode)) ++q;
  return q;
}

}  // namespace

Result<std::int64_t> detail::cents_in_range(const Money& amount, std::int64_t low, std::int64_t high,
                                            std::string_view what, std::string_view field) {
  const Result<std::int64_t> units = amount.value().to_units(2);
  if (!units || *units < low || *units > high) {
    return out_of_range(std::string(what) + " " + amount.to_string() + " must be " + cents(low).to_string() +
                            " .. " + cents(high).to_string() + " EUR with at most 2 decimals",
                        std::string(field));
  }
  return *units;
}

std::string_view to_string(RateBasis basis) noexcept {
  return basis == RateBasis::nominal ? "nominal" : "effective";
}

Result<RateBasis> parse_rate_basis(std::string_view text) {
  if (text == "nominal") return RateBasis::nominal;
  if (text == "effective") return RateBasis::effective;
  return invalid_argument("unknown rate basis \"" + std::string(text) + "\" (expected nominal or effective)");
}

Result<MonthlyRate> MonthlyRate::make(const Decimal& annual_rate, RateBasis basis) {
  if (annual_rate.is_negative() || annual_rate > Decimal(1)) {
    return out_of_range("annual rate " + annual_rate.to_string() + " outside [0, 1]");
  }
  const Decimal trimmed = annual_rate.trimmed();
  if (trimmed.scale() > max_rate_decimals) {
    return out_of_range("annual rate " + annual_rate.to_string() + " has more than " +
                        std::to_string(max_rate_decimals) + " decimals");
  }
  const int scale = trimmed.scale();
  const u128 coefficient = static_cast<u128>(trimmed.to_units(scale).value());
  u128 scale_factor = 1;
  for (int k = 0; k < scale; ++k)
    scale_factor *= 10;

  MonthlyRate rate;
  rate.basis_ = basis;
  rate.annual_rate_ = annual_rate;
  if (basis == RateBasis::nominal) {
    const u128 den = 12 * scale_factor;
    const u128 divisor = coefficient == 0 ? den : gcd128(coefficient, den);
    rate.num_ = coefficient / divisor;
    rate.den_ = den / divisor;
    rate.fits64_ =
        rate.num_ <= UINT64_MAX / static_cast<u128>(max_principal_cents) && rate.den_ <= UINT64_MAX;
    if (rate.fits64_) rate.reciprocal_ = UINT64_MAX / static_cast<std::uint64_t>(rate.den_);
    return rate;
  }
  // Effective: y = floor(((1 + r) × 10^480)^(1/12)), i × 10^40 = y - 10^40.
  const Big one40 = big_power_of_ten(effective_scale);
  const Big radicand =
      (to_big(scale_factor) + to_big(coefficient)) * big_power_of_ten(12 * effective_scale - scale);
  // Starting point: the binomial series of (1 + r)^(1/12) to the r^3 term, 1 + r/12 - 11r^2/288 +
  // 253r^3/10368. Its terms alternate and shrink for 0 < r <= 1, so stopping after a positive term
  // overestimates the root (Leibniz), as Newton from above needs; +2 covers the truncated divisions. It is
  // within about 0.018 r^4 of the root, which saves two Newton steps against 1 + r/12.
  const Big x = to_big(coefficient) * big_power_of_ten(effective_scale - scale);  // r × 10^40
  const Big x2 = x * x / one40;
  const Big x3 = x2 * x / one40;
  const Big guess = one40 + x / 12 - (11 * x2) / 288 + (253 * x3) / 10368 + 2;
  Big fraction =
      static_cast<Big>(integer_root12(static_cast<Root>(radicand), static_cast<Root>(guess))) - one40;
  const Big binary = (fraction << 128) / one40;  // floor(i × 2^128) < 2^128
  rate.binary_hi_ = static_cast<std::uint64_t>(binary >> 64);
  rate.binary_lo_ = static_cast<std::uint64_t>(binary & Big(UINT64_MAX));
  for (std::uint64_t& limb : rate.limbs_) {
    limb = static_cast<std::uint64_t>(fraction % limb_base);
    fraction /= limb_base;
  }
  return rate;
}

boost::multiprecision::cpp_int MonthlyRate::numerator() const {
  if (basis_ == RateBasis::nominal) return to_big(num_);
  Big value = 0;
  for (int k = 3; k >= 0; --k)
    value = value * limb_base + limbs_[k];
  return value / gcd(value, big_power_of_ten(effective_scale));
}

boost::multiprecision::cpp_int MonthlyRate::denominator() const {
  if (basis_ == RateBasis::nominal) return to_big(den_);
  Big value = 0;
  for (int k = 3; k >= 0; --k)
    value = value * limb_base + limbs_[k];
  const Big den = big_power_of_ten(effective_scale);
  return value == 0 ? Big(1) : den / gcd(value, den);
}

Decimal MonthlyRate::to_decimal(int scale, Rounding mode) const {
  const Decimal num = Decimal::parse(numerator().str()).value();
  const Decimal den = Decimal::parse(denominator().str()).value();
  return Decimal::divide(num, den, scale, mode).value();
}

std::int64_t MonthlyRate::interest_cents(std::int64_t balance_cents, Rounding mode) const noexcept {
  const auto balance = static_cast<std::uint64_t>(balance_cents);
  if (basis_ == RateBasis::nominal) {
    if (fits64_) {
      // q = floor(x / den) from the precomputed reciprocal: the estimate is at most 2 below, then corrected
      // with the exact remainder (a 64-bit division costs more than the rest of the row).
      const std::uint64_t x = balance * static_cast<std::uint64_t>(num_);
      const auto den = static_cast<std::uint64_t>(den_);
      auto q = static_cast<std::uint64_t>((static_cast<u128>(x) * reciprocal_) >> 64);
      std::uint64_t r = x - q * den;
      while (r >= den) {
        ++q;
        r -= den;
      }
      const int half = compare_with_half(r, den);
      return static_cast<std::int64_t>(q + (rounds_away(r == 0, half, (q & 1) != 0, false, mode) ? 1 : 0));
    }
    return static_cast<std::int64_t>(round_quotient<u128>(static_cast<u128>(balance) * num_, den_, mode));
  }
  // Fast path: with b = floor(i × 2^128), balance × i lies in [balance·b, balance·(b + 1)) / 2^128. Split
  // balance·b into the integer part q and the fraction f (units of 2^-128): the true fraction lies in
  // [f, f + balance). When that interval does not wrap, does not start at 0 and does not contain 1/2, it
  // decides q and the rounding; otherwise (exact ties, zero balance) the limbs below decide exactly.
  {
    const u128 low = static_cast<u128>(balance) * binary_lo_;
    const u128 high = static_cast<u128>(balance) * binary_hi_ + (low >> 64);
    const auto q = static_cast<std::uint64_t>(high >> 64);
    const u128 f = (high << 64) | static_cast<std::uint64_t>(low);
    const u128 half = u128(1) << 127;
    const u128 room = ~f;  // 2^128 - 1 - f
    if (f != 0 && room >= balance) {
      if (f + balance <= half)
        return static_cast<std::int64_t>(q + (rounds_away(false, -1, (q & 1) != 0, false, mode) ? 1 : 0));
      if (f > half)
        return static_cast<std::int64_t>(q + (rounds_away(false, 1, (q & 1) != 0, false, mode) ? 1 : 0));
    }
  }
  // balance × i × 10^40 as limbs of 10^10 (balance < 1.8 × 10^9, so each limb product fits 64 bits); the
  // integer part is the carry out of the four fractional limbs, the fraction is compared with 1/2 exactly.
  std::uint64_t carry = 0;
  std::uint64_t fraction[4];
  for (int k = 0; k < 4; ++k) {
    const std::uint64_t t = balance * limbs_[k] + carry;
    fraction[k] = t % limb_base;
    carry = t / limb_base;
  }
  const bool exact = (fraction[0] | fraction[1] | fraction[2] | fraction[3]) == 0;
  constexpr std::uint64_t half_top = limb_base / 2;
  int half = fraction[3] < half_top ? -1 : (fraction[3] > half_top ? 1 : 0);
  if (half == 0 && (fraction[0] | fraction[1] | fraction[2]) != 0) half = 1;
  return static_cast<std::int64_t>(carry + (rounds_away(exact, half, (carry & 1) != 0, false, mode) ? 1 : 0));
}

Result<Money> MonthlyRate::interest(const Money& balance, Rounding mode) const {
  RENOFEE_TRY(const std::int64_t amount,
              detail::cents_in_range(balance, 0, max_principal_cents, "balance", ""));
  return renofee::cents(interest_cents(amount, mode));
}

std::int64_t divide_cents(std::int64_t numerator, std::int64_t denominator, Rounding mode) noexcept {
  return static_cast<std::int64_t>(round_quotient<std::uint64_t>(
      static_cast<std::uint64_t>(numerator), static_cast<std::uint64_t>(denominator), mode));
}

std::int64_t annuity_payment_exact_cents(std::int64_t principal_cents, const MonthlyRate& rate, int months,
                                         Rounding mode) {
  if (rate.is_zero()) return divide_cents(principal_cents, months, mode);
  // A = P·(num/den)·(den + num)^n / ((den + num)^n - den^n) with i = num/den.
  const Big num = rate.numerator();
  const Big den = rate.denominator();
  const Big grown = boost::multiprecision::pow(Big(den + num), static_cast<unsigned>(months));
  const Big base = boost::multiprecision::pow(den, static_cast<unsigned>(months));
  const Big numerator = Big(principal_cents) * num * grown;
  const Big denominator = den * (grown - base);
  return static_cast<std::int64_t>(round_quotient<Big>(numerator, denominator, mode));
}

std::int64_t annuity_payment_cents(std::int64_t principal_cents, const MonthlyRate& rate, int months,
                                   Rounding mode) {
  if (rate.is_zero()) return divide_cents(principal_cents, months, mode);
  constexpr unsigned frac_bits = 128;  // binary fixed point: value × 2^128
  const U512 one = U512(1) << frac_bits;
  const Big num_big = rate.numerator();
  const Big den_big = rate.denominator();
  const U512 num = static_cast<U512>(num_big);
  const U512 den = static_cast<U512>(den_big);
  // Bounds of (1 + i) × 2^128, then of (1 + i)^n by square-and-multiply rounding down / up at every step.
  const U512 scaled = (den + num) << frac_bits;
  U512 base_lo = scaled / den;
  U512 base_hi = base_lo + (base_lo * den == scaled ? 0 : 1);
  U512 pow_lo = one;
  U512 pow_hi = one;
  const U512 round_bias = one - 1;
  for (unsigned n = static_cast<unsigned>(months);;) {
    if (n & 1u) {
      pow_lo = (pow_lo * base_lo) >> frac_bits;
      pow_hi = (pow_hi * base_hi + round_bias) >> frac_bits;
    }
    n >>= 1;
    if (n == 0) break;
    base_lo = (base_lo * base_lo) >> frac_bits;
    base_hi = (base_hi * base_hi + round_bias) >> frac_bits;
  }
  if (pow_lo <= one) return annuity_payment_exact_cents(principal_cents, rate, months, mode);
  // A × 100 = P·num·T / (den·(T - 1)) decreases in T = (1 + i)^n: the upper bound of T gives the lower A.
  const U512 scaled_principal = U512(principal_cents) * num;
  const U512 low = round_quotient<U512>(scaled_principal * pow_hi, den * (pow_hi - one), mode);
  const U512 high = round_quotient<U512>(scaled_principal * pow_lo, den * (pow_lo - one), mode);
  if (low != high) return annuity_payment_exact_cents(principal_cents, rate, months, mode);
  return static_cast<std::int64_t>(low);
}

Result<Money> annuity_payment(const Money& principal, const MonthlyRate& rate, int months, Rounding mode) {
  RENOFEE_TRY(const std::int64_t principal_cents,
              detail::cents_in_range(principal, 1, max_principal_cents, "principal", "/financing/principal"));
  if (months < 1 || months > max_term_months) {
    return out_of_range("annuity over " + std::to_string(months) + " months (expected 1.." +
                            std::to_string(max_term_months) + ")",
                        "/financing/term_months");
  }
  return renofee::cents(annuity_payment_cents(principal_cents, rate, months, mode));
}

}  // namespace renofee::finance
