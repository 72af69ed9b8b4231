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
from assessment.comparison_profile import ProfileCell, profile_rows
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Status
from assessment.kernel.rubric import Scale

__all__ = ["DimensionOutcome", "dimension_outcomes"]

_NOTHING = ProfileCell(0, "–", None)


@dataclass(frozen=True)
class DimensionOutcome:
    """One profile row of the chosen option: expected after the discussion against actual at follow-up."""

    dimension_key: str
    label: str  # the dimension's title, with the scale's title when the dimension is split
    scale: Scale
    ladder: bool  # steps of a ladder: said in words, never drawn or subtracted
    expected: ProfileCell  # the panel's median after the discussion, on the scale itself
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
    actual_results = replace(
        results,
        tallies={key: tally for key, tally in results.follow_up.items() if key[0] == option_id},
        profession_tallies={},
    )
    actual = build_comparison(actual_results, profession_names=comparison.profession_names)
    actual_rows = {(row.dimension_key, row.scale_key): row for row in profile_rows(actual, _)}
    outcomes = []
    for row in profile_rows(comparison, _):
        expected = next(cell for cell in row.cells if cell.option_id == option_id)
        found = actual_rows.get((row.dimension_key, row.scale_key))
        measured = next((c for c in found.cells if c.option_id == option_id), _NOTHING) if found else _NOTHING
        outcomes.append(
            DimensionOutcome(
                dimension_key=row.dimension_key,
                label=row.label,
                scale=comparison.rubric.scales[row.scale_key],
                ladder=row.ladder,
                expected=expected,
                actual=measured,
            )
        )
    return tuple(outcomes)
