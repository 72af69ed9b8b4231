"""Effektindikatorer: what the chosen option should change, in citizens' or society's terms.

One row per indicator (what it measures, source, unit, baseline value and date, target value and
date, whether higher is better); rows are added and removed on the screen and saved as a whole
list by :func:`assessment.outcomes.save_indicators`. A name that counts deliveries gets the
booklet's nudge from output to outcome (:func:`assessment.outcome_rules.output_hint`) under it.

The form remembers the list's version it was loaded from and saves from it: when someone else has
saved the list in the meantime, nothing is saved, the form is loaded again with their list, and a
line above it says why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from assessment import outcomes
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import N_, Message, StaleEdit
from assessment.kernel.repository import UnitOfWork
from assessment.outcome_rules import output_hint
from ui.context import current_actor, translator
from ui.outcome import Outcome, attempt_and_rerun, report, show_outcome
from ui.widgets import plain

# The rows on the screen, (token, stored id or None) in order, with the proposal and the list's version
# they were loaded from.
ROWS = "follow_up.indicator_rows"
STALE = "follow_up.indicators_stale"  # a save refused because the list had changed: shown above the form
RELOADED = N_("The form now shows the indicators as they are saved. Make your changes again and save.")
NEXT = "follow_up.next_row"
PREFIX = "follow_up.indicator"
FIELDS = (
    "name",
    "source",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "higher_is_better",
)
FIELD_LABELS: dict[str, str] = {
    "name": N_("What it measures, for citizens or society"),
    "source": N_("Source"),
    "unit": N_("Unit"),
    "baseline_value": N_("Baseline value"),
    "baseline_date": N_("Baseline date"),
    "target_value": N_("Target value"),
    "target_date": N_("Target date"),
    "higher_is_better": N_("Higher is better"),
}


def key(token: str, name: str) -> str:
    return f"{PREFIX}.{token}.{name}"


def _load(view: outcomes.OutcomesView, proposal_id: int) -> tuple[list[tuple[str, int | None]], int]:
    """The rows for this proposal and the list's version they come from, read from the stored
    indicators the first time they are drawn."""
    rows = st.session_state.get(ROWS)
    if isinstance(rows, tuple) and len(rows) == 3 and rows[0] == proposal_id:
        return list(rows[1]), int(rows[2])
    loaded = []
    for item in view.indicators:
        indicator = item.indicator
        token = f"s{indicator.id}"
        for name in FIELDS:
            st.session_state[key(token, name)] = getattr(indicator, name)
        loaded.append((token, indicator.id))
    st.session_state[ROWS] = (proposal_id, tuple(loaded), view.indicators_version)
    return loaded, view.indicators_version


def _store(proposal_id: int, rows: list[tuple[str, int | None]]) -> None:
    """The rows after one was added or removed; the version they were loaded from stays."""
    st.session_state[ROWS] = (proposal_id, tuple(rows), st.session_state[ROWS][2])


def reset() -> None:
    """Read the rows again from what is stored (after a save, or another proposal was chosen)."""
    st.session_state.pop(ROWS, None)
    for name in [name for name in st.session_state if str(name).startswith(PREFIX + ".")]:
        del st.session_state[name]


def _add(proposal_id: int) -> None:
    rows = list(st.session_state[ROWS][1])
    number = int(st.session_state.get(NEXT, 0)) + 1
    st.session_state[NEXT] = number
    token = f"n{number}"
    st.session_state[key(token, "higher_is_better")] = True
    rows.append((token, None))
    _store(proposal_id, rows)


def _remove(proposal_id: int, token: str) -> None:
    _store(proposal_id, [row for row in st.session_state[ROWS][1] if row[0] != token])


def field_labels(count: int) -> dict[str, str]:
    """The form's fields as a refusal names them: »Indikator 2: Målværdi«."""
    _ = translator()
    labels = {"indicators": _("Outcome indicators")}
    for position in range(count):
        for name, label in FIELD_LABELS.items():
            labels[f"indicators[{position}].{name}"] = _(
                "Indicator {number}: {field}", number=position + 1, field=_(label)
            )
    return labels


