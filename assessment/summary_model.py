"""The decision summary as plain data: what every document of ``report/export`` lays out.

Each value is kept once, in the form a document shows it. A short labelled value ("Decided:
05.10.2026") is a :class:`Fact` in its section's ``facts``, in the order the documents list
them; a longer text or a part with a shape of its own (an option, a hot spot, a score) has a
field or a dataclass of its own. Numbers stay numbers where a workbook calculates with them
(medians, index, rank, levels).

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessment.decision import OutcomeRow
from assessment.follow_up_profile import DimensionOutcome
from assessment.outcome_rules import IndicatorView

__all__ = [
    "AppendixSection",
    "CellRow",
    "ChangeSection",
    "CitizenVoiceSection",
    "Consequence",
    "ConsequenceSection",
    "ConsultationSection",
    "ContextSection",
    "CoreTaskLevel",
    "DecisionSection",
    "DecisionSummary",
    "DilemmaItem",
    "DilemmaSection",
    "DisagreementSection",
    "DissentSection",
    "Fact",
    "Flag",
    "FollowUpSection",
    "GovernanceSection",
    "HotSpot",
    "InvolvementSection",
    "OptionSummary",
    "OptionsSection",
    "PanelEntry",
    "Point",
    "ProfileValue",
    "Quote",
    "ScoreRow",
    "StatusSection",
    "UnitSection",
]


@dataclass(frozen=True)
class Fact:
    """One labelled value, shown as a row of a two-column table."""

    label: str
    value: str


@dataclass(frozen=True)
class StatusSection:
    heading: str
    facts: tuple[Fact, ...]  # status, registered, decided, follow-up, rubric


@dataclass(frozen=True)
class CoreTaskLevel:
    """One unit and its core task as it read at the time of the decision."""

    unit: str
    level: str
    statement: str  # says so when no core task has been written
    version: str  # "version 2 of 07.10.2026", or "" without a core task
    perspectives: tuple[Fact, ...]  # formal, performed, experienced


@dataclass(frozen=True)
class UnitSection:
    heading: str
    unit: CoreTaskLevel
    above: CoreTaskLevel | None


@dataclass(frozen=True)
class GovernanceSection:
    heading: str
    facts: tuple[Fact, ...]  # the decision maker (management level), the MED committee


@dataclass(frozen=True)
class ConsultationSection:
    heading: str
    facts: tuple[Fact, ...]  # consulted, informed


@dataclass(frozen=True)
class ContextSection:
    heading: str
    description: str
    context: str


@dataclass(frozen=True)
class ChangeSection:
    heading: str
    facts: tuple[Fact, ...]  # type of change, origin


@dataclass(frozen=True)
class Quote:
    """A reason a rater wrote, attributed to the rater's pseudonym (or name, where allowed)."""

    text: str
    by: str
    level: str  # the level the rater gave, e.g. "+2 Klart bedre"
    about: str = ""  # the facet (a profession or perspective) when the criterion has facets


@dataclass(frozen=True)
class Point:
    """A strength or concern: a criterion the option scored high or low on, and why."""

    criterion: str
    value: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class ProfileValue:
    """An option in one row of the profile, in the words of the row's scale ("Lidt bedre (fra
    Ingen forskel til Klart bedre)"; a ladder as its steps), and the median on 0…1 of that scale
    (None for a ladder or where nothing was scored)."""

    median: float | None
    text: str


@dataclass(frozen=True)
class OptionSummary:
    title: str
    description: str
    is_baseline: bool
    is_chosen: bool
    profile: tuple[ProfileValue, ...]  # one per row of :attr:`OptionsSection.dimensions`
    index: float | None  # the weighted index, a summary shown after the profile
    index_text: str  # in whole percentages
    rank: int | None
    rank_text: str
    strengths: tuple[Point, ...]
    concerns: tuple[Point, ...]


