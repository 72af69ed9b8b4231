"""Databases for tests: every test that asks for ``db_url`` runs on SQLite *and* PostgreSQL.

SQLite is a fresh file in the test's temporary folder (never ``:memory:``: WAL, locking and
several connections behave differently there). PostgreSQL is a freshly created schema
``kk_test_<random>`` in the database named by ``KERNEKOMPAS_TEST_POSTGRES_URL``, chosen through
``search_path`` and dropped afterwards, so tests never see each other's rows (also under
``pytest -n``). Without that variable the PostgreSQL half is skipped, saying why (``tests/tools.py``).
Every database gets its schema from the Alembic migrations, never from ``create_all``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import Engine, make_url
from sqlalchemy.pool import NullPool

from assessment.kernel.repository import UnitOfWork
from scripts.browser import CHROMIUM_ARGS
from storage.engine import make_engine, normalise_url
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests import tools
from tests.fakes import FakeUnitOfWork
from tests.tools import POSTGRES, summary_lines

# Property tests check results, not speed: on a shared, busy machine a per-example deadline
# only makes them flaky.
settings.register_profile("kernekompas", deadline=None)
settings.load_profile("kernekompas")


# One browser per test process, for tests/e2e and tests/deploy alike: Playwright's sync API runs
# an event loop in the main thread, so a second one started beside it (each folder had its own
# fixture) failed with "using Playwright Sync API inside the asyncio loop" whenever one process ran
# both folders' browser tests in that order.
@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    executable = tools.CHROMIUM.path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def chart_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Rendered charts go to a folder of the test session (and its subprocesses), never to
    ``data/chart-cache`` (``report.export.render_charts``)."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("chart-cache")
        patch.setenv("KERNEKOMPAS_CHART_CACHE", str(folder))
        yield folder


def _postgres_schema_url(base_url: str, schema: str) -> str:
    url = make_url(normalise_url(base_url)).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def empty_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of one backend, removed again afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'kernekompas.db'}"
        return
    base_url = POSTGRES.url()
    schema = f"kk_test_{secrets.token_hex(6)}"
    admin = make_engine(base_url, poolclass=NullPool)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield _postgres_schema_url(base_url, schema)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


# Use-case tests run on the in-memory fake and on both real databases.
UNITS_OF_WORK = ["memory", *BACKENDS]


def unit_of_work_for(kind: str, tmp_path: Path) -> Iterator[UnitOfWork]:
    """A unit of work on the fake ("memory") or on a fresh, migrated database of one backend."""
    if kind == "memory":
        yield FakeUnitOfWork()
        return
    with empty_database(kind, tmp_path) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        try:
            yield SqlUnitOfWork(engine)
        finally:
            engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, once per backend."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def migrated_url(db_url: str) -> str:
    """The same database, brought to the newest schema by the migrations."""
    upgrade_to_head(db_url)
    return db_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say at the end which optional tools were missing, and how to get them (``tests/tools.py``)."""
    lines = summary_lines()
    if lines:
        terminalreporter.section("optional tools")
        for line in lines:
            terminalreporter.write_line(line)
