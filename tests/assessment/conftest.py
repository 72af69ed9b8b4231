"""Fixtures for the use-case tests: a world on the fake and on the SQL repository alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assessment.kernel.repository import UnitOfWork
from tests.conftest import UNITS_OF_WORK, unit_of_work_for
from tests.fakes import FakeUnitOfWork
from tests.support import (
    Clock,
    World,
    build_world,
)


@pytest.fixture(params=UNITS_OF_WORK)
def uow(request, tmp_path) -> Iterator[UnitOfWork]:
    yield from unit_of_work_for(request.param, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(uow: FakeUnitOfWork, clock: Clock) -> World:
    return build_world(uow, clock)
