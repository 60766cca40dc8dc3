// renofee/core/guarantee/baseline.hpp
//
// Purpose: fit an IPMVP option C baseline from monthly pre-renovation data (docs/domain.md §8.4):
// use = per_day × days + per_wdd × weighted degree days, ordinary least squares without intercept, and freeze
// the coefficients into a contract's `Baseline` (terms.hpp). Statistics here are in double (allowed: they
// describe a fit, they never become money); freezing turns them into exact Decimals once.
//
// Statistics (n months, p = 2 parameters, m measured, f fitted, mean = Σm / n):
//   r_squared = 1 − Σ(m − f)² / Σ(m − mean)²             (centred total sum of squares)
//   cv_rmse   = sqrt(Σ(m − f)² / (n − p)) / mean         (ASHRAE Guideline 14-2014, n − p denominator)
//   nmbe      = Σ(m − f) / ((n − p) × mean)              (ASHRAE Guideline 14-2014 sign: measured minus
//                                                         fitted; positive = the model under-predicts)
//   meets_ashrae14 = cv_rmse <= 0.15 && |nmbe| <= 0.05   (monthly limits [63])
// Note: with an intercept-free OLS Σ(m − f) is generally not zero, so NMBE is informative here.
#pragma once

#include <span>

#include "renofee/core/base/result.hpp"
#include "renofee/core/guarantee/terms.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/units/quantity.hpp"

namespace renofee::guarantee {

// One month of pre-renovation data: its length in days, its weighted degree days and the use (m3 or kWh).
struct BaselinePoint {
  int days = 0;
  DegreeDays weighted_degree_days{};
  Decimal use{};
};

struct BaselineFit {
  double per_day = 0;    // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  double per_wdd = 0;    // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  double r_squared = 0;  // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  double cv_rmse = 0;    // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  double nmbe = 0;       // regression statistic in double (allowed for statistics, docs/domain.md §2.1)
  int months = 0;
  bool meets_ashrae14 = false;
};

// OLS of use on (days, wdd) without intercept. failed_precondition with fewer than 12 months, when the normal
// equations are singular (e.g. wdd proportional to days) or when the mean use is not positive;
// invalid_argument for a month with days outside 1..31 (field "/points/<i>/days").
Result<BaselineFit> fit_baseline(std::span<const BaselinePoint> points);

// The coefficients as Decimals rounded half_even to `scale` (0..12) decimals, with the fit's statistics
// attached. Method: each double is printed with std::to_chars in fixed notation without a precision, which
// gives the shortest decimal that reads back as the same double (python's repr gives the same digits), parsed
// as a Decimal and rounded once half_even to `scale`. Narrow contract: scale in 0..12 and |coefficient| <
// 1e15 and finite, else std::invalid_argument; a coefficient below 1e-30 in magnitude freezes to 0.
Baseline freeze(const BaselineFit& fit, int scale = 4);
// One double frozen that way (the method above): used for every statistic that is frozen into a contract. The
// argument is a regression statistic, double by design; the result is the exact Decimal money is settled on.
Decimal freeze_coefficient(double value, int scale);

}  // namespace renofee::guarantee
