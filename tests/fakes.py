"""An in-memory repository that keeps the protocol's promises, for fast use-case tests.

Objects are copied on the way in and out, as a database would, so a use case that mutates
what it got back changes nothing stored; ``write()`` rolls everything back on an error.
"""

from __future__ import annotations

import copy
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from assessment.kernel.errors import N_, Message, NotFound, StaleEdit, WrongState
from assessment.kernel.model import (
    AuditEvent,
    CitizenEvidence,
    Consultation,
    CoreTask,
    CoreTaskDraft,
    CoreTaskDraftStatus,
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
    Score,
    ScoreDraft,
    Status,
    Unit,
)
from assessment.kernel.repository import (
    AuditQuery,
    DecisionText,
    DiscussionNote,
    IndicatorReading,
    PortfolioEntry,
    ProposalFilter,
    ProposalScope,
    ProposalSummary,
    StoredRubric,
    in_scope,
)
from assessment.kernel.scoring import CellKey, Tally

_DATABASES = itertools.count(1)


@dataclass
class _State:
    units: dict[int, Unit] = field(default_factory=dict)
    core_tasks: list[CoreTask] = field(default_factory=list)
    core_task_drafts: dict[int, CoreTaskDraft] = field(default_factory=dict)
    professions: dict[int, Profession] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    committees: dict[int, MedCommittee] = field(default_factory=dict)
    committee_members: dict[int, MedCommitteeMember] = field(default_factory=dict)
    rubrics: dict[tuple[str, str], StoredRubric] = field(default_factory=dict)
    proposals: dict[int, Proposal] = field(default_factory=dict)
    scores: dict[tuple[int, int, int, str, str, int], Score] = field(default_factory=dict)
    dilemmas: dict[int, Dilemma] = field(default_factory=dict)
    decisions: dict[int, Decision] = field(default_factory=dict)
    notes: dict[int, DiscussionNote] = field(default_factory=dict)
    drafts: dict[tuple[int, int, int, int, str, str], ScoreDraft] = field(default_factory=dict)
    readiness: dict[tuple[int, str], ReadinessAnswer] = field(default_factory=dict)
    evidence: dict[int, CitizenEvidence] = field(default_factory=dict)
    plans: dict[int, ProposalPlan] = field(default_factory=dict)
    med_steps: dict[int, MedStep] = field(default_factory=dict)
    consultations: dict[int, Consultation] = field(default_factory=dict)
    indicators: dict[int, OutcomeIndicator] = field(default_factory=dict)
    indicators_versions: dict[int, int] = field(default_factory=dict)  # proposal id → its list's version
    measurements: dict[int, IndicatorMeasurement] = field(default_factory=dict)
    conclusions: dict[int, FollowUpConclusion] = field(default_factory=dict)
    events: list[AuditEvent] = field(default_factory=list)
    database: int = field(default_factory=lambda: next(_DATABASES))  # which one: kept by every snapshot
    next_id: int = 1


