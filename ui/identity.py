"""Who is working: signed in through OpenID Connect, or chosen in the sidebar in local mode.

Streamlit's login cookie lives for 30 days and Streamlit keeps no session of its own on the
server, so the cookie only says *who* someone is. What they may do is read from the database
on every rerun (:func:`assessment.people.actor_for`): a role removed by an administrator
stops working on the person's next click.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, NoReturn

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from assessment import organisation, people
from assessment.kernel.model import Person
from assessment.kernel.permissions import SYSTEM, Actor
from storage.repository import SqlUnitOfWork
from ui.context import PERSON_KEY, keep_across_pages, translator
from ui.widgets import plain

log = logging.getLogger("kernekompas.identity")

# The local picker's entry with every right: local mode has no sign-in, so whoever runs it
# already owns the data; the sidebar says so. It is never chosen for anyone by default.
LOCAL_SET_UP = -1
SUPPORT_SECTION = "kernekompas"
# Local mode is only for one person on their own machine, so it must be asked for by name
# (`make run` and `make dev` do); a server set up without it shows the "not set up" page.
LOCAL_MODE_ENV = "KERNEKOMPAS_LOCAL_MODE"
# The address keeps the local choice (?som=12), so it survives a reload and a copied link.
PERSON_PARAM = "som"
# A proxy in front (nginx in docs/deploy.md) adds one of these; its visitors are never local.
PROXY_HEADERS = ("X-Forwarded-For", "X-Real-Ip", "Forwarded")
# What a complete [auth] section (or its named provider) must give Streamlit's st.login.
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


class Mode(Enum):
    SIGN_IN = "sign-in"
    LOCAL = "local"
    NOT_SET_UP = "not set up"


@dataclass(frozen=True)
class Setup:
    """How people are identified, and when no way is safe, why (for the log, never a secret)."""

    mode: Mode
    problem: str = ""


def _secrets() -> dict[str, Any] | None:
    """The secrets, or None when there is no secrets file; raises when one cannot be read."""
    try:
        return st.secrets.to_dict()
    except StreamlitSecretNotFoundError as error:
        if getattr(error, "error_id", "") == "no-secrets-found":
            return None
        raise


def auth_problem(secrets: dict[str, Any]) -> str:
    """What keeps ``secrets`` from being a complete sign-in set-up; "" when nothing does."""
    auth = secrets.get("auth")
    if not isinstance(auth, dict):
        misspelt = [key for key in secrets if key.casefold() == "auth" and key != "auth"]
        if misspelt:
            return f"the section is called [{misspelt[0]}], not [auth]"
        return "the secrets file has no [auth] section"
    providers = {name: value for name, value in auth.items() if isinstance(value, dict)}
    if not all(str(auth.get(key) or "").strip() for key in AUTH_KEYS):
        return f"[auth] needs {', '.join(AUTH_KEYS)}"
    given = [auth] if "client_id" in auth else list(providers.values())
    if not given or not all(str(p.get(key) or "").strip() for p in given for key in PROVIDER_KEYS):
        return f"[auth] (or its provider section) needs {', '.join(PROVIDER_KEYS)}"
    return ""


def local_mode_problem(asked_for: str, ip_address: object, headers: Mapping[str, object]) -> str:
    """Why a request may not use local mode; "" when it may.

    ``asked_for`` is the value of KERNEKOMPAS_LOCAL_MODE; ``ip_address`` and ``headers`` are the
    request's, as ``st.context`` gives them."""
    if asked_for.strip() != "1":
        return f"local mode was not asked for ({LOCAL_MODE_ENV}=1)"
    # Streamlit gives no address for a visitor on this machine (127.0.0.1 or ::1), a string for
    # anyone else (AppTest's simulated browser has neither).
    if isinstance(ip_address, str):
        return "the visitor is on another machine"
    if any(isinstance(headers.get(header), str) for header in PROXY_HEADERS):
        return "the visitor came through a proxy"
    return ""


def identity_setup() -> Setup:
    """Sign-in when the secrets say so completely; local mode only when asked for, on this
    machine; otherwise nothing. Fails closed: secrets that exist but cannot be read or lack a
    complete [auth] never fall back to local mode."""
    try:
        secrets = _secrets()
    except Exception as error:  # a TOML typo, an unreadable file: say what, never the values
        return Setup(Mode.NOT_SET_UP, f"the secrets file cannot be read ({type(error).__name__})")
    if secrets is not None:
        problem = auth_problem(secrets)
        if not problem:
            return Setup(Mode.SIGN_IN)
        if any(key.casefold() == "auth" for key in secrets):  # sign-in was meant, but is broken
            return Setup(Mode.NOT_SET_UP, problem)
    problem = local_mode_problem(
        os.environ.get(LOCAL_MODE_ENV, ""), st.context.ip_address, st.context.headers
    )
    return Setup(Mode.LOCAL) if not problem else Setup(Mode.NOT_SET_UP, problem)


