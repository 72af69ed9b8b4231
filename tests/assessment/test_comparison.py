"""The comparison read model on a small example worked out by hand.

The example (``example()``) is also the data the chart tests check, so the arithmetic is written
out once, here. A rubric with two dimensions in the index and one ladder dimension:

    kerneopgaven   borger_effekt (weight 2), samfund_vaerdi (1), perspektiver (1, per perspective)
    arbejdsmiljoe  mening (1), rolle (1, per affected profession)
    inddragelse    inddragelse_planlagt, inddragelse_passende (ladder 0–4, never summed)

Four raters: Anne, Bo and Dorte are social and health care assistants (sosu, a group of three),
Cecilie is a nurse (a group of one). Bipolar levels −2…+2 are normalised as (level + 2) / 4.

    option        borger  samfund           perspektiver (f/p/e)  mening  rolle (sosu/nurse)
    Keep as is    0       0                 0/0/0                 0       0/0
    Faste teams   2       −2,−2,0,1 → −1    2/1/0 → mean 1        −1      0/(−2,−2,−2,+2 → −2) → −1
    Makkerpar     0       1                 1/1/1 → 1             1       1/1 → 1

(Every rater gives the level shown unless four levels are listed, in the order Anne, Bo,
Cecilie, Dorte; a median of four is the mean of the middle two.)

Normalised:            borger  samfund  persp.  | mening  rolle
    Keep as is         .5      .5       .5      | .5      .5
    Faste teams        1       .25      .75     | .25     .25
    Makkerpar          .5      .75      .75     | .75     .75

Σ weight × value per dimension (kerneopgaven Σw = 4, arbejdsmiljoe Σw = 2):
    Keep as is   K = 2·.5 + .5 + .5 = 2     W = 1
    Faste teams  K = 2·1 + .25 + .75 = 3    W = .5
    Makkerpar    K = 2·.5 + .75 + .75 = 2.5 W = 1.5

Index with both dimension weights 1: (K + W) / 6
    Keep as is 3/6 = .5, Faste teams 3.5/6 = .58333, Makkerpar 4/6 = .66667 → Makkerpar, Faste teams, Keep.

Robustness. With work environment at weight y: Faste teams (3 + .5y)/(4 + 2y), Makkerpar
(2.5 + 1.5y)/(4 + 2y); equal where 3 + .5y = 2.5 + 1.5y, y = .5 (a change of .5). With the core
task at weight x: (3x + .5) = (2.5x + 1.5) at x = 2 (a change of 1). The smaller change wins:
work environment falling from 1 to .5; at .4 they have swapped: (3.2 vs 3.1)/4.8.
At y = .5 both are 3.25/5 = .65: a tie for first place (ranks 1, 1, 3).
With work environment counted double (y = 2): Keep 4/8 = .5, Faste teams 4/8 = .5, Makkerpar
5.5/8 = .6875: Makkerpar first, the other two share second place (ranks 1, 2, 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import organisation, people, proposals, scoring_sheet
from assessment.comparison import Comparison, build_comparison, compare, how_much, robustness_sentence
from assessment.kernel.errors import InvalidInput, NotAllowed
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Proposal, Role
from assessment.kernel.permissions import SYSTEM, Actor
from assessment.kernel.rubric_loading import parse_rubric
from assessment.kernel.scoring import NO_FACET
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, build_world, proposal_input, record_score

DA, EN = Translator("da"), Translator("en")


def _criterion(key: str, dimension: str, scale: str, extra: str = "") -> str:
    levels = range(-2, 3) if scale == "effekt" else range(5)
    descriptors = "\n".join(f'descriptors."{v}" = {{ da = "Niveau {v}", en = "Level {v}" }}' for v in levels)
    return f"""
[[criteria]]
key = "{key}"
dimension = "{dimension}"
scale = "{scale}"
{extra}
question = {{ da = "Spørgsmål om {key}?", en = "Question about {key}?" }}
{descriptors}
"""


COMPARE_RUBRIC = (
    """