class FakeRepository:
    def __init__(self, state: _State) -> None:
        self.state = state

    def _id(self) -> int:
        self.state.next_id += 1
        return self.state.next_id

    # Organisation
    def add_unit(self, unit: Unit) -> Unit:
        unit = replace(unit, id=self._id())
        self.state.units[unit.id] = unit  # type: ignore[index]
        return copy.deepcopy(unit)

    def get_unit(self, unit_id: int) -> Unit | None:
        return copy.deepcopy(self.state.units.get(unit_id))

    def list_units(self) -> list[Unit]:
        return copy.deepcopy(list(self.state.units.values()))

    def update_unit(self, unit: Unit) -> Unit:
        assert unit.id in self.state.units, unit.id
        self.state.units[unit.id] = copy.deepcopy(unit)
        return copy.deepcopy(unit)

    # MED committees
    def add_committee(self, committee: MedCommittee) -> MedCommittee:
        committee = replace(committee, id=self._id())
        self.state.committees[committee.id] = committee  # type: ignore[index]
        return copy.deepcopy(committee)

    def get_committee(self, committee_id: int) -> MedCommittee | None:
        return copy.deepcopy(self.state.committees.get(committee_id))

    def list_committees(self) -> list[MedCommittee]:
        return copy.deepcopy(sorted(self.state.committees.values(), key=lambda c: c.id or 0))

    def update_committee(self, committee: MedCommittee) -> MedCommittee:
        assert committee.id in self.state.committees, committee.id
        self.state.committees[committee.id] = copy.deepcopy(committee)
        return copy.deepcopy(committee)

    def add_committee_member(self, member: MedCommitteeMember) -> MedCommitteeMember:
        member = replace(member, id=self._id())
        self.state.committee_members[member.id] = member  # type: ignore[index]
        return copy.deepcopy(member)

    def update_committee_member(self, member: MedCommitteeMember) -> MedCommitteeMember:
        stored = self.state.committee_members[member.id]  # type: ignore[index]
        stored = replace(stored, removed_at=member.removed_at)  # only the removal is ever written
        self.state.committee_members[member.id] = stored  # type: ignore[index]
        return copy.deepcopy(stored)

    def committee_members(self, committee_id: int | None = None) -> list[MedCommitteeMember]:
        found = [m for m in self.state.committee_members.values() if committee_id in (None, m.committee_id)]
        return copy.deepcopy(sorted(found, key=lambda m: m.id or 0))

    def committee_seats_of(self, person_id: int) -> list[MedCommitteeMember]:
        found = [m for m in self.state.committee_members.values() if m.person_id == person_id]
        return copy.deepcopy(sorted(found, key=lambda m: m.id or 0))

    def add_core_task(self, core_task: CoreTask) -> CoreTask:
        core_task = replace(core_task, id=self._id())
        self.state.core_tasks.append(core_task)
        return copy.deepcopy(core_task)

    def core_task_history(self, unit_id: int) -> list[CoreTask]:
        found = [c for c in self.state.core_tasks if c.unit_id == unit_id]
        return copy.deepcopy(sorted(found, key=lambda c: c.version, reverse=True))

    def add_core_task_draft(self, draft: CoreTaskDraft) -> CoreTaskDraft:
        # The database's partial unique index: at most one open draft per proposal.
        assert draft.status is not CoreTaskDraftStatus.OPEN or not any(
            d.proposal_id == draft.proposal_id and d.status is CoreTaskDraftStatus.OPEN
            for d in self.state.core_task_drafts.values()
        ), "a second open draft for one proposal"
        draft = replace(copy.deepcopy(draft), id=self._id(), version=1)
        self.state.core_task_drafts[draft.id] = draft  # type: ignore[index]
        return copy.deepcopy(draft)

    def get_core_task_draft(self, draft_id: int) -> CoreTaskDraft | None:
        return copy.deepcopy(self.state.core_task_drafts.get(draft_id))

    def update_core_task_draft(self, draft: CoreTaskDraft, expected_version: int) -> CoreTaskDraft:
        stored = self.state.core_task_drafts[draft.id]  # type: ignore[index]
        if stored.version != expected_version:
            who = self.state.people.get(stored.updated_by or -1)
            raise StaleEdit(
                N_(
                    "This draft of the core task was changed by {name} at {time}. "
                    "Reload it to see the changes, then make your edit again."
                ),
                name=who.name if who else "?",
                time=stored.updated_at,
            )
        # Identity, origin and creation never change, as the SQL repository writes only the rest.
        draft = replace(
            copy.deepcopy(draft),
            unit_id=stored.unit_id,
            proposal_id=stored.proposal_id,
            based_on_version=stored.based_on_version,
            created_by=stored.created_by,
            created_at=stored.created_at,
            version=stored.version + 1,
        )
        self.state.core_task_drafts[draft.id] = draft  # type: ignore[index]
        return copy.deepcopy(draft)

    def open_core_task_drafts(self, unit_id: int) -> list[CoreTaskDraft]:
        found = [
            d
            for d in self.state.core_task_drafts.values()
            if d.unit_id == unit_id and d.status is CoreTaskDraftStatus.OPEN
        ]
        return copy.deepcopy(sorted(found, key=lambda d: d.id or 0))

    def core_task_drafts_of(self, proposal_id: int) -> list[CoreTaskDraft]:
        found = [d for d in self.state.core_task_drafts.values() if d.proposal_id == proposal_id]
        return copy.deepcopy(sorted(found, key=lambda d: d.id or 0, reverse=True))

    def add_profession(self, profession: Profession) -> Profession:
        profession = replace(profession, id=self._id())
        self.state.professions[profession.id] = profession  # type: ignore[index]
        return copy.deepcopy(profession)

    def list_professions(self) -> list[Profession]:
        return copy.deepcopy(list(self.state.professions.values()))

    def add_person(self, person: Person) -> Person:
        person = replace(person, id=self._id(), email=person.email.lower())
        self.state.people[person.id] = person  # type: ignore[index]
        return copy.deepcopy(person)

    def get_person(self, person_id: int) -> Person | None:
        return copy.deepcopy(self.state.people.get(person_id))

    def find_person_by_email(self, email: str) -> Person | None:
        found = next((p for p in self.state.people.values() if p.email == email.lower()), None)
        return copy.deepcopy(found)

    def list_people(self) -> list[Person]:
        return copy.deepcopy(list(self.state.people.values()))

    def update_person(self, person: Person) -> Person:
        assert person.id in self.state.people, person.id
        person = replace(person, email=person.email.lower())
        self.state.people[person.id] = person  # type: ignore[index]
        return copy.deepcopy(person)

    def add_membership(self, membership: Membership) -> Membership:
        membership = replace(membership, id=self._id())
        self.state.memberships.append(membership)
        return copy.deepcopy(membership)

    def remove_membership(self, membership_id: int) -> None:
        self.state.memberships = [m for m in self.state.memberships if m.id != membership_id]

    def memberships_of(self, person_id: int) -> list[Membership]:
        return copy.deepcopy([m for m in self.state.memberships if m.person_id == person_id])

    def all_memberships(self) -> list[Membership]:
        return copy.deepcopy(sorted(self.state.memberships, key=lambda m: m.id or 0))

    # Rubrics
    def add_rubric(self, rubric: StoredRubric) -> None:
        self.state.rubrics[(rubric.ref.rubric_id, rubric.ref.version)] = rubric

    def get_rubric(self, rubric_id: str, version: str) -> StoredRubric | None:
        return self.state.rubrics.get((rubric_id, version))

    def list_rubrics(self) -> list[StoredRubric]:
        return list(self.state.rubrics.values())

    # Proposals
    def add_proposal(self, proposal: Proposal) -> Proposal:
        proposal = copy.deepcopy(proposal)
        proposal.id = self._id()
        for option in proposal.options:
            option.id = self._id()
            option.proposal_id = proposal.id
        for member in proposal.panel:
            member.proposal_id = proposal.id
        self.state.proposals[proposal.id] = proposal
        return copy.deepcopy(proposal)

    def get_proposal(self, proposal_id: int) -> Proposal | None:
        return copy.deepcopy(self.state.proposals.get(proposal_id))

    def update_proposal(self, proposal: Proposal, expected_version: int) -> Proposal:
        stored = self.state.proposals[proposal.id]  # type: ignore[index]
        if stored.version != expected_version:
            who = self.state.people.get(stored.updated_by or -1)
            raise StaleEdit(
                N_(
                    "This proposal was changed by {name} at {time}. "
                    "Reload it to see the changes, then make your edit again."
                ),
                name=who.name if who else "?",
                time=stored.updated_at,
            )
        proposal = copy.deepcopy(proposal)
        proposal.version = stored.version + 1
        for option in proposal.options:
            if option.id is None:
                option.id = self._id()
            option.proposal_id = proposal.id
        self.state.proposals[proposal.id] = proposal  # type: ignore[index]
        return copy.deepcopy(proposal)

    def _summary(self, proposal: Proposal) -> ProposalSummary:
        decision = self.state.decisions.get(proposal.id)  # type: ignore[arg-type]
        return ProposalSummary(
            id=proposal.id,  # type: ignore[arg-type]
            title=proposal.title,
            unit_id=proposal.unit_id,
            unit_name=self.state.units[proposal.unit_id].name,
            status=proposal.status,
            updated_at=proposal.updated_at or proposal.created_at,
            follow_up_date=decision.follow_up_date if decision else None,
        )

    def find_proposals(self, query: ProposalFilter) -> tuple[list[ProposalSummary], int]:
        text = query.text.casefold()
        found = [
            p
            for p in self.state.proposals.values()
            if (not text or text in p.title.casefold() or text in p.description.casefold())
            and (not query.statuses or p.status in query.statuses)
            and (not query.unit_ids or p.unit_id in query.unit_ids)
            and in_scope(query.scope, p.unit_id, p.status)
        ]
        found.sort(key=lambda p: (p.updated_at or p.created_at, p.id), reverse=True)
        page = found[query.offset : query.offset + query.limit]
        return [self._summary(p) for p in page], len(found)

    def proposals_on_panel(
        self,
        person_id: int,
        statuses: Sequence[Status],
        *,
        scope: ProposalScope | None,
        limit: int | None = None,
    ) -> list[ProposalSummary]:
        found = [
            p
            for p in self.state.proposals.values()
            if p.status in statuses and p.panel_member(person_id) and in_scope(scope, p.unit_id, p.status)
        ]
        found.sort(key=lambda p: (p.updated_at or p.created_at, p.id), reverse=True)
        found.sort(key=lambda p: list(statuses).index(p.status))  # stable: newest first within a status
        return [self._summary(p) for p in found[: None if limit is None else max(limit, 0)]]

    def follow_ups_due(
        self, on_or_before: date, *, scope: ProposalScope | None, limit: int | None = None
    ) -> list[ProposalSummary]:
        due = [
            (d.follow_up_date, p.id, p)
            for p in self.state.proposals.values()
            if p.status in (Status.DECIDED, Status.FOLLOW_UP)
            and in_scope(scope, p.unit_id, p.status)
            and (d := self.state.decisions.get(p.id)) is not None  # type: ignore[arg-type]
            and d.follow_up_date <= on_or_before
        ]
        due.sort(key=lambda entry: (entry[0], entry[1]))
        return [self._summary(p) for _day, _id, p in due[:limit]]

    def count_follow_ups_due(self, on_or_before: date, *, scope: ProposalScope | None) -> int:
        return len(self.follow_ups_due(on_or_before, scope=scope))

    # Scores
    def save_score(self, score: Score) -> tuple[Score, Score | None]:
        key = (
            score.proposal_id,
            score.rater_id,
            score.option_id,
            score.criterion_key,
            score.facet,
            int(score.round),
        )
        previous = self.state.scores.get(key)
        stored = replace(score, id=previous.id if previous else self._id())
        self.state.scores[key] = stored
        return copy.deepcopy(stored), copy.deepcopy(previous)

    def scores_of(self, proposal_id: int, rater_id: int, round: Round) -> list[Score]:
        return copy.deepcopy(
            [
                s
                for s in self.state.scores.values()
                if s.proposal_id == proposal_id and s.rater_id == rater_id and s.round == round
            ]
        )

    def all_scores(self, proposal_id: int) -> list[Score]:
        return copy.deepcopy([s for s in self.state.scores.values() if s.proposal_id == proposal_id])

    def _effective(self, proposal_id: int, round: Round) -> list[Score]:
        scores = [s for s in self.state.scores.values() if s.proposal_id == proposal_id]
        if round is not Round.REVISED:
            return [s for s in scores if s.round == round]
        latest: dict[tuple[int, int, str, str], Score] = {}
        for s in sorted(scores, key=lambda s: s.round):
            if s.round in (Round.BLIND, Round.REVISED):
                latest[(s.rater_id, s.option_id, s.criterion_key, s.facet)] = s
        return list(latest.values())

    @staticmethod
    def _tally(scores: list[Score]) -> Tally:
        return Tally(
            counts=dict(Counter(s.level for s in scores if s.level is not None)),
            dont_know=sum(1 for s in scores if s.level is None),
        )

    def tallies(self, proposal_id: int, round: Round) -> dict[CellKey, Tally]:
        cells: dict[CellKey, list[Score]] = defaultdict(list)
        for s in self._effective(proposal_id, round):
            cells[(s.option_id, s.criterion_key, s.facet)].append(s)
        return {key: self._tally(scores) for key, scores in cells.items()}

    def _profession_key(self, proposal_id: int, rater_id: int) -> str | None:
        member = self.state.proposals[proposal_id].panel_member(rater_id)
        profession = (
            self.state.professions.get(member.profession_id) if member and member.profession_id else None
        )
        return profession.key if profession else None

    def profession_tallies(self, proposal_id: int, round: Round) -> dict[tuple[int, str, str, str], Tally]:
        cells: dict[tuple[int, str, str, str], list[Score]] = defaultdict(list)
        for s in self._effective(proposal_id, round):
            key = self._profession_key(proposal_id, s.rater_id)
            if key is not None:
                cells[(s.option_id, s.criterion_key, s.facet, key)].append(s)
        return {key: self._tally(scores) for key, scores in cells.items()}

    def panel_profession_sizes(self, proposal_id: int) -> dict[str, int]:
        proposal = self.state.proposals[proposal_id]
        keys = [self._profession_key(proposal_id, m.person_id) for m in proposal.panel]
        return dict(Counter(k for k in keys if k is not None))

    # A rater's private drafts
    @staticmethod
    def _draft_key(draft: ScoreDraft) -> tuple[int, int, int, int, str, str]:
        return (
            draft.proposal_id,
            draft.rater_id,
            int(draft.round),
            draft.option_id,
            draft.criterion_key,
            draft.facet,
        )

    def save_draft(self, draft: ScoreDraft) -> ScoreDraft:
        previous = self.state.drafts.get(self._draft_key(draft))
        stored = replace(draft, id=previous.id if previous else self._id())
        self.state.drafts[self._draft_key(draft)] = stored
        return copy.deepcopy(stored)

    def delete_draft(self, draft: ScoreDraft) -> None:
        self.state.drafts.pop(self._draft_key(draft), None)

    def drafts_of(self, proposal_id: int, rater_id: int, round: Round | None = None) -> list[ScoreDraft]:
        return copy.deepcopy(
            sorted(
                (
                    d
                    for key, d in self.state.drafts.items()
                    if key[:2] == (proposal_id, rater_id) and round in (None, d.round)
                ),
                key=self._draft_key,
            )
        )

    def delete_drafts(self, proposal_id: int, rater_id: int, round: Round | None = None) -> int:
        gone = self.drafts_of(proposal_id, rater_id, round)
        for draft in gone:
            del self.state.drafts[self._draft_key(draft)]
        return len(gone)

    # Readiness and citizen evidence
    def readiness_of(self, proposal_id: int) -> list[ReadinessAnswer]:
        found = [a for (pid, _key), a in self.state.readiness.items() if pid == proposal_id]
        return copy.deepcopy(sorted(found, key=lambda a: a.criterion_key))

    def save_readiness(self, answer: ReadinessAnswer) -> ReadinessAnswer | None:
        key = (answer.proposal_id, answer.criterion_key)
        previous = self.state.readiness.get(key)
        self.state.readiness[key] = answer
        return copy.deepcopy(previous)

    def remove_readiness(self, proposal_id: int, criterion_key: str) -> ReadinessAnswer | None:
        return copy.deepcopy(self.state.readiness.pop((proposal_id, criterion_key), None))

    def plan_of(self, proposal_id: int) -> ProposalPlan | None:
        return copy.deepcopy(self.state.plans.get(proposal_id))

    def save_plan(self, plan: ProposalPlan, expected_version: int) -> ProposalPlan:
        stored = self.state.plans.get(plan.proposal_id)
        if (stored.version if stored else 0) != expected_version:
            assert stored is not None
            who = self.state.people.get(stored.updated_by or -1)
            raise StaleEdit(
                N_(
                    "The economy and consequences were changed by {name} at {time}. Reload the page to see "
                    "the changes, then make your edit again."
                ),
                name=who.name if who else "?",
                time=stored.updated_at,
            )
        self.state.plans[plan.proposal_id] = replace(copy.deepcopy(plan), version=expected_version + 1)
        return copy.deepcopy(self.state.plans[plan.proposal_id])

    def plans_by(self, person_id: int) -> list[ProposalPlan]:
        found = [p for p in self.state.plans.values() if p.updated_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda p: p.proposal_id))

    def evidence_of(self, proposal_id: int) -> list[CitizenEvidence]:
        found = [e for e in self.state.evidence.values() if e.proposal_id == proposal_id]
        return copy.deepcopy(sorted(found, key=lambda e: e.id or 0))

    def add_evidence(self, evidence: CitizenEvidence) -> CitizenEvidence:
        evidence = replace(evidence, id=self._id())
        self.state.evidence[evidence.id] = evidence  # type: ignore[index]
        return copy.deepcopy(evidence)

    @staticmethod
    def _pop_of_proposal(store: dict[int, Any], proposal_id: int, object_id: int) -> Any:
        """Remove one of the proposal's objects from ``store``; None when it is not the proposal's."""
        found = store.get(object_id)
        if found is None or found.proposal_id != proposal_id:
            return None
        return copy.deepcopy(store.pop(object_id))

    def remove_evidence(self, proposal_id: int, evidence_id: int) -> CitizenEvidence | None:
        return self._pop_of_proposal(self.state.evidence, proposal_id, evidence_id)

    # The MED process and consultations
    def med_steps_of(self, proposal_id: int) -> list[MedStep]:
        found = [s for s in self.state.med_steps.values() if s.proposal_id == proposal_id]
        return copy.deepcopy(sorted(found, key=lambda s: (s.held_on, s.id or 0)))

    def add_med_step(self, step: MedStep) -> MedStep:
        step = replace(step, id=self._id())
        self.state.med_steps[step.id] = step  # type: ignore[index]
        return copy.deepcopy(step)

    def remove_med_step(self, proposal_id: int, step_id: int) -> MedStep | None:
        return self._pop_of_proposal(self.state.med_steps, proposal_id, step_id)

    def consultations_of(self, proposal_id: int) -> list[Consultation]:
        found = [c for c in self.state.consultations.values() if c.proposal_id == proposal_id]
        return copy.deepcopy(sorted(found, key=lambda c: c.id or 0))

    def get_consultation(self, consultation_id: int) -> Consultation | None:
        return copy.deepcopy(self.state.consultations.get(consultation_id))

    def add_consultation(self, consultation: Consultation) -> Consultation:
        consultation = replace(consultation, id=self._id(), version=1)
        self.state.consultations[consultation.id] = consultation  # type: ignore[index]
        return copy.deepcopy(consultation)

    def update_consultation(self, consultation: Consultation, expected_version: int) -> Consultation:
        stored = self.state.consultations.get(consultation.id or 0)
        if stored is None:
            raise NotFound(
                N_("{what} {id} does not exist."), what=Message(N_("Consultation")), id=consultation.id
            )
        if stored.version != expected_version:
            raise StaleEdit(
                N_(
                    "This consultation was changed by someone else at {time}. Reload the page to see the "
                    "changes, then make your edit again."
                ),
                time=stored.updated_at,
            )
        # Its proposal and who recorded it, and when, never change, as the SQL repository writes only the rest.
        updated = replace(
            copy.deepcopy(consultation),
            proposal_id=stored.proposal_id,
            recorded_by=stored.recorded_by,
            recorded_at=stored.recorded_at,
            version=stored.version + 1,
        )
        self.state.consultations[stored.id or 0] = updated
        return copy.deepcopy(updated)

    def remove_consultation(self, proposal_id: int, consultation_id: int) -> Consultation | None:
        return self._pop_of_proposal(self.state.consultations, proposal_id, consultation_id)

    # Dialogue and decision
    def add_dilemma(self, dilemma: Dilemma) -> Dilemma:
        dilemma = replace(dilemma, id=self._id())
        self.state.dilemmas[dilemma.id] = dilemma  # type: ignore[index]
        return copy.deepcopy(dilemma)

    def update_dilemma(self, dilemma: Dilemma) -> Dilemma:
        self.state.dilemmas[dilemma.id] = copy.deepcopy(dilemma)  # type: ignore[index]
        return copy.deepcopy(dilemma)

    def dilemmas_of(self, proposal_id: int) -> list[Dilemma]:
        return copy.deepcopy([d for d in self.state.dilemmas.values() if d.proposal_id == proposal_id])

    def get_decision(self, proposal_id: int) -> Decision | None:
        return copy.deepcopy(self.state.decisions.get(proposal_id))

    def save_decision(self, decision: Decision, expected_version: int | None) -> Decision:
        stored = self.state.decisions.get(decision.proposal_id)
        if (stored.version if stored else None) != expected_version:
            raise StaleEdit(N_("This decision was changed by someone else. Reload it."))
        decision = replace(decision, version=(stored.version + 1) if stored else 1)
        self.state.decisions[decision.proposal_id] = decision
        return copy.deepcopy(decision)

    def add_note(self, note: DiscussionNote) -> DiscussionNote:
        note = replace(note, id=self._id())
        self.state.notes[note.id] = note  # type: ignore[index]
        return copy.deepcopy(note)

    def notes_of(self, proposal_id: int) -> list[DiscussionNote]:
        found = [n for n in self.state.notes.values() if n.proposal_id == proposal_id]
        return copy.deepcopy(sorted(found, key=lambda n: n.id or 0))

    # Outcomes
    def indicators_of(self, proposal_id: int) -> list[OutcomeIndicator]:
        found = [i for i in self.state.indicators.values() if i.proposal_id == proposal_id]
        return copy.deepcopy(sorted(found, key=lambda i: (i.position, i.id or 0)))

    def get_indicator(self, indicator_id: int) -> OutcomeIndicator | None:
        return copy.deepcopy(self.state.indicators.get(indicator_id))

    def add_indicator(self, indicator: OutcomeIndicator) -> OutcomeIndicator:
        indicator = replace(indicator, id=self._id())
        self.state.indicators[indicator.id or 0] = indicator
        return copy.deepcopy(indicator)

    def update_indicator(self, indicator: OutcomeIndicator) -> OutcomeIndicator:
        stored = self.state.indicators.get(indicator.id or 0)
        if stored is None or stored.proposal_id != indicator.proposal_id:
            raise NotFound(N_("{what} {id} does not exist."), what=Message(N_("Indicator")), id=indicator.id)
        updated = replace(indicator, created_by=stored.created_by, created_at=stored.created_at)
        self.state.indicators[indicator.id or 0] = updated
        return copy.deepcopy(updated)

    def remove_indicator(self, indicator_id: int) -> None:
        # The database refuses to remove an indicator that has measurements (ON DELETE RESTRICT).
        assert not any(m.indicator_id == indicator_id for m in self.state.measurements.values())
        self.state.indicators.pop(indicator_id, None)

    def indicators_version(self, proposal_id: int) -> int:
        return self.state.indicators_versions.get(proposal_id, 0)

    def bump_indicators_version(self, proposal_id: int, expected_version: int | None) -> int | None:
        # The version lives on the decision's row, as in the database: no decision, nothing to count.
        current = self.state.indicators_versions.get(proposal_id, 0)
        if proposal_id not in self.state.decisions or expected_version not in (None, current):
            return None
        self.state.indicators_versions[proposal_id] = current + 1
        return current + 1

    def measurements_of(self, proposal_id: int) -> list[IndicatorMeasurement]:
        indicators = {i.id: i for i in self.indicators_of(proposal_id)}
        found = [m for m in self.state.measurements.values() if m.indicator_id in indicators]
        found.sort(
            key=lambda m: (indicators[m.indicator_id].position, m.indicator_id, m.measured_on, m.id or 0)
        )
        return copy.deepcopy(found)

    def add_measurement(self, measurement: IndicatorMeasurement) -> IndicatorMeasurement:
        assert measurement.indicator_id in self.state.indicators, measurement.indicator_id
        measurement = replace(measurement, id=self._id())
        self.state.measurements[measurement.id or 0] = measurement
        return copy.deepcopy(measurement)

    def get_conclusion(self, proposal_id: int) -> FollowUpConclusion | None:
        return copy.deepcopy(self.state.conclusions.get(proposal_id))

    def add_conclusion(self, conclusion: FollowUpConclusion) -> FollowUpConclusion:
        if conclusion.proposal_id in self.state.conclusions:
            raise WrongState(N_("The follow-up of this proposal has already been concluded."))
        self.state.conclusions[conclusion.proposal_id] = conclusion
        return copy.deepcopy(conclusion)

    def successor_of(self, proposal_id: int) -> int | None:
        found = sorted(p.id or 0 for p in self.state.proposals.values() if p.predecessor_id == proposal_id)
        return found[0] if found else None

    def _latest(self, indicator_id: int) -> IndicatorMeasurement | None:
        found = [m for m in self.state.measurements.values() if m.indicator_id == indicator_id]
        return max(found, key=lambda m: (m.measured_on, m.id or 0), default=None)

    def _reading(self, indicator: OutcomeIndicator) -> IndicatorReading:
        latest = self._latest(indicator.id or 0)
        return IndicatorReading(
            indicator_id=indicator.id or 0,
            baseline_value=indicator.baseline_value,
            baseline_date=indicator.baseline_date,
            target_value=indicator.target_value,
            target_date=indicator.target_date,
            higher_is_better=indicator.higher_is_better,
            measured_on=latest.measured_on if latest else None,
            value=latest.value if latest else None,
        )

    def portfolio(self, unit_ids: frozenset[int] | None) -> list[PortfolioEntry]:
        entries = []
        for p in self.state.proposals.values():
            decision = self.state.decisions.get(p.id or 0)
            if p.status not in (Status.DECIDED, Status.FOLLOW_UP, Status.CLOSED) or decision is None:
                continue
            if unit_ids is not None and p.unit_id not in unit_ids:
                continue
            conclusion = self.state.conclusions.get(p.id or 0)
            entries.append(
                PortfolioEntry(
                    id=p.id or 0,
                    title=p.title,
                    unit_id=p.unit_id,
                    unit_name=self.state.units[p.unit_id].name,
                    change_type=p.change_type,
                    status=p.status,
                    decided_at=decision.decided_at,
                    follow_up_date=decision.follow_up_date,
                    verdict=conclusion.verdict if conclusion else None,
                    readings=tuple(self._reading(i) for i in self.indicators_of(p.id or 0)),
                )
            )
        entries.sort(key=lambda e: (e.decided_at, e.id), reverse=True)
        return copy.deepcopy(entries)

    def decision_texts(self, scope: ProposalScope | None) -> list[DecisionText]:
        found = [
            p
            for p in self.state.proposals.values()
            if p.status is not Status.DRAFT and in_scope(scope, p.unit_id, p.status)
        ]
        found.sort(key=lambda p: (p.updated_at or p.created_at, p.id), reverse=True)
        texts = []
        for p in found:
            decision = self.state.decisions.get(p.id or 0)
            texts.append(
                DecisionText(
                    id=p.id or 0,
                    title=p.title,
                    unit_id=p.unit_id,
                    unit_name=self.state.units[p.unit_id].name,
                    status=p.status,
                    description=p.description,
                    justification=decision.justification if decision else "",
                    dissent=decision.dissent if decision else "",
                    conditions=decision.conditions if decision else "",
                    dilemmas=tuple(
                        d.text
                        for d in sorted(self.state.dilemmas.values(), key=lambda d: d.id or 0)
                        if d.proposal_id == p.id
                    ),
                    decided_at=decision.decided_at if decision else None,
                )
            )
        return texts

    # Audit
    def record(self, event: AuditEvent) -> None:
        self.state.events.append(replace(event, id=self._id()))

    def change_stamp(self) -> tuple[object, int]:
        return self.state.database, len(self.state.events)

    def events_for(self, object_type: str, object_id: str) -> list[AuditEvent]:
        return [e for e in self.state.events if (e.object_type, e.object_id) == (object_type, object_id)]

    def find_events(self, query: AuditQuery) -> tuple[list[AuditEvent], int]:
        found = [
            e
            for e in reversed(self.state.events)
            if (query.actor_id is None or e.actor_id == query.actor_id)
            and e.action.startswith(query.action_prefix)
            and (not query.object_type or e.object_type == query.object_type)
            and (not query.object_id or e.object_id == query.object_id)
            and (query.since is None or e.at >= query.since)
            and (query.before is None or e.at < query.before)
        ]
        end = None if query.limit is None else query.offset + query.limit
        return copy.deepcopy(found[query.offset : end]), len(found)

    # One person's data
    def core_tasks_by(self, person_id: int) -> list[CoreTask]:
        return copy.deepcopy([c for c in self.state.core_tasks if c.author_id == person_id])

    def core_task_drafts_by(self, person_id: int) -> list[CoreTaskDraft]:
        found = [
            d
            for d in self.state.core_task_drafts.values()
            if person_id in (d.created_by, d.updated_by, d.closed_by)
        ]
        return copy.deepcopy(sorted(found, key=lambda d: d.id or 0))

    def proposals_by(self, person_id: int) -> list[Proposal]:
        found = [p for p in self.state.proposals.values() if person_id in (p.created_by, p.updated_by)]
        return copy.deepcopy(sorted(found, key=lambda p: p.id or 0))

    def panels_of(self, person_id: int) -> list[PanelMember]:
        return [
            replace(m, proposal_id=p.id)
            for p in sorted(self.state.proposals.values(), key=lambda p: p.id or 0)
            for m in p.panel
            if m.person_id == person_id
        ]

    def scores_by(self, rater_id: int) -> list[Score]:
        return copy.deepcopy([s for s in self.state.scores.values() if s.rater_id == rater_id])

    def drafts_by(self, rater_id: int) -> list[ScoreDraft]:
        found = [d for d in self.state.drafts.values() if d.rater_id == rater_id]
        return copy.deepcopy(sorted(found, key=self._draft_key))

    def readiness_by(self, person_id: int) -> list[ReadinessAnswer]:
        found = [a for a in self.state.readiness.values() if a.answered_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda a: (a.proposal_id, a.criterion_key)))

    def evidence_by(self, person_id: int) -> list[CitizenEvidence]:
        found = [e for e in self.state.evidence.values() if e.recorded_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda e: e.id or 0))

    def med_steps_by(self, person_id: int) -> list[MedStep]:
        found = [s for s in self.state.med_steps.values() if s.recorded_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda s: s.id or 0))

    def consultations_by(self, person_id: int) -> list[Consultation]:
        found = [c for c in self.state.consultations.values() if c.recorded_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda c: c.id or 0))

    def dilemmas_by(self, person_id: int) -> list[Dilemma]:
        return copy.deepcopy([d for d in self.state.dilemmas.values() if d.created_by == person_id])

    def notes_by(self, person_id: int) -> list[DiscussionNote]:
        return copy.deepcopy([n for n in self.state.notes.values() if n.author_id == person_id])

    def decisions_by(self, person_id: int) -> list[Decision]:
        return copy.deepcopy(
            [
                d
                for d in self.state.decisions.values()
                if person_id in {d.decided_by, d.implementation_responsible_id, d.follow_up_responsible_id}
            ]
        )

    def indicators_by(self, person_id: int) -> list[OutcomeIndicator]:
        found = [i for i in self.state.indicators.values() if i.created_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda i: i.id or 0))

    def measurements_by(self, person_id: int) -> list[IndicatorMeasurement]:
        found = [m for m in self.state.measurements.values() if m.recorded_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda m: m.id or 0))

    def conclusions_by(self, person_id: int) -> list[FollowUpConclusion]:
        found = [c for c in self.state.conclusions.values() if c.concluded_by == person_id]
        return copy.deepcopy(sorted(found, key=lambda c: c.proposal_id))


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.state = _State()
        self.commits = 0

    @contextmanager
    def write(self) -> Iterator[FakeRepository]:
        # Stored objects are replaced, never changed in place, so copying the containers is enough.
        snapshot = _State(**{f.name: copy.copy(getattr(self.state, f.name)) for f in fields(_State)})
        try:
            yield FakeRepository(self.state)
        except BaseException:
            self.state.__dict__.update(snapshot.__dict__)
            raise
        self.commits += 1

    @contextmanager
    def read(self) -> Iterator[FakeRepository]:
        yield FakeRepository(copy.deepcopy(self.state))
