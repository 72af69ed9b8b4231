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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from assessment.kernel import lifecycle
from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, InvalidInput, NotAllowed, NotFound
from assessment.kernel.forms import TEXT_LIMIT, clean_text
from assessment.kernel.model import CoreTask, Option, Profession, Proposal, Round, Score, ScoreDraft, Status
from assessment.kernel.permissions import Action, Actor, allows, checked_proposal, proposal_scope, use_case
from assessment.kernel.records import acting_person, affected_professions, record_audit, rubric_of
from assessment.kernel.repository import ProposalSummary, Repository, UnitOfWork
from assessment.kernel.rubric import BaselineRule, Criterion, Dimension, FacetKind, Rubric, Scope
from assessment.kernel.scoring import (
    CellKey,
    Tally,
    facets_for,
    fixed_baseline_tallies,
    options_to_score,
    questions_for,
)
from assessment.workload import Workload, rater_workload

__all__ = [
    "SCORABLE",
    "Answer",
    "Progress",
    "Row",
    "ScoringForm",
    "Section",
    "Submission",
    "Workload",
    "proposals_to_score",
    "rater_workload",
    "record_scores",
    "results_of",
    "scoring_form",
    "scoring_sheet",
]

# The statuses in which a panel member scores, in the order the picker lists them.
SCORABLE: tuple[Status, ...] = (Status.SCORING, Status.DISCUSSION, Status.FOLLOW_UP)


