"""The scoring screen's questions: one question at a time, asked across every option to score.

A read-only view of the :class:`~assessment.scoring_sheet.ScoringForm`: which options (columns)
and facets (rows) each question has for this rater, what the rater has answered so far (their
private drafts over their stored scores), and how far they are. Which cells a rater answers is the
form's to say (the kernel's ``questions_for``); this module only arranges them by question.
Pure Python, so the arrangement is tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from assessment.kernel.model import Option, Round
from assessment.kernel.rubric import BaselineRule, Criterion, Dimension
from assessment.kernel.scoring import CellKey
from assessment.scoring_sheet import ScoringForm


class _Answer(Protocol):
    """A stored score or a draft: what both say about one cell."""

    level: int | None
    reason: str


@dataclass(frozen=True)
class Given:
    """What the rater has answered in one cell so far."""

    answered: bool  # False: only a reason was written, no level or "don't know" chosen yet
    level: int | None  # None with ``answered``: "don't know"
    reason: str
    draft: bool  # kept as a draft, not submitted yet
    revised: bool = False  # round 2: differs from the rater's own round-1 answer


@dataclass(frozen=True)
class Question:
    """One criterion, asked of every option in ``options`` and, where it has facets, per facet."""

    number: int  # 1, 2, … in the order the rater meets them
    dimension: Dimension
    criterion: Criterion
    options: tuple[Option, ...]  # the columns: the baseline only when it is asked this question
    facets: tuple[str, ...]  # the rows: ("",) without facets
    cells: tuple[CellKey, ...]  # the cells asked, facet by facet, option by option
    baseline_fixed: bool  # "keep as is" is not asked: it counts as "no difference"


@dataclass(frozen=True)
class Plan:
    """The rater's questions on one proposal in one round, and what they have answered."""

    questions: tuple[Question, ...]
    given: Mapping[CellKey, Given]

    @property
    def total(self) -> int:
        return sum(len(question.cells) for question in self.questions)

    def answered(self, question: Question | None = None) -> int:
        """Answers given (a level or "don't know"), in one question or in all of them."""
        questions = self.questions if question is None else (question,)
        return sum(1 for q in questions for cell in q.cells if self._answered(cell))

    def complete(self, question: Question) -> bool:
        return self.answered(question) == len(question.cells)

    def unanswered(self) -> list[tuple[Question, tuple[CellKey, ...]]]:
        """Each question with cells still open, and those cells."""
        found = []
        for question in self.questions:
            open_cells = tuple(cell for cell in question.cells if not self._answered(cell))
            if open_cells:
                found.append((question, open_cells))
        return found

    @property
    def drafts(self) -> int:
        """Answers kept as drafts, waiting to be submitted."""
        return sum(
            1
            for q in self.questions
            for cell in q.cells
            if (g := self.given.get(cell)) and g.draft and g.answered
        )

    def first_open(self) -> int:
        """The number of the first question not fully answered (the first when all are)."""
        return next((q.number for q in self.questions if not self.complete(q)), 1)

    def _answered(self, cell: CellKey) -> bool:
        given = self.given.get(cell)
        return given is not None and given.answered


def plan_of(form: ScoringForm) -> Plan:
    """The form's cells arranged as questions: options as columns, facets as rows.

    Non-baseline options come first and "keep as is" last, so the columns of the options stay in
    place when a question is not asked of the baseline and its column is left out.
    """
    rubric = form.sheet.rubric
    options = sorted(form.options, key=lambda option: option.is_baseline)
    asked: dict[tuple[int, str], list[str]] = {}  # (option, criterion) -> facets, in form order
    for option in options:
        for _option, criterion_key, facet in form.cells(option.id or 0):
            asked.setdefault((option.id or 0, criterion_key), []).append(facet)
    has_baseline = any(option.is_baseline for option in options)
    questions = []
    for section in form.sections:
        for row in section.rows:
            key = row.criterion.key
            columns = tuple(option for option in options if (option.id or 0, key) in asked)
            if not columns:
                continue
            facets = tuple(dict.fromkeys(f for o in columns for f in asked[(o.id or 0, key)]))
            cells = tuple(
                (option.id or 0, key, facet)
                for facet in facets
                for option in columns
                if facet in asked[(option.id or 0, key)]
            )
            fixed = (
                has_baseline
                and not any(option.is_baseline for option in columns)
                and rubric.baseline_rule(row.criterion) is BaselineRule.NO_DIFFERENCE
            )
            questions.append(
                Question(len(questions) + 1, section.dimension, row.criterion, columns, facets, cells, fixed)
            )
    return Plan(tuple(questions), given_of(form))


def given_of(form: ScoringForm) -> dict[CellKey, Given]:
    """The rater's answers as the form starts from them: a draft where there is one, else the
    stored score (round 2: this round's, else round 1's)."""
    sheet = form.sheet
    blind = {(s.option_id, s.criterion_key, s.facet): s for s in sheet.blind_scores}
    given: dict[CellKey, Given] = {}
    for cell, score in sheet.own_scores.items():
        given[cell] = Given(
            True,
            score.level,
            score.reason,
            draft=False,
            revised=_revised(sheet.round, blind.get(cell), score),
        )
    for cell, draft in sheet.drafts.items():
        given[cell] = Given(
            draft.answered,
            draft.level,
            draft.reason,
            draft=True,
            revised=draft.answered and _revised(sheet.round, blind.get(cell), draft),
        )
    return given


def _revised(round_: Round, blind: _Answer | None, now: _Answer) -> bool:
    """Round 2: the answer differs from the rater's own round-1 answer ("rettet i runde 2")."""
    if round_ is not Round.REVISED or blind is None:
        return False
    return (blind.level, blind.reason.strip()) != (now.level, now.reason.strip())
