"""What the use cases need from storage, and nothing about how it is done.

``storage.repository.SqlRepository`` implements this on SQLite and PostgreSQL;
``tests.fakes.FakeRepository`` implements it in memory for the service tests.
A :class:`UnitOfWork` hands out one repository per transaction: ``write()`` for a user
action that changes something (committed when the block ends without an error, rolled back
otherwise), ``read()`` for a consistent look.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from assessment.kernel.model import (
    AuditEvent,
    ChangeType,
    CitizenEvidence,
    Consultation,
    CoreTask,
    CoreTaskDraft,
    Decision,
    Dilemma,
    FollowUpConclusion,
    IndicatorMeasurement,
    MedCommittee,
    MedCommitteeMember,
    MedStep,
    Membership,
    OutcomeIndicator,
    PanelMember,
    Person,
    Profession,
    Proposal,
    ProposalPlan,
    ReadinessAnswer,
    Round,
    RubricRef,
    Score,
    ScoreDraft,
    Status,
    Unit,
    Verdict,
)
from assessment.kernel.scoring import CellKey, Tally

# (option_id, criterion_key, facet, profession_key)
ProfessionCellKey = tuple[int, str, str, str]


@dataclass(frozen=True)
class StoredRubric:
    ref: RubricRef
    source: str  # the TOML text exactly as uploaded; parsed again on use
    source_name: str


@dataclass(frozen=True)
class ProposalSummary:
    """One row of the overview; no options, panel or scores."""

    id: int
    title: str
    unit_id: int
    unit_name: str
    status: Status
    updated_at: datetime
    follow_up_date: date | None


class NoteKind(StrEnum):
    """What a discussion note comments on: a flag the discussion screen asks the MED committee about."""

    PERSPECTIVE_GAP = "perspective_gap"  # the formal, performed and experienced core task disagree
    VALUE_DIVERGENCE = "value_divergence"  # value to the citizen and value to society pull apart


@dataclass(frozen=True)
class DiscussionNote:
    """A comment written in the discussion on one flagged option × criterion; never edited."""

    proposal_id: int
    kind: NoteKind
    text: str
    author_id: int | None
    created_at: datetime
    option_id: int | None = None
    criterion_key: str | None = None
    id: int | None = None


# Which proposals a person may see, from ``assessment.kernel.permissions.proposal_scope``: pairs of
# (units, statuses allowed in those units). ``None`` means every proposal; ``()`` means none.
ProposalScope = tuple[tuple[frozenset[int], frozenset[Status]], ...]


def in_scope(scope: ProposalScope | None, unit_id: int, status: Status) -> bool:
    return scope is None or any(unit_id in units and status in statuses for units, statuses in scope)


@dataclass(frozen=True)
class ProposalFilter:
    text: str = ""
    statuses: tuple[Status, ...] = ()
    unit_ids: tuple[int, ...] = ()
    offset: int = 0
    limit: int = 25
    # Set by the use cases, never by a page: a page cannot widen what its user may see.
    scope: ProposalScope | None = ()


@dataclass(frozen=True)
class AuditQuery:
    """Which audit events to read: every filter left empty matches everything."""

    actor_id: int | None = None
    action_prefix: str = ""  # "proposal." or "denied:"; matched literally, never as a pattern
    object_type: str = ""
    object_id: str = ""
    since: datetime | None = None  # inclusive
    before: datetime | None = None  # exclusive
    offset: int = 0
    limit: int | None = 50  # None: every match (a person's data export)


@dataclass(frozen=True)
class IndicatorReading:
    """What the portfolio needs of one indicator: its line from baseline to target, and its newest
    measurement (``measured_on`` and ``value`` None before the first)."""

    indicator_id: int
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date
    higher_is_better: bool
    measured_on: date | None
    value: float | None


@dataclass(frozen=True)
class PortfolioEntry:
    """One decided proposal as the leadership's portfolio lists it; no options, panel or scores."""

    id: int
    title: str
    unit_id: int
    unit_name: str
    change_type: ChangeType
    status: Status
    decided_at: datetime
    follow_up_date: date
    verdict: Verdict | None  # the follow-up's conclusion, once there is one
    readings: tuple[IndicatorReading, ...]


