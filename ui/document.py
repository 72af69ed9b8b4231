"""What the browser's document says about the page, beyond what Streamlit lets a screen say."""

from __future__ import annotations

import json

import streamlit as st

from assessment.kernel.i18n import LANGUAGES


def declare_language(language: str) -> None:
    """Tell browsers and screen readers the page's language (WCAG 3.1.1).

    Streamlit's page says lang="en" whatever the app speaks; this follows the language chosen in
    the sidebar on every run. The app's one piece of raw HTML: it carries nothing but a code from
    LANGUAGES, never text from a person.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(language)};</script>",
        unsafe_allow_javascript=True,
    )
