"""Forslag, "Økonomi og konsekvenser": the leader describes the economy, the staff, the work environment
and the timetable; bad input is told by its field and nothing is stored."""

from __future__ import annotations

from assessment import proposal_plan
from assessment.kernel.permissions import SYSTEM
from tests.pages import test_proposal_readiness_page as readiness_page
from tests.pages.conftest import shown
from tests.pages.test_proposal_readiness_page import Town, database, open_proposal, texts

town = readiness_page.town  # a proposal in blind scoring, opened by its leader; no demo


def field(app, name: str, town: Town) -> str:
    return f"proposal.plan.{town.proposal_id}.{name}"


def save(app):
    return next(b for b in app.button if b.label == "Gem økonomi og konsekvenser").click().run()


def stored(town: Town):
    with database(town.url) as uow:
        return proposal_plan.proposal_plan(uow, town.proposal_id, actor=SYSTEM).plan


def test_the_leader_describes_the_economy_and_saves_again_from_the_stored_version(town, open_page):
    app = open_proposal(open_page, town)
    assert "Økonomi og konsekvenser" in texts(app)
    app.text_input(key=field(app, "case_number", town)).input("27.12.04-P20-31-26")
    app.text_area(key=field(app, "cost", town)).input("Ca. 310.000 kr. til uddannelse.")
    app.text_area(key=field(app, "staff_hours", town)).input("Køreplanerne lægges om.")
    save(app)
    assert not app.exception, [e.value for e in app.exception]
    plan = stored(town)
    assert (plan.case_number, plan.cost, plan.staff_hours, plan.version) == (
        "27.12.04-P20-31-26",
        "Ca. 310.000 kr. til uddannelse.",
        "Køreplanerne lægges om.",
        1,
    )
    assert "Økonomi og konsekvenser er gemt." in texts(app)
    # The form shows what is stored, and a second save goes on from the stored version.
    assert app.text_area(key=field(app, "cost", town)).value == "Ca. 310.000 kr. til uddannelse."
    app.text_area(key=field(app, "funding", town)).input("Puljen.")
    save(app)
    assert stored(town).version == 2 and stored(town).funding == "Puljen."


def test_a_case_number_too_long_is_told_by_its_field_and_nothing_is_stored(town, open_page):
    app = open_proposal(open_page, town)
    app.text_area(key=field(app, "cost", town)).input("Noget")
    app.text_input(key=field(app, "case_number", town)).input("1" * 65)
    save(app)
    told = "\n".join(shown(e.value) for e in app.error)
    assert "Sagsnummer (ESDH)" in told and "der må højst være 64" in told
    assert stored(town).is_empty
    assert app.text_area(key=field(app, "cost", town)).value == "Noget"  # the input is kept
