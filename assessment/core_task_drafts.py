"""Drafts of a unit's next core task, opened by a proposal that changes the core task itself.

The booklet separates organisational change from changing the core task itself, and asks that the
latter be talked through thoroughly. A proposal of that kind therefore gets a draft of the unit's
next core-task version, copied from the current one, that leaders write on while the proposal is
scored and discussed. The draft is never the valid core task: only adopting it adds a version, by
the same path and the same check against versions saved meanwhile as writing one by hand
(:func:`assessment.organisation.add_core_task_version`). Adopting or discarding keeps the text;
a proposal switched back to an organisational change leaves its draft open for a leader to discard.

Who sees a draft: whoever may see its proposal (a proposal still in draft is the leadership's own
working notes, and so is its core-task draft). Who writes, adopts or discards it: whoever may also
record the unit's core task.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, Message, NotFound, WrongState
from assessment.kernel.forms import Form
from assessment.kernel.model import (
    ChangeType,
    CoreTask,
    CoreTaskDraft,
    CoreTaskDraftStatus,
    Proposal,
    Status,
    Unit,
)
from assessment.kernel.permissions import Action, Actor, allows, check, checked_proposal, use_case
from assessment.kernel.records import record_audit, require
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.organisation import CoreTaskTexts, add_core_task_version, checked_core_task_texts

__all__ = [
    "DraftView",
    "adopt_draft",
    "discard_draft",
    "follow_change_type",
    "open_drafts",
    "proposal_draft",
    "refuse_moving_a_draft",
    "save_draft",
    "start_draft",
]

FIELDS = ("statement", "formal", "performed", "experienced")
STATEMENT_LIMIT = 2_000  # as for a core task itself


@dataclass(frozen=True)
class DraftView:
    """A draft as the core-task and proposal screens show it, with what it is measured against."""

    draft: CoreTaskDraft
    unit: Unit
    proposal_title: str
    proposal_status: Status
    proposal_change_type: ChangeType
    current: CoreTask | None  # the unit's valid core task now
    names: dict[int, str]  # person id → name, for who opened, edited and closed the draft
    may_edit: bool  # write, adopt and discard

    @property
    def current_version(self) -> int:
        return self.current.version if self.current else 0

    @property
    def is_open(self) -> bool:
        return self.draft.status is CoreTaskDraftStatus.OPEN

    @property
    def proposal_changes_core_task(self) -> bool:
        """False when the proposal was switched back to an organisational change after the draft opened."""
        return self.proposal_change_type is ChangeType.CORE_TASK

    @property
    def base_outdated(self) -> bool:
        """Someone saved a version of the core task after the draft was copied: adopting the draft
        as it stands would undo their change, so the screen says so."""
        return self.current_version != self.draft.based_on_version

    def name(self, person_id: int | None) -> str | None:
        return self.names.get(person_id) if person_id is not None else None


# The rule for when a proposal opens a draft, and what it may not do while one is open ------------


def follow_change_type(
    repo: Repository, before: Proposal | None, after: Proposal, *, actor: Actor, clock: Clock
) -> CoreTaskDraft | None:
    """Open a draft when a proposal registered or saved in this transaction changes the core task itself.

    A draft opens when the change type becomes "change of the core task itself" (registered so, or
    switched from an organisational change) and the proposal has no open draft, and for a proposal
    of that type that never had one. A draft a leader discarded is not reopened by every later save;
    the proposal screen offers to open a new one. Switching back never touches the draft.
    Called after the proposal use case's own permission check: the draft is part of the proposal.
    """
    if after.change_type is not ChangeType.CORE_TASK or after.id is None:
        return None
    drafts = repo.core_task_drafts_of(after.id)
    if any(d.status is CoreTaskDraftStatus.OPEN for d in drafts):
        return None
    switched = before is None or before.change_type is not ChangeType.CORE_TASK
    if drafts and not switched:
        return None
    return _open(repo, after, actor=actor, clock=clock)


MOVING_A_DRAFT = N_(
    "This proposal has an open draft of its unit's core task. Adopt or discard the draft on the Core "
    "tasks screen before you move the proposal to another unit."
)


def refuse_moving_a_draft(repo: Repository, proposal: Proposal, unit_id: int, form: Form) -> None:
    """A draft is a copy of its unit's core task: it cannot follow its proposal to another unit."""
    if unit_id == proposal.unit_id or proposal.id is None:
        return
    if any(d.status is CoreTaskDraftStatus.OPEN for d in repo.core_task_drafts_of(proposal.id)):
        form.fail("unit_id", MOVING_A_DRAFT)


