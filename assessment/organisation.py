"""The organisation: units, their core tasks, rubrics, and the directory forms choose from.

Use cases to register a unit, record a core task and register a rubric, and the read models the
core-task and administration screens show: the unit tree, a unit's core task with the chain
above it and its history, who has which role, and a rubric laid out as rows. Labels for the
organisation's enumerations are here too, so every screen and export names them the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from assessment.kernel import records
from assessment.kernel.clock import Clock, utc_now
from assessment.kernel.errors import N_, InvalidInput, Message, StaleEdit
from assessment.kernel.forms import TITLE_LIMIT, Form
from assessment.kernel.i18n import Translator
from assessment.kernel.model import (
    ChangeType,
    CoreTask,
    Membership,
    Origin,
    Person,
    Perspective,
    Profession,
    Role,
    RubricRef,
    Unit,
    UnitLevel,
)
from assessment.kernel.permissions import WHOLE_ORGANISATION, Action, Actor, allows, check, use_case
from assessment.kernel.records import record_audit, require, units_above
from assessment.kernel.repository import Repository, StoredRubric, UnitOfWork
from assessment.kernel.rubric import FacetKind, Rubric
from assessment.kernel.rubric_loading import parse_rubric
from assessment.unit_upkeep import open_unit, refuse_duplicate_unit

__all__ = [
    "CHANGE_TYPE_LABELS",
    "FACET_LABELS",
    "LEVEL_LABELS",
    "ORIGIN_LABELS",
    "PERSPECTIVE_HELP",
    "PERSPECTIVE_LABELS",
    "ROLE_LABELS",
    "CoreTaskView",
    "CriterionRow",
    "LevelRow",
    "PersonRoles",
    "RegisteredRubric",
    "RubricEntry",
    "TreeEntry",
    "core_task_history",
    "core_task_view",
    "default_rubric",
    "describe_rubric",
    "get_rubric",
    "people_and_roles",
    "rubric_catalogue",
    "unit_tree",
    "units_in_tree",
]

# Labels ----------------------------------------------------------------------

LEVEL_LABELS: dict[UnitLevel, str] = {
    UnitLevel.MUNICIPALITY: N_("Municipality"),
    UnitLevel.ADMINISTRATION: N_("Administration or centre"),
    UnitLevel.INSTITUTION: N_("Institution or workplace"),
    UnitLevel.TEAM: N_("Team"),
}

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("Administrator"),
    Role.LEADER: N_("Leader"),
    Role.MED_MEMBER: N_("MED member"),
    Role.RATER: N_("Rater"),
    Role.READER: N_("Reader"),
}

CHANGE_TYPE_LABELS: dict[ChangeType, str] = {
    ChangeType.ORGANISATIONAL: N_("Organisational change"),
    ChangeType.CORE_TASK: N_("Change of the core task itself"),
}

ORIGIN_LABELS: dict[Origin, str] = {
    Origin.EXTERNAL: N_("From the municipality's politicians or the state"),
    Origin.OWN_INITIATIVE: N_("Our own initiative"),
}

PERSPECTIVE_LABELS: dict[Perspective, str] = {
    Perspective.FORMAL: N_("Formal"),
    Perspective.PERFORMED: N_("Performed"),
    Perspective.EXPERIENCED: N_("Experienced"),
}

# The booklet's three views of a core task, said in one line each.
PERSPECTIVE_HELP: dict[Perspective, str] = {
    Perspective.FORMAL: N_("What laws, politicians and management have decided the unit is for."),
    Perspective.PERFORMED: N_("What the staff actually do and prioritise in their daily work."),
    Perspective.EXPERIENCED: N_("How citizens and relatives experience what the unit does for them."),
}

FACET_LABELS: dict[FacetKind, str] = {
    FacetKind.PROFESSION: N_("per affected profession"),
    FacetKind.PERSPECTIVE: N_("per perspective (formal, performed, experienced)"),
    FacetKind.OWN_PROFESSION: N_("for the rater's own profession, when it is affected"),
}


# Units -----------------------------------------------------------------------


@dataclass(frozen=True)
class TreeEntry:
    """A unit and how deep it sits below the top of the tree (0 for the municipality)."""

    unit: Unit
    depth: int
    # Whether the person may open the unit's core task: the tree is not confidential, but a
    # unit's core task and its history are read by those with a role there or above.
    may_open: bool = True


_LEVEL_ORDER = {level: position for position, level in enumerate(UnitLevel)}
# Æ, Ø and Å come last in the Danish alphabet, in that order; code points put Å first.
_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def _name_key(unit: Unit) -> tuple[int, str, int]:
    return (_LEVEL_ORDER[unit.level], unit.name.casefold().translate(_DANISH_ORDER), unit.id or 0)


def unit_tree(units: Sequence[Unit]) -> list[TreeEntry]:
    """Units in reading order: each unit followed by the units below it, siblings alphabetically.

    A unit whose parent is missing is shown at the top; units caught in a loop of parents
    (which the use cases never make) are still listed, at the end, rather than lost.
    """
    by_id = {unit.id: unit for unit in units}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        parent = unit.parent_id if unit.parent_id in by_id and unit.parent_id != unit.id else None
        children[parent].append(unit)
    ordered: list[TreeEntry] = []
    seen: set[int | None] = set()

    def visit(unit: Unit, depth: int) -> None:
        if unit.id in seen:
            return
        seen.add(unit.id)
        ordered.append(TreeEntry(unit, depth))
        for child in sorted(children.get(unit.id, []), key=_name_key):
            visit(child, depth + 1)

    for root in sorted(children.get(None, []), key=_name_key):
        visit(root, 0)
    for unit in sorted(units, key=_name_key):
        visit(unit, 0)
    return ordered


def closed_label(unit: Unit, names: Mapping[int | None, str], translate: Translator) -> str:
    """How a closed unit is marked wherever it is still shown ("closed unit, merged into …"); "" when open."""
    if unit.is_open:
        return ""
    merged = names.get(unit.merged_into_id) if unit.merged_into_id is not None else None
    if merged is None:
        return translate(N_("closed unit"))
    return translate(N_("closed unit, merged into {name}"), name=merged)


@use_case
def units_in_tree(uow: UnitOfWork, *, actor: Actor) -> list[TreeEntry]:
    """The whole unit tree: how the municipality is organised is not confidential."""
    check(actor, Action.VIEW_ORGANISATION, unit_id=None, object_type="unit")
    with uow.read() as repo:
        tree = unit_tree(repo.list_units())
    return [
        replace(entry, may_open=allows(actor, Action.VIEW_ORGANISATION, entry.unit.id or 0, None))
        for entry in tree
    ]


# Core tasks ------------------------------------------------------------------


@dataclass(frozen=True)
class CoreTaskView:
    """What the core-task screen shows for one unit, read in one consistent look."""

    unit: Unit
    history: list[CoreTask]  # newest first; the first is the current core task
    above: list[tuple[Unit, CoreTask | None]]  # from the top of the tree down to the unit's parent
    authors: dict[int, str]  # person id → name, for everyone who wrote a version shown

    @property
    def current(self) -> CoreTask | None:
        return self.history[0] if self.history else None

    @property
    def version(self) -> int:
        """The current version number; 0 when no core task has been written yet."""
        return self.history[0].version if self.history else 0

    def author(self, core_task: CoreTask) -> str | None:
        return self.authors.get(core_task.author_id) if core_task.author_id is not None else None


@use_case
def core_task_view(uow: UnitOfWork, unit_id: int, *, actor: Actor) -> CoreTaskView:
    check(actor, Action.VIEW_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    with uow.read() as repo:
        unit = require(repo.get_unit(unit_id), N_("Unit"), unit_id)
        history = repo.core_task_history(unit_id)
        above = units_above(repo, unit)
        above.reverse()
        author_ids = {c.author_id for c in history} | {c.author_id for _, c in above if c is not None}
        authors = {
            person.id: person.name
            for person in (repo.get_person(i) for i in author_ids if i is not None)
            if person is not None and person.id is not None
        }
        return CoreTaskView(unit=unit, history=history, above=above, authors=authors)


@use_case
def core_task_history(uow: UnitOfWork, unit_id: int, *, actor: Actor) -> list[CoreTask]:
    """Every version of a unit's core task, newest first."""
    check(actor, Action.VIEW_ORGANISATION, unit_id=unit_id, object_type="unit", object_id=unit_id)
    with uow.read() as repo:
        require(repo.get_unit(unit_id), N_("Unit"), unit_id)
        return repo.core_task_history(unit_id)


