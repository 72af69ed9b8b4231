"""Sammenlign: the options side by side after the reveal; the profile first, the index second.

Weights can be changed here to explore ("what if work environment counted double?"); they live in
this session only and never change the rubric or the stored results.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import lifecycle
from assessment.comparison import DEFAULT_WEIGHT, Comparison, compare, robustness_sentence
from assessment.errors import DomainError
from assessment.scoring import DISAGREEMENT_SPREAD
from report import charts
from ui.context import current_actor, translator, unit_of_work
from ui.downloads import summary_downloads
from ui.widgets import choose_proposal, show_error, stop_unless_status

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
            st.markdown(f"**{shown.option_label(option_id, _)}**")
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
                st.caption(option.description[:300] + ("…" if len(option.description) > 300 else ""))

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
        row = {_("Dimension"): shown.dimension_title(dimension.key, _)}
        for option_id in shown.option_ids:
            profile = shown.profile(option_id, dimension.key)
            if profile is None or profile.median is None:
                cell = "–"
            else:
                low = _.number((profile.low or 0) * 100, 0)
                cell = f"{_percent(profile.median)} ({low}–{_percent(profile.high)})"
            row[shown.option_label(option_id, _)] = cell
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
            f"{shown.dimension_title(key, _)}: {_.number(weight, 1)}"
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
        st.info(sentence, icon=":material/balance:")

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
                shown.dimension_title(key, _),
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


def _chart(chart: charts.AnyChart | None, data: pd.DataFrame, description: str) -> None:
    if chart is None:
        return
    st.altair_chart(chart, width="stretch", theme=None, alt=description)
    with st.expander(_("Show as table"), icon=":material/table:"):
        st.dataframe(charts.table(data, _), hide_index=True, width="stretch")


_chart(
    charts.profile_chart(rubric_comparison, _),
    charts.profile_data(rubric_comparison, _),
    _("How each option does in each dimension"),
)
_chart(
    charts.heatmap_chart(rubric_comparison, _),
    charts.heatmap_data(rubric_comparison, _),
    _("Where the options are strong and weak, criterion by criterion"),
)
st.caption(
    _(
        "Disagreement: at least a third of the scores lie in the bottom two levels and at least a third in the top two, "
        "or the highest and lowest score are {steps} or more steps apart.",
        steps=DISAGREEMENT_SPREAD,
    )
)

criteria = [criterion.key for criterion in rubric_comparison.rubric.criteria]
criterion_key = st.selectbox(
    _("Show how the raters scored"),
    criteria,
    index=criteria.index(charts.default_spread_criterion(rubric_comparison)),
    format_func=lambda key: rubric_comparison.criterion_label(key, _, 90),
    key="compare.criterion",
)
_chart(
    charts.spread_chart(rubric_comparison, _, criterion_key),
    charts.spread_data(rubric_comparison, _, criterion_key),
    _("How the raters scored"),
)

for option_id, gap in rubric_comparison.value_gaps.items():
    st.warning(
        _(
            "“{option}”: the value for the citizen and for society are {steps} steps apart. "
            "The decision should justify this in writing.",
            option=rubric_comparison.option_label(option_id, _),
            steps=_.number(abs(gap), 1),
        ),
        icon=":material/edit_note:",
    )
_chart(
    charts.citizen_society_chart(rubric_comparison, _),
    charts.citizen_society_data(rubric_comparison, _),
    _("Value for the citizen and for society"),
)
_chart(
    charts.involvement_chart(rubric_comparison, _),
    charts.involvement_data(rubric_comparison, _),
    _("Citizen involvement: as planned and as appropriate"),
)
profession_chart = charts.profession_chart(rubric_comparison, _)
if profession_chart is None:
    st.info(
        _(
            "No profession has 3 or more raters on the panel, so there is no view per profession: "
            "with fewer, someone's score could be read off."
        )
    )
_chart(
    profession_chart, charts.profession_data(rubric_comparison, _), _("How each profession sees the options")
)
_chart(
    charts.perspective_chart(rubric_comparison, _),
    charts.perspective_data(rubric_comparison, _),
    _("The core task seen from three perspectives"),
)

st.divider()
st.subheader(_("Decision summary"))
summary_downloads(proposal, key="compare.download")
