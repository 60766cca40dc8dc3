// Test plan for guarantee_json.hpp:
//   One document with all four kinds (every optional key present) parses into the hand-written values and
//   round-trips through guarantees_to_json (equal values, byte-identical second write); defaults (no
//   deadband: none 0, no g_fixed: 700, no escalation: 0, no excess share: 0, netted false). The guarantees of
//   every sample in contracts/ parse and round-trip. Invalid: one row per wire problem (unknown kind, a key
//   of another kind, a number in a decimal field, a string in an integer field, missing required keys, a bad
//   deadband mode, a missing percent, not an array, not an object, trailing text) and per semantic problem
//   (term 0, no station), each naming its JSON pointer and code; all problems are reported. The offer reader
//   refuses an offer with bad guarantees at
//   "/guarantees/0/kind" and still reports the offer's own semantic problems with them.
#include "renofee/adapters/io/guarantee_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "renofee/adapters/io/offer_json.hpp"
#include "support/files.hpp"
#include "support/literals.hpp"

namespace renofee::io {
namespace {

using namespace renofee::guarantee;

const std::string all_kinds = R"([
 {"kind": "epv_generation", "term_years": 25, "h_min_kwh": "530", "g_fixed_kwh": "650"},
 {"kind": "net_zero", "term_years": 30, "household_bundle_kwh_m2": "25", "household_bundle_cap_kwh": "2500",
  "normal_weighted_degree_days": "2537", "price_per_unit": "0.25", "price_escalation": "0.02",
  "deadband": {"mode": "franchise", "percent": "10"}, "netted": true, "station": 348, "fill_station": 260,
  "yearly_cap_eur": "750.00"},
 {"kind": "savings", "term_years": 10, "carrier": "gas", "guaranteed_savings": "500",
  "baseline": {"per_day": "0.9", "per_weighted_degree_day": "0.38",
               "fit": {"r_squared": "0.987", "cv_rmse": "0.0712", "nmbe": "-0.0031", "months": 24,
                       "meets_ashrae14": true}},
  "price_per_unit": "1.45", "price_escalation": "0.02", "excess_share_percent": "50", "station": 348,
  "deadband": {"mode": "threshold", "percent": "10"}},
 {"kind": "pv_yield", "term_years": 10, "guaranteed_kwh": "6120", "normal_irradiance_j_cm2": "394788.4",
  "price_per_unit": "0.25", "station": 348, "netted": true, "deadband": {"mode": "threshold", "percent": "15"}}
])";

TEST(GuaranteeJson, AllKindsParse) {
  const std::vector<Guarantee> gs = parse_guarantees(all_kinds).value();
  ASSERT_EQ(gs.size(), 4u);
  const auto& epv = std::get<EpvTerms>(gs[0].terms);
  EXPECT_EQ(gs[0].kind, Kind::epv_generation);
  EXPECT_EQ(gs[0].term_years, 25);
  EXPECT_EQ(epv.h_min, Kwh(dec("530")));
  EXPECT_EQ(epv.g_fixed, Kwh(dec("650")));
  EXPECT_EQ(gs[0].deadband.mode, DeadbandMode::none);
  EXPECT_FALSE(gs[0].netted);
  EXPECT_FALSE(gs[0].station);

  const auto& nz = std::get<NetZeroTerms>(gs[1].terms);
  EXPECT_EQ(nz.bundle_per_m2.value(), dec("25"));
  EXPECT_EQ(nz.bundle_cap, Kwh(dec("2500")));
  EXPECT_EQ(nz.normal_weighted_degree_days.value(), dec("2537"));
  EXPECT_EQ(nz.price, (Price{dec("0.25"), dec("0.02")}));
  EXPECT_EQ(gs[1].deadband, (Deadband{DeadbandMode::franchise, dec("10")}));
  EXPECT_TRUE(gs[1].netted);
  EXPECT_EQ(gs[1].station, 348);
  EXPECT_EQ(gs[1].fill_station, 260);
  EXPECT_EQ(gs[1].yearly_cap, Money(dec("750.00")));

  const auto& sv = std::get<SavingsTerms>(gs[2].terms);
  EXPECT_EQ(sv.carrier, SavingsCarrier::gas);
  EXPECT_EQ(sv.guaranteed_savings, dec("500"));
  ASSERT_TRUE(sv.baseline);
  EXPECT_EQ(sv.baseline->per_day, dec("0.9"));
  EXPECT_EQ(sv.baseline->per_weighted_degree_day, dec("0.38"));
  ASSERT_TRUE(sv.baseline->fit);
  EXPECT_EQ(sv.baseline->fit->cv_rmse, 0.0712);
  EXPECT_EQ(sv.baseline->fit->nmbe, -0.0031);
  EXPECT_EQ(sv.baseline->fit->months, 24);
  EXPECT_TRUE(sv.baseline->fit->meets_ashrae14);
  EXPECT_EQ(sv.excess_share_percent, dec("50"));

  const auto& pv = std::get<PvYieldTerms>(gs[3].terms);
  EXPECT_EQ(pv.guaranteed.value(), dec("6120"));
  EXPECT_EQ(pv.normal_irradiance.value(), dec("394788.4"));
  EXPECT_EQ(pv.price.annual_escalation, Decimal(0));  // absent: no escalation
}

