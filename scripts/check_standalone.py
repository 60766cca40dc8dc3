#!/usr/bin/env python3
"""The repository stands alone: no tracked file may refer to a path outside it.

usage: check_standalone.py [ROOT]      check ROOT (default: this repository); exit 1 with one line per finding
       check_standalone.py --self-test plant each kind of outside reference in a temporary tree and require that
                                       every one is found and that a clean tree passes

A fresh clone has nothing beside it, so code, tests, scripts and docs that read or cite a file outside the
repository break (or mislead) there. Found, in every tracked text file (`git ls-files`; outside a git checkout,
every file below ROOT except build directories):
  - a relative path whose `..` steps climb above the repository, resolved from the file's own directory, or,
    when it names nothing below that directory, from the repository root (scripts run from there);
  - path building that climbs out by name: `".." , "shared"` (os.path.join) and `.parent / "shared"`;
  - absolute paths into home or work directories (/home/, /root/, /work/);
  - citations of documents that are not in the repository: design.md, domain-notes.md (the rules live in
    docs/domain.md).
Skipped: fuzz/corpus and fuzz/regressions (arbitrary bytes by design), this script (it names the patterns it
looks for; its self-test proves them), binary files, and a line that says
`standalone-ok`, or whose next line does (a statement over two lines), with its reason: e.g. a path-traversal attack string that a test sends on purpose).
"""
import os
import re
import subprocess
import sys
import tempfile

SKIP_PREFIXES = ("fuzz/corpus/", "fuzz/regressions/", "scripts/check_standalone.py")
BUILD_DIRS = {".git", "build", "build-asan", "build-fuzz", "var", "node_modules", "__pycache__"}
RELATIVE = re.compile(r"(?<![\w./])((?:\.\./)+)([\w.+-]+(?:/[\w.+-]+)*)")
SHARED = "sha" + "red"  # spelled in two parts so that this file does not itself name the folder
PATTERNS = [
    (re.compile(r"\.\./" + SHARED + r"\b"), "refers to the shared folder beside the repository, which a fresh clone does not have"),
    (re.compile(r"""["']\.\.["']\s*,\s*["']""" + SHARED + """["']"""), "builds a path to the shared folder beside the repository"),
    (re.compile(r"""\.parent\s*/\s*["']""" + SHARED + """["']"""), "builds a path to the shared folder beside the repository"),
    (re.compile(r"(?<![\w.])/(?:home|root|work)/[\w.-]+"), "an absolute path into a home or work directory"),
    (re.compile(r"(?<![\w-])(?:design|domain-notes)\.md\b"), "cites a document that is not in the repository"),
]


def tracked_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, check=True).stdout
        return [p for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        found = []
        for top, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in BUILD_DIRS]
            found += [os.path.relpath(os.path.join(top, f), root) for f in files]
        return found


def escapes(root, base, relative):
    target = os.path.normpath(os.path.join(base, relative))
    return os.path.relpath(target, root).startswith("..")


def findings(root):
    root = os.path.realpath(root)
    out = []
    for rel in sorted(tracked_files(root)):
        rel = rel.replace(os.sep, "/")
        if rel.startswith(SKIP_PREFIXES):
            continue
        path = os.path.join(root, rel)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        if b"\0" in data:
            continue
        text = data.decode("utf-8", errors="replace")
        base = os.path.dirname(path)
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            if "standalone-ok" in line or (number < len(lines) and "standalone-ok" in lines[number]):
                continue
            for match in RELATIVE.finditer(line):
                relative = (match.group(1) + match.group(2)).rstrip(".")
                from_file = os.path.normpath(os.path.join(base, relative))
                outside = escapes(root, base, relative) or (
                    not os.path.exists(from_file) and escapes(root, root, relative))
                if outside:
                    out.append(f"{rel}:{number}: '{relative}' is outside the repository")
            for pattern, why in PATTERNS:
                for match in pattern.finditer(line):
                    out.append(f"{rel}:{number}: '{match.group(0)}' {why}")
    return out


def self_test():
    planted = {
        "scripts/a.sh": "knmi=../" + SHARED + "/data/knmi/etmgeg_348.txt\n",
        "tests/e2e/b.sh": "knmi=$src/../" + SHARED + "/data/knmi/etmgeg_348.txt\n",
        "tests/c.py": 'open(os.path.join(src, "..", "' + SHARED + '", "x.txt"))\n',
        "scripts/d.py": 'KNMI = ROOT.parent / "' + SHARED + '" / "data"\n',
        "include/e.hpp": "// Rules: design.md §7\n",
        "docs/f.md": "See [notes](../../notes/domain.md).\n",
        "bench/g.cpp": 'const char* path = "/work/' + SHARED + '/data/knmi/etmgeg_348.txt";\n',
        "docs/h.md": "research in domain-notes.md\n",
    }
    clean = {
        "docs/ok.md": "See [the API](../api/openapi.yaml) and `docs/domain.md` §3; ../api/openapi.yaml.\n",
        "api/openapi.yaml": "openapi: 3.0.3\n",
        "src/ok.cpp": '#include "../api/openapi.yaml"  // a path that stays inside\nint shared = 1; // 0.5/0.25\n',
        "scripts/ok.py": 'HERE = os.path.dirname(__file__); os.path.join(HERE, "..", "tests")\n',
        "tests/attack.cpp": 'send("GET /../../etc/passwd");  // standalone-ok: an attack string, not a file we read\n',
    }
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "repo")
        for name, text in clean.items():
            os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
            with open(os.path.join(root, name), "w") as f:
                f.write(text)
        found = findings(root)
        if found:
            print("self-test FAIL: a clean tree gave findings:", *found, sep="\n  ")
            failures += 1
        for name, text in planted.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            hits = [h for h in findings(root) if h.startswith(name + ":")]
            if hits:
                print(f"self-test ok: {hits[0]}")
            else:
                print(f"self-test FAIL: nothing found in {name}: {text.strip()}")
                failures += 1
            os.remove(path)
    checks = len(planted) + 1
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    found = findings(root)
    for line in found:
        print(line)
    print(f"{'no' if not found else len(found)} reference(s) to paths outside the repository")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
