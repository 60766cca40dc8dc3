#!/usr/bin/env python3
"""Demo meter readings for `make run` (contract demo-1): hourly register readings from 2025-12-31T00:00Z to
2026-04-02T00:00Z of one smart meter (electricity E0000001: import_t1/t2 and export_t1/t2 in kWh; gas
G0000001 in m3), with a plain daily pattern: night tariff (t1) 23:00-07:00 UTC, day tariff (t2) otherwise,
solar export around noon, more gas in the morning and evening. Integer arithmetic in Wh and dm3, so the
file is the same bytes on every run (make run imports it each time; the upload log makes that a no-op).

usage: gen_demo_readings.py OUT.csv
"""
import datetime
import sys


def main(out_path):
    start = datetime.datetime(2025, 12, 31)
    hours = (datetime.datetime(2026, 4, 2) - start) // datetime.timedelta(hours=1)
    registers = {"import_t1": 2_150_000, "import_t2": 1_830_000, "export_t1": 40_000, "export_t2": 310_000,
                 "gas": 1_204_500}  # Wh, Wh, Wh, Wh, dm3
    lines = ["meter_id,channel,timestamp,value"]
    for h in range(hours + 1):
        t = start + datetime.timedelta(hours=h)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        for channel in ("import_t1", "import_t2", "export_t1", "export_t2"):
            lines.append("E0000001,%s,%s,%d.%03d" % (channel, stamp, registers[channel] // 1000, registers[channel] % 1000))
        lines.append("G0000001,gas,%s,%d.%03d" % (stamp, registers["gas"] // 1000, registers["gas"] % 1000))
        night = t.hour >= 23 or t.hour < 7
        registers["import_t1" if night else "import_t2"] += 180 + 20 * (h % 7)
        if 9 <= t.hour <= 15:
            registers["export_t2"] += 150 * (4 - abs(12 - t.hour)) + 10 * (h % 5)
        registers["gas"] += 120 + (60 if t.hour in (6, 7, 17, 18, 19) else 0) + (h % 3) * 5
    with open(out_path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
