"""Overblik: the proposals, newest first, with search, status filter and pages."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessment import services
from assessment.lifecycle import STATUS_LABELS
from assessment.model import Status
from assessment.repository import ProposalFilter
from ui.context import translator, unit_of_work

PAGE_SIZE = 25

_ = translator()
st.title(_("Overview"))

search_column, status_column = st.columns([2, 3])
text = search_column.text_input(_("Search in titles and descriptions"), key="overview.search")
statuses = status_column.multiselect(
    _("Status"),
    options=list(Status),
    format_func=lambda status: _(STATUS_LABELS[status]),
    key="overview.status",
)
page_number = int(st.session_state.get("overview.page", 1))
result = services.overview(
    unit_of_work(),
    ProposalFilter(
        text=text, statuses=tuple(statuses), offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    ),
    person_id=None,
    today=date.today(),
)

if result.total == 0:
    st.info(
        _("No proposals match.")
        if text or statuses
        else _("There are no proposals yet. A leader registers the first one under Proposals.")
    )
else:
    st.dataframe(
        [
            {
                _("Title"): summary.title,
                _("Unit"): summary.unit_name,
                _("Status"): _(STATUS_LABELS[summary.status]),
                _("Last changed"): _.datetime(summary.updated_at),
            }
            for summary in result.proposals
        ],
        hide_index=True,
        use_container_width=True,
    )
    pages = max(1, -(-result.total // PAGE_SIZE))
    st.number_input(
        _("Page {page} of {pages} ({total} proposals)", page=page_number, pages=pages, total=result.total),
        min_value=1,
        max_value=pages,
        key="overview.page",
    )

if result.follow_ups_due:
    st.subheader(_("Follow-ups that are due"))
    for summary in result.follow_ups_due:
        st.write(
            f"{summary.title} — {_.date(summary.follow_up_date)}" if summary.follow_up_date else summary.title
        )
