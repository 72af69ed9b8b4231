"""Driving Debian's Chromium with Playwright against a running Kernekompas (tests and screenshots)."""

from __future__ import annotations

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
# The machine has no network but the package registries: without these flags Chromium keeps
# trying to reach Google's services in the background.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def wait_until_idle(page: Page, timeout_ms: int = 30_000) -> None:
    """Wait until the script run has finished: a title is shown and nothing is stale or a skeleton."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stMain"] h1')
              && !document.querySelector('[data-testid="stSkeleton"], [data-stale="true"]')
              && !document.querySelector('[data-testid="stStatusWidget"]')""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)


def choose_in_selectbox(page: Page, label: str, option: str) -> None:
    """Open the selectbox with this label and click the option whose text starts with ``option``."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator('[data-baseweb="select"]').click()
    page.locator('[role="option"]').filter(has_text=option).first.click()
    wait_until_idle(page)
