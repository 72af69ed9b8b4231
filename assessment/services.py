"""Use cases: one function per user action, one transaction each.

Pages call these and nothing else. Each use case checks its input and the proposal's state
and raises a :class:`~assessment.errors.DomainError` with a message for the user when the
action cannot be done; rules that protect people (blind scoring) live here, not in pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TypeVar

from assessment import lifecycle
from assessment.clock import Clock, danish_date, utc_now
from assessment.errors import (
    N_,
    FormInvalid,
    InvalidInput,
    Message,
    NotAllowed,
    NotFound,
    StaleEdit,
    WrongState,
)
from assessment.model import (
    AuditEvent,
    ChangeType,
    CoreTask,
    Decision,
    Dilemma,
    DilemmaStatus,
    Membership,
    Option,
    Origin,
    PanelMember,
    Person,
    Perspective,
    Profession,
    Proposal,
    Role,
    Round,
    RubricRef,
    Score,
    Status,
    Unit,
    UnitLevel,
)
from assessment.permissions import (
    WHOLE_ORGANISATION,
    Action,
    Actor,
    actor_from,
    allows,
    check,
    checked_proposal,
    proposal_scope,
    use_case,
)
from assessment.pseudonyms import new_pseudonym_key
from assessment.repository import (
    AuditQuery,
    ProposalFilter,
    ProposalSummary,
    Repository,
    StoredRubric,
    UnitOfWork,
)
from assessment.rubric import FacetKind, Rubric, parse_rubric
from assessment.scoring import CellKey, Tally, options_to_score

T = TypeVar("T")

MIN_OPTIONS = 2  # the baseline and at least one alternative
MAX_OPTIONS = 6
MIN_PANEL = 2
TITLE_LIMIT = 200
TEXT_LIMIT = 20_000


# Input checks ----------------------------------------------------------------


def _clean_text(value: str, *, limit: int) -> str:
    """Keep the user's text exactly, but refuse what no database can store faithfully."""
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(N_("The text contains a NUL character, which cannot be stored."))
    if len(value) > limit:
        raise InvalidInput(
            N_("The text is {length} characters long; at most {limit} are allowed."),
            length=len(value),
            limit=limit,
        )
    return value


class _Form:
    """Collects every problem of one form, so the user can fix them all in one go."""

    def __init__(self) -> None:
        self.problems: dict[str, Message] = {}

    def text(self, name: str, value: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> str:
        try:
            cleaned = _clean_text(value, limit=limit)
        except InvalidInput as error:
            self.problems[name] = error.message
            return value
        if required and not cleaned:
            self.problems[name] = Message(N_("This field must be filled in."))
        return cleaned

    def fail(self, name: str, message_id: str, **params: object) -> None:
        self.problems.setdefault(name, Message(message_id, params))

    def done(self) -> None:
        if self.problems:
            raise FormInvalid(self.problems)


def _person(actor: Actor) -> int:
    """The person behind an action that only a person can do (scoring is never done by a program)."""
    if actor.person_id is None:
        raise NotAllowed(N_("Only a person on the panel can score."))
    return actor.person_id


def _require(found: T | None, what: str, object_id: object) -> T:
    if found is None:
        raise NotFound(N_("{what} {id} does not exist."), what=Message(what), id=object_id)
    return found


# Rubrics ---------------------------------------------------------------------


@lru_cache(maxsize=64)
def _parse_cached(content_hash: str, source: str, source_name: str) -> Rubric:
    # Keyed by the content hash: a rubric version never changes, so sharing is safe.
    return parse_rubric(source, source_name)


def rubric_of(repo: Repository, ref: RubricRef) -> Rubric:
    stored = _require(repo.get_rubric(ref.rubric_id, ref.version), N_("Rubric"), ref.rubric_id)
    return _parse_cached(stored.ref.content_hash, stored.source, stored.source_name)


@use_case
def register_rubric(
    uow: UnitOfWork, *, content: bytes, source_name: str, actor: Actor, clock: Clock = utc_now
) -> RubricRef:
    """Validate and store a rubric file; nothing is stored when any check fails.

    Loading the same content again is harmless; the same id and version with other
    content is refused, because proposals scored on the old content must keep it.
    """
    check(actor, Action.MANAGE_RUBRICS, unit_id=WHOLE_ORGANISATION, object_type="rubric")
    rubric = parse_rubric(content, source_name)
    ref = RubricRef(rubric.id, rubric.version, rubric.content_hash)
    with uow.write() as repo:
        existing = repo.get_rubric(rubric.id, rubric.version)
        if existing is not None:
            if existing.ref.content_hash != ref.content_hash:
                raise InvalidInput(
                    N_(
                        "Rubric {id} version {version} already exists with other content. "
                        "Give the changed rubric a new version number."
                    ),
                    id=rubric.id,
                    version=rubric.version,
                )
            return existing.ref
        repo.add_rubric(StoredRubric(ref, content.decode("utf-8-sig"), source_name))
        _audit(
            repo,
            actor.person_id,
            "rubric.register",
            "rubric",
            f"{ref.rubric_id}@{ref.version}",
            clock,
            after={"hash": ref.content_hash},
        )
    return ref


# Organisation ----------------------------------------------------------------


@use_case
def register_unit(
    uow: UnitOfWork,
    *,
    name: str,
    level: UnitLevel,
    parent_id: int | None,
    actor: Actor,
    clock: Clock = utc_now,
) -> Unit:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=parent_id, object_type="unit", object_id=parent_id)
    form = _Form()
    name = form.text("name", name, required=True, limit=TITLE_LIMIT)
    form.done()
    with uow.write() as repo:
        if parent_id is not None:
            _require(repo.get_unit(parent_id), N_("Unit"), parent_id)
        unit = repo.add_unit(Unit(name=name, level=level, parent_id=parent_id))
        _audit(repo, actor.person_id, "unit.register", "unit", unit.id, clock, after={"name": name})
    return unit


