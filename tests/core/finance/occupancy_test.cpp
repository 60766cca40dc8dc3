// Occupants of a contract: periods, the change rules and the shares to the day (core/finance/occupancy.hpp).
// Every figure is worked by hand in its comment.
#include "renofee/core/finance/occupancy.hpp"

#include <gtest/gtest.h>

#include "support/literals.hpp"

namespace renofee::finance {
namespace {

using calendar::make_date;

TEST(Occupancy, PeriodsFollowTheChanges) {
  const std::vector<OccupantChange> changes{{make_date(2028, 3, 15), OccupantEvent::tenant_change},
                                            {make_date(2030, 1, 1), OccupantEvent::sale}};
  const std::vector<OccupantPeriod> p = occupant_periods(make_date(2027, 1, 1), changes);
  ASSERT_EQ(p.size(), 3U);
  EXPECT_EQ(p[0], (OccupantPeriod{1, make_date(2027, 1, 1), make_date(2028, 3, 15)}));
  EXPECT_EQ(p[1], (OccupantPeriod{2, make_date(2028, 3, 15), make_date(2030, 1, 1)}));
  EXPECT_EQ(p[2], (OccupantPeriod{3, make_date(2030, 1, 1), std::nullopt}));
  EXPECT_EQ(occupant_on(p, make_date(2028, 3, 14)), 1);  // the outgoing tenant's last day
  EXPECT_EQ(occupant_on(p, make_date(2028, 3, 15)), 2);  // the incoming tenant's first day
  EXPECT_EQ(occupant_on(p, make_date(2040, 1, 1)), 3);
  EXPECT_EQ(occupant_on(p, make_date(2026, 1, 1)), 1);  // before the start: the first occupant
  // The changes alone give the same answer on every day around them.
  for (const calendar::Date day : {make_date(2026, 1, 1), make_date(2028, 3, 14), make_date(2028, 3, 15),
                                   make_date(2029, 12, 31), make_date(2030, 1, 1), make_date(2040, 1, 1)})
    EXPECT_EQ(occupant_on(std::span<const OccupantChange>(changes), day), occupant_on(p, day))
        << calendar::to_string(day);
}

TEST(Occupancy, ASaleWithoutTakeoverEndsTheContract) {
  const std::vector<OccupantChange> changes{{make_date(2029, 6, 1), OccupantEvent::sale_payoff}};
  const std::vector<OccupantPeriod> p = occupant_periods(make_date(2027, 1, 1), changes);
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].end, make_date(2029, 6, 1));
  EXPECT_EQ(occupant_on(p, make_date(2029, 6, 1)), 1);  // the payoff dated on the end is the seller's
  EXPECT_EQ(occupant_on(std::span<const OccupantChange>(changes), make_date(2029, 6, 1)), 1);
  const Result<void> after =
      check_occupant_change(make_date(2027, 1, 1), changes, {make_date(2030, 1, 1), OccupantEvent::sale});
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().field, "/date");
}

TEST(Occupancy, AChangeMustComeAfterTheStartAndTheLastChange) {
  const calendar::Date start = make_date(2027, 1, 1);
  EXPECT_FALSE(check_occupant_change(start, {}, {start, OccupantEvent::sale}));
  EXPECT_TRUE(check_occupant_change(start, {}, {make_date(2027, 1, 2), OccupantEvent::sale}));
  const std::vector<OccupantChange> one{{make_date(2028, 1, 1), OccupantEvent::tenant_change}};
  EXPECT_FALSE(check_occupant_change(start, one, {make_date(2028, 1, 1), OccupantEvent::tenant_change}));
  EXPECT_TRUE(check_occupant_change(start, one, {make_date(2028, 1, 2), OccupantEvent::tenant_change}));
}

TEST(Occupancy, TheFeeOfTheMonthIsSharedToTheDay) {
  const calendar::Period march{make_date(2027, 3, 1), make_date(2027, 4, 1)};  // 31 days
  // In on 15 March: 17 days (15..31) of 31: 150.00 × 17 / 31 = 82.2580... -> 82.26; the outgoing tenant keeps
  // 14 days, 67.74.
  EXPECT_EQ(incoming_fee_share(eur("150.00"), march, make_date(2027, 3, 15)), eur("82.26"));
  // In on the 2nd: 30 of 31 days: 99.99 × 30 / 31 = 96.7645... -> 96.76.
  EXPECT_EQ(incoming_fee_share(eur("99.99"), march, make_date(2027, 3, 2)), eur("96.76"));
  // On the due date the whole fee is the incoming occupant's, and nothing moves.
  EXPECT_TRUE(incoming_fee_share(eur("150.00"), march, make_date(2027, 3, 1)).is_zero());
  EXPECT_TRUE(incoming_fee_share(eur("150.00"), march, make_date(2027, 4, 1)).is_zero());
  // February 2027 has 28 days; in on the 15th leaves 14: 0.14 × 14 / 28 = 0.07, and a tie rounds half up:
  // 0.01 × 14 / 28 = 0.005 -> 0.01.
  const calendar::Period february{make_date(2027, 2, 1), make_date(2027, 3, 1)};
  EXPECT_EQ(incoming_fee_share(eur("0.14"), february, make_date(2027, 2, 15)), eur("0.07"));
  EXPECT_EQ(incoming_fee_share(eur("0.01"), february, make_date(2027, 2, 15)), eur("0.01"));
}

