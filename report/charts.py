"""Charts of a comparison, for the screen, the projector and the printed summary.

Every chart comes as a pair: ``xxx_data(comparison, _)`` gives the small, aggregated table the
chart draws (the page shows it as "a table view of the same data", and tests check its numbers),
and ``xxx_chart(comparison, _)`` draws it with a plain-language title in the reader's language.
Charts that need criteria a rubric does not have return ``None``.

Readable on a projector and by colour-blind readers: big fonts, the Okabe–Ito colours, a shape
as well as a colour per option, and Danish number formats (decimal comma) through the chart's own
``config.locale``, which both Streamlit's browser renderer and vl-convert honour.

Charts never carry raw score rows: at most options × criteria × levels aggregated rows
(Streamlit ships every row to the browser; see STYLE.md).
"""

from __future__ import annotations

import hashlib
import json
import statistics
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

import altair as alt
import pandas as pd
import vl_convert as vlc

from assessment.comparison import Comparison
from assessment.comparison_profile import level_name, profile_rows
from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Perspective
from assessment.kernel.rubric import BaselineRule, Criterion, CriterionRole, FacetKind, Scale, ScaleKind
from assessment.kernel.tally import CellStats
from assessment.organisation import PERSPECTIVE_LABELS
from report.export.safe import chart_text

__all__ = [
    "MAX_ROWS",
    "AnyChart",
    "DocumentChart",
    "citizen_society_chart",
    "citizen_society_data",
    "clear_png_cache",
    "default_spread_criterion",
    "document_charts",
    "document_pngs",
    "heatmap_chart",
    "heatmap_data",
    "involvement_chart",
    "involvement_data",
    "perspective_chart",
    "perspective_data",
    "profession_chart",
    "profession_data",
    "profile_chart",
    "profile_data",
    "specification",
    "spread_chart",
    "spread_data",
    "table",
    "to_png",
]

AnyChart = alt.Chart | alt.LayerChart

# No chart of a comparison needs more rows than this; more would mean raw rows leaked in.
MAX_ROWS = 500

# Okabe & Ito (2008), "Color Universal Design": told apart with every common colour-vision
# deficiency. Keep as is gets neutral grey; yellow is left out, it vanishes on white.
BASELINE_COLOUR = "#6E6E6E"
OPTION_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
OPTION_SHAPES = ("circle", "square", "diamond", "triangle-up", "cross", "triangle-down", "wedge")
PERSPECTIVE_COLOURS = ("#0072B2", "#D55E00", "#009E73")
PERSPECTIVE_SHAPES = ("circle", "square", "triangle-up")
INVOLVEMENT_COLOURS = ("#0072B2", "#D55E00")

WIDTH = 900  # for images, labels and legend included; on screen the chart stretches to the page
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

_NUMBER_LOCALE = {
    "da": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " DKK"]},
}

# Column ids of the chart tables → the header shown to people. Id columns are left out.
COLUMN_LABELS: dict[str, str] = {
    "option": N_("Option"),
    "dimension": N_("Dimension"),
    "criterion": N_("Criterion"),
    "profession": N_("Profession"),
    "perspective": N_("Perspective"),
    "row": N_("Scored for"),
    "median": N_("Median"),
    "criteria": N_("Criteria scored"),
    "median_text": N_("Median on the scale"),
    "disagreement": N_("Disagreement"),
    "level": N_("Level"),
    "count": N_("Raters"),
    "citizen": N_("Value for the citizen"),
    "society": N_("Value for society"),
    "gap": N_("Difference (steps)"),
    "needs_justification": N_("Needs a written justification"),
    "kind": N_("Involvement"),
    "step": N_("Step (median)"),
    "step_label": N_("Nearest step"),
    "value": N_("Median"),
    "raters": N_("Raters"),
    "lowest": N_("Lowest criterion"),
    "highest": N_("Highest criterion"),
    "words": N_("Median, in words"),
}


# Shared pieces ---------------------------------------------------------------------------------


def _options(comparison: Comparison, _: Translator) -> list[str]:
    return [comparison.option_label(option_id, _) for option_id in comparison.option_ids]


def _option_colour(comparison: Comparison, _: Translator, title: str) -> alt.Color:
    labels, colours = [], []
    others = iter(OPTION_COLOURS)
    for option in comparison.options:
        labels.append(comparison.option_label(option.id or 0, _))
        colours.append(BASELINE_COLOUR if option.is_baseline else next(others))
    return alt.Color(
        "option:N",
        title=title,
        scale=alt.Scale(domain=labels, range=colours),
        legend=alt.Legend(
            orient="bottom", direction="vertical", columns=1, labelLimit=0, symbolSize=220, symbolOpacity=1
        ),
    )


def _option_shape(comparison: Comparison, _: Translator, title: str) -> alt.Shape:
    labels = _options(comparison, _)
    return alt.Shape(
        "option:N",
        title=title,
        scale=alt.Scale(domain=labels, range=list(OPTION_SHAPES[: len(labels)])),
    )


def _level_axis(scale: Scale, _: Translator, title: str | None, *, vertical: bool = False) -> alt.Axis:
    """An axis whose ticks are the scale's levels, named in the reader's language.

    Long level names break into lines at spaces instead of being cut off; on a vertical axis
    the lines are centred on their tick.
    """
    names = _literal({str(level.value): level.label(_.language) for level in scale.levels})
    lines = f"split({names}['' + datum.value] || '', ' ')"
    extra: dict[str, Any] = {"labelLineHeight": LINE_HEIGHT}
    if vertical:
        extra["labelOffset"] = {"expr": f"-{LINE_HEIGHT / 2} * (length({lines}) - 1)"}
    else:
        extra["labelAngle"] = 0
    return alt.Axis(title=title, values=list(scale.values), labelExpr=lines, grid=True, labelLimit=0, **extra)


LINE_HEIGHT = 20  # px, of 16 px axis labels
CHAR_WIDTH = 9.5  # px, about the widest average character of a 16 px label (Liberation Sans, bold)
WHOLE = 99  # lines: a label is wrapped, never cut


def _level_room(scale: Scale, _: Translator) -> int:
    """The room (px) right of the plot that the last level's label needs: it is centred on its tick."""
    last = scale.levels[-1].label(_.language) if scale.levels else ""
    return int(max((len(word) for word in last.split()), default=0) * CHAR_WIDTH / 2) + 8


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Lines of at most about ``width`` characters; what does not fit ends in "…"."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip(" ,–-") + "…"
    return lines


def _literal(value: Any) -> str:
    """A value written into a Vega expression, its texts made chart-safe first.

    Cleaning the finished specification is too late here: JSON writes a control character as an
    escape (\\u001b), which the cleaning cannot see, and the key would no longer match its label.
    """
    return json.dumps(_chart_safe(value), ensure_ascii=False)


def _lines_expr(wrapped: dict[str, list[str]]) -> str:
    """A Vega expression that shows each axis label as its lines (an array draws one per line)."""
    return f"{_literal(wrapped)}[datum.label] || datum.label"


