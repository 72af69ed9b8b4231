"""Vurdering as a rater waits for it: Debian's Chromium on the shipped server, small and large municipality.

    python -m bench.scoring_browser                # both sizes, 15 clicks of each kind
    python -m bench.scoring_browser --size large --clicks 21

For each size (``bench.databases``: about 10 k and 2.5 M scores, SQLite) the shipped server
(``python -m server``) serves the seeded municipality, and Playwright drives Debian's Chromium
(never a downloaded browser) as a rater on the panel of the newest proposal in blind scoring,
signed in as in production (OpenID Connect, through the mock provider the browser tests use).
``--local`` uses local mode instead, whose sidebar offers every one of the municipality's 2,473
people to act as on every run: a trial set-up, not how a municipality runs it. Each figure is *click to settled*: from the pointer going down to the end of the script
run the click started (the whole page, or the question pane's fragment) plus two animation frames,
timed inside the page (scripts/settle.py). Measured:

* **opening Vurdering** from Overblik by the sidebar link (the whole screen is drawn);
* **answering**: choosing another level of one question for one option (saved as the rater's
  draft at once; only the question pane reruns);
* **next question** (the pane shows the next question);
* Kerneopgaver opened the same way, as a reference for what any screen costs.

Target (issue 13): opening and answering at most 300 ms median with 2 M scores. Medians and ranges
in milliseconds; the machine's load average is printed, since the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path

from playwright.sync_api import Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.databases import SIZES, sqlite_database, sqlite_path
from bench.seed import rater_on_panel, score_count, typical_proposals
from scripts.browser import CHROMIUM, CHROMIUM_ARGS, by_key, wait_until_idle
from scripts.settle import ScriptRuns, settled_after
from tests.e2e.oidc import sign_in, write_secrets
from tests.e2e.servers import free_port, mock_sign_in_provider, running_app

TARGET_MS = 300


@contextmanager
def served(database_url: str, *, local: bool) -> Iterator[str]:
    """The shipped server on the database, signed in through the mock provider unless ``local``."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if local:
            with running_app(folder, sqlite_path(database_url)) as url:
                yield url
            return
        with mock_sign_in_provider(folder) as provider:
            port = free_port()
            secrets = write_secrets(
                folder / "secrets.toml", app_url=f"http://127.0.0.1:{port}", provider_url=provider
            )
            options = ["--secrets.files", str(secrets)]
            with running_app(folder, sqlite_path(database_url), port=port, options=options) as url:
                yield url


def email_of(database_url: str, person_id: int) -> str:
    from storage.engine import make_engine
    from storage.repository import SqlUnitOfWork

    engine = make_engine(database_url)
    try:
        with SqlUnitOfWork(engine).read() as repo:
            person = repo.get_person(person_id)
        if person is None:
            raise LookupError(f"person {person_id} is not in the database")
        return person.email
    finally:
        engine.dispose()


def open_scoring(page: Page, *, url: str, local: bool, email: str, proposal: int, rater: int) -> None:
    """Sign in (or, in local mode, act as the rater) and open Vurdering on the proposal."""
    if local:
        page.goto(f"{url}/scoring?proposal={proposal}&som={rater}")
        wait_until_idle(page)
    else:
        sign_in(page, url, email)  # the provider sends the browser back to the overview
        page.goto(f"{url}/scoring?proposal={proposal}")
        wait_until_idle(page)


def _sidebar_link(page: Page, title: str) -> Locator:
    return page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first


def _radios(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"] [data-testid="stRadio"]')


def _another_level(page: Page, question: int) -> Callable[[], None]:
    """A click on a level other than the one chosen now, so every click changes the draft."""
    group = _radios(page).nth(question)
    levels = group.locator("[role=radiogroup] label")
    checked = group.locator("input").evaluate_all("inputs => inputs.findIndex(input => input.checked)")
    return levels.nth((checked + 1) % levels.count()).click


def measure(url: str, enter: Callable[[Page], None], clicks: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"opening Vurdering": [], "answering": [], "next question": []}
    figures["opening Kerneopgaver (reference)"] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="da-DK")
        page.set_default_timeout(60_000)
        runs = ScriptRuns(page)
        enter(page)  # on the scoring screen, with the typical proposal in hand
        with suppress(PlaywrightTimeout):  # a screen without a question is reported below
            _radios(page).first.wait_for(timeout=30_000)
        if not _radios(page).count():
            page.screenshot(path=f"{tempfile.gettempdir()}/scoring-browser-failed.png", full_page=True)
            raise RuntimeError("the scoring screen showed no question for the rater on the panel")
        for _ in range(2):  # warm-up: the first runs load what every later run reuses
            _sidebar_link(page, "Overblik").click()
            wait_until_idle(page)
            _sidebar_link(page, "Vurdering").click()
            wait_until_idle(page)
        _sidebar_link(page, "Overblik").click()
        wait_until_idle(page)
        for _ in range(clicks):
            figures["opening Vurdering"].append(
                settled_after(page, runs, _sidebar_link(page, "Vurdering").click)
            )
            wait_until_idle(page)
            _radios(page).first.wait_for()
            for _ in range(2):
                questions = _radios(page).count()
                for question in range(min(questions, 2)):
                    figures["answering"].append(settled_after(page, runs, _another_level(page, question)))
                    page.wait_for_timeout(150)
            next_button = by_key(page, "score.next").locator("button")
            figures["next question"].append(settled_after(page, runs, next_button.click))
            wait_until_idle(page)
            figures["opening Kerneopgaver (reference)"].append(
                settled_after(page, runs, _sidebar_link(page, "Kerneopgaver").click)
            )
            wait_until_idle(page)
            _sidebar_link(page, "Overblik").click()
            wait_until_idle(page)
        browser.close()
    return figures


def table(size: str, scores: int, figures: dict[str, list[float]]) -> str:
    lines = [
        f"### {size} ({scores:,} scores)".replace(",", "\N{NO-BREAK SPACE}"),
        "",
        "| click to settled | median ms | range ms | clicks | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for what, values in figures.items():
        median = statistics.median(values)
        target = ""
        if what in ("opening Vurdering", "answering"):
            target = f"≤ {TARGET_MS} ms: {'PASS' if median <= TARGET_MS else 'FAIL'}"
        lines.append(
            f"| {what} | {median:.0f} | {min(values):.0f}–{max(values):.0f} | {len(values)} | {target} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scoring_browser", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--size", choices=(*SIZES, "both"), default="both")
    parser.add_argument("--clicks", type=int, default=15, help="rounds of clicks per size (15)")
    parser.add_argument("--local", action="store_true", help="local mode instead of signing in")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: apt-get install chromium")
    sizes = list(SIZES) if args.size == "both" else [args.size]
    failed = False
    for size in sizes:
        database_url = sqlite_database(size)
        proposal = typical_proposals(database_url)["scoring"]
        rater = rater_on_panel(database_url, proposal)
        email = email_of(database_url, rater)
        with served(database_url, local=args.local) as url:
            enter = partial(
                open_scoring, url=url, local=args.local, email=email, proposal=proposal, rater=rater
            )
            load_before = os.getloadavg()
            figures = measure(url, enter, args.clicks)
        mode = "local mode" if args.local else "signed in"
        print(table(f"{size} municipality, {mode}", score_count(database_url), figures))
        print(
            f"\nload average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} (1 min; {os.cpu_count()} cores)\n"
        )
        failed = failed or any(
            statistics.median(figures[what]) > TARGET_MS for what in ("opening Vurdering", "answering")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
