"""The sections of the decision summary about what the panel found.

The options compared (the profile in the words of each scale, strengths and concerns with the
raters' reasons, and last the weighted index as a summary), what the experienced
perspective rests on (the citizens' voice, flagged where it rests on nothing), the disagreements and how they were discussed, the consequences of the chosen (or best-ranked)
option against keeping things as they are, and citizen involvement. The rubric is asked for
the role of a criterion or a dimension, never for a key: a rubric without the role has no such
line, and says so.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

from collections.abc import Sequence

from assessment.comparison import robustness_sentence
from assessment.comparison_profile import ProfileRow, profile_rows, readiness_lines
from assessment.discussion_views import (
    DILEMMA_STATUS_LABELS,
    CitizenVoice,
    citizen_voice,
    disagreement_rule_text,
)
from assessment.kernel.clock import danish_date
from assessment.kernel.errors import N_
from assessment.kernel.i18n import mid_sentence
from assessment.kernel.model import Dilemma
from assessment.kernel.repository import DiscussionNote, NoteKind
from assessment.kernel.rubric import (
    Criterion,
    CriterionRole,
    Dimension,
    DimensionRole,
    FacetKind,
    Perspective,
    ScaleKind,
)
from assessment.kernel.scoring import CellStats
from assessment.summary_model import (
    CitizenVoiceSection,
    Consequence,
    ConsequenceSection,
    DisagreementSection,
    Fact,
    Flag,
    HotSpot,
    InvolvementSection,
    OptionsSection,
    OptionSummary,
    Point,
    ProfileValue,
    Quote,
)
from assessment.summary_writer import SummaryWriter

__all__ = [
    "citizen_voice_section",
    "consequence_section",
    "disagreement_section",
    "involvement_section",
    "options_section",
]

STRENGTHS_PER_OPTION = 2
QUOTES_PER_POINT = 2
QUOTES_PER_HOT_SPOT = 4
# How far apart, on 0…1 of their scale, the chosen option's and the baseline's medians must be to
# be told as better or worse: on the five steps of an effect scale, any half step.
SOME_DIFFERENCE = 0.05


# The options compared ------------------------------------------------------------------------


def options_section(writer: SummaryWriter) -> OptionsSection:
    _ = writer.translator
    comparison = writer.comparison
    if comparison.rubric_weights_used:
        weights = _("Every dimension counts equally in the index, as the rubric weights its criteria.")
    else:
        weights = _(
            "The index uses explored weights: {weights}.",
            weights="; ".join(
                f"{comparison.dimension_title(key, _)} {_.number(value, 1)}"
                for key, value in comparison.dimension_weights.items()
            ),
        )
    rows = profile_rows(comparison, _)
    position = {option.id or 0: i for i, option in enumerate(comparison.options)}
    return OptionsSection(
        heading=_("The options compared"),
        intro=_(
            "The profile shows each dimension on its own scale: the median of its criteria in the words "
            "of the scale, and in brackets the lowest and highest criterion. Effects are compared with "
            "carrying on as today. Citizen involvement is shown as its steps, as planned and as "
            "appropriate, never added up."
        ),
        dimensions=tuple(row.label for row in rows),
        options=tuple(_option(writer, option.id or 0, rows) for option in comparison.options),
        readiness_heading=_("Readiness"),
        readiness=tuple(
            Fact(line.question, f"{line.answer}. {line.note}" if line.note else line.answer)
            for line in readiness_lines(comparison.readiness, _)
        ),
        index_heading=_("Overall index: a summary, not a decision"),
        index_intro=_(
            "The criteria's values weighted into one number per option, from 0 % (worst) to 100 % (best). "
            "It hides everything the profile shows; read it after the profile, together with how robust it is."
        ),
        index_ranking=tuple(position[r.option_id] for r in comparison.ranking if r.rank is not None),
        weights=weights,
        robustness=robustness_sentence(comparison, _) or _("There is no index to rank the options by."),
    )


def _option(writer: SummaryWriter, option_id: int, rows: Sequence[ProfileRow]) -> OptionSummary:
    _ = writer.translator
    comparison = writer.comparison
    profile = tuple(
        ProfileValue(cell.median, cell.text if cell.text != "–" else _("not scored"))
        for row in rows
        for cell in row.cells
        if cell.option_id == option_id
    )
    index = comparison.index.get(option_id)
    rank = comparison.rank_of(option_id)
    option = comparison.option(option_id)
    return OptionSummary(
        title=writer.option_title(option_id),
        description=option.description,
        is_baseline=option.is_baseline,
        is_chosen=option_id == writer.chosen_id,
        profile=profile,
        index=index,
        index_text=writer.percent(index),
        rank=rank,
        rank_text=(
            _("{rank} of {count}", rank=rank, count=comparison.scored_options)
            if rank is not None
            else _("not ranked")
        ),
        strengths=_points(writer, option_id, strengths=True),
        concerns=_points(writer, option_id, strengths=False),
    )


def _points(writer: SummaryWriter, option_id: int, *, strengths: bool) -> tuple[Point, ...]:
    """The option's highest (or lowest) scored criteria, with the reasons given for them."""
    values = writer.comparison.criterion_values
    candidates: list[tuple[float, bool, int, Criterion, list[Quote]]] = []
    for order, criterion in enumerate(writer.rubric.aggregate_criteria):
        value = values.get((option_id, criterion.key))
        if value is None:
            continue
        normalised = writer.rubric.scale_of(criterion).normalise(value)
        if (normalised <= 0.5) if strengths else (normalised >= 0.5):
            continue

        def keep(level: float, strengths: bool = strengths) -> bool:
            return level > 0.5 if strengths else level < 0.5

        found = sorted(
            writer.quotes(option_id, criterion.key, keep), key=lambda q: -q[0] if strengths else q[0]
        )
        quotes = [quote for _level, quote in found[:QUOTES_PER_POINT]]
        candidates.append((-normalised if strengths else normalised, not quotes, order, criterion, quotes))
    candidates.sort(key=lambda item: item[:3])
    return tuple(
        Point(
            criterion=criterion.question(writer.language),
            value=writer.value_text(criterion, values[(option_id, criterion.key)] or 0.0),
            quotes=tuple(quotes),
        )
        for _value, _no_quote, _order, criterion, quotes in candidates[:STRENGTHS_PER_OPTION]
    )


