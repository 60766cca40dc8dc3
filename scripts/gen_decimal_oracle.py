#!/usr/bin/env python3
"""Generate tests/data/decimal_oracle.tsv, the oracle fixture for the exact decimal type.

Purpose
-------
The C++ GoogleTest for the exact decimal type (coefficient + scale) replays
every line of this fixture and compares the C++ result with the expected
value computed here.  The expectations come from an independent
implementation: exact integer / ``fractions.Fraction`` arithmetic plus the
Python ``decimal`` module (the General Decimal Arithmetic specification),
and every case is computed two ways, asserting that both agree.

Semantics reproduced (they must match the C++ type exactly)
-----------------------------------------------------------
* value = coefficient (integer) and scale (digits after the point).
  ``to_string`` uses plain notation (never an exponent) and keeps the scale:
  "12.50" stays "12.50", scale 0 prints no point, zero never prints a minus
  sign ("-0.00" prints "0.00").
* add/sub: exact, result scale = max(scale a, scale b).
* mul: exact, result scale = scale a + scale b.
* div(a, b, scale, mode): the exact rational a/b rounded ONCE to ``scale``
  digits with ``mode`` (never decimal division + quantize, which would round
  twice).  b == 0 (any scale or sign, also 0/0) -> ``error:divide_by_zero``.
* round(a, scale, mode): quantize semantics; rounds to ``scale`` digits, or
  pads with zeros when ``scale`` > scale of a.
* cmp(a, b): -1, 0 or 1 by numeric value (1.0 vs 1.00 -> 0, -0.00 vs 0 -> 0).
* modes: half_even=ROUND_HALF_EVEN, half_up=ROUND_HALF_UP (ties away from
  zero), down=ROUND_DOWN (toward zero), up=ROUND_UP (away from zero),
  floor=ROUND_FLOOR, ceiling=ROUND_CEILING.

Cross-checks (any disagreement raises AssertionError and writes nothing)
-----------------------------------------------------------------------
* add/sub/mul: integer arithmetic on aligned coefficients vs ``decimal`` with
  a 200-digit context (asserted exact: no Inexact/Rounded flag).
* div: Fraction + own rounding vs ``decimal`` division in a 200-digit context
  followed by quantize, for every case whose exact quotient terminates within
  200 digits (non-terminating quotients such as 1/3 are Fraction-only).
* round: ``decimal`` quantize (200-digit context) vs Fraction + own rounding.
* cmp: Fraction comparison vs ``Decimal.compare``.

Fixture format
--------------
UTF-8 text, "\\n" line endings.  Line 1 is a header comment starting with
"#".  Every other line is one case with exactly 6 TAB-separated fields::

    op <TAB> a <TAB> b <TAB> scale <TAB> mode <TAB> expected

* op:       add | sub | mul | div | round | cmp
* a, b:     decimal strings in plain notation ("-12.50", "0.000", "-0.00",
            "7"); b is "-" for round.
* scale:    target scale for div/round, "-" for add/sub/mul/cmp.
* mode:     half_even | half_up | down | up | floor | ceiling for div/round,
            "-" otherwise.
* expected: result in plain notation as printed by ``to_string``; -1/0/1 for
            cmp; ``error:divide_by_zero`` for division by zero.

Limits kept by every case (checked by the generator):
operands have at most 40 significant (coefficient) digits and scale <= 40;
div/round target scales are <= 40; add/sub/mul results have at most 60
coefficient digits and scale <= 50 (products: scale a + scale b <= 50);
div/round results have at most 38 coefficient digits.

Coverage: random operands with 0..18 digits after the point and 1..30
significant digits (tiny 0.000000000000000001 up to 30-digit magnitudes),
negatives, zeros with various scales and signs, exact rounding ties and their
one-unit neighbours, carries across many digits (9.995, 99.95, 999999.9995),
non-terminating quotients (1/3, 2/3, -1/7), divisors with more scale than the
numerator, round to scale 0 and to a larger scale, add/sub/mul results with
39..60 digits (the C++ wide path), and operands with exactly 38 digits.

Regenerate
----------
    python3 scripts/gen_decimal_oracle.py [OUTPUT]

OUTPUT defaults to tests/data/decimal_oracle.tsv next to this script's repo.
The random seed is fixed and only integer-based ``random`` functions are used
(randrange/choice), so re-running produces a byte-identical file.  Python
standard library only.
"""

