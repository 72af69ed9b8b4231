"""The one rule for optional tools: a visible skip that says how to install, a failure when required."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests import tools
from tests.tools import POSTGRES, TOOLS, WITHOUT_OPTIONAL_TOOLS, Service, Tool

ROOT = Path(__file__).resolve().parent.parent
NOWHERE = Tool(
    name="a tool no machine has",
    programs=("kernekompas-no-such-program",),
    install="apt-get install kernekompas-nothing",
    require="KERNEKOMPAS_REQUIRE_NOTHING",
    needed_by="these tests",
)
SHELL = Tool(
    name="a shell", programs=("sh",), install="-", require="KERNEKOMPAS_REQUIRE_SHELL", needed_by="x"
)


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    for variable in (WITHOUT_OPTIONAL_TOOLS, NOWHERE.require, SHELL.require):
        monkeypatch.delenv(variable, raising=False)


def test_a_missing_tool_skips_and_says_how_to_install_it():
    with pytest.raises(pytest.skip.Exception, match="apt-get install kernekompas-nothing"):
        NOWHERE.need()


def test_a_missing_tool_that_is_required_fails(monkeypatch):
    monkeypatch.setenv(NOWHERE.require, "1")
    with pytest.raises(pytest.fail.Exception, match="KERNEKOMPAS_REQUIRE_NOTHING is set"):
        NOWHERE.need()


def test_a_present_tool_gives_its_path():
    assert Path(SHELL.path()).name == "sh"


def test_the_newcomer_switch_hides_even_a_present_tool_and_a_requirement_still_wins(monkeypatch):
    monkeypatch.setenv(WITHOUT_OPTIONAL_TOOLS, "1")
    with pytest.raises(pytest.skip.Exception, match=WITHOUT_OPTIONAL_TOOLS):
        SHELL.need()
    monkeypatch.setenv(SHELL.require, "1")
    with pytest.raises(pytest.fail.Exception):
        SHELL.need()


def test_a_service_without_its_url_skips_or_fails(monkeypatch):
    service = Service("a database", "KERNEKOMPAS_NO_SUCH_URL", "x://y", NOWHERE.require, "these tests")
    monkeypatch.delenv(service.variable, raising=False)
    with pytest.raises(pytest.skip.Exception, match="set KERNEKOMPAS_NO_SUCH_URL=x://y"):
        service.url()
    monkeypatch.setenv(NOWHERE.require, "1")
    with pytest.raises(pytest.fail.Exception):
        service.url()
    monkeypatch.setenv(service.variable, " x://given ")
    assert service.url() == "x://given"


def test_the_readme_lists_every_tool_with_its_install_command_and_variable():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Optional tools", 1)[1].split("\n## ", 1)[0]
    for tool in TOOLS:
        command = re.sub(r" \(.*\)$", "", tool.install)
        assert command in section, f"README's optional tools do not say `{command}`"
        assert tool.require in section, tool.require
    assert POSTGRES.variable in section and POSTGRES.require in section
    assert WITHOUT_OPTIONAL_TOOLS in section


def test_ci_requires_every_tool():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for variable in {tool.require for tool in TOOLS} | {POSTGRES.require}:
        assert variable in ci, f".ci/run does not set {variable}"


def test_no_test_looks_for_a_program_or_skips_on_its_own():
    """Skips and program look-ups go through tests/tools.py, so every one follows the same rule."""
    looked_for = {("shutil", "which"), ("pytest", "skip"), ("pytest", "skipif"), ("pytest", "importorskip")}
    helper_and_its_test = {Path(tools.__file__).resolve(), Path(__file__).resolve()}
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path not in helper_and_its_test
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and (node.value.id, node.attr) in looked_for
    ]
    assert not offenders, offenders
