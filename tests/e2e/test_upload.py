"""Uploading a rubric file on Administration, on the shipped server: the file goes through
Streamlit's XSRF-checked upload route of ``python -m server``, is checked, stored, and listed.

A file of the wrong type or too large is refused by the app itself, in Danish, beside the upload
field (issue 16): Streamlit's own refusal would be English, hidden behind a red icon.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessment.kernel.rubric_loading import MAX_RUBRIC_BYTES
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


def test_an_administrator_uploads_a_rubric_and_sees_it_listed(page: Page, tmp_path: Path) -> None:
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


def _open_rubrics(page: Page) -> None:
    act_as(page, "Henrik Holm")
    go_to(page, "Administration")
    page.locator('[data-testid="stMain"]').get_by_role("tab", name="Vurderingsskemaer").click()
    wait_until_idle(page)


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        pytest.param(
            "referat.pdf",
            b"%PDF-1.4 not a rubric",
            "Filen »referat.pdf« kan ikke bruges: et vurderingsskema er en tekstfil, hvis navn ender på .toml.",
            id="wrong_type",
        ),
        pytest.param(
            "kort.toml.txt",
            b"schema_version = 1\n",
            "Filen »kort.toml.txt« kan ikke bruges: programmet, der gemte den, har sat .txt på navnet.",
            id="saved_as_txt",
        ),
        pytest.param(
            "stor.toml",
            b"#" * (MAX_RUBRIC_BYTES + 1024),
            "Filen »stor.toml« fylder 257 KB; en fil med et vurderingsskema må højst fylde 256 KB.",
            id="too_big",
        ),
    ],
)
def test_a_wrong_file_is_refused_in_danish_beside_the_upload_field(
    page: Page, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    _open_rubrics(page)
    main = page.locator('[data-testid="stMain"]')
    # The field states the rule before anything is chosen.
    expect(main.get_by_text("Fil med vurderingsskema (.toml, højst 256 KB)")).to_be_visible()
    path = tmp_path / name
    path.write_bytes(content)

    by_key(page, "admin.rubric.upload").locator('input[type="file"]').set_input_files(path)
    wait_until_idle(page)

    refusal = main.locator('[data-testid="stAlertContentError"]').filter(has_text=said)
    expect(refusal).to_be_visible()
    expect(by_key(page, "admin.rubric.store").locator("button")).to_be_disabled()
    # Streamlit's own refusal (English, behind an icon on the file's row) never appears.
    uploader = by_key(page, "admin.rubric.upload")
    expect(uploader.get_by_text(re.compile("not allowed|or smaller"))).to_have_count(0)
    expect(uploader.locator('[data-testid="stFileUploaderFileErrorMessage"]')).to_have_count(0)


def test_a_toml_slip_is_explained_in_danish_with_its_line(page: Page, tmp_path: Path) -> None:
    _open_rubrics(page)
    path = _rubric_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('version = "')].count("\n") + 1
    path.write_text(re.sub(r'(?m)^(version = "[^"]*)"$', r"\1", text, count=1), encoding="utf-8")

    by_key(page, "admin.rubric.upload").locator('input[type="file"]').set_input_files(path)
    wait_until_idle(page)
    by_key(page, "admin.rubric.store").locator("button").click()
    wait_until_idle(page)

    refusal = page.locator('[data-testid="stMain"] [data-testid="stAlertContentError"]')
    expect(refusal).to_contain_text(f"filen er ikke gyldig TOML i linje {line}, kolonne")
    expect(refusal).to_contain_text('der mangler et anførselstegn (") til sidst i teksten på denne linje')
    expect(refusal).to_contain_text("Der blev ikke gemt noget.")
    expect(refusal).not_to_contain_text("Illegal")
