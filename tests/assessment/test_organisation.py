"""Read models of the organisation screens, on the in-memory repository."""

from __future__ import annotations

import pytest

from assessment import organisation, people
from assessment.kernel.errors import NotFound, StaleEdit
from assessment.kernel.model import Perspective, Role, RubricRef, Unit, UnitLevel
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.rubric import FacetKind
from assessment.kernel.rubric_loading import RubricError, parse_rubric
from tests.fakes import FakeUnitOfWork
from tests.support import SMALL_RUBRIC, Clock


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def add_unit(uow, name: str, level: UnitLevel, parent: Unit | None = None) -> Unit:
    return organisation.register_unit(
        uow, name=name, level=level, parent_id=parent.id if parent else None, actor=SYSTEM
    )


def names(entries: list[organisation.TreeEntry]) -> list[tuple[str, int]]:
    return [(entry.unit.name, entry.depth) for entry in entries]


# The unit tree ---------------------------------------------------------------


def test_the_tree_lists_each_unit_followed_by_the_units_below_it(uow):
    kommune = add_unit(uow, "Fjordby Kommune", UnitLevel.MUNICIPALITY)
    aeldre = add_unit(uow, "Ældre og Sundhed", UnitLevel.ADMINISTRATION, kommune)
    born = add_unit(uow, "Børn og Unge", UnitLevel.ADMINISTRATION, kommune)
    add_unit(uow, "Hjemmeplejen Syd", UnitLevel.INSTITUTION, aeldre)
    add_unit(uow, "Fjordby Skole", UnitLevel.INSTITUTION, born)
    assert names(organisation.units_in_tree(uow, actor=SYSTEM)) == [
        ("Fjordby Kommune", 0),
        ("Børn og Unge", 1),
        ("Fjordby Skole", 2),
        ("Ældre og Sundhed", 1),
        ("Hjemmeplejen Syd", 2),
    ]


def test_siblings_follow_the_danish_alphabet():
    units = [
        Unit(name, UnitLevel.INSTITUTION, id=number)
        for number, name in enumerate(["Åbyen", "Østerby", "Ærø", "Zealand", "anholt"], start=1)
    ]
    assert [e.unit.name for e in organisation.unit_tree(units)] == [
        "anholt",
        "Zealand",
        "Ærø",
        "Østerby",
        "Åbyen",
    ]


def test_units_with_a_missing_parent_or_in_a_loop_are_still_listed():
    units = [
        Unit("Forældreløs", UnitLevel.TEAM, parent_id=99, id=1),
        Unit("A", UnitLevel.TEAM, parent_id=3, id=2),
        Unit("B", UnitLevel.TEAM, parent_id=2, id=3),
        Unit("Sig selv", UnitLevel.TEAM, parent_id=4, id=4),
    ]
    listed = organisation.unit_tree(units)
    assert sorted(e.unit.name for e in listed) == ["A", "B", "Forældreløs", "Sig selv"]
    assert listed[0].unit.name == "Forældreløs"


def test_an_empty_organisation_has_an_empty_tree(uow):
    assert organisation.units_in_tree(uow, actor=SYSTEM) == []


# Core tasks ------------------------------------------------------------------


def record(uow, unit: Unit, statement: str, author: int | None = None, clock=None):
    return organisation.record_core_task(
        uow,
        unit_id=unit.id or 0,
        statement=statement,
        formal=f"{statement} (formel)",
        performed="",
        experienced="",
        actor=SYSTEM if author is None else people.actor_for(uow, author),
        clock=clock or Clock(),
    )


