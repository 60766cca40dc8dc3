#!/usr/bin/env python3
"""Tenancy walk, generated from the role x route table of docs/api.md ("Routes and roles"), on the real
`renofee serve` over a fresh SQLite file and, when RENOFEE_TEST_PG_URL is set, a fresh PostgreSQL database.

1. The table and `renofee serve --list-routes` name the same routes, and each row's cells say what the
   server's access says: a route without a row, or a row without a route, fails here.
2. Every route x role (and no key) x contract: the caller's own contract ("own": created by the financier's
   key, the one the resident's key names and the one the meter_data key is scoped to), another financier's
   ("other") and a missing one ("missing").
   A cell `own` / `its one` / `all` says which of them the role sees; a hidden contract must answer 404 with
   the detail `no contract "<id>"`, and every hidden answer of a route must be the same bytes once the
   request id and the contract id are replaced by placeholders (no existence leak). A visible contract must
   pass the tenancy check (any status but 401, 403 and that 404). An empty cell is a 403, no key a 401.
   A resident whose key names a missing contract, and a meter_data key scoped to one, see nothing either.
3. No reading was stored for a contract that does not exist, and none by a caller that may not see it.

usage: tenancy_test.py RENOFEE SOURCE_DIR
"""
import http.client
import json
import os
import re
import subprocess
import sys

import harness

ROLES = ("financier", "resident", "auditor", "operator", "meter_data", "energy_desk")
CELLS = {"", "yes", "own", "its one", "scoped", "all"}
CONTRACTS = {"own": "tenancy-own", "other": "tenancy-other", "missing": "tenancy-missing"}
# The campaign routes (docs/campaigns.md) walk campaigns instead: the energy desk's own, another desk's, a
# missing one; a hidden campaign answers 404 `no campaign "<id>"`.
CAMPAIGNS = {"own": "tenancy-own", "other": "tenancy-other", "missing": "tenancy-missing"}
HOME_CSV = "postcode,number,bag_id,house_type,floor_area_m2,build_year,tenure,facade_m2,roof_m2,pv_kwp," \
           "electricity_kwh,gas_m3,use_source\n3521 AB,%d,,tussenwoning-1965-1974,100,1970,owner,,,,3000,1400,declared\n"


def is_campaign_route(template):
    return template.startswith("/v1/campaigns/{id}") or template.startswith("/campaigns/{id}")
# Which contracts a cell lets its role see.
VISIBLE = {"own": {"own"}, "its one": {"own"}, "scoped": {"own"}, "all": {"own", "other"}, "": set()}
CSV = "meter_id,channel,timestamp,value\nE1,import_t1,2026-01-01T00:00:00Z,100.000\n" \
      "E1,import_t1,2026-01-02T00:00:00Z,108.125\n"


def route_table(src):
    """{(method, template): {role or "public": cell}} from the table under "## Routes and roles"."""
    with open(os.path.join(src, "docs", "api.md"), encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("## Routes and roles"):]
    section = section[:section.index("\n## ", 3)]
    rows = {}
    header = None
    for line in section.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "route":
            header = cells[1:]
            assert header == list(ROLES) + ["public"], header
            continue
        m = re.match(r"^`(GET|POST|PUT|PATCH|DELETE) (/\S*)`", cells[0])
        if not m:
            continue
        assert header is not None, "a row before the table's header"
        key = (m.group(1), m.group(2))
        assert key not in rows, "two rows for %s %s" % key
        values = dict(zip(header, cells[1:]))
        for role, cell in values.items():
            assert cell in CELLS, "%s %s: cell %r for %s" % (key + (cell, role))
        rows[key] = values
    assert rows, "no route rows in docs/api.md"
    return rows


def listed_routes(renofee, src):
    """{(method, template): access} from `renofee serve --list-routes`."""
    out = subprocess.run([renofee, "serve", "--list-routes", "--openapi-file",
                          os.path.join(src, "api", "openapi.yaml")],
                         cwd=src, capture_output=True, text=True, check=True).stdout
    routes = {}
    for line in out.splitlines():
        method, template, _name, access = line.split()
        routes[(method, template)] = access
    return routes


