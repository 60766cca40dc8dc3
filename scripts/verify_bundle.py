#!/usr/bin/env python3
"""Checks a renofee audit bundle offline, with python3's standard library only and without renofee.

usage: python3 scripts/verify_bundle.py BUNDLE_DIR

A bundle (`renofee bundle --contract ID --year Y --out DIR`; docs/reconciliation.md, "The audit bundle") holds
one settled contract-year: the report as stored, the contract version it settled, the readings and weather it
used, and the contract's ledger through the entries that posted it. This script checks, and names every check
that fails:
  1. manifest.json lists every file with its SHA-256, and the files are exactly those;
  2. report.json has the SHA-256 the manifest names, is the manifest's contract, year and version, and settles
     the contract version in contract_version.json (the report's contract.sha256);
  3. each readings file is the text whose SHA-256 the report names for that channel (readings_sha256) with as
     many lines as it says; for a channel without a meter swap the use is recomputed from the readings
     (register at each end: the reading there, else linear interpolation between the neighbours, rounded
     half-even to 0.001 as renofee does, docs/domain.md section 6) and must equal the report's, and the
     channels must add up to each metered input;
  4. each weather file is the text of the station's days_sha256 (and of the fill station's fill_days_sha256);
  5. the ledger chain recomputes from 64 zeros (each line: the entry's digest text, "|", its SHA-256), and the
     entries that posted this report name its SHA-256 and carry its compensation (a credit) and excess charge.
Exit 0 with "bundle OK" and what was checked; exit 1 with one "FAIL" line per failed check; exit 2 on usage.
"""
import hashlib
import json
import os
import sys
from decimal import Decimal
from fractions import Fraction
from datetime import datetime, timezone


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read(root, name):
    with open(os.path.join(root, name), "rb") as f:
        return f.read()


def unix(iso):
    return int(datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())


def check_manifest(root, manifest, fail):
    listed = manifest.get("files", {})
    present = set()
    for base, _, names in os.walk(root):
        for n in names:
            present.add(os.path.relpath(os.path.join(base, n), root).replace(os.sep, "/"))
    present.discard("manifest.json")
    for name in sorted(set(listed) | present):
        if name not in present:
            fail("manifest: %s is listed but missing" % name)
        elif name not in listed:
            fail("manifest: %s is in the bundle but not listed" % name)
        elif sha256(read(root, name)) != listed[name]:
            fail("manifest: %s does not have the SHA-256 the manifest lists (it was changed)" % name)


def register_at(points, t):
    """The register at Unix second t from [(t, Fraction value)] of one meter, sorted; None if not covered."""
    before = [p for p in points if p[0] <= t]
    after = [p for p in points if p[0] >= t]
    if not before or not after:
        return None
    (ta, ra), (tb, rb) = before[-1], after[0]
    if ta == t:
        return ra
    exact = ra + (rb - ra) * Fraction(t - ta, tb - ta)
    # Rounded once, half-even, to the register's 0.001: exactly, from the fraction (no float, no context).
    thousandths = exact * 1000
    whole, rest = divmod(thousandths.numerator, thousandths.denominator)
    if 2 * rest > thousandths.denominator or (2 * rest == thousandths.denominator and whole % 2 == 1):
        whole += 1
    return Fraction(whole, 1000)


def check_channel(root, channel, fail, notes):
    name = "readings/%s.txt" % channel["channel"]
    path = os.path.join(root, name)
    if not os.path.exists(path):
        fail("%s: missing" % name)
        return None
    data = read(root, name)
    if sha256(data) != channel["readings_sha256"]:
        fail("%s: not the readings the report used (SHA-256 differs from readings_sha256)" % name)
    lines = data.decode("utf-8").splitlines()
    if len(lines) != channel["readings"]:
        fail("%s: %d readings, the report says %d" % (name, len(lines), channel["readings"]))
    if channel["meter_swaps"] != 0:
        notes.append("%s: use not recomputed (meter swap)" % name)
        return Decimal(channel["use"])
    points = []
    for line in lines:
        meter, _, at, value = line.split("|")
        points.append((int(at), Fraction(value)))
    start = register_at(points, unix(channel["start"]["at"]))
    end = register_at(points, unix(channel["end"]["at"]))
    if start is None or end is None:
        fail("%s: the readings do not cover both ends of the period" % name)
        return None
    use = Decimal(end.numerator) / Decimal(end.denominator) - Decimal(start.numerator) / Decimal(start.denominator)
    if use != Decimal(channel["use"]):
        fail("%s: the readings give a use of %s, the report says %s" % (name, use, channel["use"]))
    return use


