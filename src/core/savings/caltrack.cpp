// CalTRACK 2.0 daily and billing models (caltrack.hpp; rules and sources in docs/savings.md).
// double by design: regression statistics, predictions and error bands of measured data, computed in double
// as the reference (eemeter 3.2.0 on numpy/statsmodels) does; nothing here is money.
#include "renofee/core/savings/caltrack.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "renofee/core/savings/student_t.hpp"

namespace renofee::savings {
namespace {

constexpr double no_value = std::numeric_limits<double>::quiet_NaN();
constexpr std::chrono::seconds hour{3600};
constexpr double seconds_per_day = 86400.0;

// Grid slot of the first hour at or after `t` (may be < 0 or > size; the caller clamps).
std::int64_t slot_at_or_after(const HourlyTemperatures& temps, Instant t) {
  const std::int64_t diff = (t - temps.first).count();
  return diff >= 0 ? (diff + 3599) / 3600 : -((-diff) / 3600);
}

// Temperature features of one row (eemeter features.py _degree_day_columns, daily method; CalTRACK 2.2.2.3
// and 2.2.3.2). Fills hours, days_total, days_kept, day_temperatures; returns the exclusion it implies.
Exclusion temperature_features(DesignRow& row, const HourlyTemperatures& temps, const Settings& settings,
                               bool for_fit) {
  const auto size = static_cast<std::int64_t>(temps.values.size());
  Instant last_end = row.end;
  if (for_fit && settings.fit_match_tolerance) {
    // merge_asof(tolerance): an hour belongs to the row when hour − start <= tolerance.
    last_end = std::min(last_end, row.start + *settings.fit_match_tolerance + hour);
  }
  const std::int64_t k0 = std::clamp<std::int64_t>(slot_at_or_after(temps, row.start), 0, size);
  const std::int64_t k1 = std::clamp<std::int64_t>(slot_at_or_after(temps, last_end), k0, size);
  const auto count = static_cast<int>(k1 - k0);
  row.hours = count;
  for (std::int64_t k = k0; k < k1; ++k)
    row.hours_valued += std::isnan(temps.values[static_cast<std::size_t>(k)]) ? 0 : 1;
  if (count == 0) return Exclusion::no_temperature;
  const double day_limit = 24.0 * settings.hourly_coverage_per_day;  // a day needs more hours than this
  if (count <= 24) {
    // One day. Quirk Q1: the coverage test counts grid slots, missing values included.
    row.days_total = 1;
    if (!((settings.count_missing_hour_slots ? count : row.hours_valued) > day_limit)) {
      return Exclusion::no_temperature;
    }
    double sum = 0;
    int valued = 0;
    for (std::int64_t k = k0; k < k1; ++k) {
      const double v = temps.values[static_cast<std::size_t>(k)];
      if (!std::isnan(v)) {
        sum += v;
        ++valued;
      }
    }
    if (valued == 0) return Exclusion::no_temperature;
    row.days_kept = 1;
    row.day_temperatures.assign(1, sum / valued);
    return Exclusion::none;
  }
  // Several days: consecutive 24-hour groups from the row's first hour.
  row.days_total = (count + 23) / 24;
  int valued_total = 0;
  for (std::int64_t k = k0; k < k1; ++k)
    valued_total += std::isnan(temps.values[static_cast<std::size_t>(k)]) ? 0 : 1;
  if (valued_total < settings.hourly_coverage_per_billing_period * count)
    return Exclusion::temperature_coverage;
  for (std::int64_t g = k0; g < k1; g += 24) {
    double sum = 0;
    int valued = 0;
    for (std::int64_t k = g; k < std::min(g + 24, k1); ++k) {
      const double v = temps.values[static_cast<std::size_t>(k)];
      if (!std::isnan(v)) {
        sum += v;
        ++valued;
      }
    }
    if (valued > day_limit) row.day_temperatures.push_back(sum / valued);
  }
  row.days_kept = static_cast<int>(row.day_temperatures.size());
  return row.days_kept == 0 ? Exclusion::no_temperature : Exclusion::none;
}

// Mean over a row's kept days of max(0, b − T) (heating) or max(0, T − b) (cooling): CalTRACK 3.3.4.1.1,
// 3.3.5.1.1 with use_mean_daily_values (per-day average degree days).
double mean_degree_days(const DesignRow& row, double balance_point, bool heating) {
  double sum = 0;
  for (const double t : row.day_temperatures)
    sum += heating ? std::max(balance_point - t, 0.0) : std::max(t - balance_point, 0.0);
  return sum / static_cast<double>(row.day_temperatures.size());
}

// The sufficient statistics of one degree-day column over the used rows (weights w, centred y).
struct Column {
  std::vector<double> values;  // per used row (direct_columns only; empty for prefix_columns)
  double mean = 0;             // Σ w x / Σ w
  double sxx = 0;              // Σ w (x − mean)²
  double sxy = 0;              // Σ w (x − mean)(y − ȳ)
  int non_zero = 0;     // rows with x > 0 (unweighted, eemeter get_too_few_non_zero_degree_day_warning)
  double total = 0;     // Σ x · w (eemeter get_total_degree_day_too_low_warning: period_days = weights)
  bool usable = false;  // passes the non-zero and total minimums
};

// Columns row by row (any rows; billing): two passes per column, values kept for the HDD·CDD cross-products.
void direct_columns(std::vector<Column>& columns, const std::vector<const DesignRow*>& used,
                    const std::vector<double>& w, const std::vector<double>& y, double ybar, double sw,
                    const std::vector<double>& grid, bool heating) {
  for (std::size_t point = 0; point < grid.size(); ++point) {
    Column& col = columns[point];
    col.values.resize(used.size());
    double swx = 0;
    for (std::size_t i = 0; i < used.size(); ++i) {
      const double x = mean_degree_days(*used[i], grid[point], heating);
      col.values[i] = x;
      swx += w[i] * x;
      if (x > 0) ++col.non_zero;
    }
    col.total = swx;  // Σ x·w: eemeter's period_days are the weights
    col.mean = swx / sw;
    for (std::size_t i = 0; i < used.size(); ++i) {
      const double dx = col.values[i] - col.mean;
      col.sxx += w[i] * dx * dx;
      col.sxy += w[i] * dx * (y[i] - ybar);
    }
  }
}

// Columns of one-day rows from prefix sums over the rows sorted by temperature (daily fits): with u = T − c
// (c the mean temperature, to keep the sums small) and d = b − c, the heating column is d − u on the rows
// with T < b and 0 elsewhere, so Σw·h = d·W − U, Σw·h² = d²·W − 2d·U + UU and Σw·h·(y − ȳ) = d·Y − UY over
// that prefix (W, U, UU, Y, UY the prefix sums of w, w·u, w·u², w·(y − ȳ), w·u·(y − ȳ)); cooling uses the
// suffix T > b with c = u − d. Then Sxx = Σw·x² − Σw·(Σw·x / Σw)² and Sxy = Σw·x·(y − ȳ) (Σw·(y − ȳ) = 0).
// O(n log n) for the sort and O(1) per balance point after a pointer walk; no column is materialised (one-day
// rows need no cross-products, see the header).
void prefix_columns(std::vector<Column>& columns, const std::vector<const DesignRow*>& used,
                    const std::vector<double>& w, const std::vector<double>& y, double ybar, double sw,
                    const std::vector<double>& grid, bool heating) {
  const std::size_t n = used.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i)
    order[i] = i;
  const auto temp = [&](std::size_t i) { return used[i]->day_temperatures[0]; };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return temp(a) < temp(b); });
  double c = 0;
  for (std::size_t i = 0; i < n; ++i)
    c += temp(i);
  c /= static_cast<double>(n);
  // Prefix sums over the sorted rows: entry k covers the first k rows.
  std::vector<double> pw(n + 1, 0), pu(n + 1, 0), puu(n + 1, 0), py(n + 1, 0), puy(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    const double u = temp(i) - c;
    const double yc = y[i] - ybar;
    pw[k + 1] = pw[k] + w[i];
    pu[k + 1] = pu[k] + w[i] * u;
    puu[k + 1] = puu[k] + w[i] * u * u;
    py[k + 1] = py[k] + w[i] * yc;
    puy[k + 1] = puy[k] + w[i] * u * yc;
  }
  std::size_t below = 0;    // rows with T < b
  std::size_t at_most = 0;  // rows with T <= b
  for (std::size_t point = 0; point < grid.size(); ++point) {
    const double b = grid[point];
    while (below < n && temp(order[below]) < b)
      ++below;
    while (at_most < n && temp(order[at_most]) <= b)
      ++at_most;
    const double d = b - c;
    double s1 = 0, s2 = 0, sy = 0;
    Column& col = columns[point];
    if (heating) {
      const std::size_t k = below;
      s1 = d * pw[k] - pu[k];
      s2 = d * d * pw[k] - 2 * d * pu[k] + puu[k];
      sy = d * py[k] - puy[k];
      col.non_zero = static_cast<int>(k);
    } else {
      const std::size_t k = at_most;
      const double W = pw[n] - pw[k], U = pu[n] - pu[k], UU = puu[n] - puu[k];
      const double Y = py[n] - py[k], UY = puy[n] - puy[k];
      s1 = U - d * W;
      s2 = UU - 2 * d * U + d * d * W;
      sy = UY - d * Y;
      col.non_zero = static_cast<int>(n - k);
    }
    col.total = s1;
    col.mean = s1 / sw;
    col.sxx = std::max(s2 - s1 * col.mean, 0.0);
    col.sxy = sy;
  }
}