TEST(GuaranteeJson, Defaults) {
  const std::vector<Guarantee> gs =
      parse_guarantees(R"([{"kind": "epv_generation", "term_years": 1}])").value();
  EXPECT_EQ(std::get<EpvTerms>(gs[0].terms).g_fixed, Kwh(Decimal(700)));
  EXPECT_FALSE(std::get<EpvTerms>(gs[0].terms).h_min);
  EXPECT_EQ(gs[0].deadband.mode, DeadbandMode::none);
  EXPECT_TRUE(gs[0].deadband.percent.is_zero());
  EXPECT_TRUE(parse_guarantees("[]").value().empty());
  // mode none may state percent 0
  EXPECT_TRUE(parse_guarantees(
      R"([{"kind": "epv_generation", "term_years": 1, "deadband": {"mode": "none", "percent": "0"}}])"));
}

TEST(GuaranteeJson, RoundTrip) {
  const std::vector<Guarantee> gs = parse_guarantees(all_kinds).value();
  const std::string text = guarantees_to_json(gs);
  const std::vector<Guarantee> again = parse_guarantees(text).value();
  EXPECT_EQ(again, gs);
  EXPECT_EQ(guarantees_to_json(again), text);
  EXPECT_NE(text.find(R"("normal_irradiance_j_cm2":"394788.4")"), std::string::npos);
  EXPECT_NE(text.find(R"("cv_rmse":"0.0712")"), std::string::npos);
  EXPECT_EQ(guarantees_to_json({}), "[]");
}

TEST(GuaranteeJson, SamplesParseAndRoundTrip) {
  const char* samples[] = {"nom-tussenwoning", "hybride-twee-onder-een-kap", "epv-huurappartement",
                           "lineair-aflossing", "warmtefonds-nul-procent"};
  for (const char* name : samples) {
    SCOPED_TRACE(name);
    const Result<quote::Offer> offer =
        parse_offer_json(read_file(std::string(RENOFEE_SOURCE_DIR) + "/contracts/" + name + ".json"));
    ASSERT_TRUE(offer) << offer.error();
    const std::vector<Guarantee>& gs = offer->guarantees;
    EXPECT_EQ(parse_guarantees(guarantees_to_json(gs)).value(), gs);
  }
}

