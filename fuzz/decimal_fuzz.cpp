// Fuzz target `decimal`: Decimal::parse, to_string and the checked arithmetic (core/money/decimal.hpp).
//
// Input: "a|b|SM" — the text before the first '|' is parsed as `a`, the text up to the next '|' as `b`, and
// the bytes after it choose a rounding scale (S % 51) and mode (M % 6). Missing parts are skipped.
//
// Properties:
//   - parse agrees with an independent model of the grammar (written here from the header's description, on
//     strings, without Decimal): the same success or error code, and on success the same canonical text;
//   - parse(to_string(x)) == x with the same scale and text; errors have a message;
//   - arithmetic never throws from the checked functions and is consistent: a + b - b == a, a + b == b + a,
//     (a × b) / b == a, multiply(a, b, s, m) == round(a × b, s, m), round(a, s, m) == divide(a, 1, s, m),
//     directed roundings bracket the quotient within one unit, rounding is symmetric under negation;
//   - the throwing operators throw DecimalOverflow exactly when their checked twin fails.
#include <optional>
#include <string>

#include "fuzz_check.hpp"
#include "renofee/core/money/decimal.hpp"

namespace renofee::fuzz {
namespace {

struct Model {
  std::optional<ErrorCode> error;  // the expected error code, or nullopt for success
  std::string text;                // the expected to_string() on success
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The grammar and range of Decimal::parse, computed on strings.
Model model_parse(std::string_view text) {
  if (text.empty()) return {ErrorCode::invalid_argument, {}};
  if (text.size() > 120) return {ErrorCode::out_of_range, {}};
  std::size_t pos = 0;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') negative = text[pos++] == '-';
  std::string int_digits, frac_digits;
  while (pos < text.size() && is_digit(text[pos]))
    int_digits += text[pos++];
  if (int_digits.empty()) return {ErrorCode::invalid_argument, {}};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && is_digit(text[pos]))
      frac_digits += text[pos++];
    if (frac_digits.empty()) return {ErrorCode::invalid_argument, {}};
  }
  long long exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) exp_negative = text[pos++] == '-';
    const std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      exponent = std::min<long long>(exponent * 10 + (text[pos] - '0'), 1'000'000);
      ++pos;
    }
    if (pos == start) return {ErrorCode::invalid_argument, {}};
    if (exp_negative) exponent = -exponent;
  }
  if (pos != text.size()) return {ErrorCode::invalid_argument, {}};

  std::string digits = int_digits + frac_digits;
  const std::size_t first = digits.find_first_not_of('0');
  const bool zero = first == std::string::npos;
  std::string significant = zero ? "0" : digits.substr(first);
  long long scale = static_cast<long long>(frac_digits.size()) - exponent;
  const long long total = static_cast<long long>(significant.size()) + (scale < 0 && !zero ? -scale : 0);
  if (total > Decimal::max_digits || scale > Decimal::max_scale) return {ErrorCode::out_of_range, {}};
  if (scale < 0) {
    if (!zero) significant.append(static_cast<std::size_t>(-scale), '0');
    scale = 0;
  }
  const auto s = static_cast<std::size_t>(scale);
  if (significant.size() <= s) significant.insert(0, s + 1 - significant.size(), '0');
  if (s > 0) significant.insert(significant.size() - s, 1, '.');
  if (negative && !zero) significant.insert(0, 1, '-');
  return {std::nullopt, significant};
}

std::string show(const Decimal& d) {
  return d.to_string() + " (scale " + std::to_string(d.scale()) + ")";
}

std::string show(const Result<Decimal>& r) {
  return r ? show(*r) : describe(r.error());
}

bool same(const Result<Decimal>& x, const Result<Decimal>& y) {
  if (x.ok() != y.ok()) return false;
  if (x.ok()) return *x == *y && x->scale() == y->scale();
  return x.error().code == y.error().code;
}

void check_error(const Result<Decimal>& r) {
  if (!r) FUZZ_CHECK(well_formed(r.error()), describe(r.error()));
}

