"""The follow-up that measures: outcome indicators on the decision, their actual values, and the
conclusion (continue, adjust, stop) that ends the follow-up.

After the decision the leadership (or the person named to follow up) states, for the chosen option,
what it should change in citizens' or society's terms: each indicator's source, unit, baseline and
target. At the follow-up the responsible person records what was measured; the panel's re-scoring
stays beside it on the decision screen. The follow-up ends with a conclusion; "adjust" can open a
new draft proposal in the same unit that points back to this one (``Proposal.predecessor_id``).

Who may do what, after the decision (decided or in follow-up):

- the indicators: a leader of the unit (``Action.RECORD_OUTCOMES``) or the follow-up's responsible
  person;
- a measurement: the same, or the person who recorded the decision;
- the conclusion: a leader of the unit or the follow-up's responsible person; opening the adjusted
  proposal also needs the right to register a proposal in the unit.

The responsible person and the decider must still be able to see the proposal. Indicators and
conclusions are not personal data; a measurement's note and a conclusion's reasons may be, and are
part of the personal-data export (assessment/personal_data.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from assessment import proposals
from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import N_, Message, NotFound, StaleEdit, WrongState
from assessment.kernel.forms import TITLE_LIMIT, Form
from assessment.kernel.i18n import DEFAULT_LANGUAGE, Translator
from assessment.kernel.model import (
    Decision,
    FollowUpConclusion,
    IndicatorMeasurement,
    Option,
    OutcomeIndicator,
    PanelMember,
    Proposal,
    Status,
    Verdict,
)
from assessment.kernel.permissions import Action, Actor, NotNow, allows, check, checked_proposal, use_case
from assessment.kernel.pseudonyms import new_pseudonym_key
from assessment.kernel.records import record_audit
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.outcome_rules import (
    FollowUpState,
    IndicatorView,
    follow_up_state,
    indicator_views,
)

__all__ = [
    "FOLLOWING_UP",
    "IndicatorInput",
    "IndicatorView",
    "MeasurementInput",
    "OutcomesView",
    "conclude_follow_up",
    "outcomes_view",
    "record_measurement",
    "save_indicators",
]

# Indicators, measurements and the conclusion are recorded after the decision, until it is closed.
FOLLOWING_UP = frozenset({Status.DECIDED, Status.FOLLOW_UP})
INDICATOR_LIMIT = 12  # per proposal: a follow-up with more is not read
UNIT_LIMIT = 40  # »borgere«, »%«, »dage pr. borger«
EARLIEST_YEAR = 1900
YEARS_AHEAD = 50  # a target further ahead than this is a typing error
SUCCESSOR_TITLE = N_("Adjustment: {title}")
STALE_INDICATORS = N_(
    "The outcome indicators were changed by someone else (or in another window) while you were editing "
    "them. Nothing was saved."
)


@dataclass(frozen=True)
class IndicatorInput:
    """One row of the indicator form; ``None`` for a number or date not filled in."""

    name: str
    source: str
    unit: str
    baseline_value: float | None
    baseline_date: date | None
    target_value: float | None
    target_date: date | None
    higher_is_better: bool = True
    id: int | None = None  # set when editing a stored indicator


@dataclass(frozen=True)
class MeasurementInput:
    """What was measured, on which day, from which source; the note may name people."""

    measured_on: date | None
    value: float | None
    source: str = ""
    note: str = ""


def _checked_follow_up(
    repo: Repository, actor: Actor, proposal_id: int, *, decider_too: bool
) -> tuple[Proposal, Decision]:
    """The decided proposal and its decision, if ``actor`` may record its outcomes; the same refusal
    whether or not it exists."""
    proposal = repo.get_proposal(proposal_id)
    decision = repo.get_decision(proposal_id) if proposal else None
    unit_id = proposal.unit_id if proposal else -1
    status = proposal.status if proposal else None
    named = set()
    if decision is not None:
        named = {decision.follow_up_responsible_id} | ({decision.decided_by} if decider_too else set())
    if (
        actor.is_signed_in_person
        and actor.person_id in named
        and allows(actor, Action.VIEW_PROPOSAL, unit_id, status)
    ):
        # Named in the decision: seeing the proposal is enough, in the statuses of the follow-up.
        check(
            actor,
            Action.VIEW_PROPOSAL,
            unit_id=unit_id,
            status=status,
            object_type="proposal",
            object_id=proposal_id,
        )
        if status not in FOLLOWING_UP:
            assert status is not None
            raise NotNow(Action.RECORD_OUTCOMES, "proposal", proposal_id, status)
    else:
        check(
            actor,
            Action.RECORD_OUTCOMES,
            unit_id=unit_id,
            status=status,
            object_type="proposal",
            object_id=proposal_id,
        )
    if proposal is None:  # only a trusted program gets this far
        raise NotFound(N_("{what} {id} does not exist."), what=Message(N_("Proposal")), id=proposal_id)
    if decision is None or proposal.status not in FOLLOWING_UP:
        raise WrongState(N_("Outcomes are recorded after the decision, until the proposal is closed."))
    return proposal, decision


def _number(form: Form, name: str, value: float | None) -> float:
    if value is None:
        form.fail(name, N_("This field must be filled in."))
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        form.fail(name, N_("Write a number, for example 42 or 12.5."))
        return 0.0
    return float(value)


def _day(form: Form, name: str, value: date | None, today: date) -> date:
    if value is None:
        form.fail(name, N_("This field must be filled in."))
        return today
    if value.year < EARLIEST_YEAR:
        form.fail(name, N_("The date lies before {year}."), year=EARLIEST_YEAR)
    return value


def _clean_indicator(form: Form, place: str, data: IndicatorInput, today: date) -> IndicatorInput:
    name = form.text(f"{place}.name", data.name, required=True, limit=TITLE_LIMIT)
    baseline_date = _day(form, f"{place}.baseline_date", data.baseline_date, today)
    target_date = _day(form, f"{place}.target_date", data.target_date, today)
    if data.baseline_date is not None and baseline_date > today:
        form.fail(
            f"{place}.baseline_date",
            N_("The baseline is a value already measured: its date cannot lie in the future."),
        )
    if data.baseline_date is not None and data.target_date is not None and target_date <= baseline_date:
        form.fail(f"{place}.target_date", N_("The target date must lie after the baseline date."))
    elif data.target_date is not None and target_date.year > today.year + YEARS_AHEAD:
        form.fail(
            f"{place}.target_date",
            N_("The target date lies more than {years} years ahead."),
            years=YEARS_AHEAD,
        )
    return IndicatorInput(
        name=name,
        source=form.text(f"{place}.source", data.source, limit=TITLE_LIMIT),
        unit=form.text(f"{place}.unit", data.unit, limit=UNIT_LIMIT),
        baseline_value=_number(form, f"{place}.baseline_value", data.baseline_value),
        baseline_date=baseline_date,
        target_value=_number(form, f"{place}.target_value", data.target_value),
        target_date=target_date,
        higher_is_better=bool(data.higher_is_better),
        id=data.id,
    )


def _audited(indicator: OutcomeIndicator | IndicatorInput) -> dict[str, object]:
    return {
        "name": indicator.name,
        "baseline": indicator.baseline_value,
        "target": indicator.target_value,
        "target_date": indicator.target_date,
        "higher_is_better": indicator.higher_is_better,
    }


@use_case
def save_indicators(
    uow: UnitOfWork,
    proposal_id: int,
    indicators: Sequence[IndicatorInput],
    *,
    actor: Actor,
    expected_version: int | None = None,
    clock: Clock = utc_now,
) -> list[OutcomeIndicator]:
    """Save the decided proposal's outcome indicators as a whole list, in the order given.

    Rows with an ``id`` update that indicator, rows without one are added, and stored indicators
    missing from the list are removed (refused for one with measurements). Every problem is reported
    at once (``FormInvalid``, fields named ``indicators[0].name`` ...); nothing is stored unless every
    check passes. Returns the stored indicators, by position.

    ``expected_version`` is the list's version the editor loaded (``OutcomesView.indicators_version``):
    a save over a list saved since is refused with ``StaleEdit``, never merged. ``None`` (a program
    that writes the list it just read) saves over whatever is stored; every save counts the version up.
    """
    now = clock()
    today = danish_date(now)
    with uow.write() as repo:
        _proposal, decision = _checked_follow_up(repo, actor, proposal_id, decider_too=False)
        # Before the list is read: a second save waits here until this one has ended, then finds the
        # version moved on.
        if repo.bump_indicators_version(proposal_id, expected_version) is None:
            raise StaleEdit(STALE_INDICATORS)
        form = Form()
        cleaned = [
            _clean_indicator(form, f"indicators[{i}]", data, today) for i, data in enumerate(indicators)
        ]
        if len(cleaned) > INDICATOR_LIMIT:
            form.fail(
                "indicators", N_("At most {limit} indicators can be followed up."), limit=INDICATOR_LIMIT
            )
        names = [data.name.casefold() for data in cleaned if data.name]
        if len(set(names)) != len(names):
            form.fail("indicators", N_("Two indicators have the same name; give each its own."))
        stored = {indicator.id: indicator for indicator in repo.indicators_of(proposal_id)}
        kept = {data.id for data in cleaned if data.id is not None}
        if kept - stored.keys():
            form.fail("indicators", N_("An indicator does not belong to this proposal."))
        measured = {m.indicator_id for m in repo.measurements_of(proposal_id)}
        for indicator_id in sorted(stored.keys() - kept, key=lambda i: i or 0):
            if indicator_id in measured:
                form.fail(
                    "indicators",
                    N_("The indicator “{indicator}” has measurements and cannot be removed."),
                    indicator=stored[indicator_id].name,
                )
        form.done()
        for indicator_id in stored.keys() - kept:
            repo.remove_indicator(indicator_id or 0)
        saved = []
        for position, data in enumerate(cleaned):
            assert data.baseline_date and data.target_date  # form.done() refused the form otherwise
            values = {
                "position": position,
                "name": data.name,
                "source": data.source,
                "unit": data.unit,
                "baseline_value": float(data.baseline_value or 0),
                "baseline_date": data.baseline_date,
                "target_value": float(data.target_value or 0),
                "target_date": data.target_date,
                "higher_is_better": data.higher_is_better,
            }
            if data.id is None:
                new = OutcomeIndicator(
                    proposal_id=proposal_id,
                    option_id=decision.chosen_option_id,
                    created_by=actor.person_id,
                    created_at=now,
                    **values,  # type: ignore[arg-type]
                )
                saved.append(repo.add_indicator(new))
            else:
                saved.append(repo.update_indicator(replace(stored[data.id], **values)))  # type: ignore[arg-type]
        record_audit(
            repo,
            actor.person_id,
            "outcome.indicators",
            "proposal",
            proposal_id,
            clock,
            before={"indicators": [_audited(i) for i in stored.values()]},
            after={"indicators": [_audited(i) for i in saved]},
        )
    return saved


@use_case
def record_measurement(
    uow: UnitOfWork, indicator_id: int, data: MeasurementInput, *, actor: Actor, clock: Clock = utc_now
) -> IndicatorMeasurement:
    """Record one actual value of an indicator: the day it was measured (not in the future), the
    value, its source and a note. Several measurements of one indicator are kept; the newest counts."""
    now = clock()
    today = danish_date(now)
    with uow.write() as repo:
        indicator = repo.get_indicator(indicator_id)
        # An unknown indicator is refused like one of a proposal the person may not touch.
        _checked_follow_up(repo, actor, indicator.proposal_id if indicator else -1, decider_too=True)
        if indicator is None:  # only a trusted program gets this far
            raise NotFound(N_("{what} {id} does not exist."), what=Message(N_("Indicator")), id=indicator_id)
        form = Form()
        measured_on = _day(form, "measured_on", data.measured_on, today)
        if data.measured_on is not None and measured_on > today:
            form.fail("measured_on", N_("The measurement cannot be dated in the future."))
        value = _number(form, "value", data.value)
        source = form.text("source", data.source, limit=TITLE_LIMIT)
        note = form.text("note", data.note)
        form.done()
        measurement = repo.add_measurement(
            IndicatorMeasurement(
                indicator_id=indicator_id,
                measured_on=measured_on,
                value=value,
                source=source,
                note=note,
                recorded_by=actor.person_id,
                recorded_at=now,
            )
        )
        # The note stays out of the trail: it may name people.
        record_audit(
            repo,
            actor.person_id,
            "outcome.measure",
            "proposal",
            indicator.proposal_id,
            clock,
            after={"indicator_id": indicator_id, "measured_on": measured_on, "value": value},
        )
    return measurement


def _successor(repo: Repository, proposal: Proposal, actor: Actor, clock: Clock) -> Proposal:
    """A new draft in the same unit that adjusts ``proposal``: its texts, options, panel and rubric."""
    check(
        actor,
        Action.CREATE_PROPOSAL,
        unit_id=proposal.unit_id,
        status=Status.DRAFT,
        object_type="unit",
        object_id=proposal.unit_id,
    )
    unit = repo.get_unit(proposal.unit_id)
    if unit is None or not unit.is_open:
        raise WrongState(
            N_("The unit “{unit}” is closed and takes no new proposals. Choose an open unit."),
            unit=unit.name if unit else "",
        )
    committee = repo.get_committee(proposal.med_committee_id) if proposal.med_committee_id else None
    # Stored in the municipality's language, as the minutes and exports name it.
    title = Translator(DEFAULT_LANGUAGE)(SUCCESSOR_TITLE, title=proposal.title)[:TITLE_LIMIT].rstrip()
    active = {person.id for person in repo.list_people() if person.active}
    now = clock()
    options = [
        Option(title=o.title, description=o.description, is_baseline=o.is_baseline, position=o.position)
        for o in proposal.options
    ]
    return proposals.stored_draft(
        repo,
        replace(
            proposal,
            title=title,
            status=Status.DRAFT,
            med_committee_id=committee.id if committee and committee.is_open else None,
            show_rater_names=False,
            pseudonym_key=new_pseudonym_key(),
            options=options,
            panel=[
                PanelMember(m.person_id, m.profession_id) for m in proposal.panel if m.person_id in active
            ],
            created_by=actor.person_id,
            created_at=now,
            updated_by=actor.person_id,
            updated_at=now,
            version=1,
            id=None,
            predecessor_id=proposal.id,
        ),
        actor=actor,
        clock=clock,
        recorded={"predecessor_id": proposal.id},
    )


@use_case
def conclude_follow_up(
    uow: UnitOfWork,
    proposal_id: int,
    verdict: Verdict,
    reasons: str,
    *,
    actor: Actor,
    open_successor: bool = False,
    clock: Clock = utc_now,
) -> FollowUpConclusion:
    """End the follow-up: continue, adjust or stop, with the reasons (required). Only once.

    With ``open_successor`` (only for "adjust") a new draft proposal is opened in the same unit, in
    the same transaction: »Justering: <title>«, the same change type, texts, options, panel and
    rubric, pointing back to this one; its id is the conclusion's ``successor_proposal_id``.
    """
    with uow.write() as repo:
        proposal, _decision = _checked_follow_up(repo, actor, proposal_id, decider_too=False)
        form = Form()
        try:
            verdict = Verdict(verdict)
        except ValueError:
            form.fail("verdict", N_("Choose continue, adjust or stop."))
        cleaned = form.text("reasons", reasons, required=True)
        if open_successor and verdict is not Verdict.ADJUST:
            form.fail("open_successor", N_("Only a conclusion to adjust opens a new proposal."))
        form.done()
        if repo.get_conclusion(proposal_id) is not None:
            raise WrongState(N_("The follow-up of this proposal has already been concluded."))
        successor = _successor(repo, proposal, actor, clock) if open_successor else None
        conclusion = repo.add_conclusion(
            FollowUpConclusion(
                proposal_id=proposal_id,
                verdict=verdict,
                reasons=cleaned,
                concluded_by=actor.person_id,
                concluded_at=clock(),
                successor_proposal_id=successor.id if successor else None,
            )
        )
        # The reasons stay out of the trail: they may name people.
        record_audit(
            repo,
            actor.person_id,
            "outcome.conclude",
            "proposal",
            proposal_id,
            clock,
            after={"verdict": verdict.value, "successor_proposal_id": conclusion.successor_proposal_id},
        )
    return conclusion


@dataclass(frozen=True)
class OutcomesView:
    """Everything the follow-up screen shows for one decided proposal."""

    proposal_id: int
    title: str
    unit_name: str
    status: Status
    chosen_title: str  # "" when the decision was to keep things as they are (the baseline)
    follow_up_date: date
    follow_up_responsible: str  # a name, or "" when nobody was named
    indicators: tuple[IndicatorView, ...]
    indicators_version: int  # what an edit of the indicators names when it is saved (expected_version)
    state: FollowUpState
    conclusion: FollowUpConclusion | None
    concluded_by: str
    predecessors: tuple[tuple[int, str], ...]  # (id, title) of the proposals this one adjusts, nearest first
    successor_id: int | None  # the proposal that adjusts this one
    names: dict[int, str]  # who recorded the measurements
    may_record: bool  # indicators and measurements
    may_conclude: bool
    may_open_successor: bool


def _may(repo: Repository, actor: Actor, proposal_id: int, decider_too: bool) -> bool:
    """Whether ``_checked_follow_up`` would let the actor through, asked without recording a refusal."""
    proposal = repo.get_proposal(proposal_id)
    decision = repo.get_decision(proposal_id)
    if proposal is None or decision is None or proposal.status not in FOLLOWING_UP:
        return False
    named = {decision.follow_up_responsible_id} | ({decision.decided_by} if decider_too else set())
    if actor.is_signed_in_person and actor.person_id in named:
        return allows(actor, Action.VIEW_PROPOSAL, proposal.unit_id, proposal.status)
    return allows(actor, Action.RECORD_OUTCOMES, proposal.unit_id, proposal.status)


@use_case
def outcomes_view(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> OutcomesView:
    """The indicators with expected against actual, the follow-up's state and conclusion, and the
    history: for anyone who may see the proposal's results, once it is decided."""
    today = danish_date(clock())
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        decision = repo.get_decision(proposal_id)
        if decision is None:
            raise WrongState(N_("The proposal has not been decided yet."))
        measurements = repo.measurements_of(proposal_id)
        views = indicator_views(repo.indicators_of(proposal_id), measurements)
        indicators_version = repo.indicators_version(proposal_id)
        conclusion = repo.get_conclusion(proposal_id)
        person_ids = {m.recorded_by for m in measurements} | {
            decision.follow_up_responsible_id,
            conclusion.concluded_by if conclusion else None,
        }
        names = {
            person.id: person.name
            for person in (repo.get_person(pid) for pid in person_ids if pid is not None)
            if person is not None and person.id is not None
        }
        predecessors = []
        seen = {proposal_id}
        earlier = proposal.predecessor_id
        while earlier is not None and earlier not in seen:
            seen.add(earlier)
            found = repo.get_proposal(earlier)
            if found is None:
                break
            predecessors.append((earlier, found.title))
            earlier = found.predecessor_id
        unit = repo.get_unit(proposal.unit_id)
        chosen = proposal.option(decision.chosen_option_id)
        may_record = _may(repo, actor, proposal_id, decider_too=True)
        may_conclude = conclusion is None and _may(repo, actor, proposal_id, decider_too=False)
        successor_id = repo.successor_of(proposal_id)
    return OutcomesView(
        proposal_id=proposal_id,
        title=proposal.title,
        unit_name=unit.name if unit else "",
        status=proposal.status,
        chosen_title=chosen.title if chosen else "",
        follow_up_date=decision.follow_up_date,
        follow_up_responsible=names.get(decision.follow_up_responsible_id or -1, ""),
        indicators=tuple(views),
        indicators_version=indicators_version,
        state=follow_up_state(
            concluded=conclusion is not None,
            follow_up_date=decision.follow_up_date,
            today=today,
            indicator_states=[view.state for view in views],
        ),
        conclusion=conclusion,
        concluded_by=names.get(conclusion.concluded_by or -1, "") if conclusion else "",
        predecessors=tuple(predecessors),
        successor_id=successor_id,
        names=names,
        may_record=may_record,
        may_conclude=may_conclude,
        may_open_successor=may_conclude
        and allows(actor, Action.CREATE_PROPOSAL, proposal.unit_id, Status.DRAFT),
    )
