"""Drafts of a core task in the database: at most one open draft per proposal, closed ones kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.exc import IntegrityError

from assessment.kernel.errors import StaleEdit
from assessment.kernel.model import CoreTaskDraft, CoreTaskDraftStatus
from tests.storage.world import World


def _draft(world: World, proposal_id: int, statement: str = "Udkast") -> CoreTaskDraft:
    now = world.tick()
    leader = world.people["leader"].id
    return CoreTaskDraft(
        unit_id=world.home_care.id or 0,
        proposal_id=proposal_id,
        based_on_version=0,
        statement=statement,
        formal="",
        performed="",
        experienced="",
        created_by=leader,
        created_at=now,
        updated_by=leader,
        updated_at=now,
    )


def test_a_draft_is_stored_read_back_and_updated_with_its_version_checked(world):
    proposal = world.add_proposal()
    with world.uow.write() as repo:
        stored = repo.add_core_task_draft(_draft(world, proposal.id or 0))
    assert stored.id is not None and stored.version == 1 and stored.status is CoreTaskDraftStatus.OPEN
    with world.uow.write() as repo:
        saved = repo.update_core_task_draft(replace(stored, statement="Ny tekst", updated_at=world.tick()), 1)
    assert saved.statement == "Ny tekst" and saved.version == 2
    assert saved.created_at == stored.created_at and saved.proposal_id == proposal.id
    with pytest.raises(StaleEdit, match="changed by"), world.uow.write() as repo:
        repo.update_core_task_draft(replace(stored, statement="Gammel"), 1)
    with world.uow.read() as repo:
        assert repo.get_core_task_draft(stored.id).statement == "Ny tekst"
        assert [d.id for d in repo.open_core_task_drafts(world.home_care.id or 0)] == [stored.id]
        assert [d.id for d in repo.core_task_drafts_by(world.people["leader"].id or 0)] == [stored.id]


def test_the_database_refuses_a_second_open_draft_for_one_proposal_but_keeps_closed_ones(world):
    proposal = world.add_proposal()
    with world.uow.write() as repo:
        first = repo.add_core_task_draft(_draft(world, proposal.id or 0))
    with pytest.raises(IntegrityError), world.uow.write() as repo:
        repo.add_core_task_draft(_draft(world, proposal.id or 0, "To på én gang"))
    with world.uow.write() as repo:
        repo.update_core_task_draft(replace(first, status=CoreTaskDraftStatus.DISCARDED), 1)
        second = repo.add_core_task_draft(_draft(world, proposal.id or 0, "Nyt udkast"))
    with world.uow.read() as repo:
        drafts = repo.core_task_drafts_of(proposal.id or 0)
        assert [(d.id, d.status) for d in drafts] == [
            (second.id, CoreTaskDraftStatus.OPEN),
            (first.id, CoreTaskDraftStatus.DISCARDED),
        ]
        assert [d.id for d in repo.open_core_task_drafts(world.home_care.id or 0)] == [second.id]
