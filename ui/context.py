"""Per-session things every page needs: the unit of work, the translator, the user.

The engine is shared by all sessions but keyed by its URL, so tests that point at other
databases never share one; nothing else is cached across users.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from assessment.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from models.engine import database_url, make_engine
from models.repository import SqlUnitOfWork

LANGUAGE_KEY = "app.language"


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
