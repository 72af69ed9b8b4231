"""The shipped rubrics and their documentation (rubrics/README.md) stay true to the loader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from assessment.kernel.rubric import (
    Criterion,
    Dimension,
    FacetKind,
    Level,
    LocalizedText,
    Perspective,
    Rubric,
    Scale,
    ScaleKind,
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


def test_the_default_rubric_scores_per_perspective_and_per_profession() -> None:
    rubric = shipped("kerneopgave")
    facets = [c.facets for c in rubric.criteria]
    assert facets.count(FacetKind.PERSPECTIVE) >= 1
    assert facets.count(FacetKind.PROFESSION) >= 3


def test_the_default_rubric_records_planned_and_appropriate_involvement() -> None:
    rubric = shipped("kerneopgave")
    ladders = [c.key for c in rubric.criteria_in(INVOLVEMENT_DIMENSION) if is_ladder(rubric, c)]
    assert len(ladders) == 2, ladders


def test_the_core_task_effect_criteria_weigh_more_than_any_other_criterion() -> None:
    rubric = shipped("kerneopgave")
    effect = [rubric.criterion("borger_effekt"), rubric.criterion("samfund_vaerdi")]
    others = [c.weight for c in rubric.criteria if c.dimension != "kerneopgaven"]
    assert min(c.weight for c in effect) > max(others)


def test_the_short_rubric_has_6_to_8_criteria_in_at_least_three_dimensions() -> None:
    rubric = shipped("kort")
    assert 6 <= len(rubric.criteria) <= 8
    assert len({c.dimension for c in rubric.criteria}) >= 3
    assert any(is_ladder(rubric, c) and not c.aggregate for c in rubric.criteria)


def test_criteria_the_short_rubric_shares_with_the_default_have_the_same_texts_and_scale() -> None:
    default, short = shipped("kerneopgave"), shipped("kort")
    shared = {c.key for c in short.criteria} & {c.key for c in default.criteria}
    assert shared, "the short rubric shares no criterion with the default rubric"
    for key in sorted(shared):
        a, b = default.criterion(key), short.criterion(key)
        assert (a.question, a.help, a.descriptors) == (b.question, b.help, b.descriptors), key
        assert default.scale_of(a) == short.scale_of(b), key
