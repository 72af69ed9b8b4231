"""The decision summary: one object per proposal, in the reader's language, rendered by every export.

A MED committee takes the summary into its meeting and its minutes, the municipality files it,
and politicians, staff and citizens read it. :func:`build_summary` gathers everything once – the
proposal, its unit's core task and the level above, the options' profiles and ranking, what the
raters wrote, the disagreements and dilemmas, the decision and any dissent, the consequences,
citizen involvement, the follow-up and an appendix with every score – and says it in words with
the user's :class:`~assessment.kernel.i18n.Translator`. The Word, PDF, Excel, Markdown and CSV renderers
in ``report/`` only lay it out, so every format says the same thing.

Rules that protect people live here:

* blind scoring stays blind: before the reveal the summary is refused (``NotAllowed``);
* raters are pseudonymised by default ("Deltager A, sygeplejerske"); names appear only when the
  caller asks for them *and* the proposal allows it; e-mail addresses never appear, nor does
  the name of whoever registered, decided or wrote anything;
* dissent is never silently empty: without any, the summary says that none was recorded.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime

from babel.numbers import format_percent

from assessment import comparison as comparing
from assessment.discussion import DILEMMA_STATUS_LABELS, disagreement_rule_text, pseudonyms
from assessment.kernel import lifecycle
from assessment.kernel.clock import Clock, danish_date, utc_now
from assessment.kernel.errors import N_
from assessment.kernel.i18n import Translator, mid_sentence
from assessment.kernel.model import (
    AuditEvent,
    CoreTask,
    Decision,
    Dilemma,
    Person,
    Profession,
    Round,
    Score,
    Unit,
)
from assessment.kernel.permissions import Action, Actor, checked_proposal, use_case
from assessment.kernel.pseudonyms import letter_order, letters, professions_safe_to_show
from assessment.kernel.repository import DiscussionNote, NoteKind, Repository, UnitOfWork
from assessment.kernel.rubric import Criterion, Perspective, Scale, ScaleKind
from assessment.kernel.scoring import NO_FACET, CellKey, CellStats, effective_scores
from assessment.organisation import CHANGE_TYPE_LABELS, LEVEL_LABELS, ORIGIN_LABELS, PERSPECTIVE_LABELS

__all__ = [
    "ROUND_LABELS",
    "AppendixSection",
    "CellRow",
    "ChangeSection",
    "Consequence",
    "ConsequenceSection",
    "ConsultationSection",
    "ContextSection",
    "CoreTaskLevel",
    "DecisionSection",
    "DecisionSummary",
    "DilemmaItem",
    "DilemmaSection",
    "DisagreementSection",
    "DissentSection",
    "Fact",
    "Flag",
    "FollowUpSection",
    "GovernanceSection",
    "HotSpot",
    "InvolvementSection",
    "OptionSummary",
    "OptionsSection",
    "PanelEntry",
    "Point",
    "ProfileValue",
    "Quote",
    "ScoreRow",
    "StatusSection",
    "UnitSection",
    "build_summary",
    "record_export",
    "summary_from",
    "walk_texts",
]


ROUND_LABELS: dict[Round, str] = {
    Round.BLIND: N_("1 – blind"),
    Round.REVISED: N_("2 – after the discussion"),
    Round.FOLLOW_UP: N_("3 – follow-up"),
}

# The dimensions whose consequences the summary describes besides the citizen and society
# criteria; a rubric without them simply has no such sentence.
PROFESSIONS_DIMENSION = "fagligheder"
WORK_ENVIRONMENT_DIMENSION = "arbejdsmiljoe"
# A criterion on whether citizens are promised feedback on what came of their involvement.
FEEDBACK_KEYS = ("tilbagemelding", "feedback")

# A criterion's question is cut to about this many characters where a table has little room.
SHORT_LABEL = 60
STRENGTHS_PER_OPTION = 2
QUOTES_PER_POINT = 2
QUOTES_PER_HOT_SPOT = 4
# Percentage points between the chosen option's and the baseline's dimension medians.
CLEAR_DIFFERENCE = 0.15
SOME_DIFFERENCE = 0.05


# The summary's parts, in reading order ------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One labelled value, shown as a row of a two-column table."""

    label: str
    value: str


@dataclass(frozen=True)
class StatusSection:
    heading: str
    status: str
    created: date
    decided: date | None
    follow_up: date | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class CoreTaskLevel:
    """One unit and its core task as it read at the time of the decision."""

    unit: str
    level: str
    statement: str  # says so when no core task has been written
    version: str  # "version 2 of 07.10.2026", or "" without a core task
    perspectives: tuple[Fact, ...]  # formal, performed, experienced


@dataclass(frozen=True)
class UnitSection:
    heading: str
    unit: CoreTaskLevel
    above: CoreTaskLevel | None


@dataclass(frozen=True)
class GovernanceSection:
    heading: str
    management_level: str
    med_committee: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class ConsultationSection:
    heading: str
    consulted: str
    informed: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class ContextSection:
    heading: str
    description: str
    context: str


@dataclass(frozen=True)
class ChangeSection:
    heading: str
    change_type: str
    origin: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Quote:
    """A reason a rater wrote, attributed to the rater's pseudonym (or name, where allowed)."""

    text: str
    by: str
    level: str  # the level the rater gave, e.g. "+2 Klart bedre"
    about: str = ""  # the facet (a profession or perspective) when the criterion has facets


@dataclass(frozen=True)
class Point:
    """A strength or concern: a criterion the option scored high or low on, and why."""

    criterion: str
    value: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class ProfileValue:
    """An option's median and range in one dimension, on 0…1 and as text in per cent."""

    dimension: str
    median: float | None
    low: float | None
    high: float | None
    text: str


