#!/usr/bin/env python3
"""Generate tests/data/schedule_reference.tsv, the reference fixture for the fee schedule.

Purpose
-------
tests/core/finance/schedule_reference_test.cpp rebuilds every offer of this
fixture with renofee's finance core and compares it to the cent with what is
computed here, independently, with python's integers, ``fractions`` and
``decimal`` (standard library only, fixed seed, so the output is reproducible:
``python3 scripts/gen_schedule_reference.py > tests/data/schedule_reference.tsv``).

Rules reproduced (docs/domain.md §4, include/renofee/core/finance/*.hpp)
------------------------------------------------------------------
* Monthly rate i: nominal r/12 exactly (a Fraction); effective
  y/10^40 - 1 with y = floor(((1 + r) * 10^480)^(1/12)), found here with a
  120-digit ``decimal`` power and corrected with exact integer checks.
* A = P*i / (1 - (1 + i)^-n) as an exact Fraction, rounded once to cents;
  i = 0: P/n rounded.  Cross-checked against a 60-digit ``decimal`` formula.
* Rows: interest = round(balance*i); grace months pay interest only; annuity
  principal = A - interest, linear principal = round(P/n); the last month
  pays the whole balance; no month repays more than the balance (the loan is
  settled early, later rows are zero).  Rounding: the offer's mode.
* Service fee: year 1 = monthly; year k+1 = round(fee_k * factor, cents,
  half_up), factor = 1 + fixed rate or the series factor of that anniversary.
* EPV cap: total = min(payment + service fee, cap); with cap_changes [(date, cap)], the last change dated on or
  before the row's due date replaces the cap (EPV caps by validity date).
* Due dates: start + (m-1) months keeping the day, clamped to the month end.
* APR (CCD 2008/48/EC Annex I): drawdown P at t=0, row m's financing payment
  at m/12 years; v = (1+X)^(-1/12) solved by Newton in 50-digit ``decimal``
  (plain power sums, not Horner), X = v^-12 - 1; reported with 12 decimals
  (half_even) and as a percentage half-up to 1 and 2 decimals.

Line format (tab separated; amounts in EUR with 2 decimals)
-----------------------------------------------------------
id principal annual_rate basis term method grace rounding start fee
index_kind index_value cap | payment rows sum_interest sum_payments
sum_service sum_reduction sum_total settled_month checksum date_checksum
apr apr1 apr2 sample_rows

* index_value: the fixed rate, or the series factors joined by '|', or '-'.
* cap: '-' when there is none.
* checksum = sum over rows m of m*(opening + 3*interest + 5*principal +
  7*payment + 11*service + 13*total + 17*closing), all in cents.
* date_checksum = sum over rows m of m*(yyyy*10000 + mm*100 + dd).
* settled_month: the first month whose closing balance is 0.
* sample_rows: rows 1, grace, grace+1, the settled month and the last,
  ';'-joined, each 'm,due,opening,interest,principal,payment,service,total,
  closing'.
"""

import calendar
import datetime
import random
import sys
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

SEED = 20261123
COUNT = 2400
MODES = ["half_up", "half_even", "down", "up", "floor", "ceiling"]


def round_div(num, den, mode):
    """round(num/den) for num >= 0, den > 0 to an integer with a named mode."""
    q, r = divmod(num, den)
    if r == 0:
        return q
    if mode in ("down", "floor"):
        return q
    if mode in ("up", "ceiling"):
        return q + 1
    twice = 2 * r
    if twice > den or (twice == den and (mode == "half_up" or q % 2 == 1)):
        return q + 1
    return q


def round_fraction(value, mode):
    return round_div(value.numerator, value.denominator, mode)


def cents(text):
    d = Decimal(text)
    assert d == d.quantize(Decimal("0.01"))
    return int(d * 100)


def fmt(c):
    sign = "-" if c < 0 else ""
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"


def effective_y(rate):
    """floor((1 + r)^(1/12) * 10^40) exactly."""
    with localcontext() as ctx:
        ctx.prec = 120
        root = (Decimal(1) + rate) ** (Decimal(1) / Decimal(12))
        y = int((root * Decimal(10) ** 40).to_integral_value(rounding=ROUND_FLOOR))
    sign, digits, exponent = rate.as_tuple()
    coefficient = int("".join(map(str, digits))) if digits else 0
    scale = -exponent if exponent < 0 else 0
    if exponent > 0:
        coefficient *= 10 ** exponent
    radicand = (10 ** scale + coefficient) * 10 ** (480 - scale)
    while y ** 12 > radicand:
        y -= 1
    while (y + 1) ** 12 <= radicand:
        y += 1
    return y


def monthly_rate(rate, basis):
    if basis == "nominal":
        return Fraction(rate) / 12
    return Fraction(effective_y(rate), 10 ** 40) - 1


