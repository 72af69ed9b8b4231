"""The MED process and the consultations (høringer) of a proposal, as dated entries.

Before a change at a workplace is decided, its MED committee is informed, discusses it and gives its
statement (information → drøftelse → udtalelse). Each step is recorded as the minutes have it: the
date of the meeting, the committee, the agenda item, what was presented or discussed (for a
statement, the statement itself) and the employee side's remarks (»medarbejdersidens
bemærkninger«). A proposal may also be sent in consultation to a council or board, such as the
ældreråd, the handicapråd or a skolebestyrelse; its answer is recorded when it arrives.

Recorded, changed and removed by the proposal's leaders until the decision; read by whoever may see
the proposal. :func:`med_process_in` gives the same view inside a transaction the caller has open
(the summary's). Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import N_
from assessment.kernel.forms import TITLE_LIMIT, Form
from assessment.kernel.model import Consultation, MedCommittee, MedStep, MedStepKind, Proposal
from assessment.kernel.permissions import Action, Actor, allows, checked_proposal, use_case
from assessment.kernel.records import record_audit, require
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.med_committees import committees_for_unit

__all__ = [
    "AGENDA_ITEM_LIMIT",
    "BODY_LIMIT",
    "MED_STEP_LABELS",
    "TEXT_LIMIT",
    "ConsultationInput",
    "MedProcessView",
    "MedStepInput",
    "add_consultation",
    "add_med_step",
    "med_process",
    "med_process_in",
    "missing_steps",
    "remove_consultation",
    "remove_med_step",
    "step_committees",
    "update_consultation",
]

AGENDA_ITEM_LIMIT = TITLE_LIMIT
BODY_LIMIT = TITLE_LIMIT
TEXT_LIMIT = 5_000  # a note, the employee side's remarks, a summary of an answer

MED_STEP_LABELS: dict[MedStepKind, str] = {
    MedStepKind.INFORMATION: N_("Information"),
    MedStepKind.DISCUSSION: N_("Discussion"),
    MedStepKind.STATEMENT: N_("Statement"),
}


def missing_steps(steps: Iterable[MedStep]) -> tuple[MedStepKind, ...]:
    """The steps of information → discussion → statement that have no entry yet, in that order."""
    taken = {step.kind for step in steps}
    return tuple(kind for kind in MedStepKind if kind not in taken)


@dataclass(frozen=True)
class MedProcessView:
    proposal_id: int
    steps: tuple[MedStep, ...]  # by the date they were held, then in the order recorded
    consultations: tuple[Consultation, ...]  # in the order recorded
    missing_steps: tuple[MedStepKind, ...]  # information → discussion → statement without an entry
    can_edit: bool  # whether the reader may add, change and remove entries now
    committee_names: Mapping[int, str] = field(default_factory=dict)  # the committees the steps name
    # The committees a new step may name (:func:`step_committees`), the proposal's own first when it
    # has one; empty for a reader who may not add steps.
    committee_choices: tuple[MedCommittee, ...] = ()
    proposal_committee_id: int | None = None  # the committee chosen on the proposal


def step_committees(repo: Repository, proposal: Proposal) -> list[MedCommittee]:
    """The committees a step of the proposal may name: the open committees of its unit and the units
    above it, and the committee chosen on the proposal even if it has been closed since."""
    offered = committees_for_unit(repo, proposal.unit_id)
    own = proposal.med_committee_id
    if own is not None and own not in {c.id for c in offered}:
        chosen = repo.get_committee(own)
        offered = [chosen, *offered] if chosen is not None else offered
    return sorted(offered, key=lambda c: c.id != own)  # stable: the proposal's own first


def med_process_in(repo: Repository, proposal: Proposal, actor: Actor) -> MedProcessView:
    """The MED process inside a transaction the caller has open, after the caller's own check that
    ``actor`` may see the proposal."""
    proposal_id = proposal.id or 0
    steps = tuple(repo.med_steps_of(proposal_id))
    can_edit = allows(actor, Action.PREPARE_DECISION, proposal.unit_id, proposal.status)
    named = (repo.get_committee(i) for i in sorted({s.committee_id for s in steps if s.committee_id}))
    return MedProcessView(
        proposal_id=proposal_id,
        steps=steps,
        consultations=tuple(repo.consultations_of(proposal_id)),
        missing_steps=missing_steps(steps),
        can_edit=can_edit,
        committee_names={c.id: c.name for c in named if c is not None and c.id is not None},
        committee_choices=tuple(step_committees(repo, proposal)) if can_edit else (),
        proposal_committee_id=proposal.med_committee_id,
    )


@use_case
def med_process(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> MedProcessView:
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        return med_process_in(repo, proposal, actor)


# Checks ----------------------------------------------------------------------------------------

NOT_A_DATE = N_("Write the date as a date, for example 27.11.2026.")


def _day(form: Form, name: str, value: object, *, required: str | None = None) -> date | None:
    """A date, or None when none is given (told under ``name`` when ``required`` says it must be)."""
    if value is None:
        if required:
            form.fail(name, required)
        return None
    if not isinstance(value, date):
        form.fail(name, NOT_A_DATE)
        return None
    return value


def _not_after_today(form: Form, name: str, day: date | None, clock: Clock, message: str) -> None:
    if day is not None and day > danish_date(clock()):
        form.fail(name, message, date=day)


@dataclass(frozen=True)
class MedStepInput:
    """A MED step as typed in: its kind, the meeting's date, and what the minutes say."""

    kind: MedStepKind | str | None
    held_on: date | None
    agenda_item: str = ""
    note: str = ""
    employee_remarks: str = ""
    committee_id: int | None = None


