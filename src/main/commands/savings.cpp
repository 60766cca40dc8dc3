// `renofee savings caltrack --meter FILE.csv (--temperature FILE.csv | --knmi FILE) --baseline-end DATE
//  --reporting-start DATE [--reporting-end DATE] [--baseline-start DATE] [--form daily|billing]
//  [--units F|C] [--fit-cdd true|false] --format json`: measured savings by CalTRACK 2.0
// (core/savings/caltrack.hpp, docs/savings.md) from eemeter's CSV files (adapters/io/eemeter_csv.hpp); in
// native mode `--knmi FILE` (a KNMI daily file, TG per UT day) may replace --temperature. Periods are
// half-open: the baseline is [baseline-start, baseline-end), by default the 365 days before baseline-end; the
// reporting period [reporting-start, reporting-end), by default 365 days. --units F is conformance mode
// (eemeter 3.2.0 settings, temperatures in °F); --units C is native mode (°C grid, p-value rule, cooling only
// with --fit-cdd true). Prints the model, the totals, both error bands, the data sufficiency and every row
// left out with its reason. Exit 0 with a model, 1 for refused input or no model, 2 for usage errors.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>

#include "../cli.hpp"
#include "renofee/adapters/io/eemeter_csv.hpp"
#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/json_text.hpp"
#include "renofee/adapters/io/knmi_daily.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/savings/caltrack.hpp"

