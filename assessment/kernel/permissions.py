"""Who may do what: one check, deny by default, called by every use case.

Streamlit tells us at most *who* someone is; what they may do is ours. A person holds roles in
units (:class:`~assessment.kernel.model.Membership`), and a role in a unit holds in every unit below it:
a leader of the administration leads its institutions too. What a role allows is the table
:data:`POLICY` below, per action and, for actions on a proposal, per proposal status. Anything
not in the table is denied, including an action nobody thought of yet.

Every use case is wrapped in :func:`use_case`, which requires an :class:`Actor`, records denied
attempts in the audit trail, and refuses to return a result when the use case never called
:func:`check`: a new use case without a check fails the first time a test runs it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ParamSpec, TypeVar

from assessment.kernel.clock import utc_now
from assessment.kernel.errors import N_, DomainError, Message, NotAllowed, NotFound, WrongState
from assessment.kernel.lifecycle import HIDDEN_UNTIL_REVEAL, status_label
from assessment.kernel.model import AuditEvent, Membership, Proposal, Role, Status, Unit
from assessment.kernel.repository import ProposalScope, Repository

__all__ = [
    "SYSTEM",
    "WHOLE_ORGANISATION",
    "AccessDenied",
    "Action",
    "Actor",
    "MissingPermissionCheck",
    "NotNow",
    "actor_from",
    "allows",
    "check",
    "checked_proposal",
    "on_behalf_of",
    "proposal_scope",
    "use_case",
]


class Action(StrEnum):
    """Everything a person can ask the app to do. The value is what the audit trail records."""

    # The organisation: units, core tasks, people and roles.
    VIEW_ORGANISATION = "organisation.view"
    EDIT_CORE_TASK = "core_task.edit"
    MANAGE_ORGANISATION = "organisation.manage"
    MANAGE_RUBRICS = "rubric.manage"
    READ_AUDIT = "audit.read"
    # Access requests and pseudonymisation under the GDPR.
    MANAGE_PERSONAL_DATA = "personal_data.manage"
    # A proposal through its life.
    VIEW_PROPOSAL = "proposal.view"
    CREATE_PROPOSAL = "proposal.create"
    EDIT_PROPOSAL = "proposal.edit"
    # The readiness checklist and the citizens' voice describe where the proposal stands, which
    # changes while it is discussed (the MED committee meets, the APV is revised, citizens are
    # asked): kept up until the decision, then they stand with it.
    PREPARE_DECISION = "proposal.prepare_decision"
    OPEN_SCORING = "proposal.open_scoring"
    REVEAL = "proposal.reveal"
    START_FOLLOW_UP = "proposal.start_follow_up"
    CLOSE = "proposal.close"
    SCORE = "score.record"
    VIEW_RESULTS = "results.view"
    DISCUSS = "discussion.write"  # dilemmas and discussion notes
    RECORD_DECISION = "decision.record"
    EXPORT_SUMMARY = "summary.export"
    # After the decision: the outcome indicators, their measurements and the follow-up's conclusion.
    # The follow-up's responsible person may do it too, by name (assessment/outcomes.py).
    RECORD_OUTCOMES = "outcome.record"
    # The leadership's portfolio of decided proposals; a seat on the unit's MED committee also
    # opens it (assessment/portfolio.py), which no role in this table expresses.
    VIEW_PORTFOLIO = "portfolio.view"


ANY_STATUS = frozenset(Status)
NOT_DRAFT = ANY_STATUS - {Status.DRAFT}
REVEALED = frozenset({Status.DISCUSSION, Status.DECIDED, Status.FOLLOW_UP, Status.CLOSED})
DECIDED_ON = frozenset({Status.DECIDED, Status.FOLLOW_UP, Status.CLOSED})
# Dilemmas and notes are written from the reveal until the proposal is closed.
DISCUSSING = frozenset({Status.DISCUSSION, Status.DECIDED, Status.FOLLOW_UP})

# Actions about the organisation have no proposal status: ``None`` stands for "always".
Rule = frozenset[Status] | None

POLICY: Mapping[Role, Mapping[Action, Rule]] = {
    Role.ADMIN: {
        Action.VIEW_ORGANISATION: None,
        # DESIGN.md: administrators keep units and their core tasks up to date.
        Action.EDIT_CORE_TASK: None,
        Action.MANAGE_ORGANISATION: None,
        Action.MANAGE_RUBRICS: None,
        Action.READ_AUDIT: None,
        Action.MANAGE_PERSONAL_DATA: None,
    },
    Role.LEADER: {
        Action.VIEW_ORGANISATION: None,
        Action.EDIT_CORE_TASK: None,
        # Drafts are the leadership's own working notes until scoring starts.
        Action.VIEW_PROPOSAL: ANY_STATUS,
        Action.CREATE_PROPOSAL: frozenset({Status.DRAFT}),
        Action.EDIT_PROPOSAL: frozenset({Status.DRAFT, Status.SCORING}),
        Action.PREPARE_DECISION: frozenset({Status.DRAFT, Status.SCORING, Status.DISCUSSION}),
        Action.OPEN_SCORING: frozenset({Status.DRAFT}),
        Action.REVEAL: frozenset({Status.SCORING}),
        Action.START_FOLLOW_UP: frozenset({Status.DECIDED}),
        Action.CLOSE: frozenset({Status.FOLLOW_UP}),
        Action.VIEW_RESULTS: REVEALED,
        Action.DISCUSS: DISCUSSING,
        Action.RECORD_DECISION: frozenset({Status.DISCUSSION}),
        Action.EXPORT_SUMMARY: REVEALED,
        Action.RECORD_OUTCOMES: frozenset({Status.DECIDED, Status.FOLLOW_UP}),
        Action.VIEW_PORTFOLIO: DECIDED_ON,
    },
    Role.MED_MEMBER: {
        Action.VIEW_ORGANISATION: None,
        Action.VIEW_PROPOSAL: NOT_DRAFT,
        Action.VIEW_RESULTS: REVEALED,
        Action.DISCUSS: DISCUSSING,
        Action.EXPORT_SUMMARY: REVEALED,
    },
    Role.RATER: {
        Action.VIEW_ORGANISATION: None,
        Action.VIEW_PROPOSAL: NOT_DRAFT,
        # Blind in scoring, revised after the reveal, what happened at follow-up; the panel
        # membership is checked by the use case on top of this.
        Action.SCORE: frozenset({Status.SCORING, Status.DISCUSSION, Status.FOLLOW_UP}),
        Action.VIEW_RESULTS: REVEALED,
        Action.DISCUSS: frozenset({Status.DISCUSSION}),
    },
    Role.READER: {
        Action.VIEW_ORGANISATION: None,
        Action.VIEW_PROPOSAL: DECIDED_ON,
        Action.VIEW_RESULTS: DECIDED_ON,
        Action.EXPORT_SUMMARY: DECIDED_ON,
    },
}


class _WholeOrganisation:
    """The place of an action about the whole organisation: people, professions, rubrics, the audit
    trail. Only a role held at the top of the unit tree covers it; an administrator of one small
    unit administers that unit, not everyone's data."""

    def __repr__(self) -> str:
        return "WHOLE_ORGANISATION"


