// renofee/core/guarantee/evaluate.hpp
//
// Purpose: one guarantee, one guarantee year (docs/domain.md §8). The app gathers the metered use, the
// weather and the tariff figures of the year (`YearInputs`, see `required_inputs`) and `evaluate` returns
// every intermediate figure with its unit, the status and the money. Pure: no I/O, no clock.
//
// Rules (docs/domain.md §8 and its sources [n]; worked examples in docs/guarantees.md):
//   epv_generation  H = O − W − G (O = pv_generation, W = heat_pump, G = g_fixed); shortfall = H_min − H;
//                   price = the CBS average end-user price of the settled year's tariff, no escalation
//                   [13][18].
//   net_zero        Nul op de Meter: N = import − export; T = N + O (total use, O = pv_generation); building
//                   use W = heat_pump, household H = T − W (or, terms without a submeter, H = min(T, bundle),
//                   W = T − H); W' = W × normal_wdd / actual_wdd rounded to 3 decimals half_even; bundle =
//                   min(bundle_per_m2 × floor area, cap); required = W' + min(H, bundle); shortfall =
//                   required − O (= N − W + W' − max(0, H − bundle)): household use above the bundle is the
//                   resident's own [23][33][70].
//   savings         B = per_day × days(period) + per_wdd × actual_wdd (exact); avoided = B − actual use
//                   (gas m3, or electricity import kWh); shortfall = guaranteed − avoided [61].
//                   With a CalTRACK baseline (caltrack_baseline.hpp): avoided = Σ predicted − Σ use over the
//                   days with use and weather; guaranteed' = guaranteed × counted days / period days, half_even
//                   to 3 decimals (days without weather are listed, never silently dropped: the guarantee is
//                   scaled to what can be compared); shortfall = guaranteed' − avoided; the OLS and FSU bands
//                   are figures, and a deadband with `band` uses one of them as its quantity.
//   pv_yield        expected = guaranteed × actual / normal irradiance, rounded to 3 decimals half_even;
//                   shortfall = expected − pv_generation.
// A negative shortfall is a surplus. Money: price = price_in_year (terms.hpp); the deadband is applied to the
// quantity first (threshold: the whole shortfall when it exceeds x% × guaranteed, strictly; franchise: the
// part beyond x% × guaranteed), then valued: after_deadband = payable quantity × price rounded half_up to
// cents once; payable = min(after_deadband, yearly cap). shortfall_value and surplus_value are max(0,
// ±shortfall) × price, half_up cents; savings: excess_share = surplus_value × excess_share_percent / 100,
// half_up cents. Guarantee year n > term_years: status term_ended, zero money, no figures, no inputs needed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/guarantee/caltrack_baseline.hpp"
#include "renofee/core/guarantee/terms.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/tariffs/tariff.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::guarantee {

// Metered use of the year as a typed quantity (`Unit`: unit::Kwh for electricity, unit::CubicMetres for gas);
// estimated when a boundary was interpolated.
template <typename Unit>
struct Measured {
  Quantity<Unit> quantity{};
  bool estimated = false;
  friend bool operator==(const Measured&, const Measured&) = default;
};
using MeasuredKwh = Measured<unit::Kwh>;
using MeasuredGas = Measured<unit::CubicMetres>;

// What the app gathered for ONE guarantee and ONE guarantee year.
struct YearInputs {
  int year_index = 1;         // 1-based guarantee year (contract year n, or the n-th settled calendar year)
  calendar::Period period{};  // [begin, end) local dates
  tariffs::DwellingType dwelling_type = tariffs::DwellingType::single_family;
  int floor_area_m2 = 0;
  std::optional<MeasuredKwh> electricity_import{};   // import_t1 + import_t2
  std::optional<MeasuredKwh> electricity_export{};   // export_t1 + export_t2
  std::optional<MeasuredGas> gas{};                  // the gas channel
  std::optional<MeasuredKwh> heat_pump{};            // submeter
  std::optional<MeasuredKwh> pv_generation{};        // submeter
  std::optional<DegreeDays> weighted_degree_days{};  // actual, of the guarantee's station over the period
  std::optional<Irradiance> irradiance{};            // actual, J/cm2
  std::optional<EurPerKwh> cbs_average_price{};      // of the tariff of the settled calendar year (EPV)
  std::optional<std::vector<ReportingDay>> reporting_days{};  // every day of the period (CalTRACK savings)
};