import argparse
import random
from collections import Counter
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
)
from fractions import Fraction
from pathlib import Path

SEED = 20240611

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "decimal_oracle.tsv"

# Fixture mode name -> python decimal rounding constant (order = output order).
MODES = {
    "half_even": ROUND_HALF_EVEN,
    "half_up": ROUND_HALF_UP,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}

MAX_OPERAND_DIGITS = 40  # coefficient digits of any operand
MAX_PARAM_SCALE = 40  # scale of any operand, and div/round target scale
MAX_RESULT_SCALE = 50  # scale of add/sub/mul results (product scale = sa + sb)
MAX_WIDE_DIGITS = 60  # coefficient digits of add/sub/mul results
NARROW_DIGITS = 38  # div/round results stay narrow; > 38 digits = "wide"

HEADER = (
    "# decimal_oracle.tsv: generated by scripts/gen_decimal_oracle.py (seed {seed}); do not edit. "
    "Format: op<TAB>a<TAB>b<TAB>scale<TAB>mode<TAB>expected; "
    "op in add|sub|mul|div|round|cmp; mode in {modes}; "
    "'-' marks an unused field; expected is plain notation, -1|0|1 for cmp, "
    "or error:divide_by_zero."
).format(seed=SEED, modes="|".join(MODES))

# 200-digit contexts.  Traps stay off for Inexact/Rounded: exactness is asserted
# explicitly through the flags so that every failure is an AssertionError.
_EXACT = Context(prec=200, traps=[InvalidOperation, DivisionByZero, Overflow])
_QUANT = Context(prec=200, traps=[InvalidOperation, DivisionByZero, Overflow])


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------
class Num:
    """An operand: sign flag, non-negative coefficient and scale.

    The sign is kept separately so operands may be negative zero ("-0.00"),
    which the C++ parser has to accept; results never carry a negative zero.
    """

    __slots__ = ("neg", "coef", "scale")

    def __init__(self, coef, scale, neg=False):
        assert coef >= 0 and scale >= 0
        self.coef, self.scale, self.neg = coef, scale, neg

    @classmethod
    def parse(cls, text):
        neg = text.startswith("-")
        body = text[1:] if neg else text
        int_part, _, frac_part = body.partition(".")
        return cls(int(int_part + frac_part), len(frac_part), neg)

    @property
    def signed(self):
        return -self.coef if self.neg else self.coef

    @property
    def digits(self):
        return len(str(self.coef))

    @property
    def text(self):
        return plain(self.neg, self.coef, self.scale)

    @property
    def frac(self):
        return Fraction(self.signed, 10**self.scale)

    @property
    def dec(self):
        return Decimal((int(self.neg), tuple(int(c) for c in str(self.coef)), -self.scale))

    def negated(self):
        return Num(self.coef, self.scale, not self.neg)


def plain(neg, coef, scale):
    """Plain notation of sign/coefficient/scale (may print "-0.00")."""
    s = str(coef).rjust(scale + 1, "0")
    if scale:
        s = s[:-scale] + "." + s[-scale:]
    return "-" + s if neg else s


def fmt_result(signed_coef, scale):
    """to_string of a result: plain notation, never a negative zero."""
    return plain(signed_coef < 0, abs(signed_coef), scale)


def dec_to_pair(d):
    """Decimal -> (signed coefficient, scale); negative zero becomes 0."""
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int) and exp <= 0, d
    coef = int("".join(map(str, digits)))
    return (-coef if sign else coef), -exp


def ndigits(signed_coef):
    return len(str(abs(signed_coef)))


# --------------------------------------------------------------------------
# Exact rounding of a rational (primary oracle for div, cross-check for round)
# --------------------------------------------------------------------------
def round_fraction(q, scale, mode):
    """Round the exact rational q to `scale` digits; returns the signed coefficient."""
    x = q * 10**scale
    neg = x < 0
    den = x.denominator
    whole, rem = divmod(abs(x.numerator), den)
    if rem == 0:
        bump = False
    elif mode == "down":
        bump = False
    elif mode == "up":
        bump = True
    elif mode == "floor":
        bump = neg
    elif mode == "ceiling":
        bump = not neg
    elif mode == "half_up":
        bump = 2 * rem >= den
    elif mode == "half_even":
        bump = 2 * rem > den or (2 * rem == den and whole % 2 == 1)
    else:
        raise ValueError(mode)
    whole += bump
    return -whole if neg else whole


