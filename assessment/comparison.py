"""The comparison read model: every option side by side, as the "Sammenlign" screen shows it.

One :class:`Comparison` holds what the screen, the charts and the decision summary need about a
revealed proposal: the profile per dimension (the primary view), the weighted index and its
ranking (secondary), how robust that ranking is, the statistics of every cell, where the panel
disagrees, the per-profession view (groups of three or more only), perspective gaps, the gap
between value to the citizen and to society, and the planned against the appropriate citizen
involvement.

Exploring weights ("what if work environment counted double?") are an argument, never stored:
a comparison built with them changes neither the rubric nor the scores.

Pure Python: no UI, database, chart or dataframe library is imported here.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import statistics
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

from assessment import readiness, scoring_sheet
from assessment.kernel.errors import N_, InvalidInput
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Option, Perspective, Proposal
from assessment.kernel.permissions import Actor, use_case
from assessment.kernel.repository import Repository, UnitOfWork
from assessment.kernel.robustness import WeightFlip, robustness
from assessment.kernel.rubric import Criterion, CriterionRole, Dimension, FacetKind, Rubric
from assessment.kernel.scoring import (
    NO_FACET,
    CellKey,
    CellStats,
    DimensionProfile,
    PerspectiveGap,
    Ranked,
    Tally,
    cell_stats,
    criterion_value,
    dimension_profiles,
    perspective_gaps,
    profession_breakdown,
    rank,
    value_criteria,
    value_divergence,
    weighted_index,
)
from assessment.organisation import PERSPECTIVE_LABELS
from assessment.readiness import ReadinessChecklist

__all__ = [
    "DEFAULT_WEIGHT",
    "Comparison",
    "ProfessionKey",
    "ProfessionProfile",
    "build_comparison",
    "compare",
    "comparison_from",
    "robustness_sentence",
    "weighted_dimensions",
]

# The weight of every dimension unless the user explores others: the rubric's own weighting.
DEFAULT_WEIGHT = 1.0

ProfessionKey = tuple[int, str, str, str]
"""(option_id, criterion_key, facet, profession of the raters)."""


@dataclass(frozen=True)
class ProfessionProfile:
    """How the raters of one profession (a group of 3 or more) see an option in one dimension.

    Worked out as the profile is, from that group's own medians: the median of the criteria's
    normalised values (0…1), a criterion's value being the mean of its facet medians.
    """

    option_id: int
    profession: str
    dimension_key: str
    median: float | None
    criteria_scored: int


# A criterion's question, shortened to this many characters, labels it in tables and charts.
LABEL_LENGTH = 48


def weighted_dimensions(rubric: Rubric) -> tuple[Dimension, ...]:
    """The dimensions that count in the index: those with at least one aggregate criterion."""
    return tuple(d for d in rubric.dimensions if any(c.aggregate for c in rubric.criteria_in(d.key)))


@dataclass(frozen=True)
class Comparison:
    """Every option of one revealed proposal, side by side."""

    proposal: Proposal
    rubric: Rubric
    options: list[Option]  # in position order, the baseline first
    dimension_weights: dict[str, float]  # every dimension in the index → the weight used
    rubric_weights_used: bool  # True when every weight is 1: no exploring weights
    profiles: list[DimensionProfile]  # option (position order) × dimension in the index
    index: dict[int, float | None]  # option_id → weighted index 0…1, every option
    ranking: list[Ranked]
    flip: WeightFlip | None
    cells: dict[CellKey, CellStats]  # every option × criterion × facet, scored or not
    criterion_values: dict[tuple[int, str], float | None]  # (option_id, criterion_key) → value
    disagreements: list[CellKey]  # disagreeing cells, the widest spread first
    profession_medians: dict[ProfessionKey, CellStats]  # profession groups of 3 or more only
    perspective_gaps: list[PerspectiveGap]
    value_gaps: dict[int, float]  # option_id → citizen − society value, where ≥ 2 steps apart
    involvement: dict[int, tuple[float | None, float | None]]  # option_id → (planned, appropriate)
    tallies: dict[CellKey, Tally] = field(default_factory=dict)  # the histograms behind ``cells``
    profession_names: dict[str, str] = field(default_factory=dict)  # profession key → name
    results: scoring_sheet.GroupResults | None = field(default=None, repr=False)  # what it was built from
    # The proposal's readiness checklist, shown apart from the options' profile: never in an index.
    readiness: ReadinessChecklist | None = None

    def reweighted(self, dimension_weights: Mapping[str, float] | None) -> Comparison:
        """The same results with other exploring weights; nothing is read or stored again."""
        if self.results is None:
            raise ValueError("this comparison was built without its results, so it cannot be reweighted")
        if (
            dimension_weights is not None
            and _checked_weights(self.rubric, dimension_weights) == self.dimension_weights
        ):
            return self  # the same weights: building it again would give the very same comparison
        return build_comparison(
            self.results, dimension_weights, profession_names=self.profession_names, readiness=self.readiness
        )

    # Options ---------------------------------------------------------------------------------

    def option(self, option_id: int) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def option_label(self, option_id: int, _: Translator) -> str:
        """The option's title; "Keep as is" for the baseline, whose title is empty."""
        option = self.option(option_id)
        if option.is_baseline and not option.title:
            return _("Keep as is")
        return option.title

    @property
    def option_ids(self) -> list[int]:
        return [option.id or 0 for option in self.options]

    @property
    def baseline_id(self) -> int | None:
        return next((option.id for option in self.options if option.is_baseline), None)

    def rank_of(self, option_id: int) -> int | None:
        return next((r.rank for r in self.ranking if r.option_id == option_id), None)

    @property
    def scored_options(self) -> int:
        """How many options have an index, and so a place in the ranking."""
        return sum(1 for r in self.ranking if r.rank is not None)

    # Dimensions and criteria -----------------------------------------------------------------

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        """The dimensions in the profile and the index, in rubric order."""
        return weighted_dimensions(self.rubric)

    def dimension_title(self, dimension_key: str, _: Translator) -> str:
        return self.rubric.dimension(dimension_key).title(_.language)

    def profile(self, option_id: int, dimension_key: str) -> DimensionProfile | None:
        return next(
            (p for p in self.profiles if p.option_id == option_id and p.dimension_key == dimension_key),
            None,
        )

    def criterion_label(self, criterion_key: str, _: Translator, length: int = LABEL_LENGTH) -> str:
        """The criterion's question, cut at a word to about ``length`` characters for axes."""
        return _shorten(self.rubric.criterion(criterion_key).question(_.language), length)

    def facet_label(self, facet: str, _: Translator) -> str:
        """A perspective's name, a profession's name, or "" for a criterion without facets."""
        if facet == NO_FACET:
            return ""
        if facet in {p.value for p in Perspective}:
            return _(PERSPECTIVE_LABELS[Perspective(facet)])
        return self.profession_names.get(facet, facet)

    def facets_of(self, criterion_key: str) -> list[str]:
        """The facets a criterion was scored on in this proposal, in a stable order."""
        return _facets(self.rubric.criterion(criterion_key), self.tallies)

    @property
    def professions(self) -> list[str]:
        """The raters' professions that have a per-profession view (groups of 3 or more)."""
        return sorted({key[3] for key in self.profession_medians})

    def profession_profiles(self) -> list[ProfessionProfile]:
        """Profession × option × dimension in the index, for the groups of 3 or more raters."""
        by_cell: dict[tuple[int, str, str], list[float]] = {}
        for (option_id, criterion_key, _facet, profession), stats in self.profession_medians.items():
            if stats.median is not None:
                by_cell.setdefault((option_id, criterion_key, profession), []).append(stats.median)
        profiles: list[ProfessionProfile] = []
        for profession in self.professions:
            for option_id in self.option_ids:
                for dimension in self.dimensions:
                    values = [
                        self.rubric.scale_of(c).normalise(statistics.fmean(medians))
                        for c in self.rubric.criteria_in(dimension.key)
                        if c.aggregate and (medians := by_cell.get((option_id, c.key, profession)))
                    ]
                    profiles.append(
                        ProfessionProfile(
                            option_id=option_id,
                            profession=profession,
                            dimension_key=dimension.key,
                            median=statistics.median(values) if values else None,
                            criteria_scored=len(values),
                        )
                    )
        return profiles


