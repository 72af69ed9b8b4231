"""The scoring screen's read model: what one rater scores now, how far they are, what to save.

:func:`services.scoring_sheet` gives a rater's rubric, facets and own scores. This module
turns that into what the screen shows and sends back:

* :func:`proposals_to_score` – the proposals this person can score now (blind scoring,
  round 2 after the reveal, follow-up), so the picker never offers someone else's panel;
* :func:`scoring_form` – the options to score now (at follow-up only the chosen one, since
  only what was done can be scored on what actually happened), the criteria grouped by
  dimension with their facets resolved, and the unit's core task for the perspectives;
* :meth:`ScoringForm.submission` – from the answers on one option's form to the
  :class:`~assessment.services.ScoreInput` entries that are new or changed, so a form
  saved twice sends nothing the second time.

It sees only the rater's own scores: nothing here can show anyone else's.
Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessment import services
from assessment.model import CoreTask, Option, Status
from assessment.permissions import Action, Actor, proposal_scope, use_case
from assessment.repository import ProposalSummary, UnitOfWork
from assessment.rubric import Criterion, Dimension
from assessment.scoring import CellKey, options_to_score

__all__ = [
    "SCORABLE",
    "Answer",
    "Progress",
    "Row",
    "ScoringForm",
    "Section",
    "Submission",
    "proposals_to_score",
    "scoring_form",
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
    """One option's form, ready for :func:`services.record_scores`."""

    entries: list[services.ScoreInput]  # new or changed cells only
    unchanged: int  # answered cells that are saved already
    reasons_without_level: list[CellKey]  # a reason was written, but no level chosen


@dataclass(frozen=True)
class ScoringForm:
    sheet: services.ScoringSheet
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
        entries: list[services.ScoreInput] = []
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
                services.ScoreInput(
                    proposal_id=self.sheet.proposal.id or 0,
                    option_id=option_id,
                    criterion_key=answer.criterion_key,
                    level=answer.level,
                    reason=reason,
                    facet=answer.facet,
                )
            )
        return Submission(entries, unchanged, reasons_without_level)


def _sections(sheet: services.ScoringSheet) -> tuple[Section, ...]:
    sections = []
    for dimension in sheet.rubric.dimensions:
        rows = tuple(
            Row(criterion, tuple(services.facets_for(sheet.rubric, criterion.key, sheet.professions)))
            for criterion in sheet.rubric.criteria_in(dimension.key)
        )
        # A profession criterion with no affected profession has nothing to score.
        rows = tuple(row for row in rows if row.facets)
        if rows:
            sections.append(Section(dimension, rows))
    return tuple(sections)


@use_case
def scoring_form(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> ScoringForm:
    """The rater's own scoring form; raises like :func:`services.scoring_sheet` does."""
    sheet = services.scoring_sheet(uow, proposal_id, actor=actor)
    proposal = sheet.proposal
    with uow.read() as repo:
        decision = repo.get_decision(proposal_id)
        history = repo.core_task_history(proposal.unit_id)
    options = options_to_score(proposal.options, sheet.round, decision.chosen_option_id if decision else None)
    return ScoringForm(sheet, options, _sections(sheet), history[0] if history else None)
