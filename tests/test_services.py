"""Use cases on the in-memory repository: the rules people rely on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from assessment import decision, dilemmas, organisation, people, proposals, scoring_sheet
from assessment.kernel.errors import FormInvalid, InvalidInput, NotAllowed, NotFound, StaleEdit, WrongState
from assessment.kernel.model import DilemmaStatus, Role, Round, Status
from assessment.kernel.permissions import SYSTEM, AccessDenied, NotNow, on_behalf_of
from assessment.kernel.repository import ProposalFilter, UnitOfWork
from assessment.kernel.rubric import RubricError
from tests.conftest import UNITS_OF_WORK, unit_of_work_for
from tests.fakes import FakeUnitOfWork
from tests.support import (
    SMALL_RUBRIC,
    Clock,
    World,
    build_world,
    proposal_input,
    reveal_after_one_score,
    scoring_proposal,
)


@pytest.fixture(params=UNITS_OF_WORK)
def uow(request, tmp_path) -> Iterator[UnitOfWork]:
    yield from unit_of_work_for(request.param, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(uow: FakeUnitOfWork, clock: Clock) -> World:
    return build_world(uow, clock)


def leader(uow, world):
    """The world's leader, with the roles the database gives her."""
    return people.actor_for(uow, world.leader_id)


def score(uow, proposal, rater, level, *, option=1, criterion="borger", facet="", reason="", clock=None):
    return scoring_sheet.record_score(
        uow,
        scoring_sheet.ScoreInput(proposal.id, proposal.options[option].id, criterion, level, reason, facet),
        actor=people.actor_for(uow, rater),
        clock=clock or Clock(),
    )


# Proposals -------------------------------------------------------------------


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


# Scoring ---------------------------------------------------------------------


def test_saving_the_same_score_twice_leaves_one_row(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for _ in range(20):
        score(uow, proposal, world.raters[0], 2, reason="Færre nye ansigter hos fru Jensen")
    with uow.read() as repo:
        assert len(repo.all_scores(proposal.id)) == 1


@pytest.mark.parametrize(
    ("entry", "error", "words"),
    [
        ({"criterion": "findes_ikke"}, InvalidInput, "no criterion called findes_ikke"),
        ({"level": 3}, InvalidInput, "3 is not a level"),
        ({"level": -3}, InvalidInput, "-3 is not a level"),
        ({"criterion": "perspektiver", "facet": ""}, InvalidInput, "not scored for"),
        ({"criterion": "perspektiver", "facet": "imagined"}, InvalidInput, "not scored for"),
        ({"criterion": "rolle", "facet": "laerer"}, InvalidInput, "not scored for"),
        ({"criterion": "borger", "facet": "formal"}, InvalidInput, "not scored for"),
    ],
)
def test_a_score_off_the_rubric_is_refused_with_a_reason(uow, world, clock, entry, error, words):
    proposal = scoring_proposal(uow, world, clock)
    arguments = {"level": 1, "criterion": "borger", "facet": ""} | entry
    with pytest.raises(error, match=words):
        score(uow, proposal, world.raters[0], arguments.pop("level"), **arguments)
    with uow.read() as repo:
        assert repo.all_scores(proposal.id) == []


def test_faceted_criteria_take_one_score_per_facet(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for facet in ("formal", "performed", "experienced"):
        score(uow, proposal, world.raters[0], 1, criterion="perspektiver", facet=facet)
    score(uow, proposal, world.raters[0], 2, criterion="rolle", facet="sygeplejerske")
    sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    # 3 options × (borger 1 + perspektiver 3 + rolle 2 professions + inddragelse 1) = 21 cells
    assert (sheet.cells_scored, sheet.cells_total) == (4, 21)


def test_someone_off_the_panel_cannot_score(uow, world, clock):
    proposal = proposals.register_proposal(
        uow, proposal_input(world, panel_person_ids=world.raters[:2]), actor=leader(uow, world), clock=clock
    )
    proposals.open_scoring(uow, proposal.id, actor=leader(uow, world), clock=clock)
    # Cecilie is a rater in the unit, but not on this proposal's panel.
    with pytest.raises(NotAllowed, match="not on the panel"):
        score(uow, proposal, world.raters[2], 1)
    # The leader holds no rater role at all: refused before the panel is even looked at.
    with pytest.raises(AccessDenied):
        score(uow, proposal, world.leader_id, 1)


def test_a_draft_takes_no_scores(uow, world, clock):
    proposal = proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    # Raters do not see drafts at all, so they are told no more than "no access".
    with pytest.raises(AccessDenied) as refused:
        score(uow, proposal, world.raters[0], 1)
    assert not isinstance(refused.value, NotNow)
    # The life cycle refuses it too, even for a trusted program acting for the rater.
    with pytest.raises(WrongState, match="not open for scoring"):
        scoring_sheet.record_score(
            uow,
            scoring_sheet.ScoreInput(proposal.id, proposal.options[1].id, "borger", 1),
            actor=on_behalf_of(world.raters[0]),
            clock=clock,
        )


def test_an_option_of_another_proposal_is_refused(uow, world, clock):
    first = scoring_proposal(uow, world, clock)
    other = scoring_proposal(uow, world, clock)
    with pytest.raises(NotFound):
        scoring_sheet.record_score(
            uow,
            scoring_sheet.ScoreInput(first.id, other.options[1].id, "borger", 1),
            actor=people.actor_for(uow, world.raters[0]),
        )


def test_scores_stay_hidden_until_reveal(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], 2, reason="Anne's private reason")
    sheet_b = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, world.raters[1]))
    assert sheet_b.own_scores == {}
    for person_id in (world.leader_id, world.raters[1]):
        with pytest.raises(NotAllowed, match="hidden until the reveal"):
            scoring_sheet.group_results(uow, proposal.id, actor=people.actor_for(uow, person_id))
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    results = scoring_sheet.group_results(uow, proposal.id, actor=people.actor_for(uow, world.raters[1]))
    assert results.tallies[(proposal.options[1].id, "borger", "")].counts == {2: 1}