def _side_axis(labels: Sequence[str], width: int = 44, max_lines: int = WHOLE, **properties: Any) -> alt.Axis:
    """A y axis whose long labels break into lines, centred on their row; whole, never cut."""
    return _lines_axis({label: _wrap(label, width, max_lines) for label in labels}, **properties)


def _row_height(labels: Sequence[str], width: int = 44, least: int = 46) -> int:
    """The height of a row of a matrix whose side labels are :func:`_side_axis`'s: room for every line."""
    lines = max((len(_wrap(label, width, WHOLE)) for label in labels), default=1)
    return max(least, LINE_HEIGHT * lines + 8)


def _lines_axis(wrapped: dict[str, list[str]], **properties: Any) -> alt.Axis:
    """A y axis showing each label as the given lines, the block centred on its row.

    Vega centres the first line on the row and draws the others below it; each label is lifted
    by half the height of its extra lines.
    """
    lines = _literal(wrapped)
    return alt.Axis(
        labelExpr=_lines_expr(wrapped),
        labelLineHeight=LINE_HEIGHT,
        labelBaseline="middle",
        labelOffset={"expr": f"-{LINE_HEIGHT / 2} * (length({lines}[datum.label] || [1]) - 1)"},
        labelLimit=0,  # wrapped already: nothing is cut off
        **properties,
    )


def _top_axis(labels: Sequence[str], width: int = 0, max_lines: int = 4, **properties: Any) -> alt.Axis:
    """An x axis above the plot whose long labels break into lines that end just above it, whole.

    Vega draws a label's extra lines downwards from the first; on a top axis that would run into
    the plot. So every label gets the same number of lines (blank ones first) and the block is
    lifted by the height of the extra lines. When a word is wider than a column, or a label needs
    more than ``max_lines`` lines, the labels are written whole on one slanted line each instead,
    ending at their column, so neighbours never overlap.
    """
    # About 9 px a character at 16 px: as many characters as a column is wide, the labels on
    # the left (about 360 px) taken off the image's width.
    size = 16
    if not width:
        column = (WIDTH - 360) // max(1, len(labels))
        longest = max((len(word) for label in labels for word in label.split()), default=1)
        # A word a little wider than its column gets a smaller font (not under 12 px) before slanting.
        size = max(12, min(16, int(16 * column / (longest * 9))))
        width = max(10, min(26, int(column / (9 * size / 16))))
    wrapped = {label: _wrap(label, width, WHOLE) for label in labels}
    too_wide = any(len(word) > width for label in labels for word in label.split())
    if size < 16:
        properties = {"labelFontSize": size, **properties}
    if too_wide or any(len(v) > max_lines for v in wrapped.values()):
        return alt.Axis(
            orient="top",
            labelAngle=35,
            labelAlign="right",
            labelBaseline="middle",
            labelLimit=0,
            **properties,
        )
    lines = max((len(v) for v in wrapped.values()), default=1)
    padded = {label: [""] * (lines - len(v)) + v for label, v in wrapped.items()}
    return alt.Axis(
        orient="top",
        labelAngle=0,
        labelExpr=_lines_expr(padded),
        labelLineHeight=LINE_HEIGHT,
        labelBaseline="bottom",
        labelPadding=6 + LINE_HEIGHT * (lines - 1),
        labelLimit=0,
        **properties,
    )


def _signed(scale: Scale, value: float | None, _: Translator) -> str:
    """A median on its own scale: +1,5 on a bipolar scale, 2,5 on the others; – when unscored."""
    if value is None:
        return "–"
    text = _.number(abs(value), 1)
    if scale.kind is ScaleKind.BIPOLAR and value > 0:
        return "+" + text
    return ("−" + text) if value < 0 else text


def _title(text: str, subtitle: str | Sequence[str] = "") -> alt.Title:
    """A title and its explanation; long sentences break into lines instead of being cut off."""
    sentences = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    lines = [line for sentence in sentences if sentence for line in _wrap(sentence, 84, 3)]
    # aria=False: the chart's description says both (``_finish``); Vega would read them out as
    # "Title text '…'" and "Subtitle text '…'".
    return alt.Title(text=text, subtitle=lines or "", aria=False)


def _description(chart: AnyChart) -> str:
    """What a screen reader says for the chart: its title and the sentences explaining it."""
    title = chart.title
    if not isinstance(title, alt.Title):
        return str(title) if isinstance(title, str) else ""
    subtitle = title.subtitle
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle) if isinstance(subtitle, list) else []
    text = str(title.text)
    sentences = " ".join(str(line) for line in lines if line)
    return f"{text}. {sentences}" if sentences else text


def _finish(chart: AnyChart, _: Translator, right: int = 0) -> AnyChart:
    """Projector-sized fonts, Danish or English number formats, no frame around the plot.

    ``fit-x``: the whole chart, labels and legend included, fits the page's width, and its height
    is the height of the plot plus what it needs around it. (Streamlit's default, ``fit``, would
    squeeze a tall chart with a title and a legend into the plot's height.) ``right`` is room
    kept right of the plot for the last label of an x axis, which ``fit-x`` does not count.
    """
    sized = chart.properties(
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 5, "top": 5, "bottom": 5, "right": 5 + right},
        description=_description(chart),
    )
    configured: AnyChart = (
        sized.configure(
            font=FONT,
            locale={"number": _NUMBER_LOCALE[_.language]},
            # Screen readers: the chart is one image described by its title and explanation
            # (``description``), and its table view beside it holds the numbers. Left to itself,
            # Vega names every axis, legend and mark in generated English ("X-axis titled … for a
            # linear scale", "rect mark", raw field names): 156 names in the heat map alone.
            aria=False,
        )
        .configure_mark(aria=False)
        .configure_axis(
            labelFontSize=16,
            titleFontSize=18,
            titleFontWeight="normal",
            labelLimit=360,
            titlePadding=12,
        )
        .configure_legend(
            labelFontSize=16, titleFontSize=17, titleFontWeight="bold", symbolStrokeWidth=2, rowPadding=6
        )
        .configure_title(fontSize=22, subtitleFontSize=16, anchor="start", subtitleColor="#333333", offset=14)
        .configure_view(stroke=None)
        .configure_header(labelFontSize=16, titleFontSize=18)
    )
    return configured


def table(data: pd.DataFrame, _: Translator) -> pd.DataFrame:
    """The chart's data as people read it: named columns, Danish numbers, ids left out."""
    shown = [column for column in data.columns if column in COLUMN_LABELS]
    view = data[shown].copy()
    for column in shown:
        if pd.api.types.is_bool_dtype(view[column]):
            view[column] = view[column].map({True: _("Yes"), False: ""})
        elif pd.api.types.is_float_dtype(view[column]):
            view[column] = [
                "–" if value is None or pd.isna(value) else _.number(value, 1) for value in view[column]
            ]
    return view.rename(columns={column: _(COLUMN_LABELS[column]) for column in shown}).reset_index(drop=True)


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    # Chart-safe already here: pandas cannot even hold half a surrogate pair in a text column.
    frame = pd.DataFrame([_chart_safe(row) for row in rows], columns=list(columns))
    assert len(frame) <= MAX_ROWS, f"{len(frame)} rows: charts must be drawn from aggregates"
    return frame