def is_tie(q, scale):
    """True when q lies exactly half-way between two values of `scale` digits."""
    x = abs(q * 10**scale)
    return 2 * (x.numerator % x.denominator) == x.denominator


def quantum(scale):
    return Decimal((0, (1,), -scale))


def checked(ctx, fn, *args, **kwargs):
    """Run a decimal operation and assert it was exact."""
    ctx.clear_flags()
    result = fn(*args, **kwargs)
    assert not ctx.flags[Inexact] and not ctx.flags[Rounded], (fn, args, result)
    return result


# --------------------------------------------------------------------------
# Oracle: one function per op; returns (expected, tags) or None if the case
# falls outside the limits documented above.
# --------------------------------------------------------------------------
def oracle_add_sub(op, a, b):
    scale = max(a.scale, b.scale)
    bs = b.signed if op == "add" else -b.signed
    coef = a.signed * 10 ** (scale - a.scale) + bs * 10 ** (scale - b.scale)
    if ndigits(coef) > MAX_WIDE_DIGITS or scale > MAX_RESULT_SCALE:
        return None
    fn = _EXACT.add if op == "add" else _EXACT.subtract
    assert dec_to_pair(checked(_EXACT, fn, a.dec, b.dec)) == (coef, scale), (op, a.text, b.text)
    return fmt_result(coef, scale), {"wide"} if ndigits(coef) > NARROW_DIGITS else set()


def oracle_mul(a, b):
    scale = a.scale + b.scale
    coef = a.signed * b.signed
    if ndigits(coef) > MAX_WIDE_DIGITS or scale > MAX_RESULT_SCALE:
        return None
    assert dec_to_pair(checked(_EXACT, _EXACT.multiply, a.dec, b.dec)) == (coef, scale), (a.text, b.text)
    return fmt_result(coef, scale), {"wide"} if ndigits(coef) > NARROW_DIGITS else set()


def oracle_cmp(a, b):
    fa, fb = a.frac, b.frac
    result = (fa > fb) - (fa < fb)
    assert int(a.dec.compare(b.dec)) == result, (a.text, b.text)
    return str(result), set()


def oracle_div(a, b, scale, mode):
    if b.coef == 0:
        return "error:divide_by_zero", {"div_zero"}
    q = a.frac / b.frac
    coef = round_fraction(q, scale, mode)
    if ndigits(coef) > NARROW_DIGITS:
        return None
    tags = {"tie"} if is_tie(q, scale) else set()
    # Cross-check with decimal wherever the exact quotient terminates within
    # 200 digits: the 200-digit division is then exact, so one quantize is the
    # only rounding step.
    _EXACT.clear_flags()
    exact = _EXACT.divide(a.dec, b.dec)
    if _EXACT.flags[Inexact] or _EXACT.flags[Rounded]:
        tags.add("nonterminating")
    else:
        rounded = exact.quantize(quantum(scale), rounding=MODES[mode], context=_QUANT)
        assert dec_to_pair(rounded) == (coef, scale), (a.text, b.text, scale, mode, rounded, coef)
        tags.add("xcheck")
    return fmt_result(coef, scale), tags


def oracle_round(a, scale, mode):
    # Primary: decimal quantize in a 200-digit context.
    rounded = a.dec.quantize(quantum(scale), rounding=MODES[mode], context=_QUANT)
    coef, result_scale = dec_to_pair(rounded)
    assert result_scale == scale
    if ndigits(coef) > NARROW_DIGITS:
        return None
    # Cross-check: exact rational rounding.
    assert round_fraction(a.frac, scale, mode) == coef, (a.text, scale, mode, rounded)
    tags = {"tie"} if is_tie(a.frac, scale) else set()
    if scale > a.scale:
        tags.add("pad")
    if scale == 0:
        tags.add("scale0")
    return fmt_result(coef, scale), tags


