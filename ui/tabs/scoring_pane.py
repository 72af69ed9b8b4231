"""Vurdering's question pane: one question at a time, across every option to score.

The options are columns (the baseline only where it is asked), a faceted question has a row per
facet, and every answer is kept at once as the rater's private draft
(:func:`assessment.score_drafts.save_draft`), so leaving, reloading or moving to another question
loses nothing. The pane is a fragment: an answer or a step to another question reruns only the pane,
not the screen around it.
"""

from __future__ import annotations

import streamlit as st

from assessment import score_drafts
from assessment.kernel.errors import DomainError, Message
from assessment.kernel.model import Option, Perspective
from assessment.kernel.rubric import FacetKind, Scale
from assessment.kernel.scoring import CellKey
from assessment.scoring_sheet import ScoringForm, scoring_form
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt, show_outcome
from ui.scoring_widgets import (
    DONT_KNOW_CHOICE,
    PERSPECTIVE_HINTS,
    ROUND_CHANGED,
    FormKeys,
    facet_name,
    level_label,
    option_title,
)
from ui.tabs.scoring_navigation import current_question, navigation
from ui.tabs.scoring_questions import Plan, Question, plan_of
from ui.tabs.scoring_submit import submit_part
from ui.widgets import plain, show_error


def hand_over(keys: FormKeys, form: ScoringForm) -> None:
    """The screen's full run passes the form it read to the pane, which then need not read it again."""
    st.session_state[keys.form] = form


@st.fragment
def question_pane(keys: FormKeys) -> None:
    """The question the rater is on, its answers, the way to the others, and the submit button."""
    _ = translator()
    form = _form(keys)
    if form is None:
        return
    if form.sheet.round is not keys.round:
        st.rerun(scope="app")  # the proposal moved on: the whole screen shows the new round
    plan = plan_of(form)
    if not plan.questions:
        st.info(_("There is nothing for you to answer on this proposal in this round."))
        return
    show_outcome(keys.outcome)
    question = plan.questions[current_question(keys, plan) - 1]
    st.progress(
        plan.answered() / plan.total if plan.total else 0.0,
        text=_(
            "Question {number} of {questions} · {answered} of {total} answers",
            number=question.number,
            questions=len(plan.questions),
            answered=plan.answered(),
            total=plan.total,
        ),
    )
    # One element, however many rows the question has: the buttons after it keep their place on the
    # page, so Streamlit keeps them, and the keyboard focus on Next, when the next question is larger.
    with st.container():
        _question(form, plan, question, keys)
    navigation(plan, question, keys)
    submit_part(plan, keys)


def _form(keys: FormKeys) -> ScoringForm | None:
    """The form handed over by the full run, or, on the pane's own rerun, read again: the answers
    just kept are then shown as stored, and a round that moved on is noticed."""
    handed = st.session_state.pop(keys.form, None)
    if isinstance(handed, ScoringForm):
        return handed
    try:
        return scoring_form(unit_of_work(), keys.proposal_id, actor=current_actor())
    except DomainError as error:
        show_error(error)
        return None


# The question -------------------------------------------------------------------------------


def _question(form: ScoringForm, plan: Plan, question: Question, keys: FormKeys) -> None:
    _ = translator()
    language = _.language
    criterion = question.criterion
    scale = form.sheet.rubric.scale_of(criterion)
    st.caption(plain(question.dimension.title(language)))
    st.header(f"{question.number}. {plain(criterion.question(language))}", anchor=False)
    if criterion.help:
        st.markdown(plain(criterion.help(language)))
    if not criterion.aggregate:
        st.caption(
            _("This answer is a step on a ladder, not a grade: it is never added to the other scores.")
        )
    with st.popover(_("What do the levels mean?"), icon=":material/help:"):
        st.markdown(
            "\n".join(
                f"- **{plain(level_label(scale, value, language))}**: "
                f"{plain(criterion.descriptor(value)(language))}"
                for value in scale.values
            )
            + "\n- **"
            + _("Don't know")
            + "**: "
            + _("You cannot judge this. It counts as answered, but not in the averages.")
        )
    if question.baseline_fixed:
        st.caption(
            _("“Keep as is” is not asked this question: keeping things as they are counts as no difference.")
        )
    header = st.columns(len(question.options))
    for column, option in zip(header, question.options, strict=True):
        column.markdown(f"**{plain(option_title(option, _))}**")
    for facet in question.facets:
        if facet:
            _facet_heading(form, question, facet)
        columns = st.columns(len(question.options), border=True)
        for column, option in zip(columns, question.options, strict=True):
            cell = (option.id or 0, criterion.key, facet)
            with column:
                if cell in question.cells:
                    _cell(form, plan, question, option, cell, scale, keys)


