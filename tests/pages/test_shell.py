"""The app shell runs: every page, on an empty database and on the demo, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(f"screens/{path.name}" for path in (ROOT / "screens").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_file_is_in_the_navigation(page):
    assert f'"{page}"' in (ROOT / "app.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_runs_on_an_empty_database(empty_database, open_page, page, language):
    open_page(page, language=language)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_runs_on_the_demo(demo_database, open_page, page, language):
    open_page(page, language=language)


def test_an_empty_overview_says_what_to_do_next(empty_database, open_page):
    app = open_page()
    assert "Der er ingen forslag endnu" in " ".join(info.value for info in app.info)


def test_the_sidebar_says_the_app_runs_without_sign_in(empty_database, open_page):
    app = open_page()
    assert "Lokal tilstand, uden login" in " ".join(c.value for c in app.sidebar.caption)
