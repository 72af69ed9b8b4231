"""What every use case reads the same way: the units above a unit and the core task valid then."""

from __future__ import annotations

from datetime import UTC, datetime

from assessment.kernel.model import CoreTask, Unit, UnitLevel
from assessment.kernel.records import core_task_of, units_above
from tests.fakes import FakeUnitOfWork

JANUARY = datetime(2026, 1, 15, tzinfo=UTC)
JUNE = datetime(2026, 6, 15, tzinfo=UTC)


def _task(unit_id: int, version: int, at: datetime) -> CoreTask:
    return CoreTask(unit_id, version, f"Version {version}", "", "", "", None, at)


def _chain_of_three(repo):
    top = repo.add_unit(Unit("Fjordby Kommune", UnitLevel.MUNICIPALITY))
    middle = repo.add_unit(Unit("Ældre og Sundhed", UnitLevel.ADMINISTRATION, parent_id=top.id))
    bottom = repo.add_unit(Unit("Hjemmeplejen Nord", UnitLevel.INSTITUTION, parent_id=middle.id))
    repo.add_core_task(_task(middle.id, 1, JANUARY))
    repo.add_core_task(_task(middle.id, 2, JUNE))
    return top, middle, bottom


def test_the_units_above_come_nearest_first_with_their_current_core_task():
    with FakeUnitOfWork().write() as repo:
        *_above, bottom = _chain_of_three(repo)
        chain = units_above(repo, bottom)
    assert [(unit.name, task.version if task else None) for unit, task in chain] == [
        ("Ældre og Sundhed", 2),
        ("Fjordby Kommune", None),
    ]


def test_at_a_moment_the_version_valid_then_counts_and_before_any_the_first():
    with FakeUnitOfWork().write() as repo:
        _top, middle, bottom = _chain_of_three(repo)
        assert core_task_of(repo, middle.id, at=datetime(2026, 3, 1, tzinfo=UTC)).version == 1
        assert core_task_of(repo, middle.id, at=datetime(2027, 1, 1, tzinfo=UTC)).version == 2
        assert core_task_of(repo, middle.id, at=datetime(2025, 1, 1, tzinfo=UTC)).version == 1
        assert core_task_of(repo, middle.id).version == 2
        assert core_task_of(repo, bottom.id) is None
        assert [unit.name for unit, _ in units_above(repo, bottom, levels=1)] == ["Ældre og Sundhed"]


def test_a_loop_in_the_tree_ends_the_chain_instead_of_running_forever():
    with FakeUnitOfWork().write() as repo:
        first = repo.add_unit(Unit("A", UnitLevel.ADMINISTRATION))
        second = repo.add_unit(Unit("B", UnitLevel.ADMINISTRATION, parent_id=first.id))
        repo.state.units[first.id] = Unit("A", UnitLevel.ADMINISTRATION, parent_id=second.id, id=first.id)
        assert [unit.name for unit, _ in units_above(repo, second)] == ["A"]
