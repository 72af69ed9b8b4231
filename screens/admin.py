"""Administration: units, professions, people, roles and rubrics, one tab each.

Each form calls one use case from a button callback; a callback runs before the widgets are
drawn, so a successful add can empty the form, and a refused one leaves the input in place
with the problems beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from assessment import organisation, people, personal_data
from assessment.kernel import forms
from assessment.kernel.errors import N_, DomainError, FormInvalid, Message
from assessment.kernel.model import Role, UnitLevel
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, Actor, allows
from assessment.kernel.rubric import RubricError
from report.export.personal_data import MEDIA_TYPES, to_json, to_xlsx
from ui.context import current_actor, translator, unit_of_work
from ui.widgets import plain, show_error


def _height(rows: int, *, most: int = 15) -> int:
    """A table tall enough for its rows (header included), scrolling only beyond ``most`` rows."""
    return 35 * (min(max(rows, 1), most) + 1) + 3


def _outcome_key(form: str) -> str:
    return f"admin.{form}.outcome"


def _submit(form: str, action: Callable[[], Message], clear: tuple[str, ...] = ()) -> None:
    """Run one use case for a form; on success empty the given fields and remember what was done."""
    state = st.session_state
    state.pop(_outcome_key(form), None)
    try:
        done = action()
    except DomainError as error:
        state[_outcome_key(form)] = error
        return
    for key in clear:
        state[key] = ""
    state[_outcome_key(form)] = done


def _show_outcome(form: str, field_labels: dict[str, str] | None = None) -> None:
    _ = translator()
    outcome = st.session_state.get(_outcome_key(form))
    if isinstance(outcome, FormInvalid):
        show_error(outcome, field_labels)
        st.caption(_("Nothing was saved."))
    elif isinstance(outcome, DomainError):
        show_error(outcome)
    elif isinstance(outcome, Message):
        # The message names what was added, as the user wrote it.
        st.success(plain(_.message(outcome)))


# The use cases behind the forms ----------------------------------------------


def _add_unit() -> Message:
    state = st.session_state
    unit = organisation.register_unit(
        unit_of_work(),
        name=state.get("admin.unit.name") or "",
        level=state["admin.unit.level"],
        parent_id=state.get("admin.unit.parent"),
        actor=current_actor(),
    )
    return Message(N_("The unit {name} is added."), {"name": unit.name})


def _add_profession() -> Message:
    profession = people.register_profession(
        unit_of_work(), name=st.session_state.get("admin.profession.name") or "", actor=current_actor()
    )
    return Message(N_("The profession {name} is added."), {"name": profession.name})


def _add_person() -> Message:
    state = st.session_state
    person = people.register_person(
        unit_of_work(),
        name=state.get("admin.person.name") or "",
        email=state.get("admin.person.email") or "",
        profession_id=state.get("admin.person.profession"),
        actor=current_actor(),
    )
    return Message(N_("{name} is added."), {"name": person.name})


def _grant_role() -> Message:
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
    return Message(N_("The role is granted."))


def _revoke_role(person_id: int, membership_id: int) -> Message:
    people.revoke_role(
        unit_of_work(), person_id=person_id, membership_id=membership_id, actor=current_actor()
    )
    return Message(N_("The role is removed."))


def _pseudonymise() -> Message:
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
    return Message(N_("The person is pseudonymised as {name}."), {"name": person.name})


def _fresh(actor: Actor) -> Actor:
    """The roles as they are when the download is clicked, not when the page was drawn."""
    if actor.person_id is None or actor.trusted:
        return actor
    return people.actor_for(unit_of_work(), actor.person_id)


def _export(person_id: int, extension: str, language: str, actor: Actor) -> Callable[[], bytes]:
    # Runs on the click, outside the script run: everything it needs is captured here.
    uow = unit_of_work()

    def make() -> bytes:
        data = personal_data.export_person(uow, person_id, actor=_fresh(actor))
        return to_json(data) if extension == "json" else to_xlsx(data, language)

    return make


def _store_rubric() -> None:
    state = st.session_state
    state.pop(_outcome_key("rubric"), None)
    uploaded = state.get("admin.rubric.upload")
    if uploaded is None:
        return
    try:
        ref, new = organisation.register_rubric(
            unit_of_work(),
            content=uploaded.getvalue(),
            source_name=uploaded.name,
            actor=current_actor(),
        )
    except DomainError as error:
        state[_outcome_key("rubric")] = error
        return
    state["admin.rubric.view"] = ref  # show what was just stored
    params = {"id": ref.rubric_id, "version": ref.version}
    if new:
        stored = Message(
            N_("The rubric {id} version {version} is stored. New proposals can now choose it."), params
        )
        state[_outcome_key("rubric")] = ("stored", stored)
    else:
        unchanged = Message(
            N_(
                "The rubric {id} version {version} was already stored with exactly this content; nothing changed."
            ),
            params,
        )
        state[_outcome_key("rubric")] = ("unchanged", unchanged)


# The page --------------------------------------------------------------------

_ = translator()
st.title(_("Administration"))
uow = unit_of_work()
tree = organisation.units_in_tree(uow, actor=current_actor())
directory = organisation.directory(uow, actor=current_actor())
listed_people = organisation.people_and_roles(uow, actor=current_actor())
units = {entry.unit.id: entry for entry in tree}
professions = {p.id: p.name for p in directory.professions}


def unit_label(unit_id: int) -> str:
    entry = units.get(unit_id)
    return "\u2003" * entry.depth + entry.unit.name if entry else str(unit_id)


def level_label(level: UnitLevel) -> str:
    return _(organisation.LEVEL_LABELS[level])


def role_label(role: Role) -> str:
    return _(organisation.ROLE_LABELS[role])


# People, professions and rubrics belong to the whole organisation: an administrator of one unit
# sees them, but adding them is for an administrator at the top of the tree.
everywhere = allows(current_actor(), Action.MANAGE_ORGANISATION, WHOLE_ORGANISATION)
ONLY_AT_THE_TOP = N_(
    "Only an administrator of the whole organisation can add this. Ask the municipality's "
    "Kernekompas administrator."
)

units_tab, professions_tab, people_tab, roles_tab, rubrics_tab = st.tabs(
    [_("Units"), _("Professions"), _("People"), _("Roles"), _("Rubrics")]
)

with units_tab:
    if tree:
        st.dataframe(
            [
                {
                    _("Unit"): "\u2003" * (2 * entry.depth) + entry.unit.name,
                    _("Level in the organisation"): level_label(entry.unit.level),
                }
                for entry in tree
            ],
            hide_index=True,
            height=_height(len(tree), most=20),
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
            format_func=level_label,
            key="admin.unit.level",
        )
        parent_column.selectbox(
            unit_labels["parent_id"],
            list(units),
            index=None,
            format_func=unit_label,
            key="admin.unit.parent",
            placeholder=_("Nothing: it is the top of the organisation"),
        )
        st.form_submit_button(
            _("Add unit"),
            icon=":material/add:",
            key="admin.unit.add",
            on_click=_submit,
            args=("unit", _add_unit, ("admin.unit.name",)),
        )
    _show_outcome("unit", unit_labels)

with professions_tab:
    if directory.professions:
        counts = {p.id: 0 for p in directory.professions}
        for entry in listed_people:
            if entry.person.profession_id in counts:
                counts[entry.person.profession_id] += 1
        st.dataframe(
            [{_("Profession"): p.name, _("People"): counts[p.id]} for p in directory.professions],
            hide_index=True,
            height=_height(len(directory.professions)),
        )
    else:
        st.info(
            _(
                "There are no professions yet. Add the professions that work in the units, "
                "such as social and health care assistant, nurse or teacher."
            )
        )
    st.subheader(_("Add a profession"), anchor=False)
    with st.form("admin.profession.form"):
        st.text_input(_("Name"), key="admin.profession.name", max_chars=forms.TITLE_LIMIT)
        st.form_submit_button(
            _("Add profession"),
            icon=":material/add:",
            key="admin.profession.add",
            disabled=not everywhere,
            on_click=_submit,
            args=("profession", _add_profession, ("admin.profession.name",)),
        )
    if not everywhere:
        st.caption(_(ONLY_AT_THE_TOP))
    _show_outcome("profession", {"name": _("Name")})

with people_tab:
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
            height=_height(len(listed_people)),
        )
    else:
        st.info(
            _("There are no people yet. Add the leaders, MED members and raters who will use Kernekompas.")
        )
    st.subheader(_("Add a person"), anchor=False)
    person_labels = {"name": _("Name"), "email": _("E-mail"), "profession_id": _("Profession")}
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
            disabled=not everywhere,
            on_click=_submit,
            args=("person", _add_person, ("admin.person.name", "admin.person.email")),
        )
    if not everywhere:
        st.caption(_(ONLY_AT_THE_TOP))
    _show_outcome("person", person_labels)

    if listed_people:
        st.subheader(_("A person's roles and personal data"), anchor=False)
        managed = {entry.person.id: entry for entry in listed_people if entry.person.id is not None}
        chosen_id = st.selectbox(
            _("Person"),
            list(managed),
            index=None,
            format_func=lambda person_id: (
                f"{managed[person_id].person.name} · {managed[person_id].person.email}"
            ),
            key="admin.manage.person",
            placeholder=_("Choose a person"),
        )
        chosen = managed.get(chosen_id) if chosen_id is not None else None
        if chosen is not None and chosen_id is not None:
            if not chosen.roles:
                st.caption(_("{name} has no roles.", name=plain(chosen.person.name)))
            for (role, unit), membership_id in zip(chosen.roles, chosen.membership_ids, strict=True):
                role_column, button_column = st.columns([4, 1], vertical_alignment="center")
                role_column.markdown(plain(_("{role} in {unit}", role=role_label(role), unit=unit.name)))
                button_column.button(
                    _("Remove role"),
                    icon=":material/remove_circle:",
                    key=f"admin.revoke.{membership_id}",
                    on_click=_submit,
                    args=("revoke", partial(_revoke_role, chosen_id, membership_id)),
                )
            _show_outcome("revoke")

            actor = current_actor()
            if personal_data.may_manage(actor, (unit.id or 0 for _role, unit in chosen.roles)):
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
                        data=_export(chosen_id, extension, _.language, actor),
                        file_name=f"personal-data-{chosen_id}.{extension}",
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
                    _(
                        "I confirm that {name} has left and is to be pseudonymised.",
                        name=plain(chosen.person.name),
                    ),
                    key="admin.pseudonymise.confirm",
                )
                st.button(
                    _("Pseudonymise"),
                    icon=":material/person_off:",
                    key="admin.pseudonymise.run",
                    type="primary",
                    disabled=not confirmed,
                    on_click=_submit,
                    args=("pseudonymise", _pseudonymise, ("admin.pseudonymise.reason",)),
                )
        _show_outcome("pseudonymise", {"person": _("Person"), "confirm": _("Confirmation")})

with roles_tab:
    st.caption(
        _(
            "A role gives a person a task in one unit: administrator, leader, MED member, rater or reader. "
            "A person can have several roles."
        )
    )
    if not listed_people or not tree:
        st.info(_("Add people and units first; then give each person their roles here."))
    else:

        def roles_of(entry: organisation.PersonRoles) -> str:
            by_unit: dict[str, list[str]] = {}
            for role, unit in entry.roles:
                by_unit.setdefault(unit.name, []).append(role_label(role))
            return "; ".join(f"{unit}: {', '.join(roles)}" for unit, roles in by_unit.items())

        st.dataframe(
            [
                {
                    _("Person"): entry.person.name,
                    _("Profession"): entry.profession.name if entry.profession else "",
                    _("Roles"): roles_of(entry) or _("no roles yet"),
                }
                for entry in listed_people
            ],
            hide_index=True,
            height=_height(len(listed_people)),
            column_config={_("Roles"): st.column_config.TextColumn(width="large")},
        )
        st.subheader(_("Grant a role"), anchor=False)
        by_id = {entry.person.id: entry for entry in listed_people}
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
                format_func=role_label,
                key="admin.role.role",
            )
            unit_column.selectbox(
                role_labels["unit"],
                list(units),
                index=None,
                format_func=unit_label,
                key="admin.role.unit",
                placeholder=_("Choose a unit"),
            )
            st.form_submit_button(
                _("Grant role"),
                icon=":material/badge:",
                key="admin.role.add",
                on_click=_submit,
                args=("role", _grant_role),
            )
        _show_outcome("role", role_labels)

with rubrics_tab:
    catalogue = organisation.rubric_catalogue(uow, actor=current_actor())
    if catalogue:
        st.dataframe(
            [
                {
                    _("Title"): entry.rubric.title(_.language),
                    _("Id"): entry.ref.rubric_id,
                    _("Version"): entry.ref.version,
                    _("Fingerprint"): entry.ref.content_hash[:12],
                    _("Criteria"): len(entry.rubric.criteria),
                    _("File"): entry.source_name,
                }
                for entry in catalogue
            ],
            hide_index=True,
            height=_height(len(catalogue)),
        )
        st.caption(
            _(
                "The fingerprint identifies the exact content: a proposal is always scored against the "
                "rubric version it was registered with, so later rubrics never change past decisions."
            )
        )
    else:
        st.info(
            _(
                "No rubrics are stored yet. Upload a rubric file below; the files kerneopgave.toml "
                "(the full assessment) and kort.toml (a short one) in the folder rubrics/ are ready to use."
            )
        )

    st.subheader(_("Upload a rubric"), anchor=False)
    st.caption(
        _(
            "The file is checked completely before anything is stored. A changed rubric needs a new "
            "version number; rubrics/README.md describes the format."
        )
    )
    uploaded = st.file_uploader(_("Rubric file (.toml)"), type=["toml"], key="admin.rubric.upload")
    st.button(
        _("Check and store the rubric"),
        icon=":material/upload_file:",
        key="admin.rubric.store",
        on_click=_store_rubric,
        disabled=uploaded is None or not everywhere,
    )
    if not everywhere:
        st.caption(_(ONLY_AT_THE_TOP))
    outcome = st.session_state.get(_outcome_key("rubric"))
    if isinstance(outcome, RubricError):
        nothing_stored, correct_it = _("Nothing was stored."), _("Correct the file and upload it again.")
        st.error(
            "\n".join(
                [
                    plain(_("The rubric file {source} cannot be used:", source=outcome.source)),
                    "",
                    *(
                        f"- {plain(problem.render(_.gettext, _.format_value))}"
                        for problem in outcome.problems
                    ),
                    "",
                    f"**{nothing_stored}** {correct_it}",
                ]
            )
        )
    elif isinstance(outcome, DomainError):
        show_error(outcome)
        st.caption(_("Nothing was stored."))
    elif isinstance(outcome, tuple):
        kind, message = outcome
        # The rubric's id comes from the uploaded file.
        (st.success if kind == "stored" else st.info)(plain(_.message(message)))

    if catalogue:
        st.subheader(_("Read a rubric"), anchor=False)
        entries = {entry.ref: entry for entry in catalogue}
        chosen = st.selectbox(
            _("Rubric"),
            list(entries),
            format_func=lambda ref: (
                f"{entries[ref].rubric.title(_.language)} ({ref.rubric_id} {ref.version})"
            ),
            key="admin.rubric.view",
        )
        rubric = entries[chosen].rubric
        st.markdown(f"**{plain(rubric.title(_.language))}**")
        st.text(rubric.description(_.language))
        rows = organisation.describe_rubric(rubric, _.language)

        def scored(row: organisation.CriterionRow) -> str:
            return _(organisation.FACET_LABELS[row.facets]) if row.facets else _("once")

        def counted(row: organisation.CriterionRow) -> str:
            return _("yes") if row.aggregate else _("no, shown on its own")

        st.table(
            [
                {
                    _("Dimension"): plain(row.dimension),
                    _("Question"): plain(row.question),
                    _("Scale"): plain(row.scale),
                    _("Weight"): _.number(row.weight),
                    _("Scored"): scored(row),
                    _("Counted in the index"): counted(row),
                }
                for row in rows
            ],
            hide_index=True,
        )
        st.caption(_("Open a question to read what each level means."))
        dimension = None
        for row in rows:
            if row.dimension != dimension:
                dimension = row.dimension
                st.markdown(f"**{plain(dimension)}**")
            with st.expander(plain(row.question)):
                if row.help:
                    st.text(row.help)
                st.caption(
                    _(
                        "Scale: {scale} · weight {weight} · scored {scored} · counted in the index: {counted}",
                        scale=plain(row.scale),
                        weight=_.number(row.weight),
                        scored=scored(row),
                        counted=counted(row),
                    )
                )
                st.table(
                    [
                        {
                            _("Level"): str(level.value),
                            _("Label"): plain(level.label),
                            _("What it looks like"): plain(level.descriptor),
                        }
                        for level in row.levels
                    ],
                    hide_index=True,
                )
