// Tests of adapters/io/template_json and core/campaign/template: a house-type template applied to three homes of
// different sizes and uses against the independent reference (scripts/gen_template_reference.py,
// tests/data/campaign/template_reference.json), the offer each home gets, and the errors that name the row and
// field (an unknown column value, a duplicate address, a negative cost rule, a rule that gives negative use).
#include "renofee/adapters/io/template_json.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "support/literals.hpp"

namespace renofee::io {
namespace {

std::string template_source(const std::string& path) {
  return renofee::read_file(std::string(RENOFEE_SOURCE_DIR) + "/" + path);
}

TemplateDocument tussenwoning() {
  return parse_template_json(template_source("contracts/templates/tussenwoning-1965-1974.json")).value();
}

std::string homes_header() {
  return "postcode,number,bag_id,house_type,floor_area_m2,build_year,tenure,facade_m2,roof_m2,pv_kwp,"
         "electricity_kwh,gas_m3,use_source\n";
}

TEST(TemplateReference, ThreeHomesToTheCentAndTheWatthour) {
  const TemplateDocument doc = tussenwoning();
  const std::vector<campaign::Home> homes =
      read_homes_csv(template_source("tests/data/campaign/homes-3.csv")).value();
  Poco::JSON::Parser parser;
  const auto reference = parser.parse(template_source("tests/data/campaign/template_reference.json"))
                             .extract<Poco::JSON::Object::Ptr>();
  const auto expected = reference->getArray("homes");
  ASSERT_EQ(homes.size(), 3U);
  ASSERT_EQ(expected->size(), 3U);
  for (std::size_t i = 0; i < homes.size(); ++i) {
    const auto want = expected->getObject(static_cast<unsigned>(i));
    const campaign::Derived d = campaign::derive(doc.rules, homes[i]).value();
    EXPECT_EQ(d.facade_m2, dec(want->getValue<std::string>("facade_m2"))) << i;
    EXPECT_EQ(d.roof_m2, dec(want->getValue<std::string>("roof_m2"))) << i;
    EXPECT_EQ(d.pv_kwp, dec(want->getValue<std::string>("pv_kwp"))) << i;
    const auto costs = want->getArray("measure_costs");
    ASSERT_EQ(d.measures.size(), costs->size());
    Money investment = cents(0), subsidy = cents(0);
    for (std::size_t m = 0; m < d.measures.size(); ++m) {
      EXPECT_EQ(d.measures[m].cost.value(), dec(costs->getElement<std::string>(static_cast<unsigned>(m))))
          << i;
      investment = investment + d.measures[m].cost;
    }
    const auto subsidies = want->getArray("subsidies");
    ASSERT_EQ(d.subsidies.size(), subsidies->size());
    for (std::size_t s = 0; s < d.subsidies.size(); ++s) {
      EXPECT_EQ(d.subsidies[s].amount.value(),
                dec(subsidies->getElement<std::string>(static_cast<unsigned>(s))));
      subsidy = subsidy + d.subsidies[s].amount;
    }
    EXPECT_EQ(investment.value(), dec(want->getValue<std::string>("investment")));
    EXPECT_EQ((investment - subsidy).value(), dec(want->getValue<std::string>("principal")));
    const auto after = want->getObject("after");
    EXPECT_EQ(d.after.electricity_import.value(),
              dec(after->getValue<std::string>("electricity_import_kwh")));
    EXPECT_EQ(d.after.electricity_export.value(),
              dec(after->getValue<std::string>("electricity_export_kwh")));
    EXPECT_EQ(d.after.gas.value(), dec(after->getValue<std::string>("gas_m3")));
    ASSERT_TRUE(d.after.pv_generation.has_value());
    EXPECT_EQ(d.after.pv_generation->value(), dec(after->getValue<std::string>("pv_generation_kwh")));
    // Every figure traces to its rule: one line per area, measure, subsidy and use figure, and three use
    // figures per step that states its own use (all but the last).
    EXPECT_EQ(d.trace.size(), 3 + d.measures.size() + d.subsidies.size() + 1 + 4 + 3 * (d.steps.size() - 1));
    // The steps: each one's drawdown and use after it, and the energy and CO2 of the first 8 contract years.
    const auto steps = want->getArray("steps");
    ASSERT_EQ(d.steps.size(), steps->size());
    ASSERT_EQ(d.after_steps.size(), steps->size());
    for (std::size_t k = 0; k < d.steps.size(); ++k) {
      const auto step = steps->getObject(static_cast<unsigned>(k));
      EXPECT_EQ(d.steps[k].month, step->getValue<int>("month"));
      Money drawn = cents(0);
      for (const quote::Measure& m : d.steps[k].measures)
        drawn = drawn + m.cost;
      for (const quote::Subsidy& s : d.steps[k].subsidies)
        drawn = drawn - s.amount;
      EXPECT_EQ(drawn.value(), dec(step->getValue<std::string>("drawdown"))) << i << " step " << k;
      const auto use = step->getObject("after");
      EXPECT_EQ(d.after_steps[k].electricity_import.value(),
                dec(use->getValue<std::string>("electricity_import_kwh")));
      EXPECT_EQ(d.after_steps[k].electricity_export.value(),
                dec(use->getValue<std::string>("electricity_export_kwh")));
      EXPECT_EQ(d.after_steps[k].gas.value(), dec(use->getValue<std::string>("gas_m3")));
    }
    const campaign::StepComparison c =
        campaign::compare_steps({d.steps, dec("0.039"), finance::RateBasis::nominal, finance::Method::annuity,
                                 360, Rounding::half_up})
            .value();
    const std::vector<campaign::ChoiceYear> years = campaign::choice_years(c, d.steps, d.after_steps);
    ASSERT_EQ(years.size(), 30U);
    const auto in_steps = want->getArray("years_in_steps");
    for (unsigned y = 0; y < in_steps->size(); ++y) {
      const auto row = in_steps->getObject(y);
      EXPECT_EQ(years[y].steps.gas_m3, dec(row->getValue<std::string>("gas_m3"))) << i << " year " << y + 1;
      EXPECT_EQ(years[y].steps.net_electricity_kwh, dec(row->getValue<std::string>("net_electricity_kwh")));
      EXPECT_EQ(years[y].steps.co2_kg, dec(row->getValue<std::string>("co2_kg"))) << i << " year " << y + 1;
      EXPECT_EQ(years[y].integral.gas_m3, d.after.gas.value());
    }
    // The offer: the home's own size and use, the template's financing and guarantee, the derived figures.
    const OfferDocument offer = home_offer(doc, homes[i], d, "street-" + campaign::address_key(homes[i]),
                                           calendar::make_date(2027, 3, 1))
                                    .value();
    EXPECT_EQ(offer.offer.dwelling.floor_area_m2, homes[i].floor_area_m2);
    EXPECT_EQ(offer.offer.measures, d.measures);
    EXPECT_EQ(offer.offer.expected_use.before.gas, CubicMetres(homes[i].gas_m3));
    ASSERT_EQ(offer.offer.guarantees.size(), 1U);
    EXPECT_EQ(offer.offer.guarantees[0].kind, guarantee::Kind::net_zero);
  }
  EXPECT_EQ(campaign::address_key(homes[2]), "3521ab-16-a");
}

TEST(TemplateReference, DeterministicAndTheSameTextTwice) {
  const TemplateDocument doc = tussenwoning();
  const std::vector<campaign::Home> homes =
      read_homes_csv(template_source("tests/data/campaign/homes-3.csv")).value();
  const auto text = [&] {
    const campaign::Derived d = campaign::derive(doc.rules, homes[1]).value();
    return home_offer(doc, homes[1], d, "x-1", calendar::make_date(2027, 3, 1)).value().canonical_json +
           trace_json(d.trace);
  };
  EXPECT_EQ(text(), text());
}

TEST(HomesCsv, ErrorsNameTheRowAndTheField) {
  const auto refused = [](const std::string& body, const std::string& field, const std::string& part) {
    const Result<std::vector<campaign::Home>> homes = read_homes_csv(homes_header() + body);
    ASSERT_FALSE(homes.ok()) << body;
    EXPECT_EQ(homes.error().field, field) << homes.error().message;
    EXPECT_NE(homes.error().message.find(part), std::string::npos) << homes.error().message;
  };
  const std::string good = "3521 AB,12,,t,92,1968,owner,,,,2650,1180,declared\n";
  refused(good + "3521AB,12,,t,100,1970,owner,,,,1,1,meter\n", "/number", "row 3");  // the same address
  refused("3521 A,12,,t,92,1968,owner,,,,2650,1180,declared\n", "/postcode", "row 2");
  refused("3521 AB,12,,t,92,1968,landlord,,,,2650,1180,declared\n", "/tenure", "row 2");
  refused("3521 AB,12,,t,9,1968,owner,,,,2650,1180,declared\n", "/floor_area_m2", "row 2");
  refused("3521 AB,12,,t,92,1968,owner,,,,-1,1180,declared\n", "/electricity_kwh", "row 2");
  refused("3521 AB,12,,t,92,1968,owner,,,,2650,1180,guessed\n", "/use_source", "row 2");
  refused("3521 AB,12,123,t,92,1968,owner,,,,2650,1180,declared\n", "/bag_id", "row 2");
  refused("3521 AB,12,,t,92\n", "/row", "row 2");
  EXPECT_FALSE(read_homes_csv("postcode,number\n").ok());
  EXPECT_FALSE(read_homes_csv(homes_header()).ok());  // no home at all
}

// The optional income_band column: a band of whole euros, empty allowed, anything else names the column.
TEST(HomesCsv, TheIncomeBandColumnIsOptional) {
  const std::string header = homes_header().substr(0, homes_header().size() - 1) + ",income_band\n";
  const Result<std::vector<campaign::Home>> homes =
      read_homes_csv(header + "3521 AB,12,,t,92,1968,owner,,,,2650,1180,declared,20000-25000\n" +
                     "3521 AB,14,,t,92,1968,owner,,,,2650,1180,declared,\n");
  ASSERT_TRUE(homes.ok()) << describe(homes.error());
  EXPECT_EQ((*homes)[0].income_band, (campaign::IncomeBand{20000, 25000}));
  EXPECT_FALSE((*homes)[1].income_band.has_value());
  EXPECT_FALSE(
      read_homes_csv(homes_header() + "3521 AB,12,,t,92,1968,owner,,,,2650,1180,declared,20000-25000\n")
          .ok());
  for (const char* band : {"25000-20000", "20000", "-5-10", "a-b", "0-1000001", "10-10"}) {
    const Result<std::vector<campaign::Home>> bad =
        read_homes_csv(header + "3521 AB,12,,t,92,1968,owner,,,,2650,1180,declared," + band + "\n");
    ASSERT_FALSE(bad.ok()) << band;
    EXPECT_EQ(bad.error().field, "/income_band") << band;
  }
}

// The steps of a template (docs/campaigns.md, "Steps in a template"): every rule names its field.
TEST(TemplateJson, StepsAreCheckedNamingTheField) {
  const std::string text = template_source("contracts/templates/tussenwoning-1965-1974.json");
  const auto refused = [&](const std::string& from, const std::string& to, const std::string& field) {
    std::string bad = text;
    const std::size_t at = bad.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    bad.replace(at, from.size(), to);
    std::vector<Error> problems;
    EXPECT_FALSE(parse_template_json(bad, &problems).ok()) << to;
    std::vector<std::string> fields;
    for (const Error& e : problems)
      fields.push_back(e.field);
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end())
        << to << ": " << ::testing::PrintToString(fields);
  };
  refused("\"after_months\": 0,", "\"after_months\": 3,", "/steps/0/after_months");
  refused("\"after_months\": 66,", "\"after_months\": 42,", "/steps/2/after_months");  // not later
  refused("\"measures\": [\n        \"pv\"\n      ]", "\"measures\": [\n        \"heat_pump\"\n      ]",
          "/steps/2/measures/0");  // in step 1 already
  refused("\"measures\": [\n        \"pv\"\n      ]", "\"measures\": [\n        \"glazing\"\n      ]",
          "/steps/2/measures/0");  // no such measure
  refused("\"measures\": [\n        \"pv\"\n      ]", "\"measures\": [\n        \"solar\"\n      ]",
          "/steps/2/measures/0");  // no such kind
  refused("\"label\": \"zonnepanelen\",",
          "\"label\": \"zonnepanelen\", \"expected_use_after\": {\"electricity_import_kwh\": {},"
          " \"electricity_export_kwh\": {}, \"gas_m3\": {}},",
          "/steps/2/expected_use_after");
  // Without a step holding PV, the PV measure is in no step.
  refused("\"measures\": [\n        \"pv\"\n      ]", "\"measures\": [\n        \"ventilation\"\n      ]",
          "/measures/5/kind");
  EXPECT_TRUE(parse_template_json(text).ok());
}

TEST(TemplateJson, ANegativeCostAndANegativeUseAreRefusedNamingTheField) {
  std::string text = template_source("contracts/templates/tussenwoning-1965-1974.json");
  std::string negative = text;
  negative.replace(negative.find("\"145.00\""), 8, "\"-145.00\"");
  std::vector<Error> problems;
  EXPECT_FALSE(parse_template_json(negative, &problems).ok());
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().field, "/measures/0/cost/amount");
  // A rule that gives a negative import for a home with little use and a large roof: refused for that home.
  const TemplateDocument doc = tussenwoning();
  campaign::Home home =
      read_homes_csv(homes_header() +
                     "3521 AB,12,,tussenwoning-1965-1974,300,1968,owner,,,,100,10,declared\n")
          .value()
          .front();
  const Result<campaign::Derived> d = campaign::derive(doc.rules, home);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field, "/expected_use/after/electricity_import_kwh");
  EXPECT_NE(d.error().message.find("row 2"), std::string::npos);
  home.house_type = "vrijstaand";
  EXPECT_EQ(campaign::derive(doc.rules, home).error().field, "/house_type");
  // An offer member the offer reader refuses names its field under /offer.
  std::string bad_offer = text;
  bad_offer.replace(bad_offer.find("\"term_months\": 360"), 18, "\"term_months\": 9999");
  problems.clear();
  const Result<TemplateDocument> refused = parse_template_json(bad_offer, &problems);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "/offer/financing/term_months");
  // Unknown members are refused, not ignored.
  std::string unknown = text;
  unknown.replace(unknown.find("\"areas\""), 7, "\"area\"");
  EXPECT_FALSE(parse_template_json(unknown).ok());
}

TEST(TemplateJson, EveryCommittedTemplateReads) {
  for (const char* name : {"tussenwoning-1965-1974", "hoekwoning-1965-1974", "portiekflat-1960-1970"}) {
    const Result<TemplateDocument> doc =
        parse_template_json(template_source(std::string("contracts/templates/") + name + ".json"));
    ASSERT_TRUE(doc.ok()) << name << ": " << doc.error().message << " at " << doc.error().field;
    EXPECT_EQ(doc->rules.id, name);
  }
}

}  // namespace
}  // namespace renofee::io