// A savings guarantee with a frozen CalTRACK baseline and the FSU band as deadband (the offer that
// scripts/gen_caltrack_e2e.py writes, in the shape `renofee baseline fit --accept` stores): every field read,
// the second write byte-identical, and the wire problems of such a baseline named.
TEST(GuaranteeJson, CaltrackBaselineRoundTrips) {
  const Result<quote::Offer> offer = parse_offer_json(
      read_file(std::string(RENOFEE_SOURCE_DIR) + "/tests/data/offers/valid/caltrack-savings.json"));
  ASSERT_TRUE(offer) << offer.error();
  const Guarantee& g = offer->guarantees.at(0);
  EXPECT_EQ(g.deadband, (Deadband{DeadbandMode::franchise, Decimal(0), UncertaintyBand::fsu}));
  const SavingsTerms& terms = std::get<SavingsTerms>(g.terms);
  ASSERT_TRUE(terms.caltrack);
  EXPECT_FALSE(terms.baseline);
  const CaltrackBaseline& b = *terms.caltrack;
  EXPECT_EQ(b.form, CaltrackForm::daily);
  EXPECT_EQ(b.model, CaltrackModel::hdd_only);
  EXPECT_EQ(b.heating_balance_point_c, dec("15.5"));
  EXPECT_FALSE(b.cooling_balance_point_c);
  EXPECT_EQ(b.intercept, dec("1.088032625"));
  EXPECT_EQ(b.stats.observations, 365);
  EXPECT_EQ(b.stats.t_value, dec("1.649050545"));
  EXPECT_EQ(b.settings.baseline_begin, calendar::parse_date("2024-01-02").value());
  EXPECT_EQ(b.settings.maximum_p_value, dec("0.1"));
  const std::string text = guarantees_to_json(offer->guarantees);
  const std::vector<Guarantee> again = parse_guarantees(text).value();
  EXPECT_EQ(again, offer->guarantees);
  EXPECT_EQ(guarantees_to_json(again), text);
  EXPECT_NE(text.find(R"("model":"caltrack_daily")"), std::string::npos);
  EXPECT_NE(text.find(R"("band":"fsu")"), std::string::npos);

  const auto first_field = [&](const std::string& from, const std::string& to) {
    std::string changed = text;
    const std::size_t at = changed.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    changed.replace(at, from.size(), to);
    const Result<std::vector<Guarantee>> parsed = parse_guarantees(changed);
    return parsed ? std::string("(parsed)") : parsed.error().field;
  };
  EXPECT_EQ(first_field(R"("model":"caltrack_daily")", R"("model":"caltrack_hourly")"),
            "/guarantees/0/baseline/model");
  EXPECT_EQ(first_field(R"("band":"fsu")", R"("band":"wide")"), "/guarantees/0/deadband/band");
  EXPECT_EQ(first_field(R"("t_value":"1.649050545")", R"("t_value":"0")"),
            "/guarantees/0/baseline/statistics/t_value");
  EXPECT_EQ(first_field(R"("baseline_end":"2025-01-01")", R"("baseline_end":"2024-01-02")"),
            "/guarantees/0/baseline/settings/baseline_end");
  EXPECT_EQ(first_field(R"("heating_balance_point_c":"15.5",)", ""),
            "/guarantees/0/baseline/heating_balance_point_c");
  EXPECT_EQ(first_field(R"("percent":"0")", R"("percent":"5")"), "/guarantees/0/deadband/percent");
}