def not_set_up_page(setup: Setup) -> NoReturn:
    """The only page a server without a safe way to identify people shows."""
    _ = translator()
    log.error("nobody can be identified, so nothing is shown: %s", setup.problem)
    st.title("Kernekompas")
    st.error(
        _(
            "Kernekompas is not ready: sign-in is not set up correctly, so nobody can be shown "
            "anything here. Ask your IT department to check the sign-in settings (docs/sign-in.md)."
        )
    )
    st.write(_("To try Kernekompas alone on your own computer, start it with make run."))
    st.stop()


def _provider() -> str | None:
    """The named provider (``[auth.microsoft]``), or None for a single provider in ``[auth]``."""
    auth = (_secrets() or {}).get("auth", {})
    if "client_id" in auth:
        return None
    named = [name for name, value in auth.items() if isinstance(value, dict)]
    return named[0] if named else None


# Set to true in [kernekompas] only for a provider that vouches for every address it sends but
# sends no email_verified claim, as Microsoft Entra ID does for its own accounts (docs/sign-in.md).
PROVIDER_VERIFIES_EMAIL = "provider_verifies_email"


def email_counts_as_verified(claim: object, provider_verifies_email: bool) -> bool:
    """Whether a signed-in address may be matched to a person.

    An address nobody vouched for could be anyone's, so only a claim that says yes counts ("true"
    as text too, which some providers send); a missing claim counts only where the set-up says
    the provider checks every address itself."""
    if claim is None:
        return provider_verifies_email
    return claim is True or (isinstance(claim, str) and claim.strip().lower() == "true")


def _provider_verifies_email() -> bool:
    return (_secrets() or {}).get(SUPPORT_SECTION, {}).get(PROVIDER_VERIFIES_EMAIL) is True


def _support_contact() -> str:
    return str((_secrets() or {}).get(SUPPORT_SECTION, {}).get("support_contact", "")).strip()


def signed_in_actor(uow: SqlUnitOfWork) -> Actor:
    """The signed-in person's actor; otherwise shows the sign-in or "unknown" page and stops."""
    _ = translator()
    if not st.user.is_logged_in:
        _sign_in_page()
    email = str(st.user.get("email") or "")
    verified = email_counts_as_verified(st.user.get("email_verified"), _provider_verifies_email())
    person = people.person_for_sign_in(uow, email) if email and verified else None
    if person is None or person.id is None:
        log.info("sign-in by an address that belongs to no active person")
        _unknown_person_page(email)
        st.stop()
    issued = st.user.get("iat")
    if isinstance(issued, int | float) and people.signed_out_since(
        uow, person.id, datetime.fromtimestamp(issued, UTC)
    ):
        # Not st.logout(): that would send this browser to the provider's sign-out page. The
        # cookie is worth nothing here now, and signing in again replaces it.
        log.info("a login cookie from before the person's sign-out was refused")
        _sign_in_page()
    with st.sidebar:
        st.caption(_("Signed in as {name}", name=person.name))
        if st.button(_("Sign out"), key="app.sign_out"):
            people.record_sign_out(uow, person.id)
            st.logout()
    return people.actor_for(uow, person.id)


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
    directory = organisation.directory(uow, actor=SYSTEM)
    people_by_id = {person.id: person for person in directory.people if person.id is not None}
    # Local mode belongs to whoever runs it, who may set up the organisation with every right or
    # step into a person's shoes to see what that person sees; nobody is chosen until they choose.
    choices = [LOCAL_SET_UP, *people_by_id]
    # A reload or an opened link starts a new session: the address says whose shoes you were in.
    linked = st.query_params.get(PERSON_PARAM, "")
    if st.session_state.get(PERSON_KEY) is None and linked.lstrip("-").isdigit() and int(linked) in choices:
        st.session_state[PERSON_KEY] = int(linked)
    remember = keep_across_pages(PERSON_KEY, choices, default=None)
    with st.sidebar:
        st.caption(_("Local mode, without sign-in"))
        chosen = st.selectbox(
            _("You are working as"),
            options=choices,
            index=None,
            placeholder=_("Choose a person"),
            format_func=lambda person_id: (
                _("Local set-up (every right)")
                if person_id == LOCAL_SET_UP
                else _person_label(directory, people_by_id[person_id])
            ),
            key=PERSON_KEY,
            on_change=remember,
        )
    if chosen is None:
        st.query_params.pop(PERSON_PARAM, None)
        st.title("Kernekompas")
        st.info(_("Choose in the sidebar whom you are working as."))
        st.stop()
    st.query_params[PERSON_PARAM] = str(chosen)
    if chosen == LOCAL_SET_UP:
        return SYSTEM
    return people.actor_for(uow, int(chosen))


def _person_label(directory: organisation.Directory, person: Person) -> str:
    profession = directory.profession(person.profession_id)
    return f"{person.name} ({profession.name})" if profession else person.name
