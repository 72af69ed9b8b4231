"""The scoring screen's read model: what one rater scores now, how far they are, what to save.

:func:`scoring_sheet` gives a rater's rubric, facets and own scores. This module
turns that into what the screen shows and sends back:

* :func:`proposals_to_score` – the proposals this person can score now (blind scoring,
  round 2 after the reveal, follow-up), so the picker never offers someone else's panel;
* :func:`scoring_form` – the options to score now (at follow-up only the chosen one, since
  only what was done can be scored on what actually happened), the criteria grouped by
  dimension with their facets resolved, and the unit's core task for the perspectives;
* :meth:`ScoringForm.submission` – from the answers on one option's form to the
  :class:`ScoreInput` entries that are new or changed, so a form
  saved twice sends nothing the second time.

It sees only the rater's own scores: nothing here can show anyone else's.
Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from assessment.kernel import lifecycle, scoring
from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, InvalidInput, NotAllowed, NotFound
from assessment.kernel.forms import TEXT_LIMIT, clean_text
from assessment.kernel.model import CoreTask, Option, Profession, Proposal, Round, Score, Status
from assessment.kernel.permissions import Action, Actor, allows, checked_proposal, proposal_scope, use_case
from assessment.kernel.records import acting_person, affected_professions, record_audit, rubric_of
from assessment.kernel.repository import ProposalSummary, Repository, UnitOfWork
from assessment.kernel.rubric import Criterion, Dimension, FacetKind, Rubric
from assessment.kernel.scoring import CellKey, Tally, facets_for, options_to_score

__all__ = [
    "SCORABLE",
    "Answer",
    "Progress",
    "Row",
    "SaveOutcome",
    "ScoringForm",
    "Section",
    "Submission",
    "Workload",
    "proposals_to_score",
    "rater_workload",
    "record_scores",
    "results_of",
    "save_answers",
    "scoring_form",
    "scoring_sheet",
]

# The statuses in which a panel member scores, in the order the picker lists them.
SCORABLE: tuple[Status, ...] = (Status.SCORING, Status.DISCUSSION, Status.FOLLOW_UP)


@use_case
def proposals_to_score(uow: UnitOfWork, *, actor: Actor) -> list[ProposalSummary]:
    """The proposals whose panel this person is on and that take scores now.

    Blind scoring first (most urgent), then round 2 after the reveal, then follow-up.
    """
    scope = proposal_scope(actor, Action.SCORE)
    if actor.person_id is None:
        return []
    with uow.read() as repo:
        found = repo.proposals_on_panel(actor.person_id, SCORABLE, scope=scope)
    order = {status: position for position, status in enumerate(SCORABLE)}
    # A stable sort keeps the repository's newest-first order within each status.
    return sorted(found, key=lambda summary: order.get(summary.status, len(order)))


@dataclass(frozen=True)
class Row:
    """One criterion as it is scored on each option: once, or once per facet."""

    criterion: Criterion
    facets: tuple[str, ...]  # ("",) without facets; a perspective or profession key each


@dataclass(frozen=True)
class Section:
    """A dimension of the rubric with the criteria scored in it, in rubric order."""

    dimension: Dimension
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Progress:
    scored: int
    total: int

    @property
    def share(self) -> float:
        return self.scored / self.total if self.total else 0.0

    @property
    def done(self) -> bool:
        return self.total > 0 and self.scored >= self.total


@dataclass(frozen=True)
class Answer:
    """What the form says for one cell of one option.

    ``answered`` is False when neither a level nor "don't know" was chosen; ``level`` None
    with ``answered`` True is "don't know" (ved ikke).
    """

    criterion_key: str
    facet: str
    answered: bool
    level: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Submission:
    """One option's form, ready for :func:`record_scores`."""

    entries: list[ScoreInput]  # new or changed cells only
    unchanged: int  # answered cells that are saved already
    reasons_without_level: list[CellKey]  # a reason was written, but no level chosen


