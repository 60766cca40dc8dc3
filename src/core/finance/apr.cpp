#include "renofee/core/finance/apr.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <optional>
#include <string>

namespace renofee::finance {
namespace {

using Fixed = boost::multiprecision::int512_t;
constexpr unsigned frac_bits = 100;  // fixed point: value × 2^100
constexpr int max_month = 1200;

// The validated flows: c[m] cents paid at month m (1..last), their sum, the drawdown in cents.
struct Flows {
  std::int64_t drawn = 0;
  std::vector<std::int64_t> c;
  int last = 0;
  std::int64_t sum = 0;
};

Result<Flows> validated_flows(const Money& drawdown, const std::vector<CashFlow>& payments) {
  const Result<std::int64_t> drawn = drawdown.value().to_units(2);
  if (!drawn || *drawn <= 0) {
    return invalid_argument("drawdown " + drawdown.to_string() + " must be a positive amount in cents");
  }
  Flows flows;
  flows.drawn = *drawn;
  for (const CashFlow& flow : payments) {
    if (flow.month < 1 || flow.month > max_month) {
      return invalid_argument("payment month " + std::to_string(flow.month) + " outside 1.." +
                              std::to_string(max_month));
    }
    flows.last = std::max(flows.last, flow.month);
  }
  flows.c.assign(static_cast<std::size_t>(flows.last) + 1, 0);
  for (const CashFlow& flow : payments) {
    const Result<std::int64_t> amount = flow.amount.value().to_units(2);
    if (!amount || *amount < 0 || *amount > max_principal_cents) {
      return invalid_argument("payment " + flow.amount.to_string() + " at month " +
                              std::to_string(flow.month) + " must be 0.00 .. 10000000.00 EUR in cents");
    }
    flows.c[static_cast<std::size_t>(flow.month)] += *amount;
    flows.sum += *amount;
  }
  if (flows.sum < flows.drawn) {
    return invalid_argument("payments " + cents(flows.sum).to_string() + " sum to less than the drawdown " +
                            drawdown.to_string() + ": no APR >= 0 exists");
  }
  return flows;
}

// The reference method: Newton from v = 1 in 512-bit fixed point with 100 fractional bits, X with 30
// decimals (truncated), then rounded.
Apr apr_by_fixed_point_newton(const Flows& flows) {
  const Fixed one = Fixed(1) << frac_bits;
  const Fixed target = Fixed(flows.drawn) << frac_bits;
  Fixed v = one;  // v = (1 + X)^(-1/12), from 1 downwards (Newton on an increasing convex polynomial)
  if (flows.sum != flows.drawn) {
    for (int iteration = 0; iteration < 200; ++iteration) {
      // Horner: g = Σ c_m v^m (scaled), g' = Σ m c_m v^(m-1) (scaled).
      Fixed g = 0;
      Fixed dg = 0;
      for (int m = flows.last; m >= 1; --m) {
        dg = ((dg * v) >> frac_bits) + g;
        g = ((g * v) >> frac_bits) + (Fixed(flows.c[static_cast<std::size_t>(m)]) << frac_bits);
      }
      // Now g = Σ c_m v^(m-1) and dg its derivative; multiply by v for Σ c_m v^m and its derivative.
      dg = ((dg * v) >> frac_bits) + g;
      g = (g * v) >> frac_bits;
      if (dg <= 0) break;
      const Fixed step = ((g - target) << frac_bits) / dg;
      if (step <= 0) break;  // at (or, by fixed-point error, just past) the root
      v -= step;
      if (step < (Fixed(1) << 10)) break;  // below 2^-90
    }
  }
  return detail::apr_from_fixed_v(v);
}

// ---- The certified fast method ----
// Values in [0, 1) as 64-bit fractions (Q64: v = V / 2^64); sums Σ c_m v^m in cents as Q64 in 128 bits.
using uint128 = unsigned __int128;

// floor or ceiling of g × v / 2^64, for g < 2^115 and v = V / 2^64.
inline uint128 times_fraction(uint128 g, std::uint64_t v, bool up) {
  const uint128 low = static_cast<uint128>(static_cast<std::uint64_t>(g)) * v;
  const uint128 high = static_cast<uint128>(static_cast<std::uint64_t>(g >> 64)) * v;
  uint128 result = high + (low >> 64);
  if (up && static_cast<std::uint64_t>(low) != 0) ++result;
  return result;
}

// Σ c_m v^m × 2^64, rounded down (`up` false) or up at every Horner step. Every term is >= 0, so the
// result is a lower (upper) bound of the exact value. Σ c_m <= 1200 × 10^9 cents < 2^41: fits.
uint128 polynomial_bound(const Flows& flows, std::uint64_t v, bool up) {
  uint128 g = 0;
  for (int m = flows.last; m >= 1; --m)
    g = times_fraction(g, v, up) + (static_cast<uint128>(flows.c[static_cast<std::size_t>(m)]) << 64);
  return times_fraction(g, v, up);
}

// v^12 × 2^64 rounded down or up at every step: a lower (upper) bound of the exact power.
uint128 twelfth_power_bound(std::uint64_t v, bool up) {
  uint128 p = static_cast<uint128>(1) << 64;
  for (int k = 0; k < 12; ++k)
    p = times_fraction(p, v, up);
  return p;
}

// The APR as the three published figures, when it can be proved from a bracket of v without the 512-bit
// method; nullopt hands the flows to that method.
//  1. Newton in double from v = 1 (the same monotone iteration) gives v to about 1e-16.
//  2. One Newton step in Q64 (exact integer sums, the step itself in long double) gives V to a few units of
//     2^-64.
//  3. Proof: f(v) = Σ c_m v^m is increasing, so if an upper bound of f(lo) is below the drawdown and a
//     lower bound of f(hi) above it, the exact root lies in (lo, hi).
//  4. X = v^-12 - 1 is decreasing in v: bounds of lo^12 and hi^12 give Y = 2·10^12·X in (Ymin, Ymax). All
//     rounding boundaries of the published figures are integers of Y (X·10^12 = k + 1/2 for 12 decimals
//     half-even, 100X·10 = k + 1/2 and 100X·100 = k + 1/2 for the percentages half-up). When floor(Ymin) =
//     floor(Ymax) = K, with a margin of 2^-20 on both sides, the exact X lies strictly between two
//     neighbouring boundaries, at least 5·10^-19 from each, and K decides all three figures: they are the
//     exact roundings of the true APR, and so are the reference method's (its X is within about 10^-24 of the
//     true one). Anything closer to a boundary goes to the reference method.
std::optional<Apr> apr_by_certified_bracket(const Flows& flows) {
  if (flows.sum == flows.drawn) return std::nullopt;  // X = 0: the reference method is exact and cheap
  // Step 1 in double (double by design: an estimate of v only). What is published comes from the exact
  // integer bracket of steps 3-4, or else from the 512-bit reference method; never from this double.
  const double target = static_cast<double>(flows.drawn);
  double v = 1.0;
  bool converged = false;
  for (int iteration = 0; iteration < 60 && !converged; ++iteration) {
    double g = 0.0;
    double dg = 0.0;
    for (int m = flows.last; m >= 1; --m) {
      dg = dg * v + g;
      g = g * v + static_cast<double>(flows.c[static_cast<std::size_t>(m)]);
    }
    dg = dg * v + g;
    g = g * v;
    if (!(dg > 0.0)) return std::nullopt;
    const double step = (g - target) / dg;
    v -= step;
    converged = std::fabs(step) <= 1e-13 * v;
  }
  if (!converged || !(v > 0.0 && v < 1.0)) return std::nullopt;

  // One Newton step in Q64.
  auto fixed = static_cast<std::uint64_t>(std::ldexp(v, 64));
  {
    uint128 g = 0;
    uint128 dg = 0;
    for (int m = flows.last; m >= 1; --m) {
      dg = times_fraction(dg, fixed, false) + g;
      g = times_fraction(g, fixed, false) +
          (static_cast<uint128>(flows.c[static_cast<std::size_t>(m)]) << 64);
    }
    dg = times_fraction(dg, fixed, false) + g;
    g = times_fraction(g, fixed, false);
    if (dg == 0) return std::nullopt;
    const uint128 scaled_target = static_cast<uint128>(flows.drawn) << 64;
    const bool above = g >= scaled_target;
    const uint128 gap = above ? g - scaled_target : scaled_target - g;
    // gap / dg is the step in units of v; × 2^64 in units of the last bit.
    const long double step_bits =
        std::ldexp(static_cast<long double>(gap) / static_cast<long double>(dg), 64);
    if (!(step_bits < 0x1p40L)) return std::nullopt;
    const auto step = static_cast<std::uint64_t>(std::llround(step_bits));
    if (above ? step >= fixed : step > ~std::uint64_t{0} - fixed) return std::nullopt;
    fixed = above ? fixed - step : fixed + step;
  }

  const uint128 scaled_target = static_cast<uint128>(flows.drawn) << 64;
  for (const std::uint64_t half_width : {std::uint64_t{4}, std::uint64_t{1} << 10, std::uint64_t{1} << 20}) {
    if (fixed <= half_width || fixed >= ~std::uint64_t{0} - half_width) return std::nullopt;
    const std::uint64_t lo = fixed - half_width;
    const std::uint64_t hi = fixed + half_width;
    if (polynomial_bound(flows, lo, true) >= scaled_target) continue;
    if (polynomial_bound(flows, hi, false) <= scaled_target) continue;
    // Y = 2·10^12 (2^64 / P - 1) = 2·10^12 (2^64 - P) / P with P = v^12 × 2^64.
    const uint128 power_low = twelfth_power_bound(lo, false);  // <= lo^12: Y above the true one
    const uint128 power_high = twelfth_power_bound(hi, true);  // >= hi^12: Y below the true one
    const uint128 unit = static_cast<uint128>(1) << 64;
    if (power_low == 0 || power_high >= unit) return std::nullopt;
    // Z = 2^20 Y: the bracket must also keep 2^-20 away from K and K + 1, so that the reference method,
    // whose X is within about 10^-24 of the true one (100 fractional bits), rounds the same way.
    constexpr std::uint64_t z_scale = 2'000'000'000'000ULL << 20;  // < 2^61; Z numerators < 2^125
    constexpr uint128 z_fraction = (static_cast<uint128>(1) << 20) - 1;
    const uint128 z_max = z_scale * (unit - power_low) / power_low;
    const uint128 z_min = z_scale * (unit - power_high) / power_high;
    if ((z_min >> 20) != (z_max >> 20) || (z_min & z_fraction) == 0 || (z_max & z_fraction) == z_fraction)
      return std::nullopt;
    const uint128 y = z_max >> 20;
    if (y > (static_cast<uint128>(1) << 62)) return std::nullopt;
    const auto k = static_cast<std::int64_t>(y);
    // Y in (K, K + 1): X·10^12 in (K/2, (K + 1)/2), so half-even to 12 decimals is (K + 1) / 2; 100X to one
    // decimal half-up is floor((Y + 10^9) / (2·10^9)), to two decimals floor((Y + 10^8) / (2·10^8)), and
    // neither numerator can reach a multiple of its divisor inside the interval.
    return Apr{Decimal::from_units((k + 1) / 2, 12),
               Decimal::from_units((k + 1'000'000'000) / 2'000'000'000, 1),
               Decimal::from_units((k + 100'000'000) / 200'000'000, 2)};
  }
  return std::nullopt;
}

}  // namespace

namespace detail {
Apr apr_from_fixed_v(const boost::multiprecision::int512_t& v) {
  // 1 + X = v^-12.
  const Fixed one = Fixed(1) << frac_bits;
  const Fixed inverse = (one << frac_bits) / v;
  Fixed growth = one;
  for (int k = 0; k < 12; ++k)
    growth = (growth * inverse) >> frac_bits;
  const Fixed excess = growth > one ? Fixed(growth - one) : Fixed(0);
  // X with 30 decimals (truncated), then the reported figures.
  Fixed digits30 = 1;
  for (int k = 0; k < 30; ++k)
    digits30 *= 10;
  const Fixed x30 = (excess * digits30) >> frac_bits;
  const Decimal x = Decimal::parse(x30.str() + "E-30").value();
  const Decimal percent = x * Decimal(100);
  return Apr{x.round(12, Rounding::half_even), percent.round(1, Rounding::half_up),
             percent.round(2, Rounding::half_up)};
}
}  // namespace detail

Result<Apr> solve_apr(const Money& drawdown, const std::vector<CashFlow>& payments) {
  RENOFEE_TRY(const Flows flows, validated_flows(drawdown, payments));
  if (std::optional<Apr> fast = apr_by_certified_bracket(flows)) return *std::move(fast);
  return apr_by_fixed_point_newton(flows);
}

Result<Apr> solve_apr_by_reference_method(const Money& drawdown, const std::vector<CashFlow>& payments) {
  RENOFEE_TRY(const Flows flows, validated_flows(drawdown, payments));
  return apr_by_fixed_point_newton(flows);
}

Result<Apr> apr_of(const Schedule& schedule, const AprTerms& terms) {
  if (terms.lead_months < 0 || terms.lead_months > 12) {
    return invalid_argument("the drawdown must fall 0..12 whole months before the first payment, not " +
                            std::to_string(terms.lead_months));
  }
  Money drawdown = schedule.input.financing.principal;
  std::vector<CashFlow> payments;
  payments.reserve(schedule.rows.size());
  for (const ScheduleRow& row : schedule.rows) {
    const Money paid = terms.service_fee ? row.financing_payment + row.service_fee : row.financing_payment;
    const int month = terms.lead_months + row.month - 1;
    if (month == 0) {
      drawdown = drawdown - paid;  // paid at the drawdown: it lowers what is lent at t = 0
    } else {
      payments.push_back(CashFlow{month, paid});
    }
  }
  return solve_apr(drawdown, payments);
}

}  // namespace renofee::finance