# The citizens' voice -------------------------------------------------------------------------


def _voice(writer: SummaryWriter) -> CitizenVoice:
    return citizen_voice(writer.rubric, writer.reading.evidence, writer.translator.gettext)


def _unheard_text(writer: SummaryWriter) -> str:
    _ = writer.translator
    return _(
        "No citizen evidence was recorded: the experienced perspective rests on nothing the citizens "
        "have said. Staff scored it on the citizens' behalf, so its scores are their guesses, not the "
        "citizens' experience."
    )


def citizen_voice_section(writer: SummaryWriter) -> CitizenVoiceSection:
    """What the panel's scores of the experienced perspective rest on, and the flag when nothing."""
    _ = writer.translator
    voice = _voice(writer)
    evidence = tuple(
        Fact(
            line.kind,
            ": ".join(
                part for part in (_.date(line.collected_on) if line.collected_on else "", line.note) if part
            )
            or _("date not given"),
        )
        for line in voice.evidence
    )
    if not voice.scores_experienced:
        intro = _("This rubric does not ask the panel about the core task as the citizens experience it.")
    else:
        intro = _(
            "Staff score the experienced perspective on the citizens' behalf. What the citizens' own voice "
            "was heard through, as recorded with the proposal:"
        )
    return CitizenVoiceSection(
        heading=_("The citizens' voice"),
        intro=intro,
        evidence=evidence,
        warning=_unheard_text(writer) if voice.unheard else "",
    )


# Disagreements -------------------------------------------------------------------------------


def _note_text(writer: SummaryWriter, note: DiscussionNote) -> str:
    return f"{writer.translator.date(danish_date(note.created_at))}: {note.text}"


def _dilemma_line(writer: SummaryWriter, dilemma: Dilemma) -> str:
    _ = writer.translator
    status = _(DILEMMA_STATUS_LABELS[dilemma.status])
    if dilemma.pole_a and dilemma.pole_b:
        return _(
            "Dilemma: {pole_a} ↔ {pole_b} ({status})",
            pole_a=dilemma.pole_a,
            pole_b=dilemma.pole_b,
            status=status,
        )
    return _("Dilemma: {text} ({status})", text=dilemma.text, status=status)


