"""Loading a rubric file: every problem found at once, each where the author can find it.

The loader reads TOML, checks sizes and nesting before anything else, validates the fields with
the models in :mod:`assessment.kernel.rubric`, checks what spans sections (keys and roles unique,
references defined, every level described), and says each problem in words a rubric author can
act on, in Danish or English.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessment.kernel.errors import N_, DomainError, FormatValue, InvalidInput, Message, Translate
from assessment.kernel.rubric import (
    FORMAT_2,
    LEVEL_KEY,
    BaselineRule,
    FacetKind,
    Rubric,
    Scale,
    ScaleKind,
    Scope,
)
from assessment.kernel.toml_errors import toml_problem

MAX_RUBRIC_BYTES = 256 * 1024
MAX_NESTING = 12
# Five to ten times what the shipped rubrics use (4 scales, 5 dimensions, 20 criteria), and more
# than a panel can score in one sitting. The caps are checked before anything else is validated, so a
# file that fits in MAX_RUBRIC_BYTES cannot make the loader build thousands of models and errors.
MAX_SCALES = 20
MAX_DIMENSIONS = 50
MAX_CRITERIA = 200
# What one refusal shows: enough to fix a file in a few rounds, short enough to read, and bounded
# whatever the file holds.
MAX_PROBLEMS_SHOWN = 20
MAX_KEYS_LISTED = 10


class RubricProblem:
    """One thing wrong in a rubric file: where it is and what was expected."""

    def __init__(self, place: str, message: Message) -> None:
        self.place = place
        self.message = message

    def render(self, translate: Translate | None = None, format_value: FormatValue | None = None) -> str:
        text = self.message.render(translate, format_value)
        return f"{self.place}: {text}" if self.place else text

    def __repr__(self) -> str:
        return f"RubricProblem({self.render()!r})"


class RubricError(DomainError):
    """A rubric file could not be used; ``problems`` lists the reasons.

    At most :data:`MAX_PROBLEMS_SHOWN` are kept, followed by one that counts the rest: a
    generated file can hold thousands, and every place that shows ``problems`` gets the cap.
    ``unshown`` counts problems that were found but never put into words, since they would not
    be shown anyway.
    """

    def __init__(self, source: str, problems: list[RubricProblem], unshown: int = 0) -> None:
        self.source = source
        self.problems = problems[:MAX_PROBLEMS_SHOWN]
        if more := len(problems) - len(self.problems) + unshown:
            self.problems.append(
                RubricProblem("", Message(N_("… and {count} more problems"), {"count": more}))
            )
        super().__init__(
            N_("The rubric file {source} cannot be used: {problems}"),
            source=source,
            problems="; ".join(p.render() for p in self.problems),
        )

    def render(self, translate: Translate | None = None, format_value: FormatValue | None = None) -> str:
        heading = Message(N_("The rubric file {source} cannot be used:"), {"source": self.source})
        return "\n".join(
            [heading.render(translate, format_value)]
            + ["- " + problem.render(translate, format_value) for problem in self.problems]
        )


def _listed(keys: Iterable[str]) -> str | Message:
    """The first keys an author may use: every problem naming a wrong key repeats this list."""
    ordered = sorted(keys)
    shown = ", ".join(ordered[:MAX_KEYS_LISTED])
    if len(ordered) <= MAX_KEYS_LISTED:
        return shown
    return Message(N_("{keys} and {count} more"), {"keys": shown, "count": len(ordered) - MAX_KEYS_LISTED})


def _size_problems(data: dict[str, Any]) -> list[RubricProblem]:
    """The upper limits on scales, dimensions and criteria; a wrong type is left to the field checks."""
    limits = (
        ("scales", dict, MAX_SCALES, N_("{count} scales, but a rubric may have at most {limit}")),
        ("dimensions", list, MAX_DIMENSIONS, N_("{count} dimensions, but a rubric may have at most {limit}")),
        ("criteria", list, MAX_CRITERIA, N_("{count} criteria, but a rubric may have at most {limit}")),
    )
    return [
        RubricProblem(section, Message(message_id, {"count": len(value), "limit": limit}))
        for section, kind, limit, message_id in limits
        if isinstance(value := data.get(section), kind) and len(value) > limit
    ]


# The fields format 1 does not have, each with what to write instead.
NEW_IN_FORMAT_2 = {
    "scope": N_(
        "the field scope is new in format 2; write schema_version = 2 at the top of the file to use it"
    ),
    "baseline": N_(
        "the field baseline is new in format 2; write schema_version = 2 at the top of the file to use it"
    ),
    "facets": N_(
        'facets = "own_profession" is new in format 2; write schema_version = 2 at the top of the file '
        'to use it, or use facets = "profession"'
    ),
}


def _format_2_problems(
    place: str, criterion: dict[str, Any], schema_version: Any, scale: Scale | None
) -> list[RubricProblem]:
    """A criterion's scope, baseline rule and own-profession facets: allowed where they make sense.

    Values that are not one of the allowed words are left to the field checks.
    """
    scope, baseline, facets = (criterion.get(name) for name in ("scope", "baseline", "facets"))
    written = {
        "scope": scope is not None,
        "baseline": baseline is not None,
        "facets": facets == FacetKind.OWN_PROFESSION.value,
    }
    if schema_version == 1 and not isinstance(schema_version, bool):
        return [
            RubricProblem(f"{place} › {name}", Message(NEW_IN_FORMAT_2[name], {}))
            for name, used in written.items()
            if used
        ]
    if schema_version != FORMAT_2 or isinstance(schema_version, bool):
        return []  # an unknown format is reported by the field checks
    problems = []
    if scope == Scope.PROPOSAL.value and facets is not None:
        problems.append(
            RubricProblem(
                f"{place} › facets",
                Message(
                    N_(
                        'a criterion answered once per proposal (scope = "proposal") has no facets; '
                        "remove facets, or make it a criterion per option"
                    ),
                    {},
                ),
            )
        )
    if scope == Scope.PROPOSAL.value and baseline is not None:
        problems.append(
            RubricProblem(
                f"{place} › baseline",
                Message(
                    N_(
                        'a criterion answered once per proposal (scope = "proposal") is not asked per option, '
                        "so it has no baseline rule; remove baseline"
                    ),
                    {},
                ),
            )
        )
    if (
        baseline == BaselineRule.NO_DIFFERENCE.value
        and scale is not None
        and scale.kind is not ScaleKind.BIPOLAR
    ):
        problems.append(
            RubricProblem(
                f"{place} › baseline",
                Message(
                    N_(
                        'baseline = "no_difference" fixes the value at 0, "no difference", which only a bipolar '
                        'scale has; the scale {scale} is {kind}: write baseline = "skip" or "ask"'
                    ),
                    {"scale": criterion.get("scale"), "kind": scale.kind.value},
                ),
            )
        )
    return problems


ROLE_GIVEN_TWICE = {
    "criteria": N_("the role {role} is given to more than one criterion; give each role to one at most"),
    "dimensions": N_("the role {role} is given to more than one dimension; give each role to one at most"),
}


def _reference_problems(data: dict[str, Any]) -> list[RubricProblem]:
    """Checks that span sections: keys unique, references defined, every level described.

    They read the raw TOML, so they run even when a field is wrong elsewhere; anything
    malformed is skipped here because the field checks already report it.
    """
    problems: list[RubricProblem] = []

    def add(place: str, message_id: str, **params: Any) -> None:
        problems.append(RubricProblem(place, Message(message_id, params)))

    def tables(value: Any) -> list[Any]:
        return value if isinstance(value, list) else []

    def text(table: Any, field: str) -> str | None:
        value = table.get(field) if isinstance(table, dict) else None
        return value.strip() if isinstance(value, str) else None

    dimensions, criteria = tables(data.get("dimensions")), tables(data.get("criteria"))
    for section, items in (("dimensions", dimensions), ("criteria", criteria)):
        counts = Counter(key for key in (text(item, "key") for item in items) if key is not None)
        for key in sorted(k for k, n in counts.items() if n > 1):
            add(section, N_("the key {key} is used more than once; every key must be unique"), key=key)
        roles = Counter(role for role in (text(item, "role") for item in items) if role is not None)
        for role in sorted(r for r, n in roles.items() if n > 1):
            add(section, ROLE_GIVEN_TWICE[section], role=role)

    raw_scales = data.get("scales")
    scales: dict[str, Scale | None] = {}
    for name, raw in raw_scales.items() if isinstance(raw_scales, dict) else ():
        try:
            scales[name] = Scale.model_validate(raw)
        except ValidationError:
            scales[name] = None  # reported by the field checks
    dimension_keys = {key for key in (text(d, "key") for d in dimensions) if key is not None}
    for position, criterion in enumerate(criteria, start=1):
        if not isinstance(criterion, dict):
            continue
        criterion_key = text(criterion, "key")
        place = f"criteria #{position}" + (f' "{criterion_key}"' if criterion_key else "")
        dimension = text(criterion, "dimension")
        if dimension is not None and dimension_keys and dimension not in dimension_keys:
            add(
                f"{place} › dimension",
                N_("the dimension {value} is not defined; use one of: {allowed}"),
                value=dimension,
                allowed=_listed(dimension_keys),
            )
        scale_key = text(criterion, "scale")
        problems += _format_2_problems(
            place, criterion, data.get("schema_version"), scales.get(scale_key or "")
        )
        if scale_key is None or not scales:
            continue
        if scale_key not in scales:
            add(
                f"{place} › scale",
                N_("the scale {value} is not defined; use one of: {allowed}"),
                value=scale_key,
                allowed=_listed(scales),
            )
            continue
        scale = scales[scale_key]
        if scale is None:
            continue
        descriptors = criterion.get("descriptors")
        if isinstance(descriptors, dict):
            levels = {str(v) for v in scale.values}
            given = {k for k in descriptors if LEVEL_KEY.fullmatch(k)}
            missing = sorted(levels - given, key=int)
            if missing:
                add(
                    f"{place} › descriptors",
                    N_(
                        "these levels have no descriptor: {levels}; each level of the scale {scale} needs one"
                    ),
                    levels=", ".join(missing),
                    scale=scale_key,
                )
            extra = sorted(given - levels, key=int)
            if extra:
                add(
                    f"{place} › descriptors",
                    N_("these levels are not on the scale {scale}: {levels} (its levels are {allowed})"),
                    levels=", ".join(extra),
                    scale=scale_key,
                    allowed=", ".join(map(str, scale.values)),
                )
        if scale.kind is ScaleKind.LADDER and criterion.get("aggregate", True) is True:
            add(
                f"{place} › aggregate",
                N_("a ladder can never be summed into a total; write aggregate = false"),
            )
    used = {text(c, "dimension") for c in criteria}
    for raw_dimension in dimensions:
        dimension_key = text(raw_dimension, "key")
        if criteria and dimension_key is not None and dimension_key not in used:
            add(
                f'dimensions "{dimension_key}"',
                N_("the dimension has no criteria; remove it or give it a criterion"),
            )
    return problems


# Pydantic's own error types, said the way a rubric author needs to hear them.
_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": N_("this field is missing; add it"),
    "extra_forbidden": N_("unknown field; check the spelling"),
    "string_type": N_("expected text in quotes"),
    "string_too_short": N_("the text must not be empty"),
    "string_too_long": N_("the text is too long (at most {max_length} characters)"),
    "string_pattern_mismatch": N_(
        "expected a key of lower-case letters a-z, digits and _ (for example borger_effekt)"
    ),
    "int_type": N_("expected a whole number"),
    "int_parsing": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "float_type": N_("expected a number"),
    "float_parsing": N_("expected a number"),
    "finite_number": N_("is not a number (nan and inf cannot be used); write a number such as 1 or 1.5"),
    "bool_type": N_("expected true or false"),
    "bool_parsing": N_("expected true or false"),
    "greater_than": N_("expected a number greater than {gt}"),
    "greater_than_equal": N_("expected a number of at least {ge}"),
    "less_than": N_("expected a number less than {lt}"),
    "less_than_equal": N_("expected a number of at most {le}"),
    "too_short": N_("too few entries: there must be at least {min_length}"),
    "too_long": N_("too many entries: there may be at most {max_length}"),
    "list_type": N_("expected a list"),
    "tuple_type": N_("expected a list"),
    "dict_type": N_("expected a table"),
    "model_type": N_("expected a table"),
    "model_attributes_type": N_("expected a table"),
    "enum": N_("expected one of: {expected}"),
    "literal_error": N_("expected one of: {expected}"),
}
# Any other type (a newer pydantic may add some): Danish too, never pydantic's English.
OTHER_PYDANTIC_ERROR = N_("this value cannot be used here")
# A list or table too short or too long, said in the rubric's own words where it has them.
_COUNTS: dict[tuple[str, str], str] = {
    ("too_short", "scales"): N_("the rubric needs at least one scale"),
    ("too_short", "dimensions"): N_("the rubric needs at least one dimension"),
    ("too_short", "criteria"): N_("the rubric needs at least one criterion"),
    ("too_short", "levels"): N_("a scale needs at least {min_length} levels"),
    ("too_long", "levels"): N_("a scale may have at most {max_length} levels"),
}


def _pydantic_message(kind: str, loc: tuple[int | str, ...], ctx: dict[str, Any], data: Any) -> str | None:
    """The message id for one of pydantic's errors, with ``ctx`` made ready for it; None to leave
    the error out, because another one already says what is wrong."""
    if kind == "too_short":
        # pydantic counts what is left after validation: a list of one broken entry is "at least 1,
        # not 0" beside the entry's own error. Only a list that is really too short is reported.
        raw = _raw(loc, data)
        if isinstance(raw, list | dict) and len(raw) >= ctx.get("min_length", 0):
            return None
    if loc and isinstance(field := loc[-1], str) and (message_id := _COUNTS.get((kind, field))):
        return message_id
    if kind in ("enum", "literal_error"):
        # pydantic joins the choices in English ("'a', 'b' or 'c'"): list them as they are written.
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if not choices:
            return OTHER_PYDANTIC_ERROR
        ctx["expected"] = ", ".join(choices)
        if isinstance(value := ctx.pop("input", None), str) and 0 < len(value.strip()) <= 40:
            ctx["value"] = value.strip()
            return N_("{value} is not one of the allowed values; use one of: {expected}")
    return _PYDANTIC_MESSAGES.get(kind, OTHER_PYDANTIC_ERROR)


def _raw(loc: tuple[int | str, ...], data: Any) -> Any:
    node = data
    for step in loc:
        node = _child(node, step)
    return node


def _place(loc: tuple[int | str, ...], data: Any) -> str:
    """Turn pydantic's location into words a rubric author can find in the file."""
    parts: list[str] = []
    node = data
    for step in loc:
        if step == "[key]":  # pydantic's marker for "the key itself": the place already names it
            continue
        if isinstance(step, int):
            key = node[step].get("key") if _is_list_of_tables(node, step) else None
            parts[-1:] = [f"{parts[-1]} #{step + 1}" + (f' "{key}"' if isinstance(key, str) else "")]
        else:
            parts.append(f'"{step}"' if _needs_quotes(step) else step)
        node = _child(node, step)
    return " › ".join(parts)


