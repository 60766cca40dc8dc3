#!/usr/bin/env python3
"""Independent reference for the financier's exposure model (docs/guarantees.md "Exposure").

Written from the rules in docs/guarantees.md with python's fractions (exact) and decimal (rounding), not from
the C++ code. A small book of one contract per guarantee kind plus a netted pair, over 39 made-up weather
years, seed 20261204. Output: tests/data/risk_reference.txt, one record per line, '|'-separated:

  year|<year>|<weighted degree days>|<irradiance J/cm2>
  contract|<id>|annual|<39 amounts, EUR>
  contract|<id>|weather|<39 amounts without the spread>
  contract|<id>|figures|expected|p50|p95|p99|worst|worst_year|present_value|level_expected|premium_monthly
  book|annual|...   book|weather|...   book|figures|...   book|weather_figures|...
  book|share|<common weather share>   book|premium|<per contract per month>

Run: python3 scripts/gen_risk_reference.py > tests/data/risk_reference.txt
"""
import sys
from decimal import Decimal, ROUND_HALF_EVEN, ROUND_HALF_UP
from fractions import Fraction as F
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exact_rounding import rnd  # noqa: E402

SEED = 20261204
MASK = (1 << 64) - 1


def he(x, places):
    return rnd(x, places, "half_even")


def hu(x, places):
    return rnd(x, places, "half_up")


def money(x):
    assert F(x) * 100 == int(F(x) * 100), x
    return f"{Decimal(int(F(x) * 100)) / Decimal(100):.2f}"


