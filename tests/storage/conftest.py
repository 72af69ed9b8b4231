"""Fixtures of the storage tests.

The database fixtures (``db_url``, ``migrated_url``, ``engine``, ``uow``: SQLite and
PostgreSQL) live in ``tests/conftest.py``.
"""

from __future__ import annotations

import pytest

from storage.repository import SqlUnitOfWork
from tests.storage.world import World, build_world


@pytest.fixture
def world(uow: SqlUnitOfWork) -> World:
    """A unit tree, three professions, five people and a rubric, stored on each backend."""
    return build_world(uow)
