"""Units kept up and MED committees as the SQL repository stores them: what is written is read back."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.exc import IntegrityError

from assessment.kernel.errors import NotFound
from assessment.kernel.model import (
    CommitteeKind,
    CommitteeRole,
    CommitteeSide,
    MedCommittee,
    MedCommitteeMember,
    Unit,
    UnitLevel,
)
from tests.storage.world import World, at


def _committee(world: World, name: str = "Lokal-MED") -> MedCommittee:
    with world.uow.write() as repo:
        return repo.add_committee(
            MedCommittee(name=name, kind=CommitteeKind.LOCAL, unit_id=world.home_care.id or 0)
        )


def test_a_closed_and_merged_unit_is_read_back_with_its_time_in_utc(world: World):
    with world.uow.write() as repo:
        other = repo.add_unit(
            Unit(name="Hjemmeplejen Syd", level=UnitLevel.INSTITUTION, parent_id=world.municipality.id)
        )
        closed = repo.update_unit(
            replace(world.home_care, name="HP Nord", closed_at=at(5), merged_into_id=other.id)
        )
    with world.uow.read() as repo:
        listed = {unit.id: unit for unit in repo.list_units()}
        assert repo.get_unit(world.home_care.id or 0) == listed[world.home_care.id] == closed
    assert (closed.name, closed.closed_at, closed.merged_into_id) == ("HP Nord", at(5), other.id)
    assert closed.closed_at is not None and closed.closed_at.tzinfo is not None
    assert listed[other.id].is_open


def test_updating_a_unit_that_does_not_exist_is_refused(world: World):
    with pytest.raises(NotFound), world.uow.write() as repo:
        repo.update_unit(Unit(name="Ingen", level=UnitLevel.TEAM, id=987_654))


def test_a_committee_and_its_seats_are_stored_and_a_removal_keeps_the_seat(world: World):
    committee = _committee(world)
    carer, nurse = world.people["carer1"].id or 0, world.people["nurse"].id or 0
    with world.uow.write() as repo:
        amr = repo.add_committee_member(
            MedCommitteeMember(
                committee.id or 0, carer, CommitteeSide.EMPLOYEE, CommitteeRole.WORK_ENVIRONMENT_REP, at(1)
            )
        )
        repo.add_committee_member(
            MedCommitteeMember(
                committee.id or 0, nurse, CommitteeSide.EMPLOYEE, CommitteeRole.UNION_REP, at(2)
            )
        )
        repo.update_committee_member(replace(amr, removed_at=at(3)))
        repo.update_committee(replace(committee, name="LMU", closed_at=at(4)))
    with world.uow.read() as repo:
        stored = repo.get_committee(committee.id or 0)
        seats = repo.committee_members(committee.id)
        assert repo.committee_members() == seats and repo.list_committees() == [stored]
        assert repo.committee_seats_of(carer) == [seats[0]]
    assert stored is not None and (stored.name, stored.closed_at, stored.kind) == (
        "LMU",
        at(4),
        CommitteeKind.LOCAL,
    )
    assert [(s.person_id, s.role, s.removed_at) for s in seats] == [
        (carer, CommitteeRole.WORK_ENVIRONMENT_REP, at(3)),
        (nurse, CommitteeRole.UNION_REP, None),
    ]


def test_a_proposal_keeps_its_committee_and_an_unknown_committee_is_refused(world: World):
    committee = _committee(world)
    proposal = world.add_proposal(med_committee="Lokal-MED", med_committee_id=committee.id)
    with world.uow.read() as repo:
        stored = repo.get_proposal(proposal.id or 0)
    assert stored is not None and (stored.med_committee_id, stored.med_committee) == (
        committee.id,
        "Lokal-MED",
    )
    with pytest.raises(IntegrityError), world.uow.write() as repo:
        repo.add_proposal(world.proposal(med_committee_id=987_654))
