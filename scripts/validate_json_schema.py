#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (draft 2020-12) with python's jsonschema package.

Usage: validate_json_schema.py SCHEMA FILE... [--expect-invalid FILE...]
Used by ctest (schema.offers) to check that every sample in contracts/ satisfies api/schemas/offer.schema.json
and that the schema itself is valid: an independent check of the C++ reader's idea of the format.
Exit 0 when every file is as expected; prints one line per file.
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    schema = json.load(open(argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    expect_valid = True
    failures = 0
    for arg in argv[2:]:
        if arg == "--expect-invalid":
            expect_valid = False
            continue
        errors = sorted(validator.iter_errors(json.load(open(arg, encoding="utf-8"))), key=lambda e: list(e.path))
        ok = (not errors) == expect_valid
        failures += 0 if ok else 1
        state = "valid" if not errors else "invalid: " + "; ".join(
            "/" + "/".join(str(p) for p in e.path) + ": " + e.message for e in errors[:3])
        print(("ok   " if ok else "FAIL ") + arg + " " + state)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