WHOLE_ORGANISATION = _WholeOrganisation()
Place = int | None | _WholeOrganisation


@dataclass(frozen=True)
class Actor:
    """The person behind a request, with the roles the database gives them right now.

    ``roles`` holds the effective roles per unit, inherited down the unit tree. ``trusted`` is
    only for server-side programs (demo loader, command-line export, benchmarks), never for a
    person in a browser.
    """

    person_id: int | None
    roles: Mapping[int, frozenset[Role]] = field(default_factory=dict)
    trusted: bool = False
    # Roles held in every top unit of the tree, so over the whole organisation.
    organisation_roles: frozenset[Role] = frozenset()

    def roles_in(self, unit_id: int) -> frozenset[Role]:
        return self.roles.get(unit_id, frozenset())

    def units_where(self, action: Action, status: Status | None = None) -> frozenset[int]:
        """The units in which this actor may do ``action`` (on a proposal in ``status``)."""
        return frozenset(unit_id for unit_id in self.roles if allows(self, action, unit_id, status))

    @property
    def is_signed_in_person(self) -> bool:
        return self.person_id is not None and not self.trusted


SYSTEM = Actor(person_id=None, trusted=True)


def on_behalf_of(person_id: int) -> Actor:
    """A trusted program replaying what a person did (the demo's story), recorded in their name.

    Never for a request from a browser: it skips every check.
    """
    return Actor(person_id=person_id, trusted=True)


