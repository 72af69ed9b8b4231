"""MED steps and consultations (høringer) are stored and read back faithfully, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from assessment.kernel.errors import NotFound, StaleEdit
from assessment.kernel.model import Consultation, MedStep, MedStepKind
from tests.storage.world import World


def _step(world: World, proposal, kind: MedStepKind, held_on: date, **changes: object) -> MedStep:
    values: dict[str, object] = {
        "proposal_id": proposal.id,
        "kind": kind,
        "held_on": held_on,
        "agenda_item": "Punkt 4",
        "note": "Forslaget blev præsenteret – æøå 🍎",
        "employee_remarks": "Medarbejdersiden ønsker en evaluering efter et halvt år.",
        "recorded_by": world.people["leader"].id,
        "recorded_at": world.tick(),
    }
    values.update(changes)
    return MedStep(**values)  # type: ignore[arg-type]


def test_med_steps_are_read_in_the_order_they_were_held_and_removed_only_from_their_proposal(world):
    proposal, other = world.add_proposal(), world.add_proposal("Anden")
    with world.uow.write() as repo:
        statement = repo.add_med_step(_step(world, proposal, MedStepKind.STATEMENT, date(2026, 11, 20)))
        information = repo.add_med_step(
            _step(world, proposal, MedStepKind.INFORMATION, date(2026, 10, 1), agenda_item="", note="")
        )
        discussion = repo.add_med_step(
            _step(world, proposal, MedStepKind.DISCUSSION, date(2026, 11, 20), recorded_by=None)
        )
        theirs = repo.add_med_step(_step(world, other, MedStepKind.INFORMATION, date(2026, 9, 1)))
    assert statement == replace(
        _step(world, proposal, MedStepKind.STATEMENT, date(2026, 11, 20)),
        recorded_at=statement.recorded_at,
        id=statement.id,
    )
    assert statement.recorded_at.utcoffset() is not None and statement.committee_id is None
    with world.uow.read() as repo:
        # By date; on the same date in the order recorded.
        assert repo.med_steps_of(proposal.id) == [information, statement, discussion]
        assert repo.med_steps_by(world.people["leader"].id) == [statement, information, theirs]
    with world.uow.write() as repo:
        assert repo.remove_med_step(other.id, statement.id) is None  # not the other proposal's
        assert repo.remove_med_step(proposal.id, statement.id) == statement
        assert repo.remove_med_step(proposal.id, statement.id) is None
    with world.uow.read() as repo:
        assert repo.med_steps_of(proposal.id) == [information, discussion]
        assert repo.med_steps_of(other.id) == [theirs]


def _consultation(world: World, proposal, **changes: object) -> Consultation:
    now = world.tick()
    values: dict[str, object] = {
        "proposal_id": proposal.id,
        "body": "Ældrerådet",
        "sent_on": date(2026, 10, 12),
        "deadline": date(2026, 11, 2),
        "answered_on": None,
        "answer": "",
        "recorded_by": world.people["leader"].id,
        "recorded_at": now,
        "updated_at": now,
    }
    values.update(changes)
    return Consultation(**values)  # type: ignore[arg-type]


def test_a_consultation_gets_its_answer_once_and_a_stale_edit_is_refused(world):
    proposal, other = world.add_proposal(), world.add_proposal("Anden")
    sent = _consultation(world, proposal)
    with world.uow.write() as repo:
        stored = repo.add_consultation(replace(sent, version=7))  # a new one always starts at 1
        undated = repo.add_consultation(_consultation(world, proposal, body="Handicaprådet", sent_on=None))
    assert stored == replace(sent, id=stored.id, version=1)
    answered = replace(
        stored,
        answered_on=date(2026, 10, 30),
        answer="Ældrerådet støtter forslaget – »godt«.",
        updated_at=world.tick(),
        recorded_by=world.people["nurse"].id,  # never changes
        proposal_id=other.id,  # never changes
    )
    with world.uow.write() as repo:
        updated = repo.update_consultation(answered, expected_version=1)
    assert updated == replace(
        answered, proposal_id=proposal.id, recorded_by=world.people["leader"].id, version=2
    )
    with pytest.raises(StaleEdit), world.uow.write() as repo:
        repo.update_consultation(replace(answered, answer="Overskrevet"), expected_version=1)
    with pytest.raises(NotFound), world.uow.write() as repo:
        repo.update_consultation(replace(answered, id=987_654), expected_version=1)
    with world.uow.read() as repo:
        assert repo.consultations_of(proposal.id) == [updated, undated]
        assert repo.get_consultation(stored.id) == updated
        assert repo.consultations_by(world.people["leader"].id) == [updated, undated]
        assert repo.consultations_of(other.id) == []
    with world.uow.write() as repo:
        assert repo.remove_consultation(other.id, undated.id) is None
        assert repo.remove_consultation(proposal.id, undated.id) == undated
    with world.uow.read() as repo:
        assert repo.consultations_of(proposal.id) == [updated]
        assert repo.get_consultation(undated.id) is None
