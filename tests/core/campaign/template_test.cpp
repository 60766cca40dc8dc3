// Tests of core/campaign/template: hand-worked figures of one home under a small template, the cap and the
// cost limit of a subsidy, the home's own areas, a use rule that turns negative, and the template checks.
#include "renofee/core/campaign/template.hpp"

#include <gtest/gtest.h>

#include "support/literals.hpp"

namespace renofee::campaign {
namespace {

Template small() {
  Template t;
  t.id = "rijtjes-1970";
  t.name = "Rijtjeshuis";
  t.areas = {dec("0.65"), dec("0.55"), dec("0.15")};
  SubsidyRule facade{"ISDE gevel", CostBasis::facade_m2, dec("40.50"), eur("2000.00"), "RVO", 2026};
  t.measures = {
      {quote::MeasureKind::insulation_facade, "gevel", {CostBasis::facade_m2, dec("145.00")}, 40, facade},
      {quote::MeasureKind::pv, "pv", {CostBasis::kwp, dec("1150.00")}, 25, std::nullopt},
      {quote::MeasureKind::ventilation,
       "wtw",
       {CostBasis::home, dec("300.00")},
       15,
       SubsidyRule{"ISDE ventilatie", CostBasis::home, dec("400.00"), std::nullopt, "RVO", 2026}}};
  t.after.electricity_import = {dec("1"), dec("1.5"), dec("0"), dec("-270"), dec("0")};
  t.after.electricity_export = {dec("0"), dec("0"), dec("0"), dec("630"), dec("0")};
  t.after.gas = {};
  t.after.pv_generation = UseRule{dec("0"), dec("0"), dec("0"), dec("900"), dec("0")};
  return t;
}

Home home(int floor) {
  Home h;
  h.row = 2;
  h.postcode = "3521 AB";
  h.number = "12";
  h.house_type = "rijtjes-1970";
  h.floor_area_m2 = floor;
  h.build_year = 1970;
  h.electricity_kwh = dec("2650");
  h.gas_m3 = dec("1180");
  return h;
}

TEST(CampaignTemplate, HandWorkedHome) {
  // 92 m2: facade 0.65 x 92 = 59.8 m2; roof 0.55 x 92 = 50.6 m2; kWp 0.15 x 50.6 = 7.59.
  const Derived d = derive(small(), home(92)).value();
  EXPECT_EQ(d.facade_m2, dec("59.8"));
  EXPECT_EQ(d.roof_m2, dec("50.6"));
  EXPECT_EQ(d.pv_kwp, dec("7.59"));
  ASSERT_EQ(d.measures.size(), 3U);
  EXPECT_EQ(d.measures[0].cost, eur("8671.00"));  // 145.00 x 59.8
  EXPECT_EQ(d.measures[1].cost, eur("8728.50"));  // 1,150.00 x 7.59
  EXPECT_EQ(d.measures[2].cost, eur("300.00"));
  ASSERT_EQ(d.subsidies.size(), 2U);
  EXPECT_EQ(d.subsidies[0].amount, eur("2000.00"));  // 40.50 x 59.8 = 2,421.90, capped at 2,000.00
  EXPECT_EQ(d.subsidies[1].amount, eur("300.00"));   // 400.00, at most the measure's 300.00
  // import 2,650 + 1.5 x 1,180 - 270 x 7.59 = 2,370.7; export 630 x 7.59 = 4,781.7; PV 900 x 7.59 = 6,831.
  EXPECT_EQ(d.after.electricity_import.value(), dec("2370.700"));
  EXPECT_EQ(d.after.electricity_export.value(), dec("4781.700"));
  EXPECT_EQ(d.after.gas.value(), dec("0"));
  EXPECT_EQ(d.after.pv_generation->value(), dec("6831.000"));
  EXPECT_EQ(d.before.gas.value(), dec("1180"));
  const auto capped = std::find_if(d.trace.begin(), d.trace.end(),
                                   [](const Trace& t) { return t.field == "/subsidies/0/amount"; });
  ASSERT_NE(capped, d.trace.end());
  EXPECT_NE(capped->rule.find("capped at 2000.00"), std::string::npos) << capped->rule;
  EXPECT_NE(capped->rule.find("RVO, 2026"), std::string::npos);
}

TEST(CampaignTemplate, TheHomesOwnAreasWinAndTheKeyIsStable) {
  Home h = home(105);
  h.facade_m2 = dec("70.5");
  h.roof_m2 = dec("60");
  h.pv_kwp = dec("8.4");
  h.number = "16-A";
  const Derived d = derive(small(), h).value();
  EXPECT_EQ(d.facade_m2, dec("70.5"));
  EXPECT_EQ(d.pv_kwp, dec("8.4"));
  EXPECT_EQ(d.trace.front().rule, "the home's own figure");
  EXPECT_EQ(address_key(h), "3521ab-16-a");
}

TEST(CampaignTemplate, ANegativeUseIsRefusedForThatHome) {
  Home h = home(300);  // a large roof and little use: 100 + 15 - 270 x 24.75 < 0
  h.electricity_kwh = dec("100");
  h.gas_m3 = dec("10");
  const Result<Derived> d = derive(small(), h);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field, "/expected_use/after/electricity_import_kwh");
  EXPECT_NE(d.error().message.find("row 2"), std::string::npos);
  h.floor_area_m2 = 5;
  EXPECT_EQ(derive(small(), h).error().field, "/floor_area_m2");
  h.house_type = "flat";
  EXPECT_EQ(derive(small(), h).error().field, "/house_type");
}

TEST(CampaignTemplate, ProblemsNameTheirFields) {
  Template t = small();
  EXPECT_TRUE(template_problems(t).empty());
  t.id = "Rijtjes 1970";
  t.measures[0].cost.amount = dec("-1");
  t.measures[1].lifetime_years = 0;
  t.measures[2].subsidy->source = "";
  t.areas.kwp_per_roof_m2 = dec("11");
  std::vector<std::string> fields;
  for (const Error& e : template_problems(t))
    fields.push_back(e.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"/template", "/measures/0/cost/amount", "/measures/1/lifetime_years",
                                      "/measures/2/subsidy/source", "/areas/kwp_per_roof_m2"}));
}

}  // namespace
}  // namespace renofee::campaign
