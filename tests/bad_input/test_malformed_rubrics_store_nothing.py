"""Malformed rubric files, sent through the real store use case on SQLite and PostgreSQL.

Issue 6, bad input: every malformed file is refused with one :class:`RubricError` whose Danish
text names the problem, nothing is written (no rubric row, no audit event), and refusing it takes
well under two seconds. The loader's own table of malformed files
(``tests/assessment/kernel/test_rubric_loading.py``) is reused as it is and extended here with the encodings, byte
order marks, syntax slips, wrong types, missing keys, duplicates and sizes it does not cover yet.
"""

from __future__ import annotations

import copy
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from assessment import organisation, people
from assessment.kernel.errors import DomainError
from assessment.kernel.i18n import Translator
from assessment.kernel.model import Role, UnitLevel
from assessment.kernel.permissions import SYSTEM, Actor
from assessment.kernel.rubric_loading import (
    MAX_CRITERIA,
    MAX_DIMENSIONS,
    MAX_NESTING,
    MAX_RUBRIC_BYTES,
    RubricError,
)
from storage.engine import make_engine
from storage.migrate import upgrade_to_head
from storage.repository import SqlUnitOfWork
from tests.assessment.kernel.test_rubric_loading import (
    FILE,
    MALFORMED,
    VALID_DATA,
    VALID_RUBRIC,
    dimensions_and_stray_criteria,
    dump_toml,
    swap,
)
from tests.conftest import BACKENDS, empty_database

DA = Translator("da")
# A correctness bound, not a benchmark: a refusal that takes seconds means the loader chews on
# the file (a quadratic regex, a recursion, a decompression) instead of stopping at the cap.
TIME_LIMIT = 2.0
TIMINGS: list[tuple[float, str]] = []


def edited(edit: Any) -> str:
    data = copy.deepcopy(VALID_DATA)
    edit(data)
    return dump_toml(data)


LATIN1 = VALID_RUBRIC.encode("latin-1")
UTF8 = VALID_RUBRIC.encode("utf-8")
BOM = b"\xef\xbb\xbf"
TEN_MB = UTF8 + b"#" * (10 * 1024 * 1024)