def _row(token: str, position: int, proposal_id: int, today: date, date_format: str) -> None:
    _ = translator()
    with st.container(border=True):
        st.markdown("**" + _("Indicator {number}", number=position + 1) + "**")
        name = st.text_input(
            _(FIELD_LABELS["name"]) + " *",
            placeholder=_("e.g. citizens who manage their own bath"),
            help=_("The effect for the citizen or society, not the amount of work done."),
            key=key(token, "name"),
        )
        hint = output_hint(name or "", _)
        if hint:
            st.warning(plain(hint), icon=":material/lightbulb:")
        left, right = st.columns([2, 1])
        left.text_input(
            _(FIELD_LABELS["source"]), placeholder=_("e.g. the care records"), key=key(token, "source")
        )
        right.text_input(_(FIELD_LABELS["unit"]), placeholder=_("e.g. citizens, %"), key=key(token, "unit"))
        columns = st.columns(4)
        numbers: dict[str, Any] = {"value": None, "step": 1.0, "format": "%.1f"}
        columns[0].number_input(
            _(FIELD_LABELS["baseline_value"]) + " *", **numbers, key=key(token, "baseline_value")
        )
        columns[1].date_input(
            _(FIELD_LABELS["baseline_date"]) + " *",
            value=None,
            max_value=today,
            format=date_format,
            key=key(token, "baseline_date"),
        )
        columns[2].number_input(
            _(FIELD_LABELS["target_value"]) + " *", **numbers, key=key(token, "target_value")
        )
        columns[3].date_input(
            _(FIELD_LABELS["target_date"]) + " *",
            value=None,
            format=date_format,
            key=key(token, "target_date"),
        )
        left, right = st.columns([3, 1])
        left.checkbox(
            _(FIELD_LABELS["higher_is_better"]),
            help=_("Untick for an indicator that should fall, such as falls or readmissions."),
            key=key(token, "higher_is_better"),
        )
        right.button(
            _("Remove indicator {number}", number=position + 1),
            icon=":material/delete:",
            key=key(token, "remove"),
            on_click=_remove,
            args=(proposal_id, token),
        )


def _inputs(rows: list[tuple[str, int | None]]) -> list[outcomes.IndicatorInput]:
    def value(token: str, name: str) -> Any:
        return st.session_state.get(key(token, name))

    return [
        outcomes.IndicatorInput(
            name=value(token, "name") or "",
            source=value(token, "source") or "",
            unit=value(token, "unit") or "",
            baseline_value=value(token, "baseline_value"),
            baseline_date=value(token, "baseline_date"),
            target_value=value(token, "target_value"),
            target_date=value(token, "target_date"),
            higher_is_better=bool(value(token, "higher_is_better")),
            id=indicator_id,
        )
        for token, indicator_id in rows
    ]


def editor(uow: UnitOfWork, view: outcomes.OutcomesView, outcome_key: str) -> None:
    """The indicators of the chosen option, editable by whoever may record the outcomes."""
    _ = translator()
    st.subheader(_("Outcome indicators"), anchor=False)
    st.caption(
        _(
            "What the decision should change for citizens or society, and how you will see it: a baseline "
            "measured before, a target by a date. Count what the citizen gains, not what is delivered."
        )
    )
    if not view.may_record:
        if not view.indicators:
            st.info(_("No outcome indicators have been set yet."))
        for item in view.indicators:
            indicator = item.indicator
            st.markdown(f"**{plain(indicator.name)}**")
            st.caption(
                plain(
                    _(
                        "From {baseline} ({baseline_date}) to {target} ({target_date}) · {direction} · "
                        "Source: {source}",
                        baseline=f"{_.number(indicator.baseline_value, 1)} {indicator.unit}".strip(),
                        baseline_date=_.date(indicator.baseline_date),
                        target=f"{_.number(indicator.target_value, 1)} {indicator.unit}".strip(),
                        target_date=_.date(indicator.target_date),
                        direction=_("Higher is better.")
                        if indicator.higher_is_better
                        else _("Lower is better."),
                        source=indicator.source or "–",
                    )
                )
            )
            hint = output_hint(indicator.name, _)
            if hint:
                st.caption(plain(hint))
        return
    today = today_in_denmark()
    date_format = "DD.MM.YYYY" if _.language == "da" else "YYYY-MM-DD"
    show_outcome(STALE)
    rows, version = _load(view, view.proposal_id)
    if not rows:
        st.caption(_("No outcome indicators yet. Add the first one below."))
    for position, (token, _indicator_id) in enumerate(rows):
        _row(token, position, view.proposal_id, today, date_format)
    left, right = st.columns(2)
    left.button(
        _("Add an indicator"),
        icon=":material/add:",
        key="follow_up.add_indicator",
        on_click=_add,
        args=(view.proposal_id,),
    )
    if right.button(_("Save the indicators"), type="primary", key="follow_up.save_indicators"):

        def save() -> Outcome | None:
            try:
                saved = outcomes.save_indicators(
                    uow, view.proposal_id, _inputs(rows), expected_version=version, actor=current_actor()
                )
            except StaleEdit as error:
                # Someone saved the list meanwhile: show theirs, not a mix; say so above the form.
                reset()
                report(STALE, Outcome(error=error, info=Message(RELOADED), toast=False))
                return None  # the page runs again, with the list as it is stored now
            reset()
            return Outcome(
                success=Message(
                    N_("The outcome indicators are saved: {count} in all."), {"count": len(saved)}
                ),
                icon=":material/check:",
            )

        attempt_and_rerun(outcome_key, save, field_labels(len(rows)))
