"""The readiness checklist: the rubric's proposal-scope criteria, answered once per proposal.

MED involvement, the APV, the economy, the evidence basis: they describe the proposal and its
process, not one option, so they are answered once, by the proposal's leaders, and kept up until
the decision (Action.PREPARE_DECISION: the MED committee meets and the APV is revised while the
options are discussed); they are shown beside the options' profile, never inside an option's index. Whoever may see
the proposal may read them, the panel too during blind scoring: they are not scores.

A rubric without proposal-scope criteria (every format-1 rubric) has an empty checklist.
Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_
from assessment.kernel.forms import Form
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Proposal, ReadinessAnswer
from assessment.kernel.permissions import Action, Actor, allows, checked_proposal, use_case
from assessment.kernel.records import record_audit, rubric_of
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.kernel.rubric import Criterion, Rubric, Scale

__all__ = [
    "NOTE_LIMIT",
    "ReadinessChecklist",
    "ReadinessInput",
    "ReadinessItem",
    "checklist_of",
    "readiness_checklist",
    "record_readiness",
]

NOTE_LIMIT = 2_000


@dataclass(frozen=True)
class ReadinessItem:
    """One question of the checklist, with its answer (None while nobody has answered it)."""

    criterion: Criterion
    scale: Scale
    answer: ReadinessAnswer | None

    @property
    def answered(self) -> bool:
        return self.answer is not None

    def answer_words(self, _: Translator) -> str:
        """The answer as every screen and document says it: the level's name, "Don't know", or that
        nobody has answered yet."""
        if self.answer is None:
            return _("Not answered yet")
        if self.answer.level is None:
            return _("Don't know")
        return self.scale.label(self.answer.level, _.language)


@dataclass(frozen=True)
class ReadinessChecklist:
    proposal_id: int
    rubric: Rubric
    items: tuple[ReadinessItem, ...]  # in rubric order
    can_edit: bool  # whether the reader may change the answers now

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def complete(self) -> bool:
        return self.answered == len(self.items)

    def item(self, criterion_key: str) -> ReadinessItem:
        for item in self.items:
            if item.criterion.key == criterion_key:
                return item
        raise KeyError(criterion_key)


@dataclass(frozen=True)
class ReadinessInput:
    """What the form says for one question. ``answered`` False takes a given answer back;
    ``level`` None with ``answered`` True is "don't know"."""

    criterion_key: str
    level: int | None
    note: str = ""
    answered: bool = True


def checklist_of(repo: Repository, proposal: Proposal, actor: Actor) -> ReadinessChecklist:
    """The checklist inside a transaction the caller has open, after the caller's own check that
    ``actor`` may see the proposal (the comparison, the summary and the scoring screen show it)."""
    rubric = rubric_of(repo, proposal.rubric)
    answers = {answer.criterion_key: answer for answer in repo.readiness_of(proposal.id or 0)}
    return ReadinessChecklist(
        proposal_id=proposal.id or 0,
        rubric=rubric,
        items=tuple(
            ReadinessItem(criterion, rubric.scale_of(criterion), answers.get(criterion.key))
            for criterion in rubric.proposal_criteria
        ),
        can_edit=allows(actor, Action.PREPARE_DECISION, proposal.unit_id, proposal.status),
    )


@use_case
def readiness_checklist(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> ReadinessChecklist:
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        return checklist_of(repo, proposal, actor)


def _checked(form: Form, rubric: Rubric, answers: Sequence[ReadinessInput]) -> dict[str, ReadinessInput]:
    """The answers by criterion key, each on a checklist question and a level of its scale."""
    questions = {criterion.key: criterion for criterion in rubric.proposal_criteria}
    checked: dict[str, ReadinessInput] = {}
    for entry in answers:
        criterion = questions.get(entry.criterion_key)
        if criterion is None:
            form.fail(
                entry.criterion_key,
                N_("“{criterion}” is not a question of this proposal's readiness checklist."),
                criterion=entry.criterion_key,
            )
            continue
        if entry.criterion_key in checked:
            form.fail(entry.criterion_key, N_("The question is answered twice in one save."))
            continue
        scale = rubric.scale_of(criterion)
        if entry.answered and entry.level is not None and entry.level not in scale.values:
            form.fail(
                entry.criterion_key,
                N_("{level} is not a level on this scale; choose one of {levels} or “don't know”."),
                level=entry.level,
                levels=", ".join(map(str, scale.values)),
            )
        note = form.text(entry.criterion_key, entry.note, limit=NOTE_LIMIT)
        checked[entry.criterion_key] = ReadinessInput(entry.criterion_key, entry.level, note, entry.answered)
    return checked


@use_case
def record_readiness(
    uow: UnitOfWork,
    proposal_id: int,
    answers: Sequence[ReadinessInput],
    *,
    actor: Actor,
    clock: Clock = utc_now,
) -> ReadinessChecklist:
    """Save the checklist's new or changed answers in one transaction, with one audit entry.

    Send only the questions the person changed: an answer someone else gave meanwhile to another
    question is then kept, not overwritten with what the form showed before.
    """
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.PREPARE_DECISION, proposal_id)
        form = Form()
        checked = _checked(form, rubric_of(repo, proposal.rubric), answers)
        form.done()
        stored = {answer.criterion_key: answer for answer in repo.readiness_of(proposal_id)}
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        notes: list[str] = []
        for key, entry in checked.items():
            old = stored.get(key)
            if not entry.answered:
                if repo.remove_readiness(proposal_id, key) is not None:
                    before[key] = old.level if old else None
                continue
            if old is not None and (old.level, old.note) == (entry.level, entry.note):
                continue  # saved already: who answered it, and when, stays as it was
            repo.save_readiness(
                ReadinessAnswer(
                    proposal_id=proposal_id,
                    criterion_key=key,
                    level=entry.level,
                    note=entry.note,
                    answered_by=actor.person_id,
                    answered_at=clock(),
                )
            )
            if old is not None:
                before[key] = old.level
            after[key] = entry.level
            if entry.note != (old.note if old else ""):
                notes.append(key)  # which notes changed, never their words: the trail is read widely
        if before or after:
            record_audit(
                repo,
                actor.person_id,
                "readiness.record",
                "proposal",
                proposal_id,
                clock,
                before={"levels": before},
                after={"levels": after, "notes_changed": notes},
            )
        return checklist_of(repo, proposal, actor)
