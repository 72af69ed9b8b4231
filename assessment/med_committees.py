"""MED committees (MED-udvalg) as organisation data: the committees at each level and who sits on them.

A committee covers the level of one unit: the hovedudvalg at the municipality, an område- or
center-MED at an administration, a lokaludvalg at an institution. Its members sit on the
management side or the employee side in a role; the arbejdsmiljørepræsentant (AMR) and the
tillidsrepræsentant (TR) are on the employee side. Removing a member keeps the seat with the
time it ended, and closing or merging a committee keeps it (and the proposals that name it)
readable: nothing here is ever deleted.

Merging committee A into B gives B a seat for each of A's current members where B does not
already have that person in that role, and closes A with ``merged_into_id`` = B. A's seats stay
as they were, as its history; proposals keep naming A.

The proposal form offers :func:`committees_for_unit`, the open committees of the proposal's unit
and the units above it, nearest first: the deciding level's committee is the one involved.
:func:`committee_for_summary` is what the decision summary says about a proposal's committee.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, FormInvalid, Message, NotFound, WrongState
from assessment.kernel.forms import TITLE_LIMIT, Form
from assessment.kernel.model import (
    CommitteeKind,
    CommitteeRole,
    CommitteeSide,
    MedCommittee,
    MedCommitteeMember,
    Proposal,
    Unit,
)
from assessment.kernel.permissions import Action, Actor, allows, check, use_case
from assessment.kernel.records import record_audit, require
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.unit_upkeep import name_key, open_unit, record_change

__all__ = [
    "KIND_LABELS",
    "ROLE_LABELS",
    "SIDE_LABELS",
    "CommitteeEntry",
    "CommitteeFacts",
    "Seat",
    "add_member",
    "close_committee",
    "committee_choices",
    "committee_for_summary",
    "committee_overview",
    "committees_for_unit",
    "merge_committee",
    "move_committee",
    "register_committee",
    "remove_member",
    "rename_committee",
]

KIND_LABELS: dict[CommitteeKind, str] = {
    CommitteeKind.MAIN: N_("Main committee"),
    CommitteeKind.AREA: N_("Area committee"),
    CommitteeKind.LOCAL: N_("Local committee"),
    CommitteeKind.STAFF_MEETING: N_("Staff meeting with MED status"),
}

SIDE_LABELS: dict[CommitteeSide, str] = {
    CommitteeSide.EMPLOYER: N_("Management side"),
    CommitteeSide.EMPLOYEE: N_("Employee side"),
}

ROLE_LABELS: dict[CommitteeRole, str] = {
    CommitteeRole.CHAIR: N_("Chair"),
    CommitteeRole.VICE_CHAIR: N_("Vice-chair"),
    CommitteeRole.MEMBER: N_("Committee member"),
    CommitteeRole.WORK_ENVIRONMENT_REP: N_("Health and safety representative"),
    CommitteeRole.UNION_REP: N_("Union representative"),
}

# Elected by and among the employees: they sit on the employee side.
EMPLOYEE_SIDE_ROLES = frozenset({CommitteeRole.WORK_ENVIRONMENT_REP, CommitteeRole.UNION_REP})

DUPLICATE_COMMITTEE = N_("The unit already has a MED committee called “{name}”. Give this one another name.")
CLOSED_COMMITTEE = N_("The MED committee “{name}” is closed.")


# Reading ----------------------------------------------------------------------------------------


def _chain(repo: Repository, unit_id: int) -> list[int]:
    """The unit and the units above it, nearest first (a unit met twice ends the chain)."""
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        unit = repo.get_unit(current)
        if unit is None:
            break
        chain.append(current)
        current = unit.parent_id
    return chain


def committees_for_unit(repo: Repository, unit_id: int) -> list[MedCommittee]:
    """The open committees of the unit and of the units above it, nearest first, by name within a unit."""
    chain = _chain(repo, unit_id)
    position = {unit: place for place, unit in enumerate(chain)}
    found = [c for c in repo.list_committees() if c.is_open and c.unit_id in position]
    return sorted(found, key=lambda c: (position[c.unit_id], name_key(c.name), c.id or 0))


@dataclass(frozen=True)
class CommitteeFacts:
    """What the decision summary says about a committee: its name, kind and unit, and who holds the
    roles it names among the current members."""

    name: str
    kind: str  # the kind's label, a message id
    unit_name: str
    chairs: tuple[str, ...]
    work_environment_reps: tuple[str, ...]
    union_reps: tuple[str, ...]


def _names(repo: Repository, seats: list[MedCommitteeMember], role: CommitteeRole) -> tuple[str, ...]:
    people = (repo.get_person(seat.person_id) for seat in seats if seat.role is role)
    return tuple(sorted((p.name for p in people if p is not None), key=str.casefold))


def committee_for_summary(repo: Repository, committee_id: int) -> CommitteeFacts | None:
    """The committee as the summary names it; None when it does not exist."""
    committee = repo.get_committee(committee_id)
    if committee is None:
        return None
    unit = repo.get_unit(committee.unit_id)
    seats = [seat for seat in repo.committee_members(committee_id) if seat.active]
    return CommitteeFacts(
        name=committee.name,
        kind=KIND_LABELS[committee.kind],
        unit_name=unit.name if unit else "",
        chairs=_names(repo, seats, CommitteeRole.CHAIR),
        work_environment_reps=_names(repo, seats, CommitteeRole.WORK_ENVIRONMENT_REP),
        union_reps=_names(repo, seats, CommitteeRole.UNION_REP),
    )


@dataclass(frozen=True)
class Seat:
    member: MedCommitteeMember
    name: str  # the person's name


@dataclass(frozen=True)
class CommitteeEntry:
    """One committee as Administration lists it."""

    committee: MedCommittee
    unit: Unit | None
    seats: list[Seat]  # the current members: chair, vice-chair, members, AMR, TR, then by name
    merged_into: str  # the name of the committee it was merged into, "" if none
    may_manage: bool  # whether the actor may change it


@use_case
def committee_overview(uow: UnitOfWork, *, actor: Actor) -> list[CommitteeEntry]:
    """Every committee, open ones first, by unit name and name, with its current members."""
    check(actor, Action.MANAGE_ORGANISATION, unit_id=None, object_type="med_committee")
    role_order = {role: place for place, role in enumerate(CommitteeRole)}
    with uow.read() as repo:
        units = {unit.id: unit for unit in repo.list_units()}
        names = {person.id: person.name for person in repo.list_people()}
        committees = repo.list_committees()
        by_id = {c.id: c for c in committees}
        seats: dict[int, list[Seat]] = {}
        for member in repo.committee_members():
            if member.active:
                seats.setdefault(member.committee_id, []).append(
                    Seat(member, names.get(member.person_id, ""))
                )
    entries = []
    for committee in committees:
        held = sorted(
            seats.get(committee.id or 0, []),
            key=lambda s: (role_order[s.member.role], s.name.casefold(), s.member.id or 0),
        )
        merged = by_id.get(committee.merged_into_id) if committee.merged_into_id else None
        unit = units.get(committee.unit_id)
        entries.append(
            CommitteeEntry(
                committee=committee,
                unit=unit,
                seats=held,
                merged_into=merged.name if merged else "",
                may_manage=allows(actor, Action.MANAGE_ORGANISATION, committee.unit_id),
            )
        )
    return sorted(
        entries,
        key=lambda e: (
            not e.committee.is_open,
            name_key(e.unit.name) if e.unit else "",
            name_key(e.committee.name),
            e.committee.id or 0,
        ),
    )


@use_case
def committee_choices(uow: UnitOfWork, unit_id: int, *, actor: Actor) -> list[MedCommittee]:
    """The committees a proposal of the unit can involve (:func:`committees_for_unit`)."""
    check(actor, Action.VIEW_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    with uow.read() as repo:
        return committees_for_unit(repo, unit_id)


def committee_text(
    repo: Repository, unit_id: int, committee_id: int | None, text: str, stored: Proposal | None, form: Form
) -> str:
    """What a proposal of ``unit_id`` stores as its MED committee's name (``Proposal.med_committee``).

    A chosen committee's name as it is when chosen; the proposal's own committee (``stored``, while
    the proposal stays in its unit) keeps the name it had, even if the committee was renamed, moved or
    closed since. Any other committee must be an open one of the unit or a unit above it. Without a
    committee the text written by hand is kept (proposals from before committees, and programs); an
    empty one is refused, under the committee when the unit has committees to choose from."""
    if committee_id is None:
        if not text:
            offered = committees_for_unit(repo, unit_id)
            form.fail(
                "med_committee_id" if offered else "med_committee",
                N_("Choose the MED committee that is involved."),
            )
        return text
    if stored is not None and stored.unit_id == unit_id and committee_id == stored.med_committee_id:
        return stored.med_committee
    chosen = next((c for c in committees_for_unit(repo, unit_id) if c.id == committee_id), None)
    if chosen is None:
        form.fail(
            "med_committee_id", N_("Choose a MED committee of the proposal's unit or of a unit above it.")
        )
        return text
    return chosen.name


# Changing committees ----------------------------------------------------------------------------


def _checked(repo: Repository, actor: Actor, committee_id: int) -> MedCommittee:
    """The committee, if the actor manages its unit; the same refusal whether or not it exists."""
    committee = repo.get_committee(committee_id)
    check(
        actor,
        Action.MANAGE_ORGANISATION,
        unit_id=committee.unit_id if committee else -1,
        object_type="med_committee",
        object_id=committee_id,
    )
    committee = require(committee, N_("MED committee"), committee_id)
    if not committee.is_open:
        raise WrongState(CLOSED_COMMITTEE, name=committee.name)
    return committee


def _refuse_duplicate(
    repo: Repository, name: str, unit_id: int, *, committee_id: int | None = None, field: str = "name"
) -> None:
    wanted = name_key(name)
    for other in repo.list_committees():
        if (
            other.id != committee_id
            and other.is_open
            and other.unit_id == unit_id
            and name_key(other.name) == wanted
        ):
            raise FormInvalid({field: Message(DUPLICATE_COMMITTEE, {"name": other.name})})


def _name(name: str) -> str:
    form = Form()
    name = form.text("name", name, required=True, limit=TITLE_LIMIT)
    form.done()
    return name


@use_case
def register_committee(
    uow: UnitOfWork, *, name: str, kind: CommitteeKind, unit_id: int, actor: Actor, clock: Clock = utc_now
) -> MedCommittee:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    name = _name(name)
    with uow.write() as repo:
        open_unit(repo, unit_id)
        _refuse_duplicate(repo, name, unit_id)
        committee = repo.add_committee(MedCommittee(name=name, kind=CommitteeKind(kind), unit_id=unit_id))
        record_audit(
            repo,
            actor.person_id,
            "med_committee.register",
            "med_committee",
            committee.id,
            clock,
            after={"name": name, "kind": committee.kind.value, "unit_id": unit_id},
        )
    return committee


@use_case
def rename_committee(
    uow: UnitOfWork, committee_id: int, *, name: str, actor: Actor, clock: Clock = utc_now
) -> MedCommittee:
    name = _name(name)
    with uow.write() as repo:
        committee = _checked(repo, actor, committee_id)
        if committee.name == name:
            return committee
        _refuse_duplicate(repo, name, committee.unit_id, committee_id=committee_id)
        return record_change(
            repo, actor, clock, "med_committee.rename", committee, repo.update_committee, name=name
        )


@use_case
def move_committee(
    uow: UnitOfWork, committee_id: int, *, unit_id: int, actor: Actor, clock: Clock = utc_now
) -> MedCommittee:
    """Let the committee cover another unit's level (proposals that named it keep naming it)."""
    check(actor, Action.MANAGE_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    with uow.write() as repo:
        committee = _checked(repo, actor, committee_id)
        if committee.unit_id == unit_id:
            return committee
        open_unit(repo, unit_id)
        _refuse_duplicate(repo, committee.name, unit_id, committee_id=committee_id, field="unit_id")
        return record_change(
            repo, actor, clock, "med_committee.move", committee, repo.update_committee, unit_id=unit_id
        )


@use_case
def merge_committee(
    uow: UnitOfWork, committee_id: int, *, into_id: int, actor: Actor, clock: Clock = utc_now
) -> MedCommittee:
    """Merge the committee into another and close it; returns the closed committee (see the module)."""
    with uow.write() as repo:
        committee = _checked(repo, actor, committee_id)
        if into_id == committee_id:
            raise FormInvalid({"into_id": Message(N_("Choose another MED committee to merge it into."))})
        target = _checked(repo, actor, into_id)
        held = {(m.person_id, m.role) for m in repo.committee_members(into_id) if m.active}
        copied = 0
        for seat in repo.committee_members(committee_id):
            if seat.active and (seat.person_id, seat.role) not in held:
                held.add((seat.person_id, seat.role))
                _seat(
                    repo, target, seat.person_id, seat.side, seat.role, actor, clock, merged_from=committee_id
                )
                copied += 1
        return record_change(
            repo,
            actor,
            clock,
            "med_committee.merge",
            committee,
            repo.update_committee,
            {"members_copied": copied},
            closed_at=clock(),
            merged_into_id=into_id,
        )


@use_case
def close_committee(
    uow: UnitOfWork, committee_id: int, *, actor: Actor, clock: Clock = utc_now
) -> MedCommittee:
    """Close a committee that no longer meets; its members and the proposals naming it are kept."""
    with uow.write() as repo:
        committee = _checked(repo, actor, committee_id)
        return record_change(
            repo, actor, clock, "med_committee.close", committee, repo.update_committee, closed_at=clock()
        )


# Members ----------------------------------------------------------------------------------------


def _seat(
    repo: Repository,
    committee: MedCommittee,
    person_id: int,
    side: CommitteeSide,
    role: CommitteeRole,
    actor: Actor,
    clock: Clock,
    **noted: object,
) -> MedCommitteeMember:
    member = repo.add_committee_member(
        MedCommitteeMember(
            committee_id=committee.id or 0, person_id=person_id, side=side, role=role, added_at=clock()
        )
    )
    record_audit(
        repo,
        actor.person_id,
        "med_committee.member_add",
        "person",
        person_id,
        clock,
        after={"committee_id": committee.id, "side": side.value, "role": role.value, **noted},
    )
    return member


@use_case
def add_member(
    uow: UnitOfWork,
    committee_id: int,
    *,
    person_id: int,
    side: CommitteeSide,
    role: CommitteeRole,
    actor: Actor,
    clock: Clock = utc_now,
) -> MedCommitteeMember:
    """Give a person a seat on the committee, on one side and in one role."""
    side, role = CommitteeSide(side), CommitteeRole(role)
    with uow.write() as repo:
        committee = _checked(repo, actor, committee_id)
        form = Form()
        person = repo.get_person(person_id)
        if person is None or not person.active:
            form.fail("person_id", N_("Choose a person who is still active."))
        elif any(
            m.person_id == person_id and m.role is role and m.active
            for m in repo.committee_members(committee_id)
        ):
            form.fail(
                "person_id",
                N_("{person} already has this role on the committee."),
                person=person.name,
            )
        if role in EMPLOYEE_SIDE_ROLES and side is not CommitteeSide.EMPLOYEE:
            form.fail(
                "side",
                N_(
                    "A health and safety representative or a union representative is elected by the "
                    "employees and sits on the employee side."
                ),
            )
        form.done()
        return _seat(repo, committee, person_id, side, role, actor, clock)


@use_case
def remove_member(
    uow: UnitOfWork, committee_id: int, member_id: int, *, actor: Actor, clock: Clock = utc_now
) -> MedCommitteeMember:
    """End a seat; the seat is kept with the time it ended, as the committee's history."""
    with uow.write() as repo:
        committee = _checked(repo, actor, committee_id)
        member = next((m for m in repo.committee_members(committee_id) if m.id == member_id), None)
        if member is None:
            raise NotFound(
                N_("{what} {id} does not exist."), what=Message(N_("Committee member")), id=member_id
            )
        if not member.active:
            raise WrongState(N_("The member has already left the committee."))
        removed = repo.update_committee_member(replace(member, removed_at=clock()))
        record_audit(
            repo,
            actor.person_id,
            "med_committee.member_remove",
            "person",
            member.person_id,
            clock,
            before={"committee_id": committee.id, "side": member.side.value, "role": member.role.value},
        )
    return removed
