"""The leadership's portfolio as people read it: its table, its chart by follow-up state, and a
sentence that says what the chart shows (issue 17).

Built from :class:`assessment.portfolio.Portfolio` only, never from scores. The chart counts
proposals per follow-up state and per decision year or unit; each bar carries its number and its
state in words, so the state is never told by colour alone, and the table view beside it on the
screen holds the same counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import altair as alt

from assessment.kernel.clock import danish_date
from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.lifecycle import STATUS_LABELS
from assessment.organisation import CHANGE_TYPE_LABELS
from assessment.outcome_rules import FOLLOW_UP_STATE_LABELS, VERDICT_LABELS, FollowUpState
from assessment.portfolio import PortfolioRow
from report.charts import FONT, specification

__all__ = [
    "BY_UNIT",
    "BY_YEAR",
    "MOST_GROUPS",
    "STATE_COLOURS",
    "chart_counts",
    "chart_specification",
    "chart_table",
    "columns",
    "describe",
    "table_rows",
]

BY_YEAR, BY_UNIT = "year", "unit"
MOST_GROUPS = 20  # units drawn at most; the table view holds them all
# The states from the one that needs attention first; Okabe–Ito colours, told apart by
# colour-blind readers, and each bar says its state in words as well.
STATE_ORDER = (
    FollowUpState.OVERDUE,
    FollowUpState.OFF_TRACK,
    FollowUpState.NOT_MEASURED,
    FollowUpState.ON_TRACK,
    FollowUpState.CONCLUDED,
)
STATE_COLOURS: dict[FollowUpState, str] = {
    FollowUpState.OVERDUE: "#D55E00",
    FollowUpState.OFF_TRACK: "#E69F00",
    FollowUpState.NOT_MEASURED: "#6E6E6E",
    FollowUpState.ON_TRACK: "#009E73",
    FollowUpState.CONCLUDED: "#0072B2",
}

# The table's columns, in order: the screen and the Excel file both use them.
COLUMNS: dict[str, str] = {
    "title": N_("Title"),
    "unit": N_("Unit"),
    "change_type": N_("Change type"),
    "status": N_("Status"),
    "decided": N_("Decided"),
    "year": N_("Decision year"),
    "follow_up": N_("Follow-up date"),
    "state": N_("Follow-up state"),
    "indicators": N_("Indicators"),
    "conclusion": N_("Conclusion"),
}
ON_SCREEN = ("title", "unit", "change_type", "year", "follow_up", "state", "conclusion")


def columns(_: Translator, keys: Sequence[str] = tuple(COLUMNS)) -> list[str]:
    return [_(COLUMNS[key]) for key in keys]


def _indicators(row: PortfolioRow, _: Translator) -> str:
    """ "2 on track, 1 off track" in words; "" when the decision has no indicators yet."""
    parts = [
        f"{count} {_(label)}"
        for count, label in (
            (row.on_track, N_("on track")),
            (row.off_track, N_("off track")),
            (row.not_measured, N_("not yet measured")),
        )
        if count
    ]
    return ", ".join(parts)


def table_rows(rows: Sequence[PortfolioRow], _: Translator) -> list[dict[str, Any]]:
    """One dict per proposal, keyed by the column ids of ``COLUMNS``; dates stay dates."""
    return [
        {
            "title": row.title,
            "unit": row.unit_name,
            "change_type": _(CHANGE_TYPE_LABELS[row.change_type]),
            "status": _(STATUS_LABELS[row.status]),
            "decided": danish_date(row.decided_at),
            "year": row.decision_year,
            "follow_up": row.follow_up_date,
            "state": _(FOLLOW_UP_STATE_LABELS[row.state]),
            "indicators": _indicators(row, _),
            "conclusion": _(VERDICT_LABELS[row.verdict]) if row.verdict else "",
        }
        for row in rows
    ]


# The chart ---------------------------------------------------------------------------------------


def chart_counts(
    rows: Sequence[PortfolioRow], by: str, most: int | None = MOST_GROUPS
) -> tuple[tuple[str, FollowUpState, int], ...]:
    """(year or unit, state, proposals) for every pair that has any; years newest first, units with
    the most proposals first (at most ``most``; None: all), states in ``STATE_ORDER``."""
    if by == BY_YEAR:
        groups = [str(year) for year in sorted({row.decision_year for row in rows}, reverse=True)]
        key = lambda row: str(row.decision_year)  # noqa: E731
    else:
        sizes = Counter(row.unit_name for row in rows)
        groups = sorted(sizes, key=lambda name: (-sizes[name], name.casefold()))[:most]
        key = lambda row: row.unit_name  # noqa: E731
    counts = Counter((key(row), row.state) for row in rows)
    return tuple(
        (group, state, counts[group, state])
        for group in groups
        for state in STATE_ORDER
        if counts[group, state]
    )


def chart_table(
    counts: Sequence[tuple[str, FollowUpState, int]], by: str, _: Translator
) -> list[dict[str, Any]]:
    """The chart's table view: one row per year or unit, a column per state in words."""
    states = [state for state in STATE_ORDER if any(state is s for _g, s, _n in counts)]
    first = _("Decision year") if by == BY_YEAR else _("Unit")
    table: dict[str, dict[str, Any]] = {}
    for group, state, count in counts:
        row = table.setdefault(group, {first: group} | {_(FOLLOW_UP_STATE_LABELS[s]): 0 for s in states})
        row[_(FOLLOW_UP_STATE_LABELS[state])] = count
    for row in table.values():
        row[_("In all")] = sum(row[_(FOLLOW_UP_STATE_LABELS[s])] for s in states)
    return list(table.values())


