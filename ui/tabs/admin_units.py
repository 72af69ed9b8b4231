"""Administration, the Units tab: the organisation as a tree, and adding a unit to it."""

from __future__ import annotations

import streamlit as st

from assessment import organisation
from assessment.kernel import forms
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import UnitLevel
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome
from ui.tabs.admin_shared import Organisation, show_form_outcome, submit, table_height


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


def render(org: Organisation) -> None:
    _ = translator()
    tree = org.tree
    if tree:
        st.dataframe(
            [
                {
                    _("Unit"): "\u2003" * (2 * entry.depth) + entry.unit.name,
                    _("Level in the organisation"): org.level_label(entry.unit.level),
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
    st.subheader(_("Add a unit"), anchor=False)
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
        )
        parent_column.selectbox(
            unit_labels["parent_id"],
            list(org.units),
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
