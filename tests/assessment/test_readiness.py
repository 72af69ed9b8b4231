"""The readiness checklist: answered once per proposal by its leader, read by everyone who sees it."""

from __future__ import annotations

import pytest

from assessment import people, proposals, readiness
from assessment.kernel.errors import FormInvalid
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM, AccessDenied, NotNow
from assessment.readiness import ReadinessInput
from tests.support import (
    CountingUnitOfWork,
    decide_on_first_option,
    ready_proposal,
    reveal_after_one_score,
    scoring_proposal,
)


def _leader(uow, world):
    return people.actor_for(uow, world.leader_id)


def _events(uow, proposal_id, action):
    with uow.read() as repo:
        return [e for e in repo.events_for("proposal", str(proposal_id)) if e.action == action]


def test_the_checklist_holds_the_rubrics_proposal_questions_and_the_panel_reads_it_while_scoring_blind(
    uow, world, clock
):
    proposal = ready_proposal(uow, world, clock)
    as_rater = people.actor_for(uow, world.raters[0])
    checklist = readiness.readiness_checklist(uow, proposal.id, actor=as_rater)
    assert [item.criterion.key for item in checklist.items] == ["apv", "oekonomi"]
    assert checklist.answered == 0 and not checklist.complete
    assert not checklist.can_edit
    assert readiness.readiness_checklist(uow, proposal.id, actor=_leader(uow, world)).can_edit


def test_the_leader_records_answers_in_one_transaction_with_one_audit_entry(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    counting = CountingUnitOfWork(uow)
    checklist = readiness.record_readiness(
        counting,
        proposal.id,
        [ReadinessInput("apv", 4, "  Gennemgået på MED-mødet 3.11.  "), ReadinessInput("oekonomi", None)],
        actor=_leader(uow, world),
        clock=clock,
    )
    assert counting.writes == 1 and counting.reads == 0
    apv, oekonomi = (checklist.item(key).answer for key in ("apv", "oekonomi"))
    assert apv is not None and apv.level == 4 and apv.note == "Gennemgået på MED-mødet 3.11."
    assert apv.answered_by == world.leader_id
    assert oekonomi is not None and oekonomi.level is None  # don't know is an answer
    assert checklist.complete
    [event] = _events(uow, proposal.id, "readiness.record")
    assert event.actor_id == world.leader_id
    assert event.after == {"levels": {"apv": 4, "oekonomi": None}, "notes_changed": ["apv"]}
    assert "MED-mødet" not in repr(event)  # the note's words stay out of the trail


def test_saving_the_same_answer_again_changes_nothing_and_logs_nothing(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    leader = _leader(uow, world)
    first = readiness.record_readiness(
        uow, proposal.id, [ReadinessInput("apv", 2, "Planlagt")], actor=leader, clock=clock
    )
    again = readiness.record_readiness(
        uow, proposal.id, [ReadinessInput("apv", 2, "Planlagt")], actor=leader, clock=clock
    )
    assert again.item("apv").answer == first.item("apv").answer  # who answered, and when, is kept
    assert len(_events(uow, proposal.id, "readiness.record")) == 1


def test_an_answer_can_be_taken_back_and_the_trail_says_so(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    leader = _leader(uow, world)
    readiness.record_readiness(uow, proposal.id, [ReadinessInput("apv", 3)], actor=leader, clock=clock)
    checklist = readiness.record_readiness(
        uow, proposal.id, [ReadinessInput("apv", None, answered=False)], actor=leader, clock=clock
    )
    assert checklist.item("apv").answer is None and checklist.answered == 0
    assert _events(uow, proposal.id, "readiness.record")[-1].before == {"levels": {"apv": 3}}


@pytest.mark.parametrize(
    ("entry", "danish"),
    [
        (ReadinessInput("apv", 7), "7 er ikke et niveau på denne skala"),
        (ReadinessInput("borger", 1), "er ikke et spørgsmål i forslagets parathedstjekliste"),
        (ReadinessInput("apv", 1, "x" * 2_001), "der må højst være 2000"),
    ],
)
def test_bad_input_stores_nothing_and_is_told_in_danish(uow, world, clock, entry, danish):
    proposal = ready_proposal(uow, world, clock)
    with pytest.raises(FormInvalid) as refused:
        readiness.record_readiness(
            uow, proposal.id, [ReadinessInput("oekonomi", 2), entry], actor=_leader(uow, world), clock=clock
        )
    assert danish in Translator("da").message(refused.value.problems[entry.criterion_key])
    with uow.read() as repo:
        assert repo.readiness_of(proposal.id) == []
    assert _events(uow, proposal.id, "readiness.record") == []


def test_only_the_leader_records_and_only_until_the_decision(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    with pytest.raises(AccessDenied):
        readiness.record_readiness(
            uow,
            proposal.id,
            [ReadinessInput("apv", 1)],
            actor=people.actor_for(uow, world.raters[0]),
            clock=clock,
        )
    # While the proposal is discussed the MED committee meets and the APV is revised: kept up.
    reveal_after_one_score(uow, world, proposal, clock)
    readiness.record_readiness(
        uow, proposal.id, [ReadinessInput("apv", 3)], actor=_leader(uow, world), clock=clock
    )
    assert (
        readiness.readiness_checklist(uow, proposal.id, actor=_leader(uow, world)).item("apv").answer.level
        == 3
    )
    decide_on_first_option(uow, world, proposals.get_proposal(uow, proposal.id, actor=SYSTEM), clock)
    with pytest.raises(NotNow):
        readiness.record_readiness(
            uow, proposal.id, [ReadinessInput("apv", 1)], actor=_leader(uow, world), clock=clock
        )
    checklist = readiness.readiness_checklist(uow, proposal.id, actor=_leader(uow, world))
    assert not checklist.can_edit and checklist.item("apv").answer.level == 3


def test_a_draft_is_answered_before_scoring_and_its_checklist_is_the_leaders_alone(uow, world, clock):
    proposal = ready_proposal(uow, world, clock, scoring=False)
    readiness.record_readiness(
        uow, proposal.id, [ReadinessInput("apv", 0)], actor=_leader(uow, world), clock=clock
    )
    with pytest.raises(AccessDenied):
        readiness.readiness_checklist(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    proposals.open_scoring(uow, proposal.id, actor=_leader(uow, world), clock=clock)
    seen = readiness.readiness_checklist(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    assert seen.item("apv").answer.level == 0


def test_a_format_1_rubric_has_an_empty_checklist(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    checklist = readiness.readiness_checklist(uow, proposal.id, actor=_leader(uow, world))
    assert checklist.items == () and checklist.complete