def test_the_core_task_view_has_the_chain_from_the_top_and_the_history(uow, clock):
    author = people.register_person(uow, name="Henrik Holm", email="h@k.dk", profession_id=None, actor=SYSTEM)
    kommune = add_unit(uow, "Fjordby Kommune", UnitLevel.MUNICIPALITY)
    aeldre = add_unit(uow, "Ældre og Sundhed", UnitLevel.ADMINISTRATION, kommune)
    syd = add_unit(uow, "Hjemmeplejen Syd", UnitLevel.INSTITUTION, aeldre)
    # The municipality's administrator keeps every unit's core task up to date.
    people.grant_role(uow, person_id=author.id, unit_id=kommune.id, role=Role.ADMIN, actor=SYSTEM)
    record(uow, kommune, "Et godt liv", author.id, clock)
    record(uow, syd, "Selvhjulpne borgere", author.id, clock)
    record(uow, syd, "Selvhjulpne borgere i eget hjem", None, clock)

    view = organisation.core_task_view(uow, syd.id or 0, actor=SYSTEM)
    assert view.unit == syd
    assert [c.version for c in view.history] == [2, 1]
    assert view.current is not None and view.current.statement == "Selvhjulpne borgere i eget hjem"
    assert view.version == 2
    assert [(unit.name, task.statement if task else None) for unit, task in view.above] == [
        ("Fjordby Kommune", "Et godt liv"),
        ("Ældre og Sundhed", None),
    ]
    assert view.author(view.history[1]) == "Henrik Holm"
    assert view.author(view.history[0]) is None
    assert view.current.perspective(Perspective.FORMAL) == "Selvhjulpne borgere i eget hjem (formel)"


def test_a_unit_without_a_core_task_has_version_zero(uow):
    unit = add_unit(uow, "Vej og Park", UnitLevel.INSTITUTION)
    view = organisation.core_task_view(uow, unit.id or 0, actor=SYSTEM)
    assert (view.current, view.version, view.above) == (None, 0, [])


def test_an_unknown_unit_is_not_found(uow):
    with pytest.raises(NotFound):
        organisation.core_task_view(uow, 404, actor=SYSTEM)
    with pytest.raises(NotFound):
        organisation.core_task_history(uow, 404, actor=SYSTEM)


def test_the_history_is_newest_first(uow, clock):
    unit = add_unit(uow, "Vej og Park", UnitLevel.INSTITUTION)
    for text in ("Rene veje", "Rene og trygge veje", "Rene, trygge og grønne veje"):
        record(uow, unit, text, clock=clock)
    assert [c.statement for c in organisation.core_task_history(uow, unit.id or 0, actor=SYSTEM)] == [
        "Rene, trygge og grønne veje",
        "Rene og trygge veje",
        "Rene veje",
    ]


def save_version(uow, unit: Unit, expected: int, statement: str, actor: int | None = None):
    return organisation.record_core_task(
        uow,
        unit_id=unit.id or 0,
        expected_version=expected,
        statement=statement,
        formal="",
        performed="",
        experienced="",
        actor=SYSTEM if actor is None else people.actor_for(uow, actor),
    )


def test_a_new_version_is_saved_on_top_of_the_version_the_editor_loaded(uow):
    unit = add_unit(uow, "Vej og Park", UnitLevel.INSTITUTION)
    assert save_version(uow, unit, 0, "Rene veje").version == 1
    assert save_version(uow, unit, 1, "Rene og trygge veje").version == 2


def test_a_version_saved_meanwhile_is_not_overwritten(uow, clock):
    anne = people.register_person(
        uow, name="Anne Mortensen", email="a@k.dk", profession_id=None, actor=SYSTEM
    )
    unit = add_unit(uow, "Vej og Park", UnitLevel.INSTITUTION)
    people.grant_role(uow, person_id=anne.id, unit_id=unit.id, role=Role.LEADER, actor=SYSTEM)
    record(uow, unit, "Rene veje", clock=clock)
    record(uow, unit, "Annes version", anne.id, clock)
    with pytest.raises(StaleEdit) as refused:
        save_version(uow, unit, 1, "Min version")
    assert "Anne Mortensen saved version 2 of this core task" in str(refused.value)
    assert [c.statement for c in organisation.core_task_history(uow, unit.id or 0, actor=SYSTEM)] == [
        "Annes version",
        "Rene veje",
    ]


# People and roles ------------------------------------------------------------


def test_people_are_listed_alphabetically_with_their_profession_and_roles(uow):
    kommune = add_unit(uow, "Fjordby Kommune", UnitLevel.MUNICIPALITY)
    syd = add_unit(uow, "Hjemmeplejen Syd", UnitLevel.INSTITUTION, kommune)
    nurse = people.register_profession(uow, name="Sygeplejerske", actor=SYSTEM)
    karen = people.register_person(uow, name="Karen", email="k@k.dk", profession_id=nurse.id, actor=SYSTEM)
    people.register_person(uow, name="Bo", email="b@k.dk", profession_id=None, actor=SYSTEM)
    for role, unit in ((Role.RATER, syd), (Role.MED_MEMBER, syd), (Role.READER, kommune)):
        people.grant_role(uow, person_id=karen.id or 0, unit_id=unit.id or 0, role=role, actor=SYSTEM)

    listed = organisation.people_and_roles(uow, actor=SYSTEM)
    assert [entry.person.name for entry in listed] == ["Bo", "Karen"]
    assert (listed[0].profession, listed[0].roles) == (None, [])
    assert listed[1].profession == nurse
    assert [(role, unit.name) for role, unit in listed[1].roles] == [
        (Role.READER, "Fjordby Kommune"),
        (Role.MED_MEMBER, "Hjemmeplejen Syd"),
        (Role.RATER, "Hjemmeplejen Syd"),
    ]


