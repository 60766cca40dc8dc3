#!/usr/bin/env python3
"""Generate tests/golden/guarantees/*.json: worked guarantee years and baseline fits (docs/domain.md §8).

Independent of renofee: written from the rules in docs/guarantees.md with python's ``fractions`` (every quantity
is an exact Fraction until a rule says to round) and ``decimal`` (only to print and for square roots), standard
library only. Weather is synthetic weather of station 348 (Cabauw) made by scripts/gen_weather.py (seed 1, no
gaps; KNMI's daily-file format, read here with its own small parser from the generator's text), and the CBS price
comes from tariffs/nl-2026.json. Where a case's story needs a figure (a shortfall of exactly 50.425 m3, a PV year
9 % short), the metered input is derived from that year's weather, so the story holds on any weather.

Guarantee-year cases hold the guarantee terms in the offer's wire format, the inputs the app would gather for each
guarantee, and the expected result of every guarantee (status, every figure with its unit and estimated flag, the
money) and of the settlement across them; error cases hold the expected error code and field. Baseline cases hold
monthly points and the exact least-squares fit (coefficients, R^2, CV(RMSE), NMBE to 30 significant digits) and
the coefficients frozen half-even at 4 decimals.

The C++ side is tests/golden/guarantee_golden_test.cpp. Regenerate with
    python3 scripts/gen_guarantee_golden.py
The output is deterministic.
"""

import datetime
import json
import math
import os
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_weather  # noqa: E402  (scripts/gen_weather.py)
OUT = os.path.join(ROOT, "tests", "golden", "guarantees")

# ---------------------------------------------------------------------------------------------------- numbers


def F(text):
    """An exact Fraction from a decimal string (never from a float)."""
    return Fraction(Decimal(text))


def rounded(value, places, mode):
    """Round a Fraction once to `places` decimals. ROUND_HALF_UP: ties away from zero; ROUND_HALF_EVEN: to even."""
    scale = 10 ** places
    scaled = value * scale
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    whole = magnitude.numerator // magnitude.denominator
    rest = magnitude - whole
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and (mode == "half_up" or whole % 2 == 1)):
        whole += 1
    return Fraction(sign * whole, scale)


def exact(value):
    """Exact decimal text of a Fraction that is a finite decimal, without superfluous zeros."""
    with localcontext() as ctx:
        ctx.prec = 200
        q = Decimal(value.numerator) / Decimal(value.denominator)
    assert Fraction(q) == value, f"{value} is not a finite decimal"
    s = format(q, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def money_text(value):
    """A Fraction that is a whole number of cents, as text with exactly 2 decimals."""
    c = value * 100
    assert c.denominator == 1
    sign = "-" if c < 0 else ""
    c = abs(c.numerator)
    return f"{sign}{c // 100}.{c % 100:02d}"


def sig(value, digits=30):
    """A Fraction (or Decimal) to `digits` significant digits, for double comparisons."""
    with localcontext() as ctx:
        ctx.prec = digits
        if isinstance(value, Fraction):
            return str(Decimal(value.numerator) / Decimal(value.denominator))
        return str(+value)


# ---------------------------------------------------------------------------------------------------- weather

WEIGHT = {11: Fraction(11, 10), 12: Fraction(11, 10), 1: Fraction(11, 10), 2: Fraction(11, 10), 3: Fraction(1),
          10: Fraction(1)}


def read_knmi(text):
    """{date: (TG in 0.1 degC or None, Q in J/cm2 or None)} from the text of an etmgeg file."""
    days = {}
    header = None
    if True:
        for line in text.splitlines():
            line = line.rstrip("\r\n")
            if line.startswith("#"):
                names = [c.strip() for c in line[1:].split(",")]
                if names and names[0] == "STN":
                    header = names
                continue
            if header is None or not line.strip():
                continue
            cells = [c.strip() for c in line.split(",")]
            ymd = cells[header.index("YYYYMMDD")]
            day = datetime.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8]))
            tg, q = cells[header.index("TG")], cells[header.index("Q")]
            days[day] = (int(tg) if tg else None, int(q) if q else None)
    return days


WEATHER = read_knmi(gen_weather.render(348, gen_weather.generate(348, 2000, 2025, seed=1, gaps="none"), "long", 1,
                                       "none"))


def each_day(begin, end):
    d = begin
    while d < end:
        yield d
        d += datetime.timedelta(days=1)


def weighted_degree_days(begin, end):
    total = Fraction(0)
    for d in each_day(begin, end):
        tg = WEATHER[d][0]
        assert tg is not None, d
        total += max(Fraction(0), 18 - Fraction(tg, 10)) * WEIGHT.get(d.month, Fraction(4, 5))
    return total


def irradiance(begin, end):
    total = 0
    for d in each_day(begin, end):
        q = WEATHER[d][1]
        assert q is not None, d
        total += q
    return Fraction(total)


