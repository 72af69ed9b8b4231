"""Portefølje (issue 17): the leadership's decided proposals with their follow-up state, filters, the
search across earlier decisions and dilemmas, the Excel file, and who gets the screen at all.

The demo has decided proposals of its own (Fjordby Skole's, and more as the demo grows); the tests
name theirs by title. The fixture decides the home care's proposal in discussion too, at a fixed moment, with a follow-up date far ahead and one indicator measured on
its line, so its state (on track) does not depend on the day the test runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from assessment import decision, outcomes, people, proposals
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Role
from assessment.kernel.permissions import SYSTEM
from assessment.portfolio import portfolio
from report.export.portfolio_excel import portfolio_xlsx
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.assessment.helpers import decision_input
from tests.pages.conftest import person_id, shown

PAGE = "screens/portfolio.py"
HOME_CARE = "Hverdagsrehabilitering som første tilbud til nye borgere"  # Hjemmeplejen Syd, proposal 2
SCHOOL = "Lærere og pædagoger i faste årgangsteams"  # Fjordby Skole, decided in the demo
JUSTIFICATION_WORD = "Kvalitetsstigen"
MOMENT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _clock() -> datetime:
    return MOMENT


@pytest.fixture
def decided(demo_database: str) -> str:
    """The home care's proposal decided by its leader, with one indicator measured on track."""
    engine = make_engine(demo_database)
    try:
        uow = SqlUnitOfWork(engine)
        leader = people.actor_for(uow, person_id(demo_database, "birgitte.lund@fjordby.dk"))
        proposal = next(
            proposals.get_proposal(uow, summary.id, actor=leader)
            for summary in proposals.find_proposals(
                uow, proposals.ProposalFilter(text=HOME_CARE), actor=leader
            )
        )
        data = decision_input(
            proposal,
            justification=f"{JUSTIFICATION_WORD} viser, at borgerne klarer mere selv.",
            follow_up_date=date(2099, 6, 1),
        )
        decision.record_decision(uow, proposal.id, data, actor=leader, clock=_clock)
        (indicator,) = outcomes.save_indicators(
            uow,
            proposal.id or 0,
            [
                outcomes.IndicatorInput(
                    name="Borgere der selv klarer badet",
                    source="Fælles Sprog III",
                    unit="borgere",
                    baseline_value=40.0,
                    baseline_date=date(2026, 1, 1),
                    target_value=60.0,
                    target_date=date(2027, 1, 1),
                )
            ],
            actor=leader,
            clock=_clock,
        )
        # Expected on 01.07.2026: about 50; measured 55, so on track whatever day it is now.
        outcomes.record_measurement(
            uow,
            indicator.id or 0,
            outcomes.MeasurementInput(measured_on=date(2026, 7, 1), value=55.0, source="Egen opgørelse"),
            actor=leader,
            clock=_clock,
        )
    finally:
        engine.dispose()
    return demo_database


def _rows(app: AppTest) -> list[dict[str, object]]:
    table = app.dataframe[0].value
    return table.to_dict("records")


def _text(app: AppTest) -> str:
    parts = [element.value for kind in ("markdown", "caption", "info") for element in getattr(app, kind)]
    parts += [link.label for link in app.get("page_link")]
    return shown("\n".join(str(part) for part in parts))


def _titles(app: AppTest) -> list[str]:
    return [str(row["Titel"]) for row in _rows(app)]


def test_a_leader_sees_her_units_decided_proposals_with_their_state(decided, open_page):
    birgitte = person_id(decided, "birgitte.lund@fjordby.dk")
    app = open_page(PAGE, person=birgitte)
    rows = {row["Titel"]: row for row in _rows(app)}
    assert HOME_CARE in rows and SCHOOL not in rows  # she leads the home care, not the school
    assert rows[HOME_CARE]["Enhed"] == "Hjemmeplejen Syd"
    assert rows[HOME_CARE]["Opfølgningens tilstand"] == "på sporet"
    assert rows[HOME_CARE]["Beslutningsår"] == "2026"
    assert all(row["Enhed"] == "Hjemmeplejen Syd" for row in rows.values())
    assert f"Besluttede forslag: {len(rows)}. Opfølgningen: " in _text(app)
    links = [link for link in app.get("page_link") if link.label.startswith(HOME_CARE)]
    assert links and links[0].proto.page == "decision" and links[0].proto.query_string.startswith("proposal=")
    assert "på sporet" in links[0].label  # the state in words, on the link too


