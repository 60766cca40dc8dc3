#!/usr/bin/env bash
# Ingest benchmark (docs/performance.md, "Ingest"): a ROWS-row long-format CSV (meter_id,channel,timestamp,value)
# imported into SQLite twice in the same run, from the same page-cached file:
#   1. renofee: the real command `renofee import readings --contract bench --db FILE.db FILE.csv`: SHA-256 of the
#      file (idempotency key), the io CSV parser (timestamps, decimals, channels), the upload validation of
#      ingest_readings (time order, monotonic registers, duplicates) and SqlReadingStore (bulk INSERT ... ON
#      CONFLICT in batches of 1,000, one transaction), into a fresh database with migrations, WAL;
#   2. the sqlite3 shell's `.import --csv` into a table with the same key (meter, channel, timestamp; WITHOUT
#      ROWID) and the same settings as renofee's connection (WAL, synchronous=NORMAL, 16 MiB page cache), which
#      stores the text as it is: no conversion, no validation.
# Prints wall time, readings/s and peak resident memory (GNU time's "Maximum resident set size") of each.
# Usage: bench/ingest_bench.sh [ROWS=5000000] [BUILD_DIR=build]   (needs: make build; packages sqlite3, time,
#        python3)
set -euo pipefail
rows=${1:-5000000}
build=${2:-build}
here=$(cd "$(dirname "$0")" && pwd)
renofee="$build/src/main/renofee"
[ -x "$renofee" ] || { echo "ingest_bench: $renofee missing: make build" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "ingest_bench: /usr/bin/time missing (Debian package time)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/renofee-ingest.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 "$here/gen_readings_csv.py" "$rows" "$work/readings.csv"
bytes=$(stat -c %s "$work/readings.csv")
cat "$work/readings.csv" >/dev/null  # both runs start from the page cache

now() { date +%s%N; }
peak_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

cat >"$work/import.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
PRAGMA cache_size=-16384;
CREATE TABLE readings_import (meter_id TEXT NOT NULL, channel TEXT NOT NULL, timestamp TEXT NOT NULL,
  value TEXT NOT NULL, PRIMARY KEY (meter_id, channel, timestamp)) WITHOUT ROWID;
.import --csv --skip 1 $work/readings.csv readings_import
SQL
t0=$(now)
/usr/bin/time -v -o "$work/sqlite.time" sqlite3 "$work/import.db" <"$work/import.sql" >/dev/null
t1=$(now)
/usr/bin/time -v -o "$work/renofee.time" "$renofee" import readings --contract bench --db "$work/renofee.db" \
  "$work/readings.csv" >"$work/renofee.out"
t2=$(now)
hash_start=$(now)
sha256sum "$work/readings.csv" >/dev/null  # what the idempotency hash alone costs (renofee hashes in-process)
hash_end=$(now)

imported=$(sqlite3 "$work/import.db" 'SELECT COUNT(*) FROM readings_import')
stored=$(sqlite3 "$work/renofee.db" 'SELECT COUNT(*) FROM readings')
[ "$imported" = "$rows" ] && [ "$stored" = "$rows" ] || { echo "row counts differ: import $imported, renofee $stored, expected $rows" >&2; exit 1; }

python3 - "$rows" "$bytes" "$t0" "$t1" "$t2" "$(peak_kb "$work/sqlite.time")" "$(peak_kb "$work/renofee.time")" \
  "$(( (hash_end - hash_start) ))" "$(cat "$work/renofee.out")" <<'PY'
import json, sys
rows, size, t0, t1, t2, sqlite_kb, renofee_kb = (int(x) for x in sys.argv[1:8])
hash_ns, summary = int(sys.argv[8]), sys.argv[9].strip()
s_sqlite, s_renofee = (t1 - t0) / 1e9, (t2 - t1) / 1e9
print(f"{rows} readings, {size / 1e6:.0f} MB CSV")
print(f"{'':24}{'wall s':>9}{'readings/s':>13}{'peak RSS MB':>13}")
print(f"{'sqlite3 .import':24}{s_sqlite:9.2f}{rows / s_sqlite:13,.0f}{sqlite_kb / 1024:13.1f}")
print(f"{'renofee ingest':24}{s_renofee:9.2f}{rows / s_renofee:13,.0f}{renofee_kb / 1024:13.1f}")
print(f"renofee / .import speed: {s_sqlite / s_renofee:.2f}x (sha256sum of the file alone: {hash_ns / 1e9:.2f} s)")
print("renofee said:", summary)
PY
