"""The SQL repository keeps every promise of ``assessment.kernel.repository``, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from assessment.kernel.errors import InvalidInput, NotFound, StaleEdit, WrongState
from assessment.kernel.model import (
    AuditEvent,
    CoreTask,
    Decision,
    Dilemma,
    DilemmaStatus,
    Membership,
    Option,
    PanelMember,
    Person,
    Profession,
    Role,
    Round,
    RubricRef,
    Score,
    Status,
    Unit,
    UnitLevel,
)
from assessment.kernel.repository import ProposalFilter, StoredRubric
from assessment.kernel.scoring import Tally
from storage.tables import ScoreRow, UnitRow
from tests.storage.world import World, at


def _score(world: World, proposal, option: int, rater: str, level: int | None, **changes) -> Score:
    values = {
        "proposal_id": proposal.id,
        "option_id": proposal.options[option].id,
        "criterion_key": "borger",
        "facet": "",
        "rater_id": world.people[rater].id,
        "round": Round.BLIND,
        "level": level,
        "reason": "",
        "updated_at": world.tick(),
    }
    values.update(changes)
    return Score(**values)


def _count(uow, statement) -> int:
    with uow.engine.connect() as connection:
        return connection.execute(statement).scalar_one()


# Organisation ------------------------------------------------------------------------------------


def test_units_round_trip_with_their_place_in_the_tree(world):
    with world.uow.read() as repo:
        assert repo.get_unit(world.home_care.id) == Unit(
            name="Hjemmeplejen Nord",
            level=UnitLevel.INSTITUTION,
            parent_id=world.municipality.id,
            id=world.home_care.id,
        )
        assert repo.list_units() == [world.municipality, world.home_care]
        assert repo.get_unit(999_999) is None


def test_core_task_history_lists_the_newest_version_first(world):
    def version(number: int) -> CoreTask:
        return CoreTask(
            unit_id=world.home_care.id,
            version=number,
            statement=f"Borgeren klarer sig selv (v{number})",
            formal="Serviceloven § 83",
            performed="Vi gør rent",
            experienced="Hjælp til at klare sig",
            author_id=world.people["leader"].id,
            valid_from=at(number),
        )

    with world.uow.write() as repo:
        first = repo.add_core_task(version(1))
        second = repo.add_core_task(version(2))
    assert first.id is not None and second.id is not None
    with world.uow.read() as repo:
        assert repo.core_task_history(world.home_care.id) == [second, first]
        assert repo.core_task_history(world.municipality.id) == []
    with pytest.raises(StaleEdit), world.uow.write() as repo:
        repo.add_core_task(version(2))


def test_professions_round_trip_and_their_keys_are_unique(world):
    with world.uow.read() as repo:
        assert [p.key for p in repo.list_professions()] == ["ssh", "spl", "ter"]
    with pytest.raises(InvalidInput), world.uow.write() as repo:
        repo.add_profession(Profession(key="ssh", name="Igen"))


def test_people_are_found_by_email_whatever_its_case(world):
    leader = world.people["leader"]
    assert leader.email == "lene@kommune.dk"
    with world.uow.read() as repo:
        assert repo.find_person_by_email("LENE@kommune.DK") == leader
        assert repo.find_person_by_email(" lene@kommune.dk ") == leader
        assert repo.find_person_by_email("nobody@kommune.dk") is None
        assert repo.get_person(leader.id) == leader
        assert [p.name for p in repo.list_people()][:2] == ["Lene Leder", "Søren Sygeplejerske"]


def test_a_second_person_with_the_same_email_in_other_case_is_refused(world):
    with pytest.raises(InvalidInput), world.uow.write() as repo:
        repo.add_person(Person(name="Lene igen", email="LENE@KOMMUNE.DK"))


def test_memberships_round_trip_and_a_role_is_held_once_per_unit(world):
    person_id = world.people["nurse"].id
    with world.uow.write() as repo:
        rater = repo.add_membership(Membership(person_id, world.home_care.id, Role.RATER))
        med = repo.add_membership(Membership(person_id, world.home_care.id, Role.MED_MEMBER))
    with world.uow.read() as repo:
        assert repo.memberships_of(person_id) == [rater, med]
        assert rater.role is Role.RATER
    with pytest.raises(InvalidInput), world.uow.write() as repo:
        repo.add_membership(Membership(person_id, world.home_care.id, Role.RATER))


def test_rubrics_round_trip_and_storing_the_same_file_again_is_harmless(world):
    other = StoredRubric(RubricRef("kort", "2", "sha256:" + "cd" * 32), "[x]\nå = 1\n", "kort.toml")
    with world.uow.write() as repo:
        repo.add_rubric(other)
        repo.add_rubric(other)
    with world.uow.read() as repo:
        assert repo.get_rubric("kort", "2") == other
        assert repo.get_rubric("kort", "3") is None
        assert [r.ref.rubric_id for r in repo.list_rubrics()] == ["kerneopgave", "kort"]
    changed = replace(other, ref=replace(other.ref, content_hash="sha256:" + "ef" * 32))
    with pytest.raises(InvalidInput), world.uow.write() as repo:
        repo.add_rubric(changed)


# Proposals ---------------------------------------------------------------------------------------


def test_a_proposal_round_trips_with_options_panel_and_affected_professions(world):
    copenhagen = timezone(timedelta(hours=1))
    created = datetime(2026, 11, 27, 10, 30, tzinfo=copenhagen)
    draft = world.proposal(created_at=created, updated_at=created)
    with world.uow.write() as repo:
        stored = repo.add_proposal(draft)

    assert stored.id is not None
    assert stored == replace(
        draft,
        id=stored.id,
        options=[
            replace(option, id=saved.id, proposal_id=stored.id)
            for option, saved in zip(draft.options, stored.options, strict=True)
        ],
        panel=[replace(member, proposal_id=stored.id) for member in draft.panel],
    )
    assert all(option.id is not None for option in stored.options)
    assert (stored.version, stored.status, stored.baseline.description) == (1, Status.DRAFT, "Som nu")
    # Stored and given back as UTC, whatever zone it came in.
    assert stored.created_at.tzinfo is UTC and stored.created_at.hour == 9
    with world.uow.read() as repo:
        assert repo.get_proposal(stored.id) == stored
        assert repo.get_proposal(999_999) is None


def test_an_update_from_the_current_version_saves_everything_and_bumps_the_version(world):
    stored = world.add_proposal()
    baseline, first, second = stored.options
    edited = replace(
        stored,
        title="Ny vagtplan, revideret",
        status=Status.SCORING,
        context="Sygefravær",
        show_rater_names=True,
        updated_by=world.people["nurse"].id,
        updated_at=at(60),
        affected_profession_ids=[world.professions["ter"].id],
        options=[
            baseline,
            replace(second, title="Rullende vagter, kort", position=1),
            Option(title="Ekstra weekendvagt", position=2),
        ],
        panel=[
            PanelMember(world.people["nurse"].id, world.professions["spl"].id),
            PanelMember(world.people["therapist"].id, world.professions["ter"].id),
        ],
    )
    with world.uow.write() as repo:
        saved = repo.update_proposal(edited, expected_version=1)

    assert saved.version == 2
    assert (saved.title, saved.status, saved.context, saved.show_rater_names) == (
        "Ny vagtplan, revideret",
        Status.SCORING,
        "Sygefravær",
        True,
    )
    assert (saved.updated_by, saved.updated_at) == (world.people["nurse"].id, at(60))
    assert (saved.created_by, saved.created_at) == (stored.created_by, stored.created_at)
    assert [(o.title, o.position) for o in saved.options] == [
        ("", 0),
        ("Rullende vagter, kort", 1),
        ("Ekstra weekendvagt", 2),
    ]
    assert saved.options[1].id == second.id  # updated in place, not replaced
    assert first.id not in {o.id for o in saved.options}  # removed: it had no scores
    assert {m.person_id for m in saved.panel} == {world.people["nurse"].id, world.people["therapist"].id}
    assert saved.affected_profession_ids == [world.professions["ter"].id]
    with world.uow.read() as repo:
        assert repo.get_proposal(stored.id) == saved


def test_an_update_from_a_stale_version_is_refused_naming_who_changed_it_and_when(world):
    stored = world.add_proposal()
    with world.uow.write() as repo:
        repo.update_proposal(
            replace(stored, title="Søren's version", updated_by=world.people["nurse"].id, updated_at=at(90)),
            expected_version=1,
        )

    with pytest.raises(StaleEdit) as refused, world.uow.write() as repo:
        repo.update_proposal(replace(stored, title="Lene's version"), expected_version=1)

    assert refused.value.message.params["name"] == "Søren Sygeplejerske"
    assert refused.value.message.params["time"] == at(90)
    assert refused.value.message.id.startswith("This proposal was changed by {name} at {time}.")
    with world.uow.read() as repo:
        current = repo.get_proposal(stored.id)
    assert (current.title, current.version) == ("Søren's version", 2)


def test_two_people_saving_the_same_version_at_once_one_wins_and_the_other_is_told_who(world):
    stored = world.add_proposal()
    barrier = threading.Barrier(2, timeout=10)
    outcomes: dict[str, object] = {}

    def save(person: str) -> None:
        barrier.wait()
        try:
            with world.uow.write() as repo:
                time.sleep(0.02)
                edited = replace(stored, title=f"Version fra {person}", updated_by=world.people[person].id)
                outcomes[person] = repo.update_proposal(replace(edited, updated_at=at(300)), 1).version
        except StaleEdit as refused:
            outcomes[person] = refused

    threads = [threading.Thread(target=save, args=(person,)) for person in ("leader", "nurse")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(type(outcome).__name__ for outcome in outcomes.values()) == ["StaleEdit", "int"]
    [(winner, _version)] = [(p, o) for p, o in outcomes.items() if o == 2]
    [refused] = [o for o in outcomes.values() if isinstance(o, StaleEdit)]
    assert refused.message.params["name"] == world.people[winner].name
    with world.uow.read() as repo:
        assert repo.get_proposal(stored.id).title == f"Version fra {winner}"


def test_an_update_of_a_proposal_that_does_not_exist_is_not_found(world):
    ghost = replace(world.proposal(), id=999_999)
    with pytest.raises(NotFound), world.uow.write() as repo:
        repo.update_proposal(ghost, expected_version=1)


def test_an_option_that_has_been_scored_cannot_be_removed(world):
    stored = world.add_proposal()
    with world.uow.write() as repo:
        repo.save_score(_score(world, stored, 1, "nurse", 1))
    with pytest.raises(WrongState, match="Fælles aftenvagt"), world.uow.write() as repo:
        repo.update_proposal(replace(stored, options=[stored.options[0], stored.options[2]]), 1)
    with world.uow.read() as repo:
        assert len(repo.get_proposal(stored.id).options) == 3


# Scores ------------------------------------------------------------------------------------------


def test_saving_the_same_score_twenty_times_leaves_one_row(world):
    proposal = world.add_proposal()
    score = _score(world, proposal, 1, "nurse", 2, reason="Færre overdragelser")
    ids = set()
    for _ in range(20):
        with world.uow.write() as repo:
            stored, _previous = repo.save_score(score)
        ids.add(stored.id)
    assert len(ids) == 1
    assert _count(world.uow, select(func.count()).select_from(ScoreRow)) == 1
    with world.uow.read() as repo:
        assert repo.all_scores(proposal.id) == [replace(score, id=ids.pop())]


def test_changing_a_score_updates_its_row_and_returns_the_one_it_replaced(world):
    proposal = world.add_proposal()
    first = _score(world, proposal, 1, "nurse", 2, reason="Færre overdragelser")
    with world.uow.write() as repo:
        stored, previous = repo.save_score(first)
    assert previous is None
    changed = replace(first, level=None, reason="Ved ikke endnu", updated_at=at(500))
    with world.uow.write() as repo:
        restored, previous = repo.save_score(changed)
    assert restored == replace(changed, id=stored.id)
    assert previous == stored
    with world.uow.read() as repo:
        assert repo.scores_of(proposal.id, world.people["nurse"].id, Round.BLIND) == [restored]
        assert repo.scores_of(proposal.id, world.people["nurse"].id, Round.REVISED) == []


def test_a_score_in_another_round_or_facet_is_another_row(world):
    proposal = world.add_proposal()
    blind = _score(world, proposal, 1, "nurse", 1)
    with world.uow.write() as repo:
        repo.save_score(blind)
        repo.save_score(replace(blind, round=Round.REVISED, level=2))
        repo.save_score(replace(blind, criterion_key="perspektiver", facet="formal", level=0))
    with world.uow.read() as repo:
        scores = repo.all_scores(proposal.id)
    assert [(s.round, s.criterion_key, s.facet, s.level) for s in scores] == [
        (Round.BLIND, "borger", "", 1),
        (Round.BLIND, "perspektiver", "formal", 0),
        (Round.REVISED, "borger", "", 2),
    ]


def test_tallies_count_each_level_and_dont_know_per_option_criterion_and_facet(world):
    proposal = world.add_proposal()
    option, other = proposal.options[1].id, proposal.options[2].id
    with world.uow.write() as repo:
        for rater, level in (("nurse", 2), ("carer1", 2), ("carer2", None), ("leader", -1)):
            repo.save_score(_score(world, proposal, 1, rater, level))
        repo.save_score(_score(world, proposal, 2, "nurse", 0))
        repo.save_score(_score(world, proposal, 1, "nurse", 1, criterion_key="perspektiver", facet="formal"))
        repo.save_score(_score(world, proposal, 1, "carer1", None, round=Round.REVISED))
    with world.uow.read() as repo:
        blind = repo.tallies(proposal.id, Round.BLIND)
        follow_up = repo.tallies(proposal.id, Round.FOLLOW_UP)
    assert blind == {
        (option, "borger", ""): Tally({2: 2, -1: 1}, dont_know=1),
        (other, "borger", ""): Tally({0: 1}),
        (option, "perspektiver", "formal"): Tally({1: 1}),
    }
    assert follow_up == {}


def test_revised_tallies_count_a_raters_round_two_score_where_given_else_round_one(world):
    proposal = world.add_proposal()
    option = proposal.options[1].id
    with world.uow.write() as repo:
        # Round 1: nurse +2, carer1 +2, carer2 don't know.
        for rater, level in (("nurse", 2), ("carer1", 2), ("carer2", None)):
            repo.save_score(_score(world, proposal, 1, rater, level))
        # Round 2: the nurse moves to 0, carer2 now says -1; carer1 keeps the round-1 score;
        # the therapist scores only in round 2.
        for rater, level in (("nurse", 0), ("carer2", -1), ("therapist", 1)):
            repo.save_score(_score(world, proposal, 1, rater, level, round=Round.REVISED))
        # A round-2 score elsewhere must not hide carer1's round-1 score here.
        repo.save_score(_score(world, proposal, 2, "carer1", 1, round=Round.REVISED))
    with world.uow.read() as repo:
        revised = repo.tallies(proposal.id, Round.REVISED)
        blind = repo.tallies(proposal.id, Round.BLIND)
    assert revised == {
        (option, "borger", ""): Tally({2: 1, 0: 1, -1: 1, 1: 1}),
        (proposal.options[2].id, "borger", ""): Tally({1: 1}),
    }
    assert blind == {(option, "borger", ""): Tally({2: 2}, dont_know=1)}


def test_profession_tallies_split_the_scores_by_the_profession_on_the_panel(world):
    proposal = world.add_proposal()
    option = proposal.options[1].id
    with world.uow.write() as repo:
        for rater, level in (("nurse", 2), ("carer1", 1), ("carer2", None), ("leader", -2)):
            repo.save_score(_score(world, proposal, 1, rater, level))
        repo.save_score(_score(world, proposal, 1, "carer1", -1, round=Round.REVISED))
    with world.uow.read() as repo:
        blind = repo.profession_tallies(proposal.id, Round.BLIND)
        revised = repo.profession_tallies(proposal.id, Round.REVISED)
        sizes = repo.panel_profession_sizes(proposal.id)
    # The leader is not on the panel, so has no profession there.
    assert blind == {
        (option, "borger", "", "spl"): Tally({2: 1}),
        (option, "borger", "", "ssh"): Tally({1: 1}, dont_know=1),
    }
    assert revised[(option, "borger", "", "ssh")] == Tally({-1: 1}, dont_know=1)
    assert sizes == {"spl": 1, "ssh": 2}


def test_panel_sizes_count_members_per_profession_and_skip_those_without_one(world):
    proposal = world.add_proposal(
        panel=[
            PanelMember(world.people["carer1"].id, world.professions["ssh"].id),
            PanelMember(world.people["leader"].id, None),
        ]
    )
    with world.uow.read() as repo:
        assert repo.panel_profession_sizes(proposal.id) == {"ssh": 1}
        assert repo.panel_profession_sizes(999_999) == {}


# The overview ------------------------------------------------------------------------------------


def test_find_proposals_filters_by_text_status_and_unit_and_pages_newest_first(world):
    with world.uow.write() as repo:
        other_unit = repo.add_unit(Unit(name="Træning", level=UnitLevel.INSTITUTION))
    titles = [
        ("Ændret vagtplan", Status.DRAFT, world.home_care.id),
        ("Nyt ÆBLE-projekt", Status.SCORING, world.home_care.id),
        ("Rengøring hver 3. uge", Status.SCORING, other_unit.id),
        ("100% digital journal", Status.DECIDED, world.home_care.id),
        ("Madordning", Status.DRAFT, other_unit.id),
    ]
    stored = [world.add_proposal(title, status=status, unit_id=unit) for title, status, unit in titles]
    newest_first = [p.id for p in reversed(stored)]

    def find(**query):
        with world.uow.read() as repo:
            page, total = repo.find_proposals(ProposalFilter(**query, scope=None))
        return [s.id for s in page], total

    assert find() == (newest_first, 5)
    assert find(text="æble") == ([stored[1].id], 1)  # case-insensitive beyond ASCII
    assert find(text="ÆNDRET") == ([stored[0].id], 1)
    assert find(text="nattevagter") == (newest_first, 5)  # the description counts too
    assert find(text="100%") == ([stored[3].id], 1)  # % is a character, not a wildcard
    assert find(text="_") == ([], 0)
    assert find(statuses=(Status.SCORING,)) == ([stored[2].id, stored[1].id], 2)
    assert find(statuses=(Status.DRAFT, Status.DECIDED), unit_ids=(world.home_care.id,)) == (
        [stored[3].id, stored[0].id],
        2,
    )
    assert find(unit_ids=(other_unit.id,), text="mad") == ([stored[4].id], 1)
    assert find(limit=2) == (newest_first[:2], 5)
    assert find(limit=2, offset=4) == (newest_first[4:], 5)
    assert find(offset=10) == ([], 5)

    with world.uow.read() as repo:
        page, _ = repo.find_proposals(ProposalFilter(text="æble", scope=None))
    summary = page[0]
    assert (summary.title, summary.unit_name, summary.status) == (
        "Nyt ÆBLE-projekt",
        "Hjemmeplejen Nord",
        Status.SCORING,
    )
    assert summary.updated_at == stored[1].updated_at and summary.follow_up_date is None


def test_the_newest_edit_comes_first_in_the_overview(world):
    first, second = world.add_proposal("Først"), world.add_proposal("Derefter")
    with world.uow.write() as repo:
        repo.update_proposal(replace(first, updated_at=at(1000)), first.version)
    with world.uow.read() as repo:
        page, _ = repo.find_proposals(ProposalFilter(scope=None))
    assert [s.id for s in page] == [first.id, second.id]


def test_proposals_on_a_panel_are_those_in_the_asked_statuses_with_the_person_on_the_panel(world):
    statuses = [Status.DRAFT, Status.SCORING, Status.DISCUSSION, Status.FOLLOW_UP, Status.CLOSED]
    stored = [world.add_proposal(f"Forslag {s.value}", status=s) for s in statuses]
    world.add_proposal("Uden Søren", status=Status.SCORING, panel=[])
    with world.uow.read() as repo:
        awaiting = (Status.SCORING, Status.FOLLOW_UP)
        nurse = repo.proposals_on_panel(world.people["nurse"].id, awaiting, scope=None)
        therapist = repo.proposals_on_panel(world.people["therapist"].id, awaiting, scope=None)
        revealed = repo.proposals_on_panel(world.people["nurse"].id, (Status.DISCUSSION,), scope=None)
    assert [s.id for s in nurse] == [stored[1].id, stored[3].id]  # in the order of the statuses asked
    assert therapist == []
    assert [s.id for s in revealed] == [stored[2].id]


def test_proposals_on_a_panel_come_by_the_asked_status_order_newest_first_and_are_cut_at_the_limit(world):
    older, newer = (world.add_proposal(f"Vurderes {n}", status=Status.SCORING) for n in (1, 2))
    revealed = world.add_proposal("Drøftes", status=Status.DISCUSSION)
    nurse = world.people["nurse"].id
    with world.uow.read() as repo:
        every = repo.proposals_on_panel(nurse, (Status.DISCUSSION, Status.SCORING), scope=None)
        first_two = repo.proposals_on_panel(nurse, (Status.SCORING, Status.DISCUSSION), scope=None, limit=2)
    assert [s.id for s in every] == [revealed.id, newer.id, older.id]
    assert [s.id for s in first_two] == [newer.id, older.id]


def test_follow_ups_due_are_decided_proposals_whose_follow_up_date_has_come(world):
    dates = {
        Status.DECIDED: date(2027, 3, 1),
        Status.FOLLOW_UP: date(2027, 2, 1),
        Status.CLOSED: date(2027, 1, 1),
    }
    stored = {}
    for status, follow_up in dates.items():
        proposal = world.add_proposal(f"Forslag {status.value}", status=status)
        with world.uow.write() as repo:
            repo.save_decision(_decision(world, proposal, follow_up_date=follow_up), None)
        stored[status] = proposal
    later = world.add_proposal("Senere", status=Status.DECIDED)
    with world.uow.write() as repo:
        repo.save_decision(_decision(world, later, follow_up_date=date(2027, 6, 1)), None)

    def due(day: date) -> list[int]:
        with world.uow.read() as repo:
            return [s.id for s in repo.follow_ups_due(day, scope=None)]

    assert due(date(2027, 1, 31)) == []
    assert due(date(2027, 2, 1)) == [stored[Status.FOLLOW_UP].id]
    assert due(date(2027, 3, 1)) == [stored[Status.FOLLOW_UP].id, stored[Status.DECIDED].id]
    with world.uow.read() as repo:
        summary = repo.follow_ups_due(date(2027, 3, 1), scope=None)[1]
    assert summary.follow_up_date == date(2027, 3, 1)


# Dialogue, decision, audit -----------------------------------------------------------------------


def _decision(world: World, proposal, **changes) -> Decision:
    values = {
        "proposal_id": proposal.id,
        "chosen_option_id": proposal.options[1].id,
        "justification": "Bedst for borgeren",
        "med_statement": "MED bakker op",
        "dissent": "",
        "conditions": "Evalueres efter et halvt år",
        "follow_up_date": date(2027, 6, 1),
        "indicators": "Færre overdragelser",
        "decided_by": world.people["leader"].id,
        "decided_at": world.tick(),
    }
    values.update(changes)
    return Decision(**values)


def test_dilemmas_are_added_listed_and_updated(world):
    proposal = world.add_proposal()
    dilemma = Dilemma(
        proposal_id=proposal.id,
        text="Kontinuitet mod fleksibilitet",
        pole_a="Samme hjælper",
        pole_b="Flere hænder",
        created_by=world.people["nurse"].id,
        created_at=at(5),
        option_id=proposal.options[1].id,
        criterion_key="borger",
    )
    with world.uow.write() as repo:
        stored = repo.add_dilemma(dilemma)
        repo.add_dilemma(replace(dilemma, text="Andet dilemma", option_id=None, criterion_key=None))
    assert stored == replace(dilemma, id=stored.id)
    handled = replace(stored, status=DilemmaStatus.HANDLED, note="Aftalt i MED")
    with world.uow.write() as repo:
        assert repo.update_dilemma(handled) == handled
    with world.uow.read() as repo:
        found = repo.dilemmas_of(proposal.id)
    assert [d.text for d in found] == ["Kontinuitet mod fleksibilitet", "Andet dilemma"]
    assert found[0] == handled
    with pytest.raises(NotFound), world.uow.write() as repo:
        repo.update_dilemma(replace(handled, id=999_999))


def test_a_decision_is_inserted_then_updated_and_a_stale_save_is_refused(world):
    proposal = world.add_proposal()
    with world.uow.read() as repo:
        assert repo.get_decision(proposal.id) is None
    decision = _decision(world, proposal, decided_at=at(200))
    with world.uow.write() as repo:
        stored = repo.save_decision(decision, expected_version=None)
    assert stored == replace(decision, version=1)

    with world.uow.write() as repo:
        updated = repo.save_decision(replace(stored, dissent="FOA tager forbehold"), expected_version=1)
    assert (updated.version, updated.dissent) == (2, "FOA tager forbehold")

    with pytest.raises(StaleEdit) as refused, world.uow.write() as repo:
        repo.save_decision(replace(stored, dissent="Ingen"), expected_version=1)
    assert refused.value.message.params["name"] == "Lene Leder"
    with pytest.raises(StaleEdit), world.uow.write() as repo:
        repo.save_decision(decision, expected_version=None)  # a second first decision
    with world.uow.read() as repo:
        assert repo.get_decision(proposal.id) == updated

    other = world.add_proposal("Uden beslutning")
    with pytest.raises(NotFound), world.uow.write() as repo:
        repo.save_decision(_decision(world, other), expected_version=1)


def test_audit_events_are_appended_with_their_before_and_after_as_json(world):
    events = [
        AuditEvent(
            actor_id=world.people["leader"].id,
            action="proposal.move",
            object_type="proposal",
            object_id="7",
            at=at(1),
            before={"status": Status.DRAFT, "title": "Æble"},
            after={"status": "scoring", "when": date(2027, 1, 2), "n": 3},
        ),
        AuditEvent(actor_id=None, action="proposal.note", object_type="proposal", object_id="7", at=at(2)),
        AuditEvent(actor_id=None, action="unit.add", object_type="unit", object_id="7", at=at(3)),
    ]
    with world.uow.write() as repo:
        for event in events:
            repo.record(event)
    with world.uow.read() as repo:
        found = repo.events_for("proposal", "7")
    assert [e.action for e in found] == ["proposal.move", "proposal.note"]
    assert found[0].before == {"status": "draft", "title": "Æble"}
    assert found[0].after == {"status": "scoring", "when": "2027-01-02", "n": 3}
    assert found[1] == replace(events[1], id=found[1].id)
    assert found[0].at == at(1) and found[0].id is not None


# Transactions ------------------------------------------------------------------------------------


def test_an_error_inside_a_write_leaves_nothing_behind(world):
    proposal = world.proposal()
    with pytest.raises(RuntimeError, match="boom"), world.uow.write() as repo:
        repo.add_unit(Unit(name="Halvfærdig", level=UnitLevel.TEAM))
        stored = repo.add_proposal(proposal)
        repo.save_score(_score(world, stored, 1, "nurse", 2))
        repo.record(AuditEvent(None, "proposal.register", "proposal", str(stored.id), at(1)))
        raise RuntimeError("boom")
    with world.uow.read() as repo:
        assert [u.name for u in repo.list_units()] == ["Kommunen", "Hjemmeplejen Nord"]
        assert repo.find_proposals(ProposalFilter(scope=None)) == ([], 0)
        assert repo.events_for("proposal", str(stored.id)) == []
    assert _count(world.uow, select(func.count()).select_from(ScoreRow)) == 0


def test_a_refused_stale_edit_rolls_back_the_rest_of_its_transaction(world):
    stored = world.add_proposal()
    with world.uow.write() as repo:
        repo.update_proposal(replace(stored, title="Først"), expected_version=1)
    with pytest.raises(StaleEdit), world.uow.write() as repo:
        repo.add_unit(Unit(name="Må ikke gemmes", level=UnitLevel.TEAM))
        repo.update_proposal(replace(stored, title="For sent"), expected_version=1)
    assert _count(world.uow, select(func.count()).select_from(UnitRow)) == 2


def test_nothing_done_inside_a_read_block_is_kept(world):
    try:
        with world.uow.read() as repo:
            repo.add_unit(Unit(name="Skrevet i en læsning", level=UnitLevel.TEAM))
    except DBAPIError:
        pass  # PostgreSQL: the read transaction is read-only; SQLite: rolled back at the end
    with world.uow.read() as repo:
        assert [u.name for u in repo.list_units()] == ["Kommunen", "Hjemmeplejen Nord"]