@dataclass(frozen=True)
class OptionSummary:
    option_id: int
    title: str
    description: str
    is_baseline: bool
    is_chosen: bool
    profile: tuple[ProfileValue, ...]
    index: float | None
    index_text: str
    rank: int | None
    rank_text: str
    strengths: tuple[Point, ...]
    concerns: tuple[Point, ...]


@dataclass(frozen=True)
class OptionsSection:
    heading: str
    intro: str
    dimensions: tuple[str, ...]
    options: tuple[OptionSummary, ...]
    weights: str
    robustness: str


@dataclass(frozen=True)
class HotSpot:
    """A cell where the panel disagrees, what the raters wrote there and how it was discussed."""

    option: str
    criterion: str
    facet: str
    stats: str
    quotes: tuple[Quote, ...]
    dilemmas: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    """Another point the discussion was asked to take up: a perspective gap, a value gap."""

    text: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class DisagreementSection:
    heading: str
    rule: str
    hot_spots: tuple[HotSpot, ...]
    flags: tuple[Flag, ...]
    other_notes: tuple[str, ...]
    none_text: str  # shown instead of the hot spots when there are none


@dataclass(frozen=True)
class DilemmaItem:
    text: str
    pole_a: str
    pole_b: str
    status: str
    note: str
    about: str  # the option and criterion it is linked to, or ""


@dataclass(frozen=True)
class DilemmaSection:
    heading: str
    items: tuple[DilemmaItem, ...]
    none_text: str


@dataclass(frozen=True)
class DecisionSection:
    heading: str
    decided: bool
    chosen_option: str  # "" until decided
    decided_on: date | None
    facts: tuple[Fact, ...]
    justification: str
    med_statement: str
    conditions: str  # says so when none were recorded
    pending: str  # what the reader is told before the decision; "" once decided


@dataclass(frozen=True)
class DissentSection:
    heading: str
    recorded: bool
    text: str  # never empty: "No dissent was recorded." when there is none


@dataclass(frozen=True)
class Consequence:
    area: str
    text: str


@dataclass(frozen=True)
class ConsequenceSection:
    heading: str
    intro: str
    items: tuple[Consequence, ...]


@dataclass(frozen=True)
class InvolvementSection:
    heading: str
    option: str
    planned: str
    appropriate: str
    assessment: str
    feedback: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class FollowUpSection:
    heading: str
    date: date | None
    date_text: str
    indicators: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class PanelEntry:
    """A rater as the summary shows them: a pseudonym and a profession, a name only where allowed."""

    pseudonym: str  # "Deltager A"
    profession: str
    label: str  # "Deltager A, sygeplejerske" (or the name, where shown)
    name: str | None = None


@dataclass(frozen=True)
class ScoreRow:
    """One stored score, as the appendix, the workbook and the CSV file list it."""

    option: str
    option_position: int
    criterion_key: str
    criterion: str
    criterion_short: str
    dimension: str
    facet: str
    participant: str
    participant_index: int  # the participant's place in the appendix's panel
    level: int | None  # None is "don't know"
    level_label: str
    level_text: str  # "+2 Klart bedre", "3 I høj grad", "Ved ikke"
    reason: str
    round: int
    round_label: str


@dataclass(frozen=True)
class CellRow:
    """The statistics of one option × criterion × facet, for the workbook's criteria sheet."""

    option: str
    dimension: str
    criterion_key: str
    criterion: str
    facet: str
    count: int
    dont_know: int
    median: float | None
    mean: float | None
    minimum: int | None
    maximum: int | None
    disagreement: bool


@dataclass(frozen=True)
class AppendixSection:
    heading: str
    rubric: tuple[Fact, ...]
    rubric_id: str
    rubric_version: str
    content_hash: str
    panel: tuple[PanelEntry, ...]
    scores: tuple[ScoreRow, ...]
    cells: tuple[CellRow, ...]


@dataclass(frozen=True)
class DecisionSummary:
    """Everything a reader needs about one proposal and its decision, in one language.

    The fields from ``status`` to ``appendix`` are the document's sections, in reading order.
    """

    language: str
    proposal_id: int
    document_title: str
    title: str
    generated_at: datetime
    generated: str
    pseudonymised: bool
    privacy_note: str
    status: StatusSection
    unit: UnitSection
    governance: GovernanceSection
    consultation: ConsultationSection
    context: ContextSection
    change: ChangeSection
    options: OptionsSection
    disagreements: DisagreementSection
    dilemmas: DilemmaSection
    decision: DecisionSection
    dissent: DissentSection
    consequences: ConsequenceSection
    involvement: InvolvementSection
    follow_up: FollowUpSection
    appendix: AppendixSection

    SECTIONS = (
        "status",
        "unit",
        "governance",
        "consultation",
        "context",
        "change",
        "options",
        "disagreements",
        "dilemmas",
        "decision",
        "dissent",
        "consequences",
        "involvement",
        "follow_up",
        "appendix",
    )

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """(field name, heading) of every section, in reading order."""
        return tuple((name, getattr(self, name).heading) for name in self.SECTIONS)

    @property
    def chosen(self) -> OptionSummary | None:
        return next((option for option in self.options.options if option.is_chosen), None)


# Building it ---------------------------------------------------------------------------------


@use_case
def record_export(
    uow: UnitOfWork, proposal_id: int, *, file_format: str, named: bool, actor: Actor, clock: Clock = utc_now
) -> None:
    """Write in the audit trail that ``actor`` took the summary out of the app, in which format and
    whether with rater names: a document that leaves the app can be traced."""
    with uow.write() as repo:
        checked_proposal(repo, actor, Action.EXPORT_SUMMARY, proposal_id)
        repo.record(
            AuditEvent(
                actor_id=actor.person_id,
                action="summary.export",
                object_type="proposal",
                object_id=str(proposal_id),
                at=clock(),
                after={"format": file_format, "names": named},
            )
        )


