"""A decided proposal with a named follow-up person, and indicator forms, for the outcome tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessment import decision, outcomes, people
from assessment.kernel.model import Proposal
from tests.assessment.helpers import decision_input
from tests.support import Clock, World, reveal_after_one_score, scoring_proposal


@dataclass
class Decided:
    proposal: Proposal
    follower: int  # the rater named to follow up (no leader)
    bystander: int  # another rater of the unit, named for nothing


def decided_proposal(uow, world: World, clock: Clock, **changes) -> Decided:
    """The world's proposal, decided for its first option, with Cecilie named to follow up."""
    proposal = scoring_proposal(uow, world, clock)
    proposal = reveal_after_one_score(uow, world, proposal, clock)
    leader = people.actor_for(uow, world.leader_id)
    decision.record_decision(
        uow,
        proposal.id,
        decision_input(proposal, follow_up_responsible_id=world.raters[2], **changes),
        actor=leader,
        clock=clock,
    )
    return Decided(proposal=proposal, follower=world.raters[2], bystander=world.raters[0])


def bath(**changes) -> outcomes.IndicatorInput:
    """The booklet's outcome: citizens who manage their own bath."""
    values = dict(
        name="Borgere der selv klarer badet",
        source="Fælles Sprog III",
        unit="borgere",
        baseline_value=40.0,
        baseline_date=date(2026, 9, 1),
        target_value=60.0,
        target_date=date(2027, 9, 1),
        higher_is_better=True,
    )
    return outcomes.IndicatorInput(**(values | changes))  # type: ignore[arg-type]


def readmissions(**changes) -> outcomes.IndicatorInput:
    """An outcome that should fall."""
    values = dict(
        name="Genindlæggelser inden for 30 dage",
        source="Sundhedsdatastyrelsen",
        unit="%",
        baseline_value=12.0,
        baseline_date=date(2026, 10, 1),
        target_value=8.0,
        target_date=date(2027, 10, 1),
        higher_is_better=False,
    )
    return outcomes.IndicatorInput(**(values | changes))  # type: ignore[arg-type]
