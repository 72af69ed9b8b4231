"""Forslag, the readiness checklist ("Parathed"): the rubric's questions about the proposal as a
whole (MED involvement, the APV, the economy, the evidence basis), answered once by the proposal's
leaders, kept up until the decision, and shown read-only to everyone else.

Widget keys carry the proposal, the question and when its answer was last saved, so a save (by this
person or another) shows the stored answer on the next run instead of a stale choice. Only the
questions the person changed are sent, so an answer someone else saved meanwhile is not overwritten.
"""

from __future__ import annotations

import streamlit as st

from assessment import readiness
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import Proposal
from assessment.readiness import ReadinessChecklist, ReadinessInput, ReadinessItem
from ui.context import current_actor, translator, unit_of_work
from ui.outcome import Outcome, attempt_and_rerun, show_outcome
from ui.widgets import plain

OUTCOME = "proposal.readiness.outcome"
NOT_ANSWERED = "not_answered"  # the radio's choice for "no answer yet"
DONT_KNOW = "dont_know"  # stored as level None
SAVED = ":material/check:"


def _keys(item: ReadinessItem, proposal_id: int) -> tuple[str, str]:
    stamp = item.answer.answered_at.isoformat() if item.answer else "-"
    base = f"proposal.readiness.{proposal_id}.{item.criterion.key}.{stamp}"
    return f"{base}.level", f"{base}.note"


def _stored_choice(item: ReadinessItem) -> int | str:
    if item.answer is None:
        return NOT_ANSWERED
    return DONT_KNOW if item.answer.level is None else item.answer.level


def _changes(checklist: ReadinessChecklist) -> list[ReadinessInput]:
    """The questions whose choice or note differs from what is stored."""
    state = st.session_state
    changed = []
    for item in checklist.items:
        level_key, note_key = _keys(item, checklist.proposal_id)
        choice = state.get(level_key, _stored_choice(item))
        note = str(state.get(note_key, item.answer.note if item.answer else "")).strip()
        if choice == _stored_choice(item) and note == (item.answer.note if item.answer else ""):
            continue
        changed.append(
            ReadinessInput(
                item.criterion.key,
                None if choice in (NOT_ANSWERED, DONT_KNOW) else int(choice),
                note,
                answered=choice != NOT_ANSWERED,
            )
        )
    return changed


def _save(checklist: ReadinessChecklist) -> Outcome:
    changed = _changes(checklist)
    if not changed:
        return Outcome(info=Message(N_("Nothing has changed since the checklist was saved.")))
    readiness.record_readiness(unit_of_work(), checklist.proposal_id, changed, actor=current_actor())
    return Outcome(success=Message(N_("The readiness checklist is saved.")), icon=SAVED)


def _label(item: ReadinessItem, choice: int | str, language: str) -> str:
    _ = translator()
    if choice == NOT_ANSWERED:
        return _("Not answered yet")
    if choice == DONT_KNOW:
        return _("Don't know")
    return item.scale.label(int(choice), language)


def _question(item: ReadinessItem, proposal_id: int, editable: bool) -> None:
    _ = translator()
    language = _.language
    criterion = item.criterion
    st.markdown(f"**{plain(criterion.question(language))}**")
    if criterion.help:
        st.caption(plain(criterion.help(language)))
    if not editable:
        answer = _label(item, _stored_choice(item), language)
        st.markdown(
            plain(answer) + (f"  \n{plain(item.answer.note)}" if item.answer and item.answer.note else "")
        )
        return
    level_key, note_key = _keys(item, proposal_id)
    choices: list[int | str] = [*item.scale.values, DONT_KNOW, NOT_ANSWERED]
    # Named now, in the run's language: a format function may be called after the run has ended.
    labels = {choice: plain(_label(item, choice, language)) for choice in choices}
    st.radio(
        plain(criterion.question(language)),
        choices,
        index=choices.index(_stored_choice(item)),
        format_func=labels.__getitem__,
        captions=[
            plain(criterion.descriptor(value)(language)) if isinstance(value, int) else ""
            for value in choices
        ],
        key=level_key,
        label_visibility="collapsed",
    )
    st.text_input(
        _("Note (optional): what the answer rests on"),
        value=item.answer.note if item.answer else "",
        max_chars=readiness.NOTE_LIMIT,
        key=note_key,
    )


def show(proposal: Proposal | None, *, editable: bool = True) -> None:
    """The checklist of the proposal in hand; for a proposal not saved yet, a line on when it comes.

    ``editable`` False shows it read-only even to who may edit it (the scoring screen's "Om forslaget").
    """
    _ = translator()
    st.header(_("Readiness"), anchor=False)
    if proposal is None or proposal.id is None:
        st.caption(_("The readiness checklist can be filled in once the proposal has been saved."))
        return
    checklist = readiness.readiness_checklist(unit_of_work(), proposal.id, actor=current_actor())
    if not checklist.items:
        st.caption(
            _("The rubric of this proposal has no readiness questions: it asks every question per option.")
        )
        return
    st.caption(
        _(
            "Answered once for the whole proposal, not per option: shown beside the options' profile and in "
            "the summary, never inside an option's index. The panel can read the answers while scoring. "
            "{answered} of {total} answered.",
            answered=checklist.answered,
            total=len(checklist.items),
        )
    )
    show_outcome(OUTCOME)
    if not (editable and checklist.can_edit):
        for item in checklist.items:
            _question(item, proposal.id, editable=False)
        return
    with st.form(f"proposal.readiness.form.{proposal.id}", border=True):
        for item in checklist.items:
            _question(item, proposal.id, editable=True)
        if st.form_submit_button(_("Save the readiness checklist"), icon=":material/save:"):
            labels = {item.criterion.key: item.criterion.question(_.language) for item in checklist.items}
            attempt_and_rerun(OUTCOME, lambda: _save(checklist), labels)
