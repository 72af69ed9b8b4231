"""Every screen and tab, in Danish and in English, checked with axe-core in Chromium (issue 16).

axe-core comes from npm (``npm ci``: ``package-lock.json`` pins it), is injected by Playwright into
Debian's Chromium on the shipped server with the demo, and runs the WCAG 2.0/2.1 A and AA rules on
each state at 1366×3000, with every expander open, so that nothing is left below the window or
folded away. A serious or critical node fails the test unless ``axe_allow_list.toml`` names it:
only Streamlit's own markup may be there, each entry with its upstream issue.

The same states, in Danish, must show no English word to a screen-reader user: every text and
every accessible name (aria-label, alt, title, placeholder, the charts' SVG marks, the menus of
multiselects), beyond the ``[[english]]`` entries of the allow-list, which only Streamlit's own
labels may hold. English is the app's own msgids and Streamlit's, Vega's and the browser's UI words,
less every word Danish text uses (the catalog, the rubrics, the demo's names and proposals).

The screens, the states, running axe, reading the texts and telling whose a node is are
``scripts/accessibility.py``, which prints the same audit as a report (with the moderate and minor
rules too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from scripts import accessibility as a11y
from tests import tools

ALLOW_LIST = a11y.load_allow_list()
ENGLISH_ALLOW_LIST = a11y.load_english_allow_list()
TITLE_END = " · Kernekompas"

# Each screen's states, opened once per server and language: the axe test and the English-word test
# read the same states, so a screen is not opened and clicked through twice.
_STATES: dict[tuple[str, str, str], list[a11y.State]] = {}


def states(page: Page, app_url: str, screen: a11y.Screen, language: str) -> list[a11y.State]:
    key = (app_url, screen.name, language)
    if key not in _STATES:
        _STATES[key] = list(a11y.states_of(page, app_url, screen, language))
    return _STATES[key]


def _slug(name: str) -> str:
    name = name.lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.replace(letter, spelled)
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")


CASES = [
    pytest.param(language, screen, id=f"{language}-{_slug(screen.name)}")
    for language in a11y.LANGUAGES
    for screen in a11y.SCREENS
]


@pytest.fixture(scope="session")  # session: set up before the browser, so its skip is the one shown
def axe() -> str:
    """node_modules/axe-core/axe.min.js; a visible skip without it (``npm ci``)."""
    return tools.AXE.path()


@pytest.fixture(scope="module")
def tall_page(axe: str, chromium: Browser, app_url: str) -> Iterator[Page]:
    """One page for the whole module, 3000 px tall; each test opens its screen in it afresh."""
    page = a11y.new_page(chromium)
    yield page
    page.context.close()


@pytest.mark.parametrize(("language", "screen"), CASES)
def test_no_serious_violation_but_streamlits_own(
    tall_page: Page, app_url: str, language: str, screen: a11y.Screen
) -> None:
    problems: list[str] = []
    seen = states(tall_page, app_url, screen, language)
    if screen.tabs and not all(state.tab for state in seen):
        problems.append(f"{screen.name} [{language}]: its tabs were not found, so none was checked")
    for state in seen:
        where = f"{state.label} [{language}]"
        if state.error:
            problems.append(f"{where}: could not be checked: {state.error}")
            continue
        if state.still_closed:
            problems.append(
                f"{where}: {state.still_closed} expander(s) still closed, their insides unchecked"
            )
        # WCAG 3.1.1: the page says the language it is in; 2.4.2: the tab names the screen.
        if state.lang != language:
            problems.append(f"{where}: <html lang={state.lang!r}>, not {language!r}")
        if not state.title.endswith(TITLE_END) or not state.title[: -len(TITLE_END)].strip():
            problems.append(f"{where}: the title {state.title!r} does not end with {TITLE_END!r}")
        problems += [
            a11y.describe(state, violation, node)
            for violation, node in a11y.not_allowed(state.violations, ALLOW_LIST)
        ]
    assert not problems, (
        f"{len(problems)} problem(s) on {screen.name} [{language}] "
        f"(serious or critical axe-core violations not in tests/e2e/axe_allow_list.toml):\n\n"
        + "\n\n".join(problems)
    )


@pytest.mark.parametrize("screen", [pytest.param(screen, id=_slug(screen.name)) for screen in a11y.SCREENS])
def test_no_english_words_in_the_danish_ui_but_streamlits_own(
    tall_page: Page, app_url: str, screen: a11y.Screen
) -> None:
    problems: list[str] = []
    for state in states(tall_page, app_url, screen, "da"):
        if state.error:
            problems.append(f"{state.label}: could not be checked: {state.error}")
            continue
        if not state.texts:
            problems.append(f"{state.label}: no text was read")
        problems += [
            a11y.describe_english(state, hit) for hit in a11y.english_problems(state, ENGLISH_ALLOW_LIST)
        ]
    assert not problems, (
        f"{len(problems)} English word(s) in the Danish UI of {screen.name} that the [[english]] entries "
        "of tests/e2e/axe_allow_list.toml do not cover (the word in [brackets], where it was read, and "
        "the Streamlit elements around it):\n\n" + "\n".join(problems)
    )


def test_every_allow_list_entry_is_still_needed(tall_page: Page, app_url: str) -> None:
    """An entry that nothing on its screen matches any more (a Streamlit upgrade fixed it) must go."""
    screens = {screen.name: screen for screen in a11y.SCREENS}
    unused = []
    for entry in ALLOW_LIST:
        seen = states(tall_page, app_url, screens[entry.seen_on], "da")
        violations = [violation for state in seen for violation in state.violations]
        if not any(entry.matches(v["id"], node) for v in violations for node in v["nodes"]):
            unused.append(f"{entry.rule} inside {entry.inside} (seen_on {entry.seen_on})")
    for english in ENGLISH_ALLOW_LIST:
        seen = states(tall_page, app_url, screens[english.seen_on], "da")
        hits = [
            (hit, state)
            for state in seen
            for hit in a11y.english_words(state.texts, a11y.english_vocabulary())
        ]
        if not any(english.matches(hit, state.screen.name) for hit, state in hits):
            unused.append(f"[[english]] {english.text!r} (seen_on {english.seen_on})")
    assert not unused, f"allow-list entries that nothing on their screen needs any more: {unused}"


# The allow-list itself: no browser needed ------------------------------------------------------------

NO_ISSUE = re.compile(
    r"^no upstream issue found \(searched \d{4}-\d{2}-\d{2}\); workaround: \S.*$", re.DOTALL
)
ISSUE_URL = re.compile(r"^https://github\.com/[\w.-]+/[\w.-]+/(issues|pull)/\d+$")


def test_each_allow_list_entry_names_a_streamlit_element_a_reason_and_an_upstream_issue() -> None:
    assert ALLOW_LIST, "tests/e2e/axe_allow_list.toml has no [[allow]] entries"
    screens = {screen.name for screen in a11y.SCREENS}
    for entry in ALLOW_LIST:
        assert entry.rule and entry.why.strip(), entry
        assert entry.inside in a11y.STREAMLIT_ELEMENTS, f"{entry.inside} is not a Streamlit element"
        assert entry.inside not in a11y.APP_CONTENT, entry.inside
        assert ISSUE_URL.match(entry.upstream) or NO_ISSUE.match(entry.upstream), entry.upstream
        assert entry.seen_on in screens, entry.seen_on
        if entry.html:
            re.compile(entry.html)


def _node(testids: list[str], html: str) -> dict[str, Any]:
    return {"target": ["x"], "html": html, "testids": testids, "impact": "serious"}


NAV = ["stSidebarNavItems", "stSidebarNav", "stSidebarContent", "stSidebar", "stAppViewContainer"]


def test_the_allow_list_covers_streamlits_navigation_and_never_the_apps_content() -> None:
    def allowed(rule: str, node: dict[str, Any]) -> bool:
        violations = [{"id": rule, "impact": "serious", "nodes": [node]}]
        return not a11y.not_allowed(violations, ALLOW_LIST)

    assert allowed("listitem", _node(NAV, '<li class="st-emotion-cache-1ag8dug e1o1t1hb4">'))
    assert allowed("list", _node(NAV, '<ul data-testid="stSidebarNavItems" class="x">'))
    # The same rules on the app's own content, even in the sidebar, or on an unknown element.
    sidebar_markdown = ["stMarkdownContainer", "stMarkdown", "stElementContainer", "stSidebarUserContent"]
    assert not allowed("listitem", _node(sidebar_markdown + NAV[3:], "<li>Et punkt</li>"))
    assert not allowed("list", _node(["stMarkdownContainer", "stElementContainer", *NAV], "<ul>"))
    assert not allowed("listitem", _node(["stMarkdownContainer", *NAV], "<li>Et punkt</li>"))
    assert not allowed("listitem", _node([], "<li>"))
    # Another rule in the navigation, and the same rule on another element of it.
    assert not allowed("color-contrast", _node(NAV, '<li class="x">'))
    assert not allowed("list", _node(NAV, '<li class="x">'))


# English words: no browser needed -------------------------------------------------------------------


def test_the_english_vocabulary_holds_streamlits_words_and_the_apps_msgids_but_no_danish_word() -> None:
    english = a11y.english_vocabulary()
    # Streamlit's, Vega's and the browser's words, the app's msgids and its material icon names.
    for word in ("select", "matches", "browse", "titled", "linear", "nominal", "criterion", "arrow_forward"):
        assert word in english, word
    # Words Danish uses as well, and people's names and proposals' words from the demo.
    for word in ("for", "under", "bad", "hold", "time", "median", "birgitte", "lindegården", "team"):
        assert word not in english, word
    assert not english & a11y.danish_vocabulary()


def test_english_words_are_found_with_their_context_and_short_or_danish_words_are_not() -> None:
    texts = [
        {"source": "aria-label", "text": "X-axis titled 'Forskel fra i dag' for a linear scale"},
        {"source": "placeholder", "text": "Choose an option"},
        {"source": "text", "text": "Birgitte Lund har et bad og en kop te for {option}"},
        {"source": "text", "text": "arrow_forward Hjemmeplejen Syd"},
    ]
    hits = a11y.english_words(texts, a11y.english_vocabulary())
    found = {(hit.source, hit.word) for hit in hits}
    assert found == {
        ("aria-label", "axis"),
        ("aria-label", "titled"),
        ("aria-label", "linear"),
        ("aria-label", "scale"),
        ("placeholder", "choose"),
        ("placeholder", "option"),
        ("text", "arrow_forward"),
    }
    titled = next(hit for hit in hits if hit.word == "titled")
    assert titled.context == "X-axis [titled] 'Forskel fra i dag' for a linear scale"


def test_an_english_entry_covers_only_the_words_inside_its_match_and_on_its_screens() -> None:
    entry = a11y.AllowedEnglish(
        text="^Show data: ", why="x", upstream="u", seen_on="Sammenlign", source="aria-label"
    )
    label = {"source": "aria-label", "text": "Show data: Select all"}
    hits = a11y.english_words([label], a11y.english_vocabulary())
    assert [hit.word for hit in a11y.english_not_allowed(hits, [entry])] == ["select", "all"]
    as_text = a11y.english_words([{**label, "source": "text"}], a11y.english_vocabulary())
    assert len(a11y.english_not_allowed(as_text, [entry])) == len(as_text)
    only_here = a11y.AllowedEnglish(
        text="^Show data: ", why="x", upstream="u", seen_on="Sammenlign", screens=("Sammenlign",)
    )
    assert not a11y.english_not_allowed(hits[:2], [only_here], "Sammenlign")
    assert len(a11y.english_not_allowed(hits[:2], [only_here], "Overblik")) == 2


SOURCES = {
    "text",
    "title",
    "value",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "aria-placeholder",
    "alt",
    "placeholder",
}


def test_each_english_entry_names_a_pattern_a_reason_an_upstream_issue_and_a_screen() -> None:
    assert ENGLISH_ALLOW_LIST, "tests/e2e/axe_allow_list.toml has no [[english]] entries"
    screens = {screen.name for screen in a11y.SCREENS}
    for entry in ENGLISH_ALLOW_LIST:
        re.compile(entry.text)
        assert entry.why.strip() and entry.seen_on in screens, entry
        assert entry.upstream.startswith("https://github.com/streamlit/streamlit/issues/"), entry
        assert not entry.source or entry.source in SOURCES, entry.source
        assert set(entry.screens) <= screens, entry.screens
        # Never a bare word: an entry names Streamlit's label, not a word the app might write.
        assert " " in entry.text or (entry.text.startswith("^") and entry.text.endswith("$")), entry.text
