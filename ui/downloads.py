"""Download buttons for the decision summary, made only when a user clicks one.

Each button hands Streamlit a function instead of bytes: the document is built on the click
(the browser shows the button as busy meanwhile), so opening a screen never pays for five
exports nobody asked for. What takes the time in Word and PDF, the charts, is rendered in the
background as soon as the buttons are shown (:func:`report.export.prewarm_charts`, once per
proposal and language in a server process), so the first click finds them ready.

A decided proposal whose follow-up lies ahead (decided or in follow-up, not closed) also gets the
follow-up date as a calendar file at the end of the row, made by the same button as on the follow-up
itself (:func:`ui.tabs.follow_up_calendar.calendar_button`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from assessment import decision, outcomes
from assessment.kernel.model import Proposal
from assessment.kernel.permissions import Action, allows
from report.export import MEDIA_TYPES, Format, export, file_name_for, prewarm_charts
from ui.context import actor_on_click, current_actor, translator, unit_of_work
from ui.tabs.follow_up_calendar import calendar_button

LABELS: dict[Format, str] = {
    Format.DOCX: "Word",
    Format.PDF: "PDF",
    Format.XLSX: "Excel",
    Format.MD: "Markdown",
    Format.CSV: "CSV",
}


def summary_downloads(proposal: Proposal, *, key: str, calendar: bool = True) -> None:
    """One row of buttons: the decision summary in every format, raters pseudonymised, on the
    rubric's own weights (never the weights someone is exploring on the screen); while the follow-up
    lies ahead, its date as a calendar file at the end (``calendar=False``: the screen offers it
    elsewhere)."""
    _ = translator()
    uow = unit_of_work()
    proposal_id = proposal.id or 0
    actor = current_actor()
    if not allows(actor, Action.EXPORT_SUMMARY, proposal.unit_id, proposal.status):
        return
    st.caption(
        _(
            "The decision summary for the MED meeting and the minutes. Raters appear under pseudonyms. "
            "The file is made when you click, which can take a few seconds."
        )
    )
    # The charts Word and PDF need, rendered while the person reads the screen; the same reading
    # and permission check as a download's, and no audit record (no file leaves the app).
    prewarm_charts(uow, proposal_id, _, actor=actor, identity=str(uow.engine.url))

    def make(fmt: Format) -> Callable[[], bytes]:
        # Runs outside the script run, on the click: everything it needs is captured here,
        # nothing from st.*. The roles are read again then, as on any other click.
        return lambda: export(uow, proposal_id, fmt, _, actor=actor_on_click(actor, uow)).data

    follow_up_date = _follow_up_date(proposal) if calendar else None
    columns = st.columns(len(LABELS) + (0 if follow_up_date is None else 1))
    for column, (fmt, label) in zip(columns, LABELS.items(), strict=False):
        column.download_button(
            label,
            data=make(fmt),
            file_name=file_name_for(proposal_id, proposal.title, _.language, fmt),
            mime=MEDIA_TYPES[fmt],
            key=f"{key}.{fmt.value}",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )
    if follow_up_date is not None:
        calendar_button(proposal_id, follow_up_date, key=f"{key}.ics", short=True, into=columns[-1])


def _follow_up_date(proposal: Proposal) -> date | None:
    """The follow-up date while the follow-up lies ahead (decided or in follow-up, not closed), for
    whoever may see the proposal's results; None otherwise."""
    actor = current_actor()
    if proposal.id is None or proposal.status not in outcomes.FOLLOWING_UP:
        return None
    if not allows(actor, Action.VIEW_RESULTS, proposal.unit_id, proposal.status):
        return None
    recorded = decision.get_decision(unit_of_work(), proposal.id, actor=actor)
    return recorded.follow_up_date if recorded else None
