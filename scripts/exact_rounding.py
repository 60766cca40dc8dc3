"""Rounding of exact fractions to decimals, shared by the independent python references
(gen_risk_reference.py, gen_template_reference.py): half_even, or half_up (half away from zero), as
docs/domain.md §2 names them."""
from fractions import Fraction as F


def rnd(x, places, mode):
    """Round the exact fraction x to `places` decimals: half_even, or half_up (half away from zero)."""
    x = F(x)
    if x < 0:
        return -rnd(-x, places, mode)
    scaled = x * 10 ** places
    floor = scaled.numerator // scaled.denominator
    rest = scaled - floor
    if rest > F(1, 2) or (rest == F(1, 2) and (mode == "half_up" or floor % 2 == 1)):
        floor += 1
    return F(floor, 10 ** places)