// A candidate's fit; t1, t2 are the slopes' t statistics with `dof` degrees of freedom. Their p-values cost
// an incomplete-beta evaluation each, so they are computed only where a rule needs them (see `p_value`).
struct Regression {
  double intercept = 0, beta1 = 0, beta2 = 0, r_squared_adj = no_value, t1 = no_value, t2 = no_value,
         dof = no_value;
  bool ok = false;
};

// The two-sided p-value of a slope, or NaN when the maximum is 1 or more: p <= 1 always, so such a rule can
// never disqualify (eemeter's default, quirk Q3) and the value is computed for the winner only.
double p_value(double t, double dof, double maximum) {
  return maximum < 1 ? student_t_two_sided_p(t, dof) : no_value;
}

// One slope: closed form over the centred sums; p-value from t = β / se(β), dof n − 2 (statsmodels WLS).
Regression solve_one(const Column& x, double ybar, double syy, int n) {
  Regression result;
  if (!(x.sxx > 0)) return result;
  result.beta1 = x.sxy / x.sxx;
  result.intercept = ybar - result.beta1 * x.mean;
  const double rss = std::max(syy - result.beta1 * x.sxy, 0.0);
  const double dof = n - 2.0;
  result.r_squared_adj = 1.0 - (n - 1.0) / dof * (rss / syy);
  result.dof = dof;
  result.t1 = result.beta1 / std::sqrt(rss / dof / x.sxx);
  result.ok = true;
  return result;
}

