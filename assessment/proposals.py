"""Proposals: register and edit one, open it, move it through its life cycle, and the overview of all a person may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from assessment import core_task_drafts, med_committees
from assessment.kernel import lifecycle
from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, WrongState
from assessment.kernel.forms import TITLE_LIMIT, Form
from assessment.kernel.model import (
    ChangeType,
    Option,
    Origin,
    PanelMember,
    Proposal,
    Round,
    RubricRef,
    Status,
)
from assessment.kernel.permissions import Action, Actor, check, checked_proposal, proposal_scope, use_case
from assessment.kernel.pseudonyms import new_pseudonym_key
from assessment.kernel.records import move_proposal, record_audit
from assessment.kernel.repository import ProposalFilter, ProposalSummary, Repository, UnitOfWork
from assessment.kernel.scoring import facets_for  # noqa

MIN_OPTIONS = 2  # the baseline and at least one alternative


MAX_OPTIONS = 6


MIN_PANEL = 2


@dataclass
class OptionInput:
    title: str
    description: str = ""
    id: int | None = None  # set when editing an existing option


@dataclass
class ProposalInput:
    unit_id: int
    title: str
    description: str
    change_type: ChangeType
    origin: Origin
    management_level: str
    med_committee: str
    rubric: RubricRef
    options: Sequence[OptionInput]  # the alternatives; the baseline is added automatically
    affected_profession_ids: Sequence[int] = ()
    panel_person_ids: Sequence[int] = ()
    context: str = ""
    consulted: str = ""
    informed: str = ""
    show_rater_names: bool = False
    baseline_description: str = ""
    # The MED committee involved, one of med_committees.committees_for_unit; ``med_committee`` is then
    # set to its name. Without one (the unit and those above it have no committees) the text is used.
    med_committee_id: int | None = None

    def proposal_fields(self) -> dict[str, Any]:
        """What the form sets on the stored proposal, by the proposal's field names (the options,
        the panel and the baseline's description are built apart)."""
        return {
            "unit_id": self.unit_id,
            "title": self.title,
            "description": self.description,
            "change_type": self.change_type,
            "origin": self.origin,
            "management_level": self.management_level,
            "med_committee": self.med_committee,
            "med_committee_id": self.med_committee_id,
            "rubric": self.rubric,
            "context": self.context,
            "consulted": self.consulted,
            "informed": self.informed,
            "show_rater_names": self.show_rater_names,
            "affected_profession_ids": list(dict.fromkeys(self.affected_profession_ids)),
        }


def _check_proposal(form: Form, data: ProposalInput) -> ProposalInput:
    titles = [form.text("options", o.title, limit=TITLE_LIMIT) for o in data.options]
    alternatives = [
        OptionInput(title, form.text("options", o.description), o.id)
        for title, o in zip(titles, data.options, strict=True)
        if title
    ]
    if len(alternatives) + 1 < MIN_OPTIONS:
        form.fail("options", N_("Describe at least one option besides keeping things as they are."))
    if len(alternatives) + 1 > MAX_OPTIONS:
        form.fail(
            "options",
            N_("At most {limit} options, the baseline included, can be compared."),
            limit=MAX_OPTIONS,
        )
    lowered = [o.title.casefold() for o in alternatives]
    if len(set(lowered)) != len(lowered):
        form.fail("options", N_("Two options have the same title; give each option its own."))
    return replace(
        data,
        title=form.text("title", data.title, required=True, limit=TITLE_LIMIT),
        description=form.text("description", data.description, required=True),
        management_level=form.text(
            "management_level", data.management_level, required=True, limit=TITLE_LIMIT
        ),
        med_committee=form.text("med_committee", data.med_committee, limit=TITLE_LIMIT),
        context=form.text("context", data.context),
        consulted=form.text("consulted", data.consulted),
        informed=form.text("informed", data.informed),
        baseline_description=form.text("options", data.baseline_description),
        options=alternatives,
    )


def _panel(repo: Repository, person_ids: Sequence[int], form: Form) -> list[PanelMember]:
    panel = []
    for person_id in dict.fromkeys(person_ids):
        person = repo.get_person(person_id)
        if person is None or not person.active:
            form.fail("panel", N_("Person {id} does not exist or is no longer active."), id=person_id)
            continue
        panel.append(PanelMember(person_id=person_id, profession_id=person.profession_id))
    return panel


