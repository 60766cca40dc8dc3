#include "renofee/core/guarantee/terms.hpp"

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace renofee::guarantee {
namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Kind, 4> kinds{{{Kind::epv_generation, "epv_generation"},
                                    {Kind::net_zero, "net_zero"},
                                    {Kind::savings, "savings"},
                                    {Kind::pv_yield, "pv_yield"}}};
constexpr NameTable<DeadbandMode, 3> deadband_modes{{{DeadbandMode::none, "none"},
                                                     {DeadbandMode::threshold, "threshold"},
                                                     {DeadbandMode::franchise, "franchise"}}};
constexpr NameTable<SavingsCarrier, 2> carriers{
    {{SavingsCarrier::gas, "gas"}, {SavingsCarrier::electricity, "electricity"}}};
constexpr NameTable<BuildingUse, 2> building_uses{{{BuildingUse::heat_pump_submeter, "heat_pump_submeter"},
                                                   {BuildingUse::total_minus_bundle, "total_minus_bundle"}}};
constexpr NameTable<UncertaintyBand, 2> bands{{{UncertaintyBand::ols, "ols"}, {UncertaintyBand::fsu, "fsu"}}};
constexpr NameTable<CaltrackForm, 2> caltrack_forms{
    {{CaltrackForm::daily, "daily"}, {CaltrackForm::billing, "billing"}}};
constexpr NameTable<CaltrackModel, 4> caltrack_models{{{CaltrackModel::intercept_only, "intercept_only"},
                                                       {CaltrackModel::hdd_only, "hdd_only"},
                                                       {CaltrackModel::cdd_only, "cdd_only"},
                                                       {CaltrackModel::cdd_hdd, "cdd_hdd"}}};
constexpr NameTable<Category, 2> categories{
    {{Category::building, "building"}, {Category::generation, "generation"}}};

template <typename E, std::size_t N>
std::string_view name_in(const NameTable<E, N>& table, E value) noexcept {
  for (const auto& [item, name] : table) {
    if (item == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
Result<E> parse_in(const NameTable<E, N>& table, std::string_view text, std::string_view what) {
  std::string expected;
  for (const auto& [item, name] : table) {
    if (name == text) return item;
    expected += expected.empty() ? "" : ", ";
    expected += name;
  }
  return invalid_argument("unknown " + std::string(what) + " \"" + std::string(text.substr(0, 40)) +
                          "\" (expected one of: " + expected + ")");
}

// Collects problems in document order.
class Problems {
 public:
  void add(std::string field, std::string message) {
    list_.push_back(invalid_argument(std::move(message), std::move(field)));
  }
  void out_of_bounds(std::string field, std::string message) {
    list_.push_back(out_of_range(std::move(message), std::move(field)));
  }
  // A decimal within [low, high] (both inclusive) with at most `decimals` digits after the point.
  void decimal(const std::string& field, const char* what, const Decimal& value, const Decimal& low,
               const Decimal& high, int decimals) {
    if (value < low || value > high) {
      return out_of_bounds(field, std::string(what) + " " + value.to_string() + " outside " +
                                      low.to_string() + ".." + high.to_string());
    }
    if (value != value.round(decimals, Rounding::down)) {
      add(field, std::string(what) + " " + value.to_string() + " has more than " + std::to_string(decimals) +
                     " decimals");
    }
  }
  // A decimal in (0, high] with at most `decimals` digits.
  void positive(const std::string& field, const char* what, const Decimal& value, const Decimal& high,
                int decimals) {
    if (value.sign() <= 0)
      return add(field, std::string(what) + " " + value.to_string() + " must be positive");
    decimal(field, what, value, Decimal(0), high, decimals);
  }
  void range(const std::string& field, const char* what, long value, long low, long high) {
    if (value < low || value > high) {
      out_of_bounds(field, std::string(what) + " " + std::to_string(value) + " outside " +
                               std::to_string(low) + ".." + std::to_string(high));
    }
  }
  void price(const std::string& at, const Price& price) {
    decimal(at + "/price_per_unit", "price per unit", price.per_unit, Decimal(0), Decimal(100), 5);
    decimal(at + "/price_escalation", "price escalation", price.annual_escalation,
            Decimal::parse("-0.5").value(), Decimal(1), 6);
  }
  std::vector<Error> take() { return std::move(list_); }

 private:
  std::vector<Error> list_;
};

const Decimal max_quantity = Decimal(1000000);

void check_terms(Problems& problems, const std::string& at, const EpvTerms& terms) {
  if (terms.h_min)
    problems.decimal(at + "/h_min_kwh", "H_min", terms.h_min->value(), Decimal(0), max_quantity, 3);
  problems.decimal(at + "/g_fixed_kwh", "G", terms.g_fixed.value(), Decimal(0), max_quantity, 3);
}

void check_terms(Problems& problems, const std::string& at, const NetZeroTerms& terms) {
  problems.decimal(at + "/household_bundle_kwh_m2", "household energy bundle", terms.bundle_per_m2.value(),
                   Decimal(0), Decimal(1000), 3);
  if (terms.bundle_cap)
    problems.decimal(at + "/household_bundle_cap_kwh", "household bundle cap", terms.bundle_cap->value(),
                     Decimal(0), max_quantity, 3);
  problems.positive(at + "/normal_weighted_degree_days", "normal weighted degree days",
                    terms.normal_weighted_degree_days.value(), Decimal(10000), 3);
  problems.price(at, terms.price);
}

// A frozen CalTRACK baseline: the balance points and slopes the model has, and statistics the bands can use.
void check_caltrack(Problems& problems, const std::string& at, const CaltrackBaseline& b) {
  const bool heating = b.model == CaltrackModel::hdd_only || b.model == CaltrackModel::cdd_hdd;
  const bool cooling = b.model == CaltrackModel::cdd_only || b.model == CaltrackModel::cdd_hdd;
  const Decimal limit(50);
  const auto balance_point = [&](const char* name, const std::optional<Decimal>& value, bool needed) {
    const std::string field = at + "/" + name;
    if (needed != value.has_value()) {
      problems.add(field, std::string("model ") + std::string(to_string(b.model)) +
                              (needed ? " needs " : " has no ") + name);
    } else if (value && (*value < -limit || *value > limit)) {
      problems.out_of_bounds(field, std::string(name) + " " + value->to_string() + " outside -50..50");
    }
  };
  balance_point("heating_balance_point_c", b.heating_balance_point_c, heating);
  balance_point("cooling_balance_point_c", b.cooling_balance_point_c, cooling);
  if (heating && cooling && b.heating_balance_point_c && b.cooling_balance_point_c &&
      *b.heating_balance_point_c > *b.cooling_balance_point_c)
    problems.add(at + "/cooling_balance_point_c", "the cooling balance point is below the heating one");
  const Decimal big(1000000);
  problems.decimal(at + "/intercept", "intercept", b.intercept, Decimal(0), big, 12);
  problems.decimal(at + "/beta_hdd", "beta_hdd", b.beta_hdd, Decimal(0), big, 12);
  problems.decimal(at + "/beta_cdd", "beta_cdd", b.beta_cdd, Decimal(0), big, 12);
  if (!heating && !b.beta_hdd.is_zero()) problems.add(at + "/beta_hdd", "the model has no heating term");
  if (!cooling && !b.beta_cdd.is_zero()) problems.add(at + "/beta_cdd", "the model has no cooling term");
  const std::string st = at + "/statistics";
  const CaltrackStats& s = b.stats;
  problems.range(st + "/parameters", "parameters", s.parameters, int{heating} + int{cooling},
                 int{heating} + int{cooling});
  problems.range(st + "/observations", "observations", s.observations, s.parameters + 1, 100000);
  problems.positive(st + "/observed_mean", "observed mean", s.observed_mean, big, 12);
  problems.positive(st + "/observed_variance", "observed variance", s.observed_variance, big * big, 12);
  problems.decimal(st + "/rmse_adj", "rmse_adj", s.rmse_adj, Decimal(0), big, 12);
  problems.decimal(st + "/autocorrelation", "autocorrelation", s.autocorrelation,
                   Decimal::parse("-0.999999999999").value(), Decimal::parse("0.999999999999").value(), 12);
  problems.decimal(st + "/r_squared_adj", "r_squared_adj", s.r_squared_adj, -big, Decimal(1), 12);
  problems.positive(st + "/t_value", "t value", s.t_value, Decimal(1000), 12);
  const std::string se = at + "/settings";
  const CaltrackSettings& c = b.settings;
  if (c.confidence_level.sign() <= 0 || c.confidence_level >= Decimal(1))
    problems.out_of_bounds(se + "/confidence_level",
                           "confidence level " + c.confidence_level.to_string() + " outside (0, 1)");
  if (!(c.baseline_begin < c.baseline_end))
    problems.add(se + "/baseline_end", "the baseline period is empty (end must be after begin)");
}

void check_terms(Problems& problems, const std::string& at, const SavingsTerms& terms) {
  problems.decimal(at + "/guaranteed_savings", "guaranteed savings", terms.guaranteed_savings, Decimal(0),
                   max_quantity, 3);
  if (terms.baseline) {
    problems.decimal(at + "/baseline/per_day", "baseline per day", terms.baseline->per_day, Decimal(0),
                     Decimal(100000), 8);
    problems.decimal(at + "/baseline/per_weighted_degree_day", "baseline per weighted degree day",
                     terms.baseline->per_weighted_degree_day, Decimal(0), Decimal(100000), 8);
  }
  if (terms.baseline && terms.caltrack)
    problems.add(at + "/baseline",
                 "a savings guarantee carries one baseline, not a monthly and a CalTRACK one");
  if (terms.caltrack) check_caltrack(problems, at + "/baseline", *terms.caltrack);
  problems.price(at, terms.price);
  problems.decimal(at + "/excess_share_percent", "excess share", terms.excess_share_percent, Decimal(0),
                   Decimal(100), 3);
}

void check_terms(Problems& problems, const std::string& at, const PvYieldTerms& terms) {
  problems.decimal(at + "/guaranteed_kwh", "guaranteed generation", terms.guaranteed.value(), Decimal(0),
                   max_quantity, 3);
  problems.positive(at + "/normal_irradiance_j_cm2", "normal irradiance", terms.normal_irradiance.value(),
                    Decimal(10000000), 3);
  problems.price(at, terms.price);
}

}  // namespace

std::string_view to_string(Kind kind) noexcept {
  return name_in(kinds, kind);
}
std::string_view to_string(DeadbandMode mode) noexcept {
  return name_in(deadband_modes, mode);
}
std::string_view to_string(SavingsCarrier carrier) noexcept {
  return name_in(carriers, carrier);
}
std::string_view to_string(Category category) noexcept {
  return name_in(categories, category);
}
std::string_view to_string(UncertaintyBand band) noexcept {
  return name_in(bands, band);
}
std::string_view to_string(CaltrackForm form) noexcept {
  return name_in(caltrack_forms, form);
}
std::string_view to_string(CaltrackModel model) noexcept {
  return name_in(caltrack_models, model);
}
Result<UncertaintyBand> parse_uncertainty_band(std::string_view text) {
  return parse_in(bands, text, "uncertainty band");
}
Result<CaltrackForm> parse_caltrack_form(std::string_view text) {
  return parse_in(caltrack_forms, text, "CalTRACK form");
}
Result<CaltrackModel> parse_caltrack_model(std::string_view text) {
  return parse_in(caltrack_models, text, "CalTRACK model");
}
Result<Kind> parse_kind(std::string_view text) {
  return parse_in(kinds, text, "guarantee kind");
}
Result<DeadbandMode> parse_deadband_mode(std::string_view text) {
  return parse_in(deadband_modes, text, "deadband mode");
}
Result<SavingsCarrier> parse_savings_carrier(std::string_view text) {
  return parse_in(carriers, text, "savings carrier");
}
std::string_view to_string(BuildingUse method) noexcept {
  return name_in(building_uses, method);
}
Result<BuildingUse> parse_building_use(std::string_view text) {
  return parse_in(building_uses, text, "building-use method");
}

Category category_of(Kind kind) noexcept {
  return kind == Kind::net_zero || kind == Kind::savings ? Category::building : Category::generation;
}

Kind kind_of(const Terms& terms) noexcept {
  switch (terms.index()) {
    case 0:
      return Kind::epv_generation;
    case 1:
      return Kind::net_zero;
    case 2:
      return Kind::savings;
    default:
      return Kind::pv_yield;
  }
}

bool needs_weather(Kind kind) noexcept {
  return kind != Kind::epv_generation;
}

std::string_view quantity_unit(const Guarantee& guarantee) noexcept {
  const auto* savings = std::get_if<SavingsTerms>(&guarantee.terms);
  return savings && savings->carrier == SavingsCarrier::gas ? CubicMetres::unit_type::symbol
                                                            : Kwh::unit_type::symbol;
}

Kwh epv_default_h_min(tariffs::DwellingType type) noexcept {
  // EPV 2.0 H_min table (Stb. 2023, 287; RVO, Tabellen maximale energieprestatievergoeding; docs/domain.md
  // §8.2 [16][18]), kWh a year.
  switch (type) {
    case tariffs::DwellingType::single_family:
      return Kwh(Decimal(2100));
    case tariffs::DwellingType::multi_family:
      return Kwh(Decimal(530));
  }
  return Kwh(Decimal(530));  // not reached: every DwellingType is listed above
}

Decimal price_in_year(const Price& price, int year_index) {
  if (year_index < 1) throw std::invalid_argument("price_in_year: year_index must be >= 1");
  using boost::multiprecision::cpp_int;
  // (1 + e) = growth / 10^s exactly; per_unit = base / 10^b. The exact price is
  // base × growth^(n−1) / 10^(b + s(n−1)), which can need hundreds of digits (beyond Decimal's range), so the
  // power and the single half_up rounding to 5 decimals are done on big integers.
  const Decimal growth_decimal = Decimal(1) + price.annual_escalation;
  const int s = growth_decimal.scale();
  const int b = price.per_unit.scale();
  const cpp_int growth(growth_decimal.round(s, Rounding::down).to_units(s).value());
  const cpp_int base(price.per_unit.to_units(b).value());
  const unsigned exponent = static_cast<unsigned>(year_index - 1);
  const cpp_int numerator = base * boost::multiprecision::pow(growth, exponent) * 100000;
  const cpp_int denominator =
      boost::multiprecision::pow(cpp_int(10), static_cast<unsigned>(b) + s * exponent);
  const bool negative = numerator < 0;
  const cpp_int magnitude = negative ? cpp_int(-numerator) : numerator;
  cpp_int units = magnitude / denominator;
  if (2 * (magnitude % denominator) >= denominator) ++units;  // half_up: ties away from zero
  return Decimal::parse((negative ? "-" : "") + units.str() + "E-5").value();
}

std::vector<Error> guarantee_problems(std::span<const Guarantee> guarantees) {
  Problems problems;
  if (guarantees.size() > 20) problems.out_of_bounds("/guarantees", "more than 20 guarantees");
  for (std::size_t i = 0; i < guarantees.size(); ++i) {
    const Guarantee& guarantee = guarantees[i];
    const std::string at = "/guarantees/" + std::to_string(i);
    if (kind_of(guarantee.terms) != guarantee.kind) {
      problems.add(at + "/kind", "kind " + std::string(to_string(guarantee.kind)) +
                                     " does not match its terms (" +
                                     std::string(to_string(kind_of(guarantee.terms))) + ")");
    }
    problems.range(at + "/term_years", "term", guarantee.term_years, 1, 60);
    problems.decimal(at + "/deadband/percent", "deadband percent", guarantee.deadband.percent, Decimal(0),
                     Decimal(100), 3);
    if (guarantee.deadband.mode == DeadbandMode::none && !guarantee.deadband.percent.is_zero()) {
      problems.add(at + "/deadband/percent", "deadband mode none takes no percent (got " +
                                                 guarantee.deadband.percent.to_string() + ")");
    }
    if (guarantee.deadband.band) {
      if (kind_of(guarantee.terms) != Kind::savings)
        problems.add(at + "/deadband/band", "an uncertainty band deadband needs a savings guarantee");
      if (guarantee.deadband.mode == DeadbandMode::none)
        problems.add(at + "/deadband/band", "an uncertainty band needs mode threshold or franchise");
      if (!guarantee.deadband.percent.is_zero())
        problems.add(at + "/deadband/percent", "a deadband is a percentage or an uncertainty band, not both");
    }
    if (guarantee.yearly_cap) {
      problems.decimal(at + "/yearly_cap_eur", "yearly cap", guarantee.yearly_cap->value(), Decimal(0),
                       Decimal(10000000), 2);
    }
    if (guarantee.station) problems.range(at + "/station", "station", *guarantee.station, 1, 999);
    if (guarantee.fill_station) {
      problems.range(at + "/fill_station", "fill station", *guarantee.fill_station, 1, 999);
      if (!guarantee.station) problems.add(at + "/fill_station", "a fill station needs a station");
      if (guarantee.station && *guarantee.station == *guarantee.fill_station)
        problems.add(at + "/fill_station", "the fill station must differ from the station");
    }
    if (needs_weather(kind_of(guarantee.terms)) && !guarantee.station) {
      problems.add(at + "/station", "a " + std::string(to_string(kind_of(guarantee.terms))) +
                                        " guarantee needs a KNMI station for weather");
    }
    std::visit([&](const auto& terms) { check_terms(problems, at, terms); }, guarantee.terms);
  }
  return problems.take();
}

}  // namespace renofee::guarantee
