"""``python -m demo [--database-url URL] [--if-empty]``: migrate the database, then load the demo.

Without ``--if-empty`` the loader refuses a database that already has proposals, so the demo
is never mixed into real data by mistake; with it (what ``make run`` uses) such a database is
left alone and the command succeeds. Exit codes: 0 loaded or skipped, 1 refused or failed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy import make_url

from assessment import proposals
from assessment.kernel.clock import today_in_denmark
from assessment.kernel.errors import DomainError
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter, UnitOfWork
from demo.data import DemoDataError, load_demo


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m demo",
        description="Indlæs demodata for Fjordby Kommune / Load the Fjordby Kommune demo data.",
    )
    parser.add_argument(
        "--database-url",
        help="databasens adresse / the database URL (default: DATABASE_URL or data/kernekompas.db)",
    )
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="spring over, hvis der allerede er forslag / skip quietly when the database already has "
        "proposals",
    )
    return parser


def existing_proposals(uow: UnitOfWork) -> int:
    """How many proposals the database holds (read through the overview use case)."""
    return proposals.overview(uow, ProposalFilter(limit=1), actor=SYSTEM, today=today_in_denmark()).total


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Storage is imported here so that ``--help`` works without a database driver.
    from storage.engine import database_url, make_engine, normalise_url
    from storage.migrate import upgrade_to_head
    from storage.repository import SqlUnitOfWork

    url = normalise_url(args.database_url) if args.database_url else database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        count = existing_proposals(uow)
        if count:
            if args.if_empty:
                print(
                    f"Demodata springes over: {shown} har allerede {count} forslag. / "
                    f"Demo data skipped: {shown} already has {count} proposals."
                )
                return 0
            print(
                f"Demodata indlæses ikke: {shown} har allerede {count} forslag, og demoen må ikke "
                "blandes med rigtige data. Brug en tom database, eller --if-empty for at springe over.\n"
                f"Demo data not loaded: {shown} already has {count} proposals, and the demo must not "
                "be mixed with real data. Use an empty database, or --if-empty to skip.",
                file=sys.stderr,
            )
            return 1
        try:
            summary = load_demo(uow)
        except (DomainError, DemoDataError) as error:
            print(
                f"Demodata kunne ikke indlæses i {shown} / "
                f"demo data could not be loaded into {shown}: {error}\n"
                "Er databasen delvist fyldt fra et tidligere forsøg, så start med en tom database. / "
                "If the database was partly filled by an earlier attempt, start from an empty database.",
                file=sys.stderr,
            )
            return 1
        print(summary.line())
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