def cbs_price(tariff_id):
    with open(os.path.join(ROOT, "tariffs", tariff_id + ".json")) as f:
        return F(json.load(f)["electricity"]["cbs_average_price_per_kwh"])


def decimal_text(value):
    """An exact Fraction with a finite decimal expansion as plain decimal text."""
    text = str(Decimal(value.numerator) / Decimal(value.denominator))
    assert F(text) == value, value
    return text


def use_short_by(begin, end, shortfall, per_day="0.9", per_wdd="0.58", guaranteed="1000"):
    """Use over [begin, end) that leaves a savings guarantee exactly `shortfall` short of `guaranteed`:
    baseline - (guaranteed - shortfall), with the baseline per_day x days + per_wdd x weighted degree days."""
    b, e = datetime.date.fromisoformat(begin), datetime.date.fromisoformat(end)
    baseline = F(per_day) * (e - b).days + F(per_wdd) * weighted_degree_days(b, e)
    return decimal_text(baseline - (F(guaranteed) - F(shortfall)))


def gas_short_by(year, shortfall):
    """Gas use (m3) in calendar `year` that leaves the HYBRIDE guarantee (1,000 m3, 0.9 m3/day + 0.58 m3 per
    weighted degree day) exactly `shortfall` m3 short."""
    return use_short_by(f"{year}-01-01", f"{year + 1}-01-01", shortfall)


def pv_share_of_expected(year, share):
    """PV generation (kWh) in calendar `year` that is `share` of the PV guarantee's expected yield, the expected
    yield being 6,120 x the year's Q / the normal Q, rounded to 3 decimals (the rule in docs/guarantees.md)."""
    b, e = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    expected = rounded(F("6120") * irradiance(b, e) / F(PV["normal_irradiance_j_cm2"]), 3, "half_up")
    return decimal_text(rounded(expected * F(share), 1, "half_up"))


def nom_import_short_by(year, export, heat_pump, pv, shortfall):
    """Electricity import (kWh) in calendar `year` that leaves the NOM guarantee (112 m2, bundle 2,500 kWh)
    exactly `shortfall` kWh short with generation `pv`: with the household inside its bundle,
    shortfall = W' + H - O, so H = shortfall + O - W' and import = export + W + H - O."""
    b, e = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    w = F(heat_pump)
    w_norm = rounded(w * F(NOM["normal_weighted_degree_days"]) / weighted_degree_days(b, e), 3, "half_even")
    household = F(shortfall) + F(pv) - w_norm
    assert 0 <= household <= 2500, "the story needs the household inside its bundle"
    return decimal_text(F(export) + w + household - F(pv))


def coldest_year(first, last):
    """The calendar year of first..last with the most weighted degree days."""
    return max(range(first, last + 1),
               key=lambda y: weighted_degree_days(datetime.date(y, 1, 1), datetime.date(y + 1, 1, 1)))


COLD = coldest_year(2000, 2024)

# ---------------------------------------------------------------------------------------------------- rules


def price_of_year(per_unit, escalation, n):
    """per_unit x (1 + escalation)^(n - 1), rounded once half-up to 5 decimals."""
    return rounded(F(per_unit) * (1 + F(escalation)) ** (n - 1), 5, "half_up")


def metered(inputs, name):
    item = inputs[name]
    return F(item["value"]), bool(item.get("estimated", False))


