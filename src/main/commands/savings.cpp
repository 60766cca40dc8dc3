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
#include <variant>

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
std::string number(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return buf;
}
std::string number(const std::optional<double>& value) {
  return value ? number(*value) : "null";
}

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string day_text(savings::Instant instant) {
  return calendar::to_string(calendar::Date{std::chrono::floor<date::days>(instant)});
}

int fail(Streams& io, const std::string& message) {
  io.err << "renofee savings caltrack: " << message << '\n';
  return 1;
}

int usage_error(Streams& io, const std::string& message) {
  io.err << "renofee savings caltrack: " << message << '\n' << usage;
  return 2;
}

// The command's flags, checked; periods are half-open [start, end).
struct Options {
  std::string meter_path;
  std::string temperature_path;  // empty when --knmi is given
  std::string knmi_path;         // empty when --temperature is given
  std::string form_text;         // "daily" or "billing"
  std::string units;             // "F" (conformance mode) or "C" (native mode)
  std::string fit_cdd_text;      // "true" or "false"
  bool native = false;           // units == "C"
  savings::Instant baseline_start;
  savings::Instant baseline_end;
  savings::Instant reporting_start;
  savings::Instant reporting_end;
};

// The value of a date flag (YYYY-MM-DD, as the instant of its UTC midnight): nullopt when it is malformed or
// required and absent; an empty inner optional when it is optional and absent.
std::optional<std::optional<savings::Instant>> date_flag(const std::vector<std::string>& args,
                                                         std::string_view flag, bool required) {
  const std::string text = flag_value(args, flag);
  if (text.empty()) {
    if (required) return std::nullopt;
    return std::optional<savings::Instant>{};
  }
  Result<calendar::Date> day = calendar::parse_date(text);
  if (!day || text.size() != 10) return std::nullopt;
  return std::optional<savings::Instant>{savings::Instant{date::sys_days{*day}}};
}

// The files, form, units and fit flag, or the usage error to print (exit 2).
std::variant<Options, std::string> read_file_flags(const std::vector<std::string>& args) {
  const std::vector<std::string> words =
      positional(args, {"--meter", "--temperature", "--knmi", "--baseline-end", "--reporting-start",
                        "--reporting-end", "--baseline-start", "--form", "--units", "--fit-cdd", "--format"});
  if (words != std::vector<std::string>{"caltrack"}) return std::string("expected the subcommand 'caltrack'");
  Options options;
  options.meter_path = flag_value(args, "--meter");
  options.temperature_path = flag_value(args, "--temperature");
  options.knmi_path = flag_value(args, "--knmi");
  if (options.meter_path.empty() || options.temperature_path.empty() == options.knmi_path.empty()) {
    return std::string("--meter and one of --temperature or --knmi are required (not both)");
  }
  const std::string format = flag_value(args, "--format", "json");
  if (format != "json") return "--format: only 'json' is supported, got '" + format + "'";
  options.form_text = flag_value(args, "--form", "daily");
  if (options.form_text != "daily" && options.form_text != "billing") {
    return "--form: expected daily or billing, got '" + options.form_text + "'";
  }
  options.units = flag_value(args, "--units", "F");
  if (options.units != "F" && options.units != "C") {
    return "--units: expected F or C, got '" + options.units + "'";
  }
  options.native = options.units == "C";
  if (!options.knmi_path.empty() && !options.native)
    return std::string("--knmi gives °C: it needs --units C");
  options.fit_cdd_text = flag_value(args, "--fit-cdd", options.native ? "false" : "true");
  if (options.fit_cdd_text != "true" && options.fit_cdd_text != "false") {
    return "--fit-cdd: expected true or false, got '" + options.fit_cdd_text + "'";
  }
  return options;
}