def table_matches_server(table, routes):
    problems = []
    for key in sorted(set(routes) - set(table)):
        problems.append("%s %s has no row in docs/api.md" % key)
    for key in sorted(set(table) - set(routes)):
        problems.append("docs/api.md names %s %s, which the server does not have" % key)
    for key in sorted(set(table) & set(routes)):
        access = routes[key]
        cells = table[key]
        if (cells["public"] == "yes") != (access == "public"):
            problems.append("%s %s: public %r, server %s" % (key + (cells["public"], access)))
        allowed = set() if access in ("public", "none") else set(access.split(","))
        for role in ROLES:
            if bool(cells[role]) != (role in allowed):
                problems.append("%s %s: %s cell %r, server %s" % (key + (role, cells[role], access)))
        names_contract = "{id}" in key[1]
        for role in ROLES:
            cell = cells[role]
            if cell and (cell != "yes") != names_contract:
                problems.append("%s %s: %s cell %r (use own / its one / all exactly on routes with {id})"
                                % (key + (role, cell)))
    return problems


class Walk:
    """The requests of one route, with a body that passes the route's own checks, so that what is tested
    is the tenancy check."""

    def __init__(self, port, src):
        self.port = port
        self.src = src
        self.sent = 0
        with open(os.path.join(src, "contracts", "nom-tussenwoning.json"), encoding="utf-8") as f:
            self.offer = json.load(f)
        with open(os.path.join(src, "tests", "data", "knmi", "synthetic_348_2014.txt"), "rb") as f:
            self.weather = f.read()
        self.created = 0
        self.share_link = None  # of the own campaign's first home, set by run()

    def offer_with(self, contract_id):
        offer = dict(self.offer)
        offer["id"] = contract_id
        return offer

    def request_for(self, method, template, contract_id):
        """(path, body, content type)."""
        path = template.replace("{id}", contract_id or "").replace("{year}", "1").replace("{station}", "348")
        route = (method, template)
        if route == ("POST", "/v1/campaigns"):
            self.created += 1
            return path, json.dumps({"id": "walk-%d" % self.created, "name": "walk", "start_date": "2027-03-01"}), \
                "application/json"
        if route == ("POST", "/v1/campaigns/{id}/homes"):
            self.created += 1
            return path, HOME_CSV % (100 + self.created), "text/csv"
        if route == ("GET", "/campaigns/{id}/homes/{number}"):  # the own campaign's first home, by its link
            return self.share_link, None, None
        if route == ("GET", "/v1/campaigns/{id}/homes/{number}/offer"):
            return self.share_link.replace("?", "/offer?").replace("/campaigns/", "/v1/campaigns/", 1), None, None
        if route == ("POST", "/v1/campaigns/{id}/homes/{number}/share-link"):  # after the page walk (sorted)
            return path.replace("{number}", "1"), None, None
        if route == ("GET", "/v1/contracts/{id}/usage"):
            return path + "?from=2026-01-01&to=2026-02-01", None, None
        if route == ("GET", "/v1/weather/{station}/degree-days"):
            return path + "?from=2014-01-01&to=2015-01-01", None, None
        if route == ("POST", "/v1/contracts/{id}/readings"):
            return path, CSV, "text/csv"
        if route == ("POST", "/v1/contracts/{id}/amendments"):
            body = {"offer": self.offer_with(contract_id), "reason": "tenancy walk",
                    "effective_date": "2027-01-01"}
            return path, json.dumps(body), "application/json"
        if route == ("POST", "/v1/contracts/{id}/reconciliations"):
            return path, '{"year": 1, "dry_run": true}', "application/json"
        if route == ("POST", "/v1/contracts/{id}/fee-postings"):
            return path, '{"through": "2020-01-01"}', "application/json"
        if route == ("POST", "/v1/contracts/{id}/payoff"):  # before the drawdown: a 422 after the tenancy check
            return path, '{"date": "2020-01-01"}', "application/json"
        if route == ("POST", "/v1/contracts/{id}/occupant-changes"):  # before the start: a 422 after the check
            return path, '{"date": "2020-01-01", "event": "sale"}', "application/json"
        if route in (("POST", "/v1/quotes"), ("POST", "/v1/schedules")):
            return path, json.dumps(self.offer), "application/json"
        if route == ("POST", "/v1/quotes/batch"):
            return path, json.dumps(self.offer) + "\n", "application/x-ndjson"
        if route == ("POST", "/v1/contracts"):
            self.created += 1
            return path, json.dumps(self.offer_with("tenancy-new-%d" % self.created)), "application/json"
        if route == ("POST", "/v1/weather"):
            return path, self.weather, "text/plain"
        if method == "POST" and not template.endswith("/share-link"):
            raise AssertionError("tenancy_test.py has no request body for %s %s: add one" % route)
        return path, None, None

    def send(self, method, path, body, content_type, key):
        self.sent += 1
        request_id = "tenancy-walk-%d" % self.sent
        headers = {"X-Request-Id": request_id}
        if key:
            headers["Authorization"] = "Bearer " + key
        if content_type:
            headers["Content-Type"] = content_type
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace"), request_id
        finally:
            conn.close()


