"""Concurrent raters: several processes save scoring sheets of the same proposals at once.

    .venv/bin/python -m bench.concurrency --backend sqlite --seconds 30
    .venv/bin/python -m bench.concurrency --backend postgres --seconds 30
    .venv/bin/python -m bench.concurrency --backend sqlite --control   # must fail

Each worker is one rater in its own process (spawned, as separate app servers would be),
saving its whole sheet of a proposal (``record_scores``, 12 cells) in a loop. After every
acknowledged save it appends the save's tag and values to its own log. Afterwards the stored
scores are compared with the last acknowledged save of every cell (a lost save is a cell whose
row is missing or holds an older tag), errors are counted by kind, and the database is checked.

``--control`` runs the same load on SQLite with writes that begin with a plain (deferred)
``BEGIN``: it must show "database is locked", which proves the check can fail. The script exits
non-zero when a normal run loses a save, sees a lock error or fails a check, and when the
control run does *not* fail.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.pool import NullPool

from bench import workload
from storage.backup import integrity_problems
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork

POSTGRES_URL = os.environ.get(
    "KERNEKOMPAS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
LOCKED = "database is locked"


@dataclass
class Outcome:
    """What one run saw; ``failures`` empty means the run passed its checks."""

    backend: str
    control: bool
    queue: bool
    workers: int
    seconds: float
    saves: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    checked_cells: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def locked(self) -> int:
        return sum(n for kind, n in self.errors.items() if LOCKED in kind)

    @property
    def failures(self) -> list[str]:
        found = list(self.problems)
        if self.lost:
            found.append(f"{self.lost} acknowledged saves lost")
        if self.errors:
            found.append(f"{sum(self.errors.values())} saves failed: {dict(self.errors)}")
        if not self.saves:
            found.append("no save was acknowledged")
        return found

    def percentile(self, p: float) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(p) - 1]


# The worker: one rater in its own process -----------------------------------------------------


def rater(
    number: int, url: str, setup_json: dict, log: str, seconds: float, control: bool, queue: bool, ready, go
) -> None:
    """Save whole sheets until ``seconds`` are over; log every acknowledged save; report."""
    setup = workload.Setup.from_json(setup_json)
    engine = make_engine(url, deferred_writes=control, writer_queue=queue, poolclass=NullPool)
    uow = SqlUnitOfWork(engine)
    rater_id = setup.rater_ids[number]
    proposals = sorted(setup.proposals)
    rng = random.Random(number)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    ready.put(number)
    go.wait()
    deadline = time.monotonic() + seconds
    sequence = 0
    with open(log, "w", encoding="utf-8") as acks:
        while time.monotonic() < deadline:
            sequence += 1
            proposal = proposals[sequence % len(proposals)]
            levels = workload.batch(setup, proposal, rng)
            tag = f"w{number}#{sequence}"
            started = time.perf_counter()
            try:
                workload.save_scores(uow, rater_id, proposal, levels, tag)
            except Exception as error:
                errors[f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"] += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            # Written only after the use case returned, that is after COMMIT.
            cells = [[c.option_id, c.criterion, level] for c, level in levels.items()]
            acks.write(json.dumps({"tag": tag, "proposal": proposal, "cells": cells}) + "\n")
    engine.dispose()
    Path(log + ".json").write_text(json.dumps({"latencies": latencies, "errors": errors}))


# The run -----------------------------------------------------------------------------------------


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh, migrated database of ``backend``, dropped afterwards (PostgreSQL)."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'kernekompas.db'}"
        upgrade_to_head(url)
        yield url
        return
    name = f"kk_faults_{secrets.token_hex(4)}"
    admin = make_engine(POSTGRES_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade_to_head(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


def run(
    url: str,
    *,
    backend: str,
    workers: int = 8,
    seconds: float = 30,
    proposals: int = 3,
    control: bool = False,
    queue: bool = True,
    folder: Path | None = None,
) -> Outcome:
    """Prepare ``url`` (migrated, empty), run the raters, check what is stored."""
    engine = make_engine(url, poolclass=NullPool)
    setup = workload.prepare(SqlUnitOfWork(engine), raters=workers, proposals=proposals)
    engine.dispose()
    outcome = Outcome(backend=backend, control=control, workers=workers, seconds=seconds, queue=queue)
    with tempfile.TemporaryDirectory(dir=folder) as logs:
        context = multiprocessing.get_context("spawn")
        ready, go = context.Queue(), context.Event()
        paths = [str(Path(logs) / f"rater{i}.log") for i in range(workers)]
        processes = [
            context.Process(
                target=rater, args=(i, url, setup.to_json(), paths[i], seconds, control, queue, ready, go)
            )
            for i in range(workers)
        ]
        for process in processes:
            process.start()
        for _ in processes:
            ready.get(timeout=120)
        go.set()  # all have imported and connected: the clock starts for everyone at once
        for process in processes:
            process.join(timeout=seconds + 120)
            if process.exitcode != 0:
                outcome.problems.append(f"a worker ended with exit code {process.exitcode}")
        acknowledged: dict[tuple[int, int, int, str], tuple[int, str]] = {}
        for number, path in enumerate(paths):
            if not Path(path + ".json").exists():
                continue
            report = json.loads(Path(path + ".json").read_text())
            outcome.latencies_ms += report["latencies"]
            outcome.errors.update(report["errors"])
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                save = json.loads(line)
                outcome.saves += 1
                for option_id, criterion, level in save["cells"]:
                    cell = (save["proposal"], setup.rater_ids[number], option_id, criterion)
                    acknowledged[cell] = (level, save["tag"])
    outcome.checked_cells = len(acknowledged)
    engine = make_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        stored = {
            (p, r, o, c): (level, reason) for p, r, o, c, level, reason in workload.stored_scores(connection)
        }
        outcome.lost = sum(1 for cell, value in acknowledged.items() if stored.get(cell) != value)
        outcome.problems += workload.half_written(connection)
        outcome.problems += integrity_problems(connection)
    engine.dispose()
    return outcome


# Command line -------------------------------------------------------------------------------------


def table(outcomes: list[Outcome]) -> str:
    head = (
        "| run | workers | s | saves | saves/s | p50 ms | p95 ms | p99 ms | max ms | lost | locked "
        "| other errors | checks |"
    )
    lines = [head, "|" + " --- |" * 13]
    for o in outcomes:
        other = sum(o.errors.values()) - o.locked
        name = o.backend + (" control (deferred BEGIN)" if o.control else "")
        name += " without writers' queue" if o.backend == "sqlite" and not o.queue and not o.control else ""
        lines.append(
            f"| {name} | {o.workers} | {o.seconds:g} | {o.saves} | {o.saves / o.seconds:.1f} "
            f"| {o.percentile(50):.1f} | {o.percentile(95):.1f} | {o.percentile(99):.1f} "
            f"| {max(o.latencies_ms, default=float('nan')):.0f} "
            f"| {o.lost} of {o.checked_cells} cells | {o.locked} | {other} "
            f"| {'ok' if not o.problems else '; '.join(o.problems)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--proposals", type=int, default=3)
    parser.add_argument("--control", action="store_true", help="deferred BEGIN on SQLite: must fail")
    parser.add_argument(
        "--no-queue", action="store_true", help="SQLite without the writers' flock queue (for comparison)"
    )
    args = parser.parse_args(argv)
    backends = ["sqlite"] if args.control else (args.backend or ["sqlite", "postgres"])
    outcomes = []
    status = 0
    for backend in backends:
        with tempfile.TemporaryDirectory() as folder, database(backend, Path(folder)) as url:
            try:
                outcome = run(
                    url,
                    backend=backend,
                    workers=args.workers,
                    seconds=args.seconds,
                    proposals=args.proposals,
                    control=args.control,
                    queue=not args.no_queue,
                )
            except Exception:
                traceback.print_exc()
                return 2
        outcomes.append(outcome)
        if args.control and not outcome.locked:
            print(
                f"CONTROL DID NOT FAIL on {backend}: the test cannot tell locking from luck", file=sys.stderr
            )
            status = 1
        elif not args.control and outcome.failures:
            print(f"FAILED on {backend}: {outcome.failures}", file=sys.stderr)
            status = 1
    print(table(outcomes))
    if args.control and status == 0:
        print("control failed as it must: plain BEGIN loses the race for the write lock")
    return status


if __name__ == "__main__":
    sys.exit(main())
