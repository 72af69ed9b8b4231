"""The shipped rubrics and their documentation (rubrics/README.md) stay true to the loader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from assessment.kernel.rubric import (
    BaselineRule,
    Criterion,
    CriterionRole,
    Dimension,
    DimensionRole,
    FacetKind,
    Level,
    LocalizedText,
    Perspective,
    Rubric,
    Scale,
    ScaleKind,
    Scope,
)
from assessment.kernel.rubric_loading import load_rubric, parse_rubric

ROOT = Path(__file__).resolve().parents[3]
RUBRICS = ROOT / "rubrics"
README = RUBRICS / "README.md"
RUBRIC_FILES = sorted(RUBRICS.glob("*.toml"))

DOCUMENTED_MODELS: tuple[type[BaseModel], ...] = (Rubric, Scale, Level, Dimension, Criterion, LocalizedText)

# The booklet's four degrees of citizen involvement, plus "none" at the bottom.
INVOLVEMENT_LEVELS = {
    "da": ["Ingen inddragelse", "Fælles fokus", "Skærpet lydhørhed", "Aktiv inddragelse", "Samskabelse"],
    "en": [
        "No involvement",
        "Shared focus",
        "Heightened responsiveness",
        "Active involvement",
        "Co-creation",
    ],
}
INVOLVEMENT_DIMENSION = "borgerinddragelse"


def readme_text() -> str:
    return README.read_text(encoding="utf-8")


def shipped(name: str) -> Rubric:
    return load_rubric(RUBRICS / f"{name}.toml")


def is_ladder(rubric: Rubric, criterion: Criterion) -> bool:
    return rubric.scale_of(criterion).kind is ScaleKind.LADDER


rubric_files = pytest.mark.parametrize("path", RUBRIC_FILES, ids=[p.name for p in RUBRIC_FILES])


# The README documents the format -----------------------------------------------------------------


def test_every_rubric_field_is_documented() -> None:
    text = readme_text()
    missing = [
        f"{model.__name__}.{name}"
        for model in DOCUMENTED_MODELS
        for name in model.model_fields
        if f"`{name}`" not in text
    ]
    assert not missing, f"rubrics/README.md does not mention these fields in backticks: {missing}"


def test_every_allowed_scale_kind_facet_and_perspective_is_documented() -> None:
    text = readme_text()
    values = [*ScaleKind, *FacetKind, *Perspective]
    missing = [v.value for v in values if f"`{v.value}`" not in text and f'`"{v.value}"`' not in text]
    assert not missing, f"rubrics/README.md does not mention these allowed values in backticks: {missing}"


def test_every_shipped_rubric_file_is_named_in_the_readme() -> None:
    text = readme_text()
    missing = [path.name for path in RUBRIC_FILES if path.name not in text]
    assert not missing, f"rubrics/README.md does not list these rubric files: {missing}"


def test_the_readme_example_is_a_valid_rubric() -> None:
    blocks = re.findall(r"```toml\n(.*?)```", readme_text(), flags=re.DOTALL)
    examples = [block for block in blocks if "schema_version" in block]
    assert examples, "rubrics/README.md has no complete example (a ```toml block with schema_version)"
    for example in examples:
        rubric = parse_rubric(example, source="README.md example")
        assert rubric.criteria


# Every shipped rubric loads and is well formed -------------------------------------------------------


def test_the_default_and_the_short_rubric_are_shipped() -> None:
    assert {"kerneopgave.toml", "kort.toml"} <= {path.name for path in RUBRIC_FILES}


@rubric_files
def test_every_shipped_rubric_loads(path: Path) -> None:
    rubric = load_rubric(path)
    assert rubric.content_hash


@rubric_files
def test_every_shipped_rubric_is_named_after_its_id(path: Path) -> None:
    assert load_rubric(path).id == path.stem


def test_no_two_shipped_rubrics_share_an_id() -> None:
    ids = [load_rubric(path).id for path in RUBRIC_FILES]
    assert len(ids) == len(set(ids)), ids


@rubric_files
def test_every_ladder_criterion_is_kept_out_of_totals(path: Path) -> None:
    rubric = load_rubric(path)
    summed = [c.key for c in rubric.criteria if is_ladder(rubric, c) and c.aggregate]
    assert not summed, f"ladder criteria with aggregate = true: {summed}"


@rubric_files
def test_every_criterion_describes_every_level_in_both_languages(path: Path) -> None:
    rubric = load_rubric(path)
    gaps = [
        f"{criterion.key} level {value} ({language})"
        for criterion in rubric.criteria
        for value in rubric.scale_of(criterion).values
        for language in ("da", "en")
        if str(value) not in criterion.descriptors
        or not getattr(criterion.descriptor(value), language).strip()
    ]
    assert not gaps, f"missing or empty descriptors: {gaps}"


@rubric_files
def test_the_involvement_ladder_has_the_booklets_five_levels(path: Path) -> None:
    rubric = load_rubric(path)
    involvement = [c for c in rubric.criteria_in(INVOLVEMENT_DIMENSION) if is_ladder(rubric, c)]
    assert involvement, f"{path.name} has no involvement ladder criterion"
    for criterion in involvement:
        scale = rubric.scale_of(criterion)
        assert scale.values == (0, 1, 2, 3, 4), criterion.key
        for language, labels in INVOLVEMENT_LEVELS.items():
            assert [level.label(language) for level in scale.levels] == labels, (criterion.key, language)


# The default rubric and the short rubric -------------------------------------------------------------


def test_the_default_rubric_has_15_to_20_criteria_in_exactly_five_dimensions() -> None:
    rubric = shipped("kerneopgave")
    assert 15 <= len(rubric.criteria) <= 20
    assert len(rubric.dimensions) == 5
    assert {c.dimension for c in rubric.criteria} == {d.key for d in rubric.dimensions}


def test_the_default_rubric_scores_per_perspective_and_each_rater_on_their_own_profession() -> None:
    rubric = shipped("kerneopgave")
    facets = [c.facets for c in rubric.criteria]
    assert facets.count(FacetKind.PERSPECTIVE) >= 1
    # One question on the rater's own profession and one on the others: the professions chosen
    # never multiply the form (issue 13).
    assert facets.count(FacetKind.OWN_PROFESSION) == 1
    assert FacetKind.PROFESSION not in facets
    assert rubric.with_role(CriterionRole.PROFESSIONAL_JUDGEMENT).facets is FacetKind.OWN_PROFESSION
    assert rubric.with_role(CriterionRole.OPENNESS).facets is None


def test_the_default_rubric_records_planned_and_appropriate_involvement() -> None:
    rubric = shipped("kerneopgave")
    ladders = [c.key for c in rubric.criteria_in(INVOLVEMENT_DIMENSION) if is_ladder(rubric, c)]
    assert len(ladders) == 2, ladders


def test_the_core_task_effect_criteria_weigh_more_than_any_other_criterion() -> None:
    rubric = shipped("kerneopgave")
    effect = [rubric.criterion("borger_effekt"), rubric.criterion("samfund_vaerdi")]
    others = [c.weight for c in rubric.criteria if c.dimension != "kerneopgaven"]
    assert min(c.weight for c in effect) > max(others)


def test_the_short_rubric_asks_6_to_8_questions_per_option_in_at_least_three_dimensions() -> None:
    rubric = shipped("kort")
    assert 6 <= len(rubric.option_criteria) <= 8
    assert len({c.dimension for c in rubric.option_criteria}) >= 3
    assert any(is_ladder(rubric, c) and not c.aggregate for c in rubric.criteria)
    assert rubric.proposal_criteria, "the short rubric has no readiness questions"


def test_the_short_rubric_keeps_the_three_perspectives_and_the_fit_with_the_level_above() -> None:
    rubric = shipped("kort")
    perspectives = rubric.with_role(CriterionRole.PERSPECTIVES)
    assert perspectives is not None and perspectives.facets is FacetKind.PERSPECTIVE
    assert rubric.with_role(CriterionRole.CORE_TASK_FIT) is not None


# How the shipped questions are asked (issue 13) ---------------------------------------------------

# The pairs that tell a rater which way an effect question's scale runs, and for whom.
DIRECTIONS = ("bedre eller dårligere", "mere eller mindre", "lettere eller sværere", "styrker eller svækker")
MAX_HELP_WORDS = 50
MAX_DESCRIPTOR_WORDS = 35


def _words(text: str) -> int:
    return len(text.split())


@rubric_files
def test_every_option_question_asks_about_the_option_and_every_readiness_question_about_the_proposal(
    path: Path,
) -> None:
    rubric = load_rubric(path)
    for criterion in rubric.option_criteria:
        assert "handlemuligheden" in criterion.question.da, criterion.key
        assert "forslag" not in criterion.question.da, criterion.key
        assert "option" in criterion.question.en, criterion.key
    for criterion in rubric.proposal_criteria:
        assert "forslag" in criterion.question.da, criterion.key
        assert "proposal" in criterion.question.en, criterion.key


@rubric_files
def test_every_effect_question_says_which_way_is_better(path: Path) -> None:
    rubric = load_rubric(path)
    effects = [c for c in rubric.option_criteria if rubric.scale_of(c).kind is ScaleKind.BIPOLAR]
    assert effects
    unclear = [c.key for c in effects if not any(pair in c.question.da.lower() for pair in DIRECTIONS)]
    assert not unclear, f"effect questions that do not say which way is better: {unclear}"


@rubric_files
def test_help_texts_and_descriptors_are_short(path: Path) -> None:
    rubric = load_rubric(path)
    long_help = [
        (c.key, language)
        for c in rubric.criteria
        if c.help
        for language in ("da", "en")
        if _words(getattr(c.help, language)) > MAX_HELP_WORDS
    ]
    assert not long_help, f"help texts over {MAX_HELP_WORDS} words: {long_help}"
    long_descriptors = [
        (c.key, level, language)
        for c in rubric.criteria
        for level, text in c.descriptors.items()
        for language in ("da", "en")
        if _words(getattr(text, language)) > MAX_DESCRIPTOR_WORDS
    ]
    assert not long_descriptors, f"descriptors over {MAX_DESCRIPTOR_WORDS} words: {long_descriptors}"


@rubric_files
def test_keep_as_is_is_never_asked_an_effect_and_readiness_is_asked_once(path: Path) -> None:
    rubric = load_rubric(path)
    assert rubric.schema_version == 2
    for criterion in rubric.option_criteria:
        expected = BaselineRule.SKIP if is_ladder(rubric, criterion) else BaselineRule.NO_DIFFERENCE
        assert rubric.baseline_rule(criterion) is expected, criterion.key
    process = rubric.dimension_with_role(DimensionRole.PROCESS)
    assert process is not None
    assert {c.key for c in rubric.criteria_in(process.key)} == {c.key for c in rubric.proposal_criteria}
    assert all(rubric.scope_of(c) is Scope.PROPOSAL for c in rubric.criteria_in(process.key))


def test_the_default_rubric_has_the_readiness_checklist_of_the_design() -> None:
    rubric = shipped("kerneopgave")
    readiness = [c.key for c in rubric.proposal_criteria]
    assert readiness == ["med_inddragelse", "apv", "oekonomi", "evidensgrundlag", "information"]
    assert rubric.with_role(CriterionRole.EVIDENCE).key == "evidensgrundlag"
    assert rubric.with_role(CriterionRole.ECONOMY).key == "oekonomi"
    # The evidence scale is one clear step per level, from nothing described to an indicator.
    evidence = rubric.scale_of("evidensgrundlag")
    assert "Ydelser" not in [level.label.da for level in evidence.levels]
    assert evidence.levels[1].label.da == "Kun aktiviteter og ydelser beskrevet"
