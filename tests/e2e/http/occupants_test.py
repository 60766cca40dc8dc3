"""A new occupant end to end (issue 20 item 5; docs/occupants.md), on SQLite and, under make test, PostgreSQL.

Two contracts, each with a guarantee year still open when the occupant changes:
  nom-e2e (owner-occupied, contract years from 2024-03-01): sold on 2024-09-16, the buyer takes over;
  epv-e2e (rental, calendar years from 2025-01-01): a new tenant on 2025-05-20.
For each: fees posted up to the change, the change (its handover of the month's fee checked against python's
decimal), fees posted to the year's end, the year reconciled (its compensation split by days, checked against
python), and then
  - both occupants' statements of the year add up to the contract's, figure by figure;
  - every entry of an occupant's statement is theirs;
  - the old resident key is revoked; each occupant's key reads its own statement only, not the year's report
    (the other's meter data), not the other's meter data through /usage, and the payoff quote only while they
    live there; the auditor reads everything;
  - `renofee verify` is intact.
A sale without takeover (nom-tussenwoning) ends in a payoff: the payoff entry equals the quote, no fee falls
due after it, and a later change is refused. Bad input (unknown contract, a date before the start, an unknown
event, a second change on the same day) is refused with nothing stored. Mandates follow the occupant. And a
replacement reserve (item 6): the quote's end-of-life plan and a recorded replacement, worked by hand.
"""
import json
import os
import subprocess
import sys
import traceback
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

CENT = Decimal("0.01")


