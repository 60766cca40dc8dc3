#!/usr/bin/env python3
"""Fails when a function in src/ is longer than the limit (default 80 lines), unless it is listed as an
exception in docs/architecture.md, section "Long functions", with the reason.

Length: from the line of a function's opening brace to the line of its closing brace, both counted. A function
body is a brace block whose head (the text since the previous '{', '}' or ';' outside parentheses) ends like a
signature: a ')' optionally followed by const, noexcept, override, mutable or a trailing return type. Control
blocks are not functions: the word before their last parenthesis group is if, for, while, switch or catch (or
`if constexpr`), and do, try and else blocks have no ')'. Lambdas are functions, and they count inside their
enclosing function too. Comments, string and character literals (raw strings too) are blanked first; a ' between
digits is a digit separator (1'000'000).

Usage: check_function_length.py [--limit N] [--list] [repo root]
  --list prints every function over the limit, exceptions included, longest first.
"""
import pathlib
import re
import sys

SIGNATURE_END = re.compile(r"\)\s*(?:const|noexcept|override|final|mutable|->\s*[\w:<>,\s*&\[\]]+?|\s)*$")
CONTROL_WORDS = {"if", "constexpr", "for", "while", "switch", "catch"}  # "constexpr": if constexpr (...)


def identifier_before(text, i, also=""):
    """The run of letters, digits, '_' (and the characters of `also`) that ends just before text[i]."""
    start = i
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_" or text[start - 1] in also):
        start -= 1
    return text[start:i]


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
        elif text.startswith('R"', i) and identifier_before(text, i) in ("", "u8", "u", "U", "L"):
            k = text.find("(", i)
            delim = text[i + 2:k]
            j = text.find(")" + delim + '"', k)
            j = n if j < 0 else j + len(delim) + 2
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c == "'" and identifier_before(text, i, "'")[:1].isdigit() and i + 1 < n and text[i + 1].isalnum():
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


def word_before_parentheses(head, close):
    """The word just before the parenthesis group that closes at head[close]: a function's name, or if, for,
    while, switch, catch, constexpr for a control block; empty for a lambda ("[&](int x)")."""
    depth = 0
    for j in range(close, -1, -1):
        if head[j] == ")":
            depth += 1
        elif head[j] == "(":
            depth -= 1
            if depth == 0:
                word = re.search(r"(\w+)\s*$", head[:j])
                return word.group(1) if word else ""
    return ""


def function_lengths(text):
    """Yields (first line of the head, length in lines, head text) for every function body in text."""
    code = strip(text)
    stack = []  # (is_function, open line, head, parenthesis depth outside the block)
    head_start = 0
    depth = 0  # open parentheses in the current block: a ';' inside them (a for head) ends no statement
    line = 1
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c == "{":
            head = code[head_start:i].strip()
            signature_end = SIGNATURE_END.search(head)
            is_function = bool(signature_end) and word_before_parentheses(head, signature_end.start()) \
                not in CONTROL_WORDS
            stack.append((is_function, line, " ".join(head.split())[-100:], depth))
            head_start = i + 1
            depth = 0
        elif c == "}":
            if stack:
                is_function, open_line, head, depth = stack.pop()
                if is_function:
                    yield open_line, line - open_line + 1, head
            head_start = i + 1
        elif c == ";" and depth == 0:
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
