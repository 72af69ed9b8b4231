"""The profile in words: each option's effects per dimension on their own scale, as people read them.

A percentage that mixes scales says too little ("50 %" is "no difference" on an effect scale but
"partly" on a readiness scale), so the profile speaks in the levels' own names: the median of a
dimension's criteria on an effect scale (−2…+2) is "Lidt bedre"; an ordinal criterion is shown on
its own levels; a ladder (citizen involvement) as its steps, planned beside appropriate, never
summed. Criteria asked once per proposal (readiness) are no part of an option's profile.

A dimension whose criteria use more than one scale gets one row per scale, so nothing is averaged
across scales. The rows are the same on the screen and in every export.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from assessment.comparison import Comparison
from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.rubric import Criterion, CriterionRole, Dimension, Scale, ScaleKind
from assessment.readiness import ReadinessChecklist

__all__ = ["ProfileCell", "ProfileRow", "ReadinessLine", "level_name", "profile_rows", "readiness_lines"]


@dataclass(frozen=True)
class ProfileCell:
    """One option in one profile row."""

    option_id: int
    text: str  # "Lidt bedre (Ingen forskel – Klart bedre)", "Planlagt: Fælles fokus · …", "–"
    median: float | None  # the median on 0…1 of the scale, for a workbook; None for a ladder row
    # The median and the lowest and highest criterion on the scale itself (−2…+2 for effects), for
    # a chart on the scale's own axis; None for a ladder row or where nothing was scored.
    value: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class ProfileRow:
    dimension_key: str
    label: str  # the dimension's title, with the scale's title when the dimension is split
    ladder: bool  # steps of a ladder, never summed
    cells: tuple[ProfileCell, ...]  # in the comparison's option order
    scale_key: str = ""  # the one scale of the row's criteria


def level_name(scale: Scale, value: float, language: str) -> str:
    """The name of the level nearest ``value``; exactly between two levels, both names.

    Rounding to a level never claims more than the panel said: halfway is shown as halfway.
    """
    low, high = math.floor(value), math.ceil(value)
    if low == high:
        return scale.label(low, language)
    if value - low < high - value:
        return scale.label(low, language)
    if value - low > high - value:
        return scale.label(high, language)
    return f"{scale.label(low, language)}/{scale.label(high, language)}"


def _option_criteria(comparison: Comparison, dimension: Dimension) -> list[Criterion]:
    """The dimension's criteria scored per option (readiness, asked once per proposal, is not)."""
    rubric = comparison.rubric
    per_option = {c.key for c in rubric.option_criteria}
    return [c for c in rubric.criteria_in(dimension.key) if c.key in per_option]


def _scale_cell(
    comparison: Comparison, option_id: int, criteria: list[Criterion], scale: Scale, _: Translator
) -> ProfileCell:
    values = [v for c in criteria if (v := comparison.criterion_values.get((option_id, c.key))) is not None]
    if not values:
        return ProfileCell(option_id, "–", None)
    median = statistics.median(values)
    text = level_name(scale, median, _.language)
    low, high = level_name(scale, min(values), _.language), level_name(scale, max(values), _.language)
    if len(criteria) > 1 and low != high:
        text = _("{median} (from {low} to {high})", median=text, low=low, high=high)
    return ProfileCell(option_id, text, scale.normalise(median), median, min(values), max(values))


_LADDER_ROLES = {
    CriterionRole.INVOLVEMENT_PLANNED: N_("Planned"),
    CriterionRole.INVOLVEMENT_APPROPRIATE: N_("Appropriate"),
}
# At the follow-up the planned step is scored as it was carried out.
_LADDER_ROLES_AT_FOLLOW_UP = _LADDER_ROLES | {CriterionRole.INVOLVEMENT_PLANNED: N_("Carried out")}


def _ladder_cell(
    comparison: Comparison,
    option_id: int,
    criteria: list[Criterion],
    scale: Scale,
    _: Translator,
    roles: Mapping[CriterionRole, str] = _LADDER_ROLES,
) -> ProfileCell:
    parts = []
    for criterion in criteria:
        value = comparison.criterion_values.get((option_id, criterion.key))
        role = roles.get(criterion.role) if criterion.role is not None else None
        name = _(role) if role else comparison.criterion_label(criterion.key, _, 30)
        parts.append(f"{name}: {level_name(scale, value, _.language) if value is not None else '–'}")
    return ProfileCell(option_id, " · ".join(parts), None)


def profile_rows(
    comparison: Comparison, _: Translator, *, at_follow_up: bool = False
) -> tuple[ProfileRow, ...]:
    """Every dimension with criteria scored per option, in rubric order; one row per scale in it.

    ``at_follow_up``: the comparison holds follow-up scores, so a ladder's planned step is named
    as carried out."""
    ladder_cell = partial(_ladder_cell, roles=_LADDER_ROLES_AT_FOLLOW_UP if at_follow_up else _LADDER_ROLES)
    rubric = comparison.rubric
    rows: list[ProfileRow] = []
    for dimension in rubric.dimensions:
        by_scale: dict[str, list[Criterion]] = {}
        for criterion in _option_criteria(comparison, dimension):
            by_scale.setdefault(criterion.scale, []).append(criterion)
        title = dimension.title(_.language)
        for scale_key, criteria in by_scale.items():
            scale = rubric.scales[scale_key]
            ladder = scale.kind is ScaleKind.LADDER
            label = title if len(by_scale) == 1 else f"{title}: {scale.title(_.language)}"
            make = ladder_cell if ladder else _scale_cell
            cells = tuple(
                make(comparison, option_id, criteria, scale, _) for option_id in comparison.option_ids
            )
            rows.append(ProfileRow(dimension.key, label, ladder, cells, scale_key))
    return tuple(rows)


@dataclass(frozen=True)
class ReadinessLine:
    """One readiness question with its answer in the scale's words, shown apart from the profile."""

    question: str
    answer: str
    note: str


def readiness_lines(checklist: ReadinessChecklist | None, _: Translator) -> tuple[ReadinessLine, ...]:
    """The proposal's readiness checklist as the screen and the documents show it; empty when the
    rubric asks every question per option (every format-1 rubric)."""
    if checklist is None:
        return ()
    lines = []
    for item in checklist.items:
        note = item.answer.note if item.answer else ""
        lines.append(ReadinessLine(item.criterion.question(_.language), item.answer_words(_), note))
    return tuple(lines)
