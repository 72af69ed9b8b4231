"""Code asks a rubric for a role, never for a key: a rubric with other keys keeps every view."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from assessment.kernel.rubric import BaselineRule, CriterionRole, DimensionRole, older_rubric_roles
from assessment.kernel.rubric_loading import RubricError, load_rubric, parse_rubric
from assessment.kernel.scoring import value_criteria

RUBRICS = Path(__file__).resolve().parents[3] / "rubrics"
DEFAULT = (RUBRICS / "kerneopgave.toml").read_text(encoding="utf-8")
# The files stored by earlier versions of Kernekompas, kept byte for byte.
OLDER = Path(__file__).resolve().parent / "data"
# The default rubric as shipped in format 1, the last version with roles before format 2.
DEFAULT_1_1 = (OLDER / "kerneopgave-1.1.toml").read_text(encoding="utf-8")


def _without_roles(text: str) -> str:
    return re.sub(r'^role = "\w+"\n', "", text, flags=re.M)


def _with_other_keys(text: str) -> str:
    """The default rubric with every criterion and dimension renamed, roles kept."""
    renamed = text
    for key in re.findall(r'^key = "(\w+)"$', text, flags=re.M):
        renamed = re.sub(rf'"{key}"', f'"x_{key}"', renamed)
    return renamed.replace('id = "x_kerneopgave"', 'id = "andre_noegler"').replace(
        'id = "kerneopgave"', 'id = "andre_noegler"'
    )


def test_the_shipped_rubrics_declare_the_roles_the_views_ask_for():
    for path in sorted(RUBRICS.glob("*.toml")):
        rubric = load_rubric(path)
        assert rubric.declares_roles, path.name
        for role in (CriterionRole.CITIZEN_EFFECT, CriterionRole.INVOLVEMENT_PLANNED):
            assert rubric.with_role(role) is not None, (path.name, role)
        assert rubric.dimension_with_role(DimensionRole.WORK_ENVIRONMENT) is not None, path.name


def test_a_rubric_with_other_keys_finds_the_same_criteria_by_their_roles():
    default, other = parse_rubric(DEFAULT), parse_rubric(_with_other_keys(DEFAULT))
    assert {c.key for c in other.criteria}.isdisjoint({c.key for c in default.criteria})
    for role in CriterionRole:
        found, expected = other.with_role(role), default.with_role(role)
        assert (found.key if found else None) == (f"x_{expected.key}" if expected else None), role
    for role in DimensionRole:
        found_dimension = other.dimension_with_role(role)
        assert found_dimension is not None and found_dimension.key.startswith("x_"), role
    pair = value_criteria(other)
    assert pair is not None and [c.key for c in pair] == ["x_borger_effekt", "x_samfund_vaerdi"]


def test_a_rubric_from_before_roles_is_read_by_its_keys_and_keeps_its_hash():
    older = parse_rubric(_without_roles(DEFAULT_1_1).replace('version = "1.1"', 'version = "1.0"'))
    assert not older.declares_roles
    assert older.with_role(CriterionRole.CITIZEN_EFFECT).key == "borger_effekt"
    assert older.dimension_with_role(DimensionRole.PROFESSIONS).key == "fagligheder"
    # The hash of a file without roles is computed as before roles existed: no "role" in it.
    assert (
        older.content_hash
        != parse_rubric(DEFAULT_1_1.replace('version = "1.1"', 'version = "1.0"')).content_hash
    )
    assert set(older_rubric_roles().criteria.values()) <= set(CriterionRole)


def test_a_rubric_with_roles_but_not_this_one_has_no_such_view():
    text = DEFAULT.replace('role = "society_value"\n', "")
    rubric = parse_rubric(text)
    assert rubric.declares_roles and rubric.with_role(CriterionRole.SOCIETY_VALUE) is None
    assert value_criteria(rubric) is None  # no key fallback once a rubric declares roles


def test_a_role_given_twice_is_refused_where_it_stands():
    text = DEFAULT.replace('role = "society_value"', 'role = "citizen_effect"')
    with pytest.raises(RubricError, match="citizen_effect is given to more than one criterion"):
        parse_rubric(text)


# The shipped files as they were stored before roles existed, with the hashes the code of that
# time computed: a stored version must keep its hash and every view it had.
STORED_HASHES = {
    "kerneopgave-1.0.toml": "4df86713d6581cce75c7121cc01c232a223bc5b5e7d2157b78fabce6e105d409",
    "kort-1.0.toml": "d0e56bbabb1412ff32e4b446c0b9dfc0a3dd800adb5eb31332edfaab4c26d6ee",
}


@pytest.mark.parametrize("name", sorted(STORED_HASHES))
def test_a_rubric_stored_before_roles_keeps_its_hash_and_finds_its_criteria_by_key(name):
    older = load_rubric(OLDER / name)
    assert older.version == "1.0" and not older.declares_roles
    assert older.content_hash == STORED_HASHES[name]
    assert older.with_role(CriterionRole.CITIZEN_EFFECT).key == "borger_effekt"
    assert older.with_role(CriterionRole.INVOLVEMENT_PLANNED).key == "inddragelse_planlagt"
    assert older.dimension_with_role(DimensionRole.WORK_ENVIRONMENT).key == "arbejdsmiljoe"
    assert value_criteria(older) is not None


# The shipped files of version 1.1 (format 1, with roles), byte for byte as shipped before format 2,
# with the file's SHA-256 and the content hash the code of that time computed. Proposals scored
# against 1.1 keep it: the same hash, every question asked for every option as before.
SHIPPED_1_1 = {
    "kerneopgave-1.1.toml": (
        "655bb485b829f35add7f4f932edf2d72069a734f737aacbd5ac22413d6fcbe11",
        "caa1665ec8b656f1483e3a5a45cc8f439bde8efae1e93dae54fe41e80d5b9dea",
    ),
    "kort-1.1.toml": (
        "1398afa37d69da23d0f2944d4836d7f7f62d53ce54527183c3eb89b57dc66d6d",
        "ca7fd59fb54b60f53d7bd5187f333dd10f0f9357019900011748aeec0fdeac3a",
    ),
}


@pytest.mark.parametrize("name", sorted(SHIPPED_1_1))
def test_a_rubric_shipped_as_1_1_keeps_its_hash_and_is_asked_as_before(name):
    file_hash, content_hash = SHIPPED_1_1[name]
    assert hashlib.sha256((OLDER / name).read_bytes()).hexdigest() == file_hash  # the copy is untouched
    older = load_rubric(OLDER / name)
    assert (older.schema_version, older.version) == (1, "1.1") and older.declares_roles
    assert older.content_hash == content_hash
    assert older.proposal_criteria == () and older.option_criteria == older.criteria
    assert {older.baseline_rule(c) for c in older.criteria} == {BaselineRule.ASK}
    assert older.with_role(CriterionRole.CITIZEN_EFFECT).key == "borger_effekt"
    assert older.with_role(CriterionRole.ECONOMY).key == "oekonomi_gennemfoerlighed"
    assert value_criteria(older) is not None