// Every flag, or the usage error to print (exit 2). The baseline is by default the 365 days before its end,
// the reporting period by default 365 days.
std::variant<Options, std::string> read_options(const std::vector<std::string>& args) {
  std::variant<Options, std::string> parsed = read_file_flags(args);
  if (std::holds_alternative<std::string>(parsed)) return parsed;
  Options& options = std::get<Options>(parsed);
  const auto baseline_end = date_flag(args, "--baseline-end", true);
  const auto reporting_start = date_flag(args, "--reporting-start", true);
  const auto reporting_end = date_flag(args, "--reporting-end", false);
  const auto baseline_start = date_flag(args, "--baseline-start", false);
  if (!baseline_end) return std::string("--baseline-end: expected a date YYYY-MM-DD");
  if (!reporting_start) return std::string("--reporting-start: expected a date YYYY-MM-DD");
  if (!reporting_end) return std::string("--reporting-end: expected a date YYYY-MM-DD");
  if (!baseline_start) return std::string("--baseline-start: expected a date YYYY-MM-DD");
  constexpr auto year = std::chrono::hours(365 * 24);
  options.baseline_end = **baseline_end;
  options.baseline_start = baseline_start->value_or(options.baseline_end - year);
  options.reporting_start = **reporting_start;
  options.reporting_end = reporting_end->value_or(options.reporting_start + year);
  if (!(options.baseline_start < options.baseline_end)) {
    return std::string("--baseline-start must be before --baseline-end");
  }
  if (!(options.reporting_start < options.reporting_end)) {
    return std::string("--reporting-end must be after --reporting-start");
  }
  if (options.reporting_start < options.baseline_end) {
    return std::string("--reporting-start must not be before --baseline-end");
  }
  return parsed;
}

// The meter rows and the hourly temperatures the flags name.
struct Inputs {
  std::vector<savings::MeterRow> meter;
  savings::HourlyTemperatures temperatures;
};

// Reads the meter file and the temperature or KNMI file, or gives the message for a refused input (exit 1).
std::variant<Inputs, std::string> read_inputs(const Options& options) {
  std::ifstream meter_file(options.meter_path, std::ios::binary);
  if (!meter_file) return "cannot open --meter file '" + options.meter_path + "'";
  Result<std::vector<savings::MeterRow>> meter = io::read_eemeter_meter_csv(meter_file, options.meter_path);
  if (!meter) return describe(meter.error());
  Result<savings::HourlyTemperatures> temperatures = savings::HourlyTemperatures{};
  if (!options.knmi_path.empty()) {
    std::ifstream knmi_file(options.knmi_path, std::ios::binary);
    if (!knmi_file) return "cannot open --knmi file '" + options.knmi_path + "'";
    Result<std::vector<weather::WeatherDay>> days = io::read_knmi_daily(knmi_file);
    if (!days) return describe(days.error().at(options.knmi_path + " "));
    temperatures = io::temperatures_from_knmi_days(*days);
  } else {
    std::ifstream temperature_file(options.temperature_path, std::ios::binary);
    if (!temperature_file) return "cannot open --temperature file '" + options.temperature_path + "'";
    temperatures = io::read_eemeter_temperature_csv(temperature_file, options.temperature_path);
    if (!temperatures) return describe(temperatures.error());
  }
  return Inputs{std::move(meter).value(), std::move(temperatures).value()};
}

// The rows left out of both periods, each with its period and reason, as a JSON array.
std::string excluded_rows_json(const std::vector<savings::DesignRow>& baseline,
                               const std::vector<savings::DesignRow>& reporting) {
  std::string excluded = "[";
  auto list = [&](std::string_view period, const std::vector<savings::DesignRow>& rows) {
    for (const savings::DesignRow& row : rows) {
      if (row.excluded == savings::Exclusion::none) continue;
      if (excluded.size() > 1) excluded += ",";
      excluded += "{\"period\":" + in_quotes(period) + ",\"start\":" + in_quotes(io::format_utc(row.start)) +
                  ",\"end\":" + in_quotes(io::format_utc(row.end)) +
                  ",\"reason\":" + in_quotes(savings::to_string(row.excluded)) + "}";
    }
  };
  list("baseline", baseline);
  list("reporting", reporting);
  return excluded + "]";
}

