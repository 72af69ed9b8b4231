"""The MED process (information → drøftelse → udtalelse) and consultations (høringer) of a proposal:
recorded by its leader until the decision, read by everyone who may see it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from assessment import med_committees, med_process, organisation, people, proposals
from assessment.kernel.errors import FormInvalid, NotFound, StaleEdit
from assessment.kernel.i18n import Translator
from assessment.kernel.model import CommitteeKind, MedStep, MedStepKind, UnitLevel
from assessment.kernel.permissions import SYSTEM, AccessDenied, NotNow
from assessment.med_process import ConsultationInput, MedStepInput, missing_steps
from tests.support import CountingUnitOfWork, decide_on_first_option, reveal_after_one_score, scoring_proposal

# The test clock stands at 27 November 2026, 10:00 in Denmark.
TODAY = date(2026, 11, 27)
DA = Translator("da")


def _leader(uow, world):
    return people.actor_for(uow, world.leader_id)


def _trail(uow, proposal_id: int, prefix: str):
    with uow.read() as repo:
        return [e for e in repo.events_for("proposal", str(proposal_id)) if e.action.startswith(prefix)]


def _step(kind: object, held_on: object, **changes: object) -> MedStepInput:
    values: dict[str, object] = {"kind": kind, "held_on": held_on, "agenda_item": "Punkt 4"} | changes
    return MedStepInput(**values)  # type: ignore[arg-type]


def test_steps_are_shown_in_the_order_they_were_held_and_the_missing_ones_named_in_process_order(
    uow, world, clock
):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    empty = med_process.med_process(uow, proposal.id, actor=leader)
    assert empty.steps == () and empty.consultations == () and empty.can_edit
    assert empty.missing_steps == (MedStepKind.INFORMATION, MedStepKind.DISCUSSION, MedStepKind.STATEMENT)

    counting = CountingUnitOfWork(uow)
    discussed = med_process.add_med_step(
        counting,
        proposal.id,
        _step(
            MedStepKind.DISCUSSION,
            date(2026, 11, 12),
            note="  Drøftet med vagtplanen som bilag.  ",
            employee_remarks="Medarbejdersiden ønsker en evaluering efter et halvt år.",
        ),
        actor=leader,
        clock=clock,
    )
    assert counting.writes == 1
    assert discussed.id is not None and discussed.recorded_by == world.leader_id
    assert discussed.note == "Drøftet med vagtplanen som bilag." and discussed.agenda_item == "Punkt 4"
    informed = med_process.add_med_step(
        uow, proposal.id, _step(MedStepKind.INFORMATION, date(2026, 10, 1)), actor=leader, clock=clock
    )
    view = med_process.med_process(uow, proposal.id, actor=leader)
    assert view.steps == (informed, discussed)  # by date, not by when they were recorded
    assert view.missing_steps == (MedStepKind.STATEMENT,)


@pytest.mark.parametrize(
    ("kinds", "missing"),
    [
        ((), ("INFORMATION", "DISCUSSION", "STATEMENT")),
        (("STATEMENT",), ("INFORMATION", "DISCUSSION")),
        (("DISCUSSION", "DISCUSSION"), ("INFORMATION", "STATEMENT")),
        (("STATEMENT", "INFORMATION", "DISCUSSION"), ()),
    ],
)
def test_the_missing_steps_follow_the_process_whatever_order_the_steps_came_in(kinds, missing):
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    steps = [MedStep(1, MedStepKind[kind], date(2026, 1, 1), "", "", "", None, moment) for kind in kinds]
    assert missing_steps(steps) == tuple(MedStepKind[kind] for kind in missing)


def test_adding_and_removing_a_step_is_audited_with_what_it_was(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    step = med_process.add_med_step(
        uow,
        proposal.id,
        _step(MedStepKind.STATEMENT, TODAY, note="MED anbefaler forslaget."),
        actor=leader,
        clock=clock,
    )
    removed = med_process.remove_med_step(uow, proposal.id, step.id, actor=leader, clock=clock)
    assert removed == step
    assert med_process.med_process(uow, proposal.id, actor=leader).steps == ()
    expected = {
        "med_step": step.id,
        "kind": "statement",
        "held_on": "2026-11-27",
        "committee_id": None,
        "agenda_item": "Punkt 4",
    }
    assert [(e.action, e.actor_id, e.before, e.after) for e in _trail(uow, proposal.id, "med_step.")] == [
        ("med_step.add", world.leader_id, None, expected),
        ("med_step.remove", world.leader_id, expected, None),
    ]


def test_a_step_or_consultation_of_another_proposal_is_not_found(uow, world, clock):
    proposal, other = scoring_proposal(uow, world, clock), scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    step = med_process.add_med_step(
        uow, other.id, _step(MedStepKind.INFORMATION, TODAY), actor=leader, clock=clock
    )
    consultation = med_process.add_consultation(
        uow, other.id, ConsultationInput("Ældrerådet"), actor=leader, clock=clock
    )
    with pytest.raises(NotFound):
        med_process.remove_med_step(uow, proposal.id, step.id, actor=leader, clock=clock)
    with pytest.raises(NotFound):
        med_process.remove_consultation(uow, proposal.id, consultation.id, actor=leader, clock=clock)
    with pytest.raises(NotFound):
        med_process.update_consultation(
            uow,
            proposal.id,
            consultation.id,
            ConsultationInput("Ældrerådet", answer="Stjålet"),
            expected_version=1,
            actor=leader,
            clock=clock,
        )
    view = med_process.med_process(uow, other.id, actor=leader)
    assert view.steps == (step,) and view.consultations == (consultation,)


STEP_PROBLEMS = [
    ({"kind": "referat"}, "kind", "Vælg trinnet: information, drøftelse eller udtalelse."),
    ({"kind": None}, "kind", "Vælg trinnet: information, drøftelse eller udtalelse."),
    ({"held_on": None}, "held_on", "Skriv datoen for mødet."),
    ({"held_on": "12.11.2026"}, "held_on", "Skriv datoen som en dato, for eksempel 27.11.2026."),
    ({"held_on": date(2026, 11, 28)}, "held_on", "Datoen 28.11.2026 ligger ude i fremtiden"),
    ({"kind": MedStepKind.STATEMENT, "note": "  "}, "note", "Skriv udvalgets udtalelse."),
    ({"agenda_item": "x" * 201}, "agenda_item", "der må højst være 200"),
    ({"note": "x" * 5_001}, "note", "der må højst være 5000"),
    ({"employee_remarks": "x" * 5_001}, "employee_remarks", "der må højst være 5000"),
    ({"committee_id": 987_654}, "committee_id", "Vælg et af MED-udvalgene for forslagets enhed."),
]


@pytest.mark.parametrize(("changes", "field", "danish"), STEP_PROBLEMS)
def test_a_bad_step_stores_nothing_and_is_told_in_danish_by_its_field(
    uow, world, clock, changes, field, danish
):
    proposal = scoring_proposal(uow, world, clock)
    data = _step(**({"kind": MedStepKind.INFORMATION, "held_on": TODAY} | changes))
    with pytest.raises(FormInvalid) as refused:
        med_process.add_med_step(uow, proposal.id, data, actor=_leader(uow, world), clock=clock)
    assert danish in DA.message(refused.value.problems[field])
    assert set(refused.value.problems) == {field}
    with uow.read() as repo:
        assert repo.med_steps_of(proposal.id) == []


CONSULTATION_PROBLEMS = [
    ({"body": "  "}, "body", "Dette felt skal udfyldes."),
    ({"body": "x" * 201}, "body", "der må højst være 200"),
    ({"sent_on": date(2026, 11, 28)}, "sent_on", "Datoen 28.11.2026 ligger ude i fremtiden"),
    ({"answered_on": date(2026, 12, 1)}, "answered_on", "Datoen 01.12.2026 ligger ude i fremtiden"),
    (
        {"sent_on": date(2026, 11, 10), "answered_on": date(2026, 11, 9)},
        "answered_on",
        "Svaret kan ikke være kommet før den dato, høringen blev sendt (10.11.2026).",
    ),
    (
        {"sent_on": date(2026, 11, 10), "deadline": date(2026, 11, 1)},
        "deadline",
        "Fristen kan ikke ligge før den dato, høringen blev sendt (10.11.2026).",
    ),
    ({"answer": "De støtter forslaget."}, "answered_on", "Skriv den dato, svaret kom."),
    ({"deadline": "i morgen"}, "deadline", "Skriv datoen som en dato"),
    ({"answer": "x" * 5_001, "answered_on": TODAY}, "answer", "der må højst være 5000"),
]


@pytest.mark.parametrize(("changes", "field", "danish"), CONSULTATION_PROBLEMS)
def test_a_bad_consultation_stores_nothing_and_is_told_in_danish_by_its_field(
    uow, world, clock, changes, field, danish
):
    proposal = scoring_proposal(uow, world, clock)
    data = ConsultationInput(**({"body": "Ældrerådet"} | changes))  # type: ignore[arg-type]
    with pytest.raises(FormInvalid) as refused:
        med_process.add_consultation(uow, proposal.id, data, actor=_leader(uow, world), clock=clock)
    assert danish in DA.message(refused.value.problems[field])
    assert set(refused.value.problems) == {field}
    with uow.read() as repo:
        assert repo.consultations_of(proposal.id) == []


def test_a_consultation_sent_today_and_answered_the_same_day_is_accepted(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    same_day = ConsultationInput("Handicaprådet", TODAY, TODAY, TODAY, "Ingen bemærkninger.")
    stored = med_process.add_consultation(uow, proposal.id, same_day, actor=_leader(uow, world), clock=clock)
    assert (stored.sent_on, stored.deadline, stored.answered_on) == (TODAY, TODAY, TODAY)


def test_the_answer_is_recorded_when_it_arrives_and_a_stale_edit_is_refused(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    sent = med_process.add_consultation(
        uow,
        proposal.id,
        ConsultationInput("  Ældrerådet  ", date(2026, 11, 2), date(2026, 11, 23)),
        actor=leader,
        clock=clock,
    )
    assert (sent.body, sent.version, sent.recorded_by, sent.answer) == ("Ældrerådet", 1, world.leader_id, "")
    answer = ConsultationInput(
        "Ældrerådet", date(2026, 11, 2), date(2026, 11, 23), date(2026, 11, 20), "Rådet støtter forslaget."
    )
    counting = CountingUnitOfWork(uow)
    answered = med_process.update_consultation(
        counting, proposal.id, sent.id, answer, expected_version=1, actor=leader, clock=clock
    )
    assert counting.writes == 1
    assert (answered.answered_on, answered.answer, answered.version) == (
        date(2026, 11, 20),
        "Rådet støtter forslaget.",
        2,
    )
    assert answered.recorded_at == sent.recorded_at and answered.updated_at > sent.updated_at
    with pytest.raises(StaleEdit):  # someone read version 1 before the answer was recorded
        med_process.update_consultation(
            uow, proposal.id, sent.id, answer, expected_version=1, actor=leader, clock=clock
        )
    assert med_process.med_process(uow, proposal.id, actor=leader).consultations == (answered,)
    [added, updated] = _trail(uow, proposal.id, "consultation.")
    assert added.action == "consultation.add" and added.after == {
        "consultation": sent.id,
        "body": "Ældrerådet",
        "sent_on": "2026-11-02",
        "deadline": "2026-11-23",
        "answered_on": None,
        "answered": False,
        "version": 1,
    }
    assert updated.action == "consultation.update" and updated.before == added.after
    assert updated.after == added.after | {"answered_on": "2026-11-20", "answered": True, "version": 2}

    removed = med_process.remove_consultation(uow, proposal.id, sent.id, actor=leader, clock=clock)
    assert removed == answered
    assert med_process.med_process(uow, proposal.id, actor=leader).consultations == ()
    assert _trail(uow, proposal.id, "consultation.remove")[0].before == updated.after


def test_a_bad_answer_changes_nothing(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    sent = med_process.add_consultation(
        uow, proposal.id, ConsultationInput("Ældrerådet", date(2026, 11, 10)), actor=leader, clock=clock
    )
    with pytest.raises(FormInvalid) as refused:
        med_process.update_consultation(
            uow,
            proposal.id,
            sent.id,
            ConsultationInput("Ældrerådet", date(2026, 11, 10), answered_on=date(2026, 11, 1), answer="Ja"),
            expected_version=1,
            actor=leader,
            clock=clock,
        )
    assert set(refused.value.problems) == {"answered_on"}
    assert med_process.med_process(uow, proposal.id, actor=leader).consultations == (sent,)


def _every_change(uow, proposal_id: int, step_id: int, consultation_id: int, actor, clock):
    """One call of each use case that changes the MED process or a consultation."""
    return [
        lambda: med_process.add_med_step(
            uow, proposal_id, _step(MedStepKind.DISCUSSION, TODAY), actor=actor, clock=clock
        ),
        lambda: med_process.remove_med_step(uow, proposal_id, step_id, actor=actor, clock=clock),
        lambda: med_process.add_consultation(
            uow, proposal_id, ConsultationInput("Handicaprådet"), actor=actor, clock=clock
        ),
        lambda: med_process.update_consultation(
            uow,
            proposal_id,
            consultation_id,
            ConsultationInput("Ældrerådet", TODAY, answered_on=TODAY, answer="Ja"),
            expected_version=1,
            actor=actor,
            clock=clock,
        ),
        lambda: med_process.remove_consultation(uow, proposal_id, consultation_id, actor=actor, clock=clock),
    ]


def test_a_rater_reads_the_med_process_but_may_not_record_it(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    step = med_process.add_med_step(
        uow, proposal.id, _step(MedStepKind.INFORMATION, TODAY), actor=leader, clock=clock
    )
    consultation = med_process.add_consultation(
        uow, proposal.id, ConsultationInput("Ældrerådet"), actor=leader, clock=clock
    )
    rater = people.actor_for(uow, world.raters[0])
    view = med_process.med_process(uow, proposal.id, actor=rater)
    assert view.steps == (step,) and view.consultations == (consultation,) and not view.can_edit
    refused = _every_change(uow, proposal.id, step.id, consultation.id, rater, clock)
    for attempt in refused:
        with pytest.raises(AccessDenied):
            attempt()
    assert med_process.med_process(uow, proposal.id, actor=leader) == replace(view, can_edit=True)
    with uow.read() as repo:
        denied = [
            e.action for e in repo.events_for("proposal", str(proposal.id)) if e.action.startswith("denied")
        ]
    assert denied == ["denied:proposal.prepare_decision"] * len(refused)


def test_the_med_process_is_recorded_in_the_discussion_and_closed_by_the_decision(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    reveal_after_one_score(uow, world, proposal, clock)
    # The MED committee discusses the revealed scores and gives its statement before the decision.
    statement = med_process.add_med_step(
        uow,
        proposal.id,
        _step(MedStepKind.STATEMENT, TODAY, note="MED anbefaler."),
        actor=leader,
        clock=clock,
    )
    consultation = med_process.add_consultation(
        uow, proposal.id, ConsultationInput("Ældrerådet", TODAY), actor=leader, clock=clock
    )
    decide_on_first_option(uow, world, proposals.get_proposal(uow, proposal.id, actor=SYSTEM), clock)
    after = _every_change(uow, proposal.id, statement.id, consultation.id, leader, clock)
    for attempt in after:
        with pytest.raises(NotNow):
            attempt()
    view = med_process.med_process(uow, proposal.id, actor=leader)
    assert view.steps == (statement,) and view.consultations == (consultation,) and not view.can_edit


def test_the_view_can_be_read_inside_another_transaction(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    med_process.add_med_step(
        uow, proposal.id, _step(MedStepKind.INFORMATION, TODAY), actor=leader, clock=clock
    )
    with uow.read() as repo:
        stored = repo.get_proposal(proposal.id)
        view = med_process.med_process_in(repo, stored, leader)
    assert [step.kind for step in view.steps] == [MedStepKind.INFORMATION]
    assert view.missing_steps == (MedStepKind.DISCUSSION, MedStepKind.STATEMENT)


def test_a_step_names_a_committee_of_the_proposals_unit_or_one_above_it(uow, world, clock):
    proposal = scoring_proposal(uow, world, clock)
    leader = _leader(uow, world)
    local = med_committees.register_committee(
        uow, name="Lokal-MED", kind=CommitteeKind.LOCAL, unit_id=world.unit_id, actor=SYSTEM, clock=clock
    )
    main = med_committees.register_committee(
        uow,
        name="Hovedudvalget",
        kind=CommitteeKind.MAIN,
        unit_id=world.top_unit_id,
        actor=SYSTEM,
        clock=clock,
    )
    beside = organisation.register_unit(
        uow,
        name="Naboenheden",
        level=UnitLevel.INSTITUTION,
        parent_id=world.top_unit_id,
        actor=SYSTEM,
        clock=clock,
    )
    theirs = med_committees.register_committee(
        uow, name="Naboens MED", kind=CommitteeKind.LOCAL, unit_id=beside.id, actor=SYSTEM, clock=clock
    )
    view = med_process.med_process(uow, proposal.id, actor=leader)
    assert [c.name for c in view.committee_choices] == ["Lokal-MED", "Hovedudvalget"]
    with pytest.raises(FormInvalid) as refused:
        med_process.add_med_step(
            uow,
            proposal.id,
            _step(MedStepKind.INFORMATION, TODAY, committee_id=theirs.id),
            actor=leader,
            clock=clock,
        )
    assert set(refused.value.problems) == {"committee_id"}
    for committee in (local, main):
        med_process.add_med_step(
            uow,
            proposal.id,
            _step(MedStepKind.DISCUSSION, TODAY, committee_id=committee.id),
            actor=leader,
            clock=clock,
        )
    view = med_process.med_process(uow, proposal.id, actor=leader)
    assert [view.committee_names[s.committee_id] for s in view.steps] == ["Lokal-MED", "Hovedudvalget"]
    rater = med_process.med_process(uow, proposal.id, actor=people.actor_for(uow, world.raters[0]))
    assert rater.committee_choices == () and rater.committee_names == view.committee_names