# (1) The profile per dimension -------------------------------------------------------------------

_PROFILE_COLUMNS = (
    "option_id",
    "option",
    "dimension_key",
    "dimension",
    "scale_key",
    "value",
    "lowest",
    "highest",
    "words",
)


def profile_data(comparison: Comparison, _: Translator) -> pd.DataFrame:
    """Option × row of the profile (:func:`assessment.comparison_profile.profile_rows`: a dimension on
    one scale): the median of its criteria and the lowest and highest criterion on the scale itself
    (−2…+2 for effects), and the median in the scale's words. Ladders are steps, never summed, and
    are left out (the involvement chart shows them)."""
    rows = []
    for row in profile_rows(comparison, _):
        if row.ladder:
            continue
        for cell in row.cells:
            rows.append(
                {
                    "option_id": cell.option_id,
                    "option": comparison.option_label(cell.option_id, _),
                    "dimension_key": row.dimension_key,
                    "dimension": row.label,
                    "scale_key": row.scale_key,
                    "value": cell.value,
                    "lowest": cell.low,
                    "highest": cell.high,
                    "words": cell.text,
                }
            )
    frame = _frame(rows, _PROFILE_COLUMNS)
    for column in ("value", "lowest", "highest"):
        frame[column] = frame[column].astype(float)
    return frame


def _profile_scale(comparison: Comparison, data: pd.DataFrame) -> str:
    """The key of the one scale the chart draws on: the effect scale where the profile has one, else
    the scale most of its rows use ("" when it has none). Rows on another scale cannot share its axis
    honestly; they stay in the table."""
    keys = list(dict.fromkeys(data["scale_key"]))
    scales = comparison.rubric.scales
    return max(
        keys, key=lambda k: (scales[k].kind is ScaleKind.BIPOLAR, (data["scale_key"] == k).sum()), default=""
    )


def profile_chart(comparison: Comparison, _: Translator) -> AnyChart:
    data = profile_data(comparison, _)
    scale_key = _profile_scale(comparison, data)
    scale = comparison.rubric.scales.get(scale_key)
    drawn = data[data["scale_key"] == scale_key]
    left_out = list(dict.fromkeys(data.loc[data["scale_key"] != scale_key, "dimension"]))
    dimensions = list(dict.fromkeys(drawn["dimension"]))
    options = _options(comparison, _)
    y = alt.Y("dimension:N", sort=dimensions, title=None, axis=alt.Axis(labelFontWeight="bold"))
    offset = alt.YOffset("option:N", sort=options, scale=alt.Scale(paddingInner=0.15))
    colour = _option_colour(comparison, _, _("Option"))
    tooltip = [
        alt.Tooltip("option:N", title=_("Option")),
        alt.Tooltip("dimension:N", title=_("Dimension")),
        alt.Tooltip("words:N", title=_("Median, in words")),
    ]
    base = alt.Chart(drawn).encode(y=y, yOffset=offset, color=colour, tooltip=tooltip)
    if scale is not None:
        domain = [scale.lowest, scale.highest]
        x_axis = _level_axis(scale, _, scale.title(_.language))
    else:  # nothing but ladders in the profile: an empty frame
        domain, x_axis = [0, 1], alt.Axis(title=None, labels=False)
    rules = base.mark_rule(strokeWidth=7, opacity=0.45, strokeCap="round").encode(
        x=alt.X("lowest:Q", scale=alt.Scale(domain=domain, nice=False), axis=x_axis), x2="highest:Q"
    )
    dots = base.mark_point(filled=True, size=260, opacity=1, stroke="white", strokeWidth=1).encode(
        x="value:Q", shape=_option_shape(comparison, _, _("Option"))
    )
    layers: list[AnyChart] = [rules, dots]
    subtitle = [
        _(
            "The mark is the median of the dimension's criteria; the line runs from its lowest to its highest criterion."
        )
    ]
    if scale is not None and scale.kind is ScaleKind.BIPOLAR and 0 in scale.values:
        # The middle of an effect scale is "no difference from today": what keeping things as they are scores.
        middle = (
            alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333", strokeDash=[6, 4]).encode(x="x:Q")
        )
        layers.insert(0, middle)
        subtitle.append(_("The dashed line is no difference from carrying on as today."))
    if left_out:
        subtitle.append(_("On another scale, so only in the table: {rows}.", rows="; ".join(left_out)))
    height = max(240, 24 * max(len(dimensions), 1) * len(options))
    chart = alt.layer(*layers).properties(
        width=WIDTH,
        height=height,
        title=_title(_("How each option does in each dimension"), subtitle),
    )
    return _finish(chart, _, right=_level_room(scale, _) if scale is not None else 0)


# (2) Heat map of the medians ---------------------------------------------------------------------

# A cell is coloured on its criterion's own scale, never on a percentage that mixes scales.
# Effects (a bipolar scale, 0 = no difference from today) diverge from a pale middle: orange is
# worse, blue better, a pair colour-blind readers tell apart. Levels of an ordinal scale (0 lowest)
# get a sequential purple of their own: darker is a higher level, with no claim about "today".
# Both are interpolated in RGB, here and in the chart (``interpolate="rgb"``), so the text colour
# worked out from a cell's colour below is the colour the reader sees.
EFFECT_COLOURS = ("#C85200", "#F7F7F7", "#1F6FB4")  # lowest, no difference, highest
LEVEL_COLOURS = ("#F2F0F7", "#54278F")  # lowest, highest
BLACK, WHITE = "#000000", "#FFFFFF"

EFFECT, LEVEL = "effect", "level"  # the two kinds of cell: on an effect scale, or on levels


def _scale_kind(scale: Scale) -> str:
    return EFFECT if scale.kind is ScaleKind.BIPOLAR else LEVEL


def _colour_stops(scale: Scale) -> tuple[list[float], list[str]]:
    """The colour scale of a cell on ``scale``: its domain and range, for the chart and for :func:`_fill`."""
    if _scale_kind(scale) == EFFECT:
        return [scale.lowest, 0, scale.highest], list(EFFECT_COLOURS)
    return [scale.lowest, scale.highest], list(LEVEL_COLOURS)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _fill(scale: Scale, value: float | None) -> str | None:
    """The colour the chart gives ``value`` (piecewise linear in RGB, as d3 rounds it); None unscored."""
    if value is None:
        return None
    domain, colours = _colour_stops(scale)
    value = min(max(value, domain[0]), domain[-1])
    for i in range(len(domain) - 1):
        low, high = domain[i], domain[i + 1]
        if value <= high or i == len(domain) - 2:
            t = 0.0 if high == low else (value - low) / (high - low)
            a, b = _rgb(colours[i]), _rgb(colours[i + 1])
            channels = (min(255, max(0, int(x + (y - x) * t + 0.5))) for x, y in zip(a, b, strict=True))
            return "#" + "".join(f"{c:02X}" for c in channels)
    raise AssertionError("unreachable")


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _ink(fill: str | None) -> str:
    """Black or white text, whichever stands out more on the cell: never under 4.58:1 (WCAG AA)."""
    background = fill or WHITE
    return BLACK if _contrast(BLACK, background) >= _contrast(WHITE, background) else WHITE


