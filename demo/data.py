"""Load the demo: Fjordby Kommune and three proposals, made only through the use cases.

Nothing here writes a row. Every unit, person, role, proposal, score, dilemma and decision is
made by the use case in :mod:`assessment` that a user's click would call, so the demo
obeys the same rules (blind scoring, state machine, validation) and fills the audit log the
same way. What the demo says lives in :mod:`demo.content`; this module only plays it.

The demo is reproducible: a fixed clock (:class:`DemoClock`, autumn 2026) and one seeded
random generator (``random.Random(2026)``) give the same scores, reasons and timestamps on
every load, on any database.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from assessment import decision, dilemmas, organisation, people, proposals, scoring_sheet
from assessment.kernel import scoring
from assessment.kernel.model import Perspective, Profession, Proposal, Round, RubricRef, Status
from assessment.kernel.permissions import SYSTEM, Actor, on_behalf_of
from assessment.kernel.repository import UnitOfWork
from assessment.kernel.rubric import Criterion, FacetKind, Rubric, Scale, ScaleKind
from assessment.kernel.rubric_loading import parse_rubric
from demo import content
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
DONT_KNOW_SHARE_ORDINAL = 0.07  # evidence basis, APV, budget: staff often cannot tell
DONT_KNOW_SHARE_OTHER_PROFESSION = 0.08  # scoring another profession's role


class DemoDataError(Exception):
    """The demo's hand-written content no longer fits the rubric or the use cases."""


class DemoClock:
    """A clock for the demo: small steps from 1 September 2026, with jumps to planned moments.

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

    def line(self) -> str:
        return (
            f"Demodata indlæst / demo data loaded: {self.units} enheder/units, "
            f"{self.people} personer/people, "
            f"{self.proposals} forslag/proposals, {self.scores} vurderinger/scores "
            f"({self.reasons} med begrundelse/with a reason), {self.dilemmas} dilemmaer/dilemmas, "
            f"{self.decisions} beslutning/decision."
        )


@dataclass
class _Tracker:
    scores: set[tuple[int, int, int, str, str, int]] = field(default_factory=set)
    reasons: set[tuple[int, int, int, str, str, int]] = field(default_factory=set)
    memberships: int = 0
    core_tasks: int = 0
    options: int = 0
    dilemmas: int = 0
    decisions: int = 0


@dataclass
class _World:
    """Ids of what has been made so far, by the names content.py uses."""

    units: dict[str, int] = field(default_factory=dict)
    professions: dict[str, Profession] = field(default_factory=dict)  # alias → profession
    people: dict[str, int] = field(default_factory=dict)  # handle → id
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
    """Build Fjordby Kommune and its three proposals in ``uow``, through the use cases only.

    ``clock`` defaults to a fresh :class:`DemoClock`. Another clock works too, as long as its
    "today" is before the decision's follow-up date (10 June 2027); only a clock with an
    ``advance_to`` method gets the story's dates. Raises :class:`DemoDataError` before writing
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
        _check_spec(spec, main)

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
    for spec in content.PROPOSALS:
        # New versions of core tasks (history) are recorded when the story reaches them.
        while later and (later[0].recorded_at or content.START) <= spec.registered:
            _core_task(uow, world, tracker, clock, later.pop(0))
        proposal = _play(uow, spec, refs[main_file], world, tracker, rng, clock)
        proposal_ids[spec.label] = proposal.id or 0

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
    for task in content.CORE_TASKS:
        if task.recorded_at is None:
            _core_task(uow, world, tracker, clock, task)


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
    _advance(clock, spec.opened)
    proposals.open_scoring(uow, proposal_id, actor=world.actor(uow, owner), clock=clock)

    _blind_round(uow, spec, proposal, world, tracker, rng, clock)

    if spec.revealed is not None:
        _advance(clock, spec.revealed)
        proposals.reveal(uow, proposal_id, actor=world.actor(uow, owner), clock=clock)
        _discussion(uow, spec, proposal, world, tracker, clock)

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


def _option_id(proposal: Proposal, index: int) -> int:
    options = sorted(proposal.options, key=lambda option: option.position)
    return options[index].id or 0


