#!/usr/bin/env python3
"""Synthetic KNMI daily weather: deterministic, seeded, in KNMI's published column format. Standard library only.

renofee's tests, the `make run` demo and the benchmarks run on weather this script makes, so the repository needs
no third party's data. Real KNMI files reach renofee through `renofee import weather` or scripts/knmi_download.py.
Every file written here says in its header that it is synthetic.

usage:
  gen_weather.py --station 348 --from 2023 --to 2025 [--seed 1] [--layout long|short] [--gaps typical|none]
                 [--blank FIELD:FROM:TO ...] [--out FILE]
  FIELD is TG, Q or ALL; FROM and TO are YYYY-MM-DD (inclusive): those days are written with blank fields (KNMI's
  way of saying "not measured"), on top of the gap model.

Format (KNMI "daggegevens van het weer in Nederland", https://www.knmi.nl/nederland-nu/klimatologie/daggegevens):
41 comma-separated columns `STN,YYYYMMDD,DDVEC,...,TG,...,Q,...,EV24`, numbers right-aligned in 5 characters, blank
= missing. `--layout long` writes a free-text preamble with one line per column, the `# STN,...` column line and a
blank line, with CRLF line ends (the shape of KNMI's station downloads); `--layout short` only the column line and
LF (the shape of KNMI's multi-station selections; there the file's name must say that it is synthetic). Units as KNMI's: TG/TN/TX in 0.1 degC, Q in J/cm2, SQ and RH
in 0.1 h and 0.1 mm, PG in 0.1 hPa, FG in 0.1 m/s, UG in %, NG in octants. Columns not modelled stay blank.

Climate (calibration targets):
- Monthly mean temperature and global radiation of De Bilt (260), 1991-2020: KNMI, "Klimaatnormalen 1991-2020"
  (https://www.knmi.nl/nederland-nu/klimatologie/maandgegevens, normals of station De Bilt), rounded to 0.1 degC
  and 10 J/cm2 per day. The daily normal curve is piecewise linear between mid-month nodes that are solved so that
  each calendar month's mean of the curve equals the target.
- Other stations: a fixed offset in degC and a factor on Q (STATIONS below: the coast is milder and sunnier, the
  north-east colder), plus station noise (0.4 degC, 6 % of Q) so that neighbouring stations agree closely but not
  exactly, which is what a fill station needs.
- Temperature = normal + linear trend (0.035 degC a year around 2005.5, the middle of 1991-2020) + a year anomaly
  (sd 0.5 degC) + a winter anomaly for November-March (sd 1.1 degC; gives cold winters like 1996 or 2010 and mild
  ones like 2007 or 2014) + a daily AR(1) anomaly (lag-1 correlation 0.75, sd 3.4 degC in winter to 2.4 in summer).
- Radiation: clearness as a logistic-normal around the normal's share of the clear-sky sum, AR(1) over days (0.4),
  a year factor (sd 4 %), and a weak link to the temperature anomaly (sunny summer days are warm, sunny winter days
  cold). The logistic offset is solved per day of the year so the expected Q equals the normal.
- Calibration per seed: per calendar month, the seed's own 1991-2020 series (De Bilt's climate, before station
  offsets and noise) is shifted (temperature) and scaled (radiation) so that its means equal the normals exactly.
- Gaps (`--gaps typical`): per station and year, with probability 0.35 one run of 1-4 days without TG, and with
  probability 0.5 one run of 1-3 days without Q; drawn per station, so a fill station usually has the day.
Determinism: only `random.Random(str).random()` (Mersenne Twister, stable across Python 3 versions) feeds the
model, with our own Box-Muller; the weather of a date depends only on the seed, the station and the date (the
series is always simulated from 1951), never on the range asked for.
"""
import argparse
import datetime as dt
import math
import random
import sys

FIRST_YEAR = 1951  # the simulation always starts here, so a day's weather does not depend on the range asked for
LAST_YEAR = 2100

