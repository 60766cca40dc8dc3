#include "renofee/adapters/io/template_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <map>
#include <sstream>

#include "renofee/adapters/io/json_reader.hpp"
#include "renofee/adapters/io/json_text.hpp"
#include "renofee/core/money/rounding.hpp"

namespace renofee::io {
namespace {

using PocoObject = Poco::JSON::Object;

void read_use_rule(JsonObjectReader& r, campaign::UseRule& rule) {
  r.reject_unknown({"per_electricity", "per_gas", "per_floor_m2", "per_kwp", "constant"});
  assign_if_read(rule.per_electricity, r.decimal("per_electricity", Presence::optional));
  assign_if_read(rule.per_gas, r.decimal("per_gas", Presence::optional));
  assign_if_read(rule.per_floor_m2, r.decimal("per_floor_m2", Presence::optional));
  assign_if_read(rule.per_kwp, r.decimal("per_kwp", Presence::optional));
  assign_if_read(rule.constant, r.decimal("constant", Presence::optional));
}

void read_subsidy(JsonObjectReader& r, campaign::SubsidyRule& s) {
  r.reject_unknown({"name", "per", "amount", "cap", "source", "year"});
  assign_if_read(s.name, r.string("name", Presence::required, 200));
  assign_if_read(s.per, read_enum(r, "per", Presence::required, campaign::parse_cost_basis));
  assign_if_read(s.amount, r.decimal("amount", Presence::required));
  if (auto cap = r.decimal("cap", Presence::optional)) s.cap = Money(*cap);
  assign_if_read(s.source, r.string("source", Presence::required, 500));
  assign_if_read(s.year, r.integer("year", Presence::required, 1900, 2200));
}

void read_measure(JsonObjectReader& r, campaign::MeasureRule& m) {
  r.reject_unknown({"kind", "description", "cost", "lifetime_years", "subsidy"});
  assign_if_read(m.kind, read_enum(r, "kind", Presence::required, quote::parse_measure_kind));
  assign_if_read(m.description, r.string("description", Presence::optional, 500));
  if (auto cost = r.object("cost", Presence::required)) {
    cost->reject_unknown({"per", "amount"});
    assign_if_read(m.cost.per, read_enum(*cost, "per", Presence::required, campaign::parse_cost_basis));
    assign_if_read(m.cost.amount, cost->decimal("amount", Presence::required));
  }
  assign_if_read(m.lifetime_years, r.integer("lifetime_years", Presence::required, 0, 1000));
  if (auto subsidy = r.object("subsidy", Presence::optional)) {
    m.subsidy = campaign::SubsidyRule{};
    read_subsidy(*subsidy, *m.subsidy);
  }
}

// {"electricity_import_kwh", "electricity_export_kwh", "gas_m3", "pv_generation_kwh"? (only when `pv`)}.
void read_use_rules(JsonObjectReader& after, campaign::UseRules& rules, bool pv) {
  if (pv) {
    after.reject_unknown({"electricity_import_kwh", "electricity_export_kwh", "gas_m3", "pv_generation_kwh"});
  } else {
    after.reject_unknown({"electricity_import_kwh", "electricity_export_kwh", "gas_m3"});
  }
  if (auto r = after.object("electricity_import_kwh", Presence::required))
    read_use_rule(*r, rules.electricity_import);
  if (auto r = after.object("electricity_export_kwh", Presence::required))
    read_use_rule(*r, rules.electricity_export);
  if (auto r = after.object("gas_m3", Presence::required)) read_use_rule(*r, rules.gas);
  if (!pv) return;
  if (auto r = after.object("pv_generation_kwh", Presence::optional)) {
    rules.pv_generation = campaign::UseRule{};
    read_use_rule(*r, *rules.pv_generation);
  }
}

// A step of the template: {"after_months", "label", "measures": [kind, ...], "expected_use_after"?}.
void read_step(JsonObjectReader& r, campaign::TemplateStep& step) {
  r.reject_unknown({"after_months", "label", "measures", "expected_use_after"});
  assign_if_read(step.after_months, r.integer("after_months", Presence::required, -1000, 100000));
  assign_if_read(step.label, r.string("label", Presence::required, 200));
  r.array("measures", Presence::required, 30, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    const std::optional<std::string> text = r.as_string(at, value, 40);
    if (!text) return;
    Result<quote::MeasureKind> kind = quote::parse_measure_kind(*text);
    if (!kind) {
      r.problem(at, kind.error().message);
      return;
    }
    step.kinds.push_back(*kind);
  });
  if (auto after = r.object("expected_use_after", Presence::optional)) {
    step.after = campaign::UseRules{};
    read_use_rules(*after, *step.after, false);
  }
}

void read_rules(JsonObjectReader& doc, campaign::Template& t) {
  assign_if_read(t.id, doc.string("template", Presence::required, 80));
  assign_if_read(t.version, doc.integer("version", Presence::required, 0, 1000000));
  assign_if_read(t.name, doc.string("name", Presence::required, 200));
  assign_if_read(t.dwelling_type,
                 read_enum(doc, "dwelling_type", Presence::required, tariffs::parse_dwelling_type));
  if (auto demand = doc.decimal("heat_demand_after_kwh_m2_year", Presence::optional))
    t.heat_demand_after = *demand;
  if (auto areas = doc.object("areas", Presence::required)) {
    areas->reject_unknown({"facade_m2_per_floor_m2", "roof_m2_per_floor_m2", "kwp_per_roof_m2"});
    assign_if_read(t.areas.facade_m2_per_floor_m2,
                   areas->decimal("facade_m2_per_floor_m2", Presence::required));
    assign_if_read(t.areas.roof_m2_per_floor_m2, areas->decimal("roof_m2_per_floor_m2", Presence::required));
    assign_if_read(t.areas.kwp_per_roof_m2, areas->decimal("kwp_per_roof_m2", Presence::required));
  }
  doc.array("measures", Presence::required, 30, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    if (auto m = doc.as_object(at, value)) {
      t.measures.emplace_back();
      read_measure(*m, t.measures.back());
    }
  });
  if (auto after = doc.object("expected_use_after", Presence::required))
    read_use_rules(*after, t.after, true);
  doc.array("steps", Presence::optional, 6, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    if (auto step = doc.as_object(at, value)) {
      t.steps.emplace_back();
      read_step(*step, t.steps.back());
    }
  });
}

