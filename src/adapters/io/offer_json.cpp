#include "renofee/adapters/io/offer_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <utility>

#include "renofee/adapters/io/guarantee_json.hpp"
#include "renofee/adapters/io/json_reader.hpp"

namespace renofee::io {
namespace {

using namespace renofee::quote;
using P = Presence;

// Reads a named enum value through its parse function, reporting an unknown name at the field.
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

void read_use(JsonObjectReader& use, YearlyUse& out) {
  use.reject_unknown({"electricity_import_kwh", "electricity_export_kwh", "gas_m3"});
  assign(out.electricity_import, use.decimal("electricity_import_kwh", P::required));
  assign(out.electricity_export, use.decimal("electricity_export_kwh", P::optional));
  assign(out.gas, use.decimal("gas_m3", P::required));
}

// Guarantee problems (wire and semantic) go to `guarantee_problems`, so the offer's own semantic checks still
// run when only the guarantees are wrong. `written` receives the guarantees array as the document gives it.
Offer read_offer(JsonObjectReader& doc, std::vector<Error>& guarantee_problems, Poco::Dynamic::Var& written) {
  Offer offer;
  doc.reject_unknown({"id", "dwelling", "start_date", "measures", "subsidies", "down_payment", "financing",
                      "service_fee", "expected_use", "tariffs", "settlement_year", "guarantees", "$schema"});
  assign(offer.id, doc.string("id", P::required, 200));

  if (auto dwelling = doc.object("dwelling", P::required)) {
    dwelling->reject_unknown(
        {"type", "floor_area_m2", "build_year", "tenure", "energy_label", "heat_demand_kwh_m2_year", "epv"});
    assign(offer.dwelling.type, read_enum(*dwelling, "type", P::required, parse_dwelling_type));
    assign(offer.dwelling.floor_area_m2, dwelling->integer("floor_area_m2", P::required, -1000000, 1000000));
    assign(offer.dwelling.build_year, dwelling->integer("build_year", P::required, -1000000, 1000000));
    assign(offer.dwelling.tenure, read_enum(*dwelling, "tenure", P::required, parse_tenure));
    offer.dwelling.energy_label = dwelling->string("energy_label", P::optional, 10);
    offer.dwelling.heat_demand_kwh_m2_year = dwelling->decimal("heat_demand_kwh_m2_year", P::optional);
    if (auto epv = dwelling->object("epv", P::optional)) {
      epv->reject_unknown({"scheme", "class"});
      Epv terms;
      assign(terms.scheme, read_enum(*epv, "scheme", P::required, parse_epv_scheme));
      assign(terms.epv_class, epv->string("class", P::required, 40));
      offer.dwelling.epv = terms;
    }
  }

  if (auto start = doc.string("start_date", P::required, 40)) {
    Result<calendar::Date> day = calendar::parse_date(*start);
    if (day)
      offer.start_date = *day;
    else
      doc.problem(doc.pointer_to("start_date"), day.error().message);
  }

  doc.array("measures", P::required, 50, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    auto item = doc.as_object(at, value);
    if (!item) return;
    item->reject_unknown({"kind", "description", "cost", "lifetime_years"});
    Measure measure;
    assign(measure.kind, read_enum(*item, "kind", P::required, parse_measure_kind));
    assign(measure.description, item->string("description", P::optional, 200));
    assign(measure.cost, item->decimal("cost", P::required));
    assign(measure.lifetime_years, item->integer("lifetime_years", P::required, -1000000, 1000000));
    offer.measures.push_back(std::move(measure));
  });
  doc.array("subsidies", P::optional, 20, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    auto item = doc.as_object(at, value);
    if (!item) return;
    item->reject_unknown({"name", "amount"});
    Subsidy subsidy;
    assign(subsidy.name, item->string("name", P::required, 100));
    assign(subsidy.amount, item->decimal("amount", P::required));
    offer.subsidies.push_back(std::move(subsidy));
  });
  assign(offer.down_payment, doc.decimal("down_payment", P::optional));

