"""How long a reader waits for the demo's decided proposal as Word and PDF (issue 15, point 5).

    python -m bench.export_speed               # 5 runs of each
    python -m bench.export_speed --runs 7 --formats docx pdf

The demo (``python -m demo``) in ``data/bench-demo.db``, loaded on first use; its decided proposal
("Lærere og pædagoger i faste årgangsteams") exported in Danish, raters pseudonymised. The charts
of Word and PDF are cached in memory and on disk (``report.export.render_charts``); every run here
points ``KERNEKOMPAS_CHART_CACHE`` at a temporary folder of its own, never at ``data/chart-cache``.

* **Command line**: ``python -m report`` as a new process per run, start-up included; wall time of
  the whole process and the child's CPU time. *Charts not cached*: an empty disk cache per run, so
  the process renders them (the first export of a summary). *Charts on disk*: the cache filled by
  one earlier, untimed run (every later export of the summary, from the screen or a command).
* **Screen**: what a download button calls (``report.export.export``, as ``ui/downloads.py`` does)
  in a warm server process (everything imported, vl-convert's engine started by an earlier export
  of another proposal). *First download, nothing cached*: no chart of this summary rendered yet,
  in memory or on disk. *First download after the prewarm*: the buttons were shown
  (``report.export.prewarm_charts``, which renders the charts on a thread of its own), then 1.5 s
  pass before the click, the time a person needs to find and click the button. *First download,
  charts on disk*: the memory cache empty, the disk cache filled (a restarted server). *Second
  download*: the same click again, and the PDF after the Word file (charts from memory).

Targets: Word and PDF under 1 s from the download button, under 2.5 s from the command line, for
a summary whose charts were rendered before (or prewarmed); the rows that render the charts are
shown for reference and do not count. The figures are medians; the load average is printed with
them, since other work on the machine slows every figure.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.timing import Sample, measure, median, ms, spread
from storage.engine import REPO_ROOT

PATH = REPO_ROOT / "data" / "bench-demo.db"
FORMATS = ("docx", "pdf", "xlsx", "md", "csv")
SCREEN_TARGET = 1.0
COMMAND_TARGET = 2.5


def demo_database() -> tuple[str, int, int]:
    """The demo's database URL, its decided proposal and another revealed one (to warm up on)."""
    from sqlalchemy import text

    from storage.engine import make_engine

    url = f"sqlite:///{PATH}"
    if not PATH.exists():
        print(f"loading the demo into {PATH} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "demo", "--database-url", url], check=True, cwd=REPO_ROOT)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, status FROM proposal ORDER BY id")).all()
    finally:
        engine.dispose()
    decided = next(row[0] for row in rows if row[1] == "decided")
    other = next(
        row[0] for row in rows if row[0] != decided and row[1] in ("discussion", "follow_up", "closed")
    )
    return url, decided, other


CACHE_ENV = "KERNEKOMPAS_CHART_CACHE"
REACH_BUTTON = 1.5  # seconds from the buttons shown to the click


def command_line(url: str, proposal_id: int, fmt: str, runs: int, *, cached: bool) -> list[Sample]:
    """Each run a new ``python -m report`` process: wall time and the child's CPU time.

    ``cached``: the charts on disk from an untimed run first; else an empty disk cache per run.
    """
    samples = []
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / f"summary.{fmt}"
        command = [sys.executable, "-m", "report", "--proposal", str(proposal_id), "--format", fmt]

        def run(cache: Path) -> None:
            environment = {**os.environ, "DATABASE_URL": url, CACHE_ENV: str(cache)}
            subprocess.run(
                [*command, "-o", str(output)], check=True, capture_output=True, env=environment, cwd=REPO_ROOT
            )

        kept = Path(folder) / "kept"
        if cached:
            run(kept)
        for number in range(runs):
            cache = kept if cached else Path(folder) / f"empty-{number}"
            before = os.times()
            sample = measure(functools.partial(run, cache))
            after = os.times()
            cpu = (after.children_user - before.children_user) + (
                after.children_system - before.children_system
            )
            samples.append(Sample(sample.wall, cpu))
    return samples