def _is_list_of_tables(node: Any, index: int) -> bool:
    return isinstance(node, list) and 0 <= index < len(node) and isinstance(node[index], dict)


def _needs_quotes(step: str) -> bool:
    return not step.replace("_", "a").isalnum()


def _child(node: Any, step: int | str) -> Any:
    try:
        return node[step]
    except (KeyError, IndexError, TypeError):
        return None


def _problems_from(error: ValidationError, data: Any) -> tuple[list[RubricProblem], int]:
    """The first problems in words, and how many more there are.

    Only the first are ever shown, and putting all of them into words took seconds for a file of
    150 criteria with 200 empty descriptors each (60,000 problems).
    """
    details = error.errors(include_url=False)
    problems: list[RubricProblem] = []
    read = 0
    for detail in details:
        if len(problems) == MAX_PROBLEMS_SHOWN:
            break
        read += 1
        ctx = dict(detail.get("ctx") or {})
        if detail["type"] in ("enum", "literal_error"):
            ctx["input"] = detail.get("input")
        loc = tuple(detail["loc"])
        if detail["type"] == "kernekompas":
            message_id = ctx.pop("message_id")
        else:
            found = _pydantic_message(detail["type"], loc, ctx, data)
            if found is None:
                continue
            message_id = found
            if detail["type"] == "extra_forbidden" and loc:
                # Name the unknown field itself; its place is the table that holds it.
                unknown, loc = loc[-1], loc[:-1]
                message_id = N_("unknown field {field}; check the spelling")
                ctx = {"field": unknown}
        # model_validator errors sit on the model, with the place inside the message.
        problems.append(RubricProblem(_place(loc, data), Message(message_id, ctx)))
    return problems, len(details) - read