class Year:
    """Evaluates one guarantee for one year from the wire terms `g` and the gathered `inputs`."""

    def __init__(self, g, index, inputs):
        self.g, self.index, self.inputs = g, index, inputs
        self.figures = []

    def fig(self, name, value, unit, estimated=False):
        self.figures.append({"name": name, "value": exact(value), "unit": unit, "estimated": estimated})
        return value

    def run(self):
        g, inputs = self.g, self.inputs
        kind = g["kind"]
        unit = "m3" if kind == "savings" and g["carrier"] == "gas" else "kWh"
        result = {"index": self.index, "kind": kind, "netted": bool(g.get("netted", False)), "unit": unit}
        n = inputs["year_index"]
        zero = "0.00"
        if n > g["term_years"]:
            result.update(status="term_ended", guaranteed="0", shortfall="0", price="0", shortfall_value=zero,
                          surplus_value=zero, after_deadband=zero, payable=zero, excess_share=zero, estimated=False,
                          figures=[])
            return result
        guaranteed, shortfall, est = getattr(self, kind)()
        # price
        if kind == "epv_generation":
            price = F(inputs["cbs_average_price"])
        else:
            price = price_of_year(g["price_per_unit"], g.get("price_escalation", "0"), n)
        self.fig("price", price, "EUR/" + unit)
        short = max(Fraction(0), shortfall)
        surplus = max(Fraction(0), -shortfall)
        band = g.get("deadband", {"mode": "none"})
        mode = band["mode"]
        if mode == "none":
            pay_qty = short
        else:
            free = F(band["percent"]) / 100 * guaranteed
            self.fig("deadband_quantity", free, unit)
            if mode == "threshold":
                pay_qty = short if short > free else Fraction(0)
            else:
                pay_qty = max(Fraction(0), short - free)
        self.fig("payable_quantity", pay_qty, unit, est)
        shortfall_value = rounded(short * price, 2, "half_up")
        surplus_value = rounded(surplus * price, 2, "half_up")
        after = rounded(pay_qty * price, 2, "half_up")
        payable = min(after, F(g["yearly_cap_eur"])) if "yearly_cap_eur" in g else after
        self.fig("shortfall_value", shortfall_value, "EUR", est)
        self.fig("surplus_value", surplus_value, "EUR", est)
        self.fig("after_deadband", after, "EUR", est)
        self.fig("payable", payable, "EUR", est)
        excess = Fraction(0)
        if kind == "savings":
            excess = rounded(surplus_value * F(g.get("excess_share_percent", "0")) / 100, 2, "half_up")
            self.fig("excess_share", excess, "EUR", est)
        if short == 0:
            status = "met"
        elif pay_qty == 0 and mode != "none":
            status = "within_deadband"
        else:
            status = "shortfall"
        result.update(status=status, guaranteed=exact(guaranteed), shortfall=exact(shortfall), price=exact(price),
                      shortfall_value=money_text(shortfall_value), surplus_value=money_text(surplus_value),
                      after_deadband=money_text(after), payable=money_text(payable), excess_share=money_text(excess),
                      estimated=est, figures=self.figures)
        return result

    # Each kind returns (guaranteed amount, shortfall, estimated).
    def epv_generation(self):
        g, inputs = self.g, self.inputs
        o, o_est = metered(inputs, "pv_generation")
        w, w_est = metered(inputs, "heat_pump")
        self.fig("O", o, "kWh", o_est)
        self.fig("W", w, "kWh", w_est)
        g_fixed = self.fig("G", F(g.get("g_fixed_kwh", "700")), "kWh")
        est = o_est or w_est
        h = self.fig("H", o - w - g_fixed, "kWh", est)
        default = {"single_family": Fraction(2100), "multi_family": Fraction(530)}[inputs["dwelling_type"]]
        h_min = self.fig("H_min", F(g["h_min_kwh"]) if "h_min_kwh" in g else default, "kWh")
        return h_min, self.fig("shortfall", h_min - h, "kWh", est), est

    def net_zero(self):
        """Nul op de Meter (docs/guarantees.md, net_zero; Stadlander's energy bundle [23], Energiesprong [33]):
        over the year the home's generation O must cover its building-related use (heat pump, scaled to the
        normal year's weighted degree days) plus what the household used up to its bundle; household use above
        the bundle is the resident's own. Written from that sentence: required = W' + min(H, bundle),
        shortfall = required - O, where H = total use - W and total use = import - export + O."""
        g, inputs = self.g, self.inputs
        imp, imp_est = metered(inputs, "electricity_import")
        exp, exp_est = metered(inputs, "electricity_export")
        self.fig("import", imp, "kWh", imp_est)
        self.fig("export", exp, "kWh", exp_est)
        o, o_est = metered(inputs, "pv_generation")
        self.fig("O", o, "kWh", o_est)
        n_est = imp_est or exp_est
        n = self.fig("N", imp - exp, "kWh", n_est)
        t_est = n_est or o_est
        total = self.fig("T", n + o, "kWh", t_est)
        area = self.fig("floor_area", Fraction(inputs["floor_area_m2"]), "m2")
        per_m2 = self.fig("bundle_per_m2", F(g["household_bundle_kwh_m2"]), "kWh/m2")
        bundle = self.fig("bundle_uncapped", per_m2 * area, "kWh")
        if "household_bundle_cap_kwh" in g:
            bundle = min(bundle, self.fig("bundle_cap", F(g["household_bundle_cap_kwh"]), "kWh"))
        self.fig("bundle", bundle, "kWh")
        if g.get("building_use", "heat_pump_submeter") == "total_minus_bundle":
            h = self.fig("H", min(total, bundle), "kWh", t_est)
            w = self.fig("W", total - h, "kWh", t_est)
            w_est = t_est
        else:
            w, w_est = metered(inputs, "heat_pump")
            self.fig("W", w, "kWh", w_est)
            h = self.fig("H", total - w, "kWh", t_est or w_est)
        normal = self.fig("normal_weighted_degree_days", F(g["normal_weighted_degree_days"]), "K.day")
        actual = self.fig("actual_weighted_degree_days", F(inputs["weighted_degree_days"]), "K.day")
        w_norm = self.fig("W_normalised", rounded(w * normal / actual, 3, "half_even"), "kWh", w_est)
        est = t_est or w_est
        covered = self.fig("H_in_bundle", min(h, bundle), "kWh", est)
        self.fig("H_above_bundle", max(Fraction(0), h - bundle), "kWh", est)
        required = self.fig("required", w_norm + covered, "kWh", est)
        return required, self.fig("shortfall", required - o, "kWh", est), est

    def savings(self):
        g, inputs = self.g, self.inputs
        unit = "m3" if g["carrier"] == "gas" else "kWh"
        begin = datetime.date.fromisoformat(inputs["period"]["begin"])
        end = datetime.date.fromisoformat(inputs["period"]["end"])
        days = self.fig("days", Fraction((end - begin).days), "day")
        wdd = self.fig("actual_weighted_degree_days", F(inputs["weighted_degree_days"]), "K.day")
        a = self.fig("baseline_per_day", F(g["baseline"]["per_day"]), unit + "/day")
        b = self.fig("baseline_per_weighted_degree_day", F(g["baseline"]["per_weighted_degree_day"]), unit + "/K.day")
        adjusted = self.fig("baseline_adjusted", a * days + b * wdd, unit)
        use, est = metered(inputs, "gas" if g["carrier"] == "gas" else "electricity_import")
        self.fig("actual_use", use, unit, est)
        avoided = self.fig("avoided", adjusted - use, unit, est)
        guaranteed = self.fig("guaranteed_savings", F(g["guaranteed_savings"]), unit)
        return guaranteed, self.fig("shortfall", guaranteed - avoided, unit, est), est

    def pv_yield(self):
        g, inputs = self.g, self.inputs
        guaranteed = self.fig("guaranteed_kwh", F(g["guaranteed_kwh"]), "kWh")
        actual = self.fig("actual_irradiance", F(inputs["irradiance"]), "J/cm2")
        normal = self.fig("normal_irradiance", F(g["normal_irradiance_j_cm2"]), "J/cm2")
        expected = self.fig("expected", rounded(guaranteed * actual / normal, 3, "half_even"), "kWh")
        o, est = metered(inputs, "pv_generation")
        self.fig("O", o, "kWh", est)
        return expected, self.fig("shortfall", expected - o, "kWh", est), est


