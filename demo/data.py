"""Load the demo: Fjordby Kommune and four proposals, made only through the use cases.

Nothing here writes a row. Every unit, person, role, proposal, readiness answer, piece of citizen
evidence, MED step, consultation, core-task draft, score, unsubmitted answer, dilemma and decision
is made by the use case in :mod:`assessment` that a user's click would call, so the demo
obeys the same rules (blind scoring, state machine, validation) and fills the audit log the
same way. What the demo says lives in :mod:`demo.content`; this module only plays it.

The demo is reproducible: a fixed clock (:class:`DemoClock`, February to November 2026) and one seeded
random generator (``random.Random(2026)``) give the same scores, reasons and timestamps on
every load, on any database.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from assessment import (
    citizen_evidence,
    core_task_drafts,
    decision,
    dilemmas,
    med_committees,
    med_process,
    organisation,
    outcomes,
    people,
    proposal_plan,
    proposals,
    readiness,
    score_drafts,
    scoring_sheet,
)
from assessment.kernel import scoring
from assessment.kernel.model import Profession, Proposal, Round, RubricRef, Status
from assessment.kernel.permissions import SYSTEM, Actor, on_behalf_of
from assessment.kernel.repository import UnitOfWork
from assessment.kernel.rubric import Criterion, CriterionRole, FacetKind, Rubric, Scale, ScaleKind
from assessment.kernel.rubric_loading import parse_rubric
from demo import content
from demo.checks import DemoDataError, check_spec
from demo.content import CellRef, ProposalSpec

Clock = Callable[[], datetime]

RUBRICS_DIR = Path(__file__).resolve().parent.parent / "rubrics"
MAIN_RUBRIC_FILE = "kerneopgave.toml"  # the default rubric every demo proposal is scored on
SEED = 2026

# How far a rater strays from the typical level, in scale steps (a normal distribution).
SPREAD = 0.55
SPREAD_BASELINE = 0.3  # "keep as is" against today: most say "no difference"
SPREAD_LADDER = 0.35  # the planned involvement is a fact of the plan, not a taste
# How often a rater answers "ved ikke" (don't know).
DONT_KNOW_SHARE = 0.03
DONT_KNOW_SHARE_ORDINAL = 0.07  # an ordinal question asked per option: staff often cannot tell
DONT_KNOW_SHARE_OTHER_PROFESSION = 0.08  # judging the other professions' part


class DemoClock:
    """A clock for the demo: small steps from 2 February 2026, with jumps to planned moments.

    Every call returns a moment a little later than the one before; :meth:`advance_to` moves
    the clock forward to when the next thing in the story happens (never backwards).
    """

    def __init__(self, start: datetime = content.START, step: timedelta = timedelta(seconds=15)) -> None:
        if start.tzinfo is None:
            raise ValueError("the demo clock needs a timezone-aware start")
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now

    def advance_to(self, moment: datetime) -> None:
        if moment > self.now:
            self.now = moment


def _advance(clock: Clock, moment: datetime) -> None:
    advance = getattr(clock, "advance_to", None)
    if callable(advance):
        advance(moment)


@dataclass(frozen=True)
class DemoSummary:
    """What was loaded, in numbers; ``proposal_ids`` maps the story's labels A, B, C to ids."""

    rubrics: int
    units: int
    core_tasks: int
    professions: int
    people: int
    memberships: int
    proposals: int
    options: int
    scores: int
    reasons: int
    dilemmas: int
    decisions: int
    proposal_ids: Mapping[str, int] = field(default_factory=dict)
    drafts: int = 0  # answers saved but not yet submitted
    readiness_answers: int = 0
    evidence: int = 0
    indicators: int = 0
    measurements: int = 0
    conclusions: int = 0

    def line(self) -> str:
        return (
            f"Demodata indlæst / demo data loaded: {self.units} enheder/units, "
            f"{self.people} personer/people, "
            f"{self.proposals} forslag/proposals, {self.scores} vurderinger/scores "
            f"({self.reasons} med begrundelse/with a reason, {self.drafts} ikke indsendt/not submitted), "
            f"{self.readiness_answers} paratheds-svar/readiness answers, {self.dilemmas} dilemmaer/dilemmas, "
            f"{self.decisions} beslutninger/decisions, {self.indicators} effektindikatorer/outcome indicators, "
            f"{self.conclusions} afsluttet opfølgning/concluded follow-up."
        )


