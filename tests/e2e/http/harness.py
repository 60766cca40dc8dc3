"""End-to-end harness for `renofee serve` (python3 standard library, plus PyYAML and jsonschema for the
response checks).

- `Backend` is a fresh database: a SQLite file in a temporary directory, or, when RENOFEE_TEST_PG_URL is set
  (make test runs the suite under scripts/with-postgres.sh), a new PostgreSQL database created on that
  server with createdb and dropped afterwards. `count(sql)` reads it directly (python's sqlite3, or psql),
  so tests can check that refused requests left the data unchanged without trusting the API.
- `Server` starts the real binary on a free port (`--port 0 --port-file`), waits for it, and stops it
  with SIGTERM, checking that it exits 0.
- `keys_create` runs `renofee keys create` and returns the printed key.
- `Client.request` sends one request with http.client and checks the response against api/openapi.yaml:
  the operation is found by method and path template; the status must be documented for it (for paths
  no route matches: 404, or 405 for a known path and another method); the media type must be documented
  for that status; a JSON body must validate against the documented schema (JSON Schema 2020-12, the
  dialect of OpenAPI 3.1, with `format` checked); every response carries X-Request-Id; every 4xx/5xx is
  application/problem+json whose `instance` equals the X-Request-Id; every 401 carries WWW-Authenticate:
  Bearer. Any mismatch raises SchemaError: an undocumented status or shape fails the test.
"""
import glob
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse

import jsonschema
import yaml

PROBLEM_TYPES = "https://renofee.example/problems/"


class SchemaError(AssertionError):
    pass


class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        self.operations = []  # (method, template, regex, operation)
        for template, item in self.doc["paths"].items():
            pattern = "^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template)) + "$"
            for method, operation in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    self.operations.append((method.upper(), template, re.compile(pattern), operation))

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part]
        return node

    def match(self, method, path):
        """(template, operation) for the request, or (None, None) with a flag telling if the path exists."""
        path_known = False
        for m, template, regex, operation in self.operations:
            if regex.match(path):
                path_known = True
                if m == method or (method == "HEAD" and m == "GET"):
                    return template, operation, True
        return None, None, path_known

    def validate(self, schema, instance, where):
        # "#/components/..." references resolve inside this wrapper document, whose root holds the spec's
        # components next to the schema.
        wrapper = {"allOf": [schema], "components": self.doc["components"]}
        validator = jsonschema.Draft202012Validator(
            wrapper, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        if errors:
            raise SchemaError("%s: body does not match its schema: %s at %s" % (
                where, errors[0].message[:300], "/".join(str(p) for p in errors[0].path)))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> value
        self.body = body  # bytes

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def media_type(self):
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def __repr__(self):
        return "<%d %s %s>" % (self.status, self.header("content-type"), self.body[:300])


class Client:
    """HTTP client that validates every response against the OpenAPI document."""

    def __init__(self, port, spec):
        self.port = port
        self.spec = spec
        self.checked = 0  # responses validated

    def request(self, method, path, body=None, headers=None, key=None, content_type=None, raw_path=False):
        headers = dict(headers or {})
        if key is not None:
            headers["Authorization"] = "Bearer " + key
        if content_type is not None:
            headers["Content-Type"] = content_type
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders()
            if body is not None:
                try:
                    conn.send(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server answered (413) and closed without reading the rest: read its answer
            raw = conn.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
        finally:
            conn.close()
        self.check(method, path.split("?")[0], response)
        return response

    def raw(self, method, path, data, shutdown_after_send=False):
        """Sends `data` (a whole request, as bytes) on a new connection, parses the answer and checks it like
        `request` does. With `shutdown_after_send` the client closes its sending side afterwards (a body cut
        short)."""
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            sock.sendall(data)
            if shutdown_after_send:
                sock.shutdown(socket.SHUT_WR)
            raw = http.client.HTTPResponse(sock, method=method)
            raw.begin()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
        finally:
            sock.close()
        self.check(method, path.split("?")[0], response)
        return response

    def check(self, method, path, response):
        where = "%s %s -> %d" % (method, path, response.status)
        request_id = response.header("x-request-id")
        if not request_id or not re.match(r"^[A-Za-z0-9._:-]{1,128}$", request_id):
            raise SchemaError("%s: no sane X-Request-Id" % where)
        template, operation, path_known = self.spec.match(method, path)
        if operation is None:
            # No operation: the router answers itself. A known path with another method is a 405; an
            # unknown path a 404, or a 400 when the path itself is malformed (bad escapes, "..").
            allowed = (405,) if path_known else (400, 404)
            if response.status not in allowed:
                raise SchemaError("%s: no documented operation; expected one of %s" % (where, allowed))
            name = {400: "BadRequest", 404: "NotFound", 405: "MethodNotAllowed"}[response.status]
            documented = self.spec.doc["components"]["responses"][name]
        else:
            responses = operation["responses"]
            documented = responses.get(str(response.status))
            if documented is None:
                raise SchemaError("%s: status %d is not documented for %s %s" % (
                    where, response.status, method, template))
            documented = self.spec.resolve(documented)
        if response.status >= 400:
            self.check_problem(where, response, request_id)
        if response.status == 401:
            challenge = response.header("www-authenticate") or ""
            if not challenge.startswith("Bearer realm=\"renofee\""):
                raise SchemaError("%s: 401 without WWW-Authenticate: Bearer" % where)
        content = documented.get("content", {})
        if method == "HEAD" or response.status == 204:
            self.checked += 1
            return
        media = None
        for documented_type in content:
            if documented_type.split(";")[0].strip().lower() == response.media_type:
                media = content[documented_type]
        if media is None:
            raise SchemaError("%s: media type %r is not documented (documented: %s)" % (
                where, response.media_type, ", ".join(content) or "none"))
        if response.media_type in ("application/json", "application/problem+json"):
            try:
                body = response.json()
            except ValueError as e:
                raise SchemaError("%s: body is not JSON: %s" % (where, e))
            self.spec.validate(self.spec.resolve(media.get("schema", {})), body, where)
        self.checked += 1

    @staticmethod
    def check_problem(where, response, request_id):
        if response.media_type != "application/problem+json":
            raise SchemaError("%s: an error without application/problem+json (%s)" % (where, response.media_type))
        problem = response.json()
        if problem.get("status") != response.status:
            raise SchemaError("%s: problem status %r" % (where, problem.get("status")))
        if problem.get("instance") != request_id:
            raise SchemaError("%s: problem instance %r is not the request id %r" % (
                where, problem.get("instance"), request_id))
        if not str(problem.get("type", "")).startswith(PROBLEM_TYPES):
            raise SchemaError("%s: problem type %r" % (where, problem.get("type")))


WEATHER_FILE = os.path.join("tests", "data", "knmi", "synthetic_348_2023_2026.txt")


def knmi_2024_2025(src):
    """Station 348's weather file cut to its header and 2024-2025: synthetic weather in KNMI's daily-file format
    (scripts/gen_weather.py, tests/data/knmi/README.md), not KNMI measurements."""
    out = []
    with open(os.path.join(src, WEATHER_FILE), encoding="latin-1", newline="") as f:
        for line in f:
            fields = line.split(",")
            if not line.strip().startswith("348") or fields[1].strip()[:4] in ("2024", "2025"):
                out.append(line)
    return "".join(out)


def find_pg_tool(name):
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name)):
        return candidate
    raise RuntimeError("%s not found (Debian package postgresql)" % name)


