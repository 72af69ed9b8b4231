"""The scoring form, answered and submitted with the keyboard alone, with a focus people can see.

WCAG 2.1.1 (keyboard) and 2.4.7 (focus visible), issue 16. After the page has loaded the test only
presses keys: Tab and Shift+Tab to move, Space and the arrow keys to choose a level, Enter to press a
button. Karen Vestergaard rates a proposal in the demo's blind round and has answered its first
questions as drafts; going through every question from the first, she answers each answer still
open, and submits.

On every element the focus lands on, the test asserts what a sighted keyboard user needs: the
element is on the screen (in the viewport, not covered, not transparent) and has a focus ring of at
least 2 px, at least 3:1 against the background behind it, not cut off by a box that clips, and
gone again once the focus has moved on. Streamlit's own focus (a half-transparent glow, none on
radio options and sidebar links) fails this; ``ui/focus_style.py`` is what passes it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts.browser import wait_until_idle
from tests.e2e.servers import copy_database, running_app

RATER = "Karen Vestergaard"  # a nurse on the panel of the demo's proposal in blind scoring
BLIND_ROUND = 1
# From the first question (?q=1), through every one: they differ in shape (the questions on the
# core task have a row per perspective), and the focus must stay on Next from one to the next.
SCREEN = "/scoring?som={rater}&proposal={proposal}&q=1"
MAX_KEYS = 600  # a bound on the walk, so a focus trap fails instead of running forever
PROGRESS = re.compile(r"Spørgsmål (\d+) af (\d+) · (\d+) af (\d+) svar")

# What the focused element is, and how its focus is shown. The ring is looked for on the element
# and on its nearest ancestors inside the widget: Streamlit hides a radio's input and draws the
# option in its label, and a text field's box around the input. ``window.__lastRing`` keeps the
# element that showed the last ring, to check that the ring goes when the focus moves on.
FOCUS = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  const ringOf = (x) => {
    const s = getComputedStyle(x);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow].join('|');
  };
  const hasRing = (x) => {
    const s = getComputedStyle(x);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  };
  let shown = null;
  for (let x = focused, n = 0; x && x !== document.body && n < 6; x = x.parentElement, n++) {
    if (hasRing(x)) { shown = x; break; }
    if (x.getAttribute('data-testid') === 'stElementContainer') break;
  }
  let previous = null;
  const last = window.__lastRing;
  if (last && last.element !== shown && last.element.isConnected && !last.element.contains(focused)) {
    previous = {name: last.name, before: last.ring, now: ringOf(last.element)};
  }
  const testid = (focused.closest('[data-testid]') || focused).getAttribute('data-testid') || '';
  const key = [...(focused.closest('[class*="st-key-"]') || focused).classList]
    .find((c) => c.startsWith('st-key-')) || '';
  const group = focused.closest('[role="radiogroup"]');
  const name = (focused.getAttribute('aria-label') || focused.innerText || (focused.closest('label') || focused).innerText || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 80);
  const info = {
    tag: focused.tagName, testid, key, name, previous,
    radio: focused.type === 'radio',
    groupLabel: group ? group.getAttribute('aria-label') : null,
    groupAnswered: group ? !!group.querySelector('input:checked') : null,
    value: focused.type === 'radio' ? focused.value : null,
    checked: focused.checked === true,
    disabled: focused.disabled === true,
  };
  if (!shown) return {...info, ring: null};
  window.__lastRing = {element: shown, ring: ringOf(shown), name};
  const s = getComputedStyle(shown);
  const r = shown.getBoundingClientRect();
  // The colour behind the ring: the element's parents' backgrounds, laid over each other on white.
  const layers = [];
  for (let x = shown.parentElement; x; x = x.parentElement) {
    const m = getComputedStyle(x).backgroundColor.match(/[\\d.]+/g).map(Number);
    const alpha = m.length > 3 ? m[3] : 1;
    if (alpha > 0) layers.push([m[0], m[1], m[2], alpha]);
    if (alpha >= 1) break;
  }
  let background = [255, 255, 255];
  for (const [red, green, blue, alpha] of layers.reverse()) {
    background = [red, green, blue].map((c, i) => alpha * c + (1 - alpha) * background[i]);
  }
  const reach = parseFloat(s.outlineWidth) + Math.max(parseFloat(s.outlineOffset), -parseFloat(s.outlineWidth));
  const outer = {left: r.left - reach, top: r.top - reach, right: r.right + reach, bottom: r.bottom + reach};
  // Cut off by a box that clips: scrolling (the screen, a long list) does not count, the browser
  // scrolls to what gets the focus; a box that clips without scrolling does.
  let clippedBy = null;
  for (let x = shown.parentElement; x && x !== document.documentElement; x = x.parentElement) {
    const cs = getComputedStyle(x);
    const box = x.getBoundingClientRect();
    const scrolls = (overflow, extent, client) => ['auto', 'scroll'].includes(overflow) && extent > client;
    const acrossCut = !scrolls(cs.overflowX, x.scrollWidth, x.clientWidth) && cs.overflowX !== 'visible'
      && (outer.left < box.left - 0.5 || outer.right > box.right + 0.5);
    const downCut = !scrolls(cs.overflowY, x.scrollHeight, x.clientHeight) && cs.overflowY !== 'visible'
      && (outer.top < box.top - 0.5 || outer.bottom > box.bottom + 0.5);
    if (acrossCut || downCut) { clippedBy = x.getAttribute('data-testid') || x.tagName; break; }
    // Past the box that scrolls, what clips is the screen's edge: "in the viewport" below.
    if (scrolls(cs.overflowY, x.scrollHeight, x.clientHeight)) break;
  }
  let opacity = 1;
  for (let x = shown; x; x = x.parentElement) opacity *= Number(getComputedStyle(x).opacity);
  // On the screen: at least half of it (or of the screen, if it is larger) is in the viewport, and
  // nothing opaque lies over the middle of that part (Streamlit's header is see-through).
  const seen = {left: Math.max(r.left, 0), top: Math.max(r.top, 0),
                right: Math.min(r.right, innerWidth), bottom: Math.min(r.bottom, innerHeight)};
  const inViewport = r.width > 0 && r.height > 0
    && seen.right - seen.left >= 0.5 * Math.min(r.width, innerWidth)
    && seen.bottom - seen.top >= 0.5 * Math.min(r.height, innerHeight);
  let covered = false;
  if (inViewport) {
    const over = document.elementsFromPoint((seen.left + seen.right) / 2, (seen.top + seen.bottom) / 2);
    for (const x of over) {
      if (x === shown || shown.contains(x) || x.contains(shown)) break;
      const m = getComputedStyle(x).backgroundColor.match(/[\\d.]+/g).map(Number);
      if ((m.length > 3 ? m[3] : 1) >= 0.5) { covered = true; break; }
    }
  }
  return {
    ...info,
    ring: {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor},
    background, inViewport, covered,
    visibility: s.visibility, opacity, clippedBy,
  };
}"""


