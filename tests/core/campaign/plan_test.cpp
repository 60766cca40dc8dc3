// Tests of core/campaign/plan: the steps' drawdowns from their measures and subsidies, the plan and the
// integral plan (their figures are those of tests/data/stepwise_reference.txt, scripts/gen_stepwise_reference.py),
// and the order warnings.
#include "renofee/core/campaign/plan.hpp"

#include <gtest/gtest.h>

#include "support/literals.hpp"

namespace renofee::campaign {
namespace {

using quote::MeasureKind;

quote::Measure measure(MeasureKind kind, const char* cost) {
  return {kind, "", eur(cost), 20};
}

StepPlanInput three_steps() {
  StepPlanInput in;
  in.annual_rate = dec("0.039");
  in.term_months = 360;
  in.steps = {
      {0,
       "isolatie en ventilatie",
       {measure(MeasureKind::insulation_facade, "18000.00"), measure(MeasureKind::ventilation, "9800.00")},
       {{"ISDE isolatie", eur("2400.00")}, {"ISDE ventilatie", eur("400.00")}}},
      {36,
       "warmtepomp",
       {measure(MeasureKind::heat_pump, "11500.00")},
       {{"ISDE warmtepomp", eur("2375.00")}}},
      {60, "zonnepanelen", {measure(MeasureKind::pv, "10000.00")}, {}}};
  return in;
}

TEST(CampaignPlan, DrawdownsPlanAndIntegralAsTheReference) {
  const StepComparison c = compare_steps(three_steps()).value();
  // 18,000 + 9,800 − 2,400 − 400 = 25,000.00; 11,500 − 2,375 = 9,125.00; 10,000.00: the reference's three steps.
  EXPECT_EQ(c.drawdowns, (std::vector<Money>{eur("25000.00"), eur("9125.00"), eur("10000.00")}));
  // tests/data/stepwise_reference.txt, plans three-steps and integral.
  EXPECT_EQ(c.steps.total_payments, eur("72890.32"));
  EXPECT_EQ(c.steps.apr.annual_rate, dec("0.039704741917"));
  EXPECT_EQ(c.integral.total_payments, eur("74925.64"));
  EXPECT_EQ(c.integral.apr.annual_rate, dec("0.039704725961"));
  EXPECT_EQ(c.steps.payments.front(), eur("117.92"));
  EXPECT_EQ(c.integral.payments.front(), eur("208.12"));
  EXPECT_TRUE(c.warnings.empty());
}

TEST(CampaignPlan, AHeatPumpBeforeTheInsulationIsWarnedAbout) {
  StepPlanInput in = three_steps();
  std::swap(in.steps[0].measures, in.steps[1].measures);  // the heat pump now, the insulation in three years
  std::swap(in.steps[0].subsidies, in.steps[1].subsidies);
  const StepComparison c = compare_steps(in).value();
  ASSERT_EQ(c.warnings.size(), 1U);
  EXPECT_NE(c.warnings[0].find("stap 1) komt voor de isolatie (stap 2)"), std::string::npos) << c.warnings[0];
  in.steps[1].measures = {measure(MeasureKind::ventilation, "9800.00")};  // no insulation at all
  in.steps[1].subsidies = {};
  EXPECT_NE(order_warnings(in.steps).at(0).find("zonder isolatie"), std::string::npos);
}

TEST(CampaignPlan, EmptyStepsAndSubsidiesAboveTheCostAreRefused) {
  StepPlanInput in = three_steps();
  in.steps[2].measures.clear();
  EXPECT_EQ(compare_steps(in).error().field, "/steps/2/measures");
  in = three_steps();
  in.steps[1].subsidies = {{"te veel", eur("11500.00")}};
  EXPECT_EQ(compare_steps(in).error().field, "/steps/1/subsidies");
  in = three_steps();
  in.steps[2].month = 30;  // before the step before it
  EXPECT_EQ(compare_steps(in).error().field, "/steps/2/month");
}

}  // namespace
}  // namespace renofee::campaign
