// renofee/core/guarantee/terms.hpp
//
// Purpose: the terms of the performance guarantees a contract carries (docs/domain.md §8), as typed
// values, and their semantic checks. The wire format (the offer's "guarantees" array) is read by
// adapters/io/guarantee_json.hpp; the arithmetic of one guarantee year lives in evaluate.hpp.
//
// Kinds (docs/domain.md §8, with its sources [n]):
//   epv_generation  EPV 2.0 annual test H = O − W − G ≥ H_min (Stb. 2023, 287; [16][18]); compensation at the
//                   CBS average end-user electricity price of the year [13].
//   net_zero        Nul op de Meter: over the year the home's own generation covers its building-related use
//                   (weather-normalised) plus the household's use up to the energy bundle [23][33][35].
//   savings         ESCo guaranteed savings, IPMVP option C: baseline adjusted to the reporting weather
//                   − actual use ≥ guaranteed savings [53][61].
//   pv_yield        PV generation ≥ guaranteed × actual / normal irradiance.
// Category (SWK EnergiePrestatieGarantie [37]): building-related (net_zero, savings; deadband 10% there)
// versus generation (pv_yield, epv_generation; 15%).
//
// Prices: a compensation price is EUR per unit of the kind (kWh, or m3 for gas savings) in guarantee year 1,
// escalated yearly: year n uses per_unit × (1 + annual_escalation)^(n − 1), computed exactly and rounded ONCE
// to 5 decimals half_up (tariff rates carry 5 decimals, docs/domain.md §2). epv_generation has no price of
// its own: it uses the CBS price of the settled year's tariff.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/tariffs/tariff.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::guarantee {

enum class Kind { epv_generation, net_zero, savings, pv_yield };
enum class Category { building, generation };
enum class DeadbandMode { none, threshold, franchise };
// The uncertainty band of avoided use a savings guarantee with a CalTRACK baseline may use as its deadband:
// the OLS band or the FSU band (caltrack_baseline.hpp).
enum class UncertaintyBand { ols, fsu };

// threshold x%: once the shortfall exceeds x% of the guaranteed amount the whole shortfall is paid, else
// nothing; franchise x%: only the part of the shortfall beyond x% of the guaranteed amount is paid. percent
// in 0..100. With `band` (savings with a CalTRACK baseline only) the deadband quantity is that uncertainty
// band of the year's avoided use instead of a percentage, and percent must be 0: a shortfall inside the band
// is not distinguishable from measurement noise at the band's confidence.
struct Deadband {
  DeadbandMode mode = DeadbandMode::none;
  Decimal percent{};
  std::optional<UncertaintyBand> band{};
  friend bool operator==(const Deadband&, const Deadband&) = default;
};

// EUR per kWh (or m3) in guarantee year 1 and the yearly escalation (0.02 = 2%); see price_in_year.
struct Price {
  Decimal per_unit{};
  Decimal annual_escalation{};
  friend bool operator==(const Price&, const Price&) = default;
};

// EPV 2.0: h_min absent = the table value for the dwelling type (2,100 kWh single-family, 530 multi-family);
// g_fixed = G, the fixed use of ventilation, monitoring and bathroom heating (700 kWh unless measured).
struct EpvTerms {
  std::optional<Kwh> h_min{};
  Kwh g_fixed = Kwh(Decimal(700));
  friend bool operator==(const EpvTerms&, const EpvTerms&) = default;
};

// Nul op de Meter (docs/domain.md §8.3): the home's PV generation O over the year must cover its
// building-related use B (heating, hot water, ventilation: the heat pump), normalised to
// `normal_weighted_degree_days` (e.g. 2,537 for central NL [70]), plus the household's use up to the energy
// bundle = min(bundle_per_m2 × floor area, bundle_cap) (Stadlander: 25 kWh/m2, capped at 2,500 kWh [23]).
// Household use above the bundle is the resident's own. How B is known:
//   heat_pump_submeter   B = the heat-pump submeter (the default);
//   total_minus_bundle   no submeter: the household is taken to have used the whole bundle (or all use, when
//                        less), B = total use − that, and all of B is weather-normalised (stated in the rule
//                        text: it over-corrects hot water and ventilation, which do not follow the weather).
enum class BuildingUse { heat_pump_submeter, total_minus_bundle };
std::string_view to_string(BuildingUse method) noexcept;  // "heat_pump_submeter", "total_minus_bundle"
Result<BuildingUse> parse_building_use(std::string_view text);

struct NetZeroTerms {
  KwhPerSquareMetre bundle_per_m2{};
  std::optional<Kwh> bundle_cap{};
  DegreeDays normal_weighted_degree_days{};
  Price price{};
  BuildingUse building_use = BuildingUse::heat_pump_submeter;
  friend bool operator==(const NetZeroTerms&, const NetZeroTerms&) = default;
};

