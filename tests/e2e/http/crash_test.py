#!/usr/bin/env python3
"""Crash consistency (docs/reliability.md): `renofee serve` on a SQLite file is killed with SIGKILL at a
random moment of a mixed concurrent workload, many times over, and restarted; after every kill the database
must hold everything that was acknowledged and nothing half.

The workload (WORKERS threads, each picking operations at random):
- reading uploads of fresh meters as CSV, NDJSON and DSMR P1 telegrams (CRC-16 computed here), each with its
  own Idempotency-Key, to a few bulk contracts;
- contract creation (the e2e offer under a new id) and amendment of created contracts (version 2);
- settlement chains: create a contract, upload the e2e P1 telegrams and submeter CSV, reconcile year 1 (a
  report and its compensation posting), fetch the year-1 statement (which writes nothing: fees are posted by
  `renofee post-fees` only).

A client-side journal keeps every request and its outcome: acknowledged (2xx), refused (answered 5xx) or lost
(no answer: the connection died with the process). After each kill, with the server down, the checks read
the database directly (python sqlite3):
- every acknowledged item is fully present: an upload's row in `uploads` with all its readings (as many rows
  as the body has readings, counted here from the body), a contract version with the answered SHA-256, a
  report with its compensation posting (tests/data/e2e/expected.json); a statement left no fee posting;
- every unacknowledged item is absent or complete: an upload with all its readings or none, a contract
  version whole or missing; for every contract: reports = compensation postings, no fee postings,
  ledger head = number of entries; an upload is stored exactly when its Idempotency-Key record is (they
  commit in one transaction; every upload here has its own key and content);
- `PRAGMA integrity_check` is ok, `PRAGMA foreign_key_check` is empty, `renofee ledger verify` exits 0.
After the restart every unacknowledged request is sent again (same body, same Idempotency-Key) and its answer
must agree with what the database held: a stored upload answers its recorded 201 with Idempotent-Replayed:
true, a missing one 201 stored; a stored contract or amendment 409, a missing one
201; a stored report 200 unchanged, a missing one 201 stored. From then on the item counts as acknowledged.

usage: crash_test.py RENOFEE SOURCE_DIR [KILLS]   (KILLS also from RENOFEE_CRASH_KILLS; default 20;
       RENOFEE_CRASH_SEED fixes the random choices)
"""
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import harness

WORKERS = 6
SERVER_THREADS = 8
MAX_KILL_DELAY = 1.5  # seconds into a round's workload
# tests/data/e2e/expected.json: nom's compensation in EUR, posted negative, in cents.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "e2e", "expected.json")) as _f:
    COMPENSATION_CENTS = -int(json.load(_f)["nom"]["compensation"].replace(".", ""))


def crc16_arc(data):
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


