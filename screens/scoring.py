"""Vurdering: a panel member scores each option, criterion by criterion, and sees only their own scores."""

from __future__ import annotations

import streamlit as st

from assessment.kernel.errors import DomainError, NotAllowed
from assessment.scoring_sheet import SCORABLE, proposals_to_score, scoring_form
from ui.context import current_actor, translator, unit_of_work
from ui.scoring_widgets import (
    READABLE_WIDTH,
    FormKeys,
    option_form,
    option_title,
    progress_summary,
    round_intro,
)
from ui.widgets import choose_proposal, plain, show_error, stop_unless_status

_ = translator()
st.title(_("Scoring"))

person_id = current_actor().person_id
if person_id is None:
    st.info(
        _("Choose who you are under “You are working as” in the sidebar; then your proposals appear here.")
    )
    st.stop()

uow = unit_of_work()
proposal = choose_proposal(summaries=proposals_to_score(uow, actor=current_actor()), key="score.proposal")
if proposal is None or proposal.id is None:
    st.info(
        _(
            "There is nothing for you to score right now. A proposal appears here when its leader "
            "opens scoring with you on the panel."
        )
    )
    st.page_link("screens/overview.py", label=_("See all proposals"), icon=":material/dashboard:")
    st.stop()

stop_unless_status(
    proposal,
    SCORABLE,
    _("Here the panel scores the options: blind first, again after the discussion, and at follow-up."),
)
try:
    form = scoring_form(uow, proposal.id, actor=current_actor())
except NotAllowed as error:
    st.warning(
        plain(_.message(error))
        + " "
        + _(
            "The leader who owns the proposal chooses its panel. If you should take part, ask them to "
            "add you; until then you can read the proposal under Proposals."
        ),
        icon=":material/group_off:",
    )
    st.page_link("screens/overview.py", label=_("See all proposals"), icon=":material/dashboard:")
    st.stop()
except DomainError as error:
    show_error(error)
    st.stop()

with st.container(width=READABLE_WIDTH):
    round_intro(form.sheet.round)
    progress_summary(form)
    with st.expander(_("About the proposal")):
        st.markdown(plain(proposal.description))
        if form.core_task is not None:
            heading = _("Our core task")
            st.markdown(f"**{heading}**")
            st.markdown(plain(form.core_task.statement))

keys = FormKeys(proposal.id, person_id, form.sheet.round)
with st.container(width=READABLE_WIDTH):
    tabs = st.tabs([plain(option_title(option, _)) for option in form.options])
    for tab, option in zip(tabs, form.options, strict=True):
        with tab:
            option_form(form, keys, option)
