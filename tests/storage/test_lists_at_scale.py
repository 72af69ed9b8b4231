"""Lists that grow with the municipality: everyone's roles in one query, due follow-ups capped."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event

from assessment import organisation, proposals
from assessment.kernel.model import Decision, Membership, Person, Role, Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from tests.storage.world import World


def _grant(world: World, person_id: int, *roles: Role) -> list[Membership]:
    with world.uow.write() as repo:
        return [repo.add_membership(Membership(person_id, world.home_care.id, role)) for role in roles]


def test_all_memberships_are_every_persons_memberships_by_id(world):
    nurse, leader = world.people["nurse"].id, world.people["leader"].id
    granted = _grant(world, nurse, Role.RATER, Role.MED_MEMBER) + _grant(world, leader, Role.LEADER)
    with world.uow.read() as repo:
        everyone = repo.all_memberships()
        one_by_one = [m for person in repo.list_people() for m in repo.memberships_of(person.id or 0)]
    assert everyone == sorted(one_by_one, key=lambda m: m.id or 0)
    assert all(membership in everyone for membership in granted)


def test_people_and_roles_asks_for_the_memberships_once_however_many_people(world, engine):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    def queries() -> int:
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            organisation.people_and_roles(world.uow, actor=SYSTEM)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    _grant(world, world.people["nurse"].id, Role.RATER)
    few = queries()
    with world.uow.write() as repo:
        added = [repo.add_person(Person(name=f"Person {n}", email=f"p{n}@kommune.dk")) for n in range(20)]
    for person in added:
        _grant(world, person.id or 0, Role.RATER, Role.READER)
    assert queries() == few
    listed = {entry.person.id: entry for entry in organisation.people_and_roles(world.uow, actor=SYSTEM)}
    assert listed[added[3].id].roles == [(Role.RATER, world.home_care), (Role.READER, world.home_care)]
    assert listed[world.people["nurse"].id].roles == [(Role.RATER, world.home_care)]


def _decided(world: World, title: str, follow_up: date) -> int:
    proposal = world.add_proposal(title, status=Status.DECIDED)
    decision = Decision(
        proposal_id=proposal.id or 0,
        chosen_option_id=proposal.options[1].id or 0,
        justification="Bedst for borgeren",
        med_statement="MED bakker op",
        dissent="",
        conditions="",
        follow_up_date=follow_up,
        indicators="",
        decided_by=world.people["leader"].id,
        decided_at=world.tick(),
    )
    with world.uow.write() as repo:
        repo.save_decision(decision, None)
    return proposal.id or 0


def test_the_overview_lists_the_most_overdue_follow_ups_and_counts_the_rest(world):
    first = date(2027, 1, 1)
    days = [first + timedelta(days=n) for n in range(12)]
    for day in reversed(days):  # stored newest first, so the order must come from the dates
        _decided(world, f"Forslag {day.isoformat()}", day)
    _decided(world, "Ikke endnu", date(2028, 1, 1))

    found = proposals.overview(world.uow, ProposalFilter(), actor=SYSTEM, today=date(2027, 6, 1))
    assert proposals.FOLLOW_UPS_LISTED == 10
    assert [s.follow_up_date for s in found.follow_ups_due] == days[:10]
    assert found.follow_ups_due_total == 12

    everything = proposals.overview(
        world.uow, ProposalFilter(), actor=SYSTEM, today=date(2027, 6, 1), follow_ups_limit=None
    )
    assert [s.follow_up_date for s in everything.follow_ups_due] == days
    assert everything.follow_ups_due_total == 12

    few = proposals.overview(world.uow, ProposalFilter(), actor=SYSTEM, today=days[2])
    assert [s.follow_up_date for s in few.follow_ups_due] == days[:3]
    assert few.follow_ups_due_total == 3

    with world.uow.read() as repo:
        assert repo.count_follow_ups_due(date(2027, 6, 1), scope=None) == 12
        assert len(repo.follow_ups_due(date(2030, 1, 1), scope=None, limit=5)) == 5