std::string stringified(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

Poco::JSON::Object::Ptr use_object(const quote::YearlyUse& use) {
  PocoObject::Ptr o = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("electricity_import_kwh", use.electricity_import.value().to_string());
  o->set("electricity_export_kwh", use.electricity_export.value().to_string());
  o->set("gas_m3", use.gas.value().to_string());
  if (use.pv_generation) o->set("pv_generation_kwh", use.pv_generation->value().to_string());
  return o;
}

// Measures and subsidies as an offer document writes them (docs/offers.md): [{"kind", "description"? (when
// not empty), "cost", "lifetime_years"}] and [{"name", "amount"}]; the stored steps use the same.
Poco::JSON::Array::Ptr measures_array(const std::vector<quote::Measure>& measures) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const quote::Measure& m : measures) {
    PocoObject::Ptr j = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("kind", std::string(quote::to_string(m.kind)));
    if (!m.description.empty()) j->set("description", m.description);
    j->set("cost", m.cost.value().to_string());
    j->set("lifetime_years", m.lifetime_years);
    out->add(j);
  }
  return out;
}

Poco::JSON::Array::Ptr subsidies_array(const std::vector<quote::Subsidy>& subsidies) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const quote::Subsidy& s : subsidies) {
    PocoObject::Ptr j = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("name", s.name);
    j->set("amount", s.amount.value().to_string());
    out->add(j);
  }
  return out;
}

// The dwelling: the template's type and heat demand, the home's size, age and tenure, the skeleton's extras.
PocoObject::Ptr dwelling_object(const TemplateDocument& doc, const campaign::Home& home,
                                const PocoObject::Ptr& skeleton) {
  PocoObject::Ptr d = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
  if (skeleton->has("dwelling")) {
    PocoObject::Ptr extras = skeleton->getObject("dwelling");
    if (extras) {
      for (const auto& [key, value] : *extras)
        d->set(key, value);
    }
  }
  d->set("type", std::string(tariffs::to_string(doc.rules.dwelling_type)));
  d->set("floor_area_m2", home.floor_area_m2);
  d->set("build_year", home.build_year);
  d->set("tenure", std::string(quote::to_string(home.tenure)));
  if (doc.rules.heat_demand_after)
    d->set("heat_demand_kwh_m2_year", doc.rules.heat_demand_after->to_string());
  return d;
}

