"""Overblik: what waits for me, what is due, and every proposal with search, filters and pages."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from assessment import organisation, proposals
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.lifecycle import STATUS_LABELS
from assessment.kernel.model import Status
from assessment.kernel.repository import ProposalFilter, ProposalSummary
from ui.context import current_actor, translator, unit_of_work
from ui.widgets import PAGE_FOR_STATUS, QUERY_KEY, plain

PAGE_SIZE = 25
PAGE_KEY = "overview.page"
ALL_DUE_KEY = "overview.due.all"
TASKS_LISTED = 10  # scoring tasks linked here; the scoring screen's picker has them all

_ = translator()
uow = unit_of_work()
st.title(_("Overview"), anchor=False)


def _back_to_first_page() -> None:
    st.session_state[PAGE_KEY] = 1


def _link(summary: ProposalSummary, page: str, label: str) -> None:
    # A page link's label is Markdown: the title, a user's text, must not become a link or an image.
    st.page_link(
        page,
        label=plain(summary.title) + label,
        icon=":material/arrow_forward:",
        query_params={QUERY_KEY: str(summary.id)},
    )


directory = organisation.directory(uow, actor=current_actor())
search_column, status_column, unit_column = st.columns([3, 3, 3])
text = search_column.text_input(
    _("Search in titles and descriptions"), key="overview.search", on_change=_back_to_first_page
)
statuses = status_column.multiselect(
    _("Status"),
    options=list(Status),
    format_func=lambda status: _(STATUS_LABELS[status]),
    key="overview.status",
    placeholder=_("All statuses"),
    select_all=False,  # Streamlit writes "Select all" in English; choosing none shows all
    on_change=_back_to_first_page,
)
units = {unit.id: unit.name for unit in directory.units}
unit_ids = unit_column.multiselect(
    _("Unit"),
    options=list(units),
    format_func=units.__getitem__,
    key="overview.unit",
    placeholder=_("All units"),
    select_all=False,
    on_change=_back_to_first_page,
)

page_number = int(st.session_state.get(PAGE_KEY, 1))
query = ProposalFilter(text=text, statuses=tuple(statuses), unit_ids=tuple(u for u in unit_ids if u))
result = proposals.overview(
    uow,
    replace(query, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE),
    actor=current_actor(),
    today=today_in_denmark(),
    # The toggle below the list, read before it is drawn: its value from the last run.
    follow_ups_limit=None if st.session_state.get(ALL_DUE_KEY) else proposals.FOLLOW_UPS_LISTED,
)

mine, due = st.columns(2)
with mine:
    st.header(_("My open scoring tasks"), anchor=False)
    if result.awaiting_my_scores:
        for summary in result.awaiting_my_scores[:TASKS_LISTED]:
            _link(summary, "screens/scoring.py", f" · {_(STATUS_LABELS[summary.status])}")
        hidden_tasks = len(result.awaiting_my_scores) - TASKS_LISTED
        if hidden_tasks > 0:
            st.page_link(
                "screens/scoring.py",
                label=_("… and {count} more: choose them under Scoring", count=hidden_tasks),
                icon=":material/more_horiz:",
            )
    else:
        st.caption(_("Nothing is waiting for your scores."))
with due:
    st.header(_("Follow-ups that are due"), anchor=False)
    if result.follow_ups_due:
        for summary in result.follow_ups_due:
            when = _.date(summary.follow_up_date) if summary.follow_up_date else ""
            _link(summary, "screens/decision.py", f" · {when}")
        hidden_due = result.follow_ups_due_total - len(result.follow_ups_due)
        if hidden_due > 0:
            st.caption(_("The most overdue first; {count} more are due.", count=hidden_due))
        if result.follow_ups_due_total > proposals.FOLLOW_UPS_LISTED:
            st.toggle(
                _("Show all {count} due follow-ups", count=result.follow_ups_due_total),
                key=ALL_DUE_KEY,
            )
    else:
        st.caption(_("No follow-up is due."))

st.header(_("All proposals"), anchor=False)
if result.total == 0:
    if text or statuses or unit_ids:
        st.info(_("No proposals match the search and filters. Clear them to see all proposals."))
    else:
        st.info(_("There are no proposals yet. A leader registers the first one under Proposals."))
        st.page_link("screens/proposal.py", label=_("Register a proposal"), icon=":material/add:")
else:
    st.caption(
        _(
            "Click a row to open the proposal on the screen for its status, or use the links under the "
            "table (with the keyboard: Tab to a link, then Enter)."
        )
    )
    selection = st.dataframe(
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
        width="stretch",
        key="overview.table",
        on_select="rerun",
        selection_mode="single-row",
    )
    chosen_rows = selection.selection.rows if selection else []
    if chosen_rows:
        chosen = result.proposals[chosen_rows[0]]
        st.switch_page(PAGE_FOR_STATUS[chosen.status], query_params={QUERY_KEY: str(chosen.id)})
    # The table's rows answer a mouse only: the same proposals as links, which keyboards and screen
    # readers reach (WCAG 2.1.1).
    with st.expander(_("Open a proposal from a list of links")):
        for summary in result.proposals:
            _link(summary, PAGE_FOR_STATUS[summary.status], f" · {_(STATUS_LABELS[summary.status])}")
    pages = max(1, -(-result.total // PAGE_SIZE))
    st.caption(
        _.plural(
            "{count} proposal, page {page} of {pages}",
            "{count} proposals, page {page} of {pages}",
            result.total,
            page=page_number,
            pages=pages,
        )
    )
    if pages > 1:
        st.pagination(pages, key=PAGE_KEY)
