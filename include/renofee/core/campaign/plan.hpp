// renofee/core/campaign/plan.hpp
//
// Purpose: a home's renovation in steps beside the integral plan (docs/campaigns.md, "Plans in steps"): the
// steps' measures and subsidies give each step's drawdown, finance::plan_steps their payments and APR, and
// the same measures drawn at once the integral plan; and the warning when the order locks in a poor result.
//
// Rules:
//   drawdown of a step   Σ measure costs − Σ subsidies of that step, at least 0.01 EUR.
//   integral plan        every step's measures and subsidies drawn at the first step's month, same financing.
//   order warning        a heat pump (heat_pump) in a step before the step with the insulation that makes
//                        low-temperature heating possible (insulation_facade, insulation_roof,
//                        insulation_floor or glazing), or a heat pump in a plan without any: the heat pump is
//                        then sized and run for high supply temperatures (a worse seasonal performance,
//                        docs/domain.md §7 [93][94]) until the insulation comes, or for good.
#pragma once

#include <string>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/finance/stepwise.hpp"
#include "renofee/core/quote/offer.hpp"

namespace renofee::campaign {

struct PlanStep {
  int month = 0;  // months after the first step
  std::string label;
  std::vector<quote::Measure> measures;
  std::vector<quote::Subsidy> subsidies;
};

struct StepPlanInput {
  std::vector<PlanStep> steps;
  Decimal annual_rate;
  finance::RateBasis rate_basis = finance::RateBasis::nominal;
  finance::Method method = finance::Method::annuity;
  int term_months = 0;
  Rounding rounding = Rounding::half_up;
};

struct StepComparison {
  finance::StepwisePlan steps;
  finance::StepwisePlan integral;
  std::vector<Money> drawdowns;       // per step
  std::vector<std::string> warnings;  // in plain Dutch and English: "nl | en"
};

// invalid_argument naming the step ("/steps/1/measures") for a step without measures or a drawdown below 0.01;
// the errors of finance::plan_steps otherwise.
Result<StepComparison> compare_steps(const StepPlanInput& input);

// A step's drawdown: Σ its measures' costs − Σ its subsidies (may be below 0.01: compare_steps refuses it).
Money drawdown_of(const PlanStep& step);

// The step whose state holds in plan month `month` (0-based, months after the first step): the last step with
// step.month <= month; 0 before any (steps are in ascending months).
std::size_t step_at(const std::vector<PlanStep>& steps, std::size_t month);

// The order warnings of the steps (rule above), empty when the order is sound.
std::vector<std::string> order_warnings(const std::vector<PlanStep>& steps);

// CO2 of a year's use, kg: gas m3 × 1.780 + net electricity kWh (import − export; negative when the home
// exports more) × 0.34, the NTA 8800 factors as klimapedia's energievademecum (bijlage 2) gives them
// (docs/domain.md §7 [89]).
Decimal co2_kg(const Decimal& gas_m3, const Decimal& net_electricity_kwh);

// A contract year of both plans side by side (docs/campaigns.md, "The resident's choice"): the financing
// payment a month (the first month of the year) and the year's gas, net electricity and CO2. Energy: each month
// holds 1/12 of the yearly use of the state the home is in that month (after the last step done by then; the
// integral plan is after every step from month 0); the year's sums half_even to 6 decimals.
struct YearUse {
  Decimal gas_m3;
  Decimal net_electricity_kwh;
  Decimal co2_kg;
};
struct ChoiceYear {
  int year = 0;
  Money steps_financing;
  Money integral_financing;
  YearUse steps;
  YearUse integral;
  std::size_t steps_state = 0;  // the step whose use holds in the year's first month (index into the steps)
};
// Every contract year of the financing term. `after_steps` holds the use after each step (the last: after
// every step), one per step of `steps`.
std::vector<ChoiceYear> choice_years(const StepComparison& comparison, const std::vector<PlanStep>& steps,
                                     const std::vector<quote::YearlyUse>& after_steps);

}  // namespace renofee::campaign
