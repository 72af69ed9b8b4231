"""Opfølgning in the calendar: the follow-up date as an .ics file (:func:`assessment.reminders.follow_up_calendar`),
made on the click, with the link back to the follow-up in the event's text."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from assessment import outcomes, reminders
from ui.context import actor_on_click, current_actor, translator, unit_of_work

# The follow-up's heading on the Beslutning screen: /decision?proposal=<id>#opfoelgning opens there.
ANCHOR = "opfoelgning"


def file_name(view: outcomes.OutcomesView) -> str:
    """»opfoelgning-forslag-12-2027-06-10.ics«: the proposal's id and the follow-up date."""
    return f"opfoelgning-forslag-{view.proposal_id}-{view.follow_up_date:%Y-%m-%d}.ics"


def base_url() -> str:
    """The app's address as the browser reached it, for the link in the event; "" when unknown."""
    try:
        address = st.context.url
    except Exception:  # outside a browser session (tests, scripts) there is none
        return ""
    if not address:
        return ""
    parts = urlsplit(address)
    if not parts.scheme or not parts.netloc:
        return ""
    # The app may be served under a path (/kernekompas/decision): keep all but the page's own name.
    path = parts.path.rsplit("/", 1)[0] if parts.path.count("/") > 1 else ""
    return f"{parts.scheme}://{parts.netloc}{path}"


def calendar_download(view: outcomes.OutcomesView) -> None:
    _ = translator()
    uow = unit_of_work()
    actor = current_actor()
    proposal_id = view.proposal_id
    address = base_url()

    def make() -> bytes:
        # Runs on the click, outside the script run: the roles are read again then.
        return reminders.follow_up_calendar(
            uow, proposal_id, actor=actor_on_click(actor, uow), base_url=address
        )

    st.download_button(
        _("Put the follow-up in the calendar (.ics)"),
        data=make,
        file_name=file_name(view),
        mime="text/calendar",
        icon=":material/event:",
        on_click="ignore",
        help=_(
            "A calendar event on {date} at 09:00 with a reminder the day before, and a link back to this "
            "follow-up.",
            date=_.date(view.follow_up_date),
        ),
        key="follow_up.calendar",
    )
