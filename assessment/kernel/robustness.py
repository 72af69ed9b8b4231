"""How robust a ranking is: the smallest change of one dimension's weight that makes the second
option score as high as the first, found exactly on fractions (no sampling)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from assessment.kernel.rubric import Rubric
from assessment.kernel.scoring import (
    CellKey,
    Tally,
    WeightedSums,
    checked_dimension_weights,
    index_from,
    rank,
    weighted_sums,
)

__all__ = ["WeightFlip", "robustness"]

# Precision (in bits) of the square root when a weight flip is an irrational number.
_SQRT_BITS = 128


@dataclass(frozen=True)
class WeightFlip:
    """Changing one dimension's weight from ``from_weight`` to ``to_weight`` makes the second
    option score as high as the first."""

    dimension_key: str
    from_weight: float
    to_weight: float
    first_option_id: int
    second_option_id: int


def _sqrt(value: Fraction) -> tuple[Fraction, bool]:
    """The square root of a non-negative fraction, and whether it is exact."""
    numerator, denominator = value.numerator, value.denominator
    root_n, root_d = math.isqrt(numerator), math.isqrt(denominator)
    if root_n * root_n == numerator and root_d * root_d == denominator:
        return Fraction(root_n, root_d), True
    scale = 1 << _SQRT_BITS
    return Fraction(math.isqrt(numerator * denominator * scale * scale), denominator * scale), False


def _crossings(a: Fraction, b: Fraction, c: Fraction) -> list[tuple[Fraction, bool]]:
    """Where a·x² + b·x + c changes sign: the roots and whether each is exact."""
    if a == 0:
        return [(-c / b, True)] if b else []
    discriminant = b * b - 4 * a * c
    if discriminant <= 0:
        return []  # no root, or one where the sign does not change (a touch, not a swap)
    root, exact = _sqrt(discriminant)
    # The stable form: no cancellation between -b and the root.
    q = -(b + root) / 2 if b >= 0 else -(b - root) / 2
    return [(q / a, exact), (c / q, exact)]


def _flip_weight(
    first: WeightedSums, second: WeightedSums, dimension: str, weights: Mapping[str, Fraction]
) -> Fraction | None:
    """The weight of ``dimension`` closest to its current one where ``second`` catches ``first``.

    With the other weights fixed each index is (A + xB) / (C + xD) in the varied weight x. The
    second option is ahead where f(x) = (A₂ + xB₂)(C₁ + xD₁) − (A₁ + xB₁)(C₂ + xD₂) > 0, as long
    as both denominators are positive; f(current) < 0, so the nearest root is the crossing.
    """
    a1, c1 = first.numerator(weights, skip=dimension), first.denominator(weights, skip=dimension)
    b1, d1 = first.weighted_values[dimension], first.weights[dimension]
    a2, c2 = second.numerator(weights, skip=dimension), second.denominator(weights, skip=dimension)
    b2, d2 = second.weighted_values[dimension], second.weights[dimension]
    if (c1, d1) == (c2, d2):
        # Equal denominators: the common factor (C + xD) has no valid root, the rest is linear.
        roots = _crossings(Fraction(0), b2 - b1, a2 - a1)
    else:
        roots = _crossings(
            b2 * d1 - b1 * d2,
            a2 * d1 + b2 * c1 - a1 * d2 - b1 * c2,
            a2 * c1 - a1 * c2,
        )
    current = weights[dimension]
    valid = [
        x
        for x, exact in roots
        # Both options must keep an index: C + xD > 0. That fails only at a rational root x = 0
        # with C = 0 (an irrational root is never 0), so an inexact root just needs x > 0.
        if (x > 0 if not exact else x >= 0 and c1 + x * d1 > 0 and c2 + x * d2 > 0)
    ]
    return min(valid, key=lambda x: abs(x - current), default=None)


def robustness(
    rubric: Rubric, tallies: Mapping[CellKey, Tally], dimension_weights: Mapping[str, float] | None = None
) -> WeightFlip | None:
    """The smallest change of one dimension's weight that lets the runner-up catch the best option.

    The weight may move to any value ≥ 0. When several options share second place, the one
    that needs the smallest change is reported. ``None`` when fewer than two options have an
    index, the best two are already tied, or no single dimension weight can swap them.
    """
    weights = checked_dimension_weights(rubric, dimension_weights)
    sums = weighted_sums(rubric, tallies)
    index = {option_id: index_from(option_sums, weights) for option_id, option_sums in sums.items()}
    ranking = [r for r in rank({k: None if v is None else float(v) for k, v in index.items()}) if r.rank]
    if len(ranking) < 2 or ranking[1].rank == 1:
        return None
    first = ranking[0].option_id
    runners_up = [r.option_id for r in ranking if r.rank == ranking[1].rank]
    # Only dimensions with criteria in the index: readiness, asked once per proposal, is never in it.
    indexed = {c.dimension for c in rubric.aggregate_criteria}
    dimensions = [d.key for d in rubric.dimensions if d.key in indexed]
    best: tuple[Fraction, WeightFlip] | None = None
    for dimension in dimensions:
        for second in runners_up:
            to_weight = _flip_weight(sums[first], sums[second], dimension, weights)
            if to_weight is None:
                continue
            change = abs(to_weight - weights[dimension])
            if best is None or change < best[0]:
                flip = WeightFlip(dimension, float(weights[dimension]), float(to_weight), first, second)
                best = (change, flip)
    return None if best is None else best[1]


# Views for the discussion -----------------------------------------------------------------------
