"""Every role × action × proposal status × place, against the table written out by hand.

``permission_table.csv`` is the expected answer, kept as data and reviewed as a table; the
policy in ``assessment/kernel/permissions.py`` is code. They must agree everywhere: zero unexpected
allows and zero unexpected denies.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assessment.kernel.model import Membership, Role, Status, Unit, UnitLevel
from assessment.kernel.permissions import SYSTEM, AccessDenied, Action, Actor, actor_from, allows, check

TABLE = Path(__file__).with_name("permission_table.csv")

# Kommune (1) → Forvaltning (2) → Institution (3) → Team (5); a sibling institution (4).
UNITS = [
    Unit("Fjordby Kommune", UnitLevel.MUNICIPALITY, None, 1),
    Unit("Ældre og Sundhed", UnitLevel.ADMINISTRATION, 1, 2),
    Unit("Hjemmeplejen Nord", UnitLevel.INSTITUTION, 2, 3),
    Unit("Hjemmeplejen Syd", UnitLevel.INSTITUTION, 2, 4),
    Unit("Team Øst", UnitLevel.TEAM, 3, 5),
]
OWN_UNIT = 3
# Where the role was granted, the unit below it (inherited), a sibling and the unit above.
PLACES = {"own unit": 3, "unit below": 5, "sibling unit": 4, "unit above": 2}
INSIDE = {"own unit", "unit below"}


def _expected() -> dict[tuple[str, str], str]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    return {(row["action"], role.value): row[role.value].strip() for row in rows for role in Role}


EXPECTED = _expected()


def _allowed_by_table(cell: str, status: Status | None) -> bool:
    if cell == "always":
        return True
    if cell == "-":
        return False
    return status is not None and status.value in cell.split()


def test_the_table_has_a_row_for_every_action_and_a_column_for_every_role():
    assert {action for action, _ in EXPECTED} == {action.value for action in Action}
    assert {role for _, role in EXPECTED} == {role.value for role in Role}
    for cell in EXPECTED.values():
        assert cell in ("always", "-") or set(cell.split()) <= {status.value for status in Status}, cell


def test_every_role_action_status_and_place_matches_the_table():
    unexpected_allows: list[str] = []
    unexpected_denies: list[str] = []
    combinations = 0
    for role in Role:
        actor = actor_from(7, [Membership(person_id=7, unit_id=OWN_UNIT, role=role)], UNITS)
        for action in Action:
            cell = EXPECTED[(action.value, role.value)]
            for status in (None, *Status):
                for place, unit_id in PLACES.items():
                    combinations += 1
                    expected = place in INSIDE and _allowed_by_table(cell, status)
                    actual = allows(actor, action, unit_id, status)
                    case = f"{role.value} {action.value} {status.value if status else '-'} {place}"
                    if actual and not expected:
                        unexpected_allows.append(case)
                    elif expected and not actual:
                        unexpected_denies.append(case)
    assert combinations == len(Role) * len(Action) * (len(Status) + 1) * len(PLACES)
    assert (unexpected_allows, unexpected_denies) == ([], []), (
        f"{len(unexpected_allows)} unexpected allows, {len(unexpected_denies)} unexpected denies "
        f"of {combinations} combinations"
    )


@pytest.mark.parametrize("role", list(Role))
def test_an_unknown_action_is_denied_to_every_role(role):
    actor = actor_from(7, [Membership(person_id=7, unit_id=OWN_UNIT, role=role)], UNITS)
    for status in (None, *Status):
        assert not allows(actor, "proposal.delete", OWN_UNIT, status)
        assert not allows(actor, None, OWN_UNIT, status)


def test_a_person_without_roles_may_do_nothing_and_a_check_says_no():
    nobody = Actor(person_id=8)
    assert not any(
        allows(nobody, action, unit.id, status)
        for action in Action
        for unit in UNITS
        for status in (None, *Status)
    )
    with pytest.raises(AccessDenied) as refused:
        check(nobody, Action.VIEW_PROPOSAL, unit_id=OWN_UNIT, status=Status.DECIDED)
    assert "access" in str(refused.value)


def test_roles_in_two_units_add_up_and_inheritance_stops_at_the_units_below():
    actor = actor_from(
        7,
        [Membership(7, 3, Role.RATER), Membership(7, 4, Role.LEADER)],
        UNITS,
    )
    assert allows(actor, Action.SCORE, 5, Status.SCORING)
    assert not allows(actor, Action.SCORE, 4, Status.SCORING)
    assert allows(actor, Action.REVEAL, 4, Status.SCORING)
    assert not allows(actor, Action.REVEAL, 3, Status.SCORING)
    assert not allows(actor, Action.VIEW_PROPOSAL, 2, Status.DECIDED)


def test_a_cycle_in_the_unit_tree_does_not_hang():
    looped = [Unit("A", UnitLevel.TEAM, 2, 1), Unit("B", UnitLevel.TEAM, 1, 2)]
    actor = actor_from(7, [Membership(7, 1, Role.READER)], looped)
    assert set(actor.roles) == {1, 2}


def test_the_system_actor_is_trusted_and_nobody_else_is():
    assert allows(SYSTEM, Action.MANAGE_ORGANISATION, None)
    assert SYSTEM.trusted
    assert not actor_from(7, [Membership(7, 1, Role.ADMIN)], UNITS).trusted
