"""Rubric format 2: a criterion's scope, its baseline rule and facets on the rater's own profession.

Format 1 files keep loading, asking and hashing exactly as before; format 2 adds what a rater is
(not) asked, and the loader says what is wrong in the same words, in Danish and English.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.kernel.i18n import Translator
from assessment.kernel.model import Option, Profession
from assessment.kernel.rubric import BaselineRule, FacetKind, Scope
from assessment.kernel.rubric_loading import RubricError, load_rubric, parse_rubric
from assessment.kernel.scoring import (
    Tally,
    dimension_profiles,
    facets_for,
    fixed_baseline_tallies,
    questions_for,
    weighted_index,
)

DATA = Path(__file__).resolve().parent / "data"
DA, EN = Translator("da"), Translator("en")

LEVELS_BIPOLAR = """levels = [
  { value = -2, label = { da = "Klart dårligere", en = "Clearly worse" } },
  { value = -1, label = { da = "Lidt dårligere", en = "Somewhat worse" } },
  { value = 0, label = { da = "Ingen forskel", en = "No difference" } },
  { value = 1, label = { da = "Lidt bedre", en = "Somewhat better" } },
  { value = 2, label = { da = "Klart bedre", en = "Clearly better" } },
]"""
DESCRIPTORS_BIPOLAR = "\n".join(
    f'descriptors."{v}" = {{ da = "Trin {v}.", en = "Level {v}." }}' for v in (-2, -1, 0, 1, 2)
)
DESCRIPTORS_ORDINAL = "\n".join(
    f'descriptors."{v}" = {{ da = "Trin {v}.", en = "Level {v}." }}' for v in range(5)
)


def criterion(key: str, scale: str, *extra: str, dimension: str = "kerne") -> str:
    descriptors = DESCRIPTORS_BIPOLAR if scale == "virkning" else DESCRIPTORS_ORDINAL
    lines = "\n".join(extra)
    return f"""
[[criteria]]
key = "{key}"
dimension = "{dimension}"
scale = "{scale}"
{lines}
question = {{ da = "Spørgsmål {key}?", en = "Question {key}?" }}
{descriptors}
"""


def rubric_text(*criteria: str, schema_version: int = 2) -> str:
    return f"""
schema_version = {schema_version}
id = "format_to"
version = "2.0"
title = {{ da = "Format 2", en = "Format 2" }}
description = {{ da = "Til test.", en = "For tests." }}

[scales.virkning]
kind = "bipolar"
title = {{ da = "Virkning", en = "Effect" }}
{LEVELS_BIPOLAR}

[scales.grad]
kind = "ordinal"
title = {{ da = "Grad", en = "Degree" }}
levels = [
  {{ value = 0, label = {{ da = "Slet ikke", en = "Not at all" }} }},
  {{ value = 1, label = {{ da = "Lidt", en = "A little" }} }},
  {{ value = 2, label = {{ da = "Delvist", en = "Partly" }} }},
  {{ value = 3, label = {{ da = "Meget", en = "Much" }} }},
  {{ value = 4, label = {{ da = "Helt", en = "Fully" }} }},
]

[[dimensions]]
key = "kerne"
title = {{ da = "Kerneopgaven", en = "The core task" }}

