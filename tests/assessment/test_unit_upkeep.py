"""Keeping the organisation up: units renamed, moved, merged and closed, with their history kept."""

from __future__ import annotations

import pytest

from assessment import med_committees, organisation, people, proposals, unit_upkeep
from assessment.kernel.errors import FormInvalid
from assessment.kernel.i18n import Translator
from assessment.kernel.model import CommitteeKind, Role, Status, UnitLevel
from assessment.kernel.permissions import SYSTEM, AccessDenied
from assessment.kernel.repository import AuditQuery
from tests.assessment.helpers import leader
from tests.support import proposal_input

danish = Translator("da")


def _unit(uow, clock, name, parent_id, level=UnitLevel.INSTITUTION):
    return organisation.register_unit(
        uow, name=name, level=level, parent_id=parent_id, actor=SYSTEM, clock=clock
    )


def _problem(refused: pytest.ExceptionInfo[FormInvalid], field: str) -> str:
    return danish.message(refused.value.problems[field])


def _units(uow):
    with uow.read() as repo:
        return {unit.id: unit for unit in repo.list_units()}


@pytest.mark.parametrize(
    "same", ["Hjemmeplejen Nord", "hjemmeplejen nord", "  Hjemmeplejen   NORD ", "HJEMMEPLEJEN\tNord"]
)
def test_a_duplicate_name_under_the_same_parent_is_refused(uow, world, clock, same):
    with pytest.raises(FormInvalid) as refused:
        _unit(uow, clock, same, world.top_unit_id)
    assert _problem(refused, "name") == (
        "Der findes allerede en enhed med navnet »Hjemmeplejen Nord« samme sted i organisationen. "
        "Giv enheden et andet navn."
    )
    assert len(_units(uow)) == 2


def test_the_same_name_elsewhere_in_the_tree_is_accepted(uow, world, clock):
    other = _unit(uow, clock, "Børn og Unge", None, UnitLevel.ADMINISTRATION)
    _unit(uow, clock, "Hjemmeplejen Nord", other.id)
    with pytest.raises(FormInvalid):
        _unit(uow, clock, "ældre og sundhed", None, UnitLevel.ADMINISTRATION)


def test_a_unit_is_renamed_and_the_old_name_is_in_the_audit_trail(uow, world, clock):
    renamed = unit_upkeep.rename_unit(
        uow, world.unit_id, name="Hjemmeplejen Nordvest", actor=SYSTEM, clock=clock
    )
    assert renamed.name == _units(uow)[world.unit_id].name == "Hjemmeplejen Nordvest"
    with uow.read() as repo:
        event = repo.events_for("unit", str(world.unit_id))[-1]
    assert (event.action, event.before, event.after) == (
        "unit.rename",
        {"name": "Hjemmeplejen Nord"},
        {"name": "Hjemmeplejen Nordvest"},
    )


def test_renaming_to_a_siblings_name_is_refused_but_a_new_case_of_its_own_name_is_not(uow, world, clock):
    sibling = _unit(uow, clock, "Hjemmeplejen Syd", world.top_unit_id)
    with pytest.raises(FormInvalid, match="already a unit"):
        unit_upkeep.rename_unit(uow, sibling.id or 0, name=" hjemmeplejen  nord", actor=SYSTEM, clock=clock)
    unit_upkeep.rename_unit(uow, world.unit_id, name="HJEMMEPLEJEN NORD", actor=SYSTEM, clock=clock)
    assert _units(uow)[sibling.id].name == "Hjemmeplejen Syd"


def test_a_unit_is_moved_but_never_below_itself(uow, world, clock):
    team = _unit(uow, clock, "Team 1", world.unit_id, UnitLevel.TEAM)
    other = _unit(uow, clock, "Sundhed", None, UnitLevel.ADMINISTRATION)
    for below_itself in (world.top_unit_id, world.unit_id, team.id):
        with pytest.raises(FormInvalid) as refused:
            unit_upkeep.move_unit(uow, world.top_unit_id, parent_id=below_itself, actor=SYSTEM, clock=clock)
        assert "under sig selv" in _problem(refused, "parent_id")
    moved = unit_upkeep.move_unit(uow, world.unit_id, parent_id=other.id, actor=SYSTEM, clock=clock)
    assert moved.parent_id == other.id == _units(uow)[world.unit_id].parent_id
    assert _units(uow)[team.id].parent_id == world.unit_id  # the units below go with it


def test_a_move_next_to_a_unit_of_the_same_name_is_refused(uow, world, clock):
    other = _unit(uow, clock, "Sundhed", None, UnitLevel.ADMINISTRATION)
    _unit(uow, clock, "hjemmeplejen nord", other.id)
    with pytest.raises(FormInvalid, match="already a unit"):
        unit_upkeep.move_unit(uow, world.unit_id, parent_id=other.id, actor=SYSTEM, clock=clock)
    assert _units(uow)[world.unit_id].parent_id == world.top_unit_id


def test_an_administrator_of_one_unit_cannot_move_it_into_another(uow, world, clock):
    other = _unit(uow, clock, "Sundhed", None, UnitLevel.ADMINISTRATION)
    people.grant_role(
        uow, person_id=world.leader_id, unit_id=world.unit_id, role=Role.ADMIN, actor=SYSTEM, clock=clock
    )
    with pytest.raises(AccessDenied):
        unit_upkeep.move_unit(uow, world.unit_id, parent_id=other.id, actor=leader(uow, world), clock=clock)
    unit_upkeep.rename_unit(uow, world.unit_id, name="Hjemmeplejen N", actor=leader(uow, world), clock=clock)


