"""Online backup and restore of the app's database, and the checks a restored database must pass.

    python -m storage.backup backup --to kernekompas-2026-11-27.db     # SQLite
    python -m storage.backup backup --to kernekompas-2026-11-27.dump   # PostgreSQL (pg_dump -Fc)
    python -m storage.backup restore --from kernekompas-2026-11-27.db
    python -m storage.backup check

The database is the one the app uses (``DATABASE_URL``, else ``data/kernekompas.db``). A backup
may run while people work: on SQLite the backup API copies one consistent snapshot (in WAL mode
writers carry on meanwhile), and ``pg_dump`` reads one snapshot too. The file appears under its
name only when it is complete. ``restore`` needs an empty database (a new SQLite file, or a
freshly created PostgreSQL database) and then runs :func:`check`: the database's own integrity
check, the schema at the newest migration, and every proposal read through the use cases.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, inspect, make_url, text
from sqlalchemy.pool import NullPool

from assessment import decision, proposals
from assessment.kernel.errors import DomainError
from assessment.kernel.permissions import SYSTEM
from assessment.kernel.repository import ProposalFilter
from storage.engine import BUSY_TIMEOUT_MS, database_url, make_engine, normalise_url
from storage.migrate import alembic_config
from storage.repository import SqlUnitOfWork

PAGE = 200  # proposals read per page by the check


class BackupError(Exception):
    """A backup or restore could not be made; the message says why and what to do."""


# Backup and restore -------------------------------------------------------------------------------


def backup(url: str, target: Path) -> Path:
    """Copy the database at ``url`` into ``target`` while the app keeps running."""
    parsed = make_url(normalise_url(url))
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if parsed.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(parsed), timeout=BUSY_TIMEOUT_MS / 1000)
        copy = sqlite3.connect(partial)
        try:
            # One step (all pages at once): the copy is a single snapshot. In steps, every
            # write by the app in between would make SQLite start the copy again.
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *_schema_args(parsed),
              f"--file={partial}"], parsed)  # fmt: skip
    partial.replace(target)
    return target


def restore(url: str, source: Path) -> list[str]:
    """Load the backup ``source`` into the empty database at ``url``; return :func:`check`'s problems."""
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    parsed = make_url(normalise_url(url))
    engine = make_engine(parsed, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if inspect(connection).get_table_names():
                raise BackupError(
                    "The database to restore into is not empty. Restore into a new SQLite file or a "
                    "newly created PostgreSQL database, then point DATABASE_URL at it."
                )
    finally:
        engine.dispose()
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(source) as backup_file:
            # A backup the app did not make (or a damaged file) is refused before it is used.
            if backup_file.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"The backup {source} is damaged: its integrity check fails.")
            restored = sqlite3.connect(_sqlite_path(parsed))
            try:
                backup_file.backup(restored)
            finally:
                restored.close()
    else:
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              str(source)], parsed)  # fmt: skip
    return check(url)


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return url.database


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as libpq (pg_dump, pg_restore) reads it, and the environment that carries the password.

    A command line is visible to every user of the machine (``ps``, ``/proc/<pid>/cmdline``); a
    process's environment only to its owner and root. So the password goes in ``PGPASSWORD``,
    never in the ``--dbname`` argument, and neither does a ``password`` in the URL's query.
    """
    password = url.password or url.query.get("password")
    without = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query={key: value for key, value in url.query.items() if key != "password"},
    )
    environment = dict(os.environ)
    if password:
        environment["PGPASSWORD"] = str(password)
    return without.render_as_string(hide_password=False), environment


def _schema_args(url: URL) -> list[str]:
    """Only the app's schema when the URL chooses one by ``search_path`` (as the tests do)."""
    options = str(url.query.get("options", ""))
    prefix = "-csearch_path="
    return [f"--schema={options.removeprefix(prefix)}"] if options.startswith(prefix) else []