@dataclass(frozen=True)
class DecisionText:
    """What the search across earlier decisions looks in, for one proposal."""

    id: int
    title: str
    unit_id: int
    unit_name: str
    status: Status
    description: str
    justification: str  # the decision's texts are "" before a decision
    dissent: str
    conditions: str
    dilemmas: tuple[str, ...]
    decided_at: datetime | None


class Repository(Protocol):
    # Organisation ------------------------------------------------------------
    def add_unit(self, unit: Unit) -> Unit: ...
    def get_unit(self, unit_id: int) -> Unit | None: ...
    def list_units(self) -> list[Unit]: ...
    def update_unit(self, unit: Unit) -> Unit:
        """Overwrite the stored unit with the same id (name, level, parent, closed, merged into)."""
        ...

    def add_core_task(self, core_task: CoreTask) -> CoreTask: ...
    def core_task_history(self, unit_id: int) -> list[CoreTask]: ...  # newest first
    def add_core_task_draft(self, draft: CoreTaskDraft) -> CoreTaskDraft: ...
    def get_core_task_draft(self, draft_id: int) -> CoreTaskDraft | None: ...
    def update_core_task_draft(self, draft: CoreTaskDraft, expected_version: int) -> CoreTaskDraft:
        """Write the draft if it is still at ``expected_version``; raises ``StaleEdit`` otherwise, bumps
        ``version``."""
        ...

    def open_core_task_drafts(self, unit_id: int) -> list[CoreTaskDraft]:
        """The unit's drafts that are neither adopted nor discarded, oldest first."""
        ...

    def core_task_drafts_of(self, proposal_id: int) -> list[CoreTaskDraft]:
        """Every draft opened for the proposal, newest first."""
        ...

    def add_profession(self, profession: Profession) -> Profession: ...
    def list_professions(self) -> list[Profession]: ...
    def add_person(self, person: Person) -> Person: ...
    def get_person(self, person_id: int) -> Person | None: ...
    def find_person_by_email(self, email: str) -> Person | None: ...
    def list_people(self) -> list[Person]: ...
    def update_person(self, person: Person) -> Person:
        """Overwrite the stored person with the same id (name, e-mail, profession, active)."""
        ...

    def add_membership(self, membership: Membership) -> Membership: ...
    def remove_membership(self, membership_id: int) -> None: ...
    def memberships_of(self, person_id: int) -> list[Membership]: ...
    def all_memberships(self) -> list[Membership]:
        """Every membership of every person, by id: one query where a list of people needs their roles."""
        ...

    # MED committees and their members --------------------------------------
    def add_committee(self, committee: MedCommittee) -> MedCommittee: ...
    def get_committee(self, committee_id: int) -> MedCommittee | None: ...
    def list_committees(self) -> list[MedCommittee]:
        """Every committee, closed ones too, by id."""
        ...

    def update_committee(self, committee: MedCommittee) -> MedCommittee:
        """Overwrite the stored committee with the same id (name, kind, unit, closed, merged into)."""
        ...

    def add_committee_member(self, member: MedCommitteeMember) -> MedCommitteeMember: ...
    def update_committee_member(self, member: MedCommitteeMember) -> MedCommitteeMember:
        """Overwrite the stored seat with the same id (only ``removed_at`` ever changes)."""
        ...

    def committee_members(self, committee_id: int | None = None) -> list[MedCommitteeMember]:
        """The seats of one committee (``None``: of every committee), removed ones too, by id."""
        ...

    def committee_seats_of(self, person_id: int) -> list[MedCommitteeMember]:
        """Every seat the person has or had on any committee, by id."""
        ...

    # Rubrics -----------------------------------------------------------------
    def add_rubric(self, rubric: StoredRubric) -> None: ...
    def get_rubric(self, rubric_id: str, version: str) -> StoredRubric | None: ...
    def list_rubrics(self) -> list[StoredRubric]: ...

    # Proposals ---------------------------------------------------------------
    def add_proposal(self, proposal: Proposal) -> Proposal:
        """Store a new proposal with its options and panel; fills in every id."""
        ...

    def get_proposal(self, proposal_id: int) -> Proposal | None:
        """The proposal with its options (by position), panel and affected professions."""
        ...

    def update_proposal(self, proposal: Proposal, expected_version: int) -> Proposal:
        """Write the proposal (options and panel included) if it is still at ``expected_version``.

        Raises ``StaleEdit`` when someone else saved in between; bumps ``version``.
        """
        ...

    def find_proposals(self, query: ProposalFilter) -> tuple[list[ProposalSummary], int]:
        """A page of the overview and the total number of matches."""
        ...

    def proposals_on_panel(
        self,
        person_id: int,
        statuses: Sequence[Status],
        *,
        scope: ProposalScope | None,
        limit: int | None = None,
    ) -> list[ProposalSummary]:
        """Proposals in one of ``statuses`` and in ``scope`` with the person on the panel: in the order
        of ``statuses``, newest first within each; at most ``limit``."""
        ...

    def follow_ups_due(
        self, on_or_before: date, *, scope: ProposalScope | None, limit: int | None = None
    ) -> list[ProposalSummary]:
        """Decided proposals whose follow-up date has come, the most overdue first; at most ``limit``."""
        ...

    def count_follow_ups_due(self, on_or_before: date, *, scope: ProposalScope | None) -> int: ...

    # Scores ------------------------------------------------------------------
    def save_score(self, score: Score) -> tuple[Score, Score | None]:
        """Insert or update the one row for rater × option × criterion × facet × round.

        Returns the stored score and the one it replaced (None for a new row).
        """
        ...

    def scores_of(self, proposal_id: int, rater_id: int, round: Round) -> list[Score]: ...
    def all_scores(self, proposal_id: int) -> list[Score]:
        """Every score of one proposal (for exports and the discussion's reasons)."""
        ...

    def tallies(self, proposal_id: int, round: Round) -> dict[CellKey, Tally]:
        """Histograms per option × criterion × facet, aggregated by the database.

        ``Round.REVISED`` counts each rater's round-2 score where given, else round 1.
        """
        ...

    def profession_tallies(self, proposal_id: int, round: Round) -> dict[ProfessionCellKey, Tally]: ...
    def panel_profession_sizes(self, proposal_id: int) -> dict[str, int]: ...

    # A rater's private drafts -------------------------------------------------------------
    def save_draft(self, draft: ScoreDraft) -> ScoreDraft:
        """Insert or update the one draft for rater × option × criterion × facet × round."""
        ...

    def delete_draft(self, draft: ScoreDraft) -> None:
        """Remove the draft of the same rater × cell × round, if there is one."""
        ...

    def drafts_of(self, proposal_id: int, rater_id: int, round: Round | None = None) -> list[ScoreDraft]:
        """The rater's drafts of one proposal, of one round or (``None``) of every round."""
        ...

    def delete_drafts(self, proposal_id: int, rater_id: int, round: Round | None = None) -> int:
        """Remove the rater's drafts of one proposal (one round, or every round); how many went."""
        ...

    # Readiness and citizen evidence, once per proposal ---------------------------------------
    def readiness_of(self, proposal_id: int) -> list[ReadinessAnswer]:
        """The proposal's readiness answers, by criterion key."""
        ...

    def save_readiness(self, answer: ReadinessAnswer) -> ReadinessAnswer | None:
        """Insert or replace the answer to one criterion; returns the one it replaced."""
        ...

    def remove_readiness(self, proposal_id: int, criterion_key: str) -> ReadinessAnswer | None:
        """Remove the answer to one criterion; returns it (None when there was none)."""
        ...

    def plan_of(self, proposal_id: int) -> ProposalPlan | None: ...
    def save_plan(self, plan: ProposalPlan, expected_version: int) -> ProposalPlan:
        """Insert (``expected_version`` 0) or update from that version; StaleEdit when someone
        saved in between."""
        ...

    def plans_by(self, person_id: int) -> list[ProposalPlan]: ...
    def evidence_of(self, proposal_id: int) -> list[CitizenEvidence]:
        """The proposal's citizen evidence, in the order it was recorded."""
        ...

    def add_evidence(self, evidence: CitizenEvidence) -> CitizenEvidence:
        """Store one piece of citizen evidence; fills in its id."""
        ...

    def remove_evidence(self, proposal_id: int, evidence_id: int) -> CitizenEvidence | None:
        """Remove one piece of the proposal's evidence; returns it (None when it is not the proposal's)."""
        ...

    # The MED process and consultations (høringer), per proposal --------------------------------
    def med_steps_of(self, proposal_id: int) -> list[MedStep]:
        """The proposal's MED steps, by the date they were held (then in the order recorded)."""
        ...

    def add_med_step(self, step: MedStep) -> MedStep:
        """Store one MED step; fills in its id."""
        ...

    def remove_med_step(self, proposal_id: int, step_id: int) -> MedStep | None:
        """Remove one of the proposal's MED steps; returns it (None when it is not the proposal's)."""
        ...

    def consultations_of(self, proposal_id: int) -> list[Consultation]:
        """The proposal's consultations, in the order they were recorded."""
        ...

    def get_consultation(self, consultation_id: int) -> Consultation | None: ...
    def add_consultation(self, consultation: Consultation) -> Consultation:
        """Store one consultation at version 1; fills in its id."""
        ...

    def update_consultation(self, consultation: Consultation, expected_version: int) -> Consultation:
        """Write a consultation still at ``expected_version`` and count its version up; raises StaleEdit
        when someone saved it first. Its proposal and who recorded it, and when, never change."""
        ...

    def remove_consultation(self, proposal_id: int, consultation_id: int) -> Consultation | None:
        """Remove one of the proposal's consultations; returns it (None when it is not the proposal's)."""
        ...

    # Dialogue and decision ---------------------------------------------------
    def add_dilemma(self, dilemma: Dilemma) -> Dilemma: ...
    def update_dilemma(self, dilemma: Dilemma) -> Dilemma: ...
    def dilemmas_of(self, proposal_id: int) -> list[Dilemma]: ...
    def get_decision(self, proposal_id: int) -> Decision | None: ...
    def save_decision(self, decision: Decision, expected_version: int | None) -> Decision:
        """Insert (expected_version None) or update a decision still at ``expected_version``."""
        ...

    def add_note(self, note: DiscussionNote) -> DiscussionNote:
        """Store a discussion note; fills in its id."""
        ...

    # Outcomes: indicators, measurements and the follow-up's conclusion ----------------------
    def indicators_of(self, proposal_id: int) -> list[OutcomeIndicator]:
        """The proposal's outcome indicators, by position."""
        ...

    def get_indicator(self, indicator_id: int) -> OutcomeIndicator | None: ...
    def add_indicator(self, indicator: OutcomeIndicator) -> OutcomeIndicator:
        """Store a new indicator; fills in its id."""
        ...

    def update_indicator(self, indicator: OutcomeIndicator) -> OutcomeIndicator:
        """Overwrite the stored indicator with the same id (its proposal and creation never change)."""
        ...

    def remove_indicator(self, indicator_id: int) -> None:
        """Remove an indicator that has no measurements."""
        ...

    def indicators_version(self, proposal_id: int) -> int:
        """How many times the decided proposal's indicator list has been saved (0: never, or undecided)."""
        ...

    def bump_indicators_version(self, proposal_id: int, expected_version: int | None) -> int | None:
        """Count the decided proposal's indicator list one version up, if it is still at
        ``expected_version`` (None: at whatever version), and return the new version; None, and
        nothing changed, when it is not. Called before the list is read or written, so two saves of
        the list take turns (the decision's row is locked until the transaction ends)."""
        ...

    def measurements_of(self, proposal_id: int) -> list[IndicatorMeasurement]:
        """Every measurement of the proposal's indicators, by indicator, then by day measured, then id."""
        ...

    def add_measurement(self, measurement: IndicatorMeasurement) -> IndicatorMeasurement:
        """Store one measurement; fills in its id."""
        ...

    def get_conclusion(self, proposal_id: int) -> FollowUpConclusion | None: ...
    def add_conclusion(self, conclusion: FollowUpConclusion) -> FollowUpConclusion:
        """Store the proposal's one conclusion; raises ``WrongState`` when it already has one."""
        ...

    def successor_of(self, proposal_id: int) -> int | None:
        """The id of the proposal that adjusts this one (its ``predecessor_id``), if any."""
        ...

    def portfolio(self, unit_ids: frozenset[int] | None) -> list[PortfolioEntry]:
        """Every decided proposal (decided, in follow-up or closed) in ``unit_ids`` (``None``: in every
        unit), newest decision first, with each indicator's newest measurement. Never reads scores."""
        ...

    def decision_texts(self, scope: ProposalScope | None) -> list[DecisionText]:
        """The texts of every proposal in ``scope`` that has left the draft, newest first: title,
        description, the decision's justification, dissent and conditions, and the dilemmas."""
        ...

    def notes_of(self, proposal_id: int) -> list[DiscussionNote]:
        """The proposal's discussion notes, oldest first."""
        ...

    # Audit -------------------------------------------------------------------
    def record(self, event: AuditEvent) -> None: ...
    def change_stamp(self) -> tuple[object, int]:
        """Which database this is, and its newest audit event's id: every change records an event in
        its own transaction, so the stamp differs whenever anything stored may have changed."""
        ...

    def events_for(self, object_type: str, object_id: str) -> list[AuditEvent]: ...
    def find_events(self, query: AuditQuery) -> tuple[list[AuditEvent], int]:
        """A page of matching events, newest first, and the total number of matches."""
        ...

    # One person's data, for an access request (everything that refers to them) -------------
    def core_tasks_by(self, person_id: int) -> list[CoreTask]: ...
    def core_task_drafts_by(self, person_id: int) -> list[CoreTaskDraft]:
        """Drafts the person opened, last edited, adopted or discarded, oldest first."""
        ...

    def proposals_by(self, person_id: int) -> list[Proposal]:
        """Proposals the person created or saved last, oldest first."""
        ...

    def panels_of(self, person_id: int) -> list[PanelMember]: ...
    def scores_by(self, rater_id: int) -> list[Score]:
        """Every score the person gave, in every proposal and round."""
        ...

    def drafts_by(self, rater_id: int) -> list[ScoreDraft]:
        """Every draft the person has not submitted yet, in every proposal and round."""
        ...

    def readiness_by(self, person_id: int) -> list[ReadinessAnswer]: ...
    def evidence_by(self, person_id: int) -> list[CitizenEvidence]: ...
    def med_steps_by(self, person_id: int) -> list[MedStep]: ...
    def consultations_by(self, person_id: int) -> list[Consultation]: ...

    def dilemmas_by(self, person_id: int) -> list[Dilemma]: ...
    def notes_by(self, person_id: int) -> list[DiscussionNote]: ...
    def decisions_by(self, person_id: int) -> list[Decision]: ...
    def indicators_by(self, person_id: int) -> list[OutcomeIndicator]: ...
    def measurements_by(self, person_id: int) -> list[IndicatorMeasurement]: ...
    def conclusions_by(self, person_id: int) -> list[FollowUpConclusion]: ...


class UnitOfWork(Protocol):
    def write(self) -> AbstractContextManager[Repository]: ...
    def read(self) -> AbstractContextManager[Repository]: ...
