"""The discussion screen as a MED committee uses it: hot spots first, pseudonyms, gaps, dilemmas."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment import dilemmas, discussion, people, proposals, scoring_sheet
from assessment.citizen_evidence import EVIDENCE_KIND_LABELS
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.i18n import Translator
from assessment.kernel.model import DilemmaStatus, Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import NoteKind, ProposalFilter
from demo.content import PEOPLE
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown

PAGE = "screens/discussion.py"
LEADER = "birgitte.lund@fjordby.dk"
MED_MEMBER = "anne.mortensen@fjordby.dk"  # the employees' representative in Hjemmeplejen Syd's MED


def _uow(url: str) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


@pytest.fixture
def uow(demo_database) -> Iterator[SqlUnitOfWork]:
    yield from _uow(demo_database)


def proposal_in(uow: SqlUnitOfWork, status: Status) -> int:
    found = proposals.overview(
        uow, ProposalFilter(statuses=(status,)), actor=SYSTEM, today=today_in_denmark()
    ).proposals
    assert found, status
    return found[0].id


def rendered_text(app: AppTest) -> str:
    """Every text the page shows in its main area: texts, tables, labels, options, metrics."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        for attribute in ("value", "label", "body", "options", "placeholder", "help"):
            try:
                value = getattr(node, attribute)
            except Exception:  # not every element has every attribute
                continue
            if hasattr(value, "to_csv"):
                value = value.to_csv()
            if value is not None and not callable(value):
                parts.append(str(value))
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(app.main)
    return "\n".join(parts)


def open_discussion(open_page, proposal_id: int, *, tab: str | None = None, **kwargs: Any) -> AppTest:
    """The screen, on its first tab or, with ``tab`` (a label), on that one as after a click."""
    app = open_page(PAGE, query={"proposal": str(proposal_id)}, **kwargs)
    if tab is not None:
        app.session_state["discussion.tab"] = tab
        app.run()
        assert not app.exception, [e.value for e in app.exception]
    return app


def test_only_the_open_tab_draws_its_reading_matter_but_the_forms_are_always_there(uow, open_page):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    app = open_discussion(open_page, proposal_id, language="en")
    assert [tab.label for tab in app.tabs] == [
        "Hot spots",
        "Spread of scores",
        "Reasons",
        "Professions",
        "Gaps to comment on",
        "Dilemmas",
    ]
    assert app.tabs[0].markdown and not app.tabs[1].table and not app.tabs[2].markdown
    assert app.tabs[5].text_area  # the dilemma form, ready for typing whichever tab is open
    app.session_state["discussion.tab"] = "Reasons"
    app.run()
    assert app.tabs[2].markdown and not app.tabs[0].markdown
    assert app.tabs[5].text_area


# Runs everywhere ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_discussion_page_runs_on_an_empty_database(empty_database, open_page, language):
    app = open_page(PAGE, language=language)
    assert app.info, "an empty database says why there is nothing to discuss"


@pytest.mark.parametrize("status", [Status.SCORING, Status.DISCUSSION, Status.DECIDED])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_discussion_page_runs_on_every_demo_proposal(uow, open_page, status, language):
    open_discussion(open_page, proposal_in(uow, status), language=language)


# What the committee sees ----------------------------------------------------------------------------


def test_hot_spots_come_first_with_the_rule_in_plain_words(uow, open_page):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    expected = discussion.discussion_view(uow, proposal_id, Translator("en"), actor=SYSTEM)
    assert expected.hot_spots

    app = open_discussion(open_page, proposal_id, language="en")
    assert app.tabs[0].label == "Hot spots"
    assert app.metric[0].label == "Hot spots" and app.metric[0].value == str(len(expected.hot_spots))
    first_tab = "\n".join(element.value for element in app.tabs[0].markdown)
    widest = expected.hot_spots[0]
    assert widest.option_title in first_tab
    assert widest.criterion_label.split("?")[0] in first_tab.replace("\\", "")
    assert f"Spread **{widest.spread}** steps" in first_tab
    assert "at least a third of the scores in the two lowest levels" in app.tabs[0].caption[0].value


def test_no_raters_name_appears_on_the_pseudonymised_page(uow, open_page, demo_database):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    app = open_discussion(
        open_page, proposal_id, language="en", person=person_id(demo_database, LEADER), tab="Reasons"
    )
    shown_text = shown(rendered_text(app))
    assert "Participant A" in shown_text  # the reasons are there, under pseudonyms
    assert not re.search(r"Participant [A-Z]+, leder", shown_text)  # the panel's only leader: no profession
    assert re.search(r"Participant [A-Z]+, social- og sundhedsassistent", shown_text)  # three of them: named
    for person in PEOPLE:
        assert person.name not in shown_text, person.name