def _shorten(text: str, length: int) -> str:
    text = " ".join(text.split()).rstrip("?")
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,–-")
    return cut + "…"


def _facets(criterion: Criterion, tallies: Mapping[CellKey, Tally]) -> list[str]:
    if criterion.facets is None:
        return [NO_FACET]
    if criterion.facets is FacetKind.PERSPECTIVE:
        return [p.value for p in Perspective]
    return sorted({facet for (_, key, facet) in tallies if key == criterion.key})


# Exploring weights -----------------------------------------------------------------------------


def _checked_weights(rubric: Rubric, given: Mapping[str, float] | None) -> dict[str, float]:
    """Every dimension in the index → its weight; explain anything a user could get wrong."""
    in_index = {d.key for d in weighted_dimensions(rubric)}
    known = {d.key for d in rubric.dimensions}
    weights = {key: DEFAULT_WEIGHT for key in (d.key for d in weighted_dimensions(rubric))}
    for key, weight in (given or {}).items():
        if key not in known:
            raise InvalidInput(
                N_("The rubric has no dimension called {dimension}; choose one of: {allowed}."),
                dimension=key,
                allowed=", ".join(sorted(in_index)),
            )
        if key not in in_index:
            raise InvalidInput(
                N_("The dimension {dimension} is never added into the index, so it has no weight."),
                dimension=key,
            )
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
            raise InvalidInput(N_("The weight of {dimension} must be a number."), dimension=key)
        if weight < 0:
            raise InvalidInput(
                N_("The weight of {dimension} must be 0 or more, not {weight}."), dimension=key, weight=weight
            )
        weights[key] = float(weight)
    if weights and not any(weights.values()):
        raise InvalidInput(N_("At least one dimension must count: give one of them a weight above 0."))
    return weights


