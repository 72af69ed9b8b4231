"""Alembic environment: the schema is ``SQLModel.metadata`` as declared in ``storage.tables``.

The URL is ``config.attributes["database_url"]`` when ``storage.migrate`` passes one, else
``storage.engine.database_url()`` (``DATABASE_URL`` or the SQLite file under ``data/``); it is
never read from alembic.ini.

On SQLite the whole upgrade runs in one real transaction (``storage.engine`` emits BEGIN
itself, so SQLite's DDL is transactional), with foreign keys switched off for the duration as
SQLite's own procedure for table rebuilds prescribes (batch mode copies and drops tables),
and ``PRAGMA foreign_key_check`` before commit so a migration cannot leave a broken reference.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import storage.tables  # noqa: F401 - registers every table on SQLModel.metadata
from storage.engine import database_url, for_writing, make_engine
from storage.tables import UTCDateTime

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("database_url") or database_url()


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Our UTC wrapper is a Python-side concern; the database column is a plain timestamp.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _options(is_sqlite: bool) -> dict[str, Any]:
    return {
        "target_metadata": target_metadata,
        "compare_type": True,
        "render_as_batch": is_sqlite,  # SQLite can alter little in place: rebuild tables
        "transactional_ddl": True,  # true on SQLite too, because we emit BEGIN ourselves
        "render_item": _render_item,
    }


def run_migrations_offline() -> None:
    """``alembic upgrade head --sql``: write the SQL instead of running it."""
    url = _url()
    context.configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **_options(url.startswith("sqlite")),
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    context.configure(connection=connection, **_options(is_sqlite))
    with context.begin_transaction():
        context.run_migrations()
        if is_sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration left broken foreign keys: {broken}")


def run_migrations_online() -> None:
    engine = for_writing(make_engine(_url(), poolclass=NullPool))
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # Only takes effect outside a transaction, so set it on the raw connection first.
                # NullPool: this connection is closed afterwards, never reused with keys off.
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
