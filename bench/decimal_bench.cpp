// Micro-benchmarks of the Decimal hot operations (native and wide paths). Run: make bench
#include <benchmark/benchmark.h>

#include "renofee/core/money/decimal.hpp"

namespace {

using renofee::Decimal;
using renofee::Rounding;

void BM_DecimalAddNative(benchmark::State& state) {
  Decimal a = Decimal::parse("34871.23").value();
  const Decimal b = Decimal::parse("0.001").value();
  for (auto _ : state) {
    a = a + b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_DecimalAddNative);

void BM_DecimalMultiplyRoundNative(benchmark::State& state) {
  const Decimal balance = Decimal::parse("34871.23").value();
  const Decimal rate = Decimal::parse("0.00325").value();
  for (auto _ : state)
    benchmark::DoNotOptimize(Decimal::multiply(balance, rate, 2, Rounding::half_up));
}
BENCHMARK(BM_DecimalMultiplyRoundNative);

void BM_DecimalMultiplyRoundWide(benchmark::State& state) {
  const Decimal balance = Decimal::parse("34871.23").value();
  const Decimal rate = Decimal::parse("0.003550934041397094283025113498152").value();
  for (auto _ : state)
    benchmark::DoNotOptimize(Decimal::multiply(balance, rate, 2, Rounding::half_up));
}
BENCHMARK(BM_DecimalMultiplyRoundWide);

void BM_DecimalDivide(benchmark::State& state) {
  const Decimal a = Decimal::parse("113.34").value();
  for (auto _ : state)
    benchmark::DoNotOptimize(Decimal::divide(a, 12, 2, Rounding::half_up));
}
BENCHMARK(BM_DecimalDivide);

void BM_DecimalParse(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(Decimal::parse("-12345.6789"));
}
BENCHMARK(BM_DecimalParse);

}  // namespace

BENCHMARK_MAIN();
