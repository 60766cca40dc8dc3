#include "renofee/core/money/decimal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ostream>
#include <utility>

namespace renofee {
namespace {

using Wide = boost::multiprecision::cpp_int;
using u128 = unsigned __int128;
using i128 = __int128;

constexpr int max_native_pow10 = 38;  // 10^38 < 2^127 - 1 < 10^39

constexpr std::array<u128, max_native_pow10 + 1> make_pow10_table() {
  std::array<u128, max_native_pow10 + 1> table{};
  u128 value = 1;
  for (int i = 0; i <= max_native_pow10; ++i) {
    table[static_cast<std::size_t>(i)] = value;
    value *= 10;
  }
  return table;
}
constexpr auto pow10_table = make_pow10_table();

Wide wide_pow10(int exponent) {
  Wide result = 1;
  for (int i = 0; i < exponent; ++i)
    result *= 10;
  return result;
}

// |coefficient| < 10^max_digits, the range check of every wide result.
const Wide& wide_limit() {
  static const Wide limit = wide_pow10(Decimal::max_digits);
  return limit;
}

Wide to_wide(i128 value) {
  const bool negative = value < 0;
  u128 magnitude = negative ? u128(0) - static_cast<u128>(value) : static_cast<u128>(value);
  Wide result = static_cast<std::uint64_t>(magnitude >> 64);
  result <<= 64;
  result += static_cast<std::uint64_t>(magnitude);
  return negative ? Wide(-result) : result;
}

// value × 10^exponent in i128, or false when it does not fit.
bool scale_up(i128 value, int exponent, i128& out) {
  if (exponent > max_native_pow10) return value == 0 ? (out = 0, true) : false;
  return !__builtin_mul_overflow(value, static_cast<i128>(pow10_table[static_cast<std::size_t>(exponent)]),
                                 &out);
}

// Whether the truncated magnitude q = trunc(|n| / d) must grow by one unit, given the remainder r
// (0 <= r < d) and the sign of the exact value: the shared decision of rounding.hpp, for both the native and
// the wide path (Int is u128 or Wide), so the two paths cannot disagree.
template <typename Int>
bool round_away(const Int& quotient, const Int& remainder, const Int& divisor, bool negative, Rounding mode) {
  if (remainder == 0) return false;
  return rounds_away(false, compare_with_half(remainder, divisor), (quotient % 2) != 0, negative, mode);
}

// Rounded quotient of n / d (d != 0) in the native path; false when an operand or the result does not fit.
bool divide_native(i128 numerator, i128 divisor, Rounding mode, i128& out) {
  const bool negative = (numerator < 0) != (divisor < 0);
  const u128 n = numerator < 0 ? u128(0) - static_cast<u128>(numerator) : static_cast<u128>(numerator);
  const u128 d = divisor < 0 ? u128(0) - static_cast<u128>(divisor) : static_cast<u128>(divisor);
  u128 q = n / d;
  const u128 r = n % d;
  if (round_away<u128>(q, r, d, negative, mode)) ++q;
  if (q > static_cast<u128>(std::numeric_limits<i128>::max())) return false;
  out = negative ? -static_cast<i128>(q) : static_cast<i128>(q);
  return true;
}

Wide divide_wide(const Wide& numerator, const Wide& divisor, Rounding mode) {
  const bool negative = (numerator < 0) != (divisor < 0);
  const Wide n = abs(numerator);
  const Wide d = abs(divisor);
  Wide q = n / d;
  const Wide r = n - q * d;
  if (round_away<Wide>(q, r, d, negative, mode)) ++q;
  return negative ? Wide(-q) : q;
}

std::string magnitude_string(u128 magnitude) {
  if (magnitude == 0) return "0";
  char buffer[48];
  int pos = 48;
  while (magnitude != 0) {
    buffer[--pos] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  return std::string(buffer + pos, buffer + 48);
}

std::string quoted_excerpt(std::string_view text) {
  constexpr std::size_t shown = 40;
  std::string out = "\"";
  out += text.substr(0, shown);
  if (text.size() > shown)
    out += "...\" (" + std::to_string(text.size()) + " characters)";
  else
    out += '"';
  return out;
}

int count_digits(const Wide& magnitude) {
  if (magnitude == 0) return 1;
  return static_cast<int>(magnitude.str().size());
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Construction and conversion

Decimal Decimal::from_wide(Wide coefficient, int scale) {
  Result<Decimal> result = from_wide_checked(std::move(coefficient), scale);
  if (!result) throw DecimalOverflow(result.error().message);
  return std::move(result).value();
}

Result<Decimal> Decimal::from_wide_checked(Wide coefficient, int scale) {
  if (scale < 0 || scale > max_scale) {
    return out_of_range("decimal result has " + std::to_string(scale) + " digits after the point (at most " +
                        std::to_string(max_scale) + ")");
  }
  static const Wide native_max = to_wide(std::numeric_limits<i128>::max());
  static const Wide native_min = to_wide(std::numeric_limits<i128>::min());
  if (coefficient <= native_max && coefficient >= native_min) {
    const bool negative = coefficient < 0;
    Wide magnitude = boost::multiprecision::abs(coefficient);
    const u128 high = static_cast<u128>(static_cast<std::uint64_t>(magnitude >> 64));
    const u128 low = static_cast<u128>(static_cast<std::uint64_t>(magnitude & Wide(0xFFFFFFFFFFFFFFFFull)));
    const u128 value = (high << 64) | low;
    return Decimal(negative ? static_cast<i128>(u128(0) - value) : static_cast<i128>(value), scale);
  }
  if (boost::multiprecision::abs(coefficient) >= wide_limit()) {
    return out_of_range("decimal result has more than " + std::to_string(max_digits) + " significant digits");
  }
  Decimal result;
  result.wide_ = std::make_shared<const Wide>(std::move(coefficient));
  result.scale_ = scale;
  return result;
}

Decimal::Wide Decimal::wide_coefficient() const {
  return wide_ ? *wide_ : to_wide(small_);
}

Result<Decimal> Decimal::parse(std::string_view text) {
  const auto invalid = [&] { return invalid_argument("not a decimal number: " + quoted_excerpt(text)); };
  // Generous bound before any work: 76 digits, a point, a sign and an exponent fit well within 120
  // characters; leading zeros beyond that are not a reasonable input.
  if (text.empty() || text.size() > 120) {
    if (text.size() > 120) {
      return out_of_range("decimal text too long (" + std::to_string(text.size()) +
                          " characters, at most 120): " + quoted_excerpt(text));
    }
    return invalid();
  }
  std::size_t pos = 0;
  bool negative = false;
  if (text[pos] == '+' || text[pos] == '-') negative = text[pos++] == '-';
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };

  std::string digits;  // integer and fraction digits, concatenated
  const std::size_t int_start = pos;
  while (pos < text.size() && is_digit(text[pos]))
    digits += text[pos++];
  if (pos == int_start) return invalid();
  int fraction_digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t frac_start = pos;
    while (pos < text.size() && is_digit(text[pos]))
      digits += text[pos++];
    if (pos == frac_start) return invalid();
    fraction_digits = static_cast<int>(pos - frac_start);
  }
  long exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) exp_negative = text[pos++] == '-';
    const std::size_t exp_start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      if (exponent < 100000) exponent = exponent * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == exp_start) return invalid();
    if (exp_negative) exponent = -exponent;
  }
  if (pos != text.size()) return invalid();

  const std::size_t first_nonzero = digits.find_first_not_of('0');
  const std::string significant = first_nonzero == std::string::npos ? "0" : digits.substr(first_nonzero);
  long scale = static_cast<long>(fraction_digits) - exponent;
  const bool zero = significant == "0";
  long total_digits = static_cast<long>(significant.size()) + (scale < 0 && !zero ? -scale : 0);
  if (total_digits > max_digits) {
    return out_of_range("decimal has more than " + std::to_string(max_digits) +
                        " significant digits: " + quoted_excerpt(text));
  }
  if (scale > max_scale) {
    return out_of_range("decimal has more than " + std::to_string(max_scale) +
                        " digits after the point: " + quoted_excerpt(text));
  }
  // Zero needs no padding, however large its exponent ("0E+99999" once built 10^99999 here: seconds of CPU
  // for eight bytes of input).
  if (zero) return Decimal(0, scale < 0 ? 0 : static_cast<int>(scale));
  const int pad = scale < 0 ? static_cast<int>(-scale) : 0;
  if (scale < 0) scale = 0;

  if (static_cast<int>(significant.size()) + pad <= max_native_pow10) {
    u128 magnitude = 0;
    for (char c : significant)
      magnitude = magnitude * 10 + static_cast<u128>(c - '0');
    magnitude *= pow10_table[static_cast<std::size_t>(pad)];
    const i128 value = static_cast<i128>(magnitude);
    return Decimal(negative ? -value : value, static_cast<int>(scale));
  }
  Wide magnitude(significant);
  magnitude *= wide_pow10(pad);
  return from_wide_checked(negative ? Wide(-magnitude) : magnitude, static_cast<int>(scale));
}

