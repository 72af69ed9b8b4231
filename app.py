"""Kernekompas: the router. Page config, language, who is working, navigation."""

from __future__ import annotations

import logging

import streamlit as st

from assessment.kernel.errors import N_, DomainError
from assessment.kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES
from assessment.kernel.model import Role
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, Actor, allows
from ui.context import ACTOR_KEY, LANGUAGE_KEY, keep_across_pages, translator, unit_of_work
from ui.document import declare_language
from ui.focus_style import show_focus
from ui.identity import Mode, identity_setup, local_actor, not_set_up_page, signed_in_actor
from ui.portfolio_access import opens_portfolio
from ui.widgets import show_error

log = logging.getLogger("kernekompas.app")


def _administers(actor: Actor) -> bool:
    return actor.trusted or any(Role.ADMIN in roles for roles in actor.roles.values())


def main() -> None:
    st.set_page_config(page_title="Kernekompas", page_icon="🧭", layout="wide")
    show_focus()  # a keyboard focus people can see (WCAG 2.4.7)
    remember_language = keep_across_pages(LANGUAGE_KEY, LANGUAGES, default=DEFAULT_LANGUAGE)
    with st.sidebar:
        st.segmented_control(
            "Sprog / Language",
            options=LANGUAGES,
            format_func={"da": "Dansk", "en": "English"}.get,
            key=LANGUAGE_KEY,
            on_change=remember_language,
        )
    _ = translator()
    with st.sidebar:  # an element of its own: in the sidebar it leaves the screen's layout alone
        declare_language(_.language)
    try:
        _route()
    except DomainError as error:
        # A refusal (no access, wrong status) that a page did not handle: the reason, not a trace.
        show_error(error)
    except Exception:
        # showErrorDetails = "none" hides the trace from users; the log keeps it for IT.
        log.exception("a page failed")
        st.error(_(SOMETHING_WENT_WRONG))


SOMETHING_WENT_WRONG = N_(
    "Something went wrong, and nothing was saved. Try again; if it happens again, "
    "tell your IT department the time it happened."
)


def _route() -> None:
    """Who is working (read from the database on every rerun), then the screens they may use."""
    _ = translator()
    uow = unit_of_work()
    setup = identity_setup()
    if setup.mode is Mode.NOT_SET_UP:
        not_set_up_page(setup)
    actor = signed_in_actor(uow) if setup.mode is Mode.SIGN_IN else local_actor(uow)
    st.session_state[ACTOR_KEY] = actor
    organisation = [st.Page("screens/core_tasks.py", title=_("Core tasks"), icon=":material/account_tree:")]
    if _administers(actor):
        organisation.append(
            st.Page("screens/admin.py", title=_("Administration"), icon=":material/settings:")
        )
        if allows(actor, Action.READ_AUDIT, WHOLE_ORGANISATION):
            organisation.append(st.Page("screens/audit.py", title=_("Audit trail"), icon=":material/policy:"))
    navigation = st.navigation(
        {
            _("Proposals"): [
                st.Page(
                    "screens/overview.py", title=_("Overview"), icon=":material/dashboard:", default=True
                ),
                st.Page("screens/proposal.py", title=_("Proposal"), icon=":material/edit_note:"),
                # The leadership's portfolio: for those who lead a unit or sit on a MED committee.
                *(
                    [st.Page("screens/portfolio.py", title=_("Portfolio"), icon=":material/insights:")]
                    if opens_portfolio(actor)
                    else []
                ),
            ],
            _("Assessment"): [
                st.Page("screens/scoring.py", title=_("Scoring"), icon=":material/how_to_vote:"),
                st.Page("screens/compare.py", title=_("Compare"), icon=":material/compare_arrows:"),
                st.Page("screens/discussion.py", title=_("Discussion"), icon=":material/forum:"),
                st.Page("screens/decision.py", title=_("Decision"), icon=":material/gavel:"),
            ],
            _("Organisation"): organisation,
        }
    )
    # Each screen its own title in the browser tab and for screen readers (WCAG 2.4.2).
    st.set_page_config(page_title=f"{navigation.title} · Kernekompas")
    navigation.run()


main()
