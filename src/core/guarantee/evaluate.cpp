#include "renofee/core/guarantee/evaluate.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace renofee::guarantee {
namespace {

constexpr std::array<std::pair<Input, std::string_view>, 9> input_names{{
    {Input::electricity_import, "electricity_import"},
    {Input::electricity_export, "electricity_export"},
    {Input::gas, "gas"},
    {Input::heat_pump, "heat_pump"},
    {Input::pv_generation, "pv_generation"},
    {Input::weighted_degree_days, "weighted_degree_days"},
    {Input::irradiance, "irradiance"},
    {Input::cbs_average_price, "cbs_average_price"},
    {Input::reporting_days, "reporting_days"},
}};

constexpr std::array<std::pair<Status, std::string_view>, 4> status_names{{
    {Status::met, "met"},
    {Status::within_deadband, "within_deadband"},
    {Status::shortfall, "shortfall"},
    {Status::term_ended, "term_ended"},
}};

// A decimal for the rule text with thousands separators: 12345.678 -> "12,345.678".
std::string grouped(const Decimal& value) {
  const std::string text = value.to_string();
  const std::size_t begin = !text.empty() && text[0] == '-' ? 1 : 0;
  const std::size_t point = std::min(text.find('.'), text.size());
  std::string out = text.substr(0, begin);
  for (std::size_t i = begin; i < point; ++i) {
    if (i > begin && (point - i) % 3 == 0) out.push_back(',');
    out.push_back(text[i]);
  }
  out.append(text, point, std::string::npos);
  return out;
}

std::string percent_text(const Decimal& percent) {
  return percent.trimmed().to_string() + "%";
}

bool present(const YearInputs& inputs, Input input) {
  switch (input) {
    case Input::electricity_import:
      return inputs.electricity_import.has_value();
    case Input::electricity_export:
      return inputs.electricity_export.has_value();
    case Input::gas:
      return inputs.gas.has_value();
    case Input::heat_pump:
      return inputs.heat_pump.has_value();
    case Input::pv_generation:
      return inputs.pv_generation.has_value();
    case Input::weighted_degree_days:
      return inputs.weighted_degree_days.has_value();
    case Input::irradiance:
      return inputs.irradiance.has_value();
    case Input::cbs_average_price:
      return inputs.cbs_average_price.has_value();
    case Input::reporting_days:
      return inputs.reporting_days.has_value();
  }
  return false;
}

Decimal max0(const Decimal& value) {
  return value.is_negative() ? Decimal(0) : value;
}

// percent × amount / 100, exact, shown with no fewer decimals than `amount`: 10% of 1000.000 is 100.000.
Decimal percent_of(const Decimal& percent, const Decimal& amount) {
  const Decimal exact = (percent * amount * Decimal::parse("0.01").value()).trimmed();
  return exact.scale() < amount.scale() ? exact.round(amount.scale(), Rounding::half_even) : exact;
}

Money cents_half_up(const Decimal& amount) {
  return Money(amount.round(2, Rounding::half_up));
}

// The figures of one evaluation, in computation order.
class Figures {
 public:
  // Appends a figure and returns its value (a copy: later figures may move the vector's storage).
  Decimal add(std::string name, Decimal value, std::string unit, bool estimated, std::string formula = {}) {
    list_.push_back(Figure{std::move(name), value, std::move(unit), estimated, std::move(formula)});
    return value;
  }
  // A typed quantity: the unit written is its type's symbol ("kWh", "K.day", "J/cm2", ...).
  template <typename Unit>
  Quantity<Unit> add(std::string name, const Quantity<Unit>& quantity, bool estimated,
                     std::string formula = {}) {
    add(std::move(name), quantity.value(), std::string(Unit::symbol), estimated, std::move(formula));
    return quantity;
  }
  // A metered input, taken as given.
  template <typename Unit>
  Quantity<Unit> add(std::string name, const Measured<Unit>& measured) {
    return add(std::move(name), measured.quantity, measured.estimated);
  }
  std::vector<Figure> take() { return std::move(list_); }

