"""Rubrics: the questions an option is scored against, loaded from TOML files.

The file format is documented field by field in ``rubrics/README.md``. Loading either gives
a frozen, validated :class:`Rubric` or raises one :class:`RubricError` that lists every
problem found, each naming the file, the place in it and what was expected.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from assessment.kernel.errors import N_

# Format 1 is the original; format 2 adds a criterion's scope, its baseline rule and
# facets = "own_profession". Both are read, and a format-1 rubric behaves and hashes as before.
SCHEMA_VERSIONS = (1, 2)
FORMAT_2 = 2

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Language(StrEnum):
    DA = "da"
    EN = "en"


class Perspective(StrEnum):
    """The booklet's three views of a core task."""

    FORMAL = "formal"
    PERFORMED = "performed"
    EXPERIENCED = "experienced"


class FacetKind(StrEnum):
    PROFESSION = "profession"  # every rater answers once per affected profession
    PERSPECTIVE = "perspective"
    # Format 2: each rater answers only for their own profession, when it is affected; the facet
    # is the profession's key, as with PROFESSION, so the results per profession read the same.
    OWN_PROFESSION = "own_profession"


class Scope(StrEnum):
    """Whom a criterion is asked of and how often (format 2)."""

    OPTION = "option"  # every rater, for every option
    PROPOSAL = "proposal"  # once per proposal, by its leader (readiness); never in an option's index


class BaselineRule(StrEnum):
    """What happens to a criterion for the option "keep as is" (format 2)."""

    ASK = "ask"  # asked like any other option
    NO_DIFFERENCE = "no_difference"  # never asked; fixed at 0, "no difference from today"
    SKIP = "skip"  # never asked; no value


class CriterionRole(StrEnum):
    """What a criterion means to the program: code asks for a role, never for a rubric's key.

    A role is optional and used by at most one criterion of a rubric, so a rubric with other keys
    (or another language) keeps its charts and summary sections by declaring the same roles.
    """

    CITIZEN_EFFECT = "citizen_effect"  # effect for the citizens the unit exists for
    SOCIETY_VALUE = "society_value"  # value for society: other citizens, the authority, the economy
    INVOLVEMENT_PLANNED = "involvement_planned"  # the step on the involvement ladder that is planned
    INVOLVEMENT_APPROPRIATE = "involvement_appropriate"  # the step the change calls for
    CITIZEN_FEEDBACK = "citizen_feedback"  # whether citizens hear what came of their involvement
    CORE_TASK_FIT = "core_task_fit"  # fit with the core task of the level above
    PERSPECTIVES = "perspectives"  # the formal, performed and experienced core task
    EVIDENCE = "evidence"  # what the expected effect rests on
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    OPENNESS = "openness"  # openness between the professions
    RELATIONAL_COORDINATION = "relational_coordination"
    WORKLOAD = "workload"
    INFLUENCE = "influence"  # staff influence on their own work
    MEANING = "meaning"
    PREDICTABILITY = "predictability"
    ECONOMY = "economy"  # economy and feasibility


class DimensionRole(StrEnum):
    """What a dimension means to the program (the summary's areas), declared like a criterion's."""

    CORE_TASK = "core_task"
    PROFESSIONS = "professions"  # the roles of the professions and how they work together
    CITIZEN_INVOLVEMENT = "citizen_involvement"
    WORK_ENVIRONMENT = "work_environment"
    PROCESS = "process"


class ScaleKind(StrEnum):
    BIPOLAR = "bipolar"
    ORDINAL = "ordinal"
    LADDER = "ladder"


# The fixed levels of the two summable scale kinds; a ladder only needs 0, 1, 2, ...
FIXED_LEVELS: dict[ScaleKind, tuple[int, ...]] = {
    ScaleKind.BIPOLAR: (-2, -1, 0, 1, 2),
    ScaleKind.ORDINAL: (0, 1, 2, 3, 4),
}


def _problem(message_id: str, **params: Any) -> PydanticCustomError:
    # The message id travels in the context so the loader can translate it later.
    return PydanticCustomError("kernekompas", message_id, {"message_id": message_id, **params})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class LocalizedText(_Strict):
    da: Text
    en: Text

    def __call__(self, language: str) -> str:
        return self.en if language == Language.EN else self.da


