"""The decision summary as a PDF, for printing, filing and reading on any device.

fpdf2 with DejaVu Sans, which ships in ``report/export/fonts`` (so æ, ø, å, – and » « print the
same on every machine, without a system font package). The same blocks as the Word document:
headings (also as PDF bookmarks), tables with a repeated header row, quotes, the charts, and
"Page X of Y" in the footer. The document information names Kernekompas, never a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import cast

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from assessment.kernel.i18n import Translator
from assessment.summary_model import DecisionSummary
from report.export.fit import column_widths, consecutive_headings, image_box
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

__all__ = ["FONT_DIRECTORY", "font_files", "to_pdf"]

AUTHOR = "Kernekompas"
FONT = "DejaVu"
FONT_DIRECTORY = Path(__file__).resolve().parent / "fonts"
# Debian's fonts-dejavu-core, used only if the shipped files were removed.
SYSTEM_FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

ACCENT = (31, 78, 121)
MUTED = (85, 85, 85)
RULE = (190, 200, 215)
HEADER_FILL = (220, 230, 240)
LABEL_FILL = (242, 242, 242)
BODY_SIZE = 9.5
LINE = 4.6  # mm per line of body text
MAX_IMAGE_HEIGHT = 190.0  # mm; a taller chart is scaled down to leave room for its heading and caption

_BLANK_LINES = re.compile(r"\n\s*\n")


def font_files() -> dict[str, Path]:
    """Style → TrueType file of DejaVu Sans: the shipped copy, else Debian's."""
    found = {}
    for style, name in FONT_FILES.items():
        for folder in (FONT_DIRECTORY, SYSTEM_FONT_DIRECTORY):
            if (folder / name).is_file():
                found[style] = folder / name
                break
        else:
            raise FileNotFoundError(
                f"{name} is missing from {FONT_DIRECTORY} (and {SYSTEM_FONT_DIRECTORY}); "
                "restore it from the repository or install Debian's fonts-dejavu-core"
            )
    return found


class _Document(FPDF):
    def __init__(self, summary: DecisionSummary, _: Translator) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.summary = summary
        self.translate = _
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)
        for style, path in font_files().items():
            self.add_font(FONT, style=style, fname=str(path))
        self.set_font(FONT, size=BODY_SIZE)
        self.alias_nb_pages()

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(8)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        text = f"{self.summary.document_title} · {self.summary.title}"
        self.cell(0, 4, _fit(self, xml_text(text), self.epw), align=Align.R)
        self.set_text_color(0, 0, 0)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(
            0, 4, self.translate("Page {page} of {pages}", page=self.page_no(), pages="{nb}"), align=Align.C
        )
        self.set_text_color(0, 0, 0)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut with "…" so it fits on one line of ``width``."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def to_pdf(summary: DecisionSummary, charts: Sequence[ChartImage] = ()) -> bytes:
    """The summary as PDF bytes; ``charts`` are PNG images placed in their sections."""
    _ = Translator(summary.language)
    pdf = _Document(summary, _)
    pdf.set_title(xml_text(summary.title))
    pdf.set_subject(xml_text(summary.document_title))
    pdf.set_author(AUTHOR)
    pdf.set_creator(AUTHOR)
    pdf.set_keywords("Kernekompas")
    pdf.set_lang(summary.language)
    pdf.set_creation_date(summary.generated_at)
    pdf.add_page()
    writer = _Writer(pdf)
    laid_out = list(consecutive_headings(blocks(summary, charts)))
    for position, block in enumerate(laid_out):
        writer.following = laid_out[position + 1] if position + 1 < len(laid_out) else None
        writer.write(block)
    return bytes(pdf.output())


