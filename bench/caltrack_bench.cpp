// CalTRACK daily and billing fits (docs/performance.md, "CalTRACK savings").
// Run: build/bench/renofee_caltrack_bench. The series are the generated cases of tests/data/caltrack
// (scripts/gen_caltrack_reference.py), the same files scripts/time_eemeter.py times eemeter 3.2.0 on.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "renofee/adapters/io/eemeter_csv.hpp"
#include "renofee/core/calendar/calendar.hpp"
#include "renofee/core/savings/caltrack.hpp"

namespace {

using namespace renofee;
using std::chrono::days;

struct Series {
  std::vector<savings::MeterRow> meter;
  savings::HourlyTemperatures temps;
};

Series load(const std::string& case_name) {
  const std::string dir = std::string(RENOFEE_SOURCE_DIR) + "/tests/data/caltrack/";
  std::ifstream meter(dir + case_name + ".meter.csv");
  std::ifstream temps(dir + "weather-F.temperature.csv");
  return {io::read_eemeter_meter_csv(meter, case_name).value(),
          io::read_eemeter_temperature_csv(temps, "weather-F").value()};
}

const savings::Instant baseline_end{date::sys_days{date::year{2016} / 1 / 20}};

// The fit alone on the 365 design rows: 1 + 61 + 61 + 1891 candidates (cdd_hdd wins).
void BM_CaltrackDailyFit(benchmark::State& state) {
  const Series s = load("elec-cdd-hdd-daily-F");
  const savings::Settings settings = savings::conformance_settings(savings::Form::daily, true);
  const std::vector<savings::DesignRow> rows =
      savings::design_rows(s.meter, baseline_end - days(365), baseline_end, s.temps, settings, true).value();
  for (auto _ : state)
    benchmark::DoNotOptimize(savings::fit(rows, settings).value());
}
BENCHMARK(BM_CaltrackDailyFit)->Unit(benchmark::kMicrosecond);

// Design rows from the hourly grid, then the fit: what eemeter's
// create_caltrack_{daily,billing}_design_matrix + fit_caltrack_usage_per_day_model do.
void design_and_fit(benchmark::State& state, const char* case_name, savings::Form form) {
  const Series s = load(case_name);
  const savings::Settings settings = savings::conformance_settings(form, true);
  for (auto _ : state) {
    const std::vector<savings::DesignRow> rows =
        savings::design_rows(s.meter, baseline_end - days(365), baseline_end, s.temps, settings, true)
            .value();
    benchmark::DoNotOptimize(savings::fit(rows, settings).value());
  }
}

void BM_CaltrackDailyDesignAndFit(benchmark::State& state) {
  design_and_fit(state, "elec-cdd-hdd-daily-F", savings::Form::daily);
}
BENCHMARK(BM_CaltrackDailyDesignAndFit)->Unit(benchmark::kMicrosecond);

// Monthly billing: about 12 periods, cross-products over multi-day rows for every (hbp, cbp) pair.
void BM_CaltrackBillingDesignAndFit(benchmark::State& state) {
  design_and_fit(state, "gas-hdd-billing-F", savings::Form::billing);
}
BENCHMARK(BM_CaltrackBillingDesignAndFit)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
