"""The repository protocol of ``assessment.kernel.repository`` on SQLite and PostgreSQL.

Rows are mapped to and from the domain's dataclasses here; a use case never sees an ORM
object. Statements that update or delete by criteria (optimistic locking, upserts) run as
SQL and then expire the session's identity map, so a later read never sees a stale row.
Aggregates (tallies) are computed by the database with GROUP BY over a covering index.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    delete,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from assessment.kernel.clock import utc_now
from assessment.kernel.errors import N_, InvalidInput, Message, NotFound, StaleEdit, StorageFull, WrongState
from assessment.kernel.model import (
    AuditEvent,
    ChangeType,
    CitizenEvidence,
    CommitteeKind,
    CommitteeRole,
    CommitteeSide,
    Consultation,
    CoreTask,
    CoreTaskDraft,
    CoreTaskDraftStatus,
    Decision,
    Dilemma,
    DilemmaStatus,
    EvidenceKind,
    FollowUpConclusion,
    IndicatorMeasurement,
    MedCommittee,
    MedCommitteeMember,
    MedStep,
    MedStepKind,
    Membership,
    Option,
    Origin,
    OutcomeIndicator,
    PanelMember,
    Person,
    Profession,
    Proposal,
    ProposalPlan,
    ReadinessAnswer,
    Role,
    Round,
    RubricRef,
    Score,
    ScoreDraft,
    Status,
    Unit,
    UnitLevel,
    Verdict,
)
from assessment.kernel.repository import (
    AuditQuery,
    DecisionText,
    DiscussionNote,
    IndicatorReading,
    NoteKind,
    PortfolioEntry,
    ProfessionCellKey,
    ProposalFilter,
    ProposalScope,
    ProposalSummary,
    StoredRubric,
)
from assessment.kernel.scoring import CellKey, Tally
from storage.engine import for_writing
from storage.tables import (
    AuditEventRow,
    CitizenEvidenceRow,
    ConsultationRow,
    CoreTaskDraftRow,
    CoreTaskRow,
    DecisionFields,
    DecisionRow,
    DilemmaRow,
    DiscussionNoteRow,
    FollowUpConclusionRow,
    IndicatorMeasurementRow,
    MedCommitteeMemberRow,
    MedCommitteeRow,
    MedStepRow,
    MembershipRow,
    OptionRow,
    OutcomeIndicatorRow,
    PanelMemberRow,
    PersonRow,
    ProfessionRow,
    ProposalFields,
    ProposalPlanRow,
    ProposalProfessionRow,
    ProposalRow,
    ReadinessAnswerRow,
    RubricVersionRow,
    ScoreDraftRow,
    ScoreRow,
    UnitRow,
)

__all__ = ["SqlRepository", "SqlUnitOfWork", "profession_tally_statement", "tally_statement"]

score_table = ScoreRow.__table__  # type: ignore[attr-defined]
decision_table = DecisionRow.__table__  # type: ignore[attr-defined]
proposal_table = ProposalRow.__table__  # type: ignore[attr-defined]
draft_table = ScoreDraftRow.__table__  # type: ignore[attr-defined]
readiness_table = ReadinessAnswerRow.__table__  # type: ignore[attr-defined]
core_task_draft_table = CoreTaskDraftRow.__table__  # type: ignore[attr-defined]
consultation_table = ConsultationRow.__table__  # type: ignore[attr-defined]
conclusion_table = FollowUpConclusionRow.__table__  # type: ignore[attr-defined]
indicator_table = OutcomeIndicatorRow.__table__  # type: ignore[attr-defined]
measurement_table = IndicatorMeasurementRow.__table__  # type: ignore[attr-defined]
DECIDED_ON = (Status.DECIDED.value, Status.FOLLOW_UP.value, Status.CLOSED.value)

SCORE_CELL = ("proposal_id", "rater_id", "option_id", "criterion_key", "facet", "round")
DRAFT_CELL = ("proposal_id", "rater_id", "round", "option_id", "criterion_key", "facet")
FOLLOWED_UP = (Status.DECIDED.value, Status.FOLLOW_UP.value)

STALE_PROPOSAL = N_(
    "This proposal was changed by {name} at {time}. Reload it to see the changes, then make your edit again."
)
STALE_CORE_TASK_DRAFT = N_(
    "This draft of the core task was changed by {name} at {time}. "
    "Reload it to see the changes, then make your edit again."
)
STALE_PLAN = N_(
    "The economy and consequences were changed by {name} at {time}. Reload the page to see the changes, "
    "then make your edit again."
)
STALE_DECISION = N_(
    "This decision was changed by {name} at {time}. Reload it to see the changes, then make your edit again."
)
STALE_CONSULTATION = N_(
    "This consultation was changed by someone else at {time}. Reload the page to see the changes, then "
    "make your edit again."
)


def search_text(title: str, description: str) -> str:
    """What the overview's text search looks in: case-folded, so æ matches Æ on every database."""
    return f"{title}\n{description}".casefold()


# Tally statements ------------------------------------------------------------------------------


def _effective_scores(proposal_id: int, round: Round) -> tuple[Any, list[Any]]:
    """The score rows that count for ``round``, as (alias, WHERE criteria).

    For ``Round.REVISED`` a rater's round-2 score replaces their round-1 score in the same
    option × criterion × facet; where they gave none, their round-1 score counts.
    """
    s = score_table.alias("s")
    if round is not Round.REVISED:
        return s, [s.c.proposal_id == proposal_id, s.c.round == int(round)]
    revised = score_table.alias("revised")
    # SELECT id (not *): then the probe is answered by the unique index on the cell alone.
    replaced = (
        select(revised.c.id)
        .where(
            revised.c.proposal_id == s.c.proposal_id,
            revised.c.rater_id == s.c.rater_id,
            revised.c.option_id == s.c.option_id,
            revised.c.criterion_key == s.c.criterion_key,
            revised.c.facet == s.c.facet,
            revised.c.round == int(Round.REVISED),
        )
        .exists()
    )
    return s, [
        s.c.proposal_id == proposal_id,
        s.c.round.in_([int(Round.BLIND), int(Round.REVISED)]),
        or_(s.c.round == int(Round.REVISED), ~replaced),
    ]


def tally_statement(proposal_id: int, round: Round) -> Select[Any]:
    """option, criterion, facet, level, count: one row per histogram bar."""
    s, where = _effective_scores(proposal_id, round)
    cell = (s.c.option_id, s.c.criterion_key, s.c.facet, s.c.level)
    return select(*cell, func.count().label("n")).where(*where).group_by(*cell)


def profession_tally_statement(proposal_id: int, round: Round) -> Select[Any]:
    """As :func:`tally_statement`, split by the profession each rater scores for on the panel."""
    s, where = _effective_scores(proposal_id, round)
    panel = PanelMemberRow.__table__  # type: ignore[attr-defined]
    profession = ProfessionRow.__table__  # type: ignore[attr-defined]
    cell = (s.c.option_id, s.c.criterion_key, s.c.facet, profession.c.key, s.c.level)
    return (
        select(*cell, func.count().label("n"))
        .select_from(s)
        .join(panel, and_(panel.c.proposal_id == s.c.proposal_id, panel.c.person_id == s.c.rater_id))
        .join(profession, profession.c.id == panel.c.profession_id)
        .where(*where)
        .group_by(*cell)
    )


def _tallies(rows: Iterable[Any]) -> dict[Any, Tally]:
    """Fold (cell..., level, count) rows into one Tally per cell; level NULL is "don't know"."""
    counts: dict[Any, dict[int, int]] = {}
    dont_know: dict[Any, int] = {}
    for *key, level, number in rows:
        cell = tuple(key)
        levels = counts.setdefault(cell, {})
        if level is None:
            dont_know[cell] = int(number)
        else:
            levels[int(level)] = int(number)
    return {cell: Tally(counts=levels, dont_know=dont_know.get(cell, 0)) for cell, levels in counts.items()}


# Row ↔ domain mapping ----------------------------------------------------------------------------


def _unit(row: Any) -> Unit:
    """A unit from a ``UnitRow`` or a row of its columns."""
    return Unit(
        name=row.name,
        level=UnitLevel(row.level),
        parent_id=row.parent_id,
        id=row.id,
        closed_at=row.closed_at,
        merged_into_id=row.merged_into_id,
    )


def _committee(row: MedCommitteeRow) -> MedCommittee:
    return MedCommittee(
        name=row.name,
        kind=CommitteeKind(row.kind),
        unit_id=row.unit_id,
        closed_at=row.closed_at,
        merged_into_id=row.merged_into_id,
        id=row.id,
    )


def _committee_member(row: MedCommitteeMemberRow) -> MedCommitteeMember:
    return MedCommitteeMember(
        committee_id=row.committee_id,
        person_id=row.person_id,
        side=CommitteeSide(row.side),
        role=CommitteeRole(row.role),
        added_at=row.added_at,
        removed_at=row.removed_at,
        id=row.id,
    )


def _core_task(row: CoreTaskRow) -> CoreTask:
    return CoreTask(
        unit_id=row.unit_id,
        version=row.version,
        statement=row.statement,
        formal=row.formal,
        performed=row.performed,
        experienced=row.experienced,
        author_id=row.author_id,
        valid_from=row.valid_from,
        id=row.id,
    )


def _core_task_draft(row: CoreTaskDraftRow) -> CoreTaskDraft:
    return CoreTaskDraft(
        unit_id=row.unit_id,
        proposal_id=row.proposal_id,
        based_on_version=row.based_on_version,
        statement=row.statement,
        formal=row.formal,
        performed=row.performed,
        experienced=row.experienced,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
        status=CoreTaskDraftStatus(row.status),
        adopted_version=row.adopted_version,
        closed_by=row.closed_by,
        closed_at=row.closed_at,
        version=row.version,
        id=row.id,
    )


