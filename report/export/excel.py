"""The decision summary as an Excel workbook: the summary, the options, every score, every criterion,
and the follow-up (indicators with every measurement; the panel's follow-up per dimension and question).

Each sheet is one table with a bold, frozen header row and an autofilter, so the scores can be
sorted and filtered at once. Numbers are numbers (levels, counts, medians, per cents), so Excel
can calculate with them. User text is always a string cell: it can never become a formula or an
error value, and a text that looks like one (:func:`report.export.safe.keep_as_text`) also gets
Excel's quote prefix, so it is shown exactly as it was written. A text longer than a cell can
hold ends with a note that it was cut; the Word, PDF, Markdown and CSV files hold all of it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator
from assessment.kernel.rubric import BaselineRule, Rubric, Scope
from assessment.outcome_rules import INDICATOR_STATE_LABELS, IndicatorState, expected_value, state_at
from assessment.summary_model import DecisionSummary, Fact
from report.export.csv_file import score_header, score_values
from report.export.safe import cell_text, keep_as_text, xml_text

__all__ = ["to_xlsx", "write_cell"]

AUTHOR = "Kernekompas"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

Value = str | int | float | bool | date | None

# The dates a summary writes (Translator.date): "05.10.2026" in Danish, "5 Oct 2026" in English;
# on the summary sheet they become date cells in the reader's date format.
DATE_FORMATS = {"da": "dd.mm.yyyy", "en": "d mmm yyyy"}
_DATE_TEXT = {
    "da": (re.compile(r"\d{2}\.\d{2}\.\d{4}"), "%d.%m.%Y"),
    "en": (re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4}"), "%d %b %Y"),
}
FIXED = N_("Fixed at no difference")


def write_cell(
    sheet: Worksheet, row: int, column: int, value: Value, *, cut_note: str, wrap: bool = False
) -> None:
    """Write one value; a text is always a text, never a formula or an error value.

    ``cut_note`` ends a text too long for a cell (:func:`report.export.safe.cell_text`): it
    says in the reader's language which file holds the whole text.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = cell_text(value, cut_note)
        cell.value = text
        cell.data_type = "s"  # openpyxl takes "=…" for a formula and "#N/A" for an error
        if keep_as_text(text):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
    cell.alignment = WRAP if wrap else TOP


def _sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    widths: Sequence[float],
    *,
    cut_note: str,
    wrap: Sequence[int] = (),
    formats: dict[int, str] | None = None,
    dates: tuple[Sequence[int], str] = ((), "da"),
) -> Worksheet:
    """One sheet; the columns in ``dates[0]`` hold dates written as text in the language ``dates[1]``,
    and a text that is such a date becomes a date cell. A date value is a date cell in any column,
    shown in the format of ``dates[1]``."""
    sheet = workbook.create_sheet(title=xml_text(title)[:31])
    date_columns, language = dates
    widths = [max(width, _longest_word(text) + 2) for width, text in zip(widths, header, strict=False)]
    for column, text in enumerate(header, start=1):
        write_cell(sheet, 1, column, text, cut_note=cut_note)
        cell = sheet.cell(row=1, column=column)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            day = value if isinstance(value, date) else None
            if day is None and (column - 1) in date_columns:
                day = _as_date(value, language)
            write_cell(
                sheet,
                number,
                column,
                value if day is None else day,
                cut_note=cut_note,
                wrap=(column - 1) in wrap,
            )
            if day is not None:
                sheet.cell(row=number, column=column).number_format = DATE_FORMATS.get(language, "yyyy-mm-dd")
            elif formats and (column - 1) in formats:
                sheet.cell(row=number, column=column).number_format = formats[column - 1]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, values in enumerate(rows, start=2):
        lines = max((_lines(values[c], widths[c]) for c in wrap if c < len(values)), default=1)
        if lines > 1:  # Excel and LibreOffice do not grow a row for wrapped text by themselves
            sheet.row_dimensions[number].height = min(409, 15 * lines)
    # The header row as tall as its longest header needs, wrapped between words (LibreOffice does
    # not grow it by itself and showed "Placerin g" in a row of one line).
    sheet.row_dimensions[1].height = (
        15 * max(_header_lines(text, width) for text, width in zip(header, widths, strict=False)) + 4
    )
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _header_lines(text: str, width: float) -> int:
    """How many lines a bold header needs in a column ``width`` characters wide, wrapped between words."""
    room = max(1.0, width - 1.5) / 1.1  # bold text is wider than the digits a column width counts
    lines, used = 1, 0.0
    for word in text.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, float(len(word))
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _as_date(value: Value, language: str) -> date | None:
    """The day a text such as "05.10.2026" names, when that is the whole text; else None."""
    if not isinstance(value, str) or language not in _DATE_TEXT:
        return None
    pattern, form = _DATE_TEXT[language]
    if not pattern.fullmatch(value.strip()):
        return None
    try:
        return datetime.strptime(value.strip(), form).date()
    except ValueError:
        return None


