"""The proposal form's sections, in their order on the screen.

Each widget takes its key and label from :data:`ui.tabs.proposal_fields.FIELDS`; a field's
problem from the last save is shown right below it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import streamlit as st

from assessment import organisation, proposals
from assessment.kernel import forms
from assessment.kernel.model import ChangeType, Origin, Proposal
from ui.context import translator
from ui.tabs import proposal_fields as fields
from ui.tabs import proposal_form as form
from ui.widgets import plain


def _widget(name: str) -> dict[str, Any]:
    """A field's label and key, for its widget; a field saving refuses empty is marked with *."""
    field = fields.FIELD[name]
    return {
        "label": translator()(field.label) + (fields.REQUIRED_MARK if field.required else ""),
        "key": field.key,
    }


def _locked_once_scoring(name: str, frozen: bool) -> dict[str, Any]:
    """A field that is locked once scoring has started (the domain refuses a change): disabled then,
    so it does not look editable. Streamlit draws a disabled widget's label at 2.8:1, too faint to
    read (WCAG 1.4.3), so the label is written out above it; the widget keeps it for screen readers."""
    widget = _widget(name)
    if frozen:
        locked = translator()("locked once scoring has started")
        st.markdown(f"**{widget['label']}** · {locked}")
    return {**widget, "disabled": frozen, "label_visibility": "collapsed" if frozen else "visible"}


def _problem(name: str) -> None:
    """The problem with one field, right below it."""
    problems = form.problems()
    problem = fields.FIELD[name].problem_name
    if problem in problems:
        _ = translator()
        st.markdown(f":red[:material/error: {plain(_.message(problems[problem]))}]")


def the_proposal(directory: organisation.Directory, offered: Collection[int]) -> None:
    _ = translator()
    with st.container(border=True):
        st.header(_("The proposal"), anchor=fields.THE_PROPOSAL)
        st.text_input(**_widget("title"), max_chars=forms.TITLE_LIMIT)
        _problem("title")
        st.text_area(
            **_widget("description"),
            help=_("Describe the change so that someone who was not at the meeting understands it."),
        )
        _problem("description")
        # In tree order, each unit named with the unit it belongs to: "Hjemmeplejen Syd (Ældre og Sundhed)".
        # A closed unit takes no new proposals; the proposal's own unit is still shown if it was closed since.
        chosen = st.session_state.get(fields.FIELD["unit"].key)
        tree = [
            entry
            for entry in organisation.unit_tree(directory.units)
            if entry.unit.id in offered and (entry.unit.is_open or entry.unit.id == chosen)
        ]
        unit_labels = {
            entry.unit.id: f"{entry.unit.name} ({parent.name})"
            if (parent := directory.unit(entry.unit.parent_id or 0)) is not None
            else entry.unit.name
            for entry in tree
        }
        st.selectbox(
            **_widget("unit"),
            options=list(unit_labels),
            format_func=lambda unit_id: unit_labels.get(unit_id, str(unit_id)),
            placeholder=_("Choose the unit the proposal belongs to"),
            help=_("The proposal is scored for its fit with this unit's core task and the one above it."),
        )
        _problem("unit")
        left, right = st.columns(2)
        left.radio(
            **_widget("change_type"),
            options=list(ChangeType),
            format_func=lambda value: _(organisation.CHANGE_TYPE_LABELS[value]),
            help=_(
                "Saving a change of the core task itself opens a draft of the unit's next core task, "
                "copied from the current one, to write while the proposal is discussed."
            ),
        )
        right.radio(
            **_widget("origin"),
            options=list(Origin),
            format_func=lambda value: _(organisation.ORIGIN_LABELS[value]),
        )


def background_and_involvement() -> None:
    _ = translator()
    with st.container(border=True):
        st.header(_("Background and involvement"), anchor=fields.BACKGROUND)
        st.text_area(**_widget("context"), height=100)
        _problem("context")
        left, right = st.columns(2)
        with left:
            st.text_area(**_widget("consulted"), height=100)
            _problem("consulted")
        with right:
            st.text_area(**_widget("informed"), height=100)
            _problem("informed")


def options(proposal: Proposal | None, frozen: bool) -> None:
    _ = translator()
    with st.container(border=True):
        st.header(_(fields.OPTIONS), anchor=fields.OPTIONS_SECTION)
        st.caption(
            _(
                "From 2 to {maximum} options are compared, “Keep as is” included; "
                "every option is scored against carrying on as today.",
                maximum=proposals.MAX_OPTIONS,
            )
        )
        if frozen and proposal is not None:
            _frozen_options(proposal)
        else:
            _option_rows()
        _problem("baseline")  # the use case lists the baseline's and the alternatives' problems together


