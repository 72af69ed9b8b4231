"""The discussion and decision screens: what they show, computed here, and their use cases.

After the reveal the MED committee discusses the panel's scores, usually on a projector. The
booklet's point is that the value lies in the dialogue and in the necessary conflicts, so the
discussion screen leads with where the panel disagrees (hot spots), then shows the spread of
every criterion, the reasons side by side, the professions' views (only for groups of three
or more), the gaps between the three perspectives on the core task and between value to the
citizen and value to society (each asking for a written comment), and the dilemma log.

Everything a screen shows is computed here into plain, frozen dataclasses with texts already
in the reader's language (``translate`` is a gettext function, ``language`` picks the rubric's
texts); pages only lay them out. Numbers and dates stay numbers and dates, for the page to
format the Danish way.

Raters are pseudonymised – "Participant C, pædagog", letters in a random order kept with the
proposal (:mod:`assessment.kernel.pseudonyms`) – unless the proposal was set up with ``show_rater_names``.

Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from assessment import scoring_sheet
from assessment.kernel import lifecycle, records, scoring
from assessment.kernel.clock import utc_now
from assessment.kernel.errors import (
    N_,
    FormInvalid,
    InvalidInput,
    Message,
    NotAllowed,
    Translate,
    WrongState,
)
from assessment.kernel.i18n import mid_sentence
from assessment.kernel.model import (
    AuditEvent,
    Decision,
    Dilemma,
    DilemmaStatus,
    Option,
    Person,
    Profession,
    Proposal,
    Round,
    Score,
    Status,
)
from assessment.kernel.permissions import Action, Actor, checked_proposal, use_case
from assessment.kernel.pseudonyms import MINIMUM_GROUP, letters, professions_safe_to_show
from assessment.kernel.repository import DiscussionNote, NoteKind, Repository, UnitOfWork
from assessment.kernel.rubric import Criterion, FacetKind, Perspective, Rubric, Scale
from assessment.kernel.scoring import (
    DISAGREEMENT_EDGE_LEVELS,
    DISAGREEMENT_SHARE,
    DISAGREEMENT_SPREAD,
    NO_FACET,
    CellKey,
    Tally,
    cell_stats,
    criterion_value,
    disagreement_edges,
    effective_scores,
    perspective_gaps,
    profession_breakdown,
    value_divergence,
)

__all__ = [
    "CITIZEN_CRITERION",
    "MINIMUM_GROUP",
    "NOTES_ALLOWED",
    "NOTE_LIMIT",
    "SOCIETY_CRITERION",
    "CellView",
    "DecisionView",
    "DilemmaView",
    "DiscussionView",
    "DivergenceView",
    "GapView",
    "LevelCount",
    "NoteView",
    "OptionView",
    "OutcomeRow",
    "ProfessionRow",
    "ProfessionTable",
    "Reason",
    "ReasonRow",
    "RuleView",
    "ScaleEdges",
    "compare_outcomes",
    "decision_view",
    "disagreement_rule_text",
    "discussion_view",
    "hot_spots",
    "pseudonyms",
    "record_note",
]

# The default rubric's criteria for value to the citizen and to society (DESIGN.md section 2).
CITIZEN_CRITERION = "borger_effekt"
SOCIETY_CRITERION = "samfund_vaerdi"
NOTE_LIMIT = 4_000
_NO_OPTION = 0  # no stored option has this id, so the use case reports it as not chosen
# Comments and dilemmas can be written from the reveal until the proposal is closed.
NOTES_ALLOWED: frozenset[Status] = frozenset({Status.DISCUSSION, Status.DECIDED, Status.FOLLOW_UP})

BASELINE_TITLE = N_("Keep as is")
DONT_KNOW = N_("Don't know")
PERSPECTIVE_LABELS: dict[str, str] = {
    Perspective.FORMAL.value: N_("formal (as decided)"),
    Perspective.PERFORMED.value: N_("performed (as we do it)"),
    Perspective.EXPERIENCED.value: N_("experienced (by citizens)"),
}
DILEMMA_STATUS_LABELS: dict[DilemmaStatus, str] = {
    DilemmaStatus.OPEN: N_("open"),
    DilemmaStatus.HANDLED: N_("handled"),
    DilemmaStatus.REVISIT: N_("to revisit"),
}
_SHARES: dict[Fraction, str] = {Fraction(1, 3): N_("a third"), Fraction(1, 2): N_("half")}
_COUNTS: dict[int, str] = {1: N_("one"), 2: N_("two"), 3: N_("three")}


def _identity(message_id: str) -> str:
    return message_id


# Read models -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionView:
    id: int
    title: str  # "Keep as is" (translated) for the baseline
    is_baseline: bool
    position: int


@dataclass(frozen=True)
class LevelCount:
    value: int
    label: str
    count: int


@dataclass(frozen=True)
class CellView:
    """One option × criterion × facet after the reveal: how the panel scored it."""

    option_id: int
    option_title: str
    criterion_key: str
    criterion_label: str  # the rubric's question in the reader's language
    dimension_label: str
    facet: str
    facet_label: str  # "" without facets, else a profession name or a perspective
    scale_title: str
    levels: tuple[LevelCount, ...]  # every level of the scale, lowest first, with its count
    count: int  # scores, without "don't know"
    dont_know: int
    median: float | None
    minimum: int | None
    maximum: int | None
    spread: int  # maximum − minimum in steps; 0 with fewer than two scores
    at_bottom: int  # scores in the levels the disagreement rule counts as the low end
    at_top: int
    disagreement: bool

    def level_label(self, value: int | None) -> str:
        return next((level.label for level in self.levels if level.value == value), "")


@dataclass(frozen=True)
class ScaleEdges:
    """Which levels of one scale count as its ends in the disagreement rule."""

    scale_title: str
    bottom: tuple[str, ...]  # "−2 Clearly worse", ...
    top: tuple[str, ...]


@dataclass(frozen=True)
class RuleView:
    text: str
    edges: tuple[ScaleEdges, ...]


@dataclass(frozen=True)
class Reason:
    rater: str  # "Participant C, pædagog", or the name when the proposal shows names
    level: int | None
    level_label: str
    text: str
    revised: bool  # given or changed after the reveal (round 2)


@dataclass(frozen=True)
class ReasonRow:
    """The reasons on one criterion (and facet), per option, side by side."""

    criterion_key: str
    criterion_label: str
    facet: str
    facet_label: str
    by_option: tuple[tuple[OptionView, tuple[Reason, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(reasons) for _option, reasons in self.by_option)


@dataclass(frozen=True)
class ProfessionRow:
    criterion_key: str
    criterion_label: str
    facet_label: str
    medians: Mapping[int, float | None]  # option id → the profession's median (None: too few scores)
    panel: Mapping[int, float | None]  # option id → the whole panel's median, for comparison


@dataclass(frozen=True)
class ProfessionTable:
    name: str
    raters: int
    rows: tuple[ProfessionRow, ...]


@dataclass(frozen=True)
class NoteView:
    text: str
    created_at: datetime


@dataclass(frozen=True)
class GapView:
    """The formal, performed and experienced core task see an option differently (≥ 2 steps)."""

    option_id: int
    option_title: str
    criterion_key: str
    criterion_label: str
    low_label: str
    low_median: float
    high_label: str
    high_median: float
    gap: float
    notes: tuple[NoteView, ...]


@dataclass(frozen=True)
class DivergenceView:
    """Value to the citizen and value to society differ by 2 steps or more for one option."""

    option_id: int
    option_title: str
    citizen: float
    society: float
    difference: float  # citizen − society
    notes: tuple[NoteView, ...]


@dataclass(frozen=True)
class DilemmaView:
    id: int
    text: str
    pole_a: str
    pole_b: str
    option_title: str  # "" when not linked to an option
    criterion_label: str  # "" when not linked to a criterion
    status: DilemmaStatus
    status_label: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class DiscussionView:
    """Everything the discussion screen shows for one revealed proposal."""

    proposal_id: int
    title: str
    status: Status
    can_write: bool  # comments and new dilemmas
    can_change_dilemmas: bool
    show_names: bool
    options: tuple[OptionView, ...]
    criteria: tuple[tuple[str, str], ...]  # (key, label) in rubric order, for the dilemma form
    raters: tuple[str, ...]  # the panel as the page names them, in letter order
    rule: RuleView
    hot_spots: tuple[CellView, ...]
    cells: tuple[CellView, ...]
    reasons: tuple[ReasonRow, ...]
    professions: tuple[ProfessionTable, ...]
    small_groups: tuple[tuple[str, int], ...]  # professions left out: (name, raters on the panel)
    gaps: tuple[GapView, ...]
    value_divergence_available: bool
    citizen_label: str
    society_label: str
    divergences: tuple[DivergenceView, ...]
    earlier_notes: tuple[tuple[str, NoteView], ...]  # comments on gaps that have since closed
    dilemmas: tuple[DilemmaView, ...]

    @property
    def open_dilemmas(self) -> int:
        return sum(1 for dilemma in self.dilemmas if dilemma.status is not DilemmaStatus.HANDLED)


@dataclass(frozen=True)
class OutcomeRow:
    """Expected (the panel's median after the discussion) against actual (at follow-up)."""

    option_id: int
    criterion_key: str
    criterion_label: str
    facet_label: str
    expected: float | None
    actual: float | None
    follow_up_scores: int

    @property
    def difference(self) -> float | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected


@dataclass(frozen=True)
class DecisionView:
    """Everything the decision screen shows for one revealed proposal."""

    proposal_id: int
    title: str
    status: Status
    options: tuple[OptionView, ...]
    decision: Decision | None
    chosen_title: str  # "" before the decision
    decided_by: str
    open_dilemmas: tuple[str, ...]  # texts of dilemmas not yet handled
    hot_spots: int
    outcomes: tuple[OutcomeRow, ...]  # at follow-up and after: every option × criterion × facet

    def outcomes_of(self, option_id: int) -> tuple[OutcomeRow, ...]:
        return tuple(row for row in self.outcomes if row.option_id == option_id)

    @property
    def follow_up_scores(self) -> int:
        return sum(row.follow_up_scores for row in self.outcomes)


# Small pure pieces -------------------------------------------------------------------------------


def option_views(proposal: Proposal, translate: Translate = _identity) -> tuple[OptionView, ...]:
    ordered = sorted(proposal.options, key=lambda option: option.position)
    return tuple(_option_view(option, translate) for option in ordered)


def _option_view(option: Option, translate: Translate) -> OptionView:
    title = translate(BASELINE_TITLE) if option.is_baseline else option.title
    return OptionView(option.id or 0, title, option.is_baseline, option.position)


def pseudonyms(
    rater_ids: Iterable[int],
    profession_of: Mapping[int, Profession | None],
    *,
    key: str,
    names: Mapping[int, str] | None = None,
    translate: Translate = _identity,
) -> dict[int, str]:
    """Person id → how the discussion names them: "Participant C, pædagog".

    ``key`` is the proposal's pseudonym key, which orders the letters (:mod:`assessment.kernel.pseudonyms`).
    With ``names`` (the proposal shows rater names) the name replaces the letter. The profession
    is named only where it cannot point at a person (:func:`professions_safe_to_show`).
    """
    raters = sorted(set(rater_ids))
    letter_of = letters(raters, key)
    shown_profession = professions_safe_to_show(raters, profession_of)
    result: dict[int, str] = {}
    for person_id in raters:
        profession = profession_of.get(person_id)
        if names is not None and person_id in names:
            who = names[person_id]
            result[person_id] = f"{who}, {mid_sentence(profession.name)}" if profession else who
        elif (profession := shown_profession[person_id]) is not None:
            result[person_id] = translate(N_("Participant {letter}, {profession}")).format(
                letter=letter_of[person_id], profession=mid_sentence(profession.name)
            )
        else:
            result[person_id] = translate(N_("Participant {letter}")).format(letter=letter_of[person_id])
    return result


def disagreement_rule_text(translate: Translate = _identity) -> str:
    """The disagreement rule in plain words, built from the constants :mod:`assessment.kernel.scoring`
    uses, so the sentence on every screen and in every document changes with the rule."""
    share = DISAGREEMENT_SHARE
    share_text = translate(_SHARES[share]) if share in _SHARES else f"{share.numerator}/{share.denominator}"
    edges = DISAGREEMENT_EDGE_LEVELS
    edges_text = translate(_COUNTS[edges]) if edges in _COUNTS else str(edges)
    return translate(
        N_(
            "A criterion is a hot spot when the panel is split – at least {share} of the scores in the "
            "{edges} lowest levels and at least {share} in the {edges} highest – or when the highest and "
            "the lowest score are {spread} or more steps apart. “Don't know” is not counted."
        )
    ).format(share=share_text, edges=edges_text, spread=DISAGREEMENT_SPREAD)


def rule_view(scales: Iterable[Scale], language: str, translate: Translate = _identity) -> RuleView:
    """The disagreement rule in plain words, and which levels are the ends on each scale."""
    text = disagreement_rule_text(translate)
    seen: dict[str, ScaleEdges] = {}
    for scale in scales:
        title = scale.title(language)
        if title in seen:
            continue
        bottom, top = disagreement_edges(scale)
        seen[title] = ScaleEdges(
            scale_title=title,
            bottom=tuple(f"{value} {scale.label(value, language)}" for value in bottom),
            top=tuple(f"{value} {scale.label(value, language)}" for value in top),
        )
    return RuleView(text, tuple(seen.values()))


def _facet_label(
    criterion: Criterion, facet: str, professions: Mapping[str, str], translate: Translate
) -> str:
    if facet == NO_FACET:
        return ""
    if criterion.facets is FacetKind.PERSPECTIVE and facet in PERSPECTIVE_LABELS:
        return translate(PERSPECTIVE_LABELS[facet])
    return professions.get(facet, facet)


def _median(tally: Tally | None) -> float | None:
    median = tally.median() if tally is not None else None
    return None if median is None else float(median)


@dataclass(frozen=True)
class _Context:
    """What every cell needs to be named: the rubric, options, professions, the language."""

    rubric: Rubric
    options: tuple[OptionView, ...]
    profession_names: Mapping[str, str]  # profession key → name
    facet_order: Mapping[str, Sequence[str]]  # criterion key → its facets in the order to show
    language: str
    translate: Translate

    def option(self, option_id: int) -> OptionView:
        found = next((option for option in self.options if option.id == option_id), None)
        return found or OptionView(option_id, str(option_id), False, 10_000)

    def criterion_label(self, key: str) -> str:
        try:
            return self.rubric.criterion(key).question(self.language)
        except KeyError:
            return key

    def facet_label(self, criterion_key: str, facet: str) -> str:
        return _facet_label(
            self.rubric.criterion(criterion_key), facet, self.profession_names, self.translate
        )

    def cell_order(self, key: CellKey) -> tuple[int, int, int, str]:
        option_id, criterion_key, facet = key
        criteria = [criterion.key for criterion in self.rubric.criteria]
        facets = list(self.facet_order.get(criterion_key, ()))
        return (
            self.option(option_id).position,
            criteria.index(criterion_key) if criterion_key in criteria else len(criteria),
            facets.index(facet) if facet in facets else len(facets),
            facet,
        )

    def every_cell(self) -> list[CellKey]:
        return [
            (option.id, criterion.key, facet)
            for option in self.options
            for criterion in self.rubric.criteria
            for facet in self.facet_order.get(criterion.key, (NO_FACET,))
        ]


def _cell_view(context: _Context, key: CellKey, tally: Tally) -> CellView:
    option_id, criterion_key, facet = key
    criterion = context.rubric.criterion(criterion_key)
    scale = context.rubric.scale_of(criterion)
    stats = cell_stats(tally, scale)
    bottom, top = disagreement_edges(scale)
    minimum, maximum = stats.minimum, stats.maximum
    return CellView(
        option_id=option_id,
        option_title=context.option(option_id).title,
        criterion_key=criterion_key,
        criterion_label=criterion.question(context.language),
        dimension_label=context.rubric.dimension(criterion.dimension).title(context.language),
        facet=facet,
        facet_label=context.facet_label(criterion_key, facet),
        scale_title=scale.title(context.language),
        levels=tuple(
            LevelCount(value, scale.label(value, context.language), tally.counts.get(value, 0))
            for value in scale.values
        ),
        count=stats.count,
        dont_know=stats.dont_know,
        median=stats.median,
        minimum=minimum,
        maximum=maximum,
        spread=(maximum - minimum) if minimum is not None and maximum is not None else 0,
        at_bottom=sum(tally.counts.get(level, 0) for level in bottom),
        at_top=sum(tally.counts.get(level, 0) for level in top),
        disagreement=stats.disagreement,
    )


def _cell_views(context: _Context, tallies: Mapping[CellKey, Tally]) -> tuple[CellView, ...]:
    known = {criterion.key for criterion in context.rubric.criteria}
    keys = set(context.every_cell()) | {key for key in tallies if key[1] in known}
    return tuple(
        _cell_view(context, key, tallies.get(key, Tally({}))) for key in sorted(keys, key=context.cell_order)
    )


def hot_spots(cells: Iterable[CellView]) -> tuple[CellView, ...]:
    """The cells the disagreement rule flags, widest spread first; ties in screen order."""
    flagged = [(position, cell) for position, cell in enumerate(cells) if cell.disagreement]
    flagged.sort(key=lambda item: (-item[1].spread, item[0]))
    return tuple(cell for _position, cell in flagged)


def _reason_rows(
    context: _Context, scores: Iterable[Score], raters: Mapping[int, str], cells: Mapping[CellKey, CellView]
) -> tuple[ReasonRow, ...]:
    grouped: dict[tuple[str, str], dict[int, list[Score]]] = defaultdict(lambda: defaultdict(list))
    known = {criterion.key for criterion in context.rubric.criteria}
    for score in effective_scores(scores).values():
        if score.reason.strip() and score.criterion_key in known:
            grouped[(score.criterion_key, score.facet)][score.option_id].append(score)
    rows: list[ReasonRow] = []
    order = sorted(grouped, key=lambda ck: context.cell_order((0, ck[0], ck[1]))[1:])
    for criterion_key, facet in order:
        by_option = []
        for option in context.options:
            given = sorted(
                grouped[(criterion_key, facet)].get(option.id, []), key=lambda s: _rater_position(raters, s)
            )
            cell = cells.get((option.id, criterion_key, facet))
            by_option.append(
                (
                    option,
                    tuple(
                        Reason(
                            rater=raters.get(score.rater_id, "?"),
                            level=score.level,
                            level_label=_level_text(cell, score.level, context.translate),
                            text=score.reason.strip(),
                            revised=score.round is Round.REVISED,
                        )
                        for score in given
                    ),
                )
            )
        rows.append(
            ReasonRow(
                criterion_key=criterion_key,
                criterion_label=context.criterion_label(criterion_key),
                facet=facet,
                facet_label=context.facet_label(criterion_key, facet),
                by_option=tuple(by_option),
            )
        )
    return tuple(rows)


def _rater_position(raters: Mapping[int, str], score: Score) -> int:
    """Reasons are listed in the panel's letter order (the order of ``raters``)."""
    order = list(raters)
    return order.index(score.rater_id) if score.rater_id in order else len(order)


def _level_text(cell: CellView | None, level: int | None, translate: Translate) -> str:
    if level is None:
        return translate(DONT_KNOW)
    label = cell.level_label(level) if cell else ""
    return f"{level} {label}".strip()


def _profession_tables(
    context: _Context,
    profession_tallies: Mapping[tuple[int, str, str, str], Tally],
    group_sizes: Mapping[str, int],
    cells: Mapping[CellKey, CellView],
) -> tuple[tuple[ProfessionTable, ...], tuple[tuple[str, int], ...]]:
    known = {criterion.key for criterion in context.rubric.criteria}
    usable = {key: tally for key, tally in profession_tallies.items() if key[1] in known}
    shown = profession_breakdown(context.rubric, usable, group_sizes, minimum_group=MINIMUM_GROUP)
    tables: list[ProfessionTable] = []
    for profession_key in sorted(group_sizes, key=lambda key: context.profession_names.get(key, key)):
        if group_sizes[profession_key] < MINIMUM_GROUP:
            continue
        medians: dict[tuple[str, str], dict[int, float | None]] = defaultdict(dict)
        for (option_id, criterion_key, facet, profession), stats in shown.items():
            if profession == profession_key:
                medians[(criterion_key, facet)][option_id] = stats.median
        rows = [
            ProfessionRow(
                criterion_key=criterion_key,
                criterion_label=context.criterion_label(criterion_key),
                facet_label=context.facet_label(criterion_key, facet),
                medians={
                    option.id: medians[(criterion_key, facet)].get(option.id) for option in context.options
                },
                panel={
                    option.id: cells[(option.id, criterion_key, facet)].median
                    if (option.id, criterion_key, facet) in cells
                    else None
                    for option in context.options
                },
            )
            for criterion_key, facet in sorted(
                medians, key=lambda ck: context.cell_order((0, ck[0], ck[1]))[1:]
            )
        ]
        tables.append(
            ProfessionTable(
                name=context.profession_names.get(profession_key, profession_key),
                raters=group_sizes[profession_key],
                rows=tuple(rows),
            )
        )
    small = tuple(
        (context.profession_names.get(key, key), size)
        for key, size in sorted(
            group_sizes.items(), key=lambda item: context.profession_names.get(item[0], item[0])
        )
        if size < MINIMUM_GROUP
    )
    if 0 < sum(size for _name, size in small) < MINIMUM_GROUP:
        # Whoever knows the panel would read the few left out off the other groups and the
        # panel's medians: no group is shown, and the left-out ones are not named.
        return (), ()
    return tuple(tables), small


def _notes_by_target(
    notes: Iterable[DiscussionNote],
) -> dict[tuple[NoteKind, int | None, str | None], list[NoteView]]:
    grouped: dict[tuple[NoteKind, int | None, str | None], list[NoteView]] = defaultdict(list)
    for note in notes:
        grouped[(note.kind, note.option_id, note.criterion_key)].append(NoteView(note.text, note.created_at))
    return grouped


def _gap_views(
    context: _Context,
    tallies: Mapping[CellKey, Tally],
    notes: Mapping[tuple[NoteKind, int | None, str | None], list[NoteView]],
) -> tuple[GapView, ...]:
    views = []
    for gap in perspective_gaps(context.rubric, tallies):
        low = _median(tallies.get((gap.option_id, gap.criterion_key, gap.low_facet)))
        high = _median(tallies.get((gap.option_id, gap.criterion_key, gap.high_facet)))
        assert low is not None and high is not None  # a gap is only found between two medians
        views.append(
            GapView(
                option_id=gap.option_id,
                option_title=context.option(gap.option_id).title,
                criterion_key=gap.criterion_key,
                criterion_label=context.criterion_label(gap.criterion_key),
                low_label=context.facet_label(gap.criterion_key, gap.low_facet),
                low_median=low,
                high_label=context.facet_label(gap.criterion_key, gap.high_facet),
                high_median=high,
                gap=gap.gap,
                notes=tuple(notes.get((NoteKind.PERSPECTIVE_GAP, gap.option_id, gap.criterion_key), ())),
            )
        )
    views.sort(key=lambda view: (-view.gap, context.cell_order((view.option_id, view.criterion_key, ""))))
    return tuple(views)


def _has_value_criteria(rubric: Rubric) -> bool:
    keys = {criterion.key for criterion in rubric.criteria}
    if not {CITIZEN_CRITERION, SOCIETY_CRITERION} <= keys:
        return False
    citizen, society = rubric.criterion(CITIZEN_CRITERION), rubric.criterion(SOCIETY_CRITERION)
    return rubric.scale_of(citizen).values == rubric.scale_of(society).values


def _divergence_views(
    context: _Context,
    tallies: Mapping[CellKey, Tally],
    notes: Mapping[tuple[NoteKind, int | None, str | None], list[NoteView]],
) -> tuple[DivergenceView, ...]:
    rubric = context.rubric
    if not _has_value_criteria(rubric):
        return ()
    citizen, society = rubric.criterion(CITIZEN_CRITERION), rubric.criterion(SOCIETY_CRITERION)
    views = []
    for option_id, difference in value_divergence(
        rubric, tallies, CITIZEN_CRITERION, SOCIETY_CRITERION
    ).items():
        citizen_value = criterion_value(
            citizen, rubric.scale_of(citizen), _facets(tallies, option_id, citizen.key)
        )
        society_value = criterion_value(
            society, rubric.scale_of(society), _facets(tallies, option_id, society.key)
        )
        assert citizen_value is not None and society_value is not None
        views.append(
            DivergenceView(
                option_id=option_id,
                option_title=context.option(option_id).title,
                citizen=citizen_value,
                society=society_value,
                difference=difference,
                notes=tuple(notes.get((NoteKind.VALUE_DIVERGENCE, option_id, None), ())),
            )
        )
    views.sort(key=lambda view: context.option(view.option_id).position)
    return tuple(views)


def _facets(tallies: Mapping[CellKey, Tally], option_id: int, criterion_key: str) -> dict[str, Tally]:
    return {
        key[2]: tally for key, tally in tallies.items() if key[0] == option_id and key[1] == criterion_key
    }


def _earlier_notes(
    context: _Context,
    notes: Iterable[DiscussionNote],
    gaps: Sequence[GapView],
    divergences: Sequence[DivergenceView],
) -> tuple[tuple[str, NoteView], ...]:
    """Comments whose gap has closed since (after round-2 scores), so they are not lost from view."""
    open_gaps: set[tuple[NoteKind, int | None, str | None]] = {
        (NoteKind.PERSPECTIVE_GAP, gap.option_id, gap.criterion_key) for gap in gaps
    }
    open_gaps |= {(NoteKind.VALUE_DIVERGENCE, view.option_id, None) for view in divergences}
    earlier = []
    for note in notes:
        if (note.kind, note.option_id, note.criterion_key) in open_gaps:
            continue
        about = [context.option(note.option_id).title] if note.option_id is not None else []
        if note.criterion_key:
            about.append(context.criterion_label(note.criterion_key))
        earlier.append((" · ".join(about), NoteView(note.text, note.created_at)))
    return tuple(earlier)


def _dilemma_views(context: _Context, dilemmas: Iterable[Dilemma]) -> tuple[DilemmaView, ...]:
    return tuple(
        DilemmaView(
            id=dilemma.id or 0,
            text=dilemma.text,
            pole_a=dilemma.pole_a,
            pole_b=dilemma.pole_b,
            option_title=context.option(dilemma.option_id).title if dilemma.option_id is not None else "",
            criterion_label=context.criterion_label(dilemma.criterion_key) if dilemma.criterion_key else "",
            status=dilemma.status,
            status_label=context.translate(DILEMMA_STATUS_LABELS[dilemma.status]),
            note=dilemma.note,
            created_at=dilemma.created_at,
        )
        for dilemma in sorted(dilemmas, key=lambda d: d.id or 0)
    )


# Use cases ---------------------------------------------------------------------------------------


def _require_revealed(proposal: Proposal) -> None:
    if not lifecycle.is_revealed(proposal.status):
        raise NotAllowed(
            N_("The panel's scores are hidden until the reveal, so that everyone scores independently.")
        )


def _context(
    repo: Repository, proposal: Proposal, rubric: Rubric, language: str, translate: Translate
) -> _Context:
    professions = repo.list_professions()
    affected = [p for p in professions if p.id in set(proposal.affected_profession_ids)]
    return _Context(
        rubric=rubric,
        options=option_views(proposal, translate),
        profession_names={profession.key: profession.name for profession in professions},
        facet_order={c.key: scoring.facets_for(rubric, c.key, affected) for c in rubric.criteria},
        language=language,
        translate=translate,
    )


def _panel_names(
    repo: Repository, proposal: Proposal, scores: Iterable[Score], translate: Translate
) -> dict[int, str]:
    """Person id → pseudonym (or name), in letter order, for the panel and anyone who scored."""
    professions = {profession.id: profession for profession in repo.list_professions()}
    rater_ids = {member.person_id for member in proposal.panel} | {score.rater_id for score in scores}
    people: dict[int, Person | None] = {person_id: repo.get_person(person_id) for person_id in rater_ids}
    profession_of: dict[int, Profession | None] = {}
    for person_id in rater_ids:
        member = proposal.panel_member(person_id)
        person = people[person_id]
        profession_id = member.profession_id if member else person.profession_id if person else None
        profession_of[person_id] = professions.get(profession_id) if profession_id is not None else None
    names = None
    if proposal.show_rater_names:
        names = {person_id: person.name for person_id, person in people.items() if person is not None}
    named = pseudonyms(rater_ids, profession_of, key=proposal.pseudonym_key, names=names, translate=translate)
    return {person_id: named[person_id] for person_id in sorted(named)}


@use_case
def discussion_view(
    uow: UnitOfWork, proposal_id: int, *, language: str, actor: Actor, translate: Translate = _identity
) -> DiscussionView:
    """The revealed proposal as the MED committee discusses it; refused before the reveal."""
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        _require_revealed(proposal)
        rubric = records.rubric_of(repo, proposal.rubric)
        context = _context(repo, proposal, rubric, language, translate)
        tallies = repo.tallies(proposal_id, Round.REVISED)
        scores = repo.all_scores(proposal_id)
        raters = _panel_names(repo, proposal, scores, translate)
        profession_tallies = repo.profession_tallies(proposal_id, Round.REVISED)
        group_sizes = repo.panel_profession_sizes(proposal_id)
        notes = repo.notes_of(proposal_id)
        dilemmas = repo.dilemmas_of(proposal_id)

    known = {criterion.key for criterion in rubric.criteria}
    tallies = {key: tally for key, tally in tallies.items() if key[1] in known}
    cells = _cell_views(context, tallies)
    by_key = {(cell.option_id, cell.criterion_key, cell.facet): cell for cell in cells}
    professions, small_groups = _profession_tables(context, profession_tallies, group_sizes, by_key)
    grouped_notes = _notes_by_target(notes)
    gaps = _gap_views(context, tallies, grouped_notes)
    divergences = _divergence_views(context, tallies, grouped_notes)
    available = _has_value_criteria(rubric)
    return DiscussionView(
        proposal_id=proposal_id,
        title=proposal.title,
        status=proposal.status,
        can_write=proposal.status in NOTES_ALLOWED,
        can_change_dilemmas=proposal.status is not Status.CLOSED,
        show_names=proposal.show_rater_names,
        options=context.options,
        criteria=tuple((criterion.key, criterion.question(language)) for criterion in rubric.criteria),
        raters=tuple(raters.values()),
        rule=rule_view((rubric.scale_of(criterion) for criterion in rubric.criteria), language, translate),
        hot_spots=hot_spots(cells),
        cells=cells,
        reasons=_reason_rows(context, scores, raters, by_key),
        professions=professions,
        small_groups=small_groups,
        gaps=gaps,
        value_divergence_available=available,
        citizen_label=context.criterion_label(CITIZEN_CRITERION) if available else "",
        society_label=context.criterion_label(SOCIETY_CRITERION) if available else "",
        divergences=divergences,
        earlier_notes=_earlier_notes(context, notes, gaps, divergences),
        dilemmas=_dilemma_views(context, dilemmas),
    )


def _clean_note(text: str) -> str:
    text = text.strip()
    message: Message | None = None
    if not text:
        message = Message(N_("This field must be filled in."))
    elif "\x00" in text:
        message = Message(N_("The text contains a NUL character, which cannot be stored."))
    elif len(text) > NOTE_LIMIT:
        message = Message(
            N_("The text is {length} characters long; at most {limit} are allowed."),
            {"length": len(text), "limit": NOTE_LIMIT},
        )
    if message is not None:
        raise FormInvalid({"text": message})
    return text


@use_case
def record_note(
    uow: UnitOfWork,
    proposal_id: int,
    *,
    kind: NoteKind,
    text: str,
    option_id: int | None = None,
    criterion_key: str | None = None,
    actor: Actor,
    clock: Callable[[], datetime] = utc_now,
) -> DiscussionNote:
    """Write the committee's comment on a flagged gap; notes are kept, never edited."""
    text = _clean_note(text)
    try:
        kind = NoteKind(kind)
    except ValueError:
        raise InvalidInput(N_("Unknown kind of comment: {kind}."), kind=kind) from None
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.DISCUSS, proposal_id)
        if proposal.status not in NOTES_ALLOWED:
            raise WrongState(
                N_(
                    "Comments are written after the reveal and before the proposal is closed; "
                    "its status is “{status}”."
                ),
                status=lifecycle.status_label(proposal.status),
            )
        if option_id is not None and proposal.option(option_id) is None:
            raise FormInvalid({"option_id": Message(N_("The option does not belong to this proposal."))})
        if criterion_key:
            try:
                records.rubric_of(repo, proposal.rubric).criterion(criterion_key)
            except KeyError:
                raise FormInvalid(
                    {"criterion_key": Message(N_("The rubric has no such criterion."))}
                ) from None
        note = repo.add_note(
            DiscussionNote(
                proposal_id=proposal_id,
                kind=kind,
                text=text,
                author_id=actor.person_id,
                created_at=clock(),
                option_id=option_id,
                criterion_key=criterion_key or None,
            )
        )
        repo.record(
            AuditEvent(
                actor_id=actor.person_id,
                action="discussion_note.record",
                object_type="proposal",
                object_id=str(proposal_id),
                at=clock(),
                after={
                    "note": note.id,
                    "kind": kind.value,
                    "option_id": option_id,
                    "criterion": criterion_key,
                },
            )
        )
    return note


