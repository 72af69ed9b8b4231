"""An accessibility audit of every screen with axe-core, in Danish and in English (issue 16).

    npm ci                                        # axe-core, pinned in package.json, into node_modules/
    .venv/bin/python scripts/accessibility.py [--json results.json] [--details]

It loads a fresh demo database into a temporary folder, starts the shipped server on it
(``tests/e2e/servers.running_app``, local mode), and opens each screen in Debian's Chromium as the
person who would use it (``?som=<person id>``), at 1366×3000 so that nothing is left below the
window. Every tab of a screen is opened in turn, and every expander on it. On each state it injects
``node_modules/axe-core/axe.min.js`` and runs axe with the WCAG 2.0/2.1 A and AA rules.

It prints a Markdown report: the document's ``lang`` and ``title`` on each state, then one row per
rule with the number of nodes, where they were seen, an example, and whether the app's own content
or Streamlit's widgets and chrome cause it. ``--details`` adds every distinct app-caused node of
the serious and critical rules; ``--json`` keeps the raw results. A report, not a test: it exits 0
whatever it finds (1 only when it could not run at all, e.g. without ``npm ci``).

The test is ``tests/e2e/test_accessibility.py``: the same screens, states and checks (everything
above the report below is shared), failing on every serious or critical node that the allow-list
``tests/e2e/axe_allow_list.toml`` (Streamlit's own markup, each with its upstream issue) does not
name.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: python scripts/accessibility.py
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright  # noqa: E402

from scripts.browser import CHROMIUM, CHROMIUM_ARGS, choose_language, wait_until_idle  # noqa: E402
from tests.e2e.servers import running_app  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ALLOW_LIST = ROOT / "tests" / "e2e" / "axe_allow_list.toml"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORT: ViewportSize = {"width": 1366, "height": 3000}
LANGUAGES = ("da", "en")  # Danish is what a new page shows; English is chosen in the sidebar
SERIOUS = ("critical", "serious")
IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, None: 4}


@dataclass(frozen=True)
class Screen:
    name: str
    path: str  # with ?som=<person id>: whose shoes the screen is seen in
    who: str
    tabs: bool = False  # open every tab of the screen's main area in turn


SCREENS = [
    Screen("Overblik", "/?som=3", "Birgitte Lund, leader of Hjemmeplejen Syd"),
    Screen("Forslag (nyt)", "/proposal?som=3", "Birgitte Lund, registering a proposal"),
    Screen("Forslag (i blind vurdering)", "/proposal?som=3&proposal=3", "Birgitte Lund, editing proposal 3"),
    Screen("Vurdering", "/scoring?som=8&proposal=3", "Karen Vestergaard, rater, blind round"),
    Screen("Sammenlign", "/compare?som=3&proposal=2", "Birgitte Lund, proposal 2 after the reveal"),
    Screen("Drøftelse", "/discussion?som=3&proposal=2", "Birgitte Lund, proposal 2", tabs=True),
    Screen(
        "Beslutning (under drøftelse)",
        "/decision?som=3&proposal=2",
        "Birgitte Lund, preparing and recording the decision",
        tabs=True,
    ),
    Screen("Beslutning (besluttet)", "/decision?som=10&proposal=1", "Susanne Dahl, proposal 1", tabs=True),
    Screen(
        "Beslutning (fulgt op)",
        "/decision?som=3&proposal=4",
        "Birgitte Lund, proposal 4: measured, re-scored and concluded",
        tabs=True,
    ),
    Screen("Kerneopgaver", "/core_tasks?som=3&unit=3", "Birgitte Lund, her own unit"),
    Screen("Portefølje", "/portfolio?som=10", "Susanne Dahl, leader of Fjordby Skole"),
    Screen("Administration", "/admin?som=1", "Henrik Holm, administrator", tabs=True),
    Screen("Ændringslog", "/audit?som=1", "Henrik Holm, administrator"),
]

# What runs in the page: axe, then for each failing node the data-testid of the elements around it
# (innermost first) and the app's widget keys (st-key-…), which tell whose element it is.
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const around = (target) => {
    const testids = [], keys = [];
    let element = null;
    try { element = target.length === 1 ? document.querySelector(target[0]) : null; } catch (e) {}
    const text = element ? (element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80) : '';
    for (let e = element; e && e.getAttribute; e = e.parentElement) {
      const testid = e.getAttribute('data-testid');
      if (testid) testids.push(testid);
      for (const name of e.classList) if (name.startsWith('st-key-')) keys.push(name.slice(7));
    }
    const widget = element && element.closest('[data-testid="stElementContainer"]');
    const disabled = !!(widget && widget.querySelector('[disabled], [aria-disabled="true"]'));
    const svg = element && element.closest('svg');
    const title = widget && widget.querySelector('.role-title-text');
    const chart = svg ? svg.getAttribute('aria-label') || (title ? title.textContent : '') : '';
    return {testids, keys, text, disabled, chart};
  };
  const data = (node) => {
    const check = [...node.any, ...node.all, ...node.none].find((c) => c.data && typeof c.data === 'object');
    return check ? check.data : null;
  };
  return {
    version: axe.version,
    violations: results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target, html: n.html, impact: n.impact, data: data(n), ...around(n.target),
      })),
    })),
  };
}"""

