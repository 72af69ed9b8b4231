"""The rubric loader: a valid file loads, every malformed file is refused with one RubricError.

Each refused file must name the file, the place in it and what was expected, and must never
escape as any other exception, whatever bytes it holds.
"""

from __future__ import annotations

import ast
import copy
import math
import re
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import assessment.kernel.rubric as rubric_module
import assessment.kernel.rubric_loading as loading_module
import assessment.kernel.toml_errors as toml_errors_module
from assessment.kernel.rubric import Rubric, ScaleKind
from assessment.kernel.rubric_loading import (
    MAX_CRITERIA,
    MAX_DIMENSIONS,
    MAX_KEYS_LISTED,
    MAX_NESTING,
    MAX_PROBLEMS_SHOWN,
    MAX_RUBRIC_BYTES,
    MAX_SCALES,
    RubricError,
    parse_rubric,
)

VALID_RUBRIC = """\
# A small rubric for the loader tests.
schema_version = 1
id = "lille_test"
version = "1.0"
title = { da = "Lille testrubrik", en = "Small test rubric" }
description = { da = "En rubrik til test af indlæseren.", en = "A rubric for testing the loader." }

[scales.enighed]
kind = "bipolar"
title = { da = "Virkning", en = "Effect" }

[[scales.enighed.levels]]
value = -2
label = { da = "Meget negativ", en = "Very negative" }

[[scales.enighed.levels]]
value = -1
label = { da = "Negativ", en = "Negative" }

[[scales.enighed.levels]]
value = 0
label = { da = "Neutral", en = "Neutral" }

[[scales.enighed.levels]]
value = 1
label = { da = "Positiv", en = "Positive" }

[[scales.enighed.levels]]
value = 2
label = { da = "Meget positiv", en = "Very positive" }

[scales.trappe]
kind = "ladder"
title = { da = "Inddragelsestrappen", en = "Involvement ladder" }
levels = [
  { value = 0, label = { da = "Informeret", en = "Informed" } },
  { value = 1, label = { da = "Hørt", en = "Consulted" } },
  { value = 2, label = { da = "Medbestemmende", en = "Co-deciding" } },
]

[[dimensions]]
key = "kerneopgave"
title = { da = "Kerneopgaven", en = "The core task" }
description = { da = "Hvad forslaget gør for borgerne.", en = "What the proposal does for citizens." }

[[dimensions]]
key = "inddragelse"
title = { da = "Borgerinddragelse", en = "Citizen involvement" }

[[criteria]]
key = "borger_effekt"
dimension = "kerneopgave"
scale = "enighed"
weight = 2
question = { da = "Hvordan påvirker forslaget borgerne?", en = "How does the proposal affect citizens?" }
help = { da = "Tænk på de borgere, opgaven er til for.", en = "Think of the citizens the task serves." }

[criteria.descriptors]
"-2" = { da = "Borgerne får det markant værre.", en = "Citizens are much worse off." }
"-1" = { da = "Borgerne får det lidt værre.", en = "Citizens are a little worse off." }
"0" = { da = "Ingen mærkbar forskel.", en = "No noticeable difference." }
"1" = { da = "Borgerne får det lidt bedre.", en = "Citizens are a little better off." }
"2" = { da = "Borgerne får det markant bedre.", en = "Citizens are much better off." }

[[criteria]]
key = "inddragelse_trin"
dimension = "inddragelse"
scale = "trappe"
aggregate = false
question = { da = "Hvor højt på trappen er borgerne med?", en = "How far up the ladder are citizens?" }

[criteria.descriptors]
"0" = { da = "Borgerne får besked bagefter.", en = "Citizens are told afterwards." }
"1" = { da = "Borgerne bliver spurgt.", en = "Citizens are asked." }
"2" = { da = "Borgerne beslutter med.", en = "Citizens decide together with us." }

[[criteria]]
key = "tre_perspektiver"
dimension = "kerneopgave"
scale = "enighed"
weight = 1.5
facets = "perspective"
question = { da = "Passer forslaget til kerneopgaven?", en = "Does the proposal fit the core task?" }

[criteria.descriptors]
"-2" = { da = "Strider mod kerneopgaven.", en = "Works against the core task." }
"-1" = { da = "Trækker lidt væk fra kerneopgaven.", en = "Pulls a little away from the core task." }
"0" = { da = "Hverken for eller imod.", en = "Neither for nor against." }
"1" = { da = "Støtter kerneopgaven.", en = "Supports the core task." }
"2" = { da = "Styrker kerneopgaven tydeligt.", en = "Clearly strengthens the core task." }
"""

VALID_DATA: dict[str, Any] = tomllib.loads(VALID_RUBRIC)

# Every message the loader may show is a marked msgid in rubric.py, rubric_loading.py or toml_errors.py, so it
# can be translated.
LOADER_MESSAGE_IDS = frozenset(
    node.args[0].value
    for module in (rubric_module, loading_module, toml_errors_module)
    for node in ast.walk(ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8")))
    if isinstance(node, ast.Call)
    and isinstance(node.func, ast.Name)
    and node.func.id == "N_"
    and node.args
    and isinstance(node.args[0], ast.Constant)
    and isinstance(node.args[0].value, str)
)


# A tiny TOML writer: every top-level key on one line, everything below it inline. -------------


def toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"TOML cannot hold {value!r}")


