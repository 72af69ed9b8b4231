"""The decision screen: record the decision, start the follow-up, compare expected with actual, close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment import decision, people, proposals, scoring_sheet
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.model import Round, Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import person_id, shown
from tests.support import record_score

PAGE = "screens/decision.py"
LEADER = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd: the proposal in discussion
SCHOOL_LEADER = "susanne.dahl@fjordby.dk"  # leads Fjordby Skole: the decided proposal


def proposal_in(uow: SqlUnitOfWork, status: Status) -> int:
    found = proposals.overview(
        uow, ProposalFilter(statuses=(status,)), actor=SYSTEM, today=today_in_denmark()
    ).proposals
    assert found, status
    return found[0].id


def open_decision(open_page, proposal_id: int, **kwargs: Any) -> AppTest:
    return open_page(PAGE, query={"proposal": str(proposal_id)}, **kwargs)


def texts(app: AppTest) -> list[str]:
    return [element.value for element in app.text]


# Runs everywhere ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_decision_page_runs_on_an_empty_database(empty_database, open_page, language):
    app = open_page(PAGE, language=language)
    assert app.info, "an empty database says why there is nothing to decide"


@pytest.mark.parametrize("status", [Status.SCORING, Status.DISCUSSION, Status.DECIDED])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_decision_page_runs_on_every_demo_proposal(uow, open_page, status, language):
    open_decision(open_page, proposal_in(uow, status), language=language)


def test_a_proposal_in_blind_scoring_is_not_decided_here(uow, open_page):
    app = open_decision(open_page, proposal_in(uow, Status.SCORING), language="en")
    assert "records the decision after the discussion" in app.info[0].value
    assert not app.text_area


# Deciding -------------------------------------------------------------------------------------------


def fill(app: AppTest, **values: Any) -> None:
    for key, value in values.items():
        widget = app.selectbox(key="decision.option") if key == "option" else None
        if widget is not None:
            widget.set_value(value)
        elif key == "follow_up_date":
            app.date_input(key="decision.follow_up_date").set_value(value)
        else:
            app.text_area(key=f"decision.{key}").input(value)


def test_the_form_says_that_deciding_locks_the_scores_and_how_dissent_is_recorded(uow, open_page):
    app = open_decision(open_page, proposal_in(uow, Status.DISCUSSION), language="en")
    assert "Recording the decision locks the scores" in app.warning[0].value
    captions = " ".join(caption.value for caption in app.caption)
    assert "Leave the field empty only if there is none" in captions
    assert "No dissent was recorded" in captions
    assert "dilemmas are not yet handled" in " ".join(m.value for m in app.markdown)


def test_deciding_in_the_form_stores_the_decision_and_locks_the_scores(uow, open_page, demo_database):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    proposal = proposals.get_proposal(uow, proposal_id, actor=SYSTEM)
    chosen = proposal.options[1].id
    leader = person_id(demo_database, LEADER)
    app = open_decision(open_page, proposal_id, language="en", person=leader)
    fill(
        app,
        option=chosen,
        justification="Teamet giver flest borgere et rigtigt forløb.",
        med_statement="Lokal-MED anbefaler teamet.",
        conditions="Ergoterapeuten får fuld tid i teamet.",
        follow_up_date=today_in_denmark() + timedelta(days=200),
        indicators="Andel borgere uden varig hjælp efter 12 uger.",
    )
    meeting = today_in_denmark() - timedelta(days=1)
    app.date_input(key="decision.meeting_date").set_value(meeting)
    app.text_input(key="decision.agenda_item").input("Punkt 4")
    app.text_area(key="decision.employee_remarks").input("Medarbejdersiden bakker op.")
    responsible = app.selectbox(key="decision.follow_up_responsible")
    assert (
        "Birgitte Lund" in responsible.options and "Henrik Holm" not in responsible.options
    )  # not the admin
    responsible.set_value(leader)
    app.button(key="decision.submit").click().run()
    assert not app.exception

    assert proposals.get_proposal(uow, proposal_id, actor=SYSTEM).status is Status.DECIDED
    decided = decision.get_decision(uow, proposal_id, actor=SYSTEM)
    assert decided is not None
    assert (decided.chosen_option_id, decided.dissent, decided.decided_by) == (chosen, "", leader)
    assert decided.follow_up_date == today_in_denmark() + timedelta(days=200)
    assert (decided.meeting_date, decided.agenda_item) == (meeting, "Punkt 4")
    assert decided.employee_remarks == "Medarbejdersiden bakker op."
    assert (decided.follow_up_responsible_id, decided.implementation_responsible_id) == (leader, None)
    # The page now shows the decision, saying plainly that no dissent was recorded.
    assert app.success[0].value == "The decision is recorded, and the scores are locked."
    assert "No dissent was recorded." in texts(app)
    assert "Teamet giver flest borgere et rigtigt forløb." in texts(app)
    assert "Medarbejdersiden bakker op." in texts(app) and "Not named." in texts(app)
    assert app.button(key="decision.start_follow_up").label == "Start the follow-up"


def test_bad_input_shows_every_problem_and_stores_nothing(uow, open_page):
    proposal_id = proposal_in(uow, Status.DISCUSSION)
    app = open_decision(open_page, proposal_id, language="en")
    fill(app, justification="   ", med_statement="Lokal-MED anbefaler.")
    app.button(key="decision.submit").click().run()
    assert not app.exception

    problems = shown(app.error[0].value)
    for label in ("Chosen option", "Justification", "Indicators for the follow-up"):
        assert f"**{label}**" in problems
    assert "The MED committee's statement" not in problems
    assert decision.get_decision(uow, proposal_id, actor=SYSTEM) is None
    assert proposals.get_proposal(uow, proposal_id, actor=SYSTEM).status is Status.DISCUSSION
    assert app.text_area(key="decision.med_statement").value == "Lokal-MED anbefaler."  # kept for the fix


def test_the_follow_up_date_can_only_be_chosen_after_today(uow, open_page):
    app = open_decision(open_page, proposal_in(uow, Status.DISCUSSION), language="en")
    widget = app.date_input(key="decision.follow_up_date")
    today = today_in_denmark()  # the decision is dated in Copenhagen
    assert widget.min == today + timedelta(days=1)
    assert widget.value > today


# After the decision ---------------------------------------------------------------------------------


def test_a_decided_proposal_shows_its_decision_and_dissent(uow, open_page):
    proposal_id = proposal_in(uow, Status.DECIDED)
    decided = decision.get_decision(uow, proposal_id, actor=SYSTEM)
    assert decided is not None and decided.dissent
    app = open_decision(open_page, proposal_id, language="en")
    # First, or after the follow-up once that is due (on a clock moved past the follow-up date).
    assert any(header.value.startswith("Decided: ") for header in app.header)
    assert decided.dissent in texts(app)
    assert "No dissent was recorded." not in texts(app)
    assert any("Scoring screen" in info.value for info in app.info)


def test_the_follow_up_compares_expected_with_actual_and_the_proposal_can_be_closed(
    uow, open_page, demo_database
):
    proposal_id = proposal_in(uow, Status.DECIDED)
    decided = decision.get_decision(uow, proposal_id, actor=SYSTEM)
    assert decided is not None
    app = open_decision(open_page, proposal_id, language="en", person=person_id(demo_database, SCHOOL_LEADER))
    app.button(key="decision.start_follow_up").click().run()
    assert proposals.get_proposal(uow, proposal_id, actor=SYSTEM).status is Status.FOLLOW_UP
    assert "No follow-up scores yet" in app.info[0].value

    # The panel scores what actually happened (on the Scoring screen; here through the use case).
    proposal = proposals.get_proposal(uow, proposal_id, actor=SYSTEM)
    for member in proposal.panel:
        saved = record_score(
            uow,
            scoring_sheet.ScoreInput(proposal_id, decided.chosen_option_id, "borger_effekt", -1),
            actor=people.actor_for(uow, member.person_id),
        )
        assert saved.round is Round.FOLLOW_UP

    app.run()
    table = next(t.value for t in app.table if "Criterion" in t.value.columns)
    row = table[table["Criterion"].str.startswith("Are citizens better or worse off in the long run")].iloc[0]
    assert row["Actual"] == "−1"
    assert row["Follow-up scores"] == len(proposal.panel)
    assert row["Difference"].startswith("−")

    app.button(key="decision.close").click().run()
    assert proposals.get_proposal(uow, proposal_id, actor=SYSTEM).status is Status.CLOSED
    assert app.success[-1].value == "The proposal is closed."


def test_the_decided_proposal_offers_the_summary_in_every_format(uow, open_page):
    proposal_id = proposal_in(uow, Status.DECIDED)
    app = open_page("screens/decision.py", language="en", query={"proposal": str(proposal_id)})
    labels = [button.label for button in app.get("download_button")]
    # The summary's formats, and the follow-up's calendar file (tests/pages/test_follow_up_page.py),
    # which comes first once the follow-up is due.
    formats = [label for label in labels if not label.endswith("(.ics)")]
    assert formats == ["Word", "PDF", "Excel", "Markdown", "CSV"]
    assert labels.count("Put the follow-up in the calendar (.ics)") == 1