def _kind(form: Form, kind: object) -> MedStepKind:
    try:
        return MedStepKind(str(kind))
    except ValueError:
        form.fail("kind", N_("Choose the step: information, discussion or statement."))
        return MedStepKind.INFORMATION


def _checked_step(form: Form, data: MedStepInput, clock: Clock) -> MedStepInput:
    """The step's fields, checked and cleaned; what is wrong is told in ``form``."""
    kind = _kind(form, data.kind)
    held_on = _day(form, "held_on", data.held_on, required=N_("Write the date of the meeting."))
    _not_after_today(
        form,
        "held_on",
        held_on,
        clock,
        N_("The date {date} lies in the future; write the date the meeting was held."),
    )
    agenda_item = form.text("agenda_item", data.agenda_item, limit=AGENDA_ITEM_LIMIT)
    note = form.text("note", data.note, limit=TEXT_LIMIT)
    if kind is MedStepKind.STATEMENT and not note.strip() and "note" not in form.problems:
        form.fail("note", N_("Write the committee's statement."))
    remarks = form.text("employee_remarks", data.employee_remarks, limit=TEXT_LIMIT)
    return MedStepInput(kind, held_on, agenda_item, note, remarks, data.committee_id)


def _check_committee(form: Form, repo: Repository, proposal: Proposal, committee_id: int | None) -> None:
    """A step's committee, when it names one, must be one it may name (:func:`step_committees`)."""
    if committee_id is not None and committee_id not in {c.id for c in step_committees(repo, proposal)}:
        form.fail("committee_id", N_("Choose one of the MED committees of the proposal's unit."))


def _step_audit(step: MedStep) -> dict[str, object]:
    return {
        "med_step": step.id,
        "kind": step.kind.value,
        "held_on": step.held_on.isoformat(),
        "committee_id": step.committee_id,
        "agenda_item": step.agenda_item,
    }


@use_case
def add_med_step(
    uow: UnitOfWork, proposal_id: int, data: MedStepInput, *, actor: Actor, clock: Clock = utc_now
) -> MedStep:
    """Record one step of the MED process, in one transaction with its audit entry."""
    form = Form()
    checked = _checked_step(form, data, clock)
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        _check_committee(form, repo, proposal, data.committee_id)
        form.done()
        assert checked.held_on is not None  # form.done() refuses a step without a date
        stored = repo.add_med_step(
            MedStep(
                proposal_id=proposal_id,
                kind=MedStepKind(str(checked.kind)),
                held_on=checked.held_on,
                agenda_item=checked.agenda_item,
                note=checked.note,
                employee_remarks=checked.employee_remarks,
                recorded_by=actor.person_id,
                recorded_at=clock(),
                committee_id=checked.committee_id,
            )
        )
        record_audit(
            repo, actor.person_id, "med_step.add", "proposal", proposal_id, clock, after=_step_audit(stored)
        )
    return stored


@use_case
def remove_med_step(
    uow: UnitOfWork, proposal_id: int, step_id: int, *, actor: Actor, clock: Clock = utc_now
) -> MedStep:
    """Remove one step, in one transaction with its audit entry (which keeps what it said of the step)."""
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        removed = require(repo.remove_med_step(proposal_id, step_id), N_("MED step"), step_id)
        record_audit(
            repo,
            actor.person_id,
            "med_step.remove",
            "proposal",
            proposal_id,
            clock,
            before=_step_audit(removed),
        )
    return removed