NEXT_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
# The button the key was pressed on is still there, and disabled.
PRESSED_AND_DISABLED = """() => !!window.__pressedOn && window.__pressedOn.isConnected
  && window.__pressedOn.tagName === 'BUTTON' && window.__pressedOn.disabled"""
# The focus moved on from the place of the button that lost it: after it (Tab) or before it.
CARRIES_ON = """(backwards) => {
  const from = window.__droppedFrom, to = document.activeElement;
  if (!from || !from.isConnected || !to || to === document.body) return false;
  const position = from.compareDocumentPosition(to);
  return !!(position & (backwards ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING));
}"""
# No CSS transition is running any more.
SETTLED = """() => !document.getAnimations().some(
  (animation) => animation instanceof CSSTransition && animation.playState === 'running')"""


def _luminance(rgb: list[float]) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(colour: str, background: list[float]) -> float:
    """WCAG contrast of a CSS rgb()/rgba() colour, laid over ``background``."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    shown = [alpha * c + (1 - alpha) * b for c, b in zip(numbers[:3], background, strict=True)]
    light, dark = sorted((_luminance(shown), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_problems(focus: dict[str, Any], *, scrolled_to: bool = True) -> list[str]:
    """What keeps a sighted keyboard user from seeing where the focus is; empty when nothing does.

    ``scrolled_to``: the browser scrolled the element into view (it does when the focus moves to
    it, not when the page changes around a button that keeps the focus)."""
    problems = []
    previous = focus.get("previous")
    if previous and previous["now"] == previous["before"]:
        problems.append(f"the ring of {previous['name']!r} stays after the focus has left it")
    ring = focus["ring"]
    if ring is None:
        return [*problems, "no focus ring of 2 px or more on it or around it"]
    if contrast(ring["colour"], focus["background"]) < 3:
        problems.append(f"its ring ({ring['colour']}) has less than 3:1 against the background")
    if scrolled_to and focus["clippedBy"]:
        problems.append(f"its ring is cut off by {focus['clippedBy']}, which clips")
    if scrolled_to and not focus["inViewport"]:
        problems.append("less than half of it is in the viewport")
    if scrolled_to and focus["covered"]:
        problems.append("something else is drawn on top of it")
    if focus["visibility"] != "visible" or focus["opacity"] < 0.5:
        problems.append("it is hidden or transparent")
    return problems


class Keyboard:
    """Presses keys on the page and checks the focus after every one."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pressed = 0
        self.seen: set[str] = set()  # the kinds of element the focus was on (data-testid)
        self.dropped = False  # the last key disabled the button it pressed, and the focus went

    def press(self, key: str, *, rerun: bool = False, scrolled_to: bool = True) -> dict[str, Any]:
        """Press ``key`` and return what has the focus then, after checking that people can see it.

        One exception: a button that disables itself when pressed (Next on the last question but
        one, Submit once nothing is left to submit) loses the focus to the page, since Streamlit
        disables buttons with the ``disabled`` attribute. That is allowed (the method returns
        None) if the next Tab or Shift+Tab carries on from the button's place, not from the top.
        """
        self.pressed += 1
        assert self.pressed <= MAX_KEYS, f"the form was not done after {MAX_KEYS} keys: a focus trap?"
        self.page.evaluate("() => { window.__pressedOn = document.activeElement; }")
        self.page.keyboard.press(key)
        if rerun:  # the key changed an answer or pressed a button: wait for the app to answer
            wait_until_idle(self.page)
        # Focus styles fade in (Streamlit's heading links in 0.15 s): judge them once they have.
        self.page.evaluate(NEXT_FRAMES)
        self.page.wait_for_function(SETTLED)
        if self.dropped:
            backwards = key == "Shift+Tab"
            assert self.page.evaluate(CARRIES_ON, backwards), f"after {key} the focus started over"
            self.dropped = False
        focus = self.page.evaluate(FOCUS)
        if focus is None:
            assert key == "Enter" and self.page.evaluate(PRESSED_AND_DISABLED), (
                f"after {key} the focus is nowhere (on the page's body)"
            )
            self.dropped = True
            self.page.evaluate("() => { window.__droppedFrom = window.__pressedOn; }")
            return None
        problems = focus_problems(focus, scrolled_to=scrolled_to)
        where = f"{focus['tag']} {focus['testid']} {focus['key']} {focus['name']!r}"
        assert not problems, f"after {key}, on {where}: " + "; ".join(problems)
        self.seen.add(focus["testid"])
        return focus


