"""Every use case asks the permission check, and refuses ids from units the person may not see.

The use cases are found by looking, not listed by hand: a public function of ``assessment``
whose first parameter is ``uow``. A new one fails here until it is a ``@use_case`` and, when
it takes an object id, until it has a case below that calls it with a foreign id.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import FunctionType

import pytest

import assessment
from assessment import (
    citizen_evidence,
    comparison,
    core_task_drafts,
    decision,
    dilemmas,
    discussion,
    med_committees,
    med_process,
    organisation,
    outcomes,
    people,
    personal_data,
    proposal_plan,
    proposals,
    readiness,
    reminders,
    score_drafts,
    scoring_sheet,
    summary,
    unit_upkeep,
)
from assessment.kernel.i18n import Translator
from assessment.kernel.model import (
    ChangeType,
    CommitteeKind,
    CommitteeRole,
    CommitteeSide,
    DilemmaStatus,
    EvidenceKind,
    MedStepKind,
    Role,
    Round,
    UnitLevel,
    Verdict,
)
from assessment.kernel.permissions import (
    SYSTEM,
    AccessDenied,
    Actor,
    MissingPermissionCheck,
    NotNow,
    use_case,
)
from assessment.kernel.repository import NoteKind, ProposalFilter
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, build_world, proposal_input, reveal_after_one_score

# Who-is-acting functions run before there is an actor to check.
IDENTITY = {"actor_for", "person_for_sign_in", "record_sign_out", "signed_out_since"}


def _use_cases() -> dict[str, FunctionType]:
    found = {}
    for module_info in pkgutil.iter_modules(assessment.__path__):
        module = importlib.import_module(f"assessment.{module_info.name}")
        for name, function in vars(module).items():
            if name.startswith("_") or name in IDENTITY or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters[:1] == ["uow"]:
                found[f"{module_info.name}.{name}"] = function
    return found


USE_CASES = _use_cases()


def test_the_use_cases_are_found():
    assert {
        "scoring_sheet.record_scores",
        "discussion.discussion_view",
        "organisation.core_task_view",
    } <= set(USE_CASES)


@pytest.mark.parametrize("name", sorted(USE_CASES))
def test_every_use_case_is_wrapped_and_takes_an_actor(name):
    function = USE_CASES[name]
    assert getattr(function, "__kernekompas_use_case__", False), f"{name} is not decorated with @use_case"
    signature = inspect.signature(function)
    assert "actor" in signature.parameters, f"{name} takes no actor"
    assert signature.parameters["actor"].kind is inspect.Parameter.KEYWORD_ONLY


def test_a_use_case_that_forgets_the_check_fails_instead_of_answering():
    @use_case
    def careless(uow: object, *, actor: Actor) -> str:
        return "secret"

    with pytest.raises(MissingPermissionCheck):
        careless(FakeUnitOfWork(), actor=SYSTEM)
    with pytest.raises(TypeError):
        careless(FakeUnitOfWork())  # type: ignore[call-arg]


# Foreign ids --------------------------------------------------------------------------------------


@dataclass
class Town:
    """Unit A with the world's proposal in it; unit B, beside it, with a person holding every role."""

    uow: FakeUnitOfWork
    unit_a: int
    proposal_id: int
    dilemma_id: int
    leader_a: int
    membership_a: int
    outsider: Actor
    draft_id: int = 0  # a draft of unit A's next core task, opened by a second proposal
    committee_a: int = 0  # unit A's MED committee
    seat_a: int = 0  # the leader's seat on it


