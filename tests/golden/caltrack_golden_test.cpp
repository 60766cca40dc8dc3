// Test plan: the generated CalTRACK cases of tests/data/caltrack (scripts/gen_caltrack_reference.py:
// synthetic weather, use from known balance points and slopes plus noise; an independent standard-library
// python reference) read through the eemeter CSV adapter (and, for the native KNMI case, the KNMI daily
// reader of tests/data/knmi/synthetic_348_2023_2026.txt with temperatures_from_knmi_days) and run through
// core/savings:
//   - against the reference: model type and balance points equal, candidates qualified equal, coefficients,
//     adjusted R², totals and both error bands within 1e-8 relative (the reference solves each candidate
//     from scratch and integrates the t density by Simpson's rule; the difference is rounding), the rows left
//     out counted per period and reason exactly;
//   - against the truth the use was generated from: balance points within 1 grid step (1 °F, 0.5 °C), slopes
//     within 5 %, intercepts within 10 %.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "renofee/adapters/io/eemeter_csv.hpp"
#include "renofee/adapters/io/knmi_daily.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/savings/caltrack.hpp"

namespace renofee::savings {
namespace {

using std::chrono::days;

const std::string dir = std::string(RENOFEE_TEST_DATA_DIR) + "/caltrack/";

Instant day(const std::string& text) {
  return Instant{date::sys_days{calendar::parse_date(text).value()}};
}

void expect_rel(double got, double want, double tol, const char* what) {
  EXPECT_LE(std::fabs(got - want), tol * std::max(std::fabs(want), 1e-12))
      << what << ": got " << got << " want " << want;
}

TEST(CaltrackGolden, GeneratedCasesMatchTheReferenceAndTheTruth) {
  std::ifstream expected_file(dir + "expected.json");
  ASSERT_TRUE(expected_file) << dir;
  std::stringstream text;
  text << expected_file.rdbuf();
  Poco::JSON::Parser parser;
  const Poco::JSON::Object::Ptr all = parser.parse(text.str()).extract<Poco::JSON::Object::Ptr>();
  ASSERT_EQ(all->size(), 5u);
  for (const auto& [name, value] : *all) {
    SCOPED_TRACE(name);
    const Poco::JSON::Object::Ptr want = value.extract<Poco::JSON::Object::Ptr>();
    const Poco::JSON::Object::Ptr args = want->getObject("args");
    std::ifstream meter_file(dir + name + ".meter.csv");
    Result<std::vector<MeterRow>> meter = io::read_eemeter_meter_csv(meter_file, name);
    ASSERT_TRUE(meter.ok());
    Result<HourlyTemperatures> temps = HourlyTemperatures{};
    if (want->has("knmi")) {  // native mode on a KNMI daily file
      Result<std::vector<weather::WeatherDay>> knmi_days = io::read_knmi_daily_file(
          std::string(RENOFEE_TEST_DATA_DIR) + "/knmi/" + want->getValue<std::string>("knmi"));
      ASSERT_TRUE(knmi_days.ok());
      temps = io::temperatures_from_knmi_days(*knmi_days);
    } else {
      std::ifstream temp_file(dir + want->getValue<std::string>("temperature"));
      temps = io::read_eemeter_temperature_csv(temp_file, "temperature");
    }
    ASSERT_TRUE(temps.ok());
    const Form form = args->getValue<std::string>("form") == "daily" ? Form::daily : Form::billing;
    const bool native = args->getValue<std::string>("units") == "C";
    const bool fit_cdd = args->getValue<bool>("fit_cdd");
    const Settings s = native ? native_settings(form, fit_cdd) : conformance_settings(form, fit_cdd);
    const Instant b1 = day(args->getValue<std::string>("baseline_end"));
    const Instant r0 = day(args->getValue<std::string>("reporting_start"));
    Result<std::vector<DesignRow>> base = design_rows(*meter, b1 - days(365), b1, *temps, s, true);
    Result<std::vector<DesignRow>> rep = design_rows(*meter, r0, r0 + days(365), *temps, s, false);
    ASSERT_TRUE(base.ok() && rep.ok());
    Result<BaselineModel> model = fit(*base, s);
    ASSERT_TRUE(model.ok() && model->best.has_value());
    const Candidate& best = *model->best;
    const SavingsResult saved = metered_savings(*model, *rep, s);

    EXPECT_EQ(to_string(best.type), want->getValue<std::string>("model_type"));
    const bool has_h = best.type == ModelType::hdd_only || best.type == ModelType::cdd_hdd;
    const bool has_c = best.type == ModelType::cdd_only || best.type == ModelType::cdd_hdd;
    if (has_h) {
      EXPECT_EQ(best.heating_balance_point, want->getValue<double>("heating_balance_point"));
    }
    if (has_c) {
      EXPECT_EQ(best.cooling_balance_point, want->getValue<double>("cooling_balance_point"));
    }
    EXPECT_EQ(model->candidates_qualified, want->getValue<int>("candidates_qualified"));
    constexpr double tol = 1e-8;
    expect_rel(best.intercept, want->getValue<double>("intercept"), tol, "intercept");
    if (has_h) expect_rel(best.beta_hdd, want->getValue<double>("beta_hdd"), tol, "beta_hdd");
    if (has_c) expect_rel(best.beta_cdd, want->getValue<double>("beta_cdd"), tol, "beta_cdd");
    expect_rel(best.r_squared_adj, want->getValue<double>("r_squared_adj"), tol, "r_squared_adj");
    expect_rel(model->baseline_total, want->getValue<double>("baseline_total"), tol, "baseline_total");
    expect_rel(saved.reporting_observed_total, want->getValue<double>("reporting_observed_total"), tol,
               "observed");
    expect_rel(saved.counterfactual_total, want->getValue<double>("counterfactual_total"), tol,
               "counterfactual");
    expect_rel(saved.metered_savings, want->getValue<double>("metered_savings"), tol, "savings");
    ASSERT_TRUE(saved.ols_error_band && saved.fsu_error_band);
    expect_rel(*saved.ols_error_band, want->getValue<double>("ols_error_band"), tol, "ols band");
    expect_rel(*saved.fsu_error_band, want->getValue<double>("fsu_error_band"), tol, "fsu band");

    std::map<std::string, int> counts;
    for (const auto& [period, rows] : {std::pair{"baseline", &*base}, std::pair{"reporting", &*rep}}) {
      for (const DesignRow& r : *rows) {
        if (r.excluded != Exclusion::none)
          ++counts[std::string(period) + "." + std::string(to_string(r.excluded))];
      }
    }
    const Poco::JSON::Object::Ptr want_counts = want->getObject("excluded_counts");
    EXPECT_EQ(counts.size(), want_counts->size());
    for (const auto& [key, n] : counts)
      EXPECT_EQ(n, want_counts->optValue<int>(key, -1)) << key;

    // The truth the use was generated from.
    const Poco::JSON::Object::Ptr truth = want->getObject("true");
    const double step = native ? 0.5 : 1.0;
    expect_rel(best.intercept, truth->getValue<double>("intercept"), 0.10, "true intercept");
    ASSERT_TRUE(has_h);
    EXPECT_LE(std::fabs(best.heating_balance_point - truth->getValue<double>("hbp")), step);
    expect_rel(best.beta_hdd, truth->getValue<double>("beta_hdd"), 0.05, "true beta_hdd");
    if (truth->has("cbp")) {
      ASSERT_TRUE(has_c);
      EXPECT_LE(std::fabs(best.cooling_balance_point - truth->getValue<double>("cbp")), step);
      expect_rel(best.beta_cdd, truth->getValue<double>("beta_cdd"), 0.05, "true beta_cdd");
    }
  }
}

}  // namespace
}  // namespace renofee::savings
