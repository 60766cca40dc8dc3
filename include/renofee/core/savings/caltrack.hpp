// renofee/core/savings/caltrack.hpp
//
// Purpose: measured (metered) savings by CalTRACK 2.0 daily and billing methods, as OpenEEmeter (eemeter)
// 3.2.0 implements them (repository openeemeter/eemeter, tag eemeter-3.2.0, Apache-2.0; docs/savings.md has
// every rule with its source and the side-by-side results). A baseline model usage/day = intercept +
// beta_hdd·HDD(hbp) + beta_cdd·CDD(cbp) is chosen among four candidate forms and a grid of balance points by
// adjusted R², and predicts the counterfactual use of a reporting period; savings = counterfactual −
// observed, with the OLS and the FSU (ASHRAE Guideline 14 fractional savings uncertainty) error bands.
//
// Statistics in double by design: the fit, its predictions and error bands describe measurements and are what
// eemeter computes in double; they never become money here (a settlement would freeze them into Decimals, as
// guarantee/baseline.hpp does).
//
// Time: UTC instants (std::chrono::sys_seconds). Temperatures: any one unit (°F in conformance mode, °C in
// native mode); balance points are in the same unit. Use: any one unit (kWh, m3, therm).
//
// Design (eemeter features.py compute_temperature_features, daily method, CalTRACK 2.2.2.3, 2.2.3.2, 3.3.1):
//   A meter row covers [start, end): a day (form daily: end = start + 24 h) or a billing period (end = the
//   next row's start). Its temperature hours are the hourly-grid slots h with start <= h < end (and, when
//   fitting billing data, h − start <= 35 days: eemeter's merge tolerance). With at most 24 hours the row is
//   one day: kept when more than 24 × 0.5 hours exist (quirk Q1: eemeter counts grid slots, missing values
//   included), temperature = the mean of the non-missing ones. With more than 24, hours are cut into
//   consecutive 24-hour groups; the row is dropped when fewer than 90 % of its hours have a value; else a
//   group is a kept day when it has more than 12 values, temperature = its mean. HDD(b) = mean over kept days
//   of max(0, b − T_day), CDD(b) = mean of max(0, T_day − b) (per-day averages, CalTRACK 3.3.1.1).
// Fit (eemeter caltrack/usage_per_day.py fit_caltrack_usage_per_day_model):
//   y = use / period days, weight 1 (daily) or kept days (billing, CalTRACK 3.4.2); weighted least squares.
//   Candidates: intercept-only (adjusted R² fixed at 0), HDD-only and CDD-only for every grid point, CDD+HDD
//   for every pair hbp <= cbp. A degree-day candidate is not attempted when, for a balance point, fewer than
//   `minimum_non_zero_*` rows have a positive degree-day value or Σ DD·weight < `minimum_total_*`. A fitted
//   candidate is disqualified by a negative intercept or slope, or a slope p-value above the maximum. The
//   winner is the first qualified candidate (in the order above) with the highest adjusted R²
//   1 − (1 − R²)(n − 1)/(n − p − 1), R² = 1 − Σw·e² / Σw·(y − ȳ_w)².
// Fast by construction: the sufficient statistics (weighted sums and centred cross-products) of every
// grid column are accumulated once, for daily rows from prefix sums over the rows sorted by temperature
// (O(1) per balance point); each candidate is then a 1×1 or 2×2 solve, not a regression from scratch.
// The HDD·CDD cross-products are accumulated only over rows with more than one kept day (for a single day,
// HDD and CDD cannot both be positive when hbp <= cbp, so the product is exactly 0).
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "renofee/core/base/result.hpp"

