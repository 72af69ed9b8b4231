"""Raters in separate processes saving at once lose nothing and never see "database is locked".

CI-sized versions of ``bench/concurrency.py`` (a few seconds instead of 30; ``make soak`` runs the
long ones). The control run proves the check can fail: with a plain deferred ``BEGIN`` the same
load does hit "database is locked".
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.pool import NullPool

from bench import concurrency, workload
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests.conftest import BACKENDS, empty_database

SECONDS = 3


@pytest.mark.parametrize("backend", BACKENDS)
def test_eight_raters_saving_at_once_lose_no_acknowledged_save_and_never_see_a_lock(backend, tmp_path):
    with empty_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        outcome = concurrency.run(url, backend=backend, workers=8, seconds=SECONDS, folder=tmp_path)

    assert outcome.failures == []
    assert outcome.lost == 0
    assert outcome.locked == 0
    assert outcome.saves >= 8  # every worker got through at least once on average
    assert outcome.checked_cells > 0


def test_the_control_with_a_deferred_begin_does_fail_with_database_is_locked(tmp_path):
    with empty_database("sqlite", tmp_path) as url:
        upgrade_to_head(url)
        outcome = concurrency.run(url, backend="sqlite", workers=4, seconds=2, control=True, folder=tmp_path)

    assert outcome.locked > 0, "the control must fail, or the test above could pass by luck"
    # Saves that were refused were never acknowledged, so nothing acknowledged is missing.
    assert outcome.lost == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_twenty_identical_submits_at_the_same_moment_leave_one_row_per_cell(backend, tmp_path):
    # The sequential version is in tests/assessment/test_scoring_sheet_saving.py; here the 20 arrive together.
    with empty_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url, poolclass=NullPool)
        try:
            uow = SqlUnitOfWork(engine)
            setup = workload.prepare(uow, raters=2, proposals=1)
            [proposal] = setup.proposals
            levels = {cell: 1 for cell in workload.batch(setup, proposal, workload.random.Random(0))}
            barrier = threading.Barrier(20, timeout=30)
            errors: list[BaseException] = []

            def submit() -> None:
                barrier.wait()
                try:
                    workload.save_scores(uow, setup.rater_ids[0], proposal, levels, "same")
                except BaseException as error:
                    errors.append(error)

            threads = [threading.Thread(target=submit) for _ in range(20)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            with engine.connect() as connection:
                rows = list(workload.stored_scores(connection))
        finally:
            engine.dispose()

    assert errors == []
    assert len(rows) == len(levels)
    assert {(option, criterion) for _p, _r, option, criterion, _l, _reason in rows} == {
        (cell.option_id, cell.criterion) for cell in levels
    }
