"""The decision summary as an Excel workbook: the summary, the options, every score, every criterion.

Each sheet is one table with a bold, frozen header row and an autofilter, so the scores can be
sorted and filtered at once. Numbers are numbers (levels, counts, medians, per cents), so Excel
can calculate with them. User text is always a string cell: it can never become a formula or an
error value, and a text that looks like one (:func:`report.export.safe.keep_as_text`) also gets
Excel's quote prefix, so it is shown exactly as it was written. A text longer than a cell can
hold ends with a note that it was cut; the Word, PDF, Markdown and CSV files hold all of it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessment.kernel.i18n import Translator
from assessment.summary_model import DecisionSummary, Fact
from report.export.csv_file import score_header, score_values
from report.export.safe import cell_text, keep_as_text, xml_text

__all__ = ["to_xlsx", "write_cell"]

AUTHOR = "Kernekompas"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

Value = str | int | float | bool | None


def write_cell(
    sheet: Worksheet, row: int, column: int, value: Value, *, cut_note: str, wrap: bool = False
) -> None:
    """Write one value; a text is always a text, never a formula or an error value.

    ``cut_note`` ends a text too long for a cell (:func:`report.export.safe.cell_text`): it
    says in the reader's language which file holds the whole text.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = cell_text(value, cut_note)
        cell.value = text
        cell.data_type = "s"  # openpyxl takes "=…" for a formula and "#N/A" for an error
        if keep_as_text(text):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
    cell.alignment = WRAP if wrap else TOP


