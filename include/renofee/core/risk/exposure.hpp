// renofee/core/risk/exposure.hpp
//
// Purpose: a financier's guarantee exposure (docs/guarantees.md "Exposure"). For every guarantee of a
// contract, what it would owe in each historical weather year, with a seeded spread for what is not weather,
// and the figures a financier prices a guarantee with: expected, P50/P95/P99 and worst annual compensation,
// the present value over the remaining term, and a suggested monthly premium. Pure: the app reads the
// contracts and the weather years and hands them in.
//
// The expected normal year of a contract (rules stated in docs/guarantees.md, all from its offer):
//   H0 household electricity = expected_use.before.electricity_import (appliances and lighting are not what
//      a renovation changes);
//   O0 PV generation          = expected_use.after.pv_generation_kwh, else the guaranteed kWh of its pv_yield
//                               guarantee; a net_zero, epv_generation or pv_yield guarantee without either is
//                               not modelled (the error names the field);
//   G0                        = the EPV g_fixed when the contract has an epv_generation guarantee, else 0;
//   W0 building electricity   = max(0, N0 + O0 − H0 − G0), N0 = after import − after export (what is left of
//                               the home's total use once the household and G are taken out: the heat pump);
//   U0 savings use            = after gas (carrier gas) or after electricity import (carrier electricity).
// Weather (calendar years, the guarantee's station with its fill station): heating follows the year's
// weighted degree days from its weather-dependent share s, the rest does not:
//   f_w = ((1 − s) × normal + s × wdd_w) / normal, half_even to 6 decimals (one rounding), where normal is
//         the net_zero terms' normal_weighted_degree_days, else the mean of the climate's years;
//   s   = hd / (hd + 15), half_even to 4 decimals, with hd the dwelling's heat_demand_kwh_m2_year (0 too) and 15 kWh/m2
//         a year the hot-water allowance of the NOM definition (docs/domain.md §1); without hd, the stated
//         `heating_share` setting;
//   r_w = q_w / normal irradiance (pv_yield terms' normal_irradiance, else the climate's mean), half_even to
//         6 decimals.
// The spread (what is not weather), seeded and reproducible (`draw_normal` below):
//   m_h = 1 + household_sd × z_h, m_p = 1 + heat_pump_sd × z_p, drawn per contract and weather year (one
//   household, one heat pump, in every guarantee and every guarantee year of that weather scenario);
//   d   = max(0, pv_degradation_mean + pv_degradation_sd × z_d), drawn once per contract; the PV ages as
//         a_1 = 1, a_n = a_{n−1} × (1 − d) half_even to 9 decimals.
//   Without the spread (the weather-only book) m_h = m_p = 1 and d = pv_degradation_mean.
// Metered inputs of guarantee year n in weather year w (3 decimals half_even, the register resolution):
//   W = W0 × f_w × m_p;  H = H0 × m_h;  U = U0 × f_w × m_h;  O = O0 × r_w × a_n;
//   import − export = H + W − O (net_zero), the heat pump = W, pv = O, gas/import = U (savings).
// These inputs are evaluated exactly as the reconciliation does it (guarantee/evaluate.hpp, settlement.hpp):
// `scenario_inputs` builds the YearInputs and the unit test checks that the lean path here gives evaluate's
// money to the cent. Savings years use the days of weather year w.
//
// Figures (money half_up to cents): the annual compensation of guarantee year n0 (the next to settle) in each
// weather year; expected = their mean; Pp by linear interpolation between order statistics (h = (N − 1) × p,
// numpy's default); worst = the largest (the earliest year on ties); present value = Σ over the remaining
// guarantee years n of the mean over weather years of the year-n compensation × v_{n−n0+1}, v_0 = 1,
// v_k = v_{k−1} / (1 + discount_rate) half_even to 12 decimals; the level expected compensation = present
// value / Σ v_k (the same amount every remaining year with that present value: it carries the ageing of the
// later years), half_up to cents; premium per month = (level expected + cost_of_capital × max(0, P99 −
// expected)) / 12, half_up to cents.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/guarantee/evaluate.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/quote/offer.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::risk {

