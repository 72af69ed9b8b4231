"""An online backup taken while four raters write restores into a database that passes the app's checks.

The writers acknowledge each transaction after COMMIT (``bench.faults.writer``). The logs as
they were just before the backup began list transactions that committed before it: each must
be in the restored copy. Whatever else the copy holds must be whole (a consistent snapshot:
no proposal without its options, no sheet half saved).
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import make_url
from sqlalchemy.pool import NullPool

from assessment import people, proposals, scoring_sheet
from assessment.kernel.model import Round
from bench import faults, workload
from storage import backup
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests.conftest import BACKENDS, empty_database
from tests.support import Clock, build_world, proposal_input, record_score, scoring_proposal
from tests.tools import PG_DUMP, POSTGRES

WRITERS = 4
# What is tested here is the backup, not the write lock's fairness: a short pause between one
# writer's transactions keeps a starved writer from hitting the busy timeout on a loaded machine.
PAUSE = 0.005


def _restore_target(backend: str, url: str, tmp_path: Path):
    """An empty database to restore into: a new file, or a new PostgreSQL database."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}", lambda: None
    name = f"kk_faults_restore_{secrets.token_hex(4)}"
    admin = make_engine(POSTGRES.url(), poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()

    # Same search_path as the source: the dump recreates the test's schema by its name.
    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_backup_taken_while_raters_write_restores_whole_and_passes_the_checks(backend, tmp_path):
    if backend == "postgres":
        PG_DUMP.need()  # storage.backup runs pg_dump and pg_restore from PATH
    with empty_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url, poolclass=NullPool)
        setup = workload.prepare(SqlUnitOfWork(engine), raters=WRITERS, proposals=2)
        engine.dispose()
        context = multiprocessing.get_context("fork")
        logs = [tmp_path / f"writer{i}.log" for i in range(WRITERS)]
        writers = [
            context.Process(
                target=faults.writer,
                args=(url, setup.to_json(), str(log), i, i, [setup.rater_ids[i]], PAUSE),
            )
            for i, log in enumerate(logs)
        ]
        for process in writers:
            process.start()
        try:
            for log, process in zip(logs, writers, strict=True):
                faults._wait_for_first_ack(log, process)
            time.sleep(0.5)
            before = [tmp_path / f"before{i}.log" for i in range(WRITERS)]
            for log, copy in zip(logs, before, strict=True):
                shutil.copyfile(log, copy)
            file = backup.backup(url, tmp_path / "kernekompas.backup")
            time.sleep(0.3)
            assert all(process.is_alive() for process in writers), "the writers wrote all through the backup"
        finally:
            for process in writers:
                os.kill(process.pid or 0, signal.SIGKILL)
                process.join(timeout=30)

        restored_url, drop = _restore_target(backend, url, tmp_path)
        try:
            problems = backup.restore(restored_url, file)
            tally = faults.Tally(backend=backend)
            faults.check(restored_url, before, tally)
            with pytest.raises(backup.BackupError, match="not empty"):
                backup.restore(restored_url, file)
        finally:
            drop()

    assert problems == []
    assert tally.acknowledged >= WRITERS
    assert tally.lost == 0  # every transaction acknowledged before the backup is in it
    assert tally.problems == []  # nothing half-written, integrity ok


def test_the_command_line_backs_up_restores_and_checks_the_database_of_database_url(tmp_path, monkeypatch):
    source = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade_to_head(source)
    engine = make_engine(source, poolclass=NullPool)
    workload.prepare(SqlUnitOfWork(engine), raters=2, proposals=2)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", source)
    assert backup.main(["backup", "--to", str(tmp_path / "copy.db")]) == 0
    assert backup.main(["check"]) == 0
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert backup.main(["restore", "--from", str(tmp_path / "copy.db")]) == 0
    assert backup.main(["restore", "--from", str(tmp_path / "copy.db")]) == 1  # not into a full database
    assert backup.main(["restore", "--from", str(tmp_path / "missing.db")]) == 1


def test_the_check_finds_a_proposal_without_its_options_and_a_schema_behind_the_newest_migration(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade_to_head(url)
    engine = make_engine(url, poolclass=NullPool)
    setup = workload.prepare(SqlUnitOfWork(engine), raters=2, proposals=1)
    [proposal] = setup.proposals
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.exec_driver_sql(f"DELETE FROM option WHERE proposal_id = {proposal} AND is_baseline")
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
    engine.dispose()

    problems = backup.check(url)

    assert f"proposal {proposal} lacks its options" in problems
    assert any("not at the newest" in problem for problem in problems)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_check_passes_a_database_where_a_rater_who_scored_was_taken_off_the_panel(backend, tmp_path):
    with empty_database(backend, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url, poolclass=NullPool)
        uow, clock = SqlUnitOfWork(engine), Clock()
        world = build_world(uow, clock)
        proposal = scoring_proposal(uow, world, clock)
        leaving = world.raters[0]
        record_score(
            uow,
            scoring_sheet.ScoreInput(
                proposal.id or 0, proposal.options[1].id or 0, "borger", 2, "Færre skift"
            ),
            actor=people.actor_for(uow, leaving),
            clock=clock,
        )
        proposals.update_proposal(
            uow,
            proposal.id or 0,
            proposal_input(
                world,
                options=[
                    proposals.OptionInput(option.title, option.description, option.id)
                    for option in sorted(proposal.options, key=lambda option: option.position)
                    if not option.is_baseline
                ],
                panel_person_ids=world.raters[1:],
            ),
            expected_version=proposal.version,
            actor=people.actor_for(uow, world.leader_id),
            clock=clock,
        )
        with uow.read() as repo:
            assert repo.get_proposal(proposal.id or 0).panel_member(leaving) is None
            assert repo.scores_of(proposal.id or 0, leaving, Round.BLIND)  # the score stays
        engine.dispose()

        assert backup.check(url) == []


PASSWORD = "hemmeligt-kodeord"  # nothing connects: subprocess.run is a stand-in below


def test_pg_dump_and_pg_restore_get_the_password_in_their_environment_not_on_the_command_line(
    tmp_path, monkeypatch
):
    url = f"postgresql+psycopg://kernekompas:{PASSWORD}@db.fjordby.dk:5433/kernekompas?sslmode=require"
    calls: list[tuple[list[str], dict[str, str]]] = []

    def run(command, *, env=None, **_options):
        calls.append((command, env))
        for argument in command:
            if argument.startswith("--file="):
                Path(argument.removeprefix("--file=")).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backup.shutil, "which", lambda program: f"/usr/bin/{program}")
    monkeypatch.setattr(backup.subprocess, "run", run)
    monkeypatch.setattr(backup, "check", lambda _url: [])
    empty = f"sqlite:///{tmp_path / 'empty.db'}"  # restore first asks whether the target is empty
    monkeypatch.setattr(backup, "make_engine", lambda _url, **options: make_engine(empty, **options))

    backup.backup(url, tmp_path / "kernekompas.dump")
    assert backup.restore(url, tmp_path / "kernekompas.dump") == []

    assert [command[0] for command, _env in calls] == ["pg_dump", "pg_restore"]
    for command, environment in calls:
        assert not any(PASSWORD in argument for argument in command), command
        assert environment["PGPASSWORD"] == PASSWORD
        assert "--dbname=postgresql://kernekompas@db.fjordby.dk:5433/kernekompas?sslmode=require" in command