namespace renofee::savings {

using Instant = std::chrono::sys_seconds;

// An hourly temperature grid: values[k] is the temperature of hour first + k·1h; NaN = no value (a gap inside
// the grid). Hours outside the grid do not exist (they are not counted as missing slots, see Q1).
struct HourlyTemperatures {
  Instant first{};
  std::vector<double> values;
};

// One meter row: the use from `start` to the row's end (see above); NaN = no value.
struct MeterRow {
  Instant start{};
  double value = 0;
};

enum class Form { daily, billing };
enum class ModelType { intercept_only, hdd_only, cdd_only, cdd_hdd };
std::string_view to_string(ModelType type) noexcept;

struct Settings {
  Form form = Form::daily;
  std::vector<double> balance_points;  // the grid, same unit as the temperatures, ascending
  bool fit_cdd = true;
  int minimum_non_zero_hdd = 10;
  int minimum_non_zero_cdd = 10;
  double minimum_total_hdd = 20;
  double minimum_total_cdd = 20;
  double beta_hdd_maximum_p_value = 1;  // eemeter 3.2.0 default: the p-value never disqualifies (quirk Q3)
  double beta_cdd_maximum_p_value = 1;
  double hourly_coverage_per_day = 0.5;             // a day needs more than 24 × this hours
  double hourly_coverage_per_billing_period = 0.9;  // a multi-day row needs at least this fraction of values
  std::optional<std::chrono::hours> fit_match_tolerance;  // billing fit: 35 days (eemeter's merge tolerance)
  double confidence_level = 0.90;                         // two-sided, for the error bands
  // Quirk Q1: a one-day row's coverage test counts grid slots, missing values included (eemeter); native mode
  // counts the hours that have a value.
  bool count_missing_hour_slots = true;
  // eemeter's get_baseline_data/get_reporting_data blank the last row of a window even when it lies before
  // the window end (quirk Q6); copied in conformance mode only.
  bool blank_last_row_in_window = true;
};

// CalTRACK 2.0 as eemeter 3.2.0 runs it: °F grid 30..90 step 1 (range(30, 91): 61 points, quirk Q2), daily
// presets (10 non-zero days, 20 total) or billing presets (0 non-zero periods, 20 total, weights kept days,
// 35-day tolerance), p-value maximum 1, confidence 0.90.
Settings conformance_settings(Form form, bool fit_cdd = true);
// Native mode for Dutch data (docs/savings.md, "Native mode"): °C grid −1..32 step 0.5, slope p-value <= 0.1
// (CalTRACK 2.0 §3.4.3.2 as written), cooling only when asked, every row kept to its window (no Q6).
Settings native_settings(Form form, bool fit_cdd);

// Why a row of a window does not take part.
enum class Exclusion {
  none,
  no_use,                // the meter value is missing
  no_temperature,        // no temperature hour at all, or none with a value, or too few hours for a day
  temperature_coverage,  // a multi-day row with fewer than 90 % of its hours valued
  window_last_row,       // quirk Q6 (conformance only)
};
std::string_view to_string(Exclusion reason) noexcept;

// One row of a window with its temperature features.
struct DesignRow {
  Instant start{};
  Instant end{};
  double days = 0;       // (end − start) in days
  double use = 0;        // the row's total use; NaN when missing
  int hours = 0;         // temperature grid slots matched
  int hours_valued = 0;  // of which with a value
  int days_total = 0;
  int days_kept = 0;
  std::vector<double> day_temperatures;  // mean temperature of each kept day
  Exclusion excluded = Exclusion::none;
};

// The rows of `meter` inside the half-open window [from, to): daily rows with from <= start < to, billing
// rows [start, next start) with from <= start and next start <= to. `for_fit` applies the fit-only billing
// tolerance. invalid_argument (field "/meter/<i>") for rows that are not strictly ascending.
Result<std::vector<DesignRow>> design_rows(std::span<const MeterRow> meter, Instant from, Instant to,
                                           const HourlyTemperatures& temperatures, const Settings& settings,
                                           bool for_fit);

// Data sufficiency of a window (CalTRACK 2.0 §2.2-2.3 as eemeter's caltrack_sufficiency_criteria states them,
// applied to renofee's design rows; docs/savings.md "Data sufficiency"): the window must be `required_days`
// long (365); at least 90 % of its days must have use, at least 90 % must lie in rows with more than 90 % of
// their temperature hours valued, and at least 90 % both; no negative use (CalTRACK 2.3.5: net metering).
// Use per day above median + 3 IQR (pandas linear quantiles) is flagged for review, not failed (2.3.6).
struct Sufficiency {
  int days_total = 0;
  double valid_use_days = 0;
  double valid_temperature_days = 0;
  double valid_days = 0;
  int negative_values = 0;
  int extreme_values = 0;
  double extreme_limit = 0;
  std::vector<std::string> failures;  // eemeter's warning names, e.g. "too_many_days_with_missing_data"
  bool pass = false;
};
Sufficiency sufficiency(std::span<const DesignRow> rows, Instant from, Instant to, int required_days = 365);

enum class CandidateStatus { not_attempted, disqualified, qualified, error };

struct Candidate {
  ModelType type = ModelType::intercept_only;
  double heating_balance_point = 0;  // meaningful for hdd_only, cdd_hdd
  double cooling_balance_point = 0;  // meaningful for cdd_only, cdd_hdd
  double intercept = 0;
  double beta_hdd = 0;
  double beta_cdd = 0;
  double r_squared_adj = 0;
  double t_hdd = std::numeric_limits<double>::quiet_NaN();  // slope t statistics, `dof` degrees of freedom
  double t_cdd = std::numeric_limits<double>::quiet_NaN();
  double dof = std::numeric_limits<double>::quiet_NaN();
  // Two-sided p-values of the slopes (NaN where the model has no such slope). Computed for every candidate
  // only when its maximum is below 1; the winner's are always filled in.
  double p_value_hdd = std::numeric_limits<double>::quiet_NaN();
  double p_value_cdd = std::numeric_limits<double>::quiet_NaN();
  CandidateStatus status = CandidateStatus::not_attempted;
};

// Totals metrics of the winner over the baseline rows (eemeter metrics.py ModelMetrics on totals): observed
// and predicted totals per row (use; predicted = (intercept + β·DD)·days), residual = predicted − observed.
struct FitMetrics {
  int observed_length = 0;       // n rows
  int num_parameters = 0;        // slopes only (0, 1 or 2; quirk Q4)
  double observed_mean = 0;      // mean |observed|
  double observed_variance = 0;  // population variance (ddof 0)
  double rmse_adj = 0;           // sqrt(Σ e² / (n − num_parameters))
  double autocorr_resid = 0;     // lag-1 Pearson autocorrelation of the residuals in row order (gaps ignored)
  double r_squared_adj = 0;
};

struct BaselineModel {
  Form form = Form::daily;
  std::optional<Candidate> best;  // empty: no qualified candidate ("NO MODEL")
  int candidates_attempted = 0;
  int candidates_qualified = 0;
  int rows_used = 0;
  double baseline_total = 0;  // Σ observed use of the rows used
  FitMetrics metrics;
};

// Fits the baseline on the rows with `excluded == none`. failed_precondition when no row is usable.
Result<BaselineModel> fit(std::span<const DesignRow> rows, const Settings& settings);

// The predicted use of one row (eemeter caltrack_usage_per_day_predict, use_mean_daily_values=False): with
// one day intercept + β·DD(T); with more, intercept·days_total + β·DD_mean·days_total. NaN when the row has
// no temperature features.
double predict(const Candidate& model, const DesignRow& row);

struct SavingsResult {
  int rows_used = 0;  // rows with both observed use and a prediction
  double reporting_observed_total = 0;
  double counterfactual_total = 0;
  double metered_savings = 0;  // counterfactual − observed
  std::optional<double> ols_error_band;
  std::optional<double> ols_model_error;
  std::optional<double> ols_noise_error;
  std::optional<double> fsu_error_band;
  double t_stat = 0;
  double post_obs = 0;
};

// Metered savings over the reporting rows (eemeter derivatives.py metered_savings, CalTRACK 3.5) and the two
// error bands at `settings.confidence_level`:
//   t = t_{1 − (1 − c)/2}(n − p) (n baseline rows, p slopes); m = post_obs (daily: reporting rows used;
//   billing: round-half-even((last row start − first row start) in whole days / 30), quirk Q5);
//   n' = n(1 − ρ)/(1 + ρ) with ρ the residual autocorrelation;
//   OLS = sqrt(model² + noise²), model = t·rmse·m/sqrt(n)·sqrt(1 + (ȳ_base − ȳ_post)²/var_base),
//         noise = t·rmse·sqrt(m·n/n');
//   FSU = total_base·t·(a·M² + b·M + c)·(rmse/ȳ_base)·sqrt((n/n')(1 + 2/n')/m),
//         M = m/30 (daily) or m (billing),
//         (a, b, c) = (−0.00024, 0.03535, 1.00286) daily, (−0.00022, 0.03306, 0.94054) billing (eemeter's
//         empirical fit of the FSU to the reporting length).
// The bands are empty when m = 0, ρ is not finite or ±1, or the baseline mean or variance is 0.
SavingsResult metered_savings(const BaselineModel& model, std::span<const DesignRow> reporting,
                              const Settings& settings);

}  // namespace renofee::savings
