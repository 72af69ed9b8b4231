"""Beslutning: the decision after the discussion, its follow-up, and expected against actual."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from assessment import decision, proposals
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import N_, DomainError, Message
from assessment.kernel.lifecycle import REVEALED
from assessment.kernel.model import Status
from assessment.kernel.permissions import Action, allows
from ui.context import current_actor, translator, unit_of_work
from ui.downloads import summary_downloads
from ui.outcome import Outcome, attempt_and_rerun, show_outcome
from ui.widgets import choose_proposal, criterion_text, number, plain, show_error, stop_unless_status

OUTCOME = "decision.flash"  # what the last action did, shown at the top of the page on the run that follows
FOLLOW_UP_AFTER = timedelta(days=182)  # the form suggests a follow-up about half a year later

_ = translator()


def signed(value: float | None) -> str:
    return "–" if value is None else ("+" if value > 0 else "") + number(value)


def confirmation(message: str) -> Outcome:
    """What a successful action says at the top of the page, on the run that follows."""
    return Outcome(success=Message(message), icon=":material/check:")


def field(label: str, value: str, empty: str = "–") -> None:
    """One part of the decision: its label, then the text exactly as it was written."""
    st.markdown(f"**{label}**")
    st.text(value or empty)


st.title(_("Decision"))
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

    if not allows(current_actor(), Action.RECORD_DECISION, proposal.unit_id, proposal.status):
        st.info(_("The unit's leader records the decision here after the MED committee has been heard."))
        st.stop()
    labels = {
        "chosen_option_id": _("Chosen option"),
        "justification": _("Justification"),
        "med_statement": _("The MED committee's statement"),
        "dissent": _("Dissent"),
        "conditions": _("Conditions"),
        "follow_up_date": _("Follow-up date"),
        "indicators": _("Indicators for the follow-up"),
    }
    with st.form("decision.form"):
        st.subheader(_("Record the decision"))
        chosen = st.selectbox(
            labels["chosen_option_id"],
            list(options),
            index=None,
            format_func=lambda option_id: options[option_id].title,
            placeholder=_("Choose the option that was decided"),
            key="decision.option",
        )
        justification = st.text_area(
            labels["justification"],
            help=_(
                "Why this option: what it does for the core task, and how the scores and the discussion weighed."
            ),
            key="decision.justification",
        )
        med_statement = st.text_area(
            labels["med_statement"],
            help=_("What the MED committee says about the decision, as agreed in the meeting."),
            key="decision.med_statement",
        )
        dissent = st.text_area(
            labels["dissent"],
            help=_("The minority's view in its own words."),
            key="decision.dissent",
        )
        st.caption(
            _(
                "Write any dissent (minority views) here. Leave the field empty only if there is none: the "
                "summary will then say “No dissent was recorded”."
            )
        )
        conditions = st.text_area(
            labels["conditions"] + " " + _("(optional)"),
            help=_("What must hold for the decision, e.g. resources, training or an APV revision."),
            key="decision.conditions",
        )
        left, right = st.columns([1, 2])
        follow_up_date = left.date_input(
            labels["follow_up_date"],
            value=today + FOLLOW_UP_AFTER,
            min_value=today + timedelta(days=1),
            format="DD.MM.YYYY" if _.language == "da" else "YYYY-MM-DD",
            help=_("On this date the panel scores what actually happened, on the same rubric."),
            key="decision.follow_up_date",
        )
        indicators = right.text_area(
            labels["indicators"],
            help=_("What will show whether it worked – effects for citizens, not only activities."),
            height=100,
            key="decision.indicators",
        )
        st.warning(
            _(
                "Recording the decision locks the scores: nobody can change a score after this, and the "
                "proposal moves to “decided”."
            ),
            icon=":material/lock:",
        )
        if st.form_submit_button(_("Record the decision"), type="primary", key="decision.submit"):

            def record() -> Outcome:
                decision.record_decision(
                    uow,
                    view.proposal_id,
                    decision.DecisionInput(
                        chosen_option_id=chosen,
                        justification=justification,
                        med_statement=med_statement,
                        dissent=dissent,
                        conditions=conditions,
                        follow_up_date=follow_up_date,
                        indicators=indicators,
                    ),
                    actor=current_actor(),
                )
                return confirmation(N_("The decision is recorded, and the scores are locked."))

            attempt_and_rerun(OUTCOME, record, labels)
    st.stop()

# The decision as recorded -------------------------------------------------------------------------
recorded = view.decision
if recorded is None:
    st.warning(_("The proposal has moved on, but no decision is stored for it."))
    st.stop()

st.subheader(_("Decided: {option}", option=plain(view.chosen_title)))
st.caption(
    _("Decided by {name}, {time}", name=plain(view.decided_by), time=_.datetime(recorded.decided_at))
    if view.decided_by
    else _.datetime(recorded.decided_at)
)
left, right = st.columns(2)
with left:
    field(_("Justification"), recorded.justification)
    field(_("The MED committee's statement"), recorded.med_statement)
    field(_("Dissent"), recorded.dissent, empty=_("No dissent was recorded."))
with right:
    field(_("Conditions"), recorded.conditions, empty=_("No conditions."))
    field(_("Indicators for the follow-up"), recorded.indicators)
    field(_("Follow-up date"), _.date(recorded.follow_up_date))

st.page_link(
    "screens/discussion.py",
    label=_("See the record of the discussion"),
    icon=":material/forum:",
    query_params={"proposal": str(view.proposal_id)},
)
st.subheader(_("Decision summary"))
summary_downloads(proposal, key="decision.download")
st.divider()
if view.status is Status.DECIDED:
    st.subheader(_("Follow-up"))
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

        attempt_and_rerun(OUTCOME, start)
    st.stop()

# At follow-up and after: expected against actual -------------------------------------------------
st.subheader(_("Expected and actual"))
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

if view.status is Status.FOLLOW_UP:
    st.caption(
        _("Close the proposal when the follow-up has been discussed. A closed proposal can no longer change.")
    )
    if st.button(_("Close the proposal"), key="decision.close"):

        def close() -> Outcome:
            proposals.close_proposal(uow, view.proposal_id, actor=current_actor())
            return confirmation(N_("The proposal is closed."))

        attempt_and_rerun(OUTCOME, close)
else:
    st.success(_("The proposal is closed."), icon=":material/task_alt:")
