"""Per-session things every page needs: the unit of work, the translator, the user.

The engine is shared by all sessions but keyed by its URL, so tests that point at other
databases never share one; nothing else is cached across users.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from assessment import services
from assessment.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from assessment.model import Person
from models.engine import database_url, make_engine
from models.repository import SqlUnitOfWork

LANGUAGE_KEY = "app.language"
PERSON_KEY = "app.person"


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


def current_person_id() -> int | None:
    """Who is working. In local mode the person chosen in the sidebar; sign-in replaces this."""
    chosen = st.session_state.get(PERSON_KEY)
    return int(chosen) if chosen is not None else None


def choose_person_in_sidebar(directory: services.Directory) -> None:
    """Local mode has no sign-in, so the sidebar says whose shoes you are in."""
    _ = translator()
    people = {person.id: person for person in directory.people}
    if st.session_state.get(PERSON_KEY) not in people:
        st.session_state.pop(PERSON_KEY, None)
    with st.sidebar:
        st.caption(_("Local mode, without sign-in"))
        st.selectbox(
            _("You are working as"),
            options=list(people),
            format_func=lambda person_id: _person_label(directory, people[person_id]),
            key=PERSON_KEY,
            index=0 if people else None,
            placeholder=_("No people yet"),
        )


def _person_label(directory: services.Directory, person: Person) -> str:
    profession = directory.profession(person.profession_id)
    return f"{person.name} ({profession.name})" if profession else person.name