# Rubrics ---------------------------------------------------------------------


def test_a_new_rubric_is_stored_and_the_same_file_again_changes_nothing(uow, clock):
    ref, new = organisation.register_rubric(
        uow, content=SMALL_RUBRIC.encode(), source_name="lille.toml", actor=SYSTEM
    )
    assert new and (ref.rubric_id, ref.version) == ("lille", "1.0")
    again, new_again = organisation.register_rubric(
        uow, content=SMALL_RUBRIC.encode(), source_name="lille.toml", actor=SYSTEM
    )
    assert (again, new_again) == (ref, False)
    [entry] = organisation.rubric_catalogue(uow, actor=SYSTEM)
    assert (entry.ref, entry.source_name, entry.rubric.title("en")) == (ref, "lille.toml", "Small rubric")


def test_a_broken_rubric_stores_nothing(uow):
    with pytest.raises(RubricError) as refused:
        organisation.register_rubric(uow, content=b'id = "x"', source_name="x.toml", actor=SYSTEM)
    assert len(refused.value.problems) > 1
    assert organisation.rubric_catalogue(uow, actor=SYSTEM) == []


def test_the_catalogue_orders_versions_as_people_read_them(uow):
    for version in ("1.9", "1.10", "1.2"):
        content = SMALL_RUBRIC.replace('version = "1.0"', f'version = "{version}"')
        organisation.register_rubric(uow, content=content.encode(), source_name="lille.toml", actor=SYSTEM)
    assert [e.ref.version for e in organisation.rubric_catalogue(uow, actor=SYSTEM)] == ["1.2", "1.9", "1.10"]


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        ([], None),
        ([("kort", "1.0"), ("kerneopgave", "1.9"), ("kerneopgave", "1.10")], ("kerneopgave", "1.10")),
        ([("kort", "2.0"), ("lille", "1.0"), ("kort", "10.0")], ("kort", "10.0")),
    ],
    ids=["no rubrics", "the default rubric's newest version", "else the first rubric by id"],
)
def test_the_default_rubric_for_a_new_proposal(refs, expected):
    chosen = organisation.default_rubric(
        [RubricRef(rubric_id, version, "hash") for rubric_id, version in refs]
    )
    assert (chosen.rubric_id, chosen.version) == expected if expected else chosen is None


def test_a_rubric_is_described_row_by_row_in_the_readers_language():
    rubric = parse_rubric(SMALL_RUBRIC)
    rows = organisation.describe_rubric(rubric, "en")
    assert [row.key for row in rows] == ["borger", "perspektiver", "rolle", "inddragelse_planlagt"]
    first = rows[0]
    assert (first.dimension, first.question, first.scale, first.weight) == (
        "The core task",
        "Effect for the citizen?",
        "Effect",
        2,
    )
    assert (first.levels[0].value, first.levels[0].label) == (-2, "Much worse")
    assert first.levels[-1].descriptor == "Mrs Jensen becomes more self-reliant"
    assert (rows[1].facets, rows[2].facets) == (FacetKind.PERSPECTIVE, FacetKind.PROFESSION)
    ladder = rows[3]
    assert (ladder.aggregate, [level.value for level in ladder.levels]) == (False, [0, 1, 2])
    danish = organisation.describe_rubric(rubric, "da")
    assert danish[0].levels[-1].descriptor == "Fru Jensen bliver mere selvhjulpen"


def test_every_enumeration_value_has_a_label():
    assert set(organisation.LEVEL_LABELS) == set(UnitLevel)
    assert set(organisation.ROLE_LABELS) == set(Role)
    assert set(organisation.PERSPECTIVE_LABELS) == set(Perspective) == set(organisation.PERSPECTIVE_HELP)
    assert set(organisation.FACET_LABELS) == set(FacetKind)