# Whose element a node is, from the data-testids around it, innermost first: the first one named
# here decides. Streamlit's chrome (toolbar, header, sidebar navigation) and the insides of its
# widgets are Streamlit's; markdown, captions, text, headings, alerts, metrics and charts are what
# the app wrote and chose to show.
STREAMLIT_CHROME = {
    "stToolbar",
    "stToolbarActions",
    "stHeader",
    "stMainMenu",
    "stAppDeployButton",
    "stDecoration",
    "stStatusWidget",
    "stSidebarNav",
    "stSidebarNavItems",
    "stSidebarNavLink",
    "stSidebarNavLinkContainer",
    "stSidebarNavSeparator",
    "stNavSectionHeader",
    "stSidebarHeader",
    "stSidebarCollapseButton",
    "stExpandSidebarButton",
    "stSidebarCollapsedControl",
    "stLogo",
    "stSidebarLogo",
}
APP_CONTENT = {
    "stCaptionContainer",
    "stMarkdownContainer",
    "stMarkdown",
    "stText",
    "stHeading",
    "stHeadingWithActionElements",
    "stAlert",
    "stAlertContainer",
    "stAlertContentInfo",
    "stAlertContentWarning",
    "stAlertContentError",
    "stAlertContentSuccess",
    "stMetric",
    "stMetricLabel",
    "stMetricValue",
    "stMetricDelta",
    "stVegaLiteChart",
    "stArrowVegaLiteChart",
    "stHtml",
    "stBadge",
    "stCode",
}
# A widget's own parts: the label the app passes in is drawn (and coloured) by Streamlit.
STREAMLIT_WIDGET_PARTS = {
    "stWidgetLabel",
    "stTooltipIcon",
    "stTooltipHoverTarget",
    "stDataFrame",
    "stDataFrameResizable",
    "stTable",
    "stTab",
    "stTabs",
    "stExpander",
    "stExpanderToggleIcon",
    "stFileUploader",
    "stFileUploaderDropzone",
    "stFileUploaderDropzoneInstructions",
    "stSelectbox",
    "stMultiSelect",
    "stTextInput",
    "stTextArea",
    "stNumberInput",
    "stNumberInputContainer",
    "stDateInput",
    "stRadio",
    "stCheckbox",
    "stSegmentedControl",
    "stButtonGroup",
    "stButton",
    "stBaseButton-primary",
    "stBaseButton-secondary",
    "stBaseButton-tertiary",
    "stBaseButton-pills",
    "stBaseButton-segmented_control",
    "stBaseButton-segmented_controlActive",
    "stDownloadButton",
    "stPageLink",
    "stPageLink-NavLink",
    "stSlider",
    "stSelectSlider",
    "stToggle",
    "stForm",
    "stFormSubmitButton",
    "stPills",
}
# Rules about the document as a whole are the app's to meet (the app sets lang and the title).
DOCUMENT_RULES = {
    "html-has-lang",
    "html-lang-valid",
    "valid-lang",
    "document-title",
    "html-xml-lang-mismatch",
}


def whose(rule: str, node: dict[str, Any]) -> tuple[str, str]:
    """("app" or "Streamlit", the marker that decided) for one failing node."""
    if rule in DOCUMENT_RULES:
        return "app", "document"
    testids: list[str] = node["testids"]
    chrome = next((testid for testid in testids if testid in STREAMLIT_CHROME), None)
    if chrome:
        return "Streamlit", chrome
    # Only the element's own parts decide, up to its stElementContainer: the blocks around it
    # (columns, containers, expanders, tabs) hold elements of every kind. Inside a widget, even the
    # markdown of the label the app passed in is drawn and coloured by Streamlit.
    own = testids[: testids.index("stElementContainer")] if "stElementContainer" in testids else testids
    widget = next((testid for testid in own if testid in STREAMLIT_WIDGET_PARTS), None)
    if widget:
        return "Streamlit", widget + (" (disabled)" if node.get("disabled") else "")
    content = next((testid for testid in own if testid in APP_CONTENT), None)
    if content:
        return "app", content
    html = node["html"]
    if "graphics-document" in html or "graphics-symbol" in html or "vega" in html:
        return "app", "chart"
    if "data-baseweb" in html:
        return "Streamlit", "baseweb"
    return "Streamlit", own[0] if own else "unknown"


