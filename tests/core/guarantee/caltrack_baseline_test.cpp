// Tests of core/guarantee/caltrack_baseline.hpp: freezing a CalTRACK fit into a contract, the exact
// settlement of a year from it (against scripts/gen_caltrack_e2e.py, python's decimal), the bands against the
// double-precision eemeter path of core/savings, and the guarantee's money through evaluate().
#include "renofee/core/guarantee/caltrack_baseline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "renofee/core/guarantee/evaluate.hpp"
#include "support/literals.hpp"

namespace renofee::guarantee {
namespace {

calendar::Date day(std::string_view text) {
  return calendar::parse_date(text).value();
}

// The reference file: "key<TAB>value" lines, then "YYYY-MM-DD<TAB>use<TAB>TG or empty" lines.
struct Reference {
  std::map<std::string, std::string> values;
  std::vector<ReportingDay> days;
};

Reference read_reference() {
  std::ifstream in(std::string(RENOFEE_TEST_DATA_DIR) + "/savings/caltrack_settlement.tsv");
  Reference ref;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    const std::string key = line.substr(0, tab);
    const std::string rest = line.substr(tab + 1);
    if (key.size() == 10 && key[4] == '-') {
      const std::size_t tab2 = rest.find('\t');
      ReportingDay d;
      d.day = day(key);
      d.use = dec(rest.substr(0, tab2));
      const std::string tg = rest.substr(tab2 + 1);
      if (!tg.empty()) d.mean_temperature_01c = std::stoi(tg);
      ref.days.push_back(d);
    } else {
      ref.values[key] = rest;
    }
  }
  return ref;
}

CaltrackBaseline baseline_of(const Reference& ref) {
  CaltrackBaseline b;
  b.form = CaltrackForm::daily;
  b.model = CaltrackModel::hdd_only;
  b.heating_balance_point_c = dec(ref.values.at("hbp"));
  b.intercept = dec(ref.values.at("intercept"));
  b.beta_hdd = dec(ref.values.at("beta_hdd"));
  b.stats.observations = std::stoi(ref.values.at("observations"));
  b.stats.parameters = 1;
  b.stats.observed_mean = dec(ref.values.at("observed_mean"));
  b.stats.observed_variance = dec(ref.values.at("observed_variance"));
  b.stats.rmse_adj = dec(ref.values.at("rmse_adj"));
  b.stats.autocorrelation = dec(ref.values.at("autocorrelation"));
  b.stats.r_squared_adj = dec(ref.values.at("r_squared_adj"));
  b.stats.t_value = dec(ref.values.at("t_value"));
  b.settings.confidence_level = dec("0.9");
  b.settings.baseline_begin = day("2024-01-02");
  b.settings.baseline_end = day("2025-01-01");
  return b;
}

TEST(CaltrackBaseline, PredictedUseIsExact) {
  CaltrackBaseline b;
  b.model = CaltrackModel::cdd_hdd;
  b.heating_balance_point_c = dec("15.5");
  b.cooling_balance_point_c = dec("22");
  b.intercept = dec("1.2");
  b.beta_hdd = dec("0.45");
  b.beta_cdd = dec("0.3");
  // 1.2 + 0.45 × (15.5 − 5.2) = 5.835; between the balance points only the intercept; 1.2 + 0.3 × 3.1 = 2.13.
  EXPECT_EQ(predicted_use(b, 52), dec("5.835"));
  EXPECT_EQ(predicted_use(b, 180), dec("1.2"));
  EXPECT_EQ(predicted_use(b, 155), dec("1.2"));
  EXPECT_EQ(predicted_use(b, 251), dec("2.13"));
  EXPECT_EQ(predicted_use(b, -73), dec("1.2") + dec("0.45") * dec("22.8"));
}

TEST(CaltrackBaseline, SettlementMatchesTheDecimalReference) {
  const Reference ref = read_reference();
  ASSERT_EQ(ref.days.size(), 365u);
  const AvoidedUse a = avoided_use(baseline_of(ref), ref.days).value();
  EXPECT_EQ(a.days, 365);
  EXPECT_EQ(a.counted, std::stoi(ref.values.at("expect_counted")));
  EXPECT_EQ(a.counterfactual, dec(ref.values.at("expect_counterfactual")));
  EXPECT_EQ(a.observed, dec(ref.values.at("expect_observed")));
  EXPECT_EQ(a.avoided, dec(ref.values.at("expect_avoided")));
  EXPECT_EQ(a.use_left_out, dec(ref.values.at("expect_left_out")));
  ASSERT_TRUE(a.ols_band && a.fsu_band);
  EXPECT_EQ(*a.ols_band, dec(ref.values.at("expect_ols")));
  EXPECT_EQ(*a.fsu_band, dec(ref.values.at("expect_fsu")));
  EXPECT_EQ(a.without_weather, (std::vector<calendar::Date>{day("2025-02-11"), day("2025-02-12"),
                                                            day("2025-07-20"), day("2025-11-30")}));
  EXPECT_TRUE(a.without_use.empty());
}

TEST(CaltrackBaseline, DaysWithoutUseOrWeatherAreListedNotDropped) {
  CaltrackBaseline b;
  b.model = CaltrackModel::intercept_only;
  b.intercept = dec("2");
  b.stats = CaltrackStats{30, 0, dec("2"), dec("0.25"), dec("0.5"), dec("0"), dec("0"), dec("1.7"), 1};
  std::vector<ReportingDay> days{
      {day("2025-01-01"), dec("1.5"), false, 40},
      {day("2025-01-02"), std::nullopt, false, 40},          // no use
      {day("2025-01-03"), dec("1.25"), true, std::nullopt},  // no weather
      {day("2025-01-04"), dec("1.0"), true, 10},
  };
  const AvoidedUse a = avoided_use(b, days).value();
  EXPECT_EQ(a.counted, 2);
  EXPECT_EQ(a.counterfactual, dec("4"));
  EXPECT_EQ(a.observed, dec("2.5"));
  EXPECT_EQ(a.avoided, dec("1.5"));
  EXPECT_EQ(a.use_left_out, dec("1.25"));
  EXPECT_TRUE(a.estimated);
  EXPECT_EQ(a.without_use, std::vector<calendar::Date>{day("2025-01-02")});
  EXPECT_EQ(a.without_weather, std::vector<calendar::Date>{day("2025-01-03")});
  // ρ = 0: n' = n. OLS = sqrt(model² + noise²) with model = t·rmse·m/√n·√(1 + (2 − 1.25)²/0.25) and noise =
  // t·rmse·√m; python: 1.7·0.5·2/√30·√3.25 = 0.559549...; 1.7·0.5·√2 = 1.202081...; OLS = 1.325927... -> 1.326.
  ASSERT_TRUE(a.ols_band);
  EXPECT_EQ(*a.ols_band, dec("1.326"));

  std::swap(days[0], days[1]);
  const Result<AvoidedUse> unordered = avoided_use(b, days);
  ASSERT_FALSE(unordered);
  EXPECT_EQ(unordered.error().field, "/reporting_days/1");
}

// Daily rows of a known model with noise, fitted in native mode.
std::vector<savings::DesignRow> synthetic_rows(int first_day, int count, double intercept, double slope,
                                               unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.3);
  std::vector<savings::DesignRow> rows;
  for (int i = 0; i < count; ++i) {
    const int doy = first_day + i;
    const int tg = static_cast<int>(
        std::lround(100 - 80 * std::cos(2 * 3.14159265358979 * doy / 365.0) + noise(rng) * 20));
    savings::DesignRow row;
    row.start = savings::Instant{} + std::chrono::days(doy);
    row.end = row.start + std::chrono::days(1);
    row.days = 1;
    row.hours = row.hours_valued = 24;
    row.days_total = row.days_kept = 1;
    row.day_temperatures = {tg / 10.0};
    row.use = std::round((intercept + slope * std::max(0.0, 16.0 - tg / 10.0) + noise(rng)) * 1000) / 1000;
    rows.push_back(row);
  }
  return rows;
}

