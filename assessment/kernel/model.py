"""The domain's vocabulary: plain objects, one name per idea, shared by code, UI and exports.

These are what use cases hand to and get back from a repository; they know nothing of how
they are stored. Ids are ``None`` until a repository has stored the object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum

from assessment.kernel.rubric import Perspective

__all__ = [
    "AuditEvent",
    "ChangeType",
    "CitizenEvidence",
    "CommitteeKind",
    "CommitteeRole",
    "CommitteeSide",
    "Consultation",
    "CoreTask",
    "CoreTaskDraft",
    "CoreTaskDraftStatus",
    "Decision",
    "Dilemma",
    "DilemmaStatus",
    "EvidenceKind",
    "FollowUpConclusion",
    "IndicatorMeasurement",
    "MedCommittee",
    "MedCommitteeMember",
    "MedStep",
    "MedStepKind",
    "Membership",
    "Option",
    "Origin",
    "OutcomeIndicator",
    "PanelMember",
    "Person",
    "Perspective",
    "Profession",
    "Proposal",
    "ReadinessAnswer",
    "Role",
    "Round",
    "RubricRef",
    "Score",
    "ScoreDraft",
    "Status",
    "Unit",
    "UnitLevel",
    "Verdict",
]


class UnitLevel(StrEnum):
    """Where a unit sits in the municipality; each level has its own core task."""

    MUNICIPALITY = "municipality"  # kommune
    ADMINISTRATION = "administration"  # forvaltning / center
    INSTITUTION = "institution"  # institution / arbejdsplads
    TEAM = "team"


class Role(StrEnum):
    ADMIN = "admin"
    LEADER = "leader"
    MED_MEMBER = "med_member"
    RATER = "rater"
    READER = "reader"


class ChangeType(StrEnum):
    """The booklet separates changing how we organise from changing the core task itself."""

    ORGANISATIONAL = "organisational"
    CORE_TASK = "core_task"


class Origin(StrEnum):
    EXTERNAL = "external"  # from the municipality's politicians or the state
    OWN_INITIATIVE = "own_initiative"


class Status(StrEnum):
    DRAFT = "draft"
    SCORING = "scoring"  # blind: raters see only their own scores
    DISCUSSION = "discussion"  # revealed: spread, reasons and dilemmas are discussed
    DECIDED = "decided"  # scores are locked
    FOLLOW_UP = "follow_up"  # the panel scores what actually happened
    CLOSED = "closed"


class Round(IntEnum):
    BLIND = 1
    REVISED = 2  # after the reveal; replaces the rater's round-1 score where given
    FOLLOW_UP = 3  # what actually happened, compared with what was expected


class DilemmaStatus(StrEnum):
    OPEN = "open"
    HANDLED = "handled"
    REVISIT = "revisit"


@dataclass
class Unit:
    name: str
    level: UnitLevel
    parent_id: int | None = None
    id: int | None = None
    # A closed unit keeps its history (core tasks, proposals, roles) but takes nothing new.
    closed_at: datetime | None = None
    merged_into_id: int | None = None  # set when it was closed by merging it into that unit

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CommitteeKind(StrEnum):
    """The levels of the MED system a committee sits at."""

    MAIN = "main"  # hovedudvalg (HMU), at the municipality
    AREA = "area"  # områdeudvalg / center-MED
    LOCAL = "local"  # lokaludvalg (LMU)
    STAFF_MEETING = "staff_meeting"  # personalemøde med MED-status


class CommitteeSide(StrEnum):
    EMPLOYER = "employer"  # ledelsessiden
    EMPLOYEE = "employee"  # medarbejdersiden


class CommitteeRole(StrEnum):
    CHAIR = "chair"  # formand
    VICE_CHAIR = "vice_chair"  # næstformand
    MEMBER = "member"
    WORK_ENVIRONMENT_REP = "work_environment_rep"  # arbejdsmiljørepræsentant (AMR)
    UNION_REP = "union_rep"  # tillidsrepræsentant (TR)


@dataclass
class MedCommittee:
    """A MED committee at the level of one unit; closing or merging it keeps its history."""

    name: str
    kind: CommitteeKind
    unit_id: int
    closed_at: datetime | None = None
    merged_into_id: int | None = None
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass
class MedCommitteeMember:
    """A person's seat on a committee, on one side and in one role; removing it sets ``removed_at``."""

    committee_id: int
    person_id: int
    side: CommitteeSide
    role: CommitteeRole
    added_at: datetime
    removed_at: datetime | None = None
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.removed_at is None


@dataclass
class CoreTask:
    """One dated version of a unit's core task; editing makes a new version."""

    unit_id: int
    version: int
    statement: str
    formal: str
    performed: str
    experienced: str
    author_id: int | None
    valid_from: datetime
    id: int | None = None

    def perspective(self, which: Perspective) -> str:
        return {
            Perspective.FORMAL: self.formal,
            Perspective.PERFORMED: self.performed,
            Perspective.EXPERIENCED: self.experienced,
        }[which]


