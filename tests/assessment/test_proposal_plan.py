"""The proposal's plan: economy, staff, work environment and timetable, kept by the leader until the
decision, read by everyone who may see the proposal; a save from an older version is refused."""

from __future__ import annotations

from datetime import date

import pytest

from assessment import people, proposal_plan, proposals
from assessment.kernel.errors import FormInvalid, StaleEdit
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM, AccessDenied, NotNow
from assessment.proposal_plan import PlanInput
from tests.support import CountingUnitOfWork, decide_on_first_option, reveal_after_one_score, scoring_proposal

PLAN = PlanInput(
    case_number=" 27.12.04-P20-31-26 ",
    cost="Ca. 310.000 kr. til uddannelse i 2027.",
    funding="Puljen til hverdagsrehabilitering.",
    staff_hours="Køreplanerne lægges om.",
    work_environment="APV'en peger på risiko for fald.",
    apv_agreed_on=date(2026, 11, 20),
    timetable="Start januar 2027.",
)


def _leader(uow, world):
    return people.actor_for(uow, world.leader_id)


def test_the_leader_saves_the_plan_in_one_transaction_and_the_panel_reads_it(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    empty = proposal_plan.proposal_plan(uow, proposal.id, actor=leader)
    assert empty.plan.is_empty and empty.can_edit and empty.updated_by == ""
    counting = CountingUnitOfWork(uow)
    stored = proposal_plan.save_plan(
        counting, proposal.id, PLAN, expected_version=0, actor=leader, clock=clock
    )
    assert counting.writes == 1
    assert stored.version == 1 and stored.case_number == "27.12.04-P20-31-26"  # trimmed
    assert stored.apv_agreed_on == date(2026, 11, 20) and stored.staff_skills == ""
    view = proposal_plan.proposal_plan(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    assert view.plan == stored and not view.can_edit and view.updated_by
    changed = proposal_plan.save_plan(
        uow,
        proposal.id,
        PlanInput(case_number="27.12.04-P20-31-26"),
        expected_version=1,
        actor=leader,
        clock=clock,
    )
    assert changed.version == 2 and changed.cost == ""
    with uow.read() as repo:
        trail = [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "plan.save"]
    assert trail[0].after["apv_agreed_on"] == "2026-11-20"
    # The second save records only what changed: the texts emptied, the case number untouched.
    assert "case_number" not in trail[1].after and trail[1].before["cost"] == PLAN.cost


def test_a_save_from_an_older_version_is_refused_and_changes_nothing(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    first = proposal_plan.save_plan(uow, proposal.id, PLAN, expected_version=0, actor=leader, clock=clock)
    for stale in (0, 5):  # two people who both opened an empty plan; a version from nowhere
        with pytest.raises(StaleEdit):
            proposal_plan.save_plan(
                uow, proposal.id, PlanInput(cost="Gratis"), expected_version=stale, actor=leader, clock=clock
            )
    assert proposal_plan.proposal_plan(uow, proposal.id, actor=leader).plan == first


@pytest.mark.parametrize(
    ("changes", "field", "danish"),
    [
        ({"apv_agreed_on": date(2026, 12, 24)}, "apv_agreed_on", "ligger ude i fremtiden"),
        ({"case_number": "x" * 65}, "case_number", "der må højst være 64"),
        ({"cost": "x" * 4_001}, "cost", "der må højst være 4000"),
    ],
)
def test_bad_input_stores_nothing_and_is_told_in_danish(uow, world, clock, changes, field, danish):
    proposal = scoring_proposal(uow, world, clock)  # the clock stands at the end of November 2026
    data = PlanInput(**{**PLAN.__dict__, **changes})
    with pytest.raises(FormInvalid) as refused:
        proposal_plan.save_plan(
            uow, proposal.id, data, expected_version=0, actor=_leader(uow, world), clock=clock
        )
    assert danish in Translator("da").message(refused.value.problems[field])
    with uow.read() as repo:
        assert repo.plan_of(proposal.id) is None


def test_only_the_leader_keeps_the_plan_and_only_until_the_decision(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(AccessDenied):
        proposal_plan.save_plan(
            uow,
            proposal.id,
            PLAN,
            expected_version=0,
            actor=people.actor_for(uow, world.raters[0]),
            clock=clock,
        )
    leader = _leader(uow, world)
    proposal_plan.save_plan(uow, proposal.id, PLAN, expected_version=0, actor=leader, clock=clock)
    reveal_after_one_score(uow, world, proposal, clock)  # kept up through the discussion
    proposal_plan.save_plan(uow, proposal.id, PLAN, expected_version=1, actor=leader, clock=clock)
    decide_on_first_option(uow, world, proposals.get_proposal(uow, proposal.id, actor=SYSTEM), clock)
    with pytest.raises(NotNow):
        proposal_plan.save_plan(
            uow, proposal.id, PlanInput(), expected_version=2, actor=_leader(uow, world), clock=clock
        )
    assert not proposal_plan.proposal_plan(uow, proposal.id, actor=_leader(uow, world)).can_edit