def actor_from(person_id: int | None, memberships: Iterable[Membership], units: Sequence[Unit]) -> Actor:
    """An actor whose roles in a unit hold in every unit below it."""
    children: dict[int | None, list[int]] = {}
    for unit in units:
        if unit.id is not None:
            children.setdefault(unit.parent_id, []).append(unit.id)
    roles: dict[int, set[Role]] = {}
    for membership in memberships:
        stack = [membership.unit_id]
        seen: set[int] = set()
        while stack:
            unit_id = stack.pop()
            if unit_id in seen:  # a cycle in bad data must not hang the app
                continue
            seen.add(unit_id)
            roles.setdefault(unit_id, set()).add(membership.role)
            stack.extend(children.get(unit_id, ()))
    tops = [unit.id for unit in units if unit.parent_id is None and unit.id is not None]
    everywhere = (
        frozenset.intersection(*(frozenset(roles.get(top, ())) for top in tops)) if tops else frozenset()
    )
    return Actor(
        person_id=person_id,
        roles={unit: frozenset(held) for unit, held in roles.items()},
        organisation_roles=everywhere,
    )


def allows(actor: Actor, action: object, unit_id: Place, status: Status | None = None) -> bool:
    """Whether ``actor`` may do ``action`` in ``unit_id`` on a proposal in ``status``.

    ``unit_id`` None means "in some unit" (reading the unit tree); :data:`WHOLE_ORGANISATION`
    means over everyone (people, professions, rubrics, the audit trail). Unknown actions, and
    proposal actions asked without a status, are denied.
    """
    if actor.trusted:
        return True
    if not isinstance(action, Action):
        return False
    if unit_id is None:
        held = frozenset(role for roles in actor.roles.values() for role in roles)
    elif isinstance(unit_id, _WholeOrganisation):
        held = actor.organisation_roles
    else:
        held = actor.roles_in(unit_id)
    for role in held:
        rules = POLICY.get(role, {})
        if action not in rules:
            continue
        statuses = rules[action]
        if statuses is None or (status is not None and status in statuses):
            return True
    return False


class AccessDenied(NotAllowed):
    """The person may not do this here. The message never says whether the object exists."""

    def __init__(self, action: Action, object_type: str, object_id: object) -> None:
        self.action = action
        self.object_type = object_type
        self.object_id = object_id
        super().__init__(
            N_("You do not have access to do this. Ask a leader or an administrator if you should.")
        )


class NotNow(AccessDenied, WrongState):
    """Denied only because of the proposal's status, to someone who may see the proposal.

    They are told why, in the words of the life cycle, instead of a bare "no access".
    """

    def __init__(self, action: Action, object_type: str, object_id: object, status: Status) -> None:
        self.action = action
        self.object_type = object_type
        self.object_id = object_id
        if action is Action.VIEW_RESULTS:
            DomainError.__init__(self, HIDDEN_UNTIL_REVEAL)
        else:
            DomainError.__init__(
                self, N_("This cannot be done while the proposal is “{status}”."), status=status_label(status)
            )


class MissingPermissionCheck(AssertionError):
    """A programming error: a use case returned without asking :func:`check`."""