STALE_CORE_TASK = N_(
    "{name} saved version {version} of this core task at {time}, while you were editing. "
    "Reload it to see their text, then make your edit again."
)


@use_case
def record_core_task(
    uow: UnitOfWork,
    *,
    unit_id: int,
    statement: str,
    formal: str,
    performed: str,
    experienced: str,
    actor: Actor,
    expected_version: int | None = None,
    clock: Clock = utc_now,
) -> CoreTask:
    """Save a new dated version of a unit's core task; earlier versions stay as history.

    With ``expected_version`` (0 when the unit had none) the save is refused when someone saved
    another version after the editor loaded theirs, checked in the same transaction as the save.
    """
    check(actor, Action.EDIT_CORE_TASK, unit_id=unit_id, object_type="unit", object_id=unit_id)
    form = _Form()
    statement = form.text("statement", statement, required=True, limit=2_000)
    formal = form.text("formal", formal)
    performed = form.text("performed", performed)
    experienced = form.text("experienced", experienced)
    form.done()
    with uow.write() as repo:
        _require(repo.get_unit(unit_id), N_("Unit"), unit_id)
        history = repo.core_task_history(unit_id)
        current = history[0] if history else None
        if expected_version is not None and current is not None and current.version != expected_version:
            author = repo.get_person(current.author_id) if current.author_id is not None else None
            raise StaleEdit(
                STALE_CORE_TASK,
                name=author.name if author else Message(N_("someone")),
                version=current.version,
                time=current.valid_from,
            )
        core_task = repo.add_core_task(
            CoreTask(
                unit_id=unit_id,
                version=(history[0].version + 1) if history else 1,
                statement=statement,
                formal=formal,
                performed=performed,
                experienced=experienced,
                author_id=actor.person_id,
                valid_from=clock(),
            )
        )
        _audit(
            repo,
            actor.person_id,
            "core_task.record",
            "unit",
            unit_id,
            clock,
            after={"version": core_task.version},
        )
    return core_task


