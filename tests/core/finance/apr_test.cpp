// Test plan for apr.hpp (CCD 2008/48/EC Annex I). The APR from the schedule's own dates (AprTerms: the drawdown
// 0..12 months before the first payment, the service fee counted when compulsory) is checked against
// scripts/gen_apr_dates_reference.py, an exact-fraction bisection (tests/data/apr_dates_reference.tsv): the
// rules issue's 35,000 / 240 / 3.9 % gives 3.97 % with the first payment one month after the drawdown and
// 4.01 % with the drawdown on the first due date; 60 generated offers more. Expected values are independent: closed forms for simple
// flows, and scripts/gen_schedule_reference.py's 50-digit decimal Newton for schedules (the fixture test
// checks 2,412 more). Covers: X = 0 when payments equal the drawdown, an exact 10% one-year loan, the
// Warmtefonds example (4.27% nominal -> APR 4.35%), the effective basis giving APR = its rate, reporting
// rounding (half-up to 1 and 2 decimals), and refused inputs.
// The certified shortcut of solve_apr (apr.cpp) must publish what the 512-bit reference method publishes:
// compared text for text over 1,500 generated schedules (annuity and linear, both bases, grace months,
// all roundings), 600 generated irregular flows, and flows whose APR sits on or within 10^-9 (relative to
// the 12-decimal grid) of a rounding boundary, where the exact figures also come from Decimal::divide.
#include "renofee/core/finance/apr.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

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

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream stream(line);
  while (std::getline(stream, part, '\t'))
    out.push_back(part);
  return out;
}

TEST(AprDates, EveryReferenceOfferMatchesTheFractionBisection) {
  std::ifstream file(std::string(RENOFEE_TEST_DATA_DIR) + "/apr_dates_reference.tsv");
  ASSERT_TRUE(file.is_open());
  std::string line;
  int offers = 0;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = fields(line);
    ASSERT_EQ(f.size(), 15u) << line;
    SCOPED_TRACE(f[0] + " lead " + f[10] + " fee " + f[11]);
    ScheduleInput input = loan(f[1].c_str(), f[2].c_str(), std::stoi(f[4]));
    input.financing.rate_basis = parse_rate_basis(f[3]).value();
    input.financing.method = parse_method(f[5]).value();
    input.financing.grace_months = std::stoi(f[6]);
    input.service_fee.monthly = eur(f[7]);
    input.service_fee.indexation.kind = parse_indexation_kind(f[8]).value();
    if (input.service_fee.indexation.kind == IndexationKind::fixed)
      input.service_fee.indexation.annual_rate = dec(f[9]);
    if (input.service_fee.indexation.kind == IndexationKind::series) {
      std::istringstream factors(f[9]);
      std::string factor;
      while (std::getline(factors, factor, '|'))
        input.service_fee.indexation.factors.push_back(dec(factor));
    }
    const Result<Schedule> schedule = build_schedule(input);
    ASSERT_TRUE(schedule.ok()) << describe(schedule.error());
    const Result<Apr> apr = apr_of(*schedule, AprTerms{std::stoi(f[10]), f[11] == "1"});
    ASSERT_TRUE(apr.ok()) << describe(apr.error());
    EXPECT_EQ(apr->annual_rate.to_string(), f[12]);
    EXPECT_EQ(apr->percent_one_decimal.to_string(), f[13]);
    EXPECT_EQ(apr->percent_two_decimals.to_string(), f[14]);
    ++offers;
  }
  EXPECT_EQ(offers, 65);
}

