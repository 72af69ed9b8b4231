"""The app killed at random moments while it writes: nothing acknowledged is lost, nothing half-written.

    .venv/bin/python -m bench.faults --kills 50                     # SQLite and PostgreSQL
    .venv/bin/python -m bench.faults --kills 50 --backend sqlite

A child process writes in a loop through the use cases: proposals registered with their options
and panel, and whole scoring sheets saved (``record_scores``, 12 cells each). Before each
transaction it notes the start in a log and, only after the use case returned (after COMMIT),
it acknowledges the transaction there. The parent kills it with SIGKILL at a random moment,
then checks the database: every acknowledged transaction is present, each rater's sheet is
whole and from a single save, every proposal has all its options and a panel, and the
database's own integrity check passes. Then the next child starts on the same database.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.pool import NullPool

from bench import workload
from bench.concurrency import database, integrity_problems
from storage.engine import make_engine
from storage.repository import SqlUnitOfWork


@dataclass
class Tally:
    """What the kills did, over all rounds; ``problems`` empty means every check passed."""

    backend: str
    kills: int = 0
    acknowledged: int = 0
    in_flight_rolled_back: int = 0  # killed inside a transaction that then did not count
    in_flight_committed: int = 0  # killed after COMMIT, before the acknowledgement
    lost: int = 0
    problems: list[str] = field(default_factory=list)


def writer(
    url: str,
    setup_json: dict,
    log: str,
    run: int,
    seed: int,
    raters: list[int] | None = None,
    pause: float = 0,
) -> None:
    """Write forever (until killed): register proposals and save sheets, acknowledging each.

    Writers that run side by side get their own ``raters``, so a sheet has one writer and its
    tags (``r<run>t<number>``) tell which save is the newer one. ``pause`` seconds between
    transactions let side-by-side writers take turns (see ``bench/RESULTS-faults.md``).
    """
    setup = workload.Setup.from_json(setup_json)
    raters = raters or setup.rater_ids
    uow = SqlUnitOfWork(make_engine(url, poolclass=NullPool))
    rng = random.Random(seed)
    # One write(2) per line on an O_APPEND file: a line is either whole or absent after a kill.
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    number = 0
    while True:
        number += 1
        tag = f"r{run}t{number}"
        os.write(fd, (json.dumps({"start": tag}) + "\n").encode())
        if number % 3 == 0:
            proposal_id = workload.register(uow, setup, tag)
            done: dict[str, object] = {"ack": tag, "register": proposal_id}
        else:
            proposal_id = rng.choice(sorted(setup.proposals))
            rater_id = rng.choice(raters)
            levels = workload.batch(setup, proposal_id, rng)
            workload.save_scores(uow, rater_id, proposal_id, levels, tag)
            cells = sorted([c.option_id, c.criterion, level] for c, level in levels.items())
            done = {"ack": tag, "proposal": proposal_id, "rater": rater_id, "cells": cells}
        os.write(fd, (json.dumps(done) + "\n").encode())
        time.sleep(pause)


def _order(tag: str) -> tuple[int, int]:
    run, number = tag[1:].split("t")
    return int(run), int(number)


def _wait_for_first_ack(log: Path, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and '"ack"' in log.read_text(encoding="utf-8"):
            return
        if not process.is_alive():
            raise RuntimeError(f"the writer ended by itself (exit code {process.exitcode})")
        time.sleep(0.01)
    raise RuntimeError("the writer acknowledged nothing within a minute")


def check(url: str, logs: list[Path], tally: Tally) -> None:
    """Compare what the logs acknowledged with what the database holds."""
    acknowledged: dict[str, dict] = {}
    started: list[str] = []
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if "start" in entry:
                started.append(entry["start"])
            else:
                acknowledged[entry["ack"]] = entry
    engine = make_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        titles = {title for (title,) in connection.execute(text("SELECT title FROM proposal"))}
        sheets: dict[tuple[int, int], tuple[str, list]] = {}
        for proposal, rater, option, criterion, level, reason in workload.stored_scores(connection):
            tag, cells = sheets.setdefault((proposal, rater), (reason, []))
            cells.append([option, criterion, level])
        tally.problems += workload.half_written(connection)
        tally.problems += integrity_problems(connection)
    engine.dispose()
    stored_tags = titles | {tag for tag, _cells in sheets.values()}
    latest: dict[tuple[int, int], dict] = {}
    for tag, entry in acknowledged.items():
        if "register" in entry:
            tally.lost += tag not in titles
        else:
            key = (entry["proposal"], entry["rater"])
            if key not in latest or _order(tag) > _order(latest[key]["ack"]):
                latest[key] = entry
    for key, entry in latest.items():
        tag, cells = sheets.get(key, ("", []))
        # A later save (acknowledged or not) may have replaced it; an older one must not be there.
        if not tag or _order(tag) < _order(entry["ack"]):
            tally.lost += 1
        elif tag == entry["ack"] and sorted(cells) != entry["cells"]:
            tally.problems.append(f"sheet {tag} stored with other values than acknowledged")
    unacknowledged = [tag for tag in started if tag not in acknowledged]
    tally.acknowledged = len(acknowledged)
    tally.in_flight_committed = sum(1 for tag in unacknowledged if tag in stored_tags)
    tally.in_flight_rolled_back = len(unacknowledged) - tally.in_flight_committed


def run(url: str, *, backend: str, kills: int, folder: Path, seed: int = 0) -> Tally:
    """Prepare ``url`` (migrated, empty), then start and kill a writer ``kills`` times."""
    engine = make_engine(url, poolclass=NullPool)
    setup = workload.prepare(SqlUnitOfWork(engine), raters=4, proposals=2)
    engine.dispose()  # no connection may cross the fork
    rng = random.Random(seed)
    context = multiprocessing.get_context("fork")  # forked: a fresh writer in milliseconds
    tally = Tally(backend=backend)
    logs: list[Path] = []
    for number in range(kills):
        log = folder / f"writer{number}.log"
        logs.append(log)
        process = context.Process(target=writer, args=(url, setup.to_json(), str(log), number, seed + number))
        process.start()
        _wait_for_first_ack(log, process)
        time.sleep(rng.uniform(0, 0.5))
        if not process.is_alive():
            raise RuntimeError(f"the writer ended by itself (exit code {process.exitcode})")
        os.kill(process.pid or 0, signal.SIGKILL)
        process.join(timeout=30)
        assert process.exitcode == -signal.SIGKILL, process.exitcode
        tally.kills += 1
    check(url, logs, tally)
    return tally


def table(tallies: list[Tally]) -> str:
    lines = [
        "| backend | kills | acknowledged transactions | killed mid-transaction: rolled back / committed before ack | lost | checks |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for t in tallies:
        lines.append(
            f"| {t.backend} | {t.kills} | {t.acknowledged} | {t.in_flight_rolled_back} / {t.in_flight_committed} "
            f"| {t.lost} | {'ok' if not t.problems else '; '.join(t.problems[:5])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args(argv)
    tallies = []
    started = time.monotonic()
    for backend in args.backend or ["sqlite", "postgres"]:
        with tempfile.TemporaryDirectory() as folder, database(backend, Path(folder)) as url:
            tallies.append(run(url, backend=backend, kills=args.kills, folder=Path(folder), seed=args.seed))
    print(table(tallies))
    print(f"seed {args.seed}, {time.monotonic() - started:.0f} s")
    failed = [t for t in tallies if t.lost or t.problems]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
