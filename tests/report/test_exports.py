"""Every export of the decision summary, generated for the demo's proposals and read back.

Word: the section headings in order, real tables with header rows, a chart image, page numbers,
no person in the document properties. PDF: the key sections in the text (``pdftotext`` from
poppler-utils reads it). Excel and CSV: every score, and not one formula made from user text,
however hostile. Markdown: user text can become no link, image or HTML. And a pseudonymised
export holds no rater's name or e-mail address in any part of any file.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from assessment import scoring_sheet
from assessment.kernel.i18n import Translator
from assessment.outcome_rules import INDICATOR_STATE_LABELS, IndicatorState, expected_value, state_at
from assessment.summary import export_summary
from assessment.summary_model import DecisionSummary
from demo.content import PEOPLE
from demo.data import DemoSummary, load_demo
from report.export import (
    Format,
    export,
    outcome_charts,
    render_charts,
    to_csv,
    to_docx,
    to_markdown,
    to_pdf,
    to_xlsx,
)
from report.export.layout import FOLLOW_UP_PANEL, ChartImage, Heading, Image, Table, blocks
from report.export.safe import (
    CELL_LIMIT,
    FORMULA_TRIGGERS,
    SPREADSHEET_ERRORS,
    cell_text,
    markdown_text,
    neutralise,
    starts_formula,
)
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests.assessment.test_summary import (
    decide,
    office_mentions,
    revealed_proposal,
    section_headings,
    summary_of,
)
from tests.fakes import FakeUnitOfWork
from tests.support import Clock, CountingUnitOfWork, proposal_owner
from tests.tools import POPPLER

ROOT = Path(__file__).resolve().parents[2]
DA = Translator("da")
LABELS = ("C", "B")  # decided, and in discussion


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SqlUnitOfWork, DemoSummary]]:
    """The demo in a real SQLite file, loaded once through the use cases."""
    url = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'kernekompas.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    uow = SqlUnitOfWork(engine)
    try:
        yield url, uow, load_demo(uow)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def files(demo_db) -> dict[str, tuple[DecisionSummary, dict[Format, bytes]]]:
    """label → the summary and every format of it (the charts rendered once per proposal)."""
    _url, uow, loaded = demo_db
    made = {}
    for label in LABELS:
        proposal_id = loaded.proposal_ids[label]
        read = export_summary(uow, proposal_id, DA, actor=proposal_owner(uow, proposal_id))
        summary = read.summary
        charts = render_charts(read.comparison, DA, scale=1.0)
        made[label] = (
            summary,
            {
                Format.DOCX: to_docx(summary, charts),
                Format.PDF: to_pdf(summary, charts),
                Format.XLSX: to_xlsx(summary),
                Format.MD: to_markdown(summary).encode("utf-8"),
                Format.CSV: to_csv(summary),
            },
        )
    return made


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    pdftotext = POPPLER.need()["pdftotext"]
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def _pdf_info(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    pdfinfo = POPPLER.need()["pdfinfo"]
    return subprocess.run(
        [pdfinfo, "-enc", "UTF-8", str(path)], capture_output=True, check=True
    ).stdout.decode()


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Word ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", LABELS)
def test_the_word_document_has_every_section_heading_in_order(files, label):
    summary, made = files[label]
    document = Document(io.BytesIO(made[Format.DOCX]))
    levels = {
        level: [
            p.text for p in document.paragraphs if p.style is not None and p.style.name == f"Heading {level}"
        ]
        for level in (1, 2)
    }
    for name, heading in section_headings(summary):
        assert heading in levels[DecisionSummary.heading_level(name)], (name, heading)
    parts = [
        heading for name, heading in section_headings(summary) if DecisionSummary.heading_level(name) == 1
    ]
    assert levels[1] == parts
    titles = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Title"]
    assert titles == [summary.title]


@pytest.mark.parametrize("label", LABELS)
def test_the_word_document_has_tables_with_header_rows_and_a_chart(files, label):
    summary, made = files[label]
    document = Document(io.BytesIO(made[Format.DOCX]))
    body = list(document.element.body.iterchildren())
    # The first table follows the "status and dates" heading and holds the status.
    status_heading = next(
        i
        for i, element in enumerate(body)
        if element.tag == qn("w:p") and summary.status.heading in element.xpath("string(.)")
    )
    assert body[status_heading + 1].tag == qn("w:tbl")
    assert summary.status.facts[0].value in body[status_heading + 1].xpath("string(.)")  # the status
    # The profile table: a repeated header row, then the options in order.
    profile = next(t for t in document.tables if t.rows[0].cells[0].text == DA("Option"))
    assert profile.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert [row.cells[0].text.rstrip(" ✓") for row in profile.rows[1:]] == [
        o.title for o in summary.options.options
    ]
    assert len(document.tables) > 10  # the appendix's score tables
    assert len(document.inline_shapes) >= 2
    assert all(shape._inline.docPr.get("descr") for shape in document.inline_shapes)  # alt text


@pytest.mark.parametrize("label", LABELS)
def test_the_word_document_numbers_its_pages_and_names_no_author(files, label):
    summary, made = files[label]
    document = Document(io.BytesIO(made[Format.DOCX]))
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    properties = document.core_properties
    assert properties.author == properties.last_modified_by == "Kernekompas"
    assert properties.title == summary.title
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7  # A4


# PDF -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", LABELS)
def test_the_pdf_holds_the_key_sections(files, label, tmp_path):
    summary, made = files[label]
    assert made[Format.PDF].startswith(b"%PDF-")
    text = _one_line(_pdf_text(made[Format.PDF], tmp_path))
    position = 0
    for _name, heading in section_headings(summary):  # each heading after the one before it
        found = text.find(heading, position)
        assert found >= 0, f"{heading!r} is missing or out of order"
        position = found + len(heading)
    assert _one_line(summary.title) in text
    assert summary.dissent.text[:40] in text
    assert DA("Page {page} of {pages}", page=1, pages=2)[:4] in text
    info = _pdf_info(made[Format.PDF], tmp_path)
    assert "Author:          Kernekompas" in info and summary.title[:30] in info


# Spreadsheets ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", LABELS)
def test_the_workbook_holds_every_score_in_filterable_sheets(files, label):
    summary, made = files[label]
    workbook = load_workbook(io.BytesIO(made[Format.XLSX]))
    assert len(workbook.sheetnames) == 4
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    scores = workbook.worksheets[2]
    assert scores.max_row == len(summary.appendix.scores) + 1
    levels = [row[6] for row in scores.iter_rows(min_row=2, values_only=True)]
    assert {type(level) for level in levels} <= {int, type(None)}  # numbers, for Excel to count
    assert workbook.properties.creator == "Kernekompas"


@pytest.mark.parametrize("label", LABELS)
def test_the_csv_file_opens_in_danish_excel(files, label):
    summary, made = files[label]
    data = made[Format.CSV]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == len(summary.appendix.scores) + 1
    assert len({len(row) for row in rows}) == 1


# The profile first, the index last, in every format --------------------------------------------


def _profile_words(summary: DecisionSummary) -> list[str]:
    return [value.text for option in summary.options.options for value in option.profile]


@pytest.mark.parametrize("label", LABELS)
def test_every_format_shows_the_profile_in_words_before_the_index(files, label, tmp_path):
    summary, made = files[label]
    options = summary.options
    assert not any("%" in text for text in _profile_words(summary))  # the scales' own words, no percentages
    # Word: the profile table (no index column), then the index under its own heading.
    document = Document(io.BytesIO(made[Format.DOCX]))
    body = [element for element in document.element.body.iterchildren()]
    profile = next(t for t in document.tables if t.rows[0].cells[0].text == DA("Option"))
    assert [cell.text for cell in profile.rows[0].cells] == [DA("Option"), *options.dimensions]
    index_heading = next(
        i for i, element in enumerate(body) if element.xpath("string(.)") == options.index_heading
    )
    assert body.index(profile._tbl) < index_heading
    # Markdown: the same order.
    markdown = made[Format.MD].decode("utf-8")
    first_row = options.options[0].profile[0].text
    assert (
        0
        <= markdown.find(first_row)
        < markdown.find(options.index_heading)
        < markdown.find(options.robustness[:30])
    )
    # PDF: the same order.
    text = _one_line(_pdf_text(made[Format.PDF], tmp_path))
    profile_start = text.find(options.heading)
    first_row_word = options.options[0].title.split()[0]  # the narrow columns break long words
    assert 0 <= profile_start < text.find(first_row_word, profile_start) < text.find(options.index_heading)
    # Excel: the profile's words come before the index, which is a whole percentage.
    workbook = load_workbook(io.BytesIO(made[Format.XLSX]))
    sheet = workbook[DA("Options")]
    header = [cell.value for cell in sheet[1]]
    assert header.index(options.dimensions[-1]) < header.index(DA("Overall index"))
    index_cell = sheet.cell(row=2, column=header.index(DA("Overall index")) + 1)
    assert index_cell.number_format == "0%"
    sections = [row[0] for row in workbook[DA("Summary")].iter_rows(min_row=2, values_only=True)]
    assert sections.index(options.heading) < sections.index(options.index_heading)


# The citizens' voice, in every format -------------------------------------------------------------


def _every_text(summary: DecisionSummary, tmp_path: Path) -> dict[str, str]:
    """Format → all its text on one line (charts left out: they are images)."""
    document = Document(io.BytesIO(to_docx(summary)))
    word = [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ]
    workbook = load_workbook(io.BytesIO(to_xlsx(summary)))
    cells = [
        str(c) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c
    ]
    return {
        "docx": _one_line(" ".join(word)),
        "pdf": _one_line(_pdf_text(to_pdf(summary), tmp_path)),
        "md": _one_line(to_markdown(summary)),
        "xlsx": _one_line(" ".join(cells)),
    }


def test_every_format_lists_the_citizen_evidence(files, tmp_path):
    summary, _made = files["C"]
    voice = summary.citizen_voice
    assert voice.evidence and not voice.warning
    for fmt, text in _every_text(summary, tmp_path).items():
        assert voice.heading in text, fmt
        for fact in voice.evidence:
            assert fact.label in text and _one_line(fact.value)[:40] in text, (fmt, fact)


def test_every_format_flags_an_experienced_perspective_resting_on_nothing(tmp_path):
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(uow, clock)  # no citizen evidence recorded
    decide(uow, world, proposal, clock)
    summary = summary_of(uow, proposal.id or 0, DA)
    warning = summary.citizen_voice.warning
    assert warning.startswith("Der er ikke registreret noget om borgernes stemme")
    for fmt, text in _every_text(summary, tmp_path).items():
        # Said under the citizens' voice, and again among the points for the discussion.
        assert text.count(_one_line(warning)[:60]) >= 2, fmt


HOSTILE = ("=1+1", "+1", "@SUM(1)", "-2+3", '=HYPERLINK("http://x")', "\t=1+1", "\r=1+1")


@pytest.mark.parametrize("text", HOSTILE)
def test_the_neutraliser_defuses_every_formula_start(text):
    assert starts_formula(text)
    assert neutralise(text) == "'" + text
    assert not starts_formula(neutralise(text))
    assert neutralise("Helt almindelig tekst") == "Helt almindelig tekst"


@pytest.fixture(scope="module")
def hostile() -> DecisionSummary:
    """A proposal whose title, options, reasons and decision texts all look like formulas."""
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(
        uow,
        clock,
        title='=HYPERLINK("http://x")',
        option_titles=("=1+1", "+1", '=HYPERLINK("http://y")'),
        reasons=("@SUM(1)", "-2+3", "\t=1+1 kontrol\x07tegn [klik](http://x) <b>fed</b>"),
    )
    decide(uow, world, proposal, clock, dissent="=1+1", conditions="-2+3", indicators="@SUM(1)")
    return summary_of(uow, proposal.id or 0, DA)


def test_hostile_text_never_becomes_a_formula_in_the_workbook(hostile):
    workbook = load_workbook(io.BytesIO(to_xlsx(hostile)))
    values = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    values.add(cell.value)
                    if starts_formula(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix
    # Shown literally: exactly as written (the use cases trim a leading tab).
    assert {'=HYPERLINK("http://x")', '=HYPERLINK("http://y")', "=1+1", "+1", "@SUM(1)", "-2+3"} <= values


def test_hostile_text_is_neutralised_in_the_csv_file(hostile):
    rows = list(csv.reader(io.StringIO(to_csv(hostile).decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if cell.startswith("-"):
            int(cell)  # only our own numbers (levels) may start with a minus
        else:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
    assert {"'=1+1", "'+1", "'@SUM(1)", "'-2+3", '\'=HYPERLINK("http://y")'} <= set(cells)


def test_hostile_text_stays_text_in_word_pdf_and_markdown(hostile):
    document = Document(io.BytesIO(to_docx(hostile)))
    assert any(p.text == '=HYPERLINK("http://x")' for p in document.paragraphs)
    assert to_pdf(hostile).startswith(b"%PDF-")
    markdown = to_markdown(hostile)
    assert "[klik](" not in markdown and "<b>" not in markdown and "http://x" not in markdown
    assert "\x07" not in markdown


ERROR_VALUES = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")


def test_a_text_that_looks_like_an_error_value_stays_text_in_the_workbook():
    uow, clock = FakeUnitOfWork(), Clock()
    world, proposal = revealed_proposal(
        uow, clock, title="#NULL!", option_titles=("#N/A", "#DIV/0!"), reasons=("#VALUE!", "#REF!", "#NAME?")
    )
    decide(uow, world, proposal, clock, dissent="#NUM!", conditions="#n/a")
    summary = summary_of(uow, proposal.id or 0, DA)
    workbook = load_workbook(io.BytesIO(to_xlsx(summary)))
    shown = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "e", f"{sheet.title}!{cell.coordinate} is an error: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.upper() in SPREADSHEET_ERRORS:
                    shown[cell.value] = cell.data_type == "s" and bool(cell.quotePrefix)
    assert set(shown) == {*ERROR_VALUES, "#n/a"}
    assert all(shown.values()), shown  # strings, which Excel keeps as text when the cell is edited
    # The CSV file too: a spreadsheet opening it would show an error value where a reason was.
    rows = list(csv.reader(io.StringIO(to_csv(summary).decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = {cell for row in rows for cell in row}
    assert {"'#VALUE!", "'#REF!", "'#NAME?"} <= cells and not cells & set(ERROR_VALUES)


def _long_reason(kind: str) -> str:
    if kind == "characters":  # about 47,000: more than openpyxl keeps, and than a reason may be
        words = " ".join(f"ord{number}" for number in range(6_000))
        return f"Begyndelse {words} SLUTORD"
    return "Begyndelse " + "🙂" * 17_000 + " SLUTORD"  # 17,011 characters, 34,011 for Excel


@pytest.mark.parametrize("kind", ["characters", "emoji"])
def test_a_reason_too_long_for_an_excel_cell_is_cut_visibly_and_whole_in_every_other_file(
    kind, monkeypatch, tmp_path
):
    reason = _long_reason(kind)
    monkeypatch.setattr(scoring_sheet, "TEXT_LIMIT", len(reason))  # 20,000 in the app
    uow, clock = FakeUnitOfWork(), Clock()
    _world, proposal = revealed_proposal(uow, clock, reasons=(reason,))
    summary = summary_of(uow, proposal.id or 0, DA)

    workbook = load_workbook(io.BytesIO(to_xlsx(summary)))
    [cut] = {  # each of the three raters gave it
        cell.value
        for row in workbook["Vurderinger"].iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("Begyndelse")
    }
    note = "… [afkortet: hele teksten står i Word- og PDF-udgaven]"
    assert cut.endswith(note)
    assert reason.startswith(cut.removesuffix(note))
    assert len(cut.encode("utf-16-le")) // 2 == CELL_LIMIT  # as much as fits, and no more

    rows = list(csv.reader(io.StringIO(to_csv(summary).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert reason in {cell for row in rows for cell in row}
    document = Document(io.BytesIO(to_docx(summary)))
    word_texts = [p.text for p in document.paragraphs]
    word_texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(reason in text for text in word_texts)
    assert markdown_text(reason, line_starts=False) in to_markdown(summary)
    assert "SLUTORD" in _pdf_text(to_pdf(summary), tmp_path)  # last: it skips without poppler


def test_a_cut_cell_never_ends_in_half_an_emoji():
    note = " [afkortet]"
    for padding in range(2):
        text = cell_text("x" * padding + "🙂" * CELL_LIMIT, note)
        assert text.endswith("🙂" + note)
        assert len(text.encode("utf-16-le")) // 2 in (CELL_LIMIT - 1, CELL_LIMIT)
    assert cell_text("🙂" * 100, note) == "🙂" * 100


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("[klik](http://x.dk)", "\\[klik\\](http:\u200b//x.dk)"),
        ("![billede](x.png)", "!\\[billede\\](x.png)"),
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("# Overskrift", "\\# Overskrift"),
        ("- punkt\n> citat\n1. nummer", "\\- punkt  \n\\> citat  \n1\\. nummer"),
        ("se www.fjordby.dk", "se www\u200b.fjordby.dk"),
        ("skriv til a@b.dk", "skriv til a\u200b@b.dk"),
        ("*fed* og _kursiv_ og `kode`", "\\*fed\\* og \\_kursiv\\_ og \\`kode\\`"),
        ("&amp; er ikke en entitet", "&amp;amp; er ikke en entitet"),
        ("Kl. 17:41 (i dag) – 3.–6. klasse", "Kl. 17:41 (i dag) – 3.–6. klasse"),  # plain text stays plain
    ],
)
def test_user_text_cannot_become_markdown(text, markdown):
    assert markdown_text(text) == markdown


# Names and e-mail addresses ------------------------------------------------------------------------------


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


@pytest.mark.parametrize("label", LABELS)
def test_a_pseudonymised_export_holds_no_rater_name_or_e_mail_anywhere(files, label, tmp_path):
    summary, made = files[label]
    texts = {
        "docx": _zip_text(made[Format.DOCX]),  # every part: document, headers, docProps/core.xml, app.xml
        "xlsx": _zip_text(made[Format.XLSX]),
        "pdf bytes": made[Format.PDF].decode("latin-1"),
        "md": made[Format.MD].decode("utf-8"),
        "csv": made[Format.CSV].decode("utf-8-sig"),
    }
    _assert_no_rater_named(texts, summary)
    # Last, since it skips without poppler: the PDF's text layer and its document information.
    _assert_no_rater_named(
        {
            "pdf text": _pdf_text(made[Format.PDF], tmp_path),
            "pdf info": _pdf_info(made[Format.PDF], tmp_path),
        },
        summary,
    )


def _assert_no_rater_named(texts: dict[str, str], summary: DecisionSummary) -> None:
    """No rater's name beyond where the summary names people in an office (who decided, the
    meeting, who is responsible, the MED committee's officers), and nobody's e-mail address."""
    for where, text in texts.items():
        folded = text.casefold()
        for person in PEOPLE:
            allowed = office_mentions(summary, person.name)
            assert folded.count(person.name.casefold()) <= allowed, f"{person.name} in the {where}"
            assert person.email.casefold() not in folded, f"{person.email} in the {where}"


# One call from a page, and the command line ----------------------------------------------------------------


def test_export_gives_the_file_its_name_and_media_type(demo_db):
    _url, uow, loaded = demo_db
    made = export(
        uow,
        loaded.proposal_ids["C"],
        "md",
        Translator("en"),
        actor=proposal_owner(uow, loaded.proposal_ids["C"]),
    )
    assert made.file_name.endswith(".md") and "laerere-og-paedagoger" in made.file_name
    assert made.media_type.startswith("text/markdown")
    assert made.data.decode("utf-8").startswith("*DECISION SUMMARY*") or made.data.startswith(b"*")


def test_a_word_download_is_one_read_transaction_and_one_audit_record(demo_db):
    _url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["C"]
    owner = proposal_owner(uow, proposal_id)
    counting = CountingUnitOfWork(uow)
    export_summary(counting, proposal_id, DA, actor=owner)
    assert (counting.reads, counting.writes) == (1, 0)  # the summary and its comparison, in one look
    counting = CountingUnitOfWork(uow)
    assert export(counting, proposal_id, "docx", DA, actor=owner).data.startswith(b"PK")
    assert (counting.reads, counting.writes) == (1, 1)  # and the audit trail, once the file is made


def test_each_export_is_written_in_the_audit_trail_with_its_format(demo_db):
    _url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["C"]
    owner = proposal_owner(uow, proposal_id)

    def exports() -> list[tuple[int | None, dict | None]]:
        with uow.read() as repo:
            events = repo.events_for("proposal", str(proposal_id))
        return [(e.actor_id, e.after) for e in events if e.action == "summary.export"]

    before = len(exports())
    export(uow, proposal_id, "csv", Translator("da"), actor=owner)
    export(uow, proposal_id, "md", Translator("da"), actor=owner)
    assert exports()[before:] == [
        (owner.person_id, {"format": "csv", "names": False}),
        (owner.person_id, {"format": "md", "names": False}),
    ]


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "report", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_writes_the_file(demo_db, tmp_path):
    url, _uow, loaded = demo_db
    target = tmp_path / "out" / "beslutningsreferat.xlsx"
    result = _cli(url, "--proposal", str(loaded.proposal_ids["C"]), "--format", "xlsx", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert load_workbook(target).sheetnames
    assert str(target) in result.stdout


def test_the_command_line_refuses_an_unknown_proposal_in_danish_and_english(demo_db, tmp_path):
    url, _uow, _loaded = demo_db
    target = tmp_path / "x.md"
    result = _cli(url, "--proposal", "99999", "--format", "md", "-o", str(target))
    assert result.returncode == 1
    assert "Forslag 99999 findes ikke." in result.stderr
    assert "Proposal 99999 does not exist." in result.stderr
    assert not target.exists()


def test_the_command_line_keeps_blind_scoring_blind(demo_db, tmp_path):
    url, _uow, loaded = demo_db
    result = _cli(
        url, "--proposal", str(loaded.proposal_ids["A"]), "--format", "md", "-o", str(tmp_path / "a.md")
    )
    assert result.returncode == 1
    assert "hidden until the reveal" in result.stderr


def test_the_command_line_rejects_an_unknown_format(demo_db, tmp_path):
    url, _uow, _loaded = demo_db
    result = _cli(url, "--proposal", "1", "--format", "odt", "-o", str(tmp_path / "x.odt"))
    assert result.returncode == 2


def test_the_word_document_draws_expected_against_actual_for_each_outcome_indicator(demo_db):
    # D, followed up: three indicators, each a chart in the follow-up section with its words as alt text.
    _url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["D"]
    summary = export_summary(uow, proposal_id, DA, actor=proposal_owner(uow, proposal_id)).summary
    assert [view.indicator.name for view in summary.follow_up.indicators] == [
        "Borgere der selv klarer badet",
        "Borgere der oplever at have indflydelse på deres hjælp",
        "Fald i forbindelse med bad",
    ]
    assert all(m.note == "" for view in summary.follow_up.indicators for m in view.measurements)
    images = outcome_charts(summary, DA)
    # One chart per indicator; after them only charts of the panel's follow-up scores.
    assert [image.section for image in images[:3]] == ["follow_up"] * 3
    assert {image.section for image in images[3:]} <= {FOLLOW_UP_PANEL}
    assert all(image.png.startswith(b"\x89PNG") for image in images)
    document = Document(io.BytesIO(to_docx(summary, images)))
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert any(text.startswith("Forventet: en lige linje") and "19 borgere" in text for text in described)
    # The follow-up of a proposal with no indicators draws nothing, and needs no chart library.
    school = loaded.proposal_ids["C"]
    none = export_summary(uow, school, DA, actor=proposal_owner(uow, school)).summary
    assert outcome_charts(none, DA) == []


# The follow-up: expected against actual, as tables in every format ----------------------------------


@pytest.fixture(scope="module")
def followed_up(demo_db) -> tuple[DecisionSummary, list[ChartImage], dict[Format, bytes], list[str]]:
    """D, followed up and closed: its summary, its follow-up charts, every format of it, and the notes
    written on its measurements (which no export may show)."""
    _url, uow, loaded = demo_db
    proposal_id = loaded.proposal_ids["D"]
    read = export_summary(uow, proposal_id, DA, actor=proposal_owner(uow, proposal_id))
    summary = read.summary
    images = outcome_charts(summary, DA)
    with uow.read() as repo:
        notes = [m.note for m in repo.measurements_of(proposal_id)]
    made = {
        Format.DOCX: to_docx(summary, images),
        Format.PDF: to_pdf(summary, images),
        Format.XLSX: to_xlsx(summary, read.comparison.rubric),
        Format.MD: to_markdown(summary).encode("utf-8"),
        Format.CSV: to_csv(summary),
    }
    return summary, images, made, notes


INDICATOR_HEADER = (
    DA("Indicator"),
    DA("Baseline"),
    DA("Target"),
    DA("Latest measurement"),
    DA("Expected on the day measured"),
    DA("State"),
)
DIMENSION_HEADER = (DA("Dimension"), DA("Expected"), DA("Actual"), DA("Difference"))
QUESTION_HEADER = (DA("Question"), DA("Expected"), DA("Actual"), DA("Difference"), DA("Follow-up scores"))


def _amount(value: float, unit: str) -> str:
    return f"{DA.number(value, 1)} {unit}".strip()  # one decimal, as the chart and the screen say it


def _signed(value: float | None, decimals: int) -> str:
    """A difference with its sign: a plus, or a real minus sign (U+2212); "–" where there is none."""
    if value is None:
        return "–"
    size = DA.number(abs(value), decimals)
    if size == "0":
        return "0"
    return ("+" if value > 0 else "\N{MINUS SIGN}") + size


def _indicator_rows(summary: DecisionSummary) -> list[tuple[str, ...]]:
    rows = []
    for view in summary.follow_up.indicators:
        indicator, latest = view.indicator, view.latest
        source = DA("Source: {source}", source=indicator.source)
        state = DA(INDICATOR_STATE_LABELS[view.state])
        rows.append(
            (
                indicator.name + "\n" + source,
                _amount(indicator.baseline_value, indicator.unit) + "\n" + DA.date(indicator.baseline_date),
                _amount(indicator.target_value, indicator.unit) + "\n" + DA.date(indicator.target_date),
                _amount(latest.value, indicator.unit) + "\n" + DA.date(latest.measured_on) if latest else "–",
                _amount(view.expected, indicator.unit) if view.expected is not None else "–",
                state[0].upper() + state[1:],
            )
        )
    return rows


def _dimension_rows(summary: DecisionSummary) -> list[tuple[str, ...]]:
    return [
        (row.label, row.expected.text, row.actual.text, _signed(row.difference, 2))
        for row in summary.follow_up.dimensions
    ]


def _question_rows(summary: DecisionSummary) -> list[tuple[str, ...]]:
    def median(value: float | None) -> str:
        return "–" if value is None else DA.number(value, 1)

    return [
        (
            f"{row.criterion_label} – {row.facet_label}" if row.facet_label else row.criterion_label,
            *(row.steps or (median(row.expected), median(row.actual))),  # a ladder: its steps by name
            _signed(row.difference, 1),
            str(row.follow_up_scores),
        )
        for row in summary.follow_up.criteria
    ]


def test_the_demo_follow_up_has_what_the_tables_are_tested_with(followed_up):
    summary, images, _made, notes = followed_up
    follow_up = summary.follow_up
    states = {view.state for view in follow_up.indicators}
    assert len(follow_up.indicators) == 3 and {IndicatorState.ON_TRACK, IndicatorState.OFF_TRACK} <= states
    assert all(view.latest is not None for view in follow_up.indicators)
    differences = [row.difference for row in follow_up.dimensions]
    assert any(d is not None and d > 0 for d in differences) and any(
        d is not None and d < 0 for d in differences
    )
    assert any(row.ladder for row in follow_up.dimensions)  # a ladder: words only, no difference
    assert any(row.facet_label for row in follow_up.criteria) and follow_up.panel_note
    # A ladder question: its steps by name (Danish words, not numbers), and no difference.
    ladder = [row for row in follow_up.criteria if row.steps is not None]
    assert ladder and all(row.difference is None for row in ladder)
    assert all(not step.replace(",", "").isdigit() for row in ladder for step in row.steps or ())
    assert [image.section for image in images].count(FOLLOW_UP_PANEL) == 1
    assert notes and all(note.strip() for note in notes)  # notes were written: none may be shown


def _word_table(document, header: tuple[str, ...]):
    found = [t for t in document.tables if tuple(cell.text for cell in t.rows[0].cells) == header]
    assert len(found) == 1, header
    return found[0]


def _cells(table) -> list[tuple[str, ...]]:
    return [tuple(cell.text.replace("\u2011", "-") for cell in row.cells) for row in table.rows[1:]]


def test_the_word_document_shows_the_follow_up_as_tables_and_the_panel_chart_after_its_table(followed_up):
    summary, images, made, _notes = followed_up
    document = Document(io.BytesIO(made[Format.DOCX]))
    indicators = _word_table(document, INDICATOR_HEADER)
    dimensions = _word_table(document, DIMENSION_HEADER)
    questions = _word_table(document, QUESTION_HEADER)
    assert _cells(indicators) == _indicator_rows(summary)
    assert _cells(dimensions) == _dimension_rows(summary)
    assert _cells(questions) == _question_rows(summary)
    assert indicators.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # a header row, repeated on a new page
    # In the follow-up section, in the memo's order, with the panel's chart after the panel's table.
    body = list(document.element.body.iterchildren())

    def paragraph(text: str) -> int:
        return next(i for i, e in enumerate(body) if e.tag == qn("w:p") and e.xpath("string(.)") == text)

    panel = next(image for image in images if image.section == FOLLOW_UP_PANEL)
    drawn = [i for i, e in enumerate(body) if e.xpath(".//wp:docPr/@descr") == [panel.caption]]
    assert len(drawn) == 1
    assert (
        paragraph(summary.follow_up.heading)
        < body.index(indicators._tbl)
        < paragraph(DA("The panel's scores at the follow-up"))
        < body.index(dimensions._tbl)
        < drawn[0]
        < body.index(questions._tbl)
        < paragraph(summary.governance.heading)
    )
    # The indicators are told once: in the table, not again as a sentence each.
    assert not [p.text for p in document.paragraphs if p.text.startswith(DA("Indicator: {name}", name=""))]


def test_the_pdf_shows_the_follow_up_tables(followed_up, tmp_path):
    summary, _images, made, _notes = followed_up
    text = _one_line(_pdf_text(made[Format.PDF], tmp_path))
    start = text.find(DA("Outcome indicators"))
    end = text.find(summary.governance.heading, start)
    assert 0 <= start < end
    section = text[start:end]
    position = 0
    for row in (
        INDICATOR_HEADER,
        *_indicator_rows(summary),
        DIMENSION_HEADER,
        *_dimension_rows(summary),
        QUESTION_HEADER,
        *_question_rows(summary),
    ):  # pdftotext reads a table cell by cell, row by row: each row's cells in order, after the last
        found = section.find(_one_line(" ".join(row)), position)
        assert found >= 0, row
        position = found


def _markdown_row(cells: tuple[str, ...]) -> str:
    return (
        "| "
        + " | ".join(markdown_text(_one_line(c.replace("\n", " · ")), line_starts=False) for c in cells)
        + " |"
    )


def test_the_markdown_shows_the_follow_up_tables(followed_up):
    summary, _images, made, _notes = followed_up
    markdown = made[Format.MD].decode("utf-8")
    lines = markdown.splitlines()
    for header, rows in (
        (INDICATOR_HEADER, _indicator_rows(summary)),
        (DIMENSION_HEADER, _dimension_rows(summary)),
        (QUESTION_HEADER, _question_rows(summary)),
    ):
        start = lines.index(_markdown_row(header))
        assert lines[start + 2 : start + 2 + len(rows)] == [_markdown_row(row) for row in rows]
    assert (
        markdown.find(f"### {summary.follow_up.heading}")
        < markdown.find(_markdown_row(INDICATOR_HEADER))
        < markdown.find(_markdown_row(DIMENSION_HEADER))
        < markdown.find(_markdown_row(QUESTION_HEADER))
        < markdown.find(summary.governance.heading)
    )


def _image_positions(found: list, caption: str) -> list[int]:
    return [i for i, block in enumerate(found) if isinstance(block, Image) and block.caption == caption]


def _heading_position(found: list, text: str) -> int:
    return next(i for i, block in enumerate(found) if isinstance(block, Heading) and block.text == text)


def test_a_chart_of_the_panels_follow_up_goes_after_its_table_never_with_the_options(followed_up):
    summary, _images, _made, _notes = followed_up
    charts = [
        ChartImage("the profile", b"profile", "options"),
        ChartImage("the panel", b"panel", FOLLOW_UP_PANEL),
        ChartImage("somewhere", b"unknown", "no such section"),
    ]
    found = blocks(summary, charts)
    tables = [i for i, block in enumerate(found) if isinstance(block, Table)]
    dimension_table = next(i for i in tables if found[i].header == DIMENSION_HEADER)
    question_table = next(i for i in tables if found[i].header == QUESTION_HEADER)
    assert (
        _image_positions(found, "the panel") == [dimension_table + 1] and dimension_table + 1 < question_table
    )
    options = _heading_position(found, summary.options.heading)
    after_options = _heading_position(found, summary.citizen_voice.heading)
    assert options < _image_positions(found, "the profile")[0] < after_options
    assert (
        options < _image_positions(found, "somewhere")[0] < after_options
    )  # an unknown section: the options
    # Before the follow-up has started there is no panel table: the chart stays in the follow-up all the same.
    started_not = replace(
        summary, follow_up=replace(summary.follow_up, dimensions=(), criteria=(), panel_note="")
    )
    found = blocks(started_not, charts)
    [panel] = _image_positions(found, "the panel")
    assert (
        _heading_position(found, summary.follow_up.heading)
        < panel
        < _heading_position(found, summary.governance.heading)
    )
    assert not [b for b in found if isinstance(b, Table) and b.header in (DIMENSION_HEADER, QUESTION_HEADER)]
    assert DA("The panel's scores at the follow-up") not in {b.text for b in found if isinstance(b, Heading)}
    assert [b.rows for b in found if isinstance(b, Table) and b.header == INDICATOR_HEADER] == [
        tuple(_indicator_rows(summary))
    ]


def test_the_workbook_has_the_follow_up_with_numbers_and_dates(followed_up):
    summary, _images, made, _notes = followed_up
    workbook = load_workbook(io.BytesIO(made[Format.XLSX]))
    follow_up = summary.follow_up
    sheet = workbook[DA("Follow-up – indicators")]
    header = [cell.value for cell in sheet[1]]
    column = {
        name: header.index(DA(name))
        for name in (
            "Indicator",
            "Baseline value",
            "Baseline date",
            "Target value",
            "Target date",
            "Measured on",
            "Actual value",
            "Expected on the day measured",
            "State",
        )
    }
    rows = list(sheet.iter_rows(min_row=2))
    measurements = [(view, m) for view in follow_up.indicators for m in view.measurements]
    assert len(rows) == len(measurements)  # every indicator of the demo is measured: a row per measurement
    for row, (view, measurement) in zip(rows, measurements, strict=True):
        indicator = view.indicator

        def cell(name: str, row=row):
            return row[column[name]]

        assert cell("Indicator").value == indicator.name
        assert (
            cell("Baseline value").value == indicator.baseline_value
            and cell("Target value").value == indicator.target_value
        )
        for name, day in (
            ("Baseline date", indicator.baseline_date),
            ("Target date", indicator.target_date),
            ("Measured on", measurement.measured_on),
        ):
            assert cell(name).is_date and cell(name).value.date() == day, name
            assert cell(name).number_format == "dd.mm.yyyy"
        assert cell("Actual value").value == measurement.value
        expected = cell("Expected on the day measured").value
        assert isinstance(expected, float) and expected == pytest.approx(
            expected_value(indicator, measurement.measured_on)
        )
        state = DA(INDICATOR_STATE_LABELS[state_at(indicator, measurement.measured_on, measurement.value)])
        assert cell("State").value.casefold() == state.casefold()
    dimensions = workbook[DA("Follow-up – dimensions")]
    values = list(dimensions.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in values] == [d.label for d in follow_up.dimensions]
    for row, outcome in zip(values, follow_up.dimensions, strict=True):
        assert row[2:] == (
            outcome.expected.text,
            outcome.expected.value,
            outcome.actual.text,
            outcome.actual.value,
            outcome.difference,
        )
    questions = workbook[DA("Follow-up – questions")]
    values = list(questions.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[4], row[5], row[6], row[7]) for row in values] == [
        (c.criterion_key, *(c.steps or (c.expected, c.actual)), c.difference, c.follow_up_scores)
        for c in follow_up.criteria
    ]
    for name in (DA("Follow-up – indicators"), DA("Follow-up – dimensions"), DA("Follow-up – questions")):
        assert workbook[name].freeze_panes == "A2" and workbook[name].auto_filter.ref.startswith("A1:")


def test_no_export_shows_a_measurements_note(followed_up, tmp_path):
    summary, _images, made, notes = followed_up
    texts = {
        "docx": _one_line(_zip_text(made[Format.DOCX])),
        "xlsx": _one_line(_zip_text(made[Format.XLSX])),
        "md": _one_line(made[Format.MD].decode("utf-8")),
        "csv": _one_line(made[Format.CSV].decode("utf-8-sig")),
        "pdf": _one_line(_pdf_text(made[Format.PDF], tmp_path)),
    }
    for where, text in texts.items():
        assert summary.follow_up.indicators[0].indicator.name in text or where == "csv", where
        for note in notes:
            assert _one_line(note)[:40] not in text, (where, note)


@pytest.mark.parametrize("label", LABELS)
def test_nothing_of_the_follow_up_is_shown_before_it(files, label, tmp_path):
    summary, made = files[label]
    assert not summary.follow_up.indicators and not summary.follow_up.dimensions
    document = Document(io.BytesIO(made[Format.DOCX]))
    headers = {tuple(cell.text for cell in t.rows[0].cells) for t in document.tables}
    assert not headers & {INDICATOR_HEADER, DIMENSION_HEADER, QUESTION_HEADER}
    words = (
        DA("Outcome indicators"),
        DA("The panel's scores at the follow-up"),
        DA("Expected on the day measured"),
    )
    for where, text in (
        ("docx", _one_line(" ".join(p.text for p in document.paragraphs))),
        ("md", made[Format.MD].decode("utf-8")),
        ("pdf", _one_line(_pdf_text(made[Format.PDF], tmp_path))),
    ):
        assert not [word for word in words if word in text], where
    workbook = load_workbook(io.BytesIO(made[Format.XLSX]))
    assert not [name for name in workbook.sheetnames if name.startswith(DA("Follow-up"))]


def test_an_indicator_named_like_a_formula_stays_text_in_the_workbook(followed_up):
    summary, _images, _made, _notes = followed_up
    views = tuple(
        replace(view, indicator=replace(view.indicator, name=name, unit="=1+1", source="@SUM(1)"))
        for view, name in zip(
            summary.follow_up.indicators, ('=HYPERLINK("http://x")', "+1", "-2+3"), strict=True
        )
    )
    hostile = replace(summary, follow_up=replace(summary.follow_up, indicators=views))
    sheet = load_workbook(io.BytesIO(to_xlsx(hostile)))[DA("Follow-up – indicators")]
    texts = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    assert {'=HYPERLINK("http://x")', "+1", "-2+3", "=1+1", "@SUM(1)"} <= {cell.value for cell in texts}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in texts if starts_formula(cell.value))
