"""The server's memory per open session, in the large municipality on SQLite.

    python -m bench.memory                    # 10 sessions on the Drøftelse screen
    python -m bench.memory --sessions 10 --screen discussion

Starts ``streamlit run app.py`` on a free port with ``DATABASE_URL`` at the large SQLite
database (``bench.databases``), opens browser tabs (Playwright with Debian's Chromium; each tab
is a session of its own) on a per-proposal screen with ``?proposal=ID``, and reads the server
process's resident memory (RSS, psutil) with 0, 1 and N sessions open. The first session also
pays for what every server loads once (the screens' imports, the engine, the rubric), so the
figure per session is the growth from 1 to N sessions divided by N − 1. Target of issue 6: under
30 MB per session with 10 open.
"""

from __future__ import annotations

import argparse
import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence

import psutil

from bench.databases import sqlite_database
from bench.seed import typical_proposals
from storage.engine import REPO_ROOT

TARGET_MB = 30.0
SCREENS = {"discussion": "discussion", "compare": "discussion", "decision": "decided"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_health(port: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server on port {port} did not become healthy in {timeout:.0f} s")


def _rss_mb(process: psutil.Process, settle: float) -> float:
    """Resident memory after the server has had ``settle`` seconds to finish its work."""
    time.sleep(settle)
    return float(process.memory_info().rss) / 2**20


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--screen", choices=list(SCREENS), default="discussion")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait before reading RSS")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from scripts.browser import CHROMIUM, CHROMIUM_ARGS, wait_until_idle

    url = sqlite_database("large")
    proposal = typical_proposals(url)[SCREENS[args.screen]]
    port = _free_port()
    environment = os.environ | {"DATABASE_URL": url}
    command = [
        str(REPO_ROOT / ".venv" / "bin" / "streamlit"),
        "run",
        str(REPO_ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL)
    readings: dict[int, float] = {}
    try:
        _wait_for_health(port)
        process = psutil.Process(server.pid)
        readings[0] = _rss_mb(process, args.settle)
        address = f"http://127.0.0.1:{port}/{args.screen}?proposal={proposal}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                pages = []
                for number in range(1, args.sessions + 1):
                    page = context.new_page()
                    page.goto(address, timeout=120_000)
                    wait_until_idle(page, timeout_ms=120_000)
                    pages.append(page)
                    if number in (1, args.sessions):
                        gc.collect()
                        readings[number] = _rss_mb(process, args.settle)
                    print(f"  {number} session(s) open", file=sys.stderr, flush=True)
            finally:
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    first = readings[1] - readings[0]
    per_session = (readings[args.sessions] - readings[1]) / max(1, args.sessions - 1)
    verdict = "PASS" if per_session < TARGET_MB else "FAIL"
    print(f"### Server memory, {args.screen} screen of proposal {proposal} (large municipality, SQLite)")
    print()
    print("| sessions open | server RSS (MB) |")
    print("| ---: | ---: |")
    for sessions, rss in readings.items():
        print(f"| {sessions} | {rss:.0f} |")
    print()
    print(
        f"First session: +{first:.0f} MB (includes what the server loads once). "
        f"Each further session: {per_session:.1f} MB ({verdict}: target < {TARGET_MB:.0f} MB)."
    )
    return 0 if per_session < TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
