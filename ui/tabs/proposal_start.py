"""For a draft: what starting blind scoring means, and the button that starts it (once the form is saved)."""

from __future__ import annotations

import streamlit as st

from assessment import proposals
from assessment.kernel.model import Proposal
from ui.context import translator
from ui.outcome import show_outcome
from ui.tabs import proposal_form as form


def start_blind_scoring(proposal: Proposal) -> None:
    """For a draft: what starting blind scoring means, and the button (once the form is saved)."""
    _ = translator()
    with st.container(border=True):
        st.header(_("Start blind scoring"))
        st.markdown(
            _(
                "When scoring starts, each rater on the panel scores every option on their own, against the "
                "rubric. Nobody can see the others' scores until the reveal, so that everyone's own "
                "judgement is heard before the discussion. From then on the options and the rubric can no "
                "longer be changed."
            )
        )
        st.caption(
            _(
                "The panel has {count} raters; at least {minimum} are needed.",
                count=len(proposal.panel),
                minimum=proposals.MIN_PANEL,
            )
        )
        unsaved = form.unsaved(proposal)
        if unsaved:
            st.warning(_(form.UNSAVED))
        st.button(
            _("Start blind scoring"),
            icon=":material/how_to_vote:",
            key="proposal.start_scoring",
            on_click=form.start_scoring,
            args=(proposal,),
            disabled=unsaved,
        )
        show_outcome(form.START_OUTCOME, keep=True)
