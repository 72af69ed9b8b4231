"""Forslag: the readiness checklist ("Parathed") and the citizens' voice ("Borgernes stemme") on the
proposal screen, filled in by the proposal's leader (the demo is not used: nothing of it is needed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from assessment import citizen_evidence, readiness
from assessment.kernel.model import EvidenceKind
from assessment.kernel.permissions import SYSTEM
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import shown
from tests.support import Clock, World, build_world, ready_proposal

PROPOSAL = "screens/proposal.py"


@contextmanager
def database(url: str) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(url)
    try:
        yield SqlUnitOfWork(engine)
    finally:
        engine.dispose()


@dataclass
class Town:
    url: str
    world: World
    proposal_id: int  # in blind scoring, on a rubric with a readiness checklist


@pytest.fixture
def town(empty_database) -> Town:
    clock = Clock()
    with database(empty_database) as uow:
        world = build_world(uow, clock)
        proposal = ready_proposal(uow, world, clock)
    return Town(empty_database, world, proposal.id or 0)


def open_proposal(open_page, town: Town, language: str = "da") -> AppTest:
    return open_page(
        PROPOSAL, language=language, person=town.world.leader_id, query={"proposal": str(town.proposal_id)}
    )


def texts(app: AppTest) -> str:
    kinds = ("text", "caption", "info", "warning", "success", "markdown", "header")
    return "\n".join(shown(element.value) for kind in kinds for element in app.get(kind))


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def test_the_leader_answers_the_readiness_checklist_on_the_proposal_screen(town, open_page):
    app = open_proposal(open_page, town)
    assert "Parathed" in texts(app) and "0 af 2 besvaret" in texts(app)
    app.radio(key=f"proposal.readiness.{town.proposal_id}.apv.-.level").set_value(4)
    app.text_input(key=f"proposal.readiness.{town.proposal_id}.apv.-.note").input("Gennemgået i MED")
    button(app, "Gem parathedstjeklisten").click().run()
    assert not app.exception, [e.value for e in app.exception]
    with database(town.url) as uow:
        checklist = readiness.readiness_checklist(uow, town.proposal_id, actor=SYSTEM)
    answer = checklist.item("apv").answer
    assert answer is not None and (answer.level, answer.note) == (4, "Gennemgået i MED")
    assert answer.answered_by == town.world.leader_id
    assert checklist.item("oekonomi").answer is None  # untouched questions are not sent
    assert "Parathedstjeklisten er gemt." in texts(app) and "1 af 2 besvaret" in texts(app)


def test_the_leader_records_what_the_citizens_experience_rests_on(town, open_page):
    app = open_proposal(open_page, town)
    page = texts(app)
    assert "Borgernes stemme" in page and "Hvad bygger vi borgernes oplevelse på?" in page
    assert "bygger ikke på noget, borgerne selv har sagt" in page
    app.selectbox(key="proposal.evidence.kind").set_value(EvidenceKind.INTERVIEWS)
    app.text_input(key="proposal.evidence.note").input("Fem borgere interviewet")
    button(app, "Tilføj").click().run()
    assert not app.exception, [e.value for e in app.exception]
    with database(town.url) as uow:
        [stored] = citizen_evidence.citizen_evidence(uow, town.proposal_id, actor=SYSTEM).items
    assert (stored.kind, stored.note) == (EvidenceKind.INTERVIEWS, "Fem borgere interviewet")
    page = texts(app)
    assert "Borgernes stemme er registreret." in page and "Fem borgere interviewet" in page
    assert "bygger ikke på noget, borgerne selv har sagt" not in page


def test_evidence_without_a_kind_is_refused_with_the_field_named(town, open_page):
    app = open_proposal(open_page, town)
    button(app, "Tilføj").click().run()
    refusal = shown("\n".join(e.value for e in app.error))
    assert "Hørt gennem**: Vælg, hvordan borgernes oplevelse er blevet hørt." in refusal
    with database(town.url) as uow:
        assert citizen_evidence.citizen_evidence(uow, town.proposal_id, actor=SYSTEM).items == ()
