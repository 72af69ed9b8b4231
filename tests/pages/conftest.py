"""AppTest fixtures: the app on a fresh SQLite file, empty or with the demo municipality.

The demo is loaded once per test session into a template file and copied for each test,
so every test starts from the same data and may change it freely.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.kernel.repository import ProposalFilter
from demo.data import load_demo
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from ui.identity import LOCAL_MODE_ENV, LOCAL_SET_UP

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def local_mode(monkeypatch) -> None:
    """The screens run in local mode, as `make run` starts it (the tests of sign-in set it up)."""
    monkeypatch.setenv(LOCAL_MODE_ENV, "1")


@pytest.fixture
def empty_database(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade_to_head(url)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        load_demo(SqlUnitOfWork(engine))
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return path


@pytest.fixture
def demo_database(demo_template, tmp_path, monkeypatch) -> str:
    path = tmp_path / "app.db"
    shutil.copy(demo_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def uow(demo_database) -> Iterator[SqlUnitOfWork]:
    """The demo database the page under test uses, for the use cases a test checks it with."""
    engine = make_engine(demo_database)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


def proposal_titled(uow: SqlUnitOfWork, start: str) -> int:
    """The id of the one demo proposal whose title starts with ``start``."""
    with uow.read() as repo:
        found = [p for p in repo.find_proposals(ProposalFilter(scope=None))[0] if p.title.startswith(start)]
    assert len(found) == 1, start
    return found[0].id or 0


def person_id(url: str, email: str) -> int:
    """The id of a demo person, to act as them in local mode."""
    engine = make_engine(url)
    try:
        with SqlUnitOfWork(engine).read() as repo:
            person = repo.find_person_by_email(email)
    finally:
        engine.dispose()
    assert person is not None and person.id is not None, email
    return person.id


OpenPage = Callable[..., AppTest]


@pytest.fixture
def open_page() -> OpenPage:
    """Run the app as a user would arrive: language, person and ``?proposal=`` chosen first.

    ``person`` defaults to local mode's set-up entry (every right); None leaves the picker empty."""

    def open_(
        page: str | None = None,
        *,
        language: str = "da",
        person: int | None = LOCAL_SET_UP,
        query: dict[str, str] | None = None,
    ) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=30)
        app.session_state["app.language"] = language
        if person is not None:
            app.session_state["app.person"] = person
        app.query_params.update(query or {})
        app.run()
        if page:
            app.switch_page(page)
            app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return open_


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown text: user text is escaped, and neither the backslashes, the
    entities for ``<`` and ``&`` nor the zero-width spaces that keep an address from becoming a link
    are seen."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown)).replace("\u200b", "")
