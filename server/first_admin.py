"""The first administrator of a new installation, from the server's command line.

With sign-in on, nobody can use the app until somebody is a person with a role, and only an
administrator can make people. This breaks the circle once, on the server, where whoever runs it
already holds the database:

    python -m server.first_admin --name "Henrik Holm" --email henrik.holm@fjordby.dk \\
        --unit "Fjordby Kommune"

It creates the top unit when the database has none, the person when the address is new, and gives
them the administrator role in that unit. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from assessment import organisation, people
from assessment.kernel.errors import DomainError, FormInvalid
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Role, UnitLevel
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import UnitOfWork

EXIT_REFUSED = 2


def make_first_admin(uow: UnitOfWork, *, name: str, email: str, unit_name: str) -> tuple[int, int]:
    """The person's and the unit's ids after making the person administrator of the unit."""
    directory = organisation.directory(uow, actor=SYSTEM)
    unit = next((u for u in directory.units if u.name == unit_name.strip()), None)
    if unit is None:
        unit = organisation.register_unit(
            uow, name=unit_name, level=UnitLevel.MUNICIPALITY, parent_id=None, actor=SYSTEM
        )
    person = people.person_for_sign_in(uow, email)
    if person is None:
        person = people.register_person(uow, name=name, email=email, profession_id=None, actor=SYSTEM)
    people.grant_role(uow, person_id=person.id or 0, unit_id=unit.id or 0, role=Role.ADMIN, actor=SYSTEM)
    return person.id or 0, unit.id or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server.first_admin", description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--email", required=True, help="the address the identity provider signs them in with")
    parser.add_argument("--unit", required=True, help="the top unit, e.g. the municipality")
    args = parser.parse_args(argv)

    from storage.engine import database_url, make_engine
    from storage.repository import SqlUnitOfWork

    engine = make_engine(database_url())
    try:
        person_id, unit_id = make_first_admin(
            SqlUnitOfWork(engine), name=args.name, email=args.email, unit_name=args.unit
        )
    except FormInvalid as error:
        _ = Translator("da")
        for field, problem in error.problems.items():
            print(f"--{field}: {_.message(problem)}", file=sys.stderr)
        return EXIT_REFUSED
    except DomainError as error:
        print(Translator("da").message(error), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        engine.dispose()
    print(f"{args.email} (person {person_id}) is administrator of unit {unit_id}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
