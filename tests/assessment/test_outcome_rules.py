"""When an indicator is on track, where a follow-up stands, and which indicator counts output."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assessment.kernel.i18n import Translator
from assessment.kernel.model import IndicatorMeasurement, OutcomeIndicator
from assessment.outcome_rules import (
    FollowUpState,
    IndicatorState,
    expected_value,
    follow_up_state,
    indicator_state,
    is_output,
    output_hint,
)

ON, OFF, NOT = IndicatorState.ON_TRACK, IndicatorState.OFF_TRACK, IndicatorState.NOT_MEASURED
BASELINE_DAY, TARGET_DAY = date(2026, 1, 1), date(2027, 1, 1)  # 365 days apart


def _indicator(
    baseline: float = 40.0, target: float = 60.0, *, higher_is_better: bool = True
) -> OutcomeIndicator:
    return OutcomeIndicator(
        proposal_id=1,
        option_id=2,
        position=0,
        name="Borgere der selv klarer badet",
        source="",
        unit="borgere",
        baseline_value=baseline,
        baseline_date=BASELINE_DAY,
        target_value=target,
        target_date=TARGET_DAY,
        higher_is_better=higher_is_better,
        created_by=None,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def _measured(day: date, value: float) -> IndicatorMeasurement:
    return IndicatorMeasurement(1, day, value, "", "", None, datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 6, 1), 40.0),  # before the baseline: the baseline
        (BASELINE_DAY, 40.0),
        (date(2026, 7, 2), 40.0 + 20.0 * 182 / 365),  # on the straight line
        (TARGET_DAY, 60.0),
        (date(2030, 1, 1), 60.0),  # after the target date: the target
    ],
)
def test_the_expected_value_follows_a_straight_line_from_baseline_to_target(day, expected):
    assert expected_value(_indicator(), day) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("indicator", "measurement", "state"),
    [
        (_indicator(), None, NOT),
        (_indicator(), _measured(date(2026, 7, 2), 50.0), ON),  # the line says 49.97
        (_indicator(), _measured(date(2026, 7, 2), 49.9), OFF),
        (_indicator(), _measured(date(2026, 7, 2), 40.0 + 20.0 * 182 / 365), ON),  # exactly on the line
        (_indicator(), _measured(date(2027, 6, 1), 59.0), OFF),  # past the target date: the target
        (_indicator(), _measured(date(2027, 6, 1), 61.0), ON),
        # Lower is better: readmissions from 12 % to 8 %.
        (_indicator(12.0, 8.0, higher_is_better=False), _measured(date(2026, 7, 2), 9.0), ON),
        (_indicator(12.0, 8.0, higher_is_better=False), _measured(date(2026, 7, 2), 11.0), OFF),
        (_indicator(12.0, 8.0, higher_is_better=False), _measured(TARGET_DAY, 8.0), ON),
        # Hold the level: a target equal to the baseline is on track while not worse.
        (_indicator(50.0, 50.0), _measured(date(2026, 7, 2), 50.0), ON),
        (_indicator(50.0, 50.0), _measured(date(2026, 7, 2), 49.0), OFF),
        (_indicator(50.0, 50.0, higher_is_better=False), _measured(date(2026, 7, 2), 51.0), OFF),
        (_indicator(0.3, 0.3), _measured(date(2026, 7, 2), 0.1 + 0.2), ON),  # 0.30000000000000004
        # A measurement from before the baseline is held against the baseline.
        (_indicator(), _measured(date(2025, 12, 1), 39.0), OFF),
    ],
)
def test_an_indicator_is_on_track_when_its_newest_value_is_no_worse_than_the_line(
    indicator, measurement, state
):
    assert indicator_state(indicator, measurement) is state


TODAY = date(2027, 3, 1)


@pytest.mark.parametrize(
    ("concluded", "follow_up", "states", "expected"),
    [
        (True, date(2027, 1, 1), [OFF], FollowUpState.CONCLUDED),
        (False, date(2027, 2, 28), [ON], FollowUpState.OVERDUE),
        (False, TODAY, [ON], FollowUpState.ON_TRACK),  # due today is not overdue yet
        (False, date(2027, 6, 1), [ON, OFF, NOT], FollowUpState.OFF_TRACK),
        (False, date(2027, 6, 1), [ON, NOT], FollowUpState.NOT_MEASURED),
        (False, date(2027, 6, 1), [], FollowUpState.NOT_MEASURED),
        (False, date(2027, 6, 1), [ON, ON], FollowUpState.ON_TRACK),
    ],
)
def test_the_follow_up_state_is_the_first_that_applies(concluded, follow_up, states, expected):
    assert (
        follow_up_state(concluded=concluded, follow_up_date=follow_up, today=TODAY, indicator_states=states)
        is expected
    )


@pytest.mark.parametrize(
    "name",
    [
        "Antal leverede hjemmeplejetimer",
        "Minutters hjælp pr. borger pr. uge",
        "Støvsugningsminutter",
        "Antal besøg pr. døgn",
        "Leverede ydelser",
        "Antal afholdte kurser",
        "Timer brugt på dokumentation",
        "Antal brusebade",
        "Afviklede samtaler i jobcentret",
        "Udlånte materialer",
        "Åbningstimer på biblioteket",
        "MINUTTER",
        "Visits per week",
        "Hours of help delivered",
    ],
)
def test_an_indicator_that_counts_deliveries_is_named_output_with_the_booklets_example(name):
    assert is_output(name)
    hint = output_hint(name)
    assert hint is not None and f"»{name}«" in hint and "(output)" in hint
    assert "fru Jensens livskvalitet og selvhjulpethed" in hint and "støvsugningsminutter" in hint
    english = output_hint(name, Translator("en"))
    assert english is not None and "Mrs Jensen" in english


@pytest.mark.parametrize(
    "name",
    [
        "Borgere der selv klarer badet",
        "Andel borgere, der oplever at have indflydelse på egen hverdag",
        "Ledige i job eller uddannelse efter et halvt år",
        "Genindlæggelser inden for 30 dage",
        "Borgere der mestrer egen medicin",
        "Trivsel blandt beboerne",
        "Citizens who manage their own bath",
        "",
        "   ",
    ],
)
def test_an_outcome_gets_no_hint(name):
    assert output_hint(name) is None