def _is_fixed(comparison: Comparison, option_id: int, criterion: Criterion) -> bool:
    """True where nobody answers: "keep as is" on a criterion fixed at "no difference" (format 2).

    The fixed cells are ordinary tallies of one 0 (``scoring.fixed_baseline_tallies``); the rule
    that fixed them is the rubric's, so that is what is asked here."""
    return (
        option_id == comparison.baseline_id
        and comparison.rubric.baseline_rule(criterion) is BaselineRule.NO_DIFFERENCE
    )


def _raters(comparison: Comparison, option_id: int, criterion: Criterion) -> int:
    """How many raters the median rests on ("don't know" left out). Each rater answers one facet of
    an own-profession criterion, but every facet of the others, so there the largest facet counts."""
    counts = [
        tally.count
        for facet in comparison.facets_of(criterion.key)
        if (tally := comparison.tallies.get((option_id, criterion.key, facet))) is not None
    ]
    if not counts:
        return 0
    return sum(counts) if criterion.facets in (None, FacetKind.OWN_PROFESSION) else max(counts)


class _Median(NamedTuple):
    """A median on its scale, as a cell shows it: the number, in words, and the cell's colours."""

    number: str  # "+1", "−0,5", "3"; "0 (fixed)" for a fixed cell
    words: str  # "Lidt bedre", "Ingen forskel/Lidt bedre", "Ingen forskel (fast)", "–"
    tip: str  # "+1 · Lidt bedre"
    fill: str | None
    ink: str


def _median(scale: Scale, value: float | None, fixed: bool, _: Translator) -> _Median:
    number = _signed(scale, value, _)
    words = "–" if value is None else level_name(scale, value, _.language)
    if fixed:
        number, words = _("{text} (fixed)", text=number), _("{text} (fixed)", text=words)
    fill = _fill(scale, value)
    tip = words if value is None else f"{_signed(scale, value, _)} · {words}"
    return _Median(number, words, tip, fill, _ink(fill))


_HEATMAP_COLUMNS = (
    "option_id",
    "option",
    "criterion_key",
    "criterion",
    "dimension",
    "scale_kind",
    "median",
    "words",
    "count",
    "disagreement",
    "fixed",
    "tip",
    "mark",
    "fill",
    "ink",
)


def heatmap_data(comparison: Comparison, _: Translator) -> pd.DataFrame:
    """Criterion × option: the option's median on the criterion's own scale (−2…+2 for an effect,
    the level for an ordinal criterion), in the scale's words, how many raters it rests on, and ⚠
    where the panel disagrees on it (in any facet). "Keep as is" on a criterion nobody answers for it
    reads "no difference (fixed)". Ladders are left out: they are no better or worse.

    ``fill`` and ``ink`` are the colours of the cell and of its text, as the chart draws them.
    """
    rows = []
    for criterion in comparison.rubric.aggregate_criteria:
        scale = comparison.rubric.scale_of(criterion)
        for option_id in comparison.option_ids:
            fixed = _is_fixed(comparison, option_id, criterion)
            # A fixed cell is "no difference" by the rubric's rule, whatever was merged in for it.
            value = 0.0 if fixed else comparison.criterion_values[(option_id, criterion.key)]
            disagreement = not fixed and any(
                comparison.cells[(option_id, criterion.key, facet)].disagreement
                for facet in comparison.facets_of(criterion.key)
            )
            median = _median(scale, value, fixed, _)
            rows.append(
                {
                    "option_id": option_id,
                    "option": comparison.option_label(option_id, _),
                    "criterion_key": criterion.key,
                    "criterion": criterion.question(_.language),
                    "dimension": comparison.dimension_title(criterion.dimension, _),
                    "scale_kind": _scale_kind(scale),
                    "median": value,
                    "words": median.words,
                    "count": 0 if fixed else _raters(comparison, option_id, criterion),
                    "disagreement": disagreement,
                    "fixed": fixed,
                    "tip": median.tip,
                    "mark": f"{median.number} ⚠" if disagreement else median.number,
                    "fill": median.fill,
                    "ink": median.ink,
                }
            )
    frame = _frame(rows, _HEATMAP_COLUMNS)
    frame["median"] = frame["median"].astype(float)
    return frame


def _legend_names(scales: Sequence[Scale], _: Translator) -> dict[str, str]:
    """Legend labels: the number and the level's name ("+1 Lidt bedre") where every scale of the
    kind names its levels alike, else the number alone."""
    first = scales[0]
    same = all(s.levels == first.levels for s in scales)
    return {
        str(v): f"{_signed(first, v, _)} {first.label(v, _.language)}" if same else _signed(first, v, _)
        for v in first.values
    }


def _scale_cells(scales: dict[str, list[Scale]], base: alt.Chart, _: Translator) -> list[AnyChart]:
    """The coloured cells of a matrix: one layer, with its own colour scale and legend, per kind of
    scale present (effects diverging around "no difference", levels sequential)."""
    titles = {EFFECT: _("Median: difference from today"), LEVEL: _("Median: level on the scale")}
    layers: list[AnyChart] = []
    for kind in (EFFECT, LEVEL):
        if not scales.get(kind):
            continue
        scale = scales[kind][0]
        domain, colours = _colour_stops(scale)
        names = _literal(_legend_names(scales[kind], _))
        layers.append(
            base.transform_filter(alt.datum.scale_kind == kind)
            .mark_rect(stroke="white", strokeWidth=2)
            .encode(
                color=alt.Color(
                    "median:Q",
                    title=titles[kind],
                    scale=alt.Scale(domain=domain, range=colours, interpolate="rgb", nice=False, zero=False),
                    legend=alt.Legend(
                        orient="bottom",
                        direction="vertical",
                        gradientLength=150,
                        values=list(scale.values),
                        labelExpr=f"{names}['' + datum.value] || datum.label",
                        titleLimit=500,
                        labelLimit=0,
                    ),
                )
            )
        )
    return layers


def _matrix_text(base: alt.Chart) -> alt.Chart:
    """Each cell's median as a number, in black or white, whichever stands out on its colour."""
    text: alt.Chart = base.mark_text(fontSize=17, fontWeight="bold").encode(
        text="mark:N", color=alt.Color("ink:N", scale=None)
    )
    return text


