#include "renofee/core/guarantee/caltrack_baseline.hpp"

#include <cmath>
#include <string>

#include "renofee/core/guarantee/baseline.hpp"
#include "renofee/core/savings/student_t.hpp"

namespace renofee::guarantee {
namespace {

// The fit's statistics arrive as doubles, double by design (core/savings/caltrack.hpp: they describe
// measurements, as eemeter computes them); this file is the one place they become Decimals, once, when the
// baseline is frozen. Settling a year below uses the frozen Decimals only.
constexpr int frozen_scale = 9;  // coefficients and statistics (header)
constexpr int band_scale = 12;   // intermediate products, divisions and square roots of the bands

Decimal frozen(double value) {
  return freeze_coefficient(value, frozen_scale);
}
// A grid balance point (a multiple of 0.5 °C, exact in binary) as its exact decimal.
Decimal balance_point(double value) {
  return freeze_coefficient(value, 2).trimmed();
}

Decimal mul(const Decimal& a, const Decimal& b) {
  return Decimal::multiply(a, b, band_scale, Rounding::half_even).value();
}
Decimal div(const Decimal& a, const Decimal& b) {
  return Decimal::divide(a, b, band_scale, Rounding::half_even).value();
}
Decimal root(const Decimal& a) {
  return Decimal::square_root(a, band_scale).value();
}
Decimal dec(const char* text) {
  return Decimal::parse(text).value();
}

CaltrackModel model_of(savings::ModelType type) {
  switch (type) {
    case savings::ModelType::intercept_only:
      return CaltrackModel::intercept_only;
    case savings::ModelType::hdd_only:
      return CaltrackModel::hdd_only;
    case savings::ModelType::cdd_only:
      return CaltrackModel::cdd_only;
    case savings::ModelType::cdd_hdd:
      return CaltrackModel::cdd_hdd;
  }
  return CaltrackModel::intercept_only;
}

// The OLS and FSU bands of `out` (rules in the header); the statistics were checked when frozen or read.
void fill_bands(const CaltrackBaseline& b, AvoidedUse& out) {
  const CaltrackStats& s = b.stats;
  const bool daily = b.form == CaltrackForm::daily;
  const Decimal n(s.observations);
  const Decimal& m = out.post_observations;
  const Decimal& rho = s.autocorrelation;
  const Decimal n_prime = div(n * (Decimal(1) - rho), Decimal(1) + rho);
  if (m.sign() <= 0 || n_prime.sign() <= 0 || s.observed_variance.sign() <= 0) return;
  const Decimal t_rmse = mul(s.t_value, s.rmse_adj);
  const Decimal post_mean = div(out.observed, m);
  const Decimal gap = s.observed_mean - post_mean;
  const Decimal model_error =
      mul(div(mul(t_rmse, m), root(n)), root(Decimal(1) + div(mul(gap, gap), s.observed_variance)));
  const Decimal noise_error = mul(t_rmse, root(div(mul(m, n), n_prime)));
  out.ols_band =
      root(mul(model_error, model_error) + mul(noise_error, noise_error)).round(3, Rounding::half_even);
  const Decimal months = daily ? div(m, Decimal(30)) : m;
  const Decimal a = daily ? dec("-0.00024") : dec("-0.00022");
  const Decimal b1 = daily ? dec("0.03535") : dec("0.03306");
  const Decimal c = daily ? dec("1.00286") : dec("0.94054");
  const Decimal poly = mul(a, mul(months, months)) + mul(b1, months) + c;
  const Decimal spread = root(div(mul(div(n, n_prime), Decimal(1) + div(Decimal(2), n_prime)), m));
  out.fsu_band = mul(mul(mul(n, t_rmse), poly), spread).round(3, Rounding::half_even);
}

}  // namespace

Result<CaltrackBaseline> freeze_caltrack(const savings::BaselineModel& model,
                                         const savings::Settings& settings, calendar::Date begin,
                                         calendar::Date end) {
  if (!model.best) return failed_precondition("no CalTRACK candidate qualified: there is no model to freeze");
  const savings::Candidate& best = *model.best;
  const savings::FitMetrics& metrics = model.metrics;
  const int n = metrics.observed_length, p = metrics.num_parameters;
  if (n <= p || !(std::fabs(metrics.autocorr_resid) < 1) || !(metrics.observed_mean > 0) ||
      !(metrics.observed_variance > 0) || !std::isfinite(metrics.rmse_adj)) {
    return invalid_argument("the fit's statistics cannot give an uncertainty band (n " + std::to_string(n) +
                                ", slopes " + std::to_string(p) +
                                ", mean, variance and lag-1 autocorrelation " + "must be usable)",
                            "/statistics");
  }
  CaltrackBaseline b;
  b.form = model.form == savings::Form::daily ? CaltrackForm::daily : CaltrackForm::billing;
  b.model = model_of(best.type);
  const bool heating = b.model == CaltrackModel::hdd_only || b.model == CaltrackModel::cdd_hdd;
  const bool cooling = b.model == CaltrackModel::cdd_only || b.model == CaltrackModel::cdd_hdd;
  if (heating) b.heating_balance_point_c = balance_point(best.heating_balance_point);
  if (cooling) b.cooling_balance_point_c = balance_point(best.cooling_balance_point);
  b.intercept = frozen(best.intercept);
  b.beta_hdd = heating ? frozen(best.beta_hdd) : Decimal(0).round(frozen_scale, Rounding::half_even);
  b.beta_cdd = cooling ? frozen(best.beta_cdd) : Decimal(0).round(frozen_scale, Rounding::half_even);
  b.stats.observations = n;
  b.stats.parameters = p;
  b.stats.observed_mean = frozen(metrics.observed_mean);
  b.stats.observed_variance = frozen(metrics.observed_variance);
  b.stats.rmse_adj = frozen(metrics.rmse_adj);
  b.stats.autocorrelation = frozen(metrics.autocorr_resid);
  b.stats.r_squared_adj = frozen(best.r_squared_adj);
  b.stats.t_value = frozen(savings::student_t_quantile(1.0 - (1.0 - settings.confidence_level) / 2.0, n - p));
  b.stats.candidates_qualified = model.candidates_qualified;
  b.settings.confidence_level = freeze_coefficient(settings.confidence_level, 6).trimmed();
  if (!settings.balance_points.empty()) {
    b.settings.grid_min_c = balance_point(settings.balance_points.front());
    b.settings.grid_max_c = balance_point(settings.balance_points.back());
    if (settings.balance_points.size() > 1)
      b.settings.grid_step_c = balance_point(settings.balance_points[1] - settings.balance_points[0]);
  }
  b.settings.fit_cdd = settings.fit_cdd;
  b.settings.maximum_p_value = freeze_coefficient(settings.beta_hdd_maximum_p_value, 6).trimmed();
  b.settings.baseline_begin = begin;
  b.settings.baseline_end = end;
  return b;
}

Decimal predicted_use(const CaltrackBaseline& b, int mean_temperature_01c) {
  const Decimal t = Decimal::from_units(mean_temperature_01c, 1);
  Decimal use = b.intercept;
  if (b.heating_balance_point_c && *b.heating_balance_point_c > t)
    use += b.beta_hdd * (*b.heating_balance_point_c - t);
  if (b.cooling_balance_point_c && t > *b.cooling_balance_point_c)
    use += b.beta_cdd * (t - *b.cooling_balance_point_c);
  return use;
}

Result<AvoidedUse> avoided_use(const CaltrackBaseline& b, std::span<const ReportingDay> days) {
  AvoidedUse out;
  out.days = static_cast<int>(days.size());
  for (std::size_t i = 0; i < days.size(); ++i) {
    const ReportingDay& day = days[i];
    if (i > 0 && !(days[i - 1].day < day.day)) {
      return invalid_argument("reporting days must be distinct and ascending",
                              "/reporting_days/" + std::to_string(i));
    }
    if (!day.use) {
      out.without_use.push_back(day.day);
      continue;
    }
    if (!day.mean_temperature_01c) {
      out.without_weather.push_back(day.day);
      out.use_left_out += *day.use;
      continue;
    }
    ++out.counted;
    out.counterfactual += predicted_use(b, *day.mean_temperature_01c);
    out.observed += *day.use;
    out.estimated = out.estimated || day.use_estimated;
  }
  out.avoided = out.counterfactual - out.observed;
  out.post_observations =
      b.form == CaltrackForm::daily ? Decimal(out.counted) : div(Decimal(out.counted), Decimal(30));
  if (out.counted > 0) fill_bands(b, out);
  return out;
}

}  // namespace renofee::guarantee
