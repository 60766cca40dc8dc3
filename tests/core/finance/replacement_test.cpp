// The replacement reserve's plan (core/finance/replacement.hpp), worked by hand in each comment.
#include "renofee/core/finance/replacement.hpp"

#include <gtest/gtest.h>

#include "support/literals.hpp"

namespace renofee::finance {
namespace {

using calendar::make_date;

const std::vector<ReplaceableMeasure> measures{
    {"heat_pump", 15, eur("9500.00")}, {"pv", 25, eur("6000.00")}, {"insulation_roof", 40, eur("5600.00")}};

TEST(ReplacementPlan, AReserveTooSmallLeavesAShortfallTheProviderBears) {
  // 30 years from 1 March 2026, 30.00 a month. The heat pump is replaced on 1 March 2041 (15 years; its second
  // end of life, 2056-03-01, is the contract's end and not inside it), the PV on 1 March 2051, the roof never.
  const ReplacementPlan p = plan_replacements(make_date(2026, 3, 1), 360, eur("30.00"), measures);
  ASSERT_EQ(p.replacements.size(), 2U);
  // 180 fees are due before 2041-03-01: 180 x 30.00 = 5,400.00 against 9,500.00: 4,100.00 short.
  EXPECT_EQ(p.replacements[0].on, make_date(2041, 3, 1));
  EXPECT_EQ(p.replacements[0].reserve_before, eur("5400.00"));
  EXPECT_EQ(p.replacements[0].paid_from_reserve, eur("5400.00"));
  EXPECT_EQ(p.replacements[0].shortfall, eur("4100.00"));
  // 300 fees before 2051-03-01: 9,000.00 − 5,400.00 spent = 3,600.00 against 6,000.00: 2,400.00 short.
  EXPECT_EQ(p.replacements[1].measure, "pv");
  EXPECT_EQ(p.replacements[1].reserve_before, eur("3600.00"));
  EXPECT_EQ(p.replacements[1].shortfall, eur("2400.00"));
  EXPECT_EQ(p.contributions, eur("10800.00"));  // 360 x 30.00
  EXPECT_EQ(p.replacement_costs, eur("15500.00"));
  EXPECT_EQ(p.shortfall, eur("6500.00"));
  EXPECT_EQ(p.surplus, eur("1800.00"));  // 10,800.00 − 9,000.00 paid out
}

TEST(ReplacementPlan, AnAmpleReserveCoversBothAndKeepsTheRest) {
  // 60.00 a month: 10,800.00 before the heat pump pays 9,500.00; 18,000.00 − 9,500.00 = 8,500.00 before the PV
  // pays 6,000.00; 21,600.00 in all − 15,500.00 = 6,100.00 left.
  const ReplacementPlan p = plan_replacements(make_date(2026, 3, 1), 360, eur("60.00"), measures);
  ASSERT_EQ(p.replacements.size(), 2U);
  EXPECT_EQ(p.replacements[0].shortfall, eur("0.00"));
  EXPECT_EQ(p.replacements[1].reserve_before, eur("8500.00"));
  EXPECT_EQ(p.shortfall, eur("0.00"));
  EXPECT_EQ(p.surplus, eur("6100.00"));
}

TEST(ReplacementPlan, WithoutAReserveEveryReplacementIsAShortfall) {
  // A 10-year heat pump in a 20-year contract: replaced once, on 1 January 2037, at 0.00 reserve.
  const ReplacementPlan p =
      plan_replacements(make_date(2027, 1, 1), 240, eur("0.00"), {{"heat_pump", 10, eur("8000.00")}});
  ASSERT_EQ(p.replacements.size(), 1U);
  EXPECT_EQ(p.replacements[0].on, make_date(2037, 1, 1));
  EXPECT_EQ(p.replacements[0].shortfall, eur("8000.00"));
  EXPECT_EQ(p.surplus, eur("0.00"));
}

TEST(ReplacementPlan, ShortLivedMeasuresRepeatInsideTheTerm) {
  // 7 years in 30: replaced after 7, 14, 21 and 28 years.
  const ReplacementPlan p =
      plan_replacements(make_date(2026, 1, 1), 360, eur("10.00"), {{"ventilation", 7, eur("1000.00")}});
  ASSERT_EQ(p.replacements.size(), 4U);
  EXPECT_EQ(p.replacements[3].on, make_date(2054, 1, 1));
  // Before 2033-01-01: 84 x 10.00 = 840.00 of 1,000.00; then 1,680.00 − 840.00 = 840.00 again, and so on.
  EXPECT_EQ(p.replacements[0].shortfall, eur("160.00"));
  EXPECT_EQ(p.replacements[1].reserve_before, eur("840.00"));
}

TEST(ReplacementPlan, MonthsDueBeforeADayClampToShortMonths) {
  // Due 31 Jan, 28 Feb (clamped), 31 Mar 2026: two fall before 1 March.
  EXPECT_EQ(months_due_before(make_date(2026, 1, 31), 12, make_date(2026, 3, 1)), 2);
  EXPECT_EQ(months_due_before(make_date(2026, 1, 31), 12, make_date(2026, 1, 31)), 0);
  EXPECT_EQ(months_due_before(make_date(2026, 1, 31), 12, make_date(2030, 1, 1)),
            12);  // never beyond the term
}

}  // namespace
}  // namespace renofee::finance