// Two slopes (h, c) with cross-product shc = Σ w (h − mh)(c − mc): 2×2 normal equations.
Regression solve_two(const Column& h, const Column& c, double shc, double ybar, double syy, int n) {
  Regression result;
  const double det = h.sxx * c.sxx - shc * shc;
  if (!(det > 1e-12 * h.sxx * c.sxx)) return result;
  result.beta1 = (c.sxx * h.sxy - shc * c.sxy) / det;  // hdd slope
  result.beta2 = (h.sxx * c.sxy - shc * h.sxy) / det;  // cdd slope
  result.intercept = ybar - result.beta1 * h.mean - result.beta2 * c.mean;
  const double rss = std::max(syy - result.beta1 * h.sxy - result.beta2 * c.sxy, 0.0);
  const double dof = n - 3.0;
  result.r_squared_adj = 1.0 - (n - 1.0) / dof * (rss / syy);
  const double sigma2 = rss / dof;
  result.dof = dof;
  result.t1 = result.beta1 / std::sqrt(sigma2 * c.sxx / det);
  result.t2 = result.beta2 / std::sqrt(sigma2 * h.sxx / det);
  result.ok = true;
  return result;
}

// The rows a fit uses with their usage per day and weights, and the weighted sums every candidate shares.
struct Observations {
  std::vector<const DesignRow*> used;  // rows with excluded == none, in order
  std::vector<double> y;               // usage per day (CalTRACK 3.3.1.1)
  std::vector<double> w;               // weight: 1 (daily) or the kept days (billing, CalTRACK 3.4.2)
  double sw = 0;                       // Σ w
  double ybar = 0;                     // Σ w·y / Σ w
  double syy = 0;                      // Σ w·(y − ȳ)²
  int n = 0;                           // rows used
};