def _blind_round(
    uow: UnitOfWork,
    spec: ProposalSpec,
    proposal: Proposal,
    world: _World,
    tracker: _Tracker,
    rng: random.Random,
    clock: Clock,
) -> None:
    proposal_id = proposal.id or 0
    sheet = scoring_sheet.scoring_sheet(
        uow, proposal_id, actor=world.actor(uow, world.people[spec.raters[0].person])
    )
    rubric = sheet.rubric
    cells = _cells(rubric, proposal, sheet.professions)
    facet_alias = _facet_aliases(world)
    used: set[tuple[CellRef, str]] = set()
    for plan in spec.raters:
        _advance(clock, plan.starts)
        rater_id = world.people[plan.person]
        rater_profession = world.profession_of[plan.person]
        bias = spec.bias.get(rater_profession, {})
        done = math.floor(len(cells) * plan.share + 0.5)
        for position, (index, criterion, facet) in enumerate(cells):
            # Draw for every cell, scored or not, so one rater's share never shifts another's levels.
            noise, chance = rng.gauss(0.0, 1.0), rng.random()
            if position >= done:
                continue
            alias = facet_alias.get(facet, facet)
            ref: CellRef = (index, criterion.key, alias)
            hand = spec.hand.get(ref, {}).get(plan.person)
            if hand is not None:
                level, reason = hand
                used.add((ref, plan.person))
            else:
                level = _generated_level(
                    rubric, spec, criterion, index, alias, rater_profession, bias, noise, chance
                )
                reason = ""
            _score(
                uow,
                proposal,
                index,
                criterion.key,
                facet,
                level,
                reason,
                world.actor(uow, rater_id),
                Round.BLIND,
                tracker,
                clock,
            )
    unused = [
        f"{person} on {ref}"
        for ref, by_person in spec.hand.items()
        for person in by_person
        if (ref, person) not in used
    ]
    if unused:
        raise DemoDataError(
            f"Proposal {spec.label}: hand-written scores were never given (the rater has not got that far, "
            f"or the cell does not exist): {', '.join(unused)}."
        )


def _cells(
    rubric: Rubric, proposal: Proposal, professions: Iterable[Profession]
) -> list[tuple[int, Criterion, str]]:
    """Every option × criterion × facet of the scoring sheet, in the order a rater goes through it."""
    ordered = sorted(professions, key=lambda profession: profession.id or 0)
    return [
        (index, criterion, facet)
        for index in range(len(proposal.options))
        for criterion in rubric.criteria
        for facet in scoring.facets_for(rubric, criterion.key, ordered)
    ]


def _facet_aliases(world: _World) -> dict[str, str]:
    """Profession key → the alias content.py uses; perspectives are their own alias."""
    return {profession.key: alias for alias, profession in world.professions.items()}


