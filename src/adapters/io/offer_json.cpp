#include "renofee/adapters/io/offer_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <utility>

#include "renofee/adapters/io/guarantee_json.hpp"
#include "renofee/adapters/io/json_reader.hpp"

namespace renofee::io {
namespace {

using namespace renofee::quote;

void read_use(JsonObjectReader& use, YearlyUse& out) {
  use.reject_unknown({"electricity_import_kwh", "electricity_export_kwh", "gas_m3", "pv_generation_kwh"});
  assign_if_read(out.electricity_import, use.decimal("electricity_import_kwh", Presence::required));
  assign_if_read(out.electricity_export, use.decimal("electricity_export_kwh", Presence::optional));
  assign_if_read(out.gas, use.decimal("gas_m3", Presence::required));
  if (auto pv = use.decimal("pv_generation_kwh", Presence::optional)) out.pv_generation = Kwh(std::move(*pv));
}

void read_dwelling(JsonObjectReader& reader, Dwelling& dwelling) {
  reader.reject_unknown({"type", "floor_area_m2", "build_year", "tenure", "energy_label",
                         "heat_demand_kwh_m2_year", "epv", "network_operator"});
  assign_if_read(dwelling.type, read_enum(reader, "type", Presence::required, parse_dwelling_type));
  assign_if_read(dwelling.floor_area_m2,
                 reader.integer("floor_area_m2", Presence::required, -1000000, 1000000));
  assign_if_read(dwelling.build_year, reader.integer("build_year", Presence::required, -1000000, 1000000));
  assign_if_read(dwelling.tenure, read_enum(reader, "tenure", Presence::required, parse_tenure));
  dwelling.energy_label = reader.string("energy_label", Presence::optional, 10);
  dwelling.heat_demand_kwh_m2_year = reader.decimal("heat_demand_kwh_m2_year", Presence::optional);
  if (auto epv = reader.object("epv", Presence::optional)) {
    epv->reject_unknown({"scheme", "class", "cap_reductions_carried_by"});
    Epv terms;
    assign_if_read(terms.scheme, read_enum(*epv, "scheme", Presence::required, parse_epv_scheme));
    assign_if_read(terms.epv_class, epv->string("class", Presence::required, 40));
    if (auto carrier = read_enum(*epv, "cap_reductions_carried_by", Presence::optional,
                                 quote::parse_cap_reductions_carrier))
      terms.cap_reductions_carried_by = *carrier;
    dwelling.epv = terms;
  }
  if (auto network = reader.string("network_operator", Presence::optional, 40))
    dwelling.network_operator = *network;
}

void read_measures(JsonObjectReader& doc, std::vector<Measure>& measures) {
  doc.array("measures", Presence::required, 50, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    auto item = doc.as_object(at, value);
    if (!item) return;
    item->reject_unknown({"kind", "description", "cost", "lifetime_years"});
    Measure measure;
    assign_if_read(measure.kind, read_enum(*item, "kind", Presence::required, parse_measure_kind));
    assign_if_read(measure.description, item->string("description", Presence::optional, 200));
    assign_if_read(measure.cost, item->decimal("cost", Presence::required));
    assign_if_read(measure.lifetime_years,
                   item->integer("lifetime_years", Presence::required, -1000000, 1000000));
    measures.push_back(std::move(measure));
  });
}

void read_subsidies(JsonObjectReader& doc, std::vector<Subsidy>& subsidies) {
  doc.array("subsidies", Presence::optional, 20, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    auto item = doc.as_object(at, value);
    if (!item) return;
    item->reject_unknown({"name", "amount"});
    Subsidy subsidy;
    assign_if_read(subsidy.name, item->string("name", Presence::required, 100));
    assign_if_read(subsidy.amount, item->decimal("amount", Presence::required));
    subsidies.push_back(std::move(subsidy));
  });
}

void read_financing(JsonObjectReader& reader, Financing& financing) {
  reader.reject_unknown({"principal", "annual_rate", "rate_basis", "term_months", "method", "grace_months",
                         "rounding", "drawdown_date", "service_fee_in_apr", "early_repayment"});
  if (auto principal = reader.decimal("principal", Presence::optional))
    financing.principal = Money(*principal);
  assign_if_read(financing.annual_rate, reader.decimal("annual_rate", Presence::required));
  assign_if_read(financing.rate_basis, read_enum(reader, "rate_basis", Presence::optional, parse_rate_basis));
  assign_if_read(financing.term_months, reader.integer("term_months", Presence::required, -1000000, 1000000));
  assign_if_read(financing.method, read_enum(reader, "method", Presence::required, parse_repayment_method));
  assign_if_read(financing.grace_months,
                 reader.integer("grace_months", Presence::optional, -1000000, 1000000));
  assign_if_read(financing.rounding, read_enum(reader, "rounding", Presence::optional, parse_rounding));
  if (auto drawdown = reader.string("drawdown_date", Presence::optional, 40)) {
    Result<calendar::Date> day = calendar::parse_date(*drawdown);
    if (day)
      financing.drawdown_date = *day;
    else
      reader.problem(reader.pointer_to("drawdown_date"), day.error().message);
  }
  assign_if_read(financing.service_fee_in_apr, reader.boolean("service_fee_in_apr", Presence::optional));
  assign_if_read(financing.early_repayment,
                 read_enum(reader, "early_repayment", Presence::optional, parse_early_repayment));
}