def dump_toml(data: dict[str, Any]) -> str:
    return "".join(f"{toml_string(key)} = {toml_value(value)}\n" for key, value in data.items())


# Building malformed variants of the valid rubric. --------------------------------------------


def swap(*pairs: tuple[str, str]) -> str:
    """The valid rubric with each ``old`` (which must occur exactly once) replaced by ``new``."""
    text = VALID_RUBRIC
    for old, new in pairs:
        assert text.count(old) == 1, f"{old!r} must occur exactly once in the rubric"
        text = text.replace(old, new)
    return text


def after(anchor: str, extra: str) -> str:
    return swap((anchor, anchor + extra))


def edited(edit: Callable[[dict[str, Any]], object]) -> str:
    """The valid rubric parsed, changed by ``edit`` and written back as TOML."""
    data = copy.deepcopy(VALID_DATA)
    edit(data)
    return dump_toml(data)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def with_criteria(count: int) -> str:
    """The valid rubric with extra ladder criteria, ``count`` criteria in all."""

    def edit(data: dict[str, Any]) -> None:
        ladder = data["criteria"][1]
        extra = [{**copy.deepcopy(ladder), "key": f"trin_{n:03d}"} for n in range(count - 3)]
        data["criteria"].extend(extra)

    return edited(edit)


def with_sizes(scales: int, dimensions: int, criteria: int) -> str:
    """The valid rubric grown to the given numbers of scales, dimensions and criteria, all valid."""

    def edit(data: dict[str, Any]) -> None:
        ladder, dimension = data["criteria"][1], data["dimensions"][1]
        for n in range(scales - len(data["scales"])):
            data["scales"][f"trappe_{n:03d}"] = copy.deepcopy(data["scales"]["trappe"])
        for n in range(dimensions - len(data["dimensions"])):
            data["dimensions"].append({**copy.deepcopy(dimension), "key": f"omraade_{n:03d}"})
        # Every dimension needs a criterion; the rest go to the ladder's dimension.
        for n, added in enumerate(data["dimensions"][2:] + [dimension] * (criteria - dimensions - 1)):
            data["criteria"].append(
                {**copy.deepcopy(ladder), "key": f"trin_{n:03d}", "dimension": added["key"]}
            )

    return edited(edit)


def dimensions_and_stray_criteria(count: int) -> str:
    """``count`` dimensions and ``count`` criteria that each name an unknown dimension, written
    tightly so 7,000 of each still fit under MAX_RUBRIC_BYTES (the reported attack was 209 KB)."""
    head = VALID_RUBRIC[: VALID_RUBRIC.index("[scales.")]
    dimensions = ",".join(f'{{key="d{n}"}}' for n in range(count))
    criteria = ",".join(f'{{dimension="u{n}"}}' for n in range(count))
    return f"{head}dimensions=[{dimensions}]\ncriteria=[{criteria}]\n"


def ordinal_from_one(data: dict[str, Any]) -> None:
    scale = data["scales"]["trappe"]
    scale["kind"] = "ordinal"
    scale["levels"] = [{"value": v, "label": {"da": f"Trin {v}", "en": f"Step {v}"}} for v in range(1, 6)]


FIRST_NON_ASCII = next(i for i, char in enumerate(VALID_RUBRIC) if ord(char) > 127)
LINE_OF_FIRST_NON_ASCII = VALID_RUBRIC[:FIRST_NON_ASCII].count("\n") + 1
BAD_ESCAPE = swap(('label = { da = "Neutral"', 'label = { da = "Neutral \\q"'))
DUPLICATE_TABLE = VALID_RUBRIC + '\n[scales.trappe]\nkind = "ladder"\n'
DUPLICATE_TABLE_LINE = VALID_RUBRIC.count("\n") + 2
ONE_BYTE_TOO_MANY = (VALID_RUBRIC + "#" * MAX_RUBRIC_BYTES)[: MAX_RUBRIC_BYTES + 1]
TWELVE_LEVELS = [{"value": v, "label": {"da": f"Trin {v}", "en": f"Step {v}"}} for v in range(12)]

FILE = ""  # the expected place of a problem with the whole file: no place at all
C1 = 'criteria #1 "borger_effekt"'
C2 = 'criteria #2 "inddragelse_trin"'
C3 = 'criteria #3 "tre_perspektiver"'


def case(case_id: str, content: str | bytes, place: str, message: str | tuple[str, ...]) -> Any:
    return pytest.param(case_id, content, place, message, id=case_id)


