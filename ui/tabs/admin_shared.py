"""What the Administration tabs share: the organisation they show, table heights, how a form reports.

Each form calls one use case from a button callback; a callback runs before the widgets are
drawn, so a successful add can empty the form, and a refused one leaves the input in place
with the problems beside it. What the form did stays beside it until its next use.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

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

    @cached_property
    def open_units(self) -> list[int | None]:
        """The units a picker offers: closed ones are kept as history, never chosen for anything new."""
        return [unit_id for unit_id, entry in self.units.items() if entry.unit.is_open]

    def closed_label(self, unit_id: int | None) -> str:
        """ "closed unit, merged into …" for a closed unit, "" for an open one."""
        entry = self.units.get(unit_id)
        names = {other.unit.id: other.unit.name for other in self.tree}
        return organisation.closed_label(entry.unit, names, self.translate) if entry else ""

    def unit_label(self, unit_id: int) -> str:
        entry = self.units.get(unit_id)
        return "\u2003" * entry.depth + entry.unit.name if entry else str(unit_id)

    def level_label(self, level: UnitLevel) -> str:
        return self.translate(organisation.LEVEL_LABELS[level])

    def role_label(self, role: Role) -> str:
        return self.translate(organisation.ROLE_LABELS[role])


def choose_and_act(
    label: str,
    options: Sequence[Any],
    format_func: Callable[[Any], str],
    *,
    key: str,
    placeholder: str,
    on_change: Callable[..., None],
    args: tuple[Any, ...],
    actions: Mapping[str, str],
    action_key: str,
) -> tuple[Any, str]:
    """The head of a change form: what to change (choosing it fills the form from it) beside what to do."""
    _ = translator()
    first, second = st.columns(2)
    chosen = first.selectbox(
        label,
        options,
        index=None,
        format_func=format_func,
        key=key,
        placeholder=placeholder,
        on_change=on_change,
        args=args,
    )
    action = second.radio(
        _("What do you want to do?"),
        list(actions),
        format_func=lambda name: _(actions[name]),
        horizontal=True,
        key=action_key,
    )
    return chosen, str(action)


def drop_stale(allowed: Mapping[str, Collection[Any]]) -> None:
    """Empty each field (by key) whose value is no longer among its choices, rather than keep it hidden."""
    for key, choices in allowed.items():
        if st.session_state.get(key) not in choices:
            st.session_state[key] = None


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
