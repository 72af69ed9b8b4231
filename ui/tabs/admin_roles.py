"""Administration, the Roles tab: who has which task in which unit, and granting a role."""

from __future__ import annotations

import streamlit as st

from assessment import organisation, people
from assessment.kernel.errors import N_, FormInvalid, Message
from assessment.kernel.model import Role
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome
from ui.tabs.admin_shared import Organisation, show_form_outcome, submit, table_height


def _grant_role() -> Outcome:
    state = st.session_state
    person_id, unit_id, role = (
        state.get("admin.role.person"),
        state.get("admin.role.unit"),
        state["admin.role.role"],
    )
    problems = {}
    if person_id is None:
        problems["person"] = Message(N_("Choose a person."))
    if unit_id is None:
        problems["unit"] = Message(N_("Choose a unit."))
    if problems or person_id is None or unit_id is None:
        raise FormInvalid(problems)
    people.grant_role(unit_of_work(), person_id=person_id, unit_id=unit_id, role=role, actor=current_actor())
    return Outcome(success=Message(N_("The role is granted.")))


def _roles_of(org: Organisation, entry: organisation.PersonRoles) -> str:
    by_unit: dict[str, list[str]] = {}
    for role, unit in entry.roles:
        by_unit.setdefault(unit.name, []).append(org.role_label(role))
    return "; ".join(f"{unit}: {', '.join(roles)}" for unit, roles in by_unit.items())


def render(org: Organisation) -> None:
    _ = translator()
    st.caption(
        _(
            "A role gives a person a task in one unit: administrator, leader, MED member, rater or reader. "
            "A person can have several roles."
        )
    )
    if not org.people or not org.tree:
        st.info(_("Add people and units first; then give each person their roles here."))
        return
    st.dataframe(
        [
            {
                _("Person"): entry.person.name,
                _("Profession"): entry.profession.name if entry.profession else "",
                _("Roles"): _roles_of(org, entry) or _("no roles yet"),
            }
            for entry in org.people
        ],
        hide_index=True,
        height=table_height(len(org.people)),
        column_config={_("Roles"): st.column_config.TextColumn(width="large")},
    )
    st.header(_("Grant a role"), anchor=False)
    by_id = {entry.person.id: entry for entry in org.people}
    role_labels = {"person": _("Person"), "unit": _("Unit"), "role": _("Role")}
    with st.form("admin.role.form"):
        person_column, role_column, unit_column = st.columns(3)
        person_column.selectbox(
            role_labels["person"],
            list(by_id),
            index=None,
            format_func=lambda person_id: by_id[person_id].person.name,
            key="admin.role.person",
            placeholder=_("Choose a person"),
        )
        role_column.selectbox(
            role_labels["role"],
            list(Role),
            index=list(Role).index(Role.RATER),
            format_func=org.role_label,
            key="admin.role.role",
            placeholder=_("Choose"),
        )
        unit_column.selectbox(
            role_labels["unit"],
            org.open_units,
            index=None,
            format_func=org.unit_label,
            key="admin.role.unit",
            placeholder=_("Choose a unit"),
        )
        st.form_submit_button(
            _("Grant role"),
            icon=":material/badge:",
            key="admin.role.add",
            on_click=submit,
            args=("role", _grant_role),
        )
    show_form_outcome("role", role_labels)
