#include "renofee/core/risk/exposure.hpp"

#include <algorithm>
#include <variant>

namespace renofee::risk {
namespace {

using guarantee::DeadbandMode;
using guarantee::Guarantee;
using guarantee::Kind;

const Decimal& hundredth() {
  static const Decimal value = Decimal::from_units(1, 2);
  return value;
}

Decimal dec(std::int64_t units, int scale) {
  return Decimal::from_units(units, scale);
}

Decimal max0(const Decimal& value) {
  return value.is_negative() ? Decimal(0) : value;
}

Decimal divided(const Decimal& a, const Decimal& b, int scale) {
  return Decimal::divide(a, b, scale, Rounding::half_even).value();
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

bool digits_at_most(const Decimal& value, int scale) {
  return value.round(scale, Rounding::half_even) == value;
}

void bounded(std::vector<Error>& problems, const std::string& field, const Decimal& value, const Decimal& low,
             const Decimal& high, int scale) {
  if (value < low || value > high || !digits_at_most(value, scale)) {
    problems.push_back(invalid_argument(field.substr(field.rfind('/') + 1) + " " + value.to_string() +
                                            " is outside " + low.to_string() + ".." + high.to_string() +
                                            " or has more than " + std::to_string(scale) + " decimals",
                                        field));
  }
}

const guarantee::Price* price_terms(const Guarantee& g) {
  return std::visit(
      [](const auto& terms) -> const guarantee::Price* {
        if constexpr (requires { terms.price; }) {
          return &terms.price;
        } else {
          return nullptr;
        }
      },
      g.terms);
}

// percent × amount / 100 as evaluate.cpp computes the deadband quantity.
Decimal percent_of(const Decimal& percent, const Decimal& amount) {
  const Decimal exact = (percent * amount * hundredth()).trimmed();
  return exact.scale() < amount.scale() ? exact.round(amount.scale(), Rounding::half_even) : exact;
}

Decimal cents_half_up(const Decimal& amount) {
  return amount.round(2, Rounding::half_up);
}

// ---- One guarantee year, the lean path: the shortfall quantity and its money, as evaluate() and settle()
// compute them (the unit test compares the two on many scenarios).
struct Quantity {
  Decimal guaranteed;
  Decimal before_pv;
};

struct Money2 {
  Decimal payable;
  Decimal surplus_value;
};

// The deadband quantity of a guaranteed amount, as evaluate.cpp computes it (0 without a deadband).
Decimal free_of(const Guarantee& g, const Decimal& guaranteed) {
  return g.deadband.mode == DeadbandMode::none ? Decimal(0) : percent_of(g.deadband.percent, guaranteed);
}

Money2 money_of(const Guarantee& g, const Decimal& free, const Decimal& signed_shortfall,
                const Decimal& price) {
  const Decimal shortfall = max0(signed_shortfall);
  Decimal payable_quantity = shortfall;
  if (g.deadband.mode == DeadbandMode::threshold) {
    payable_quantity = shortfall > free ? shortfall : Decimal(0);
  } else if (g.deadband.mode == DeadbandMode::franchise) {
    payable_quantity = max0(shortfall - free);
  }
  Money2 out;
  if (!payable_quantity.is_zero()) out.payable = cents_half_up(payable_quantity * price);
  if (g.yearly_cap && out.payable > g.yearly_cap->value()) out.payable = g.yearly_cap->value();
  // Only netting uses the surplus value (settlement.hpp).
  if (g.netted && signed_shortfall.is_negative())
    out.surplus_value = cents_half_up(-signed_shortfall * price);
  return out;
}

// The scenario of one guarantee in one weather year before the guarantee year is known.
struct Scenario {
  Decimal household;  // H
  Decimal building;   // W
  Decimal use;        // U
  Decimal pv_base;    // O0 × r_w (exact), aged per guarantee year
  Decimal wdd;
  Decimal irradiance;
  int days = 365;
};

struct Draws {
  Decimal household = Decimal(1);
  Decimal heat_pump = Decimal(1);
};

Draws draws_of(const Settings& settings, std::string_view id, int weather_year, bool with_spread) {
  if (!with_spread) return {};
  return {Decimal(1) + settings.spread.household_sd * draw_normal(settings.seed, id, weather_year, 0),
          Decimal(1) + settings.spread.heat_pump_sd * draw_normal(settings.seed, id, weather_year, 1)};
}

Decimal degradation_of(const Settings& settings, std::string_view id, bool with_spread) {
  if (!with_spread) return settings.spread.pv_degradation_mean;
  return max0(settings.spread.pv_degradation_mean +
              settings.spread.pv_degradation_sd * draw_normal(settings.seed, id, 0, 2));
}

Decimal normal_wdd_of(const Guarantee& g, const Climate& climate) {
  if (const auto* nz = std::get_if<guarantee::NetZeroTerms>(&g.terms))
    return nz->normal_weighted_degree_days.value();
  return climate.normal_weighted_degree_days.value();
}

Decimal normal_irradiance_of(const Guarantee& g, const Climate& climate) {
  if (const auto* pv = std::get_if<guarantee::PvYieldTerms>(&g.terms)) return pv->normal_irradiance.value();
  return climate.normal_irradiance.value();
}

int days_in_year(int year) {
  return date::year{year}.is_leap() ? 366 : 365;
}

Scenario scenario_of(const Guarantee& g, const Climate& climate, const NormalUse& normal, const Draws& draws,
                     std::size_t w) {
  const WeatherYear& year = climate.years[w];
  const Decimal& wdd = year.weighted_degree_days.value();
  const Decimal& q = year.irradiance.value();
  const Decimal normal_wdd = normal_wdd_of(g, climate);
  const Decimal& s = normal.heating_share;
  const Decimal f = divided((Decimal(1) - s) * normal_wdd + s * wdd, normal_wdd, 6);
  const Decimal r = divided(q, normal_irradiance_of(g, climate), 6);
  Scenario out;
  out.household = (normal.household * draws.household).round(3, Rounding::half_even);
  out.building = (normal.building * f * draws.heat_pump).round(3, Rounding::half_even);
  Decimal savings_use;  // U0 of this guarantee's carrier
  if (const auto* t = std::get_if<guarantee::SavingsTerms>(&g.terms)) {
    savings_use =
        t->carrier == guarantee::SavingsCarrier::gas ? normal.savings_gas : normal.savings_electricity;
  }
  out.use = (savings_use * f * draws.household).round(3, Rounding::half_even);
  out.pv_base = normal.pv * r;
  out.wdd = wdd;
  out.irradiance = q;
  out.days = days_in_year(year.year);
  return out;
}

Decimal pv_in_year(const Scenario& s, const Decimal& age) {
  return (s.pv_base * age).round(3, Rounding::half_even);
}

// The guaranteed amount of guarantee `g` in scenario `s` and its shortfall before the year's generation O:
// shortfall = before_pv − O for the kinds that meter generation, before_pv otherwise (evaluate.cpp's
// formulas; only O changes with the guarantee year).
Quantity quantity_of(const Guarantee& g, const quote::Offer& offer, const Scenario& s) {
  switch (g.kind) {
    case Kind::epv_generation: {  // H_min − (O − W − G)
      const auto& t = std::get<guarantee::EpvTerms>(g.terms);
      const Decimal h_min = (t.h_min ? *t.h_min : guarantee::epv_default_h_min(offer.dwelling.type)).value();
      return {h_min, h_min + s.building + t.g_fixed.value()};
    }
    case Kind::net_zero: {  // required − O
      const auto& t = std::get<guarantee::NetZeroTerms>(g.terms);
      const Decimal total = s.household + s.building;  // T = N + O with N = H + W − O
      Decimal bundle = t.bundle_per_m2.value() * Decimal(offer.dwelling.floor_area_m2);
      if (t.bundle_cap && t.bundle_cap->value() < bundle) bundle = t.bundle_cap->value();
      Decimal household = s.household, building = s.building;
      if (t.building_use == guarantee::BuildingUse::total_minus_bundle) {
        household = std::min(total, bundle);
        building = total - household;
      }
      const Decimal normalised = divided(building * t.normal_weighted_degree_days.value(), s.wdd, 3);
      const Decimal required = normalised + std::min(household, bundle);
      return {required, required};
    }
    case Kind::savings: {  // guaranteed − (adjusted baseline − U)
      const auto& t = std::get<guarantee::SavingsTerms>(g.terms);
      const guarantee::Baseline& b = *t.baseline;
      const Decimal adjusted = b.per_day * Decimal(s.days) + b.per_weighted_degree_day * s.wdd;
      return {t.guaranteed_savings, t.guaranteed_savings - (adjusted - s.use)};
    }
    case Kind::pv_yield: {  // expected − O
      const auto& t = std::get<guarantee::PvYieldTerms>(g.terms);
      const Decimal expected =
          t.normalised ? divided(t.guaranteed.value() * s.irradiance, t.normal_irradiance.value(), 3)
                       : t.guaranteed.value();
      return {expected, expected};
    }
  }
  return {};
}

bool needs_pv(Kind kind) {
  return kind == Kind::net_zero || kind == Kind::epv_generation || kind == Kind::pv_yield;
}

// Sums of one contract-year in one weather year across the guarantees (settlement.hpp's netting).
struct YearSums {
  Decimal gross;
  Decimal netted_payable;
  Decimal netted_surplus;
  [[nodiscard]] Decimal compensation() const { return gross - std::min(netted_payable, netted_surplus); }
};

void add_money(YearSums& sums, const Guarantee& g, const Money2& money) {
  sums.gross += money.payable;
  if (g.netted) {
    sums.netted_payable += money.payable;
    sums.netted_surplus += money.surplus_value;
  }
}

Decimal price_of(const Guarantee& g, int year, const std::optional<Decimal>& cbs) {
  if (g.kind == Kind::epv_generation) return *cbs;
  return guarantee::price_in_year(*price_terms(g), year);
}

Result<void> check_input(const ContractInput& contract) {
  if (contract.offer == nullptr)
    return invalid_argument("contract " + contract.id + " has no offer", "/offer");
  if (contract.next_year < 1)
    return invalid_argument("the next guarantee year must be 1 or later", "/next_year");
  const auto& guarantees = contract.offer->guarantees;
  if (contract.climates.size() != guarantees.size())
    return invalid_argument("contract " + contract.id + ": one climate per guarantee is needed", "/climates");
  for (std::size_t i = 0; i < guarantees.size(); ++i) {
    if (contract.climates[i] == nullptr || contract.climates[i]->years.empty() ||
        contract.climates[i]->years.size() != contract.climates[0]->years.size())
      return invalid_argument("contract " + contract.id + ": guarantee " + std::to_string(i) +
                                  " has no weather years, or others than the book",
                              "/climates/" + std::to_string(i));
    const Climate& climate = *contract.climates[i];
    const bool positive =
        climate.normal_weighted_degree_days.value().sign() > 0 &&
        climate.normal_irradiance.value().sign() > 0 &&
        std::all_of(climate.years.begin(), climate.years.end(), [](const WeatherYear& y) {
          return y.weighted_degree_days.value().sign() > 0 && y.irradiance.value().sign() > 0;
        });
    if (!positive) {
      // evaluate() cannot divide by them either (failed_precondition there too).
      return failed_precondition("contract " + contract.id + ": station " + std::to_string(climate.station) +
                                     " has a year or a normal without degree days or irradiance",
                                 "/climates/" + std::to_string(i));
    }
    if (guarantees[i].kind == Kind::epv_generation && !contract.cbs_price)
      return failed_precondition("contract " + contract.id + ": the EPV guarantee needs the CBS price",
                                 "/cbs_price");
  }
  return {};
}

// v_k = v_{k−1} / (1 + rate), half_even to 12 decimals; v_0 = 1. factors[k − 1] = v_k.
std::vector<Decimal> discount_factors(const Decimal& rate, int years) {
  std::vector<Decimal> factors;
  Decimal v(1);
  const Decimal step = Decimal(1) + rate;
  for (int k = 1; k <= years; ++k) {
    v = divided(v, step, 12);
    factors.push_back(v);
  }
  return factors;
}

// The contract-year sums [n − n0][w] of every guarantee year from n0 to `last_year`.
std::vector<std::vector<YearSums>> year_sums(const ContractInput& c, const NormalUse& normal,
                                             const Settings& settings, int last_year, bool with_spread) {
  const auto& guarantees = c.offer->guarantees;
  const std::size_t weather_years = c.climates[0]->years.size();
  const int horizon = last_year - c.next_year + 1;
  std::vector<std::vector<YearSums>> sums(static_cast<std::size_t>(std::max(horizon, 0)),
                                          std::vector<YearSums>(weather_years));
  const Decimal one_minus_d = Decimal(1) - degradation_of(settings, c.id, with_spread);
  std::vector<Decimal> age{Decimal(1)};  // a_n for n = 1..last_year
  for (int n = 2; n <= last_year; ++n)
    age.push_back((age.back() * one_minus_d).round(9, Rounding::half_even));
  std::vector<std::vector<Decimal>> prices(guarantees.size());  // [i][n − n0]
  for (std::size_t i = 0; i < guarantees.size(); ++i) {
    for (int n = c.next_year; n <= std::min(guarantees[i].term_years, last_year); ++n)
      prices[i].push_back(price_of(guarantees[i], n, c.cbs_price));
  }
  for (std::size_t w = 0; w < weather_years; ++w) {
    const Draws draws = draws_of(settings, c.id, c.climates[0]->years[w].year, with_spread);
    for (std::size_t i = 0; i < guarantees.size(); ++i) {
      const Guarantee& g = guarantees[i];
      const Scenario s = scenario_of(g, *c.climates[i], normal, draws, w);
      const Quantity q = quantity_of(g, *c.offer, s);
      const Decimal free = free_of(g, q.guaranteed);
      const bool metered_pv = needs_pv(g.kind);
      for (std::size_t k = 0; k < prices[i].size(); ++k) {
        const Decimal shortfall =
            metered_pv ? q.before_pv - pv_in_year(s, age[static_cast<std::size_t>(c.next_year) - 1 + k])
                       : q.before_pv;
        add_money(sums[k][w], g, money_of(g, free, shortfall, prices[i][k]));
      }
    }
  }
  return sums;
}

}  // namespace

Result<WeatherYear> mean_year(std::span<const WeatherYear> years) {
  if (years.empty()) return invalid_argument("no weather years", "/years");
  Decimal wdd, q;
  for (const WeatherYear& y : years) {
    wdd += y.weighted_degree_days.value();
    q += y.irradiance.value();
  }
  const Decimal n(static_cast<std::int64_t>(years.size()));
  return WeatherYear{0, DegreeDays(divided(wdd, n, 2)), Irradiance(divided(q, n, 1))};
}

Spread default_spread() {
  return {dec(10, 2), dec(8, 2), dec(5, 3), dec(2, 3)};
}

Settings default_settings() {
  return {1, default_spread(), dec(4, 2), dec(8, 2), dec(65, 2)};
}

std::vector<Error> settings_problems(const Settings& settings) {
  std::vector<Error> problems;
  if (settings.seed > 0x7fffffffffffffffULL)
    problems.push_back(invalid_argument("seed is above 2^63 - 1", "/seed"));
  bounded(problems, "/spread/household_sd", settings.spread.household_sd, Decimal(0), dec(15, 2), 3);
  bounded(problems, "/spread/heat_pump_sd", settings.spread.heat_pump_sd, Decimal(0), dec(15, 2), 3);
  bounded(problems, "/spread/pv_degradation_mean", settings.spread.pv_degradation_mean, Decimal(0), dec(3, 2),
          4);
  bounded(problems, "/spread/pv_degradation_sd", settings.spread.pv_degradation_sd, Decimal(0), dec(1, 2), 4);
  bounded(problems, "/discount_rate", settings.discount_rate, Decimal(0), dec(2, 1), 4);
  bounded(problems, "/cost_of_capital", settings.cost_of_capital, Decimal(0), Decimal(1), 4);
  bounded(problems, "/heating_share", settings.heating_share, Decimal(0), Decimal(1), 4);
  return problems;
}

Decimal draw_normal(std::uint64_t seed, std::string_view contract_id, int weather_year, int stream) {
  const std::string key =
      std::string(contract_id) + "|" + std::to_string(weather_year) + "|" + std::to_string(stream);
  std::uint64_t state = seed ^ fnv1a64(key);
  std::int64_t sum = 0;
  for (int i = 0; i < 12; ++i)
    sum += static_cast<std::int64_t>(splitmix64(state) % 1000000ULL);
  return dec(sum - 6000000, 6);
}

Result<NormalUse> normal_use(const quote::Offer& offer, const Settings& settings) {
  NormalUse out;
  out.household = offer.expected_use.before.electricity_import.value();
  const quote::YearlyUse& after = offer.expected_use.after;
  std::optional<Decimal> pv;
  if (after.pv_generation) pv = after.pv_generation->value();
  Decimal g_fixed;
  bool pv_needed = false;
  for (std::size_t i = 0; i < offer.guarantees.size(); ++i) {
    const Guarantee& g = offer.guarantees[i];
    pv_needed = pv_needed || needs_pv(g.kind);
    if (const auto* t = std::get_if<guarantee::PvYieldTerms>(&g.terms); t && !pv) pv = t->guaranteed.value();
    if (const auto* t = std::get_if<guarantee::EpvTerms>(&g.terms)) g_fixed = t->g_fixed.value();
    if (const auto* t = std::get_if<guarantee::SavingsTerms>(&g.terms)) {
      if (!t->baseline) {
        return failed_precondition("guarantee " + std::to_string(i) +
                                       " (savings) is not modelled: its CalTRACK or missing baseline needs "
                                       "daily weather",
                                   "/guarantees/" + std::to_string(i) + "/baseline");
      }
      out.savings_gas = after.gas.value();
      out.savings_electricity = after.electricity_import.value();
    }
  }
  if (pv_needed && !pv) {
    return failed_precondition("the expected PV generation is needed to model the guarantees",
                               "/expected_use/after/pv_generation_kwh");
  }
  out.pv = pv.value_or(Decimal(0));
  const Decimal net = after.electricity_import.value() - after.electricity_export.value();
  out.building = max0(net + out.pv - out.household - g_fixed);
  const std::optional<Decimal>& demand = offer.dwelling.heat_demand_kwh_m2_year;
  out.heating_share = demand ? divided(*demand, *demand + Decimal(15), 4) : settings.heating_share;
  return out;
}

Result<guarantee::YearInputs> scenario_inputs(const ContractInput& contract, const Settings& settings,
                                              std::size_t guarantee_index, int year_index,
                                              std::size_t weather_index, bool with_spread) {
  RENOFEE_CHECK(check_input(contract));
  RENOFEE_TRY(const NormalUse normal, normal_use(*contract.offer, settings));
  const Guarantee& g = contract.offer->guarantees.at(guarantee_index);
  const Climate& climate = *contract.climates[guarantee_index];
  const WeatherYear& year = climate.years.at(weather_index);
  const Scenario s =
      scenario_of(g, climate, normal, draws_of(settings, contract.id, year.year, with_spread), weather_index);
  const Decimal one_minus_d = Decimal(1) - degradation_of(settings, contract.id, with_spread);
  Decimal age(1);
  for (int n = 2; n <= year_index; ++n)
    age = (age * one_minus_d).round(9, Rounding::half_even);
  const Decimal pv = pv_in_year(s, age);
  guarantee::YearInputs in;
  in.year_index = year_index;
  in.period = {calendar::Date{date::year{year.year} / 1 / 1},
               calendar::Date{date::year{year.year + 1} / 1 / 1}};
  in.dwelling_type = contract.offer->dwelling.type;
  in.floor_area_m2 = contract.offer->dwelling.floor_area_m2;
  const Decimal net = s.household + s.building - pv;
  in.electricity_import = guarantee::MeasuredKwh{Kwh(max0(net))};
  in.electricity_export = guarantee::MeasuredKwh{Kwh(max0(-net))};
  in.heat_pump = guarantee::MeasuredKwh{Kwh(s.building)};
  in.pv_generation = guarantee::MeasuredKwh{Kwh(pv)};
  in.gas = guarantee::MeasuredGas{CubicMetres(s.use)};
  if (const auto* t = std::get_if<guarantee::SavingsTerms>(&g.terms);
      t && t->carrier == guarantee::SavingsCarrier::electricity)
    in.electricity_import = guarantee::MeasuredKwh{Kwh(s.use)};
  in.weighted_degree_days = year.weighted_degree_days;
  in.irradiance = year.irradiance;
  if (contract.cbs_price) in.cbs_average_price = EurPerKwh(*contract.cbs_price);
  return in;
}

Money percentile(std::span<const Decimal> sorted, const Decimal& p) {
  if (sorted.empty()) return cents(0);
  const Decimal h = Decimal(static_cast<std::int64_t>(sorted.size() - 1)) * p;
  const Decimal low = h.round(0, Rounding::floor);
  const std::size_t i = static_cast<std::size_t>(low.to_units(0).value());
  if (i + 1 >= sorted.size()) return Money(cents_half_up(sorted.back()));
  return Money(cents_half_up(sorted[i] + (h - low) * (sorted[i + 1] - sorted[i])));
}

Result<Distribution> distribution(std::span<const Decimal> values, std::span<const WeatherYear> years) {
  if (values.empty() || values.size() != years.size())
    return invalid_argument("a distribution needs one value per weather year", "/years");
  std::vector<Decimal> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Decimal sum;
  std::size_t worst = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sum += values[i];
    if (values[i] > values[worst]) worst = i;
  }
  Distribution out;
  out.expected = Money(
      Decimal::divide(sum, Decimal(static_cast<std::int64_t>(values.size())), 2, Rounding::half_up).value());
  out.p50 = percentile(sorted, dec(50, 2));
  out.p95 = percentile(sorted, dec(95, 2));
  out.p99 = percentile(sorted, dec(99, 2));
  out.worst = Money(cents_half_up(values[worst]));
  out.worst_year = years[worst].year;
  return out;
}

Money premium_monthly(const Money& level_expected, const Distribution& figures,
                      const Decimal& cost_of_capital, int contracts) {
  const Decimal tail = max0(figures.p99.value() - figures.expected.value());
  const Decimal yearly = level_expected.value() + cost_of_capital * tail;
  return Money(Decimal::divide(yearly, Decimal(12 * std::max(contracts, 1)), 2, Rounding::half_up).value());
}

Result<ContractExposure> contract_exposure(const ContractInput& contract, const Settings& settings) {
  RENOFEE_CHECK(check_input(contract));
  RENOFEE_TRY(const NormalUse normal, normal_use(*contract.offer, settings));
  ContractExposure out;
  out.id = contract.id;
  out.next_year = contract.next_year;
  for (const Guarantee& g : contract.offer->guarantees)
    out.last_year = std::max(out.last_year, g.term_years);
  const std::size_t weather_years = contract.climates.empty() ? 0 : contract.climates[0]->years.size();
  out.ended = contract.next_year > out.last_year;
  out.annual.assign(weather_years, Decimal(0).round(2, Rounding::half_up));
  out.annual_weather = out.annual;
  std::vector<WeatherYear> years;
  if (weather_years > 0) years = contract.climates[0]->years;
  if (!out.ended) {
    const auto sums = year_sums(contract, normal, settings, out.last_year, true);
    const auto weather = year_sums(contract, normal, settings, contract.next_year, false);
    const std::vector<Decimal> factors =
        discount_factors(settings.discount_rate, out.last_year - contract.next_year + 1);
    Decimal present;
    for (std::size_t k = 0; k < sums.size(); ++k) {
      Decimal year_total;
      for (const YearSums& s : sums[k])
        year_total += s.compensation();
      present += year_total * factors[k];
    }
    for (std::size_t w = 0; w < weather_years; ++w) {
      out.annual[w] = sums[0][w].compensation().round(2, Rounding::half_up);  // cents already: pads
      out.annual_weather[w] = weather[0][w].compensation().round(2, Rounding::half_up);
    }
    out.present_value = Money(
        Decimal::divide(present, Decimal(static_cast<std::int64_t>(weather_years)), 2, Rounding::half_up)
            .value());
    Decimal annuity;  // Σ v_k over the remaining years: the present value of 1 EUR a year
    for (const Decimal& v : factors)
      annuity += v;
    out.level_expected =
        Money(Decimal::divide(out.present_value.value(), annuity, 2, Rounding::half_up).value());
  } else {
    out.present_value = cents(0);
    out.level_expected = cents(0);
  }
  if (weather_years > 0) {
    RENOFEE_TRY(out.figures, distribution(out.annual, years));
  }
  out.premium_monthly = premium_monthly(out.level_expected, out.figures, settings.cost_of_capital, 1);
  return out;
}

Book::Book(std::vector<WeatherYear> years)
    : years_(std::move(years)), annual_(years_.size()), annual_weather_(years_.size()) {}

void Book::add(const ContractExposure& exposure) {
  ++contracts_;
  for (std::size_t w = 0; w < annual_.size() && w < exposure.annual.size(); ++w) {
    annual_[w] += exposure.annual[w];
    annual_weather_[w] += exposure.annual_weather[w];
  }
  present_value_ += exposure.present_value.value();
  level_expected_ += exposure.level_expected.value();
}

Result<Book::Figures> Book::figures(const Settings& settings) const {
  if (contracts_ == 0) return failed_precondition("the portfolio has no contracts", "/contracts");
  Figures out;
  out.contracts = contracts_;
  out.years = years_;
  out.annual = annual_;
  out.annual_weather = annual_weather_;
  RENOFEE_TRY(out.figures, distribution(annual_, years_));
  RENOFEE_TRY(out.weather_only, distribution(annual_weather_, years_));
  out.present_value = Money(present_value_);
  const Decimal tail = out.figures.p99.value() - out.figures.expected.value();
  if (tail.sign() > 0) {
    const Decimal weather_tail = max0(out.weather_only.p99.value() - out.weather_only.expected.value());
    out.common_weather_share =
        std::min(Decimal(1), Decimal::divide(weather_tail, tail, 4, Rounding::half_up).value());
  }
  out.level_expected = Money(level_expected_);
  out.premium_monthly_per_contract =
      premium_monthly(out.level_expected, out.figures, settings.cost_of_capital, contracts_);
  return out;
}

}  // namespace renofee::risk
