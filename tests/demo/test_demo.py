"""The demo (Fjordby Kommune): what it contains, that it is built through the use cases, and that
it loads the same way every time, in memory and into a real database."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assessment import (
    citizen_evidence,
    core_task_drafts,
    decision,
    dilemmas,
    med_process,
    outcomes,
    people,
    proposal_plan,
    proposals,
    readiness,
    scoring_sheet,
)
from assessment.kernel import records, scoring
from assessment.kernel.errors import NotAllowed
from assessment.kernel.i18n import Translator
from assessment.kernel.model import (
    ChangeType,
    CoreTaskDraftStatus,
    DilemmaStatus,
    EvidenceKind,
    MedStepKind,
    Origin,
    Role,
    Round,
    Status,
    Verdict,
)
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter, UnitOfWork
from assessment.kernel.rubric import BaselineRule, Scope
from assessment.kernel.rubric_loading import load_rubric
from assessment.kernel.scoring import is_disagreement, profession_breakdown
from assessment.outcome_rules import FollowUpState, IndicatorState
from demo.data import RUBRICS_DIR, DemoDataError, DemoSummary, load_demo
from tests.fakes import FakeUnitOfWork

Snapshot = dict[tuple[object, ...], object]


@pytest.fixture(scope="module")
def demo() -> tuple[FakeUnitOfWork, DemoSummary]:
    """One load into the in-memory unit of work, shared by the tests that only read it."""
    uow = FakeUnitOfWork()
    return uow, load_demo(uow)


def _proposal(uow: UnitOfWork, summary: DemoSummary, label: str):
    return proposals.get_proposal(uow, summary.proposal_ids[label], actor=SYSTEM)


def _questions_per_rater(uow: UnitOfWork, proposal) -> dict[int, int]:
    """How many answers each panel member is asked for: their own questions on every option."""
    with uow.read() as repo:
        rubric = records.rubric_of(repo, proposal.rubric)
        professions = [p for p in repo.list_professions() if p.id in set(proposal.affected_profession_ids)]
    by_id = {p.id: p for p in professions}
    return {
        member.person_id: sum(
            len(scoring.questions_for(rubric, option, professions, by_id.get(member.profession_id)))
            for option in proposal.options
        )
        for member in proposal.panel
    }


def snapshot(uow: UnitOfWork, summary: DemoSummary) -> tuple[Snapshot, Snapshot]:
    """Every score, draft and tally, keyed without database ids so two stores can be compared."""
    scores: Snapshot = {}
    tallies: Snapshot = {}
    with uow.read() as repo:
        email = {person.id: person.email for person in repo.list_people()}
        for label, proposal_id in summary.proposal_ids.items():
            proposal = repo.get_proposal(proposal_id)
            assert proposal is not None
            position = {option.id: option.position for option in proposal.options}
            for s in repo.all_scores(proposal_id):
                key = (
                    label,
                    email[s.rater_id],
                    position[s.option_id],
                    s.criterion_key,
                    s.facet,
                    int(s.round),
                )
                scores[key] = (s.level, s.reason, s.updated_at)
            for member in proposal.panel:
                for d in repo.drafts_of(proposal_id, member.person_id):
                    key = ("draft", label, email[d.rater_id], position[d.option_id], d.criterion_key, d.facet)
                    scores[key] = (d.level, d.reason, d.updated_at)
            for round_ in (Round.BLIND, Round.REVISED):
                for (option_id, criterion, facet), tally in repo.tallies(proposal_id, round_).items():
                    tallies[(label, int(round_), position[option_id], criterion, facet)] = tally
    return scores, tallies


# What the demo contains ------------------------------------------------------------------------


def test_the_counts_are_as_described(demo):
    uow, summary = demo
    # A, B, C and D, and E: the draft D's follow-up opened to adjust it.
    assert (summary.units, summary.people, summary.proposals) == (8, 12, 5)
    assert summary.decisions == 2
    with uow.read() as repo:
        assert len(repo.list_units()) == summary.units
        assert len(repo.list_people()) == summary.people
        assert repo.find_proposals(ProposalFilter(scope=None))[1] == summary.proposals
        stored = sum(len(repo.all_scores(pid)) for pid in summary.proposal_ids.values())
        # Format 2 asks each rater only their own questions: about 16 answers per option, not 34.
        assert stored == summary.scores > 500
        assert {r.ref.rubric_id for r in repo.list_rubrics()} == {
            load_rubric(path).id for path in RUBRICS_DIR.glob("*.toml")
        }
    assert "\n" not in summary.line() and "12 personer/people" in summary.line()


def test_the_municipality_has_three_levels_and_a_core_task_with_history(demo):
    uow, _ = demo
    with uow.read() as repo:
        units = {unit.id: unit for unit in repo.list_units()}
        histories = {unit.name: repo.core_task_history(unit.id) for unit in units.values()}

    def depth(unit) -> int:
        return 1 if unit.parent_id is None else 1 + depth(units[unit.parent_id])

    by_name = {unit.name: unit for unit in units.values()}
    assert depth(by_name["Hjemmeplejen Syd"]) == depth(by_name["Fjordby Skole"]) == 3
    assert max(depth(unit) for unit in units.values()) == 3
    assert all(histories.values()), "every unit has a core task"
    home_care = histories["Hjemmeplejen Syd"]
    assert [task.version for task in home_care] == [2, 1]
    assert "fru Jensen" in home_care[0].performed
    assert all(task.formal and task.performed and task.experienced for h in histories.values() for task in h)


def test_people_have_professions_fjordby_addresses_and_every_role(demo):
    uow, _ = demo
    with uow.read() as repo:
        people = repo.list_people()
        roles = Counter(m.role for person in people for m in repo.memberships_of(person.id))
    assert all(person.email.endswith("@fjordby.dk") for person in people)
    assert all(person.profession_id is not None for person in people)
    assert set(roles) == set(Role)
    assert roles[Role.ADMIN] == 1 and roles[Role.READER] >= 1 and roles[Role.LEADER] >= 2


def test_the_three_proposals_are_in_the_three_statuses(demo):
    uow, summary = demo
    statuses = {label: _proposal(uow, summary, label).status for label in "ABC"}
    assert statuses == {"A": Status.SCORING, "B": Status.DISCUSSION, "C": Status.DECIDED}


def test_each_proposal_is_fully_described_and_types_and_origins_vary(demo):
    uow, summary = demo
    proposals = [_proposal(uow, summary, label) for label in "ABC"]
    for proposal in proposals:
        assert 3 <= len(proposal.options) <= 5
        assert sum(option.is_baseline for option in proposal.options) == 1
        for text in (proposal.description, proposal.context, proposal.consulted, proposal.informed):
            assert len(text) > 40
        assert proposal.med_committee and proposal.management_level
        assert proposal.rubric.rubric_id == "kerneopgave"
    assert {p.change_type for p in proposals} == set(ChangeType)
    assert {p.origin for p in proposals} == set(Origin)


def test_raters_answer_every_question_they_are_asked(demo):
    uow, summary = demo
    for label in "BC":
        proposal = _proposal(uow, summary, label)
        asked = _questions_per_rater(uow, proposal)
        with uow.read() as repo:
            blind = Counter(s.rater_id for s in repo.all_scores(proposal.id) if s.round is Round.BLIND)
        assert blind == asked
        # The leader of the unit has no profession among the affected: no question on their own one.
        assert len(set(asked.values())) == 2


def test_nobody_scores_the_readiness_or_the_baseline_they_are_not_asked(demo):
    uow, summary = demo
    for label in "ABC":
        proposal = _proposal(uow, summary, label)
        baseline = next(option.id for option in proposal.options if option.is_baseline)
        with uow.read() as repo:
            rubric = records.rubric_of(repo, proposal.rubric)
            scores = repo.all_scores(proposal.id)
        assert scores
        for score in scores:
            assert rubric.scope_of(score.criterion_key) is Scope.OPTION
            if score.option_id == baseline:
                assert rubric.baseline_rule(score.criterion_key) is BaselineRule.ASK


def test_blind_scoring_is_under_way_in_proposal_a_with_one_rater_answering_in_drafts(demo):
    uow, summary = demo
    proposal = _proposal(uow, summary, "A")
    progress = {}
    for member in proposal.panel:
        sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, member.person_id))
        progress[member.person_id] = (sheet.cells_scored, len(sheet.drafts), sheet.cells_total)
    submitted_all = [p for p, (done, _, total) in progress.items() if done == total]
    partly = [p for p, (done, _, total) in progress.items() if 0 < done < total]
    drafting = [p for p, (done, drafts, _) in progress.items() if done == 0 and drafts]
    untouched = [p for p, (done, drafts, _) in progress.items() if done == 0 and not drafts]
    assert (len(submitted_all), len(partly), len(drafting), len(untouched)) == (2, 1, 1, 1)
    [karen] = drafting
    sheet = scoring_sheet.scoring_sheet(uow, proposal.id, actor=people.actor_for(uow, karen))
    assert 0 < len(sheet.drafts) < sheet.cells_total
    assert any(draft.reason for draft in sheet.drafts.values()), "a hand-written reason waits in a draft"
    assert summary.drafts == len(sheet.drafts)
    # Not even the leader who owns the proposal sees the panel's scores before the reveal.
    owner = people.actor_for(uow, proposal.created_by)
    with pytest.raises(NotAllowed, match="hidden until the reveal"):
        scoring_sheet.group_results(uow, proposal.id, actor=owner)


def test_proposal_b_has_real_disagreement_and_a_large_profession_group(demo):
    uow, summary = demo
    proposal = _proposal(uow, summary, "B")
    results = scoring_sheet.group_results(uow, proposal.id, actor=SYSTEM)
    assert len(proposal.panel) >= 6
    assert max(results.group_sizes.values()) >= 3
    disagreeing = {
        criterion
        for (_option, criterion, _facet), tally in results.tallies.items()
        if is_disagreement(tally, results.rubric.scale_of(criterion))
    }
    assert len(disagreeing) >= 2
    breakdown = profession_breakdown(results.rubric, results.profession_tallies, results.group_sizes)
    assert breakdown, "per-profession medians can be shown for the group of three"
    assert sum(tally.dont_know for tally in results.tallies.values()) > 0


def test_proposal_b_has_round_two_changes_and_dilemmas(demo):
    uow, summary = demo
    proposal = _proposal(uow, summary, "B")
    with uow.read() as repo:
        revised = [s for s in repo.all_scores(proposal.id) if s.round is Round.REVISED]
        logged = [e for e in repo.events_for("proposal", str(proposal.id)) if e.action == "score.round2"]
    assert len(revised) >= 2 and all(s.reason for s in revised)
    assert len(logged) >= 2 and all(e.after is not None and set(e.after) == {"cell"} for e in logged)
    found = dilemmas.dilemmas(uow, proposal.id, actor=SYSTEM)
    assert 2 <= len(found) <= 3
    assert [d.status for d in found].count(DilemmaStatus.HANDLED) == 1
    assert all(d.pole_a and d.pole_b for d in found)


def test_proposal_c_was_decided_with_dissent_and_a_follow_up_in_2027(demo):
    uow, summary = demo
    proposal = _proposal(uow, summary, "C")
    decided = decision.get_decision(uow, proposal.id, actor=SYSTEM)
    assert decided is not None
    assert decided.dissent.strip()
    assert decided.follow_up_date.year == 2027
    assert decided.follow_up_date > decided.decided_at.date()
    assert not proposal.option(decided.chosen_option_id).is_baseline


def test_proposal_d_has_a_complete_follow_up_that_missed_on_two_indicators_and_hit_one(demo):
    uow, summary = demo
    proposal = _proposal(uow, summary, "D")
    assert proposal.status is Status.CLOSED
    view = outcomes.outcomes_view(uow, proposal.id, actor=SYSTEM)
    names = {item.indicator.name: item.state for item in view.indicators}
    assert list(names.values()).count(IndicatorState.ON_TRACK) == 1
    assert list(names.values()).count(IndicatorState.OFF_TRACK) == 2
    assert names["Borgere der oplever at have indflydelse på deres hjælp"] is IndicatorState.ON_TRACK
    # In citizens' terms: no indicator counts deliveries, and one should fall.
    assert not any(item.counts_output for item in view.indicators)
    assert [item.indicator.higher_is_better for item in view.indicators].count(False) == 1
    assert all(item.latest is not None and item.latest.note for item in view.indicators)
    decided = decision.get_decision(uow, proposal.id, actor=SYSTEM)
    assert decided is not None
    assert all(item.latest.measured_on <= decided.follow_up_date for item in view.indicators if item.latest)
    assert view.conclusion is not None and view.conclusion.verdict is Verdict.ADJUST
    assert view.conclusion.reasons and view.state is FollowUpState.CONCLUDED
    assert view.successor_id == summary.proposal_ids["E"]
    successor = _proposal(uow, summary, "E")
    assert successor.status is Status.DRAFT and successor.predecessor_id == proposal.id
    with uow.read() as repo:
        rescores = [s for s in repo.all_scores(proposal.id) if s.round is Round.FOLLOW_UP]
    assert rescores and {s.option_id for s in rescores} == {decided.chosen_option_id}
    assert (summary.indicators, summary.measurements, summary.conclusions) == (3, 3, 1)


def test_the_med_process_is_recorded_as_dated_steps_before_the_decision_with_consultations(demo):
    uow, summary = demo
    decided = _proposal(uow, summary, "C")
    view = med_process.med_process(uow, decided.id, actor=SYSTEM)
    decided_on = decision.get_decision(uow, decided.id, actor=SYSTEM).decided_at.date()
    assert [step.kind for step in view.steps] == list(MedStepKind) and view.missing_steps == ()
    assert all(s.held_on < decided_on and s.agenda_item.startswith("Punkt") and s.note for s in view.steps)
    assert all(s.employee_remarks for s in view.steps)
    assert {view.committee_names[s.committee_id or 0] for s in view.steps} == {"Lokal-MED Fjordby Skole"}
    [board] = view.consultations
    assert board.body.startswith("Skolebestyrelsen") and board.answer
    assert board.sent_on <= board.answered_on <= board.deadline < decided_on

    # Elder care: the ældreråd has answered; the MED committee has discussed but not given its statement.
    elder_care = med_process.med_process(uow, summary.proposal_ids["B"], actor=SYSTEM)
    assert elder_care.missing_steps == (MedStepKind.STATEMENT,)
    [council] = elder_care.consultations
    assert council.body == "Ældrerådet" and council.answered_on and "ældrelov" in council.answer
    texts = [s.note + s.employee_remarks for s in view.steps + elder_care.steps] + [council.answer]
    assert not any("§ 83" in text or "serviceloven" in text.lower() for text in texts)


def test_proposal_d_went_through_med_with_a_plan_before_its_decision(demo):
    uow, summary = demo
    proposal_id = summary.proposal_ids["D"]
    decided_on = decision.get_decision(uow, proposal_id, actor=SYSTEM).decided_at.date()
    view = med_process.med_process(uow, proposal_id, actor=SYSTEM)
    assert [step.kind for step in view.steps] == list(MedStepKind) and view.missing_steps == ()
    assert all(s.held_on < decided_on and s.agenda_item.startswith("Punkt") and s.note for s in view.steps)
    assert {view.committee_names[s.committee_id or 0] for s in view.steps} == {"Lokal-MED Hjemmeplejen Syd"}
    [council] = view.consultations
    assert council.body == "Ældrerådet" and council.answer
    assert council.sent_on <= council.answered_on <= council.deadline < decided_on
    plan = proposal_plan.proposal_plan(uow, proposal_id, actor=SYSTEM).plan
    assert plan.case_number and all(getattr(plan, name) for name in proposal_plan.TEXT_FIELDS)
    assert plan.apv_agreed_on is not None and plan.apv_agreed_on < decided_on
    texts = [s.note + s.employee_remarks for s in view.steps] + [council.answer, plan.work_environment]
    assert not any("§ 83" in text or "serviceloven" in text.lower() for text in texts)


def test_proposal_d_s_panel_answered_every_follow_up_question_and_one_dimension_beat_expectations(demo):
    uow, summary = demo
    proposal = _proposal(uow, summary, "D")
    chosen = decision.get_decision(uow, proposal.id, actor=SYSTEM).chosen_option_id
    with uow.read() as repo:
        rubric = records.rubric_of(repo, proposal.rubric)
        professions = [p for p in repo.list_professions() if p.id in set(proposal.affected_profession_ids)]
        rescores = [s for s in repo.all_scores(proposal.id) if s.round is Round.FOLLOW_UP]
    by_id = {p.id: p for p in professions}
    # The follow-up asks every question again, of the chosen option only; the whole panel answered.
    asked = {
        member.person_id: len(
            scoring.questions_for(
                rubric, proposal.option(chosen), professions, by_id.get(member.profession_id)
            )
        )
        for member in proposal.panel
    }
    assert Counter(s.rater_id for s in rescores) == asked
    view = decision.decision_view(uow, proposal.id, Translator("da"), actor=SYSTEM)
    scored = {d.dimension_key: d for d in view.dimensions}
    assert all(d.actual.value is not None for d in view.dimensions if not d.ladder)
    assert scored["fagligheder"].difference > 0, "the professions did better than expected"
    assert scored["arbejdsmiljoe"].difference < 0, "the work environment did worse"
    assert "Aktiv inddragelse" in scored["borgerinddragelse"].actual.text


def test_reasons_are_hand_written_and_only_on_some_scores(demo):
    uow, summary = demo
    with uow.read() as repo:
        scores = [s for pid in summary.proposal_ids.values() for s in repo.all_scores(pid)]
    reasons = {s.reason for s in scores if s.reason}
    assert len(reasons) >= 30
    assert summary.reasons < len(scores) / 5
    assert any(s.level is None and s.reason.startswith("Ved ikke") for s in scores)


def test_each_leader_answered_the_readiness_checklist_once_for_the_proposal(demo):
    uow, summary = demo
    checklists = {
        label: readiness.readiness_checklist(uow, summary.proposal_ids[label], actor=SYSTEM)
        for label in "ABC"
    }
    assert checklists["C"].complete and checklists["B"].complete
    in_scoring = checklists["A"]
    assert 0 < in_scoring.answered < len(in_scoring.items), "A's checklist is not finished yet"
    answers = [item.answer for item in in_scoring.items if item.answer is not None]
    assert any(answer.level is None and answer.note.startswith("Ved ikke") for answer in answers)
    for label, checklist in checklists.items():
        leader = _proposal(uow, summary, label).created_by
        assert all(
            item.answer.answered_by == leader and item.answer.note for item in checklist.items if item.answer
        )
    assert summary.readiness_answers == sum(checklist.answered for checklist in checklists.values())


def test_one_proposal_rests_on_the_citizens_own_voice_and_one_on_nothing(demo):
    uow, summary = demo
    views = {
        label: citizen_evidence.citizen_evidence(uow, summary.proposal_ids[label], actor=SYSTEM)
        for label in "ABC"
    }
    assert views["A"].rests_on_nothing
    assert [item.kind for item in views["A"].items] == [EvidenceKind.NONE]
    for label in "BC":
        assert not views[label].rests_on_nothing
        surveys = [item for item in views[label].items if item.kind is EvidenceKind.SURVEY]
        assert surveys and all(item.collected_on and item.note for item in surveys)
        registered = _proposal(uow, summary, label).created_at.date()
        assert all(item.collected_on < registered for item in views[label].items if item.collected_on)


def test_the_change_of_the_core_task_has_an_open_draft_of_the_next_version(demo):
    uow, summary = demo
    changing = _proposal(uow, summary, "B")
    assert changing.change_type is ChangeType.CORE_TASK
    view = core_task_drafts.proposal_draft(uow, changing.id, actor=SYSTEM)
    assert view is not None and view.draft.status is CoreTaskDraftStatus.OPEN
    assert view.unit.name == "Hjemmeplejen Syd" and view.draft.based_on_version == view.current_version == 2
    assert view.draft.statement != view.current.statement, "the leader has written on the copy"
    assert "Ældreloven" in view.draft.formal and "fru Jensen" in view.draft.experienced.replace("Fru", "fru")
    for label in "AC":
        assert core_task_drafts.proposal_draft(uow, summary.proposal_ids[label], actor=SYSTEM) is None


def test_elder_care_texts_cite_the_law_in_force(demo):
    uow, _ = demo
    with uow.read() as repo:
        texts = [
            text
            for unit in repo.list_units()
            for task in repo.core_task_history(unit.id)
            for text in (task.statement, task.formal, task.performed, task.experienced)
        ]
    assert any("Ældreloven" in text for text in texts)
    assert not any("§ 83" in text or "serviceloven" in text.lower() for text in texts)


# Robustness ------------------------------------------------------------------------------------


def test_a_criterion_missing_from_the_rubric_stops_the_demo_before_anything_is_written(tmp_path: Path):
    # The short rubric under the default rubric's name: it lacks the criteria the reasons are about.
    short = (
        (RUBRICS_DIR / "kort.toml").read_text(encoding="utf-8").replace('id = "kort"', 'id = "kerneopgave"')
    )
    (tmp_path / "kerneopgave.toml").write_text(short, encoding="utf-8")
    uow = FakeUnitOfWork()
    with pytest.raises(DemoDataError, match="egen_faglighed"):
        load_demo(uow, rubrics_dir=tmp_path)
    with uow.read() as repo:
        assert repo.list_rubrics() == [] and repo.list_units() == []


def test_a_follow_up_answer_the_follow_up_does_not_ask_once_is_refused_before_anything_is_written():
    from dataclasses import replace

    from demo import content
    from demo.checks import check_spec

    rubric = load_rubric(RUBRICS_DIR / "kerneopgave.toml")
    plan = content.BATH.follow_up
    assert plan is not None
    check_spec(content.BATH, rubric)  # as written, it fits
    wrong = replace(
        plan,
        rescores=(("lone", "perspektiver", 1, "Tre perspektiver, ét svar?"), ("mads", "mening", 1, "")),
        centers={**plan.centers, "egen_faglighed": {"ssh": 1.0}},
    )
    with pytest.raises(DemoDataError) as refused:
        check_spec(replace(content.BATH, follow_up=wrong), rubric)
    found = str(refused.value)
    assert "perspektiver is answered once per perspective" in found
    assert "mads is not on the panel" in found and "facets ['ssh']" in found


# A real database -------------------------------------------------------------------------------


def test_the_demo_loads_the_same_into_a_database_as_in_memory(demo, migrated_url: str):
    from storage.engine import make_engine
    from storage.repository import SqlUnitOfWork

    fake, fake_summary = demo
    engine = make_engine(migrated_url)
    try:
        uow = SqlUnitOfWork(engine)
        summary = load_demo(uow)
        assert summary.scores == fake_summary.scores
        scores, tallies = snapshot(uow, summary)
        assert proposals.get_proposal(uow, summary.proposal_ids["C"], actor=SYSTEM).status is Status.DECIDED
    finally:
        engine.dispose()
    fake_scores, fake_tallies = snapshot(fake, fake_summary)
    assert tallies == fake_tallies
    assert scores == fake_scores


def test_the_command_loads_once_and_then_leaves_the_data_alone(db_url: str, capsys):
    from demo.__main__ import main
    from storage.engine import make_engine
    from storage.repository import SqlUnitOfWork

    assert main(["--database-url", db_url, "--if-empty"]) == 0  # migrates, then loads
    assert "demo data loaded" in capsys.readouterr().out
    assert main(["--database-url", db_url, "--if-empty"]) == 0
    assert "skipped" in capsys.readouterr().out
    assert main(["--database-url", db_url]) == 1
    refused = capsys.readouterr().err
    assert "indlæses ikke" in refused and "not loaded" in refused
    engine = make_engine(db_url)
    try:
        with SqlUnitOfWork(engine).read() as repo:
            assert repo.find_proposals(ProposalFilter(scope=None))[1] == 5
            assert len(repo.list_people()) == 12
    finally:
        engine.dispose()


def test_every_level_has_its_med_committee_and_each_proposal_involves_its_own(demo):
    from assessment import med_committees
    from assessment.kernel.model import CommitteeRole, CommitteeSide

    uow, summary = demo
    with uow.read() as repo:
        committees = {c.name: c for c in repo.list_committees()}
        seats = repo.committee_members()
        for label in summary.proposal_ids:
            proposal = repo.get_proposal(summary.proposal_ids[label])
            chosen = committees[proposal.med_committee]
            assert proposal.med_committee_id == chosen.id and chosen.unit_id == proposal.unit_id
        facts = med_committees.committee_for_summary(repo, committees["Lokal-MED Hjemmeplejen Syd"].id)
    assert {"Hovedudvalget", "Center-MED Ældre og Sundhed", "Lokal-MED Plejecenter Lindegården"} <= set(
        committees
    )
    representatives = [
        s for s in seats if s.role in (CommitteeRole.WORK_ENVIRONMENT_REP, CommitteeRole.UNION_REP)
    ]
    assert representatives and all(s.side is CommitteeSide.EMPLOYEE for s in representatives)
    assert facts is not None and (facts.chairs, facts.work_environment_reps, facts.union_reps) == (
        ("Birgitte Lund",),
        ("Karen Vestergaard",),
        ("Anne Mortensen",),
    )
