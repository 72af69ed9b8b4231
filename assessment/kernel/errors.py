"""Errors the domain raises for people, not for programmers.

Every error carries a message id (the English text, used as the gettext msgid) and its
parameters, so the UI can show it in the user's language; ``str(error)`` gives English
for logs and tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Translate = Callable[[str], str]
# Shows a parameter value the way the reader expects it (a Danish date, a decimal comma).
FormatValue = Callable[[Any], Any]


def N_(message_id: str) -> str:
    """Mark a message id for extraction without translating it yet."""
    return message_id


@dataclass(frozen=True)
class Message:
    """A translatable sentence with named ``{placeholders}``."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Translate | None = None, format_value: FormatValue | None = None) -> str:
        template = translate(self.id) if translate else self.id
        rendered_params = {
            key: value.render(translate, format_value)
            if isinstance(value, Message)
            else format_value(value)
            if format_value
            else value
            for key, value in self.params.items()
        }
        return template.format(**rendered_params)

    def __str__(self) -> str:
        return self.render()


class DomainError(Exception):
    """Base of every error a use case raises on purpose."""

    def __init__(self, message_id: str, **params: Any) -> None:
        self.message = Message(message_id, params)
        super().__init__(str(self.message))

    def render(self, translate: Translate | None = None, format_value: FormatValue | None = None) -> str:
        return self.message.render(translate, format_value)


class NotFound(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class StaleEdit(DomainError):
    """Someone saved the object after the user loaded it: their edit must not overwrite."""


class WrongState(DomainError):
    pass


class StorageFull(DomainError):
    """The database could not grow (disk full, or a size limit): the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__(
            N_("The database is full. Nothing was saved. Ask your IT department to free disk space.")
        )


class StorageBusy(DomainError):
    """The write waited too long for its turn (another write holds the database): nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            N_("The database is busy with other changes. Nothing was saved. Wait a moment and try again.")
        )


class FormInvalid(DomainError):
    """Several fields of one form are wrong; the UI shows each beside its field."""

    def __init__(self, problems: dict[str, Message]) -> None:
        self.problems = problems
        super().__init__(
            N_("Please correct the form: {problems}"),
            problems="; ".join(f"{field}: {message}" for field, message in problems.items()),
        )
