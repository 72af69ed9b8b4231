"""Fitting the summary's blocks onto a page: column widths, heading levels, image sizes.

Shared by the Word and PDF writers (and the heading levels by Markdown), so every file lays the
same table out the same way:

* :func:`column_widths`: a table's columns as wide as their content needs. Each column gets at
  least its longest word (a header or a cell), so no word is ever broken inside a cell
  ("gennemførlighe|d"); the room left is shared as the table asks (``Table.widths``).
* :func:`consecutive_headings`: heading levels without a jump (## → ####), so a reader's navigation
  pane, a screen reader and Markdown show a proper outline.
* :func:`image_box`: a chart's size on the page from its own proportions, never taller than
  ``max_height`` (a square chart does not fill a whole page).
* :func:`keep_codes_whole`: a hyphen before a digit ("SHA-256", "27.00.00-A00-12-26") that a line
  must never break at.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable, Iterator

from report.export.layout import Block, Heading, Table

__all__ = [
    "FULL_WIDTH_PX",
    "LONG_CODE",
    "NON_BREAKING_HYPHEN",
    "column_widths",
    "consecutive_headings",
    "estimated_width",
    "image_box",
    "keep_codes_whole",
    "png_scale",
    "png_size",
    "words",
]

NON_BREAKING_HYPHEN = "\u2011"
LONG_CODE = 30  # characters: a "word" this long is a code (a hash, an address), not a word
FULL_WIDTH_PX = 900  # the width of a chart drawn for the whole page (report.charts.WIDTH)

# A hyphen a line may not break at: in a code or a number ("SHA-256", "A00-12-26"), not between
# the parts of a compound ("MED-udvalg" may break after its hyphen, as Danish hyphenates it).
_CODE_HYPHEN = re.compile(r"(?<=[0-9A-Z])-(?=[0-9])")

# Advance widths in ems of a sans-serif font, generous (DejaVu Sans, wider than Calibri, Carlito or
# Liberation Sans): what :func:`estimated_width` adds up when the real font is not at hand.
_NARROW = frozenset("fijlrtI.,:;'!|()[]{}\u2011-/ ")
_WIDE = frozenset("mwMWÆæŒœ@%")


def keep_codes_whole(text: str) -> str:
    """``text`` with each hyphen inside a code or a number made non-breaking."""
    return _CODE_HYPHEN.sub(NON_BREAKING_HYPHEN, text)


def words(text: str) -> list[str]:
    """The pieces a line may break between: words, and the parts of a word after a hyphen."""
    pieces: list[str] = []
    for word in keep_codes_whole(text).split():
        pieces.extend(part for part in re.split(r"(?<=-)", word) if part)
    return pieces


def estimated_width(text: str, size: float, *, bold: bool = False) -> float:
    """About how wide ``text`` is at ``size`` (the result in the unit of ``size``), on the wide side."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.36
        elif char in _WIDE:
            ems += 0.92
        elif char.isupper() or char.isdigit():
            ems += 0.72
        else:
            ems += 0.62
    # A tenth more: a fallback font (LibreOffice without Calibri or Carlito) may be wider still.
    return ems * size * (1.2 if bold else 1.1)


def column_widths(
    table: Table, total: float, measure: Callable[[str, bool], float], padding: float
) -> list[float]:
    """The width of each column (summing to ``total``): at least its longest word plus ``padding``.

    ``measure(text, bold)`` is the width of a text in the cell's font, in the unit of ``total``.
    Header cells are bold, and so is the first column of a key-value table. Columns already wide
    enough keep the share of ``table.widths`` they were given, less what the narrow ones needed.
    When even the longest words cannot all fit, each column gets room in proportion to its word.
    """
    columns = len(table.header)
    need = [0.0] * columns
    cells: Iterable[tuple[int, str, bool]] = (
        *((i, text, True) for i, text in enumerate(table.header) if not table.key_value),
        *((i, text, table.key_value and i == 0) for row in table.rows for i, text in enumerate(row)),
    )
    for column, text, bold in cells:
        for word in words(text):
            # A code as long as a line (a hash, an address) is no word: it may wrap anywhere.
            width = measure(word, bold) if len(word) < LONG_CODE else total * 0.5
            need[column] = max(need[column], width)
    need = [min(width + padding, total) for width in need]
    wanted = [total * width / sum(table.widths) for width in table.widths]
    if sum(need) >= total:
        return [total * width / sum(need) for width in need]
    fixed: set[int] = set()
    while True:
        short = [i for i in range(columns) if i not in fixed and wanted[i] < need[i]]
        if not short:
            return wanted
        for i in short:
            wanted[i] = need[i]
            fixed.add(i)
        free = [i for i in range(columns) if i not in fixed]
        room = total - sum(wanted[i] for i in fixed)
        share = sum(table.widths[i] for i in free)
        for i in free:
            wanted[i] = room * table.widths[i] / share
        if not free:
            return [width * total / sum(wanted) for width in wanted]


def consecutive_headings(items: Iterable[Block]) -> Iterator[Block]:
    """The blocks with each heading at most one level below the heading it belongs under.

    A level-3 heading straight under a level-1 section becomes level 2, and so do its siblings;
    the title (level 0) and the sections (level 1) keep their levels.
    """
    open_levels: list[tuple[int, int]] = []  # (level asked for, level given) of the headings above
    for block in items:
        if not isinstance(block, Heading) or block.level <= 1:
            if isinstance(block, Heading):
                open_levels = [(block.level, block.level)]
            yield block
            continue
        while open_levels and open_levels[-1][0] >= block.level:
            open_levels.pop()
        level = min(block.level, open_levels[-1][1] + 1) if open_levels else block.level
        open_levels.append((block.level, level))
        yield block if level == block.level else Heading(level, block.text)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header; (0, 0) when it is no PNG."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return (0, 0)
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def png_scale(png: bytes) -> float:
    """Pixels per pixel of the chart: the resolution the PNG states (72 ppi is 1), else 1."""
    start = png.find(b"pHYs", 8, 200)
    if start < 0 or len(png) < start + 13:
        return 1.0
    per_x, _per_y, unit = struct.unpack(">IIB", png[start + 4 : start + 13])
    return per_x * 0.0254 / 72 if unit == 1 and per_x else 1.0


def image_box(png: bytes, width: float, max_height: float) -> tuple[float, float]:
    """The image's width and height on the page: a chart as wide as :data:`FULL_WIDTH_PX` fills the
    text's ``width`` and a narrower one (the square scatter chart) in proportion, none taller than
    ``max_height`` (then as tall as that, in its own proportions)."""
    width_px, height_px = png_size(png)
    if width_px:
        width *= min(1.0, width_px / png_scale(png) / FULL_WIDTH_PX)
    height = width * height_px / width_px if width_px else width * 0.6
    if height > max_height:
        width, height = width * max_height / height, max_height
    return width, height
