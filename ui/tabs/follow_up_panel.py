"""Beslutning, the follow-up: the panel's scores at the follow-up against what it expected.

Before the follow-up has started, what the follow-up scores are and the button that starts it. From
then on, for the chosen option: per dimension, expected against actual as a chart with its table
(:mod:`report.panel_outcome_charts`), each dimension on its own scale; and per question, the
medians the dimensions are made of.
"""

from __future__ import annotations

import streamlit as st

from assessment import proposals
from assessment.decision import DecisionView
from assessment.follow_up_profile import READING, SAME_QUESTIONS
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import N_, Message
from assessment.kernel.model import Decision, Status
from assessment.kernel.repository import UnitOfWork
from ui.context import current_actor, translator
from ui.outcome import Outcome, attempt_and_rerun
from ui.widgets import criterion_text, number, plain


def signed(value: float | None) -> str:
    return "–" if value is None else ("+" if value > 0 else "") + number(value)


def confirmation(message: str) -> Outcome:
    """What a successful action says at the top of the page, on the run that follows."""
    return Outcome(success=Message(message), icon=":material/check:")


def show(uow: UnitOfWork, view: DecisionView, recorded: Decision, outcome: str) -> None:
    """The panel's part of the follow-up: how to start it, or expected against actual once started."""
    _ = translator()
    st.subheader(_("The panel's scores at the follow-up"), anchor=False)
    if view.status is Status.DECIDED:
        _start(uow, view, recorded, outcome)
    else:
        _scores(view, recorded)


def _start(uow: UnitOfWork, view: DecisionView, recorded: Decision, outcome: str) -> None:
    _ = translator()
    st.info(
        _(
            "At the follow-up the panel scores what actually happened, on the same rubric, in the Scoring "
            "screen. This screen then shows it against what was expected after the discussion."
        ),
        icon=":material/update:",
    )
    if today_in_denmark() < recorded.follow_up_date:
        st.caption(
            _(
                "The follow-up date is {date}. Start earlier only if there is reason to.",
                date=_.date(recorded.follow_up_date),
            )
        )
    if st.button(_("Start the follow-up"), type="primary", key="decision.start_follow_up"):

        def start() -> Outcome:
            proposals.start_follow_up(uow, view.proposal_id, actor=current_actor())
            return confirmation(
                N_("The follow-up has started: the panel can now score what actually happened.")
            )

        attempt_and_rerun(outcome, start)


def _scores(view: DecisionView, recorded: Decision) -> None:
    """Expected against actual for the chosen option: per dimension (chart and table), then per question."""
    _ = translator()
    st.caption(_(READING) + " " + _(SAME_QUESTIONS))
    if view.follow_up_scores == 0:
        st.info(
            _("No follow-up scores yet. The panel scores what actually happened in the Scoring screen."),
            icon=":material/how_to_vote:",
        )
        st.page_link("screens/scoring.py", label=_("Go to Scoring"), icon=":material/how_to_vote:")
    st.markdown(_("For the chosen option: **{option}**", option=plain(view.chosen_title)))
    _dimensions(view)
    with st.expander(_("Per question"), icon=":material/list:"):
        rows = []
        for row in view.outcomes_of(recorded.chosen_option_id):
            expected, actual, difference = row.texts(number, signed)
            rows.append(
                {
                    _("Criterion"): plain(criterion_text(row.criterion_label, row.facet_label)),
                    _("Expected"): plain(expected),
                    _("Actual"): plain(actual),
                    _("Difference"): difference,
                    _("Follow-up scores"): row.follow_up_scores,
                }
            )
        st.table(rows, hide_index=True)


def _dimensions(view: DecisionView) -> None:
    """Per dimension: the chart, when a row can be drawn, and its table, which holds every row."""
    if not view.dimensions:
        return
    # Altair and pandas only once the follow-up has dimensions to show.
    from report import panel_outcome_charts as panel

    _ = translator()
    spec = panel.specification(view.dimensions, _)
    if spec is not None:
        # The chart's description (its title and a sentence per dimension) as its accessible name, given
        # as ``alt`` so Streamlit names its toolbar's buttons after it too; taken out of the spec, which
        # would otherwise say it twice. Vega's own English names for the parts are turned off.
        description = spec.pop("description", "") or panel.description(view.dimensions, _)
        st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=description)
    # A table, not a data frame: the levels in words are long, and a table wraps them instead of cutting.
    st.table(panel.table(view.dimensions, _), hide_index=True)
