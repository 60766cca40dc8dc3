// Tests of core/finance/stepwise: a plan of three steps and the integral plan against the independent reference
// (scripts/gen_stepwise_reference.py, tests/data/stepwise_reference.txt: every month's payment, the totals and
// the APR over several drawdowns), the one-drawdown case against finance::apr, and the step checks.
#include "renofee/core/finance/stepwise.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "support/literals.hpp"

namespace renofee::finance {
namespace {

StepwiseTerms terms(std::vector<Step> steps) {
  StepwiseTerms t;
  t.steps = std::move(steps);
  t.annual_rate = dec("0.039");
  t.term_months = 360;
  return t;
}

std::map<std::string, std::map<std::string, std::string>> reference() {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/stepwise_reference.txt");
  std::map<std::string, std::map<std::string, std::string>> out;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> parts;
    std::stringstream s(line);
    for (std::string p; std::getline(s, p, '|');)
      parts.push_back(p);
    out[parts[1]][parts[2]] = line.substr(parts[0].size() + parts[1].size() + parts[2].size() + 3);
  }
  return out;
}

std::string joined(const std::vector<Money>& values) {
  std::string text;
  for (const Money& v : values)
    text += (text.empty() ? "" : ",") + v.value().to_string();
  return text;
}

TEST(Stepwise, ThreeDrawdownsAndTheIntegralPlanAsTheReference) {
  const auto ref = reference();
  ASSERT_EQ(ref.size(), 3U);
  const std::map<std::string, std::vector<Step>> plans{
      {"three-steps",
       {{0, eur("25000.00"), "isolatie en ventilatie"},
        {36, eur("9125.00"), "warmtepomp"},
        {60, eur("10000.00"), "pv"}}},
      {"integral", {{0, eur("44125.00"), "alles in een keer"}}},
      {"one-step", {{0, eur("33204.10"), ""}}}};
  for (const auto& [name, steps] : plans) {
    const StepwisePlan plan = plan_steps(terms(steps)).value();
    const auto& want = ref.at(name);
    EXPECT_EQ(joined(plan.payments), want.at("months")) << name;
    EXPECT_EQ(joined(plan.step_payments), want.at("steps")) << name;
    EXPECT_EQ(plan.total_drawn.value().to_string() + "|" + plan.total_payments.value().to_string() + "|" +
                  plan.cost_of_credit.value().to_string(),
              want.at("totals"))
        << name;
    EXPECT_EQ(plan.apr.annual_rate.to_string() + "|" + plan.apr.percent_one_decimal.to_string() + "|" +
                  plan.apr.percent_two_decimals.to_string(),
              want.at("apr"))
        << name;
  }
}

TEST(Stepwise, OneDrawdownIsTheApr) {
  // The bisection over drawdowns and the single-drawdown APR of apr.hpp agree to the 12th decimal.
  const StepwisePlan plan = plan_steps(terms({{0, eur("33204.10"), ""}})).value();
  std::vector<CashFlow> payments;
  for (std::size_t m = 0; m < plan.payments.size(); ++m)
    payments.push_back({static_cast<int>(m) + 1, plan.payments[m]});
  const Apr single = solve_apr(eur("33204.10"), payments).value();
  EXPECT_EQ(plan.apr.annual_rate, single.annual_rate);
  EXPECT_EQ(plan.apr.percent_two_decimals, single.percent_two_decimals);
}

TEST(Stepwise, StepsInOrderInsideTheTerm) {
  const auto field = [](std::vector<Step> steps) {
    return plan_steps(terms(std::move(steps))).error().field;
  };
  EXPECT_EQ(field({{1, eur("100.00"), ""}}), "/steps/0/month");
  EXPECT_EQ(field({{0, eur("100.00"), ""}, {36, eur("1.00"), ""}, {36, eur("1.00"), ""}}), "/steps/2/month");
  EXPECT_EQ(field({{0, eur("100.00"), ""}, {360, eur("1.00"), ""}}), "/steps/1/month");
  EXPECT_EQ(field({{0, eur("0.00"), ""}}), "/steps/0/drawdown");
  EXPECT_EQ(field({}), "/steps");
  // No drawdown at month 0, or payments below the drawdowns: no APR.
  EXPECT_FALSE(solve_apr_drawdowns({{1, eur("100.00")}}, {{2, eur("200.00")}}).ok());
  EXPECT_FALSE(solve_apr_drawdowns({{0, eur("100.00")}}, {{2, eur("99.99")}}).ok());
  // Paid back exactly what was drawn: an APR of 0.
  EXPECT_EQ(
      solve_apr_drawdowns({{0, eur("100.00")}, {5, eur("50.00")}}, {{3, eur("100.00")}, {8, eur("50.00")}})
          .value()
          .annual_rate,
      dec("0"));
}

}  // namespace
}  // namespace renofee::finance