// The indexation object: its kind decides which other keys it may have.
void read_indexation(JsonObjectReader& reader, Indexation& indexation) {
  assign_if_read(indexation.kind, read_enum(reader, "kind", Presence::required, parse_indexation_kind));
  switch (indexation.kind) {
    case IndexationKind::none:
      reader.reject_unknown({"kind"});
      break;
    case IndexationKind::fixed:
      reader.reject_unknown({"kind", "annual_rate"});
      assign_if_read(indexation.annual_rate, reader.decimal("annual_rate", Presence::required));
      break;
    case IndexationKind::series:
      reader.reject_unknown({"kind", "annual_rates", "source"});
      (void)reader.string("source", Presence::optional, 200);
      reader.array("annual_rates", Presence::required, 100,
                   [&](const std::string& at, const Poco::Dynamic::Var& value) {
                     if (auto rate = reader.as_decimal(at, value)) indexation.annual_rates.push_back(*rate);
                   });
      break;
  }
}

void read_service_fee(JsonObjectReader& reader, ServiceFee& fee) {
  reader.reject_unknown({"monthly", "indexation", "after_payoff", "replacement_reserve"});
  assign_if_read(fee.monthly, reader.decimal("monthly", Presence::required));
  assign_if_read(fee.replacement_reserve, reader.decimal("replacement_reserve", Presence::optional));
  if (const std::optional<std::string> after = reader.string("after_payoff", Presence::optional, 20)) {
    if (*after != "continues" && *after != "ends")
      reader.problem(reader.pointer_to("after_payoff"), "must be \"continues\" or \"ends\"");
    fee.ends_at_payoff = *after == "ends";
  }
  if (auto indexation = reader.object("indexation", Presence::optional)) {
    read_indexation(*indexation, fee.indexation);
  }
}

// Guarantee problems (wire and semantic) go to `guarantee_problems`, so the offer's own semantic checks still
// run when only the guarantees are wrong. `written` receives the guarantees array as the document gives it.
// The parts are read in document order, so the problems come in that order too.
Offer read_offer(JsonObjectReader& doc, std::vector<Error>& guarantee_problems, Poco::Dynamic::Var& written) {
  Offer offer;
  doc.reject_unknown({"id", "dwelling", "start_date", "works_completed_date", "measures", "subsidies",
                      "down_payment", "financing", "service_fee", "expected_use", "tariffs",
                      "settlement_year", "guarantees", "$schema"});
  assign_if_read(offer.id, doc.string("id", Presence::required, 200));
  if (auto dwelling = doc.object("dwelling", Presence::required)) read_dwelling(*dwelling, offer.dwelling);
  if (auto start = doc.string("start_date", Presence::required, 40)) {
    Result<calendar::Date> day = calendar::parse_date(*start);
    if (day)
      offer.start_date = *day;
    else
      doc.problem(doc.pointer_to("start_date"), day.error().message);
  }
  if (auto completed = doc.string("works_completed_date", Presence::optional, 40)) {
    Result<calendar::Date> day = calendar::parse_date(*completed);
    if (day)
      offer.works_completed_date = *day;
    else
      doc.problem(doc.pointer_to("works_completed_date"), day.error().message);
  }
  read_measures(doc, offer.measures);
  read_subsidies(doc, offer.subsidies);
  assign_if_read(offer.down_payment, doc.decimal("down_payment", Presence::optional));
  if (auto financing = doc.object("financing", Presence::required))
    read_financing(*financing, offer.financing);
  if (auto fee = doc.object("service_fee", Presence::required)) read_service_fee(*fee, offer.service_fee);
  if (auto use = doc.object("expected_use", Presence::required)) {
    use->reject_unknown({"before", "after"});
    if (auto before = use->object("before", Presence::required)) read_use(*before, offer.expected_use.before);
    if (auto after = use->object("after", Presence::required)) read_use(*after, offer.expected_use.after);
  }
  doc.array("tariffs", Presence::required, 10, [&](const std::string& at, const Poco::Dynamic::Var& value) {
    if (auto id = doc.as_string(at, value, 100)) offer.tariffs.push_back(*id);
  });
  assign_if_read(offer.settlement_year,
                 read_enum(doc, "settlement_year", Presence::optional, parse_settlement_year));
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
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("electricity_import_kwh", use.electricity_import.to_string());
  object->set("electricity_export_kwh", use.electricity_export.to_string());
  object->set("gas_m3", use.gas.to_string());
  if (use.pv_generation) object->set("pv_generation_kwh", use.pv_generation->to_string());
  return object;
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

Poco::JSON::Object::Ptr dwelling_json(const Dwelling& dwelling) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("type", std::string(to_string(dwelling.type)));
  object->set("floor_area_m2", dwelling.floor_area_m2);
  object->set("build_year", dwelling.build_year);
  object->set("tenure", std::string(to_string(dwelling.tenure)));
  if (dwelling.energy_label) object->set("energy_label", *dwelling.energy_label);
  if (dwelling.heat_demand_kwh_m2_year) {
    object->set("heat_demand_kwh_m2_year", dwelling.heat_demand_kwh_m2_year->to_string());
  }
  if (dwelling.epv) {
    Poco::JSON::Object::Ptr epv = new Poco::JSON::Object;
    epv->set("scheme", std::string(to_string(dwelling.epv->scheme)));
    epv->set("class", dwelling.epv->epv_class);
    // Written only when not the default, so that the canonical text (and hash) of a contract written before
    // the field existed does not change.
    if (dwelling.epv->cap_reductions_carried_by != quote::CapReductionsCarrier::landlord)
      epv->set("cap_reductions_carried_by", std::string(to_string(dwelling.epv->cap_reductions_carried_by)));
    object->set("epv", epv);
  }
  if (!dwelling.network_operator.empty()) object->set("network_operator", dwelling.network_operator);
  return object;
}