def cli(renofee, db, *args, check=True):
    done = subprocess.run([renofee, *args, "--db", db], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError("renofee %s: exit %d: %s" % (" ".join(args), done.returncode, done.stderr))
    return done


def statement(renofee, db, contract, year, occupant=None):
    args = ["statement", "--contract", contract, "--year", str(year), "--format", "json"]
    if occupant is not None:
        args += ["--occupant", str(occupant)]
    return json.loads(cli(renofee, db, *args).stdout)


def share(amount, part, whole):
    return (Decimal(amount) * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)


FIGURES = ["fees_eur", "compensation_eur", "excess_share_eur", "reversals_eur", "payments_eur", "returned_eur",
           "collection_costs_eur", "payoff_eur", "handover_eur", "net_eur", "closing_balance_eur"]


def change_case(renofee, src, backend, report, tag, case):
    """One contract: fees, the change, fees, the reconciliation, and the statements."""
    db = backend.url
    cid, on, year = case["contract"], case["date"], case["year"]
    old_key = harness.keys_create(renofee, db, "resident", contract=cid)
    cli(renofee, db, "post-fees", "--contract", cid, "--through", case["before"])
    out = json.loads(cli(renofee, db, "occupant", "change", "--contract", cid, "--date", on, "--event",
                         case["event"], "--outgoing-key", "--format", "json").stdout)
    fee, days, month_days = case["fee_month"]
    incoming = share(fee, days, month_days)
    posted = {e["occupant"]: Decimal(e["amount_eur"]) for e in out["posted"]}
    report.check(tag + cid + ": the month's fee is shared to the day (%s x %d/%d = %s)" % (fee, days, month_days,
                                                                                        incoming),
                 posted == {1: -incoming, 2: incoming}, str(out["posted"]))
    report.check(tag + cid + ": the old resident key is revoked", old_key[3:15] in out["revoked_keys"],
                 str(out["revoked_keys"]))
    fs = out["final_statement"]
    report.check(tag + cid + ": the final statement names the open guarantee year",
                 fs["open_guarantee_year"] is not None and fs["open_guarantee_year"]["year"] == year, str(fs))
    cli(renofee, db, "post-fees", "--contract", cid, "--through", case["year_end"])
    cli(renofee, db, "reconcile", "--contract", cid, "--year", str(year))
    whole = statement(renofee, db, cid, year)
    parts = [statement(renofee, db, cid, year, n) for n in (1, 2)]
    for figure in FIGURES:
        total = Decimal(parts[0][figure]) + Decimal(parts[1][figure])
        report.check(tag + cid + ": occupants' %s add up to the contract's" % figure,
                     total == Decimal(whole[figure]), "%s + %s != %s" % (parts[0][figure], parts[1][figure],
                                                                        whole[figure]))
    for n, part in zip((1, 2), parts):
        report.check(tag + cid + ": occupant %d's statement holds only their entries" % n,
                     part["entries"] and all(e["occupant"] == n for e in part["entries"]) and part["occupant"] == n)
        report.check(tag + cid + ": occupant %d's statement shows no report of the shared year" % n,
                     part["reconciliations"] == [])
    compensation = Decimal(whole["compensation_eur"])
    lived = case["lived_days"]
    first = share(compensation, lived[0], sum(lived))
    report.check(tag + cid + ": the compensation %s is split by days (%d/%d -> %s)" % (compensation, lived[0],
                                                                                      sum(lived), first),
                 Decimal(parts[0]["compensation_eur"]) == first and
                 Decimal(parts[1]["compensation_eur"]) == compensation - first,
                 "%s / %s" % (parts[0]["compensation_eur"], parts[1]["compensation_eur"]))
    report.check(tag + cid + ": the year had compensation to split", compensation > 0, str(compensation))
    return {"old": old_key, 1: out["outgoing_key"]["key"], 2: out["incoming_key"]["key"], "parts": parts}


def privacy(api, keys, auditor, report, tag, case):
    cid, year, on = case["contract"], case["year"], case["date"]
    base = "/v1/contracts/" + cid
    r = api.request("GET", base, key=keys["old"])
    report.check(tag + cid + ": the revoked key gets 401", r.status == 401, repr(r))
    for n in (1, 2):
        r = api.request("GET", base + "/statements/%d" % year, key=keys[n])
        body = r.json() if r.status == 200 else {}
        report.check(tag + cid + ": occupant %d reads their own statement" % n,
                     r.status == 200 and body.get("occupant") == n and
                     body.get("closing_balance_eur") == keys["parts"][n - 1]["closing_balance_eur"], repr(r))
        r = api.request("GET", base + "/reports/%d" % year, key=keys[n])
        report.check(tag + cid + ": occupant %d cannot read the shared year's report" % n, r.status == 404, repr(r))
        r = api.request("GET", base + "/reconciliations", key=keys[n])
        report.check(tag + cid + ": occupant %d's report list is empty" % n,
                     r.status == 200 and r.json()["reports"] == [], repr(r))
        r = api.request("GET", "/statement/%s/%d" % (cid, year), key=keys[n],
                        headers={"Accept": "text/html"})
        report.check(tag + cid + ": occupant %d's statement page shows their balance" % n,
                     r.status == 200 and ('value="%s"' % keys["parts"][n - 1]["closing_balance_eur"]) in r.text,
                     repr(r))
    wide = "?from=%s&to=%s" % (case["year_begin"], case["year_end_exclusive"])
    r = api.request("GET", base + "/usage" + wide, key=keys[1])
    report.check(tag + cid + ": occupant 1's meter data ends on the change",
                 r.status == 200 and r.json()["to"] == on, repr(r))
    r = api.request("GET", base + "/usage" + wide, key=keys[2])
    report.check(tag + cid + ": occupant 2's meter data starts on the change",
                 r.status == 200 and r.json()["from"] == on, repr(r))
    r = api.request("GET", base + "/usage?from=%s&to=%s" % (case["year_begin"], on), key=keys[2])
    report.check(tag + cid + ": occupant 2 cannot read occupant 1's meter data", r.status == 404, repr(r))
    r = api.request("GET", base + "/payoff", key=keys[1])
    report.check(tag + cid + ": the former occupant gets no payoff quote", r.status == 404, repr(r))
    r = api.request("GET", base + "/payoff", key=keys[2])
    report.check(tag + cid + ": the current occupant does", r.status == 200, repr(r))
    r = api.request("GET", base + "/reports/%d" % year, key=auditor)
    report.check(tag + cid + ": the auditor reads the report", r.status == 200, repr(r))
    r = api.request("GET", base + "/statements/%d" % year, key=auditor)
    report.check(tag + cid + ": the auditor reads the whole statement",
                 r.status == 200 and "occupant" not in r.json() and
                 {e["occupant"] for e in r.json()["entries"]} == {1, 2}, repr(r))


def sale_without_takeover(renofee, backend, report, tag):
    db, cid = backend.url, "nom-tussenwoning"
    cli(renofee, db, "post-fees", "--contract", cid, "--through", "2026-08-09")
    quote = json.loads(cli(renofee, db, "payoff", "--contract", cid, "--date", "2026-08-10", "--format",
                           "json").stdout)
    out = json.loads(cli(renofee, db, "occupant", "change", "--contract", cid, "--date", "2026-08-10", "--event",
                         "sale_payoff", "--format", "json").stdout)
    payoff = [e for e in out["posted"] if e["kind"] == "payoff"]
    report.check(tag + "sale without takeover: the payoff entry is the quote's total " + quote["total"],
                 len(payoff) == 1 and payoff[0]["amount_eur"] == quote["total"] and out["incoming_key"] is None,
                 str(out["posted"]))
    # August 2026: 31 days, 22 of them (10..31) after the end, credited back.
    fee = Decimal([e for e in statement(renofee, db, cid, 1)["entries"] if e["value_date"] == "2026-08-01"][0]
                  ["amount_eur"])
    handover = [Decimal(e["amount_eur"]) for e in out["posted"] if e["kind"] == "handover"]
    report.check(tag + "sale without takeover: the days after the end are credited (%s x 22/31)" % fee,
                 handover == [-share(fee, 22, 31)], str(handover))
    done = cli(renofee, db, "post-fees", "--contract", cid, "--through", "2026-12-01")
    report.check(tag + "sale without takeover: no fee falls due after it", "0 fee(s) posted" in done.stdout,
                 done.stdout)
    done = cli(renofee, db, "occupant", "change", "--contract", cid, "--date", "2026-10-01", "--event", "sale",
               check=False)
    report.check(tag + "sale without takeover: a later change is refused",
                 done.returncode == 1 and "ended on 2026-08-10" in done.stderr, done.stderr)


def mandates(renofee, work, backend, report, tag):
    """A direct debit goes to the occupant who owes the fee: the old tenant's mandate collects nothing after the
    change, the new tenant's collects the next fee."""
    db, cid = backend.url, "epv-e2e"
    cli(renofee, db, "creditor", "set", "--name", "Renofee Woningdiensten B.V.", "--iban", "NL44RABO0123456789",
        "--creditor-id", "NL69ZZZ123456780000")
    cli(renofee, db, "mandate", "add", "--contract", cid, "--mandate-id", "RF-epv-old", "--signed", "2024-12-01",
        "--name", "A. Oud", "--iban", "NL20INGB0001234567", "--occupant", "1")
    done = cli(renofee, db, "collect", "--date", "2025-06-01", "--out", os.path.join(work, "june.xml"))
    report.check(tag + "mandates: the outgoing tenant's mandate collects nothing after the change",
                 "nothing to collect" in done.stdout, done.stdout)
    done = cli(renofee, db, "mandate", "add", "--contract", cid, "--mandate-id", "RF-epv-old-2", "--signed",
               "2024-12-01", "--name", "A. Oud", "--iban", "NL20INGB0001234567", "--occupant", "1", check=False)
    report.check(tag + "mandates: a second mandate of one occupant is refused", done.returncode != 0, done.stderr)
    cli(renofee, db, "mandate", "add", "--contract", cid, "--mandate-id", "RF-epv-new", "--signed", "2025-05-20",
        "--name", "B. Nieuw", "--iban", "NL91ABNA0417164300")
    done = cli(renofee, db, "collect", "--date", "2025-06-01", "--out", os.path.join(work, "june.xml"))
    with open(os.path.join(work, "june.xml"), encoding="utf-8") as f:
        xml = f.read()
    report.check(tag + "mandates: the incoming tenant's mandate collects the June fee",
                 "RF-epv-new" in xml and "RF-epv-old" not in xml and "B. Nieuw" in xml, done.stdout)


def replacements(renofee, work, backend, report, tag):
    """Issue 20 item 6: a replacement reserve in the service fee, the quote's end-of-life plan, a dated
    replacement paid from the reserve, and bad input refused with nothing stored."""
    db = backend.url
    path = os.path.join(work, "reserve.json")
    with open(os.path.join(SRC, "contracts", "nom-tussenwoning.json"), encoding="utf-8") as f:
        offer = json.load(f)
    offer["id"], offer["service_fee"]["replacement_reserve"] = "nom-reserve", "15.00"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(offer, f)
    plan = json.loads(subprocess.run([renofee, "quote", path, "--format", "json", "--tariffs",
                                      os.path.join(SRC, "tariffs")], capture_output=True, text=True,
                                     check=True).stdout)["replacement"]
    # 360 months from 2026-03-01 at 15.00: ventilation (15 years) on 2041-03-01 holds 180 x 15.00 = 2,700.00 of
    # 4,800.00; the heat pump (20) on 2046-03-01 holds 240 x 15.00 − 2,700.00 = 900.00 of 14,200.00; the PV (25)
    # on 2051-03-01 holds 4,500.00 − 3,600.00 = 900.00 of 9,800.00; 5,400.00 − 4,500.00 = 900.00 is left.
    got = [(r["measure"], r["date"], r["reserve_before"], r["shortfall"]) for r in plan["replacements"]]
    want = [("ventilation", "2041-03-01", "2700.00", "2100.00"), ("heat_pump", "2046-03-01", "900.00", "13300.00"),
            ("pv", "2051-03-01", "900.00", "8900.00")]
    report.check(tag + "reserve: the quote's end-of-life plan is the hand-worked one", got == want, str(got))
    report.check(tag + "reserve: ... 5,400.00 set aside, 900.00 left",
                 (plan["contributions"], plan["surplus"], plan["shortfall"]) == ("5400.00", "900.00", "24300.00"),
                 str(plan))
    cli(renofee, db, "contract", "create", path)
    before = backend.count("SELECT COUNT(*) FROM replacements")
    for args, field in ((["--measure", "boiler", "--cost", "100.00"], "/measure"),
                        (["--measure", "ventilation", "--cost", "-5.00"], "/cost"),
                        (["--measure", "ventilation", "--cost", "0.001"], "/cost")):
        done = cli(renofee, db, "replacement", "record", "--contract", "nom-reserve", "--date", "2026-11-20", *args,
                   check=False)
        report.check(tag + "reserve: refused %s" % " ".join(args), done.returncode == 2 and field in done.stderr,
                     done.stderr)
    done = cli(renofee, db, "replacement", "record", "--contract", "nom-reserve", "--date", "2099-01-01",
               "--measure", "ventilation", "--cost", "10.00", check=False)
    report.check(tag + "reserve: a replacement after today is refused", done.returncode == 2 and "/date" in done.stderr)
    report.check(tag + "reserve: ... and nothing was stored",
                 backend.count("SELECT COUNT(*) FROM replacements") == before)
    out = json.loads(cli(renofee, db, "replacement", "record", "--contract", "nom-reserve", "--date", "2026-11-20",
                         "--measure", "ventilation", "--cost", "1250.50", "--note", "WTW-unit defect",
                         "--format", "json").stdout)
    # Fees due 1 March .. 1 November 2026: 9 x 15.00 = 135.00 pays towards 1,250.50; 1,115.50 is the provider's.
    line = out["replacements"][0]
    report.check(tag + "reserve: a replacement takes what the reserve holds, the provider the rest",
                 (out["contributions"], line["paid_from_reserve"], line["borne_by_provider"], out["balance"]) ==
                 ("135.00", "135.00", "1115.50", "0.00"), str(out))


def arrears_per_occupant(renofee, backend, report, tag, parts):
    """Each occupant settles their own entries: the arrears list has a line per occupant of epv-e2e, each open
    amount the closing balance of that occupant's 2025 statement (nothing was paid), and the 14-day letter to
    the old tenant asks for their own overdue amount only."""
    db = backend.url
    listed = json.loads(cli(renofee, db, "arrears", "list", "--date", "2026-01-31", "--format", "json").stdout)
    rows = {r["occupant"]: r["open_eur"] for r in listed["arrears"] if r["contract_id"] == "epv-e2e"}
    want = {1: parts[0]["closing_balance_eur"], 2: parts[1]["closing_balance_eur"]}
    report.check(tag + "arrears: one line per occupant, each their own balance", rows == want,
                 "%s != %s" % (rows, want))
    done = cli(renofee, db, "arrears", "letter", "--contract", "epv-e2e", "--date", "2026-01-31", "--occupant", "1")
    report.check(tag + "arrears: the old tenant's letter asks for their own %s" % want[1],
                 "principal %s" % want[1] in done.stdout, done.stdout[:300])


def bad_input(renofee, backend, report, tag):
    db = backend.url
    before = backend.count("SELECT COUNT(*) FROM occupant_changes")
    cases = [
        (["--contract", "nope", "--date", "2027-01-01", "--event", "sale"], 1, "no contract"),
        (["--contract", "warmtefonds-nul-procent", "--date", "2020-01-01", "--event", "sale"], 2,
         "not after the contract's start"),
        (["--contract", "warmtefonds-nul-procent", "--date", "2027-01-01", "--event", "divorce"], 2,
         "unknown occupant change"),
        (["--contract", "warmtefonds-nul-procent", "--date", "2027-02-30", "--event", "sale"], 2, "--date"),
        (["--contract", "nom-e2e", "--date", "2024-09-16", "--event", "sale"], 2, "not after the last change"),
    ]
    for args, code, text in cases:
        done = cli(renofee, db, "occupant", "change", *args, check=False)
        report.check(tag + "refused: %s" % " ".join(args), done.returncode == code and text in done.stderr,
                     "exit %d: %s" % (done.returncode, done.stderr))
    report.check(tag + "... and nothing was stored", backend.count("SELECT COUNT(*) FROM occupant_changes") ==
                 before)


CASES = [
    # nom-e2e: contract year 1 = [2024-03-01, 2025-03-01), 365 days; sold 2024-09-16: occupant 1 lived 199 days
    # (March 31 + April 30 + May 31 + June 30 + July 31 + August 31 + 15 September). Month 7 [2024-09-01,
    # 2024-10-01) has 30 days, 15 of them the buyer's.
    {"contract": "nom-e2e", "event": "sale", "date": "2024-09-16", "before": "2024-09-15", "year": 1,
     "year_begin": "2024-03-01", "year_end": "2025-02-28", "year_end_exclusive": "2025-03-01",
     "lived_days": (199, 166)},
    # epv-e2e: calendar year 2025; a new tenant on 2025-05-20: occupant 1 lived 139 days (31+28+31+30+19). May
    # has 31 days, 12 of them (20..31) the new tenant's.
    {"contract": "epv-e2e", "event": "tenant_change", "date": "2025-05-20", "before": "2025-05-19", "year": 2025,
     "year_begin": "2025-01-01", "year_end": "2025-12-31", "year_end_exclusive": "2026-01-01",
     "lived_days": (139, 226)},
]


def month_fee(renofee, src, contract, due, days, month_days):
    done = subprocess.run([renofee, "schedule", os.path.join(src, "tests", "data", "e2e", contract + ".json")],
                          capture_output=True, text=True, check=True)
    for line in done.stdout.splitlines():
        cols = line.split(",")
        if len(cols) > 7 and cols[1] == due:
            return (cols[7], days, month_days)
    raise AssertionError("no schedule row due " + due)


def through_the_api(api, renofee, backend, src, report, tag):
    """The owning financier records a tenant change through the API: 201 with the handover, the incoming
    occupant's key works at once and reads occupant 2's statement, the old key is revoked, another financier's
    attempt is a 404 and a second change on the same day a 422."""
    fin = harness.keys_create(renofee, backend.url, "financier")
    other = harness.keys_create(renofee, backend.url, "financier")
    harness.create_contract(api, fin, src, "api-occ")
    old = harness.keys_create(renofee, backend.url, "resident", contract="api-occ")
    body = '{"date": "2026-06-15", "event": "tenant_change"}'
    r = api.request("POST", "/v1/contracts/api-occ/occupant-changes", body, key=other,
                    content_type="application/json")
    report.check(tag + "api: another financier's change is a 404", r.status == 404, repr(r))
    r = api.request("POST", "/v1/contracts/api-occ/occupant-changes", body, key=fin, content_type="application/json")
    out = r.json() if r.status == 201 else {}
    report.check(tag + "api: the owner records the change (201)", r.status == 201 and out.get("incoming_occupant") == 2,
                 repr(r))
    if r.status != 201:
        return
    report.check(tag + "api: ... the old resident key is revoked", old[3:15] in out["revoked_keys"])
    r = api.request("GET", "/v1/contracts/api-occ/statements/1", key=out["incoming_key"]["key"])
    report.check(tag + "api: the incoming occupant's key reads occupant 2's statement",
                 r.status == 200 and r.json().get("occupant") == 2, repr(r))
    r = api.request("GET", "/v1/contracts/api-occ", key=old)
    report.check(tag + "api: the old key gets 401", r.status == 401, repr(r))
    r = api.request("GET", "/v1/contracts/api-occ/occupants", key=fin)
    report.check(tag + "api: the occupants list", r.status == 200 and
                 [o["begin"] for o in r.json()["occupants"]] == ["2026-03-01", "2026-06-15"], repr(r))
    r = api.request("POST", "/v1/contracts/api-occ/occupant-changes", body, key=fin, content_type="application/json")
    report.check(tag + "api: a second change on the same day is a 422 naming /date",
                 r.status == 422 and [e.get("pointer") for e in r.json().get("errors", [])] == ["/date"], repr(r))


def walk(kind, renofee, src, report):
    work = harness.workdir()
    backend = harness.Backend(kind, work)
    spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
    tag = "[%s] " % kind
    subprocess.run(["bash", "-c", 'cd "$1" && "$2" import weather --db "$3" '
                    'tests/data/knmi/synthetic_348_2023_2026.txt >/dev/null && for f in contracts/*.json '
                    'tests/data/e2e/nom-e2e.json tests/data/e2e/epv-e2e.json; do "$2" contract create "$f" '
                    '--db "$3" >/dev/null || exit 1; done && "$2" import readings --contract nom-e2e --format p1 '
                    '--db "$3" tests/data/e2e/nom-p1.txt >/dev/null && "$2" import readings --contract nom-e2e '
                    '--db "$3" tests/data/e2e/nom-submeters.csv >/dev/null && "$2" import readings --contract '
                    'epv-e2e --db "$3" tests/data/e2e/epv-submeters.csv >/dev/null', "-", src, renofee,
                    backend.url], check=True)
    CASES[0]["fee_month"] = month_fee(renofee, src, "nom-e2e", "2024-09-01", 15, 30)
    CASES[1]["fee_month"] = month_fee(renofee, src, "epv-e2e", "2025-05-01", 12, 31)
    keys = {}
    for case in CASES:
        keys[case["contract"]] = change_case(renofee, src, backend, report, tag, case)
    sale_without_takeover(renofee, backend, report, tag)
    mandates(renofee, work, backend, report, tag)
    arrears_per_occupant(renofee, backend, report, tag, keys["epv-e2e"]["parts"])
    replacements(renofee, work, backend, report, tag)
    bad_input(renofee, backend, report, tag)
    done = cli(renofee, backend.url, "verify")
    report.check(tag + "verify is intact after the changes", "intact: 0 problem(s)" in done.stdout, done.stdout)
    auditor = harness.keys_create(renofee, backend.url, "auditor")
    server = harness.Server(renofee, src, backend.url, work)
    api = harness.Client(server.port, spec)
    try:
        for case in CASES:
            privacy(api, keys[case["contract"]], auditor, report, tag, case)
        through_the_api(api, renofee, backend, src, report, tag)
    finally:
        code = server.stop()
        report.check(tag + "SIGTERM stops the server with exit code 0", code == 0, server.logs()[-2000:])
        backend.drop()


SRC = ""


def main(argv):
    global SRC
    renofee, src = argv[1], argv[2]
    SRC = src
    report = harness.Report()
    for kind in harness.backends():
        try:
            walk(kind, renofee, src, report)
        except Exception as e:  # a setup failure fails the run with its reason
            traceback.print_exc()
            report.check("[%s] the walk ran to its end" % kind, False, "%s: %s" % (type(e).__name__, e))
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