def settlement(results):
    """Netting on totals: the netted guarantees' surpluses offset their payable amounts, never below zero."""
    gross = sum((F(r["payable"]) for r in results), Fraction(0))
    active = [r for r in results if r["netted"] and r["status"] != "term_ended"]
    offset = min(sum((F(r["payable"]) for r in active), Fraction(0)),
                 sum((F(r["surplus_value"]) for r in active), Fraction(0)))
    excess = sum((F(r["excess_share"]) for r in results), Fraction(0))
    return {"gross_compensation": money_text(gross), "netting_offset": money_text(offset),
            "compensation": money_text(gross - offset), "excess_charge": money_text(excess)}


# ---------------------------------------------------------------------------------------------------- cases

NOM = {"kind": "net_zero", "term_years": 30, "household_bundle_kwh_m2": "25", "household_bundle_cap_kwh": "2500",
       "normal_weighted_degree_days": "2537", "station": 348, "fill_station": 260, "price_per_unit": "0.25",
       "price_escalation": "0.02", "deadband": {"mode": "franchise", "percent": "10"}}
HYBRIDE = {"kind": "savings", "term_years": 10, "carrier": "gas", "guaranteed_savings": "1000",
           "baseline": {"per_day": "0.9", "per_weighted_degree_day": "0.58"}, "price_per_unit": "1.45",
           "price_escalation": "0.02", "excess_share_percent": "50", "station": 348,
           "deadband": {"mode": "threshold", "percent": "10"}, "yearly_cap_eur": "1500.00"}
PV = {"kind": "pv_yield", "term_years": 10, "guaranteed_kwh": "6120", "normal_irradiance_j_cm2": "394788.4",
      "station": 348, "price_per_unit": "0.25", "price_escalation": "0", "deadband": {"mode": "threshold", "percent": "15"}}
EPV = {"kind": "epv_generation", "term_years": 25}


def with_(base, **changes):
    out = json.loads(json.dumps(base))
    out.update(changes)
    return out


def year_inputs(year_index, begin, end, dwelling_type="single_family", floor_area=112, weather=False,
                sun=False, **metered_values):
    b, e = datetime.date.fromisoformat(begin), datetime.date.fromisoformat(end)
    out = {"year_index": year_index, "period": {"begin": begin, "end": end}, "dwelling_type": dwelling_type,
           "floor_area_m2": floor_area}
    for name, value in metered_values.items():
        if name == "cbs_average_price":
            out[name] = value
        elif isinstance(value, tuple):
            out[name] = {"value": value[0], "estimated": value[1]}
        else:
            out[name] = {"value": value, "estimated": False}
    if weather:
        out["weighted_degree_days"] = exact(weighted_degree_days(b, e))
    if sun:
        out["irradiance"] = exact(irradiance(b, e))
    return out


CBS_2026 = exact(cbs_price("nl-2026"))