def _core_task_draft_values(draft: CoreTaskDraft) -> dict[str, Any]:
    """The columns an edit, an adoption or a discard of a draft writes."""
    return {
        "statement": draft.statement,
        "formal": draft.formal,
        "performed": draft.performed,
        "experienced": draft.experienced,
        "status": CoreTaskDraftStatus(draft.status).value,
        "adopted_version": draft.adopted_version,
        "updated_by": draft.updated_by,
        "updated_at": draft.updated_at,
        "closed_by": draft.closed_by,
        "closed_at": draft.closed_at,
    }


def _profession(row: ProfessionRow) -> Profession:
    return Profession(key=row.key, name=row.name, id=row.id)


def _person(row: PersonRow) -> Person:
    return Person(
        name=row.name, email=row.email, profession_id=row.profession_id, active=row.active, id=row.id
    )


def _membership(row: Any) -> Membership:
    return Membership(person_id=row.person_id, unit_id=row.unit_id, role=Role(row.role), id=row.id)


def _rubric(row: RubricVersionRow) -> StoredRubric:
    return StoredRubric(
        ref=RubricRef(row.rubric_id, row.version, row.content_hash),
        source=row.source,
        source_name=row.source_name,
    )


def _option(row: OptionRow) -> Option:
    return Option(
        title=row.title,
        description=row.description,
        is_baseline=row.is_baseline,
        position=row.position,
        proposal_id=row.proposal_id,
        id=row.id,
    )


def _score(row: Any) -> Score:
    """A score from a ``ScoreRow`` or a row of its columns (which is much cheaper to load)."""
    return Score(
        proposal_id=row.proposal_id,
        option_id=row.option_id,
        criterion_key=row.criterion_key,
        facet=row.facet,
        rater_id=row.rater_id,
        round=Round(row.round),
        level=row.level,
        reason=row.reason,
        updated_at=row.updated_at,
        id=row.id,
    )


def _dilemma(row: DilemmaRow) -> Dilemma:
    return Dilemma(
        proposal_id=row.proposal_id,
        text=row.text,
        pole_a=row.pole_a,
        pole_b=row.pole_b,
        created_by=row.created_by,
        created_at=row.created_at,
        option_id=row.option_id,
        criterion_key=row.criterion_key,
        status=DilemmaStatus(row.status),
        note=row.note,
        id=row.id,
    )


def _decision(row: DecisionRow) -> Decision:
    return Decision(
        proposal_id=row.proposal_id,
        chosen_option_id=row.chosen_option_id,
        justification=row.justification,
        med_statement=row.med_statement,
        dissent=row.dissent,
        conditions=row.conditions,
        follow_up_date=row.follow_up_date,
        indicators=row.indicators,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        meeting_date=row.meeting_date,
        agenda_item=row.agenda_item,
        participants=row.participants,
        employee_remarks=row.employee_remarks,
        communication=row.communication,
        implementation_responsible_id=row.implementation_responsible_id,
        follow_up_responsible_id=row.follow_up_responsible_id,
        version=row.version,
    )


def _note(row: DiscussionNoteRow) -> DiscussionNote:
    return DiscussionNote(
        proposal_id=row.proposal_id,
        kind=NoteKind(row.kind),
        text=row.text,
        author_id=row.author_id,
        created_at=row.created_at,
        option_id=row.option_id,
        criterion_key=row.criterion_key,
        id=row.id,
    )


def _draft(row: Any) -> ScoreDraft:
    return ScoreDraft(
        proposal_id=row.proposal_id,
        option_id=row.option_id,
        rater_id=row.rater_id,
        round=Round(row.round),
        criterion_key=row.criterion_key,
        facet=row.facet,
        level=row.level,
        reason=row.reason,
        updated_at=row.updated_at,
        answered=bool(row.answered),
        id=row.id,
    )


def _draft_cell(draft: ScoreDraft) -> dict[str, Any]:
    values = {
        "proposal_id": draft.proposal_id,
        "rater_id": draft.rater_id,
        "round": int(draft.round),
        "option_id": draft.option_id,
        "criterion_key": draft.criterion_key,
        "facet": draft.facet,
    }
    assert tuple(values) == DRAFT_CELL
    return values


def _readiness(row: ReadinessAnswerRow) -> ReadinessAnswer:
    return ReadinessAnswer(
        proposal_id=row.proposal_id,
        criterion_key=row.criterion_key,
        level=row.level,
        note=row.note,
        answered_by=row.answered_by,
        answered_at=row.answered_at,
    )


PLAN_COLUMNS = tuple(name for name in ProposalPlanRow.model_fields if name not in {"proposal_id", "version"})


def _plan(row: ProposalPlanRow) -> ProposalPlan:
    return ProposalPlan(
        proposal_id=row.proposal_id,
        version=row.version,
        **{name: getattr(row, name) for name in PLAN_COLUMNS},
    )


def _evidence(row: CitizenEvidenceRow) -> CitizenEvidence:
    return CitizenEvidence(
        proposal_id=row.proposal_id,
        kind=EvidenceKind(row.kind),
        collected_on=row.collected_on,
        note=row.note,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        id=row.id,
    )


def _med_step(row: MedStepRow) -> MedStep:
    return MedStep(
        proposal_id=row.proposal_id,
        kind=MedStepKind(row.kind),
        held_on=row.held_on,
        agenda_item=row.agenda_item,
        note=row.note,
        employee_remarks=row.employee_remarks,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        committee_id=row.committee_id,
        id=row.id,
    )


def _consultation(row: ConsultationRow) -> Consultation:
    return Consultation(
        proposal_id=row.proposal_id,
        body=row.body,
        sent_on=row.sent_on,
        deadline=row.deadline,
        answered_on=row.answered_on,
        answer=row.answer,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        updated_at=row.updated_at,
        version=row.version,
        id=row.id,
    )


def _indicator(row: Any) -> OutcomeIndicator:
    """An indicator from an ``OutcomeIndicatorRow`` or a row of its columns."""
    return OutcomeIndicator(
        proposal_id=row.proposal_id,
        option_id=row.option_id,
        position=row.position,
        name=row.name,
        source=row.source,
        unit=row.unit,
        baseline_value=float(row.baseline_value),
        baseline_date=row.baseline_date,
        target_value=float(row.target_value),
        target_date=row.target_date,
        higher_is_better=bool(row.higher_is_better),
        created_by=row.created_by,
        created_at=row.created_at,
        id=row.id,
    )


def _indicator_values(indicator: OutcomeIndicator) -> dict[str, Any]:
    """The columns an edit of an indicator writes."""
    return {
        "option_id": indicator.option_id,
        "position": indicator.position,
        "name": indicator.name,
        "source": indicator.source,
        "unit": indicator.unit,
        "baseline_value": indicator.baseline_value,
        "baseline_date": indicator.baseline_date,
        "target_value": indicator.target_value,
        "target_date": indicator.target_date,
        "higher_is_better": indicator.higher_is_better,
    }


def _measurement(row: Any) -> IndicatorMeasurement:
    return IndicatorMeasurement(
        indicator_id=row.indicator_id,
        measured_on=row.measured_on,
        value=float(row.value),
        source=row.source,
        note=row.note,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        id=row.id,
    )


def _conclusion(row: FollowUpConclusionRow) -> FollowUpConclusion:
    return FollowUpConclusion(
        proposal_id=row.proposal_id,
        verdict=Verdict(row.verdict),
        reasons=row.reasons,
        concluded_by=row.concluded_by,
        concluded_at=row.concluded_at,
        successor_proposal_id=row.successor_proposal_id,
    )


def _decision_values(decision: Decision) -> dict[str, Any]:
    values = {
        "chosen_option_id": decision.chosen_option_id,
        "justification": decision.justification,
        "med_statement": decision.med_statement,
        "dissent": decision.dissent,
        "conditions": decision.conditions,
        "follow_up_date": decision.follow_up_date,
        "indicators": decision.indicators,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at,
        "meeting_date": decision.meeting_date,
        "agenda_item": decision.agenda_item,
        "participants": decision.participants,
        "employee_remarks": decision.employee_remarks,
        "communication": decision.communication,
        "implementation_responsible_id": decision.implementation_responsible_id,
        "follow_up_responsible_id": decision.follow_up_responsible_id,
    }
    assert values.keys() == DecisionFields.model_fields.keys()
    return values


def _proposal_values(proposal: Proposal, updated_at: datetime) -> dict[str, Any]:
    """The editable columns of a proposal (``ProposalFields``)."""
    values = {
        "unit_id": proposal.unit_id,
        "title": proposal.title,
        "description": proposal.description,
        "search_text": search_text(proposal.title, proposal.description),
        "change_type": ChangeType(proposal.change_type).value,
        "origin": Origin(proposal.origin).value,
        "management_level": proposal.management_level,
        "med_committee": proposal.med_committee,
        "med_committee_id": proposal.med_committee_id,
        "rubric_id": proposal.rubric.rubric_id,
        "rubric_version": proposal.rubric.version,
        "rubric_hash": proposal.rubric.content_hash,
        "status": Status(proposal.status).value,
        "context": proposal.context,
        "consulted": proposal.consulted,
        "informed": proposal.informed,
        "show_rater_names": proposal.show_rater_names,
        "pseudonym_key": proposal.pseudonym_key,
        "updated_by": proposal.updated_by,
        "updated_at": updated_at,
    }
    assert values.keys() == ProposalFields.model_fields.keys()
    return values


def _in_scope(scope: ProposalScope | None) -> list[ColumnElement[bool]]:
    """The WHERE clause that keeps a list to the proposals a person may see."""
    if scope is None:
        return []
    if not scope:
        return [false()]
    return [
        or_(
            *(
                and_(
                    ProposalRow.unit_id.in_(sorted(units)),
                    ProposalRow.status.in_(sorted(status.value for status in statuses)),
                )
                for units, statuses in scope
            )
        )
    ]


