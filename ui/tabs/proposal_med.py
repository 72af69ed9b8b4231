"""Forslag, »MED og høring«: the MED process as dated steps (information → drøftelse → udtalelse)
and the consultations (høringer) of councils and boards, with their answers.

Each step is one line of a short timeline (»Information · 12.11.2026 · Lokal-MED · punkt 4«) with
what the minutes say under it; the steps not taken yet are named. Recorded, changed and removed by
the proposal's leaders until the decision; everyone else reads it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assessment import med_process
from assessment.kernel.errors import N_, Message
from assessment.kernel.i18n import mid_sentence
from assessment.kernel.model import Consultation, MedStep, MedStepKind, Proposal
from assessment.med_process import MED_STEP_LABELS, ConsultationInput, MedProcessView, MedStepInput
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt_and_rerun, show_outcome
from ui.widgets import plain

OUTCOME = "proposal.med.outcome"
STEP = "proposal.med.step"
CONSULTATION = "proposal.med.consultation"
EDITING = "proposal.med.editing"  # the consultation whose edit form is open
REMOVING = "proposal.med.removing"  # ("step" or "consultation", id) waiting for a confirmation
STEP_FIELDS = {
    "kind": N_("Step"),
    "held_on": N_("Meeting date"),
    "agenda_item": N_("Agenda item (optional)"),
    "note": N_("What was presented or discussed; for a statement, the statement"),
    "employee_remarks": N_("The employee side's remarks (optional)"),
    "committee_id": N_("MED committee"),
}
CONSULTATION_FIELDS = {
    "body": N_("Consulted body"),
    "sent_on": N_("Sent on (optional)"),
    "deadline": N_("Deadline (optional)"),
    "answered_on": N_("Answer received on"),
    "answer": N_("Summary of the answer"),
}
UNTYPED = {"kind", "committee_id", "held_on", "sent_on", "deadline", "answered_on"}  # not text
SAVED = ":material/check:"


def _typed(prefix: str, fields: dict[str, str]) -> dict[str, Any]:
    """What is typed in the form under ``prefix``, by field; a text never typed is empty."""
    state = st.session_state
    return {
        name: state.get(f"{prefix}.{name}") if name in UNTYPED else state.get(f"{prefix}.{name}") or ""
        for name in fields
    }


def _clear(prefix: str) -> None:
    for key in [key for key in st.session_state if str(key).startswith(prefix + ".")]:
        st.session_state.pop(key, None)  # the form is empty on the run that follows


def _set(key: str, value: object) -> None:
    """A button's callback: open (a value) or close (None) an edit form or a confirmation."""
    st.session_state[key] = value


def _add_step(proposal_id: int) -> Outcome:
    data = MedStepInput(**_typed(STEP, STEP_FIELDS))
    med_process.add_med_step(unit_of_work(), proposal_id, data, actor=current_actor())
    _clear(STEP)
    return Outcome(success=Message(N_("The MED step is recorded.")), icon=SAVED)


def _save_consultation(proposal_id: int, consultation: Consultation | None) -> Outcome:
    """Record a new consultation, or save the one whose edit form is open (its answer came)."""
    prefix = CONSULTATION if consultation is None else f"{CONSULTATION}.{consultation.id}"
    data = ConsultationInput(**_typed(prefix, CONSULTATION_FIELDS))
    if consultation is None:
        med_process.add_consultation(unit_of_work(), proposal_id, data, actor=current_actor())
    else:
        med_process.update_consultation(
            unit_of_work(),
            proposal_id,
            consultation.id or 0,
            data,
            expected_version=consultation.version,
            actor=current_actor(),
        )
        _set(EDITING, None)
    _clear(prefix)
    return Outcome(success=Message(N_("The consultation is saved.")), icon=SAVED)


def _remove(proposal_id: int, what: str, object_id: int) -> Outcome:
    _set(REMOVING, None)
    if what == "step":
        med_process.remove_med_step(unit_of_work(), proposal_id, object_id, actor=current_actor())
        return Outcome(success=Message(N_("The MED step is removed.")), icon=SAVED)
    med_process.remove_consultation(unit_of_work(), proposal_id, object_id, actor=current_actor())
    return Outcome(success=Message(N_("The consultation is removed.")), icon=SAVED)


