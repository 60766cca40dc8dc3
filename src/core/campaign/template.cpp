#include "renofee/core/campaign/template.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace renofee::campaign {
namespace {

constexpr std::array<std::pair<CostBasis, std::string_view>, 5> basis_names{
    {{CostBasis::home, "home"},
     {CostBasis::floor_m2, "floor_m2"},
     {CostBasis::facade_m2, "facade_m2"},
     {CostBasis::roof_m2, "roof_m2"},
     {CostBasis::kwp, "kwp"}}};

bool at_most(const Decimal& value, int scale) {
  return value.round(scale, Rounding::half_even) == value;
}

void bounded(std::vector<Error>& problems, const std::string& field, const Decimal& value, const Decimal& low,
             const Decimal& high, int scale) {
  if (value < low || value > high || !at_most(value, scale)) {
    problems.push_back(invalid_argument(value.to_string() + " is outside " + low.to_string() + ".." +
                                            high.to_string() + " or has more than " + std::to_string(scale) +
                                            " decimals",
                                        field));
  }
}

void use_rule_problems(std::vector<Error>& problems, const std::string& at, const UseRule& r) {
  const Decimal limit(1000), big(1000000);
  bounded(problems, at + "/per_electricity", r.per_electricity, -limit, limit, 6);
  bounded(problems, at + "/per_gas", r.per_gas, -limit, limit, 6);
  bounded(problems, at + "/per_floor_m2", r.per_floor_m2, -limit, limit, 6);
  bounded(problems, at + "/per_kwp", r.per_kwp, -limit * Decimal(10), limit * Decimal(10), 6);
  bounded(problems, at + "/constant", r.constant, -big, big, 3);
}

void measure_problems(std::vector<Error>& problems, const std::string& at, const MeasureRule& m) {
  bounded(problems, at + "/cost/amount", m.cost.amount, Decimal(0), Decimal(10000000), 2);
  if (m.lifetime_years < 1 || m.lifetime_years > 100)
    problems.push_back(invalid_argument("a lifetime is 1..100 years", at + "/lifetime_years"));
  if (!m.subsidy) return;
  const SubsidyRule& s = *m.subsidy;
  bounded(problems, at + "/subsidy/amount", s.amount, Decimal(0), Decimal(10000000), 2);
  if (s.name.empty()) problems.push_back(invalid_argument("a subsidy needs a name", at + "/subsidy/name"));
  if (s.source.empty())
    problems.push_back(invalid_argument("a subsidy needs its source (who sets the amount, which list)",
                                        at + "/subsidy/source"));
  if (s.year < 2000 || s.year > 2100)
    problems.push_back(invalid_argument("a subsidy's year is 2000..2100", at + "/subsidy/year"));
  if (s.cap) bounded(problems, at + "/subsidy/cap", s.cap->value(), Decimal(0), Decimal(10000000), 2);
}

// The quantity of `basis` for this home.
Decimal quantity_of(CostBasis basis, const Derived& d, int floor_area) {
  switch (basis) {
    case CostBasis::home:
      return Decimal(1);
    case CostBasis::floor_m2:
      return Decimal(floor_area);
    case CostBasis::facade_m2:
      return d.facade_m2;
    case CostBasis::roof_m2:
      return d.roof_m2;
    case CostBasis::kwp:
      return d.pv_kwp;
  }
  return Decimal(0);
}

std::string unit_text(CostBasis basis) {
  return basis == CostBasis::home ? "per home" : "EUR/" + std::string(to_string(basis));
}

// The areas (the home's own, else the template's ratio) with their trace.
void derive_areas(const Template& t, const Home& home, Derived& d) {
  const Decimal floor(home.floor_area_m2);
  const auto area = [&](const std::optional<Decimal>& own, const Decimal& ratio, const Decimal& base,
                        const std::string& base_name, int scale, const std::string& field) {
    if (own) {
      d.trace.push_back({field, own->to_string(), "the home's own figure"});
      return *own;
    }
    const Decimal value = (ratio * base).round(scale, Rounding::half_even);
    d.trace.push_back(
        {field, value.to_string(),
         ratio.to_string() + " x " + base.to_string() + " " + base_name + " (template areas), half_even"});
    return value;
  };
  d.facade_m2 =
      area(home.facade_m2, t.areas.facade_m2_per_floor_m2, floor, "floor_m2", 1, "/areas/facade_m2");
  d.roof_m2 = area(home.roof_m2, t.areas.roof_m2_per_floor_m2, floor, "floor_m2", 1, "/areas/roof_m2");
  d.pv_kwp = area(home.pv_kwp, t.areas.kwp_per_roof_m2, d.roof_m2, "roof_m2", 2, "/areas/pv_kwp");
}

void derive_measures(const Template& t, const Home& home, Derived& d) {
  for (std::size_t i = 0; i < t.measures.size(); ++i) {
    const MeasureRule& rule = t.measures[i];
    const Decimal q = quantity_of(rule.cost.per, d, home.floor_area_m2);
    const Money cost(Decimal::multiply(rule.cost.amount, q, 2, Rounding::half_up).value());
    d.measures.push_back({rule.kind, rule.description, cost, rule.lifetime_years});
    d.trace.push_back({"/measures/" + std::to_string(i) + "/cost", cost.value().to_string(),
                       rule.cost.amount.to_string() + " " + unit_text(rule.cost.per) + " x " + q.to_string() +
                           " " + std::string(to_string(rule.cost.per)) + ", half_up to cents"});
    if (!rule.subsidy) continue;
    const SubsidyRule& s = *rule.subsidy;
    const Decimal sq = quantity_of(s.per, d, home.floor_area_m2);
    Decimal amount = Decimal::multiply(s.amount, sq, 2, Rounding::half_up).value();
    std::string text = s.amount.to_string() + " " + unit_text(s.per) + " x " + sq.to_string() + " " +
                       std::string(to_string(s.per)) + ", half_up to cents";
    if (s.cap && amount > s.cap->value()) {
      amount = s.cap->value();
      text += ", capped at " + s.cap->value().to_string();
    }
    if (amount > cost.value()) {
      amount = cost.value();
      text += ", at most the measure's cost";
    }
    d.subsidies.push_back({s.name, Money(amount)});
    d.trace.push_back({"/subsidies/" + std::to_string(d.subsidies.size() - 1) + "/amount", amount.to_string(),
                       text + " (" + s.source + ", " + std::to_string(s.year) + ")"});
  }
}

Result<Decimal> use_of(const UseRule& r, const Home& home, const Derived& d, const std::string& field,
                       std::vector<Trace>& trace) {
  const Decimal exact = r.per_electricity * home.electricity_kwh + r.per_gas * home.gas_m3 +
                        r.per_floor_m2 * Decimal(home.floor_area_m2) + r.per_kwp * d.pv_kwp + r.constant;
  const Decimal value = exact.round(3, Rounding::half_even);
  const std::string text = r.per_electricity.to_string() + " x " + home.electricity_kwh.to_string() +
                           " kWh + " + r.per_gas.to_string() + " x " + home.gas_m3.to_string() + " m3 + " +
                           r.per_floor_m2.to_string() + " x " + std::to_string(home.floor_area_m2) +
                           " m2 + " + r.per_kwp.to_string() + " x " + d.pv_kwp.to_string() + " kWp + " +
                           r.constant.to_string() + ", half_even to 3 decimals";
  if (value.is_negative()) {
    return invalid_argument("row " + std::to_string(home.row) + ": the template's rule gives " +
                                value.to_string() + " (" + text + ")",
                            field);
  }
  trace.push_back({field, value.to_string(), text});
  return value;
}

Result<void> check_home(const Home& home) {
  const std::string row = "row " + std::to_string(home.row) + ": ";
  if (home.floor_area_m2 < 10 || home.floor_area_m2 > 2000)
    return invalid_argument(row + "a floor area is 10..2,000 m2", "/floor_area_m2");
  for (const auto& [value, field] :
       {std::pair{&home.facade_m2, "/facade_m2"}, std::pair{&home.roof_m2, "/roof_m2"},
        std::pair{&home.pv_kwp, "/pv_kwp"}}) {
    if (*value && (**value < Decimal(0) || **value > Decimal(10000)))
      return invalid_argument(row + "an area or kWp is 0..10,000", field);
  }
  for (const auto& [value, field] :
       {std::pair{&home.electricity_kwh, "/electricity_kwh"}, std::pair{&home.gas_m3, "/gas_m3"}}) {
    if (*value < Decimal(0) || *value > Decimal(1000000))
      return invalid_argument(row + "a yearly use is 0..1,000,000", field);
  }
  return {};
}

}  // namespace