MALFORMED = [
    # TOML itself: the detail names line and column.
    case(
        "toml_unclosed_string",
        swap(('version = "1.0"', 'version = "1.0')),
        FILE,
        ("not valid TOML", "at line 4", 'a quotation mark (") is missing'),
    ),
    case(
        "toml_missing_equals",
        swap(('id = "lille_test"', 'id "lille_test"')),
        FILE,
        ("not valid TOML", "at line 3"),
    ),
    case(
        "toml_duplicate_table",
        DUPLICATE_TABLE,
        FILE,
        ("not valid TOML", "twice", f"at line {DUPLICATE_TABLE_LINE}"),
    ),
    case(
        "toml_bad_escape",
        BAD_ESCAPE,
        FILE,
        ("not valid TOML", f"at line {line_of(BAD_ESCAPE, 'Neutral')}"),
    ),
    case("toml_duplicate_key", after('id = "lille_test"\n', 'id = "igen"\n'), FILE, "not valid TOML"),
    # The bytes of the file.
    case("empty_file", "", "schema_version", "this field is missing"),
    case("comments_only", "# nothing here\n", "criteria", "this field is missing"),
    case("nul_bytes", after("# A small rubric", "\x00"), FILE, "NUL bytes"),
    case(
        "latin1_danish_text",
        VALID_RUBRIC.encode("latin-1"),
        FILE,
        ("not UTF-8", f"byte {len(VALID_RUBRIC[:FIRST_NON_ASCII].encode()) + 1}", "save it as UTF-8"),
    ),
    case(
        "latin1_names_the_line",
        VALID_RUBRIC.encode("latin-1"),
        FILE,
        ("not UTF-8", f"line {LINE_OF_FIRST_NON_ASCII}"),
    ),
    case(
        "utf16",
        VALID_RUBRIC.encode("utf-16"),
        FILE,
        "save it as UTF-8",
    ),
    case("far_too_large", VALID_RUBRIC + "#" * (300 * 1024), FILE, "a rubric may be at most 256 KB"),
    case(
        "one_byte_too_large",
        ONE_BYTE_TOO_MANY,
        FILE,
        ("the file is 257 KB", "at most 256 KB"),
    ),
    case("deeply_nested_arrays", "x = " + "[" * 500 + "]" * 500, FILE, "nested too deeply"),
    case("deeply_nested_tables", "[" + ".".join(["a"] * 500) + "]\n", FILE, "nested too deeply"),
    case(
        "deeply_nested_inline_tables",
        "x = " + "{ a = " * (MAX_NESTING + 1) + "1" + " }" * (MAX_NESTING + 1),
        FILE,
        "nested too deeply",
    ),
    case(
        "number_with_5000_digits",
        swap(("schema_version = 1", "schema_version = " + "1" * 5000)),
        FILE,
        "digits",
    ),
    # Top level.
    case(
        "schema_version_3",
        swap(("schema_version = 1", "schema_version = 3")),
        "schema_version",
        "must be 1 or 2",
    ),
    case(
        "schema_version_as_text",
        swap(("schema_version = 1", 'schema_version = "1"')),
        "schema_version",
        "expected a whole number",
    ),
    case(
        "schema_version_missing",
        swap(("schema_version = 1\n", "")),
        "schema_version",
        "this field is missing",
    ),
    case(
        "top_unknown_key",
        after('id = "lille_test"\n', 'forfatter = "Mette"\n'),
        FILE,
        "unknown field forfatter",
    ),
    case(
        "id_upper_case",
        swap(('id = "lille_test"', 'id = "Lille_test"')),
        "id",
        "expected a key of lower-case",
    ),
    case(
        "id_with_space",
        swap(('id = "lille_test"', 'id = "lille test"')),
        "id",
        "expected a key of lower-case",
    ),
    case(
        "id_starts_with_digit",
        swap(('id = "lille_test"', 'id = "1_test"')),
        "id",
        "expected a key of lower-case",
    ),
    case(
        "version_with_space",
        swap(('version = "1.0"', 'version = "1 0"')),
        "version",
        "for example 1.0",
    ),
    case(
        "version_as_number", swap(('version = "1.0"', "version = 1.0")), "version", "expected text in quotes"
    ),
    case(
        "title_as_string",
        swap(('title = { da = "Lille testrubrik", en = "Small test rubric" }', 'title = "Lille testrubrik"')),
        "title",
        "expected a table",
    ),
    case("title_missing_en", swap((', en = "Small test rubric"', "")), "title › en", "this field is missing"),
    case(
        "title_unknown_language",
        swap(('en = "Small test rubric"', 'en = "Small test rubric", de = "Kleine Rubrik"')),
        "title",
        "unknown field de",
    ),
    case("title_empty", swap(('da = "Lille testrubrik"', 'da = ""')), "title › da", "must not be empty"),
    case(
        "title_whitespace_only",
        swap(('da = "Lille testrubrik"', 'da = "  \\t "')),
        "title › da",
        "not be empty",
    ),
    case(
        "description_missing",
        edited(lambda d: d.pop("description")),
        "description",
        "this field is missing",
    ),
    # Scales and their levels.
    case("scales_empty", edited(lambda d: d.update(scales={})), "scales", "needs at least one scale"),
    case(
        "scales_one_too_many",
        with_sizes(MAX_SCALES + 1, 2, 3),
        "scales",
        f"{MAX_SCALES + 1} scales, but a rubric may have at most {MAX_SCALES}",
    ),
    case(
        "scale_unknown_key",
        after('kind = "ladder"\n', 'farve = "blå"\n'),
        "scales › trappe",
        "unknown field farve",
    ),
    case(
        "scale_kind_missing",
        swap(('kind = "ladder"\n', "")),
        "scales › trappe › kind",
        "this field is missing",
    ),
    case(
        "scale_kind_unknown",
        swap(('kind = "ladder"', 'kind = "likert"')),
        "scales › trappe › kind",
        "likert is not one of the allowed values; use one of: bipolar, ordinal, ladder",
    ),
    case(
        "scale_title_as_string",
        swap(('title = { da = "Inddragelsestrappen", en = "Involvement ladder" }', 'title = "Trappen"')),
        "scales › trappe › title",
        "expected a table",
    ),
    case(
        "scale_levels_as_table",
        edited(lambda d: d["scales"]["trappe"].update(levels={"0": "Informeret"})),
        "scales › trappe › levels",
        "expected a list",
    ),
    case(
        "scale_key_not_a_key",
        swap(("[scales.trappe]", '[scales."Trappe Skala"]')),
        'scales › "Trappe Skala"',
        "expected a key of lower-case",
    ),
    case(
        "bipolar_with_ladder_levels",
        swap(('kind = "ladder"', 'kind = "bipolar"')),
        "scales › trappe",
        "the scale of kind bipolar must have the levels -2, -1, 0, 1, 2 in that order, not 0, 1, 2",
    ),
    case(
        "ordinal_starting_at_1",
        edited(ordinal_from_one),
        "scales › trappe",
        "levels 0, 1, 2, 3, 4 in that order, not 1, 2, 3, 4, 5",
    ),
    case(
        "ladder_with_gap",
        swap(("{ value = 2, label", "{ value = 3, label")),
        "scales › trappe",
        "the scale of kind ladder must have the levels 0, 1, 2 in that order, not 0, 1, 3",
    ),
    case(
        "levels_out_of_order",
        edited(lambda d: d["scales"]["enighed"]["levels"].reverse()),
        "scales › enighed",
        "in that order, not 2, 1, 0, -1, -2",
    ),
    case(
        "single_level",
        edited(lambda d: d["scales"]["trappe"].update(levels=d["scales"]["trappe"]["levels"][:1])),
        "scales › trappe › levels",
        "a scale needs at least 2 levels",
    ),
    case(
        "twelve_levels",
        edited(lambda d: d["scales"]["trappe"].update(levels=TWELVE_LEVELS)),
        "scales › trappe › levels",
        "a scale may have at most 11 levels",
    ),
    case(
        "level_unknown_key",
        after("value = -1\n", 'farve = "rød"\n'),
        "scales › enighed › levels #2",
        "unknown field farve",
    ),
    case(
        "level_label_missing",
        swap(('label = { da = "Neutral", en = "Neutral" }\n', "")),
        "scales › enighed › levels #3 › label",
        "this field is missing",
    ),
    case(
        "level_value_missing", swap(("value = 1\n", "")), "scales › enighed › levels #4 › value", "is missing"
    ),
    case(
        "level_value_fraction",
        swap(("value = 1\n", "value = 1.5\n")),
        "scales › enighed › levels #4 › value",
        "expected a whole number",
    ),
    case(
        "level_value_float",
        swap(("value = 1\n", "value = 1.0\n")),
        "scales › enighed › levels #4 › value",
        "expected a whole number",
    ),
    case(
        "level_value_as_text",
        swap(("value = 1\n", 'value = "1"\n')),
        "scales › enighed › levels #4 › value",
        "expected a whole number",
    ),
    case(
        "level_value_huge",
        swap(("value = 1\n", "value = 0x" + "f" * 5000 + "\n")),
        "scales › enighed › levels #4 › value",
        "at most",
    ),
    case(
        "level_label_empty",
        swap(('label = { da = "Negativ", en = "Negative" }', 'label = { da = "Negativ", en = "" }')),
        "scales › enighed › levels #2 › label › en",
        "must not be empty",
    ),
    # Dimensions.
    case(
        "dimensions_empty",
        edited(lambda d: d.update(dimensions=[])),
        "dimensions",
        "needs at least one dimension",
    ),
    case(
        "dimensions_one_too_many",
        with_sizes(2, MAX_DIMENSIONS + 1, MAX_DIMENSIONS + 1),
        "dimensions",
        f"{MAX_DIMENSIONS + 1} dimensions, but a rubric may have at most {MAX_DIMENSIONS}",
    ),
    case(
        "dimension_unknown_key",
        after('key = "inddragelse"\n', "vaegt = 2\n"),
        'dimensions #2 "inddragelse"',
        "unknown field vaegt",
    ),
    case(
        "dimension_title_missing",
        swap(('title = { da = "Borgerinddragelse", en = "Citizen involvement" }\n', "")),
        'dimensions #2 "inddragelse" › title',
        "this field is missing",
    ),
    case(
        "dimension_key_upper_case",
        swap(('key = "inddragelse"', 'key = "Inddragelse"')),
        'dimensions #2 "Inddragelse" › key',
        "expected a key of lower-case",
    ),
    case(
        "dimension_keys_duplicated",
        swap(('key = "inddragelse"', 'key = "kerneopgave"')),
        "dimensions",
        "the key kerneopgave is used more than once",
    ),
    case(
        "dimension_without_criteria",
        edited(lambda d: d["dimensions"].append({"key": "ekstra", "title": {"da": "Ekstra", "en": "Extra"}})),
        'dimensions "ekstra"',
        "has no criteria",
    ),
    # Criteria.
    case("criteria_missing", edited(lambda d: d.pop("criteria")), "criteria", "this field is missing"),
    case("no_criteria", edited(lambda d: d.update(criteria=[])), "criteria", "needs at least one criterion"),
    case(
        "criteria_as_table",
        edited(lambda d: d.update(criteria=d["criteria"][0])),
        "criteria",
        "expected a list",
    ),
    case("criteria_201", with_criteria(201), "criteria", "201 criteria, but a rubric may have at most 200"),
    case("criterion_unknown_key", after("weight = 2\n", '"vægt" = 3\n'), C1, "unknown field vægt"),
    case(
        "criterion_question_missing",
        edited(lambda d: d["criteria"][2].pop("question")),
        f"{C3} › question",
        "this field is missing",
    ),
    case(
        "criterion_key_missing",
        swap(('key = "inddragelse_trin"\n', "")),
        "criteria #2 › key",
        "this field is missing",
    ),
    case(
        "criterion_dimension_missing",
        swap(('dimension = "inddragelse"\n', "")),
        f"{C2} › dimension",
        "this field is missing",
    ),
    case(
        "criterion_descriptors_missing",
        edited(lambda d: d["criteria"][1].pop("descriptors")),
        f"{C2} › descriptors",
        "this field is missing",
    ),
    case(
        "criterion_key_with_space",
        swap(('key = "borger_effekt"', 'key = "borger effekt"')),
        'criteria #1 "borger effekt" › key',
        "expected a key of lower-case",
    ),
    case(
        "criterion_key_starts_with_digit",
        swap(('key = "borger_effekt"', 'key = "1_borger"')),
        'criteria #1 "1_borger" › key',
        "expected a key of lower-case",
    ),
    case(
        "criterion_key_upper_case",
        swap(('key = "borger_effekt"', 'key = "BorgerEffekt"')),
        'criteria #1 "BorgerEffekt" › key',
        "expected a key of lower-case",
    ),
    case(
        "weight_as_text",
        swap(("weight = 2\n", 'weight = "2"\n')),
        f"{C1} › weight",
        "expected a number",
    ),
    case("weight_0", swap(("weight = 2\n", "weight = 0\n")), f"{C1} › weight", "greater than 0"),
    case("weight_minus_1", swap(("weight = 2\n", "weight = -1\n")), f"{C1} › weight", "greater than 0"),
    case("weight_11", swap(("weight = 2\n", "weight = 11\n")), f"{C1} › weight", "at most 10"),
    case(
        "aggregate_as_text",
        after("weight = 2\n", 'aggregate = "yes"\n'),
        f"{C1} › aggregate",
        "expected true or false",
    ),
    case(
        "ladder_aggregate_true",
        swap(("aggregate = false", "aggregate = true")),
        f"{C2} › aggregate",
        "a ladder can never be summed",
    ),
    case(
        "ladder_aggregate_missing",
        swap(("aggregate = false\n", "")),
        f"{C2} › aggregate",
        "write aggregate = false",
    ),
    case(
        "facet_kind_unknown",
        swap(('facets = "perspective"', 'facets = "perspektiv"')),
        f"{C3} › facets",
        "perspektiv is not one of the allowed values; use one of: profession, perspective, own_profession",
    ),
    case(
        "criterion_keys_duplicated",
        swap(('key = "tre_perspektiver"', 'key = "borger_effekt"')),
        "criteria",
        "the key borger_effekt is used more than once",
    ),
    case(
        "criterion_roles_duplicated",
        swap(
            ('key = "borger_effekt"\n', 'key = "borger_effekt"\nrole = "citizen_effect"\n'),
            ('key = "tre_perspektiver"\n', 'key = "tre_perspektiver"\nrole = "citizen_effect"\n'),
        ),
        "criteria",
        "the role citizen_effect is given to more than one criterion; give each role to one at most",
    ),
    case(
        "criterion_role_unknown",
        after('key = "borger_effekt"\n', 'role = "borgereffekt"\n'),
        'criteria #1 "borger_effekt" › role',
        "borgereffekt is not one of the allowed values; use one of: citizen_effect, society_value",
    ),
    case(
        "criterion_unknown_dimension",
        swap(('dimension = "inddragelse"', 'dimension = "arbejdsmiljo"')),
        f"{C2} › dimension",
        "the dimension arbejdsmiljo is not defined; use one of: inddragelse, kerneopgave",
    ),
    case(
        "criterion_unknown_scale",
        swap(('scale = "trappe"', 'scale = "stige"')),
        f"{C2} › scale",
        "the scale stige is not defined; use one of: enighed, trappe",
    ),
    case(
        "level_without_descriptor",
        swap(('"0" = { da = "Ingen mærkbar forskel.", en = "No noticeable difference." }\n', "")),
        f"{C1} › descriptors",
        "these levels have no descriptor: 0",
    ),
    case(
        "descriptor_for_level_not_on_scale",
        after(
            '"2" = { da = "Borgerne beslutter med.", en = "Citizens decide together with us." }\n',
            '"3" = { da = "x", en = "x" }\n',
        ),
        f"{C2} › descriptors",
        "these levels are not on the scale trappe: 3 (its levels are 0, 1, 2)",
    ),
    case(
        "descriptor_key_not_a_number",
        swap(('"0" = { da = "Ingen', '"høj" = { da = "Ingen')),
        f"{C1} › descriptors",
        'descriptor key "høj" is not a level',
    ),
    case(
        "descriptor_key_with_plus",
        swap(('"1" = { da = "Borgerne får det lidt bedre."', '"+1" = { da = "Borgerne får det lidt bedre."')),
        f"{C1} › descriptors",
        'descriptor key "+1" is not a level',
    ),
    case(
        "descriptor_key_with_space_beside_the_real_one",
        after(
            '"1" = { da = "Borgerne bliver spurgt.", en = "Citizens are asked." }\n',
            '" 1" = { da = "x", en = "y" }\n',
        ),
        f"{C2} › descriptors",
        'descriptor key " 1" is not a level',
    ),
    case(
        "descriptor_unknown_language",
        swap(('en = "Citizens are asked." }', 'en = "Citizens are asked.", de = "Bürger werden gefragt." }')),
        f"{C2} › descriptors › 1",
        "unknown field de",
    ),
    case(
        "descriptor_text_empty",
        swap(('da = "Borgerne bliver spurgt."', 'da = ""')),
        f"{C2} › descriptors › 1 › da",
        "must not be empty",
    ),
    case(
        "descriptor_text_whitespace_only",
        swap(('da = "Borgerne bliver spurgt."', 'da = "   "')),
        f"{C2} › descriptors › 1 › da",
        "must not be empty",
    ),
    case(
        "descriptor_text_too_long",
        swap(('da = "Borgerne bliver spurgt."', 'da = "' + "x" * 4001 + '"')),
        f"{C2} › descriptors › 1 › da",
        "too long (at most 4000 characters)",
    ),
    case(
        "descriptor_en_missing",
        swap((', en = "Citizens are asked."', "")),
        f"{C2} › descriptors › 1 › en",
        "this field is missing",
    ),
    case(
        "descriptors_as_list",
        edited(lambda d: d["criteria"][1].update(descriptors=["Informeret", "Hørt", "Medbestemmende"])),
        f"{C2} › descriptors",
        "expected a table",
    ),
    case(
        "question_whitespace_only",
        swap(('da = "Passer forslaget til kerneopgaven?"', 'da = " \\n "')),
        f"{C3} › question › da",
        "must not be empty",
    ),
    case(
        "help_as_string",
        edited(lambda d: d["criteria"][0].update(help="Tænk på borgerne.")),
        f"{C1} › help",
        "expected a table",
    ),
]


