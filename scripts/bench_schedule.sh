#!/usr/bin/env bash
# Times one 360-month annuity schedule (every row rounded to cents) in C++ (bench/schedule_bench.cpp,
# Google Benchmark, CPU time) and in the python3 `decimal` reference (scripts/bench_schedule.py, timeit,
# best of 5) in the same run, and prints both and their ratio. Usage: scripts/bench_schedule.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bench="$build/bench/renofee_bench"
[[ -x "$bench" ]] || { echo "build $bench first: cmake --build $build --target renofee_bench" >&2; exit 1; }
cpp_json=$("$bench" --benchmark_filter='Schedule|MonthlyRate|AnnuityPayment|Apr' --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null)
py_json=$(python3 scripts/bench_schedule.py)
CPP_JSON="$cpp_json" PY_JSON="$py_json" python3 - <<'PY'
import json, os
cpp = {b["run_name"]: b["cpu_time"] / 1000 for b in json.loads(os.environ["CPP_JSON"])["benchmarks"]
       if b.get("aggregate_name") == "median"}
py = json.loads(os.environ["PY_JSON"])
print(f"{'benchmark (median of 5, CPU)':34} {'us':>9}")
for name, us in cpp.items():
    print(f"{name:34} {us:9.2f}")
for basis, key in (("nominal", "BM_Schedule360Nominal"), ("effective", "BM_Schedule360Effective")):
    print(f"360-month schedule, {basis:9}: C++ {cpp[key]:7.2f} us, python3 decimal {py[basis]:7.1f} us, "
          f"ratio {py[basis] / cpp[key]:5.1f}x")
PY
