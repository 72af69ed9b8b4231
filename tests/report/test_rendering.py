"""The exports as a reader sees them: pages rendered and read back, word by word.

* No word is broken by a line break inside a table cell: the PDF (fpdf2) and the Word document
  (converted by LibreOffice, as a MED member opens it) are read back with ``pdftotext -bbox``, and
  every word on the pages must be a word of the summary: a fragment such as "gennemførlighe" or
  "(SHA-" is not. A break after a hyphen in a compound ("MED-|udvalg") is a real break point; a
  code as long as a line (a hash) may wrap anywhere.
* No heading is left alone at the bottom of a page.
* Every axis label of every document chart is whole: wrapped by us, never cut by Vega
  (``labelLimit``), no "…" in the drawing, and nothing drawn up to the image's edge.
* Markdown's heading levels never jump; Word's package names Kernekompas and has no blank
  thumbnail; a square chart does not fill a page; the workbook's header row shows its headers
  whole, dates are date cells, and the criteria sheet lists only what the rubric asks per option.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image as PILImage

from assessment.kernel.i18n import Translator
from assessment.kernel.rubric import BaselineRule, Scope
from assessment.summary import export_summary
from demo.data import load_demo
from report import charts
from report.export import outcome_charts, render_charts, to_docx, to_markdown, to_pdf, to_xlsx
from report.export.fit import LONG_CODE, column_widths, consecutive_headings, estimated_width
from report.export.layout import Heading, Table, blocks
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests.assessment.test_summary import walk_texts
from tests.support import proposal_owner
from tests.tools import LIBREOFFICE, POPPLER

DA, EN = Translator("da"), Translator("en")
PUNCTUATION = "*()[]«»\"“”'‘’,.:;!?–—-…/·✓ \u2011"


@pytest.fixture(scope="module")
def demo_uow(tmp_path_factory: pytest.TempPathFactory):
    url = f"sqlite:///{tmp_path_factory.mktemp('rendering') / 'kernekompas.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    try:
        yield uow, load_demo(uow).proposal_ids
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def decided(demo_uow):
    """The demo's decided proposal: its summary, comparison and charts, in Danish and English."""
    uow, proposal_ids = demo_uow
    proposal_id = proposal_ids["C"]
    made = {}
    for translator in (DA, EN):
        read = export_summary(uow, proposal_id, translator, actor=proposal_owner(uow, proposal_id))
        made[translator.language] = (read, render_charts(read.comparison, translator, scale=1.0))
    return made


@pytest.fixture(scope="module")
def followed_up(demo_uow):
    """The demo's followed-up proposal in Danish: its follow-up has tables of indicators, dimensions and
    questions, and their charts."""
    uow, proposal_ids = demo_uow
    proposal_id = proposal_ids["D"]
    read = export_summary(uow, proposal_id, DA, actor=proposal_owner(uow, proposal_id))
    assert read.summary.follow_up.indicators and read.summary.follow_up.dimensions
    return read, [*render_charts(read.comparison, DA, scale=1.0), *outcome_charts(read.summary, DA)]


# Words on the page -----------------------------------------------------------------------------------