 private:
  std::vector<Figure> list_;
};

// What a kind-specific part hands to the common money part.
struct Measurement {
  Decimal guaranteed;  // the amount the deadband percent applies to
  Decimal shortfall;   // guaranteed-side minus performance; negative = surplus
  bool estimated = false;
  std::string description;            // the kind's formula with its figures, for the rule text
  std::optional<Decimal> ols_band{};  // CalTRACK savings: the uncertainty bands of avoided use
  std::optional<Decimal> fsu_band{};
  std::string confidence{};  // "90%"
  std::optional<DaysLeftOut> days_left_out{};
};

Measurement epv_generation(const EpvTerms& terms, const YearInputs& inputs, Figures& figures) {
  const MeasuredKwh& generated = *inputs.pv_generation;  // O
  const MeasuredKwh& heat_pump = *inputs.heat_pump;      // W
  figures.add("O", generated);
  figures.add("W", heat_pump);
  figures.add("G", terms.g_fixed, false, terms.g_fixed == Kwh(Decimal(700)) ? "fixed 700 kWh" : "contract");
  const bool estimated = generated.estimated || heat_pump.estimated;
  const Kwh net_generation =
      figures.add("H", generated.quantity - heat_pump.quantity - terms.g_fixed, estimated, "O - W - G");
  const Kwh minimum = terms.h_min ? *terms.h_min : epv_default_h_min(inputs.dwelling_type);
  figures.add("H_min", minimum, false,
              terms.h_min
                  ? "contract"
                  : std::string("EPV 2.0 table, ") + std::string(tariffs::to_string(inputs.dwelling_type)));
  const Kwh shortfall = figures.add("shortfall", minimum - net_generation, estimated, "H_min - H");
  return {minimum.value(), shortfall.value(), estimated,
          "H = O - W - G = " + grouped(generated.quantity.value()) + " - " +
              grouped(heat_pump.quantity.value()) + " - " + grouped(terms.g_fixed.value()) + " = " +
              grouped(net_generation.value()) + " kWh against H_min " + grouped(minimum.value()) + " kWh"};
}

// The household's energy bundle: min(bundle_per_m2 × floor area, bundle_cap).
Kwh net_zero_bundle(const NetZeroTerms& terms, const YearInputs& inputs, Figures& figures) {
  const SquareMetres floor_area(Decimal(inputs.floor_area_m2));
  figures.add("floor_area", floor_area, false);
  figures.add("bundle_per_m2", terms.bundle_per_m2, false, "contract");
  const Kwh uncapped =
      figures.add("bundle_uncapped", terms.bundle_per_m2 * floor_area, false, "bundle_per_m2 x floor_area");
  Kwh bundle = uncapped;
  if (terms.bundle_cap) {
    figures.add("bundle_cap", *terms.bundle_cap, false, "contract");
    bundle = std::min(uncapped, *terms.bundle_cap);
  }
  return figures.add("bundle", bundle, false, terms.bundle_cap ? "min(bundle_uncapped, bundle_cap)" : "");
}

// Building use W and household use H of the year: from the heat-pump submeter (H = T − W), or, without
// one, with the household taken to have used its whole bundle (H = min(T, bundle), W = T − H).
struct UseSplit {
  Kwh building;
  Kwh household;
  bool building_estimated = false;
};

Result<UseSplit> net_zero_split(const NetZeroTerms& terms, int index, const YearInputs& inputs,
                                const Kwh& total, bool total_estimated, const Kwh& bundle, Figures& figures) {
  if (terms.building_use == BuildingUse::total_minus_bundle) {
    const Kwh household = figures.add("H", std::min(total, bundle), total_estimated,
                                      "no heat-pump submeter: min(T, bundle), the household taken to use "
                                      "its whole bundle");
    const Kwh building = figures.add("W", total - household, total_estimated, "T - H");
    return UseSplit{building, household, total_estimated};
  }
  const MeasuredKwh& heat_pump = *inputs.heat_pump;
  const Kwh building = figures.add("W", heat_pump);
  const bool estimated = total_estimated || heat_pump.estimated;
  const Kwh household = figures.add("H", total - building, estimated, "T - W");
  if (household.is_negative()) {
    return failed_precondition("guarantee " + std::to_string(index) + " (net_zero): the heat pump used " +
                                   building.to_string() + " kWh, more than the home's total use " +
                                   total.to_string() +
                                   " kWh (import - export + generation); check the meters",
                               "/inputs/heat_pump");
  }
  return UseSplit{building, household, heat_pump.estimated};
}

// Nul op de Meter: generation O covers building use (normalised) plus household use up to the bundle.
// shortfall = W' + min(H, bundle) − O, which equals N' − max(0, H − bundle) with N' = N − W + W'.
Result<Measurement> net_zero(const NetZeroTerms& terms, int index, const YearInputs& inputs,
                             Figures& figures) {
  const std::string label = "guarantee " + std::to_string(index) + " (net_zero): ";
  const DegreeDays& actual = *inputs.weighted_degree_days;
  if (actual.value().sign() <= 0) {
    return failed_precondition(label + "the actual weighted degree days are " + actual.to_string() +
                                   "; normalisation divides by them",
                               "/inputs/weighted_degree_days");
  }
  const Kwh imported = figures.add("import", *inputs.electricity_import);
  const Kwh exported = figures.add("export", *inputs.electricity_export);
  const Kwh generated = figures.add("O", *inputs.pv_generation);
  const bool net_estimated = inputs.electricity_import->estimated || inputs.electricity_export->estimated;
  const Kwh net_import = figures.add("N", imported - exported, net_estimated, "import - export");
  const bool total_estimated = net_estimated || inputs.pv_generation->estimated;
  const Kwh total = figures.add("T", net_import + generated, total_estimated, "N + O, the home's total use");
  if (total.is_negative()) {
    return failed_precondition(label + "export exceeds import plus generation (total use " +
                                   total.to_string() + " kWh); check the PV submeter",
                               "/inputs/pv_generation");
  }
  const Kwh bundle = net_zero_bundle(terms, inputs, figures);
  RENOFEE_TRY(const UseSplit split,
              net_zero_split(terms, index, inputs, total, total_estimated, bundle, figures));
  const DegreeDays& normal = terms.normal_weighted_degree_days;
  figures.add("normal_weighted_degree_days", normal, false, "contract");
  figures.add("actual_weighted_degree_days", actual, false);
  RENOFEE_TRY(Decimal scaled, Decimal::divide(split.building.value() * normal.value(), actual.value(), 3,
                                              Rounding::half_even));
  const Kwh building_normalised =
      figures.add("W_normalised", Kwh(std::move(scaled)), split.building_estimated,
                  "W x normal / actual weighted degree days, half_even to 3 decimals");
  const bool estimated = total_estimated || split.building_estimated;
  const Kwh covered =
      figures.add("H_in_bundle", std::min(split.household, bundle), estimated, "min(H, bundle)");
  figures.add("H_above_bundle", Kwh(max0((split.household - bundle).value())), estimated,
              "max(0, H - bundle), the household's own");
  const Kwh required =
      figures.add("required", building_normalised + covered, estimated, "W_normalised + H_in_bundle");
  const Kwh shortfall = figures.add("shortfall", required - generated, estimated, "required - O");
  return Measurement{required.value(), shortfall.value(), estimated,
                     "generation O " + grouped(generated.value()) + " kWh must cover building use W' = W x " +
                         grouped(normal.value()) + " / " + grouped(actual.value()) + " = " +
                         grouped(building_normalised.value()) + " kWh (" +
                         std::string(to_string(terms.building_use)) +
                         ") plus household use up to the bundle " + grouped(covered.value()) +
                         " kWh (bundle " + grouped(bundle.value()) + " kWh, household used " +
                         grouped(split.household.value()) + " kWh) = " + grouped(required.value()) + " kWh"};
}

// One carrier's savings (Unit: unit::CubicMetres for gas, unit::Kwh for electricity). The caller has checked
// that the baseline is there.
template <typename Unit>
Measurement savings_of(const SavingsTerms& terms, const Measured<Unit>& use, const YearInputs& inputs,
                       Figures& figures) {
  const Baseline& baseline = *terms.baseline;
  const std::string unit(Unit::symbol);
  const Decimal days(inputs.period.days());
  const DegreeDays& degree_days = *inputs.weighted_degree_days;
  const Decimal& wdd = degree_days.value();
  figures.add("days", days, "day", false, "days of " + calendar::to_string(inputs.period));
  figures.add("actual_weighted_degree_days", degree_days, false);
  figures.add("baseline_per_day", baseline.per_day, unit + "/day", false, "contract");
  figures.add("baseline_per_weighted_degree_day", baseline.per_weighted_degree_day, unit + "/K.day", false,
              "contract");
  const Decimal adjusted = figures.add(
      "baseline_adjusted", baseline.per_day * days + baseline.per_weighted_degree_day * wdd, unit, false,
      "baseline_per_day x days + baseline_per_weighted_degree_day x actual_weighted_degree_days");
  const Decimal& actual_use = use.quantity.value();
  figures.add("actual_use", actual_use, unit, use.estimated,
              terms.carrier == SavingsCarrier::gas ? "gas" : "electricity import");
  const Decimal avoided =
      figures.add("avoided", adjusted - actual_use, unit, use.estimated, "baseline_adjusted - actual_use");
  figures.add("guaranteed_savings", terms.guaranteed_savings, unit, false, "contract");
  const Decimal shortfall = figures.add("shortfall", terms.guaranteed_savings - avoided, unit, use.estimated,
                                        "guaranteed_savings - avoided");
  return Measurement{terms.guaranteed_savings, shortfall, use.estimated,
                     "avoided use = adjusted baseline " + grouped(baseline.per_day) + " x " + grouped(days) +
                         " d + " + grouped(baseline.per_weighted_degree_day) + " x " + grouped(wdd) +
                         " K.day = " + grouped(adjusted) + " " + unit + " - actual " + grouped(actual_use) +
                         " " + unit + " = " + grouped(avoided) + " " + unit +
                         " against guaranteed savings of " + grouped(terms.guaranteed_savings) + " " + unit};
}

std::string model_text(const CaltrackBaseline& b) {
  std::string text = "CalTRACK " + std::string(to_string(b.form)) + " " + std::string(to_string(b.model));
  if (b.heating_balance_point_c)
    text += ", heating balance point " + b.heating_balance_point_c->to_string() + " C";
  if (b.cooling_balance_point_c)
    text += ", cooling balance point " + b.cooling_balance_point_c->to_string() + " C";
  return text;
}

std::string dates_text(const std::vector<calendar::Date>& days) {
  std::string text;
  for (std::size_t i = 0; i < days.size() && i < 10; ++i)
    text += (i ? ", " : "") + calendar::to_string(days[i]);
  return text + (days.size() > 10 ? ", ..." : "");
}

// Savings against a frozen CalTRACK baseline, day by day (caltrack_baseline.hpp).
Result<Measurement> caltrack_savings(const SavingsTerms& terms, const YearInputs& inputs, Figures& figures) {
  const CaltrackBaseline& b = *terms.caltrack;
  const std::string unit = terms.carrier == SavingsCarrier::gas ? "m3" : "kWh";
  RENOFEE_TRY(const AvoidedUse a, avoided_use(b, *inputs.reporting_days));
  if (a.counted == 0) {
    return failed_precondition("no day of " + calendar::to_string(inputs.period) +
                                   " has both use and weather: there is nothing to compare with the baseline",
                               "/inputs/reporting_days");
  }
  const Decimal period_days(inputs.period.days());
  figures.add("days", period_days, "day", false, "days of " + calendar::to_string(inputs.period));
  figures.add("days_counted", Decimal(a.counted), "day", false, "days with use and a mean temperature");
  figures.add("days_without_weather", Decimal(static_cast<int>(a.without_weather.size())), "day", false,
              "no TG at the station or its fill station");
  figures.add("days_without_use", Decimal(static_cast<int>(a.without_use.size())), "day", false,
              "no reading covers the day");
  figures.add("use_on_days_without_weather", a.use_left_out, unit, false, "not compared");
  figures.add("baseline_intercept", b.intercept, unit + "/day", false, "contract");
  if (b.heating_balance_point_c) {
    figures.add("heating_balance_point", *b.heating_balance_point_c, "C", false, "contract");
    figures.add("baseline_beta_hdd", b.beta_hdd, unit + "/K.day", false, "contract");
  }
  if (b.cooling_balance_point_c) {
    figures.add("cooling_balance_point", *b.cooling_balance_point_c, "C", false, "contract");
    figures.add("baseline_beta_cdd", b.beta_cdd, unit + "/K.day", false, "contract");
  }
  figures.add("counterfactual", a.counterfactual, unit, false,
              "sum over counted days of intercept + beta_hdd x max(0, hbp - T) + beta_cdd x max(0, T - cbp)");
  figures.add("observed", a.observed, unit, a.estimated, "use on the counted days");
  figures.add("avoided", a.avoided, unit, a.estimated, "counterfactual - observed");
  const std::string confidence = (b.settings.confidence_level * Decimal(100)).trimmed().to_string() + "%";
  if (a.ols_band)
    figures.add("avoided_band_ols", *a.ols_band, unit, a.estimated,
                "OLS band, " + confidence + " confidence");
  if (a.fsu_band)
    figures.add("avoided_band_fsu", *a.fsu_band, unit, a.estimated,
                "FSU band, " + confidence + " confidence");
  figures.add("guaranteed_savings", terms.guaranteed_savings, unit, false, "contract");
  const Decimal guaranteed = figures.add(
      "guaranteed_savings_counted",
      Decimal::divide(terms.guaranteed_savings * Decimal(a.counted), period_days, 3, Rounding::half_even)
          .value(),
      unit, false, "guaranteed_savings x days_counted / days, half_even to 3 decimals");
  const Decimal shortfall = figures.add("shortfall", guaranteed - a.avoided, unit, a.estimated,
                                        "guaranteed_savings_counted - avoided");
  std::string description = "avoided use (" + model_text(b) + ") = counterfactual " +
                            grouped(a.counterfactual) + " " + unit + " - observed " + grouped(a.observed) +
                            " " + unit + " = " + grouped(a.avoided) + " " + unit;
  if (a.ols_band && a.fsu_band) {
    description += " (+/- " + grouped(*a.ols_band) + " OLS, +/- " + grouped(*a.fsu_band) + " FSU at " +
                   confidence + " confidence)";
  }
  description += " over " + std::to_string(a.counted) + " of " + period_days.to_string() + " days";
  if (!a.without_weather.empty())
    description += "; " + std::to_string(a.without_weather.size()) +
                   " day(s) without weather not compared (" + dates_text(a.without_weather) + "; their use " +
                   grouped(a.use_left_out) + " " + unit + ")";
  if (!a.without_use.empty())
    description += "; " + std::to_string(a.without_use.size()) + " day(s) without use (" +
                   dates_text(a.without_use) + ")";
  description += ", against guaranteed savings of " + grouped(terms.guaranteed_savings) + " " + unit;
  if (a.counted != inputs.period.days()) description += " prorated to " + grouped(guaranteed) + " " + unit;
  Measurement out{guaranteed, shortfall, a.estimated, description};
  out.ols_band = a.ols_band;
  out.fsu_band = a.fsu_band;
  out.confidence = confidence;
  out.days_left_out = DaysLeftOut{a.without_weather, a.without_use};
  return out;
}

Result<Measurement> savings(const SavingsTerms& terms, const YearInputs& inputs, Figures& figures) {
  if (terms.caltrack) return caltrack_savings(terms, inputs, figures);
  return terms.carrier == SavingsCarrier::gas
             ? savings_of(terms, *inputs.gas, inputs, figures)
             : savings_of(terms, *inputs.electricity_import, inputs, figures);
}

Result<Measurement> pv_yield(const PvYieldTerms& terms, int index, const YearInputs& inputs,
                             Figures& figures) {
  const Irradiance& normal = terms.normal_irradiance;
  if (normal.value().sign() <= 0) {
    return failed_precondition("guarantee " + std::to_string(index) + " (pv_yield): normal irradiance " +
                                   normal.to_string() + " is not positive",
                               "/guarantees/" + std::to_string(index) + "/normal_irradiance_j_cm2");
  }
  const MeasuredKwh& generated = *inputs.pv_generation;  // O
  figures.add("guaranteed_kwh", terms.guaranteed, false, "contract");
  if (!terms.normalised) {
    const Kwh expected = figures.add("expected", terms.guaranteed, false, "guaranteed_kwh, not normalised");
    figures.add("O", generated);
    const Kwh shortfall =
        figures.add("shortfall", expected - generated.quantity, generated.estimated, "expected - O");
    return Measurement{expected.value(), shortfall.value(), generated.estimated,
                       "expected generation = " + grouped(expected.value()) +
                           " kWh whatever the weather (not normalised) against " +
                           grouped(generated.quantity.value()) + " kWh generated"};
  }
  const Irradiance& actual = *inputs.irradiance;
  figures.add("actual_irradiance", actual, false);
  figures.add("normal_irradiance", normal, false, "contract");
  RENOFEE_TRY(Decimal scaled, Decimal::divide(terms.guaranteed.value() * actual.value(), normal.value(), 3,
                                              Rounding::half_even));
  const Kwh expected = figures.add("expected", Kwh(std::move(scaled)), false,
                                   "guaranteed_kwh x actual / normal irradiance, half_even to 3 decimals");
  figures.add("O", generated);
  const Kwh shortfall =
      figures.add("shortfall", expected - generated.quantity, generated.estimated, "expected - O");
  return Measurement{expected.value(), shortfall.value(), generated.estimated,
                     "expected generation = " + grouped(terms.guaranteed.value()) + " kWh x " +
                         grouped(actual.value()) + " / " + grouped(normal.value()) +
                         " J/cm2 = " + grouped(expected.value()) + " kWh against " +
                         grouped(generated.quantity.value()) + " kWh generated"};
}

// The price per unit of guarantee year `inputs.year_index`: the CBS price for epv_generation, else the
// contract price escalated (price_in_year).
Decimal price_of_year(const Guarantee& guarantee, const YearInputs& inputs, const std::string& unit,
                      Figures& figures) {
  const bool epv = guarantee.kind == Kind::epv_generation;
  const Price* price_terms = std::visit(
      [](const auto& terms) -> const Price* {
        if constexpr (requires { terms.price; }) {
          return &terms.price;
        } else {
          return nullptr;
        }
      },
      guarantee.terms);
  const Decimal price =
      epv ? inputs.cbs_average_price->value() : price_in_year(*price_terms, inputs.year_index);
  return figures.add("price", price, "EUR/" + unit, false,
                     epv ? std::string("CBS average end-user electricity price of the tariff")
                         : "price_per_unit x (1 + price_escalation)^" +
                               std::to_string(inputs.year_index - 1) + ", half_up to 5 decimals");
}

// The shortfall split by the deadband, in the guarantee's unit.
struct Quantities {
  Decimal shortfall;  // max(0, shortfall)
  Decimal surplus;    // max(0, -shortfall)
  Decimal free;       // the deadband quantity (0 without a deadband)
  Decimal payable;    // what the deadband leaves to be paid
};

Quantities apply_deadband(const Deadband& deadband, const Measurement& measurement, const std::string& unit,
                          Figures& figures) {
  Quantities quantities{max0(measurement.shortfall), max0(-measurement.shortfall), Decimal(), Decimal()};
  quantities.payable = quantities.shortfall;
  if (deadband.mode != DeadbandMode::none && deadband.band) {
    const std::optional<Decimal>& band =
        *deadband.band == UncertaintyBand::ols ? measurement.ols_band : measurement.fsu_band;
    quantities.free = band.value_or(Decimal(0));
    figures.add("deadband_quantity", quantities.free, unit, false,
                "the " + std::string(to_string(*deadband.band)) + " band of avoided use");
  } else if (deadband.mode != DeadbandMode::none) {
    quantities.free = percent_of(deadband.percent, measurement.guaranteed);
    figures.add("deadband_quantity", quantities.free, unit, false, "deadband percent x guaranteed amount");
  }
  if (deadband.mode != DeadbandMode::none) {
    if (deadband.mode == DeadbandMode::threshold) {
      quantities.payable = quantities.shortfall > quantities.free ? quantities.shortfall : Decimal(0);
    } else {
      quantities.payable = max0(quantities.shortfall - quantities.free);
    }
  }
  figures.add("payable_quantity", quantities.payable, unit, measurement.estimated,
              deadband.mode == DeadbandMode::none        ? "max(0, shortfall)"
              : deadband.mode == DeadbandMode::threshold ? "shortfall when above deadband_quantity, else 0"
                                                         : "max(0, shortfall - deadband_quantity)");
  return quantities;
}

// The quantities valued at `price` (half_up cents), the yearly cap and, for savings, the excess share.
void value_quantities(const Guarantee& guarantee, const Decimal& price, const Quantities& quantities,
                      bool estimated, Figures& figures, GuaranteeResult& result) {
  result.shortfall_value = cents_half_up(quantities.shortfall * price);
  result.surplus_value = cents_half_up(quantities.surplus * price);
  result.after_deadband = cents_half_up(quantities.payable * price);
  const std::optional<Money>& cap = guarantee.yearly_cap;
  result.payable = cap && result.after_deadband > *cap ? *cap : result.after_deadband;
  figures.add("shortfall_value", result.shortfall_value, estimated,
              "max(0, shortfall) x price, half_up cents");
  figures.add("surplus_value", result.surplus_value, estimated, "max(0, -shortfall) x price, half_up cents");
  figures.add("after_deadband", result.after_deadband, estimated, "payable_quantity x price, half_up cents");
  figures.add("payable", result.payable, estimated,
              cap ? "min(after_deadband, yearly cap " + cap->to_string() + " EUR)" : "after_deadband");
  if (const auto* savings_terms = std::get_if<SavingsTerms>(&guarantee.terms)) {
    result.excess_share = cents_half_up(result.surplus_value.value() * savings_terms->excess_share_percent *
                                        Decimal::parse("0.01").value());
    figures.add("excess_share", result.excess_share, estimated,
                "surplus_value x excess_share_percent / 100, half_up cents");
  }
}

Status status_of(const Quantities& quantities) {
  if (quantities.shortfall.is_zero()) return Status::met;
  return quantities.payable.is_zero() ? Status::within_deadband : Status::shortfall;
}

// The outcome half of the rule sentence: met (with any surplus and excess share) or the shortfall through the
// deadband to the money, and the cap when it applied.
std::string outcome_text(const Guarantee& guarantee, const Measurement& measurement, const Decimal& price,
                         const Quantities& quantities, const GuaranteeResult& result) {
  const std::string& unit = result.unit;
  const std::string price_text = price.to_string() + " EUR/" + unit;
  if (quantities.shortfall.is_zero()) {
    std::string outcome = quantities.surplus.is_zero()
                              ? "met exactly"
                              : "met with " + grouped(quantities.surplus) + " " + unit + " to spare (worth " +
                                    grouped(result.surplus_value.value()) + " EUR at " + price_text + ")";
    const auto* savings_terms = std::get_if<SavingsTerms>(&guarantee.terms);
    if (savings_terms && !result.excess_share.is_zero()) {
      outcome += "; excess share " + percent_text(savings_terms->excess_share_percent) + " of " +
                 grouped(result.surplus_value.value()) + " EUR = " + grouped(result.excess_share.value()) +
                 " EUR charged to the resident";
    }
    return outcome;
  }
  const std::string percent = guarantee.deadband.band
                                  ? "at the " + std::string(to_string(*guarantee.deadband.band)) + " band (" +
                                        measurement.confidence + " confidence)"
                                  : percent_text(guarantee.deadband.percent);
  const std::string short_text =
      grouped(quantities.shortfall) + " " + unit + " short of " + grouped(measurement.guaranteed);
  const std::string valued = grouped(quantities.payable) + " " + unit + " x " + price_text + " = " +
                             grouped(result.after_deadband.value()) + " EUR";
  const std::string free = grouped(quantities.free) + " " + unit;
  const bool nothing_due = quantities.payable.is_zero();
  std::string outcome;
  switch (guarantee.deadband.mode) {
    case DeadbandMode::none:
      outcome = "no deadband: " + short_text + ", " + valued;
      break;
    case DeadbandMode::threshold:
      outcome = "threshold " + percent + ": " + short_text +
                (nothing_due ? ", not more than " + free + ": nothing due"
                             : ", more than " + free + ", so all of it: " + valued);
      break;
    case DeadbandMode::franchise:
      outcome = "franchise " + percent + ": " + short_text + ", " + free + " free" +
                (nothing_due ? ": nothing due" : ", " + valued);
      break;
  }
  if (result.payable < result.after_deadband)
    outcome += ", capped at " + grouped(result.payable.value()) + " EUR";
  return outcome;
}

// The common part: price, deadband, valuation, cap, excess share, status and the rule text.
void settle_money(const Guarantee& guarantee, const YearInputs& inputs, const Measurement& measurement,
                  Figures& figures, GuaranteeResult& result) {
  const Decimal price = price_of_year(guarantee, inputs, result.unit, figures);
  result.price = price;
  const Quantities quantities = apply_deadband(guarantee.deadband, measurement, result.unit, figures);
  value_quantities(guarantee, price, quantities, measurement.estimated, figures, result);
  result.status = status_of(quantities);
  result.rule = std::string(to_string(guarantee.kind)) + " guarantee year " +
                std::to_string(inputs.year_index) + ": " + measurement.description + "; " +
                outcome_text(guarantee, measurement, price, quantities, result) + ".";
}

}  // namespace

