#!/usr/bin/env python3
"""Each role walks through its job against the real `renofee serve`, on a fresh
SQLite file and, when RENOFEE_TEST_PG_URL is set, on a fresh PostgreSQL database. Every response is checked
against api/openapi.yaml by the harness (status, media type, JSON schema, problem+json, X-Request-Id).

Expected figures come from outside renofee: the quotes from tests/golden/quotes (scripts/gen_quote_golden.py,
an independent python reference), the first schedule row from docs/domain.md §4 (10,000.00 over 120 months at
0% = 83.33), degree days from CBS StatLine 80182ned (De Bilt 2010 = 3,321, 2014 = 2,385) and
scripts/knmi_degree_days.py (synthetic station 348 in 2014 = 2814.6), and the usage of readings generated here with known
slopes (8.125 kWh a day: 365 days = 2965.625 kWh; monthly slices summed with python's decimal).

usage: api_walk_test.py RENOFEE SOURCE_DIR
"""
import datetime
import decimal
import glob
import http.client
import json
import os
import socket
import subprocess
import sys

import harness


def subset_mismatch(expected, actual, path=""):
    """The first place where `expected` (a golden document) is not contained in `actual`, or None."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return path or "/"
        for key, value in expected.items():
            if key.startswith("_"):
                continue
            if key not in actual:
                return path + "/" + key + " (missing)"
            found = subset_mismatch(value, actual[key], path + "/" + key)
            if found:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return path + " (length)"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = subset_mismatch(e, a, "%s/%d" % (path, i))
            if found:
                return found
        return None
    return None if expected == actual else "%s: expected %r, got %r" % (path, expected, actual)


def year_of_readings():
    """Daily readings from 2025-12-31T12:00Z for 400 days: E1 import_t1 rising 8.125 a day; gas meter G1
    for 200 days (3.5 m3 a day) then a swap to G2 starting at 5.000 (the CLI end-to-end test's data)."""
    lines = ["meter_id,channel,timestamp,value"]
    start = datetime.datetime(2025, 12, 31, 12)
    rows = []
    for i in range(400):
        t = start + datetime.timedelta(days=i)
        rows.append((t, "E1,import_t1,%s,%.3f" % (t.strftime("%Y-%m-%dT%H:%M:%SZ"), 1000 + 8.125 * i)))
    for i in range(400):
        t = start + datetime.timedelta(days=i, minutes=30)
        if i < 200:
            rows.append((t, "G1,gas,%s,%.3f" % (t.strftime("%Y-%m-%dT%H:%M:%SZ"), 500 + 3.5 * i)))
        else:
            rows.append((t, "G2,gas,%s,%.3f" % (t.strftime("%Y-%m-%dT%H:%M:%SZ"), 5 + 3.5 * (i - 200))))
    rows.sort(key=lambda r: r[0])
    return "\n".join(lines + [r[1] for r in rows]) + "\n"


def walk(kind, renofee, src, report):
    work = harness.workdir()
    backend = harness.Backend(kind, work)
    spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
    tag = "[%s] " % kind
    keys = {role: harness.keys_create(renofee, backend.url, role)
            for role in ("financier", "auditor", "operator")}
    keys["resident"] = harness.keys_create(renofee, backend.url, "resident", contract="walk-1")
    server = harness.Server(renofee, src, backend.url, work)
    api = harness.Client(server.port, spec)
    try:
        # --- anyone ---------------------------------------------------------------------------------------
        def public():
            r = api.request("GET", "/healthz")
            assert r.status == 200 and r.json() == {"status": "ok"}, r
            r = api.request("GET", "/openapi.yaml")
            assert r.status == 200 and r.text.startswith("openapi: 3.1"), r
            r = api.request("HEAD", "/healthz")
            assert r.status == 200 and r.body == b"", r
        report.run(tag + "public health and spec", public)

        # --- financier: quotes and schedules ------------------------------------------------------------------
        def financier_quotes():
            for path in sorted(glob.glob(os.path.join(src, "contracts", "*.json"))):
                name = os.path.splitext(os.path.basename(path))[0]
                with open(path, encoding="utf-8") as f:
                    offer = f.read()
                r = api.request("POST", "/v1/quotes", offer, key=keys["financier"], content_type="application/json")
                assert r.status == 200, (name, r)
                with open(os.path.join(src, "tests", "golden", "quotes", name + ".json"), encoding="utf-8") as f:
                    golden = json.load(f)
                mismatch = subset_mismatch(golden, r.json())
                assert mismatch is None, "%s: %s" % (name, mismatch)
        report.run(tag + "financier quotes every sample offer (golden figures)", financier_quotes)

        def financier_schedule():
            with open(os.path.join(src, "contracts", "warmtefonds-nul-procent.json"), encoding="utf-8") as f:
                offer = f.read()
            r = api.request("POST", "/v1/schedules?format=csv", offer, key=keys["financier"],
                            content_type="application/json")
            assert r.status == 200 and r.media_type == "text/csv", r
            rows = r.text.splitlines()
            assert len(rows) == 121, len(rows)
            assert rows[1] == "1,2026-05-01,10000.00,0.00,83.33,83.33,0.00,83.33,9916.67", rows[1]
            assert rows[-1] == "120,2036-04-01,83.73,0.00,83.73,83.73,0.00,83.73,0.00", rows[-1]
            r = api.request("POST", "/v1/schedules", offer, key=keys["financier"], content_type="application/json")
            assert r.status == 200 and len(r.json()["rows"]) == 120, r
        report.run(tag + "financier schedules (docs/domain.md §4: 83.33, last 83.73)", financier_schedule)

        def financier_batch():
            # POST /v1/quotes/batch: every sample on one line, a blank line and a malformed one. The answer is
            # chunked NDJSON, every line valid against QuoteBatchLine, the quotes equal to POST /v1/quotes,
            # the lines equal to `renofee quote --batch` on the same file, then the summary.
            offers = []
            for path in sorted(glob.glob(os.path.join(src, "contracts", "*.json"))):
                with open(path, encoding="utf-8") as f:
                    offers.append(json.dumps(json.load(f)))
            body = "\n".join(offers[:2] + [""] + offers[2:] + ['{"id": "x", "dwelling": 1']) + "\n"
            r = api.request("POST", "/v1/quotes/batch", body, key=keys["financier"],
                            content_type="application/x-ndjson")
            assert r.status == 200 and r.media_type == "application/x-ndjson", r
            assert (r.header("transfer-encoding") or "").lower() == "chunked", r.headers
            lines = r.text.splitlines()
            assert len(lines) == len(offers) + 2, lines
            line_schema = spec.resolve({"$ref": "#/components/schemas/QuoteBatchLine"})
            for i, text in enumerate(lines):
                spec.validate(line_schema, json.loads(text), "batch line %d" % (i + 1))
            numbers = [json.loads(t).get("line") for t in lines[:-1]]
            assert numbers == [1, 2] + list(range(4, len(offers) + 3)), numbers
            for text, offer in zip(lines[:len(offers)], offers):
                single = api.request("POST", "/v1/quotes", offer, key=keys["financier"],
                                     content_type="application/json")
                assert json.loads(text)["quote"] == single.json(), text[:200]
            error = json.loads(lines[-2])["error"]
            assert error["problems"][0]["pointer"] == "" and "malformed JSON" in error["title"], error
            assert json.loads(lines[-1]) == {"summary": {"lines": len(offers) + 2, "quoted": len(offers),
                                                         "failed": 1}}, lines[-1]
            batch_file = os.path.join(work, "batch.ndjson")
            with open(batch_file, "w", encoding="utf-8") as f:
                f.write(body)
            cli = subprocess.run([renofee, "quote", "--batch", batch_file], capture_output=True, text=True)
            assert cli.returncode == 1, cli.stderr  # one line failed
            assert cli.stdout.splitlines() == lines[:-1], "the CLI and the API answer a batch differently"

            # A body cut short after the first offer: the first quote is already out, so the answer ends with an
            # "aborted" summary (400) and the server closes the connection.
            full = (offers[0] + "\n" + offers[1] + "\n").encode()
            head = ("POST /v1/quotes/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: application/x-ndjson\r\nContent-Length: %d\r\n\r\n" % (keys["financier"], len(full)))
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
            try:
                sock.sendall(head.encode() + (offers[0] + "\n").encode())
                sock.shutdown(socket.SHUT_WR)
                raw = http.client.HTTPResponse(sock, method="POST")
                raw.begin()
                cut = harness.Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
                assert sock.recv(1) == b"", "the connection stays open after an aborted batch"
            finally:
                sock.close()
            api.check("POST", "/v1/quotes/batch", cut)
            cut_lines = cut.text.splitlines()
            assert cut.status == 200 and len(cut_lines) == 2, cut
            assert json.loads(cut_lines[0])["line"] == 1 and "quote" in json.loads(cut_lines[0]), cut_lines[0][:200]
            summary = json.loads(cut_lines[1])["summary"]
            assert summary["quoted"] == 1 and summary["aborted"]["status"] == 400, summary
            assert "ended after" in summary["aborted"]["detail"], summary

            # Refusals before anything is read: not NDJSON (415), an auditor (403), no key (401).
            assert api.request("POST", "/v1/quotes/batch", offers[0], key=keys["financier"],
                               content_type="application/json").status == 415
            assert api.request("POST", "/v1/quotes/batch", offers[0], key=keys["auditor"],
                               content_type="application/x-ndjson").status == 403
            assert api.request("POST", "/v1/quotes/batch", offers[0],
                               content_type="application/x-ndjson").status == 401
        report.run(tag + "financier quotes a batch as streamed NDJSON (same lines as the CLI)", financier_batch)

        # --- auditor: readings ------------------------------------------------------------------------------
        # Readings need an existing contract (docs/api.md, "Tenancy"): the financier creates those used below.
        p1_samples = sorted(glob.glob(os.path.join(src, "tests", "data", "p1", "*.txt")))
        for contract in ["walk-1", "walk-2"] + ["p1-%d" % n for n in range(len(p1_samples))]:
            harness.create_contract(api, keys["financier"], src, contract)
        year = year_of_readings()

        def auditor_csv():
            r = api.request("POST", "/v1/contracts/walk-1/readings", year, key=keys["auditor"], content_type="text/csv")
            assert r.status == 201, r
            upload = r.json()["upload"]
            assert (upload["rows_read"], upload["rows_stored"]) == (800, 800), upload
            assert backend.count("SELECT COUNT(*) FROM readings") == 800
            again = api.request("POST", "/v1/contracts/walk-1/readings", year, key=keys["auditor"],
                                content_type="text/csv")
            assert again.status == 200 and again.json()["status"] == "already_imported", again
            assert again.json()["upload"]["id"] == upload["id"]
            assert backend.count("SELECT COUNT(*) FROM readings") == 800
            assert backend.count("SELECT COUNT(*) FROM uploads") == 1
        report.run(tag + "auditor uploads a year of CSV readings, idempotent by content", auditor_csv)

        def auditor_ndjson():
            lines = [json.dumps({"meter_id": "H1", "channel": "heat_pump", "timestamp": "2026-01-%02dT00:00:00Z" % d,
                                 "value": "%d.500" % (100 + 7 * d)}) for d in range(1, 11)]
            r = api.request("POST", "/v1/contracts/walk-1/readings", "\n".join(lines) + "\n", key=keys["auditor"],
                            content_type="application/x-ndjson")
            assert r.status == 201 and r.json()["upload"]["rows_stored"] == 10, r
            use = api.request("GET", "/v1/contracts/walk-1/usage?from=2026-01-03&to=2026-01-05&channel=heat_pump",
                              key=keys["auditor"]).json()
            # Local midnight 2026-01-03 is 01-02T23:00Z: 114.5 + 7 x 23/24 = 121.208(3) -> 121.208; two days
            # later 01-04T23:00Z: 128.5 + 7 x 23/24 = 135.208(3) -> 135.208; use 14.000, estimated.
            assert len(use["channels"]) == 1 and use["channels"][0]["use"] == "14.000", use
            assert use["channels"][0]["start"]["register"] == "121.208", use
        report.run(tag + "auditor uploads NDJSON and reads its use", auditor_ndjson)

        def auditor_p1():
            expected = {}
            with open(os.path.join(src, "tests", "data", "p1", "expected.tsv"), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#"):
                        continue
                    fields = line.rstrip("\n").split("\t")
                    expected.setdefault(fields[0], set()).add((fields[4], fields[5], fields[6]))
            for n, path in enumerate(sorted(glob.glob(os.path.join(src, "tests", "data", "p1", "*.txt")))):
                with open(path, "rb") as f:
                    telegrams = f.read()
                contract = "p1-%d" % n
                r = api.request("POST", "/v1/contracts/%s/readings" % contract, telegrams, key=keys["auditor"],
                                content_type="text/plain")
                assert r.status == 201, (path, r)
                distinct = len(expected[os.path.basename(path)])
                stored = backend.count("SELECT COUNT(*) FROM readings r JOIN reading_series s ON s.id = r.series_id"
                                       " WHERE s.contract_id = '%s'" % contract)
                assert r.json()["upload"]["rows_stored"] == distinct == stored, (path, r.json(), distinct, stored)
        report.run(tag + "auditor uploads every DSMR P1 sample (readings as expected.tsv)", auditor_p1)

        def auditor_usage():
            r = api.request("GET", "/v1/contracts/walk-1/usage?from=2026-01-01&to=2027-01-01", key=keys["auditor"])
            assert r.status == 200, r
            channels = {c["channel"]: c for c in r.json()["channels"]}
            assert channels["import_t1"]["use"] == "2965.625", channels["import_t1"]
            assert channels["import_t1"]["estimated"] is True
            assert channels["gas"]["meter_swaps"] == 1, channels["gas"]
            months = api.request("GET", "/v1/contracts/walk-1/usage?from=2026-01-01&to=2027-01-01&channel=import_t1"
                                 "&granularity=month", key=keys["auditor"]).json()
            slices = months["channels"][0]["slices"]
            assert len(slices) == 12 and slices[0]["from"] == "2026-01-01" and slices[-1]["to"] == "2027-01-01"
            total = sum(decimal.Decimal(s["use"]) for s in slices)
            assert total == decimal.Decimal("2965.625"), total
        report.run(tag + "auditor reads usage: 365 x 8.125 = 2965.625, months sum exactly", auditor_usage)

        # --- auditor and operator: weather -------------------------------------------------------------------
        def weather():
            with open(os.path.join(src, "tests", "data", "knmi", "synthetic_260_2010_2014.txt"), "rb") as f:
                de_bilt = f.read()
            r = api.request("POST", "/v1/weather", de_bilt, key=keys["auditor"], content_type="text/plain")
            assert r.status == 200 and r.json()["days"] == 1826 and r.json()["station"] == 260, r
            with open(os.path.join(src, "tests", "data", "knmi", "synthetic_348_2014.txt"), "rb") as f:
                cabauw = f.read()
            r = api.request("POST", "/v1/weather", cabauw, key=keys["operator"], content_type="text/plain")
            assert r.status == 200 and r.json()["stored"] == 365, r
            dd = api.request("GET", "/v1/weather/260/degree-days?from=2010-01-01&to=2011-01-01",
                             key=keys["auditor"]).json()
            assert dd["degree_days"] == "2666.7", dd  # tests/data/knmi/degree_days.tsv
            dd = api.request("GET", "/v1/weather/260/degree-days?from=2013-01-01&to=2014-01-01",
                             key=keys["financier"]).json()
            assert dd["degree_days"] == "3089.6" and dd["weighted_degree_days"] == "3144.94", dd
            dd = api.request("GET", "/v1/weather/348/degree-days?from=2014-01-01&to=2015-01-01",
                             key=keys["resident"]).json()
            assert (dd["degree_days"], dd["irradiance_j_cm2"]) == ("2814.6", "369785"), dd
            gap = api.request("GET", "/v1/weather/260/degree-days?from=2014-02-10&to=2014-02-13",
                              key=keys["auditor"]).json()
            assert gap["degree_days"] is None and len(gap["missing_days"]) == 3, gap
        report.run(tag + "weather upload and degree days (CBS De Bilt 2010 = 3,321, 2014 = 2,385)", weather)

        # --- resident -----------------------------------------------------------------------------------------
        def resident():
            r = api.request("GET", "/v1/contracts/walk-1/usage?from=2026-02-01&to=2026-03-01", key=keys["resident"])
            assert r.status == 200 and r.json()["contract"] == "walk-1", r
            r = api.request("GET", "/v1/contracts/p1-0/usage?from=2026-02-01&to=2026-03-01", key=keys["resident"])
            assert r.status == 404, r
        report.run(tag + "resident reads its own contract, 404 for another", resident)

        # --- idempotency key -------------------------------------------------------------------------------
        def idempotency():
            body = "meter_id,channel,timestamp,value\nX1,import_t2,2026-01-01T00:00:00Z,1.000\n"
            headers = {"Idempotency-Key": "walk-upload-1"}
            first = api.request("POST", "/v1/contracts/walk-2/readings", body, headers=headers, key=keys["auditor"],
                                content_type="text/csv")
            second = api.request("POST", "/v1/contracts/walk-2/readings", body, headers=headers, key=keys["auditor"],
                                 content_type="text/csv")
            assert first.status == second.status == 201, (first, second)
            assert second.header("idempotent-replayed") == "true" and second.body == first.body
            assert backend.count("SELECT COUNT(*) FROM uploads WHERE contract_id = 'walk-2'") == 1
            other = api.request("POST", "/v1/contracts/walk-2/readings", body + "X1,import_t2,2026-01-02T00:00:00Z,2.000\n",
                                headers=headers, key=keys["auditor"], content_type="text/csv")
            assert other.status == 409, other
        report.run(tag + "Idempotency-Key replays the first answer and refuses another body", idempotency)

        # --- operator --------------------------------------------------------------------------------------
        def operator():
            r = api.request("GET", "/metrics", key=keys["operator"])
            assert r.status == 200 and r.media_type == "text/plain", r
            samples = {}
            for line in r.text.splitlines():
                if line and not line.startswith("#"):
                    series, value = line.rsplit(" ", 1)
                    samples[series] = value
            # Every sample is quoted twice: in the golden walk and beside the batch.
            quotes = 2 * len(glob.glob(os.path.join(src, "contracts", "*.json")))
            assert samples['renofee_http_requests_total{route="quotes",method="POST",status="200"}'] == str(quotes)
            # The whole batch and the one cut short.
            assert samples['renofee_http_requests_total{route="quotes_batch",method="POST",status="200"}'] == "2"
            stored_uploads = 1 + 1 + len(glob.glob(os.path.join(src, "tests", "data", "p1", "*.txt"))) + 1
            assert samples['renofee_readings_uploads_total{outcome="stored"}'] == str(stored_uploads), samples
            assert samples['renofee_readings_uploads_total{outcome="already_imported"}'] == "1"
            assert samples["renofee_weather_days_stored_total"] == str(1826 + 365)
        report.run(tag + "operator reads the metrics (request and ingest counters)", operator)

        # --- revocation takes effect on the next request ----------------------------------------------------
        def revocation():
            key_id = keys["auditor"][3:15]
            subprocess.run([renofee, "keys", "revoke", key_id, "--db", backend.url], check=True, capture_output=True)
            r = api.request("GET", "/v1/contracts/walk-1/usage?from=2026-02-01&to=2026-03-01", key=keys["auditor"])
            assert r.status == 401, r
            listed = subprocess.run([renofee, "keys", "list", "--db", backend.url], check=True, capture_output=True,
                                    text=True).stdout
            assert key_id in listed and keys["auditor"][16:] not in listed
        report.run(tag + "a revoked key is refused on its next request", revocation)
    finally:
        code = server.stop()
        report.check(tag + "SIGTERM stops the server with exit code 0", code == 0, server.logs()[-2000:])
        logs = server.logs()
        report.check(tag + "the access log names the key id of each accepted request",
                     '"key_id":"%s"' % keys["financier"][3:15] in logs)
        report.check(tag + "no key secret appears in the log",
                     not any(key[16:] in logs for key in keys.values()))
        report.check(tag + "every response was checked against the spec", api.checked >= 30, str(api.checked))
        print("%s%d responses validated against api/openapi.yaml" % (tag, api.checked))
        backend.drop()


def main(argv):
    renofee, src = argv[1], argv[2]
    report = harness.Report()
    for kind in harness.backends():
        walk(kind, renofee, src, report)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