# People and roles ------------------------------------------------------------


@dataclass(frozen=True)
class PersonRoles:
    person: Person
    profession: Profession | None
    roles: list[tuple[Role, Unit]]  # ordered by unit name, then role
    membership_ids: list[int]  # the membership behind each role, to revoke it


@use_case
def people_and_roles(uow: UnitOfWork, *, actor: Actor) -> list[PersonRoles]:
    """Every person with their profession and the roles the actor administers, alphabetically by name.

    An administrator of one unit sees everyone (names and professions are anyone's to see) but only
    the roles in the units they administer; an administrator of the whole organisation sees all."""
    check(actor, Action.MANAGE_ORGANISATION, unit_id=None, object_type="person")
    role_order = {role: position for position, role in enumerate(Role)}
    with uow.read() as repo:
        units = {unit.id: unit for unit in repo.list_units()}
        professions = {profession.id: profession for profession in repo.list_professions()}
        # One query for everyone's roles, not one per person: a municipality has thousands of people.
        memberships: defaultdict[int, list[Membership]] = defaultdict(list)
        for membership in repo.all_memberships():
            memberships[membership.person_id].append(membership)
        found = []
        for person in sorted(repo.list_people(), key=lambda p: (p.name.casefold(), p.id or 0)):
            held = [
                (m.role, units[m.unit_id], m.id or 0)
                for m in memberships[person.id or 0]
                if m.unit_id in units and allows(actor, Action.MANAGE_ORGANISATION, m.unit_id)
            ]
            held.sort(key=lambda entry: (_name_key(entry[1])[1:], role_order[entry[0]]))
            found.append(
                PersonRoles(
                    person,
                    professions.get(person.profession_id),
                    [(role, unit) for role, unit, _ in held],
                    [membership_id for _, _, membership_id in held],
                )
            )
        return found