TEST(GuaranteeJson, EveryProblemIsNamed) {
  const auto bad = ErrorCode::invalid_argument;
  const auto range = ErrorCode::out_of_range;
  struct Row {
    int line;
    std::string json;
    const char* pointer;
    ErrorCode code;
    const char* message_part;
  };
  const Row rows[] = {
      {__LINE__, R"([{"kind": "nul_op_de_meter", "term_years": 1}])", "/guarantees/0/kind", bad,
       "unknown guarantee kind"},
      {__LINE__, R"([{"term_years": 1}])", "/guarantees/0/kind", bad, "missing required field"},
      {__LINE__,
       R"([{"kind": "net_zero", "term_years": 30, "household_allowance_kwh_m2": "25", "station": 348,
            "normal_weighted_degree_days": "2537", "price_per_unit": "0.25"}])",
       "/guarantees/0/household_allowance_kwh_m2", bad, "use household_bundle_kwh_m2"},
      {__LINE__,
       R"([{"kind": "net_zero", "term_years": 30, "household_bundle_kwh_m2": "25", "station": 348,
            "building_use": "guess", "normal_weighted_degree_days": "2537", "price_per_unit": "0.25"}])",
       "/guarantees/0/building_use", bad, "heat_pump_submeter, total_minus_bundle"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "guaranteed_kwh": "6120"}])",
       "/guarantees/0/guaranteed_kwh", bad, "unknown field"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "h_min_kwh": 2100}])",
       "/guarantees/0/h_min_kwh", bad, "JSON strings"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": "25"}])", "/guarantees/0/term_years", bad,
       "whole number"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "netted": "yes"}])", "/guarantees/0/netted",
       bad, "true or false"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "yearly_cap_eur": "1,50"}])",
       "/guarantees/0/yearly_cap_eur", bad, "1,50"},
      {__LINE__,
       R"([{"kind": "epv_generation", "term_years": 1, "deadband": {"mode": "both", "percent": "10"}}])",
       "/guarantees/0/deadband/mode", bad, "unknown deadband mode"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "deadband": {"mode": "threshold"}}])",
       "/guarantees/0/deadband/percent", bad, "missing"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "deadband": {"mode": "none", "pct": "1"}}])",
       "/guarantees/0/deadband/pct", bad, "unknown field"},
      {__LINE__, R"([{"kind": "net_zero", "term_years": 1, "station": 348, "price_per_unit": "0.25"}])",
       "/guarantees/0/household_bundle_kwh_m2", bad, "missing"},
      {__LINE__,
       R"([{"kind": "savings", "term_years": 1, "station": 348, "carrier": "oil", "guaranteed_savings": "1",
                     "price_per_unit": "1"}])",
       "/guarantees/0/carrier", bad, "unknown savings carrier"},
      {__LINE__,
       R"([{"kind": "savings", "term_years": 1, "station": 348, "carrier": "gas", "guaranteed_savings": "1",
                     "price_per_unit": "1", "baseline": {"per_day": "0.9"}}])",
       "/guarantees/0/baseline/per_weighted_degree_day", bad, "missing"},
      {__LINE__,
       R"([{"kind": "savings", "term_years": 1, "station": 348, "carrier": "gas", "guaranteed_savings": "1",
                     "price_per_unit": "1", "baseline": {"per_day": "0.9", "per_weighted_degree_day": "0.4",
                     "fit": {"r_squared": 0.9, "cv_rmse": "0.1", "nmbe": "0", "months": 12, "meets_ashrae14": true}}}])",
       "/guarantees/0/baseline/fit/r_squared", bad, "JSON strings"},
      {__LINE__, R"([{"kind": "pv_yield", "term_years": 1, "station": 348, "guaranteed_kwh": "1",
                     "normal_irradiance_j_cm2": "0", "price_per_unit": "1"}])",
       "/guarantees/0/normal_irradiance_j_cm2", bad, "must be positive"},
      {__LINE__, R"([{"kind": "pv_yield", "term_years": 0, "guaranteed_kwh": "1", "station": 348,
                     "normal_irradiance_j_cm2": "1", "price_per_unit": "1"}])",
       "/guarantees/0/term_years", range, "outside 1..60"},
      {__LINE__, R"([{"kind": "pv_yield", "term_years": 1, "guaranteed_kwh": "1",
                     "normal_irradiance_j_cm2": "1", "price_per_unit": "1"}])",
       "/guarantees/0/station", bad, "needs a KNMI station"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1}, 7])", "/guarantees/1", bad,
       "must be an object"},
      {__LINE__, R"({"kind": "epv_generation"})", "/guarantees", bad, "must be an array"},
      {__LINE__, R"([], "x": 1)", "", bad, "one JSON array"},  // text after the array
      {__LINE__, R"([)", "", bad, "malformed JSON"},
      // The plain decimal grammar and the strict parse reach the guarantees too.
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "yearly_cap_eur": "+150"}])",
       "/guarantees/0/yearly_cap_eur", bad, "no '+' or exponent"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "h_min_kwh": "21e2"}])",
       "/guarantees/0/h_min_kwh", bad, "not a decimal number: \"21e2\""},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 1, "term_years": 25}])",
       "/guarantees/0/term_years", bad, "member \"term_years\" given twice"},
      {__LINE__, R"([{"kind": "epv_generation", "term_years": 100000000000000000000}])",
       "/guarantees/0/term_years", range, "number out of range"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("line " + std::to_string(row.line));
    std::vector<Error> problems;
    const Result<std::vector<Guarantee>> gs = parse_guarantees(row.json, &problems);
    ASSERT_FALSE(gs);
    ASSERT_FALSE(problems.empty());
    const auto match = std::find_if(problems.begin(), problems.end(), [&](const Error& e) {
      return e.field == row.pointer && e.message.find(row.message_part) != std::string::npos;
    });
    ASSERT_NE(match, problems.end()) << "first problem: " << problems.front();
    EXPECT_EQ(match->code, row.code) << *match;
  }
}