def test_a_committee_seat_opens_the_whole_municipality_and_a_filter_narrows_it(decided, open_page):
    anne = person_id(decided, "anne.mortensen@fjordby.dk")  # on the Hovedudvalg of the municipality
    app = open_page(PAGE, person=anne)
    assert {HOME_CARE, SCHOOL} <= set(_titles(app))
    app.selectbox(key="portfolio.unit").select("Fjordby Skole").run()
    assert SCHOOL in _titles(app) and HOME_CARE not in _titles(app)
    assert {row["Enhed"] for row in _rows(app)} == {"Fjordby Skole"}
    app.selectbox(key="portfolio.unit").select("Alle enheder").run()
    app.selectbox(key="portfolio.state").select("på sporet").run()
    assert HOME_CARE in _titles(app) and SCHOOL not in _titles(app)
    assert {row["Opfølgningens tilstand"] for row in _rows(app)} == {"på sporet"}


def test_the_search_finds_a_decision_by_a_word_of_its_justification(decided, open_page):
    susanne = person_id(decided, "susanne.dahl@fjordby.dk")  # leads the school: sees only its texts
    anne = person_id(decided, "anne.mortensen@fjordby.dk")
    app = open_page(PAGE, person=anne)
    app.text_input(key="portfolio.search").input(JUSTIFICATION_WORD.lower()).run()
    text = _text(app)
    assert f"{HOME_CARE} · Hjemmeplejen Syd" in text
    assert "fundet i: begrundelse" in text and f"»{JUSTIFICATION_WORD} viser" in text
    app = open_page(PAGE, person=susanne)
    app.text_input(key="portfolio.search").input(JUSTIFICATION_WORD).run()
    assert HOME_CARE not in _text(app)
    assert "Ingen beslutning eller dilemma" in _text(app)


def test_the_search_finds_a_dilemma_by_its_text(demo_database, open_page):
    birgitte = person_id(demo_database, "birgitte.lund@fjordby.dk")
    app = open_page(PAGE, person=birgitte)
    app.text_input(key="portfolio.search").input("kontinuitet fleksibilitet").run()
    text = _text(app)
    assert f"{HOME_CARE} · Hjemmeplejen Syd" in text
    assert "fundet i: dilemma" in text and "Kontinuitet eller fleksibilitet" in text


def test_a_leader_without_decisions_is_told_why_the_portfolio_is_empty(demo_database, open_page):
    fatima = person_id(demo_database, "fatima.hassan@fjordby.dk")
    engine = make_engine(demo_database)
    try:
        uow = SqlUnitOfWork(engine)
        with uow.read() as repo:
            unit = next(unit for unit in repo.list_units() if unit.name == "Teknik og Miljø")
        people.grant_role(uow, person_id=fatima, unit_id=unit.id or 0, role=Role.LEADER, actor=SYSTEM)
    finally:
        engine.dispose()
    app = open_page(PAGE, person=fatima)  # a leader now, of a unit where nothing is decided
    assert not app.dataframe
    assert "Der er endnu ikke truffet beslutning om noget forslag" in _text(app)


def test_someone_who_neither_leads_nor_sits_on_a_committee_gets_no_portfolio(demo_database, open_page):
    fatima = person_id(demo_database, "fatima.hassan@fjordby.dk")  # a rater, no seat
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(PAGE, person=fatima)  # the menu leaves the screen out
    # The screen on its own, should it ever be reached, says why it is empty.
    engine = make_engine(demo_database)
    try:
        actor = people.actor_for(SqlUnitOfWork(engine), fatima)
    finally:
        engine.dispose()
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / PAGE), default_timeout=30)
    app.session_state["app.language"] = "da"
    app.session_state["app.actor"] = actor
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert "Du leder ikke en enhed og sidder ikke i et aktivt MED-udvalg" in _text(app)


def test_the_excel_file_has_danish_headers_and_date_cells(decided, open_page):
    anne = person_id(decided, "anne.mortensen@fjordby.dk")
    app = open_page(PAGE, person=anne)
    assert any(button.label == "Hent tabellen som Excel" for button in app.get("download_button"))
    engine = make_engine(decided)
    try:
        uow = SqlUnitOfWork(engine)
        rows = portfolio(uow, actor=people.actor_for(uow, anne)).rows
    finally:
        engine.dispose()
    sheet = load_workbook(BytesIO(portfolio_xlsx(rows, Translator("da")))).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Forslag nr.", "Titel", "Enhed"]
    assert {"Besluttet", "Opfølgningsdato", "Opfølgningens tilstand"} <= set(header)
    follow_up = header.index("Opfølgningsdato") + 1
    by_title = {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}
    cell = sheet.cell(row=by_title[HOME_CARE], column=follow_up)
    assert cell.value.date() == date(2099, 6, 1) and cell.number_format == "dd.mm.yyyy"
    assert sheet.cell(row=by_title[HOME_CARE], column=header.index("Opfølgningens tilstand") + 1).value == (
        "på sporet"
    )
    assert sheet.column_dimensions["B"].width >= len(HOME_CARE) * 0.8  # fitted, not Excel's 8.43
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