def _kinds_present(comparison: Comparison, criteria: Sequence[Criterion]) -> dict[str, list[Scale]]:
    found: dict[str, list[Scale]] = {}
    for criterion in criteria:
        scale = comparison.rubric.scale_of(criterion)
        if scale not in found.setdefault(_scale_kind(scale), []):
            found[_scale_kind(scale)].append(scale)
    return found


def _colour_sentences(
    kinds: dict[str, list[Scale]], fixed: bool, comparison: Comparison, _: Translator
) -> list[str]:
    sentences = []
    if kinds.get(EFFECT):
        sentences.append(_("Effects: orange is worse than today, blue better, pale no difference."))
    if kinds.get(LEVEL):
        sentences.append(_("Criteria on levels: the darker the purple, the higher the level."))
    if fixed and comparison.baseline_id is not None:
        sentences.append(
            _(
                "“{option}” is not scored on effects: it is fixed at no difference.",
                option=comparison.option_label(comparison.baseline_id, _),
            )
        )
    return sentences


def heatmap_chart(comparison: Comparison, _: Translator) -> AnyChart:
    data = heatmap_data(comparison, _)
    criteria = list(dict.fromkeys(data["criterion"]))
    options = _options(comparison, _)
    x = alt.X("option:N", sort=options, title=None, axis=_top_axis(options))
    y = alt.Y("criterion:N", sort=criteria, title=None, axis=_side_axis(criteria))
    tooltip = [
        alt.Tooltip("criterion:N", title=_("Criterion")),
        alt.Tooltip("dimension:N", title=_("Dimension")),
        alt.Tooltip("option:N", title=_("Option")),
        alt.Tooltip("tip:N", title=_("Median on the scale")),
        alt.Tooltip("count:Q", title=_("Raters")),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    kinds = _kinds_present(comparison, comparison.rubric.aggregate_criteria)
    cells = _scale_cells(kinds, base, _)
    outline = (
        base.transform_filter("datum.disagreement")
        .mark_rect(fill=None, stroke="black", strokeWidth=3, strokeDash=[6, 3])
        .encode()
    )
    chart = (
        alt.layer(*cells, outline, _matrix_text(base))
        .resolve_scale(color="independent")
        .properties(
            width=WIDTH,
            height=max(200, _row_height(criteria) * len(criteria)),
            title=_title(
                _("Where the options are strong and weak, criterion by criterion"),
                [
                    _("Each cell is the panel's median on the criterion's own scale."),
                    *_colour_sentences(kinds, bool(data["fixed"].any()), comparison, _),
                    _(
                        "⚠ and a dashed frame: the panel disagrees (a third at each end of the scale, or 3 steps or more apart)."
                    ),
                ],
            ),
        )
    )
    return _finish(chart, _)


# (3) The spread of the raters' scores ------------------------------------------------------------

_SPREAD_COLUMNS = ("option_id", "option", "facet", "row", "level_value", "level", "count")


def default_spread_criterion(comparison: Comparison) -> str:
    """The criterion with the widest disagreement, or the first criterion when there is none."""
    if comparison.disagreements:
        return comparison.disagreements[0][1]
    return comparison.rubric.criteria[0].key


def spread_data(comparison: Comparison, _: Translator, criterion_key: str | None = None) -> pd.DataFrame:
    """How many raters gave each level of one criterion, per option (and facet); counts only.

    "Don't know" is its own column, after the highest level. Levels nobody gave are left out.
    """
    key = criterion_key or default_spread_criterion(comparison)
    criterion = comparison.rubric.criterion(key)
    scale = comparison.rubric.scale_of(criterion)
    facets = comparison.facets_of(key)
    rows = []
    for option_id in comparison.option_ids:
        option = comparison.option_label(option_id, _)
        for facet in facets:
            row = f"{option} · {comparison.facet_label(facet, _)}" if facet else option
            tally = comparison.tallies.get((option_id, key, facet))
            counts = dict(tally.counts) if tally else {}
            for level in scale.levels:
                if counts.get(level.value):
                    rows.append(
                        {
                            "option_id": option_id,
                            "option": option,
                            "facet": facet,
                            "row": row,
                            "level_value": level.value,
                            "level": level.label(_.language),
                            "count": counts[level.value],
                        }
                    )
            if tally and tally.dont_know:
                rows.append(
                    {
                        "option_id": option_id,
                        "option": option,
                        "facet": facet,
                        "row": row,
                        "level_value": None,
                        "level": _("Don't know"),
                        "count": tally.dont_know,
                    }
                )
    return _frame(rows, _SPREAD_COLUMNS)


def spread_chart(comparison: Comparison, _: Translator, criterion_key: str | None = None) -> AnyChart:
    key = criterion_key or default_spread_criterion(comparison)
    data = spread_data(comparison, _, key)
    scale = comparison.rubric.scale_of(key)
    levels = [level.label(_.language) for level in scale.levels] + [_("Don't know")]
    facets = comparison.facets_of(key)
    rows, lines = [], {}
    for option in _options(comparison, _):
        for facet in facets:
            row = f"{option} · {comparison.facet_label(facet, _)}" if facet else option
            rows.append(row)
            # Option on the first line, the profession or perspective on the second.
            lines[row] = (
                [*_wrap(option, 40, 1), comparison.facet_label(facet, _)] if facet else _wrap(option, 40, 2)
            )
    row_axis = _lines_axis(lines, grid=True)
    base = alt.Chart(data).encode(
        x=alt.X(
            "level:N",
            sort=levels,
            scale=alt.Scale(domain=levels),
            title=None,
            axis=_top_axis(levels, width=12, grid=True),
        ),
        y=alt.Y("row:N", sort=rows, scale=alt.Scale(domain=rows), title=None, axis=row_axis),
        tooltip=[
            alt.Tooltip("row:N", title=_("Scored for")),
            alt.Tooltip("level:N", title=_("Level")),
            alt.Tooltip("count:Q", title=_("Raters")),
        ],
    )
    largest = int(data["count"].max()) if len(data) else 1
    circles = base.mark_circle(opacity=0.55).encode(
        size=alt.Size("count:Q", scale=alt.Scale(domain=[0, largest], range=[0, 1800]), legend=None),
        color=_option_colour(comparison, _, _("Option")).legend(None),
    )
    counts = base.mark_text(fontSize=16, fontWeight="bold", color="black", dx=0, dy=0).encode(text="count:Q")
    chart = (circles + counts).properties(
        width=WIDTH,
        height=max(160, 46 * len(rows)),
        title=_title(
            _("How the raters scored"),
            [
                comparison.rubric.criterion(key).question(_.language),
                _("The number in each circle is how many raters gave that level."),
            ],
        ),
    )
    return _finish(chart, _)


# (4) Value for the citizen against value for society ---------------------------------------------

_VALUE_COLUMNS = ("option_id", "option", "citizen", "society", "gap", "needs_justification", "dodge")

# Options on the same point are drawn side by side, this far apart (in steps of the scale).
DODGE = 0.16


def citizen_society_data(comparison: Comparison, _: Translator) -> pd.DataFrame:
    """Per option, the value for the citizen and for society on their own scale (−2…+2).

    A difference of 2 steps or more asks for a written justification. ``dodge`` moves options
    that share a point apart sideways in the chart, so none hides another; the values stay exact.
    """
    citizen_criterion = comparison.rubric.with_role(CriterionRole.CITIZEN_EFFECT)
    society_criterion = comparison.rubric.with_role(CriterionRole.SOCIETY_VALUE)
    if citizen_criterion is None or society_criterion is None:
        return _frame([], _VALUE_COLUMNS)
    rows = []
    for option_id in comparison.option_ids:
        citizen = comparison.criterion_values[(option_id, citizen_criterion.key)]
        society = comparison.criterion_values[(option_id, society_criterion.key)]
        rows.append(
            {
                "option_id": option_id,
                "option": comparison.option_label(option_id, _),
                "citizen": citizen,
                "society": society,
                "gap": None if citizen is None or society is None else citizen - society,
                "needs_justification": option_id in comparison.value_gaps,
            }
        )
    at_point: dict[tuple[object, object], list[int]] = {}
    for position, row in enumerate(rows):
        at_point.setdefault((row["citizen"], row["society"]), []).append(position)
    for positions in at_point.values():
        for i, position in enumerate(positions):
            rows[position]["dodge"] = (i - (len(positions) - 1) / 2) * DODGE
    return _frame(rows, _VALUE_COLUMNS)


def citizen_society_chart(comparison: Comparison, _: Translator) -> AnyChart | None:
    data = citizen_society_data(comparison, _)
    citizen = comparison.rubric.with_role(CriterionRole.CITIZEN_EFFECT)
    if data.empty or citizen is None:
        return None
    scored = data.dropna(subset=["citizen", "society"])
    scale = comparison.rubric.scale_of(citizen)
    domain = [scale.lowest - 0.4, scale.highest + 0.4]
    x_scale, y_scale = alt.Scale(domain=domain, nice=False), alt.Scale(domain=domain, nice=False)
    base = (
        alt.Chart(scored)
        .transform_calculate(shown="datum.citizen + datum.dodge")
        .encode(
            x=alt.X("shown:Q", scale=x_scale, axis=_level_axis(scale, _, _("Value for the citizen"))),
            y=alt.Y(
                "society:Q", scale=y_scale, axis=_level_axis(scale, _, _("Value for society"), vertical=True)
            ),
            tooltip=[
                alt.Tooltip("option:N", title=_("Option")),
                alt.Tooltip("citizen:Q", title=_("Value for the citizen"), format=".1f"),
                alt.Tooltip("society:Q", title=_("Value for society"), format=".1f"),
            ],
        )
    )
    diagonal = (
        alt.Chart(pd.DataFrame({"a": [scale.lowest], "b": [scale.highest]}))
        .mark_rule(strokeDash=[6, 4], color="#888888", strokeWidth=2)
        .encode(x=alt.X("a:Q", scale=x_scale), y=alt.Y("a:Q", scale=y_scale), x2="b:Q", y2="b:Q")
    )
    points = base.mark_point(filled=True, size=360, opacity=1, stroke="white", strokeWidth=1).encode(
        color=_option_colour(comparison, _, _("Option")),
        shape=_option_shape(comparison, _, _("Option")),
    )
    explained = [_("On the dashed line both count the same.")]
    layers: list[alt.Chart] = [diagonal]
    # The rings only where there are any: an empty layer is an unnamed graphic to a screen reader
    # (axe: svg-img-alt), and a legend line for nothing on the chart.
    if scored["needs_justification"].any():
        layers.append(
            base.transform_filter("datum.needs_justification")
            .mark_point(size=1300, strokeWidth=3, color="#222222", shape="circle", strokeDash=[5, 3])
            .encode()
        )
        explained.append(_("A dashed ring: 2 steps or more apart, which asks for a written justification."))
    chart = alt.layer(*layers, points).properties(
        width=560,
        height=520,
        title=_title(_("Value for the citizen and for society"), explained),
    )
    return _finish(chart, _, right=_level_room(scale, _))


# (5) Citizen involvement: planned against appropriate --------------------------------------------

_INVOLVEMENT_COLUMNS = ("option_id", "option", "kind_key", "kind", "step", "step_label")


def _involvement_ladder(comparison: Comparison) -> Scale | None:
    rubric = comparison.rubric
    criterion = rubric.with_role(CriterionRole.INVOLVEMENT_PLANNED) or rubric.with_role(
        CriterionRole.INVOLVEMENT_APPROPRIATE
    )
    return None if criterion is None else rubric.scale_of(criterion)


def involvement_data(comparison: Comparison, _: Translator) -> pd.DataFrame:
    """Per option the median step of involvement as planned and as appropriate (a ladder, 0…4)."""
    ladder = _involvement_ladder(comparison)
    if not comparison.involvement or ladder is None:
        return _frame([], _INVOLVEMENT_COLUMNS)
    kinds = (("planned", _("Planned")), ("appropriate", _("Appropriate")))
    rows = []
    for option_id, steps in comparison.involvement.items():
        for (kind_key, kind), step in zip(kinds, steps, strict=True):
            if step is None:
                continue
            nearest = ladder.label(int(step), _.language) if step == int(step) else ""
            rows.append(
                {
                    "option_id": option_id,
                    "option": comparison.option_label(option_id, _),
                    "kind_key": kind_key,
                    "kind": kind,
                    "step": step,
                    "step_label": nearest,
                }
            )
    return _frame(rows, _INVOLVEMENT_COLUMNS)


def involvement_chart(comparison: Comparison, _: Translator) -> AnyChart | None:
    data = involvement_data(comparison, _)
    ladder = _involvement_ladder(comparison)
    if data.empty or ladder is None:
        return None
    options = _options(comparison, _)
    kinds = [_("Planned"), _("Appropriate")]
    y = alt.Y(
        "option:N",
        sort=options,
        scale=alt.Scale(domain=options),
        title=None,
        axis=_side_axis(options, width=34),
    )
    x_scale = alt.Scale(domain=[ladder.lowest - 0.25, ladder.highest + 0.25], nice=False)
    x = alt.X("step:Q", scale=x_scale, axis=_level_axis(ladder, _, _("Step on the involvement ladder")))
    gaps = (
        alt.Chart(data)
        .transform_aggregate(low="min(step)", high="max(step)", groupby=["option"])
        .mark_rule(strokeWidth=4, color="#999999")
        .encode(y=y, x=alt.X("low:Q", scale=x_scale), x2="high:Q")
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=380, opacity=1)
        .encode(
            y=y,
            x=x,
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(domain=kinds, range=list(INVOLVEMENT_COLOURS)),
                legend=alt.Legend(orient="top", symbolSize=300),
            ),
            shape=alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=["circle", "diamond"]), title=None),
            tooltip=[
                alt.Tooltip("option:N", title=_("Option")),
                alt.Tooltip("kind:N", title=_("Involvement")),
                alt.Tooltip("step:Q", title=_("Step (median)"), format=".1f"),
            ],
        )
    )
    chart = (gaps + points).properties(
        width=WIDTH,
        height=max(180, 70 * len(options)),
        title=_title(
            _("Citizen involvement: as planned and as appropriate"),
            _("More is not always better; a long line between the two is a topic for the discussion."),
        ),
    )
    return _finish(chart, _, right=_level_room(ladder, _))


