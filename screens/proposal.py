"""Forslag: register a proposed change, or edit one until its scores are revealed.

The form's fields, how they are filled from the stored proposal and read back, and its buttons
are in ``ui/tabs/proposal_form.py``; its sections are drawn by ``ui/tabs/proposal_sections.py``.
"""

from __future__ import annotations

import streamlit as st

from assessment import organisation
from assessment.kernel.errors import StaleEdit
from assessment.kernel.lifecycle import EDITABLE, OPTIONS_EDITABLE, STATUS_LABELS
from assessment.kernel.model import Proposal, Status
from assessment.kernel.permissions import Action, allows
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import forget, show_outcome
from ui.tabs import (
    proposal_core_task,
    proposal_evidence,
    proposal_med,
    proposal_owner,
    proposal_plan,
    proposal_problems,
    proposal_readiness,
    proposal_start,
    proposal_workload,
)
from ui.tabs import proposal_fields as fields
from ui.tabs import proposal_form as form
from ui.tabs import proposal_sections as sections
from ui.widgets import QUERY_KEY, choose_proposal, plain, stop_unless_status

_ = translator()
st.title(_("Proposal"))
uow = unit_of_work()
directory = organisation.directory(uow, actor=current_actor())
rubrics = organisation.rubric_catalogue(uow, actor=current_actor())

if not directory.units or not rubrics:
    st.info(
        _(
            "Before a proposal can be registered, an administrator must add at least one unit "
            "and store at least one rubric under Administration."
        )
    )
    st.page_link("screens/admin.py", label=_("Go to Administration"), icon=":material/settings:")
    st.stop()

# Only a unit's leaders register and edit its proposals; everyone else follows them elsewhere.
creatable = {
    unit.id
    for unit in directory.units
    if unit.id is not None and allows(current_actor(), Action.CREATE_PROPOSAL, unit.id, Status.DRAFT)
}
if not creatable:
    st.info(
        _(
            "Proposals are registered and edited by the leaders of a unit. "
            "You can follow the proposals you may see on the overview."
        )
    )
    st.page_link("screens/overview.py", label=_("Go to the overview"), icon=":material/dashboard:")
    st.stop()

state = st.session_state
state.setdefault(form.MODE, "edit" if QUERY_KEY in st.query_params else "new")
mode = st.radio(
    _("What do you want to do?"),
    ["new", "edit"],
    format_func=lambda m: _("Register a new proposal") if m == "new" else _("Edit a proposal"),
    horizontal=True,
    key=form.MODE,
)

proposal: Proposal | None = None
if mode == "edit":
    proposal = choose_proposal((Status.DRAFT, Status.SCORING), key=form.PICK)
    if proposal is None:
        st.info(
            _(
                "There is no proposal in draft or blind scoring to edit. "
                "Choose “Register a new proposal” to register one."
            )
        )
        st.stop()
    stop_unless_status(
        proposal,
        EDITABLE,
        _("Here a proposal is registered, and edited until its scores are revealed."),
    )
elif QUERY_KEY in st.query_params:
    del st.query_params[QUERY_KEY]

target = (mode, proposal.id if proposal else None)
if state.get(form.LOADED) != target or form.SENTINEL not in state:
    if state.get(form.LOADED) is not None:
        forget(form.OUTCOME, form.START_OUTCOME)  # another proposal: the last one's messages no longer apply
    form.fill(proposal, organisation.default_rubric([entry.ref for entry in rubrics]))
    state[form.LOADED] = target

frozen = proposal is not None and proposal.status not in OPTIONS_EDITABLE
if proposal is not None:
    changed_by = directory.person(proposal.updated_by)
    st.caption(
        _(
            "Status: {status} · version {version} · last saved {time} by {name}",
            status=_(STATUS_LABELS[proposal.status]),
            version=proposal.version,
            time=_.datetime(proposal.updated_at or proposal.created_at),
            name=plain(changed_by.name) if changed_by else _("someone"),
        )
    )

proposal_problems.required_fields_note()
proposal_problems.problem_summary()
sections.the_proposal(directory, creatable | ({proposal.unit_id} if proposal else set()))
if proposal is not None:  # right below the change type: its draft of the next core task
    proposal_core_task.show(proposal)
proposal_owner.who_owns_the_decision(proposal)
sections.background_and_involvement()
sections.options(proposal, frozen)
sections.who_scores(directory, rubrics, proposal, frozen)
proposal_workload.show(directory, rubrics, proposal)

st.button(
    _("Save as draft") if proposal is None else _("Save changes"),
    type="primary",
    icon=":material/save:",
    key="proposal.save",
    on_click=form.save,
    args=(proposal,),
)
outcome = show_outcome(form.OUTCOME, fields.field_labels(_), keep=True, nothing_saved=True)
if outcome is not None and isinstance(outcome.error, StaleEdit):
    st.button(
        _("Reload the proposal"), icon=":material/refresh:", key="proposal.reload", on_click=form.reload
    )
    st.caption(
        _(
            "Reloading replaces what you typed here with the saved proposal; copy anything you want to keep first."
        )
    )
elif outcome is not None and outcome.success == form.STARTED and proposal is not None:
    st.page_link(
        "screens/scoring.py",
        label=_("Go to Scoring"),
        icon=":material/how_to_vote:",
        query_params={QUERY_KEY: str(proposal.id)},
    )

# Each with its own save, apart from the form above: about the whole proposal, never scored per option.
proposal_readiness.show(proposal)
proposal_plan.show(proposal)
proposal_evidence.show(proposal)
proposal_med.show(proposal)

if proposal is not None and proposal.status is Status.DRAFT:
    proposal_start.start_blind_scoring(proposal)