Observations observe(std::span<const DesignRow> rows, const Settings& settings) {
  Observations obs;
  for (const DesignRow& row : rows) {
    if (row.excluded == Exclusion::none) obs.used.push_back(&row);
  }
  obs.n = static_cast<int>(obs.used.size());
  if (obs.n == 0) return obs;
  obs.y.resize(obs.used.size());
  obs.w.resize(obs.used.size());
  double swy = 0;
  for (std::size_t i = 0; i < obs.used.size(); ++i) {
    obs.y[i] = obs.used[i]->use / obs.used[i]->days;
    obs.w[i] = settings.form == Form::billing ? obs.used[i]->days_kept : 1.0;
    obs.sw += obs.w[i];
    swy += obs.w[i] * obs.y[i];
  }
  obs.ybar = swy / obs.sw;
  for (std::size_t i = 0; i < obs.used.size(); ++i)
    obs.syy += obs.w[i] * (obs.y[i] - obs.ybar) * (obs.y[i] - obs.ybar);
  return obs;
}

constexpr int heating = 0;  // index of the HDD columns in a ColumnGrid
constexpr int cooling = 1;  // index of the CDD columns
using ColumnGrid = std::array<std::vector<Column>, 2>;

// The sufficient statistics of every balance point's column, heating and cooling (cooling only with
// settings.fit_cdd), each marked usable against the non-zero and total minimums.
ColumnGrid grid_columns(const Observations& obs, const Settings& settings) {
  ColumnGrid columns;
  const bool single_days = std::all_of(obs.used.begin(), obs.used.end(), [](const DesignRow* row) {
    return row->day_temperatures.size() == 1;
  });
  for (const int kind : {heating, cooling}) {
    columns[kind].resize(settings.balance_points.size());
    if (kind == cooling && !settings.fit_cdd) continue;
    if (single_days) {
      prefix_columns(columns[kind], obs.used, obs.w, obs.y, obs.ybar, obs.sw, settings.balance_points,
                     kind == heating);
    } else {
      direct_columns(columns[kind], obs.used, obs.w, obs.y, obs.ybar, obs.sw, settings.balance_points,
                     kind == heating);
    }
    for (Column& column : columns[kind]) {
      const int min_non_zero =
          kind == heating ? settings.minimum_non_zero_hdd : settings.minimum_non_zero_cdd;
      const double min_total = kind == heating ? settings.minimum_total_hdd : settings.minimum_total_cdd;
      column.usable = column.non_zero >= min_non_zero && !(column.total < min_total);
    }
  }
  return columns;
}

// The candidates considered so far and the winner: the first qualified one with the highest adjusted R².
struct Selection {
  int attempted = 0;
  int qualified = 0;
  std::optional<Candidate> best;
  double best_r2 = -std::numeric_limits<double>::infinity();

  void consider(const Candidate& candidate) {
    if (candidate.status != CandidateStatus::not_attempted) ++attempted;
    if (candidate.status != CandidateStatus::qualified) return;
    ++qualified;
    if (candidate.r_squared_adj > best_r2) {
      best = candidate;
      best_r2 = candidate.r_squared_adj;
    }
  }
};

// Intercept-only: the weighted mean; adjusted R² fixed at 0 (usage_per_day.py).
Candidate intercept_only(double ybar) {
  Candidate candidate;
  candidate.type = ModelType::intercept_only;
  candidate.intercept = ybar;
  candidate.r_squared_adj = 0;
  candidate.status = candidate.intercept < 0 ? CandidateStatus::disqualified : CandidateStatus::qualified;
  return candidate;
}

// HDD-only (kind heating) or CDD-only (kind cooling) at every balance point of the grid.
void single_slope_candidates(int kind, const ColumnGrid& columns, const Observations& obs,
                             const Settings& settings, Selection& selection) {
  const bool heats = kind == heating;
  for (std::size_t point = 0; point < settings.balance_points.size(); ++point) {
    const Column& column = columns[kind][point];
    Candidate candidate;
    candidate.type = heats ? ModelType::hdd_only : ModelType::cdd_only;
    (heats ? candidate.heating_balance_point : candidate.cooling_balance_point) =
        settings.balance_points[point];
    if (!column.usable) {
      selection.consider(candidate);
      continue;
    }
    const Regression regression = solve_one(column, obs.ybar, obs.syy, obs.n);
    if (!regression.ok) {
      candidate.status = CandidateStatus::error;
      selection.consider(candidate);
      continue;
    }
    candidate.intercept = regression.intercept;
    (heats ? candidate.beta_hdd : candidate.beta_cdd) = regression.beta1;
    (heats ? candidate.t_hdd : candidate.t_cdd) = regression.t1;
    candidate.dof = regression.dof;
    candidate.r_squared_adj = regression.r_squared_adj;
    const double max_p = heats ? settings.beta_hdd_maximum_p_value : settings.beta_cdd_maximum_p_value;
    const double p = p_value(regression.t1, regression.dof, max_p);
    (heats ? candidate.p_value_hdd : candidate.p_value_cdd) = p;
    const bool bad = candidate.intercept < 0 || regression.beta1 < 0 || p > max_p;
    candidate.status = bad ? CandidateStatus::disqualified : CandidateStatus::qualified;
    selection.consider(candidate);
  }
}

