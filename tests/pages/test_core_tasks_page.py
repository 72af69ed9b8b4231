"""The core-task screen: the unit tree, a unit's core task and the chain above it, new versions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from assessment import organisation, people
from assessment.kernel.model import UnitLevel
from assessment.kernel.permissions import SYSTEM
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown

PAGE = "screens/core_tasks.py"
LEADER = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd, so she keeps its core task up to date
HOME_CARE = "Hjemmeplejen Syd"
ADMIN = "henrik.holm@fjordby.dk"


@contextmanager
def database(url: str) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


def unit_id(url: str, name: str) -> int:
    with database(url) as uow:
        return next(
            u.id
            for u in organisation.directory(uow, actor=SYSTEM).units
            if u.name == name and u.id is not None
        )


def history(url: str, unit: int) -> list[int]:
    with database(url) as uow:
        return [c.version for c in organisation.core_task_history(uow, unit, actor=SYSTEM)]


def texts(app: AppTest) -> str:
    return "\n".join(t.value for t in app.text)


def open_unit(open_page, url: str, name: str) -> tuple[AppTest, int]:
    unit = unit_id(url, name)
    app = open_page(PAGE, language="en", person=person_id(url, LEADER), query={"unit": str(unit)})
    assert app.radio(key="core_tasks.unit").value == unit
    return app, unit


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_empty_database_says_where_units_are_added(empty_database, open_page, language):
    app = open_page(PAGE, language=language)
    assert app.info
    assert not app.radio


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_demo_shows_the_unit_tree_from_the_municipality_down(demo_database, open_page, language):
    app = open_page(PAGE, language=language)
    tree = app.radio(key="core_tasks.unit")
    names = [option.replace("\u2003", "") for option in tree.options]
    assert names[0] == "Fjordby Kommune"
    assert names.index("Ældre og Sundhed") < names.index("Hjemmeplejen Syd")
    assert tree.options[names.index("Hjemmeplejen Syd")].startswith("\u2003" * 4)


def test_choosing_a_unit_shows_its_core_task_and_the_chain_above(demo_database, open_page):
    app, unit = open_unit(open_page, demo_database, "Hjemmeplejen Syd")
    with database(demo_database) as uow:
        view = organisation.core_task_view(uow, unit, actor=SYSTEM)
    assert view.current is not None
    shown = texts(app)
    assert view.current.statement in shown
    assert view.current.performed in shown
    assert [u.name for u, _ in view.above] == ["Fjordby Kommune", "Ældre og Sundhed"]
    for _unit, above in view.above:
        assert above is not None and above.statement in shown
    assert any(f"Version {view.current.version} · valid from" in c.value for c in app.caption)


def test_saving_adds_a_new_version_and_the_history_shows_both(demo_database, open_page):
    app, unit = open_unit(open_page, demo_database, HOME_CARE)
    before = history(demo_database, unit)
    assert app.text_area(key="core_tasks.statement").value  # filled from the current version
    app.text_area(key="core_tasks.statement").input("Trygge, rene og grønne veje og parker for alle.")
    app.button(key="core_tasks.save").click().run()
    assert not app.exception
    after = history(demo_database, unit)
    assert after == [before[0] + 1, *before]
    assert f"Version {after[0]} of the core task is saved." in shown(app.success[0].value)
    labels = [e.label for e in app.expander]
    assert len(labels) == len(after)
    assert labels[0].startswith(f"Version {after[0]}") and "current" in labels[0]
    assert "Trygge, rene og grønne veje og parker for alle." in texts(app)
    with database(demo_database) as uow:
        newest = organisation.core_task_history(uow, unit, actor=SYSTEM)[0]
    assert newest.author_id == person_id(demo_database, LEADER)


def test_the_first_version_of_a_unit_without_a_core_task(demo_database, open_page):
    with database(demo_database) as uow:
        team = organisation.register_unit(
            uow,
            name="Team Nord",
            level=UnitLevel.TEAM,
            parent_id=unit_id(demo_database, "Hjemmeplejen Syd"),
            actor=SYSTEM,
        )
    app, _unit = open_unit(open_page, demo_database, "Team Nord")
    assert "No core task has been written for this unit yet" in app.info[0].value
    app.text_area(key="core_tasks.statement").input("Borgerne i nord klarer sig selv længst muligt.")
    app.button(key="core_tasks.save").click().run()
    assert history(demo_database, team.id or 0) == [1]


def test_an_empty_statement_is_refused_and_nothing_is_saved(demo_database, open_page):
    app, unit = open_unit(open_page, demo_database, HOME_CARE)
    before = history(demo_database, unit)
    app.text_area(key="core_tasks.statement").input("   ")
    app.button(key="core_tasks.save").click().run()
    assert "This field must be filled in." in shown(app.error[0].value)
    assert history(demo_database, unit) == before


def test_a_version_saved_meanwhile_by_someone_else_is_not_overwritten(demo_database, open_page):
    app, unit = open_unit(open_page, demo_database, HOME_CARE)
    before = history(demo_database, unit)
    with database(demo_database) as uow:
        organisation.record_core_task(
            uow,
            unit_id=unit,
            statement="Henriks version",
            formal="",
            performed="",
            experienced="",
            # The administrator keeps every unit's core task up to date too.
            actor=people.actor_for(uow, person_id(demo_database, ADMIN)),
        )
    app.text_area(key="core_tasks.statement").input("Min version")
    app.button(key="core_tasks.save").click().run()
    assert "Henrik Holm saved version" in shown(app.error[0].value)
    assert "+00:00" not in shown(app.error[0].value)
    assert history(demo_database, unit) == [before[0] + 1, *before]
    app.button(key="core_tasks.reload").click().run()
    assert app.text_area(key="core_tasks.statement").value == "Henriks version"


def test_a_leader_opens_on_her_own_unit_and_is_told_kindly_where_she_cannot_read(demo_database, open_page):
    app = open_page(PAGE, language="en", person=person_id(demo_database, LEADER))
    assert app.radio(key="core_tasks.unit").value == unit_id(demo_database, HOME_CARE)
    assert not app.exception and not app.error
    assert app.header[0].value == HOME_CARE
    # The municipality is in the tree, but its core task is read from her own unit, where it is shown above.
    app.radio(key="core_tasks.unit").set_value(unit_id(demo_database, "Fjordby Kommune")).run()
    assert not app.error
    assert "Choose one of your units" in app.info[0].value
