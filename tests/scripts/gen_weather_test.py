#!/usr/bin/env python3
"""Properties of scripts/gen_weather.py, the synthetic weather every test, the demo and the benchmarks use.

usage: gen_weather_test.py SOURCE_DIR

1. Determinism: the same arguments give the same bytes; another seed gives other weather.
2. A day's weather does not depend on the range asked for (2024 alone = 2024 inside 2020-2026).
3. Calibration: for seeds 1, 2 and 7, station 260's 1991-2020 monthly means equal the De Bilt normals in the
   generator (temperature within 0.06 degC: TG is rounded to 0.1 degC and noise is added after calibration;
   radiation within 1.5 %).
4. Realism bounds: over 1987-2025 the yearly weighted degree days (base 18 degC, weights 1.1/1.0/0.8) spread by more
   than 500 between the coldest and the mildest year (cold and mild years exist), every day's TG lies within
   -20..30 degC and Q within 0..3,500 J/cm2, and TN <= TG <= TX.
5. Gaps: with --gaps typical, stations 260 and 348 over 1987-2025 both have missing TG and Q days, never the
   same TG day at both (a fill station helps), and --gaps none has none; --blank blanks exactly what it names.
6. Stations are neighbours: daily TG of 260 and 348 correlate above 0.95; 348 is 0.1-0.3 degC cooler on average.
7. The committed files of tests/data/knmi/ are what scripts/gen_test_weather.sh writes, byte for byte.
8. Bad arguments exit 2 with a message naming the argument.
"""
import datetime as dt
import filecmp
import os
import subprocess
import sys
import tempfile

src = sys.argv[1]
sys.path.insert(0, os.path.join(src, "scripts"))
import gen_weather as g  # noqa: E402

passed = failed = 0


def check(condition, what, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what} {detail}")


def text(*args):
    return subprocess.run([sys.executable, os.path.join(src, "scripts", "gen_weather.py"), *args],
                          capture_output=True, text=True)


a = text("--station", "348", "--from", "2024", "--to", "2024", "--seed", "5")
b = text("--station", "348", "--from", "2024", "--to", "2024", "--seed", "5")
c = text("--station", "348", "--from", "2024", "--to", "2024", "--seed", "6")
check(a.returncode == 0 and a.stdout == b.stdout, "same seed, same bytes")
check(a.stdout != c.stdout, "another seed, other weather")

alone = {d: v for d, v in g.generate(348, 2024, 2024, seed=5)}
inside = {d: v for d, v in g.generate(348, 2020, 2026, seed=5) if d.year == 2024}
check(alone == inside, "2024 alone equals 2024 inside 2020-2026")

for seed in (1, 2, 7):
    rows = g.generate(260, 1991, 2020, seed=seed, gaps="none")
    t, q, n = [0] * 12, [0] * 12, [0] * 12
    for day, v in rows:
        t[day.month - 1] += v["TG"] / 10
        q[day.month - 1] += v["Q"]
        n[day.month - 1] += 1
    t_err = max(abs(t[m] / n[m] - g.NORMAL_TG_C[m]) for m in range(12))
    q_err = max(abs(q[m] / n[m] / g.NORMAL_Q_J_CM2_DAY[m] - 1) for m in range(12))
    check(t_err <= 0.06, f"seed {seed}: monthly mean TG within 0.06 degC of the normals", f"{t_err:.3f}")
    check(q_err <= 0.015, f"seed {seed}: monthly mean Q within 1.5 % of the normals", f"{q_err:.4f}")

WEIGHT = {11: 1.1, 12: 1.1, 1: 1.1, 2: 1.1, 3: 1.0, 10: 1.0}
rows = g.generate(260, 1987, 2025, seed=1, gaps="none")
wdd = {}
bounds = True
for day, v in rows:
    wdd[day.year] = wdd.get(day.year, 0) + max(0.0, 18 - v["TG"] / 10) * WEIGHT.get(day.month, 0.8)
    bounds &= -200 <= v["TG"] <= 300 and 0 <= v["Q"] <= 3500 and v["TN"] <= v["TG"] <= v["TX"]
check(max(wdd.values()) - min(wdd.values()) > 500, "cold and mild years: yearly weighted degree days spread > 500",
      f"{min(wdd.values()):.0f}..{max(wdd.values()):.0f}")
check(bounds, "TG within -20..30 degC, Q within 0..3500 J/cm2, TN <= TG <= TX on every day")

gaps = {}
for station in (260, 348):
    days = g.generate(station, 1987, 2025, seed=1, gaps="typical")
    gaps[station] = ({d for d, v in days if v["TG"] is None}, {d for d, v in days if v["Q"] is None})
    check(len(gaps[station][0]) > 10 and len(gaps[station][1]) > 10, f"station {station}: typical gaps in TG and Q",
          f"{len(gaps[station][0])} TG, {len(gaps[station][1])} Q")
check(not (gaps[260][0] & gaps[348][0]), "no day lacks TG at both 260 and 348")
check(all(v["TG"] is not None and v["Q"] is not None for _, v in g.generate(348, 1987, 2025, seed=1, gaps="none")),
      "--gaps none: every day has TG and Q")
blanked = g.generate(348, 2024, 2024, seed=1, gaps="none",
                     blanks=[("TG", dt.date(2024, 3, 1), dt.date(2024, 3, 3)), ("Q", dt.date(2024, 5, 5),
                                                                               dt.date(2024, 5, 5))])
check(sorted(d for d, v in blanked if v["TG"] is None) == [dt.date(2024, 3, k) for k in (1, 2, 3)]
      and [d for d, v in blanked if v["Q"] is None] == [dt.date(2024, 5, 5)], "--blank blanks exactly what it names")

t260 = [v["TG"] for _, v in g.generate(260, 2000, 2019, seed=1, gaps="none")]
t348 = [v["TG"] for _, v in g.generate(348, 2000, 2019, seed=1, gaps="none")]
m1, m2 = sum(t260) / len(t260), sum(t348) / len(t348)
cov = sum((x - m1) * (y - m2) for x, y in zip(t260, t348))
corr = cov / (sum((x - m1) ** 2 for x in t260) * sum((y - m2) ** 2 for y in t348)) ** 0.5
check(corr > 0.95, "stations 260 and 348 correlate above 0.95", f"{corr:.4f}")
check(1 <= m1 - m2 <= 3, "348 is 0.1-0.3 degC cooler than 260", f"{(m1 - m2) / 10:.3f}")

with tempfile.TemporaryDirectory() as out:
    subprocess.run(["bash", os.path.join(src, "scripts", "gen_test_weather.sh"), out], check=True)
    for name in sorted(os.listdir(out)):
        check(filecmp.cmp(os.path.join(out, name), os.path.join(src, "tests", "data", "knmi", name), shallow=False),
              f"tests/data/knmi/{name} is what scripts/gen_test_weather.sh writes")

for args, word in [(["--station", "348", "--from", "1900", "--to", "1901"], "years"),
                   (["--station", "0", "--from", "2000", "--to", "2000"], "station"),
                   (["--station", "348", "--from", "2000", "--to", "2000", "--blank", "XX:2000-01-01:2000-01-02"],
                    "--blank")]:
    r = text(*args)
    check(r.returncode == 2 and word in r.stderr, f"bad {word}: exit 2 naming it", r.stderr.strip()[-120:])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
