#!/usr/bin/env python3
"""Independent reference for what renofee computes from a contract's ledger (tests/e2e/collect_test.sh).

usage: ledger_reference.py arrears AS_OF CONTRACT=LEDGER_LIST_FILE ...
       ledger_reference.py statement BEGIN END LEDGER_LIST_FILE

`statement` prints, as JSON, the figures of `renofee statement --format json` for the period [BEGIN, END):
opening balance (every amount dated before BEGIN), per kind the sums of the period (fees, compensation and
payments as positive numbers, returned = return + refund), net = fees - compensation + excess_share + reversals
- payments + returned + collection_costs + payoff, and the closing balance = opening + net.

`arrears`:
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
import json
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


def statement(begin, end, lines):
    cents = Decimal("0.01")
    sums = {k: Decimal("0.00") for k in ("fee", "compensation", "excess_share", "reversal", "payment", "return",
                                         "refund", "collection_costs", "payoff", "collection", "reminder",
                                         "handover")}
    collected = Decimal("0.00")
    opening = Decimal("0.00")
    for line in lines:
        fields = line.rstrip("\n").split("\t")
        day, kind, amount = datetime.date.fromisoformat(fields[1]), fields[2], Decimal(fields[3])
        if day < begin:
            opening += amount
        elif day < end:
            sums[kind] += amount
            # A direct debit's settlement: "bank statement <id> entry <e.d>: collection <id> paid".
            reference = fields[4]
            if kind == "payment" and reference.startswith("bank statement ") and \
                    reference.split(": ", 1)[-1].startswith("collection "):
                collected -= amount
    figures = {
        "opening_balance_eur": opening,
        "fees_eur": sums["fee"],
        "compensation_eur": -sums["compensation"],
        "excess_share_eur": sums["excess_share"],
        "reversals_eur": sums["reversal"],
        "payments_eur": -sums["payment"],
        "returned_eur": sums["return"] + sums["refund"],
        "collection_costs_eur": sums["collection_costs"],
        "payoff_eur": sums["payoff"],
        "handover_eur": sums["handover"],
        "collected_eur": collected,
        "paid_otherwise_eur": -sums["payment"] - collected,
        "due_eur": sums["fee"] + sums["excess_share"] + sums["collection_costs"] + sums["payoff"] + sums["handover"],
    }
    net = (figures["fees_eur"] - figures["compensation_eur"] + figures["excess_share_eur"] + figures["reversals_eur"]
           - figures["payments_eur"] + figures["returned_eur"] + figures["collection_costs_eur"] + figures["payoff_eur"]
           + figures["handover_eur"])
    figures["net_eur"] = net
    figures["closing_balance_eur"] = opening + net
    return {k: str(v.quantize(cents)) for k, v in figures.items()}


def main():
    if sys.argv[1] == "statement":
        begin, end = datetime.date.fromisoformat(sys.argv[2]), datetime.date.fromisoformat(sys.argv[3])
        with open(sys.argv[4], encoding="utf-8") as f:
            print(json.dumps(statement(begin, end, f.readlines()), sort_keys=True))
        return
    if sys.argv[1] != "arrears":
        raise SystemExit(__doc__)
    as_of = datetime.date.fromisoformat(sys.argv[2])
    rows = []
    for arg in sys.argv[3:]:
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
