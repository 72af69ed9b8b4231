"""Hostile text on the screens: a proposal's title and description are shown as text, never as markup.

Issue 6, bad input. A data frame cell shows the text exactly; a Markdown element (a table cell,
a page link's label) shows it escaped, so what the reader sees is the text itself.
"""

from __future__ import annotations

import re

from assessment import organisation, people, proposals
from assessment.kernel.model import ChangeType, Origin
from assessment.kernel.permissions import SYSTEM
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown

LEADER = "birgitte.lund@fjordby.dk"
TITLE = "<script>alert(1)</script> [klik](http://ond.example) =SUM(A1) \u202etxt.exe æøå"
DESCRIPTION = "![spor](http://ond.example/x.png) <b>fed</b> **ikke fed** # ikke overskrift"
UNESCAPED_LINK = re.compile(r"(?<!\\)\]\(")
UNESCAPED_TAG = re.compile(r"(?<!\\)<")


def register_hostile_proposal(url: str, *, scoring: bool) -> int:
    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        directory = organisation.directory(uow, actor=SYSTEM)
        unit = next(u for u in directory.units if u.name == "Hjemmeplejen Syd")
        leader = people.actor_for(uow, person_id(url, LEADER))
        panel = [
            person_id(url, e) for e in (LEADER, "anne.mortensen@fjordby.dk", "mads.christensen@fjordby.dk")
        ]
        proposal = proposals.register_proposal(
            uow,
            proposals.ProposalInput(
                unit_id=unit.id or 0,
                title=TITLE,
                description=DESCRIPTION,
                change_type=ChangeType.ORGANISATIONAL,
                origin=Origin.OWN_INITIATIVE,
                management_level="Områdeledelsen",
                med_committee="Lokal-MED Hjemmeplejen Syd",
                rubric=directory.rubrics[0],
                options=[proposals.OptionInput(TITLE, DESCRIPTION)],
                panel_person_ids=panel,
            ),
            actor=leader,
        )
        if scoring:
            proposals.open_scoring(uow, proposal.id or 0, actor=leader)
        return proposal.id or 0
    finally:
        engine.dispose()


def assert_markdown_is_escaped(app) -> None:
    for element in app.markdown:
        assert not UNESCAPED_TAG.search(element.value), element.value
        assert not UNESCAPED_LINK.search(element.value), element.value


def test_the_overview_shows_a_hostile_title_as_text(demo_database, open_page):
    register_hostile_proposal(demo_database, scoring=True)
    app = open_page(language="da", person=person_id(demo_database, LEADER))

    table = app.dataframe[0].value
    assert TITLE in list(table[table.columns[0]])
    labels = [link.label for link in app.get("page_link")]
    mine = [label for label in labels if "klik" in label]
    assert mine, labels  # Birgitte is on the panel: the proposal waits for her scores
    for label in mine:
        assert shown(label).startswith(TITLE), label
        assert not UNESCAPED_LINK.search(label) and not UNESCAPED_TAG.search(label), label
    assert_markdown_is_escaped(app)


def test_the_proposal_screen_shows_a_hostile_title_and_description_as_text(demo_database, open_page):
    draft = register_hostile_proposal(demo_database, scoring=False)
    app = open_page(
        "screens/proposal.py", person=person_id(demo_database, LEADER), query={"proposal": str(draft)}
    )

    assert app.text_input(key="proposal.title").value == TITLE
    assert app.text_area(key="proposal.description").value == DESCRIPTION
    assert_markdown_is_escaped(app)

    frozen = register_hostile_proposal(demo_database, scoring=True)
    app = open_page(
        "screens/proposal.py", person=person_id(demo_database, LEADER), query={"proposal": str(frozen)}
    )
    options = app.table[0].value
    cells = [str(cell) for cell in options.to_numpy().ravel()]
    assert TITLE in [shown(cell) for cell in cells] and DESCRIPTION in [shown(cell) for cell in cells]
    for cell in cells:
        assert not UNESCAPED_TAG.search(cell) and not UNESCAPED_LINK.search(cell), cell
    assert_markdown_is_escaped(app)
