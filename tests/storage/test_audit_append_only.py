"""The database itself keeps the audit trail append-only: rows go in, and never change or go away."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from assessment.kernel.model import AuditEvent
from storage.engine import make_engine
from storage.migrate import alembic_config, upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests.conftest import empty_database

BEFORE_AUDIT_MIGRATION = "20817504b569"  # the down_revision of 5a1d7c3e9b20_audit_append_only


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def postgres(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated PostgreSQL database, for what SQLite has no counterpart of (TRUNCATE, roles)."""
    with empty_database(request.param, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


def _record(engine: Engine, action: str = "proposal.register") -> int:
    with SqlUnitOfWork(engine).write() as repo:
        repo.record(
            AuditEvent(
                actor_id=None,
                action=action,
                object_type="proposal",
                object_id="7",
                at=datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
                after={"title": "Faste teams"},
            )
        )
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT max(id) FROM audit_event").scalar_one())


def _row(engine: Engine, event_id: int) -> tuple[object, ...] | None:
    with engine.connect() as connection:
        row = connection.exec_driver_sql(
            f"SELECT action, object_id, after FROM audit_event WHERE id = {event_id}"
        ).first()
    return tuple(row) if row else None


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET action = 'nothing.happened' WHERE id = {id}",
        "UPDATE audit_event SET after = NULL",
        "DELETE FROM audit_event WHERE id = {id}",
        "DELETE FROM audit_event",
    ],
)
def test_an_audit_row_cannot_be_changed_or_deleted_with_plain_sql(engine, statement):
    event_id = _record(engine)
    before = _row(engine, event_id)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.exec_driver_sql(statement.format(id=event_id))
    assert _row(engine, event_id) == before == ("proposal.register", "7", '{"title": "Faste teams"}')


def test_truncating_the_audit_trail_is_refused_on_postgresql(postgres):
    engine = postgres
    event_id = _record(engine)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE audit_event")
    assert _row(engine, event_id) is not None


def test_new_events_can_still_be_appended_and_read(engine):
    first = _record(engine, "proposal.register")
    second = _record(engine, "proposal.move")
    assert second > first
    with SqlUnitOfWork(engine).read() as repo:
        assert [e.action for e in repo.events_for("proposal", "7")] == ["proposal.register", "proposal.move"]


def test_a_role_that_was_granted_everything_may_insert_but_not_change_on_postgresql(postgres):
    """Privileges given to everyone before the migration are taken back: refused before any trigger."""
    engine = postgres
    url = engine.url.render_as_string(hide_password=False)
    # To just before the audit migration (by name: later migrations come after it).
    command.downgrade(alembic_config(url), BEFORE_AUDIT_MIGRATION)
    with engine.begin() as connection:
        connection.exec_driver_sql("GRANT ALL ON audit_event TO PUBLIC")
        connection.exec_driver_sql("GRANT ALL ON SEQUENCE audit_event_id_seq TO PUBLIC")
    upgrade_to_head(url)
    event_id = _record(engine)
    role = f"kk_audit_{secrets.token_hex(4)}"  # tests run in parallel: never a shared name
    with engine.begin() as connection:
        schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
        connection.exec_driver_sql(f'CREATE ROLE "{role}" NOLOGIN')
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        with engine.begin() as connection:
            connection.exec_driver_sql(f'SET LOCAL ROLE "{role}"')
            connection.exec_driver_sql(
                "INSERT INTO audit_event (action, object_type, object_id, at) "
                "VALUES ('unit.register', 'unit', '1', now())"
            )
        for statement in (
            f"UPDATE audit_event SET action = 'x' WHERE id = {event_id}",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
        ):
            with pytest.raises(DatabaseError, match="permission denied"), engine.begin() as connection:
                connection.exec_driver_sql(f'SET LOCAL ROLE "{role}"')
                connection.exec_driver_sql(statement)
        assert _row(engine, event_id) is not None
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP OWNED BY "{role}"')
            connection.exec_driver_sql(f'DROP ROLE "{role}"')