std::string_view to_string(Input input) noexcept {
  for (const auto& [item, name] : input_names) {
    if (item == input) return name;
  }
  return "unknown";
}

std::string_view to_string(Status status) noexcept {
  for (const auto& [item, name] : status_names) {
    if (item == status) return name;
  }
  return "unknown";
}

bool set_metered(YearInputs& inputs, Input input, const Decimal& value, bool estimated) {
  switch (input) {
    case Input::electricity_import:
      inputs.electricity_import = MeasuredKwh{Kwh(value), estimated};
      return true;
    case Input::electricity_export:
      inputs.electricity_export = MeasuredKwh{Kwh(value), estimated};
      return true;
    case Input::gas:
      inputs.gas = MeasuredGas{CubicMetres(value), estimated};
      return true;
    case Input::heat_pump:
      inputs.heat_pump = MeasuredKwh{Kwh(value), estimated};
      return true;
    case Input::pv_generation:
      inputs.pv_generation = MeasuredKwh{Kwh(value), estimated};
      return true;
    case Input::weighted_degree_days:
    case Input::irradiance:
    case Input::cbs_average_price:
    case Input::reporting_days:
      return false;
  }
  return false;
}

std::vector<Input> required_inputs(const Guarantee& guarantee) {
  switch (kind_of(guarantee.terms)) {
    case Kind::epv_generation:
      return {Input::heat_pump, Input::pv_generation, Input::cbs_average_price};
    case Kind::net_zero:
      if (std::get<NetZeroTerms>(guarantee.terms).building_use == BuildingUse::total_minus_bundle)
        return {Input::electricity_import, Input::electricity_export, Input::pv_generation,
                Input::weighted_degree_days};
      return {Input::electricity_import, Input::electricity_export, Input::heat_pump, Input::pv_generation,
              Input::weighted_degree_days};
    case Kind::savings: {
      const SavingsTerms& terms = std::get<SavingsTerms>(guarantee.terms);
      const Input use = terms.carrier == SavingsCarrier::gas ? Input::gas : Input::electricity_import;
      if (terms.caltrack) return {use, Input::reporting_days};
      return {use, Input::weighted_degree_days};
    }
    case Kind::pv_yield:
      if (!std::get<PvYieldTerms>(guarantee.terms).normalised) return {Input::pv_generation};
      return {Input::pv_generation, Input::irradiance};
  }
  return {};
}

