#!/usr/bin/env python3
"""Checks api/openapi.yaml: valid OpenAPI 3.1 (openapi_spec_validator), and, with --routes-command, that the
routes the server declares (lines "METHOD /template name access" printed by `renofee serve --list-routes`) and
the operations in the document are the same set, so no route is undocumented and no documented path is
unserved, and that each operation's `x-roles` ("public" or a list of roles) is exactly the access the server
enforces. Every component response used for errors must be application/problem+json with the Problem schema;
public operations say `security: []` and answer no 401/403; every other operation documents 401 and 403.

usage: check_openapi.py SPEC [--routes-command CMD ARGS...]
"""
import subprocess
import sys

import yaml
from openapi_spec_validator import validate

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def main(argv):
    spec_path = argv[1]
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    validate(spec)  # raises on an invalid document
    failures = []
    if not str(spec.get("openapi", "")).startswith("3.1"):
        failures.append("openapi version is not 3.1.x: %r" % spec.get("openapi"))

    for name, response in spec.get("components", {}).get("responses", {}).items():
        content = response.get("content", {})
        problem = content.get("application/problem+json", {}).get("schema", {})
        if problem.get("$ref") != "#/components/schemas/Problem":
            failures.append("response %s is not application/problem+json with the Problem schema" % name)

    documented = set()
    roles = {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            documented.add((method.upper(), path))
            x_roles = operation.get("x-roles")
            where = "%s %s" % (method.upper(), path)
            if x_roles == "public":
                roles[(method.upper(), path)] = "public"
                if operation.get("security") != []:
                    failures.append("%s: public but without security: []" % where)
                for status in ("401", "403"):
                    if status in operation.get("responses", {}):
                        failures.append("%s: public but documents %s" % (where, status))
            elif isinstance(x_roles, list) and x_roles:
                order = ["financier", "resident", "auditor", "operator", "meter_data", "energy_desk"]
                unknown = [r for r in x_roles if r not in order]
                if unknown:
                    failures.append("%s: unknown roles %s" % (where, unknown))
                roles[(method.upper(), path)] = ",".join(r for r in order if r in x_roles)
                if "security" in operation:
                    failures.append("%s: needs a key but overrides security" % where)
                for status in ("401", "403"):
                    if status not in operation.get("responses", {}):
                        failures.append("%s: needs a key but does not document %s" % (where, status))
            else:
                failures.append("%s: x-roles must be 'public' or a list of roles" % where)
            for status in operation.get("responses", {}):
                if str(status)[0] in "45" and "$ref" not in operation["responses"][status]:
                    failures.append("%s %s: %s is not a shared problem response" % (method.upper(), path, status))

    if "--routes-command" in argv:
        command = argv[argv.index("--routes-command") + 1:]
        listing = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        served = set()
        for line in listing.splitlines():
            parts = line.split()
            if len(parts) != 4:
                failures.append("unexpected route line %r" % line)
                continue
            served.add((parts[0], parts[1]))
            documented_roles = roles.get((parts[0], parts[1]))
            if documented_roles is not None and documented_roles != parts[3]:
                failures.append("route %s %s: the server allows %s, x-roles says %s"
                                % (parts[0], parts[1], parts[3], documented_roles))
        if not served:
            failures.append("the server listed no routes")
        for method, path in sorted(served - documented):
            failures.append("route %s %s is served but not in %s" % (method, path, spec_path))
        for method, path in sorted(documented - served):
            failures.append("operation %s %s is documented but not served" % (method, path))
        print("%d routes served, %d operations documented" % (len(served), len(documented)))

    for failure in failures:
        print("FAIL:", failure)
    if failures:
        return 1
    print("%s: valid OpenAPI 3.1" % spec_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
