"""Drafts of a unit's next core task: opened by a proposal that changes the core task itself, edited,
adopted as the next version or discarded; on the fake and on the SQL repository alike."""

from __future__ import annotations

import pytest

from assessment import core_task_drafts, organisation, people, proposals
from assessment.kernel.errors import FormInvalid, StaleEdit, WrongState
from assessment.kernel.model import ChangeType, CoreTaskDraftStatus, Role, UnitLevel
from assessment.kernel.permissions import SYSTEM, AccessDenied
from tests.access.test_use_cases import proposal_input_from
from tests.assessment.helpers import leader
from tests.support import proposal_input

STATEMENT = "Borgeren klarer sig selv længst muligt"


@pytest.fixture
def core_task(uow, world, clock):
    return organisation.record_core_task(
        uow,
        unit_id=world.unit_id,
        statement=STATEMENT,
        formal="Serviceloven § 83",
        performed="Vi leverer hjælp efter visitationen",
        experienced="Borgerne oplever mange nye ansigter",
        actor=leader(uow, world),
        clock=clock,
    )


def _register(uow, world, clock, change_type=ChangeType.CORE_TASK, **changes):
    return proposals.register_proposal(
        uow, proposal_input(world, change_type=change_type, **changes), actor=leader(uow, world), clock=clock
    )


def _draft(uow, world, proposal_id):
    return core_task_drafts.proposal_draft(uow, proposal_id, actor=leader(uow, world))


def _texts(statement=STATEMENT + " – også om natten", **changes):
    return {"statement": statement, "formal": "F", "performed": "P", "experienced": "O"} | changes


def _switch(uow, world, clock, proposal_id, change_type, **changes):
    stored = proposals.get_proposal(uow, proposal_id, actor=SYSTEM)
    data = proposal_input_from(stored)
    data.change_type = change_type
    for name, value in changes.items():
        setattr(data, name, value)
    return proposals.update_proposal(
        uow, proposal_id, data, expected_version=stored.version, actor=leader(uow, world), clock=clock
    )


def test_a_proposal_that_changes_the_core_task_opens_a_draft_copied_from_the_current_one(
    uow, world, clock, core_task
):
    proposal = _register(uow, world, clock)
    view = _draft(uow, world, proposal.id)
    assert view is not None and view.is_open and view.may_edit
    draft = view.draft
    assert (draft.statement, draft.formal, draft.performed, draft.experienced) == (
        core_task.statement,
        core_task.formal,
        core_task.performed,
        core_task.experienced,
    )
    assert draft.based_on_version == 1 and draft.unit_id == world.unit_id
    assert draft.created_by == world.leader_id and view.name(draft.created_by) == "Lone Leder"
    assert view.proposal_title == proposal.title and view.proposal_changes_core_task
    # Not the valid core task: the unit still has exactly the version it had.
    with uow.read() as repo:
        assert [c.version for c in repo.core_task_history(world.unit_id)] == [1]
        opened = repo.events_for("core_task_draft", str(draft.id))
    assert [e.action for e in opened] == ["core_task_draft.open"]
    assert opened[0].after == {"proposal_id": proposal.id, "unit_id": world.unit_id, "based_on": 1}


def test_a_unit_without_a_core_task_gets_an_empty_draft(uow, world, clock):
    view = _draft(uow, world, _register(uow, world, clock).id)
    assert view is not None and view.draft.statement == "" and view.draft.based_on_version == 0


def test_an_organisational_change_opens_no_draft(uow, world, clock, core_task):
    proposal = _register(uow, world, clock, ChangeType.ORGANISATIONAL)
    assert _draft(uow, world, proposal.id) is None
    assert core_task_drafts.open_drafts(uow, world.unit_id, actor=leader(uow, world)) == []


def test_switching_type_opens_a_draft_and_switching_back_keeps_its_text(uow, world, clock, core_task):
    proposal = _register(uow, world, clock, ChangeType.ORGANISATIONAL)
    _switch(uow, world, clock, proposal.id, ChangeType.CORE_TASK)
    draft = _draft(uow, world, proposal.id).draft
    core_task_drafts.save_draft(
        uow, draft.id, **_texts(), expected_version=draft.version, actor=leader(uow, world), clock=clock
    )
    _switch(uow, world, clock, proposal.id, ChangeType.ORGANISATIONAL)
    view = _draft(uow, world, proposal.id)
    # Left open for the leader to discard: never deleted behind their back.
    assert view.is_open and not view.proposal_changes_core_task
    assert view.draft.statement == _texts()["statement"]
    # Switching forth again does not open a second draft beside it.
    _switch(uow, world, clock, proposal.id, ChangeType.CORE_TASK)
    with uow.read() as repo:
        assert len(repo.core_task_drafts_of(proposal.id)) == 1


