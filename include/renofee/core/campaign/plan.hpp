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

// The order warnings of the steps (rule above), empty when the order is sound.
std::vector<std::string> order_warnings(const std::vector<PlanStep>& steps);

}  // namespace renofee::campaign
