// renofee/core/campaign/template.hpp
//
// Purpose: a house-type template (docs/campaigns.md) and what it gives one home. Energy desks work out a
// renovation for a few homes of a type ("tussenwoning 1965-1974") and spread it to every home of that type;
// a template holds the package as rules, a home its own data, and `derive` turns the two into the figures of
// that home's offer, each with the rule that produced it (the trace). Pure: the file formats are
// adapters/io/template_json.hpp.
//
// Rules (every one exact, rounded once where stated):
//   areas      facade m2 and roof m2: the home's own when it states them, else floor area × the template's
//              ratio, half_even to 1 decimal; PV kWp: the home's own, else roof m2 × kWp per roof m2,
//              half_even to 2 decimals.
//   cost       amount × quantity of its basis (home = 1, floor_m2, facade_m2, roof_m2, kwp), half_up to cents.
//   subsidy    amount × quantity of its basis, half_up to cents, at most its cap and at most the measure's
//              cost; named with its source and year (e.g. ISDE, RVO).
//   use after  each of electricity import, electricity export, gas and PV generation =
//              a × current electricity + b × current gas + c × floor m2 + d × PV kWp + e, half_even to 3
//              decimals (kWh, m3); a rule that gives a negative amount for a home is an error naming the
//              home and the field, never clamped.
// Current use comes from the home: from renofee's own meter history, or declared (the offer says which).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/campaign/plan.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/quote/offer.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::campaign {

enum class CostBasis { home, floor_m2, facade_m2, roof_m2, kwp };
std::string_view to_string(CostBasis basis) noexcept;  // "home", "floor_m2", "facade_m2", "roof_m2", "kwp"
Result<CostBasis> parse_cost_basis(std::string_view text);

// EUR per unit of `per`, at most 2 decimals, >= 0.
struct CostRule {
  CostBasis per = CostBasis::home;
  Decimal amount{};
  friend bool operator==(const CostRule&, const CostRule&) = default;
};

struct SubsidyRule {
  std::string name;  // "ISDE isolatie gevel"
  CostBasis per = CostBasis::home;
  Decimal amount{};  // EUR per unit, >= 0, at most 2 decimals
  std::optional<Money> cap{};
  std::string source;  // where the amount comes from ("RVO, ISDE maatregelenlijst 2026")
  int year = 0;        // the year the amount holds for
  friend bool operator==(const SubsidyRule&, const SubsidyRule&) = default;
};

struct MeasureRule {
  quote::MeasureKind kind = quote::MeasureKind::other;
  std::string description;
  CostRule cost{};
  int lifetime_years = 0;  // 1..100
  std::optional<SubsidyRule> subsidy{};
  friend bool operator==(const MeasureRule&, const MeasureRule&) = default;
};

// Ratios for homes that do not state their areas (0..10, at most 4 decimals).
struct Areas {
  Decimal facade_m2_per_floor_m2{};
  Decimal roof_m2_per_floor_m2{};
  Decimal kwp_per_roof_m2{};
  friend bool operator==(const Areas&, const Areas&) = default;
};

// value = per_electricity × E + per_gas × G + per_floor_m2 × A + per_kwp × P + constant.
struct UseRule {
  Decimal per_electricity{};
  Decimal per_gas{};
  Decimal per_floor_m2{};
  Decimal per_kwp{};
  Decimal constant{};
  friend bool operator==(const UseRule&, const UseRule&) = default;
};

struct UseRules {
  UseRule electricity_import{};
  UseRule electricity_export{};
  UseRule gas{};
  std::optional<UseRule> pv_generation{};  // absent: the offer states no expected PV generation
  friend bool operator==(const UseRules&, const UseRules&) = default;
};

// A step of the template's renovation in steps (docs/campaigns.md, "Steps in a template"): the measures of
// these kinds, done `after_months` months after the first step (0 for the first, ascending, at most 360),
// and the home's use once this step is done, as rules like `after` (required on every step but the last,
// whose use is the template's own `after`: the whole package).
struct TemplateStep {
  int after_months = 0;
  std::string label;  // "isolatie en ventilatie"
  std::vector<quote::MeasureKind> kinds{};
  std::optional<UseRules> after{};
  friend bool operator==(const TemplateStep&, const TemplateStep&) = default;
};