schema_version = 1
id = "sammenlign"
version = "1.0"
title = { da = "Sammenligning", en = "Comparison" }
description = { da = "Til test", en = "For tests" }

[scales.effekt]
kind = "bipolar"
title = { da = "Effekt", en = "Effect" }
levels = [
  { value = -2, label = { da = "Meget værre", en = "Much worse" } },
  { value = -1, label = { da = "Værre", en = "Worse" } },
  { value = 0, label = { da = "Uændret", en = "Unchanged" } },
  { value = 1, label = { da = "Bedre", en = "Better" } },
  { value = 2, label = { da = "Meget bedre", en = "Much better" } },
]

[scales.trappe]
kind = "ladder"
title = { da = "Inddragelse", en = "Involvement" }
levels = [
  { value = 0, label = { da = "Ingen", en = "None" } },
  { value = 1, label = { da = "Fælles fokus", en = "Shared focus" } },
  { value = 2, label = { da = "Skærpet lydhørhed", en = "Heightened responsiveness" } },
  { value = 3, label = { da = "Aktiv inddragelse", en = "Active involvement" } },
  { value = 4, label = { da = "Samskabelse", en = "Co-creation" } },
]

[[dimensions]]
key = "kerneopgaven"
title = { da = "Kerneopgaven", en = "The core task" }

[[dimensions]]
key = "arbejdsmiljoe"
title = { da = "Arbejdsmiljø", en = "Work environment" }