@dataclass
class _Tracker:
    scores: set[tuple[int, int, int, str, str, int]] = field(default_factory=set)
    reasons: set[tuple[int, int, int, str, str, int]] = field(default_factory=set)
    drafts: int = 0
    readiness_answers: int = 0
    evidence: int = 0
    memberships: int = 0
    core_tasks: int = 0
    options: int = 0
    dilemmas: int = 0
    decisions: int = 0
    indicators: int = 0
    measurements: int = 0
    conclusions: int = 0


@dataclass
class _World:
    """Ids of what has been made so far, by the names content.py uses."""

    units: dict[str, int] = field(default_factory=dict)
    professions: dict[str, Profession] = field(default_factory=dict)  # alias → profession
    people: dict[str, int] = field(default_factory=dict)  # handle → id
    committees: dict[str, int] = field(default_factory=dict)  # name → id
    profession_of: dict[str, str] = field(default_factory=dict)  # handle → profession alias
    actors: dict[int, Actor] = field(default_factory=dict)  # person id → their actor

    def actor(self, uow: UnitOfWork, person_id: int) -> Actor:
        """The person's actor, read once: the story grants every role before anyone acts, and
        reading it for each of the thousand scores made the in-memory load quadratic."""
        if person_id not in self.actors:
            self.actors[person_id] = people.actor_for(uow, person_id)
        return self.actors[person_id]


# Entry point -----------------------------------------------------------------------------------


def load_demo(uow: UnitOfWork, *, clock: Clock | None = None, rubrics_dir: Path = RUBRICS_DIR) -> DemoSummary:
    """Build Fjordby Kommune and its four proposals in ``uow``, through the use cases only; the
    follow-up of proposal D ends by opening a fifth, a draft that adjusts it.

    ``clock`` defaults to a fresh :class:`DemoClock`. Another clock works too, as long as its
    "today" lies after D's measurements (28 August 2026) and before C's follow-up date (10 June
    2027); only a clock with an ``advance_to`` method gets the story's dates. Raises :class:`DemoDataError` before writing
    anything when the default rubric no longer has a criterion the demo's reasons are about.
    """
    clock = clock or DemoClock()
    rng = random.Random(SEED)
    files = sorted(rubrics_dir.glob("*.toml"))
    main_file = rubrics_dir / MAIN_RUBRIC_FILE
    if main_file not in files:
        raise DemoDataError(f"The demo is scored on {MAIN_RUBRIC_FILE}, but {rubrics_dir} has no such file.")
    main = parse_rubric(main_file.read_bytes(), main_file.name)
    for spec in content.PROPOSALS:
        check_spec(spec, main)

    world = _World()
    tracker = _Tracker()
    refs = {}
    for path in files:
        refs[path] = organisation.register_rubric(
            uow, content=path.read_bytes(), source_name=path.name, actor=SYSTEM, clock=clock
        ).ref
    _organisation(uow, world, tracker, clock)

    later = sorted(
        (t for t in content.CORE_TASKS if t.recorded_at), key=lambda t: t.recorded_at or content.START
    )
    proposal_ids: dict[str, int] = {}
    played_until = content.START
    for spec in content.PROPOSALS:
        # A story that begins before the last one ended (D) runs on a clock of its own, from the start.
        story_clock = (
            DemoClock() if isinstance(clock, DemoClock) and spec.registered < played_until else clock
        )
        played_until = max(played_until, spec.registered)
        # New versions of core tasks (history) are recorded when the story reaches them.
        while later and (later[0].recorded_at or content.START) <= spec.registered:
            _core_task(uow, world, tracker, clock, later.pop(0))
        proposal = _play(uow, spec, refs[main_file], world, tracker, rng, story_clock)
        proposal_ids[spec.label] = proposal.id or 0
        if spec.follow_up is not None:
            successor = _follow_up(uow, spec, proposal, world, tracker, rng, story_clock)
            if successor is not None:
                proposal_ids[content.SUCCESSOR_LABEL] = successor

    for task in later:
        _core_task(uow, world, tracker, clock, task)
    return DemoSummary(
        rubrics=len(refs),
        units=len(world.units),
        core_tasks=tracker.core_tasks,
        professions=len(world.professions),
        people=len(world.people),
        memberships=tracker.memberships,
        proposals=len(proposal_ids),
        options=tracker.options,
        scores=len(tracker.scores),
        reasons=len(tracker.reasons),
        dilemmas=tracker.dilemmas,
        decisions=tracker.decisions,
        proposal_ids=proposal_ids,
        drafts=tracker.drafts,
        readiness_answers=tracker.readiness_answers,
        evidence=tracker.evidence,
        indicators=tracker.indicators,
        measurements=tracker.measurements,
        conclusions=tracker.conclusions,
    )


