"""Administration, one person at a time: remove a role, download their data, pseudonymise them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.testing.v1 import AppTest

from assessment import audit, organisation, people
from assessment.kernel.permissions import SYSTEM
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown

PAGE = "screens/admin.py"
ADMIN = "henrik.holm@fjordby.dk"
BIRGITTE = "birgitte.lund@fjordby.dk"  # leader, MED member and rater in Hjemmeplejen Syd


@contextmanager
def database(url: str) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


def roles_of(url: str, person: int) -> list[str]:
    with database(url) as uow:
        entry = next(e for e in organisation.people_and_roles(uow, actor=SYSTEM) if e.person.id == person)
    return [f"{role.value}@{unit.name}" for role, unit in entry.roles]


def errors(app: AppTest) -> str:
    return shown("\n".join(e.value for e in app.error))


def choose(open_page, url: str, email: str, *, language: str = "en") -> tuple[AppTest, int]:
    app = open_page(PAGE, language=language, person=person_id(url, ADMIN))
    chosen = person_id(url, email)
    app.selectbox(key="admin.manage.person").set_value(chosen).run()
    assert not app.exception, [e.value for e in app.exception]
    return app, chosen


def test_nothing_is_offered_until_a_person_is_chosen(demo_database, open_page):
    app = open_page(PAGE, language="en", person=person_id(demo_database, ADMIN))
    assert not [d for d in app.get("download_button") if d.key.startswith("admin.personal")]
    assert not [b for b in app.button if b.key and b.key.startswith("admin.revoke.")]


def test_each_role_can_be_removed_on_its_own(demo_database, open_page):
    app, birgitte = choose(open_page, demo_database, BIRGITTE)
    before = roles_of(demo_database, birgitte)
    buttons = [b for b in app.button if b.key and b.key.startswith("admin.revoke.")]
    assert len(buttons) == len(before) == 3
    assert "Leader in Hjemmeplejen Syd" in [m.value for m in app.markdown]
    buttons[0].click().run()
    assert "The role is removed." in [shown(s.value) for s in app.success]
    assert roles_of(demo_database, birgitte) == before[1:]
    assert len([b for b in app.button if b.key and b.key.startswith("admin.revoke.")]) == 2


def test_the_personal_data_can_be_downloaded_as_json_and_excel(demo_database, open_page):
    app, _birgitte = choose(open_page, demo_database, BIRGITTE)
    downloads = {d.proto.label: d for d in app.get("download_button") if d.key != "admin.rubric.format"}
    assert set(downloads) == {"JSON", "Excel"}


def test_pseudonymising_needs_the_confirmation_and_a_reason(demo_database, open_page):
    app, _birgitte = choose(open_page, demo_database, BIRGITTE)
    assert app.button(key="admin.pseudonymise.run").disabled
    app.checkbox(key="admin.pseudonymise.confirm").check().run()
    app.button(key="admin.pseudonymise.run").click().run()
    assert "Write why the person is pseudonymised" in errors(app)
    with database(demo_database) as uow:
        assert people.person_for_sign_in(uow, BIRGITTE) is not None


def test_a_person_who_left_is_pseudonymised_and_keeps_their_scores(demo_database, open_page):
    with database(demo_database) as uow:
        trail = audit.audit_trail(
            uow, audit.query_for(person_id=person_id(demo_database, BIRGITTE)), actor=SYSTEM
        )
    app, birgitte = choose(open_page, demo_database, BIRGITTE, language="da")
    app.text_area(key="admin.pseudonymise.reason").input("Fratrådt 31.10.2026")
    app.checkbox(key="admin.pseudonymise.confirm").check().run()
    app.button(key="admin.pseudonymise.run").click().run()
    assert f"Personen er pseudonymiseret som Tidligere medarbejder {birgitte}." in [
        shown(s.value) for s in app.success
    ]
    assert "Birgitte Lund" not in set(app.dataframe[2].value.iloc[:, 0])  # the people table
    with database(demo_database) as uow:
        assert people.person_for_sign_in(uow, BIRGITTE) is None
        assert roles_of(demo_database, birgitte) == []
        after = audit.audit_trail(uow, audit.query_for(person_id=birgitte), actor=SYSTEM)
    assert after.total == trail.total > 0  # what she did is still there, under the pseudonym
    assert {row.actor_name for row in after.rows} == {f"Tidligere medarbejder {birgitte}"}
