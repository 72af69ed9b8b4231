"""Signing out ends every copy of the login cookie, not only the one in this browser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assessment import people
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, build_world

SIGNED_IN = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _signed_out_at(uow: FakeUnitOfWork, person_id: int, when: datetime) -> None:
    people.record_sign_out(uow, person_id, clock=lambda: when)


def test_a_cookie_issued_before_the_sign_out_no_longer_works():
    uow = FakeUnitOfWork()
    world = build_world(uow, Clock())
    assert not people.signed_out_since(uow, world.leader_id, SIGNED_IN)
    _signed_out_at(uow, world.leader_id, SIGNED_IN + timedelta(hours=2))
    assert people.signed_out_since(uow, world.leader_id, SIGNED_IN)


def test_signing_in_again_afterwards_works_even_in_the_same_second():
    uow = FakeUnitOfWork()
    world = build_world(uow, Clock())
    signed_out = SIGNED_IN + timedelta(hours=2, milliseconds=400)
    _signed_out_at(uow, world.leader_id, signed_out)
    again = signed_out.replace(microsecond=0)  # token times are whole seconds
    assert not people.signed_out_since(uow, world.leader_id, again)
    assert not people.signed_out_since(uow, world.leader_id, again + timedelta(minutes=5))


def test_one_persons_sign_out_leaves_everyone_else_signed_in():
    uow = FakeUnitOfWork()
    world = build_world(uow, Clock())
    _signed_out_at(uow, world.leader_id, SIGNED_IN + timedelta(hours=2))
    assert not people.signed_out_since(uow, world.raters[0], SIGNED_IN)