def _facet_heading(form: ScoringForm, question: Question, facet: str) -> None:
    _ = translator()
    criterion = question.criterion
    st.markdown(f"**{plain(facet_name(form.sheet.professions, criterion, facet, _))}**")
    if criterion.facets is FacetKind.PERSPECTIVE:
        hint = _(PERSPECTIVE_HINTS[facet])
        ours = form.core_task.perspective(Perspective(facet)) if form.core_task else ""
        st.caption(plain(hint) + ("  \n" + plain(_("In our unit: {text}", text=ours)) if ours else ""))


def _cell(
    form: ScoringForm,
    plan: Plan,
    question: Question,
    option: Option,
    cell: CellKey,
    scale: Scale,
    keys: FormKeys,
) -> None:
    """One answer: the levels by name and "don't know", and the reason, both labelled with the
    question and the option (and facet), so a screen reader tells the answers apart."""
    _ = translator()
    language = _.language
    facet = cell[2]
    given = plan.given.get(cell)
    choices: list[int | str] = [*scale.values, DONT_KNOW_CHOICE]
    index = None
    if given is not None and given.answered:
        index = choices.index(DONT_KNOW_CHOICE if given.level is None else given.level)
    about = question.criterion.question(language)
    if facet:
        about += " — " + facet_name(form.sheet.professions, question.criterion, facet, _)
    about += " — " + option_title(option, _)

    def label(choice: int | str) -> str:
        return _("Don't know") if choice == DONT_KNOW_CHOICE else level_label(scale, int(choice), language)

    st.radio(
        plain(about),
        choices,
        index=index,
        # Radio options are Markdown, and the level names come from a rubric file.
        format_func=lambda choice: plain(label(choice)),
        key=keys.level(*cell),
        label_visibility="collapsed",
        on_change=save_answer,
        args=(keys, cell),
    )
    st.text_area(
        plain(_("Reason — {about}", about=about)),
        value=given.reason if given else "",
        key=keys.reason(*cell),
        height=68,
        placeholder=_("Reason (optional)"),
        label_visibility="collapsed",
        on_change=save_answer,
        args=(keys, cell),
    )
    if given is not None and given.revised:
        st.caption(_("changed in round 2"))
    elif given is not None and not given.answered and given.reason:
        st.caption(_("Your reason is kept. Choose a level or “Don't know” to answer."))


def save_answer(keys: FormKeys, cell: CellKey) -> None:
    """A level chosen or a reason written: kept at once as the rater's draft, in one small write.

    An answer given on a screen drawn in an earlier round saves nothing: the use case says so, the
    pane says why, and the screen moves on to the new round.
    """
    option_id, criterion_key, facet = cell
    choice = st.session_state.get(keys.level(*cell))
    reason = str(st.session_state.get(keys.reason(*cell)) or "")
    # No level yet: only the reason is kept (an emptied reason clears the draft).
    level = None if choice is None or choice == DONT_KNOW_CHOICE else int(choice)

    def keep() -> Outcome | None:
        saved = score_drafts.save_draft(
            unit_of_work(),
            keys.proposal_id,
            option_id,
            criterion_key,
            facet,
            level,
            reason,
            answered=choice is not None,
            drawn_in=keys.round,
            actor=current_actor(),
        )
        return Outcome(warning=Message(ROUND_CHANGED)) if saved.round_changed else None

    attempt(keys.outcome, keep)
