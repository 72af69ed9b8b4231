"""The database schema as SQLModel tables: one row class per stored domain object.

Row classes end in ``Row`` so they are never mistaken for the domain's dataclasses in
``assessment.kernel.model``; ``storage.repository`` maps between the two. Enums are stored as their
short string values, timestamps as timezone-aware UTC, and every foreign key refuses to delete
a row that is still referred to (``ON DELETE RESTRICT``) unless noted otherwise.
Schema changes go through Alembic: after editing this file, run
``alembic revision --autogenerate`` and read what it wrote.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Dialect,
    ForeignKeyConstraint,
    Index,
    SmallInteger,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

# Deterministic constraint names, so later migrations (and SQLite batch mode) can refer to them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RESTRICT = "RESTRICT"
KEY_LENGTH = 64  # profession keys, criterion keys, facets, rubric ids
ENUM_LENGTH = 20  # the longest enum value is "value_divergence" (16)


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time, always timezone-aware UTC in Python whatever the database keeps.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the UTC wall time is
    stored (as fixed-width text that sorts in time order) and UTC is attached again on load.
    A naive datetime is refused: it would be ambiguous.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing to store a naive datetime: {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _fk(target: str, *, nullable: bool = False, **kwargs: Any) -> Any:
    """A foreign key column that blocks deleting the row it points to."""
    return Field(default=None if nullable else ..., foreign_key=target, ondelete=RESTRICT, **kwargs)


# Organisation ------------------------------------------------------------------------------------


class UnitRow(SQLModel, table=True):
    """An organisational unit (kommune, forvaltning, institution, team) in the unit tree."""

    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=Text)
    level: str = Field(max_length=ENUM_LENGTH)
    parent_id: int | None = _fk("unit.id", nullable=True, index=True)
    # A closed unit keeps its history (core tasks, proposals, roles) but takes nothing new.
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    merged_into_id: int | None = _fk("unit.id", nullable=True)


class CoreTaskRow(SQLModel, table=True):
    """One dated version of a unit's core task; a new statement is a new row, never an edit."""

    __tablename__ = "core_task"
    __table_args__ = (UniqueConstraint("unit_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = _fk("unit.id")
    version: int
    statement: str = Field(sa_type=Text)
    formal: str = Field(sa_type=Text)
    performed: str = Field(sa_type=Text)
    experienced: str = Field(sa_type=Text)
    author_id: int | None = _fk("person.id", nullable=True)
    valid_from: datetime = Field(sa_type=UTCDateTime)


OPEN_DRAFT = text("status = 'open'")


class CoreTaskDraftRow(SQLModel, table=True):
    """A draft of a unit's next core task, opened by a proposal that changes the core task itself.

    Adopting or discarding it only changes ``status``: the text stays, so nothing written is lost.
    """

    __tablename__ = "core_task_draft"
    __table_args__ = (
        # At most one open draft per proposal, enforced by the database: two clicks at once
        # on "open a draft" cannot make two.
        Index(
            "uq_core_task_draft_open",
            "proposal_id",
            unique=True,
            sqlite_where=OPEN_DRAFT,
            postgresql_where=OPEN_DRAFT,
        ),
        Index(None, "unit_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = _fk("unit.id")
    proposal_id: int = _fk("proposal.id")
    based_on_version: int
    statement: str = Field(sa_type=Text)
    formal: str = Field(sa_type=Text)
    performed: str = Field(sa_type=Text)
    experienced: str = Field(sa_type=Text)
    status: str = Field(max_length=ENUM_LENGTH)
    adopted_version: int | None = None
    created_by: int | None = _fk("person.id", nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: int | None = _fk("person.id", nullable=True)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    closed_by: int | None = _fk("person.id", nullable=True)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = 1


class ProfessionRow(SQLModel, table=True):
    """A profession (faggruppe); ``key`` is what facets and per-profession views refer to."""

    __tablename__ = "profession"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    name: str = Field(sa_type=Text)


class PersonRow(SQLModel, table=True):
    """A person who signs in; ``email`` is stored lower-cased, so lookups ignore case."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=Text)
    email: str = Field(max_length=320, unique=True)
    profession_id: int | None = _fk("profession.id", nullable=True)
    active: bool = True


class MembershipRow(SQLModel, table=True):
    """A person's role in a unit; a person holds each role in a unit at most once."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("person_id", "unit_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = _fk("person.id")
    unit_id: int = _fk("unit.id", index=True)
    role: str = Field(max_length=ENUM_LENGTH)


class MedCommitteeRow(SQLModel, table=True):
    """A MED committee (hoved-, område-, lokaludvalg) at the level of one unit."""

    __tablename__ = "med_committee"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=Text)
    kind: str = Field(max_length=ENUM_LENGTH)
    unit_id: int = _fk("unit.id", index=True)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    merged_into_id: int | None = _fk("med_committee.id", nullable=True)


class MedCommitteeMemberRow(SQLModel, table=True):
    """A person's seat on a MED committee; a removed member keeps the row (``removed_at``)."""

    __tablename__ = "med_committee_member"

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = _fk("med_committee.id", index=True)
    person_id: int = _fk("person.id", index=True)
    side: str = Field(max_length=ENUM_LENGTH)
    role: str = Field(max_length=ENUM_LENGTH)
    added_at: datetime = Field(sa_type=UTCDateTime)
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RubricVersionRow(SQLModel, table=True):
    """A rubric file exactly as uploaded, frozen under its id and version."""

    __tablename__ = "rubric_version"
    __table_args__ = (UniqueConstraint("rubric_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    rubric_id: str = Field(max_length=KEY_LENGTH)
    version: str = Field(max_length=KEY_LENGTH)
    content_hash: str = Field(max_length=128)
    source: str = Field(sa_type=Text)
    source_name: str = Field(sa_type=Text)


# Proposals ---------------------------------------------------------------------------------------


class ProposalFields(SQLModel):
    """The columns an edit of a proposal writes (everything but identity, creation and version)."""

    unit_id: int = _fk("unit.id")
    title: str = Field(sa_type=Text)
    description: str = Field(sa_type=Text)
    # casefold(title + description), kept by the repository: case-insensitive search that
    # treats æ/Æ alike on SQLite too, whose lower() and LIKE only fold ASCII.
    search_text: str = Field(sa_type=Text)
    change_type: str = Field(max_length=ENUM_LENGTH)
    origin: str = Field(max_length=ENUM_LENGTH)
    management_level: str = Field(sa_type=Text)
    med_committee: str = Field(sa_type=Text)  # the committee's name when it was chosen
    med_committee_id: int | None = _fk("med_committee.id", nullable=True)
    rubric_id: str = Field(max_length=KEY_LENGTH)
    rubric_version: str = Field(max_length=KEY_LENGTH)
    rubric_hash: str = Field(max_length=128)
    status: str = Field(max_length=ENUM_LENGTH)
    context: str = Field(default="", sa_type=Text)
    consulted: str = Field(default="", sa_type=Text)
    informed: str = Field(default="", sa_type=Text)
    show_rater_names: bool = False
    pseudonym_key: str = Field(default="", max_length=64)
    updated_by: int | None = _fk("person.id", nullable=True)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ProposalRow(ProposalFields, table=True):
    """A proposed change; ``version`` grows by one on every save (optimistic locking)."""

    __tablename__ = "proposal"
    __table_args__ = (
        ForeignKeyConstraint(
            ["rubric_id", "rubric_version"],
            ["rubric_version.rubric_id", "rubric_version.version"],
            ondelete=RESTRICT,
        ),
        # The overview: newest first, optionally narrowed to some statuses or units.
        Index(None, "updated_at", "id"),
        Index(None, "status", "updated_at", "id"),
        Index(None, "unit_id", "updated_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    created_by: int | None = _fk("person.id", nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    version: int = 1
    # The proposal this one adjusts (a follow-up concluded "adjust"); set once, when it is opened.
    predecessor_id: int | None = _fk("proposal.id", nullable=True, index=True)


class ProposalProfessionRow(SQLModel, table=True):
    """A profession the proposal affects (scored on the per-profession criteria)."""

    __tablename__ = "proposal_profession"

    proposal_id: int = _fk("proposal.id", primary_key=True)
    profession_id: int = _fk("profession.id", primary_key=True)


class OptionRow(SQLModel, table=True):
    """One option (handlemulighed) of a proposal; exactly one per proposal is the baseline."""

    __tablename__ = "option"
    __table_args__ = (Index(None, "proposal_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    position: int
    title: str = Field(sa_type=Text)
    description: str = Field(default="", sa_type=Text)
    is_baseline: bool = False


class PanelMemberRow(SQLModel, table=True):
    """A person on a proposal's scoring panel, with the profession they score for."""

    __tablename__ = "panel_member"

    proposal_id: int = _fk("proposal.id", primary_key=True)
    person_id: int = _fk("person.id", primary_key=True, index=True)
    profession_id: int | None = _fk("profession.id", nullable=True)


class ScoreRow(SQLModel, table=True):
    """One rater's answer for option × criterion × facet in one round; ``level`` NULL = don't know."""

    __tablename__ = "score"
    __table_args__ = (
        # One row per rater × cell × round: saving again updates it (an upsert).
        UniqueConstraint(
            "proposal_id", "rater_id", "option_id", "criterion_key", "facet", "round", name="uq_score_cell"
        ),
        # Covers the tally query completely: GROUP BY never touches the table itself.
        Index(
            "ix_score_tally",
            "proposal_id",
            "round",
            "option_id",
            "criterion_key",
            "facet",
            "level",
            "rater_id",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    option_id: int = _fk("option.id")
    criterion_key: str = Field(max_length=KEY_LENGTH)
    facet: str = Field(default="", max_length=KEY_LENGTH, sa_column_kwargs={"server_default": ""})
    rater_id: int = _fk("person.id")
    round: int = Field(sa_type=SmallInteger)
    level: int | None = Field(default=None, sa_type=SmallInteger)
    reason: str = Field(default="", sa_type=Text)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ScoreDraftRow(SQLModel, table=True):
    """A rater's unsubmitted answer to one cell in one round, read only by that rater.

    ``answered`` false: only a reason was written so far; ``level`` NULL with ``answered`` is don't know.
    """

    __tablename__ = "score_draft"
    __table_args__ = (
        # One draft per rater × round × cell: saving again updates it (an upsert). Its leading
        # columns also serve reading one rater's drafts of one proposal and round.
        UniqueConstraint(
            "proposal_id",
            "rater_id",
            "round",
            "option_id",
            "criterion_key",
            "facet",
            name="uq_score_draft_cell",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    option_id: int = _fk("option.id")
    criterion_key: str = Field(max_length=KEY_LENGTH)
    facet: str = Field(default="", max_length=KEY_LENGTH, sa_column_kwargs={"server_default": ""})
    rater_id: int = _fk("person.id")
    round: int = Field(sa_type=SmallInteger)
    level: int | None = Field(default=None, sa_type=SmallInteger)
    answered: bool = True
    reason: str = Field(default="", sa_type=Text)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ReadinessAnswerRow(SQLModel, table=True):
    """The answer to one proposal-scope criterion (the readiness checklist), once per proposal."""

    __tablename__ = "readiness_answer"

    proposal_id: int = _fk("proposal.id", primary_key=True)
    criterion_key: str = Field(max_length=KEY_LENGTH, primary_key=True)
    level: int | None = Field(default=None, sa_type=SmallInteger)  # NULL: don't know
    note: str = Field(default="", sa_type=Text)
    answered_by: int | None = _fk("person.id", nullable=True)
    answered_at: datetime = Field(sa_type=UTCDateTime)


class CitizenEvidenceRow(SQLModel, table=True):
    """What the citizens' experience is read from (a survey, interviews, a user board ...) for a proposal."""

    __tablename__ = "citizen_evidence"
    __table_args__ = (Index(None, "proposal_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    kind: str = Field(max_length=ENUM_LENGTH)
    collected_on: date | None = None
    note: str = Field(default="", sa_type=Text)
    recorded_by: int | None = _fk("person.id", nullable=True)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class ProposalPlanRow(SQLModel, table=True):
    """What a decision paper states beyond the options: case number, economy, staff, timetable."""

    __tablename__ = "proposal_plan"

    proposal_id: int = _fk("proposal.id", primary_key=True)
    case_number: str = Field(default="", max_length=KEY_LENGTH)
    cost: str = Field(default="", sa_type=Text)
    funding: str = Field(default="", sa_type=Text)
    staff_hours: str = Field(default="", sa_type=Text)
    staff_tasks: str = Field(default="", sa_type=Text)
    staff_skills: str = Field(default="", sa_type=Text)
    staff_agreements: str = Field(default="", sa_type=Text)
    work_environment: str = Field(default="", sa_type=Text)
    apv_agreed_on: date | None = None
    timetable: str = Field(default="", sa_type=Text)
    updated_by: int | None = _fk("person.id", nullable=True)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    version: int = 1


class MedStepRow(SQLModel, table=True):
    """One dated step of the MED process on a proposal: information, discussion or statement."""

    __tablename__ = "med_step"
    __table_args__ = (Index(None, "proposal_id", "held_on"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    committee_id: int | None = _fk("med_committee.id", nullable=True)
    kind: str = Field(max_length=ENUM_LENGTH)
    held_on: date
    agenda_item: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    employee_remarks: str = Field(default="", sa_type=Text)
    recorded_by: int | None = _fk("person.id", nullable=True)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class ConsultationRow(SQLModel, table=True):
    """A consultation (høring) of a council or board, e.g. the ældreråd, and its answer."""

    __tablename__ = "consultation"
    __table_args__ = (Index(None, "proposal_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    body: str = Field(sa_type=Text)
    sent_on: date | None = None
    deadline: date | None = None
    answered_on: date | None = None
    answer: str = Field(default="", sa_type=Text)
    recorded_by: int | None = _fk("person.id", nullable=True)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    version: int = 1


# Dialogue, decision, audit -----------------------------------------------------------------------


class DilemmaRow(SQLModel, table=True):
    """A dilemma raised in the discussion; removing its option only unlinks it (SET NULL)."""

    __tablename__ = "dilemma"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id", index=True)
    text: str = Field(sa_type=Text)
    pole_a: str = Field(sa_type=Text)
    pole_b: str = Field(sa_type=Text)
    option_id: int | None = Field(default=None, foreign_key="option.id", ondelete="SET NULL")
    criterion_key: str | None = Field(default=None, max_length=KEY_LENGTH)
    status: str = Field(max_length=ENUM_LENGTH)
    note: str = Field(default="", sa_type=Text)
    created_by: int | None = _fk("person.id", nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class DecisionFields(SQLModel):
    """The columns a save of a decision writes."""

    chosen_option_id: int = _fk("option.id")
    justification: str = Field(sa_type=Text)
    med_statement: str = Field(sa_type=Text)
    dissent: str = Field(sa_type=Text)
    conditions: str = Field(sa_type=Text)
    follow_up_date: date = Field(index=True)
    indicators: str = Field(sa_type=Text)
    decided_by: int | None = _fk("person.id", nullable=True)
    decided_at: datetime = Field(sa_type=UTCDateTime)
    meeting_date: date | None = None
    agenda_item: str = Field(default="", sa_type=Text)
    participants: str = Field(default="", sa_type=Text)
    employee_remarks: str = Field(default="", sa_type=Text)
    communication: str = Field(default="", sa_type=Text)
    implementation_responsible_id: int | None = _fk("person.id", nullable=True)
    follow_up_responsible_id: int | None = _fk("person.id", nullable=True)


class DecisionRow(DecisionFields, table=True):
    """The decision on a proposal (at most one); ``version`` guards against lost updates."""

    __tablename__ = "decision"

    proposal_id: int = _fk("proposal.id", primary_key=True)
    version: int = 1
    # The outcome indicators' list, saved as a whole: its own version, so saving it never makes an open
    # edit of the decision stale (or the other way round). Not part of DecisionFields.
    indicators_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class DiscussionNoteRow(SQLModel, table=True):
    """A comment from the discussion on a flagged gap (perspectives, citizen vs society); never edited."""

    __tablename__ = "discussion_note"
    __table_args__ = (Index(None, "proposal_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    kind: str = Field(max_length=ENUM_LENGTH)  # "perspective_gap" or "value_divergence"
    option_id: int | None = _fk("option.id", nullable=True)
    criterion_key: str | None = Field(default=None, max_length=KEY_LENGTH)
    text: str = Field(sa_type=Text)
    author_id: int | None = _fk("person.id", nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


# Outcomes ---------------------------------------------------------------------------------------


class OutcomeIndicatorRow(SQLModel, table=True):
    """An outcome indicator of a decided proposal's chosen option: baseline, target, direction."""

    __tablename__ = "outcome_indicator"
    __table_args__ = (Index(None, "proposal_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = _fk("proposal.id")
    option_id: int = _fk("option.id")
    position: int
    name: str = Field(sa_type=Text)
    source: str = Field(default="", sa_type=Text)
    unit: str = Field(default="", sa_type=Text)
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date
    higher_is_better: bool = True
    created_by: int | None = _fk("person.id", nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class IndicatorMeasurementRow(SQLModel, table=True):
    """One actual value of an indicator; the portfolio reads the newest per indicator by the index."""

    __tablename__ = "indicator_measurement"
    __table_args__ = (Index(None, "indicator_id", "measured_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = _fk("outcome_indicator.id")
    measured_on: date
    value: float
    source: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    recorded_by: int | None = _fk("person.id", nullable=True)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class FollowUpConclusionRow(SQLModel, table=True):
    """How a proposal's follow-up ended (continue, adjust, stop), once per proposal."""

    __tablename__ = "follow_up_conclusion"

    proposal_id: int = _fk("proposal.id", primary_key=True)
    verdict: str = Field(max_length=ENUM_LENGTH)
    reasons: str = Field(sa_type=Text)
    concluded_by: int | None = _fk("person.id", nullable=True)
    concluded_at: datetime = Field(sa_type=UTCDateTime)
    successor_proposal_id: int | None = _fk("proposal.id", nullable=True)


class AuditEventRow(SQLModel, table=True):
    """An append-only log entry; ``before`` and ``after`` are JSON text.

    The database itself refuses to update or delete a row (a trigger on SQLite and PostgreSQL,
    revoked privileges on PostgreSQL: migration ``5a1d7c3e9b20``). The audit screen reads it
    newest first, narrowed by who acted or by a period.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index(None, "object_type", "object_id", "id"),
        Index(None, "actor_id", "id"),
        Index(None, "at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = _fk("person.id", nullable=True)
    action: str = Field(max_length=KEY_LENGTH)
    object_type: str = Field(max_length=KEY_LENGTH)
    object_id: str = Field(max_length=160)  # e.g. "kerneopgave@2" for a rubric
    at: datetime = Field(sa_type=UTCDateTime)
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
