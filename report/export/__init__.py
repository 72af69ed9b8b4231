"""The decision summary as files: Word, PDF, Excel, Markdown and CSV.

:func:`export` is what a page's download button and ``python -m report`` call: one use case,
:func:`~assessment.summary.export_summary`, reads the summary and the comparison its charts are
drawn from in one read transaction; this package only renders them (the charts offline, for
Word and PDF), writes in the audit trail that the file left the app
(:func:`~assessment.summary.record_export`) and hands back the file's bytes with a name and a
media type. Each ``to_*`` function renders an already built
:class:`~assessment.summary_model.DecisionSummary`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from assessment.comparison import Comparison
from assessment.kernel.i18n import Translator
from assessment.kernel.permissions import Actor
from assessment.kernel.repository import UnitOfWork
from assessment.summary import export_summary, record_export
from assessment.summary_model import DecisionSummary
from report.export.csv_file import to_csv
from report.export.excel import to_xlsx
from report.export.layout import ChartImage
from report.export.markdown import to_markdown
from report.export.pdf import to_pdf
from report.export.word import to_docx

__all__ = [
    "ChartImage",
    "Export",
    "Format",
    "export",
    "file_name",
    "file_name_for",
    "render_charts",
    "to_csv",
    "to_docx",
    "to_markdown",
    "to_pdf",
    "to_xlsx",
]


class Format(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"
    MD = "md"
    CSV = "csv"


MEDIA_TYPES: dict[Format, str] = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.MD: "text/markdown; charset=utf-8",
    Format.CSV: "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Export:
    """One file, ready for a download button or the disk."""

    data: bytes
    file_name: str
    media_type: str


def render_charts(comparison: Comparison, _: Translator, scale: float = 2.0) -> list[ChartImage]:
    """The document charts as PNG images, each tagged with the section of the summary it belongs in."""
    from report.charts import document_charts, to_png  # Altair and vl-convert only when drawing

    return [
        ChartImage(found.caption, to_png(found.chart, scale=scale), found.section)
        for found in document_charts(comparison, _)
    ]


def file_name(summary: DecisionSummary, fmt: Format | str) -> str:
    return file_name_for(summary.proposal_id, summary.title, summary.language, fmt)


def file_name_for(proposal_id: int, title: str, language: str, fmt: Format | str) -> str:
    """ "beslutningsreferat-12-faste-aargangsteams.docx": the document, the proposal, plain ASCII."""
    fmt = Format(fmt)
    folded = unicodedata.normalize("NFKD", title.lower().translate(_DANISH))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")[:50].strip("-")
    kind = "scores" if fmt is Format.CSV else _DOCUMENT.get(language, "decision-summary")
    if fmt is Format.CSV and language == "da":
        kind = "vurderinger"
    return f"{kind}-{proposal_id}-{slug or 'forslag'}.{fmt.value}"


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_DOCUMENT = {"da": "beslutningsreferat", "en": "decision-summary"}


def export(
    uow: UnitOfWork,
    proposal_id: int,
    fmt: Format | str,
    translator: Translator,
    *,
    actor: Actor,
    pseudonymise: bool = True,
    dimension_weights: Mapping[str, float] | None = None,
) -> Export:
    """The proposal's decision summary as one file; refused before the reveal like the summary.

    One read transaction for everything the file says; once the file is made, one write for
    the audit trail.
    """
    fmt = Format(fmt)
    read = export_summary(
        uow,
        proposal_id,
        translator,
        actor=actor,
        pseudonymise=pseudonymise,
        dimension_weights=dimension_weights,
    )
    summary, comparison = read.summary, read.comparison
    if fmt is Format.DOCX:
        data = to_docx(summary, render_charts(comparison, translator))
    elif fmt is Format.PDF:
        data = to_pdf(summary, render_charts(comparison, translator))
    elif fmt is Format.XLSX:
        data = to_xlsx(summary)
    elif fmt is Format.MD:
        data = to_markdown(summary).encode("utf-8")
    else:
        data = to_csv(summary)
    done = Export(data, file_name(summary, fmt), MEDIA_TYPES[fmt])
    record_export(uow, proposal_id, file_format=fmt.value, named=not summary.pseudonymised, actor=actor)
    return done
