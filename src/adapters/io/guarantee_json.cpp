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
using P = Presence;

template <typename E>
std::optional<E> read_enum(JsonObjectReader& reader, std::string_view key, Presence presence,
                           Result<E> (*parse)(std::string_view)) {
  const std::optional<std::string> text = reader.string(key, presence, 100);
  if (!text) return std::nullopt;
  Result<E> value = parse(*text);
  if (!value) {
    reader.problem(reader.pointer_to(key), value.error().message);
    return std::nullopt;
  }
  return *value;
}

template <typename T, typename U>
void assign(T& target, const std::optional<U>& value) {
  if (value) target = T(*value);
}

// A statistic written as a decimal string; read through Decimal (so the text is a valid decimal) and then
// converted to the nearest double by std::from_chars on its plain digits.
std::optional<double> read_statistic(JsonObjectReader& reader, std::string_view key) {
  const std::optional<Decimal> value = reader.decimal(key, P::required);
  if (!value) return std::nullopt;
  const std::string text = value->to_string();
  double out = 0;
  const std::from_chars_result r = std::from_chars(text.data(), text.data() + text.size(), out);
  if (r.ec != std::errc() || !std::isfinite(out)) {
    reader.problem(reader.pointer_to(key), "statistic " + text + " is out of range");
    return std::nullopt;
  }
  return out;
}

std::string statistic_text(double value) {
  char buffer[64];
  const std::to_chars_result r =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (r.ec != std::errc()) return "0";
  return std::string(buffer, r.ptr);
}

Price read_price(JsonObjectReader& g) {
  Price price;
  assign(price.per_unit, g.decimal("price_per_unit", P::required));
  assign(price.annual_escalation, g.decimal("price_escalation", P::optional));
  return price;
}

Baseline read_baseline(JsonObjectReader& b) {
  b.reject_unknown({"per_day", "per_weighted_degree_day", "fit"});
  Baseline baseline;
  assign(baseline.per_day, b.decimal("per_day", P::required));
  assign(baseline.per_weighted_degree_day, b.decimal("per_weighted_degree_day", P::required));
  if (auto fit = b.object("fit", P::optional)) {
    fit->reject_unknown({"r_squared", "cv_rmse", "nmbe", "months", "meets_ashrae14"});
    BaselineStats stats;
    assign(stats.r_squared, read_statistic(*fit, "r_squared"));
    assign(stats.cv_rmse, read_statistic(*fit, "cv_rmse"));
    assign(stats.nmbe, read_statistic(*fit, "nmbe"));
    assign(stats.months, fit->integer("months", P::required, 0, 10000));
    assign(stats.meets_ashrae14, fit->boolean("meets_ashrae14", P::required));
    baseline.fit = stats;
  }
  return baseline;
}

constexpr std::array<std::string_view, 7> common_keys = {
    "kind", "term_years", "deadband", "yearly_cap_eur", "netted", "station", "fill_station"};

Guarantee read_guarantee(JsonObjectReader& g) {
  Guarantee out;
  const std::optional<Kind> kind = read_enum(g, "kind", P::required, parse_kind);
  // Which keys are known depends on the kind; without a valid kind only the kind is reported.
  auto known = [&](std::initializer_list<std::string_view> specific) {
    std::vector<std::string_view> all(common_keys.begin(), common_keys.end());
    all.insert(all.end(), specific);
    g.reject_unknown(all);
  };
  if (kind) {
    switch (*kind) {
      case Kind::epv_generation:
        known({"h_min_kwh", "g_fixed_kwh"});
        break;
      case Kind::net_zero:
        known({"household_allowance_kwh_m2", "allowance_cap_kwh", "normal_weighted_degree_days",
               "price_per_unit", "price_escalation"});
        break;
      case Kind::savings:
        known({"carrier", "guaranteed_savings", "baseline", "price_per_unit", "price_escalation",
               "excess_share_percent"});
        break;
      case Kind::pv_yield:
        known({"guaranteed_kwh", "normal_irradiance_j_cm2", "price_per_unit", "price_escalation"});
        break;
    }
  }
  assign(out.term_years, g.integer("term_years", P::required, -1000000, 1000000));
  if (auto deadband = g.object("deadband", P::optional)) {
    deadband->reject_unknown({"mode", "percent"});
    assign(out.deadband.mode, read_enum(*deadband, "mode", P::required, parse_deadband_mode));
    assign(out.deadband.percent,
           deadband->decimal("percent", out.deadband.mode == DeadbandMode::none ? P::optional : P::required));
  }
  if (auto cap = g.decimal("yearly_cap_eur", P::optional)) out.yearly_cap = Money(*cap);
  assign(out.netted, g.boolean("netted", P::optional));
  if (auto station = g.integer("station", P::optional, -1000000, 1000000))
    out.station = static_cast<int>(*station);
  if (auto fill = g.integer("fill_station", P::optional, -1000000, 1000000))
    out.fill_station = static_cast<int>(*fill);
  if (!kind) return out;  // the kind-specific keys mean nothing without a kind
  out.kind = *kind;
  switch (*kind) {
    case Kind::epv_generation: {
      EpvTerms terms;
      if (auto h_min = g.decimal("h_min_kwh", P::optional)) terms.h_min = Kwh(*h_min);
      assign(terms.g_fixed, g.decimal("g_fixed_kwh", P::optional));
      out.terms = terms;
      break;
    }
    case Kind::net_zero: {
      NetZeroTerms terms;
      assign(terms.allowance_per_m2, g.decimal("household_allowance_kwh_m2", P::required));
      if (auto cap = g.decimal("allowance_cap_kwh", P::optional)) terms.allowance_cap = Kwh(*cap);
      assign(terms.normal_weighted_degree_days, g.decimal("normal_weighted_degree_days", P::required));
      terms.price = read_price(g);
      out.terms = terms;
      break;
    }
    case Kind::savings: {
      SavingsTerms terms;
      assign(terms.carrier, read_enum(g, "carrier", P::required, parse_savings_carrier));
      assign(terms.guaranteed_savings, g.decimal("guaranteed_savings", P::required));
      if (auto baseline = g.object("baseline", P::optional)) terms.baseline = read_baseline(*baseline);
      terms.price = read_price(g);
      assign(terms.excess_share_percent, g.decimal("excess_share_percent", P::optional));
      out.terms = terms;
      break;
    }
    case Kind::pv_yield: {
      PvYieldTerms terms;
      assign(terms.guaranteed, g.decimal("guaranteed_kwh", P::required));
      assign(terms.normal_irradiance, g.decimal("normal_irradiance_j_cm2", P::required));
      terms.price = read_price(g);
      out.terms = terms;
      break;
    }
  }
  return out;
}