  if (auto financing = doc.object("financing", P::required)) {
    financing->reject_unknown(
        {"principal", "annual_rate", "rate_basis", "term_months", "method", "grace_months", "rounding"});
    Financing& f = offer.financing;
    if (auto principal = financing->decimal("principal", P::optional)) f.principal = Money(*principal);
    assign(f.annual_rate, financing->decimal("annual_rate", P::required));
    assign(f.rate_basis, read_enum(*financing, "rate_basis", P::optional, parse_rate_basis));
    assign(f.term_months, financing->integer("term_months", P::required, -1000000, 1000000));
    assign(f.method, read_enum(*financing, "method", P::required, parse_repayment_method));
    assign(f.grace_months, financing->integer("grace_months", P::optional, -1000000, 1000000));
    assign(f.rounding, read_enum(*financing, "rounding", P::optional, parse_rounding));
  }

  if (auto fee = doc.object("service_fee", P::required)) {
    fee->reject_unknown({"monthly", "indexation"});
    assign(offer.service_fee.monthly, fee->decimal("monthly", P::required));
    if (auto ix = fee->object("indexation", P::optional)) {
      Indexation& indexation = offer.service_fee.indexation;
      assign(indexation.kind, read_enum(*ix, "kind", P::required, parse_indexation_kind));
      switch (indexation.kind) {
        case IndexationKind::none:
          ix->reject_unknown({"kind"});
          break;
        case IndexationKind::fixed:
          ix->reject_unknown({"kind", "annual_rate"});
          assign(indexation.annual_rate, ix->decimal("annual_rate", P::required));
          break;
        case IndexationKind::series:
          ix->reject_unknown({"kind", "annual_rates", "source"});
          (void)ix->string("source", P::optional, 200);
          ix->array("annual_rates", P::required, 100,
                    [&](const std::string& at, const Poco::Dynamic::Var& value) {
                      if (auto rate = ix->as_decimal(at, value)) indexation.annual_rates.push_back(*rate);
                    });
          break;
      }
    }
  }

  if (auto use = doc.object("expected_use", P::required)) {
    use->reject_unknown({"before", "after"});
    if (auto before = use->object("before", P::required)) read_use(*before, offer.expected_use.before);
    if (auto after = use->object("after", P::required)) read_use(*after, offer.expected_use.after);
  }

  doc.array("tariffs", P::required, 10, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    if (auto id = doc.as_string(at, value, 100)) offer.tariffs.push_back(*id);
  });
  assign(offer.settlement_year, read_enum(doc, "settlement_year", P::optional, parse_settlement_year));

  // The guarantees are read and checked in full (guarantee_json.hpp), once: an offer with bad guarantees is
  // refused.
  if (doc.has("guarantees")) {
    written = doc.raw("guarantees");
    offer.guarantees = read_guarantees(written, doc.pointer_to("guarantees"), guarantee_problems);
  }
  return offer;
}

// --- writing
// ------------------------------------------------------------------------------------------------

Poco::JSON::Object::Ptr use_json(const YearlyUse& use) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  o->set("electricity_import_kwh", use.electricity_import.to_string());
  o->set("electricity_export_kwh", use.electricity_export.to_string());
  o->set("gas_m3", use.gas.to_string());
  return o;
}

// The offer document with `guarantees` as its guarantees array, in canonical JSON.
std::string write_offer(const Offer& offer, const Poco::Dynamic::Var& guarantees);

// parse_offer_json; `written` receives the guarantees array as the document gives it.
Result<Offer> parse_offer(std::string_view text, std::vector<Error>* problems, Poco::Dynamic::Var& written) {
  Result<Poco::JSON::Object::Ptr> root = parse_json_object(text);
  if (!root) {
    if (problems) problems->push_back(root.error());
    return root.error();
  }
  std::vector<Error> found;
  std::vector<Error> guarantee_found;
  JsonObjectReader doc(*root, "", found);
  Offer offer = read_offer(doc, guarantee_found, written);
  // Semantic checks only make sense on a structurally complete document.
  if (found.empty()) found = offer_problems(offer);
  found.insert(found.end(), guarantee_found.begin(), guarantee_found.end());
  if (found.empty()) return offer;
  Error first = found.front();
  if (found.size() > 1) first.message += " (and " + std::to_string(found.size() - 1) + " more problems)";
  if (problems) *problems = std::move(found);
  return first;
}

}  // namespace

Result<Offer> parse_offer_json(std::string_view text, std::vector<Error>* problems) {
  Poco::Dynamic::Var written;
  return parse_offer(text, problems, written);
}

Result<OfferDocument> parse_offer_document(std::string_view text, std::vector<Error>* problems) {
  Poco::Dynamic::Var written = Poco::JSON::Array::Ptr(new Poco::JSON::Array);  // no guarantees: []
  RENOFEE_TRY(Offer offer, parse_offer(text, problems, written));
  std::string canonical = write_offer(offer, written);
  return OfferDocument{std::move(offer), std::move(canonical)};
}

