#include "renofee/core/finance/stepwise.hpp"

#include <boost/multiprecision/cpp_int.hpp>

namespace renofee::finance {
namespace {

using Wide512 = boost::multiprecision::int512_t;
constexpr unsigned stepwise_frac_bits = 100;  // fixed point: value × 2^100
constexpr int max_steps = 20;

// f(v) × 2^100 = Σ_m c_m v^m by Horner, c in cents (v × 2^100 given).
Wide512 net_value(const std::vector<std::int64_t>& c, const Wide512& v) {
  Wide512 g = 0;
  for (std::size_t m = c.size(); m-- > 0;)
    g = ((g * v) >> stepwise_frac_bits) + (Wide512(c[m]) << stepwise_frac_bits);
  return g;
}

Result<void> check_steps(const StepwiseTerms& t) {
  if (t.steps.empty() || t.steps.size() > max_steps)
    return invalid_argument("a plan has 1.." + std::to_string(max_steps) + " steps", "/steps");
  if (t.term_months < 1 || t.term_months > max_term_months)
    return invalid_argument("the term is 1..600 months", "/term_months");
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const std::string at = "/steps/" + std::to_string(k);
    const Step& s = t.steps[k];
    if (k == 0 && s.month != 0)
      return invalid_argument("the first step is the first drawdown, at month 0", at + "/month");
    if (k > 0 && (s.month <= t.steps[k - 1].month || s.month >= t.term_months)) {
      return invalid_argument("step " + std::to_string(k) + " at month " + std::to_string(s.month) +
                                  " must come after the step before it and before the plan's last month " +
                                  std::to_string(t.term_months),
                              at + "/month");
    }
    const Result<std::int64_t> drawn =
        detail::cents_in_range(s.drawdown, 1, max_principal_cents, "a drawdown", at + "/drawdown");
    if (!drawn) return drawn.error();
  }
  return {};
}

}  // namespace

Result<Apr> solve_apr_drawdowns(const std::vector<CashFlow>& drawdowns,
                                const std::vector<CashFlow>& payments) {
  int last = 0;
  for (const CashFlow& f : payments) {
    if (f.month < 1 || f.month > 1200) return invalid_argument("a payment month is 1..1200", "/payments");
    last = std::max(last, f.month);
  }
  for (const CashFlow& f : drawdowns) {
    if (f.month < 0 || f.month > 1200) return invalid_argument("a drawdown month is 0..1200", "/drawdowns");
    last = std::max(last, f.month);
  }
  std::vector<std::int64_t> c(static_cast<std::size_t>(last) + 1, 0);
  std::int64_t sum = 0;
  for (const CashFlow& f : payments) {
    RENOFEE_TRY(const std::int64_t cents_paid,
                detail::cents_in_range(f.amount, 0, max_principal_cents, "a payment", "/payments"));
    c[static_cast<std::size_t>(f.month)] += cents_paid;
    sum += cents_paid;
  }
  for (const CashFlow& f : drawdowns) {
    RENOFEE_TRY(const std::int64_t drawn,
                detail::cents_in_range(f.amount, 1, max_principal_cents, "a drawdown", "/drawdowns"));
    c[static_cast<std::size_t>(f.month)] -= drawn;
    sum -= drawn;
  }
  if (c[0] >= 0) return invalid_argument("the first drawdown must be at month 0", "/drawdowns");
  if (sum < 0)
    return invalid_argument("the payments sum to less than the drawdowns: no APR >= 0", "/payments");
  // f(0) = c_0 < 0 <= f(1): halve [lo, hi] keeping f(lo) < 0 <= f(hi).
  Wide512 lo = 0, hi = Wide512(1) << stepwise_frac_bits;
  for (int i = 0; i < 110 && hi - lo > 1; ++i) {
    const Wide512 mid = (lo + hi) >> 1;
    (net_value(c, mid) < 0 ? lo : hi) = mid;
  }
  return detail::apr_from_fixed_v(hi);
}

Result<StepwisePlan> plan_steps(const StepwiseTerms& t) {
  RENOFEE_CHECK(check_steps(t));
  StepwisePlan plan;
  plan.payments.assign(static_cast<std::size_t>(t.term_months), cents(0));
  plan.total_drawn = cents(0);
  std::vector<CashFlow> drawdowns;
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const Step& s = t.steps[k];
    ScheduleInput input;
    input.financing = {s.drawdown, t.annual_rate, t.rate_basis, t.term_months - s.month, t.method,
                       0,          t.rounding};
    input.start = calendar::make_date(2000, 1, 1);  // only the amounts are used here
    input.service_fee.monthly = cents(0);
    Result<Schedule> schedule = build_schedule(input);
    if (!schedule) return schedule.error().at("/steps/" + std::to_string(k));
    for (const ScheduleRow& row : schedule->rows) {
      Money& paid = plan.payments[static_cast<std::size_t>(s.month + row.month - 1)];
      paid = paid + row.financing_payment;
    }
    plan.step_payments.push_back(schedule->regular_payment);
    plan.total_drawn = plan.total_drawn + s.drawdown;
    drawdowns.push_back({s.month, s.drawdown});
  }
  std::vector<CashFlow> payments;
  plan.total_payments = cents(0);
  for (std::size_t m = 0; m < plan.payments.size(); ++m) {
    payments.push_back({static_cast<int>(m) + 1, plan.payments[m]});
    plan.total_payments = plan.total_payments + plan.payments[m];
  }
  plan.cost_of_credit = plan.total_payments - plan.total_drawn;
  RENOFEE_TRY(plan.apr, solve_apr_drawdowns(drawdowns, payments));
  return plan;
}

}  // namespace renofee::finance
