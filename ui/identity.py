"""Who is working: signed in through OpenID Connect, or chosen in the sidebar in local mode.

Streamlit's login cookie lives for 30 days and Streamlit keeps no session of its own on the
server, so the cookie only says *who* someone is. What they may do is read from the database
on every rerun (:func:`assessment.services.actor_for`): a role removed by an administrator
stops working on the person's next click.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, NoReturn

import streamlit as st

from assessment import services
from assessment.model import Person
from assessment.permissions import SYSTEM, Actor
from models.repository import SqlUnitOfWork
from ui.context import PERSON_KEY, keep_across_pages, translator
from ui.widgets import plain

log = logging.getLogger("kernekompas.identity")

# The local picker's entry with every right: local mode has no sign-in, so whoever runs it
# already owns the data; the sidebar says so.
LOCAL_SET_UP = -1
SUPPORT_SECTION = "kernekompas"


def _secrets() -> Any:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml, or one Streamlit cannot read: local mode
        return {}


def sign_in_configured() -> bool:
    """Sign-in is on when ``.streamlit/secrets.toml`` has an ``[auth]`` section."""
    return bool(_secrets().get("auth"))


def _provider() -> str | None:
    """The named provider (``[auth.microsoft]``), or None for a single provider in ``[auth]``."""
    auth = _secrets().get("auth", {})
    if "client_id" in auth:
        return None
    named = [name for name, value in auth.items() if isinstance(value, dict)]
    return named[0] if named else None


def _support_contact() -> str:
    return str(_secrets().get(SUPPORT_SECTION, {}).get("support_contact", "")).strip()


def signed_in_actor(uow: SqlUnitOfWork) -> Actor:
    """The signed-in person's actor; otherwise shows the sign-in or "unknown" page and stops."""
    _ = translator()
    if not st.user.is_logged_in:
        _sign_in_page()
    email = str(st.user.get("email") or "")
    # An address the provider says it has not verified could be anyone's.
    verified = st.user.get("email_verified") is not False
    person = services.person_for_sign_in(uow, email) if email and verified else None
    if person is None or person.id is None:
        log.info("sign-in by an address that belongs to no active person")
        _unknown_person_page(email)
        st.stop()
    issued = st.user.get("iat")
    if isinstance(issued, int | float) and services.signed_out_since(
        uow, person.id, datetime.fromtimestamp(issued, UTC)
    ):
        # Not st.logout(): that would send this browser to the provider's sign-out page. The
        # cookie is worth nothing here now, and signing in again replaces it.
        log.info("a login cookie from before the person's sign-out was refused")
        _sign_in_page()
    with st.sidebar:
        st.caption(_("Signed in as {name}", name=person.name))
        if st.button(_("Sign out"), key="app.sign_out"):
            services.record_sign_out(uow, person.id)
            st.logout()
    return services.actor_for(uow, person.id)


def _sign_in_page() -> NoReturn:
    _ = translator()
    st.title("Kernekompas")
    st.write(_("Sign in with your work account to see and assess proposed changes."))
    if st.button(_("Sign in"), type="primary", key="app.sign_in"):
        st.login(_provider()) if _provider() else st.login()
    st.stop()


def _unknown_person_page(email: str) -> None:
    _ = translator()
    st.title("Kernekompas")
    st.warning(
        plain(
            _(
                "You are signed in as {email}, but Kernekompas does not know this address yet, "
                "so you cannot see anything here.",
                email=email or _("(no e-mail address)"),
            )
        )
    )
    contact = _support_contact()
    if contact:
        st.write(plain(_("Ask {contact} to add you, with your role in your unit.", contact=contact)))
    else:
        st.write(_("Ask your leader or the municipality's Kernekompas administrator to add you."))
    if st.button(_("Sign out"), key="app.sign_out"):
        st.logout()


def local_actor(uow: SqlUnitOfWork) -> Actor:
    """Local mode: the sidebar chooses whose shoes you are in; their roles apply as if signed in."""
    _ = translator()
    # Listing everyone for the picker is the local operator's own business: there is no sign-in.
    directory = services.directory(uow, actor=SYSTEM)
    people = {person.id: person for person in directory.people if person.id is not None}
    # The set-up entry comes first: local mode belongs to whoever runs it, who may then step
    # into a person's shoes to see what that person sees.
    choices = [LOCAL_SET_UP, *people]
    remember = keep_across_pages(PERSON_KEY, choices, default=LOCAL_SET_UP)
    with st.sidebar:
        st.caption(_("Local mode, without sign-in"))
        chosen = st.selectbox(
            _("You are working as"),
            options=choices,
            format_func=lambda person_id: (
                _("Local set-up (every right)")
                if person_id == LOCAL_SET_UP
                else _person_label(directory, people[person_id])
            ),
            key=PERSON_KEY,
            on_change=remember,
        )
    if chosen == LOCAL_SET_UP:
        return SYSTEM
    return services.actor_for(uow, int(chosen))


def _person_label(directory: services.Directory, person: Person) -> str:
    profession = directory.profession(person.profession_id)
    return f"{person.name} ({profession.name})" if profession else person.name