// How many rows each period left out per reason, as a JSON object keyed "period.reason" in key order.
std::string excluded_counts_json(const std::vector<savings::DesignRow>& baseline,
                                 const std::vector<savings::DesignRow>& reporting) {
  std::map<std::string, int> counts;
  auto count = [&](std::string_view period, const std::vector<savings::DesignRow>& rows) {
    for (const savings::DesignRow& row : rows) {
      if (row.excluded == savings::Exclusion::none) continue;
      ++counts[std::string(period) + "." + std::string(savings::to_string(row.excluded))];
    }
  };
  count("baseline", baseline);
  count("reporting", reporting);
  std::string count_text = "{";
  for (const auto& [key, rows] : counts) {
    if (count_text.size() > 1) count_text += ",";
    count_text += in_quotes(key) + ":" + std::to_string(rows);
  }
  return count_text + "}";
}

std::string sufficiency_json(const savings::Sufficiency& sufficiency) {
  std::string failures = "[";
  for (const std::string& failure : sufficiency.failures)
    failures += (failures.size() > 1 ? "," : "") + in_quotes(failure);
  failures += "]";
  return "{\"pass\":" + std::string(sufficiency.pass ? "true" : "false") +
         ",\"days_total\":" + std::to_string(sufficiency.days_total) +
         ",\"valid_days\":" + number(sufficiency.valid_days) +
         ",\"valid_use_days\":" + number(sufficiency.valid_use_days) +
         ",\"valid_temperature_days\":" + number(sufficiency.valid_temperature_days) +
         ",\"negative_values\":" + std::to_string(sufficiency.negative_values) +
         ",\"extreme_values\":" + std::to_string(sufficiency.extreme_values) +
         ",\"extreme_limit\":" + number(sufficiency.extreme_limit) + ",\"failures\":" + failures + "}";
}

// The fitted model and both periods' rows, sufficiency and savings.
struct Analysis {
  savings::Settings settings;
  std::vector<savings::DesignRow> baseline;
  std::vector<savings::DesignRow> reporting;
  savings::BaselineModel model;
  savings::SavingsResult result;
};

// Prints the result document: one line of JSON.
void write_json(std::ostream& out, const Options& options, const Analysis& analysis) {
  const savings::BaselineModel& model = analysis.model;
  const savings::SavingsResult& result = analysis.result;
  const std::optional<savings::Candidate>& best = model.best;
  const bool has_hdd =
      best && (best->type == savings::ModelType::hdd_only || best->type == savings::ModelType::cdd_hdd);
  const bool has_cdd =
      best && (best->type == savings::ModelType::cdd_only || best->type == savings::ModelType::cdd_hdd);
  const std::string baseline_sufficiency =
      sufficiency_json(savings::sufficiency(analysis.baseline, options.baseline_start, options.baseline_end));
  const std::string reporting_sufficiency = sufficiency_json(
      savings::sufficiency(analysis.reporting, options.reporting_start, options.reporting_end));
  out << "{\"mode\":" << in_quotes(options.native ? "native" : "conformance")
      << ",\"units\":" << in_quotes(options.units) << ",\"form\":" << in_quotes(options.form_text)
      << ",\"fit_cdd\":" << options.fit_cdd_text
      << ",\"baseline\":{\"start\":" << in_quotes(day_text(options.baseline_start))
      << ",\"end\":" << in_quotes(day_text(options.baseline_end)) << ",\"rows\":" << analysis.baseline.size()
      << ",\"rows_used\":" << model.rows_used << ",\"sufficiency\":" << baseline_sufficiency << "}"
      << ",\"reporting\":{\"start\":" << in_quotes(day_text(options.reporting_start))
      << ",\"end\":" << in_quotes(day_text(options.reporting_end))
      << ",\"rows\":" << analysis.reporting.size() << ",\"rows_used\":" << result.rows_used
      << ",\"sufficiency\":" << reporting_sufficiency << "}"
      << ",\"status\":" << in_quotes(best ? "SUCCESS" : "NO MODEL")
      << ",\"model_type\":" << (best ? in_quotes(savings::to_string(best->type)) : "null")
      << ",\"heating_balance_point\":" << (has_hdd ? number(best->heating_balance_point) : "null")
      << ",\"cooling_balance_point\":" << (has_cdd ? number(best->cooling_balance_point) : "null")
      << ",\"intercept\":" << (best ? number(best->intercept) : "null")
      << ",\"beta_hdd\":" << (has_hdd ? number(best->beta_hdd) : "null")
      << ",\"beta_cdd\":" << (has_cdd ? number(best->beta_cdd) : "null")
      << ",\"r_squared_adj\":" << (best ? number(best->r_squared_adj) : "null")
      << ",\"candidates_attempted\":" << model.candidates_attempted
      << ",\"candidates_qualified\":" << model.candidates_qualified
      << ",\"baseline_total\":" << number(model.baseline_total)
      << ",\"reporting_observed_total\":" << number(result.reporting_observed_total)
      << ",\"counterfactual_total\":" << number(result.counterfactual_total)
      << ",\"metered_savings\":" << number(result.metered_savings)
      << ",\"ols_error_band\":" << number(result.ols_error_band)
      << ",\"fsu_error_band\":" << number(result.fsu_error_band)
      << ",\"confidence_level\":" << number(analysis.settings.confidence_level)
      << ",\"t_stat\":" << number(result.t_stat) << ",\"post_obs\":" << number(result.post_obs)
      << ",\"residual_autocorrelation\":" << number(model.metrics.autocorr_resid)
      << ",\"rmse_adj\":" << number(model.metrics.rmse_adj)
      << ",\"excluded_counts\":" << excluded_counts_json(analysis.baseline, analysis.reporting)
      << ",\"excluded\":" << excluded_rows_json(analysis.baseline, analysis.reporting) << "}\n";
}