Result<std::vector<std::string>> cells_of(const std::string& line, int row) {
  if (line.find('"') != std::string::npos)
    return invalid_argument("row " + std::to_string(row) + ": quoted fields are not accepted", "/row");
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ','))
    cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

// The columns; the last, income_band, is optional: a file either has it in its header or not.
constexpr std::array<std::string_view, 14> home_columns = {
    "postcode",  "number",  "bag_id", "house_type",      "floor_area_m2", "build_year", "tenure",
    "facade_m2", "roof_m2", "pv_kwp", "electricity_kwh", "gas_m3",        "use_source", "income_band"};

// "LOWER-UPPER" whole euros a year, 0 <= LOWER < UPPER <= 1,000,000.
std::optional<campaign::IncomeBand> income_band_of(const std::string& text) {
  const std::size_t dash = text.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= text.size() || text.size() > 15)
    return std::nullopt;
  const auto whole = [](std::string_view digits) -> std::optional<int> {
    if (digits.empty() || digits.size() > 7 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    return std::stoi(std::string(digits));
  };
  const std::optional<int> lower = whole(std::string_view(text).substr(0, dash));
  const std::optional<int> upper = whole(std::string_view(text).substr(dash + 1));
  if (!lower || !upper || *lower >= *upper || *upper > 1000000) return std::nullopt;
  return campaign::IncomeBand{*lower, *upper};
}

