"""The scoring screen's questions: options as columns, facets as rows, the baseline only where asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from assessment import organisation, people, proposals, scoring_sheet
from assessment.kernel.model import Proposal, Round, ScoreDraft
from assessment.kernel.permissions import SYSTEM
from assessment.scoring_sheet import ScoringForm, scoring_form
from tests.fakes import FakeUnitOfWork
from tests.support import SMALL_RUBRIC, Clock, World, build_world, proposal_input, record_score
from ui.tabs.scoring_questions import plan_of

# The small rubric in format 2, with one more question each rater answers for their own profession.
FORMAT_2 = SMALL_RUBRIC.replace("schema_version = 1", "schema_version = 2").replace(
    'id = "lille"', 'id = "lille2"'
) + (
    """
[[criteria]]
key = "egen"
dimension = "kerneopgaven"
scale = "effekt"
facets = "own_profession"
question = { da = "Kan din faggruppe bruge sin faglighed?", en = "Can your profession use its expertise?" }
descriptors."-2" = { da = "Meget mindre", en = "Much less" }
descriptors."-1" = { da = "Mindre", en = "Less" }
descriptors."0" = { da = "Uændret", en = "Unchanged" }
descriptors."1" = { da = "Mere", en = "More" }
descriptors."2" = { da = "Meget mere", en = "Much more" }
"""
)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def world(uow) -> World:
    return build_world(uow, Clock())


def open_proposal(uow, world: World, rubric_text: str | None = None) -> Proposal:
    data = proposal_input(world)
    if rubric_text is not None:
        data.rubric = organisation.register_rubric(
            uow, content=rubric_text.encode(), source_name="lille2.toml", actor=SYSTEM, clock=Clock()
        ).ref
    leader = people.actor_for(uow, world.leader_id)
    proposal = proposals.register_proposal(uow, data, actor=leader, clock=Clock())
    return proposals.open_scoring(uow, proposal.id or 0, actor=leader, clock=Clock())


def form_of(uow, proposal: Proposal, rater: int) -> ScoringForm:
    return scoring_form(uow, proposal.id or 0, actor=people.actor_for(uow, rater))


def test_format_1_asks_every_question_of_every_option_with_the_baseline_last(uow, world):
    proposal = open_proposal(uow, world)
    plan = plan_of(form_of(uow, proposal, world.raters[0]))

    baseline = proposal.baseline
    assert [q.criterion.key for q in plan.questions] == [
        "borger",
        "perspektiver",
        "rolle",
        "inddragelse_planlagt",
    ]
    assert [q.number for q in plan.questions] == [1, 2, 3, 4]
    first = plan.questions[0]
    assert first.options[-1] is not None and first.options[-1].id == baseline.id
    assert [o.title for o in first.options[:-1]] == ["Faste teams på fire", "Faste makkerpar"]
    assert first.facets == ("",) and len(first.cells) == 3 and not first.baseline_fixed
    perspectives = plan.questions[1]
    assert perspectives.facets == ("formal", "performed", "experienced")
    assert len(perspectives.cells) == 9  # a row per facet, a column per option
    assert plan.total == 3 + 9 + 6 + 3


def test_format_2_leaves_the_baseline_out_and_says_when_it_counts_as_no_difference(uow, world):
    proposal = open_proposal(uow, world, FORMAT_2)
    rater = world.raters[2]  # Cecilie, a nurse
    plan = plan_of(form_of(uow, proposal, rater))

    by_key = {q.criterion.key: q for q in plan.questions}
    assert all(not option.is_baseline for q in plan.questions for option in q.options)
    assert by_key["borger"].baseline_fixed  # an effect: "keep as is" is no difference
    assert not by_key["inddragelse_planlagt"].baseline_fixed  # a ladder: skipped, not fixed
    nurse = next(
        p.key for p in form_of(uow, proposal, rater).sheet.professions if p.id == world.profession_ids[1]
    )
    assert by_key["egen"].facets == (nurse,)  # only her own profession
    assert plan.total == sum(len(q.cells) for q in plan.questions) == 2 * (1 + 3 + 2 + 1 + 1)


def test_answers_come_from_drafts_over_stored_scores_and_count_towards_progress(uow, world):
    proposal = open_proposal(uow, world)
    rater = world.raters[0]
    option = proposal.options[1].id or 0
    record_score(
        uow,
        scoring_sheet.ScoreInput(proposal.id or 0, option, "borger", 1, "stored"),
        actor=people.actor_for(uow, rater),
    )
    form = form_of(uow, proposal, rater)
    now = datetime(2026, 12, 6, tzinfo=UTC)

    def draft(criterion, level, reason="", answered=True, facet=""):
        return ScoreDraft(
            proposal.id or 0, option, rater, Round.BLIND, criterion, facet, level, reason, now, answered
        )

    drafts = {
        (option, "borger", ""): draft("borger", 2, "changed my mind"),
        (option, "inddragelse_planlagt", ""): draft("inddragelse_planlagt", None),  # don't know
        (option, "rolle", "x"): draft("rolle", None, "only a reason", answered=False),
    }
    plan = plan_of(replace(form, sheet=replace(form.sheet, drafts=drafts)))

    borger = plan.given[(option, "borger", "")]
    assert (borger.level, borger.reason, borger.draft) == (2, "changed my mind", True)
    assert plan.answered() == 2 and plan.drafts == 2  # a reason alone is no answer
    assert plan.first_open() == 1  # the baseline and the other option are still open on question 1
    open_ = dict((q.number, cells) for q, cells in plan.unanswered())
    assert (option, "borger", "") not in open_[1] and len(open_[1]) == 2
