// Energy bill benchmarks (core/tariffs/energy_bill.hpp): one yearly bill with every line, as a quote computes
// it (before and after, per tariff year). Run: build/bench/renofee_bench --benchmark_filter=EnergyBill
#include <benchmark/benchmark.h>

#include <filesystem>

#include "renofee/adapters/io/tariff_file.hpp"
#include "renofee/core/tariffs/energy_bill.hpp"

namespace {

using namespace renofee;

tariffs::EnergyUse use(const char* import, const char* exported, const char* gas) {
  return tariffs::EnergyUse{Kwh(Decimal::parse(import).value()), Kwh(Decimal::parse(exported).value()),
                            CubicMetres(Decimal::parse(gas).value()), std::nullopt,
                            tariffs::GasConnection::when_used};
}

const tariffs::TariffYear& tariff_2026() {
  static const tariffs::TariffYear t =
      io::load_tariff(std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs", "nl-2026").value();
  return t;
}

// nom-tussenwoning before: 3100 kWh, 1450 m3 gas, nl-2026 with netting (9 lines).
void BM_EnergyBillYearGasHome(benchmark::State& state) {
  const tariffs::EnergyUse u = use("3100", "0", "1450");
  for (auto _ : state)
    benchmark::DoNotOptimize(tariffs::compute_energy_bill(u, tariff_2026()));
}
BENCHMARK(BM_EnergyBillYearGasHome);

// nom-tussenwoning after without netting (feed-in lines), and a pro-rated half year.
void BM_EnergyBillNoNettingHalfYear(benchmark::State& state) {
  const tariffs::EnergyUse u = use("2150", "1950", "0");
  const tariffs::BillOptions options{
      tariffs::NettingChoice::no_netting,
      calendar::Period{calendar::make_date(2026, 1, 1), calendar::make_date(2026, 7, 2)}};
  for (auto _ : state)
    benchmark::DoNotOptimize(tariffs::compute_energy_bill(u, tariff_2026(), options));
}
BENCHMARK(BM_EnergyBillNoNettingHalfYear);

// Parsing one tariff file (what a service does once per tariff load).
void BM_TariffFileParse(benchmark::State& state) {
  const std::filesystem::path file = std::filesystem::path(RENOFEE_SOURCE_DIR) / "tariffs" / "nl-2026.json";
  for (auto _ : state)
    benchmark::DoNotOptimize(io::load_tariff_file(file));
}
BENCHMARK(BM_TariffFileParse);

}  // namespace
