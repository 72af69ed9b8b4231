"""Uploading a rubric file on Administration, on the shipped server: the file goes through
Streamlit's XSRF-checked upload route of ``python -m server``, is checked, stored, and listed."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from scripts.browser import act_as, by_key, go_to, wait_until_idle

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Kort vurdering, prøveupload"
VERSION = re.search(r'(?m)^version = "(.+)"$', (ROOT / "rubrics" / "kort.toml").read_text(encoding="utf-8"))


def _rubric_file(folder: Path) -> Path:
    """The shipped short rubric under an id and title of its own, so it is new to the demo."""
    text = (ROOT / "rubrics" / "kort.toml").read_text(encoding="utf-8")
    text, ids = re.subn(r'(?m)^id = "kort"$', 'id = "kort_upload"', text)
    text, titles = re.subn(r'(?m)^title\.da = ".*"$', f'title.da = "{TITLE}"', text)
    assert ids == 1 and titles == 1, "rubrics/kort.toml changed shape: update this test"
    path = folder / "kort_upload.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_administrator_uploads_a_rubric_and_sees_it_listed(page: Page, tmp_path: Path):
    act_as(page, "Henrik Holm")
    go_to(page, "Administration")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("tab", name="Vurderingsskemaer").click()
    wait_until_idle(page)

    by_key(page, "admin.rubric.upload").locator('input[type="file"]').set_input_files(_rubric_file(tmp_path))
    wait_until_idle(page)
    store = by_key(page, "admin.rubric.store").locator("button")
    expect(store).to_be_enabled()
    store.click()
    wait_until_idle(page)

    assert VERSION is not None, "rubrics/kort.toml has no version line: update this test"
    version = VERSION.group(1)
    expect(main.get_by_text(f"Vurderingsskemaet kort_upload version {version} er gemt.")).to_be_visible()
    # The stored rubric is listed in the table, chosen for reading and shown.
    chosen = by_key(page, "admin.rubric.view").locator('[role="combobox"]').first
    expect(chosen).to_have_value(re.compile(re.escape(f"{TITLE} (kort_upload {version})")))
    expect(main.locator("strong").filter(has_text=TITLE)).to_be_visible()
    expect(main.locator('[role="gridcell"]').filter(has_text=TITLE)).to_have_count(1)  # the table of rubrics
