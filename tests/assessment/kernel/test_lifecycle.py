"""The proposal's life: only the listed moves exist, and the status decides which round a score is."""

from __future__ import annotations

from itertools import product

import pytest

from assessment.kernel import lifecycle
from assessment.kernel.errors import NotAllowed, WrongState
from assessment.kernel.model import Round, Status

ALLOWED = {
    (Status.DRAFT, Status.SCORING),
    (Status.SCORING, Status.DISCUSSION),
    (Status.DISCUSSION, Status.DECIDED),
    (Status.DECIDED, Status.FOLLOW_UP),
    (Status.FOLLOW_UP, Status.CLOSED),
}


@pytest.mark.parametrize(("current", "target"), list(product(Status, Status)))
def test_only_the_forward_moves_are_allowed(current, target):
    if (current, target) in ALLOWED:
        assert lifecycle.move(current, target) is target
    else:
        with pytest.raises(WrongState):
            lifecycle.move(current, target)


@pytest.mark.parametrize(
    ("status", "round_"),
    [(Status.SCORING, Round.BLIND), (Status.DISCUSSION, Round.REVISED), (Status.FOLLOW_UP, Round.FOLLOW_UP)],
)
def test_the_status_decides_the_round_of_a_score(status, round_):
    assert lifecycle.scoring_round(status) is round_


@pytest.mark.parametrize("status", [Status.DRAFT, Status.DECIDED, Status.CLOSED])
def test_a_proposal_outside_scoring_takes_no_scores(status):
    with pytest.raises(WrongState, match="not open for scoring"):
        lifecycle.scoring_round(status)


def test_scores_are_revealed_from_the_discussion_on():
    assert [s for s in Status if lifecycle.is_revealed(s)] == [
        Status.DISCUSSION,
        Status.DECIDED,
        Status.FOLLOW_UP,
        Status.CLOSED,
    ]


@pytest.mark.parametrize("status", list(Status))
def test_the_panels_scores_stay_hidden_until_the_reveal(status):
    if lifecycle.is_revealed(status):
        lifecycle.require_revealed(status)
    else:
        with pytest.raises(NotAllowed) as refused:
            lifecycle.require_revealed(status)
        assert refused.value.message.id == lifecycle.HIDDEN_UNTIL_REVEAL
