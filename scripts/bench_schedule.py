#!/usr/bin/env python3
"""The python3 `decimal` reference for bench/schedule_bench.cpp: the same 360-month annuity schedule
(35,000.00 at 3.9% nominal or effective, half_up, every row rounded to cents, due dates included),
timed with timeit. Prints microseconds per schedule as JSON: {"nominal": ..., "effective": ...}.
Used by scripts/bench_schedule.sh."""

import datetime
import json
import timeit
from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
START = datetime.date(2026, 3, 1)


def schedule(principal, annual, basis, term):
    with localcontext() as ctx:
        ctx.prec = 50
        if basis == "nominal":
            i = annual / 12
        else:
            i = (1 + annual) ** (Decimal(1) / 12) - 1
        payment = (principal * i / (1 - (1 + i) ** -term)).quantize(CENT, ROUND_HALF_UP)
        rows = []
        balance = principal
        for m in range(1, term + 1):
            months = START.month - 1 + m - 1
            due = datetime.date(START.year + months // 12, months % 12 + 1, START.day)
            interest = (balance * i).quantize(CENT, ROUND_HALF_UP)
            part = balance if m == term else min(payment - interest, balance)
            opening = balance
            balance -= part
            rows.append((m, due, opening, interest, part, interest + part, balance))
        return rows


def main():
    principal, annual = Decimal("35000.00"), Decimal("0.039")
    out = {}
    for basis in ("nominal", "effective"):
        timer = timeit.Timer(lambda: schedule(principal, annual, basis, 360))
        loops, _ = timer.autorange()
        best = min(timer.repeat(repeat=5, number=loops)) / loops
        out[basis] = best * 1e6
    print(json.dumps(out))


if __name__ == "__main__":
    main()
