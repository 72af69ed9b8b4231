"""The decision, the dialogue before it and the follow-up after it."""

from __future__ import annotations

from datetime import date

import pytest

from assessment import decision, dilemmas, people, proposals, scoring_sheet
from assessment.kernel.errors import FormInvalid, InvalidInput, WrongState
from assessment.kernel.i18n import Translator
from assessment.kernel.model import DilemmaStatus, Status
from assessment.kernel.permissions import SYSTEM
from tests.assessment.helpers import decision_input, leader, score
from tests.support import (
    reveal_after_one_score,
    scoring_proposal,
)


def test_the_whole_life_of_a_proposal(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for rater, level in zip(world.raters, (-2, 1, 2), strict=True):
        score(uow, proposal, rater, level)
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    dilemma = dilemmas.record_dilemma(
        uow,
        proposal.id,
        text="Kontinuitet over for fleksibilitet i vagtplanen",
        pole_a="Kontinuitet",
        pole_b="Fleksibilitet",
        option_id=proposal.options[1].id,
        criterion_key="borger",
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    dilemmas.set_dilemma_status(
        uow,
        proposal.id,
        dilemma.id,
        status=DilemmaStatus.HANDLED,
        note="Aftalt i MED",
        actor=leader(uow, world),
        clock=clock,
    )
    decision.record_decision(
        uow,
        proposal.id,
        decision_input(proposal),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    assert proposals.get_proposal(uow, proposal.id, actor=leader(uow, world)).status is Status.DECIDED
    with pytest.raises(WrongState):  # deciding locks the scores
        score(uow, proposal, world.raters[0], 2)
    proposals.start_follow_up(uow, proposal.id, actor=leader(uow, world), clock=clock)
    score(uow, proposal, world.raters[0], 1)
    with pytest.raises(InvalidInput, match="only the chosen option"):
        score(uow, proposal, world.raters[0], 1, option=2)
    # 1 chosen option × (borger 1 + perspektiver 3 + rolle 2 + inddragelse 1) = 7 cells
    assert (
        scoring_sheet.scoring_sheet(
            uow, proposal.id, actor=people.actor_for(uow, world.raters[0])
        ).cells_total
        == 7
    )
    results = scoring_sheet.group_results(uow, proposal.id, actor=people.actor_for(uow, world.raters[1]))
    assert results.follow_up[(proposal.options[1].id, "borger", "")].counts == {1: 1}
    assert results.tallies[(proposal.options[1].id, "borger", "")].counts == {-2: 1, 1: 1, 2: 1}
    proposals.close_proposal(uow, proposal.id, actor=leader(uow, world), clock=clock)
    assert dilemmas.dilemmas(uow, proposal.id, actor=leader(uow, world))[0].status is DilemmaStatus.HANDLED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"justification": ""}, "justification"),
        ({"med_statement": " "}, "med_statement"),
        ({"indicators": ""}, "indicators"),
        ({"follow_up_date": date(2026, 11, 27)}, "follow_up_date"),
        ({"chosen_option_id": 999_999}, "chosen_option_id"),
    ],
)
def test_a_decision_form_names_what_is_missing(uow, world, clock, changes, field):
    proposal = reveal_after_one_score(uow, world, scoring_proposal(uow, world, clock), clock)
    with pytest.raises(FormInvalid) as caught:
        decision.record_decision(
            uow, proposal.id, decision_input(proposal, **changes), actor=leader(uow, world), clock=clock
        )
    assert field in caught.value.problems
    assert proposals.get_proposal(uow, proposal.id, actor=leader(uow, world)).status is Status.DISCUSSION


def test_no_decision_before_the_discussion(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(WrongState):  # NotNow: the leader may decide, only not yet
        decision.record_decision(
            uow, proposal.id, decision_input(proposal), actor=leader(uow, world), clock=clock
        )
    assert decision.get_decision(uow, proposal.id, actor=SYSTEM) is None


def test_dilemmas_wait_for_the_reveal(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(WrongState):
        dilemmas.record_dilemma(
            uow, proposal.id, text="Tidligt dilemma", actor=leader(uow, world), clock=clock
        )


def test_a_closed_proposal_keeps_its_dilemmas_as_they_were(uow, world, clock):
    proposal = reveal_after_one_score(uow, world, scoring_proposal(uow, world, clock), clock)
    lead = leader(uow, world)
    dilemma = dilemmas.record_dilemma(
        uow, proposal.id, text="Nærhed eller fleksibilitet", actor=lead, clock=clock
    )
    decision.record_decision(uow, proposal.id, decision_input(proposal), actor=lead, clock=clock)
    proposals.start_follow_up(uow, proposal.id, actor=lead, clock=clock)
    proposals.close_proposal(uow, proposal.id, actor=lead, clock=clock)
    with pytest.raises(WrongState, match="closed"):
        dilemmas.set_dilemma_status(
            uow, proposal.id, dilemma.id, status=DilemmaStatus.HANDLED, actor=lead, clock=clock
        )


def test_the_minutes_of_the_decision_meeting_are_kept_and_the_responsible_are_named(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    reveal_after_one_score(uow, world, proposal, clock)
    made = decision.record_decision(
        uow,
        proposal.id,
        decision_input(
            proposal,
            meeting_date=date(2026, 11, 26),
            agenda_item=" Punkt 4 ",
            participants="Leder, AMR og TR",
            employee_remarks="Medarbejdersiden bakker op.",
            communication="Personalemødet i december.",
            implementation_responsible_id=world.leader_id,
            follow_up_responsible_id=world.leader_id,
        ),
        actor=leader(uow, world),
        clock=clock,
    )
    assert (made.meeting_date, made.agenda_item, made.employee_remarks) == (
        date(2026, 11, 26),
        "Punkt 4",
        "Medarbejdersiden bakker op.",
    )
    view = decision.decision_view(uow, proposal.id, Translator("da"), actor=leader(uow, world))
    with uow.read() as repo:
        leader_person = repo.get_person(world.leader_id)
    assert leader_person is not None
    assert view.implementation_responsible == view.follow_up_responsible == leader_person.name
    assert view.candidates == ()  # once decided, nobody is offered as responsible any more


@pytest.mark.parametrize(
    ("changes", "field", "danish"),
    [
        ({"meeting_date": date(2026, 12, 24)}, "meeting_date", "kan ikke ligge ude i fremtiden"),
        ({"implementation_responsible_id": 999_999}, "implementation_responsible_id", "Vælg en person"),
        ({"agenda_item": "x" * 201}, "agenda_item", "der må højst være 200"),
    ],
)
def test_a_bad_meeting_record_decides_nothing_and_is_told_in_danish(
    uow, world, clock, changes, field, danish
):
    proposal = scoring_proposal(uow, world, clock)  # the clock stands at the end of November 2026
    reveal_after_one_score(uow, world, proposal, clock)
    with pytest.raises(FormInvalid) as refused:
        decision.record_decision(
            uow, proposal.id, decision_input(proposal, **changes), actor=leader(uow, world), clock=clock
        )
    assert danish in Translator("da").message(refused.value.problems[field])
    assert decision.get_decision(uow, proposal.id, actor=leader(uow, world)) is None


def test_only_who_records_the_decision_is_offered_people_to_make_responsible(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    reveal_after_one_score(uow, world, proposal, clock)
    as_leader = decision.decision_view(uow, proposal.id, Translator("da"), actor=leader(uow, world))
    assert world.leader_id in {person.id for person in as_leader.candidates}
    as_rater = decision.decision_view(
        uow, proposal.id, Translator("da"), actor=people.actor_for(uow, world.raters[0])
    )
    assert as_rater.candidates == ()
