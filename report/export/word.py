"""The decision summary as a Word document (.docx), for the MED minutes and the municipality's files.

Built with python-docx on its own template: real Heading 1–3 styles (so Word's navigation pane and
table of contents work), tables with a repeated header row, the charts as PNG images with alt
text, an A4 page with "Page X of Y" in the footer, and Danish as the proofing language. The
document's properties carry no person's name or e-mail address: the author is "Kernekompas".
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from datetime import UTC
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from assessment.kernel.i18n import Translator
from assessment.summary_model import DecisionSummary
from report.export.fit import (
    column_widths,
    consecutive_headings,
    estimated_width,
    image_box,
    keep_codes_whole,
)
from report.export.layout import (
    KEEP_WHOLE_ROWS,
    Block,
    Bullets,
    ChartImage,
    Heading,
    Image,
    Labelled,
    PageBreak,
    Paragraph,
    QuoteBlock,
    Table,
    blocks,
)
from report.export.safe import xml_text

__all__ = ["to_docx"]

AUTHOR = "Kernekompas"
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)
TEXT_WIDTH_CM = 21.0 - 2 * 2.0
FONT = "Calibri"
MUTED = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
HEADER_FILL = "DCE6F0"
LABEL_FILL = "F2F2F2"
LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}
MAX_IMAGE_HEIGHT_CM = 19.0  # a tall chart (the heat map) leaves room for its heading and caption
CELL_PADDING_CM = 2 * 0.19  # Word's default cell margins, left and right
TABLE_SIZES = {False: 9.5, True: 8.0}  # pt, of the normal and the small table text
TABLE_STYLE = "Table Text"
SMALL_TABLE_STYLE = "Table Text Small"


def to_docx(summary: DecisionSummary, charts: Sequence[ChartImage] = ()) -> bytes:
    """The summary as .docx bytes; ``charts`` are PNG images placed in their sections."""
    _ = Translator(summary.language)
    document = Document()
    _set_up(document, summary, _)
    writer = _Writer(document)
    for block in consecutive_headings(blocks(summary, charts)):
        writer.write(block)
    _plain_package(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# The page, the styles and the properties -------------------------------------------------------


def _set_up(document: DocumentObject, summary: DecisionSummary, _: Translator) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(0.9)

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.space_before = Pt(16)
    styles["Heading 2"].paragraph_format.space_before = Pt(11)
    styles["Heading 3"].paragraph_format.space_before = Pt(8)
    for name, size in ((TABLE_STYLE, TABLE_SIZES[False]), (SMALL_TABLE_STYLE, TABLE_SIZES[True])):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(1)
        style.paragraph_format.space_after = Pt(1)
        style.paragraph_format.line_spacing = 1.0
    _set_language(document, LANGUAGE_TAGS.get(summary.language, "da-DK"))

    header = section.header.paragraphs[0]
    header.text = xml_text(f"{summary.document_title} · {summary.title}")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(header, muted=True)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer, _("Page {page} of {pages}"))
    _small(footer, muted=True)

    properties = document.core_properties
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.title = xml_text(summary.title)[:255]
    properties.subject = xml_text(summary.document_title)
    properties.comments = ""
    properties.keywords = "Kernekompas"
    properties.category = xml_text(summary.document_title)
    properties.language = LANGUAGE_TAGS.get(summary.language, "da-DK")
    properties.revision = 1
    moment = summary.generated_at.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = moment


def _set_language(document: DocumentObject, tag: str) -> None:
    """Proofing language of every style: Danish spelling is checked in a Danish document."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)


def _page_number(paragraph: DocxParagraph, template: str) -> None:
    """ "Page {page} of {pages}" with live PAGE and NUMPAGES fields, in the translated word order."""
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            paragraph.add_run(literal)
        if field == "page":
            _field(paragraph, "PAGE")
        elif field == "pages":
            _field(paragraph, "NUMPAGES")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    def fld_char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(fld_char("begin"))
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run._r.append(fld_char("separate"))
    placeholder = paragraph.add_run("1")
    end = paragraph.add_run()
    end._r.append(fld_char("end"))
    del placeholder


def _small(paragraph: DocxParagraph, *, muted: bool = False, size: float = 8.5) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)
        if muted:
            run.font.color.rgb = MUTED


# Blocks ------------------------------------------------------------------------------------------

_BLANK_LINES = re.compile(r"\n\s*\n")