def cases():
    yield ("epv-passes", "EPV 2.0 annual test passes: H = O - W - G = 6,012.345 - 2,798.120 - 700 = 2,514.225 kWh "
           ">= H_min 2,100 (single-family default); nothing owed (docs/domain.md §8.2 [18])",
           [EPV], [year_inputs(1, "2026-01-01", "2027-01-01", pv_generation="6012.345", heat_pump="2798.120",
                               cbs_average_price=CBS_2026)])
    yield ("epv-fails-by-600", "EPV home 600 kWh short: O 5,000, W 2,800, G 700 -> H 1,500 < 2,100; compensation = "
           "600 x the CBS average price of tariffs/nl-2026.json (" + CBS_2026 + " EUR/kWh) = 63.00 EUR "
           "(docs/domain.md §8.2)",
           [EPV], [year_inputs(1, "2026-01-01", "2027-01-01", pv_generation="5000", heat_pump="2800",
                               cbs_average_price=CBS_2026)])
    yield ("epv-multi-family-estimated", "EPV apartment (contracts/epv-huurappartement.json terms, H_min 530) with "
           "an estimated generation reading: the estimated flag reaches H, the shortfall and the money",
           [with_(EPV, h_min_kwh="530", g_fixed_kwh="700")],
           [year_inputs(2, "2027-01-01", "2028-01-01", "multi_family", 68, pv_generation=("2455.5", True),
                        heat_pump="1302.75", cbs_average_price=CBS_2026)])
    yield ("nom-passes-cold-winter", "Nul op de Meter home (contracts/nom-tussenwoning.json terms) in a contract "
           f"year with the weather of {COLD}, the coldest synthetic year of 2000-2024 at station 348: it draws 750.25 "
           "kWh net from the grid, but with the heat pump's 3,300.25 kWh scaled to the normal year of 2,537 weighted "
           "degree days, generation 4,700 covers building use plus the household's 2,150 kWh (inside its 2,500 kWh "
           "bundle): met (docs/guarantees.md, net_zero)",
           [NOM], [year_inputs(1, f"{COLD}-01-01", f"{COLD + 1}-01-01", weather=True, electricity_import="4650.250",
                               electricity_export="3900.000", pv_generation="4700.000", heat_pump="3300.250",)])
    yield ("nom-fails-on-building-use", "The same home with 2022 weather: the heat pump uses 3,600 kWh, the "
           "household 2,100 (inside the bundle), generation 4,400 does not cover building use W' plus 2,100; the "
           "franchise leaves 10% of the required use unpaid",
           [NOM], [year_inputs(1, "2022-01-01", "2023-01-01", weather=True, electricity_import="4700",
                               electricity_export="3400", pv_generation="4400", heat_pump="3600")])
    yield ("nom-household-above-bundle", "The household uses 3,400 kWh, 900 above its 2,500 kWh bundle: the home "
           "draws 1,100 kWh net, but the excess is the resident's own and generation 4,700 covers building use "
           "plus the bundle: met",
           [NOM], [year_inputs(1, "2022-01-01", "2023-01-01", weather=True, electricity_import="4600",
                               electricity_export="3500", pv_generation="4700", heat_pump="2400")])
    yield ("nom-without-submeter", "No heat-pump submeter (building_use total_minus_bundle): the household is "
           "taken to use its whole 2,500 kWh bundle, the other 2,900 kWh of the total 5,400 count as building use "
           "and are all scaled to the normal year; 23.8 kWh short, inside the 10% franchise",
           [with_(NOM, building_use="total_minus_bundle")],
           [year_inputs(1, "2022-01-01", "2023-01-01", weather=True, electricity_import="4000",
                        electricity_export="3400", pv_generation="4800")])
    yield ("savings-threshold-inside", "Guaranteed gas savings (contracts/hybride-twee-onder-een-kap.json terms), "
           "year 2 with 2014 weather: 50.425 m3 short of 1,000, not more than the 10% threshold: no payment",
           [HYBRIDE], [year_inputs(2, "2014-01-01", "2015-01-01", weather=True, gas=gas_short_by(2014, "50.425"))])
    yield ("savings-threshold-beyond", "The same contract 165.425 m3 short: beyond the 10% threshold the whole "
           "shortfall is paid at the escalated price 1.47900 EUR/m3",
           [HYBRIDE], [year_inputs(2, "2014-01-01", "2015-01-01", weather=True, gas=gas_short_by(2014, "165.425"))])
    yield ("savings-franchise-beyond", "The same shortfall under a 10% franchise: only the 65.425 m3 beyond the "
           "100 m3 franchise is paid",
           [with_(HYBRIDE, deadband={"mode": "franchise", "percent": "10"})],
           [year_inputs(2, "2014-01-01", "2015-01-01", weather=True, gas=gas_short_by(2014, "165.425"))])
    yield ("savings-franchise-inside", "Under the franchise a shortfall of exactly 10% (100 m3) is free",
           [with_(HYBRIDE, deadband={"mode": "franchise", "percent": "10"})],
           [year_inputs(2, "2014-01-01", "2015-01-01", weather=True, gas=gas_short_by(2014, "100"))])
    yield ("savings-cap", "A failed renovation: 895.425 m3 short x 1.45000 = 1,298.37 EUR, limited by the yearly "
           "cap of 1,000.00 EUR",
           [with_(HYBRIDE, yearly_cap_eur="1000.00")],
           [year_inputs(1, "2014-01-01", "2015-01-01", weather=True, gas=gas_short_by(2014, "895.425"))])
    yield ("savings-excess-share", "Savings beyond the guarantee in year 4 (2013): the provider charges its "
           "50% share of the surplus value (guaranteed-savings model with shared excess, docs/domain.md §8.4 [56])",
           [HYBRIDE], [year_inputs(4, "2013-01-01", "2014-01-01", weather=True, gas=("900.000", True))])
    yield ("savings-electricity", "Electricity savings (carrier electricity, kWh) over a contract year that is "
           "not a calendar year (31 Jan 2019 - 31 Jan 2020), no deadband, escalation 3%, year 3",
           [with_(HYBRIDE, carrier="electricity", guaranteed_savings="1200",
                  baseline={"per_day": "6.5", "per_weighted_degree_day": "1.2"}, price_per_unit="0.27",
                  price_escalation="0.03", deadband={"mode": "none"}, excess_share_percent="0")],
           [year_inputs(3, "2019-01-31", "2020-01-31", weather=True,
                        electricity_import=use_short_by("2019-01-31", "2020-01-31", "32.125", "6.5", "1.2", "1200"))])
    yield ("pv-within-threshold", "PV yield (contracts/lineair-aflossing.json terms) in 2013: expected "
           "generation scales with irradiance; 9% short is inside the 15% generation threshold (SWK [37])",
           [PV], [year_inputs(1, "2013-01-01", "2014-01-01", sun=True, pv_generation=pv_share_of_expected(2013, "0.91"))])
    yield ("term-ended", "Guarantee year 11 of a 10-year PV guarantee: nothing owed and no inputs needed, next to "
           "a running net-zero guarantee",
           [PV, NOM], [{"year_index": 11, "period": {"begin": "2024-01-01", "end": "2025-01-01"},
                        "dwelling_type": "single_family", "floor_area_m2": 112},
                       year_inputs(11, "2024-01-01", "2025-01-01", weather=True, electricity_import="4100",
                                   electricity_export="3900.75", pv_generation="5200", heat_pump="2400.5")])
    yield ("netting-building-generation", "SWK-style netting (docs/domain.md §8.6 [37]): a netted net-zero guarantee "
           "(building, franchise 10%) falls short in year 3 with 2022 weather while the netted PV guarantee "
           "(generation, threshold 15%) produced a surplus; the PV surplus value offsets the "
           "net-zero compensation. The heat-pump reading is estimated. (The PV guarantee covers a second array; "
           "the net-zero test counts the roof array's 4,300 kWh.)",
           [with_(NOM, netted=True), with_(PV, netted=True)],
           [year_inputs(3, "2022-01-01", "2023-01-01", weather=True,
                        electricity_import=nom_import_short_by(2022, "4300", "3600", "4300", "1000"),
                        electricity_export="4300", pv_generation="4300", heat_pump=("3600", True)),
            year_inputs(3, "2022-01-01", "2023-01-01", sun=True, pv_generation=pv_share_of_expected(2022, "1.08"))])
    yield ("netting-surplus-exceeds", "Netting never goes below zero: a large PV surplus against a small "
           "net-zero compensation; a third, non-netted savings guarantee is paid in full",
           [with_(NOM, netted=True), with_(PV, netted=True), HYBRIDE],
           [year_inputs(2, "2022-01-01", "2023-01-01", weather=True,
                        electricity_import=nom_import_short_by(2022, "3900", "3300", "4300", "700"),
                        electricity_export="3900", pv_generation="4300", heat_pump="3300"),
            year_inputs(2, "2022-01-01", "2023-01-01", sun=True, pv_generation=pv_share_of_expected(2022, "1.36")),
            year_inputs(2, "2022-01-01", "2023-01-01", weather=True, gas=gas_short_by(2022, "300"))])


