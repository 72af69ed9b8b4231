"""The sections of the decision summary about the proposal and its decision, and the appendix.

Status and dates, the unit and its core task, decision maker and MED committee, who was
consulted, the proposal's context and type of change, the dilemma log and the appendix with every
score. The decision itself, the MED process and the plan are in :mod:`assessment.summary_meeting`. What the panel found – the options, the
disagreements, the consequences and citizen involvement – is in
:mod:`assessment.summary_findings`.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

from collections.abc import Iterator

from assessment.discussion_views import DILEMMA_STATUS_LABELS
from assessment.kernel import lifecycle
from assessment.kernel.clock import danish_date
from assessment.kernel.model import CoreTask, Unit
from assessment.kernel.rubric import Perspective
from assessment.kernel.scoring import CellKey
from assessment.organisation import CHANGE_TYPE_LABELS, LEVEL_LABELS, ORIGIN_LABELS, PERSPECTIVE_LABELS
from assessment.summary_model import (
    AppendixSection,
    CellRow,
    ChangeSection,
    ConsultationSection,
    ContextSection,
    CoreTaskLevel,
    DilemmaItem,
    DilemmaSection,
    Fact,
    GovernanceSection,
    ScoreRow,
    StatusSection,
    UnitSection,
)
from assessment.summary_writer import SummaryWriter, capitalised

__all__ = [
    "appendix_section",
    "change_section",
    "consultation_section",
    "context_section",
    "dilemma_section",
    "governance_section",
    "status_section",
    "unit_section",
]

# A criterion's question is cut to about this many characters where a table has little room.
SHORT_LABEL = 60


# The proposal --------------------------------------------------------------------------------


def status_section(writer: SummaryWriter) -> StatusSection:
    _ = writer.translator
    decision = writer.reading.decision
    created = danish_date(writer.proposal.created_at)
    decided = danish_date(decision.decided_at) if decision is not None else None
    follow_up = decision.follow_up_date if decision is not None else None
    rubric = writer.rubric
    facts = (
        Fact(_("Status"), capitalised(_(lifecycle.STATUS_LABELS[writer.proposal.status]))),
        Fact(_("Registered"), _.date(created)),
        Fact(_("Decided"), _.date(decided) if decided else _("Not decided yet")),
        Fact(_("Follow-up"), _.date(follow_up) if follow_up else _("Set when the decision is recorded")),
        Fact(
            _("Rubric"),
            _("{title}, version {version}", title=rubric.title(writer.language), version=rubric.version),
        ),
    )
    return StatusSection(_("Status and dates"), facts)


def _core_task_level(writer: SummaryWriter, unit: Unit, core_task: CoreTask | None) -> CoreTaskLevel:
    _ = writer.translator
    level = _(LEVEL_LABELS[unit.level])
    if core_task is None:
        return CoreTaskLevel(unit.name, level, _("No core task has been recorded for this unit."), "", ())
    perspectives = tuple(
        Fact(_(PERSPECTIVE_LABELS[p]), text)
        for p in Perspective
        if (text := core_task.perspective(p).strip())
    )
    version = _(
        "version {version} of {date}",
        version=core_task.version,
        date=_.date(danish_date(core_task.valid_from)),
    )
    return CoreTaskLevel(unit.name, level, core_task.statement, version, perspectives)


def unit_section(writer: SummaryWriter) -> UnitSection:
    _ = writer.translator
    chain = writer.reading.chain
    if not chain:
        missing = CoreTaskLevel("", "", _("No core task has been recorded for this unit."), "", ())
        return UnitSection(_("Unit and core task"), missing, None)
    unit = _core_task_level(writer, *chain[0])
    above = _core_task_level(writer, *chain[1]) if len(chain) > 1 else None
    return UnitSection(_("Unit and core task"), unit, above)


def governance_section(writer: SummaryWriter) -> GovernanceSection:
    _ = writer.translator
    proposal = writer.proposal
    committee = writer.reading.committee
    facts: tuple[Fact, ...] = (Fact(_("Decision maker (management level)"), proposal.management_level),)
    if committee is None:
        return GovernanceSection(
            _("Decision maker and MED committee"), (*facts, Fact(_("MED committee"), proposal.med_committee))
        )
    # The name as it was when the committee was chosen; its kind and unit as they are.
    kind = _(committee.kind).lower()
    named = f"{proposal.med_committee} ({kind}, {committee.unit_name})"
    people = (
        (_("Chair of the MED committee"), committee.chairs),
        (_("Health and safety representative"), committee.work_environment_reps),
        (_("Union representative"), committee.union_reps),
    )
    facts += (Fact(_("MED committee"), named),)
    facts += tuple(Fact(label, ", ".join(names)) for label, names in people if names)
    return GovernanceSection(_("Decision maker and MED committee"), facts)


def consultation_section(writer: SummaryWriter) -> ConsultationSection:
    _ = writer.translator
    not_recorded = _("Not recorded.")
    facts = (
        Fact(_("Consulted"), writer.proposal.consulted or not_recorded),
        Fact(_("Informed"), writer.proposal.informed or not_recorded),
    )
    return ConsultationSection(_("Consulted and informed"), facts)


def context_section(writer: SummaryWriter) -> ContextSection:
    _ = writer.translator
    return ContextSection(
        _("The proposal and its context"),
        writer.proposal.description,
        writer.proposal.context or _("No context was recorded."),
    )


def change_section(writer: SummaryWriter) -> ChangeSection:
    _ = writer.translator
    facts = (
        Fact(_("Type of change"), _(CHANGE_TYPE_LABELS[writer.proposal.change_type])),
        Fact(_("Origin"), _(ORIGIN_LABELS[writer.proposal.origin])),
    )
    return ChangeSection(_("Type of change and origin"), facts)


# Dilemmas -------------------------------------------------------------------


def dilemma_section(writer: SummaryWriter) -> DilemmaSection:
    _ = writer.translator
    items = []
    for dilemma in writer.reading.dilemmas:
        about = [writer.option_title(dilemma.option_id)] if dilemma.option_id is not None else []
        if dilemma.criterion_key:
            about.append(writer.criterion_text(dilemma.criterion_key))
        items.append(
            DilemmaItem(
                text=dilemma.text,
                pole_a=dilemma.pole_a,
                pole_b=dilemma.pole_b,
                status=capitalised(_(DILEMMA_STATUS_LABELS[dilemma.status])),
                note=dilemma.note,
                about=" · ".join(about),
            )
        )
    return DilemmaSection(_("Dilemmas"), tuple(items), _("No dilemmas were recorded."))


# The appendix --------------------------------------------------------------------------------


def appendix_section(writer: SummaryWriter) -> AppendixSection:
    _ = writer.translator
    ref = writer.proposal.rubric
    facts = (
        Fact(_("Rubric"), writer.rubric.title(writer.language)),
        Fact(_("Id"), ref.rubric_id),
        Fact(_("Version"), ref.version),
        Fact(_("Content hash (SHA-256)"), ref.content_hash),
    )
    return AppendixSection(
        heading=_("Appendix: rubric, panel and scores"),
        rubric=facts,
        panel=tuple(writer.participants.values()),
        scores=tuple(_score_rows(writer)),
        cells=tuple(_cell_rows(writer)),
    )


class _Order:
    """Where an option, a criterion and a facet come in the appendix: as in the comparison."""

    def __init__(self, writer: SummaryWriter) -> None:
        self.comparison = writer.comparison
        self.options = {option.id or 0: i for i, option in enumerate(writer.comparison.options)}
        self.criteria = {criterion.key: i for i, criterion in enumerate(writer.rubric.criteria)}

    def facet(self, criterion_key: str, facet: str) -> int:
        try:
            facets = self.comparison.facets_of(criterion_key)
        except KeyError:
            return 0
        return facets.index(facet) if facet in facets else len(facets)


def _score_rows(writer: SummaryWriter) -> Iterator[ScoreRow]:
    _ = writer.translator
    rubric = writer.rubric
    order = _Order(writer)
    participant_order = {person_id: i for i, person_id in enumerate(writer.participants)}
    scores = sorted(
        writer.reading.scores,
        key=lambda s: (
            order.options.get(s.option_id, len(order.options)),
            order.criteria.get(s.criterion_key, len(order.criteria)),
            order.facet(s.criterion_key, s.facet),
            participant_order.get(s.rater_id, len(participant_order)),
            int(s.round),
        ),
    )
    for score in scores:
        try:
            criterion = rubric.criterion(score.criterion_key)
        except KeyError:
            continue  # a score on a criterion the frozen rubric does not have cannot be read
        scale = rubric.scale_of(criterion)
        yield ScoreRow(
            option=writer.option_title(score.option_id),
            criterion_key=criterion.key,
            criterion=criterion.question(writer.language),
            criterion_short=writer.comparison.criterion_label(criterion.key, _, SHORT_LABEL),
            dimension=rubric.dimension(criterion.dimension).title(writer.language),
            facet=writer.facet_text(score.facet),
            participant=writer.participant(score.rater_id),
            participant_index=participant_order.get(score.rater_id, -1),
            level=score.level,
            level_label=(
                scale.label(score.level, writer.language) if score.level is not None else _("Don't know")
            ),
            level_text=writer.level_text(scale, score.level),
            reason=score.reason,
            round=int(score.round),
        )


def _cell_rows(writer: SummaryWriter) -> Iterator[CellRow]:
    comparison, rubric = writer.comparison, writer.rubric
    order = _Order(writer)
    keys: list[CellKey] = sorted(
        comparison.cells,
        key=lambda k: (order.options.get(k[0], 0), order.criteria.get(k[1], 0), order.facet(k[1], k[2])),
    )
    for option_id, criterion_key, facet in keys:
        stats = comparison.cells[(option_id, criterion_key, facet)]
        criterion = rubric.criterion(criterion_key)
        yield CellRow(
            option=writer.option_title(option_id),
            dimension=rubric.dimension(criterion.dimension).title(writer.language),
            criterion_key=criterion_key,
            criterion=criterion.question(writer.language),
            facet=writer.facet_text(facet),
            count=stats.count,
            dont_know=stats.dont_know,
            median=stats.median,
            mean=stats.mean,
            minimum=stats.minimum,
            maximum=stats.maximum,
            disagreement=stats.disagreement,
        )