# Organisation ----------------------------------------------------------------------------------


def _organisation(uow: UnitOfWork, world: _World, tracker: _Tracker, clock: Clock) -> None:
    _advance(clock, content.START)
    for alias, name in content.PROFESSIONS.items():
        world.professions[alias] = people.register_profession(uow, name=name, actor=SYSTEM, clock=clock)
    admin = content.PEOPLE[0]
    # The administrator is registered first, by the system; everything else is done by them.
    world.people[admin.handle] = _person(uow, world, admin, actor=SYSTEM, clock=clock)
    # Replayed on the administrator's behalf: their role is granted only further down.
    actor = on_behalf_of(world.people[admin.handle])
    for unit in content.UNITS:
        parent = world.units[unit.parent] if unit.parent else None
        made = organisation.register_unit(
            uow, name=unit.name, level=unit.level, parent_id=parent, actor=actor, clock=clock
        )
        world.units[unit.name] = made.id or 0
    for person in content.PEOPLE[1:]:
        world.people[person.handle] = _person(uow, world, person, actor=actor, clock=clock)
    for handle, unit_name, role in content.ROLES:
        people.grant_role(
            uow,
            person_id=world.people[handle],
            unit_id=world.units[unit_name],
            role=role,
            actor=SYSTEM if handle == admin.handle else actor,
            clock=clock,
        )
        tracker.memberships += 1
    for committee in content.COMMITTEES:
        _committee(uow, world, committee, actor=actor, clock=clock)
    for task in content.CORE_TASKS:
        if task.recorded_at is None:
            _core_task(uow, world, tracker, clock, task)


def _committee(
    uow: UnitOfWork, world: _World, spec: content.CommitteeSpec, *, actor: Actor, clock: Clock
) -> None:
    made = med_committees.register_committee(
        uow, name=spec.name, kind=spec.kind, unit_id=world.units[spec.unit], actor=actor, clock=clock
    )
    world.committees[spec.name] = made.id or 0
    for handle, side, role in spec.members:
        med_committees.add_member(
            uow, made.id or 0, person_id=world.people[handle], side=side, role=role, actor=actor, clock=clock
        )


def _person(uow: UnitOfWork, world: _World, person: content.PersonSpec, *, actor: Actor, clock: Clock) -> int:
    made = people.register_person(
        uow,
        name=person.name,
        email=person.email,
        profession_id=world.professions[person.profession].id,
        actor=actor,
        clock=clock,
    )
    world.profession_of[person.handle] = person.profession
    return made.id or 0


def _core_task(
    uow: UnitOfWork, world: _World, tracker: _Tracker, clock: Clock, task: content.CoreTaskSpec
) -> None:
    if task.recorded_at is not None:
        _advance(clock, task.recorded_at)
    organisation.record_core_task(
        uow,
        unit_id=world.units[task.unit],
        statement=task.statement,
        formal=task.formal,
        performed=task.performed,
        experienced=task.experienced,
        actor=world.actor(uow, world.people[task.author]),
        clock=clock,
    )
    tracker.core_tasks += 1


# One proposal, from draft to where the story leaves it -----------------------------------------