TEST(CaltrackBaseline, FrozenBandsAgreeWithTheDoublePath) {
  const savings::Settings settings = savings::native_settings(savings::Form::daily, false);
  const std::vector<savings::DesignRow> base = synthetic_rows(0, 365, 1.0, 0.4, 7);
  const std::vector<savings::DesignRow> post = synthetic_rows(365, 365, 0.6, 0.2, 8);
  const savings::BaselineModel model = savings::fit(base, settings).value();
  ASSERT_TRUE(model.best);
  const CaltrackBaseline b = freeze_caltrack(model, settings, day("2024-01-01"), day("2024-12-31")).value();
  EXPECT_EQ(b.model, CaltrackModel::hdd_only);
  EXPECT_EQ(b.heating_balance_point_c, dec("16"));  // the generating balance point, recovered
  EXPECT_NEAR(b.beta_hdd.to_double_for_display(), 0.4, 0.01);
  EXPECT_NEAR(b.intercept.to_double_for_display(), 1.0, 0.05);
  EXPECT_EQ(b.stats.parameters, 1);
  EXPECT_EQ(b.settings.grid_min_c, dec("-1"));
  EXPECT_EQ(b.settings.grid_max_c, dec("32"));
  EXPECT_EQ(b.settings.grid_step_c, dec("0.5"));
  EXPECT_EQ(b.settings.confidence_level, dec("0.9"));

  std::vector<ReportingDay> days;
  for (const savings::DesignRow& row : post) {
    const int tg = static_cast<int>(std::lround(row.day_temperatures[0] * 10));
    char text[16];
    std::snprintf(text, sizeof text, "%.3f", row.use);
    days.push_back({calendar::Date{std::chrono::floor<date::days>(row.start)}, dec(text), false, tg});
  }
  const AvoidedUse a = avoided_use(b, days).value();
  const savings::SavingsResult s = savings::metered_savings(model, post, settings);
  ASSERT_TRUE(s.ols_error_band && s.fsu_error_band && a.ols_band && a.fsu_band);
  const auto relative = [](double x, double y) { return std::fabs(x - y) / std::fabs(y); };
  EXPECT_LT(relative(a.avoided.to_double_for_display(), s.metered_savings), 1e-6);
  // The bands are rounded to 3 decimals: agreement to half a unit of that and to 1e-6 relative of the rest.
  EXPECT_NEAR(a.ols_band->to_double_for_display(), *s.ols_error_band, 0.0005 + 1e-6 * *s.ols_error_band);
  EXPECT_NEAR(a.fsu_band->to_double_for_display(), *s.fsu_error_band, 0.0005 + 1e-6 * *s.fsu_error_band);
}

