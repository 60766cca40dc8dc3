// Test plan (app/reconciliation_overview.hpp), each case worked out by hand from the year rules of
// app::settled_year:
//  - past years, contract years: start 2026-03-01; today 2028-02-29 -> year 1 only (year 2 ends 2028-03-01);
//    today 2028-03-01 -> years 1 and 2 (a period ending on today is over); today before the first year ends ->
//    none;
//  - past years, calendar years: start 2026-07-01 -> the first settled year is 2027 (2026 is not covered
//    entirely); today 2028-01-01 -> {2027}; start 2026-01-01 -> 2026 counts; today 2029-06-30 -> {2026, 2027,
//    2028};
//  - at most 100 years: a contract started in 1900 lists contract years 1..100;
//  - statuses: no report -> due; version 1, compensation 0 -> done; version 2 -> done, corrected; compensation
//    12.34 -> done, shortfall; both -> done, corrected, shortfall; a report of a year not yet over is listed
//    too (years sorted); two entries for one year -> the higher version counts;
//  - the use case calls the store once with the limit and flags a full page as truncated; a store error is
//    passed on.
#include "renofee/app/reconciliation_overview.hpp"

#include <gtest/gtest.h>
#include "support/literals.hpp"

namespace renofee::app {
namespace {

using calendar::make_date;

std::vector<int> years_of(const std::vector<SettledYear>& years) {
  std::vector<int> out;
  for (const SettledYear& y : years)
    out.push_back(y.year);
  return out;
}

std::vector<std::string> statuses(const YearOverview& y) {
  std::vector<std::string> out;
  for (YearStatus s : y.statuses)
    out.emplace_back(to_string(s));
  return out;
}

TEST(PastYears, ContractYearsAreOverWhenTheirPeriodEndsOnOrBeforeToday) {
  const calendar::Date start = make_date(2026, 3, 1);
  const auto contract = quote::SettlementYear::contract;
  EXPECT_EQ(years_of(past_years(start, contract, make_date(2027, 2, 28))), std::vector<int>{});
  EXPECT_EQ(years_of(past_years(start, contract, make_date(2027, 3, 1))), std::vector<int>{1});
  EXPECT_EQ(years_of(past_years(start, contract, make_date(2028, 2, 29))), std::vector<int>{1});
  EXPECT_EQ(years_of(past_years(start, contract, make_date(2028, 3, 1))), (std::vector<int>{1, 2}));
  const std::vector<SettledYear> two = past_years(start, contract, make_date(2028, 3, 1));
  EXPECT_EQ(two[1].index, 2);
  EXPECT_FALSE(two[1].calendar_year);
  EXPECT_EQ(two[1].period.begin, make_date(2027, 3, 1));
  EXPECT_EQ(two[1].period.end, make_date(2028, 3, 1));
}

TEST(PastYears, CalendarYearsStartWithTheFirstYearCoveredEntirely) {
  const auto calendar_years = quote::SettlementYear::calendar;
  EXPECT_EQ(years_of(past_years(make_date(2026, 7, 1), calendar_years, make_date(2027, 12, 31))),
            std::vector<int>{});
  EXPECT_EQ(years_of(past_years(make_date(2026, 7, 1), calendar_years, make_date(2028, 1, 1))),
            std::vector<int>{2027});
  const std::vector<SettledYear> from_new_year =
      past_years(make_date(2026, 1, 1), calendar_years, make_date(2029, 6, 30));
  EXPECT_EQ(years_of(from_new_year), (std::vector<int>{2026, 2027, 2028}));
  EXPECT_EQ(from_new_year[0].index, 1);
  EXPECT_EQ(from_new_year[2].index, 3);
  EXPECT_TRUE(from_new_year[2].calendar_year);
}

TEST(PastYears, AtMostOneHundredYears) {
  const std::vector<SettledYear> years =
      past_years(make_date(1900, 1, 1), quote::SettlementYear::contract, make_date(2026, 1, 1));
  ASSERT_EQ(years.size(), 100u);
  EXPECT_EQ(years.front().year, 1);
  EXPECT_EQ(years.back().year, 100);
}

// Uploads marked against a year's latest report version (data that arrived after settlement) add
// "inputs_changed", last; the page shows them with the year.
TEST(ContractOverview, LateUploadsMarkTheYearInputsChanged) {
  OverviewContract c;
  c.contract_id = "c1";
  c.versions = 1;
  c.start_date = make_date(2021, 3, 1);
  c.reports = {{1, 2, eur("3.00"), {LateUpload{1, 2, 17, calendar::Instant(std::chrono::seconds(0)), 4}}},
               {2, 1, eur("0.00")}};
  const ContractOverview o = contract_overview(c, make_date(2023, 3, 1));
  ASSERT_EQ(o.years.size(), 2u);
  EXPECT_EQ(statuses(o.years[0]),
            (std::vector<std::string>{"done", "corrected", "shortfall", "inputs_changed"}));
  EXPECT_EQ(statuses(o.years[1]), std::vector<std::string>{"done"});
}

TEST(ContractOverview, StatusOfEachYearFromItsLatestReport) {
  OverviewContract c;
  c.contract_id = "c1";
  c.versions = 3;
  c.start_date = make_date(2021, 3, 1);  // years 1..5 are over on 2026-03-01
  c.settlement_year = quote::SettlementYear::contract;
  c.reports = {{1, 1, eur("0.00")},  {2, 2, eur("0.00")}, {3, 1, eur("12.34")},
               {4, 1, eur("99.00")}, {4, 3, eur("5.00")}, {7, 1, eur("0.00")}};
  const ContractOverview o = contract_overview(c, make_date(2026, 3, 1));
  EXPECT_EQ(o.contract_id, "c1");
  EXPECT_EQ(o.versions, 3);
  ASSERT_EQ(o.years.size(), 6u);
  EXPECT_EQ(o.years[0].year, 1);
  EXPECT_EQ(statuses(o.years[0]), std::vector<std::string>{"done"});
  EXPECT_EQ(o.years[0].report, (LatestReport{1, 1, eur("0.00")}));
  EXPECT_EQ(statuses(o.years[1]), (std::vector<std::string>{"done", "corrected"}));
  EXPECT_EQ(statuses(o.years[2]), (std::vector<std::string>{"done", "shortfall"}));
  EXPECT_EQ(o.years[3].report, (LatestReport{4, 3, eur("5.00")}));  // the higher version counts
  EXPECT_EQ(statuses(o.years[3]), (std::vector<std::string>{"done", "corrected", "shortfall"}));
  EXPECT_EQ(o.years[4].year, 5);
  EXPECT_EQ(o.years[4].report, std::nullopt);
  EXPECT_EQ(statuses(o.years[4]), std::vector<std::string>{"due"});
  EXPECT_EQ(o.years[5].year, 7);  // a report of a year not over yet is listed too
  EXPECT_EQ(statuses(o.years[5]), std::vector<std::string>{"done"});
}

TEST(ContractOverview, NoPastYearAndNoReport) {
  OverviewContract c;
  c.contract_id = "new";
  c.versions = 1;
  c.start_date = make_date(2026, 3, 1);
  EXPECT_TRUE(contract_overview(c, make_date(2026, 6, 1)).years.empty());
}

class ListedStore final : public OverviewStore {
 public:
  Result<std::vector<OverviewContract>> overview_contracts(int limit) override {
    ++calls;
    limits.push_back(limit);
    if (fail) return unavailable("the database went away");
    return contracts;
  }
  std::vector<OverviewContract> contracts;
  bool fail = false;
  int calls = 0;
  std::vector<int> limits;
};

TEST(ReconciliationOverview, OneStoreCallAndTheTruncationFlag) {
  ListedStore store;
  for (const char* id : {"a", "b"}) {
    OverviewContract c;
    c.contract_id = id;
    c.versions = 1;
    c.start_date = make_date(2026, 3, 1);
    store.contracts.push_back(c);
  }
  store.contracts[1].reports = {{1, 1, eur("3.00")}};
  Result<ReconciliationOverview> three = reconciliation_overview(store, make_date(2027, 3, 1), 3);
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(store.calls, 1);
  EXPECT_EQ(store.limits, std::vector<int>{3});
  EXPECT_FALSE(three->truncated);
  ASSERT_EQ(three->contracts.size(), 2u);
  EXPECT_EQ(statuses(three->contracts[0].years.at(0)), std::vector<std::string>{"due"});
  EXPECT_EQ(statuses(three->contracts[1].years.at(0)), (std::vector<std::string>{"done", "shortfall"}));
  EXPECT_TRUE(reconciliation_overview(store, make_date(2027, 3, 1), 2)->truncated);
  store.fail = true;
  Result<ReconciliationOverview> failed = reconciliation_overview(store, make_date(2027, 3, 1), 2);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace renofee::app
