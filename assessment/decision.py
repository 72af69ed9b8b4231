"""The decision: what was chosen and why, the dissent, and the follow-up date."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from assessment import scoring_sheet
from assessment.comparison import build_comparison
from assessment.comparison_profile import level_name
from assessment.discussion_views import OptionView, ViewContext, median_of, option_views, untranslated
from assessment.follow_up_profile import DimensionOutcome, dimension_outcomes
from assessment.kernel import lifecycle
from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import N_, Translate, WrongState
from assessment.kernel.forms import Form
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Decision, DilemmaStatus, Person, Proposal, Role, Status
from assessment.kernel.permissions import Action, Actor, allows, checked_proposal, use_case
from assessment.kernel.records import move_proposal, record_audit, units_above
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.kernel.rubric import FacetKind, Perspective, Rubric, Scale, ScaleKind
from assessment.kernel.scoring import (
    CellKey,
    Tally,
    cell_stats,
    facets_for,  # noqa
)


@dataclass(frozen=True)
class DecisionInput:
    chosen_option_id: int | None  # None: the form was sent before an option was chosen
    justification: str
    med_statement: str
    dissent: str
    conditions: str
    follow_up_date: date
    indicators: str
    # What the minutes of the deciding meeting name; all optional.
    meeting_date: date | None = None
    agenda_item: str = ""
    participants: str = ""
    employee_remarks: str = ""
    communication: str = ""
    implementation_responsible_id: int | None = None
    follow_up_responsible_id: int | None = None


AGENDA_ITEM_LIMIT = 200
WORKING_ROLES = frozenset({Role.LEADER, Role.MED_MEMBER, Role.RATER})


def responsible_candidates(repo: Repository, proposal: Proposal) -> list[Person]:
    """Who can be made responsible for carrying out or following up a decision: the active people
    who lead, sit on MED or score in the proposal's unit or a unit above it, by name (not those who
    only administer the app or read)."""
    unit = repo.get_unit(proposal.unit_id)
    chain = {proposal.unit_id} | ({above.id for above, _core in units_above(repo, unit)} if unit else set())
    person_ids = {
        m.person_id for m in repo.all_memberships() if m.unit_id in chain and m.role in WORKING_ROLES
    }
    people = (repo.get_person(person_id) for person_id in person_ids)
    return sorted((p for p in people if p is not None and p.active), key=lambda p: (p.name.casefold(), p.id))


def _responsible(form: Form, name: str, person_id: int | None, candidates: Sequence[Person]) -> int | None:
    if person_id is not None and person_id not in {person.id for person in candidates}:
        form.fail(name, N_("Choose someone with a role in the unit or a unit above it."))
    return person_id


@use_case
def record_decision(
    uow: UnitOfWork, proposal_id: int, data: DecisionInput, *, actor: Actor, clock: Clock = utc_now
) -> Decision:
    """Record the decision; from now on the scores are locked.

    Every problem of the form is reported at once; nothing is stored unless every check passes.
    """
    now = clock()
    with uow.write() as repo:
        # Asked before the form is checked, so that someone who may not decide is told so.
        proposal = checked_proposal(repo, actor, Action.RECORD_DECISION, proposal_id)
        form = Form()
        chosen = None if data.chosen_option_id is None else proposal.option(data.chosen_option_id)
        if data.chosen_option_id is None:
            form.fail("chosen_option_id", N_("Choose the option the decision is for."))
        elif chosen is None:
            form.fail("chosen_option_id", N_("The option does not belong to this proposal."))
        justification = form.text("justification", data.justification, required=True)
        med_statement = form.text("med_statement", data.med_statement, required=True)
        dissent = form.text("dissent", data.dissent)
        conditions = form.text("conditions", data.conditions)
        indicators = form.text("indicators", data.indicators, required=True)
        if data.follow_up_date <= danish_date(now):
            form.fail("follow_up_date", N_("The follow-up date must lie after today."))
        if data.meeting_date is not None and data.meeting_date > danish_date(now):
            form.fail(
                "meeting_date",
                N_("The meeting date cannot lie in the future: record the decision after the meeting."),
            )
        agenda_item = form.text("agenda_item", data.agenda_item, limit=AGENDA_ITEM_LIMIT)
        participants = form.text("participants", data.participants)
        employee_remarks = form.text("employee_remarks", data.employee_remarks)
        communication = form.text("communication", data.communication)
        candidates = responsible_candidates(repo, proposal)
        implementer = _responsible(
            form, "implementation_responsible_id", data.implementation_responsible_id, candidates
        )
        follower = _responsible(form, "follow_up_responsible_id", data.follow_up_responsible_id, candidates)
        form.done()
        assert chosen is not None and chosen.id is not None  # form.done() refused the form otherwise
        if proposal.status is not Status.DISCUSSION:
            raise WrongState(
                N_("A decision is recorded while the proposal is in discussion; its status is “{status}”."),
                status=lifecycle.status_label(proposal.status),
            )
        decision = repo.save_decision(
            Decision(
                proposal_id=proposal_id,
                chosen_option_id=chosen.id,
                justification=justification,
                med_statement=med_statement,
                dissent=dissent,
                conditions=conditions,
                follow_up_date=data.follow_up_date,
                indicators=indicators,
                decided_by=actor.person_id,
                decided_at=now,
                meeting_date=data.meeting_date,
                agenda_item=agenda_item,
                participants=participants,
                employee_remarks=employee_remarks,
                communication=communication,
                implementation_responsible_id=implementer,
                follow_up_responsible_id=follower,
            ),
            expected_version=None,
        )
        move_proposal(repo, proposal, Status.DECIDED, actor, clock)
        record_audit(
            repo,
            actor.person_id,
            "decision.record",
            "proposal",
            proposal_id,
            clock,
            after={"chosen_option_id": data.chosen_option_id},
        )
    return decision


@use_case
def get_decision(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> Decision | None:
    with uow.read() as repo:
        checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        return repo.get_decision(proposal_id)


@dataclass(frozen=True)
class OutcomeRow:
    """Expected (the panel's median after the discussion) against actual (at follow-up)."""

    option_id: int
    criterion_key: str
    criterion_label: str
    facet_label: str
    expected: float | None
    actual: float | None
    follow_up_scores: int
    # A question on a ladder (citizen involvement): the two medians as step names, expected then
    # actual ("–" without one). Steps are said, never subtracted: a higher one is not better.
    steps: tuple[str, str] | None = None

    @property
    def difference(self) -> float | None:
        if self.steps is not None or self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    def texts(
        self, number: Callable[[float | None], str], signed: Callable[[float | None], str]
    ) -> tuple[str, str, str]:
        """Expected, actual and difference as a table shows them: numbers by ``number`` and
        ``signed``, a ladder's steps by name with no difference."""
        if self.steps is not None:
            return (*self.steps, "–")
        return number(self.expected), number(self.actual), signed(self.difference)


@dataclass(frozen=True)
class DecisionView:
    """Everything the decision screen shows for one revealed proposal."""

    proposal_id: int
    title: str
    status: Status
    options: tuple[OptionView, ...]
    decision: Decision | None
    chosen_title: str  # "" before the decision
    decided_by: str
    implementation_responsible: str  # a name, or "" when nobody was named
    follow_up_responsible: str
    candidates: tuple[Person, ...]  # who the form offers as responsible
    open_dilemmas: tuple[str, ...]  # texts of dilemmas not yet handled
    hot_spots: int
    outcomes: tuple[OutcomeRow, ...]  # at follow-up and after: every option × criterion × facet
    # At follow-up and after: the chosen option's profile, expected against actual, per dimension.
    dimensions: tuple[DimensionOutcome, ...] = ()

    def outcomes_of(self, option_id: int) -> tuple[OutcomeRow, ...]:
        return tuple(row for row in self.outcomes if row.option_id == option_id)

    @property
    def follow_up_scores(self) -> int:
        return sum(row.follow_up_scores for row in self.outcomes)


def compare_outcomes(
    rubric: Rubric,
    options: Sequence[OptionView],
    expected: Mapping[CellKey, Tally],
    actual: Mapping[CellKey, Tally],
    *,
    profession_names: Mapping[str, str] | None = None,
    language: str = "en",
    translate: Translate = untranslated,
) -> tuple[OutcomeRow, ...]:
    """Per option × criterion × facet: the median expected after the discussion, the median at follow-up.

    Only cells with a score in either round are listed, in screen order.
    """
    known = {criterion.key for criterion in rubric.criteria}
    keys = {key for key in (*expected, *actual) if key[1] in known}
    names = profession_names or {}
    perspectives = [perspective.value for perspective in Perspective]
    facet_order = {
        criterion.key: perspectives
        if criterion.facets is FacetKind.PERSPECTIVE
        else sorted({key[2] for key in keys if key[1] == criterion.key}, key=lambda f: names.get(f, f))
        for criterion in rubric.criteria
    }
    context = ViewContext(
        rubric=rubric,
        options=tuple(options),
        profession_names=names,
        facet_order=facet_order,
        language=language,
        translate=translate,
    )
    rows = []
    for key in sorted(keys, key=context.cell_order):
        option_id, criterion_key, facet = key
        expected_median, actual_median = median_of(expected.get(key)), median_of(actual.get(key))
        scale = rubric.scale_of(criterion_key)
        steps = None
        if scale.kind is ScaleKind.LADDER:
            steps = (_step(scale, expected_median, language), _step(scale, actual_median, language))
        rows.append(
            OutcomeRow(
                option_id=option_id,
                criterion_key=criterion_key,
                criterion_label=context.criterion_label(criterion_key),
                facet_label=context.facet_label(criterion_key, facet),
                expected=expected_median,
                actual=actual_median,
                follow_up_scores=actual[key].count if key in actual else 0,
                steps=steps,
            )
        )
    return tuple(rows)


def _step(scale: Scale, median: float | None, language: str) -> str:
    return "–" if median is None else level_name(scale, median, language)


@use_case
def decision_view(uow: UnitOfWork, proposal_id: int, translator: Translator, *, actor: Actor) -> DecisionView:
    """The decision form's context, the decision once made, and expected against actual at follow-up."""
    language, translate = translator.language, translator.gettext
    with uow.read() as repo:
        results = scoring_sheet.results_of(repo, actor, proposal_id)  # checks access and the reveal
        proposal = results.proposal
        decision = repo.get_decision(proposal_id)
        decider = repo.get_person(decision.decided_by) if decision and decision.decided_by else None
        implementer = _person(repo, decision.implementation_responsible_id if decision else None)
        follower = _person(repo, decision.follow_up_responsible_id if decision else None)
        may_decide = decision is None and allows(
            actor, Action.RECORD_DECISION, proposal.unit_id, proposal.status
        )
        # Only the one who decides is shown the list of people to choose from.
        candidates = tuple(responsible_candidates(repo, proposal)) if may_decide else ()
        dilemmas = repo.dilemmas_of(proposal_id)
        profession_names = {profession.key: profession.name for profession in repo.list_professions()}
    options = option_views(proposal, translate)
    chosen = next((o for o in options if decision and o.id == decision.chosen_option_id), None)
    outcomes: tuple[OutcomeRow, ...] = ()
    dimensions: tuple[DimensionOutcome, ...] = ()
    if proposal.status in (Status.FOLLOW_UP, Status.CLOSED):
        if decision is not None:
            expected = build_comparison(results, profession_names=profession_names)
            dimensions = dimension_outcomes(expected, decision.chosen_option_id, translator)
        outcomes = compare_outcomes(
            results.rubric,
            options,
            results.tallies,
            results.follow_up,
            profession_names=profession_names,
            language=language,
            translate=translate,
        )
    flagged = sum(
        1
        for (_option, criterion_key, _facet), tally in results.tallies.items()
        if criterion_key in {c.key for c in results.rubric.criteria}
        and cell_stats(tally, results.rubric.scale_of(criterion_key)).disagreement
    )
    return DecisionView(
        proposal_id=proposal_id,
        title=proposal.title,
        status=proposal.status,
        options=options,
        decision=decision,
        chosen_title=chosen.title if chosen else "",
        decided_by=decider.name if decider else "",
        implementation_responsible=implementer.name if implementer else "",
        follow_up_responsible=follower.name if follower else "",
        candidates=candidates,
        open_dilemmas=tuple(d.text for d in dilemmas if d.status is not DilemmaStatus.HANDLED),
        hot_spots=flagged,
        outcomes=outcomes,
        dimensions=dimensions,
    )


def _person(repo: Repository, person_id: int | None) -> Person | None:
    return None if person_id is None else repo.get_person(person_id)