# ---- the draw: Irwin-Hall of 12 uniforms from splitmix64 seeded with seed XOR fnv1a64(key)
def fnv1a64(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h ^= b
        h = (h * 0x100000001b3) & MASK
    return h


def draw(seed, contract, year, stream):
    state = seed ^ fnv1a64(f"{contract}|{year}|{stream}")
    total = 0
    for _ in range(12):
        state = (state + 0x9e3779b97f4a7c15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
        z ^= z >> 31
        total += z % 1000000
    return F(total - 6000000, 1000000)


# ---- the weather years (made up: a cold/dark cycle) and their mean, the climate's normal year
YEARS = []
for i in range(39):
    wdd = F(2450) + F((i * 71) % 53 * 1500 + (i * 13) % 7 * 3, 100)  # 2,450.00 .. 3,230.xx
    q = 335000 + (i * 29) % 37 * 1100                                    # 335,000 .. 374,600
    YEARS.append((1987 + i, wdd, F(q)))
NORMAL_WDD = he(sum(y[1] for y in YEARS) / len(YEARS), 2)
NORMAL_Q = he(sum(y[2] for y in YEARS) / len(YEARS), 1)

SETTINGS = dict(household_sd=F("0.10"), heat_pump_sd=F("0.08"), deg_mean=F("0.005"), deg_sd=F("0.002"),
                discount=F("0.04"), coc=F("0.08"), heating_share=F("0.65"))

# ---- the book: what each offer says (see tests/core/risk/exposure_test.cpp RiskReference for the same)
BASE = dict(floor_area=112, dwelling="single_family", heat_demand=None,
            before_import=F(3100), after_import=F(4300), after_export=F(3900), after_gas=F(0), pv=F(8640))
CONTRACTS = [
    dict(BASE, id="ref-nom", heat_demand=F(28), after_export=F(3400), next_year=2, guarantees=[
        dict(kind="net_zero", term=30, bundle_m2=F(25), cap_kwh=F(2500), normal=F(2537), price=F("0.25"),
             esc=F("0.02"), deadband=("franchise", F(10)), cap=None, netted=False,
             building_use="heat_pump_submeter")]),
    dict(BASE, id="ref-nom-bundle", after_export=F(3500), next_year=1, guarantees=[
        dict(kind="net_zero", term=30, bundle_m2=F(25), cap_kwh=F(2500), normal=F(2537), price=F("0.25"),
             esc=F("0.02"), deadband=("none", F(0)), cap=None, netted=False,
             building_use="total_minus_bundle")]),
    dict(BASE, id="ref-gas", before_import=F(3400), after_import=F(4600), after_export=F(0), after_gas=F(450),
         pv=None, next_year=3, guarantees=[
        dict(kind="savings", term=10, guaranteed=F(1550), per_day=F("0.9"), per_wdd=F("0.58"),
             price=F("1.45"), esc=F("0.02"), deadband=("threshold", F(10)), cap=F("150.00"), netted=False)]),
    dict(BASE, id="ref-pv-normalised", pv=None, next_year=5, guarantees=[
        dict(kind="pv_yield", term=10, guaranteed=F(6120), normal_q=F("354788.4"), normalised=True,
             price=F("0.25"), esc=F(0), deadband=("none", F(0)), cap=None, netted=False)]),
    dict(BASE, id="ref-pv-fixed", pv=F(6300), next_year=1, guarantees=[
        dict(kind="pv_yield", term=10, guaranteed=F(6120), normal_q=F("354788.4"), normalised=False,
             price=F("0.25"), esc=F(0), deadband=("none", F(0)), cap=None, netted=False)]),
    dict(BASE, id="ref-epv", dwelling="multi_family", floor_area=70, before_import=F(2200),
         after_import=F(2900), after_export=F(1800), pv=F(3000), next_year=1, guarantees=[
        dict(kind="epv_generation", term=25, h_min=F(1200), g_fixed=F(700), deadband=("none", F(0)), cap=None,
             netted=False)]),
    dict(BASE, id="ref-netted", after_gas=F(450), pv=F(8000), next_year=1, guarantees=[
        dict(kind="savings", term=10, guaranteed=F(1500), per_day=F("0.9"), per_wdd=F("0.58"), price=F("1.45"),
             esc=F("0.02"), deadband=("none", F(0)), cap=None, netted=True),
        dict(kind="pv_yield", term=12, guaranteed=F(8200), normal_q=F("354788.4"), normalised=False,
             price=F("0.25"), esc=F("0.01"), deadband=("none", F(0)), cap=None, netted=True)]),
]
CBS_PRICE = F("0.30")


def normal_use(c):
    """H0, O0, W0, U0 and s, by the rules of docs/guarantees.md."""
    pv = c["pv"]
    if pv is None:
        for g in c["guarantees"]:
            if g["kind"] == "pv_yield":
                pv = g["guaranteed"]
                break
    pv = pv or F(0)
    g_fixed = F(0)
    use = F(0)
    for g in c["guarantees"]:
        if g["kind"] == "epv_generation":
            g_fixed = g["g_fixed"]
        if g["kind"] == "savings":
            use = c["after_gas"]
    w0 = max(F(0), c["after_import"] - c["after_export"] + pv - c["before_import"] - g_fixed)
    s = he(c["heat_demand"] / (c["heat_demand"] + 15), 4) if c["heat_demand"] else SETTINGS["heating_share"]
    return c["before_import"], pv, w0, use, s


def price(g, n):
    if g["kind"] == "epv_generation":
        return CBS_PRICE
    return hu(g["price"] * (1 + g["esc"]) ** (n - 1), 5)


def year_money(g, guaranteed, shortfall, p):
    mode, percent = g["deadband"]
    short = max(F(0), shortfall)
    free = percent * guaranteed / 100
    if mode == "threshold":
        pay_q = short if short > free else F(0)
    elif mode == "franchise":
        pay_q = max(F(0), short - free)
    else:
        pay_q = short
    payable = hu(pay_q * p, 2)
    if g["cap"] is not None and payable > g["cap"]:
        payable = g["cap"]
    return payable, hu(max(F(0), -shortfall) * p, 2)


def compensation(c, n, w, spread):
    """The contract's compensation in guarantee year n, weather year index w."""
    h0, o0, w0, u0, s = normal_use(c)
    year, wdd, q = YEARS[w]
    if spread:
        m_h = 1 + SETTINGS["household_sd"] * draw(SEED, c["id"], year, 0)
        m_p = 1 + SETTINGS["heat_pump_sd"] * draw(SEED, c["id"], year, 1)
        d = max(F(0), SETTINGS["deg_mean"] + SETTINGS["deg_sd"] * draw(SEED, c["id"], 0, 2))
    else:
        m_h = m_p = F(1)
        d = SETTINGS["deg_mean"]
    age = F(1)
    for _ in range(2, n + 1):
        age = he(age * (1 - d), 9)
    gross = netted_pay = netted_surplus = F(0)
    for g in c["guarantees"]:
        if n > g["term"]:
            continue
        normal_wdd = g["normal"] if g["kind"] == "net_zero" else NORMAL_WDD
        normal_q = g["normal_q"] if g["kind"] == "pv_yield" else NORMAL_Q
        f = he(((1 - s) * normal_wdd + s * wdd) / normal_wdd, 6)
        r = he(q / normal_q, 6)
        H = he(h0 * m_h, 3)
        W = he(w0 * f * m_p, 3)
        U = he(u0 * f * m_h, 3)
        O = he(o0 * r * age, 3)
        if g["kind"] == "net_zero":
            bundle = min(g["bundle_m2"] * c["floor_area"], g["cap_kwh"])
            T = H + W
            if g["building_use"] == "total_minus_bundle":
                H, W = min(T, bundle), T - min(T, bundle)
            required = he(W * g["normal"] / wdd, 3) + min(H, bundle)
            guaranteed, shortfall = required, required - O
        elif g["kind"] == "savings":
            days = 366 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 365
            baseline = g["per_day"] * days + g["per_wdd"] * wdd
            guaranteed, shortfall = g["guaranteed"], g["guaranteed"] - (baseline - U)
        elif g["kind"] == "pv_yield":
            expected = he(g["guaranteed"] * q / g["normal_q"], 3) if g["normalised"] else g["guaranteed"]
            guaranteed, shortfall = expected, expected - O
        else:
            guaranteed, shortfall = g["h_min"], g["h_min"] - (O - W - g["g_fixed"])
        pay, surplus = year_money(g, guaranteed, shortfall, price(g, n))
        gross += pay
        if g["netted"]:
            netted_pay += pay
            netted_surplus += surplus
    return gross - min(netted_pay, netted_surplus)


def percentile(values, p):
    xs = sorted(values)
    h = (len(xs) - 1) * p
    lo = int(h)
    if lo + 1 >= len(xs):
        return hu(xs[-1], 2)
    return hu(xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo]), 2)