def _play(
    uow: UnitOfWork,
    spec: ProposalSpec,
    rubric_ref: RubricRef,
    world: _World,
    tracker: _Tracker,
    rng: random.Random,
    clock: Clock,
) -> Proposal:
    owner = world.people[spec.owner]
    _advance(clock, spec.registered)
    proposal = proposals.register_proposal(
        uow,
        proposals.ProposalInput(
            unit_id=world.units[spec.unit],
            title=spec.title,
            description=spec.description,
            change_type=spec.change_type,
            origin=spec.origin,
            management_level=spec.management_level,
            med_committee=spec.med_committee,
            med_committee_id=world.committees.get(spec.med_committee),
            rubric=rubric_ref,
            options=[proposals.OptionInput(title, description) for title, description in spec.options],
            affected_profession_ids=[world.professions[alias].id or 0 for alias in spec.affected],
            panel_person_ids=[world.people[plan.person] for plan in spec.raters],
            context=spec.context,
            consulted=spec.consulted,
            informed=spec.informed,
            baseline_description=spec.baseline,
        ),
        actor=world.actor(uow, owner),
        clock=clock,
    )
    proposal_id = proposal.id or 0
    tracker.options += len(proposal.options)
    _prepare(uow, spec, proposal_id, world, tracker, clock)
    _advance(clock, spec.opened)
    proposals.open_scoring(uow, proposal_id, actor=world.actor(uow, owner), clock=clock)

    _blind_round(uow, spec, proposal, world, tracker, rng, clock)

    if spec.revealed is not None:
        _advance(clock, spec.revealed)
        proposals.reveal(uow, proposal_id, actor=world.actor(uow, owner), clock=clock)
        _discussion(uow, spec, proposal, world, tracker, clock)

    if spec.med_entered is not None:
        _advance(clock, spec.med_entered)
    if spec.med_steps or spec.consultations:
        _med_process(uow, spec, proposal_id, world, clock)

    if spec.plan:  # written while the options are discussed, as the APV and the budget settle
        _save_plan(uow, spec, proposal_id, world, clock)

    if spec.decision is not None:
        decided = spec.decision
        _advance(clock, decided.at)
        decision.record_decision(
            uow,
            proposal_id,
            decision.DecisionInput(
                chosen_option_id=_option_id(proposal, decided.option),
                justification=decided.justification,
                med_statement=decided.med_statement,
                dissent=decided.dissent,
                conditions=decided.conditions,
                follow_up_date=decided.follow_up,
                indicators=decided.indicators,
                meeting_date=decided.meeting,
                agenda_item=decided.agenda_item,
                participants=decided.participants,
                employee_remarks=decided.employee_remarks,
                communication=decided.communication,
                implementation_responsible_id=_person_id(world, decided.carried_out_by),
                follow_up_responsible_id=_person_id(world, decided.followed_up_by),
            ),
            actor=world.actor(uow, world.people[decided.by]),
            clock=clock,
        )
        tracker.decisions += 1

    final = proposals.get_proposal(uow, proposal_id, actor=SYSTEM)
    expected = Status.DECIDED if spec.decision else Status.DISCUSSION if spec.revealed else Status.SCORING
    if final.status is not expected:
        raise DemoDataError(f"Proposal {spec.label} ended in status {final.status}, not {expected}.")
    return final