def _open(repo: Repository, proposal: Proposal, *, actor: Actor, clock: Clock) -> CoreTaskDraft:
    history = repo.core_task_history(proposal.unit_id)
    current = history[0] if history else None
    now = clock()
    draft = repo.add_core_task_draft(
        CoreTaskDraft(
            unit_id=proposal.unit_id,
            proposal_id=proposal.id or 0,
            based_on_version=current.version if current else 0,
            statement=current.statement if current else "",
            formal=current.formal if current else "",
            performed=current.performed if current else "",
            experienced=current.experienced if current else "",
            created_by=actor.person_id,
            created_at=now,
            updated_by=actor.person_id,
            updated_at=now,
        )
    )
    record_audit(
        repo,
        actor.person_id,
        "core_task_draft.open",
        "core_task_draft",
        draft.id,
        clock,
        after={
            "proposal_id": draft.proposal_id,
            "unit_id": draft.unit_id,
            "based_on": draft.based_on_version,
        },
    )
    return draft


# Reading ------------------------------------------------------------------------------------------


def _view(repo: Repository, actor: Actor, draft: CoreTaskDraft, proposal: Proposal) -> DraftView:
    unit = require(repo.get_unit(draft.unit_id), N_("Unit"), draft.unit_id)
    history = repo.core_task_history(draft.unit_id)
    ids = {draft.created_by, draft.updated_by, draft.closed_by} - {None}
    names = {
        person.id: person.name
        for person in (repo.get_person(i) for i in ids if i is not None)
        if person is not None and person.id is not None
    }
    return DraftView(
        draft=draft,
        unit=unit,
        proposal_title=proposal.title,
        proposal_status=proposal.status,
        proposal_change_type=proposal.change_type,
        current=history[0] if history else None,
        names=names,
        may_edit=allows(actor, Action.EDIT_CORE_TASK, draft.unit_id),
    )


