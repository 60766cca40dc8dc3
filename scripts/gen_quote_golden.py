#!/usr/bin/env python3
"""Generate tests/golden/quotes/<id>.json: the expected quote figures of every sample offer in contracts/ and of
the EPV offers in tests/data/offers/epv/.

Independent of renofee: the figures come from python's integers, ``fractions`` and ``decimal`` (standard library
only), reusing the two independent references of this directory:
  * scripts/gen_schedule_reference.py  -- fee schedule rows and APR (docs/domain.md §4),
  * scripts/gen_bill_reference.py      -- energy bills line by line (docs/domain.md §5),
and implementing the quote's own rules here (docs/domain.md §5, include/renofee/core/quote/quote.hpp):
  * principal = given, or sum(measure costs) - sum(subsidies) - down payment;
  * EPV caps (rented homes) = rate per m2 from tariffs/epv.json x floor area, half-up to cents, one per table row
    in force from the start date (rows by validity date; each month capped by the row valid on its due date);
  * network charges of the home's operator (dwelling.network_operator: that region's figures of the tariff year);
  * monthly saving = (bill before - bill after) / 12, half-up to cents, for the tariff year's own netting rule
    and for the other rule ("alternative");
  * tested fee = the highest monthly total of the first contract year after the grace months (the first month
    after grace when grace >= 12);
  * woonlastenimpacttoets: fee <= monthly saving; PAYS: fee <= 0.8 x saving (limit shown rounded toward zero to
    cents) and term <= 0.8 x 12 x cost-weighted life (shown with 2 decimals toward zero; life with 4 decimals
    half-even).
Each golden file is a subset of renofee's quote JSON (tests/golden/quote_golden_test.cpp compares every value as
text). Regenerate with ``python3 scripts/gen_quote_golden.py``; the output is deterministic.
"""

import datetime
import importlib.util
import json
import os
import sys
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_module(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sched = load_module("gen_schedule_reference")
bills = load_module("gen_bill_reference")


def fmt_cents(c):
    return str((Decimal(c) / 100).quantize(Decimal("0.01")))


def money(text):
    return Decimal(text)


def quantize(value, places, rounding):
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=rounding))


