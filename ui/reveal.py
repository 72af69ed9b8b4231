"""The moment blind scoring ends: how far the panel is, and the button that reveals the scores."""

from __future__ import annotations

import streamlit as st

from assessment import proposals, scoring_sheet
from assessment.kernel.model import Proposal
from assessment.kernel.permissions import Action, allows
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import attempt_and_rerun
from ui.widgets import plain


def reveal_panel(proposal: Proposal) -> None:
    _ = translator()
    uow = unit_of_work()
    progress = scoring_sheet.panel_progress(uow, proposal.id or 0, actor=current_actor())
    st.info(
        _(
            "Blind scoring is going on: nobody sees anyone else's scores yet. When the panel is done, "
            "the proposal's owner reveals the scores here and the discussion starts."
        ),
        icon=":material/visibility_off:",
    )
    st.progress(
        progress.finished / progress.raters if progress.raters else 0.0,
        text=_(
            "{finished} of {raters} raters have scored everything; {started} have started.",
            finished=progress.finished,
            raters=progress.raters,
            started=progress.started,
        ),
    )
    if progress.finished < progress.raters:
        st.caption(
            _(
                "You can reveal before everyone has finished; scores not given by then count as missing, "
                "and round 2 lets raters add to them after the reveal."
            )
        )
    if not allows(current_actor(), Action.REVEAL, proposal.unit_id, proposal.status):
        st.caption(_("The unit's leader reveals the scores when the panel is ready."))
        return
    confirming = f"{CONFIRM_KEY}.{proposal.id}"
    if not st.session_state.get(confirming):
        st.button(
            _("Reveal the scores and start the discussion"),
            type="primary",
            key="discussion.reveal",
            on_click=_set,
            args=(confirming, True),
        )
        return
    # The reveal cannot be undone: blind scoring ends for everyone. Say who is still missing first.
    with st.container(border=True):
        st.markdown("**" + _("Reveal the scores now?") + "**")
        if progress.started == 0:
            st.warning(_("Nobody on the panel has scored yet, so there is nothing to reveal."))
        elif progress.not_finished:
            st.warning(
                plain(
                    _(
                        "Not finished yet: {names}. After the reveal nobody scores blind any more.",
                        names=", ".join(progress.not_finished),
                    )
                )
            )
        else:
            st.write(_("Everyone on the panel has scored everything. The reveal cannot be undone."))
        yes, no, _spacer = st.columns([2, 1, 3])
        if yes.button(
            _("Yes, reveal the scores"),
            type="primary",
            key="discussion.reveal.confirm",
            disabled=progress.started == 0,
        ):
            st.session_state.pop(confirming, None)
            # Nothing to say when it works: the discussion it starts is the answer.
            attempt_and_rerun(REVEALED, lambda: _reveal(proposal.id or 0))
        no.button(_("Cancel"), key="discussion.reveal.cancel", on_click=_set, args=(confirming, False))


CONFIRM_KEY = "discussion.reveal.confirming"
REVEALED = "discussion.reveal.outcome"


def _reveal(proposal_id: int) -> None:
    proposals.reveal(unit_of_work(), proposal_id, actor=current_actor())


def _set(key: str, value: bool) -> None:
    st.session_state[key] = value
