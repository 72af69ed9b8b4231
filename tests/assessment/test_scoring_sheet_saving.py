"""Saving scores: what a rater may save, when, and what the trail keeps of it."""

from __future__ import annotations

import pytest

from assessment import people, proposals, scoring_sheet
from assessment.kernel.errors import InvalidInput, NotAllowed, NotFound, WrongState
from assessment.kernel.model import Round
from assessment.kernel.permissions import AccessDenied, NotNow, on_behalf_of
from tests.assessment.helpers import leader, score
from tests.support import (
    proposal_input,
    record_score,
    scoring_proposal,
)


def test_saving_the_same_score_twice_leaves_one_row(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for _ in range(20):
        score(uow, proposal, world.raters[0], 2, reason="Færre nye ansigter hos fru Jensen")
    with uow.read() as repo:
        assert len(repo.all_scores(proposal.id)) == 1


@pytest.mark.parametrize(
    ("entry", "error", "words"),
    [
        ({"criterion": "findes_ikke"}, InvalidInput, "no criterion called findes_ikke"),
        ({"level": 3}, InvalidInput, "3 is not a level"),
        ({"level": -3}, InvalidInput, "-3 is not a level"),
        ({"criterion": "perspektiver", "facet": ""}, InvalidInput, "not scored for"),
        ({"criterion": "perspektiver", "facet": "imagined"}, InvalidInput, "not scored for"),
        ({"criterion": "rolle", "facet": "laerer"}, InvalidInput, "not scored for"),
        ({"criterion": "borger", "facet": "formal"}, InvalidInput, "not scored for"),
    ],
)
def test_a_score_off_the_rubric_is_refused_with_a_reason(uow, world, clock, entry, error, words):
    proposal = scoring_proposal(uow, world, clock)
    arguments = {"level": 1, "criterion": "borger", "facet": ""} | entry
    with pytest.raises(error, match=words):
        score(uow, proposal, world.raters[0], arguments.pop("level"), **arguments)
    with uow.read() as repo:
        assert repo.all_scores(proposal.id) == []


def test_faceted_criteria_take_one_score_per_facet(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for facet in ("formal", "performed", "experienced"):
        score(uow, proposal, world.raters[0], 1, criterion="perspektiver", facet=facet)
    score(uow, proposal, world.raters[0], 2, criterion="rolle", facet="sygeplejerske")
    sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    # 3 options × (borger 1 + perspektiver 3 + rolle 2 professions + inddragelse 1) = 21 cells
    assert (sheet.cells_scored, sheet.cells_total) == (4, 21)


def test_someone_off_the_panel_cannot_score(uow, world, clock):
    proposal = proposals.register_proposal(
        uow, proposal_input(world, panel_person_ids=world.raters[:2]), actor=leader(uow, world), clock=clock
    )
    proposals.open_scoring(uow, proposal.id, actor=leader(uow, world), clock=clock)
    # Cecilie is a rater in the unit, but not on this proposal's panel.
    with pytest.raises(NotAllowed, match="not on the panel"):
        score(uow, proposal, world.raters[2], 1)
    # The leader holds no rater role at all: refused before the panel is even looked at.
    with pytest.raises(AccessDenied):
        score(uow, proposal, world.leader_id, 1)


def test_a_draft_takes_no_scores(uow, world, clock):
    proposal = proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    # Raters do not see drafts at all, so they are told no more than "no access".
    with pytest.raises(AccessDenied) as refused:
        score(uow, proposal, world.raters[0], 1)
    assert not isinstance(refused.value, NotNow)
    # The life cycle refuses it too, even for a trusted program acting for the rater.
    with pytest.raises(WrongState, match="not open for scoring"):
        record_score(
            uow,
            scoring_sheet.ScoreInput(proposal.id, proposal.options[1].id, "borger", 1),
            actor=on_behalf_of(world.raters[0]),
            clock=clock,
        )


def test_an_option_of_another_proposal_is_refused(uow, world, clock):
    first = scoring_proposal(uow, world, clock)
    other = scoring_proposal(uow, world, clock)
    with pytest.raises(NotFound):
        record_score(
            uow,
            scoring_sheet.ScoreInput(first.id, other.options[1].id, "borger", 1),
            actor=people.actor_for(uow, world.raters[0]),
        )


def test_scores_stay_hidden_until_reveal(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], 2, reason="Anne's private reason")
    sheet_b = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, world.raters[1]))
    assert sheet_b.own_scores == {}
    for person_id in (world.leader_id, world.raters[1]):
        with pytest.raises(NotAllowed, match="hidden until the reveal"):
            scoring_sheet.group_results(uow, proposal.id, actor=people.actor_for(uow, person_id))
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    results = scoring_sheet.group_results(uow, proposal.id, actor=people.actor_for(uow, world.raters[1]))
    assert results.tallies[(proposal.options[1].id, "borger", "")].counts == {2: 1}