std::string offer_to_json(const Offer& offer) {
  return write_offer(offer, guarantees_value(offer.guarantees));
}

namespace {

std::string write_offer(const Offer& offer, const Poco::Dynamic::Var& guarantees) {
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  doc->set("id", offer.id);

  Poco::JSON::Object::Ptr dwelling = new Poco::JSON::Object;
  dwelling->set("type", std::string(to_string(offer.dwelling.type)));
  dwelling->set("floor_area_m2", offer.dwelling.floor_area_m2);
  dwelling->set("build_year", offer.dwelling.build_year);
  dwelling->set("tenure", std::string(to_string(offer.dwelling.tenure)));
  if (offer.dwelling.energy_label) dwelling->set("energy_label", *offer.dwelling.energy_label);
  if (offer.dwelling.heat_demand_kwh_m2_year) {
    dwelling->set("heat_demand_kwh_m2_year", offer.dwelling.heat_demand_kwh_m2_year->to_string());
  }
  if (offer.dwelling.epv) {
    Poco::JSON::Object::Ptr epv = new Poco::JSON::Object;
    epv->set("scheme", std::string(to_string(offer.dwelling.epv->scheme)));
    epv->set("class", offer.dwelling.epv->epv_class);
    dwelling->set("epv", epv);
  }
  doc->set("dwelling", dwelling);
  doc->set("start_date", calendar::to_string(offer.start_date));

  Poco::JSON::Array::Ptr measures = new Poco::JSON::Array;
  for (const Measure& m : offer.measures) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("kind", std::string(to_string(m.kind)));
    if (!m.description.empty()) o->set("description", m.description);
    o->set("cost", m.cost.to_string());
    o->set("lifetime_years", m.lifetime_years);
    measures->add(o);
  }
  doc->set("measures", measures);
  Poco::JSON::Array::Ptr subsidies = new Poco::JSON::Array;
  for (const Subsidy& s : offer.subsidies) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("name", s.name);
    o->set("amount", s.amount.to_string());
    subsidies->add(o);
  }
  doc->set("subsidies", subsidies);
  doc->set("down_payment", offer.down_payment.to_string());

  Poco::JSON::Object::Ptr financing = new Poco::JSON::Object;
  const Financing& f = offer.financing;
  if (f.principal) financing->set("principal", f.principal->to_string());
  financing->set("annual_rate", f.annual_rate.to_string());
  financing->set("rate_basis", std::string(to_string(f.rate_basis)));
  financing->set("term_months", f.term_months);
  financing->set("method", std::string(to_string(f.method)));
  financing->set("grace_months", f.grace_months);
  financing->set("rounding", std::string(to_string(f.rounding)));
  doc->set("financing", financing);

  Poco::JSON::Object::Ptr fee = new Poco::JSON::Object;
  fee->set("monthly", offer.service_fee.monthly.to_string());
  Poco::JSON::Object::Ptr ix = new Poco::JSON::Object;
  const Indexation& indexation = offer.service_fee.indexation;
  ix->set("kind", std::string(to_string(indexation.kind)));
  if (indexation.kind == IndexationKind::fixed) ix->set("annual_rate", indexation.annual_rate.to_string());
  if (indexation.kind == IndexationKind::series) {
    Poco::JSON::Array::Ptr rates = new Poco::JSON::Array;
    for (const Decimal& r : indexation.annual_rates)
      rates->add(r.to_string());
    ix->set("annual_rates", rates);
  }
  fee->set("indexation", ix);
  doc->set("service_fee", fee);

  Poco::JSON::Object::Ptr use = new Poco::JSON::Object;
  use->set("before", use_json(offer.expected_use.before));
  use->set("after", use_json(offer.expected_use.after));
  doc->set("expected_use", use);

  Poco::JSON::Array::Ptr tariffs = new Poco::JSON::Array;
  for (const std::string& id : offer.tariffs)
    tariffs->add(id);
  doc->set("tariffs", tariffs);
  doc->set("settlement_year", std::string(to_string(offer.settlement_year)));

  doc->set("guarantees", guarantees);
  return canonical_json(Poco::Dynamic::Var(doc));
}

}  // namespace

}  // namespace renofee::io
