#!/usr/bin/env python3
"""Reference fixtures for early repayment (payoff quotes) and statutory collection costs.

Writes (standard library only, fixed seed, reproducible):
  tests/data/finance/payoff_reference.tsv            random offers x random payoff dates x both rules
  tests/data/finance/collection_costs_reference.tsv  random and edge principal claims
  tests/data/finance/arrears_reference.tsv           random fee histories with payments and returns

Payoff (docs/domain.md §4.6, include/renofee/core/finance/payoff.hpp), independently of the C++: the schedule comes
from scripts/gen_schedule_reference.py (integers and fractions); drawdown = start - 1 month (end-of-month clamped);
k = instalments due on or before D; balance = the balance after k instalments; accrued = balance x i x
days(due_k, D) / days(due_k, due_k+1) as an exact fraction rounded once to cents in the offer's rounding mode;
statutory_cap compensation = balance x (1 % when D + 12 months < the last due date, else 0.5 %), half_up to
cents, at most the interest still to come (sum of interest of rows k+1..term - accrued); total = balance + accrued
+ compensation. Columns: id principal rate basis term method grace rounding start as_of rule | k balance accrued
interest_remaining compensation total.

Collection costs (Besluit vergoeding voor buitengerechtelijke incassokosten, Stb. 2012, 141, art. 2): 15 % of the
first 2,500.00 of the principal claim, 10 % of the next 2,500.00, 5 % of the next 5,000.00, 1 % of the next
190,000.00, 0.5 % of the rest; at least 40.00, at most 6,775.00. Each tier's amount is exact; the sum is rounded
half_up to cents once, then the minimum and maximum applied. VAT (21 %) is added only for a creditor that cannot
deduct it (column vat = yes). Columns: principal vat | costs.

Arrears (include/renofee/core/collections/arrears.hpp): only what is dated on or before D counts; net paid =
sum of payments (returns negative); the charges in due-date order take what is left of it, oldest first (BW 6:43
lid 2); open fees are the rest; overdue = open of fees due before D; days past due = D - the due date of the
oldest overdue fee; credit = net paid beyond the charges. Written as
tests/data/finance/arrears_reference.tsv: id as_of charges payments | charged paid open overdue credit days open_list
(lists "YYYY-MM-DD:amount;...").

Usage: python3 scripts/gen_payoff_reference.py
"""
import calendar
import datetime
import pathlib
import random
import sys
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_schedule_reference as sched  # noqa: E402

SEED = 20261203
COUNT = 600


def fmt(c):
    return sched.fmt(c)


def payoff(offer, as_of, rule):
    _, rows = sched.schedule(offer)
    i = sched.monthly_rate(Decimal(offer["rate"]), offer["basis"])
    drawdown = sched.add_months(offer["start"], -1)
    k = sum(1 for r in rows if r[1] <= as_of)
    balance = Fraction(sched.cents(offer["principal"])) if k == 0 else Fraction(rows[k - 1][8])
    begin = drawdown if k == 0 else rows[k - 1][1]
    end = rows[k][1]
    accrued = sched.round_fraction(balance * i * (as_of - begin).days / (end - begin).days, offer["rounding"])
    remaining = sum(r[3] for r in rows[k:]) - accrued
    compensation = 0
    if rule == "statutory_cap":
        rate = Fraction(1, 100) if sched.add_months(as_of, 12) < rows[-1][1] else Fraction(5, 1000)
        compensation = min(sched.round_div((balance * rate).numerator, (balance * rate).denominator, "half_up"),
                           remaining)
        compensation = max(compensation, 0)
    balance = int(balance)
    return k, balance, accrued, remaining, compensation, balance + accrued + compensation


TIERS = [(Decimal("2500.00"), Decimal("0.15")), (Decimal("2500.00"), Decimal("0.10")),
         (Decimal("5000.00"), Decimal("0.05")), (Decimal("190000.00"), Decimal("0.01")), (None, Decimal("0.005"))]