def _follow_up(
    uow: UnitOfWork,
    spec: ProposalSpec,
    proposal: Proposal,
    world: _World,
    tracker: _Tracker,
    rng: random.Random,
    clock: Clock,
) -> int | None:
    """After the decision: the leader sets the outcome indicators; at the follow-up the panel scores
    what happened, the leader records what was measured and concludes; the proposal is closed.
    Returns the id of the proposal the conclusion opened, if any."""
    plan = spec.follow_up
    assert plan is not None and spec.decision is not None
    proposal_id = proposal.id or 0
    leader = world.actor(uow, world.people[plan.by])
    _advance(clock, plan.indicators_at)
    saved = outcomes.save_indicators(
        uow,
        proposal_id,
        [
            outcomes.IndicatorInput(
                name=item.name,
                source=item.source,
                unit=item.unit,
                baseline_value=item.baseline[0],
                baseline_date=item.baseline[1],
                target_value=item.target[0],
                target_date=item.target[1],
                higher_is_better=item.higher_is_better,
            )
            for item in plan.indicators
        ],
        actor=leader,
        clock=clock,
    )
    tracker.indicators += len(saved)
    _advance(clock, plan.started_at)
    proposals.start_follow_up(uow, proposal_id, actor=leader, clock=clock)
    _follow_up_round(uow, spec, plan, proposal_id, world, tracker, rng, clock)
    _advance(clock, plan.measured_at)
    for indicator, item in zip(saved, plan.indicators, strict=True):
        outcomes.record_measurement(
            uow,
            indicator.id or 0,
            outcomes.MeasurementInput(
                measured_on=item.measured[1], value=item.measured[0], source=item.source, note=item.note
            ),
            actor=leader,
            clock=clock,
        )
        tracker.measurements += 1
    _advance(clock, plan.concluded_at)
    conclusion = outcomes.conclude_follow_up(
        uow,
        proposal_id,
        plan.verdict,
        plan.reasons,
        actor=leader,
        open_successor=plan.opens_successor,
        clock=clock,
    )
    tracker.conclusions += 1
    _advance(clock, plan.closed_at)
    proposals.close_proposal(uow, proposal_id, actor=leader, clock=clock)
    return conclusion.successor_proposal_id


def _follow_up_round(
    uow: UnitOfWork,
    spec: ProposalSpec,
    plan: content.FollowUpSpec,
    proposal_id: int,
    world: _World,
    tracker: _Tracker,
    rng: random.Random,
    clock: Clock,
) -> None:
    """The panel scores what actually happened: each of the plan's raters answers every question the
    follow-up asks them (the scoring sheet's, on the chosen option only) and submits them at once;
    hand-written where the plan has an answer, around the plan's centers otherwise."""
    hand = {(person, key): (level, reason) for person, key, level, reason in plan.rescores}
    used: set[tuple[str, str]] = set()
    facet_alias = _facet_aliases(world)
    for person in plan.raters:
        rater = world.actor(uow, world.people[person])
        sheet = scoring_sheet.scoring_sheet(uow, proposal_id, actor=rater)
        if sheet.round is not Round.FOLLOW_UP:
            raise DemoDataError(
                f"Proposal {spec.label}: {person} is asked round {sheet.round.value}, not follow-up."
            )
        profession = world.profession_of[person]
        entries = []
        for index, option_id, criterion, facet in _questions(sheet):
            noise, chance = rng.gauss(0.0, 1.0), rng.random()
            written = hand.get((person, criterion.key))
            if written is not None and criterion.facets is not FacetKind.PERSPECTIVE:
                level, reason = written
                used.add((person, criterion.key))
            else:
                level = _generated_level(
                    sheet.rubric,
                    plan.centers.get(criterion.key),
                    criterion,
                    index,
                    facet_alias.get(facet, facet),
                    profession,
                    spec.bias.get(profession, {}),
                    noise,
                    chance,
                )
                reason = ""
            entries.append(
                scoring_sheet.ScoreInput(proposal_id, option_id, criterion.key, level, reason, facet)
            )
        _submit(uow, proposal_id, entries, rater, Round.FOLLOW_UP, tracker, clock)
    unused = sorted(set(hand) - used)
    if unused:
        raise DemoDataError(
            f"Proposal {spec.label}: hand-written follow-up scores were never given (the rater is not among the "
            f"follow-up's raters, or is not asked that question once): {unused}."
        )


