"""A person's data export (GDPR access request) as JSON and as an Excel workbook.

Both files hold the same thing: one section (JSON key, Excel sheet) per kind of data in
:class:`~assessment.personal_data.PersonalData`, one row per stored item, and the stored field
names as column names, so the files can be checked against each other and against the database.
Times are ISO 8601 in UTC. In the workbook no text can become a formula or an error value, and a
text too long for a cell is cut with a note that the JSON file holds all of it (``write_cell``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.personal_data import COVERAGE, PersonalData
from report.export.excel import Value, write_cell

__all__ = ["MEDIA_TYPES", "SECTION_LABELS", "to_json", "to_xlsx"]

MEDIA_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The sheet of each part; the order is the order of the workbook and of the JSON file.
SECTION_LABELS: dict[str, str] = {
    "person": N_("Person"),
    "memberships": N_("Roles"),
    "committee_seats": N_("MED committee seats"),
    "scores": N_("Scores"),
    "score_drafts": N_("Unsubmitted answers"),
    "dilemmas": N_("Dilemmas"),
    "notes": N_("Discussion notes"),
    "decisions": N_("Decisions"),
    "plans": N_("Economy and consequences"),
    "readiness": N_("Readiness answers"),
    "evidence": N_("Citizen evidence"),
    "med_steps": N_("MED steps"),
    "consultations": N_("Consultations"),
    "indicators": N_("Outcome indicators"),
    "measurements": N_("Measurements"),
    "conclusions": N_("Follow-up conclusions"),
    "core_tasks": N_("Core tasks"),
    "core_task_drafts": N_("Drafts of core tasks"),
    "proposals": N_("Proposals"),
    "panels": N_("Panels"),
    "audit_events": N_("Audit trail"),
}
assert SECTION_LABELS.keys() == COVERAGE.keys()
WITHHELD_WHY = N_(
    "Held back for now, because nobody but the person may see them yet: scores of a proposal still "
    "in blind scoring, and drafts. Export again after the reveal, or once the draft goes to scoring."
)
UNSUBMITTED_WHY = N_(
    "Unsubmitted answers are never handed out: only the person who gave them may read them, on their "
    "own scoring screen, until they submit them as scores."
)


def _why(data: PersonalData) -> list[str]:
    return [WITHHELD_WHY, *([UNSUBMITTED_WHY] if "score_drafts" in data.withheld else [])]


def _plain(value: Any) -> Any:
    """A JSON-ready value: times as ISO text in UTC, enums as their stored value."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _sections(data: PersonalData) -> dict[str, list[dict[str, Any]]]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for name in SECTION_LABELS:
        items = getattr(data, name)
        sections[name] = [_plain(item) for item in (items if isinstance(items, list) else [items])]
    for row in sections["memberships"]:
        row["unit_name"] = data.unit_names.get(row["unit_id"], "")
    for row in sections["committee_seats"]:
        row["committee_name"] = data.committee_names.get(row["committee_id"], "")
    return sections


def to_json(data: PersonalData) -> bytes:
    document = {
        "exported_at": data.exported_at.isoformat(),
        **_sections(data),
        "proposal_titles": {str(key): title for key, title in sorted(data.proposal_titles.items())},
        "withheld": {"items": data.withheld, "why": " ".join(_why(data))} if data.withheld else {},
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _cell(value: Any) -> Value:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)  # nested: options, before/after


def _sheet(workbook: Workbook, title: str, rows: Sequence[dict[str, Any]], empty: str, cut_note: str) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    header = list(rows[0]) if rows else [empty]
    for column, name in enumerate(header, start=1):
        write_cell(sheet, 1, column, name, cut_note=cut_note)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = 22
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(header, start=1):
            write_cell(sheet, number, column, _cell(row.get(name)), cut_note=cut_note)
    sheet.freeze_panes = "A2"


def to_xlsx(data: PersonalData, language: str = "da") -> bytes:
    """One sheet per kind of data; sheet names in ``language``, columns as stored."""
    _ = Translator(language)
    workbook = Workbook()
    workbook.remove(workbook.active)
    cut = _("… [cut: the whole text is in the JSON file]")
    for name, rows in _sections(data).items():
        _sheet(workbook, _(SECTION_LABELS[name]), rows, _("Nothing stored"), cut)
    titles = [{"proposal_id": key, "title": title} for key, title in sorted(data.proposal_titles.items())]
    _sheet(workbook, _("Proposal titles"), titles, _("Nothing stored"), cut)
    if data.withheld:
        rows = [
            {_("Part"): _(SECTION_LABELS[name]), _("Items"): count} for name, count in data.withheld.items()
        ]
        rows.extend({_("Part"): _(why), _("Items"): None} for why in _why(data))
        _sheet(workbook, _("Withheld for now"), rows, _("Nothing stored"), cut)
    workbook.properties.creator = "Kernekompas"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
