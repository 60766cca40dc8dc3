// CalTRACK 2.0 daily and billing models (caltrack.hpp; rules and sources in docs/savings.md).
// double by design: regression statistics, predictions and error bands of measured data, computed in double
// as the reference (eemeter 3.2.0 on numpy/statsmodels) does; nothing here is money.
#include "renofee/core/savings/caltrack.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "renofee/core/savings/student_t.hpp"

namespace renofee::savings {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
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
  for (std::size_t g = 0; g < grid.size(); ++g) {
    Column& col = columns[g];
    col.values.resize(used.size());
    double swx = 0;
    for (std::size_t i = 0; i < used.size(); ++i) {
      const double x = mean_degree_days(*used[i], grid[g], heating);
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
  for (std::size_t g = 0; g < grid.size(); ++g) {
    const double b = grid[g];
    while (below < n && temp(order[below]) < b)
      ++below;
    while (at_most < n && temp(order[at_most]) <= b)
      ++at_most;
    const double d = b - c;
    double s1 = 0, s2 = 0, sy = 0;
    Column& col = columns[g];
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
  double intercept = 0, beta1 = 0, beta2 = 0, r_squared_adj = nan, t1 = nan, t2 = nan, dof = nan;
  bool ok = false;
};

// The two-sided p-value of a slope, or NaN when the maximum is 1 or more: p <= 1 always, so such a rule can
// never disqualify (eemeter's default, quirk Q3) and the value is computed for the winner only.
double p_value(double t, double dof, double maximum) {
  return maximum < 1 ? student_t_two_sided_p(t, dof) : nan;
}

// One slope: closed form over the centred sums; p-value from t = β / se(β), dof n − 2 (statsmodels WLS).
Regression solve_one(const Column& x, double ybar, double syy, int n) {
  Regression r;
  if (!(x.sxx > 0)) return r;
  r.beta1 = x.sxy / x.sxx;
  r.intercept = ybar - r.beta1 * x.mean;
  const double rss = std::max(syy - r.beta1 * x.sxy, 0.0);
  const double dof = n - 2.0;
  r.r_squared_adj = 1.0 - (n - 1.0) / dof * (rss / syy);
  r.dof = dof;
  r.t1 = r.beta1 / std::sqrt(rss / dof / x.sxx);
  r.ok = true;
  return r;
}

// Two slopes (h, c) with cross-product shc = Σ w (h − mh)(c − mc): 2×2 normal equations.
Regression solve_two(const Column& h, const Column& c, double shc, double ybar, double syy, int n) {
  Regression r;
  const double det = h.sxx * c.sxx - shc * shc;
  if (!(det > 1e-12 * h.sxx * c.sxx)) return r;
  r.beta1 = (c.sxx * h.sxy - shc * c.sxy) / det;  // hdd slope
  r.beta2 = (h.sxx * c.sxy - shc * h.sxy) / det;  // cdd slope
  r.intercept = ybar - r.beta1 * h.mean - r.beta2 * c.mean;
  const double rss = std::max(syy - r.beta1 * h.sxy - r.beta2 * c.sxy, 0.0);
  const double dof = n - 3.0;
  r.r_squared_adj = 1.0 - (n - 1.0) / dof * (rss / syy);
  const double sigma2 = rss / dof;
  r.dof = dof;
  r.t1 = r.beta1 / std::sqrt(sigma2 * c.sxx / det);
  r.t2 = r.beta2 / std::sqrt(sigma2 * h.sxx / det);
  r.ok = true;
  return r;
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
  Settings s;
  s.form = form;
  for (int b = 30; b <= 90; ++b)
    s.balance_points.push_back(b);  // design_matrices.py: range(30, 91), °F
  s.fit_cdd = fit_cdd;
  if (form == Form::billing) {
    // usage_per_day.py use_billing_presets; design_matrices.py tolerance=pd.Timedelta("35D").
    s.minimum_non_zero_hdd = 0;
    s.minimum_non_zero_cdd = 0;
    s.fit_match_tolerance = std::chrono::hours(35 * 24);
  }
  return s;
}

Settings native_settings(Form form, bool fit_cdd) {
  Settings s = conformance_settings(form, fit_cdd);
  s.balance_points.clear();
  for (int k = -2; k <= 64; ++k)
    s.balance_points.push_back(0.5 * k);  // −1 .. 32 °C step 0.5 (≈ 30..90 °F)
  s.beta_hdd_maximum_p_value = 0.1;       // CalTRACK 2.0 §3.4.3.2
  s.beta_cdd_maximum_p_value = 0.1;
  s.blank_last_row_in_window = false;
  s.count_missing_hour_slots = false;
  // Degree-day totals are in °C·days here: 20 °F·days ≈ 11.1 °C·days.
  s.minimum_total_hdd = 20.0 / 1.8;
  s.minimum_total_cdd = 20.0 / 1.8;
  return s;
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
  Sufficiency s;
  s.days_total = static_cast<int>(std::chrono::floor<std::chrono::days>(to - from).count());
  std::vector<double> per_day;
  for (const DesignRow& row : rows) {
    const bool use_ok = !std::isnan(row.use);
    // eemeter: temperature_not_null / (not_null + null) > 0.9 per row.
    const bool temp_ok = row.hours > 0 && static_cast<double>(row.hours_valued) / row.hours > 0.9;
    if (use_ok) s.valid_use_days += row.days;
    if (temp_ok) s.valid_temperature_days += row.days;
    if (use_ok && temp_ok) s.valid_days += row.days;
    if (use_ok && row.use < 0) ++s.negative_values;
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
    s.extreme_limit = quantile(0.5) + 3 * (quantile(0.75) - quantile(0.25));
    for (const double v : per_day)
      s.extreme_values += v > s.extreme_limit ? 1 : 0;
  }
  if (s.days_total != required_days) s.failures.push_back("incorrect_number_of_total_days");
  const double total = s.days_total > 0 ? s.days_total : 1;
  if (s.valid_days / total < 0.9) s.failures.push_back("too_many_days_with_missing_data");
  if (s.valid_use_days / total < 0.9) s.failures.push_back("too_many_days_with_missing_meter_data");
  if (s.valid_temperature_days / total < 0.9)
    s.failures.push_back("too_many_days_with_missing_temperature_data");
  if (s.negative_values > 0) s.failures.push_back("negative_meter_values");
  s.pass = s.failures.empty();
  return s;
}

Result<BaselineModel> fit(std::span<const DesignRow> rows, const Settings& settings) {
  std::vector<const DesignRow*> used;
  for (const DesignRow& row : rows) {
    if (row.excluded == Exclusion::none) used.push_back(&row);
  }
  const int n = static_cast<int>(used.size());
  if (n == 0) return failed_precondition("no baseline row has both use and temperature", "/baseline");
  std::vector<double> y(used.size());
  std::vector<double> w(used.size());
  double sw = 0;
  double swy = 0;
  for (std::size_t i = 0; i < used.size(); ++i) {
    y[i] = used[i]->use / used[i]->days;                               // usage per day (CalTRACK 3.3.1.1)
    w[i] = settings.form == Form::billing ? used[i]->days_kept : 1.0;  // CalTRACK 3.4.2
    sw += w[i];
    swy += w[i] * y[i];
  }
  const double ybar = swy / sw;
  double syy = 0;
  for (std::size_t i = 0; i < used.size(); ++i)
    syy += w[i] * (y[i] - ybar) * (y[i] - ybar);

  // Sufficient statistics of every grid column, heating (index 0) and cooling (index 1).
  const std::size_t grid = settings.balance_points.size();
  std::vector<Column> columns[2];
  const bool single_days = std::all_of(used.begin(), used.end(),
                                       [](const DesignRow* r) { return r->day_temperatures.size() == 1; });
  for (int kind = 0; kind < 2; ++kind) {
    columns[kind].resize(grid);
    if (kind == 1 && !settings.fit_cdd) continue;
    if (single_days) {
      prefix_columns(columns[kind], used, w, y, ybar, sw, settings.balance_points, kind == 0);
    } else {
      direct_columns(columns[kind], used, w, y, ybar, sw, settings.balance_points, kind == 0);
    }
    for (Column& col : columns[kind]) {
      const int min_non_zero = kind == 0 ? settings.minimum_non_zero_hdd : settings.minimum_non_zero_cdd;
      const double min_total = kind == 0 ? settings.minimum_total_hdd : settings.minimum_total_cdd;
      col.usable = col.non_zero >= min_non_zero && !(col.total < min_total);
    }
  }

  BaselineModel model;
  model.form = settings.form;
  model.rows_used = n;
  std::optional<Candidate> best;
  double best_r2 = -std::numeric_limits<double>::infinity();
  auto consider = [&](const Candidate& c) {
    if (c.status != CandidateStatus::not_attempted) ++model.candidates_attempted;
    if (c.status != CandidateStatus::qualified) return;
    ++model.candidates_qualified;
    if (c.r_squared_adj > best_r2) {
      best = c;
      best_r2 = c.r_squared_adj;
    }
  };

  {  // Intercept-only: the weighted mean; adjusted R² fixed at 0 (usage_per_day.py).
    Candidate c;
    c.type = ModelType::intercept_only;
    c.intercept = ybar;
    c.r_squared_adj = 0;
    c.status = c.intercept < 0 ? CandidateStatus::disqualified : CandidateStatus::qualified;
    consider(c);
  }
  auto single = [&](int kind) {
    for (std::size_t g = 0; g < grid; ++g) {
      const Column& col = columns[kind][g];
      Candidate c;
      c.type = kind == 0 ? ModelType::hdd_only : ModelType::cdd_only;
      (kind == 0 ? c.heating_balance_point : c.cooling_balance_point) = settings.balance_points[g];
      if (!col.usable) {
        consider(c);
        continue;
      }
      const Regression r = solve_one(col, ybar, syy, n);
      if (!r.ok) {
        c.status = CandidateStatus::error;
        consider(c);
        continue;
      }
      c.intercept = r.intercept;
      (kind == 0 ? c.beta_hdd : c.beta_cdd) = r.beta1;
      (kind == 0 ? c.t_hdd : c.t_cdd) = r.t1;
      c.dof = r.dof;
      c.r_squared_adj = r.r_squared_adj;
      const double max_p = kind == 0 ? settings.beta_hdd_maximum_p_value : settings.beta_cdd_maximum_p_value;
      const double p = p_value(r.t1, r.dof, max_p);
      (kind == 0 ? c.p_value_hdd : c.p_value_cdd) = p;
      const bool bad = c.intercept < 0 || r.beta1 < 0 || p > max_p;
      c.status = bad ? CandidateStatus::disqualified : CandidateStatus::qualified;
      consider(c);
    }
  };
  single(0);
  if (settings.fit_cdd) {
    single(1);
    // Σ w·h·c over rows with more than one kept day (zero otherwise, see the header), per (hbp, cbp).
    std::vector<std::size_t> multi;
    for (std::size_t i = 0; i < used.size(); ++i) {
      if (used[i]->days_kept > 1) multi.push_back(i);
    }
    for (std::size_t gc = 0; gc < grid; ++gc) {
      const Column& cc = columns[1][gc];
      for (std::size_t gh = 0; gh < grid; ++gh) {
        if (settings.balance_points[gh] > settings.balance_points[gc]) continue;
        const Column& hc = columns[0][gh];
        Candidate c;
        c.type = ModelType::cdd_hdd;
        c.heating_balance_point = settings.balance_points[gh];
        c.cooling_balance_point = settings.balance_points[gc];
        if (!cc.usable || !hc.usable) {
          consider(c);
          continue;
        }
        double swhc = 0;
        for (const std::size_t i : multi)
          swhc += w[i] * hc.values[i] * cc.values[i];
        const double shc = swhc - sw * hc.mean * cc.mean;
        const Regression r = solve_two(hc, cc, shc, ybar, syy, n);
        if (!r.ok) {
          c.status = CandidateStatus::error;
          consider(c);
          continue;
        }
        c.intercept = r.intercept;
        c.beta_hdd = r.beta1;
        c.beta_cdd = r.beta2;
        c.t_hdd = r.t1;
        c.t_cdd = r.t2;
        c.dof = r.dof;
        c.r_squared_adj = r.r_squared_adj;
        c.p_value_hdd = p_value(r.t1, r.dof, settings.beta_hdd_maximum_p_value);
        c.p_value_cdd = p_value(r.t2, r.dof, settings.beta_cdd_maximum_p_value);
        const bool bad = c.intercept < 0 || c.beta_hdd < 0 || c.beta_cdd < 0 ||
                         c.p_value_cdd > settings.beta_cdd_maximum_p_value ||
                         c.p_value_hdd > settings.beta_hdd_maximum_p_value;
        c.status = bad ? CandidateStatus::disqualified : CandidateStatus::qualified;
        consider(c);
      }
    }
  }
  if (best) {  // the winner's p-values, for the report
    best->p_value_hdd = student_t_two_sided_p(best->t_hdd, best->dof);
    best->p_value_cdd = student_t_two_sided_p(best->t_cdd, best->dof);
  }
  model.best = best;
  for (const DesignRow* row : used)
    model.baseline_total += row->use;
  if (!best) return model;

  // Totals metrics of the winner (eemeter metrics.py).
  FitMetrics& m = model.metrics;
  m.observed_length = n;
  m.num_parameters = best->type == ModelType::cdd_hdd ? 2 : best->type == ModelType::intercept_only ? 0 : 1;
  std::vector<double> residual(used.size());
  double abs_sum = 0;
  double obs_sum = 0;
  for (std::size_t i = 0; i < used.size(); ++i) {
    const DesignRow& row = *used[i];
    double per_day = best->intercept;
    if (best->type == ModelType::hdd_only || best->type == ModelType::cdd_hdd) {
      per_day += best->beta_hdd * mean_degree_days(row, best->heating_balance_point, true);
    }
    if (best->type == ModelType::cdd_only || best->type == ModelType::cdd_hdd) {
      per_day += best->beta_cdd * mean_degree_days(row, best->cooling_balance_point, false);
    }
    const double observed = y[i] * row.days;
    residual[i] = per_day * row.days - observed;
    abs_sum += std::fabs(observed);
    obs_sum += observed;
  }
  m.observed_mean = abs_sum / n;
  const double obs_mean = obs_sum / n;
  double var = 0;
  double sse = 0;
  for (std::size_t i = 0; i < used.size(); ++i) {
    const double d = y[i] * used[i]->days - obs_mean;
    var += d * d;
    sse += residual[i] * residual[i];
  }
  m.observed_variance = var / n;
  m.rmse_adj = std::sqrt(sse / (n - m.num_parameters));
  m.r_squared_adj = best->r_squared_adj;
  // pandas Series.autocorr(lag=1): Pearson correlation of (e[1..], e[..n−1]), each with its own mean.
  if (n >= 2) {
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
    m.autocorr_resid = sab / std::sqrt(saa * sbb);
  } else {
    m.autocorr_resid = nan;
  }
  return model;
}

double predict(const Candidate& model, const DesignRow& row) {
  if (row.days_kept == 0 || row.excluded == Exclusion::no_temperature ||
      row.excluded == Exclusion::temperature_coverage) {
    return nan;
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

  const FitMetrics& m = model.metrics;
  const double base_obs = m.observed_length;
  if (settings.form == Form::billing && out.rows_used > 0) {
    const auto whole_days =
        std::chrono::floor<std::chrono::days>(reporting.back().end - reporting.front().start);
    out.post_obs = round_half_even(static_cast<double>(whole_days.count()) / 30.0);
  } else {
    out.post_obs = out.rows_used;
  }
  const double post_obs = out.post_obs;
  const double post_avg = out.rows_used > 0 ? observed_sum / out.rows_used : nan;
  const double rho = m.autocorr_resid;
  const double base_avg = m.observed_mean;
  const double base_var = m.observed_variance;
  const double dof = base_obs - m.num_parameters;
  out.t_stat = student_t_quantile(1.0 - (1.0 - settings.confidence_level) / 2.0, dof);
  if (post_obs == 0 || !std::isfinite(rho) || std::fabs(rho) == 1 || base_obs == 0 || base_avg == 0 ||
      base_var == 0) {
    return out;
  }
  const double t = out.t_stat;
  const double rmse = m.rmse_adj;
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
