"""The decision summary laid out as a sequence of blocks, shared by Word, PDF and Markdown.

:func:`blocks` turns a :class:`~assessment.summary_model.DecisionSummary` into headings, paragraphs,
tables, quotes and images in reading order. The Word, PDF and Markdown writers only know how to
draw each kind of block, so all three say exactly the same thing in the same order. Column
headers and small words the summary does not carry are translated here, in the summary's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from assessment.kernel.i18n import Translator
from assessment.summary_model import (
    CoreTaskLevel,
    DecisionSummary,
    Fact,
    OptionSummary,
    Point,
    Quote,
    ScoreRow,
)

__all__ = [
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

Style = Literal["body", "lead", "note", "strong"]


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


@dataclass
class _Out:
    items: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.items.extend(blocks)


def blocks(summary: DecisionSummary, charts: Sequence[ChartImage] = ()) -> list[Block]:
    """Every block of the document, in reading order; charts go into the section they name."""
    _ = Translator(summary.language)
    out = _Out()
    placed = {name for name in summary.SECTIONS}

    def images(section: str) -> Iterator[Block]:
        for chart in charts:
            if chart.section == section or (section == "options" and chart.section not in placed):
                yield Image(chart.png, chart.caption)

    out.add(Paragraph(summary.document_title, "lead"), Heading(0, summary.title))
    out.add(Paragraph(summary.generated, "note"), Paragraph(summary.privacy_note, "note"))

    status = summary.status
    out.add(Heading(1, status.heading), *_facts(status.facts, _))

    unit = summary.unit
    out.add(Heading(1, unit.heading), *_core_task(unit.unit, _, above=False))
    if unit.above is not None:
        out.add(*_core_task(unit.above, _, above=True))

    governance = summary.governance
    out.add(Heading(1, governance.heading), *_facts(governance.facts, _))
    consultation = summary.consultation
    out.add(Heading(1, consultation.heading), *_facts(consultation.facts, _))
    context = summary.context
    out.add(
        Heading(1, context.heading),
        Labelled(_("The proposal"), context.description),
        Labelled(_("Context"), context.context),
    )
    change = summary.change
    out.add(Heading(1, change.heading), *_facts(change.facts, _))

    options = summary.options
    out.add(Heading(1, options.heading), Paragraph(options.intro, "note"), _profile_table(summary, _))
    option_images = list(images("options"))
    out.add(*option_images[:1])  # the profile beside its table; the detailed charts after the options
    if options.readiness:  # asked once about the proposal: beside the profile, never in it
        out.add(Heading(2, options.readiness_heading), *_facts(options.readiness, _))
    for option in options.options:
        out.add(*_option(option, _))
    out.add(*option_images[1:])
    # The index last, under its own heading: a summary of the profile above, never its headline.
    out.add(
        Heading(2, options.index_heading), Paragraph(options.index_intro, "note"), _index_table(summary, _)
    )
    out.add(Paragraph(options.robustness), Paragraph(options.weights, "note"))

    voice = summary.citizen_voice
    out.add(Heading(1, voice.heading), Paragraph(voice.intro, "note"))
    if voice.warning:
        out.add(Paragraph(voice.warning, "strong"))
    out.add(*_facts(voice.evidence, _))

    disagreements = summary.disagreements
    out.add(Heading(1, disagreements.heading), Paragraph(disagreements.rule, "note"))
    if not disagreements.hot_spots:
        out.add(Paragraph(disagreements.none_text))
    for spot in disagreements.hot_spots:
        title = f"{spot.option} · {spot.criterion}" + (f" ({spot.facet})" if spot.facet else "")
        out.add(Heading(3, title), Paragraph(spot.stats))
        if spot.warning:
            out.add(Paragraph(spot.warning, "strong"))
        out.add(*(_quote(q, with_about=False) for q in spot.quotes))
        if spot.dilemmas or spot.notes:
            out.add(Bullets(spot.dilemmas + tuple(_("Discussion: {note}", note=n) for n in spot.notes)))
    if disagreements.flags:
        out.add(Heading(2, _("Other points raised for the discussion")))
        for flag in disagreements.flags:
            out.add(Paragraph(flag.text))
            if flag.notes:
                out.add(Bullets(tuple(_("Discussion: {note}", note=n) for n in flag.notes)))
    if disagreements.other_notes:
        out.add(Heading(2, _("Other discussion notes")), Bullets(disagreements.other_notes))

    dilemmas = summary.dilemmas
    out.add(Heading(1, dilemmas.heading))
    if not dilemmas.items:
        out.add(Paragraph(dilemmas.none_text))
    for item in dilemmas.items:
        poles = (
            f"{item.pole_a} ↔ {item.pole_b}" if item.pole_a and item.pole_b else (item.pole_a or item.pole_b)
        )
        out.add(Heading(3, poles or _("Dilemma")), Paragraph(item.text))
        rows = [Fact(_("Status"), item.status)]
        if item.about:
            rows.append(Fact(_("Linked to"), item.about))
        if item.note:
            rows.append(Fact(_("Note"), item.note))
        out.add(*_facts(tuple(rows), _))

    decision = summary.decision
    out.add(Heading(1, decision.heading))
    if not decision.decided:
        out.add(Paragraph(decision.pending, "strong"))
    else:
        out.add(*_facts(decision.facts, _))
        out.add(
            Labelled(_("Justification"), decision.justification),
            Labelled(_("Statement of the MED committee"), decision.med_statement),
            Labelled(_("Conditions"), decision.conditions),
        )

    dissent = summary.dissent
    out.add(Heading(1, dissent.heading), Paragraph(dissent.text, "body" if dissent.recorded else "strong"))

    consequences = summary.consequences
    out.add(Heading(1, consequences.heading), Paragraph(consequences.intro))
    if consequences.items:
        out.add(*_facts(tuple(Fact(item.area, item.text) for item in consequences.items), _))
    out.add(*images("consequences"))

    involvement = summary.involvement
    out.add(Heading(1, involvement.heading), *_facts(involvement.facts, _))
    if involvement.assessment:
        out.add(Paragraph(involvement.assessment))
    out.add(*images("involvement"))

    follow_up = summary.follow_up
    out.add(Heading(1, follow_up.heading), *_facts(follow_up.facts, _))

    out.add(*_appendix(summary, _))
    return out.items


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
            result.extend(_quote(q) for q in point.quotes)
        else:
            result.append(Paragraph(_("No rater wrote a reason for this."), "note"))
    return result


def _quote(quote: Quote, *, with_about: bool = True) -> QuoteBlock:
    about = f" · {quote.about}" if (with_about and quote.about) else ""
    return QuoteBlock(quote.text, f"{quote.by} · {quote.level}{about}")


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
    shorts = {row.criterion_key: row.criterion_short for row in appendix.scores}
    for option, keys in order.items():
        rows = []
        for key in keys:
            _option, criterion_key, facet = key
            values = [_cell(cells[key].get(i, {})) for i in range(len(appendix.panel))]
            rows.append((shorts[criterion_key], facet or "", *values))
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
        criterion = row.criterion_short + (f" ({row.facet})" if row.facet else "")
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