def check_inputs(root, report, fail, notes):
    for name, metered in report["inputs"]["metered"].items():
        total = Decimal(0)
        for channel in metered["channels"]:
            use = check_channel(root, channel, fail, notes)
            total += use if use is not None else Decimal(0)
        if total != Decimal(metered["value"]):
            fail("metered %s: its channels add up to %s, the report says %s" % (name, total, metered["value"]))
    for station, w in report["inputs"]["weather"].items():
        files = [("weather/%s.txt" % station, w["days_sha256"], w["days"])]
        if w.get("fill_station") is not None:
            files.append(("weather/%s-fill-for-%s.txt" % (w["fill_station"], station), w["fill_days_sha256"], None))
        for name, digest, days in files:
            if not os.path.exists(os.path.join(root, name)):
                fail("%s: missing" % name)
                continue
            data = read(root, name)
            if sha256(data) != digest:
                fail("%s: not the weather the report used (SHA-256 differs)" % name)
            if days is not None and len(data.splitlines()) != days:
                fail("%s: %d days, the report says %d" % (name, len(data.splitlines()), days))


def check_ledger(root, report, report_sha, fail):
    lines = read(root, "ledger.txt").decode("utf-8").splitlines()
    prev = "0" * 64
    tag = ":%d:v%d" % (report["year"]["year"], report["version"]["number"])
    posted = {}
    for n, line in enumerate(lines, start=1):
        text, _, digest = line.rpartition("|")
        fields = text.split("|")
        if sha256(text.encode("utf-8")) != digest:
            fail("ledger.txt line %d: the entry does not match its hash (it was changed)" % n)
        if fields[-1] != prev:
            fail("ledger.txt line %d: does not follow the entry before it" % n)
        if fields[2] != str(n):
            fail("ledger.txt line %d: holds entry %s" % (n, fields[2]))
        prev = digest
        kind, amount, key = fields[3], fields[5], fields[6]
        reference = "|".join(fields[7:-2])
        if key.endswith(tag) and kind in ("compensation", "excess_share"):
            posted[kind] = (Decimal(amount), reference)
    settlement = report["settlement"]
    for kind, expected in (("compensation", -Decimal(settlement["compensation_eur"])),
                           ("excess_share", Decimal(settlement["excess_charge_eur"]))):
        if expected == 0 and kind not in posted:
            continue
        if kind not in posted:
            fail("ledger: no %s entry for this report (%s EUR)" % (kind, expected))
            continue
        amount, reference = posted[kind]
        if amount != expected:
            fail("ledger: the %s entry posted %s EUR, the report says %s" % (kind, amount, expected))
        if "sha256:" + report_sha not in reference:
            fail("ledger: the %s entry names another report, not sha256 %s" % (kind, report_sha[:16]))
    return len(lines)


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = argv[1]
    failures, notes = [], []
    fail = failures.append
    try:
        manifest = json.loads(read(root, "manifest.json"))
        check_manifest(root, manifest, fail)
        report_bytes = read(root, "report.json")
        report = json.loads(report_bytes)
        report_sha = sha256(report_bytes)
        if report_sha != manifest["report_sha256"]:
            fail("report.json: not the report the manifest names (SHA-256 differs)")
        if (report["contract"]["id"], report["year"]["year"], report["version"]["number"]) != (
                manifest["contract"], manifest["year"], manifest["report_version"]):
            fail("report.json: another contract, year or version than the manifest's")
        if sha256(read(root, "contract_version.json")) != report["contract"]["sha256"]:
            fail("contract_version.json: not the contract version the report settled (SHA-256 differs)")
        check_inputs(root, report, fail, notes)
        entries = check_ledger(root, report, report_sha, fail)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
        fail("the bundle cannot be read: %s: %s" % (type(e).__name__, e))
    for f in failures:
        print("FAIL " + f)
    if failures:
        print("bundle NOT OK: %d check(s) failed" % len(failures))
        return 1
    for n in notes:
        print("note " + n)
    print("bundle OK: contract %s year %s report version %s (sha256 %s), %d ledger entries, compensation %s EUR"
          % (report["contract"]["id"], report["year"]["year"], report["version"]["number"], report_sha[:16],
             entries, report["settlement"]["compensation_eur"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
