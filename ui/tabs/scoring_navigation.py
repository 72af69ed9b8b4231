"""Vurdering's way between questions: the question the rater is on (kept per proposal, and in the
address as ?q= so a reload comes back to it), Previous and Next, and every question by area."""

from __future__ import annotations

import textwrap

import streamlit as st

from ui.context import translator
from ui.scoring_widgets import QUESTION_PARAM, FormKeys
from ui.tabs.scoring_questions import Plan, Question
from ui.widgets import plain

# Set once a session has placed the rater on a question: from then on the question is the
# session's to remember per proposal, and an old ?q= in the address no longer applies.
STARTED = "score.question.started"
JUMP_LABEL_LENGTH = 70


def current_question(keys: FormKeys, plan: Plan) -> int:
    """The question the rater is on: kept per proposal in the session; on a fresh session (a
    reload) the address's ?q=; else the first question not yet fully answered."""
    number = st.session_state.get(keys.question)
    if not isinstance(number, int):
        wanted = st.query_params.get(QUESTION_PARAM, "")
        fresh = STARTED not in st.session_state
        number = int(wanted) if fresh and wanted.isdigit() else plan.first_open()
    number = min(max(number, 1), len(plan.questions))
    st.session_state[STARTED] = True
    st.session_state[keys.question] = number
    if st.query_params.get(QUESTION_PARAM) != str(number):
        st.query_params[QUESTION_PARAM] = str(number)
    return number


def go(keys: FormKeys, number: int) -> None:
    st.session_state[keys.question] = number


# Moving between questions --------------------------------------------------------------------


def navigation(plan: Plan, question: Question, keys: FormKeys) -> None:
    _ = translator()
    last = len(plan.questions)
    back, forward, everything = st.columns([1, 1, 2], vertical_alignment="center")
    back.button(
        _("Previous"),
        key="score.previous",
        icon=":material/arrow_back:",
        disabled=question.number == 1,
        on_click=go,
        args=(keys, question.number - 1),
        width="stretch",
    )
    forward.button(
        _("Next"),
        key="score.next",
        icon=":material/arrow_forward:",
        type="primary",
        disabled=question.number == last,
        on_click=go,
        args=(keys, question.number + 1),
        width="stretch",
    )
    with everything.popover(_("All questions"), icon=":material/list:", width="stretch"):
        _jump_list(plan, question, keys)


def _jump_list(plan: Plan, current: Question, keys: FormKeys) -> None:
    """Every question by area, marked answered, partly answered or open; a click goes there."""
    _ = translator()
    language = _.language
    area = None
    for question in plan.questions:
        if question.dimension.key != area:
            area = question.dimension.key
            st.caption(plain(question.dimension.title(language)))
        answered = plan.answered(question)
        if answered == len(question.cells):
            icon, state = ":material/check_circle:", _("answered")
        elif answered:
            icon, state = ":material/incomplete_circle:", _("partly answered")
        else:
            icon, state = ":material/radio_button_unchecked:", _("not answered")
        text = textwrap.shorten(question.criterion.question(language), JUMP_LABEL_LENGTH, placeholder="…")
        st.button(
            f"{question.number}. {plain(text)}",
            key=keys.jump(question.number),
            icon=icon,
            help=state,
            type="tertiary",
            disabled=question is current,
            on_click=go,
            args=(keys, question.number),
        )