@pytest.mark.parametrize(("case_id", "content", "place", "message"), MALFORMED)
def test_a_malformed_rubric_is_refused_with_one_error_naming_file_place_and_fix(
    case_id: str, content: str | bytes, place: str, message: str | tuple[str, ...]
) -> None:
    source = f"{case_id}.toml"
    started = time.perf_counter()
    with pytest.raises(RubricError) as caught:
        parse_rubric(content, source)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"refusing the file took {elapsed:.2f} s"

    error = caught.value
    rendered = error.render()
    assert error.problems
    assert source in rendered
    assert source in str(error)
    assert "\n" not in str(error)
    wanted = (message,) if isinstance(message, str) else message
    matching = [
        problem
        for problem in error.problems
        if (problem.place == FILE if place == FILE else place in problem.place)
        and all(text in problem.message.render() for text in wanted)
    ]
    assert matching, f"no problem at {place!r} saying {wanted!r} in:\n{rendered}"
    for problem in error.problems:
        assert problem.render() in rendered
        assert problem.message.id in LOADER_MESSAGE_IDS, f"not a translatable msgid: {problem.message.id!r}"
        assert "[key]" not in problem.place
    translated = error.render(lambda msgid: "«" + msgid + "»")
    # The heading and every problem are translated (a problem's parts, such as a TOML explanation, too).
    heading, *lines = translated.split("\n")
    assert heading.startswith("«") and len(lines) == len(error.problems)
    assert all("«" in line for line in lines), translated