# (6) Professions × options ----------------------------------------------------------------------

_PROFESSION_COLUMNS = (
    "option_id",
    "option",
    "profession_key",
    "profession",
    "dimension",
    "row",
    "scale_kind",
    "median",
    "words",
    "criteria",
    "count",
    "fixed",
    "tip",
    "mark",
    "fill",
    "ink",
)


def profession_data(comparison: Comparison, _: Translator) -> pd.DataFrame:
    """Profession (groups of 3 or more raters only) × dimension × option: the group's median on the
    scale itself, worked out as the profile is (the median of the criteria, a criterion's value the
    mean of the group's facet medians). A dimension whose criteria use more than one scale gets one
    row per scale, so nothing is averaged across scales. "Keep as is" on criteria fixed at "no
    difference" reads so."""
    rubric = comparison.rubric
    by_cell: dict[tuple[int, str, str], list[CellStats]] = {}
    for (option_id, criterion_key, _facet, profession), stats in comparison.profession_medians.items():
        if stats.median is not None:
            by_cell.setdefault((option_id, criterion_key, profession), []).append(stats)
    groups: list[tuple[str, Scale, list[Criterion]]] = []
    for dimension in comparison.dimensions:
        by_scale: dict[str, list[Criterion]] = {}
        for criterion in rubric.aggregate_criteria:
            if criterion.dimension == dimension.key:
                by_scale.setdefault(criterion.scale, []).append(criterion)
        title = comparison.dimension_title(dimension.key, _)
        for scale_key, criteria in by_scale.items():
            scale = rubric.scales[scale_key]
            label = title if len(by_scale) == 1 else f"{title}: {scale.title(_.language)}"
            groups.append((label, scale, criteria))
    rows = []
    for profession_key in comparison.professions:
        profession = comparison.facet_label(profession_key, _)
        for option_id in comparison.option_ids:
            for label, scale, criteria in groups:
                values: list[float] = []
                counts: list[int] = []
                fixed = [_is_fixed(comparison, option_id, c) for c in criteria]
                for criterion, is_fixed in zip(criteria, fixed, strict=True):
                    if is_fixed:
                        values.append(0.0)
                    elif cells := by_cell.get((option_id, criterion.key, profession_key)):
                        values.append(statistics.fmean(s.median for s in cells if s.median is not None))
                        counts.extend(s.count for s in cells)
                value = statistics.median(values) if values else None
                median = _median(scale, value, all(fixed), _)
                rows.append(
                    {
                        "option_id": option_id,
                        "option": comparison.option_label(option_id, _),
                        "profession_key": profession_key,
                        "profession": profession,
                        "dimension": label,
                        "row": f"{profession} · {label}",
                        "scale_kind": _scale_kind(scale),
                        "median": value,
                        "words": median.words,
                        "criteria": len(values),
                        "count": max(counts, default=0),
                        "fixed": all(fixed),
                        "tip": median.tip,
                        "mark": median.number,
                        "fill": median.fill,
                        "ink": median.ink,
                    }
                )
    frame = _frame(rows, _PROFESSION_COLUMNS)
    frame["median"] = frame["median"].astype(float)
    return frame