# Rubrics ---------------------------------------------------------------------


@dataclass(frozen=True)
class RubricEntry:
    ref: RubricRef
    source_name: str
    rubric: Rubric


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order versions as people read them: 1.10 comes after 1.9."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", version) if part
    )


@use_case
def rubric_catalogue(uow: UnitOfWork, *, actor: Actor) -> list[RubricEntry]:
    """Every stored rubric, by id and then version (newest last)."""
    check(actor, Action.VIEW_ORGANISATION, unit_id=None, object_type="rubric")
    with uow.read() as repo:
        entries = [
            RubricEntry(stored.ref, stored.source_name, records.rubric_of(repo, stored.ref))
            for stored in repo.list_rubrics()
        ]
    return sorted(entries, key=lambda e: (e.ref.rubric_id, _version_key(e.ref.version)))


DEFAULT_RUBRIC_ID = "kerneopgave"


def default_rubric(refs: Sequence[RubricRef]) -> RubricRef | None:
    """The newest version of the default rubric, else the newest of the first rubric by id."""
    if not refs:
        return None
    preferred = [ref for ref in refs if ref.rubric_id == DEFAULT_RUBRIC_ID]
    if not preferred:
        first_id = min(ref.rubric_id for ref in refs)
        preferred = [ref for ref in refs if ref.rubric_id == first_id]
    return max(preferred, key=lambda ref: _version_key(ref.version))