def screen(url: str, proposal_id: int, other_id: int, runs: int) -> dict[str, list[Sample]]:
    """The download button's call in this (warm) process, with and without the charts cached."""
    from assessment.kernel.i18n import Translator
    from assessment.kernel.permissions import SYSTEM
    from report.export import clear_chart_cache, export, prewarm_charts
    from storage.engine import make_engine
    from storage.repository import SqlUnitOfWork

    engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    _ = Translator("da")

    def download(fmt: str, proposal: int = proposal_id) -> None:
        export(uow, proposal, fmt, _, actor=SYSTEM)

    def empty_caches(folder: Path) -> None:
        os.environ[CACHE_ENV] = str(folder)  # a new, empty disk cache
        clear_chart_cache()

    def after_prewarm(fmt: str) -> Sample:
        thread = prewarm_charts(uow, proposal_id, _, actor=SYSTEM, identity=url)
        time.sleep(REACH_BUTTON)
        sample = measure(lambda: download(fmt))
        if thread is not None:
            thread.join()
        return sample

    saved = os.environ.get(CACHE_ENV)
    try:
        with tempfile.TemporaryDirectory() as folder:
            caches = (Path(folder) / str(number) for number in itertools.count())
            empty_caches(next(caches))
            download("docx", other_id)  # a server that has made a file before: imports, fonts, vl-convert
            prewarmed = f"first download after the prewarm ({REACH_BUTTON:g} s)"
            timings: dict[str, list[Sample]] = {
                f"{name}: {fmt}": []
                for name in ("first download, nothing cached", prewarmed, "first download, charts on disk")
                for fmt in ("docx", "pdf")
            }
            timings |= {"second download: docx": [], "second download: pdf": [], "pdf after docx": []}
            for _run in range(runs):
                empty_caches(next(caches))
                timings["first download, nothing cached: docx"].append(measure(lambda: download("docx")))
                timings["second download: docx"].append(measure(lambda: download("docx")))
                timings["pdf after docx"].append(measure(lambda: download("pdf")))
                empty_caches(next(caches))
                timings["first download, nothing cached: pdf"].append(measure(lambda: download("pdf")))
                timings["second download: pdf"].append(measure(lambda: download("pdf")))
                for fmt in ("docx", "pdf"):
                    empty_caches(next(caches))
                    timings[f"{prewarmed}: {fmt}"].append(after_prewarm(fmt))
                for fmt in ("docx", "pdf"):  # the charts stay on disk; the memory is emptied
                    clear_chart_cache()
                    timings[f"first download, charts on disk: {fmt}"].append(
                        measure(functools.partial(download, fmt))
                    )
            return timings
    finally:
        engine.dispose()
        if saved is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = saved


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.export_speed", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each (5)")
    parser.add_argument(
        "--formats", nargs="+", choices=FORMATS, default=list(FORMATS), help="command-line formats"
    )
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs must be at least 3")
    url, decided, other = demo_database()
    load = os.getloadavg()
    print(f"### Exports of the demo's decided proposal ({decided}); {args.runs} runs each, medians")
    print()
    print("| export | wall median (min–max) ms | cpu median ms | target |")
    print("| --- | ---: | ---: | --- |")
    failed = False

    def row(label: str, samples: list[Sample], target: float | None, *, counts: bool = True) -> None:
        nonlocal failed
        wall = [s.wall for s in samples]
        verdict = "–"
        if target is not None:
            ok = median(wall) < target
            if counts:
                failed = failed or not ok
                verdict = f"{'PASS' if ok else 'FAIL'} (< {target:g} s)"
            else:
                verdict = f"reference ({'under' if ok else 'over'} {target:g} s): renders the charts"
        print(
            f"| {label} | {spread(wall)} | {ms(median([s.cpu for s in samples]))} | {verdict} |", flush=True
        )

    charted = [fmt for fmt in args.formats if fmt in ("docx", "pdf")]
    for fmt in charted:
        samples = command_line(url, decided, fmt, args.runs, cached=False)
        row(f"command line, charts not cached: {fmt}", samples, COMMAND_TARGET, counts=False)
    for fmt in charted:
        samples = command_line(url, decided, fmt, args.runs, cached=True)
        row(f"command line, charts on disk: {fmt}", samples, COMMAND_TARGET)
    for fmt in args.formats:
        if fmt not in charted:
            row(f"command line: {fmt}", command_line(url, decided, fmt, args.runs, cached=False), None)
    for name, samples in screen(url, decided, other, args.runs).items():
        row(f"screen: {name}", samples, SCREEN_TARGET, counts="nothing cached" not in name)
    after = os.getloadavg()
    print()
    print(
        f"Load average (1, 5, 15 min) before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}; {os.cpu_count()} processors."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
