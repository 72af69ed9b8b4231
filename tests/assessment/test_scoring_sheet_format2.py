"""A rater's form on a format-2 rubric: only their own questions, "keep as is" fixed, readiness apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assessment import organisation, people, proposals, scoring_sheet
from assessment.kernel.errors import InvalidInput
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Proposal
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import UnitOfWork
from assessment.kernel.scoring import Tally
from assessment.scoring_sheet import ScoreInput, scoring_form
from tests.assessment.kernel.test_rubric_format2 import FORMAT_2
from tests.conftest import UNITS_OF_WORK, unit_of_work_for
from tests.support import Clock, World, build_world, proposal_input, proposal_owner

DA = Translator("da")


@pytest.fixture(params=UNITS_OF_WORK)
def uow(request, tmp_path) -> Iterator[UnitOfWork]:
    yield from unit_of_work_for(request.param, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(uow: UnitOfWork, clock: Clock) -> World:
    return build_world(uow, clock)


def format_2_proposal(uow: UnitOfWork, world: World, clock: Clock, *, affected: list[int]) -> Proposal:
    """Anne and Bo are sosu, Cecilie a nurse; the proposal has "keep as is" and two options."""
    ref = organisation.register_rubric(
        uow, content=FORMAT_2.encode(), source_name="format_to.toml", actor=SYSTEM, clock=clock
    ).ref
    leader = people.actor_for(uow, world.leader_id)
    proposal = proposals.register_proposal(
        uow, proposal_input(world, rubric=ref, affected_profession_ids=affected), actor=leader, clock=clock
    )
    return proposals.open_scoring(uow, proposal.id or 0, actor=leader, clock=clock)


def baseline_and_options(proposal: Proposal) -> tuple[int, list[int]]:
    baseline = next(o.id or 0 for o in proposal.options if o.is_baseline)
    return baseline, [o.id or 0 for o in proposal.options if not o.is_baseline]


def answer_everything(uow: UnitOfWork, proposal: Proposal, rater: int, clock: Clock) -> int:
    actor = people.actor_for(uow, rater)
    form = scoring_form(uow, proposal.id or 0, actor=actor)
    entries = [
        ScoreInput(proposal.id or 0, option_id, key, 1, "", facet)
        for option in form.options
        for option_id, key, facet in form.cells(option.id or 0)
    ]
    scoring_sheet.record_scores(uow, proposal.id or 0, entries, actor=actor, clock=clock)
    return len(entries)


def test_each_rater_is_asked_their_own_questions_and_keep_as_is_only_what_it_asks(uow, world, clock):
    sosu = world.profession_ids[0]
    proposal = format_2_proposal(uow, world, clock, affected=[sosu])
    baseline, (first, _second) = baseline_and_options(proposal)
    anne = scoring_form(uow, proposal.id or 0, actor=people.actor_for(uow, world.raters[0]))
    cecilie = scoring_form(uow, proposal.id or 0, actor=people.actor_for(uow, world.raters[2]))
    sosu_key = anne.sheet.professions[0].key

    assert anne.cells(baseline) == [(baseline, "spurgt", "")]
    assert anne.cells(first) == [
        (first, "effekt", ""),
        (first, "spurgt", ""),
        (first, "egen", sosu_key),
        (first, "pr_fag", sosu_key),
        (first, "forankring", ""),
    ]
    assert [key for _o, key, _f in cecilie.cells(first)] == ["effekt", "spurgt", "pr_fag", "forankring"]
    # 5 questions on each of two options and one on "keep as is"; the nurse has no own question.
    assert (anne.sheet.cells_total, cecilie.sheet.cells_total) == (11, 9)
    assert anne.progress().total == 11
    # The readiness question is the leader's: no row, and its dimension is not on the form.
    assert [section.dimension.key for section in anne.sections] == ["kerne"]


@pytest.mark.parametrize(
    ("rater", "criterion", "on_baseline", "facet", "danish"),
    [
        (0, "med", False, "", "besvares én gang for hele forslaget"),
        (0, "effekt", True, "", "stilles ikke for »Fortsæt som i dag«"),
        (0, "forankring", True, "", "stilles ikke for »Fortsæt som i dag«"),
        (2, "egen", False, "sosu", "kun for sin egen faggruppe, og »"),
    ],
    ids=["readiness", "no_difference_on_baseline", "skipped_on_baseline", "another_profession"],
)
def test_a_cell_the_rater_is_not_asked_is_refused_in_danish(
    uow, world, clock, rater, criterion, on_baseline, facet, danish
):
    proposal = format_2_proposal(uow, world, clock, affected=world.profession_ids[:1])
    baseline, (first, _second) = baseline_and_options(proposal)
    actor = people.actor_for(uow, world.raters[rater])
    if facet:
        facet = scoring_sheet.scoring_sheet(uow, proposal.id or 0, actor=actor).professions[0].key
    entry = ScoreInput(proposal.id or 0, baseline if on_baseline else first, criterion, 0, "", facet)

    with pytest.raises(InvalidInput) as refused:
        scoring_sheet.record_scores(uow, proposal.id or 0, [entry], actor=actor, clock=clock)
    assert danish in DA.message(refused.value)


def test_a_rater_may_answer_their_own_professions_question(uow, world, clock):
    proposal = format_2_proposal(uow, world, clock, affected=world.profession_ids)
    _baseline, (first, _second) = baseline_and_options(proposal)
    bo = people.actor_for(uow, world.raters[1])
    own, other = (p.key for p in scoring_sheet.scoring_sheet(uow, proposal.id or 0, actor=bo).professions)

    saved = scoring_sheet.record_scores(
        uow,
        proposal.id or 0,
        [ScoreInput(proposal.id or 0, first, "egen", 2, "", own)],
        actor=bo,
        clock=clock,
    )
    assert [(s.criterion_key, s.facet) for s in saved] == [("egen", own)]
    with pytest.raises(InvalidInput):
        scoring_sheet.record_scores(
            uow,
            proposal.id or 0,
            [ScoreInput(proposal.id or 0, first, "egen", 2, "", other)],
            actor=bo,
            clock=clock,
        )


def test_the_panel_progress_counts_each_raters_own_questions(uow, world, clock):
    proposal = format_2_proposal(uow, world, clock, affected=world.profession_ids[:1])
    assert answer_everything(uow, proposal, world.raters[0], clock) == 11
    assert answer_everything(uow, proposal, world.raters[2], clock) == 9  # the nurse: no own question

    progress = scoring_sheet.panel_progress(
        uow, proposal.id or 0, actor=proposal_owner(uow, proposal.id or 0)
    )
    assert (progress.raters, progress.started, progress.finished) == (3, 2, 2)
    assert progress.not_finished == ("Bo Nielsen",)


def test_the_results_read_keep_as_is_as_no_difference_where_nobody_was_asked(uow, world, clock):
    proposal = format_2_proposal(uow, world, clock, affected=world.profession_ids)
    baseline, (first, _second) = baseline_and_options(proposal)
    for rater in world.raters:
        answer_everything(uow, proposal, rater, clock)
    owner = proposal_owner(uow, proposal.id or 0)
    proposals.reveal(uow, proposal.id or 0, actor=owner, clock=clock)

    tallies = scoring_sheet.group_results(uow, proposal.id or 0, actor=owner).tallies
    keys = [
        p.key
        for p in scoring_sheet.scoring_sheet(
            uow, proposal.id or 0, actor=people.actor_for(uow, world.raters[0])
        ).professions
    ]

    on_baseline = {
        (key, facet): tally for (option, key, facet), tally in tallies.items() if option == baseline
    }
    assert on_baseline == {
        ("effekt", ""): Tally.of([0]),
        **{("egen", key): Tally.of([0]) for key in keys},
        ("spurgt", ""): Tally.of([1, 1, 1]),  # asked, and answered by all three
    }
    assert tallies[(first, "effekt", "")] == Tally.of([1, 1, 1])