def _sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    widths: Sequence[float],
    *,
    cut_note: str,
    wrap: Sequence[int] = (),
    formats: dict[int, str] | None = None,
) -> Worksheet:
    sheet = workbook.create_sheet(title=xml_text(title)[:31])
    for column, text in enumerate(header, start=1):
        write_cell(sheet, 1, column, text, cut_note=cut_note)
        cell = sheet.cell(row=1, column=column)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            write_cell(sheet, number, column, value, cut_note=cut_note, wrap=(column - 1) in wrap)
            if formats and (column - 1) in formats:
                sheet.cell(row=number, column=column).number_format = formats[column - 1]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, values in enumerate(rows, start=2):
        lines = max((_lines(values[c], widths[c]) for c in wrap if c < len(values)), default=1)
        if lines > 1:  # Excel and LibreOffice do not grow a row for wrapped text by themselves
            sheet.row_dimensions[number].height = min(409, 15 * lines)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _lines(value: Value, width: float) -> int:
    """About how many lines a wrapped text needs in a column ``width`` characters wide."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width * 1.1))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))


def to_xlsx(summary: DecisionSummary) -> bytes:
    """The summary as .xlsx bytes: Summary, Options, Scores and Criteria sheets."""
    _ = Translator(summary.language)
    workbook = Workbook()
    workbook.remove(workbook.active)
    cut = _("… [cut: the whole text is in the Word and PDF files]")

    _sheet(
        workbook,
        _("Summary"),
        (_("Section"), _("Item"), _("Details")),
        _summary_rows(summary, _),
        (30, 34, 100),
        cut_note=cut,
        wrap=(0, 1, 2),
    )

    options = summary.options
    header = (
        _("Option"),
        _("Chosen"),
        _("Baseline"),
        *options.dimensions,
        _("Overall index"),
        _("Rank"),
        _("Description"),
    )
    rows: list[list[Value]] = []
    for option in options.options:
        rows.append(
            [
                option.title,
                _("Yes") if option.is_chosen else "",
                _("Yes") if option.is_baseline else "",
                *(p.text for p in option.profile),  # in the scale's words, as in the documents
                option.index,
                option.rank,
                option.description,
            ]
        )
    percent = {3 + len(options.dimensions): "0%"}  # the index only, in whole percentages
    _sheet(
        workbook,
        _("Options"),
        header,
        rows,
        (36, 9, 9, *(24 for _d in options.dimensions), 10, 8, 70),
        cut_note=cut,
        wrap=(0, *range(3, 3 + len(options.dimensions)), len(header) - 1),
        formats=percent,
    )

    _sheet(
        workbook,
        _("Scores"),
        score_header(_),
        score_values(summary),
        (30, 22, 18, 50, 20, 30, 8, 20, 70, 8),
        cut_note=cut,
        wrap=(3, 8),
    )

    yes = _("Yes")
    _sheet(
        workbook,
        _("Criteria"),
        (
            _("Option"),
            _("Dimension"),
            _("Criterion key"),
            _("Criterion"),
            _("Scored for"),
            _("Scores"),
            _("Don't know"),
            _("Median"),
            _("Mean"),
            _("Lowest"),
            _("Highest"),
            _("Disagreement"),
        ),
        [
            [
                cell.option,
                cell.dimension,
                cell.criterion_key,
                cell.criterion,
                cell.facet,
                cell.count,
                cell.dont_know,
                cell.median,
                cell.mean,
                cell.minimum,
                cell.maximum,
                yes if cell.disagreement else "",
            ]
            for cell in summary.appendix.cells
        ],
        (30, 22, 18, 50, 20, 8, 9, 9, 9, 8, 8, 13),
        cut_note=cut,
        wrap=(3,),
        formats={8: "0.00"},
    )

    properties = workbook.properties
    properties.creator = AUTHOR
    properties.lastModifiedBy = AUTHOR
    properties.title = xml_text(summary.title)[:255]
    properties.subject = xml_text(summary.document_title)
    properties.keywords = "Kernekompas"
    properties.language = summary.language
    moment = summary.generated_at.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = moment
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary_rows(summary: DecisionSummary, _: Translator) -> list[list[Value]]:
    rows: list[list[Value]] = []

    def add(section: str, facts: Sequence[Fact]) -> None:
        rows.extend([section, fact.label, fact.value] for fact in facts)

    add(summary.document_title, (Fact(_("Proposal"), summary.title), Fact(_("Made"), summary.generated)))
    add(summary.document_title, (Fact(_("Raters"), summary.privacy_note),))
    add(summary.status.heading, summary.status.facts)
    unit = summary.unit
    for level in (unit.unit, unit.above):
        if level is not None:
            add(unit.heading, (Fact(f"{level.unit} ({level.level})", level.statement),))
    add(summary.governance.heading, summary.governance.facts)
    add(summary.consultation.heading, summary.consultation.facts)
    context = summary.context
    add(context.heading, (Fact(_("The proposal"), context.description), Fact(_("Context"), context.context)))
    add(summary.change.heading, summary.change.facts)
    options = summary.options
    add(
        options.heading,
        tuple(
            Fact(f"{option.title} · {dimension}", value.text)
            for option in options.options
            for dimension, value in zip(options.dimensions, option.profile, strict=True)
        ),
    )
    add(options.readiness_heading, options.readiness)
    add(
        options.index_heading,
        (
            *(Fact(options.options[i].title, options.options[i].index_text) for i in options.index_ranking),
            Fact(_("Robustness"), options.robustness),
        ),
    )
    voice = summary.citizen_voice
    add(
        voice.heading,
        (
            *((Fact(_("Warning"), voice.warning),) if voice.warning else ()),
            *voice.evidence,
        )
        or (Fact(_("Citizen evidence"), voice.intro),),
    )
    disagreements = summary.disagreements
    add(
        disagreements.heading,
        tuple(
            Fact(
                f"{spot.option} · {spot.criterion}" + (f" ({spot.facet})" if spot.facet else ""),
                f"{spot.stats} {spot.warning}".strip(),
            )
            for spot in disagreements.hot_spots
        )
        or (Fact(_("Hot spots"), disagreements.none_text),),
    )
    add(disagreements.heading, tuple(Fact(_("Other points"), flag.text) for flag in disagreements.flags))
    dilemmas = summary.dilemmas
    add(
        dilemmas.heading,
        tuple(
            Fact(f"{item.pole_a} ↔ {item.pole_b}", f"{item.status}: {item.text}") for item in dilemmas.items
        )
        or (Fact(_("Dilemmas"), dilemmas.none_text),),
    )
    decision = summary.decision
    if decision.decided:
        add(
            decision.heading,
            (
                *decision.facts,
                Fact(_("Justification"), decision.justification),
                Fact(_("Statement of the MED committee"), decision.med_statement),
                Fact(_("Conditions"), decision.conditions),
            ),
        )
    else:
        add(decision.heading, (Fact(_("Decision"), decision.pending),))
    add(summary.dissent.heading, (Fact(_("Dissent"), summary.dissent.text),))
    consequences = summary.consequences
    add(
        consequences.heading,
        (Fact(_("Basis"), consequences.intro), *(Fact(item.area, item.text) for item in consequences.items)),
    )
    involvement = summary.involvement
    add(
        involvement.heading,
        (
            *involvement.facts,
            *((Fact(_("Assessment"), involvement.assessment),) if involvement.assessment else ()),
        ),
    )
    add(summary.follow_up.heading, summary.follow_up.facts)
    add(summary.appendix.heading, summary.appendix.rubric)
    add(
        summary.appendix.heading,
        tuple(Fact(_("Participant"), entry.label) for entry in summary.appendix.panel),
    )
    return rows
