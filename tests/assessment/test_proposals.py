"""Proposals: registering, editing, freezing once scoring starts, and the life cycle."""

from __future__ import annotations

import pytest

from assessment import people, proposals
from assessment.kernel.errors import FormInvalid, StaleEdit, WrongState
from assessment.kernel.model import Role, Status
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from tests.assessment.helpers import leader
from tests.support import (
    proposal_input,
    reveal_after_one_score,
    scoring_proposal,
)


def test_a_new_proposal_starts_as_a_draft_with_keep_as_is_first(uow, world, clock):
    proposal = proposals.register_proposal(
        uow, proposal_input(world), actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    assert proposal.status is Status.DRAFT
    assert [o.is_baseline for o in proposal.options] == [True, False, False]
    assert [o.title for o in proposal.options[1:]] == ["Faste teams på fire", "Faste makkerpar"]
    assert len(proposal.panel) == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"description": ""}, "description"),
        ({"title": "x" * 201}, "title"),
        ({"med_committee": ""}, "med_committee"),
        ({"management_level": ""}, "management_level"),
        ({"options": []}, "options"),
        ({"options": [proposals.OptionInput("   ")]}, "options"),
        ({"options": [proposals.OptionInput(f"Mulighed {i}") for i in range(6)]}, "options"),
        ({"options": [proposals.OptionInput("Samme"), proposals.OptionInput("samme")]}, "options"),
        ({"description": "nul\x00byte"}, "description"),
        ({"unit_id": 999_999}, "unit_id"),
        ({"affected_profession_ids": [999_999]}, "affected_professions"),
        ({"panel_person_ids": [999_999]}, "panel"),
    ],
)
def test_a_proposal_form_names_every_wrong_field(uow, world, clock, changes, field):
    # A trusted actor, so that an unknown unit is a form problem rather than "no access".
    with pytest.raises(FormInvalid) as caught:
        proposals.register_proposal(uow, proposal_input(world, **changes), actor=SYSTEM, clock=clock)
    assert field in caught.value.problems
    with uow.read() as repo:
        assert repo.find_proposals(ProposalFilter(scope=None))[1] == 0


def test_a_form_with_several_problems_reports_them_all_at_once(uow, world, clock):
    with pytest.raises(FormInvalid) as caught:
        proposals.register_proposal(
            uow,
            proposal_input(world, title="", description="", options=[]),
            actor=leader(uow, world),
            clock=clock,
        )
    assert {"title", "description", "options"} <= caught.value.problems.keys()


def test_a_stale_edit_is_refused_and_names_who_changed_it(uow, world, clock):
    proposal = proposals.register_proposal(
        uow, proposal_input(world), actor=people.actor_for(uow, world.leader_id), clock=clock
    )
    # Anne stands in for the leader, so she may edit the draft too.
    people.grant_role(
        uow, person_id=world.raters[0], unit_id=world.unit_id, role=Role.LEADER, actor=SYSTEM, clock=clock
    )
    first = proposals.update_proposal(
        uow,
        proposal.id,
        proposal_input(world, title="Faste teams, version 2"),
        expected_version=proposal.version,
        actor=people.actor_for(uow, world.raters[0]),
        clock=clock,
    )
    assert first.version == proposal.version + 1
    with pytest.raises(StaleEdit) as caught:
        proposals.update_proposal(
            uow,
            proposal.id,
            proposal_input(world, title="Mit gamle udkast"),
            expected_version=proposal.version,
            actor=people.actor_for(uow, world.leader_id),
            clock=clock,
        )
    assert "Anne Hansen" in str(caught.value)
    assert (
        proposals.get_proposal(uow, proposal.id, actor=leader(uow, world)).title == "Faste teams, version 2"
    )


def test_options_are_frozen_once_scoring_starts(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    changed = proposal_input(world, options=[proposals.OptionInput("Noget helt andet")])
    with pytest.raises(FormInvalid) as caught:
        proposals.update_proposal(
            uow,
            proposal.id,
            changed,
            expected_version=proposal.version,
            actor=leader(uow, world),
            clock=clock,
        )
    assert "options" in caught.value.problems


def test_scoring_needs_a_panel_of_at_least_two(uow, world, clock):
    proposal = proposals.register_proposal(
        uow, proposal_input(world, panel_person_ids=world.raters[:1]), actor=leader(uow, world), clock=clock
    )
    with pytest.raises(WrongState):
        proposals.open_scoring(uow, proposal.id, actor=leader(uow, world), clock=clock)


def test_the_affected_professions_are_frozen_once_scoring_starts(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    changed = proposal_input(world, affected_profession_ids=world.profession_ids[:1])
    with pytest.raises(FormInvalid) as caught:
        proposals.update_proposal(
            uow,
            proposal.id,
            changed,
            expected_version=proposal.version,
            actor=leader(uow, world),
            clock=clock,
        )
    assert "affected_professions" in caught.value.problems


def test_nothing_is_revealed_before_anyone_has_scored(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(WrongState, match="nothing to reveal"):
        proposals.reveal(uow, proposal.id, actor=leader(uow, world), clock=clock)
    assert proposals.get_proposal(uow, proposal.id, actor=leader(uow, world)).status is Status.SCORING
    assert reveal_after_one_score(uow, world, proposal, clock).status is Status.DISCUSSION


def test_showing_names_is_frozen_once_scoring_starts_and_every_change_is_audited(uow, world, clock):
    draft = proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    named = proposals.update_proposal(
        uow,
        draft.id,
        proposal_input(world, show_rater_names=True),
        expected_version=draft.version,
        actor=leader(uow, world),
        clock=clock,
    )
    with uow.read() as repo:
        (event,) = [e for e in repo.events_for("proposal", str(draft.id)) if e.action == "proposal.update"]
    assert (event.before["show_rater_names"], event.after["show_rater_names"]) == (False, True)

    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(FormInvalid) as caught:
        proposals.update_proposal(
            uow,
            proposal.id,
            proposal_input(world, show_rater_names=True),
            expected_version=proposal.version,
            actor=leader(uow, world),
            clock=clock,
        )
    assert list(caught.value.problems) == ["show_rater_names"]
    assert (
        named.show_rater_names
        and not proposals.get_proposal(uow, proposal.id, actor=leader(uow, world)).show_rater_names
    )


def test_a_text_problem_and_a_missing_unit_are_reported_together(uow, world, clock):
    # A trusted actor: a person gets "no access" for a unit they hold no role in.
    with pytest.raises(FormInvalid) as caught:
        proposals.register_proposal(
            uow, proposal_input(world, title="", unit_id=999_999), actor=SYSTEM, clock=clock
        )
    assert {"title", "unit_id"} <= caught.value.problems.keys()
