"""Opfølgning, the end: continue, adjust or stop, with the reasons
(:func:`assessment.outcomes.conclude_follow_up`); "adjust" can open a new proposal that points back
to this one. The proposal's history (what it adjusts, what adjusts it) is one click away."""

from __future__ import annotations

import streamlit as st

from assessment import outcomes
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import Verdict
from assessment.kernel.repository import UnitOfWork
from assessment.outcome_rules import VERDICT_LABELS
from ui.context import current_actor, translator
from ui.outcome import Outcome, attempt_and_rerun
from ui.widgets import plain

PROPOSAL_PAGE = "screens/proposal.py"
DECISION_PAGE = "screens/decision.py"
VERDICT_HELP: dict[Verdict, str] = {
    Verdict.CONTINUE: N_("The change works as intended and is kept."),
    Verdict.ADJUST: N_("The change is kept, but something must change: it can go through a new proposal."),
    Verdict.STOP: N_("The change is stopped, and the unit goes back to how it was or tries something else."),
}


def history(view: outcomes.OutcomesView) -> None:
    """The proposals this one adjusts (nearest first) and the one that adjusts it, as links."""
    _ = translator()
    if not view.predecessors and view.successor_id is None:
        return
    st.markdown("**" + _("History") + "**")
    for proposal_id, title in view.predecessors:
        st.page_link(
            DECISION_PAGE,
            label=_("Adjusts: {title}", title=plain(title)),
            icon=":material/arrow_back:",
            query_params={"proposal": str(proposal_id)},
        )
    if view.successor_id is not None:
        st.page_link(
            PROPOSAL_PAGE,
            label=_("Adjusted by the new proposal no. {id}", id=view.successor_id),
            icon=":material/arrow_forward:",
            query_params={"proposal": str(view.successor_id)},
        )


def conclusion(uow: UnitOfWork, view: outcomes.OutcomesView, outcome_key: str) -> None:
    """The conclusion as recorded, or the form to record it for whoever may."""
    _ = translator()
    st.subheader(_("Conclusion of the follow-up"), anchor=False)
    recorded = view.conclusion
    if recorded is not None:
        st.markdown(_("**{verdict}**", verdict=_(VERDICT_LABELS[recorded.verdict])))
        st.caption(
            _(
                "Concluded by {name}, {time}",
                name=plain(view.concluded_by),
                time=_.datetime(recorded.concluded_at),
            )
            if view.concluded_by
            else _.datetime(recorded.concluded_at)
        )
        st.markdown("**" + _("Reasons") + "**")
        st.text(recorded.reasons)
        history(view)
        return
    history(view)
    if not view.may_conclude:
        st.info(
            _(
                "The follow-up ends with a conclusion – continue, adjust or stop – recorded by the unit's "
                "leader or the person responsible for the follow-up."
            )
        )
        return
    labels = {
        "verdict": _("Conclusion"),
        "reasons": _("Reasons"),
        "open_successor": _("Open a new proposal that adjusts this one"),
    }
    with st.form("follow_up.conclusion"):
        verdict = st.radio(
            labels["verdict"] + " *",
            list(Verdict),
            index=None,
            format_func=lambda choice: _(VERDICT_LABELS[choice]),
            captions=[_(VERDICT_HELP[choice]) for choice in Verdict],
            key="follow_up.verdict",
        )
        reasons = st.text_area(
            labels["reasons"] + " *",
            help=_("What the indicators and the panel's scores showed, and why this is the conclusion."),
            key="follow_up.reasons",
        )
        successor = False
        if view.may_open_successor:
            successor = st.checkbox(
                labels["open_successor"],
                help=_(
                    "Only with »Adjust«: a new draft in the same unit with the same options, panel and "
                    "rubric, linked to this proposal."
                ),
                key="follow_up.open_successor",
            )
        if st.form_submit_button(_("Record the conclusion"), type="primary", key="follow_up.conclude"):

            def conclude() -> Outcome:
                done = outcomes.conclude_follow_up(
                    uow,
                    view.proposal_id,
                    verdict,  # type: ignore[arg-type]  # None is refused by its field
                    reasons,
                    actor=current_actor(),
                    open_successor=successor,
                )
                if done.successor_proposal_id is not None:
                    return Outcome(
                        success=Message(
                            N_(
                                "The follow-up is concluded, and the new proposal no. {id} is opened as a draft."
                            ),
                            {"id": done.successor_proposal_id},
                        ),
                        icon=":material/check:",
                    )
                return Outcome(success=Message(N_("The follow-up is concluded.")), icon=":material/check:")

            attempt_and_rerun(outcome_key, conclude, labels)