def test_saving_the_draft_changes_the_draft_only_and_refuses_an_older_edit(uow, world, clock, core_task):
    draft = _draft(uow, world, _register(uow, world, clock).id).draft
    saved = core_task_drafts.save_draft(
        uow, draft.id, **_texts(), expected_version=draft.version, actor=leader(uow, world), clock=clock
    )
    assert saved.statement == _texts()["statement"] and saved.version == draft.version + 1
    with pytest.raises(StaleEdit, match="changed by Lone Leder"):
        core_task_drafts.save_draft(
            uow,
            draft.id,
            **_texts("Min udgave"),
            expected_version=draft.version,
            actor=leader(uow, world),
            clock=clock,
        )
    with uow.read() as repo:
        assert repo.get_core_task_draft(draft.id).statement == _texts()["statement"]
        assert repo.core_task_history(world.unit_id)[0].statement == STATEMENT


def test_adopting_makes_the_draft_the_next_version(uow, world, clock, core_task):
    proposal = _register(uow, world, clock)
    draft = _draft(uow, world, proposal.id).draft
    adopted = core_task_drafts.adopt_draft(
        uow,
        draft.id,
        **_texts(),
        expected_version=draft.version,
        expected_core_task_version=1,
        actor=leader(uow, world),
        clock=clock,
    )
    assert adopted.version == 2 and adopted.statement == _texts()["statement"]
    assert adopted.author_id == world.leader_id
    view = _draft(uow, world, proposal.id)
    assert view.draft.status is CoreTaskDraftStatus.ADOPTED and view.draft.adopted_version == 2
    assert view.draft.closed_by == world.leader_id
    assert core_task_drafts.open_drafts(uow, world.unit_id, actor=leader(uow, world)) == []
    with uow.read() as repo:
        assert [c.version for c in repo.core_task_history(world.unit_id)] == [2, 1]
        actions = [e.action for e in repo.events_for("core_task_draft", str(draft.id))]
        recorded = [e.action for e in repo.events_for("unit", str(world.unit_id))]
    assert actions == ["core_task_draft.open", "core_task_draft.adopt"]
    assert recorded.count("core_task.record") == 2
    with pytest.raises(WrongState, match="already adopted this draft as version 2"):
        core_task_drafts.save_draft(
            uow,
            draft.id,
            **_texts(),
            expected_version=view.draft.version,
            actor=leader(uow, world),
            clock=clock,
        )


def test_a_version_saved_meanwhile_is_not_overwritten_by_adopting(uow, world, clock, core_task):
    draft = _draft(uow, world, _register(uow, world, clock).id).draft
    organisation.record_core_task(
        uow,
        unit_id=world.unit_id,
        statement="Henriks version",
        formal="",
        performed="",
        experienced="",
        actor=leader(uow, world),
        clock=clock,
    )
    with pytest.raises(StaleEdit, match="saved version 2"):
        core_task_drafts.adopt_draft(
            uow,
            draft.id,
            **_texts(),
            expected_version=draft.version,
            expected_core_task_version=1,
            actor=leader(uow, world),
            clock=clock,
        )
    # Nothing of the refused adoption is stored: one transaction.
    with uow.read() as repo:
        assert [c.statement for c in repo.core_task_history(world.unit_id)] == ["Henriks version", STATEMENT]
        assert repo.get_core_task_draft(draft.id).status is CoreTaskDraftStatus.OPEN
    view = core_task_drafts.open_drafts(uow, world.unit_id, actor=leader(uow, world))[0]
    assert view.base_outdated and view.current_version == 2


def test_a_draft_with_an_older_edit_is_not_adopted_and_no_version_is_added(uow, world, clock, core_task):
    draft = _draft(uow, world, _register(uow, world, clock).id).draft
    core_task_drafts.save_draft(
        uow, draft.id, **_texts(), expected_version=draft.version, actor=leader(uow, world), clock=clock
    )
    with pytest.raises(StaleEdit):
        core_task_drafts.adopt_draft(
            uow,
            draft.id,
            **_texts("Det gamle udkast"),
            expected_version=draft.version,
            expected_core_task_version=1,
            actor=leader(uow, world),
            clock=clock,
        )
    with uow.read() as repo:
        assert [c.version for c in repo.core_task_history(world.unit_id)] == [1]


