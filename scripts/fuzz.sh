#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang in build-fuzz/ and runs each for FUZZ_SECONDS (default 60),
# one after the other, at the lowest CPU priority. Each run reads fuzz/corpus/<target>/ and
# fuzz/regressions/<target>/ and writes what it finds to build-fuzz/work/<target>/; afterwards the inputs that
# reach code no committed input reaches are merged back into fuzz/corpus/<target>/ (libFuzzer -merge=1 with
# -use_counters=0: new edges, not new hit counts), so the committed corpus grows only by what is new and stays
# a few hundred files; build-fuzz/work/ keeps the full corpus for the next local run. A crash, a violated
# property, a timeout or an out-of-memory leaves the input in build-fuzz/artifacts/ and makes the script fail
# at the end (after the other targets ran).
#
# Usage: scripts/fuzz.sh [target...]          (default: every target; names as in fuzz/CMakeLists.txt)
#        scripts/fuzz.sh --minimize [target...]
#   --minimize rewrites fuzz/corpus/<target>/ as the smallest set of files reaching the same edges (the seed-*
#   files of fuzz/make_seeds.py are always kept). Run it before committing a corpus that grew.
# Environment: FUZZ_SECONDS (per target), FUZZ_DIR (build directory, default build-fuzz), JOBS (build jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_DIR=${FUZZ_DIR:-build-fuzz}
JOBS=${JOBS:-$(nproc)}
all_targets=(decimal offer_json csv_readings json_readings p1_telegram knmi_daily tariff_file http_quote http_framing
  bank_message)

minimize=0
if [ "${1:-}" = "--minimize" ]; then
  minimize=1
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

cmake -S . -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DRENOFEE_FUZZ=ON -DRENOFEE_BUILD_TESTS=OFF -DRENOFEE_BUILD_BENCH=OFF >/dev/null
nice cmake --build "$FUZZ_DIR" -j "$JOBS" --target fuzz_targets

mkdir -p "$FUZZ_DIR/artifacts" "$FUZZ_DIR/logs"
failed=()
for target in "${targets[@]}"; do
  fuzzer="$FUZZ_DIR/fuzz/fuzz_$target"
  [ -x "$fuzzer" ] || { echo "fuzz: no target $target (expected ${all_targets[*]})" >&2; exit 2; }
  corpus="fuzz/corpus/$target"
  regressions="fuzz/regressions/$target"
  mkdir -p "$corpus" "$regressions"
  if [ "$minimize" = 1 ]; then
    fresh=$(mktemp -d)
    nice -n 19 "$fuzzer" -merge=1 -use_counters=0 "$fresh" "$corpus" 2>"$FUZZ_DIR/logs/$target-minimize.log"
    find "$corpus" -type f ! -name 'seed-*' -delete
    for file in "$fresh"/*; do
      [ -e "$file" ] || continue
      # Keep libFuzzer's pick unless it is a copy of a seed (same SHA-1 as a seed file).
      sum=$(sha1sum "$file" | cut -d' ' -f1)
      if ! sha1sum "$corpus"/seed-* 2>/dev/null | grep -q "^$sum "; then cp "$file" "$corpus/$sum"; fi
    done
    rm -rf "$fresh"
    echo "$target: corpus minimized to $(find "$corpus" -type f | wc -l) files, $(du -sh "$corpus" | cut -f1)"
    continue
  fi
  work="$FUZZ_DIR/work/$target"
  mkdir -p "$work"
  log="$FUZZ_DIR/logs/$target.log"
  echo "== $target: ${FUZZ_SECONDS}s (log $log)"
  status=0
  nice -n 19 "$fuzzer" "$work" "$corpus" "$regressions" -dict="fuzz/dict/$target.dict" \
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$FUZZ_DIR/artifacts/$target-" >"$log" 2>&1 || status=$?
  grep -E "^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)" "$log" | tail -n 1 || true
  grep -E '^stat::number_of_executed_units' "$log" || true
  if [ "$status" -ne 0 ]; then
    echo "$target: FAILED (exit $status); input in $FUZZ_DIR/artifacts/, see $log" >&2
    grep -E 'fuzz property violated|ERROR: |SUMMARY' "$log" | head -n 5 >&2 || true
    failed+=("$target")
  fi
  before=$(find "$corpus" -type f | wc -l)
  nice -n 19 "$fuzzer" -merge=1 -use_counters=0 "$corpus" "$work" >"$FUZZ_DIR/logs/$target-merge.log" 2>&1
  echo "$target: corpus $before -> $(find "$corpus" -type f | wc -l) files"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}: fix them in their component and add each input to fuzz/regressions/" >&2
  exit 1
fi
