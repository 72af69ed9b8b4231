"""The benchmark seeder still builds a municipality the app's use cases read correctly.

``bench.seed`` writes rows with bulk inserts, around the use cases; if the schema or the rules
change and the seeder does not follow, the benchmarks would time a broken database. This seeds
a tiny municipality (a few hundred scores) with the same code and reads it back.
"""

from __future__ import annotations

from collections import Counter

import pytest

from assessment import decision, organisation, people, proposals, readiness, scoring_sheet, summary
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Round, Status
from assessment.kernel.permissions import SYSTEM, Action, actor_from, allows
from assessment.kernel.records import affected_professions, rubric_of
from assessment.kernel.repository import ProposalFilter
from assessment.kernel.rubric import BaselineRule, FacetKind
from assessment.kernel.scoring import options_to_score, questions_for
from bench.seed import NOW, SMALL_PLAN, TYPICAL_STATUSES, check, seed
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'bench.db'}"
    return url, seed(url, SMALL_PLAN)


def test_a_seeded_municipality_reads_back_through_the_use_cases(seeded):
    url, seeded = seeded

    assert 200 <= seeded.scores <= 1_000
    assert set(seeded.typical) == {status.value for status in TYPICAL_STATUSES}
    found = check(url)  # the proposal in discussion: exactly the cells the kernel asks, and readiness
    assert found.cells > 0 and found.fixed > 0  # rubric 2.0: "keep as is" is fixed, not asked
    assert found.scores_counted > found.fixed

    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        overview = proposals.overview(uow, ProposalFilter(limit=100), actor=SYSTEM, today=NOW.date())
        assert overview.total == seeded.proposals
        decided = decision.get_decision(uow, seeded.typical[Status.DECIDED.value], actor=SYSTEM)
        assert decided is not None
        # What bench.exports times: the summary, pseudonyms included (every proposal has its key).
        written = summary.export_summary(
            uow, seeded.typical[Status.DECIDED.value], Translator("da"), actor=SYSTEM
        )
        assert written.summary.appendix.panel and written.summary.decision.decided
        checklist = readiness.readiness_checklist(uow, seeded.typical[Status.DECIDED.value], actor=SYSTEM)
        assert checklist.items and checklist.complete and found.readiness == len(checklist.items)
        draft = readiness.readiness_checklist(uow, seeded.typical[Status.DRAFT.value], actor=SYSTEM)
        assert draft.answered == 0  # the leader answers it before scoring opens, not yet
        proposal = proposals.get_proposal(uow, seeded.typical[Status.SCORING.value], actor=SYSTEM)
        sheet = scoring_sheet.scoring_sheet(
            uow, proposal.id or 0, actor=people.actor_for(uow, proposal.panel[0].person_id)
        )
        assert sheet.cells_total > 0 and sheet.cells_scored <= sheet.cells_total
        assert len(organisation.directory(uow, actor=SYSTEM).units) == SMALL_PLAN.units
    finally:
        engine.dispose()


def test_every_seeded_score_is_a_question_the_kernel_asks_its_rater(seeded):
    """No cell the app would refuse: on "keep as is" only questions asked there, the question on
    one's own profession only for one's own affected profession, round 3 only on the chosen option,
    and only from panel members who may score the proposal's unit."""
    url, seeded = seeded
    engine = make_engine(url)
    checked = Counter()
    try:
        uow = SqlUnitOfWork(engine)
        with uow.read() as repo:
            units = repo.list_units()
            every = repo.find_proposals(ProposalFilter(limit=1_000, scope=None))[0]  # None: no scope
            assert len(every) == seeded.proposals
            for summary in every:
                proposal = repo.get_proposal(summary.id)
                assert proposal is not None and proposal.id is not None
                rubric = rubric_of(repo, proposal.rubric)
                professions = affected_professions(repo, proposal)
                by_id = {p.id: p for p in professions}
                options = {option.id: option for option in proposal.options}
                made = repo.get_decision(proposal.id)
                followed = options_to_score(
                    proposal.options, Round.FOLLOW_UP, made.chosen_option_id if made else None
                )
                for member in proposal.panel:
                    person = repo.get_person(member.person_id)
                    actor = actor_from(member.person_id, repo.memberships_of(member.person_id), units)
                    assert person is not None and person.active
                    assert allows(actor, Action.SCORE, proposal.unit_id, Status.SCORING)
                scores = repo.all_scores(proposal.id)
                if proposal.status is Status.DRAFT:
                    assert scores == [] and repo.readiness_of(proposal.id) == []
                    continue
                assert {a.criterion_key for a in repo.readiness_of(proposal.id)} == {
                    c.key for c in rubric.proposal_criteria
                }
                for score in scores:
                    member = proposal.panel_member(score.rater_id)
                    assert member is not None
                    option = options[score.option_id]
                    asked = questions_for(rubric, option, professions, by_id.get(member.profession_id))
                    assert (score.criterion_key, score.facet) in {(c.key, f) for c, f in asked}, score
                    if score.round is Round.FOLLOW_UP:
                        assert option in followed
                    checked["keep as is" if option.is_baseline else score.criterion_key] += 1
    finally:
        engine.dispose()
    # The rules were at work: the own-profession question is answered, and in rubric 2.0 nothing
    # is asked on "keep as is".
    own = [c.key for c in rubric.option_criteria if c.facets is FacetKind.OWN_PROFESSION]
    assert own and all(checked[key] > 0 for key in own)
    assert not any(rubric.baseline_rule(c) is BaselineRule.ASK for c in rubric.option_criteria)
    assert checked["keep as is"] == 0 and sum(checked.values()) == seeded.scores