@use_case
def core_task_chain(uow: UnitOfWork, *, unit_id: int, actor: Actor) -> list[tuple[Unit, CoreTask | None]]:
    """The unit and every unit above it, each with its current core task, from the unit up.

    Seeing a unit includes seeing the chain above it: the booklet reads a core task against
    the ones it serves.
    """
    check(actor, Action.VIEW_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    chain: list[tuple[Unit, CoreTask | None]] = []
    with uow.read() as repo:
        next_id: int | None = unit_id
        while next_id is not None and len(chain) < 20:
            unit = _require(repo.get_unit(next_id), N_("Unit"), next_id)
            history = repo.core_task_history(next_id)
            chain.append((unit, history[0] if history else None))
            next_id = unit.parent_id
    return chain


_KEY = re.compile(r"[^a-z0-9]+")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


# The stored key's length; a longer name still gets a key, cut to fit.
PROFESSION_KEY_LIMIT = 64


def profession_key(name: str) -> str:
    key = _KEY.sub("_", name.lower().translate(_DANISH)).strip("_")[:PROFESSION_KEY_LIMIT].rstrip("_")
    return key or "faggruppe"


@use_case
def register_profession(uow: UnitOfWork, *, name: str, actor: Actor, clock: Clock = utc_now) -> Profession:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=WHOLE_ORGANISATION, object_type="profession")
    form = _Form()
    name = form.text("name", name, required=True, limit=TITLE_LIMIT)
    form.done()
    key = profession_key(name)
    with uow.write() as repo:
        if any(p.key == key for p in repo.list_professions()):
            raise FormInvalid({"name": Message(N_("The profession {name} already exists."), {"name": name})})
        profession = repo.add_profession(Profession(key=key, name=name))
        _audit(repo, actor.person_id, "profession.register", "profession", profession.id, clock)
    return profession


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@use_case
def register_person(
    uow: UnitOfWork,
    *,
    name: str,
    email: str,
    profession_id: int | None,
    actor: Actor,
    clock: Clock = utc_now,
) -> Person:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=WHOLE_ORGANISATION, object_type="person")
    form = _Form()
    name = form.text("name", name, required=True, limit=TITLE_LIMIT)
    email = form.text("email", email, required=True, limit=TITLE_LIMIT).lower()
    if email and not _EMAIL.match(email):
        form.fail("email", N_("Write an e-mail address such as anne@kommune.dk."))
    form.done()
    with uow.write() as repo:
        if repo.find_person_by_email(email) is not None:
            raise FormInvalid({"email": Message(N_("Someone with this e-mail address already exists."))})
        if profession_id is not None and profession_id not in {p.id for p in repo.list_professions()}:
            raise NotFound(
                N_("{what} {id} does not exist."), what=Message(N_("Profession")), id=profession_id
            )
        person = repo.add_person(Person(name=name, email=email, profession_id=profession_id))
        _audit(repo, actor.person_id, "person.register", "person", person.id, clock)
    return person


@use_case
def grant_role(
    uow: UnitOfWork, *, person_id: int, unit_id: int, role: Role, actor: Actor, clock: Clock = utc_now
) -> Membership:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    with uow.write() as repo:
        _require(repo.get_person(person_id), N_("Person"), person_id)
        _require(repo.get_unit(unit_id), N_("Unit"), unit_id)
        existing = next(
            (m for m in repo.memberships_of(person_id) if m.unit_id == unit_id and m.role == role), None
        )
        if existing is not None:
            return existing
        membership = repo.add_membership(Membership(person_id=person_id, unit_id=unit_id, role=role))
        _audit(
            repo,
            actor.person_id,
            "membership.grant",
            "person",
            person_id,
            clock,
            after={"unit_id": unit_id, "role": role.value},
        )
    return membership


@use_case
def revoke_role(
    uow: UnitOfWork, *, person_id: int, membership_id: int, actor: Actor, clock: Clock = utc_now
) -> None:
    """Take a role away; it stops working on the person's next click, signed in or not."""
    with uow.write() as repo:
        membership = next((m for m in repo.memberships_of(person_id) if m.id == membership_id), None)
        check(
            actor,
            Action.MANAGE_ORGANISATION,
            unit_id=membership.unit_id if membership else -1,
            object_type="membership",
            object_id=membership_id,
        )
        assert membership is not None  # check() refuses a missing membership: no unit -1
        repo.remove_membership(membership_id)
        _audit(
            repo,
            actor.person_id,
            "membership.revoke",
            "person",
            membership.person_id,
            clock,
            before={"unit_id": membership.unit_id, "role": membership.role.value},
        )


# Identity --------------------------------------------------------------------
# Not use cases: they establish who is acting, before anything can be checked.


def actor_for(uow: UnitOfWork, person_id: int) -> Actor:
    """The person's actor with the roles the database gives them now, read on every rerun."""
    with uow.read() as repo:
        person = repo.get_person(person_id)
        if person is None or not person.active:
            return Actor(person_id=None)
        return actor_from(person_id, repo.memberships_of(person_id), repo.list_units())


def person_for_sign_in(uow: UnitOfWork, email: str) -> Person | None:
    """The active person a signed-in e-mail address belongs to, if any (case does not matter)."""
    with uow.read() as repo:
        person = repo.find_person_by_email(email.strip().lower())
        return person if person is not None and person.active else None


SIGN_OUT = "session.sign_out"


