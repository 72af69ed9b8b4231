"""How raters are named when their names are hidden: "Deltager C", with a profession only when
that cannot point at a person.

The letters follow an order drawn at random for each proposal (its ``pseudonym_key``, stored
with it and never shown): letters that followed person ids, or any order a leader can see,
such as the panel picker's, would let whoever knows the panel map every letter to a name. The
order is a keyed hash of the person id, so a rater keeps their letter however often the page is
opened, and another proposal gives them another letter.

Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping

from assessment.kernel.model import Profession

# A profession is named beside a pseudonym, and its view shown, only for this many raters or more.
MINIMUM_GROUP = 3


def new_pseudonym_key() -> str:
    return secrets.token_hex(16)


def letter_order(rater_ids: Iterable[int], key: str) -> list[int]:
    """The raters in the order their letters are given: random per proposal, the same every time."""
    if not key:
        # Fails closed: without a key the order would be the ids' order again.
        raise ValueError("the proposal has no pseudonym key")
    secret = key.encode()
    return sorted(
        set(rater_ids),
        key=lambda person_id: hmac.new(secret, str(person_id).encode(), hashlib.sha256).digest(),
    )


def letters(rater_ids: Iterable[int], key: str) -> dict[int, str]:
    """Person id → "A", "B", …, "Z", "AA", … in :func:`letter_order`."""
    return {person_id: _letter(index) for index, person_id in enumerate(letter_order(rater_ids, key))}


def _letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: a letter for any size of panel."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def professions_safe_to_show(
    rater_ids: Iterable[int], profession_of: Mapping[int, Profession | None]
) -> dict[int, Profession | None]:
    """Each rater's profession where it cannot point at a person, else None.

    A group of fewer than three is not named. Nor is any group when fewer than three raters
    would be left without one: whoever knows the panel (3 social- og sundhedsassistenter and a
    nurse) would know that the one unnamed "Deltager D" is the nurse.
    """
    raters = sorted(set(rater_ids))
    sizes = Counter(p.key for p in (profession_of.get(r) for r in raters) if p is not None)
    shown = {
        rater: profession if profession is not None and sizes[profession.key] >= MINIMUM_GROUP else None
        for rater in raters
        for profession in [profession_of.get(rater)]
    }
    unnamed = sum(1 for profession in shown.values() if profession is None)
    if 0 < unnamed < MINIMUM_GROUP:
        return dict.fromkeys(raters)
    return shown