@dataclass(frozen=True)
class ScoringForm:
    sheet: ScoringSheet
    options: tuple[Option, ...]  # the options to score now
    sections: tuple[Section, ...]
    core_task: CoreTask | None  # the unit's current core task, for the three perspectives

    @property
    def cells_per_option(self) -> int:
        return sum(len(row.facets) for section in self.sections for row in section.rows)

    def cells(self, option_id: int) -> list[CellKey]:
        return [
            (option_id, row.criterion.key, facet)
            for section in self.sections
            for row in section.rows
            for facet in row.facets
        ]

    def progress(self, option_id: int | None = None) -> Progress:
        """How many cells the rater has scored, of one option or of every option to score now.

        Only cells on the form count, so a score left from an earlier setup never shows as
        "29 of 28".
        """
        option_ids = [o.id for o in self.options if o.id is not None and option_id in (None, o.id)]
        cells = {cell for oid in option_ids for cell in self.cells(oid)}
        return Progress(len(cells & self.sheet.own_scores.keys()), len(cells))

    def submission(self, option_id: int, answers: Sequence[Answer]) -> Submission:
        """The new or changed cells of one option's form; unanswered cells are left out."""
        on_form = set(self.cells(option_id))
        entries: list[ScoreInput] = []
        unchanged = 0
        reasons_without_level: list[CellKey] = []
        for answer in answers:
            cell = (option_id, answer.criterion_key, answer.facet)
            if cell not in on_form:
                raise KeyError(cell)
            reason = answer.reason.strip()
            if not answer.answered:
                if reason:
                    reasons_without_level.append(cell)
                continue
            own = self.sheet.own_scores.get(cell)
            if own is not None and (own.level, own.reason) == (answer.level, reason):
                unchanged += 1
                continue
            entries.append(
                ScoreInput(
                    proposal_id=self.sheet.proposal.id or 0,
                    option_id=option_id,
                    criterion_key=answer.criterion_key,
                    level=answer.level,
                    reason=reason,
                    facet=answer.facet,
                )
            )
        return Submission(entries, unchanged, reasons_without_level)


def _sections(sheet: ScoringSheet) -> tuple[Section, ...]:
    sections = []
    for dimension in sheet.rubric.dimensions:
        rows = tuple(
            Row(criterion, tuple(scoring.facets_for(sheet.rubric, criterion.key, sheet.professions)))
            for criterion in sheet.rubric.criteria_in(dimension.key)
        )
        # A profession criterion with no affected profession has nothing to score.
        rows = tuple(row for row in rows if row.facets)
        if rows:
            sections.append(Section(dimension, rows))
    return tuple(sections)