namespace renofee::cli {
namespace {

constexpr const char* usage =
    "usage: renofee savings caltrack --meter FILE.csv (--temperature FILE.csv | --knmi etmgeg_NNN.txt)\n"
    "         --baseline-end YYYY-MM-DD\n"
    "         --reporting-start YYYY-MM-DD [--reporting-end YYYY-MM-DD] [--baseline-start YYYY-MM-DD]\n"
    "         [--form daily|billing] [--units F|C] [--fit-cdd true|false] --format json\n";

// Shortest round-trip text of a double (17 significant digits), or null.
std::string number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
std::string number(const std::optional<double>& v) {
  return v ? number(*v) : "null";
}

std::string quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::string day_text(savings::Instant t) {
  return calendar::to_string(calendar::Date{std::chrono::floor<date::days>(t)});
}

int fail(Streams& io, const std::string& message) {
  io.err << "renofee savings caltrack: " << message << '\n';
  return 1;
}

int usage_error(Streams& io, const std::string& message) {
  io.err << "renofee savings caltrack: " << message << '\n' << usage;
  return 2;
}

int savings_command(const std::vector<std::string>& args, Streams& io) {
  const std::vector<std::string> words =
      positional(args, {"--meter", "--temperature", "--knmi", "--baseline-end", "--reporting-start",
                        "--reporting-end", "--baseline-start", "--form", "--units", "--fit-cdd", "--format"});
  if (words != std::vector<std::string>{"caltrack"})
    return usage_error(io, "expected the subcommand 'caltrack'");
  const std::string meter_path = flag_value(args, "--meter");
  const std::string temperature_path = flag_value(args, "--temperature");
  const std::string knmi_path = flag_value(args, "--knmi");
  if (meter_path.empty() || temperature_path.empty() == knmi_path.empty()) {
    return usage_error(io, "--meter and one of --temperature or --knmi are required (not both)");
  }
  const std::string format = flag_value(args, "--format", "json");
  if (format != "json") return usage_error(io, "--format: only 'json' is supported, got '" + format + "'");
  const std::string form_text = flag_value(args, "--form", "daily");
  if (form_text != "daily" && form_text != "billing") {
    return usage_error(io, "--form: expected daily or billing, got '" + form_text + "'");
  }
  const std::string units = flag_value(args, "--units", "F");
  if (units != "F" && units != "C") return usage_error(io, "--units: expected F or C, got '" + units + "'");
  const bool native = units == "C";
  if (!knmi_path.empty() && !native) return usage_error(io, "--knmi gives °C: it needs --units C");
  const std::string fit_cdd_text = flag_value(args, "--fit-cdd", native ? "false" : "true");
  if (fit_cdd_text != "true" && fit_cdd_text != "false") {
    return usage_error(io, "--fit-cdd: expected true or false, got '" + fit_cdd_text + "'");
  }
  auto date_flag = [&](std::string_view flag,
                       bool required) -> std::optional<std::optional<savings::Instant>> {
    const std::string text = flag_value(args, flag);
    if (text.empty()) {
      if (required) return std::nullopt;
      return std::optional<savings::Instant>{};
    }
    Result<calendar::Date> d = calendar::parse_date(text);
    if (!d || text.size() != 10) return std::nullopt;
    return std::optional<savings::Instant>{savings::Instant{date::sys_days{*d}}};
  };
  const auto baseline_end = date_flag("--baseline-end", true);
  const auto reporting_start = date_flag("--reporting-start", true);
  const auto reporting_end = date_flag("--reporting-end", false);
  const auto baseline_start = date_flag("--baseline-start", false);
  if (!baseline_end) return usage_error(io, "--baseline-end: expected a date YYYY-MM-DD");
  if (!reporting_start) return usage_error(io, "--reporting-start: expected a date YYYY-MM-DD");
  if (!reporting_end) return usage_error(io, "--reporting-end: expected a date YYYY-MM-DD");
  if (!baseline_start) return usage_error(io, "--baseline-start: expected a date YYYY-MM-DD");
  constexpr auto year = std::chrono::hours(365 * 24);
  const savings::Instant b1 = **baseline_end;
  const savings::Instant b0 = baseline_start->value_or(b1 - year);
  const savings::Instant r0 = **reporting_start;
  const savings::Instant r1 = reporting_end->value_or(r0 + year);
  if (!(b0 < b1)) return usage_error(io, "--baseline-start must be before --baseline-end");
  if (!(r0 < r1)) return usage_error(io, "--reporting-end must be after --reporting-start");
  if (r0 < b1) return usage_error(io, "--reporting-start must not be before --baseline-end");

  std::ifstream meter_file(meter_path, std::ios::binary);
  if (!meter_file) return fail(io, "cannot open --meter file '" + meter_path + "'");
  Result<std::vector<savings::MeterRow>> meter = io::read_eemeter_meter_csv(meter_file, meter_path);
  if (!meter) return fail(io, describe(meter.error()));
  Result<savings::HourlyTemperatures> temps = savings::HourlyTemperatures{};
  if (!knmi_path.empty()) {
    std::ifstream knmi_file(knmi_path, std::ios::binary);
    if (!knmi_file) return fail(io, "cannot open --knmi file '" + knmi_path + "'");
    Result<std::vector<weather::WeatherDay>> days = io::read_knmi_daily(knmi_file);
    if (!days) return fail(io, describe(days.error().at(knmi_path + " ")));
    temps = io::temperatures_from_knmi_days(*days);
  } else {
    std::ifstream temperature_file(temperature_path, std::ios::binary);
    if (!temperature_file) return fail(io, "cannot open --temperature file '" + temperature_path + "'");
    temps = io::read_eemeter_temperature_csv(temperature_file, temperature_path);
    if (!temps) return fail(io, describe(temps.error()));
  }

  const savings::Form form = form_text == "daily" ? savings::Form::daily : savings::Form::billing;
  const bool fit_cdd = fit_cdd_text == "true";
  const savings::Settings settings =
      native ? savings::native_settings(form, fit_cdd) : savings::conformance_settings(form, fit_cdd);
  Result<std::vector<savings::DesignRow>> baseline =
      savings::design_rows(*meter, b0, b1, *temps, settings, true);
  if (!baseline) return fail(io, describe(baseline.error().at(meter_path)));
  Result<std::vector<savings::DesignRow>> reporting =
      savings::design_rows(*meter, r0, r1, *temps, settings, false);
  if (!reporting) return fail(io, describe(reporting.error().at(meter_path)));
  Result<savings::BaselineModel> model = savings::fit(*baseline, settings);
  if (!model)
    return fail(io, describe(model.error()) + " (baseline " + day_text(b0) + " .. " + day_text(b1) + ")");
  const savings::SavingsResult result = savings::metered_savings(*model, *reporting, settings);

  // Rows left out, per period, with their reasons.
  std::string excluded = "[";
  std::map<std::string, int> counts;
  auto list = [&](std::string_view period, const std::vector<savings::DesignRow>& rows) {
    for (const savings::DesignRow& row : rows) {
      if (row.excluded == savings::Exclusion::none) continue;
      const std::string key = std::string(period) + "." + std::string(savings::to_string(row.excluded));
      ++counts[key];
      if (excluded.size() > 1) excluded += ",";
      excluded += "{\"period\":" + quoted(period) + ",\"start\":" + quoted(io::format_utc(row.start)) +
                  ",\"end\":" + quoted(io::format_utc(row.end)) +
                  ",\"reason\":" + quoted(savings::to_string(row.excluded)) + "}";
    }
  };
  list("baseline", *baseline);
  list("reporting", *reporting);
  excluded += "]";
  std::string count_text = "{";
  for (const auto& [key, n] : counts) {
    if (count_text.size() > 1) count_text += ",";
    count_text += quoted(key) + ":" + std::to_string(n);
  }
  count_text += "}";

  auto sufficiency_text = [](const savings::Sufficiency& s) {
    std::string failures = "[";
    for (const std::string& f : s.failures)
      failures += (failures.size() > 1 ? "," : "") + quoted(f);
    failures += "]";
    return "{\"pass\":" + std::string(s.pass ? "true" : "false") +
           ",\"days_total\":" + std::to_string(s.days_total) + ",\"valid_days\":" + number(s.valid_days) +
           ",\"valid_use_days\":" + number(s.valid_use_days) +
           ",\"valid_temperature_days\":" + number(s.valid_temperature_days) +
           ",\"negative_values\":" + std::to_string(s.negative_values) +
           ",\"extreme_values\":" + std::to_string(s.extreme_values) +
           ",\"extreme_limit\":" + number(s.extreme_limit) + ",\"failures\":" + failures + "}";
  };
  const std::string baseline_sufficiency = sufficiency_text(savings::sufficiency(*baseline, b0, b1));
  const std::string reporting_sufficiency = sufficiency_text(savings::sufficiency(*reporting, r0, r1));
  const std::optional<savings::Candidate>& best = model->best;
  const bool has_h =
      best && (best->type == savings::ModelType::hdd_only || best->type == savings::ModelType::cdd_hdd);
  const bool has_c =
      best && (best->type == savings::ModelType::cdd_only || best->type == savings::ModelType::cdd_hdd);
  std::ostream& out = io.out;
  out << "{\"mode\":" << quoted(native ? "native" : "conformance") << ",\"units\":" << quoted(units)
      << ",\"form\":" << quoted(form_text) << ",\"fit_cdd\":" << fit_cdd_text
      << ",\"baseline\":{\"start\":" << quoted(day_text(b0)) << ",\"end\":" << quoted(day_text(b1))
      << ",\"rows\":" << baseline->size() << ",\"rows_used\":" << model->rows_used
      << ",\"sufficiency\":" << baseline_sufficiency << "}"
      << ",\"reporting\":{\"start\":" << quoted(day_text(r0)) << ",\"end\":" << quoted(day_text(r1))
      << ",\"rows\":" << reporting->size() << ",\"rows_used\":" << result.rows_used
      << ",\"sufficiency\":" << reporting_sufficiency << "}"
      << ",\"status\":" << quoted(best ? "SUCCESS" : "NO MODEL")
      << ",\"model_type\":" << (best ? quoted(savings::to_string(best->type)) : "null")
      << ",\"heating_balance_point\":" << (has_h ? number(best->heating_balance_point) : "null")
      << ",\"cooling_balance_point\":" << (has_c ? number(best->cooling_balance_point) : "null")
      << ",\"intercept\":" << (best ? number(best->intercept) : "null")
      << ",\"beta_hdd\":" << (has_h ? number(best->beta_hdd) : "null")
      << ",\"beta_cdd\":" << (has_c ? number(best->beta_cdd) : "null")
      << ",\"r_squared_adj\":" << (best ? number(best->r_squared_adj) : "null")
      << ",\"candidates_attempted\":" << model->candidates_attempted
      << ",\"candidates_qualified\":" << model->candidates_qualified
      << ",\"baseline_total\":" << number(model->baseline_total)
      << ",\"reporting_observed_total\":" << number(result.reporting_observed_total)
      << ",\"counterfactual_total\":" << number(result.counterfactual_total)
      << ",\"metered_savings\":" << number(result.metered_savings)
      << ",\"ols_error_band\":" << number(result.ols_error_band)
      << ",\"fsu_error_band\":" << number(result.fsu_error_band)
      << ",\"confidence_level\":" << number(settings.confidence_level)
      << ",\"t_stat\":" << number(result.t_stat) << ",\"post_obs\":" << number(result.post_obs)
      << ",\"residual_autocorrelation\":" << number(model->metrics.autocorr_resid)
      << ",\"rmse_adj\":" << number(model->metrics.rmse_adj) << ",\"excluded_counts\":" << count_text
      << ",\"excluded\":" << excluded << "}\n";
  return best ? 0 : 1;
}

const CommandRegistration registration{
    "savings", "measured savings by CalTRACK 2.0 daily/billing models (eemeter-conformant)", savings_command};

}  // namespace
}  // namespace renofee::cli