@use_case
def build_summary(
    uow: UnitOfWork,
    proposal_id: int,
    translator: Translator,
    *,
    actor: Actor,
    pseudonymise: bool = True,
    dimension_weights: Mapping[str, float] | None = None,
    comparison: comparing.Comparison | None = None,
    clock: Clock | None = None,
) -> DecisionSummary:
    """The decision summary of a revealed proposal, in the translator's language.

    Refused with :class:`~assessment.kernel.errors.NotAllowed` before the reveal (blind scoring stays
    blind). Raters are pseudonymised unless ``pseudonymise=False`` *and* the proposal shows
    rater names. ``comparison`` may be passed when the caller has built it already (for the
    charts); it must be of this proposal.
    """
    with uow.read() as repo:
        checked_proposal(repo, actor, Action.EXPORT_SUMMARY, proposal_id)
    if comparison is None:
        comparison = comparing.compare(uow, proposal_id, dimension_weights, actor=actor)
    elif comparison.proposal.id != proposal_id:
        raise ValueError(f"the comparison is of proposal {comparison.proposal.id}, not {proposal_id}")
    with uow.read() as repo:
        proposal = repo.get_proposal(proposal_id) or comparison.proposal
        decision = repo.get_decision(proposal_id)
        moment = decision.decided_at if decision is not None else (clock or utc_now)()
        facts = _Facts(
            decision=decision,
            dilemmas=tuple(repo.dilemmas_of(proposal_id)),
            notes=tuple(repo.notes_of(proposal_id)),
            scores=tuple(repo.all_scores(proposal_id)),
            people={m.person_id: repo.get_person(m.person_id) for m in proposal.panel},
            professions={p.id: p for p in repo.list_professions() if p.id is not None},
            chain=_chain(repo, proposal.unit_id, moment),
        )
        extra = {s.rater_id for s in facts.scores} - set(facts.people)
        facts.people.update({rater_id: repo.get_person(rater_id) for rater_id in sorted(extra)})
    return summary_from(
        comparison,
        facts,
        translator,
        show_names=not pseudonymise and proposal.show_rater_names,
        now=(clock or utc_now)(),
    )


@dataclass(frozen=True)
class _Facts:
    """What the summary reads besides the comparison, in one consistent look at the repository."""

    decision: Decision | None
    dilemmas: tuple[Dilemma, ...]
    notes: tuple[DiscussionNote, ...]
    scores: tuple[Score, ...]
    people: dict[int, Person | None]
    professions: dict[int, Profession]
    chain: tuple[tuple[Unit, CoreTask | None], ...]  # the unit, then the level above (if any)


def _chain(repo: Repository, unit_id: int, moment: datetime) -> tuple[tuple[Unit, CoreTask | None], ...]:
    """The unit and the unit above it, each with the core task that was valid at ``moment``."""
    chain: list[tuple[Unit, CoreTask | None]] = []
    next_id: int | None = unit_id
    while next_id is not None and len(chain) < 2:
        unit = repo.get_unit(next_id)
        if unit is None:
            break
        history = repo.core_task_history(next_id)  # newest first
        valid = next((c for c in history if c.valid_from <= moment), history[-1] if history else None)
        chain.append((unit, valid))
        next_id = unit.parent_id
    return tuple(chain)