def _remove_button(
    container: DeltaGenerator, proposal_id: int, what: str, object_id: int, question: str
) -> None:
    """A remove button that asks first: the entry is gone for good (the audit trail keeps its dates)."""
    _ = translator()
    key, target = f"proposal.med.remove.{what}.{object_id}", (what, object_id)
    if st.session_state.get(REMOVING) != target:
        container.button(
            _("Remove"), key=key, icon=":material/delete:", on_click=_set, args=(REMOVING, target)
        )
        return
    container.warning(question)
    yes, no = container.columns(2)
    if yes.button(_("Yes, remove"), key=f"{key}.yes", type="primary"):
        attempt_and_rerun(OUTCOME, lambda: _remove(proposal_id, what, object_id))
    no.button(_("Cancel"), key=f"{key}.no", on_click=_set, args=(REMOVING, None))


# The timeline and the consultations --------------------------------------------------------------


def _row(line: str, text: str) -> tuple[DeltaGenerator, DeltaGenerator]:
    """One entry: its line, what it says under it, and a narrow column beside it for its buttons."""
    left, right = st.container(border=True).columns([5, 1], vertical_alignment="top")
    left.markdown(line)
    if text:
        left.caption(plain(text))
    return left, right


def _step_line(view: MedProcessView, step: MedStep) -> str:
    _ = translator()
    parts = [f"**{plain(_(MED_STEP_LABELS[step.kind]))}**", _.date(step.held_on)]
    if step.committee_id is not None and step.committee_id in view.committee_names:
        parts.append(plain(view.committee_names[step.committee_id]))
    if step.agenda_item:
        parts.append(plain(mid_sentence(step.agenda_item)))
    return " · ".join(parts)


def _steps(view: MedProcessView, can_edit: bool) -> None:
    _ = translator()
    for step in view.steps:
        left, right = _row(_step_line(view, step), step.note)
        if step.employee_remarks:
            left.caption(_("The employee side's remarks: {remarks}", remarks=plain(step.employee_remarks)))
        if can_edit:
            _remove_button(right, view.proposal_id, "step", step.id or 0, _("Remove this MED step?"))
    if view.missing_steps:
        missing = ", ".join(_(MED_STEP_LABELS[kind]).lower() for kind in view.missing_steps)
        st.markdown(_("Missing: {steps}", steps=missing))
    else:
        st.caption(_("All three steps of the MED process are recorded."))


def _consultation_line(consultation: Consultation) -> str:
    _ = translator()
    parts = [f"**{plain(consultation.body)}**"]
    for label, day in (
        (N_("sent {date}"), consultation.sent_on),
        (N_("deadline {date}"), consultation.deadline),
        (N_("answered {date}"), consultation.answered_on),
    ):
        if day is not None:
            parts.append(_(label, date=_.date(day)))
    return " · ".join(parts)


def _consultations(view: MedProcessView, can_edit: bool) -> None:
    _ = translator()
    for consultation in view.consultations:
        left, right = _row(_consultation_line(consultation), consultation.answer)
        if not consultation.answer and consultation.answered_on is None:
            left.caption(_("No answer yet."))
        if not can_edit:
            continue
        right.button(
            _("Record the answer") if consultation.answered_on is None else _("Edit"),
            key=f"proposal.med.edit.{consultation.id}",
            icon=":material/edit:",
            on_click=_set,
            args=(EDITING, consultation.id),
        )
        _remove_button(
            right, view.proposal_id, "consultation", consultation.id or 0, _("Remove this consultation?")
        )
        if st.session_state.get(EDITING) == consultation.id:
            _consultation_form(view.proposal_id, consultation)


