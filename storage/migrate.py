"""Run the Alembic migrations from code (``make run``, the tests, the demo loader).

Every database, including each test database, gets its schema this way and never from
``create_all``, so what runs in production is what the tests ran.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from storage.engine import REPO_ROOT, database_url, normalise_url

ALEMBIC_INI = REPO_ROOT / "alembic.ini"


def alembic_config(url: str | None = None) -> Config:
    """The project's Alembic configuration, aimed at ``url`` (default: :func:`database_url`)."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = normalise_url(url) if url else database_url()
    # Leave the application's logging alone (alembic.ini's [loggers] are for the command line).
    config.attributes["configure_logging"] = False
    return config


def upgrade_to_head(url: str | None = None) -> None:
    """Bring the database at ``url`` to the newest schema; a no-op when it is already there."""
    command.upgrade(alembic_config(url), "head")


def downgrade_to_base(url: str | None = None) -> None:
    """Remove every table the migrations made (tests and throw-away databases only)."""
    command.downgrade(alembic_config(url), "base")
