"""A rater's private drafts: every answer kept as it is given, submitted as scores in one deliberate act.

The scoring screen saves each answer the moment it is given (:func:`save_draft`), so leaving,
reloading or switching options loses nothing. "Submit my answers" (:func:`submit_answers`) turns
the rater's drafts of the round into scores through the very path a saved form takes
(``scoring_sheet``: the form's submission, then ``_store`` with its checks and its
audit entries), in one transaction, and removes them.

Private: a draft is read only through the rater's own scoring sheet, which is built for the
person acting and nobody else; no use case lists someone else's drafts, so no leader or
administrator sees them, before or after the reveal. Drafts are not audited (they change at every
click); the scores they become are.

A draft belongs to the round it was written in. Once the proposal has moved on (the reveal, the
follow-up), a save or submit drawn in the old round changes nothing and says so, and the old
round's drafts never become scores: they answered other questions.
Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, InvalidInput, NotFound
from assessment.kernel.forms import TEXT_LIMIT, clean_text
from assessment.kernel.model import Round, ScoreDraft
from assessment.kernel.permissions import Action, Actor, checked_proposal, use_case
from assessment.kernel.records import acting_person
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.kernel.scoring import CellKey

# The one path a score is checked and stored by; private there, shared on purpose here.
from assessment.scoring_sheet import Answer, ScoreInput, ScoringSheet, _check_score, _form, _sheet, _store

__all__ = ["DraftSaved", "SubmitOutcome", "discard_drafts", "save_draft", "submit_answers"]


@dataclass(frozen=True)
class DraftSaved:
    """What saving one answer did."""

    # The draft as stored; None when the answer is what was submitted already (or was cleared),
    # so nothing is waiting to be submitted for that cell.
    draft: ScoreDraft | None
    round_changed: bool = False  # the proposal moved on since the screen was drawn: nothing saved


@dataclass(frozen=True)
class SubmitOutcome:
    """What one click on "submit my answers" did, for the message under the button."""

    saved: int  # answers stored as new or changed scores
    unchanged: int  # drafts that said what was stored already
    reasons_without_level: tuple[CellKey, ...] = ()  # kept as drafts: a reason, but no level yet
    unanswered: int = 0  # questions on the form with neither a score nor an answer now
    not_asked: int = 0  # drafts of questions the rater is no longer asked (dropped)
    round_changed: bool = False  # the proposal moved on since the screen was drawn: nothing saved


def _check_cell(sheet: ScoringSheet, entry: ScoreInput) -> None:
    """Refuse a cell the rater does not answer now, with the same words as saving a score."""
    if sheet.proposal.option(entry.option_id) is None:
        raise NotFound(N_("The option does not belong to this proposal."))
    if entry.option_id not in {option.id for option in sheet.options}:
        raise InvalidInput(N_("At follow-up only the chosen option is scored: it is what happened."))
    _check_score(sheet, entry)


@use_case
def save_draft(
    uow: UnitOfWork,
    proposal_id: int,
    option_id: int,
    criterion_key: str,
    facet: str,
    level: int | None,
    reason: str,
    *,
    drawn_in: Round,
    answered: bool = True,
    actor: Actor,
    clock: Clock = utc_now,
) -> DraftSaved:
    """Keep one answer as the rater's private draft, in one small transaction.

    ``level`` None with ``answered`` is "don't know"; ``answered`` False keeps only the reason
    (or, without one, clears the cell). The same checks as saving a score: on the panel, the
    round open, and a question this rater answers for this option.
    """
    with uow.write() as repo:
        sheet = _sheet(repo, actor, proposal_id)
        if sheet.round is not drawn_in:
            return DraftSaved(None, round_changed=True)
        reason = clean_text(reason, limit=TEXT_LIMIT)
        level = level if answered else None
        _check_cell(sheet, ScoreInput(proposal_id, option_id, criterion_key, level, reason, facet))
        draft = ScoreDraft(
            proposal_id=proposal_id,
            option_id=option_id,
            rater_id=sheet.rater_id,
            round=sheet.round,
            criterion_key=criterion_key,
            facet=facet,
            level=level,
            reason=reason,
            updated_at=clock(),
            answered=answered,
        )
        own = sheet.own_scores.get((option_id, criterion_key, facet))
        as_submitted = answered and own is not None and (own.level, own.reason) == (level, reason)
        if as_submitted or not (answered or reason):
            repo.delete_draft(draft)
            return DraftSaved(None)
        return DraftSaved(repo.save_draft(draft))


@use_case
def submit_answers(
    uow: UnitOfWork, proposal_id: int, *, drawn_in: Round, actor: Actor, clock: Clock = utc_now
) -> SubmitOutcome:
    """Store every answered draft of this rater and round as a score, all in one transaction
    through the path a saved form takes, and remove those drafts; a reason without a level stays
    a draft. Drafts of an earlier round are removed unused."""
    with uow.write() as repo:
        sheet = _sheet(repo, actor, proposal_id)
        if sheet.round is not drawn_in:
            return SubmitOutcome(0, 0, round_changed=True)
        form = _form(repo, sheet)
        on_form = {cell for option in sheet.options for cell in form.cells(option.id or 0)}
        answers: dict[int, list[Answer]] = {}
        not_asked: list[ScoreDraft] = []
        for cell, draft in sheet.drafts.items():
            if cell not in on_form:
                not_asked.append(draft)  # e.g. the rater's profession on the panel changed meanwhile
                continue
            answers.setdefault(draft.option_id, []).append(
                Answer(draft.criterion_key, draft.facet, draft.answered, draft.level, draft.reason)
            )
        submissions = [form.submission(option_id, given) for option_id, given in answers.items()]
        entries = [entry for submission in submissions for entry in submission.entries]
        _store(repo, sheet, entries, clock)
        for draft in [*not_asked, *(d for d in sheet.drafts.values() if d.answered)]:
            repo.delete_draft(draft)
        _drop_earlier_rounds(repo, sheet)
        scored = set(sheet.own_scores) | {(e.option_id, e.criterion_key, e.facet) for e in entries}
    return SubmitOutcome(
        saved=len(entries),
        unchanged=sum(submission.unchanged for submission in submissions),
        reasons_without_level=tuple(
            cell for submission in submissions for cell in submission.reasons_without_level
        ),
        unanswered=len(on_form - scored),
        not_asked=len(not_asked),
    )


def _drop_earlier_rounds(repo: Repository, sheet: ScoringSheet) -> None:
    for earlier in Round:
        if earlier < sheet.round:
            repo.delete_drafts(sheet.proposal.id or 0, sheet.rater_id, earlier)


@use_case
def discard_drafts(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> int:
    """Remove every draft the acting person has for the proposal, in every round; how many went.

    Anyone may throw away their own drafts of a proposal they may see, also once it takes no more
    scores: nobody else ever reads them, and a stale one should not have to wait.
    """
    rater_id = acting_person(actor)
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        return repo.delete_drafts(proposal_id, rater_id)
