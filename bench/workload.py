"""The one place where the fault and concurrency benchmarks call use cases.

``bench/concurrency.py``, ``bench/faults.py``, their CI-sized tests in ``tests/faults`` and the
backup test all act through these few functions, so a change of the use cases' signatures
(for instance ``actor=`` instead of ``actor_id=``/``rater_id=``) is made here and nowhere else.

Every score written here carries a *tag* in its reason (``w3#41``: worker 3, save 41), so a
checker can tell which acknowledged save a stored row came from.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import text

from assessment import organisation, people, scoring_sheet
from assessment.kernel.model import ChangeType, Origin, Role, RubricRef, UnitLevel
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import UnitOfWork
from assessment.proposals import OptionInput, ProposalInput, open_scoring, register_proposal

RUBRIC_FILE = Path(__file__).resolve().parent.parent / "rubrics" / "kort.toml"
# Bipolar (−2 … +2) criteria of the short rubric that have no facets: one cell per option each.
CRITERIA = ("borger_effekt", "samfund_vaerdi", "arbejdsmiljoe", "mening")
LEVELS = (-2, -1, 0, 1, 2)
ALTERNATIVES = ("Faste teams på fire", "Faste makkerpar")  # plus "keep as is": three options


@dataclass(frozen=True)
class Setup:
    """What the workers need to know about the database the benchmark prepared."""

    unit_id: int
    leader_id: int
    rater_ids: list[int]
    profession_ids: list[int]
    rubric: tuple[str, str, str]
    proposals: dict[int, list[int]]  # proposal id → its option ids, the baseline first

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Setup:
        values = dict(data)
        values["rubric"] = tuple(values["rubric"])  # type: ignore[arg-type]
        values["proposals"] = {int(k): list(v) for k, v in values["proposals"].items()}  # type: ignore[union-attr]
        return cls(**values)  # type: ignore[arg-type]


def prepare(uow: UnitOfWork, *, raters: int, proposals: int) -> Setup:
    """A unit, a leader, ``raters`` raters and ``proposals`` proposals open for blind scoring."""
    rubric = organisation.register_rubric(
        uow, content=RUBRIC_FILE.read_bytes(), source_name=RUBRIC_FILE.name, actor=SYSTEM
    ).ref
    unit = organisation.register_unit(
        uow, name="Hjemmeplejen Nord", level=UnitLevel.INSTITUTION, parent_id=None, actor=SYSTEM
    )
    professions = [
        people.register_profession(uow, name=name, actor=SYSTEM)
        for name in ("Social- og sundhedsassistent", "Sygeplejerske")
    ]
    leader = people.register_person(
        uow, name="Lone Leder", email="lone@fjordby.dk", profession_id=None, actor=SYSTEM
    )
    panel_people = [
        people.register_person(
            uow,
            name=f"Bedømmer {i}",
            email=f"rater{i}@fjordby.dk",
            profession_id=professions[i % len(professions)].id,
            actor=SYSTEM,
        )
        for i in range(raters)
    ]
    people.grant_role(uow, person_id=leader.id or 0, unit_id=unit.id or 0, role=Role.LEADER, actor=SYSTEM)
    for person in panel_people:
        people.grant_role(uow, person_id=person.id or 0, unit_id=unit.id or 0, role=Role.RATER, actor=SYSTEM)
    setup = Setup(
        unit_id=unit.id or 0,
        leader_id=leader.id or 0,
        rater_ids=[p.id or 0 for p in panel_people],
        profession_ids=[p.id or 0 for p in professions],
        rubric=(rubric.rubric_id, rubric.version, rubric.content_hash),
        proposals={},
    )
    for number in range(proposals):
        proposal = register(uow, setup, f"Forslag {number + 1}")
        open_scoring(uow, proposal, actor=people.actor_for(uow, setup.leader_id))
        with uow.read() as repo:
            stored = repo.get_proposal(proposal)
            assert stored is not None
            setup.proposals[proposal] = [o.id or 0 for o in stored.options]
    return setup


def register(uow: UnitOfWork, setup: Setup, title: str) -> int:
    """Register a proposal with three options and the whole panel: one multi-row transaction."""
    data = ProposalInput(
        unit_id=setup.unit_id,
        title=title,
        description="Skal borgerne have faste teams i stedet for skiftende medarbejdere?",
        change_type=ChangeType.ORGANISATIONAL,
        origin=Origin.OWN_INITIATIVE,
        management_level="Områdeledelsen",
        med_committee="Lokal-MED Hjemmeplejen",
        rubric=RubricRef(*setup.rubric),
        options=[OptionInput(title) for title in ALTERNATIVES],
        affected_profession_ids=setup.profession_ids,
        panel_person_ids=setup.rater_ids,
    )
    return register_proposal(uow, data, actor=people.actor_for(uow, setup.leader_id)).id or 0


@dataclass(frozen=True)
class Cell:
    proposal_id: int
    option_id: int
    criterion: str


def batch(setup: Setup, proposal_id: int, rng: random.Random) -> dict[Cell, int]:
    """A rater's whole sheet for one proposal: every option but the baseline × criterion, random
    levels (kort 2.0 fixes these effect questions at "no difference" for "keep as is")."""
    return {
        Cell(proposal_id, option_id, criterion): rng.choice(LEVELS)
        for option_id in setup.proposals[proposal_id][1:]
        for criterion in CRITERIA
    }


def save_scores(uow: UnitOfWork, rater_id: int, proposal_id: int, levels: dict[Cell, int], tag: str) -> None:
    """One save of the scoring sheet (``record_scores``): all cells in one transaction."""
    entries = [
        scoring_sheet.ScoreInput(proposal_id, cell.option_id, cell.criterion, level, reason=tag)
        for cell, level in levels.items()
    ]
    scoring_sheet.record_scores(uow, proposal_id, entries, actor=people.actor_for(uow, rater_id))


# Checks on what is stored (SQL, so they also work on a database restored from a backup) -------


def stored_scores(connection) -> Iterator[tuple[int, int, int, str, int | None, str]]:
    """(proposal, rater, option, criterion, level, reason) of every blind score."""
    yield from connection.execute(
        text(
            "SELECT proposal_id, rater_id, option_id, criterion_key, level, reason FROM score "
            "WHERE round = 1 AND facet = ''"
        )
    )


def half_written(connection, options: int = len(ALTERNATIVES) + 1) -> list[str]:
    """Problems that only a transaction stored in part could leave behind.

    A proposal must have all its options (one of them the baseline) and a panel; a rater's
    save of a sheet writes every cell with the same tag, so one (proposal, rater) whose cells
    carry different tags shows a save that was cut in half.
    """
    problems = []
    rows = connection.execute(
        text(
            "SELECT p.id, "
            "(SELECT count(*) FROM option o WHERE o.proposal_id = p.id), "
            "(SELECT count(*) FROM option o WHERE o.proposal_id = p.id AND o.is_baseline), "
            "(SELECT count(*) FROM panel_member m WHERE m.proposal_id = p.id) "
            "FROM proposal p"
        )
    )
    for proposal_id, option_count, baselines, panel in rows:
        if option_count != options or baselines != 1 or panel == 0:
            problems.append(
                f"proposal {proposal_id}: {option_count} options, {baselines} baselines, panel of {panel}"
            )
    sheet = (options - 1) * len(CRITERIA)  # the baseline is not asked these questions
    sheets = connection.execute(
        text(
            "SELECT proposal_id, rater_id, count(*), count(DISTINCT reason) FROM score "
            "WHERE round = 1 GROUP BY proposal_id, rater_id"
        )
    )
    problems += [
        f"proposal {p}, rater {r}: {cells} of {sheet} cells from {saves} different saves"
        for p, r, cells, saves in sheets
        if cells != sheet or saves != 1
    ]
    return problems
