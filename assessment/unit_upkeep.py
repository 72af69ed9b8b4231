"""Keeping the organisation up: renaming, moving, merging and closing units, with their history kept.

A unit is never deleted. Closing it sets ``closed_at``: its core tasks, proposals, roles and MED
committees stay readable, it is shown as closed in Administration and in the core-task tree, and
it takes nothing new (no proposals, roles, units or committees). What each action does:

- **Rename** and **move** change the unit itself; a move under the unit itself or under one of the
  units below it is refused. The levels are not checked against each other: registering a unit
  never did either.
- **Merge** unit A into unit B: A's open units below it move to B; everyone with a role in A gets
  the same role in B where they lack it (A keeps its roles, so its history stays readable to the
  same people); A is closed with ``merged_into_id`` = B. Proposals keep their unit, so nothing
  already written changes, and undecided ones go on in A. A's MED committees stay with A, open,
  for those proposals: move or merge them in Administration when they are done.
- **Close**: refused while the unit has proposals that are not decided yet or open units below
  it, saying how many; the unit's open MED committees are closed with it.

Two open units under the same parent cannot have the same name (case, spaces at the ends and
repeated spaces do not count). Every change is in the audit trail, with what it was before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, FormInvalid, Message
from assessment.kernel.forms import TITLE_LIMIT, Form
from assessment.kernel.model import MedCommittee, Membership, Status, Unit
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, Actor, check, use_case
from assessment.kernel.records import record_audit, require
from assessment.kernel.repository import ProposalFilter, Repository, UnitOfWork

__all__ = [
    "UNDECIDED",
    "close_unit",
    "merge_unit",
    "move_unit",
    "name_key",
    "open_unit",
    "refuse_duplicate_unit",
    "rename_unit",
]

# A proposal in one of these is still being worked on: its unit cannot close under it.
UNDECIDED = (Status.DRAFT, Status.SCORING, Status.DISCUSSION)

DUPLICATE_UNIT = N_(
    "There is already a unit called “{name}” in the same place in the organisation. "
    "Give this one another name."
)
CLOSED_UNIT = N_("The unit “{name}” is closed. Choose an open unit.")


def name_key(name: str) -> str:
    """A name as it is compared for duplicates: case, spaces at the ends and repeated spaces do not count."""
    return " ".join(name.split()).casefold()


def open_unit(repo: Repository, unit_id: int, field: str = "unit_id") -> Unit:
    """The unit, refused under ``field`` when it is closed (a closed unit takes nothing new)."""
    unit = require(repo.get_unit(unit_id), N_("Unit"), unit_id)
    if not unit.is_open:
        raise FormInvalid({field: Message(CLOSED_UNIT, {"name": unit.name})})
    return unit


def refuse_duplicate_unit(
    repo: Repository, name: str, parent_id: int | None, *, unit_id: int | None = None, field: str = "name"
) -> None:
    """Refuse ``name`` when an open unit other than ``unit_id`` under ``parent_id`` has it already."""
    wanted = name_key(name)
    for other in repo.list_units():
        if (
            other.id != unit_id
            and other.is_open
            and other.parent_id == parent_id
            and name_key(other.name) == wanted
        ):
            raise FormInvalid({field: Message(DUPLICATE_UNIT, {"name": other.name})})


def below(units: Iterable[Unit], unit_id: int) -> set[int]:
    """The ids of every unit below ``unit_id``, however deep (a loop in bad data ends the search)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit in units:
        if unit.id is not None:
            children[unit.parent_id].append(unit.id)
    found: set[int] = set()
    stack = list(children[unit_id])
    while stack:
        child = stack.pop()
        if child not in found and child != unit_id:
            found.add(child)
            stack.extend(children[child])
    return found


def _manage(actor: Actor, unit_id: int | None, what: str = "unit") -> None:
    """Managing a unit, or a place at the top of the tree (only for administrators of everything)."""
    place = WHOLE_ORGANISATION if unit_id is None else unit_id
    check(actor, Action.MANAGE_ORGANISATION, unit_id=place, object_type=what, object_id=unit_id)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


T = TypeVar("T", Unit, MedCommittee)


def record_change(
    repo: Repository,
    actor: Actor,
    clock: Clock,
    action: str,
    old: T,
    store: Callable[[T], T],
    noted: Mapping[str, object] | None = None,
    **changes: Any,
) -> T:
    """Store ``old`` with ``changes``, and put in the audit trail what each changed field was and is
    (with anything else ``noted`` about the change)."""
    new = store(replace(old, **changes))
    record_audit(
        repo,
        actor.person_id,
        action,
        "unit" if isinstance(old, Unit) else "med_committee",
        old.id,
        clock,
        before={name: _plain(getattr(old, name)) for name in changes},
        after={**{name: _plain(value) for name, value in changes.items()}, **(noted or {})},
    )
    return new


@use_case
def rename_unit(uow: UnitOfWork, unit_id: int, *, name: str, actor: Actor, clock: Clock = utc_now) -> Unit:
    _manage(actor, unit_id)
    form = Form()
    name = form.text("name", name, required=True, limit=TITLE_LIMIT)
    form.done()
    with uow.write() as repo:
        unit = open_unit(repo, unit_id)
        if unit.name == name:
            return unit
        refuse_duplicate_unit(repo, name, unit.parent_id, unit_id=unit_id)
        return record_change(repo, actor, clock, "unit.rename", unit, repo.update_unit, name=name)


