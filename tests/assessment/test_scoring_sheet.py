"""The scoring screen's read model: what a rater scores now, how far they are, what a save sends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from assessment import decision, people, proposals, scoring_sheet
from assessment.kernel.errors import NotAllowed
from assessment.kernel.model import Proposal, Round, Status
from assessment.kernel.repository import UnitOfWork
from assessment.scoring_sheet import Answer, proposals_to_score, scoring_form
from tests.conftest import UNITS_OF_WORK, unit_of_work_for
from tests.support import (
    Clock,
    World,
    build_world,
    proposal_input,
    record_score,
    reveal_after_one_score,
    scoring_proposal,
)


@pytest.fixture(params=UNITS_OF_WORK)
def uow(request, tmp_path) -> Iterator[UnitOfWork]:
    yield from unit_of_work_for(request.param, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(uow: UnitOfWork, clock: Clock) -> World:
    return build_world(uow, clock)


def save(uow, proposal: Proposal, rater: int, level, *, option=1, criterion="borger", facet="", reason=""):
    entry = scoring_sheet.ScoreInput(
        proposal.id, proposal.options[option].id, criterion, level, reason, facet
    )
    return record_score(uow, entry, actor=people.actor_for(uow, rater), clock=Clock())


def answer(criterion="borger", facet="", level=None, *, answered=True, reason="") -> Answer:
    return Answer(criterion, facet, answered=answered, level=level, reason=reason)


# Which proposals -------------------------------------------------------------------------------


def test_a_rater_is_offered_the_proposals_of_their_panels_that_take_scores(uow, world, clock):
    blind = scoring_proposal(uow, world, clock)
    revealed = reveal_after_one_score(uow, world, scoring_proposal(uow, world, clock), clock)
    proposals.register_proposal(
        uow, proposal_input(world), actor=people.actor_for(uow, world.leader_id), clock=clock
    )  # a draft
    others = proposals.register_proposal(
        uow,
        proposal_input(world, panel_person_ids=world.raters[1:]),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    proposals.open_scoring(uow, others.id, actor=people.actor_for(uow, world.leader_id), clock=clock)

    offered = proposals_to_score(uow, actor=people.actor_for(uow, world.raters[0]))

    assert [(s.id, s.status) for s in offered] == [
        (blind.id, Status.SCORING),
        (revealed.id, Status.DISCUSSION),
    ]
    assert proposals_to_score(uow, actor=people.actor_for(uow, world.leader_id)) == []


def test_someone_off_the_panel_gets_no_form(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(NotAllowed):
        scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.leader_id))


# The form --------------------------------------------------------------------------------------


def test_criteria_are_grouped_by_dimension_with_their_facets(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    form = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))

    layout = [
        (section.dimension.key, [(row.criterion.key, row.facets) for row in section.rows])
        for section in form.sections
    ]
    assert layout == [
        (
            "kerneopgaven",
            [
                ("borger", ("",)),
                ("perspektiver", ("formal", "performed", "experienced")),
                ("rolle", ("social_og_sundhedsassistent", "sygeplejerske")),
            ],
        ),
        ("inddragelse", [("inddragelse_planlagt", ("",))]),
    ]
    assert [o.is_baseline for o in form.options] == [True, False, False]
    assert form.cells_per_option == 7


def test_a_profession_criterion_without_affected_professions_is_left_out(uow, world, clock):
    data = proposal_input(world, affected_profession_ids=[])
    proposal = proposals.register_proposal(
        uow, data, actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    proposals.open_scoring(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    form = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    assert "rolle" not in {row.criterion.key for section in form.sections for row in section.rows}
    assert form.progress().total == form.sheet.cells_total


def test_progress_counts_own_scores_per_option_and_in_all(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    save(uow, proposal, world.raters[0], 1)
    save(uow, proposal, world.raters[0], None, criterion="perspektiver", facet="formal")
    save(uow, proposal, world.raters[0], 2, option=2)
    save(uow, proposal, world.raters[1], 2, option=0)  # someone else's: never counted

    form = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))

    assert (form.progress().scored, form.progress().total) == (3, 21)
    assert (form.sheet.cells_scored, form.sheet.cells_total) == (3, 21)
    by_option = [form.progress(o.id) for o in form.options]
    assert [(p.scored, p.total) for p in by_option] == [(0, 7), (2, 7), (1, 7)]
    assert not by_option[1].done


# Saving ----------------------------------------------------------------------------------------


def test_only_answered_new_or_changed_cells_are_sent(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    option_id = proposal.options[1].id
    save(uow, proposal, world.raters[0], 1, reason="Færre ansigter")
    save(uow, proposal, world.raters[0], 0, criterion="perspektiver", facet="formal")
    form = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))

    submission = form.submission(
        option_id,
        [
            answer("borger", level=1, reason="  Færre ansigter "),  # as saved: not sent
            answer("perspektiver", "formal", level=2),  # changed
            answer("perspektiver", "performed", level=None),  # don't know: new
            answer("perspektiver", "experienced", answered=False),  # left open
            answer("inddragelse_planlagt", answered=False, reason="Vi spørger borgerne"),
        ],
    )

    assert [(e.criterion_key, e.facet, e.level) for e in submission.entries] == [
        ("perspektiver", "formal", 2),
        ("perspektiver", "performed", None),
    ]
    assert submission.unchanged == 1
    assert submission.reasons_without_level == [(option_id, "inddragelse_planlagt", "")]


def test_a_form_saved_twice_sends_nothing_the_second_time(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    option_id = proposal.options[1].id
    answers = [answer("borger", level=-1, reason="Vikarerne kender ikke fru Jensen")]
    first = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0])).submission(
        option_id, answers
    )
    scoring_sheet.record_scores(
        uow, proposal.id, first.entries, actor=people.actor_for(uow, world.raters[0]), clock=clock
    )

    second = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0])).submission(
        option_id, answers
    )

    assert len(first.entries) == 1
    assert (second.entries, second.unchanged) == ([], 1)


def test_an_answer_off_the_form_is_refused(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    form = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    with pytest.raises(KeyError):
        form.submission(proposal.options[1].id, [answer("rolle", "laerer", level=1)])


def test_round_two_sends_only_what_changed_since_round_one(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    option_id = proposal.options[1].id
    save(uow, proposal, world.raters[0], 1)
    save(uow, proposal, world.raters[0], -1, criterion="perspektiver", facet="formal")
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    form = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    assert form.sheet.round is Round.REVISED

    submission = form.submission(
        option_id, [answer("borger", level=1), answer("perspektiver", "formal", level=1)]
    )

    assert [(e.criterion_key, e.level) for e in submission.entries] == [("perspektiver", 1)]
    assert submission.unchanged == 1


def test_at_follow_up_only_the_chosen_option_is_scored(uow, world, clock):
    proposal = reveal_after_one_score(uow, world, scoring_proposal(uow, world, clock), clock)
    chosen = proposal.options[2]
    decision.record_decision(
        uow,
        proposal.id,
        decision.DecisionInput(
            chosen_option_id=chosen.id or 0,
            justification="Makkerpar giver ro.",
            med_statement="MED støtter.",
            dissent="",
            conditions="",
            follow_up_date=date(2027, 6, 1),
            indicators="Antal forskellige medarbejdere pr. borger.",
        ),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    proposals.start_follow_up(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)

    form = scoring_form(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))

    assert form.sheet.round is Round.FOLLOW_UP
    assert [o.id for o in form.options] == [chosen.id]
    assert form.progress().total == form.cells_per_option


# The workload itself is tested in tests/assessment/test_workload.py.


def test_the_sheet_and_the_panel_progress_count_the_same_questions_as_the_workload(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    rater = people.actor_for(uow, world.raters[0])
    sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=rater)
    expected = scoring_sheet.rater_workload(sheet.rubric, len(proposal.options), sheet.professions).answers
    assert (
        sheet.cells_total
        == expected
        == len(scoring_form(uow, proposal.id, actor=rater).cells(proposal.options[0].id))
        * len(proposal.options)
    )
