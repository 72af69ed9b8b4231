"""Take screenshots of a running Kernekompas, as a user sees it, with Debian's Chromium.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8501 docs/screenshots [page-path ...]

Each page path is a URL path such as ``/`` or ``/scoring?proposal=3``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

try:
    from scripts.browser import CHROMIUM, CHROMIUM_ARGS, act_as, wait_until_idle
except ImportError:  # run as a file: python scripts/screenshots.py
    from browser import CHROMIUM, CHROMIUM_ARGS, act_as, wait_until_idle  # type: ignore[no-redef]


def main(base_url: str, folder: str, paths: list[str]) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        for path in paths or ["/"]:
            page.goto(base_url.rstrip("/") + path)
            wait_until_idle(page)
            if page.locator('[class~="st-key-app-person"]').count():  # local mode starts with nobody
                act_as(page, "Lokal opsætning")
            name = path.strip("/").split("?")[0].replace("/", "_") or "overview"
            page.screenshot(path=str(out / f"{name}.png"), full_page=False)
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
