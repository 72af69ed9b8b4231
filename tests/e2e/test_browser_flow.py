"""The whole assessment, clicked through in Danish as its users would, in a real browser.

A leader registers a proposal and opens blind scoring, three raters from the care team answer
it question by question and submit, the leader reveals the scores, a dilemma is recorded, the decision is made, and the
follow-up is scored. The steps run in order on one server, as one story.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from scripts.browser import act_as, by_key, go_to, pick, type_into, wait_until_idle

TITLE = "Fælles morgenmøde i hjemmeplejen"
OPTION = "Morgenmøde på 15 minutter"
LEADER = "Birgitte Lund"
RATERS = {"Anne Mortensen": 0, "Jesper Nielsen": 2, "Fatima Hassan": 4}  # the level each one picks


def _main(page: Page):
    return page.locator('[data-testid="stMain"]')


def _answer_every_question(page: Page, level_index: int) -> None:
    """Question by question, choose the same level for every option (and facet), then submit once."""
    while True:
        for radio in _main(page).locator('[data-testid="stRadio"]').all():
            levels = radio.locator("[role=radiogroup] label")
            levels.nth(min(level_index, levels.count() - 2)).click()  # the last is "Ved ikke"
            wait_until_idle(page)
        forward = by_key(page, "score.next").locator("button")
        if forward.is_disabled():
            break
        forward.click()
        wait_until_idle(page)
    by_key(page, "score.submit").locator("button").click()
    wait_until_idle(page)
    expect(_main(page).get_by_text("Indsendt:").first).to_be_visible()


@pytest.mark.e2e
def test_a_proposal_goes_from_registration_to_follow_up(page: Page):
    # The leader registers the proposal against the short rubric, with three raters.
    act_as(page, LEADER)
    go_to(page, "Forslag")
    type_into(page, "proposal.title", TITLE)
    type_into(page, "proposal.description", "Skal alle grupper mødes kort hver morgen om dagens borgere?")
    pick(page, "proposal.unit", "Hjemmeplejen Syd")
    type_into(page, "proposal.management_level", "Områdeledelsen")
    pick(page, "proposal.committee", "Lokal-MED Hjemmeplejen Syd")
    type_into(page, "proposal.option.0.title", OPTION)
    for name in RATERS:
        pick(page, "proposal.panel", name)
    pick(page, "proposal.rubric", "kort")
    by_key(page, "proposal.save").locator("button").click()
    wait_until_idle(page)
    expect(_main(page).get_by_text("er gemt").first).to_be_visible()

    by_key(page, "proposal.start_scoring").locator("button").click()
    wait_until_idle(page)
    expect(_main(page).get_by_text("Den blinde vurdering er gået i gang").first).to_be_visible()

    # Each rater scores blind, seeing only their own scores.
    for name, level_index in RATERS.items():
        act_as(page, name)
        go_to(page, "Vurdering")
        pick(page, "score.proposal", TITLE)
        expect(
            _main(page).get_by_text(re.compile(r"Spørgsmål 1 af \d+ · 0 af \d+ svar")).first
        ).to_be_visible()
        _answer_every_question(page, level_index)
        expect(_main(page).get_by_text(re.compile(r"· (\d+) af \1 svar")).first).to_be_visible()
        expect(_main(page).get_by_text("Du har svaret på alle spørgsmål.").first).to_be_visible()

    # The leader reveals the scores; the hot spots come first.
    act_as(page, LEADER)
    go_to(page, "Drøftelse")
    pick(page, "discussion.proposal", TITLE)
    expect(_main(page).get_by_text("3 af 3 bedømmere har vurderet alt").first).to_be_visible()
    by_key(page, "discussion.reveal").locator("button").click()
    wait_until_idle(page)
    expect(_main(page).get_by_text("Alle i panelet har vurderet det hele").first).to_be_visible()
    by_key(page, "discussion.reveal.confirm").locator("button").click()
    wait_until_idle(page)
    expect(_main(page).get_by_text("Uenighedspunkter").first).to_be_visible()
    expect(_main(page).get_by_text("Anne Mortensen")).to_have_count(0)  # pseudonymised
    # The picker names the status the proposal has now, not the one it had when it was chosen.
    expect(by_key(page, "discussion.proposal").locator('[role="combobox"]')).to_have_value(
        re.compile(r" · drøftelse$")
    )

    # A dilemma is recorded.
    _main(page).get_by_role("tab").filter(has_text="Dilemmaer").click()
    type_into(page, "discussion.dilemma.text", "Tid til morgenmødet eller tid hos borgerne?")
    type_into(page, "discussion.dilemma.pole_a", "Fælles overblik")
    type_into(page, "discussion.dilemma.pole_b", "Tid hos borgerne")
    by_key(page, "discussion.dilemma.save").locator("button").click()
    wait_until_idle(page)
    expect(_main(page).get_by_text("Tid til morgenmødet eller tid hos borgerne?").first).to_be_attached()

    # The decision, with dissent and a follow-up date; the scores are locked.
    by_key(page, "discussion.to_decision").locator("button").click()
    wait_until_idle(page)
    expect(by_key(page, "decision.proposal").locator('[role="combobox"]')).to_have_value(re.compile(TITLE))
    pick(page, "decision.option", OPTION)
    type_into(page, "decision.justification", "Et kort fælles overblik giver færre fejl hos borgerne.")
    type_into(page, "decision.med_statement", "MED bakker op, hvis mødet holdes inden for arbejdstiden.")
    type_into(page, "decision.dissent", "Én repræsentant frygter mindre tid hos borgerne.")
    type_into(page, "decision.indicators", "Antal fejl i overleveringen pr. måned.")
    by_key(page, "decision.submit").locator("button").click()
    wait_until_idle(page)
    expect(_main(page).get_by_text("Besluttet:").first).to_be_visible()
    expect(_main(page).get_by_text("Én repræsentant frygter mindre tid hos borgerne.").first).to_be_visible()

    # The decision summary downloads as a real Word file, made on the click.
    with page.expect_download() as download:
        by_key(page, "decision.download.docx").locator("button").click()
    with zipfile.ZipFile(download.value.path()) as word:
        assert TITLE in word.read("word/document.xml").decode("utf-8")

    # The follow-up: the panel scores what actually happened.
    by_key(page, "decision.start_follow_up").locator("button").click()
    wait_until_idle(page)
    act_as(page, "Fatima Hassan")
    go_to(page, "Vurdering")
    pick(page, "score.proposal", TITLE)
    _answer_every_question(page, 3)
    act_as(page, LEADER)
    go_to(page, "Beslutning")
    pick(page, "decision.proposal", TITLE)
    expect(_main(page).get_by_text("Panelets vurderinger ved opfølgningen").first).to_be_visible()
    # Expected against actual for the chosen option, now that the panel has scored what happened.
    expect(_main(page).get_by_text("For den valgte handlemulighed").first).to_be_visible()
    expect(_main(page).get_by_text("Der er endnu ingen vurderinger fra opfølgningen")).to_have_count(0)