def _progress(page: Page) -> tuple[int, int, int, int]:
    text = page.locator('[data-testid="stProgress"]').inner_text()
    found = PROGRESS.search(text)
    assert found, text
    number, questions, answered, total = (int(n) for n in found.groups())
    return number, questions, answered, total


def _rater_and_proposal(database: Path) -> tuple[int, int]:
    """The rater's person id and the proposal in blind scoring she is on the panel of (found by
    name and status: the demo's ids change as it grows)."""
    with sqlite3.connect(database) as connection:
        found = connection.execute(
            "SELECT person.id, proposal.id FROM person"
            " JOIN panel_member ON panel_member.person_id = person.id"
            " JOIN proposal ON proposal.id = panel_member.proposal_id"
            " WHERE person.name = ? AND proposal.status = 'scoring'",
            (RATER,),
        ).fetchall()
    assert len(found) == 1, f"the demo should have {RATER} on the panel of one proposal in scoring"
    return found[0]


def _stored(database: Path) -> tuple[int, int]:
    """The rater's submitted scores and drafts on the proposal in the blind round."""
    rater, proposal = _rater_and_proposal(database)
    with sqlite3.connect(database) as connection:
        where = "proposal_id = ? AND rater_id = ? AND round = ?"
        scores = connection.execute(
            f"SELECT count(*) FROM score WHERE {where}", (proposal, rater, BLIND_ROUND)
        )
        drafts = connection.execute(
            f"SELECT count(*) FROM score_draft WHERE {where}", (proposal, rater, BLIND_ROUND)
        )
        return scores.fetchone()[0], drafts.fetchone()[0]


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, chromium: Browser, demo_template: Path
) -> Iterator[tuple[str, Path]]:
    """The app on its own copy of the demo, and that copy, to read what was saved."""
    folder = tmp_path_factory.mktemp("keyboard")
    database = copy_database(demo_template, folder)
    with running_app(folder, database) as url:
        yield url, database