Result<Decimal> Decimal::parse_plain(std::string_view text) {
  // -?[0-9]+(\.[0-9]+)? is checked here; the value, the length bound and the range are parse's.
  std::size_t pos = text.starts_with('-') ? 1 : 0;
  const auto skip_digits = [&] {
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
    return pos > start;
  };
  bool plain = skip_digits();
  if (plain && pos < text.size() && text[pos] == '.') {
    ++pos;
    plain = skip_digits();
  }
  if ((!plain || pos != text.size()) && text.size() <= 120) {
    return invalid_argument("not a decimal number: " + quoted_excerpt(text) +
                            " (plain notation: digits with an optional '-' and '.', no '+' or exponent)");
  }
  return parse(text);
}

std::string Decimal::to_string() const {
  std::string digits;
  bool negative = false;
  if (wide_) {
    negative = *wide_ < 0;
    digits = Wide(boost::multiprecision::abs(*wide_)).str();
  } else {
    negative = small_ < 0;
    digits = magnitude_string(negative ? u128(0) - static_cast<u128>(small_) : static_cast<u128>(small_));
  }
  if (digits == "0") negative = false;
  if (scale_ > 0) {
    if (static_cast<int>(digits.size()) <= scale_) {
      digits.insert(0, static_cast<std::size_t>(scale_ + 1) - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<std::size_t>(scale_), 1, '.');
  }
  if (negative) digits.insert(0, 1, '-');
  return digits;
}

int Decimal::sign() const noexcept {
  if (wide_) return wide_->sign();
  return small_ < 0 ? -1 : (small_ > 0 ? 1 : 0);
}

int Decimal::digits() const {
  if (wide_) return count_digits(Wide(boost::multiprecision::abs(*wide_)));
  const u128 magnitude = small_ < 0 ? u128(0) - static_cast<u128>(small_) : static_cast<u128>(small_);
  int count = 1;
  while (count <= max_native_pow10 && magnitude >= pow10_table[static_cast<std::size_t>(count)])
    ++count;
  return count;
}

Decimal Decimal::abs() const {
  return sign() < 0 ? -*this : *this;
}

Decimal Decimal::operator-() const {
  if (!wide_ && small_ != std::numeric_limits<i128>::min()) return Decimal(-small_, scale_);
  return from_wide(-wide_coefficient(), scale_);
}

// ---------------------------------------------------------------------------------------------------------------
// Arithmetic

Result<Decimal> Decimal::add(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale_, b.scale_);
  if (!a.wide_ && !b.wide_) {
    i128 x = 0;
    i128 y = 0;
    i128 sum = 0;
    if (scale_up(a.small_, scale - a.scale_, x) && scale_up(b.small_, scale - b.scale_, y) &&
        !__builtin_add_overflow(x, y, &sum)) {
      return Decimal(sum, scale);
    }
  }
  return from_wide_checked(a.wide_coefficient() * wide_pow10(scale - a.scale_) +
                               b.wide_coefficient() * wide_pow10(scale - b.scale_),
                           scale);
}

