"""The Alembic migrations build exactly the schema the models declare, and can be undone."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import storage.tables  # noqa: F401 - registers the tables on SQLModel.metadata
from assessment.kernel.model import Unit, UnitLevel
from storage.engine import make_engine
from storage.migrate import downgrade_to_base, upgrade_to_head
from storage.repository import SqlUnitOfWork


def _differences(url: str) -> list[object]:
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url, poolclass=NullPool)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrading_an_empty_database_to_head_gives_exactly_the_models_schema(migrated_url):
    assert _differences(migrated_url) == []
    assert _tables(migrated_url) == set(SQLModel.metadata.tables) | {"alembic_version"}


def test_the_schema_comparison_would_notice_a_missing_index(migrated_url):
    engine = make_engine(migrated_url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_score_tally")
    engine.dispose()
    differences = _differences(migrated_url)
    assert [(kind, index.name) for kind, index in differences] == [("add_index", "ix_score_tally")]


def test_downgrading_to_base_and_upgrading_again_gives_a_working_database(migrated_url):
    downgrade_to_base(migrated_url)
    assert _tables(migrated_url) == {"alembic_version"}

    upgrade_to_head(migrated_url)
    upgrade_to_head(migrated_url)  # already at head: nothing to do
    assert _differences(migrated_url) == []
    engine = make_engine(migrated_url)
    try:
        uow = SqlUnitOfWork(engine)
        with uow.write() as repo:
            repo.add_unit(Unit(name="Kommunen", level=UnitLevel.MUNICIPALITY))
        with uow.read() as repo:
            assert [unit.name for unit in repo.list_units()] == ["Kommunen"]
    finally:
        engine.dispose()