# The decision screen -----------------------------------------------------------------------------


def compare_outcomes(
    rubric: Rubric,
    options: Sequence[OptionView],
    expected: Mapping[CellKey, Tally],
    actual: Mapping[CellKey, Tally],
    *,
    profession_names: Mapping[str, str] | None = None,
    language: str = "en",
    translate: Translate = _identity,
) -> tuple[OutcomeRow, ...]:
    """Per option × criterion × facet: the median expected after the discussion, the median at follow-up.

    Only cells with a score in either round are listed, in screen order.
    """
    known = {criterion.key for criterion in rubric.criteria}
    keys = {key for key in (*expected, *actual) if key[1] in known}
    names = profession_names or {}
    perspectives = [perspective.value for perspective in Perspective]
    facet_order = {
        criterion.key: perspectives
        if criterion.facets is FacetKind.PERSPECTIVE
        else sorted({key[2] for key in keys if key[1] == criterion.key}, key=lambda f: names.get(f, f))
        for criterion in rubric.criteria
    }
    context = _Context(
        rubric=rubric,
        options=tuple(options),
        profession_names=names,
        facet_order=facet_order,
        language=language,
        translate=translate,
    )
    rows = []
    for key in sorted(keys, key=context.cell_order):
        option_id, criterion_key, facet = key
        rows.append(
            OutcomeRow(
                option_id=option_id,
                criterion_key=criterion_key,
                criterion_label=context.criterion_label(criterion_key),
                facet_label=context.facet_label(criterion_key, facet),
                expected=_median(expected.get(key)),
                actual=_median(actual.get(key)),
                follow_up_scores=actual[key].count if key in actual else 0,
            )
        )
    return tuple(rows)


