"""The administration screen: units, professions, people, roles and rubrics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import organisation, people
from assessment.kernel.model import Role, UnitLevel
from assessment.kernel.permissions import SYSTEM
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown

PAGE = "screens/admin.py"
ADMIN = "henrik.holm@fjordby.dk"
RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"


@contextmanager
def database(url: str) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


def directory(url: str) -> organisation.Directory:
    with database(url) as uow:
        return organisation.directory(uow, actor=SYSTEM)


def errors(app: AppTest) -> str:
    return shown("\n".join(e.value for e in app.error))


def as_admin(open_page, url: str) -> AppTest:
    return open_page(PAGE, language="en", person=person_id(url, ADMIN))


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_empty_database_says_what_to_add_first(empty_database, open_page, language):
    app = open_page(PAGE, language=language)
    assert len(app.info) == 6  # one hint per tab
    if language == "en":
        assert "Start with the municipality" in app.info[0].value


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_demo_lists_units_professions_people_roles_and_rubrics(demo_database, open_page, language):
    app = open_page(PAGE, language=language, person=person_id(demo_database, ADMIN))
    assert not app.info
    units, professions, people, roles, committees, rubrics = (table.value for table in app.dataframe[:6])
    assert "Lokal-MED Hjemmeplejen Syd" in set(committees.iloc[:, 0])
    assert units.iloc[0, 0] == "Fjordby Kommune"
    assert len(units) == len(directory(demo_database).units)
    assert len(professions) == len(directory(demo_database).professions)
    assert "birgitte.lund@fjordby.dk" in set(people.iloc[:, 1])
    assert len(roles) == len(people)
    assert set(rubrics.iloc[:, 1]) == {"kerneopgave", "kort"}
    # Every question of the default rubric can be read, with what each level means.
    assert len(app.table) == 1 + len(app.expander)


def test_the_first_unit_can_be_added_to_an_empty_database(empty_database, open_page):
    app = open_page(PAGE, language="en")
    app.text_input(key="admin.unit.name").input("Fjordby Kommune")
    app.selectbox(key="admin.unit.level").set_value(UnitLevel.MUNICIPALITY)
    app.button(key="admin.unit.add").click().run()
    assert "The unit Fjordby Kommune is added." in shown(app.success[0].value)
    assert [u.name for u in directory(empty_database).units] == ["Fjordby Kommune"]
    assert app.text_input(key="admin.unit.name").value == ""  # ready for the next one


def test_a_unit_is_added_below_its_parent(demo_database, open_page):
    app = as_admin(open_page, demo_database)
    parent = next(u for u in directory(demo_database).units if u.name == "Hjemmeplejen Syd")
    app.text_input(key="admin.unit.name").input("Team Nord")
    app.selectbox(key="admin.unit.level").set_value(UnitLevel.TEAM)
    app.selectbox(key="admin.unit.parent").set_value(parent.id)
    app.button(key="admin.unit.add").click().run()
    added = next(u for u in directory(demo_database).units if u.name == "Team Nord")
    assert (added.level, added.parent_id) == (UnitLevel.TEAM, parent.id)
    names = list(app.dataframe[0].value.iloc[:, 0])
    assert names[names.index("\u2003" * 4 + "Hjemmeplejen Syd") + 1] == "\u2003" * 6 + "Team Nord"


def test_a_unit_without_a_name_is_refused(demo_database, open_page):
    before = len(directory(demo_database).units)
    app = as_admin(open_page, demo_database)
    app.button(key="admin.unit.add").click().run()
    assert "**Name**: This field must be filled in." in shown(app.error[0].value)
    assert len(directory(demo_database).units) == before


def test_a_profession_is_added_and_a_duplicate_refused(demo_database, open_page):
    app = as_admin(open_page, demo_database)
    app.text_input(key="admin.profession.name").input("Fysioterapeut")
    app.button(key="admin.profession.add").click().run()
    assert "Fysioterapeut" in {p.name for p in directory(demo_database).professions}
    assert "Fysioterapeut" in set(app.dataframe[1].value.iloc[:, 0])
    count = len(directory(demo_database).professions)
    app.text_input(key="admin.profession.name").input("fysioterapeut")
    app.button(key="admin.profession.add").click().run()
    assert "already exists" in errors(app)
    assert len(directory(demo_database).professions) == count


def test_a_person_is_added_with_a_profession(demo_database, open_page):
    app = as_admin(open_page, demo_database)
    nurse = next(p for p in directory(demo_database).professions if p.name.startswith("Sygeplejerske"))
    app.text_input(key="admin.person.name").input("Ida Krogh")
    app.text_input(key="admin.person.email").input("Ida.Krogh@fjordby.dk")
    app.selectbox(key="admin.person.profession").set_value(nurse.id)
    app.button(key="admin.person.add").click().run()
    added = next(p for p in directory(demo_database).people if p.name == "Ida Krogh")
    assert (added.email, added.profession_id) == ("ida.krogh@fjordby.dk", nurse.id)
    assert "Ida Krogh is added." in shown(app.success[0].value)


def test_a_person_with_a_bad_e_mail_is_refused_with_both_problems(demo_database, open_page):
    before = len(directory(demo_database).people)
    app = as_admin(open_page, demo_database)
    app.text_input(key="admin.person.email").input("ida")
    app.button(key="admin.person.add").click().run()
    shown = errors(app)
    assert "**Name**: This field must be filled in." in shown
    assert "**E-mail**: Write an e-mail address such as anne@kommune.dk." in shown
    assert len(directory(demo_database).people) == before
    assert app.text_input(key="admin.person.email").value == "ida"  # kept for correcting


def test_a_role_is_granted_and_listed_for_the_person(demo_database, open_page):
    app = as_admin(open_page, demo_database)
    pia = person_id(demo_database, "pia.soendergaard@fjordby.dk")
    school = next(u for u in directory(demo_database).units if u.name == "Fjordby Skole")
    app.selectbox(key="admin.role.person").set_value(pia)
    app.selectbox(key="admin.role.role").set_value(Role.RATER)
    app.selectbox(key="admin.role.unit").set_value(school.id)
    app.button(key="admin.role.add").click().run()
    with database(demo_database) as uow:
        entry = next(e for e in organisation.people_and_roles(uow, actor=SYSTEM) if e.person.id == pia)
    assert (Role.RATER, school) in [(role, unit) for role, unit in entry.roles]
    roles = dict(app.dataframe[3].value.iloc[:, [0, 2]].values.tolist())
    assert roles["Pia Søndergaard"] == "Fjordby Kommune: Reader; Fjordby Skole: Rater"
    assert roles["Birgitte Lund"] == "Hjemmeplejen Syd: Leader, MED member, Rater"


def test_a_role_without_a_person_names_the_missing_field(demo_database, open_page):
    app = as_admin(open_page, demo_database)
    app.button(key="admin.role.add").click().run()
    assert "**Person**: Choose a person." in shown(app.error[0].value)


BROKEN_RUBRIC = b"""
schema_version = 1
id = "Stor Rubrik"
version = "1.0"
title = { da = "Stor", en = "Big" }