def test_an_empty_statement_cannot_be_adopted(uow, world, clock, core_task):
    draft = _draft(uow, world, _register(uow, world, clock).id).draft
    with pytest.raises(FormInvalid) as refused:
        core_task_drafts.adopt_draft(
            uow,
            draft.id,
            **_texts("  "),
            expected_version=draft.version,
            expected_core_task_version=1,
            actor=leader(uow, world),
            clock=clock,
        )
    assert "statement" in refused.value.problems
    with uow.read() as repo:
        assert len(repo.core_task_history(world.unit_id)) == 1


def test_discarding_keeps_the_text_and_a_new_draft_can_be_opened(uow, world, clock, core_task):
    proposal = _register(uow, world, clock)
    draft = _draft(uow, world, proposal.id).draft
    saved = core_task_drafts.save_draft(
        uow, draft.id, **_texts(), expected_version=draft.version, actor=leader(uow, world), clock=clock
    )
    core_task_drafts.discard_draft(
        uow, draft.id, expected_version=saved.version, actor=leader(uow, world), clock=clock
    )
    view = _draft(uow, world, proposal.id)
    assert view.draft.status is CoreTaskDraftStatus.DISCARDED
    assert view.draft.statement == _texts()["statement"]
    with pytest.raises(WrongState, match="discarded this draft"):
        core_task_drafts.discard_draft(
            uow, draft.id, expected_version=view.draft.version, actor=leader(uow, world), clock=clock
        )
    # Saving the proposal again does not bring back what the leader discarded ...
    _switch(uow, world, clock, proposal.id, ChangeType.CORE_TASK, title="Nyt navn")
    assert _draft(uow, world, proposal.id).draft.status is CoreTaskDraftStatus.DISCARDED
    # ... but she can open a new one, again a copy of the valid core task.
    fresh = core_task_drafts.start_draft(uow, proposal.id, actor=leader(uow, world), clock=clock)
    assert fresh.id != draft.id and fresh.statement == STATEMENT
    with pytest.raises(WrongState, match="already has an open draft"):
        core_task_drafts.start_draft(uow, proposal.id, actor=leader(uow, world), clock=clock)


def test_only_a_proposal_that_changes_the_core_task_gets_a_draft_on_request(uow, world, clock):
    proposal = _register(uow, world, clock, ChangeType.ORGANISATIONAL)
    with pytest.raises(WrongState, match="changes the core task itself"):
        core_task_drafts.start_draft(uow, proposal.id, actor=leader(uow, world), clock=clock)


def test_a_proposal_with_an_open_draft_cannot_move_to_another_unit(uow, world, clock, core_task):
    proposal = _register(uow, world, clock)
    other = organisation.register_unit(
        uow, name="Hjemmeplejen Vest", level=UnitLevel.INSTITUTION, parent_id=world.top_unit_id, actor=SYSTEM
    )
    people.grant_role(uow, person_id=world.leader_id, unit_id=other.id, role=Role.LEADER, actor=SYSTEM)
    with pytest.raises(FormInvalid) as refused:
        _switch(uow, world, clock, proposal.id, ChangeType.CORE_TASK, unit_id=other.id)
    assert "unit_id" in refused.value.problems
    assert proposals.get_proposal(uow, proposal.id, actor=SYSTEM).unit_id == world.unit_id


def test_the_panel_sees_a_draft_only_with_its_proposal_and_never_edits_it(uow, world, clock, core_task):
    proposal = _register(uow, world, clock)
    draft = _draft(uow, world, proposal.id).draft
    rater = people.actor_for(uow, world.raters[0])
    # A proposal in draft is the leadership's working notes, and so is its core-task draft.
    assert core_task_drafts.open_drafts(uow, world.unit_id, actor=rater) == []
    with pytest.raises(AccessDenied):
        core_task_drafts.proposal_draft(uow, proposal.id, actor=rater)
    proposals.open_scoring(uow, proposal.id, actor=leader(uow, world), clock=clock)
    [seen] = core_task_drafts.open_drafts(uow, world.unit_id, actor=rater)
    assert seen.draft.id == draft.id and not seen.may_edit
    for attempt in (
        lambda: core_task_drafts.save_draft(uow, draft.id, **_texts(), expected_version=1, actor=rater),
        lambda: core_task_drafts.discard_draft(uow, draft.id, expected_version=1, actor=rater),
        lambda: core_task_drafts.adopt_draft(
            uow, draft.id, **_texts(), expected_version=1, expected_core_task_version=1, actor=rater
        ),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    with uow.read() as repo:
        assert repo.get_core_task_draft(draft.id).version == 1
        assert len(repo.core_task_history(world.unit_id)) == 1