def normalised(body, request_id, contract_id):
    return body.replace(request_id, "{request-id}").replace(contract_id, "{contract-id}")


def walk_route(walk, route, cells, keys, report, tag):
    method, template = route
    name = "%s%s %s" % (tag, method, template)
    names_contract = "{id}" in template
    campaign = is_campaign_route(template)
    ids = CAMPAIGNS if campaign else CONTRACTS
    callers = [(role, keys[role], cells[role]) for role in ROLES]
    if names_contract and not campaign:
        callers.append(("resident of a missing contract", keys["ghost"], cells["resident"] and "ghost"))
        callers.append(("meter_data scoped to a missing contract", keys["meter_ghost"],
                        cells["meter_data"] and "ghost"))
    hidden_bodies = []

    def one(role, key, cell, kind):
        contract_id = ids[kind] if names_contract else None
        path, body, content_type = walk.request_for(method, template, contract_id)
        status, text, request_id = walk.send(method, path, body, content_type, key)
        where = "%s as %s, %s contract: %d %s" % (name, role, kind, status, text[:300])
        if cells["public"] == "yes":
            assert status not in (401, 403, 404), where
            return
        if key is None:
            assert status == 401, where
            return
        if not cell:
            assert status == 403, where
            return
        visible = (not names_contract) or (cell != "ghost" and kind in VISIBLE[cell])
        refusal = ('no campaign \\"%s\\"' if campaign else 'no contract \\"%s\\"') % contract_id if contract_id else None
        if visible:
            assert status not in (401, 403), where
            assert not (status == 404 and refusal in text), where
            return
        assert status == 404, where
        assert refusal in text, where
        hidden_bodies.append((where, normalised(text, request_id, contract_id)))

    kinds = list(ids) if names_contract else ["-"]
    if route in (("GET", "/campaigns/{id}/homes/{number}"), ("GET", "/v1/campaigns/{id}/homes/{number}/offer")):
        kinds = ["own"]  # opened by its share link only; wrong links: tests/e2e/http/campaigns_test.py
    for role, key, cell in callers + [("no key", None, "")]:
        for kind in kinds:
            report.run("%s as %s, %s contract" % (name, role, kind),
                       lambda role=role, key=key, cell=cell, kind=kind: one(role, key, cell, kind))
    if hidden_bodies:
        def identical():
            first = hidden_bodies[0][1]
            for where, body in hidden_bodies[1:]:
                assert body == first, "%s\n  %s\nis not\n  %s" % (where, body, first)
        report.run("%s: every hidden contract answers the same bytes (%d answers)" % (name, len(hidden_bodies)),
                   identical)


