"""Administration, the Units tab: the organisation as a tree, adding a unit, and keeping units up.

A unit is renamed, moved, merged into another or closed; nothing is deleted, so a closed unit
stays in the tree, marked as closed, with its history (``assessment/unit_upkeep.py``).
"""

from __future__ import annotations

import streamlit as st

from assessment import organisation, unit_upkeep
from assessment.kernel import forms
from assessment.kernel.errors import N_, FormInvalid, Message
from assessment.kernel.model import UnitLevel
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome
from ui.tabs.admin_shared import (
    Organisation,
    choose_and_act,
    drop_stale,
    show_form_outcome,
    submit,
    table_height,
)

UNIT = "admin.unit.change.unit"
ACTION = "admin.unit.change.action"
NAME = "admin.unit.change.name"
PARENT = "admin.unit.change.parent"
INTO = "admin.unit.change.into"

ACTIONS: dict[str, str] = {
    "rename": N_("Rename"),
    "move": N_("Move"),
    "merge": N_("Merge into another unit"),
    "close": N_("Close"),
}
ICONS = {
    "rename": ":material/edit:",
    "move": ":material/move_down:",
    "merge": ":material/merge:",
    "close": ":material/block:",
}
MERGE_HELP = N_(
    "The units below it move to the unit you choose, and everyone with a role in it gets the same role "
    "there. Its proposals, core tasks and MED committees stay with it, so what was decided stays as "
    "it was; proposals not yet decided carry on. Then it is closed."
)
CLOSE_HELP = N_(
    "A closed unit takes no new proposals, roles or units, but it stays in the tree with its history. "
    "Its MED committees are closed with it. It cannot be closed while proposals in it are not decided "
    "yet or units below it are open."
)


def _add_unit() -> Outcome:
    state = st.session_state
    unit = organisation.register_unit(
        unit_of_work(),
        name=state.get("admin.unit.name") or "",
        level=state["admin.unit.level"],
        parent_id=state.get("admin.unit.parent"),
        actor=current_actor(),
    )
    return Outcome(success=Message(N_("The unit {name} is added."), {"name": unit.name}))


def _change_unit() -> Outcome:
    state = st.session_state
    unit_id, action = state.get(UNIT), state.get(ACTION)
    if unit_id is None:
        raise FormInvalid({"unit_id": Message(N_("Choose a unit."))})
    uow, actor = unit_of_work(), current_actor()
    if action == "rename":
        unit = unit_upkeep.rename_unit(uow, unit_id, name=state.get(NAME) or "", actor=actor)
        return Outcome(success=Message(N_("The unit is now called {name}."), {"name": unit.name}))
    if action == "move":
        unit = unit_upkeep.move_unit(uow, unit_id, parent_id=state.get(PARENT), actor=actor)
        return Outcome(success=Message(N_("The unit {name} is moved."), {"name": unit.name}))
    if action == "merge":
        if state.get(INTO) is None:
            raise FormInvalid({"into_id": Message(N_("Choose a unit."))})
        unit = unit_upkeep.merge_unit(uow, unit_id, into_id=state[INTO], actor=actor)
        return Outcome(success=Message(N_("The unit {name} is merged and closed."), {"name": unit.name}))
    unit = unit_upkeep.close_unit(uow, unit_id, actor=actor)
    return Outcome(success=Message(N_("The unit {name} is closed."), {"name": unit.name}))


def _chosen(org: Organisation) -> None:
    """A unit was chosen: the rename field starts from its name, the other fields empty."""
    state = st.session_state
    entry = org.units.get(state.get(UNIT))
    state[NAME] = entry.unit.name if entry else ""
    state[PARENT] = entry.unit.parent_id if entry else None
    state[INTO] = None


def render(org: Organisation) -> None:
    _ = translator()
    tree = org.tree
    if tree:
        st.dataframe(
            [
                {
                    _("Unit"): "\u2003" * (2 * entry.depth) + entry.unit.name,
                    _("Level in the organisation"): org.level_label(entry.unit.level),
                    _("Status"): org.closed_label(entry.unit.id) or _("open"),
                }
                for entry in tree
            ],
            hide_index=True,
            height=table_height(len(tree), most=20),
        )
    else:
        st.info(
            _(
                "There are no units yet. Start with the municipality: write its name, choose the level "
                "Municipality and leave “Part of” empty. Then add its administrations, institutions and teams."
            )
        )
    st.header(_("Add a unit"), anchor=False)
    unit_labels = {"name": _("Name"), "parent_id": _("Part of")}
    with st.form("admin.unit.form"):
        name_column, level_column, parent_column = st.columns(3)
        name_column.text_input(unit_labels["name"], key="admin.unit.name", max_chars=forms.TITLE_LIMIT)
        level_column.selectbox(
            _("Level in the organisation"),
            list(UnitLevel),
            # The municipality comes first; after that, institutions are what is added most.
            index=list(UnitLevel).index(UnitLevel.INSTITUTION) if tree else 0,
            format_func=org.level_label,
            key="admin.unit.level",
            placeholder=_("Choose"),
        )
        parent_column.selectbox(
            unit_labels["parent_id"],
            org.open_units,
            index=None,
            format_func=org.unit_label,
            key="admin.unit.parent",
            placeholder=_("Nothing: it is the top of the organisation"),
        )
        st.form_submit_button(
            _("Add unit"),
            icon=":material/add:",
            key="admin.unit.add",
            on_click=submit,
            args=("unit", _add_unit, ("admin.unit.name",)),
        )
    show_form_outcome("unit", unit_labels)
    if tree:
        _change(org)


def _change(org: Organisation) -> None:
    _ = translator()
    st.header(_("Rename, move, merge or close a unit"), anchor=False)
    labels = {
        "unit_id": _("Unit"),
        "name": _("New name"),
        "parent_id": _("Part of"),
        "into_id": _("Merge into"),
        "proposals": _("Proposals"),
        "children": _("Units below"),
    }
    unit_id, action = choose_and_act(
        labels["unit_id"],
        org.open_units,
        org.unit_label,
        key=UNIT,
        placeholder=_("Choose a unit"),
        on_change=_chosen,
        args=(org,),
        actions=ACTIONS,
        action_key=ACTION,
    )
    # Not the unit itself or a unit below it: a unit cannot be placed under itself.
    elsewhere = (
        [
            i
            for i in org.open_units
            if i != unit_id and i not in unit_upkeep.below(org.directory.units, unit_id)
        ]
        if unit_id is not None
        else org.open_units
    )
    drop_stale({PARENT: elsewhere, INTO: elsewhere})
    with st.form("admin.unit.change.form"):
        if action == "rename":
            st.text_input(labels["name"], key=NAME, max_chars=forms.TITLE_LIMIT)
        elif action in ("move", "merge"):
            moving = action == "move"
            st.selectbox(
                labels["parent_id" if moving else "into_id"],
                elsewhere,
                index=None,
                format_func=org.unit_label,
                key=PARENT if moving else INTO,
                placeholder=_("Nothing: it is the top of the organisation")
                if moving
                else _("Choose the unit that takes over"),
            )
            if not moving:
                st.caption(_(MERGE_HELP))
        else:
            st.caption(_(CLOSE_HELP))
        st.form_submit_button(
            _(ACTIONS[action]),
            icon=ICONS[action],
            key="admin.unit.change.submit",
            type="primary" if action != "close" else "secondary",
            on_click=submit,
            args=("unit_change", _change_unit),
        )
    show_form_outcome("unit_change", labels)