// One complete calendar year of a station (with its fill station): KNMI daily sums.
struct WeatherYear {
  int year = 0;
  DegreeDays weighted_degree_days{};
  Irradiance irradiance{};
  friend bool operator==(const WeatherYear&, const WeatherYear&) = default;
};

// The weather years of one station (with its fill station), all in the same order for every station of a
// book, and the station's normal year: the mean of its UNSHIFTED years (a stressed climate keeps the normal
// the offers were written against), weighted degree days half_even to 2 decimals, irradiance to 1.
struct Climate {
  int station = 0;
  std::optional<int> fill_station{};
  std::vector<WeatherYear> years{};
  DegreeDays normal_weighted_degree_days{};
  Irradiance normal_irradiance{};
};
// The mean of `years` as above; invalid_argument for none.
Result<WeatherYear> mean_year(std::span<const WeatherYear> years);

// Relative standard deviations (household, heat pump: 0..0.15, at most 3 decimals, so a multiplier stays
// >= 0.1) and the PV's yearly degradation (mean 0..0.03, sd 0..0.01, at most 4 decimals).
struct Spread {
  Decimal household_sd{};
  Decimal heat_pump_sd{};
  Decimal pv_degradation_mean{};
  Decimal pv_degradation_sd{};
  friend bool operator==(const Spread&, const Spread&) = default;
};
// 0.10, 0.08, 0.005, 0.002 (docs/guarantees.md "Exposure" gives the reasons).
Spread default_spread();

struct Settings {
  std::uint64_t seed = 1;  // 0 .. 2^63 − 1
  Spread spread = default_spread();
  Decimal discount_rate{};    // 0..0.2, at most 4 decimals (0.04 = 4% a year)
  Decimal cost_of_capital{};  // 0..1, at most 4 decimals: the yearly cost of capital held against P99 − mean
  Decimal heating_share{};    // 0..1, at most 4 decimals: s for a dwelling without a stated heat demand
  friend bool operator==(const Settings&, const Settings&) = default;
};
// 1, default_spread(), 0.04, 0.08, 0.65.
Settings default_settings();
// Every setting outside its bounds, each with its field ("/spread/household_sd", "/discount_rate", ...).
std::vector<Error> settings_problems(const Settings& settings);

// A standard normal draw, exact and reproducible: the Irwin-Hall sum of 12 uniforms minus 6. The uniforms
// come from splitmix64 seeded with seed XOR fnv1a64("<contract>|<weather year>|<stream>"): u_i = (x_i mod
// 10^6) / 10^6, so z = (Σ k_i − 6,000,000) / 10^6, exactly 6 decimals, in [−6, 6], mean 0, variance 1.
// Streams: 0 household, 1 heat pump, 2 PV degradation (weather year 0).
// A climate with a year or a normal of zero degree days or irradiance cannot be settled (evaluate() divides by
// them): contract_exposure refuses it (failed_precondition), the contract is then not modelled.
Decimal draw_normal(std::uint64_t seed, std::string_view contract_id, int weather_year, int stream);

// The contract's expected normal year (rules above).
struct NormalUse {
  Decimal household{};            // H0, kWh
  Decimal building{};             // W0, kWh
  Decimal pv{};                   // O0, kWh
  Decimal savings_gas{};          // U0 of a gas savings guarantee: after gas, m3
  Decimal savings_electricity{};  // U0 of an electricity savings guarantee: after import, kWh
  Decimal heating_share{};        // s
  friend bool operator==(const NormalUse&, const NormalUse&) = default;
};
// failed_precondition naming the missing field (/expected_use/after/pv_generation_kwh) or the guarantee that
// is not modelled (a savings guarantee with a CalTRACK baseline: its daily model needs daily weather).
Result<NormalUse> normal_use(const quote::Offer& offer, const Settings& settings);