class _Writer:
    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.following: Block | None = None  # the block after the one being written

    def start_of(self, block: Block | None) -> float:
        """About how much of ``block`` must stay on the page with the heading above it (mm)."""
        match block:
            case Table(rows=rows) if rows:
                whole = self.whole_height(block)
                return 22.0 if whole is None else whole
            case Image(png=png):
                return self.image_size(png)[1] + 2 * LINE
            case Heading():
                return 18.0
            case None | PageBreak():
                return 0.0
        return 3 * LINE

    def image_size(self, png: bytes) -> tuple[float, float]:
        return image_box(png, self.pdf.epw, MAX_IMAGE_HEIGHT)

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        pdf = self.pdf
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()

    def write(self, block: Block) -> None:
        pdf = self.pdf
        match block:
            case Heading(level=level, text=text):
                self.heading(level, xml_text(text))
            case Paragraph(text=text, style=style):
                self.paragraph(text, style)
            case Labelled(label=label, text=text):
                self.room(3 * LINE)
                pdf.set_font(FONT, "B", BODY_SIZE)
                pdf.multi_cell(0, LINE, xml_text(label), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.paragraph(text, "body")
            case Bullets(items=items):
                for item in items:
                    self.bullet(item)
                pdf.ln(1.5)
            case QuoteBlock(text=text, by=by):
                self.quote(text, by)
            case Table():
                self.table(block)
            case Image(png=png, caption=caption):
                self.image(png, xml_text(caption))
            case PageBreak():
                pdf.add_page()

    def heading(self, level: int, text: str) -> None:
        pdf = self.pdf
        sizes = {0: 19.0, 1: 14.0, 2: 11.5, 3: 10.0}
        size = sizes.get(level, 10.0)
        lines = len(cast(list[str], pdf.multi_cell(0, size * 0.5, text, dry_run=True, output="LINES")))
        self.room(lines * size * 0.5 + 6 + self.start_of(self.following))
        if level == 1:
            pdf.start_section(_fit(pdf, text, 10_000), level=0, strict=False)
        elif level == 2:
            pdf.start_section(_fit(pdf, text, 10_000), level=1, strict=False)
        pdf.ln({0: 1, 1: 5, 2: 3, 3: 2}.get(level, 2))
        pdf.set_font(FONT, "B", size)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if level == 1:
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin, pdf.get_y() + 0.8, pdf.l_margin + pdf.epw, pdf.get_y() + 0.8)
            pdf.ln(2.5)
        else:
            pdf.ln(1)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "", BODY_SIZE)

    def paragraph(self, text: str, style: str) -> None:
        pdf = self.pdf
        if style == "note":
            pdf.set_font(FONT, "I", BODY_SIZE - 1)
            pdf.set_text_color(*MUTED)
        elif style == "strong":
            pdf.set_font(FONT, "B", BODY_SIZE)
        elif style == "lead":
            pdf.set_font(FONT, "B", BODY_SIZE + 0.5)
            pdf.set_text_color(*MUTED)
            text = text.upper()
        else:
            pdf.set_font(FONT, "", BODY_SIZE)
        for part in _BLANK_LINES.split(xml_text(text).strip()) or [""]:
            pdf.multi_cell(0, LINE, part.strip(), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.6)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "", BODY_SIZE)

    def bullet(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", BODY_SIZE)
        self.room(LINE * 2)
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(4, LINE, "•")
        pdf.multi_cell(pdf.epw - 6, LINE, xml_text(text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def quote(self, text: str, by: str) -> None:
        pdf = self.pdf
        indent, width = 6.0, pdf.epw - 10.0
        pdf.set_font(FONT, "I", BODY_SIZE)
        lines = cast(
            list[str],
            pdf.multi_cell(width, LINE, xml_text(text.strip()), dry_run=True, output="LINES"),
        )
        self.room(min(len(lines) + 2, 12) * LINE)
        top, page = pdf.get_y(), pdf.page_no()
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(
            width, LINE, xml_text(text.strip()), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_font(FONT, "", BODY_SIZE - 1.5)
        pdf.set_text_color(*MUTED)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(
            width, LINE - 0.6, xml_text(f"– {by}"), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_text_color(0, 0, 0)
        if pdf.page_no() == page:  # a bar beside the quote, as in the Word document
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(0.8)
            pdf.line(pdf.l_margin + 2.5, top + 0.5, pdf.l_margin + 2.5, pdf.get_y() - 0.5)
        pdf.ln(2)
        pdf.set_font(FONT, "", BODY_SIZE)

    def table(self, block: Table) -> None:
        """A table drawn cell by cell, with its header row repeated on every page it runs onto; a
        short one (:meth:`whole_height`) is kept on one page.

        Not fpdf2's ``pdf.table()``: that breaks every cell's text into lines character by
        character, twice (to measure, then to draw), which made the appendix of a proposal with
        6 options and 15 raters take several seconds. Here a cell is wrapped once, word by word.
        """
        pdf = self.pdf
        grid, header, rows = self.table_cells(block)
        whole = self._whole(grid, header, rows)
        self.room(whole if whole is not None else 4 * LINE)
        if header is not None:
            grid.row(header, "B", HEADER_FILL)
        for cells in rows:
            grid.row(cells, "", None, header=header, label=block.key_value)
        pdf.ln(3)
        pdf.set_font(FONT, "", BODY_SIZE)

    def table_cells(self, block: Table) -> tuple[_Grid, list[list[str]] | None, list[list[list[str]]]]:
        """The table's grid, and the lines of each cell of its header row (none for a table of facts)
        and of its rows."""
        pdf = self.pdf
        size = 7.6 if block.small else 8.5
        widths = column_widths(block, pdf.epw, self.measure(size), _Grid.PADDING[1] + _Grid.PADDING[3] + 0.3)
        grid = _Grid(pdf, widths, size)
        header = (
            None if block.key_value else [grid.lines(i, xml_text(h), "B") for i, h in enumerate(block.header)]
        )
        rows = [
            [
                grid.lines(i, xml_text(value), "B" if block.key_value and i == 0 else "")
                for i, value in enumerate(values)
            ]
            for values in block.rows
        ]
        pdf.set_font(FONT, "", size)
        return grid, header, rows

    def whole_height(self, block: Table) -> float | None:
        """How tall a short table is, which is kept on one page with the heading above it; None for a
        table of more rows than :data:`KEEP_WHOLE_ROWS` or taller than half a page."""
        if len(block.rows) > KEEP_WHOLE_ROWS:
            return None
        return self._whole(*self.table_cells(block))

    def _whole(
        self, grid: _Grid, header: list[list[str]] | None, rows: list[list[list[str]]]
    ) -> float | None:
        if len(rows) > KEEP_WHOLE_ROWS:
            return None
        height = sum(grid.height(cells) for cells in ([header] if header is not None else []) + rows)
        return height if height <= (self.pdf.page_break_trigger - self.pdf.t_margin) / 2 else None

    def measure(self, size: float) -> Callable[[str, bool], float]:
        """The width of a text in a table's font, in mm (bold or not)."""
        pdf = self.pdf

        def width(text: str, bold: bool) -> float:
            pdf.set_font(FONT, "B" if bold else "", size)
            return float(pdf.get_string_width(text))

        return width

    def image(self, png: bytes, caption: str) -> None:
        pdf = self.pdf
        width, height = self.image_size(png)
        self.room(height + 3 * LINE)
        x = pdf.l_margin + (pdf.epw - width) / 2
        pdf.image(BytesIO(png), x=x, w=width, h=height, alt_text=caption, title=caption)
        pdf.set_font(FONT, "I", BODY_SIZE - 1)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, LINE, caption, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "", BODY_SIZE)
        pdf.ln(2)


class _Grid:
    """Draws table rows: borders, fills and left-aligned, top-aligned wrapped text."""

    PADDING = (1.0, 1.4, 1.0, 1.4)  # top, right, bottom, left (mm)

    def __init__(self, pdf: FPDF, widths: Sequence[float], size: float) -> None:
        self.pdf = pdf
        self.widths = widths
        self.size = size
        self.line = size * 0.48
        self._space: dict[str, float] = {}

    def lines(self, column: int, text: str, style: str) -> list[str]:
        """``text`` broken into lines that fit the column: at spaces, after a hyphen in a word too long,
        and only as a last resort inside a word (the columns are made wide enough for every word)."""
        pdf = self.pdf
        pdf.set_font(FONT, style, self.size)
        room = self.widths[column] - self.PADDING[1] - self.PADDING[3]
        space = self._space.setdefault(style, pdf.get_string_width(" "))
        out: list[str] = []
        for paragraph in text.split("\n"):
            line: str | None = None
            used = 0.0
            for word in paragraph.split(" "):
                width = pdf.get_string_width(word)
                if line is not None and used + space + width <= room:
                    line, used = f"{line} {word}", used + space + width
                    continue
                if line is not None:
                    out.append(line)
                while width > room and len(word) > 1:
                    cut = _cut(word, room, pdf.get_string_width)
                    out.append(word[:cut])
                    word = word[cut:]
                    width = pdf.get_string_width(word)
                line, used = word, width
            out.append(line or "")
        return out or [""]

    def height(self, cells: Sequence[list[str]]) -> float:
        """The height of a row whose cells have these lines."""
        top, _right, bottom, _left = self.PADDING
        return max(len(lines) for lines in cells) * self.line + top + bottom

    def row(
        self,
        cells: Sequence[list[str]],
        style: str,
        fill: tuple[int, int, int] | None,
        *,
        header: Sequence[list[str]] | None = None,
        label: bool = False,
    ) -> None:
        """One row; it moves to the next page whole unless it is taller than a page."""
        pdf = self.pdf
        top, _right, bottom, _left = self.PADDING
        height = self.height(cells)
        page = pdf.page_break_trigger - pdf.t_margin
        if pdf.get_y() + height > pdf.page_break_trigger and height <= page:
            self._new_page(header)
        remaining = [list(lines) for lines in cells]
        while True:
            room = int((pdf.page_break_trigger - pdf.get_y() - top - bottom) // self.line)
            count = max(len(lines) for lines in remaining)
            if room < 1:
                self._new_page(header)
                continue
            now = min(count, room)
            self._slice([lines[:now] for lines in remaining], style, fill, now, label)
            remaining = [lines[now:] for lines in remaining]
            if now == count:
                return
            self._new_page(header)

    def _new_page(self, header: Sequence[list[str]] | None) -> None:
        self.pdf.add_page()
        if header is not None:
            self.row(header, "B", HEADER_FILL)

    def _slice(
        self,
        cells: Sequence[list[str]],
        style: str,
        fill: tuple[int, int, int] | None,
        count: int,
        label: bool,
    ) -> None:
        pdf = self.pdf
        top, _right, bottom, left = self.PADDING
        height = count * self.line + top + bottom
        x, y = pdf.l_margin, pdf.get_y()
        # The baseline of a line: its middle, lowered by about a third of the letters' height.
        baseline = self.line / 2 + self.size * 25.4 / 72 * 0.33
        for column, (lines, width) in enumerate(zip(cells, self.widths, strict=True)):
            cell_fill = LABEL_FILL if label and column == 0 else fill
            if cell_fill is not None:
                pdf.set_fill_color(*cell_fill)
            pdf.rect(x, y, width, height, style="DF" if cell_fill is not None else "D")
            pdf.set_font(FONT, "B" if label and column == 0 else style, self.size)
            for number, text in enumerate(lines):
                if text:
                    pdf.text(x + left, y + top + number * self.line + baseline, text)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)


def _cut(word: str, room: float, width: Callable[[str], float]) -> int:
    """Where a word too long for ``room`` is broken: after its last hyphen that fits, else where it must."""
    for position in range(len(word) - 1, 0, -1):
        if word[position - 1] == "-" and width(word[:position]) <= room:
            return position
    cut = len(word) - 1
    while cut > 1 and width(word[:cut]) > room:
        cut -= 1
    return cut
