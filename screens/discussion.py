"""Drøftelse: after the reveal, where the panel disagrees, why, and which dilemmas it raises.

Each tab is a module in ``ui/tabs/`` (``discussion_hot_spots``, ``discussion_spread``,
``discussion_reasons``, ``discussion_professions``, ``discussion_gaps``, ``discussion_dilemmas``);
``discussion_citizens`` flags an experienced perspective that rests on no citizen evidence.
"""

from __future__ import annotations

import streamlit as st

from assessment import discussion
from assessment.kernel.errors import DomainError
from assessment.kernel.lifecycle import REVEALED
from assessment.kernel.model import Status
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import show_outcome
from ui.reveal import reveal_panel
from ui.tabs import (
    discussion_citizens,
    discussion_dilemmas,
    discussion_gaps,
    discussion_hot_spots,
    discussion_professions,
    discussion_reasons,
    discussion_spread,
)
from ui.widgets import choose_proposal, show_error, stop_unless_status

OUTCOME = "discussion.flash"  # what the last save did, shown at the top of the page on the run that follows

_ = translator()
st.title(_("Discussion"), anchor=False)
proposal = choose_proposal([Status.SCORING, *sorted(REVEALED)], key="discussion.proposal")
if proposal is None or proposal.id is None:
    st.info(
        _(
            "No proposal has had its scores revealed yet. When blind scoring is over, the proposal's "
            "owner reveals the scores, and the discussion starts here."
        )
    )
    st.stop()
if proposal.status is Status.SCORING:
    reveal_panel(proposal)
    st.stop()
stop_unless_status(
    proposal,
    REVEALED,
    _(
        "This screen is for the discussion after the reveal: where the panel disagrees, the reasons, "
        "the gaps and the dilemmas. Before the reveal nobody sees anyone else's scores."
    ),
)

uow = unit_of_work()
try:
    view = discussion.discussion_view(uow, proposal.id, _, actor=current_actor())
except DomainError as error:
    show_error(error)
    st.stop()

show_outcome(OUTCOME)
if view.status is not Status.DISCUSSION:
    st.info(
        _(
            "The decision has been recorded, so this is the record of the discussion. Dilemmas can "
            "still be followed up until the proposal is closed."
        ),
        icon=":material/history:",
    )

reasons_total = sum(row.count for row in view.reasons)
columns = st.columns(4)
columns[0].metric(_("Hot spots"), len(view.hot_spots))
columns[1].metric(_("Dilemmas not yet handled"), view.open_dilemmas)
columns[2].metric(_("Gaps to comment on"), len(view.gaps) + len(view.divergences))
columns[3].metric(_("Raters on the panel"), len(view.raters))
discussion_citizens.warning(view)

options = {option.id: option for option in view.options}
# Only the open tab's reading matter is drawn (on_change="rerun" makes .open tell which): drawing
# every reason, table and hot spot on every click was most of this screen's rerun. The tabs with a
# form (gaps, dilemmas) are always drawn, so text typed there survives a look at another tab. The
# labels carry no counts: a label that changes would make the tabs forget which one is open.
hot_spots_tab, spread_tab, reasons_tab, professions_tab, gaps_tab, dilemmas_tab = st.tabs(
    [
        _("Hot spots"),
        _("Spread of scores"),
        _("Reasons"),
        _("Professions"),
        _("Gaps to comment on"),
        _("Dilemmas"),
    ],
    key="discussion.tab",
    on_change="rerun",
)
if hot_spots_tab.open:
    with hot_spots_tab:
        discussion_hot_spots.render(view)
if spread_tab.open:
    with spread_tab:
        discussion_spread.render(view, options)
if reasons_tab.open:
    with reasons_tab:
        st.caption(_("{count} reasons written.", count=reasons_total))
        discussion_reasons.render(view)
if professions_tab.open:
    with professions_tab:
        discussion_professions.render(view)
with gaps_tab:
    discussion_citizens.render(view)
    discussion_gaps.render(view, OUTCOME)
with dilemmas_tab:
    discussion_dilemmas.render(view, options, OUTCOME)

# On to the decision -------------------------------------------------------------------------------
st.divider()
if view.status is Status.DISCUSSION:
    st.caption(
        _(
            "When the hot spots, gaps and dilemmas have been discussed, the MED committee records its "
            "statement and the leadership the decision."
        )
    )
    if st.button(
        _("Go on to the decision"), type="primary", icon=":material/gavel:", key="discussion.to_decision"
    ):
        st.switch_page("screens/decision.py", query_params={"proposal": str(view.proposal_id)})
else:
    st.page_link(
        "screens/decision.py",
        label=_("See the decision"),
        icon=":material/gavel:",
        query_params={"proposal": str(view.proposal_id)},
    )