std::optional<Decimal> parse_checked(std::string_view text) {
  const Result<Decimal> parsed = Decimal::parse(text);
  const Model model = model_parse(text);
  if (!parsed) {
    FUZZ_CHECK(well_formed(parsed.error()), describe(parsed.error()));
    FUZZ_CHECK(model.error.has_value(),
               "parse refused text the model accepts as " + model.text + ": " + describe(parsed.error()));
    FUZZ_CHECK(*model.error == parsed.error().code,
               "model and parse differ in error code: " + std::string(to_string(*model.error)) + " vs " +
                   describe(parsed.error()));
    return std::nullopt;
  }
  const Decimal& value = *parsed;
  FUZZ_CHECK(!model.error, "parse accepted text the model refuses: " + show(value));
  FUZZ_CHECK(value.to_string() == model.text, "to_string " + value.to_string() + ", model " + model.text);
  FUZZ_CHECK(value.scale() >= 0 && value.scale() <= Decimal::max_scale, show(value));
  FUZZ_CHECK(value.digits() <= Decimal::max_digits, show(value));
  const Result<Decimal> again = Decimal::parse(value.to_string());
  FUZZ_CHECK(
      again && *again == value && again->scale() == value.scale() && again->to_string() == value.to_string(),
      "round trip of " + show(value) + " gave " + show(again));
  FUZZ_CHECK(value.trimmed() == value, show(value.trimmed()));
  FUZZ_CHECK(-(-value) == value && (-value).sign() == -value.sign(), show(value));
  FUZZ_CHECK(value.abs().sign() >= 0 && (value.abs() == value || value.abs() == -value), show(value));
  const Result<std::int64_t> units = value.to_units(value.scale());
  if (units) FUZZ_CHECK(Decimal::from_units(*units, value.scale()) == value, show(value));
  (void)value.to_double_for_display();
  return value;
}

// Runs a throwing operator and checks it throws DecimalOverflow exactly when the checked twin fails.
template <typename Op>
void check_operator(const Result<Decimal>& checked, Op op, const char* name) {
  try {
    const Decimal result = op();
    FUZZ_CHECK(checked.ok() && result == *checked && result.scale() == checked->scale(),
               std::string(name) + " returned " + show(result) + ", checked twin " + show(checked));
  } catch (const DecimalOverflow&) {
    FUZZ_CHECK(!checked.ok(), std::string(name) + " threw, checked twin gave " + show(checked));
  }
}

void check_rounding(const Decimal& a, int scale) {
  for (Rounding mode : all_roundings) {
    const Result<Decimal> rounded = a.round_checked(scale, mode);
    check_error(rounded);
    const Result<Decimal> via_divide = Decimal::divide(a, Decimal(1), scale, mode);
    FUZZ_CHECK(same(rounded, via_divide), "round " + show(rounded) + " vs divide by 1 " + show(via_divide));
    if (rounded) FUZZ_CHECK(rounded->scale() == scale, show(*rounded));
  }
  const Decimal negated = -a;
  for (Rounding mode : {Rounding::down, Rounding::up, Rounding::half_up, Rounding::half_even}) {
    const Result<Decimal> x = a.round_checked(scale, mode);
    const Result<Decimal> y = negated.round_checked(scale, mode);
    FUZZ_CHECK(x.ok() == y.ok() && (!x || *x == -*y), "symmetric rounding: " + show(x) + " vs " + show(y));
  }
  const Result<Decimal> fl = negated.round_checked(scale, Rounding::floor);
  const Result<Decimal> ce = a.round_checked(scale, Rounding::ceiling);
  FUZZ_CHECK(fl.ok() == ce.ok() && (!fl || *fl == -*ce), "floor(-a) vs -ceiling(a): " + show(fl));
}