def record_sign_out(uow: UnitOfWork, person_id: int, *, clock: Clock = utc_now) -> None:
    """Signing out ("Log ud") ends every session of the person, on every device.

    Streamlit's login cookie is the whole session (nothing is kept on the server), so a copy of
    it would otherwise keep working for 30 days. The sign-out is remembered in the audit trail,
    and :func:`signed_out_since` refuses any cookie issued before it.
    """
    with uow.write() as repo:
        repo.record(
            AuditEvent(
                actor_id=person_id,
                action=SIGN_OUT,
                object_type="person",
                object_id=str(person_id),
                at=clock(),
            )
        )


def signed_out_since(uow: UnitOfWork, person_id: int, issued_at: datetime) -> bool:
    """Whether the person signed out after a login cookie issued at ``issued_at``."""
    # Token times are whole seconds: a sign-in in the same second as the sign-out must hold.
    with uow.read() as repo:
        events, _ = repo.find_events(
            AuditQuery(
                actor_id=person_id, action_prefix=SIGN_OUT, since=issued_at + timedelta(seconds=1), limit=1
            )
        )
    return bool(events)


# Proposals -------------------------------------------------------------------


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


def _check_proposal(form: _Form, data: ProposalInput) -> ProposalInput:
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
        med_committee=form.text("med_committee", data.med_committee, required=True, limit=TITLE_LIMIT),
        context=form.text("context", data.context),
        consulted=form.text("consulted", data.consulted),
        informed=form.text("informed", data.informed),
        baseline_description=form.text("options", data.baseline_description),
        options=alternatives,
    )


def _panel(repo: Repository, person_ids: Sequence[int], form: _Form) -> list[PanelMember]:
    panel = []
    for person_id in dict.fromkeys(person_ids):
        person = repo.get_person(person_id)
        if person is None or not person.active:
            form.fail("panel", N_("Person {id} does not exist or is no longer active."), id=person_id)
            continue
        panel.append(PanelMember(person_id=person_id, profession_id=person.profession_id))
    return panel


def _check_references(repo: Repository, data: ProposalInput, form: _Form) -> None:
    if repo.get_unit(data.unit_id) is None:
        form.fail("unit_id", N_("Choose the unit the proposal belongs to."))
    if repo.get_rubric(data.rubric.rubric_id, data.rubric.version) is None:
        form.fail("rubric", N_("The chosen rubric does not exist."))
    known = {p.id for p in repo.list_professions()}
    if set(data.affected_profession_ids) - known:
        form.fail("affected_professions", N_("An affected profession does not exist."))


@use_case
def register_proposal(
    uow: UnitOfWork, data: ProposalInput, *, actor: Actor, clock: Clock = utc_now
) -> Proposal:
    """Register a proposed change as a draft; "keep as is" is always its first option."""
    form = _Form()
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
        _check_references(repo, data, form)
        panel = _panel(repo, data.panel_person_ids, form)
        form.done()
        now = clock()
        options = [Option(title="", description=data.baseline_description, is_baseline=True, position=0)]
        options += [
            Option(title=o.title, description=o.description, position=i)
            for i, o in enumerate(data.options, start=1)
        ]
        proposal = repo.add_proposal(
            Proposal(
                unit_id=data.unit_id,
                title=data.title,
                description=data.description,
                change_type=data.change_type,
                origin=data.origin,
                management_level=data.management_level,
                med_committee=data.med_committee,
                rubric=data.rubric,
                created_by=actor.person_id,
                created_at=now,
                context=data.context,
                consulted=data.consulted,
                informed=data.informed,
                show_rater_names=data.show_rater_names,
                pseudonym_key=new_pseudonym_key(),
                affected_profession_ids=list(dict.fromkeys(data.affected_profession_ids)),
                options=options,
                panel=panel,
                updated_by=actor.person_id,
                updated_at=now,
            )
        )
        _audit(
            repo,
            actor.person_id,
            "proposal.register",
            "proposal",
            proposal.id,
            clock,
            after={"title": proposal.title, "show_rater_names": proposal.show_rater_names},
        )
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
    form = _Form()
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
        _check_references(repo, data, form)
        panel = _panel(repo, data.panel_person_ids, form)
        options = _edited_options(proposal, data, form)
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
            unit_id=data.unit_id,
            title=data.title,
            description=data.description,
            change_type=data.change_type,
            origin=data.origin,
            management_level=data.management_level,
            med_committee=data.med_committee,
            rubric=data.rubric,
            context=data.context,
            consulted=data.consulted,
            informed=data.informed,
            show_rater_names=data.show_rater_names,
            affected_profession_ids=list(dict.fromkeys(data.affected_profession_ids)),
            options=options,
            panel=panel,
            updated_by=actor.person_id,
            updated_at=clock(),
        )
        saved = repo.update_proposal(updated, expected_version)
        _audit(
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
    return saved


def _edited_options(proposal: Proposal, data: ProposalInput, form: _Form) -> list[Option]:
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


def _move(repo: Repository, proposal: Proposal, target: Status, actor: Actor, clock: Clock) -> Proposal:
    new_status = lifecycle.move(proposal.status, target)
    moved = repo.update_proposal(
        replace(proposal, status=new_status, updated_by=actor.person_id, updated_at=clock()), proposal.version
    )
    _audit(
        repo,
        actor.person_id,
        "proposal.move",
        "proposal",
        proposal.id,
        clock,
        before={"status": proposal.status.value},
        after={"status": new_status.value},
    )
    return moved


@use_case
def open_scoring(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    """Start blind scoring: from now on raters score, and see only their own scores."""
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.OPEN_SCORING, proposal_id)
        if len(proposal.panel) < MIN_PANEL:
            raise WrongState(
                N_("Choose at least {minimum} raters for the panel before scoring starts."),
                minimum=MIN_PANEL,
            )
        return _move(repo, proposal, Status.SCORING, actor, clock)


@use_case
def reveal(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    """End blind scoring: the panel's scores and reasons become visible for the discussion."""
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.REVEAL, proposal_id)
        if not any(score.round is Round.BLIND for score in repo.all_scores(proposal_id)):
            # A discussion of nothing would say "no disagreements", which is not what happened.
            raise WrongState(N_("Nobody on the panel has scored yet, so there is nothing to reveal."))
        return _move(repo, proposal, Status.DISCUSSION, actor, clock)


@use_case
def start_follow_up(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.START_FOLLOW_UP, proposal_id)
        return _move(repo, proposal, Status.FOLLOW_UP, actor, clock)


@use_case
def close_proposal(uow: UnitOfWork, proposal_id: int, *, actor: Actor, clock: Clock = utc_now) -> Proposal:
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.CLOSE, proposal_id)
        return _move(repo, proposal, Status.CLOSED, actor, clock)