// gas: the `gas` channel in m3; electricity: import_t1 + import_t2 in kWh.
enum class SavingsCarrier { gas, electricity };

// Statistics of the fit the baseline was frozen from (display only; baseline.hpp computes them).
struct BaselineStats {
  double r_squared = 0;  // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  double cv_rmse = 0;    // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  double nmbe = 0;       // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  int months = 0;
  bool meets_ashrae14 = false;
  friend bool operator==(const BaselineStats&, const BaselineStats&) = default;
};

// Frozen IPMVP baseline: use = per_day × days + per_weighted_degree_day × weighted degree days, in the
// carrier's unit (m3 or kWh).
struct Baseline {
  Decimal per_day{};
  Decimal per_weighted_degree_day{};
  std::optional<BaselineStats> fit{};
  friend bool operator==(const Baseline&, const Baseline&) = default;
};

// A frozen CalTRACK 2.0 baseline (docs/savings.md, "Into the contract"), fitted in native mode (°C, KNMI
// daily mean temperature TG of the guarantee's station with its fill station) by core/savings/caltrack.hpp
// and frozen by caltrack_baseline.hpp: use per day = intercept + beta_hdd × max(0, hbp − T) + beta_cdd ×
// max(0, T − cbp), T the day's mean temperature in °C, in the carrier's unit per day. Everything is a Decimal
// so that a settlement computed from it years later is exact and platform-independent: the coefficients and
// statistics are the fit's doubles frozen once (caltrack_baseline.hpp states how).
enum class CaltrackForm { daily, billing };
enum class CaltrackModel { intercept_only, hdd_only, cdd_only, cdd_hdd };

// The fit's statistics the uncertainty bands need (eemeter derivatives.py metered_savings, CalTRACK 3.5).
struct CaltrackStats {
  int observations = 0;          // n: baseline rows used (days, or billing periods)
  int parameters = 0;            // slopes of the model (0..2; CalTRACK counts slopes only, quirk Q4)
  Decimal observed_mean{};       // mean use per row (unit/day for daily rows, unit per billing period)
  Decimal observed_variance{};   // population variance of use per row (unit²)
  Decimal rmse_adj{};            // sqrt(Σ e² / (n − parameters)), unit per row
  Decimal autocorrelation{};     // lag-1 autocorrelation of the residuals, −1 < ρ < 1
  Decimal r_squared_adj{};       // adjusted R² of the winning candidate (display)
  Decimal t_value{};             // Student t quantile at the confidence level, n − parameters dof
  int candidates_qualified = 0;  // display
  friend bool operator==(const CaltrackStats&, const CaltrackStats&) = default;
};

// What the fit was run with, recorded so that anyone can rerun it.
struct CaltrackSettings {
  Decimal confidence_level{};  // two-sided, of the bands (0.90)
  Decimal grid_min_c{};        // balance-point grid, °C
  Decimal grid_max_c{};
  Decimal grid_step_c{};
  bool fit_cdd = false;
  Decimal maximum_p_value{};  // of a slope
  calendar::Date baseline_begin{};
  calendar::Date baseline_end{};  // exclusive
  friend bool operator==(const CaltrackSettings&, const CaltrackSettings&) = default;
};

struct CaltrackBaseline {
  CaltrackForm form = CaltrackForm::daily;
  CaltrackModel model = CaltrackModel::intercept_only;
  std::optional<Decimal> heating_balance_point_c{};  // with hdd_only and cdd_hdd
  std::optional<Decimal> cooling_balance_point_c{};  // with cdd_only and cdd_hdd
  Decimal intercept{};                               // unit/day
  Decimal beta_hdd{};                                // unit per K·day (0 without a heating term)
  Decimal beta_cdd{};                                // unit per K·day (0 without a cooling term)
  CaltrackStats stats{};
  CaltrackSettings settings{};
  friend bool operator==(const CaltrackBaseline&, const CaltrackBaseline&) = default;
};

// excess_share_percent: the provider's share (0..100) of the value of savings beyond the guarantee, charged
// to the resident (guaranteed-savings model with shared excess [56]).
struct SavingsTerms {
  SavingsCarrier carrier = SavingsCarrier::gas;
  Decimal guaranteed_savings{};        // m3 or kWh a year
  std::optional<Baseline> baseline{};  // monthly OLS (IPMVP option C)
  Price price{};
  Decimal excess_share_percent{};
  std::optional<CaltrackBaseline> caltrack{};  // or CalTRACK daily/billing; never both
  friend bool operator==(const SavingsTerms&, const SavingsTerms&) = default;
};