def collection_costs(principal, vat):
    rest, total = principal, Decimal(0)
    for width, rate in TIERS:
        part = rest if width is None else min(rest, width)
        total += part * rate
        rest -= part
        if rest <= 0:
            break
    costs = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    costs = min(max(costs, Decimal("40.00")), Decimal("6775.00"))
    if vat:
        costs = (costs * Decimal("1.21")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return costs


def arrears_case(rng, n):
    start = datetime.date(rng.randint(2025, 2030), rng.randint(1, 12), rng.choice([1, 1, 15, 28]))
    charges, payments = [], []
    for m in range(rng.randint(1, 30)):
        due = sched.add_months(start, m)
        amount = rng.randint(5000, 30000)
        charges.append((due, amount))
        pick = rng.random()
        if pick < 0.75:
            paid_on = due + datetime.timedelta(days=rng.randint(0, 10))
            payments.append((paid_on, amount))
            if rng.random() < 0.1:  # the debit comes back (AM04, MD06): a negative payment days later
                payments.append((paid_on + datetime.timedelta(days=rng.randint(2, 8)), -amount))
        elif pick < 0.85:
            payments.append((due + datetime.timedelta(days=rng.randint(0, 40)), rng.randint(1, amount)))
        elif pick < 0.9:
            payments.append((due, amount + rng.randint(1, 5000)))  # paid too much
    if rng.random() < 0.3:
        rng.shuffle(charges)  # the order given does not matter
    last = max(d for d, _ in charges)
    as_of = start + datetime.timedelta(days=rng.randint(-5, (last - start).days + 60))
    paid = sum(a for d, a in payments if d <= as_of)
    left = paid
    charged = open_ = overdue = 0
    days = 0
    open_list = []
    for due, amount in sorted(charges, key=lambda c: c[0]):
        if due > as_of:
            continue
        charged += amount
        settled = min(max(left, 0), amount)
        left -= settled
        rest = amount - settled
        if rest > 0:
            open_ += rest
            open_list.append("%s:%s" % (due.isoformat(), fmt(rest)))
            if due < as_of:
                overdue += rest
                days = max(days, (as_of - due).days)
    credit = max(left, 0)
    join = lambda items: ";".join("%s:%s" % (d.isoformat(), fmt(a)) for d, a in items) or "-"
    return "\t".join(["arrears-%04d" % n, as_of.isoformat(), join(charges), join(payments), fmt(charged), fmt(paid),
                      fmt(open_), fmt(overdue), fmt(credit), str(days), ";".join(open_list) or "-"])


def main():
    rng = random.Random(SEED)
    out = ROOT / "tests" / "data" / "finance"
    out.mkdir(exist_ok=True)
    lines = ["# Payoff quotes, generated by scripts/gen_payoff_reference.py (seed %d); columns in its docstring." % SEED]
    for n in range(COUNT):
        offer = sched.random_offer(rng, n)
        offer.update(fee="0.00", index_kind="none", index_value=None, cap=None)
        _, rows = sched.schedule(offer)
        drawdown = sched.add_months(offer["start"], -1)
        last = rows[-1][1]
        span = (last - drawdown).days
        pick = rng.random()
        if pick < 0.1:
            as_of = drawdown
        elif pick < 0.2:
            as_of = rows[rng.randrange(len(rows) - 1)][1]  # on a due date: nothing accrued
        elif pick < 0.3:
            as_of = last - datetime.timedelta(days=1)
        else:
            as_of = drawdown + datetime.timedelta(days=rng.randrange(span))
        for rule in ("free", "statutory_cap"):
            k, balance, accrued, remaining, compensation, total = payoff(offer, as_of, rule)
            lines.append("\t".join([
                offer["id"], offer["principal"], offer["rate"], offer["basis"], str(offer["term"]), offer["method"],
                str(offer["grace"]), offer["rounding"], offer["start"].isoformat(), as_of.isoformat(), rule,
                str(k), fmt(balance), fmt(accrued), fmt(remaining), fmt(compensation), fmt(total)]))
    (out / "payoff_reference.tsv").write_text("\n".join(lines) + "\n")

    edges = ["0.01", "1.00", "266.66", "266.67", "266.68", "2500.00", "2500.01", "5000.00", "10000.00",
             "200000.00", "200000.01", "1000000.00", "1100000.00", "1200000.00", "1250000.00", "9999999.99"]
    claims = edges + [str(Decimal(rng.randint(1, 50_000_000)) / 100) for _ in range(400)]
    lines = ["# Statutory collection costs (WIK), generated by scripts/gen_payoff_reference.py; columns in its docstring."]
    for claim in claims:
        principal = Decimal(claim).quantize(Decimal("0.01"))
        for vat in (False, True):
            lines.append(f"{principal}\t{'yes' if vat else 'no'}\t{collection_costs(principal, vat)}")
    (out / "collection_costs_reference.tsv").write_text("\n".join(lines) + "\n")

    lines = ["# Arrears, generated by scripts/gen_payoff_reference.py; columns in its docstring."]
    lines += [arrears_case(rng, n) for n in range(500)]
    (out / "arrears_reference.tsv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