def run(kind, renofee, src, table, report):
    work = harness.workdir()
    backend = harness.Backend(kind, work)
    tag = "[%s] " % kind
    keys = {role: harness.keys_create(renofee, backend.url, role, label="tenancy")
            for role in ("financier", "auditor", "operator")}
    keys["other_financier"] = harness.keys_create(renofee, backend.url, "financier", label="tenancy")
    keys["resident"] = harness.keys_create(renofee, backend.url, "resident", contract=CONTRACTS["own"])
    keys["ghost"] = harness.keys_create(renofee, backend.url, "resident", contract=CONTRACTS["missing"])
    keys["meter_data"] = harness.keys_create(renofee, backend.url, "meter_data", contract=CONTRACTS["own"])
    keys["meter_ghost"] = harness.keys_create(renofee, backend.url, "meter_data", contract=CONTRACTS["missing"])
    keys["energy_desk"] = harness.keys_create(renofee, backend.url, "energy_desk", label="tenancy")
    keys["other_energy_desk"] = harness.keys_create(renofee, backend.url, "energy_desk", label="tenancy")
    server = harness.Server(renofee, src, backend.url, work)
    try:
        walk = Walk(server.port, src)
        for owner, kind_name in (("financier", "own"), ("other_financier", "other")):
            path, body, content_type = walk.request_for("POST", "/v1/contracts", None)
            body = json.dumps(walk.offer_with(CONTRACTS[kind_name]))
            status, text, _ = walk.send("POST", path, body, content_type, keys[owner])
            assert status == 201, (status, text)
        for owner, kind_name in (("energy_desk", "own"), ("other_energy_desk", "other")):
            body = json.dumps({"id": CAMPAIGNS[kind_name], "name": kind_name, "start_date": "2027-03-01"})
            status, text, _ = walk.send("POST", "/v1/campaigns", body, "application/json", keys[owner])
            assert status == 201, (status, text)
        status, text, _ = walk.send("POST", "/v1/campaigns/%s/homes" % CAMPAIGNS["own"], HOME_CSV % 1, "text/csv",
                                    keys["energy_desk"])
        assert status == 201, (status, text)
        walk.share_link = json.loads(text)["homes"][0]["share_link"]
        for route in sorted(table):
            walk_route(walk, route, table[route], keys, report, tag)

        def nothing_stored_where_hidden():
            missing = backend.count("SELECT COUNT(*) FROM uploads WHERE contract_id = '%s'" % CONTRACTS["missing"])
            assert missing == 0, "%d uploads for a contract that does not exist" % missing
            other = backend.count("SELECT COUNT(*) FROM uploads WHERE contract_id = '%s'" % CONTRACTS["other"])
            assert other == 1, "%d uploads into another financier's contract (1 expected: the auditor's)" % other
        report.run(tag + "no readings stored for a missing contract or by a caller that may not see it",
                   nothing_stored_where_hidden)

        def meter_data_scope_of_two():
            made = subprocess.run([renofee, "keys", "create", "--role", "meter_data", "--contract", CONTRACTS["own"],
                                   "--contract", CONTRACTS["other"], "--label", "two", "--db", backend.url],
                                  capture_output=True, text=True, check=True)
            assert "scoped to 2 contract(s)" in made.stderr, made.stderr
            key = made.stdout.strip()
            listed = subprocess.run([renofee, "keys", "list", "--db", backend.url], capture_output=True, text=True,
                                    check=True).stdout
            assert "%s,%s" % (CONTRACTS["other"], CONTRACTS["own"]) in listed, listed
            second_csv = CSV.replace("E1,", "E2,")
            for kind in ("own", "other"):
                path = "/v1/contracts/%s/readings" % CONTRACTS[kind]
                status, text, _ = walk.send("POST", path, second_csv, "text/csv", key)
                assert status in (200, 201), (kind, status, text)
            status, text, _ = walk.send("GET", "/v1/contracts/%s/usage?from=2026-01-01&to=2026-02-01"
                                        % CONTRACTS["own"], None, None, key)
            assert status == 403, (status, text)
            refused = subprocess.run([renofee, "keys", "create", "--role", "financier", "--contract", "a",
                                      "--contract", "b", "--db", backend.url], capture_output=True, text=True)
            assert refused.returncode == 2 and "only a meter_data key names several contracts" in refused.stderr, \
                refused.stderr
        report.run(tag + "a meter_data key scoped to two contracts uploads into both and reads nothing",
                   meter_data_scope_of_two)
        print("%s%d requests over %d routes" % (tag, walk.sent, len(table)))
    finally:
        code = server.stop()
        report.check(tag + "SIGTERM stops the server with exit code 0", code == 0, server.logs()[-2000:])
        backend.drop()


def main(argv):
    renofee, src = argv[1], argv[2]
    report = harness.Report()
    table = route_table(src)
    problems = table_matches_server(table, listed_routes(renofee, src))
    for problem in problems:
        report.check("docs/api.md route table: " + problem, False)
    report.check("docs/api.md has a row for every route of --list-routes, and only those", not problems)
    if problems:
        return report.summary()
    for kind in harness.backends():
        run(kind, renofee, src, table, report)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
