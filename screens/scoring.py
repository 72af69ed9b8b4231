"""Vurdering: a panel member answers one question at a time across every option, and sees only their
own answers. Answers are kept as a private draft as they go; submitting them is one deliberate act."""

from __future__ import annotations

import streamlit as st

from assessment.kernel.errors import DomainError, NotAllowed
from assessment.scoring_sheet import SCORABLE, proposals_to_score, scoring_form
from ui.context import current_actor, translator, unit_of_work
from ui.scoring_widgets import READABLE_WIDTH, FormKeys, round_intro
from ui.tabs.scoring_about import about_proposal
from ui.tabs.scoring_pane import hand_over, question_pane
from ui.widgets import PICKER_LIMIT, choose_proposal, plain, show_error, stop_unless_status

_ = translator()
st.title(_("Scoring"), anchor=False)

person_id = current_actor().person_id
if person_id is None:
    st.info(
        _("Choose who you are under “You are working as” in the sidebar; then your proposals appear here.")
    )
    st.stop()

uow = unit_of_work()
# The picker offers at most PICKER_LIMIT proposals, most urgent first, as the other pickers do: a
# person on very many panels would otherwise be sent every one of them on every run.
to_score = proposals_to_score(uow, actor=current_actor(), limit=PICKER_LIMIT)
proposal = choose_proposal(summaries=to_score, key="score.proposal")
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
    about_proposal(proposal, form)

keys = FormKeys(proposal.id, person_id, form.sheet.round)
hand_over(keys, form)
question_pane(keys)