// a - b = a + (-b); the negation of an in-range value is always in range (the range is symmetric).
Result<Decimal> Decimal::subtract(const Decimal& a, const Decimal& b) {
  return add(a, -b);
}

Result<Decimal> Decimal::multiply(const Decimal& a, const Decimal& b) {
  const int scale = a.scale_ + b.scale_;
  if (scale > max_scale) {
    return out_of_range("product of " + a.to_string() + " and " + b.to_string() + " has " +
                        std::to_string(scale) + " digits after the point (at most " +
                        std::to_string(max_scale) + "); round it with multiply(a, b, scale, mode)");
  }
  if (!a.wide_ && !b.wide_) {
    i128 product = 0;
    if (!__builtin_mul_overflow(a.small_, b.small_, &product)) return Decimal(product, scale);
  }
  return from_wide_checked(a.wide_coefficient() * b.wide_coefficient(), scale);
}

Result<Decimal> Decimal::multiply(const Decimal& a, const Decimal& b, int scale, Rounding mode) {
  if (scale < 0 || scale > max_scale) {
    return out_of_range("rounding scale " + std::to_string(scale) + " outside [0, " +
                        std::to_string(max_scale) + "]");
  }
  const int exact_scale = a.scale_ + b.scale_;
  if (!a.wide_ && !b.wide_) {
    i128 product = 0;
    if (!__builtin_mul_overflow(a.small_, b.small_, &product)) {
      if (exact_scale <= scale) {
        i128 padded = 0;
        if (scale_up(product, scale - exact_scale, padded)) return Decimal(padded, scale);
      } else if (exact_scale - scale <= max_native_pow10) {
        i128 rounded = 0;
        const i128 divisor = static_cast<i128>(pow10_table[static_cast<std::size_t>(exact_scale - scale)]);
        if (divide_native(product, divisor, mode, rounded)) return Decimal(rounded, scale);
      }
    }
  }
  const Wide product = a.wide_coefficient() * b.wide_coefficient();
  if (exact_scale <= scale) return from_wide_checked(product * wide_pow10(scale - exact_scale), scale);
  return from_wide_checked(divide_wide(product, wide_pow10(exact_scale - scale), mode), scale);
}