enum class Input {
  electricity_import,
  electricity_export,
  gas,
  heat_pump,
  pv_generation,
  weighted_degree_days,
  irradiance,
  cbs_average_price,
  reporting_days,
};
// "electricity_import", ...: the YearInputs member name, also used in the error field "/inputs/<name>".
std::string_view to_string(Input input) noexcept;

// Sets metered input `input` (electricity_import, electricity_export, gas, heat_pump, pv_generation) of
// `inputs` to `value`, typed in the input's unit: CubicMetres for gas, Kwh for the others. The app sums a
// metered input's channels as plain decimals in the channel's unit (metering::unit_of); this is where the sum
// becomes a typed quantity. false, and nothing set, for an input that is not metered.
bool set_metered(YearInputs& inputs, Input input, const Decimal& value, bool estimated);

// What the app must gather before calling evaluate, in the order of the enum:
//   epv_generation: pv_generation, heat_pump, cbs_average_price
//   net_zero:       electricity_import, electricity_export, heat_pump (not with total_minus_bundle),
//                   pv_generation, weighted_degree_days
//   savings:        gas or electricity_import (by carrier), weighted_degree_days; with a CalTRACK baseline
//                   gas or electricity_import, reporting_days
//   pv_yield:       pv_generation, irradiance
std::vector<Input> required_inputs(const Guarantee& guarantee);

// One intermediate figure: {"H", 1500, "kWh"}; estimated when built on an estimated metered value.
struct Figure {
  std::string name{};
  Decimal value{};
  std::string unit{};
  bool estimated = false;
  std::string formula{};  // how it was computed ("O - W - G", "W x normal / actual, half_even to 3
                          // decimals"); empty for an input taken as given
  friend bool operator==(const Figure&, const Figure&) = default;
};

// The reporting days a CalTRACK savings year could not compare, by reason (ascending dates).
struct DaysLeftOut {
  std::vector<calendar::Date> without_weather{};
  std::vector<calendar::Date> without_use{};
  friend bool operator==(const DaysLeftOut&, const DaysLeftOut&) = default;
};

enum class Status { met, within_deadband, shortfall, term_ended };
std::string_view to_string(Status status) noexcept;  // "met", "within_deadband", "shortfall", "term_ended"

struct GuaranteeResult {
  int index = 0;  // position in the contract's guarantees array
  Kind kind = Kind::epv_generation;
  bool netted = false;  // copied from the guarantee, for settle()
  Status status = Status::met;
  std::vector<Figure> figures{};  // every intermediate figure in computation order, with its unit
  std::string unit{};             // the unit of guaranteed and shortfall: "kWh" or "m3"
  Decimal
      guaranteed{};  // H_min, NOM required use (W' + H in bundle), guaranteed savings, normalised expected generation
  Decimal shortfall{};      // in `unit`; 0 when exactly met; negative = surplus
  Decimal price{};          // EUR per unit applied this year (after escalation), 5 decimals
  Money shortfall_value{};  // max(0, shortfall) × price, half_up cents
  Money surplus_value{};    // max(0, −shortfall) × price, half_up cents (used by netting)
  Money after_deadband{};   // payable quantity after the deadband × price, half_up cents
  Money payable{};          // after_deadband limited by the yearly cap
  Money excess_share{};     // savings only: provider's share of surplus_value, half_up cents; else 0
  bool estimated = false;   // some figure rests on an estimated metered value
  std::string rule{};       // the rule applied, in plain English with the figures
  std::optional<DaysLeftOut> days_left_out{};  // CalTRACK savings: the reporting days not compared
  friend bool operator==(const GuaranteeResult&, const GuaranteeResult&) = default;
};

// Evaluates guarantee `index` of a contract for one year. failed_precondition when a required input is absent
// (field "/inputs/<name>"), when a savings guarantee has no baseline of either model (field
// "/guarantees/<index>/baseline"), when a divisor is zero (actual degree days for net_zero, normal irradiance), or
// when a CalTRACK year has no day with both use and weather (field "/inputs/reporting_days"); invalid_argument
// when year_index < 1 or the kind does not match the terms. term_ended needs no inputs.
Result<GuaranteeResult> evaluate(const Guarantee& guarantee, int index, const YearInputs& inputs);

}  // namespace renofee::guarantee
