"""Vurdering's "About the proposal": what is being decided, the unit's core task, and, read-only,
the proposal's readiness and what the citizens' voice rests on. Both are answered once per
proposal by its leader on the proposal screen; neither is a score, so the panel sees them while
scoring blind."""

from __future__ import annotations

import streamlit as st

from assessment.citizen_evidence import EVIDENCE_KIND_LABELS, EvidenceView, citizen_evidence
from assessment.kernel.errors import DomainError
from assessment.kernel.model import Proposal
from assessment.readiness import ReadinessChecklist, readiness_checklist
from assessment.scoring_sheet import ScoringForm
from ui.context import current_actor, translator, unit_of_work
from ui.widgets import plain


def about_proposal(proposal: Proposal, form: ScoringForm) -> None:
    _ = translator()
    with st.expander(_("About the proposal")):
        st.markdown(plain(proposal.description))
        for option in form.options:
            if not option.is_baseline and option.description:
                st.markdown(f"**{plain(option.title)}**: {plain(option.description)}")
        if form.core_task is not None:
            heading = _("Our core task")
            st.markdown(f"**{heading}**")
            st.markdown(plain(form.core_task.statement))
        try:
            checklist = readiness_checklist(unit_of_work(), proposal.id or 0, actor=current_actor())
            evidence = citizen_evidence(unit_of_work(), proposal.id or 0, actor=current_actor())
        except DomainError:
            return  # the proposal screen explains; the scoring does not depend on these
        _readiness(checklist)
        _evidence(evidence)


def _readiness(checklist: ReadinessChecklist) -> None:
    _ = translator()
    if not checklist.items:
        return
    heading = _("Readiness (answered once for the proposal by its leader)")
    lines = []
    for item in checklist.items:
        line = f"- {plain(item.criterion.question(_.language))}  \n  **{plain(item.answer_words(_))}**"
        if item.answer is not None and item.answer.note:
            line += f" — {plain(item.answer.note)}"
        lines.append(line)
    st.markdown(f"**{heading}**\n\n" + "\n".join(lines))


def _evidence(evidence: EvidenceView) -> None:
    _ = translator()
    heading = _("The citizens' voice: what the experienced core task rests on")
    lines = []
    for item in evidence.items:
        line = f"- {_(EVIDENCE_KIND_LABELS[item.kind])}"
        if item.collected_on is not None:
            line += f" ({_.date(item.collected_on)})"
        if item.note:
            line += f" — {plain(item.note)}"
        lines.append(line)
    st.markdown(f"**{heading}**" + ("\n\n" + "\n".join(lines) if lines else ""))
    if evidence.rests_on_nothing:
        st.caption(
            _(
                "Nothing the citizens said has been recorded for this proposal: when you score the "
                "experienced core task, you score it on their behalf."
            )
        )