def _step_form(view: MedProcessView) -> None:
    _ = translator()
    labels = {name: _(label) for name, label in STEP_FIELDS.items()}
    proposal_id = view.proposal_id
    with st.form(f"{STEP}.form.{proposal_id}", border=True):
        st.markdown("**" + _("Add a step of the MED process") + "**")
        st.selectbox(
            labels["kind"],
            list(MedStepKind),
            index=None,
            format_func=lambda kind: _(MED_STEP_LABELS[kind]),
            placeholder=_("Choose"),
            key=f"{STEP}.kind",
        )
        st.date_input(labels["held_on"], value=None, format="DD.MM.YYYY", key=f"{STEP}.held_on")
        if view.committee_choices:
            names = {c.id: c.name for c in view.committee_choices}
            own = view.proposal_committee_id
            st.selectbox(
                labels["committee_id"],
                list(names),
                index=0 if own in names else None,  # the proposal's own committee comes first
                format_func=lambda committee_id: names[committee_id],
                placeholder=_("Choose"),
                key=f"{STEP}.committee_id",
            )
        st.text_input(
            labels["agenda_item"],
            max_chars=med_process.AGENDA_ITEM_LIMIT,
            placeholder=_("For example: Item 4"),
            key=f"{STEP}.agenda_item",
        )
        st.text_area(labels["note"], max_chars=med_process.TEXT_LIMIT, key=f"{STEP}.note")
        st.text_area(
            labels["employee_remarks"], max_chars=med_process.TEXT_LIMIT, key=f"{STEP}.employee_remarks"
        )
        if st.form_submit_button(_("Add the step"), icon=":material/add:"):
            attempt_and_rerun(OUTCOME, lambda: _add_step(proposal_id), labels)


def _consultation_form(proposal_id: int, consultation: Consultation | None = None) -> None:
    """The form to record a consultation, or (``consultation`` given) to change it: its answer came."""
    _ = translator()
    labels = {name: _(label) for name, label in CONSULTATION_FIELDS.items()}
    prefix = CONSULTATION if consultation is None else f"{CONSULTATION}.{consultation.id}"
    with st.form(f"{prefix}.form.{proposal_id}", border=True):
        if consultation is None:
            st.markdown("**" + _("Add a consultation") + "**")
        st.text_input(
            labels["body"],
            value=consultation.body if consultation else "",
            max_chars=med_process.BODY_LIMIT,
            placeholder=_("For example: The Senior Citizens' Council"),
            key=f"{prefix}.body",
        )
        for name in ("sent_on", "deadline", "answered_on"):
            st.date_input(
                labels[name],
                value=getattr(consultation, name) if consultation else None,
                format="DD.MM.YYYY",
                key=f"{prefix}.{name}",
            )
        st.text_area(
            labels["answer"],
            value=consultation.answer if consultation else "",
            max_chars=med_process.TEXT_LIMIT,
            key=f"{prefix}.answer",
        )
        adding = consultation is None
        if st.form_submit_button(
            _("Add the consultation") if adding else _("Save the consultation"),
            icon=":material/add:" if adding else ":material/save:",
        ):
            attempt_and_rerun(OUTCOME, lambda: _save_consultation(proposal_id, consultation), labels)
        if not adding and st.form_submit_button(_("Cancel"), on_click=_set, args=(EDITING, None)):
            _clear(prefix)


def show(proposal: Proposal | None, *, editable: bool = True) -> None:
    """The MED process and consultations of the proposal in hand; for a proposal not saved yet, a
    line on when they come. ``editable`` False shows them read-only even to who may edit them."""
    _ = translator()
    st.header(_("MED and consultation"), anchor=False)
    st.caption(
        _(
            "The MED committee is informed, discusses the proposal and gives its statement before the "
            "decision. Record each step as the minutes have it, and any consultation of a council or board."
        )
    )
    if proposal is None or proposal.id is None:
        st.caption(_("The MED process can be recorded once the proposal has been saved."))
        return
    view = med_process.med_process(unit_of_work(), proposal.id, actor=current_actor())
    show_outcome(OUTCOME)
    can_edit = editable and view.can_edit
    _steps(view, can_edit)
    if can_edit:
        _step_form(view)
    st.markdown("**" + _("Consultations") + "**")
    if not view.consultations:
        st.caption(_("No consultation is recorded."))
    _consultations(view, can_edit)
    if can_edit:
        _consultation_form(proposal.id)
