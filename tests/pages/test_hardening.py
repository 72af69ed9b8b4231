"""User text is shown as text, and a failure shows a sentence, not a traceback."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import services
from assessment.permissions import SYSTEM
from models.engine import make_engine
from models.repository import SqlUnitOfWork
from tests.pages.conftest import APP, person_id

ROOT = Path(__file__).parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "screens").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
# Ways to put raw HTML on a page; none of them may be used, with user text or without.
RAW_HTML_CALLS = {"html", "components"}


@pytest.mark.parametrize("path", UI_FILES, ids=lambda path: path.name)
def test_no_page_renders_raw_html(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    unsafe = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword)
        and node.arg == "unsafe_allow_html"
        and not (isinstance(node.value, ast.Constant) and node.value.value is False)
    ]
    raw = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in RAW_HTML_CALLS
        and getattr(node.value, "id", "") == "st"
    ]
    assert (unsafe, raw) == ([], [])


def test_a_page_that_fails_shows_a_sentence_in_danish_and_no_trace(tmp_path, monkeypatch):
    # A database file inside a folder that does not exist: every query fails.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'app.db'}")
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        "Noget gik galt, og intet blev gemt. Prøv igen; sker det igen, så fortæl IT-afdelingen, hvornår det skete."
    ]


def test_markup_in_a_title_is_shown_as_typed_not_as_a_link_or_image(open_page, demo_database):
    hostile = "[klik her](https://evil.example) ![x](https://evil.example/x.png) <b>fed</b> **stjerne**"
    engine = make_engine(demo_database)
    try:
        uow = SqlUnitOfWork(engine)
        leader = services.actor_for(uow, person_id(demo_database, "birgitte.lund@fjordby.dk"))
        existing = services.find_proposals(uow, services.ProposalFilter(), actor=leader)[0]
        source = services.get_proposal(uow, existing.id, actor=SYSTEM)
        data = services.ProposalInput(
            unit_id=source.unit_id,
            title=hostile,
            description=hostile,
            change_type=source.change_type,
            origin=source.origin,
            management_level=source.management_level,
            med_committee=source.med_committee,
            rubric=source.rubric,
            options=[services.OptionInput("Noget andet")],
            affected_profession_ids=source.affected_profession_ids,
            panel_person_ids=[member.person_id for member in source.panel],
        )
        made = services.register_proposal(uow, data, actor=leader)
    finally:
        engine.dispose()
    app = open_page(
        "screens/overview.py",
        person=person_id(demo_database, "birgitte.lund@fjordby.dk"),
        query={"proposal": str(made.id)},
    )
    # Shown back exactly as typed, in a table cell (which renders text, never Markdown)...
    titles = [title for frame in app.dataframe for title in frame.value.get("Titel", [])]
    assert hostile in titles
    # ...and wherever Markdown is rendered, escaped: no link, image, bold or HTML comes through.
    rendered = [element.value for element in (*app.markdown, *app.caption) if "klik her" in element.value]
    assert all("\\[klik her\\]" in text and "<b>" not in text for text in rendered), rendered
