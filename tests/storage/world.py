"""A small organisation stored through the SQL repository, for the storage tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from assessment.kernel.model import (
    ChangeType,
    Option,
    Origin,
    PanelMember,
    Person,
    Profession,
    Proposal,
    RubricRef,
    Unit,
    UnitLevel,
)
from assessment.kernel.repository import StoredRubric
from storage.repository import SqlUnitOfWork

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
RUBRIC = RubricRef("kerneopgave", "1.0", "sha256:" + "ab" * 32)


def at(minutes: int) -> datetime:
    """A moment ``minutes`` after 27.11.2026 09:00 UTC."""
    return T0 + timedelta(minutes=minutes)


@dataclass
class World:
    """What most tests need: a unit tree, three professions, five people and a rubric."""

    uow: SqlUnitOfWork
    municipality: Unit
    home_care: Unit
    professions: dict[str, Profession]
    people: dict[str, Person]
    rubric: RubricRef = RUBRIC
    clock_minutes: list[int] = field(default_factory=lambda: [0])

    def tick(self) -> datetime:
        self.clock_minutes[0] += 1
        return at(self.clock_minutes[0])

    def proposal(self, title: str = "Ny vagtplan", **changes: object) -> Proposal:
        """A draft with the baseline and two options, the nurse and the carers on the panel."""
        created = self.tick()
        values: dict[str, object] = {
            "unit_id": self.home_care.id,
            "title": title,
            "description": "Aften- og nattevagter lægges sammen.",
            "change_type": ChangeType.ORGANISATIONAL,
            "origin": Origin.OWN_INITIATIVE,
            "management_level": "Centerledelsen",
            "med_committee": "Center-MED",
            "rubric": self.rubric,
            "created_by": self.people["leader"].id,
            "created_at": created,
            "updated_by": self.people["leader"].id,
            "updated_at": created,
            "affected_profession_ids": [self.professions["ssh"].id, self.professions["spl"].id],
            "options": [
                Option(title="", description="Som nu", is_baseline=True, position=0),
                Option(title="Fælles aftenvagt", description="Én vagt", position=1),
                Option(title="Rullende vagter", position=2),
            ],
            "panel": [
                PanelMember(person_id=self.people[key].id, profession_id=self.people[key].profession_id)
                for key in ("nurse", "carer1", "carer2")
            ],
        }
        values.update(changes)
        return Proposal(**values)  # type: ignore[arg-type]

    def add_proposal(self, title: str = "Ny vagtplan", **changes: object) -> Proposal:
        with self.uow.write() as repo:
            return repo.add_proposal(self.proposal(title, **changes))


def build_world(uow: SqlUnitOfWork) -> World:
    """Store the small organisation through ``uow`` and return it."""
    with uow.write() as repo:
        municipality = repo.add_unit(Unit(name="Kommunen", level=UnitLevel.MUNICIPALITY))
        home_care = repo.add_unit(
            Unit(name="Hjemmeplejen Nord", level=UnitLevel.INSTITUTION, parent_id=municipality.id)
        )
        professions = {
            key: repo.add_profession(Profession(key=key, name=name))
            for key, name in (
                ("ssh", "Social- og sundhedshjælpere"),
                ("spl", "Sygeplejersker"),
                ("ter", "Terapeuter"),
            )
        }
        people = {
            key: repo.add_person(Person(name=name, email=email, profession_id=profession))
            for key, name, email, profession in (
                ("leader", "Lene Leder", "Lene@Kommune.dk", None),
                ("nurse", "Søren Sygeplejerske", "soeren@kommune.dk", professions["spl"].id),
                ("carer1", "Aase Hjælper", "aase@kommune.dk", professions["ssh"].id),
                ("carer2", "Bo Hjælper", "bo@kommune.dk", professions["ssh"].id),
                ("therapist", "Tove Terapeut", "tove@kommune.dk", professions["ter"].id),
            )
        }
        repo.add_rubric(StoredRubric(RUBRIC, 'id = "kerneopgave"\n', "kerneopgave.toml"))
    return World(uow, municipality, home_care, professions, people)
