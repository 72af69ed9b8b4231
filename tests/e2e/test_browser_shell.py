"""The app in a real browser: Danish by default, English on request."""

from __future__ import annotations

import itertools

from playwright.sync_api import Page, expect

from scripts.browser import choose_language, go_to


def test_the_overview_opens_in_danish_with_the_demo(page: Page):
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible()
    expect(page.get_by_text("Lokal tilstand, uden login")).to_be_visible()
    # The table is drawn on a canvas, so its rows are checked by the AppTest tests, not here.
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()


def test_the_language_switch_turns_the_screen_english(page: Page):
    choose_language(page, "en")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_text("Local mode, without sign-in")).to_be_visible()


def test_the_page_says_its_language_and_each_screen_has_its_own_title(page: Page):
    # WCAG 3.1.1: a screen reader reads Danish as Danish; 2.4.2: the tab says which screen it is.
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.title() == "Overblik · Kernekompas"
    go_to(page, "Vurdering")
    assert page.title() == "Vurdering · Kernekompas"
    choose_language(page, "en")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "Scoring · Kernekompas"


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_captions_are_dark_enough_to_read(page: Page):
    # Essential text (counts, level descriptions, "Lokal tilstand") is in captions, which Streamlit
    # draws at reduced opacity: the colour seen must reach WCAG AA's 4.5:1 on the white page.
    caption = page.get_by_text("Lokal tilstand, uden login")
    seen = caption.evaluate(
        """element => {
            const colour = getComputedStyle(element).color.match(/[\\d.]+/g).map(Number);
            let opacity = colour.length > 3 ? colour[3] : 1;
            for (let node = element; node; node = node.parentElement) {
                opacity *= Number(getComputedStyle(node).opacity);
            }
            return colour.slice(0, 3).map(channel => channel * opacity + 255 * (1 - opacity));
        }"""
    )
    contrast = (1.05) / (_luminance(tuple(seen)) + 0.05)
    assert contrast >= 4.5, f"caption colour {seen} is {contrast:.2f}:1 on white"


HEADING_LEVELS = """() => Array.from(
    document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6)')
).map(heading => Number(heading.tagName[1]))"""


def test_no_screen_skips_a_heading_level(page: Page):
    # WCAG 1.3.1: a screen reader user jumps by headings; h1 then h3 hides that a level is missing.
    for screen in (
        "Overblik",
        "Forslag",
        "Vurdering",
        "Sammenlign",
        "Drøftelse",
        "Beslutning",
        "Kerneopgaver",
    ):
        go_to(page, screen)
        levels = page.evaluate(HEADING_LEVELS)
        assert levels and levels[0] == 1, (screen, levels)
        skipped = [(before, after) for before, after in itertools.pairwise(levels) if after > before + 1]
        assert skipped == [], (screen, levels)
