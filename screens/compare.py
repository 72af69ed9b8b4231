"""Sammenlign: the options side by side after the reveal; the profile first, the index second.

Weights can be changed here to explore ("what if work environment counted double?"); they live in
this session only and never change the rubric or the stored results.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from assessment import discussion_views
from assessment.comparison import DEFAULT_WEIGHT, Comparison, compare, robustness_sentence
from assessment.kernel import lifecycle
from assessment.kernel.errors import DomainError
from assessment.kernel.i18n import Translator
from report import charts
from ui.context import current_actor, translator, unit_of_work
from ui.downloads import summary_downloads
from ui.widgets import choose_proposal, plain, show_error, stop_unless_status

WEIGHT_KEY = "compare.weight."
# 0 (left out) to 3 in steps of a half, shown with a decimal comma in Danish.
WEIGHT_CHOICES = [step / 2 for step in range(7)]

_ = translator()
uow = unit_of_work()
st.title(_("Compare"))
st.caption(
    _(
        "All options side by side, after the panel's scores have been revealed. "
        "The profile per dimension comes first; the weighted index is a summary and is checked for robustness."
    )
)

proposal = choose_proposal(lifecycle.REVEALED, key="compare.proposal")
if proposal is None:
    st.info(_("No proposal has had its scores revealed yet. Options are compared after the reveal."))
    st.stop()
stop_unless_status(
    proposal,
    lifecycle.REVEALED,
    _("Options are compared once the panel's scores have been revealed; until then scoring is blind."),
)

try:
    rubric_comparison = compare(uow, proposal.id or 0, actor=current_actor())
except DomainError as error:
    show_error(error)
    st.stop()


def _weight_key(dimension_key: str) -> str:
    return WEIGHT_KEY + dimension_key


def _restore_weights(dimension_keys: list[str]) -> None:
    for key in dimension_keys:
        st.session_state[_weight_key(key)] = DEFAULT_WEIGHT


def _percent(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return _.number(value * 100, decimals) + (" %" if _.language == "da" else "%")


dimension_keys = [d.key for d in rubric_comparison.dimensions]
for key in dimension_keys:
    st.session_state.setdefault(_weight_key(key), DEFAULT_WEIGHT)


@st.fragment
def _options_profile_and_index() -> None:
    """Everything the weights change, in a fragment: moving a slider reruns only this part."""
    weights = {key: float(st.session_state[_weight_key(key)]) for key in dimension_keys}
    try:
        shown: Comparison = rubric_comparison.reweighted(weights)
    except DomainError as error:
        show_error(error)
        shown = rubric_comparison

    # The options, the baseline marked -------------------------------------------------------------------

    columns = st.columns(len(shown.options))
    for column, option in zip(columns, shown.options, strict=True):
        option_id = option.id or 0
        with column.container(border=True):
            st.markdown(f"**{plain(shown.option_label(option_id, _))}**")
            if option.is_baseline:
                st.badge(_("Baseline"), icon=":material/anchor:", color="gray")
            rank = shown.rank_of(option_id)
            if rank is None:
                st.caption(_("Not scored"))
            else:
                # The index is the secondary view: said in a line, not shown as a headline number.
                st.caption(
                    _(
                        "Rank {rank} · weighted index {index}",
                        rank=rank,
                        index=_percent(shown.index[option_id], 1),
                    )
                )
            if option.description:
                st.caption(plain(option.description[:300]) + ("…" if len(option.description) > 300 else ""))

    # The profile per dimension (primary) ----------------------------------------------------------------

    st.subheader(_("The profile per dimension"))
    st.caption(
        _(
            "For each dimension: the median of its criteria and, in brackets, the lowest and highest criterion. "
            "0 % is the worst level of each criterion's scale, 100 % the best."
        )
    )
    profile_rows = []
    for dimension in shown.dimensions:
        row = {_("Dimension"): plain(shown.dimension_title(dimension.key, _))}
        for option_id in shown.option_ids:
            profile = shown.profile(option_id, dimension.key)
            if profile is None or profile.median is None:
                cell = "–"
            else:
                low = _.number((profile.low or 0) * 100, 0)
                cell = f"{_percent(profile.median)} ({low}–{_percent(profile.high)})"
            row[plain(shown.option_label(option_id, _))] = cell
        profile_rows.append(row)
    # A static table: its long option names wrap instead of making the table scroll sideways.
    st.table(profile_rows, border="horizontal", hide_index=True)

    # The weighted index, ranking and robustness (secondary) ---------------------------------------------

    st.subheader(_("Weighted index and ranking"))
    # Always a container here, filled or not, so the elements below keep their place (and the
    # expander its open state) when the note comes and goes.
    note = st.container()
    if not shown.rubric_weights_used:
        changed = ", ".join(
            f"{plain(shown.dimension_title(key, _))}: {_.number(weight, 1)}"
            for key, weight in shown.dimension_weights.items()
            if weight != DEFAULT_WEIGHT
        )
        note.warning(
            _(
                "You are exploring other weights ({changed}). This changes neither the rubric nor the stored "
                "results, and nobody else sees it.",
                changed=changed,
            ),
            icon=":material/science:",
        )
    ranked_rows = []
    for ranked in shown.ranking:
        shared = sum(1 for other in shown.ranking if other.rank == ranked.rank) > 1
        rank_text = "–" if ranked.rank is None else str(ranked.rank)
        ranked_rows.append(
            {
                _("Rank"): _("{rank} (shared)", rank=rank_text) if shared and ranked.rank else rank_text,
                _("Option"): shown.option_label(ranked.option_id, _),
                _("Weighted index"): _percent(ranked.index, 1),
            }
        )
    st.dataframe(ranked_rows, hide_index=True, width="stretch")
    sentence = robustness_sentence(shown, _)
    if sentence:
        st.info(plain(sentence), icon=":material/balance:")

    with st.expander(_("Explore other weights"), icon=":material/tune:", key="compare.explore"):
        st.caption(
            _(
                "What if one dimension counted double? Give each dimension a weight from 0 (left out) to 3. "
                "Exploring never changes the rubric or the stored results; only this screen, for you."
            )
        )
        slider_columns = st.columns(min(len(dimension_keys), 3) or 1)
        for position, key in enumerate(dimension_keys):
            slider_columns[position % len(slider_columns)].select_slider(
                plain(shown.dimension_title(key, _)),
                options=WEIGHT_CHOICES,
                format_func=lambda weight: _.number(weight, 1),
                key=_weight_key(key),
            )
        st.button(
            _("Restore the rubric's weights"),
            key="compare.restore",
            icon=":material/restart_alt:",
            on_click=_restore_weights,
            args=(dimension_keys,),
            disabled=shown.rubric_weights_used,
        )


_options_profile_and_index()

# Charts, each with its table -------------------------------------------------------------------

st.subheader(_("Charts"))


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


def _fingerprint(comparison: Comparison) -> str:
    """Everything a chart is drawn from, in one key (about 2 ms for a proposal with 12 raters)."""
    return hashlib.sha256(pickle.dumps(comparison, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


# Building the charts with Altair, which copies and validates every part against the Vega-Lite
# schema, took two thirds of this page's rerun. A chart depends only on the comparison, the
# language and the criterion shown, so each is built once and kept for every session. The key is a
# fingerprint of the whole comparison, which this session was allowed to read (compare() checked),
# so a kept chart only ever goes to someone who would have drawn the very same one.
@st.cache_data(max_entries=200, show_spinner=False)
def _chart_parts(
    kind: str, fingerprint: str, language: str, criterion_key: str | None, _comparison: Comparison
) -> tuple[dict[str, Any] | None, pd.DataFrame]:
    """The chart's Vega-Lite specification (None: the rubric has no such chart) and its table."""
    translate = Translator(language)
    if kind == "spread":
        chart = charts.spread_chart(_comparison, translate, criterion_key)
        data = charts.spread_data(_comparison, translate, criterion_key)
    else:
        build_chart, build_data = CHARTS[kind]
        chart, data = build_chart(_comparison, translate), build_data(_comparison, translate)
    if chart is None:
        return None, charts.table(data, translate)
    spec = charts.specification(chart)
    # Altair's default theme sizes a chart at 300 × 300 pixels; st.altair_chart turns that theme
    # off while it converts, so the chart is drawn at the width of the page as before.
    view = spec.get("config", {}).get("view", {})
    view.pop("continuousWidth", None)
    view.pop("continuousHeight", None)
    return spec, charts.table(data, translate)