class Backend:
    """A fresh database; kind is 'sqlite' or 'postgresql'."""

    def __init__(self, kind, workdir):
        self.kind = kind
        if kind == "sqlite":
            self.path = os.path.join(workdir, "renofee.db")
            self.url = self.path
        else:
            base = urllib.parse.urlsplit(os.environ["RENOFEE_TEST_PG_URL"])
            self.pg = {"host": base.hostname or "127.0.0.1", "port": str(base.port or 5432),
                       "user": base.username or "renofee"}
            self.dbname = "renofee_e2e_%d_%d" % (os.getpid(), int(time.time() * 1000) % 1000000)
            subprocess.run([find_pg_tool("createdb"), "-h", self.pg["host"], "-p", self.pg["port"], "-U",
                            self.pg["user"], self.dbname], check=True)
            self.url = "postgresql://%s@%s:%s/%s" % (self.pg["user"], self.pg["host"], self.pg["port"], self.dbname)

    def count(self, sql):
        """The single integer a SELECT COUNT(...) query returns."""
        if self.kind == "sqlite":
            with sqlite3.connect(self.path) as conn:
                return conn.execute(sql).fetchone()[0]
        out = subprocess.run([find_pg_tool("psql"), "-h", self.pg["host"], "-p", self.pg["port"], "-U",
                              self.pg["user"], "-d", self.dbname, "-tAc", sql],
                             check=True, capture_output=True, text=True).stdout
        return int(out.strip())

    def snapshot(self):
        """Row counts of every table the API writes: to prove a refused request changed nothing."""
        tables = ["uploads", "readings", "reading_series", "reading_corrections", "weather_days", "api_keys",
                  "idempotency_records", "contract_versions", "reports", "ledger_entries"]
        # One query for all tables: on PostgreSQL each query is a psql process (about 40 ms), and the
        # security walk takes two snapshots per attack.
        sql = "SELECT " + ", ".join("(SELECT COUNT(*) FROM %s)" % t for t in tables)
        if self.kind == "sqlite":
            with sqlite3.connect(self.path) as conn:
                counts = conn.execute(sql).fetchone()
        else:
            out = subprocess.run([find_pg_tool("psql"), "-h", self.pg["host"], "-p", self.pg["port"], "-U",
                                  self.pg["user"], "-d", self.dbname, "-tAc", sql],
                                 check=True, capture_output=True, text=True).stdout
            counts = [int(v) for v in out.strip().split("|")]
        if len(counts) != len(tables):
            raise RuntimeError("snapshot: %d counts for %d tables: %r" % (len(counts), len(tables), counts))
        return dict(zip(tables, (int(c) for c in counts)))

    def drop(self):
        if self.kind == "postgresql":
            subprocess.run([find_pg_tool("dropdb"), "-h", self.pg["host"], "-p", self.pg["port"], "-U",
                            self.pg["user"], "--if-exists", self.dbname], check=False)