struct Template {
  std::string id;  // "tussenwoning-1965-1974"
  int version = 1;
  std::string name;  // "Tussenwoning 1965-1974"
  tariffs::DwellingType dwelling_type = tariffs::DwellingType::single_family;
  std::optional<Decimal> heat_demand_after{};  // kWh/m2 a year after the renovation
  std::vector<MeasureRule> measures{};
  Areas areas{};
  UseRules after{};
  std::vector<TemplateStep> steps{};  // empty: the template offers the integral renovation only
  friend bool operator==(const Template&, const Template&) = default;
};

// Every problem of a template with its JSON pointer: an id of [a-z0-9-] (1..80), version >= 1, 1..30
// measures, amounts >= 0 with at most 2 decimals (a negative cost is refused here, before any home), lifetimes
// 1..100, a subsidy with a name, a source and a year 2000..2100, ratios 0..10, use coefficients -1,000..1,000
// with at most 6 decimals; steps (when given): 2..6, the first at month 0, months ascending up to 360, every
// measure's kind in exactly one step, a step's kinds among the template's measures, the use rules on every
// step but the last and not on the last.
std::vector<Error> template_problems(const Template& t);

enum class UseSource { meter, declared };
std::string_view to_string(UseSource source) noexcept;  // "meter", "declared"

// A household's yearly net (disposable) income as the energy desk recorded it, a band of whole euros
// [lower, upper), 0 <= lower < upper <= 1,000,000 ("20000-25000"). Used only for the energy-poverty indicator
// (summary.hpp): never in an offer, shown only to the resident and in aggregates.
struct IncomeBand {
  int lower_eur = 0;
  int upper_eur = 0;
  // (lower + upper) / 2, exact.
  [[nodiscard]] Decimal midpoint() const {
    return Decimal::from_units(
        static_cast<std::int64_t>(lower_eur) * 5 + static_cast<std::int64_t>(upper_eur) * 5, 1);
  }
  [[nodiscard]] std::string to_string() const {
    return std::to_string(lower_eur) + "-" + std::to_string(upper_eur);
  }
  friend bool operator==(const IncomeBand&, const IncomeBand&) = default;
};

struct Home {
  int row = 0;           // its line in the file, for errors
  std::string postcode;  // "3521 AB" or "3521AB"
  std::string number;    // "12", "12-A"
  std::optional<std::string> bag_id{};
  std::string house_type;
  int floor_area_m2 = 0;
  int build_year = 0;
  quote::Tenure tenure = quote::Tenure::owner;
  std::optional<Decimal> facade_m2{};
  std::optional<Decimal> roof_m2{};
  std::optional<Decimal> pv_kwp{};
  Decimal electricity_kwh{};  // current use a year
  Decimal gas_m3{};
  UseSource use_source = UseSource::declared;
  std::optional<IncomeBand> income_band{};
};

// "3521ab-12": the postcode without spaces in lower case, a hyphen, the number in lower case. Offer and contract
// ids of a campaign's homes are "<campaign>-<address key>".
std::string address_key(const Home& home);

// One figure of a derived offer and how it came about: {"/measures/0/cost", "10875.00", "145.00 EUR/facade_m2
// x 75.0 facade_m2 (0.65 x 115 floor_m2, template areas)"}.
struct Trace {
  std::string field;
  std::string value;
  std::string rule;
  friend bool operator==(const Trace&, const Trace&) = default;
};

struct Derived {
  Decimal facade_m2{};
  Decimal roof_m2{};
  Decimal pv_kwp{};
  std::vector<quote::Measure> measures{};
  std::vector<quote::Subsidy> subsidies{};
  quote::YearlyUse before{};
  quote::YearlyUse after{};
  UseSource use_source = UseSource::declared;
  std::vector<Trace> trace{};
  // The template's steps for this home (empty without steps): each step's measures and subsidies (those of its
  // measures), and the use once that step is done (the last: `after`). A step that costs this home nothing
  // after subsidies is left out; fewer than two left: no steps.
  std::vector<PlanStep> steps{};
  std::vector<quote::YearlyUse> after_steps{};
};

// The home's figures under the template (rules above). invalid_argument naming "row N" and the field when a
// use rule gives a negative amount or the home's figures are out of range (floor area 10..2,000 m2, areas and
// kWp 0..10,000, current use 0..1,000,000); failed_precondition when the home's house type is not the template's.
Result<Derived> derive(const Template& t, const Home& home);

}  // namespace renofee::campaign
