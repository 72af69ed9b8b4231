"""The follow-up's calendar file beside the decision summary's downloads (ui/downloads.py), on Sammenlign:
there once the proposal is decided and while its follow-up lies ahead, and nowhere before or after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

import icalendar
import pytest
from streamlit.delta_generator import DeltaGenerator

from assessment import decision, proposals
from assessment.kernel.i18n import TIMEZONE
from assessment.kernel.permissions import SYSTEM
from tests.pages.conftest import person_id, proposal_titled

PAGE = "screens/compare.py"
KEY = "compare.download.ics"
SCHOOL_LEADER = "susanne.dahl@fjordby.dk"  # leads Fjordby Skole: C, decided, follow-up in June 2027
HOME_CARE_LEADER = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd: B in discussion, D closed


@pytest.fixture
def made_on_click(monkeypatch) -> dict[str, tuple[Callable[[], bytes], str]]:
    """Key → what a download button hands Streamlit to call on the click, and the file's name. The
    test runs no browser, so nobody clicks: the test calls it, as Streamlit's server would."""
    found: dict[str, tuple[Callable[[], bytes], str]] = {}
    original = DeltaGenerator.download_button

    def recording(self: DeltaGenerator, label: str, data: Any, *args: Any, **kwargs: Any) -> bool:
        if callable(data) and kwargs.get("key"):
            found[str(kwargs["key"])] = (data, str(kwargs.get("file_name")))
        return original(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    return found


def open_compare(open_page, demo_database: str, proposal_id: int, email: str):
    return open_page(
        PAGE, language="da", person=person_id(demo_database, email), query={"proposal": str(proposal_id)}
    )


def test_a_decided_proposal_offers_its_follow_up_as_a_calendar_file_beside_the_summary(
    uow, open_page, demo_database, made_on_click
):
    proposal_id = proposal_titled(uow, "Lærere og pædagoger")
    follow_up = decision.get_decision(uow, proposal_id, actor=SYSTEM).follow_up_date
    app = open_compare(open_page, demo_database, proposal_id, SCHOOL_LEADER)
    buttons = {button.key: button for button in app.get("download_button")}
    # At the end of the summary's row of formats, as one of them.
    assert [key.rsplit(".", 1)[1] for key in buttons if key.startswith("compare.download.")] == [
        "docx",
        "pdf",
        "xlsx",
        "md",
        "csv",
        "ics",
    ]
    assert buttons[KEY].proto.label == "Kalender (.ics)"
    assert f"{follow_up:%d.%m.%Y}" in buttons[KEY].proto.help
    make, file_name = made_on_click[KEY]
    assert file_name == f"opfoelgning-forslag-{proposal_id}-{follow_up:%Y-%m-%d}.ics"

    calendar = icalendar.Calendar.from_ical(make())
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime.combine(follow_up, time(9, 0), tzinfo=TIMEZONE)
    assert str(event["summary"]).startswith("Opfølgning: Lærere og pædagoger")
    assert f"?proposal={proposal_id}" in str(event["description"])


def test_before_the_decision_and_after_the_proposal_is_closed_there_is_no_calendar_file(
    uow, open_page, demo_database
):
    in_discussion = proposal_titled(uow, "Hverdagsrehabilitering")
    closed = proposal_titled(uow, "Badeforløb")
    assert proposals.get_proposal(uow, closed, actor=SYSTEM).status.value == "closed"
    for proposal_id in (in_discussion, closed):
        app = open_compare(open_page, demo_database, proposal_id, HOME_CARE_LEADER)
        keys = [button.key for button in app.get("download_button")]
        assert [key for key in keys if key.startswith("compare.download.")], "the summary is offered"
        assert KEY not in keys and not any(key.endswith(".ics") for key in keys)
