"""Every text a user can meet exists in Danish, and Danish formats are what Danes expect."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract, extract_from_dir

from assessment.kernel.i18n import Translator, catalog, mid_sentence, plural_catalog

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("assessment", "storage", "ui", "screens", "demo", "report")


def _message_ids() -> set[str]:
    found: set[str] = set()
    for folder in SOURCES:
        if not (ROOT / folder).exists():
            continue
        for _filename, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
        ):
            if isinstance(message, str):
                found.add(message)
    with (ROOT / "app.py").open("rb") as file:
        for _line, message, _comments, _context in extract("python", file, keywords={"_": None}):
            if isinstance(message, str):
                found.add(message)
    return found


MESSAGE_IDS = sorted(_message_ids())


def _plural_ids() -> set[tuple[str, str]]:
    """(singular, plural) of every ``_.plural(singular, plural, count, ...)`` in the code."""
    found: set[tuple[str, str]] = set()
    for folder in SOURCES:
        if (ROOT / folder).exists():
            for _filename, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords={"plural": (1, 2)}
            ):
                if isinstance(message, tuple) and all(isinstance(part, str) for part in message):
                    found.add((message[0], message[1]))
    return found


PLURAL_IDS = sorted(_plural_ids())


def test_plural_texts_are_found_in_the_code():
    assert ("{count} rater", "{count} raters") in PLURAL_IDS


@pytest.mark.parametrize(("singular", "plural"), PLURAL_IDS)
def test_every_plural_text_has_both_danish_forms_with_their_placeholders(singular, plural):
    forms = plural_catalog("da").get(singular)
    assert forms is not None and len(forms) == 2, f"missing Danish plural forms for: {singular!r}"

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert fields(forms[0]) == fields(singular) and fields(forms[1]) == fields(plural)


@pytest.mark.parametrize(("count", "expected"), [(0, "0 dilemmaer"), (1, "1 dilemma"), (2, "2 dilemmaer")])
def test_one_thing_is_singular_and_every_other_number_plural(count, expected):
    danish = Translator("da").plural(
        "{count} dilemma is not yet handled.", "{count} dilemmas are not yet handled.", count
    )
    assert danish.startswith(expected + " ")
    english = Translator("en").plural("{count} rater", "{count} raters", count)
    assert english == f"{count} rater" + ("" if count == 1 else "s")


def test_texts_are_found_in_the_code():
    assert len(MESSAGE_IDS) > 50


@pytest.mark.parametrize("message_id", MESSAGE_IDS)
def test_every_text_has_a_danish_translation(message_id):
    assert catalog("da").get(message_id), f"missing Danish for: {message_id!r} (run `make messages`)"


@pytest.mark.parametrize("message_id", MESSAGE_IDS)
def test_a_translation_keeps_the_placeholders(message_id):
    danish = catalog("da").get(message_id, message_id)
    fields = {name for _, name, _, _ in string.Formatter().parse(message_id) if name}
    assert {name for _, name, _, _ in string.Formatter().parse(danish) if name} == fields


def test_danish_numbers_use_a_decimal_comma():
    assert Translator("da").number(1.8) == "1,8"
    assert Translator("en").number(1.8) == "1.8"
    assert Translator("da").number(1234.5) == "1.234,5"


def test_danish_dates_are_day_month_year_with_dots():
    assert Translator("da").date(date(2026, 11, 27)) == "27.11.2026"


def test_times_are_shown_on_the_danish_clock():
    # 13:05 UTC is 14:05 in Copenhagen in November.
    assert Translator("da").datetime(datetime(2026, 11, 27, 13, 5, tzinfo=UTC)) == "27.11.2026 kl. 14:05"


def test_an_unknown_language_falls_back_to_danish():
    assert Translator("xx").language == "da"


def test_no_text_is_translated_inside_an_f_string():
    # The message extractor cannot see into f-strings, so such a text would never be translated.
    inside_f_string = re.compile(r"""\bf(["'])[^\n]*?\{_\(\s*["']""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if inside_f_string.search(line)
    ]
    assert not offenders


def test_dates_inside_a_message_are_shown_the_danish_way():
    from assessment.kernel.errors import StaleEdit

    error = StaleEdit(
        "Changed by {name} at {time}.", name="Anne", time=datetime(2026, 11, 27, 13, 5, tzinfo=UTC)
    )
    assert Translator("da").message(error) == "Changed by Anne at 27.11.2026 kl. 14:05."


@pytest.mark.parametrize(
    ("name", "after_a_comma"),
    [
        ("Sygeplejerske", "sygeplejerske"),
        ("SSA", "SSA"),
        ("AMR", "AMR"),
        ("Æ", "Æ"),
        ("Ældrerådet", "ældrerådet"),
        ("", ""),
    ],
)
def test_a_name_after_a_comma_is_lowercased_unless_it_is_an_abbreviation(name, after_a_comma):
    assert mid_sentence(name) == after_a_comma
