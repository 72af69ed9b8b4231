"""Every score of the summary as a CSV file that Danish Excel opens correctly by double-click.

UTF-8 with a byte order mark (so Excel reads æ, ø and å), ";" between fields (the Danish list
separator; Excel in Danish splits on it) and CRLF line ends. A text that a spreadsheet would run
as a formula gets an apostrophe in front (:func:`report.export.safe.neutralise`); numbers stay
numbers.
"""

from __future__ import annotations

import csv
import io

from assessment.kernel.i18n import Translator
from assessment.summary_model import DecisionSummary
from report.export.safe import neutralise, xml_text

__all__ = ["SEPARATOR", "score_header", "score_values", "to_csv"]

SEPARATOR = ";"


def score_header(_: Translator) -> list[str]:
    return [
        _("Option"),
        _("Dimension"),
        _("Criterion key"),
        _("Criterion"),
        _("Scored for"),
        _("Participant"),
        _("Level"),
        _("Level name"),
        _("Reason"),
        _("Round"),
    ]


def score_values(summary: DecisionSummary) -> list[list[str | int | None]]:
    return [
        [
            row.option,
            row.dimension,
            row.criterion_key,
            row.criterion,
            row.facet,
            row.participant,
            row.level,
            row.level_label,
            row.reason,
            row.round,
        ]
        for row in summary.appendix.scores
    ]


def to_csv(summary: DecisionSummary) -> bytes:
    """The scores as CSV bytes (UTF-8 with BOM, ";"-separated)."""
    _ = Translator(summary.language)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=SEPARATOR, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in score_header(_)])
    for values in score_values(summary):
        writer.writerow(
            ["" if v is None else v if isinstance(v, int) else neutralise(xml_text(v)) for v in values]
        )
    return buffer.getvalue().encode("utf-8-sig")