def test_the_blind_round_log_does_not_reveal_the_level(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], 2)
    with uow.read() as repo:
        events = [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "score.round1"]
    assert len(events) == 1
    assert "level" not in (events[0].after or {})


def test_a_round_two_score_replaces_round_one_and_the_change_is_logged(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for rater, level in zip(world.raters, (-2, 1, 2), strict=True):
        score(uow, proposal, rater, level)
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    assert sheet.round is Round.REVISED
    assert sheet.own_scores[(proposal.options[1].id, "borger", "")].level == -2  # starts from round 1
    score(uow, proposal, world.raters[0], 0, reason="Efter drøftelsen")
    results = scoring_sheet.group_results(uow, proposal.id, actor=leader(uow, world))
    assert results.tallies[(proposal.options[1].id, "borger", "")].counts == {0: 1, 1: 1, 2: 1}
    with uow.read() as repo:
        logged = [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "score.round2"]
    # The cell, never the level: the trail names the rater, and the discussion must not be undone.
    assert [(e.actor_id, e.before, e.after) for e in logged] == [
        (world.raters[0], None, {"cell": f"{proposal.options[1].id}/borger/"})
    ]


def test_dont_know_is_counted_apart(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], None)
    score(uow, proposal, world.raters[1], 1)
    proposals.reveal(uow, proposal.id, actor=leader(uow, world), clock=clock)
    tally = scoring_sheet.group_results(uow, proposal.id, actor=leader(uow, world)).tallies[
        (proposal.options[1].id, "borger", "")
    ]
    assert (tally.counts, tally.dont_know) == ({1: 1}, 1)


def test_re_saving_a_blind_score_after_the_reveal_is_not_a_change(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], 1, reason="Samme mening")
    proposals.reveal(uow, proposal.id, actor=leader(uow, world), clock=clock)
    score(uow, proposal, world.raters[0], 1, reason="Samme mening")
    with uow.read() as repo:
        assert repo.scores_of(proposal.id, world.raters[0], Round.REVISED) == []
        assert not [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "score.round2"]


def test_a_batch_of_scores_is_saved_whole_or_not_at_all(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    option = proposal.options[1].id
    good = scoring_sheet.ScoreInput(proposal.id, option, "borger", 1, "Godt for fru Jensen")
    bad = scoring_sheet.ScoreInput(proposal.id, option, "borger", 7)
    with pytest.raises(InvalidInput):
        scoring_sheet.record_scores(
            uow, proposal.id, [good, bad], actor=people.actor_for(uow, world.raters[0]), clock=clock
        )
    with uow.read() as repo:
        assert repo.all_scores(proposal.id) == []
    saved = scoring_sheet.record_scores(
        uow, proposal.id, [good], actor=people.actor_for(uow, world.raters[0]), clock=clock
    )
    assert [s.level for s in saved] == [1]
