"""Every refusal of an uploaded rubric is Danish a non-programmer can act on, and says where (issue 16).

The TOML reader (tomllib) and the field checks (pydantic) speak English of their own: "Illegal character
'\\n'" for a text whose quotation mark is missing, "'a', 'b' or 'c'" inside a Danish sentence, "Input
should be ...". Each hostile or malformed upload below is refused; the Danish refusal must hold none of
their English, must name the line (a syntax slip) or the field (a wrong value), and must say what it
says in the table. The upload field's own checks (a wrong type, a file too large) are here too.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from assessment.kernel.i18n import Translator
from assessment.kernel.rubric_loading import (
    MAX_PROBLEMS_SHOWN,
    MAX_RUBRIC_BYTES,
    RubricError,
    parse_rubric,
    upload_refusal,
)
from tests.assessment.kernel.test_rubric_loading import VALID_DATA, VALID_RUBRIC, dump_toml, swap

DA = Translator("da")
# English that tomllib or pydantic would let through. " or " is pydantic's list of allowed values.
ENGLISH = re.compile(
    r"Illegal|Expected|Input should|\bshould\b|\bcharacter\b|\bInvalid\b|Cannot|Unclosed|Unterminated"
    r"|Found|\bvalue\b|\bat line\b|\bcolumn\b|\bitems?\b|\bentries\b| or |\bexpected\b|\bmust\b",
)
C1 = 'criteria #1 "borger_effekt"'
C3 = 'criteria #3 "tre_perspektiver"'
LAST_LINE = VALID_RUBRIC.count("\n") + 1  # the line after the valid rubric's last newline


def edited(edit: Any) -> str:
    data = copy.deepcopy(VALID_DATA)
    edit(data)
    return dump_toml(data)


def line(number: int) -> str:
    return f"linje {number},"


# case id → (file content, what the Danish refusal must say: the line or the field, and the words).
SYNTAX: dict[str, tuple[str, tuple[str, ...]]] = {
    "unclosed_string": (
        swap(('version = "1.0"', 'version = "1.0')),
        (line(4), 'der mangler et anførselstegn (") til sidst i teksten på denne linje'),
    ),
    "unclosed_string_with_windows_line_ends": (
        swap(('version = "1.0"', 'version = "1.0')).replace("\n", "\r\n"),
        (line(4), "der mangler et anførselstegn"),
    ),
    "unclosed_string_on_the_last_line": (
        VALID_RUBRIC + 'note = "ingen slutning',
        (f"ved sin slutning (linje {LAST_LINE})", "anførselstegn"),
    ),
    "unclosed_literal_string": (
        swap(('version = "1.0"', "version = '1.0")),
        (line(4), "der mangler en apostrof (') til sidst i teksten"),
    ),
    "unclosed_literal_string_nothing_after": (
        # No apostrophe follows the opening one: tomllib reports the end of the file, not the line.
        VALID_RUBRIC + "note = 'ingen slutning\n",
        (line(LAST_LINE), "der mangler en apostrof (') til sidst i teksten"),
    ),
    "value_twice": (
        swap(('id = "lille_test"\n', 'id = "lille_test"\nid = "igen"\n')),
        (line(4), "navnet »id« får en værdi for anden gang i samme tabel"),
    ),
    "table_twice": (
        VALID_RUBRIC + '\n[scales.trappe]\nkind = "ladder"\n',
        (line(LAST_LINE + 1), "tabellen [scales.trappe] står to gange"),
    ),
    "array_heading_not_closed": (
        swap(('[[dimensions]]\nkey = "kerneopgave"', '[[dimensions]\nkey = "kerneopgave"')),
        (line(41), "overskriften er ikke lukket: der mangler ]] til sidst"),
    ),
    "table_heading_not_closed": (
        swap(("[scales.trappe]", "[scales.trappe")),
        (line(32), "overskriften er ikke lukket: der mangler ] til sidst"),
    ),
    "text_without_quotes": (
        swap(('id = "lille_test"', "id = lille_test")),
        (line(3), "skriv tekst i anførselstegn"),
    ),
    "equals_sign_missing": (swap(('id = "lille_test"', 'id "lille_test"')), (line(3), "lighedstegn (=)")),
    "comma_too_many_in_a_table": (
        swap(('en = "Small test rubric" }', 'en = "Small test rubric", }')),
        (line(5), "et komma for meget"),
    ),
    "comma_missing_in_a_list": (
        swap(
            (
                '{ value = 0, label = { da = "Informeret", en = "Informed" } },',
                '{ value = 0, label = { da = "Informeret", en = "Informed" } }',
            )
        ),
        (line(37), "der mangler et komma"),  # tomllib stops at the next entry
    ),
    "same_name_twice_in_a_line": (
        swap(('en = "Small test rubric" }', 'en = "Small test rubric", da = "Igen" }')),
        (line(5), "navnet »da« bruges to gange i samme tabel"),
    ),
    "backslash_not_doubled": (
        swap(('label = { da = "Neutral"', 'label = { da = "Neutral \\q"')),
        (line(22), "omvendt skråstreg"),
    ),
    "control_character": (
        swap(('da = "Lille testrubrik"', 'da = "Lille\x07testrubrik"')),
        (line(5), "usynligt styretegn (U+0007)"),
    ),
    "old_mac_line_ends": (VALID_RUBRIC.replace("\n", "\r"), (line(1), "gammelt Mac-format")),
    "more_after_the_value": (
        swap(('id = "lille_test"', 'id = "lille_test" "igen"')),
        (line(3), "sin egen linje"),
    ),
    "json_instead_of_toml": ('{"schema_version": 1}', (line(1), "linjen begynder hverken med et navn")),
    "yaml_instead_of_toml": ("schema_version: 1\n", (line(1), "lighedstegn")),
    "bad_character_code": (swap(('da = "Lille testrubrik"', 'da = "Lille \\u12"')), (line(5), "tegnkode")),
    "bad_date": (swap(('version = "1.0"', "version = 2024-13-01")), (line(4), "sin egen linje")),
    "inline_table_added_to": (
        swap(('description = { da = "En rubrik', 'title.extra = "x"\ndescription = { da = "En rubrik')),
        (line(6), "»title« er skrevet helt færdig på én linje"),
    ),
}

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "weight_nan": (swap(("weight = 2\n", "weight = nan\n")), (f"{C1} › weight", "er ikke et tal")),
    "weight_inf": (swap(("weight = 2\n", "weight = inf\n")), (f"{C1} › weight", "er ikke et tal")),
    "weight_minus_inf": (swap(("weight = 2\n", "weight = -inf\n")), (f"{C1} › weight", "er ikke et tal")),
    "weight_11": (
        swap(("weight = 2\n", "weight = 11\n")),
        (f"{C1} › weight", "skal være et tal på højst 10"),
    ),
    "scale_kind_unknown": (
        swap(('kind = "ladder"', 'kind = "likert"')),
        (
            "scales › trappe › kind",
            "»likert« er ikke en af de tilladte værdier; brug en af: bipolar, ordinal, ladder",
        ),
    ),
    "facets_unknown": (
        swap(('facets = "perspective"', 'facets = "perspektiv"')),
        (f"{C3} › facets", "brug en af: profession, perspective, own_profession"),
    ),
    "facets_as_number": (
        swap(('facets = "perspective"', "facets = 1")),
        (f"{C3} › facets", "skal være en af: profession, perspective, own_profession"),
    ),
    "role_unknown": (
        swap(('key = "borger_effekt"\n', 'key = "borger_effekt"\nrole = "borgereffekt"\n')),
        (f"{C1} › role", "brug en af: citizen_effect, society_value"),
    ),
    "dimension_not_a_table": (
        edited(lambda d: d.update(dimensions=[1])),
        ("dimensions #1", "skal være en tabel"),
    ),
    "scale_levels_all_broken": (
        edited(lambda d: d["scales"]["trappe"].update(levels=[1, 2, 3])),
        ("scales › trappe › levels #1", "skal være en tabel"),
    ),
    "no_scales": (
        edited(lambda d: d.update(scales={})),
        ("scales", "vurderingsskemaet skal have mindst én skala"),
    ),
    "no_dimensions": (
        edited(lambda d: d.update(dimensions=[])),
        ("dimensions", "vurderingsskemaet skal have mindst én dimension"),
    ),
    "no_criteria": (
        edited(lambda d: d.update(criteria=[])),
        ("criteria", "vurderingsskemaet skal have mindst ét kriterium"),
    ),
    "one_level": (
        edited(lambda d: d["scales"]["trappe"].update(levels=d["scales"]["trappe"]["levels"][:1])),
        ("scales › trappe › levels", "en skala skal have mindst 2 niveauer"),
    ),
    "version_as_number": (swap(('version = "1.0"', "version = 1.0")), ("version", "anførselstegn")),
    "schema_version_as_text": (
        swap(("schema_version = 1", 'schema_version = "1"')),
        ("schema_version", "helt tal"),
    ),
    "aggregate_as_text": (
        swap(("aggregate = false", 'aggregate = "nej"')),
        ('criteria #2 "inddragelse_trin" › aggregate', "true eller false"),
    ),
}


def danish_refusal(content: str | bytes) -> str:
    with pytest.raises(RubricError) as caught:
        parse_rubric(content, "upload.toml")
    return DA.message(caught.value)


def assert_plain_danish(text: str) -> None:
    # Field paths are the file's own names (criteria, scales, facets …); everything else is Danish.
    words = re.sub(
        r"^- [^:\n]*› [^:\n]*:|^- (scales|dimensions|criteria|dimensions #\d+|version|schema_version):",
        "",
        text,
        flags=re.M,
    )
    english = ENGLISH.findall(words.replace("upload.toml", ""))
    assert not english, f"English {english} in:\n{text}"


@pytest.mark.parametrize(("content", "says"), [pytest.param(*v, id=k) for k, v in SYNTAX.items()])
def test_a_toml_slip_is_explained_in_danish_with_its_line_and_column(
    content: str, says: tuple[str, ...]
) -> None:
    danish = danish_refusal(content)

    assert_plain_danish(danish)
    assert re.search(
        r"filen er ikke gyldig TOML (i linje \d+, kolonne \d+|ved sin slutning \(linje \d+\)):", danish
    ), danish
    for words in says:
        assert words in danish, f"{words!r} not in:\n{danish}"


@pytest.mark.parametrize(("content", "says"), [pytest.param(*v, id=k) for k, v in FIELDS.items()])
def test_a_wrong_value_is_explained_in_danish_at_its_field(content: str, says: tuple[str, ...]) -> None:
    danish = danish_refusal(content)

    assert_plain_danish(danish)
    place, *words = says
    lines = [line for line in danish.splitlines() if line.startswith(f"- {place}")]
    assert lines, f"no problem at {place!r} in:\n{danish}"
    for word in words:
        assert any(word in line for line in lines), f"{word!r} not at {place!r} in:\n{danish}"


def test_a_list_of_broken_entries_is_not_also_called_too_short() -> None:
    # pydantic counts the entries left after validation: one broken dimension was "at least 1, not 0".
    danish = danish_refusal(edited(lambda d: d.update(dimensions=[1])))

    assert "mindst" not in danish, danish
    assert "elementer" not in danish, danish


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [(1, "vurderingsskemaet skal have mindst én skala"), (2, "en skala skal have mindst 2 niveauer")],
)
def test_a_count_is_said_in_grammatical_danish(minimum: int, expected: str) -> None:
    content = (
        edited(lambda d: d.update(scales={}))
        if minimum == 1
        else edited(lambda d: d["scales"]["trappe"].update(levels=d["scales"]["trappe"]["levels"][:1]))
    )
    danish = danish_refusal(content)

    assert expected in danish
    assert not re.search(r"\b1 (elementer|niveauer|skalaer)\b", danish), danish


def test_an_unknown_tomllib_message_gets_a_general_danish_sentence_with_its_line() -> None:
    import tomllib

    from assessment.kernel.toml_errors import toml_problem

    error = tomllib.TOMLDecodeError("Something new went wrong (at line 7, column 3)")
    danish = toml_problem(error, "x = 1\n" * 10).render(DA.gettext)

    assert danish == "filen er ikke gyldig TOML i linje 7, kolonne 3: tjek tegnene på dette sted"


def test_many_problems_are_all_danish() -> None:
    content = edited(
        lambda d: d.update(criteria=[{"dimension": "u", "weight": float("nan"), "facets": 3}] * 30)
    )
    danish = danish_refusal(content)

    assert_plain_danish(danish)
    assert danish.count("\n- ") == MAX_PROBLEMS_SHOWN + 1  # and one line counting the rest
    assert "er ikke et tal" in danish


# The upload field's own checks: any file is accepted by the field, then refused here in Danish.
UPLOADS = [
    pytest.param("skema.pdf", 1000, ("»skema.pdf«", "navn ender på .toml"), id="pdf"),
    pytest.param("skema", 1000, ("»skema«", "navn ender på .toml"), id="no_suffix"),
    pytest.param("skema.toml.txt", 1000, ("har sat .txt på navnet", "Omdøb filen"), id="notepad_txt"),
    pytest.param("skema.docx", 10**9, ("navn ender på .toml",), id="wrong_type_before_size"),
    pytest.param(
        "skema.toml",
        MAX_RUBRIC_BYTES + 1,
        ("»skema.toml« fylder 257 KB", "højst fylde 256 KB"),
        id="one_byte_too_large",
    ),
    pytest.param(
        "stort.toml", 1_900_000, ("fylder 1856 KB", "højst fylde 256 KB"), id="under_the_server_bound"
    ),
]


@pytest.mark.parametrize(("name", "size", "says"), UPLOADS)
def test_a_wrong_type_or_size_is_refused_in_danish_stating_the_rule(
    name: str, size: int, says: tuple[str, ...]
) -> None:
    refusal = upload_refusal(name, size)

    assert refusal is not None
    danish = DA.message(refusal)
    assert danish != refusal.render(), "the refusal is not translated"
    assert_plain_danish(danish.replace(name, ""))
    for words in says:
        assert words in danish, f"{words!r} not in {danish!r}"


@pytest.mark.parametrize("name", ["kort.toml", "KORT.TOML", "mit skema v2.toml"])
def test_a_toml_file_within_the_limit_is_let_through(name: str) -> None:
    assert upload_refusal(name, MAX_RUBRIC_BYTES) is None