std::string_view to_string(CostBasis basis) noexcept {
  for (const auto& [b, name] : basis_names) {
    if (b == basis) return name;
  }
  return "home";
}

Result<CostBasis> parse_cost_basis(std::string_view text) {
  for (const auto& [b, name] : basis_names) {
    if (name == text) return b;
  }
  return invalid_argument("unknown basis '" + std::string(text) +
                          "' (home, floor_m2, facade_m2, roof_m2, kwp)");
}

std::string_view to_string(UseSource source) noexcept {
  return source == UseSource::meter ? "meter" : "declared";
}

namespace {

void step_problems(std::vector<Error>& problems, const Template& t) {
  if (t.steps.empty()) return;
  if (t.steps.size() < 2 || t.steps.size() > 6)
    problems.push_back(invalid_argument("a plan in steps has 2..6 steps", "/steps"));
  std::vector<int> step_of(t.measures.size(), -1);
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const TemplateStep& step = t.steps[k];
    const std::string at = "/steps/" + std::to_string(k);
    if ((k == 0 && step.after_months != 0) || (k > 0 && step.after_months <= t.steps[k - 1].after_months) ||
        step.after_months > 360)
      problems.push_back(
          invalid_argument("the first step is at month 0, the others later than the one before, at most 360",
                           at + "/after_months"));
    if (step.kinds.empty())
      problems.push_back(invalid_argument("a step holds at least one measure", at + "/measures"));
    for (std::size_t j = 0; j < step.kinds.size(); ++j) {
      bool found = false;
      for (std::size_t i = 0; i < t.measures.size(); ++i) {
        if (t.measures[i].kind != step.kinds[j]) continue;
        found = true;
        if (step_of[i] >= 0 && step_of[i] != static_cast<int>(k))
          problems.push_back(
              invalid_argument("this measure is in step " + std::to_string(step_of[i]) + " already",
                               at + "/measures/" + std::to_string(j)));
        step_of[i] = static_cast<int>(k);
      }
      if (!found)
        problems.push_back(invalid_argument("the template has no measure of this kind",
                                            at + "/measures/" + std::to_string(j)));
    }
    const bool last = k + 1 == t.steps.size();
    if (last && step.after)
      problems.push_back(invalid_argument("the last step's use is the template's expected_use_after",
                                          at + "/expected_use_after"));
    if (!last && !step.after)
      problems.push_back(
          invalid_argument("every step but the last states the use after it", at + "/expected_use_after"));
    if (step.after) {
      use_rule_problems(problems, at + "/expected_use_after/electricity_import_kwh",
                        step.after->electricity_import);
      use_rule_problems(problems, at + "/expected_use_after/electricity_export_kwh",
                        step.after->electricity_export);
      use_rule_problems(problems, at + "/expected_use_after/gas_m3", step.after->gas);
    }
  }
  for (std::size_t i = 0; i < t.measures.size(); ++i)
    if (step_of[i] < 0)
      problems.push_back(
          invalid_argument("this measure is in no step", "/measures/" + std::to_string(i) + "/kind"));
}

}  // namespace

