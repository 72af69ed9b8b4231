"""Making user text safe for each kind of file: spreadsheets, XML, Markdown.

Users write the titles, reasons and notes that end up in the exports, and some of those texts
must never act as anything but text:

* a spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
  return before one of them) as a formula. :func:`starts_formula` says when, and
  :func:`neutralise` puts an apostrophe in front, as OWASP recommends for CSV files. The Excel
  writer keeps the text unchanged and stores it as a string with Excel's quote prefix instead;
  both decide with the same :func:`starts_formula`;
* XML (Word and Excel files) cannot hold most control characters: :func:`xml_text` drops them;
* Markdown would turn brackets into links, ``<`` into HTML and a bare address into a link:
  :func:`markdown_text` escapes all of it.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_TRIGGERS", "markdown_text", "neutralise", "starts_formula", "xml_text"]

# What makes Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Characters XML 1.0 cannot contain at all; tab, newline and carriage return are allowed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")


def starts_formula(text: str) -> bool:
    """True when a spreadsheet would read the text as a formula (or a tab/line break before one)."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """The text as a spreadsheet cell that shows it literally: ``=1+1`` → ``'=1+1``."""
    return "'" + text if starts_formula(text) else text


def xml_text(text: str) -> str:
    """The text without the control characters XML cannot hold (they have no meaning in a document)."""
    return _XML_ILLEGAL.sub("", text)


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
