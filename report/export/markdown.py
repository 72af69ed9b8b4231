"""The decision summary as Markdown, for a wiki, an intranet page or a Git repository.

The same blocks as the Word and PDF documents (charts excepted). Every text a user wrote is
escaped (:func:`report.export.safe.markdown_text`), so a reason can never become a link, an image,
HTML or a heading; only the structure this module writes is Markdown.
"""

from __future__ import annotations

from assessment.summary_model import DecisionSummary
from report.export.fit import consecutive_headings
from report.export.layout import (
    Block,
    Bullets,
    Heading,
    Image,
    Labelled,
    PageBreak,
    Paragraph,
    QuoteBlock,
    Table,
    blocks,
)
from report.export.safe import markdown_text as text

__all__ = ["to_markdown"]


def to_markdown(summary: DecisionSummary) -> str:
    """The summary as one Markdown document (UTF-8 text, lines ending in "\\n")."""
    parts = [_block(block) for block in consecutive_headings(blocks(summary))]
    return "\n\n".join(part for part in parts if part) + "\n"


def _block(block: Block) -> str:
    match block:
        case Heading(level=level, text=title):
            return "#" * (level + 1) + " " + _one_line(title)
        case Paragraph(text=body, style=style):
            if style == "note" or style == "lead":
                return f"*{text(body)}*"
            if style == "strong":
                return f"**{text(body)}**"
            return text(body)
        case Labelled(label=label, text=body):
            return f"**{_one_line(label)}**  \n{text(body)}"
        case Bullets(items=items):
            return "\n".join(f"- {_one_line(item)}" for item in items)
        case QuoteBlock(text=quote, by=by):
            lines = text(quote.strip()).split("\n")
            return "\n".join(f"> {line}" for line in lines) + f"  \n> — *{_one_line(by)}*"
        case Table(header=header, rows=rows):
            head = "| " + " | ".join(_cell(h) for h in header) + " |"
            rule = "|" + "|".join(" --- " for _h in header) + "|"
            body_rows = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            return "\n".join([head, rule, *body_rows])
        case Image() | PageBreak():
            return ""
    return ""


def _one_line(value: str) -> str:
    return text(" ".join(value.split()))


def _cell(value: str) -> str:
    # A table cell is one line; its pipes are escaped by markdown_text already.
    return text(" ".join(value.replace("\n", " · ").split()), line_starts=False) or " "