std::vector<Error> template_problems(const Template& t) {
  std::vector<Error> problems;
  if (t.id.empty() || t.id.size() > 80 || !std::all_of(t.id.begin(), t.id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      }))
    problems.push_back(invalid_argument("a template id is 1..80 characters of a-z, 0-9 and -", "/template"));
  if (t.version < 1) problems.push_back(invalid_argument("a version is 1 or more", "/version"));
  if (t.measures.empty() || t.measures.size() > 30)
    problems.push_back(invalid_argument("a template holds 1..30 measures", "/measures"));
  for (std::size_t i = 0; i < t.measures.size(); ++i)
    measure_problems(problems, "/measures/" + std::to_string(i), t.measures[i]);
  bounded(problems, "/areas/facade_m2_per_floor_m2", t.areas.facade_m2_per_floor_m2, Decimal(0), Decimal(10),
          4);
  bounded(problems, "/areas/roof_m2_per_floor_m2", t.areas.roof_m2_per_floor_m2, Decimal(0), Decimal(10), 4);
  bounded(problems, "/areas/kwp_per_roof_m2", t.areas.kwp_per_roof_m2, Decimal(0), Decimal(10), 4);
  use_rule_problems(problems, "/expected_use_after/electricity_import_kwh", t.after.electricity_import);
  use_rule_problems(problems, "/expected_use_after/electricity_export_kwh", t.after.electricity_export);
  use_rule_problems(problems, "/expected_use_after/gas_m3", t.after.gas);
  if (t.after.pv_generation)
    use_rule_problems(problems, "/expected_use_after/pv_generation_kwh", *t.after.pv_generation);
  if (t.heat_demand_after)
    bounded(problems, "/heat_demand_after_kwh_m2_year", *t.heat_demand_after, Decimal(0), Decimal(1000), 2);
  step_problems(problems, t);
  return problems;
}

