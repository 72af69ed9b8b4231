"""Administration, the People tab: the people, adding one, and one person's roles and personal data."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from assessment import people, personal_data
from assessment.kernel import forms
from assessment.kernel.errors import N_, FormInvalid, Message
from assessment.kernel.permissions import Actor
from report.export.personal_data import MEDIA_TYPES, to_json, to_xlsx
from ui.context import actor_on_click, current_actor, translator, unit_of_work
from ui.outcome import Outcome
from ui.tabs.admin_shared import (
    ONLY_AT_THE_TOP,
    Organisation,
    show_form_outcome,
    submit,
    table_height,
)
from ui.widgets import plain


def _add_person() -> Outcome:
    state = st.session_state
    person = people.register_person(
        unit_of_work(),
        name=state.get("admin.person.name") or "",
        email=state.get("admin.person.email") or "",
        profession_id=state.get("admin.person.profession"),
        actor=current_actor(),
    )
    return Outcome(success=Message(N_("{name} is added."), {"name": person.name}))


def _revoke_role(person_id: int, membership_id: int) -> Outcome:
    people.revoke_role(
        unit_of_work(), person_id=person_id, membership_id=membership_id, actor=current_actor()
    )
    return Outcome(success=Message(N_("The role is removed.")))


def _pseudonymise() -> Outcome:
    state = st.session_state
    person_id = state.get("admin.manage.person")
    if person_id is None:
        raise FormInvalid({"person": Message(N_("Choose a person."))})
    if not state.get("admin.pseudonymise.confirm"):
        raise FormInvalid({"confirm": Message(N_("Tick the box to confirm that the person has left."))})
    person = personal_data.pseudonymise_person(
        unit_of_work(), person_id, reason=state.get("admin.pseudonymise.reason") or "", actor=current_actor()
    )
    state["admin.pseudonymise.confirm"] = False
    return Outcome(success=Message(N_("The person is pseudonymised as {name}."), {"name": person.name}))


def _export(person_id: int, extension: str, language: str, actor: Actor) -> Callable[[], bytes]:
    # Runs on the click, outside the script run: everything it needs is captured here.
    uow = unit_of_work()

    def make() -> bytes:
        data = personal_data.export_person(uow, person_id, actor=actor_on_click(actor, uow))
        return to_json(data) if extension == "json" else to_xlsx(data, language)

    return make


def render(org: Organisation) -> None:
    _ = translator()
    listed_people = org.people
    if listed_people:
        st.dataframe(
            [
                {
                    _("Name"): entry.person.name,
                    _("E-mail"): entry.person.email,
                    _("Profession"): entry.profession.name if entry.profession else "",
                }
                for entry in listed_people
            ],
            hide_index=True,
            height=table_height(len(listed_people)),
        )
    else:
        st.info(
            _("There are no people yet. Add the leaders, MED members and raters who will use Kernekompas.")
        )
    st.header(_("Add a person"), anchor=False)
    person_labels = {"name": _("Name"), "email": _("E-mail"), "profession_id": _("Profession")}
    professions = org.professions
    with st.form("admin.person.form"):
        name_column, email_column, profession_column = st.columns(3)
        name_column.text_input(person_labels["name"], key="admin.person.name", max_chars=forms.TITLE_LIMIT)
        email_column.text_input(
            person_labels["email"],
            key="admin.person.email",
            max_chars=forms.TITLE_LIMIT,
            placeholder="anne@kommune.dk",
        )
        profession_column.selectbox(
            person_labels["profession_id"],
            list(professions),
            index=None,
            format_func=lambda profession_id: professions.get(profession_id, str(profession_id)),
            key="admin.person.profession",
            placeholder=_("No profession"),
        )
        st.form_submit_button(
            _("Add person"),
            icon=":material/person_add:",
            key="admin.person.add",
            disabled=not org.everywhere,
            on_click=submit,
            args=("person", _add_person, ("admin.person.name", "admin.person.email")),
        )
    if not org.everywhere:
        st.caption(_(ONLY_AT_THE_TOP))
    show_form_outcome("person", person_labels)

    if listed_people:
        _manage(org)


def _manage(org: Organisation) -> None:
    """One person: their roles, each with a button that removes it, and their personal data."""
    _ = translator()
    st.header(_("A person's roles and personal data"), anchor=False)
    managed = {entry.person.id: entry for entry in org.people if entry.person.id is not None}
    chosen_id = st.selectbox(
        _("Person"),
        list(managed),
        index=None,
        format_func=lambda person_id: f"{managed[person_id].person.name} · {managed[person_id].person.email}",
        key="admin.manage.person",
        placeholder=_("Choose a person"),
    )
    chosen = managed.get(chosen_id) if chosen_id is not None else None
    if chosen is not None and chosen_id is not None:
        if not chosen.roles:
            st.caption(_("{name} has no roles.", name=plain(chosen.person.name)))
        for (role, unit), membership_id in zip(chosen.roles, chosen.membership_ids, strict=True):
            role_column, button_column = st.columns([4, 1], vertical_alignment="center")
            role_column.markdown(plain(_("{role} in {unit}", role=org.role_label(role), unit=unit.name)))
            button_column.button(
                _("Remove role"),
                icon=":material/remove_circle:",
                key=f"admin.revoke.{membership_id}",
                on_click=submit,
                args=("revoke", partial(_revoke_role, chosen_id, membership_id)),
            )
        show_form_outcome("revoke")

        actor = current_actor()
        if personal_data.may_manage(actor, (unit.id or 0 for _role, unit in chosen.roles)):
            _personal_data(chosen_id, chosen.person.name, actor)
    show_form_outcome("pseudonymise", {"person": _("Person"), "confirm": _("Confirmation")})


def _personal_data(person_id: int, name: str, actor: Actor) -> None:
    """Download everything stored about the person, or pseudonymise them when they have left."""
    _ = translator()
    st.markdown("**" + _("Personal data") + "**")
    st.caption(
        _(
            "Everything Kernekompas stores about the person: roles, scores with reasons, "
            "dilemmas, notes, decisions, core-task versions, proposals and the audit entries "
            "by or about them. Downloading it is recorded in the audit trail."
        )
    )
    json_column, excel_column, _spacer = st.columns([1, 1, 3])
    for column, extension, label in (
        (json_column, "json", "JSON"),
        (excel_column, "xlsx", "Excel"),
    ):
        column.download_button(
            label,
            data=_export(person_id, extension, _.language, actor),
            file_name=f"personal-data-{person_id}.{extension}",
            mime=MEDIA_TYPES[extension],
            key=f"admin.personal_data.{extension}",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )

    st.markdown("**" + _("Pseudonymise (the person has left)") + "**")
    st.caption(
        _(
            "The name and e-mail address are replaced by a pseudonym, the roles are removed "
            "and the person can no longer sign in. Scores, reasons, dilemmas and decisions are "
            "kept, so earlier decisions still add up. This cannot be undone. Do not write the "
            "person's name in the reason: it is kept in the audit trail."
        )
    )
    st.text_area(
        _("Reason"),
        key="admin.pseudonymise.reason",
        max_chars=personal_data.REASON_LIMIT,
        height=80,
    )
    confirmed = st.checkbox(
        _("I confirm that {name} has left and is to be pseudonymised.", name=plain(name)),
        key="admin.pseudonymise.confirm",
    )
    st.button(
        _("Pseudonymise"),
        icon=":material/person_off:",
        key="admin.pseudonymise.run",
        type="primary",
        disabled=not confirmed,
        on_click=submit,
        args=("pseudonymise", _pseudonymise, ("admin.pseudonymise.reason",)),
    )