# Building the comparison -----------------------------------------------------------------------


@use_case
def compare(
    uow: UnitOfWork,
    proposal_id: int,
    dimension_weights: Mapping[str, float] | None = None,
    *,
    actor: Actor,
) -> Comparison:
    """The comparison of a revealed proposal's options.

    Refused with :class:`~assessment.kernel.errors.NotAllowed` before the reveal, so blind scoring stays
    blind; exploring weights that make no sense are refused with
    :class:`~assessment.kernel.errors.InvalidInput`.
    """
    with uow.read() as repo:
        return comparison_from(repo, proposal_id, dimension_weights, actor=actor)


def comparison_from(
    repo: Repository,
    proposal_id: int,
    dimension_weights: Mapping[str, float] | None = None,
    *,
    actor: Actor,
) -> Comparison:
    """:func:`compare` inside a read transaction the caller has open, for a use case that reads
    the comparison with other things in one consistent look (the decision summary)."""
    results = scoring_sheet.results_of(repo, actor, proposal_id)
    names = {profession.key: profession.name for profession in repo.list_professions()}
    checklist = readiness.checklist_of(repo, results.proposal, actor)
    return build_comparison(results, dimension_weights, profession_names=names, readiness=checklist)


# Comparisons built lately, by a digest of everything they were built from. Building one is a
# ten milliseconds of pure arithmetic that every rerun of Sammenlign (and every weight tried and
# tried back) repeated on the very same results; the key is the whole input, so a kept comparison
# is exactly the one that would be built, and only ever goes to whoever handed in those results.
_BUILT: OrderedDict[str, Comparison] = OrderedDict()
_BUILT_SIZE = 32
_BUILT_LOCK = threading.Lock()


