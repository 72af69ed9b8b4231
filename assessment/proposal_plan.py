"""The proposal's plan: what a decision paper (indstilling) states beyond the options.

The case number in the municipality's records system (ESDH), the economy (cost and funding), the
consequences for staff (working hours and rotas, tasks moving between professions, skills, the union
representative and agreements), the work environment (the APV result, and the day it was agreed with
the work-environment representative) and the timetable. Every field is optional: municipalities'
rules differ, and an empty field says "not described" in the summary rather than nothing.

Kept up by the proposal's leaders until the decision (:attr:`Action.PREPARE_DECISION`), since the
MED meeting and the APV often happen while the options are discussed; read by whoever may see the
proposal. Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import N_
from assessment.kernel.forms import Form
from assessment.kernel.model import Proposal, ProposalPlan
from assessment.kernel.permissions import Action, Actor, allows, checked_proposal, use_case
from assessment.kernel.records import record_audit
from assessment.kernel.repository import Repository, UnitOfWork

__all__ = [
    "CASE_NUMBER_LIMIT",
    "PLAN_FIELDS",
    "TEXT_FIELDS",
    "PlanInput",
    "PlanView",
    "plan_in",
    "proposal_plan",
    "save_plan",
]

CASE_NUMBER_LIMIT = 64
PLAN_TEXT_LIMIT = 4_000

# The plan's fields in the order a decision paper has them, with their labels.
PLAN_FIELDS: dict[str, str] = {
    "case_number": N_("Case number (ESDH)"),
    "cost": N_("Cost or saving"),
    "funding": N_("Funding"),
    "staff_hours": N_("Working hours and rotas"),
    "staff_tasks": N_("Tasks moving between professions"),
    "staff_skills": N_("Skills and training"),
    "staff_agreements": N_("Union representative and agreements"),
    "work_environment": N_("Work environment (APV)"),
    "apv_agreed_on": N_("Date the APV was agreed with the work-environment representative"),
    "timetable": N_("Timetable"),
}
TEXT_FIELDS = tuple(name for name in PLAN_FIELDS if name not in {"case_number", "apv_agreed_on"})


@dataclass(frozen=True)
class PlanInput:
    case_number: str = ""
    cost: str = ""
    funding: str = ""
    staff_hours: str = ""
    staff_tasks: str = ""
    staff_skills: str = ""
    staff_agreements: str = ""
    work_environment: str = ""
    apv_agreed_on: date | None = None
    timetable: str = ""


@dataclass(frozen=True)
class PlanView:
    proposal_id: int
    plan: ProposalPlan  # version 0 while nothing is stored
    can_edit: bool
    updated_by: str  # a name, or "" when nothing is stored


def plan_in(repo: Repository, proposal: Proposal, actor: Actor) -> PlanView:
    """The plan inside a transaction the caller has open, after the caller's own check that ``actor``
    may see the proposal."""
    proposal_id = proposal.id or 0
    plan = repo.plan_of(proposal_id) or ProposalPlan(proposal_id=proposal_id)
    author = repo.get_person(plan.updated_by) if plan.updated_by is not None else None
    return PlanView(
        proposal_id=proposal_id,
        plan=plan,
        can_edit=allows(actor, Action.PREPARE_DECISION, proposal.unit_id, proposal.status),
        updated_by=author.name if author else "",
    )


@use_case
def proposal_plan(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> PlanView:
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        return plan_in(repo, proposal, actor)


@use_case
def save_plan(
    uow: UnitOfWork,
    proposal_id: int,
    data: PlanInput,
    *,
    expected_version: int,
    actor: Actor,
    clock: Clock = utc_now,
) -> ProposalPlan:
    """Save the whole plan from the version the person loaded (0: none yet), with its audit entry.

    Every problem is reported at once, and nothing is stored unless every check passes; a save
    from an older version is refused, never merged.
    """
    now = clock()
    form = Form()
    case_number = form.text("case_number", data.case_number, limit=CASE_NUMBER_LIMIT)
    texts = {name: form.text(name, getattr(data, name), limit=PLAN_TEXT_LIMIT) for name in TEXT_FIELDS}
    if data.apv_agreed_on is not None and data.apv_agreed_on > danish_date(now):
        form.fail(
            "apv_agreed_on",
            N_("The date {date} lies in the future; write when the APV was agreed."),
            date=data.apv_agreed_on,
        )
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        form.done()
        before = repo.plan_of(proposal_id)
        plan = ProposalPlan(
            proposal_id=proposal_id,
            case_number=case_number,
            apv_agreed_on=data.apv_agreed_on,
            cost=texts["cost"],
            funding=texts["funding"],
            staff_hours=texts["staff_hours"],
            staff_tasks=texts["staff_tasks"],
            staff_skills=texts["staff_skills"],
            staff_agreements=texts["staff_agreements"],
            work_environment=texts["work_environment"],
            timetable=texts["timetable"],
            updated_by=actor.person_id,
            updated_at=now,
        )
        stored = repo.save_plan(plan, expected_version)
        record_audit(
            repo,
            actor.person_id,
            "plan.save",
            "proposal",
            proposal_id,
            clock,
            before=_changed(before, stored, side="before"),
            after=_changed(before, stored, side="after"),
        )
    return stored


def _changed(before: ProposalPlan | None, after: ProposalPlan, *, side: str) -> dict[str, object]:
    """The fields that changed, as the audit trail keeps them (dates as ISO text)."""
    old = before or ProposalPlan(proposal_id=after.proposal_id)
    result: dict[str, object] = {}
    for field in fields(ProposalPlan):
        if field.name not in PLAN_FIELDS:
            continue
        was, now = getattr(old, field.name), getattr(after, field.name)
        if was != now:
            value = was if side == "before" else now
            result[field.name] = value.isoformat() if isinstance(value, date) else value
    return result
