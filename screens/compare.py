"""Sammenlign: the options side by side after the reveal; the profile first, the index last.

The option cards carry no rank or index: the profile per dimension, on each scale's own words,
is what the options are compared on. The weighted index is a summary in a section of its own
below. Weights can be changed there to explore ("what if work environment counted double?");
they live in this session only and never change the rubric or the stored results.
"""

from __future__ import annotations

import streamlit as st

from assessment.comparison import DEFAULT_WEIGHT, Comparison, compare, robustness_sentence
from assessment.comparison_profile import profile_rows, readiness_lines
from assessment.kernel import lifecycle
from assessment.kernel.errors import DomainError
from ui.context import current_actor, translator, unit_of_work
from ui.downloads import summary_downloads
from ui.tabs import compare_charts
from ui.widgets import choose_proposal, plain, show_error, stop_unless_status

WEIGHT_KEY = "compare.weight."
# 0 (left out) to 3 in steps of a half, shown with a decimal comma in Danish.
WEIGHT_CHOICES = [step / 2 for step in range(7)]

_ = translator()
uow = unit_of_work()
st.title(_("Compare"), anchor=False)
st.caption(
    _(
        "All options side by side, after the panel's scores have been revealed. The profile per "
        "dimension comes first, in the words of each scale; the weighted index at the bottom is only a summary."
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


def _percent(value: float | None) -> str:
    """Whole percentages only: a tenth of a point would give the index a precision it does not have."""
    if value is None:
        return "–"
    return _.number(value * 100, 0) + (" %" if _.language == "da" else "%")


dimension_keys = [d.key for d in rubric_comparison.dimensions]
for key in dimension_keys:
    st.session_state.setdefault(_weight_key(key), DEFAULT_WEIGHT)


# The options, the baseline marked; no rank or index here -------------------------------------------

columns = st.columns(len(rubric_comparison.options))
for column, option in zip(columns, rubric_comparison.options, strict=True):
    with column.container(border=True):
        st.markdown(f"**{plain(rubric_comparison.option_label(option.id or 0, _))}**")
        if option.is_baseline:
            # No icon: Streamlit names a badge's icon in English to screen readers ("anchor icon").
            st.badge(_("Baseline"), color="gray")
        if option.description:
            st.caption(plain(option.description[:300]) + ("…" if len(option.description) > 300 else ""))

# The profile per dimension, in the words of each scale (primary) ----------------------------------

st.header(_("The profile per dimension"), anchor=False)
st.caption(
    _(
        "Each dimension on its own scale: the median of its criteria in the words of the scale, and in "
        "brackets the lowest and highest criterion. Effects are compared with carrying on as today. "
        "Citizen involvement is shown as its steps, as planned and as appropriate, never added up."
    )
)
option_names = [
    plain(rubric_comparison.option_label(option_id, _)) for option_id in rubric_comparison.option_ids
]
# A static table: its long option names wrap instead of making the table scroll sideways.
st.table(
    [
        {_("Dimension"): plain(row.label)}
        | {name: plain(cell.text) for name, cell in zip(option_names, row.cells, strict=True)}
        for row in profile_rows(rubric_comparison, _)
    ],
    border="horizontal",
    hide_index=True,
)

# Readiness: asked once about the proposal, never part of an option's profile or index -------------

readiness = readiness_lines(rubric_comparison.readiness, _)
if readiness:
    st.header(_("Readiness"), anchor=False)
    st.caption(
        _(
            "Readiness is answered once for the proposal by its leader, and is no part of the options' profile."
        )
    )
    st.table(
        [
            {
                _("Question"): plain(line.question),
                _("Answer"): plain(line.answer),
                _("Note"): plain(line.note),
            }
            for line in readiness
        ],
        border="horizontal",
        hide_index=True,
    )

# Charts, each with its table ----------------------------------------------------------------------

st.header(_("Charts"), anchor=False)
compare_charts.render(rubric_comparison)


@st.fragment
def _index() -> None:
    """The weighted index and its robustness, in a fragment: moving a weight reruns only this part."""
    weights = {key: float(st.session_state[_weight_key(key)]) for key in dimension_keys}
    try:
        shown: Comparison = rubric_comparison.reweighted(weights)
    except DomainError as error:
        show_error(error)
        shown = rubric_comparison
    st.header(_("Overall index: a summary, not a decision"), anchor=False)
    st.caption(
        _(
            "The criteria's values weighted into one number per option, from 0 % (worst) to 100 % (best). "
            "It hides everything the profile shows; read it after the profile, together with how robust it is."
        )
    )
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
    rows = [
        {_("Option"): shown.option_label(ranked.option_id, _), _("Overall index"): _percent(ranked.index)}
        for ranked in shown.ranking
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    texts = [row[_("Overall index")] for row in rows if row[_("Overall index")] != "–"]
    if len(texts) >= 2 and texts[0] == texts[1]:
        st.caption(
            _("The two highest indexes are the same in whole numbers: the index does not tell them apart.")
        )
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


_index()

st.divider()
st.header(_("Decision summary"), anchor=False)
summary_downloads(proposal, key="compare.download")