std::string address_key(const Home& home) {
  std::string key;
  for (char c : home.postcode) {
    if (c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  key += '-';
  for (char c : home.number)
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

namespace {

// A step that costs this home nothing after its subsidies (no PV on a flat roof: 0 kWp) is no loan: it is
// dropped, the use after the last remaining step being the whole package's; fewer than two steps left is no
// plan in steps at all.
void drop_empty_steps(Derived& d) {
  for (std::size_t k = d.steps.size(); k-- > 0;) {
    if (drawdown_of(d.steps[k]) >= cents(1)) continue;
    d.steps.erase(d.steps.begin() + static_cast<std::ptrdiff_t>(k));
    d.after_steps.erase(d.after_steps.begin() + static_cast<std::ptrdiff_t>(k));
  }
  if (!d.after_steps.empty()) d.after_steps.back() = d.after;
  if (d.steps.size() < 2) {
    d.steps.clear();
    d.after_steps.clear();
  }
}

// The template's steps for the home (Derived::steps): measures and their subsidies by step, the use after
// each step (traced under /steps/K/expected_use/after/...).
Result<void> derive_steps(const Template& t, const Home& home, Derived& d) {
  std::vector<std::optional<std::size_t>> subsidy_of(t.measures.size());
  for (std::size_t i = 0, s = 0; i < t.measures.size(); ++i)
    if (t.measures[i].subsidy) subsidy_of[i] = s++;
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const TemplateStep& step = t.steps[k];
    PlanStep plan{step.after_months, step.label, {}, {}};
    for (std::size_t i = 0; i < t.measures.size(); ++i) {
      if (std::find(step.kinds.begin(), step.kinds.end(), t.measures[i].kind) == step.kinds.end()) continue;
      plan.measures.push_back(d.measures[i]);
      if (subsidy_of[i]) plan.subsidies.push_back(d.subsidies[*subsidy_of[i]]);
    }
    d.steps.push_back(std::move(plan));
    if (!step.after) {
      d.after_steps.push_back(d.after);
      continue;
    }
    const std::string at = "/steps/" + std::to_string(k) + "/expected_use/after/";
    RENOFEE_TRY(const Decimal import,
                use_of(step.after->electricity_import, home, d, at + "electricity_import_kwh", d.trace));
    RENOFEE_TRY(const Decimal exported,
                use_of(step.after->electricity_export, home, d, at + "electricity_export_kwh", d.trace));
    RENOFEE_TRY(const Decimal gas, use_of(step.after->gas, home, d, at + "gas_m3", d.trace));
    d.after_steps.push_back({Kwh(import), Kwh(exported), CubicMetres(gas), std::nullopt});
  }
  drop_empty_steps(d);
  return success();
}

}  // namespace

Result<Derived> derive(const Template& t, const Home& home) {
  if (home.house_type != t.id) {
    return failed_precondition(
        "row " + std::to_string(home.row) + ": house type '" + home.house_type + "' is not template " + t.id,
        "/house_type");
  }
  RENOFEE_CHECK(check_home(home));
  Derived d;
  d.use_source = home.use_source;
  derive_areas(t, home, d);
  derive_measures(t, home, d);
  d.before = {Kwh(home.electricity_kwh), Kwh(Decimal(0)), CubicMetres(home.gas_m3), std::nullopt};
  d.trace.push_back(
      {"/expected_use/before", home.electricity_kwh.to_string() + " kWh, " + home.gas_m3.to_string() + " m3",
       std::string("the home's current use, ") +
           (home.use_source == UseSource::meter ? "from its meter history in renofee" : "as declared")});
  const std::string at = "/expected_use/after/";
  RENOFEE_TRY(const Decimal import,
              use_of(t.after.electricity_import, home, d, at + "electricity_import_kwh", d.trace));
  RENOFEE_TRY(const Decimal exported,
              use_of(t.after.electricity_export, home, d, at + "electricity_export_kwh", d.trace));
  RENOFEE_TRY(const Decimal gas, use_of(t.after.gas, home, d, at + "gas_m3", d.trace));
  d.after = {Kwh(import), Kwh(exported), CubicMetres(gas), std::nullopt};
  if (t.after.pv_generation) {
    RENOFEE_TRY(const Decimal pv, use_of(*t.after.pv_generation, home, d, at + "pv_generation_kwh", d.trace));
    d.after.pv_generation = Kwh(pv);
  }
  RENOFEE_CHECK(derive_steps(t, home, d));
  return d;
}

}  // namespace renofee::campaign
