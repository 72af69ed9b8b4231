"""Making user text safe for each kind of file: spreadsheets, XML, Markdown.

Users write the titles, reasons and notes that end up in the exports, and some of those texts
must never act as anything but text:

* a spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
  return before one of them) as a formula. :func:`starts_formula` says when, and
  :func:`neutralise` puts an apostrophe in front, as OWASP recommends for CSV files. The Excel
  writer keeps the text unchanged and stores it as a string with Excel's quote prefix instead;
  both decide with the same :func:`starts_formula`;
* a spreadsheet shows ``#N/A``, ``#DIV/0!`` and its other error values as an error, not as the
  text: :func:`reads_as_error` says when, and the Excel writer stores such a text as a string
  with the quote prefix as well (:func:`keep_as_text` is the one test for both);
* an Excel cell holds at most 32,767 characters, and openpyxl cuts a longer text without a
  word: :func:`cell_text` cuts it where it must and says so at the end of the cell, pointing to
  the files that hold the whole text;
* XML (Word and Excel files) cannot hold most control characters: :func:`xml_text` drops them;
* a chart is drawn from a Vega-Lite specification whose label expressions are parsed as
  JavaScript and whose text is drawn through SVG: :func:`chart_text` puts a space where a
  character would end a JavaScript string (U+2028, U+2029) or cannot be drawn;
* Markdown would turn brackets into links, ``<`` into HTML and a bare address into a link:
  :func:`markdown_text` escapes all of it.
"""

from __future__ import annotations

import re

__all__ = [
    "CELL_LIMIT",
    "FORMULA_TRIGGERS",
    "SPREADSHEET_ERRORS",
    "cell_text",
    "chart_text",
    "keep_as_text",
    "markdown_text",
    "neutralise",
    "reads_as_error",
    "starts_formula",
    "xml_text",
]

# What makes Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Error values: openpyxl stores a text equal to one of the first seven as an error cell, and
# Excel may turn any of them (in any case) into an error when the cell is edited. The others
# are the errors of newer Excel versions.
SPREADSHEET_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}
    | {"#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)

# Excel's limit on one cell's text. Excel counts UTF-16 code units (an emoji is two), so
# :func:`cell_text` does too; a text within it is within openpyxl's count of characters as well.
CELL_LIMIT = 32_767

# Characters XML 1.0 cannot contain at all; tab, newline and carriage return are allowed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")


# What a chart text cannot hold: every C0 and C1 control character (a label is one line, and SVG
# cannot hold most of them), the line and paragraph separators that end a JavaScript string
# literal ("Unexpected token ILLEGAL" in a label expression), the XML non-characters and halves of
# a surrogate pair (not encodable as UTF-8).
_CHART_ILLEGAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def starts_formula(text: str) -> bool:
    """True when a spreadsheet would read the text as a formula (or a tab/line break before one)."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """The text as a spreadsheet cell that shows it literally: ``=1+1`` → ``'=1+1``, ``#N/A`` → ``'#N/A``."""
    return "'" + text if keep_as_text(text) else text


def reads_as_error(text: str) -> bool:
    """True when a spreadsheet would show the text as one of its error values: ``#N/A``."""
    return text.strip().upper() in SPREADSHEET_ERRORS


def keep_as_text(text: str) -> bool:
    """True when a spreadsheet cell needs the quote prefix to show the text as it is."""
    return starts_formula(text) or reads_as_error(text)


def cell_text(text: str, cut_note: str) -> str:
    """The text as one spreadsheet cell can hold it: XML-legal, and within :data:`CELL_LIMIT`.

    A longer text keeps as much as fits with ``cut_note`` after it ("… [cut: …]"), so a reader
    sees that it goes on and where to read the rest. The cut never splits an emoji in half.
    """
    text = xml_text(text)
    if len(text) <= CELL_LIMIT // 2 or _utf16_length(text) <= CELL_LIMIT:
        return text
    room = CELL_LIMIT - _utf16_length(cut_note)
    kept = text.encode("utf-16-le")[: 2 * room].decode("utf-16-le", "ignore")  # "ignore": half a pair
    return kept + cut_note


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def xml_text(text: str) -> str:
    """The text without the control characters XML cannot hold (they have no meaning in a document)."""
    return _XML_ILLEGAL.sub("", text)


def chart_text(text: str) -> str:
    """The text as a chart can draw it: each character that would break the drawing is a space.

    A space rather than nothing, so words on either side of a pasted line break stay apart.
    """
    return _CHART_ILLEGAL.sub(" ", text)


# Characters that make Markdown anywhere in a line: emphasis, code, links, tables, strikethrough.
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]|~])")
# What makes a block at the start of a line: a heading, list, quote, rule or setext underline.
_LINE_START = re.compile(r"^([#>+=-]|\d+[.)])")
# GitHub-flavoured Markdown turns bare addresses into links: "www.", "http://", "x@y.dk".
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?=@)")


def markdown_text(text: str, *, line_starts: bool = True) -> str:
    """User text as Markdown that shows exactly the text: no emphasis, link, image, HTML or heading.

    The characters that make Markdown are escaped with a backslash (those that only matter at the
    start of a line, only there), ``<`` and ``&`` become entities, and a zero-width space breaks
    what GitHub would turn into a link by itself (``www.``, ``http://``, ``@``). Line breaks
    inside the text become Markdown line breaks. In a table cell (``line_starts=False``) nothing
    starts a block, so the start of the text is left as it is.
    """
    text = xml_text(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MARKDOWN_ANYWHERE.sub(r"\\\1", text)
    text = _AUTOLINK.sub("\u200b", text)
    lines = [line.strip() for line in text.split("\n")]
    if line_starts:
        lines = [_LINE_START.sub(_escape_start, line) for line in lines]
    return "  \n".join(lines)


def _escape_start(match: re.Match[str]) -> str:
    marker = match.group(1)
    return marker[:-1] + "\\" + marker[-1]
