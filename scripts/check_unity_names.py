#!/usr/bin/env python3
"""Guards the unity build (CMakeLists.txt, RENOFEE_UNITY_BUILD): names a source keeps to itself must not change
meaning when CMake compiles it in one unit with the other sources of its directory.

In a unity unit the anonymous namespaces of all its files are one namespace. So a file-local helper
- named like a helper of another file in the same directory is a redefinition (the compiler says so), or, worse,
  an overload that other files silently call instead of their own (`cents(Decimal)` next to `cents(int)`);
- named like a function the public headers declare (include/renofee/...) hides or overloads it for every later
  file of the unit, which can change what a call means without any error.
This script lists both kinds: file-local names (top-level declarations inside `namespace {` of a .cpp, as
clang-format lays them out: at column 0) that another .cpp of the same directory also declares file-locally, or
that a public header declares. Exit status 1 when any is found. Run by ctest (repo.unity_names).
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

import tempfile

ROOT = Path(__file__).resolve().parent.parent
DECL = [
    re.compile(r"^(?:template <[^>]*>\s*)?(?:static |inline |constexpr |\[\[nodiscard\]\] )*"
               r"[A-Za-z_][\w:<>,\s\*&]*?[\s\*&]([a-z_]\w*)\((?!\))?"),  # functions (and calls at column 0)
    re.compile(r"^(?:class|struct|enum class|enum)\s+([A-Za-z_]\w*)"),
    re.compile(r"^(?:constexpr |const |inline |static )+[\w:<>,\s\*&]*?\b([A-Za-z_]\w*)\s*(?:=|\{|\[)"),
    re.compile(r"^using ([A-Za-z_]\w*) ="),
]
SKIP = {"TEST", "TEST_F", "TEST_P", "INSTANTIATE_TEST_SUITE_P", "main", "operator"}
# Directories whose sources never share a unit: the executable's commands (src/main/CMakeLists.txt turns the
# unity build off) and the golden tests (one source per executable).
EXEMPT = {"src/main/commands", "tests/golden"}


def declared(lines):
    names = set()
    for line in lines:
        if line.startswith((" ", "\t", "//", "#", "}", "TEST")):
            continue
        for rx in DECL:
            m = rx.match(line)
            if m and m.group(1) not in SKIP:
                names.add(m.group(1))
                break
    return names


def file_local(path):
    """Names declared at the top level of the anonymous namespaces of a .cpp."""
    lines, inside, depth = [], False, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^namespace \{", line):
            inside, depth = True, 0
            continue
        if inside and re.match(r"^\}  // namespace$", line) and depth == 0:
            inside = False
            continue
        if inside:
            lines.append(line)
    return declared(lines)


def public_names(root):
    names = set()
    for header in (root / "include" / "renofee").rglob("*.hpp"):
        names |= declared(header.read_text(encoding="utf-8").splitlines())
    return names


def problems_in(root):
    public = public_names(root)
    by_dir = defaultdict(dict)
    for source in sorted(list((root / "src").rglob("*.cpp")) + list((root / "tests").rglob("*.cpp"))):
        by_dir[source.parent][source] = file_local(source)
    problems = []
    for directory, files in by_dir.items():
        if str(directory.relative_to(root)) in EXEMPT:
            continue
        seen = defaultdict(list)
        for source, names in files.items():
            for name in names:
                seen[name].append(source)
        for name, sources in sorted(seen.items()):
            rel = [str(s.relative_to(root)) for s in sources]
            if len(sources) > 1:
                problems.append(f"{name}: file-local in {', '.join(rel)}")
            elif name in public and name[0].islower():  # a function or variable: overloads change meaning
                problems.append(f"{name}: file-local in {rel[0]} and declared in a public header")
    return problems


def self_test():
    """The checker on synthetic trees: it must flag both kinds and pass a clean tree."""
    files = {
        "include/renofee/core/units/q.hpp": "namespace renofee {\ninline Money cents(std::int64_t amount) {\n}\n}\n",
        "src/core/a/one.cpp": "namespace renofee {\nnamespace {\n\nMoney cents(const Decimal& value) {\n  return x;\n}\n"
                              "bool is_digit(char c) {\n  return true;\n}\n\n}  // namespace\n}\n",
        "src/core/a/two.cpp": "namespace renofee {\nnamespace {\n\nbool is_digit(char c) {\n  return true;\n}\n"
                              "constexpr int limit = 3;\n\n}  // namespace\n}\n",
        "src/core/b/three.cpp": "namespace renofee {\nnamespace {\n\nconstexpr int limit = 4;\n\n}  // namespace\n}\n",
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        found = problems_in(root)
        expected = ["cents: file-local in src/core/a/one.cpp and declared in a public header",
                    "is_digit: file-local in src/core/a/one.cpp, src/core/a/two.cpp"]
        if sorted(found) != expected:
            print("self-test failed: found", found)
            return 1
        (root / "src/core/a/two.cpp").unlink()
        (root / "src/core/a/one.cpp").write_text("namespace {\n\nint as_cents(int v) {\n}\n\n}  // namespace\n")
        if problems_in(root):
            print("self-test failed: a clean tree was flagged:", problems_in(root))
            return 1
    print("self-test passed")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    problems = problems_in(ROOT)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} name(s) could change meaning in a unity build: rename the file-local one",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
