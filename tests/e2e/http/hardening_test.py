#!/usr/bin/env python3
"""HTTP hardening of the real `renofee serve`, with its default settings except --threads 4 (the harness's):

1. Framing and headers, over raw sockets (127.0.0.1 only): two Content-Length fields, Content-Length with
   Transfer-Encoding, an unknown transfer coding, each followed by a hidden second request, are a 400
   problem+json, the connection closes and no second answer comes; `Content-Length: -1` and `abc` on /healthz
   are a 400 (not a 500, not silence); two Authorization fields are a 400; authenticated answers, refusals and
   /healthz carry `Cache-Control: no-store`.
2. Slow and idle clients: for ATTACK_SECONDS one thread holds IDLE connections (half never send anything,
   half made one keep-alive request and then idle; each one the server closes is reopened at once) and
   DRIBBLERS connections that send a request head one byte every 5 s (reconnecting when cut off). Meanwhile
   /healthz is asked every 50 ms and an authenticated GET /v1/contracts every fourth time, each on a new
   connection; every one must be answered 200 (a 503 with Retry-After, the server shedding load while its queue
   is full, is asked again once and may be at most 5% of them) and the /healthz p99 must stay below 1 s. The
   run prints the /healthz p50/p99/max before and during the attack, what the attack held, and the server's closing
   counters (renofee_http_connections_closed_total), for docs/reliability.md.

Bounded: every socket has a timeout, every loop a deadline; the whole script takes about 45 s.

usage: hardening_test.py RENOFEE SOURCE_DIR
"""
import http.client
import math
import os
import selectors
import socket
import sys
import threading
import time

import harness

IDLE = 200
DRIBBLERS = 20
DRIBBLE_EVERY = 5.0
ATTACK_SECONDS = 30.0
HOST = "127.0.0.1"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100.0 * len(ordered)) - 1)]


def raw(port, data, timeout=5.0):
    """Sends `data` on a new connection and returns everything received until the server closes."""
    sock = socket.create_connection((HOST, port), timeout=timeout)
    received = b""
    try:
        sock.sendall(data)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except (socket.timeout, ConnectionError):
        pass
    finally:
        sock.close()
    return received


def status_lines(reply):
    return reply.count(b"HTTP/1.1 ")


def get(port, path, key=None, timeout=10.0):
    """(status, headers dict lower-case, body, seconds) of one GET on a new connection."""
    started = time.monotonic()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Authorization": "Bearer " + key} if key else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body, time.monotonic() - started
    finally:
        conn.close()


def framing_checks(report, port, keys):
    hidden = b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
    post = (b"POST /v1/quotes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + keys["financier"].encode() +
            b"\r\nContent-Type: application/json\r\n")
    cases = [
        ("two different Content-Length fields, a hidden request after", post +
         b"Content-Length: 2\r\nContent-Length: 39\r\n\r\n{}" + hidden, b"two Content-Length fields"),
        ("Content-Length with Transfer-Encoding: chunked, a hidden request after", post +
         b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden,
         b"Content-Length and Transfer-Encoding"),
        ("Transfer-Encoding: gzip, chunked", post + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + hidden,
         b"Transfer-Encoding must be"),
        ("a malformed chunk size, a hidden request after", post + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n" + hidden,
         b"malformed chunked body"),
        ("Content-Length: -1 on /healthz without a key", b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
         b"Content-Length must be"),
        ("Content-Length: abc on /healthz", b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
         b"Content-Length must be"),
        ("two Authorization fields (a valid key first)",
         ("GET /v1/contracts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nAuthorization: Bearer %s\r\n\r\n"
          % (keys["auditor"], "rf_0123456789ab_" + "A" * 43)).encode(), b"two Authorization fields"),
        ("two Authorization fields, the same key twice",
         ("GET /v1/contracts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nAuthorization: Bearer %s\r\n\r\n"
          % (keys["auditor"], keys["auditor"])).encode(), b"two Authorization fields"),
    ]
    for name, data, detail in cases:
        def case(data=data, detail=detail):
            started = time.monotonic()
            reply = raw(port, data)
            assert reply.startswith(b"HTTP/1.1 400 "), reply[:300]
            assert b"Content-Type: application/problem+json" in reply, reply[:600]
            assert b"Connection: Close" in reply, reply[:600]
            assert b"Cache-Control: no-store" in reply, reply[:600]
            assert detail in reply, reply
            assert status_lines(reply) == 1, "a second answer: %r" % reply
            assert time.monotonic() - started < 3, "not closed at once"
        report.run("framing: " + name + " -> 400, closed, nothing more", case)

    def cache_control():
        for path, key, status in (("/v1/contracts?limit=5", keys["auditor"], 200),
                                  ("/v1/contracts/c-none", keys["auditor"], 404),
                                  ("/v1/contracts", None, 401), ("/healthz", None, 200),
                                  ("/metrics", keys["operator"], 200)):
            got, headers, body, _ = get(port, path, key)
            assert got == status, (path, got, body[:200])
            assert headers.get("cache-control") == "no-store", (path, headers)
    report.run("Cache-Control: no-store on authenticated answers, refusals and /healthz", cache_control)


