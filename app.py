"""Kernekompas: the router. Page config, language, who is working, navigation."""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ui.context import LANGUAGE_KEY, choose_person_in_sidebar, translator, unit_of_work


def main() -> None:
    st.set_page_config(page_title="Kernekompas", page_icon="🧭", layout="wide")
    st.session_state.setdefault(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    with st.sidebar:
        st.segmented_control(
            "Sprog / Language",
            options=LANGUAGES,
            format_func={"da": "Dansk", "en": "English"}.get,
            key=LANGUAGE_KEY,
        )
    _ = translator()
    choose_person_in_sidebar(services.directory(unit_of_work()))
    navigation = st.navigation(
        {
            _("Proposals"): [
                st.Page(
                    "screens/overview.py", title=_("Overview"), icon=":material/dashboard:", default=True
                ),
                st.Page("screens/proposal.py", title=_("Proposal"), icon=":material/edit_note:"),
            ],
            _("Assessment"): [
                st.Page("screens/scoring.py", title=_("Scoring"), icon=":material/how_to_vote:"),
                st.Page("screens/compare.py", title=_("Compare"), icon=":material/compare_arrows:"),
                st.Page("screens/discussion.py", title=_("Discussion"), icon=":material/forum:"),
                st.Page("screens/decision.py", title=_("Decision"), icon=":material/gavel:"),
            ],
            _("Organisation"): [
                st.Page("screens/core_tasks.py", title=_("Core tasks"), icon=":material/account_tree:"),
                st.Page("screens/admin.py", title=_("Administration"), icon=":material/settings:"),
            ],
        }
    )
    navigation.run()


main()