// One contract of a book. `climates` holds the climate of each guarantee (index-aligned with the offer's
// guarantees; an epv_generation guarantee, which names no station, uses the book's default station).
struct ContractInput {
  std::string id{};
  const quote::Offer* offer = nullptr;
  int next_year = 1;  // the guarantee year n0 to settle next (>= 1)
  std::vector<const Climate*> climates{};
  std::optional<Decimal> cbs_price{};  // EUR/kWh, for an epv_generation guarantee
};

// What one guarantee year in one weather year would meter (the rules above), as the reconciliation's inputs.
// `with_spread` false gives the weather-only scenario. For tests and reports of a single case.
Result<guarantee::YearInputs> scenario_inputs(const ContractInput& contract, const Settings& settings,
                                              std::size_t guarantee_index, int year_index,
                                              std::size_t weather_index, bool with_spread);

// Distribution figures of annual compensations over the weather years (values index-aligned with years).
struct Distribution {
  Money expected{};
  Money p50{};
  Money p95{};
  Money p99{};
  Money worst{};
  int worst_year = 0;
  friend bool operator==(const Distribution&, const Distribution&) = default;
};
// invalid_argument when the spans differ in length or are empty.
Result<Distribution> distribution(std::span<const Decimal> values, std::span<const WeatherYear> years);
// The p-quantile (0 <= p <= 1) by linear interpolation of the sorted values, half_up to cents.
Money percentile(std::span<const Decimal> sorted, const Decimal& p);

struct ContractExposure {
  std::string id{};
  int next_year = 1;
  int last_year = 0;                      // the last guarantee year of the longest guarantee
  bool ended = false;                     // next_year is past every guarantee's term: nothing owed
  std::vector<Decimal> annual{};          // guarantee year n0 in each weather year, EUR (cents)
  std::vector<Decimal> annual_weather{};  // the same without the spread
  Distribution figures{};
  Money present_value{};
  Money level_expected{};  // present_value / Σ v_k over the remaining years (0 when ended)
  Money premium_monthly{};
};
// The exposure of one contract over the climates' weather years. The errors of normal_use, and
// invalid_argument when the climates do not match the guarantees or their years differ.
Result<ContractExposure> contract_exposure(const ContractInput& contract, const Settings& settings);

// The book: per weather year the sum over its contracts, with and without the spread, streamed contract by
// contract (memory does not grow with the number of contracts).
class Book {
 public:
  explicit Book(std::vector<WeatherYear> years);
  void add(const ContractExposure& exposure);
  struct Figures {
    int contracts = 0;  // added, including ended ones
    std::vector<WeatherYear> years{};
    std::vector<Decimal> annual{};          // Σ over contracts, per weather year
    std::vector<Decimal> annual_weather{};  // the same without the spread
    Distribution figures{};
    Distribution weather_only{};
    Money present_value{};
    // (P99 − mean) of the weather-only book over (P99 − mean) of the book, half_up to 4 decimals, clamped to
    // [0, 1]; nullopt when the book has no tail (P99 = mean).
    std::optional<Decimal> common_weather_share{};
    Money level_expected{};  // Σ over contracts
    // (level expected + cost_of_capital × max(0, P99 − expected)) / 12 / contracts: the diversified premium.
    Money premium_monthly_per_contract{};
  };
  [[nodiscard]] Result<Figures> figures(const Settings& settings) const;

 private:
  std::vector<WeatherYear> years_;
  std::vector<Decimal> annual_;
  std::vector<Decimal> annual_weather_;
  Decimal present_value_{};
  Decimal level_expected_{};
  int contracts_ = 0;
};

// The premium rule above, for a contract or a book (`contracts` >= 1).
Money premium_monthly(const Money& level_expected, const Distribution& figures,
                      const Decimal& cost_of_capital, int contracts);

}  // namespace renofee::risk
