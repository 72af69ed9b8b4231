"""The leadership's portfolio, the search across earlier decisions, and the follow-up in a calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from assessment import dilemmas, med_committees, organisation, outcomes, people, proposals, reminders
from assessment.kernel.errors import WrongState
from assessment.kernel.model import (
    ChangeType,
    CommitteeKind,
    CommitteeRole,
    CommitteeSide,
    Role,
    UnitLevel,
    Verdict,
)
from assessment.kernel.permissions import SYSTEM, AccessDenied
from assessment.outcome_rules import FollowUpState
from assessment.portfolio import PortfolioFilter, has_portfolio, portfolio, search_decisions
from tests.assessment.helpers import leader
from tests.assessment.outcome_helpers import bath, decided_proposal
from tests.support import proposal_input, scoring_proposal


def _person(uow, clock, name, *roles):
    """A new person, with ``roles`` as (unit, role) pairs."""
    person = people.register_person(
        uow,
        name=name,
        email=f"{name.split()[0].lower()}@kommune.dk",
        profession_id=None,
        actor=SYSTEM,
        clock=clock,
    )
    for unit_id, role in roles:
        people.grant_role(uow, person_id=person.id, unit_id=unit_id, role=role, actor=SYSTEM, clock=clock)
    return person.id


def _seat(uow, clock, unit_id, person_id, name="Område-MED"):
    committee = med_committees.register_committee(
        uow, name=name, kind=CommitteeKind.AREA, unit_id=unit_id, actor=SYSTEM, clock=clock
    )
    seat = med_committees.add_member(
        uow,
        committee.id,
        person_id=person_id,
        side=CommitteeSide.EMPLOYEE,
        role=CommitteeRole.UNION_REP,
        actor=SYSTEM,
        clock=clock,
    )
    return committee, seat


def test_the_portfolio_holds_the_decided_proposals_of_the_units_a_person_leads(uow, world, clock):
    first = decided_proposal(uow, world, clock)
    second = decided_proposal(uow, world, clock, follow_up_date=date(2027, 1, 15))
    scoring_proposal(uow, world, clock)  # not decided: not in the portfolio
    [bath_indicator] = outcomes.save_indicators(
        uow, first.proposal.id, [bath()], actor=leader(uow, world), clock=clock
    )
    outcomes.record_measurement(
        uow,
        bath_indicator.id,
        outcomes.MeasurementInput(date(2026, 11, 20), 60.0),
        actor=leader(uow, world),
        clock=clock,
    )
    outcomes.save_indicators(uow, second.proposal.id, [bath()], actor=leader(uow, world), clock=clock)
    found = portfolio(uow, actor=leader(uow, world), clock=clock)
    assert [row.proposal_id for row in found.rows] == [
        second.proposal.id,
        first.proposal.id,
    ]  # newest decision first
    assert {row.proposal_id: row.state for row in found.rows} == {
        first.proposal.id: FollowUpState.ON_TRACK,
        second.proposal.id: FollowUpState.NOT_MEASURED,
    }
    row = found.rows[1]
    assert (row.unit_name, row.change_type, row.decision_year, row.indicators, row.on_track) == (
        "Hjemmeplejen Nord",
        ChangeType.ORGANISATIONAL,
        2026,
        1,
        1,
    )
    assert found.by_unit == {"Hjemmeplejen Nord": 2} and found.by_year == {2026: 2} and found.total == 2
    assert found.by_state == {FollowUpState.ON_TRACK: 1, FollowUpState.NOT_MEASURED: 1}
    # In February the second's follow-up date has passed; a conclusion ends it either way.
    clock.now = datetime(2027, 2, 1, 9, tzinfo=UTC)
    outcomes.conclude_follow_up(
        uow, first.proposal.id, Verdict.CONTINUE, "Det virker", actor=leader(uow, world), clock=clock
    )
    later = portfolio(uow, actor=leader(uow, world), clock=clock)
    assert [row.state for row in later.rows] == [FollowUpState.OVERDUE, FollowUpState.CONCLUDED]
    assert later.rows[1].verdict is Verdict.CONTINUE
    overdue = portfolio(
        uow, actor=leader(uow, world), filters=PortfolioFilter(state=FollowUpState.OVERDUE), clock=clock
    )
    assert [row.proposal_id for row in overdue.rows] == [second.proposal.id] and overdue.total == 2
    assert overdue.by_state == {FollowUpState.OVERDUE: 1}


def test_the_filters_narrow_by_unit_and_below_change_type_and_year(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    actor = leader(uow, world)
    assert portfolio(uow, actor=actor, filters=PortfolioFilter(unit_id=world.top_unit_id)).rows
    assert portfolio(uow, actor=actor, filters=PortfolioFilter(unit_id=world.unit_id)).rows
    assert not portfolio(uow, actor=actor, filters=PortfolioFilter(change_type=ChangeType.CORE_TASK)).rows
    assert not portfolio(uow, actor=actor, filters=PortfolioFilter(year=2025)).rows
    found = portfolio(
        uow, actor=actor, filters=PortfolioFilter(year=2026, change_type=ChangeType.ORGANISATIONAL)
    )
    assert [row.proposal_id for row in found.rows] == [decided.proposal.id]
    assert found.units == ((world.unit_id, "Hjemmeplejen Nord"),) and found.years == (2026,)


def test_a_seat_on_the_med_committee_above_opens_the_portfolio_until_it_ends(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    tr = _person(uow, clock, "Tina Tillidsrepræsentant")
    assert portfolio(uow, actor=people.actor_for(uow, tr)).rows == ()
    committee, seat = _seat(uow, clock, world.top_unit_id, tr)
    assert [row.proposal_id for row in portfolio(uow, actor=people.actor_for(uow, tr)).rows] == [
        decided.proposal.id
    ]
    med_committees.remove_member(uow, committee.id, seat.id, actor=SYSTEM, clock=clock)
    assert portfolio(uow, actor=people.actor_for(uow, tr)).rows == ()
    again, _seat_again = _seat(uow, clock, world.top_unit_id, tr, name="Nyt Område-MED")
    assert portfolio(uow, actor=people.actor_for(uow, tr)).total == 1
    med_committees.close_committee(uow, again.id, actor=SYSTEM, clock=clock)
    assert portfolio(uow, actor=people.actor_for(uow, tr)).rows == ()


def test_raters_and_leaders_elsewhere_see_no_portfolio(uow, world, clock):
    decided_proposal(uow, world, clock)
    elsewhere = organisation.register_unit(
        uow, name="Hjemmeplejen Syd", level=UnitLevel.INSTITUTION, parent_id=None, actor=SYSTEM, clock=clock
    )
    other_leader = _person(
        uow, clock, "Olga Udenfor", (elsewhere.id, Role.LEADER), (elsewhere.id, Role.ADMIN)
    )
    assert portfolio(uow, actor=people.actor_for(uow, other_leader)).total == 0
    assert portfolio(uow, actor=people.actor_for(uow, world.raters[0])).total == 0
    assert portfolio(uow, actor=SYSTEM).total == 1


def test_the_search_finds_every_word_in_any_text_and_shows_where(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    dilemmas.record_dilemma(
        uow,
        decided.proposal.id,
        text="Tryghed for de ældre mod færre timer",
        actor=leader(uow, world),
        clock=clock,
    )
    actor = leader(uow, world)
    [hit] = search_decisions(uow, "FRU jensen", actor=actor)
    assert (hit.proposal_id, hit.field, hit.unit_name) == (
        decided.proposal.id,
        "justification",
        "Hjemmeplejen Nord",
    )
    assert hit.excerpt == "Faste teams giver fru Jensen færre nye ansigter."
    [in_dilemma] = search_decisions(uow, "ÆLDRE, tryghed!", actor=actor)
    assert in_dilemma.field == "dilemma" and "ældre" in in_dilemma.excerpt
    assert search_decisions(uow, "jensen vikarer", actor=actor) == []  # every word must be there
    assert search_decisions(uow, "  ", actor=actor) == []
    [titled] = search_decisions(uow, "hjemmeplejen faste", actor=actor)
    assert titled.field == "title"


def test_a_long_text_is_cut_around_the_first_hit_on_whole_words(uow, world, clock):
    long = " ".join(["forord"] * 30 + ["Fru Jensen klarer nu selv badet"] + ["efterord"] * 30)
    decided = decided_proposal(uow, world, clock, conditions=long)
    [hit] = search_decisions(uow, "badet", actor=leader(uow, world))
    assert hit.field == "conditions" and hit.proposal_id == decided.proposal.id
    assert hit.excerpt.startswith("… ") and hit.excerpt.endswith(" …") and "badet" in hit.excerpt
    assert len(hit.excerpt) <= 2 * 60 + 4 and "  " not in hit.excerpt
    assert all(
        word in {"forord", "efterord", "Fru", "Jensen", "klarer", "nu", "selv", "badet", "…"}
        for word in hit.excerpt.split()
    )


def test_the_search_reads_only_what_the_person_may_see(uow, world, clock):
    decided_proposal(uow, world, clock)
    hidden = proposals.register_proposal(
        uow, proposal_input(world, title="Jensen i blind vurdering"), actor=leader(uow, world), clock=clock
    )
    proposals.open_scoring(uow, hidden.id, actor=leader(uow, world), clock=clock)
    assert [h.title for h in search_decisions(uow, "jensen", actor=leader(uow, world))] == [
        "Faste teams i hjemmeplejen"
    ]
    elsewhere = organisation.register_unit(
        uow, name="Hjemmeplejen Syd", level=UnitLevel.INSTITUTION, parent_id=None, actor=SYSTEM, clock=clock
    )
    outsider = _person(uow, clock, "Olga Udenfor", *((elsewhere.id, role) for role in Role))
    assert search_decisions(uow, "jensen", actor=people.actor_for(uow, outsider)) == []
    # A reader at the top of the tree reads every decision below it: across units.
    reader = _person(uow, clock, "Rikke Læser", (world.top_unit_id, Role.READER))
    assert len(search_decisions(uow, "jensen", actor=people.actor_for(uow, reader))) == 1


def test_the_follow_up_date_goes_into_a_danish_calendar_file(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    clock.now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC) - timedelta(seconds=1)
    data = reminders.follow_up_calendar(
        uow, decided.proposal.id, actor=leader(uow, world), clock=clock, base_url="https://kk.example.dk/"
    )
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.events
    assert str(event["SUMMARY"]) == "Opfølgning: Faste teams i hjemmeplejen"
    assert event.start == datetime(2027, 6, 1, 9, 0, tzinfo=event.start.tzinfo)
    assert str(event.start.tzinfo) == "Europe/Copenhagen" and event.start.utcoffset() == timedelta(hours=2)
    assert event.end - event.start == timedelta(hours=1)
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Copenhagen"]
    assert str(event["UID"]) == f"kernekompas-opfoelgning-{decided.proposal.id}-20270601@kernekompas"
    assert datetime(2026, 12, 1, 8, 0, tzinfo=UTC) == event.DTSTAMP
    assert str(event["DESCRIPTION"]).split("\n") == [
        "Enhed: Hjemmeplejen Nord",
        "Beslutning: Faste teams på fire",
        "Opfølgningsansvarlig: Cecilie Berg",
        f"Link til opfølgningen: https://kk.example.dk/decision?proposal={decided.proposal.id}",
    ]
    assert [str(alarm["ACTION"]) for alarm in event.walk("VALARM")] == ["DISPLAY"]
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded as RFC 5545 asks
    again = reminders.follow_up_calendar(
        uow,
        decided.proposal.id,
        actor=leader(uow, world),
        clock=lambda: datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
        base_url="https://kk.example.dk/",
    )
    assert again == data  # the same day gives the same file: a second import updates the one event


def test_a_calendar_file_needs_a_decision_and_the_right_to_see_it(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    with pytest.raises(AccessDenied):  # in blind scoring nobody sees the results
        reminders.follow_up_calendar(uow, proposal.id, actor=leader(uow, world))
    with pytest.raises(WrongState):
        reminders.follow_up_calendar(uow, proposal.id, actor=SYSTEM)


def test_the_menu_offers_the_portfolio_to_a_seat_on_a_committee_and_not_to_a_rater(uow, world, clock):
    tr = _person(uow, clock, "Tina Tillidsrepræsentant")
    assert not has_portfolio(uow, actor=people.actor_for(uow, tr))
    assert not has_portfolio(uow, actor=people.actor_for(uow, world.raters[0]))
    _seat(uow, clock, world.top_unit_id, tr)
    assert has_portfolio(uow, actor=people.actor_for(uow, tr))
    assert has_portfolio(uow, actor=SYSTEM)


def test_a_rerun_reuses_the_rows_and_any_change_shows_at_once(uow, world, clock):
    # A filter's rerun reuses the rows built for the same database state; a measurement, a renamed
    # unit or a new day rebuild them, so nothing stale is ever shown.
    decided = decided_proposal(uow, world, clock)
    [indicator] = outcomes.save_indicators(
        uow, decided.proposal.id, [bath()], actor=leader(uow, world), clock=clock
    )
    first = portfolio(uow, actor=leader(uow, world), clock=clock)
    again = portfolio(uow, actor=leader(uow, world), filters=PortfolioFilter(year=2026), clock=clock)
    assert again.rows[0] is first.rows[0]  # the same row object: not built again
    assert first.rows[0].state is FollowUpState.NOT_MEASURED
    outcomes.record_measurement(
        uow,
        indicator.id,
        outcomes.MeasurementInput(date(2026, 11, 20), 60.0),
        actor=leader(uow, world),
        clock=clock,
    )
    assert portfolio(uow, actor=leader(uow, world), clock=clock).rows[0].state is FollowUpState.ON_TRACK
    unit_id = decided.proposal.unit_id
    organisation_units = {u.id: u for u in organisation.directory(uow, actor=SYSTEM).units}
    from assessment import unit_upkeep

    unit_upkeep.rename_unit(uow, unit_id, name="Hjemmeplejen Nordvest", actor=SYSTEM, clock=clock)
    renamed = portfolio(uow, actor=leader(uow, world), clock=clock)
    assert organisation_units[unit_id].name != renamed.rows[0].unit_name == "Hjemmeplejen Nordvest"
    clock.now = datetime(2030, 6, 1, 9, tzinfo=UTC)  # past the follow-up date: overdue, without a change
    assert portfolio(uow, actor=leader(uow, world), clock=clock).rows[0].state is FollowUpState.OVERDUE
