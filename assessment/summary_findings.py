"""The sections of the decision summary about what the panel found.

The options compared (profile, index, rank, strengths and concerns with the raters' reasons),
the disagreements and how they were discussed, the consequences of the chosen (or best-ranked)
option against keeping things as they are, and citizen involvement. The rubric is asked for
the role of a criterion or a dimension, never for a key: a rubric without the role has no such
line, and says so.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

from collections.abc import Sequence

from assessment.comparison import robustness_sentence
from assessment.discussion_views import DILEMMA_STATUS_LABELS, disagreement_rule_text
from assessment.kernel.clock import danish_date
from assessment.kernel.errors import N_
from assessment.kernel.i18n import mid_sentence
from assessment.kernel.model import Dilemma
from assessment.kernel.repository import DiscussionNote, NoteKind
from assessment.kernel.rubric import Criterion, CriterionRole, Dimension, DimensionRole, ScaleKind
from assessment.kernel.scoring import CellStats
from assessment.summary_model import (
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

__all__ = ["consequence_section", "disagreement_section", "involvement_section", "options_section"]

STRENGTHS_PER_OPTION = 2
QUOTES_PER_POINT = 2
QUOTES_PER_HOT_SPOT = 4
# Percentage points between the chosen option's and the baseline's dimension medians.
CLEAR_DIFFERENCE = 0.15
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
    return OptionsSection(
        heading=_("The options compared"),
        intro=_(
            "The profile shows each option's median per dimension, with the range of its criteria in "
            "brackets, from 0 % (worst) to 100 % (best). Questions about effect are answered against "
            "carrying on as today, so 50 % means no difference. The weighted index and its ranking "
            "come second."
        ),
        dimensions=tuple(d.title(writer.language) for d in comparison.dimensions),
        options=tuple(_option(writer, option.id or 0) for option in comparison.options),
        weights=weights,
        robustness=robustness_sentence(comparison, _) or _("There is no index to rank the options by."),
    )


def _option(writer: SummaryWriter, option_id: int) -> OptionSummary:
    _ = writer.translator
    comparison = writer.comparison
    profile = []
    for dimension in comparison.dimensions:
        found = comparison.profile(option_id, dimension.key)
        median, low, high = (found.median, found.low, found.high) if found is not None else (None, None, None)
        if median is None:
            text = _("not scored")
        elif low is not None and high is not None and low != high:
            # "62 % (25–75 %)": the range after the median, its unit said once.
            text = f"{writer.percent(median)} ({_.number(low * 100, 0)}–{writer.percent(high)})"
        else:
            text = writer.percent(median)
        profile.append(ProfileValue(median, text))
    index = comparison.index.get(option_id)
    rank = comparison.rank_of(option_id)
    option = comparison.option(option_id)
    return OptionSummary(
        title=writer.option_title(option_id),
        description=option.description,
        is_baseline=option.is_baseline,
        is_chosen=option_id == writer.chosen_id,
        profile=tuple(profile),
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
            )
        )
    flags: list[Flag] = []
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


def _stats_text(writer: SummaryWriter, criterion_key: str, stats: CellStats) -> str:
    _ = writer.translator
    scale = writer.rubric.scale_of(criterion_key)

    def shown(value: float | None) -> str:
        return writer.signed(value, scale) if value is not None else "–"

    parts = [
        _(
            "Median {median}; scores from {minimum} to {maximum}; {count} scores.",
            median=shown(stats.median),
            minimum=shown(stats.minimum),
            maximum=shown(stats.maximum),
            count=stats.count,
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
    heading = _("Consequences")
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
        items.append(Consequence(area, _dimension_consequence(writer, focus, baseline, dimension)))
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
    writer: SummaryWriter, focus: int, baseline: int, dimension: Dimension | None
) -> str:
    _ = writer.translator
    if dimension is None:
        return _("The rubric does not ask about this.")
    chosen = writer.comparison.profile(focus, dimension.key)
    base = writer.comparison.profile(baseline, dimension.key)
    if chosen is None or chosen.median is None:
        return _("The panel did not score this.")
    if base is None or base.median is None:
        sentence = _("The dimension's median is {value}.", value=writer.percent(chosen.median))
    else:
        difference = chosen.median - base.median
        if difference >= CLEAR_DIFFERENCE:
            template = N_("Clearly better than keeping things as they are: {value} against {baseline}.")
        elif difference >= SOME_DIFFERENCE:
            template = N_("Somewhat better than keeping things as they are: {value} against {baseline}.")
        elif difference > -SOME_DIFFERENCE:
            template = N_("About the same as keeping things as they are: {value} against {baseline}.")
        elif difference > -CLEAR_DIFFERENCE:
            template = N_("Somewhat worse than keeping things as they are: {value} against {baseline}.")
        else:
            template = N_("Clearly worse than keeping things as they are: {value} against {baseline}.")
        sentence = _(template, value=writer.percent(chosen.median), baseline=writer.percent(base.median))
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
            found.append((stats.median, order, f"{label}: {writer.signed(stats.median, scale)}"))
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
