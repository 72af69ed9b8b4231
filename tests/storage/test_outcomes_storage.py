"""Outcome indicators, measurements, conclusions and the portfolio, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from assessment.kernel.errors import WrongState
from assessment.kernel.model import (
    Decision,
    Dilemma,
    FollowUpConclusion,
    IndicatorMeasurement,
    OutcomeIndicator,
    Status,
    Verdict,
)
from tests.storage.world import World


def _decided(world: World, title: str = "Ny vagtplan", **changes: object):
    proposal = world.add_proposal(title, status=Status.DECIDED, **changes)
    with world.uow.write() as repo:
        repo.save_decision(
            Decision(
                proposal_id=proposal.id,
                chosen_option_id=proposal.options[1].id,
                justification="Færre skift for fru Jensen",
                med_statement="MED er hørt",
                dissent="Ét medlem var imod",
                conditions="",
                follow_up_date=date(2027, 6, 1),
                indicators="",
                decided_by=world.people["leader"].id,
                decided_at=world.tick(),
            ),
            None,
        )
    return proposal


def _indicator(world: World, proposal, position: int = 0, **changes: object) -> OutcomeIndicator:
    values: dict[str, object] = {
        "proposal_id": proposal.id,
        "option_id": proposal.options[1].id,
        "position": position,
        "name": "Borgere der selv klarer badet – æøå",
        "source": "Fælles Sprog III",
        "unit": "%",
        "baseline_value": 12.5,
        "baseline_date": date(2026, 9, 1),
        "target_value": 0.1 + 0.2,
        "target_date": date(2027, 9, 1),
        "higher_is_better": False,
        "created_by": world.people["leader"].id,
        "created_at": world.tick(),
    }
    values.update(changes)
    return OutcomeIndicator(**values)  # type: ignore[arg-type]


def _measurement(world: World, indicator, day: date, value: float, **changes: object) -> IndicatorMeasurement:
    values: dict[str, object] = {
        "indicator_id": indicator.id,
        "measured_on": day,
        "value": value,
        "source": "Egen registrering",
        "note": "Fru Jensen klarer badet 🛁",
        "recorded_by": world.people["nurse"].id,
        "recorded_at": world.tick(),
    }
    values.update(changes)
    return IndicatorMeasurement(**values)  # type: ignore[arg-type]


def test_indicators_and_measurements_are_stored_faithfully(world):
    proposal = _decided(world)
    with world.uow.write() as repo:
        second = repo.add_indicator(_indicator(world, proposal, 1, name="Genindlæggelser"))
        first = repo.add_indicator(_indicator(world, proposal, 0))
        late = repo.add_measurement(_measurement(world, first, date(2026, 11, 20), 11.0))
        early = repo.add_measurement(_measurement(world, first, date(2026, 10, 1), 12.0))
    assert first == replace(_indicator(world, proposal), created_at=first.created_at, id=first.id)
    assert first.target_value == 0.1 + 0.2 and first.higher_is_better is False
    assert first.created_at.utcoffset() is not None
    with world.uow.read() as repo:
        assert repo.indicators_of(proposal.id) == [first, second]
        assert repo.measurements_of(proposal.id) == [early, late]  # by indicator, then by day
        assert repo.get_indicator(first.id) == first
        assert repo.indicators_by(world.people["leader"].id) == [second, first]
        assert repo.measurements_by(world.people["nurse"].id) == [late, early]
    with world.uow.write() as repo:
        moved = repo.update_indicator(
            replace(second, position=2, target_value=5.0, name="Færre genindlæggelser")
        )
    assert (moved.position, moved.target_value, moved.name, moved.created_at) == (
        2,
        5.0,
        "Færre genindlæggelser",
        second.created_at,
    )
    with world.uow.write() as repo:
        repo.remove_indicator(second.id)
    with world.uow.read() as repo:
        assert repo.indicators_of(proposal.id) == [first]


def test_an_indicator_with_measurements_cannot_be_deleted_by_the_database(world):
    proposal = _decided(world)
    with world.uow.write() as repo:
        indicator = repo.add_indicator(_indicator(world, proposal))
        repo.add_measurement(_measurement(world, indicator, date(2026, 11, 1), 1.0))
    with pytest.raises(IntegrityError), world.uow.write() as repo:
        repo.remove_indicator(indicator.id)
    with world.uow.read() as repo:
        assert repo.indicators_of(proposal.id) == [indicator]


def test_a_proposal_is_concluded_once_and_may_point_to_its_successor(world):
    proposal = _decided(world)
    successor = world.add_proposal("Justering: Ny vagtplan", predecessor_id=proposal.id)
    assert successor.predecessor_id == proposal.id
    conclusion = FollowUpConclusion(
        proposal_id=proposal.id,
        verdict=Verdict.ADJUST,
        reasons="Teams på fire var for store",
        concluded_by=world.people["leader"].id,
        concluded_at=world.tick(),
        successor_proposal_id=successor.id,
    )
    with world.uow.write() as repo:
        assert repo.add_conclusion(conclusion) == conclusion
    with pytest.raises(WrongState), world.uow.write() as repo:
        repo.add_conclusion(replace(conclusion, verdict=Verdict.STOP))
    with world.uow.read() as repo:
        assert repo.get_conclusion(proposal.id) == conclusion
        assert repo.get_conclusion(successor.id) is None
        assert repo.conclusions_by(world.people["leader"].id) == [conclusion]
        assert repo.successor_of(proposal.id) == successor.id and repo.successor_of(successor.id) is None
        assert repo.get_proposal(successor.id).predecessor_id == proposal.id


def test_the_portfolio_holds_decided_proposals_with_each_indicators_newest_measurement(world):
    proposal = _decided(world)
    other_unit = _decided(world, "Andet sted", unit_id=world.municipality.id)
    world.add_proposal("Kladde")  # a draft is not in the portfolio
    with world.uow.write() as repo:
        indicator = repo.add_indicator(_indicator(world, proposal))
        unmeasured = repo.add_indicator(_indicator(world, proposal, 1, name="Ikke målt"))
        repo.add_measurement(_measurement(world, indicator, date(2026, 11, 20), 3.0))
        newest = repo.add_measurement(_measurement(world, indicator, date(2026, 11, 21), 2.0))
        repo.add_measurement(_measurement(world, indicator, date(2026, 10, 1), 1.0))  # recorded last, older
        same_day = repo.add_measurement(_measurement(world, indicator, date(2026, 11, 21), 4.0))
        repo.add_conclusion(
            FollowUpConclusion(other_unit.id, Verdict.STOP, "Nej", world.people["leader"].id, world.tick())
        )
    with world.uow.read() as repo:
        everything = repo.portfolio(None)
        mine = repo.portfolio(frozenset({world.home_care.id}))
        assert repo.portfolio(frozenset()) == []
    assert [entry.id for entry in everything] == [other_unit.id, proposal.id]  # newest decision first
    assert everything[0].verdict is Verdict.STOP and everything[0].readings == ()
    [entry] = mine
    assert (entry.title, entry.unit_name, entry.status, entry.follow_up_date) == (
        "Ny vagtplan",
        "Hjemmeplejen Nord",
        Status.DECIDED,
        date(2027, 6, 1),
    )
    assert [(r.indicator_id, r.measured_on, r.value) for r in entry.readings] == [
        (indicator.id, same_day.measured_on, same_day.value),
        (unmeasured.id, None, None),
    ]
    assert (entry.readings[0].baseline_value, entry.readings[0].target_date) == (12.5, date(2027, 9, 1))
    assert entry.readings[0].higher_is_better is False
    assert same_day.id > newest.id  # the same day: the one recorded last counts


def test_the_portfolio_reads_no_score_in_two_queries(world):
    proposal = _decided(world)
    with world.uow.write() as repo:
        repo.add_indicator(_indicator(world, proposal))
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = world.uow.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        with world.uow.read() as repo:
            assert len(repo.portfolio(frozenset({world.home_care.id}))) == 1
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 2
    assert not any(" score" in s.lower() for s in queries)


def test_the_texts_of_decisions_and_dilemmas_are_read_in_scope(world):
    proposal = _decided(world)
    world.add_proposal("Kladde om fru Jensen")  # a draft is never searched
    elsewhere = _decided(world, "Andet sted", unit_id=world.municipality.id)
    with world.uow.write() as repo:
        for text in ("Tryghed mod fleksibilitet", "Tid mod kvalitet"):
            repo.add_dilemma(Dilemma(proposal.id, text, "a", "b", None, world.tick()))
    scope = ((frozenset({world.home_care.id}), frozenset({Status.DECIDED})),)
    with world.uow.read() as repo:
        [text] = repo.decision_texts(scope)
        assert {t.id for t in repo.decision_texts(None)} == {proposal.id, elsewhere.id}
        assert repo.decision_texts(()) == []
    assert (text.id, text.unit_name, text.justification, text.dissent) == (
        proposal.id,
        "Hjemmeplejen Nord",
        "Færre skift for fru Jensen",
        "Ét medlem var imod",
    )
    assert text.dilemmas == ("Tryghed mod fleksibilitet", "Tid mod kvalitet")
