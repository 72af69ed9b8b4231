"""Discussion, the Gaps tab: gaps between the three perspectives, and between value to the citizen and
to society, each with the comments written on it and a form for one more."""

from __future__ import annotations

from functools import partial

import streamlit as st

from assessment import discussion, discussion_views
from assessment.kernel.errors import N_, Message
from assessment.kernel.repository import NoteKind
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt_and_rerun
from ui.widgets import number, plain


def _record_note(
    proposal_id: int, key: str, kind: NoteKind, option_id: int, criterion_key: str | None
) -> Outcome:
    discussion.record_note(
        unit_of_work(),
        proposal_id,
        kind=kind,
        text=st.session_state.get(f"{key}.text") or "",
        option_id=option_id,
        criterion_key=criterion_key,
        actor=current_actor(),
    )
    st.session_state.pop(f"{key}.text", None)  # the form is empty on the run that follows
    return Outcome(success=Message(N_("The comment is saved.")), icon=":material/check:")


def _notes_and_form(
    view: discussion_views.DiscussionView,
    done: str,
    notes: tuple[discussion_views.NoteView, ...],
    key: str,
    kind: NoteKind,
    option_id: int,
    criterion_key: str | None = None,
) -> None:
    _ = translator()
    for note in notes:
        st.caption(_.datetime(note.created_at))
        st.text(note.text)
    if not view.can_write:
        return
    with st.form(key, border=False):
        st.text_area(
            _("Comment"),
            key=f"{key}.text",
            placeholder=_("Why do the views differ, and what does it mean for the decision?"),
            height=90,
        )
        if st.form_submit_button(_("Save comment"), key=f"{key}.save"):
            attempt_and_rerun(
                done,
                partial(_record_note, view.proposal_id, key, kind, option_id, criterion_key),
                {"text": _("Comment")},
            )


def render(view: discussion_views.DiscussionView, done: str) -> None:
    """``done``: where a saved comment's confirmation is kept for the top of the page."""
    _ = translator()
    st.header(_("Gaps between the three perspectives"), anchor=False)
    st.caption(
        _(
            "The booklet's three views of the core task: formal (as decided), performed (as we do it) and "
            "experienced (by citizens). Where their medians differ by two steps or more, write down why, "
            "and what it means for the decision."
        )
    )
    if not view.gaps:
        st.success(_("The three perspectives do not differ by two steps or more on any option."))
    for gap in view.gaps:
        with st.container(border=True):
            st.markdown(f"**{plain(gap.option_title)}** · {plain(gap.criterion_label)}")
            st.write(
                _(
                    "{low}: median {low_median} · {high}: median {high_median} · gap of {gap} steps",
                    low=gap.low_label,
                    low_median=number(gap.low_median),
                    high=gap.high_label,
                    high_median=number(gap.high_median),
                    gap=number(gap.gap),
                )
            )
            _notes_and_form(
                view,
                done,
                gap.notes,
                f"discussion.gap.{gap.option_id}.{gap.criterion_key}",
                NoteKind.PERSPECTIVE_GAP,
                gap.option_id,
                gap.criterion_key,
            )

    st.header(_("Value to the citizen and value to society"), anchor=False)
    if not view.value_divergence_available:
        st.info(
            _(
                "This rubric has no separate criteria for value to the citizen and value to society on the "
                "same scale, so they cannot be compared."
            )
        )
    else:
        st.caption(
            _(
                "The core task is value for the citizen and/or for society. Where the two differ by two "
                "steps or more for an option, write down the reasoning: which weighs more here, and why?"
            )
        )
        if not view.divergences:
            st.success(_("On no option do the two differ by two steps or more."))
        for item in view.divergences:
            with st.container(border=True):
                st.markdown(f"**{plain(item.option_title)}**")
                st.write(
                    _(
                        "Value to the citizen: {citizen} · value to society: {society} · difference {difference}",
                        citizen=number(item.citizen),
                        society=number(item.society),
                        difference=number(item.difference),
                    )
                )
                _notes_and_form(
                    view,
                    done,
                    item.notes,
                    f"discussion.value.{item.option_id}",
                    NoteKind.VALUE_DIVERGENCE,
                    item.option_id,
                )
    if view.earlier_notes:
        st.header(_("Comments on gaps that have since closed"), anchor=False)
        for about, note in view.earlier_notes:
            st.caption(f"{plain(about)} · {_.datetime(note.created_at)}")
            st.text(note.text)
