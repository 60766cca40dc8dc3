#include "renofee/core/guarantee/baseline.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>

namespace renofee::guarantee {

// The OLS fit is regression statistics, double by design (ASHRAE Guideline 14 figures, not money;
// docs/domain.md §2.1). Its coefficients are frozen into Decimals of `scale` digits (freeze_coefficient), and
// later reconciliations use only those.

Result<BaselineFit> fit_baseline(std::span<const BaselinePoint> points) {
  const int n = static_cast<int>(points.size());
  if (n < 12) {
    return failed_precondition(
        "a baseline needs at least 12 months of pre-renovation data, got " + std::to_string(n), "/points");
  }
  // The normal equations of use = a × days + b × wdd. The sums of products are exact Decimals (the data are
  // exact), so the only rounding is the final division in double.
  Decimal sdd, sdw, sww, sdy, swy, sy;
  for (int i = 0; i < n; ++i) {
    const BaselinePoint& point = points[static_cast<std::size_t>(i)];
    if (point.days < 1 || point.days > 31) {
      return invalid_argument("month " + std::to_string(i) + " has " + std::to_string(point.days) + " days",
                              "/points/" + std::to_string(i) + "/days");
    }
    if (point.weighted_degree_days.is_negative()) {
      return invalid_argument("month " + std::to_string(i) + " has negative degree days",
                              "/points/" + std::to_string(i) + "/weighted_degree_days");
    }
    const Decimal d(point.days);
    const Decimal& w = point.weighted_degree_days.value();
    sdd += d * d;
    sdw += d * w;
    sww += w * w;
    sdy += d * point.use;
    swy += w * point.use;
    sy += point.use;
  }
  const Decimal det = sdd * sww - sdw * sdw;
  // Singular or nearly so: degree days proportional to days (or all zero) leave the split undetermined.
  if (det.to_double_for_display() <= 1e-10 * sdd.to_double_for_display() * sww.to_double_for_display()) {
    return failed_precondition(
        "the baseline data cannot separate days from degree days (singular normal equations)", "/points");
  }
  if (sy.sign() <= 0) return failed_precondition("the mean monthly use is not positive", "/points");
  BaselineFit fit;
  const double det_d = det.to_double_for_display();
  fit.per_day = (sww * sdy - sdw * swy).to_double_for_display() / det_d;
  fit.per_wdd = (sdd * swy - sdw * sdy).to_double_for_display() / det_d;
  fit.months = n;

  const double mean = sy.to_double_for_display() / n;
  double sse = 0;
  double sst = 0;
  double bias = 0;
  for (const BaselinePoint& point : points) {
    const double measured = point.use.to_double_for_display();
    const double fitted =
        fit.per_day * point.days + fit.per_wdd * point.weighted_degree_days.value().to_double_for_display();
    sse += (measured - fitted) * (measured - fitted);
    sst += (measured - mean) * (measured - mean);
    bias += measured - fitted;
  }
  constexpr int parameters = 2;
  fit.r_squared = sst > 0 ? 1 - sse / sst : 0;
  fit.cv_rmse = std::sqrt(sse / (n - parameters)) / mean;
  fit.nmbe = bias / ((n - parameters) * mean);
  fit.meets_ashrae14 = fit.cv_rmse <= 0.15 && std::fabs(fit.nmbe) <= 0.05;
  return fit;
}

Decimal freeze_coefficient(double value, int scale) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e15) {
    throw std::invalid_argument("freeze: coefficient out of range");
  }
  if (std::fabs(value) < 1e-30) return Decimal(0).round(scale, Rounding::half_even);
  char buffer[128];
  const std::to_chars_result printed =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (printed.ec != std::errc()) throw std::invalid_argument("freeze: coefficient does not print");
  return Decimal::parse(std::string_view(buffer, static_cast<std::size_t>(printed.ptr - buffer)))
      .value()
      .round(scale, Rounding::half_even);
}

Baseline freeze(const BaselineFit& fit, int scale) {
  if (scale < 0 || scale > 12) throw std::invalid_argument("freeze: scale outside 0..12");
  return Baseline{freeze_coefficient(fit.per_day, scale), freeze_coefficient(fit.per_wdd, scale),
                  BaselineStats{fit.r_squared, fit.cv_rmse, fit.nmbe, fit.months, fit.meets_ashrae14}};
}

}  // namespace renofee::guarantee