def profession_chart(comparison: Comparison, _: Translator) -> AnyChart | None:
    data = profession_data(comparison, _)
    if data.empty:
        return None
    rows = list(dict.fromkeys(data["row"]))
    options = _options(comparison, _)
    base = alt.Chart(data).encode(
        x=alt.X("option:N", sort=options, title=None, axis=_top_axis(options)),
        y=alt.Y("row:N", sort=rows, title=None, axis=_side_axis(rows)),
        tooltip=[
            alt.Tooltip("profession:N", title=_("Profession")),
            alt.Tooltip("dimension:N", title=_("Dimension")),
            alt.Tooltip("option:N", title=_("Option")),
            alt.Tooltip("tip:N", title=_("Median on the scale")),
            alt.Tooltip("count:Q", title=_("Raters")),
        ],
    )
    kinds = _kinds_present(comparison, comparison.rubric.aggregate_criteria)
    chart = (
        alt.layer(*_scale_cells(kinds, base, _), _matrix_text(base))
        .resolve_scale(color="independent")
        .properties(
            width=WIDTH,
            height=max(120, _row_height(rows, least=40) * len(rows)),
            title=_title(
                _("How each profession sees the options"),
                [
                    _(
                        "Only professions with 3 or more raters on the panel are shown, so no one's score can be read off."
                    ),
                    _("Each cell is the group's median on the scale itself."),
                    *_colour_sentences(kinds, bool(data["fixed"].any()), comparison, _),
                ],
            ),
        )
    )
    return _finish(chart, _)


# (7) The three perspectives -----------------------------------------------------------------------

_PERSPECTIVE_COLUMNS = (
    "option_id",
    "option",
    "criterion_key",
    "criterion",
    "perspective_key",
    "perspective",
    "value",
    "gap",
)


def perspective_data(comparison: Comparison, _: Translator) -> pd.DataFrame:
    """Option × perspective (formal, performed, experienced): the median on each criterion scored
    per perspective, and whether the option has a gap of 2 steps or more there."""
    gaps = {(g.option_id, g.criterion_key) for g in comparison.perspective_gaps}
    rows = []
    for criterion in comparison.rubric.criteria:
        if criterion.facets is not FacetKind.PERSPECTIVE:
            continue
        for option_id in comparison.option_ids:
            for perspective in Perspective:
                stats = comparison.cells[(option_id, criterion.key, perspective.value)]
                rows.append(
                    {
                        "option_id": option_id,
                        "option": comparison.option_label(option_id, _),
                        "criterion_key": criterion.key,
                        "criterion": comparison.criterion_label(criterion.key, _),
                        "perspective_key": perspective.value,
                        "perspective": _(PERSPECTIVE_LABELS[perspective]),
                        "value": stats.median,
                        "gap": (option_id, criterion.key) in gaps,
                    }
                )
    return _frame(rows, _PERSPECTIVE_COLUMNS)


