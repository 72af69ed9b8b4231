"""The scoring maths: cell statistics, the disagreement rule, profiles, the index and its robustness."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from fractions import Fraction
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.kernel.model import Option, Round, Score
from assessment.kernel.robustness import WeightFlip, robustness
from assessment.kernel.rubric import Rubric, Scale
from assessment.kernel.rubric_loading import parse_rubric
from assessment.kernel.scoring import (
    DISAGREEMENT_SHARE,
    DISAGREEMENT_SPREAD,
    CellKey,
    CellStats,
    DimensionProfile,
    PerspectiveGap,
    Ranked,
    Tally,
    cell_stats,
    criterion_value,
    dimension_profiles,
    disagreement_edges,
    effective_scores,
    is_disagreement,
    options_to_score,
    perspective_gaps,
    profession_breakdown,
    rank,
    value_divergence,
    weighted_index,
)

# A small rubric: three scales, three dimensions, a perspective-faceted and a profession-faceted
# criterion, and an involvement ladder that must never be summed.

BIPOLAR = (-2, -1, 0, 1, 2)
ORDINAL = (0, 1, 2, 3, 4)
LADDER = (0, 1, 2, 3, 4)


def _levels(values: tuple[int, ...]) -> str:
    return ", ".join(f'{{ value = {v}, label = {{ da = "n{v}", en = "l{v}" }} }}' for v in values)


def _descriptors(values: tuple[int, ...]) -> str:
    return ", ".join(f'"{v}" = {{ da = "Niveau {v}", en = "Level {v}" }}' for v in values)


RUBRIC_TOML = f"""
schema_version = 1
id = "test"
version = "1"
title = {{ da = "Test", en = "Test" }}
description = {{ da = "Til tests", en = "For tests" }}

[scales.effekt]
kind = "bipolar"
title = {{ da = "Effekt", en = "Effect" }}
levels = [{_levels(BIPOLAR)}]

[scales.grad]
kind = "ordinal"
title = {{ da = "Grad", en = "Degree" }}
levels = [{_levels(ORDINAL)}]

[scales.trappe]
kind = "ladder"
title = {{ da = "Inddragelse", en = "Involvement" }}
levels = [{_levels(LADDER)}]

[[dimensions]]
key = "kerneopgave"
title = {{ da = "Kerneopgaven", en = "The core task" }}

[[dimensions]]
key = "arbejdsmiljo"
title = {{ da = "Arbejdsmiljø", en = "Work environment" }}

[[dimensions]]
key = "inddragelse"
title = {{ da = "Borgerinddragelse", en = "Citizen involvement" }}

[[criteria]]
key = "borger"
dimension = "kerneopgave"
scale = "effekt"
weight = 2
question = {{ da = "Værdi for borgeren?", en = "Value to the citizen?" }}
descriptors = {{ {_descriptors(BIPOLAR)} }}

[[criteria]]
key = "samfund"
dimension = "kerneopgave"
scale = "effekt"
question = {{ da = "Værdi for samfundet?", en = "Value to society?" }}
descriptors = {{ {_descriptors(BIPOLAR)} }}

[[criteria]]
key = "perspektiver"
dimension = "kerneopgave"
scale = "grad"
facets = "perspective"
question = {{ da = "Passer det til kerneopgaven?", en = "Does it fit the core task?" }}
descriptors = {{ {_descriptors(ORDINAL)} }}

[[criteria]]
key = "trivsel"
dimension = "arbejdsmiljo"
scale = "grad"
question = {{ da = "Trivsel?", en = "Well-being?" }}
descriptors = {{ {_descriptors(ORDINAL)} }}

[[criteria]]
key = "faglighed"
dimension = "arbejdsmiljo"
scale = "grad"
facets = "profession"
question = {{ da = "Støtter det fagligheden?", en = "Does it support the profession?" }}
descriptors = {{ {_descriptors(ORDINAL)} }}

