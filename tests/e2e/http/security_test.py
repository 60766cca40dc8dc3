#!/usr/bin/env python3
"""Attacks on the real `renofee serve` (at least 25), each one a named case that must get
the right 4xx as application/problem+json (checked against api/openapi.yaml by the harness) and leave the
data unchanged: the row counts of every table the API writes are compared before and after each attack
(read directly from the database, not through the API). Runs on SQLite and, with RENOFEE_TEST_PG_URL, on
PostgreSQL. The server runs with a 100,000-byte upload limit (and the default 1 MiB body limit).

usage: security_test.py RENOFEE SOURCE_DIR
"""
import os
from decimal import Decimal
import subprocess
import sys

import harness

CSV_HEADER = "meter_id,channel,timestamp,value\n"
GOOD_ROW = "E1,import_t1,2026-01-01T00:00:00Z,100.000\n"
UPLOAD_LIMIT = 100000


def replaced(text, old, new):
    assert old in text, old
    return text.replace(old, new)


def attacks(api, keys, src):
    """(name, expected status, request function) for every attack."""
    with open(os.path.join(src, "contracts", "nom-tussenwoning.json"), encoding="utf-8") as f:
        offer = f.read()
    fin, aud, op, res = keys["financier"], keys["auditor"], keys["operator"], keys["resident"]
    revoked, forged = keys["revoked"], keys["forged"]
    wrong_secret = fin[:-1] + ("A" if fin[-1] != "A" else "B")
    csv = CSV_HEADER + GOOD_ROW + "E1,import_t1,2026-01-02T00:00:00Z,108.125\n"
    upload = "/v1/contracts/c-sec/readings"
    usage = "/v1/contracts/c-sec/usage?from=2026-01-01&to=2026-02-01"

    def post_csv(path, body, key=aud, headers=None, content_type="text/csv"):
        return lambda: api.request("POST", path, body, key=key, headers=headers, content_type=content_type)

    def get(path, key=aud, headers=None):
        return lambda: api.request("GET", path, key=key, headers=headers)

    def quote(body, key=fin, content_type="application/json"):
        return lambda: api.request("POST", "/v1/quotes", body, key=key, content_type=content_type)

    def located(send, location, *parts):
        """`send`, checking that the problem names `location` in errors[0] and has every part in its detail."""
        def checked():
            response = send()
            problem = response.json()
            assert [e.get("location") for e in problem.get("errors", [])] == [location], problem
            for part in parts:
                assert part in problem["detail"], (part, problem)
            return response
        return checked

    def pointed(send, pointer):
        """`send`, checking that the problem points at the query parameter `pointer` and nothing else."""
        def checked():
            response = send()
            assert [e.get("pointer") for e in response.json().get("errors", [])] == [pointer], response.json()
            return response
        return checked

    def raw_upload(header_lines, body, declared=None, cut=False):
        head = "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: text/csv\r\n" % (upload, aud)
        head += "".join(line + "\r\n" for line in header_lines)
        head += "Content-Length: %d\r\nConnection: close\r\n\r\n" % (len(body) if declared is None else declared)
        return lambda: api.raw("POST", upload, head.encode() + body.encode(), shutdown_after_send=cut)

    return [
        # --- authentication -------------------------------------------------------------------------------
        ("no key on a quote", 401, lambda: api.request("POST", "/v1/quotes", offer, content_type="application/json")),
        ("no key on an upload", 401, lambda: api.request("POST", upload, csv, content_type="text/csv")),
        ("no key on the metrics", 401, lambda: api.request("GET", "/metrics")),
        ("forged key (well-formed, unknown id)", 401, quote(offer, key=forged)),
        ("known key id with a forged secret", 401, quote(offer, key=wrong_secret)),
        ("revoked key", 401, get(usage, key=revoked)),
        ("Basic credentials instead of Bearer", 401,
         lambda: api.request("GET", usage, headers={"Authorization": "Basic YXVkaXRvcjpzZWNyZXQ="})),
        ("SQL injection as the key", 401, get(usage, key="rf_' OR '1'='1' --")),
        ("key in the query string instead of the header", 401,
         lambda: api.request("GET", usage + "&api_key=" + aud)),
        # --- authorisation ----------------------------------------------------------------------------------
        ("auditor quoting", 403, quote(offer, key=aud)),
        ("resident uploading readings", 403, post_csv("/v1/contracts/c-res/readings", csv, key=res)),
        ("resident uploading weather", 403, post_csv("/v1/weather", "x", key=res, content_type="text/plain")),
        ("financier reading the metrics", 403, get("/metrics", key=fin)),
        ("operator uploading readings", 403, post_csv(upload, csv, key=op)),
        ("operator reading usage", 403, get(usage, key=op)),
        ("resident reading another contract", 404, get(usage, key=res)),
        # --- path traversal -----------------------------------------------------------------------------------
        ("path traversal ..%2F.. in a contract id", 400,
         get("/v1/contracts/..%2F..%2Fetc%2Fpasswd/usage?from=2026-01-01&to=2026-02-01")),
        ("dot-dot segment %2e%2e", 400, get("/v1/contracts/%2e%2e/usage?from=2026-01-01&to=2026-02-01")),
        ("encoded NUL in a contract id", 400, post_csv("/v1/contracts/c-sec%00/readings", csv)),
        ("backslash traversal in a station", 400,
         get("/v1/weather/..%5C260/degree-days?from=2014-01-01&to=2015-01-01")),
        # --- SQL injection in every text field ------------------------------------------------------------
        ("SQL injection in a contract id (upload)", 400,
         post_csv("/v1/contracts/c1';DROP%20TABLE%20readings;--/readings", csv)),
        ("SQL injection in a contract id (usage)", 400,
         get("/v1/contracts/x'%20OR%20'1'='1/usage?from=2026-01-01&to=2026-02-01")),
        ("SQL injection in a meter id", 422,
         post_csv(upload, CSV_HEADER + GOOD_ROW + "E1'); DROP TABLE readings;--,import_t1,2026-01-02T00:00:00Z,1.0\n")),
        ("SQL injection in a channel", 422,
         post_csv(upload, CSV_HEADER + GOOD_ROW + "E1,import_t1' OR '1'='1,2026-01-02T00:00:00Z,101.000\n")),
        ("SQL injection in a timestamp", 422,
         post_csv(upload, CSV_HEADER + GOOD_ROW + "E1,import_t1,2026-01-02' OR 1=1--,101.000\n")),
        ("SQL injection in a register value", 422,
         post_csv(upload, CSV_HEADER + GOOD_ROW + "E1,import_t1,2026-01-02T00:00:00Z,1; DELETE FROM readings\n")),
        ("SQL injection in the channel query parameter", 422,
         get(usage + "&channel=gas'%20OR%20'1'='1")),
        ("SQL injection in the from query parameter", 422,
         get("/v1/contracts/c-sec/usage?from=2026-01-01'%20OR%201=1--&to=2026-02-01")),
        ("SQL injection in a station", 400,
         get("/v1/weather/260%20OR%201=1/degree-days?from=2014-01-01&to=2015-01-01")),
        ("SQL injection in the Idempotency-Key", 400,
         post_csv(upload, csv, headers={"Idempotency-Key": "'; DROP TABLE idempotency_records;--"})),
        ("SQL injection in a KNMI file", 422,
         post_csv("/v1/weather", "# STN,YYYYMMDD,TG,Q\n  260,20140101,  1;DELETE FROM weather_days,  10\n",
                  content_type="text/plain")),
        # --- bodies -------------------------------------------------------------------------------------------
        ("oversized quote body (over 1 MiB)", 413, quote('{"id":"' + "x" * (1 << 20) + '"}')),
        ("oversized upload by Content-Length", 413, post_csv(upload, CSV_HEADER + "x" * UPLOAD_LIMIT)),
        ("truncated upload body (client stops after 40 of 400 bytes)", 400,
         raw_upload([], csv[:40], declared=400, cut=True)),
        ("chunked upload (a cut-off chunked body would look complete)", 411, lambda: api.raw(
            "POST", upload,
            ("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: text/csv\r\n"
             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n%x\r\n%s\r\n0\r\n\r\n"
             % (upload, aud, len(csv), csv)).encode())),
        ("truncated quote body", 400, lambda: api.raw(
            "POST", "/v1/quotes",
            ("POST /v1/quotes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
             "Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (fin, len(offer), offer[:100])).encode(),
            shutdown_after_send=True)),
        ("malformed JSON", 400, quote('{"id": "x", "financing": ')),
        ("JSON nested 100,000 deep", 400, quote("[" * 100000 + "]" * 100000)),
        ("number in a decimal field", 422, quote(replaced(offer, '"annual_rate": "0.039"', '"annual_rate": 0.039'))),
        ("NDJSON reading with a number value", 422, post_csv(
            upload, '{"meter_id":"E1","channel":"gas","timestamp":"2026-01-01T00:00:00Z","value":1.5}\n',
            content_type="application/x-ndjson")),
        ("P1 telegram with a bad CRC", 422, lambda: api.request(
            "POST", upload, open(os.path.join(src, "tests", "data", "p1", "iskra_mt382_dsmr50.txt"), "rb").read()
            .replace(b"1-0:1.8.1(0", b"1-0:1.8.1(1", 1), key=aud, content_type="text/plain")),
        ("upload whose last row is cut mid-line", 422, post_csv(upload, CSV_HEADER + GOOD_ROW + "E1,import_t1,2026-01-0")),
        # --- uploads without readings: refused, no upload logged, no Idempotency-Key answer recorded ---------
        ("CSV upload with only its header", 422, located(post_csv(upload, CSV_HEADER), "line 1", "no readings")),
        ("empty NDJSON upload", 422,
         located(post_csv(upload, "", content_type="application/x-ndjson"), "line 1", "no readings")),
        ("NDJSON upload of blank lines", 422,
         located(post_csv(upload, "\n\n", content_type="application/x-ndjson"), "line 1", "no readings")),
        ("empty P1 upload", 422, located(post_csv(upload, "", content_type="text/plain"), "line 1", "no readings")),
        ("empty upload with an Idempotency-Key", 422,
         post_csv(upload, CSV_HEADER, headers={"Idempotency-Key": "empty-upload-1"})),
        # --- readings against the stored ones of c-sec (E1 import_t1: 01-01 100, 01-02 108.125, 02-02 300) -
        ("reading contradicting a stored value", 409,
         located(post_csv(upload, CSV_HEADER + "E1,import_t1,2026-01-02T00:00:00Z,108.126\n"), "line 2",
                 "line 2: ", "conflicts with the stored 108.125")),
        ("register below the last stored reading", 409,
         located(post_csv(upload, CSV_HEADER + "E1,import_t1,2026-03-01T00:00:00Z,250.000\n"), "line 2",
                 "register decreases from 300.000 at 2026-02-02T00:00:00Z (stored by upload")),
        ("reading between two stored ones, above the later", 409,
         located(post_csv(upload, CSV_HEADER + "E1,import_t1,2026-01-15T00:00:00Z,400.000\n"), "line 2",
                 "to 300.000 at 2026-02-02T00:00:00Z (stored by upload")),
        ("reading between two stored ones, below the earlier", 409,
         located(post_csv(upload, CSV_HEADER + "E1,import_t1,2026-01-15T00:00:00Z,50.000\n"), "line 2",
                 "register decreases from 108.125 at 2026-01-02T00:00:00Z")),
        ("NDJSON register below the stored one, on its third line", 409, located(post_csv(
            upload, '{"meter_id":"E1","channel":"import_t2","timestamp":"2026-03-01T00:00:00Z","value":"1.000"}\n'
            '\n{"meter_id":"E1","channel":"import_t1","timestamp":"2026-01-03T00:00:00Z","value":"99.000"}\n',
            content_type="application/x-ndjson"), "line 3", "to 99.000 at 2026-01-03T00:00:00Z (line 3)")),
        ("a 100 KiB CSV line", 422, post_csv(upload, CSV_HEADER + "E" * 90000 + ",gas,2026-01-01T00:00:00Z,1\n")),
        ("invalid UTF-8 in a JSON body", 400, quote(b'{"id": "\xff\xfe"}'.decode("latin-1").encode("latin-1"))),
        # --- batch quotes (POST /v1/quotes/batch streams in and out) -----------------------------------------
        ("no key on a batch", 401, lambda: api.request("POST", "/v1/quotes/batch", offer.replace("\n", " "),
                                                         content_type="application/x-ndjson")),
        ("auditor sending a batch", 403, lambda: api.request("POST", "/v1/quotes/batch", offer.replace("\n", " "),
                                                               key=aud, content_type="application/x-ndjson")),
        ("batch as application/json", 415, lambda: api.request("POST", "/v1/quotes/batch", offer, key=fin,
                                                                 content_type="application/json")),
        ("oversized batch by Content-Length", 413, lambda: api.request(
            "POST", "/v1/quotes/batch", "x" * (UPLOAD_LIMIT + 1), key=fin, content_type="application/x-ndjson")),
        ("chunked batch", 411, lambda: api.raw(
            "POST", "/v1/quotes/batch",
            ("POST /v1/quotes/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
             "2\r\n{}\r\n0\r\n\r\n" % fin).encode())),
        ("batch body cut off before its first line ends", 400, lambda: api.raw(
            "POST", "/v1/quotes/batch",
            ("POST /v1/quotes/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "Content-Type: application/x-ndjson\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
             % (fin, len(offer))).encode(), shutdown_after_send=True)),
        # --- media types ------------------------------------------------------------------------------------
        ("quote as text/plain", 415, quote(offer, content_type="text/plain")),
        ("upload as application/xml", 415, post_csv(upload, "<readings/>", content_type="application/xml")),
        ("upload without Content-Type", 415, lambda: api.request("POST", upload, csv, key=aud)),
        # --- headers and queries ----------------------------------------------------------------------------
        ("header injection: a second Idempotency-Key smuggled in", 400,
         raw_upload(["Idempotency-Key: a", "Idempotency-Key: b"], csv)),
        ("control character in the Idempotency-Key", 400, post_csv(upload, csv, headers={"Idempotency-Key": "a\x7fb"})),
        ("non-ASCII Idempotency-Key", 400,
         raw_upload(["Idempotency-Key: caf\u00e9".encode("utf-8").decode("latin-1")], csv)),
        ("129-character Idempotency-Key", 400, post_csv(upload, csv, headers={"Idempotency-Key": "k" * 129})),
        ("huge query value (10 KB)", 422, get("/v1/contracts/c-sec/usage?from=" + "2" * 10000 + "&to=2026-02-01")),
        ("repeated query parameter", 422, get(usage + "&from=2025-01-01")),
        ("unknown query parameter", 422, get(usage + "&debug=true")),
        ("a century of daily usage", 422, get("/v1/contracts/c-sec/usage?from=1950-01-01&to=2049-12-31&granularity=day")),
        ("TRACE method", 405, lambda: api.request("TRACE", "/healthz")),
        # --- contracts, reconciliation, reports, ledger ---------------------------------------------------
        ("resident reads another contract", 404, get("/v1/contracts/c-sec", key=res)),
        ("resident reads another contract's report", 404, get("/v1/contracts/c-sec/reports/1", key=res)),
        ("auditor creates a contract", 403,
         lambda: api.request("POST", "/v1/contracts", offer, key=aud, content_type="application/json")),
        ("resident runs a reconciliation", 403,
         lambda: api.request("POST", "/v1/contracts/c-res/reconciliations", '{"year": 1}', key=res,
                             content_type="application/json")),
        ("financier runs a reconciliation", 403,
         lambda: api.request("POST", "/v1/contracts/c-res/reconciliations", '{"year": 1}', key=fin,
                             content_type="application/json")),
        ("SQL injection in a contract id", 400, get("/v1/contracts/x'%20OR%20'1'%3D'1", key=aud)),
        ("path traversal in a contract id", 400, get("/v1/contracts/..%2F..%2Fetc%2Fpasswd/statements/1", key=aud)),
        ("reconciliation year as a string", 422,
         lambda: api.request("POST", "/v1/contracts/c-res/reconciliations", '{"year": "1"}', key=aud,
                             content_type="application/json")),
        ("unknown member in a reconciliation", 422,
         lambda: api.request("POST", "/v1/contracts/c-res/reconciliations", '{"year": 1, "force": true}', key=aud,
                             content_type="application/json")),
        ("amendment without a reason", 422,
         lambda: api.request("POST", "/v1/contracts/c-res/amendments",
                             '{"offer": {}, "effective_date": "2026-05-01"}', key=fin,
                             content_type="application/json")),
        ("contract with a number in a decimal field", 422,
         lambda: api.request("POST", "/v1/contracts", replaced(offer, '"annual_rate": "0.039"', '"annual_rate": 0.039'),
                             key=fin, content_type="application/json")),
        ("report in an unknown format", 422, get("/v1/contracts/c-res/reports/1?format=xml", key=aud)),
        ("ledger verification by a financier", 403, get("/v1/ledger/verify", key=fin)),
        ("payoff posted by a resident", 403,
         lambda: api.request("POST", "/v1/contracts/c-res/payoff", '{}', key=res, content_type="application/json")),
        ("payoff posted by an auditor", 403,
         lambda: api.request("POST", "/v1/contracts/c-res/payoff", '{}', key=aud, content_type="application/json")),
        ("payoff posted for tomorrow", 422, pointed(
            lambda: api.request("POST", "/v1/contracts/c-res/payoff", '{"date": "2999-01-01"}', key=fin,
                                content_type="application/json"), "/date")),
        ("payoff with an unknown member", 422,
         lambda: api.request("POST", "/v1/contracts/c-res/payoff", '{"date": "2026-12-01", "amount": "1"}',
                             key=fin, content_type="application/json")),
        ("occupant change by a resident", 403,
         lambda: api.request("POST", "/v1/contracts/c-res/occupant-changes", '{"date": "2027-01-01", "event": "sale"}',
                             key=res, content_type="application/json")),
        ("occupant change by an auditor", 403,
         lambda: api.request("POST", "/v1/contracts/c-res/occupant-changes", '{"date": "2027-01-01", "event": "sale"}',
                             key=aud, content_type="application/json")),
        ("occupant change of an unknown kind", 422, pointed(
            lambda: api.request("POST", "/v1/contracts/c-res/occupant-changes",
                                '{"date": "2027-01-01", "event": "divorce"}', key=fin,
                                content_type="application/json"), "/event")),
        ("occupant change on a day that does not exist", 422, pointed(
            lambda: api.request("POST", "/v1/contracts/c-res/occupant-changes",
                                '{"date": "2027-02-30", "event": "sale"}', key=fin,
                                content_type="application/json"), "/date")),
        ("occupant change without its event", 422,
         lambda: api.request("POST", "/v1/contracts/c-res/occupant-changes", '{"date": "2027-01-01"}', key=fin,
                             content_type="application/json")),
        ("occupant change with an unknown member", 422,
         lambda: api.request("POST", "/v1/contracts/c-res/occupant-changes",
                             '{"date": "2027-01-01", "event": "sale", "buyer": "x"}', key=fin,
                             content_type="application/json")),
        ("occupant change before the contract's start", 422, pointed(
            lambda: api.request("POST", "/v1/contracts/c-res/occupant-changes",
                                '{"date": "2001-01-01", "event": "tenant_change"}', key=fin,
                                content_type="application/json"), "/date")),
        ("occupants read by a resident", 403, get("/v1/contracts/c-res/occupants", key=res)),
        ("arrears list by a resident", 403, get("/v1/arrears", key=res)),
        ("arrears list by the operator", 403, get("/v1/arrears", key=keys["operator"])),
        ("arrears on a day that does not exist", 422, pointed(get("/v1/arrears?date=2027-02-30"), "/date")),
        ("arrears of zero days past due", 422, pointed(get("/v1/arrears?min_days=0"), "/min_days")),
        ("arrears with an unknown parameter", 422, get("/v1/arrears?contract=c-sec", key=fin)),
        ("a page of a million contracts", 422, get("/v1/contracts?limit=1000000", key=aud)),
        ("portfolio risk by a resident", 403, get("/v1/portfolio/risk", key=res)),
        ("portfolio risk by the operator", 403, get("/v1/portfolio/risk", key=keys["operator"])),
        ("portfolio risk page by a resident", 403, get("/portfolio/risk", key=res)),
        ("portfolio risk with a negative seed", 422, pointed(get("/v1/portfolio/risk?seed=-1", key=fin), "/seed")),
        ("portfolio risk with an absurd spread", 422,
         pointed(get("/v1/portfolio/risk?household_sd=0.9", key=fin), "/household_sd")),
        ("portfolio risk with a year that is no year", 422,
         pointed(get("/v1/portfolio/risk?from_year=99999", key=aud), "/from_year")),
        ("portfolio risk of another financier asked by a financier", 422,
         pointed(get("/v1/portfolio/risk?financier=0123456789ab", key=fin), "/financier")),
        ("portfolio risk of an unknown financier", 409, get("/v1/portfolio/risk?financier=0123456789ab", key=aud)),
        ("portfolio risk in an unknown format", 422, pointed(get("/v1/portfolio/risk?format=xml", key=aud), "/format")),
        ("portfolio risk with an unknown parameter", 422, get("/v1/portfolio/risk?contract=c-sec", key=aud)),
    ]


def run(kind, renofee, src, report):
    work = harness.workdir()
    backend = harness.Backend(kind, work)
    spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
    tag = "[%s] " % kind
    keys = {role: harness.keys_create(renofee, backend.url, role) for role in ("financier", "auditor", "operator")}
    keys["resident"] = harness.keys_create(renofee, backend.url, "resident", contract="c-res")
    keys["revoked"] = harness.keys_create(renofee, backend.url, "auditor")
    subprocess.run([renofee, "keys", "revoke", keys["revoked"][3:15], "--db", backend.url], check=True,
                   capture_output=True)
    keys["forged"] = "rf_0123456789ab_" + "A" * 43
    server = harness.Server(renofee, src, backend.url, work, ["--max-upload-bytes", str(UPLOAD_LIMIT)])
    api = harness.Client(server.port, spec)
    try:
        # Data for the attacks to try to change: contracts c-sec and c-res with readings (readings need an
        # existing contract), a weather year.
        with open(os.path.join(src, "contracts", "nom-tussenwoning.json"), encoding="utf-8") as f:
            offer = f.read()
        for contract in ("c-sec", "c-res"):
            r = api.request("POST", "/v1/contracts", replaced(offer, '"id": "nom-tussenwoning"', '"id": "%s"' % contract),
                            key=keys["financier"], content_type="application/json")
            assert r.status == 201, r
        seed = CSV_HEADER + GOOD_ROW + "E1,import_t1,2026-01-02T00:00:00Z,108.125\nE1,import_t1,2026-02-02T00:00:00Z,300.000\n"
        for contract in ("c-sec", "c-res"):
            r = api.request("POST", "/v1/contracts/%s/readings" % contract, seed, key=keys["auditor"], content_type="text/csv")
            assert r.status == 201, r
        with open(os.path.join(src, "tests", "data", "knmi", "synthetic_348_2014.txt"), "rb") as f:
            assert api.request("POST", "/v1/weather", f.read(), key=keys["auditor"], content_type="text/plain").status == 200
        cases = attacks(api, keys, src)
        report.check(tag + "at least 25 attacks", len(cases) >= 25, str(len(cases)))
        for name, status, send in cases:
            def case(name=name, status=status, send=send):
                before = backend.snapshot()
                response = send()
                assert response.status == status, "expected %d, got %r" % (status, response)
                after = backend.snapshot()
                assert before == after, "data changed: %s -> %s" % (before, after)
            report.run(tag + name, case)
        # The server is still healthy and the seeded data reads back as before.
        def intact():
            assert api.request("GET", "/healthz").status == 200
            r = api.request("GET", "/v1/contracts/c-sec/usage?from=2026-01-02&to=2026-01-03", key=keys["auditor"])
            assert r.status == 200, r
            assert backend.count("SELECT COUNT(*) FROM uploads") == 2
            assert backend.count("SELECT COUNT(*) FROM weather_days") == 365
        report.run(tag + "after the attacks: healthy, data intact", intact)

        def across_uploads():
            def post(rows, headers=None):
                return api.request("POST", "/v1/contracts/c-sec/readings", CSV_HEADER + rows, key=keys["auditor"],
                                   headers=headers, content_type="text/csv")
            # The empty upload's Idempotency-Key was not recorded: the key is free for a real upload.
            r = post("E1,import_t1,2026-03-01T00:00:00Z,310.000\n", headers={"Idempotency-Key": "empty-upload-1"})
            assert r.status == 201 and r.json()["upload"]["rows_stored"] == 1, r
            fall = post("E1,import_t1,2026-03-02T00:00:00Z,305.000\n")
            assert fall.status == 409, fall
            assert fall.json()["errors"] == [{
                "location": "line 2",
                "detail": "meter E1 channel import_t1: register decreases from 310.000 at 2026-03-01T00:00:00Z "
                          "(stored by upload %d) to 305.000 at 2026-03-02T00:00:00Z (line 2); a replaced meter is "
                          "uploaded under its new meter id" % r.json()["upload"]["id"]}], fall.json()
            # The replaced meter under its new id (a swap) starts low and is stored.
            swap = post("E2,import_t1,2026-03-02T00:00:00Z,5.000\n")
            assert swap.status == 201 and swap.json()["upload"]["rows_stored"] == 1, swap
            assert backend.count("SELECT COUNT(*) FROM uploads WHERE contract_id = 'c-sec'") == 3
            # The usage queries work over everything stored: local 01-02 to 03-01 is 01-01T23:00Z (100 + 8.125
            # x 23/24 = 107.786) to 02-28T23:00Z (300 + 10 x 647/648 = 309.985).
            use = api.request("GET", "/v1/contracts/c-sec/usage?from=2026-01-02&to=2026-03-01&channel=import_t1",
                              key=keys["auditor"])
            assert use.status == 200 and use.json()["channels"][0]["use"] == "202.199", use
        report.run(tag + "across uploads: an append and a meter swap are stored, a falling register is not",
                   across_uploads)

        def arrears_per_financier():
            other = harness.keys_create(renofee, backend.url, "financier", label="other-financier")
            for contract in ("c-sec", "c-res"):  # fees 1..10, 2026-03-01 .. 2026-12-01, none paid
                r = api.request("POST", "/v1/contracts/%s/fee-postings" % contract, '{"through": "2026-12-01"}',
                                key=keys["financier"], content_type="application/json")
                assert r.status == 200, r
            mine = api.request("GET", "/v1/arrears?date=2026-12-03", key=keys["financier"])
            assert mine.status == 200, mine
            body = mine.json()
            assert [a["contract_id"] for a in body["arrears"]] == ["c-res", "c-sec"], body
            first = body["arrears"][0]
            assert first["days_past_due"] == 277 and first["oldest_due"] == "2026-03-01", first  # 1 Mar .. 3 Dec
            assert len(first["open_charges"]) == 10 and first["last_letter"] is None, first
            assert Decimal(first["overdue_eur"]) == sum(Decimal(c["open_eur"]) for c in first["open_charges"]), first
            theirs = api.request("GET", "/v1/arrears?date=2026-12-03", key=other)
            assert theirs.status == 200 and theirs.json()["contracts"] == 0 and theirs.json()["arrears"] == [], theirs
            audit = api.request("GET", "/v1/arrears?date=2026-12-03", key=keys["auditor"])
            assert audit.status == 200 and audit.json()["contracts"] == 2, audit
            late = api.request("GET", "/v1/arrears?date=2026-12-03&min_days=278", key=keys["auditor"])
            assert late.status == 200 and late.json()["arrears"] == [], late
        report.run(tag + "arrears: a financier sees its own contracts only, an auditor every one", arrears_per_financier)

        def payoff_posted_once():
            other = harness.keys_create(renofee, backend.url, "financier", label="payoff-other")
            path = "/v1/contracts/c-sec/payoff"
            theirs = api.request("POST", path, '{}', key=other, content_type="application/json")
            assert theirs.status == 404, theirs  # another financier's contract does not exist for them
            before = backend.count("SELECT COUNT(*) FROM ledger_entries")
            quote = api.request("GET", path, key=keys["financier"]).json()
            first = api.request("POST", path, '{}', key=keys["financier"], content_type="application/json")
            assert first.status == 201, first
            body = first.json()
            assert body["posted"]["kind"] == "payoff" and body["posted"]["amount_eur"] == quote["total"], body
            assert Decimal(quote["total"]) == (Decimal(quote["outstanding_principal"]) +
                                               Decimal(quote["accrued_interest"]) + Decimal(quote["compensation"]))
            again = api.request("POST", path, '{}', key=keys["financier"], content_type="application/json")
            assert again.status == 409, again
            assert backend.count("SELECT COUNT(*) FROM ledger_entries") == before + 1
        report.run(tag + "payoff: posted once by the owning financier, for the quote's total", payoff_posted_once)
        print("%s%d attacks, %d responses validated against api/openapi.yaml" % (tag, len(cases), api.checked))
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
