// renofee/adapters/io/template_json.hpp
//
// Purpose: the files of a campaign (docs/campaigns.md): a house-type template (contracts/templates/*.json), a
// CSV of homes, and the offer document of one home built from both. Errors name the field (a JSON pointer in
// the template) or the row and column of the CSV; nothing is half-read.
//
// Template JSON: {"template", "version", "name", "dwelling_type", "heat_demand_after_kwh_m2_year"?, "areas":
// {"facade_m2_per_floor_m2", "roof_m2_per_floor_m2", "kwp_per_roof_m2"}, "measures": [{"kind", "description"?,
// "cost": {"per", "amount"}, "lifetime_years", "subsidy"?: {"name", "per", "amount", "cap"?, "source",
// "year"}}], "expected_use_after": {"electricity_import_kwh", "electricity_export_kwh", "gas_m3",
// "pv_generation_kwh"?: {"per_electricity"?, "per_gas"?, "per_floor_m2"?, "per_kwp"?, "constant"?}}, "offer":
// {"financing", "service_fee", "tariffs", "guarantees"?, "settlement_year"?, "down_payment"?, "dwelling"?:
// {"energy_label"?, "epv"?, "network_operator"?}}}: the "offer" members are those of an offer document
// (docs/offers.md) and are checked by the offer reader itself, once on a sample home when the template is read.
//
// Homes CSV (UTF-8, a header line, one home a line, no quoted fields): postcode, number, bag_id (may be empty),
// house_type, floor_area_m2, build_year, tenure (owner, rented), facade_m2, roof_m2, pv_kwp (each may be
// empty: the template's ratio), electricity_kwh, gas_m3 (current use a year), use_source (meter, declared),
// and optionally income_band (LOWER-UPPER whole euros of net household income a year, may be empty; only for
// the energy-poverty indicator, core/campaign/summary.hpp).
// Two homes with the same postcode and number are refused (row and field named).
#pragma once

#include <Poco/JSON/Object.h>

#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/adapters/io/offer_json.hpp"
#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/campaign/plan.hpp"
#include "renofee/core/campaign/template.hpp"

namespace renofee::io {

struct TemplateDocument {
  campaign::Template rules;
  // The "offer" member, parsed once when the template is read; every home's offer document copies its members
  // (it is only read after that).
  Poco::JSON::Object::Ptr offer_members;
};

// Every problem is appended to `problems` (each with its pointer) and the first is returned.
Result<TemplateDocument> parse_template_json(std::string_view text, std::vector<Error>* problems = nullptr);

// The homes of a CSV text; the first problem (with "row N" in the message and the column as the field).
Result<std::vector<campaign::Home>> read_homes_csv(std::string_view text);

// The same, one home at a time from a stream (a campaign of 10,000 homes is read without holding them); it
// keeps only the address keys seen, for the duplicate check.
class HomesReader {
 public:
  explicit HomesReader(std::istream& in) : in_(in) {}
  // The next home, nullopt at the end (an error when there was none at all), or the first problem.
  Result<std::optional<campaign::Home>> next();

 private:
  std::istream& in_;
  int row_ = 0;
  bool header_read_ = false;
  int homes_ = 0;
  std::size_t columns_ = 13;  // 14 when the header names income_band
  std::map<std::string, int> seen_;
};

// The offer document of `home` under the template: id `offer_id`, starting `start`, the derived figures and
// the template's offer members, read by the strict offer reader (its problems prefixed with the home's row).
Result<OfferDocument> home_offer(const TemplateDocument& doc, const campaign::Home& home,
                                 const campaign::Derived& derived, const std::string& offer_id,
                                 calendar::Date start);

// A plan in steps (docs/campaigns.md, "Plans in steps"): {"plan", "start_date", "financing": {"annual_rate",
// "rate_basis"?, "method"?, "term_months", "rounding"?}, "steps": [{"date", "label"?, "measures": [{"kind",
// "description"?, "cost", "lifetime_years"?}], "subsidies"?: [{"name", "amount"}]}]}. A step's date falls on the
// start date's day of the month, on or after the start (a step dated before the plan starts names its field).
// A step may also state "use_after": {"electricity_import_kwh", "electricity_export_kwh", "gas_m3"}, the home's
// yearly use once that step is done (on every step or on none): the plan then gives each year's gas, net
// electricity and CO2 in steps and all at once (core/campaign/plan.hpp, choice_years).
struct PlanDocument {
  std::string id;
  calendar::Date start;
  std::vector<calendar::Date> dates;  // of the steps
  campaign::StepPlanInput input;
  std::vector<quote::YearlyUse> after{};  // per step, or empty
};
Result<PlanDocument> parse_plan_json(std::string_view text, std::vector<Error>* problems = nullptr);

// The trace of a derived home as JSON text: [{"field", "value", "rule"}, ...].
std::string trace_json(const std::vector<campaign::Trace>& trace);

// The template's steps for a derived home (Derived::steps, after_steps) as JSON text, stored with the home:
// {"steps": [{"month", "label", "measures": [{"kind", "description"?, "cost", "lifetime_years"}], "subsidies":
// [{"name", "amount"}], "after": {"electricity_import_kwh", "electricity_export_kwh", "gas_m3",
// "pv_generation_kwh"?}}]}; "" when the template has no steps.
std::string steps_json(const campaign::Derived& derived);
struct StoredSteps {
  std::vector<campaign::PlanStep> steps;
  std::vector<quote::YearlyUse> after;  // one per step
};
// What steps_json wrote; internal_error for anything else (it is read from the database only).
Result<StoredSteps> parse_steps_json(std::string_view text);

}  // namespace renofee::io