def _generated_level(
    rubric: Rubric,
    spec: ProposalSpec,
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
    center = _center(spec, criterion, scale, index, facet_alias)
    baseline_effect = index == 0 and scale.kind is ScaleKind.BIPOLAR
    if scale.kind is ScaleKind.LADDER:
        spread, shift = SPREAD_LADDER, 0.0
    elif baseline_effect:
        spread, shift = SPREAD_BASELINE, 0.0  # "no difference from today" is not a matter of profession
    else:
        spread, shift = SPREAD, bias.get(criterion.key, bias.get(criterion.dimension, 0.0))
    value = math.floor(center + shift + spread * noise + 0.5)
    return min(max(value, scale.lowest), scale.highest)


def _dont_know_chance(scale: Scale, criterion: Criterion, facet_alias: str, rater_profession: str) -> float:
    chance = DONT_KNOW_SHARE_ORDINAL if scale.kind is ScaleKind.ORDINAL else DONT_KNOW_SHARE
    if (
        criterion.facets is FacetKind.PROFESSION
        and facet_alias != rater_profession
        and rater_profession != "leder"
    ):
        chance = max(chance, DONT_KNOW_SHARE_OTHER_PROFESSION)
    return chance


def _center(spec: ProposalSpec, criterion: Criterion, scale: Scale, index: int, facet_alias: str) -> float:
    centers = spec.centers.get(criterion.key)
    if centers is None:
        # A criterion added to the rubric after the demo was written: a neutral, plausible level.
        if scale.kind is ScaleKind.BIPOLAR:
            return 0.0 if index == 0 else 0.4
        return (scale.lowest + scale.highest) / 2
    center = centers[index]
    if isinstance(center, Mapping):
        return float(center[facet_alias])
    return float(center)


def _score(
    uow: UnitOfWork,
    proposal: Proposal,
    index: int,
    criterion_key: str,
    facet: str,
    level: int | None,
    reason: str,
    rater: Actor,
    round_: Round,
    tracker: _Tracker,
    clock: Clock,
) -> None:
    [saved] = scoring_sheet.record_scores(
        uow,
        proposal.id or 0,
        [
            scoring_sheet.ScoreInput(
                proposal.id or 0, _option_id(proposal, index), criterion_key, level, reason, facet
            )
        ],
        actor=rater,
        clock=clock,
    )
    if saved.round is not round_:
        raise DemoDataError(f"A score meant for round {round_.value} went into round {saved.round.value}.")
    key = (
        saved.proposal_id,
        saved.rater_id,
        saved.option_id,
        saved.criterion_key,
        saved.facet,
        int(saved.round),
    )
    tracker.scores.add(key)
    if reason:
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
            _score(
                uow,
                proposal,
                index,
                criterion_key,
                facet,
                revision.level,
                revision.reason,
                world.actor(uow, world.people[revision.person]),
                Round.REVISED,
                tracker,
                clock,
            )

        events.append((revision.at, 1, revise))

    # Play everything in time order; settling a dilemma is added while its raising is played.
    while events:
        events.sort(key=lambda event: (event[0], event[1]))
        when, _, action = events.pop(0)
        _advance(clock, when)
        action()


# Checking the hand-written content against the rubric ------------------------------------------


def _check_spec(spec: ProposalSpec, rubric: Rubric) -> None:
    """Every criterion, facet, option and level content.py names must exist; say all that don't."""
    problems: list[str] = []
    n_options = len(spec.options) + 1
    affected = set(spec.affected)
    perspectives = {p.value for p in Perspective}

    def criterion_of(key: str | None, where: str) -> Criterion | None:
        if key is None:
            return None
        try:
            return rubric.criterion(key)
        except KeyError:
            problems.append(f"{where}: the criterion {key!r} is not in the rubric {rubric.label}")
            return None

    def check_facet(criterion: Criterion, facet: str, where: str) -> None:
        if criterion.facets is None:
            allowed: set[str] = {""}
        elif criterion.facets is FacetKind.PERSPECTIVE:
            allowed = perspectives
        else:
            allowed = affected
        if facet not in allowed:
            problems.append(
                f"{where}: {criterion.key} is not scored for {facet!r} (allowed: {sorted(allowed)})"
            )

    def check_level(criterion: Criterion, level: int | None, where: str) -> None:
        if level is not None and level not in rubric.scale_of(criterion).values:
            problems.append(f"{where}: {level} is not a level of {criterion.key}'s scale")

    for key, centers in spec.centers.items():
        criterion = criterion_of(key, f"centers[{key!r}]")
        if criterion is None:
            continue
        if len(centers) != n_options:
            problems.append(f"centers[{key!r}]: {len(centers)} values for {n_options} options")
        for center in centers:
            if isinstance(center, Mapping):
                if criterion.facets is None:
                    problems.append(f"centers[{key!r}]: {key} has no facets, so give one number per option")
                    continue
                wanted = perspectives if criterion.facets is FacetKind.PERSPECTIVE else affected
                if set(center) != wanted:
                    problems.append(f"centers[{key!r}]: facets {sorted(center)} instead of {sorted(wanted)}")

    planned = {plan.person for plan in spec.raters}
    for (index, key, facet), by_person in spec.hand.items():
        where = f"hand[{(index, key, facet)!r}]"
        criterion = criterion_of(key, where)
        if not 0 <= index < n_options:
            problems.append(f"{where}: there is no option {index}")
        if criterion is None:
            continue
        check_facet(criterion, facet, where)
        for person, (level, _reason) in by_person.items():
            if person not in planned:
                problems.append(f"{where}: {person} is not on the panel")
            check_level(criterion, level, f"{where}[{person}]")

    for revision in spec.revisions:
        index, key, facet = revision.cell
        where = f"revision {revision.person} {revision.cell!r}"
        criterion = criterion_of(key, where)
        if criterion is not None:
            check_facet(criterion, facet, where)
            check_level(criterion, revision.level, where)
        if revision.person not in planned:
            problems.append(f"{where}: {revision.person} is not on the panel")

    for dilemma in spec.dilemmas:
        criterion_of(dilemma.criterion, f"dilemma {dilemma.pole_a!r}")
        if dilemma.option is not None and not 0 <= dilemma.option < n_options:
            problems.append(f"dilemma {dilemma.pole_a!r}: there is no option {dilemma.option}")

    if problems:
        raise DemoDataError(
            f"The demo proposal {spec.label} ({spec.title}) no longer fits the rubric {rubric.label}; "
            "update demo/content.py:\n- " + "\n- ".join(problems)
        )
