"""MED committees as organisation data: registered, renamed, moved, merged, closed; members and their roles."""

from __future__ import annotations

import pytest

from assessment import med_committees, organisation, people, proposals
from assessment.kernel.errors import FormInvalid, WrongState
from assessment.kernel.i18n import Translator
from assessment.kernel.model import CommitteeKind, CommitteeRole, CommitteeSide, Role, UnitLevel
from assessment.kernel.permissions import SYSTEM, AccessDenied
from tests.assessment.helpers import leader
from tests.support import proposal_input

danish = Translator("da")
CHAIR, AMR, TR, MEMBER = (
    CommitteeRole.CHAIR,
    CommitteeRole.WORK_ENVIRONMENT_REP,
    CommitteeRole.UNION_REP,
    CommitteeRole.MEMBER,
)
EMPLOYER, EMPLOYEE = CommitteeSide.EMPLOYER, CommitteeSide.EMPLOYEE


def _committee(uow, clock, name, unit_id, kind=CommitteeKind.LOCAL):
    return med_committees.register_committee(
        uow, name=name, kind=kind, unit_id=unit_id, actor=SYSTEM, clock=clock
    ).id


def _seat(uow, clock, committee_id, person_id, side, role):
    return med_committees.add_member(
        uow, committee_id, person_id=person_id, side=side, role=role, actor=SYSTEM, clock=clock
    )


@pytest.fixture
def committees(uow, world, clock):
    """The centre's area committee and the institution's local committee, with members."""
    area = _committee(uow, clock, "Center-MED Ældre og Sundhed", world.top_unit_id, CommitteeKind.AREA)
    local = _committee(uow, clock, "Lokal-MED Hjemmeplejen Nord", world.unit_id)
    _seat(uow, clock, local, world.leader_id, EMPLOYER, CHAIR)
    _seat(uow, clock, local, world.raters[0], EMPLOYEE, AMR)
    _seat(uow, clock, local, world.raters[1], EMPLOYEE, TR)
    _seat(uow, clock, local, world.raters[2], EMPLOYEE, MEMBER)
    return area, local


def test_the_committees_of_a_unit_are_its_own_then_those_above_open_only(uow, world, clock, committees):
    area, local = committees
    closed = _committee(uow, clock, "Gammelt udvalg", world.unit_id)
    med_committees.close_committee(uow, closed, actor=SYSTEM, clock=clock)
    elsewhere = organisation.register_unit(
        uow, name="Børn og Unge", level=UnitLevel.ADMINISTRATION, parent_id=None, actor=SYSTEM, clock=clock
    )
    _committee(uow, clock, "Område-MED Børn og Unge", elsewhere.id, CommitteeKind.AREA)
    with uow.read() as repo:
        assert [c.id for c in med_committees.committees_for_unit(repo, world.unit_id)] == [local, area]
        assert [c.id for c in med_committees.committees_for_unit(repo, world.top_unit_id)] == [area]


def test_the_summary_names_the_committee_its_chair_amr_and_tr(uow, world, clock, committees):
    _area, local = committees
    with uow.read() as repo:
        facts = med_committees.committee_for_summary(repo, local)
    assert facts is not None
    assert (facts.name, danish(facts.kind), facts.unit_name) == (
        "Lokal-MED Hjemmeplejen Nord",
        "Lokaludvalg",
        "Hjemmeplejen Nord",
    )
    assert (facts.chairs, facts.work_environment_reps, facts.union_reps) == (
        ("Lone Leder",),
        ("Anne Hansen",),
        ("Bo Nielsen",),
    )


@pytest.mark.parametrize(
    "same", ["Lokal-MED Hjemmeplejen Nord", "lokal-med  hjemmeplejen nord ", "LOKAL-MED\tHJEMMEPLEJEN NORD"]
)
def test_a_duplicate_committee_name_in_one_unit_is_refused(uow, world, clock, committees, same):
    with pytest.raises(FormInvalid) as refused:
        _committee(uow, clock, same, world.unit_id)
    assert danish.message(refused.value.problems["name"]) == (
        "Enheden har allerede et MED-udvalg med navnet »Lokal-MED Hjemmeplejen Nord«. "
        "Giv udvalget et andet navn."
    )
    _committee(uow, clock, same, world.top_unit_id)  # another unit may have one of that name


