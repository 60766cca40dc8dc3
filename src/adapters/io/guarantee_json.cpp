#include "renofee/adapters/io/guarantee_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "renofee/adapters/io/json_reader.hpp"

namespace renofee::io {
namespace {

using namespace renofee::guarantee;

// A statistic written as a decimal string; read through Decimal (so the text is a valid decimal) and then
// converted to the nearest double by std::from_chars on its plain digits.
std::optional<double> read_statistic(JsonObjectReader& reader, std::string_view key) {
  const std::optional<Decimal> value = reader.decimal(key, Presence::required);
  if (!value) return std::nullopt;
  const std::string text = value->to_string();
  double out = 0;
  const std::from_chars_result result = std::from_chars(text.data(), text.data() + text.size(), out);
  if (result.ec != std::errc() || !std::isfinite(out)) {
    reader.problem(reader.pointer_to(key), "statistic " + text + " is out of range");
    return std::nullopt;
  }
  return out;
}

std::string statistic_text(double value) {
  char buffer[64];
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec != std::errc()) return "0";
  return std::string(buffer, result.ptr);
}

Price read_price(JsonObjectReader& reader) {
  Price price;
  assign_if_read(price.per_unit, reader.decimal("price_per_unit", Presence::required));
  assign_if_read(price.annual_escalation, reader.decimal("price_escalation", Presence::optional));
  return price;
}

std::optional<calendar::Date> read_date(JsonObjectReader& reader, std::string_view key) {
  const std::optional<std::string> text = reader.string(key, Presence::required, 10);
  if (!text) return std::nullopt;
  Result<calendar::Date> day = calendar::parse_date(*text);
  if (!day) {
    reader.problem(reader.pointer_to(key), day.error().message);
    return std::nullopt;
  }
  return *day;
}

// A frozen CalTRACK baseline ("model": "caltrack_daily" | "caltrack_billing"; docs/offers.md "Guarantees").
CaltrackBaseline read_caltrack(JsonObjectReader& reader, CaltrackForm form) {
  reader.reject_unknown({"model", "model_type", "heating_balance_point_c", "cooling_balance_point_c",
                         "intercept", "beta_hdd", "beta_cdd", "statistics", "settings"});
  CaltrackBaseline b;
  b.form = form;
  assign_if_read(b.model, read_enum(reader, "model_type", Presence::required, parse_caltrack_model));
  b.heating_balance_point_c = reader.decimal("heating_balance_point_c", Presence::optional);
  b.cooling_balance_point_c = reader.decimal("cooling_balance_point_c", Presence::optional);
  assign_if_read(b.intercept, reader.decimal("intercept", Presence::required));
  assign_if_read(b.beta_hdd, reader.decimal("beta_hdd", Presence::required));
  assign_if_read(b.beta_cdd, reader.decimal("beta_cdd", Presence::required));
  if (auto stats = reader.object("statistics", Presence::required)) {
    stats->reject_unknown({"observations", "parameters", "observed_mean", "observed_variance", "rmse_adj",
                           "autocorrelation", "r_squared_adj", "t_value", "candidates_qualified"});
    CaltrackStats& st = b.stats;
    assign_if_read(st.observations, stats->integer("observations", Presence::required, 0, 1000000));
    assign_if_read(st.parameters, stats->integer("parameters", Presence::required, 0, 2));
    assign_if_read(st.observed_mean, stats->decimal("observed_mean", Presence::required));
    assign_if_read(st.observed_variance, stats->decimal("observed_variance", Presence::required));
    assign_if_read(st.rmse_adj, stats->decimal("rmse_adj", Presence::required));
    assign_if_read(st.autocorrelation, stats->decimal("autocorrelation", Presence::required));
    assign_if_read(st.r_squared_adj, stats->decimal("r_squared_adj", Presence::required));
    assign_if_read(st.t_value, stats->decimal("t_value", Presence::required));
    assign_if_read(st.candidates_qualified,
                   stats->integer("candidates_qualified", Presence::required, 0, 1000000));
  }
  if (auto settings = reader.object("settings", Presence::required)) {
    settings->reject_unknown({"confidence_level", "grid_min_c", "grid_max_c", "grid_step_c", "fit_cdd",
                              "maximum_p_value", "baseline_begin", "baseline_end"});
    CaltrackSettings& se = b.settings;
    assign_if_read(se.confidence_level, settings->decimal("confidence_level", Presence::required));
    assign_if_read(se.grid_min_c, settings->decimal("grid_min_c", Presence::required));
    assign_if_read(se.grid_max_c, settings->decimal("grid_max_c", Presence::required));
    assign_if_read(se.grid_step_c, settings->decimal("grid_step_c", Presence::required));
    assign_if_read(se.fit_cdd, settings->boolean("fit_cdd", Presence::required));
    assign_if_read(se.maximum_p_value, settings->decimal("maximum_p_value", Presence::required));
    assign_if_read(se.baseline_begin, read_date(*settings, "baseline_begin"));
    assign_if_read(se.baseline_end, read_date(*settings, "baseline_end"));
  }
  return b;
}

Poco::JSON::Object::Ptr caltrack_json(const CaltrackBaseline& b) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("model", b.form == CaltrackForm::daily ? "caltrack_daily" : "caltrack_billing");
  out->set("model_type", std::string(to_string(b.model)));
  if (b.heating_balance_point_c) out->set("heating_balance_point_c", b.heating_balance_point_c->to_string());
  if (b.cooling_balance_point_c) out->set("cooling_balance_point_c", b.cooling_balance_point_c->to_string());
  out->set("intercept", b.intercept.to_string());
  out->set("beta_hdd", b.beta_hdd.to_string());
  out->set("beta_cdd", b.beta_cdd.to_string());
  Poco::JSON::Object::Ptr st = new Poco::JSON::Object;
  st->set("observations", b.stats.observations);
  st->set("parameters", b.stats.parameters);
  st->set("observed_mean", b.stats.observed_mean.to_string());
  st->set("observed_variance", b.stats.observed_variance.to_string());
  st->set("rmse_adj", b.stats.rmse_adj.to_string());
  st->set("autocorrelation", b.stats.autocorrelation.to_string());
  st->set("r_squared_adj", b.stats.r_squared_adj.to_string());
  st->set("t_value", b.stats.t_value.to_string());
  st->set("candidates_qualified", b.stats.candidates_qualified);
  out->set("statistics", st);
  Poco::JSON::Object::Ptr se = new Poco::JSON::Object;
  se->set("confidence_level", b.settings.confidence_level.to_string());
  se->set("grid_min_c", b.settings.grid_min_c.to_string());
  se->set("grid_max_c", b.settings.grid_max_c.to_string());
  se->set("grid_step_c", b.settings.grid_step_c.to_string());
  se->set("fit_cdd", b.settings.fit_cdd);
  se->set("maximum_p_value", b.settings.maximum_p_value.to_string());
  se->set("baseline_begin", calendar::to_string(b.settings.baseline_begin));
  se->set("baseline_end", calendar::to_string(b.settings.baseline_end));
  out->set("settings", se);
  return out;
}

