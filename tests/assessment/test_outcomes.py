"""The follow-up that measures: indicators on the decision, measurements, and the conclusion."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from assessment import outcomes, people, proposals, summary, unit_upkeep
from assessment.kernel.errors import FormInvalid, NotFound, StaleEdit, WrongState
from assessment.kernel.i18n import Translator
from assessment.kernel.model import ChangeType, Status, Verdict
from assessment.kernel.permissions import SYSTEM, AccessDenied, NotNow
from assessment.kernel.repository import AuditQuery
from assessment.outcome_rules import FollowUpState, IndicatorState
from report.export.markdown import to_markdown
from tests.assessment.helpers import leader
from tests.assessment.outcome_helpers import bath, decided_proposal, readmissions
from tests.support import reveal_after_one_score, scoring_proposal


def _events(uow, prefix):
    with uow.read() as repo:
        return repo.find_events(AuditQuery(action_prefix=prefix, limit=None))[0]


def test_the_leader_sets_the_indicators_of_the_chosen_option_as_one_list(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    saved = outcomes.save_indicators(
        uow, decided.proposal.id, [readmissions(), bath()], actor=leader(uow, world), clock=clock
    )
    assert [i.name for i in saved] == ["Genindlæggelser inden for 30 dage", "Borgere der selv klarer badet"]
    assert [i.position for i in saved] == [0, 1]
    assert {i.option_id for i in saved} == {decided.proposal.options[1].id}
    assert saved[0].higher_is_better is False and saved[1].baseline_value == 40.0
    assert saved[1].created_by == world.leader_id
    [event] = _events(uow, "outcome.indicators")
    assert event.object_id == str(decided.proposal.id)
    assert [i["name"] for i in event.after["indicators"]] == [i.name for i in saved]


def test_two_people_editing_the_indicators_at_once_cannot_overwrite_each_other(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    proposal_id = decided.proposal.id
    the_leader, follower = leader(uow, world), people.actor_for(uow, decided.follower)
    assert outcomes.outcomes_view(uow, proposal_id, actor=the_leader, clock=clock).indicators_version == 0
    [first] = outcomes.save_indicators(
        uow, proposal_id, [bath()], expected_version=0, actor=the_leader, clock=clock
    )
    # Both open the form on the same list.
    leaders_form = outcomes.outcomes_view(uow, proposal_id, actor=the_leader, clock=clock)
    followers_form = outcomes.outcomes_view(uow, proposal_id, actor=follower, clock=clock)
    assert leaders_form.indicators_version == followers_form.indicators_version == 1
    # The follow-up's responsible person saves first: a new target, and a second indicator.
    raised = replace(bath(), target_value=70.0, id=first.id)
    outcomes.save_indicators(
        uow,
        proposal_id,
        [raised, readmissions()],
        expected_version=followers_form.indicators_version,
        actor=follower,
        clock=clock,
    )
    # The leader saves from the list as it was: it would rename the first and drop the second.
    with pytest.raises(StaleEdit, match="changed by someone else") as refused:
        outcomes.save_indicators(
            uow,
            proposal_id,
            [replace(bath(name="Borgere der klarer badet med hjælpemidler"), id=first.id)],
            expected_version=leaders_form.indicators_version,
            actor=the_leader,
            clock=clock,
        )
    assert refused.value.message.render(Translator("da").gettext).startswith(
        "Effektindikatorerne blev ændret af en anden"
    )
    newer = outcomes.outcomes_view(uow, proposal_id, actor=the_leader, clock=clock)
    stored = [
        (item.indicator.id, item.indicator.name, item.indicator.target_value) for item in newer.indicators
    ]
    assert stored[0] == (first.id, first.name, 70.0) and [name for _, name, _ in stored] == [
        first.name,
        readmissions().name,
    ]
    assert newer.indicators_version == 2
    assert len(_events(uow, "outcome.indicators")) == 2, "the refused save left no trace"
    # From the newer list the leader's edit goes through; a form with a problem counts nothing up.
    with pytest.raises(FormInvalid):
        outcomes.save_indicators(
            uow, proposal_id, [bath(name="")], expected_version=2, actor=the_leader, clock=clock
        )
    outcomes.save_indicators(
        uow,
        proposal_id,
        [replace(bath(name="Borgere der klarer badet med hjælpemidler"), id=first.id)],
        expected_version=2,
        actor=the_leader,
        clock=clock,
    )
    assert outcomes.outcomes_view(uow, proposal_id, actor=the_leader, clock=clock).indicators_version == 3
    # A program that writes the list it has just read names no version, and still counts it up.
    outcomes.save_indicators(uow, proposal_id, [bath()], actor=SYSTEM, clock=clock)
    with pytest.raises(StaleEdit):
        outcomes.save_indicators(
            uow, proposal_id, [bath()], expected_version=3, actor=the_leader, clock=clock
        )


def test_saving_the_list_again_updates_adds_and_removes_but_never_a_measured_indicator(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    first, second = outcomes.save_indicators(
        uow, decided.proposal.id, [bath(), readmissions()], actor=leader(uow, world), clock=clock
    )
    again = outcomes.save_indicators(
        uow,
        decided.proposal.id,
        [outcomes.IndicatorInput(**{**vars(bath()), "target_value": 70.0, "id": first.id}), bath(name="Ny")],
        actor=leader(uow, world),
        clock=clock,
    )
    assert (again[0].id, again[0].target_value) == (first.id, 70.0)
    with uow.read() as repo:  # the second is gone, "Ny" is new
        assert (
            [i.name for i in repo.indicators_of(decided.proposal.id)]
            == [first.name, "Ny"]
            != [
                first.name,
                second.name,
            ]
        )
    outcomes.record_measurement(
        uow,
        first.id,
        outcomes.MeasurementInput(date(2026, 11, 1), 45.0),
        actor=leader(uow, world),
        clock=clock,
    )
    with pytest.raises(FormInvalid) as refused:
        outcomes.save_indicators(uow, decided.proposal.id, [bath(name="Ny")], actor=leader(uow, world))
    assert "has measurements" in str(refused.value.problems["indicators"])
    with pytest.raises(FormInvalid) as foreign:
        outcomes.save_indicators(uow, decided.proposal.id, [bath(id=987_654)], actor=leader(uow, world))
    assert "does not belong" in str(foreign.value.problems["indicators"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "indicators[0].name"),
        ({"name": "x" * 201}, "indicators[0].name"),
        ({"baseline_value": None}, "indicators[0].baseline_value"),
        ({"target_value": math.nan}, "indicators[0].target_value"),
        ({"baseline_value": math.inf}, "indicators[0].baseline_value"),
        ({"baseline_date": None}, "indicators[0].baseline_date"),
        ({"baseline_date": date(2026, 12, 24)}, "indicators[0].baseline_date"),  # after today
        ({"target_date": date(2026, 9, 1)}, "indicators[0].target_date"),  # = the baseline date
        ({"target_date": date(2026, 8, 1)}, "indicators[0].target_date"),
        ({"target_date": date(2099, 1, 1)}, "indicators[0].target_date"),
        ({"baseline_date": date(1899, 12, 31)}, "indicators[0].baseline_date"),
        ({"unit": "u" * 41}, "indicators[0].unit"),
    ],
)
def test_an_indicator_needs_a_name_finite_numbers_and_sane_dates(uow, world, clock, changes, field):
    decided = decided_proposal(uow, world, clock)
    with pytest.raises(FormInvalid) as refused:
        outcomes.save_indicators(
            uow, decided.proposal.id, [bath(**changes)], actor=leader(uow, world), clock=clock
        )
    assert field in refused.value.problems
    with uow.read() as repo:
        assert repo.indicators_of(decided.proposal.id) == []


def test_two_indicators_with_one_name_and_too_many_indicators_are_refused(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    with pytest.raises(FormInvalid, match="same name"):
        outcomes.save_indicators(uow, decided.proposal.id, [bath(), bath()], actor=leader(uow, world))
    many = [bath(name=f"Borgere {n}") for n in range(outcomes.INDICATOR_LIMIT + 1)]
    with pytest.raises(FormInvalid, match="At most"):
        outcomes.save_indicators(uow, decided.proposal.id, many, actor=leader(uow, world))


def test_outcomes_wait_for_the_decision_and_stop_when_the_proposal_is_closed(uow, world, clock):
    proposal = reveal_after_one_score(uow, world, scoring_proposal(uow, world, clock), clock)
    with pytest.raises(NotNow):
        outcomes.save_indicators(uow, proposal.id, [bath()], actor=leader(uow, world))
    decided = decided_proposal(uow, world, clock, justification="Anden runde")
    outcomes.save_indicators(uow, decided.proposal.id, [bath()], actor=leader(uow, world), clock=clock)
    proposals.start_follow_up(uow, decided.proposal.id, actor=leader(uow, world), clock=clock)
    outcomes.save_indicators(uow, decided.proposal.id, [bath()], actor=leader(uow, world), clock=clock)
    proposals.close_proposal(uow, decided.proposal.id, actor=leader(uow, world), clock=clock)
    with pytest.raises(NotNow):
        outcomes.save_indicators(uow, decided.proposal.id, [bath()], actor=leader(uow, world))


def test_the_person_named_to_follow_up_may_record_and_another_rater_may_not(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    follower = people.actor_for(uow, decided.follower)
    [indicator] = outcomes.save_indicators(uow, decided.proposal.id, [bath()], actor=follower, clock=clock)
    measured = outcomes.record_measurement(
        uow,
        indicator.id,
        outcomes.MeasurementInput(date(2026, 11, 20), 47.5, "Fælles Sprog III", "Fru Jensen klarer badet"),
        actor=follower,
        clock=clock,
    )
    assert (measured.value, measured.recorded_by, measured.note) == (
        47.5,
        decided.follower,
        "Fru Jensen klarer badet",
    )
    bystander = people.actor_for(uow, decided.bystander)
    with pytest.raises(AccessDenied):
        outcomes.save_indicators(uow, decided.proposal.id, [bath()], actor=bystander)
    with pytest.raises(AccessDenied):
        outcomes.record_measurement(
            uow, indicator.id, outcomes.MeasurementInput(date(2026, 11, 20), 1.0), actor=bystander
        )
    with pytest.raises(AccessDenied):
        outcomes.conclude_follow_up(uow, decided.proposal.id, Verdict.CONTINUE, "Fordi", actor=bystander)
    # The note may name people: it stays out of the audit trail.
    [event] = _events(uow, "outcome.measure")
    assert "Jensen" not in str(event.after) and event.after["value"] == 47.5


def test_a_measurement_cannot_lie_in_the_future_and_needs_a_number(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    [indicator] = outcomes.save_indicators(
        uow, decided.proposal.id, [bath()], actor=leader(uow, world), clock=clock
    )
    with pytest.raises(FormInvalid) as refused:
        outcomes.record_measurement(
            uow,
            indicator.id,
            outcomes.MeasurementInput(date(2026, 11, 28), math.nan),
            actor=leader(uow, world),
            clock=clock,
        )
    assert set(refused.value.problems) == {"measured_on", "value"}
    # Today in Denmark is already the 28th at 23:30 UTC on the 27th.
    clock.now = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    outcomes.record_measurement(
        uow,
        indicator.id,
        outcomes.MeasurementInput(date(2026, 11, 28), 50.0),
        actor=leader(uow, world),
        clock=clock,
    )


def test_an_unknown_indicator_is_refused_like_a_foreign_one_and_not_found_by_a_program(uow, world, clock):
    decided_proposal(uow, world, clock)
    with pytest.raises(AccessDenied):
        outcomes.record_measurement(
            uow, 987_654, outcomes.MeasurementInput(date(2026, 11, 1), 1.0), actor=leader(uow, world)
        )
    with pytest.raises(NotFound):
        outcomes.record_measurement(
            uow, 987_654, outcomes.MeasurementInput(date(2026, 11, 1), 1.0), actor=SYSTEM
        )


def test_the_follow_up_is_concluded_once_with_reasons(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    with pytest.raises(FormInvalid) as refused:
        outcomes.conclude_follow_up(uow, decided.proposal.id, Verdict.STOP, "  ", actor=leader(uow, world))
    assert set(refused.value.problems) == {"reasons"}
    with pytest.raises(FormInvalid) as wrong:
        outcomes.conclude_follow_up(
            uow, decided.proposal.id, Verdict.CONTINUE, "Godt", actor=leader(uow, world), open_successor=True
        )
    assert set(wrong.value.problems) == {"open_successor"}
    conclusion = outcomes.conclude_follow_up(
        uow,
        decided.proposal.id,
        Verdict.STOP,
        "Virkede ikke for fru Jensen",
        actor=leader(uow, world),
        clock=clock,
    )
    assert (conclusion.verdict, conclusion.concluded_by, conclusion.successor_proposal_id) == (
        Verdict.STOP,
        world.leader_id,
        None,
    )
    with pytest.raises(WrongState, match="already been concluded"):
        outcomes.conclude_follow_up(
            uow, decided.proposal.id, Verdict.CONTINUE, "Igen", actor=leader(uow, world)
        )
    [event] = _events(uow, "outcome.conclude")
    assert event.after == {"verdict": "stop", "successor_proposal_id": None}


def test_adjust_opens_a_linked_draft_in_the_same_unit_in_the_same_transaction(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    conclusion = outcomes.conclude_follow_up(
        uow,
        decided.proposal.id,
        Verdict.ADJUST,
        "Teams på fire var for store",
        actor=leader(uow, world),
        open_successor=True,
        clock=clock,
    )
    successor = proposals.get_proposal(uow, conclusion.successor_proposal_id, actor=leader(uow, world))
    old = decided.proposal
    assert successor.title == "Justering: Faste teams i hjemmeplejen"
    assert (successor.status, successor.unit_id, successor.change_type) == (
        Status.DRAFT,
        old.unit_id,
        ChangeType.ORGANISATIONAL,
    )
    assert successor.predecessor_id == old.id and successor.rubric == old.rubric
    assert [o.title for o in successor.options] == [o.title for o in old.options]
    assert {o.id for o in successor.options}.isdisjoint({o.id for o in old.options})
    assert successor.created_by == world.leader_id and successor.pseudonym_key != old.pseudonym_key
    view = outcomes.outcomes_view(uow, old.id, actor=leader(uow, world), clock=clock)
    assert view.successor_id == successor.id and view.state is FollowUpState.CONCLUDED


def test_when_the_adjusted_proposal_cannot_be_opened_nothing_is_concluded(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    follower = people.actor_for(uow, decided.follower)
    with pytest.raises(AccessDenied):  # she may conclude, but not register a proposal
        outcomes.conclude_follow_up(
            uow, decided.proposal.id, Verdict.ADJUST, "Justér", actor=follower, open_successor=True
        )
    unit_upkeep.close_unit(uow, world.unit_id, actor=SYSTEM, clock=clock)
    with pytest.raises(WrongState, match="closed"):
        outcomes.conclude_follow_up(
            uow, decided.proposal.id, Verdict.ADJUST, "Justér", actor=SYSTEM, open_successor=True
        )
    with uow.read() as repo:
        assert repo.get_conclusion(decided.proposal.id) is None
    conclusion = outcomes.conclude_follow_up(
        uow, decided.proposal.id, Verdict.ADJUST, "Justér", actor=follower
    )
    assert conclusion.concluded_by == decided.follower


def test_the_view_shows_expected_against_actual_and_the_history(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    first_bath, fewer = outcomes.save_indicators(
        uow, decided.proposal.id, [bath(), readmissions()], actor=leader(uow, world), clock=clock
    )
    record = lambda i, day, value: outcomes.record_measurement(  # noqa: E731
        uow, i.id, outcomes.MeasurementInput(day, value), actor=leader(uow, world), clock=clock
    )
    record(first_bath, date(2026, 10, 1), 99.0)
    record(first_bath, date(2026, 11, 27), 44.0)  # the line says 44.77 on the 27th: behind
    record(fewer, date(2026, 11, 1), 11.5)  # the line says 11.66: fewer readmissions, on track
    view = outcomes.outcomes_view(
        uow, decided.proposal.id, actor=people.actor_for(uow, decided.bystander), clock=clock
    )
    bath_view, fewer_view = view.indicators
    assert [m.value for m in bath_view.measurements] == [99.0, 44.0] and bath_view.latest.value == 44.0
    assert bath_view.expected == pytest.approx(40 + 20 * 87 / 365)
    assert (bath_view.state, fewer_view.state) == (IndicatorState.OFF_TRACK, IndicatorState.ON_TRACK)
    assert view.state is FollowUpState.OFF_TRACK and view.follow_up_responsible == "Cecilie Berg"
    assert view.names[world.leader_id] == "Lone Leder"
    assert (view.may_record, view.may_conclude) == (False, False)  # a rater not named
    assert outcomes.outcomes_view(uow, decided.proposal.id, actor=leader(uow, world)).may_open_successor
    conclusion = outcomes.conclude_follow_up(
        uow, decided.proposal.id, Verdict.ADJUST, "Justér", actor=leader(uow, world), open_successor=True
    )
    successor_view_needs_decision = conclusion.successor_proposal_id
    with pytest.raises(WrongState):
        outcomes.outcomes_view(uow, successor_view_needs_decision, actor=leader(uow, world))
    with uow.read() as repo:
        assert repo.successor_of(decided.proposal.id) == successor_view_needs_decision


def test_the_history_is_the_chain_of_predecessors(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    with uow.write() as repo:  # two earlier rounds, as concluding "adjust" twice leaves them
        base = repo.get_proposal(decided.proposal.id)
        decision = repo.get_decision(decided.proposal.id)

        def copy(title, predecessor_id):
            options = [replace(o, id=None, proposal_id=None) for o in base.options]
            return repo.add_proposal(
                replace(base, id=None, title=title, options=options, predecessor_id=predecessor_id)
            )

        oldest = copy("Første", None)
        middle = copy("Anden", oldest.id)
        newest = copy("Tredje", middle.id)
        repo.save_decision(
            replace(decision, proposal_id=newest.id, chosen_option_id=newest.options[1].id), None
        )
    view = outcomes.outcomes_view(uow, newest.id, actor=leader(uow, world), clock=clock)
    assert view.predecessors == ((middle.id, "Anden"), (oldest.id, "Første"))
    assert view.state is FollowUpState.NOT_MEASURED and view.indicators == ()


def test_the_summary_shows_each_indicator_expected_against_actual_and_the_conclusion(uow, world, clock):
    decided = decided_proposal(uow, world, clock)
    first_bath, fewer = outcomes.save_indicators(
        uow, decided.proposal.id, [bath(), readmissions()], actor=leader(uow, world), clock=clock
    )
    outcomes.record_measurement(
        uow,
        first_bath.id,
        outcomes.MeasurementInput(date(2026, 11, 27), 44.0, note="Fru Jensen"),
        actor=leader(uow, world),
        clock=clock,
    )
    outcomes.conclude_follow_up(
        uow,
        decided.proposal.id,
        Verdict.ADJUST,
        "Teams på fire var for store",
        actor=leader(uow, world),
        clock=clock,
    )
    danish = summary.export_summary(
        uow, decided.proposal.id, Translator("da"), actor=leader(uow, world)
    ).summary
    facts = {fact.label: fact.value for fact in danish.follow_up.facts}
    # Each indicator is told once, as ``indicators``: a table row and a chart in the documents.
    assert not [label for label in facts if label.startswith("Indikator:")]
    first, second = danish.follow_up.indicators
    assert first.indicator.name == "Borgere der selv klarer badet" and first.state is IndicatorState.OFF_TRACK
    assert (first.latest.value, first.latest.measured_on) == (44.0, date(2026, 11, 27))
    assert math.isclose(first.expected, 44.77, abs_tol=0.005)
    assert second.state is IndicatorState.NOT_MEASURED
    assert (
        facts["Konklusion på opfølgningen"] == "Justér (27.11.2026, Lone Leder): Teams på fire var for store"
    )
    assert "Fru Jensen" not in str(danish)  # a measurement's note stays out of the summary
    markdown = to_markdown(danish)
    assert "| Borgere der selv klarer badet" in markdown
    assert "| 44 borgere · 27.11.2026 | 44,8 borgere | Ikke på sporet |" in markdown
    english = summary.export_summary(
        uow, decided.proposal.id, Translator("en"), actor=leader(uow, world)
    ).summary
    assert "| 44 borgere · 27 Nov 2026 | 44.8 borgere | Off track |" in to_markdown(english)
    assert fewer.name in str(english.follow_up)