def _lines(value: Value, width: float) -> int:
    """About how many lines a wrapped text needs in a column ``width`` characters wide."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width * 1.1))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))


def to_xlsx(summary: DecisionSummary, rubric: Rubric | None = None) -> bytes:
    """The summary as .xlsx bytes: Summary, Options, Scores and Criteria sheets, and the follow-up's
    sheets once there is something to show (:func:`_follow_up_sheets`).

    With the proposal's ``rubric`` the criteria sheet lists only what the rubric asks of each
    option: no readiness question (asked once about the proposal) and, for "keep as is", the
    criteria fixed at no difference marked as fixed rather than as rated.
    """
    _ = Translator(summary.language)
    workbook = Workbook()
    workbook.remove(workbook.active)
    cut = _("… [cut: the whole text is in the Word and PDF files]")

    _sheet(
        workbook,
        _("Summary"),
        (_("Section"), _("Item"), _("Details")),
        _summary_rows(summary, _),
        (30, 34, 100),
        cut_note=cut,
        wrap=(0, 1, 2),
        dates=((2,), summary.language),
    )

    options = summary.options
    header = (
        _("Option"),
        _("Chosen"),
        _("Baseline"),
        *options.dimensions,
        _("Overall index"),
        _("Description"),
    )
    rows: list[list[Value]] = []
    for option in options.options:
        rows.append(
            [
                option.title,
                _("Yes") if option.is_chosen else "",
                _("Yes") if option.is_baseline else "",
                *(p.text for p in option.profile),  # in the scale's words, as in the documents
                option.index,
                option.description,
            ]
        )
    percent = {3 + len(options.dimensions): "0%"}  # the index only, in whole percentages
    _sheet(
        workbook,
        _("Options"),
        header,
        rows,
        (36, 9, 9, *(24 for _d in options.dimensions), 10, 70),
        cut_note=cut,
        wrap=(0, *range(3, 3 + len(options.dimensions)), len(header) - 1),
        formats=percent,
    )

    _sheet(
        workbook,
        _("Scores"),
        score_header(_),
        score_values(summary),
        (30, 22, 18, 50, 20, 30, 8, 20, 70, 8),
        cut_note=cut,
        wrap=(3, 8),
    )

    yes = _("Yes")
    _sheet(
        workbook,
        _("Criteria"),
        (
            _("Option"),
            _("Dimension"),
            _("Criterion key"),
            _("Criterion"),
            _("Scored for"),
            _("Scores"),
            _("Don't know"),
            _("Median"),
            _("Mean"),
            _("Lowest"),
            _("Highest"),
            _("Disagreement"),
            _(FIXED),
        ),
        _criteria_rows(summary, rubric, yes),
        (30, 22, 18, 50, 20, 8, 9, 9, 9, 8, 8, 13, 14),
        cut_note=cut,
        wrap=(3,),
        formats={8: "0.00"},
    )

    _follow_up_sheets(workbook, summary, _, cut)

    properties = workbook.properties
    properties.creator = AUTHOR
    properties.lastModifiedBy = AUTHOR
    properties.title = xml_text(summary.title)[:255]
    properties.subject = xml_text(summary.document_title)
    properties.keywords = "Kernekompas"
    properties.language = summary.language
    moment = summary.generated_at.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = moment
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _follow_up_sheets(workbook: Workbook, summary: DecisionSummary, _: Translator, cut: str) -> None:
    """The follow-up, when there is something to show: each outcome indicator with every measurement
    (one row each; an indicator not yet measured has one row without a measurement), and once the
    follow-up has started, the panel's scores against what it expected, per dimension and per
    criterion of the chosen option. Numbers are numbers and dates date cells; a measurement's note
    is never part of the summary, so it is no part of the workbook either."""
    follow_up = summary.follow_up
    dates = ((), summary.language)
    if follow_up.indicators:
        yes, no = _("Yes"), _("No")
        rows: list[list[Value]] = []
        for view in follow_up.indicators:
            indicator = view.indicator
            about: list[Value] = [
                indicator.name,
                indicator.unit,
                yes if indicator.higher_is_better else no,
                indicator.baseline_value,
                indicator.baseline_date,
                indicator.target_value,
                indicator.target_date,
            ]
            if not view.measurements:
                rows.append([*about, None, None, None, _state(view.state, _), indicator.source, ""])
            for measurement in view.measurements:
                rows.append(
                    [
                        *about,
                        measurement.measured_on,
                        measurement.value,
                        expected_value(indicator, measurement.measured_on),
                        _state(state_at(indicator, measurement.measured_on, measurement.value), _),
                        indicator.source,
                        measurement.source,
                    ]
                )
        _sheet(
            workbook,
            _("Follow-up – indicators"),
            (
                _("Indicator"),
                _("Unit"),
                _("Higher is better"),
                _("Baseline value"),
                _("Baseline date"),
                _("Target value"),
                _("Target date"),
                _("Measured on"),
                _("Actual value"),
                _("Expected on the day measured"),
                _("State"),
                _("Source"),
                _("Source of the measurement"),
            ),
            rows,
            (40, 14, 10, 11, 12, 11, 12, 12, 11, 13, 16, 30, 30),
            cut_note=cut,
            wrap=(0, 11, 12),
            formats={9: "0.00"},
            dates=dates,
        )
    if not follow_up.dimensions:
        return
    _sheet(
        workbook,
        _("Follow-up – dimensions"),
        (
            _("Dimension"),
            _("Scale"),
            _("Expected"),
            _("Expected value"),
            _("Actual"),
            _("Actual value"),
            _("Difference"),
        ),
        [
            [
                row.label,
                row.scale.title(summary.language),
                row.expected.text,
                row.expected.value,
                row.actual.text,
                row.actual.value,
                row.difference,
            ]
            for row in follow_up.dimensions
        ],
        (26, 20, 44, 11, 44, 11, 10),
        cut_note=cut,
        wrap=(0, 1, 2, 4),
    )
    dimension_of = {cell.criterion_key: cell.dimension for cell in summary.appendix.cells}
    _sheet(
        workbook,
        _("Follow-up – questions"),
        (
            _("Dimension"),
            _("Criterion key"),
            _("Question"),
            _("Scored for"),
            _("Expected"),
            _("Actual"),
            _("Difference"),
            _("Follow-up scores"),
        ),
        [
            [
                dimension_of.get(row.criterion_key, ""),
                row.criterion_key,
                row.criterion_label,
                row.facet_label,
                # A ladder's steps by name (never a number to subtract), other medians as numbers.
                *(row.steps or (row.expected, row.actual)),
                row.difference,
                row.follow_up_scores,
            ]
            for row in follow_up.criteria
        ],
        (22, 18, 60, 22, 10, 10, 10, 14),
        cut_note=cut,
        wrap=(0, 2, 3),
    )


def _state(state: IndicatorState, _: Translator) -> str:
    """On or off track, in words, as the documents' table says it ("Ikke på sporet")."""
    text = _(INDICATOR_STATE_LABELS[state])
    return text[:1].upper() + text[1:]


