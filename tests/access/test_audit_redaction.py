"""The audit trail tells an administrator who did what, but not what a draft they may not see says."""

from __future__ import annotations

from assessment import audit, people, proposals
from assessment.kernel.model import Role
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import AuditQuery
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, build_world, proposal_input


def _registrations(uow, actor):
    trail = audit.audit_trail(uow, AuditQuery(action_prefix="proposal.register", limit=None), actor=actor)
    return trail.rows


def test_a_drafts_title_is_hidden_from_an_administrator_who_may_not_see_it_and_shown_to_one_who_may():
    uow, clock = FakeUnitOfWork(), Clock()
    world = build_world(uow, clock)
    proposals.register_proposal(
        uow, proposal_input(world, title="Hemmelig omlægning"), actor=people.actor_for(uow, world.leader_id)
    )
    admin = people.register_person(
        uow, name="Henrik Holm", email="henrik@kommune.dk", profession_id=None, actor=SYSTEM
    )
    people.grant_role(uow, person_id=admin.id or 0, unit_id=world.top_unit_id, role=Role.ADMIN, actor=SYSTEM)

    [row] = _registrations(uow, people.actor_for(uow, admin.id or 0))
    assert row.hidden and row.event.after is None and row.actor_name == "Lone Leder"
    assert "Hemmelig" not in audit.change_of(row.event)

    people.grant_role(uow, person_id=admin.id or 0, unit_id=world.unit_id, role=Role.LEADER, actor=SYSTEM)
    [row] = _registrations(uow, people.actor_for(uow, admin.id or 0))
    assert not row.hidden and "Hemmelig omlægning" in audit.change_of(row.event)
