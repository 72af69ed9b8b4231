"""A person's data: the export holds everything that refers to them, pseudonymising removes who they were."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, Text, func, or_, select
from sqlmodel import SQLModel

import storage.tables  # noqa: F401 - registers every table on SQLModel.metadata
from assessment import (
    citizen_evidence,
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
    score_drafts,
    scoring_sheet,
)
from assessment.kernel.errors import InvalidInput, WrongState
from assessment.kernel.model import (
    ChangeType,
    CommitteeKind,
    CommitteeRole,
    CommitteeSide,
    EvidenceKind,
    MedStepKind,
    Role,
    Round,
    UnitLevel,
    Verdict,
)
from assessment.kernel.permissions import SYSTEM, AccessDenied, on_behalf_of
from assessment.kernel.repository import NoteKind, UnitOfWork
from report.export.personal_data import SECTION_LABELS, to_json, to_xlsx
from tests.conftest import BACKENDS, UNITS_OF_WORK, unit_of_work_for
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, World, build_world, proposal_input, ready_proposal, record_score

NAME, EMAIL = "Anne Hansen", "anne@kommune.dk"  # world.raters[0]
PERSON_NAMED = ("_by", "author_id", "rater_id", "actor_id", "person_id")


@pytest.fixture(params=UNITS_OF_WORK)
def uow(request, tmp_path) -> Iterator[UnitOfWork]:
    yield from unit_of_work_for(request.param, tmp_path)


@dataclass
class Story:
    world: World
    anne: int  # the person whose data is asked for
    bo: int  # someone else, with rows in the same tables
    admin: int
    proposal_id: int


@pytest.fixture
def story(uow) -> Story:
    """Anne leads and scores, writes and decides; Bo does the same beside her; Henrik administers."""
    clock = Clock()
    world = build_world(uow, clock)
    anne, bo = world.raters[0], world.raters[1]
    with uow.read() as repo:
        unit = repo.get_unit(world.unit_id)
    assert unit is not None and unit.parent_id is not None
    admin = people.register_person(
        uow, name="Henrik Holm", email="henrik@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
    )
    people.grant_role(
        uow, person_id=admin.id or 0, unit_id=unit.parent_id, role=Role.ADMIN, actor=SYSTEM, clock=clock
    )
    # Anne is the AMR of a neighbouring unit's MED committee, where Bo was a member and has left.
    neighbour = organisation.register_unit(
        uow,
        name="Sygeplejen",
        level=UnitLevel.INSTITUTION,
        parent_id=unit.parent_id,
        actor=SYSTEM,
        clock=clock,
    )
    committee = med_committees.register_committee(
        uow,
        name="Lokal-MED Sygeplejen",
        kind=CommitteeKind.LOCAL,
        unit_id=neighbour.id or 0,
        actor=SYSTEM,
        clock=clock,
    )
    for person_id, role in ((anne, CommitteeRole.WORK_ENVIRONMENT_REP), (bo, CommitteeRole.MEMBER)):
        seat = med_committees.add_member(
            uow,
            committee.id or 0,
            person_id=person_id,
            side=CommitteeSide.EMPLOYEE,
            role=role,
            actor=SYSTEM,
            clock=clock,
        )
    med_committees.remove_member(uow, committee.id or 0, seat.id or 0, actor=SYSTEM, clock=clock)
    as_anne, as_bo = on_behalf_of(anne), on_behalf_of(bo)
    for actor in (as_anne, as_bo):
        organisation.record_core_task(
            uow,
            unit_id=world.unit_id,
            statement=f"Kerneopgave {actor.person_id}",
            formal="",
            performed="",
            experienced="",
            actor=actor,
            clock=clock,
        )
    # A change of the core task itself: registering it opens Anne's draft of the next core task.
    proposal = proposals.register_proposal(
        uow, proposal_input(world, change_type=ChangeType.CORE_TASK), actor=as_anne, clock=clock
    )
    proposals.register_proposal(uow, proposal_input(world, title="Bos forslag"), actor=as_bo, clock=clock)
    pid = proposal.id or 0
    proposals.open_scoring(uow, pid, actor=as_anne, clock=clock)
    for actor, level in ((as_anne, 2), (as_bo, -1)):
        record_score(
            uow,
            scoring_sheet.ScoreInput(
                pid, proposal.options[1].id or 0, "borger", level, f"Grund {actor.person_id}"
            ),
            actor=actor,
            clock=clock,
        )
    proposals.reveal(uow, pid, actor=as_anne, clock=clock)
    proposal_plan.save_plan(
        uow,
        pid,
        proposal_plan.PlanInput(cost=f"Økonomi {as_anne.person_id}"),
        expected_version=0,
        actor=as_anne,
        clock=clock,
    )
    # A second proposal, in blind scoring, on a rubric with a readiness checklist: each of them answers
    # a question, records evidence with a note, and keeps an unsubmitted answer.
    ready = ready_proposal(uow, world, clock)
    for actor, question in ((as_anne, "apv"), (as_bo, "oekonomi")):
        readiness.record_readiness(
            uow,
            ready.id or 0,
            [readiness.ReadinessInput(question, 2, f"Parathed {actor.person_id}")],
            actor=actor,
            clock=clock,
        )
        citizen_evidence.add_citizen_evidence(
            uow,
            ready.id or 0,
            kind=EvidenceKind.SURVEY,
            note=f"Stemme {actor.person_id}",
            actor=actor,
            clock=clock,
        )
        med_process.add_med_step(
            uow,
            ready.id or 0,
            med_process.MedStepInput(
                MedStepKind.INFORMATION, date(2026, 11, 2), note=f"MED {actor.person_id}"
            ),
            actor=actor,
            clock=clock,
        )
        med_process.add_consultation(
            uow,
            ready.id or 0,
            med_process.ConsultationInput(f"Ældrerådet {actor.person_id}"),
            actor=actor,
            clock=clock,
        )
        score_drafts.save_draft(
            uow,
            ready.id or 0,
            ready.options[1].id or 0,
            "borger",
            "",
            1,
            f"Udkast {actor.person_id}",
            drawn_in=Round.BLIND,
            actor=actor,
            clock=clock,
        )
    for actor in (as_anne, as_bo):
        dilemmas.record_dilemma(uow, pid, text=f"Dilemma {actor.person_id}", actor=actor, clock=clock)
        discussion.record_note(
            uow, pid, kind=NoteKind.PERSPECTIVE_GAP, text=f"Note {actor.person_id}", actor=actor, clock=clock
        )
    decision.record_decision(
        uow,
        pid,
        decision.DecisionInput(
            chosen_option_id=proposal.options[1].id or 0,
            justification="Fordi",
            med_statement="MED er hørt",
            dissent="",
            conditions="",
            follow_up_date=date(2027, 6, 1),
            indicators="Færre skift",
            implementation_responsible_id=as_anne.person_id,
            follow_up_responsible_id=as_anne.person_id,
        ),
        actor=as_anne,
        clock=clock,
    )
    draft = core_task_drafts.proposal_draft(uow, pid, actor=as_anne)
    assert draft is not None
    core_task_drafts.adopt_draft(
        uow,
        draft.draft.id or 0,
        statement="Kerneopgave vedtaget med forslaget",
        formal="",
        performed="",
        experienced="",
        expected_version=draft.draft.version,
        expected_core_task_version=draft.current_version,
        actor=as_anne,
        clock=clock,
    )
    # After the decision Anne sets up an outcome indicator and concludes; both record a measurement.
    [indicator] = outcomes.save_indicators(
        uow,
        pid,
        [
            outcomes.IndicatorInput(
                "Borgere der selv klarer badet", "", "borgere", 40.0, date(2026, 9, 1), 60.0, date(2027, 9, 1)
            )
        ],
        actor=as_anne,
        clock=clock,
    )
    for actor in (as_anne, as_bo):
        outcomes.record_measurement(
            uow,
            indicator.id or 0,
            outcomes.MeasurementInput(date(2026, 11, 20), 45.0, note=f"Måling {actor.person_id}"),
            actor=actor,
            clock=clock,
        )
    outcomes.conclude_follow_up(uow, pid, Verdict.CONTINUE, f"Konklusion {anne}", actor=as_anne, clock=clock)
    return Story(world=world, anne=anne, bo=bo, admin=admin.id or 0, proposal_id=pid)


def _admin(uow, story):
    return people.actor_for(uow, story.admin)


# Export ------------------------------------------------------------------------------------------


def _refers_to(item: object, person_id: int) -> bool:
    """Whether one exported item refers to the person in one of its person columns."""
    values = {getattr(item, name, None) for name in ("person_id", "rater_id", "created_by", "updated_by")}
    values |= {getattr(item, name, None) for name in ("author_id", "decided_by", "actor_id")}
    values |= {
        getattr(item, name, None) for name in ("implementation_responsible_id", "follow_up_responsible_id")
    }
    values |= {getattr(item, name, None) for name in ("answered_by", "recorded_by", "concluded_by")}
    about = getattr(item, "object_type", None) == "person" and getattr(item, "object_id", None) == str(
        person_id
    )
    return person_id in values or about


def test_the_export_holds_the_persons_items_from_every_table_and_nobody_elses(uow, story):
    data = personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    assert data.person.name == NAME and data.person.email == EMAIL
    for kind in personal_data.COVERAGE:
        items = getattr(data, kind)
        items = items if isinstance(items, list) else [items]
        if kind == "score_drafts":  # only their rater ever reads them: held back, and counted
            assert items == [] and data.withheld[kind] == 1
            continue
        assert items, f"the export has no {kind}"
        strangers = [item for item in items if kind != "person" and not _refers_to(item, story.anne)]
        assert strangers == [], f"{kind} holds someone else's items"
    assert {s.reason for s in data.scores} == {f"Grund {story.anne}"}
    assert {d.text for d in data.dilemmas} == {f"Dilemma {story.anne}"}
    assert {(r.criterion_key, r.note) for r in data.readiness} == {("apv", f"Parathed {story.anne}")}
    assert {e.note for e in data.evidence} == {f"Stemme {story.anne}"}
    assert {p.cost for p in data.plans} == {f"Økonomi {story.anne}"}
    assert {s.note for s in data.med_steps} == {f"MED {story.anne}"}
    assert {c.body for c in data.consultations} == {f"Ældrerådet {story.anne}"}
    assert {m.note for m in data.measurements} == {f"Måling {story.anne}"}
    assert {c.reasons for c in data.conclusions} == {f"Konklusion {story.anne}"}
    assert [i.name for i in data.indicators] == ["Borgere der selv klarer badet"]
    assert f"Udkast {story.anne}" not in repr(data) and f"Udkast {story.anne}" not in to_json(data).decode()
    assert [p.title for p in data.proposals] == ["Faste teams i hjemmeplejen"]
    assert {"membership.grant", "score.round1"} <= {e.action for e in data.audit_events}
    assert data.proposal_titles[story.proposal_id] == "Faste teams i hjemmeplejen"


def test_the_export_is_itself_recorded_in_the_audit_trail(uow, story):
    personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    with uow.read() as repo:
        recorded = repo.events_for("person", str(story.anne))
    assert recorded[-1].action == "personal_data.export" and recorded[-1].actor_id == story.admin


def test_blind_scores_and_drafts_are_held_back_and_counted_until_they_may_be_seen(uow, story):
    """An administrator with no role on the proposals handles the request: nothing blind or drafted
    reaches them, and the files say what is held back."""
    clock = Clock()
    anne = on_behalf_of(story.anne)
    draft = proposals.register_proposal(
        uow, proposal_input(story.world, title="Hemmeligt udkast"), actor=anne, clock=clock
    )
    blind = proposals.register_proposal(
        uow, proposal_input(story.world, title="Blindt"), actor=anne, clock=clock
    )
    proposals.open_scoring(uow, blind.id or 0, actor=anne, clock=clock)
    citizen_evidence.add_citizen_evidence(
        uow, draft.id or 0, kind=EvidenceKind.INTERVIEWS, note="Hemmelig stemme", actor=anne, clock=clock
    )
    record_score(
        uow,
        scoring_sheet.ScoreInput(blind.id, blind.options[1].id or 0, "borger", 2, "Min blinde grund"),
        actor=anne,
        clock=clock,
    )
    data = personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    assert {s.proposal_id for s in data.scores} == {story.proposal_id}
    assert "Hemmeligt udkast" not in repr(data) and "Min blinde grund" not in repr(data)
    assert "Hemmelig stemme" not in repr(data) and data.withheld["evidence"] == 1
    assert draft.id not in {p.id for p in data.proposals} | {m.proposal_id for m in data.panels}
    assert data.withheld["scores"] == 1 and data.withheld["proposals"] == 1 and data.withheld["panels"] >= 1
    assert "Hemmeligt udkast" not in to_json(data).decode() and "withheld" in json.loads(to_json(data))
    workbook = load_workbook(BytesIO(to_xlsx(data, "da")))
    assert "Tilbageholdt indtil videre" in workbook.sheetnames

    # After the reveal the blind scores may be seen, and they are delivered.
    proposals.reveal(uow, blind.id or 0, actor=anne, clock=clock)
    later = personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    assert "Min blinde grund" in {s.reason for s in later.scores} and "scores" not in later.withheld


def test_the_json_and_excel_files_hold_every_section(uow, story):
    data = personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    document = json.loads(to_json(data))
    assert set(SECTION_LABELS) <= document.keys()
    assert document["person"][0]["email"] == EMAIL
    assert [s["reason"] for s in document["scores"]] == [f"Grund {story.anne}"]
    workbook = load_workbook(BytesIO(to_xlsx(data, "en")))
    assert workbook.sheetnames[: len(SECTION_LABELS)] == list(SECTION_LABELS.values())
    scores = workbook["Scores"]
    header = [cell.value for cell in scores[1]]
    assert scores.cell(row=2, column=header.index("reason") + 1).value == f"Grund {story.anne}"


def test_a_text_that_looks_like_a_formula_stays_text_in_the_workbook(uow, story):
    dilemmas.record_dilemma(
        uow, story.proposal_id, text='=HYPERLINK("http://x")', actor=on_behalf_of(story.anne)
    )
    data = personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    sheet = load_workbook(BytesIO(to_xlsx(data, "en")))["Dilemmas"]
    cells = [
        cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == '=HYPERLINK("http://x")'
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_an_error_value_stays_text_and_a_text_too_long_for_a_cell_is_cut_visibly(uow, story):
    dilemmas.record_dilemma(uow, story.proposal_id, text="#DIV/0!", actor=on_behalf_of(story.anne))
    data = personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    # 20,000 characters, as a reason may have, but 40,000 for Excel, which counts an emoji as two.
    reason = "🙂" * 19_999 + "."
    data = replace(data, scores=[replace(score, reason=reason) for score in data.scores])
    workbook = load_workbook(BytesIO(to_xlsx(data, "da")))
    [error] = [
        cell for row in workbook["Dilemmaer"].iter_rows(min_row=2) for cell in row if cell.value == "#DIV/0!"
    ]
    assert error.data_type == "s" and error.quotePrefix
    [cut] = [
        cell.value
        for row in workbook["Vurderinger"].iter_rows(min_row=2)
        for cell in row
        if cell.value and str(cell.value).startswith("🙂")
    ]
    assert cut.endswith("… [afkortet: hele teksten står i JSON-filen]")
    assert {score["reason"] for score in json.loads(to_json(data))["scores"]} == {reason}


def person_references(metadata: MetaData) -> set[tuple[str, str]]:
    """Every (table, column) that holds a person: a foreign key to the person, or named like one."""
    found = {("person", "id")}
    for table in metadata.tables.values():
        for column in table.columns:
            points_to_person = any(fk.column.table.name == "person" for fk in column.foreign_keys)
            if points_to_person or column.name.endswith(PERSON_NAMED):
                found.add((table.name, column.name))
    return found


def test_the_export_covers_every_column_in_the_schema_that_refers_to_a_person():
    covered = set().union(*personal_data.COVERAGE.values())
    assert person_references(SQLModel.metadata) == covered


def test_a_new_table_with_a_person_in_it_would_fail_the_coverage_test():
    metadata = MetaData()
    Table("person", metadata, Column("id", Integer, primary_key=True))
    Table(
        "thanks", metadata, Column("id", Integer, primary_key=True), Column("giver", ForeignKey("person.id"))
    )
    Table("badge", metadata, Column("id", Integer, primary_key=True), Column("awarded_by", Integer))
    assert person_references(metadata) == {("person", "id"), ("thanks", "giver"), ("badge", "awarded_by")}


# What the export holds of each covered table, as that table's primary key.
EXPORTED_KEYS = {
    "person": lambda p: (p.id,),
    "memberships": lambda m: (m.id,),
    "committee_seats": lambda s: (s.id,),
    "scores": lambda s: (s.id,),
    "score_drafts": lambda d: (d.id,),
    "readiness": lambda r: (r.proposal_id, r.criterion_key),
    "evidence": lambda e: (e.id,),
    "med_steps": lambda s: (s.id,),
    "consultations": lambda c: (c.id,),
    "dilemmas": lambda d: (d.id,),
    "notes": lambda n: (n.id,),
    "decisions": lambda d: (d.proposal_id,),
    "plans": lambda p: (p.proposal_id,),
    "indicators": lambda i: (i.id,),
    "measurements": lambda m: (m.id,),
    "conclusions": lambda c: (c.proposal_id,),
    "core_tasks": lambda c: (c.id,),
    "core_task_drafts": lambda d: (d.id,),
    "proposals": lambda p: (p.id,),
    "panels": lambda m: (m.proposal_id, m.person_id),
    "audit_events": lambda e: (e.id,),
}


@pytest.mark.parametrize("uow", BACKENDS, indirect=True)  # compared with a real database's rows
def test_every_stored_row_that_refers_to_the_person_is_in_the_export(uow, story):
    assert EXPORTED_KEYS.keys() == personal_data.COVERAGE.keys()
    data = personal_data.export_person(uow, story.anne, actor=_admin(uow, story))
    tables = SQLModel.metadata.tables
    with uow.engine.connect() as connection:
        for kind, references in personal_data.COVERAGE.items():
            items = getattr(data, kind)
            exported = {EXPORTED_KEYS[kind](item) for item in (items if isinstance(items, list) else [items])}
            for table_name, column in references:
                table = tables[table_name]
                stored = {
                    tuple(row)
                    for row in connection.execute(
                        select(*table.primary_key.columns).where(table.c[column] == story.anne)
                    )
                }
                assert stored, f"the story stores no {table_name}.{column} for the person"
                # Bo's draft has Anne on its panel: that row is held back, and counted as such.
                missing = stored - exported
                assert len(missing) == data.withheld.get(kind, 0), f"{table_name}.{column}: {missing} missing"


def test_someone_who_is_not_an_administrator_of_the_persons_units_is_refused(uow, story):
    leader = people.actor_for(uow, story.world.leader_id)
    with pytest.raises(AccessDenied):
        personal_data.export_person(uow, story.anne, actor=leader)
    with pytest.raises(AccessDenied):
        personal_data.pseudonymise_person(uow, story.anne, reason="Fratrådt", actor=leader)
    with uow.read() as repo:
        denied = repo.events_for("person", str(story.anne))[-2:]
    assert [e.action for e in denied] == ["denied:personal_data.manage"] * 2
    assert people.person_for_sign_in(uow, EMAIL) is not None  # nothing happened


# Pseudonymising ----------------------------------------------------------------------------------


def _texts_mentioning(uow, *needles: str) -> list[str]:
    """Every stored text (any column, any table) that contains one of ``needles``."""
    if isinstance(uow, FakeUnitOfWork):
        return [needle for needle in needles if needle.casefold() in repr(uow.state).casefold()]
    found = []
    with uow.engine.connect() as connection:
        for table in SQLModel.metadata.tables.values():
            for column in table.columns:
                if not isinstance(column.type, String | Text):
                    continue
                hits = connection.execute(
                    select(func.count())
                    .select_from(table)
                    .where(or_(*(func.lower(column).contains(n.casefold()) for n in needles)))
                ).scalar_one()
                if hits:
                    found.append(f"{table.name}.{column.name}")
    return found


def test_pseudonymising_replaces_who_they_were_and_keeps_what_they_contributed(uow, story):
    admin = _admin(uow, story)
    before = personal_data.export_person(uow, story.anne, actor=admin)
    assert _texts_mentioning(uow, NAME, EMAIL)  # the search can find them

    person = personal_data.pseudonymise_person(uow, story.anne, reason="Fratrådt 31.10.2026", actor=admin)

    assert person.name == f"Tidligere medarbejder {story.anne}"
    assert person.email == f"removed-{story.anne}@invalid" and not person.active
    assert _texts_mentioning(uow, NAME, EMAIL) == []
    after = personal_data.export_person(uow, story.anne, actor=admin)
    assert after.scores == before.scores and after.dilemmas == before.dilemmas
    assert after.decisions == before.decisions and after.notes == before.notes
    assert after.memberships == []
    # Her seat on the MED committee ends as her roles do, and stays as the committee's history.
    assert [(s.role, s.removed_at is not None) for s in after.committee_seats] == [
        (CommitteeRole.WORK_ENVIRONMENT_REP, True)
    ]
    assert people.person_for_sign_in(uow, EMAIL) is None
    assert people.person_for_sign_in(uow, person.email) is None
    assert not people.actor_for(uow, story.anne).roles
    with uow.read() as repo:
        event = next(
            e for e in repo.events_for("person", str(story.anne)) if e.action == "person.pseudonymise"
        )
    assert event.actor_id == story.admin
    assert event.after == {"active": False, "reason": "Fratrådt 31.10.2026"}
    # What she contributed to the readiness checklist and the citizens' voice stays, with its notes;
    # her unsubmitted answer was never contributed, and is gone.
    assert after.readiness == before.readiness and after.evidence == before.evidence
    assert after.med_steps == before.med_steps and after.consultations == before.consultations
    assert after.measurements == before.measurements and after.conclusions == before.conclusions
    assert event.before["unsubmitted_answers"] == 1 and "score_drafts" not in after.withheld
    assert event.before["committee_seats"] == [
        {"committee_id": before.committee_seats[0].committee_id, "role": "work_environment_rep"}
    ]
    with uow.read() as repo:
        assert repo.drafts_by(story.anne) == [] and len(repo.drafts_by(story.bo)) == 1


def test_pseudonymising_needs_a_reason_and_happens_once(uow, story):
    admin = _admin(uow, story)
    with pytest.raises(InvalidInput):
        personal_data.pseudonymise_person(uow, story.anne, reason="   ", actor=admin)
    assert people.person_for_sign_in(uow, EMAIL) is not None
    personal_data.pseudonymise_person(uow, story.anne, reason="Fratrådt", actor=admin)
    with pytest.raises(WrongState):
        personal_data.pseudonymise_person(uow, story.anne, reason="Igen", actor=admin)
    with pytest.raises(WrongState):
        personal_data.pseudonymise_person(uow, story.admin, reason="Mig selv", actor=admin)
