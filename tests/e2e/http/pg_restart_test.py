#!/usr/bin/env python3
"""PostgreSQL stopped and restarted under load (docs/reliability.md "Database faults").

The test starts its own throwaway PostgreSQL cluster (never the shared one of scripts/with-postgres.sh), the real
`renofee serve` on it, and WORKERS threads that send, in turn, quotes, contract creations, readings uploads with an
Idempotency-Key, reconciliations and /healthz. Every response is checked against api/openapi.yaml by the harness.
Mid-run the cluster is stopped (`pg_ctl stop -m fast`, which also ends the server's open connections), kept down
for DOWN_SECONDS, and started again; renofee is never restarted. It proves:
  - every answer is the expected success or a 503 application/problem+json with a numeric Retry-After and a
    detail that names no host, SQLSTATE or table; no 500, no reset or unanswered connection;
  - while the database is down every kind of request (and /healthz) got 503;
  - after the restart every kind of request succeeds again by itself within RECOVERY_LIMIT seconds, and the last
    seconds of the run have no 503 at all;
  - nothing is half-written: each acknowledged contract is stored exactly once; each contract or upload that got
    503 is either wholly present or absent, and retrying it afterwards (same body, same Idempotency-Key) leaves
    exactly one copy; one report and its one ledger posting exist; `renofee ledger verify` passes.
Exit 77 (ctest: skipped) only when the PostgreSQL binaries are not installed.

usage: pg_restart_test.py RENOFEE SOURCE_DIR
"""
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

import harness

WORKERS = 4
UP_BEFORE_STOP = 2.0  # seconds of load before the stop
DOWN_SECONDS = 3.0
RECOVERY_LIMIT = 5.0  # every kind of request must succeed again within this many seconds of the restart
STEADY_TAIL = 2.0  # the last seconds of the run: no 503 allowed
PAUSE = 0.01  # seconds each worker waits between requests (a 503 comes back in about a millisecond)
LEAKS = re.compile(r"SQLSTATE|postgres|127\.0\.0\.1|soci|select|insert|ledger_entries|uploads", re.IGNORECASE)