TEST(AprDates, TheDrawdownIsAtMostTwelveMonthsBeforeTheFirstPayment) {
  const Schedule schedule = build_schedule(loan("35000.00", "0.039", 240)).value();
  EXPECT_FALSE(apr_of(schedule, AprTerms{13, false}).ok());
  EXPECT_FALSE(apr_of(schedule, AprTerms{-1, false}).ok());
  // The default terms are the convention of every schedule so far: the published 3.97 %.
  EXPECT_EQ(apr_of(schedule).value().percent_two_decimals.to_string(), "3.97");
  EXPECT_EQ(apr_of(schedule, AprTerms{0, false}).value().percent_two_decimals.to_string(), "4.01");
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

void expect_same_as_reference(const Money& drawdown, const std::vector<CashFlow>& flows) {
  const Apr fast = solve_apr(drawdown, flows).value();
  const Apr reference = solve_apr_by_reference_method(drawdown, flows).value();
  EXPECT_EQ(fast.annual_rate.to_string(), reference.annual_rate.to_string());
  EXPECT_EQ(fast.percent_one_decimal.to_string(), reference.percent_one_decimal.to_string());
  EXPECT_EQ(fast.percent_two_decimals.to_string(), reference.percent_two_decimals.to_string());
}

TEST(Apr, GeneratedSchedulesGiveTheReferenceMethodsFigures) {
  std::mt19937_64 random(20261123);
  const auto pick = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  for (int n = 0; n < 1500; ++n) {
    ScheduleInput input;
    input.financing.principal = cents(pick(1, 1'000'000'000));
    input.financing.annual_rate = Decimal::from_units(pick(0, 150'000), 6);  // 0 .. 15%
    input.financing.term_months = static_cast<int>(pick(1, 480));
    input.financing.grace_months =
        pick(0, 3) == 0 ? static_cast<int>(pick(0, input.financing.term_months - 1)) : 0;
    input.financing.method = pick(0, 3) == 0 ? Method::linear : Method::annuity;
    input.financing.rate_basis = pick(0, 1) == 0 ? RateBasis::nominal : RateBasis::effective;
    input.financing.rounding = all_roundings[static_cast<std::size_t>(pick(0, 5))];
    input.start = calendar::make_date(2026, 3, 1);
    const Result<Schedule> schedule = build_schedule(input);
    if (!schedule) continue;  // e.g. a payment that rounds to zero
    SCOPED_TRACE(input.financing.principal.to_string() + " at " + input.financing.annual_rate.to_string() +
                 " over " + std::to_string(input.financing.term_months));
    std::vector<CashFlow> payments;
    for (const ScheduleRow& row : schedule->rows)
      payments.push_back(CashFlow{row.month, row.financing_payment});
    expect_same_as_reference(input.financing.principal, payments);
  }
}

TEST(Apr, GeneratedIrregularFlowsGiveTheReferenceMethodsFigures) {
  std::mt19937_64 random(6);
  const auto pick = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  for (int n = 0; n < 600; ++n) {
    std::vector<CashFlow> flows;
    std::int64_t sum = 0;
    const int count = static_cast<int>(pick(1, 40));
    for (int k = 0; k < count; ++k) {
      const std::int64_t amount = pick(0, 1'000'000'000 / pick(1, 1000));
      flows.push_back(CashFlow{static_cast<int>(pick(1, 1200)), cents(amount)});
      sum += amount;
    }
    if (sum == 0) continue;
    // A drawdown from 20% to 100% of what is paid back: APRs from 0 to very high.
    const std::int64_t drawn = std::max<std::int64_t>(1, sum - sum * pick(0, 800) / 1000);
    SCOPED_TRACE(std::to_string(n));
    expect_same_as_reference(cents(drawn), flows);
  }
}

// One payment 12 months after the drawdown D: X = P / D - 1 exactly, so the published figures are
// Decimal::divide(P - D, D, 12, half_even) and 100 (P - D) / D half-up to one and two decimals. With
// D = 499,999,993 cents the fractions 2·10^12 (P - D) / D come within 2·10^-9 of every integer, i.e. of every
// rounding boundary of X (Y = 2·10^12 X is an integer exactly at the boundaries).
TEST(Apr, OneYearFlowsNextToRoundingBoundariesAreExact) {
  constexpr std::int64_t drawn = 499'999'993;
  int near = 0;
  for (std::int64_t excess = 1; excess < 30'000'000 && near < 400; ++excess) {
    const std::int64_t remainder =
        static_cast<std::int64_t>((static_cast<__int128>(2'000'000'000'000) * excess) % drawn);
    if (remainder > 20'000 && remainder < drawn - 20'000) continue;  // |Y - nearest integer| >= 2·10^-5
    ++near;
    SCOPED_TRACE("excess " + std::to_string(excess) + " cents, remainder " + std::to_string(remainder));
    const std::vector<CashFlow> flows{{12, cents(drawn + excess)}};
    expect_same_as_reference(cents(drawn), flows);
    const Apr apr = solve_apr(cents(drawn), flows).value();
    const Decimal x = Decimal::divide(Decimal(excess), Decimal(drawn), 12, Rounding::half_even).value();
    const Decimal p1 = Decimal::divide(Decimal(100 * excess), Decimal(drawn), 1, Rounding::half_up).value();
    const Decimal p2 = Decimal::divide(Decimal(100 * excess), Decimal(drawn), 2, Rounding::half_up).value();
    EXPECT_EQ(apr.annual_rate.to_string(), x.to_string());
    EXPECT_EQ(apr.percent_one_decimal.to_string(), p1.to_string());
    EXPECT_EQ(apr.percent_two_decimals.to_string(), p2.to_string());
  }
  EXPECT_EQ(near, 400);
}

// Exactly on a boundary the reference method's truncation decides; the shortcut must hand these over.
TEST(Apr, FlowsExactlyOnRoundingBoundariesGiveTheReferenceMethodsFigures) {
  // 1.25% and 3.745%: ties of the one- and two-decimal percentages.
  expect_same_as_reference(eur("1000.00"), {{12, eur("1012.50")}});
  expect_same_as_reference(eur("200000.00"), {{12, eur("207490.00")}});
  expect_same_as_reference(eur("1000000.00"), {{24, eur("1025156.25")}});  // (1 + X)^2 = 1.0125^2
  // D = 81,920,000 cents: X = (P - D) / D is a tie of the 12-decimal rounding when P - D = 16 mod 32.
  for (std::int64_t excess = 16; excess < 16 + 32 * 50; excess += 32) {
    SCOPED_TRACE(excess);
    expect_same_as_reference(cents(81'920'000), {{12, cents(81'920'000 + excess)}});
  }
}

}  // namespace
}  // namespace renofee::finance
