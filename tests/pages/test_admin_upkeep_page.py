"""Administration: keeping units up (rename, move, merge, close) and the MED committees tab."""

from __future__ import annotations

from assessment import med_committees
from assessment.kernel.model import CommitteeRole, CommitteeSide
from assessment.kernel.permissions import SYSTEM
from tests.pages.conftest import person_id, shown
from tests.pages.test_admin_page import ADMIN, PAGE, database, directory, errors

UNITS, COMMITTEES = 0, 4  # the units table and the committees table, in the order of the tabs


def _open(open_page, url, language="en"):
    return open_page(PAGE, language=language, person=person_id(url, ADMIN))


def _unit(url, name):
    return next(u for u in directory(url).units if u.name == name)


def _change(app, unit_id, action):
    app.selectbox(key="admin.unit.change.unit").set_value(unit_id).run()
    app.radio(key="admin.unit.change.action").set_value(action).run()
    return app


def test_a_unit_is_renamed_from_its_current_name(demo_database, open_page):
    app = _change(_open(open_page, demo_database), _unit(demo_database, "Vej og Park").id, "rename")
    assert app.text_input(key="admin.unit.change.name").value == "Vej og Park"  # starts from its name
    app.text_input(key="admin.unit.change.name").input("Vej, Park og Natur")
    app.button(key="admin.unit.change.submit").click().run()
    assert "The unit is now called Vej, Park og Natur." in shown(app.success[0].value)
    assert "Vej, Park og Natur" in {u.name for u in directory(demo_database).units}


def test_a_duplicate_name_is_refused_beside_the_field_in_danish(demo_database, open_page):
    care = _unit(demo_database, "Plejecenter Lindegården")
    app = _change(_open(open_page, demo_database, "da"), care.id, "rename")
    app.text_input(key="admin.unit.change.name").input("  hjemmeplejen  SYD ")
    app.button(key="admin.unit.change.submit").click().run()
    assert "**Nyt navn**: Der findes allerede en enhed med navnet »Hjemmeplejen Syd«" in errors(app)
    assert app.text_input(key="admin.unit.change.name").value == "  hjemmeplejen  SYD "  # kept for correcting
    assert _unit(demo_database, "Plejecenter Lindegården").id == care.id


def test_a_unit_cannot_be_moved_under_itself_and_is_moved_elsewhere(demo_database, open_page):
    care = _unit(demo_database, "Ældre og Sundhed")
    app = _change(_open(open_page, demo_database), care.id, "move")
    offered = app.selectbox(key="admin.unit.change.parent").options
    assert "Ældre og Sundhed" not in " ".join(offered) and "Hjemmeplejen Syd" not in " ".join(offered)
    school = _change(app, _unit(demo_database, "Fjordby Skole").id, "move")
    school.selectbox(key="admin.unit.change.parent").set_value(_unit(demo_database, "Teknik og Miljø").id)
    school.button(key="admin.unit.change.submit").click().run()
    assert _unit(demo_database, "Fjordby Skole").parent_id == _unit(demo_database, "Teknik og Miljø").id


def test_closing_a_unit_with_undecided_proposals_says_how_many(demo_database, open_page):
    app = _change(_open(open_page, demo_database), _unit(demo_database, "Hjemmeplejen Syd").id, "close")
    app.button(key="admin.unit.change.submit").click().run()
    # The weekend rota (scoring), everyday rehabilitation (discussion) and the draft that adjusts the baths.
    assert (
        "**Proposals**: The unit cannot be closed while it has proposals that are not decided yet (3)."
        in (errors(app))
    )
    assert _unit(demo_database, "Hjemmeplejen Syd").is_open


