"""The follow-up on the decision screen: outcome indicators, measurements, expected against actual,
the conclusion (with a new proposal that adjusts this one) and the calendar file."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from assessment import outcomes, proposals
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Status, Verdict
from assessment.kernel.permissions import SYSTEM
from report import outcome_charts as follow_up_chart
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, proposal_titled, shown
from ui.tabs import follow_up_calendar

PAGE = "screens/decision.py"
SCHOOL_LEADER = "susanne.dahl@fjordby.dk"  # leads Fjordby Skole: the decided proposal C
HOME_CARE_LEADER = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd: D, followed up and concluded
FIELD = "follow_up.indicator"


def decided(uow: SqlUnitOfWork) -> int:
    return proposal_titled(uow, "Lærere og pædagoger")


def open_follow_up(open_page, demo_database, proposal_id: int, email: str = SCHOOL_LEADER) -> AppTest:
    return open_page(
        PAGE, language="en", person=person_id(demo_database, email), query={"proposal": str(proposal_id)}
    )


def fill_row(app: AppTest, token: str, **values) -> None:
    for name, value in values.items():
        key = f"{FIELD}.{token}.{name}"
        if name.endswith("_date"):
            app.date_input(key=key).set_value(value)
        elif name.endswith("_value"):
            app.number_input(key=key).set_value(value)
        elif name == "higher_is_better":
            app.checkbox(key=key).set_value(value)
        else:
            app.text_input(key=key).set_value(value)


def add_row(app: AppTest, name: str, **values) -> None:
    app.button(key="follow_up.add_indicator").click().run()
    today = today_in_denmark()
    row = {
        "name": name,
        "source": "Trivselsmålingen",
        "unit": "%",
        "baseline_value": 82.0,
        "baseline_date": today - timedelta(days=60),
        "target_value": 90.0,
        "target_date": today + timedelta(days=300),
    } | values
    fill_row(app, "n1", **row)


def test_the_leader_saves_an_outcome_indicator_and_sees_the_output_nudge(uow, open_page, demo_database):
    proposal_id = decided(uow)
    app = open_follow_up(open_page, demo_database, proposal_id)
    add_row(app, "Minutter med samtaler leveret")
    app.run()
    assert any("counts what is delivered (output)" in shown(warning.value) for warning in app.warning)
    fill_row(app, "n1", name="Elever i 4.–6. klasse der føler sig som en del af fællesskabet")
    app.run()
    assert not any("(output)" in shown(warning.value) for warning in app.warning)
    app.button(key="follow_up.save_indicators").click().run()
    assert not app.exception
    view = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    assert [item.indicator.name for item in view.indicators] == [
        "Elever i 4.–6. klasse der føler sig som en del af fællesskabet"
    ]
    assert (view.indicators[0].indicator.baseline_value, view.indicators[0].indicator.target_value) == (
        82,
        90,
    )
    assert "The outcome indicators are saved: 1 in all." in [s.value for s in app.success]
    # Read again from what is stored: the row now edits the saved indicator.
    stored = view.indicators[0].indicator.id
    assert app.text_input(key=f"{FIELD}.s{stored}.name").value.startswith("Elever")


def test_a_target_date_before_the_baseline_is_refused_by_its_field(uow, open_page, demo_database):
    proposal_id = decided(uow)
    app = open_follow_up(open_page, demo_database, proposal_id)
    today = today_in_denmark()
    add_row(app, "Elever der trives", target_date=today - timedelta(days=90))
    app.button(key="follow_up.save_indicators").click().run()
    errors = " ".join(shown(error.value) for error in app.error)
    assert "Indicator 1: Target date" in errors
    assert "The target date must lie after the baseline date." in errors
    assert outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM).indicators == ()
    # The row keeps what was typed.
    assert app.text_input(key=f"{FIELD}.n1.name").value == "Elever der trives"


def _with_indicator(uow: SqlUnitOfWork, proposal_id: int) -> int:
    today = today_in_denmark()
    saved = outcomes.save_indicators(
        uow,
        proposal_id,
        [
            outcomes.IndicatorInput(
                "Elever der føler sig som en del af fællesskabet",
                "Trivselsmålingen",
                "%",
                82.0,
                today - timedelta(days=100),
                90.0,
                today + timedelta(days=100),
            )
        ],
        actor=SYSTEM,
    )
    return saved[0].id or 0


def test_a_save_over_indicators_someone_else_saved_meanwhile_shows_their_list_instead(
    uow, open_page, demo_database
):
    proposal_id = decided(uow)
    indicator_id = _with_indicator(uow, proposal_id)
    app = open_follow_up(open_page, demo_database, proposal_id)
    opened = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    [stored] = [item.indicator for item in opened.indicators]
    assert app.text_input(key=f"{FIELD}.s{indicator_id}.name").value == stored.name
    # While the form is open, someone else saves the list: a new target, and a second indicator.
    theirs = [
        outcomes.IndicatorInput(
            stored.name,
            stored.source,
            stored.unit,
            stored.baseline_value,
            stored.baseline_date,
            95.0,
            stored.target_date,
            id=indicator_id,
        ),
        outcomes.IndicatorInput(
            "Forældre der ved, hvem de skal kontakte",
            "Forældretilfredshed",
            "%",
            60.0,
            stored.baseline_date,
            80.0,
            stored.target_date,
        ),
    ]
    outcomes.save_indicators(
        uow, proposal_id, theirs, expected_version=opened.indicators_version, actor=SYSTEM
    )
    fill_row(app, f"s{indicator_id}", name="Elever der trives i klassen")
    app.button(key="follow_up.save_indicators").click().run()
    assert not app.exception
    errors = " ".join(shown(error.value) for error in app.error)
    assert "The outcome indicators were changed by someone else" in errors and "Nothing was saved." in errors
    assert any("The form now shows the indicators as they are saved" in box.value for box in app.info)
    # Nothing of the refused save is stored, and the form shows their list, not a mix.
    after = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    saved = [(item.indicator.name, item.indicator.target_value) for item in after.indicators]
    assert saved == [(stored.name, 95.0), ("Forældre der ved, hvem de skal kontakte", 80.0)]
    assert app.text_input(key=f"{FIELD}.s{indicator_id}.name").value == stored.name
    assert app.number_input(key=f"{FIELD}.s{indicator_id}.target_value").value == 95.0
    second = after.indicators[1].indicator.id
    assert app.text_input(key=f"{FIELD}.s{second}.name").value == "Forældre der ved, hvem de skal kontakte"
    # From the list now shown, the same edit is saved.
    fill_row(app, f"s{indicator_id}", name="Elever der trives i klassen")
    app.button(key="follow_up.save_indicators").click().run()
    names = [
        item.indicator.name for item in outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM).indicators
    ]
    assert names == ["Elever der trives i klassen", "Forældre der ved, hvem de skal kontakte"]
    assert "The outcome indicators are saved: 2 in all." in [s.value for s in app.success]


def test_the_leader_records_a_measurement_and_sees_its_state_in_words(uow, open_page, demo_database):
    proposal_id = decided(uow)
    indicator_id = _with_indicator(uow, proposal_id)
    app = open_follow_up(open_page, demo_database, proposal_id)
    assert any(box.value == "State: not yet measured" for box in app.info)
    prefix = f"follow_up.measure.{indicator_id}"
    app.date_input(key=f"{prefix}.measured_on").set_value(today_in_denmark() - timedelta(days=1))
    app.number_input(key=f"{prefix}.value").set_value(84.0)
    app.text_area(key=f"{prefix}.note").set_value("Målt i 5.B og 6.A")
    app.button(key=f"{prefix}.submit").click().run()
    assert not app.exception
    view = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    latest = view.indicators[0].latest
    assert latest is not None and (latest.value, latest.note) == (84.0, "Målt i 5.B og 6.A")
    # Halfway along the line from 82 to 90 the line expects 86: 84 is off track, said in words.
    assert any(box.value == "State: off track" for box in app.warning)


def test_a_conclusion_to_adjust_opens_a_new_proposal_and_links_to_it(uow, open_page, demo_database):
    proposal_id = decided(uow)
    app = open_follow_up(open_page, demo_database, proposal_id)
    app.radio(key="follow_up.verdict").set_value(Verdict.ADJUST)
    app.text_area(key="follow_up.reasons").set_value(
        "Trivslen steg, men forældrene ved ikke, hvem de skal ringe til."
    )
    app.checkbox(key="follow_up.open_successor").check()
    app.button(key="follow_up.conclude").click().run()
    assert not app.exception
    view = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    assert view.conclusion is not None and view.conclusion.verdict is Verdict.ADJUST
    successor = view.successor_id
    assert successor is not None
    assert proposals.get_proposal(uow, successor, actor=SYSTEM).status is Status.DRAFT
    links = [link.proto for link in app.get("page_link") if link.proto.page == "proposal"]
    assert [(link.label, link.query_string) for link in links] == [
        (f"Adjusted by the new proposal no. {successor}", f"proposal={successor}")
    ]
    assert app.markdown and any(text.value == "**Adjust**" for text in app.markdown)


def test_a_conclusion_without_reasons_is_refused_by_its_field(uow, open_page, demo_database):
    proposal_id = decided(uow)
    app = open_follow_up(open_page, demo_database, proposal_id)
    app.radio(key="follow_up.verdict").set_value(Verdict.STOP)
    app.button(key="follow_up.conclude").click().run()
    assert "**Reasons**: This field must be filled in." in " ".join(shown(e.value) for e in app.error)
    assert outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM).conclusion is None


def test_the_follow_up_can_be_put_in_the_calendar(uow, open_page, demo_database):
    proposal_id = decided(uow)
    app = open_follow_up(open_page, demo_database, proposal_id)
    buttons = [button for button in app.get("download_button") if button.proto.label.endswith("(.ics)")]
    # The follow-up's own only: the decision summary's row leaves it out here (Sammenlign's has it).
    assert [(button.key, button.proto.label) for button in buttons] == [
        ("follow_up.calendar", "Put the follow-up in the calendar (.ics)")
    ]
    view = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    assert follow_up_calendar.file_name(view) == f"opfoelgning-forslag-{proposal_id}-2027-06-10.ics"


def test_the_concluded_demo_follow_up_shows_each_chart_with_its_table(uow, open_page, demo_database):
    proposal_id = proposal_titled(uow, "Badeforløb")
    app = open_follow_up(open_page, demo_database, proposal_id, HOME_CARE_LEADER)
    tables = [expander for expander in app.expander if expander.label == "Show as table"]
    view = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    assert len(tables) == len(view.indicators) == 3
    assert [text.value for text in app.markdown if text.value == "**Adjust**"]
    assert not app.get("form"), "a concluded, closed follow-up offers no forms"


def test_the_chart_and_its_table_are_built_from_the_same_points(uow):
    proposal_id = proposal_titled(uow, "Badeforløb")
    view = outcomes.outcomes_view(uow, proposal_id, actor=SYSTEM)
    _ = Translator("da")
    for item in view.indicators:
        table = follow_up_chart.table(item, _)
        spec = follow_up_chart.specification(item, _)
        assert list(table["Punkt"]) == ["Udgangspunkt", "Målt", "Mål"]
        assert table["Status"].iloc[1] in {"på sporet", "ikke på sporet"}
        assert spec["description"] == follow_up_chart.description(item, _)
        (values,) = [v for v in spec["datasets"].values()]
        actual = [point["value"] for point in values if point["series"] == "Faktisk"]
        assert [_.number(value, 1) for value in actual] == [v for v in table["Faktisk"] if v != "–"]
    falls = next(item for item in view.indicators if not item.indicator.higher_is_better)
    assert "Lavere er bedre." in follow_up_chart.description(falls, _)


def test_a_decided_proposal_links_from_its_top_straight_to_the_follow_up(demo_database, open_page, uow):
    # The overview's due follow-ups open this screen at its top; the follow-up is one click away.
    proposal_id = decided(uow)
    _follow_up_in(demo_database, proposal_id, 30)  # not due yet: the decision first, the link down
    app = open_follow_up(open_page, demo_database, proposal_id)
    assert not app.exception
    links = [m.value for m in app.markdown if "(#opfoelgning)" in m.value]
    assert links and links[0].startswith("[Go to the follow-up (date ")
    assert "opfoelgning" in {h.proto.anchor for h in app.header}


def _follow_up_in(demo_database: str, proposal_id: int, days: int) -> None:
    """Move the decision's follow-up date to ``days`` from today (test set-up: no use case moves it)."""
    engine = make_engine(demo_database)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE decision SET follow_up_date = :day WHERE proposal_id = :id"),
                {"day": today_in_denmark() + timedelta(days=days), "id": proposal_id},
            )
    finally:
        engine.dispose()


