"""The profile in words: each dimension on its own scale, a ladder as its steps, readiness left out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assessment.comparison import build_comparison
from assessment.comparison_profile import level_name, profile_rows
from assessment.kernel.i18n import Translator
from assessment.kernel.model import ChangeType, Option, Origin, Proposal, RubricRef
from assessment.kernel.rubric_loading import parse_rubric
from assessment.kernel.scoring import Tally
from assessment.scoring_sheet import GroupResults
from tests.assessment.kernel.test_rubric_format2 import criterion, rubric_text

DA, EN = Translator("da"), Translator("en")

LADDER = """
[scales.trappe]
kind = "ladder"
title = { da = "Inddragelse", en = "Involvement" }
levels = [
  { value = 0, label = { da = "Ingen", en = "None" } },
  { value = 1, label = { da = "Fælles fokus", en = "Shared focus" } },
  { value = 2, label = { da = "Samskabelse", en = "Co-creation" } },
]

[[dimensions]]
key = "borgere"
title = { da = "Borgerinddragelse", en = "Citizen involvement" }
"""


def ladder(key: str, role: str) -> str:
    descriptors = "\n".join(f'descriptors."{v}" = {{ da = "Trin {v}.", en = "Step {v}." }}' for v in range(3))
    return f"""
[[criteria]]
key = "{key}"
dimension = "borgere"
scale = "trappe"
aggregate = false
role = "{role}"
question = {{ da = "Trin {key}?", en = "Step {key}?" }}
{descriptors}
"""


RUBRIC = parse_rubric(
    rubric_text(
        criterion("effekt", "virkning"),
        criterion("samfund", "virkning"),
        criterion("forankring", "grad"),
        criterion("med", "grad", 'scope = "proposal"', dimension="proces"),
        ladder("planlagt", "involvement_planned"),
        ladder("passende", "involvement_appropriate"),
    )
    + LADDER
)
BASELINE, OPTION = Option("", is_baseline=True, id=10), Option("Faste teams", id=11)


def comparison(tallies: dict[tuple[int, str, str], Tally]):
    proposal = Proposal(
        unit_id=1,
        title="Forslag",
        description="",
        change_type=next(iter(ChangeType)),
        origin=next(iter(Origin)),
        management_level="",
        med_committee="",
        rubric=RubricRef(RUBRIC.id, RUBRIC.version, RUBRIC.content_hash),
        created_by=None,
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
        options=[BASELINE, OPTION],
        id=1,
    )
    return build_comparison(GroupResults(proposal, RUBRIC, tallies, {}, {}))


SCORED = {
    (11, "effekt", ""): Tally.of([1, 1, 2]),  # median +1
    (11, "samfund", ""): Tally.of([2, 2]),  # median +2
    (11, "forankring", ""): Tally.of([3, 3, 1]),  # median 3
    (11, "med", ""): Tally.of([4, 4]),  # readiness: never part of an option's profile
    (11, "planlagt", ""): Tally.of([1, 1]),
    (11, "passende", ""): Tally.of([2, 2, 2]),
    (10, "effekt", ""): Tally.of([0]),
}


def test_each_scale_of_a_dimension_is_a_row_of_its_own_and_readiness_is_left_out():
    rows = profile_rows(comparison(SCORED), DA)
    assert [(row.dimension_key, row.label, row.ladder) for row in rows] == [
        ("kerne", "Kerneopgaven: Virkning", False),
        ("kerne", "Kerneopgaven: Grad", False),
        ("borgere", "Borgerinddragelse", True),
    ]
    assert all(row.dimension_key != "proces" for row in rows)  # only the readiness question is there


def test_effects_are_said_in_the_scales_words_with_the_range_of_the_criteria():
    effect, degree, _involvement = profile_rows(comparison(SCORED), DA)
    baseline, option = effect.cells
    # The median of +1 and +2 is halfway, and halfway is said as halfway, never rounded up.
    assert option.text == "Lidt bedre/Klart bedre (fra Lidt bedre til Klart bedre)"
    assert option.median == pytest.approx(0.875)  # 1.5 on −2…+2
    assert baseline.text == "Ingen forskel"  # one criterion scored: no range
    assert degree.cells[1].text == "Meget"
    assert degree.cells[0].text == "–" and degree.cells[0].median is None


def test_citizen_involvement_is_its_steps_planned_beside_appropriate_never_summed():
    *_rows, involvement = profile_rows(comparison(SCORED), EN)
    assert involvement.cells[1].text == "Planned: Shared focus · Appropriate: Co-creation"
    assert involvement.cells[1].median is None
    assert involvement.cells[0].text == "Planned: – · Appropriate: –"


def test_at_the_follow_up_the_planned_step_is_named_as_carried_out():
    *_rows, involvement = profile_rows(comparison(SCORED), EN, at_follow_up=True)
    assert involvement.cells[1].text == "Carried out: Shared focus · Appropriate: Co-creation"
    *_rows, danish = profile_rows(comparison(SCORED), DA, at_follow_up=True)
    assert danish.cells[1].text.startswith("Gennemført: ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0, "Somewhat better"),
        (1.4, "Somewhat better"),
        (1.5, "Somewhat better/Clearly better"),
        (-0.6, "Somewhat worse"),
    ],
)
def test_a_value_between_levels_is_named_by_the_nearest_level_or_both_when_halfway(value, expected):
    assert level_name(RUBRIC.scales["virkning"], value, "en") == expected


def test_a_comparison_is_built_again_whenever_anything_it_is_built_from_changes():
    first = comparison(SCORED)
    assert comparison(dict(SCORED)) is first  # the same results: the one built before
    changed = comparison(SCORED | {(11, "effekt", ""): Tally.of([-2, -2, -1])})
    assert changed is not first
    assert changed.criterion_values[(11, "effekt")] == -2
    assert (
        profile_rows(changed, EN)[0].cells[1].text == "No difference (from Clearly worse to Clearly better)"
    )
