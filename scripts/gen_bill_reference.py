#!/usr/bin/env python3
"""Independent reference for renofee's energy bill (docs/domain.md §5), written from the rules, not the C++ code.

Reads tariffs/nl-YYYY.json itself and writes tests/golden/bills/expected.json: for each sample-offer profile
(before/after renovation) x tariff year 2024-2027 x netting rule (the tariff's own and the opposite), every bill
line, the VAT and the total; plus a few extra cases (low/normal split, a half-year period).

Arithmetic: python `fractions.Fraction` for every exact value, `decimal` ROUND_HALF_UP only to round a line to
cents. Brackets are applied the way the rule is phrased: annualised volume A = V * Y / D, part in a bracket =
clamp(A - lo, 0, hi - lo), tax = rate * part * D / Y (the C++ code uses one rearranged fraction instead).

Usage: python3 scripts/gen_bill_reference.py   (from the repository root; standard library only)
"""
import datetime
import json
import os
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Yearly use (kWh import, kWh export, m3 gas) of the five sample offers, before -> after (their expected_use).
PROFILES = {
    "nom-tussenwoning": ((3100, 0, 1450), (4300, 3900, 0)),
    "hybride-twee-onder-een-kap": ((3400, 0, 1800), (4600, 0, 450)),
    "epv-huurappartement": ((2200, 0, 900), (2900, 1800, 0)),
    "warmtefonds-nul-procent": ((2800, 0, 1200), (2200, 2400, 750)),
    "lineair-aflossing": ((3600, 0, 2000), (5200, 2500, 0)),
}
YEARS = (2024, 2025, 2026, 2027)


def F(text):
    return Fraction(Decimal(text))