# Scores ----------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    proposal_id: int
    option_id: int
    criterion_key: str
    level: int | None  # None = "ved ikke" (don't know)
    reason: str = ""
    facet: str = ""


def facets_for(rubric: Rubric, criterion_key: str, professions: Sequence[Profession]) -> list[str]:
    """The facets one criterion is scored on for this proposal ("" when it has none)."""
    criterion = rubric.criterion(criterion_key)
    if criterion.facets is FacetKind.PERSPECTIVE:
        return [p.value for p in Perspective]
    if criterion.facets is FacetKind.PROFESSION:
        return [p.key for p in professions]
    return [""]


@use_case
def record_score(uow: UnitOfWork, entry: ScoreInput, *, actor: Actor, clock: Clock = utc_now) -> Score:
    """Save one rater's score; saving the same thing twice leaves one row."""
    return record_scores(uow, entry.proposal_id, [entry], actor=actor, clock=clock)[0]


@use_case
def record_scores(
    uow: UnitOfWork,
    proposal_id: int,
    entries: Sequence[ScoreInput],
    *,
    actor: Actor,
    clock: Clock = utc_now,
) -> list[Score]:
    """Save a rater's scores of one proposal in one transaction: all of them, or none."""
    rater_id = _person(actor)
    reasons = [_clean_text(entry.reason, limit=TEXT_LIMIT) for entry in entries]
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.SCORE, proposal_id)
        round_ = lifecycle.scoring_round(proposal.status)
        _require_on_panel(proposal, rater_id)
        rubric = rubric_of(repo, proposal.rubric)
        professions = _affected_professions(repo, proposal)
        blind = {_cell_of(s): s for s in repo.scores_of(proposal_id, rater_id, Round.BLIND)}
        current = {_cell_of(s): s for s in repo.scores_of(proposal_id, rater_id, round_)}
        scorable = _options_to_score(repo, proposal, round_)
        saved: list[Score] = []
        for entry, reason in zip(entries, reasons, strict=True):
            if entry.proposal_id != proposal_id or proposal.option(entry.option_id) is None:
                raise NotFound(N_("The option does not belong to this proposal."))
            if entry.option_id not in scorable:
                raise InvalidInput(N_("At follow-up only the chosen option is scored: it is what happened."))
            _check_score(rubric, professions, entry)
            cell = (entry.option_id, entry.criterion_key, entry.facet)
            earlier = blind.get(cell)
            if (
                round_ is Round.REVISED
                and cell not in current
                and earlier is not None
                and (earlier.level, earlier.reason) == (entry.level, reason)
            ):
                # Re-saving a blind score after the reveal is not a change: no round-2 row, no log.
                saved.append(earlier)
                continue
            score, previous = repo.save_score(
                Score(
                    proposal_id=proposal_id,
                    option_id=entry.option_id,
                    criterion_key=entry.criterion_key,
                    facet=entry.facet,
                    rater_id=rater_id,
                    round=round_,
                    level=entry.level,
                    reason=reason,
                    updated_at=clock(),
                )
            )
            current[cell] = score
            saved.append(score)
            if previous is None or (previous.level, previous.reason) != (score.level, score.reason):
                _log_score(repo, score, clock)
    return saved