def annuity_cents(p, i, n, mode):
    if i == 0:
        return round_div(p, n, mode)
    grown = (1 + i) ** n
    exact = Fraction(p) * i * grown / (grown - 1)
    # Cross-check with a 60-digit decimal evaluation of the textbook formula.
    with localcontext() as ctx:
        ctx.prec = 60
        di = Decimal(i.numerator) / Decimal(i.denominator)
        approx = Decimal(p) * di / (1 - (1 + di) ** -n)
        assert abs(approx - Decimal(exact.numerator) / Decimal(exact.denominator)) < Decimal("1e-30")
    return round_fraction(exact, mode)


def add_months(start, months):
    total = start.year * 12 + (start.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def fees_by_year(fee, kind, value, years):
    fees = [fee]
    for k in range(1, years):
        if kind == "none":
            factor = Decimal(1)
        elif kind == "fixed":
            factor = 1 + value
        else:
            factor = value[k - 1]
        fees.append(int((Decimal(fees[-1]) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return fees


def schedule(offer):
    p = cents(offer["principal"])
    rate = Decimal(offer["rate"])
    i = monthly_rate(rate, offer["basis"])
    term, grace, mode = offer["term"], offer["grace"], offer["rounding"]
    n = term - grace
    if offer["method"] == "annuity":
        regular = annuity_cents(p, i, n, mode)
    else:
        regular = round_div(p, n, mode)
    years = (term + 11) // 12
    fees = fees_by_year(cents(offer["fee"]), offer["index_kind"], offer["index_value"], years)
    cap = None if offer["cap"] is None else cents(offer["cap"])
    rows = []
    balance = p
    for m in range(1, term + 1):
        opening = balance
        interest = round_div(opening * i.numerator, i.denominator, mode)
        if m == term:
            principal = opening
        elif m <= grace:
            principal = 0
        else:
            due = regular - interest if offer["method"] == "annuity" else regular
            principal = min(due, opening)
        assert principal >= 0
        balance -= principal
        payment = interest + principal
        service = fees[(m - 1) // 12]
        gross = payment + service
        due_date = add_months(offer["start"], m - 1)
        for change_from, change_cap in offer.get("cap_changes", []):  # later EPV caps, by due date
            if change_from <= due_date:
                cap = cents(change_cap)
        total = gross if cap is None else min(gross, cap)
        rows.append((m, due_date, opening, interest, principal, payment, service, total, balance))
    assert balance == 0
    assert sum(r[4] for r in rows) == p
    return regular, rows


def apr(p, rows):
    """CCD Annex I APR: Newton on v = (1+X)^(-1/12), plain power sums in 50-digit decimal."""
    flows = [(r[0], r[5]) for r in rows if r[5] != 0]
    if sum(c for _, c in flows) == p:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 50
        v = Decimal(1)
        for _ in range(100):
            g = sum(Decimal(c) * v ** m for m, c in flows) - p
            dg = sum(Decimal(m * c) * v ** (m - 1) for m, c in flows)
            step = g / dg
            v -= step
            if abs(step) < Decimal("1e-40"):
                break
        return v ** -12 - 1


def describe_row(r):
    m, due, *amounts = r
    return ",".join([str(m), due.isoformat()] + [fmt(a) for a in amounts])


def random_decimal(rng, low, high, decimals):
    scale = 10 ** decimals
    return (Decimal(rng.randint(int(low * scale), int(high * scale))) / scale).quantize(
        Decimal(1).scaleb(-decimals))


def random_offer(rng, k):
    term = rng.choice([12, 60, 120, 180, 240, 360, 480]) if rng.random() < 0.25 else rng.randint(12, 480)
    decimals = rng.randint(0, 4)
    rate = Decimal(0) if rng.random() < 0.06 else random_decimal(rng, 0, Decimal("0.12"), decimals + 2)
    grace = 0 if rng.random() < 0.5 else rng.randint(0, min(24, term - 1))
    fee = "0.00" if rng.random() < 0.4 else str(random_decimal(rng, 5, 60, 2))
    kind = rng.choice(["none", "fixed", "series"])
    years = (term + 11) // 12
    if kind == "fixed":
        value = random_decimal(rng, 0, Decimal("0.05"), rng.randint(2, 4))
    elif kind == "series":
        value = [random_decimal(rng, Decimal("0.98"), Decimal("1.06"), rng.randint(2, 4)) for _ in range(years - 1)]
    else:
        value = None
    year, month = rng.randint(2024, 2030), rng.randint(1, 12)
    day = min(rng.choice([1, 1, 1, 15, 28, 29, 30, 31]), calendar.monthrange(year, month)[1])
    start = datetime.date(year, month, day)
    return {
        "id": f"gen-{k:04d}",
        "principal": str(random_decimal(rng, 1000, 100000, 2)),
        "rate": str(rate),
        "basis": rng.choice(["nominal", "effective"]),
        "term": term,
        "method": rng.choice(["annuity", "linear"]),
        "grace": grace,
        "rounding": rng.choices(MODES, weights=[35, 35, 8, 8, 7, 7])[0],
        "start": start,
        "fee": fee,
        "index_kind": kind,
        "index_value": value,
        "cap": None,
    }


def fixed_offers():
    """Hand-picked offers: the worked examples of docs/domain.md §4 and rounding-tie edges."""
    base = {"grace": 0, "rounding": "half_up", "start": datetime.date(2026, 3, 1), "fee": "0.00",
            "index_kind": "none", "index_value": None, "cap": None, "method": "annuity"}
    rows = [
        ("warmtefonds-0pct", "10000.00", "0", "nominal", 120),
        ("warmtefonds-4.35-effective", "15000.00", "0.0435", "effective", 120),
        ("warmtefonds-4.27-nominal", "15000.00", "0.0427", "nominal", 120),
        ("issue3-demo", "35000.00", "0.039", "nominal", 240),
        ("tie-n1-half-up", "1000.50", "0.12", "nominal", 1),  # A = 1000.50 * 1.01 = 1010.505 exactly
        ("tie-n1-half-even", "1000.50", "0.12", "nominal", 1),
        ("rate-100pct-effective", "100000.00", "1", "effective", 600),
        ("rate-100pct-nominal", "1000.00", "1", "nominal", 600),
        ("max-principal", "10000000.00", "0.12", "nominal", 600),
        ("tiny-rate", "1000.00", "0.0001", "effective", 12),
    ]
    offers = []
    for name, principal, rate, basis, term in rows:
        offer = dict(base, id=name, principal=principal, rate=rate, basis=basis, term=term)
        if name.endswith("half-even"):
            offer["rounding"] = "half_even"
        offers.append(offer)
    # Grace, linear, the EPV cap and a fixed indexation on the demo offer.
    offers.append(dict(base, id="issue3-demo-indexed-capped", principal="35000.00", rate="0.039",
                       basis="nominal", term=240, fee="19.50", index_kind="fixed",
                       index_value=Decimal("0.02"), cap="200.00"))
    offers.append(dict(base, id="linear-grace-12", principal="24000.00", rate="0.05", basis="nominal",
                       term=120, method="linear", grace=12, start=datetime.date(2028, 1, 31)))
    return offers


def main():
    rng = random.Random(SEED)
    offers = fixed_offers() + [random_offer(rng, k) for k in range(COUNT)]
    out = sys.stdout
    out.write("# Fee schedule reference, generated by scripts/gen_schedule_reference.py (seed %d).\n" % SEED)
    out.write("# Columns are described in the generator's docstring.\n")
    for offer in offers:
        regular, rows = schedule(offer)
        if offer["cap"] is None and offer["id"].startswith("gen-") and rng.random() < 0.2:
            first_gross = rows[0][5] + rows[0][6]
            offer["cap"] = fmt(max(0, int(first_gross * rng.uniform(0.85, 1.1))))
            regular, rows = schedule(offer)
        p = cents(offer["principal"])
        settled = next(r[0] for r in rows if r[8] == 0)
        checksum = sum(r[0] * (r[2] + 3 * r[3] + 5 * r[4] + 7 * r[5] + 11 * r[6] + 13 * r[7] + 17 * r[8])
                       for r in rows)
        date_checksum = sum(r[0] * (r[1].year * 10000 + r[1].month * 100 + r[1].day) for r in rows)
        x = apr(p, rows)
        with localcontext() as ctx:
            ctx.prec = 60
            percent = x * 100
            apr12 = x.quantize(Decimal("1e-12"), rounding=ROUND_HALF_EVEN)
            apr1 = percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            apr2 = percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        grace = offer["grace"]
        sample = sorted({1, max(1, grace), min(grace + 1, len(rows)), settled, len(rows)})
        kind = offer["index_kind"]
        value = offer["index_value"]
        index_value = "-" if value is None else (str(value) if kind == "fixed" else "|".join(map(str, value)))
        fields = [
            offer["id"], offer["principal"], offer["rate"], offer["basis"], str(offer["term"]), offer["method"],
            str(grace), offer["rounding"], offer["start"].isoformat(), offer["fee"], kind, index_value,
            offer["cap"] or "-", fmt(regular), str(len(rows)), fmt(sum(r[3] for r in rows)),
            fmt(sum(r[5] for r in rows)), fmt(sum(r[6] for r in rows)), fmt(sum(r[5] + r[6] - r[7] for r in rows)),
            fmt(sum(r[7] for r in rows)), str(settled), str(checksum), str(date_checksum), format(apr12, "f"),
            format(apr1, "f"), format(apr2, "f"), ";".join(describe_row(rows[m - 1]) for m in sample),
        ]
        out.write("\t".join(fields) + "\n")


if __name__ == "__main__":
    main()