def test_renaming_and_moving_keep_the_committee_and_refuse_duplicates(uow, world, clock, committees):
    _area, local = committees
    _committee(uow, clock, "Personalemøde med MED-status", world.unit_id, CommitteeKind.STAFF_MEETING)
    with pytest.raises(FormInvalid):
        med_committees.rename_committee(
            uow, local, name=" personalemøde med  med-status", actor=SYSTEM, clock=clock
        )
    renamed = med_committees.rename_committee(
        uow, local, name="Center-MED Ældre og Sundhed", actor=SYSTEM, clock=clock
    )
    assert renamed.name == "Center-MED Ældre og Sundhed"
    with pytest.raises(FormInvalid) as refused:  # the centre has a committee of that name
        med_committees.move_committee(uow, local, unit_id=world.top_unit_id, actor=SYSTEM, clock=clock)
    assert "unit_id" in refused.value.problems
    med_committees.rename_committee(uow, local, name="LMU", actor=SYSTEM, clock=clock)
    moved = med_committees.move_committee(uow, local, unit_id=world.top_unit_id, actor=SYSTEM, clock=clock)
    assert moved.unit_id == world.top_unit_id
    with uow.read() as repo:
        assert len([m for m in repo.committee_members(local) if m.active]) == 4
        events = repo.events_for("med_committee", str(local))
    assert [e.action for e in events] == [
        "med_committee.register",
        "med_committee.rename",
        "med_committee.rename",
        "med_committee.move",
    ]
    assert (events[-1].before, events[-1].after) == (
        {"unit_id": world.unit_id},
        {"unit_id": world.top_unit_id},
    )


def test_an_amr_or_tr_must_sit_on_the_employee_side(uow, world, clock, committees):
    _area, local = committees
    for role in (AMR, TR):
        with pytest.raises(FormInvalid) as refused:
            _seat(uow, clock, local, world.leader_id, EMPLOYER, role)
        assert "medarbejdersiden" in danish.message(refused.value.problems["side"])
    _seat(uow, clock, local, world.leader_id, EMPLOYER, MEMBER)  # an ordinary member may be on either side


def test_the_same_person_twice_in_one_role_is_refused_but_another_role_is_not(uow, world, clock, committees):
    _area, local = committees
    with pytest.raises(FormInvalid) as refused:
        _seat(uow, clock, local, world.raters[0], EMPLOYEE, AMR)
    assert (
        danish.message(refused.value.problems["person_id"])
        == "Anne Hansen har allerede denne rolle i udvalget."
    )
    _seat(uow, clock, local, world.raters[0], EMPLOYEE, CommitteeRole.VICE_CHAIR)


def test_removing_a_member_keeps_the_seat_as_history_and_frees_the_role(uow, world, clock, committees):
    _area, local = committees
    with uow.read() as repo:
        amr = next(m for m in repo.committee_members(local) if m.role is AMR)
    removed = med_committees.remove_member(uow, local, amr.id or 0, actor=SYSTEM, clock=clock)
    assert removed.removed_at is not None
    with uow.read() as repo:
        kept = next(m for m in repo.committee_members(local) if m.id == amr.id)
        assert kept.removed_at == removed.removed_at
        assert med_committees.committee_for_summary(repo, local).work_environment_reps == ()
    with pytest.raises(WrongState):
        med_committees.remove_member(uow, local, amr.id or 0, actor=SYSTEM, clock=clock)
    _seat(uow, clock, local, world.raters[0], EMPLOYEE, AMR)  # may be elected again


def test_a_merge_copies_the_members_missing_and_closes_the_committee(uow, world, clock, committees):
    area, local = committees
    _seat(uow, clock, area, world.leader_id, EMPLOYER, CHAIR)
    merged = med_committees.merge_committee(uow, local, into_id=area, actor=SYSTEM, clock=clock)
    assert (merged.merged_into_id, merged.closed_at is not None) == (area, True)
    with uow.read() as repo:
        in_area = sorted((m.person_id, m.role) for m in repo.committee_members(area) if m.active)
        assert len([m for m in repo.committee_members(local) if m.active]) == 4  # its history stays
        assert [c.id for c in med_committees.committees_for_unit(repo, world.unit_id)] == [area]
    assert in_area == sorted(
        [(world.leader_id, CHAIR), (world.raters[0], AMR), (world.raters[1], TR), (world.raters[2], MEMBER)]
    )
    with pytest.raises(WrongState):
        _seat(uow, clock, local, world.raters[0], EMPLOYEE, MEMBER)  # a closed committee takes nobody