def test_the_table_of_malformed_rubrics_covers_at_least_forty_cases() -> None:
    assert len(MALFORMED) >= 40
    assert len({param.id for param in MALFORMED}) == len(MALFORMED)


# The valid rubric. ---------------------------------------------------------------------------


def test_the_small_valid_rubric_loads_with_its_scales_dimensions_and_criteria() -> None:
    rubric = parse_rubric(VALID_RUBRIC, "lille_test.toml")

    assert isinstance(rubric, Rubric)
    assert rubric.id == "lille_test"
    assert rubric.version == "1.0"
    assert rubric.label.startswith("lille_test 1.0 (")
    assert rubric.title("da") == "Lille testrubrik"
    assert rubric.title("en") == "Small test rubric"
    assert rubric.scales["enighed"].kind is ScaleKind.BIPOLAR
    assert rubric.scales["enighed"].values == (-2, -1, 0, 1, 2)
    assert rubric.scales["trappe"].kind is ScaleKind.LADDER
    assert rubric.scales["trappe"].values == (0, 1, 2)
    assert [d.key for d in rubric.dimensions] == ["kerneopgave", "inddragelse"]
    assert [c.key for c in rubric.criteria] == ["borger_effekt", "inddragelse_trin", "tre_perspektiver"]
    assert [c.key for c in rubric.aggregate_criteria] == ["borger_effekt", "tre_perspektiver"]
    assert [c.key for c in rubric.criteria_in("kerneopgave")] == ["borger_effekt", "tre_perspektiver"]
    ladder = rubric.criterion("inddragelse_trin")
    assert ladder.aggregate is False
    assert rubric.scale_of(ladder).kind is ScaleKind.LADDER
    assert ladder.weight == 1.0
    perspectives = rubric.criterion("tre_perspektiver")
    assert perspectives.facets == "perspective"
    assert perspectives.weight == 1.5
    assert rubric.criterion("borger_effekt").weight == 2.0
    assert rubric.criterion("borger_effekt").descriptor(-2)("en") == "Citizens are much worse off."
    assert ladder.descriptor(1)("da") == "Borgerne bliver spurgt."


