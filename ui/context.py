"""Per-session things every page needs: the unit of work, the translator, the user.

The engine is shared by all sessions but keyed by its URL, so tests that point at other
databases never share one. The only other cache shared across users is Sammenlign's charts,
keyed by the whole (already permission-checked) comparison they are drawn from.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from assessment import people
from assessment.kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from assessment.kernel.permissions import Actor
from storage.engine import database_url, make_engine
from storage.repository import SqlUnitOfWork

LANGUAGE_KEY = "app.language"
PERSON_KEY = "app.person"
# Set by app.py on every rerun from the database, never carried over from an earlier one.
ACTOR_KEY = "app.actor"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


def unit_of_work() -> SqlUnitOfWork:
    return SqlUnitOfWork(_engine(database_url()))


def language() -> str:
    chosen = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def translator() -> Translator:
    return Translator(language())


def current_actor() -> Actor:
    """Who is working and what they may do, as ``app.py`` established it on this rerun.

    A page run without ``app.py`` (it never should be) gets an actor with no roles: denied.
    """
    actor = st.session_state.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else Actor(person_id=None)


def actor_on_click(actor: Actor, uow: SqlUnitOfWork) -> Actor:
    """The roles as they are when a download is clicked, not when the page was drawn.

    A download is made on the click, outside the script run, so the rerun's actor may be old:
    a role removed meanwhile must already count. Programs keep their actor.
    """
    if actor.person_id is None or actor.trusted:
        return actor
    return people.actor_for(uow, actor.person_id)


def _kept(key: str) -> str:
    return f"{key}.kept"


def keep_across_pages(key: str, allowed: Collection[Any], default: Any) -> Callable[[], None]:
    """Put a sidebar widget's value back before it is drawn; returns its ``on_change`` callback.

    In a browser, the run that ``st.switch_page`` starts sees the sidebar's widgets at their
    defaults (seen with Streamlit 1.67: after "Go on to the decision" the app worked as the
    first person in the list). So the value is also kept under a key of our own.
    """
    value = st.session_state.get(_kept(key), st.session_state.get(key, default))
    st.session_state[key] = value if value in allowed else default
    st.session_state[_kept(key)] = st.session_state[key]

    def remember() -> None:
        st.session_state[_kept(key)] = st.session_state[key]

    return remember