@use_case
def scoring_form(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> ScoringForm:
    """The rater's own scoring form, read in one transaction; never anyone else's scores."""
    with uow.read() as repo:
        return _form(repo, _sheet(repo, actor, proposal_id))


def _form(repo: Repository, sheet: ScoringSheet) -> ScoringForm:
    history = repo.core_task_history(sheet.proposal.unit_id)
    return ScoringForm(sheet, sheet.options, _sections(sheet), history[0] if history else None)


@dataclass(frozen=True)
class SaveOutcome:
    """What one click on an option's save button did, for the message under the form."""

    saved: int  # new or changed answers stored
    unchanged: int  # answers that were stored already
    reasons_without_level: tuple[CellKey, ...]  # a reason was written, but no level chosen
    round_changed: bool = False  # the proposal moved on since the form was drawn: nothing saved


@use_case
def save_answers(
    uow: UnitOfWork,
    proposal_id: int,
    option_id: int,
    answers: Sequence[Answer],
    *,
    drawn_in: Round,
    actor: Actor,
    clock: Clock = utc_now,
) -> SaveOutcome:
    """One click on an option's save button: its new or changed answers, in one transaction.

    Only what differs from the stored scores is written, so a double click saves once. When the
    proposal has moved to another round since the form was drawn (``drawn_in``), nothing is
    saved: the answers were given to other questions.
    """
    with uow.write() as repo:
        sheet = _sheet(repo, actor, proposal_id)
        if sheet.round is not drawn_in:
            return SaveOutcome(0, 0, (), round_changed=True)
        submission = _form(repo, sheet).submission(option_id, answers)
        _store(repo, sheet, submission.entries, clock)
    return SaveOutcome(len(submission.entries), submission.unchanged, tuple(submission.reasons_without_level))


@dataclass(frozen=True)
class ScoreInput:
    proposal_id: int
    option_id: int
    criterion_key: str
    level: int | None  # None = "ved ikke" (don't know)
    reason: str = ""
    facet: str = ""


@use_case
def record_scores(
    uow: UnitOfWork, proposal_id: int, entries: Sequence[ScoreInput], *, actor: Actor, clock: Clock = utc_now
) -> list[Score]:
    """Save a rater's scores of one proposal in one transaction: all of them, or none (for
    programs such as the demo; the scoring screen calls :func:`save_answers`)."""
    with uow.write() as repo:
        return _store(repo, _sheet(repo, actor, proposal_id), entries, clock)


def _store(repo: Repository, sheet: ScoringSheet, entries: Sequence[ScoreInput], clock: Clock) -> list[Score]:
    proposal, round_, rater_id = sheet.proposal, sheet.round, sheet.rater_id
    proposal_id = proposal.id or 0
    reasons = [clean_text(entry.reason, limit=TEXT_LIMIT) for entry in entries]
    blind = {_cell_of(s): s for s in sheet.blind_scores}
    current = dict(sheet.round_scores)
    scorable = {option.id for option in sheet.options}
    saved: list[Score] = []
    for entry, reason in zip(entries, reasons, strict=True):
        if entry.proposal_id != proposal_id or proposal.option(entry.option_id) is None:
            raise NotFound(N_("The option does not belong to this proposal."))
        if entry.option_id not in scorable:
            raise InvalidInput(N_("At follow-up only the chosen option is scored: it is what happened."))
        _check_score(sheet.rubric, sheet.professions, entry)
        cell = (entry.option_id, entry.criterion_key, entry.facet)
        earlier = blind.get(cell)
        if (
            round_ is Round.REVISED
            and cell not in current
            and earlier is not None
            and (earlier.level, earlier.reason) == (entry.level, reason)
        ):
            # Re-saving a blind score after the reveal is not a change: no round-2 row, no log.
            saved.append(earlier)
            continue
        score, previous = repo.save_score(
            Score(
                proposal_id=proposal_id,
                option_id=entry.option_id,
                criterion_key=entry.criterion_key,
                facet=entry.facet,
                rater_id=rater_id,
                round=round_,
                level=entry.level,
                reason=reason,
                updated_at=clock(),
            )
        )
        current[cell] = score
        saved.append(score)
        if previous is None or (previous.level, previous.reason) != (score.level, score.reason):
            _log_score(repo, score, clock)
    return saved


def _check_score(rubric: Rubric, professions: Sequence[Profession], entry: ScoreInput) -> None:
    try:
        criterion = rubric.criterion(entry.criterion_key)
    except KeyError:
        raise InvalidInput(
            N_("The rubric {rubric} has no criterion called {criterion}."),
            rubric=rubric.label,
            criterion=entry.criterion_key,
        ) from None
    scale = rubric.scale_of(criterion)
    if entry.level is not None and entry.level not in scale.values:
        raise InvalidInput(
            N_("{level} is not a level on this scale; choose one of {levels} or “don't know”."),
            level=entry.level,
            levels=", ".join(map(str, scale.values)),
        )
    if entry.facet not in facets_for(rubric, criterion.key, professions):
        raise InvalidInput(
            N_("The criterion {criterion} is not scored for “{facet}”."),
            criterion=criterion.key,
            facet=entry.facet,
        )


def _log_score(repo: Repository, score: Score, clock: Clock) -> None:
    # Which cell, never which level: the trail names the rater, and a level beside a name would
    # undo the pseudonyms of the discussion (and, before the reveal, the blind round).
    record_audit(
        repo,
        score.rater_id,
        f"score.round{score.round.value}",
        "proposal",
        score.proposal_id,
        clock,
        after={"cell": _cell(score)},
    )


def _cell_of(score: Score) -> CellKey:
    return (score.option_id, score.criterion_key, score.facet)


def _cell(score: Score) -> str:
    return f"{score.option_id}/{score.criterion_key}/{score.facet}"


# How the time a rater needs is estimated: the words of each question read once per answer, its
# help and level descriptions read once per question, at the pace of an adult reading Danish
# non-fiction; and a few seconds per answer to weigh the levels and click.
WORDS_PER_MINUTE = 200
SECONDS_PER_ANSWER = 8


@dataclass(frozen=True)
class Workload:
    """What each rater of a proposal must answer, and about how long it takes."""

    answers: int
    minutes: int
    per_profession: int  # the answers each more affected profession adds


def rater_workload(rubric: Rubric, options: int, professions: Sequence[Profession]) -> Workload:
    """Every question once per option to score and per facet (a profession, a perspective)."""
    answers = words = per_profession = 0
    for criterion in rubric.criteria:
        facets = len(facets_for(rubric, criterion.key, professions))
        if criterion.facets is FacetKind.PROFESSION:
            per_profession += options
        if not facets:
            continue
        answers += options * facets
        words += options * facets * _words(criterion.question("da"))
        words += _words(criterion.help.da if criterion.help else "")
        words += sum(_words(text.da) for text in criterion.descriptors.values())
    seconds = words * 60 / WORDS_PER_MINUTE + answers * SECONDS_PER_ANSWER
    return Workload(answers, math.ceil(seconds / 60), per_profession)


def _words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class ScoringSheet:
    """What one rater needs on the scoring screen: the rubric, the facets, their own scores."""

    proposal: Proposal
    rubric: Rubric
    round: Round
    professions: list[Profession]
    own_scores: dict[CellKey, Score]  # what the form starts from (round 2: round 1 where not changed)
    cells_total: int
    rater_id: int = 0
    options: tuple[Option, ...] = ()  # the options to score now
    blind_scores: tuple[Score, ...] = ()  # the rater's round-1 scores
    round_scores: dict[CellKey, Score] = field(default_factory=dict)  # stored in this round

    @property
    def cells_scored(self) -> int:
        return len(self.own_scores)


@use_case
def scoring_sheet(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> ScoringSheet:
    """A rater's own view: never anyone else's scores, whatever the status."""
    with uow.read() as repo:
        return _sheet(repo, actor, proposal_id)


def _sheet(repo: Repository, actor: Actor, proposal_id: int) -> ScoringSheet:
    """The one read behind the form, a save and a program's scores: the permission check, the
    round, the panel check, the rubric, the facets and the rater's own scores."""
    rater_id = acting_person(actor)
    proposal = checked_proposal(repo, actor, Action.SCORE, proposal_id)
    round_ = lifecycle.scoring_round(proposal.status)
    require_on_panel(proposal, rater_id)
    rubric = rubric_of(repo, proposal.rubric)
    professions = affected_professions(repo, proposal)
    stored = {_cell_of(s): s for s in repo.scores_of(proposal_id, rater_id, round_)}
    blind = tuple(repo.scores_of(proposal_id, rater_id, Round.BLIND)) if round_ is Round.REVISED else ()
    # Round 2 starts from the rater's own round-1 scores.
    own = {_cell_of(s): s for s in blind} | stored
    decision = repo.get_decision(proposal_id) if round_ is Round.FOLLOW_UP else None
    options = options_to_score(proposal.options, round_, decision.chosen_option_id if decision else None)
    cells = rater_workload(rubric, len(options), professions).answers
    return ScoringSheet(
        proposal, rubric, round_, professions, own, cells, rater_id, tuple(options), blind, stored
    )


def require_on_panel(proposal: Proposal, rater_id: int) -> None:
    if proposal.panel_member(rater_id) is None:
        raise NotAllowed(N_("You are not on the panel for this proposal, so you cannot score it."))


@dataclass(frozen=True)
class GroupResults:
    """The panel's scores after the reveal: histograms per cell and per profession group."""

    proposal: Proposal
    rubric: Rubric
    tallies: dict[CellKey, Tally]
    profession_tallies: dict[tuple[int, str, str, str], Tally]
    group_sizes: dict[str, int]
    follow_up: dict[CellKey, Tally] = field(default_factory=dict)


@use_case
def group_results(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> GroupResults:
    """Everyone's scores together; refused until the reveal, so blind scoring stays blind."""
    with uow.read() as repo:
        return results_of(repo, actor, proposal_id)


def results_of(repo: Repository, actor: Actor, proposal_id: int) -> GroupResults:
    """:func:`group_results` inside a transaction the caller has open, so a use case that shows
    the results with other things reads them all in one consistent look."""
    proposal = checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
    lifecycle.require_revealed(proposal.status)
    follow_up = (
        repo.tallies(proposal_id, Round.FOLLOW_UP)
        if proposal.status in (Status.FOLLOW_UP, Status.CLOSED)
        else {}
    )
    return GroupResults(
        proposal=proposal,
        rubric=rubric_of(repo, proposal.rubric),
        tallies=repo.tallies(proposal_id, Round.REVISED),
        profession_tallies=repo.profession_tallies(proposal_id, Round.REVISED),
        group_sizes=repo.panel_profession_sizes(proposal_id),
        follow_up=follow_up,
    )


@dataclass(frozen=True)
class PanelProgress:
    """How far the panel is with blind scoring: counts only, never anyone's scores."""

    raters: int
    started: int
    finished: int
    # Who has not scored everything yet, by name: only for whoever may reveal (the leader chose
    # the panel and needs to know whom to wait for); empty for everyone else.
    not_finished: tuple[str, ...] = ()


@use_case
def panel_progress(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> PanelProgress:
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        rubric = rubric_of(repo, proposal.rubric)
        professions = affected_professions(repo, proposal)
        cells = rater_workload(rubric, len(proposal.options), professions).answers
        per_rater = Counter(s.rater_id for s in repo.all_scores(proposal_id) if s.round is Round.BLIND)
        on_panel = [member.person_id for member in proposal.panel]
        waiting_for: tuple[str, ...] = ()
        if allows(actor, Action.REVEAL, proposal.unit_id, proposal.status):
            people = (repo.get_person(person_id) for person_id in on_panel if per_rater[person_id] < cells)
            waiting_for = tuple(sorted(person.name for person in people if person is not None))
        return PanelProgress(
            raters=len(on_panel),
            started=sum(1 for person in on_panel if per_rater[person] > 0),
            finished=sum(1 for person in on_panel if per_rater[person] >= cells),
            not_finished=waiting_for,
        )