class CoreTaskDraftStatus(StrEnum):
    OPEN = "open"
    ADOPTED = "adopted"  # became a version of the unit's core task
    DISCARDED = "discarded"


@dataclass
class CoreTaskDraft:
    """A proposed next version of a unit's core task, written with a proposal that changes the core
    task itself. It is never the valid core task: only adopting it adds a :class:`CoreTask` version."""

    unit_id: int
    proposal_id: int
    based_on_version: int  # the version it was copied from; 0 when the unit had none
    statement: str
    formal: str
    performed: str
    experienced: str
    created_by: int | None
    created_at: datetime
    updated_by: int | None
    updated_at: datetime
    status: CoreTaskDraftStatus = CoreTaskDraftStatus.OPEN
    adopted_version: int | None = None  # the core-task version it became
    closed_by: int | None = None  # who adopted or discarded it
    closed_at: datetime | None = None
    # Optimistic locking: an edit made from an older version of the draft is refused, never merged.
    version: int = 1
    id: int | None = None


@dataclass
class Profession:
    key: str
    name: str
    id: int | None = None


@dataclass
class Person:
    name: str
    email: str
    profession_id: int | None = None
    active: bool = True
    id: int | None = None


@dataclass
class Membership:
    person_id: int
    unit_id: int
    role: Role
    id: int | None = None


@dataclass(frozen=True)
class RubricRef:
    """A frozen rubric version: a proposal is always scored against exactly this."""

    rubric_id: str
    version: str
    content_hash: str


@dataclass
class Option:
    title: str
    description: str = ""
    is_baseline: bool = False
    position: int = 0
    proposal_id: int | None = None
    id: int | None = None


@dataclass
class PanelMember:
    person_id: int
    profession_id: int | None
    proposal_id: int | None = None


@dataclass
class Proposal:
    unit_id: int
    title: str
    description: str
    change_type: ChangeType
    origin: Origin
    management_level: str
    med_committee: str
    rubric: RubricRef
    created_by: int | None
    created_at: datetime
    status: Status = Status.DRAFT
    context: str = ""
    consulted: str = ""
    informed: str = ""
    med_committee_id: int | None = None  # ``med_committee`` then holds its name as chosen
    show_rater_names: bool = False
    # Orders the pseudonym letters (assessment/kernel/pseudonyms.py): random, kept, never shown.
    pseudonym_key: str = ""
    affected_profession_ids: list[int] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    panel: list[PanelMember] = field(default_factory=list)
    updated_by: int | None = None
    updated_at: datetime | None = None
    # Optimistic locking: an edit made from an older version is refused, never merged.
    version: int = 1
    id: int | None = None
    # The proposal this one adjusts (a follow-up concluded "adjust"); the chain is its history.
    predecessor_id: int | None = None

    @property
    def baseline(self) -> Option:
        return next(option for option in self.options if option.is_baseline)

    def option(self, option_id: int) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)

    def panel_member(self, person_id: int) -> PanelMember | None:
        return next((member for member in self.panel if member.person_id == person_id), None)


@dataclass
class Score:
    proposal_id: int
    option_id: int
    criterion_key: str
    facet: str  # "" without facets, else a profession key or a perspective
    rater_id: int
    round: Round
    level: int | None  # None means "ved ikke" (don't know)
    reason: str
    updated_at: datetime
    id: int | None = None


@dataclass(frozen=True)
class ScoreDraft:
    """A rater's answer to one cell, kept as they go and seen by nobody else, not even after the
    reveal. Submitting turns the rater's drafts into scores; a draft of an earlier round is never used.

    ``answered`` is False while only a reason has been written; ``level`` None with ``answered``
    True is "don't know", as for a score.
    """

    proposal_id: int
    option_id: int
    rater_id: int
    round: Round
    criterion_key: str
    facet: str  # "" without facets, else a profession key or a perspective
    level: int | None
    reason: str
    updated_at: datetime
    answered: bool = True
    id: int | None = None


@dataclass(frozen=True)
class ReadinessAnswer:
    """The answer to one proposal-scope criterion (the readiness checklist): given once per proposal
    by whoever edits it, never per option and never part of an option's index."""

    proposal_id: int
    criterion_key: str
    level: int | None  # None means "ved ikke" (don't know)
    note: str
    answered_by: int | None
    answered_at: datetime


class EvidenceKind(StrEnum):
    """What the experienced core task is read from: the citizens' own voice, or nothing."""

    SURVEY = "survey"  # spørgeskema / tilfredshedsundersøgelse
    INTERVIEWS = "interviews"
    USER_BOARD = "user_board"  # brugerråd, pårørenderåd, bestyrelse
    COMPLAINTS = "complaints"  # klager og henvendelser
    OBSERVATION = "observation"
    NONE = "none"  # said out loud: nothing was asked