def test_the_content_hash_ignores_comments_and_layout_but_not_a_changed_descriptor() -> None:
    original = parse_rubric(VALID_RUBRIC).content_hash
    assert len(original) == 64

    # The same content written by the tiny writer: inline tables everywhere, keys quoted.
    rewritten = dump_toml(VALID_DATA)
    assert tomllib.loads(rewritten) == VALID_DATA
    assert parse_rubric(rewritten).content_hash == original

    commented = "\n\n# Kommentar øverst\n" + VALID_RUBRIC.replace("\n[", "\n# en kommentar\n\n[").replace(
        "weight = 2\n", "weight   =   2.0   # samme vægt\n"
    )
    assert commented != VALID_RUBRIC
    assert parse_rubric(commented).content_hash == original
    assert parse_rubric(VALID_RUBRIC.encode("utf-8")).content_hash == original
    assert parse_rubric(VALID_RUBRIC.replace("\n", "\r\n")).content_hash == original

    changed_en = swap(('en = "Citizens are asked."', 'en = "Citizens are asked first."'))
    changed_da = swap(('da = "Borgerne bliver spurgt."', 'da = "Borgerne bliver spurgt først."'))
    hashes = {original, parse_rubric(changed_en).content_hash, parse_rubric(changed_da).content_hash}
    assert len(hashes) == 3


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    rubric = parse_rubric(b"\xef\xbb\xbf" + VALID_RUBRIC.encode("utf-8"), "fra_notepad.toml")

    assert rubric.id == "lille_test"
    assert rubric.content_hash == parse_rubric(VALID_RUBRIC).content_hash