def _frozen_options(proposal: Proposal) -> None:
    _ = translator()
    rows = [(_("Keep as is"), proposal.baseline.description)]
    rows += [(option.title, option.description) for option in form.alternatives(proposal)]
    st.table(
        [
            {_("No."): str(number), _("Option"): plain(title), _("What it means"): plain(description)}
            for number, (title, description) in enumerate(rows, start=1)
        ],
        hide_index=True,
    )
    st.caption(
        _(
            "The options are frozen because blind scoring has started: "
            "every rater must score the same options."
        )
    )


def _option_rows() -> None:
    _ = translator()
    keep, always = _("Keep as is"), _("always an option")
    st.markdown(f"**1\\. {keep}** · {always}")
    st.text_area(**_widget("baseline"), height=68)
    count = int(st.session_state[form.COUNT])
    for index in range(count):
        title_column, description_column, remove_column = st.columns([4, 7, 1], vertical_alignment="top")
        # At least one option besides "keep as is" needs a title: the first one's is marked.
        title_column.text_input(
            _("Option {number}", number=index + 2) + (fields.REQUIRED_MARK if index == 0 else ""),
            key=fields.option_key(index, "title"),
            max_chars=forms.TITLE_LIMIT,
            placeholder=_("A short title"),
        )
        # A text area, not a line: a description is often a few sentences, and a line cuts it off.
        description_column.text_area(
            _("What it means"),
            key=fields.option_key(index, "description"),
            height=68,
        )
        remove_column.space("medium")  # beside the fields' boxes, below their labels
        remove_column.button(
            _("Remove"),  # a button of an icon alone is read out as »delete icon«
            icon=":material/delete:",
            key=f"proposal.remove_option.{index}",
            help=_("Remove this option"),
            on_click=form.remove_option,
            args=(index,),
            disabled=count <= 1,
        )
    st.button(
        _("Add an option"),
        icon=":material/add:",
        key="proposal.add_option",
        on_click=form.add_option,
        disabled=count >= proposals.MAX_OPTIONS - 1,
    )


def _locked_list(name: str, items: Sequence[str]) -> None:
    """A field locked once scoring has started, shown as what it holds, not as a box to edit."""
    _ = translator()
    label, locked = _(fields.FIELD[name].label), _("locked once scoring has started")
    st.markdown(f"**{label}** · {locked}")
    st.markdown("\n".join(f"- {plain(item)}" for item in items) if items else _("None chosen."))


def who_scores(
    directory: organisation.Directory,
    rubrics: Sequence[organisation.RubricEntry],
    proposal: Proposal | None,
    frozen: bool,
) -> None:
    _ = translator()
    with st.container(border=True):
        st.header(_("Who scores, and against what"), anchor=fields.WHO_SCORES)
        professions = {p.id: p.name for p in directory.professions}
        if frozen and proposal is not None:
            # Locked: a list, not a disabled box, which Streamlit draws at 2.6:1 (axe: color-contrast).
            _locked_list(
                "professions", [professions.get(i, str(i)) for i in proposal.affected_profession_ids]
            )
        else:
            st.multiselect(
                **_widget("professions"),
                options=list(professions),
                format_func=lambda profession_id: professions.get(profession_id, str(profession_id)),
                placeholder=_("Choose the professions whose work changes"),
                select_all=False,  # Streamlit's »Select all« is English, and read out
                help=_("Criteria about the professions are scored once for each profession chosen here."),
            )
        _problem("professions")
        people = {person.id: person for person in directory.people}
        panel_ids = list(dict.fromkeys([*people, *(st.session_state.get(fields.FIELD["panel"].key) or [])]))

        def person_label(person_id: int) -> str:
            person = people.get(person_id)
            if person is None:
                return _("Person {id} (no longer active)", id=person_id)
            profession = directory.profession(person.profession_id)
            return f"{person.name} ({profession.name})" if profession else person.name

        st.multiselect(
            **_widget("panel"),
            options=panel_ids,
            format_func=person_label,
            placeholder=_("Choose the people who score the options"),
            select_all=False,
            help=_(
                "Choose raters from every affected profession; at least {minimum}.",
                minimum=proposals.MIN_PANEL,
            ),
        )
        _problem("panel")
        titles = {entry.ref: entry for entry in rubrics}
        st.selectbox(
            **_locked_once_scoring("rubric", frozen),
            options=[entry.ref for entry in rubrics],
            format_func=lambda ref: (
                f"{titles[ref].rubric.title(_.language)} ({ref.rubric_id} {ref.version})"
                if ref in titles
                else ref.rubric_id
            ),
            placeholder=_("Choose a rubric"),
            help=_(
                "The questions every option is scored against. It cannot change once scoring has started."
            ),
        )
        _problem("rubric")
        st.toggle(
            **_widget("show_names"),
            disabled=frozen,
            help=_(
                "Off: raters are shown as Participant A, B, … in the discussion and in the decision summary. "
                "Turn it on only if the panel agrees. It cannot change once scoring has started."
            ),
        )
        _problem("show_names")