class Cluster:
    """A PostgreSQL cluster of this test only, on a free port; as root it runs as the postgres user."""

    def __init__(self, pg_bin, workdir):
        self.bin = pg_bin
        self.dir = os.path.join(workdir, "pg")
        os.makedirs(self.dir)
        os.chmod(workdir, 0o755)
        self.prefix = []
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.dir, "data")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.run("initdb", "-D", self.data, "-U", "renofee", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
                 "--no-sync")
        self.start()
        subprocess.run([os.path.join(self.bin, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "renofee",
                        "renofee_restart"], check=True)
        self.url = "postgresql://renofee@127.0.0.1:%d/renofee_restart" % self.port

    def run(self, tool, *args):
        subprocess.run(self.prefix + [os.path.join(self.bin, tool)] + list(args), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        self.run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "server.log"), "-w", "-t", "60", "-o",
                 "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=40" % (self.port, self.dir),
                 "start")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def rows(self, sql):
        """The rows of a query, each a list of text fields."""
        out = subprocess.run([os.path.join(self.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "renofee",
                              "-d", "renofee_restart", "-tAF", "\t", "-c", sql], check=True, capture_output=True,
                             text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def count(self, sql):
        return int(self.rows(sql)[0][0])


def pg_binaries():
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(directory, "initdb"), os.X_OK):
            return directory
    return None


class Load:
    """The workers: each request's kind, id, time, status (or the exception) is recorded."""

    def __init__(self, api, keys, src, data):
        self.api = api
        self.keys = keys
        self.lock = threading.Lock()
        self.counter = 0
        self.results = []  # (kind, ident, t, status or None, problem text or None)
        self.stop = threading.Event()
        with open(os.path.join(src, "contracts", "nom-tussenwoning.json"), encoding="utf-8") as f:
            self.offer = f.read()
        with open(os.path.join(data, "nom-e2e.json"), encoding="utf-8") as f:
            self.contract = json.load(f)

    def next_number(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def contract_body(self, n):
        body = dict(self.contract)
        body["id"] = "pgf-%d" % n
        return json.dumps(body)

    @staticmethod
    def upload_body(n):
        return "meter_id,channel,timestamp,value\nM%d,import_t2,2026-01-01T00:00:00Z,%d.000\n" % (n, n)

    def send(self, kind, n):
        if kind == "quote":
            return self.api.request("POST", "/v1/quotes", self.offer, key=self.keys["financier"],
                                    content_type="application/json")
        if kind == "contract":
            return self.api.request("POST", "/v1/contracts", self.contract_body(n), key=self.keys["financier"],
                                    content_type="application/json")
        if kind == "upload":
            return self.api.request("POST", "/v1/contracts/pgfup/readings", self.upload_body(n),
                                    headers={"Idempotency-Key": "pgf-%d" % n}, key=self.keys["auditor"],
                                    content_type="text/csv")
        if kind == "reconcile":
            return self.api.request("POST", "/v1/contracts/nom-e2e/reconciliations", '{"year": 1}',
                                    key=self.keys["auditor"], content_type="application/json")
        return self.api.request("GET", "/healthz")

    def worker(self):
        kinds = ["quote", "contract", "upload", "reconcile", "healthz"]
        while not self.stop.is_set():
            time.sleep(PAUSE)
            n = self.next_number()
            kind = kinds[n % len(kinds)]
            t = time.monotonic()
            try:
                r = self.send(kind, n)
                detail = r.json().get("detail") if r.status >= 400 else None
                entry = (kind, n, t, r.status, detail, r.header("retry-after"))
            except Exception as e:  # a reset connection or a schema mismatch: both fail the test
                entry = (kind, n, t, None, "%s: %s" % (type(e).__name__, e), None)
            with self.lock:
                self.results.append(entry)


SUCCESS = {"quote": {200}, "contract": {201}, "upload": {201}, "reconcile": {200, 201}, "healthz": {200}}


def main():
    renofee, src = sys.argv[1], sys.argv[2]
    pg_bin = pg_binaries()
    if pg_bin is None:
        print("SKIPPED: PostgreSQL binaries not installed (Debian package postgresql); the restart test needs initdb")
        return 77
    work = harness.workdir()
    report = harness.Report()
    cluster = Cluster(pg_bin, work)
    server = None
    try:
        spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
        keys = {role: harness.keys_create(renofee, cluster.url, role) for role in ("auditor", "financier")}
        server = harness.Server(renofee, src, cluster.url, work)
        api = harness.Client(server.port, spec)
        data = os.path.join(src, "tests", "data", "e2e")

        # The reconciled contract and its data, while the database is up.
        def read(name):
            with open(os.path.join(data, name), encoding="utf-8") as f:
                return f.read()
        assert api.request("POST", "/v1/contracts", read("nom-e2e.json"), key=keys["financier"],
                           content_type="application/json").status == 201
        harness.create_contract(api, keys["financier"], src, "pgfup")  # the uploads need their contract; not pgf-%
        assert api.request("POST", "/v1/contracts/nom-e2e/readings", read("nom-p1.txt"), key=keys["auditor"],
                           content_type="text/plain").status == 201
        assert api.request("POST", "/v1/contracts/nom-e2e/readings", read("nom-submeters.csv"), key=keys["auditor"],
                           content_type="text/csv").status == 201
        assert api.request("POST", "/v1/weather", harness.knmi_2024_2025(src), key=keys["auditor"],
                           content_type="text/plain").status == 200

        load = Load(api, keys, src, data)
        threads = [threading.Thread(target=load.worker) for _ in range(WORKERS)]
        for t in threads:
            t.start()
        time.sleep(UP_BEFORE_STOP)
        t_stop = time.monotonic()
        cluster.stop("fast")
        t_down = time.monotonic()
        time.sleep(DOWN_SECONDS)
        t_restart = time.monotonic()
        cluster.start()
        t_up = time.monotonic()
        time.sleep(RECOVERY_LIMIT + STEADY_TAIL)
        load.stop.set()
        for t in threads:
            t.join()
        t_end = time.monotonic()
        results = load.results
        print("%d requests: %.1f s up, stop took %.2f s, %.1f s down, start took %.2f s, then %.1f s" % (
            len(results), t_stop - results[0][2], t_down - t_stop, t_restart - t_down, t_up - t_restart,
            t_end - t_up))

        def answers():
            bad = [r for r in results if r[3] is None or (r[3] not in SUCCESS[r[0]] and r[3] != 503)]
            for r in bad[:10]:
                print("  unexpected: %s #%d -> %s %s" % (r[0], r[1], r[3], r[4]))
            assert not bad, "%d answers were neither the success nor a 503" % len(bad)
            unavailable = [r for r in results if r[3] == 503]
            for r in unavailable:
                assert r[5] is not None and r[5].isdigit() and int(r[5]) >= 1, "Retry-After %r" % r[5]
                assert not LEAKS.search(r[4] or ""), "503 detail leaks: %r" % r[4]
            print("  %d answers 503 (Retry-After %s), none 500, no connection error" % (
                len(unavailable), sorted({r[5] for r in unavailable})))
        report.run("every answer is a success or 503 problem+json with Retry-After and a plain detail", answers)

        def down():
            for kind in SUCCESS:
                during = [r for r in results if r[0] == kind and t_down <= r[2] < t_restart]
                assert during, "no %s request while the database was down" % kind
                assert all(r[3] == 503 for r in during), "%s while down: %s" % (kind, sorted({r[3] for r in during}))
        report.run("while PostgreSQL is down every kind of request and /healthz answers 503", down)

        def recovers():
            worst = 0.0
            for kind in SUCCESS:
                after = [r for r in results if r[0] == kind and r[2] >= t_up and r[3] in SUCCESS[kind]]
                assert after, "%s never succeeded after the restart" % kind
                worst = max(worst, after[0][2] - t_up)
            tail = [r for r in results if r[2] >= t_end - STEADY_TAIL]
            assert tail and all(r[3] != 503 for r in tail), "503 in the last %.0f s" % STEADY_TAIL
            failed_after = sum(1 for r in results if r[2] >= t_up and r[3] == 503)
            print("  every kind succeeded again %.2f s after the restart; %d answers 503 after it; %d requests in "
                  "the last %.0f s all succeeded" % (worst, failed_after, len(tail), STEADY_TAIL))
            assert worst <= RECOVERY_LIMIT, "recovery took %.2f s" % worst
        report.run("service resumes by itself after the restart (no renofee restart)", recovers)

        def nothing_half_written():
            # Versions per contract and readings per upload meter, read once from the database.
            versions = {r[0]: int(r[1]) for r in cluster.rows(
                "SELECT contract_id, COUNT(*) FROM contract_versions WHERE contract_id LIKE 'pgf-%' GROUP BY contract_id")}
            readings = {r[0]: int(r[1]) for r in cluster.rows(
                "SELECT s.meter_id, COUNT(*) FROM readings r JOIN reading_series s ON s.id = r.series_id "
                "WHERE s.contract_id = 'pgfup' GROUP BY s.meter_id")}
            contracts = [r for r in results if r[0] == "contract"]
            uploads = [r for r in results if r[0] == "upload"]
            for r in contracts:
                n = versions.get("pgf-%d" % r[1], 0)
                assert n == (1 if r[3] == 201 else n) and n in (0, 1), "contract pgf-%d (%s): %d versions" % (
                    r[1], r[3], n)
            for r in uploads:
                n = readings.get("M%d" % r[1], 0)
                assert n == (1 if r[3] == 201 else n) and n in (0, 1), "upload %d (%s): %d readings" % (r[1], r[3], n)
            refused_contracts = [r for r in contracts if r[3] != 201]
            refused_uploads = [r for r in uploads if r[3] != 201]
            present = (sum(1 for r in refused_contracts if versions.get("pgf-%d" % r[1]))
                       + sum(1 for r in refused_uploads if readings.get("M%d" % r[1])))
            # Retrying what got 503 (same body, same Idempotency-Key) leaves exactly one copy of each.
            for r in refused_contracts:
                again = api.request("POST", "/v1/contracts", load.contract_body(r[1]), key=keys["financier"],
                                    content_type="application/json")
                assert again.status == (409 if versions.get("pgf-%d" % r[1]) else 201), (r[1], again)
            for r in refused_uploads:
                again = api.request("POST", "/v1/contracts/pgfup/readings", load.upload_body(r[1]),
                                    headers={"Idempotency-Key": "pgf-%d" % r[1]}, key=keys["auditor"],
                                    content_type="text/csv")
                assert again.status in (200, 201), (r[1], again)
            # An acknowledged upload's retry is the recorded answer, replayed.
            for r in [r for r in uploads if r[3] == 201][:20]:
                again = api.request("POST", "/v1/contracts/pgfup/readings", load.upload_body(r[1]),
                                    headers={"Idempotency-Key": "pgf-%d" % r[1]}, key=keys["auditor"],
                                    content_type="text/csv")
                replayed = again.status == 201 and again.header("idempotent-replayed") == "true"
                recognised = again.status == 200 and again.json()["status"] == "already_imported"
                assert replayed or recognised, (r[1], again)
            assert cluster.count("SELECT COUNT(*) FROM contract_versions WHERE contract_id LIKE 'pgf-%'") == len(contracts)
            assert cluster.count("SELECT COUNT(*) FROM uploads WHERE contract_id = 'pgfup'") == len(uploads)
            assert cluster.count("SELECT COUNT(*) FROM readings r JOIN reading_series s ON s.id = r.series_id "
                                 "WHERE s.contract_id = 'pgfup'") == len(uploads)
            assert cluster.count("SELECT COUNT(*) FROM reports WHERE contract_id = 'nom-e2e'") == 1
            entries = cluster.count("SELECT COUNT(*) FROM ledger_entries WHERE contract_id = 'nom-e2e'")
            assert entries == 1, entries
            verify = subprocess.run([renofee, "ledger", "verify", "--db", cluster.url], capture_output=True, text=True)
            assert verify.returncode == 0, verify.stdout + verify.stderr
            print("  %d contracts and %d uploads: every acknowledged one stored once; of %d refused with 503, %d had "
                  "committed (connection lost in COMMIT) and none half; after retrying the refused ones every one is "
                  "stored exactly once; 1 report, 1 ledger entry, ledger verify ok" % (
                      len(contracts), len(uploads), len(refused_contracts) + len(refused_uploads), present))
        report.run("nothing half-written: acknowledged once, refused all-or-nothing, retries exactly once",
                   nothing_half_written)

        def log_clean():
            lines = server.logs().splitlines()
            assert not any('"status":500' in line for line in lines), "a 500 in the access log"
            causes = [line for line in lines if '"cause"' in line]
            assert causes, "no 503 cause in the access log"
        report.run("the access log has no 500 and records the cause of each 503", log_clean)
    finally:
        if server is not None:
            code = server.stop()
            report.check("renofee serve exits 0 on SIGTERM", code == 0, str(code))
        try:
            cluster.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(work, ignore_errors=True)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