void set_price(Poco::JSON::Object::Ptr& o, const Price& price) {
  o->set("price_per_unit", price.per_unit.to_string());
  o->set("price_escalation", price.annual_escalation.to_string());
}

Poco::JSON::Object::Ptr guarantee_json(const Guarantee& g) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("kind", std::string(to_string(g.kind)));
  o->set("term_years", g.term_years);
  Poco::JSON::Object::Ptr deadband = new Poco::JSON::Object;
  deadband->set("mode", std::string(to_string(g.deadband.mode)));
  deadband->set("percent", g.deadband.percent.to_string());
  o->set("deadband", deadband);
  if (g.yearly_cap) o->set("yearly_cap_eur", g.yearly_cap->to_string());
  o->set("netted", g.netted);
  if (g.station) o->set("station", *g.station);
  if (g.fill_station) o->set("fill_station", *g.fill_station);
  std::visit(
      [&](const auto& terms) {
        using T = std::decay_t<decltype(terms)>;
        if constexpr (std::is_same_v<T, EpvTerms>) {
          if (terms.h_min) o->set("h_min_kwh", terms.h_min->to_string());
          o->set("g_fixed_kwh", terms.g_fixed.to_string());
        } else if constexpr (std::is_same_v<T, NetZeroTerms>) {
          o->set("household_allowance_kwh_m2", terms.allowance_per_m2.to_string());
          if (terms.allowance_cap) o->set("allowance_cap_kwh", terms.allowance_cap->to_string());
          o->set("normal_weighted_degree_days", terms.normal_weighted_degree_days.to_string());
          set_price(o, terms.price);
        } else if constexpr (std::is_same_v<T, SavingsTerms>) {
          o->set("carrier", std::string(to_string(terms.carrier)));
          o->set("guaranteed_savings", terms.guaranteed_savings.to_string());
          if (terms.baseline) {
            Poco::JSON::Object::Ptr b = new Poco::JSON::Object;
            b->set("per_day", terms.baseline->per_day.to_string());
            b->set("per_weighted_degree_day", terms.baseline->per_weighted_degree_day.to_string());
            if (terms.baseline->fit) {
              const BaselineStats& s = *terms.baseline->fit;
              Poco::JSON::Object::Ptr fit = new Poco::JSON::Object;
              fit->set("r_squared", statistic_text(s.r_squared));
              fit->set("cv_rmse", statistic_text(s.cv_rmse));
              fit->set("nmbe", statistic_text(s.nmbe));
              fit->set("months", s.months);
              fit->set("meets_ashrae14", s.meets_ashrae14);
              b->set("fit", fit);
            }
            o->set("baseline", b);
          }
          set_price(o, terms.price);
          o->set("excess_share_percent", terms.excess_share_percent.to_string());
        } else {
          o->set("guaranteed_kwh", terms.guaranteed.to_string());
          o->set("normal_irradiance_j_cm2", terms.normal_irradiance.to_string());
          set_price(o, terms.price);
        }
      },
      g.terms);
  return o;
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
    for (Error& e : guarantee_problems(out)) {
      e.field = pointer + e.field.substr(std::string_view("/guarantees").size());
      problems.push_back(std::move(e));
    }
  }
  return out;
}

Result<std::vector<Guarantee>> parse_guarantees(std::string_view guarantees_json,
                                                std::vector<Error>* problems) {
  // The text is parsed as one JSON value on its own (no wrapping document); a value that is not an array is
  // reported by read_guarantees at "/guarantees", like an offer's guarantees member. A syntax error, which
  // includes anything after the array ("[], \"x\": 1"), concerns the whole text (pointer "").
  Result<Poco::Dynamic::Var> root = parse_json_value(guarantees_json);
  if (!root) {
    Error error = root.error();
    error.message = "the guarantees must be one JSON array: " + error.message;
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
  for (const Guarantee& g : guarantees)
    array->add(guarantee_json(g));
  return array;
}

}  // namespace renofee::io