TEST(CaltrackBaseline, NoModelIsNotFrozen) {
  savings::BaselineModel none;
  const Result<CaltrackBaseline> frozen = freeze_caltrack(
      none, savings::native_settings(savings::Form::daily, false), day("2024-01-01"), day("2025-01-01"));
  ASSERT_FALSE(frozen);
  EXPECT_EQ(frozen.error().code, ErrorCode::failed_precondition);
}

// The year through evaluate(): guaranteed savings prorated to the counted days, franchise at the FSU band.
TEST(CaltrackBaseline, GuaranteeYearWithTheFsuBandAsFranchise) {
  const Reference ref = read_reference();
  SavingsTerms terms;
  terms.carrier = SavingsCarrier::gas;
  terms.guaranteed_savings = dec(ref.values.at("guaranteed"));
  terms.price = Price{dec("1.45"), dec("0.02")};
  terms.excess_share_percent = dec("50");
  terms.caltrack = baseline_of(ref);
  Guarantee g;
  g.kind = Kind::savings;
  g.term_years = 10;
  g.deadband = Deadband{DeadbandMode::franchise, Decimal(0), UncertaintyBand::fsu};
  g.yearly_cap = Money(dec("1500.00"));
  g.station = 344;
  g.terms = terms;
  EXPECT_TRUE(guarantee_problems(std::vector<Guarantee>{g}).empty());
  EXPECT_EQ(required_inputs(g), (std::vector<Input>{Input::gas, Input::reporting_days}));
  YearInputs in;
  in.year_index = 1;
  in.period = calendar::make_period(day("2025-01-01"), day("2026-01-01")).value();
  in.gas = MeasuredGas{CubicMetres(dec("571.159")), false};
  in.reporting_days = ref.days;
  const GuaranteeResult r = evaluate(g, 0, in).value();
  EXPECT_EQ(r.guaranteed, dec(ref.values.at("expect_guaranteed_counted")));
  EXPECT_EQ(r.shortfall, dec(ref.values.at("expect_shortfall")));
  EXPECT_EQ(r.payable.value(), dec(ref.values.at("expect_compensation")));
  EXPECT_EQ(r.status, Status::shortfall);
  ASSERT_TRUE(r.days_left_out);
  EXPECT_EQ(r.days_left_out->without_weather.size(), 4u);
  std::map<std::string, Decimal> figures;
  for (const Figure& f : r.figures)
    figures[f.name] = f.value;
  EXPECT_EQ(figures.at("deadband_quantity"), dec(ref.values.at("expect_fsu")));
  EXPECT_EQ(figures.at("payable_quantity"), dec(ref.values.at("expect_payable")));
  EXPECT_EQ(figures.at("days_without_weather"), Decimal(4));
  EXPECT_NE(
      r.rule.find("4 day(s) without weather not compared (2025-02-11, 2025-02-12, 2025-07-20, 2025-11-30"),
      std::string::npos)
      << r.rule;
  EXPECT_NE(r.rule.find("franchise at the fsu band (90% confidence)"), std::string::npos) << r.rule;

  // A year in which no day has weather cannot be settled on the baseline: refused, never "met" by default.
  std::vector<ReportingDay> no_weather = ref.days;
  for (ReportingDay& d : no_weather)
    d.mean_temperature_01c.reset();
  in.reporting_days = no_weather;
  const Result<GuaranteeResult> nothing = evaluate(g, 0, in);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::failed_precondition);
  EXPECT_EQ(nothing.error().field, "/inputs/reporting_days");
  // Without the reporting days the year cannot be evaluated; with a percent and a band the terms are refused.
  in.reporting_days.reset();
  EXPECT_EQ(evaluate(g, 0, in).error().field, "/inputs/reporting_days");
  g.deadband.percent = dec("10");
  EXPECT_FALSE(guarantee_problems(std::vector<Guarantee>{g}).empty());
}

TEST(CaltrackBaseline, TermsChecksNameTheField) {
  SavingsTerms terms;
  terms.guaranteed_savings = dec("100");
  terms.price = Price{dec("1"), dec("0")};
  CaltrackBaseline b;
  b.model = CaltrackModel::hdd_only;  // but no heating balance point
  b.intercept = dec("1");
  b.stats = CaltrackStats{365, 1, dec("3"), dec("4"), dec("0.2"), dec("1"), dec("0.9"), dec("1.6"), 3};
  b.settings.confidence_level = dec("0.9");
  b.settings.baseline_begin = day("2024-01-01");
  b.settings.baseline_end = day("2025-01-01");
  terms.caltrack = b;
  terms.baseline = Baseline{dec("1"), dec("0.5"), std::nullopt};
  Guarantee g;
  g.kind = Kind::savings;
  g.term_years = 5;
  g.station = 260;
  g.terms = terms;
  std::vector<std::string> fields;
  for (const Error& e : guarantee_problems(std::vector<Guarantee>{g}))
    fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/guarantees/0/baseline",
                                              "/guarantees/0/baseline/heating_balance_point_c",
                                              "/guarantees/0/baseline/statistics/autocorrelation"}));
}

}  // namespace
}  // namespace renofee::guarantee
