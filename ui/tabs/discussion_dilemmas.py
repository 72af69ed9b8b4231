"""Discussion, the Dilemmas tab: the dilemma log, changing a dilemma's status, and recording a new one,
optionally starting from one of the booklet's dilemmas."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from assessment import dilemmas, discussion_views
from assessment.dilemmas import STARTING_POINTS, starting_point
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import DilemmaStatus
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt_and_rerun
from ui.widgets import plain

START = "discussion.dilemma.start"
# The new dilemma's form: the use case's name of each field, its widget key and its label.
FIELDS = {
    "text": ("discussion.dilemma.text", N_("The dilemma")),
    "pole_a": ("discussion.dilemma.pole_a", N_("One pole")),
    "pole_b": ("discussion.dilemma.pole_b", N_("The other pole")),
    "option_id": ("discussion.dilemma.option", N_("Linked option (optional)")),
    "criterion_key": ("discussion.dilemma.criterion", N_("Linked criterion (optional)")),
}
TEXT, POLE_A, POLE_B, OPTION, CRITERION = (key for key, _label in FIELDS.values())
SAVED = ":material/check:"


def _fill_from_booklet(suggested_criteria: Mapping[str, str | None]) -> None:
    """Pre-fill the form with the chosen dilemma from the booklet, in the reader's language."""
    key = st.session_state.get(START)
    if not key:
        return
    _ = translator()
    point = starting_point(key)
    st.session_state[TEXT] = _(point.text)
    st.session_state[POLE_A] = _(point.pole_a)
    st.session_state[POLE_B] = _(point.pole_b)
    st.session_state[CRITERION] = suggested_criteria.get(point.key)


def _record_dilemma(proposal_id: int) -> Outcome:
    state = st.session_state
    dilemmas.record_dilemma(
        unit_of_work(),
        proposal_id,
        **{name: state.get(key) for name, (key, _label) in FIELDS.items()},
        actor=current_actor(),
    )
    for key in (*(key for key, _label in FIELDS.values()), START):
        state.pop(key, None)  # the form is empty on the run that follows
    return Outcome(success=Message(N_("The dilemma is recorded.")), icon=SAVED)


def _set_status(proposal_id: int, dilemma_id: int, status: DilemmaStatus, note: str) -> Outcome:
    dilemmas.set_dilemma_status(
        unit_of_work(), proposal_id, dilemma_id, status=status, note=note, actor=current_actor()
    )
    return Outcome(success=Message(N_("The dilemma's status is saved.")), icon=SAVED)


def render(
    view: discussion_views.DiscussionView, options: Mapping[int, discussion_views.OptionView], done: str
) -> None:
    """``done``: where a saved dilemma's confirmation is kept for the top of the page."""
    _ = translator()
    st.header(_("The dilemma log"), anchor=False)
    st.caption(
        _(
            "The value lies in the dialogue: name the dilemmas and necessary conflicts instead of hiding "
            "them. Give each its two poles, link it to an option and a criterion, and mark it handled when "
            "the committee has agreed how to deal with it – or to revisit at the follow-up."
        )
    )
    if not view.dilemmas:
        st.info(_("No dilemmas have been recorded yet."))
    else:
        st.table(
            [
                {
                    _("Status"): dilemma.status_label,
                    _("Dilemma"): plain(dilemma.text),
                    _("Poles"): plain(f"{dilemma.pole_a} ↔ {dilemma.pole_b}")
                    if dilemma.pole_a or dilemma.pole_b
                    else "",
                    _("Linked to"): plain(
                        " · ".join(filter(None, (dilemma.option_title, dilemma.criterion_label)))
                    ),
                    _("Note"): plain(dilemma.note),
                }
                for dilemma in view.dilemmas
            ],
            hide_index=True,
        )
    if view.dilemmas and view.can_change_dilemmas:
        _change_status(view, done)
    if view.can_write:
        _record_form(view, options, done)


def _change_status(view: discussion_views.DiscussionView, done: str) -> None:
    _ = translator()
    status_box = st.container(border=True)
    status_box.markdown("**" + _("Change the status of a dilemma") + "**")
    recorded = {dilemma.id: dilemma for dilemma in view.dilemmas}
    dilemma_id = status_box.selectbox(
        _("Dilemma"),
        list(recorded),
        format_func=lambda key: f"{recorded[key].status_label} · {recorded[key].text[:90]}",
        key="discussion.status.dilemma",
        placeholder=_("Choose"),
    )
    current = recorded[dilemma_id]
    statuses = list(DilemmaStatus)
    status = status_box.radio(
        _("Status"),
        statuses,
        index=statuses.index(current.status),
        format_func=lambda s: _(discussion_views.DILEMMA_STATUS_LABELS[s]),
        horizontal=True,
        key=f"discussion.status.value.{dilemma_id}",
    )
    note = status_box.text_area(
        _("Note: what was agreed, or why it is to be revisited"),
        value=current.note,
        key=f"discussion.status.note.{dilemma_id}",
        height=90,
    )
    if status_box.button(_("Save the status"), key="discussion.status.save"):
        attempt_and_rerun(done, lambda: _set_status(view.proposal_id, dilemma_id, status, note))


def _record_form(
    view: discussion_views.DiscussionView, options: Mapping[int, discussion_views.OptionView], done: str
) -> None:
    _ = translator()
    labels = {name: _(label) for name, (_key, label) in FIELDS.items()}
    criteria = dict(view.criteria)
    st.markdown("**" + _("Record a dilemma") + "**")
    points = {point.key: point for point in STARTING_POINTS}
    for key in (START, OPTION, CRITERION):
        st.session_state.setdefault(key, None)  # nothing chosen until the user chooses
    start = st.selectbox(
        _("Start from a dilemma from the booklet (optional)"),
        list(points),
        format_func=lambda key: _(points[key].title),
        placeholder=_("Write your own, or choose one to fill in the form"),
        key=START,
        on_change=_fill_from_booklet,
        args=(view.suggested_criteria,),
    )
    if start:
        st.caption(_("From “Kerneopgaven i hverdagen”: {source}", source=_(points[start].source)))
    with st.form("discussion.dilemma.form"):
        st.text_area(labels["text"], key=TEXT, height=110)
        left, right = st.columns(2)
        left.text_input(labels["pole_a"], key=POLE_A)
        right.text_input(labels["pole_b"], key=POLE_B)
        left, right = st.columns(2)
        left.selectbox(
            labels["option_id"],
            list(options),
            format_func=lambda key: options[key].title,
            placeholder=_("Not linked"),
            key=OPTION,
        )
        right.selectbox(
            labels["criterion_key"],
            list(criteria),
            format_func=criteria.__getitem__,
            placeholder=_("Not linked"),
            key=CRITERION,
        )
        if st.form_submit_button(_("Record the dilemma"), type="primary", key="discussion.dilemma.save"):
            attempt_and_rerun(done, lambda: _record_dilemma(view.proposal_id), labels)
