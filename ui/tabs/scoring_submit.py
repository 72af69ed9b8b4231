"""Vurdering's submit part: what is still unanswered, and "submit my answers" as one deliberate act.

Until then the answers are the rater's private drafts; submitting turns them into scores the panel
counts (:func:`assessment.score_drafts.submit_answers`), in one transaction.
"""

from __future__ import annotations

import textwrap

import streamlit as st

from assessment import score_drafts
from assessment.kernel.errors import N_, Message
from assessment.score_drafts import SubmitOutcome
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt, show_outcome
from ui.scoring_widgets import ROUND_CHANGED, FormKeys, option_title
from ui.tabs.scoring_questions import Plan
from ui.widgets import plain

LINE_LENGTH = 90
SHOWN_OPEN = 8  # unanswered questions listed by name; the rest are counted


def submit_part(plan: Plan, keys: FormKeys) -> None:
    _ = translator()
    language = _.language
    st.divider()
    st.header(_("Submit your answers"), anchor=False)
    open_questions = plan.unanswered()
    if open_questions:
        missing = sum(len(cells) for _question, cells in open_questions)
        lines = []
        for question, cells in open_questions[:SHOWN_OPEN]:
            text = textwrap.shorten(question.criterion.question(language), LINE_LENGTH, placeholder="…")
            line = f"- {question.number}. {plain(text)}"
            if len(cells) < len(question.cells):  # name the options only where some are answered
                options = {option.id: option for option in question.options}
                names = dict.fromkeys(option_title(options[cell[0]], _) for cell in cells)
                line += " — " + plain(_("missing: {options}", options=", ".join(names)))
            lines.append(line)
        if len(open_questions) > SHOWN_OPEN:
            lines.append("- " + _("and {count} more questions", count=len(open_questions) - SHOWN_OPEN))
        st.warning(
            "\n".join(
                [
                    _(
                        "Not answered yet: {missing} of {total} answers, in these questions. You can "
                        "submit now and answer the rest later, or choose “Don't know”.",
                        missing=missing,
                        total=plan.total,
                    ),
                    *lines,
                ]
            ),
            icon=":material/pending_actions:",
        )
    else:
        st.success(_("You have answered every question."), icon=":material/task_alt:")
    if plan.drafts:
        st.caption(
            _(
                "{count} answers are kept as your draft: only you can see them, and the panel counts "
                "them when you submit.",
                count=plan.drafts,
            )
        )
    elif plan.answered():
        st.caption(_("Everything you have answered is submitted."))
    else:
        st.caption(
            _(
                "Each answer is kept as your draft the moment you give it: only you can see it, and the "
                "panel counts your answers when you submit them."
            )
        )
    st.button(
        _("Submit my answers"),
        key="score.submit",
        type="primary",
        icon=":material/send:",
        disabled=not plan.drafts,
        on_click=submit,
        args=(keys,),
    )
    show_outcome(submitted_key(keys))


def submitted_key(keys: FormKeys) -> str:
    return f"{keys.outcome}.submit"


def submit(keys: FormKeys) -> None:
    """The button's callback: every draft of this rater and round becomes a score, in one use case."""

    def act() -> Outcome:
        return outcome_of_submit(
            score_drafts.submit_answers(
                unit_of_work(), keys.proposal_id, drawn_in=keys.round, actor=current_actor()
            )
        )

    attempt(submitted_key(keys), act)


def outcome_of_submit(submitted: SubmitOutcome) -> Outcome:
    """What to tell the rater after submitting, in their words."""
    if submitted.round_changed:
        return Outcome(warning=Message(ROUND_CHANGED))
    warning = None
    if submitted.reasons_without_level:
        warning = Message(
            N_(
                "{count} reasons have no level yet, so they were kept as your draft: choose a level or "
                "“Don't know” for them and submit again."
            ),
            {"count": len(submitted.reasons_without_level)},
        )
    if not submitted.saved:
        return Outcome(
            info=Message(N_("Nothing new to submit: your answers are already submitted.")), warning=warning
        )
    return Outcome(
        success=Message(
            N_(
                "Submitted: {count} new or changed answers. You can still change an answer and submit "
                "again while the round is open."
            ),
            {"count": submitted.saved},
        ),
        warning=warning,
        toast=True,
        icon=":material/check_circle:",
    )