def error_cases():
    yield ("error-missing-heat-pump", "A net-zero year without the heat-pump submeter cannot be evaluated",
           [NOM], [year_inputs(1, "2022-01-01", "2023-01-01", weather=True, electricity_import="6650",
                               electricity_export="3900", pv_generation="4300")],
           {"code": "failed_precondition", "field": "/inputs/heat_pump"})
    yield ("error-missing-pv-generation", "The NOM promise is about generation: without the PV submeter the year "
           "cannot be evaluated",
           [NOM], [year_inputs(1, "2022-01-01", "2023-01-01", weather=True, electricity_import="6650",
                               electricity_export="3900", heat_pump="2500")],
           {"code": "failed_precondition", "field": "/inputs/pv_generation"})
    yield ("error-heat-pump-above-total-use", "A heat-pump submeter that reads more than the home's total use "
           "(import - export + generation) is a meter fault, never a negative household use",
           [NOM], [year_inputs(1, "2022-01-01", "2023-01-01", weather=True, electricity_import="3000",
                               electricity_export="3900", pv_generation="4300", heat_pump="3500")],
           {"code": "failed_precondition", "field": "/inputs/heat_pump"})
    no_baseline = with_(HYBRIDE)
    del no_baseline["baseline"]
    yield ("error-savings-without-baseline", "A savings guarantee needs a frozen baseline",
           [no_baseline], [year_inputs(1, "2022-01-01", "2023-01-01", weather=True, gas="900")],
           {"code": "failed_precondition", "field": "/guarantees/0/baseline"})