Result<campaign::Home> home_of(const std::vector<std::string>& cells, int row, std::size_t columns) {
  const auto bad = [&](std::size_t column, const std::string& why) {
    return invalid_argument(
        "row " + std::to_string(row) + ", " + std::string(home_columns[column]) + ": " + why,
        "/" + std::string(home_columns[column]));
  };
  if (cells.size() != columns)
    return invalid_argument("row " + std::to_string(row) + ": " + std::to_string(cells.size()) +
                                " fields, wanted " + std::to_string(columns),
                            "/row");
  campaign::Home h;
  h.row = row;
  h.postcode = cells[0];
  h.number = cells[1];
  const auto is_postcode = [](const std::string& p) {
    std::string s;
    for (char c : p)
      if (c != ' ') s += c;
    return s.size() == 6 && std::isdigit(static_cast<unsigned char>(s[0])) && s[0] != '0' &&
           std::all_of(s.begin(), s.begin() + 4,
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
           std::all_of(s.begin() + 4, s.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  };
  if (!is_postcode(h.postcode)) return bad(0, "a Dutch postcode is 4 digits and 2 letters ('3521 AB')");
  if (h.number.empty() || h.number.size() > 12 || !std::isdigit(static_cast<unsigned char>(h.number[0])))
    return bad(1, "a house number starts with a digit (at most 12 characters)");
  if (!cells[2].empty()) {
    if (cells[2].size() != 16 || !std::all_of(cells[2].begin(), cells[2].end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        }))
      return bad(2, "a BAG id (verblijfsobject) is 16 digits");
    h.bag_id = cells[2];
  }
  h.house_type = cells[3];
  if (h.house_type.empty()) return bad(3, "the house type is required");
  const auto whole = [&](std::size_t column, int low, int high) -> Result<int> {
    const Result<Decimal> v = Decimal::parse_plain(cells[column]);
    if (!v || v->round(0, Rounding::half_even) != *v || *v < Decimal(low) || *v > Decimal(high))
      return bad(column, "a whole number " + std::to_string(low) + ".." + std::to_string(high));
    return static_cast<int>(v->to_units(0).value());
  };
  RENOFEE_TRY(h.floor_area_m2, whole(4, 10, 2000));
  RENOFEE_TRY(h.build_year, whole(5, 1000, 2100));
  Result<quote::Tenure> tenure = quote::parse_tenure(cells[6]);
  if (!tenure) return bad(6, tenure.error().message);
  h.tenure = *tenure;
  const auto decimal = [&](std::size_t column, bool optional) -> Result<std::optional<Decimal>> {
    if (optional && cells[column].empty()) return std::optional<Decimal>();
    const Result<Decimal> v = Decimal::parse_plain(cells[column]);
    if (!v || v->is_negative() || *v > Decimal(1000000) || v->round(3, Rounding::half_even) != *v)
      return bad(column, "a decimal 0..1,000,000 with at most 3 decimals");
    return std::optional<Decimal>(*v);
  };
  RENOFEE_TRY(h.facade_m2, decimal(7, true));
  RENOFEE_TRY(h.roof_m2, decimal(8, true));
  RENOFEE_TRY(h.pv_kwp, decimal(9, true));
  RENOFEE_TRY(const std::optional<Decimal> electricity, decimal(10, false));
  RENOFEE_TRY(const std::optional<Decimal> gas, decimal(11, false));
  h.electricity_kwh = *electricity;
  h.gas_m3 = *gas;
  if (cells[12] != "meter" && cells[12] != "declared") return bad(12, "meter or declared");
  h.use_source = cells[12] == "meter" ? campaign::UseSource::meter : campaign::UseSource::declared;
  if (columns > 13 && !cells[13].empty()) {
    h.income_band = income_band_of(cells[13]);
    if (!h.income_band) return bad(13, "an income band is LOWER-UPPER in whole euros a year (20000-25000)");
  }
  return h;
}

// A step's optional "use_after": {"electricity_import_kwh", "electricity_export_kwh", "gas_m3"}, each 0..1,000,000.
std::optional<quote::YearlyUse> read_use_after(JsonObjectReader& r) {
  auto u = r.object("use_after", Presence::optional);
  if (!u) return std::nullopt;
  u->reject_unknown({"electricity_import_kwh", "electricity_export_kwh", "gas_m3"});
  quote::YearlyUse use;
  const auto amount = [&](const char* key) -> Decimal {
    const std::optional<Decimal> v = u->decimal(key, Presence::required);
    if (!v) return Decimal(0);
    if (v->is_negative() || *v > Decimal(1000000)) u->problem(u->pointer_to(key), "0..1,000,000 a year");
    return *v;
  };
  use.electricity_import = Kwh(amount("electricity_import_kwh"));
  use.electricity_export = Kwh(amount("electricity_export_kwh"));
  use.gas = CubicMetres(amount("gas_m3"));
  return use;
}

void read_plan_step(JsonObjectReader& r, campaign::PlanStep& step, calendar::Date& date,
                    std::optional<quote::YearlyUse>& use_after) {
  r.reject_unknown({"date", "label", "measures", "subsidies", "use_after"});
  use_after = read_use_after(r);
  if (auto text = r.string("date", Presence::required, 10)) {
    Result<calendar::Date> d = calendar::parse_date(*text);
    if (d) {
      date = *d;
    } else {
      r.problem(r.pointer_to("date"), "a date YYYY-MM-DD");
    }
  }
  assign_if_read(step.label, r.string("label", Presence::optional, 200));
  r.array("measures", Presence::required, 30, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    auto m = r.as_object(at, value);
    if (!m) return;
    m->reject_unknown({"kind", "description", "cost", "lifetime_years"});
    quote::Measure measure;
    assign_if_read(measure.kind, read_enum(*m, "kind", Presence::required, quote::parse_measure_kind));
    assign_if_read(measure.description, m->string("description", Presence::optional, 500));
    if (auto cost = m->decimal("cost", Presence::required)) {
      if (cost->is_negative() || cost->round(2, Rounding::half_even) != *cost || *cost > Decimal(10000000))
        m->problem(m->pointer_to("cost"), "a cost is 0..10,000,000.00 EUR in cents");
      measure.cost = Money(*cost);
    }
    assign_if_read(measure.lifetime_years, m->integer("lifetime_years", Presence::optional, 1, 100));
    step.measures.push_back(measure);
  });
  r.array("subsidies", Presence::optional, 30, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    auto s = r.as_object(at, value);
    if (!s) return;
    s->reject_unknown({"name", "amount"});
    quote::Subsidy subsidy;
    assign_if_read(subsidy.name, s->string("name", Presence::required, 200));
    if (auto amount = s->decimal("amount", Presence::required)) {
      if (amount->is_negative() || amount->round(2, Rounding::half_even) != *amount)
        s->problem(s->pointer_to("amount"), "an amount is >= 0 EUR in cents");
      subsidy.amount = Money(*amount);
    }
    step.subsidies.push_back(subsidy);
  });
}

