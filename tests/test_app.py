"""The app shell runs: every page, on an empty database and on the demo, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.migrate import upgrade_to_head

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["pages/overview.py"]


@pytest.fixture
def empty_database(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade_to_head(url)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run(page: str | None = None, language: str = "da") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["app.language"] = language
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_runs_on_an_empty_database(empty_database, page, language):
    run(page, language)


def test_an_empty_overview_says_what_to_do_next(empty_database):
    app = run()
    assert "Der er ingen forslag endnu" in " ".join(info.value for info in app.info)


def test_the_sidebar_says_the_app_runs_without_sign_in(empty_database):
    app = run()
    assert "Lokal tilstand, uden login" in " ".join(c.value for c in app.sidebar.caption)
