"""Forslag, "Borgernes stemme": what the experienced core task rests on (a survey, interviews, a user
board or bestyrelse, complaints, observation, or nothing), with when and a short note.

Recorded and removed by the proposal's leaders until the decision; everyone else reads it. When it rests on
nothing, the page says so plainly: the discussion and the summary will flag the panel's scores of
the experienced perspective.
"""

from __future__ import annotations

import streamlit as st

from assessment import citizen_evidence
from assessment.citizen_evidence import EVIDENCE_KIND_LABELS, EvidenceView
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import EvidenceKind, Proposal
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt_and_rerun, show_outcome
from ui.widgets import plain

OUTCOME = "proposal.evidence.outcome"
KIND, COLLECTED_ON, NOTE = (
    "proposal.evidence.kind",
    "proposal.evidence.collected_on",
    "proposal.evidence.note",
)
FIELDS = {"kind": N_("Heard through"), "collected_on": N_("Collected on (optional)"), "note": N_("Note")}
SAVED = ":material/check:"


def _add(proposal_id: int) -> Outcome:
    state = st.session_state
    citizen_evidence.add_citizen_evidence(
        unit_of_work(),
        proposal_id,
        kind=state.get(KIND),
        collected_on=state.get(COLLECTED_ON),
        note=state.get(NOTE) or "",
        actor=current_actor(),
    )
    for key in (KIND, COLLECTED_ON, NOTE):
        state.pop(key, None)  # the form is empty on the run that follows
    return Outcome(success=Message(N_("The citizen evidence is recorded.")), icon=SAVED)


def _remove(proposal_id: int, evidence_id: int) -> Outcome:
    citizen_evidence.remove_citizen_evidence(unit_of_work(), proposal_id, evidence_id, actor=current_actor())
    return Outcome(success=Message(N_("The citizen evidence is removed.")), icon=SAVED)


def _listing(view: EvidenceView, can_edit: bool) -> None:
    _ = translator()
    if not view.items:
        return
    for item in view.items:
        row = st.container(border=True)
        left, right = row.columns([5, 1], vertical_alignment="center")
        when = _.date(item.collected_on) if item.collected_on else _("date not given")
        left.markdown(f"**{plain(_(EVIDENCE_KIND_LABELS[item.kind]))}** · {plain(when)}")
        if item.note:
            left.caption(plain(item.note))
        if can_edit and right.button(
            _("Remove"), key=f"proposal.evidence.remove.{item.id}", icon=":material/delete:"
        ):
            attempt_and_rerun(
                OUTCOME, lambda evidence_id=item.id: _remove(view.proposal_id, evidence_id or 0)
            )


def _form(view: EvidenceView) -> None:
    _ = translator()
    labels = {name: _(label) for name, label in FIELDS.items()}
    with st.form(f"proposal.evidence.form.{view.proposal_id}", border=True):
        st.markdown("**" + _("Add what the citizens' experience was heard through") + "**")
        st.selectbox(
            labels["kind"],
            list(EvidenceKind),
            index=None,
            format_func=lambda kind: _(EVIDENCE_KIND_LABELS[kind]),
            placeholder=_("Choose"),
            key=KIND,
        )
        st.date_input(labels["collected_on"], value=None, format="DD.MM.YYYY", key=COLLECTED_ON)
        st.text_input(labels["note"], max_chars=citizen_evidence.NOTE_LIMIT, key=NOTE)
        if st.form_submit_button(_("Add the evidence"), icon=":material/add:"):
            attempt_and_rerun(OUTCOME, lambda: _add(view.proposal_id), labels)


def show(proposal: Proposal | None, *, editable: bool = True) -> None:
    """The citizen evidence of the proposal in hand; for a proposal not saved yet, a line on when it comes.

    ``editable`` False shows it read-only even to who may edit it (the scoring screen's "Om forslaget").
    """
    _ = translator()
    st.header(_("The citizens' voice"), anchor=False)
    st.caption(_("What do we base the citizens' experience on?"))
    if proposal is None or proposal.id is None:
        st.caption(_("The citizens' voice can be recorded once the proposal has been saved."))
        return
    view = citizen_evidence.citizen_evidence(unit_of_work(), proposal.id, actor=current_actor())
    show_outcome(OUTCOME)
    if view.rests_on_nothing:
        st.warning(
            _(
                "The experienced core task rests on nothing the citizens have said: the panel scores it on "
                "their behalf. The discussion and the summary will point this out."
            ),
            icon=":material/record_voice_over:",
        )
    can_edit = editable and view.can_edit
    _listing(view, can_edit)
    if can_edit:
        _form(view)