def _criteria_rows(summary: DecisionSummary, rubric: Rubric | None, yes: str) -> list[list[Value]]:
    """One row per option × criterion × facet the rubric asks about; a cell of "keep as is" that the
    rubric fixes at no difference is marked fixed, with its value and no count of ratings."""
    baseline = {option.title for option in summary.options.options if option.is_baseline}
    rows: list[list[Value]] = []
    for cell in summary.appendix.cells:
        fixed = False
        if rubric is not None and any(c.key == cell.criterion_key for c in rubric.criteria):
            if rubric.scope_of(cell.criterion_key) is Scope.PROPOSAL:
                continue  # the readiness checklist, answered once about the proposal
            if cell.option in baseline:
                rule = rubric.baseline_rule(cell.criterion_key)
                if rule is BaselineRule.SKIP:
                    continue
                fixed = rule is BaselineRule.NO_DIFFERENCE
        rows.append(
            [
                cell.option,
                cell.dimension,
                cell.criterion_key,
                cell.criterion,
                cell.facet,
                None if fixed else cell.count,
                None if fixed else cell.dont_know,
                cell.median,
                None if fixed else cell.mean,
                None if fixed else cell.minimum,
                None if fixed else cell.maximum,
                yes if cell.disagreement and not fixed else "",
                yes if fixed else "",
            ]
        )
    return rows


def _summary_rows(summary: DecisionSummary, _: Translator) -> list[list[Value]]:
    """The summary sheet: section, item, details, in the summary's reading order (decision first)."""
    rows: list[list[Value]] = []
    head = (
        Fact(_("Proposal"), summary.title),
        Fact(_("Reference"), summary.reference),
        Fact(_("Made"), summary.generated),
        Fact(_("Raters"), summary.privacy_note),
    )
    rows.extend([summary.document_title, fact.label, fact.value] for fact in head)
    for section in summary.SECTIONS:
        for heading, facts in _section_facts(summary, section, _):
            rows.extend([heading, fact.label, fact.value] for fact in facts)
    return rows


