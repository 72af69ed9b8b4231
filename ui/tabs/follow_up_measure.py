"""Opfølgning, what was measured: per indicator its state in words, expected against actual as a
chart with its table view and a description, the measurements so far, and a form to record the
actual value (:func:`assessment.outcomes.record_measurement`)."""

from __future__ import annotations

import streamlit as st

from assessment import outcomes
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import N_, Message
from assessment.kernel.repository import UnitOfWork
from assessment.outcome_rules import FOLLOW_UP_STATE_LABELS, INDICATOR_STATE_LABELS, IndicatorState
from report import outcome_charts as follow_up_chart
from ui.context import current_actor, translator
from ui.outcome import Outcome, attempt_and_rerun
from ui.widgets import plain

STATE_ICONS = {
    IndicatorState.ON_TRACK: ":material/check_circle:",
    IndicatorState.OFF_TRACK: ":material/warning:",
    IndicatorState.NOT_MEASURED: ":material/hourglass_empty:",
}
MEASUREMENT_LABELS: dict[str, str] = {
    "measured_on": N_("Measured on"),
    "value": N_("Actual value"),
    "source": N_("Source"),
    "note": N_("Note"),
}


def _state(item: outcomes.IndicatorView) -> str:
    """The state as a sentence, in words: the icon only repeats it."""
    _ = translator()
    return _("State: {state}", state=_(INDICATOR_STATE_LABELS[item.state]))


def _form(uow: UnitOfWork, item: outcomes.IndicatorView, outcome_key: str) -> None:
    _ = translator()
    indicator_id = item.indicator.id or 0
    prefix = f"follow_up.measure.{indicator_id}"
    labels = {name: _(label) for name, label in MEASUREMENT_LABELS.items()}
    with st.form(prefix, border=False):
        st.markdown("**" + _("Record an actual value") + "**")
        left, middle, right = st.columns(3)
        measured_on = left.date_input(
            labels["measured_on"] + " *",
            value=None,
            max_value=today_in_denmark(),
            format="DD.MM.YYYY" if _.language == "da" else "YYYY-MM-DD",
            key=prefix + ".measured_on",
        )
        value = middle.number_input(
            labels["value"] + " *" + (f" ({item.indicator.unit})" if item.indicator.unit else ""),
            value=None,
            step=1.0,
            format="%.1f",
            key=prefix + ".value",
        )
        source = right.text_input(labels["source"], value=item.indicator.source, key=prefix + ".source")
        note = st.text_area(
            labels["note"],
            help=_("What lies behind the figure. Write no more about named citizens than needed."),
            height=80,
            key=prefix + ".note",
        )
        if st.form_submit_button(_("Record the value"), key=prefix + ".submit"):

            def record() -> Outcome:
                outcomes.record_measurement(
                    uow,
                    indicator_id,
                    outcomes.MeasurementInput(measured_on=measured_on, value=value, source=source, note=note),
                    actor=current_actor(),
                )
                for name in ("measured_on", "value", "source", "note"):
                    st.session_state.pop(f"{prefix}.{name}", None)
                return Outcome(
                    success=Message(
                        N_("The value for “{indicator}” is recorded."), {"indicator": item.indicator.name}
                    ),
                    icon=":material/check:",
                )

            attempt_and_rerun(outcome_key, record, labels)


def _measurements(item: outcomes.IndicatorView, names: dict[int, str]) -> None:
    _ = translator()
    if not item.measurements:
        return
    with st.expander(
        _("Measurements ({count})", count=len(item.measurements)),
        icon=":material/history:",
    ):
        st.dataframe(
            [
                {
                    _("Date"): _.date(m.measured_on),
                    _("Actual value"): _.number(m.value, 1),
                    _("Source"): m.source or "–",
                    _("Note"): m.note or "–",
                    _("Recorded by"): names.get(m.recorded_by or -1, "–"),
                }
                for m in sorted(item.measurements, key=lambda m: (m.measured_on, m.id or 0))
            ],
            hide_index=True,
            width="stretch",
        )


def measurements(uow: UnitOfWork, view: outcomes.OutcomesView, outcome_key: str) -> None:
    """Every indicator's expected against actual, and the form to record what was measured."""
    _ = translator()
    st.subheader(_("Expected and measured, per indicator"), anchor=False)
    st.write(_("The follow-up as a whole: {state}.", state=_(FOLLOW_UP_STATE_LABELS[view.state])))
    st.caption(
        _(
            "An indicator is on track when its newest value is at least as good as the straight line from "
            "the baseline to the target says it should be on that day."
        )
    )
    if not view.indicators:
        st.caption(_("Set the outcome indicators first; then the follow-up records what they show."))
        return
    for item in view.indicators:
        with st.container(border=True):
            st.markdown(f"**{plain(item.indicator.name)}**")
            box = st.success if item.state is IndicatorState.ON_TRACK else st.warning
            if item.state is IndicatorState.NOT_MEASURED:
                box = st.info
            box(_state(item), icon=STATE_ICONS[item.state])
            text = follow_up_chart.description(item, _)
            # The words are the chart's accessible name, given as ``alt`` so Streamlit names its toolbar's
            # buttons after them too (in Danish), and are written under the chart; not also in the spec.
            spec = follow_up_chart.specification(item, _)
            spec.pop("description", None)
            st.vega_lite_chart(spec=spec, width="stretch", theme=None, alt=text)
            st.caption(plain(text))
            with st.expander(_("Show as table"), icon=":material/table:"):
                st.dataframe(follow_up_chart.table(item, _), hide_index=True, width="stretch")
            _measurements(item, view.names)
            if view.may_record:
                _form(uow, item, outcome_key)