def test_the_blind_round_log_does_not_reveal_the_level(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], 2)
    with uow.read() as repo:
        events = [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "score.round1"]
    assert len(events) == 1
    assert "level" not in (events[0].after or {})


def test_a_round_two_score_replaces_round_one_and_the_change_is_logged(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for rater, level in zip(world.raters, (-2, 1, 2), strict=True):
        score(uow, proposal, rater, level)
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    assert sheet.round is Round.REVISED
    assert sheet.own_scores[(proposal.options[1].id, "borger", "")].level == -2  # starts from round 1
    score(uow, proposal, world.raters[0], 0, reason="Efter drøftelsen")
    results = scoring_sheet.group_results(uow, proposal.id, actor=leader(uow, world))
    assert results.tallies[(proposal.options[1].id, "borger", "")].counts == {0: 1, 1: 1, 2: 1}
    with uow.read() as repo:
        logged = [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "score.round2"]
    # The cell, never the level: the trail names the rater, and the discussion must not be undone.
    assert [(e.actor_id, e.before, e.after) for e in logged] == [
        (world.raters[0], None, {"cell": f"{proposal.options[1].id}/borger/"})
    ]


def test_dont_know_is_counted_apart(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], None)
    score(uow, proposal, world.raters[1], 1)
    proposals.reveal(uow, proposal.id, actor=leader(uow, world), clock=clock)
    tally = scoring_sheet.group_results(uow, proposal.id, actor=leader(uow, world)).tallies[
        (proposal.options[1].id, "borger", "")
    ]
    assert (tally.counts, tally.dont_know) == ({1: 1}, 1)


# Dialogue, decision and follow-up --------------------------------------------


def decision_input(proposal, **changes):
    data = dict(
        chosen_option_id=proposal.options[1].id,
        justification="Faste teams giver fru Jensen færre nye ansigter.",
        med_statement="MED støtter forsøget med forbehold for vagtplanen.",
        dissent="To medarbejderrepræsentanter foretrækker makkerpar.",
        conditions="Evalueres efter et halvt år.",
        follow_up_date=date(2027, 6, 1),
        indicators="Antal forskellige medarbejdere pr. borger pr. uge.",
    )
    return decision.DecisionInput(**(data | changes))