def _section_facts(summary: DecisionSummary, section: str, _: Translator) -> list[tuple[str, Sequence[Fact]]]:
    """One section of the summary as (heading, facts) pairs for the summary sheet."""
    if section == "decision":
        decision = summary.decision
        if not decision.decided:
            return [(decision.heading, (Fact(_("Decision"), decision.pending),))]
        return [
            (
                decision.heading,
                (
                    *decision.facts,
                    Fact(_("Justification"), decision.justification),
                    Fact(_("Statement of the MED committee"), decision.med_statement),
                    Fact(_("The employee side's remarks"), decision.employee_remarks),
                    Fact(_("Conditions"), decision.conditions),
                ),
            )
        ]
    if section == "dissent":
        return [(summary.dissent.heading, (Fact(_("Dissent"), summary.dissent.text),))]
    if section == "med_process":
        med = summary.med_process
        steps = tuple(
            Fact(
                f"{step.step} · {step.held_on}",
                " · ".join(
                    part
                    for part in (
                        step.committee,
                        step.agenda_item,
                        step.note,
                        _("The employee side's remarks: {text}", text=step.employee_remarks)
                        if step.employee_remarks
                        else "",
                    )
                    if part
                ),
            )
            for step in med.steps
        ) or (Fact(_("MED steps"), med.steps_none),)
        missing = (Fact(_("Missing"), med.missing),) if med.missing else ()
        consultations = tuple(
            Fact(
                item.body,
                _(
                    "Sent {sent}, deadline {deadline}, answered {answered}. {answer}",
                    sent=item.sent_on,
                    deadline=item.deadline,
                    answered=item.answered_on,
                    answer=item.answer,
                ).strip(),
            )
            for item in med.consultations
        ) or (Fact(med.consultations_heading, med.consultations_none),)
        return [(med.heading, (*steps, *missing, *consultations))]
    if section == "plan":
        return [(f"{summary.plan.heading} · {group.heading}", group.facts) for group in summary.plan.groups]
    if section == "consequences":
        consequences = summary.consequences
        return [
            (
                consequences.heading,
                (Fact(_("Basis"), consequences.intro), *(Fact(i.area, i.text) for i in consequences.items)),
            )
        ]
    if section == "unit":
        unit = summary.unit
        levels = (level for level in (unit.unit, unit.above) if level is not None)
        return [
            (unit.heading, tuple(Fact(f"{level.unit} ({level.level})", level.statement) for level in levels))
        ]
    if section == "context":
        context = summary.context
        return [
            (
                context.heading,
                (Fact(_("The proposal"), context.description), Fact(_("Context"), context.context)),
            )
        ]
    if section == "options":
        return _option_facts(summary, _)
    if section == "citizen_voice":
        voice = summary.citizen_voice
        facts = (*((Fact(_("Warning"), voice.warning),) if voice.warning else ()), *voice.evidence)
        return [(voice.heading, facts or (Fact(_("Citizen evidence"), voice.intro),))]
    if section == "involvement":
        involvement = summary.involvement
        extra = (Fact(_("Assessment"), involvement.assessment),) if involvement.assessment else ()
        return [(involvement.heading, (*involvement.facts, *extra))]
    if section == "disagreements":
        disagreements = summary.disagreements
        spots = tuple(
            Fact(
                f"{spot.option} · {spot.criterion}" + (f" ({spot.facet})" if spot.facet else ""),
                f"{spot.stats} {spot.warning}".strip(),
            )
            for spot in disagreements.hot_spots
        ) or (Fact(_("Hot spots"), disagreements.none_text),)
        others = tuple(Fact(_("Other points"), flag.text) for flag in disagreements.flags)
        return [(disagreements.heading, (*spots, *others))]
    if section == "dilemmas":
        dilemmas = summary.dilemmas
        items = tuple(
            Fact(f"{item.pole_a} ↔ {item.pole_b}", f"{item.status}: {item.text}") for item in dilemmas.items
        )
        return [(dilemmas.heading, items or (Fact(_("Dilemmas"), dilemmas.none_text),))]
    if section == "appendix":
        appendix = summary.appendix
        panel = tuple(Fact(_("Participant"), entry.label) for entry in appendix.panel)
        return [(appendix.heading, (*appendix.rubric, *panel))]
    # status, governance, consultation, change and follow-up are plain lists of facts
    plain = getattr(summary, section)
    return [(plain.heading, plain.facts)]


def _option_facts(summary: DecisionSummary, _: Translator) -> list[tuple[str, Sequence[Fact]]]:
    options = summary.options
    profile = tuple(
        Fact(f"{option.title} · {dimension}", value.text)
        for option in options.options
        for dimension, value in zip(options.dimensions, option.profile, strict=True)
    )
    index = (
        *(Fact(options.options[i].title, options.options[i].index_text) for i in options.index_ranking),
        Fact(_("Robustness"), options.robustness),
    )
    return [
        (options.heading, profile),
        (options.readiness_heading, options.readiness),
        (options.index_heading, index),
    ]
