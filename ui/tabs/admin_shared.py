"""What the Administration tabs share: the organisation they show, table heights, how a form reports.

Each form calls one use case from a button callback; a callback runs before the widgets are
drawn, so a successful add can empty the form, and a refused one leaves the input in place
with the problems beside it. What the form did stays beside it until its next use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import streamlit as st

from assessment import organisation
from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Role, UnitLevel
from ui.context import translator
from ui.outcome import Outcome, attempt, show_outcome

ONLY_AT_THE_TOP = N_(
    "Only an administrator of the whole organisation can add this. Ask the municipality's "
    "Kernekompas administrator."
)


@dataclass
class Organisation:
    """The organisation as the tabs show it, read once per run."""

    tree: list[organisation.TreeEntry]
    directory: organisation.Directory
    people: list[organisation.PersonRoles]
    # People, professions and rubrics belong to the whole organisation: an administrator of one unit
    # sees them, but adding them is for an administrator at the top of the tree.
    everywhere: bool
    # The page's translator: labels are also asked for outside the page's run (by the widgets' format_func).
    translate: Translator = field(default_factory=translator)

    @cached_property
    def units(self) -> dict[int | None, organisation.TreeEntry]:
        return {entry.unit.id: entry for entry in self.tree}

    @cached_property
    def professions(self) -> dict[int | None, str]:
        return {p.id: p.name for p in self.directory.professions}

    def unit_label(self, unit_id: int) -> str:
        entry = self.units.get(unit_id)
        return "\u2003" * entry.depth + entry.unit.name if entry else str(unit_id)

    def level_label(self, level: UnitLevel) -> str:
        return self.translate(organisation.LEVEL_LABELS[level])

    def role_label(self, role: Role) -> str:
        return self.translate(organisation.ROLE_LABELS[role])


def table_height(rows: int, *, most: int = 15) -> int:
    """A table tall enough for its rows (header included), scrolling only beyond ``most`` rows."""
    return 35 * (min(max(rows, 1), most) + 1) + 3


def outcome_key(form: str) -> str:
    return f"admin.{form}.outcome"


def submit(form: str, action: Callable[[], Outcome], clear: tuple[str, ...] = ()) -> None:
    """A form's callback: run its use case; on success empty the given fields."""
    if attempt(outcome_key(form), action):
        for key in clear:
            st.session_state[key] = ""


def show_form_outcome(form: str, field_labels: Mapping[str, str] | None = None) -> None:
    """What the form did last (the messages name what was added, as the user wrote it)."""
    show_outcome(outcome_key(form), field_labels, keep=True, nothing_saved=True)