@pytest.fixture
def town() -> Town:
    uow, clock = FakeUnitOfWork(), Clock()
    world = build_world(uow, clock)
    leader = people.actor_for(uow, world.leader_id)
    proposal = proposals.register_proposal(uow, proposal_input(world), actor=leader, clock=clock)
    proposal_id = proposal.id or 0
    scoring = proposals.open_scoring(uow, proposal_id, actor=leader, clock=clock)
    reveal_after_one_score(uow, world, scoring, clock)
    dilemma = dilemmas.record_dilemma(uow, proposal_id, text="Tid mod kvalitet", actor=leader, clock=clock)
    unit_b = organisation.register_unit(
        uow, name="Hjemmeplejen Syd", level=UnitLevel.INSTITUTION, parent_id=None, actor=SYSTEM, clock=clock
    )
    outsider = people.register_person(
        uow, name="Olga Udenfor", email="olga@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
    )
    for role in Role:
        people.grant_role(
            uow, person_id=outsider.id or 0, unit_id=unit_b.id or 0, role=role, actor=SYSTEM, clock=clock
        )
    membership = people.grant_role(
        uow, person_id=world.raters[0], unit_id=world.unit_id, role=Role.READER, actor=SYSTEM, clock=clock
    )
    changing = proposals.register_proposal(
        uow,
        proposal_input(world, title="Ny kerneopgave", change_type=ChangeType.CORE_TASK),
        actor=leader,
        clock=clock,
    )
    draft = core_task_drafts.proposal_draft(uow, changing.id or 0, actor=leader)
    committee = med_committees.register_committee(
        uow, name="Lokal-MED", kind=CommitteeKind.LOCAL, unit_id=world.unit_id, actor=SYSTEM, clock=clock
    )
    seat = med_committees.add_member(
        uow,
        committee.id or 0,
        person_id=world.leader_id,
        side=CommitteeSide.EMPLOYER,
        role=CommitteeRole.CHAIR,
        actor=SYSTEM,
        clock=clock,
    )
    return Town(
        uow=uow,
        unit_a=world.unit_id,
        proposal_id=proposal_id,
        dilemma_id=dilemma.id or 0,
        leader_a=world.leader_id,
        membership_a=membership.id or 0,
        outsider=people.actor_for(uow, outsider.id or 0),
        draft_id=draft.draft.id or 0 if draft else 0,
        committee_a=committee.id or 0,
        seat_a=seat.id or 0,
    )


def _decision() -> decision.DecisionInput:
    return decision.DecisionInput(
        chosen_option_id=0,
        justification="Fordi",
        med_statement="MED er hørt",
        dissent="",
        conditions="",
        follow_up_date=date(2030, 1, 1),
        indicators="Færre skift",
    )