Result<Decimal> Decimal::divide(const Decimal& a, const Decimal& b, int scale, Rounding mode) {
  if (b.is_zero()) return invalid_argument("division by zero: " + a.to_string() + " / " + b.to_string());
  if (scale < 0 || scale > max_scale) {
    return out_of_range("rounding scale " + std::to_string(scale) + " outside [0, " +
                        std::to_string(max_scale) + "]");
  }
  // a/b × 10^scale = (ca × 10^(sb + scale - sa)) / cb, moving a negative power of ten to the divisor.
  const int shift = b.scale_ + scale - a.scale_;
  if (!a.wide_ && !b.wide_) {
    i128 numerator = a.small_;
    i128 divisor = b.small_;
    const bool fits = shift >= 0 ? scale_up(numerator, shift, numerator) : scale_up(divisor, -shift, divisor);
    i128 quotient = 0;
    if (fits && divide_native(numerator, divisor, mode, quotient)) return Decimal(quotient, scale);
  }
  Wide numerator = a.wide_coefficient();
  Wide divisor = b.wide_coefficient();
  if (shift >= 0)
    numerator *= wide_pow10(shift);
  else
    divisor *= wide_pow10(-shift);
  return from_wide_checked(divide_wide(numerator, divisor, mode), scale);
}

Result<Decimal> Decimal::square_root(const Decimal& a, int scale) {
  if (a.is_negative()) return invalid_argument("square root of a negative number: " + a.to_string());
  if (scale < 0 || scale > max_scale) {
    return out_of_range("rounding scale " + std::to_string(scale) + " outside [0, " +
                        std::to_string(max_scale) + "]");
  }
  // floor(a × 10^(2s)) = floor(c × 10^(2s − sa)), then the integer square root (floor) of that.
  Wide radicand = a.wide_coefficient();
  const int shift = 2 * scale - a.scale_;
  if (shift >= 0)
    radicand *= wide_pow10(shift);
  else
    radicand /= wide_pow10(-shift);
  return from_wide_checked(boost::multiprecision::sqrt(radicand), scale);
}

