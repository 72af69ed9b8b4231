"""Opfølgning in the calendar: the follow-up date as an .ics file (:func:`assessment.reminders.follow_up_calendar`),
made on the click, with the link back to the follow-up in the event's text.

One button, :func:`calendar_button`, drawn in the follow-up part of Beslutning and beside the decision
summary's downloads (:func:`ui.downloads.summary_downloads`), each under its own key.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from assessment import outcomes, reminders
from ui.context import actor_on_click, current_actor, translator, unit_of_work

# The follow-up's heading on the Beslutning screen: /decision?proposal=<id>#opfoelgning opens there.
ANCHOR = "opfoelgning"


def calendar_file_name(proposal_id: int, follow_up_date: date) -> str:
    """»opfoelgning-forslag-12-2027-06-10.ics«: the proposal's id and the follow-up date."""
    return f"opfoelgning-forslag-{proposal_id}-{follow_up_date:%Y-%m-%d}.ics"


def file_name(view: outcomes.OutcomesView) -> str:
    return calendar_file_name(view.proposal_id, view.follow_up_date)


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
    """The button in the follow-up part of Beslutning."""
    calendar_button(view.proposal_id, view.follow_up_date, key="follow_up.calendar")


def calendar_button(
    proposal_id: int, follow_up_date: date, *, key: str, short: bool = False, into: Any = st
) -> None:
    """The follow-up date of a decided proposal as a calendar file, made on the click.

    ``short``: labelled as a file format (»Kalender (.ics)«), filling its column in a row of downloads;
    ``into``: the column (or other container) to draw it in.
    """
    _ = translator()
    uow = unit_of_work()
    actor = current_actor()
    address = base_url()

    def make() -> bytes:
        # Runs on the click, outside the script run: the roles are read again then.
        return reminders.follow_up_calendar(
            uow, proposal_id, actor=actor_on_click(actor, uow), base_url=address
        )

    into.download_button(
        _("Calendar (.ics)") if short else _("Put the follow-up in the calendar (.ics)"),
        data=make,
        file_name=calendar_file_name(proposal_id, follow_up_date),
        mime="text/calendar",
        icon=":material/event:",
        on_click="ignore",
        help=_(
            "A calendar event on {date} at 09:00 with a reminder the day before, and a link back to this "
            "follow-up.",
            date=_.date(follow_up_date),
        ),
        key=key,
        width="stretch" if short else "content",
    )
