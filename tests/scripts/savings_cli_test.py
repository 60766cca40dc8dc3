#!/usr/bin/env python3
"""`renofee savings caltrack` from the outside (docs/savings.md, "Command"): runs the generated cases of
tests/data/caltrack and bad inputs, and requires
  - the native case: exit 0, JSON with the model of tests/data/caltrack/expected.json, the days left out listed
    with their reasons and counted;
  - bad files, lines and arguments: a clear message naming the file and line or the argument, exit 1 (refused
    input) or 2 (usage), never a crash (a negative exit code is a signal);
  - scripts/gen_caltrack_reference.py reproduces the committed files byte for byte;
  - scripts/compare_eemeter.py says plainly that it skipped when the samples and eemeter are absent.
Usage: savings_cli_test.py RENOFEE_BINARY SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

BIN, SRC = sys.argv[1], sys.argv[2]
DATA = os.path.join(SRC, "tests", "data", "caltrack")
failures = []


def run(*args):
    return subprocess.run([BIN, "savings", "caltrack", *args], capture_output=True, text=True)


def check(cond, what):
    if not cond:
        failures.append(what)


expected = json.load(open(os.path.join(DATA, "expected.json")))
base = ["--baseline-end", "2016-01-20", "--reporting-start", "2016-02-01"]
p = run("--meter", os.path.join(DATA, "gas-hdd-daily-C.meter.csv"),
        "--temperature", os.path.join(DATA, "weather-C.temperature.csv"), *base, "--units", "C", "--format", "json")
check(p.returncode == 0, "native case exit %d: %s" % (p.returncode, p.stderr))
k = run("--meter", os.path.join(DATA, "gas-hdd-daily-knmi-C.meter.csv"), "--knmi",
        os.path.join(SRC, "tests", "data", "knmi", "synthetic_348_2023_2026.txt"), "--baseline-end", "2024-10-01",
        "--reporting-start", "2024-10-15", "--units", "C", "--format", "json")
check(k.returncode == 0 and json.loads(k.stdout)["heating_balance_point"] ==
      expected["gas-hdd-daily-knmi-C"]["heating_balance_point"], "knmi case: %d %s" % (k.returncode, k.stderr))
if p.returncode == 0:
    got = json.loads(p.stdout)
    want = expected["gas-hdd-daily-C"]
    check(got["model_type"] == want["model_type"], "model type")
    check(got["heating_balance_point"] == want["heating_balance_point"], "balance point")
    check(abs(got["metered_savings"] - want["metered_savings"]) <= 1e-8 * abs(want["metered_savings"]), "savings")
    check(got["excluded_counts"] == want["excluded_counts"], "excluded counts %r" % got["excluded_counts"])
    check(len(got["excluded"]) == sum(want["excluded_counts"].values()), "excluded list")
    check(all(e["reason"] and e["start"] for e in got["excluded"]), "excluded rows name reason and start")

with tempfile.TemporaryDirectory() as tmp:
    def write(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    temp = os.path.join(DATA, "weather-F.temperature.csv")
    meter = os.path.join(DATA, "gas-hdd-daily-F.meter.csv")
    refused = [
        ([ "--meter", os.path.join(tmp, "missing.csv"), "--temperature", temp, *base], 1, "cannot open --meter"),
        (["--meter", write("bad_header.csv", "date,use\n"), "--temperature", temp, *base], 1, "bad_header.csv line 1"),
        (["--meter", write("bad_value.csv", "start,value\n2015-01-01T00:00:00+00:00,1\n2015-01-02T00:00:00+00:00,x\n"),
          "--temperature", temp, *base], 1, "bad_value.csv line 3"),
        (["--meter", write("unsorted.csv", "start,value\n2015-01-02T00:00:00Z,1\n2015-01-01T00:00:00Z,2\n"),
          "--temperature", temp, *base], 1, "unsorted.csv line 3"),
        (["--meter", write("empty.csv", ""), "--temperature", temp, *base], 1, "empty file"),
        (["--meter", meter, "--temperature", write("half_hour.csv", "dt,temp\n2015-01-01T00:30:00Z,5\n"), *base], 1,
         "half_hour.csv line 2"),
        (["--meter", meter, "--temperature", write("no_overlap.csv", "dt,temp\n2030-01-01T00:00:00Z,5\n"), *base], 1,
         "no baseline row"),
        (["--meter", meter, "--temperature", temp, "--baseline-end", "2016-02-30", "--reporting-start", "2016-03-01"], 2,
         "--baseline-end"),
        (["--meter", meter, "--temperature", temp, *base, "--form", "weekly"], 2, "--form"),
        (["--meter", meter, "--temperature", temp, *base, "--units", "K"], 2, "--units"),
        (["--meter", meter, "--temperature", temp, *base, "--fit-cdd", "maybe"], 2, "--fit-cdd"),
        (["--meter", meter, "--temperature", temp, *base, "--format", "xml"], 2, "--format"),
        (["--meter", meter, "--temperature", temp, "--baseline-end", "2016-01-20", "--reporting-start", "2016-01-01"], 2,
         "--reporting-start"),
        (["--temperature", temp, *base], 2, "--meter"),
        (["--meter", meter, "--temperature", temp, "--knmi", temp, *base], 2, "--knmi"),
        (["--meter", meter, "--knmi", os.path.join(SRC, "tests", "data", "knmi", "synthetic_348_2014.txt"), *base],
         2, "--units C"),
        (["--meter", meter, "--knmi", temp, *base, "--units", "C"], 1, "weather-F.temperature.csv line"),
    ]
    for args, code, text in refused:
        p = run(*args)
        check(p.returncode == code and text in p.stderr,
              "%r: exit %d (want %d), stderr %r (want %r)" % (args[-1], p.returncode, code, p.stderr, text))

    # The generator reproduces the committed cases.
    subprocess.run([sys.executable, os.path.join(SRC, "scripts", "gen_caltrack_reference.py"), tmp], check=True)
    for name in sorted(os.listdir(DATA)):
        with open(os.path.join(DATA, name), "rb") as a, open(os.path.join(tmp, name), "rb") as b:
            check(a.read() == b.read(), "gen_caltrack_reference.py does not reproduce %s" % name)

env = {k: v for k, v in os.environ.items() if not k.startswith("RENOFEE_EEMETER")}
p = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "compare_eemeter.py")], capture_output=True,
                   text=True, env=env)
check(p.returncode == 0 and p.stdout.startswith("SKIPPED:"), "compare_eemeter.py without inputs: %r" % p.stdout)

for f in failures:
    print("FAIL:", f)
print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
