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
from assessment.kernel.errors import N_
from assessment.kernel.model import Decision, Status
from assessment.kernel.repository import UnitOfWork
from assessment.outcome_rules import FOLLOW_UP_STATE_LABELS
from assessment.outcomes import OutcomesView
from ui.context import current_actor, translator
from ui.outcome import Outcome, attempt_and_rerun
from ui.tabs import (
    follow_up_calendar,
    follow_up_conclusion,
    follow_up_indicators,
    follow_up_measure,
    follow_up_panel,
)
from ui.widgets import plain


def show(
    uow: UnitOfWork, view: DecisionView, recorded: Decision, follow_up: OutcomesView, outcome: str
) -> None:
    """The follow-up part of a decided proposal."""
    _ = translator()
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

    follow_up_panel.show(uow, view, recorded, outcome)
    follow_up_conclusion.conclusion(uow, follow_up, outcome)
    if view.status is Status.DECIDED:
        return
    if view.status is Status.FOLLOW_UP:
        st.caption(
            _(
                "Close the proposal when the follow-up has been discussed. A closed proposal can no longer change."
            )
        )
        if st.button(_("Close the proposal"), key="decision.close"):

            def close() -> Outcome:
                proposals.close_proposal(uow, view.proposal_id, actor=current_actor())
                return follow_up_panel.confirmation(N_("The proposal is closed."))

            attempt_and_rerun(outcome, close)
    else:
        st.success(_("The proposal is closed."), icon=":material/task_alt:")
