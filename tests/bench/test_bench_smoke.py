"""The benchmark seeder still builds a municipality the app's use cases read correctly.

``bench.seed`` writes rows with bulk inserts, around the use cases; if the schema or the rules
change and the seeder does not follow, the benchmarks would time a broken database. This seeds
a tiny municipality (a few hundred scores) with the same code and reads it back.
"""

from __future__ import annotations

from assessment import decision, organisation, people, proposals, scoring_sheet
from assessment.kernel.model import Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from bench.seed import NOW, SMALL_PLAN, TYPICAL_STATUSES, check, seed
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork


def test_a_seeded_municipality_reads_back_through_the_use_cases(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    seeded = seed(url, SMALL_PLAN)

    assert 200 <= seeded.scores <= 1_000
    assert set(seeded.typical) == {status.value for status in TYPICAL_STATUSES}
    found = check(url)  # the proposal in discussion: every cell scored by every rater
    assert found.cells > 0 and found.scores_counted == found.cells * SMALL_PLAN.raters

    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        overview = proposals.overview(uow, ProposalFilter(limit=100), actor=SYSTEM, today=NOW.date())
        assert overview.total == seeded.proposals
        decided = decision.get_decision(uow, seeded.typical[Status.DECIDED.value], actor=SYSTEM)
        assert decided is not None
        proposal = proposals.get_proposal(uow, seeded.typical[Status.SCORING.value], actor=SYSTEM)
        sheet = scoring_sheet.scoring_sheet(
            uow, proposal.id or 0, actor=people.actor_for(uow, proposal.panel[0].person_id)
        )
        assert sheet.cells_total > 0
        assert len(organisation.directory(uow, actor=SYSTEM).units) == SMALL_PLAN.units
    finally:
        engine.dispose()