TEST(Occupancy, AYearsCompensationIsSplitByDaysAndAddsUp) {
  const calendar::Period year{make_date(2027, 1, 1), make_date(2028, 1, 1)};  // 365 days
  const std::vector<OccupantChange> changes{{make_date(2027, 3, 15), OccupantEvent::tenant_change}};
  const std::vector<OccupantPeriod> p = occupant_periods(make_date(2026, 7, 1), changes);
  // 1 Jan .. 14 Mar is 31 + 28 + 14 = 73 days: 100.00 × 73 / 365 = 20.00 exactly; the rest 80.00.
  const std::vector<OccupantShare> s = split_by_days(eur("100.00"), year, p);
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s[0], (OccupantShare{1, {make_date(2027, 1, 1), make_date(2027, 3, 15)}, eur("20.00")}));
  EXPECT_EQ(s[1], (OccupantShare{2, {make_date(2027, 3, 15), make_date(2028, 1, 1)}, eur("80.00")}));
  // -123.45 with the change on 1 July: 181 days, -123.45 × 181 / 365 = -61.218... -> -61.22; the rest -62.23.
  const std::vector<OccupantChange> july{{make_date(2027, 7, 1), OccupantEvent::sale}};
  const std::vector<OccupantShare> t =
      split_by_days(eur("-123.45"), year, occupant_periods(year.begin, july));
  ASSERT_EQ(t.size(), 2U);
  EXPECT_EQ(t[0].amount, eur("-61.22"));
  EXPECT_EQ(t[1].amount, eur("-62.23"));
  // A year inside one occupant's stay is theirs whole.
  const std::vector<OccupantShare> u =
      split_by_days(eur("42.00"), calendar::Period{make_date(2028, 1, 1), make_date(2029, 1, 1)}, p);
  ASSERT_EQ(u.size(), 1U);
  EXPECT_EQ(u[0].occupant, 2);
  EXPECT_EQ(u[0].amount, eur("42.00"));
}

TEST(Occupancy, AfterASaleWithoutTakeoverOnlyTheSellersDaysAreOwed) {
  const calendar::Period year{make_date(2027, 1, 1), make_date(2028, 1, 1)};
  const std::vector<OccupantChange> end{{make_date(2027, 3, 15), OccupantEvent::sale_payoff}};
  // 73 of 365 days: -50.00 × 73 / 365 = -10.00; the 292 days after the end are nobody's.
  const std::vector<OccupantShare> s = split_by_days(eur("-50.00"), year, occupant_periods(year.begin, end));
  ASSERT_EQ(s.size(), 1U);
  EXPECT_EQ(s[0], (OccupantShare{1, {make_date(2027, 1, 1), make_date(2027, 3, 15)}, eur("-10.00")}));
  // A year wholly after the end: no share at all.
  EXPECT_TRUE(split_by_days(eur("-50.00"), calendar::Period{make_date(2028, 1, 1), make_date(2029, 1, 1)},
                            occupant_periods(year.begin, end))
                  .empty());
}

TEST(Occupancy, SharesAddUpForEveryChangeDayOfAYear) {
  // Property: for every day of 2028 (a leap year) as the change date, the two shares are the whole amount and
  // the outgoing share is within a cent of amount × days / 366.
  const calendar::Period year{make_date(2028, 1, 1), make_date(2029, 1, 1)};
  for (int d = 1; d < 366; ++d) {
    const calendar::Date on = calendar::add_days(year.begin, d);
    const std::vector<OccupantChange> c{{on, OccupantEvent::tenant_change}};
    const std::vector<OccupantShare> s = split_by_days(eur("987.65"), year, occupant_periods(year.begin, c));
    ASSERT_EQ(s.size(), 2U) << calendar::to_string(on);
    EXPECT_EQ(s[0].amount + s[1].amount, eur("987.65"));
    EXPECT_EQ(s[0].days.days(), d);
  }
}

TEST(Occupancy, EventsParseAndPrint) {
  for (OccupantEvent e : {OccupantEvent::tenant_change, OccupantEvent::sale, OccupantEvent::sale_payoff})
    EXPECT_EQ(*parse_occupant_event(to_string(e)), e);
  const Result<OccupantEvent> bad = parse_occupant_event("divorce");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/event");
}

}  // namespace
}  // namespace renofee::finance
