"""Screenshots of every screen with the demo data, as the README shows them.

    .venv/bin/python scripts/tour.py http://127.0.0.1:8501 docs/screenshots

Run it against a fresh demo database (``make clean-db run``): it opens each screen as the
person who would use it, at 1366×768, the size of a meeting-room projector.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

try:
    from scripts.browser import CHROMIUM, CHROMIUM_ARGS, act_as, choose_language, go_to, pick, wait_until_idle
except ImportError:  # run as a file: python scripts/tour.py
    from browser import (  # type: ignore[no-redef]
        CHROMIUM,
        CHROMIUM_ARGS,
        act_as,
        choose_language,
        go_to,
        pick,
        wait_until_idle,
    )

SCORING = "Faste makkerpar"
DISCUSSION = "Hverdagsrehabilitering"
DECIDED = "Lærere og pædagoger"

# (file name, person, screen title in the sidebar, proposal picker key and title or None)
TOUR = [
    ("01-overblik", "Birgitte Lund", "Overblik", None),
    ("02-forslag", "Birgitte Lund", "Forslag", None),
    ("03-vurdering", "Fatima Hassan", "Vurdering", ("score.proposal", SCORING)),
    ("04-droeftelse", "Birgitte Lund", "Drøftelse", ("discussion.proposal", DISCUSSION)),
    ("05-sammenlign", "Birgitte Lund", "Sammenlign", ("compare.proposal", DISCUSSION)),
    ("06-beslutning", "Susanne Dahl", "Beslutning", ("decision.proposal", DECIDED)),
    ("07-kerneopgaver", "Birgitte Lund", "Kerneopgaver", None),
    ("08-administration", "Henrik Holm", "Administration", None),
]


def shoot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"))
    print(folder / f"{name}.png")


def main(base_url: str, folder_name: str) -> None:
    folder = Path(folder_name)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(20_000)
        page.goto(base_url)
        wait_until_idle(page)
        for name, person, screen, proposal in TOUR:
            act_as(page, person)
            go_to(page, screen)
            if proposal is not None:
                pick(page, *proposal)
            shoot(page, folder, name)
        choose_language(page, "en")
        act_as(page, "Birgitte Lund")
        go_to(page, "Discussion")
        pick(page, "discussion.proposal", DISCUSSION)
        shoot(page, folder, "09-discussion-english")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
