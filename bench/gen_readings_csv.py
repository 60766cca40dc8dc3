#!/usr/bin/env python3
"""Writes a long-format meter-reading CSV (docs/domain.md §6: meter_id,channel,timestamp,value) for the ingest
benchmark: ROWS rows, 50 meters x 5 channels (import_t1/t2, export_t1/t2, gas), quarter-hourly from
2026-01-01T00:00:00Z, time-major (every meter channel at one instant, then the next instant), registers rising
by a pseudo-random 0.000..0.399 per step with exactly 3 decimals. Deterministic (seeded).
Usage: bench/gen_readings_csv.py ROWS OUT.csv"""
import random
import sys
from datetime import datetime, timedelta, timezone

CHANNELS = ["import_t1", "import_t2", "export_t1", "export_t2", "gas"]
METERS = [f"E{n:04d}" for n in range(50)]


def main() -> None:
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261123)
    registers = {(m, c): rng.randrange(0, 10_000_000) for m in METERS for c in CHANNELS}  # milli-units
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    written = 0
    step = 0
    with open(out, "w", newline="") as f:
        f.write("meter_id,channel,timestamp,value\n")
        buf = []
        while written < rows:
            stamp = (start + timedelta(minutes=15 * step)).strftime("%Y-%m-%dT%H:%M:%SZ")
            for m in METERS:
                for c in CHANNELS:
                    if written == rows:
                        break
                    registers[(m, c)] += rng.randrange(0, 400)
                    v = registers[(m, c)]
                    buf.append(f"{m},{c},{stamp},{v // 1000}.{v % 1000:03d}\n")
                    written += 1
            if len(buf) >= 100_000:
                f.write("".join(buf))
                buf.clear()
            step += 1
        f.write("".join(buf))


if __name__ == "__main__":
    main()
