"""Citizen evidence: what the experienced core task rests on, recorded by the leader, read by all."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assessment import citizen_evidence, people, proposals
from assessment.citizen_evidence import experienced_rests_on_nothing
from assessment.kernel.errors import FormInvalid, NotFound
from assessment.kernel.i18n import Translator
from assessment.kernel.model import CitizenEvidence, EvidenceKind
from assessment.kernel.permissions import SYSTEM, AccessDenied, NotNow
from tests.support import CountingUnitOfWork, decide_on_first_option, reveal_after_one_score, scoring_proposal


def _leader(uow, world):
    return people.actor_for(uow, world.leader_id)


def _evidence(kind: EvidenceKind) -> CitizenEvidence:
    return CitizenEvidence(1, kind, None, "", None, datetime(2026, 11, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("kinds", "nothing"),
    [
        ((), True),
        ((EvidenceKind.NONE,), True),
        ((EvidenceKind.NONE, EvidenceKind.NONE), True),
        ((EvidenceKind.SURVEY,), False),
        ((EvidenceKind.NONE, EvidenceKind.COMPLAINTS), False),
    ],
)
def test_the_experienced_core_task_rests_on_nothing_without_evidence_or_with_only_none(kinds, nothing):
    assert experienced_rests_on_nothing([_evidence(kind) for kind in kinds]) is nothing


def test_the_leader_adds_and_removes_evidence_each_in_one_transaction_with_an_audit_entry(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    assert citizen_evidence.citizen_evidence(uow, proposal.id, actor=leader).rests_on_nothing
    counting = CountingUnitOfWork(uow)
    added = citizen_evidence.add_citizen_evidence(
        counting,
        proposal.id,
        kind=EvidenceKind.USER_BOARD,
        collected_on=date(2026, 10, 2),
        note="  Brugerrådet blev spurgt på mødet i oktober.  ",
        actor=leader,
        clock=clock,
    )
    assert counting.writes == 1
    assert added.id is not None and added.recorded_by == world.leader_id
    assert added.note == "Brugerrådet blev spurgt på mødet i oktober."
    as_rater = people.actor_for(uow, world.raters[0])
    view = citizen_evidence.citizen_evidence(uow, proposal.id, actor=as_rater)  # the panel reads it
    assert view.items == (added,) and not view.rests_on_nothing and not view.can_edit

    removed = citizen_evidence.remove_citizen_evidence(uow, proposal.id, added.id, actor=leader, clock=clock)
    assert removed == added
    assert citizen_evidence.citizen_evidence(uow, proposal.id, actor=leader).items == ()
    with uow.read() as repo:
        trail = [e for e in repo.events_for("proposal", str(proposal.id)) if e.action.startswith("evidence.")]
    assert [(e.action, e.after or e.before) for e in trail] == [
        ("evidence.add", {"evidence": added.id, "kind": "user_board"}),
        ("evidence.remove", {"evidence": added.id, "kind": "user_board"}),
    ]


def test_removing_evidence_that_is_not_the_proposals_is_refused(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    other = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    theirs = citizen_evidence.add_citizen_evidence(
        uow, other.id, kind=EvidenceKind.SURVEY, actor=leader, clock=clock
    )
    with pytest.raises(NotFound):
        citizen_evidence.remove_citizen_evidence(uow, proposal.id, theirs.id, actor=leader, clock=clock)
    assert citizen_evidence.citizen_evidence(uow, other.id, actor=leader).items == (theirs,)


@pytest.mark.parametrize(
    ("changes", "field", "danish"),
    [
        ({"kind": "rygter"}, "kind", "Vælg, hvordan borgernes oplevelse er blevet hørt."),
        ({"kind": None}, "kind", "Vælg, hvordan borgernes oplevelse er blevet hørt."),
        ({"collected_on": date(2026, 12, 24)}, "collected_on", "ligger ude i fremtiden"),
        ({"note": "x" * 2_001}, "note", "der må højst være 2000"),
    ],
)
def test_bad_input_stores_nothing_and_is_told_in_danish(uow, world, clock, changes, field, danish):
    proposal = scoring_proposal(uow, world, clock)  # the clock stands at the end of November 2026
    fields = {"kind": EvidenceKind.SURVEY, "collected_on": date(2026, 11, 20), "note": ""} | changes
    with pytest.raises(FormInvalid) as refused:
        citizen_evidence.add_citizen_evidence(
            uow, proposal.id, **fields, actor=_leader(uow, world), clock=clock
        )
    assert danish in Translator("da").message(refused.value.problems[field])
    with uow.read() as repo:
        assert repo.evidence_of(proposal.id) == []


def test_only_the_leader_records_evidence_and_only_until_the_decision(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(AccessDenied):
        citizen_evidence.add_citizen_evidence(
            uow,
            proposal.id,
            kind=EvidenceKind.SURVEY,
            actor=people.actor_for(uow, world.raters[0]),
            clock=clock,
        )
    added = citizen_evidence.add_citizen_evidence(
        uow, proposal.id, kind=EvidenceKind.SURVEY, actor=_leader(uow, world), clock=clock
    )
    # The discussion may send the leader to ask the citizens before deciding.
    reveal_after_one_score(uow, world, proposal, clock)
    asked = citizen_evidence.add_citizen_evidence(
        uow, proposal.id, kind=EvidenceKind.INTERVIEWS, actor=_leader(uow, world), clock=clock
    )
    decide_on_first_option(uow, world, proposals.get_proposal(uow, proposal.id, actor=SYSTEM), clock)
    with pytest.raises(NotNow):
        citizen_evidence.remove_citizen_evidence(
            uow, proposal.id, added.id, actor=_leader(uow, world), clock=clock
        )
    view = citizen_evidence.citizen_evidence(uow, proposal.id, actor=_leader(uow, world))
    assert view.items == (added, asked) and not view.can_edit
