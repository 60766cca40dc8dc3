// Test plan for apr.hpp (CCD 2008/48/EC Annex I). Expected values are independent: closed forms for simple
// flows, and scripts/gen_schedule_reference.py's 50-digit decimal Newton for schedules (the fixture test
// checks 2,412 more). Covers: X = 0 when payments equal the drawdown, an exact 10% one-year loan, the
// Warmtefonds example (4.27% nominal -> APR 4.35%), the effective basis giving APR = its rate, reporting
// rounding (half-up to 1 and 2 decimals), and refused inputs.
#include "renofee/core/finance/apr.hpp"

#include <gtest/gtest.h>

#include "finance_test_util.hpp"

namespace renofee::finance {
namespace {

using testing::dec;
using testing::eur;
using testing::loan;

void expect_apr(const Apr& apr, const char* rate12, const char* one, const char* two) {
  EXPECT_LE((apr.annual_rate - dec(rate12)).abs(), dec("0.000000000001")) << apr.annual_rate;
  EXPECT_EQ(apr.percent_one_decimal.to_string(), one);
  EXPECT_EQ(apr.percent_two_decimals.to_string(), two);
}

TEST(Apr, SimpleFlowsHaveClosedForms) {
  // 1,000 now, 1,100 in 12 months: (1 + X) = 1.1.
  expect_apr(solve_apr(eur("1000.00"), {{12, eur("1100.00")}}).value(), "0.1", "10.0", "10.00");
  // 1,000 now, 1,000 back: X = 0.
  expect_apr(solve_apr(eur("1000.00"), {{6, eur("500.00")}, {12, eur("500.00")}}).value(), "0", "0.0",
             "0.00");
  // 1,000 now, 1,210 in 24 months: (1 + X)^2 = 1.21.
  expect_apr(solve_apr(eur("1000.00"), {{24, eur("1210.00")}}).value(), "0.1", "10.0", "10.00");
  // 1,000 now, 1,010 in one month: (1 + X)^(1/12) = 1.01, X = 1.01^12 - 1 = 0.126825030131...
  expect_apr(solve_apr(eur("1000.00"), {{1, eur("1010.00")}}).value(), "0.126825030132", "12.7", "12.68");
}

TEST(Apr, WarmtefondsExampleIsNominal427ForAnApr435) {
  ScheduleInput input = loan("15000.00", "0.0427", 120);
  // python: 0.043545660157; (1 + 0.0427/12)^12 - 1 = 0.0435457... before rounding the payments.
  expect_apr(apr_of(build_schedule(input).value()).value(), "0.043545660157", "4.4", "4.35");
  input.financing.annual_rate = dec("0.0435");
  input.financing.rate_basis = RateBasis::effective;
  // The effective basis gives APR = its rate up to the cent rounding of 120 payments.
  expect_apr(apr_of(build_schedule(input).value()).value(), "0.043499810949", "4.3", "4.35");
}

TEST(Apr, ServiceFeesAndTheCapDoNotCount) {
  ScheduleInput input = loan("35000.00", "0.039", 240);
  const Apr plain = apr_of(build_schedule(input).value()).value();
  input.service_fee.monthly = eur("19.50");
  input.monthly_cap = eur("200.00");
  const Apr with_fee = apr_of(build_schedule(input).value()).value();
  EXPECT_EQ(plain.annual_rate, with_fee.annual_rate);
  expect_apr(plain, "0.039704510925", "4.0", "3.97");  // python reference, issue3-demo
}

TEST(Apr, RefusesFlowsWithoutAnApr) {
  EXPECT_FALSE(solve_apr(eur("0.00"), {{1, eur("1.00")}}).ok());
  EXPECT_FALSE(solve_apr(eur("1000.00"), {{12, eur("999.99")}}).ok());  // repays less than it lends
  EXPECT_FALSE(solve_apr(eur("1000.00"), {{0, eur("1100.00")}}).ok());
  EXPECT_FALSE(solve_apr(eur("1000.00"), {{1201, eur("1100.00")}}).ok());
  EXPECT_FALSE(solve_apr(eur("1000.00"), {{12, eur("-1.00")}, {13, eur("1200.00")}}).ok());
  EXPECT_FALSE(solve_apr(eur("1000.00"), {{12, eur("1100.001")}}).ok());
}

}  // namespace
}  // namespace renofee::finance