class Item:
    """One write the workload asked for, and what became of it."""

    def __init__(self, kind, method, path, body, content_type, **facts):
        self.kind = kind  # upload, contract, amendment, reconcile, statement
        self.method = method
        self.path = path
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.content_type = content_type
        self.sha256 = hashlib.sha256(self.body).hexdigest() if self.body is not None else None
        self.idempotency_key = facts.pop("idempotency_key", None)
        self.facts = facts  # contract, rows (uploads), ...
        self.state = "pending"  # acked | refused | lost
        self.status = None
        self.answer = None

    def send(self, port, key, extra_headers=None):
        headers = {"Authorization": "Bearer " + key}
        if self.content_type:
            headers["Content-Type"] = self.content_type
        if self.idempotency_key:
            headers["Idempotency-Key"] = self.idempotency_key
        headers.update(extra_headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(self.method, self.path, body=self.body, headers=headers)
            raw = conn.getresponse()
            return raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read()
        finally:
            conn.close()


class Workload:
    def __init__(self, src, keys, rng):
        self.keys = keys
        self.rng = rng
        self.lock = threading.Lock()
        self.counter = 0
        self.items = []  # every Item ever sent
        data = os.path.join(src, "tests", "data", "e2e")
        with open(os.path.join(data, "nom-e2e.json"), encoding="utf-8") as f:
            self.offer = json.load(f)
        with open(os.path.join(data, "nom-p1.txt"), encoding="utf-8") as f:
            self.p1 = f.read()
        with open(os.path.join(data, "nom-submeters.csv"), encoding="utf-8") as f:
            self.submeters = f.read()
        self.p1_rows = sum(1 for line in self.p1.splitlines() if line[:9] in (
            "1-0:1.8.1", "1-0:1.8.2", "1-0:2.8.1", "1-0:2.8.2"))
        self.submeter_rows = len(self.submeters.strip().splitlines()) - 1
        self.bulk_contracts = ["bulk-%d" % i for i in range(3)]
        self.amendable = []  # contracts whose creation was acknowledged and that nobody amends yet

    def next_number(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def record(self, item):
        with self.lock:
            self.items.append(item)

    # Request builders -----------------------------------------------------------------------------------
    def offer_json(self, contract_id, monthly=None):
        offer = json.loads(json.dumps(self.offer))
        offer["id"] = contract_id
        if monthly is not None:
            offer["service_fee"]["monthly"] = monthly
        return offer

    def upload(self, fmt):
        n = self.next_number()
        contract = self.rng.choice(self.bulk_contracts)
        count = self.rng.randint(5, 120)
        days = [(2024, 1 + (d // 28) % 12, 1 + d % 28) for d in range(count)]
        if fmt == "p1":
            equipment = ("CRASH%06d" % n).encode().hex().upper()
            telegrams = []
            for i, (y, m, d) in enumerate(days):
                lines = ["/XMX5LGBBFG1012463817", "", "1-3:0.2.8(42)",
                         "0-0:1.0.0(%02d%02d%02d000000%s)" % (y % 100, m, d, "S" if m >= 4 else "W"),  # DST from 31 March
                         "0-0:96.1.1(%s)" % equipment,
                         "1-0:1.8.1(%010.3f*kWh)" % (1000 + i), "1-0:1.8.2(%010.3f*kWh)" % (2000 + 2 * i),
                         "1-0:2.8.1(%010.3f*kWh)" % (100 + i), "1-0:2.8.2(%010.3f*kWh)" % (200 + i),
                         "0-0:96.14.0(0001)", ""]
                text = "\r\n".join(lines[:-1]) + "\r\n!"
                telegrams.append(text + "%04X\r\n" % crc16_arc(text.encode()))
            body, media, rows = "".join(telegrams), "text/plain", 4 * count
        elif fmt == "csv":
            body = "meter_id,channel,timestamp,value\n" + "".join(
                "CSV-%d,heat_pump,%04d-%02d-%02dT00:00:00Z,%d.%03d\n" % (n, y, m, d, 100 + i, n % 1000)
                for i, (y, m, d) in enumerate(days))
            media, rows = "text/csv", count
        else:
            body = "".join(json.dumps({"meter_id": "NDJ-%d" % n, "channel": "pv_generation",
                                       "timestamp": "%04d-%02d-%02dT00:00:00Z" % (y, m, d),
                                       "value": "%d.5" % (50 + i)}) + "\n" for i, (y, m, d) in enumerate(days))
            media, rows = "application/x-ndjson", count
        return Item("upload", "POST", "/v1/contracts/%s/readings" % contract, body, media, contract=contract,
                    rows=rows, key="auditor", idempotency_key="crash-%s-%d" % (fmt, n))

    def contract(self, prefix):
        contract_id = "%s-%d" % (prefix, self.next_number())
        return Item("contract", "POST", "/v1/contracts", json.dumps(self.offer_json(contract_id)),
                    "application/json", contract=contract_id, key="financier")

    def amendment(self, contract_id):
        body = {"offer": self.offer_json(contract_id, monthly="21.00"), "reason": "crash test amendment",
                "effective_date": "2025-03-01"}
        return Item("amendment", "POST", "/v1/contracts/%s/amendments" % contract_id, json.dumps(body),
                    "application/json", contract=contract_id, key="financier")

    def chain(self):
        """Create, upload P1 and submeters, reconcile year 1, statement year 1; each step only after the one
        before was acknowledged."""
        created = self.contract("r")
        contract_id = created.facts["contract"]
        yield created
        n = self.next_number()
        yield Item("upload", "POST", "/v1/contracts/%s/readings" % contract_id, self.p1, "text/plain",
                   contract=contract_id, rows=self.p1_rows, key="auditor", idempotency_key="chain-p1-%d" % n)
        yield Item("upload", "POST", "/v1/contracts/%s/readings" % contract_id, self.submeters, "text/csv",
                   contract=contract_id, rows=self.submeter_rows, key="auditor", idempotency_key="chain-csv-%d" % n)
        yield Item("reconcile", "POST", "/v1/contracts/%s/reconciliations" % contract_id, '{"year": 1}',
                   "application/json", contract=contract_id, key="auditor")
        yield Item("statement", "GET", "/v1/contracts/%s/statements/1" % contract_id, None, None,
                   contract=contract_id, key="auditor")

    # Running --------------------------------------------------------------------------------------------
    def perform(self, item, port, stop):
        """Sends one item and records its outcome; False when it was not acknowledged."""
        if stop.is_set():
            return False
        self.record(item)
        try:
            status, headers, body = item.send(port, self.keys[item.facts["key"]])
        except (OSError, http.client.HTTPException) as e:
            item.state, item.answer = "lost", type(e).__name__
            return False
        item.status, item.answer = status, body
        if 200 <= status < 300:
            item.state = "acked"
            return True
        item.state = "refused"
        if status != 503:
            item.unexpected = "%d %s" % (status, body[:300])
        return False

    def worker(self, port, stop, seed):
        rng = random.Random(seed)
        while not stop.is_set():
            choice = rng.random()
            if choice < 0.45:
                self.perform(self.upload(rng.choice(["csv", "ndjson", "p1"])), port, stop)
            elif choice < 0.6:
                item = self.contract("k")
                if self.perform(item, port, stop):
                    with self.lock:
                        self.amendable.append(item.facts["contract"])
            elif choice < 0.7:
                with self.lock:
                    contract_id = self.amendable.pop() if self.amendable else None
                if contract_id:
                    self.perform(self.amendment(contract_id), port, stop)
            else:
                for item in self.chain():
                    if not self.perform(item, port, stop):
                        break


class Server:
    def __init__(self, renofee, src, db_path, work, generation):
        self.port_file = os.path.join(work, "port-%d" % generation)
        self.log = open(os.path.join(work, "server-%d.log" % generation), "w")
        self.process = subprocess.Popen(
            [renofee, "serve", "--port", "0", "--port-file", self.port_file, "--db", db_path, "--openapi-file",
             os.path.join(src, "api", "openapi.yaml"), "--threads", str(SERVER_THREADS), "--shutdown-timeout",
             "5"], cwd=src, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 30
        self.port = None
        while self.port is None:
            if self.process.poll() is not None or time.time() > deadline:
                self.kill()
                raise RuntimeError("renofee serve did not start (generation %d)" % generation)
            try:
                with open(self.port_file) as f:
                    self.port = int(f.read().strip())
            except (OSError, ValueError):
                time.sleep(0.02)

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.log.close()
        return code


class Checker:
    def __init__(self, renofee, db_path, report):
        self.renofee = renofee
        self.db_path = db_path
        self.report = report
        self.checks = 0
        self.retried_found = {True: 0, False: 0}  # unacknowledged requests found stored / absent after a kill
        self.retry_answers = {}  # "upload stored: 200 already_imported" -> count

    def check(self, name, condition, detail=""):
        self.checks += 1
        self.report.check(name, condition, detail)

    def snapshot(self):
        conn = sqlite3.connect(self.db_path)
        try:
            s = {"integrity": [r[0] for r in conn.execute("PRAGMA integrity_check")],
                 "foreign_keys": conn.execute("PRAGMA foreign_key_check").fetchall()}
            s["uploads"] = {(c, sha): (i, stored) for i, c, sha, stored in conn.execute(
                "SELECT id, contract_id, content_sha256, rows_stored FROM uploads")}
            s["readings"] = dict(conn.execute("SELECT upload_id, COUNT(*) FROM readings GROUP BY upload_id"))
            s["versions"] = {}
            for c, v, sha in conn.execute("SELECT contract_id, version, sha256 FROM contract_versions"):
                s["versions"].setdefault(c, {})[v] = sha
            s["reports"] = {}
            for c, y, v in conn.execute("SELECT contract_id, year, version FROM reports"):
                s["reports"].setdefault(c, []).append((y, v))
            s["entries"] = {}
            for c, kind, cents, n in conn.execute(
                    "SELECT contract_id, kind, amount_cents, COUNT(*) FROM ledger_entries"
                    " GROUP BY contract_id, kind, amount_cents"):
                s["entries"].setdefault(c, {}).setdefault(kind, []).extend([cents] * n)
            s["entry_counts"] = dict(conn.execute(
                "SELECT contract_id, COUNT(*) FROM ledger_entries GROUP BY contract_id"))
            s["heads"] = dict(conn.execute("SELECT contract_id, entries FROM ledger_heads"))
            s["idempotency"] = {k for (k,) in conn.execute("SELECT idempotency_key FROM idempotency_records")}
        finally:
            conn.close()
        return s

    @staticmethod
    def present(item, s):
        """Whether the item's effect is in the snapshot (True/False), and a problem text when it is half there."""
        contract = item.facts["contract"]
        if item.kind == "upload":
            row = s["uploads"].get((contract, item.sha256))
            if row is None:
                return False, None
            upload_id, stored = row
            got = s["readings"].get(upload_id, 0)
            if stored != item.facts["rows"] or got != item.facts["rows"]:
                return True, "upload %d of %s: %d readings stored, rows_stored %d, the body has %d" % (
                    upload_id, contract, got, stored, item.facts["rows"])
            return True, None
        if item.kind == "contract":
            return 1 in s["versions"].get(contract, {}), None
        if item.kind == "amendment":
            return 2 in s["versions"].get(contract, {}), None
        entries = s["entries"].get(contract, {})
        if item.kind == "reconcile":
            has_report = (1, 1) in s["reports"].get(contract, [])
            if has_report and entries.get("compensation") != [COMPENSATION_CENTS]:
                return True, "report of %s without its compensation posting: %s" % (contract, entries)
            return has_report, None
        fees = len(entries.get("fee", []))  # statement: reads only, so no fee is ever posted here
        if fees != 0:
            return False, "%d fee postings for %s after a statement (a GET must not write)" % (fees, contract)
        return True, None

    def verify(self, items, tag):
        """Checks the database (server down); returns the snapshot."""
        s = self.snapshot()
        self.check(tag + "PRAGMA integrity_check is ok", s["integrity"] == ["ok"], str(s["integrity"][:5]))
        self.check(tag + "PRAGMA foreign_key_check is empty", not s["foreign_keys"], str(s["foreign_keys"][:5]))
        for item in items:
            is_there, problem = self.present(item, s)
            name = "%s %s %s (%s)" % (item.kind, item.method, item.path, item.state)
            self.check(tag + name + " is never half present", problem is None, problem or "")
            if item.state == "acked":
                self.check(tag + name + " acknowledged is present", is_there)
                if item.kind == "contract" and is_there:
                    answered = json.loads(item.answer)["versions"][0]["sha256"]
                    self.check(tag + name + " stored with the answered SHA-256",
                               s["versions"][item.facts["contract"]][1] == answered)
            if item.idempotency_key:
                self.check(tag + name + " is stored exactly when its idempotency record is",
                           (item.idempotency_key in s["idempotency"]) == is_there,
                           "stored" if is_there else "absent")
        for contract, reports in s["reports"].items():
            comps = s["entries"].get(contract, {}).get("compensation", [])
            self.check(tag + "reports of %s each with one compensation posting" % contract,
                       len(comps) == len(reports), "%s %s" % (reports, comps))
        for contract, entries in s["entries"].items():
            self.check(tag + "no fee of %s posted (only renofee post-fees posts fees)" % contract,
                       len(entries.get("fee", [])) == 0, str(len(entries.get("fee", []))))
            if "compensation" in entries:
                self.check(tag + "compensation of %s without its report" % contract, contract in s["reports"])
        self.check(tag + "ledger heads count every entry", s["heads"] == s["entry_counts"],
                   "%s vs %s" % (s["heads"], s["entry_counts"]))
        done = subprocess.run([self.renofee, "ledger", "verify", "--db", self.db_path], capture_output=True,
                              text=True)
        self.check(tag + "renofee ledger verify exits 0", done.returncode == 0, done.stdout + done.stderr)
        return s

    def retry(self, item, port, key, before, tag):
        """Sends an unacknowledged item again; its answer must agree with what the database held."""
        was_there, _ = self.present(item, before)
        self.retried_found[was_there] += 1
        status, headers, body = item.send(port, key)
        name = "%s%s %s %s retried (%s before)" % (tag, item.kind, item.method, item.path,
                                                   "stored" if was_there else "absent")
        if status == 503:
            return False  # the database was busy: sent again after the next round
        replayed = headers.get("idempotent-replayed") == "true"
        answer = json.loads(body) if body.startswith(b"{") else {}
        if item.kind == "upload":
            if was_there:
                ok = status == 201 and answer.get("status") == "stored" and replayed
            else:
                ok = status == 201 and answer.get("status") == "stored" and not replayed
        elif item.kind in ("contract", "amendment"):
            ok = status == (409 if was_there else 201)
        elif item.kind == "reconcile":
            ok = (status, answer.get("status")) == ((200, "unchanged") if was_there else (201, "stored"))
        else:
            ok = status == 200
        self.check(name + " answers consistently", ok, "%d %s %s" % (status, headers, body[:300]))
        outcome = "%s %s: %d%s%s" % (item.kind, "stored" if was_there else "absent", status,
                                     " " + answer["status"] if "status" in answer and status < 300 else "",
                                     " replayed" if replayed else "")
        self.retry_answers[outcome] = self.retry_answers.get(outcome, 0) + 1
        if ok and status < 300:
            item.state, item.status, item.answer = "acked", status, body
        elif ok:  # 409: the stored contract (version) stands; the journal keeps the stored answer's SHA-256
            item.state, item.status = "acked", status
            if item.kind == "contract":
                r = json.loads(Item("get", "GET", "/v1/contracts/" + item.facts["contract"], None, None).send(
                    port, key)[2])
                item.answer = json.dumps({"versions": [r["versions"][0]]}).encode()
        return True


def run(renofee, src, kills, seed):
    rng = random.Random(seed)
    report = harness.Report()
    work = harness.workdir()
    db_path = os.path.join(work, "renofee.db")
    keys = {role: harness.keys_create(renofee, db_path, role, label="crash") for role in ("auditor", "financier")}
    workload = Workload(src, keys, rng)
    checker = Checker(renofee, db_path, report)
    generation = 0
    server = Server(renofee, src, db_path, work, generation)
    setup = Item("weather", "POST", "/v1/weather", harness.knmi_2024_2025(src), "text/plain", key="auditor")
    status = setup.send(server.port, keys["auditor"])[0]
    assert status == 200, "weather upload %d" % status
    for contract_id in workload.bulk_contracts:
        item = Item("contract", "POST", "/v1/contracts", json.dumps(workload.offer_json(contract_id)),
                    "application/json", key="financier")
        assert item.send(server.port, keys["financier"])[0] == 201
    started = time.time()
    lost = refused = retried = 0
    delays = []
    for round_number in range(1, kills + 1):
        stop = threading.Event()
        threads = [threading.Thread(target=workload.worker, args=(server.port, stop, rng.random()))
                   for _ in range(WORKERS)]
        for t in threads:
            t.start()
        delay = rng.uniform(0.05, MAX_KILL_DELAY)
        delays.append(delay)
        time.sleep(delay)
        server.kill()
        stop.set()
        for t in threads:
            t.join()
        tag = "[kill %d] " % round_number
        pending = [i for i in workload.items if i.state != "acked"]
        lost += sum(1 for i in pending if i.state == "lost" and not getattr(i, "counted", False))
        refused += sum(1 for i in pending if i.state == "refused" and not getattr(i, "counted", False))
        for i in pending:
            if getattr(i, "unexpected", None):
                report.check(tag + "%s %s answered as expected" % (i.method, i.path), False, i.unexpected)
                i.unexpected = None
            i.counted = True
        before = checker.verify(workload.items, tag)
        generation += 1
        server = Server(renofee, src, db_path, work, generation)
        for item in pending:
            if checker.retry(item, server.port, keys[item.facts["key"]], before, tag):
                retried += 1
        if report.failed:
            break
    code = server.stop()
    report.check("SIGTERM stops the last server with exit code 0", code == 0)
    checker.verify(workload.items, "[final] ")
    acked = [i for i in workload.items if i.state == "acked"]
    kinds = {}
    for i in acked:
        kinds[i.kind] = kinds.get(i.kind, 0) + 1
    print("crash consistency: %d kills in %.1f s (seed %s, kill delay %.2f-%.2f s, %d workers, %d server threads)"
          % (len(delays), time.time() - started, seed, min(delays), max(delays), WORKERS, SERVER_THREADS))
    print("  requests sent %d: acknowledged at once %d, lost to a kill %d, refused 503 %d, retried %d"
          % (len(workload.items) + retried, len(acked) - retried, lost, refused, retried))
    print("  unacknowledged requests found stored after the kill %d, absent %d (each then retried)"
          % (checker.retried_found[True], checker.retried_found[False]))
    print("  answers to the retries (kind, state after the kill: answer): %s" % "; ".join(
        "%s x%d" % kv for kv in sorted(checker.retry_answers.items())))
    print("  acknowledged items by kind: %s" % ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
    print("  database checks %d (integrity_check and ledger verify after every kill)" % checker.checks)
    code = report.summary()
    if code == 0:
        shutil.rmtree(work)
    else:
        print("database and server logs kept in", work)
    return code


def main(argv):
    renofee, src = argv[1], argv[2]
    kills = int(argv[3]) if len(argv) > 3 else int(os.environ.get("RENOFEE_CRASH_KILLS", "20"))
    seed = os.environ.get("RENOFEE_CRASH_SEED") or str(random.randrange(1 << 30))
    return run(renofee, src, kills, seed)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