def test_the_whole_life_of_a_proposal(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    for rater, level in zip(world.raters, (-2, 1, 2), strict=True):
        score(uow, proposal, rater, level)
    proposals.reveal(uow, proposal.id, actor=people.actor_for(uow, world.leader_id), clock=clock)
    dilemma = dilemmas.record_dilemma(
        uow,
        proposal.id,
        text="Kontinuitet over for fleksibilitet i vagtplanen",
        pole_a="Kontinuitet",
        pole_b="Fleksibilitet",
        option_id=proposal.options[1].id,
        criterion_key="borger",
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    dilemmas.set_dilemma_status(
        uow,
        proposal.id,
        dilemma.id,
        status=DilemmaStatus.HANDLED,
        note="Aftalt i MED",
        actor=leader(uow, world),
        clock=clock,
    )
    decision.record_decision(
        uow,
        proposal.id,
        decision_input(proposal),
        actor=people.actor_for(uow, world.leader_id),
        clock=clock,
    )
    assert proposals.get_proposal(uow, proposal.id, actor=leader(uow, world)).status is Status.DECIDED
    with pytest.raises(WrongState):  # deciding locks the scores
        score(uow, proposal, world.raters[0], 2)
    proposals.start_follow_up(uow, proposal.id, actor=leader(uow, world), clock=clock)
    score(uow, proposal, world.raters[0], 1)
    with pytest.raises(InvalidInput, match="only the chosen option"):
        score(uow, proposal, world.raters[0], 1, option=2)
    # 1 chosen option × (borger 1 + perspektiver 3 + rolle 2 + inddragelse 1) = 7 cells
    assert (
        scoring_sheet.scoring_sheet(
            uow, proposal.id, actor=people.actor_for(uow, world.raters[0])
        ).cells_total
        == 7
    )
    results = scoring_sheet.group_results(uow, proposal.id, actor=people.actor_for(uow, world.raters[1]))
    assert results.follow_up[(proposal.options[1].id, "borger", "")].counts == {1: 1}
    assert results.tallies[(proposal.options[1].id, "borger", "")].counts == {-2: 1, 1: 1, 2: 1}
    proposals.close_proposal(uow, proposal.id, actor=leader(uow, world), clock=clock)
    assert dilemmas.dilemmas(uow, proposal.id, actor=leader(uow, world))[0].status is DilemmaStatus.HANDLED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"justification": ""}, "justification"),
        ({"med_statement": " "}, "med_statement"),
        ({"indicators": ""}, "indicators"),
        ({"follow_up_date": date(2026, 11, 27)}, "follow_up_date"),
        ({"chosen_option_id": 999_999}, "chosen_option_id"),
    ],
)
def test_a_decision_form_names_what_is_missing(uow, world, clock, changes, field):
    proposal = reveal_after_one_score(uow, world, scoring_proposal(uow, world, clock), clock)
    with pytest.raises(FormInvalid) as caught:
        decision.record_decision(
            uow, proposal.id, decision_input(proposal, **changes), actor=leader(uow, world), clock=clock
        )
    assert field in caught.value.problems
    assert proposals.get_proposal(uow, proposal.id, actor=leader(uow, world)).status is Status.DISCUSSION


