"""Forslag, »MED og høring«: the leader records the MED steps and a consultation on the proposal screen
(the demo is not used: nothing of it is needed)."""

from __future__ import annotations

from datetime import timedelta

from assessment import med_process
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.model import MedStepKind
from assessment.kernel.permissions import SYSTEM
from tests.pages import test_proposal_readiness_page as readiness_page
from tests.pages.conftest import shown
from tests.pages.test_proposal_readiness_page import Town, button, database, open_proposal, texts

town = readiness_page.town  # a proposal in blind scoring, opened by its leader; no demo


def stored(town: Town) -> med_process.MedProcessView:
    with database(town.url) as uow:
        return med_process.med_process(uow, town.proposal_id, actor=SYSTEM)


def test_the_leader_adds_a_med_step_and_sees_it_in_the_timeline(town, open_page):
    app = open_proposal(open_page, town)
    page = texts(app)
    assert "MED og høring" in page and "Mangler: information, drøftelse, udtalelse" in page
    held_on = today_in_denmark() - timedelta(days=3)
    app.selectbox(key="proposal.med.step.kind").set_value(MedStepKind.INFORMATION)
    app.date_input(key="proposal.med.step.held_on").set_value(held_on)
    app.text_input(key="proposal.med.step.agenda_item").input("Punkt 4")
    app.text_area(key="proposal.med.step.note").input("Lederen fremlagde forslaget og de tre muligheder.")
    app.text_area(key="proposal.med.step.employee_remarks").input("Ønsker en evaluering.")
    button(app, "Tilføj trinnet").click().run()
    assert not app.exception, [e.value for e in app.exception]
    [step] = stored(town).steps
    assert (step.kind, step.held_on, step.agenda_item) == (MedStepKind.INFORMATION, held_on, "Punkt 4")
    assert step.recorded_by == town.world.leader_id
    page = texts(app)
    assert "MED-trinnet er registreret." in page
    assert f"**Information** · {held_on:%d.%m.%Y} · punkt 4" in page
    assert "Medarbejdersidens bemærkninger: Ønsker en evaluering." in page
    assert "Mangler: drøftelse, udtalelse" in page


def test_a_meeting_date_in_the_future_is_refused_by_its_field_and_nothing_is_stored(town, open_page):
    app = open_proposal(open_page, town)
    future = today_in_denmark() + timedelta(days=5)
    app.selectbox(key="proposal.med.step.kind").set_value(MedStepKind.STATEMENT)
    app.date_input(key="proposal.med.step.held_on").set_value(future)
    button(app, "Tilføj trinnet").click().run()
    refusal = shown("\n".join(e.value for e in app.error))
    assert f"Mødedato**: Datoen {future:%d.%m.%Y} ligger ude i fremtiden" in refusal
    assert (
        "Hvad blev fremlagt eller drøftet? Ved en udtalelse: selve udtalelsen**: Skriv udvalgets" in refusal
    )
    assert stored(town).steps == ()


def test_the_leader_records_a_consultation_and_its_answer_later(town, open_page):
    app = open_proposal(open_page, town)
    sent = today_in_denmark() - timedelta(days=20)
    app.text_input(key="proposal.med.consultation.body").input("Ældrerådet")
    app.date_input(key="proposal.med.consultation.sent_on").set_value(sent)
    button(app, "Tilføj høringen").click().run()
    assert not app.exception, [e.value for e in app.exception]
    [consultation] = stored(town).consultations
    assert f"**Ældrerådet** · sendt {sent:%d.%m.%Y}" in texts(app)
    assert "Der er ikke kommet svar endnu." in texts(app)

    button(app, "Registrér svaret").click().run()
    prefix = f"proposal.med.consultation.{consultation.id}"
    app.date_input(key=f"{prefix}.answered_on").set_value(sent + timedelta(days=10))
    app.text_area(key=f"{prefix}.answer").input("Rådet støtter forslaget.")
    button(app, "Gem høringen").click().run()
    assert not app.exception, [e.value for e in app.exception]
    [answered] = stored(town).consultations
    assert (answered.answer, answered.answered_on, answered.version) == (
        "Rådet støtter forslaget.",
        sent + timedelta(days=10),
        2,
    )
    assert "Høringen er gemt." in texts(app) and "Rådet støtter forslaget." in texts(app)


def test_a_step_is_removed_only_after_the_leader_confirms(town, open_page):
    app = open_proposal(open_page, town)
    app.selectbox(key="proposal.med.step.kind").set_value(MedStepKind.INFORMATION)
    app.date_input(key="proposal.med.step.held_on").set_value(today_in_denmark())
    button(app, "Tilføj trinnet").click().run()
    [step] = stored(town).steps
    app.button(key=f"proposal.med.remove.step.{step.id}").click().run()
    assert "Vil du fjerne dette MED-trin?" in texts(app) and stored(town).steps == (step,)
    button(app, "Ja, fjern").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert stored(town).steps == () and "MED-trinnet er fjernet." in texts(app)
