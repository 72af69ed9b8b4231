"""Units, core tasks and rubrics as the use cases store them."""

from __future__ import annotations

import pytest

from assessment import organisation, people
from assessment.kernel.errors import InvalidInput, StaleEdit
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.rubric_loading import RubricError
from tests.assessment.helpers import leader
from tests.support import (
    SMALL_RUBRIC,
)


def test_editing_a_core_task_keeps_the_history(uow, world, clock):
    for statement in ("Borgeren klarer sig selv længst muligt", "Borgeren lever det liv, borgeren ønsker"):
        organisation.record_core_task(
            uow,
            unit_id=world.unit_id,
            statement=statement,
            formal="Serviceloven §83",
            performed="Vi leverer ydelser",
            experienced="Borgerne oplever mange nye ansigter",
            actor=people.actor_for(uow, world.leader_id),
            clock=clock,
        )
    view = organisation.core_task_view(uow, world.unit_id, actor=leader(uow, world))
    assert [unit.name for unit, _ in [(view.unit, view.current), *view.above]] == [
        "Hjemmeplejen Nord",
        "Ældre og Sundhed",
    ]
    assert view.current is not None and view.current.version == 2
    with uow.read() as repo:
        assert [c.version for c in repo.core_task_history(world.unit_id)] == [2, 1]


def test_the_same_rubric_twice_is_stored_once(uow, world, clock):
    again = organisation.register_rubric(
        uow, content=SMALL_RUBRIC.encode(), source_name="lille.toml", actor=SYSTEM, clock=clock
    ).ref
    assert again == world.rubric


def test_a_changed_rubric_needs_a_new_version(uow, world, clock):
    changed = SMALL_RUBRIC.replace("Effekt for borgeren?", "Effekt for borgerne?")
    with pytest.raises(InvalidInput, match="new version number"):
        organisation.register_rubric(
            uow, content=changed.encode(), source_name="lille.toml", actor=SYSTEM, clock=clock
        )


def test_a_broken_rubric_stores_nothing(uow, clock):
    with pytest.raises(RubricError):
        organisation.register_rubric(
            uow, content=b"id = ", source_name="brudt.toml", actor=SYSTEM, clock=clock
        )
    with uow.read() as repo:
        assert repo.list_rubrics() == []


def test_a_core_task_edit_from_an_older_version_is_refused(uow, world, clock):
    def save(statement, expected):
        return organisation.record_core_task(
            uow,
            unit_id=world.unit_id,
            statement=statement,
            formal="",
            performed="",
            experienced="",
            actor=leader(uow, world),
            expected_version=expected,
            clock=clock,
        )

    save("Borgeren klarer sig selv længst muligt", 0)
    save("Borgeren lever det liv, borgeren ønsker", 1)
    with pytest.raises(StaleEdit, match="Lone Leder saved version 2"):
        save("Mit gamle udkast", 1)
    with uow.read() as repo:
        assert [c.version for c in repo.core_task_history(world.unit_id)] == [2, 1]
