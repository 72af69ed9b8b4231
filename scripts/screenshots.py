"""Take screenshots of a running Kernekompas, as a user sees it, with Debian's Chromium.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8501 docs/screenshots [page-path ...]

Each page path is a URL path such as ``/`` or ``/scoring?proposal=3``. In local mode the page is
seen as the local set-up, or as the person ``?som=<person id>`` names (``/scoring?som=8``). A path
may start with ``name=`` to choose the file's name, and end with ``#text`` to scroll the element
showing just that text (else the first one containing it) to the top of the window first:

    03-vurdering=/scoring?som=8&proposal=3#Spørgsmål
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
        for argument in paths or ["/"]:
            name, _, path = ("", "", argument) if argument.startswith("/") else argument.partition("=")
            path, _, scroll_to = path.partition("#")
            page.goto(base_url.rstrip("/") + path)
            wait_until_idle(page)
            # Local mode starts with nobody, unless ?som= names the person.
            if page.locator('[class~="st-key-app-person"]').count() and "som=" not in path:
                act_as(page, "Lokal opsætning")
            if scroll_to:
                # A heading that is just this text, else the first element that contains it, is put
                # just below Streamlit's header, which covers the top 60 pixels of the window.
                target = page.get_by_text(scroll_to, exact=True)
                target = target if target.count() else page.get_by_text(scroll_to)
                target.first.evaluate(
                    "element => { element.style.scrollMarginTop = '64px'; element.scrollIntoView(); }"
                )
                page.wait_for_timeout(300)
            name = name or path.strip("/").split("?")[0].replace("/", "_") or "overview"
            page.screenshot(path=str(out / f"{name}.png"), full_page=False)
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