def test_the_spread_table_shows_counts_per_level_for_the_chosen_option(uow, open_page):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    app = open_discussion(open_page, proposal_id, language="en", tab="Spread of scores")
    spread = app.selectbox(key="discussion.spread.option")
    assert (
        spread.value != proposals.get_proposal(uow, proposal_id, actor=SYSTEM).baseline.id
    )  # the first alternative
    table = app.tabs[1].table[0].value
    assert {"Criterion", "Median", "−2 Clearly worse", "2 Clearly better", "Don't know"} <= set(table.columns)


def test_a_proposal_in_blind_scoring_shows_the_explanation_not_scores(uow, open_page):
    proposal_id = proposal_in(uow, Status.SCORING)
    app = open_discussion(open_page, proposal_id, language="en")
    assert "nobody sees anyone else's scores yet" in app.info[0].value
    assert not app.tabs and not app.table and not app.metric
    assert not any("Participant" in text for text in rendered_text(app).splitlines())


# Dilemmas and comments ------------------------------------------------------------------------------


def test_a_dilemma_recorded_in_the_form_is_listed(uow, open_page, demo_database):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    app = open_discussion(open_page, proposal_id, language="en", person=person_id(demo_database, LEADER))
    app.text_area(key="discussion.dilemma.text").input("Skal weekendholdet <b>også</b> rehabilitere?")
    app.text_input(key="discussion.dilemma.pole_a").input("Kontinuitet")
    app.text_input(key="discussion.dilemma.pole_b").input("Fleksibilitet")
    app.button(key="discussion.dilemma.save").click().run()
    assert not app.exception

    assert app.success[0].value == "The dilemma is recorded."
    listed = app.tabs[5].table[0].value
    assert any("weekendholdet" in text and "<b>" in shown(text) for text in listed["Dilemma"])
    assert app.text_area(key="discussion.dilemma.text").value == ""  # the form is empty again
    texts = [d.text for d in dilemmas.dilemmas(uow, proposal_id, actor=SYSTEM)]
    assert "Skal weekendholdet <b>også</b> rehabilitere?" in texts


def test_a_dilemma_without_text_is_refused_and_the_input_is_kept(uow, open_page):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    before = len(dilemmas.dilemmas(uow, proposal_id, actor=SYSTEM))
    app = open_discussion(open_page, proposal_id, language="en")
    app.text_input(key="discussion.dilemma.pole_a").input("Kontinuitet")
    app.button(key="discussion.dilemma.save").click().run()
    assert "The dilemma" in shown(app.error[0].value)
    assert app.text_input(key="discussion.dilemma.pole_a").value == "Kontinuitet"
    assert len(dilemmas.dilemmas(uow, proposal_id, actor=SYSTEM)) == before


def test_a_dilemma_from_the_booklet_fills_in_the_form(uow, open_page):
    app = open_discussion(open_page, proposal_in(uow, Status.DISCUSSION), language="en")
    app.selectbox(key="discussion.dilemma.start").set_value("citizen_society").run()
    assert app.text_area(key="discussion.dilemma.text").value.startswith(
        "The core task is value for the citizen"
    )
    assert app.text_input(key="discussion.dilemma.pole_a").value == "The individual citizen's own wishes"
    assert app.selectbox(key="discussion.dilemma.criterion").value == "borger_effekt"
    assert "pages 12–13" in " ".join(caption.value for caption in app.tabs[5].caption)


def test_the_status_of_a_dilemma_changes_with_a_note(uow, open_page, demo_database):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    dilemma = next(
        d for d in dilemmas.dilemmas(uow, proposal_id, actor=SYSTEM) if d.status is DilemmaStatus.OPEN
    )
    app = open_discussion(open_page, proposal_id, language="en", person=person_id(demo_database, LEADER))
    app.selectbox(key="discussion.status.dilemma").set_value(dilemma.id).run()
    app.radio(key=f"discussion.status.value.{dilemma.id}").set_value(DilemmaStatus.HANDLED)
    app.text_area(key=f"discussion.status.note.{dilemma.id}").input("Aftalt i Lokal-MED.")
    app.button(key="discussion.status.save").click().run()
    assert not app.exception
    stored = next(d for d in dilemmas.dilemmas(uow, proposal_id, actor=SYSTEM) if d.id == dilemma.id)
    assert (stored.status, stored.note) == (DilemmaStatus.HANDLED, "Aftalt i Lokal-MED.")