@dataclass(frozen=True)
class OptionsSection:
    """The profile first (every row on its own scale, in words), then each option's strengths and
    concerns, and last, under a heading of its own, the weighted index as a summary."""

    heading: str
    intro: str
    dimensions: tuple[str, ...]  # the profile's rows: a dimension, or a dimension and one scale of it
    options: tuple[OptionSummary, ...]
    readiness_heading: str
    readiness: tuple[Fact, ...]  # the proposal's readiness checklist, apart from the profile; may be empty
    index_heading: str
    index_intro: str
    index_ranking: tuple[int, ...]  # positions in ``options``, highest index first; unscored left out
    weights: str
    robustness: str


@dataclass(frozen=True)
class CitizenVoiceSection:
    """What the experienced perspective's scores rest on: the citizen evidence of the proposal."""

    heading: str
    intro: str
    evidence: tuple[Fact, ...]  # what it was heard through → "date: note", in the order recorded
    warning: str  # the booklet's blind spot when it rests on nothing; "" otherwise


@dataclass(frozen=True)
class HotSpot:
    """A cell where the panel disagrees, what the raters wrote there and how it was discussed."""

    option: str
    criterion: str
    facet: str
    stats: str
    quotes: tuple[Quote, ...]
    dilemmas: tuple[str, ...]
    notes: tuple[str, ...]
    warning: str = ""  # on the experienced perspective when it rests on no citizen evidence


@dataclass(frozen=True)
class Flag:
    """Another point the discussion was asked to take up: a perspective gap, a value gap."""

    text: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class DisagreementSection:
    heading: str
    rule: str
    hot_spots: tuple[HotSpot, ...]
    flags: tuple[Flag, ...]
    other_notes: tuple[str, ...]
    none_text: str  # shown instead of the hot spots when there are none


@dataclass(frozen=True)
class DilemmaItem:
    text: str
    pole_a: str
    pole_b: str
    status: str
    note: str
    about: str  # the option and criterion it is linked to, or ""


@dataclass(frozen=True)
class DilemmaSection:
    heading: str
    items: tuple[DilemmaItem, ...]
    none_text: str


@dataclass(frozen=True)
class DecisionSection:
    heading: str
    decided: bool
    facts: tuple[Fact, ...]  # the chosen option, when, by whom, the meeting; () until decided
    justification: str
    med_statement: str
    employee_remarks: str  # the employee side's remarks; says so when none were recorded
    conditions: str  # says so when none were recorded
    pending: str  # what the reader is told before the decision; "" once decided


@dataclass(frozen=True)
class MedStepItem:
    step: str  # "Information", "Drøftelse", "Udtalelse"
    held_on: str
    committee: str
    agenda_item: str
    note: str
    employee_remarks: str


@dataclass(frozen=True)
class ConsultationItem:
    body: str
    sent_on: str  # a Danish date, or "–"
    deadline: str
    answered_on: str  # "Not answered yet" until the answer is recorded
    answer: str


@dataclass(frozen=True)
class MedProcessSection:
    """The MED steps (information → discussion → statement) as dated entries, and the consultations."""

    heading: str
    where: str  # "Treated in …" when every step was in one committee (the steps then name none); or ""
    steps: tuple[MedStepItem, ...]  # by date
    steps_none: str  # shown instead of the steps when none were recorded
    missing: str  # the steps without an entry, in a sentence; "" when all three are there
    consultations_heading: str
    consultations: tuple[ConsultationItem, ...]
    consultations_none: str


@dataclass(frozen=True)
class FactGroup:
    heading: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class PlanSection:
    """What the decision paper says about money, staff, the work environment, the timetable and
    the communication; an empty field says "not described"."""

    heading: str
    groups: tuple[FactGroup, ...]


@dataclass(frozen=True)
class DissentSection:
    heading: str
    recorded: bool
    text: str  # never empty: "No dissent was recorded." when there is none


@dataclass(frozen=True)
class Consequence:
    area: str
    text: str


@dataclass(frozen=True)
class ConsequenceSection:
    heading: str
    intro: str
    items: tuple[Consequence, ...]


@dataclass(frozen=True)
class InvolvementSection:
    heading: str
    facts: tuple[Fact, ...]  # the option, planned and appropriate involvement, feedback to citizens
    assessment: str  # planned against appropriate, in a sentence; "" when there is nothing to compare