# ---------------------------------------------------------------------------------------------------- baseline


def month_points(first_year, months, per_day, per_wdd, noise, seed, places=3):
    """Monthly points from the station-348 weather: use = per_day x days + per_wdd x wdd + noise, rounded to `places`.
    The noise is a deterministic linear congruential sequence in [-noise, noise]."""
    points = []
    state = seed
    y, m = first_year, 1
    for _ in range(months):
        begin = datetime.date(y, m, 1)
        end = datetime.date(y + (m == 12), m % 12 + 1, 1)
        wdd = weighted_degree_days(begin, end)
        state = (1103515245 * state + 12345) % 2 ** 31
        jitter = F(noise) * (Fraction(state, 2 ** 30) - 1)
        use = rounded(F(per_day) * (end - begin).days + F(per_wdd) * wdd + jitter, places, "half_even")
        points.append({"days": (end - begin).days, "weighted_degree_days": exact(wdd), "use": exact(max(use, Fraction(0)))})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return points


def fit(points):
    """Exact OLS without intercept of use on (days, wdd), with ASHRAE Guideline 14 statistics (n - p)."""
    n = len(points)
    if n < 12:
        return {"error": {"code": "failed_precondition", "field": "/points"}}
    d = [Fraction(p["days"]) for p in points]
    w = [F(p["weighted_degree_days"]) for p in points]
    y = [F(p["use"]) for p in points]
    sdd = sum(x * x for x in d)
    sww = sum(x * x for x in w)
    sdw = sum(a * b for a, b in zip(d, w))
    sdy = sum(a * b for a, b in zip(d, y))
    swy = sum(a * b for a, b in zip(w, y))
    det = sdd * sww - sdw * sdw
    if det == 0:
        return {"error": {"code": "failed_precondition", "field": "/points"}}
    a = (sww * sdy - sdw * swy) / det
    b = (sdd * swy - sdw * sdy) / det
    fitted = [a * di + b * wi for di, wi in zip(d, w)]
    mean = sum(y) / n
    sse = sum((yi - fi) ** 2 for yi, fi in zip(y, fitted))
    sst = sum((yi - mean) ** 2 for yi in y)
    p = 2
    with localcontext() as ctx:
        ctx.prec = 60
        cv = (Decimal(sse.numerator) / Decimal(sse.denominator) / (n - p)).sqrt() / (
            Decimal(mean.numerator) / Decimal(mean.denominator))
    nmbe = sum(yi - fi for yi, fi in zip(y, fitted)) / ((n - p) * mean)
    r2 = 1 - sse / sst
    frozen = {}
    for name, value in (("per_day", a), ("per_weighted_degree_day", b)):
        r = rounded(value, 4, "half_even")
        # The C++ rounds the double nearest the coefficient; it agrees when the exact value is not within 1e-12 of a
        # rounding tie at 4 decimals.
        tie_distance = abs(value * 10 ** 4 - math.floor(value * 10 ** 4) - Fraction(1, 2))
        assert tie_distance > Fraction(1, 10 ** 8), (name, value)
        frozen[name] = format(Decimal(r.numerator * 10 ** 4 // r.denominator).scaleb(-4), "f")
    return {"per_day": sig(a), "per_wdd": sig(b), "r_squared": sig(r2), "cv_rmse": sig(cv), "nmbe": sig(nmbe),
            "months": n, "meets_ashrae14": bool(cv <= Decimal("0.15") and abs(nmbe) <= Fraction(5, 100)),
            "frozen": frozen}


def baseline_cases():
    yield ("baseline-gas-24-months", "Two pre-renovation years of gas (station-348 weather 2018-2019, ~1,800 m3/yr) "
           "with moderate noise: meets ASHRAE Guideline 14 monthly limits",
           month_points(2018, 24, "0.9", "0.58", "12", 7))
    yield ("baseline-gas-12-months-noisy", "The minimum 12 months (2021) with heavy noise: CV(RMSE) above 15%, "
           "fails ASHRAE Guideline 14",
           month_points(2021, 12, "0.9", "0.58", "80", 11))
    yield ("baseline-electricity-36-months", "Three years of electricity in kWh (2015-2017), small noise",
           month_points(2015, 36, "6.5", "1.2", "25", 3, places=2))
    yield ("baseline-too-few-months", "11 months are not enough for a baseline",
           month_points(2018, 11, "0.9", "0.58", "12", 7))
    singular = [{"days": dd, "weighted_degree_days": str(10 * dd), "use": str(30 * dd)}
                for dd in (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)]
    yield ("baseline-singular", "Degree days proportional to days cannot be separated from them", singular)


# ---------------------------------------------------------------------------------------------------- checks


def figure(result, name):
    return F(next(f["value"] for f in result["figures"] if f["name"] == name))


def check(name, results, settled):
    """Each case proves what its description says (so a change of inputs cannot silently empty it)."""
    statuses = [r["status"] for r in results]
    r0 = results[0]
    expectations = {
        "epv-passes": lambda: statuses == ["met"],
        "epv-fails-by-600": lambda: r0["shortfall"] == "600" and settled["compensation"] == "63.00",
        "epv-multi-family-estimated": lambda: r0["estimated"] and figure(r0, "H_min") == 530,
        "nom-passes-cold-winter": lambda: figure(r0, "N") > 0 and statuses == ["met"],
        "nom-fails-on-building-use": lambda: statuses == ["shortfall"] and figure(r0, "H_above_bundle") == 0
        and F(r0["payable"]) > 0,
        "nom-household-above-bundle": lambda: statuses == ["met"] and figure(r0, "N") > 0
        and figure(r0, "H_above_bundle") == 900,
        "nom-without-submeter": lambda: statuses == ["within_deadband"] and figure(r0, "H") == 2500,
        "savings-threshold-inside": lambda: statuses == ["within_deadband"] and r0["payable"] == "0.00",
        "savings-threshold-beyond": lambda: statuses == ["shortfall"] and F(r0["shortfall"]) < 200,
        "savings-franchise-beyond": lambda: statuses == ["shortfall"] and F(r0["payable"]) > 0,
        "savings-franchise-inside": lambda: statuses == ["within_deadband"] and F(r0["shortfall"]) == 100,
        "savings-cap": lambda: F(r0["after_deadband"]) > F(r0["payable"]) == 1000,
        "savings-excess-share": lambda: F(r0["excess_share"]) > 0 and settled["excess_charge"] == r0["excess_share"],
        "savings-electricity": lambda: r0["unit"] == "kWh" and figure(r0, "days") == 365,
        "pv-within-threshold": lambda: statuses == ["within_deadband"],
        "term-ended": lambda: statuses[0] == "term_ended",
        "netting-building-generation": lambda: 0 < F(settled["netting_offset"]) < F(settled["gross_compensation"]),
        "netting-surplus-exceeds": lambda: F(results[1]["surplus_value"]) > F(results[0]["payable"]) > 0
        and settled["compensation"] == results[2]["payable"],
    }
    assert expectations[name](), name


# ---------------------------------------------------------------------------------------------------- output


def write(name, document):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
        f.write("\n")


def check_samples():
    """The golden terms are those of the sample contracts (contracts/README.md)."""
    with open(os.path.join(ROOT, "contracts", "lineair-aflossing.json")) as f:
        sample = json.load(f)["guarantees"][0]
    assert sample == PV, "the golden PV terms are those of contracts/lineair-aflossing.json"
    with open(os.path.join(ROOT, "contracts", "nom-tussenwoning.json")) as f:
        assert json.load(f)["guarantees"][0] == NOM
    with open(os.path.join(ROOT, "contracts", "hybride-twee-onder-een-kap.json")) as f:
        assert json.load(f)["guarantees"][0] == HYBRIDE


def main():
    check_samples()
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".json"):
            os.remove(os.path.join(OUT, old))
    count = 0
    for name, proves, guarantees, inputs in cases():
        results = [Year(g, i, x).run() for i, (g, x) in enumerate(zip(guarantees, inputs))]
        check(name, results, settlement(results))
        write(name, {"_comment": "generated by scripts/gen_guarantee_golden.py", "case": name, "proves": proves,
                     "guarantees": guarantees, "inputs": inputs,
                     "expected": {"results": results, "settlement": settlement(results)}})
        count += 1
    for name, proves, guarantees, inputs, error in error_cases():
        write(name, {"_comment": "generated by scripts/gen_guarantee_golden.py", "case": name, "proves": proves,
                     "guarantees": guarantees, "inputs": inputs, "expected_error": error})
        count += 1
    for name, proves, points in baseline_cases():
        write(name, {"_comment": "generated by scripts/gen_guarantee_golden.py", "case": name, "proves": proves,
                     "points": points, "expected_fit": fit(points)})
        count += 1
    print(f"wrote {count} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