def test_a_comment_on_a_perspective_gap_is_saved_and_shown(uow, open_page, demo_database):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    gap = discussion.discussion_view(uow, proposal_id, Translator("en"), actor=SYSTEM).gaps[0]
    key = f"discussion.gap.{gap.option_id}.{gap.criterion_key}"
    member = person_id(demo_database, MED_MEMBER)
    app = open_discussion(open_page, proposal_id, language="en", person=member)
    app.text_area(key=f"{key}.text").input("Borgerne har ikke mærket forskel endnu.")
    app.button(key=f"{key}.save").click().run()
    assert not app.exception
    assert "Borgerne har ikke mærket forskel endnu." in [text.value for text in app.tabs[4].text]
    with uow.read() as repo:
        (note,) = repo.notes_of(proposal_id)
    assert (note.kind, note.option_id, note.criterion_key, note.author_id) == (
        NoteKind.PERSPECTIVE_GAP,
        gap.option_id,
        gap.criterion_key,
        member,
    )


def test_the_button_leads_on_to_the_decision(uow, open_page):
    app = open_discussion(open_page, proposal_in(uow, Status.DISCUSSION), language="en")
    assert app.button(key="discussion.to_decision").label == "Go on to the decision"


def test_a_decided_proposal_shows_the_record_of_the_discussion(uow, open_page):
    app = open_discussion(open_page, proposal_in(uow, Status.DECIDED), language="en")
    assert "this is the record of the discussion" in app.info[0].value
    assert app.metric and app.tabs


def test_blind_scoring_shows_only_the_panels_progress_and_the_reveal_button(uow, open_page, demo_database):
    proposal_id = proposal_in(uow, Status.SCORING)
    app = open_discussion(open_page, proposal_id, language="en", person=person_id(demo_database, LEADER))
    assert any("raters have scored everything" in bar.text for bar in app.get("progress"))
    assert not app.metric  # no hot spots, no numbers: the scores are still hidden
    app.button(key="discussion.reveal").click().run()
    # First the question, naming whom the panel still waits for; nothing is revealed yet.
    waiting = scoring_sheet.panel_progress(
        uow, proposal_id, actor=people.actor_for(uow, person_id(demo_database, LEADER))
    )
    assert waiting.not_finished and waiting.finished < waiting.raters
    assert [shown(w.value) for w in app.warning] == [
        "Not finished yet: "
        + ", ".join(waiting.not_finished)
        + ". After the reveal nobody scores blind any more."
    ]
    assert proposals.get_proposal(uow, proposal_id, actor=SYSTEM).status is Status.SCORING
    app.button(key="discussion.reveal.cancel").click().run()
    assert not app.warning and proposals.get_proposal(uow, proposal_id, actor=SYSTEM).status is Status.SCORING
    app.button(key="discussion.reveal").click().run()
    app.button(key="discussion.reveal.confirm").click().run()
    assert proposals.get_proposal(uow, proposal_id, actor=SYSTEM).status is Status.DISCUSSION
    assert app.metric  # the discussion has started


def test_the_citizen_evidence_is_listed_beside_the_perspective_gaps(uow, open_page):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    with uow.read() as repo:
        evidence = repo.evidence_of(proposal_id)
    assert evidence  # the demo's proposal in discussion rests on what the citizens said
    app = open_discussion(open_page, proposal_id, language="en", tab="Gaps to comment on")
    gaps = "\n".join(m.value for m in app.tabs[4].markdown)
    assert "The citizens' voice" in [h.value for h in app.tabs[4].header]
    assert all(EVIDENCE_KIND_LABELS[item.kind] in gaps for item in evidence)
    assert not app.warning  # nothing to flag


def test_an_experienced_perspective_resting_on_nothing_is_flagged_above_the_tabs(uow, open_page):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    with uow.write() as repo:
        for item in repo.evidence_of(proposal_id):
            repo.remove_evidence(proposal_id, item.id or 0)
    app = open_discussion(open_page, proposal_id, language="da")
    da = Translator("da")
    warnings = [w.value for w in app.warning]
    assert any(w.startswith("Borgerne er ikke blevet hørt") for w in warnings), warnings
    app = open_discussion(open_page, proposal_id, language="da", tab=da("Gaps to comment on"))
    assert any("jobkonsulent" in w.value for w in app.tabs[4].warning)
