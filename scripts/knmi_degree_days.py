#!/usr/bin/env python3
"""Independent check of degree days from KNMI daily files (docs/domain.md §7), standard library only.

Reads etmgeg files (finds the '# STN,YYYYMMDD,...' header by name, TG in 0.1 degC, Q in J/cm2, blank =
missing) and prints per calendar year: days, days without TG, degree days max(0, 18 - TG/10), weighted degree
days (x1.1 Nov-Feb, x1.0 Mar/Oct, x0.8 Apr-Sep) and the sum of Q, with exact decimals. With `--fill FILE`, a
value missing in a file is taken from FILE's same day when FILE has it (a fill station), and the days filled
are counted. The figures asserted in tests/adapters/io/knmi_daily_test.cpp come from this script:
  python3 scripts/knmi_degree_days.py tests/data/knmi/*.txt
  python3 scripts/knmi_degree_days.py --fill tests/data/knmi/synthetic_348_2014.txt \
      tests/data/knmi/synthetic_260_2010_2014.txt
"""
import argparse
from collections import defaultdict
from decimal import Decimal

WEIGHT = {11: Decimal("1.1"), 12: Decimal("1.1"), 1: Decimal("1.1"), 2: Decimal("1.1"), 3: Decimal("1.0"),
          10: Decimal("1.0")}


def read_days(path):
    """{YYYYMMDD text: (TG text, Q text)} of an etmgeg file, blanks as ''."""
    header, days = None, {}
    with open(path, newline="", encoding="latin-1") as f:
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
            days[fields[header.index("YYYYMMDD")]] = (fields[header.index("TG")], fields[header.index("Q")])
    return days


def main():
    parser = argparse.ArgumentParser(description="degree days per calendar year of KNMI daily files")
    parser.add_argument("--fill", help="a fill station's file: its values stand in for missing ones")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    fill = read_days(args.fill) if args.fill else {}
    for path in args.files:
        years = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0), 0, 0, 0])
        for day, (tg, q) in read_days(path).items():
            y, m = day[:4], int(day[4:6])
            row = years[y]
            row[0] += 1
            if tg == "" and fill.get(day, ("", ""))[0] != "":
                tg = fill[day][0]
                row[6] += 1
            if q == "" and fill.get(day, ("", ""))[1] != "":
                q = fill[day][1]
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
            days, no_tg, dd, wdd, q, no_q, filled = years[y]
            extra = f"\tfilled_tg={filled}" if args.fill else ""
            print(f"{path}\t{y}\tdays={days}\tmissing_tg={no_tg}\tdegree_days={dd}\tweighted={wdd}\t"
                  f"Q={q}\tmissing_q={no_q}{extra}")


if __name__ == "__main__":
    main()