[[dimensions]]
key = "inddragelse"
title = { da = "Borgerinddragelse", en = "Citizen involvement" }
"""
    + _criterion("borger_effekt", "kerneopgaven", "effekt", "weight = 2")
    + _criterion("samfund_vaerdi", "kerneopgaven", "effekt")
    + _criterion("perspektiver", "kerneopgaven", "effekt", 'facets = "perspective"')
    + _criterion("mening", "arbejdsmiljoe", "effekt")
    + _criterion("rolle", "arbejdsmiljoe", "effekt", 'facets = "profession"')
    + _criterion("inddragelse_planlagt", "inddragelse", "trappe", "aggregate = false")
    + _criterion("inddragelse_passende", "inddragelse", "trappe", "aggregate = false")
)

SOSU, NURSE = "social_og_sundhedsassistent", "sygeplejerske"

# option → (criterion, facet) → the level of each rater (Anne, Bo, Cecilie, Dorte), or one level for all.
SCORES: dict[str, dict[tuple[str, str], int | tuple[int, int, int, int]]] = {
    "keep": {
        ("borger_effekt", ""): 0,
        ("samfund_vaerdi", ""): 0,
        ("perspektiver", "formal"): 0,
        ("perspektiver", "performed"): 0,
        ("perspektiver", "experienced"): 0,
        ("mening", ""): 0,
        ("rolle", SOSU): 0,
        ("rolle", NURSE): 0,
        ("inddragelse_planlagt", ""): 0,
        ("inddragelse_passende", ""): 1,
    },
    "teams": {
        ("borger_effekt", ""): 2,
        ("samfund_vaerdi", ""): (-2, -2, 0, 1),
        ("perspektiver", "formal"): 2,
        ("perspektiver", "performed"): 1,
        ("perspektiver", "experienced"): 0,
        ("mening", ""): -1,
        ("rolle", SOSU): 0,
        ("rolle", NURSE): (-2, -2, 2, -2),
        ("inddragelse_planlagt", ""): 1,
        ("inddragelse_passende", ""): 3,
    },
    "pairs": {
        ("borger_effekt", ""): 0,
        ("samfund_vaerdi", ""): 1,
        ("perspektiver", "formal"): 1,
        ("perspektiver", "performed"): 1,
        ("perspektiver", "experienced"): 1,
        ("mening", ""): 1,
        ("rolle", SOSU): 1,
        ("rolle", NURSE): 1,
        ("inddragelse_planlagt", ""): 2,
        ("inddragelse_passende", ""): 2,
    },
}


@dataclass
class Example:
    uow: FakeUnitOfWork
    proposal: Proposal
    keep: int
    teams: int
    pairs: int

    def leader(self) -> Actor:
        """The leader who owns the proposal: the comparison page is hers."""
        return people.actor_for(self.uow, self.proposal.created_by or 0)

    def compare(self, weights: dict[str, float] | None = None) -> Comparison:
        return compare(self.uow, self.proposal.id or 0, weights, actor=self.leader())


def example(*, reveal: bool = True) -> Example:
    """The proposal of the module docstring, scored by four raters and (by default) revealed."""
    uow, clock = FakeUnitOfWork(), Clock()
    world = build_world(uow, clock)
    rubric = organisation.register_rubric(
        uow, content=COMPARE_RUBRIC.encode(), source_name="sammenlign.toml", actor=SYSTEM, clock=clock
    ).ref
    dorte = people.register_person(
        uow,
        name="Dorte Holm",
        email="dorte@kommune.dk",
        profession_id=world.profession_ids[0],
        actor=SYSTEM,
        clock=clock,
    )
    people.grant_role(
        uow, person_id=dorte.id or 0, unit_id=world.unit_id, role=Role.RATER, actor=SYSTEM, clock=clock
    )
    raters = [*world.raters, dorte.id or 0]
    data = proposal_input(world, rubric=rubric, panel_person_ids=raters)
    proposal = proposals.register_proposal(
        uow, data, actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    proposal = proposals.open_scoring(
        uow, proposal.id or 0, actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    option_ids = {name: option.id or 0 for name, option in zip(SCORES, proposal.options, strict=True)}
    for position, rater in enumerate(raters):
        entries = [
            scoring_sheet.ScoreInput(
                proposal.id or 0,
                option_ids[name],
                criterion,
                levels if isinstance(levels, int) else levels[position],
                facet=facet,
            )
            for name, cells in SCORES.items()
            for (criterion, facet), levels in cells.items()
        ]
        scoring_sheet.record_scores(
            uow, proposal.id or 0, entries, actor=people.actor_for(uow, rater), clock=clock
        )
    if reveal:
        proposal = proposals.reveal(
            uow, proposal.id or 0, actor=people.actor_for(uow, world.leader_id), clock=clock
        )
    return Example(uow, proposal, option_ids["keep"], option_ids["teams"], option_ids["pairs"])


@pytest.fixture(scope="module")
def ex() -> Example:
    return example()


@pytest.fixture(scope="module")
def comparison(ex: Example) -> Comparison:
    return ex.compare()


def _profile(comparison: Comparison, option_id: int, dimension: str) -> tuple[object, ...]:
    profile = comparison.profile(option_id, dimension)
    assert profile is not None
    return (profile.median, profile.low, profile.high, profile.criteria_scored)


# Profiles, index, ranking ------------------------------------------------------------------------


def test_options_come_in_position_order_with_keep_as_is_first(ex, comparison):
    assert comparison.option_ids == [ex.keep, ex.teams, ex.pairs]
    assert comparison.baseline_id == ex.keep
    assert comparison.option_label(ex.keep, EN) == "Keep as is"
    assert comparison.option_label(ex.teams, EN) == "Faste teams på fire"


def test_the_profile_is_the_median_and_range_of_each_dimension(ex, comparison):
    assert [d.key for d in comparison.dimensions] == ["kerneopgaven", "arbejdsmiljoe"]
    # Faste teams, core task: values 1, .25, .75 → median .75, low .25, high 1.
    assert _profile(comparison, ex.teams, "kerneopgaven") == (0.75, 0.25, 1.0, 3)
    assert _profile(comparison, ex.teams, "arbejdsmiljoe") == (0.25, 0.25, 0.25, 2)
    # Makkerpar, core task: .5, .75, .75 → median .75, low .5, high .75.
    assert _profile(comparison, ex.pairs, "kerneopgaven") == (0.75, 0.5, 0.75, 3)
    assert _profile(comparison, ex.pairs, "arbejdsmiljoe") == (0.75, 0.75, 0.75, 2)
    assert _profile(comparison, ex.keep, "kerneopgaven") == (0.5, 0.5, 0.5, 3)
    # The ladder is never in a profile.
    assert comparison.profile(ex.keep, "inddragelse") is None
    assert len(comparison.profiles) == 3 * 2


def test_the_index_and_ranking_with_the_rubrics_weights(ex, comparison):
    assert comparison.rubric_weights_used
    assert comparison.dimension_weights == {"kerneopgaven": 1.0, "arbejdsmiljoe": 1.0}
    assert comparison.index[ex.keep] == pytest.approx(3 / 6)
    assert comparison.index[ex.teams] == pytest.approx(3.5 / 6)
    assert comparison.index[ex.pairs] == pytest.approx(4 / 6)
    assert [(r.option_id, r.rank) for r in comparison.ranking] == [(ex.pairs, 1), (ex.teams, 2), (ex.keep, 3)]


def test_lowering_work_environment_to_half_swaps_the_two_best(ex, comparison):
    flip = comparison.flip
    assert flip is not None
    assert (flip.dimension_key, flip.from_weight, flip.to_weight) == ("arbejdsmiljoe", 1.0, 0.5)
    assert (flip.first_option_id, flip.second_option_id) == (ex.pairs, ex.teams)
    # At .4 (the first one-decimal weight past .5) Faste teams is ahead: 3.2/4.8 against 3.1/4.8.
    # Said as people say it, since the other dimension keeps one weight: 0.4 against 1.
    assert robustness_sentence(comparison, EN) == (
        "The two best options only swap places if “Work environment” counts 40 % as much as the other "
        "dimensions (weight 0.4 instead of 1)."
    )
    assert robustness_sentence(comparison, DA) == (
        "De to bedste handlemuligheder bytter først plads, hvis »Arbejdsmiljø« vægtes 40 % så højt som de "
        "andre områder (vægt 0,4 i stedet for 1)."
    )


def test_the_sentence_names_the_first_weight_past_the_swap(ex):
    swapped = ex.compare({"arbejdsmiljoe": 0.4})
    assert [r.option_id for r in swapped.ranking][:2] == [ex.teams, ex.pairs]


def test_at_the_flip_weight_the_two_best_share_first_place(ex):
    tied = ex.compare({"arbejdsmiljoe": 0.5})
    assert not tied.rubric_weights_used
    # Both 3.25 / 5 = .65; Keep as is stays at .5.
    assert tied.index[ex.teams] == pytest.approx(0.65)
    assert tied.index[ex.pairs] == pytest.approx(0.65)
    assert [(r.option_id, r.rank) for r in tied.ranking] == [(ex.teams, 1), (ex.pairs, 1), (ex.keep, 3)]
    assert tied.flip is None
    assert robustness_sentence(tied, EN) == (
        "The two best options have the same index; the weights do not separate them."
    )


def test_counting_work_environment_double_ties_second_place(ex):
    double = ex.compare({"arbejdsmiljoe": 2})
    # Keep 4/8, Faste teams 4/8, Makkerpar 5.5/8.
    assert double.index[ex.pairs] == pytest.approx(5.5 / 8)
    assert [(r.option_id, r.rank) for r in double.ranking] == [(ex.pairs, 1), (ex.keep, 2), (ex.teams, 2)]
    assert double.dimension_weights == {"kerneopgaven": 1.0, "arbejdsmiljoe": 2.0}


def test_leaving_work_environment_out_leaves_the_core_task_to_decide(ex):
    # Only the core task counts: Faste teams 3/4, Makkerpar 2.5/4, Keep as is 2/4.
    only_core = ex.compare({"arbejdsmiljoe": 0})
    assert [r.option_id for r in only_core.ranking] == [ex.teams, ex.pairs, ex.keep]
    assert only_core.index[ex.teams] == pytest.approx(0.75)


def test_a_weight_that_must_rise_is_said_so(ex):
    # Work environment at .25: Faste teams (3 + .125)/4.5 = .694 leads Makkerpar (2.5 + .375)/4.5 = .639.
    # Makkerpar catches up where 3 + .5y = 2.5 + 1.5y, y = .5 (a change of .25; the core task
    # would have to fall to .5, a change of .5). At .6: 3.3/5.2 against 3.4/5.2, swapped.
    low = ex.compare({"arbejdsmiljoe": 0.25})
    assert low.flip is not None and low.flip.to_weight == pytest.approx(0.5)
    assert robustness_sentence(low, EN) == (
        "The two best options only swap places if “Work environment” counts 60 % as much as the other "
        "dimensions (weight 0.6 instead of 0.25)."
    )
    danish = robustness_sentence(low, DA)
    assert danish is not None and "0,25" in danish and "0,6" in danish and "60 % så højt" in danish


@pytest.mark.parametrize(
    ("ratio", "danish"),
    [
        (5.8, "næsten seks gange så højt"),
        (6.0, "seks gange så højt"),
        (6.3, "lidt over seks gange så højt"),
        (2.0, "dobbelt så højt"),
        (1.5, "halvanden gang så højt"),
        (0.5, "halvt så højt"),
        (0.4, "40 % så højt"),
        (1.2, "120 % så højt"),
        (2.5, "2,5 gange så højt"),
        (14.0, "14 gange så højt"),
    ],
)
def test_a_ratio_of_weights_is_said_as_people_say_it(ratio, danish):
    assert how_much(ratio, DA) == danish


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=0.1, max_value=10, allow_nan=False))
def test_scaling_every_weight_keeps_the_index(ex, scale):
    comparison = ex.compare({"kerneopgaven": scale, "arbejdsmiljoe": scale})
    assert comparison.index[ex.teams] == pytest.approx(3.5 / 6)
    assert [r.rank for r in comparison.ranking] == [1, 2, 3]


# Cells and the views for the discussion ----------------------------------------------------------


def test_every_option_criterion_and_facet_has_a_cell(ex, comparison):
    # 3 options × (borger, samfund, 3 perspectives, mening, 2 professions, 2 ladders) = 30.
    assert len(comparison.cells) == 30
    cell = comparison.cells[(ex.teams, "samfund_vaerdi", NO_FACET)]
    assert (cell.count, cell.median, cell.minimum, cell.maximum) == (4, -1.0, -2, 1)
    assert comparison.criterion_values[(ex.teams, "perspektiver")] == pytest.approx(1.0)
    assert comparison.criterion_values[(ex.teams, "rolle")] == pytest.approx(-1.0)
    assert comparison.facets_of("rolle") == [SOSU, NURSE]


def test_disagreements_come_widest_first(ex, comparison):
    # rolle for the nurses: −2…+2, 4 steps; samfund_vaerdi: −2…+1, 3 steps.
    assert comparison.disagreements == [(ex.teams, "rolle", NURSE), (ex.teams, "samfund_vaerdi", "")]


def test_only_profession_groups_of_three_are_shown(ex, comparison):
    assert comparison.professions == [SOSU]
    assert {key[3] for key in comparison.profession_medians} == {SOSU}
    # Anne, Bo and Dorte all gave −2 on the nurses' role in Faste teams.
    assert comparison.profession_medians[(ex.teams, "rolle", NURSE, SOSU)].median == -2.0
    assert (ex.teams, "rolle", NURSE, NURSE) not in comparison.profession_medians
    assert comparison.facet_label(NURSE, EN) == "Sygeplejerske"
    assert comparison.facet_label("formal", EN) == "Formal"


def test_perspective_and_value_gaps_and_involvement(ex, comparison):
    [gap] = comparison.perspective_gaps
    assert (gap.option_id, gap.low_facet, gap.high_facet, gap.gap) == (ex.teams, "experienced", "formal", 2.0)
    # Faste teams: citizen 2 − society −1 = 3 steps; Makkerpar 0 − 1 = −1 is below the threshold.
    assert comparison.value_gaps == {ex.teams: 3.0}
    assert comparison.involvement == {ex.keep: (0.0, 1.0), ex.teams: (1.0, 3.0), ex.pairs: (2.0, 2.0)}


def test_the_criterion_label_is_the_question_without_its_mark(comparison):
    assert comparison.criterion_label("mening", EN) == "Question about mening"
    assert comparison.criterion_label("mening", DA) == "Spørgsmål om mening"
    assert comparison.criterion_label("mening", EN, length=12).endswith("…")


# Exploring weights -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "words"),
    [
        ({"arbejdsmiljo": 2}, "no dimension called arbejdsmiljo"),
        ({"arbejdsmiljoe": -1}, "must be 0 or more"),
        ({"arbejdsmiljoe": math.nan}, "must be a number"),
        ({"arbejdsmiljoe": math.inf}, "must be a number"),
        ({"inddragelse": 2}, "never added into the index"),
        ({"kerneopgaven": 0, "arbejdsmiljoe": 0}, "At least one dimension must count"),
    ],
)
def test_exploring_weights_that_make_no_sense_are_explained(ex, weights, words):
    with pytest.raises(InvalidInput, match=words):
        ex.compare(weights)


def test_exploring_changes_neither_the_rubric_nor_the_results(ex, comparison):
    before = scoring_sheet.group_results(ex.uow, ex.proposal.id or 0, actor=ex.leader())
    ex.compare({"arbejdsmiljoe": 3, "kerneopgaven": 0.5})
    after = scoring_sheet.group_results(ex.uow, ex.proposal.id or 0, actor=ex.leader())
    assert after.tallies == before.tallies
    assert after.rubric.content_hash == before.rubric.content_hash
    assert ex.compare().index == comparison.index


def test_the_comparison_is_refused_before_the_reveal():
    blind = example(reveal=False)
    with pytest.raises(NotAllowed, match="hidden until the reveal"):
        blind.compare()


def test_build_comparison_works_on_the_results_alone(ex, comparison):
    results = scoring_sheet.group_results(ex.uow, ex.proposal.id or 0, actor=ex.leader())
    built = build_comparison(results)
    assert built.index == comparison.index
    assert built.facet_label(NURSE, EN) == NURSE  # no names given: the key


# Smaller rubrics and fewer scores ----------------------------------------------------------------


def test_a_rubric_without_citizen_and_society_value_has_no_value_gaps():
    uow, clock = FakeUnitOfWork(), Clock()
    world = build_world(uow, clock)  # the small rubric: no samfund_vaerdi, no inddragelse_passende
    leader = people.actor_for(uow, world.leader_id)
    proposal = proposals.register_proposal(uow, proposal_input(world), actor=leader, clock=clock)
    proposal = proposals.open_scoring(uow, proposal.id or 0, actor=leader, clock=clock)
    option = proposal.options[1].id or 0
    for rater in world.raters:
        record_score(
            uow,
            scoring_sheet.ScoreInput(proposal.id or 0, option, "borger", 1),
            actor=people.actor_for(uow, rater),
            clock=clock,
        )
    proposals.reveal(uow, proposal.id or 0, actor=leader, clock=clock)
    comparison = compare(uow, proposal.id or 0, actor=leader)
    assert comparison.value_gaps == {}
    # Only the planned step is in this rubric, and nobody scored it.
    assert comparison.involvement == {o.id: (None, None) for o in proposal.options}
    # One option has an index (borger 1 → .75); the others have none and no rank.
    assert comparison.index[option] == pytest.approx(0.75)
    assert [r.rank for r in comparison.ranking] == [1, None, None]
    assert robustness_sentence(comparison, EN) == (
        "Fewer than two options have been scored, so there is no ranking to test."
    )
    assert parse_rubric(COMPARE_RUBRIC).criterion("rolle").facets is not None
