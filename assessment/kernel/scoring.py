"""Scoring maths: from the panel's scores to statistics, profiles, an index and its robustness.

Scores reach this module as histograms (:class:`Tally`: level → number of raters), because the
database aggregates them with ``GROUP BY level`` and never loads every score. A cell is one
option × criterion × facet, keyed by :data:`CellKey`; the facet is ``""`` for a criterion without
facets, a profession key, or a perspective (``formal``, ``performed``, ``experienced``).

The arithmetic is exact where a boundary is decided: shares are compared as fractions, and the
index is summed with :class:`fractions.Fraction` so that a tie is a tie and a weight flip is the
root of the exact equation. Results are handed back as floats.

Pure Python: no UI, database or dataframe library is imported here.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assessment.kernel.model import Option, Profession, Round, Score
from assessment.kernel.rubric import (
    BaselineRule,
    Criterion,
    CriterionRole,
    FacetKind,
    Perspective,
    Rubric,
    Scale,
)
from assessment.kernel.tally import (
    DISAGREEMENT_EDGE_LEVELS,
    DISAGREEMENT_SHARE,
    DISAGREEMENT_SPREAD,
    CellStats,
    Tally,
    cell_stats,
    check_on_scale,
    disagreement_edges,
    is_disagreement,
)

__all__ = [
    "DISAGREEMENT_EDGE_LEVELS",
    "DISAGREEMENT_SHARE",
    "DISAGREEMENT_SPREAD",
    "NO_FACET",
    "TIE_TOLERANCE",
    "CellKey",
    "CellStats",
    "DimensionProfile",
    "PerspectiveGap",
    "Ranked",
    "RaterCell",
    "Tally",
    "cell_stats",
    "criterion_value",
    "dimension_profiles",
    "disagreement_edges",
    "effective_scores",
    "facets_for",
    "fixed_baseline_tallies",
    "is_disagreement",
    "options_to_score",
    "perspective_gaps",
    "profession_breakdown",
    "questions_for",
    "rank",
    "value_divergence",
    "weighted_index",
]

# Index values closer than this are the same rank.
TIE_TOLERANCE = 1e-9

NO_FACET = ""

CellKey = tuple[int, str, str]
"""(option_id, criterion_key, facet); facet is "" for a criterion without facets."""


# One option's value on one criterion -------------------------------------------------------------


def _check_facet(criterion: Criterion, facet: str) -> None:
    if criterion.facets is None:
        if facet != NO_FACET:
            raise ValueError(f'criterion {criterion.key} has no facets, but a score has the facet "{facet}"')
    elif facet == NO_FACET:
        raise ValueError(
            f"criterion {criterion.key} is scored per {criterion.facets.value}; a facet is missing"
        )
    elif criterion.facets is FacetKind.PERSPECTIVE and facet not in {p.value for p in Perspective}:
        raise ValueError(f'"{facet}" is not a perspective; use one of: {", ".join(Perspective)}')


def _facet_medians(
    criterion: Criterion, scale: Scale, facet_tallies: Mapping[str, Tally]
) -> dict[str, Fraction]:
    medians: dict[str, Fraction] = {}
    for facet in sorted(facet_tallies):
        _check_facet(criterion, facet)
        tally = facet_tallies[facet]
        check_on_scale(tally, scale)
        median = tally.median()
        if median is not None:
            medians[facet] = median
    return medians


def _exact_criterion_value(
    criterion: Criterion, scale: Scale, facet_tallies: Mapping[str, Tally]
) -> Fraction | None:
    medians = _facet_medians(criterion, scale, facet_tallies)
    if not medians:
        return None
    return sum(medians.values(), Fraction(0)) / len(medians)


def criterion_value(criterion: Criterion, scale: Scale, facet_tallies: Mapping[str, Tally]) -> float | None:
    """An option's value on a criterion: the mean of the facet medians, on the criterion's scale.

    Each profession or perspective counts equally, however many raters it has. ``None`` when
    nothing was scored (no tallies, or only "don't know").
    """
    value = _exact_criterion_value(criterion, scale, facet_tallies)
    return None if value is None else float(value)


def _normalised(scale: Scale, value: Fraction) -> Fraction:
    """Exactly what ``Scale.normalise`` computes, without float rounding."""
    return (value - scale.lowest) / (scale.highest - scale.lowest)


def _by_option(rubric: Rubric, tallies: Mapping[CellKey, Tally]) -> dict[int, dict[str, dict[str, Tally]]]:
    """option_id → criterion_key → facet → tally, options in id order; unknown criteria refused."""
    known = {criterion.key for criterion in rubric.criteria}
    grouped: dict[int, dict[str, dict[str, Tally]]] = {}
    for (option_id, criterion_key, facet), tally in tallies.items():
        if criterion_key not in known:
            raise KeyError(f"criterion {criterion_key} is not in the rubric {rubric.label}")
        grouped.setdefault(option_id, {}).setdefault(criterion_key, {})[facet] = tally
    return {option_id: grouped[option_id] for option_id in sorted(grouped)}


def _normalised_values(
    rubric: Rubric, cells: Mapping[str, Mapping[str, Tally]]
) -> dict[str, Fraction | None]:
    """criterion_key → normalised value (0…1) of every aggregate criterion, None when unscored."""
    values: dict[str, Fraction | None] = {}
    for criterion in rubric.aggregate_criteria:
        scale = rubric.scale_of(criterion)
        value = _exact_criterion_value(criterion, scale, cells.get(criterion.key, {}))
        values[criterion.key] = None if value is None else _normalised(scale, value)
    return values


# Profiles per dimension -------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionProfile:
    """An option's normalised (0…1) criterion values in one dimension: median and range."""

    option_id: int
    dimension_key: str
    median: float | None
    low: float | None
    high: float | None
    criteria_scored: int