# --------------------------------------------------------------------------
# Collector: validates limits, computes expectations, deduplicates, counts.
# --------------------------------------------------------------------------
class Collector:
    def __init__(self):
        self.lines = []
        self.seen = set()
        self.stats = Counter()

    def emit(self, op, a, b=None, scale=None, mode=None):
        """Add one case; returns False if rejected (limits) or duplicate."""
        operands = [a] if b is None else [a, b]
        if any(x.digits > MAX_OPERAND_DIGITS or x.scale > MAX_PARAM_SCALE for x in operands):
            return False
        if scale is not None and not 0 <= scale <= MAX_PARAM_SCALE:
            return False
        if op in ("add", "sub"):
            res = oracle_add_sub(op, a, b)
        elif op == "mul":
            res = oracle_mul(a, b)
        elif op == "cmp":
            res = oracle_cmp(a, b)
        elif op == "div":
            res = oracle_div(a, b, scale, mode)
        elif op == "round":
            res = oracle_round(a, scale, mode)
        else:
            raise ValueError(op)
        if res is None:
            return False
        expected, tags = res
        fields = [
            op,
            a.text,
            "-" if b is None else b.text,
            "-" if scale is None else str(scale),
            "-" if mode is None else mode,
            expected,
        ]
        line = "\t".join(fields)
        if line in self.seen:
            return False
        self.seen.add(line)
        self.lines.append(line)
        key = op if mode is None else op + "/" + mode
        self.stats[key] += 1
        self.stats["total"] += 1
        if any(x.digits == 38 for x in operands):
            tags = tags | {"operand38"}
        for tag in tags:
            self.stats[op + ":" + tag] += 1
        return True

    def fill(self, count, make, max_tries_factor=50):
        """Call make() (which emits at most one case and returns True when it
        did) until `count` cases were accepted."""
        accepted = tries = 0
        while accepted < count:
            tries += 1
            assert tries <= count * max_tries_factor, "generator rejects too many cases"
            accepted += bool(make())


# --------------------------------------------------------------------------
# Random operands
# --------------------------------------------------------------------------
def rand_coef(rng, nd):
    """Random coefficient with exactly nd digits."""
    return rng.randrange(10 ** (nd - 1), 10**nd)


def rand_ndigits(rng, hi=30):
    """Digit count skewed toward short numbers but reaching `hi`."""
    lo, top = rng.choice([(1, 3), (1, 6), (4, 12), (10, 20), (18, 30)])
    top = min(top, hi)
    return rng.randrange(min(lo, top), top + 1)


def rand_num(rng, max_digits=30, max_scale=18, min_scale=0, zero_pct=4, neg_pct=40, nonzero=False):
    scale = rng.randrange(min_scale, max_scale + 1)
    neg = rng.randrange(100) < neg_pct
    if not nonzero and rng.randrange(100) < zero_pct:
        return Num(0, scale, neg)  # zeros of various scales, including "-0.00"
    nd = rand_ndigits(rng, max_digits)
    coef = rand_coef(rng, nd)
    if nd > 1 and rng.randrange(10) == 0:
        k = rng.randrange(1, nd)  # trailing zeros kept by the scale, e.g. "12.50"
        coef = coef // 10**k * 10**k
    return Num(coef, scale, neg)


def rand_sign(rng):
    return rng.randrange(2) == 1


def tie_num(rng, target, max_int_digits=8):
    """A value with a 5 exactly at digit target+1 (optionally followed by zeros),
    i.e. an exact tie when rounded to `target` digits."""
    base = rng.randrange(10 ** (rng.randrange(0, max_int_digits + 1) + target))
    k = rng.choice([0, 0, 0, 1, 2, 3])
    return Num((base * 10 + 5) * 10**k, target + 1 + k, rand_sign(rng))


def tie_neighbour(rng, tie):
    """One unit below or above a tie at the tie's own scale (2.4/2.6, 2.4999/2.5001)."""
    return Num(tie.coef + rng.choice([-1, 1]), tie.scale, tie.neg)


def nines_num(rng):
    """Values like 9.995, 99.95, 999999.9995 whose rounding carries across all
    digits; returns (value, target scale)."""
    n_int = rng.randrange(0, 9)
    n_frac = rng.randrange(0, 7)
    last = rng.choice([5, 5, 4, 6])  # tie, just below, just above
    coef = int("9" * (n_int + n_frac) + str(last))
    k = rng.choice([0, 0, 1])
    num = Num(coef * 10**k, n_frac + 1 + k, rand_sign(rng))
    target = n_frac if rng.randrange(3) else rng.randrange(0, n_frac + 1)
    return num, target