_ = Translator("da")
# How to call each use case that takes an object id, with the ids of unit A, as someone from B.
FOREIGN: dict[str, Callable[[Town, Actor], object]] = {
    "organisation.record_core_task": lambda t, a: organisation.record_core_task(
        t.uow, unit_id=t.unit_a, statement="Vores", formal="", performed="", experienced="", actor=a
    ),
    "organisation.register_unit": lambda t, a: organisation.register_unit(
        t.uow, name="Ny", level=UnitLevel.TEAM, parent_id=t.unit_a, actor=a
    ),
    "people.grant_role": lambda t, a: people.grant_role(
        t.uow, person_id=t.leader_a, unit_id=t.unit_a, role=Role.ADMIN, actor=a
    ),
    "people.revoke_role": lambda t, a: people.revoke_role(
        t.uow, person_id=t.leader_a, membership_id=t.membership_a, actor=a
    ),
    "proposals.get_proposal": lambda t, a: proposals.get_proposal(t.uow, t.proposal_id, actor=a),
    "proposals.update_proposal": lambda t, a: proposals.update_proposal(
        t.uow, t.proposal_id, _same(t), expected_version=1, actor=a
    ),
    "proposals.open_scoring": lambda t, a: proposals.open_scoring(t.uow, t.proposal_id, actor=a),
    "proposals.reveal": lambda t, a: proposals.reveal(t.uow, t.proposal_id, actor=a),
    "summary.record_export": lambda t, a: summary.record_export(
        t.uow, t.proposal_id, file_format="md", named=False, actor=a
    ),
    "proposals.start_follow_up": lambda t, a: proposals.start_follow_up(t.uow, t.proposal_id, actor=a),
    "proposals.close_proposal": lambda t, a: proposals.close_proposal(t.uow, t.proposal_id, actor=a),
    "scoring_sheet.record_scores": lambda t, a: scoring_sheet.record_scores(
        t.uow, t.proposal_id, [scoring_sheet.ScoreInput(t.proposal_id, 0, "borger", 1)], actor=a
    ),
    "scoring_sheet.scoring_sheet": lambda t, a: scoring_sheet.scoring_sheet(t.uow, t.proposal_id, actor=a),
    "scoring_sheet.group_results": lambda t, a: scoring_sheet.group_results(t.uow, t.proposal_id, actor=a),
    "dilemmas.record_dilemma": lambda t, a: dilemmas.record_dilemma(
        t.uow, t.proposal_id, text="Mit", actor=a
    ),
    "dilemmas.set_dilemma_status": lambda t, a: dilemmas.set_dilemma_status(
        t.uow, t.proposal_id, t.dilemma_id, status=DilemmaStatus.HANDLED, actor=a
    ),
    "dilemmas.dilemmas": lambda t, a: dilemmas.dilemmas(t.uow, t.proposal_id, actor=a),
    "decision.record_decision": lambda t, a: decision.record_decision(
        t.uow, t.proposal_id, _decision(), actor=a
    ),
    "decision.get_decision": lambda t, a: decision.get_decision(t.uow, t.proposal_id, actor=a),
    "scoring_sheet.panel_progress": lambda t, a: scoring_sheet.panel_progress(t.uow, t.proposal_id, actor=a),
    "discussion.discussion_view": lambda t, a: discussion.discussion_view(
        t.uow, t.proposal_id, Translator("da"), actor=a
    ),
    "discussion.record_note": lambda t, a: discussion.record_note(
        t.uow, t.proposal_id, kind=NoteKind.PERSPECTIVE_GAP, text="Noter", actor=a
    ),
    "decision.decision_view": lambda t, a: decision.decision_view(
        t.uow, t.proposal_id, Translator("da"), actor=a
    ),
    "organisation.core_task_view": lambda t, a: organisation.core_task_view(t.uow, t.unit_a, actor=a),
    "organisation.core_task_history": lambda t, a: organisation.core_task_history(t.uow, t.unit_a, actor=a),
    "scoring_sheet.scoring_form": lambda t, a: scoring_sheet.scoring_form(t.uow, t.proposal_id, actor=a),
    "comparison.compare": lambda t, a: comparison.compare(t.uow, t.proposal_id, actor=a),
    "summary.export_summary": lambda t, a: summary.export_summary(t.uow, t.proposal_id, _, actor=a),
    "readiness.readiness_checklist": lambda t, a: readiness.readiness_checklist(
        t.uow, t.proposal_id, actor=a
    ),
    "readiness.record_readiness": lambda t, a: readiness.record_readiness(
        t.uow, t.proposal_id, [readiness.ReadinessInput("apv", 1)], actor=a
    ),
    "proposal_plan.proposal_plan": lambda t, a: proposal_plan.proposal_plan(t.uow, t.proposal_id, actor=a),
    "proposal_plan.save_plan": lambda t, a: proposal_plan.save_plan(
        t.uow, t.proposal_id, proposal_plan.PlanInput(cost="x"), expected_version=0, actor=a
    ),
    "citizen_evidence.citizen_evidence": lambda t, a: citizen_evidence.citizen_evidence(
        t.uow, t.proposal_id, actor=a
    ),
    "citizen_evidence.add_citizen_evidence": lambda t, a: citizen_evidence.add_citizen_evidence(
        t.uow, t.proposal_id, kind=EvidenceKind.SURVEY, actor=a
    ),
    "citizen_evidence.remove_citizen_evidence": lambda t, a: citizen_evidence.remove_citizen_evidence(
        t.uow, t.proposal_id, 0, actor=a
    ),
    "med_process.med_process": lambda t, a: med_process.med_process(t.uow, t.proposal_id, actor=a),
    "med_process.add_med_step": lambda t, a: med_process.add_med_step(
        t.uow, t.proposal_id, med_process.MedStepInput(MedStepKind.INFORMATION, date(2026, 11, 2)), actor=a
    ),
    "med_process.remove_med_step": lambda t, a: med_process.remove_med_step(t.uow, t.proposal_id, 0, actor=a),
    "med_process.add_consultation": lambda t, a: med_process.add_consultation(
        t.uow, t.proposal_id, med_process.ConsultationInput("Ældrerådet"), actor=a
    ),
    "med_process.update_consultation": lambda t, a: med_process.update_consultation(
        t.uow, t.proposal_id, 0, med_process.ConsultationInput("Ældrerådet"), expected_version=1, actor=a
    ),
    "med_process.remove_consultation": lambda t, a: med_process.remove_consultation(
        t.uow, t.proposal_id, 0, actor=a
    ),
    "score_drafts.save_draft": lambda t, a: score_drafts.save_draft(
        t.uow, t.proposal_id, 0, "borger", "", 1, "", drawn_in=Round.REVISED, actor=a
    ),
    "score_drafts.submit_answers": lambda t, a: score_drafts.submit_answers(
        t.uow, t.proposal_id, drawn_in=Round.REVISED, actor=a
    ),
    "score_drafts.discard_drafts": lambda t, a: score_drafts.discard_drafts(t.uow, t.proposal_id, actor=a),
    "personal_data.export_person": lambda t, a: personal_data.export_person(t.uow, t.leader_a, actor=a),
    "personal_data.pseudonymise_person": lambda t, a: personal_data.pseudonymise_person(
        t.uow, t.leader_a, reason="Fratrådt", actor=a
    ),
    "core_task_drafts.open_drafts": lambda t, a: core_task_drafts.open_drafts(t.uow, t.unit_a, actor=a),
    "core_task_drafts.proposal_draft": lambda t, a: core_task_drafts.proposal_draft(
        t.uow, t.proposal_id, actor=a
    ),
    "core_task_drafts.start_draft": lambda t, a: core_task_drafts.start_draft(t.uow, t.proposal_id, actor=a),
    "core_task_drafts.save_draft": lambda t, a: core_task_drafts.save_draft(
        t.uow,
        t.draft_id,
        statement="Vores",
        formal="",
        performed="",
        experienced="",
        expected_version=1,
        actor=a,
    ),
    "core_task_drafts.adopt_draft": lambda t, a: core_task_drafts.adopt_draft(
        t.uow,
        t.draft_id,
        statement="Vores",
        formal="",
        performed="",
        experienced="",
        expected_version=1,
        expected_core_task_version=0,
        actor=a,
    ),
    "core_task_drafts.discard_draft": lambda t, a: core_task_drafts.discard_draft(
        t.uow, t.draft_id, expected_version=1, actor=a
    ),
    "unit_upkeep.rename_unit": lambda t, a: unit_upkeep.rename_unit(t.uow, t.unit_a, name="Ny", actor=a),
    "unit_upkeep.move_unit": lambda t, a: unit_upkeep.move_unit(t.uow, t.unit_a, parent_id=None, actor=a),
    "unit_upkeep.merge_unit": lambda t, a: unit_upkeep.merge_unit(t.uow, t.unit_a, into_id=t.unit_a, actor=a),
    "unit_upkeep.close_unit": lambda t, a: unit_upkeep.close_unit(t.uow, t.unit_a, actor=a),
    "med_committees.register_committee": lambda t, a: med_committees.register_committee(
        t.uow, name="Mit", kind=CommitteeKind.LOCAL, unit_id=t.unit_a, actor=a
    ),
    "med_committees.committee_choices": lambda t, a: med_committees.committee_choices(
        t.uow, t.unit_a, actor=a
    ),
    "med_committees.rename_committee": lambda t, a: med_committees.rename_committee(
        t.uow, t.committee_a, name="Mit", actor=a
    ),
    "med_committees.move_committee": lambda t, a: med_committees.move_committee(
        t.uow, t.committee_a, unit_id=t.unit_a, actor=a
    ),
    "med_committees.merge_committee": lambda t, a: med_committees.merge_committee(
        t.uow, t.committee_a, into_id=t.committee_a, actor=a
    ),
    "med_committees.close_committee": lambda t, a: med_committees.close_committee(
        t.uow, t.committee_a, actor=a
    ),
    "med_committees.add_member": lambda t, a: med_committees.add_member(
        t.uow,
        t.committee_a,
        person_id=t.leader_a,
        side=CommitteeSide.EMPLOYEE,
        role=CommitteeRole.MEMBER,
        actor=a,
    ),
    "outcomes.save_indicators": lambda t, a: outcomes.save_indicators(
        t.uow,
        t.proposal_id,
        [
            outcomes.IndicatorInput(
                "Borgere der selv klarer badet", "", "", 1.0, date(2026, 1, 1), 2.0, date(2027, 1, 1)
            )
        ],
        actor=a,
    ),
    "outcomes.record_measurement": lambda t, a: outcomes.record_measurement(
        t.uow, 0, outcomes.MeasurementInput(date(2026, 11, 1), 1.0), actor=a
    ),
    "outcomes.conclude_follow_up": lambda t, a: outcomes.conclude_follow_up(
        t.uow, t.proposal_id, Verdict.ADJUST, "Fordi", open_successor=True, actor=a
    ),
    "outcomes.outcomes_view": lambda t, a: outcomes.outcomes_view(t.uow, t.proposal_id, actor=a),
    "reminders.follow_up_calendar": lambda t, a: reminders.follow_up_calendar(t.uow, t.proposal_id, actor=a),
    "med_committees.remove_member": lambda t, a: med_committees.remove_member(
        t.uow, t.committee_a, t.seat_a, actor=a
    ),
}