def summary_from(
    comparison: comparing.Comparison,
    facts: _Facts,
    _: Translator,
    *,
    show_names: bool,
    now: datetime,
) -> DecisionSummary:
    """The summary from what :func:`build_summary` read; pure."""
    writer = _Writer(comparison, facts, _, show_names)
    proposal = comparison.proposal
    return DecisionSummary(
        language=_.language,
        proposal_id=proposal.id or 0,
        document_title=_("Decision summary"),
        title=proposal.title,
        generated_at=now,
        generated=_("Made with Kernekompas on {moment}.", moment=_.datetime(now)),
        pseudonymised=not show_names,
        privacy_note=(
            _("Raters are named, as the proposal allows.")
            if show_names
            else _(
                "Raters appear under a pseudonym (Participant A, B, …), with their profession where "
                "three or more of that profession took part. Their names are not part of this document."
            )
        ),
        status=writer.status(),
        unit=writer.unit(),
        governance=writer.governance(),
        consultation=writer.consultation(),
        context=writer.context(),
        change=writer.change(),
        options=writer.options(),
        disagreements=writer.disagreements(),
        dilemmas=writer.dilemma_log(),
        decision=writer.decision(),
        dissent=writer.dissent(),
        consequences=writer.consequences(),
        involvement=writer.involvement(),
        follow_up=writer.follow_up(),
        appendix=writer.appendix(),
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Says the comparison and the facts in words, one section at a time."""

    def __init__(
        self, comparison: comparing.Comparison, facts: _Facts, translator: Translator, show_names: bool
    ) -> None:
        self.c = comparison
        self.f = facts
        self._ = translator
        self.language = translator.language
        self.proposal = comparison.proposal
        self.rubric = comparison.rubric
        self.show_names = show_names
        self.participants = self._participants()
        self.effective = effective_scores(self.f.scores)
        decision = facts.decision
        chosen = decision.chosen_option_id if decision is not None else None
        self.chosen_id = chosen if chosen in comparison.option_ids else None
        ranked = [r.option_id for r in comparison.ranking if r.rank is not None]
        # Before the decision, consequences and involvement are told for the best-ranked option.
        self.focus_id = self.chosen_id if self.chosen_id is not None else (ranked[0] if ranked else None)

    # Small helpers ---------------------------------------------------------------------------

    def option_title(self, option_id: int) -> str:
        try:
            return self.c.option_label(option_id, self._)
        except KeyError:
            return self._("Option {id}", id=option_id)

    def criterion_text(self, key: str) -> str:
        try:
            return self.rubric.criterion(key).question(self.language)
        except KeyError:
            return key

    def facet_text(self, facet: str) -> str:
        if facet == NO_FACET:
            return ""
        if facet in {p.value for p in Perspective}:
            return self._(PERSPECTIVE_LABELS[Perspective(facet)])
        return self.c.profession_names.get(facet, facet)

    def percent(self, value: float | None) -> str:
        if value is None:
            return self._("not scored")
        return format_percent(value, format="#,##0 %", locale=self._.locale)

    def signed(self, value: float, scale: Scale) -> str:
        """A level as people read it: "+1,5" on a scale around 0, "2,5" on a scale from 0."""
        text = self._.number(abs(value), 1)
        if scale.kind is ScaleKind.BIPOLAR and value > 0:
            return "+" + text
        if value < 0:
            return "−" + text  # the minus sign, not a hyphen a spreadsheet would read as a formula
        return text

    def level_words(self, scale: Scale, value: float) -> str:
        """The level's name; between two levels, both names."""
        low, high = math.floor(value), math.ceil(value)
        if low == high:
            return scale.label(low, self.language)
        return self._(
            "between {low} and {high}",
            low=scale.label(low, self.language),
            high=scale.label(high, self.language),
        )

    def level_text(self, scale: Scale, level: int | None) -> str:
        if level is None:
            return self._("Don't know")
        return f"{self.signed(level, scale)} {scale.label(level, self.language)}"

    def value_text(self, criterion: Criterion, value: float) -> str:
        scale = self.rubric.scale_of(criterion)
        return self._(
            "median {value} ({words})", value=self.signed(value, scale), words=self.level_words(scale, value)
        )

    # Participants ----------------------------------------------------------------------------

    def _participants(self) -> dict[int, PanelEntry]:
        """Every rater → how the summary shows them, in letter order.

        The letters and labels are the discussion screen's (:func:`discussion.pseudonyms`), so
        "Participant C" is the same person on the screen and in the minutes.
        """
        rater_ids = sorted({m.person_id for m in self.proposal.panel} | set(self.f.people))
        profession_of: dict[int, Profession | None] = {}
        for person_id in rater_ids:
            member = self.proposal.panel_member(person_id)
            person = self.f.people.get(person_id)
            profession_id = member.profession_id if member else (person.profession_id if person else None)
            profession_of[person_id] = self.f.professions.get(profession_id) if profession_id else None
        names = None
        if self.show_names:
            names = {i: p.name for i in rater_ids if (p := self.f.people.get(i)) is not None}
        key = self.proposal.pseudonym_key
        labels = pseudonyms(rater_ids, profession_of, key=key, names=names, translate=self._.gettext)
        letter_of = letters(rater_ids, key)
        # Without names, a profession with fewer than three raters would point at the person.
        shown = profession_of if names else professions_safe_to_show(rater_ids, profession_of)
        entries: dict[int, PanelEntry] = {}
        for person_id in letter_order(rater_ids, key):
            profession = shown[person_id]
            entries[person_id] = PanelEntry(
                pseudonym=self._("Participant {letter}", letter=letter_of[person_id]),
                profession=profession.name if profession else "",
                label=labels[person_id],
                name=names.get(person_id) if names else None,
            )
        return entries

    def participant(self, rater_id: int) -> str:
        entry = self.participants.get(rater_id)
        return entry.label if entry is not None else self._("Unknown participant")

    def quotes(
        self, option_id: int, criterion_key: str, keep: Callable[[float], bool], facet: str | None = None
    ) -> list[tuple[float, Quote]]:
        """Reasons written on one option × criterion whose normalised level passes ``keep``."""
        criterion = self.rubric.criterion(criterion_key)
        scale = self.rubric.scale_of(criterion)
        found: list[tuple[float, Quote]] = []
        for (rater_id, o, k, f), score in self.effective.items():
            if o != option_id or k != criterion_key or (facet is not None and f != facet):
                continue
            if not score.reason.strip() or score.level is None:
                continue
            normalised = scale.normalise(score.level)
            if not keep(normalised):
                continue
            quote = Quote(
                text=score.reason,
                by=self.participant(rater_id),
                level=self.level_text(scale, score.level),
                about=self.facet_text(f),
            )
            found.append((normalised, quote))
        return found

    # Sections --------------------------------------------------------------------------------

    def status(self) -> StatusSection:
        _ = self._
        decision = self.f.decision
        created = danish_date(self.proposal.created_at)
        decided = danish_date(decision.decided_at) if decision is not None else None
        follow_up = decision.follow_up_date if decision is not None else None
        rubric = self.rubric
        facts = (
            Fact(_("Status"), _capitalised(_(lifecycle.STATUS_LABELS[self.proposal.status]))),
            Fact(_("Registered"), _.date(created)),
            Fact(_("Decided"), _.date(decided) if decided else _("Not decided yet")),
            Fact(_("Follow-up"), _.date(follow_up) if follow_up else _("Set when the decision is recorded")),
            Fact(
                _("Rubric"),
                _("{title}, version {version}", title=rubric.title(self.language), version=rubric.version),
            ),
        )
        return StatusSection(_("Status and dates"), facts[0].value, created, decided, follow_up, facts)

    def _core_task_level(self, unit: Unit, core_task: CoreTask | None) -> CoreTaskLevel:
        _ = self._
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

    def unit(self) -> UnitSection:
        _ = self._
        chain = self.f.chain
        if not chain:
            missing = CoreTaskLevel("", "", _("No core task has been recorded for this unit."), "", ())
            return UnitSection(_("Unit and core task"), missing, None)
        unit = self._core_task_level(*chain[0])
        above = self._core_task_level(*chain[1]) if len(chain) > 1 else None
        return UnitSection(_("Unit and core task"), unit, above)

    def governance(self) -> GovernanceSection:
        _ = self._
        p = self.proposal
        facts = (
            Fact(_("Decision maker (management level)"), p.management_level),
            Fact(_("MED committee"), p.med_committee),
        )
        return GovernanceSection(
            _("Decision maker and MED committee"), p.management_level, p.med_committee, facts
        )

    def consultation(self) -> ConsultationSection:
        _ = self._
        not_recorded = _("Not recorded.")
        consulted = self.proposal.consulted or not_recorded
        informed = self.proposal.informed or not_recorded
        facts = (Fact(_("Consulted"), consulted), Fact(_("Informed"), informed))
        return ConsultationSection(_("Consulted and informed"), consulted, informed, facts)

    def context(self) -> ContextSection:
        _ = self._
        return ContextSection(
            _("The proposal and its context"),
            self.proposal.description,
            self.proposal.context or _("No context was recorded."),
        )

    def change(self) -> ChangeSection:
        _ = self._
        change_type = _(CHANGE_TYPE_LABELS[self.proposal.change_type])
        origin = _(ORIGIN_LABELS[self.proposal.origin])
        facts = (Fact(_("Type of change"), change_type), Fact(_("Origin"), origin))
        return ChangeSection(_("Type of change and origin"), change_type, origin, facts)

    # Options ---------------------------------------------------------------------------------

    def options(self) -> OptionsSection:
        _ = self._
        c = self.c
        summaries = tuple(self._option(option.id or 0) for option in c.options)
        if c.rubric_weights_used:
            weights = _("Every dimension counts equally in the index, as the rubric weights its criteria.")
        else:
            weights = _(
                "The index uses explored weights: {weights}.",
                weights="; ".join(
                    f"{c.dimension_title(key, _)} {_.number(value, 1)}"
                    for key, value in c.dimension_weights.items()
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
            dimensions=tuple(d.title(self.language) for d in c.dimensions),
            options=summaries,
            weights=weights,
            robustness=comparing.robustness_sentence(c, _) or _("There is no index to rank the options by."),
        )

    def _option(self, option_id: int) -> OptionSummary:
        _ = self._
        c = self.c
        option = c.option(option_id)
        profile = []
        for dimension in c.dimensions:
            p = c.profile(option_id, dimension.key)
            median, low, high = (p.median, p.low, p.high) if p is not None else (None, None, None)
            if median is None:
                text = _("not scored")
            elif low is not None and high is not None and low != high:
                # "62 % (25–75 %)": the range after the median, its unit said once.
                text = f"{self.percent(median)} ({_.number(low * 100, 0)}–{self.percent(high)})"
            else:
                text = self.percent(median)
            profile.append(ProfileValue(dimension.title(self.language), median, low, high, text))
        index = c.index.get(option_id)
        rank = c.rank_of(option_id)
        scored = c.scored_options
        return OptionSummary(
            option_id=option_id,
            title=self.option_title(option_id),
            description=option.description,
            is_baseline=option.is_baseline,
            is_chosen=option_id == self.chosen_id,
            profile=tuple(profile),
            index=index,
            index_text=self.percent(index),
            rank=rank,
            rank_text=_("{rank} of {count}", rank=rank, count=scored)
            if rank is not None
            else _("not ranked"),
            strengths=self._points(option_id, strengths=True),
            concerns=self._points(option_id, strengths=False),
        )

    def _points(self, option_id: int, *, strengths: bool) -> tuple[Point, ...]:
        """The option's highest (or lowest) scored criteria, with the reasons given for them."""
        candidates: list[tuple[float, bool, int, Criterion, list[Quote]]] = []
        for order, criterion in enumerate(self.rubric.aggregate_criteria):
            value = self.c.criterion_values.get((option_id, criterion.key))
            if value is None:
                continue
            normalised = self.rubric.scale_of(criterion).normalise(value)
            if (normalised <= 0.5) if strengths else (normalised >= 0.5):
                continue

            def keep(level: float, strengths: bool = strengths) -> bool:
                return level > 0.5 if strengths else level < 0.5

            found = sorted(
                self.quotes(option_id, criterion.key, keep), key=lambda q: -q[0] if strengths else q[0]
            )
            quotes = [quote for _level, quote in found[:QUOTES_PER_POINT]]
            candidates.append(
                (-normalised if strengths else normalised, not quotes, order, criterion, quotes)
            )
        candidates.sort(key=lambda item: item[:3])
        return tuple(
            Point(
                criterion=criterion.question(self.language),
                value=self.value_text(criterion, self.c.criterion_values[(option_id, criterion.key)] or 0.0),
                quotes=tuple(quotes),
            )
            for _value, _no_quote, _order, criterion, quotes in candidates[:STRENGTHS_PER_OPTION]
        )

    # Disagreements and dilemmas --------------------------------------------------------------

    def _note_text(self, note: DiscussionNote) -> str:
        return f"{self._.date(danish_date(note.created_at))}: {note.text}"

    def _dilemma_line(self, dilemma: Dilemma) -> str:
        _ = self._
        status = _(DILEMMA_STATUS_LABELS[dilemma.status])
        if dilemma.pole_a and dilemma.pole_b:
            return _(
                "Dilemma: {pole_a} ↔ {pole_b} ({status})",
                pole_a=dilemma.pole_a,
                pole_b=dilemma.pole_b,
                status=status,
            )
        return _("Dilemma: {text} ({status})", text=dilemma.text, status=status)

    def disagreements(self) -> DisagreementSection:
        _ = self._
        c = self.c
        used_notes: set[int] = set()
        hot_spots: list[HotSpot] = []
        for key in c.disagreements:
            option_id, criterion_key, facet = key
            stats = c.cells[key]
            notes = [n for n in self.f.notes if n.option_id == option_id and n.criterion_key == criterion_key]
            used_notes.update(id(n) for n in notes)
            found = sorted(
                self.quotes(option_id, criterion_key, lambda _level: True, facet=facet), key=lambda q: q[0]
            )
            hot_spots.append(
                HotSpot(
                    option=self.option_title(option_id),
                    criterion=self.criterion_text(criterion_key),
                    facet=self.facet_text(facet),
                    stats=self._stats_text(criterion_key, stats),
                    quotes=tuple(quote for _level, quote in _spread(found, QUOTES_PER_HOT_SPOT)),
                    dilemmas=tuple(
                        self._dilemma_line(d)
                        for d in self.f.dilemmas
                        if d.criterion_key == criterion_key and d.option_id in (option_id, None)
                    ),
                    notes=tuple(self._note_text(n) for n in notes),
                )
            )
        flags: list[Flag] = []
        for gap in c.perspective_gaps:
            notes = [
                n
                for n in self.f.notes
                if n.kind is NoteKind.PERSPECTIVE_GAP
                and n.option_id == gap.option_id
                and n.criterion_key == gap.criterion_key
            ]
            used_notes.update(id(n) for n in notes)
            flags.append(
                Flag(
                    _(
                        "{option}: on “{criterion}”, the perspectives {low} and {high} are {gap} steps apart.",
                        option=self.option_title(gap.option_id),
                        low=mid_sentence(self.facet_text(gap.low_facet)),
                        high=mid_sentence(self.facet_text(gap.high_facet)),
                        criterion=self.criterion_text(gap.criterion_key),
                        gap=_.number(gap.gap, 1),
                    ),
                    tuple(self._note_text(n) for n in notes),
                )
            )
        for option_id, difference in c.value_gaps.items():
            notes = [
                n for n in self.f.notes if n.kind is NoteKind.VALUE_DIVERGENCE and n.option_id == option_id
            ]
            used_notes.update(id(n) for n in notes)
            text = (
                _(
                    "{option}: the value to the citizen is scored {gap} steps above the value to society.",
                    option=self.option_title(option_id),
                    gap=_.number(abs(difference), 1),
                )
                if difference > 0
                else _(
                    "{option}: the value to society is scored {gap} steps above the value to the citizen.",
                    option=self.option_title(option_id),
                    gap=_.number(abs(difference), 1),
                )
            )
            flags.append(Flag(text, tuple(self._note_text(n) for n in notes)))
        other = tuple(self._note_text(n) for n in self.f.notes if id(n) not in used_notes)
        return DisagreementSection(
            heading=_("Disagreements and how they were discussed"),
            rule=disagreement_rule_text(self._.gettext),
            hot_spots=tuple(hot_spots),
            flags=tuple(flags),
            other_notes=other,
            none_text=_("The panel did not disagree sharply on any criterion."),
        )

    def _stats_text(self, criterion_key: str, stats: CellStats) -> str:
        _ = self._
        scale = self.rubric.scale_of(criterion_key)
        parts = [
            _(
                "Median {median}; scores from {minimum} to {maximum}; {count} scores.",
                median=self.signed(stats.median, scale) if stats.median is not None else "–",
                minimum=self.signed(stats.minimum, scale) if stats.minimum is not None else "–",
                maximum=self.signed(stats.maximum, scale) if stats.maximum is not None else "–",
                count=stats.count,
            )
        ]
        if stats.dont_know:
            parts.append(_("{count} answered “don't know”.", count=stats.dont_know))
        return " ".join(parts)

    def dilemma_log(self) -> DilemmaSection:
        _ = self._
        items = []
        for dilemma in self.f.dilemmas:
            about = [self.option_title(dilemma.option_id)] if dilemma.option_id is not None else []
            if dilemma.criterion_key:
                about.append(self.criterion_text(dilemma.criterion_key))
            items.append(
                DilemmaItem(
                    text=dilemma.text,
                    pole_a=dilemma.pole_a,
                    pole_b=dilemma.pole_b,
                    status=_capitalised(_(DILEMMA_STATUS_LABELS[dilemma.status])),
                    note=dilemma.note,
                    about=" · ".join(about),
                )
            )
        return DilemmaSection(_("Dilemmas"), tuple(items), _("No dilemmas were recorded."))

    # The decision ----------------------------------------------------------------------------

    def decision(self) -> DecisionSection:
        _ = self._
        decision = self.f.decision
        heading = _("The decision and why")
        if decision is None:
            return DecisionSection(
                heading, False, "", None, (), "", "", "", _("No decision has been recorded yet.")
            )
        chosen = self.option_title(decision.chosen_option_id)
        decided_on = danish_date(decision.decided_at)
        facts = (Fact(_("Chosen option"), chosen), Fact(_("Decided"), _.date(decided_on)))
        return DecisionSection(
            heading=heading,
            decided=True,
            chosen_option=chosen,
            decided_on=decided_on,
            facts=facts,
            justification=decision.justification,
            med_statement=decision.med_statement,
            conditions=decision.conditions or _("No conditions were recorded."),
            pending="",
        )

    def dissent(self) -> DissentSection:
        _ = self._
        decision = self.f.decision
        heading = _("Dissent")
        if decision is None:
            return DissentSection(
                heading,
                False,
                _("No decision has been recorded yet, so no dissent has been recorded either."),
            )
        if decision.dissent.strip():
            return DissentSection(heading, True, decision.dissent)
        return DissentSection(heading, False, _("No dissent was recorded."))

    # Consequences ----------------------------------------------------------------------------

    def consequences(self) -> ConsequenceSection:
        _ = self._
        heading = _("Consequences")
        focus, baseline = self.focus_id, self.c.baseline_id
        if focus is None or baseline is None:
            return ConsequenceSection(
                heading, _("No option has been scored, so no consequences can be described."), ()
            )
        title = self.option_title(focus)
        if focus == baseline:
            return ConsequenceSection(
                heading,
                _(
                    "The decision is to keep things as they are: compared with today nothing changes for "
                    "citizens, society, the professions or the work environment."
                ),
                (),
            )
        if self.chosen_id is None:
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
        items: list[Consequence] = []
        for area, key in ((_("Citizens"), comparing.CITIZEN_KEY), (_("Society"), comparing.SOCIETY_KEY)):
            items.append(Consequence(area, self._criterion_consequence(focus, baseline, key)))
        for area, dimension in (
            (_("The professions"), PROFESSIONS_DIMENSION),
            (_("The work environment"), WORK_ENVIRONMENT_DIMENSION),
        ):
            items.append(Consequence(area, self._dimension_consequence(focus, baseline, dimension)))
        return ConsequenceSection(heading, intro, tuple(items))

    def _criterion_consequence(self, focus: int, baseline: int, key: str) -> str:
        _ = self._
        try:
            criterion = self.rubric.criterion(key)
        except KeyError:
            return _("The rubric does not ask about this.")
        value = self.c.criterion_values.get((focus, key))
        if value is None:
            return _("The panel did not score this.")
        scale = self.rubric.scale_of(criterion)
        text = _(
            "Expected: {words} ({value} on a scale from {lowest} to {highest}).",
            words=self.level_words(scale, value),
            value=self.signed(value, scale),
            lowest=self.signed(scale.lowest, scale),
            highest=self.signed(scale.highest, scale),
        )
        base = self.c.criterion_values.get((baseline, key))
        if scale.kind is not ScaleKind.BIPOLAR and base is not None:
            text += " " + _("Keeping things as they are: {value}.", value=self.signed(base, scale))
        return text

    def _dimension_consequence(self, focus: int, baseline: int, dimension_key: str) -> str:
        _ = self._
        try:
            self.rubric.dimension(dimension_key)
        except KeyError:
            return _("The rubric does not ask about this.")
        chosen = self.c.profile(focus, dimension_key)
        base = self.c.profile(baseline, dimension_key)
        if chosen is None or chosen.median is None:
            return _("The panel did not score this.")
        if base is None or base.median is None:
            sentence = _("The dimension's median is {value}.", value=self.percent(chosen.median))
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
            sentence = _(template, value=self.percent(chosen.median), baseline=self.percent(base.median))
        below = self._below_today(focus, dimension_key)
        if below:
            sentence += " " + _("Scored below today: {items}.", items="; ".join(below))
        return sentence

    def _below_today(self, option_id: int, dimension_key: str) -> list[str]:
        """Criteria (per facet) of a dimension whose median is worse than today, worst first."""
        found: list[tuple[float, int, str]] = []
        for order, criterion in enumerate(self.rubric.criteria_in(dimension_key)):
            scale = self.rubric.scale_of(criterion)
            if not criterion.aggregate or scale.kind is not ScaleKind.BIPOLAR:
                continue
            for facet in self.c.facets_of(criterion.key):
                stats = self.c.cells.get((option_id, criterion.key, facet))
                if stats is None or stats.median is None or stats.median >= 0:
                    continue
                label = criterion.question(self.language).rstrip("?")
                if facet:
                    label = f"{label} ({self.facet_text(facet)})"
                found.append((stats.median, order, f"{label}: {self.signed(stats.median, scale)}"))
        return [text for _median, _order, text in sorted(found)]

    # Involvement and follow-up ---------------------------------------------------------------

    def involvement(self) -> InvolvementSection:
        _ = self._
        heading = _("Citizen involvement")
        feedback = self._feedback()
        focus = self.focus_id
        if focus is None or not self.c.involvement:
            text = (
                _("The rubric does not ask about citizen involvement.")
                if not self.c.involvement
                else _("No option has been scored.")
            )
            facts: tuple[Fact, ...] = (Fact(_("Feedback to citizens"), feedback),)
            return InvolvementSection(heading, "", text, text, "", feedback, facts)
        planned, appropriate = self.c.involvement.get(focus, (None, None))
        planned_text = self._ladder_text(comparing.PLANNED_KEY, planned)
        appropriate_text = self._ladder_text(comparing.APPROPRIATE_KEY, appropriate)
        if planned is None or appropriate is None:
            assessment = _(
                "Planned and appropriate involvement cannot be compared: one of them was not scored."
            )
        elif planned < appropriate:
            assessment = _("The planned involvement is lower than the panel finds appropriate.")
        elif planned > appropriate:
            assessment = _("The planned involvement is higher than the panel finds necessary.")
        else:
            assessment = _("The planned involvement matches what the panel finds appropriate.")
        facts = (
            Fact(_("Option"), self.option_title(focus)),
            Fact(_("Planned involvement"), planned_text),
            Fact(_("Appropriate involvement"), appropriate_text),
            Fact(_("Feedback to citizens"), feedback),
        )
        return InvolvementSection(
            heading, self.option_title(focus), planned_text, appropriate_text, assessment, feedback, facts
        )

    def _ladder_text(self, key: str, value: float | None) -> str:
        _ = self._
        try:
            criterion = self.rubric.criterion(key)
        except KeyError:
            return _("Not asked in this rubric.")
        if value is None:
            return _("not scored")
        scale = self.rubric.scale_of(criterion)
        return _("{words} (median {value})", words=self.level_words(scale, value), value=_.number(value, 1))

    def _feedback(self) -> str:
        _ = self._
        for key in FEEDBACK_KEYS:
            try:
                criterion = self.rubric.criterion(key)
            except KeyError:
                continue
            value = self.c.criterion_values.get((self.focus_id or 0, key))
            if value is not None:
                return self.level_words(self.rubric.scale_of(criterion), value)
        return _("Whether citizens are promised feedback on what came of their involvement is not recorded.")

    def follow_up(self) -> FollowUpSection:
        _ = self._
        decision = self.f.decision
        heading = _("Follow-up")
        if decision is None:
            text = _("A follow-up date and indicators are set when the decision is recorded.")
            return FollowUpSection(heading, None, text, "", (Fact(_("Follow-up"), text),))
        date_text = _.date(decision.follow_up_date)
        facts = (Fact(_("Follow-up date"), date_text), Fact(_("Indicators"), decision.indicators))
        return FollowUpSection(heading, decision.follow_up_date, date_text, decision.indicators, facts)

    # Appendix --------------------------------------------------------------------------------

    def appendix(self) -> AppendixSection:
        _ = self._
        ref = self.proposal.rubric
        rubric = self.rubric
        facts = (
            Fact(_("Rubric"), rubric.title(self.language)),
            Fact(_("Id"), ref.rubric_id),
            Fact(_("Version"), ref.version),
            Fact(_("Content hash (SHA-256)"), ref.content_hash),
        )
        return AppendixSection(
            heading=_("Appendix: rubric, panel and scores"),
            rubric=facts,
            rubric_id=ref.rubric_id,
            rubric_version=ref.version,
            content_hash=ref.content_hash,
            panel=tuple(self.participants.values()),
            scores=tuple(self._score_rows()),
            cells=tuple(self._cell_rows()),
        )

    def _orders(self) -> tuple[dict[int, int], dict[str, int]]:
        option_order = {option.id or 0: i for i, option in enumerate(self.c.options)}
        criterion_order = {criterion.key: i for i, criterion in enumerate(self.rubric.criteria)}
        return option_order, criterion_order

    def _facet_position(self, criterion_key: str, facet: str) -> int:
        try:
            facets = self.c.facets_of(criterion_key)
        except KeyError:
            return 0
        return facets.index(facet) if facet in facets else len(facets)

    def _score_rows(self) -> Iterable[ScoreRow]:
        _ = self._
        option_order, criterion_order = self._orders()
        participant_order = {person_id: i for i, person_id in enumerate(self.participants)}
        scores = sorted(
            self.f.scores,
            key=lambda s: (
                option_order.get(s.option_id, len(option_order)),
                criterion_order.get(s.criterion_key, len(criterion_order)),
                self._facet_position(s.criterion_key, s.facet),
                participant_order.get(s.rater_id, len(participant_order)),
                int(s.round),
            ),
        )
        for score in scores:
            try:
                criterion = self.rubric.criterion(score.criterion_key)
            except KeyError:
                continue  # a score on a criterion the frozen rubric does not have cannot be read
            scale = self.rubric.scale_of(criterion)
            yield ScoreRow(
                option=self.option_title(score.option_id),
                option_position=option_order.get(score.option_id, -1),
                criterion_key=criterion.key,
                criterion=criterion.question(self.language),
                criterion_short=self.c.criterion_label(criterion.key, _, SHORT_LABEL),
                dimension=self.rubric.dimension(criterion.dimension).title(self.language),
                facet=self.facet_text(score.facet),
                participant=self.participant(score.rater_id),
                participant_index=participant_order.get(score.rater_id, -1),
                level=score.level,
                level_label=(
                    scale.label(score.level, self.language) if score.level is not None else _("Don't know")
                ),
                level_text=self.level_text(scale, score.level),
                reason=score.reason,
                round=int(score.round),
                round_label=_(ROUND_LABELS[score.round]),
            )

    def _cell_rows(self) -> Iterable[CellRow]:
        c = self.c
        option_order, criterion_order = self._orders()
        keys: list[CellKey] = sorted(
            c.cells,
            key=lambda k: (
                option_order.get(k[0], 0),
                criterion_order.get(k[1], 0),
                self._facet_position(k[1], k[2]),
            ),
        )
        for option_id, criterion_key, facet in keys:
            stats = c.cells[(option_id, criterion_key, facet)]
            criterion = self.rubric.criterion(criterion_key)
            yield CellRow(
                option=self.option_title(option_id),
                dimension=self.rubric.dimension(criterion.dimension).title(self.language),
                criterion_key=criterion_key,
                criterion=criterion.question(self.language),
                facet=self.facet_text(facet),
                count=stats.count,
                dont_know=stats.dont_know,
                median=stats.median,
                mean=stats.mean,
                minimum=stats.minimum,
                maximum=stats.maximum,
                disagreement=stats.disagreement,
            )


def _spread(found: Sequence[tuple[float, Quote]], limit: int) -> list[tuple[float, Quote]]:
    """At most ``limit`` quotes, taken from both ends so that both sides of a split are heard."""
    ordered = list(found)
    picked: list[tuple[float, Quote]] = []
    while ordered and len(picked) < limit:
        picked.append(ordered.pop(0))
        if ordered and len(picked) < limit:
            picked.append(ordered.pop())
    return sorted(picked, key=lambda item: item[0])


def walk_texts(value: object) -> Iterable[str]:
    """Every string inside a summary (for checks that no name or e-mail address leaks)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from walk_texts(item)
    elif hasattr(value, "__dataclass_fields__"):
        for f in fields(value):  # type: ignore[arg-type]
            yield from walk_texts(getattr(value, f.name))