// The document's object, or its error (also appended to `found`).
Result<Poco::JSON::Object::Ptr> root_object(std::string_view text, std::vector<Error>& found) {
  Result<Poco::JSON::Object::Ptr> root = parse_json_object(text);
  if (!root) found.push_back(root.error());
  return root;
}

// Whole months from `start` to `date` when `date` falls on the start's day of the month, else nullopt.
std::optional<int> months_between(calendar::Date start, calendar::Date date) {
  const int months = (static_cast<int>(date.year()) - static_cast<int>(start.year())) * 12 +
                     static_cast<int>(static_cast<unsigned>(date.month())) -
                     static_cast<int>(static_cast<unsigned>(start.month()));
  if (months < 0 || calendar::add_months_keep_day(start, months) != date) return std::nullopt;
  return months;
}

}  // namespace

Result<PlanDocument> parse_plan_json(std::string_view text, std::vector<Error>* problems) {
  std::vector<Error> local;
  std::vector<Error>& found = problems ? *problems : local;
  RENOFEE_TRY(Poco::JSON::Object::Ptr root, root_object(text, found));
  JsonObjectReader doc(root, "", found);
  doc.reject_unknown({"plan", "start_date", "financing", "steps"});
  PlanDocument out;
  assign_if_read(out.id, doc.string("plan", Presence::required, 80));
  if (auto start = doc.string("start_date", Presence::required, 10)) {
    Result<calendar::Date> d = calendar::parse_date(*start);
    if (d) {
      out.start = *d;
    } else {
      doc.problem("/start_date", "a date YYYY-MM-DD");
    }
  }
  if (auto f = doc.object("financing", Presence::required)) {
    f->reject_unknown({"annual_rate", "rate_basis", "method", "term_months", "rounding"});
    assign_if_read(out.input.annual_rate, f->decimal("annual_rate", Presence::required));
    assign_if_read(out.input.rate_basis,
                   read_enum(*f, "rate_basis", Presence::optional, finance::parse_rate_basis));
    assign_if_read(out.input.method, read_enum(*f, "method", Presence::optional, finance::parse_method));
    assign_if_read(out.input.term_months, f->integer("term_months", Presence::required, 1, 600));
    assign_if_read(out.input.rounding, read_enum(*f, "rounding", Presence::optional, parse_rounding));
  }
  std::vector<std::optional<quote::YearlyUse>> uses;
  doc.array("steps", Presence::required, 20, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    if (auto step = doc.as_object(at, value)) {
      out.input.steps.emplace_back();
      out.dates.emplace_back();
      uses.emplace_back();
      read_plan_step(*step, out.input.steps.back(), out.dates.back(), uses.back());
    }
  });
  // The use after each step: on every step or on none.
  for (std::size_t k = 0; k < uses.size(); ++k) {
    if (uses[k].has_value() != uses.front().has_value()) {
      found.push_back(invalid_argument("use_after is given on every step or on none",
                                       "/steps/" + std::to_string(k) + "/use_after"));
      break;
    }
    if (uses[k]) out.after.push_back(*uses[k]);
  }
  if (found.empty()) {
    for (std::size_t k = 0; k < out.dates.size(); ++k) {
      const std::string at = "/steps/" + std::to_string(k) + "/date";
      if (out.dates[k] < out.start) {
        found.push_back(invalid_argument("step " + std::to_string(k + 1) + " is dated " +
                                             calendar::to_string(out.dates[k]) +
                                             ", before the plan starts on " + calendar::to_string(out.start),
                                         at));
        break;
      }
      const std::optional<int> months = months_between(out.start, out.dates[k]);
      if (!months) {
        found.push_back(invalid_argument("a step falls on the start date's day of the month", at));
        break;
      }
      out.input.steps[k].month = *months;
    }
  }
  if (!found.empty()) return found.front();
  return out;
}