def _med_process(uow: UnitOfWork, spec: ProposalSpec, proposal_id: int, world: _World, clock: Clock) -> None:
    """The leader enters the MED steps from the committee's minutes, and the consultations with their
    answers; every date lies before the moment the story has reached."""
    leader = world.actor(uow, world.people[spec.owner])
    for step in spec.med_steps:
        med_process.add_med_step(
            uow,
            proposal_id,
            med_process.MedStepInput(
                kind=step.kind,
                held_on=step.held_on,
                agenda_item=step.agenda_item,
                note=step.note,
                employee_remarks=step.employee_remarks,
                committee_id=world.committees.get(step.committee or spec.med_committee),
            ),
            actor=leader,
            clock=clock,
        )
    for item in spec.consultations:
        med_process.add_consultation(
            uow,
            proposal_id,
            med_process.ConsultationInput(
                item.body, item.sent_on, item.deadline, item.answered_on, item.answer
            ),
            actor=leader,
            clock=clock,
        )


def _person_id(world: _World, handle: str | None) -> int | None:
    return None if handle is None else world.people[handle]


def _save_plan(uow: UnitOfWork, spec: ProposalSpec, proposal_id: int, world: _World, clock: Clock) -> None:
    texts = {name: value for name, value in spec.plan.items() if isinstance(value, str)}
    agreed = spec.plan.get("apv_agreed_on")
    proposal_plan.save_plan(
        uow,
        proposal_id,
        proposal_plan.PlanInput(apv_agreed_on=agreed if isinstance(agreed, date) else None, **texts),
        expected_version=0,
        actor=world.actor(uow, world.people[spec.owner]),
        clock=clock,
    )


def _option_id(proposal: Proposal, index: int) -> int:
    options = sorted(proposal.options, key=lambda option: option.position)
    return options[index].id or 0


def _prepare(
    uow: UnitOfWork, spec: ProposalSpec, proposal_id: int, world: _World, tracker: _Tracker, clock: Clock
) -> None:
    """What the leader does before scoring opens: the readiness checklist, what the citizens' own
    voice was heard through, and the text of the core-task draft a change of the core task opens."""
    leader = world.actor(uow, world.people[spec.owner])
    if spec.readiness:
        checklist = readiness.record_readiness(
            uow,
            proposal_id,
            [readiness.ReadinessInput(key, level, note) for key, (level, note) in spec.readiness.items()],
            actor=leader,
            clock=clock,
        )
        tracker.readiness_answers += checklist.answered
    for item in spec.evidence:
        citizen_evidence.add_citizen_evidence(
            uow,
            proposal_id,
            kind=item.kind,
            collected_on=item.collected_on,
            note=item.note,
            actor=leader,
            clock=clock,
        )
        tracker.evidence += 1
    if spec.core_task_draft is None:
        return
    # Registering the proposal opened the draft (a copy of the unit's core task); the leader writes on it.
    view = core_task_drafts.proposal_draft(uow, proposal_id, actor=leader)
    if view is None or not view.is_open:
        raise DemoDataError(f"Proposal {spec.label} changes the core task, but no draft of it was opened.")
    texts = spec.core_task_draft
    core_task_drafts.save_draft(
        uow,
        view.draft.id or 0,
        statement=texts.statement,
        formal=texts.formal,
        performed=texts.performed,
        experienced=texts.experienced,
        expected_version=view.draft.version,
        actor=leader,
        clock=clock,
    )


