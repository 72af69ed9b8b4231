"""Driving Debian's Chromium with Playwright against a running Kernekompas (tests and screenshots)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

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
    """Wait until the script run has finished: a title is shown and nothing is stale or a skeleton.

    The app says it has finished in ``data-test-script-state`` (what Streamlit's own browser tests
    wait for). The status widget alone is not enough: it shows a moment after a run starts, so on a
    busy machine a page was taken as done with its title drawn and the rest still to come."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    # A click reaches the server a moment later: give the rerun time to start before checking.
    page.wait_for_timeout(250)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
              && document.querySelector('[data-testid="stMain"] h1')
              && !document.querySelector('[data-testid="stSkeleton"], [data-stale="true"]')
              && !document.querySelector('[data-testid="stStatusWidget"]')""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)


# The sidebar's switch names each language in that language.
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def choose_language(page: Page, language: str, timeout_ms: int = 30_000) -> None:
    """Switch the app to ``language`` in the sidebar and wait for the page to be in it.

    On a busy machine the click's run can start after ``wait_until_idle`` has looked, which then
    took the old page for the new one (expanders opened on it were closed again by the new run).
    The page says its language as soon as the new run has begun: that is what is waited for."""
    page.get_by_role("radio", name=LANGUAGE_NAMES[language]).click()
    page.wait_for_function(
        "(language) => document.documentElement.lang === language", arg=language, timeout=timeout_ms
    )
    wait_until_idle(page, timeout_ms)


def act_as(page: Page, person: str) -> None:
    """Local mode: choose whose shoes you are in, in the sidebar."""
    pick(page, "app.person", person)


def by_key(page: Page, key: str) -> Locator:
    """The element of the widget with this Streamlit key: its container carries the class
    st-key-<key>, with every character but letters, digits, - and _ turned into -."""
    return page.locator(f'[class~="st-key-{re.sub(r"[^a-zA-Z0-9_-]", "-", key)}"]')


def type_into(page: Page, key: str, text: str) -> None:
    """Type into a text input or text area and leave it, as a user does, so the app sees the value."""
    field = by_key(page, key).locator("input, textarea").first
    field.fill(text)
    field.press("Tab")
    wait_until_idle(page)


def pick(page: Page, key: str, option: str) -> None:
    """Choose an option in a selectbox or multiselect by the start of its text."""
    box = by_key(page, key).locator('[role="combobox"]').first
    box.click()
    box.fill(option)
    page.locator('[role="option"]').filter(has_text=option).first.click()
    if by_key(page, key).locator('[data-testid="stMultiSelect"]').count():
        page.keyboard.press("Escape")  # a multiselect stays open for more choices
    else:  # a selectbox closes by itself (Escape would undo the choice); it shows what was taken
        expect(box).to_have_value(re.compile(re.escape(option)))
    wait_until_idle(page)


def go_to(page: Page, title: str) -> None:
    """Open a screen from the sidebar navigation by its title."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    wait_until_idle(page)