// CDD+HDD for every pair of balance points with hbp <= cbp.
void two_slope_candidates(const ColumnGrid& columns, const Observations& obs, const Settings& settings,
                          Selection& selection) {
  const std::vector<double>& points = settings.balance_points;
  // Σ w·h·c over rows with more than one kept day (zero otherwise, see the header), per (hbp, cbp).
  std::vector<std::size_t> multi;
  for (std::size_t i = 0; i < obs.used.size(); ++i) {
    if (obs.used[i]->days_kept > 1) multi.push_back(i);
  }
  for (std::size_t cooling_point = 0; cooling_point < points.size(); ++cooling_point) {
    const Column& cdd = columns[cooling][cooling_point];
    for (std::size_t heating_point = 0; heating_point < points.size(); ++heating_point) {
      if (points[heating_point] > points[cooling_point]) continue;
      const Column& hdd = columns[heating][heating_point];
      Candidate candidate;
      candidate.type = ModelType::cdd_hdd;
      candidate.heating_balance_point = points[heating_point];
      candidate.cooling_balance_point = points[cooling_point];
      if (!cdd.usable || !hdd.usable) {
        selection.consider(candidate);
        continue;
      }
      double swhc = 0;
      for (const std::size_t i : multi)
        swhc += obs.w[i] * hdd.values[i] * cdd.values[i];
      const double shc = swhc - obs.sw * hdd.mean * cdd.mean;
      const Regression regression = solve_two(hdd, cdd, shc, obs.ybar, obs.syy, obs.n);
      if (!regression.ok) {
        candidate.status = CandidateStatus::error;
        selection.consider(candidate);
        continue;
      }
      candidate.intercept = regression.intercept;
      candidate.beta_hdd = regression.beta1;
      candidate.beta_cdd = regression.beta2;
      candidate.t_hdd = regression.t1;
      candidate.t_cdd = regression.t2;
      candidate.dof = regression.dof;
      candidate.r_squared_adj = regression.r_squared_adj;
      candidate.p_value_hdd = p_value(regression.t1, regression.dof, settings.beta_hdd_maximum_p_value);
      candidate.p_value_cdd = p_value(regression.t2, regression.dof, settings.beta_cdd_maximum_p_value);
      const bool bad = candidate.intercept < 0 || candidate.beta_hdd < 0 || candidate.beta_cdd < 0 ||
                       candidate.p_value_cdd > settings.beta_cdd_maximum_p_value ||
                       candidate.p_value_hdd > settings.beta_hdd_maximum_p_value;
      candidate.status = bad ? CandidateStatus::disqualified : CandidateStatus::qualified;
      selection.consider(candidate);
    }
  }
}

// pandas Series.autocorr(lag=1): Pearson correlation of (e[1..], e[..n−1]), each with its own mean; NaN
// below two residuals.
double lag1_autocorrelation(const std::vector<double>& residual, int n) {
  if (n < 2) return no_value;
  double ma = 0, mb = 0;
  for (int i = 1; i < n; ++i) {
    ma += residual[static_cast<std::size_t>(i)];
    mb += residual[static_cast<std::size_t>(i - 1)];
  }
  ma /= (n - 1);
  mb /= (n - 1);
  double sab = 0, saa = 0, sbb = 0;
  for (int i = 1; i < n; ++i) {
    const double a = residual[static_cast<std::size_t>(i)] - ma;
    const double b = residual[static_cast<std::size_t>(i - 1)] - mb;
    sab += a * b;
    saa += a * a;
    sbb += b * b;
  }
  return sab / std::sqrt(saa * sbb);
}