Poco::JSON::Array::Ptr measures_json(const std::vector<Measure>& measures) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const Measure& measure : measures) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("kind", std::string(to_string(measure.kind)));
    if (!measure.description.empty()) object->set("description", measure.description);
    object->set("cost", measure.cost.to_string());
    object->set("lifetime_years", measure.lifetime_years);
    array->add(object);
  }
  return array;
}

Poco::JSON::Array::Ptr subsidies_json(const std::vector<Subsidy>& subsidies) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const Subsidy& subsidy : subsidies) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("name", subsidy.name);
    object->set("amount", subsidy.amount.to_string());
    array->add(object);
  }
  return array;
}

Poco::JSON::Object::Ptr financing_json(const Financing& financing) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  if (financing.principal) object->set("principal", financing.principal->to_string());
  object->set("annual_rate", financing.annual_rate.to_string());
  object->set("rate_basis", std::string(to_string(financing.rate_basis)));
  object->set("term_months", financing.term_months);
  object->set("method", std::string(to_string(financing.method)));
  object->set("grace_months", financing.grace_months);
  object->set("rounding", std::string(to_string(financing.rounding)));
  // Written only when given, so existing contract documents (and their hashes) stay as they were.
  if (financing.drawdown_date) object->set("drawdown_date", calendar::to_string(*financing.drawdown_date));
  if (financing.service_fee_in_apr) object->set("service_fee_in_apr", true);
  if (financing.early_repayment != EarlyRepayment::free) {
    object->set("early_repayment", std::string(to_string(financing.early_repayment)));
  }
  return object;
}

Poco::JSON::Object::Ptr service_fee_json(const ServiceFee& fee) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("monthly", fee.monthly.to_string());
  if (fee.ends_at_payoff) object->set("after_payoff", "ends");  // "continues" is the default and not written
  if (!fee.replacement_reserve.is_zero())
    object->set("replacement_reserve", fee.replacement_reserve.to_string());
  Poco::JSON::Object::Ptr indexation_object = new Poco::JSON::Object;
  const Indexation& indexation = fee.indexation;
  indexation_object->set("kind", std::string(to_string(indexation.kind)));
  if (indexation.kind == IndexationKind::fixed) {
    indexation_object->set("annual_rate", indexation.annual_rate.to_string());
  }
  if (indexation.kind == IndexationKind::series) {
    Poco::JSON::Array::Ptr rates = new Poco::JSON::Array;
    for (const Decimal& rate : indexation.annual_rates)
      rates->add(rate.to_string());
    indexation_object->set("annual_rates", rates);
  }
  object->set("indexation", indexation_object);
  return object;
}

std::string write_offer(const Offer& offer, const Poco::Dynamic::Var& guarantees) {
  Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
  doc->set("id", offer.id);
  doc->set("dwelling", dwelling_json(offer.dwelling));
  doc->set("start_date", calendar::to_string(offer.start_date));
  // Written only when given, so the documents (and hashes) of offers without it stay as they were.
  if (offer.works_completed_date)
    doc->set("works_completed_date", calendar::to_string(*offer.works_completed_date));
  doc->set("measures", measures_json(offer.measures));
  doc->set("subsidies", subsidies_json(offer.subsidies));
  doc->set("down_payment", offer.down_payment.to_string());
  doc->set("financing", financing_json(offer.financing));
  doc->set("service_fee", service_fee_json(offer.service_fee));
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
