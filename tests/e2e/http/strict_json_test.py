#!/usr/bin/env python3
"""Strict JSON on the real `renofee serve`, on every route that reads JSON: a member given twice in one object
(Poco keeps the last one, so `"id"` twice was quoted under its second id) is a 422 naming the member's JSON
pointer, or its line in an NDJSON upload; decimal strings follow the readings' plain grammar ("1e4" and
"+5200.00" were read as 10000 and 5200.00 in an offer while a reading refused them); a whole number beyond 64
bits is a 422 naming its field instead of a 400 "malformed JSON". Each refused request leaves the database
unchanged (row counts read directly), and each is paired with the same request without the defect, which is
accepted, so the refusal is the defect's. Responses are checked against api/openapi.yaml by the harness. Runs on
SQLite and, with RENOFEE_TEST_PG_URL, on PostgreSQL.

usage: strict_json_test.py RENOFEE SOURCE_DIR
"""
import json
import os
import sys

import harness

NDJSON = "application/x-ndjson"
JSON = "application/json"
READING = '{"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-0%dT00:00:00Z","value":"%s"}\n'


def replaced(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


def one_line(text):
    return " ".join(text.split("\n"))


def cases(offer, fin, aud):
    """(name, key, path, content type, good body, its status, bad body, where, detail fragment): the bad body is
    a 422 naming `where` (a JSON pointer in errors[].pointer, or "line N" in errors[].location) with the
    fragment in its detail; the good body, the same request without the defect, gets its own status."""
    contract = "/v1/contracts/c-strict"

    def amendment(monthly, day):
        """An amendment that changes the service fee (an unchanged offer is a 409 of its own)."""
        amended = replaced(offer, '"monthly": "19.50"', '"monthly": "%s"' % monthly)
        return json.dumps({"offer": json.loads(amended), "reason": "tarief", "effective_date": day})

    def quote(name, old, new, where, detail):
        return (name, fin, "/v1/quotes", JSON, offer, 200, replaced(offer, old, new), where, detail)

    def new_contract(name, contract_id, old, new, where, detail):
        good = replaced(offer, '"id": "c-strict"', '"id": "%s"' % contract_id)
        return (name, fin, "/v1/contracts", JSON, good, 201, replaced(good, old, new), where, detail)

    def amend(name, monthly, day, old, new, where, detail):
        good = amendment(monthly, day)
        return (name, fin, contract + "/amendments", JSON, good, 201, replaced(good, old, new), where, detail)

    def ndjson(name, good, bad, where, detail):
        return (name, aud, contract + "/readings", NDJSON, good, 201, bad, where, detail)

    # A reconciliation of year 1 (not over yet) gets past the JSON to the use case's 409.
    reconcile = (contract + "/reconciliations", JSON, '{"year": 1, "dry_run": true}', 409)
    return [
        quote("quote: id twice", '"id": "c-strict"', '"id": "other", "id": "c-strict"', "/id",
              'member "id" given twice'),
        quote("quote: financing rate twice", '"annual_rate": "0.039"',
              '"annual_rate": "0.039", "annual_rate": "0.001"', "/financing/annual_rate",
              'member "annual_rate" given twice'),
        quote("quote: a guarantee member twice", '"station": 348', '"station": 348, "station": 260',
              "/guarantees/0/station", 'member "station" given twice'),
        quote("quote: cost 1e4", '"cost": "2600.00"', '"cost": "1e4"', "/measures/4/cost",
              'not a decimal number: "1e4"'),
        quote("quote: subsidy +5200.00", '"amount": "3025.00"', '"amount": "+5200.00"', "/subsidies/0/amount",
              'not a decimal number: "+5200.00"'),
        quote("quote: rate 39E-3", '"annual_rate": "0.039"', '"annual_rate": "39E-3"', "/financing/annual_rate",
              "no '+' or exponent"),
        quote("quote: floor area 10^30", '"floor_area_m2": 112', '"floor_area_m2": 1' + "0" * 30,
              "/dwelling/floor_area_m2", "number out of range"),
        new_contract("contract: id twice", "c-strict-2", '"id": "c-strict-2"',
                     '"id": "c-strict-3", "id": "c-strict-2"', "/id", 'member "id" given twice'),
        new_contract("contract: gas +0", "c-strict-4", '"gas_m3": "0"', '"gas_m3": "+0"',
                     "/expected_use/after/gas_m3", "no '+' or exponent"),
        amend("amendment: reason twice", "19.75", "2026-05-01", '"reason": "tarief"',
              '"reason": "x", "reason": "tarief"', "/reason", 'member "reason" given twice'),
        amend("amendment: a member of the offer twice", "19.95", "2026-06-01", '"monthly": "19.95"',
              '"monthly": "19.95", "monthly": "9.50"', "/offer/service_fee/monthly", 'member "monthly" given twice'),
        amend("amendment: offer amount 2.015E+1", "20.15", "2026-07-01", '"monthly": "20.15"',
              '"monthly": "2.015E+1"', "/offer/service_fee/monthly", "no '+' or exponent"),
        ("reconciliation: year twice", aud) + reconcile + ('{"year": 2, "year": 1, "dry_run": true}', "/year",
                                                           'member "year" given twice'),
        ("reconciliation: year 10^20", aud) + reconcile + ('{"year": 100000000000000000000, "dry_run": true}',
                                                           "/year", "number out of range"),
        ("fee postings: through twice", fin, contract + "/fee-postings", JSON, '{"through": "2026-04-01"}', 200,
         '{"through": "2026-05-01", "through": "2026-04-01"}', "/through", 'member "through" given twice'),
        ndjson("NDJSON readings: meter_id twice", READING % (1, "100.000") + READING % (2, "108.125"),
               READING % (1, "100.000") + replaced(READING % (2, "108.125"), '"channel"', '"meter_id":"E2","channel"'),
               "line 2", 'member "meter_id" given twice'),
        ndjson("NDJSON readings: value +111.000", READING % (3, "111.000"), READING % (3, "+111.000"), "line 1",
               "not a plain non-negative decimal"),
    ]


def check_refusal(response, where, detail):
    assert response.status == 422, "expected 422, got %r" % response
    errors = response.json().get("errors", [])
    assert len(errors) == 1, response
    key = "location" if where.startswith("line ") else "pointer"
    assert errors[0].get(key) == where, "expected %s %r: %r" % (key, where, errors)
    assert detail in errors[0]["detail"], "expected %r in %r" % (detail, errors[0]["detail"])


def batch_lines(response):
    assert response.status == 200, response
    return [json.loads(line) for line in response.text.splitlines()]


def run(kind, renofee, src, report):
    work = harness.workdir()
    backend = harness.Backend(kind, work)
    spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
    tag = "[%s] " % kind
    fin = harness.keys_create(renofee, backend.url, "financier")
    aud = harness.keys_create(renofee, backend.url, "auditor")
    server = harness.Server(renofee, src, backend.url, work)
    api = harness.Client(server.port, spec)
    try:
        with open(os.path.join(src, "contracts", "nom-tussenwoning.json"), encoding="utf-8") as f:
            offer = replaced(f.read(), '"id": "nom-tussenwoning"', '"id": "c-strict"')
        created = api.request("POST", "/v1/contracts", offer, key=fin, content_type=JSON)
        assert created.status == 201, created
        for name, key, path, media, good, ok, bad, where, detail in cases(offer, fin, aud):
            def case(key=key, path=path, media=media, good=good, ok=ok, bad=bad, where=where, detail=detail):
                before = backend.snapshot()
                check_refusal(api.request("POST", path, bad, key=key, content_type=media), where, detail)
                assert backend.snapshot() == before, "a refused request changed the data"
                accepted = api.request("POST", path, good, key=key, content_type=media)
                assert accepted.status == ok, "the request without the defect: %r" % accepted
            report.run(tag + name, case)

        # Batch quotes answer per line: the line with the defect names it, the others are quoted.
        def batch():
            lines = [one_line(offer),
                     one_line(replaced(offer, '"id": "c-strict"', '"id": "a", "id": "c-strict"')),
                     one_line(replaced(offer, '"cost": "9800.00"', '"cost": "98E2"')),
                     one_line(replaced(offer, '"term_months": 360', '"term_months": ' + "9" * 25))]
            answer = batch_lines(api.request("POST", "/v1/quotes/batch", "\n".join(lines) + "\n", key=fin,
                                             content_type=NDJSON))
            assert len(answer) == 5, answer
            assert answer[0]["line"] == 1 and "quote" in answer[0], answer[0]
            expected = [(2, "/id", 'member "id" given twice'),
                        (3, "/measures/1/cost", 'not a decimal number: "98E2"'),
                        (4, "/financing/term_months", "number out of range")]
            for (line, pointer, detail), got in zip(expected, answer[1:4]):
                assert got["line"] == line, got
                problems = got["error"]["problems"]
                assert [p["pointer"] for p in problems] == [pointer], got
                assert detail in problems[0]["detail"], got
            assert answer[4] == {"summary": {"lines": 4, "quoted": 1, "failed": 3}}, answer[4]
        report.run(tag + "batch quotes: each defect named on its line", batch)
        print("%s%d responses validated against api/openapi.yaml" % (tag, api.checked))
    finally:
        code = server.stop()
        report.check(tag + "server exits 0 on SIGTERM", code == 0, server.logs()[-2000:])
        backend.drop()


def main(argv):
    report = harness.Report()
    for kind in harness.backends():
        run(kind, argv[1], argv[2], report)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
