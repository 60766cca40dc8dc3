#include "renofee/core/finance/apr.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <string>

namespace renofee::finance {
namespace {

using Fixed = boost::multiprecision::int512_t;
constexpr unsigned frac_bits = 100;  // fixed point: value × 2^100
constexpr int max_month = 1200;

}  // namespace

Result<Apr> solve_apr(const Money& drawdown, const std::vector<CashFlow>& payments) {
  const Result<std::int64_t> drawn = drawdown.value().to_units(2);
  if (!drawn || *drawn <= 0) {
    return invalid_argument("drawdown " + drawdown.to_string() + " must be a positive amount in cents");
  }
  // c[m]: payments at month m, in cents.
  int last = 0;
  for (const CashFlow& flow : payments) {
    if (flow.month < 1 || flow.month > max_month) {
      return invalid_argument("payment month " + std::to_string(flow.month) + " outside 1.." +
                              std::to_string(max_month));
    }
    last = std::max(last, flow.month);
  }
  std::vector<std::int64_t> c(static_cast<std::size_t>(last) + 1, 0);
  std::int64_t sum = 0;
  for (const CashFlow& flow : payments) {
    const Result<std::int64_t> amount = flow.amount.value().to_units(2);
    if (!amount || *amount < 0 || *amount > max_principal_cents) {
      return invalid_argument("payment " + flow.amount.to_string() + " at month " +
                              std::to_string(flow.month) + " must be 0.00 .. 10000000.00 EUR in cents");
    }
    c[static_cast<std::size_t>(flow.month)] += *amount;
    sum += *amount;
  }
  if (sum < *drawn) {
    return invalid_argument("payments " + cents(sum).to_string() + " sum to less than the drawdown " +
                            drawdown.to_string() + ": no APR >= 0 exists");
  }

  const Fixed one = Fixed(1) << frac_bits;
  const Fixed target = Fixed(*drawn) << frac_bits;
  Fixed v = one;  // v = (1 + X)^(-1/12), from 1 downwards (Newton on an increasing convex polynomial)
  if (sum != *drawn) {
    for (int iteration = 0; iteration < 200; ++iteration) {
      // Horner: g = Σ c_m v^m (scaled), g' = Σ m c_m v^(m-1) (scaled).
      Fixed g = 0;
      Fixed dg = 0;
      for (int m = last; m >= 1; --m) {
        dg = ((dg * v) >> frac_bits) + g;
        g = ((g * v) >> frac_bits) + (Fixed(c[static_cast<std::size_t>(m)]) << frac_bits);
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
  // 1 + X = v^-12.
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

Result<Apr> apr_of(const Schedule& schedule) {
  std::vector<CashFlow> payments;
  payments.reserve(schedule.rows.size());
  for (const ScheduleRow& row : schedule.rows)
    payments.push_back(CashFlow{row.month, row.financing_payment});
  return solve_apr(schedule.input.financing.principal, payments);
}

}  // namespace renofee::finance