[[dimensions]]
key = "proces"
title = {{ da = "Proces", en = "Process" }}
""" + "".join(criteria)


# Effect (bipolar, default baseline), one asked of "keep as is", own profession, per profession,
# an ordinal (default skip) and a readiness question for the leader.
FORMAT_2 = rubric_text(
    criterion("effekt", "virkning"),
    criterion("spurgt", "virkning", 'baseline = "ask"'),
    criterion("egen", "virkning", 'facets = "own_profession"'),
    criterion("pr_fag", "virkning", 'facets = "profession"', 'baseline = "skip"'),
    criterion("forankring", "grad"),
    criterion("med", "grad", 'scope = "proposal"', dimension="proces"),
)

SOSU = Profession(key="sosu", name="Sosu", id=1)
NURSE = Profession(key="sygeplejerske", name="Sygeplejerske", id=2)
TEACHER = Profession(key="laerer", name="Lærer", id=3)
BASELINE = Option("Fortsæt som i dag", is_baseline=True, id=10)
OPTION = Option("Faste teams", id=11)


def keys(questions) -> list[tuple[str, str]]:
    return [(criterion.key, facet) for criterion, facet in questions]


# Loading and the resolved defaults ----------------------------------------------------------------


def test_a_format_2_rubric_loads_with_its_scopes_and_baseline_rules_resolved() -> None:
    rubric = parse_rubric(FORMAT_2)

    assert rubric.schema_version == 2
    assert [rubric.scope_of(c) for c in rubric.criteria] == [Scope.OPTION] * 5 + [Scope.PROPOSAL]
    assert rubric.criterion("med").effective_scope is Scope.PROPOSAL
    assert rubric.criterion("effekt").scope is None  # not written: the model keeps None for the hash
    assert {c.key: rubric.baseline_rule(c) for c in rubric.option_criteria} == {
        "effekt": BaselineRule.NO_DIFFERENCE,  # bipolar, left out
        "spurgt": BaselineRule.ASK,
        "egen": BaselineRule.NO_DIFFERENCE,
        "pr_fag": BaselineRule.SKIP,
        "forankring": BaselineRule.SKIP,  # ordinal, left out
    }
    assert rubric.criterion("egen").facets is FacetKind.OWN_PROFESSION
    assert [c.key for c in rubric.option_criteria] == ["effekt", "spurgt", "egen", "pr_fag", "forankring"]
    assert [c.key for c in rubric.proposal_criteria] == ["med"]
    assert "med" not in [c.key for c in rubric.aggregate_criteria]


@pytest.mark.parametrize("name", ["kerneopgave-1.1.toml", "kort-1.1.toml", "kerneopgave-1.0.toml"])
def test_a_format_1_rubric_asks_every_criterion_of_every_option(name: str) -> None:
    rubric = load_rubric(DATA / name)

    assert rubric.schema_version == 1
    assert {rubric.baseline_rule(c) for c in rubric.criteria} == {BaselineRule.ASK}
    assert rubric.option_criteria == rubric.criteria
    assert rubric.proposal_criteria == ()
    assert rubric.aggregate_criteria == tuple(c for c in rubric.criteria if c.aggregate)


# The hashes the 1.1 files were stored with, computed by the code before format 2 existed.
STORED_HASHES = {
    "kerneopgave-1.1.toml": "caa1665ec8b656f1483e3a5a45cc8f439bde8efae1e93dae54fe41e80d5b9dea",
    "kort-1.1.toml": "ca7fd59fb54b60f53d7bd5187f333dd10f0f9357019900011748aeec0fdeac3a",
}


@pytest.mark.parametrize("name", sorted(STORED_HASHES))
def test_a_format_1_rubric_keeps_the_hash_it_was_stored_with(name: str) -> None:
    assert load_rubric(DATA / name).content_hash == STORED_HASHES[name]


def test_writing_a_default_out_keeps_the_hash_but_another_rule_changes_it() -> None:
    left_out = parse_rubric(FORMAT_2).content_hash
    written = rubric_text(
        criterion("effekt", "virkning", 'scope = "option"', 'baseline = "no_difference"'),
        criterion("spurgt", "virkning", 'baseline = "ask"'),
        criterion("egen", "virkning", 'facets = "own_profession"'),
        criterion("pr_fag", "virkning", 'facets = "profession"', 'baseline = "skip"'),
        criterion("forankring", "grad", 'baseline = "skip"'),
        criterion("med", "grad", 'scope = "proposal"', dimension="proces"),
    )
    other = FORMAT_2.replace('baseline = "ask"', 'baseline = "skip"')

    assert parse_rubric(written).content_hash == left_out
    assert parse_rubric(other).content_hash != left_out


# What the loader says -------------------------------------------------------------------------------

C1 = 'criteria #1 "effekt"'


def with_one_wrong(wrong: str, schema_version: int = 2) -> str:
    """A rubric whose only problem is the criterion ``wrong`` (first), beside a valid one."""
    return rubric_text(wrong, criterion("ok", "grad", dimension="proces"), schema_version=schema_version)


def case(case_id: str, content: str, place: str, english: str, danish: str):
    return pytest.param(content, place, english, danish, id=case_id)


MESSAGES = [
    case(
        "format_1_with_scope",
        with_one_wrong(criterion("effekt", "virkning", 'scope = "proposal"'), schema_version=1),
        f"{C1} › scope",
        "the field scope is new in format 2; write schema_version = 2",
        "feltet scope er nyt i format 2; skriv schema_version = 2",
    ),
    case(
        "format_1_with_baseline",
        with_one_wrong(criterion("effekt", "virkning", 'baseline = "skip"'), schema_version=1),
        f"{C1} › baseline",
        "the field baseline is new in format 2; write schema_version = 2",
        "feltet baseline er nyt i format 2; skriv schema_version = 2",
    ),
    case(
        "format_1_with_own_profession",
        with_one_wrong(criterion("effekt", "virkning", 'facets = "own_profession"'), schema_version=1),
        f"{C1} › facets",
        'facets = "own_profession" is new in format 2; write schema_version = 2',
        'facets = "own_profession" er nyt i format 2; skriv schema_version = 2',
    ),
    case(
        "proposal_scope_with_facets",
        with_one_wrong(criterion("effekt", "grad", 'scope = "proposal"', 'facets = "perspective"')),
        f"{C1} › facets",
        'answered once per proposal (scope = "proposal") has no facets',
        'besvares én gang for hele forslaget (scope = "proposal"), har ingen facetter',
    ),
    case(
        "proposal_scope_with_baseline",
        with_one_wrong(criterion("effekt", "grad", 'scope = "proposal"', 'baseline = "skip"')),
        f"{C1} › baseline",
        "so it has no baseline rule; remove baseline",
        "har derfor ingen baseline-regel; fjern baseline",
    ),
    case(
        "no_difference_on_an_ordinal_scale",
        with_one_wrong(criterion("effekt", "grad", 'baseline = "no_difference"')),
        f"{C1} › baseline",
        "which only a bipolar scale has; the scale grad is ordinal",
        "som kun en bipolar skala har; skalaen grad er ordinal",
    ),
    case(
        "unknown_scope",
        with_one_wrong(criterion("effekt", "virkning", 'scope = "forslag"')),
        f"{C1} › scope",
        "forslag is not one of the allowed values; use one of: option, proposal",
        "»forslag« er ikke en af de tilladte værdier; brug en af: option, proposal",
    ),
    case(
        "unknown_baseline",
        with_one_wrong(criterion("effekt", "virkning", 'baseline = "nul"')),
        f"{C1} › baseline",
        "nul is not one of the allowed values; use one of: ask, no_difference, skip",
        "»nul« er ikke en af de tilladte værdier; brug en af: ask, no_difference, skip",
    ),
    case(
        "schema_version_3",
        with_one_wrong(criterion("effekt", "virkning"), schema_version=3),
        "schema_version",
        "schema_version must be 1 or 2",
        "schema_version skal være 1 eller 2",
    ),
]


@pytest.mark.parametrize(("content", "place", "english", "danish"), MESSAGES)
def test_a_misused_format_2_field_is_refused_with_a_message_in_both_languages(
    content: str, place: str, english: str, danish: str
) -> None:
    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "skema.toml")

    problems = [p for p in caught.value.problems if p.place == place]
    assert len(problems) == 1, caught.value.render()
    assert english in problems[0].render(EN.gettext)
    assert danish in problems[0].render(DA.gettext)
    assert len(caught.value.problems) == 1, caught.value.render()  # and nothing else is blamed


def test_every_problem_with_a_criterion_is_reported_at_once() -> None:
    content = rubric_text(
        criterion("effekt", "grad", 'scope = "proposal"', 'facets = "profession"', 'baseline = "ask"'),
        criterion("andet", "grad", 'baseline = "no_difference"', dimension="proces"),
    )
    with pytest.raises(RubricError) as caught:
        parse_rubric(content)
    assert sorted(p.place for p in caught.value.problems) == [
        'criteria #1 "effekt" › baseline',
        'criteria #1 "effekt" › facets',
        'criteria #2 "andet" › baseline',
    ]


# What one rater is asked --------------------------------------------------------------------------


def test_on_the_baseline_a_rater_is_asked_only_the_criteria_whose_rule_is_ask() -> None:
    rubric = parse_rubric(FORMAT_2)
    assert keys(questions_for(rubric, BASELINE, [SOSU, NURSE], SOSU)) == [("spurgt", "")]


def test_on_an_option_a_rater_answers_for_their_own_profession_and_per_profession() -> None:
    rubric = parse_rubric(FORMAT_2)
    assert keys(questions_for(rubric, OPTION, [SOSU, NURSE], NURSE)) == [
        ("effekt", ""),
        ("spurgt", ""),
        ("egen", "sygeplejerske"),
        ("pr_fag", "sosu"),
        ("pr_fag", "sygeplejerske"),
        ("forankring", ""),
    ]


@pytest.mark.parametrize("rater", [TEACHER, None], ids=["not_affected", "no_profession"])
def test_a_rater_whose_profession_is_not_affected_gets_no_own_profession_question(rater) -> None:
    rubric = parse_rubric(FORMAT_2)
    asked = keys(questions_for(rubric, OPTION, [SOSU, NURSE], rater))
    assert "egen" not in {key for key, _facet in asked}
    assert len(asked) == 5


def test_a_proposal_question_is_never_asked_of_a_rater() -> None:
    rubric = parse_rubric(FORMAT_2)
    for option in (BASELINE, OPTION):
        assert "med" not in {key for key, _ in keys(questions_for(rubric, option, [SOSU], SOSU))}


def test_the_panel_sees_an_own_profession_question_per_affected_profession() -> None:
    rubric = parse_rubric(FORMAT_2)
    assert facets_for(rubric, "egen", [SOSU, NURSE]) == ["sosu", "sygeplejerske"]
    assert facets_for(rubric, "egen", [SOSU, NURSE], NURSE) == ["sygeplejerske"]
    assert facets_for(rubric, "egen", [SOSU], NURSE) == []
    assert facets_for(rubric, "pr_fag", [SOSU, NURSE], NURSE) == ["sosu", "sygeplejerske"]


def test_a_format_1_rubric_asks_the_baseline_everything_it_asks_another_option() -> None:
    rubric = load_rubric(DATA / "kerneopgave-1.1.toml")
    five = [Profession(key=f"fag{n}", name=f"Fag {n}", id=n) for n in range(5)]
    assert keys(questions_for(rubric, BASELINE, five, five[0])) == keys(
        questions_for(rubric, OPTION, five, five[0])
    )
    assert len(questions_for(rubric, BASELINE, five, None)) == 34  # the 34 per option
    assert fixed_baseline_tallies(rubric, BASELINE.id or 0, five) == {}


# "Keep as is" as no difference, and readiness out of the options' numbers ------------------------


def test_the_fixed_baseline_tallies_are_no_difference_on_every_facet_of_a_no_difference_criterion() -> None:
    rubric = parse_rubric(FORMAT_2)
    fixed = fixed_baseline_tallies(rubric, 10, [SOSU, NURSE])
    assert fixed == {
        (10, "effekt", ""): Tally.of([0]),
        (10, "egen", "sosu"): Tally.of([0]),
        (10, "egen", "sygeplejerske"): Tally.of([0]),
    }


def test_the_fixed_baseline_reads_as_the_middle_of_the_profile_and_index() -> None:
    rubric = parse_rubric(FORMAT_2)
    tallies = fixed_baseline_tallies(rubric, 10, [SOSU])
    (profile,) = dimension_profiles(rubric, tallies)
    assert (profile.option_id, profile.dimension_key, profile.median, profile.criteria_scored) == (
        10,
        "kerne",
        0.5,
        2,
    )
    assert weighted_index(rubric, tallies) == {10: 0.5}


def test_a_proposal_question_never_enters_an_options_profile_or_index() -> None:
    rubric = parse_rubric(FORMAT_2)
    scored = {(11, "effekt", ""): Tally.of([2, 2])}
    with_readiness = scored | {(11, "med", ""): Tally.of([0, 0])}

    assert dimension_profiles(rubric, with_readiness) == dimension_profiles(rubric, scored)
    assert [p.dimension_key for p in dimension_profiles(rubric, with_readiness)] == ["kerne"]
    assert weighted_index(rubric, with_readiness) == weighted_index(rubric, scored) == {11: 1.0}
