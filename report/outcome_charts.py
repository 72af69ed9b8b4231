"""Opfølgning, one indicator as a chart: the line from baseline to target (expected) against the
values measured (actual), with its table and a sentence that says the same in words; on the
Beslutning screen (:func:`specification`) and in the Word and PDF summaries (:func:`document_png`).

Pure functions of an :class:`IndicatorView` and a translator: the chart, the table and the
description are built from the same rows, so the table view holds exactly what the chart shows.
The state is said in words too (»på sporet«), never by colour alone.
"""

from __future__ import annotations

from typing import Any, cast

import altair as alt
import pandas as pd

from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.outcome_rules import INDICATOR_STATE_LABELS, IndicatorView, expected_value, state_at
from report import charts

EXPECTED_COLOUR = "#6E6E6E"  # grey, dashed: the plan
ACTUAL_COLOUR = "#0072B2"  # blue, solid, with points: what happened

BASELINE = N_("Baseline")
MEASURED = N_("Measured")
TARGET = N_("Target")


def _amount(_: Translator, value: float, unit: str) -> str:
    text = _.number(value, 1)
    return f"{text} {unit}".strip()


def rows(view: IndicatorView, _: Translator) -> list[dict[str, Any]]:
    """One row per point in time: the baseline, every measurement (oldest first), the target."""
    indicator = view.indicator
    found: list[dict[str, Any]] = [
        {
            "what": _(BASELINE),
            "day": indicator.baseline_date,
            "expected": indicator.baseline_value,
            "actual": indicator.baseline_value,
            "state": "",
            "source": indicator.source,
        }
    ]
    for measurement in sorted(view.measurements, key=lambda m: (m.measured_on, m.id or 0)):
        state = state_at(indicator, measurement.measured_on, measurement.value)
        found.append(
            {
                "what": _(MEASURED),
                "day": measurement.measured_on,
                "expected": expected_value(indicator, measurement.measured_on),
                "actual": measurement.value,
                "state": _(INDICATOR_STATE_LABELS[state]),
                "source": measurement.source,
            }
        )
    found.append(
        {
            "what": _(TARGET),
            "day": indicator.target_date,
            "expected": indicator.target_value,
            "actual": None,
            "state": "",
            "source": "",
        }
    )
    return found


def table(view: IndicatorView, _: Translator) -> pd.DataFrame:
    """The chart's table view: dates dd.mm.yyyy, numbers with a decimal comma, the state in words."""
    return pd.DataFrame(
        [
            {
                _("Point"): row["what"],
                _("Date"): _.date(row["day"]),
                _("Expected"): _.number(row["expected"], 1),
                _("Actual"): "–" if row["actual"] is None else _.number(row["actual"], 1),
                _("State"): row["state"] or "–",
                _("Source"): row["source"] or "–",
            }
            for row in rows(view, _)
        ]
    )


def description(view: IndicatorView, _: Translator) -> str:
    """The chart in words: the line from baseline to target, and the newest value against it."""
    indicator = view.indicator
    direction = _("Higher is better.") if indicator.higher_is_better else _("Lower is better.")
    line = _(
        "Expected: a straight line from the baseline, {baseline} on {baseline_date}, to the target, "
        "{target} on {target_date}.",
        baseline=_amount(_, indicator.baseline_value, indicator.unit),
        baseline_date=_.date(indicator.baseline_date),
        target=_amount(_, indicator.target_value, indicator.unit),
        target_date=_.date(indicator.target_date),
    )
    if view.latest is None or view.expected is None:
        return " ".join([line, direction, _("Not yet measured.")])
    actual = _(
        "Measured on {day}: {actual}, where the line expects {expected}. The indicator is {state}.",
        day=_.date(view.latest.measured_on),
        actual=_amount(_, view.latest.value, indicator.unit),
        expected=_amount(_, view.expected, indicator.unit),
        state=_(INDICATOR_STATE_LABELS[view.state]),
    )
    return " ".join([line, direction, actual])