class Level(_Strict):
    # Levels are small numbers; the bound keeps a 5000-digit value out of the messages.
    value: StrictInt = Field(ge=-100, le=100)
    label: LocalizedText


class Scale(_Strict):
    kind: ScaleKind
    title: LocalizedText
    levels: tuple[Level, ...] = Field(min_length=2, max_length=11)

    @model_validator(mode="after")
    def _levels_fit_kind(self) -> Scale:
        values = tuple(level.value for level in self.levels)
        expected = FIXED_LEVELS.get(self.kind, tuple(range(len(values))))
        if values != expected:
            raise _problem(
                N_("the scale of kind {kind} must have the levels {expected} in that order, not {found}"),
                kind=self.kind.value,
                expected=", ".join(map(str, expected)),
                found=", ".join(map(str, values)),
            )
        return self

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    @property
    def lowest(self) -> int:
        return self.levels[0].value

    @property
    def highest(self) -> int:
        return self.levels[-1].value

    def label(self, value: int, language: str) -> str:
        for level in self.levels:
            if level.value == value:
                return level.label(language)
        raise KeyError(value)

    def normalise(self, value: float) -> float:
        """Place a value of this scale on 0…1, so criteria on different scales can be combined."""
        return (value - self.lowest) / (self.highest - self.lowest)


class Dimension(_Strict):
    key: Key
    role: DimensionRole | None = None
    title: LocalizedText
    description: LocalizedText | None = None


LEVEL_KEY = re.compile(r"-?(0|[1-9][0-9]?)")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,31}")


class Criterion(_Strict):
    key: Key
    dimension: Key
    scale: Key
    # nan and inf are refused as not numbers (finite_number), before the bounds would call nan
    # "at most 10"; TOML can write both.
    weight: Annotated[float, Strict()] = Field(default=1.0, gt=0, le=10, allow_inf_nan=False)
    aggregate: StrictBool = True
    facets: FacetKind | None = None
    role: CriterionRole | None = None
    # Format 2 only; None when not written, so a format-1 rubric's content hash is unchanged.
    # Read them through effective_scope and Rubric.baseline_rule, which resolve the defaults.
    scope: Scope | None = None
    baseline: BaselineRule | None = None
    question: LocalizedText
    help: LocalizedText | None = None
    descriptors: dict[str, LocalizedText]

    @field_validator("descriptors", mode="before")
    @classmethod
    def _descriptor_keys_are_levels(cls, value: Any) -> Any:
        # Before validation, so " 1" is caught before whitespace stripping merges it with "1".
        for key in value if isinstance(value, dict) else ():
            if not (isinstance(key, str) and LEVEL_KEY.fullmatch(key)):
                raise _problem(
                    N_('descriptor key "{key}" is not a level; write the level number, e.g. "-2" or "3"'),
                    key=key,
                )
        return value

    def descriptor(self, value: int) -> LocalizedText:
        return self.descriptors[str(value)]

    @property
    def effective_scope(self) -> Scope:
        """The criterion's scope; per option when the file does not say."""
        return self.scope or Scope.OPTION


