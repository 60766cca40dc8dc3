#!/usr/bin/env python3
"""Independent reference for `renofee arrears list --format csv` over real ledgers (tests/e2e/collect_test.sh).

usage: ledger_arrears.py AS_OF CONTRACT=LEDGER_LIST_FILE ...

Each file is the output of `renofee ledger list --contract CONTRACT` (tab-separated: sequence, value date, kind,
amount, reference, hash). The rules are those of docs/collections.md ("Arrears", "Arrears from the ledger"),
implemented here with python's decimal and datetime only:
  - fee, excess_share, collection_costs and payoff entries are charges on their value date;
  - payment, return, refund, compensation and reversal entries are payments of minus their amount;
  - collection and reminder entries (0.00) move no money;
  - only entries dated on or before AS_OF count; net paid settles the oldest charge first (BW 6:43 lid 2);
  - overdue = open of charges due before AS_OF; days past due from the oldest overdue charge; credit = net paid
    beyond the charges.
Prints the first seven columns of the CSV (contract_id,as_of,open_eur,overdue_eur,days_past_due,oldest_due,
credit_eur) for the contracts with something overdue, most days past due first, ties by contract id.
"""
import datetime
import sys
from decimal import Decimal

CHARGES = {"fee", "excess_share", "collection_costs", "payoff"}
PAYMENTS = {"payment", "return", "refund", "compensation", "reversal"}
NO_MONEY = {"collection", "reminder"}


def arrears(lines, as_of):
    charges, paid = [], Decimal(0)
    for line in lines:
        fields = line.rstrip("\n").split("\t")
        day, kind, amount = datetime.date.fromisoformat(fields[1]), fields[2], Decimal(fields[3])
        if kind not in CHARGES | PAYMENTS | NO_MONEY:
            raise SystemExit("unknown entry kind %r" % kind)
        if day > as_of:
            continue
        if kind in CHARGES:
            charges.append((day, amount))
        elif kind in PAYMENTS:
            paid -= amount
    left = paid
    open_ = overdue = Decimal("0.00")
    oldest = None
    for due, amount in sorted(charges, key=lambda c: c[0]):
        settled = min(max(left, Decimal(0)), amount)
        left -= settled
        rest = amount - settled
        open_ += rest
        if rest > 0 and due < as_of:
            overdue += rest
            oldest = due if oldest is None else min(oldest, due)
    credit = max(left, Decimal("0.00"))
    days = (as_of - oldest).days if oldest else 0
    return open_, overdue, days, oldest, credit


def main():
    as_of = datetime.date.fromisoformat(sys.argv[1])
    rows = []
    for arg in sys.argv[2:]:
        contract, path = arg.split("=", 1)
        with open(path, encoding="utf-8") as f:
            open_, overdue, days, oldest, credit = arrears(f.readlines(), as_of)
        if overdue > 0:
            rows.append((-days, contract, "%s,%s,%s,%s,%d,%s,%s" % (
                contract, as_of.isoformat(), open_.quantize(Decimal("0.01")), overdue.quantize(Decimal("0.01")),
                days, oldest.isoformat(), credit.quantize(Decimal("0.01")))))
    for _, _, row in sorted(rows):
        print(row)


if __name__ == "__main__":
    main()
