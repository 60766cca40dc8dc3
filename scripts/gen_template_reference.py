#!/usr/bin/env python3
"""Independent reference for a house-type template applied to homes (docs/campaigns.md).

Written from the rules in docs/campaigns.md with python's fractions, not from the C++ code: areas (the home's
own or floor area x ratio, half-even to 1 decimal; kWp to 2), cost = amount x quantity half-up to cents,
subsidy likewise, at most its cap and the measure's cost, expected use after = a x electricity + b x gas +
c x floor + d x kWp + e half-even to 3 decimals, and the principal = costs - subsidies.

Run: python3 scripts/gen_template_reference.py contracts/templates/tussenwoning-1965-1974.json \
       tests/data/campaign/homes-3.csv > tests/data/campaign/template_reference.json
"""
import csv
import json
import sys
from decimal import Decimal
from fractions import Fraction as F
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exact_rounding import rnd  # noqa: E402


def text(x, places):
    x = rnd(x, places, "half_even")
    sign = "-" if x < 0 else ""
    x = abs(x)
    whole = x.numerator // x.denominator
    frac = x - whole
    digits = str(int(frac * 10 ** places)).rjust(places, "0") if places else ""
    return sign + str(whole) + ("." + digits if places else "")


def main(template_path, homes_path):
    t = json.load(open(template_path, encoding="utf-8"))
    areas = {k: F(v) for k, v in t["areas"].items()}
    out = []
    for row in csv.DictReader(open(homes_path, encoding="utf-8")):
        floor = F(int(row["floor_area_m2"]))
        facade = F(row["facade_m2"]) if row["facade_m2"] else rnd(floor * areas["facade_m2_per_floor_m2"], 1, "half_even")
        roof = F(row["roof_m2"]) if row["roof_m2"] else rnd(floor * areas["roof_m2_per_floor_m2"], 1, "half_even")
        kwp = F(row["pv_kwp"]) if row["pv_kwp"] else rnd(roof * areas["kwp_per_roof_m2"], 2, "half_even")
        qty = {"home": F(1), "floor_m2": floor, "facade_m2": facade, "roof_m2": roof, "kwp": kwp}
        costs, subsidies = [], []
        for m in t["measures"]:
            cost = rnd(F(m["cost"]["amount"]) * qty[m["cost"]["per"]], 2, "half_up")
            costs.append(cost)
            s = m.get("subsidy")
            if s:
                amount = rnd(F(s["amount"]) * qty[s["per"]], 2, "half_up")
                if "cap" in s:
                    amount = min(amount, F(s["cap"]))
                subsidies.append(min(amount, cost))
        e, g = F(row["electricity_kwh"]), F(row["gas_m3"])

        def uses(rules):
            values = {}
            for field, rule in rules.items():
                value = (F(rule.get("per_electricity", "0")) * e + F(rule.get("per_gas", "0")) * g +
                         F(rule.get("per_floor_m2", "0")) * floor + F(rule.get("per_kwp", "0")) * kwp +
                         F(rule.get("constant", "0")))
                values[field] = rnd(value, 3, "half_even")
            return values
        final = uses(t["expected_use_after"])
        after = {field: text(v, 3) for field, v in final.items()}
        # The steps (docs/campaigns.md "Steps in a template"): each step's drawdown (its measures' costs minus
        # their subsidies) and the use after it; then per contract year of the first 8 the year's gas, net
        # electricity and CO2 in steps: each month 1/12 of the state's yearly use, the year half_even to 6
        # decimals, CO2 = gas x 1.780 + net x 0.34.
        steps, states = [], []
        subsidy_of, n = {}, 0
        for i, m in enumerate(t["measures"]):
            if m.get("subsidy"):
                subsidy_of[i] = n
                n += 1
        for step in t.get("steps", []):
            idx = [i for i, m in enumerate(t["measures"]) if m["kind"] in step["measures"]]
            drawdown = sum(costs[i] for i in idx) - sum(subsidies[subsidy_of[i]] for i in idx if i in subsidy_of)
            state = uses(step["expected_use_after"]) if "expected_use_after" in step else final
            states.append((step["after_months"], state))
            steps.append({"month": step["after_months"], "drawdown": text(drawdown, 2),
                          "after": {k: text(state[k], 3) for k in ("electricity_import_kwh", "electricity_export_kwh",
                                                                   "gas_m3")}})
        years = []
        for y in range(8 if steps else 0):
            gas = net = F(0)
            for month in range(12 * y, 12 * y + 12):
                state = [st for mo, st in states if mo <= month][-1]
                gas += state["gas_m3"]
                net += state["electricity_import_kwh"] - state["electricity_export_kwh"]
            gas, net = rnd(gas / 12, 6, "half_even"), rnd(net / 12, 6, "half_even")
            years.append({"year": y + 1, "gas_m3": text(gas, 6), "net_electricity_kwh": text(net, 6),
                          "co2_kg": text(gas * F("1.780") + net * F("0.34"), 8)})
        out.append({"address": row["postcode"] + " " + row["number"], "facade_m2": text(facade, 1),
                    "roof_m2": text(roof, 1), "pv_kwp": text(kwp, 2),
                    "measure_costs": [text(c, 2) for c in costs], "subsidies": [text(s, 2) for s in subsidies],
                    "investment": text(sum(costs), 2), "subsidy_total": text(sum(subsidies), 2),
                    "principal": text(sum(costs) - sum(subsidies), 2), "after": after,
                    "use_source": row["use_source"], "steps": steps, "years_in_steps": years})
    json.dump({"template": t["template"], "homes": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
