"""Every screen and tab, in Danish and in English, checked with axe-core in Chromium (issue 16).

axe-core comes from npm (``npm ci``: ``package-lock.json`` pins it), is injected by Playwright into
Debian's Chromium on the shipped server with the demo, and runs the WCAG 2.0/2.1 A and AA rules on
each state at 1366×3000, with every expander open, so that nothing is left below the window or
folded away. A serious or critical node fails the test unless ``axe_allow_list.toml`` names it:
only Streamlit's own markup may be there, each entry with its upstream issue.

The screens, the states, running axe and telling whose a node is are ``scripts/accessibility.py``,
which prints the same audit as a report (with the moderate and minor rules too).
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
TITLE_END = " · Kernekompas"


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
    states = list(a11y.states_of(tall_page, app_url, screen, language))
    if screen.tabs and not all(state.tab for state in states):
        problems.append(f"{screen.name} [{language}]: its tabs were not found, so none was checked")
    for state in states:
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


def test_every_allow_list_entry_is_still_needed(tall_page: Page, app_url: str) -> None:
    """An entry that no node on its screen matches any more (a Streamlit upgrade fixed it) must go."""
    screens = {screen.name: screen for screen in a11y.SCREENS}
    seen: dict[str, list[dict[str, Any]]] = {}  # screen name: the violations of its states
    unused = []
    for entry in ALLOW_LIST:
        if entry.seen_on not in seen:
            states = a11y.states_of(tall_page, app_url, screens[entry.seen_on], "da")
            seen[entry.seen_on] = [violation for state in states for violation in state.violations]
        violations = seen[entry.seen_on]
        if not any(entry.matches(v["id"], node) for v in violations for node in v["nodes"]):
            unused.append(f"{entry.rule} inside {entry.inside} (seen_on {entry.seen_on})")
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