SPECIALS = [
    "0", "-0", "0.000", "-0.00", "1", "-1", "7", "3", "-3", "0.1", "0.2", "0.5", "-0.5", "1.5",
    "2.5", "-2.5", "0.05", "0.125", "-0.125", "9.995", "-9.995", "99.95", "999999.9995",
    "12.50", "-12.50", "1.0", "1.00", "0.000000000000000001", "-0.000000000000000001",
    "0.999999999999999999", "1.000000000000000000", "999999999999999999999999999999",
    "-123456789012345678901234567890", "123456789012.123456789012345678",
]

NONTERMINATING = [
    ("1", "3"), ("2", "3"), ("-1", "7"), ("1", "-7"), ("22", "7"), ("10", "3"), ("1", "6"),
    ("5", "6"), ("-2", "3"), ("1", "9"), ("100", "7"), ("1", "11"), ("-1", "-3"),
    ("1", "0.003"), ("-1", "0.7"), ("2", "0.0003"), ("0.1", "0.3000"), ("1.00", "81"),
]

DIV_SCALES = [0, 1, 2, 3, 5, 8, 18, 30]

# Quotients that are exact ties at some small scale: 10/4 = 2.5, 1/8 = 0.125,
# 19.99/2 = 9.995, 1/0.08 = 12.5, 99.95/1.0 ...  (emitted for scales 0..4).
DIV_TIES = [
    ("10", "4"), ("-10", "4"), ("5", "2"), ("-5", "2"), ("-7", "-2"), ("3", "2"), ("1", "8"),
    ("-1", "8"), ("1", "16"), ("19.99", "2"), ("-19.99", "2"), ("0.25", "0.5"), ("1", "0.08"),
    ("99.95", "1.0"), ("1999999.999", "2"), ("-0.0125", "0.1"),
]


# --------------------------------------------------------------------------
# Case groups
# --------------------------------------------------------------------------
def gen_specials(c, rng):
    """Cross product of hand-picked values for every binary op, and every
    special value rounded with every mode to several scales."""
    specials = [Num.parse(s) for s in SPECIALS]
    mode_names = list(MODES)
    i = 0
    for a in specials:
        for b in specials:
            for op in ("add", "sub", "mul", "cmp"):
                c.emit(op, a, b)
            c.emit("div", a, b, rng.randrange(0, 13), mode_names[i % len(mode_names)])
            i += 1
    for a in specials:
        for mode in MODES:
            for scale in sorted({0, 1, 2, 3, a.scale, a.scale + 2}):
                c.emit("round", a, None, scale, mode)


def gen_add_sub(c, rng):
    for op in ("add", "sub"):
        c.fill(3000, lambda: c.emit(op, rand_num(rng), rand_num(rng)))

        def cancel():  # x - x, x + (-x) with different scales -> zero
            a = rand_num(rng)
            k = rng.randrange(0, 4)
            b = Num(a.coef * 10**k, a.scale + k, a.neg if op == "sub" else not a.neg)
            return c.emit(op, a, b)

        c.fill(150, cancel)

        def carry():
            # 99.999 + 0.001 (carry across every digit) or 100.000 - 0.001
            # (borrow across every digit), in either operand order.
            n = rng.randrange(1, 25)
            s = rng.randrange(0, min(n, 18) + 1)
            neg = rand_sign(rng)
            same_direction = rng.randrange(2) == 1  # True: carry, False: borrow
            a = Num(10**n - 1 if same_direction else 10**n, s, neg)
            b_neg = neg if same_direction == (op == "add") else not neg
            b = Num(1, rng.randrange(s, 19), b_neg)
            return c.emit(op, a, b) if rng.randrange(2) else c.emit(op, b, a)

        c.fill(150, carry)


def gen_mul(c, rng):
    def narrow():
        a, b = rand_num(rng), rand_num(rng)
        if a.digits + b.digits > NARROW_DIGITS + 1:
            return False
        return c.emit("mul", a, b)

    c.fill(4000, narrow)