def dimension_profiles(rubric: Rubric, tallies: Mapping[CellKey, Tally]) -> list[DimensionProfile]:
    """The primary view: per option (in id order) × dimension (in rubric order).

    Only aggregate criteria count; a dimension with none (the involvement ladder, or readiness
    asked once per proposal) has no profile.
    """
    profiles: list[DimensionProfile] = []
    aggregate = {c.key for c in rubric.aggregate_criteria}
    for option_id, cells in _by_option(rubric, tallies).items():
        values = _normalised_values(rubric, cells)
        for dimension in rubric.dimensions:
            criteria = [c for c in rubric.criteria_in(dimension.key) if c.key in aggregate]
            if not criteria:
                continue
            scored = [v for c in criteria if (v := values[c.key]) is not None]
            profiles.append(
                DimensionProfile(
                    option_id=option_id,
                    dimension_key=dimension.key,
                    median=float(statistics.median(scored)) if scored else None,
                    low=float(min(scored)) if scored else None,
                    high=float(max(scored)) if scored else None,
                    criteria_scored=len(scored),
                )
            )
    return profiles


# Weighted index ---------------------------------------------------------------------------------


def checked_dimension_weights(
    rubric: Rubric, dimension_weights: Mapping[str, float] | None
) -> dict[str, Fraction]:
    """Every dimension's weight as an exact fraction; 1 where none is given."""
    given = dict(dimension_weights or {})
    unknown = sorted(set(given) - {dimension.key for dimension in rubric.dimensions})
    if unknown:
        raise KeyError(f"dimensions {unknown} are not in the rubric {rubric.label}")
    weights: dict[str, Fraction] = {}
    for dimension in rubric.dimensions:
        weight = given.get(dimension.key, 1.0)
        if isinstance(weight, bool) or not math.isfinite(weight) or weight < 0:
            raise ValueError(f"the weight of dimension {dimension.key} must be a number ≥ 0, not {weight!r}")
        weights[dimension.key] = Fraction(weight)
    return weights