comparison_key = _fingerprint(rubric_comparison)


def _chart(kind: str, description: str, criterion_key: str | None = None) -> bool:
    """Draw one chart with its table; False when the rubric has no such chart."""
    spec, table = _chart_parts(kind, comparison_key, _.language, criterion_key, rubric_comparison)
    if spec is None:
        return False
    st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=description)
    with st.expander(_("Show as table"), icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch")
    return True


_chart("profile", _("How each option does in each dimension"))
_chart("heatmap", _("Where the options are strong and weak, criterion by criterion"))
st.caption(discussion_views.disagreement_rule_text(_.gettext))

criteria = [criterion.key for criterion in rubric_comparison.rubric.criteria]
criterion_key = st.selectbox(
    _("Show how the raters scored"),
    criteria,
    index=criteria.index(charts.default_spread_criterion(rubric_comparison)),
    format_func=lambda key: rubric_comparison.criterion_label(key, _, 90),
    key="compare.criterion",
)
_chart("spread", _("How the raters scored"), criterion_key)

for option_id, gap in rubric_comparison.value_gaps.items():
    st.warning(
        _(
            "“{option}”: the value for the citizen and for society are {steps} steps apart. "
            "The decision should justify this in writing.",
            option=plain(rubric_comparison.option_label(option_id, _)),
            steps=_.number(abs(gap), 1),
        ),
        icon=":material/edit_note:",
    )
_chart("citizen_society", _("Value for the citizen and for society"))
_chart("involvement", _("Citizen involvement: as planned and as appropriate"))
if not _chart("profession", _("How each profession sees the options")):
    st.info(
        _(
            "No profession has 3 or more raters on the panel, so there is no view per profession: "
            "with fewer, someone's score could be read off."
        )
    )
_chart("perspective", _("The core task seen from three perspectives"))

st.divider()
st.subheader(_("Decision summary"))
summary_downloads(proposal, key="compare.download")