def gen_wide(c, rng):
    """add/sub/mul results with 39..60 coefficient digits (C++ wide path)."""

    def wide_mul():
        total = rng.randrange(40, 61)
        na = rng.randrange(max(1, total - 40), min(40, total - 1) + 1)
        sa = rng.randrange(0, 26)
        sb = rng.randrange(0, min(25, MAX_RESULT_SCALE - sa) + 1)
        a = Num(rand_coef(rng, na), sa, rand_sign(rng))
        b = Num(rand_coef(rng, total - na), sb, rand_sign(rng))
        return c.emit("mul", a, b)

    c.fill(400, wide_mul)

    for op in ("add", "sub"):
        def wide_sum():
            if rng.randrange(2):
                # Large integer-ish value plus a tiny one: alignment widens the result.
                a = Num(rand_coef(rng, rng.randrange(20, 41)), rng.randrange(0, 6), rand_sign(rng))
                b = Num(rand_coef(rng, rng.randrange(1, 20)), rng.randrange(20, 41), rand_sign(rng))
            else:
                # Two 37..40 digit values of the same sign and scale: carry out.
                s = rng.randrange(0, 19)
                neg = rand_sign(rng)
                a = Num(rand_coef(rng, rng.randrange(37, 41)), s, neg)
                b = Num(rand_coef(rng, a.digits), s, neg if op == "add" else not neg)
            if rng.randrange(2):
                a, b = b, a
            before = c.stats[op + ":wide"]
            return c.emit(op, a, b) and c.stats[op + ":wide"] > before

        c.fill(200, wide_sum)


def gen_operand38(c, rng):
    """Cases with operands of exactly 38 significant digits."""

    def num38(max_scale=18):
        return Num(rand_coef(rng, 38), rng.randrange(0, max_scale + 1), rand_sign(rng))

    for op in ("add", "sub", "cmp"):
        c.fill(60, lambda: c.emit(op, num38(), rand_num(rng) if rng.randrange(2) else num38()))
    c.fill(60, lambda: c.emit("mul", num38(), rand_num(rng, max_digits=22)))
    for mode in MODES:
        c.fill(20, lambda: c.emit("round", num38(30), None, rng.randrange(0, 30), mode))
        c.fill(20, lambda: c.emit("div", num38(), rand_num(rng, nonzero=True), rng.randrange(0, 19), mode))
        c.fill(10, lambda: c.emit("div", rand_num(rng, nonzero=True), num38(), rng.randrange(0, 41), mode))


def gen_cmp(c, rng):
    c.fill(1500, lambda: c.emit("cmp", rand_num(rng), rand_num(rng)))

    def same_value():  # 1.0 vs 1.00
        a = rand_num(rng)
        k = rng.randrange(1, 6)
        b = Num(a.coef * 10**k, a.scale + k, a.neg if a.coef else rand_sign(rng))
        return c.emit("cmp", a, b) if rng.randrange(2) else c.emit("cmp", b, a)

    def neighbour():  # one unit apart at some scale
        a = rand_num(rng, nonzero=True)
        k = rng.randrange(0, 4)
        b = Num(a.coef * 10**k + rng.choice([-1, 1]), a.scale + k, a.neg)
        return c.emit("cmp", a, b) if rng.randrange(2) else c.emit("cmp", b, a)

    def opposite():
        a = rand_num(rng)
        return c.emit("cmp", a, a.negated())

    def zeros():
        a = Num(0, rng.randrange(0, 19), rand_sign(rng))
        b = Num(rng.choice([0, 0, 1]), rng.randrange(0, 19), rand_sign(rng))
        return c.emit("cmp", a, b) if rng.randrange(2) else c.emit("cmp", b, a)

    c.fill(500, same_value)
    c.fill(500, neighbour)
    c.fill(200, opposite)
    c.fill(150, zeros)


def gen_round(c, rng):
    for mode in MODES:
        def generic():  # target scale from 0 up to 3 beyond the input (padding)
            a = rand_num(rng)
            return c.emit("round", a, None, rng.randrange(0, a.scale + 4), mode)

        def tie():
            t = rng.randrange(0, 17)
            return c.emit("round", tie_num(rng, t), None, t, mode)

        def near_tie():
            t = rng.randrange(0, 17)
            return c.emit("round", tie_neighbour(rng, tie_num(rng, t)), None, t, mode)

        def nines():
            a, t = nines_num(rng)
            return c.emit("round", a, None, t, mode)

        c.fill(500, generic)
        c.fill(200, tie)
        c.fill(150, near_tie)
        c.fill(100, nines)
        c.fill(40, lambda: c.emit("round", Num(0, rng.randrange(0, 19), rand_sign(rng)), None,
                                  rng.randrange(0, 21), mode))


