"""Seed a large municipality for the benchmarks: 300 units, two years of proposals, 2.5 M scores.

    python -m bench.seed sqlite:///data/bench-large.db                   # 3,850 proposals, 2.5 M scores
    python -m bench.seed sqlite:///data/bench-small.db --scores 10000    # the same shape, small
    python -m bench.seed postgresql+psycopg://postgres@127.0.0.1:5432/kk_bench_large

Issue 6 speaks of 2,000 proposals a year with 4 options, 12 raters and 20 criteria, "some 2
million scores". Rubric 2.0 (issue 13) asks a rater far less: nothing on "keep as is" (fixed at
"no difference"), the readiness questions once per proposal by the leader, the question on one's
own profession only of its own raters; 15 or 16 answers per option, some 650 scores per proposal
with revisions and follow-up. So the seeder keeps the size in scores (2.5 M, as for rubric 1.x,
whose 2,000 proposals of 1,250 scores made it) and spreads about 3,850 proposals over two years
(:data:`HISTORY_DAYS`): a day has as many new and open proposals as before, and the tables the
screens read are as large.

The database is migrated with Alembic first and must be empty. The rubric is registered
through the use case (so its stored row is exactly what the app would store); everything else
is written with bulk inserts (SQLAlchemy Core ``insert()`` with lists of rows; the scores with
``executemany`` on SQLite and ``COPY`` on PostgreSQL), because two million scores through the
use cases would take hours. The rows follow the rules the use cases enforce: each rater answers
exactly the cells the kernel's ``questions_for`` gives them (no re-implementation here), levels
on the criterion's scale, one row per rater × cell × round, round 3 only on the chosen option
(``options_to_score``), panels only of people who may score the unit, readiness answered by the
leader before scoring opens, decisions only after the reveal; :func:`check` reads a seeded
proposal back through the use cases and compares it with the kernel.

Reproducible: one ``random.Random(SEED)`` and a fixed "now" (27.11.2026) give the same rows on
every run and on either database. ``--scores`` sets the size: proposals are added, oldest first,
until that many scores exist; the newest six are "typical" proposals (one per status, four
options, a panel of twelve) that are the same at every size, so a page can be timed on the same
proposal in a small and in a large municipality.

Left out on purpose: the audit events a rater's every score writes (they double the size and
no screen reads them); the proposal-level events (registered, readiness recorded, moved, decided)
are seeded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, text
from sqlalchemy.pool import NullPool

from assessment import organisation, people, proposals, readiness, scoring_sheet
from assessment.kernel.model import (
    ChangeType,
    Option,
    Origin,
    Profession,
    Role,
    Round,
    RubricRef,
    Status,
    UnitLevel,
)
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from assessment.kernel.rubric import FacetKind, Rubric
from assessment.kernel.rubric_loading import parse_rubric
from assessment.kernel.scoring import fixed_baseline_tallies, options_to_score, questions_for
from storage.engine import for_writing, make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork, search_text
from storage.tables import (
    AuditEventRow,
    CoreTaskRow,
    DecisionRow,
    DilemmaRow,
    DiscussionNoteRow,
    MembershipRow,
    OptionRow,
    PanelMemberRow,
    PersonRow,
    ProfessionRow,
    ProposalProfessionRow,
    ProposalRow,
    ReadinessAnswerRow,
    ScoreRow,
    UnitRow,
)

SEED = 2026
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
# Two years of proposals, about 1,900 a year: with rubric 2.0 a proposal carries some 650 scores
# (a rater answers 15 or 16 questions per option and none on "keep as is"), so 2.5 M scores take
# about 3,850 proposals. Spread over two years, a day has about as many new (and open) proposals
# as the one year of 2,000 proposals seeded for rubric 1.x, whose proposals carried 1,250 scores.
HISTORY_DAYS = 730
LARGE_SCORES = 2_500_000
SMALL_SCORES = 10_000
RUBRIC_FILE = Path(__file__).resolve().parent.parent / "rubrics" / "kerneopgave.toml"
FOLLOW_UP_AFTER = timedelta(days=182)
CHUNK = 50_000  # score rows per executemany on SQLite
# How raters behave: the share of a rater's cells scored while scoring is open (one draw per
# rater), the share of cells revised after the reveal, the share of raters who score at
# follow-up, and how often a proposal affects two professions instead of one.
SCORING_DONE = (0.0, 0.3, 1.0, 1.0)
REVISED = 0.05
FOLLOW_UP_DONE = 0.5
TWO_PROFESSIONS = 0.3
DONT_KNOW_SHARE = 0.04
WITH_REASON = 0.25
# The share of a panel whose own profession is among the affected ones (so they get the
# own-profession question), with one and with two affected professions: measured on the seeded
# panels, and used only to plan how many proposals make the wanted number of scores.
RATERS_AFFECTED = {1: 0.44, 2: 0.7}

# The typical proposals, newest last: one per status, the same at every size, with the age
# (days since it was registered) at which a proposal is usually in that status.
TYPICAL_AGES = {
    Status.CLOSED: 240,
    Status.FOLLOW_UP: 212,
    Status.DECIDED: 60,
    Status.DISCUSSION: 16,
    Status.SCORING: 5,
    Status.DRAFT: 1,
}
TYPICAL_STATUSES = tuple(TYPICAL_AGES)


def _table(row_class: Any) -> Table:
    return row_class.__table__  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Plan:
    """The shape of the municipality. The defaults are the large municipality of issue 6."""

    scores: int = LARGE_SCORES
    administrations: int = 6
    institutions_per_administration: int = 8
    teams: int = 245  # spread over the institutions; 1 + 6 + 48 + 245 = 300 units
    people_per_team: int = 9
    people_per_institution: int = 5
    people_per_administration: int = 4
    raters: int = 12  # panel size
    typical_options: int = 4  # including "keep as is"
    option_counts: tuple[tuple[int, float], ...] = ((3, 0.25), (4, 0.5), (5, 0.2), (6, 0.05))
    seed: int = SEED

    @property
    def units(self) -> int:
        return 1 + self.administrations * (1 + self.institutions_per_administration) + self.teams


SMALL_PLAN = Plan(
    scores=300,
    administrations=1,
    institutions_per_administration=2,
    teams=3,
    people_per_team=3,
    people_per_institution=2,
    people_per_administration=1,
    raters=3,
    typical_options=2,
    option_counts=((2, 1.0),),
)


@dataclass
class Seeded:
    """What was written, in numbers, and the typical proposal for each status."""

    units: int = 0
    people: int = 0
    memberships: int = 0
    proposals: int = 0
    options: int = 0
    scores: int = 0
    decisions: int = 0
    dilemmas: int = 0
    readiness: int = 0
    seconds: float = 0.0
    typical: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"{self.units} units, {self.people} people, {self.memberships} memberships, "
            f"{self.proposals} proposals, {self.options} options, {self.scores} scores, "
            f"{self.decisions} decisions, {self.dilemmas} dilemmas, {self.readiness} readiness answers "
            f"in {self.seconds:.1f} s"
        )


# Names -------------------------------------------------------------------------------------------

PROFESSIONS = (
    "Social- og sundhedshjælper",
    "Social- og sundhedsassistent",
    "Sygeplejerske",
    "Ergoterapeut",
    "Fysioterapeut",
    "Pædagog",
    "Lærer",
    "Socialrådgiver",
    "Administrativ medarbejder",
    "Leder",
)
FIRST_NAMES = [
    "Anne",
    "Mette",
    "Kirsten",
    "Hanne",
    "Susanne",
    "Lene",
    "Maria",
    "Marianne",
    "Camilla",
    "Louise",
    "Peter",
    "Jens",
    "Lars",
    "Michael",
    "Henrik",
    "Søren",
    "Thomas",
    "Jesper",
    "Niels",
    "Rasmus",
    "Ida",
    "Freja",
    "Emma",
    "Sofie",
    "Mads",
    "Frederik",
    "Mikkel",
    "Line",
    "Tina",
    "Birgitte",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Østergaard",
    "Bækgaard",
]
ADMINISTRATIONS = (
    "Sundhed og Omsorg",
    "Børn og Unge",
    "Social og Beskæftigelse",
    "Kultur og Fritid",
    "Teknik og Miljø",
    "Økonomi og Personale",
    "Borgerservice",
    "Skole",
)
INSTITUTION_KINDS = ("Plejecenter", "Hjemmeplejen", "Skole", "Dagtilbud", "Jobcenter", "Bosted", "Center")
AREAS = [
    "Nord",
    "Syd",
    "Øst",
    "Vest",
    "Midtby",
    "Havnen",
    "Bakkegården",
    "Engvej",
    "Skovly",
    "Fjordparken",
    "Solsiden",
    "Åbyen",
    "Lyngby",
    "Strandvejen",
    "Kirkebakken",
    "Møllevangen",
]
TEAM_KINDS = ("Dag", "Aften", "Nat", "Rehabilitering", "Indskoling", "Udskoling", "Vuggestue", "Børnehave")
CHANGES = (
    "Faste teams i {area}",
    "Ny vagtplan for {area}",
    "Fælles morgenmøde i {area}",
    "Digital dokumentation i {area}",
    "Sammenlægning af aften- og nattevagt i {area}",
    "Rehabiliterende forløb i {area}",
    "Borgerinddragelse i ydelsesplanen i {area}",
    "Tværfaglig visitation i {area}",
    "Ny struktur for teammøder i {area}",
    "Velfærdsteknologi i {area}",
)
OPTIONS = (
    "Faste teams på tværs af vagter",
    "Roterende teams med fast koordinator",
    "Trinvis indførelse over et halvt år",
    "Pilotforsøg i ét team først",
    "Fælles planlægning med borgerne",
    "Ekstern konsulent i opstarten",
)
READINESS_NOTES = (
    "Drøftet i Lokal-MED den 3. i måneden.",
    "APV'en er gennemgået med arbejdsmiljørepræsentanten.",
    "Udgifterne holdes inden for det nuværende budget.",
    "Vi mangler endnu et overslag over udgifterne.",
    "Erfaringer fra en anden kommune er beskrevet i bilaget.",
)
REASONS = (
    "Borgerne møder færre forskellige medarbejdere.",
    "Det kræver mere koordinering, end vi har tid til.",
    "Vi har ikke data nok til at vurdere det.",
    "Det styrker samarbejdet på tværs af faggrupperne.",
    "Det øger arbejdspresset i overgangsperioden.",
    "Erfaringer fra andre kommuner peger i den retning.",
    "Borgerne bliver mere selvhjulpne, hvis det lykkes.",
    "Det giver mening i det daglige arbejde.",
)


# Building blocks ---------------------------------------------------------------------------------


Cell = tuple[str, str, tuple[int, ...]]
"""(criterion key, facet, the levels of the criterion's scale): one question on one option."""


class _Questions:
    """What one rater answers for one option: the kernel's rule (``questions_for``), remembered.

    The answer depends only on whether the option is "keep as is", on the proposal's affected
    professions and on the rater's profession, so a few dozen calls serve two million scores.
    The rater's profession goes in as the panel row has it; ``questions_for`` decides whether it
    is affected (and so whether the own-profession question is asked).
    """

    def __init__(self, rubric: Rubric, professions: Iterable[Profession]) -> None:
        self.rubric = rubric
        self._professions = {profession.id or 0: profession for profession in professions}
        self.profession_ids = sorted(self._professions)
        self._options = {flag: Option(title="", is_baseline=flag) for flag in (False, True)}
        self._known: dict[tuple[bool, tuple[int, ...], int | None], tuple[Cell, ...]] = {}

    def __call__(
        self, is_baseline: bool, affected: Sequence[int], rater_profession: int | None
    ) -> tuple[Cell, ...]:
        key = (is_baseline, tuple(affected), rater_profession)
        found = self._known.get(key)
        if found is None:
            asked = questions_for(
                self.rubric,
                self._options[is_baseline],
                [self._professions[p] for p in affected],
                None if rater_profession is None else self._professions[rater_profession],
            )
            found = tuple((c.key, facet, self.rubric.scale_of(c).values) for c, facet in asked)
            self._known[key] = found
        return found


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _status_by_age(rng: random.Random, age_days: float) -> Status:
    """Older proposals are further along: the municipality works through them over the year."""
    if age_days < 10:
        return Status.DRAFT if rng.random() < 0.3 else Status.SCORING
    if age_days < 25:
        return Status.SCORING if rng.random() < 0.4 else Status.DISCUSSION
    if age_days < 40:
        return Status.DISCUSSION if rng.random() < 0.3 else Status.DECIDED
    if age_days < 205:
        return Status.DECIDED
    if age_days < 230:
        return Status.FOLLOW_UP
    return Status.CLOSED


class _Ids:
    """Explicit ids per table, so rows can refer to each other before they are inserted."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self._next.get(table, 0) + 1
        self._next[table] = value
        return value


# The organisation --------------------------------------------------------------------------------


@dataclass
class _Organisation:
    units: list[dict[str, Any]] = field(default_factory=list)
    core_tasks: list[dict[str, Any]] = field(default_factory=list)
    professions: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    people_of_unit: dict[int, list[int]] = field(default_factory=dict)
    raters_of: dict[int, list[int]] = field(default_factory=dict)
    parent_of: dict[int, int | None] = field(default_factory=dict)
    profession_of: dict[int, int] = field(default_factory=dict)
    leader_of: dict[int, int] = field(default_factory=dict)
    workplaces: list[int] = field(default_factory=list)  # units that register proposals


def _organisation(plan: Plan, rng: random.Random, ids: _Ids) -> _Organisation:
    org = _Organisation()
    for name in PROFESSIONS:
        profession_id = ids("profession")
        org.professions.append({"id": profession_id, "key": people.profession_key(name), "name": name})
    profession_ids = [p["id"] for p in org.professions]
    leader_profession = profession_ids[-1]
    emails: set[str] = set()

    def unit(name: str, level: UnitLevel, parent: int | None, people: int) -> int:
        unit_id = ids("unit")
        org.units.append({"id": unit_id, "name": name, "level": level.value, "parent_id": parent})
        org.parent_of[unit_id] = parent
        org.core_tasks.append(
            {
                "id": ids("core_task"),
                "unit_id": unit_id,
                "version": 1,
                "statement": f"{name} skaber værdi for borgerne sammen med dem.",
                "formal": f"Den politisk besluttede opgave for {name}.",
                "performed": f"Det, medarbejderne i {name} faktisk gør i hverdagen.",
                "experienced": f"Det, borgerne oplever, at {name} gør for dem.",
                "author_id": None,
                "valid_from": NOW - timedelta(days=HISTORY_DAYS + 30),
            }
        )
        # Professions cluster by workplace: most staff of a team share two or three of them.
        local = rng.sample(profession_ids[:-1], 3)
        members = []
        raters = []  # the active people with the rater role here: everyone but the leader
        for index in range(people):
            person_id = ids("person")
            profession = (
                leader_profession if index == 0 else _weighted(rng, list(zip(local, (5, 3, 1), strict=True)))
            )
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first}.{last}.{person_id}@storkommune.dk".lower()
            emails.add(email)
            active = rng.random() > 0.02 or index == 0
            org.people.append(
                {
                    "id": person_id,
                    "name": f"{first} {last}",
                    "email": email,
                    "profession_id": profession,
                    "active": active,
                }
            )
            org.profession_of[person_id] = profession
            members.append(person_id)
            if index > 0 and active:
                raters.append(person_id)
            role = Role.LEADER if index == 0 else Role.RATER
            org.memberships.append(
                {"id": ids("membership"), "person_id": person_id, "unit_id": unit_id, "role": role.value}
            )
            if index in (1, 2) and level is not UnitLevel.TEAM:
                org.memberships.append(
                    {
                        "id": ids("membership"),
                        "person_id": person_id,
                        "unit_id": unit_id,
                        "role": Role.MED_MEMBER.value,
                    }
                )
        org.leader_of[unit_id] = members[0]
        org.people_of_unit[unit_id] = members
        org.raters_of[unit_id] = raters
        return unit_id

    top = unit("Storkommune", UnitLevel.MUNICIPALITY, None, max(plan.people_per_administration, 3))
    # The municipality's first two people administer it.
    for person_id in org.people_of_unit[top][:2]:
        org.memberships.append(
            {"id": ids("membership"), "person_id": person_id, "unit_id": top, "role": Role.ADMIN.value}
        )
    institutions = []
    for a in range(plan.administrations):
        name = ADMINISTRATIONS[a % len(ADMINISTRATIONS)]
        administration = unit(name, UnitLevel.ADMINISTRATION, top, plan.people_per_administration)
        for i in range(plan.institutions_per_administration):
            kind = INSTITUTION_KINDS[(a + i) % len(INSTITUTION_KINDS)]
            area = AREAS[(a * plan.institutions_per_administration + i) % len(AREAS)]
            institutions.append(
                unit(f"{kind} {area}", UnitLevel.INSTITUTION, administration, plan.people_per_institution)
            )
    for t in range(plan.teams):
        institution = institutions[t % len(institutions)]
        team_name = f"Team {TEAM_KINDS[t % len(TEAM_KINDS)]} {t // len(institutions) + 1}"
        institution_name = next(u["name"] for u in org.units if u["id"] == institution)
        org.workplaces.append(
            unit(f"{institution_name}, {team_name}", UnitLevel.TEAM, institution, plan.people_per_team)
        )
    # Most proposals come from teams, some from institutions.
    org.workplaces += institutions
    return org


def _nearby_raters(org: _Organisation, unit_id: int) -> list[list[int]]:
    """Who may score the unit's proposals and is near: the unit's own raters, then those of the
    unit above it. Scoring needs the rater role in the unit or above it (a role holds in every
    unit below), which leaders, people no longer active and a sibling team's staff do not have
    there; further up, a few people would sit on every panel of the administration."""
    parent = org.parent_of[unit_id]
    return [org.raters_of[unit_id], org.raters_of[parent] if parent is not None else []]


def _panel(rng: random.Random, org: _Organisation, unit_id: int, size: int) -> list[int]:
    """A panel of up to ``size``: the unit's own raters first, filled up from the unit above."""
    found: list[int] = []
    for raters in _nearby_raters(org, unit_id):
        nearby = list(raters)
        rng.shuffle(nearby)
        found += nearby
    return sorted(found[:size])


def _panel_size(org: _Organisation, unit_id: int, size: int) -> int:
    return min(size, sum(len(raters) for raters in _nearby_raters(org, unit_id)))


# Proposals ---------------------------------------------------------------------------------------


@dataclass
class _Rows:
    proposals: list[dict[str, Any]] = field(default_factory=list)
    professions: list[dict[str, Any]] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    panel: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    dilemmas: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    readiness: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class _ProposalShape:
    proposal_id: int
    status: Status
    created: datetime
    options: list[int]
    # Per rater on the panel: (option id, the questions questions_for gives them on it), every option.
    asked: list[tuple[int, list[tuple[int, tuple[Cell, ...]]]]]
    followed_up: frozenset[int]  # the options scored at follow-up (options_to_score): the chosen one
    seed: int


def _event(rows: _Rows, actor: int | None, action: str, proposal_id: int, at: datetime, **after: Any) -> None:
    rows.events.append(
        {
            "actor_id": actor,
            "action": action,
            "object_type": "proposal",
            "object_id": str(proposal_id),
            "at": at,
            "before": None,
            "after": json.dumps(after, ensure_ascii=False, sort_keys=True) if after else None,
        }
    )


def _proposal(
    plan: Plan,
    rng: random.Random,
    ids: _Ids,
    org: _Organisation,
    questions: _Questions,
    rubric_ref: RubricRef,
    rows: _Rows,
    *,
    status: Status,
    created: datetime,
    typical: bool,
) -> _ProposalShape:
    rubric = questions.rubric
    proposal_id = ids("proposal")
    unit_id = org.workplaces[0] if typical else rng.choice(org.workplaces)
    leader = org.leader_of[unit_id]
    area = rng.choice(AREAS)
    title = rng.choice(CHANGES).format(area=area)
    description = (
        f"Forslaget ændrer, hvordan {title[0].lower() + title[1:]} organiseres. "
        "Formålet er bedre sammenhæng for borgerne og et bedre arbejdsmiljø."
    )
    raters = _panel(rng, org, unit_id, plan.raters)
    # The affected professions: the panel's most common one, sometimes the two most common.
    counts: dict[int, int] = {}
    for person in raters:
        counts[org.profession_of[person]] = counts.get(org.profession_of[person], 0) + 1
    ranked = sorted(counts, key=lambda p: (-counts[p], p))
    affected = ranked[: 2 if not typical and rng.random() < TWO_PROFESSIONS else 1]
    option_count = plan.typical_options if typical else _weighted(rng, plan.option_counts)
    option_ids = []
    options = []
    for position in range(option_count):
        option_id = ids("option")
        option_ids.append(option_id)
        options.append(Option(title="", is_baseline=position == 0, position=position, id=option_id))
        rows.options.append(
            {
                "id": option_id,
                "proposal_id": proposal_id,
                "position": position,
                "title": "" if position == 0 else OPTIONS[(position - 1) % len(OPTIONS)],
                "description": "Vi fortsætter som i dag." if position == 0 else "Se forslagets beskrivelse.",
                "is_baseline": position == 0,
            }
        )
    for person in raters:
        rows.panel.append(
            {"proposal_id": proposal_id, "person_id": person, "profession_id": org.profession_of[person]}
        )
    for profession in affected:
        rows.professions.append({"proposal_id": proposal_id, "profession_id": profession})

    # When each step happened; the proposal's updated_at is its last step.
    opened = created + timedelta(days=2, hours=rng.random() * 24)
    revealed = opened + timedelta(days=10, hours=rng.random() * 48)
    decided = revealed + timedelta(days=8, hours=rng.random() * 48)
    follow_up = decided + FOLLOW_UP_AFTER + timedelta(days=rng.random() * 5)
    closed = follow_up + timedelta(days=15, hours=rng.random() * 48)
    steps = [(Status.SCORING, opened), (Status.DISCUSSION, revealed), (Status.DECIDED, decided)]
    steps += [(Status.FOLLOW_UP, follow_up), (Status.CLOSED, closed)]
    order = [Status.DRAFT, *(s for s, _ in steps)]
    reached = order.index(status)
    updated = created if reached == 0 else min(steps[reached - 1][1], NOW - timedelta(minutes=5))
    rows.proposals.append(
        {
            "id": proposal_id,
            "unit_id": unit_id,
            "title": title,
            "description": description,
            "search_text": search_text(title, description),
            "change_type": (ChangeType.ORGANISATIONAL if rng.random() < 0.8 else ChangeType.CORE_TASK).value,
            "origin": (Origin.OWN_INITIATIVE if rng.random() < 0.6 else Origin.EXTERNAL).value,
            "management_level": "Institutionsledelsen",
            "med_committee": "Lokal-MED",
            "rubric_id": rubric_ref.rubric_id,
            "rubric_version": rubric_ref.version,
            "rubric_hash": rubric_ref.content_hash,
            "status": status.value,
            "context": "",
            "consulted": "",
            "informed": "",
            "show_rater_names": False,
            # As every registered proposal has one (it orders the letters of its pseudonyms); made from
            # the id, not drawn from ``rng``, so the rest of a seeded database stays as it was.
            "pseudonym_key": hashlib.sha256(f"bench-pseudonyms-{proposal_id}".encode()).hexdigest()[:32],
            "updated_by": leader,
            "updated_at": updated,
            "created_by": leader,
            "created_at": created,
            "version": 1 + reached,
        }
    )
    _event(rows, leader, "proposal.register", proposal_id, created, title=title)
    if reached > 0:
        _readiness(rng, rows, rubric, proposal_id, leader, created + (opened - created) * rng.random())
    for step_status, at in steps[:reached]:
        _event(rows, leader, "proposal.move", proposal_id, at, status=step_status.value)

    chosen = None
    if status in (Status.DECIDED, Status.FOLLOW_UP, Status.CLOSED):
        chosen = option_ids[1 + rng.randrange(len(option_ids) - 1)]
        rows.decisions.append(
            {
                "proposal_id": proposal_id,
                "chosen_option_id": chosen,
                "justification": "Handlemuligheden styrker kerneopgaven mest og er mulig at gennemføre.",
                "med_statement": "MED-udvalget bakker op om beslutningen med de nævnte betingelser.",
                "dissent": "" if rng.random() < 0.7 else "Et mindretal ønskede et pilotforsøg først.",
                "conditions": "Evalueres efter et halvt år.",
                "follow_up_date": (decided + FOLLOW_UP_AFTER).date(),
                "indicators": "Antal forskellige medarbejdere pr. borger; sygefravær; borgertilfredshed.",
                "decided_by": leader,
                "decided_at": decided,
                "version": 1,
            }
        )
        _event(rows, leader, "decision.record", proposal_id, decided, chosen_option_id=chosen)
    if reached >= order.index(Status.DISCUSSION):
        for _ in range(rng.randrange(4)):
            option = rng.choice(option_ids)
            criterion = rng.choice(rubric.option_criteria).key
            rows.dilemmas.append(
                {
                    "proposal_id": proposal_id,
                    "text": "Kontinuitet for borgeren mod fleksibilitet i vagtplanen.",
                    "pole_a": "Kontinuitet",
                    "pole_b": "Fleksibilitet",
                    "option_id": option,
                    "criterion_key": criterion,
                    "status": "open" if status is Status.DISCUSSION else "handled",
                    "note": "",
                    "created_by": rng.choice(raters),
                    "created_at": revealed + timedelta(hours=1 + rng.random() * 24),
                }
            )
        perspective_key = next(
            (c.key for c in rubric.option_criteria if c.facets is FacetKind.PERSPECTIVE), None
        )
        for _ in range(rng.randrange(3) if perspective_key else 0):
            rows.notes.append(
                {
                    "proposal_id": proposal_id,
                    "kind": "perspective_gap",
                    "option_id": rng.choice(option_ids),
                    "criterion_key": perspective_key,
                    "text": "Borgerne oplever det anderledes, end vi har skrevet det.",
                    "author_id": rng.choice(raters),
                    "created_at": revealed + timedelta(hours=2 + rng.random() * 24),
                }
            )
    asked = [
        (
            person,
            [
                (option.id or 0, questions(option.is_baseline, affected, org.profession_of[person]))
                for option in options
            ],
        )
        for person in raters
    ]
    followed_up = frozenset(option.id or 0 for option in options_to_score(options, Round.FOLLOW_UP, chosen))
    return _ProposalShape(proposal_id, status, created, option_ids, asked, followed_up, rng.randrange(2**31))


def _readiness(
    rng: random.Random, rows: _Rows, rubric: Rubric, proposal_id: int, leader: int, at: datetime
) -> None:
    """The leader's readiness checklist (the proposal-scope criteria), answered before scoring
    opens, with the one audit event ``record_readiness`` writes for it."""
    levels: dict[str, int | None] = {}
    notes: list[str] = []
    for criterion in rubric.proposal_criteria:
        scale = rubric.scale_of(criterion).values
        level = None if rng.random() < DONT_KNOW_SHARE else rng.choice(scale)
        note = rng.choice(READINESS_NOTES) if rng.random() < WITH_REASON else ""
        levels[criterion.key] = level
        if note:
            notes.append(criterion.key)
        rows.readiness.append(
            {
                "proposal_id": proposal_id,
                "criterion_key": criterion.key,
                "level": level,
                "note": note,
                "answered_by": leader,
                "answered_at": at,
            }
        )
    if levels:
        _event(rows, leader, "readiness.record", proposal_id, at, levels=levels, notes_changed=notes)


SCORE_COLUMNS = (
    "proposal_id",
    "option_id",
    "criterion_key",
    "facet",
    "rater_id",
    "round",
    "level",
    "reason",
    "updated_at",
)


def _scores(shape: _ProposalShape, stamp: Any) -> Iterator[tuple[Any, ...]]:
    """Every score of one proposal, in the order of the unique index (fast to insert).

    Each rater answers exactly the questions the kernel gives them (``shape.asked``): on "keep
    as is" only the questions asked there, the own-profession question only for their own
    profession when it is affected, at follow-up only the chosen option.
    """
    rng = random.Random(shape.seed)
    status = shape.status
    if status is Status.DRAFT:
        return
    revealed = status is not Status.SCORING
    # A typical level per option and cell; each rater strays from it.
    centers: dict[tuple[int, str, str], float] = {}
    for _, per_option in shape.asked:
        for option, cells in per_option:
            for key, facet, levels in cells:
                if (option, key, facet) not in centers:
                    centers[(option, key, facet)] = rng.uniform(levels[0], levels[-1])
    for rater, per_option in shape.asked:
        done = rng.choice(SCORING_DONE) if status is Status.SCORING else 1.0
        blind_at = stamp(shape.created + timedelta(days=3, minutes=rater % 1440))
        revised_at = stamp(shape.created + timedelta(days=14, minutes=rater % 1440))
        followed_at = stamp(shape.created + timedelta(days=215, minutes=rater % 1440))
        follows_up = status is Status.CLOSED or (status is Status.FOLLOW_UP and rng.random() < FOLLOW_UP_DONE)
        for option, cells in per_option:
            for key, facet, levels in cells:
                if done < 1.0 and rng.random() >= done:
                    continue
                center = centers[(option, key, facet)]
                rows = [(1, center, blind_at)]
                if revealed and rng.random() < REVISED:
                    rows.append((2, center + rng.choice((-1, 1)), revised_at))
                if follows_up and option in shape.followed_up:
                    rows.append((3, center + rng.gauss(0, 0.7), followed_at))
                for round_, middle, at in rows:
                    if rng.random() < DONT_KNOW_SHARE:
                        level = None
                    else:
                        level = min(levels[-1], max(levels[0], round(middle + rng.gauss(0, 0.6))))
                    reason = rng.choice(REASONS) if rng.random() < WITH_REASON else ""
                    yield (shape.proposal_id, option, key, facet, rater, round_, level, reason, at)


# Writing -----------------------------------------------------------------------------------------


def _insert(connection: Connection, row_class: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5_000):
        connection.execute(insert(_table(row_class)), rows[start : start + 5_000])


def _insert_scores(connection: Connection, shapes: Iterable[_ProposalShape]) -> int:
    """The scores, streamed: executemany on SQLite, COPY on PostgreSQL."""
    dialect = connection.dialect
    written = 0
    if dialect.name == "postgresql":
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        columns = ", ".join(SCORE_COLUMNS)
        with cursor.copy(f"COPY score ({columns}) FROM STDIN") as copy:
            for shape in shapes:
                for row in _scores(shape, lambda moment: moment):
                    copy.write_row(row)
                    written += 1
        return written
    to_database = _table(ScoreRow).c.updated_at.type.bind_processor(dialect)
    placeholders = ", ".join("?" for _ in SCORE_COLUMNS)
    statement = f"INSERT INTO score ({', '.join(SCORE_COLUMNS)}) VALUES ({placeholders})"
    batch: list[tuple[Any, ...]] = []
    for shape in shapes:
        batch.extend(_scores(shape, to_database))
        if len(batch) >= CHUNK:
            connection.exec_driver_sql(statement, batch)
            written += len(batch)
            batch = []
    if batch:
        connection.exec_driver_sql(statement, batch)
        written += len(batch)
    return written


def _reset_sequences(connection: Connection, tables: Sequence[str]) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; the app's next insert must not collide."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def _register_rubric(uow: SqlUnitOfWork) -> RubricRef:
    # The one use-case call that writes: the stored rubric row must be exactly the app's.
    return organisation.register_rubric(
        uow, content=RUBRIC_FILE.read_bytes(), source_name=RUBRIC_FILE.name, actor=SYSTEM, clock=lambda: NOW
    ).ref


def seed(url: str, plan: Plan = Plan(), *, progress: bool = False) -> Seeded:
    """Migrate the empty database at ``url`` and fill it as ``plan`` says."""
    started = time.perf_counter()
    say = (lambda message: print(message, file=sys.stderr, flush=True)) if progress else (lambda _: None)
    upgrade_to_head(url)
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if connection.execute(select(func.count()).select_from(_table(UnitRow))).scalar_one():
                raise SystemExit(f"{url} already has data; seed an empty database")
        rubric_ref = _register_rubric(SqlUnitOfWork(engine))
        rubric = parse_rubric(RUBRIC_FILE.read_bytes(), RUBRIC_FILE.name)
        rng = random.Random(plan.seed)
        ids = _Ids()
        org = _organisation(plan, rng, ids)
        rows = _Rows()
        professions = [Profession(p["key"], p["name"], p["id"]) for p in org.professions]
        shapes = _plan_proposals(plan, rng, ids, org, _Questions(rubric, professions), rubric_ref, rows)
        say(f"planned {len(shapes)} proposals in {time.perf_counter() - started:.1f} s")
        with for_writing(engine).begin() as connection:
            _insert(connection, ProfessionRow, org.professions)
            _insert(connection, UnitRow, org.units)
            _insert(connection, PersonRow, org.people)
            _insert(connection, CoreTaskRow, org.core_tasks)
            _insert(connection, MembershipRow, org.memberships)
            _insert(connection, ProposalRow, rows.proposals)
            _insert(connection, ProposalProfessionRow, rows.professions)
            _insert(connection, OptionRow, rows.options)
            _insert(connection, PanelMemberRow, rows.panel)
            _insert(connection, DecisionRow, rows.decisions)
            _insert(connection, DilemmaRow, rows.dilemmas)
            _insert(connection, DiscussionNoteRow, rows.notes)
            _insert(connection, ReadinessAnswerRow, rows.readiness)
            _insert(connection, AuditEventRow, rows.events)
            say(f"organisation and proposals written at {time.perf_counter() - started:.1f} s")
            scores = _insert_scores(connection, shapes)
            say(f"{scores} scores written at {time.perf_counter() - started:.1f} s")
            _reset_sequences(
                connection,
                ["profession", "unit", "person", "core_task", "membership", "proposal", "option"],
            )
        _finish(engine)
    finally:
        engine.dispose()
    seeded = Seeded(
        units=len(org.units),
        people=len(org.people),
        memberships=len(org.memberships),
        proposals=len(rows.proposals),
        options=len(rows.options),
        scores=scores,
        decisions=len(rows.decisions),
        dilemmas=len(rows.dilemmas),
        readiness=len(rows.readiness),
        seconds=time.perf_counter() - started,
    )
    seeded.typical = typical_proposals(url)
    return seeded


def _answers_per_rater(questions: _Questions, professions: int) -> tuple[float, float]:
    """About how many questions one rater answers on "keep as is" and on each other option of a
    proposal that affects ``professions`` professions: the kernel's count for a rater of an
    affected profession and for one of another, mixed as :data:`RATERS_AFFECTED` says."""
    ids = questions.profession_ids
    affected, outsider = ids[:professions], ids[-1]
    share = RATERS_AFFECTED[professions]

    def mean(is_baseline: bool) -> float:
        own = len(questions(is_baseline, affected, affected[0]))
        other = len(questions(is_baseline, affected, outsider))
        return share * own + (1 - share) * other

    return mean(True), mean(False)


def _expected_scores(status: Status, raters: float, blind: float, followed: float) -> float:
    """How many scores :func:`_scores` writes for a proposal of this shape, on average.

    ``blind``: the answers one rater gives on all the options; ``followed``: on the chosen one.
    """
    if status is Status.DRAFT:
        return 0.0
    if status is Status.SCORING:
        return blind * raters * sum(SCORING_DONE) / len(SCORING_DONE)
    share = {Status.CLOSED: 1.0, Status.FOLLOW_UP: FOLLOW_UP_DONE}.get(status, 0.0)
    return blind * raters * (1 + REVISED) + followed * raters * share


def _plan_proposals(
    plan: Plan,
    rng: random.Random,
    ids: _Ids,
    org: _Organisation,
    questions: _Questions,
    rubric_ref: RubricRef,
    rows: _Rows,
) -> list[_ProposalShape]:
    """Proposals oldest first, until the scores reach ``plan.scores``; the typical ones last."""
    per_option = {k: _answers_per_rater(questions, k) for k in (1, 2)}
    baseline, other = per_option[1]
    typical_raters = _panel_size(org, org.workplaces[0], plan.raters)
    typical_scores = sum(
        _expected_scores(status, typical_raters, baseline + (plan.typical_options - 1) * other, other)
        for status in TYPICAL_STATUSES
    )
    budget = plan.scores - typical_scores
    options = sum(count * share for count, share in plan.option_counts) / sum(
        share for _, share in plan.option_counts
    )
    baseline, other = (
        (1 - TWO_PROFESSIONS) * one + TWO_PROFESSIONS * two
        for one, two in zip(per_option[1], per_option[2], strict=True)
    )
    blind = baseline + (options - 1) * other
    raters = statistics.mean(_panel_size(org, unit, plan.raters) for unit in org.workplaces)
    # Ages for the history, drawn until the expected number of scores is reached.
    history: list[tuple[float, Status]] = []
    expected = 0.0
    while expected < budget:
        age = rng.uniform(0, HISTORY_DAYS)
        status = _status_by_age(rng, age)
        history.append((age, status))
        expected += _expected_scores(status, raters, blind, other)
    history.sort(reverse=True)
    shapes = []
    for age, status in history:
        created = NOW - timedelta(days=age + 2)
        shapes.append(
            _proposal(
                plan,
                rng,
                ids,
                org,
                questions,
                rubric_ref,
                rows,
                status=status,
                created=created,
                typical=False,
            )
        )
    # The typical proposals come last, so they are the newest of their status.
    typical_rng = random.Random(plan.seed + 1)
    for index, status in enumerate(TYPICAL_STATUSES):
        created = NOW - timedelta(days=TYPICAL_AGES[status])
        shape = _proposal(
            plan,
            typical_rng,
            ids,
            org,
            questions,
            rubric_ref,
            rows,
            status=status,
            created=created,
            typical=True,
        )
        rows.proposals[-1]["updated_at"] = NOW - timedelta(minutes=len(TYPICAL_STATUSES) - index)
        rows.proposals[-1]["title"] = f"Typisk forslag: {rows.proposals[-1]['title']}"
        rows.proposals[-1]["search_text"] = search_text(
            rows.proposals[-1]["title"], rows.proposals[-1]["description"]
        )
        shapes.append(shape)
    return shapes


def _finish(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Fold the write-ahead log into the file, so the copy on disk is the whole database.
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # What autovacuum would do within minutes of a real bulk load.
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")


# Reading back ------------------------------------------------------------------------------------


def typical_proposals(url: str) -> dict[str, int]:
    """The typical proposal of each status (the newest one), by status value."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        uow = SqlUnitOfWork(engine)
        found = {}
        for status in TYPICAL_STATUSES:
            page = proposals.find_proposals(uow, ProposalFilter(statuses=(status,), limit=1), actor=SYSTEM)
            if page:
                found[status.value] = page[0].id
        return found
    finally:
        engine.dispose()


def rater_on_panel(url: str, proposal_id: int) -> int:
    """A panel member of the proposal, to act as on the scoring screen."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        proposal = proposals.get_proposal(SqlUnitOfWork(engine), proposal_id, actor=SYSTEM)
        return proposal.panel[0].person_id
    finally:
        engine.dispose()


def score_count(url: str) -> int:
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM score")).scalar_one())
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Check:
    """What the use cases read back for the typical proposal in discussion."""

    proposal_id: int
    cells: int
    scores_counted: int  # the panel's answers, and one "no difference" per fixed cell of "keep as is"
    dont_know: int
    fixed: int  # the cells of "keep as is" fixed at "no difference" (asked of nobody)
    readiness: int  # readiness questions answered
    group_sizes: dict[str, int]


def check(url: str) -> Check:
    """Read the typical proposal in discussion through the use cases; fail loudly if it is wrong.

    What should be there comes from the kernel, not from the seeder: each panel member's scoring
    sheet (the use case) says their profession and how many answers they owe, ``questions_for``
    which cells those are, ``fixed_baseline_tallies`` which cells of "keep as is" nobody answers.
    """
    proposal_id = typical_proposals(url)[Status.DISCUSSION.value]
    engine = make_engine(url, poolclass=NullPool)
    try:
        uow = SqlUnitOfWork(engine)
        results = scoring_sheet.group_results(uow, proposal_id, actor=SYSTEM)
        sheets = [
            scoring_sheet.scoring_sheet(uow, proposal_id, actor=people.actor_for(uow, member.person_id))
            for member in results.proposal.panel
        ]
        checklist = readiness.readiness_checklist(uow, proposal_id, actor=SYSTEM)
    finally:
        engine.dispose()
    expected: Counter[tuple[int, str, str]] = Counter()
    for sheet in sheets:
        for option in results.proposal.options:
            for criterion, facet in questions_for(
                results.rubric, option, sheet.professions, sheet.rater_profession
            ):
                expected[(option.id or 0, criterion.key, facet)] += 1
    baseline = next(option for option in results.proposal.options if option.is_baseline)
    fixed = fixed_baseline_tallies(results.rubric, baseline.id or 0, sheets[0].professions if sheets else [])
    expected.update(fixed.keys())
    counted = {cell: sum(t.counts.values()) + t.dont_know for cell, t in results.tallies.items()}
    wrong = sorted(cell for cell in set(counted) | set(expected) if counted.get(cell, 0) != expected[cell])
    if wrong:
        raise AssertionError(
            f"proposal {proposal_id}: {len(counted)} cells and {sum(counted.values())} scores read back; "
            f"expected {len(expected)} cells and {sum(expected.values())} scores by the kernel's rules; "
            "these differ (read, expected): "
            + ", ".join(f"{cell}: {counted.get(cell, 0)}, {expected[cell]}" for cell in wrong[:10])
        )
    unfinished = [sheet.rater_id for sheet in sheets if sheet.cells_scored != sheet.cells_total]
    if unfinished or not checklist.complete:
        raise AssertionError(
            f"proposal {proposal_id}: raters {unfinished} have not answered exactly their questions; "
            f"readiness {checklist.answered} of {len(checklist.items)} answered"
        )
    return Check(
        proposal_id=proposal_id,
        cells=len(counted),
        scores_counted=sum(counted.values()),
        dont_know=sum(t.dont_know for t in results.tallies.values()),
        fixed=len(fixed),
        readiness=checklist.answered,
        group_sizes=dict(results.group_sizes),
    )


# Command line ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="database URL (SQLite file or PostgreSQL), empty")
    parser.add_argument("--scores", type=int, default=LARGE_SCORES, help="about how many scores (2500000)")
    args = parser.parse_args(argv)
    seeded = seed(args.url, Plan(scores=args.scores), progress=True)
    print(seeded.line())
    print("typical proposals:", ", ".join(f"{k}={v}" for k, v in seeded.typical.items()))
    found = check(args.url)
    print(
        f"check: proposal {found.proposal_id} in discussion reads back {found.cells} cells, "
        f"{found.scores_counted} scores ({found.dont_know} don't know, {found.fixed} fixed on the baseline), "
        f"{found.readiness} readiness answers, groups {found.group_sizes}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = [
    "LARGE_SCORES",
    "NOW",
    "SMALL_PLAN",
    "SMALL_SCORES",
    "Check",
    "Plan",
    "Seeded",
    "check",
    "rater_on_panel",
    "score_count",
    "seed",
    "typical_proposals",
]