def _page_words(pdf: bytes, tmp_path: Path) -> list[tuple[int, float, float, str, float]]:
    """(page, top, bottom, word, left) of every word on every page, as pdftotext reads them."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [POPPLER.need()["pdftotext"], "-bbox", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    page, found = 0, []
    for line in out.splitlines():
        if line.lstrip().startswith("<page"):
            page += 1
        word = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', line)
        if word:
            found.append((page, float(word[2]), float(word[3]), html.unescape(word[4]), float(word[1])))
    return found


def _bare(word: str) -> str:
    return word.replace("\u2011", "-").strip(PUNCTUATION).lower()


def _vocabulary(texts: Iterator[str]) -> tuple[set[str], list[str]]:
    """Every word of the texts, and the parts of a hyphenated word; and the codes that may wrap."""
    words: set[str] = set()
    codes: list[str] = []
    for text in texts:
        for word in text.split():
            words.add(_bare(word))
            # after a hyphen in a compound, not in a code or number ("SHA-|256" is no break point)
            words.update(_bare(part) for part in re.split(r"(?<=-)(?!\d)", word))
            if len(word) >= LONG_CODE:
                codes.append(_bare(word))
    return words, codes


def _broken_words(pdf: bytes, summary, captions, tmp_path: Path) -> list[tuple[int, str]]:
    texts = [*walk_texts(summary), *captions, *(b.text for b in blocks(summary) if isinstance(b, Heading))]
    for block in blocks(summary):
        texts.extend(walk_texts(block))
    texts.extend(["Side", "af", "Page", "of", summary.document_title.upper()])
    words, codes = _vocabulary(iter(texts))
    return [
        (page, word)
        for page, _top, _bottom, word, _left in _page_words(pdf, tmp_path)
        if (bare := _bare(word))
        and bare not in words
        and not bare.isdigit()
        and not any(bare in code for code in codes)
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_word_is_broken_in_the_pdf(decided, language, tmp_path):
    read, images = decided[language]
    pdf = to_pdf(read.summary, images)
    assert _broken_words(pdf, read.summary, [i.caption for i in images], tmp_path) == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_word_is_broken_in_the_word_document_as_libreoffice_prints_it(decided, language, tmp_path):
    read, images = decided[language]
    pdf = _libreoffice_pdf(to_docx(read.summary, images), tmp_path)
    assert _broken_words(pdf, read.summary, [i.caption for i in images], tmp_path) == []


def test_no_word_is_broken_in_the_follow_up_tables_of_either_document(followed_up, tmp_path):
    read, images = followed_up
    captions = [i.caption for i in images]
    assert _broken_words(to_pdf(read.summary, images), read.summary, captions, tmp_path) == []
    pdf = _libreoffice_pdf(to_docx(read.summary, images), tmp_path)
    assert _broken_words(pdf, read.summary, captions, tmp_path) == []


def _libreoffice_pdf(docx: bytes, tmp_path: Path) -> bytes:
    soffice = LIBREOFFICE.path()
    source = tmp_path / "summary.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            *(soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless"),
            *("--convert-to", "pdf", "--outdir", str(tmp_path), str(source)),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return (tmp_path / "summary.pdf").read_bytes()


def test_every_column_is_at_least_as_wide_as_its_longest_word():
    table = Table(
        ("Handlemulighed", "Gennemførlighed", "Arbejdsmiljøet", "Samarbejdet", "Borgerne", "Økonomien"),
        (("Faste årgangsteams", "Lidt bedre", "Ingen forskel", "Klart bedre", "Lidt bedre", "Uafklaret"),),
        (1.6, 1.0, 1.0, 1.0, 1.0, 1.0),
        small=True,
    )
    measure = lambda text, bold: estimated_width(text, 8, bold=bold) * 25.4 / 72  # noqa: E731
    widths = column_widths(table, 170.0, measure, 3.0)
    assert sum(widths) == pytest.approx(170.0)
    for column, header in enumerate(table.header):
        assert widths[column] >= measure(header, True) + 3.0, header


# Headings -----------------------------------------------------------------------------------------------


def _stranded_headings(pdf: bytes, summary, tmp_path: Path) -> list[str]:
    """Headings whose text is the last thing on a page (page header and footer left out).

    A heading starts at the left margin: a centred chart caption with a heading's words ("Borgerinddragelse"
    under the involvement chart) is no heading.
    """
    headings = {" ".join(b.text.split()) for b in blocks(summary) if isinstance(b, Heading) and b.level > 0}
    lines: dict[int, dict[float, list[tuple[float, str]]]] = {}
    words = _page_words(pdf, tmp_path)
    margin = min(left for _page, top, _bottom, _word, left in words if 60 < top < 790)
    for page, top, _bottom, word, left in words:
        lines.setdefault(page, {}).setdefault(round(top), []).append((left, word))
    stranded = []
    for page, by_top in lines.items():
        body = [
            (min(left for left, _word in found) < margin + 2, " ".join(word for _left, word in found))
            for top, found in sorted(by_top.items())
            if 60 < top < 790
        ]
        # The last line of the page, and the one before it, for a heading of two lines.
        for end in (body[-1:], body[-2:]):
            text = " ".join(line for _at_margin, line in end)
            if text in headings and all(at_margin for at_margin, _line in end) and page < len(lines):
                stranded.append(text)
    return stranded


def test_no_heading_is_left_alone_at_the_bottom_of_a_pdf_page(decided, tmp_path):
    read, images = decided["da"]
    assert _stranded_headings(to_pdf(read.summary, images), read.summary, tmp_path) == []


def test_no_heading_is_left_alone_at_the_bottom_of_a_word_page(decided, tmp_path):
    read, images = decided["da"]
    pdf = _libreoffice_pdf(to_docx(read.summary, images), tmp_path)
    assert _stranded_headings(pdf, read.summary, tmp_path) == []


def test_no_heading_is_left_alone_at_the_bottom_of_a_page_of_the_follow_up(followed_up, tmp_path):
    read, images = followed_up
    assert _stranded_headings(to_pdf(read.summary, images), read.summary, tmp_path) == []
    pdf = _libreoffice_pdf(to_docx(read.summary, images), tmp_path)
    assert _stranded_headings(pdf, read.summary, tmp_path) == []


def test_markdown_heading_levels_never_jump(decided):
    read, _images = decided["da"]
    levels = [len(m[1]) for m in re.finditer(r"^(#+) ", to_markdown(read.summary), re.MULTILINE)]
    assert levels[0] == 1
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert jumps == []


def test_consecutive_headings_keeps_siblings_at_one_level():
    found = [
        b.level
        for b in consecutive_headings([Heading(1, "a"), Heading(3, "b"), Heading(3, "c"), Heading(1, "d")])
        if isinstance(b, Heading)
    ]
    assert found == [1, 2, 2, 1]


# Charts ----------------------------------------------------------------------------------------------


def _axes(value: object) -> Iterator[dict]:
    if isinstance(value, dict):
        if "labelExpr" in value and "orient" not in value.get("legend", {}):
            yield value
        for item in value.values():
            yield from _axes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _axes(item)


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_axis_label_of_a_document_chart_is_whole(decided, language):
    read, _images = decided[language]
    translator = Translator(language)
    for found in charts.document_charts(read.comparison, translator):
        spec = charts.specification(found.chart)
        for axis in _axes(spec):
            if "gradientLength" in axis:  # a legend of a colour scale, not an axis
                continue
            assert axis.get("labelLimit") == 0, (found.caption, axis)
        svg = __import__("vl_convert").vegalite_to_svg(json.dumps(spec))
        drawn = [  # a label of several lines is one <text> with a <tspan> per line
            html.unescape(re.sub(r"<[^>]+>", " ", t)).strip()
            for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
        ]
        assert not [t for t in drawn if t.endswith("…")], found.caption
        words = {w for t in drawn for w in t.split()}
        for option in read.summary.options.options:  # every word of every option's title is drawn
            assert set(option.title.split()) <= words, (found.caption, option.title)


@pytest.mark.parametrize("language", ["da", "en"])
def test_nothing_is_drawn_up_to_the_edge_of_a_chart_image(decided, language):
    """A label cut by the image's edge ("Samskabels") leaves ink in its outermost pixels."""
    _read, images = decided[language]
    for image in images:
        picture = PILImage.open(io.BytesIO(image.png)).convert("L")
        width, height = picture.size
        edges = [
            *(picture.getpixel((x, y)) for x in (0, width - 1) for y in range(height)),
            *(picture.getpixel((x, y)) for y in (0, height - 1) for x in range(width)),
        ]
        assert min(edges) > 240, image.caption