def _check_score(rubric: Rubric, professions: Sequence[Profession], entry: ScoreInput) -> None:
    try:
        criterion = rubric.criterion(entry.criterion_key)
    except KeyError:
        raise InvalidInput(
            N_("The rubric {rubric} has no criterion called {criterion}."),
            rubric=rubric.label,
            criterion=entry.criterion_key,
        ) from None
    scale = rubric.scale_of(criterion)
    if entry.level is not None and entry.level not in scale.values:
        raise InvalidInput(
            N_("{level} is not a level on this scale; choose one of {levels} or “don't know”."),
            level=entry.level,
            levels=", ".join(map(str, scale.values)),
        )
    if entry.facet not in facets_for(rubric, criterion.key, professions):
        raise InvalidInput(
            N_("The criterion {criterion} is not scored for “{facet}”."),
            criterion=criterion.key,
            facet=entry.facet,
        )


def _log_score(repo: Repository, score: Score, clock: Clock) -> None:
    # Which cell, never which level: the trail names the rater, and a level beside a name would
    # undo the pseudonyms of the discussion (and, before the reveal, the blind round).
    _audit(
        repo,
        score.rater_id,
        f"score.round{score.round.value}",
        "proposal",
        score.proposal_id,
        clock,
        after={"cell": _cell(score)},
    )


def _cell_of(score: Score) -> CellKey:
    return (score.option_id, score.criterion_key, score.facet)


def _cell(score: Score) -> str:
    return f"{score.option_id}/{score.criterion_key}/{score.facet}"


def _affected_professions(repo: Repository, proposal: Proposal) -> list[Profession]:
    wanted = set(proposal.affected_profession_ids)
    return [p for p in repo.list_professions() if p.id in wanted]


@dataclass(frozen=True)
class ScoringSheet:
    """What one rater needs on the scoring screen: the rubric, the facets, their own scores."""

    proposal: Proposal
    rubric: Rubric
    round: Round
    professions: list[Profession]
    own_scores: dict[CellKey, Score]
    cells_total: int

    @property
    def cells_scored(self) -> int:
        return len(self.own_scores)


@use_case
def scoring_sheet(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> ScoringSheet:
    """A rater's own view: never anyone else's scores, whatever the status."""
    rater_id = _person(actor)
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.SCORE, proposal_id)
        round_ = lifecycle.scoring_round(proposal.status)
        _require_on_panel(proposal, rater_id)
        rubric = rubric_of(repo, proposal.rubric)
        professions = _affected_professions(repo, proposal)
        own = {
            (s.option_id, s.criterion_key, s.facet): s for s in repo.scores_of(proposal_id, rater_id, round_)
        }
        if round_ is Round.REVISED:
            # Round 2 starts from the rater's own round-1 scores.
            blind = repo.scores_of(proposal_id, rater_id, Round.BLIND)
            own = {(s.option_id, s.criterion_key, s.facet): s for s in blind} | own
        scored_options = len(_options_to_score(repo, proposal, round_))
        cells = scored_options * sum(len(facets_for(rubric, c.key, professions)) for c in rubric.criteria)
        return ScoringSheet(proposal, rubric, round_, professions, own, cells)


def _options_to_score(repo: Repository, proposal: Proposal, round_: Round) -> list[int]:
    decision = repo.get_decision(proposal.id or 0) if round_ is Round.FOLLOW_UP else None
    chosen = decision.chosen_option_id if decision else None
    return [
        option.id for option in options_to_score(proposal.options, round_, chosen) if option.id is not None
    ]


def _require_on_panel(proposal: Proposal, rater_id: int) -> None:
    if proposal.panel_member(rater_id) is None:
        raise NotAllowed(N_("You are not on the panel for this proposal, so you cannot score it."))


