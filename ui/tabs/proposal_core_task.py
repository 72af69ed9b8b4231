"""Forslag: the proposal's draft of its unit's next core task, when it changes the core task itself.

The draft is written on the Kerneopgaver screen; here the proposal links to it, says what became of
it, and offers a new one when the last was discarded. A proposal switched back to an organisational
change keeps its open draft until a leader discards it, and this says so.
"""

from __future__ import annotations

import streamlit as st

from assessment import core_task_drafts
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import ChangeType, CoreTaskDraftStatus, Proposal
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt, show_outcome
from ui.tabs.core_task_drafts import LINK
from ui.widgets import plain

OUTCOME = "proposal.core_task_draft.outcome"
CORE_TASKS = "screens/core_tasks.py"


def _start(proposal_id: int) -> None:
    def run() -> Outcome:
        core_task_drafts.start_draft(unit_of_work(), proposal_id, actor=current_actor())
        return Outcome(
            success=Message(N_("A new draft of the core task is open, copied from the valid core task."))
        )

    attempt(OUTCOME, run)


def show(proposal: Proposal) -> None:
    _ = translator()
    view = core_task_drafts.proposal_draft(unit_of_work(), proposal.id or 0, actor=current_actor())
    changes_core_task = proposal.change_type is ChangeType.CORE_TASK
    if not changes_core_task and (view is None or not view.is_open):
        return
    with st.container(border=True):
        st.header(_("Draft of a new core task"), anchor=False)
        show_outcome(OUTCOME)
        if view is not None and view.is_open:
            unit = plain(view.unit.name)
            if changes_core_task:
                st.caption(
                    _(
                        "The proposal changes the core task of {unit} itself. Its draft of the next version is "
                        "written on the Core tasks screen, and is not the valid core task until it is adopted.",
                        unit=unit,
                    )
                )
            else:
                st.warning(
                    _(
                        "The proposal is no longer a change of the core task itself, but its draft of the core "
                        "task of {unit} is still open. Nothing is deleted automatically: a leader can discard "
                        "the draft on the Core tasks screen.",
                        unit=unit,
                    )
                )
            st.page_link(
                CORE_TASKS,
                label=_("Draft of a new core task"),
                icon=":material/edit_note:",
                query_params={"unit": str(view.draft.unit_id), LINK: str(view.draft.id)},
            )
            return
        if view is not None and view.draft.status is CoreTaskDraftStatus.ADOPTED:
            st.success(
                _(
                    "The draft was adopted as version {version} of the core task of {unit}.",
                    version=view.draft.adopted_version,
                    unit=plain(view.unit.name),
                )
            )
            st.page_link(
                CORE_TASKS,
                label=_("Go to Core tasks"),
                icon=":material/account_tree:",
                query_params={"unit": str(view.draft.unit_id), LINK: str(view.draft.id)},
            )
        else:
            st.caption(
                _("The proposal changes the core task itself, but has no open draft of the new core task.")
            )
            if view is not None:  # discarded: what it said is still there to read
                with st.expander(_("The discarded draft")):
                    st.text(view.draft.statement or _("Not described."))
            st.button(
                _("Open a draft of the new core task"),
                icon=":material/edit_note:",
                key="proposal.core_task_draft.start",
                on_click=_start,
                args=(proposal.id or 0,),
            )