def _summary(row: Any) -> ProposalSummary:
    return ProposalSummary(
        id=row.id,
        title=row.title,
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        status=Status(row.status),
        updated_at=row.updated_at,
        follow_up_date=row.follow_up_date,
    )


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _to_json(value: dict[str, object] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)


def _from_json(text: str | None) -> dict[str, object] | None:
    return None if text is None else json.loads(text)


Removed = TypeVar("Removed")


def _not_found(what: str, object_id: object) -> NotFound:
    return NotFound(N_("{what} {id} does not exist."), what=Message(what), id=object_id)


# The repository ----------------------------------------------------------------------------------


class SqlRepository:
    """:class:`assessment.kernel.repository.Repository` on one SQLAlchemy session (one transaction)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # Helpers ---------------------------------------------------------------------------------

    def _add(self, row: Any) -> Any:
        """Insert ``row``; reading it afterwards gives what the database stored (UTC times, ids)."""
        self._session.add(row)
        self._session.flush()
        self._session.expire(row)
        return row

    def _execute(self, statement: Any) -> Any:
        """Run an INSERT/UPDATE/DELETE written as SQL; forget loaded rows, which may now be stale."""
        result = self._session.exec(statement)
        self._session.expire_all()
        return result

    def _insert(self, table: Any) -> Any:
        dialect = self._session.get_bind().dialect.name
        if dialect == "postgresql":
            return postgresql.insert(table)
        if dialect == "sqlite":
            return sqlite.insert(table)
        raise NotImplementedError(dialect)

    def _person_name(self, person_id: int | None) -> str | Message:
        name = None
        if person_id is not None:
            name = self._session.exec(select(PersonRow.name).where(PersonRow.id == person_id)).first()
        return name[0] if name else Message(N_("someone"))

    # Organisation ------------------------------------------------------------------------------

    def add_unit(self, unit: Unit) -> Unit:
        row = UnitRow(name=unit.name, level=UnitLevel(unit.level).value, parent_id=unit.parent_id)
        return _unit(self._add(row))

    def get_unit(self, unit_id: int) -> Unit | None:
        row = self._session.get(UnitRow, unit_id)
        return _unit(row) if row else None

    def list_units(self) -> list[Unit]:
        # Columns, not ORM objects: every screen lists every unit, and a municipality has hundreds.
        unit = UnitRow.__table__  # type: ignore[attr-defined]
        return [_unit(row) for row in self._session.exec(select(*unit.c).order_by(unit.c.id))]

    def update_unit(self, unit: Unit) -> Unit:
        row = self._session.get(UnitRow, unit.id)
        if row is None:
            raise _not_found(N_("Unit"), unit.id)
        row.name = unit.name
        row.level = UnitLevel(unit.level).value
        row.parent_id = unit.parent_id
        row.closed_at = unit.closed_at
        row.merged_into_id = unit.merged_into_id
        self._session.flush()
        self._session.expire(row)
        return _unit(row)

    # MED committees ----------------------------------------------------------------------------

    def add_committee(self, committee: MedCommittee) -> MedCommittee:
        row = MedCommitteeRow(
            name=committee.name,
            kind=CommitteeKind(committee.kind).value,
            unit_id=committee.unit_id,
            closed_at=committee.closed_at,
            merged_into_id=committee.merged_into_id,
        )
        return _committee(self._add(row))

    def get_committee(self, committee_id: int) -> MedCommittee | None:
        row = self._session.get(MedCommitteeRow, committee_id)
        return _committee(row) if row else None

    def list_committees(self) -> list[MedCommittee]:
        rows = self._session.exec(select(MedCommitteeRow).order_by(MedCommitteeRow.id)).scalars()
        return [_committee(row) for row in rows]

    def update_committee(self, committee: MedCommittee) -> MedCommittee:
        row = self._session.get(MedCommitteeRow, committee.id)
        if row is None:
            raise _not_found(N_("MED committee"), committee.id)
        row.name = committee.name
        row.kind = CommitteeKind(committee.kind).value
        row.unit_id = committee.unit_id
        row.closed_at = committee.closed_at
        row.merged_into_id = committee.merged_into_id
        self._session.flush()
        self._session.expire(row)
        return _committee(row)

    def add_committee_member(self, member: MedCommitteeMember) -> MedCommitteeMember:
        row = MedCommitteeMemberRow(
            committee_id=member.committee_id,
            person_id=member.person_id,
            side=CommitteeSide(member.side).value,
            role=CommitteeRole(member.role).value,
            added_at=member.added_at,
            removed_at=member.removed_at,
        )
        return _committee_member(self._add(row))

    def update_committee_member(self, member: MedCommitteeMember) -> MedCommitteeMember:
        row = self._session.get(MedCommitteeMemberRow, member.id)
        if row is None:
            raise _not_found(N_("MED committee"), member.committee_id)
        row.removed_at = member.removed_at
        self._session.flush()
        self._session.expire(row)
        return _committee_member(row)

    def committee_members(self, committee_id: int | None = None) -> list[MedCommitteeMember]:
        query = select(MedCommitteeMemberRow).order_by(MedCommitteeMemberRow.id)
        if committee_id is not None:
            query = query.where(MedCommitteeMemberRow.committee_id == committee_id)
        return [_committee_member(row) for row in self._session.exec(query).scalars()]

    def committee_seats_of(self, person_id: int) -> list[MedCommitteeMember]:
        rows = self._session.exec(
            select(MedCommitteeMemberRow)
            .where(MedCommitteeMemberRow.person_id == person_id)
            .order_by(MedCommitteeMemberRow.id)
        ).scalars()
        return [_committee_member(row) for row in rows]

    def add_core_task(self, core_task: CoreTask) -> CoreTask:
        taken = self._session.exec(
            select(CoreTaskRow.id).where(
                CoreTaskRow.unit_id == core_task.unit_id, CoreTaskRow.version == core_task.version
            )
        ).first()
        if taken:
            raise StaleEdit(
                N_(
                    "Someone else saved version {version} of this core task first. "
                    "Reload it to see their text, then make your edit again."
                ),
                version=core_task.version,
            )
        row = CoreTaskRow(
            unit_id=core_task.unit_id,
            version=core_task.version,
            statement=core_task.statement,
            formal=core_task.formal,
            performed=core_task.performed,
            experienced=core_task.experienced,
            author_id=core_task.author_id,
            valid_from=core_task.valid_from,
        )
        return _core_task(self._add(row))

    def core_task_history(self, unit_id: int) -> list[CoreTask]:
        rows = self._session.exec(
            select(CoreTaskRow).where(CoreTaskRow.unit_id == unit_id).order_by(CoreTaskRow.version.desc())
        ).scalars()
        return [_core_task(row) for row in rows]

    def add_core_task_draft(self, draft: CoreTaskDraft) -> CoreTaskDraft:
        row = CoreTaskDraftRow(
            unit_id=draft.unit_id,
            proposal_id=draft.proposal_id,
            based_on_version=draft.based_on_version,
            created_by=draft.created_by,
            created_at=draft.created_at,
            version=1,
            **_core_task_draft_values(draft),
        )
        return _core_task_draft(self._add(row))

    def get_core_task_draft(self, draft_id: int) -> CoreTaskDraft | None:
        row = self._session.get(CoreTaskDraftRow, draft_id)
        return _core_task_draft(row) if row else None

    def update_core_task_draft(self, draft: CoreTaskDraft, expected_version: int) -> CoreTaskDraft:
        table = core_task_draft_table
        statement = (
            update(table)
            .where(table.c.id == draft.id, table.c.version == expected_version)
            .values(**_core_task_draft_values(draft), version=table.c.version + 1)
            .returning(table.c.id)
        )
        if self._execute(statement).first() is None:
            current = self.get_core_task_draft(draft.id or 0)
            if current is None:
                raise _not_found(N_("Draft of the core task"), draft.id)
            raise StaleEdit(
                STALE_CORE_TASK_DRAFT, name=self._person_name(current.updated_by), time=current.updated_at
            )
        stored = self.get_core_task_draft(draft.id or 0)
        assert stored is not None
        return stored

    def open_core_task_drafts(self, unit_id: int) -> list[CoreTaskDraft]:
        rows = self._session.exec(
            select(CoreTaskDraftRow)
            .where(
                CoreTaskDraftRow.unit_id == unit_id,
                CoreTaskDraftRow.status == CoreTaskDraftStatus.OPEN.value,
            )
            .order_by(CoreTaskDraftRow.id)
        ).scalars()
        return [_core_task_draft(row) for row in rows]

    def core_task_drafts_of(self, proposal_id: int) -> list[CoreTaskDraft]:
        rows = self._session.exec(
            select(CoreTaskDraftRow)
            .where(CoreTaskDraftRow.proposal_id == proposal_id)
            .order_by(CoreTaskDraftRow.id.desc())
        ).scalars()
        return [_core_task_draft(row) for row in rows]

    def add_profession(self, profession: Profession) -> Profession:
        if self._session.exec(select(ProfessionRow.id).where(ProfessionRow.key == profession.key)).first():
            raise InvalidInput(N_("A profession with the key “{key}” already exists."), key=profession.key)
        return _profession(self._add(ProfessionRow(key=profession.key, name=profession.name)))

    def list_professions(self) -> list[Profession]:
        rows = self._session.exec(select(ProfessionRow).order_by(ProfessionRow.id)).scalars()
        return [_profession(row) for row in rows]

    def add_person(self, person: Person) -> Person:
        email = person.email.strip().lower()
        if self._session.exec(select(PersonRow.id).where(PersonRow.email == email)).first():
            raise InvalidInput(N_("A person with the e-mail address {email} already exists."), email=email)
        row = PersonRow(
            name=person.name, email=email, profession_id=person.profession_id, active=person.active
        )
        return _person(self._add(row))

    def get_person(self, person_id: int) -> Person | None:
        row = self._session.get(PersonRow, person_id)
        return _person(row) if row else None

    def find_person_by_email(self, email: str) -> Person | None:
        row = self._session.exec(
            select(PersonRow).where(PersonRow.email == email.strip().lower())
        ).scalar_one_or_none()
        return _person(row) if row else None

    def list_people(self) -> list[Person]:
        # Columns, not ORM objects: every screen lists everyone (the sidebar), thousands of people in
        # a large municipality, and building an ORM object per row cost ten times the query.
        rows = self._session.exec(
            select(
                PersonRow.name, PersonRow.email, PersonRow.profession_id, PersonRow.active, PersonRow.id
            ).order_by(PersonRow.id)
        )
        return [
            Person(name=name, email=email, profession_id=profession, active=bool(active), id=id_)
            for name, email, profession, active, id_ in rows
        ]

    def update_person(self, person: Person) -> Person:
        row = self._session.get(PersonRow, person.id) if person.id is not None else None
        if row is None:
            raise _not_found(N_("Person"), person.id)
        email = person.email.strip().lower()
        taken = self._session.exec(
            select(PersonRow.id).where(PersonRow.email == email, PersonRow.id != person.id)
        ).first()
        if taken:
            raise InvalidInput(N_("A person with the e-mail address {email} already exists."), email=email)
        row.name = person.name
        row.email = email
        row.profession_id = person.profession_id
        row.active = person.active
        self._session.flush()
        return _person(row)

    def add_membership(self, membership: Membership) -> Membership:
        role = Role(membership.role).value
        taken = self._session.exec(
            select(MembershipRow.id).where(
                MembershipRow.person_id == membership.person_id,
                MembershipRow.unit_id == membership.unit_id,
                MembershipRow.role == role,
            )
        ).first()
        if taken:
            raise InvalidInput(N_("The person already has this role in this unit."))
        row = MembershipRow(person_id=membership.person_id, unit_id=membership.unit_id, role=role)
        return _membership(self._add(row))

    def remove_membership(self, membership_id: int) -> None:
        self._session.exec(delete(MembershipRow).where(MembershipRow.id == membership_id))

    def memberships_of(self, person_id: int) -> list[Membership]:
        membership = MembershipRow.__table__  # type: ignore[attr-defined]
        rows = self._session.exec(
            select(*membership.c).where(membership.c.person_id == person_id).order_by(membership.c.id)
        )
        return [_membership(row) for row in rows]

    def all_memberships(self) -> list[Membership]:
        membership = MembershipRow.__table__  # type: ignore[attr-defined]
        rows = self._session.exec(select(*membership.c).order_by(membership.c.id))
        return [_membership(row) for row in rows]

    # Rubrics -----------------------------------------------------------------------------------

    def add_rubric(self, rubric: StoredRubric) -> None:
        ref = rubric.ref
        existing = self.get_rubric(ref.rubric_id, ref.version)
        if existing is not None:
            if existing.ref.content_hash == ref.content_hash:
                return  # the same file again: nothing to do
            raise InvalidInput(
                N_(
                    "Rubric {id} version {version} already exists with other content. "
                    "Give the changed rubric a new version number."
                ),
                id=ref.rubric_id,
                version=ref.version,
            )
        self._add(
            RubricVersionRow(
                rubric_id=ref.rubric_id,
                version=ref.version,
                content_hash=ref.content_hash,
                source=rubric.source,
                source_name=rubric.source_name,
            )
        )

    def get_rubric(self, rubric_id: str, version: str) -> StoredRubric | None:
        row = self._session.exec(
            select(RubricVersionRow).where(
                RubricVersionRow.rubric_id == rubric_id, RubricVersionRow.version == version
            )
        ).scalar_one_or_none()
        return _rubric(row) if row else None

    def list_rubrics(self) -> list[StoredRubric]:
        rows = self._session.exec(
            select(RubricVersionRow).order_by(RubricVersionRow.rubric_id, RubricVersionRow.id)
        ).scalars()
        return [_rubric(row) for row in rows]

    # Proposals ---------------------------------------------------------------------------------

    def add_proposal(self, proposal: Proposal) -> Proposal:
        values = _proposal_values(proposal, proposal.updated_at or proposal.created_at)
        row = self._add(
            ProposalRow(
                **values,
                created_by=proposal.created_by,
                created_at=proposal.created_at,
                version=1,
                predecessor_id=proposal.predecessor_id,
            )
        )
        for option in proposal.options:
            self._session.add(self._new_option(row.id, option))
        for member in proposal.panel:
            self._session.add(
                PanelMemberRow(
                    proposal_id=row.id, person_id=member.person_id, profession_id=member.profession_id
                )
            )
        for profession_id in dict.fromkeys(proposal.affected_profession_ids):
            self._session.add(ProposalProfessionRow(proposal_id=row.id, profession_id=profession_id))
        self._session.flush()
        self._session.expire_all()
        return self._load_proposal(row.id)

    def get_proposal(self, proposal_id: int) -> Proposal | None:
        row = self._session.exec(
            select(ProposalRow).where(ProposalRow.id == proposal_id)
        ).scalar_one_or_none()
        return self._proposal(row) if row else None

    def _load_proposal(self, proposal_id: int) -> Proposal:
        found = self.get_proposal(proposal_id)
        if found is None:
            raise _not_found(N_("Proposal"), proposal_id)
        return found

    def _proposal(self, row: ProposalRow) -> Proposal:
        options = self._session.exec(
            select(OptionRow)
            .where(OptionRow.proposal_id == row.id)
            .order_by(OptionRow.position, OptionRow.id)
        ).scalars()
        panel = self._session.exec(
            select(PanelMemberRow)
            .where(PanelMemberRow.proposal_id == row.id)
            .order_by(PanelMemberRow.person_id)
        ).scalars()
        affected = self._session.exec(
            select(ProposalProfessionRow.profession_id)
            .where(ProposalProfessionRow.proposal_id == row.id)
            .order_by(ProposalProfessionRow.profession_id)
        ).scalars()
        return Proposal(
            unit_id=row.unit_id,
            title=row.title,
            description=row.description,
            change_type=ChangeType(row.change_type),
            origin=Origin(row.origin),
            management_level=row.management_level,
            med_committee=row.med_committee,
            med_committee_id=row.med_committee_id,
            rubric=RubricRef(row.rubric_id, row.rubric_version, row.rubric_hash),
            created_by=row.created_by,
            created_at=row.created_at,
            status=Status(row.status),
            context=row.context,
            consulted=row.consulted,
            informed=row.informed,
            show_rater_names=row.show_rater_names,
            pseudonym_key=row.pseudonym_key,
            affected_profession_ids=list(affected),
            options=[_option(option) for option in options],
            panel=[
                PanelMember(person_id=m.person_id, profession_id=m.profession_id, proposal_id=m.proposal_id)
                for m in panel
            ],
            updated_by=row.updated_by,
            updated_at=row.updated_at,
            version=row.version,
            id=row.id,
            predecessor_id=row.predecessor_id,
        )

    @staticmethod
    def _new_option(proposal_id: int, option: Option) -> OptionRow:
        return OptionRow(
            proposal_id=proposal_id,
            position=option.position,
            title=option.title,
            description=option.description,
            is_baseline=option.is_baseline,
        )

    def update_proposal(self, proposal: Proposal, expected_version: int) -> Proposal:
        if proposal.id is None:
            raise ValueError("update_proposal needs a stored proposal (id is None)")
        values = _proposal_values(proposal, proposal.updated_at or utc_now())
        result = self._execute(
            update(proposal_table)
            .where(proposal_table.c.id == proposal.id, proposal_table.c.version == expected_version)
            .values(**values, version=proposal_table.c.version + 1)
        )
        if result.rowcount != 1:
            self._refuse_stale_proposal(proposal.id)
        self._write_options(proposal.id, proposal.options)
        self._write_panel(proposal.id, proposal.panel)
        self._write_affected_professions(proposal.id, proposal.affected_profession_ids)
        self._session.flush()
        self._session.expire_all()
        return self._load_proposal(proposal.id)

    def _refuse_stale_proposal(self, proposal_id: int) -> None:
        current = self._session.exec(
            select(ProposalRow.updated_by, ProposalRow.updated_at).where(ProposalRow.id == proposal_id)
        ).first()
        if current is None:
            raise _not_found(N_("Proposal"), proposal_id)
        raise StaleEdit(STALE_PROPOSAL, name=self._person_name(current.updated_by), time=current.updated_at)

    def _write_options(self, proposal_id: int, options: list[Option]) -> None:
        """Update options by id, insert new ones, delete dropped ones that have no scores."""
        stored = {
            row.id: row
            for row in self._session.exec(
                select(OptionRow).where(OptionRow.proposal_id == proposal_id)
            ).scalars()
        }
        kept = {option.id for option in options if option.id is not None}
        if kept - stored.keys():
            raise InvalidInput(N_("An option does not belong to this proposal."))
        dropped = stored.keys() - kept
        if dropped:
            scored = self._session.exec(
                select(ScoreRow.option_id)
                .where(ScoreRow.proposal_id == proposal_id, ScoreRow.option_id.in_(dropped))
                .limit(1)
            ).first()
            if scored:
                raise WrongState(
                    N_("The option “{title}” has been scored and cannot be removed."),
                    title=stored[scored[0]].title,
                )
            for option_id in dropped:
                self._session.delete(stored[option_id])
        for option in options:
            if option.id is None:
                self._session.add(self._new_option(proposal_id, option))
            else:
                row = stored[option.id]
                row.position = option.position
                row.title = option.title
                row.description = option.description
                row.is_baseline = option.is_baseline

    def _write_panel(self, proposal_id: int, panel: list[PanelMember]) -> None:
        stored = {
            row.person_id: row
            for row in self._session.exec(
                select(PanelMemberRow).where(PanelMemberRow.proposal_id == proposal_id)
            ).scalars()
        }
        wanted = {member.person_id: member for member in panel}
        for person_id in stored.keys() - wanted.keys():
            self._session.delete(stored[person_id])
        for person_id, member in wanted.items():
            if person_id in stored:
                stored[person_id].profession_id = member.profession_id
            else:
                self._session.add(
                    PanelMemberRow(
                        proposal_id=proposal_id, person_id=person_id, profession_id=member.profession_id
                    )
                )

    def _write_affected_professions(self, proposal_id: int, profession_ids: list[int]) -> None:
        stored = {
            row.profession_id: row
            for row in self._session.exec(
                select(ProposalProfessionRow).where(ProposalProfessionRow.proposal_id == proposal_id)
            ).scalars()
        }
        wanted = set(profession_ids)
        for profession_id in stored.keys() - wanted:
            self._session.delete(stored[profession_id])
        for profession_id in wanted - stored.keys():
            self._session.add(ProposalProfessionRow(proposal_id=proposal_id, profession_id=profession_id))

    def _summaries(self) -> Select[Any]:
        return (
            select(
                ProposalRow.id,
                ProposalRow.title,
                ProposalRow.unit_id,
                UnitRow.name.label("unit_name"),
                ProposalRow.status,
                ProposalRow.updated_at,
                DecisionRow.follow_up_date,
            )
            .join(UnitRow, UnitRow.id == ProposalRow.unit_id)
            .outerjoin(DecisionRow, DecisionRow.proposal_id == ProposalRow.id)
        )

    def find_proposals(self, query: ProposalFilter) -> tuple[list[ProposalSummary], int]:
        criteria = []
        text = query.text.strip()
        if text:
            criteria.append(ProposalRow.search_text.contains(text.casefold(), autoescape=True))
        if query.statuses:
            criteria.append(ProposalRow.status.in_([Status(status).value for status in query.statuses]))
        if query.unit_ids:
            criteria.append(ProposalRow.unit_id.in_(query.unit_ids))
        criteria += _in_scope(query.scope)
        total = self._session.exec(select(func.count()).select_from(ProposalRow).where(*criteria)).one()[0]
        rows = self._session.exec(
            self._summaries()
            .where(*criteria)
            .order_by(ProposalRow.updated_at.desc(), ProposalRow.id.desc())
            .offset(max(query.offset, 0))
            .limit(max(query.limit, 0))
        )
        return [_summary(row) for row in rows], int(total)

    def proposals_on_panel(
        self,
        person_id: int,
        statuses: Sequence[Status],
        *,
        scope: ProposalScope | None,
        limit: int | None = None,
    ) -> list[ProposalSummary]:
        on_panel = (
            select(PanelMemberRow.person_id)
            .where(PanelMemberRow.proposal_id == ProposalRow.id, PanelMemberRow.person_id == person_id)
            .exists()
        )
        in_given_order = case(
            {status.value: position for position, status in enumerate(statuses)}, value=ProposalRow.status
        )
        found = (
            self._summaries()
            .where(ProposalRow.status.in_([status.value for status in statuses]), on_panel, *_in_scope(scope))
            .order_by(in_given_order, ProposalRow.updated_at.desc(), ProposalRow.id.desc())
        )
        if limit is not None:
            found = found.limit(max(limit, 0))
        return [_summary(row) for row in self._session.exec(found)]

    def follow_ups_due(
        self, on_or_before: date, *, scope: ProposalScope | None, limit: int | None = None
    ) -> list[ProposalSummary]:
        found = (
            self._summaries()
            .where(*self._due(on_or_before, scope))
            .order_by(DecisionRow.follow_up_date, ProposalRow.id)
        )
        if limit is not None:
            found = found.limit(max(limit, 0))
        return [_summary(row) for row in self._session.exec(found)]

    def count_follow_ups_due(self, on_or_before: date, *, scope: ProposalScope | None) -> int:
        counted = (
            select(func.count())
            .select_from(ProposalRow)
            .join(DecisionRow, DecisionRow.proposal_id == ProposalRow.id)
            .where(*self._due(on_or_before, scope))
        )
        return int(self._session.exec(counted).one()[0])

    @staticmethod
    def _due(on_or_before: date, scope: ProposalScope | None) -> list[ColumnElement[bool]]:
        return [
            ProposalRow.status.in_(FOLLOWED_UP),
            DecisionRow.follow_up_date <= on_or_before,
            *_in_scope(scope),
        ]

    # Scores ------------------------------------------------------------------------------------

    def save_score(self, score: Score) -> tuple[Score, Score | None]:
        values = {
            "proposal_id": score.proposal_id,
            "rater_id": score.rater_id,
            "option_id": score.option_id,
            "criterion_key": score.criterion_key,
            "facet": score.facet,
            "round": int(score.round),
        }
        # Read the row being replaced inside this transaction (locked on PostgreSQL).
        previous = self._session.exec(
            select(ScoreRow)
            .where(*(getattr(ScoreRow, column) == value for column, value in values.items()))
            .with_for_update()
        ).scalar_one_or_none()
        replaced = _score(previous) if previous else None
        changes = {"level": score.level, "reason": score.reason, "updated_at": score.updated_at}
        insert = self._insert(score_table).values(**values, **changes)
        upsert = insert.on_conflict_do_update(
            index_elements=list(SCORE_CELL), set_={column: insert.excluded[column] for column in changes}
        ).returning(score_table.c.id)
        score_id = self._execute(upsert).scalar_one()
        return replace(score, id=score_id), replaced

    def scores_of(self, proposal_id: int, rater_id: int, round: Round) -> list[Score]:
        # Columns, not ORM objects: a proposal has up to a few thousand scores, and building an
        # ORM object per row took several times as long as the query itself.
        s = score_table.c
        rows = self._session.exec(
            select(*score_table.c)
            .where(s.proposal_id == proposal_id, s.rater_id == rater_id, s.round == int(round))
            .order_by(s.option_id, s.criterion_key, s.facet)
        )
        return [_score(row) for row in rows]

    def all_scores(self, proposal_id: int) -> list[Score]:
        s = score_table.c
        rows = self._session.exec(
            select(*score_table.c)
            .where(s.proposal_id == proposal_id)
            .order_by(s.round, s.option_id, s.criterion_key, s.facet, s.rater_id)
        )
        return [_score(row) for row in rows]

    def tallies(self, proposal_id: int, round: Round) -> dict[CellKey, Tally]:
        return _tallies(self._session.exec(tally_statement(proposal_id, round)))

    def profession_tallies(self, proposal_id: int, round: Round) -> dict[ProfessionCellKey, Tally]:
        return _tallies(self._session.exec(profession_tally_statement(proposal_id, round)))

    def panel_profession_sizes(self, proposal_id: int) -> dict[str, int]:
        rows = self._session.exec(
            select(ProfessionRow.key, func.count())
            .select_from(PanelMemberRow)
            .join(ProfessionRow, ProfessionRow.id == PanelMemberRow.profession_id)
            .where(PanelMemberRow.proposal_id == proposal_id)
            .group_by(ProfessionRow.key)
        )
        return {key: int(number) for key, number in rows}

    # A rater's private drafts ------------------------------------------------------------------

    def save_draft(self, draft: ScoreDraft) -> ScoreDraft:
        changes = {
            "level": draft.level,
            "answered": draft.answered,
            "reason": draft.reason,
            "updated_at": draft.updated_at,
        }
        insert = self._insert(draft_table).values(**_draft_cell(draft), **changes)
        upsert = insert.on_conflict_do_update(
            index_elements=list(DRAFT_CELL), set_={column: insert.excluded[column] for column in changes}
        ).returning(draft_table.c.id)
        return replace(draft, id=self._execute(upsert).scalar_one())

    def delete_draft(self, draft: ScoreDraft) -> None:
        cell = _draft_cell(draft)
        self._execute(
            delete(draft_table).where(*(draft_table.c[name] == value for name, value in cell.items()))
        )

    def _drafts_where(self, proposal_id: int, rater_id: int, round: Round | None) -> list[Any]:
        d = draft_table.c
        where = [d.proposal_id == proposal_id, d.rater_id == rater_id]
        return where if round is None else [*where, d.round == int(round)]

    def drafts_of(self, proposal_id: int, rater_id: int, round: Round | None = None) -> list[ScoreDraft]:
        d = draft_table.c
        rows = self._session.exec(
            select(*draft_table.c)
            .where(*self._drafts_where(proposal_id, rater_id, round))
            .order_by(d.round, d.option_id, d.criterion_key, d.facet)
        )
        return [_draft(row) for row in rows]

    def delete_drafts(self, proposal_id: int, rater_id: int, round: Round | None = None) -> int:
        gone = self._execute(
            delete(draft_table)
            .where(*self._drafts_where(proposal_id, rater_id, round))
            .returning(draft_table.c.id)
        )
        return len(gone.all())

    # Readiness and citizen evidence ------------------------------------------------------------

    def readiness_of(self, proposal_id: int) -> list[ReadinessAnswer]:
        rows = self._session.exec(
            select(ReadinessAnswerRow)
            .where(ReadinessAnswerRow.proposal_id == proposal_id)
            .order_by(ReadinessAnswerRow.criterion_key)
        ).scalars()
        return [_readiness(row) for row in rows]

    def _readiness_row(self, proposal_id: int, criterion_key: str) -> ReadinessAnswerRow | None:
        return self._session.exec(
            select(ReadinessAnswerRow)
            .where(
                ReadinessAnswerRow.proposal_id == proposal_id,
                ReadinessAnswerRow.criterion_key == criterion_key,
            )
            .with_for_update()
        ).scalar_one_or_none()

    def save_readiness(self, answer: ReadinessAnswer) -> ReadinessAnswer | None:
        row = self._readiness_row(answer.proposal_id, answer.criterion_key)
        previous = _readiness(row) if row else None
        if row is None:
            row = ReadinessAnswerRow(proposal_id=answer.proposal_id, criterion_key=answer.criterion_key)
            self._session.add(row)
        row.level = answer.level
        row.note = answer.note
        row.answered_by = answer.answered_by
        row.answered_at = answer.answered_at
        self._session.flush()
        return previous

    def remove_readiness(self, proposal_id: int, criterion_key: str) -> ReadinessAnswer | None:
        row = self._readiness_row(proposal_id, criterion_key)
        if row is None:
            return None
        removed = _readiness(row)
        self._session.delete(row)
        self._session.flush()
        return removed

    def plan_of(self, proposal_id: int) -> ProposalPlan | None:
        row = self._session.get(ProposalPlanRow, proposal_id)
        return None if row is None else _plan(row)

    def save_plan(self, plan: ProposalPlan, expected_version: int) -> ProposalPlan:
        values = {name: getattr(plan, name) for name in PLAN_COLUMNS}
        table = ProposalPlanRow.__table__  # type: ignore[attr-defined]
        if expected_version == 0:
            statement = (
                self._insert(table)
                .values(proposal_id=plan.proposal_id, version=1, **values)
                .on_conflict_do_nothing(index_elements=["proposal_id"])
                .returning(table.c.version)
            )
        else:
            statement = (
                update(table)
                .where(table.c.proposal_id == plan.proposal_id, table.c.version == expected_version)
                .values(**values, version=table.c.version + 1)
                .returning(table.c.version)
            )
        if self._execute(statement).first() is None:
            current = self.plan_of(plan.proposal_id)
            assert current is not None  # the insert only finds a row when one is there
            raise StaleEdit(STALE_PLAN, name=self._person_name(current.updated_by), time=current.updated_at)
        self._session.expire_all()
        stored = self.plan_of(plan.proposal_id)
        assert stored is not None
        return stored

    def plans_by(self, person_id: int) -> list[ProposalPlan]:
        rows = self._session.exec(
            select(ProposalPlanRow)
            .where(ProposalPlanRow.updated_by == person_id)
            .order_by(ProposalPlanRow.proposal_id)
        ).scalars()
        return [_plan(row) for row in rows]

    def evidence_of(self, proposal_id: int) -> list[CitizenEvidence]:
        rows = self._session.exec(
            select(CitizenEvidenceRow)
            .where(CitizenEvidenceRow.proposal_id == proposal_id)
            .order_by(CitizenEvidenceRow.id)
        ).scalars()
        return [_evidence(row) for row in rows]

    def add_evidence(self, evidence: CitizenEvidence) -> CitizenEvidence:
        row = CitizenEvidenceRow(
            proposal_id=evidence.proposal_id,
            kind=EvidenceKind(evidence.kind).value,
            collected_on=evidence.collected_on,
            note=evidence.note,
            recorded_by=evidence.recorded_by,
            recorded_at=evidence.recorded_at,
        )
        return _evidence(self._add(row))

    def _remove_of_proposal(
        self, table: Any, proposal_id: int, row_id: int, read: Callable[[Any], Removed]
    ) -> Removed | None:
        """Delete one row of the proposal's; what it held (None when it is not the proposal's)."""
        row = self._session.get(table, row_id)
        if row is None or row.proposal_id != proposal_id:
            return None
        removed = read(row)
        self._session.delete(row)
        self._session.flush()
        return removed

    def remove_evidence(self, proposal_id: int, evidence_id: int) -> CitizenEvidence | None:
        return self._remove_of_proposal(CitizenEvidenceRow, proposal_id, evidence_id, _evidence)

    # The MED process and consultations -----------------------------------------------------------

    def med_steps_of(self, proposal_id: int) -> list[MedStep]:
        rows = self._session.exec(
            select(MedStepRow)
            .where(MedStepRow.proposal_id == proposal_id)
            .order_by(MedStepRow.held_on, MedStepRow.id)
        ).scalars()
        return [_med_step(row) for row in rows]

    def add_med_step(self, step: MedStep) -> MedStep:
        row = MedStepRow(
            proposal_id=step.proposal_id,
            committee_id=step.committee_id,
            kind=MedStepKind(step.kind).value,
            held_on=step.held_on,
            agenda_item=step.agenda_item,
            note=step.note,
            employee_remarks=step.employee_remarks,
            recorded_by=step.recorded_by,
            recorded_at=step.recorded_at,
        )
        return _med_step(self._add(row))

    def remove_med_step(self, proposal_id: int, step_id: int) -> MedStep | None:
        return self._remove_of_proposal(MedStepRow, proposal_id, step_id, _med_step)

    def consultations_of(self, proposal_id: int) -> list[Consultation]:
        rows = self._session.exec(
            select(ConsultationRow)
            .where(ConsultationRow.proposal_id == proposal_id)
            .order_by(ConsultationRow.id)
        ).scalars()
        return [_consultation(row) for row in rows]

    def get_consultation(self, consultation_id: int) -> Consultation | None:
        row = self._session.get(ConsultationRow, consultation_id)
        return _consultation(row) if row else None

    def add_consultation(self, consultation: Consultation) -> Consultation:
        row = ConsultationRow(
            proposal_id=consultation.proposal_id,
            body=consultation.body,
            sent_on=consultation.sent_on,
            deadline=consultation.deadline,
            answered_on=consultation.answered_on,
            answer=consultation.answer,
            recorded_by=consultation.recorded_by,
            recorded_at=consultation.recorded_at,
            updated_at=consultation.updated_at,
            version=1,
        )
        return _consultation(self._add(row))

    def update_consultation(self, consultation: Consultation, expected_version: int) -> Consultation:
        table = consultation_table
        statement = (
            update(table)
            .where(table.c.id == consultation.id, table.c.version == expected_version)
            .values(
                body=consultation.body,
                sent_on=consultation.sent_on,
                deadline=consultation.deadline,
                answered_on=consultation.answered_on,
                answer=consultation.answer,
                updated_at=consultation.updated_at,
                version=table.c.version + 1,
            )
            .returning(table.c.id)
        )
        if self._execute(statement).first() is None:
            current = self.get_consultation(consultation.id or 0)
            if current is None:
                raise _not_found(N_("Consultation"), consultation.id)
            raise StaleEdit(STALE_CONSULTATION, time=current.updated_at)
        stored = self.get_consultation(consultation.id or 0)
        assert stored is not None
        return stored

    def remove_consultation(self, proposal_id: int, consultation_id: int) -> Consultation | None:
        return self._remove_of_proposal(ConsultationRow, proposal_id, consultation_id, _consultation)

    # Dialogue and decision ---------------------------------------------------------------------

    def add_dilemma(self, dilemma: Dilemma) -> Dilemma:
        row = DilemmaRow(
            proposal_id=dilemma.proposal_id,
            text=dilemma.text,
            pole_a=dilemma.pole_a,
            pole_b=dilemma.pole_b,
            option_id=dilemma.option_id,
            criterion_key=dilemma.criterion_key,
            status=DilemmaStatus(dilemma.status).value,
            note=dilemma.note,
            created_by=dilemma.created_by,
            created_at=dilemma.created_at,
        )
        return _dilemma(self._add(row))

    def update_dilemma(self, dilemma: Dilemma) -> Dilemma:
        row = self._session.get(DilemmaRow, dilemma.id) if dilemma.id is not None else None
        if row is None or row.proposal_id != dilemma.proposal_id:
            raise _not_found(N_("Dilemma"), dilemma.id)
        row.text = dilemma.text
        row.pole_a = dilemma.pole_a
        row.pole_b = dilemma.pole_b
        row.option_id = dilemma.option_id
        row.criterion_key = dilemma.criterion_key
        row.status = DilemmaStatus(dilemma.status).value
        row.note = dilemma.note
        self._session.flush()
        return _dilemma(row)

    def dilemmas_of(self, proposal_id: int) -> list[Dilemma]:
        rows = self._session.exec(
            select(DilemmaRow).where(DilemmaRow.proposal_id == proposal_id).order_by(DilemmaRow.id)
        ).scalars()
        return [_dilemma(row) for row in rows]

    def get_decision(self, proposal_id: int) -> Decision | None:
        row = self._session.exec(
            select(DecisionRow).where(DecisionRow.proposal_id == proposal_id)
        ).scalar_one_or_none()
        return _decision(row) if row else None

    def save_decision(self, decision: Decision, expected_version: int | None) -> Decision:
        values = _decision_values(decision)
        if expected_version is None:
            statement = (
                self._insert(decision_table)
                .values(proposal_id=decision.proposal_id, version=1, **values)
                .on_conflict_do_nothing(index_elements=["proposal_id"])
                .returning(decision_table.c.version)
            )
        else:
            statement = (
                update(decision_table)
                .where(
                    decision_table.c.proposal_id == decision.proposal_id,
                    decision_table.c.version == expected_version,
                )
                .values(**values, version=decision_table.c.version + 1)
                .returning(decision_table.c.version)
            )
        # RETURNING, not rowcount: drivers need not report a row count for INSERT.
        if self._execute(statement).first() is None:
            current = self.get_decision(decision.proposal_id)
            if current is None:
                raise _not_found(N_("Decision"), decision.proposal_id)
            raise StaleEdit(
                STALE_DECISION, name=self._person_name(current.decided_by), time=current.decided_at
            )
        stored = self.get_decision(decision.proposal_id)
        assert stored is not None
        return stored

    def add_note(self, note: DiscussionNote) -> DiscussionNote:
        row = DiscussionNoteRow(
            proposal_id=note.proposal_id,
            kind=NoteKind(note.kind).value,
            option_id=note.option_id,
            criterion_key=note.criterion_key,
            text=note.text,
            author_id=note.author_id,
            created_at=note.created_at,
        )
        return _note(self._add(row))

    def notes_of(self, proposal_id: int) -> list[DiscussionNote]:
        rows = self._session.exec(
            select(DiscussionNoteRow)
            .where(DiscussionNoteRow.proposal_id == proposal_id)
            .order_by(DiscussionNoteRow.id)
        ).scalars()
        return [_note(row) for row in rows]

    # Outcomes ----------------------------------------------------------------------------------

    def indicators_of(self, proposal_id: int) -> list[OutcomeIndicator]:
        rows = self._session.exec(
            select(OutcomeIndicatorRow)
            .where(OutcomeIndicatorRow.proposal_id == proposal_id)
            .order_by(OutcomeIndicatorRow.position, OutcomeIndicatorRow.id)
        ).scalars()
        return [_indicator(row) for row in rows]

    def get_indicator(self, indicator_id: int) -> OutcomeIndicator | None:
        row = self._session.get(OutcomeIndicatorRow, indicator_id)
        return _indicator(row) if row else None

    def add_indicator(self, indicator: OutcomeIndicator) -> OutcomeIndicator:
        row = OutcomeIndicatorRow(
            proposal_id=indicator.proposal_id,
            created_by=indicator.created_by,
            created_at=indicator.created_at,
            **_indicator_values(indicator),
        )
        return _indicator(self._add(row))

    def update_indicator(self, indicator: OutcomeIndicator) -> OutcomeIndicator:
        row = self._session.get(OutcomeIndicatorRow, indicator.id) if indicator.id is not None else None
        if row is None or row.proposal_id != indicator.proposal_id:
            raise _not_found(N_("Indicator"), indicator.id)
        for name, value in _indicator_values(indicator).items():
            setattr(row, name, value)
        self._session.flush()
        self._session.expire(row)
        return _indicator(row)

    def remove_indicator(self, indicator_id: int) -> None:
        self._execute(delete(indicator_table).where(indicator_table.c.id == indicator_id))

    def indicators_version(self, proposal_id: int) -> int:
        found = self._session.exec(
            select(decision_table.c.indicators_version).where(decision_table.c.proposal_id == proposal_id)
        ).scalar_one_or_none()
        return int(found or 0)

    def bump_indicators_version(self, proposal_id: int, expected_version: int | None) -> int | None:
        c = decision_table.c
        where = [c.proposal_id == proposal_id]
        if expected_version is not None:
            where.append(c.indicators_version == expected_version)
        # RETURNING, not rowcount; the UPDATE holds the decision's row until the transaction ends.
        statement = (
            update(decision_table)
            .where(*where)
            .values(indicators_version=c.indicators_version + 1)
            .returning(c.indicators_version)
        )
        version = self._execute(statement).scalar_one_or_none()
        return None if version is None else int(version)

    def measurements_of(self, proposal_id: int) -> list[IndicatorMeasurement]:
        m = measurement_table.c
        rows = self._session.exec(
            select(*measurement_table.c)
            .join(indicator_table, indicator_table.c.id == m.indicator_id)
            .where(indicator_table.c.proposal_id == proposal_id)
            .order_by(indicator_table.c.position, m.indicator_id, m.measured_on, m.id)
        )
        return [_measurement(row) for row in rows]

    def add_measurement(self, measurement: IndicatorMeasurement) -> IndicatorMeasurement:
        row = IndicatorMeasurementRow(
            indicator_id=measurement.indicator_id,
            measured_on=measurement.measured_on,
            value=measurement.value,
            source=measurement.source,
            note=measurement.note,
            recorded_by=measurement.recorded_by,
            recorded_at=measurement.recorded_at,
        )
        return _measurement(self._add(row))

    def get_conclusion(self, proposal_id: int) -> FollowUpConclusion | None:
        row = self._session.get(FollowUpConclusionRow, proposal_id)
        return _conclusion(row) if row else None

    def add_conclusion(self, conclusion: FollowUpConclusion) -> FollowUpConclusion:
        # ON CONFLICT DO NOTHING: two people concluding at once get one conclusion and one refusal.
        statement = (
            self._insert(conclusion_table)
            .values(
                proposal_id=conclusion.proposal_id,
                verdict=Verdict(conclusion.verdict).value,
                reasons=conclusion.reasons,
                concluded_by=conclusion.concluded_by,
                concluded_at=conclusion.concluded_at,
                successor_proposal_id=conclusion.successor_proposal_id,
            )
            .on_conflict_do_nothing(index_elements=["proposal_id"])
            .returning(conclusion_table.c.proposal_id)
        )
        if self._execute(statement).first() is None:
            raise WrongState(N_("The follow-up of this proposal has already been concluded."))
        stored = self.get_conclusion(conclusion.proposal_id)
        assert stored is not None
        return stored

    def successor_of(self, proposal_id: int) -> int | None:
        found = self._session.exec(
            select(ProposalRow.id).where(ProposalRow.predecessor_id == proposal_id).order_by(ProposalRow.id)
        ).first()
        return found[0] if found else None

    def portfolio(self, unit_ids: frozenset[int] | None) -> list[PortfolioEntry]:
        where: list[ColumnElement[bool]] = [ProposalRow.status.in_(DECIDED_ON)]
        if unit_ids is not None:
            where.append(ProposalRow.unit_id.in_(sorted(unit_ids)))
        proposals = (
            self._session.connection()
            .execute(
                select(
                    ProposalRow.id,
                    ProposalRow.title,
                    ProposalRow.unit_id,
                    UnitRow.name.label("unit_name"),
                    ProposalRow.change_type,
                    ProposalRow.status,
                    DecisionRow.decided_at,
                    DecisionRow.follow_up_date,
                    FollowUpConclusionRow.verdict,
                )
                .join(DecisionRow, DecisionRow.proposal_id == ProposalRow.id)
                .join(UnitRow, UnitRow.id == ProposalRow.unit_id)
                .outerjoin(FollowUpConclusionRow, FollowUpConclusionRow.proposal_id == ProposalRow.id)
                .where(*where)
                .order_by(DecisionRow.decided_at.desc(), ProposalRow.id.desc())
            )
            .all()
        )
        # Each indicator's line and its newest measurement, found through the index on (indicator, day,
        # id); only the columns the follow-up state needs: a municipality has thousands of indicators.
        i, m = indicator_table.c, measurement_table.c
        newest = (
            select(m.measured_on, m.value)
            .where(m.indicator_id == i.id)
            .order_by(m.measured_on.desc(), m.id.desc())
            .limit(1)
        )
        columns = (i.proposal_id, i.id, i.baseline_value, i.baseline_date, i.target_value, i.target_date)
        lines = select(*columns, i.higher_is_better).join(ProposalRow, ProposalRow.id == i.proposal_id)
        if self._session.get_bind().dialect.name == "postgresql":
            # A lateral join: PostgreSQL otherwise works out the newest measurement's id for each pair
            # of indicator and measurement (52 ms against 26 ms for 9,209 indicators).
            latest = newest.lateral("latest")
            statement = lines.add_columns(latest.c.measured_on, latest.c.value).outerjoin(latest, true())
        else:  # SQLite has no lateral join; its correlated lookup takes 22 ms there, a window 60 ms
            found = measurement_table.alias("found")
            statement = lines.add_columns(found.c.measured_on, found.c.value).outerjoin(
                found, found.c.id == newest.with_only_columns(m.id).scalar_subquery()
            )
        readings: dict[int, list[IndicatorReading]] = {}
        # All rows at once: row by row, psycopg fetches thousands of rows one call each.
        for proposal_id, *reading in (
            self._session.connection()
            .execute(statement.where(*where).order_by(i.proposal_id, i.position, i.id))
            .all()
        ):
            readings.setdefault(proposal_id, []).append(IndicatorReading(*reading))
        return [
            PortfolioEntry(
                id=proposal_id,
                title=title,
                unit_id=unit_id,
                unit_name=unit_name,
                change_type=ChangeType(change_type),
                status=Status(status),
                decided_at=decided_at,
                follow_up_date=follow_up_date,
                verdict=Verdict(verdict) if verdict else None,
                readings=tuple(readings.get(proposal_id, ())),
            )
            # By position, not by name: a row's named attributes cost a lookup each, 37,000 a rebuild.
            for (
                proposal_id,
                title,
                unit_id,
                unit_name,
                change_type,
                status,
                decided_at,
                follow_up_date,
                verdict,
            ) in proposals
        ]

    def decision_texts(self, scope: ProposalScope | None) -> list[DecisionText]:
        where = [ProposalRow.status != Status.DRAFT.value, *_in_scope(scope)]
        dilemmas: dict[int, list[str]] = {}
        for proposal_id, text in self._session.exec(
            select(DilemmaRow.proposal_id, DilemmaRow.text)
            .join(ProposalRow, ProposalRow.id == DilemmaRow.proposal_id)
            .where(*where)
            .order_by(DilemmaRow.proposal_id, DilemmaRow.id)
        ):
            dilemmas.setdefault(proposal_id, []).append(text)
        rows = self._session.exec(
            select(
                ProposalRow.id,
                ProposalRow.title,
                ProposalRow.unit_id,
                UnitRow.name.label("unit_name"),
                ProposalRow.status,
                ProposalRow.description,
                DecisionRow.justification,
                DecisionRow.dissent,
                DecisionRow.conditions,
                DecisionRow.decided_at,
            )
            .join(UnitRow, UnitRow.id == ProposalRow.unit_id)
            .outerjoin(DecisionRow, DecisionRow.proposal_id == ProposalRow.id)
            .where(*where)
            .order_by(ProposalRow.updated_at.desc(), ProposalRow.id.desc())
        )
        return [
            DecisionText(
                id=row.id,
                title=row.title,
                unit_id=row.unit_id,
                unit_name=row.unit_name,
                status=Status(row.status),
                description=row.description,
                justification=row.justification or "",
                dissent=row.dissent or "",
                conditions=row.conditions or "",
                dilemmas=tuple(dilemmas.get(row.id, ())),
                decided_at=row.decided_at,
            )
            for row in rows
        ]

    # Audit -------------------------------------------------------------------------------------

    def record(self, event: AuditEvent) -> None:
        self._add(
            AuditEventRow(
                actor_id=event.actor_id,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                at=event.at,
                before=_to_json(event.before),
                after=_to_json(event.after),
            )
        )

    def change_stamp(self) -> tuple[object, int]:
        newest = self._session.connection().execute(select(func.max(AuditEventRow.id))).scalar()
        return str(self._session.get_bind().engine.url), int(newest or 0)

    def events_for(self, object_type: str, object_id: str) -> list[AuditEvent]:
        rows = self._session.exec(
            select(AuditEventRow)
            .where(AuditEventRow.object_type == object_type, AuditEventRow.object_id == object_id)
            .order_by(AuditEventRow.id)
        ).scalars()
        return [_event(row) for row in rows]

    def find_events(self, query: AuditQuery) -> tuple[list[AuditEvent], int]:
        criteria: list[ColumnElement[bool]] = []
        if query.actor_id is not None:
            criteria.append(AuditEventRow.actor_id == query.actor_id)
        if query.action_prefix:
            criteria.append(AuditEventRow.action.startswith(query.action_prefix, autoescape=True))
        if query.object_type:
            criteria.append(AuditEventRow.object_type == query.object_type)
        if query.object_id:
            criteria.append(AuditEventRow.object_id == query.object_id)
        if query.since is not None:
            criteria.append(AuditEventRow.at >= query.since)
        if query.before is not None:
            criteria.append(AuditEventRow.at < query.before)
        total = self._session.exec(select(func.count()).select_from(AuditEventRow).where(*criteria)).one()[0]
        # Newest first by id: the order they were appended, which the clock cannot reorder.
        statement = (
            select(AuditEventRow)
            .where(*criteria)
            .order_by(AuditEventRow.id.desc())
            .offset(max(query.offset, 0))
        )
        if query.limit is not None:
            statement = statement.limit(max(query.limit, 0))
        return [_event(row) for row in self._session.exec(statement).scalars()], int(total)

    # One person's data -------------------------------------------------------------------------

    def core_tasks_by(self, person_id: int) -> list[CoreTask]:
        rows = self._session.exec(
            select(CoreTaskRow).where(CoreTaskRow.author_id == person_id).order_by(CoreTaskRow.id)
        ).scalars()
        return [_core_task(row) for row in rows]

    def core_task_drafts_by(self, person_id: int) -> list[CoreTaskDraft]:
        rows = self._session.exec(
            select(CoreTaskDraftRow)
            .where(
                or_(
                    CoreTaskDraftRow.created_by == person_id,
                    CoreTaskDraftRow.updated_by == person_id,
                    CoreTaskDraftRow.closed_by == person_id,
                )
            )
            .order_by(CoreTaskDraftRow.id)
        ).scalars()
        return [_core_task_draft(row) for row in rows]

    def proposals_by(self, person_id: int) -> list[Proposal]:
        ids = self._session.exec(
            select(ProposalRow.id)
            .where(or_(ProposalRow.created_by == person_id, ProposalRow.updated_by == person_id))
            .order_by(ProposalRow.id)
        ).scalars()
        return [self._load_proposal(proposal_id) for proposal_id in list(ids)]

    def panels_of(self, person_id: int) -> list[PanelMember]:
        rows = self._session.exec(
            select(PanelMemberRow)
            .where(PanelMemberRow.person_id == person_id)
            .order_by(PanelMemberRow.proposal_id)
        ).scalars()
        return [
            PanelMember(person_id=row.person_id, profession_id=row.profession_id, proposal_id=row.proposal_id)
            for row in rows
        ]

    def scores_by(self, rater_id: int) -> list[Score]:
        rows = self._session.exec(
            select(ScoreRow)
            .where(ScoreRow.rater_id == rater_id)
            .order_by(
                ScoreRow.proposal_id,
                ScoreRow.round,
                ScoreRow.option_id,
                ScoreRow.criterion_key,
                ScoreRow.facet,
            )
        ).scalars()
        return [_score(row) for row in rows]

    def drafts_by(self, rater_id: int) -> list[ScoreDraft]:
        d = draft_table.c
        rows = self._session.exec(
            select(*draft_table.c)
            .where(d.rater_id == rater_id)
            .order_by(d.proposal_id, d.round, d.option_id, d.criterion_key, d.facet)
        )
        return [_draft(row) for row in rows]

    def readiness_by(self, person_id: int) -> list[ReadinessAnswer]:
        rows = self._session.exec(
            select(ReadinessAnswerRow)
            .where(ReadinessAnswerRow.answered_by == person_id)
            .order_by(ReadinessAnswerRow.proposal_id, ReadinessAnswerRow.criterion_key)
        ).scalars()
        return [_readiness(row) for row in rows]

    def evidence_by(self, person_id: int) -> list[CitizenEvidence]:
        rows = self._session.exec(
            select(CitizenEvidenceRow)
            .where(CitizenEvidenceRow.recorded_by == person_id)
            .order_by(CitizenEvidenceRow.id)
        ).scalars()
        return [_evidence(row) for row in rows]

    def med_steps_by(self, person_id: int) -> list[MedStep]:
        rows = self._session.exec(
            select(MedStepRow).where(MedStepRow.recorded_by == person_id).order_by(MedStepRow.id)
        ).scalars()
        return [_med_step(row) for row in rows]

    def consultations_by(self, person_id: int) -> list[Consultation]:
        rows = self._session.exec(
            select(ConsultationRow)
            .where(ConsultationRow.recorded_by == person_id)
            .order_by(ConsultationRow.id)
        ).scalars()
        return [_consultation(row) for row in rows]

    def dilemmas_by(self, person_id: int) -> list[Dilemma]:
        rows = self._session.exec(
            select(DilemmaRow).where(DilemmaRow.created_by == person_id).order_by(DilemmaRow.id)
        ).scalars()
        return [_dilemma(row) for row in rows]

    def notes_by(self, person_id: int) -> list[DiscussionNote]:
        rows = self._session.exec(
            select(DiscussionNoteRow)
            .where(DiscussionNoteRow.author_id == person_id)
            .order_by(DiscussionNoteRow.id)
        ).scalars()
        return [_note(row) for row in rows]

    def decisions_by(self, person_id: int) -> list[Decision]:
        rows = self._session.exec(
            select(DecisionRow)
            .where(
                or_(
                    DecisionRow.decided_by == person_id,
                    DecisionRow.implementation_responsible_id == person_id,
                    DecisionRow.follow_up_responsible_id == person_id,
                )
            )
            .order_by(DecisionRow.proposal_id)
        ).scalars()
        return [_decision(row) for row in rows]

    def indicators_by(self, person_id: int) -> list[OutcomeIndicator]:
        rows = self._session.exec(
            select(OutcomeIndicatorRow)
            .where(OutcomeIndicatorRow.created_by == person_id)
            .order_by(OutcomeIndicatorRow.id)
        ).scalars()
        return [_indicator(row) for row in rows]

    def measurements_by(self, person_id: int) -> list[IndicatorMeasurement]:
        rows = self._session.exec(
            select(IndicatorMeasurementRow)
            .where(IndicatorMeasurementRow.recorded_by == person_id)
            .order_by(IndicatorMeasurementRow.id)
        ).scalars()
        return [_measurement(row) for row in rows]

    def conclusions_by(self, person_id: int) -> list[FollowUpConclusion]:
        rows = self._session.exec(
            select(FollowUpConclusionRow)
            .where(FollowUpConclusionRow.concluded_by == person_id)
            .order_by(FollowUpConclusionRow.proposal_id)
        ).scalars()
        return [_conclusion(row) for row in rows]


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        actor_id=row.actor_id,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        at=row.at,
        before=_from_json(row.before),
        after=_from_json(row.after),
        id=row.id,
    )


# The unit of work --------------------------------------------------------------------------------

SQLITE_FULL = 13  # SQLITE_FULL: "database or disk is full" (also when max_page_count is reached)
POSTGRES_DISK_FULL = "53100"  # SQLSTATE disk_full


def is_storage_full(error: BaseException) -> bool:
    """Whether ``error`` says the database could not grow: the disk, a quota or a size limit."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.orig
    return (
        getattr(cause, "sqlite_errorcode", None) == SQLITE_FULL
        or getattr(cause, "sqlstate", None) == POSTGRES_DISK_FULL
    )


class SqlUnitOfWork:
    """:class:`assessment.kernel.repository.UnitOfWork`: one transaction per ``with`` block.

    ``write()`` starts with ``BEGIN IMMEDIATE`` on SQLite (see ``storage.engine``), commits when
    the block ends normally and rolls back when it raises. ``read()`` sees one consistent
    snapshot (REPEATABLE READ, read-only on PostgreSQL) and is always rolled back.
    A full disk becomes :class:`StorageFull`, which every screen shows in the user's language.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = for_writing(engine)
        self._reader = engine
        if engine.dialect.name == "postgresql":
            self._reader = engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )

    @contextmanager
    def write(self) -> Iterator[SqlRepository]:
        with Session(self._writer, expire_on_commit=False) as session:
            try:
                yield SqlRepository(session)
                session.commit()
            except BaseException as error:
                session.rollback()
                if is_storage_full(error):
                    raise StorageFull() from error
                raise

    @contextmanager
    def read(self) -> Iterator[SqlRepository]:
        with Session(self._reader) as session:
            try:
                yield SqlRepository(session)
            except OperationalError as error:
                # Sorting and grouping may need temporary space on disk.
                if is_storage_full(error):
                    raise StorageFull() from error
                raise
            finally:
                session.rollback()
