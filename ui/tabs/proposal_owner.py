"""The proposal form's section on who owns the decision: the management level, and the MED committee
involved, chosen among the committees of the proposal's unit and the units above it
(``assessment/med_committees.py``), or written by hand where the organisation has no committees.
"""

from __future__ import annotations

import streamlit as st

from assessment import med_committees
from assessment.kernel import forms
from assessment.kernel.model import Proposal
from ui.context import current_actor, translator, unit_of_work
from ui.tabs import proposal_fields as fields
from ui.tabs.proposal_sections import _problem, _widget


def _committees(proposal: Proposal | None) -> dict[int | None, str]:
    """The MED committees the form offers for the chosen unit, by id, with how each is named: those of
    the unit and the units above it, nearest first, and the proposal's own while it stays in its unit."""
    _ = translator()
    state = st.session_state
    unit_id = state.get(fields.FIELD["unit"].key)
    choices = (
        med_committees.committee_choices(unit_of_work(), unit_id, actor=current_actor()) if unit_id else []
    )
    offered = {c.id: f"{c.name} ({_(med_committees.KIND_LABELS[c.kind]).lower()})" for c in choices}
    own = proposal.med_committee_id if proposal is not None and proposal.unit_id == unit_id else None
    if own is not None and own not in offered:
        offered[own] = proposal.med_committee if proposal else ""
    if state.get(fields.FIELD["committee"].key) not in offered:  # chosen for another unit: choose again
        state[fields.FIELD["committee"].key] = None
    return offered


def who_owns_the_decision(proposal: Proposal | None = None) -> None:
    _ = translator()
    committees = _committees(proposal)
    with st.container(border=True):
        st.header(_("Who owns the decision"), anchor=fields.WHO_DECIDES)
        left, right = st.columns(2)
        with left:
            st.text_input(
                **_widget("management_level"),
                max_chars=forms.TITLE_LIMIT,
                placeholder=_("e.g. the management of Hjemmeplejen Syd"),
            )
            _problem("management_level")
        with right:
            if committees:
                st.selectbox(
                    **_widget("committee"),
                    options=list(committees),
                    format_func=lambda committee_id: committees.get(committee_id, str(committee_id)),
                    placeholder=_("Choose the MED committee"),
                    help=_(
                        "The committees of the proposal's unit and of the units above it; the committee at "
                        "the level that decides is the one involved. Administrators keep the committees "
                        "up under Administration."
                    ),
                )
                _problem("committee")
            else:  # no committees in the organisation (yet): the committee is written by hand
                st.text_input(
                    **_widget("med_committee"),
                    max_chars=forms.TITLE_LIMIT,
                    placeholder=_("e.g. Lokal-MED Hjemmeplejen Syd"),
                )
                _problem("med_committee")