def _same(town: Town) -> proposals.ProposalInput:
    return proposal_input_from(proposals.get_proposal(town.uow, town.proposal_id, actor=SYSTEM))


def proposal_input_from(proposal) -> proposals.ProposalInput:
    return proposals.ProposalInput(
        unit_id=proposal.unit_id,
        title=proposal.title,
        description=proposal.description,
        change_type=proposal.change_type,
        origin=proposal.origin,
        management_level=proposal.management_level,
        med_committee=proposal.med_committee,
        med_committee_id=proposal.med_committee_id,
        rubric=proposal.rubric,
        options=[
            proposals.OptionInput(o.title, o.description) for o in proposal.options if not o.is_baseline
        ],
        affected_profession_ids=proposal.affected_profession_ids,
        panel_person_ids=[member.person_id for member in proposal.panel],
    )


# Ids of things that belong to no unit: a profession is the whole municipality's.
UNSCOPED_IDS = {"profession_id"}


def _takes_an_id(function: FunctionType) -> bool:
    return any(
        name.endswith("_id") and name not in UNSCOPED_IDS for name in inspect.signature(function).parameters
    )


def test_every_use_case_that_takes_an_id_has_a_foreign_id_case():
    missing = sorted(
        name for name, function in USE_CASES.items() if _takes_an_id(function) and name not in FOREIGN
    )
    assert missing == [], f"add a foreign-id case for {missing}"


