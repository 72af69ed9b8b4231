"""The leadership's portfolio as an Excel workbook: the table the screen shows, filtered as it is.

The house style of ``report/export/excel.py``: one sheet, a bold, frozen header row with an
autofilter, headers in the reader's language, user text always a text cell (never a formula), dates
as real date cells shown dd.mm.yyyy in Danish, and each column as wide as its content needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.portfolio import PortfolioRow
from report.export.excel import AUTHOR, DATE_FORMATS, HEADER_FILL, HEADER_FONT, write_cell
from report.export.safe import xml_text
from report.portfolio import COLUMNS, table_rows

__all__ = ["file_name", "portfolio_xlsx"]

SHEET = N_("Portfolio")
CUT_NOTE = N_("(cut here: the proposal on the screen holds the whole text)")
NARROWEST, WIDEST = 8.0, 60.0  # characters: a column's width is its longest content within these
DATE_WIDTH = 12.0  # "05.10.2026" and "5 Oct 2026" with room for Excel's filter button


def _width(header: str, values: Sequence[object]) -> float:
    longest = max([len(header) + 4, *(len(str(value)) + 2 for value in values if value is not None)])
    return min(WIDEST, max(NARROWEST, float(longest)))


def portfolio_xlsx(rows: Sequence[PortfolioRow], _: Translator) -> bytes:
    """The rows as .xlsx bytes, one proposal a row, with the proposal's number first."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = AUTHOR
    workbook.properties.title = _("Portfolio")
    sheet = workbook.create_sheet(xml_text(_(SHEET))[:31])
    keys = list(COLUMNS)
    header = [_("Proposal no."), *(_(COLUMNS[key]) for key in keys)]
    values = [
        [row.proposal_id, *(data[key] for key in keys)]
        for row, data in zip(rows, table_rows(rows, _), strict=True)
    ]
    cut_note = _(CUT_NOTE)
    date_format = DATE_FORMATS.get(_.language, "yyyy-mm-dd")
    for column, text in enumerate(header, start=1):
        write_cell(sheet, 1, column, text, cut_note=cut_note)
        cell = sheet.cell(row=1, column=column)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, line in enumerate(values, start=2):
        for column, value in enumerate(line, start=1):
            write_cell(sheet, number, column, value, cut_note=cut_note, wrap=column == 2)
            if isinstance(value, date):
                sheet.cell(row=number, column=column).number_format = date_format
    for column, text in enumerate(header, start=1):
        cells = [line[column - 1] for line in values]
        is_date = bool(cells) and all(isinstance(value, date) for value in cells)
        width = max(DATE_WIDTH, len(text) + 4) if is_date else _width(text, cells)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(values) + 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(_: Translator, today: date) -> str:
    """»kernekompas-portefolje-2026-12-06.xlsx«: the day it was made, sortable."""
    word = "portefolje" if _.language == "da" else "portfolio"
    return f"kernekompas-{word}-{today.isoformat()}.xlsx"