def backends():
    """The backends to test on: SQLite always, PostgreSQL when RENOFEE_TEST_PG_URL is set."""
    kinds = ["sqlite"]
    if os.environ.get("RENOFEE_TEST_PG_URL"):
        kinds.append("postgresql")
    else:
        print("PostgreSQL NOT tested: RENOFEE_TEST_PG_URL is unset (make test sets it)")
    return kinds


def keys_create(renofee, db_url, role, contract=None, label="e2e"):
    args = [renofee, "keys", "create", "--role", role, "--label", label, "--db", db_url]
    if contract is not None:
        args += ["--contract", contract]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    key = done.stdout.strip()
    assert re.match(r"^rf_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key), done.stdout
    assert "cannot be shown again" in done.stderr, done.stderr
    return key


def create_contract(api, key, source_dir, contract_id, sample="nom-tussenwoning"):
    """POST /v1/contracts with the sample offer contracts/SAMPLE.json under the id `contract_id`, as the
    financier `key` (which then owns it). Readings and usage need an existing contract (docs/api.md, "Tenancy")."""
    with open(os.path.join(source_dir, "contracts", sample + ".json"), encoding="utf-8") as f:
        offer = json.load(f)
    offer["id"] = contract_id
    r = api.request("POST", "/v1/contracts", json.dumps(offer), key=key, content_type="application/json")
    assert r.status == 201, (contract_id, r)
    return r


def post_fees(renofee, db_url, contract, through, source_dir=None):
    """`renofee post-fees`: the explicit step that posts the monthly fees due through `through` (a GET never
    writes); returns its output ("... N fee(s) posted through DATE, M already posted")."""
    args = [renofee, "post-fees", "--contract", contract, "--through", through, "--db", db_url]
    if source_dir is not None:
        args += ["--tariffs", os.path.join(source_dir, "tariffs")]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def post_fees_process(renofee, db_url, contract, through, source_dir=None):
    """The same, started and not waited for (for races): a subprocess.Popen."""
    args = [renofee, "post-fees", "--contract", contract, "--through", through, "--db", db_url]
    if source_dir is not None:
        args += ["--tariffs", os.path.join(source_dir, "tariffs")]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Server:
    def __init__(self, renofee, source_dir, db_url, workdir, extra_args=()):
        self.port_file = os.path.join(workdir, "port")
        self.log_path = os.path.join(workdir, "server.log")
        self.log = open(self.log_path, "w")
        args = [renofee, "serve", "--port", "0", "--port-file", self.port_file, "--db", db_url,
                "--openapi-file", os.path.join(source_dir, "api", "openapi.yaml"), "--threads", "4",
                "--shutdown-timeout", "5"] + list(extra_args)
        self.process = subprocess.Popen(args, cwd=source_dir, stdout=subprocess.PIPE, stderr=self.log, text=True)
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline and self.port is None:
            if self.process.poll() is not None:
                raise RuntimeError("renofee serve exited %d: %s" % (self.process.returncode, self.logs()))
            try:
                with open(self.port_file) as f:
                    self.port = int(f.read().strip())
            except (OSError, ValueError):
                time.sleep(0.05)
        if self.port is None:
            self.stop()
            raise RuntimeError("renofee serve did not start: " + self.logs())

    def logs(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


class Report:
    """Named checks; prints one line per failure and a summary."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
        else:
            self.failed.append(name)
            print("FAIL: %s %s" % (name, detail))

    def run(self, name, fn):
        """Runs fn() as one named case; an exception (also a SchemaError) fails it."""
        try:
            fn()
            self.passed += 1
        except Exception as e:  # each case reports and the run goes on
            self.failed.append(name)
            print("FAIL: %s: %s: %s" % (name, type(e).__name__, e))

    def summary(self):
        print("%d passed, %d failed" % (self.passed, len(self.failed)))
        return 0 if not self.failed else 1


def workdir():
    return tempfile.mkdtemp(prefix="renofee-e2e-")
