"""TOML syntax errors in words a rubric author can act on.

:mod:`tomllib` reports a slip in English ("Illegal character '\\n'" for a text whose closing quotation
mark is missing). Each of its messages is matched here and said again as a translatable sentence
naming the line and column; an unknown message gets a general sentence, never the English.
"""

from __future__ import annotations

import ast
import re
import tomllib

from assessment.kernel.errors import N_, Message

# tomllib's messages (Python 3.11 to 3.13) end in "(at line L, column C)" or "(at end of document)".
_TOML_AT = re.compile(
    r"(?s)(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)"
)
_UNCLOSED_QUOTE = N_('a quotation mark (") is missing at the end of the text on this line')
_UNCLOSED_APOSTROPHE = N_("an apostrophe (') is missing at the end of the text on this line")
_LONE_CR = N_("the lines of the file end in CR alone (an old Mac format); save it with ordinary line ends")
_GIVEN_TWICE = N_(
    "a name is given a value a second time in the same table; each name may have one value only"
)
_NAME_GIVEN_TWICE = N_(
    "the name {key} is given a value a second time in the same table; each name may have one value only"
)
_KEY_VALUE = re.compile(r"\s*(?P<key>[A-Za-z0-9_.\- ]+?)\s*=")
# Each of tomllib's messages, as a pattern, and what it means to a rubric author. The named groups
# are the message's parameters, Python values as tomllib wrote them with repr().
_TOML_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message_id)
    for pattern, message_id in (
        (r"Illegal character '\\n'", _UNCLOSED_QUOTE),
        (r"Found invalid character '\\n'|Expected \"'\"", _UNCLOSED_APOSTROPHE),
        (
            r"(?:Illegal|Found invalid) character (?P<code>.+)",
            N_("the text holds an invisible control character ({code}), which is not allowed; delete it"),
        ),
        ("Unterminated string", N_('a text is never closed: its closing quotation mark (") is missing')),
        (r"Expected (?P<quote>\"'''\")", N_("a text is never closed: {quote} is missing at its end")),
        (
            "Cannot declare (?P<table>.+) twice",
            N_("the table [{table}] is written twice; write it once, with all its fields under one heading"),
        ),
        ("Cannot overwrite a value", _GIVEN_TWICE),
        (r"Expected '\]' at the end of a table declaration", N_("the heading is not closed: ] is missing")),
        (
            r"Expected '\]\]' at the end of an array declaration",
            N_("the heading is not closed: ]] is missing"),
        ),
        (
            "Cannot mutate immutable namespace (?P<table>.+)",
            N_(
                "{table} is written in full on one line and cannot be added to further down; write it in one place"
            ),
        ),
        (
            "Cannot redefine namespace (?P<table>.+)",
            N_("the table {table} has a heading of its own and cannot also be written with dots in a name"),
        ),
        (
            "Expected '=' after a key in a key/value pair",
            N_("an equals sign (=) is missing between the name and its value"),
        ),
        (
            "Invalid initial character for a key part",
            N_("a name is expected here (letters a-z, digits, _ and -); is there a comma too many?"),
        ),
        ("Invalid statement", N_("the line does not start with a name, a [heading] or a comment (#)")),
        (
            "Expected newline or end of document after a statement",
            N_("there is more on the line after the value; write each name = value on a line of its own"),
        ),
        (
            "Unclosed array",
            N_("a list in [ ] is not closed with ], or a comma is missing between two of its entries"),
        ),
        ("Duplicate inline table key (?P<key>.+)", N_("the name {key} is used twice in the same table")),
        (
            "Unclosed inline table",
            N_(
                "a table on one line is not closed with a curly bracket, or a comma is missing between its fields"
            ),
        ),
        (r"Unescaped '\\' in a string", N_(r"a backslash (\) in a text must be written twice (\\)")),
        (
            "Invalid hex value|Escaped character is not a Unicode scalar value",
            N_(r"a character code (\u or \U) in a text is not valid"),
        ),
        ("Invalid date or datetime", N_("a date or time cannot be read; write text in quotation marks")),
        (
            "Invalid value",
            N_(
                'the value cannot be read: write text in quotation marks ("…"), and numbers, true and false without'
            ),
        ),
    )
)


def toml_problem(error: tomllib.TOMLDecodeError, text: str) -> Message:
    """tomllib's English message said as a sentence a rubric author can act on, with line and column.

    An unknown message (a newer Python) gets a general sentence: its English is never shown.
    """
    found = _TOML_AT.fullmatch(str(error))
    what = found["what"] if found else str(error)
    explanation, params = N_("check the characters at this place"), {}
    for pattern, message_id in _TOML_MESSAGES:
        if matched := pattern.fullmatch(what):
            explanation = message_id
            params = {name: _python_value(value) for name, value in matched.groupdict().items()}
            break
    if "code" in params:
        params["code"] = ", ".join(f"U+{ord(char):04X}" for char in params["code"])
    if what in ("Found invalid character '\\r'", "Illegal character '\\r'") and "\n" not in text:
        explanation = _LONE_CR
    if not found:
        return Message(N_("the file is not valid TOML: {detail}"), {"detail": Message(explanation, params)})
    if found["line"] is not None:
        line, column = int(found["line"]), int(found["column"])
        written = _KEY_VALUE.match(text.splitlines()[line - 1] if line <= text.count("\n") + 1 else "")
        if explanation == _GIVEN_TWICE and written:
            explanation, params = _NAME_GIVEN_TWICE, {"key": written["key"]}
    else:
        # At the end of the file. An unclosed text in apostrophes begins at the last one.
        quote = params.get("quote", "'" if explanation == _UNCLOSED_APOSTROPHE else "")
        start = text.rfind(quote) if quote else -1
        if start < 0:
            return Message(
                N_("the file is not valid TOML at its end (line {line}): {explanation}"),
                {"line": text.count("\n") + 1, "explanation": Message(explanation, params)},
            )
        line, column = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    return Message(
        N_("the file is not valid TOML at line {line}, column {column}: {explanation}"),
        {"line": line, "column": column, "explanation": Message(explanation, params)},
    )


def _python_value(written: str | None) -> str:
    """A value tomllib wrote with repr(): the key ('scales', 'trappe') as scales.trappe, a text as its
    characters."""
    try:
        value = ast.literal_eval(written or "")
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return written or ""
    return ".".join(map(str, value)) if isinstance(value, tuple) else str(value)
