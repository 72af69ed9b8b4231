"""Reminders that reach people: the follow-up date as a calendar file (.ics, RFC 5545).

One event on the follow-up date, 09:00–10:00 in Europe/Copenhagen with its VTIMEZONE, in Danish:
SUMMARY »Opfølgning: <title>«, a DESCRIPTION with the unit, the decision, who follows up and the link
to the follow-up, and an alarm the working day before. The UID is made from the proposal and the
date, so importing the file again after a new date adds a new event while importing the same file
twice updates the one event; DTSTAMP comes from the clock.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import icalendar

from assessment.discussion_views import BASELINE_TITLE
from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, WrongState
from assessment.kernel.i18n import DEFAULT_LANGUAGE, TIMEZONE, Translator
from assessment.kernel.permissions import Action, Actor, checked_proposal, use_case
from assessment.kernel.repository import UnitOfWork

__all__ = ["FOLLOW_UP_PATH", "follow_up_calendar", "follow_up_link"]

# The screen the follow-up is done on, as Streamlit names it from screens/decision.py.
FOLLOW_UP_PATH = "decision"
STARTS_AT = time(9, 0)
LASTS = timedelta(hours=1)
PRODID = "-//Kernekompas//Opfølgning//DA"


def follow_up_link(proposal_id: int, base_url: str = "") -> str:
    """The address of a proposal's follow-up: ``base_url`` (the app's address, may be empty) + path."""
    return f"{base_url.rstrip('/')}/{FOLLOW_UP_PATH}?proposal={proposal_id}"


def _uid(proposal_id: int, day: date) -> str:
    return f"kernekompas-opfoelgning-{proposal_id}-{day:%Y%m%d}@kernekompas"


@use_case
def follow_up_calendar(
    uow: UnitOfWork,
    proposal_id: int,
    *,
    actor: Actor,
    base_url: str = "",
    clock: Clock = utc_now,
) -> bytes:
    """The follow-up date of a decided proposal as an .ics file, for whoever may see its results."""
    _ = Translator(DEFAULT_LANGUAGE)
    with uow.read() as repo:
        proposal = checked_proposal(repo, actor, Action.VIEW_RESULTS, proposal_id)
        decision = repo.get_decision(proposal_id)
        if decision is None:
            raise WrongState(N_("The proposal has not been decided yet."))
        unit = repo.get_unit(proposal.unit_id)
        chosen = proposal.option(decision.chosen_option_id)
        responsible = (
            repo.get_person(decision.follow_up_responsible_id) if decision.follow_up_responsible_id else None
        )
    decided = (chosen.title if chosen and chosen.title else _(BASELINE_TITLE)).strip()
    lines = [
        _("Unit: {unit}", unit=unit.name if unit else ""),
        _("Decision: {option}", option=decided),
        _("Follows up: {name}", name=responsible.name if responsible else _("nobody named")),
        _("Link to the follow-up: {link}", link=follow_up_link(proposal_id, base_url)),
    ]
    start = datetime.combine(decision.follow_up_date, STARTS_AT, tzinfo=TIMEZONE)
    event = icalendar.Event()
    event.add("uid", _uid(proposal_id, decision.follow_up_date))
    event.add("dtstamp", clock())
    event.add("dtstart", start)
    event.add("dtend", start + LASTS)
    event.add("summary", _("Follow-up: {title}", title=proposal.title))
    event.add("description", "\n".join(lines))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Follow-up: {title}", title=proposal.title))
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    year = decision.follow_up_date.year
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            str(TIMEZONE.key), first_date=date(year - 1, 1, 1), last_date=date(year + 1, 12, 31)
        )
    )
    calendar.add_component(event)
    return bytes(calendar.to_ical())