def disagreement_section(writer: SummaryWriter) -> DisagreementSection:
    _ = writer.translator
    comparison, all_notes = writer.comparison, writer.reading.notes
    unheard = _voice(writer).unheard
    experienced = Perspective.EXPERIENCED.value
    guessed = _("Scored by staff on the citizens' behalf: no citizen evidence was recorded.")
    used_notes: set[int] = set()
    hot_spots: list[HotSpot] = []
    for key in comparison.disagreements:
        option_id, criterion_key, facet = key
        notes = [n for n in all_notes if n.option_id == option_id and n.criterion_key == criterion_key]
        used_notes.update(id(n) for n in notes)
        found = sorted(
            writer.quotes(option_id, criterion_key, lambda _level: True, facet=facet), key=lambda q: q[0]
        )
        hot_spots.append(
            HotSpot(
                option=writer.option_title(option_id),
                criterion=writer.criterion_text(criterion_key),
                facet=writer.facet_text(facet),
                stats=_stats_text(writer, criterion_key, comparison.cells[key]),
                quotes=tuple(quote for _level, quote in _spread(found, QUOTES_PER_HOT_SPOT)),
                dilemmas=tuple(
                    _dilemma_line(writer, d)
                    for d in writer.reading.dilemmas
                    if d.criterion_key == criterion_key and d.option_id in (option_id, None)
                ),
                notes=tuple(_note_text(writer, n) for n in notes),
                warning=guessed if unheard and _is_experienced(writer, criterion_key, facet) else "",
            )
        )
    # The experienced perspective resting on nothing heads the other points: every gap and score
    # on it is read in that light.
    flags: list[Flag] = [Flag(_unheard_text(writer), ())] if unheard else []
    for gap in comparison.perspective_gaps:
        notes = [
            n
            for n in all_notes
            if n.kind is NoteKind.PERSPECTIVE_GAP
            and n.option_id == gap.option_id
            and n.criterion_key == gap.criterion_key
        ]
        used_notes.update(id(n) for n in notes)
        text = _(
            "{option}: on “{criterion}”, the perspectives {low} and {high} are {gap} steps apart.",
            option=writer.option_title(gap.option_id),
            low=mid_sentence(writer.facet_text(gap.low_facet)),
            high=mid_sentence(writer.facet_text(gap.high_facet)),
            criterion=writer.criterion_text(gap.criterion_key),
            gap=_.number(gap.gap, 1),
        )
        if unheard and experienced in (gap.low_facet, gap.high_facet):
            text += " " + guessed
        flags.append(Flag(text, tuple(_note_text(writer, n) for n in notes)))
    for option_id, difference in comparison.value_gaps.items():
        notes = [n for n in all_notes if n.kind is NoteKind.VALUE_DIVERGENCE and n.option_id == option_id]
        used_notes.update(id(n) for n in notes)
        if difference > 0:
            template = N_(
                "{option}: the value to the citizen is scored {gap} steps above the value to society."
            )
        else:
            template = N_(
                "{option}: the value to society is scored {gap} steps above the value to the citizen."
            )
        text = _(template, option=writer.option_title(option_id), gap=_.number(abs(difference), 1))
        flags.append(Flag(text, tuple(_note_text(writer, n) for n in notes)))
    return DisagreementSection(
        heading=_("Disagreements and how they were discussed"),
        rule=disagreement_rule_text(_.gettext),
        hot_spots=tuple(hot_spots),
        flags=tuple(flags),
        other_notes=tuple(_note_text(writer, n) for n in all_notes if id(n) not in used_notes),
        none_text=_("The panel did not disagree sharply on any criterion."),
    )


def _is_experienced(writer: SummaryWriter, criterion_key: str, facet: str) -> bool:
    """Whether the cell is the experienced perspective of a criterion asked per perspective."""
    try:
        criterion = writer.rubric.criterion(criterion_key)
    except KeyError:
        return False
    return criterion.facets is FacetKind.PERSPECTIVE and facet == Perspective.EXPERIENCED.value


