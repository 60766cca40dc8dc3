#!/usr/bin/env python3
"""Properties of scripts/check_function_length.py, the check behind the ctest repo.function_length.

usage: check_function_length_test.py SOURCE_DIR

Each case writes a small tree (src/*.cpp and docs/architecture.md) to a temporary directory, runs the checker on
it and requires its exit status and what it names:
1. A function of 81 lines (opening to closing brace, both counted) fails and is named with its length; one of 80
   passes.
2. Control blocks (if, else, else if, if constexpr, a condition over two lines, for with its ';'s, range for,
   while, switch, do, try, catch, an if after a case label) are not functions: a long block counts only in
   its enclosing function and is never reported on its own.
3. Lambdas are functions: a long lambda is reported, and it counts in its enclosing function too.
4. Literals do not confuse it: braces inside strings, character literals, raw strings (with and without a
   delimiter or an encoding prefix), comments, and numbers with digit separators (1'000'000, 0x1'FF) next to
   character literals (L'x', u8'y') leave the count right.
5. An exception listed in docs/architecture.md, section "Long functions" (`src/path.cpp` then `function name`)
   is excused, and only that function in that file; --list still shows it, marked excused. The same line
   outside the section excuses nothing.
6. --limit changes the limit.
"""
import os
import re
import subprocess
import sys
import tempfile

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
CHECKER = os.path.join(SRC, "scripts", "check_function_length.py")

passed = failed = 0


def check(condition, what, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}\n{detail}")


def function(name, lines, body_line="  x += 1;"):
    """A function whose opening and closing brace lines are `lines` apart, both counted."""
    assert lines >= 2
    return "\n".join([f"int {name}(int x) {{"] + [body_line] * (lines - 2) + ["}", ""])


def run(files, architecture="# arch\n", *options):
    """Runs the checker on a tree holding `files` ({path: text}); returns (exit status, stdout + stderr)."""
    with tempfile.TemporaryDirectory() as root:
        for path, text in {**files, "docs/architecture.md": architecture}.items():
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), "w", encoding="utf-8") as out:
                out.write(text)
        done = subprocess.run([sys.executable, CHECKER, *options, root], capture_output=True, text=True)
        return done.returncode, done.stdout + done.stderr


# 1. The limit itself.
status, out = run({"src/a.cpp": function("eighty_one", 81)})
check(status == 1 and "src/a.cpp:1: 81 lines" in out and "eighty_one" in out, "81 lines fail", out)
status, out = run({"src/a.cpp": function("eighty", 80)})
check(status == 0, "80 lines pass", out)
status, out = run({"src/a/b.hpp": "#pragma once\n" + function("in_header", 81)})
check(status == 1 and "src/a/b.hpp:2: 81 lines" in out, "headers under src/ are checked too", out)

# 2. Control blocks are not functions.
long_if = ["  if (x > 0) {"] + ["    x += 1;"] * 90 + ["  }"]
status, out = run({"src/a.cpp": "int f(int x) {\n" + "\n".join(long_if) + "\n  return x;\n}\n"})
check(status == 1 and len(re.findall(r": \d+ lines", out)) == 1 and "95 lines: int f(int x)" in out,
      "a long if block counts in its function only", out)
open_if = "  if (x > 0) {\n    x = 1;"
cases = [  # (lines before, block head, after the closing brace, lines after)
    ("", "if (x > 0)", "", ""),
    (open_if, "} else if (x < 0)", "", ""),
    (open_if, "} else", "", ""),
    ("", "if constexpr (sizeof(int) == 4)", "", ""),
    (open_if, "} else if constexpr (sizeof(int) == 4)", "", ""),
    ("", "if (x > 0 &&\n      x < 10)", "", ""),
    ("", "for (int i = 0; i < 3; ++i)", "", ""),
    ("", "for (const auto& [key, value] : table())", "", ""),
    ("", "while (x < 10)", "", ""),
    ("", "switch (x)", "", ""),
    ("", "do", " while (x < 5);", ""),
    ("", "try", "", ""),
    ("  try {\n    x = 1;", "} catch (const std::exception& e)", "", ""),
    ("  switch (x) {", "case 1: if (x > 0 ||\n      x < -10)", "", "  }"),
]
for before, head, after, postfix in cases:
    text = "\n".join(line for line in ["int g(int x) {", before, "  " + head + " {"] + ["    x += 1;"] * 90 +
                      ["  }" + after, postfix, "  return x;", "}", ""] if line != "")
    name = head.splitlines()[0]
    status, out = run({"src/a.cpp": text}, "# arch\n", "--limit", "200")
    check(status == 0, f"'{name}' block inside a function under the limit passes", out)
    status, out = run({"src/a.cpp": text}, "# arch\n", "--list", "--limit", "80")
    check(len(re.findall(r": \d+ lines", out)) == 1 and "int g(int x)" in out, f"'{name}' is not a function", out)

