#!/usr/bin/env python3
"""Two `renofee serve` instances on one PostgreSQL database (docs/scaling.md): both take
requests for the same contract at the same time, and the database keeps one truth:
  - the same contract-year reconciled 16 times at once through both instances -> one stored report, one
    compensation posting; every answer is 201 (the one that stored it) or 200 "unchanged" with the same hash;
  - the fees of the year posted by 8 `renofee post-fees` processes at once while statements are asked 16
    times through both instances -> each monthly fee posted once (statements write nothing);
  - the same contract created through both at once -> one 201, the rest 409;
  - afterwards every ledger chain verifies.
Needs RENOFEE_TEST_PG_URL (make test sets it); without it the test says so and passes nothing silently: it
exits 0 with "NOT tested" (SQLite is one file on one machine: scale-out is PostgreSQL's job).

usage: scale_out_test.py RENOFEE SOURCE_DIR
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

import harness


def main(argv):
    renofee, src = argv[1], argv[2]
    report = harness.Report()
    if not os.environ.get("RENOFEE_TEST_PG_URL"):
        print("scale-out NOT tested: RENOFEE_TEST_PG_URL is unset (make test sets it)")
        return 0
    work = harness.workdir()
    backend = harness.Backend("postgresql", work)
    spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
    data = os.path.join(src, "tests", "data", "e2e")
    with open(os.path.join(data, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    keys = {role: harness.keys_create(renofee, backend.url, role) for role in ("financier", "auditor")}
    work_a, work_b = os.path.join(work, "a"), os.path.join(work, "b")
    os.makedirs(work_a)
    os.makedirs(work_b)
    servers = [harness.Server(renofee, src, backend.url, work_a), harness.Server(renofee, src, backend.url, work_b)]
    apis = [harness.Client(s.port, spec) for s in servers]

    def read(name):
        with open(os.path.join(data, name), encoding="utf-8") as f:
            return f.read()

    def both(n, fn):
        """fn(api, i) n times, alternating instances, all at once."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(lambda i: fn(apis[i % 2], i), range(n)))

    try:
        def create_race():
            answers = both(8, lambda api, i: api.request("POST", "/v1/contracts", read("nom-e2e.json"),
                                                         key=keys["financier"], content_type="application/json"))
            statuses = sorted(r.status for r in answers)
            assert statuses == [201] + [409] * 7, statuses
            assert backend.count("SELECT COUNT(*) FROM contract_versions") == 1
        report.run("the same contract created 8 times at once on two instances: one 201, seven 409", create_race)

        def load_data():
            api = apis[0]
            assert api.request("POST", "/v1/contracts/nom-e2e/readings", read("nom-p1.txt"), key=keys["auditor"],
                               content_type="text/plain").status == 201
            assert api.request("POST", "/v1/contracts/nom-e2e/readings", read("nom-submeters.csv"),
                               key=keys["auditor"], content_type="text/csv").status == 201
            assert apis[1].request("POST", "/v1/weather", harness.knmi_2024_2025(src), key=keys["auditor"],
                                   content_type="text/plain").status == 200
        report.run("readings and weather loaded", load_data)

        def reconcile_race():
            answers = both(16, lambda api, i: api.request("POST", "/v1/contracts/nom-e2e/reconciliations",
                                                          '{"year": 1}', key=keys["auditor"],
                                                          content_type="application/json"))
            statuses = sorted(r.status for r in answers)
            assert statuses.count(201) == 1 and statuses.count(200) == 15, statuses
            hashes = {r.json()["report"]["sha256"] for r in answers}
            assert len(hashes) == 1, hashes
            assert all(r.json()["report"]["compensation_eur"] == expected["nom"]["compensation"] for r in answers)
            assert backend.count("SELECT COUNT(*) FROM reports") == 1
            assert backend.count("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'compensation'") == 1
        report.run("one contract-year reconciled 16 times at once on two instances: one report, one posting",
                   reconcile_race)

        def fee_race():
            # 8 `renofee post-fees` processes at once (year 1 = 2024-03-01 .. 2025-02-28) while statements are
            # asked 16 times through both instances: the statements write nothing, each fee is posted once.
            posting = [harness.post_fees_process(renofee, backend.url, "nom-e2e", "2025-02-28", src)
                       for _ in range(8)]
            answers = both(16, lambda api, i: api.request("GET", "/v1/contracts/nom-e2e/statements/1",
                                                          key=keys["financier"]))
            outs = [p.communicate(timeout=60) for p in posting]
            assert all(p.returncode == 0 for p in posting), outs
            posted = sum(int(re.search(r"(\d+) fee\(s\) posted through", out).group(1)) for out, _ in outs)
            assert posted == 12, outs
            assert all(r.status == 200 for r in answers), [r.status for r in answers]
            r = apis[0].request("GET", "/v1/contracts/nom-e2e/statements/1", key=keys["financier"])
            assert len([e for e in r.json()["entries"] if e["kind"] == "fee"]) == 12, r.json()
            assert backend.count("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'fee'") == 12
            assert backend.count("SELECT COUNT(DISTINCT posting_key) FROM ledger_entries") == \
                backend.count("SELECT COUNT(*) FROM ledger_entries")
        report.run("fees posted by 8 processes at once while 16 statements are asked: each fee posted once",
                   fee_race)

        def verify():
            for api in apis:
                r = api.request("GET", "/v1/ledger/verify", key=keys["auditor"])
                assert r.status == 200 and r.json()["intact"] is True, r
                assert r.json()["contracts"][0]["entries"] == 13, r.json()
        report.run("both instances verify the same intact chain (13 entries)", verify)

        def event_log_intact():
            # Every racing write appended its event under the audit_head row lock: the database-wide chain is
            # consecutive and every row matches its event (renofee verify, docs/reconciliation.md).
            done = subprocess.run([renofee, "verify", "--db", backend.url], capture_output=True, text=True)
            assert done.returncode == 0 and "intact: 0 problem(s)" in done.stdout, done.stdout + done.stderr
        report.run("after the races the event log and everything settled verify intact", event_log_intact)
    finally:
        for s in servers:
            code = s.stop()
            report.check("instance exits 0 on SIGTERM", code == 0, s.logs()[-2000:])
        backend.drop()
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
