#include "renofee/core/guarantee/evaluate.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace renofee::guarantee {
namespace {

constexpr std::array<std::pair<Input, std::string_view>, 8> input_names{{
    {Input::electricity_import, "electricity_import"},
    {Input::electricity_export, "electricity_export"},
    {Input::gas, "gas"},
    {Input::heat_pump, "heat_pump"},
    {Input::pv_generation, "pv_generation"},
    {Input::weighted_degree_days, "weighted_degree_days"},
    {Input::irradiance, "irradiance"},
    {Input::cbs_average_price, "cbs_average_price"},
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

bool present(const YearInputs& in, Input input) {
  switch (input) {
    case Input::electricity_import:
      return in.electricity_import.has_value();
    case Input::electricity_export:
      return in.electricity_export.has_value();
    case Input::gas:
      return in.gas.has_value();
    case Input::heat_pump:
      return in.heat_pump.has_value();
    case Input::pv_generation:
      return in.pv_generation.has_value();
    case Input::weighted_degree_days:
      return in.weighted_degree_days.has_value();
    case Input::irradiance:
      return in.irradiance.has_value();
    case Input::cbs_average_price:
      return in.cbs_average_price.has_value();
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
  std::vector<Figure> take() { return std::move(list_); }

 private:
  std::vector<Figure> list_;
};

// What a kind-specific part hands to the common money part.
struct Measurement {
  Decimal guaranteed;  // the amount the deadband percent applies to
  Decimal shortfall;   // guaranteed-side minus performance; negative = surplus
  bool estimated = false;
  std::string description;  // the kind's formula with its figures, for the rule text
};

Measurement epv_generation(const EpvTerms& terms, const YearInputs& in, Figures& f) {
  const Measured& o = *in.pv_generation;
  const Measured& w = *in.heat_pump;
  f.add("O", o.value, "kWh", o.estimated);
  f.add("W", w.value, "kWh", w.estimated);
  f.add("G", terms.g_fixed.value(), "kWh", false,
        terms.g_fixed == Kwh(Decimal(700)) ? "fixed 700 kWh" : "contract");
  const bool estimated = o.estimated || w.estimated;
  const Decimal h = f.add("H", o.value - w.value - terms.g_fixed.value(), "kWh", estimated, "O - W - G");
  const Decimal h_min = terms.h_min ? terms.h_min->value() : epv_default_h_min(in.dwelling_type).value();
  f.add("H_min", h_min, "kWh", false,
        terms.h_min ? "contract"
                    : std::string("EPV 2.0 table, ") + std::string(tariffs::to_string(in.dwelling_type)));
  const Decimal shortfall = f.add("shortfall", h_min - h, "kWh", estimated, "H_min - H");
  return {h_min, shortfall, estimated,
          "H = O - W - G = " + grouped(o.value) + " - " + grouped(w.value) + " - " +
              grouped(terms.g_fixed.value()) + " = " + grouped(h) + " kWh against H_min " + grouped(h_min) +
              " kWh"};
}

Result<Measurement> net_zero(const NetZeroTerms& terms, int index, const YearInputs& in, Figures& f) {
  const Measured& imp = *in.electricity_import;
  const Measured& exp = *in.electricity_export;
  const Measured& w = *in.heat_pump;
  const DegreeDays& actual = *in.weighted_degree_days;
  if (actual.value().sign() <= 0) {
    return failed_precondition("guarantee " + std::to_string(index) +
                                   " (net_zero): the actual weighted degree days are " + actual.to_string() +
                                   "; normalisation divides by them",
                               "/inputs/weighted_degree_days");
  }
  f.add("import", imp.value, "kWh", imp.estimated);
  f.add("export", exp.value, "kWh", exp.estimated);
  const bool n_estimated = imp.estimated || exp.estimated;
  const Decimal n = f.add("N", imp.value - exp.value, "kWh", n_estimated, "import - export");
  f.add("W", w.value, "kWh", w.estimated);
  const Decimal& normal = terms.normal_weighted_degree_days.value();
  f.add("normal_weighted_degree_days", normal, "K.day", false, "contract");
  f.add("actual_weighted_degree_days", actual.value(), "K.day", false);
  RENOFEE_TRY(Decimal w_scaled, Decimal::divide(w.value * normal, actual.value(), 3, Rounding::half_even));
  const Decimal w_norm = f.add("W_normalised", std::move(w_scaled), "kWh", w.estimated,
                               "W x normal / actual weighted degree days, half_even to 3 decimals");
  const bool estimated = n_estimated || w.estimated;
  const Decimal n_norm =
      f.add("N_normalised", n - w.value + w_norm, "kWh", estimated, "N - W + W_normalised");
  f.add("floor_area", Decimal(in.floor_area_m2), "m2", false);
  f.add("allowance_per_m2", terms.allowance_per_m2.value(), "kWh/m2", false, "contract");
  const Decimal uncapped = terms.allowance_per_m2.value() * Decimal(in.floor_area_m2);
  f.add("allowance_uncapped", uncapped, "kWh", false, "allowance_per_m2 x floor_area");
  Decimal allowance = uncapped;
  if (terms.allowance_cap) {
    f.add("allowance_cap", terms.allowance_cap->value(), "kWh", false, "contract");
    allowance = std::min(uncapped, terms.allowance_cap->value());
  }
  f.add("allowance", allowance, "kWh", false,
        terms.allowance_cap ? "min(allowance_uncapped, allowance_cap)" : "");
  const Decimal shortfall =
      f.add("shortfall", n_norm - allowance, "kWh", estimated, "N_normalised - allowance");
  return Measurement{allowance, shortfall, estimated,
                     "normalised net import N' = N - W + W x " + grouped(normal) + " / " +
                         grouped(actual.value()) + " = " + grouped(n) + " - " + grouped(w.value) + " + " +
                         grouped(w_norm) + " = " + grouped(n_norm) + " kWh against the allowance of " +
                         grouped(allowance) + " kWh"};
}

// The caller has checked that the baseline is there.
Measurement savings(const SavingsTerms& terms, const YearInputs& in, Figures& f) {
  const Baseline& baseline = *terms.baseline;
  const bool gas = terms.carrier == SavingsCarrier::gas;
  const std::string unit = gas ? "m3" : "kWh";
  const Measured& use = gas ? *in.gas : *in.electricity_import;
  const Decimal days(in.period.days());
  const Decimal& wdd = in.weighted_degree_days->value();
  f.add("days", days, "day", false, "days of " + calendar::to_string(in.period));
  f.add("actual_weighted_degree_days", wdd, "K.day", false);
  f.add("baseline_per_day", baseline.per_day, unit + "/day", false, "contract");
  f.add("baseline_per_weighted_degree_day", baseline.per_weighted_degree_day, unit + "/K.day", false,
        "contract");
  const Decimal adjusted = f.add(
      "baseline_adjusted", baseline.per_day * days + baseline.per_weighted_degree_day * wdd, unit, false,
      "baseline_per_day x days + baseline_per_weighted_degree_day x actual_weighted_degree_days");
  f.add("actual_use", use.value, unit, use.estimated, gas ? "gas" : "electricity import");
  const Decimal avoided =
      f.add("avoided", adjusted - use.value, unit, use.estimated, "baseline_adjusted - actual_use");
  f.add("guaranteed_savings", terms.guaranteed_savings, unit, false, "contract");
  const Decimal shortfall = f.add("shortfall", terms.guaranteed_savings - avoided, unit, use.estimated,
                                  "guaranteed_savings - avoided");
  return Measurement{terms.guaranteed_savings, shortfall, use.estimated,
                     "avoided use = adjusted baseline " + grouped(baseline.per_day) + " x " + grouped(days) +
                         " d + " + grouped(baseline.per_weighted_degree_day) + " x " + grouped(wdd) +
                         " K.day = " + grouped(adjusted) + " " + unit + " - actual " + grouped(use.value) +
                         " " + unit + " = " + grouped(avoided) + " " + unit +
                         " against guaranteed savings of " + grouped(terms.guaranteed_savings) + " " + unit};
}

Result<Measurement> pv_yield(const PvYieldTerms& terms, int index, const YearInputs& in, Figures& f) {
  const Decimal& normal = terms.normal_irradiance.value();
  if (normal.sign() <= 0) {
    return failed_precondition("guarantee " + std::to_string(index) + " (pv_yield): normal irradiance " +
                                   normal.to_string() + " is not positive",
                               "/guarantees/" + std::to_string(index) + "/normal_irradiance_j_cm2");
  }
  const Measured& o = *in.pv_generation;
  const Decimal& actual = in.irradiance->value();
  f.add("guaranteed_kwh", terms.guaranteed.value(), "kWh", false, "contract");
  f.add("actual_irradiance", actual, "J/cm2", false);
  f.add("normal_irradiance", normal, "J/cm2", false, "contract");
  RENOFEE_TRY(Decimal scaled,
              Decimal::divide(terms.guaranteed.value() * actual, normal, 3, Rounding::half_even));
  const Decimal expected = f.add("expected", std::move(scaled), "kWh", false,
                                 "guaranteed_kwh x actual / normal irradiance, half_even to 3 decimals");
  f.add("O", o.value, "kWh", o.estimated);
  const Decimal shortfall = f.add("shortfall", expected - o.value, "kWh", o.estimated, "expected - O");
  return Measurement{expected, shortfall, o.estimated,
                     "expected generation = " + grouped(terms.guaranteed.value()) + " kWh x " +
                         grouped(actual) + " / " + grouped(normal) + " J/cm2 = " + grouped(expected) +
                         " kWh against " + grouped(o.value) + " kWh generated"};
}

// The common part: price, deadband, valuation, cap, excess share, status and the rule text.
void settle_money(const Guarantee& g, const YearInputs& in, const Measurement& m, Figures& f,
                  GuaranteeResult& r) {
  const std::string& unit = r.unit;
  const bool epv = g.kind == Kind::epv_generation;
  const Price* price_terms = std::visit(
      [](const auto& terms) -> const Price* {
        if constexpr (requires { terms.price; }) {
          return &terms.price;
        } else {
          return nullptr;
        }
      },
      g.terms);
  const Decimal price = epv ? in.cbs_average_price->value() : price_in_year(*price_terms, in.year_index);
  f.add("price", price, "EUR/" + unit, false,
        epv ? std::string("CBS average end-user electricity price of the tariff")
            : "price_per_unit x (1 + price_escalation)^" + std::to_string(in.year_index - 1) +
                  ", half_up to 5 decimals");
  r.price = price;

  const Decimal shortfall_qty = max0(m.shortfall);
  const Decimal surplus_qty = max0(-m.shortfall);
  const std::string pct = percent_text(g.deadband.percent);
  Decimal payable_qty = shortfall_qty;
  Decimal free_qty;
  if (g.deadband.mode != DeadbandMode::none) {
    free_qty = percent_of(g.deadband.percent, m.guaranteed);
    f.add("deadband_quantity", free_qty, unit, false, "deadband percent x guaranteed amount");
    if (g.deadband.mode == DeadbandMode::threshold) {
      payable_qty = shortfall_qty > free_qty ? shortfall_qty : Decimal(0);
    } else {
      payable_qty = max0(shortfall_qty - free_qty);
    }
  }
  f.add("payable_quantity", payable_qty, unit, m.estimated,
        g.deadband.mode == DeadbandMode::none        ? "max(0, shortfall)"
        : g.deadband.mode == DeadbandMode::threshold ? "shortfall when above deadband_quantity, else 0"
                                                     : "max(0, shortfall - deadband_quantity)");
  r.shortfall_value = cents_half_up(shortfall_qty * price);
  r.surplus_value = cents_half_up(surplus_qty * price);
  r.after_deadband = cents_half_up(payable_qty * price);
  r.payable = g.yearly_cap && r.after_deadband > *g.yearly_cap ? *g.yearly_cap : r.after_deadband;
  f.add("shortfall_value", r.shortfall_value.value(), "EUR", m.estimated,
        "max(0, shortfall) x price, half_up cents");
  f.add("surplus_value", r.surplus_value.value(), "EUR", m.estimated,
        "max(0, -shortfall) x price, half_up cents");
  f.add("after_deadband", r.after_deadband.value(), "EUR", m.estimated,
        "payable_quantity x price, half_up cents");
  f.add("payable", r.payable.value(), "EUR", m.estimated,
        g.yearly_cap ? "min(after_deadband, yearly cap " + g.yearly_cap->to_string() + " EUR)"
                     : "after_deadband");
  if (const auto* s = std::get_if<SavingsTerms>(&g.terms)) {
    r.excess_share =
        cents_half_up(r.surplus_value.value() * s->excess_share_percent * Decimal::parse("0.01").value());
    f.add("excess_share", r.excess_share.value(), "EUR", m.estimated,
          "surplus_value x excess_share_percent / 100, half_up cents");
  }

  const std::string price_text = price.to_string() + " EUR/" + unit;
  std::string outcome;
  if (shortfall_qty.is_zero()) {
    r.status = Status::met;
    outcome = surplus_qty.is_zero() ? "met exactly"
                                    : "met with " + grouped(surplus_qty) + " " + unit + " to spare (worth " +
                                          grouped(r.surplus_value.value()) + " EUR at " + price_text + ")";
    if (const auto* s = std::get_if<SavingsTerms>(&g.terms); s && !r.excess_share.is_zero()) {
      outcome += "; excess share " + percent_text(s->excess_share_percent) + " of " +
                 grouped(r.surplus_value.value()) + " EUR = " + grouped(r.excess_share.value()) +
                 " EUR charged to the resident";
    }
  } else {
    const std::string short_text = grouped(shortfall_qty) + " " + unit + " short of " + grouped(m.guaranteed);
    const std::string valued = grouped(payable_qty) + " " + unit + " x " + price_text + " = " +
                               grouped(r.after_deadband.value()) + " EUR";
    switch (g.deadband.mode) {
      case DeadbandMode::none:
        r.status = Status::shortfall;
        outcome = "no deadband: " + short_text + ", " + valued;
        break;
      case DeadbandMode::threshold:
        r.status = payable_qty.is_zero() ? Status::within_deadband : Status::shortfall;
        outcome = "threshold " + pct + ": " + short_text +
                  (payable_qty.is_zero()
                       ? ", not more than " + grouped(free_qty) + " " + unit + ": nothing due"
                       : ", more than " + grouped(free_qty) + " " + unit + ", so all of it: " + valued);
        break;
      case DeadbandMode::franchise:
        r.status = payable_qty.is_zero() ? Status::within_deadband : Status::shortfall;
        outcome = "franchise " + pct + ": " + short_text + ", " + grouped(free_qty) + " " + unit + " free" +
                  (payable_qty.is_zero() ? ": nothing due" : ", " + valued);
        break;
    }
    if (r.payable < r.after_deadband) outcome += ", capped at " + grouped(r.payable.value()) + " EUR";
  }
  r.rule = std::string(to_string(g.kind)) + " guarantee year " + std::to_string(in.year_index) + ": " +
           m.description + "; " + outcome + ".";
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

std::vector<Input> required_inputs(const Guarantee& guarantee) {
  switch (kind_of(guarantee.terms)) {
    case Kind::epv_generation:
      return {Input::heat_pump, Input::pv_generation, Input::cbs_average_price};
    case Kind::net_zero:
      return {Input::electricity_import, Input::electricity_export, Input::heat_pump,
              Input::weighted_degree_days};
    case Kind::savings:
      return {std::get<SavingsTerms>(guarantee.terms).carrier == SavingsCarrier::gas
                  ? Input::gas
                  : Input::electricity_import,
              Input::weighted_degree_days};
    case Kind::pv_yield:
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
  GuaranteeResult r;
  r.index = index;
  r.kind = guarantee.kind;
  r.netted = guarantee.netted;
  r.unit = std::string(quantity_unit(guarantee));
  r.shortfall_value = r.surplus_value = r.after_deadband = r.payable = r.excess_share = cents(0);
  if (inputs.year_index > guarantee.term_years) {
    r.status = Status::term_ended;
    r.rule = std::string(to_string(guarantee.kind)) + " guarantee year " + std::to_string(inputs.year_index) +
             " is after the " + std::to_string(guarantee.term_years) + "-year term: no compensation due.";
    return r;
  }
  if (const auto* s = std::get_if<SavingsTerms>(&guarantee.terms); s && !s->baseline) {
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

  Figures f;
  Result<Measurement> measured = std::visit(
      [&](const auto& terms) -> Result<Measurement> {
        using T = std::decay_t<decltype(terms)>;
        if constexpr (std::is_same_v<T, EpvTerms>) {
          return epv_generation(terms, inputs, f);
        } else if constexpr (std::is_same_v<T, NetZeroTerms>) {
          return net_zero(terms, index, inputs, f);
        } else if constexpr (std::is_same_v<T, SavingsTerms>) {
          return savings(terms, inputs, f);
        } else {
          return pv_yield(terms, index, inputs, f);
        }
      },
      guarantee.terms);
  if (!measured) return measured.error();
  r.guaranteed = measured->guaranteed;
  r.shortfall = measured->shortfall;
  r.estimated = measured->estimated;
  settle_money(guarantee, inputs, *measured, f, r);
  r.figures = f.take();
  return r;
}

}  // namespace renofee::guarantee