[[criteria]]
key = "inddragelse"
dimension = "inddragelse"
scale = "trappe"
aggregate = false
question = {{ da = "Planlagt inddragelse?", en = "Planned involvement?" }}
descriptors = {{ {_descriptors(LADDER)} }}
"""

RUBRIC: Rubric = parse_rubric(RUBRIC_TOML, source="test.toml")
BIPOLAR_SCALE = RUBRIC.scales["effekt"]
ORDINAL_SCALE = RUBRIC.scales["grad"]
SCALES = {"bipolar": BIPOLAR_SCALE, "ordinal": ORDINAL_SCALE}
DIMENSIONS = ("kerneopgave", "arbejdsmiljo", "inddragelse")


def tallies_of(cells: dict[CellKey, list[int | None]]) -> dict[CellKey, Tally]:
    return {key: Tally.of(levels) for key, levels in cells.items()}


# The hand-computed example. Normalised values: bipolar v → (v + 2) / 4, ordinal v → v / 4.
#
# option 1  borger       scores 2 2 1       median 2  → 1.0    (weight 2)
#           samfund      scores 0 -1 1      median 0  → 0.5
#           perspektiver formal 4, performed 2, experienced 3 → mean of medians 3 → 0.75
#           trivsel      scores 1 1 ?       median 1  → 0.25
#           faglighed    paed 2, sosu 0     → mean of medians 1 → 0.25
#           index = (2·1.0 + 0.5 + 0.75 + 0.25 + 0.25) / (2 + 1 + 1 + 1 + 1) = 3.75 / 6 = 0.625
# option 2  every criterion 0.75                                    index = 4.5 / 6 = 0.75
# option 3  borger only "don't know" (left out of both sums); samfund 1 → 0.75;
#           perspektiver only formal, scores 2 3 → median 2.5 → 0.625; trivsel 2 → 0.5
#           index = (0.75 + 0.625 + 0.5) / (1 + 1 + 1) = 1.875 / 3 = 0.625   (ties with option 1)
# option 4  only "don't know" and the ladder, which is never summed → no index
#
# ranking: option 2 first (rank 1), options 1 and 3 share rank 2, option 4 unranked.
EXAMPLE = tallies_of(
    {
        (1, "borger", ""): [2, 2, 1],
        (1, "samfund", ""): [0, -1, 1],
        (1, "perspektiver", "formal"): [4, 4],
        (1, "perspektiver", "performed"): [2],
        (1, "perspektiver", "experienced"): [3, 3, 2],
        (1, "trivsel", ""): [1, 1, None],
        (1, "faglighed", "paed"): [2, 2, 2],
        (1, "faglighed", "sosu"): [0],
        (1, "inddragelse", ""): [3],
        (2, "borger", ""): [1, 1, 2],
        (2, "samfund", ""): [1],
        (2, "perspektiver", "formal"): [3],
        (2, "perspektiver", "performed"): [3],
        (2, "perspektiver", "experienced"): [3],
        (2, "trivsel", ""): [3, 3],
        (2, "faglighed", "paed"): [3],
        (2, "faglighed", "sosu"): [3, 4, 2],
        (3, "borger", ""): [None, None],
        (3, "samfund", ""): [1, 1],
        (3, "perspektiver", "formal"): [2, 3],
        (3, "trivsel", ""): [2],
        (4, "borger", ""): [None],
        (4, "inddragelse", ""): [2],
    }
)


# Tally ------------------------------------------------------------------------------------------


def test_a_tally_counts_levels_and_dont_know_separately() -> None:
    tally = Tally.of([2, None, -1, 2, None])
    assert tally.counts == {-1: 1, 2: 2}
    assert tally.dont_know == 2
    assert tally.count == 3


def test_a_tally_keeps_its_own_copy_and_ignores_empty_levels() -> None:
    counts = {3: 2, 1: 0, 0: 1}
    tally = Tally(counts)
    counts[4] = 9
    assert tally == Tally({0: 1, 3: 2})
    assert list(tally.counts) == [0, 3]
    assert hash(tally) == hash(Tally({3: 2, 0: 1}))


@pytest.mark.parametrize(
    ("counts", "dont_know"),
    [({1: -1}, 0), ({1: 1}, -1), ({1: 1.5}, 0)],
    ids=["negative count", "negative dont-know", "fractional count"],
)
def test_a_tally_refuses_impossible_counts(counts: dict[int, int], dont_know: int) -> None:
    with pytest.raises(ValueError):
        Tally(counts, dont_know)


# Cell statistics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "levels", "count", "dont_know", "median", "mean", "minimum", "maximum"),
    [
        ("ordinal", [], 0, 0, None, None, None, None),
        ("ordinal", [None, None], 0, 2, None, None, None, None),
        ("bipolar", [None], 0, 1, None, None, None, None),
        ("ordinal", [3], 1, 0, 3.0, 3.0, 3, 3),
        ("bipolar", [-2], 1, 0, -2.0, -2.0, -2, -2),
        ("ordinal", [3, None, None], 1, 2, 3.0, 3.0, 3, 3),
        ("ordinal", [1, 2], 2, 0, 1.5, 1.5, 1, 2),
        ("ordinal", [0, 0, 4, 4], 4, 0, 2.0, 2.0, 0, 4),
        ("ordinal", [0, 1, 1, 4], 4, 0, 1.0, 1.5, 0, 4),
        ("ordinal", [4, 0, 1, 1], 4, 0, 1.0, 1.5, 0, 4),
        ("ordinal", [2, None, 2, 3], 3, 1, 2.0, 7 / 3, 2, 3),
        ("ordinal", [0, 1, 2, 3, 4, 4], 6, 0, 2.5, 14 / 6, 0, 4),
        ("ordinal", [4, 4, 4, 4, 4], 5, 0, 4.0, 4.0, 4, 4),
        ("bipolar", [-2, -1], 2, 0, -1.5, -1.5, -2, -1),
        ("bipolar", [-2, 2, 0], 3, 0, 0.0, 0.0, -2, 2),
        ("bipolar", [1, 1, 1, 1, -2, None], 5, 1, 1.0, 0.4, -2, 1),
        ("bipolar", [-1, 0, 0, 1], 4, 0, 0.0, 0.0, -1, 1),
        ("bipolar", [-2, -2, 1, 2], 4, 0, -0.5, -0.25, -2, 2),
        ("bipolar", [2, 2, 2, 1, None, None, None], 4, 3, 2.0, 1.75, 1, 2),
    ],
)
def test_cell_stats_give_count_dont_know_median_mean_and_range(
    scale: str,
    levels: list[int | None],
    count: int,
    dont_know: int,
    median: float | None,
    mean: float | None,
    minimum: int | None,
    maximum: int | None,
) -> None:
    stats = cell_stats(Tally.of(levels), SCALES[scale])
    assert (stats.count, stats.dont_know, stats.minimum, stats.maximum) == (
        count,
        dont_know,
        minimum,
        maximum,
    )
    assert stats.median == median
    assert stats.mean == (None if mean is None else pytest.approx(mean))


def test_cell_stats_carry_the_disagreement_flag() -> None:
    assert cell_stats(Tally.of([0, 4]), ORDINAL_SCALE).disagreement
    assert not cell_stats(Tally.of([2, 3]), ORDINAL_SCALE).disagreement


def test_the_median_of_a_large_histogram_is_found_without_expanding_it() -> None:
    stats = cell_stats(Tally({0: 10**9, 4: 10**9 + 1}), ORDINAL_SCALE)
    assert stats.median == 4.0
    assert stats.count == 2 * 10**9 + 1


def test_a_score_off_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="not on the scale"):
        cell_stats(Tally.of([5]), ORDINAL_SCALE)
    with pytest.raises(ValueError, match="not on the scale"):
        is_disagreement(Tally.of([-1, 1]), ORDINAL_SCALE)


# The disagreement rule --------------------------------------------------------------------------


def test_the_rule_constants_are_a_third_and_three_steps() -> None:
    assert Fraction(1, 3) == DISAGREEMENT_SHARE
    assert DISAGREEMENT_SPREAD == 3
    assert disagreement_edges(BIPOLAR_SCALE) == ((-2, -1), (1, 2))
    assert disagreement_edges(ORDINAL_SCALE) == ((0, 1), (3, 4))


@pytest.mark.parametrize(
    ("scale", "levels", "expected"),
    [
        # A third at each end, spread only 2 steps: the share rule alone decides.
        ("bipolar", [-1, -1, 1, 1, 0, 0], True),  # 2 of 6 at each end: exactly a third
        ("bipolar", [-1, 1, 0], True),  # 1 of 3 at each end
        ("bipolar", [-1, 1, 0, 0], False),  # 1 of 4 at each end: a quarter
        ("bipolar", [-1, -1, 1, 1, 0, 0, 0], False),  # 2 of 7: just under a third
        ("bipolar", [-1, -1, 1, 0, 0, 0], False),  # a third at the bottom, a sixth at the top
        ("bipolar", [-1, -1, -1, 1, 1, 1, 0, 0, 0], True),  # 3 of 9
        ("bipolar", [-1, 1, 0, None, None, None], True),  # don't know does not dilute the share
        ("ordinal", [1, 1, 3, 3, 2, 2], True),  # 2 of 6 at each end
        ("ordinal", [1, 3, 2, 2], False),  # 1 of 4
        ("ordinal", [1, 3], True),  # half at each end
        ("ordinal", [1, 2, 3], True),
        ("ordinal", [0, 1, 2, 2, 2, 2], False),  # all at one end is no split
        # The spread rule: max − min ≥ 3 steps.
        ("bipolar", [-2, 1], True),  # exactly 3 steps
        ("bipolar", [-1, 2], True),  # exactly 3 steps
        ("bipolar", [-2, 2], True),  # 4 steps
        ("bipolar", [-2, 0], False),  # 2 steps, nothing at the top
        ("bipolar", [0, 2, 2, 2], False),  # 2 steps
        ("ordinal", [0, 3], True),  # exactly 3 steps
        ("ordinal", [1, 4, 4, 4, 4, 4, 4], True),  # 3 steps, however few at the bottom
        ("ordinal", [0, 2], False),  # 2 steps
        ("ordinal", [2, 4, 4], False),  # 2 steps
        # Never with fewer than two scores.
        ("bipolar", [], False),
        ("bipolar", [2], False),
        ("ordinal", [0, None, None], False),
        ("ordinal", [2, 2, 2, 2], False),
    ],
)
def test_the_disagreement_rule(scale: str, levels: list[int | None], expected: bool) -> None:
    assert is_disagreement(Tally.of(levels), SCALES[scale]) is expected


def test_two_of_six_at_each_end_is_a_disagreement() -> None:
    assert is_disagreement(Tally({-1: 2, 0: 2, 1: 2}), BIPOLAR_SCALE)


def test_one_of_four_at_each_end_is_not_a_disagreement() -> None:
    assert not is_disagreement(Tally({-1: 1, 0: 2, 1: 1}), BIPOLAR_SCALE)


def test_the_third_is_exact_even_for_large_panels() -> None:
    # 333 333 333 of 999 999 999 is exactly a third; one more in the middle makes it less.
    third = 333_333_333
    assert is_disagreement(Tally({1: third, 2: third, 3: third}), ORDINAL_SCALE)
    assert not is_disagreement(Tally({1: third, 2: third + 1, 3: third}), ORDINAL_SCALE)


def test_on_a_three_level_ladder_each_end_is_one_level() -> None:
    ladder = Scale.model_validate(
        {
            "kind": "ladder",
            "title": {"da": "Trappe", "en": "Ladder"},
            "levels": [{"value": v, "label": {"da": str(v), "en": str(v)}} for v in (0, 1, 2)],
        }
    )
    assert disagreement_edges(ladder) == ((0,), (2,))
    assert not is_disagreement(Tally({1: 5}), ladder)
    assert is_disagreement(Tally({0: 1, 2: 1}), ladder)
    assert not is_disagreement(Tally({0: 1, 1: 2, 2: 1}), ladder)


# One option's value on a criterion ---------------------------------------------------------------


def test_each_perspective_counts_equally_in_a_criterion_value() -> None:
    criterion = RUBRIC.criterion("perspektiver")
    facets = {"formal": Tally.of([4] * 10), "performed": Tally.of([1])}
    # medians 4 and 1, however many raters each has: (4 + 1) / 2
    assert criterion_value(criterion, ORDINAL_SCALE, facets) == 2.5


def test_a_criterion_with_nothing_but_dont_know_has_no_value() -> None:
    criterion = RUBRIC.criterion("borger")
    assert criterion_value(criterion, BIPOLAR_SCALE, {}) is None
    assert criterion_value(criterion, BIPOLAR_SCALE, {"": Tally.of([None, None])}) is None


def test_a_facet_that_does_not_fit_the_criterion_is_refused() -> None:
    with pytest.raises(ValueError, match="has no facets"):
        criterion_value(RUBRIC.criterion("borger"), BIPOLAR_SCALE, {"formal": Tally.of([1])})
    with pytest.raises(ValueError, match="a facet is missing"):
        criterion_value(RUBRIC.criterion("faglighed"), ORDINAL_SCALE, {"": Tally.of([1])})
    with pytest.raises(ValueError, match="not a perspective"):
        criterion_value(RUBRIC.criterion("perspektiver"), ORDINAL_SCALE, {"paed": Tally.of([1])})


# Profiles, index and ranking: the hand-computed example ------------------------------------------


def test_the_hand_computed_example_has_these_dimension_profiles() -> None:
    # option 1, kerneopgave: 1.0, 0.5, 0.75 → median 0.75, range 0.5–1.0; arbejdsmiljo 0.25, 0.25
    # option 3, kerneopgave: 0.75, 0.625 (borger unscored) → median 0.6875; arbejdsmiljo 0.5
    # The involvement ladder is never aggregated, so its dimension has no profile.
    assert dimension_profiles(RUBRIC, EXAMPLE) == [
        DimensionProfile(1, "kerneopgave", 0.75, 0.5, 1.0, 3),
        DimensionProfile(1, "arbejdsmiljo", 0.25, 0.25, 0.25, 2),
        DimensionProfile(2, "kerneopgave", 0.75, 0.75, 0.75, 3),
        DimensionProfile(2, "arbejdsmiljo", 0.75, 0.75, 0.75, 2),
        DimensionProfile(3, "kerneopgave", 0.6875, 0.625, 0.75, 2),
        DimensionProfile(3, "arbejdsmiljo", 0.5, 0.5, 0.5, 1),
        DimensionProfile(4, "kerneopgave", None, None, None, 0),
        DimensionProfile(4, "arbejdsmiljo", None, None, None, 0),
    ]


def test_the_hand_computed_example_has_this_weighted_index() -> None:
    assert weighted_index(RUBRIC, EXAMPLE) == {1: 0.625, 2: 0.75, 3: 0.625, 4: None}


def test_counting_work_environment_double_changes_the_index_but_not_the_rubric() -> None:
    # option 1: (3.25 + 2·0.5) / (4 + 2·2) = 4.25 / 8 = 0.53125
    # option 3: (1.375 + 2·0.5) / (2 + 2·1) = 2.375 / 4 = 0.59375
    before = RUBRIC.content_hash
    assert weighted_index(RUBRIC, EXAMPLE, {"arbejdsmiljo": 2}) == {1: 0.53125, 2: 0.75, 3: 0.59375, 4: None}
    assert RUBRIC.content_hash == before


def test_the_hand_computed_example_ranks_with_a_shared_second_place() -> None:
    assert rank(weighted_index(RUBRIC, EXAMPLE)) == [
        Ranked(2, 0.75, 1),
        Ranked(1, 0.625, 2),
        Ranked(3, 0.625, 2),
        Ranked(4, None, None),
    ]


def test_all_dimension_weights_zero_gives_no_index() -> None:
    weights = dict.fromkeys(DIMENSIONS, 0.0)
    assert weighted_index(RUBRIC, EXAMPLE, weights) == dict.fromkeys((1, 2, 3, 4))


@pytest.mark.parametrize("weight", [-1.0, math.nan, math.inf])
def test_a_dimension_weight_must_be_a_number_of_at_least_zero(weight: float) -> None:
    with pytest.raises(ValueError):
        weighted_index(RUBRIC, EXAMPLE, {"kerneopgave": weight})


def test_an_unknown_dimension_or_criterion_is_refused() -> None:
    with pytest.raises(KeyError):
        weighted_index(RUBRIC, EXAMPLE, {"okonomi": 1.0})
    with pytest.raises(KeyError):
        weighted_index(RUBRIC, {(1, "okonomi", ""): Tally.of([1])})


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ({}, []),
        ({7: None}, [(7, None)]),
        ({1: 0.5, 2: 0.9, 3: 0.1}, [(2, 1), (1, 2), (3, 3)]),
        ({1: 0.5, 2: 0.5, 3: 0.1}, [(1, 1), (2, 1), (3, 3)]),
        ({3: 0.5, 1: 0.5, 2: 0.5}, [(1, 1), (2, 1), (3, 1)]),
        ({1: 0.9, 2: 0.5, 3: 0.5, 4: 0.2}, [(1, 1), (2, 2), (3, 2), (4, 4)]),
        ({5: 0.5 + 5e-10, 4: 0.5}, [(4, 1), (5, 1)]),  # within 1e-9: tied, listed by option id
        ({5: 0.5 + 5e-9, 4: 0.5}, [(5, 1), (4, 2)]),
        ({2: None, 1: 0.3, 3: None}, [(1, 1), (2, None), (3, None)]),
    ],
)
def test_ranking_uses_competition_ranks_for_ties(
    index: dict[int, float | None], expected: list[tuple[int, int | None]]
) -> None:
    assert [(r.option_id, r.rank) for r in rank(index)] == expected


def test_ranking_refuses_an_index_that_is_not_a_number() -> None:
    with pytest.raises(ValueError):
        rank({1: math.nan})


# Robustness -------------------------------------------------------------------------------------


def test_the_hand_computed_example_flips_when_work_environment_drops_to_a_quarter() -> None:
    # Option 2 (0.75 everywhere) leads options 1 and 3. Vary one dimension weight x:
    #   work environment: I1 = (3.25 + 0.5x) / (4 + 2x), I2 = (3 + 1.5x) / (4 + 2x): equal
    #     denominators, so 3.25 + 0.5x = 3 + 1.5x → x = 0.25 (a change of 0.75);
    #   core task: I1 = (3.25x + 0.5) / (4x + 2), I2 = (3x + 1.5) / (4x + 2) → x = 4 (a change of 3);
    #   option 3 cannot reach 0.75 with either weight: at best (0.75 + 0.625) / 2 = 0.6875.
    flip = robustness(RUBRIC, EXAMPLE)
    assert flip == WeightFlip("arbejdsmiljo", 1.0, 0.25, 2, 1)

    at_flip = weighted_index(RUBRIC, EXAMPLE, {"arbejdsmiljo": 0.25})
    assert at_flip[1] == pytest.approx(at_flip[2], abs=1e-12)  # 3.375 / 4.5 = 0.75
    beyond = weighted_index(RUBRIC, EXAMPLE, {"arbejdsmiljo": 0.2})
    assert beyond[1] is not None and beyond[2] is not None
    assert beyond[1] > beyond[2]  # 3.35 / 4.4 ≈ 0.761 > 0.75


QUADRATIC = tallies_of(
    {
        (10, "borger", ""): [2],
        (10, "trivsel", ""): [0],
        (20, "borger", ""): [1],
        (20, "samfund", ""): [1],
        (20, "trivsel", ""): [2],
    }
)


def test_a_flip_between_options_with_different_criteria_scored_solves_a_quadratic() -> None:
    # Option 10: borger 1.0 (weight 2), trivsel 0.0.    I10 = 2 / 3 ≈ 0.667
    # Option 20: borger 0.75 (weight 2), samfund 0.75, trivsel 0.5.    I20 = 2.75 / 4 = 0.6875
    # Work environment weight x:  I10 = 2 / (2 + x),  I20 = (2.25 + 0.5x) / (3 + x)
    #   2(3 + x) = (2.25 + 0.5x)(2 + x)  →  0.5x² + 1.25x − 1.5 = 0  →  x² + 2.5x − 3 = 0
    #   x = (−2.5 + √18.25) / 2 = (√73 − 5) / 4 ≈ 0.8860   (a change of ≈ 0.1140)
    # Core task weight y:  I10 = 2y / (2y + 1),  I20 = (2.25y + 0.5) / (3y + 1)
    #   6y² − 5y − 2 = 0  →  y = (5 + √73) / 12 ≈ 1.1287   (a change of ≈ 0.1287, larger)
    flip = robustness(RUBRIC, QUADRATIC)
    assert flip is not None
    assert (flip.dimension_key, flip.from_weight, flip.first_option_id, flip.second_option_id) == (
        "arbejdsmiljo",
        1.0,
        20,
        10,
    )
    assert flip.to_weight == pytest.approx((math.sqrt(73) - 5) / 4, rel=1e-15)

    at_flip = weighted_index(RUBRIC, QUADRATIC, {"arbejdsmiljo": flip.to_weight})
    assert at_flip[10] == pytest.approx(at_flip[20], abs=1e-12)
    beyond = weighted_index(RUBRIC, QUADRATIC, {"arbejdsmiljo": flip.to_weight - 0.01})
    assert beyond[10] is not None and beyond[20] is not None
    assert beyond[10] > beyond[20]


def test_no_flip_when_the_top_two_are_tied() -> None:
    tied = tallies_of({(1, "borger", ""): [1], (2, "borger", ""): [1]})
    assert robustness(RUBRIC, tied) is None


def test_no_flip_with_fewer_than_two_ranked_options() -> None:
    assert robustness(RUBRIC, tallies_of({(1, "borger", ""): [1], (2, "borger", ""): [None]})) is None
    assert robustness(RUBRIC, {}) is None


def test_no_flip_when_the_leader_is_better_on_every_criterion() -> None:
    dominant = tallies_of(
        {
            (1, "borger", ""): [2],
            (1, "trivsel", ""): [4],
            (2, "borger", ""): [1],
            (2, "trivsel", ""): [3],
        }
    )
    assert robustness(RUBRIC, dominant) is None


def test_a_flip_may_raise_a_weight_as_well_as_lower_it() -> None:
    # Option 1: borger 1.0 (weight 2), trivsel 0.25 → I1 = 2.25 / 3 = 0.75
    # Option 2: borger 0.75 (weight 2), trivsel 1.0 → I2 = 2.5 / 3 ≈ 0.833, the leader.
    #   core task y:        (2y + 0.25) = (1.5y + 1)  → y = 1.5  (a change of 0.5)
    #   work environment x: (2 + 0.25x) = (1.5 + x)   → x = 2/3  (a change of 1/3): lower it.
    tallies = tallies_of(
        {
            (1, "borger", ""): [2],
            (1, "trivsel", ""): [1],
            (2, "borger", ""): [1],
            (2, "trivsel", ""): [4],
        }
    )
    flip = robustness(RUBRIC, tallies)
    assert flip is not None
    assert (flip.dimension_key, flip.from_weight, flip.first_option_id, flip.second_option_id) == (
        "arbejdsmiljo",
        1.0,
        2,
        1,
    )
    assert flip.to_weight == pytest.approx(2 / 3, rel=1e-15)
    # With work environment at 0.1, option 1 leads: I1 = 2.025 / 2.1 ≈ 0.964, I2 = 1.6 / 2.1 ≈ 0.762.
    #   core task y:        2y + 0.025 = 1.5y + 0.1   → y = 0.15  (a change of 0.85)
    #   work environment x: 2 + 0.25x = 1.5 + x       → x = 2/3   (a change of ≈ 0.567): raise it.
    flip = robustness(RUBRIC, tallies, {"arbejdsmiljo": 0.1})
    assert flip is not None
    assert (flip.dimension_key, flip.from_weight, flip.first_option_id, flip.second_option_id) == (
        "arbejdsmiljo",
        0.1,
        1,
        2,
    )
    assert flip.to_weight == pytest.approx(2 / 3, rel=1e-15)


def test_a_flip_may_take_a_weight_down_to_zero_but_never_below() -> None:
    # Both options have borger 1.0; option 1 has trivsel 1.0, option 2 trivsel 0.0.
    # Work environment x: I1 = 1, I2 = 2 / (2 + x): equal only at x = 0, where option 2 ties.
    # Core task y: I2 = 2y / (2y + 1) < 1 for every y ≥ 0.
    tallies = tallies_of(
        {
            (1, "borger", ""): [2],
            (1, "trivsel", ""): [4],
            (2, "borger", ""): [2],
            (2, "trivsel", ""): [0],
        }
    )
    assert robustness(RUBRIC, tallies) == WeightFlip("arbejdsmiljo", 1.0, 0.0, 1, 2)
    assert weighted_index(RUBRIC, tallies, {"arbejdsmiljo": 0.0}) == {1: 1.0, 2: 1.0}


# Views for the discussion -----------------------------------------------------------------------


def test_professions_with_fewer_than_three_raters_are_left_out_entirely() -> None:
    tallies = {
        (1, "trivsel", "", "paed"): Tally.of([1, 1, 2]),
        (1, "trivsel", "", "sosu"): Tally.of([3]),
        (1, "faglighed", "paed", "paed"): Tally.of([2, 2, None]),
        (1, "faglighed", "sosu", "sosu"): Tally.of([4, 0]),
        (2, "trivsel", "", "laege"): Tally.of([4]),
    }
    breakdown = profession_breakdown(RUBRIC, tallies, {"paed": 3, "sosu": 2})
    # The pædagog cell with a "don't know" has only two scores: its median would be too revealing.
    assert breakdown == {
        (1, "trivsel", "", "paed"): CellStats(3, 0, 1.0, 4 / 3, 1, 2, False),
    }
    assert set(profession_breakdown(RUBRIC, tallies, {"paed": 3, "sosu": 2}, minimum_group=2)) == {
        (1, "trivsel", "", "paed"),
        (1, "faglighed", "paed", "paed"),
        (1, "faglighed", "sosu", "sosu"),
    }


def test_a_gap_of_two_steps_between_perspectives_is_flagged() -> None:
    # Option 1: formal 4, performed 2, experienced 3 → 4 − 2 = 2 steps.
    assert perspective_gaps(RUBRIC, EXAMPLE) == [
        PerspectiveGap(1, "perspektiver", "performed", "formal", 2.0)
    ]
    assert perspective_gaps(RUBRIC, EXAMPLE, threshold=3) == []


def test_a_perspective_gap_needs_two_scored_perspectives() -> None:
    tallies = tallies_of(
        {
            (1, "perspektiver", "formal"): [4],
            (1, "perspektiver", "experienced"): [None, None],
            (2, "perspektiver", "formal"): [0, 1],
            (2, "perspektiver", "performed"): [2, 2],
            (2, "perspektiver", "experienced"): [2],
        }
    )
    # option 2: formal median 0.5, the others 2 → 1.5 steps, under the threshold
    assert perspective_gaps(RUBRIC, tallies) == []
    assert perspective_gaps(RUBRIC, tallies, threshold=1) == [
        PerspectiveGap(2, "perspektiver", "formal", "performed", 1.5)
    ]


def test_value_to_the_citizen_and_to_society_two_steps_apart_asks_for_a_justification() -> None:
    # option 1: citizen 2 − society 0 = 2; option 2: 1 − 1 = 0; option 3: citizen not scored.
    assert value_divergence(RUBRIC, EXAMPLE, "borger", "samfund") == {1: 2.0}
    assert value_divergence(RUBRIC, EXAMPLE, "samfund", "borger") == {1: -2.0}
    assert value_divergence(RUBRIC, EXAMPLE, "borger", "samfund", threshold=3) == {}


def test_value_divergence_needs_both_criteria_on_one_scale() -> None:
    with pytest.raises(ValueError, match="same scale"):
        value_divergence(RUBRIC, EXAMPLE, "borger", "trivsel")


# Properties -------------------------------------------------------------------------------------

CELLS: list[tuple[str, str, tuple[int, ...]]] = [
    ("borger", "", BIPOLAR),
    ("samfund", "", BIPOLAR),
    ("perspektiver", "formal", ORDINAL),
    ("perspektiver", "performed", ORDINAL),
    ("perspektiver", "experienced", ORDINAL),
    ("trivsel", "", ORDINAL),
    ("faglighed", "paed", ORDINAL),
    ("faglighed", "sosu", ORDINAL),
    ("inddragelse", "", LADDER),
]


@st.composite
def panels(draw: st.DrawFn) -> dict[CellKey, Tally]:
    options = draw(st.lists(st.integers(1, 9), min_size=1, max_size=5, unique=True))
    tallies: dict[CellKey, Tally] = {}
    for option_id in options:
        for criterion_key, facet, levels in CELLS:
            if draw(st.booleans()):
                scores = draw(st.lists(st.sampled_from((*levels, None)), max_size=6))
                tallies[(option_id, criterion_key, facet)] = Tally.of(scores)
    return tallies


weights_strategy = st.dictionaries(
    st.sampled_from(DIMENSIONS), st.one_of(st.just(0.0), st.floats(0.001, 10.0)), max_size=3
)


def _order(ranking: list[Ranked]) -> list[tuple[int, int | None]]:
    return [(r.option_id, r.rank) for r in ranking]


@given(panels(), weights_strategy, st.floats(0.001, 1000.0))
def test_multiplying_every_dimension_weight_by_one_factor_keeps_the_ranking(
    tallies: dict[CellKey, Tally], weights: dict[str, float], factor: float
) -> None:
    full = {d: weights.get(d, 1.0) for d in DIMENSIONS}
    scaled = {d: w * factor for d, w in full.items()}
    assert _order(rank(weighted_index(RUBRIC, tallies, scaled))) == _order(
        rank(weighted_index(RUBRIC, tallies, full))
    )


@given(panels(), weights_strategy)
def test_the_index_stays_between_zero_and_one(
    tallies: dict[CellKey, Tally], weights: dict[str, float]
) -> None:
    for value in weighted_index(RUBRIC, tallies, weights).values():
        assert value is None or 0.0 <= value <= 1.0


@given(panels(), weights_strategy, st.randoms(use_true_random=False))
def test_the_order_of_the_tallies_changes_nothing(
    tallies: dict[CellKey, Tally], weights: dict[str, float], random: Random
) -> None:
    items = list(tallies.items())
    random.shuffle(items)
    shuffled = dict(items)
    assert weighted_index(RUBRIC, shuffled, weights) == weighted_index(RUBRIC, tallies, weights)
    assert dimension_profiles(RUBRIC, shuffled) == dimension_profiles(RUBRIC, tallies)
    assert robustness(RUBRIC, shuffled, weights) == robustness(RUBRIC, tallies, weights)
    assert perspective_gaps(RUBRIC, shuffled) == perspective_gaps(RUBRIC, tallies)


@given(st.sampled_from(sorted(SCALES)), st.data())
def test_the_median_and_mean_lie_between_the_lowest_and_highest_score(
    scale_name: str, data: st.DataObject
) -> None:
    scale = SCALES[scale_name]
    levels = data.draw(st.lists(st.sampled_from((*scale.values, None)), max_size=30))
    stats = cell_stats(Tally.of(levels), scale)
    if stats.count == 0:
        assert (stats.median, stats.mean, stats.minimum, stats.maximum) == (None, None, None, None)
    else:
        assert stats.minimum is not None and stats.maximum is not None
        assert stats.median is not None and stats.mean is not None
        assert stats.minimum <= stats.median <= stats.maximum
        assert stats.minimum <= stats.mean <= stats.maximum


@given(panels(), weights_strategy)
@settings(max_examples=200)
def test_a_weight_flip_really_makes_the_two_options_tie(
    tallies: dict[CellKey, Tally], weights: dict[str, float]
) -> None:
    flip = robustness(RUBRIC, tallies, weights)
    ranking = [r for r in rank(weighted_index(RUBRIC, tallies, weights)) if r.rank is not None]
    runners_up = [r.option_id for r in ranking[1:] if r.rank == ranking[1].rank]
    if flip is None:
        if len(ranking) < 2 or ranking[1].rank == 1:
            return
        # No single weight, however far it moves, lets a runner-up overtake the leader.
        for runner_up in runners_up:
            for dimension in DIMENSIONS:
                for weight in (0.0, 0.01, 0.1, 0.5, 2.0, 10.0, 100.0, 1e4):
                    index = weighted_index(RUBRIC, tallies, {**weights, dimension: weight})
                    leader, other = index[ranking[0].option_id], index[runner_up]
                    if leader is not None and other is not None:
                        assert other <= leader + 1e-9
        return
    assert flip.first_option_id == ranking[0].option_id
    assert flip.to_weight >= 0
    assert flip.from_weight == weights.get(flip.dimension_key, 1.0)
    at_flip = weighted_index(RUBRIC, tallies, {**weights, flip.dimension_key: flip.to_weight})
    first, second = at_flip[flip.first_option_id], at_flip[flip.second_option_id]
    assert first is not None and second is not None
    assert abs(first - second) <= 1e-9
    # Half as large a change of any one weight lets no runner-up overtake the leader.
    assert flip.second_option_id in runners_up
    change = abs(flip.to_weight - flip.from_weight)
    for dimension in DIMENSIONS:
        current = weights.get(dimension, 1.0)
        for weight in (current + change / 2, current - change / 2):
            if weight < 0:
                continue
            index = weighted_index(RUBRIC, tallies, {**weights, dimension: weight})
            for runner_up in runners_up:
                leader, other = index[flip.first_option_id], index[runner_up]
                if leader is not None and other is not None:
                    assert other <= leader + 1e-9


# The score that counts ---------------------------------------------------------------------------


def _score(rater: int, round_: int, level: int | None, option: int = 1, criterion: str = "borger") -> Score:
    return Score(
        1, option, criterion, "", rater, Round(round_), level, "", datetime(2026, 11, 27, tzinfo=UTC)
    )


def test_the_score_that_counts_is_round_two_where_given_else_round_one_and_never_the_follow_up():
    scores = [
        _score(7, 2, 1),  # given after the reveal: it counts, whatever order the rows come in
        _score(7, 1, -2),
        _score(8, 1, 0),  # no second round: the blind score counts
        _score(8, 3, 2),  # what happened, at follow-up: never an expectation
        _score(9, 3, 1),  # only a follow-up score: nothing counts for this rater
        _score(7, 1, None, criterion="samfund"),  # "don't know" counts as given
    ]
    counted = {cell: score.level for cell, score in effective_scores(scores).items()}
    assert counted == {(7, 1, "borger", ""): 1, (8, 1, "borger", ""): 0, (7, 1, "samfund", ""): None}


def test_at_follow_up_only_the_chosen_option_is_scored_and_none_without_a_choice():
    options = [Option(title=f"Mulighed {n}", description="", position=n, id=10 + n) for n in range(3)]
    assert options_to_score(options, Round.BLIND, None) == tuple(options)
    assert options_to_score(options, Round.REVISED, 11) == tuple(options)  # a choice changes nothing before
    assert options_to_score(options, Round.FOLLOW_UP, 11) == (options[1],)
    assert options_to_score(options, Round.FOLLOW_UP, None) == ()  # never every option instead
    assert options_to_score(options, Round.FOLLOW_UP, 99) == ()
