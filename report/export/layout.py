"""The decision summary laid out as a sequence of blocks, shared by Word, PDF and Markdown.

:func:`blocks` turns a :class:`~assessment.summary_model.DecisionSummary` into headings, paragraphs,
tables, quotes and images in reading order. The Word, PDF and Markdown writers only know how to
draw each kind of block, so all three say exactly the same thing in the same order. Column
headers and small words the summary does not carry are translated here, in the summary's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from assessment.decision import OutcomeRow
from assessment.follow_up_profile import DimensionOutcome
from assessment.kernel.i18n import Translator
from assessment.outcome_rules import INDICATOR_STATE_LABELS, IndicatorView
from assessment.summary_model import (
    CoreTaskLevel,
    DecisionSummary,
    Fact,
    MedStepItem,
    OptionSummary,
    Point,
    Quote,
    ScoreRow,
)

__all__ = [
    "FOLLOW_UP_PANEL",
    "KEEP_WHOLE_ROWS",
    "Block",
    "Bullets",
    "ChartImage",
    "Heading",
    "Image",
    "Labelled",
    "PageBreak",
    "Paragraph",
    "QuoteBlock",
    "Table",
    "blocks",
]

# A fact longer than this reads better as a labelled paragraph than squeezed into a table cell.
LONG_FACT = 400
# A table with a longer cell is written as labelled paragraphs (a PDF row must fit on a page).
LONG_CELL = 1_200
# A table of this few rows is kept on one page with the heading above it, in Word and PDF alike (the
# PDF only when it is no taller than half a page): its rows are read against each other.
KEEP_WHOLE_ROWS = 6

Style = Literal["body", "lead", "note", "strong"]

# A chart of the panel's follow-up scores (expected against actual per dimension): a part of the
# follow-up section, drawn after the table it shows, not a section of its own.
FOLLOW_UP_PANEL = "follow_up_panel"


@dataclass(frozen=True)
class Heading:
    level: int  # 0 is the document's title, 1 a section, 2 and 3 parts of it
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Style = "body"


@dataclass(frozen=True)
class Labelled:
    """A short bold label followed by a text, e.g. "Justification" and the justification."""

    label: str
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class QuoteBlock:
    text: str
    by: str  # who wrote it and what they scored


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    small: bool = False  # a dense table (the appendix) in a smaller font
    key_value: bool = False  # a two-column table of facts: the first column is a label


@dataclass(frozen=True)
class ChartImage:
    """A chart rendered to PNG, with its caption and the section it belongs in."""

    caption: str
    png: bytes
    section: str = "options"  # a DecisionSummary section name


@dataclass(frozen=True)
class Image:
    png: bytes
    caption: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Labelled | Bullets | QuoteBlock | Table | Image | PageBreak


def blocks(summary: DecisionSummary, charts: Sequence[ChartImage] = ()) -> list[Block]:
    """Every block of the document, in reading order (the summary's :attr:`~DecisionSummary.SECTIONS`);
    charts go into the section they name (a chart of the panel's follow-up, :data:`FOLLOW_UP_PANEL`,
    after the panel's table in the follow-up section), and a chart naming no section goes with the
    options."""
    _ = Translator(summary.language)
    placed = {*summary.SECTIONS, FOLLOW_UP_PANEL}

    def images(section: str) -> list[Block]:
        return [
            Image(chart.png, chart.caption)
            for chart in charts
            if chart.section == section or (section == "options" and chart.section not in placed)
        ]

    out: list[Block] = [
        Paragraph(summary.document_title, "lead"),
        Heading(0, summary.title),
        Paragraph(summary.reference, "strong"),
    ]
    for section in summary.SECTIONS:
        if section == "follow_up":
            out.extend(_follow_up(summary, _, images(section), images(FOLLOW_UP_PANEL)))
        else:
            out.extend(_SECTIONS[section](summary, _, images(section)))
    out.extend([Paragraph(summary.generated, "note"), Paragraph(summary.privacy_note, "note")])
    return out


def _heading(section: str, text: str) -> Heading:
    return Heading(DecisionSummary.heading_level(section), text)


SectionBlocks = Callable[[DecisionSummary, Translator, list[Block]], list[Block]]


def _decision(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    decision = summary.decision
    out: list[Block] = [_heading("decision", decision.heading)]
    if not decision.decided:
        return [*out, Paragraph(decision.pending, "strong"), *images]
    out.extend(_facts(decision.facts, _))
    out.extend(
        [
            Labelled(_("Justification"), decision.justification),
            Labelled(_("Statement of the MED committee"), decision.med_statement),
            Labelled(_("The employee side's remarks"), decision.employee_remarks),
            Labelled(_("Conditions"), decision.conditions),
        ]
    )
    return [*out, *images]


def _dissent(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    dissent = summary.dissent
    style: Style = "body" if dissent.recorded else "note"
    return [_heading("dissent", dissent.heading), Paragraph(dissent.text, style), *images]


def _follow_up(
    summary: DecisionSummary, _: Translator, images: list[Block], panel_images: list[Block]
) -> list[Block]:
    """The follow-up as a MED committee's memo reads it: the date, who is responsible, the indicators
    as the decision wrote them and the conclusion; then each outcome indicator, expected against
    measured, as a table and a chart; then, once the follow-up has started, the panel's scores of
    what happened against what it expected, per dimension and per criterion of the chosen option."""
    follow_up = summary.follow_up
    out: list[Block] = [_heading("follow_up", follow_up.heading), *_facts(follow_up.facts, _)]
    if follow_up.indicators:
        out.extend(
            [
                Heading(3, _("Outcome indicators")),
                _indicator_table(follow_up.indicators, _),
                Paragraph(
                    _(
                        "An indicator is on track when its newest value is at least as good as the straight "
                        "line from the baseline to the target says it should be on that day."
                    ),
                    "note",
                ),
            ]
        )
    out.extend(images)  # each indicator's chart, after the table that lists them all
    if follow_up.dimensions:
        out.extend(
            [
                Heading(3, _("The panel's scores at the follow-up")),
                Paragraph(follow_up.panel_note, "note"),
                _dimension_table(follow_up.dimensions, _),
                *panel_images,
            ]
        )
        if follow_up.criteria:
            out.extend(
                [
                    Heading(3, _("The panel's scores, question by question")),
                    _criterion_table(follow_up.criteria, _),
                ]
            )
    else:
        out.extend(panel_images)
    return out


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _signed(value: float | None, _: Translator, decimals: int) -> str:
    """A difference as people read it: "+0,5", "−0,25" (a real minus sign), "0"; "–" without one."""
    if value is None:
        return "–"
    text = _.number(value, decimals)
    if text.lstrip("\N{MINUS SIGN}") == "0":
        return "0"
    return f"+{text}" if value > 0 else text


def _number_or_dash(value: float | None, _: Translator, decimals: int) -> str:
    return "–" if value is None else _.number(value, decimals)


def _indicator_table(views: Sequence[IndicatorView], _: Translator) -> Block:
    """One row per outcome indicator: where it started, where it should end, the newest value and
    what the straight line from baseline to target expected on that day, and the state in words."""

    def amount(value: float, unit: str) -> str:
        return f"{_.number(value, 1)} {unit}".strip()  # as the chart and the screen show it

    rows = []
    for view in views:
        indicator, latest = view.indicator, view.latest
        # Which way is better shows from baseline to target (and the chart's caption says it).
        source = _("Source: {source}", source=indicator.source.strip()) if indicator.source.strip() else ""
        rows.append(
            (
                "\n".join(part for part in (indicator.name, source) if part),
                f"{amount(indicator.baseline_value, indicator.unit)}\n{_.date(indicator.baseline_date)}",
                f"{amount(indicator.target_value, indicator.unit)}\n{_.date(indicator.target_date)}",
                f"{amount(latest.value, indicator.unit)}\n{_.date(latest.measured_on)}" if latest else "–",
                amount(view.expected, indicator.unit) if view.expected is not None else "–",
                _capitalised(_(INDICATOR_STATE_LABELS[view.state])),
            )
        )
    header = (
        _("Indicator"),
        _("Baseline"),
        _("Target"),
        _("Latest measurement"),
        _("Expected on the day measured"),
        _("State"),
    )
    return _table_or_paragraphs(header, tuple(rows), (2.8, 1.3, 1.3, 1.3, 1.3, 1.1))


def _dimension_table(dimensions: Sequence[DimensionOutcome], _: Translator) -> Block:
    """Per dimension of the chosen option: expected and actual in the scale's words, and the
    difference on the scale itself (none for a ladder, or where nothing was scored at follow-up)."""
    rows = tuple(
        (row.label, row.expected.text, row.actual.text, _signed(row.difference, _, 2)) for row in dimensions
    )
    header = (_("Dimension"), _("Expected"), _("Actual"), _("Difference"))
    return _table_or_paragraphs(header, rows, (1.5, 2.7, 2.7, 0.9))


def _criterion_table(criteria: Sequence[OutcomeRow], _: Translator) -> Block:
    """Per criterion (and the facet it was scored for) of the chosen option: the medians, the
    difference and how many follow-up scores the actual median rests on."""
    rows = tuple(
        (
            f"{row.criterion_label} – {row.facet_label}" if row.facet_label else row.criterion_label,
            *row.texts(lambda value: _number_or_dash(value, _, 1), lambda value: _signed(value, _, 1)),
            str(row.follow_up_scores),
        )
        for row in criteria
    )
    header = (_("Question"), _("Expected"), _("Actual"), _("Difference"), _("Follow-up scores"))
    return _table_or_paragraphs(header, rows, (4.6, 0.9, 0.9, 0.9, 1.2))


def _governance(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    governance = summary.governance
    return [_heading("governance", governance.heading), *_facts(governance.facts, _), *images]


def _med_process(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    med = summary.med_process
    out: list[Block] = [_heading("med_process", med.heading)]
    if med.where:
        out.append(Paragraph(med.where))
    if med.steps:
        # The committee column only when the steps were in more than one committee.
        with_committee = any(step.committee for step in med.steps)
        columns: list[tuple[str, float, Callable[[MedStepItem], str]]] = [
            (_("Step"), 1.0, lambda step: step.step),
            (_("Date"), 1.0, lambda step: step.held_on),
            *([(_("Committee"), 1.2, lambda step: step.committee or "–")] if with_committee else []),
            (_("Agenda item"), 1.4, lambda step: step.agenda_item or "–"),
            (_("Note"), 3.4, lambda step: step.note or "–"),
            (_("The employee side's remarks"), 2.8, lambda step: step.employee_remarks or "–"),
        ]
        header = tuple(label for label, _width, _value in columns)
        rows = tuple(tuple(value(step) for _label, _width, value in columns) for step in med.steps)
        out.append(_table_or_paragraphs(header, rows, tuple(width for _label, width, _value in columns)))
    else:
        out.append(Paragraph(med.steps_none))
    if med.missing:
        out.append(Paragraph(med.missing, "strong"))
    out.append(Heading(3, med.consultations_heading))
    if med.consultations:
        header = (_("Consulted"), _("Sent"), _("Deadline"), _("Answered"), _("Answer"))
        rows = tuple(
            (item.body, item.sent_on, item.deadline, item.answered_on, item.answer or "–")
            for item in med.consultations
        )
        out.append(_table_or_paragraphs(header, rows, (1.6, 1.0, 1.0, 1.1, 3.3)))
    else:
        out.append(Paragraph(med.consultations_none))
    return [*out, *images]


def _consultation(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    consultation = summary.consultation
    return [_heading("consultation", consultation.heading), *_facts(consultation.facts, _), *images]


def _plan(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    plan = summary.plan
    out: list[Block] = [_heading("plan", plan.heading)]
    for group in plan.groups:
        out.extend([Heading(2, group.heading), *_facts(group.facts, _)])
    return [*out, *images]


def _consequences(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    consequences = summary.consequences
    out: list[Block] = [_heading("consequences", consequences.heading), Paragraph(consequences.intro)]
    if consequences.items:
        out.extend(_facts(tuple(Fact(item.area, item.text) for item in consequences.items), _))
    return [*out, *images]


def _status(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    status = summary.status
    return [_heading("status", status.heading), *_facts(status.facts, _), *images]


def _unit(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    unit = summary.unit
    out: list[Block] = [_heading("unit", unit.heading), *_core_task(unit.unit, _, above=False)]
    if unit.above is not None:
        out.extend(_core_task(unit.above, _, above=True))
    return [*out, *images]


def _context(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    context = summary.context
    return [
        _heading("context", context.heading),
        Labelled(_("The proposal"), context.description),
        Labelled(_("Context"), context.context),
        *images,
    ]


def _change(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    change = summary.change
    return [_heading("change", change.heading), *_facts(change.facts, _), *images]


def _options(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    options = summary.options
    out: list[Block] = [
        _heading("options", options.heading),
        Paragraph(options.intro, "note"),
        _profile_table(summary, _),
    ]
    out.extend(images[:1])  # the profile beside its table; the detailed charts after the options
    if options.readiness:  # asked once about the proposal: beside the profile, never in it
        out.extend([Heading(2, options.readiness_heading), *_facts(options.readiness, _)])
    for option in options.options:
        out.extend(_option(option, _))
    out.extend(images[1:])
    # The index last, under its own heading: a summary of the profile above, never its headline.
    out.extend(
        [
            Heading(2, options.index_heading),
            Paragraph(options.index_intro, "note"),
            _index_table(summary, _),
            Paragraph(options.robustness),
            Paragraph(options.weights, "note"),
        ]
    )
    return out


def _citizen_voice(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    voice = summary.citizen_voice
    out: list[Block] = [_heading("citizen_voice", voice.heading), Paragraph(voice.intro, "note")]
    if voice.warning:
        out.append(Paragraph(voice.warning, "strong"))
    return [*out, *_facts(voice.evidence, _), *images]


def _involvement(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    involvement = summary.involvement
    out: list[Block] = [_heading("involvement", involvement.heading), *_facts(involvement.facts, _)]
    if involvement.assessment:
        out.append(Paragraph(involvement.assessment))
    return [*out, *images]


def _disagreements(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    disagreements = summary.disagreements
    out: list[Block] = [
        _heading("disagreements", disagreements.heading),
        Paragraph(disagreements.rule, "note"),
    ]
    if not disagreements.hot_spots:
        out.append(Paragraph(disagreements.none_text))
    for spot in disagreements.hot_spots:
        title = f"{spot.option} · {spot.criterion}" + (f" ({spot.facet})" if spot.facet else "")
        out.extend([Heading(2, title), Paragraph(spot.stats)])
        if spot.warning:
            out.append(Paragraph(spot.warning, "strong"))
        out.extend(_quote(q, _, with_about=False) for q in spot.quotes)
        if spot.dilemmas or spot.notes:
            out.append(Bullets(spot.dilemmas + tuple(_("Discussion: {note}", note=n) for n in spot.notes)))
    if disagreements.flags:
        out.append(Heading(2, _("Other points raised for the discussion")))
        for flag in disagreements.flags:
            out.append(Paragraph(flag.text))
            if flag.notes:
                out.append(Bullets(tuple(_("Discussion: {note}", note=n) for n in flag.notes)))
    if disagreements.other_notes:
        out.extend([Heading(2, _("Other discussion notes")), Bullets(disagreements.other_notes)])
    return [*out, *images]


def _dilemmas(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    dilemmas = summary.dilemmas
    out: list[Block] = [_heading("dilemmas", dilemmas.heading)]
    if not dilemmas.items:
        out.append(Paragraph(dilemmas.none_text))
    for item in dilemmas.items:
        poles = (
            f"{item.pole_a} ↔ {item.pole_b}" if item.pole_a and item.pole_b else (item.pole_a or item.pole_b)
        )
        out.extend([Heading(3, poles or _("Dilemma")), Paragraph(item.text)])
        rows = [Fact(_("Status"), item.status)]
        if item.about:
            rows.append(Fact(_("Linked to"), item.about))
        if item.note:
            rows.append(Fact(_("Note"), item.note))
        out.extend(_facts(tuple(rows), _))
    return [*out, *images]


def _appendix_section(summary: DecisionSummary, _: Translator, images: list[Block]) -> list[Block]:
    return [*_appendix(summary, _), *images]


_SECTIONS: dict[str, SectionBlocks] = {
    "decision": _decision,
    "dissent": _dissent,
    "governance": _governance,
    "med_process": _med_process,
    "consultation": _consultation,
    "plan": _plan,
    "consequences": _consequences,
    "status": _status,
    "unit": _unit,
    "context": _context,
    "change": _change,
    "options": _options,
    "citizen_voice": _citizen_voice,
    "involvement": _involvement,
    "disagreements": _disagreements,
    "dilemmas": _dilemmas,
    "appendix": _appendix_section,
}


def _table_or_paragraphs(
    header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: tuple[float, ...]
) -> Block | Bullets:
    """A table, unless a cell is too long for a table row on one page: then one bullet per row."""
    if all(len(cell) <= LONG_CELL for row in rows for cell in row):
        return Table(header, rows, widths, small=True)
    return Bullets(
        tuple(" · ".join(f"{label}: {cell}" for label, cell in zip(header, row, strict=True)) for row in rows)
    )


def _facts(facts: Sequence[Fact], _: Translator) -> list[Block]:
    """Short facts as a two-column table; long ones (a justification, indicators) as paragraphs."""
    if not facts:
        return []
    if all(len(fact.value) <= LONG_FACT for fact in facts):
        rows = tuple((fact.label, fact.value) for fact in facts)
        return [Table((_("Item"), _("Details")), rows, (1, 2.6), key_value=True)]
    return [Labelled(fact.label, fact.value) for fact in facts]


def _core_task(level: CoreTaskLevel, _: Translator, *, above: bool) -> list[Block]:
    if above:
        title = _("The level above: {unit} ({level})", unit=level.unit, level=level.level)
    else:
        title = f"{level.unit} ({level.level})" if level.level else level.unit
    result: list[Block] = [Heading(2, title), Labelled(_("Core task"), level.statement)]
    if level.version:
        result.append(Paragraph(_("Core task {version}.", version=level.version), "note"))
    if level.perspectives and not above:
        result.extend(_facts(level.perspectives, _))
    return result


def _profile_table(summary: DecisionSummary, _: Translator) -> Table:
    options = summary.options
    header = (_("Option"), *options.dimensions)
    rows = []
    for option in options.options:
        title = option.title + (" ✓" if option.is_chosen else "")
        rows.append((title, *(p.text for p in option.profile)))
    widths = (1.6, *(1.6 for _d in options.dimensions))
    return Table(header, tuple(rows), widths, small=True)


def _index_table(summary: DecisionSummary, _: Translator) -> Table:
    """The scored options, highest index first, in whole percentages."""
    options = summary.options
    rows = tuple(
        (
            options.options[i].title + (" ✓" if options.options[i].is_chosen else ""),
            options.options[i].index_text,
        )
        for i in options.index_ranking
    )
    return Table((_("Option"), _("Overall index")), rows, (3.0, 1.0), small=True)


def _option(option: OptionSummary, _: Translator) -> list[Block]:
    chosen = _("chosen")
    title = f"{option.title} ({chosen})" if option.is_chosen else option.title
    result: list[Block] = [Heading(2, title)]
    if option.description:
        result.append(Paragraph(option.description))
    result.append(Heading(3, _("Strengths")))
    result.extend(_points(option.strengths, _("No criterion was scored above the middle of its scale."), _))
    result.append(Heading(3, _("Concerns")))
    result.extend(_points(option.concerns, _("No criterion was scored below the middle of its scale."), _))
    return result


def _points(points: Sequence[Point], none: str, _: Translator) -> list[Block]:
    if not points:
        return [Paragraph(none, "note")]
    result: list[Block] = []
    for point in points:
        result.append(Labelled(point.criterion, point.value))
        if point.quotes:
            result.extend(_quote(q, _) for q in point.quotes)
        else:
            result.append(Paragraph(_("No rater wrote a reason for this."), "note"))
    return result


def _quote(quote: Quote, _: Translator, *, with_about: bool = True) -> QuoteBlock:
    """A rater's words in the language's own quotation marks (»…« in Danish)."""
    about = f" · {quote.about}" if (with_about and quote.about) else ""
    return QuoteBlock(_("“{text}”", text=quote.text.strip()), f"{quote.by} · {quote.level}{about}")


# Appendix ------------------------------------------------------------------------------------


def _appendix(summary: DecisionSummary, _: Translator) -> list[Block]:
    appendix = summary.appendix
    out: list[Block] = [PageBreak(), Heading(1, appendix.heading), Heading(2, _("Rubric"))]
    out.extend(_facts(appendix.rubric, _))
    out.append(Heading(2, _("Panel")))
    out.append(Paragraph(summary.privacy_note, "note"))
    out.append(
        Table(
            (_("Participant"), _("Profession")),
            tuple((entry.name or entry.pseudonym, entry.profession or "–") for entry in appendix.panel),
            (1, 2),
        )
    )
    out.extend(_score_matrix(summary, _))
    out.extend(_reasons(summary.appendix.scores, _))
    return out


def _score_matrix(summary: DecisionSummary, _: Translator) -> list[Block]:
    """Every score, one row per option × criterion × facet and one column per participant.

    A score changed after the discussion shows both rounds ("−1 → 1"); "?" is "don't know".
    Follow-up scores (round 3) are listed in the workbook and the CSV file.
    """
    appendix = summary.appendix
    columns = [entry.name or entry.pseudonym for entry in appendix.panel]
    letters = [_short_participant(entry.pseudonym, entry.name) for entry in appendix.panel]
    out: list[Block] = [
        Heading(2, _("Scores")),
        Paragraph(
            _(
                "One column per participant ({columns}). “?” is “don't know”, “·” no score; "
                "“−1 → 1” was changed in the second round. Every score, with its reason, is also "
                "in the Excel workbook and the CSV file.",
                columns=", ".join(
                    f"{letter} = {column}" for letter, column in zip(letters, columns, strict=True)
                ),
            ),
            "note",
        ),
    ]
    cells: dict[tuple[str, str, str], dict[int, dict[int, ScoreRow]]] = {}
    order: dict[str, list[tuple[str, str, str]]] = {}
    for row in appendix.scores:
        if row.round not in (1, 2):
            continue
        key = (row.option, row.criterion_key, row.facet)
        if key not in cells:
            cells[key] = {}
            order.setdefault(row.option, []).append(key)
        if row.participant_index >= 0:
            cells[key].setdefault(row.participant_index, {})[row.round] = row
    questions = {row.criterion_key: row.criterion for row in appendix.scores}  # whole, wrapped in its cell
    for option, keys in order.items():
        rows = []
        for key in keys:
            _option, criterion_key, facet = key
            values = [_cell(cells[key].get(i, {})) for i in range(len(appendix.panel))]
            rows.append((questions[criterion_key], facet or "", *values))
        header = (_("Criterion"), _("Scored for"), *letters)
        widths = (3.2, 1.2, *(0.45 for _l in letters))
        out.append(Heading(3, option))
        out.append(Table(header, tuple(rows), widths, small=True))
    return out


def _short_participant(pseudonym: str, name: str | None) -> str:
    """The column header: the letter of "Participant C", or the initials of a name."""
    if name:
        return "".join(part[0] for part in name.split() if part)[:3]
    return pseudonym.rsplit(" ", 1)[-1]


def _cell(rounds: dict[int, ScoreRow]) -> str:
    def level(row: ScoreRow) -> str:
        if row.level is None:
            return "?"
        return f"−{abs(row.level)}" if row.level < 0 else str(row.level)

    first, second = rounds.get(1), rounds.get(2)
    if first and second and (first.level, first.reason) != (second.level, second.reason):
        return f"{level(first)} → {level(second)}" if first.level != second.level else level(second)
    if second:
        return level(second)
    if first:
        return level(first)
    return "·"


def _reasons(scores: Sequence[ScoreRow], _: Translator) -> list[Block]:
    with_reason = [row for row in scores if row.reason.strip()]
    out: list[Block] = [Heading(2, _("Reasons"))]
    if not with_reason:
        out.append(Paragraph(_("No rater wrote a reason."), "note"))
        return out
    header = (_("Criterion"), _("Participant"), _("Level"), _("Round"), _("Reason"))
    by_option: dict[str, list[tuple[str, ...]]] = {}
    for row in with_reason:
        criterion = row.criterion + (f" ({row.facet})" if row.facet else "")
        by_option.setdefault(row.option, []).append(
            (criterion, row.participant, row.level_text, str(row.round), row.reason)
        )
    for option, rows in by_option.items():
        out.append(Heading(3, option))
        if any(len(cell) > LONG_CELL for r in rows for cell in r):
            for r in rows:
                round_ = _("Round")
                out.append(Labelled(f"{r[0]} · {r[1]} · {r[2]} · {round_} {r[3]}", r[4]))
        else:
            out.append(Table(header, tuple(rows), (1.6, 1.4, 1.1, 0.8, 3.2), small=True))
    return out
