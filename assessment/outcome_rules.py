"""The rules of the follow-up that measures, as pure functions: is an indicator on track, where does a
proposal's follow-up stand, and does an indicator count output instead of outcome.

The booklet's core idea is outcome, not output: the long-term value for the citizen and society,
not the services delivered. These rules are defined once here and used by the follow-up screen, the
portfolio and the exports alike.

An indicator is *on track* when its newest measurement is at least as good as a straight line from
the baseline (value and date) to the target (value and date) says it should be on the day it was
measured; after the target date the target itself is the yardstick, before the baseline date the
baseline. "At least as good" is higher for an indicator where higher is better, lower otherwise;
a value equal to the line (within rounding) is on track. Without a measurement it is *not measured*.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from assessment.kernel.errors import N_
from assessment.kernel.i18n import DEFAULT_LANGUAGE, Translator
from assessment.kernel.model import IndicatorMeasurement, OutcomeIndicator, Verdict

__all__ = [
    "FOLLOW_UP_STATE_LABELS",
    "INDICATOR_STATE_LABELS",
    "OUTPUT_HINT",
    "VERDICT_LABELS",
    "FollowUpState",
    "IndicatorState",
    "IndicatorView",
    "expected_value",
    "follow_up_state",
    "indicator_state",
    "indicator_views",
    "is_output",
    "output_hint",
    "state_at",
]


class IndicatorState(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NOT_MEASURED = "not_measured"


class FollowUpState(StrEnum):
    """Where a decided proposal's follow-up stands, as the portfolio shows it."""

    CONCLUDED = "concluded"  # the follow-up ended with continue, adjust or stop
    OVERDUE = "overdue"  # the follow-up date has passed without a conclusion
    OFF_TRACK = "off_track"  # at least one indicator is behind its line
    NOT_MEASURED = "not_measured"  # no indicators yet, or one of them has no measurement
    ON_TRACK = "on_track"  # every indicator measured and on its line


INDICATOR_STATE_LABELS: dict[IndicatorState, str] = {
    IndicatorState.ON_TRACK: N_("on track"),
    IndicatorState.OFF_TRACK: N_("off track"),
    IndicatorState.NOT_MEASURED: N_("not yet measured"),
}

FOLLOW_UP_STATE_LABELS: dict[FollowUpState, str] = {
    FollowUpState.CONCLUDED: N_("concluded"),
    FollowUpState.OVERDUE: N_("follow-up overdue"),
    FollowUpState.OFF_TRACK: N_("off track"),
    FollowUpState.NOT_MEASURED: N_("not yet measured"),
    FollowUpState.ON_TRACK: N_("on track"),
}

VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.CONTINUE: N_("Continue"),
    Verdict.ADJUST: N_("Adjust"),
    Verdict.STOP: N_("Stop"),
}

# Values closer than this (relative to the values' size) count as equal: 0.1 + 0.2 is 0.3.
_TOLERANCE = 1e-9


class Line(Protocol):
    """An indicator's straight line from baseline to target: an ``OutcomeIndicator``, or the
    portfolio's lean ``IndicatorReading``."""

    @property
    def baseline_value(self) -> float: ...
    @property
    def baseline_date(self) -> date: ...
    @property
    def target_value(self) -> float: ...
    @property
    def target_date(self) -> date: ...
    @property
    def higher_is_better(self) -> bool: ...


def expected_value(indicator: Line, on: date) -> float:
    """Where the indicator should be on a day: the straight line from baseline to target, held at
    the baseline before the baseline date and at the target from the target date on."""
    if on >= indicator.target_date:
        return indicator.target_value
    if on <= indicator.baseline_date:
        return indicator.baseline_value
    share = (on - indicator.baseline_date).days / (indicator.target_date - indicator.baseline_date).days
    return indicator.baseline_value + share * (indicator.target_value - indicator.baseline_value)


def state_at(line: Line, measured_on: date | None, value: float | None) -> IndicatorState:
    """The rule: on track when ``value`` measured on ``measured_on`` is no worse than the line says
    (equal within rounding counts as on track); not measured without a measurement."""
    if measured_on is None or value is None:
        return IndicatorState.NOT_MEASURED
    expected = expected_value(line, measured_on)
    if math.isclose(value, expected, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE):
        return IndicatorState.ON_TRACK
    better = value > expected if line.higher_is_better else value < expected
    return IndicatorState.ON_TRACK if better else IndicatorState.OFF_TRACK