def _blind_round(
    uow: UnitOfWork,
    spec: ProposalSpec,
    proposal: Proposal,
    world: _World,
    tracker: _Tracker,
    rng: random.Random,
    clock: Clock,
) -> None:
    """Each rater answers their own questions; the first part is submitted, the next part is left
    as unsubmitted drafts, as :class:`content.RaterPlan` says."""
    proposal_id = proposal.id or 0
    facet_alias = _facet_aliases(world)
    used: set[tuple[CellRef, str]] = set()
    for plan in spec.raters:
        _advance(clock, plan.starts)
        rater = world.actor(uow, world.people[plan.person])
        sheet = scoring_sheet.scoring_sheet(uow, proposal_id, actor=rater)
        rater_profession = world.profession_of[plan.person]
        bias = spec.bias.get(rater_profession, {})
        cells = _questions(sheet)
        submitted = math.floor(len(cells) * plan.share + 0.5)
        answered = math.floor(len(cells) * (plan.share + plan.drafted) + 0.5)
        entries: list[scoring_sheet.ScoreInput] = []
        drafts: list[scoring_sheet.ScoreInput] = []
        for position, (index, option_id, criterion, facet) in enumerate(cells):
            # Draw for every cell, answered or not, so one rater's share never shifts another's levels.
            noise, chance = rng.gauss(0.0, 1.0), rng.random()
            if position >= answered:
                continue
            alias = facet_alias.get(facet, facet)
            ref: CellRef = (index, criterion.key, alias)
            hand = spec.hand.get(ref, {}).get(plan.person)
            if hand is not None:
                level, reason = hand
                used.add((ref, plan.person))
            else:
                centers = spec.centers.get(criterion.key)
                level = _generated_level(
                    sheet.rubric,
                    None if centers is None else centers[index],
                    criterion,
                    index,
                    alias,
                    rater_profession,
                    bias,
                    noise,
                    chance,
                )
                reason = ""
            entry = scoring_sheet.ScoreInput(proposal_id, option_id, criterion.key, level, reason, facet)
            (entries if position < submitted else drafts).append(entry)
        if entries:  # "Indsend mine svar": one transaction for everything the rater submits
            _submit(uow, proposal_id, entries, rater, Round.BLIND, tracker, clock)
        for entry in drafts:  # the scoring screen keeps every answer as it is given
            score_drafts.save_draft(
                uow,
                proposal_id,
                entry.option_id,
                entry.criterion_key,
                entry.facet,
                entry.level,
                entry.reason,
                drawn_in=Round.BLIND,
                actor=rater,
                clock=clock,
            )
            tracker.drafts += 1
    unused = [
        f"{person} on {ref}"
        for ref, by_person in spec.hand.items()
        for person in by_person
        if (ref, person) not in used
    ]
    if unused:
        raise DemoDataError(
            f"Proposal {spec.label}: hand-written scores were never given (the rater has not got that far, "
            f"or is not asked that question): {', '.join(unused)}."
        )


def _questions(sheet: scoring_sheet.ScoringSheet) -> list[tuple[int, int, Criterion, str]]:
    """(option index, option id, criterion, facet) for every answer the rater gives, in the order
    the scoring screen asks them: one question at a time across all options."""
    ordered = sorted(sheet.proposal.options, key=lambda option: option.position)
    index = {option.id: position for position, option in enumerate(ordered)}
    order = {criterion.key: position for position, criterion in enumerate(sheet.rubric.criteria)}
    cells = [
        (index[option.id], option.id or 0, criterion, facet)
        for option in sorted(sheet.options, key=lambda option: option.position)
        for criterion, facet in scoring.questions_for(
            sheet.rubric, option, sheet.professions, sheet.rater_profession
        )
    ]
    # A stable sort: within one question and option the facets keep the rubric's order.
    return sorted(cells, key=lambda cell: (order[cell[2].key], cell[0]))


def _facet_aliases(world: _World) -> dict[str, str]:
    """Profession key → the alias content.py uses; perspectives are their own alias."""
    return {profession.key: alias for alias, profession in world.professions.items()}


def _generated_level(
    rubric: Rubric,
    center: content.Center,
    criterion: Criterion,
    index: int,
    facet_alias: str,
    rater_profession: str,
    bias: Mapping[str, float],
    noise: float,
    chance: float,
) -> int | None:
    scale = rubric.scale_of(criterion)
    if chance < _dont_know_chance(scale, criterion, facet_alias, rater_profession):
        return None
    typical = _center(center, scale, index, facet_alias)
    # Only a rubric that asks "keep as is" about its effect gets here with index 0 on a bipolar scale.
    baseline_effect = index == 0 and scale.kind is ScaleKind.BIPOLAR
    if scale.kind is ScaleKind.LADDER:
        spread, shift = SPREAD_LADDER, 0.0
    elif baseline_effect:
        spread, shift = SPREAD_BASELINE, 0.0  # "no difference from today" is not a matter of profession
    else:
        spread, shift = SPREAD, bias.get(criterion.key, bias.get(criterion.dimension, 0.0))
    value = math.floor(typical + shift + spread * noise + 0.5)
    return min(max(value, scale.lowest), scale.highest)


