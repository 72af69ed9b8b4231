"""Reading the audit trail: who did what to which object, when, and who was refused.

Every change a use case makes is recorded as an :class:`~assessment.kernel.model.AuditEvent`, and so is
every attempt the permission check denied (action ``denied:<action>``). Only administrators read
it. Names are looked up when the trail is read, so a person who has left and been pseudonymised
appears under their pseudonym in old entries too: the rows themselves never change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from assessment.kernel.errors import N_
from assessment.kernel.i18n import TIMEZONE
from assessment.kernel.model import AuditEvent
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, Actor, allows, check, use_case
from assessment.kernel.repository import AuditQuery, UnitOfWork

__all__ = [
    "DENIED",
    "KIND_LABELS",
    "OBJECT_LABELS",
    "PAGE_SIZE",
    "AuditRow",
    "AuditTrail",
    "audit_trail",
    "change_of",
    "kind_of",
    "query_for",
]

DENIED = "denied:"
PAGE_SIZE = 50

# One readable label per kind of action: the prefix the recorded action starts with.
KIND_LABELS: Mapping[str, str] = {
    "proposal.": N_("Proposals"),
    "score.": N_("Scores"),
    "dilemma.": N_("Dilemmas"),
    "discussion_note.": N_("Discussion notes"),
    "decision.": N_("Decisions"),
    "core_task.": N_("Core tasks"),
    "core_task_draft.": N_("Drafts of core tasks"),
    "med_step.": N_("MED process"),
    "consultation.": N_("Consultations"),
    "plan.": N_("Economy and consequences"),
    "readiness.": N_("Readiness"),
    "evidence.": N_("The citizens' voice"),
    "outcome.": N_("Follow-up"),
    "unit.": N_("Units"),
    "med_committee.": N_("MED committees"),
    "profession.": N_("Professions"),
    "person.": N_("People"),
    "membership.": N_("Roles"),
    "rubric.": N_("Rubrics"),
    "personal_data.": N_("Personal data"),
    "summary.": N_("Exported summaries"),
    "session.": N_("Signing out"),
    DENIED: N_("Denied attempts"),
}

OBJECT_LABELS: Mapping[str, str] = {
    "proposal": N_("Proposal"),
    "unit": N_("Unit"),
    "person": N_("Person"),
    "membership": N_("Role"),
    "profession": N_("Profession"),
    "rubric": N_("Rubric"),
    "core_task": N_("Core task"),
    "core_task_draft": N_("Draft of the core task"),
    "dilemma": N_("Dilemma"),
    "med_committee": N_("MED committee"),
}


def kind_of(action: str) -> str | None:
    """The prefix of :data:`KIND_LABELS` that ``action`` belongs to, if any."""
    return next((prefix for prefix in KIND_LABELS if action.startswith(prefix)), None)


def change_of(event: AuditEvent) -> str:
    """Before and after as one line of compact JSON: ``{"status": "draft"} → {"status": "scoring"}``."""

    def compact(values: dict[str, object]) -> str:
        return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)

    if event.before is not None and event.after is not None:
        return f"{compact(event.before)} → {compact(event.after)}"
    shown = event.after if event.after is not None else event.before
    return compact(shown) if shown is not None else ""


def query_for(
    *,
    person_id: int | None = None,
    kind: str | None = None,
    object_type: str = "",
    object_id: str = "",
    first_day: date | None = None,
    last_day: date | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> AuditQuery:
    """The query for the audit screen's filters; days are whole Danish calendar days."""

    def start_of(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=TIMEZONE)

    return AuditQuery(
        actor_id=person_id,
        action_prefix=kind or "",
        object_type=object_type.strip(),
        object_id=object_id.strip(),
        since=start_of(first_day) if first_day else None,
        before=start_of(last_day + timedelta(days=1)) if last_day else None,
        offset=max(page - 1, 0) * page_size,
        limit=page_size,
    )


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor_name: str | None  # None: done by the system (demo loader, command line)
    # The before and after were left out: they describe a proposal the reader may not see
    # (a draft's title is the leadership's until scoring starts).
    hidden: bool = False

    @property
    def denied(self) -> bool:
        return self.event.action.startswith(DENIED)


@dataclass(frozen=True)
class AuditTrail:
    rows: list[AuditRow]  # newest first
    total: int  # matches of the whole query, not just this page
    people: dict[int, str]  # everyone who can be filtered on: id → name (pseudonym once pseudonymised)
    offset: int
    limit: int | None

    @property
    def pages(self) -> int:
        if not self.limit:
            return 1
        return max(1, -(-self.total // self.limit))


@use_case
def audit_trail(uow: UnitOfWork, query: AuditQuery, *, actor: Actor) -> AuditTrail:
    """One page of the audit trail, newest first, with the names of those who acted."""
    check(actor, Action.READ_AUDIT, unit_id=WHOLE_ORGANISATION, object_type="audit_event")
    with uow.read() as repo:
        events, total = repo.find_events(query)
        proposal_ids = {event.object_id for event in events if event.object_type == "proposal"}
        proposals = {
            object_id: repo.get_proposal(int(object_id)) for object_id in proposal_ids if object_id.isdigit()
        }
        people = {
            person.id: person.name
            for person in sorted(repo.list_people(), key=lambda p: (p.name.casefold(), p.id or 0))
            if person.id is not None
        }

    def visible(event: AuditEvent) -> bool:
        if event.object_type != "proposal":
            return True
        proposal = proposals.get(event.object_id)
        return proposal is not None and allows(actor, Action.VIEW_PROPOSAL, proposal.unit_id, proposal.status)

    rows = []
    for event in events:
        name = None if event.actor_id is None else people.get(event.actor_id, f"#{event.actor_id}")
        if visible(event):
            rows.append(AuditRow(event, name))
        else:
            rows.append(AuditRow(replace(event, before=None, after=None), name, hidden=True))
    return AuditTrail(rows=rows, total=total, people=people, offset=query.offset, limit=query.limit)
