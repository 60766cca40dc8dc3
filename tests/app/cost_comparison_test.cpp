// Test plan (app/cost_comparison.hpp): cumulative cost with and without the renovation from a hand-built
// quote whose figures are worked out by hand below: an 18-month schedule (1,800.00 at 0%: 100.00 a month,
// plus a service fee of 10.00 indexed 15%: 11.50 in year 2, so 12 months at 110.00 then 6 at 111.50),
// yearly bills 2,400.00 before and 1,200.37 after.
//   year 0: 0 months -> 0.00 / 0.00
//   year 1: 12 months -> without 2,400.00; with 12 x 110.00 + 1,200.37 = 2,520.37
//   year 2: 18 months (the term ends mid-year) -> without 2,400.00 x 18/12 = 3,600.00;
//           fees 1,320.00 + 6 x 111.50 = 1,989.00; energy 1,200.37 x 1.5 = 1,800.555 -> 1,800.56 (half-up
//           tie); with 3,789.56
// and a tariff index beyond the quote is out_of_range.
#include "renofee/app/cost_comparison.hpp"

#include <gtest/gtest.h>
#include "support/literals.hpp"

namespace renofee::app {
namespace {

quote::Quote eighteen_month_quote() {
  // 1,800.00 at 0% over 18 months: 100.00 a month; service fee 10.00 indexed 15% a year: 11.50 in year 2.
  finance::ScheduleInput input;
  input.financing.principal = eur("1800.00");
  input.financing.annual_rate = Decimal(0);
  input.financing.term_months = 18;
  input.start = calendar::make_date(2026, 3, 1);
  input.service_fee.monthly = eur("10.00");
  input.service_fee.indexation.kind = finance::IndexationKind::fixed;
  input.service_fee.indexation.annual_rate = Decimal::parse("0.15").value();
  finance::Schedule schedule = finance::build_schedule(input).value();
  quote::TariffYearQuote ty;
  ty.tariff_id = "nl-2027";
  ty.year = 2027;
  ty.as_tariff.netting = false;
  ty.as_tariff.before.total = eur("2400.00");
  ty.as_tariff.after.total = eur("1200.37");
  quote::FeeSummary fees{schedule.rows.front(), {}, eur("110.00"), 1};
  return quote::Quote{"q", eur("1800.00"), std::nullopt, {}, schedule, fees, finance::Apr{}, {ty}};
}

TEST(CumulativeCosts, YearByYearFromScheduleAndBills) {
  Result<CostComparison> c = cumulative_costs(eighteen_month_quote(), 0);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->tariff_id, "nl-2027");
  EXPECT_EQ(c->tariff_year, 2027);
  EXPECT_FALSE(c->netting);
  ASSERT_EQ(c->points.size(), 3u);
  struct Row {
    int months;
    const char* without;
    const char* fees;
    const char* energy;
    const char* with;
  };
  const Row rows[] = {{0, "0.00", "0.00", "0.00", "0.00"},
                      {12, "2400.00", "1320.00", "1200.37", "2520.37"},
                      {18, "3600.00", "1989.00", "1800.56", "3789.56"}};
  for (int k = 0; k < 3; ++k) {
    const CumulativeCost& p = c->points[static_cast<std::size_t>(k)];
    EXPECT_EQ(p.contract_year, k);
    EXPECT_EQ(p.months, rows[k].months);
    EXPECT_EQ(p.without_renovation.value().round(2, Rounding::half_even).to_string(), rows[k].without) << k;
    EXPECT_EQ(p.fees.value().round(2, Rounding::half_even).to_string(), rows[k].fees) << k;
    EXPECT_EQ(p.energy_after.value().round(2, Rounding::half_even).to_string(), rows[k].energy) << k;
    EXPECT_EQ(p.with_renovation.value().round(2, Rounding::half_even).to_string(), rows[k].with) << k;
  }
}

TEST(CumulativeCosts, UnknownTariffIndexIsOutOfRange) {
  Result<CostComparison> c = cumulative_costs(eighteen_month_quote(), 1);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::out_of_range);
}

}  // namespace
}  // namespace renofee::app