@use_case
def open_drafts(uow: UnitOfWork, unit_id: int, *, actor: Actor) -> list[DraftView]:
    """The unit's open drafts whose proposals the actor may see, oldest first (the Kerneopgaver screen)."""
    check(actor, Action.VIEW_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    with uow.read() as repo:
        views = []
        for draft in repo.open_core_task_drafts(unit_id):
            proposal = repo.get_proposal(draft.proposal_id)
            if proposal is not None and allows(
                actor, Action.VIEW_PROPOSAL, proposal.unit_id, proposal.status
            ):
                views.append(_view(repo, actor, draft, proposal))
        return views


@use_case
def proposal_draft(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> DraftView | None:
    """The proposal's open draft, else the last one it had (adopted or discarded), else None."""
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        drafts = repo.core_task_drafts_of(proposal_id)  # newest first
        chosen = next((d for d in drafts if d.status is CoreTaskDraftStatus.OPEN), None) or next(
            iter(drafts), None
        )
        return _view(repo, actor, chosen, proposal) if chosen is not None else None


# Writing ------------------------------------------------------------------------------------------


def _checked_draft(repo: Repository, actor: Actor, draft_id: int) -> CoreTaskDraft:
    """The draft, if ``actor`` may see its proposal and record its unit's core task; the same
    refusal whether or not it exists."""
    draft = repo.get_core_task_draft(draft_id)
    proposal = repo.get_proposal(draft.proposal_id) if draft is not None else None
    check(
        actor,
        Action.VIEW_PROPOSAL,
        unit_id=proposal.unit_id if proposal else -1,
        status=proposal.status if proposal else None,
        object_type="core_task_draft",
        object_id=draft_id,
    )
    check(
        actor,
        Action.EDIT_CORE_TASK,
        unit_id=draft.unit_id if draft else -1,
        object_type="core_task_draft",
        object_id=draft_id,
    )
    if draft is None:  # only a trusted program gets this far
        raise NotFound(
            N_("{what} {id} does not exist."), what=Message(N_("Draft of the core task")), id=draft_id
        )
    return draft


def _still_open(repo: Repository, draft: CoreTaskDraft) -> None:
    if draft.status is CoreTaskDraftStatus.OPEN:
        return
    closer = repo.get_person(draft.closed_by) if draft.closed_by is not None else None
    name = closer.name if closer else Message(N_("someone"))
    if draft.status is CoreTaskDraftStatus.ADOPTED:
        raise WrongState(
            N_("{name} has already adopted this draft as version {version} of the core task."),
            name=name,
            version=draft.adopted_version,
        )
    raise WrongState(N_("{name} has discarded this draft; it can no longer be changed."), name=name)


def _draft_texts(statement: str, formal: str, performed: str, experienced: str) -> CoreTaskTexts:
    """A draft's texts as they may be stored: like a core task's, but the statement may still be empty."""
    form = Form()
    texts = CoreTaskTexts(
        statement=form.text("statement", statement, limit=STATEMENT_LIMIT),
        formal=form.text("formal", formal),
        performed=form.text("performed", performed),
        experienced=form.text("experienced", experienced),
    )
    form.done()
    return texts


@use_case
def start_draft(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> CoreTaskDraft:
    """Open a new draft for a proposal that changes the core task itself and has none open (its last
    one was discarded, or it was adopted and the discussion goes on)."""
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        check(
            actor,
            Action.EDIT_CORE_TASK,
            unit_id=proposal.unit_id,
            object_type="proposal",
            object_id=proposal_id,
        )
        if proposal.change_type is not ChangeType.CORE_TASK:
            raise WrongState(
                N_("Only a proposal that changes the core task itself has a draft of the new core task.")
            )
        if any(d.status is CoreTaskDraftStatus.OPEN for d in repo.core_task_drafts_of(proposal_id)):
            raise WrongState(N_("This proposal already has an open draft of the core task."))
        return _open(repo, proposal, actor=actor, clock=clock)


@use_case
def save_draft(
    uow: UnitOfWork,
    draft_id: int,
    *,
    statement: str,
    formal: str,
    performed: str,
    experienced: str,
    expected_version: int,
    actor: Actor,
    clock: Clock = utc_now,
) -> CoreTaskDraft:
    """Save the draft's text as edited from ``expected_version``; the valid core task is untouched."""
    texts = _draft_texts(statement, formal, performed, experienced)
    with uow.write() as repo:
        draft = _checked_draft(repo, actor, draft_id)
        _still_open(repo, draft)
        saved = repo.update_core_task_draft(
            replace(draft, **texts._asdict(), updated_by=actor.person_id, updated_at=clock()),
            expected_version,
        )
        record_audit(
            repo,
            actor.person_id,
            "core_task_draft.save",
            "core_task_draft",
            draft_id,
            clock,
            before={"version": draft.version},
            after={"version": saved.version},
        )
    return saved


@use_case
def adopt_draft(
    uow: UnitOfWork,
    draft_id: int,
    *,
    statement: str,
    formal: str,
    performed: str,
    experienced: str,
    expected_version: int,
    expected_core_task_version: int,
    actor: Actor,
    clock: Clock = utc_now,
) -> CoreTask:
    """Make the draft, with the text as the adopter sees it, the unit's next core-task version.

    One transaction: the new version (refused when another version was saved after the adopter
    loaded the unit's core task, ``expected_core_task_version``, 0 for none), and the draft marked
    adopted (refused when it was edited after ``expected_version``).
    """
    texts = checked_core_task_texts(statement, formal, performed, experienced)
    with uow.write() as repo:
        draft = _checked_draft(repo, actor, draft_id)
        _still_open(repo, draft)
        core_task = add_core_task_version(
            repo, draft.unit_id, texts, actor=actor, expected_version=expected_core_task_version, clock=clock
        )
        now = clock()
        repo.update_core_task_draft(
            replace(
                draft,
                **texts._asdict(),
                status=CoreTaskDraftStatus.ADOPTED,
                adopted_version=core_task.version,
                updated_by=actor.person_id,
                updated_at=now,
                closed_by=actor.person_id,
                closed_at=now,
            ),
            expected_version,
        )
        record_audit(
            repo,
            actor.person_id,
            "core_task_draft.adopt",
            "core_task_draft",
            draft_id,
            clock,
            after={"proposal_id": draft.proposal_id, "unit_id": draft.unit_id, "version": core_task.version},
        )
    return core_task


@use_case
def discard_draft(
    uow: UnitOfWork, draft_id: int, *, expected_version: int, actor: Actor, clock: Clock = utc_now
) -> CoreTaskDraft:
    """Set the draft aside: no longer open, but its text stays stored, shown with its proposal."""
    with uow.write() as repo:
        draft = _checked_draft(repo, actor, draft_id)
        _still_open(repo, draft)
        now = clock()
        saved = repo.update_core_task_draft(
            replace(
                draft,
                status=CoreTaskDraftStatus.DISCARDED,
                updated_by=actor.person_id,
                updated_at=now,
                closed_by=actor.person_id,
                closed_at=now,
            ),
            expected_version,
        )
        record_audit(
            repo,
            actor.person_id,
            "core_task_draft.discard",
            "core_task_draft",
            draft_id,
            clock,
            after={"proposal_id": draft.proposal_id, "unit_id": draft.unit_id},
        )
    return saved