Baseline read_baseline(JsonObjectReader& reader);

// The baseline object: a monthly OLS baseline (no "model", or "monthly_ols") or a CalTRACK one.
void read_any_baseline(JsonObjectReader& reader, SavingsTerms& terms) {
  const std::optional<std::string> model = reader.string("model", Presence::optional, 40);
  if (!model || *model == "monthly_ols") {
    terms.baseline = read_baseline(reader);
  } else if (*model == "caltrack_daily" || *model == "caltrack_billing") {
    terms.caltrack =
        read_caltrack(reader, *model == "caltrack_daily" ? CaltrackForm::daily : CaltrackForm::billing);
  } else {
    reader.problem(reader.pointer_to("model"), "unknown baseline model \"" + *model +
                                                   "\" (expected monthly_ols, caltrack_daily or "
                                                   "caltrack_billing)");
  }
}

Baseline read_baseline(JsonObjectReader& reader) {
  reader.reject_unknown({"model", "per_day", "per_weighted_degree_day", "fit"});
  Baseline baseline;
  assign_if_read(baseline.per_day, reader.decimal("per_day", Presence::required));
  assign_if_read(baseline.per_weighted_degree_day,
                 reader.decimal("per_weighted_degree_day", Presence::required));
  if (auto fit = reader.object("fit", Presence::optional)) {
    fit->reject_unknown({"r_squared", "cv_rmse", "nmbe", "months", "meets_ashrae14"});
    BaselineStats stats;
    assign_if_read(stats.r_squared, read_statistic(*fit, "r_squared"));
    assign_if_read(stats.cv_rmse, read_statistic(*fit, "cv_rmse"));
    assign_if_read(stats.nmbe, read_statistic(*fit, "nmbe"));
    assign_if_read(stats.months, fit->integer("months", Presence::required, 0, 10000));
    assign_if_read(stats.meets_ashrae14, fit->boolean("meets_ashrae14", Presence::required));
    baseline.fit = stats;
  }
  return baseline;
}