@use_case
def get_rubric(uow: UnitOfWork, ref: RubricRef, *, actor: Actor) -> Rubric:
    check(actor, Action.VIEW_ORGANISATION, unit_id=None, object_type="rubric", object_id=ref.rubric_id)
    with uow.read() as repo:
        return records.rubric_of(repo, ref)


@dataclass(frozen=True)
class LevelRow:
    value: int
    label: str
    descriptor: str


@dataclass(frozen=True)
class CriterionRow:
    """One criterion of a rubric in the reader's language, with the descriptor of every level."""

    dimension: str
    key: str
    question: str
    help: str
    scale: str
    weight: float
    facets: FacetKind | None
    aggregate: bool
    levels: list[LevelRow]


def describe_rubric(rubric: Rubric, language: str) -> list[CriterionRow]:
    """The rubric as rows to read, dimension by dimension, in ``language``."""
    rows = []
    for dimension in rubric.dimensions:
        for criterion in rubric.criteria_in(dimension.key):
            scale = rubric.scale_of(criterion)
            rows.append(
                CriterionRow(
                    dimension=dimension.title(language),
                    key=criterion.key,
                    question=criterion.question(language),
                    help=criterion.help(language) if criterion.help else "",
                    scale=scale.title(language),
                    weight=criterion.weight,
                    facets=criterion.facets,
                    aggregate=criterion.aggregate,
                    levels=[
                        LevelRow(
                            level.value, level.label(language), criterion.descriptor(level.value)(language)
                        )
                        for level in scale.levels
                    ],
                )
            )
    return rows


class RegisteredRubric(NamedTuple):
    ref: RubricRef
    new: bool  # False when exactly this content was stored already


@use_case
def register_rubric(
    uow: UnitOfWork, *, content: bytes, source_name: str, actor: Actor, clock: Clock = utc_now
) -> RegisteredRubric:
    """Validate and store a rubric file, and say whether it was new; nothing is stored when any
    check fails.

    Loading the same content again is harmless; the same id and version with other
    content is refused, because proposals scored on the old content must keep it.
    """
    check(actor, Action.MANAGE_RUBRICS, unit_id=WHOLE_ORGANISATION, object_type="rubric")
    rubric = parse_rubric(content, source_name)
    ref = RubricRef(rubric.id, rubric.version, rubric.content_hash)
    with uow.write() as repo:
        existing = repo.get_rubric(rubric.id, rubric.version)
        if existing is not None:
            if existing.ref.content_hash != ref.content_hash:
                raise InvalidInput(
                    N_(
                        "Rubric {id} version {version} already exists with other content. "
                        "Give the changed rubric a new version number."
                    ),
                    id=rubric.id,
                    version=rubric.version,
                )
            return RegisteredRubric(existing.ref, new=False)
        repo.add_rubric(StoredRubric(ref, content.decode("utf-8-sig"), source_name))
        record_audit(
            repo,
            actor.person_id,
            "rubric.register",
            "rubric",
            f"{ref.rubric_id}@{ref.version}",
            clock,
            after={"hash": ref.content_hash},
        )
    return RegisteredRubric(ref, new=True)


@use_case
def register_unit(
    uow: UnitOfWork,
    *,
    name: str,
    level: UnitLevel,
    parent_id: int | None,
    actor: Actor,
    clock: Clock = utc_now,
) -> Unit:
    check(actor, Action.MANAGE_ORGANISATION, unit_id=parent_id, object_type="unit", object_id=parent_id)
    form = Form()
    name = form.text("name", name, required=True, limit=TITLE_LIMIT)
    form.done()
    with uow.write() as repo:
        if parent_id is not None:
            open_unit(repo, parent_id, "parent_id")
        refuse_duplicate_unit(repo, name, parent_id)
        unit = repo.add_unit(Unit(name=name, level=level, parent_id=parent_id))
        record_audit(repo, actor.person_id, "unit.register", "unit", unit.id, clock, after={"name": name})
    return unit