// Totals metrics of the winner (eemeter metrics.py).
FitMetrics fit_metrics(const Candidate& best, const Observations& obs) {
  const int n = obs.n;
  FitMetrics metrics;
  metrics.observed_length = n;
  metrics.num_parameters = best.type == ModelType::cdd_hdd          ? 2
                           : best.type == ModelType::intercept_only ? 0
                                                                    : 1;
  std::vector<double> residual(obs.used.size());
  double abs_sum = 0;
  double obs_sum = 0;
  for (std::size_t i = 0; i < obs.used.size(); ++i) {
    const DesignRow& row = *obs.used[i];
    double per_day = best.intercept;
    if (best.type == ModelType::hdd_only || best.type == ModelType::cdd_hdd) {
      per_day += best.beta_hdd * mean_degree_days(row, best.heating_balance_point, true);
    }
    if (best.type == ModelType::cdd_only || best.type == ModelType::cdd_hdd) {
      per_day += best.beta_cdd * mean_degree_days(row, best.cooling_balance_point, false);
    }
    const double observed = obs.y[i] * row.days;
    residual[i] = per_day * row.days - observed;
    abs_sum += std::fabs(observed);
    obs_sum += observed;
  }
  metrics.observed_mean = abs_sum / n;
  const double obs_mean = obs_sum / n;
  double var = 0;
  double sse = 0;
  for (std::size_t i = 0; i < obs.used.size(); ++i) {
    const double d = obs.y[i] * obs.used[i]->days - obs_mean;
    var += d * d;
    sse += residual[i] * residual[i];
  }
  metrics.observed_variance = var / n;
  metrics.rmse_adj = std::sqrt(sse / (n - metrics.num_parameters));
  metrics.r_squared_adj = best.r_squared_adj;
  metrics.autocorr_resid = lag1_autocorrelation(residual, n);
  return metrics;
}

// Round half to even, as python's round() (quirk Q5).
double round_half_even(double x) {
  const double f = std::floor(x);
  const double diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return std::fmod(f, 2.0) == 0 ? f : f + 1;
}

}  // namespace

std::string_view to_string(ModelType type) noexcept {
  switch (type) {
    case ModelType::intercept_only:
      return "intercept_only";
    case ModelType::hdd_only:
      return "hdd_only";
    case ModelType::cdd_only:
      return "cdd_only";
    case ModelType::cdd_hdd:
      return "cdd_hdd";
  }
  return "?";
}

std::string_view to_string(Exclusion reason) noexcept {
  switch (reason) {
    case Exclusion::none:
      return "none";
    case Exclusion::no_use:
      return "no_use";
    case Exclusion::no_temperature:
      return "no_temperature";
    case Exclusion::temperature_coverage:
      return "temperature_coverage";
    case Exclusion::window_last_row:
      return "window_last_row";
  }
  return "?";
}

Settings conformance_settings(Form form, bool fit_cdd) {
  Settings settings;
  settings.form = form;
  for (int b = 30; b <= 90; ++b)
    settings.balance_points.push_back(b);  // design_matrices.py: range(30, 91), °F
  settings.fit_cdd = fit_cdd;
  if (form == Form::billing) {
    // usage_per_day.py use_billing_presets; design_matrices.py tolerance=pd.Timedelta("35D").
    settings.minimum_non_zero_hdd = 0;
    settings.minimum_non_zero_cdd = 0;
    settings.fit_match_tolerance = std::chrono::hours(35 * 24);
  }
  return settings;
}

Settings native_settings(Form form, bool fit_cdd) {
  Settings settings = conformance_settings(form, fit_cdd);
  settings.balance_points.clear();
  for (int k = -2; k <= 64; ++k)
    settings.balance_points.push_back(0.5 * k);  // −1 .. 32 °C step 0.5 (≈ 30..90 °F)
  settings.beta_hdd_maximum_p_value = 0.1;       // CalTRACK 2.0 §3.4.3.2
  settings.beta_cdd_maximum_p_value = 0.1;
  settings.blank_last_row_in_window = false;
  settings.count_missing_hour_slots = false;
  // Degree-day totals are in °C·days here: 20 °F·days ≈ 11.1 °C·days.
  settings.minimum_total_hdd = 20.0 / 1.8;
  settings.minimum_total_cdd = 20.0 / 1.8;
  return settings;
}

