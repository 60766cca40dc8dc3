#!/usr/bin/env python3
"""Independent reference for a renovation in steps (docs/campaigns.md, "Plans in steps").

Written from the rules in include/renofee/core/finance/stepwise.hpp and docs/campaigns.md, with python's
fractions and decimal: each step's drawdown repaid by its own annuity (A = P i / (1 - (1 + i)^-n) rounded
half-up to cents; interest = balance x i rounded half-up each month; the last month pays the balance) from the
month after it to the plan's end; the APR of Annex I (2008/48/EC) over all drawdowns, solved here by bisection
on X itself in 60-digit decimal arithmetic (not on v as the C++ does); and the integral plan (everything drawn
at month 0) beside it.

Output: tests/data/stepwise_reference.txt, '|'-separated lines:
  plan|<name>|apr|<X, 12 decimals>|<percent 1 decimal>|<percent 2 decimals>
  plan|<name>|totals|<drawn>|<payments>|<cost of credit>
  plan|<name>|steps|<regular payment of each step, ','>
  plan|<name>|months|<payment of every month, ','>

Run: python3 scripts/gen_stepwise_reference.py > tests/data/stepwise_reference.txt
"""
import os
import sys
from decimal import Decimal, localcontext, ROUND_HALF_EVEN, ROUND_HALF_UP
from fractions import Fraction as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exact_rounding import rnd  # noqa: E402

RATE = F("0.039") / 12  # nominal 3.9 % a year, monthly
TERM = 360
PLANS = {
    # 2026-05: insulation and ventilation; 2029-05: the heat pump; 2031-05: PV (months after the first drawdown)
    "three-steps": [(0, F("25000.00")), (36, F("9125.00")), (60, F("10000.00"))],
    "integral": [(0, F("44125.00"))],
    "one-step": [(0, F("33204.10"))],
}


def cents(x):
    return rnd(x, 2, "half_up")


def repayment(principal, months):
    """The payments of one drawdown: annuity rows, interest half-up, the last month pays the balance."""
    grown = (1 + RATE) ** months
    a = cents(principal * RATE * grown / (grown - 1))
    balance, rows = principal, []
    for m in range(1, months + 1):
        interest = cents(balance * RATE)
        pay = balance + interest if m == months else min(a, balance + interest)
        balance = balance + interest - pay
        rows.append(pay)
    return a, rows


def apr(drawdowns, payments):
    with localcontext() as ctx:
        ctx.prec = 60

        def npv(x):
            base = Decimal(1) + x
            total = Decimal(0)
            for m, p in payments:
                total += Decimal(p.numerator) / Decimal(p.denominator) * base ** (Decimal(-m) / Decimal(12))
            for m, d in drawdowns:
                total -= Decimal(d.numerator) / Decimal(d.denominator) * base ** (Decimal(-m) / Decimal(12))
            return total
        lo, hi = Decimal(0), Decimal(1)
        for _ in range(200):
            mid = (lo + hi) / 2
            if npv(mid) > 0:
                lo = mid
            else:
                hi = mid
        x = lo
        pct = x * 100
        return (x.quantize(Decimal("1e-12"), rounding=ROUND_HALF_EVEN),
                pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                pct.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def text(x):
    return f"{Decimal(x.numerator) / Decimal(x.denominator):.2f}"


def main():
    for name, steps in PLANS.items():
        months = [F(0)] * TERM
        regular = []
        for start, amount in steps:
            a, rows = repayment(amount, TERM - start)
            regular.append(a)
            for j, pay in enumerate(rows, start=1):
                months[start + j - 1] += pay
        drawn, paid = sum(a for _, a in steps), sum(months)
        x, p1, p2 = apr(steps, [(m + 1, p) for m, p in enumerate(months)])
        print(f"plan|{name}|apr|{x}|{p1}|{p2}")
        print(f"plan|{name}|totals|{text(drawn)}|{text(paid)}|{text(paid - drawn)}")
        print(f"plan|{name}|steps|{','.join(text(a) for a in regular)}")
        print(f"plan|{name}|months|{','.join(text(p) for p in months)}")


if __name__ == "__main__":
    main()
