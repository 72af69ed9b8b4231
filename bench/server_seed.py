"""A large SQLite database for the server benchmark, quickly: the demo, its proposals cloned.

    python -m bench.server_seed --scores 2000000 -o /tmp/kk-2m.db

Every proposal of the demo (with its options, panel, professions, scores, dilemmas, notes and
decision) is copied ``n`` times in a few ``INSERT … SELECT`` statements, so the database has the
demo's shapes (one proposal in each state) at any size: about 1 minute for 2 M scores. The
screens read one proposal at a time, so what matters is the size of the tables around it.
(`bench/seed.py`, where present, is the general seeder; this one only serves bench/server.py.)
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Ids of clone n are the original's plus n × OFFSET; the demo's ids are far below it.
OFFSET = 1_000_000
PER_PROPOSAL = (
    "option",
    "score",
    "decision",
    "dilemma",
    "discussion_note",
    "panel_member",
    "proposal_profession",
)


def _column_expression(table: str, column: str) -> str:
    if column in {"proposal_id", "chosen_option_id", "option_id"} or (
        table in {"proposal", "option"} and column == "id"
    ):
        return f"{column} + k.n * {OFFSET}"
    if column == "id":
        return "NULL"  # not referenced from elsewhere: a fresh id
    if table == "proposal" and column in {"title", "search_text"}:
        return f"{column} || ' #' || k.n"
    return column


def clone(path: Path, copies: int) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    connection.execute("CREATE TEMP TABLE k (n INTEGER PRIMARY KEY)")
    connection.executemany("INSERT INTO k VALUES (?)", [(n,) for n in range(1, copies + 1)])
    originals = f"SELECT id FROM proposal WHERE id < {OFFSET}"
    for table in ("proposal", *PER_PROPOSAL):
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        key = "id" if table == "proposal" else "proposal_id"
        expressions = ", ".join(_column_expression(table, column) for column in columns)
        connection.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {expressions} "
            f"FROM {table}, k WHERE {table}.{key} IN ({originals}) ORDER BY k.n"
        )
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, default=2_000_000, help="at least this many scores")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the SQLite file to create")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    args.output.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{args.output.resolve()}"}
    subprocess.run(
        [sys.executable, "-m", "demo", "--if-empty"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    with sqlite3.connect(args.output) as connection:
        demo_scores = connection.execute("SELECT count(*) FROM score").fetchone()[0]
    copies = max(0, math.ceil(args.scores / demo_scores) - 1)
    clone(args.output, copies)
    with sqlite3.connect(args.output) as connection:
        scores, proposals = connection.execute(
            "SELECT (SELECT count(*) FROM score), (SELECT count(*) FROM proposal)"
        ).fetchone()
    print(
        f"{args.output}: {scores:,} scores in {proposals:,} proposals ({time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
