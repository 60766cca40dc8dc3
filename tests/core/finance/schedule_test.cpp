// Test plan for schedule.hpp (docs/domain.md §4). Worked examples whose expected rows were computed by
// scripts/gen_schedule_reference.py (independent python; the fixture test checks 2,412 more offers):
//   - 0%: 10,000.00 / 120 = 83.33 a month, the last 83.73 (docs/domain.md §4);
//   - linear with 12 grace months from 31 Jan 2028 (due dates clamp: 29 Feb 2028, 28 Feb 2029);
//   - the demo offer of docs/offers.md with a 2% indexed service fee under a 230.00 EPV cap: rows keep
//     the financing payment and service fee, `total` is capped and the reduction shown; totals, payoff, fee
//     in year 1/10/20;
//   - early settlement when the regular principal part exceeds the balance (linear 0% and annuity `up`);
//   - every invalid input is a Result error naming the offer field.
#include "renofee/core/finance/schedule.hpp"

#include <gtest/gtest.h>

#include <string>

#include "finance_test_util.hpp"

namespace renofee::finance {
namespace {

using testing::csv;
using testing::dec;
using testing::eur;
using testing::loan;

std::string row(const Schedule& schedule, int month) {
  return csv(schedule.rows.at(static_cast<std::size_t>(month - 1)));
}

TEST(Method, NamesRoundTrip) {
  EXPECT_EQ(parse_method("annuity").value(), Method::annuity);
  EXPECT_EQ(parse_method("linear").value(), Method::linear);
  const Result<Method> bad = parse_method("bullet");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "/financing/method");
  EXPECT_NE(bad.error().message.find("\"bullet\""), std::string::npos);
}

TEST(Schedule, ZeroPercentWarmtefondsExample) {
  const Schedule s = build_schedule(loan("10000.00", "0", 120)).value();
  EXPECT_EQ(s.regular_payment, eur("83.33"));
  EXPECT_EQ(row(s, 1), "1,2026-03-01,10000.00,0.00,83.33,83.33,0.00,83.33,9916.67");
  EXPECT_EQ(row(s, 120), "120,2036-02-01,83.73,0.00,83.73,83.73,0.00,83.73,0.00");
  EXPECT_EQ(s.totals.interest, eur("0.00"));
  EXPECT_EQ(s.totals.cost_of_credit, eur("0.00"));
  EXPECT_EQ(s.totals.total_payable, eur("10000.00"));
}

TEST(Schedule, LinearWithGraceMonthsAndClampedDueDates) {
  ScheduleInput input = loan("24000.00", "0.05", 120, Method::linear);
  input.financing.grace_months = 12;
  input.start = calendar::make_date(2028, 1, 31);
  const Schedule s = build_schedule(input).value();
  EXPECT_EQ(s.amortising_months, 108);
  EXPECT_EQ(s.regular_payment, eur("222.22"));  // 24,000 / 108 = 222.222...
  EXPECT_EQ(row(s, 1), "1,2028-01-31,24000.00,100.00,0.00,100.00,0.00,100.00,24000.00");
  EXPECT_EQ(row(s, 2), "2,2028-02-29,24000.00,100.00,0.00,100.00,0.00,100.00,24000.00");
  EXPECT_EQ(row(s, 12), "12,2028-12-31,24000.00,100.00,0.00,100.00,0.00,100.00,24000.00");
  EXPECT_EQ(row(s, 13), "13,2029-01-31,24000.00,100.00,222.22,322.22,0.00,322.22,23777.78");
  EXPECT_EQ(row(s, 14), "14,2029-02-28,23777.78,99.07,222.22,321.29,0.00,321.29,23555.56");
  EXPECT_EQ(row(s, 120), "120,2037-12-31,222.46,0.93,222.46,223.39,0.00,223.39,0.00");
  EXPECT_EQ(s.totals.interest, eur("6650.05"));
  EXPECT_EQ(s.totals.financing_payments, eur("30650.05"));
}

// EPV caps by date (rules issue, item 3): the same offer capped at 225.00 from the start and 229.80 from
// 1 Jul 2026 (a 1 July indexation). Months due before July are held to 225.00, from July on to 229.80: row 4
// (2026-06-01) pays 225.00 (gross 229.75), row 5 (2026-07-01) the whole 229.75; row 13 (2027-03-01, gross
// 230.14) is held to 229.80. A change dated between due dates applies from the next due date.
TEST(Schedule, EpvCapChangesApplyFromTheirDate) {
  ScheduleInput input = loan("35000.00", "0.039", 240);
  input.service_fee.monthly = eur("19.50");
  input.service_fee.indexation.kind = IndexationKind::fixed;
  input.service_fee.indexation.annual_rate = dec("0.02");
  input.monthly_cap = eur("225.00");
  input.cap_changes = {{calendar::make_date(2026, 7, 1), eur("229.80")}};
  const Schedule s = build_schedule(input).value();
  EXPECT_EQ(s.rows[3].total, eur("225.00"));
  EXPECT_EQ(s.rows[3].cap_reduction, eur("4.75"));
  EXPECT_EQ(s.rows[4].total, eur("229.75"));
  EXPECT_EQ(s.rows[12].total, eur("229.80"));
  EXPECT_EQ(s.rows[12].cap_reduction, eur("0.34"));  // 210.25 + 19.89 - 229.80
  input.cap_changes = {{calendar::make_date(2026, 6, 15), eur("229.80")}};
  EXPECT_EQ(build_schedule(input).value().rows[3].total, eur("225.00"));  // 1 June is before 15 June
  EXPECT_EQ(build_schedule(input).value().rows[4].total, eur("229.75"));
  // Errors name the change: no cap from the start, dates out of order, a negative cap.
  ScheduleInput bad = input;
  bad.monthly_cap.reset();
  EXPECT_EQ(build_schedule(bad).error().field, "/epv/cap_changes");
  bad = input;
  bad.cap_changes.push_back({calendar::make_date(2026, 6, 15), eur("230.00")});
  EXPECT_EQ(build_schedule(bad).error().field, "/epv/cap_changes/1/from");
  bad = input;
  bad.cap_changes[0].cap = eur("-1.00");
  EXPECT_EQ(build_schedule(bad).error().field, "/epv/cap_changes/0/cap");
}

TEST(Schedule, IndexedServiceFeeUnderAnEpvCap) {
  ScheduleInput input = loan("35000.00", "0.039", 240);
  input.service_fee.monthly = eur("19.50");
  input.service_fee.indexation.kind = IndexationKind::fixed;
  input.service_fee.indexation.annual_rate = dec("0.02");
  input.monthly_cap = eur("230.00");
  const Schedule s = build_schedule(input).value();
  EXPECT_EQ(s.regular_payment, eur("210.25"));
  EXPECT_EQ(row(s, 1), "1,2026-03-01,35000.00,113.75,96.50,210.25,19.50,229.75,34903.50");
  EXPECT_EQ(row(s, 12), "12,2027-02-01,33921.08,110.24,100.01,210.25,19.50,229.75,33821.07");
  EXPECT_EQ(row(s, 13), "13,2027-03-01,33821.07,109.92,100.33,210.25,19.89,230.00,33720.74");
  EXPECT_EQ(s.rows[12].cap_reduction, eur("0.14"));  // 210.25 + 19.89 - 230.00
  EXPECT_EQ(row(s, 25), "25,2028-03-01,32595.35,105.93,104.32,210.25,20.29,230.00,32491.03");
  EXPECT_EQ(row(s, 240), "240,2046-02-01,210.66,0.68,210.66,211.34,28.46,230.00,0.00");
  EXPECT_EQ(s.totals.interest, eur("15461.09"));
  EXPECT_EQ(s.totals.principal, eur("35000.00"));
  EXPECT_EQ(s.totals.financing_payments, eur("50461.09"));
  EXPECT_EQ(s.totals.cost_of_credit, eur("15461.09"));
  EXPECT_EQ(s.totals.service_fees, eur("5689.68"));
  EXPECT_EQ(s.totals.cap_reductions, eur("953.77"));
  EXPECT_EQ(s.totals.total_payable, eur("55197.00"));
  // The cap never touches the financing part or the balance.
  EXPECT_EQ(s.rows[239].financing_payment, eur("211.34"));

  EXPECT_EQ(payoff_amount(s, 0).value(), eur("35000.00"));
  EXPECT_EQ(payoff_amount(s, 1).value(), eur("34903.50"));
  EXPECT_EQ(payoff_amount(s, 60).value(), eur("28618.32"));
  EXPECT_EQ(payoff_amount(s, 240).value(), eur("0.00"));
  EXPECT_FALSE(payoff_amount(s, 241).ok());
  EXPECT_FALSE(payoff_amount(s, -1).ok());

  EXPECT_EQ(contract_years(s), 20);
  const YearFee year1 = fee_in_contract_year(s, 1).value();
  EXPECT_EQ(year1.financing_payment, eur("210.25"));
  EXPECT_EQ(year1.service_fee, eur("19.50"));
  EXPECT_EQ(year1.total, eur("229.75"));
  EXPECT_EQ(fee_in_contract_year(s, 10)->service_fee, eur("23.31"));
  EXPECT_EQ(fee_in_contract_year(s, 10)->total, eur("230.00"));
  EXPECT_EQ(fee_in_contract_year(s, 20)->service_fee, eur("28.46"));
  EXPECT_FALSE(fee_in_contract_year(s, 21).has_value());
  EXPECT_FALSE(fee_in_contract_year(s, 0).has_value());
}

TEST(Schedule, SettlesEarlyWhenTheRegularPartExceedsTheBalance) {
  // 1,000.85 / 480 = 2.0851 -> 2.09 (half_up); 479 × 2.09 > 1,000.85, so month 479 repays the 1.83 left.
  const Schedule linear = build_schedule(loan("1000.85", "0", 480, Method::linear)).value();
  EXPECT_EQ(row(linear, 478), "478,2065-12-01,3.92,0.00,2.09,2.09,0.00,2.09,1.83");
  EXPECT_EQ(row(linear, 479), "479,2066-01-01,1.83,0.00,1.83,1.83,0.00,1.83,0.00");
  EXPECT_EQ(row(linear, 480), "480,2066-02-01,0.00,0.00,0.00,0.00,0.00,0.00,0.00");
  // Rounding A up (10.09) on a long, dear loan still ends at exactly 0.00 in the last month.
  ScheduleInput dear = loan("1000.00", "0.12", 480);
  dear.financing.rounding = Rounding::up;
  const Schedule annuity = build_schedule(dear).value();
  EXPECT_EQ(annuity.regular_payment, eur("10.09"));
  EXPECT_EQ(row(annuity, 479), "479,2066-01-01,19.80,0.20,9.89,10.09,0.00,10.09,9.91");
  EXPECT_EQ(row(annuity, 480), "480,2066-02-01,9.91,0.10,9.91,10.01,0.00,10.01,0.00");
  EXPECT_EQ(annuity.totals.interest, eur("3843.12"));
}

TEST(Schedule, EffectiveBasisWarmtefondsExample) {
  ScheduleInput input = loan("15000.00", "0.0435", 120);
  input.financing.rate_basis = RateBasis::effective;
  const Schedule s = build_schedule(input).value();
  EXPECT_EQ(s.regular_payment, eur("153.77"));
  EXPECT_EQ(row(s, 1), "1,2026-03-01,15000.00,53.32,100.45,153.77,0.00,153.77,14899.55");
  EXPECT_EQ(row(s, 120), "120,2036-02-01,152.97,0.54,152.97,153.51,0.00,153.51,0.00");
}

TEST(Schedule, InvalidInputNamesTheOfferField) {
  struct Row {
    int line;
    ScheduleInput input;
    const char* field;
  };
  const auto with = [](auto change) {
    ScheduleInput input = loan("35000.00", "0.039", 240);
    change(input);
    return input;
  };
  const Row rows[] = {
      {__LINE__, with([](ScheduleInput& i) { i.financing.principal = eur("0"); }), "/financing/principal"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.principal = eur("-5.00"); }),
       "/financing/principal"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.principal = eur("100.001"); }),
       "/financing/principal"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.annual_rate = dec("1.01"); }),
       "/financing/annual_rate"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.annual_rate = dec("-0.001"); }),
       "/financing/annual_rate"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.term_months = 0; }), "/financing/term_months"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.term_months = 601; }), "/financing/term_months"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.grace_months = 240; }), "/financing/grace_months"},
      {__LINE__, with([](ScheduleInput& i) { i.financing.grace_months = -1; }), "/financing/grace_months"},
      {__LINE__, with([](ScheduleInput& i) {
         i.start = calendar::Date{date::year{2026}, date::month{2}, date::day{30}};
       }),
       "/start_date"},
      {__LINE__, with([](ScheduleInput& i) { i.service_fee.monthly = eur("-1.00"); }),
       "/service_fee/monthly"},
      {__LINE__, with([](ScheduleInput& i) {
         i.service_fee.indexation.kind = IndexationKind::series;
         i.service_fee.indexation.factors = {dec("1.02")};
       }),
       "/service_fee/indexation/factors"},
      {__LINE__, with([](ScheduleInput& i) { i.monthly_cap = eur("-0.01"); }), "/epv/monthly_cap"},
      {__LINE__, with([](ScheduleInput& i) { i.monthly_cap = eur("100.005"); }), "/epv/monthly_cap"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.line);
    const Result<Schedule> s = build_schedule(r.input);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().field, r.field) << describe(s.error());
  }
}

}  // namespace
}  // namespace renofee::finance
