#!/usr/bin/env python3
"""Soak test (docs/reliability.md "Soak"): one Release `renofee serve` on a fresh SQLite file,
a mixed valid workload at a set concurrency for a set time, resident memory sampled over time.

Setup over the API: contract nom-e2e (tests/data/e2e) with its year of P1 telegrams and submeter readings, the
synthetic weather of station 348 for 2024-2025 (tests/data/knmi), year 1 reconciled. Then CONNECTIONS client threads, each on
its own keep-alive connection, send requests picked at random until DURATION is over:
  quote      POST /v1/quotes (financier; contracts/nom-tussenwoning.json)                         25%
  usage      GET  /v1/contracts/nom-e2e/usage, a year by month (auditor)                         20%
  upload     POST /v1/contracts/soak-N/readings, 24 fresh CSV readings, own Idempotency-Key      15%
  contract   GET  /v1/contracts/nom-e2e (resident)                                                15%
  statement  GET  /v1/contracts/nom-e2e/statements/1 (resident; reads the ledger)                 15%
  degreedays GET  /v1/weather/348/degree-days, a year (auditor)                                  10%
Every request is valid, so an error is any answer other than 2xx, or a socket error or timeout.
A sampler reads VmRSS from /proc/PID/status every SAMPLE seconds. Growth compares the mean RSS of the first
minute after WARMUP with that of the last minute.

Prints throughput, errors, p50/p99/max latency per route, RSS and throughput over time; exits 1 when there was
any error or RSS grew by 10% or more.

usage: bench/soak.py [--renofee build/src/main/renofee] [--duration 600] [--connections 32] [--warmup 60]
                     [--sample 5] [--server-threads 64] [--routes quote,usage,...]
(--routes keeps only the named parts of the mix, with their weights.)
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIX = [("quote", 25), ("usage", 20), ("upload", 15), ("contract", 15), ("statement", 15), ("degreedays", 10)]


def read(*parts):
    with open(os.path.join(SRC, *parts), "rb") as f:
        return f.read()


def knmi_2024_2025():
    """Synthetic weather of station 348 (scripts/gen_weather.py), cut to 2024-2025."""
    out = []
    with open(os.path.join(SRC, "tests", "data", "knmi", "synthetic_348_2023_2026.txt"), encoding="latin-1",
              newline="") as f:
        for line in f:
            fields = line.split(",")
            if not line.strip().startswith("348") or fields[1].strip()[:4] in ("2024", "2025"):
                out.append(line)
    return "".join(out).encode("latin-1")


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Soak:
    def __init__(self, args):
        self.args = args
        self.work = tempfile.mkdtemp(prefix="renofee-soak-")
        self.db = os.path.join(self.work, "renofee.db")
        self.lock = threading.Lock()
        self.latencies = {name: [] for name, _ in MIX}
        self.errors = {name: 0 for name, _ in MIX}
        self.error_samples = []
        self.counter = 0
        self.done_total = 0
        self.quote = read("contracts", "nom-tussenwoning.json")

    def key(self, role, contract=None):
        cmd = [self.args.renofee, "keys", "create", "--role", role, "--label", "soak", "--db", self.db]
        if contract:
            cmd += ["--contract", contract]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()

    def start(self):
        self.keys = {"financier": self.key("financier"), "auditor": self.key("auditor"),
                     "resident": self.key("resident", "nom-e2e")}
        port_file = os.path.join(self.work, "port")
        self.log = open(os.path.join(self.work, "server.log"), "w")
        self.server = subprocess.Popen(
            [self.args.renofee, "serve", "--port", "0", "--port-file", port_file, "--db", self.db,
             "--threads", str(self.args.server_threads), "--openapi-file", os.path.join(SRC, "api", "openapi.yaml")],
            cwd=SRC, stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(400):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        self.port = int(open(port_file).read().strip())
        data = ("tests", "data", "e2e")
        setup = [("POST", "/v1/contracts", read(*data, "nom-e2e.json"), "application/json", "financier", 201),
                 ("POST", "/v1/contracts/nom-e2e/readings", read(*data, "nom-p1.txt"), "text/plain", "auditor", 201),
                 ("POST", "/v1/contracts/nom-e2e/readings", read(*data, "nom-submeters.csv"), "text/csv", "auditor",
                  201),
                 ("POST", "/v1/weather", knmi_2024_2025(), "text/plain", "auditor", 200),
                 ("POST", "/v1/contracts/nom-e2e/reconciliations", b'{"year": 1}', "application/json", "auditor",
                  201)]
        # The upload threads' contracts soak-N: readings need an existing contract (docs/api.md, "Tenancy").
        offer = json.loads(read(*data, "nom-e2e.json"))
        for thread in range(self.args.connections):
            offer["id"] = "soak-%d" % thread
            setup.append(("POST", "/v1/contracts", json.dumps(offer).encode(), "application/json", "financier", 201))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for method, path, body, media, role, expected in setup:
            conn.request(method, path, body=body, headers={"Authorization": "Bearer " + self.keys[role],
                                                            "Content-Type": media})
            r = conn.getresponse()
            answer = r.read()
            if r.status != expected:
                raise RuntimeError("setup %s %s: %d %s" % (method, path, r.status, answer[:300]))
        conn.close()

    def request_for(self, name, thread):
        k = self.keys
        if name == "quote":
            return "POST", "/v1/quotes", self.quote, "application/json", k["financier"], {}
        if name == "usage":
            return ("GET", "/v1/contracts/nom-e2e/usage?from=2024-03-01&to=2025-03-01&granularity=month", None,
                    None, k["auditor"], {})
        if name == "contract":
            return "GET", "/v1/contracts/nom-e2e", None, None, k["resident"], {}
        if name == "statement":
            return "GET", "/v1/contracts/nom-e2e/statements/1", None, None, k["resident"], {}
        if name == "degreedays":
            return "GET", "/v1/weather/348/degree-days?from=2024-03-01&to=2025-03-01", None, None, k["auditor"], {}
        with self.lock:
            self.counter += 1
            n = self.counter
        body = "meter_id,channel,timestamp,value\n" + "".join(
            "S-%d,heat_pump,2024-01-01T%02d:00:00Z,%d.%03d\n" % (n, h, 100 + h, n % 1000) for h in range(24))
        return ("POST", "/v1/contracts/soak-%d/readings" % thread, body.encode(), "text/csv", k["auditor"],
                {"Idempotency-Key": "soak-%d" % n})

    def client(self, thread, deadline):
        rng = random.Random(thread)
        names = [name for name, weight in MIX for _ in range(weight) if name in self.args.routes.split(",")]
        conn = None
        while time.time() < deadline:
            name = rng.choice(names)
            method, path, body, media, key, extra = self.request_for(name, thread)
            headers = {"Authorization": "Bearer " + key}
            if media:
                headers["Content-Type"] = media
            headers.update(extra)
            started = time.perf_counter()
            problem = None
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                answer = r.read()
                if not 200 <= r.status < 300:
                    problem = "%d %s" % (r.status, answer[:200])
                if (r.getheader("Connection") or "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                problem = "%s %s" % (type(e).__name__, e)
                conn.close()
                conn = None
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies[name].append(elapsed)
                self.done_total += 1
                if problem:
                    self.errors[name] += 1
                    if len(self.error_samples) < 10:
                        self.error_samples.append("%s %s: %s" % (method, path, problem))
        if conn is not None:
            conn.close()

    def run(self):
        a = self.args
        self.start()
        print("weather: synthetic station 348, 2024-2025 (tests/data/knmi, scripts/gen_weather.py; not KNMI data)")
        print("renofee soak: %s, %d connections, %d s (warm-up %d s), server threads %d, pid %d, load before %s"
              % (a.renofee, a.connections, a.duration, a.warmup, a.server_threads, self.server.pid, load()))
        started = time.time()
        deadline = started + a.duration
        threads = [threading.Thread(target=self.client, args=(i, deadline)) for i in range(a.connections)]
        for t in threads:
            t.start()
        samples = []  # (seconds since start, RSS KiB, requests done so far)
        next_print = 0
        while time.time() < deadline:
            time.sleep(min(a.sample, max(0.0, deadline - time.time())))
            with self.lock:
                done = self.done_total
            samples.append((time.time() - started, rss_kib(self.server.pid), done))
            if samples[-1][0] >= next_print:
                t, rss, n = samples[-1]
                print("  t=%5.0f s  RSS %7.1f MiB  requests %8d  load %s" % (t, rss / 1024, n, load()), flush=True)
                next_print += 30
        for t in threads:
            t.join()
        elapsed = time.time() - started
        rss_end = rss_kib(self.server.pid)
        self.server.send_signal(signal.SIGTERM)
        exit_code = self.server.wait(timeout=60)
        self.log.close()

        total = sum(len(v) for v in self.latencies.values())
        errors = sum(self.errors.values())
        print("load after %s; server exit status %d; database %.1f MiB (with its WAL)" % (
            load(), exit_code, sum(os.path.getsize(self.db + suffix) for suffix in ("", "-wal")
                                   if os.path.exists(self.db + suffix)) / 1048576))
        print("%-11s %9s %8s %8s %9s %9s %9s" % ("route", "requests", "req/s", "errors", "p50 ms", "p99 ms",
                                                   "max ms"))
        for name, _ in MIX:
            values = sorted(self.latencies[name])
            print("%-11s %9d %8.1f %8d %9.2f %9.2f %9.2f" % (
                name, len(values), len(values) / elapsed, self.errors[name], percentile(values, 50) * 1000,
                percentile(values, 99) * 1000, (values[-1] if values else 0) * 1000))
        everything = sorted(v for values in self.latencies.values() for v in values)
        print("%-11s %9d %8.1f %8d %9.2f %9.2f %9.2f" % (
            "all", total, total / elapsed, errors, percentile(everything, 50) * 1000,
            percentile(everything, 99) * 1000, everything[-1] * 1000 if everything else 0))
        for sample in self.error_samples:
            print("  error:", sample)

        first = [rss for t, rss, _ in samples if a.warmup <= t < a.warmup + 60]
        last = [rss for t, rss, _ in samples if t >= elapsed - 60]
        failures = []
        if errors:
            failures.append("%d errors" % errors)
        if first and last and a.duration >= a.warmup + 120:
            before, after = sum(first) / len(first), sum(last) / len(last)
            growth = (after - before) / before
            print("RSS: first minute after warm-up %.1f MiB (mean of %d samples), last minute %.1f MiB (%d), "
                  "growth %+.2f%% (limit 10%%); peak %.1f MiB, at exit %.1f MiB" % (
                      before / 1024, len(first), after / 1024, len(last), growth * 100,
                      max(rss for _, rss, _ in samples) / 1024, rss_end / 1024))
            if growth >= 0.10:
                failures.append("RSS grew %.1f%%" % (growth * 100))
        else:
            print("RSS growth not judged: the run is shorter than warm-up + 2 minutes")
        print("RSS over time (MiB, every %d s): %s" % (a.sample, " ".join("%.1f" % (rss / 1024) for _, rss, _ in samples)))
        for f in failures:
            print("FAILED:", f)
        print("soak %s" % ("passed" if not failures else "failed"))
        if failures:
            print("database and server log kept in", self.work)
        else:
            shutil.rmtree(self.work)
        return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--renofee", default=os.path.join(SRC, "build", "src", "main", "renofee"))
    p.add_argument("--duration", type=float, default=600)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--warmup", type=float, default=60)
    p.add_argument("--sample", type=float, default=5)
    p.add_argument("--server-threads", type=int, default=64)
    p.add_argument("--routes", default=",".join(name for name, _ in MIX))
    return Soak(p.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