def _run(command: list[str], url: URL) -> None:
    """Run a PostgreSQL client program on the database at ``url``."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed; install the PostgreSQL client programs.")
    dbname, environment = _libpq(url)
    command = [*command[:1], f"--dbname={dbname}", *command[1:]]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


# Checks ----------------------------------------------------------------------------------------------


def check(url: str) -> list[str]:
    """What is wrong with the database at ``url``, in sentences; empty when it is fit for use."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            problems = integrity_problems(connection)
            problems += migration_problems(connection, url)
            problems += incomplete_proposals(connection)
        if not problems:
            problems += _read_every_proposal(SqlUnitOfWork(engine))
    finally:
        engine.dispose()
    return problems


def integrity_problems(connection: Connection) -> list[str]:
    """SQLite's own checks; on PostgreSQL, the references and uniqueness the schema promises."""
    if connection.dialect.name == "sqlite":
        result = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
        problems = [] if result == ["ok"] else [f"integrity_check: {result[:5]}"]
        dangling = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        return problems + ([f"foreign_key_check: {dangling[:5]}"] if dangling else [])
    checks = {
        "scores of an option of another proposal": (
            "SELECT count(*) FROM score s LEFT JOIN option o ON o.id = s.option_id "
            "WHERE o.id IS NULL OR o.proposal_id <> s.proposal_id"
        ),
        # Not "by someone outside the panel": a leader may take a rater off the panel after
        # they scored, their scores stay, and no table records who was on the panel when.
        "scores by a rater who is no person": (
            "SELECT count(*) FROM score s LEFT JOIN person p ON p.id = s.rater_id WHERE p.id IS NULL"
        ),
        "score cells stored twice": (
            "SELECT count(*) FROM (SELECT 1 FROM score GROUP BY proposal_id, rater_id, option_id, "
            "criterion_key, facet, round HAVING count(*) > 1) twice"
        ),
        "invalid indexes": "SELECT count(*) FROM pg_index WHERE NOT indisvalid",
    }
    return [
        f"{name}: {found}"
        for name, query in checks.items()
        if (found := connection.execute(text(query)).scalar_one())
    ]


def migration_problems(connection: Connection, url: str) -> list[str]:
    current = set(MigrationContext.configure(connection).get_current_heads())
    newest = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    if current == newest:
        return []
    return [f"the schema is at migration {sorted(current)}, not at the newest {sorted(newest)}"]


def incomplete_proposals(connection: Connection) -> list[str]:
    """Proposals without exactly one "keep as is" option and at least one alternative."""
    rows = connection.execute(
        text(
            "SELECT p.id FROM proposal p WHERE "
            "(SELECT count(*) FROM option o WHERE o.proposal_id = p.id AND o.is_baseline) <> 1 "
            "OR (SELECT count(*) FROM option o WHERE o.proposal_id = p.id) < 2"
        )
    )
    return [f"proposal {proposal_id} lacks its options" for (proposal_id,) in rows]


def _read_every_proposal(uow: SqlUnitOfWork) -> list[str]:
    """Read each proposal as the app does; a row the app cannot read is a problem."""
    problems = []
    offset = 0
    while True:
        page = proposals.find_proposals(uow, ProposalFilter(offset=offset, limit=PAGE), actor=SYSTEM)
        for summary in page:
            try:
                proposals.get_proposal(uow, summary.id, actor=SYSTEM)
                decision.get_decision(uow, summary.id, actor=SYSTEM)
            except (DomainError, ValueError, LookupError) as error:
                problems.append(f"proposal {summary.id} cannot be read: {error}")
        if len(page) < PAGE:
            return problems
        offset += PAGE


# Command line ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m storage.backup",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="copy the database into a file").add_argument(
        "--to", type=Path, required=True, dest="file"
    )
    commands.add_parser("restore", help="load a backup into an empty database").add_argument(
        "--from", type=Path, required=True, dest="file"
    )
    commands.add_parser("check", help="check the database the app uses")
    args = parser.parse_args(argv)
    url = database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        if args.command == "backup":
            backup(url, args.file)
            print(f"Backed up {shown} to {args.file} ({os.path.getsize(args.file):,} bytes).")
            return 0
        problems = restore(url, args.file) if args.command == "restore" else check(url)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if not problems:
        print(f"{shown}: integrity ok, schema at the newest migration, every proposal readable.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
