#!/usr/bin/env python3
"""Contracts, reconciliation, reports, statements and the ledger over HTTP, against
the real `renofee serve` on a fresh SQLite file and, when RENOFEE_TEST_PG_URL is set, a fresh PostgreSQL
database. Every response is checked against api/openapi.yaml by the harness.

Expected figures come from tests/data/e2e/expected.json (scripts/gen_reconcile_e2e.py: an independent python
decimal reference over the real Cabauw weather); the report's SHA-256 is recomputed here with hashlib.

usage: contracts_walk_test.py RENOFEE SOURCE_DIR
"""
import hashlib
import json
import os
import sys

import harness


def walk(kind, renofee, src, report):
    work = harness.workdir()
    backend = harness.Backend(kind, work)
    spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
    data = os.path.join(src, "tests", "data", "e2e")
    with open(os.path.join(data, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    tag = "[%s] " % kind
    keys = {role: harness.keys_create(renofee, backend.url, role) for role in ("auditor", "operator")}
    keys["financier"] = harness.keys_create(renofee, backend.url, "financier")
    keys["other_financier"] = harness.keys_create(renofee, backend.url, "financier")
    keys["resident"] = harness.keys_create(renofee, backend.url, "resident", contract="nom-e2e")
    keys["other_resident"] = harness.keys_create(renofee, backend.url, "resident", contract="epv-e2e")
    server = harness.Server(renofee, src, backend.url, work)
    api = harness.Client(server.port, spec)

    def read(name):
        with open(os.path.join(data, name), encoding="utf-8") as f:
            return f.read()

    try:
        def create():
            r = api.request("POST", "/v1/contracts", read("nom-e2e.json"), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 201 and r.header("Location") == "/v1/contracts/nom-e2e", r
            assert r.json()["versions"][0]["version"] == 1
            r = api.request("POST", "/v1/contracts", read("nom-e2e.json"), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 409, r
            bad = json.loads(read("nom-e2e.json"))
            bad["financing"]["term_months"] = 0
            bad["id"] = "bad-one"
            r = api.request("POST", "/v1/contracts", json.dumps(bad), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 422 and any(e["pointer"] == "/financing/term_months" for e in r.json()["errors"]), r
            r = api.request("POST", "/v1/contracts", read("epv-e2e.json"), key=keys["other_financier"],
                            content_type="application/json")
            assert r.status == 201, r
            r = api.request("POST", "/v1/contracts", read("nom-e2e.json"), key=keys["auditor"],
                            content_type="application/json")
            assert r.status == 403, r
            assert backend.count("SELECT COUNT(*) FROM contract_versions") == 2
        report.run(tag + "financiers create contracts (201, 409 again, 422 naming the field, auditor 403)", create)

        def visibility():
            r = api.request("GET", "/v1/contracts", key=keys["financier"])
            assert [c["id"] for c in r.json()["contracts"]] == ["nom-e2e"], r
            r = api.request("GET", "/v1/contracts?limit=1", key=keys["auditor"])
            assert [c["id"] for c in r.json()["contracts"]] == ["epv-e2e"] and r.json()["next"] == "epv-e2e", r
            r = api.request("GET", "/v1/contracts?after=epv-e2e&limit=1", key=keys["auditor"])
            assert [c["id"] for c in r.json()["contracts"]] == ["nom-e2e"] and r.json()["next"] is None, r
            assert api.request("GET", "/v1/contracts/nom-e2e", key=keys["other_financier"]).status == 404
            assert api.request("GET", "/v1/contracts/epv-e2e", key=keys["resident"]).status == 404
            assert api.request("GET", "/v1/contracts/missing", key=keys["auditor"]).status == 404
            r = api.request("GET", "/v1/contracts/nom-e2e", key=keys["resident"])
            assert r.status == 200 and r.json()["offer"]["id"] == "nom-e2e", r
            assert api.request("GET", "/v1/contracts", key=keys["resident"]).status == 403
        report.run(tag + "each sees only what it may (others' contracts are 404, paging by cursor)", visibility)

        def data_in():
            r = api.request("POST", "/v1/contracts/nom-e2e/readings", read("nom-p1.txt"), key=keys["auditor"],
                            content_type="text/plain")
            assert r.status == 201, r
            r = api.request("POST", "/v1/contracts/nom-e2e/readings", read("nom-submeters.csv"), key=keys["auditor"],
                            content_type="text/csv")
            assert r.status == 201, r
            r = api.request("POST", "/v1/weather", harness.knmi_2024_2025(src), key=keys["auditor"], content_type="text/plain")
            assert r.status == 200, r
        report.run(tag + "auditor uploads P1 telegrams, submeter CSV and the Cabauw weather", data_in)

        def reconcile():
            r = api.request("POST", "/v1/contracts/nom-e2e/reconciliations", '{"year": 2}', key=keys["auditor"],
                            content_type="application/json")
            assert r.status == 409 and "missing" in r.json()["detail"], r
            assert backend.count("SELECT COUNT(*) FROM ledger_entries") == 0
            r = api.request("POST", "/v1/contracts/nom-e2e/reconciliations", '{"year": 1}', key=keys["financier"],
                            content_type="application/json")
            assert r.status == 403, r
            r = api.request("POST", "/v1/contracts/nom-e2e/reconciliations", '{"year": 1}', key=keys["auditor"],
                            content_type="application/json")
            assert r.status == 201 and r.json()["status"] == "stored", r
            assert r.json()["report"]["compensation_eur"] == expected["nom"]["compensation"], r.json()
            assert r.json()["postings"][0]["amount_eur"] == "-" + expected["nom"]["compensation"]
            again = api.request("POST", "/v1/contracts/nom-e2e/reconciliations", '{"year": 1}', key=keys["auditor"],
                                content_type="application/json")
            assert again.status == 200 and again.json()["status"] == "unchanged", again
            assert again.json()["report"]["sha256"] == r.json()["report"]["sha256"]
            assert backend.count("SELECT COUNT(*) FROM reports") == 1
        report.run(tag + "auditor reconciles year 1 (missing year 2 refused, nothing posted; rerun unchanged)",
                   reconcile)

        def reports():
            r = api.request("GET", "/v1/contracts/nom-e2e/reports/1", key=keys["resident"])
            assert r.status == 200, r
            digest = hashlib.sha256(r.body).hexdigest()
            assert r.header("ETag") == '"%s"' % digest and r.header("X-Report-SHA256") == digest, r
            doc = r.json()
            assert doc["settlement"]["compensation_eur"] == expected["nom"]["compensation"]
            assert doc["guarantees"][0]["shortfall"] == expected["nom"]["shortfall"]
            r = api.request("GET", "/v1/contracts/nom-e2e/reports/1?format=csv", key=keys["auditor"])
            assert r.status == 200 and r.media_type == "text/csv", r
            assert ",settlement,compensation_eur,%s,EUR," % expected["nom"]["compensation"] in r.text
            assert api.request("GET", "/v1/contracts/nom-e2e/reports/1?version=2", key=keys["auditor"]).status == 404
            assert api.request("GET", "/v1/contracts/nom-e2e/reports/1?format=xml", key=keys["auditor"]).status == 422
            assert api.request("GET", "/v1/contracts/nom-e2e/reports/1", key=keys["other_resident"]).status == 404
            r = api.request("GET", "/v1/contracts/nom-e2e/reconciliations", key=keys["financier"])
            assert r.status == 200 and [(x["year"], x["version"]) for x in r.json()["reports"]] == [(1, 1)], r
        report.run(tag + "the report: stored bytes whose SHA-256 is the ETag, CSV, versions", reports)

        def statement():
            before = backend.count("SELECT COUNT(*) FROM ledger_entries")
            r = api.request("GET", "/v1/contracts/nom-e2e/statements/1", key=keys["resident"])
            assert r.status == 200 and r.json()["fees_eur"] == "0.00", r
            assert backend.count("SELECT COUNT(*) FROM ledger_entries") == before, "a GET wrote to the ledger"
            # The fees of year 1 (2024-03-01 .. 2025-02-28) reach the ledger through the explicit step, once:
            # over HTTP (the owning financier only), then again on the command line, which finds them posted.
            path = "/v1/contracts/nom-e2e/fee-postings"
            body = json.dumps({"through": "2025-02-28"}).encode()
            for role in ("resident", "auditor"):
                r = api.request("POST", path, body, key=keys[role], content_type="application/json")
                assert r.status == 403, (role, r)
            r = api.request("POST", path, json.dumps({"through": "2199-01-01"}).encode(), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 422 and "/through" in r.text and "after today" in r.text, r
            r = api.request("POST", path, json.dumps({"through": "2025-02-30"}).encode(), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 422 and "/through" in r.text, r
            r = api.request("POST", path, json.dumps({"through": "2025-02-28", "x": 1}).encode(),
                            key=keys["financier"], content_type="application/json")
            assert r.status == 422 and "/x" in r.text, r
            r = api.request("POST", path, body, key=keys["other_financier"], content_type="application/json")
            assert r.status == 404, r  # another financier's contract does not exist for them
            assert backend.count("SELECT COUNT(*) FROM ledger_entries") == before, "a refused posting wrote"
            r = api.request("POST", path, body, key=keys["financier"], content_type="application/json")
            assert r.status == 200, r
            posted = r.json()
            assert posted["through"] == "2025-02-28" and posted["already_posted"] == 0, posted
            assert [e["value_date"] for e in posted["posted"]][:2] == ["2024-03-01", "2024-04-01"], posted
            assert len(posted["posted"]) == 12 and all(e["kind"] == "fee" for e in posted["posted"]), posted
            r = api.request("POST", path, body, key=keys["financier"], content_type="application/json")
            assert r.status == 200 and r.json()["posted"] == [] and r.json()["already_posted"] == 12, r
            out = harness.post_fees(renofee, backend.url, "nom-e2e", "2025-02-28", src)
            assert "0 fee(s) posted through 2025-02-28, 12 already posted" in out, out
            r = api.request("GET", "/v1/contracts/nom-e2e/statements/1", key=keys["resident"])
            assert r.status == 200, r
            s = r.json()
            assert s["compensation_eur"] == expected["nom"]["compensation"], s
            assert len([e for e in s["entries"] if e["kind"] == "fee"]) == 12, s
            assert s["opening_balance_eur"] == "0.00"
            again = api.request("GET", "/v1/contracts/nom-e2e/statements/1", key=keys["resident"]).json()
            assert again["ledger_entries_total"] == s["ledger_entries_total"] == 13, again
        report.run(tag + "the resident's statement (a GET writes nothing; POST fee-postings posts 12 fees once)", statement)

        def amend():
            offer = json.loads(read("nom-e2e.json"))
            offer["service_fee"]["monthly"] = "21.00"
            body = {"offer": offer, "reason": "service fee raised by agreement", "effective_date": "2025-03-01"}
            r = api.request("POST", "/v1/contracts/nom-e2e/amendments", json.dumps(body), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 201 and r.json()["versions"][0]["version"] == 2, r
            r = api.request("POST", "/v1/contracts/nom-e2e/amendments", json.dumps(body), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 409, r
            body["offer"]["id"] = "epv-e2e"
            r = api.request("POST", "/v1/contracts/nom-e2e/amendments", json.dumps(body), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 422 and r.json()["errors"][0]["pointer"] == "/offer/id", r
            r = api.request("POST", "/v1/contracts/epv-e2e/amendments", json.dumps(body), key=keys["financier"],
                            content_type="application/json")
            assert r.status == 404, r
            r = api.request("GET", "/v1/contracts/nom-e2e", key=keys["auditor"])
            assert [v["version"] for v in r.json()["versions"]] == [1, 2] and r.json()["offer"]["service_fee"][
                "monthly"] == "21.00", r
        report.run(tag + "financier amends its contract (version 2; same again 409; foreign 404)", amend)

        def ledger():
            r = api.request("GET", "/v1/ledger/verify", key=keys["auditor"])
            assert r.status == 200 and r.json()["intact"] is True, r
            assert api.request("GET", "/v1/ledger/verify", key=keys["resident"]).status == 403
            # The answer names every contract: the operator sees no contract (docs/api.md).
            assert api.request("GET", "/v1/ledger/verify", key=keys["operator"]).status == 403
        report.run(tag + "the ledger verifies intact (auditor); residents and the operator may not ask", ledger)
    finally:
        code = server.stop()
        report.check(tag + "SIGTERM stops the server with exit code 0", code == 0, server.logs()[-2000:])
        report.check(tag + "every response was checked against the spec", api.checked >= 30, str(api.checked))
        backend.drop()


def main(argv):
    renofee, src = argv[1], argv[2]
    report = harness.Report()
    for kind in harness.backends():
        walk(kind, renofee, src, report)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
