"""The life of a proposal as an explicit state machine.

draft → scoring (blind) → discussion (revealed) → decided → follow-up → closed.
Only the moves in ``MOVES`` exist; everything else is refused with a message that says
what the proposal is waiting for.
"""

from __future__ import annotations

from assessment.kernel.errors import N_, Message, NotAllowed, WrongState
from assessment.kernel.model import Round, Status

MOVES: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SCORING}),
    Status.SCORING: frozenset({Status.DISCUSSION}),
    Status.DISCUSSION: frozenset({Status.DECIDED}),
    Status.DECIDED: frozenset({Status.FOLLOW_UP}),
    Status.FOLLOW_UP: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}

STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: N_("draft"),
    Status.SCORING: N_("blind scoring"),
    Status.DISCUSSION: N_("discussion"),
    Status.DECIDED: N_("decided"),
    Status.FOLLOW_UP: N_("follow-up"),
    Status.CLOSED: N_("closed"),
}


def status_label(status: Status) -> Message:
    return Message(STATUS_LABELS[status])


# The round a rater's score belongs to, by the status the proposal is in when it is saved.
SCORING_ROUND: dict[Status, Round] = {
    Status.SCORING: Round.BLIND,
    Status.DISCUSSION: Round.REVISED,
    Status.FOLLOW_UP: Round.FOLLOW_UP,
}

# Scores of other raters may be seen only once the reveal has happened.
REVEALED: frozenset[Status] = frozenset({Status.DISCUSSION, Status.DECIDED, Status.FOLLOW_UP, Status.CLOSED})

# Proposal texts and options may still change; after the reveal they are what was scored.
EDITABLE: frozenset[Status] = frozenset({Status.DRAFT, Status.SCORING})
OPTIONS_EDITABLE: frozenset[Status] = frozenset({Status.DRAFT})


def can_move(current: Status, target: Status) -> bool:
    return target in MOVES[current]


def move(current: Status, target: Status) -> Status:
    """Return the new status, or raise :class:`WrongState` naming both states."""
    if not can_move(current, target):
        raise WrongState(
            N_("A proposal in status “{current}” cannot move to “{target}”."),
            current=status_label(current),
            target=status_label(target),
        )
    return target


def scoring_round(status: Status) -> Round:
    """The round scores go into now, or :class:`WrongState` when the proposal takes no scores."""
    try:
        return SCORING_ROUND[status]
    except KeyError:
        raise WrongState(
            N_("The proposal is not open for scoring (its status is “{status}”)."),
            status=status_label(status),
        ) from None


def is_revealed(status: Status) -> bool:
    return status in REVEALED


HIDDEN_UNTIL_REVEAL = N_(
    "The panel's scores are hidden until the reveal, so that everyone scores independently."
)


def require_revealed(status: Status) -> None:
    """Refuse to show the panel's scores before the reveal (blind scoring stays blind)."""
    if not is_revealed(status):
        raise NotAllowed(HIDDEN_UNTIL_REVEAL)