TEST(GuaranteeJson, AllProblemsAtOnce) {
  std::vector<Error> problems;
  const Result<std::vector<Guarantee>> gs = parse_guarantees(
      R"([{"kind": "epv_generation", "term_years": 1, "h_min_kwh": 530, "colour": "red"},
          {"kind": "pv_yield", "term_years": 1, "guaranteed_kwh": 1}])",
      &problems);
  ASSERT_FALSE(gs);
  std::vector<std::string> fields;
  for (const Error& e : problems)
    fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "/guarantees/0/colour", "/guarantees/0/h_min_kwh", "/guarantees/1/guaranteed_kwh",
                        "/guarantees/1/normal_irradiance_j_cm2", "/guarantees/1/price_per_unit"}));
  EXPECT_NE(gs.error().message.find("and 4 more problems"), std::string::npos);
}

const std::string offer_base = R"({"id": "demo",
 "dwelling": {"type": "single_family", "floor_area_m2": 112, "build_year": 1968, "tenure": "owner"},
 "start_date": "2026-03-01",
 "measures": [{"kind": "heat_pump", "cost": "14200.00", "lifetime_years": 20}],
 "financing": {"annual_rate": "0.039", "term_months": 240, "method": "annuity"},
 "service_fee": {"monthly": "19.50"},
 "expected_use": {"before": {"electricity_import_kwh": "3100", "gas_m3": "1450"},
                  "after": {"electricity_import_kwh": "4300", "gas_m3": "0"}},
 "tariffs": ["nl-2026"],
 "guarantees": GUARANTEES})";

std::string offer_with(const std::string& guarantees, std::string doc = offer_base) {
  return doc.replace(doc.find("GUARANTEES"), 10, guarantees);
}

TEST(GuaranteeJson, OfferWithBadGuaranteesIsRefused) {
  std::vector<Error> problems;
  Result<quote::Offer> offer =
      parse_offer_json(offer_with(R"([{"kind": "nom", "term_years": 30}])"), &problems);
  ASSERT_FALSE(offer);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "/guarantees/0/kind");

  // The offer's own semantic problems are reported together with those of the guarantees.
  std::string doc = offer_with(R"([{"kind": "epv_generation", "term_years": 0}])");
  doc.replace(doc.find(R"("term_months": 240)"), 18, R"("term_months": 0)");
  problems.clear();
  offer = parse_offer_json(doc, &problems);
  ASSERT_FALSE(offer);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "/financing/term_months");
  EXPECT_EQ(problems[1].field, "/guarantees/0/term_years");

  // The canonical text to store keeps the guarantees as the document gives them.
  const Result<OfferDocument> document =
      parse_offer_document(offer_with(R"([{"kind": "epv_generation", "term_years": 25}])"));
  ASSERT_TRUE(document) << document.error();
  EXPECT_NE(document->canonical_json.find(R"("guarantees":[{"kind":"epv_generation","term_years":25}])"),
            std::string::npos);
}

}  // namespace
}  // namespace renofee::io