def _stats_text(writer: SummaryWriter, criterion_key: str, stats: CellStats) -> str:
    _ = writer.translator
    scale = writer.rubric.scale_of(criterion_key)

    def shown(value: float | None) -> str:
        return writer.signed(value, scale) if value is not None else "–"

    parts = [
        _.plural(
            "Median {median}; scores from {minimum} to {maximum}; {count} score.",
            "Median {median}; scores from {minimum} to {maximum}; {count} scores.",
            stats.count,
            median=shown(stats.median),
            minimum=shown(stats.minimum),
            maximum=shown(stats.maximum),
        )
    ]
    if stats.dont_know:
        parts.append(_("{count} answered “don't know”.", count=stats.dont_know))
    return " ".join(parts)


def _spread(found: Sequence[tuple[float, Quote]], limit: int) -> list[tuple[float, Quote]]:
    """At most ``limit`` quotes, taken from both ends so that both sides of a split are heard."""
    ordered = list(found)
    picked: list[tuple[float, Quote]] = []
    while ordered and len(picked) < limit:
        picked.append(ordered.pop(0))
        if ordered and len(picked) < limit:
            picked.append(ordered.pop())
    return sorted(picked, key=lambda item: item[0])


# Consequences --------------------------------------------------------------------------------


def consequence_section(writer: SummaryWriter) -> ConsequenceSection:
    _ = writer.translator
    heading = _("Expected consequences")
    focus, baseline = writer.focus_id, writer.comparison.baseline_id
    if focus is None or baseline is None:
        return ConsequenceSection(
            heading, _("No option has been scored, so no consequences can be described."), ()
        )
    title = writer.option_title(focus)
    if focus == baseline:
        return ConsequenceSection(
            heading,
            _(
                "The decision is to keep things as they are: compared with today nothing changes for "
                "citizens, society, the professions or the work environment."
            ),
            (),
        )
    if writer.chosen_id is None:
        intro = _(
            "No option has been chosen yet. These are the consequences the panel expects of the "
            "highest-ranked option, “{option}”, compared with keeping things as they are.",
            option=title,
        )
    else:
        intro = _(
            "What the panel expects of the chosen option, “{option}”, compared with keeping things as they are.",
            option=title,
        )
    rubric = writer.rubric
    rows = profile_rows(writer.comparison, _)
    items: list[Consequence] = []
    for area, criterion in (
        (_("Citizens"), rubric.with_role(CriterionRole.CITIZEN_EFFECT)),
        (_("Society"), rubric.with_role(CriterionRole.SOCIETY_VALUE)),
    ):
        items.append(Consequence(area, _criterion_consequence(writer, focus, baseline, criterion)))
    for area, dimension in (
        (_("The professions"), rubric.dimension_with_role(DimensionRole.PROFESSIONS)),
        (_("The work environment"), rubric.dimension_with_role(DimensionRole.WORK_ENVIRONMENT)),
    ):
        items.append(Consequence(area, _dimension_consequence(writer, rows, focus, baseline, dimension)))
    return ConsequenceSection(heading, intro, tuple(items))


def _criterion_consequence(
    writer: SummaryWriter, focus: int, baseline: int, criterion: Criterion | None
) -> str:
    _ = writer.translator
    if criterion is None:
        return _("The rubric does not ask about this.")
    values = writer.comparison.criterion_values
    value = values.get((focus, criterion.key))
    if value is None:
        return _("The panel did not score this.")
    scale = writer.rubric.scale_of(criterion)
    text = _(
        "Expected: {words} ({value} on a scale from {lowest} to {highest}).",
        words=writer.level_words(scale, value),
        value=writer.signed(value, scale),
        lowest=writer.signed(scale.lowest, scale),
        highest=writer.signed(scale.highest, scale),
    )
    base = values.get((baseline, criterion.key))
    if scale.kind is not ScaleKind.BIPOLAR and base is not None:
        text += " " + _("Keeping things as they are: {value}.", value=writer.signed(base, scale))
    return text