@dataclass(frozen=True)
class GroupResults:
    """The panel's scores after the reveal: histograms per cell and per profession group."""

    proposal: Proposal
    rubric: Rubric
    tallies: dict[CellKey, Tally]
    profession_tallies: dict[tuple[int, str, str, str], Tally]
    group_sizes: dict[str, int]
    follow_up: dict[CellKey, Tally] = field(default_factory=dict)


@use_case
def group_results(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> GroupResults:
    """Everyone's scores together; refused until the reveal, so blind scoring stays blind."""
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        if not lifecycle.is_revealed(proposal.status):
            raise NotAllowed(
                N_("The panel's scores are hidden until the reveal, so that everyone scores independently.")
            )
        follow_up = (
            repo.tallies(proposal_id, Round.FOLLOW_UP)
            if proposal.status in (Status.FOLLOW_UP, Status.CLOSED)
            else {}
        )
        return GroupResults(
            proposal=proposal,
            rubric=rubric_of(repo, proposal.rubric),
            tallies=repo.tallies(proposal_id, Round.REVISED),
            profession_tallies=repo.profession_tallies(proposal_id, Round.REVISED),
            group_sizes=repo.panel_profession_sizes(proposal_id),
            follow_up=follow_up,
        )


# Dialogue and decision -------------------------------------------------------


@use_case
def record_dilemma(
    uow: UnitOfWork,
    proposal_id: int,
    *,
    text: str,
    pole_a: str = "",
    pole_b: str = "",
    option_id: int | None = None,
    criterion_key: str | None = None,
    actor: Actor,
    clock: Clock = utc_now,
) -> Dilemma:
    form = _Form()
    text = form.text("text", text, required=True, limit=4_000)
    pole_a = form.text("pole_a", pole_a, limit=TITLE_LIMIT)
    pole_b = form.text("pole_b", pole_b, limit=TITLE_LIMIT)
    form.done()
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.DISCUSS, proposal_id)
        if proposal.status not in (Status.DISCUSSION, Status.DECIDED, Status.FOLLOW_UP):
            raise WrongState(N_("Dilemmas can only be recorded after the scores have been revealed."))
        if option_id is not None and proposal.option(option_id) is None:
            form.fail("option_id", N_("The option does not belong to this proposal."))
        if criterion_key:
            try:
                rubric_of(repo, proposal.rubric).criterion(criterion_key)
            except KeyError:
                form.fail("criterion_key", N_("The rubric has no such criterion."))
        form.done()
        dilemma = repo.add_dilemma(
            Dilemma(
                proposal_id=proposal_id,
                text=text,
                pole_a=pole_a,
                pole_b=pole_b,
                option_id=option_id,
                criterion_key=criterion_key or None,
                created_by=actor.person_id,
                created_at=clock(),
            )
        )
        _audit(
            repo,
            actor.person_id,
            "dilemma.record",
            "proposal",
            proposal_id,
            clock,
            after={"dilemma": dilemma.id},
        )
    return dilemma


@use_case
def set_dilemma_status(
    uow: UnitOfWork,
    proposal_id: int,
    dilemma_id: int,
    *,
    status: DilemmaStatus,
    note: str = "",
    actor: Actor,
    clock: Clock = utc_now,
) -> Dilemma:
    note = _clean_text(note, limit=4_000)
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.DISCUSS, proposal_id)
        dilemma = next((d for d in repo.dilemmas_of(proposal_id) if d.id == dilemma_id), None)
        dilemma = _require(dilemma, N_("Dilemma"), dilemma_id)
        if proposal.status is Status.CLOSED:
            raise WrongState(N_("The proposal is closed; its dilemmas can no longer change."))
        updated = repo.update_dilemma(replace(dilemma, status=status, note=note))
        _audit(
            repo,
            actor.person_id,
            "dilemma.status",
            "proposal",
            proposal_id,
            clock,
            before={"dilemma": dilemma_id, "status": dilemma.status.value},
            after={"dilemma": dilemma_id, "status": status.value},
        )
    return updated