# The allow-list -------------------------------------------------------------------------------------

NO_UPSTREAM_ISSUE = "no upstream issue found"
STREAMLIT_ELEMENTS = STREAMLIT_CHROME | STREAMLIT_WIDGET_PARTS


@dataclass(frozen=True)
class Allowed:
    """One entry of ``tests/e2e/axe_allow_list.toml``: a rule that Streamlit's own markup fails."""

    rule: str  # the axe rule id
    inside: str  # the data-testid of the Streamlit element the node must be (in)
    why: str
    upstream: str  # the upstream issue's URL, or "no upstream issue found (searched …); workaround: …"
    seen_on: str  # a screen (SCREENS) that shows it, to tell when the entry is no longer needed
    html: str = ""  # a regular expression the node's HTML must match, if given

    def matches(self, rule: str, node: dict[str, Any]) -> bool:
        """Whether this entry covers one failing node: the rule, the node inside the named
        Streamlit element with nothing of the app's between them, and its HTML."""
        if rule != self.rule:
            return False
        testids: list[str] = node.get("testids") or []  # innermost first, the node's own first
        if self.inside not in testids:
            return False
        # Anything the app put there (an element of its own, markdown, a chart) is the app's.
        between = testids[: testids.index(self.inside)]
        if "stElementContainer" in between or any(testid in APP_CONTENT for testid in between):
            return False
        if whose(rule, node)[0] != "Streamlit":
            return False
        return not self.html or re.search(self.html, node.get("html", "")) is not None


def load_allow_list(path: Path = ALLOW_LIST) -> list[Allowed]:
    with path.open("rb") as file:
        return [Allowed(**entry) for entry in tomllib.load(file).get("allow", [])]


def impact_of(violation: dict[str, Any], node: dict[str, Any]) -> str | None:
    return node.get("impact") or violation.get("impact")


def not_allowed(
    violations: list[dict[str, Any]], allow_list: Iterable[Allowed]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every serious or critical (violation, node) that no entry of the allow-list covers."""
    entries = list(allow_list)
    return [
        (violation, node)
        for violation in violations
        for node in violation["nodes"]
        if impact_of(violation, node) in SERIOUS
        and not any(entry.matches(violation["id"], node) for entry in entries)
    ]


# English words in the Danish UI ----------------------------------------------------------------------
#
# What a screen-reader user meets on a state: every text node and every accessible name the page
# gives (aria-label, aria-description, aria-roledescription, aria-valuetext, alt, title,
# placeholder, the value of a text field), the SVG marks of the charts included, read from the DOM
# because Chromium's accessibility snapshot shows a chart as one image and leaves its marks out.
# What is aria-hidden, hidden or not displayed is left out, as a screen reader leaves it out.

READ_TEXTS = """() => {
  const NAMES = ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext',
                 'aria-placeholder', 'alt', 'title', 'placeholder'];
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const found = [];
  const around = (element) => {
    const testids = [], keys = [];
    for (let e = element; e && e.getAttribute; e = e.parentElement) {
      const testid = e.getAttribute('data-testid');
      if (testid) testids.push(testid);
      for (const name of e.classList || []) if (name.startsWith('st-key-')) keys.push(name.slice(7));
    }
    return {testids: testids.slice(0, 6), keys: keys.slice(0, 2)};
  };
  const add = (source, text, element) => {
    text = (text || '').replace(/\\s+/g, ' ').trim();
    if (text) found.push({source, text, ...around(element)});
  };
  const walk = (element) => {
    if (SKIP.has(element.tagName) || element.hidden || element.getAttribute('aria-hidden') === 'true') return;
    const style = getComputedStyle(element);
    if (style.display === 'none') return;
    for (const name of NAMES) if (element.hasAttribute(name)) add(name, element.getAttribute(name), element);
    if (element.tagName === 'TEXTAREA'
        || (element.tagName === 'INPUT' && !['hidden', 'password', 'checkbox', 'radio'].includes(element.type)))
      add('value', element.value, element);
    const shown = style.visibility !== 'hidden' && style.visibility !== 'collapse';
    let text = '';
    for (const child of element.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { if (shown) text += child.textContent; }
      else if (child.nodeType === Node.ELEMENT_NODE) { text += ' '; walk(child); }
    }
    add('text', text, element);
  };
  add('title', document.title, document.documentElement);
  walk(document.body);
  return found;
}"""

POT = ROOT / "locales" / "kernekompas.pot"
DANISH_CATALOG = ROOT / "locales" / "da" / "LC_MESSAGES" / "kernekompas.po"
RUBRICS = ROOT / "rubrics"
DEMO = ROOT / "demo" / "content.py"
CODE = (ROOT / "app.py", ROOT / "screens", ROOT / "ui")

# Words of the UI that Streamlit, its Vega charts and the browser write themselves, in English: the
# app's own msgids do not hold them. Material icon names come from the app's code (ICON).
_FRAMEWORK_WORDS = """
    select all none matches match browse files file drag drop here limit per press enter apply choose
    option options results clear value values search show hide close open download upload fullscreen
    view data table tables axis titled scale linear discrete nominal ordinal quantitative temporal log
    sort sorted ascending descending copy spec vega lite png csv json svg chart visualization mark
    marks container group symbol rect rule point line area bar text legend gradient title subtitle
    color colour fill stroke shape size opacity width height tooltip columns column rows row
    sidebar collapse expand main menu skip content link heading anchor icon app pages page deploy
    settings print record screencast rerun running stop loading error warning info success
    success close dismiss date time today yesterday month year day week previous next back forward
    from with values selected deselect remove delete edit add new item items list no yes cancel
    submit save keyboard shortcut shortcuts help about docs documentation report bug issue
    cleared clearing invalid required empty toggle switch expanded collapsed arrow dropdown
    placeholder type enter here submitted uploaded uploading filter filtered reset zoom
    available dismiss yyyy