Result<std::vector<DesignRow>> design_rows(std::span<const MeterRow> meter, Instant from, Instant to,
                                           const HourlyTemperatures& temperatures, const Settings& settings,
                                           bool for_fit) {
  for (std::size_t i = 1; i < meter.size(); ++i) {
    if (!(meter[i - 1].start < meter[i].start)) {
      return invalid_argument("meter rows must have strictly ascending starts",
                              "/meter/" + std::to_string(i));
    }
  }
  std::vector<DesignRow> rows;
  bool row_at_window_end = false;
  for (std::size_t i = 0; i < meter.size(); ++i) {
    DesignRow row;
    row.start = meter[i].start;
    if (row.start == to) row_at_window_end = true;
    if (row.start < from) continue;
    if (settings.form == Form::daily) {
      if (!(row.start < to)) continue;
      row.end = row.start + std::chrono::hours(24);
    } else {
      if (i + 1 >= meter.size() || meter[i + 1].start > to) continue;
      row.end = meter[i + 1].start;
    }
    row.days = static_cast<double>((row.end - row.start).count()) / seconds_per_day;
    row.use = meter[i].value;
    const Exclusion temperature = temperature_features(row, temperatures, settings, for_fit);
    row.excluded = std::isnan(row.use) ? Exclusion::no_use : temperature;
    rows.push_back(std::move(row));
  }
  // Quirk Q6: eemeter blanks the last row of [from, to] (label slicing includes `to`); for daily data without
  // a row at `to` that is a real day.
  if (settings.form == Form::daily && settings.blank_last_row_in_window && !row_at_window_end &&
      !rows.empty()) {
    rows.back().excluded = Exclusion::window_last_row;
  }
  return rows;
}

Sufficiency sufficiency(std::span<const DesignRow> rows, Instant from, Instant to, int required_days) {
  Sufficiency result;
  result.days_total = static_cast<int>(std::chrono::floor<std::chrono::days>(to - from).count());
  std::vector<double> per_day;
  for (const DesignRow& row : rows) {
    const bool use_ok = !std::isnan(row.use);
    // eemeter: temperature_not_null / (not_null + null) > 0.9 per row.
    const bool temp_ok = row.hours > 0 && static_cast<double>(row.hours_valued) / row.hours > 0.9;
    if (use_ok) result.valid_use_days += row.days;
    if (temp_ok) result.valid_temperature_days += row.days;
    if (use_ok && temp_ok) result.valid_days += row.days;
    if (use_ok && row.use < 0) ++result.negative_values;
    if (use_ok) per_day.push_back(row.use / row.days);
  }
  if (!per_day.empty()) {
    std::sort(per_day.begin(), per_day.end());
    // pandas Series.quantile (linear): position q·(n − 1).
    auto quantile = [&](double q) {
      const double pos = q * static_cast<double>(per_day.size() - 1);
      const auto lo = static_cast<std::size_t>(std::floor(pos));
      const std::size_t hi = std::min(lo + 1, per_day.size() - 1);
      return per_day[lo] + (per_day[hi] - per_day[lo]) * (pos - static_cast<double>(lo));
    };
    result.extreme_limit = quantile(0.5) + 3 * (quantile(0.75) - quantile(0.25));
    for (const double v : per_day)
      result.extreme_values += v > result.extreme_limit ? 1 : 0;
  }
  if (result.days_total != required_days) result.failures.push_back("incorrect_number_of_total_days");
  const double total = result.days_total > 0 ? result.days_total : 1;
  if (result.valid_days / total < 0.9) result.failures.push_back("too_many_days_with_missing_data");
  if (result.valid_use_days / total < 0.9) result.failures.push_back("too_many_days_with_missing_meter_data");
  if (result.valid_temperature_days / total < 0.9)
    result.failures.push_back("too_many_days_with_missing_temperature_data");
  if (result.negative_values > 0) result.failures.push_back("negative_meter_values");
  result.pass = result.failures.empty();
  return result;
}

Result<BaselineModel> fit(std::span<const DesignRow> rows, const Settings& settings) {
  const Observations obs = observe(rows, settings);
  if (obs.n == 0) return failed_precondition("no baseline row has both use and temperature", "/baseline");
  const ColumnGrid columns = grid_columns(obs, settings);
  Selection selection;
  selection.consider(intercept_only(obs.ybar));
  single_slope_candidates(heating, columns, obs, settings, selection);
  if (settings.fit_cdd) {
    single_slope_candidates(cooling, columns, obs, settings, selection);
    two_slope_candidates(columns, obs, settings, selection);
  }
  BaselineModel model;
  model.form = settings.form;
  model.rows_used = obs.n;
  model.candidates_attempted = selection.attempted;
  model.candidates_qualified = selection.qualified;
  std::optional<Candidate>& best = selection.best;
  if (best) {  // the winner's p-values, for the report
    best->p_value_hdd = student_t_two_sided_p(best->t_hdd, best->dof);
    best->p_value_cdd = student_t_two_sided_p(best->t_cdd, best->dof);
  }
  model.best = best;
  for (const DesignRow* row : obs.used)
    model.baseline_total += row->use;
  if (best) model.metrics = fit_metrics(*best, obs);
  return model;
}