class Attack(threading.Thread):
    """Holds IDLE idle connections and DRIBBLERS dribbling ones until `until` (time.monotonic())."""

    HEAD = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * 64 + b"\r\n\r\n"

    def __init__(self, port, until):
        super().__init__(daemon=True)
        self.port = port
        self.until = until
        self.selector = selectors.DefaultSelector()
        self.counts = {"opened": 0, "fresh closed by server": 0, "kept-alive closed by server": 0,
                       "dribblers cut with 408": 0, "dribblers closed otherwise": 0, "dribbled bytes": 0}
        self.held_samples = []  # (idle held, dribblers held)
        self.error = None

    def open(self, kind):
        sock = socket.create_connection((HOST, self.port), timeout=5)
        if kind == "kept":
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.setblocking(False)
        state = {"kind": kind, "received": b"", "next_send": time.monotonic(), "sent": 0}
        self.selector.register(sock, selectors.EVENT_READ, state)
        self.counts["opened"] += 1

    def run(self):
        try:
            for i in range(IDLE):
                self.open("fresh" if i % 2 else "kept")
            for i in range(DRIBBLERS):
                self.open("dribbler")
            next_sample = time.monotonic() + 1
            while time.monotonic() < self.until:
                for key, _ in self.selector.select(timeout=0.1):
                    sock, state = key.fileobj, key.data
                    try:
                        chunk = sock.recv(65536)
                    except BlockingIOError:
                        continue
                    except ConnectionError:
                        chunk = b""
                    if chunk:
                        state["received"] += chunk
                        continue
                    self.selector.unregister(sock)
                    sock.close()
                    kind = state["kind"]
                    if kind == "dribbler":
                        cut = state["received"].startswith(b"HTTP/1.1 408 ")
                        self.counts["dribblers cut with 408" if cut else "dribblers closed otherwise"] += 1
                    else:
                        self.counts["fresh closed by server" if kind == "fresh" else "kept-alive closed by server"] += 1
                    if time.monotonic() < self.until:
                        self.open(kind)
                now = time.monotonic()
                for key in list(self.selector.get_map().values()):
                    state = key.data
                    if state["kind"] == "dribbler" and now >= state["next_send"]:
                        try:
                            key.fileobj.send(self.HEAD[state["sent"] % len(self.HEAD):][:1])
                            state["sent"] += 1
                            self.counts["dribbled bytes"] += 1
                        except OSError:
                            pass  # the server closed it; the read side reports that
                        state["next_send"] = now + DRIBBLE_EVERY
                if now >= next_sample:
                    kinds = [k.data["kind"] for k in self.selector.get_map().values()]
                    self.held_samples.append((len(kinds) - kinds.count("dribbler"), kinds.count("dribbler")))
                    next_sample = now + 1
        except Exception as e:  # reported by the main thread
            self.error = e
        finally:
            for key in list(self.selector.get_map().values()):
                key.fileobj.close()
            self.selector.close()


