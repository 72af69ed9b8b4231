"""People, professions and roles, and who is acting: sign-in and sign-out."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, FormInvalid, Message, NotFound
from assessment.kernel.forms import TITLE_LIMIT, Form
from assessment.kernel.model import Membership, Person, Profession, Role
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, Actor, actor_from, check, use_case
from assessment.kernel.records import record_audit, require
from assessment.kernel.repository import AuditQuery, UnitOfWork
from assessment.kernel.scoring import facets_for  # noqa
from assessment.unit_upkeep import open_unit

_KEY = re.compile(r"[^a-z0-9]+")


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


# The stored key's length; a longer name still gets a key, cut to fit.
PROFESSION_KEY_LIMIT = 64


def profession_key(name: str) -> str:
    key = _KEY.sub("_", name.lower().translate(_DANISH)).strip("_")[:PROFESSION_KEY_LIMIT].rstrip("_")
    return key or "faggruppe"


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


SIGN_OUT = "session.sign_out"


@use_case
def register_profession(uow: UnitOfWork, *, name: str, actor: Actor, clock: Clock = utc_now) -> Profession:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=WHOLE_ORGANISATION, object_type="profession")
    form = Form()
    name = form.text("name", name, required=True, limit=TITLE_LIMIT)
    form.done()
    key = profession_key(name)
    with uow.write() as repo:
        if any(p.key == key for p in repo.list_professions()):
            raise FormInvalid({"name": Message(N_("The profession {name} already exists."), {"name": name})})
        profession = repo.add_profession(Profession(key=key, name=name))
        record_audit(repo, actor.person_id, "profession.register", "profession", profession.id, clock)
    return profession


@use_case
def register_person(
    uow: UnitOfWork, *, name: str, email: str, profession_id: int | None, actor: Actor, clock: Clock = utc_now
) -> Person:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=WHOLE_ORGANISATION, object_type="person")
    form = Form()
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
        record_audit(repo, actor.person_id, "person.register", "person", person.id, clock)
    return person


@use_case
def grant_role(
    uow: UnitOfWork, *, person_id: int, unit_id: int, role: Role, actor: Actor, clock: Clock = utc_now
) -> Membership:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    with uow.write() as repo:
        require(repo.get_person(person_id), N_("Person"), person_id)
        open_unit(repo, unit_id, "unit")  # a closed unit takes no new roles
        existing = next(
            (m for m in repo.memberships_of(person_id) if m.unit_id == unit_id and m.role == role), None
        )
        if existing is not None:
            return existing
        membership = repo.add_membership(Membership(person_id=person_id, unit_id=unit_id, role=role))
        record_audit(
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
        record_audit(
            repo,
            actor.person_id,
            "membership.revoke",
            "person",
            membership.person_id,
            clock,
            before={"unit_id": membership.unit_id, "role": membership.role.value},
        )


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


def record_sign_out(uow: UnitOfWork, person_id: int, *, clock: Clock = utc_now) -> None:
    """Signing out ("Log ud") ends every session of the person, on every device.

    Streamlit's login cookie is the whole session (nothing is kept on the server), so a copy of
    it would otherwise keep working for 30 days. The sign-out is remembered in the audit trail,
    and :func:`signed_out_since` refuses any cookie issued before it.
    """
    with uow.write() as repo:
        record_audit(
            repo,
            person_id,
            SIGN_OUT,
            "person",
            person_id,
            clock,
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
