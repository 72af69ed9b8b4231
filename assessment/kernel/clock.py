"""The app's one clock: the moment now, and which Danish calendar day a moment falls on.

Use cases take a ``clock`` argument so that tests and the demo set the time themselves; the
default is :func:`utc_now`. Screens and commands that need "today" ask :func:`today_in_denmark`,
never ``date.today()``: the server's own time zone is usually UTC, and between 22:00 and 24:00
UTC in summer (23:00 in winter) that is still yesterday in Denmark.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from assessment.kernel.i18n import TIMEZONE

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def danish_date(moment: datetime) -> date:
    """The calendar day in Denmark at ``moment`` (a moment without a zone is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(TIMEZONE).date()


def today_in_denmark(clock: Clock = utc_now) -> date:
    return danish_date(clock())