@use_case
def dilemmas(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> list[Dilemma]:
    with uow.read() as repo:
        checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        return repo.dilemmas_of(proposal_id)


@dataclass(frozen=True)
class DecisionInput:
    chosen_option_id: int
    justification: str
    med_statement: str
    dissent: str
    conditions: str
    follow_up_date: date
    indicators: str


@use_case
def record_decision(
    uow: UnitOfWork,
    proposal_id: int,
    data: DecisionInput,
    *,
    actor: Actor,
    clock: Clock = utc_now,
) -> Decision:
    """Record the decision; from now on the scores are locked."""
    with uow.read() as repo:
        # Asked before the form is checked, so that someone who may not decide is told so.
        checked_proposal(repo, actor, Action.RECORD_DECISION, proposal_id)
    form = _Form()
    justification = form.text("justification", data.justification, required=True)
    med_statement = form.text("med_statement", data.med_statement, required=True)
    dissent = form.text("dissent", data.dissent)
    conditions = form.text("conditions", data.conditions)
    indicators = form.text("indicators", data.indicators, required=True)
    now = clock()
    if data.follow_up_date <= danish_date(now):
        form.fail("follow_up_date", N_("The follow-up date must lie after today."))
    form.done()
    with uow.write() as repo:
        proposal = checked_proposal(repo, actor, Action.RECORD_DECISION, proposal_id)
        if proposal.option(data.chosen_option_id) is None:
            raise FormInvalid(
                {"chosen_option_id": Message(N_("The option does not belong to this proposal."))}
            )
        if proposal.status is not Status.DISCUSSION:
            raise WrongState(
                N_("A decision is recorded while the proposal is in discussion; its status is “{status}”."),
                status=lifecycle.status_label(proposal.status),
            )
        decision = repo.save_decision(
            Decision(
                proposal_id=proposal_id,
                chosen_option_id=data.chosen_option_id,
                justification=justification,
                med_statement=med_statement,
                dissent=dissent,
                conditions=conditions,
                follow_up_date=data.follow_up_date,
                indicators=indicators,
                decided_by=actor.person_id,
                decided_at=now,
            ),
            expected_version=None,
        )
        _move(repo, proposal, Status.DECIDED, actor, clock)
        _audit(
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


# Audit -----------------------------------------------------------------------


def _audit(
    repo: Repository,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: object,
    clock: Clock,
    *,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> None:
    repo.record(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            at=clock(),
            before=before,
            after=after,
        )
    )


# Overview --------------------------------------------------------------------


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


@dataclass(frozen=True)
class Directory:
    """The organisation as forms need it: units, professions, people and rubrics to choose from."""

    units: list[Unit]
    professions: list[Profession]
    people: list[Person]
    rubrics: list[RubricRef]

    def unit(self, unit_id: int) -> Unit | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)

    def person(self, person_id: int | None) -> Person | None:
        return next((person for person in self.people if person.id == person_id), None)

    def profession(self, profession_id: int | None) -> Profession | None:
        return next((p for p in self.professions if p.id == profession_id), None)


@use_case
def directory(uow: UnitOfWork, *, actor: Actor) -> Directory:
    """The organisation's names, for forms and labels; anyone with a role somewhere may read it."""
    check(actor, Action.VIEW_ORGANISATION, unit_id=None, object_type="directory")
    with uow.read() as repo:
        return Directory(
            units=repo.list_units(),
            professions=repo.list_professions(),
            people=[person for person in repo.list_people() if person.active],
            rubrics=[stored.ref for stored in repo.list_rubrics()],
        )


@dataclass(frozen=True)
class PanelProgress:
    """How far the panel is with blind scoring: counts only, never anyone's scores."""

    raters: int
    started: int
    finished: int
    # Who has not scored everything yet, by name: only for whoever may reveal (the leader chose
    # the panel and needs to know whom to wait for); empty for everyone else.
    not_finished: tuple[str, ...] = ()


@use_case
def panel_progress(uow: UnitOfWork, proposal_id: int, *, actor: Actor) -> PanelProgress:
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_PROPOSAL, proposal_id)
        rubric = rubric_of(repo, proposal.rubric)
        professions = _affected_professions(repo, proposal)
        cells = len(proposal.options) * sum(
            len(facets_for(rubric, c.key, professions)) for c in rubric.criteria
        )
        per_rater = Counter(s.rater_id for s in repo.all_scores(proposal_id) if s.round is Round.BLIND)
        on_panel = [member.person_id for member in proposal.panel]
        waiting_for: tuple[str, ...] = ()
        if allows(actor, Action.REVEAL, proposal.unit_id, proposal.status):
            people = (repo.get_person(person_id) for person_id in on_panel if per_rater[person_id] < cells)
            waiting_for = tuple(sorted(person.name for person in people if person is not None))
        return PanelProgress(
            raters=len(on_panel),
            started=sum(1 for person in on_panel if per_rater[person] > 0),
            finished=sum(1 for person in on_panel if per_rater[person] >= cells),
            not_finished=waiting_for,
        )
