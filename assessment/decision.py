"""The decision: what was chosen and why, the dissent, and the follow-up date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessment.kernel import lifecycle
from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import (
    N_,
    WrongState,
)
from assessment.kernel.forms import Form
from assessment.kernel.model import (
    Decision,
    Status,
)
from assessment.kernel.permissions import (
    Action,
    Actor,
    checked_proposal,
    use_case,
)
from assessment.kernel.records import move_proposal, record_audit
from assessment.kernel.repository import (
    UnitOfWork,
)
from assessment.kernel.scoring import (
    facets_for,  # noqa
)


@dataclass(frozen=True)
class DecisionInput:
    chosen_option_id: int | None  # None: the form was sent before an option was chosen
    justification: str
    med_statement: str
    dissent: str
    conditions: str
    follow_up_date: date
    indicators: str


@use_case
def record_decision(
    uow: UnitOfWork,
    proposal_id: int,
    data: DecisionInput,
    *,
    actor: Actor,
    clock: Clock = utc_now,
) -> Decision:
    """Record the decision; from now on the scores are locked.

    Every problem of the form is reported at once; nothing is stored unless every check passes.
    """
    now = clock()
    with uow.write() as repo:
        # Asked before the form is checked, so that someone who may not decide is told so.
        proposal = checked_proposal(repo, actor, Action.RECORD_DECISION, proposal_id)
        form = Form()
        chosen = None if data.chosen_option_id is None else proposal.option(data.chosen_option_id)
        if data.chosen_option_id is None:
            form.fail("chosen_option_id", N_("Choose the option the decision is for."))
        elif chosen is None:
            form.fail("chosen_option_id", N_("The option does not belong to this proposal."))
        justification = form.text("justification", data.justification, required=True)
        med_statement = form.text("med_statement", data.med_statement, required=True)
        dissent = form.text("dissent", data.dissent)
        conditions = form.text("conditions", data.conditions)
        indicators = form.text("indicators", data.indicators, required=True)
        if data.follow_up_date <= danish_date(now):
            form.fail("follow_up_date", N_("The follow-up date must lie after today."))
        form.done()
        assert chosen is not None and chosen.id is not None  # form.done() refused the form otherwise
        if proposal.status is not Status.DISCUSSION:
            raise WrongState(
                N_("A decision is recorded while the proposal is in discussion; its status is “{status}”."),
                status=lifecycle.status_label(proposal.status),
            )
        decision = repo.save_decision(
            Decision(
                proposal_id=proposal_id,
                chosen_option_id=chosen.id,
                justification=justification,
                med_statement=med_statement,
                dissent=dissent,
                conditions=conditions,
                follow_up_date=data.follow_up_date,
                indicators=indicators,
                decided_by=actor.person_id,
                decided_at=now,
            ),
            expected_version=None,
        )
        move_proposal(repo, proposal, Status.DECIDED, actor, clock)
        record_audit(
            repo,
            actor.person_id,
            "decision.record",
            "proposal",
            proposal_id,
            clock,
            after={"chosen_option_id": data.chosen_option_id},
        )
    return decision


@use_case
def get_decision(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> Decision | None:
    with uow.read() as repo:
        checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        return repo.get_decision(proposal_id)