def gen_div(c, rng):
    for mode in MODES:
        def generic():
            a = rand_num(rng, max_digits=20)
            b = rand_num(rng, max_digits=12, nonzero=True)
            return c.emit("div", a, b, rng.randrange(0, 21), mode)

        def tie():
            # a = q * b with q an exact tie at digit t+1: a/b is exactly a tie.
            t = rng.randrange(0, 11)
            q = tie_num(rng, t, max_int_digits=6)
            if rng.randrange(3) == 0:
                q = tie_neighbour(rng, q)
            b = rand_num(rng, max_digits=6, max_scale=8, nonzero=True)
            a = Num(q.coef * b.coef, q.scale + b.scale, q.neg != b.neg)
            return c.emit("div", a, b, t, mode)

        def nines():
            q, t = nines_num(rng)
            b = rand_num(rng, max_digits=4, max_scale=6, nonzero=True)
            a = Num(q.coef * b.coef, q.scale + b.scale, q.neg != b.neg)
            return c.emit("div", a, b, t, mode)

        def more_scale():  # divisor has more digits after the point than the numerator
            a = rand_num(rng, max_digits=15, max_scale=3)
            b = rand_num(rng, max_digits=10, min_scale=a.scale + 1, max_scale=18, nonzero=True)
            return c.emit("div", a, b, rng.randrange(0, 19), mode)

        def by_zero():
            a = rand_num(rng, zero_pct=15)
            b = Num(0, rng.randrange(0, 19), rand_sign(rng))
            return c.emit("div", a, b, rng.randrange(0, 19), mode)

        def zero_numerator():
            a = Num(0, rng.randrange(0, 19), rand_sign(rng))
            return c.emit("div", a, rand_num(rng, nonzero=True), rng.randrange(0, 19), mode)

        def tiny_quotient():  # long result scales, up to 40
            a = rand_num(rng, max_digits=8)
            b = rand_num(rng, max_digits=30, max_scale=4, nonzero=True)
            return c.emit("div", a, b, rng.randrange(18, 41), mode)

        c.fill(450, generic)
        c.fill(200, tie)
        c.fill(80, nines)
        c.fill(120, more_scale)
        c.fill(20, by_zero)
        c.fill(20, zero_numerator)
        c.fill(40, tiny_quotient)
        for a_text, b_text in NONTERMINATING:
            for scale in DIV_SCALES:
                c.emit("div", Num.parse(a_text), Num.parse(b_text), scale, mode)
        for a_text, b_text in DIV_TIES:
            for scale in range(5):
                c.emit("div", Num.parse(a_text), Num.parse(b_text), scale, mode)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
def generate():
    rng = random.Random(SEED)
    c = Collector()
    gen_specials(c, rng)
    gen_add_sub(c, rng)
    gen_mul(c, rng)
    gen_wide(c, rng)
    gen_operand38(c, rng)
    gen_cmp(c, rng)
    gen_round(c, rng)
    gen_div(c, rng)
    check_coverage(c.stats)
    return c


def check_coverage(stats):
    """Fail loudly if the fixture no longer covers what the C++ test relies on."""
    assert stats["total"] >= 30000, stats["total"]
    for op in ("add", "sub", "mul", "cmp"):
        assert stats[op] >= 3000, (op, stats[op])
    for op in ("div", "round"):
        for mode in MODES:
            assert stats[op + "/" + mode] >= 500, (op, mode)
        assert sum(stats[op + "/" + m] for m in MODES) >= 3000, op
        assert stats[op + ":tie"] >= 600, (op, stats[op + ":tie"])
    assert stats["mul:wide"] >= 200 and stats["add:wide"] + stats["sub:wide"] >= 200
    assert sum(stats[op + ":operand38"] for op in ("add", "sub", "mul", "cmp", "div", "round")) >= 300
    assert stats["div:div_zero"] >= 60 and stats["div:nonterminating"] >= 500
    assert stats["div:xcheck"] >= 1500
    assert stats["round:pad"] >= 300 and stats["round:scale0"] >= 300


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(DEFAULT_OUTPUT),
                        help="fixture path (default: %(default)s)")
    args = parser.parse_args()

    c = generate()
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER + "\n")
        for line in c.lines:
            f.write(line + "\n")

    print("wrote {} cases to {}".format(c.stats["total"], out))
    for key in sorted(c.stats):
        if key != "total":
            print("  {:<24} {:>6}".format(key, c.stats[key]))


if __name__ == "__main__":
    main()
