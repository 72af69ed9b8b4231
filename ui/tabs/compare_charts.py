"""Sammenlign, the charts: each chart with its table, built once per comparison and kept.

Building a chart with Altair, which copies and validates every part against the Vega-Lite schema,
and turning its table into Arrow took most of the screen's rerun. A chart depends only on the
comparison, the language and the criterion shown, so each is built once and kept for every
session. The key is a fingerprint of the whole comparison, which this session was allowed to read
(compare() checked), so a kept chart only ever goes to someone who would have drawn the very same one.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from assessment import discussion_views
from assessment.comparison import Comparison
from assessment.kernel.i18n import Translator
from report import charts
from ui.context import translator
from ui.widgets import plain

ChartBuilder = Callable[[Comparison, Translator], charts.AnyChart | None]
DataBuilder = Callable[[Comparison, Translator], pd.DataFrame]
CHARTS: dict[str, tuple[ChartBuilder, DataBuilder]] = {
    "profile": (charts.profile_chart, charts.profile_data),
    "heatmap": (charts.heatmap_chart, charts.heatmap_data),
    "citizen_society": (charts.citizen_society_chart, charts.citizen_society_data),
    "involvement": (charts.involvement_chart, charts.involvement_data),
    "profession": (charts.profession_chart, charts.profession_data),
    "perspective": (charts.perspective_chart, charts.perspective_data),
}


def fingerprint(comparison: Comparison) -> str:
    """Everything a chart is drawn from, in one key (about 2 ms for a proposal with 12 raters)."""
    return hashlib.sha256(pickle.dumps(comparison, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


@st.cache_data(max_entries=200, show_spinner=False)
def _chart_parts(
    kind: str, fingerprint: str, language: str, criterion_key: str | None, _comparison: Comparison
) -> tuple[dict[str, Any] | None, pa.Table]:
    """The chart's Vega-Lite specification (None: the rubric has no such chart) and its table.

    The table is kept as Arrow, the form st.dataframe sends: converting a pandas frame again on
    every rerun cost more than drawing all the other elements of the screen."""
    translate = Translator(language)
    chart: charts.AnyChart | None
    if kind == "spread":
        chart = charts.spread_chart(_comparison, translate, criterion_key)
        data = charts.spread_data(_comparison, translate, criterion_key)
    else:
        build_chart, build_data = CHARTS[kind]
        chart, data = build_chart(_comparison, translate), build_data(_comparison, translate)
    table = pa.Table.from_pandas(charts.table(data, translate), preserve_index=False)
    if chart is None:
        return None, table
    spec = charts.specification(chart)
    # The chart's data as the Arrow bytes Streamlit sends; kept so, st.vega_lite_chart passes them
    # on as they are instead of converting every dataset again on every rerun.
    spec["datasets"] = {
        name: values if isinstance(values, bytes) else dataframe_util.convert_anything_to_arrow_bytes(values)
        for name, values in spec.get("datasets", {}).items()
    }
    # Altair's default theme sizes a chart at 300 × 300 pixels; st.altair_chart turns that theme
    # off while it converts, so the chart is drawn at the width of the page as before.
    view = spec.get("config", {}).get("view", {})
    view.pop("continuousWidth", None)
    view.pop("continuousHeight", None)
    return spec, table


def render(comparison: Comparison) -> None:
    """Every chart of the comparison, each with its table, after the profile."""
    _ = translator()
    key = fingerprint(comparison)

    def chart(kind: str, description: str, criterion_key: str | None = None) -> bool:
        """Draw one chart with its table; False when the rubric has no such chart."""
        spec, table = _chart_parts(kind, key, _.language, criterion_key, comparison)
        if spec is None:
            return False
        # The alt text a screen reader gives the chart (Vega's own names for its parts are turned
        # off in report/charts.py): the chart's title and the sentences that explain how to read it.
        st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=spec.get("description") or description)
        with st.expander(_("Show as table"), icon=":material/table:"):
            st.dataframe(table, hide_index=True, width="stretch")
        return True

    chart("profile", _("How each option does in each dimension"))
    chart("heatmap", _("Where the options are strong and weak, criterion by criterion"))
    st.caption(discussion_views.disagreement_rule_text(_.gettext))

    criteria = [criterion.key for criterion in comparison.rubric.option_criteria]
    first = charts.default_spread_criterion(comparison)
    criterion_key = st.selectbox(
        _("Show how the raters scored"),
        criteria,
        index=criteria.index(first) if first in criteria else 0,
        format_func=lambda key: comparison.criterion_label(key, _, 90),
        key="compare.criterion",
        placeholder=_("Choose"),
    )
    chart("spread", _("How the raters scored"), criterion_key)

    for option_id, gap in comparison.value_gaps.items():
        st.warning(
            _(
                "“{option}”: the value for the citizen and for society are {steps} steps apart. "
                "The decision should justify this in writing.",
                option=plain(comparison.option_label(option_id, _)),
                steps=_.number(abs(gap), 1),
            ),
            icon=":material/edit_note:",
        )
    chart("citizen_society", _("Value for the citizen and for society"))
    chart("involvement", _("Citizen involvement: as planned and as appropriate"))
    if not chart("profession", _("How each profession sees the options")):
        st.info(
            _(
                "No profession has 3 or more raters on the panel, so there is no view per profession: "
                "with fewer, someone's score could be read off."
            )
        )
    chart("perspective", _("The core task seen from three perspectives"))