Result<Decimal> Decimal::round_checked(int scale, Rounding mode) const {
  if (scale < 0 || scale > max_scale) {
    return out_of_range("rounding scale " + std::to_string(scale) + " outside [0, " +
                        std::to_string(max_scale) + "]");
  }
  if (scale == scale_) return *this;
  if (!wide_) {
    if (scale > scale_) {
      i128 padded = 0;
      if (scale_up(small_, scale - scale_, padded)) return Decimal(padded, scale);
    } else if (scale_ - scale <= max_native_pow10) {
      i128 rounded = 0;
      const i128 divisor = static_cast<i128>(pow10_table[static_cast<std::size_t>(scale_ - scale)]);
      if (divide_native(small_, divisor, mode, rounded)) return Decimal(rounded, scale);
    }
  }
  const Wide coefficient = wide_coefficient();
  if (scale > scale_) return from_wide_checked(coefficient * wide_pow10(scale - scale_), scale);
  return from_wide_checked(divide_wide(coefficient, wide_pow10(scale_ - scale), mode), scale);
}

Decimal Decimal::round(int scale, Rounding mode) const {
  if (scale < 0 || scale > max_scale) throw std::invalid_argument("Decimal::round: scale out of range");
  Result<Decimal> result = round_checked(scale, mode);
  if (!result) throw DecimalOverflow(result.error().message);
  return std::move(result).value();
}

Decimal Decimal::trimmed() const {
  if (is_zero()) return Decimal(0, 0);
  int scale = scale_;
  if (!wide_) {
    i128 value = small_;
    while (scale > 0 && value % 10 == 0) {
      value /= 10;
      --scale;
    }
    return Decimal(value, scale);
  }
  Wide value = *wide_;
  while (scale > 0 && value % 10 == 0) {
    value /= 10;
    --scale;
  }
  return from_wide(std::move(value), scale);
}

Result<std::int64_t> Decimal::to_units(int scale) const {
  if (scale < 0 || scale > max_scale)
    return out_of_range("unit scale " + std::to_string(scale) + " out of range");
  Result<Decimal> at_scale = round_checked(scale, Rounding::down);
  if (!at_scale) return at_scale.error();
  if (*at_scale != *this) {
    return invalid_argument(to_string() + " has more than " + std::to_string(scale) +
                            " digits after the point");
  }
  if (at_scale->wide_ || at_scale->small_ > std::numeric_limits<std::int64_t>::max() ||
      at_scale->small_ < std::numeric_limits<std::int64_t>::min()) {
    return out_of_range(to_string() + " does not fit a 64-bit count of 10^-" + std::to_string(scale) +
                        " units");
  }
  return static_cast<std::int64_t>(at_scale->small_);
}

double Decimal::to_double_for_display() const {
  // strtod of the exact text gives the correctly rounded nearest double.
  return std::strtod(to_string().c_str(), nullptr);  // display-only double, never fed back into money
}

Decimal operator+(const Decimal& a, const Decimal& b) {
  Result<Decimal> sum = Decimal::add(a, b);
  if (!sum) throw DecimalOverflow(sum.error().message);
  return std::move(sum).value();
}

Decimal operator-(const Decimal& a, const Decimal& b) {
  Result<Decimal> difference = Decimal::subtract(a, b);
  if (!difference) throw DecimalOverflow(difference.error().message);
  return std::move(difference).value();
}

Decimal operator*(const Decimal& a, const Decimal& b) {
  Result<Decimal> product = Decimal::multiply(a, b);
  if (!product) throw DecimalOverflow(product.error().message);
  return std::move(product).value();
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison: by value, aligning scales exactly (1.0 == 1.00).

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale_, b.scale_);
  if (!a.wide_ && !b.wide_) {
    i128 x = 0;
    i128 y = 0;
    if (scale_up(a.small_, scale - a.scale_, x) && scale_up(b.small_, scale - b.scale_, y)) {
      return x < y ? std::strong_ordering::less
                   : (x > y ? std::strong_ordering::greater : std::strong_ordering::equal);
    }
  }
  const Decimal::Wide x = a.wide_coefficient() * wide_pow10(scale - a.scale_);
  const Decimal::Wide y = b.wide_coefficient() * wide_pow10(scale - b.scale_);
  return x < y ? std::strong_ordering::less
               : (x > y ? std::strong_ordering::greater : std::strong_ordering::equal);
}

bool operator==(const Decimal& a, const Decimal& b) {
  return (a <=> b) == std::strong_ordering::equal;
}

std::ostream& operator<<(std::ostream& os, const Decimal& value) {
  return os << value.to_string();
}

}  // namespace renofee