@pytest.fixture
def scoring_page(chromium: Browser, served: tuple[str, Path]) -> Iterator[Page]:
    url, database = served
    rater, proposal = _rater_and_proposal(database)
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url + SCREEN.format(rater=rater, proposal=proposal))
    wait_until_idle(page)
    yield page
    context.close()


@pytest.mark.e2e
def test_the_scoring_form_is_answered_and_submitted_with_the_keyboard_alone(
    scoring_page: Page, served: tuple[str, Path]
):
    page = scoring_page
    _url, database = served
    first, questions, answered_at_start, total = _progress(page)
    assert first == 1
    assert answered_at_start < total, "the demo's rater has nothing left to answer"
    assert _stored(database) == (0, answered_at_start)  # her answers so far are drafts
    keys = Keyboard(page)

    # From the top of the page, through the skip link, the sidebar and the screen's head, to the
    # first question still open.
    focus = keys.press("Tab")
    while not focus["radio"]:
        focus = keys.press("Tab")

    answered_by_keyboard = 0
    question = first
    while True:
        # One question: every answer still open gets a level, by Space (the level the focus is on)
        # or by an arrow key (the next one), turn about.
        if focus["radio"] and not focus["groupAnswered"]:
            choice = "Space" if answered_by_keyboard % 2 == 0 else "ArrowDown"
            before = focus
            focus = keys.press(choice, rerun=True)
            # The level is chosen and kept, and the focus stays on it through the app's rerun.
            assert focus["groupLabel"] == before["groupLabel"] and focus["checked"], (before, focus)
            assert (focus["value"] == before["value"]) == (choice == "Space"), (before, focus)
            answered_by_keyboard += 1
        elif focus["key"] == "st-key-score-next":
            pane = page.locator('[data-testid="stMain"] [role="radiogroup"]')
            assert pane.count() and all(g.locator("input:checked").count() for g in pane.all())
            # Next keeps the focus, but a longer question pushes it below the screen (it comes back
            # into view with the next key); on the last question but one it disables itself.
            keys.press("Enter", rerun=True, scrolled_to=False)
            question += 1
            assert _progress(page)[0] == question
            # Back up to the question's first answer: Shift+Tab to the levels' help before it.
            focus = keys.press("Shift+Tab")
            while focus["testid"] != "stPopoverButton":
                focus = keys.press("Shift+Tab")
        elif focus["key"] == "st-key-score-submit":
            assert question == questions, "the submit button was reached before the last question"
            break
        focus = keys.press("Tab")

    assert _progress(page)[2:] == (total, total)
    expect(page.get_by_text("Du har svaret på alle spørgsmål.")).to_be_visible()
    keys.press("Enter", rerun=True)
    expect(page.get_by_text("Indsendt:").first).to_be_visible()

    # Saved as submitted scores, not drafts: in the database, and on the screen after a reload.
    assert answered_by_keyboard == total - answered_at_start
    assert _stored(database) == (total, 0)
    page.reload()
    wait_until_idle(page)
    assert _progress(page)[2:] == (total, total)
    expect(page.get_by_text("Alt, hvad du har svaret, er indsendt.")).to_be_visible()
    # The walk went through the kinds of element the issue found without a visible focus.
    assert {"stSidebarNavLink", "stRadioOption", "stSkipToContent", "stTextAreaRootElement"} <= keys.seen