def _check_references(
    repo: Repository, data: ProposalInput, form: Form, stored: Proposal | None = None
) -> ProposalInput:
    """Check what the proposal refers to; returns it with the chosen MED committee's name."""
    unit = repo.get_unit(data.unit_id)
    if unit is None:
        form.fail("unit_id", N_("Choose the unit the proposal belongs to."))
    elif not unit.is_open and (stored is None or stored.unit_id != unit.id):
        form.fail(
            "unit_id",
            N_("The unit “{unit}” is closed and takes no new proposals. Choose an open unit."),
            unit=unit.name,
        )
    else:
        text = med_committees.committee_text(
            repo, data.unit_id, data.med_committee_id, data.med_committee, stored, form
        )
        data = replace(data, med_committee=text)
    if repo.get_rubric(data.rubric.rubric_id, data.rubric.version) is None:
        form.fail("rubric", N_("The chosen rubric does not exist."))
    known = {p.id for p in repo.list_professions()}
    if set(data.affected_profession_ids) - known:
        form.fail("affected_professions", N_("An affected profession does not exist."))
    return data


@use_case
def register_proposal(
    uow: UnitOfWork, data: ProposalInput, *, actor: Actor, clock: Clock = utc_now
) -> Proposal:
    """Register a proposed change as a draft; "keep as is" is always its first option."""
    form = Form()
    if not data.unit_id:
        # No unit chosen yet is a gap in the form, not a question of access: say what to fix.
        form.fail("unit_id", N_("Choose the unit the proposal belongs to."))
        _check_proposal(form, data)
        form.done()
    check(
        actor,
        Action.CREATE_PROPOSAL,
        unit_id=data.unit_id,
        status=Status.DRAFT,
        object_type="unit",
        object_id=data.unit_id,
    )
    data = _check_proposal(form, data)
    with uow.write() as repo:
        data = _check_references(repo, data, form)
        panel = _panel(repo, data.panel_person_ids, form)
        form.done()
        now = clock()
        options = [Option(title="", description=data.baseline_description, is_baseline=True, position=0)]
        options += [
            Option(title=o.title, description=o.description, position=i)
            for i, o in enumerate(data.options, start=1)
        ]
        draft = Proposal(
            **data.proposal_fields(),
            created_by=actor.person_id,
            created_at=now,
            pseudonym_key=new_pseudonym_key(),
            options=options,
            panel=panel,
            updated_by=actor.person_id,
            updated_at=now,
        )
        return stored_draft(
            repo, draft, actor=actor, clock=clock, recorded={"show_rater_names": draft.show_rater_names}
        )


def stored_draft(
    repo: Repository, draft: Proposal, *, actor: Actor, clock: Clock, recorded: dict[str, object]
) -> Proposal:
    """Store a new draft proposal in the caller's transaction, as every way of registering one does:
    with its record in the audit trail (its title and ``recorded``) and, when its kind of change asks
    the unit to look at its core task again, a draft of that."""
    proposal = repo.add_proposal(draft)
    record_audit(
        repo,
        actor.person_id,
        "proposal.register",
        "proposal",
        proposal.id,
        clock,
        after={"title": proposal.title, **recorded},
    )
    core_task_drafts.follow_change_type(repo, None, proposal, actor=actor, clock=clock)
    return proposal


@use_case
def update_proposal(
    uow: UnitOfWork,
    proposal_id: int,
    data: ProposalInput,
    *,
    expected_version: int,
    actor: Actor,
    clock: Clock = utc_now,
) -> Proposal:
    """Save an edit made from ``expected_version``; refuse it when someone saved in between."""
    form = Form()
    data = _check_proposal(form, data)
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.EDIT_PROPOSAL, proposal_id)
        if data.unit_id != proposal.unit_id:
            # Moving a proposal needs the same right in the unit it moves to.
            check(
                actor,
                Action.EDIT_PROPOSAL,
                unit_id=data.unit_id,
                status=proposal.status,
                object_type="unit",
                object_id=data.unit_id,
            )
        if proposal.status not in lifecycle.EDITABLE:
            raise WrongState(N_("The proposal can no longer be edited: the scores have been revealed."))
        data = _check_references(repo, data, form, proposal)
        panel = _panel(repo, data.panel_person_ids, form)
        options = _edited_options(proposal, data, form)
        core_task_drafts.refuse_moving_a_draft(repo, proposal, data.unit_id, form)
        if proposal.status is not Status.DRAFT:
            # What is scored must stay what it was: the rubric and the professions define the cells.
            if data.rubric != proposal.rubric:
                form.fail("rubric", N_("The rubric cannot change once scoring has started."))
            if set(data.affected_profession_ids) != set(proposal.affected_profession_ids):
                form.fail(
                    "affected_professions",
                    N_("The affected professions cannot change once scoring has started."),
                )
            if data.show_rater_names != proposal.show_rater_names:
                # Raters scored blind trusting the answer given when scoring opened.
                form.fail(
                    "show_rater_names",
                    N_("Whether raters' names are shown cannot change once scoring has started."),
                )
        form.done()
        before = {
            "title": proposal.title,
            "version": proposal.version,
            "show_rater_names": proposal.show_rater_names,
        }
        updated = replace(
            proposal,
            **data.proposal_fields(),
            options=options,
            panel=panel,
            updated_by=actor.person_id,
            updated_at=clock(),
        )
        saved = repo.update_proposal(updated, expected_version)
        record_audit(
            repo,
            actor.person_id,
            "proposal.update",
            "proposal",
            proposal_id,
            clock,
            before=before,
            after={
                "title": saved.title,
                "version": saved.version,
                "show_rater_names": saved.show_rater_names,
            },
        )
        core_task_drafts.follow_change_type(repo, proposal, saved, actor=actor, clock=clock)
    return saved