STALE_CORE_TASK = N_(
    "{name} saved version {version} of this core task at {time}, while you were editing. "
    "Reload it to see their text, then make your edit again."
)


@use_case
def record_core_task(
    uow: UnitOfWork,
    *,
    unit_id: int,
    statement: str,
    formal: str,
    performed: str,
    experienced: str,
    actor: Actor,
    expected_version: int | None = None,
    clock: Clock = utc_now,
) -> CoreTask:
    """Save a new dated version of a unit's core task; earlier versions stay as history.

    With ``expected_version`` (0 when the unit had none) the save is refused when someone saved
    another version after the editor loaded theirs, checked in the same transaction as the save.
    """
    check(actor, Action.EDIT_CORE_TASK, unit_id=unit_id, object_type="unit", object_id=unit_id)
    texts = checked_core_task_texts(statement, formal, performed, experienced)
    with uow.write() as repo:
        return add_core_task_version(
            repo, unit_id, texts, actor=actor, expected_version=expected_version, clock=clock
        )


class CoreTaskTexts(NamedTuple):
    statement: str
    formal: str
    performed: str
    experienced: str


def checked_core_task_texts(statement: str, formal: str, performed: str, experienced: str) -> CoreTaskTexts:
    """A core task's texts as they may be stored; raises ``FormInvalid`` naming each field at fault."""
    form = Form()
    texts = CoreTaskTexts(
        statement=form.text("statement", statement, required=True, limit=2_000),
        formal=form.text("formal", formal),
        performed=form.text("performed", performed),
        experienced=form.text("experienced", experienced),
    )
    form.done()
    return texts


def add_core_task_version(
    repo: Repository,
    unit_id: int,
    texts: CoreTaskTexts,
    *,
    actor: Actor,
    expected_version: int | None,
    clock: Clock,
) -> CoreTask:
    """The one way a core task gets a new version (written by hand or adopted from a draft), inside
    the caller's transaction, after the caller's permission check."""
    require(repo.get_unit(unit_id), N_("Unit"), unit_id)
    history = repo.core_task_history(unit_id)
    current = history[0] if history else None
    if expected_version is not None and current is not None and current.version != expected_version:
        author = repo.get_person(current.author_id) if current.author_id is not None else None
        raise StaleEdit(
            STALE_CORE_TASK,
            name=author.name if author else Message(N_("someone")),
            version=current.version,
            time=current.valid_from,
        )
    core_task = repo.add_core_task(
        CoreTask(
            unit_id=unit_id,
            version=(history[0].version + 1) if history else 1,
            **texts._asdict(),
            author_id=actor.person_id,
            valid_from=clock(),
        )
    )
    record_audit(
        repo,
        actor.person_id,
        "core_task.record",
        "unit",
        unit_id,
        clock,
        after={"version": core_task.version},
    )
    return core_task


@dataclass(frozen=True)
class Directory:
    """The organisation as forms need it: units, professions, people and rubrics to choose from."""

    units: list[Unit]
    professions: list[Profession]
    people: list[Person]
    rubrics: list[RubricRef]

    def unit(self, unit_id: int) -> Unit | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)

    def person(self, person_id: int | None) -> Person | None:
        return next((person for person in self.people if person.id == person_id), None)

    def profession(self, profession_id: int | None) -> Profession | None:
        return next((p for p in self.professions if p.id == profession_id), None)


@use_case
def directory(uow: UnitOfWork, *, actor: Actor) -> Directory:
    """The organisation's names, for forms and labels; anyone with a role somewhere may read it."""
    check(actor, Action.VIEW_ORGANISATION, unit_id=None, object_type="directory")
    with uow.read() as repo:
        return Directory(
            units=repo.list_units(),
            professions=repo.list_professions(),
            people=[person for person in repo.list_people() if person.active],
            rubrics=[stored.ref for stored in repo.list_rubrics()],
        )
