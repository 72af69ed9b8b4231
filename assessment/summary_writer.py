"""What the decision summary is written from, and the small ways it says things in words.

:class:`SummaryReading` is what :func:`assessment.summary.export_summary` reads besides the
comparison; :class:`SummaryWriter` holds both with the reader's language and says levels,
medians, per cents, options and participants the same way in every section
(:mod:`assessment.summary_sections`, :mod:`assessment.summary_findings`).

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from babel.numbers import format_percent

from assessment.comparison import Comparison
from assessment.discussion_views import pseudonyms
from assessment.kernel.i18n import Translator
from assessment.kernel.model import (
    CitizenEvidence,
    Consultation,
    CoreTask,
    Decision,
    Dilemma,
    FollowUpConclusion,
    IndicatorMeasurement,
    MedStep,
    OutcomeIndicator,
    Person,
    Profession,
    ProposalPlan,
    Score,
    Unit,
)
from assessment.kernel.pseudonyms import letter_order, letters, professions_safe_to_show
from assessment.kernel.repository import DiscussionNote
from assessment.kernel.rubric import Criterion, Scale, ScaleKind
from assessment.kernel.scoring import effective_scores
from assessment.med_committees import CommitteeFacts
from assessment.summary_model import PanelEntry, Quote

__all__ = ["SummaryReading", "SummaryWriter", "capitalised"]


@dataclass(frozen=True)
class SummaryReading:
    """What the summary reads besides the comparison, in the same transaction as the comparison."""

    decision: Decision | None
    dilemmas: tuple[Dilemma, ...]
    notes: tuple[DiscussionNote, ...]
    scores: tuple[Score, ...]
    people: dict[int, Person | None]  # every rater: the panel and anyone else who scored
    professions: dict[int, Profession]
    chain: tuple[tuple[Unit, CoreTask | None], ...]  # the unit, then the level above (if any)
    evidence: tuple[CitizenEvidence, ...] = ()  # what the experienced perspective rests on
    plan: ProposalPlan | None = None
    med_steps: tuple[MedStep, ...] = ()  # by date
    consultations: tuple[Consultation, ...] = ()
    committee_names: Mapping[int, str] = field(default_factory=dict)  # of the committees the steps name
    # Who acted in an office (decided, carries it out, follows it up): named, as minutes name them.
    officials: Mapping[int, str] = field(default_factory=dict)
    committee: CommitteeFacts | None = None  # the MED committee chosen on the proposal, if one was
    # After the decision: the outcome indicators, their measurements and the follow-up's conclusion.
    indicators: tuple[OutcomeIndicator, ...] = ()
    measurements: tuple[IndicatorMeasurement, ...] = ()
    conclusion: FollowUpConclusion | None = None


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class SummaryWriter:
    """The comparison and the reading, and how the summary says their values in words."""

    def __init__(
        self, comparison: Comparison, reading: SummaryReading, translator: Translator, show_names: bool
    ) -> None:
        self.comparison = comparison
        self.reading = reading
        self.translator = translator
        self.language = translator.language
        self.proposal = comparison.proposal
        self.rubric = comparison.rubric
        self.show_names = show_names
        self.participants = self._participants()
        self.effective = effective_scores(reading.scores)
        decision = reading.decision
        chosen = decision.chosen_option_id if decision is not None else None
        self.chosen_id = chosen if chosen in comparison.option_ids else None
        ranked = [r.option_id for r in comparison.ranking if r.rank is not None]
        # Before the decision, consequences and involvement are told for the best-ranked option.
        self.focus_id = self.chosen_id if self.chosen_id is not None else (ranked[0] if ranked else None)

    # Options, criteria and facets ------------------------------------------------------------

    def option_title(self, option_id: int) -> str:
        try:
            return self.comparison.option_label(option_id, self.translator)
        except KeyError:
            _ = self.translator
            return _("Option {id}", id=option_id)

    def criterion_text(self, key: str) -> str:
        try:
            return self.rubric.criterion(key).question(self.language)
        except KeyError:
            return key

    def facet_text(self, facet: str) -> str:
        return self.comparison.facet_label(facet, self.translator)

    # Numbers and levels ----------------------------------------------------------------------

    def percent(self, value: float | None) -> str:
        _ = self.translator
        if value is None:
            return _("not scored")
        return format_percent(value, format="#,##0 %", locale=_.locale)

    def signed(self, value: float, scale: Scale) -> str:
        """A level as people read it: "+1,5" on a scale around 0, "2,5" on a scale from 0."""
        text = self.translator.number(abs(value), 1)
        if scale.kind is ScaleKind.BIPOLAR and value > 0:
            return "+" + text
        if value < 0:
            return "−" + text  # the minus sign, not a hyphen a spreadsheet would read as a formula
        return text

    def level_words(self, scale: Scale, value: float) -> str:
        """The level's name; between two levels, both names."""
        _ = self.translator
        low, high = math.floor(value), math.ceil(value)
        if low == high:
            return scale.label(low, self.language)
        return _(
            "between {low} and {high}",
            low=scale.label(low, self.language),
            high=scale.label(high, self.language),
        )

    def level_text(self, scale: Scale, level: int | None) -> str:
        _ = self.translator
        if level is None:
            return _("Don't know")
        return f"{self.signed(level, scale)} {scale.label(level, self.language)}"

    def value_text(self, criterion: Criterion, value: float) -> str:
        _ = self.translator
        scale = self.rubric.scale_of(criterion)
        return _(
            "median {value} ({words})", value=self.signed(value, scale), words=self.level_words(scale, value)
        )

    # Participants ----------------------------------------------------------------------------

    def _participants(self) -> dict[int, PanelEntry]:
        """Every rater → how the summary shows them, in letter order.

        The letters and labels are the discussion screen's (:func:`discussion_views.pseudonyms`), so
        "Participant C" is the same person on the screen and in the minutes.
        """
        _ = self.translator
        people = self.reading.people
        rater_ids = sorted({m.person_id for m in self.proposal.panel} | set(people))
        profession_of: dict[int, Profession | None] = {}
        for person_id in rater_ids:
            member = self.proposal.panel_member(person_id)
            person = people.get(person_id)
            profession_id = member.profession_id if member else (person.profession_id if person else None)
            profession_of[person_id] = self.reading.professions.get(profession_id) if profession_id else None
        names = None
        if self.show_names:
            names = {i: p.name for i in rater_ids if (p := people.get(i)) is not None}
        key = self.proposal.pseudonym_key
        labels = pseudonyms(rater_ids, profession_of, key=key, names=names, translate=_.gettext)
        letter_of = letters(rater_ids, key)
        # Without names, a profession with fewer than three raters would point at the person.
        shown = profession_of if names else professions_safe_to_show(rater_ids, profession_of)
        entries: dict[int, PanelEntry] = {}
        for person_id in letter_order(rater_ids, key):
            profession = shown[person_id]
            entries[person_id] = PanelEntry(
                pseudonym=_("Participant {letter}", letter=letter_of[person_id]),
                profession=profession.name if profession else "",
                label=labels[person_id],
                name=names.get(person_id) if names else None,
            )
        return entries

    def participant(self, rater_id: int) -> str:
        _ = self.translator
        entry = self.participants.get(rater_id)
        return entry.label if entry is not None else _("Unknown participant")

    def quotes(
        self, option_id: int, criterion_key: str, keep: Callable[[float], bool], facet: str | None = None
    ) -> list[tuple[float, Quote]]:
        """Reasons written on one option × criterion whose normalised level passes ``keep``."""
        criterion = self.rubric.criterion(criterion_key)
        scale = self.rubric.scale_of(criterion)
        found: list[tuple[float, Quote]] = []
        for (rater_id, scored_option, scored_criterion, scored_facet), score in self.effective.items():
            if scored_option != option_id or scored_criterion != criterion_key:
                continue
            if facet is not None and scored_facet != facet:
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
                about=self.facet_text(scored_facet),
            )
            found.append((normalised, quote))
        return found
