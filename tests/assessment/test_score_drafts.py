"""A rater's private drafts: kept as they answer, read by nobody else, submitted as scores in one act."""

from __future__ import annotations

import pytest

from assessment import people, proposals, score_drafts, scoring_sheet
from assessment.kernel.errors import DomainError, InvalidInput, NotAllowed
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Round
from assessment.kernel.permissions import AccessDenied
from tests.support import CountingUnitOfWork, ready_proposal, reveal_after_one_score


def _rater(uow, world, number=0):
    return people.actor_for(uow, world.raters[number])


def _draft(
    uow, world, proposal, criterion="borger", level=1, *, facet="", reason="", rater=0, option=1, **kwargs
):
    kwargs.setdefault("drawn_in", Round.BLIND)
    return score_drafts.save_draft(
        uow,
        proposal.id,
        proposal.options[option].id,
        criterion,
        facet,
        level,
        reason,
        actor=_rater(uow, world, rater),
        **kwargs,
    )


def _sheet(uow, world, proposal, rater=0):
    return scoring_sheet.scoring_sheet(uow, proposal.id, actor=_rater(uow, world, rater))


def _score_events(uow, proposal):
    with uow.read() as repo:
        return [e for e in repo.events_for("proposal", str(proposal.id)) if e.action.startswith("score.")]