@dataclass(frozen=True)
class FollowUpSection:
    heading: str
    facts: tuple[Fact, ...]  # the follow-up date and the indicators, or when they will be set
    # Each outcome indicator with its measurements (notes left out): drawn as expected against actual.
    indicators: tuple[IndicatorView, ...] = ()
    # From the start of the follow-up: the panel's scores of what happened against what it expected,
    # for the chosen option, per dimension (drawn, with its table) and per criterion (a table).
    dimensions: tuple[DimensionOutcome, ...] = ()
    criteria: tuple[OutcomeRow, ...] = ()
    panel_note: str = ""  # how to read them, and how many follow-up scores there are; "" before


@dataclass(frozen=True)
class PanelEntry:
    """A rater as the summary shows them: a pseudonym and a profession, a name only where allowed."""

    pseudonym: str  # "Deltager A"
    profession: str
    label: str  # "Deltager A, sygeplejerske" (or the name, where shown)
    name: str | None = None


@dataclass(frozen=True)
class ScoreRow:
    """One stored score, as the appendix, the workbook and the CSV file list it."""

    option: str
    criterion_key: str
    criterion: str
    criterion_short: str
    dimension: str
    facet: str
    participant: str
    participant_index: int  # the participant's place in the appendix's panel
    level: int | None  # None is "don't know"
    level_label: str
    level_text: str  # "+2 Klart bedre", "3 I høj grad", "Ved ikke"
    reason: str
    round: int


@dataclass(frozen=True)
class CellRow:
    """The statistics of one option × criterion × facet, for the workbook's criteria sheet."""

    option: str
    dimension: str
    criterion_key: str
    criterion: str
    facet: str
    count: int
    dont_know: int
    median: float | None
    mean: float | None
    minimum: int | None
    maximum: int | None
    disagreement: bool


@dataclass(frozen=True)
class AppendixSection:
    heading: str
    rubric: tuple[Fact, ...]  # title, id, version and content hash of the frozen rubric
    panel: tuple[PanelEntry, ...]
    scores: tuple[ScoreRow, ...]
    cells: tuple[CellRow, ...]


@dataclass(frozen=True)
class DecisionSummary:
    """Everything a reader needs about one proposal and its decision, in one language.

    The fields from ``decision`` to ``appendix`` are the document's sections, in reading order
    (:attr:`SECTIONS`).
    """

    language: str
    proposal_id: int
    document_title: str
    title: str
    generated_at: datetime
    generated: str
    pseudonymised: bool
    privacy_note: str
    reference: str  # one line under the title: the unit, the case number, the status
    decision: DecisionSection
    dissent: DissentSection
    follow_up: FollowUpSection
    governance: GovernanceSection
    med_process: MedProcessSection
    consultation: ConsultationSection
    plan: PlanSection
    consequences: ConsequenceSection
    status: StatusSection
    unit: UnitSection
    context: ContextSection
    change: ChangeSection
    options: OptionsSection
    citizen_voice: CitizenVoiceSection
    involvement: InvolvementSection
    disagreements: DisagreementSection
    dilemmas: DilemmaSection
    appendix: AppendixSection

    # The decision first, as minutes and a decision paper have it; then how the MED committee and
    # others were heard, the consequences, the background, the options, the discussion, the appendix.
    SECTIONS = (
        "decision",
        "dissent",
        "follow_up",
        "governance",
        "med_process",
        "consultation",
        "plan",
        "consequences",
        "status",
        "unit",
        "context",
        "change",
        "options",
        "citizen_voice",
        "involvement",
        "disagreements",
        "dilemmas",
        "appendix",
    )
    # Sections read as part of the one before them (a heading a level down): the dissent and the
    # follow-up belong to the decision, the consultation to the MED process, and so on.
    SUBSECTIONS = frozenset(
        {
            "dissent",
            "follow_up",
            "med_process",
            "consultation",
            "consequences",
            "change",
            "involvement",
            "dilemmas",
        }
    )

    @classmethod
    def heading_level(cls, section: str) -> int:
        return 2 if section in cls.SUBSECTIONS else 1
