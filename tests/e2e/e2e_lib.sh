# Shared by the shell end-to-end tests (source it after setting `work`, a fresh temporary directory): the
# check counters and their report, the exit-code and text checks, a throwaway PostgreSQL database per run,
# and the sample data most tests start from.
#   ok LABEL / bad LABEL                count a check (bad also counts a failure)
#   expect_exit CODE LABEL CMD...       run CMD (stdout to $work/out, stderr to $work/err), check its exit code
#   expect_text FILE TEXT LABEL         FILE contains TEXT
#   each_backend NAME FN                FN sqlite URL, then, when RENOFEE_TEST_PG_URL is set (make test), FN
#                                       postgresql URL on a fresh database NAME_<pid>, dropped at exit
#   seed_samples RENOFEE SOURCE URL     synthetic station-348 weather and scripts/seed_contracts.sh
#   finish                              prints the counts; its status is the test's
fails=0
checks=0
pg_db=""
e2e_cleanup() {
  if [ -n "$pg_db" ]; then psql "$RENOFEE_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1; fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap e2e_cleanup EXIT

ok() { checks=$((checks + 1)); echo "ok   $*"; }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL $*"; }
expect_exit() {  # expect_exit CODE LABEL CMD...
  local want=$1 label=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok "$label"; else bad "$label: exit $got, wanted $want"; cat "$work/out" "$work/err"; fi
}
expect_text() {  # expect_text FILE TEXT LABEL
  if grep -qF -- "$2" "$1"; then ok "$3"; else bad "$3: no '$2' in"; cat "$1"; fi
}
each_backend() {  # each_backend NAME FN
  local name=$1 fn=$2
  "$fn" sqlite "$work/$name.db"
  if [ -n "${RENOFEE_TEST_PG_URL:-}" ]; then
    pg_db="${name}_$$"
    if psql "$RENOFEE_TEST_PG_URL" -qc "CREATE DATABASE $pg_db" >/dev/null; then
      "$fn" postgresql "${RENOFEE_TEST_PG_URL%/*}/$pg_db"
    else
      bad "postgresql: could not create database $pg_db"
    fi
  else
    echo "note: PostgreSQL NOT tested here (RENOFEE_TEST_PG_URL unset; make test sets it)"
  fi
}
seed_samples() {  # seed_samples RENOFEE SOURCE URL
  (cd "$2" && "$1" import weather --db "$3" tests/data/knmi/synthetic_348_2014.txt \
     tests/data/knmi/synthetic_348_198701.txt >/dev/null && bash scripts/seed_contracts.sh "$1" "$3" >/dev/null)
}
finish() {
  echo "$checks checks, $fails failed"
  [ "$fails" -eq 0 ]
}
