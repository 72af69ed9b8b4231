"""A real server and a real browser: the shipped `python -m server` on 127.0.0.1 with the demo data,
driven by Playwright in Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium these tests are skipped with that reason; CI installs Chromium and
sets KERNEKOMPAS_REQUIRE_BROWSER so that a missing browser fails instead (``tests/tools.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from scripts.browser import act_as, wait_until_idle
from tests.e2e.servers import copy_database, load_demo, running_app


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, loaded once per test process; each server gets its own copy of it."""
    path = tmp_path_factory.mktemp("e2e-demo") / "demo.db"
    load_demo(path)
    return path


@pytest.fixture(scope="module")
def app_url(
    tmp_path_factory: pytest.TempPathFactory, chromium: Browser, demo_template: Path
) -> Iterator[str]:
    """The app on a free port, on its own copy of the demo database (one per test module)."""
    folder = tmp_path_factory.mktemp("e2e")
    with running_app(folder, copy_database(demo_template, folder)) as url:
        yield url


@pytest.fixture
def page(chromium: Browser, app_url: str) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    wait_until_idle(page)
    act_as(page, "Lokal opsætning")  # local mode starts with nobody chosen
    yield page
    context.close()