@dataclass(frozen=True)
class WeightedSums:
    """One option's Σ criterion weight × value and Σ criterion weight, per dimension."""

    weighted_values: dict[str, Fraction]
    weights: dict[str, Fraction]

    def numerator(self, dimension_weights: Mapping[str, Fraction], skip: str | None = None) -> Fraction:
        return sum(
            (dimension_weights[d] * v for d, v in self.weighted_values.items() if d != skip), Fraction(0)
        )

    def denominator(self, dimension_weights: Mapping[str, Fraction], skip: str | None = None) -> Fraction:
        return sum((dimension_weights[d] * w for d, w in self.weights.items() if d != skip), Fraction(0))


def weighted_sums(rubric: Rubric, tallies: Mapping[CellKey, Tally]) -> dict[int, WeightedSums]:
    result: dict[int, WeightedSums] = {}
    for option_id, cells in _by_option(rubric, tallies).items():
        weighted_values = {dimension.key: Fraction(0) for dimension in rubric.dimensions}
        weights = {dimension.key: Fraction(0) for dimension in rubric.dimensions}
        for criterion_key, value in _normalised_values(rubric, cells).items():
            if value is None:
                continue
            criterion = rubric.criterion(criterion_key)
            weighted_values[criterion.dimension] += Fraction(criterion.weight) * value
            weights[criterion.dimension] += Fraction(criterion.weight)
        result[option_id] = WeightedSums(weighted_values, weights)
    return result


def index_from(sums: WeightedSums, weights: Mapping[str, Fraction]) -> Fraction | None:
    denominator = sums.denominator(weights)
    return sums.numerator(weights) / denominator if denominator else None


def weighted_index(
    rubric: Rubric, tallies: Mapping[CellKey, Tally], dimension_weights: Mapping[str, float] | None = None
) -> dict[int, float | None]:
    """The secondary view: per option, a weighted mean of its normalised criterion values, in 0…1.

    Σ(dimension weight × criterion weight × value) / Σ(dimension weight × criterion weight) over
    the aggregate criteria the option has a value on. Dimension weights (default 1) let a user
    explore "what if work environment counted double"; they never change the rubric. ``None``
    for an option with no value on any weighted criterion.
    """
    weights = checked_dimension_weights(rubric, dimension_weights)
    result: dict[int, float | None] = {}
    for option_id, sums in weighted_sums(rubric, tallies).items():
        index = index_from(sums, weights)
        result[option_id] = None if index is None else float(index)
    return result


@dataclass(frozen=True)
class Ranked:
    option_id: int
    index: float | None
    rank: int | None


def rank(index: Mapping[int, float | None]) -> list[Ranked]:
    """Highest index first; ties (within 1e-9) share a rank (1, 1, 3) and are listed by option id.

    Options without an index come last, by option id, with no rank.
    """
    for option_id, value in index.items():
        if value is not None and not math.isfinite(value):
            raise ValueError(f"option {option_id} has the index {value}; an index must be a finite number")
    scored = sorted(
        ((option_id, value) for option_id, value in index.items() if value is not None),
        key=lambda item: (-item[1], item[0]),
    )
    ranked: list[Ranked] = []
    position = 0
    while position < len(scored):
        # A tie group: every option within the tolerance of the group's highest index.
        top = scored[position][1]
        end = position
        while end < len(scored) and top - scored[end][1] <= TIE_TOLERANCE:
            end += 1
        for option_id, value in sorted(scored[position:end]):
            ranked.append(Ranked(option_id, value, position + 1))
        position = end
    unscored = sorted(option_id for option_id, value in index.items() if value is None)
    ranked.extend(Ranked(option_id, None, None) for option_id in unscored)
    return ranked


