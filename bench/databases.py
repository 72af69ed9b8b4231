"""The benchmark databases: seeded once and reused (SQLite files), or made and dropped (PostgreSQL).

SQLite files live in ``data/bench-<size>.db`` (ignored by git) and are seeded when missing;
delete them to seed again. PostgreSQL databases are named ``kk_bench_<size>`` on the server of
``KERNEKOMPAS_BENCH_POSTGRES_URL`` (default: the local test server), created and seeded on
entry and dropped on exit unless ``keep`` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.pool import NullPool

from bench.seed import LARGE_SCORES, SMALL_SCORES, Plan, seed
from storage.engine import REPO_ROOT, make_engine, normalise_url

SIZES: dict[str, int] = {"small": SMALL_SCORES, "large": LARGE_SCORES}
DATA = REPO_ROOT / "data"
POSTGRES_ENV = "KERNEKOMPAS_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sqlite_database(size: str) -> str:
    """The URL of the SQLite file for ``size``, seeding it first when it does not exist."""
    path = DATA / f"bench-{size}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        _say(f"seeding {path} ({size} scores) ...")
        try:
            seeded = seed(url, Plan(scores=SIZES[size]), progress=True)
        except BaseException:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()
            raise
        _say(seeded.line())
    return url


def postgres_server() -> str:
    return normalise_url(os.environ.get(POSTGRES_ENV, "").strip() or DEFAULT_POSTGRES)


@contextmanager
def postgres_database(size: str, *, keep: bool = False) -> Iterator[str]:
    """A PostgreSQL database seeded with ``size`` scores; reused when ``keep`` left it behind."""
    name = f"kk_bench_{size.lower()}"
    server = make_url(postgres_server())
    url = server.set(database=name).render_as_string(hide_password=False)
    admin = make_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name}
            ).first()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        if not exists:
            _say(f"seeding PostgreSQL database {name} ({size} scores) ...")
            try:
                _say(seed(url, Plan(scores=SIZES[size]), progress=True).line())
            except BaseException:
                keep = False
                raise
        yield url
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def database(backend: str, size: str, *, keep: bool = False) -> Iterator[str]:
    if backend == "sqlite":
        yield sqlite_database(size)
    else:
        with postgres_database(size, keep=keep) as url:
            yield url


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")
