"""Overblik: search, filters, my scoring tasks, due follow-ups, and pages of 25."""

from __future__ import annotations

from dataclasses import replace

from assessment import proposals
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.model import Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id


def _titles(app) -> list[str]:
    table = app.dataframe[0].value
    return list(table[table.columns[0]])


def test_the_demo_overview_lists_every_proposal(demo_database, open_page):
    app = open_page(language="en")
    # A, B, C, D and E, the draft that adjusts D after its follow-up (demo/content.py).
    assert len(_titles(app)) == 5


def test_searching_narrows_the_list(demo_database, open_page):
    app = open_page(language="en")
    app.text_input(key="overview.search").input("rehabilitering").run()
    assert _titles(app) == ["Hverdagsrehabilitering som første tilbud til nye borgere"]


def test_filtering_by_status(demo_database, open_page):
    app = open_page(language="en")
    app.multiselect(key="overview.status").select(Status.DECIDED).run()
    assert _titles(app) == ["Lærere og pædagoger i faste årgangsteams"]


def test_a_search_without_matches_says_how_to_get_back(demo_database, open_page):
    app = open_page(language="en")
    app.text_input(key="overview.search").input("findes ikke").run()
    assert any("Clear them" in info.value for info in app.info)


def test_a_rater_sees_the_proposal_waiting_for_their_scores(demo_database, open_page):
    fatima = person_id(demo_database, "fatima.hassan@fjordby.dk")
    app = open_page(language="en", person=fatima)
    links = [link.label for link in app.get("page_link")]
    assert any(label.startswith("Faste makkerpar og ny vagtplan i weekenden") for label in links)


def test_thirty_proposals_come_in_two_pages(demo_database, open_page):
    engine = make_engine(demo_database)
    uow = SqlUnitOfWork(engine)
    first = proposals.overview(uow, ProposalFilter(), actor=SYSTEM, today=today_in_denmark()).proposals[0]
    template = proposals.get_proposal(uow, first.id, actor=SYSTEM)
    data = proposals.ProposalInput(
        unit_id=template.unit_id,
        title="",
        description="Et forslag til at fylde oversigten",
        change_type=template.change_type,
        origin=template.origin,
        management_level=template.management_level,
        med_committee=template.med_committee,
        rubric=template.rubric,
        options=[proposals.OptionInput("En anden måde")],
    )
    for number in range(25):  # and the demo's 5: 30 in all
        proposals.register_proposal(uow, replace(data, title=f"Forslag nummer {number}"), actor=SYSTEM)
    engine.dispose()
    app = open_page(language="en")
    assert len(_titles(app)) == 25
    assert any("30 proposals, page 1 of 2" in caption.value for caption in app.caption)
    app.pagination(key="overview.page").set_value(2).run()
    assert len(_titles(app)) == 5


def test_every_listed_proposal_is_also_a_link_a_keyboard_reaches(demo_database, open_page):
    """The table's rows answer a mouse only (WCAG 2.1.1): each is also a link to its status's screen."""
    app = open_page(language="en")
    [expander] = [e for e in app.expander if e.label == "Open a proposal from a list of links"]
    links = {link.proto.label: link.proto.page for link in expander.get("page_link")}
    assert len(links) == len(_titles(app)) == 5
    pages = {label.split(" · ")[0]: page for label, page in links.items()}
    assert "decision" in pages["Lærere og pædagoger i faste årgangsteams"]
    assert "discussion" in pages["Hverdagsrehabilitering som første tilbud til nye borgere"]
    assert "scoring" in pages["Faste makkerpar og ny vagtplan i weekenden"]