def perspective_chart(comparison: Comparison, _: Translator) -> AnyChart | None:
    data = perspective_data(comparison, _)
    if data.empty:
        return None
    criterion_key = str(data["criterion_key"].iloc[0])
    if data["criterion_key"].nunique() > 1:
        # One chart per criterion reads best; the page shows the first, the table shows all.
        data = data[data["criterion_key"] == criterion_key]
    scale = comparison.rubric.scale_of(criterion_key)
    options = _options(comparison, _)
    perspectives = [_(PERSPECTIVE_LABELS[p]) for p in Perspective]
    data = data.assign(flag=[("⚠" if gap else "") for gap in data["gap"]])
    scored = data.dropna(subset=["value"])
    y = alt.Y(
        "option:N",
        sort=options,
        scale=alt.Scale(domain=options),
        title=None,
        axis=_side_axis(options, width=34),
    )
    x_scale = alt.Scale(domain=[scale.lowest - 0.25, scale.highest + 0.25], nice=False)
    spans = (
        alt.Chart(scored)
        .transform_aggregate(low="min(value)", high="max(value)", gap="max(gap)", groupby=["option"])
        .mark_rule(strokeWidth=5)
        .encode(
            y=y,
            x=alt.X("low:Q", scale=x_scale, axis=_level_axis(scale, _, None)),
            x2="high:Q",
            color=alt.condition("datum.gap", alt.value("#222222"), alt.value("#C8C8C8")),
        )
    )
    points = (
        alt.Chart(scored)
        .mark_point(filled=True, size=340, opacity=1)
        .encode(
            y=y,
            x=alt.X("value:Q", scale=x_scale),
            yOffset=alt.YOffset("perspective:N", sort=perspectives, scale=alt.Scale(paddingOuter=0.6)),
            color=alt.Color(
                "perspective:N",
                title=_("Perspective"),
                scale=alt.Scale(domain=perspectives, range=list(PERSPECTIVE_COLOURS)),
                legend=alt.Legend(orient="top", symbolSize=300),
            ),
            shape=alt.Shape(
                "perspective:N",
                scale=alt.Scale(domain=perspectives, range=list(PERSPECTIVE_SHAPES)),
                title=_("Perspective"),
            ),
            tooltip=[
                alt.Tooltip("option:N", title=_("Option")),
                alt.Tooltip("perspective:N", title=_("Perspective")),
                alt.Tooltip("value:Q", title=_("Median"), format=".1f"),
            ],
        )
    )
    flags = (
        alt.Chart(scored)
        .transform_filter("datum.gap")
        .transform_aggregate(high="max(value)", groupby=["option"])
        .mark_text(text="⚠", fontSize=24, dx=28, color="#222222")
        .encode(y=y, x=alt.X("high:Q", scale=x_scale))
    )
    chart = (spans + points + flags).properties(
        width=WIDTH,
        height=max(180, 80 * len(options)),
        title=_title(
            _("The core task seen from three perspectives"),
            [
                comparison.rubric.criterion(criterion_key).question(_.language),
                _("⚠ and a dark line: the perspectives are 2 steps or more apart."),
            ],
        ),
    )
    return _finish(chart, _, right=_level_room(scale, _))


# For documents -----------------------------------------------------------------------------------


class DocumentChart(NamedTuple):
    """A chart for the printed summary: the summary section it belongs in, and a short caption."""

    section: str
    caption: str
    chart: AnyChart


def _document_builders(
    comparison: Comparison, _: Translator
) -> list[tuple[str, str, Callable[[], AnyChart | None]]]:
    return [
        ("options", _("The profile per dimension"), lambda: profile_chart(comparison, _)),
        ("options", _("The medians per criterion"), lambda: heatmap_chart(comparison, _)),
        (
            "consequences",
            _("Value for the citizen and for society"),
            lambda: citizen_society_chart(comparison, _),
        ),
        ("involvement", _("Citizen involvement"), lambda: involvement_chart(comparison, _)),
    ]


def document_charts(comparison: Comparison, _: Translator) -> list[DocumentChart]:
    """The charts a printed decision summary carries, in the order the document shows them."""
    found = ((section, caption, build()) for section, caption, build in _document_builders(comparison, _))
    return [DocumentChart(section, caption, chart) for section, caption, chart in found if chart is not None]


def document_pngs(comparison: Comparison, _: Translator, scale: float = 2.0) -> list[tuple[str, str, bytes]]:
    """:func:`document_charts` rendered: (section, caption, PNG) in the document's order.

    Each chart is built (Python) while the one before it renders (vl-convert, outside Python's
    lock, on a thread of its own), so the two overlap.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart") as renderer:
        pending = []
        for section, caption, build in _document_builders(comparison, _):
            chart = build()
            if chart is not None:
                spec = json.dumps(specification(chart), ensure_ascii=False)
                pending.append((section, caption, renderer.submit(_png, spec, scale)))
        return [(section, caption, job.result()) for section, caption, job in pending]


# Rendered images by the hash of their full specification (data included): a summary downloaded
# as Word and then as PDF draws each chart once. The key is the whole content, so an image can
# only ever be reused for exactly the same chart; a few dozen images are a few megabytes.
_PNG_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PNG_CACHE_SIZE = 48
_PNG_LOCK = threading.Lock()


def to_png(chart: AnyChart, scale: float = 2.0) -> bytes:
    """The chart as a PNG image, rendered offline (no browser, no network).

    Rendering takes a good part of a second per chart, so identical charts are rendered once.
    """
    return _png(json.dumps(specification(chart), ensure_ascii=False), scale)


def _png(spec: str, scale: float) -> bytes:
    """The PNG of a Vega-Lite specification (JSON), from the cache when it was rendered before."""
    key = hashlib.sha256(f"{scale!r}\n{spec}".encode()).hexdigest()
    with _PNG_LOCK:
        cached = _PNG_CACHE.get(key)
        if cached is not None:
            _PNG_CACHE.move_to_end(key)
            return cached
    # The pixels of ``scale``, and the resolution that says so: 900 px of chart print 12.5 in wide.
    png = bytes(vlc.vegalite_to_png(spec, scale=1.0, ppi=72 * scale))
    with _PNG_LOCK:
        _PNG_CACHE[key] = png
        while len(_PNG_CACHE) > _PNG_CACHE_SIZE:
            _PNG_CACHE.popitem(last=False)
    return png


def specification(chart: AnyChart) -> dict[str, Any]:
    """The chart's Vega-Lite specification with every text chart-safe, for the screen and the PNG.

    Users write the option titles, names and labels a chart shows. A U+2028 in one (a paste from a
    PDF) ended a string in a label expression, and vl-convert refused every Word and PDF export
    of the proposal; a control character XML cannot hold (an ESC) made vl-convert panic, and the
    panic aborted the whole process, server included. The browser parses the same expressions.

    Not validated against the Vega-Lite schema (that took a fifth of the time of a PNG); every
    chart builder's output is validated in ``tests/report/test_charts.py``.
    """
    cleaned: dict[str, Any] = _chart_safe(chart.to_dict(validate=False))
    return cleaned


def _chart_safe(value: Any) -> Any:
    if isinstance(value, str):
        return chart_text(value)
    if isinstance(value, dict):
        return {chart_text(str(k)): _chart_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_chart_safe(v) for v in value]
    return value


def clear_png_cache() -> None:
    """Forget every rendered image (benchmarks time the rendering itself)."""
    with _PNG_LOCK:
        _PNG_CACHE.clear()