def indicator_state(indicator: OutcomeIndicator, latest: IndicatorMeasurement | None) -> IndicatorState:
    """On or off track by the newest measurement; not measured without one."""
    if latest is None:
        return IndicatorState.NOT_MEASURED
    return state_at(indicator, latest.measured_on, latest.value)


def follow_up_state(
    *,
    concluded: bool,
    follow_up_date: date,
    today: date,
    indicator_states: Iterable[IndicatorState],
) -> FollowUpState:
    """A proposal's follow-up state; the first that applies of concluded, overdue (the follow-up
    date lies before today), off track, not measured (no indicators, or one without a measurement),
    on track."""
    if concluded:
        return FollowUpState.CONCLUDED
    if follow_up_date < today:
        return FollowUpState.OVERDUE
    states = list(indicator_states)
    if IndicatorState.OFF_TRACK in states:
        return FollowUpState.OFF_TRACK
    if not states or IndicatorState.NOT_MEASURED in states:
        return FollowUpState.NOT_MEASURED
    return FollowUpState.ON_TRACK


# What is delivered, counted: minutes and hours of help, visits, services, courses held, loans,
# conversations. The booklet's own examples of output are showers and minutes of vacuuming, the
# job centre's conversations and the library's opening hours and loans.
_OUTPUT = re.compile(
    r"minut|timer\b|besøg|ydelse|leveret|leverede|levering|afholdt|afviklet|udlån"
    r"|samtaler|brusebade\b|\bmøder\b|\bkurser\b|"
    r"\bminutes?\b|\bhours?\b|\bvisits?\b|\bdelivered\b|\bservices\b|\bsessions\b|\bcourses\b|\bheld\b",
)
# What the citizen can do or experiences: the outcome a delivery word may still be part of
# ("borgere der selv klarer badet", "oplever færre besøg af nye ansigter").
_OUTCOME = re.compile(
    r"\bselv\b|selvhjulpen|klarer|mestrer|oplever|trivsel|livskvalitet|tilfreds|\bi job\b|\bi uddannelse\b"
    r"|\bmanage|\bown\b|independen|experience|well-being|quality of life",
)

OUTPUT_HINT = N_(
    "“{name}” counts what is delivered (output), not what it changes for the citizen or society "
    "(outcome). The booklet puts it this way: “More weight is put on whether Mrs Jensen's quality of "
    "life and self-reliance have grown than on whether she has had a certain number of showers or "
    "minutes of vacuuming.” Describe what the change should achieve, for example the number of "
    "citizens who manage their own bath."
)


def is_output(name: str) -> bool:
    """Whether an indicator's name counts deliveries or activity rather than an effect."""
    text = " ".join(name.casefold().split())
    return bool(_OUTPUT.search(text)) and not _OUTCOME.search(text)


def output_hint(name: str, translator: Translator | None = None) -> str | None:
    """A nudge from output to outcome when ``name`` counts deliveries, quoting the booklet's own
    example (fru Jensen's showers and minutes of vacuuming); ``None`` for an outcome.

    In Danish unless a translator for another language is given.
    """
    if not name.strip() or not is_output(name):
        return None
    translate = translator or Translator(DEFAULT_LANGUAGE)
    return translate(OUTPUT_HINT, name=name.strip())


@dataclass(frozen=True)
class IndicatorView:
    """One indicator on the follow-up screen: its measurements (oldest first), the newest, where the
    line from baseline to target says it should be on that day, and whether it is on track."""

    indicator: OutcomeIndicator
    measurements: tuple[IndicatorMeasurement, ...]
    latest: IndicatorMeasurement | None
    expected: float | None  # on the newest measurement's day; None before the first
    state: IndicatorState
    counts_output: bool  # the name counts deliveries: the form shows ``outcome_rules.output_hint``


def indicator_views(
    indicators: Iterable[OutcomeIndicator], measurements: Iterable[IndicatorMeasurement]
) -> tuple[IndicatorView, ...]:
    """Each indicator with its measurements (oldest first), the newest, the line's value on that day
    and its state: what the follow-up screen and the summary's charts show."""
    measured = sorted(measurements, key=lambda m: (m.measured_on, m.id or 0))
    views = []
    for indicator in indicators:
        own = tuple(m for m in measured if m.indicator_id == indicator.id)
        latest = own[-1] if own else None
        views.append(
            IndicatorView(
                indicator=indicator,
                measurements=own,
                latest=latest,
                expected=expected_value(indicator, latest.measured_on) if latest else None,
                state=indicator_state(indicator, latest),
                counts_output=is_output(indicator.name),
            )
        )
    return tuple(views)
