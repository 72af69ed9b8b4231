"""Administration, the Professions tab: the professions with how many people each, and adding one."""

from __future__ import annotations

import streamlit as st

from assessment import people
from assessment.kernel import forms
from assessment.kernel.errors import N_, Message
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome
from ui.tabs.admin_shared import ONLY_AT_THE_TOP, Organisation, show_form_outcome, submit, table_height


def _add_profession() -> Outcome:
    profession = people.register_profession(
        unit_of_work(), name=st.session_state.get("admin.profession.name") or "", actor=current_actor()
    )
    return Outcome(success=Message(N_("The profession {name} is added."), {"name": profession.name}))


def render(org: Organisation) -> None:
    _ = translator()
    professions = org.directory.professions
    if professions:
        counts = {p.id: 0 for p in professions}
        for entry in org.people:
            if entry.person.profession_id in counts:
                counts[entry.person.profession_id] += 1
        st.dataframe(
            [{_("Profession"): p.name, _("People"): counts[p.id]} for p in professions],
            hide_index=True,
            height=table_height(len(professions)),
        )
    else:
        st.info(
            _(
                "There are no professions yet. Add the professions that work in the units, "
                "such as social and health care assistant, nurse or teacher."
            )
        )
    st.header(_("Add a profession"), anchor=False)
    with st.form("admin.profession.form"):
        st.text_input(_("Name"), key="admin.profession.name", max_chars=forms.TITLE_LIMIT)
        st.form_submit_button(
            _("Add profession"),
            icon=":material/add:",
            key="admin.profession.add",
            disabled=not org.everywhere,
            on_click=submit,
            args=("profession", _add_profession, ("admin.profession.name",)),
        )
    if not org.everywhere:
        st.caption(_(ONLY_AT_THE_TOP))
    show_form_outcome("profession", {"name": _("Name")})
