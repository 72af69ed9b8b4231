"""Small helpers the use-case tests share: the leader, one score, a decision form."""

from __future__ import annotations

from datetime import date

from assessment import decision, people, scoring_sheet
from tests.support import (
    Clock,
    record_score,
)


def leader(uow, world):
    """The world's leader, with the roles the database gives her."""
    return people.actor_for(uow, world.leader_id)


def score(uow, proposal, rater, level, *, option=1, criterion="borger", facet="", reason="", clock=None):
    return record_score(
        uow,
        scoring_sheet.ScoreInput(proposal.id, proposal.options[option].id, criterion, level, reason, facet),
        actor=people.actor_for(uow, rater),
        clock=clock or Clock(),
    )


def decision_input(proposal, **changes):
    data = dict(
        chosen_option_id=proposal.options[1].id,
        justification="Faste teams giver fru Jensen færre nye ansigter.",
        med_statement="MED støtter forsøget med forbehold for vagtplanen.",
        dissent="To medarbejderrepræsentanter foretrækker makkerpar.",
        conditions="Evalueres efter et halvt år.",
        follow_up_date=date(2027, 6, 1),
        indicators="Antal forskellige medarbejdere pr. borger pr. uge.",
    )
    return decision.DecisionInput(**(data | changes))
