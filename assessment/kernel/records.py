"""What every feature reads and writes the same way through the repository port.

An object or NotFound, a proposal's rubric, its affected professions, the audit record, a move
in the life cycle, the person behind an action, and the units above a unit with their core tasks.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import TypeVar

from assessment.kernel import lifecycle
from assessment.kernel.clock import Clock
from assessment.kernel.errors import N_, Message, NotAllowed, NotFound
from assessment.kernel.model import AuditEvent, CoreTask, Profession, Proposal, RubricRef, Status, Unit
from assessment.kernel.permissions import Actor
from assessment.kernel.repository import Repository
from assessment.kernel.rubric import Rubric
from assessment.kernel.rubric_loading import parse_rubric

T = TypeVar("T")


def acting_person(actor: Actor) -> int:
    """The person behind an action that only a person can do (scoring is never done by a program)."""
    if actor.person_id is None:
        raise NotAllowed(N_("Only a person on the panel can score."))
    return actor.person_id


def require(found: T | None, what: str, object_id: object) -> T:
    if found is None:
        raise NotFound(N_("{what} {id} does not exist."), what=Message(what), id=object_id)
    return found


@lru_cache(maxsize=64)
def _parse_cached(content_hash: str, source: str, source_name: str) -> Rubric:
    # Keyed by the content hash: a rubric version never changes, so sharing is safe.
    return parse_rubric(source, source_name)


def rubric_of(repo: Repository, ref: RubricRef) -> Rubric:
    stored = require(repo.get_rubric(ref.rubric_id, ref.version), N_("Rubric"), ref.rubric_id)
    return _parse_cached(stored.ref.content_hash, stored.source, stored.source_name)


def affected_professions(repo: Repository, proposal: Proposal) -> list[Profession]:
    wanted = set(proposal.affected_profession_ids)
    return [p for p in repo.list_professions() if p.id in wanted]


def record_audit(
    repo: Repository,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: object,
    clock: Clock,
    *,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> None:
    repo.record(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            at=clock(),
            before=before,
            after=after,
        )
    )


def move_proposal(
    repo: Repository, proposal: Proposal, target: Status, actor: Actor, clock: Clock
) -> Proposal:
    new_status = lifecycle.move(proposal.status, target)
    moved = repo.update_proposal(
        replace(proposal, status=new_status, updated_by=actor.person_id, updated_at=clock()), proposal.version
    )
    record_audit(
        repo,
        actor.person_id,
        "proposal.move",
        "proposal",
        proposal.id,
        clock,
        before={"status": proposal.status.value},
        after={"status": new_status.value},
    )
    return moved


def units_above(
    repo: Repository, unit: Unit, *, levels: int | None = None, at: datetime | None = None
) -> list[tuple[Unit, CoreTask | None]]:
    """The units above ``unit``, nearest first, each with its core task: the current one, or the
    one that was valid ``at`` a moment (the first version when none was valid yet).

    The booklet reads a core task against the ones it serves. ``levels`` stops after so many
    units; a unit that is gone or met twice ends the chain.
    """
    chain: list[tuple[Unit, CoreTask | None]] = []
    seen = {unit.id}
    parent_id = unit.parent_id
    while parent_id is not None and parent_id not in seen and (levels is None or len(chain) < levels):
        seen.add(parent_id)
        parent = repo.get_unit(parent_id)
        if parent is None:
            break
        chain.append((parent, core_task_of(repo, parent_id, at=at)))
        parent_id = parent.parent_id
    return chain


def core_task_of(repo: Repository, unit_id: int, *, at: datetime | None = None) -> CoreTask | None:
    """A unit's core task: the newest version, or the one valid ``at`` a moment (the first
    version when none was valid yet)."""
    history = repo.core_task_history(unit_id)  # newest first
    if at is None or not history:
        return history[0] if history else None
    return next((c for c in history if c.valid_from <= at), history[-1])