double predict(const Candidate& model, const DesignRow& row) {
  if (row.days_kept == 0 || row.excluded == Exclusion::no_temperature ||
      row.excluded == Exclusion::temperature_coverage) {
    return no_value;
  }
  // One day: degree days of that day, one day of intercept. Several: the mean over kept days times all days.
  const double days = row.hours <= 24 ? 1.0 : static_cast<double>(row.days_total);
  double use = model.intercept * days;
  if (model.type == ModelType::hdd_only || model.type == ModelType::cdd_hdd) {
    use += model.beta_hdd * mean_degree_days(row, model.heating_balance_point, true) * days;
  }
  if (model.type == ModelType::cdd_only || model.type == ModelType::cdd_hdd) {
    use += model.beta_cdd * mean_degree_days(row, model.cooling_balance_point, false) * days;
  }
  return use;
}

SavingsResult metered_savings(const BaselineModel& model, std::span<const DesignRow> reporting,
                              const Settings& settings) {
  SavingsResult out;
  if (!model.best) return out;
  double observed_sum = 0;
  for (const DesignRow& row : reporting) {
    if (row.excluded == Exclusion::window_last_row || std::isnan(row.use)) continue;
    const double predicted = predict(*model.best, row);
    if (std::isnan(predicted)) continue;
    ++out.rows_used;
    observed_sum += row.use;
    out.counterfactual_total += predicted;
  }
  out.reporting_observed_total = observed_sum;
  out.metered_savings = out.counterfactual_total - out.reporting_observed_total;

  const FitMetrics& metrics = model.metrics;
  const double base_obs = metrics.observed_length;
  if (settings.form == Form::billing && out.rows_used > 0) {
    const auto whole_days =
        std::chrono::floor<std::chrono::days>(reporting.back().end - reporting.front().start);
    out.post_obs = round_half_even(static_cast<double>(whole_days.count()) / 30.0);
  } else {
    out.post_obs = out.rows_used;
  }
  const double post_obs = out.post_obs;
  const double post_avg = out.rows_used > 0 ? observed_sum / out.rows_used : no_value;
  const double rho = metrics.autocorr_resid;
  const double base_avg = metrics.observed_mean;
  const double base_var = metrics.observed_variance;
  const double dof = base_obs - metrics.num_parameters;
  out.t_stat = student_t_quantile(1.0 - (1.0 - settings.confidence_level) / 2.0, dof);
  if (post_obs == 0 || !std::isfinite(rho) || std::fabs(rho) == 1 || base_obs == 0 || base_avg == 0 ||
      base_var == 0) {
    return out;
  }
  const double t = out.t_stat;
  const double rmse = metrics.rmse_adj;
  const double nprime = base_obs * (1 - rho) / (1 + rho);
  const double model_error = t * rmse * post_obs / std::sqrt(base_obs) *
                             std::sqrt(1.0 + (base_avg - post_avg) * (base_avg - post_avg) / base_var);
  const double noise_error = t * rmse * std::sqrt(post_obs * base_obs / nprime);
  out.ols_model_error = model_error;
  out.ols_noise_error = noise_error;
  out.ols_error_band = std::sqrt(model_error * model_error + noise_error * noise_error);
  const bool billing = settings.form == Form::billing;
  const double a = billing ? -0.00022 : -0.00024;
  const double b = billing ? 0.03306 : 0.03535;
  const double c = billing ? 0.94054 : 1.00286;
  const double months = billing ? post_obs : post_obs / 30.0;
  const double total_base_energy = base_avg * base_obs;
  out.fsu_error_band = total_base_energy * t * (a * months * months + b * months + c) * (rmse / base_avg) *
                       std::sqrt((base_obs / nprime) * (1.0 + 2.0 / nprime) * (1.0 / post_obs));
  return out;
}

}  // namespace renofee::savings