@use_case
def proposals_to_score(uow: UnitOfWork, *, actor: Actor, limit: int | None = None) -> list[ProposalSummary]:
    """The proposals whose panel this person is on and that take scores now, at most ``limit``.

    Blind scoring first (most urgent), then round 2 after the reveal, then follow-up; newest first
    within each.
    """
    scope = proposal_scope(actor, Action.SCORE)
    if actor.person_id is None:
        return []
    with uow.read() as repo:
        return repo.proposals_on_panel(actor.person_id, SCORABLE, scope=scope, limit=limit)


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
    sections: tuple[Section, ...]  # every question this rater answers on some option
    core_task: CoreTask | None  # the unit's current core task, for the three perspectives

    @property
    def cells_per_option(self) -> int:
        """The cells of an option that asks every question (the baseline may ask fewer)."""
        return sum(len(row.facets) for section in self.sections for row in section.rows)

    def cells(self, option_id: int) -> list[CellKey]:
        """The cells this rater answers on one option, in the order of the sections."""
        option = self.sheet.proposal.option(option_id)
        asked = set(_rater_cells(self.sheet, [option])) if option is not None else set()
        return [
            cell
            for section in self.sections
            for row in section.rows
            for facet in row.facets
            if (cell := (option_id, row.criterion.key, facet)) in asked
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


def _rater_cells(sheet: ScoringSheet, options: Sequence[Option]) -> list[CellKey]:
    """The cells the sheet's rater answers on these options: the one rule is questions_for."""
    return [
        (option.id or 0, criterion.key, facet)
        for option in options
        for criterion, facet in questions_for(sheet.rubric, option, sheet.professions, sheet.rater_profession)
    ]


def _sections(sheet: ScoringSheet) -> tuple[Section, ...]:
    """Every question the rater answers on at least one option to score now, by dimension.

    A question asked of no option (once per proposal, on the baseline alone, a profession
    criterion with no affected profession, another profession's own question) has no row.
    """
    facets: dict[str, list[str]] = {}
    for _option, criterion_key, facet in _rater_cells(sheet, sheet.options):
        if facet not in facets.setdefault(criterion_key, []):
            facets[criterion_key].append(facet)
    sections = []
    for dimension in sheet.rubric.dimensions:
        rows = tuple(
            Row(criterion, tuple(facets[criterion.key]))
            for criterion in sheet.rubric.criteria_in(dimension.key)
            if criterion.key in facets
        )
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
    programs such as the demo; the scoring screen keeps drafts and submits them with
    :func:`assessment.score_drafts.submit_answers`)."""
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
        _check_score(sheet, entry)
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


def _check_score(sheet: ScoringSheet, entry: ScoreInput) -> None:
    """Refuse a cell that is not one of this rater's questions on this option, saying why."""
    rubric, professions = sheet.rubric, sheet.professions
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
    if criterion.effective_scope is Scope.PROPOSAL:
        raise InvalidInput(
            N_("The criterion {criterion} is answered once per proposal by its leader, not per option."),
            criterion=criterion.key,
        )
    option = sheet.proposal.option(entry.option_id) or Option("")  # _store has checked it exists
    if option.is_baseline and rubric.baseline_rule(criterion) is not BaselineRule.ASK:
        raise InvalidInput(
            N_(
                "The criterion {criterion} is not asked for “Keep as is”: keeping things as they are is not "
                "scored against itself."
            ),
            criterion=criterion.key,
        )
    if (criterion, entry.facet) not in questions_for(rubric, option, professions, sheet.rater_profession):
        own = criterion.facets is FacetKind.OWN_PROFESSION and entry.facet in facets_for(
            rubric, criterion.key, professions
        )
        raise InvalidInput(
            N_("Each rater answers {criterion} for their own profession only, and “{facet}” is not yours.")
            if own
            else N_("The criterion {criterion} is not scored for “{facet}”."),
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
    # The rater's own profession when it is among the affected ones: the one whose own question they answer.
    rater_profession: Profession | None = None
    # The rater's unsubmitted answers of this round (assessment/score_drafts.py): only ever their own.
    drafts: dict[CellKey, ScoreDraft] = field(default_factory=dict)

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
    rater_profession = _own_profession(proposal, rater_id, professions)
    stored = {_cell_of(s): s for s in repo.scores_of(proposal_id, rater_id, round_)}
    blind = tuple(repo.scores_of(proposal_id, rater_id, Round.BLIND)) if round_ is Round.REVISED else ()
    # Round 2 starts from the rater's own round-1 scores.
    own = {_cell_of(s): s for s in blind} | stored
    decision = repo.get_decision(proposal_id) if round_ is Round.FOLLOW_UP else None
    options = options_to_score(proposal.options, round_, decision.chosen_option_id if decision else None)
    cells = _answers(rubric, options, professions, rater_profession)
    drafts = {
        (d.option_id, d.criterion_key, d.facet): d for d in repo.drafts_of(proposal_id, rater_id, round_)
    }
    return ScoringSheet(
        proposal,
        rubric,
        round_,
        professions,
        own,
        cells,
        rater_id,
        options,
        blind,
        stored,
        rater_profession,
        drafts=drafts,
    )


def _own_profession(
    proposal: Proposal, rater_id: int, professions: Sequence[Profession]
) -> Profession | None:
    """The panel member's profession when it is affected; else None: no own-profession questions."""
    member = proposal.panel_member(rater_id)
    if member is None or member.profession_id is None:
        return None
    return next((p for p in professions if p.id == member.profession_id), None)


def _answers(
    rubric: Rubric, options: Sequence[Option], professions: Sequence[Profession], rater: Profession | None
) -> int:
    return sum(len(questions_for(rubric, option, professions, rater)) for option in options)


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
    rubric = rubric_of(repo, proposal.rubric)
    tallies = repo.tallies(proposal_id, Round.REVISED)
    baseline = next((option for option in proposal.options if option.is_baseline), None)
    if baseline is not None and baseline.id is not None:
        # "Keep as is" is no difference from today on the questions it is not asked: fixed, not scored.
        tallies |= fixed_baseline_tallies(rubric, baseline.id, affected_professions(repo, proposal))
    return GroupResults(
        proposal=proposal,
        rubric=rubric,
        tallies=tallies,
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
        per_rater = Counter(s.rater_id for s in repo.all_scores(proposal_id) if s.round is Round.BLIND)
        on_panel = [member.person_id for member in proposal.panel]
        # Each rater's own number: one whose profession is not affected has no own-profession question.
        cells = {
            person: _answers(
                rubric, proposal.options, professions, _own_profession(proposal, person, professions)
            )
            for person in on_panel
        }
        finished = [person for person in on_panel if per_rater[person] >= cells[person]]
        waiting_for: tuple[str, ...] = ()
        if allows(actor, Action.REVEAL, proposal.unit_id, proposal.status):
            people = (repo.get_person(person_id) for person_id in on_panel if person_id not in finished)
            waiting_for = tuple(sorted(person.name for person in people if person is not None))
        return PanelProgress(
            raters=len(on_panel),
            started=sum(1 for person in on_panel if per_rater[person] > 0),
            finished=len(finished),
            not_finished=waiting_for,
        )
