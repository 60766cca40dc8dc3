#!/usr/bin/env python3
"""Generate tests/data/apr_dates_reference.tsv: the APR from the schedule's own dates (rules issue, item 4).

Purpose
-------
The APR (Dutch JKP) of EU Directive 2008/48/EC Annex I solves
    sum_k drawdown_k (1 + X)^(-s_k) = sum_l payment_l (1 + X)^(-t_l)
with times in years from the drawdown; remark (c): a year is 12 equal months, so a payment m whole months after
the drawdown is at t = m/12. renofee's schedule pays row 1 on the offer's start date. This reference places the
drawdown `lead` whole months before it (lead 1 is the default: the first payment one month after the drawdown;
lead 0, a drawdown on the start date, puts row 1's payment at t = 0), and counts the service fee in the
payments when the terms say it is compulsory for the credit (Directive art. 3(g): the total cost of credit
includes the costs of ancillary services that are compulsory to obtain the credit).

The schedule rows come from scripts/gen_schedule_reference.py (its independent integer/fraction arithmetic).
The APR is found here differently from renofee and from that script: by bisection on X with exact
``fractions.Fraction`` arithmetic (v = (1+X)^(-1/12) bracketed between two rationals until the bracket decides
the three published roundings). Standard library only, fixed seed:
``python3 scripts/gen_apr_dates_reference.py > tests/data/apr_dates_reference.tsv``.

Line format (tab separated)
---------------------------
id principal annual_rate basis term method grace fee index_kind index_value lead fee_in_apr | apr12 apr1 apr2
apr12: X with 12 decimals (half-even); apr1/apr2: 100 X half-up to 1 and 2 decimals.
"""
import datetime
import os
import random
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_schedule_reference as ref  # noqa: E402  (the schedule rows, from the schedule's own reference)


def flows(offer, lead, fee_in_apr):
    """(drawdown in cents, [(month, cents)]): row m is paid lead + m - 1 months after the drawdown."""
    _, rows = ref.schedule(offer)
    drawdown = ref.cents(offer["principal"])
    out = []
    for r in rows:
        amount = r[5] + (r[6] if fee_in_apr else 0)  # financing payment (+ service fee)
        month = lead + r[0] - 1
        if amount == 0:
            continue
        if month == 0:
            drawdown -= amount  # paid at the drawdown: it lowers what is lent
        else:
            out.append((month, amount))
    return drawdown, out


def present_value(v, flows_):
    """sum c v^m by Horner over the months (exact Fractions)."""
    by_month = {}
    for m, c in flows_:
        by_month[m] = by_month.get(m, 0) + c
    total = Fraction(0)
    for m in range(max(by_month), 0, -1):
        total = (total + by_month.get(m, 0)) * v
    return total


def decides(lo, hi):
    """The three published figures when both ends of the X bracket round alike, else None."""
    def figures(x):
        d = Decimal(x.numerator) / Decimal(x.denominator)
        return (d.quantize(Decimal("1e-12"), rounding=ROUND_HALF_EVEN),
                (100 * d).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                (100 * d).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    a, b = figures(lo), figures(hi)
    return a if a == b else None


def apr(drawdown, flows_):
    if sum(c for _, c in flows_) == drawdown:
        return Decimal(0).quantize(Decimal("1e-12")), Decimal("0.0"), Decimal("0.00")
    # A float guess only places the bracket; the bracket itself is proved with exact sign checks.
    guess = 0.99
    for _ in range(60):
        g = sum(c * guess ** m for m, c in flows_) - drawdown
        dg = sum(m * c * guess ** (m - 1) for m, c in flows_)
        guess -= g / dg
    width = Fraction(1, 2**30)
    while True:
        lo_v = max(Fraction(guess) - width, Fraction(1, 10**6))
        hi_v = min(Fraction(guess) + width, Fraction(1))
        if present_value(lo_v, flows_) <= drawdown < present_value(hi_v, flows_) or \
                present_value(lo_v, flows_) <= drawdown == present_value(hi_v, flows_):
            break
        width *= 1024
    while True:
        mid = Fraction(int((lo_v + hi_v) / 2 * 2**96), 2**96)
        if mid in (lo_v, hi_v):
            raise AssertionError("bracket cannot narrow further")
        if present_value(mid, flows_) > drawdown:
            hi_v = mid
        else:
            lo_v = mid
        if hi_v - lo_v < Fraction(1, 10**18):
            # X = v^-12 - 1 falls as v rises: hi_v gives the lower X
            got = decides(hi_v ** -12 - 1, lo_v ** -12 - 1)
            if got is not None:
                return got


def fmt_value(v):
    if v is None:
        return "-"
    if isinstance(v, list):
        return "|".join(str(x) for x in v)
    return str(v)


def line(offer, lead, fee_in_apr):
    drawdown, fl = flows(offer, lead, fee_in_apr)
    a12, a1, a2 = apr(drawdown, fl)
    cols = [offer["id"], offer["principal"], offer["rate"], offer["basis"], str(offer["term"]), offer["method"],
            str(offer["grace"]), offer["fee"], offer["index_kind"], fmt_value(offer["index_value"]), str(lead),
            "1" if fee_in_apr else "0", format(a12, "f"), format(a1, "f"), format(a2, "f")]
    return "\t".join(cols)


def main():
    rng = random.Random(20261202)
    print("# APR from the schedule's own dates, generated by scripts/gen_apr_dates_reference.py (seed 20261202).")
    print("# Columns are described in the generator's docstring.")
    base = {"grace": 0, "rounding": "half_up", "start": datetime.date(2026, 3, 1), "fee": "0.00",
            "index_kind": "none", "index_value": None, "cap": None, "method": "annuity"}
    demo = dict(base, id="issue-demo", principal="35000.00", rate="0.039", basis="nominal", term=240)
    print(line(demo, 1, False))   # the published 3.97 %: first payment one month after the drawdown
    print(line(demo, 0, False))   # drawdown on the first due date: the 4.01 % of the issue
    print(line(dict(demo, id="issue-demo-fee", fee="19.50", index_kind="fixed", index_value=Decimal("0.02")),
               1, True))          # a compulsory service fee counted
    print(line(dict(demo, id="issue-demo-fee", fee="19.50", index_kind="fixed", index_value=Decimal("0.02")),
               1, False))
    print(line(dict(demo, id="issue-demo-lead3"), 3, False))
    for k in range(60):
        offer = ref.random_offer(rng, k)
        offer["rounding"] = "half_up"
        if offer["term"] > 240:
            offer["term"] = 240
            offer["grace"] = min(offer["grace"], 239)
            if offer["index_kind"] == "series":
                offer["index_value"] = offer["index_value"][:19]
        print(line(offer, rng.choice([0, 1, 1, 1, 2, 6]), rng.random() < 0.5))


if __name__ == "__main__":
    main()