# De Bilt 1991-2020 normals (KNMI klimaatnormalen), January..December.
NORMAL_TG_C = [3.6, 3.9, 6.5, 9.8, 13.4, 16.2, 18.3, 17.9, 14.7, 10.9, 7.0, 4.2]
NORMAL_Q_J_CM2_DAY = [240, 470, 890, 1460, 1790, 1880, 1830, 1550, 1090, 630, 290, 180]
# Clear-sky daily global radiation (J/cm2) at 52 degN, mid-month, for the clearness model.
CLEAR_SKY_Q = [520, 900, 1500, 2150, 2700, 2950, 2850, 2400, 1750, 1100, 630, 430]

# station: (name, offset degC, factor on Q); others get (f"station {n}", 0, 1).
STATIONS = {
    240: ("Schiphol", 0.2, 1.02), 260: ("De Bilt", 0.0, 1.00), 270: ("Leeuwarden", -0.3, 0.99),
    280: ("Eelde", -0.6, 0.97), 290: ("Twenthe", -0.3, 0.98), 310: ("Vlissingen", 0.6, 1.05),
    344: ("Rotterdam", 0.2, 1.01), 348: ("Cabauw", -0.2, 1.01), 370: ("Eindhoven", 0.3, 1.02),
    380: ("Maastricht", 0.4, 1.03),
}

COLUMNS = ["STN", "YYYYMMDD", "DDVEC", "FHVEC", "FG", "FHX", "FHXH", "FHN", "FHNH", "FXX", "FXXH", "TG", "TN",
           "TNH", "TX", "TXH", "T10N", "T10NH", "SQ", "SP", "Q", "DR", "RH", "RHX", "RHXH", "PG", "PX", "PXH", "PN",
           "PNH", "VVN", "VVNH", "VVX", "VVXH", "NG", "UG", "UX", "UXH", "UN", "UNH", "EV24"]

DESCRIPTIONS = [
    ("YYYYMMDD", "Datum / Date"), ("FG", "Etmaalgemiddelde windsnelheid (0.1 m/s) / Daily mean windspeed"),
    ("TG", "Etmaalgemiddelde temperatuur (0.1 graden Celsius) / Daily mean temperature (0.1 degrees Celsius)"),
    ("TN", "Minimum temperatuur (0.1 graden Celsius) / Minimum temperature"),
    ("TX", "Maximum temperatuur (0.1 graden Celsius) / Maximum temperature"),
    ("SQ", "Zonneschijnduur (0.1 uur) / Sunshine duration (0.1 hour)"),
    ("SP", "Percentage van de langst mogelijke zonneschijnduur / Percentage of maximum sunshine duration"),
    ("Q", "Globale straling (J/cm2) / Global radiation (J/cm2)"),
    ("RH", "Etmaalsom van de neerslag (0.1 mm) / Daily precipitation amount (0.1 mm)"),
    ("PG", "Etmaalgemiddelde luchtdruk herleid tot zeeniveau (0.1 hPa) / Daily mean sea level pressure"),
    ("NG", "Etmaalgemiddelde bewolking (achtsten) / Mean daily cloud cover (octants)"),
    ("UG", "Etmaalgemiddelde relatieve vochtigheid (procenten) / Daily mean relative humidity (percent)"),
]


