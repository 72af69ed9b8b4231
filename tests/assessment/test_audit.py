"""Reading the audit trail: filters, paging and names, on the fake and on both databases."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from assessment import audit, audit_wording, people, personal_data
from assessment.kernel.i18n import Translator
from assessment.kernel.model import AuditEvent, Role, Round
from assessment.kernel.permissions import SYSTEM, AccessDenied, Action
from assessment.kernel.repository import AuditQuery, UnitOfWork
from tests.conftest import UNITS_OF_WORK, unit_of_work_for
from tests.support import Clock, World, build_world

ROOT = Path(__file__).resolve().parents[2]
# 23:30 on 1 December in Copenhagen is still 1 December there, but 22:30 UTC.
LATE_EVENING = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)


@pytest.fixture(params=UNITS_OF_WORK)
def uow(request, tmp_path) -> Iterator[UnitOfWork]:
    yield from unit_of_work_for(request.param, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(uow, clock) -> World:
    return build_world(uow, clock)


@pytest.fixture
def admin(uow, world, clock):
    # On the world's clock (27.11.2026), like every other event: the day filters below count days.
    person = people.register_person(
        uow, name="Henrik Holm", email="henrik@kommune.dk", profession_id=None, actor=SYSTEM, clock=clock
    )
    # At the top of the tree: the audit trail is about the whole organisation.
    people.grant_role(
        uow, person_id=person.id or 0, unit_id=world.top_unit_id, role=Role.ADMIN, actor=SYSTEM, clock=clock
    )
    return people.actor_for(uow, person.id or 0)


def _record(uow, *events: AuditEvent) -> None:
    with uow.write() as repo:
        for event in events:
            repo.record(event)


def _event(action: str, at: datetime, actor_id: int | None = None, object_id: str = "1") -> AuditEvent:
    return AuditEvent(actor_id=actor_id, action=action, object_type="proposal", object_id=object_id, at=at)


def test_the_trail_is_newest_first_with_the_names_of_those_who_acted(uow, world, admin):
    trail = audit.audit_trail(uow, AuditQuery(limit=None), actor=admin)
    assert trail.total == len(trail.rows) > 0
    ids = [row.event.id for row in trail.rows]
    assert ids == sorted(ids, reverse=True)
    grants = [row for row in trail.rows if row.event.action == "membership.grant"]
    assert grants and all(row.actor_name is None for row in grants)  # granted by the system
    assert trail.people[world.leader_id] == "Lone Leder"


def test_each_filter_narrows_the_trail(uow, world, admin):
    at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    _record(
        uow,
        _event("proposal.register", at, world.leader_id, "7"),
        _event("proposal.move", at + timedelta(days=1), world.leader_id, "7"),
        _event("score.round1", at + timedelta(days=1), world.raters[0], "7"),
        _event("denied:proposal.view", at + timedelta(days=2), world.raters[1], "8"),
        _event("proposal%x", at, None, "9"),  # a prefix is matched literally, never as a pattern
    )

    def actions(query: AuditQuery) -> list[str]:
        return [row.event.action for row in audit.audit_trail(uow, query, actor=admin).rows]

    assert actions(audit.query_for(person_id=world.leader_id)) == ["proposal.move", "proposal.register"]
    assert actions(audit.query_for(kind="denied:")) == ["denied:proposal.view"]
    assert actions(audit.query_for(kind="proposal.")) == ["proposal.move", "proposal.register"]
    assert actions(audit.query_for(object_type="proposal", object_id=" 8 ")) == ["denied:proposal.view"]
    assert actions(audit.query_for(first_day=date(2026, 12, 2), last_day=date(2026, 12, 2))) == [
        "score.round1",
        "proposal.move",
    ]
    assert actions(audit.query_for(first_day=date(2026, 12, 3))) == ["denied:proposal.view"]


def test_days_are_danish_calendar_days(uow, world, admin):
    _record(uow, _event("proposal.late", LATE_EVENING))
    on_the_first = audit.query_for(
        kind="proposal.late", first_day=date(2026, 12, 1), last_day=date(2026, 12, 1)
    )
    on_the_second = audit.query_for(kind="proposal.late", first_day=date(2026, 12, 2))
    assert audit.audit_trail(uow, on_the_first, actor=admin).total == 1
    assert audit.audit_trail(uow, on_the_second, actor=admin).total == 0


def test_pages_hold_the_rest_and_the_total_counts_every_match(uow, world, admin):
    at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    _record(uow, *(_event("proposal.paged", at + timedelta(minutes=i), object_id=str(i)) for i in range(7)))
    pages = [
        audit.audit_trail(uow, audit.query_for(kind="proposal.paged", page=n, page_size=3), actor=admin)
        for n in (1, 2, 3)
    ]
    assert [len(page.rows) for page in pages] == [3, 3, 1]
    assert {page.total for page in pages} == {7} and pages[0].pages == 3
    seen = [row.event.object_id for page in pages for row in page.rows]
    assert seen == [str(i) for i in reversed(range(7))]


def test_a_pseudonymised_person_appears_under_the_pseudonym_in_old_entries(uow, world, admin):
    _record(uow, _event("proposal.register", LATE_EVENING, world.leader_id))
    personal_data.pseudonymise_person(uow, world.leader_id, reason="Fratrådt", actor=admin)
    rows = audit.audit_trail(uow, audit.query_for(person_id=world.leader_id), actor=admin).rows
    assert rows and {row.actor_name for row in rows} == {f"Tidligere medarbejder {world.leader_id}"}


def test_only_administrators_of_the_whole_organisation_read_the_trail_and_a_refusal_is_recorded(
    uow, world, admin, clock
):
    leader = people.actor_for(uow, world.leader_id)
    with pytest.raises(AccessDenied):
        audit.audit_trail(uow, AuditQuery(), actor=leader)
    # An administrator of one unit below the top administers that unit, not everyone's trail.
    people.grant_role(
        uow, person_id=world.leader_id, unit_id=world.unit_id, role=Role.ADMIN, actor=SYSTEM, clock=clock
    )
    with pytest.raises(AccessDenied):
        audit.audit_trail(uow, AuditQuery(), actor=people.actor_for(uow, world.leader_id))
    denied = audit.audit_trail(uow, audit.query_for(kind="denied:"), actor=admin).rows
    assert [(row.event.action, row.actor_name, row.denied) for row in denied] == [
        ("denied:audit.read", "Lone Leder", True),
        ("denied:audit.read", "Lone Leder", True),
    ]


def _recorded_actions() -> set[str]:
    """Every action the code records, read from the calls to record_audit (an f-string by its prefix)."""
    found: set[str] = set()
    for path in (ROOT / "assessment").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            if (
                not isinstance(node, ast.Call)
                or getattr(name, "id", getattr(name, "attr", "")) != "record_audit"
            ):
                continue
            action = node.args[2]
            if isinstance(action, ast.Constant):
                found.add(action.value)
            elif isinstance(action, ast.JoinedStr):  # score.round{n}: every round
                found |= {f"score.round{round_.value}" for round_ in Round}
            elif isinstance(action, ast.Name) and action.id == "SIGN_OUT":
                found.add(people.SIGN_OUT)
            # record_change(…, "unit.rename", …) passes its action on: found below, by its callers.
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "record_change":
                found.add(node.args[3].value if isinstance(node.args[3], ast.Constant) else "")
    found.discard("")
    return found


RECORDED = sorted(_recorded_actions())


def test_the_recorded_actions_are_found_in_the_code():
    assert {"proposal.register", "score.round1", "unit.rename", "med_committee.member_add"} <= set(RECORDED)


@pytest.mark.parametrize("action", RECORDED)
def test_every_recorded_action_has_a_kind_to_filter_on_and_words_in_danish(action):
    assert audit.kind_of(action) is not None, action
    assert action in audit_wording.ACTION_LABELS, action
    danish = audit_wording.action_label(action, Translator("da"))
    assert danish != action and "." not in danish and "_" not in danish


@pytest.mark.parametrize("attempted", [a.value for a in Action])
def test_a_refused_attempt_says_in_danish_what_was_attempted(attempted):
    danish = audit_wording.action_label("denied:" + attempted, Translator("da"))
    assert danish.startswith("Afvist: ") and attempted not in danish


def test_a_change_is_said_in_words_not_codes():
    da = Translator("da")
    moved = AuditEvent(
        actor_id=1,
        action="proposal.move",
        object_type="proposal",
        object_id="3",
        at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        before={"status": "scoring"},
        after={"status": "discussion"},
    )
    assert audit_wording.describe_change(moved, da) == "Status: blind vurdering → drøftelse"
    scored = replace(moved, action="score.round1", before=None, after={"cell": "16/apv/"})
    assert audit_wording.describe_change(scored, da) == "Celle: handlemulighed 16 · spørgsmålet apv"
    answered = replace(
        moved,
        action="consultation.update",
        before={"answered": False, "answered_on": None},
        after={"answered": True, "answered_on": "2026-11-03"},
    )
    assert audit_wording.describe_change(answered, da) == "Besvaret: nej → ja; Besvaret den: – → 03.11.2026"
    assert audit_wording.action_label("score.round1", da) == "Vurdering givet, runde 1 (blind)"
