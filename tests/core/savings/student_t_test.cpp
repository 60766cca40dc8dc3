// Test plan for student_t.hpp: quantiles against the closed forms for 1 and 2 degrees of freedom
// (t = tan(π(q − ½)); t = (2q − 1)/sqrt(2q(1 − q))) and against mpmath at 30 digits, to 1e-12 relative; CDF
// and incomplete-beta values against scipy 1.10 (scipy.stats.t.cdf, scipy.special.betainc; printed with
// repr()) to 1e-12; quantiles against scipy.stats.t.ppf only to 1e-9, because scipy's (cephes stdtrit) is
// itself that far off in the tail (its 0.95 quantile for 1 degree of freedom is 2e-11 from tan(0.45π));
// symmetry; NaN for bad input.
#include "renofee/core/savings/student_t.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace renofee::savings {
namespace {

void expect_rel(double got, double want, double tol = 1e-12) {
  EXPECT_LE(std::fabs(got - want), tol * std::fabs(want)) << "got " << got << " want " << want;
}

TEST(StudentT, QuantilesMatchClosedForms) {
  for (const double q : {0.6, 0.9, 0.95, 0.975, 0.999}) {
    expect_rel(student_t_quantile(q, 1), std::tan(M_PI * (q - 0.5)), 1e-12);
    expect_rel(student_t_quantile(q, 2), (2 * q - 1) / std::sqrt(2 * q * (1 - q)), 1e-12);
  }
}

TEST(StudentT, QuantilesMatchMpmath) {
  // mpmath 1.2 at 30 digits: findroot of betainc(ν/2, ½, 0, ν/(ν + t²), regularized) / 2 = 1 − q.
  expect_rel(student_t_quantile(0.999, 5), 5.8934295313560089535, 1e-12);
  expect_rel(student_t_quantile(0.95, 363), 1.6490621366528574897, 1e-12);
  expect_rel(student_t_quantile(0.95, 10), 1.8124611228116758693, 1e-12);
  expect_rel(student_t_quantile(0.975, 30), 2.0422724563012378878, 1e-12);
  expect_rel(student_t_quantile(0.95, 9.5), 1.8221893013186778593, 1e-12);
}

TEST(StudentT, QuantilesMatchScipy) {
  struct Case {
    double q, dof, want;
  };
  const Case cases[] = {
      {0.95, 1, 6.313751514800932},    {0.95, 2, 2.919985580355516},    {0.95, 10, 1.8124611228107335},
      {0.95, 363, 1.6490621366528266}, {0.95, 362, 1.6490737923401133}, {0.975, 30, 2.0422724563012373},
      {0.999, 5, 5.893429532923187},   {0.95, 9.5, 1.822189301317131},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "q=" << c.q << " dof=" << c.dof);
    expect_rel(student_t_quantile(c.q, c.dof), c.want, 1e-9);
    expect_rel(student_t_quantile(1 - c.q, c.dof), -c.want, 1e-9);
  }
  EXPECT_EQ(student_t_quantile(0.5, 7), 0.0);
}

TEST(StudentT, CdfMatchesScipy) {
  expect_rel(student_t_cdf(2.0, 5), 0.9490302605850709);
  expect_rel(student_t_cdf(0.5, 100), 0.6909132170845567);
  expect_rel(student_t_cdf(-1.3, 12), 0.10900858554175712);
  expect_rel(student_t_cdf(8.0, 3), 0.9979617112061073);
  // Two-sided p = 2 (1 − F(|t|)).
  expect_rel(student_t_two_sided_p(-2.0, 5), 2 * (1 - 0.9490302605850709), 1e-10);
}

TEST(StudentT, IncompleteBetaMatchesScipy) {
  expect_rel(regularized_incomplete_beta(2.5, 0.5, 0.3), 0.01892712407194565);
  expect_rel(regularized_incomplete_beta(10, 0.5, 0.9), 0.15164090963470997);
  expect_rel(regularized_incomplete_beta(0.5, 0.5, 0.5), 0.5);
  expect_rel(regularized_incomplete_beta(50, 3, 0.95), 0.5145695221630198);
  EXPECT_EQ(regularized_incomplete_beta(2, 3, 0), 0.0);
  EXPECT_EQ(regularized_incomplete_beta(2, 3, 1), 1.0);
}

TEST(StudentT, BadArgumentsGiveNan) {
  EXPECT_TRUE(std::isnan(student_t_quantile(0, 5)));
  EXPECT_TRUE(std::isnan(student_t_quantile(1, 5)));
  EXPECT_TRUE(std::isnan(student_t_quantile(0.9, 0)));
  EXPECT_TRUE(std::isnan(student_t_cdf(1, -1)));
  EXPECT_TRUE(std::isnan(student_t_two_sided_p(NAN, 4)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(-1, 1, 0.5)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1, 1, 1.5)));
}

}  // namespace
}  // namespace renofee::savings
