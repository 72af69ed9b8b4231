"""Whether the leadership's portfolio has anything for a person: the router shows the screen only then.

A person's portfolio holds the units they lead and the units of the open MED committees they sit
on (:func:`assessment.portfolio.has_portfolio`). A leader is seen from the roles the rerun has
already read; a seat needs the committees, read here only for someone who leads nothing.
"""

from __future__ import annotations

from assessment.kernel.model import Role
from assessment.kernel.permissions import Actor
from assessment.portfolio import has_portfolio
from ui.context import unit_of_work


def opens_portfolio(actor: Actor) -> bool:
    """True for a program, a leader of any unit and a person with a seat on an open MED committee."""
    if actor.trusted or any(Role.LEADER in roles for roles in actor.roles.values()):
        return True
    if not actor.is_signed_in_person:
        return False
    return has_portfolio(unit_of_work(), actor=actor)
