"""The real servers under load: default ``streamlit run`` against the shipped ``python -m server``.

    python -m bench.server                                   # demo-sized (10 k) and 2 M databases, made here
    python -m bench.server --database-url sqlite:////tmp/x.db --skip-large
    python -m bench.server --kinds default,server --rounds 5

For each kind of server (started here, one after another, on 127.0.0.1) it measures with
bench/ws_client.py, a client speaking the browser's websocket protocol:

* memory (RSS) of the server process at 0, 1, 10 and 25 open sessions;
* rerun latency of a trivial page (bench/server_trivial_app.py, same kind of server) and of
  every main screen, median and p95 of ``--reruns`` reruns in one session, and bytes per rerun;
* bursts: 1, 5, 10 and 20 sessions clicking at once (``--rounds`` times), median and p95 of
  the time each user waits, on the trivial page and on ``--burst-page``.

Kinds: ``default`` is ``streamlit run`` as Streamlit ships it (postScriptGC on), ``dev`` is
``streamlit run`` with the shipped .streamlit/config.toml (``make dev``), ``server`` is the
shipped server (``make run``), ``server-nofreeze`` the same without the warm-up and gc.freeze().
Results go to stdout as tables and to ``--output`` (bench/RESULTS-server.md) as Markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.ws_client import Rerun, Session, wait_for_health

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = ROOT / "bench" / "server_trivial_app.py"
KINDS = {
    "default": "streamlit run, Streamlit's defaults",
    "dev": "streamlit run, shipped config (make dev)",
    "server": "python -m server (make run)",
    "server-nofreeze": "python -m server, no warm-up/freeze",
}
# (label, URL path name, query): every main screen, per proposal where it takes one.
# Demo proposals: 1 decided, 2 in discussion, 3 in scoring. The servers run in local mode, and
# "som=-1" chooses its set-up entry (every right), as a link from the person picker does: without
# it every screen is only the picker, a page of 1-2 kB.
AS = "som=-1"
SCREENS = [
    ("overview", "", AS),
    ("proposal", "proposal", f"proposal=2&{AS}"),
    ("scoring", "scoring", f"proposal=3&{AS}"),
    ("compare", "compare", f"proposal=2&{AS}"),
    ("discussion", "discussion", f"proposal=2&{AS}"),
    ("decision", "decision", f"proposal=1&{AS}"),
    ("core_tasks", "core_tasks", AS),
    ("admin", "admin", AS),
]
BURSTS = (1, 5, 10, 20)
MEMORY_POINTS = (0, 1, 10, 25)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(kind: str, script: Path, port: int) -> tuple[list[str], dict[str, str]]:
    env: dict[str, str] = {}
    if kind.startswith("server"):
        if kind == "server-nofreeze":
            env["KERNEKOMPAS_GC_FREEZE"] = "0"
        command = [sys.executable, "-m", "server", "--port", str(port), "--script", str(script)]
        return [*command, "--log-level", "warning"], env
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    if kind == "default":
        command += ["--runner.postScriptGC", "true"]
    return command, env


@contextmanager
def running(kind: str, script: Path, database_url: str, log: Path) -> Iterator[tuple[str, psutil.Process]]:
    port = _free_port()
    command, extra = _command(kind, script, port)
    # Local mode: without sign-in set up, the app shows nobody anything (ui/identity.py). No file
    # watcher: an edit in the working tree must not reload the modules mid-measurement.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KERNEKOMPAS_LOCAL_MODE": "1",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        **extra,
    }
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url)
        yield url, psutil.Process(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


@dataclass
class Latency:
    median_ms: float
    p95_ms: float
    bytes_per_rerun: int
    exceptions: int


async def rerun_latency(url: str, page: str, query: str, reruns: int) -> Latency:
    session = Session(url, page, query)
    await session.connect()
    try:
        await session.rerun()  # the first run imports the screen and fills caches: not a click
        await session.rerun()
        results: list[Rerun] = [await session.rerun() for _ in range(reruns)]
    finally:
        await session.close()
    median, p95 = _ms([r.seconds for r in results])
    return Latency(
        median,
        p95,
        int(statistics.median(r.bytes_received for r in results)),
        max(r.exceptions for r in results),
    )


async def bursts(url: str, page: str, query: str, rounds: int) -> dict[int, tuple[float, float]]:
    found: dict[int, tuple[float, float]] = {}
    for users in BURSTS:
        sessions = [Session(url, page, query) for _ in range(users)]
        for session in sessions:
            await session.connect()
            await session.rerun()
        waits: list[float] = []
        for _ in range(rounds):
            results = await asyncio.gather(*(session.rerun() for session in sessions))
            waits.extend(r.seconds for r in results)
            await asyncio.sleep(0.2)
        for session in sessions:
            await session.close()
        found[users] = _ms(waits)
    return found


async def memory(url: str, process: psutil.Process, page: str, query: str) -> dict[int, float]:
    found: dict[int, float] = {}
    sessions: list[Session] = []
    for target in MEMORY_POINTS:
        while len(sessions) < target:
            session = Session(url, page, query)
            await session.connect()
            await session.rerun()
            sessions.append(session)
        await asyncio.sleep(1.0)
        found[target] = process.memory_info().rss / 2**20
    for session in sessions:
        await session.close()
    return found


@dataclass
class KindResult:
    kind: str
    database: str
    trivial: Latency
    screens: dict[str, Latency]
    trivial_bursts: dict[int, tuple[float, float]]
    page_bursts: dict[int, tuple[float, float]]
    memory_mb: dict[int, float]


def measure(kind: str, label: str, database_url: str, args: argparse.Namespace, log: Path) -> KindResult:
    print(f"  {kind}: trivial page", flush=True)
    with running(kind, TRIVIAL, database_url, log) as (url, _process):
        trivial = asyncio.run(rerun_latency(url, "", "", args.reruns))
        trivial_bursts = asyncio.run(bursts(url, "", "", args.rounds))
    print(f"  {kind}: the app", flush=True)
    with running(kind, ROOT / "app.py", database_url, log) as (url, process):
        page, query = args.memory_page.partition("?")[::2]
        memory_mb = asyncio.run(memory(url, process, page, query))
        screens = {}
        for name, page_name, query in SCREENS:
            screens[name] = asyncio.run(rerun_latency(url, page_name, query, args.reruns))
        page, query = args.burst_page.partition("?")[::2]
        page_bursts = asyncio.run(bursts(url, page, query, args.rounds))
    return KindResult(kind, label, trivial, screens, trivial_bursts, page_bursts, memory_mb)


def report(results: list[KindResult], args: argparse.Namespace, seconds: float) -> str:
    kinds = list(dict.fromkeys(r.kind for r in results))
    lines = [
        "# Server benchmark (bench/server.py)",
        "",
        f"`python -m bench.server {' '.join(sys.argv[1:])}`, {time.strftime('%Y-%m-%d')}, 2 cores shared with other work,",
        f"{args.reruns} reruns per screen (after two warm-up runs), {args.rounds} rounds per burst; {seconds / 60:.0f} min.",
        "Times in ms, median / p95. Kinds: " + "; ".join(f"`{k}` = {KINDS[k]}" for k in kinds) + ".",
        "",
    ]
    for database in dict.fromkeys(r.database for r in results):
        rows = {r.kind: r for r in results if r.database == database}
        header = "| | " + " | ".join(kinds) + " |"
        rule = "| --- |" + " --- |" * len(kinds)
        lines += [
            f"## {database}",
            "",
            "### Rerun latency (ms, median / p95) and bytes sent per rerun",
            "",
            header,
            rule,
        ]

        def cell(latency: Latency) -> str:
            note = f" ⚠{latency.exceptions} exc" if latency.exceptions else ""
            return f"{latency.median_ms:.0f} / {latency.p95_ms:.0f} ({latency.bytes_per_rerun / 1024:.0f} kB){note}"

        lines.append("| trivial page | " + " | ".join(cell(rows[k].trivial) for k in kinds) + " |")
        for name in rows[kinds[0]].screens:
            lines.append(f"| {name} | " + " | ".join(cell(rows[k].screens[name]) for k in kinds) + " |")
        if "default" in rows and "server" in rows:
            ratio = [
                rows["default"].screens[n].median_ms / max(rows["server"].screens[n].median_ms, 0.1)
                for n in rows["server"].screens
            ]
            trivial_ratio = rows["default"].trivial.median_ms / max(rows["server"].trivial.median_ms, 0.1)
            lines += [
                "",
                f"Gain of the shipped server over default `streamlit run` (ratio of medians): trivial page "
                f"{trivial_ratio:.1f}×, screens {min(ratio):.1f}× to {max(ratio):.1f}× (median {statistics.median(ratio):.1f}×).",
            ]
        for title, key in (("trivial page", "trivial_bursts"), (args.burst_page, "page_bursts")):
            lines += [
                "",
                f"### Users clicking at once on {title} (ms each user waits, median / p95)",
                "",
                header,
                rule,
            ]
            for users in BURSTS:
                values = [getattr(rows[k], key)[users] for k in kinds]
                lines.append(f"| {users} | " + " | ".join(f"{m:.0f} / {p:.0f}" for m, p in values) + " |")
        lines += [
            "",
            f"### Server memory (RSS, MB) with open sessions on {args.memory_page}",
            "",
            header,
            rule,
        ]
        for count in MEMORY_POINTS:
            lines.append(
                f"| {count} | " + " | ".join(f"{rows[k].memory_mb[count]:.0f}" for k in kinds) + " |"
            )
        per_session = [
            (rows[k].memory_mb[MEMORY_POINTS[-1]] - rows[k].memory_mb[1]) / (MEMORY_POINTS[-1] - 1)
            for k in kinds
        ]
        lines.append("| MB per session (1→25) | " + " | ".join(f"{v:.2f}" for v in per_session) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        help="a database with the demo's proposals (default: the demo at 10 k scores, made here)",
    )
    parser.add_argument(
        "--large-database-url", help="a large one (default: 2 M scores made by bench/server_seed.py)"
    )
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--kinds", default="default,dev,server")
    parser.add_argument("--reruns", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burst-page", default="compare?proposal=2&som=-1")
    parser.add_argument("--memory-page", default="discussion?proposal=2&som=-1")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS-server.md")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; choose from {sorted(KINDS)}")

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="kk-bench-server-"))
    databases: list[tuple[str, str]] = []
    for label, given, scores in (
        ("10 k scores", args.database_url, 10_000),
        ("2 M scores", args.large_database_url, 2_000_000),
    ):
        if label.startswith("2 M") and args.skip_large:
            continue
        if not given:
            path = workdir / f"{scores}.db"
            subprocess.run(
                [sys.executable, "-m", "bench.server_seed", "--scores", str(scores), "-o", str(path)],
                cwd=ROOT,
                check=True,
            )
            given = f"sqlite:///{path}"
        else:
            label = f"{label} ({given.split('://')[0]})"
        databases.append((label, given))

    log = workdir / "servers.log"
    results = []
    for label, url in databases:
        print(f"{label}:", flush=True)
        for kind in kinds:
            results.append(measure(kind, label, url, args, log))
    text = report(results, args, time.perf_counter() - started)
    print(text)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"written to {args.output}; server output in {log}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
