"""The app in a real browser: Danish by default, English on request."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from scripts.browser import wait_until_idle


def test_the_overview_opens_in_danish_with_the_demo(page: Page):
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible()
    expect(page.get_by_text("Lokal tilstand, uden login")).to_be_visible()
    # The table is drawn on a canvas, so its rows are checked by the AppTest tests, not here.
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()


def test_the_language_switch_turns_the_screen_english(page: Page):
    page.get_by_role("radio", name="English").click()
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_text("Local mode, without sign-in")).to_be_visible()
