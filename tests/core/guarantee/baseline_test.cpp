// Test plan for baseline.hpp:
//   Exact data (use = 0.9 × days + 0.38 × wdd for 12 months of a Cabauw-like year) give back the coefficients
//   to 1e-12, R² = 1, CV(RMSE) = 0, NMBE = 0 and meet ASHRAE G14; freezing at 4 decimals gives 0.9000 and
//   0.3800. A hand 12-month case with noise (residuals ±10 m3 alternating) checked against python fractions
//   in the golden test; here: fewer than 12 months, degree days proportional to days (singular), bad days and
//   zero use are refused. freeze: shortest-repr printing then half_even ("0.12345" -> 0.1234, 0.12355 ->
//   0.1236), negative and zero coefficients, the scale and range contract.
#include "renofee/core/guarantee/baseline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include "support/literals.hpp"

namespace renofee::guarantee {
namespace {

// A year of months: days and weighted degree days.
constexpr int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
const char* const month_wdd[12] = {"420.2", "380.5", "300",  "180.4", "90.8",  "30",
                                   "10.2",  "12",    "60.6", "190",   "310.1", "400"};

std::vector<BaselinePoint> exact_year() {
  std::vector<BaselinePoint> points;
  for (int m = 0; m < 12; ++m) {
    const Decimal wdd = dec(month_wdd[m]);
    points.push_back(
        {month_days[m], DegreeDays(wdd), dec("0.9") * Decimal(month_days[m]) + dec("0.38") * wdd});
  }
  return points;
}

TEST(Baseline, ExactDataFitsExactly) {
  const BaselineFit fit = fit_baseline(exact_year()).value();
  EXPECT_NEAR(fit.per_day, 0.9, 1e-12);
  EXPECT_NEAR(fit.per_wdd, 0.38, 1e-12);
  EXPECT_NEAR(fit.r_squared, 1.0, 1e-12);
  EXPECT_NEAR(fit.cv_rmse, 0.0, 1e-9);
  EXPECT_NEAR(fit.nmbe, 0.0, 1e-12);
  EXPECT_EQ(fit.months, 12);
  EXPECT_TRUE(fit.meets_ashrae14);
  const Baseline frozen = freeze(fit);
  EXPECT_EQ(frozen.per_day.to_string(), "0.9000");
  EXPECT_EQ(frozen.per_weighted_degree_day.to_string(), "0.3800");
  ASSERT_TRUE(frozen.fit);
  EXPECT_EQ(frozen.fit->months, 12);
  EXPECT_TRUE(frozen.fit->meets_ashrae14);
}

TEST(Baseline, NoisyDataFailsAshraeWhenTooNoisy) {
  std::vector<BaselinePoint> points = exact_year();
  for (std::size_t i = 0; i < points.size(); ++i)
    points[i].use += (i % 2 == 0 ? dec("60") : dec("-60"));  // ±60 m3 on ~110 m3 a month
  const BaselineFit fit = fit_baseline(points).value();
  EXPECT_GT(fit.cv_rmse, 0.15);
  EXPECT_FALSE(fit.meets_ashrae14);
  EXPECT_LT(fit.r_squared, 1.0);
}

TEST(Baseline, Refusals) {
  std::vector<BaselinePoint> points = exact_year();
  points.pop_back();
  Result<BaselineFit> r = fit_baseline(points);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(r.error().message.find("got 11"), std::string::npos);

  points = exact_year();
  for (BaselinePoint& p : points)
    p.weighted_degree_days = DegreeDays(Decimal(10 * p.days));  // wdd ∝ days: singular
  r = fit_baseline(points);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
  EXPECT_NE(r.error().message.find("singular"), std::string::npos);

  points = exact_year();
  points[3].days = 0;
  r = fit_baseline(points);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "/points/3/days");

  points = exact_year();
  for (BaselinePoint& p : points)
    p.use = Decimal(0);
  r = fit_baseline(points);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::failed_precondition);
}

TEST(Baseline, FreezeRounding) {
  BaselineFit fit;
  fit.per_day =
      0.12345;  // the double is 0.1234500000000000041..., its shortest repr "0.12345": half_even -> 0.1234
  fit.per_wdd = 0.12355;
  Baseline b = freeze(fit);
  EXPECT_EQ(b.per_day.to_string(), "0.1234");
  EXPECT_EQ(b.per_weighted_degree_day.to_string(), "0.1236");
  fit.per_day = -1.5;
  fit.per_wdd = 0;
  b = freeze(fit, 2);
  EXPECT_EQ(b.per_day.to_string(), "-1.50");
  EXPECT_EQ(b.per_weighted_degree_day.to_string(), "0.00");
  fit.per_day = 1e-40;
  EXPECT_EQ(freeze(fit, 6).per_day.to_string(), "0.000000");
  fit.per_day = 123456.789;
  EXPECT_EQ(freeze(fit, 0).per_day.to_string(), "123457");
  EXPECT_THROW((void)freeze(fit, 13), std::invalid_argument);
  fit.per_day = std::nan("");
  EXPECT_THROW((void)freeze(fit), std::invalid_argument);
}

}  // namespace
}  // namespace renofee::guarantee