def describe(by_state: dict[FollowUpState, int], _: Translator) -> str:
    """The chart in one Danish (or English) sentence: how many proposals stand where."""
    total = sum(by_state.values())
    parts = [
        _("{count} {state}", count=by_state[state], state=_(FOLLOW_UP_STATE_LABELS[state]))
        for state in STATE_ORDER
        if by_state.get(state)
    ]
    if not parts:
        return _("No decided proposal matches the filters.")
    listed = (
        parts[0] if len(parts) == 1 else _("{items} and {last}", items=", ".join(parts[:-1]), last=parts[-1])
    )
    return _("Decided proposals: {total}. Their follow-up: {states}.", total=total, states=listed)


def chart_specification(
    counts: Sequence[tuple[str, FollowUpState, int]], by: str, _: Translator
) -> dict[str, Any]:
    """Bars per year or unit, one per follow-up state, each labelled with its number and state."""
    label = {state: _(FOLLOW_UP_STATE_LABELS[state]) for state in STATE_ORDER}
    present = [state for state in STATE_ORDER if any(state is s for _g, s, _n in counts)]
    values = [
        {"group": group, "state": label[state], "count": count, "text": f"{count} {label[state]}"}
        for group, state, count in counts
    ]
    groups = list(dict.fromkeys(group for group, _s, _n in counts))
    group_title = _("Decision year") if by == BY_YEAR else _("Unit")
    title = (
        _("Follow-up state of the decided proposals, by decision year")
        if by == BY_YEAR
        else _("Follow-up state of the decided proposals, by unit")
    )
    by_state = Counter[FollowUpState]()
    for _group, state, count in counts:
        by_state[state] += count
    description = f"{title}. {describe(dict(by_state), _)}"
    base = alt.Chart(alt.Data(values=values))
    y = alt.Y("group:N", title=group_title, sort=groups, axis=alt.Axis(labelLimit=320))
    y_offset = alt.YOffset("state:N", sort=[label[s] for s in present])
    x = alt.X("count:Q", title=_("Proposals"), axis=alt.Axis(tickMinStep=1, format="d"))
    colour = alt.Color(
        "state:N",
        title=_("Follow-up"),
        scale=alt.Scale(domain=[label[s] for s in present], range=[STATE_COLOURS[s] for s in present]),
        legend=alt.Legend(orient="bottom", direction="horizontal"),
    )
    bars = base.mark_bar().encode(y=y, yOffset=y_offset, x=x, color=colour)
    texts = base.mark_text(align="left", dx=4, fontSize=14, color="#222222").encode(
        y=y, yOffset=y_offset, x=x, text="text:N"
    )
    chart = alt.layer(bars, texts).properties(
        title=alt.Title(text=title, aria=False),
        height=max(80, 24 * len(values) + 12 * len(groups)),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 5, "top": 5, "bottom": 5, "right": 150},
        description=description,
    )
    configured = (
        chart.configure(font=FONT, aria=False)
        .configure_mark(aria=False)
        .configure_axis(labelFontSize=15, titleFontSize=16, titleFontWeight="normal")
        .configure_legend(labelFontSize=15, titleFontSize=15, titleFontWeight="bold")
        .configure_title(fontSize=19, anchor="start", offset=12)
        .configure_view(stroke=None)
    )
    return specification(configured)
