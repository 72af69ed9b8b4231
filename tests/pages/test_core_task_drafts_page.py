"""A proposal that changes the core task itself: its draft on the Kerneopgaver screen, and the link to it
from the proposal screen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from assessment import core_task_drafts, organisation, people, proposals
from assessment.core_task_drafts import DraftView
from assessment.kernel.model import ChangeType, CoreTaskDraftStatus
from assessment.kernel.permissions import SYSTEM
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork
from tests.pages.conftest import shown
from tests.support import Clock, World, build_world, proposal_input

CORE_TASKS = "screens/core_tasks.py"
PROPOSAL = "screens/proposal.py"
STATEMENT = "Borgerne i Hjemmeplejen Nord klarer sig selv længst muligt."
TITLE = "Hverdagsrehabilitering som første tilbud"


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
    proposal_id: int  # in draft, a change of the core task itself


@pytest.fixture
def town(empty_database) -> Town:
    """Hjemmeplejen Nord with a core task, and its leader's proposal that changes the core task itself
    (the demo is not used: these tests need nothing of it)."""
    clock = Clock()
    with database(empty_database) as uow:
        world = build_world(uow, clock)
        leader = people.actor_for(uow, world.leader_id)
        organisation.record_core_task(
            uow,
            unit_id=world.unit_id,
            statement=STATEMENT,
            formal="Serviceloven § 83",
            performed="Vi leverer hjælp efter visitationen",
            experienced="Mange nye ansigter",
            actor=leader,
            clock=clock,
        )
        proposal = proposals.register_proposal(
            uow,
            proposal_input(world, title=TITLE, change_type=ChangeType.CORE_TASK),
            actor=leader,
            clock=clock,
        )
    return Town(empty_database, world, proposal.id or 0)


def open_drafts(town: Town) -> list[DraftView]:
    with database(town.url) as uow:
        return core_task_drafts.open_drafts(uow, town.world.unit_id, actor=SYSTEM)


def proposal_draft(town: Town, proposal_id: int | None = None) -> DraftView | None:
    with database(town.url) as uow:
        return core_task_drafts.proposal_draft(uow, proposal_id or town.proposal_id, actor=SYSTEM)


def history(town: Town) -> list[tuple[int, str]]:
    with database(town.url) as uow:
        return [
            (c.version, c.statement)
            for c in organisation.core_task_history(uow, town.world.unit_id, actor=SYSTEM)
        ]


def key(view: DraftView, name: str) -> str:
    return f"core_tasks.draft.{view.draft.id}.{name}"


def texts(app: AppTest) -> str:
    kinds = ("text", "caption", "info", "warning", "success", "markdown", "subheader")
    return "\n".join(shown(element.value) for kind in kinds for element in app.get(kind))


def open_core_tasks(open_page, town: Town, person: int | None = None, language: str = "en") -> AppTest:
    return open_page(
        CORE_TASKS,
        language=language,
        person=person or town.world.leader_id,
        query={"unit": str(town.world.unit_id)},
    )


def open_proposal(open_page, town: Town, language: str = "en") -> AppTest:
    return open_page(
        PROPOSAL, language=language, person=town.world.leader_id, query={"proposal": str(town.proposal_id)}
    )


def test_the_draft_is_shown_apart_from_the_valid_core_task_with_its_proposal(town, open_page):
    [view] = open_drafts(town)
    assert view.proposal_title == TITLE
    app = open_core_tasks(open_page, town)
    assert not app.exception
    shown_texts = texts(app)
    assert "Draft of a new core task" in shown_texts
    assert f"For the proposal “{TITLE}”" in shown_texts
    assert "This draft is not the unit's valid core task. Adopting it makes it version 2." in shown_texts
    assert "The proposal has not been decided yet" in shown_texts
    # Copied from the valid core task, which stays as it is.
    assert app.text_area(key=key(view, "statement")).value == STATEMENT
    assert app.text_area(key=key(view, "formal")).value == "Serviceloven § 83"
    assert history(town) == [(1, STATEMENT)]


def test_adopting_the_draft_makes_it_the_next_version(town, open_page):
    [view] = open_drafts(town)
    app = open_core_tasks(open_page, town)
    new_text = "Borgerne i Hjemmeplejen Nord bliver så selvhjulpne som muligt, så længe som muligt."
    app.text_area(key=key(view, "statement")).input(new_text)
    app.button(key=key(view, "adopt")).click().run()
    assert not app.exception
    assert history(town) == [(2, new_text), (1, STATEMENT)]
    assert "The draft is adopted as version 2 of the core task." in texts(app)
    assert open_drafts(town) == []
    # The draft's box is gone, and the form for a new version starts from the adopted text.
    assert not [t for t in app.text_area if t.key == key(view, "statement")]
    assert app.text_area(key="core_tasks.statement").value == new_text
    adopted = proposal_draft(town)
    assert adopted.draft.status is CoreTaskDraftStatus.ADOPTED and adopted.draft.adopted_version == 2
    assert adopted.draft.closed_by == town.world.leader_id


def test_a_version_saved_meanwhile_is_not_overwritten_by_adopting(town, open_page):
    [view] = open_drafts(town)
    app = open_core_tasks(open_page, town)
    with database(town.url) as uow:
        organisation.record_core_task(
            uow,
            unit_id=town.world.unit_id,
            statement="Henriks version",
            formal="",
            performed="",
            experienced="",
            actor=people.actor_for(uow, town.world.leader_id),
        )
    app.button(key=key(view, "adopt")).click().run()
    assert "saved version 2 of this core task" in "\n".join(shown(e.value) for e in app.error)
    assert history(town) == [(2, "Henriks version"), (1, STATEMENT)]
    # Now the screen says the draft was copied from an older version.
    assert "Version 2 of the core task was saved after this draft was copied from version 1." in texts(app)


def test_saving_keeps_the_valid_core_task_and_discarding_keeps_the_text(town, open_page):
    [view] = open_drafts(town)
    app = open_core_tasks(open_page, town)
    app.text_area(key=key(view, "statement")).input("Et udkast, vi ikke bliver enige om.")
    app.button(key=key(view, "save")).click().run()
    assert "The draft is saved." in texts(app)
    assert history(town) == [(1, STATEMENT)]
    [saved] = open_drafts(town)
    assert saved.draft.statement == "Et udkast, vi ikke bliver enige om."
    app.button(key=key(view, "discard")).click().run()
    assert not app.exception
    assert open_drafts(town) == []
    discarded = proposal_draft(town)
    assert discarded.draft.status is CoreTaskDraftStatus.DISCARDED
    assert discarded.draft.statement == "Et udkast, vi ikke bliver enige om."
    assert history(town) == [(1, STATEMENT)]


def test_a_rater_reads_the_draft_once_scoring_starts_but_cannot_change_it(town, open_page):
    rater = town.world.raters[0]
    app = open_core_tasks(open_page, town, person=rater)
    assert "Draft of a new core task" not in texts(app)  # a proposal in draft is the leaders' own
    with database(town.url) as uow:
        proposals.open_scoring(uow, town.proposal_id, actor=people.actor_for(uow, town.world.leader_id))
    app = open_core_tasks(open_page, town, person=rater)
    assert "Draft of a new core task" in texts(app)
    assert STATEMENT in texts(app)
    assert not [t for t in app.text_area if t.key.startswith("core_tasks.draft.")]
    assert not [b for b in app.button if b.key and b.key.startswith("core_tasks.draft.")]


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Draft of a new core task"), ("da", "Udkast til ny kerneopgave")]
)
def test_the_proposal_links_to_its_draft(town, open_page, language, label):
    app = open_proposal(open_page, town, language)
    assert not app.exception
    links = [link for link in app.get("page_link") if link.proto.label == label]
    assert len(links) == 1
    assert "core_tasks" in links[0].proto.page


def test_switching_back_to_an_organisational_change_leaves_the_draft_for_the_leader(town, open_page):
    app = open_proposal(open_page, town)
    app.radio(key="proposal.change_type").set_value(ChangeType.ORGANISATIONAL)
    app.button(key="proposal.save").click().run()
    assert not app.exception
    warnings = "\n".join(shown(w.value) for w in app.warning)
    assert "no longer a change of the core task itself" in warnings
    assert "Nothing is deleted automatically" in warnings
    draft = proposal_draft(town)
    assert draft is not None and draft.is_open and not draft.proposal_changes_core_task


def test_a_discarded_draft_can_be_replaced_from_the_proposal(town, open_page):
    [view] = open_drafts(town)
    with database(town.url) as uow:
        core_task_drafts.discard_draft(
            uow, view.draft.id or 0, expected_version=1, actor=people.actor_for(uow, town.world.leader_id)
        )
    app = open_proposal(open_page, town)
    assert "has no open draft of the new core task" in texts(app)
    app.button(key="proposal.core_task_draft.start").click().run()
    assert not app.exception
    [fresh] = open_drafts(town)
    assert fresh.draft.id != view.draft.id and fresh.draft.statement == STATEMENT
    assert "A new draft of the core task is open" in texts(app)


def test_the_link_to_the_draft_shows_its_unit_whichever_unit_was_chosen_before(town, open_page):
    [view] = open_drafts(town)
    app = open_core_tasks(open_page, town)
    app.radio(key="core_tasks.unit").set_value(town.world.top_unit_id).run()
    assert app.radio(key="core_tasks.unit").value == town.world.top_unit_id
    # What the proposal's link carries: the unit, and the draft.
    app.query_params["unit"] = str(town.world.unit_id)
    app.query_params["draft"] = str(view.draft.id)
    app.run()
    assert app.radio(key="core_tasks.unit").value == town.world.unit_id
    assert app.text_area(key=key(view, "statement")).value == STATEMENT
    assert "draft" not in app.query_params