def cents(x):
    """A Fraction rounded half-up (ties away from zero) to cents, as a string; exact integer arithmetic."""
    sign = -1 if x < 0 else 1
    a = abs(x) * 100
    whole = a.numerator // a.denominator
    if a - whole >= Fraction(1, 2):
        whole += 1
    q = Decimal(sign * whole).scaleb(-2)
    return str(q.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def load(year, directory="tariffs", name=None):
    with open(os.path.join(ROOT, directory, (name or f"nl-{year}") + ".json")) as f:
        return json.load(f)


def bill(tariff, imp, exp, gas, netting, period=None, split=None):
    year = tariff["year"]
    y0, y1 = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    Y = (y1 - y0).days
    if period is None:
        D = Y
    else:
        D = (datetime.date.fromisoformat(period[1]) - datetime.date.fromisoformat(period[0])).days
    share = Fraction(D, Y)
    e, g = tariff["electricity"], tariff["gas"]
    imp, exp, gas = Fraction(imp), Fraction(exp), Fraction(gas)
    billed = max(Fraction(0), imp - exp) if netting else imp
    credited = max(Fraction(0), exp - imp) if netting else exp
    connected = gas > 0
    lines = []

    def add(code, amount_fraction, taxable=True):
        lines.append((code, amount_fraction, taxable))

    if split is not None and "supply_price_low_per_kwh" in e:
        il, inn, el, en = (Fraction(v) for v in split)
        if netting:
            nl, nn = il - el, inn - en
            if nl < 0:
                nl, nn = Fraction(0), max(Fraction(0), nn + nl)
            elif nn < 0:
                nl, nn = max(Fraction(0), nl + nn), Fraction(0)
        else:
            nl, nn = il, inn
        assert nl + nn == billed
        add("supply_electricity_low", nl * F(e["supply_price_low_per_kwh"]))
        add("supply_electricity_normal", nn * F(e["supply_price_normal_per_kwh"]))
    else:
        add("supply_electricity", billed * F(e["supply_price_per_kwh"]))
    if connected:
        add("supply_gas", gas * F(g["supply_price_per_m3"]))
    add("fixed_electricity", 12 * F(e["fixed_charge_per_month"]) * share)
    if connected:
        add("fixed_gas", 12 * F(g["fixed_charge_per_month"]) * share)
    add("network_electricity", F(e["network_charge_per_year"]) * share)
    if connected:
        add("network_gas", F(g["network_charge_per_year"]) * share)
    for carrier, volume, brackets, bound_key, rate_key in (
            ("electricity", billed, e["energy_tax"], "up_to_kwh", "rate_per_kwh"),
            ("gas", gas, g["energy_tax"], "up_to_m3", "rate_per_m3")):
        annual = volume / share
        lo = Fraction(0)
        covered = Fraction(0)  # self-check: the bracket parts add up to the annualised volume
        for n, b in enumerate(brackets, start=1):
            hi = None if b[bound_key] is None else F(b[bound_key])
            part = max(Fraction(0), annual - lo)
            if hi is not None:
                part = min(part, hi - lo)
            covered += part
            if part > 0:
                add(f"energy_tax_{carrier}_{n}", F(b[rate_key]) * part * share)
            if hi is None:
                break
            lo = hi
        else:
            assert annual <= lo, "tariff brackets do not cover the use"
        assert covered == annual, (carrier, covered, annual)
    add("tax_reduction", -F(tariff["tax_reduction_per_year"]) * share)
    # Feed-in (docs/domain.md §5, tariffs/README.md): the price on the credited export; the supplier's costs on
    # every kWh fed in, netted or not; tiers: the monthly amount of the tier holding the year's fed-in volume
    # (annualised like the brackets); without netting, costs above the compensation are waived (ACM: the net
    # feed-in amount is never negative), comparing the amounts as billed in cents.
    comp = Fraction(0)
    if credited > 0:
        comp = Fraction(Decimal(cents(credited * F(e["feed_in_price_per_kwh"]))))
        add("feed_in_compensation", -credited * F(e["feed_in_price_per_kwh"]), taxable=False)
    costs = Fraction(0)
    if F(e["feed_in_cost_per_kwh"]) != 0 and exp > 0:
        add("feed_in_cost", exp * F(e["feed_in_cost_per_kwh"]))
        costs += Fraction(Decimal(cents(exp * F(e["feed_in_cost_per_kwh"]))))
    annual_fed_in = exp / share
    lo = Fraction(0)
    for tier in (e.get("feed_in_cost_tiers", []) if exp > 0 else []):  # nothing fed in, no tier cost
        hi = None if tier["up_to_kwh"] is None else F(tier["up_to_kwh"])
        if hi is None or annual_fed_in <= hi:
            if F(tier["per_month"]) != 0:
                amount = 12 * F(tier["per_month"]) * share
                add("feed_in_cost_tier", amount)
                costs += Fraction(Decimal(cents(amount)))
            break
        lo = hi
    if not netting and costs > comp:
        add("feed_in_cost_acm_floor", comp - costs)
    rounded = [(c, Fraction(Decimal(cents(a))), t) for c, a, t in lines]
    vat_base = sum((a for _, a, t in rounded if t), Fraction(0))
    vat = Fraction(Decimal(cents(vat_base * F(tariff["vat_rate"]))))
    total = sum((a for _, a, _ in rounded), Fraction(0)) + vat
    return {
        "lines": [{"code": c, "amount": cents(a)} for c, a, _ in rounded],
        "vat_base": cents(vat_base),
        "vat": cents(vat),
        "total": cents(total),
    }


def main():
    cases = []
    tariffs = {y: load(y) for y in YEARS}
    for name, (before, after) in PROFILES.items():
        for year in YEARS:
            t = tariffs[year]
            for netting in (t["netting"], not t["netting"]):
                for state, (imp, exp, gas) in (("before", before), ("after", after)):
                    case = {"profile": name, "state": state, "tariff": t["id"], "netting": netting,
                            "use": {"electricity_import_kwh": str(imp), "electricity_export_kwh": str(exp),
                                    "gas_m3": str(gas)}}
                    case.update(bill(t, imp, exp, gas, netting))
                    cases.append(case)
    # Extra cases: low/normal split (2025 and 2026 carry split prices), half-year periods, a bracket boundary.
    extras = [
        ("split-surplus-low", 2026, (4300, 3900, 0), True, None, ("1800", "2500", "2600", "1300")),
        ("split-surplus-low", 2026, (4300, 3900, 0), False, None, ("1800", "2500", "2600", "1300")),
        ("split-surplus-normal", 2025, (3000, 3500, 800), True, None, ("2000", "1000", "500", "3000")),
        ("half-year", 2026, (1550, 0, 725), True, ("2026-01-01", "2026-07-01"), None),
        ("half-year-pv", 2027, (2150, 1950, 0), False, ("2027-01-01", "2027-07-02"), None),
        ("leap-quarter-big", 2024, (6000, 0, 50000), True, ("2024-01-01", "2024-04-01"), None),
        ("bracket-10000", 2026, (10000, 0, 0), True, None, None),
        ("bracket-10001", 2026, (10001, 0, 0), True, None, None),
        # Feed-in costs in the tiered supplier model (tests/data/tariffs/tiered-2026.json): with netting the
        # 1,200 kWh tier costs apply though nothing is credited; without, 600 kWh earn 30.00 against 54.00 of
        # costs and the ACM floor waives 24.00, while 1,200 kWh earn 60.00 and pay the full 54.00; a half year
        # is scaled to a year to find its tier.
        ("tiered-netting", "tiered-2026", (4300, 1200, 0), True, None, None),
        ("tiered-acm-floor", "tiered-2026", (4300, 600, 0), False, None, None),
        ("tiered-above-floor", "tiered-2026", (4300, 1200, 0), False, None, None),
        ("tiered-half-year", "tiered-2026", (2150, 1600, 0), True, ("2026-01-01", "2026-07-02"), None),
    ]
    for name, year, (imp, exp, gas), netting, period, split in extras:
        t = tariffs[year] if isinstance(year, int) else load(2026, os.path.join("tests", "data", "tariffs"), year)
        case = {"profile": name, "state": "extra", "tariff": t["id"], "netting": netting,
                "use": {"electricity_import_kwh": str(imp), "electricity_export_kwh": str(exp),
                        "gas_m3": str(gas)}}
        if split:
            case["use"]["low_normal"] = dict(zip(
                ("import_low_kwh", "import_normal_kwh", "export_low_kwh", "export_normal_kwh"), split))
        if period:
            case["period"] = list(period)
        if not isinstance(year, int):
            case["tariff_dir"] = "tests/data/tariffs"
        case.update(bill(t, imp, exp, gas, netting, period, split))
        cases.append(case)
    out = {"generator": "scripts/gen_bill_reference.py", "rules": "docs/domain.md §5", "cases": cases}
    path = os.path.join(ROOT, "tests", "golden", "bills", "expected.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(cases)} cases -> {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    main()
