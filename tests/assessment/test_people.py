"""People: found by e-mail whatever its case, and a bad address explained."""

from __future__ import annotations

import pytest

from assessment import people
from assessment.kernel.errors import FormInvalid
from assessment.kernel.permissions import SYSTEM


def test_people_are_found_by_email_whatever_its_case(uow, world, clock):
    with pytest.raises(FormInvalid) as caught:
        people.register_person(
            uow, name="Anne igen", email="ANNE@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
        )
    assert "email" in caught.value.problems


def test_a_bad_email_is_explained(uow, clock):
    with pytest.raises(FormInvalid) as caught:
        people.register_person(
            uow, name="X", email="ikke-en-adresse", profession_id=None, actor=SYSTEM, clock=clock
        )
    assert "e-mail" in str(caught.value)