def test_windows_line_endings_are_accepted() -> None:
    assert parse_rubric(VALID_RUBRIC.replace("\n", "\r\n").encode("utf-8")).id == "lille_test"


def test_two_hundred_criteria_are_still_allowed() -> None:
    assert len(parse_rubric(with_criteria(200)).criteria) == 200


def test_a_rubric_at_every_size_limit_loads() -> None:
    rubric = parse_rubric(with_sizes(MAX_SCALES, MAX_DIMENSIONS, MAX_CRITERIA))

    assert (len(rubric.scales), len(rubric.dimensions), len(rubric.criteria)) == (20, 50, 200)


def test_a_file_over_a_size_limit_is_refused_before_anything_else_is_checked() -> None:
    # Every criterion is also broken and the scales are missing; only the limits are reported.
    content = dimensions_and_stray_criteria(7000)
    assert len(content) <= MAX_RUBRIC_BYTES

    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "stor.toml")

    assert [problem.render() for problem in caught.value.problems] == [
        "dimensions: 7000 dimensions, but a rubric may have at most 50",
        "criteria: 7000 criteria, but a rubric may have at most 200",
    ]


def test_a_file_with_very_many_problems_shows_the_first_twenty_and_counts_the_rest() -> None:
    content = edited(lambda d: d.update(criteria=[{"dimension": f"u{n}"} for n in range(MAX_CRITERIA)]))

    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "mange_fejl.toml")

    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS_SHOWN + 1
    assert problems[0].render() == "criteria #1 › key: this field is missing; add it"
    # Each criterion lacks four fields and names an unknown dimension.
    more = re.fullmatch(r"… and (\d+) more problems", problems[-1].render())
    assert more and int(more[1]) >= MAX_CRITERIA * 5 - MAX_PROBLEMS_SHOWN, problems[-1].render()
    assert len(caught.value.render()) < 3000
    assert len(str(caught.value)) < 3000