Result<TemplateDocument> parse_template_json(std::string_view text, std::vector<Error>* problems) {
  std::vector<Error> local;
  std::vector<Error>& found = problems ? *problems : local;
  RENOFEE_TRY(Poco::JSON::Object::Ptr root, root_object(text, found));
  JsonObjectReader doc(root, "", found);
  doc.reject_unknown({"template", "version", "name", "dwelling_type", "heat_demand_after_kwh_m2_year",
                      "areas", "measures", "expected_use_after", "steps", "offer"});
  TemplateDocument out;
  read_rules(doc, out.rules);
  if (auto offer = doc.object("offer", Presence::required)) {
    offer->reject_unknown(
        {"financing", "service_fee", "tariffs", "guarantees", "settlement_year", "down_payment", "dwelling"});
    out.offer_members = doc.raw("offer").extract<Poco::JSON::Object::Ptr>();
  }
  if (found.empty()) {
    for (Error& e : campaign::template_problems(out.rules))
      found.push_back(std::move(e));
  }
  if (found.empty()) {
    // The offer members, read once on a sample home of 100 m2, so a wrong one names its field now.
    campaign::Home sample;
    sample.row = 0;
    sample.postcode = "1000AA";
    sample.number = "1";
    sample.house_type = out.rules.id;
    sample.floor_area_m2 = 100;
    sample.build_year = 1970;
    sample.electricity_kwh = Decimal(3000);
    sample.gas_m3 = Decimal(1200);
    Result<campaign::Derived> derived = campaign::derive(out.rules, sample);
    if (!derived) {
      found.push_back(derived.error());
    } else {
      std::vector<Error> offer_problems;
      Result<OfferDocument> offer =
          home_offer(out, sample, *derived, "template-sample", calendar::make_date(2026, 1, 1));
      if (!offer) found.push_back(offer.error().at("/offer"));
      // Every step falls inside the financing term (the last payment is month term - 1 after the first step).
      const int term = offer ? offer->offer.financing.term_months : 0;
      for (std::size_t k = 0; offer && k < out.rules.steps.size(); ++k) {
        if (out.rules.steps[k].after_months >= term)
          found.push_back(
              invalid_argument("a step after the financing term (" + std::to_string(term) + " months)",
                               "/steps/" + std::to_string(k) + "/after_months"));
      }
    }
  }
  if (!found.empty()) return found.front();
  return out;
}

Result<std::optional<campaign::Home>> HomesReader::next() {
  std::string line;
  if (!header_read_) {
    header_read_ = true;
    row_ = 1;
    if (!std::getline(in_, line)) return invalid_argument("the homes file is empty", "/header");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string header;
    for (std::size_t i = 0; i + 1 < home_columns.size(); ++i)
      header += (i ? "," : "") + std::string(home_columns[i]);
    const std::string with_income = header + "," + std::string(home_columns.back());
    if (line != header && line != with_income)
      return invalid_argument("row 1: the header must be " + header + " (and optionally ," +
                                  std::string(home_columns.back()) + ")",
                              "/header");
    columns_ = line == header ? home_columns.size() - 1 : home_columns.size();
  }
  while (std::getline(in_, line)) {
    ++row_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    RENOFEE_TRY(const std::vector<std::string> cells, cells_of(line, row_));
    RENOFEE_TRY(campaign::Home home, home_of(cells, row_, columns_));
    if (const auto [it, fresh] = seen_.emplace(campaign::address_key(home), row_); !fresh) {
      return invalid_argument("row " + std::to_string(row_) + ": the address " + home.postcode + " " +
                                  home.number + " is on row " + std::to_string(it->second) + " already",
                              "/number");
    }
    ++homes_;
    return std::optional<campaign::Home>(std::move(home));
  }
  if (homes_ == 0) return invalid_argument("the homes file lists no home", "/row");
  return std::optional<campaign::Home>();
}

Result<std::vector<campaign::Home>> read_homes_csv(std::string_view text) {
  std::istringstream in{std::string(text)};
  HomesReader reader(in);
  std::vector<campaign::Home> homes;
  for (;;) {
    RENOFEE_TRY(std::optional<campaign::Home> home, reader.next());
    if (!home) return homes;
    homes.push_back(std::move(*home));
  }
}

