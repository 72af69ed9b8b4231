"""Beslutning: the decision after the discussion, its follow-up, and expected against actual."""

from __future__ import annotations

import streamlit as st

from assessment import decision, outcomes
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import DomainError
from assessment.kernel.lifecycle import REVEALED
from assessment.kernel.model import Proposal, Status
from assessment.kernel.permissions import Action, allows
from ui.context import current_actor, translator, unit_of_work
from ui.downloads import summary_downloads
from ui.outcome import show_outcome
from ui.tabs import (
    follow_up_calendar,
    follow_up_section,
    proposal_evidence,
    proposal_med,
    proposal_plan,
    proposal_readiness,
)
from ui.tabs.decision_form import record_decision_form
from ui.widgets import choose_proposal, plain, show_error, stop_unless_status

OUTCOME = "decision.flash"  # what the last action did, shown at the top of the page on the run that follows

_ = translator()


def preparation(proposal: Proposal, *, editable: bool) -> None:
    """What the summary says besides the scores, kept up by the leaders until the decision: the MED
    steps and consultations, the economy and consequences, the readiness checklist, the citizens' voice."""
    st.header(_("Preparing the decision") if editable else _("The decision paper"), anchor=False)
    if editable:
        st.caption(
            _(
                "Kept up until the decision, and all of it goes into the decision summary: how the MED "
                "committee and others were heard, the economy and consequences, the readiness checklist "
                "and what the citizens' voice rests on."
            )
        )
    tabs = st.tabs(
        [_("MED and consultation"), _("Economy and consequences"), _("Readiness"), _("The citizens' voice")]
    )
    for tab, section in zip(
        tabs, (proposal_med, proposal_plan, proposal_readiness, proposal_evidence), strict=True
    ):
        with tab:
            section.show(proposal, editable=editable)


def field(label: str, value: str, empty: str = "–") -> None:
    """One part of the decision: its label, then the text exactly as it was written."""
    st.markdown(f"**{label}**")
    st.text(value or empty)


st.title(_("Decision"), anchor=False)
proposal = choose_proposal(sorted(REVEALED), key="decision.proposal")
if proposal is None or proposal.id is None:
    st.info(
        _(
            "No proposal is ready for a decision yet. A proposal comes here after its scores have been "
            "revealed and discussed."
        )
    )
    st.stop()
stop_unless_status(
    proposal,
    REVEALED,
    _(
        "This screen records the decision after the discussion, and at the follow-up compares what was "
        "expected with what actually happened."
    ),
)

uow = unit_of_work()
try:
    view = decision.decision_view(uow, proposal.id, _, actor=current_actor())
except DomainError as error:
    show_error(error)
    st.stop()
show_outcome(OUTCOME)
options = {option.id: option for option in view.options}
today = today_in_denmark()

# Before the decision: the form --------------------------------------------------------------------
if view.status is Status.DISCUSSION:
    with st.container(border=True):
        st.markdown("**" + _("Before you decide") + "**")
        st.write(
            _.plural(
                "The discussion found {count} hot spot.",
                "The discussion found {count} hot spots.",
                view.hot_spots,
            )
            + " "
            + _.plural(
                "{count} dilemma is not yet handled.",
                "{count} dilemmas are not yet handled.",
                len(view.open_dilemmas),
            )
        )
        for text in view.open_dilemmas:
            st.text("• " + text)
        st.page_link(
            "screens/discussion.py",
            label=_("Back to the discussion"),
            icon=":material/forum:",
            query_params={"proposal": str(view.proposal_id)},
        )

    preparation(proposal, editable=True)
    if not allows(current_actor(), Action.RECORD_DECISION, proposal.unit_id, proposal.status):
        st.info(_("The unit's leader records the decision here after the MED committee has been heard."))
        st.stop()
    record_decision_form(uow, view, OUTCOME)
    st.stop()

# The decision as recorded -------------------------------------------------------------------------
recorded = view.decision
if recorded is None:
    st.warning(_("The proposal has moved on, but no decision is stored for it."))
    st.stop()

try:
    follow_up = outcomes.outcomes_view(uow, view.proposal_id, actor=current_actor())
except DomainError as error:
    show_error(error)
    st.stop()
# A due follow-up is what the person opening the proposal has come for (the overview's list of due
# follow-ups opens this screen): it comes first, the decision after it. A closed proposal is done.
follow_up_first = (
    view.status is not Status.CLOSED and today >= recorded.follow_up_date and follow_up.conclusion is None
)


def decision_record() -> None:
    """The decision as recorded, the decision paper, the discussion's record and the summary."""
    st.header(_("Decided: {option}", option=plain(view.chosen_title)), anchor=False)
    st.caption(
        _("Decided by {name}, {time}", name=plain(view.decided_by), time=_.datetime(recorded.decided_at))
        if view.decided_by
        else _.datetime(recorded.decided_at)
    )
    if not follow_up_first:  # the follow-up is one click further down the page
        to_follow_up = _("Go to the follow-up (date {date})", date=_.date(recorded.follow_up_date))
        st.markdown(f"[{to_follow_up}](#{follow_up_calendar.ANCHOR})")
    left, right = st.columns(2)
    with left:
        field(_("Justification"), recorded.justification)
        field(_("The MED committee's statement"), recorded.med_statement)
        field(_("The employee side's remarks"), recorded.employee_remarks, empty=_("None recorded."))
        field(_("Dissent"), recorded.dissent, empty=_("No dissent was recorded."))
        field(_("Conditions"), recorded.conditions, empty=_("No conditions."))
    with right:
        meeting = [_.date(recorded.meeting_date) if recorded.meeting_date else "", recorded.agenda_item]
        field(_("The meeting"), " · ".join(part for part in meeting if part), empty=_("Not recorded."))
        field(_("Who took part in the decision"), recorded.participants, empty=_("Not recorded."))
        field(_("Responsible for carrying it out"), view.implementation_responsible, empty=_("Not named."))
        field(_("Responsible for the follow-up"), view.follow_up_responsible, empty=_("Not named."))
        field(_("Communication"), recorded.communication, empty=_("Not recorded."))
        field(_("Follow-up date"), _.date(recorded.follow_up_date))
        field(_("Indicators for the follow-up"), recorded.indicators)

    preparation(proposal, editable=False)
    st.page_link(
        "screens/discussion.py",
        label=_("See the record of the discussion"),
        icon=":material/forum:",
        query_params={"proposal": str(view.proposal_id)},
    )
    st.header(_("Decision summary"), anchor=False)
    # The follow-up part below has the calendar file, under the follow-up's own heading.
    summary_downloads(proposal, key="decision.download", calendar=False)


if follow_up_first:
    st.warning(
        _(
            "The follow-up was due on {date}. It comes first here; the decision it follows up is below it.",
            date=_.date(recorded.follow_up_date),
        ),
        icon=":material/event_upcoming:",
    )
    follow_up_section.show(uow, view, recorded, follow_up, OUTCOME)
    st.divider()
    decision_record()
else:
    decision_record()
    st.divider()
    follow_up_section.show(uow, view, recorded, follow_up, OUTCOME)