def build_comparison(
    results: scoring_sheet.GroupResults,
    dimension_weights: Mapping[str, float] | None = None,
    *,
    profession_names: Mapping[str, str] | None = None,
    readiness: ReadinessChecklist | None = None,
) -> Comparison:
    """The comparison from the revealed results; pure, so documents can build it too.

    Nothing in a comparison is ever changed after it is built, so one built from the same input
    before is handed out again."""
    weights = sorted((dimension_weights or {}).items())
    key = hashlib.sha256(
        pickle.dumps((results, weights, sorted((profession_names or {}).items()), readiness), protocol=5)
    ).hexdigest()
    with _BUILT_LOCK:
        if key in _BUILT:
            _BUILT.move_to_end(key)
            return _BUILT[key]
    built = _build(results, dimension_weights, profession_names=profession_names, readiness=readiness)
    with _BUILT_LOCK:
        _BUILT[key] = built
        while len(_BUILT) > _BUILT_SIZE:
            _BUILT.popitem(last=False)
    return built


def _build(
    results: scoring_sheet.GroupResults,
    dimension_weights: Mapping[str, float] | None,
    *,
    profession_names: Mapping[str, str] | None,
    readiness: ReadinessChecklist | None,
) -> Comparison:
    rubric, proposal = results.rubric, results.proposal
    weights = _checked_weights(rubric, dimension_weights)
    options = sorted(proposal.options, key=lambda o: (not o.is_baseline, o.position, o.id or 0))
    option_ids = [option.id or 0 for option in options]
    # Scores of options that are no longer on the proposal cannot be shown against anything.
    tallies = {key: tally for key, tally in results.tallies.items() if key[0] in option_ids}

    cells: dict[CellKey, CellStats] = {}
    values: dict[tuple[int, str], float | None] = {}
    # The facets of each option × criterion, grouped once: looking them up in all the tallies for
    # every pair took a quarter of the screen's rerun.
    by_cell: dict[tuple[int, str], dict[str, Tally]] = {}
    for (option_id, criterion_key, facet), tally in tallies.items():
        by_cell.setdefault((option_id, criterion_key), {})[facet] = tally
    for criterion in rubric.criteria:
        scale = rubric.scale_of(criterion)
        facets = _facets(criterion, tallies)
        for option_id in option_ids:
            for facet in facets:
                cells[(option_id, criterion.key, facet)] = cell_stats(
                    tallies.get((option_id, criterion.key, facet), Tally({})), scale
                )
            values[(option_id, criterion.key)] = criterion_value(
                criterion, scale, by_cell.get((option_id, criterion.key), {})
            )

    position = {option_id: i for i, option_id in enumerate(option_ids)}
    criterion_order = {criterion.key: i for i, criterion in enumerate(rubric.criteria)}
    disagreements = sorted(
        (key for key, stats in cells.items() if stats.disagreement),
        key=lambda key: (
            -((cells[key].maximum or 0) - (cells[key].minimum or 0)),
            position[key[0]],
            criterion_order[key[1]],
            key[2],
        ),
    )

    computed = {(p.option_id, p.dimension_key): p for p in dimension_profiles(rubric, tallies)}
    profiles = [
        computed.get((option_id, dimension.key))
        or DimensionProfile(option_id, dimension.key, None, None, None, 0)
        for option_id in option_ids
        for dimension in weighted_dimensions(rubric)
    ]
    scored_index = weighted_index(rubric, tallies, weights)
    index = {option_id: scored_index.get(option_id) for option_id in option_ids}

    # Views about a criterion's role: a rubric that does not declare the role has no such view.
    both = value_criteria(rubric)
    value_gaps = value_divergence(rubric, tallies, both[0].key, both[1].key) if both else {}
    planned = rubric.with_role(CriterionRole.INVOLVEMENT_PLANNED)
    appropriate = rubric.with_role(CriterionRole.INVOLVEMENT_APPROPRIATE)
    involvement: dict[int, tuple[float | None, float | None]] = {}
    if planned or appropriate:
        involvement = {
            option_id: (
                values.get((option_id, planned.key)) if planned else None,
                values.get((option_id, appropriate.key)) if appropriate else None,
            )
            for option_id in option_ids
        }

    profession_tallies = {k: t for k, t in results.profession_tallies.items() if k[0] in option_ids}
    return Comparison(
        proposal=proposal,
        rubric=rubric,
        options=options,
        dimension_weights=weights,
        rubric_weights_used=all(weight == DEFAULT_WEIGHT for weight in weights.values()),
        profiles=profiles,
        index=index,
        ranking=rank(index),
        flip=robustness(rubric, tallies, weights),
        cells=cells,
        criterion_values=values,
        disagreements=disagreements,
        profession_medians=profession_breakdown(rubric, profession_tallies, results.group_sizes),
        perspective_gaps=perspective_gaps(rubric, tallies),
        value_gaps=value_gaps,
        involvement=involvement,
        tallies=tallies,
        profession_names=dict(profession_names or {}),
        results=results,
        readiness=readiness,
    )