def _edited_options(proposal: Proposal, data: ProposalInput, form: Form) -> list[Option]:
    baseline = replace(proposal.baseline, description=data.baseline_description)
    current = {(o.title, o.description) for o in proposal.options if not o.is_baseline}
    current.add(("", proposal.baseline.description))
    wanted = {(o.title, o.description) for o in data.options} | {("", data.baseline_description)}
    if current != wanted and proposal.status not in lifecycle.OPTIONS_EDITABLE:
        form.fail("options", N_("Options cannot change once scoring has started."))
    known = {o.id: o for o in proposal.options}
    options = [baseline]
    for position, option in enumerate(data.options, start=1):
        if option.id is not None and option.id not in known:
            form.fail("options", N_("An option does not belong to this proposal."))
            continue
        options.append(
            Option(
                title=option.title,
                description=option.description,
                position=position,
                proposal_id=proposal.id,
                id=option.id,
            )
        )
    return options


@use_case
def get_proposal(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> Proposal:
    with uow.read() as repo:
        return checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)


@use_case
def open_scoring(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    """Start blind scoring: from now on raters score, and see only their own scores."""
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.OPEN_SCORING, proposal_id)
        if len(proposal.panel) < MIN_PANEL:
            raise WrongState(
                N_("Choose at least {minimum} raters for the panel before scoring starts."), minimum=MIN_PANEL
            )
        return move_proposal(repo, proposal, Status.SCORING, actor, clock)


@use_case
def reveal(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    """End blind scoring: the panel's scores and reasons become visible for the discussion."""
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.REVEAL, proposal_id)
        if not any(score.round is Round.BLIND for score in repo.all_scores(proposal_id)):
            # A discussion of nothing would say "no disagreements", which is not what happened.
            raise WrongState(N_("Nobody on the panel has scored yet, so there is nothing to reveal."))
        return move_proposal(repo, proposal, Status.DISCUSSION, actor, clock)


@use_case
def start_follow_up(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.START_FOLLOW_UP, proposal_id)
        return move_proposal(repo, proposal, Status.FOLLOW_UP, actor, clock)


@use_case
def close_proposal(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.CLOSE, proposal_id)
        return move_proposal(repo, proposal, Status.CLOSED, actor, clock)


@dataclass(frozen=True)
class Overview:
    proposals: list[ProposalSummary]
    total: int
    awaiting_my_scores: list[ProposalSummary]
    follow_ups_due: list[ProposalSummary]  # the most overdue first, at most the limit asked for
    follow_ups_due_total: int  # all that are due, listed or not


@use_case
def find_proposals(uow: UnitOfWork, query: ProposalFilter, *, actor: Actor) -> list[ProposalSummary]:
    """One page of the proposals the actor may see, newest first (for pickers: nothing else is read)."""
    with uow.read() as repo:
        return repo.find_proposals(replace(query, scope=proposal_scope(actor)))[0]


# Follow-ups listed on the overview: a municipality's history has hundreds that are due, and a link
# per follow-up made the page slower year by year.
FOLLOW_UPS_LISTED = 10


@use_case
def overview(
    uow: UnitOfWork,
    query: ProposalFilter,
    *,
    actor: Actor,
    today: date,
    follow_ups_limit: int | None = FOLLOW_UPS_LISTED,
) -> Overview:
    """One page of the proposals the actor may see, what waits for their scores, and what is due.

    Due follow-ups: the ``follow_ups_limit`` most overdue (None: all) and how many are due in all.
    """
    scope = proposal_scope(actor)
    scorable = proposal_scope(actor, Action.SCORE)
    with uow.read() as repo:
        page, total = repo.find_proposals(replace(query, scope=scope))
        due = repo.follow_ups_due(today, scope=scope, limit=follow_ups_limit)
        all_listed = follow_ups_limit is None or len(due) < follow_ups_limit
        return Overview(
            proposals=page,
            total=total,
            awaiting_my_scores=(
                repo.proposals_on_panel(actor.person_id, (Status.SCORING, Status.FOLLOW_UP), scope=scorable)
                if actor.person_id is not None
                else []
            ),
            follow_ups_due=due,
            follow_ups_due_total=len(due) if all_listed else repo.count_follow_ups_due(today, scope=scope),
        )
