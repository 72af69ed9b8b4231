"""Beslutning, the panel's scores at the follow-up: per dimension a chart with its table, then the
medians per question; before the follow-up has started, the button that starts it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment import decision
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import SYSTEM
from report import panel_outcome_charts as panel
from tests.pages.conftest import person_id, proposal_titled

PAGE = "screens/decision.py"
HOME_CARE_LEADER = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd: D, followed up and concluded
SCHOOL_LEADER = "susanne.dahl@fjordby.dk"  # leads Fjordby Skole: C, decided, not yet followed up
DA = Translator("da")


def open_decision(open_page, demo_database, proposal_id: int, email: str, language: str = "da") -> AppTest:
    return open_page(
        PAGE, language=language, person=person_id(demo_database, email), query={"proposal": str(proposal_id)}
    )


def panel_charts(app: AppTest, title: str = "Forventet og faktisk på hvert område") -> list[dict[str, Any]]:
    """The specifications of the charts on the screen with the panel's title, each with its ``alt``
    text: the accessible name Streamlit gives it."""
    specs = [{**json.loads(chart.proto.spec), "alt": chart.proto.alt} for chart in app.get("vega_lite_chart")]
    return [spec for spec in specs if spec.get("title", {}).get("text") == title]


def test_the_followed_up_demo_shows_the_panels_scores_per_dimension_with_their_table(
    uow, open_page, demo_database
):
    proposal_id = proposal_titled(uow, "Badeforløb")
    app = open_decision(open_page, demo_database, proposal_id, HOME_CARE_LEADER)
    assert not app.exception
    # What the use case says the screen should show, worked out apart from the screen.
    view = decision.decision_view(uow, proposal_id, DA, actor=SYSTEM)
    assert view.dimensions and view.follow_up_scores > 0  # the demo's panel has scored the follow-up

    [spec] = panel_charts(app)
    # The accessible name is the chart's description, said once (not also as the spec's own).
    assert spec["alt"] == panel.description(view.dimensions, DA)
    assert "description" not in spec
    # Each dimension drawn says how it went, in Danish, in the accessible name.
    scored = [row for row in view.dimensions if not row.ladder and row.actual.value is not None]
    assert scored
    for row in scored:
        assert f"{row.label}: forventet " in spec["alt"]
    ladders = [row.label for row in view.dimensions if row.ladder]
    assert ladders == ["Borgerinddragelse"]  # citizen involvement is a ladder in the demo's rubric
    assert f"Kun i tabellen, fordi de er trin og ikke tal: {ladders[0]}." in " ".join(
        spec["title"]["subtitle"]
    )

    tables = [table.value for table in app.table]
    [dimensions] = [t for t in tables if list(t.columns) == ["Område", "Forventet", "Faktisk", "Forskel"]]
    assert list(dimensions["Område"]) == [row.label for row in view.dimensions]
    assert list(dimensions["Forventet"]) == [row.expected.text for row in view.dimensions]
    assert list(dimensions["Faktisk"]) == [row.actual.text for row in view.dimensions]
    for shown, row in zip(dimensions["Forskel"], view.dimensions, strict=True):
        if row.difference is None:
            assert shown == "–"
        elif row.difference == 0:
            assert shown == "0"
        else:  # signed, with a real minus sign, on the dimension's own scale
            assert shown[0] == ("+" if row.difference > 0 else "\N{MINUS SIGN}")
            assert float(shown[1:].replace(",", ".")) == pytest.approx(abs(row.difference))


def test_the_medians_per_question_stay_under_their_own_heading(uow, open_page, demo_database):
    proposal_id = proposal_titled(uow, "Badeforløb")
    app = open_decision(open_page, demo_database, proposal_id, HOME_CARE_LEADER)
    [per_question] = [expander for expander in app.expander if expander.label == "Pr. spørgsmål"]
    [table] = [t.value for t in per_question.table]
    assert list(table.columns) == [
        "Kriterium",
        "Forventet",
        "Faktisk",
        "Forskel",
        "Vurderinger ved opfølgningen",
    ]
    view = decision.decision_view(uow, proposal_id, DA, actor=SYSTEM)
    assert view.decision is not None
    rows = view.outcomes_of(view.decision.chosen_option_id)
    assert len(table) == len(rows)
    assert table["Vurderinger ved opfølgningen"].astype(int).sum() == view.follow_up_scores > 0


def test_the_english_screen_draws_the_same_chart_in_english(uow, open_page, demo_database):
    proposal_id = proposal_titled(uow, "Badeforløb")
    app = open_decision(open_page, demo_database, proposal_id, HOME_CARE_LEADER, language="en")
    assert not app.exception
    [spec] = panel_charts(app, "Expected and actual in each dimension")
    assert "Expected after the discussion" in json.dumps(spec)
    assert spec["alt"].startswith("Expected and actual in each dimension. ")
    assert [e for e in app.expander if e.label == "Per question"]


def test_before_the_follow_up_there_is_no_chart_but_the_button_that_starts_it(uow, open_page, demo_database):
    proposal_id = proposal_titled(uow, "Lærere og pædagoger")
    app = open_decision(open_page, demo_database, proposal_id, SCHOOL_LEADER)
    assert not app.exception
    assert not panel_charts(app)
    assert app.button(key="decision.start_follow_up")
    assert not [e for e in app.expander if e.label == "Pr. spørgsmål"]
    # Started, the panel's part is there: no follow-up scores yet, so the chart has the rings of what
    # was expected and names every dimension as not yet scored; the table says the same.
    app.button(key="decision.start_follow_up").click().run()
    assert not app.exception
    view = decision.decision_view(uow, proposal_id, DA, actor=SYSTEM)
    assert view.dimensions and view.follow_up_scores == 0
    [spec] = panel_charts(app)
    drawn = "; ".join(row.label for row in view.dimensions if not row.ladder)
    assert f"Endnu ikke vurderet ved opfølgningen: {drawn}." in " ".join(spec["title"]["subtitle"])
    for row in view.dimensions:
        if not row.ladder:
            assert (
                f"{row.label}: forventet {row.expected.text.split(' (')[0]}, endnu ikke vurderet"
                in spec["alt"]
            )
    tables = [table.value for table in app.table]
    [dimensions] = [t for t in tables if list(t.columns) == ["Område", "Forventet", "Faktisk", "Forskel"]]
    assert list(dimensions["Faktisk"]) == [row.actual.text for row in view.dimensions]
    assert [e for e in app.expander if e.label == "Pr. spørgsmål"]
