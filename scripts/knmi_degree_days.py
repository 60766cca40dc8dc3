#!/usr/bin/env python3
"""Independent check of degree days from KNMI daily files (docs/domain.md §7), standard library only.

Reads etmgeg files (finds the '# STN,YYYYMMDD,...' header by name, TG in 0.1 degC, Q in J/cm2, blank =
missing) and prints per calendar year: days, days without TG, degree days max(0, 18 - TG/10), weighted degree
days (x1.1 Nov-Feb, x1.0 Mar/Oct, x0.8 Apr-Sep) and the sum of Q, with exact decimals. The figures asserted in
tests/adapters/io/knmi_daily_test.cpp come from this script:
  python3 scripts/knmi_degree_days.py tests/data/knmi/*.txt
"""
import sys
from collections import defaultdict
from decimal import Decimal

WEIGHT = {11: Decimal("1.1"), 12: Decimal("1.1"), 1: Decimal("1.1"), 2: Decimal("1.1"), 3: Decimal("1.0"),
          10: Decimal("1.0")}


def main():
    for path in sys.argv[1:]:
        header = None
        years = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0), 0, 0])
        with open(path, newline="") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if line.startswith("#"):
                    names = [c.strip() for c in line[1:].split(",")]
                    if names[0] == "STN":
                        header = names
                    continue
                if header is None or not line.strip():
                    continue
                fields = [c.strip() for c in line.split(",")]
                day = fields[header.index("YYYYMMDD")]
                y, m = day[:4], int(day[4:6])
                tg, q = fields[header.index("TG")], fields[header.index("Q")]
                row = years[y]
                row[0] += 1
                if tg == "":
                    row[1] += 1
                else:
                    dd = max(Decimal(0), Decimal(18) - Decimal(int(tg)) / 10)
                    row[2] += dd
                    row[3] += dd * WEIGHT.get(m, Decimal("0.8"))
                if q == "":
                    row[5] += 1
                else:
                    row[4] += int(q)
        for y in sorted(years):
            days, no_tg, dd, wdd, q, no_q = years[y]
            print(f"{path}\t{y}\tdays={days}\tmissing_tg={no_tg}\tdegree_days={dd}\tweighted={wdd}\t"
                  f"Q={q}\tmissing_q={no_q}")


if __name__ == "__main__":
    main()
