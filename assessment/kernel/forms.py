"""Checks every form shares: text that can be stored faithfully, and all of a form's problems at once."""

from __future__ import annotations

from assessment.kernel.errors import N_, FormInvalid, InvalidInput, Message
from assessment.kernel.scoring import facets_for  # noqa

TITLE_LIMIT = 200


TEXT_LIMIT = 20_000


def clean_text(value: str, *, limit: int) -> str:
    """Keep the user's text exactly, but refuse what no database can store faithfully."""
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(N_("The text contains a NUL character, which cannot be stored."))
    if len(value) > limit:
        raise InvalidInput(
            N_("The text is {length} characters long; at most {limit} are allowed."),
            length=len(value),
            limit=limit,
        )
    return value


class Form:
    """Collects every problem of one form, so the user can fix them all in one go."""

    def __init__(self) -> None:
        self.problems: dict[str, Message] = {}

    def text(self, name: str, value: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> str:
        try:
            cleaned = clean_text(value, limit=limit)
        except InvalidInput as error:
            self.problems[name] = error.message
            return value
        if required and not cleaned:
            self.problems[name] = Message(N_("This field must be filled in."))
        return cleaned

    def fail(self, name: str, message_id: str, **params: object) -> None:
        self.problems.setdefault(name, Message(message_id, params))

    def done(self) -> None:
        if self.problems:
            raise FormInvalid(self.problems)