def test_closing_is_refused_while_proposals_are_undecided_or_units_below_are_open(uow, world, clock):
    proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    proposals.register_proposal(
        uow, proposal_input(world, title="Andet"), actor=leader(uow, world), clock=clock
    )
    team = _unit(uow, clock, "Team 1", world.unit_id, UnitLevel.TEAM)
    with pytest.raises(FormInvalid) as refused:
        unit_upkeep.close_unit(uow, world.unit_id, actor=SYSTEM, clock=clock)
    assert _problem(refused, "proposals") == (
        "Enheden kan ikke lukkes, så længe den har forslag, der endnu ikke er besluttet (2). "
        "Beslut dem eller flyt dem til en anden enhed først."
    )
    assert "(1)" in _problem(refused, "children")
    assert _units(uow)[world.unit_id].is_open
    unit_upkeep.close_unit(uow, team.id or 0, actor=SYSTEM, clock=clock)
    with pytest.raises(FormInvalid) as refused:
        unit_upkeep.close_unit(uow, world.unit_id, actor=SYSTEM, clock=clock)
    assert set(refused.value.problems) == {"proposals"}


def test_a_closed_unit_keeps_its_history_and_takes_nothing_new(uow, world, clock):
    committee = med_committees.register_committee(
        uow, name="Lokal-MED", kind=CommitteeKind.LOCAL, unit_id=world.unit_id, actor=SYSTEM, clock=clock
    )
    closed = unit_upkeep.close_unit(uow, world.unit_id, actor=SYSTEM, clock=clock)
    assert closed.closed_at == _units(uow)[world.unit_id].closed_at is not None
    tree = organisation.units_in_tree(uow, actor=SYSTEM)
    assert world.unit_id in {entry.unit.id for entry in tree}  # still in the tree, as history
    with uow.read() as repo:
        assert not repo.get_committee(committee.id or 0).is_open  # its committee closed with it
    with pytest.raises(FormInvalid, match="closed"):
        proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    with pytest.raises(FormInvalid, match="closed"):
        people.grant_role(
            uow, person_id=world.raters[0], unit_id=world.unit_id, role=Role.LEADER, actor=SYSTEM
        )
    with pytest.raises(FormInvalid, match="closed"):
        _unit(uow, clock, "Team 2", world.unit_id, UnitLevel.TEAM)
    with pytest.raises(FormInvalid, match="closed"):
        unit_upkeep.rename_unit(uow, world.unit_id, name="Ny", actor=SYSTEM, clock=clock)
    # Its name is free again for a new unit in the same place.
    _unit(uow, clock, "Hjemmeplejen Nord", world.top_unit_id)


def test_a_merge_moves_the_units_below_copies_the_roles_and_keeps_the_proposals(uow, world, clock):
    target = _unit(uow, clock, "Hjemmeplejen Syd", world.top_unit_id)
    team = _unit(uow, clock, "Team 1", world.unit_id, UnitLevel.TEAM)
    people.grant_role(
        uow, person_id=world.raters[0], unit_id=target.id or 0, role=Role.RATER, actor=SYSTEM, clock=clock
    )
    proposal = proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    merged = unit_upkeep.merge_unit(uow, world.unit_id, into_id=target.id or 0, actor=SYSTEM, clock=clock)
    units = _units(uow)
    assert (merged.merged_into_id, units[world.unit_id].merged_into_id) == (target.id, target.id)
    assert units[world.unit_id].closed_at is not None and units[team.id].parent_id == target.id
    with uow.read() as repo:
        in_target = sorted((m.person_id, m.role) for m in repo.all_memberships() if m.unit_id == target.id)
        still_in_a = [m for m in repo.all_memberships() if m.unit_id == world.unit_id]
        assert repo.get_proposal(proposal.id or 0).unit_id == world.unit_id  # history unchanged
    assert in_target == sorted([(world.leader_id, Role.LEADER)] + [(r, Role.RATER) for r in world.raters])
    assert len(still_in_a) == 4  # the roles in A stay, so its proposals stay readable to the same people
    # The undecided proposal goes on in the merged unit, and its leader can still open it.
    assert proposals.get_proposal(uow, proposal.id or 0, actor=leader(uow, world)).status is Status.DRAFT
    with uow.read() as repo:
        events, _ = repo.find_events(AuditQuery(action_prefix="unit.merge", limit=None))
    assert (
        events[0].after
        and events[0].after["units_moved"] == [team.id]
        and events[0].after["roles_copied"] == 3
    )


def test_a_unit_cannot_be_merged_into_itself_a_unit_below_it_or_a_closed_unit(uow, world, clock):
    closed = _unit(uow, clock, "Lukket", world.top_unit_id)
    unit_upkeep.close_unit(uow, closed.id or 0, actor=SYSTEM, clock=clock)
    itself, below_it, into_closed = (
        (world.unit_id, world.unit_id),
        (world.top_unit_id, world.unit_id),
        (world.unit_id, closed.id or 0),
    )
    for unit_id, into in (itself, below_it, into_closed):
        with pytest.raises(FormInvalid) as refused:
            unit_upkeep.merge_unit(uow, unit_id, into_id=into, actor=SYSTEM, clock=clock)
        assert "into_id" in refused.value.problems
    assert all(unit.is_open for unit in _units(uow).values() if unit.id != closed.id)


def test_a_merge_that_would_put_two_units_of_one_name_under_the_target_is_refused(uow, world, clock):
    target = _unit(uow, clock, "Hjemmeplejen Syd", world.top_unit_id)
    _unit(uow, clock, "Team 1", world.unit_id, UnitLevel.TEAM)
    _unit(uow, clock, "team 1", target.id, UnitLevel.TEAM)
    with pytest.raises(FormInvalid, match="Team 1"):
        unit_upkeep.merge_unit(uow, world.unit_id, into_id=target.id or 0, actor=SYSTEM, clock=clock)
    assert _units(uow)[world.unit_id].is_open