// Builds both periods' design rows, fits the baseline model and computes the savings, or gives the message
// for a refusal (exit 1).
std::variant<Analysis, std::string> analyse(const Options& options, const Inputs& inputs) {
  const savings::Form form = options.form_text == "daily" ? savings::Form::daily : savings::Form::billing;
  const bool fit_cdd = options.fit_cdd_text == "true";
  const savings::Settings settings =
      options.native ? savings::native_settings(form, fit_cdd) : savings::conformance_settings(form, fit_cdd);
  Result<std::vector<savings::DesignRow>> baseline = savings::design_rows(
      inputs.meter, options.baseline_start, options.baseline_end, inputs.temperatures, settings, true);
  if (!baseline) return describe(baseline.error().at(options.meter_path));
  Result<std::vector<savings::DesignRow>> reporting = savings::design_rows(
      inputs.meter, options.reporting_start, options.reporting_end, inputs.temperatures, settings, false);
  if (!reporting) return describe(reporting.error().at(options.meter_path));
  Result<savings::BaselineModel> model = savings::fit(*baseline, settings);
  if (!model) {
    return describe(model.error()) + " (baseline " + day_text(options.baseline_start) + " .. " +
           day_text(options.baseline_end) + ")";
  }
  savings::SavingsResult result = savings::metered_savings(*model, *reporting, settings);
  return Analysis{settings, std::move(baseline).value(), std::move(reporting).value(),
                  std::move(model).value(), std::move(result)};
}

int savings_command(const std::vector<std::string>& args, Streams& io) {
  const std::variant<Options, std::string> options = read_options(args);
  if (const auto* problem = std::get_if<std::string>(&options)) return usage_error(io, *problem);
  const std::variant<Inputs, std::string> inputs = read_inputs(std::get<Options>(options));
  if (const auto* problem = std::get_if<std::string>(&inputs)) return fail(io, *problem);
  const std::variant<Analysis, std::string> analysis =
      analyse(std::get<Options>(options), std::get<Inputs>(inputs));
  if (const auto* problem = std::get_if<std::string>(&analysis)) return fail(io, *problem);
  write_json(io.out, std::get<Options>(options), std::get<Analysis>(analysis));
  return std::get<Analysis>(analysis).model.best ? 0 : 1;
}

const CommandRegistration registration{
    "savings", "measured savings by CalTRACK 2.0 daily/billing models (eemeter-conformant)", savings_command};

}  // namespace
}  // namespace renofee::cli