def test_a_merged_unit_is_marked_closed_and_no_longer_offered(demo_database, open_page):
    park, care = _unit(demo_database, "Vej og Park"), _unit(demo_database, "Plejecenter Lindegården")
    app = _change(_open(open_page, demo_database, "da"), park.id, "merge")
    app.selectbox(key="admin.unit.change.into").set_value(care.id)
    app.button(key="admin.unit.change.submit").click().run()
    assert (
        _unit(demo_database, "Vej og Park").merged_into_id,
        _unit(demo_database, "Vej og Park").is_open,
    ) == (
        care.id,
        False,
    )
    status = dict(app.dataframe[UNITS].value.iloc[:, [0, 2]].values.tolist())
    assert status["\u2003" * 4 + "Vej og Park"] == "lukket, lagt sammen med Plejecenter Lindegården"
    labels = app.selectbox(key="admin.role.unit").options
    assert not any(label.strip() == "Vej og Park" for label in labels)


def test_the_committees_are_listed_with_their_members(demo_database, open_page):
    app = _open(open_page, demo_database, "da")
    table = app.dataframe[COMMITTEES].value
    rows = {row[0]: row for row in table.values.tolist()}
    assert rows["Lokal-MED Hjemmeplejen Syd"][1:4] == ["Lokaludvalg", "Hjemmeplejen Syd", "åben"]
    assert (
        "Karen Vestergaard (arbejdsmiljørepræsentant, medarbejdersiden)"
        in rows["Lokal-MED Hjemmeplejen Syd"][4]
    )
    assert rows["Område-MED Børn og Unge"][4] == "ingen medlemmer endnu"


def _committee(url, name):
    with database(url) as uow:
        return next(
            e for e in med_committees.committee_overview(uow, actor=SYSTEM) if e.committee.name == name
        )


def _committee_action(app, committee_id, action):
    app.selectbox(key="admin.committee.change.committee").set_value(committee_id).run()
    app.radio(key="admin.committee.change.action").set_value(action).run()
    return app


def test_a_member_is_added_and_an_amr_on_the_management_side_refused(demo_database, open_page):
    school = _committee(demo_database, "Område-MED Børn og Unge")
    app = _committee_action(_open(open_page, demo_database), school.committee.id, "add_member")
    susanne = person_id(demo_database, "susanne.dahl@fjordby.dk")
    app.selectbox(key="admin.committee.person").set_value(susanne)
    app.selectbox(key="admin.committee.side").set_value(CommitteeSide.EMPLOYER)
    app.selectbox(key="admin.committee.role").set_value(CommitteeRole.WORK_ENVIRONMENT_REP)
    app.button(key="admin.committee.change.submit").click().run()
    assert "**Side**: A health and safety representative or a union representative" in errors(app)
    app.selectbox(key="admin.committee.role").set_value(CommitteeRole.CHAIR)
    app.button(key="admin.committee.change.submit").click().run()
    assert "The member is added." in shown(app.success[0].value)
    assert [(s.name, s.member.role) for s in _committee(demo_database, "Område-MED Børn og Unge").seats] == [
        ("Susanne Dahl", CommitteeRole.CHAIR)
    ]


def test_a_member_leaves_and_the_committee_is_added_and_closed(demo_database, open_page):
    local = _committee(demo_database, "Lokal-MED Hjemmeplejen Syd")
    jesper = next(s for s in local.seats if s.name == "Jesper Nielsen")
    app = _committee_action(_open(open_page, demo_database), local.committee.id, "remove_member")
    app.selectbox(key="admin.committee.seat").set_value(jesper.member.id)
    app.button(key="admin.committee.change.submit").click().run()
    assert "Jesper Nielsen" not in {
        s.name for s in _committee(demo_database, "Lokal-MED Hjemmeplejen Syd").seats
    }
    app.text_input(key="admin.committee.name").input("Lokal-MED Vej og Park")
    app.selectbox(key="admin.committee.unit").set_value(_unit(demo_database, "Vej og Park").id)
    app.button(key="admin.committee.add").click().run()
    added = _committee(demo_database, "Lokal-MED Vej og Park")
    _committee_action(app, added.committee.id, "close")
    app.button(key="admin.committee.change.submit").click().run()
    assert not _committee(demo_database, "Lokal-MED Vej og Park").committee.is_open