# Consultations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationInput:
    """A consultation as typed in: who is consulted, when it was sent and is due, and the answer."""

    body: str
    sent_on: date | None = None
    deadline: date | None = None
    answered_on: date | None = None
    answer: str = ""


def _checked_consultation(form: Form, data: ConsultationInput, clock: Clock) -> ConsultationInput:
    body = form.text("body", data.body, required=True, limit=BODY_LIMIT)
    sent_on = _day(form, "sent_on", data.sent_on)
    deadline = _day(form, "deadline", data.deadline)
    answered_on = _day(form, "answered_on", data.answered_on)
    answer = form.text("answer", data.answer, limit=TEXT_LIMIT)
    _not_after_today(
        form, "sent_on", sent_on, clock, N_("The date {date} lies in the future; write the date it was sent.")
    )
    _not_after_today(
        form,
        "answered_on",
        answered_on,
        clock,
        N_("The date {date} lies in the future; write the date the answer came."),
    )
    if sent_on is not None and deadline is not None and deadline < sent_on:
        form.fail(
            "deadline", N_("The deadline cannot be before the date it was sent ({date})."), date=sent_on
        )
    if sent_on is not None and answered_on is not None and answered_on < sent_on:
        form.fail(
            "answered_on",
            N_("The answer cannot have come before the date it was sent ({date})."),
            date=sent_on,
        )
    if answer and answered_on is None and "answered_on" not in form.problems:
        form.fail("answered_on", N_("Write the date the answer came."))
    return ConsultationInput(body, sent_on, deadline, answered_on, answer)


def _consultation_audit(consultation: Consultation) -> dict[str, object]:
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "consultation": consultation.id,
        "body": consultation.body,
        "sent_on": day(consultation.sent_on),
        "deadline": day(consultation.deadline),
        "answered_on": day(consultation.answered_on),
        "answered": bool(consultation.answer),
        "version": consultation.version,
    }


@use_case
def add_consultation(
    uow: UnitOfWork, proposal_id: int, data: ConsultationInput, *, actor: Actor, clock: Clock = utc_now
) -> Consultation:
    """Record one consultation (and its answer, if it has come), in one transaction with its audit entry."""
    form = Form()
    checked = _checked_consultation(form, data, clock)
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        form.done()
        now = clock()
        stored = repo.add_consultation(
            Consultation(
                proposal_id=proposal_id,
                body=checked.body,
                sent_on=checked.sent_on,
                deadline=checked.deadline,
                answered_on=checked.answered_on,
                answer=checked.answer,
                recorded_by=actor.person_id,
                recorded_at=now,
                updated_at=now,
            )
        )
        record_audit(
            repo,
            actor.person_id,
            "consultation.add",
            "proposal",
            proposal_id,
            clock,
            after=_consultation_audit(stored),
        )
    return stored


def _proposals_consultation(repo: Repository, proposal_id: int, consultation_id: int) -> Consultation:
    found = repo.get_consultation(consultation_id)
    if found is not None and found.proposal_id != proposal_id:
        found = None  # another proposal's: as if it did not exist
    return require(found, N_("Consultation"), consultation_id)


@use_case
def update_consultation(
    uow: UnitOfWork,
    proposal_id: int,
    consultation_id: int,
    data: ConsultationInput,
    *,
    expected_version: int,
    actor: Actor,
    clock: Clock = utc_now,
) -> Consultation:
    """Change a consultation, typically to record its answer when it arrives; refused with
    StaleEdit when someone saved it after ``expected_version`` was read."""
    form = Form()
    checked = _checked_consultation(form, data, clock)
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        current = _proposals_consultation(repo, proposal_id, consultation_id)
        form.done()
        stored = repo.update_consultation(
            replace(
                current,
                body=checked.body,
                sent_on=checked.sent_on,
                deadline=checked.deadline,
                answered_on=checked.answered_on,
                answer=checked.answer,
                updated_at=clock(),
            ),
            expected_version,
        )
        record_audit(
            repo,
            actor.person_id,
            "consultation.update",
            "proposal",
            proposal_id,
            clock,
            before=_consultation_audit(current),
            after=_consultation_audit(stored),
        )
    return stored


@use_case
def remove_consultation(
    uow: UnitOfWork, proposal_id: int, consultation_id: int, *, actor: Actor, clock: Clock = utc_now
) -> Consultation:
    """Remove one consultation, in one transaction with its audit entry."""
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        removed = require(
            repo.remove_consultation(proposal_id, consultation_id), N_("Consultation"), consultation_id
        )
        record_audit(
            repo,
            actor.person_id,
            "consultation.remove",
            "proposal",
            proposal_id,
            clock,
            before=_consultation_audit(removed),
        )
    return removed
