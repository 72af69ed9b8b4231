"""Migrating a database full of demo data loses nothing.

The demo is loaded at the first revision, then the database is upgraded to head, and every
row of every table that existed before is still there, unchanged. While there is only one
revision this checks that upgrading a full database is harmless; each new migration is then
exercised against real data automatically.
"""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, select
from sqlalchemy.pool import NullPool

from demo.data import load_demo
from models.engine import make_engine
from models.migrate import alembic_config, upgrade_to_head
from models.repository import SqlUnitOfWork


def _first_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [revision.revision for revision in script.walk_revisions()][-1]


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = make_engine(url, poolclass=NullPool)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                name: sorted(
                    (tuple(row) for row in connection.execute(select(table))),
                    key=repr,
                )
                for name, table in metadata.tables.items()
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


def test_upgrading_a_database_full_of_demo_data_loses_nothing(db_url):
    command.upgrade(alembic_config(db_url), _first_revision())
    engine = make_engine(db_url)
    try:
        load_demo(SqlUnitOfWork(engine))
    finally:
        engine.dispose()
    before = _snapshot(db_url)
    assert sum(len(rows) for rows in before.values()) > 1000

    upgrade_to_head(db_url)

    after = _snapshot(db_url)
    for table, rows in before.items():
        assert after.get(table) == rows, f"rows of {table} changed in the migration"
