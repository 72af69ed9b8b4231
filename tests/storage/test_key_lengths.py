"""Keys the domain makes fit the columns that store them."""

from __future__ import annotations

from assessment import people
from storage.tables import KEY_LENGTH


def test_a_profession_key_fits_its_column_however_long_the_name():
    assert people.PROFESSION_KEY_LIMIT == KEY_LENGTH
    key = people.profession_key("Social- og sundhedsassistent med særligt ansvar for " * 10)
    assert 0 < len(key) <= KEY_LENGTH and not key.endswith("_")