constexpr std::array<std::string_view, 7> common_keys = {
    "kind", "term_years", "deadband", "yearly_cap_eur", "netted", "station", "fill_station"};

// Refuses the keys a guarantee of this kind does not have.
void reject_unknown_keys(JsonObjectReader& reader, Kind kind) {
  auto known = [&](std::initializer_list<std::string_view> specific) {
    std::vector<std::string_view> all(common_keys.begin(), common_keys.end());
    all.insert(all.end(), specific);
    reader.reject_unknown(all);
  };
  switch (kind) {
    case Kind::epv_generation:
      known({"h_min_kwh", "g_fixed_kwh"});
      break;
    case Kind::net_zero:
      // The allowance rule (net import ≤ allowance) was not the NOM promise and is gone: a contract that
      // still names it is refused, never re-read under the new rule (docs/guarantees.md, "net_zero").
      for (std::string_view old_key : {"household_allowance_kwh_m2", "allowance_cap_kwh"}) {
        if (reader.has(old_key))
          reader.problem(
              reader.pointer_to(old_key),
              "the net-import allowance rule was replaced by the Nul op de Meter promise (generation "
              "covers building use plus the household bundle): use household_bundle_kwh_m2 and "
              "household_bundle_cap_kwh");
      }
      known({"household_bundle_kwh_m2", "household_bundle_cap_kwh", "building_use",
             "normal_weighted_degree_days", "price_per_unit", "price_escalation",
             "household_allowance_kwh_m2", "allowance_cap_kwh"});  // the old two are reported above
      break;
    case Kind::savings:
      known({"carrier", "guaranteed_savings", "baseline", "price_per_unit", "price_escalation",
             "excess_share_percent"});
      break;
    case Kind::pv_yield:
      known(
          {"guaranteed_kwh", "normal_irradiance_j_cm2", "normalised", "price_per_unit", "price_escalation"});
      break;
  }
}

// The kind-specific terms.
Terms read_terms(JsonObjectReader& reader, Kind kind) {
  switch (kind) {
    case Kind::epv_generation: {
      EpvTerms terms;
      if (auto h_min = reader.decimal("h_min_kwh", Presence::optional)) terms.h_min = Kwh(*h_min);
      assign_if_read(terms.g_fixed, reader.decimal("g_fixed_kwh", Presence::optional));
      return terms;
    }
    case Kind::net_zero: {
      NetZeroTerms terms;
      assign_if_read(terms.bundle_per_m2, reader.decimal("household_bundle_kwh_m2", Presence::required));
      if (auto cap = reader.decimal("household_bundle_cap_kwh", Presence::optional))
        terms.bundle_cap = Kwh(*cap);
      if (auto method = read_enum(reader, "building_use", Presence::optional, parse_building_use))
        terms.building_use = *method;
      assign_if_read(terms.normal_weighted_degree_days,
                     reader.decimal("normal_weighted_degree_days", Presence::required));
      terms.price = read_price(reader);
      return terms;
    }
    case Kind::savings: {
      SavingsTerms terms;
      assign_if_read(terms.carrier, read_enum(reader, "carrier", Presence::required, parse_savings_carrier));
      assign_if_read(terms.guaranteed_savings, reader.decimal("guaranteed_savings", Presence::required));
      if (auto baseline = reader.object("baseline", Presence::optional)) read_any_baseline(*baseline, terms);
      terms.price = read_price(reader);
      assign_if_read(terms.excess_share_percent, reader.decimal("excess_share_percent", Presence::optional));
      return terms;
    }
    case Kind::pv_yield: {
      PvYieldTerms terms;
      assign_if_read(terms.guaranteed, reader.decimal("guaranteed_kwh", Presence::required));
      assign_if_read(terms.normal_irradiance, reader.decimal("normal_irradiance_j_cm2", Presence::required));
      assign_if_read(terms.normalised, reader.boolean("normalised", Presence::optional));
      terms.price = read_price(reader);
      return terms;
    }
  }
  return Terms{};
}