def chart(view: IndicatorView, _: Translator) -> charts.AnyChart:
    """Expected (grey, dashed) and actual (blue, solid, with points) over time, one chart per indicator."""
    found = rows(view, _)
    expected_name, actual_name = _("Expected"), _("Actual")
    points = [
        {"series": expected_name, "day": row["day"].isoformat(), "value": row["expected"]}
        for row in found
        if row["what"] != _(MEASURED)
    ] + [
        {"series": actual_name, "day": row["day"].isoformat(), "value": row["actual"]}
        for row in found
        if row["actual"] is not None
    ]
    data = pd.DataFrame(points)
    unit = view.indicator.unit
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[expected_name, actual_name], range=[EXPECTED_COLOUR, ACTUAL_COLOUR]),
        legend=alt.Legend(orient="bottom"),
    )
    dash = alt.StrokeDash(
        "series:N", scale=alt.Scale(domain=[expected_name, actual_name], range=[[6, 4], [1, 0]]), legend=None
    )
    shape = alt.Shape(
        "series:N",
        scale=alt.Scale(domain=[expected_name, actual_name], range=["square", "circle"]),
        legend=None,
    )
    x = alt.X("day:T", title=_("Date"), axis=alt.Axis(format="%d.%m.%Y", labelAngle=0, tickCount=5))
    y = alt.Y("value:Q", title=unit or _("Value"), scale=alt.Scale(zero=False))
    tooltip = [
        alt.Tooltip("series:N", title=_("Series")),
        alt.Tooltip("day:T", title=_("Date"), format="%d.%m.%Y"),
        alt.Tooltip("value:Q", title=unit or _("Value"), format=",.1f"),
    ]
    base = alt.Chart(data).encode(x=x, y=y, color=colour)
    layered = alt.layer(
        base.mark_line(strokeWidth=3).encode(strokeDash=dash),
        base.mark_point(size=110, filled=True).encode(shape=shape, tooltip=tooltip),
    ).properties(
        height=260,
        title=alt.Title(text=view.indicator.name[:120], aria=False),
        description=description(view, _),
    )
    return cast(charts.AnyChart, layered)


def specification(view: IndicatorView, _: Translator) -> dict[str, Any]:
    """The Vega-Lite specification Streamlit draws: chart-safe texts, the reader's number format."""
    configured = (
        chart(view, _)
        .properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure(font=charts.FONT, aria=False, locale={"number": _number_locale(_)})
        .configure_mark(aria=False)
        .configure_axis(labelFontSize=14, titleFontSize=15, titleFontWeight="normal")
        .configure_legend(labelFontSize=15, symbolStrokeWidth=2)
        .configure_title(fontSize=17, anchor="start")
        .configure_view(stroke=None)
    )
    spec = charts.specification(configured)
    view_config = spec.get("config", {}).get("view", {})
    view_config.pop("continuousWidth", None)
    view_config.pop("continuousHeight", None)
    return spec


def _number_locale(_: Translator) -> dict[str, Any]:
    if _.language == "da":
        return {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " DKK"]}


DOCUMENT_WIDTH = 620  # px at scale 1: the width of the page's text column, like the summary's other charts


def document_png(view: IndicatorView, _: Translator, scale: float = 2.0) -> bytes:
    """The chart as the Word and PDF summaries show it: a fixed width, the same texts and colours."""
    configured = (
        chart(view, _)
        .properties(width=DOCUMENT_WIDTH)
        .configure(font=charts.FONT, aria=False, locale={"number": _number_locale(_)})
        .configure_mark(aria=False)
        .configure_axis(labelFontSize=12, titleFontSize=13, titleFontWeight="normal")
        .configure_legend(labelFontSize=13, symbolStrokeWidth=2)
        .configure_title(fontSize=15, anchor="start")
        .configure_view(stroke=None)
    )
    return charts.to_png(cast(charts.AnyChart, configured), scale)