def epv_caps(table, dwelling, start):
    """The EPV caps of the offer from its start date (tariffs/epv.json): the rows of its key, each valid
    [valid_from, valid_until]; the first cap is the row valid on the start date, every later row starts on its
    valid_from; the last row stays in force. Each cap = rate x floor area, half-up to cents."""
    scheme, epv_class = dwelling["epv"]["scheme"], dwelling["epv"]["class"]
    regime = "epv2" if scheme == "epv2" else "2016"
    wanted = epv_class if scheme == "epv2" else "heat_demand_le_" + epv_class[1:]
    rows = []
    for row in table["rates"]:
        if row["regime"] != regime or row["class"] != wanted:
            continue
        if row.get("dwelling") not in (None, dwelling["type"]):
            continue
        if row.get("built_from") is not None and dwelling["build_year"] < row["built_from"]:
            continue
        if row.get("built_before") is not None and dwelling["build_year"] >= row["built_before"]:
            continue
        rows.append(row)
    rows.sort(key=lambda r: r["valid_from"])
    caps = []
    for row in rows:
        begin = datetime.date.fromisoformat(row["valid_from"])
        until = datetime.date.fromisoformat(row["valid_until"]) if "valid_until" in row else None
        if until is not None and until < start:
            continue
        cap = (Decimal(row["rate_per_m2_month"]) * dwelling["floor_area_m2"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
        caps.append({"from": max(begin, start).isoformat(), "rate_per_m2_month": row["rate_per_m2_month"],
                     "monthly_cap": str(cap), "source": row["source"]})
    assert caps and caps[0]["from"] == start.isoformat(), "no EPV row valid on the start date"
    return caps


def schedule_offer(offer, cap):
    f = offer["financing"]
    fee = offer["service_fee"]
    ix = fee.get("indexation", {"kind": "none"})
    measures = sum(money(m["cost"]) for m in offer["measures"])
    subsidies = sum((money(s["amount"]) for s in offer.get("subsidies", [])), Decimal(0))
    principal = f.get("principal") or str(measures - subsidies - money(offer.get("down_payment", "0.00")))
    if ix["kind"] == "fixed":
        value = Decimal(ix["annual_rate"])
    elif ix["kind"] == "series":
        value = [1 + Decimal(r) for r in ix["annual_rates"]]
    else:
        value = None
    return principal, {
        "id": offer["id"], "principal": principal, "rate": f["annual_rate"], "basis": f.get("rate_basis", "nominal"),
        "term": f["term_months"], "method": f["method"], "grace": f.get("grace_months", 0),
        "rounding": f.get("rounding", "half_up"), "start": datetime.date.fromisoformat(offer["start_date"]),
        "fee": fee["monthly"], "index_kind": ix["kind"], "index_value": value,
        "cap": None if cap is None else str(cap),
    }


def with_cap_changes(ref_offer, caps):
    ref_offer["cap_changes"] = [(datetime.date.fromisoformat(c["from"]), c["monthly_cap"]) for c in caps[1:]]
    return ref_offer


def row_json(r):
    m, due, opening, interest, principal, payment, service, total, closing = r
    return {"month": m, "due_date": due.isoformat(), "opening_balance": fmt_cents(opening),
            "interest": fmt_cents(interest), "principal": fmt_cents(principal),
            "financing_payment": fmt_cents(payment), "service_fee": fmt_cents(service), "total": fmt_cents(total),
            "closing_balance": fmt_cents(closing)}


def half_up_cents(fraction):
    return Decimal(bills.cents(fraction))


def comparison(use, tariff, netting, with_bills):
    before = bills.bill(tariff, use["before"]["electricity_import_kwh"],
                        use["before"].get("electricity_export_kwh", "0"), use["before"]["gas_m3"], netting)
    after = bills.bill(tariff, use["after"]["electricity_import_kwh"],
                       use["after"].get("electricity_export_kwh", "0"), use["after"]["gas_m3"], netting)
    yearly = Decimal(before["total"]) - Decimal(after["total"])
    monthly = half_up_cents(Fraction(yearly) / 12)
    out = {"netting": netting}
    if with_bills:
        out["bill_before"] = {"netting": netting, "lines": [{"code": l["code"], "amount": l["amount"]} for l in before["lines"]],
                              "vat": before["vat"], "total": before["total"]}
        out["bill_after"] = {"netting": netting, "lines": [{"code": l["code"], "amount": l["amount"]} for l in after["lines"]],
                             "vat": after["vat"], "total": after["total"]}
    else:
        out["bill_before_total"] = before["total"]
        out["bill_after_total"] = after["total"]
    out["yearly_saving"] = str(yearly)
    out["monthly_saving"] = str(monthly)
    return out, monthly


def golden(path):
    offer = json.load(open(path, encoding="utf-8"))
    d = offer["dwelling"]
    cap, caps = None, []
    if d["tenure"] == "rented":
        table = json.load(open(os.path.join(ROOT, "tariffs", "epv.json"), encoding="utf-8"))
        caps = epv_caps(table, d, datetime.date.fromisoformat(offer["start_date"]))
        cap = Decimal(caps[0]["monthly_cap"])
    principal, ref_offer = schedule_offer(offer, cap)
    ref_offer = with_cap_changes(ref_offer, caps)
    regular, rows = sched.schedule(ref_offer)
    p = sched.cents(principal)
    x = sched.apr(p, rows)
    term, grace = ref_offer["term"], ref_offer["grace"]
    years = (term + 11) // 12

    fee_by_year = []
    for year in sorted({1, 10, years}):
        if year > years:
            continue
        r = rows[(year - 1) * 12]
        fee_by_year.append({"year": year, "financing_payment": fmt_cents(r[5]), "service_fee": fmt_cents(r[6]),
                            "total": fmt_cents(r[7])})
    first, last = grace + 1, max(grace + 1, min(12, len(rows)))
    tested_month = max(range(first, last + 1), key=lambda m: (rows[m - 1][7], -m))
    tested_fee = Decimal(fmt_cents(rows[tested_month - 1][7]))

    cost = sum(money(m["cost"]) for m in offer["measures"])
    cost_years = sum(money(m["cost"]) * m["lifetime_years"] for m in offer["measures"])
    life = Fraction(cost_years) / Fraction(cost)

    tariff_years = []
    for tariff_id in offer["tariffs"]:
        tariff = json.load(open(os.path.join(ROOT, "tariffs", tariff_id + ".json"), encoding="utf-8"))
        operator = d.get("network_operator", tariff.get("network_operator"))
        if operator != tariff.get("network_operator"):  # the home's region: that operator's network charges
            region = tariff["network_regions"][operator]
            tariff["electricity"]["network_charge_per_year"] = region["electricity_per_year"]
            tariff["gas"]["network_charge_per_year"] = region["gas_per_year"]
        energy, saving = comparison(offer["expected_use"], tariff, tariff["netting"], True)
        alternative, _ = comparison(offer["expected_use"], tariff, not tariff["netting"], False)
        pays_fee_ok = Fraction(tested_fee) <= Fraction(saving) * Fraction(8, 10)
        pays_term_ok = Fraction(term) <= Fraction(96, 10) * life
        tariff_years.append({
            "tariff_id": tariff_id, "year": tariff["year"], "energy": energy, "alternative": alternative,
            "net_monthly_effect": str(saving - tested_fee),
            "affordability": {
                "woonlastenimpacttoets": {"monthly_fee": str(tested_fee), "monthly_saving": str(saving),
                                          "headroom": str(saving - tested_fee), "passed": tested_fee <= saving},
                "pays": {"monthly_fee": str(tested_fee),
                         "fee_limit": quantize(saving * Decimal("0.8"), 2, ROUND_DOWN),
                         "fee_passed": pays_fee_ok,
                         "weighted_life_years": quantize(Decimal(life.numerator) / Decimal(life.denominator), 4, ROUND_HALF_EVEN),
                         "term_months": term,
                         "term_limit_months": quantize(Decimal(cost_years) * Decimal("9.6") / Decimal(cost), 2, ROUND_DOWN),
                         "term_passed": pays_term_ok, "passed": pays_fee_ok and pays_term_ok},
            },
        })

    interest = sum(r[3] for r in rows)
    payments = sum(r[5] for r in rows)
    service = sum(r[6] for r in rows)
    total = sum(r[7] for r in rows)
    out = {
        "_comment": "generated by scripts/gen_quote_golden.py from " + os.path.relpath(path, ROOT) +
                    "; figures independent of renofee",
        "offer_id": offer["id"],
        "principal": principal,
        "financing": {
            "regular_payment": fmt_cents(regular),
            "apr": {"percent": quantize(x * 100, 1, ROUND_HALF_UP), "percent_two_decimals": quantize(x * 100, 2, ROUND_HALF_UP)},
        },
        "first_month": row_json(rows[0]),
        "fee_by_year": fee_by_year,
        "tested_fee": {"month": tested_month, "total": str(tested_fee)},
        "totals": {"interest": fmt_cents(interest), "principal": principal, "financing_payments": fmt_cents(payments),
                   "cost_of_credit": fmt_cents(payments - p), "service_fees": fmt_cents(service),
                   "total_payable": fmt_cents(total)},
        "tariff_years": tariff_years,
    }
    if cap is not None:
        out["epv_monthly_cap"] = str(cap)
        out["epv"] = {"caps": caps, "cap_reductions": fmt_cents(sum(r[5] + r[6] - r[7] for r in rows)),
                      "cap_reductions_carried_by": d["epv"].get("cap_reductions_carried_by", "landlord")}
    return out


def main():
    out_dir = os.path.join(ROOT, "tests", "golden", "quotes")
    os.makedirs(out_dir, exist_ok=True)
    contracts = os.path.join(ROOT, "contracts")
    # The sample offers, and EPV offers whose caps change by date (tests/data/offers/epv: the 2016 regime
    # across the 1 July 2025 adjustment, and after it).
    extra = os.path.join(ROOT, "tests", "data", "offers", "epv")
    paths = [os.path.join(contracts, n) for n in sorted(os.listdir(contracts)) if n.endswith(".json")]
    paths += [os.path.join(extra, n) for n in sorted(os.listdir(extra)) if n.endswith(".json")]
    for path in paths:
        name = os.path.basename(path)
        data = golden(path)
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=False, ensure_ascii=False)
            f.write("\n")
        print("wrote", os.path.relpath(os.path.join(out_dir, name), ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
