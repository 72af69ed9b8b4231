"""Portefølje, the filtered proposals: their table with links, the chart by follow-up state with its
table view and description, and the Excel file of the table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from assessment.kernel.clock import today_in_denmark
from assessment.kernel.i18n import Translator
from assessment.outcome_rules import FOLLOW_UP_STATE_LABELS, FollowUpState
from assessment.portfolio import Portfolio, PortfolioRow
from report import portfolio as report
from report.export.portfolio_excel import file_name, portfolio_xlsx
from ui.context import translator
from ui.widgets import QUERY_KEY, plain

PAGE_SIZE = 50
PAGE_KEY = "portfolio.page"
BY_KEY = "portfolio.chart_by"
DECISION_PAGE = "screens/decision.py"  # every decided proposal is followed up on Beslutning
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMATS = {"da": "DD.MM.YYYY", "en": "D MMM YYYY"}


def back_to_first_page() -> None:
    st.session_state[PAGE_KEY] = 1


def _link(row: PortfolioRow, _: Translator) -> None:
    # A page link's label is Markdown: the title, a user's text, must not become a link or an image.
    st.page_link(
        DECISION_PAGE,
        label=f"{plain(row.title)} · {plain(row.unit_name)} · {_(FOLLOW_UP_STATE_LABELS[row.state])}",
        icon=":material/arrow_forward:",
        query_params={QUERY_KEY: str(row.proposal_id)},
    )


def _table(rows: Sequence[PortfolioRow], _: Translator) -> None:
    """One page of the proposals; a click on a row opens it, and so does each link below."""
    keys = report.ON_SCREEN
    data = [{key: values[key] for key in keys} for values in report.table_rows(rows, _)]
    for values in data:
        values["year"] = str(values["year"])  # a year, not a number with a thousands separator
    labels = dict(zip(keys, report.columns(_, keys), strict=True))
    selection = st.dataframe(
        [{labels[key]: value for key, value in values.items()} for values in data],
        hide_index=True,
        width="stretch",
        key="portfolio.table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            labels["follow_up"]: st.column_config.DateColumn(format=DATE_FORMATS[_.language]),
        },
    )
    chosen_rows = selection.selection.rows if selection else []
    if chosen_rows:
        st.switch_page(DECISION_PAGE, query_params={QUERY_KEY: str(rows[chosen_rows[0]].proposal_id)})
    # The table's rows answer a mouse only: the same proposals as links, which keyboards and screen
    # readers reach (WCAG 2.1.1).
    with st.expander(_("Open a proposal from a list of links")):
        for row in rows:
            _link(row, _)


@st.cache_data(max_entries=200, show_spinner=False)
def _chart(counts: tuple[tuple[str, FollowUpState, int], ...], by: str, language: str) -> dict[str, Any]:
    """The chart's specification, kept: it depends only on the counts (no names but the units')
    and the language, so a kept one only goes to someone who would have drawn the very same."""
    return report.chart_specification(counts, by, Translator(language))


def _chart_section(result: Portfolio, _: Translator) -> None:
    st.header(_("Follow-up by state"), anchor=False)
    by = st.radio(
        _("Count by"),
        [report.BY_YEAR, report.BY_UNIT],
        format_func=lambda choice: _("Decision year") if choice == report.BY_YEAR else _("Unit"),
        horizontal=True,
        key=BY_KEY,
    )
    counts = report.chart_counts(result.rows, by)
    description = report.describe(result.by_state, _)
    st.markdown(description)
    # The alt text a screen reader gives the chart: its title and the sentence above. Given once,
    # as ``alt`` (Streamlit warns when the specification has a description too).
    spec = dict(_chart(counts, by, _.language))
    alt_text = spec.pop("description", "") or description
    st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=alt_text)
    if by == report.BY_UNIT and len(result.by_unit) > report.MOST_GROUPS:
        st.caption(
            _(
                "The chart shows the {shown} units with the most decided proposals; the table holds all {count}.",
                shown=report.MOST_GROUPS,
                count=len(result.by_unit),
            )
        )
    with st.expander(_("Show as table"), icon=":material/table:"):
        st.dataframe(
            report.chart_table(report.chart_counts(result.rows, by, most=None), by, _), hide_index=True
        )


def _download(rows: Sequence[PortfolioRow], _: Translator) -> None:
    def make() -> bytes:  # on the click, outside the script run: nothing from st.* in here
        return portfolio_xlsx(rows, _)

    st.download_button(
        _("Download the table as Excel"),
        data=make,
        file_name=file_name(_, today_in_denmark()),
        mime=XLSX,
        key="portfolio.excel",
        icon=":material/download:",
        on_click="ignore",
    )


def render(result: Portfolio) -> None:
    """The filtered proposals: table and links by pages, the Excel file of them all, the chart."""
    _ = translator()
    pages = max(1, -(-len(result.rows) // PAGE_SIZE))
    page_number = min(int(st.session_state.get(PAGE_KEY, 1)), pages)
    shown = result.rows[(page_number - 1) * PAGE_SIZE : page_number * PAGE_SIZE]
    st.caption(
        _(
            "Click a row to open the proposal on the {screen} screen, or use the links under the table "
            "(with the keyboard: Tab to a link, then Enter).",
            screen=_("Decision"),
        )
    )
    _table(shown, _)
    st.caption(
        _(
            "{count} of {total} decided proposals, page {page} of {pages}",
            count=len(result.rows),
            total=result.total,
            page=page_number,
            pages=pages,
        )
    )
    if pages > 1:
        st.pagination(pages, key=PAGE_KEY)
    _download(result.rows, _)
    _chart_section(result, _)
