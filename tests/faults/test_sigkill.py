"""The app killed (SIGKILL) at random moments while it writes: nothing acknowledged is lost.

CI-sized version of ``bench/faults.py`` (``make soak`` kills it 50 times per backend).
"""

from __future__ import annotations

import pytest

from bench import faults
from storage.migrate import upgrade_to_head
from tests.conftest import empty_database

KILLS = {"sqlite": 12, "postgres": 6}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_writer_killed_at_random_moments_loses_no_acknowledged_transaction_and_leaves_nothing_half_written(
    backend, tmp_path
):
    with empty_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        tally = faults.run(url, backend=backend, kills=KILLS[backend], folder=tmp_path, seed=KILLS[backend])

    assert tally.kills == KILLS[backend]
    assert tally.problems == []  # whole proposals, whole sheets, integrity check ok
    assert tally.lost == 0
    assert tally.acknowledged >= KILLS[backend]  # each writer got through at least once
    # The writer is nearly always inside a use case, so most kills cut a transaction short,
    # which is what this test is about (a kill between two transactions is possible but rare).
    assert tally.in_flight_rolled_back + tally.in_flight_committed >= KILLS[backend] // 2