@use_case
def decision_view(
    uow: UnitOfWork, proposal_id: int, *, language: str, actor: Actor, translate: Translate = _identity
) -> DecisionView:
    """The decision form's context, the decision once made, and expected against actual at follow-up."""
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        _require_revealed(proposal)
        decision = repo.get_decision(proposal_id)
        decider = repo.get_person(decision.decided_by) if decision and decision.decided_by else None
        dilemmas = repo.dilemmas_of(proposal_id)
        profession_names = {profession.key: profession.name for profession in repo.list_professions()}
    results = scoring_sheet.group_results(uow, proposal_id, actor=actor)
    options = option_views(proposal, translate)
    chosen = next((o for o in options if decision and o.id == decision.chosen_option_id), None)
    outcomes: tuple[OutcomeRow, ...] = ()
    if proposal.status in (Status.FOLLOW_UP, Status.CLOSED):
        outcomes = compare_outcomes(
            results.rubric,
            options,
            results.tallies,
            results.follow_up,
            profession_names=profession_names,
            language=language,
            translate=translate,
        )
    flagged = sum(
        1
        for (_option, criterion_key, _facet), tally in results.tallies.items()
        if criterion_key in {c.key for c in results.rubric.criteria}
        and cell_stats(tally, results.rubric.scale_of(criterion_key)).disagreement
    )
    return DecisionView(
        proposal_id=proposal_id,
        title=proposal.title,
        status=proposal.status,
        options=options,
        decision=decision,
        chosen_title=chosen.title if chosen else "",
        decided_by=decider.name if decider else "",
        open_dilemmas=tuple(d.text for d in dilemmas if d.status is not DilemmaStatus.HANDLED),
        hot_spots=flagged,
        outcomes=outcomes,
    )