Result<GuaranteeResult> evaluate(const Guarantee& guarantee, int index, const YearInputs& inputs) {
  const std::string at = "/guarantees/" + std::to_string(index);
  if (inputs.year_index < 1) {
    return invalid_argument("guarantee year " + std::to_string(inputs.year_index) + " is not 1 or later",
                            "/inputs/year_index");
  }
  if (kind_of(guarantee.terms) != guarantee.kind) {
    return invalid_argument("kind " + std::string(to_string(guarantee.kind)) + " does not match its terms (" +
                                std::string(to_string(kind_of(guarantee.terms))) + ")",
                            at + "/kind");
  }
  GuaranteeResult result;
  result.index = index;
  result.kind = guarantee.kind;
  result.netted = guarantee.netted;
  result.unit = std::string(quantity_unit(guarantee));
  result.shortfall_value = result.surplus_value = result.after_deadband = result.payable =
      result.excess_share = cents(0);
  if (inputs.year_index > guarantee.term_years) {
    result.status = Status::term_ended;
    result.rule = std::string(to_string(guarantee.kind)) + " guarantee year " +
                  std::to_string(inputs.year_index) + " is after the " +
                  std::to_string(guarantee.term_years) + "-year term: no compensation due.";
    return result;
  }
  if (const auto* savings_terms = std::get_if<SavingsTerms>(&guarantee.terms);
      savings_terms && !savings_terms->baseline && !savings_terms->caltrack) {
    return failed_precondition(
        "guarantee " + std::to_string(index) +
            " (savings) has no frozen baseline: fit one from pre-renovation data first",
        at + "/baseline");
  }
  std::string missing;
  std::string first_missing;
  for (Input input : required_inputs(guarantee)) {
    if (present(inputs, input)) continue;
    missing += (missing.empty() ? "" : ", ") + std::string(to_string(input));
    if (first_missing.empty()) first_missing = to_string(input);
  }
  if (!missing.empty()) {
    return failed_precondition("guarantee " + std::to_string(index) + " (" +
                                   std::string(to_string(guarantee.kind)) + ") year " +
                                   std::to_string(inputs.year_index) + " lacks: " + missing,
                               "/inputs/" + first_missing);
  }

  Figures figures;
  Result<Measurement> measurement = std::visit(
      [&](const auto& terms) -> Result<Measurement> {
        using T = std::decay_t<decltype(terms)>;
        if constexpr (std::is_same_v<T, EpvTerms>) {
          return epv_generation(terms, inputs, figures);
        } else if constexpr (std::is_same_v<T, NetZeroTerms>) {
          return net_zero(terms, index, inputs, figures);
        } else if constexpr (std::is_same_v<T, SavingsTerms>) {
          return savings(terms, inputs, figures);
        } else {
          return pv_yield(terms, index, inputs, figures);
        }
      },
      guarantee.terms);
  if (!measurement) return measurement.error();
  result.guaranteed = measurement->guaranteed;
  result.shortfall = measurement->shortfall;
  result.estimated = measurement->estimated;
  result.days_left_out = measurement->days_left_out;
  settle_money(guarantee, inputs, *measurement, figures, result);
  result.figures = figures.take();
  return result;
}

}  // namespace renofee::guarantee