class Stream:
    """Uniform and normal draws from one named Mersenne Twister stream."""

    def __init__(self, *key):
        self.rng = random.Random("renofee-weather/" + "/".join(str(k) for k in key))
        self.spare = None

    def uniform(self):
        return self.rng.random()

    def normal(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        u1 = 1.0 - self.rng.random()  # (0, 1]
        u2 = self.rng.random()
        radius = math.sqrt(-2.0 * math.log(u1))
        self.spare = radius * math.sin(2 * math.pi * u2)
        return radius * math.cos(2 * math.pi * u2)


def mid_month_doy(month):
    """Day of a 365-day year (0-based, fractional) at the middle of `month`."""
    starts = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
    return (starts[month - 1] + starts[month]) / 2.0


def curve(nodes, doy):
    """Piecewise-linear periodic curve through 12 mid-month nodes, at day-of-year `doy` (0..364.x)."""
    xs = [mid_month_doy(m) for m in range(1, 13)]
    for i in range(12):
        x0, x1 = xs[i], (xs[i + 1] if i < 11 else xs[0] + 365)
        d = doy if doy >= xs[0] else doy + 365
        if x0 <= d <= x1:
            return nodes[i] + (nodes[(i + 1) % 12] - nodes[i]) * (d - x0) / (x1 - x0)
    return nodes[0]


def solve_nodes(targets):
    """Mid-month node values whose curve has the target mean in every month (fixed-point iteration)."""
    starts = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
    nodes = list(targets)
    for _ in range(60):
        means = [sum(curve(nodes, d + 0.5) for d in range(starts[m], starts[m + 1])) / (starts[m + 1] - starts[m])
                 for m in range(12)]
        nodes = [n + t - mean for n, t, mean in zip(nodes, targets, means)]
    return nodes


TG_NODES = solve_nodes(NORMAL_TG_C)
Q_NODES = solve_nodes(NORMAL_Q_J_CM2_DAY)
CLEAR_NODES = solve_nodes(CLEAR_SKY_Q)
GRID = [(-4.0 + 8.0 * i / 80) for i in range(81)]  # standard normal grid for the expected clearness
GRID_W = [math.exp(-z * z / 2) for z in GRID]
CLEARNESS_SD = 0.9


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def logit_offset(share):
    """The offset c with E[sigmoid(c + sd Z)] = share (bisection over a fixed normal grid)."""
    lo, hi = -8.0, 8.0
    for _ in range(50):
        mid = (lo + hi) / 2
        mean = sum(w * sigmoid(mid + CLEARNESS_SD * z) for z, w in zip(GRID, GRID_W)) / sum(GRID_W)
        lo, hi = (mid, hi) if mean < share else (lo, mid)
    return (lo + hi) / 2


def doy365(day):
    """0-based day of the year, 29 February counted as 28 February."""
    d = day.timetuple().tm_yday - 1
    leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
    return d - 1 if leap and day.month > 2 else d


CLEARNESS_OFFSET = [logit_offset(curve(Q_NODES, d + 0.5) / curve(CLEAR_NODES, d + 0.5)) for d in range(365)]


def daylength_hours(d):
    """Astronomical day length at 52 degN (hours), day of year d."""
    decl = math.radians(23.44) * math.sin(2 * math.pi * (d - 80) / 365.0)
    x = -math.tan(math.radians(52.1)) * math.tan(decl)
    return 24.0 / math.pi * math.acos(max(-1.0, min(1.0, x)))


def common_weather(seed, last_year):
    """The weather all stations share: {date: (temperature anomaly degC, clearness z, wind, rain, pressure)}."""
    year_rng = Stream(seed, "year")
    day_rng = Stream(seed, "day")
    year_anomaly, winter_anomaly = {}, {}
    for year in range(FIRST_YEAR, last_year + 2):
        year_anomaly[year] = 0.5 * year_rng.normal()
        winter_anomaly[year] = 1.1 * year_rng.normal()  # the winter that ends in March of `year`
    out = {}
    ar_t, ar_q = 0.0, 0.0
    day = dt.date(FIRST_YEAR, 1, 1)
    end = dt.date(last_year + 1, 1, 1)
    while day < end:
        d = doy365(day)
        season = math.cos(2 * math.pi * (d - 15) / 365.0)  # +1 mid-January, -1 mid-July
        sd = 2.9 + 0.5 * season
        ar_t = 0.75 * ar_t + math.sqrt(1 - 0.75 ** 2) * sd * day_rng.normal()
        ar_q = 0.4 * ar_q + math.sqrt(1 - 0.4 ** 2) * day_rng.normal()
        winter = 0.0
        if day.month <= 3:
            winter = winter_anomaly[day.year]
        elif day.month >= 11:
            winter = winter_anomaly[day.year + 1]
        trend = 0.035 * (day.year + d / 365.0 - 2005.5)
        anomaly = trend + year_anomaly[day.year] + winter + ar_t
        out[day] = (anomaly, ar_q, day_rng.uniform(), day_rng.uniform(), day_rng.normal())
        day += dt.timedelta(days=1)
    return out, year_rng


def raw_day(common, q_year, day):
    """Temperature (degC) and global radiation (J/cm2) of De Bilt's climate on `day`, before calibration."""
    anomaly, z, _, _, _ = common[day]
    d = doy365(day)
    summer = -math.cos(2 * math.pi * (d - 15) / 365.0)  # -1 mid-January, +1 mid-July
    clearness = sigmoid(CLEARNESS_OFFSET[d] + CLEARNESS_SD * z + 0.12 * anomaly * summer)
    q = curve(CLEAR_NODES, d + 0.5) * clearness * q_year[day.year]
    return curve(TG_NODES, d + 0.5) + anomaly, q, clearness, summer


def calibration(common, q_year):
    """Per calendar month: the degC to add and the factor on Q that make the seed's own 1991-2020 means equal the
    De Bilt normals exactly, so that every seed is calibrated and not only on average over seeds."""
    t_sum, q_sum, n = [0.0] * 12, [0.0] * 12, [0] * 12
    for day in (d for d in common if 1991 <= d.year <= 2020):
        t, q, _, _ = raw_day(common, q_year, day)
        t_sum[day.month - 1] += t
        q_sum[day.month - 1] += q
        n[day.month - 1] += 1
    return ([NORMAL_TG_C[m] - t_sum[m] / n[m] for m in range(12)],
            [NORMAL_Q_J_CM2_DAY[m] / (q_sum[m] / n[m]) for m in range(12)])


def generate(station, first_year, last_year, seed=1, gaps="typical", blanks=()):
    """[(date, {column: int or None})] for `station`, every day of first_year..last_year."""
    if not (FIRST_YEAR <= first_year <= last_year <= LAST_YEAR):
        raise ValueError(f"years must lie within {FIRST_YEAR}..{LAST_YEAR} and --from <= --to")
    if not 1 <= station <= 999:
        raise ValueError("station must be 1..999")
    _, offset, q_factor = STATIONS.get(station, (f"station {station}", 0.0, 1.0))
    common, _ = common_weather(seed, max(last_year, 2020))
    q_year = {y: 1.0 + 0.04 * Stream(seed, "q-year", y).normal() for y in range(FIRST_YEAR, max(last_year, 2020) + 1)}
    t_fix, q_fix = calibration(common, q_year)
    local = Stream(seed, "station", station)
    gap_days = set()
    for year in range(first_year, last_year + 1):
        g = Stream(seed, "gaps", station, year)
        tg_run, tg_start, tg_len = g.uniform() < 0.35, int(g.uniform() * 365), 1 + int(g.uniform() * 4)
        q_run, q_start, q_len = g.uniform() < 0.5, int(g.uniform() * 365), 1 + int(g.uniform() * 3)
        if gaps != "typical":
            continue
        base = dt.date(year, 1, 1)
        if tg_run:
            gap_days.update((base + dt.timedelta(days=tg_start + k), "TG") for k in range(tg_len))
        if q_run:
            gap_days.update((base + dt.timedelta(days=q_start + k), "Q") for k in range(q_len))
    rows = []
    day = dt.date(FIRST_YEAR, 1, 1)
    end = dt.date(last_year + 1, 1, 1)
    while day < end:
        t_noise, q_noise, t_spread = local.normal(), local.normal(), local.uniform()  # drawn every day: stable
        if day.year < first_year:
            day += dt.timedelta(days=1)
            continue
        _, _, wind_u, rain_u, pressure_z = common[day]
        t, q, clearness, summer = raw_day(common, q_year, day)
        d = doy365(day)
        tg = t + t_fix[day.month - 1] + offset + 0.4 * t_noise
        q = q * q_fix[day.month - 1] * q_factor * (1 + 0.06 * q_noise)
        q = max(5.0, min(q, 1.15 * curve(CLEAR_NODES, d + 0.5)))
        dtr = 3.0 + 9.0 * clearness + 2.0 * t_spread
        sunshine = max(0.0, min(1.0, (clearness - 0.22) / 0.7))
        rain = 0 if rain_u < 0.5 else int(round(-60 * math.log(1 - (rain_u - 0.5) * 2 * 0.999)))
        values = {
            "STN": station, "YYYYMMDD": int(day.strftime("%Y%m%d")),
            "FG": int(round(25 + 60 * wind_u)), "TG": int(round(tg * 10)),
            "TN": int(round((tg - dtr / 2) * 10)), "TX": int(round((tg + dtr / 2) * 10)),
            "SQ": int(round(daylength_hours(d) * sunshine * 10)), "SP": int(round(100 * sunshine)),
            "Q": int(round(q)), "RH": rain, "PG": int(round(10150 + 95 * pressure_z)),
            "NG": int(round(8 * (1 - clearness))),
            "UG": int(round(max(45, min(99, 92 - 25 * clearness * (0.5 + 0.5 * summer) + 3 * (rain > 0))))),
        }
        for column in ("TG", "Q"):
            if (day, column) in gap_days:
                values[column] = None
        for field, first, last in blanks:
            if first <= day <= last:
                for column in (["TG", "Q"] if field == "ALL" else [field]):
                    values[column] = None
        if values["TG"] is None:
            values["TN"] = values["TX"] = None
        rows.append((day, values))
        day += dt.timedelta(days=1)
    return rows


def format_line(values):
    cells = []
    for i, column in enumerate(COLUMNS):
        value = values.get(column)
        text = "" if value is None else str(value)
        cells.append(text.rjust(8 if i == 1 else 5))
    return ",".join(cells)


def render(station, rows, layout, seed, gaps):
    name = STATIONS.get(station, (f"station {station}", 0, 1))[0]
    end = "\r\n" if layout == "long" else "\n"
    lines = []
    first, last = rows[0][0], rows[-1][0]
    if layout == "long":
        lines += [
            "BRON: SYNTHETISCH WEER, GEEN KNMI-METINGEN (renofee scripts/gen_weather.py)",
            f"SYNTHETIC WEATHER, NOT KNMI DATA: station {station} ({name}), {first} .. {last}, seed {seed}, "
            f"gaps {gaps}.",
            "Layout and units follow KNMI's daily files (https://www.knmi.nl/nederland-nu/klimatologie/daggegevens);"
            " climate calibrated on the De Bilt 1991-2020 normals.",
            "",
        ]
        lines += [f"{column:<9} = {text}" for column, text in DESCRIPTIONS]
        lines.append("")
    lines.append("# " + ",".join(c.rjust(8 if i == 1 else 5) if i else c for i, c in enumerate(COLUMNS)))
    if layout == "long":
        lines.append("")
    lines += [format_line(values) for _, values in rows]
    return end.join(lines) + end


def parse_blank(text):
    try:
        field, first, last = text.split(":")
        if field not in ("TG", "Q", "ALL"):
            raise ValueError
        return field, dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--blank {text!r}: expected TG|Q|ALL:YYYY-MM-DD:YYYY-MM-DD")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--station", type=int, required=True)
    parser.add_argument("--from", dest="first", type=int, required=True, help="first year")
    parser.add_argument("--to", dest="last", type=int, required=True, help="last year (inclusive)")
    parser.add_argument("--first-day", type=dt.date.fromisoformat, help="write from this day on (within --from)")
    parser.add_argument("--last-day", type=dt.date.fromisoformat, help="write up to this day (within --to)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layout", choices=["long", "short"], default="long")
    parser.add_argument("--gaps", choices=["typical", "none"], default="typical")
    parser.add_argument("--blank", type=parse_blank, action="append", default=[])
    parser.add_argument("--out", help="output file (default: standard output)")
    args = parser.parse_args(argv)
    try:
        rows = generate(args.station, args.first, args.last, args.seed, args.gaps, args.blank)
    except ValueError as e:
        parser.error(str(e))
    rows = [(d, v) for d, v in rows if (args.first_day is None or d >= args.first_day)
            and (args.last_day is None or d <= args.last_day)]
    if not rows:
        parser.error("no days in the range asked for")
    text = render(args.station, rows, args.layout, args.seed, args.gaps)
    if args.out:
        with open(args.out, "w", newline="", encoding="ascii") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