Guarantee read_guarantee(JsonObjectReader& reader) {
  Guarantee out;
  const std::optional<Kind> kind = read_enum(reader, "kind", Presence::required, parse_kind);
  // Which keys are known depends on the kind; without a valid kind only the kind is reported.
  if (kind) reject_unknown_keys(reader, *kind);
  assign_if_read(out.term_years, reader.integer("term_years", Presence::required, -1000000, 1000000));
  if (auto deadband = reader.object("deadband", Presence::optional)) {
    deadband->reject_unknown({"mode", "percent", "band"});
    assign_if_read(out.deadband.mode, read_enum(*deadband, "mode", Presence::required, parse_deadband_mode));
    out.deadband.band = read_enum(*deadband, "band", Presence::optional, parse_uncertainty_band);
    const bool percent_needed = out.deadband.mode != DeadbandMode::none && !out.deadband.band;
    assign_if_read(out.deadband.percent,
                   deadband->decimal("percent", percent_needed ? Presence::required : Presence::optional));
  }
  if (auto cap = reader.decimal("yearly_cap_eur", Presence::optional)) out.yearly_cap = Money(*cap);
  assign_if_read(out.netted, reader.boolean("netted", Presence::optional));
  if (auto station = reader.integer("station", Presence::optional, -1000000, 1000000))
    out.station = static_cast<int>(*station);
  if (auto fill = reader.integer("fill_station", Presence::optional, -1000000, 1000000))
    out.fill_station = static_cast<int>(*fill);
  if (!kind) return out;  // the kind-specific keys mean nothing without a kind
  out.kind = *kind;
  out.terms = read_terms(reader, *kind);
  return out;
}

void set_price(Poco::JSON::Object::Ptr& object, const Price& price) {
  object->set("price_per_unit", price.per_unit.to_string());
  object->set("price_escalation", price.annual_escalation.to_string());
}

Poco::JSON::Object::Ptr guarantee_json(const Guarantee& guarantee) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("kind", std::string(to_string(guarantee.kind)));
  object->set("term_years", guarantee.term_years);
  Poco::JSON::Object::Ptr deadband = new Poco::JSON::Object;
  deadband->set("mode", std::string(to_string(guarantee.deadband.mode)));
  deadband->set("percent", guarantee.deadband.percent.to_string());
  if (guarantee.deadband.band) deadband->set("band", std::string(to_string(*guarantee.deadband.band)));
  object->set("deadband", deadband);
  if (guarantee.yearly_cap) object->set("yearly_cap_eur", guarantee.yearly_cap->to_string());
  object->set("netted", guarantee.netted);
  if (guarantee.station) object->set("station", *guarantee.station);
  if (guarantee.fill_station) object->set("fill_station", *guarantee.fill_station);
  std::visit(
      [&](const auto& terms) {
        using T = std::decay_t<decltype(terms)>;
        if constexpr (std::is_same_v<T, EpvTerms>) {
          if (terms.h_min) object->set("h_min_kwh", terms.h_min->to_string());
          object->set("g_fixed_kwh", terms.g_fixed.to_string());
        } else if constexpr (std::is_same_v<T, NetZeroTerms>) {
          object->set("household_bundle_kwh_m2", terms.bundle_per_m2.to_string());
          if (terms.bundle_cap) object->set("household_bundle_cap_kwh", terms.bundle_cap->to_string());
          object->set("building_use", std::string(to_string(terms.building_use)));
          object->set("normal_weighted_degree_days", terms.normal_weighted_degree_days.to_string());
          set_price(object, terms.price);
        } else if constexpr (std::is_same_v<T, SavingsTerms>) {
          object->set("carrier", std::string(to_string(terms.carrier)));
          object->set("guaranteed_savings", terms.guaranteed_savings.to_string());
          if (terms.baseline) {
            Poco::JSON::Object::Ptr baseline = new Poco::JSON::Object;
            baseline->set("per_day", terms.baseline->per_day.to_string());
            baseline->set("per_weighted_degree_day", terms.baseline->per_weighted_degree_day.to_string());
            if (terms.baseline->fit) {
              const BaselineStats& stats = *terms.baseline->fit;
              Poco::JSON::Object::Ptr fit = new Poco::JSON::Object;
              fit->set("r_squared", statistic_text(stats.r_squared));
              fit->set("cv_rmse", statistic_text(stats.cv_rmse));
              fit->set("nmbe", statistic_text(stats.nmbe));
              fit->set("months", stats.months);
              fit->set("meets_ashrae14", stats.meets_ashrae14);
              baseline->set("fit", fit);
            }
            object->set("baseline", baseline);
          }
          if (terms.caltrack) object->set("baseline", caltrack_json(*terms.caltrack));
          set_price(object, terms.price);
          object->set("excess_share_percent", terms.excess_share_percent.to_string());
        } else {
          object->set("guaranteed_kwh", terms.guaranteed.to_string());
          object->set("normal_irradiance_j_cm2", terms.normal_irradiance.to_string());
          if (!terms.normalised) object->set("normalised", false);
          set_price(object, terms.price);
        }
      },
      guarantee.terms);
  return object;
}

}  // namespace

