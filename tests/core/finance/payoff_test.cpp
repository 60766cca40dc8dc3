// Tests of core/finance/payoff.hpp: a hand-checked payoff, the edges (drawdown day, a due date, the last day),
// refusals, and 1,200 quotes (600 random offers × both rules) against scripts/gen_payoff_reference.py
// (python integers and fractions, its own schedule) to the cent.
#include "renofee/core/finance/payoff.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "finance_test_util.hpp"

namespace renofee::finance {
namespace {

using testing::dec;
using testing::eur;

calendar::Date day(std::string_view text) {
  return calendar::parse_date(text).value();
}

Schedule payoff_loan(const char* principal, const char* rate, int term) {
  ScheduleInput input;
  input.financing.principal = eur(principal);
  input.financing.annual_rate = dec(rate);
  input.financing.rate_basis = RateBasis::nominal;
  input.financing.term_months = term;
  input.start = day("2026-03-01");
  return build_schedule(input).value();
}

TEST(Payoff, HandCheckedMidMonth) {
  // 12,000.00 at 6 % nominal (i = 0.005) over 24 months, due on the 1st from 2026-03-01, drawdown 2026-02-01.
  const Schedule s = payoff_loan("12000.00", "0.06", 24);
  // Paid off on 2026-04-16: two instalments due (1 Mar, 1 Apr); balance after two from the schedule; accrued =
  // balance × 0.005 × 15/30 (April has 30 days).
  const PayoffQuote q =
      payoff_quote(s, day("2026-02-01"), day("2026-04-16"), EarlyRepayment::statutory_cap).value();
  EXPECT_EQ(q.instalments_due, 2);
  // By hand (python fractions): A = 531.85; balance after two = 11,053.94; accrued = 11,053.94 × 0.005 × 15/30 =
  // 27.63485 -> 27.63; 22 months remain (more than a year): 1 % = 110.54, far below the interest still to come.
  EXPECT_EQ(s.regular_payment, eur("531.85"));
  EXPECT_EQ(q.balance, eur("11053.94"));
  EXPECT_EQ(q.days_elapsed, 15);
  EXPECT_EQ(q.days_in_period, 30);
  EXPECT_EQ(q.accrued_interest, eur("27.63"));
  EXPECT_EQ(q.compensation_rate, dec("0.01"));
  EXPECT_EQ(q.compensation, eur("110.54"));
  EXPECT_EQ(q.total, eur("11192.11"));
  EXPECT_EQ(q.total.value(), q.balance.value() + q.accrued_interest.value() + q.compensation.value());
  // The same day without a compensation rule.
  EXPECT_EQ(payoff_quote(s, day("2026-02-01"), day("2026-04-16"), EarlyRepayment::free).value().compensation,
            eur("0.00"));
}

TEST(Payoff, EdgesAndRefusals) {
  const Schedule s = payoff_loan("12000.00", "0.06", 24);
  const PayoffQuote first =
      payoff_quote(s, day("2026-02-01"), day("2026-02-01"), EarlyRepayment::free).value();
  EXPECT_EQ(first.instalments_due, 0);
  EXPECT_EQ(first.balance, eur("12000.00"));
  EXPECT_EQ(first.accrued_interest, eur("0.00"));
  const PayoffQuote on_due =
      payoff_quote(s, day("2026-02-01"), day("2027-03-01"), EarlyRepayment::statutory_cap).value();
  EXPECT_EQ(on_due.instalments_due, 13);
  EXPECT_EQ(on_due.accrued_interest, eur("0.00"));
  EXPECT_EQ(on_due.compensation_rate, dec("0.005"));  // 11 months left: at most a year
  // The last day before the final instalment: the compensation is capped by the interest still to come.
  const PayoffQuote last =
      payoff_quote(s, day("2026-02-01"), day("2028-01-31"), EarlyRepayment::statutory_cap).value();
  EXPECT_EQ(last.instalments_due, 23);
  EXPECT_LE(last.compensation.value(), last.interest_remaining.value());
  EXPECT_EQ(payoff_quote(s, day("2026-02-01"), day("2028-02-01"), EarlyRepayment::free).error().field,
            "/date");
  EXPECT_EQ(payoff_quote(s, day("2026-02-01"), day("2026-01-31"), EarlyRepayment::free).error().field,
            "/date");
}

std::vector<std::string> split_tab(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, '\t'))
    out.push_back(part);
  return out;
}

TEST(Payoff, MatchesThePythonReferenceToTheCent) {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/finance/payoff_reference.tsv");
  ASSERT_TRUE(in.is_open());
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = split_tab(line);
    ASSERT_EQ(f.size(), 17u);
    SCOPED_TRACE(f[0] + " " + f[9] + " " + f[10]);
    ScheduleInput input = testing::financing_from_fields(f);
    const Schedule s = build_schedule(input).value();
    ASSERT_TRUE(f[10] == "free" || f[10] == "statutory_cap");
    const EarlyRepayment rule = f[10] == "free" ? EarlyRepayment::free : EarlyRepayment::statutory_cap;
    const PayoffQuote q =
        payoff_quote(s, calendar::add_months_keep_day(input.start, -1), day(f[9]), rule).value();
    EXPECT_EQ(q.instalments_due, std::stoi(f[11]));
    EXPECT_EQ(q.balance, eur(f[12]));
    EXPECT_EQ(q.accrued_interest, eur(f[13]));
    EXPECT_EQ(q.interest_remaining, eur(f[14]));
    EXPECT_EQ(q.compensation, eur(f[15]));
    EXPECT_EQ(q.total, eur(f[16]));
    ++cases;
  }
  EXPECT_EQ(cases, 1200);
}

}  // namespace
}  // namespace renofee::finance