[scales.effekt]
kind = "bipolar"
title = { da = "Effekt", en = "Effect" }
levels = [{ value = 0, label = { da = "Nul", en = "Zero" } }]

[[dimensions]]
key = "kerne"
title = { da = "Kerne", en = "Core" }

[[criteria]]
key = "borger"
dimension = "kernen"
scale = "effekt"
question = { da = "Effekt?", en = "Effect?" }
descriptors."0" = { da = "Ingen", en = "None" }
"""


def test_a_broken_rubric_lists_every_problem_and_stores_nothing(demo_database, open_page):
    before = directory(demo_database).rubrics
    app = as_admin(open_page, demo_database)
    app.file_uploader(key="admin.rubric.upload").set_value(("stor.toml", BROKEN_RUBRIC, "application/toml"))
    app.run()
    app.button(key="admin.rubric.store").click().run()
    assert not app.exception
    shown = errors(app)
    assert "The rubric file stor.toml cannot be used:" in shown
    assert "id: expected a key of lower-case letters" in shown
    assert "description: this field is missing" in shown
    assert 'criteria #1 "borger" › dimension: the dimension kernen is not defined' in shown
    assert "Nothing was stored." in shown
    assert directory(demo_database).rubrics == before


def test_a_valid_rubric_is_stored_and_can_be_read(demo_database, open_page):
    shipped = (RUBRICS / "kort.toml").read_text(encoding="utf-8")
    assert shipped.count('version = "2.0"') == 1, "rubrics/kort.toml has another version: update this test"
    content = shipped.replace('version = "2.0"', 'version = "2.1"')
    app = as_admin(open_page, demo_database)
    app.file_uploader(key="admin.rubric.upload").set_value(
        ("kort.toml", content.encode(), "application/toml")
    )
    app.run()
    app.button(key="admin.rubric.store").click().run()
    assert "The rubric kort version 2.1 is stored." in shown(app.success[0].value)
    assert ("kort", "2.1") in {(ref.rubric_id, ref.version) for ref in directory(demo_database).rubrics}
    listed = app.dataframe[5].value
    assert ["kort", "2.1"] in listed.iloc[:, 1:3].values.tolist()
    # The stored rubric is shown at once: every question, and what each level means.
    view = app.selectbox(key="admin.rubric.view")
    assert (view.value.rubric_id, view.value.version) == ("kort", "2.1")
    with database(demo_database) as uow:
        rows = organisation.describe_rubric(organisation.get_rubric(uow, view.value, actor=SYSTEM), "en")
    summary = app.table[0].value
    assert [shown(text) for text in summary.iloc[:, 1]] == [row.question for row in rows]
    assert [shown(e.label) for e in app.expander] == [row.question for row in rows]
    for row, levels in zip(rows, app.table[1:], strict=True):
        assert [shown(text) for text in levels.value.iloc[:, 2]] == [level.descriptor for level in row.levels]

    # The same file again changes nothing, and says so.
    app.button(key="admin.rubric.store").click().run()
    assert "already stored" in app.info[0].value


def test_a_changed_rubric_with_an_old_version_number_is_refused(demo_database, open_page):
    content = (
        (RUBRICS / "kort.toml").read_text(encoding="utf-8").replace("Kort vurdering", "Kortere vurdering")
    )
    before = directory(demo_database).rubrics
    app = as_admin(open_page, demo_database)
    app.file_uploader(key="admin.rubric.upload").set_value(
        ("kort.toml", content.encode(), "application/toml")
    )
    app.run()
    app.button(key="admin.rubric.store").click().run()
    assert "Give the changed rubric a new version number." in errors(app)
    assert directory(demo_database).rubrics == before


def test_an_administrator_of_one_unit_cannot_add_people_professions_or_rubrics(demo_database, open_page):
    birgitte = person_id(demo_database, "birgitte.lund@fjordby.dk")
    with database(demo_database) as uow:
        with uow.read() as repo:
            unit_id = repo.memberships_of(birgitte)[0].unit_id  # her own unit, below the top
        people.grant_role(uow, person_id=birgitte, unit_id=unit_id, role=Role.ADMIN, actor=SYSTEM)
    unit_admin = open_page(PAGE, language="en", person=birgitte)
    buttons = ("admin.profession.add", "admin.person.add", "admin.rubric.store")
    assert all(unit_admin.button(key=key).disabled for key in buttons)
    assert sum("Only an administrator of the whole organisation" in c.value for c in unit_admin.caption) == 3
    top_admin = as_admin(open_page, demo_database)
    assert not top_admin.button(key="admin.person.add").disabled
    assert not any("Only an administrator" in c.value for c in top_admin.caption)