# case id → (content, Danish words the refusal must contain). A word is the offending field's
# place, the unknown key's name, or the Danish name of the problem when the whole file is wrong.
EXTRA: dict[str, tuple[str | bytes, tuple[str, ...]]] = {
    # Encodings and byte order marks.
    "utf16_be_with_bom": (VALID_RUBRIC.encode("utf-16-be").join([b"\xfe\xff", b""]), ("UTF-16", "UTF-8")),
    "utf16_le_without_bom": (VALID_RUBRIC.encode("utf-16-le"), ("NUL-bytes",)),
    "utf32_le_with_bom": (VALID_RUBRIC.encode("utf-32"), ("gem den som UTF-8",)),
    "utf32_be_without_bom": (VALID_RUBRIC.encode("utf-32-be"), ("NUL-bytes",)),
    "utf8_bom_then_latin1": (BOM + LATIN1, ("ikke UTF-8", "gem den som UTF-8")),
    "two_utf8_boms": (BOM + BOM + UTF8, ("ikke gyldig TOML", "linje 1")),
    "bom_in_the_middle": (
        swap(('version = "1.0"\n', '\ufeffversion = "1.0"\n')).encode(),
        ("ikke gyldig TOML", "linje 4"),
    ),
    "windows_1252_quotes": (
        swap(('da = "Lille testrubrik"', 'da = "Lille \u201ctest\u201d"')).encode("cp1252"),
        ("ikke UTF-8", "linje 5"),
    ),
    "cesu_surrogate_bytes": (UTF8.replace(b"Lille testrubrik", b"Lille \xed\xa0\x80"), ("ikke UTF-8",)),
    "nul_at_the_very_end": (UTF8 + b"\x00", ("NUL-bytes",)),
    "nul_inside_a_string": (UTF8.replace(b"Lille testrubrik", b"Lille\x00rubrik"), ("NUL-bytes",)),
    # TOML syntax.
    "old_mac_line_endings": (VALID_RUBRIC.replace("\n", "\r"), ("ikke gyldig TOML",)),
    "unclosed_table_header": (swap(("[scales.trappe]", "[scales.trappe")), ("ikke gyldig TOML",)),
    "unclosed_array": (swap(("]\n\n[[dimensions]]", "\n\n[[dimensions]]")), ("ikke gyldig TOML",)),
    "value_missing": (swap(('id = "lille_test"', "id = ")), ("ikke gyldig TOML", "linje 3")),
    "trailing_comma_in_inline_table": (
        swap(('en = "Small test rubric" }', 'en = "Small test rubric", }')),
        ("ikke gyldig TOML", "linje 5"),
    ),
    "json_instead_of_toml": ('{"schema_version": 1, "id": "lille_test"}', ("ikke gyldig TOML",)),
    "yaml_instead_of_toml": ("schema_version: 1\nid: lille_test\n", ("ikke gyldig TOML", "linje 1")),
    # Wrong types.
    "scales_as_list": (edited(lambda d: d.update(scales=["enighed"])), ("scales", "skal være en tabel")),
    "dimensions_as_table": (
        edited(lambda d: d.update(dimensions=d["dimensions"][0])),
        ("dimensions", "skal være en liste"),
    ),
    "criteria_as_text": (edited(lambda d: d.update(criteria="alle")), ("criteria", "skal være en liste")),
    "weight_as_bool": (swap(("weight = 2\n", "weight = true\n")), ("weight",)),
    "facets_as_number": (swap(('facets = "perspective"', "facets = 1")), ("facets",)),
    "schema_version_as_float": (swap(("schema_version = 1", "schema_version = 1.0")), ("schema_version",)),
    "version_as_date": (swap(('version = "1.0"', "version = 2024-03-01")), ("version", "anførselstegn")),
    "title_da_as_number": (swap(('da = "Lille testrubrik"', "da = 7")), ("title › da", "anførselstegn")),
    "level_label_as_number": (
        swap(('label = { da = "Neutral", en = "Neutral" }', "label = 0")),
        ("levels #3 › label", "skal være en tabel"),
    ),
    "descriptor_as_text": (
        swap(('"1" = { da = "Borgerne bliver spurgt.", en = "Citizens are asked." }', '"1" = "Hørt"')),
        ('"inddragelse_trin" › descriptors › 1', "skal være en tabel"),
    ),
    "scale_kind_as_number": (swap(('kind = "ladder"', "kind = 3")), ("scales › trappe › kind",)),
    # Unknown and missing keys.
    "top_level_unknown_table": (VALID_RUBRIC + "\n[meta]\nforfatter = 'Mette'\n", ("ukendt felt meta",)),
    "descriptor_key_singular": (
        edited(lambda d: d["criteria"][1].update(descriptor=d["criteria"][1].pop("descriptors"))),
        ("ukendt felt descriptor", '"inddragelse_trin" › descriptors', "feltet mangler"),
    ),
    "dimension_title_in_french": (
        swap(('en = "Citizen involvement" }', 'en = "Citizen involvement", fr = "Participation" }')),
        ("ukendt felt fr",),
    ),
    "id_missing": (swap(('id = "lille_test"\n', "")), ("id", "feltet mangler")),
    "version_missing": (swap(('version = "1.0"\n', "")), ("version", "feltet mangler")),
    "title_missing": (edited(lambda d: d.pop("title")), ("title", "feltet mangler")),
    "scales_missing": (edited(lambda d: d.pop("scales")), ("scales", "feltet mangler")),
    "dimensions_missing": (edited(lambda d: d.pop("dimensions")), ("dimensions", "feltet mangler")),
    "criterion_scale_missing": (
        swap(('scale = "trappe"\n', "")),
        ('"inddragelse_trin" › scale', "feltet mangler"),
    ),
    # Duplicate criteria.
    "criterion_duplicated_with_padding": (
        swap(('key = "tre_perspektiver"', 'key = " borger_effekt "')),
        ("criteria", "borger_effekt"),
    ),
    "criterion_three_times": (
        edited(lambda d: d["criteria"].extend([copy.deepcopy(d["criteria"][0])] * 2)),
        ("criteria", "borger_effekt"),
    ),
    # Levels without descriptors.
    "descriptors_empty": (
        edited(lambda d: d["criteria"][0].update(descriptors={})),
        ('"borger_effekt" › descriptors', "-2, -1, 0, 1, 2"),
    ),
    "ladder_top_level_undescribed": (
        edited(lambda d: d["criteria"][1]["descriptors"].pop("2")),
        ('"inddragelse_trin" › descriptors', "trappe"),
    ),
    # Nesting and size.
    "nested_arrays_of_tables": ("".join(f"[[{'.'.join(['a'] * n)}]]\n" for n in range(1, 40)), ("dybt",)),
    "nested_one_level_too_deep": ("x = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1), ("dybt",)),
    "ten_megabytes": (TEN_MB, (f"fylder {-(-len(TEN_MB) // 1024)} KB", "256 KB")),
    "cap_exceeded_by_one_long_string": (
        swap(('da = "Lille testrubrik"', 'da = "' + "æ" * (MAX_RUBRIC_BYTES // 2) + '"')),
        ("KB", "256 KB"),
    ),
    "question_of_100000_characters": (
        swap(('da = "Hvordan påvirker forslaget borgerne?"', 'da = "' + "x" * 100_000 + '"')),
        ('"borger_effekt" › question › da', "4000"),
    ),
}


def _da_words(case_id: str, place: str) -> tuple[str, ...]:
    """What the Danish refusal of one of the loader's own cases must contain."""
    if place != FILE:
        return (place,)  # places are the file's own field names: the same in every language
    file_level = {
        "toml": "ikke gyldig TOML",
        "nul": "NUL-bytes",
        "latin1": "ikke UTF-8",
        "utf16": "UTF-16",
        "far_too_large": "256 KB",
        "one_byte_too_large": "257 KB",
        "deeply": "dybt",
        "number_with": "cifre",
        "top_unknown_key": "ukendt felt forfatter",
    }
    return tuple(word for prefix, word in file_level.items() if case_id.startswith(prefix))


CASES = [
    pytest.param(param.values[1], _da_words(param.values[0], param.values[2]), id=param.id)
    for param in MALFORMED
] + [pytest.param(content, words, id=case_id) for case_id, (content, words) in EXTRA.items()]


def test_the_corpus_has_at_least_sixty_distinct_files_and_a_word_to_look_for_in_each() -> None:
    contents = {p.values[0] if isinstance(p.values[0], bytes) else p.values[0].encode("utf-8") for p in CASES}
    assert len(contents) >= 60, len(contents)
    assert len({p.id for p in CASES}) == len(CASES)
    assert all(p.values[1] for p in CASES), [p.id for p in CASES if not p.values[1]]


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A migrated database holding one valid rubric, with an administrator to store files."""
    with empty_database(request.param, tmp_path_factory.mktemp("rubrics")) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        try:
            uow = SqlUnitOfWork(engine)
            unit = organisation.register_unit(
                uow, name="Fjordby Kommune", level=UnitLevel.MUNICIPALITY, parent_id=None, actor=SYSTEM
            )
            admin = people.register_person(
                uow, name="Ada Admin", email="ada@fjordby.dk", profession_id=None, actor=SYSTEM
            )
            people.grant_role(
                uow, person_id=admin.id or 0, unit_id=unit.id or 0, role=Role.ADMIN, actor=SYSTEM
            )
            actor = people.actor_for(uow, admin.id or 0)
            organisation.register_rubric(uow, content=UTF8, source_name="lille_test.toml", actor=actor)
            yield engine, uow, actor
        finally:
            engine.dispose()
            if TIMINGS:
                slowest, which = max(TIMINGS)
                print(
                    f"\n[{request.param}] {len(TIMINGS)} refusals, slowest {slowest * 1000:.0f} ms ({which})"
                )
                TIMINGS.clear()


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        rubrics = connection.execute(text("SELECT count(*) FROM rubric_version")).scalar_one()
        events = connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
    return rubrics, events


@pytest.mark.parametrize(("content", "words"), CASES)
def test_a_malformed_file_is_refused_in_danish_naming_the_problem_and_stores_nothing(
    store: tuple[Engine, SqlUnitOfWork, Actor],
    request: pytest.FixtureRequest,
    content: str | bytes,
    words: tuple[str, ...],
) -> None:
    engine, uow, actor = store
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    source = f"{request.node.callspec.id.split('-')[-1]}.toml"
    before = _counts(engine)

    started = time.perf_counter()
    with pytest.raises(RubricError) as caught:
        organisation.register_rubric(uow, content=data, source_name=source, actor=actor)
    elapsed = time.perf_counter() - started
    TIMINGS.append((elapsed, source))

    assert elapsed < TIME_LIMIT, f"refusing {source} took {elapsed:.2f} s"
    danish = DA.message(caught.value)
    assert danish.startswith(f"Filen med vurderingsskemaet {source} kan ikke bruges:"), danish
    assert danish != caught.value.render(), "the refusal is not translated"
    for word in words:
        assert word in danish, f"{word!r} not in:\n{danish}"
    assert _counts(engine) == before


def test_seven_thousand_dimensions_and_stray_criteria_are_refused_quickly_and_briefly(
    store: tuple[Engine, SqlUnitOfWork, Actor],
) -> None:
    # The reported attack: a 209 KB upload (this one is 236 KB) took 23 s, 3.4 GB and gave a
    # 339 MB message, because each stray criterion listed all 7,000 dimension keys and
    # duplicates were found in O(n²).
    engine, uow, actor = store
    content = dimensions_and_stray_criteria(7000).encode()
    assert len(content) <= MAX_RUBRIC_BYTES
    before = _counts(engine)

    tracemalloc.start()
    try:
        started = time.perf_counter()
        with pytest.raises(DomainError) as caught:
            organisation.register_rubric(uow, content=content, source_name="stor.toml", actor=actor)
        elapsed = time.perf_counter() - started
        danish = DA.message(caught.value)
        english = caught.value.render()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert isinstance(caught.value, RubricError)
    # Generous bounds: the machine is shared; the unfixed loader needed 23 s and 3.4 GB.
    assert elapsed < 5.0, f"refusing took {elapsed:.1f} s"
    assert peak < 200 * 1024 * 1024, f"refusing took {peak / 1024 / 1024:.0f} MB"
    for message in (danish, english, str(caught.value)):
        assert len(message) < 5000, f"{len(message)} characters: {message[:300]}…"
    assert f"7000 dimensioner, men et vurderingsskema må højst have {MAX_DIMENSIONS}" in danish, danish
    assert f"7000 kriterier, men et vurderingsskema må højst have {MAX_CRITERIA}" in danish, danish
    assert _counts(engine) == before


def test_the_same_id_and_version_with_other_content_is_refused_and_stores_nothing(
    store: tuple[Engine, SqlUnitOfWork, Actor],
) -> None:
    engine, uow, actor = store
    before = _counts(engine)
    changed = swap(('da = "Borgerne bliver spurgt."', 'da = "Borgerne bliver spurgt først."')).encode()

    with pytest.raises(DomainError) as caught:
        organisation.register_rubric(uow, content=changed, source_name="lille_test.toml", actor=actor)

    assert not isinstance(caught.value, RubricError)
    assert "lille_test" in DA.message(caught.value) and "1.0" in DA.message(caught.value)
    assert _counts(engine) == before


@pytest.fixture
def fuzz_store(tmp_path: Path) -> Iterator[tuple[SqlUnitOfWork, Engine]]:
    """One SQLite database for all the fuzz examples (a fresh one each would make it slow)."""
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        uow = SqlUnitOfWork(engine)
        organisation.register_rubric(uow, content=UTF8, source_name="lille_test.toml", actor=SYSTEM)
        yield uow, engine
    finally:
        engine.dispose()


# The fuzz of the loader itself is in test_rubric_loading.py; this one goes through the store, so
# a file that slips past the loader but breaks the database would show here.
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_a_mangled_valid_file_is_stored_or_refused_with_a_domain_error_and_nothing_else(
    fuzz_store: tuple[SqlUnitOfWork, Engine], data: st.DataObject
) -> None:
    uow, engine = fuzz_store
    start = data.draw(st.integers(0, len(UTF8)))
    end = data.draw(st.integers(start, min(len(UTF8), start + 30)))
    inserted = data.draw(st.binary(max_size=8) | st.text(alphabet='[]{}="#\n\\ -_01æ\x00', max_size=8))
    blob = inserted if isinstance(inserted, bytes) else inserted.encode()
    content = UTF8[:start] + blob + UTF8[end:]
    before = _counts(engine)
    try:
        organisation.register_rubric(uow, content=content, source_name="fuzz.toml", actor=SYSTEM)
    except DomainError as error:
        assert DA.message(error)
        assert _counts(engine) == before
    else:
        assert _counts(engine)[0] in (before[0], before[0] + 1)
