"""Tallies: how many raters gave each level in one cell, and what the reveal shows of them.

Part of the scoring maths (:mod:`assessment.kernel.scoring` re-exports everything here); kept
apart so each module stays readable. Pure Python: no UI, database or dataframe library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from assessment.kernel.rubric import Scale

# The disagreement rule, stated in the UI: flag a cell when at least DISAGREEMENT_SHARE of the
# scores lie in the bottom DISAGREEMENT_EDGE_LEVELS levels of the scale and at least as large a share
# in the top ones, or when the highest and lowest score are DISAGREEMENT_SPREAD or more steps apart.
DISAGREEMENT_SHARE = Fraction(1, 3)
DISAGREEMENT_SPREAD = 3
DISAGREEMENT_EDGE_LEVELS = 2


# Tallies and cell statistics --------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """How many raters gave each level in one cell, and how many said "don't know" (ved ikke)."""

    counts: Mapping[int, int]
    dont_know: int = 0

    def __post_init__(self) -> None:
        for level, number in self.counts.items():
            if isinstance(level, bool) or not isinstance(level, int):
                raise TypeError(f"a level must be a whole number, not {level!r}")
            if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                raise ValueError(f"the number of raters at level {level} must be a whole number ≥ 0")
        if isinstance(self.dont_know, bool) or not isinstance(self.dont_know, int) or self.dont_know < 0:
            raise ValueError("the number of don't-know answers must be a whole number ≥ 0")
        # A private copy in level order without empty levels: the caller's dict may change later,
        # and two tallies of the same scores compare equal. (A plain dict, so a tally pickles.)
        cleaned = {level: self.counts[level] for level in sorted(self.counts) if self.counts[level]}
        object.__setattr__(self, "counts", cleaned)

    def __hash__(self) -> int:
        return hash((tuple(self.counts.items()), self.dont_know))

    @classmethod
    def of(cls, levels: Iterable[int | None]) -> Tally:
        """Count raw levels; ``None`` is "don't know"."""
        counter: Counter[int] = Counter()
        dont_know = 0
        for level in levels:
            if level is None:
                dont_know += 1
            else:
                counter[level] += 1
        return cls(dict(counter), dont_know)

    @property
    def count(self) -> int:
        """The number of scores, not counting "don't know"."""
        return sum(self.counts.values())

    @property
    def minimum(self) -> int | None:
        return min(self.counts, default=None)

    @property
    def maximum(self) -> int | None:
        return max(self.counts, default=None)

    def median(self) -> Fraction | None:
        """The exact median; of an even count, the mean of the two middle scores."""
        n = self.count
        if n == 0:
            return None
        if n % 2:
            return Fraction(self._nth(n // 2))
        return Fraction(self._nth(n // 2 - 1) + self._nth(n // 2), 2)

    def mean(self) -> Fraction | None:
        n = self.count
        if n == 0:
            return None
        return Fraction(sum(level * number for level, number in self.counts.items()), n)

    def _nth(self, index: int) -> int:
        """The score at a 0-based position in sorted order, without expanding the histogram."""
        seen = 0
        for level, number in self.counts.items():
            seen += number
            if index < seen:
                return level
        raise IndexError(index)


@dataclass(frozen=True)
class CellStats:
    """What the reveal shows for one cell."""

    count: int
    dont_know: int
    median: float | None
    mean: float | None
    minimum: int | None
    maximum: int | None
    disagreement: bool


def check_on_scale(tally: Tally, scale: Scale) -> None:
    off_scale = [level for level in tally.counts if level not in scale.values]
    if off_scale:
        raise ValueError(
            f"levels {off_scale} are not on the scale (its levels are {', '.join(map(str, scale.values))})"
        )


def cell_stats(tally: Tally, scale: Scale) -> CellStats:
    check_on_scale(tally, scale)
    median, mean = tally.median(), tally.mean()
    return CellStats(
        count=tally.count,
        dont_know=tally.dont_know,
        median=None if median is None else float(median),
        mean=None if mean is None else float(mean),
        minimum=tally.minimum,
        maximum=tally.maximum,
        disagreement=is_disagreement(tally, scale),
    )


def disagreement_edges(scale: Scale) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The bottom and top levels the disagreement rule counts, for the UI to name them.

    Normally the two lowest and two highest levels. On a scale of fewer than four levels they
    would overlap, and one shared middle level would count as both ends; there each end is one
    level instead.
    """
    edge = min(DISAGREEMENT_EDGE_LEVELS, len(scale.values) // 2)
    return scale.values[:edge], scale.values[-edge:]


def is_disagreement(tally: Tally, scale: Scale) -> bool:
    """Flag a cell when the panel is split between the ends of the scale or widely spread.

    At least a third of the scores in the bottom two levels and at least a third in the top two,
    or max − min ≥ 3 steps. Never with fewer than two scores; "don't know" does not count.
    """
    check_on_scale(tally, scale)
    n = tally.count
    if n < 2:
        return False
    minimum, maximum = tally.minimum, tally.maximum
    assert minimum is not None and maximum is not None
    # Levels are consecutive whole numbers (the rubric checks it), so a step is 1.
    if maximum - minimum >= DISAGREEMENT_SPREAD:
        return True
    bottom, top = disagreement_edges(scale)
    at_bottom = sum(tally.counts.get(level, 0) for level in bottom)
    at_top = sum(tally.counts.get(level, 0) for level in top)
    return Fraction(at_bottom, n) >= DISAGREEMENT_SHARE and Fraction(at_top, n) >= DISAGREEMENT_SHARE
