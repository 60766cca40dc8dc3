// Micro-benchmarks of the meter-reading parsers (src/adapters/io): rows per second from an in-memory input,
// so disk speed does not count. Run: build/bench/renofee_parse_bench (figures in docs/performance.md).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "renofee/adapters/io/iso_timestamp.hpp"
#include "renofee/adapters/io/reading_source.hpp"
#include "renofee/adapters/io/reading_validation.hpp"

namespace {

using namespace renofee;

constexpr long long rows = 100'000;

// Row i: one meter, import_t1 every minute from 2026-01-01, value i * 0.125 kWh. `local`: Amsterdam local
// time without offset (tz lookup per row) instead of UTC with Z.
std::string make_csv(bool local) {
  std::string text = "meter_id,channel,timestamp,value\n";
  const calendar::Instant start = date::sys_days{date::year{2026} / 1 / 1};
  char line[128];
  for (long long i = 0; i < rows; ++i) {
    const calendar::Instant at = start + std::chrono::minutes(i);
    const std::string stamp =
        local ? date::format("%FT%T", calendar::instant_to_local(at)) : io::format_utc(at);
    const long long milli = i * 125;
    std::snprintf(line, sizeof line, "E0031003262764316,import_t1,%s,%lld.%03lld\n", stamp.c_str(),
                  milli / 1000, milli % 1000);
    text += line;
  }
  return text;
}

std::string make_ndjson() {
  std::string text;
  const calendar::Instant start = date::sys_days{date::year{2026} / 1 / 1};
  char line[256];
  for (long long i = 0; i < rows; ++i) {
    const long long milli = i * 125;
    std::snprintf(line, sizeof line,
                  "{\"meter_id\":\"E0031003262764316\",\"channel\":\"import_t1\",\"timestamp\":\"%s\","
                  "\"value\":\"%lld.%03lld\"}\n",
                  io::format_utc(start + std::chrono::minutes(i)).c_str(), milli / 1000, milli % 1000);
    text += line;
  }
  return text;
}

void run(benchmark::State& state, const std::string& input, io::ReadingFormat format, bool validate) {
  long long total = 0;
  for (auto _ : state) {
    std::istringstream in(input);
    const std::unique_ptr<io::ReadingFeed> parser = io::open_readings(format, in);
    io::ValidatingSource validating(*parser);
    io::ReadingFeed& source = validate ? static_cast<io::ReadingFeed&>(validating) : *parser;
    for (;;) {
      Result<std::optional<io::SourcedReading>> next = source.next();
      if (!next.ok()) {
        state.SkipWithError(describe(next.error()).c_str());
        return;
      }
      if (!next->has_value()) break;
      benchmark::DoNotOptimize(**next);
      ++total;
    }
  }
  state.SetItemsProcessed(total);
  state.SetBytesProcessed(static_cast<std::int64_t>(input.size()) * state.iterations());
}

void BM_CsvParseUtc(benchmark::State& state) {
  static const std::string input = make_csv(false);
  run(state, input, io::ReadingFormat::csv, false);
}
BENCHMARK(BM_CsvParseUtc)->Unit(benchmark::kMillisecond);

void BM_CsvParseAndValidateUtc(benchmark::State& state) {
  static const std::string input = make_csv(false);
  run(state, input, io::ReadingFormat::csv, true);
}
BENCHMARK(BM_CsvParseAndValidateUtc)->Unit(benchmark::kMillisecond);

void BM_CsvParseAndValidateLocalTime(benchmark::State& state) {
  static const std::string input = make_csv(true);
  run(state, input, io::ReadingFormat::csv, true);
}
BENCHMARK(BM_CsvParseAndValidateLocalTime)->Unit(benchmark::kMillisecond);

void BM_NdjsonParseAndValidate(benchmark::State& state) {
  static const std::string input = make_ndjson();
  run(state, input, io::ReadingFormat::json, true);
}
BENCHMARK(BM_NdjsonParseAndValidate)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