@pytest.mark.parametrize("name", sorted(name for name, call in FOREIGN.items() if call is not None))
def test_an_id_from_a_unit_the_person_may_not_see_is_refused_and_recorded(name, town):
    before = len(town.uow.state.events)
    with pytest.raises(AccessDenied) as refused:
        FOREIGN[name](town, town.outsider)
    # Not "not now": that would tell an outsider the object exists and what state it is in.
    assert not isinstance(refused.value, NotNow)
    denied = town.uow.state.events[before:]
    assert [event.action for event in denied] == [f"denied:{refused.value.action.value}"]
    assert denied[0].actor_id == town.outsider.person_id


def test_a_proposal_that_does_not_exist_is_refused_like_one_that_is_not_yours(town):
    with pytest.raises(AccessDenied) as missing:
        proposals.get_proposal(town.uow, 987_654, actor=town.outsider)
    with pytest.raises(AccessDenied) as foreign:
        proposals.get_proposal(town.uow, town.proposal_id, actor=town.outsider)
    assert str(missing.value) == str(foreign.value)


def test_lists_show_nothing_from_a_unit_the_person_may_not_see(town):
    listed = proposals.find_proposals(town.uow, ProposalFilter(), actor=town.outsider)
    overview = proposals.overview(town.uow, ProposalFilter(), actor=town.outsider, today=date(2030, 1, 1))
    assert listed == [] and overview.proposals == [] and overview.total == 0
    assert proposals.find_proposals(town.uow, ProposalFilter(), actor=SYSTEM)


def test_a_draft_is_seen_by_its_units_leaders_only(town):
    clock = Clock()
    leader = people.actor_for(town.uow, town.leader_a)
    draft = proposals.get_proposal(town.uow, town.proposal_id, actor=leader)
    data = proposal_input_from(draft)
    data.title = "Hemmeligt udkast"
    data.med_committee_id = town.committee_a  # unit A has a MED committee now: one is chosen
    made = proposals.register_proposal(town.uow, data, actor=leader, clock=clock)
    rater = people.actor_for(town.uow, draft.panel[0].person_id)
    titles = [s.title for s in proposals.find_proposals(town.uow, ProposalFilter(), actor=rater)]
    assert "Hemmeligt udkast" not in titles and draft.title in titles
    assert "Hemmeligt udkast" in [
        s.title for s in proposals.find_proposals(town.uow, ProposalFilter(), actor=leader)
    ]
    with pytest.raises(AccessDenied):
        proposals.get_proposal(town.uow, made.id or 0, actor=rater)


def test_someone_who_may_see_the_proposal_is_told_why_not_now(town):
    leader = people.actor_for(town.uow, town.leader_a)
    with pytest.raises(NotNow) as refused:
        proposals.open_scoring(town.uow, town.proposal_id, actor=leader)
    danish = Translator("da")
    assert (
        danish.message(refused.value) == "Det kan ikke lade sig gøre, mens forslaget har status »drøftelse«."
    )