def test_a_committee_is_not_merged_into_itself(uow, world, clock, committees):
    _area, local = committees
    with pytest.raises(FormInvalid):
        med_committees.merge_committee(uow, local, into_id=local, actor=SYSTEM, clock=clock)


def test_only_an_administrator_of_the_unit_changes_its_committees(uow, world, clock, committees):
    _area, local = committees
    with pytest.raises(AccessDenied):
        med_committees.rename_committee(uow, local, name="Mit", actor=leader(uow, world), clock=clock)
    people.grant_role(
        uow, person_id=world.leader_id, unit_id=world.unit_id, role=Role.ADMIN, actor=SYSTEM, clock=clock
    )
    med_committees.rename_committee(uow, local, name="Mit", actor=leader(uow, world), clock=clock)
    with pytest.raises(AccessDenied):  # the area committee is the centre's
        med_committees.close_committee(uow, committees[0], actor=leader(uow, world), clock=clock)


def test_a_proposal_involves_a_committee_of_its_chain_and_stores_its_name(uow, world, clock, committees):
    area, _local = committees
    data = proposal_input(world, med_committee="", med_committee_id=area)
    made = proposals.register_proposal(uow, data, actor=leader(uow, world), clock=clock)
    assert (made.med_committee_id, made.med_committee) == (area, "Center-MED Ældre og Sundhed")
    # A later rename does not rewrite what the proposal said.
    med_committees.rename_committee(uow, area, name="Center-MED Æ&S", actor=SYSTEM, clock=clock)
    edited = proposals.update_proposal(
        uow,
        made.id or 0,
        replace_title(data, "Nyt"),
        expected_version=1,
        actor=leader(uow, world),
        clock=clock,
    )
    assert (edited.med_committee_id, edited.med_committee) == (area, "Center-MED Ældre og Sundhed")


def replace_title(data, title):
    data.title = title
    return data


def test_a_committee_outside_the_units_chain_or_none_at_all_is_refused(uow, world, clock, committees):
    other = organisation.register_unit(
        uow, name="Børn og Unge", level=UnitLevel.ADMINISTRATION, parent_id=None, actor=SYSTEM, clock=clock
    )
    foreign = _committee(uow, clock, "Område-MED Børn og Unge", other.id, CommitteeKind.AREA)
    with pytest.raises(FormInvalid) as refused:
        proposals.register_proposal(
            uow, proposal_input(world, med_committee_id=foreign), actor=leader(uow, world), clock=clock
        )
    assert danish.message(refused.value.problems["med_committee_id"]) == (
        "Vælg et MED-udvalg i forslagets enhed eller i en enhed over den."
    )
    # The unit has committees: without one chosen and nothing written, the committee is asked for.
    with pytest.raises(FormInvalid) as refused:
        proposals.register_proposal(
            uow, proposal_input(world, med_committee=" "), actor=leader(uow, world), clock=clock
        )
    assert set(refused.value.problems) == {"med_committee_id"}
    # A name written by hand (by a program, or on a proposal from before the committees) is kept.
    made = proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    assert (made.med_committee_id, made.med_committee) == (None, "Lokal-MED Hjemmeplejen")


def test_without_committees_the_free_text_is_still_required(uow, world, clock):
    with pytest.raises(FormInvalid) as refused:
        proposals.register_proposal(
            uow, proposal_input(world, med_committee=" "), actor=leader(uow, world), clock=clock
        )
    assert set(refused.value.problems) == {"med_committee"}
    made = proposals.register_proposal(uow, proposal_input(world), actor=leader(uow, world), clock=clock)
    assert (made.med_committee_id, made.med_committee) == (None, "Lokal-MED Hjemmeplejen")


def test_the_overview_lists_every_committee_with_its_current_members_in_role_order(
    uow, world, clock, committees
):
    area, local = committees
    med_committees.close_committee(uow, area, actor=SYSTEM, clock=clock)
    entries = med_committees.committee_overview(uow, actor=SYSTEM)
    assert [e.committee.id for e in entries] == [local, area]  # open first
    # Chair, vice-chair, members, then the AMR and the TR.
    assert [seat.name for seat in entries[0].seats] == [
        "Lone Leder",
        "Cecilie Berg",
        "Anne Hansen",
        "Bo Nielsen",
    ]
    assert entries[0].unit is not None and entries[0].unit.name == "Hjemmeplejen Nord"