class Rubric(_Strict):
    schema_version: StrictInt
    id: Key
    version: str
    title: LocalizedText
    description: LocalizedText
    # The upper limits are checked by _size_problems before these fields are validated.
    scales: dict[Key, Scale] = Field(min_length=1)
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @field_validator("version")
    @classmethod
    def _version_format(cls, value: str) -> str:
        if not _VERSION.fullmatch(value):
            raise _problem(N_("expected a version of letters, digits, . and - (for example 1.0 or 2024-03)"))
        return value

    @field_validator("schema_version")
    @classmethod
    def _known_schema(cls, value: int) -> int:
        if value not in SCHEMA_VERSIONS:
            raise _problem(
                N_("schema_version must be 1 or 2; this version of Kernekompas reads no other"),
            )
        return value

    # Lookups -----------------------------------------------------------------

    def criterion(self, key: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    def scale_of(self, criterion: Criterion | str) -> Scale:
        if isinstance(criterion, str):
            criterion = self.criterion(criterion)
        return self.scales[criterion.scale]

    def dimension(self, key: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(key)

    @property
    def declares_roles(self) -> bool:
        return any(c.role is not None for c in self.criteria) or any(
            d.role is not None for d in self.dimensions
        )

    def with_role(self, role: CriterionRole) -> Criterion | None:
        """The criterion that plays this role, or None when the rubric does not ask it."""
        if self.declares_roles:
            return next((c for c in self.criteria if c.role is role), None)
        older = older_rubric_roles().criteria
        return next((c for c in self.criteria if older.get(c.key) is role), None)

    def dimension_with_role(self, role: DimensionRole) -> Dimension | None:
        """The dimension that plays this role, or None when the rubric has none."""
        if self.declares_roles:
            return next((d for d in self.dimensions if d.role is role), None)
        older = older_rubric_roles().dimensions
        return next((d for d in self.dimensions if older.get(d.key) is role), None)

    def criteria_in(self, dimension_key: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.dimension == dimension_key)

    def scope_of(self, criterion: Criterion | str) -> Scope:
        if isinstance(criterion, str):
            criterion = self.criterion(criterion)
        return criterion.effective_scope

    def baseline_rule(self, criterion: Criterion | str) -> BaselineRule:
        """Whether the option "keep as is" is asked this criterion, or given 0, or nothing.

        What the file says; else format 1 asks (as it always did), and format 2 fixes an effect
        (a bipolar scale, where 0 is "no difference") at 0 and skips the rest, since keeping things
        as they are cannot be scored against itself. Only option-scope criteria are asked per option.
        """
        if isinstance(criterion, str):
            criterion = self.criterion(criterion)
        return criterion.baseline or self._default_baseline(criterion)

    def _default_baseline(self, criterion: Criterion) -> BaselineRule:
        if self.schema_version < FORMAT_2:
            return BaselineRule.ASK
        if self.scale_of(criterion).kind is ScaleKind.BIPOLAR:
            return BaselineRule.NO_DIFFERENCE
        return BaselineRule.SKIP

    @property
    def option_criteria(self) -> tuple[Criterion, ...]:
        """The criteria the panel answers for each option, in rubric order."""
        return tuple(c for c in self.criteria if c.effective_scope is Scope.OPTION)

    @property
    def proposal_criteria(self) -> tuple[Criterion, ...]:
        """The criteria answered once per proposal by its leader (readiness), in rubric order."""
        return tuple(c for c in self.criteria if c.effective_scope is Scope.PROPOSAL)

    @property
    def aggregate_criteria(self) -> tuple[Criterion, ...]:
        """The criteria an option's profile and index combine: never one asked once per proposal."""
        return tuple(c for c in self.option_criteria if c.aggregate)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the rubric's content, not its layout: comments and spacing don't count."""
        content = self.model_dump(mode="json")
        # A field left out is not written, so a rubric from before roles (or from format 1) keeps
        # the hash it was stored with; a default written out is left out, as `weight = 1` is.
        for item in content["dimensions"]:
            if item.get("role") is None:
                item.pop("role", None)
        for item, criterion in zip(content["criteria"], self.criteria, strict=True):
            defaults = {
                "role": None,
                "scope": Scope.OPTION.value,
                "baseline": self._default_baseline(criterion).value,
            }
            for name, default in defaults.items():
                if item.get(name) in (None, default):
                    item.pop(name, None)
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.id} {self.version} ({self.content_hash[:12]})"


# Roles of rubrics from before roles --------------------------------------------

OLDER_ROLES_FILE = Path(__file__).resolve().parents[2] / "rubrics" / "older" / "roles.toml"


@dataclass(frozen=True)
class OlderRoles:
    criteria: dict[str, CriterionRole]
    dimensions: dict[str, DimensionRole]


@lru_cache(maxsize=1)
def older_rubric_roles() -> OlderRoles:
    """The roles, by key, that a rubric declaring none is read with (see the file's own comment)."""
    data = tomllib.loads(OLDER_ROLES_FILE.read_text(encoding="utf-8"))
    return OlderRoles(
        criteria={key: CriterionRole(role) for key, role in data["criteria"].items()},
        dimensions={key: DimensionRole(role) for key, role in data["dimensions"].items()},
    )
