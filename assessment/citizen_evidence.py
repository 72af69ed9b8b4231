"""Citizen evidence: what the experienced core task of a proposal rests on.

Staff score the experienced perspective on the citizens' behalf. The booklet warns of that blind
spot (the job consultant's "proper casework" is the unemployed person's paternalism), so each
proposal says what the citizens' own voice was heard through: a survey, interviews, a user board or
bestyrelse, complaints, observation, or nothing. Scores of the experienced perspective that rest
on nothing are flagged in the discussion and the summary (:func:`experienced_rests_on_nothing`).

Recorded and removed by the proposal's leaders until the decision (the discussion may send them to
ask the citizens first); read by whoever may see the proposal, the panel too during blind scoring. Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import N_
from assessment.kernel.forms import Form
from assessment.kernel.model import CitizenEvidence, EvidenceKind, Proposal
from assessment.kernel.permissions import Action, Actor, allows, checked_proposal, use_case
from assessment.kernel.records import record_audit, require
from assessment.kernel.repository import Repository, UnitOfWork

__all__ = [
    "EVIDENCE_KIND_LABELS",
    "NOTE_LIMIT",
    "EvidenceView",
    "add_citizen_evidence",
    "citizen_evidence",
    "evidence_in",
    "experienced_rests_on_nothing",
    "remove_citizen_evidence",
]

NOTE_LIMIT = 2_000

EVIDENCE_KIND_LABELS: dict[EvidenceKind, str] = {
    EvidenceKind.SURVEY: N_("Survey"),
    EvidenceKind.INTERVIEWS: N_("Interviews"),
    EvidenceKind.USER_BOARD: N_("User board or bestyrelse"),
    EvidenceKind.COMPLAINTS: N_("Complaints and enquiries"),
    EvidenceKind.OBSERVATION: N_("Observation"),
    EvidenceKind.NONE: N_("Nothing: the citizens have not been asked"),
}


def experienced_rests_on_nothing(evidence: Iterable[CitizenEvidence]) -> bool:
    """Whether the experienced core task rests on nothing the citizens said: no evidence recorded,
    or only "nothing"."""
    return all(item.kind is EvidenceKind.NONE for item in evidence)


@dataclass(frozen=True)
class EvidenceView:
    proposal_id: int
    items: tuple[CitizenEvidence, ...]  # in the order recorded
    can_edit: bool  # whether the reader may add and remove evidence now

    @property
    def rests_on_nothing(self) -> bool:
        return experienced_rests_on_nothing(self.items)


def evidence_in(repo: Repository, proposal: Proposal, actor: Actor) -> EvidenceView:
    """The evidence inside a transaction the caller has open, after the caller's own check that
    ``actor`` may see the proposal."""
    return EvidenceView(
        proposal_id=proposal.id or 0,
        items=tuple(repo.evidence_of(proposal.id or 0)),
        can_edit=allows(actor, Action.PREPARE_DECISION, proposal.unit_id, proposal.status),
    )


@use_case
def citizen_evidence(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> EvidenceView:
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        return evidence_in(repo, proposal, actor)


def _kind(form: Form, kind: object) -> EvidenceKind:
    try:
        return EvidenceKind(str(kind))
    except ValueError:
        form.fail("kind", N_("Choose what the citizens' experience was heard through."))
        return EvidenceKind.NONE


def _collected_on(form: Form, collected_on: object, clock: Clock) -> date | None:
    if collected_on is None:
        return None
    if not isinstance(collected_on, date):
        form.fail("collected_on", N_("Write the date as a date, for example 27.11.2026."))
        return None
    # A day's grace: the person's calendar may already show tomorrow's date where the server's does not.
    if collected_on > danish_date(clock()) + timedelta(days=1):
        form.fail(
            "collected_on",
            N_("The date {date} lies in the future; write when the evidence was collected."),
            date=collected_on,
        )
    return collected_on


@use_case
def add_citizen_evidence(
    uow: UnitOfWork,
    proposal_id: int,
    *,
    kind: EvidenceKind | str | None,
    collected_on: date | None = None,
    note: str = "",
    actor: Actor,
    clock: Clock = utc_now,
) -> CitizenEvidence:
    """Record one source of the citizens' experience, in one transaction with its audit entry."""
    form = Form()
    checked_kind = _kind(form, kind)
    when = _collected_on(form, collected_on, clock)
    text = form.text("note", note, limit=NOTE_LIMIT)
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        form.done()
        stored = repo.add_evidence(
            CitizenEvidence(
                proposal_id=proposal_id,
                kind=checked_kind,
                collected_on=when,
                note=text,
                recorded_by=actor.person_id,
                recorded_at=clock(),
            )
        )
        record_audit(
            repo,
            actor.person_id,
            "evidence.add",
            "proposal",
            proposal_id,
            clock,
            after={"evidence": stored.id, "kind": stored.kind.value},
        )
    return stored


@use_case
def remove_citizen_evidence(
    uow: UnitOfWork, proposal_id: int, evidence_id: int, *, actor: Actor, clock: Clock = utc_now
) -> CitizenEvidence:
    """Remove one source, in one transaction with its audit entry (which keeps its kind and id)."""
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        removed = require(repo.remove_evidence(proposal_id, evidence_id), N_("Citizen evidence"), evidence_id)
        record_audit(
            repo,
            actor.person_id,
            "evidence.remove",
            "proposal",
            proposal_id,
            clock,
            before={"evidence": evidence_id, "kind": removed.kind.value},
        )
    return removed