# 3. Lambdas are functions, counted in their enclosing function as well.
lambda_text = "int h(int x) {\n  auto step = [&](int y) {\n" + "    y += 1;\n" * 85 + "    return y;\n  };\n" \
              "  return step(x);\n}\n"
status, out = run({"src/a.cpp": lambda_text}, "# arch\n", "--list")
check(status == 1 and "88 lines: auto step = [&](int y)" in out and "91 lines: int h(int x)" in out,
      "a long lambda is reported, and counted in its function", out)

# 4. Literals.
tricky_lines = [
    '  const char* open = "{{{ not a block";',
    "  const char brace = '{';",
    "  const char quote = '\\'';",
    '  const char* escaped = "\\" { \\\\";',
    '  const char* raw = R"(a { b " c)";',
    '  const char* raw_delim = R"json({"a": "}\\")"})json";',
    '  const char* raw_prefixed = u8R"({{)";',
    "  const long big = 1'000'000 + 0x1'FF;",
    "  const wchar_t wide = L'{';",
    "  const char narrow = u8'}';",
    "  // a comment with { and \" and '",
    "  /* a block comment { spanning",
    "     two lines } */",
    "  x += big;",
]
literal_function = "\n".join(["int literals(int x) {"] + tricky_lines + ["  x += 1;"] * (80 - 2 - len(tricky_lines)) +
                             ["}", ""])
status, out = run({"src/a.cpp": literal_function + function("after", 80)})
check(status == 0, "strings, characters, raw strings, comments and digit separators: 80 lines pass", out)
status, out = run({"src/a.cpp": literal_function.replace("  x += big;", "  x += big;\n  x += 1;") +
                   function("after", 81)})
check(status == 1 and "src/a.cpp:1: 81 lines: int literals(int x)" in out and
      "src/a.cpp:82: 81 lines: int after(int x)" in out,
      "... and 81 lines fail, for that function and the next one", out)
multiline_raw = "int r(int x) {\n  const char* text = R\"(\n" + "{\n" * 85 + ")\";\n  return x;\n}\n" + function("s", 81)
status, out = run({"src/a.cpp": multiline_raw})
check(status == 1 and "90 lines: int r(int x)" in out and "src/a.cpp:91: 81 lines: int s(int x)" in out,
      "a raw string over many lines counts as lines, its braces do not", out)

# 5. Exceptions from docs/architecture.md.
section = ("# arch\n\n## Long functions\nNo function in `src/` is over 80 lines, except:\n"
           "- `src/a.cpp`, `long_one`: a table that reads best whole.\n\n## Next section\n")
two = {"src/a.cpp": function("long_one", 90) + function("long_two", 90), "src/b.cpp": function("long_one", 90)}
status, out = run(two, section)
check(status == 1 and "long_two" in out and "src/b.cpp" in out and "src/a.cpp:1:" not in out,
      "an exception excuses only that function in that file", out)
status, out = run({"src/a.cpp": function("long_one", 90)}, section)
check(status == 0 and "1 excused" in out, "an excused function passes", out)
status, out = run({"src/a.cpp": function("long_one", 90)}, section, "--list")
check("long_one" in out and "excused" in out, "--list shows an excused function, marked", out)
elsewhere = "# arch\n\n## Other\n- `src/a.cpp`, `long_one`: said in the wrong section.\n\n## Long functions\nNone.\n"
status, out = run({"src/a.cpp": function("long_one", 90)}, elsewhere)
check(status == 1, "the same line outside the section excuses nothing", out)

# 6. --limit.
status, out = run({"src/a.cpp": function("forty_one", 41)}, "# arch\n", "--limit", "40")
check(status == 1 and "41 lines" in out, "--limit 40: 41 lines fail", out)
status, out = run({"src/a.cpp": function("forty", 40)}, "# arch\n", "--limit", "40")
check(status == 0, "--limit 40: 40 lines pass", out)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