Result<OfferDocument> home_offer(const TemplateDocument& doc, const campaign::Home& home,
                                 const campaign::Derived& derived, const std::string& offer_id,
                                 calendar::Date start) {
  const Poco::JSON::Object::Ptr& skeleton = doc.offer_members;  // read once with the template, never written
  PocoObject::Ptr o = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("id", offer_id);
  o->set("dwelling", dwelling_object(doc, home, skeleton));
  o->set("start_date", calendar::to_string(start));
  o->set("measures", measures_array(derived.measures));
  o->set("subsidies", subsidies_array(derived.subsidies));
  PocoObject::Ptr use = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
  use->set("before", use_object(derived.before));
  use->set("after", use_object(derived.after));
  o->set("expected_use", use);
  for (const auto& [key, value] : *skeleton) {
    if (key != "dwelling") o->set(key, value);
  }
  std::vector<Error> problems;
  Result<OfferDocument> offer = parse_offer_document(stringified(Poco::Dynamic::Var(o)), &problems);
  if (!offer) {
    const Error& first = problems.empty() ? offer.error() : problems.front();
    return Error{first.code, "row " + std::to_string(home.row) + ": " + first.message, first.field};
  }
  return offer;
}

std::string trace_json(const std::vector<campaign::Trace>& trace) {
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const campaign::Trace& t : trace) {
    PocoObject::Ptr j = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
    j->set("field", t.field);
    j->set("value", t.value);
    j->set("rule", t.rule);
    lines->add(j);
  }
  return stringified(Poco::Dynamic::Var(lines));
}

std::string steps_json(const campaign::Derived& derived) {
  if (derived.steps.empty()) return "";
  Poco::JSON::Array::Ptr steps = new Poco::JSON::Array;
  for (std::size_t k = 0; k < derived.steps.size(); ++k) {
    const campaign::PlanStep& step = derived.steps[k];
    PocoObject::Ptr o = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("month", step.month);
    o->set("label", step.label);
    o->set("measures", measures_array(step.measures));
    o->set("subsidies", subsidies_array(step.subsidies));
    o->set("after", use_object(derived.after_steps[k]));
    steps->add(o);
  }
  PocoObject::Ptr doc = new PocoObject(Poco::JSON_PRESERVE_KEY_ORDER);
  doc->set("steps", steps);
  return stringified(Poco::Dynamic::Var(doc));
}

Result<StoredSteps> parse_steps_json(std::string_view text) {
  RENOFEE_TRY(const Poco::JSON::Object::Ptr doc, parse_json_object(text));
  std::vector<Error> problems;
  JsonObjectReader r(doc, "", problems);
  StoredSteps out;
  r.array("steps", Presence::required, 6, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    std::optional<JsonObjectReader> step = r.as_object(at, value);
    if (!step) return;
    campaign::PlanStep plan;
    assign_if_read(plan.month, step->integer("month", Presence::required, 0, 360));
    assign_if_read(plan.label, step->string("label", Presence::required, 200));
    step->array(
        "measures", Presence::required, 30, [&](const std::string& mat, const Poco::Dynamic::Var& mv) {
          if (auto m = step->as_object(mat, mv)) {
            quote::Measure measure;
            assign_if_read(measure.kind,
                           read_enum(*m, "kind", Presence::required, quote::parse_measure_kind));
            assign_if_read(measure.description, m->string("description", Presence::optional, 500));
            if (auto cost = m->decimal("cost", Presence::required)) measure.cost = Money(*cost);
            assign_if_read(measure.lifetime_years, m->integer("lifetime_years", Presence::required, 0, 1000));
            plan.measures.push_back(measure);
          }
        });
    step->array("subsidies", Presence::required, 30,
                [&](const std::string& sat, const Poco::Dynamic::Var& sv) {
                  if (auto sub = step->as_object(sat, sv)) {
                    quote::Subsidy subsidy;
                    assign_if_read(subsidy.name, sub->string("name", Presence::required, 200));
                    if (auto amount = sub->decimal("amount", Presence::required))
                      subsidy.amount = Money(*amount);
                    plan.subsidies.push_back(subsidy);
                  }
                });
    quote::YearlyUse use;
    if (auto after = step->object("after", Presence::required)) {
      if (auto v = after->decimal("electricity_import_kwh", Presence::required))
        use.electricity_import = Kwh(*v);
      if (auto v = after->decimal("electricity_export_kwh", Presence::required))
        use.electricity_export = Kwh(*v);
      if (auto v = after->decimal("gas_m3", Presence::required)) use.gas = CubicMetres(*v);
      if (auto v = after->decimal("pv_generation_kwh", Presence::optional)) use.pv_generation = Kwh(*v);
    }
    out.steps.push_back(std::move(plan));
    out.after.push_back(use);
  });
  if (!problems.empty()) return internal_error("stored steps: " + problems.front().message);
  return out;
}

}  // namespace renofee::io
