"""Portefølje: every decided proposal in the units a person leads or sits on the MED committee of,
with where its follow-up stands; filters, a chart with its table, an Excel file, and a search across
earlier decisions and dilemmas (issue 17)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment.kernel.model import ChangeType
from assessment.organisation import CHANGE_TYPE_LABELS
from assessment.outcome_rules import FOLLOW_UP_STATE_LABELS, FollowUpState
from assessment.portfolio import Portfolio, PortfolioFilter, portfolio
from ui.context import current_actor, translator, unit_of_work
from ui.portfolio_access import opens_portfolio
from ui.tabs import portfolio_search, portfolio_table

UNIT_KEY, TYPE_KEY, YEAR_KEY, STATE_KEY = (
    "portfolio.unit",
    "portfolio.change_type",
    "portfolio.year",
    "portfolio.state",
)
FILTER_KEYS = (UNIT_KEY, TYPE_KEY, YEAR_KEY, STATE_KEY)

_ = translator()
uow = unit_of_work()
actor = current_actor()
st.title(_("Portfolio"), anchor=False)
st.caption(
    _(
        "Every decided proposal in the units you lead or whose MED committee you sit on, with where its "
        "follow-up stands. Open a proposal from the table or the links under it."
    )
)


def _chosen(key: str) -> Any:
    """A filter's value from the last run (the widgets are drawn after the portfolio is read)."""
    return st.session_state.get(key)


def _filters(result: Portfolio) -> None:
    """The four filters; "all" is the first choice of each, so no filter is ever in English."""
    units = dict(result.units)
    unit_column, type_column, year_column, state_column = st.columns(4)
    unit_column.selectbox(
        _("Unit"),
        [None, *units],
        format_func=lambda unit: _("All units") if unit is None else units[unit],
        key=UNIT_KEY,
        on_change=portfolio_table.back_to_first_page,
        placeholder=_("Choose"),  # Streamlit's own says "Choose an option", in English
        help=_("A unit includes the units below it."),
    )
    type_column.selectbox(
        _("Change type"),
        [None, *ChangeType],
        format_func=lambda kind: _("All change types") if kind is None else _(CHANGE_TYPE_LABELS[kind]),
        key=TYPE_KEY,
        on_change=portfolio_table.back_to_first_page,
        placeholder=_("Choose"),
    )
    year_column.selectbox(
        _("Decision year"),
        [None, *result.years],
        format_func=lambda year: _("All years") if year is None else str(year),
        key=YEAR_KEY,
        on_change=portfolio_table.back_to_first_page,
        placeholder=_("Choose"),
    )
    state_column.selectbox(
        _("Follow-up state"),
        [None, *FollowUpState],
        format_func=lambda state: _("All states") if state is None else _(FOLLOW_UP_STATE_LABELS[state]),
        key=STATE_KEY,
        on_change=portfolio_table.back_to_first_page,
        placeholder=_("Choose"),
    )


def _explain_empty() -> None:
    """Never an empty page without a reason: nobody's units, or no decision in them yet."""
    if opens_portfolio(actor):
        st.info(
            _(
                "No proposal has been decided yet in the units you lead or whose MED committee you sit "
                "on. A proposal comes into the portfolio when its decision is recorded."
            )
        )
    else:
        st.info(
            _(
                "The portfolio shows the decided proposals of the units a person leads or whose MED "
                "committee they sit on. You neither lead a unit nor sit on an open MED committee, so "
                "there is nothing to show here. The search below covers the proposals you may see."
            )
        )


filters = PortfolioFilter(
    unit_id=_chosen(UNIT_KEY),
    change_type=_chosen(TYPE_KEY),
    year=_chosen(YEAR_KEY),
    state=_chosen(STATE_KEY),
)
result = portfolio(uow, actor=actor, filters=filters)
stale = (filters.unit_id is not None and filters.unit_id not in dict(result.units)) or (
    filters.year is not None and filters.year not in result.years
)
if stale:  # a unit or year that no longer has a decided proposal: start from everything again
    for key in (UNIT_KEY, YEAR_KEY):
        st.session_state.pop(key, None)
    st.rerun()

if result.total == 0:
    _explain_empty()
else:
    _filters(result)
    if not result.rows:
        st.info(_("No decided proposal matches the filters. Choose »All« in a filter to widen it."))
    else:
        portfolio_table.render(result)
portfolio_search.render()
