"""What the discussion and decision screens show: plain, frozen views, and the small pure
functions that name what is in them (options, raters under pseudonyms, the disagreement rule).

Texts are already in the reader's language (``translate`` is a gettext function, ``language``
picks the rubric's texts); numbers and dates stay numbers and dates, for the page to format the
Danish way. Pure Python: no UI or database code is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from assessment.citizen_evidence import EVIDENCE_KIND_LABELS, experienced_rests_on_nothing
from assessment.kernel.errors import N_, Translate
from assessment.kernel.i18n import mid_sentence
from assessment.kernel.model import CitizenEvidence, DilemmaStatus, Option, Profession, Proposal, Status
from assessment.kernel.pseudonyms import letters, professions_safe_to_show
from assessment.kernel.rubric import Criterion, FacetKind, Perspective, Rubric, Scale
from assessment.kernel.scoring import (
    DISAGREEMENT_EDGE_LEVELS,
    DISAGREEMENT_SHARE,
    DISAGREEMENT_SPREAD,
    NO_FACET,
    CellKey,
    Tally,
    disagreement_edges,
)

BASELINE_TITLE = N_("Keep as is")


DONT_KNOW_LABEL = N_("Don't know")


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


def untranslated(message_id: str) -> str:
    return message_id


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
class EvidenceLine:
    """One source of the citizens' own voice, as the discussion and the summary list it."""

    kind: str  # "Survey", in the reader's language
    collected_on: date | None
    note: str


@dataclass(frozen=True)
class CitizenVoice:
    """What the experienced perspective's scores rest on: the proposal's citizen evidence.

    ``unheard`` is the booklet's blind spot (the job consultant's "proper casework" is the
    unemployed person's paternalism): the rubric has staff score the experienced perspective, and
    nothing the citizens said was recorded, so those scores are staff's guesses on their behalf.
    """

    scores_experienced: bool  # the rubric asks for the experienced perspective at all
    evidence: tuple[EvidenceLine, ...]  # in the order recorded, "nothing" included
    rests_on_nothing: bool

    @property
    def unheard(self) -> bool:
        return self.scores_experienced and self.rests_on_nothing


def citizen_voice(rubric: Rubric, evidence: Sequence[CitizenEvidence], translate: Translate) -> CitizenVoice:
    """The proposal's citizen evidence beside the rubric that says whether it matters here."""
    return CitizenVoice(
        scores_experienced=any(c.facets is FacetKind.PERSPECTIVE for c in rubric.option_criteria),
        evidence=tuple(
            EvidenceLine(translate(EVIDENCE_KIND_LABELS[item.kind]), item.collected_on, item.note)
            for item in evidence
        ),
        rests_on_nothing=experienced_rests_on_nothing(evidence),
    )


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
    # Per starting point of the dilemma log, the criterion of this rubric it suggests.
    suggested_criteria: dict[str, str | None] = field(default_factory=dict)
    # What the experienced perspective rests on; None only for a view built without it.
    citizen_voice: CitizenVoice | None = None

    @property
    def open_dilemmas(self) -> int:
        return sum(1 for dilemma in self.dilemmas if dilemma.status is not DilemmaStatus.HANDLED)


def option_views(proposal: Proposal, translate: Translate = untranslated) -> tuple[OptionView, ...]:
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
    translate: Translate = untranslated,
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


def disagreement_rule_text(translate: Translate = untranslated) -> str:
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


def rule_view(scales: Iterable[Scale], language: str, translate: Translate = untranslated) -> RuleView:
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


def median_of(tally: Tally | None) -> float | None:
    median = tally.median() if tally is not None else None
    return None if median is None else float(median)


@dataclass(frozen=True)
class ViewContext:
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


def hot_spots(cells: Iterable[CellView]) -> tuple[CellView, ...]:
    """The cells the disagreement rule flags, widest spread first; ties in screen order."""
    flagged = [(position, cell) for position, cell in enumerate(cells) if cell.disagreement]
    flagged.sort(key=lambda item: (-item[1].spread, item[0]))
    return tuple(cell for _position, cell in flagged)