std::vector<Guarantee> read_guarantees(const Poco::Dynamic::Var& value, const std::string& pointer,
                                       std::vector<Error>& problems) {
  std::vector<Guarantee> out;
  if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
    problems.push_back(invalid_argument("must be an array, got " + json_type_name(value), pointer));
    return out;
  }
  const auto items = value.extract<Poco::JSON::Array::Ptr>();
  if (items->size() > 20) {
    problems.push_back(
        out_of_range("array of " + std::to_string(items->size()) + " guarantees exceeds 20", pointer));
    return out;
  }
  const std::size_t wire_problems_before = problems.size();
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    const Poco::Dynamic::Var item = items->get(static_cast<unsigned>(i));
    if (item.type() != typeid(Poco::JSON::Object::Ptr)) {
      problems.push_back(invalid_argument("must be an object, got " + json_type_name(item), at));
      continue;
    }
    JsonObjectReader reader(item.extract<Poco::JSON::Object::Ptr>(), at, problems);
    out.push_back(read_guarantee(reader));
  }
  // Semantic checks only make sense on structurally complete guarantees; their pointers start "/guarantees".
  if (problems.size() == wire_problems_before) {
    for (Error& problem : guarantee_problems(out)) {
      problem.field = pointer + problem.field.substr(std::string_view("/guarantees").size());
      problems.push_back(std::move(problem));
    }
  }
  return out;
}

Result<std::vector<Guarantee>> parse_guarantees(std::string_view array_text, std::vector<Error>* problems) {
  // The text is parsed as one JSON value on its own (no wrapping document); a value that is not an array is
  // reported by read_guarantees at "/guarantees", like an offer's guarantees member. A syntax error, which
  // includes anything after the array ("[], \"x\": 1"), concerns the whole text (pointer ""); a member given
  // twice or a number out of range is named inside "/guarantees".
  Result<Poco::Dynamic::Var> root = parse_json_value(array_text);
  if (!root) {
    Error error = root.error();
    if (error.field.empty())
      error.message = "the guarantees must be one JSON array: " + error.message;
    else
      error = error.at("/guarantees");
    if (problems) problems->push_back(error);
    return error;
  }
  std::vector<Error> found;
  std::vector<Guarantee> guarantees = read_guarantees(*root, "/guarantees", found);
  if (found.empty()) return guarantees;
  Error first = found.front();
  if (found.size() > 1) first.message += " (and " + std::to_string(found.size() - 1) + " more problems)";
  if (problems) *problems = std::move(found);
  return first;
}

std::string guarantees_to_json(std::span<const Guarantee> guarantees) {
  return canonical_json(guarantees_value(guarantees));
}

Poco::Dynamic::Var guarantees_value(std::span<const Guarantee> guarantees) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const Guarantee& guarantee : guarantees)
    array->add(guarantee_json(guarantee));
  return array;
}

}  // namespace renofee::io