def profession_breakdown(
    rubric: Rubric,
    tallies: Mapping[tuple[int, str, str, str], Tally],
    group_sizes: Mapping[str, int],
    minimum_group: int = 3,
) -> dict[tuple[int, str, str, str], CellStats]:
    """Statistics per (option, criterion, facet, rater's profession), for large enough groups only.

    A profession with fewer than ``minimum_group`` raters on the panel is left out entirely, so
    no one's score can be read off a group of one or two. So is a cell where fewer than
    ``minimum_group`` of them gave a score: with the rest answering "don't know", the median
    would be one person's score. A profession missing from ``group_sizes`` counts as empty.
    """
    result: dict[tuple[int, str, str, str], CellStats] = {}
    for key in sorted(tallies):
        _option_id, criterion_key, facet, profession = key
        if group_sizes.get(profession, 0) < minimum_group or tallies[key].count < minimum_group:
            continue
        criterion = rubric.criterion(criterion_key)
        _check_facet(criterion, facet)
        result[key] = cell_stats(tallies[key], rubric.scale_of(criterion))
    return result


@dataclass(frozen=True)
class PerspectiveGap:
    """The formal, performed and experienced core task see an option differently."""

    option_id: int
    criterion_key: str
    low_facet: str
    high_facet: str
    gap: float


def perspective_gaps(
    rubric: Rubric, tallies: Mapping[CellKey, Tally], threshold: int = 2
) -> list[PerspectiveGap]:
    """Option × criterion (scored per perspective) where the perspective medians differ by ≥ threshold.

    Ties for the lowest or highest perspective go to the first in the order formal, performed,
    experienced.
    """
    order = {perspective.value: position for position, perspective in enumerate(Perspective)}
    gaps: list[PerspectiveGap] = []
    for option_id, cells in _by_option(rubric, tallies).items():
        for criterion in rubric.criteria:
            if criterion.facets is not FacetKind.PERSPECTIVE:
                continue
            medians = _facet_medians(criterion, rubric.scale_of(criterion), cells.get(criterion.key, {}))
            if len(medians) < 2:
                continue
            facets = sorted(medians, key=order.__getitem__)
            low = min(facets, key=medians.__getitem__)
            high = max(facets, key=medians.__getitem__)
            gap = medians[high] - medians[low]
            if gap >= threshold:
                gaps.append(PerspectiveGap(option_id, criterion.key, low, high, float(gap)))
    return gaps


def value_divergence(
    rubric: Rubric,
    tallies: Mapping[CellKey, Tally],
    citizen_key: str,
    society_key: str,
    threshold: int = 2,
) -> dict[int, float]:
    """option_id → value to the citizen − value to society, where they differ by ≥ threshold steps.

    Such a divergence asks for a written justification. Both criteria must use the same scale,
    or steps on one would not be steps on the other.
    """
    citizen, society = rubric.criterion(citizen_key), rubric.criterion(society_key)
    citizen_scale, society_scale = rubric.scale_of(citizen), rubric.scale_of(society)
    if citizen_scale.values != society_scale.values:
        raise ValueError(f"criteria {citizen_key} and {society_key} must be scored on the same scale")
    result: dict[int, float] = {}
    for option_id, cells in _by_option(rubric, tallies).items():
        citizen_value = _exact_criterion_value(citizen, citizen_scale, cells.get(citizen_key, {}))
        society_value = _exact_criterion_value(society, society_scale, cells.get(society_key, {}))
        if citizen_value is None or society_value is None:
            continue
        difference = citizen_value - society_value
        if abs(difference) >= threshold:
            result[option_id] = float(difference)
    return result


# (rater, option, criterion, facet): one rater's answer to one question about one option.
RaterCell = tuple[int, int, str, str]


def effective_scores(scores: Iterable[Score]) -> dict[RaterCell, Score]:
    """Each rater's score that counts after the reveal: round 2 where given, else round 1.

    Follow-up scores (round 3) are about what happened, not what was expected, and never count here.
    """
    effective: dict[RaterCell, Score] = {}
    for score in sorted(scores, key=lambda s: int(s.round)):
        if score.round in (Round.BLIND, Round.REVISED):
            effective[(score.rater_id, score.option_id, score.criterion_key, score.facet)] = score
    return effective


