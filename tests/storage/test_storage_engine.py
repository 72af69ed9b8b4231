"""Choosing and configuring the database: URLs, SQLite pragmas, how transactions begin."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from assessment.kernel.model import Unit, UnitLevel
from storage import engine as engine_module
from storage.engine import database_url, make_engine, normalise_url
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://kk:hemmelig@db:5432/kk", "postgresql+psycopg://kk:hemmelig@db:5432/kk"),
        ("postgresql://kk@db/kk?sslmode=require", "postgresql+psycopg://kk@db/kk?sslmode=require"),
        ("postgresql+psycopg://kk@db/kk", "postgresql+psycopg://kk@db/kk"),
        ("sqlite:////srv/kk/kernekompas.db", "sqlite:////srv/kk/kernekompas.db"),
    ],
)
def test_postgres_urls_as_hosting_platforms_give_them_use_psycopg_3(given, expected):
    assert normalise_url(given) == expected


def test_the_database_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kk@db/kk")
    assert database_url() == "postgresql+psycopg://kk@db/kk"


def test_without_a_database_url_the_app_uses_a_sqlite_file_under_data(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(engine_module, "DEFAULT_SQLITE_PATH", tmp_path / "data" / "kernekompas.db")
    assert database_url() == f"sqlite:///{tmp_path}/data/kernekompas.db"
    assert (tmp_path / "data").is_dir()


@pytest.mark.parametrize("url", ["mysql://kk@db/kk", "postgresql+psycopg2://kk@db/kk"])
def test_other_databases_and_drivers_are_refused(url):
    with pytest.raises(ValueError, match=r"psycopg|SQLite or PostgreSQL"):
        make_engine(url)


def test_sqlite_connections_use_wal_foreign_keys_a_busy_timeout_and_normal_sync(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'kk.db'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10_000, "synchronous": 1}


def test_on_sqlite_writes_begin_immediate_and_reads_begin_deferred(tmp_path):
    url = f"sqlite:///{tmp_path / 'kk.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    uow = SqlUnitOfWork(engine)
    try:
        with uow.write() as repo:
            repo.list_units()
        with uow.read() as repo:
            repo.list_units()
    finally:
        engine.dispose()
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_foreign_keys_are_enforced(uow):
    with pytest.raises(IntegrityError), uow.write() as repo:
        repo.add_unit(Unit(name="Forældreløs", level=UnitLevel.TEAM, parent_id=424242))