"""
FRAMEWORK_WORDS = frozenset(_FRAMEWORK_WORDS.split())
# The language switch names each language in that language ("Dansk", "English"): not English text.
OWN_NAMES = frozenset({"english"})
ICON = re.compile(r":material/([a-z0-9_]+):")
# One word: letters, Danish ones included, joined by underscores (an icon's or a field's name).
WORD = re.compile(r"[^\W\d_]+(?:_[^\W\d_]+)*")
# Where a translation puts a value: {name}, %(name)s, %s: not words of either language.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[a-z]|%[a-z]")
SHORTEST = 3  # words of one or two letters are left alone: "i", "på", "to", "is" read in both


def words_of(text: str) -> list[str]:
    """The words of a text, case-folded, without the placeholders of a translation."""
    return [
        word.casefold()
        for word in WORD.findall(PLACEHOLDER.sub(" ", text))
        if len(word.replace("_", "")) >= SHORTEST
    ]


def _catalog(path: Path) -> Iterable[tuple[str, str]]:
    """(msgid, msgstr) of every message of a catalog, plural forms one by one."""
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        for message in read_po(file):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for index, msgid in enumerate(ids):
                yield msgid, strings[min(index, len(strings) - 1)] if strings else ""
            for string in strings[len(ids) :]:
                yield "", string


def _danish_of_rubric(value: Any) -> Iterable[str]:
    """Every Danish text of a rubric file: the values under a ``da`` key."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "da" and isinstance(inner, str):
                yield inner
            else:
                yield from _danish_of_rubric(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _danish_of_rubric(inner)


def _texts_of_demo(path: Path) -> Iterable[str]:
    """The demo's hand-written Danish content: the string constants of ``demo/content.py``
    (people's names, units, core tasks, proposals, reasons), less its docstrings and f-strings
    (English for developers) and its one-word lower-case strings (aliases and field names)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    left_out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            left_out.update(id(value) for value in node.values)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        ):
            left_out.add(id(node.body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in left_out:
            text = node.value.strip()
            if " " in text or text[:1].isupper():
                yield text


@functools.cache
def danish_vocabulary() -> frozenset[str]:
    """Every word of the app's Danish: its translations, the rubrics' Danish texts and the demo's
    content (people's names, units, proposals), so that "for", "under", "bad" or a name never flag."""
    texts = [string for _, string in _catalog(DANISH_CATALOG)]
    for path in sorted(RUBRICS.rglob("*.toml")):
        with path.open("rb") as file:
            texts += _danish_of_rubric(tomllib.load(file))
    texts += _texts_of_demo(DEMO)
    return frozenset(word for text in texts for word in words_of(text))


def icon_names() -> set[str]:
    """The material icons the app's code names (``:material/arrow_forward:``)."""
    names: set[str] = set()
    for place in CODE:
        for path in [place] if place.is_file() else sorted(place.rglob("*.py")):
            names.update(ICON.findall(path.read_text(encoding="utf-8")))
    return names


@functools.cache
def english_vocabulary() -> frozenset[str]:
    """The English words to look for: those of the app's own msgids (English is the source
    language), Streamlit's, Vega's and the browser's UI words and the app's icon names, less
    every word that Danish text uses too."""
    english = {word for msgid, _ in _catalog(POT) for word in words_of(msgid)}
    english.update(FRAMEWORK_WORDS)
    for name in icon_names():
        english.add(name)
        english.update(part for part in name.split("_") if len(part) >= SHORTEST)
    return frozenset(english - danish_vocabulary() - OWN_NAMES)


@dataclass(frozen=True)
class EnglishWord:
    """An English word in one text of a Danish state: the word, the text and where it was met."""

    word: str
    source: str  # "text", "aria-label", "placeholder", … (READ_TEXTS)
    text: str
    start: int  # where the word starts in the text
    testids: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()

    @property
    def context(self) -> str:
        """The word in brackets, with up to 50 characters of its text either side."""
        end = self.start + len(self.word)
        before = self.text[max(0, self.start - 50) : self.start]
        after = self.text[end : end + 50]
        return (
            ("…" if self.start > 50 else "")
            + f"{before}[{self.text[self.start : end]}]{after}"
            + ("…" if end + 50 < len(self.text) else "")
        )


def english_words(texts: Iterable[dict[str, Any]], english: Collection[str]) -> list[EnglishWord]:
    """Every English word in the texts a state showed (READ_TEXTS), once per word and text."""
    found: dict[tuple[str, str, str], EnglishWord] = {}
    for item in texts:
        text = PLACEHOLDER.sub(lambda match: " " * len(match.group()), item["text"])
        for match in WORD.finditer(text):
            word = match.group().casefold()
            if len(word.replace("_", "")) < SHORTEST or word not in english:
                continue
            found.setdefault(
                (word, item["source"], item["text"]),
                EnglishWord(
                    word=word,
                    source=item["source"],
                    text=item["text"],
                    start=match.start(),
                    testids=tuple(item.get("testids") or ()),
                    keys=tuple(item.get("keys") or ()),
                ),
            )
    return list(found.values())


@dataclass(frozen=True)
class AllowedEnglish:
    """One ``[[english]]`` entry of ``tests/e2e/axe_allow_list.toml``: English that Streamlit (or the
    Vega renderer or the browser it brings) writes itself and the app cannot change."""

    text: str  # a regular expression; the English word must lie inside one of its matches
    why: str
    upstream: str  # the upstream issue's URL (and its state) that would let the app change it
    seen_on: str  # a screen (SCREENS) that shows it, to tell when the entry is no longer needed
    source: str = ""  # only in this kind of text (READ_TEXTS: "text", "aria-label", …), if given
    screens: tuple[str, ...] = ()  # only on these screens (SCREENS), if given

    def matches(self, hit: EnglishWord, screen: str = "") -> bool:
        if self.source and self.source != hit.source:
            return False
        if self.screens and screen not in self.screens:
            return False
        end = hit.start + len(hit.word)
        return any(
            match.start() <= hit.start and end <= match.end() for match in re.finditer(self.text, hit.text)
        )


def load_english_allow_list(path: Path = ALLOW_LIST) -> list[AllowedEnglish]:
    with path.open("rb") as file:
        return [
            AllowedEnglish(**{**entry, "screens": tuple(entry.get("screens", ()))})
            for entry in tomllib.load(file).get("english", [])
        ]


def english_not_allowed(
    hits: Iterable[EnglishWord], allow_list: Iterable[AllowedEnglish], screen: str = ""
) -> list[EnglishWord]:
    """Every English word that no entry of the allow-list covers (on this screen)."""
    entries = list(allow_list)
    return [hit for hit in hits if not any(entry.matches(hit, screen) for entry in entries)]


def english_problems(state: State, allow_list: Iterable[AllowedEnglish]) -> list[EnglishWord]:
    """The English words a Danish state shows that the allow-list does not cover."""
    hits = english_words(state.texts, english_vocabulary())
    return english_not_allowed(hits, allow_list, state.screen.name)


def describe_english(state: State, hit: EnglishWord) -> str:
    """One English word, for a test's failure message: the screen, the word and its context."""
    where = " < ".join(hit.testids[:3]) or "?"
    keys = f"; key {hit.keys[0]}" if hit.keys else ""
    return f"{state.label}: »{hit.word}« in {hit.source}: {hit.context}  ({where}{keys})"


@dataclass
class State:
    screen: Screen
    language: str
    tab: str = ""
    lang: str = ""
    title: str = ""
    heading: str = ""
    seconds: float = 0.0
    error: str = ""
    expanders: int = 0  # opened before the check
    still_closed: int = 0  # expanders shown but still closed when axe ran: their insides unchecked
    violations: list[dict[str, Any]] = field(default_factory=list)
    texts: list[dict[str, Any]] = field(default_factory=list)  # what a screen reader meets (READ_TEXTS)

    @property
    def label(self) -> str:
        return f"{self.screen.name} › {self.tab}" if self.tab else self.screen.name


# Clicks every closed expander the main area shows, in rounds until none is left (an opened one
# may show more inside it), in the page itself: a click per round trip from here took a second each.
OPEN_EXPANDERS = """async (limit) => {
  const shown = (element) => element.getClientRects().length > 0;
  let opened = 0;
  for (let round = 0; round < 10 && opened < limit; round++) {
    const closed = [...document.querySelectorAll(
      '[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) > summary')].filter(shown);
    if (!closed.length) break;
    for (const summary of closed.slice(0, limit - opened)) { summary.click(); opened++; }
    await new Promise((done) => setTimeout(done, 300));
  }
  return opened;
}"""


def open_expanders(page: Page, limit: int = 100) -> int:
    """Open every closed expander the main area shows, so that what is folded away is checked too."""
    opened: int = page.evaluate(OPEN_EXPANDERS, limit)
    if opened:
        wait_until_idle(page)
    return opened


def menu_texts(page: Page, limit: int = 12) -> list[dict[str, Any]]:
    """What each multiselect's menu says when it is opened (Streamlit writes "Select all",
    "Select 3 matches" there), and what is announced then: the texts that were not there before.
    Escape closes a menu without changing the choice."""
    before = {(item["source"], item["text"]) for item in page.evaluate(READ_TEXTS)}
    found: list[dict[str, Any]] = []
    boxes = page.locator(
        '[data-testid="stMain"] [data-testid="stMultiSelect"] input[role="combobox"]:not([disabled])'
    )
    for index in range(min(boxes.count(), limit)):
        box = boxes.nth(index)
        if not box.is_visible():
            continue
        box.click()
        page.wait_for_timeout(300)
        for item in page.evaluate(READ_TEXTS):
            if (item["source"], item["text"]) not in before:
                before.add((item["source"], item["text"]))
                found.append(item)
        page.keyboard.press("Escape")
        page.wait_for_timeout(100)
    return found


def audit(page: Page, state: State) -> State:
    """axe on the page as it is now, with its expanders open, and the document's language and title."""
    started = time.monotonic()
    state.expanders = open_expanders(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, TAGS)
    state.violations = result["violations"]
    wait_until_idle(page)  # a rerun that started while axe ran (a chart's resize) must be over
    state.texts = page.evaluate(READ_TEXTS) + menu_texts(page)
    state.lang, state.title, state.heading, state.still_closed = page.evaluate(
        """() => [document.documentElement.lang, document.title,
                  (document.querySelector('[data-testid="stMain"] h1') || {}).textContent || '',
                  [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stExpander"]'
                                                + ' details:not([open]) > summary')]
                    .filter((summary) => summary.getClientRects().length > 0).length]"""
    )
    state.seconds = time.monotonic() - started
    return state


def open_screen(page: Page, base_url: str, screen: Screen, language: str) -> None:
    page.goto(base_url + screen.path)
    wait_until_idle(page)
    if language != LANGUAGES[0]:
        choose_language(page, language)


def states_of(page: Page, base_url: str, screen: Screen, language: str) -> Iterable[State]:
    """The screen, or each of its tabs in turn."""
    started = time.monotonic()
    try:
        open_screen(page, base_url, screen, language)
    except Exception:
        yield State(screen, language, error=traceback.format_exc(limit=1).strip().splitlines()[-1])
        return
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    if not screen.tabs or not tabs.count():
        state = audit(page, State(screen, language))
        state.seconds = time.monotonic() - started
        yield state
        return
    for index in range(tabs.count()):
        started = time.monotonic()
        tab = tabs.nth(index)
        state = State(screen, language, tab=tab.inner_text().strip())
        try:
            tab.click()
            wait_until_idle(page)
            audit(page, state)
        except Exception:
            state.error = traceback.format_exc(limit=1).strip().splitlines()[-1]
        state.seconds = time.monotonic() - started
        yield state


def new_page(browser: Browser) -> Page:
    """A page in a context of its own, tall enough that nothing is left below the window."""
    page = browser.new_context(viewport=VIEWPORT, locale="da-DK").new_page()
    page.set_default_timeout(30_000)
    return page


def run(base_url: str) -> tuple[list[State], str, str]:
    states: list[State] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = new_page(browser)
        for language in LANGUAGES:
            for screen in SCREENS:
                for state in states_of(page, base_url, screen, language):
                    states.append(state)
                    print(
                        f"{state.label} ({language}): {len(state.violations)} rules, {state.seconds:.1f} s"
                        + (f" ERROR {state.error}" if state.error else ""),
                        file=sys.stderr,
                        flush=True,
                    )
        axe_version = page.evaluate("() => window.axe ? axe.version : ''")
        chromium_version = browser.version
        browser.close()
    return states, axe_version, chromium_version


# The report -----------------------------------------------------------------------------------------


def cell(text: str, limit: int = 0) -> str:
    """Text for one Markdown table cell: one line, no pipes, shortened to ``limit`` characters."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def code(text: str, limit: int = 0) -> str:
    return "`" + cell(text, limit).replace("`", "'") + "`" if text else ""


def target_text(target: list[Any]) -> str:
    return " >>> ".join(part if isinstance(part, str) else " > ".join(part) for part in target)


def describe(state: State, violation: dict[str, Any], node: dict[str, Any]) -> str:
    """One failing node, for a test's failure message: what, where, and whose it looks like."""
    whom, marker = whose(violation["id"], node)
    data = node.get("data") or {}
    lines = [
        f"{violation['id']} ({impact_of(violation, node)}) on {state.label} [{state.language}]: "
        f"{violation['help']}",
        f"    target: {target_text(node['target'])}",
        f"    html: {cell(node['html'], 240)}",
        f"    looks like: {whom} ({marker}); around: {' < '.join(node.get('testids', [])[:5]) or '?'}",
    ]
    if node.get("chart"):
        lines.append(f"    in the chart «{node['chart']}»")
    elif node.get("text"):
        lines.append(f"    text: {cell(node['text'], 80)}")
    if "contrastRatio" in data:
        lines.append(f"    {data.get('fgColor')} on {data.get('bgColor')}: {data.get('contrastRatio')}:1")
    lines.append(f"    {violation['helpUrl']}")
    return "\n".join(lines)


def where(hits_by_screen: dict[str, set[str]], tabs_of: dict[str, set[str]]) -> str:
    """Screens, with the tabs unless every tab, and languages: ``Drøftelse [Hotspots] (da, en)``.

    Both take "language/tab" per screen name: the states a rule was seen on, and all states."""
    parts = []
    for screen in SCREENS:
        hits = hits_by_screen.get(screen.name)
        if not hits:
            continue
        languages = sorted({hit.split("/", 1)[0] for hit in hits})
        tabs = {hit.split("/", 1)[1] for hit in hits} - {""}
        every_tab = {state.split("/", 1)[1] for state in tabs_of[screen.name]} - {""}
        suffix = " [" + ", ".join(sorted(tabs)) + "]" if tabs and tabs != every_tab else ""
        parts.append(f"{screen.name}{suffix} ({', '.join(languages)})")
    return "; ".join(parts)


def report(
    states: list[State], axe_version: str, chromium_version: str, seconds: float, details: bool
) -> None:
    print("# Accessibility audit with axe-core\n")
    print(
        f"axe-core {axe_version}, Chromium {chromium_version}, viewport "
        f"{VIEWPORT['width']}×{VIEWPORT['height']}, rules tagged {', '.join(TAGS)}; "
        f"{len(states)} page states in {seconds:.0f} s.\n"
    )
    print("## Page states\n")
    print("| state | language | `lang` | `title` | h1 | expanders opened | rules failed | nodes | s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for state in states:
        failing = sum(len(v["nodes"]) for v in state.violations)
        failed = "ERROR: " + cell(state.error, 80) if state.error else str(len(state.violations))
        print(
            f"| {cell(state.label)} | {state.language} | {code(state.lang)} | {cell(state.title)} "
            f"| {cell(state.heading)} | {state.expanders} | {failed} | {failing} | {state.seconds:.1f} |"
        )

    # One row per rule, its nodes counted once however many states show them.
    rules: dict[str, dict[str, Any]] = {}
    tabs_of: dict[str, set[str]] = defaultdict(set)
    for state in states:
        tabs_of[state.screen.name].add(f"{state.language}/{state.tab}")
        for violation in state.violations:
            rule = rules.setdefault(
                violation["id"],
                {
                    "impact": violation["impact"],
                    "help": violation["help"],
                    "nodes": {},
                    "occurrences": 0,
                    "where": defaultdict(set),
                },
            )
            rule["where"][state.screen.name].add(f"{state.language}/{state.tab}")
            for node in violation["nodes"]:
                rule["occurrences"] += 1
                key = (target_text(node["target"]), node["html"])
                if key not in rule["nodes"]:
                    rule["nodes"][key] = {**node, "whose": whose(violation["id"], node), "state": state.label}
    ordered = sorted(rules.items(), key=lambda item: (IMPACT_ORDER.get(item[1]["impact"], 4), item[0]))

    print("\n## Violations per rule\n")
    print(
        "Nodes are counted once per distinct element (target and HTML) across all states; "
        "*seen* counts every time a state showed one. *Caused by* names the data-testid that decided; "
        "(disabled) marks an inactive widget, which WCAG 1.4.3 exempts from the contrast minimum.\n"
    )
    print(
        "| rule | impact | nodes | seen | screens (languages) | example target | example HTML | caused by |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for rule_id, rule in ordered:
        nodes = list(rule["nodes"].values())
        by_whom = Counter(node["whose"][0] for node in nodes)
        markers = Counter(f"{node['whose'][0]}: {node['whose'][1]}" for node in nodes)
        # The example: an app-caused node if there is one, since those are the ones to fix here.
        example = next((node for node in nodes if node["whose"][0] == "app"), nodes[0])
        extra = ""
        if example.get("data") and "contrastRatio" in example["data"]:
            data = example["data"]
            extra = f"({data.get('fgColor')} on {data.get('bgColor')}, {data.get('contrastRatio')}:1)"
        caused = ", ".join(f"{whom} {count}" for whom, count in by_whom.most_common())
        caused += " — " + ", ".join(f"{marker} ×{count}" for marker, count in markers.most_common(4))
        print(
            f"| {rule_id} | {rule['impact']} | {len(nodes)} | {rule['occurrences']} "
            f"| {cell(where(rule['where'], tabs_of))} | {code(target_text(example['target']), 90)} "
            f"| {code(example['html'], 110)} {cell(extra)} | {cell(caused)} |"
        )

    print("\n## Serious and critical violations by cause\n")
    print("| caused by | rules | distinct nodes | seen |")
    print("| --- | --- | --- | --- |")
    for whom in ("app", "Streamlit"):
        rule_ids = set()
        distinct = seen = 0
        for rule_id, rule in ordered:
            if rule["impact"] not in SERIOUS:
                continue
            mine = [node for node in rule["nodes"].values() if node["whose"][0] == whom]
            if mine:
                rule_ids.add(rule_id)
                distinct += len(mine)
        for state in states:
            for violation in state.violations:
                if violation["impact"] in SERIOUS:
                    seen += sum(1 for node in violation["nodes"] if whose(violation["id"], node)[0] == whom)
        print(f"| {whom} | {', '.join(sorted(rule_ids)) or '–'} | {distinct} | {seen} |")

    # What the test (tests/e2e/test_accessibility.py) would fail on.
    not_covered: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for state in states:
        for violation, node in not_allowed(state.violations, load_allow_list()):
            not_covered[violation["id"]].add((target_text(node["target"]), node["html"]))
    print(
        f"\nNot covered by the allow-list ({ALLOW_LIST.relative_to(ROOT)}), so failing the test: "
        + (
            ", ".join(f"{rule_id} ({len(nodes)} nodes)" for rule_id, nodes in sorted(not_covered.items()))
            or "nothing"
        )
        + "."
    )

    print("\n## English words in the Danish UI\n")
    print(
        "What a screen reader meets on each Danish state (texts and accessible names, the charts' marks "
        f"and the multiselects' menus included) checked for English words; the [[english]] entries of "
        f"{ALLOW_LIST.relative_to(ROOT)} (Streamlit's own labels) left out.\n"
    )
    print("| state | English words not allowed | examples |")
    print("| --- | --- | --- |")
    english_allowed = load_english_allow_list()
    for state in states:
        if state.language != "da" or state.error:
            continue
        hits = english_problems(state, english_allowed)
        examples = "; ".join(dict.fromkeys(f"{hit.context} ({hit.source})" for hit in hits))
        print(f"| {cell(state.label)} | {len(hits)} | {cell(examples, 300)} |")

    if details:
        print("\n## App-caused nodes of the serious and critical rules\n")
        for rule_id, rule in ordered:
            if rule["impact"] not in SERIOUS:
                continue
            mine = [node for node in rule["nodes"].values() if node["whose"][0] == "app"]
            if not mine:
                continue
            print(f"\n### {rule_id} ({rule['impact']}): {rule['help']}\n")
            print("| first seen | text | around (data-testid, innermost first) | keys | data |")
            print("| --- | --- | --- | --- | --- |")
            for node in mine:
                data = node.get("data") or {}
                shown = (
                    f"{data.get('fgColor')} on {data.get('bgColor')}, {data.get('contrastRatio')}:1"
                    if "contrastRatio" in data
                    else ""
                )
                print(
                    f"| {cell(node['state'])} | {cell(node['text'], 70) or code(node['html'], 70)}"
                    f"{' ' + cell('in the chart «' + node['chart'] + '»', 120) if node.get('chart') else ''} "
                    f"| {cell(' < '.join(node['testids'][:4]))} | {cell(', '.join(node['keys'][:2]), 60)} "
                    f"| {cell(shown)} |"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--details", action="store_true", help="list every app-caused serious node")
    args = parser.parse_args(argv)
    if not AXE.exists():
        print(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` in {ROOT} first.", file=sys.stderr)
        return 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kernekompas-a11y-") as name:
        folder = Path(name)
        database = folder / "demo.db"
        subprocess.run(
            [sys.executable, "-m", "demo", "--database-url", f"sqlite:///{database}"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with running_app(folder, database) as base_url:
            states, axe_version, chromium_version = run(base_url)
    seconds = time.monotonic() - started
    report(states, axe_version, chromium_version, seconds, args.details)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "screen": s.screen.name,
                        "tab": s.tab,
                        "language": s.language,
                        "lang": s.lang,
                        "title": s.title,
                        "error": s.error,
                        "violations": s.violations,
                    }
                    for s in states
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