@dataclass(frozen=True)
class ProposalPlan:
    """What a decision paper (indstilling) states beyond the options; every field may stay empty."""

    proposal_id: int
    case_number: str = ""  # in the municipality's records system (ESDH)
    cost: str = ""
    funding: str = ""
    staff_hours: str = ""  # working hours and rotas
    staff_tasks: str = ""  # tasks moving between professions
    staff_skills: str = ""
    staff_agreements: str = ""  # union representative, local agreements
    work_environment: str = ""  # the APV result
    apv_agreed_on: date | None = None  # agreed with the work-environment representative
    timetable: str = ""
    updated_by: int | None = None
    updated_at: datetime | None = None
    version: int = 0  # 0: nothing stored yet

    @property
    def is_empty(self) -> bool:
        return self.version == 0


@dataclass(frozen=True)
class CitizenEvidence:
    """One source of what citizens experience, recorded for a proposal with when and a short note."""

    proposal_id: int
    kind: EvidenceKind
    collected_on: date | None
    note: str
    recorded_by: int | None
    recorded_at: datetime
    id: int | None = None


class MedStepKind(StrEnum):
    """The steps of the MED process, in the order they are taken: the committee is informed, discusses
    the proposal, and gives its statement."""

    INFORMATION = "briefing"  # information; not "information", the key of a readiness question
    DISCUSSION = "discussion"  # drøftelse
    STATEMENT = "statement"  # udtalelse


@dataclass(frozen=True)
class MedStep:
    """One dated step of the MED process on a proposal, as the minutes record it."""

    proposal_id: int
    kind: MedStepKind
    held_on: date
    agenda_item: str  # dagsordenspunkt, e.g. "Punkt 4"
    note: str  # what was presented or discussed; for a statement, the statement itself
    employee_remarks: str  # medarbejdersidens bemærkninger at this step
    recorded_by: int | None
    recorded_at: datetime
    committee_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Consultation:
    """A consultation (høring) of a council or board, e.g. the ældreråd, and its answer when it comes."""

    proposal_id: int
    body: str  # who is consulted: »Ældrerådet«, »Handicaprådet«, »Skolebestyrelsen ved …«
    sent_on: date | None
    deadline: date | None
    answered_on: date | None
    answer: str  # a summary of the answer
    recorded_by: int | None
    recorded_at: datetime
    updated_at: datetime
    version: int = 1
    id: int | None = None


@dataclass
class Dilemma:
    proposal_id: int
    text: str
    pole_a: str
    pole_b: str
    created_by: int | None
    created_at: datetime
    option_id: int | None = None
    criterion_key: str | None = None
    status: DilemmaStatus = DilemmaStatus.OPEN
    note: str = ""
    id: int | None = None


@dataclass
class Decision:
    proposal_id: int
    chosen_option_id: int
    justification: str
    med_statement: str
    dissent: str  # empty means the minutes say "no dissent was recorded", never silence
    conditions: str
    follow_up_date: date
    indicators: str
    decided_by: int | None
    decided_at: datetime
    # The meeting that decided, as the minutes (beslutningsreferat) name it; optional.
    meeting_date: date | None = None
    agenda_item: str = ""
    participants: str = ""
    employee_remarks: str = ""  # medarbejdersidens bemærkninger
    communication: str = ""
    implementation_responsible_id: int | None = None
    follow_up_responsible_id: int | None = None
    version: int = 1


@dataclass(frozen=True)
class OutcomeIndicator:
    """What the chosen option should change, in citizens' or society's terms, and by when.

    The booklet's outcome, not output: citizens who manage their own bath, not minutes of help
    delivered. ``higher_is_better`` False is for indicators that should fall (readmissions, falls).
    Not personal data; ``created_by`` is a person.
    """

    proposal_id: int
    option_id: int  # the chosen option
    position: int
    name: str
    source: str  # where the figures come from: »Fælles Sprog III«, »Egen registrering« ...
    unit: str  # »borgere«, »%«, »dage«
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date
    higher_is_better: bool
    created_by: int | None
    created_at: datetime
    id: int | None = None


@dataclass(frozen=True)
class IndicatorMeasurement:
    """One actual value of an indicator, as measured on a day; ``note`` may hold personal data."""

    indicator_id: int
    measured_on: date
    value: float
    source: str
    note: str
    recorded_by: int | None
    recorded_at: datetime
    id: int | None = None


class Verdict(StrEnum):
    """How a follow-up ends: keep the change, adjust it (a new proposal), or stop it."""

    CONTINUE = "continue"
    ADJUST = "adjust"
    STOP = "stop"


@dataclass(frozen=True)
class FollowUpConclusion:
    """The end of a proposal's follow-up, once per proposal; ``reasons`` may hold personal data."""

    proposal_id: int
    verdict: Verdict
    reasons: str
    concluded_by: int | None
    concluded_at: datetime
    successor_proposal_id: int | None = None  # the proposal "adjust" opened


@dataclass(frozen=True)
class AuditEvent:
    """One change, appended and never edited: who did what to which object, when."""

    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    at: datetime
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None
    id: int | None = None
