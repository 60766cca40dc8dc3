#include "renofee/core/campaign/plan.hpp"

#include <algorithm>
#include <optional>

namespace renofee::campaign {
namespace {

bool insulates(quote::MeasureKind kind) {
  using quote::MeasureKind;
  return kind == MeasureKind::insulation_facade || kind == MeasureKind::insulation_roof ||
         kind == MeasureKind::insulation_floor || kind == MeasureKind::glazing;
}

// The first step holding a measure for which `test` holds.
template <typename Test>
std::optional<std::size_t> first_step(const std::vector<PlanStep>& steps, Test test) {
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (std::any_of(steps[k].measures.begin(), steps[k].measures.end(),
                    [&](const quote::Measure& m) { return test(m.kind); }))
      return k;
  }
  return std::nullopt;
}

finance::StepwiseTerms terms_of(const StepPlanInput& in, std::vector<finance::Step> steps) {
  return {std::move(steps), in.annual_rate, in.rate_basis, in.method, in.term_months, in.rounding};
}

}  // namespace

std::vector<std::string> order_warnings(const std::vector<PlanStep>& steps) {
  const auto heat_pump =
      first_step(steps, [](quote::MeasureKind k) { return k == quote::MeasureKind::heat_pump; });
  const auto insulation = first_step(steps, insulates);
  std::vector<std::string> warnings;
  if (!heat_pump) return warnings;
  if (!insulation) {
    warnings.push_back(
        "de warmtepomp komt zonder isolatie: hij moet dan op hoge temperatuur stoken, duurder en minder "
        "zuinig | the heat pump comes without insulation: it must then heat at a high supply temperature, "
        "dearer and less efficient");
  } else if (*heat_pump < *insulation) {
    warnings.push_back("de warmtepomp (stap " + std::to_string(*heat_pump + 1) +
                       ") komt voor de isolatie (stap " + std::to_string(*insulation + 1) +
                       "): tot dan moet hij op hoge temperatuur stoken | the heat pump (step " +
                       std::to_string(*heat_pump + 1) + ") comes before the insulation (step " +
                       std::to_string(*insulation + 1) +
                       "): until then it must heat at a high supply temperature");
  }
  return warnings;
}

Money drawdown_of(const PlanStep& step) {
  Money drawn = cents(0);
  for (const quote::Measure& m : step.measures)
    drawn = drawn + m.cost;
  for (const quote::Subsidy& sub : step.subsidies)
    drawn = drawn - sub.amount;
  return drawn;
}

std::size_t step_at(const std::vector<PlanStep>& steps, std::size_t month) {
  std::size_t state = 0;
  for (std::size_t k = 0; k < steps.size(); ++k)
    if (static_cast<std::size_t>(steps[k].month) <= month) state = k;
  return state;
}

Result<StepComparison> compare_steps(const StepPlanInput& in) {
  StepComparison out;
  std::vector<finance::Step> steps;
  Money total = cents(0);
  for (std::size_t k = 0; k < in.steps.size(); ++k) {
    const PlanStep& s = in.steps[k];
    const std::string at = "/steps/" + std::to_string(k);
    if (s.measures.empty()) return invalid_argument("a step holds at least one measure", at + "/measures");
    const Money drawn = drawdown_of(s);
    if (drawn < cents(1))
      return invalid_argument("the subsidies leave nothing to finance in this step", at + "/subsidies");
    out.drawdowns.push_back(drawn);
    steps.push_back({s.month, drawn, s.label});
    total = total + drawn;
  }
  if (steps.empty()) return invalid_argument("a plan has at least one step", "/steps");
  RENOFEE_TRY(out.steps, finance::plan_steps(terms_of(in, steps)));
  RENOFEE_TRY(out.integral, finance::plan_steps(terms_of(in, {{steps.front().month, total, "integraal"}})));
  out.warnings = order_warnings(in.steps);
  return out;
}

Decimal co2_kg(const Decimal& gas_m3, const Decimal& net_electricity_kwh) {
  return gas_m3 * Decimal::from_units(1780, 3) + net_electricity_kwh * Decimal::from_units(34, 2);
}

std::vector<ChoiceYear> choice_years(const StepComparison& c, const std::vector<PlanStep>& steps,
                                     const std::vector<quote::YearlyUse>& after_steps) {
  std::vector<ChoiceYear> years;
  if (steps.empty() || after_steps.size() != steps.size()) return years;
  const auto net = [](const quote::YearlyUse& u) {
    return u.electricity_import.value() - u.electricity_export.value();
  };
  const quote::YearlyUse& whole = after_steps.back();
  const std::size_t months = c.steps.payments.size();
  const Decimal twelve(12);
  for (std::size_t first = 0; first < months; first += 12) {
    ChoiceYear y;
    y.year = static_cast<int>(first / 12) + 1;
    y.steps_financing = c.steps.payments[first];
    y.integral_financing = c.integral.payments[first];
    Decimal gas, electricity;
    for (std::size_t m = first; m < first + 12; ++m) {
      const std::size_t state = step_at(steps, m);
      if (m == first) y.steps_state = state;
      gas += after_steps[state].gas.value();
      electricity += net(after_steps[state]);
    }
    gas = Decimal::divide(gas, twelve, 6, Rounding::half_even).value();
    electricity = Decimal::divide(electricity, twelve, 6, Rounding::half_even).value();
    y.steps = {gas, electricity, co2_kg(gas, electricity)};
    y.integral = {whole.gas.value(), net(whole), co2_kg(whole.gas.value(), net(whole))};
    years.push_back(y);
  }
  return years;
}

}  // namespace renofee::campaign