def _dimension_consequence(
    writer: SummaryWriter, rows: Sequence[ProfileRow], focus: int, baseline: int, dimension: Dimension | None
) -> str:
    """The dimension as the profile says it, in the words of its scale, beside keeping things as they
    are; one sentence per scale when the dimension uses several (never averaged across scales)."""
    _ = writer.translator
    if dimension is None:
        return _("The rubric does not ask about this.")
    own = [row for row in rows if row.dimension_key == dimension.key and not row.ladder]
    sentences = []
    for row in own:
        cells = {cell.option_id: cell for cell in row.cells}
        chosen, base = cells.get(focus), cells.get(baseline)
        if chosen is None or chosen.median is None:
            continue
        if base is None or base.median is None:
            sentence = _("The dimension's median is {value}.", value=chosen.text)
        else:
            difference = chosen.median - base.median  # both on 0…1 of the row's one scale
            if difference >= SOME_DIFFERENCE:
                template = N_("Better than keeping things as they are: {value}, against {baseline}.")
            elif difference > -SOME_DIFFERENCE:
                template = N_("About the same as keeping things as they are: {value}, against {baseline}.")
            else:
                template = N_("Worse than keeping things as they are: {value}, against {baseline}.")
            sentence = _(template, value=chosen.text, baseline=base.text)
        sentences.append(f"{row.label}: {sentence}" if len(own) > 1 else sentence)
    if not sentences:
        return _("The panel did not score this.")
    sentence = " ".join(sentences)
    below = _below_today(writer, focus, dimension.key)
    if below:
        sentence += " " + _("Scored below today: {items}.", items="; ".join(below))
    return sentence


def _below_today(writer: SummaryWriter, option_id: int, dimension_key: str) -> list[str]:
    """Criteria (per facet) of a dimension whose median is worse than today, worst first."""
    found: list[tuple[float, int, str]] = []
    for order, criterion in enumerate(writer.rubric.criteria_in(dimension_key)):
        scale = writer.rubric.scale_of(criterion)
        if not criterion.aggregate or scale.kind is not ScaleKind.BIPOLAR:
            continue
        for facet in writer.comparison.facets_of(criterion.key):
            stats = writer.comparison.cells.get((option_id, criterion.key, facet))
            if stats is None or stats.median is None or stats.median >= 0:
                continue
            label = criterion.question(writer.language).rstrip("?")
            if facet:
                label = f"{label} ({writer.facet_text(facet)})"
            found.append((stats.median, order, f"{label}: {writer.value_text(criterion, stats.median)}"))
    return [text for _median, _order, text in sorted(found)]


# Citizen involvement -------------------------------------------------------------------------


def involvement_section(writer: SummaryWriter) -> InvolvementSection:
    _ = writer.translator
    heading = _("Citizen involvement")
    feedback = _feedback(writer)
    focus, involvement = writer.focus_id, writer.comparison.involvement
    if focus is None or not involvement:
        return InvolvementSection(heading, (Fact(_("Feedback to citizens"), feedback),), "")
    planned, appropriate = involvement.get(focus, (None, None))
    if planned is None or appropriate is None:
        assessment = _("Planned and appropriate involvement cannot be compared: one of them was not scored.")
    elif planned < appropriate:
        assessment = _("The planned involvement is lower than the panel finds appropriate.")
    elif planned > appropriate:
        assessment = _("The planned involvement is higher than the panel finds necessary.")
    else:
        assessment = _("The planned involvement matches what the panel finds appropriate.")
    rubric = writer.rubric
    facts = (
        Fact(_("Option"), writer.option_title(focus)),
        Fact(
            _("Planned involvement"),
            _ladder_text(writer, rubric.with_role(CriterionRole.INVOLVEMENT_PLANNED), planned),
        ),
        Fact(
            _("Appropriate involvement"),
            _ladder_text(writer, rubric.with_role(CriterionRole.INVOLVEMENT_APPROPRIATE), appropriate),
        ),
        Fact(_("Feedback to citizens"), feedback),
    )
    return InvolvementSection(heading, facts, assessment)


def _ladder_text(writer: SummaryWriter, criterion: Criterion | None, value: float | None) -> str:
    _ = writer.translator
    if criterion is None:
        return _("Not asked in this rubric.")
    if value is None:
        return _("not scored")
    scale = writer.rubric.scale_of(criterion)
    return _("{words} (median {value})", words=writer.level_words(scale, value), value=_.number(value, 1))


def _feedback(writer: SummaryWriter) -> str:
    _ = writer.translator
    criterion = writer.rubric.with_role(CriterionRole.CITIZEN_FEEDBACK)
    if criterion is not None:
        value = writer.comparison.criterion_values.get((writer.focus_id or 0, criterion.key))
        if value is not None:
            return writer.level_words(writer.rubric.scale_of(criterion), value)
    return _("Whether citizens are promised feedback on what came of their involvement is not recorded.")