void check_division(const Decimal& a, const Decimal& b, int scale) {
  const Result<Decimal> down = Decimal::divide(a, b, scale, Rounding::down);
  check_error(down);
  if (b.is_zero()) {
    FUZZ_CHECK(!down && down.error().code == ErrorCode::invalid_argument, show(down));
    return;
  }
  const Result<Decimal> up = Decimal::divide(a, b, scale, Rounding::up);
  if (!down || !up) return;
  // |down| <= |a / b| <= |up|, one unit apart unless the quotient is exact (then equal and exact).
  const Decimal unit = Decimal::from_units(1, scale);
  const Decimal gap = (*up - *down).abs();
  FUZZ_CHECK(gap.is_zero() || gap == unit, "down " + show(*down) + " up " + show(*up));
  if (gap.is_zero()) {
    const Result<Decimal> back = Decimal::multiply(*down, b);
    if (back) FUZZ_CHECK(*back == a, "exact quotient " + show(*down) + " times b is " + show(*back));
  }
  for (Rounding mode : {Rounding::floor, Rounding::ceiling, Rounding::half_up, Rounding::half_even}) {
    const Result<Decimal> q = Decimal::divide(a, b, scale, mode);
    FUZZ_CHECK(q && (*q == *down || *q == *up), "mode between down and up: " + show(q));
  }
}

void check_pair(const Decimal& a, const Decimal& b, int scale, Rounding mode) {
  const Result<Decimal> sum = Decimal::add(a, b);
  check_error(sum);
  FUZZ_CHECK(same(sum, Decimal::add(b, a)), "a + b vs b + a: " + show(sum));
  check_operator(
      sum, [&] { return a + b; }, "operator+");
  if (sum) {
    const Result<Decimal> back = Decimal::subtract(*sum, b);
    if (back)
      FUZZ_CHECK(*back == a, "a + b - b gave " + show(*back));
    else
      FUZZ_CHECK(back.error().code == ErrorCode::out_of_range, describe(back.error()));
  }
  const Result<Decimal> difference = Decimal::subtract(a, b);
  check_operator(
      difference, [&] { return a - b; }, "operator-");
  if (difference) {
    const auto order = a <=> b;
    FUZZ_CHECK((order < 0) == difference->is_negative() && (order == 0) == difference->is_zero(),
               "comparison disagrees with a - b = " + show(*difference));
  }

  const Result<Decimal> product = Decimal::multiply(a, b);
  check_error(product);
  FUZZ_CHECK(same(product, Decimal::multiply(b, a)), "a * b vs b * a: " + show(product));
  check_operator(
      product, [&] { return a * b; }, "operator*");
  if (product && !b.is_zero()) {
    const Result<Decimal> quotient = Decimal::divide(*product, b, a.scale(), Rounding::down);
    FUZZ_CHECK(quotient && *quotient == a, "(a * b) / b gave " + show(quotient));
  }
  const Result<Decimal> fused = Decimal::multiply(a, b, scale, mode);
  check_error(fused);
  if (product) {
    const Result<Decimal> two_step = product->round_checked(scale, mode);
    if (fused && two_step) FUZZ_CHECK(*fused == *two_step, "fused " + show(fused) + " vs " + show(two_step));
    FUZZ_CHECK(fused.ok() == two_step.ok(), "fused " + show(fused) + " vs " + show(two_step));
  }
  check_division(a, b, scale);
}

}  // namespace
}  // namespace renofee::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renofee;
  using namespace renofee::fuzz;
  const std::string_view text = as_text(data, size);
  const std::size_t bar1 = text.find('|');
  const std::optional<Decimal> a = parse_checked(text.substr(0, bar1));
  if (bar1 == std::string_view::npos) return 0;
  const std::string_view rest = text.substr(bar1 + 1);
  const std::size_t bar2 = rest.find('|');
  const std::optional<Decimal> b = parse_checked(rest.substr(0, bar2));
  const std::string_view control =
      bar2 == std::string_view::npos ? std::string_view{} : rest.substr(bar2 + 1);
  const int scale = control.empty() ? 2 : static_cast<unsigned char>(control[0]) % (Decimal::max_scale + 1);
  const Rounding mode = control.size() < 2
                            ? Rounding::half_even
                            : all_roundings[static_cast<unsigned char>(control[1]) % all_roundings.size()];
  if (a) check_rounding(*a, scale);
  if (a && b) check_pair(*a, *b, scale, mode);
  return 0;
}
