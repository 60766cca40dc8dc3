// renofee/core/guarantee/caltrack_baseline.hpp
//
// Purpose: a CalTRACK 2.0 baseline inside a savings guarantee (docs/savings.md, "Into the contract"). Freezes
// a native-mode fit (core/savings/caltrack.hpp) into the contract's exact `CaltrackBaseline` (terms.hpp), and
// settles a guarantee year from it: the counterfactual use of every reporting day, the avoided use, and its
// OLS and FSU uncertainty bands. Pure: no I/O, no clock.
//
// Freezing (once, when the baseline is accepted; the fit's statistics are double by design, the frozen figures
// exact Decimals): each double of the fit is printed as its shortest
// round-trip decimal (freeze_coefficient, baseline.hpp) and rounded half_even to 9 decimals: the intercept,
// the slopes, n's statistics (mean, variance, rmse_adj, ρ, adjusted R²) and the Student t quantile
// t_{1 − (1 − c)/2}(n − p) (c = the confidence level, p = slopes). Balance points are grid values (multiples
// of 0.5 °C) and are frozen exactly. From then on everything is Decimal arithmetic on the frozen figures.
//
// Settling a year (CalTRACK 3.5; eemeter derivatives.py metered_savings, in Decimals):
//   a reporting day counts when it has both a use and a mean temperature T (KNMI TG / 10 °C, after the fill
//   station). predicted(day) = intercept + beta_hdd × max(0, hbp − T) + beta_cdd × max(0, T − cbp), exact.
//   counterfactual = Σ predicted, observed = Σ use over the counted days; avoided = counterfactual − observed.
//   Days without weather or without use are listed and their use is reported (`use_left_out`): they are not
//   compared, and the guaranteed savings is prorated to the counted days by the caller (evaluate.hpp).
// Bands, every product and division rounded half_even to 12 decimals and every square root rounded down to
// 12 decimals (Decimal::square_root), the bands then half_even to 3 decimals:
//   m = counted days (daily) or counted days / 30 (billing, months of 30 days);
//   ȳ_post = observed / m; n' = n(1 − ρ)/(1 + ρ);
//   OLS   = sqrt(model² + noise²), model = t·rmse·m / sqrt(n) · sqrt(1 + (ȳ_base − ȳ_post)² / var_base),
//           noise = t·rmse·sqrt(m·n / n');
//   FSU   = n·t·(a·M² + b·M + c)·rmse·sqrt((n / n')·(1 + 2/n') / m), M = m / 30 (daily) or m (billing);
//           (a, b, c) = (−0.00024, 0.03535, 1.00286) daily, (−0.00022, 0.03306, 0.94054) billing. This is
//           eemeter's total_base × t × poly × (rmse / ȳ_base) × sqrt(...) with total_base = n·ȳ_base, the
//           ȳ_base cancelled exactly.
// Both bands are at the baseline's confidence level (two-sided), in the carrier's unit.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "renofee/core/base/result.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/guarantee/terms.hpp"
#include "renofee/core/money/decimal.hpp"
#include "renofee/core/savings/caltrack.hpp"

namespace renofee::guarantee {

// The fit's frozen form. `model.best` must be set (failed_precondition "no qualified model" otherwise);
// `settings` are the native settings the fit ran with (their grid is recorded as min, max and step); the
// baseline period [begin, end). invalid_argument when a statistic the bands need is unusable (n <= p, |ρ| >=
// 1, mean or variance <= 0).
Result<CaltrackBaseline> freeze_caltrack(const savings::BaselineModel& model,
                                         const savings::Settings& settings, calendar::Date begin,
                                         calendar::Date end);

// One day of a reporting period: its use in the carrier's unit (absent: no reading covers it) and its mean
// temperature in 0.1 °C (absent: no weather, also not at the fill station).
struct ReportingDay {
  calendar::Date day{};
  std::optional<Decimal> use{};
  bool use_estimated = false;  // a boundary of the day was interpolated
  std::optional<int> mean_temperature_01c{};
  friend bool operator==(const ReportingDay&, const ReportingDay&) = default;
};

// The baseline's predicted use of one day with mean temperature `mean_temperature_01c` (0.1 °C), exact.
Decimal predicted_use(const CaltrackBaseline& baseline, int mean_temperature_01c);

struct AvoidedUse {
  int days = 0;     // reporting days given
  int counted = 0;  // with use and weather
  std::vector<calendar::Date> without_weather;
  std::vector<calendar::Date> without_use;  // (a day lacking both is listed here only)
  Decimal use_left_out{};                   // use on days without weather
  Decimal counterfactual{};
  Decimal observed{};
  Decimal avoided{};
  bool estimated = false;  // a counted day's use rests on an interpolated boundary
  Decimal post_observations{};
  std::optional<Decimal> ols_band{};  // absent when nothing is counted
  std::optional<Decimal> fsu_band{};
};

// The year's figures (rules above). Days must be distinct and ascending (invalid_argument "/reporting_days/<i>").
Result<AvoidedUse> avoided_use(const CaltrackBaseline& baseline, std::span<const ReportingDay> days);

}  // namespace renofee::guarantee
