"""SQLite only: concurrent writers serialise (BEGIN IMMEDIATE), and tallies read only an index."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from assessment import people
from assessment.kernel.errors import StorageBusy
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Round, Score, Unit, UnitLevel
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage import engine as engine_module
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from storage.tables import UnitRow
from tests.storage.world import World, at, build_world

HOLD_SECONDS = 0.05  # how long each transaction keeps its snapshot before writing


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'kernekompas.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _run_together(work: Callable[[int, threading.Barrier], None], threads: int = 2) -> list[BaseException]:
    """Run ``work(i, barrier)`` in ``threads`` threads at once; return what they raised."""
    barrier = threading.Barrier(threads, timeout=10)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            work(i, barrier)
        except BaseException as error:
            errors.append(error)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=20)
    return errors


def test_two_read_then_write_transactions_at_the_same_moment_both_succeed(sqlite_engine):
    uow = SqlUnitOfWork(sqlite_engine)

    def read_then_write(i: int, barrier: threading.Barrier) -> None:
        barrier.wait()  # both start their transaction now
        with uow.write() as repo:
            count = len(repo.list_units())
            time.sleep(HOLD_SECONDS)
            repo.add_unit(Unit(name=f"Enhed {i} efter {count}", level=UnitLevel.TEAM))

    for _ in range(5):
        assert _run_together(read_then_write) == []
    with uow.read() as repo:
        names = [unit.name for unit in repo.list_units()]
    # Serialised: every transaction saw all the writes committed before it.
    assert len(names) == 10
    assert sorted(int(name.rsplit(" ", 1)[1]) for name in names) == list(range(10))


def test_with_a_deferred_begin_the_same_transactions_fail_with_database_is_locked(sqlite_engine):
    # The control: the engine as used for reads (plain BEGIN), but writing.
    def read_then_write(i: int, barrier: threading.Barrier) -> None:
        with Session(sqlite_engine) as session:
            session.exec(select(UnitRow)).all()  # both hold a read snapshot...
            barrier.wait()
            session.add(UnitRow(name=f"Enhed {i}", level=UnitLevel.TEAM.value))
            session.commit()  # ...so the second writer's snapshot is stale: no waiting helps

    started = time.monotonic()
    errors = _run_together(read_then_write)
    assert time.monotonic() - started < 5
    assert len(errors) == 1
    assert isinstance(errors[0], OperationalError)
    assert "database is locked" in str(errors[0])


# Takes the writers' lock the way storage.engine does, says so, and never lets go: a hung process.
STUCK_WRITER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(600)
"""
DEADLINE = 1.0
MARGIN = 3.0  # a loaded CI machine, thread start-up, the rollback


@pytest.mark.timed_thread_waits
def test_a_write_behind_a_stuck_writer_gives_up_at_the_deadline_with_try_again(sqlite_engine, monkeypatch):
    monkeypatch.setattr(engine_module, "WRITER_QUEUE_TIMEOUT_S", DEADLINE)
    uow = SqlUnitOfWork(sqlite_engine)
    lock_file = f"{sqlite_engine.url.database}-writer"
    stuck = subprocess.Popen(
        [sys.executable, "-c", STUCK_WRITER, lock_file], stdout=subprocess.PIPE, text=True
    )
    outcome: list[object] = []

    def write() -> None:
        try:
            outcome.append(people.register_profession(uow, name="Ergoterapeut", actor=SYSTEM))
        except BaseException as error:
            outcome.append(error)

    writer = threading.Thread(target=write, daemon=True)
    try:
        assert stuck.stdout is not None and stuck.stdout.readline() == "locked\n"
        started = time.monotonic()
        writer.start()
        writer.join(DEADLINE + MARGIN)
        waited = time.monotonic() - started
        still_waiting = writer.is_alive()
    finally:
        stuck.kill()
        stuck.wait()
        writer.join(10)

    assert not still_waiting, f"the write still waited for the stuck writer after {waited:.1f} s"
    [error] = outcome
    assert isinstance(error, StorageBusy), error
    assert waited >= DEADLINE
    assert Translator("da").message(error) == (
        "Databasen er optaget af andre ændringer. Intet blev gemt. Vent et øjeblik, og prøv igen."
    )
    # Nothing was saved, and with the stuck process gone the same write goes through.
    assert "Ergoterapeut" not in _professions(uow)
    people.register_profession(uow, name="Ergoterapeut", actor=SYSTEM)
    assert "Ergoterapeut" in _professions(uow)


def _professions(uow: SqlUnitOfWork) -> set[str]:
    with uow.read() as repo:
        return {profession.name for profession in repo.list_professions()}


def _query_plans(engine: Engine, action: Callable[[], object]) -> list[tuple[str, str]]:
    """Run ``action`` and return (SELECT, EXPLAIN QUERY PLAN) for every query it sent."""
    sent: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    connection = engine.raw_connection()
    try:
        return [
            (
                statement,
                "\n".join(
                    row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                ),
            )
            for statement, parameters in sent
        ]
    finally:
        connection.close()


@pytest.fixture
def sqlite_world(sqlite_engine) -> World:
    return build_world(SqlUnitOfWork(sqlite_engine))


def test_tallies_are_answered_from_the_covering_index_alone(sqlite_world, sqlite_engine):
    proposal = sqlite_world.add_proposal()
    with sqlite_world.uow.write() as repo:
        for rater in ("nurse", "carer1", "carer2", "therapist"):
            for option in proposal.options:
                for criterion in ("borger", "samfund", "rolle"):
                    for round in (Round.BLIND, Round.REVISED):
                        repo.save_score(
                            Score(
                                proposal_id=proposal.id,
                                option_id=option.id,
                                criterion_key=criterion,
                                facet="",
                                rater_id=sqlite_world.people[rater].id,
                                round=round,
                                level=1,
                                reason="",
                                updated_at=at(1),
                            )
                        )
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")

    def plan(round: Round) -> str:
        def tally() -> None:
            with sqlite_world.uow.read() as repo:
                assert repo.tallies(proposal.id, round)

        [(_statement, found)] = _query_plans(sqlite_engine, tally)
        return found

    blind = plan(Round.BLIND)
    assert "SEARCH s USING COVERING INDEX ix_score_tally" in blind
    assert "TEMP B-TREE" not in blind  # the index order already is the GROUP BY order
    revised = plan(Round.REVISED)
    assert "SEARCH s USING COVERING INDEX ix_score_tally" in revised
    # The NOT EXISTS probe is an index lookup too (the unique index on the score's cell).
    assert "SEARCH revised USING COVERING INDEX" in revised
    assert "SCAN" not in blind + revised


def test_the_overview_page_follows_the_recency_index_without_sorting(sqlite_world, sqlite_engine):
    for number in range(30):
        sqlite_world.add_proposal(f"Forslag {number}")

    def overview() -> None:
        with sqlite_world.uow.read() as repo:
            assert repo.find_proposals(ProposalFilter(limit=25, scope=None))[1] == 30

    plans = dict(_query_plans(sqlite_engine, overview))
    [page] = [found for statement, found in plans.items() if "ORDER BY" in statement]
    assert "ix_proposal_updated_at_id" in page
    assert "TEMP B-TREE FOR ORDER BY" not in page