class _Writer:
    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self._style_ids: dict[str, str] = {}

    def add_paragraph(self, text: str = "", style: str | None = None) -> DocxParagraph:
        """``document.add_paragraph``, but a style name is looked up once per document, not per
        paragraph (python-docx scans every style on each lookup)."""
        paragraph = self.document.add_paragraph(text)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.document.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        return paragraph

    def write(self, block: Block) -> None:
        match block:
            case Heading(level=level, text=text):
                self.add_paragraph(xml_text(text), "Title" if level == 0 else f"Heading {level}")
            case Paragraph(text=text, style=style):
                self.paragraphs(text, style)
            case Labelled(label=label, text=text):
                title = self.document.add_paragraph()
                title.add_run(xml_text(label)).bold = True
                title.paragraph_format.keep_with_next = True
                title.paragraph_format.space_after = Pt(1)
                self.paragraphs(text, "body")
            case Bullets(items=items):
                for item in items:
                    self.add_paragraph(xml_text(item), "List Bullet")
            case QuoteBlock(text=text, by=by):
                quote = self.add_paragraph(style="Quote")
                quote.add_run(xml_text(text.strip()))
                quote.paragraph_format.keep_with_next = True
                quote.paragraph_format.space_after = Pt(0)
                quote.paragraph_format.left_indent = Cm(0.8)
                quote.paragraph_format.right_indent = Cm(0.8)
                quote.alignment = WD_ALIGN_PARAGRAPH.LEFT
                who = self.document.add_paragraph(xml_text(f"– {by}"))
                who.paragraph_format.left_indent = Cm(0.8)
                who.paragraph_format.space_after = Pt(8)
                _small(who, muted=True, size=9)
            case Table():
                self.table(block)
            case Image(png=png, caption=caption):
                width, height = image_box(png, TEXT_WIDTH_CM, MAX_IMAGE_HEIGHT_CM)
                self.document.add_picture(BytesIO(png), width=Cm(width), height=Cm(height))
                picture = self.document.paragraphs[-1]
                picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
                picture.paragraph_format.keep_with_next = True
                shape = self.document.inline_shapes[-1]
                shape._inline.docPr.set("descr", xml_text(caption))  # alt text for screen readers
                self.add_paragraph(xml_text(caption), "Caption")
            case PageBreak():
                self.document.add_page_break()  # type: ignore[no-untyped-call]

    def paragraphs(self, text: str, style: str) -> None:
        for part in _BLANK_LINES.split(xml_text(text).strip()) or [""]:
            paragraph = self.document.add_paragraph()
            run = paragraph.add_run(part.strip())
            if style == "note":
                run.italic = True
                run.font.size = Pt(9.5)
                run.font.color.rgb = MUTED
            elif style == "strong":
                run.bold = True
            elif style == "lead":
                run.bold = True
                run.font.size = Pt(11)
                run.font.color.rgb = MUTED
                run.font.all_caps = True
                paragraph.paragraph_format.space_after = Pt(0)

    def table(self, block: Table) -> None:
        columns = len(block.header)
        with_header = not block.key_value
        table = self.document.add_table(rows=(1 if with_header else 0) + len(block.rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        size = TABLE_SIZES[block.small]
        widths = [
            Cm(width)
            for width in column_widths(
                block,
                TEXT_WIDTH_CM,
                lambda text, bold: estimated_width(text, size, bold=bold) * 2.54 / 72,
                CELL_PADDING_CM,
            )
        ]
        # python-docx looks a style up by scanning every style, and finds a row's cells by listing
        # the whole table's: both per cell made a summary of 6 options and 15 raters take 20 s.
        # So the style id is resolved once and the cells listed once (the tables have no merged cells).
        style_id = self.document.styles[SMALL_TABLE_STYLE if block.small else TABLE_STYLE].style_id
        cells = table._cells
        grid = [cells[start : start + columns] for start in range(0, len(cells), columns)]
        for cell in cells:
            cell.paragraphs[0]._p.style = style_id
        rows = list(zip(table.rows, grid, strict=True))
        if with_header:
            header, header_cells = rows.pop(0)
            _repeat_as_header(header)
            for cell, text in zip(header_cells, block.header, strict=True):
                _fill(cell, HEADER_FILL)
                cell.paragraphs[0].add_run(keep_codes_whole(xml_text(text))).bold = True
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        # A short table is kept on one page (as in the PDF): each row stays with the next.
        short = len(block.rows) <= KEEP_WHOLE_ROWS
        for number, ((row, row_cells), values) in enumerate(zip(rows, block.rows, strict=True)):
            _keep_row_together(row)
            # the heading above stays with the first row (Word and LibreOffice)
            keep = number == 0 or (short and number < len(block.rows) - 1)
            for position, (cell, text) in enumerate(zip(row_cells, values, strict=True)):
                lines = keep_codes_whole(xml_text(text)).split("\n")
                paragraph = cell.paragraphs[0]
                if keep:
                    paragraph.paragraph_format.keep_with_next = True
                for line_number, line in enumerate(lines):
                    run = paragraph.add_run(line)
                    if block.key_value and position == 0:
                        run.bold = True
                    if line_number < len(lines) - 1:
                        run.add_break()
                if block.key_value and position == 0:
                    _fill(cell, LABEL_FILL)
        _widths(table, grid, widths)
        spacer = self.document.add_paragraph()
        spacer.paragraph_format.space_after = Pt(2)


def _widths(table: DocxTable, grid: Sequence[Sequence[_Cell]], widths: Sequence[Cm]) -> None:
    # Word reads each cell's width, LibreOffice the grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row_cells in grid:
        for cell, width in zip(row_cells, widths, strict=True):
            cell.width = width


def _repeat_as_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row_together(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)


def _fill(cell: object, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


EXTENDED_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>{AUTHOR}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
).encode()
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def _plain_package(document: DocumentObject) -> None:
    """The package as Kernekompas made it: python-docx's template says "Microsoft Macintosh Word",
    1 page, and carries a blank thumbnail. The application is Kernekompas, the page count is
    left to the program that opens the file, and there is no thumbnail rather than a blank one."""
    relationships = document.part.package.rels
    for key, relationship in list(relationships.items()):
        if relationship.reltype == THUMBNAIL:
            relationships.pop(key)
        elif relationship.reltype == EXTENDED:
            relationship.target_part._blob = EXTENDED_PROPERTIES