# Word's package and images -----------------------------------------------------------------------------


def test_the_word_package_names_kernekompas_and_has_no_blank_thumbnail(decided):
    read, images = decided["da"]
    package = zipfile.ZipFile(io.BytesIO(to_docx(read.summary, images)))
    app = package.read("docProps/app.xml").decode()
    assert "<Application>Kernekompas</Application>" in app
    assert "Microsoft" not in app and "<Pages>" not in app
    assert not [name for name in package.namelist() if "thumbnail" in name]
    assert "thumbnail" not in package.read("_rels/.rels").decode()


def test_a_square_chart_does_not_fill_a_word_page(decided):
    read, images = decided["da"]
    document = Document(io.BytesIO(to_docx(read.summary, images)))
    shapes = {shape._inline.docPr.get("descr"): shape for shape in document.inline_shapes}
    square = shapes[DA("Value for the citizen and for society")]
    profile = shapes[DA("The profile per dimension")]
    assert square.width < 0.8 * profile.width
    assert all(shape.height.cm <= 19.0 for shape in shapes.values())


# The workbook ----------------------------------------------------------------------------------------


def test_the_workbook_shows_its_headers_whole_and_its_dates_as_dates(decided):
    read, _images = decided["da"]
    workbook = load_workbook(io.BytesIO(to_xlsx(read.summary, read.comparison.rubric)))
    options = workbook[DA("Options")]
    header = [cell.value for cell in options[1]]
    assert DA("Rank") not in header
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            letter = cell.column_letter
            width = sheet.column_dimensions[letter].width
            assert max(len(word) for word in str(cell.value).split()) + 2 <= width, (sheet.title, cell.value)
        lines = max(
            len(str(c.value)) // max(1, int(sheet.column_dimensions[c.column_letter].width - 2)) + 1
            for c in sheet[1]
        )
        assert (sheet.row_dimensions[1].height or 15) >= 15 * lines, sheet.title
    summary_sheet = workbook[DA("Summary")]
    dates = [row[2] for row in summary_sheet.iter_rows(min_row=2) if row[1].value == DA("Decided")]
    assert any(cell.is_date and cell.number_format == "dd.mm.yyyy" for cell in dates)
    assert not [
        row[2].value
        for row in summary_sheet.iter_rows(min_row=2)
        if isinstance(row[2].value, str) and re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", row[2].value)
    ]


def test_the_criteria_sheet_lists_what_the_rubric_asks_of_each_option(decided):
    read, _images = decided["da"]
    rubric = read.comparison.rubric
    workbook = load_workbook(io.BytesIO(to_xlsx(read.summary, rubric)))
    sheet = workbook[DA("Criteria")]
    header = [cell.value for cell in sheet[1]]
    fixed_column = header.index(DA("Fixed at no difference"))
    baseline = next(o.title for o in read.summary.options.options if o.is_baseline)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    for row in rows:
        option, key, count = row[0], row[2], row[5]
        assert rubric.scope_of(key) is Scope.OPTION, key  # no readiness question per option
        fixed = option == baseline and rubric.baseline_rule(key) is BaselineRule.NO_DIFFERENCE
        assert (row[fixed_column] == DA("Yes")) is fixed, (option, key)
        if fixed:
            assert count is None  # not rated: fixed by the rubric
    assert any(row[fixed_column] == DA("Yes") for row in rows)