def test_a_list_of_keys_to_choose_from_names_the_first_ten_and_counts_the_rest() -> None:
    content = edited(
        lambda d: (
            d["dimensions"].extend({**d["dimensions"][0], "key": f"omraade_{n:02d}"} for n in range(40)),
            d["criteria"][0].update(dimension="ukendt"),
        )
    )

    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "mange_noegler.toml")

    wrong = [p.message.render() for p in caught.value.problems if p.place == f"{C1} › dimension"]
    keys = ", ".join(sorted(["inddragelse", "kerneopgave", *(f"omraade_{n:02d}" for n in range(40))])[:10])
    assert wrong == [f"the dimension ukendt is not defined; use one of: {keys} and 32 more"]
    assert MAX_KEYS_LISTED == 10


# Several problems at once. -------------------------------------------------------------------


def test_a_file_with_several_independent_problems_reports_all_of_them() -> None:
    content = swap(
        ('id = "lille_test"', 'id = "Lille Test"'),
        ('da = "Lille testrubrik"', 'da = ""'),
        ('kind = "ladder"\n', 'kind = "ladder"\nfarve = "blå"\n'),
        ("weight = 2\n", "weight = -1\n"),
        ('facets = "perspective"', 'facets = "perspektiv"'),
    )

    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "fem_fejl.toml")

    problems = caught.value.problems
    assert len(problems) >= 5, caught.value.render()
    places = [problem.place for problem in problems]
    for expected in ("id", "title › da", "scales › trappe", f"{C1} › weight", f"{C3} › facets"):
        assert expected in places, caught.value.render()


def test_a_file_with_several_reference_problems_reports_all_of_them() -> None:
    content = swap(
        ('dimension = "inddragelse"', 'dimension = "arbejdsmiljo"'),
        ('scale = "enighed"\nweight = 1.5', 'scale = "stige"\nweight = 1.5'),
        ('"0" = { da = "Ingen mærkbar forskel.", en = "No noticeable difference." }\n', ""),
    )

    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "tre_fejl.toml")

    assert len(caught.value.problems) >= 4, caught.value.render()  # the unused dimension counts too


def test_a_file_with_a_type_problem_and_a_reference_problem_reports_both() -> None:
    content = swap(
        ("weight = 2\n", "weight = -1\n"),
        ('dimension = "inddragelse"', 'dimension = "arbejdsmiljo"'),
        ('"0" = { da = "Ingen mærkbar forskel.", en = "No noticeable difference." }\n', ""),
    )

    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "blandet.toml")

    assert len(caught.value.problems) >= 3, caught.value.render()


# Fuzzing: whatever the input, the loader gives a Rubric or a RubricError. --------------------

FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

json_ish = st.recursive(
    st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)


def paths_in(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found: list[tuple[str | int, ...]] = []
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    )
    for step, child in children:
        found.append((*prefix, step))
        found.extend(paths_in(child, (*prefix, step)))
    return found


VALID_PATHS = paths_in(VALID_DATA)


def loads_or_is_refused(content: str | bytes) -> None:
    try:
        result = parse_rubric(content, "fuzz.toml")
    except RubricError as error:
        assert error.problems
        assert "fuzz.toml" in error.render()
    else:
        assert isinstance(result, Rubric)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_give_a_rubric_or_a_rubric_error(content: bytes) -> None:
    loads_or_is_refused(content)


@FUZZ
@given(st.text(max_size=2048) | st.text(alphabet="[]{}=\"'.,#\n\\ -_01azæ", max_size=512))
def test_random_text_gives_a_rubric_or_a_rubric_error(content: str) -> None:
    loads_or_is_refused(content)


@FUZZ
@given(st.sampled_from(VALID_PATHS), st.booleans(), json_ish)
def test_a_valid_rubric_with_one_value_dropped_or_replaced_gives_a_rubric_or_a_rubric_error(
    path: tuple[str | int, ...], drop: bool, replacement: Any
) -> None:
    data = copy.deepcopy(VALID_DATA)
    *parents, last = path
    node: Any = data
    for step in parents:
        node = node[step]
    if drop:
        del node[last]
    else:
        assume(type(replacement) is not type(node[last]))
        node[last] = replacement
    loads_or_is_refused(dump_toml(data))


@FUZZ
@given(st.data())
def test_a_valid_rubric_with_a_slice_of_its_text_replaced_gives_a_rubric_or_a_rubric_error(
    data: st.DataObject,
) -> None:
    start = data.draw(st.integers(0, len(VALID_RUBRIC)))
    end = data.draw(st.integers(start, min(len(VALID_RUBRIC), start + 40)))
    inserted = data.draw(st.text(alphabet="[]{}=\"'.,#\n\\ -_01azæ", max_size=10))
    loads_or_is_refused(VALID_RUBRIC[:start] + inserted + VALID_RUBRIC[end:])
