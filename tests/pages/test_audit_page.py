"""The audit trail screen: administrators filter and page through it; nobody else sees a row of it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import people
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id
from ui.context import ACTOR_KEY

PAGE = str(Path(__file__).resolve().parents[2] / "screens" / "audit.py")
ADMIN = "henrik.holm@fjordby.dk"
LEADER = "birgitte.lund@fjordby.dk"


def actor_of(url: str, email: str):
    engine = make_engine(url)
    try:
        return people.actor_for(SqlUnitOfWork(engine), person_id(url, email))
    finally:
        engine.dispose()


def open_audit(url: str, email: str, *, language: str = "en") -> AppTest:
    """The page on its own, as the router hands it the actor (it is in no one's menu but an admin's)."""
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.session_state["app.language"] = language
    app.session_state[ACTOR_KEY] = actor_of(url, email)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def table(app: AppTest):
    return app.dataframe[0].value


def test_an_administrator_sees_the_demo_trail_newest_first_in_danish_dates(demo_database):
    app = open_audit(demo_database, ADMIN, language="da")
    rows = table(app)
    assert len(rows) == 50  # one page
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} kl\. \d\d:\d\d", rows.iloc[0]["Tidspunkt"])
    assert "side 1 af" in app.caption[-1].value
    assert "Vurderinger" in set(rows["Type handling"])  # the demo's last entries are scores


def test_filtering_by_kind_and_person_narrows_the_table(demo_database):
    app = open_audit(demo_database, ADMIN)
    app.selectbox(key="audit.kind").set_value("decision.").run()
    rows = table(app)
    assert len(rows) > 0 and set(rows["Action"]) == {"Decision recorded"}
    app.selectbox(key="audit.kind").set_value(None)
    leader = person_id(demo_database, LEADER)
    app.selectbox(key="audit.person").set_value(leader).run()
    assert set(table(app)["Who"]) == {"Birgitte Lund"}


def test_a_period_without_entries_says_so(demo_database):
    app = open_audit(demo_database, ADMIN)
    app.date_input(key="audit.from").set_value(date(2021, 1, 1))
    app.date_input(key="audit.to").set_value(date(2021, 1, 2)).run()
    assert not app.dataframe
    assert "No entries match the filters." in app.info[0].value


def test_a_refused_attempt_is_marked_and_names_who_tried(demo_database):
    leader = open_audit(demo_database, LEADER)
    assert not leader.dataframe
    assert "You do not have access" in leader.error[0].value
    app = open_audit(demo_database, ADMIN)
    app.selectbox(key="audit.kind").set_value("denied:").run()
    rows = table(app)
    assert list(rows["Action"]) == ["Refused: read the change log"]
    assert list(rows["Who"]) == ["Birgitte Lund"] and rows.iloc[0]["Refused"].startswith("⛔")


@pytest.mark.parametrize("email", [LEADER, "fatima.hassan@fjordby.dk"])
def test_someone_who_is_not_an_administrator_gets_a_refusal_and_no_rows(demo_database, email):
    app = open_audit(demo_database, email, language="da")
    assert not app.dataframe and not app.selectbox
    assert "Du har ikke adgang" in app.error[0].value


def test_the_screen_is_in_the_administrators_menu_only(demo_database, open_page):
    app = open_page("screens/audit.py", language="en", person=person_id(demo_database, ADMIN))
    assert app.title[0].value == "Audit trail" and app.dataframe
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("screens/audit.py", language="en", person=person_id(demo_database, LEADER))
