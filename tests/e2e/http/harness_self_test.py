#!/usr/bin/env python3
"""The response checks of harness.py must be able to fail: each synthetic response below breaks one rule
(undocumented status, extra field, a JSON number where a decimal string is documented, a bad date, a problem
whose instance is not the request id, a 401 without a challenge, an undocumented media type, an error that is
not problem+json, a 200 for an unknown path) and must be refused; the well-formed ones must pass.

usage: harness_self_test.py SOURCE_DIR
"""
import json
import os
import sys

import harness


def response(status, content_type, body, **headers):
    h = {"x-request-id": "r1", "content-type": content_type}
    h.update({k.replace("_", "-"): v for k, v in headers.items()})
    return harness.Response(status, h, body if isinstance(body, bytes) else json.dumps(body).encode())


def problem(status, slug, instance="r1"):
    return {"type": "https://renofee.example/problems/" + slug, "title": "t", "status": status, "detail": "d",
            "instance": instance}


def main(argv):
    client = harness.Client(0, harness.Spec(os.path.join(argv[1], "api", "openapi.yaml")))
    usage = {"contract": "c", "from": "2026-01-01", "to": "2026-01-02", "period_utc": "a/b", "granularity": "total",
             "channels": []}
    days = {"station": 260, "from": "2014-01-01", "to": "2015-01-01", "days": 1, "degree_days": "3.5",
            "weighted_degree_days": None, "irradiance_j_cm2": None, "missing_days": [], "missing_irradiance_days": []}
    refused = [
        ("undocumented status", "GET", "/v1/contracts/c1/usage",
         response(409, "application/problem+json", problem(409, "conflict"))),
        ("extra field", "GET", "/v1/contracts/c1/usage", response(200, "application/json", dict(usage, extra=1))),
        ("number for a decimal", "GET", "/v1/weather/260/degree-days",
         response(200, "application/json", dict(days, degree_days=3.5))),
        ("bad date", "GET", "/v1/weather/260/degree-days", response(200, "application/json", dict(days, to="2015-02-30"))),
        ("instance is not the request id", "GET", "/v1/contracts/c1/usage",
         response(404, "application/problem+json", problem(404, "not-found", "other"))),
        ("401 without WWW-Authenticate", "GET", "/metrics",
         response(401, "application/problem+json", problem(401, "unauthorized"))),
        ("undocumented media type", "POST", "/v1/quotes", response(200, "text/html", b"<html></html>")),
        ("error as plain JSON", "POST", "/v1/quotes", response(422, "application/json", problem(422, "validation"))),
        ("200 for an unknown path", "GET", "/v1/nowhere", response(200, "application/json", {})),
        ("no request id", "GET", "/healthz",
         harness.Response(200, {"content-type": "application/json"}, b'{"status":"ok"}')),
        ("upload error without location or pointer", "POST", "/v1/contracts/c1/readings",
         response(422, "application/problem+json", dict(problem(422, "validation"), errors=[{"detail": "x"}]))),
    ]
    accepted = [
        ("health", "GET", "/healthz", response(200, "application/json", {"status": "ok"})),
        ("usage", "GET", "/v1/contracts/c1/usage", response(200, "application/json", usage)),
        ("401 with a challenge", "GET", "/metrics",
         response(401, "application/problem+json", problem(401, "unauthorized"),
                  www_authenticate='Bearer realm="renofee"')),
        ("upload error with a location", "POST", "/v1/contracts/c1/readings",
         response(422, "application/problem+json",
                  dict(problem(422, "validation"), errors=[{"location": "line 3", "detail": "x"}]))),
        ("404 for an unknown path", "GET", "/v1/nowhere", response(404, "application/problem+json",
                                                                    problem(404, "not-found"))),
    ]
    report = harness.Report()
    for name, method, path, r in refused:
        try:
            client.check(method, path, r)
            report.check("refuses: " + name, False, "was accepted")
        except harness.SchemaError:
            report.check("refuses: " + name, True)
    for name, method, path, r in accepted:
        report.run("accepts: " + name, lambda m=method, p=path, r=r: client.check(m, p, r))
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
