"""The panel's follow-up scores against what it expected, per dimension: the same profile rows as
Sammenlign (:func:`assessment.comparison_profile.profile_rows`), once from the scores after the
discussion (expected) and once from the follow-up scores (actual), for the chosen option only.

Each row stays on its own scale (−2…+2 for effects, the levels of an ordinal scale), so nothing is
averaged across scales; a ladder (citizen involvement) is said in its steps, never drawn as a
number. The rows are the same on the screen and in every export.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessment.comparison import Comparison, build_comparison
from assessment.comparison_profile import ProfileCell, ProfileRow, profile_rows
from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Status
from assessment.kernel.rubric import Scale
from assessment.scoring_sheet import GroupResults

__all__ = ["READING", "SAME_QUESTIONS", "DimensionOutcome", "dimension_outcomes"]

_NOTHING = ProfileCell(0, "–", None)

# How to read expected against actual, on the screen and in the summary.
READING = N_(
    "Expected: the panel's median after the discussion. Actual: the median of the follow-up scores, "
    "given on the chosen option only, since that is what happened. A positive difference means it "
    "turned out better than expected."
)
SAME_QUESTIONS = N_(
    "A dimension's expected value is taken from the same questions as were scored at the follow-up, "
    "so the two are compared like for like."
)


@dataclass(frozen=True)
class DimensionOutcome:
    """One profile row of the chosen option: expected after the discussion against actual at follow-up."""

    dimension_key: str
    label: str  # the dimension's title, with the scale's title when the dimension is split
    scale: Scale
    ladder: bool  # steps of a ladder: said in words, never drawn or subtracted
    # The panel's median after the discussion, on the scale itself: once anything in the row is scored
    # at the follow-up, of the same questions only (SAME_QUESTIONS says so to the reader).
    expected: ProfileCell
    actual: ProfileCell  # the median of the follow-up scores; "–" until someone has scored

    @property
    def difference(self) -> float | None:
        """Actual minus expected on the scale itself; positive is better than expected."""
        if self.ladder or self.expected.value is None or self.actual.value is None:
            return None
        return self.actual.value - self.expected.value


def dimension_outcomes(comparison: Comparison, option_id: int, _: Translator) -> tuple[DimensionOutcome, ...]:
    """Expected against actual per profile row of ``option_id``, in rubric order.

    Empty before the follow-up has started (only then are follow-up scores read with the results)
    and when ``option_id`` is not one of the comparison's options.
    """
    results = comparison.results
    if results is None or option_id not in comparison.option_ids:
        return ()
    if comparison.proposal.status not in (Status.FOLLOW_UP, Status.CLOSED):
        return ()
    # The follow-up scores are about the chosen option only; built like the comparison itself, the
    # rows come out on the same scales, with the same words.
    follow_up = {key: tally for key, tally in results.follow_up.items() if key[0] == option_id}
    actual_rows = _rows_of(
        replace(results, tallies=follow_up, profession_tallies={}), comparison, _, at_follow_up=True
    )
    # Expected on the very questions scored at the follow-up: a dimension whose re-scored questions
    # were the ones expected to do best would otherwise look worse than it turned out, or better.
    same_questions = {key: tally for key, tally in results.tallies.items() if key in follow_up}
    matched_rows = _rows_of(replace(results, tallies=same_questions, profession_tallies={}), comparison, _)
    outcomes = []
    for row in profile_rows(comparison, _):
        measured = _cell(actual_rows, row, option_id)
        expected = _cell(matched_rows, row, option_id) if measured.value is not None else None
        outcomes.append(
            DimensionOutcome(
                dimension_key=row.dimension_key,
                label=row.label,
                scale=comparison.rubric.scales[row.scale_key],
                ladder=row.ladder,
                expected=expected or next(cell for cell in row.cells if cell.option_id == option_id),
                actual=measured,
            )
        )
    return tuple(outcomes)


def _rows_of(
    results: GroupResults, comparison: Comparison, _: Translator, *, at_follow_up: bool = False
) -> dict[tuple[str, str], ProfileRow]:
    built = build_comparison(results, profession_names=comparison.profession_names)
    return {
        (row.dimension_key, row.scale_key): row for row in profile_rows(built, _, at_follow_up=at_follow_up)
    }


def _cell(rows: dict[tuple[str, str], ProfileRow], row: ProfileRow, option_id: int) -> ProfileCell:
    found = rows.get((row.dimension_key, row.scale_key))
    return (
        next((cell for cell in found.cells if cell.option_id == option_id), _NOTHING) if found else _NOTHING
    )