def figures(values):
    worst = max(range(len(values)), key=lambda i: (values[i], -i))
    return [hu(sum(values) / len(values), 2), percentile(values, F("0.5")), percentile(values, F("0.95")),
            percentile(values, F("0.99")), hu(values[worst], 2), YEARS[worst][0]]


def premium(level, fig, contracts):
    """(level expected + cost of capital x max(0, P99 - expected)) / 12 per contract."""
    tail = max(F(0), fig[3] - fig[0])
    return hu((level + SETTINGS["coc"] * tail) / (12 * contracts), 2)


def main():
    out = sys.stdout
    for year, wdd, q in YEARS:
        out.write(f"year|{year}|{Decimal(int(wdd * 100)) / Decimal(100):.2f}|{q}\n")
    book = [F(0)] * len(YEARS)
    book_weather = [F(0)] * len(YEARS)
    book_pv = F(0)
    book_level = F(0)
    factors = []
    v = F(1)
    for _ in range(60):
        v = he(v / (1 + SETTINGS["discount"]), 12)
        factors.append(v)
    for c in CONTRACTS:
        n0 = c["next_year"]
        last = max(g["term"] for g in c["guarantees"])
        annual = [compensation(c, n0, w, True) for w in range(len(YEARS))]
        weather = [compensation(c, n0, w, False) for w in range(len(YEARS))]
        total = F(0)
        for n in range(n0, last + 1):
            total += sum(compensation(c, n, w, True) for w in range(len(YEARS))) * factors[n - n0]
        pv = hu(total / len(YEARS), 2)
        level = hu(pv / sum(factors[:last - n0 + 1]), 2)  # the level yearly amount with that present value
        book_level += level
        fig = figures(annual)
        out.write(f"contract|{c['id']}|annual|{','.join(money(x) for x in annual)}\n")
        out.write(f"contract|{c['id']}|weather|{','.join(money(x) for x in weather)}\n")
        out.write(f"contract|{c['id']}|figures|{'|'.join(money(x) for x in fig[:5])}|{fig[5]}|{money(pv)}|"
                  f"{money(level)}|{money(premium(level, fig, 1))}\n")
        book = [a + b for a, b in zip(book, annual)]
        book_weather = [a + b for a, b in zip(book_weather, weather)]
        book_pv += pv
    fig = figures(book)
    wfig = figures(book_weather)
    out.write(f"book|annual|{','.join(money(x) for x in book)}\n")
    out.write(f"book|weather|{','.join(money(x) for x in book_weather)}\n")
    out.write(f"book|figures|{'|'.join(money(x) for x in fig[:5])}|{fig[5]}|{money(book_pv)}|{money(book_level)}\n")
    out.write(f"book|weather_figures|{'|'.join(money(x) for x in wfig[:5])}|{wfig[5]}\n")
    tail = fig[3] - fig[0]
    share = min(F(1), hu(max(F(0), wfig[3] - wfig[0]) / tail, 4)) if tail > 0 else None
    out.write(f"book|share|{'none' if share is None else f'{Decimal(int(share * 10000)) / Decimal(10000):.4f}'}\n")
    out.write(f"book|premium|{money(premium(book_level, fig, len(CONTRACTS)))}\n")


if __name__ == "__main__":
    main()
