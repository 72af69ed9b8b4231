"""A real server and a real browser: `streamlit run app.py` on 127.0.0.1 with the demo data,
driven by Playwright in Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium these tests are skipped with that reason; CI installs Chromium and
sets KERNEKOMPAS_REQUIRE_BROWSER so that a missing browser fails instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from scripts.browser import CHROMIUM, CHROMIUM_ARGS, wait_until_idle

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_health(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app stopped with exit code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the app did not answer on {url} within {seconds} s")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("KERNEKOMPAS_REQUIRE_BROWSER"):
            pytest.fail(f"KERNEKOMPAS_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, chromium: Browser) -> Iterator[str]:
    """The app on a free port, on its own SQLite file with the demo loaded (one per test module)."""
    folder = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'app.db'}"}
    subprocess.run([sys.executable, "-m", "demo", "--if-empty"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def page(chromium: Browser, app_url: str) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    wait_until_idle(page)
    yield page
    context.close()
