"""A person's data under the GDPR: everything stored about them, and pseudonymising someone who left.

:func:`export_person` answers an access request: the person, their roles, every score and reason
they gave, the dilemmas, notes, decisions, outcome indicators, measurements and follow-up conclusions,
core-task versions and drafts and proposals they wrote, the panels
they sat on, and the audit entries by or about them. :data:`COVERAGE` says which stored column
each part comes from; a test compares it with every column in the schema that refers to a person,
so a new table with a person in it fails until the export includes it.

:func:`pseudonymise_person` is for someone who has left. Their name and e-mail address are replaced,
their roles removed and they can no longer sign in; what they contributed (scores, reasons,
dilemmas, decisions, readiness answers, citizen evidence, MED steps, consultations and their notes,
outcome indicators, measurements with their notes, follow-up conclusions with their reasons)
stays, because decisions were made on it and the minutes must still add up. Their unsubmitted answers (score drafts) are
deleted: nobody else ever read them, and nobody will submit them now.
The pseudonym is stored in the municipality's language (Danish) rather than translated per reader:
names are copied verbatim into minutes, exports and the audit screen, which must all say the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, InvalidInput, Message, NotFound, WrongState
from assessment.kernel.i18n import DEFAULT_LANGUAGE, Translator
from assessment.kernel.model import (
    AuditEvent,
    CitizenEvidence,
    Consultation,
    CoreTask,
    CoreTaskDraft,
    Decision,
    Dilemma,
    FollowUpConclusion,
    IndicatorMeasurement,
    MedCommitteeMember,
    MedStep,
    Membership,
    OutcomeIndicator,
    PanelMember,
    Person,
    Proposal,
    ProposalPlan,
    ReadinessAnswer,
    Score,
    ScoreDraft,
    Status,
)
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, Actor, Place, allows, check, use_case
from assessment.kernel.records import record_audit
from assessment.kernel.repository import AuditQuery, DiscussionNote, Repository, UnitOfWork

__all__ = [
    "COVERAGE",
    "PSEUDONYM",
    "PersonalData",
    "export_person",
    "may_manage",
    "pseudonymise_person",
    "removed_email",
]


# Which part of the export holds the rows of each (table, column) that refers to a person.
COVERAGE: Mapping[str, frozenset[tuple[str, str]]] = {
    "person": frozenset({("person", "id")}),
    "memberships": frozenset({("membership", "person_id")}),
    "committee_seats": frozenset({("med_committee_member", "person_id")}),
    "scores": frozenset({("score", "rater_id")}),
    "score_drafts": frozenset({("score_draft", "rater_id")}),
    "dilemmas": frozenset({("dilemma", "created_by")}),
    "notes": frozenset({("discussion_note", "author_id")}),
    "decisions": frozenset(
        {
            ("decision", "decided_by"),
            ("decision", "implementation_responsible_id"),
            ("decision", "follow_up_responsible_id"),
        }
    ),
    "plans": frozenset({("proposal_plan", "updated_by")}),
    "readiness": frozenset({("readiness_answer", "answered_by")}),
    "evidence": frozenset({("citizen_evidence", "recorded_by")}),
    "med_steps": frozenset({("med_step", "recorded_by")}),
    "consultations": frozenset({("consultation", "recorded_by")}),
    "indicators": frozenset({("outcome_indicator", "created_by")}),
    "measurements": frozenset({("indicator_measurement", "recorded_by")}),
    "conclusions": frozenset({("follow_up_conclusion", "concluded_by")}),
    "core_tasks": frozenset({("core_task", "author_id")}),
    "core_task_drafts": frozenset(
        {
            ("core_task_draft", "created_by"),
            ("core_task_draft", "updated_by"),
            ("core_task_draft", "closed_by"),
        }
    ),
    "proposals": frozenset({("proposal", "created_by"), ("proposal", "updated_by")}),
    "panels": frozenset({("panel_member", "person_id")}),
    "audit_events": frozenset({("audit_event", "actor_id")}),
}

PSEUDONYM = N_("Former employee {number}")
REASON_LIMIT = 2_000


def removed_email(person_id: int) -> str:
    """A unique address that can never receive mail (``.invalid`` is reserved, RFC 2606)."""
    return f"removed-{person_id}@invalid"


@dataclass(frozen=True)
class PersonalData:
    """Everything stored that refers to one person, as of ``exported_at``."""

    person: Person
    exported_at: datetime
    memberships: list[Membership] = field(default_factory=list)
    unit_names: dict[int, str] = field(default_factory=dict)  # for the memberships
    # Seats on MED committees, current and ended, with side and role.
    committee_seats: list[MedCommitteeMember] = field(default_factory=list)
    committee_names: dict[int, str] = field(default_factory=dict)  # for the seats
    scores: list[Score] = field(default_factory=list)  # every round, with the reasons given
    # Unsubmitted answers: only their rater ever reads them, so the export always holds them back
    # and counts them (:func:`_withhold`); the person sees them on their own scoring screen.
    score_drafts: list[ScoreDraft] = field(default_factory=list)
    dilemmas: list[Dilemma] = field(default_factory=list)
    notes: list[DiscussionNote] = field(default_factory=list)
    decisions: list[Decision] = field(
        default_factory=list
    )  # decided, or responsible for carrying out or following up
    plans: list[ProposalPlan] = field(default_factory=list)  # economy and consequences last saved by them
    readiness: list[ReadinessAnswer] = field(default_factory=list)  # checklist answers, with their notes
    evidence: list[CitizenEvidence] = field(default_factory=list)  # citizen evidence, with its notes
    med_steps: list[MedStep] = field(default_factory=list)  # MED steps recorded, with what they say
    consultations: list[Consultation] = field(default_factory=list)  # consultations recorded, with answers
    indicators: list[OutcomeIndicator] = field(default_factory=list)  # outcome indicators they set up
    measurements: list[IndicatorMeasurement] = field(default_factory=list)  # values recorded, with notes
    conclusions: list[FollowUpConclusion] = field(default_factory=list)  # follow-ups concluded, with reasons
    core_tasks: list[CoreTask] = field(default_factory=list)
    core_task_drafts: list[CoreTaskDraft] = field(default_factory=list)  # opened, edited or closed by them
    proposals: list[Proposal] = field(default_factory=list)  # created or last saved by them
    panels: list[PanelMember] = field(default_factory=list)
    audit_events: list[AuditEvent] = field(default_factory=list)  # by them or about them, oldest first
    proposal_titles: dict[int, str] = field(default_factory=dict)  # every proposal referred to above
    # Section → how many items are held back for now (:func:`_withhold`); deliver them once they
    # may be seen: after the reveal, or once the draft goes to scoring.
    withheld: dict[str, int] = field(default_factory=dict)


def may_manage(actor: Actor, unit_ids: Iterable[int]) -> bool:
    """Whether ``actor`` may export or pseudonymise someone with roles in ``unit_ids``."""
    return all(allows(actor, Action.MANAGE_PERSONAL_DATA, unit_id) for unit_id in _units(unit_ids))


def _units(unit_ids: Iterable[int]) -> list[Place]:
    """The units to check; the whole organisation for someone without any role."""
    units: list[Place] = [*sorted(set(unit_ids))]
    return units or [WHOLE_ORGANISATION]


def _check(repo: Repository, actor: Actor, person_id: int) -> None:
    """Admins of every unit the person has a role in or sits on a MED committee of; an administrator of
    the whole organisation for a person without either."""
    committees = {c.id: c.unit_id for c in repo.list_committees()}
    seats = (committees[s.committee_id] for s in repo.committee_seats_of(person_id) if s.active)
    for unit_id in _units([*(m.unit_id for m in repo.memberships_of(person_id)), *seats]):
        check(
            actor,
            Action.MANAGE_PERSONAL_DATA,
            unit_id=unit_id,
            object_type="person",
            object_id=person_id,
        )


def _person(repo: Repository, person_id: int) -> Person:
    person = repo.get_person(person_id)
    if person is None:
        raise NotFound(N_("{what} {id} does not exist."), what=Message(N_("Person")), id=person_id)
    return person


def _events_by_or_about(repo: Repository, person_id: int) -> list[AuditEvent]:
    by = repo.find_events(AuditQuery(actor_id=person_id, limit=None))[0]
    about = repo.find_events(AuditQuery(object_type="person", object_id=str(person_id), limit=None))[0]
    unique = {event.id: event for event in [*by, *about]}
    return sorted(unique.values(), key=lambda event: event.id or 0)


@use_case
def export_person(uow: UnitOfWork, person_id: int, *, actor: Actor, clock: Clock = utc_now) -> PersonalData:
    """Everything stored about the person, for an access request (GDPR article 15)."""
    with uow.read() as repo:
        _check(repo, actor, person_id)
        person = _person(repo, person_id)
        memberships = repo.memberships_of(person_id)
        data = PersonalData(
            person=person,
            exported_at=clock(),
            memberships=memberships,
            unit_names={unit.id: unit.name for unit in repo.list_units() if unit.id is not None},
            committee_seats=repo.committee_seats_of(person_id),
            committee_names={c.id: c.name for c in repo.list_committees() if c.id is not None},
            scores=repo.scores_by(person_id),
            score_drafts=repo.drafts_by(person_id),
            dilemmas=repo.dilemmas_by(person_id),
            notes=repo.notes_by(person_id),
            decisions=repo.decisions_by(person_id),
            plans=repo.plans_by(person_id),
            readiness=repo.readiness_by(person_id),
            evidence=repo.evidence_by(person_id),
            med_steps=repo.med_steps_by(person_id),
            consultations=repo.consultations_by(person_id),
            indicators=repo.indicators_by(person_id),
            measurements=repo.measurements_by(person_id),
            conclusions=repo.conclusions_by(person_id),
            core_tasks=repo.core_tasks_by(person_id),
            core_task_drafts=repo.core_task_drafts_by(person_id),
            proposals=repo.proposals_by(person_id),
            panels=repo.panels_of(person_id),
            audit_events=_events_by_or_about(repo, person_id),
        )
        referred = (
            {s.proposal_id for s in data.scores}
            | {d.proposal_id for d in data.dilemmas}
            | {n.proposal_id for n in data.notes}
            | {d.proposal_id for d in data.decisions}
            | {p.proposal_id for p in data.plans}
            | {r.proposal_id for r in data.readiness}
            | {e.proposal_id for e in data.evidence}
            | {s.proposal_id for s in data.med_steps}
            | {c.proposal_id for c in data.consultations}
            | {m.proposal_id for m in data.panels if m.proposal_id is not None}
            | {d.proposal_id for d in data.core_task_drafts}
            | {i.proposal_id for i in data.indicators}
            | {c.proposal_id for c in data.conclusions}
            | {
                indicator.proposal_id
                for indicator in (repo.get_indicator(m.indicator_id) for m in data.measurements)
                if indicator is not None
            }
        )
        titles = {p.id: p.title for p in data.proposals if p.id is not None}
        statuses = {p.id: p.status for p in data.proposals if p.id is not None}
        for proposal_id in sorted(referred - titles.keys()):
            proposal = repo.get_proposal(proposal_id)
            if proposal is not None:
                titles[proposal_id] = proposal.title
                statuses[proposal_id] = proposal.status
        for event in data.audit_events:
            if (
                event.object_type == "proposal"
                and event.object_id.isdigit()
                and int(event.object_id) not in statuses
            ):
                proposal = repo.get_proposal(int(event.object_id))
                if proposal is not None and proposal.id is not None:
                    statuses[proposal.id] = proposal.status
    # Handing out someone's data is itself worth a line in the trail.
    with uow.write() as repo:
        record_audit(
            repo,
            actor.person_id,
            "personal_data.export",
            "person",
            person_id,
            clock,
        )
    return _withhold(replace(data, proposal_titles=titles), statuses)


def _withhold(data: PersonalData, statuses: Mapping[int, Status]) -> PersonalData:
    """The export without what nobody but its author may see yet, whoever handles the request:
    scores of a proposal still in blind scoring, and drafts with what they say (their panels,
    titles and the before/after of their audit entries)."""
    blind = {proposal_id for proposal_id, status in statuses.items() if status is Status.SCORING}
    drafts = {proposal_id for proposal_id, status in statuses.items() if status is Status.DRAFT}
    scores = [s for s in data.scores if s.proposal_id not in blind]
    # What a draft proposal's readiness, citizen evidence, MED steps and consultations say is what
    # the draft is about.
    readiness = [r for r in data.readiness if r.proposal_id not in drafts]
    evidence = [e for e in data.evidence if e.proposal_id not in drafts]
    plans = [p for p in data.plans if p.proposal_id not in drafts]
    med_steps = [s for s in data.med_steps if s.proposal_id not in drafts]
    consultations = [c for c in data.consultations if c.proposal_id not in drafts]
    proposals = [p for p in data.proposals if p.id not in drafts]
    panels = [m for m in data.panels if m.proposal_id not in drafts]
    # A draft proposal's core-task draft tells what the proposal is about.
    core_task_drafts = [d for d in data.core_task_drafts if d.proposal_id not in drafts]
    events = [
        replace(event, before=None, after=None)
        if event.object_type == "proposal" and event.object_id in {str(d) for d in drafts}
        else event
        for event in data.audit_events
    ]
    counts = {
        "scores": len(data.scores) - len(scores),
        "score_drafts": len(data.score_drafts),
        "readiness": len(data.readiness) - len(readiness),
        "evidence": len(data.evidence) - len(evidence),
        "plans": len(data.plans) - len(plans),
        "med_steps": len(data.med_steps) - len(med_steps),
        "consultations": len(data.consultations) - len(consultations),
        "proposals": len(data.proposals) - len(proposals),
        "panels": len(data.panels) - len(panels),
        "core_task_drafts": len(data.core_task_drafts) - len(core_task_drafts),
        "audit_events": sum(1 for old, new in zip(data.audit_events, events, strict=True) if old is not new),
    }
    return replace(
        data,
        scores=scores,
        score_drafts=[],
        readiness=readiness,
        evidence=evidence,
        plans=plans,
        med_steps=med_steps,
        consultations=consultations,
        proposals=proposals,
        panels=panels,
        core_task_drafts=core_task_drafts,
        audit_events=events,
        proposal_titles={key: title for key, title in data.proposal_titles.items() if key not in drafts},
        withheld={section: count for section, count in counts.items() if count},
    )


def _seat(seat: MedCommitteeMember) -> dict[str, object]:
    return {"committee_id": seat.committee_id, "role": seat.role.value}


@use_case
def pseudonymise_person(
    uow: UnitOfWork, person_id: int, *, reason: str, actor: Actor, clock: Clock = utc_now
) -> Person:
    """Replace a departed person's name and e-mail, end their roles; keep what they contributed.

    The audit entry records the reason, never the old name or address.
    """
    reason = reason.strip()
    with uow.write() as repo:
        _check(repo, actor, person_id)
        if not reason:
            raise InvalidInput(N_("Write why the person is pseudonymised, for example that they have left."))
        if len(reason) > REASON_LIMIT or "\x00" in reason:
            raise InvalidInput(
                N_("The reason can be at most {limit} characters of plain text."), limit=REASON_LIMIT
            )
        if person_id == actor.person_id:
            raise WrongState(N_("You cannot pseudonymise yourself; ask another administrator."))
        person = _person(repo, person_id)
        if person.email == removed_email(person_id):
            raise WrongState(N_("This person has already been pseudonymised."))
        memberships = repo.memberships_of(person_id)
        for membership in memberships:
            repo.remove_membership(membership.id or 0)
        # Their seats on MED committees end as their roles do; the seats stay as the committees' history.
        seats = [seat for seat in repo.committee_seats_of(person_id) if seat.active]
        for seat in seats:
            repo.update_committee_member(replace(seat, removed_at=clock()))
        # Unsubmitted answers were never contributed: nobody else could read them, nobody will submit them.
        unsubmitted = sum(
            repo.delete_drafts(proposal_id, person_id)
            for proposal_id in sorted({d.proposal_id for d in repo.drafts_by(person_id)})
        )
        pseudonym = Translator(DEFAULT_LANGUAGE)(PSEUDONYM, number=person_id)
        stored = repo.update_person(
            replace(person, name=pseudonym, email=removed_email(person_id), active=False)
        )
        record_audit(
            repo,
            actor.person_id,
            "person.pseudonymise",
            "person",
            person_id,
            clock,
            before={
                "active": person.active,
                "roles": [{"unit_id": m.unit_id, "role": m.role.value} for m in memberships],
                **({"committee_seats": [_seat(s) for s in seats]} if seats else {}),
                **({"unsubmitted_answers": unsubmitted} if unsubmitted else {}),
            },
            after={"active": False, "reason": reason},
        )
    return stored