@use_case
def move_unit(
    uow: UnitOfWork, unit_id: int, *, parent_id: int | None, actor: Actor, clock: Clock = utc_now
) -> Unit:
    """Place the unit under another unit (``None``: at the top of the organisation)."""
    _manage(actor, unit_id)
    _manage(actor, parent_id)
    with uow.write() as repo:
        unit = open_unit(repo, unit_id)
        if unit.parent_id == parent_id:
            return unit
        if parent_id is not None:
            if parent_id == unit_id or parent_id in below(repo.list_units(), unit_id):
                raise FormInvalid(
                    {
                        "parent_id": Message(
                            N_("A unit cannot be placed under itself or under a unit below it.")
                        )
                    }
                )
            open_unit(repo, parent_id, "parent_id")
        refuse_duplicate_unit(repo, unit.name, parent_id, unit_id=unit_id, field="parent_id")
        return record_change(repo, actor, clock, "unit.move", unit, repo.update_unit, parent_id=parent_id)


@use_case
def merge_unit(uow: UnitOfWork, unit_id: int, *, into_id: int, actor: Actor, clock: Clock = utc_now) -> Unit:
    """Merge the unit into another and close it; returns the closed unit (see the module's text)."""
    _manage(actor, unit_id)
    _manage(actor, into_id)
    with uow.write() as repo:
        unit = open_unit(repo, unit_id)
        if into_id == unit_id:
            raise FormInvalid({"into_id": Message(N_("Choose another unit to merge it into."))})
        target = open_unit(repo, into_id, "into_id")
        units = repo.list_units()
        if into_id in below(units, unit_id):
            raise FormInvalid(
                {
                    "into_id": Message(
                        N_("A unit cannot be merged into a unit below it. Move that unit first.")
                    )
                }
            )
        children = [u for u in units if u.parent_id == unit_id and u.is_open]
        taken = {name_key(u.name): u.name for u in units if u.parent_id == into_id and u.is_open}
        clash = next((child.name for child in children if name_key(child.name) in taken), None)
        if clash is not None:
            raise FormInvalid(
                {
                    "into_id": Message(
                        N_(
                            "Both units have a unit called “{name}” below them. "
                            "Rename or merge one of those first."
                        ),
                        {"name": clash},
                    )
                }
            )
        for child in children:
            record_change(repo, actor, clock, "unit.move", child, repo.update_unit, parent_id=into_id)
        noted = {
            "units_moved": [child.id for child in children],
            "roles_copied": _copy_roles(repo, unit_id, target, actor, clock),
        }
        return record_change(
            repo,
            actor,
            clock,
            "unit.merge",
            unit,
            repo.update_unit,
            noted,
            closed_at=clock(),
            merged_into_id=into_id,
        )


def _copy_roles(repo: Repository, unit_id: int, target: Unit, actor: Actor, clock: Clock) -> int:
    """Give everyone with a role in the unit the same role in ``target`` where they lack it."""
    memberships = repo.all_memberships()
    held = {(m.person_id, m.role) for m in memberships if m.unit_id == target.id}
    copied = 0
    for membership in memberships:
        if membership.unit_id != unit_id or (membership.person_id, membership.role) in held:
            continue
        held.add((membership.person_id, membership.role))
        repo.add_membership(
            Membership(person_id=membership.person_id, unit_id=target.id or 0, role=membership.role)
        )
        record_audit(
            repo,
            actor.person_id,
            "membership.grant",
            "person",
            membership.person_id,
            clock,
            after={"unit_id": target.id, "role": membership.role.value, "merged_from": unit_id},
        )
        copied += 1
    return copied


CLOSE_UNDECIDED = N_(
    "The unit cannot be closed while it has proposals that are not decided yet ({count}). "
    "Decide them, or move them to another unit, first."
)
CLOSE_CHILDREN = N_(
    "The unit cannot be closed while there are open units below it ({count}). Close or move them first."
)


@use_case
def close_unit(uow: UnitOfWork, unit_id: int, *, actor: Actor, clock: Clock = utc_now) -> Unit:
    """Close a unit whose work is done; its open MED committees close with it."""
    _manage(actor, unit_id)
    with uow.write() as repo:
        unit = open_unit(repo, unit_id)
        undecided = repo.find_proposals(
            ProposalFilter(statuses=UNDECIDED, unit_ids=(unit_id,), limit=0, scope=None)
        )[1]
        children = sum(1 for u in repo.list_units() if u.parent_id == unit_id and u.is_open)
        form = Form()
        if undecided:
            form.fail("proposals", CLOSE_UNDECIDED, count=undecided)
        if children:
            form.fail("children", CLOSE_CHILDREN, count=children)
        form.done()
        for committee in repo.list_committees():
            if committee.unit_id == unit_id and committee.is_open:
                noted = {"unit_closed": unit_id}
                record_change(
                    repo,
                    actor,
                    clock,
                    "med_committee.close",
                    committee,
                    repo.update_committee,
                    noted,
                    closed_at=clock(),
                )
        return record_change(repo, actor, clock, "unit.close", unit, repo.update_unit, closed_at=clock())
