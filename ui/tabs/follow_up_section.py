"""Beslutning, once decided: the follow-up, as one part the screen puts after the decision, or first
when the follow-up is due (the overview's list of due follow-ups opens the screen there).

Its date, who is responsible and where it stands, the calendar file, the outcome indicators with
expected against measured, the panel's scores at the follow-up against what was expected, and the
conclusion.
"""

from __future__ import annotations

import streamlit as st

from assessment import proposals
from assessment.decision import DecisionView
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import Decision, Status
from assessment.kernel.repository import UnitOfWork
from assessment.outcome_rules import FOLLOW_UP_STATE_LABELS
from assessment.outcomes import OutcomesView
from ui.context import current_actor, translator
from ui.outcome import Outcome, attempt_and_rerun
from ui.tabs import follow_up_calendar, follow_up_conclusion, follow_up_indicators, follow_up_measure
from ui.widgets import criterion_text, number, plain


def signed(value: float | None) -> str:
    return "–" if value is None else ("+" if value > 0 else "") + number(value)


def confirmation(message: str) -> Outcome:
    """What a successful action says at the top of the page, on the run that follows."""
    return Outcome(success=Message(message), icon=":material/check:")


def show(
    uow: UnitOfWork, view: DecisionView, recorded: Decision, follow_up: OutcomesView, outcome: str
) -> None:
    """The follow-up part of a decided proposal."""
    _ = translator()
    today = today_in_denmark()
    st.header(_("Follow-up"), anchor=follow_up_calendar.ANCHOR)
    st.write(
        _(
            "Follow-up date: {date} · Responsible: {name} · State: {state}",
            date=_.date(follow_up.follow_up_date),
            name=plain(follow_up.follow_up_responsible) or _("Not named."),
            state=_(FOLLOW_UP_STATE_LABELS[follow_up.state]),
        )
    )
    follow_up_calendar.calendar_download(follow_up)
    follow_up_indicators.editor(uow, follow_up, outcome)
    follow_up_measure.measurements(uow, follow_up, outcome)

    st.subheader(_("The panel's scores at the follow-up"), anchor=False)
    if view.status is Status.DECIDED:
        st.info(
            _(
                "At the follow-up the panel scores what actually happened, on the same rubric, in the Scoring "
                "screen. This screen then shows it against what was expected after the discussion."
            ),
            icon=":material/update:",
        )
        if today < recorded.follow_up_date:
            st.caption(
                _(
                    "The follow-up date is {date}. Start earlier only if there is reason to.",
                    date=_.date(recorded.follow_up_date),
                )
            )
        if st.button(_("Start the follow-up"), type="primary", key="decision.start_follow_up"):

            def start() -> Outcome:
                proposals.start_follow_up(uow, view.proposal_id, actor=current_actor())
                return confirmation(
                    N_("The follow-up has started: the panel can now score what actually happened.")
                )

            attempt_and_rerun(outcome, start)
        follow_up_conclusion.conclusion(uow, follow_up, outcome)
        return

    # At follow-up and after: expected against actual -------------------------------------------------
    st.caption(
        _(
            "Expected: the panel's median after the discussion. Actual: the median of the follow-up scores, "
            "given on the chosen option only, since that is what happened. A positive difference means it "
            "turned out better than expected."
        )
    )
    if view.follow_up_scores == 0:
        st.info(
            _("No follow-up scores yet. The panel scores what actually happened in the Scoring screen."),
            icon=":material/how_to_vote:",
        )
        st.page_link("screens/scoring.py", label=_("Go to Scoring"), icon=":material/how_to_vote:")
    st.markdown(_("For the chosen option: **{option}**", option=plain(view.chosen_title)))
    st.table(
        [
            {
                _("Criterion"): plain(criterion_text(row.criterion_label, row.facet_label)),
                _("Expected"): number(row.expected),
                _("Actual"): number(row.actual),
                _("Difference"): signed(row.difference),
                _("Follow-up scores"): row.follow_up_scores,
            }
            for row in view.outcomes_of(recorded.chosen_option_id)
        ],
        hide_index=True,
    )
    follow_up_conclusion.conclusion(uow, follow_up, outcome)

    if view.status is Status.FOLLOW_UP:
        st.caption(
            _(
                "Close the proposal when the follow-up has been discussed. A closed proposal can no longer change."
            )
        )
        if st.button(_("Close the proposal"), key="decision.close"):

            def close() -> Outcome:
                proposals.close_proposal(uow, view.proposal_id, actor=current_actor())
                return confirmation(N_("The proposal is closed."))

            attempt_and_rerun(outcome, close)
    else:
        st.success(_("The proposal is closed."), icon=":material/task_alt:")