// PV yield: `guaranteed` kWh in a year with `normal_irradiance` J/cm2 (KNMI Q summed over the year).
// `normalised` (the default) scales the guaranteed yield by the year's actual / normal irradiance, so a dark
// year is the weather's, not the provider's; `normalised: false` (offer JSON `"normalised": false`) promises
// the guaranteed kWh whatever the weather, as a fixed-yield installer guarantee does: the provider carries the
// weather (docs/guarantees.md "Exposure").
struct PvYieldTerms {
  Kwh guaranteed{};
  Irradiance normal_irradiance{};
  Price price{};
  bool normalised = true;
  friend bool operator==(const PvYieldTerms&, const PvYieldTerms&) = default;
};

using Terms = std::variant<EpvTerms, NetZeroTerms, SavingsTerms, PvYieldTerms>;

struct Guarantee {
  Kind kind = Kind::epv_generation;  // must match the alternative held by `terms`
  int term_years = 0;                // 1..60; guarantee year n > term_years owes nothing ("term_ended")
  Deadband deadband{};
  std::optional<Money> yearly_cap{};  // EUR, >= 0, cents
  bool netted = false;                // takes part in netting (settlement.hpp)
  std::optional<int> station{};       // KNMI station for weather (net_zero, savings, pv_yield)
  std::optional<int> fill_station{};  // second station filling missing days
  Terms terms{};
  friend bool operator==(const Guarantee&, const Guarantee&) = default;
};

// "epv_generation", "net_zero", "savings", "pv_yield"; "none", "threshold", "franchise"; "gas",
// "electricity".
std::string_view to_string(Kind kind) noexcept;
std::string_view to_string(DeadbandMode mode) noexcept;
std::string_view to_string(SavingsCarrier carrier) noexcept;
std::string_view to_string(Category category) noexcept;
std::string_view to_string(UncertaintyBand band) noexcept;  // "ols", "fsu"
std::string_view to_string(CaltrackForm form) noexcept;     // "daily", "billing"
std::string_view to_string(CaltrackModel model) noexcept;   // "intercept_only", "hdd_only", ...
// Inverses of to_string; anything else is invalid_argument naming the text and the accepted names.
Result<Kind> parse_kind(std::string_view text);
Result<DeadbandMode> parse_deadband_mode(std::string_view text);
Result<SavingsCarrier> parse_savings_carrier(std::string_view text);
Result<UncertaintyBand> parse_uncertainty_band(std::string_view text);
Result<CaltrackForm> parse_caltrack_form(std::string_view text);
Result<CaltrackModel> parse_caltrack_model(std::string_view text);

Category category_of(Kind kind) noexcept;
// The kind `terms` holds (the variant alternative), whatever `Guarantee::kind` says.
Kind kind_of(const Terms& terms) noexcept;
// True when the kind needs weather (net_zero, savings, pv_yield), hence a station.
bool needs_weather(Kind kind) noexcept;
// The unit of the kind's quantities: "kWh", or "m3" for gas savings.
std::string_view quantity_unit(const Guarantee& guarantee) noexcept;

// The EPV 2.0 default H_min in kWh a year, used when a guarantee's h_min is absent: 2,100 for a single-family
// dwelling, 530 for a multi-family one (Hoogwaardig). Source: the EPV 2.0 annual test of the Besluit
// energieprestatievergoeding huur woonruimte as amended by Stb. 2023, 287, with RVO's table "Tabellen maximale
// energieprestatievergoeding" (from 1 Oct 2023); docs/domain.md §8.2, references [16][18].
Kwh epv_default_h_min(tariffs::DwellingType type) noexcept;

// per_unit × (1 + annual_escalation)^(year_index − 1), exact, rounded once to 5 decimals half_up.
// year_index >= 1 (narrow contract: std::invalid_argument otherwise).
Decimal price_in_year(const Price& price, int year_index);

// Semantic checks of a guarantees array, every problem in document order with its JSON pointer
// ("/guarantees/1/term_years"). Bounds (docs/offers.md "Guarantees"): at most 20 guarantees;
// term_years 1..60; deadband percent 0..100 with at most 3 decimals, and 0 when the mode is none; yearly cap
// 0..10,000,000.00 with at most 2 decimals; kind matches the terms; stations 1..999, a station where weather
// is needed, a fill station only with a station and different from it; h_min, g_fixed, bundle figures,
// guaranteed amounts 0..1,000,000 (normal degree days and irradiance > 0); bundle_per_m2 0..1,000; price
// per unit 0..100 with at most 5 decimals; escalation −0.5..1 with at most 6 decimals; excess share 0..100.
// A deadband band only on a savings guarantee, with mode threshold or franchise and percent 0. A CalTRACK
// baseline: not together with a monthly one; balance points exactly as the model needs them (−50..50 °C,
// hbp <= cbp), coefficients >= 0, n > parameters, parameters as the model has slopes, |ρ| < 1, variance,
// mean and t > 0, confidence in (0, 1), begin < end.
std::vector<Error> guarantee_problems(std::span<const Guarantee> guarantees);

}  // namespace renofee::guarantee