def measure(port, key, until, healthz, authenticated, failures, shed=None):
    """Asks /healthz every 50 ms and GET /v1/contracts every fourth time until `until`. A 503 that carries
    Retry-After is the server shedding load when every worker is busy and its queue is full (it happens when the
    machine's cores are taken by other work, such as a parallel test run): it is counted in `shed` and asked
    again once, 0.2 s later, as a client following Retry-After would; only an answer that is still not 200 is a
    failure."""
    i = 0
    while time.monotonic() < until:
        path, auth, times = ("/v1/contracts?limit=5", key, authenticated) if i % 4 == 3 else ("/healthz", None, healthz)
        try:
            status, headers, body, seconds = get(port, path, auth)
            if status == 503 and headers.get("retry-after") and shed is not None:
                shed.append(path)
                time.sleep(0.2)
                status, headers, body, seconds = get(port, path, auth)
            times.append(seconds)
            if status != 200 or headers.get("cache-control") != "no-store":
                failures.append((status, headers.get("cache-control"), body[:200]))
        except (OSError, http.client.HTTPException) as e:
            failures.append(repr(e))
        i += 1
        time.sleep(0.05)


def figures(values):
    if not values:
        return "none"
    return "n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (
        len(values), 1000 * percentile(values, 50), 1000 * percentile(values, 99), 1000 * max(values))


def main(argv):
    renofee, src = argv[1], argv[2]
    report = harness.Report()
    work = harness.workdir()
    backend = harness.Backend("sqlite", work)
    keys = {role: harness.keys_create(renofee, backend.url, role) for role in ("financier", "auditor", "operator")}
    server = harness.Server(renofee, src, backend.url, work)
    try:
        framing_checks(report, server.port, keys)
        def healthy():
            status, _, body, _ = get(server.port, "/healthz")
            assert status == 200, (status, body)
        report.run("the server is healthy after the framing checks", healthy)

        baseline, baseline_auth, baseline_failures = [], [], []
        measure(server.port, keys["auditor"], time.monotonic() + 3, baseline, baseline_auth, baseline_failures)

        attack_end = time.monotonic() + ATTACK_SECONDS
        attack = Attack(server.port, attack_end)
        attack.start()
        time.sleep(2)  # the attack's connections are open
        healthz, authenticated, failures, shed = [], [], [], []
        measure(server.port, keys["auditor"], attack_end - 0.5, healthz, authenticated, failures, shed)
        attack.join(timeout=15)

        print("baseline (no attack): /healthz %s; GET /v1/contracts %s" % (figures(baseline), figures(baseline_auth)))
        print("during the attack (%d idle + %d dribbling connections, %.0f s): /healthz %s; GET /v1/contracts %s" % (
            IDLE, DRIBBLERS, ATTACK_SECONDS, figures(healthz), figures(authenticated)))
        print("attack: %s; held (idle, dribbling) min %s max %s" % (
            attack.counts, min(attack.held_samples, default=None), max(attack.held_samples, default=None)))
        status, _, body, _ = get(server.port, "/metrics", keys["operator"])
        closed = [line for line in body.decode().splitlines()
                  if line.startswith("renofee_http_connections_closed_total")]
        print("server: " + "; ".join(closed))

        report.check("baseline requests all answered 200", not baseline_failures, str(baseline_failures[:5]))
        report.check("attack thread ran without error", attack.error is None, repr(attack.error))
        report.check("the attack held its connections (at least %d idle and %d dribbling at every sample)" % (
            IDLE - 10, DRIBBLERS), attack.held_samples and min(s[0] for s in attack.held_samples) >= IDLE - 10
            and min(s[1] for s in attack.held_samples) >= DRIBBLERS, str(attack.held_samples))
        report.check("dribblers were cut off by the header deadline (408)",
                     attack.counts["dribblers cut with 408"] >= DRIBBLERS, str(attack.counts))
        print("during the attack %d request(s) were shed with 503 + Retry-After and answered on the retry" % len(shed))
        report.check("during the attack every request was answered 200 with no-store (after at most one "
                     "Retry-After)", not failures, "%d failures, first: %s" % (len(failures), failures[:5]))
        asked = len(healthz) + len(authenticated)
        report.check("during the attack at most 5%% of the requests were shed with 503 (%d of %d)" % (len(shed), asked),
                     len(shed) * 20 <= max(asked, 1), str(shed[:5]))
        report.check("during the attack /healthz and the authenticated GET were asked",
                     len(healthz) >= 50 and len(authenticated) >= 15, "%d, %d" % (len(healthz), len(authenticated)))
        report.check("/healthz p99 during the attack is below 1 s", healthz and percentile(healthz, 99) < 1.0,
                     figures(healthz))
    finally:
        code = server.stop()
        report.check("server exits 0 on SIGTERM", code == 0, server.logs()[-2000:])
        backend.drop()
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