def options_to_score(
    options: Iterable[Option], round_: Round, chosen_option_id: int | None
) -> tuple[Option, ...]:
    """The options a rater scores in ``round_``: every one, except at follow-up, where only the
    chosen one has happened (and none when nothing was chosen)."""
    if round_ is Round.FOLLOW_UP:
        return tuple(
            option for option in options if chosen_option_id is not None and option.id == chosen_option_id
        )
    return tuple(options)


def facets_for(
    rubric: Rubric,
    criterion_key: str,
    professions: Sequence[Profession],
    rater_profession: Profession | None = None,
) -> list[str]:
    """The facets one criterion is scored on for this proposal ("" when it has none).

    ``professions`` are the proposal's affected professions. A criterion on the rater's own
    profession has, for one rater (``rater_profession``), that profession's key when it is affected
    and nothing otherwise; without a rater, every affected profession: the panel's view, where
    each profession's answers are one facet.
    """
    criterion = rubric.criterion(criterion_key)
    if criterion.facets is FacetKind.PERSPECTIVE:
        return [p.value for p in Perspective]
    if criterion.facets is FacetKind.PROFESSION:
        return [p.key for p in professions]
    if criterion.facets is FacetKind.OWN_PROFESSION:
        if rater_profession is None:
            return [p.key for p in professions]
        return [rater_profession.key] if any(p.key == rater_profession.key for p in professions) else []
    return [NO_FACET]


def questions_for(
    rubric: Rubric, option: Option, professions: Sequence[Profession], rater_profession: Profession | None
) -> list[tuple[Criterion, str]]:
    """What ONE rater answers for ONE option: (criterion, facet) pairs, in rubric order.

    Only criteria asked per option; on the option "keep as is" only those whose baseline rule is
    ``ask``; a criterion on the rater's own profession only when that profession (None: the rater
    has none, or none that is affected) is among ``professions``, the affected ones.
    """
    questions: list[tuple[Criterion, str]] = []
    for criterion in rubric.option_criteria:
        if option.is_baseline and rubric.baseline_rule(criterion) is not BaselineRule.ASK:
            continue
        if criterion.facets is FacetKind.OWN_PROFESSION and rater_profession is None:
            continue  # with no profession of one's own among the affected, there is nothing to answer
        facets = facets_for(rubric, criterion.key, professions, rater_profession)
        questions.extend((criterion, facet) for facet in facets)
    return questions


def fixed_baseline_tallies(
    rubric: Rubric, baseline_option_id: int, professions: Sequence[Profession]
) -> dict[CellKey, Tally]:
    """The cells of "keep as is" that nobody answers because their value is fixed at 0.

    One "no difference" per facet of every criterion whose baseline rule is ``no_difference``, so
    charts, profiles and the index read "keep as is" as no difference from today. Empty for a
    format-1 rubric, where the baseline is asked like any other option.
    """
    return {
        (baseline_option_id, criterion.key, facet): Tally.of([0])
        for criterion in rubric.option_criteria
        if rubric.baseline_rule(criterion) is BaselineRule.NO_DIFFERENCE
        for facet in facets_for(rubric, criterion.key, professions)
    }


def value_criteria(rubric: Rubric) -> tuple[Criterion, Criterion] | None:
    """The criteria for the citizen's and for society's value, when the rubric asks both on one
    scale; only then can the two be set against each other (a divergence, a chart)."""
    citizen = rubric.with_role(CriterionRole.CITIZEN_EFFECT)
    society = rubric.with_role(CriterionRole.SOCIETY_VALUE)
    if citizen is None or society is None:
        return None
    if rubric.scale_of(citizen).values != rubric.scale_of(society).values:
        return None
    return citizen, society
