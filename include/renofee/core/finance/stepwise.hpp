// renofee/core/finance/stepwise.hpp
//
// Purpose: a renovation in steps (docs/campaigns.md, "Plans in steps"): insulation and ventilation now, the heat
// pump in three years, PV in five. Each step is a drawdown repaid by its own annuity from the month after it
// to the plan's end, so the monthly financing payment rises at each step; and the APR over all drawdowns, as
// Annex I of the consumer credit directive (2008/48/EC) defines it for credit drawn in parts:
//     Σ_k drawdown_k · (1 + X)^(-s_k) = Σ_m payment_m · (1 + X)^(-t_m),
// times in years from the first drawdown, a month 1/12 year (Annex I remark (c)).
//
// Rules:
//   steps       the first at month 0; later ones 1..term-1 months after it, ascending, strictly; a drawdown
//               0.01..10,000,000.00 EUR in cents. At most 20 steps.
//   repayment   drawdown k at month s_k: the schedule of finance::build_schedule for that principal over
//               term - s_k months (annuity or linear, the plan's rate, basis and rounding: interest rounded
//               per month, the last month pays the balance), its month j paid at plan month s_k + j.
//   payments    plan month m pays the sum of the active repayments.
//   APR         v = (1 + X)^(-1/12) solves Σ_m c_m v^m = 0 with c_m = payment_m − drawdown_m (c_0 = −the first
//               drawdown): bisection on v in (0, 1] in 512-bit fixed point with 100 fractional bits, 110 halvings
//               (f(0) < 0, f(1) = Σ payments − Σ drawdowns >= 0); X = v^-12 − 1 with 30 decimals (truncated),
//               reported with 12 decimals half_even and as a percentage half_up to 1 and 2 decimals. With one
//               drawdown this is the APR of finance::apr.hpp (the unit test checks it).
#pragma once

#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/finance/apr.hpp"
#include "renofee/core/finance/schedule.hpp"

namespace renofee::finance {

struct Step {
  int month = 0;  // months after the first drawdown
  Money drawdown;
  std::string label;  // "isolatie en ventilatie"
  friend bool operator==(const Step&, const Step&) = default;
};

struct StepwiseTerms {
  std::vector<Step> steps;
  Decimal annual_rate;
  RateBasis rate_basis = RateBasis::nominal;
  Method method = Method::annuity;
  int term_months = 0;  // from the first drawdown to the last payment, 1..600
  Rounding rounding = Rounding::half_up;
  friend bool operator==(const StepwiseTerms&, const StepwiseTerms&) = default;
};

struct StepwisePlan {
  std::vector<Money> payments;       // plan month m = 1..term at index m - 1: the financing payment
  std::vector<Money> step_payments;  // the regular payment of each step's repayment
  Money total_payments;
  Money total_drawn;
  Money cost_of_credit;  // total_payments − total_drawn
  Apr apr;
};

// The plan (rules above). invalid_argument naming the field ("/steps/1/month") for steps out of order or range.
Result<StepwisePlan> plan_steps(const StepwiseTerms& terms);

// The APR of drawdowns (months 0.. with the first at 0) repaid by payments (months 1..1200), by the bisection
// above. invalid_argument when there is no drawdown at month 0 or the payments are less than the drawdowns.
Result<Apr> solve_apr_drawdowns(const std::vector<CashFlow>& drawdowns,
                                const std::vector<CashFlow>& payments);

}  // namespace renofee::finance