def _order(app: AppTest) -> tuple[int, int]:
    headers = [h.value for h in app.header]
    return headers.index("Follow-up"), headers.index(next(h for h in headers if h.startswith("Decided: ")))


def test_a_due_follow_up_comes_first_and_the_decision_after_it(demo_database, open_page, uow):
    # The overview's list of due follow-ups opens Beslutning at its top: there, a due follow-up is first.
    proposal_id = decided(uow)
    _follow_up_in(demo_database, proposal_id, 30)
    follow_up, decided_at = _order(open_follow_up(open_page, demo_database, proposal_id))
    assert decided_at < follow_up
    _follow_up_in(demo_database, proposal_id, -1)
    app = open_follow_up(open_page, demo_database, proposal_id)
    assert not app.exception
    follow_up, decided_at = _order(app)
    assert follow_up < decided_at
    assert any(w.value.startswith("The follow-up was due on ") for w in app.warning)
    assert not [m for m in app.markdown if "(#opfoelgning)" in m.value]  # no link down to it: it is here


def test_a_closed_proposal_is_not_said_to_be_due(demo_database, open_page, uow):
    # Closed without a conclusion, its follow-up date long past: done, so the decision comes first.
    proposal_id = decided(uow)
    _follow_up_in(demo_database, proposal_id, -1)
    proposals.start_follow_up(uow, proposal_id, actor=SYSTEM)
    proposals.close_proposal(uow, proposal_id, actor=SYSTEM)
    app = open_follow_up(open_page, demo_database, proposal_id)
    assert not app.exception
    follow_up, decided_at = _order(app)
    assert decided_at < follow_up
    assert not [w for w in app.warning if w.value.startswith("The follow-up was due on ")]