def _nesting_depth(value: Any, depth: int = 0) -> int:
    if depth > MAX_NESTING:
        return depth
    if isinstance(value, dict):
        return max((_nesting_depth(v, depth + 1) for v in value.values()), default=depth + 1)
    if isinstance(value, list):
        return max((_nesting_depth(v, depth + 1) for v in value), default=depth + 1)
    return depth


def upload_refusal(name: str, size: int) -> InvalidInput | None:
    """Why an uploaded file cannot be a rubric, judged by its name and size alone; None if it may be.

    The upload field accepts any file, so that these refusals are the app's own, in the reader's
    language (the browser's would be in English and hidden behind an icon).
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".txt" and Path(name[: -len(suffix)]).suffix.lower() == ".toml":
        return InvalidInput(
            N_(
                "The file {name} cannot be used: the program that saved it added .txt to its name. "
                "Rename the file so that its name ends in .toml, and upload it again."
            ),
            name=name,
        )
    if suffix != ".toml":
        return InvalidInput(
            N_(
                "The file {name} cannot be used: a rubric is a text file whose name ends in .toml. "
                "Choose the rubric file instead."
            ),
            name=name,
        )
    if size > MAX_RUBRIC_BYTES:
        return InvalidInput(
            N_(
                "The file {name} is {size} KB; a rubric file may be at most {limit} KB. "
                "A rubric is usually a few KB: check that you chose the right file."
            ),
            name=name,
            size=-(-size // 1024),
            limit=MAX_RUBRIC_BYTES // 1024,
        )
    return None


def parse_rubric(content: bytes | str, source: str = "rubric.toml") -> Rubric:
    """Validate the text of a rubric file; raise :class:`RubricError` with every problem."""

    def fail(message_id: str, **params: Any) -> RubricError:
        return RubricError(source, [RubricProblem("", Message(message_id, params))])

    if isinstance(content, str):
        content = content.encode("utf-8", errors="surrogatepass")
    if len(content) > MAX_RUBRIC_BYTES:
        raise fail(
            N_("the file is {size} KB; a rubric may be at most {limit} KB"),
            size=-(-len(content) // 1024),  # rounded up: 256 KB + 1 byte is 257 KB
            limit=MAX_RUBRIC_BYTES // 1024,
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(N_("the file is saved as UTF-16; save it as UTF-8"))
    if b"\x00" in content:
        raise fail(N_("the file contains NUL bytes; it is not a text file"))
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(
            N_("the file is not UTF-8 text (line {line}, byte {position}); save it as UTF-8"),
            line=content[: error.start].count(b"\n") + 1,
            position=error.start + 1,
        ) from None
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RubricError(source, [RubricProblem("", toml_problem(error, text))]) from None
    except ValueError:  # int() refuses numbers longer than sys.get_int_max_str_digits()
        raise fail(N_("the file holds a number with too many digits")) from None
    except RecursionError:
        raise fail(N_("the file is nested too deeply (at most {limit} levels)"), limit=MAX_NESTING) from None
    if _nesting_depth(data) > MAX_NESTING:
        raise fail(N_("the file is nested too deeply (at most {limit} levels)"), limit=MAX_NESTING)
    if too_many := _size_problems(data):
        raise RubricError(source, too_many)
    problems: list[RubricProblem] = []
    unshown = 0
    try:
        rubric: Rubric | None = Rubric.model_validate(data)
    except ValidationError as error:
        rubric = None
        problems, unshown = _problems_from(error, data)
    problems += _reference_problems(data)
    if problems or rubric is None:
        raise RubricError(source, problems, unshown)
    return rubric


def load_rubric(path: Path) -> Rubric:
    try:
        with path.open("rb") as file:
            content = file.read(MAX_RUBRIC_BYTES + 1)
    except OSError as error:
        raise RubricError(
            path.name,
            [RubricProblem("", Message(N_("the file cannot be read: {reason}"), {"reason": error.strerror}))],
        ) from None
    return parse_rubric(content, source=path.name)


def load_rubric_folder(folder: Path) -> Iterator[Rubric]:
    for path in sorted(folder.glob("*.toml")):
        yield load_rubric(path)