def test_a_draft_is_kept_at_once_and_only_its_rater_sees_it(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    saved = _draft(uow, world, proposal, level=2, reason="Færre skift", clock=clock)
    assert saved.draft is not None and not saved.round_changed
    cell = (proposal.options[1].id, "borger", "")
    mine = _sheet(uow, world, proposal).drafts
    assert list(mine) == [cell] and (mine[cell].level, mine[cell].reason) == (2, "Færre skift")
    assert _sheet(uow, world, proposal, rater=1).drafts == {}  # another rater: nothing of hers
    with uow.read() as repo:
        assert repo.all_scores(proposal.id) == []  # a draft is no score
    assert _score_events(uow, proposal) == []  # and no keystroke is audited


def test_the_leader_never_reads_drafts_not_even_after_the_reveal(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    _draft(uow, world, proposal, criterion="perspektiver", facet="formal", reason="Mit udkast", clock=clock)
    leader = people.actor_for(uow, world.leader_id)
    with pytest.raises(AccessDenied):
        scoring_sheet.scoring_sheet(uow, proposal.id, actor=leader)
    reveal_after_one_score(uow, world, proposal, clock)
    with pytest.raises((AccessDenied, NotAllowed)):
        scoring_sheet.scoring_sheet(uow, proposal.id, actor=leader)
    # Discarding is of one's own drafts only: the leader's throws away none of Anne's.
    assert score_drafts.discard_drafts(uow, proposal.id, actor=leader) == 0
    with uow.read() as repo:
        [kept] = repo.drafts_of(proposal.id, world.raters[0])
    assert kept.reason == "Mit udkast"


def test_an_answer_equal_to_the_submitted_score_or_cleared_leaves_no_draft(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    _draft(uow, world, proposal, level=1, clock=clock)
    score_drafts.submit_answers(uow, proposal.id, drawn_in=Round.BLIND, actor=_rater(uow, world), clock=clock)
    assert _draft(uow, world, proposal, level=2, clock=clock).draft is not None  # a change waits
    assert _draft(uow, world, proposal, level=1, clock=clock).draft is None  # back to what was submitted
    assert _sheet(uow, world, proposal).drafts == {}
    _draft(uow, world, proposal, criterion="perspektiver", facet="performed", level=0, clock=clock)
    cleared = _draft(
        uow, world, proposal, criterion="perspektiver", facet="performed", level=None, answered=False
    )
    assert cleared.draft is None and _sheet(uow, world, proposal).drafts == {}


def test_a_reason_written_before_a_level_is_kept(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    saved = _draft(uow, world, proposal, level=None, answered=False, reason="Jeg tænker", clock=clock)
    assert saved.draft is not None and not saved.draft.answered and saved.draft.level is None


@pytest.mark.parametrize(
    ("criterion", "facet", "level", "danish"),
    [
        ("borger", "", 5, "5 er ikke et niveau på denne skala"),
        ("apv", "", 1, "besvares én gang"),  # a readiness question is the leader's, once
        ("perspektiver", "sygeplejerske_x", 1, "vurderes ikke for"),
        ("findes_ikke", "", 1, "findes_ikke"),
    ],
)
def test_a_cell_the_rater_does_not_answer_is_refused_like_a_score_and_stores_nothing(
    uow, world, clock, criterion, facet, level, danish
):
    proposal = ready_proposal(uow, world, clock)
    with pytest.raises(InvalidInput) as refused:
        _draft(uow, world, proposal, criterion, level, facet=facet, clock=clock)
    assert danish in Translator("da").message(refused.value)
    assert _sheet(uow, world, proposal).drafts == {}


def test_the_baseline_is_not_asked_what_is_fixed_at_no_difference(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    with pytest.raises(InvalidInput):
        _draft(uow, world, proposal, "borger", 0, option=0, clock=clock)


def test_someone_off_the_panel_cannot_keep_drafts(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    with uow.read() as repo:
        stored = repo.get_proposal(proposal.id)
    data = proposals.ProposalInput(
        **{
            **{k: getattr(stored, k) for k in ("unit_id", "title", "description", "change_type", "origin")},
            "management_level": stored.management_level,
            "med_committee": stored.med_committee,
            "rubric": stored.rubric,
            "options": [proposals.OptionInput(o.title, o.description, o.id) for o in stored.options[1:]],
            "affected_profession_ids": stored.affected_profession_ids,
            "panel_person_ids": world.raters[1:],
        }
    )
    proposals.update_proposal(
        uow, proposal.id, data, expected_version=stored.version, actor=people.actor_for(uow, world.leader_id)
    )
    with pytest.raises(NotAllowed):
        _draft(uow, world, proposal, clock=clock)


def test_submitting_stores_every_answered_draft_as_a_score_in_one_transaction_and_removes_them(
    uow, world, clock
):
    proposal = ready_proposal(uow, world, clock)
    first, second = proposal.options[1].id, proposal.options[2].id
    _draft(uow, world, proposal, level=2, reason="Kendte ansigter", clock=clock)
    _draft(uow, world, proposal, level=None, option=2, clock=clock)  # don't know
    _draft(uow, world, proposal, "rolle", 1, facet="social_og_sundhedsassistent", clock=clock)
    _draft(uow, world, proposal, "inddragelse_planlagt", None, answered=False, reason="Mangler", clock=clock)
    counting = CountingUnitOfWork(uow)
    outcome = score_drafts.submit_answers(
        counting, proposal.id, drawn_in=Round.BLIND, actor=_rater(uow, world), clock=clock
    )
    assert counting.writes == 1 and counting.reads == 0
    assert (outcome.saved, outcome.unchanged, outcome.not_asked, outcome.round_changed) == (3, 0, 0, False)
    assert outcome.reasons_without_level == ((first, "inddragelse_planlagt", ""),)
    sheet = _sheet(uow, world, proposal)
    assert outcome.unanswered == sheet.cells_total - 3
    scores = {cell: (s.level, s.reason) for cell, s in sheet.own_scores.items()}
    assert scores == {
        (first, "borger", ""): (2, "Kendte ansigter"),
        (second, "borger", ""): (None, ""),
        (first, "rolle", "social_og_sundhedsassistent"): (1, ""),
    }
    assert list(sheet.drafts) == [(first, "inddragelse_planlagt", "")]  # the reason waits for its level
    # The same audit as a saved form: which cell, never which level.
    assert sorted(e.after["cell"] for e in _score_events(uow, proposal)) == sorted(
        f"{o}/{c}/{f}" for (o, c, f) in scores
    )
    assert {e.action for e in _score_events(uow, proposal)} == {"score.round1"}


def test_submitting_twice_stores_nothing_the_second_time(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    _draft(uow, world, proposal, level=2, clock=clock)
    rater = _rater(uow, world)
    score_drafts.submit_answers(uow, proposal.id, drawn_in=Round.BLIND, actor=rater, clock=clock)
    again = score_drafts.submit_answers(uow, proposal.id, drawn_in=Round.BLIND, actor=rater, clock=clock)
    assert again.saved == 0 and len(_score_events(uow, proposal)) == 1


def test_after_the_reveal_old_drafts_are_unusable_and_a_stale_screen_saves_nothing(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    _draft(uow, world, proposal, level=-2, option=2, reason="Blindt udkast", rater=1, clock=clock)
    reveal_after_one_score(uow, world, proposal, clock)
    bo = _rater(uow, world, 1)
    stale = _draft(uow, world, proposal, level=1, rater=1, clock=clock)  # drawn in the blind round
    assert stale.round_changed and stale.draft is None
    refused = score_drafts.submit_answers(uow, proposal.id, drawn_in=Round.BLIND, actor=bo, clock=clock)
    assert refused.round_changed and refused.saved == 0
    assert _sheet(uow, world, proposal, rater=1).drafts == {}  # round 2 does not start from them
    with uow.read() as repo:
        assert [d.round for d in repo.drafts_of(proposal.id, world.raters[1])] == [Round.BLIND]
        assert repo.scores_of(proposal.id, world.raters[1], Round.BLIND) == []
    _draft(uow, world, proposal, level=1, rater=1, drawn_in=Round.REVISED, clock=clock)
    outcome = score_drafts.submit_answers(uow, proposal.id, drawn_in=Round.REVISED, actor=bo, clock=clock)
    assert outcome.saved == 1
    with uow.read() as repo:
        assert repo.drafts_of(proposal.id, world.raters[1]) == []  # the blind one went unused
        [revised] = repo.scores_of(proposal.id, world.raters[1], Round.REVISED)
    assert (revised.option_id, revised.level) == (proposal.options[1].id, 1)


def test_in_round_2_a_blind_score_drafted_unchanged_adds_no_round_2_score(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    reveal_after_one_score(uow, world, proposal, clock)  # Anne scored borger +1 on the first option
    anne = _rater(uow, world)
    assert _draft(uow, world, proposal, level=1, drawn_in=Round.REVISED, clock=clock).draft is None
    _draft(uow, world, proposal, level=2, drawn_in=Round.REVISED, clock=clock)
    _draft(uow, world, proposal, level=1, drawn_in=Round.REVISED, clock=clock)  # and back again
    outcome = score_drafts.submit_answers(uow, proposal.id, drawn_in=Round.REVISED, actor=anne, clock=clock)
    assert outcome.saved == 0
    with uow.read() as repo:
        assert repo.scores_of(proposal.id, world.raters[0], Round.REVISED) == []


def test_discarding_removes_every_draft_of_the_person_and_nobody_elses(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    _draft(uow, world, proposal, level=1, clock=clock)
    _draft(uow, world, proposal, level=1, option=2, clock=clock)
    _draft(uow, world, proposal, level=2, rater=1, clock=clock)
    assert score_drafts.discard_drafts(uow, proposal.id, actor=_rater(uow, world)) == 2
    assert _sheet(uow, world, proposal).drafts == {}
    assert len(_sheet(uow, world, proposal, rater=1).drafts) == 1


def test_a_refusal_reads_in_danish(uow, world, clock):
    proposal = ready_proposal(uow, world, clock)
    with pytest.raises(DomainError) as refused:
        _draft(uow, world, proposal, level=9, clock=clock)
    assert Translator("da").message(refused.value).startswith("9 er ikke et niveau")
