"""Opfølgning, the panel's scores per dimension: what it expected after the discussion against what
it scored at the follow-up, for the chosen option, as a dumbbell per dimension with its table and a
description in words; on the Beslutning screen (:func:`specification`) and in the Word and PDF
summaries (:func:`document_png`).

Pure functions of :class:`DimensionOutcome` rows and a translator. Each row stays on its own scale
(−2…+2 for effects, the levels of an ordinal scale): rows on different scales are drawn in charts of
their own, one under the other, never on a shared axis. A ladder (citizen involvement) is steps, not
a number: it is in the table only, and the chart says so. Expected and actual differ in fill (a ring
against a dot) and size as well as colour, so neither depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import altair as alt
import pandas as pd

from assessment.comparison_profile import level_name
from assessment.follow_up_profile import DimensionOutcome
from assessment.kernel.i18n import Translator
from assessment.kernel.rubric import Scale, ScaleKind
from report import charts
from report.outcome_charts import ACTUAL_COLOUR, EXPECTED_COLOUR

__all__ = ["chart", "description", "document_png", "drawn", "specification", "table"]

LINE_COLOUR = "#8C8C8C"  # the line from expected to actual
# Within this of each other, two medians are the same: they are halves and quarters of steps.
SAME = 1e-9


def drawn(dimensions: Sequence[DimensionOutcome]) -> list[DimensionOutcome]:
    """The rows the chart draws: not a ladder, and at least one of the two scored."""
    return [
        row
        for row in dimensions
        if not row.ladder and (row.expected.value is not None or row.actual.value is not None)
    ]


def _ladders(dimensions: Sequence[DimensionOutcome]) -> list[str]:
    return [row.label for row in dimensions if row.ladder]


def _difference(row: DimensionOutcome, _: Translator) -> str:
    """The difference on the row's scale, signed: "+0,5", "−0,25", "0"; "–" when there is none.

    Two decimals at most: a dimension's median can fall on a quarter step, which one decimal would
    round away (−0,25 read as −0,2)."""
    difference = row.difference
    if difference is None:
        return "–"
    if abs(difference) < SAME:
        return _.number(0, 2)
    text = _.number(abs(difference), 2)
    return ("+" if difference > 0 else "−") + text


def table(dimensions: Sequence[DimensionOutcome], _: Translator) -> pd.DataFrame:
    """Every row, ladders included: expected and actual in the scale's words, and the difference."""
    rows = [
        {
            _("Dimension"): row.label,
            _("Expected"): row.expected.text,
            _("Actual"): row.actual.text,
            _("Difference"): _difference(row, _),
        }
        for row in dimensions
    ]
    columns = [_("Dimension"), _("Expected"), _("Actual"), _("Difference")]
    # Chart-safe already here: the labels are the rubric's, and pandas cannot hold every character.
    return pd.DataFrame([charts._chart_safe(row) for row in rows], columns=columns)


def _words(row: DimensionOutcome, value: float | None, _: Translator) -> str:
    return "–" if value is None else level_name(row.scale, value, _.language)


def _sentence(row: DimensionOutcome, _: Translator) -> str:
    expected, actual = row.expected.value, row.actual.value
    if actual is None:
        return _(
            "{dimension}: expected {expected}, not yet scored at the follow-up.",
            dimension=row.label,
            expected=_words(row, expected, _),
        )
    if expected is None:
        return _(
            "{dimension}: nothing expected to compare with, actual {actual}.",
            dimension=row.label,
            actual=_words(row, actual, _),
        )
    difference = actual - expected
    if abs(difference) < SAME:
        comparison = _("as expected")
    elif difference > 0:
        comparison = _("better than expected")
    else:
        comparison = _("worse than expected")
    return _(
        "{dimension}: expected {expected}, actual {actual} ({comparison}).",
        dimension=row.label,
        expected=_words(row, expected, _),
        actual=_words(row, actual, _),
        comparison=comparison,
    )


def _heading(_: Translator) -> str:
    return _("Expected and actual in each dimension")


def _only_in_table(dimensions: Sequence[DimensionOutcome], _: Translator) -> str:
    ladders = _ladders(dimensions)
    if not ladders:
        return ""
    return _("Only in the table, as they are steps, not numbers: {rows}.", rows="; ".join(ladders))


def description(dimensions: Sequence[DimensionOutcome], _: Translator) -> str:
    """The chart in words, its alternative text: the title, then one sentence per row it draws."""
    sentences = [_heading(_) + ".", *(_sentence(row, _) for row in drawn(dimensions))]
    if ladder := _only_in_table(dimensions, _):
        sentences.append(ladder)
    return " ".join(sentences)


def _by_scale(rows: Sequence[DimensionOutcome]) -> list[tuple[Scale, list[DimensionOutcome]]]:
    """The rows grouped by their scale, in the order the scales first appear."""
    groups: list[tuple[Scale, list[DimensionOutcome]]] = []
    for row in rows:
        for scale, members in groups:
            if scale == row.scale:
                members.append(row)
                break
        else:
            groups.append((row.scale, [row]))
    return groups


def _has_middle(scale: Scale) -> bool:
    """An effect scale's 0 is "no difference from today"; the dashed line marks it."""
    return scale.kind is ScaleKind.BIPOLAR and 0 in scale.values