def _dont_know_chance(scale: Scale, criterion: Criterion, facet_alias: str, rater_profession: str) -> float:
    chance = DONT_KNOW_SHARE_ORDINAL if scale.kind is ScaleKind.ORDINAL else DONT_KNOW_SHARE
    about_others = criterion.role is CriterionRole.OPENNESS or (
        criterion.facets is FacetKind.PROFESSION and facet_alias != rater_profession
    )
    if about_others and rater_profession != "leder":
        chance = max(chance, DONT_KNOW_SHARE_OTHER_PROFESSION)
    return chance


def _center(center: content.Center, scale: Scale, index: int, facet_alias: str) -> float:
    """The level a typical rater gives: the content's center for the option, on the criterion's scale."""
    if center is None:
        # A criterion added to the rubric after the demo was written: a neutral, plausible level.
        if scale.kind is ScaleKind.BIPOLAR:
            return 0.0 if index == 0 else 0.4
        return (scale.lowest + scale.highest) / 2
    if isinstance(center, Mapping):
        return float(center[facet_alias])
    return float(center)


def _submit(
    uow: UnitOfWork,
    proposal_id: int,
    entries: list[scoring_sheet.ScoreInput],
    rater: Actor,
    round_: Round,
    tracker: _Tracker,
    clock: Clock,
) -> None:
    saved = scoring_sheet.record_scores(uow, proposal_id, entries, actor=rater, clock=clock)
    for score in saved:
        if score.round is not round_:
            raise DemoDataError(
                f"A score meant for round {round_.value} went into round {score.round.value}."
            )
        key = (
            score.proposal_id,
            score.rater_id,
            score.option_id,
            score.criterion_key,
            score.facet,
            int(score.round),
        )
        tracker.scores.add(key)
        if score.reason:
            tracker.reasons.add(key)


def _discussion(
    uow: UnitOfWork, spec: ProposalSpec, proposal: Proposal, world: _World, tracker: _Tracker, clock: Clock
) -> None:
    """After the reveal: dilemmas are raised, some raters change their minds, dilemmas are settled."""
    proposal_id = proposal.id or 0
    profession_keys = {alias: profession.key for alias, profession in world.professions.items()}
    events: list[tuple[datetime, int, Callable[[], None]]] = []

    for dilemma in spec.dilemmas:

        def raise_dilemma(dilemma: content.DilemmaSpec = dilemma) -> None:
            made = dilemmas.record_dilemma(
                uow,
                proposal_id,
                text=dilemma.text,
                pole_a=dilemma.pole_a,
                pole_b=dilemma.pole_b,
                option_id=None if dilemma.option is None else _option_id(proposal, dilemma.option),
                criterion_key=dilemma.criterion,
                actor=world.actor(uow, world.people[dilemma.by]),
                clock=clock,
            )
            tracker.dilemmas += 1
            if dilemma.settled_at is not None:
                settled_at = dilemma.settled_at

                def settle() -> None:
                    dilemmas.set_dilemma_status(
                        uow,
                        proposal_id,
                        made.id or 0,
                        status=dilemma.status,
                        note=dilemma.note,
                        actor=world.actor(uow, world.people[spec.owner]),
                        clock=clock,
                    )

                events.append((settled_at, 2, settle))

        events.append((dilemma.at, 0, raise_dilemma))

    for revision in spec.revisions:

        def revise(revision: content.Revision = revision) -> None:
            index, criterion_key, alias = revision.cell
            facet = profession_keys.get(alias, alias)
            entry = scoring_sheet.ScoreInput(
                proposal_id,
                _option_id(proposal, index),
                criterion_key,
                revision.level,
                revision.reason,
                facet,
            )
            rater = world.actor(uow, world.people[revision.person])
            _submit(uow, proposal_id, [entry], rater, Round.REVISED, tracker, clock)

        events.append((revision.at, 1, revise))

    # Play everything in time order; settling a dilemma is added while its raising is played.
    while events:
        events.sort(key=lambda event: (event[0], event[1]))
        when, _, action = events.pop(0)
        _advance(clock, when)
        action()