# Saying it in words ----------------------------------------------------------------------------


def _beyond(crossing: float, rising: bool) -> float:
    """The first weight with one decimal at which the two options have swapped places.

    At the crossing itself they are equal; a sentence that names a round number must name one
    on the far side of it, or a reader who tries that weight sees no swap.
    """
    tenths = round(crossing * 10, 9)  # 0.3 * 10 is 3.0000000000000004 in floats
    if rising:
        return (math.floor(tenths) + 1) / 10
    return max(0.0, (math.ceil(tenths) - 1) / 10)


def robustness_sentence(comparison: Comparison, _: Translator) -> str | None:
    """How firm the top of the ranking is, in one sentence in the user's language.

    ``None`` when the proposal has no index at all (a rubric of ladders only).
    """
    if not comparison.dimensions:
        return None
    if comparison.scored_options < 2:
        return _("Fewer than two options have been scored, so there is no ranking to test.")
    ranked = [r for r in comparison.ranking if r.rank is not None]
    if ranked[1].rank == ranked[0].rank:
        return _("The two best options have the same index; the weights do not separate them.")
    flip = comparison.flip
    if flip is None:
        return _("No change of one dimension's weight makes the two best options swap places.")
    dimension = comparison.dimension_title(flip.dimension_key, _)
    current = _.number(flip.from_weight, 2)  # 1, 0,5 or 0,25: exactly what the user set
    if flip.to_weight > 0:
        rising = flip.to_weight > flip.from_weight
        target = _beyond(flip.to_weight, rising=rising)
        others = {w for key, w in comparison.dimension_weights.items() if key != flip.dimension_key}
        if len(others) == 1 and (other := others.pop()) > 0:
            # As people say it: "if X counts almost six times as much as the others".
            return _(
                "The two best options only swap places if “{dimension}” counts {how_much} as the other "
                "dimensions (weight {target} instead of {current}).",
                dimension=dimension,
                how_much=how_much(target / other, _),
                target=_.number(target, 1),
                current=current,
            )
        if rising:
            return _(
                "The two best options swap places if the weight of “{dimension}” rises from {current} to {target}.",
                dimension=dimension,
                current=current,
                target=_.number(target, 1),
            )
        return _(
            "The two best options swap places if the weight of “{dimension}” falls from {current} to {target}.",
            dimension=dimension,
            current=current,
            target=_.number(target, 1),
        )
    return _(
        "The two best options come out equal if “{dimension}” is left out (weight 0).",
        dimension=dimension,
    )


_TIMES = {
    2: N_("twice as much"),
    3: N_("three times as much"),
    4: N_("four times as much"),
    5: N_("five times as much"),
    6: N_("six times as much"),
    7: N_("seven times as much"),
    8: N_("eight times as much"),
    9: N_("nine times as much"),
    10: N_("ten times as much"),
}


def how_much(ratio: float, _: Translator) -> str:
    """A ratio of weights as people say it: "almost six times as much", "half as much", "40 % as much"."""
    if abs(ratio - 1.5) < 0.05:
        return _("one and a half times as much")
    if abs(ratio - 0.5) < 0.025:
        return _("half as much")
    nearest = round(ratio)
    if nearest in _TIMES and abs(ratio - nearest) <= 0.3:
        if abs(ratio - nearest) < 0.05:
            return _(_TIMES[nearest])
        if ratio < nearest:
            return _("almost {times}", times=_(_TIMES[nearest]))
        return _("a little over {times}", times=_(_TIMES[nearest]))
    if ratio >= 1.7:
        return _("{number} times as much", number=_.number(ratio, 1))
    return _("{percent} % as much", percent=_.number(ratio * 100, 0))