def test_no_decision_before_the_discussion(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(WrongState):  # NotNow: the leader may decide, only not yet
        decision.record_decision(
            uow, proposal.id, decision_input(proposal), actor=leader(uow, world), clock=clock
        )
    assert decision.get_decision(uow, proposal.id, actor=SYSTEM) is None


def test_dilemmas_wait_for_the_reveal(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(WrongState):
        dilemmas.record_dilemma(
            uow, proposal.id, text="Tidligt dilemma", actor=leader(uow, world), clock=clock
        )


# Organisation and rubrics ----------------------------------------------------


def test_editing_a_core_task_keeps_the_history(uow, world, clock):
    for statement in ("Borgeren klarer sig selv længst muligt", "Borgeren lever det liv, borgeren ønsker"):
        organisation.record_core_task(
            uow,
            unit_id=world.unit_id,
            statement=statement,
            formal="Serviceloven §83",
            performed="Vi leverer ydelser",
            experienced="Borgerne oplever mange nye ansigter",
            actor=people.actor_for(uow, world.leader_id),
            clock=clock,
        )
    chain = organisation.core_task_chain(uow, unit_id=world.unit_id, actor=leader(uow, world))
    assert [unit.name for unit, _ in chain] == ["Hjemmeplejen Nord", "Ældre og Sundhed"]
    assert chain[0][1].version == 2
    with uow.read() as repo:
        assert [c.version for c in repo.core_task_history(world.unit_id)] == [2, 1]


def test_the_same_rubric_twice_is_stored_once(uow, world, clock):
    again = organisation.register_rubric(
        uow, content=SMALL_RUBRIC.encode(), source_name="lille.toml", actor=SYSTEM, clock=clock
    ).ref
    assert again == world.rubric


def test_a_changed_rubric_needs_a_new_version(uow, world, clock):
    changed = SMALL_RUBRIC.replace("Effekt for borgeren?", "Effekt for borgerne?")
    with pytest.raises(InvalidInput, match="new version number"):
        organisation.register_rubric(
            uow, content=changed.encode(), source_name="lille.toml", actor=SYSTEM, clock=clock
        )


def test_a_broken_rubric_stores_nothing(uow, clock):
    with pytest.raises(RubricError):
        organisation.register_rubric(
            uow, content=b"id = ", source_name="brudt.toml", actor=SYSTEM, clock=clock
        )
    with uow.read() as repo:
        assert repo.list_rubrics() == []


def test_people_are_found_by_email_whatever_its_case(uow, world, clock):
    with pytest.raises(FormInvalid) as caught:
        people.register_person(
            uow, name="Anne igen", email="ANNE@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
        )
    assert "email" in caught.value.problems


def test_a_bad_email_is_explained(uow, clock):
    with pytest.raises(FormInvalid) as caught:
        people.register_person(
            uow, name="X", email="ikke-en-adresse", profession_id=None, actor=SYSTEM, clock=clock
        )
    assert "e-mail" in str(caught.value)


def test_re_saving_a_blind_score_after_the_reveal_is_not_a_change(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    score(uow, proposal, world.raters[0], 1, reason="Samme mening")
    proposals.reveal(uow, proposal.id, actor=leader(uow, world), clock=clock)
    score(uow, proposal, world.raters[0], 1, reason="Samme mening")
    with uow.read() as repo:
        assert repo.scores_of(proposal.id, world.raters[0], Round.REVISED) == []
        assert not [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "score.round2"]


def test_a_closed_proposal_keeps_its_dilemmas_as_they_were(uow, world, clock):
    proposal = reveal_after_one_score(uow, world, scoring_proposal(uow, world, clock), clock)
    lead = leader(uow, world)
    dilemma = dilemmas.record_dilemma(
        uow, proposal.id, text="Nærhed eller fleksibilitet", actor=lead, clock=clock
    )
    decision.record_decision(uow, proposal.id, decision_input(proposal), actor=lead, clock=clock)
    proposals.start_follow_up(uow, proposal.id, actor=lead, clock=clock)
    proposals.close_proposal(uow, proposal.id, actor=lead, clock=clock)
    with pytest.raises(WrongState, match="closed"):
        dilemmas.set_dilemma_status(
            uow, proposal.id, dilemma.id, status=DilemmaStatus.HANDLED, actor=lead, clock=clock
        )


def test_a_batch_of_scores_is_saved_whole_or_not_at_all(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    option = proposal.options[1].id
    good = scoring_sheet.ScoreInput(proposal.id, option, "borger", 1, "Godt for fru Jensen")
    bad = scoring_sheet.ScoreInput(proposal.id, option, "borger", 7)
    with pytest.raises(InvalidInput):
        scoring_sheet.record_scores(
            uow, proposal.id, [good, bad], actor=people.actor_for(uow, world.raters[0]), clock=clock
        )
    with uow.read() as repo:
        assert repo.all_scores(proposal.id) == []
    saved = scoring_sheet.record_scores(
        uow, proposal.id, [good], actor=people.actor_for(uow, world.raters[0]), clock=clock
    )
    assert [s.level for s in saved] == [1]


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


def test_a_core_task_edit_from_an_older_version_is_refused(uow, world, clock):
    def save(statement, expected):
        return organisation.record_core_task(
            uow,
            unit_id=world.unit_id,
            statement=statement,
            formal="",
            performed="",
            experienced="",
            actor=leader(uow, world),
            expected_version=expected,
            clock=clock,
        )

    save("Borgeren klarer sig selv længst muligt", 0)
    save("Borgeren lever det liv, borgeren ønsker", 1)
    with pytest.raises(StaleEdit, match="Lone Leder saved version 2"):
        save("Mit gamle udkast", 1)
    with uow.read() as repo:
        assert [c.version for c in repo.core_task_history(world.unit_id)] == [2, 1]
