"""Kernekompas: the router. Page config, language, navigation; the screens live in pages/."""

from __future__ import annotations

import streamlit as st

from assessment.i18n import LANGUAGES
from ui.context import LANGUAGE_KEY, translator


def main() -> None:
    st.set_page_config(page_title="Kernekompas", page_icon="🧭", layout="wide")
    with st.sidebar:
        st.segmented_control(
            "Sprog / Language",
            options=LANGUAGES,
            format_func={"da": "Dansk", "en": "English"}.get,
            key=LANGUAGE_KEY,
            default="da",
        )
    _ = translator()
    with st.sidebar:
        st.caption(_("Local mode, without sign-in"))
    navigation = st.navigation(
        {
            _("Proposals"): [
                st.Page("pages/overview.py", title=_("Overview"), icon=":material/dashboard:", default=True),
            ],
        }
    )
    navigation.run()


main()
