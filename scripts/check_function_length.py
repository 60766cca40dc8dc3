#!/usr/bin/env python3
"""Fails when a function in src/ is longer than the limit (default 80 lines), unless it is listed as an
exception in docs/architecture.md, section "Long functions", with the reason.

Length: from the line of a function's opening brace to the line of its closing brace, both counted. A function
body is a brace block whose head (the text since the previous ';', '{' or '}') ends like a signature: a ')'
optionally followed by const, noexcept, override, mutable or a trailing return type. Control blocks (if, for,
while, switch, catch, do) are not functions; lambdas are, and they count inside their enclosing function too.

Usage: check_function_length.py [--limit N] [--list] [repo root]
  --list prints every function over the limit, exceptions included, longest first.
"""
import pathlib
import re
import sys

SIGNATURE_END = re.compile(r"\)\s*(?:const|noexcept|override|final|mutable|->\s*[\w:<>,\s*&\[\]]+?|\s)*$")
CONTROL_HEAD = re.compile(r"(?:^|[\s;{}(])(?:if|for|while|switch|catch|else\s+if)\s*\(")


def strip(text):
    """Blanks comments, string and character literals (raw strings included), keeping newlines."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            k = text.find("(", i)
            delim = text[i + 2:k]
            j = text.find(")" + delim + '"', k)
            j = n if j < 0 else j + len(delim) + 2
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
            out.append(c)  # a digit separator: 1'000'000
            i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append(c + " " * max(0, j - i - 2) + c)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def function_lengths(text):
    """Yields (first line of the head, length in lines, head text) for every function body in text."""
    code = strip(text)
    stack = []  # (is_function, open line, head)
    head_start = 0
    line = 1
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c == "{":
            head = code[head_start:i].strip()
            is_function = bool(SIGNATURE_END.search(head)) and not CONTROL_HEAD.search(" " + head[-200:].split("\n")[-1]) \
                and not re.match(r"(?:if|for|while|switch|catch|do)\b", head)
            stack.append((is_function, line, " ".join(head.split())[-100:]))
            head_start = i + 1
        elif c == "}":
            if stack:
                is_function, open_line, head = stack.pop()
                if is_function:
                    yield open_line, line - open_line + 1, head
            head_start = i + 1
        elif c == ";":
            head_start = i + 1


def exceptions(root):
    """Files and function heads named in docs/architecture.md's "Long functions" section: `path` — `name`."""
    doc = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    m = re.search(r"^#+ Long functions\s*$(.*?)(?=^#+ |\Z)", doc, re.M | re.S)
    if not m:
        return set()
    return set(re.findall(r"`(src/[^`]+)`[^`\n]*`([^`]+)`", m.group(1)))


def main(argv):
    limit, listing, root = 80, False, pathlib.Path(__file__).resolve().parent.parent
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--limit":
            limit = int(args.pop(0))
        elif a == "--list":
            listing = True
        else:
            root = pathlib.Path(a)
    allowed = exceptions(root)
    found = []
    for path in sorted((root / "src").rglob("*.cpp")) + sorted((root / "src").rglob("*.hpp")):
        rel = path.relative_to(root).as_posix()
        for open_line, length, head in function_lengths(path.read_text(encoding="utf-8")):
            if length > limit:
                excused = any(rel == f and name in head for f, name in allowed)
                found.append((length, rel, open_line, head, excused))
    found.sort(reverse=True)
    bad = [f for f in found if not f[4]]
    for length, rel, open_line, head, excused in (found if listing else bad):
        print(f"{rel}:{open_line}: {length} lines{' (excused in docs/architecture.md)' if excused else ''}: {head}")
    if bad:
        print(f"{len(bad)} function(s) in src/ longer than {limit} lines; split them into named steps, or say why "
              f"in docs/architecture.md, section \"Long functions\"", file=sys.stderr)
        return 1
    print(f"every function in src/ is at most {limit} lines ({len(found) - len(bad)} excused)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
