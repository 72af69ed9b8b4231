"""Score drafts, readiness answers and citizen evidence are stored and read back faithfully, on
SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from assessment.kernel.model import CitizenEvidence, EvidenceKind, ReadinessAnswer, Round, ScoreDraft
from tests.storage.world import World


def _draft(world: World, proposal, **changes: object) -> ScoreDraft:
    values: dict[str, object] = {
        "proposal_id": proposal.id,
        "option_id": proposal.options[1].id,
        "rater_id": world.people["nurse"].id,
        "round": Round.BLIND,
        "criterion_key": "rolle",
        "facet": "spl",
        "level": -1,
        "reason": "Æblet 🍎 <b>ikke fed</b>",
        "updated_at": world.tick(),
    }
    values.update(changes)
    return ScoreDraft(**values)  # type: ignore[arg-type]


def test_a_draft_is_one_row_per_cell_and_round_saved_again_in_place(world):
    proposal = world.add_proposal()
    first = _draft(world, proposal)
    with world.uow.write() as repo:
        stored = repo.save_draft(first)
        again = repo.save_draft(
            replace(first, level=None, answered=False, reason="Kun en grund", updated_at=world.tick())
        )
        revised = repo.save_draft(replace(first, round=Round.REVISED, level=2))
    assert stored.id is not None and again.id == stored.id and revised.id != stored.id
    with world.uow.read() as repo:
        blind = repo.drafts_of(proposal.id, world.people["nurse"].id, Round.BLIND)
        every = repo.drafts_of(proposal.id, world.people["nurse"].id)
        others = repo.drafts_of(proposal.id, world.people["carer1"].id)
    assert blind == [
        replace(
            first,
            level=None,
            answered=False,
            reason="Kun en grund",
            updated_at=again.updated_at,
            id=stored.id,
        )
    ]
    assert blind[0].updated_at.utcoffset() is not None
    assert [d.round for d in every] == [Round.BLIND, Round.REVISED] and others == []


def test_drafts_are_removed_one_by_one_by_round_or_all_and_read_by_their_rater(world):
    proposal, other = world.add_proposal(), world.add_proposal("Anden")
    nurse, carer = world.people["nurse"].id, world.people["carer1"].id
    with world.uow.write() as repo:
        one = repo.save_draft(_draft(world, proposal))
        repo.save_draft(_draft(world, proposal, criterion_key="borger", facet=""))
        repo.save_draft(_draft(world, proposal, round=Round.REVISED))
        repo.save_draft(_draft(world, other))
        repo.save_draft(_draft(world, proposal, rater_id=carer, facet="ssh"))
    with world.uow.write() as repo:
        repo.delete_draft(one)
        assert repo.delete_drafts(proposal.id, nurse, Round.REVISED) == 1
    with world.uow.read() as repo:
        assert [(d.criterion_key, d.round) for d in repo.drafts_of(proposal.id, nurse)] == [
            ("borger", Round.BLIND)
        ]
        assert [d.proposal_id for d in repo.drafts_by(nurse)] == [proposal.id, other.id]
    with world.uow.write() as repo:
        assert repo.delete_drafts(proposal.id, nurse) == 1
    with world.uow.read() as repo:
        assert [d.proposal_id for d in repo.drafts_by(nurse)] == [other.id]
        assert len(repo.drafts_by(carer)) == 1


def test_a_draft_of_an_option_that_is_not_stored_is_refused_by_the_database(world):
    proposal = world.add_proposal()
    with pytest.raises(IntegrityError), world.uow.write() as repo:
        repo.save_draft(_draft(world, proposal, option_id=987_654))


def _answer(world: World, proposal, key: str = "apv", **changes: object) -> ReadinessAnswer:
    values: dict[str, object] = {
        "proposal_id": proposal.id,
        "criterion_key": key,
        "level": 3,
        "note": "Gennemgået i MED 3.11. – æøå",
        "answered_by": world.people["leader"].id,
        "answered_at": world.tick(),
    }
    values.update(changes)
    return ReadinessAnswer(**values)  # type: ignore[arg-type]


def test_a_readiness_answer_is_replaced_in_place_and_removed(world):
    proposal, other = world.add_proposal(), world.add_proposal("Anden")
    first = _answer(world, proposal)
    with world.uow.write() as repo:
        assert repo.save_readiness(first) is None
        assert repo.save_readiness(_answer(world, proposal, "oekonomi", level=None, note="")) is None
        replaced = repo.save_readiness(replace(first, level=4, answered_by=world.people["nurse"].id))
        repo.save_readiness(_answer(world, other))
    assert replaced == first
    with world.uow.read() as repo:
        found = repo.readiness_of(proposal.id)
        by_nurse = repo.readiness_by(world.people["nurse"].id)
    assert [(a.criterion_key, a.level) for a in found] == [("apv", 4), ("oekonomi", None)]
    assert found[0].note == first.note and found[0].answered_at.utcoffset() is not None
    assert [(a.proposal_id, a.criterion_key) for a in by_nurse] == [(proposal.id, "apv")]
    with world.uow.write() as repo:
        assert repo.remove_readiness(proposal.id, "apv") == found[0]
        assert repo.remove_readiness(proposal.id, "apv") is None
    with world.uow.read() as repo:
        assert [a.criterion_key for a in repo.readiness_of(proposal.id)] == ["oekonomi"]
        assert [a.criterion_key for a in repo.readiness_of(other.id)] == ["apv"]


def test_citizen_evidence_is_stored_with_its_date_and_removed_only_from_its_proposal(world):
    proposal, other = world.add_proposal(), world.add_proposal("Anden")
    evidence = CitizenEvidence(
        proposal_id=proposal.id,
        kind=EvidenceKind.USER_BOARD,
        collected_on=date(2026, 10, 2),
        note="Brugerrådet 🍎",
        recorded_by=world.people["leader"].id,
        recorded_at=world.tick(),
    )
    with world.uow.write() as repo:
        stored = repo.add_evidence(evidence)
        undated = repo.add_evidence(replace(evidence, kind=EvidenceKind.NONE, collected_on=None, note=""))
    assert stored == replace(evidence, id=stored.id) and stored.id is not None
    with world.uow.read() as repo:
        assert repo.evidence_of(proposal.id) == [stored, undated]
        assert repo.evidence_by(world.people["leader"].id) == [stored, undated]
        assert repo.evidence_of(other.id) == []
    with world.uow.write() as repo:
        assert repo.remove_evidence(other.id, stored.id) is None  # not the other proposal's
        assert repo.remove_evidence(proposal.id, stored.id) == stored
    with world.uow.read() as repo:
        assert repo.evidence_of(proposal.id) == [undated]