def _scale_chart(
    scale: Scale, rows: list[DimensionOutcome], series: list[str], _: Translator
) -> alt.LayerChart:
    """The rows on one scale: a line from the ring (expected) to the dot (actual), per dimension."""
    labels = [row.label for row in rows]
    points = []
    for row in rows:
        for name, cell in zip(series, (row.expected, row.actual), strict=True):
            if cell.value is not None:
                points.append(
                    {
                        "dimension": row.label,
                        "series": name,
                        "value": cell.value,
                        "words": cell.text,
                        "difference": _difference(row, _),
                    }
                )
    lines = [
        {"dimension": row.label, "expected": row.expected.value, "actual": row.actual.value}
        for row in rows
        if row.expected.value is not None and row.actual.value is not None
    ]
    x_scale = alt.Scale(domain=[scale.lowest - 0.25, scale.highest + 0.25], nice=False)
    y = alt.Y(
        "dimension:N",
        sort=labels,
        scale=alt.Scale(domain=labels),
        title=None,
        axis=charts._side_axis(labels, width=30, labelFontWeight="bold"),
    )
    first = alt.X("value:Q", scale=x_scale, axis=charts._level_axis(scale, _, scale.title(_.language)))
    layers: list[alt.Chart] = []
    if _has_middle(scale):
        layers.append(
            alt.Chart(pd.DataFrame(charts._chart_safe([{"x": 0}])))
            .mark_rule(color="#333333", strokeDash=[6, 4], strokeWidth=2)
            .encode(x=alt.X("x:Q", scale=x_scale))
        )
    if lines:
        layers.append(
            alt.Chart(pd.DataFrame(charts._chart_safe(lines)))
            .mark_rule(strokeWidth=5, color=LINE_COLOUR, strokeCap="round")
            .encode(y=y, x=alt.X("expected:Q", scale=x_scale), x2="actual:Q")
        )
    # The ring is larger than the dot and comes first in the data, so it is drawn first: where the two
    # meet, the dot sits in the ring.
    # One entry a line: side by side, the two would not fit a narrow window.
    legend = alt.Legend(
        orient="top", direction="vertical", title=None, symbolSize=300, labelLimit=0, symbolStrokeWidth=3
    )
    layers.append(
        alt.Chart(pd.DataFrame(charts._chart_safe(points)))
        .mark_point(shape="circle", strokeWidth=3, opacity=1)
        .encode(
            y=y,
            x=first,
            stroke=alt.Stroke(
                "series:N",
                scale=alt.Scale(domain=series, range=[EXPECTED_COLOUR, ACTUAL_COLOUR]),
                legend=legend,
            ),
            fill=alt.Fill(
                "series:N", scale=alt.Scale(domain=series, range=["#FFFFFF", ACTUAL_COLOUR]), legend=legend
            ),
            size=alt.Size("series:N", scale=alt.Scale(domain=series, range=[520, 200]), legend=legend),
            tooltip=[
                alt.Tooltip("dimension:N", title=_("Dimension")),
                alt.Tooltip("series:N", title=_("Series")),
                alt.Tooltip("words:N", title=_("Median, in words")),
                alt.Tooltip("difference:N", title=_("Difference")),
            ],
        )
    )
    height = max(90, charts._row_height(labels, width=30, least=56) * len(labels))
    return cast(alt.LayerChart, alt.layer(*layers).properties(width=charts.WIDTH, height=height))


def chart(dimensions: Sequence[DimensionOutcome], _: Translator) -> charts.AnyChart | None:
    """Expected (a ring) against actual (a dot) per dimension, each scale on its own axis; None when
    no row can be drawn (only ladders, or nothing scored)."""
    rows = drawn(dimensions)
    if not rows:
        return None
    series = [_("Expected after the discussion"), _("Actual at the follow-up")]
    groups = _by_scale(rows)
    parts = [_scale_chart(scale, members, series, _) for scale, members in groups]
    subtitle = [
        _(
            "Each dimension on its own scale: the ring is the panel's median after the discussion, the dot "
            "the median of the follow-up scores, for the chosen option."
        )
    ]
    if any(_has_middle(scale) for scale, _members in groups):
        subtitle.append(_("The dashed line is no difference from carrying on as today."))
    if unscored := [row.label for row in rows if row.actual.value is None]:
        subtitle.append(_("Not yet scored at the follow-up: {rows}.", rows="; ".join(unscored)))
    if ladder := _only_in_table(dimensions, _):
        subtitle.append(ladder)
    title = charts._title(_heading(_), subtitle)
    right = max(charts._level_room(scale, _) for scale, _members in groups)
    if len(parts) == 1:
        finished = charts._finish(parts[0].properties(title=title), _, right=right)
    else:
        # One chart per scale, one under the other, each with its own axis; the legend is shared.
        stacked = (
            alt.vconcat(*parts, spacing=36)
            .resolve_scale(x="independent", y="independent")
            .resolve_axis(x="independent", y="independent")
            .properties(title=title)
        )
        finished = charts._finish(cast(charts.AnyChart, stacked), _, right=right)
    # The chart's words, as people read them: its title and a sentence per dimension (not the subtitle).
    return finished.properties(description=description(dimensions, _))


def specification(dimensions: Sequence[DimensionOutcome], _: Translator) -> dict[str, Any] | None:
    """The Vega-Lite specification Streamlit draws (chart-safe texts), or None when nothing is drawn."""
    drawn_chart = chart(dimensions, _)
    if drawn_chart is None:
        return None
    spec = charts.specification(drawn_chart)
    # Altair's default theme sizes a chart at 300 × 300 pixels; drawn at the page's width instead.
    view = spec.get("config", {}).get("view", {})
    view.pop("continuousWidth", None)
    view.pop("continuousHeight", None)
    return spec


def document_png(dimensions: Sequence[DimensionOutcome], _: Translator, scale: float = 2.0) -> bytes | None:
    """The chart as the Word and PDF summaries show it, like the comparison's charts; None when
    nothing is drawn. Rendered offline and kept in memory by its content (:func:`charts.to_png`)."""
    drawn_chart = chart(dimensions, _)
    return None if drawn_chart is None else charts.to_png(drawn_chart, scale)
