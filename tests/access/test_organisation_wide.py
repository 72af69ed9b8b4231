"""Actions about the whole organisation need an administrator at the top of the unit tree.

An administrator of one small unit administers that unit: its people's roles, its core task.
People, professions, rubrics, the audit trail and a person without any role belong to everyone,
so they are refused to that administrator and recorded as refused.
"""

from __future__ import annotations

import pytest

from assessment import audit, organisation, people, personal_data
from assessment.kernel.model import Role
from assessment.kernel.permissions import SYSTEM, WHOLE_ORGANISATION, AccessDenied, Action, allows
from assessment.kernel.repository import AuditQuery
from tests.fakes import FakeUnitOfWork
from tests.support import SMALL_RUBRIC, Clock, World, build_world


@pytest.fixture
def town() -> tuple[FakeUnitOfWork, World, Clock]:
    uow, clock = FakeUnitOfWork(), Clock()
    return uow, build_world(uow, clock), clock


def _admin_of(uow: FakeUnitOfWork, unit_id: int, clock: Clock, email: str):
    person = people.register_person(
        uow, name=email.split("@")[0], email=email, profession_id=None, actor=SYSTEM, clock=clock
    )
    people.grant_role(
        uow, person_id=person.id or 0, unit_id=unit_id, role=Role.ADMIN, actor=SYSTEM, clock=clock
    )
    return people.actor_for(uow, person.id or 0)


def _organisation_wide_actions(uow: FakeUnitOfWork, clock: Clock, loner_id: int):
    rubric = SMALL_RUBRIC.replace('id = "lille"', 'id = "lille2"').encode()
    return {
        "register a person": lambda actor: people.register_person(
            uow,
            name="Ny Person",
            email=f"ny{id(actor)}@kommune.dk",
            profession_id=None,
            actor=actor,
            clock=clock,
        ),
        "register a profession": lambda actor: people.register_profession(
            uow, name=f"Fag {id(actor)}", actor=actor, clock=clock
        ),
        "store a rubric": lambda actor: organisation.register_rubric(
            uow, content=rubric, source_name="lille2.toml", actor=actor, clock=clock
        ),
        "read the audit trail": lambda actor: audit.audit_trail(uow, AuditQuery(), actor=actor),
        "export a person without roles": lambda actor: personal_data.export_person(
            uow, loner_id, actor=actor, clock=clock
        ),
    }


def test_an_administrator_of_one_unit_is_refused_every_organisation_wide_action(town):
    uow, world, clock = town
    small_admin = _admin_of(uow, world.unit_id, clock, "lille@kommune.dk")
    loner = people.register_person(
        uow, name="Uden Rolle", email="uden@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
    )
    assert not allows(small_admin, Action.READ_AUDIT, WHOLE_ORGANISATION)
    for what, act in _organisation_wide_actions(uow, clock, loner.id or 0).items():
        with pytest.raises(AccessDenied):
            act(small_admin)
        with uow.read() as repo:
            refused = repo.find_events(AuditQuery(actor_id=small_admin.person_id, action_prefix="denied:"))[0]
        assert refused, f"{what}: the refusal is not in the audit trail"
    # Within the unit, the same administrator still administers: granting a role there works.
    people.grant_role(
        uow, person_id=loner.id or 0, unit_id=world.unit_id, role=Role.READER, actor=small_admin, clock=clock
    )


def test_an_administrator_at_the_top_may_do_each_of_them(town):
    uow, world, clock = town
    top_admin = _admin_of(uow, world.top_unit_id, clock, "top@kommune.dk")
    loner = people.register_person(
        uow, name="Uden Rolle", email="uden@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
    )
    assert top_admin.organisation_roles == frozenset({Role.ADMIN})
    for act in _organisation_wide_actions(uow, clock, loner.id or 0).values():
        act(top_admin)


def test_an_administrator_of_one_unit_sees_everyone_but_only_the_roles_they_administer(town):
    uow, world, clock = town
    small_admin = _admin_of(uow, world.unit_id, clock, "lille@kommune.dk")
    people.grant_role(
        uow, person_id=world.raters[0], unit_id=world.top_unit_id, role=Role.READER, actor=SYSTEM, clock=clock
    )
    listed = {entry.person.id: entry for entry in organisation.people_and_roles(uow, actor=small_admin)}
    anne = listed[world.raters[0]]
    assert {unit.id for _role, unit in anne.roles} == {world.unit_id}  # not the top's reader role
    top_admin = _admin_of(uow, world.top_unit_id, clock, "top@kommune.dk")
    everything = {entry.person.id: entry for entry in organisation.people_and_roles(uow, actor=top_admin)}
    assert {unit.id for _role, unit in everything[world.raters[0]].roles} == {
        world.unit_id,
        world.top_unit_id,
    }
