// Benchmarks of the fee schedule: one 360-month annuity schedule with every row rounded to cents,
// on the nominal and the effective basis, the same with an indexed service fee and an EPV cap, the
// monthly-rate and annuity steps alone, and the APR of a 360-month schedule.
// Run: scripts/bench_schedule.sh (also times the python3 decimal reference), or
//      build/bench/renofee_bench --benchmark_filter=Schedule
#include <benchmark/benchmark.h>

#include "renofee/core/finance/apr.hpp"
#include "renofee/core/finance/schedule.hpp"

namespace {

using namespace renofee;
using namespace renofee::finance;

ScheduleInput offer(RateBasis basis) {
  ScheduleInput input;
  input.financing.principal = Money(Decimal::parse("35000.00").value());
  input.financing.annual_rate = Decimal::parse("0.039").value();
  input.financing.rate_basis = basis;
  input.financing.term_months = 360;
  input.financing.method = Method::annuity;
  input.financing.rounding = Rounding::half_up;
  input.start = calendar::make_date(2026, 3, 1);
  return input;
}

void BM_Schedule360Nominal(benchmark::State& state) {
  const ScheduleInput input = offer(RateBasis::nominal);
  for (auto _ : state)
    benchmark::DoNotOptimize(build_schedule(input));
}
BENCHMARK(BM_Schedule360Nominal);

void BM_Schedule360Effective(benchmark::State& state) {
  const ScheduleInput input = offer(RateBasis::effective);
  for (auto _ : state)
    benchmark::DoNotOptimize(build_schedule(input));
}
BENCHMARK(BM_Schedule360Effective);

void BM_Schedule360IndexedCapped(benchmark::State& state) {
  ScheduleInput input = offer(RateBasis::nominal);
  input.service_fee.monthly = Money(Decimal::parse("19.50").value());
  input.service_fee.indexation.kind = IndexationKind::fixed;
  input.service_fee.indexation.annual_rate = Decimal::parse("0.02").value();
  input.monthly_cap = Money(Decimal::parse("185.00").value());
  for (auto _ : state)
    benchmark::DoNotOptimize(build_schedule(input));
}
BENCHMARK(BM_Schedule360IndexedCapped);

void BM_MonthlyRateEffective(benchmark::State& state) {
  const Decimal rate = Decimal::parse("0.039").value();
  for (auto _ : state)
    benchmark::DoNotOptimize(MonthlyRate::make(rate, RateBasis::effective));
}
BENCHMARK(BM_MonthlyRateEffective);

void BM_AnnuityPayment360(benchmark::State& state) {
  const MonthlyRate rate = MonthlyRate::make(Decimal::parse("0.039").value(), RateBasis::effective).value();
  for (auto _ : state)
    benchmark::DoNotOptimize(annuity_payment_cents(3500000, rate, 360, Rounding::half_up));
}
BENCHMARK(BM_AnnuityPayment360);

void BM_Apr360(benchmark::State& state) {
  const Schedule schedule = build_schedule(offer(RateBasis::nominal)).value();
  for (auto _ : state)
    benchmark::DoNotOptimize(apr_of(schedule));
}
BENCHMARK(BM_Apr360);

}  // namespace