_checks_made: ContextVar[list[Action] | None] = ContextVar("kernekompas_checks_made", default=None)


def check(
    actor: Actor,
    action: Action,
    *,
    unit_id: Place,
    status: Status | None = None,
    object_type: str = "",
    object_id: object = "",
) -> None:
    """Raise :class:`AccessDenied` unless :func:`allows` says yes; remember that it was asked."""
    made = _checks_made.get()
    if made is not None:
        made.append(action)
    if allows(actor, action, unit_id, status):
        return
    if (
        status is not None
        and isinstance(unit_id, int)
        and allows(actor, Action.VIEW_PROPOSAL, unit_id, status)
        and any(allows(actor, action, unit_id, other) for other in Status)
    ):
        raise NotNow(action, object_type, object_id, status)
    raise AccessDenied(action, object_type, object_id)


def checked_proposal(repo: Repository, actor: Actor, action: Action, proposal_id: int) -> Proposal:
    """The proposal, if ``actor`` may do ``action`` on it; the same refusal whether or not it exists."""
    proposal = repo.get_proposal(proposal_id)
    check(
        actor,
        action,
        unit_id=proposal.unit_id if proposal else -1,
        status=proposal.status if proposal else None,
        object_type="proposal",
        object_id=proposal_id,
    )
    if proposal is None:  # only a trusted program gets this far
        raise NotFound(N_("{what} {id} does not exist."), what=Message(N_("Proposal")), id=proposal_id)
    return proposal


def proposal_scope(actor: Actor, action: Action = Action.VIEW_PROPOSAL) -> ProposalScope | None:
    """Which proposals a list may show the actor: units grouped by the statuses allowed there.

    ``None`` means every proposal (trusted programs only); an empty scope means none. Listing
    counts as a permission check, since the scope *is* the check for each row.
    """
    made = _checks_made.get()
    if made is not None:
        made.append(action)
    if actor.trusted:
        return None
    by_statuses: dict[frozenset[Status], set[int]] = {}
    for unit_id in actor.roles:
        statuses = frozenset(status for status in Status if allows(actor, action, unit_id, status))
        if statuses:
            by_statuses.setdefault(statuses, set()).add(unit_id)
    return tuple(
        (frozenset(units), statuses)
        for statuses, units in sorted(by_statuses.items(), key=lambda item: sorted(item[0]))
    )


P = ParamSpec("P")
R = TypeVar("R")


def use_case(func: Callable[P, R]) -> Callable[P, R]:
    """Mark ``func`` as a use case: it takes ``actor=``, and must call :func:`check`."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs.get("actor")
        if not isinstance(actor, Actor):
            raise TypeError(f"{func.__qualname__} needs actor=Actor(...), got {actor!r}")
        outer = _checks_made.get()
        made: list[Action] = []
        token = _checks_made.set(made)
        try:
            result = func(*args, **kwargs)
        except AccessDenied as denied:
            if outer is None:  # only the outermost use case records it, once
                _record_denial(args[0] if args else kwargs.get("uow"), actor, denied)
            raise
        finally:
            _checks_made.reset(token)
            if outer is not None:
                # A use case that delegates to another is checked by the one it calls.
                outer.extend(made)
        if not made:
            raise MissingPermissionCheck(f"{func.__qualname__} returned without a permission check")
        return result

    run.__kernekompas_use_case__ = True  # type: ignore[attr-defined]
    return run


def _record_denial(uow: Any, actor: Actor, denied: AccessDenied) -> None:
    """Denied attempts belong in the audit trail too: they are how misuse is noticed."""
    if uow is None or not hasattr(uow, "write"):
        return
    with uow.write() as repo:
        repo.record(
            AuditEvent(
                actor_id=actor.person_id,
                action=f"denied:{denied.action.value}",
                object_type=denied.object_type,
                object_id=str(denied.object_id),
                at=utc_now(),
            )
        )
