"""Dependencies point inward (DESIGN.md section 6): checked on the code, not by hope."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


DOMAIN_FILES = sorted((ROOT / "assessment").rglob("*.py"))
PAGE_FILES = sorted((ROOT / "screens").glob("*.py"))
# The parts of the big screens (a tab, a form) are screen code too.
SCREEN_PART_FILES = sorted((ROOT / "ui" / "tabs").glob("*.py"))


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_the_domain_imports_no_ui_database_or_chart_code(path):
    forbidden = {
        "streamlit",
        "sqlalchemy",
        "sqlmodel",
        "altair",
        "pandas",
        "storage",
        "ui",
        "report",
        "psycopg",
    }
    assert not (_imports(path) & forbidden)


@pytest.mark.parametrize("path", PAGE_FILES + SCREEN_PART_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pages_talk_to_use_cases_not_to_the_database(path):
    assert not (_imports(path) & {"sqlalchemy", "sqlmodel", "storage", "psycopg", "sqlite3"})
    source = path.read_text(encoding="utf-8")
    for pattern in (r"(?<![\w.])select\(", r"session\.exec", r"(?<![\w.])text\(", r"\.execute\("):
        assert not re.search(pattern, source), f"{path.name} builds a query itself ({pattern})"


def test_there_are_domain_files_and_pages_to_check():
    assert len(DOMAIN_FILES) >= 6
    assert PAGE_FILES and SCREEN_PART_FILES


# What reads the calendar: only assessment/kernel/clock.py. Elsewhere a clock is passed in (use cases, tests)
# or today is asked of clock.today_in_denmark (screens), so no test depends on the day it runs.
CALENDAR_READS = re.compile(
    r"\b(?:date\.today|datetime\.(?:now|utcnow|today)|time\.(?:time|localtime|gmtime))\("
)
CHECKED_FOLDERS = ("assessment", "storage", "ui", "screens", "report", "server", "demo", "scripts", "tests")


def test_only_the_clock_module_reads_the_calendar():
    sources = [ROOT / "app.py"] + [
        path for folder in CHECKED_FOLDERS for path in (ROOT / folder).rglob("*.py")
    ]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        if path != ROOT / "assessment" / "kernel" / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if CALENDAR_READS.search(line.split("#", 1)[0])
    ]
    assert len(sources) > 100 and not offenders, offenders


# Rubrics are data: code asks a rubric for a criterion's or a dimension's role, never for its key,
# so a rubric with other keys keeps every chart and summary section. The demo and the benchmarks
# are left out: they hold scores written for the shipped rubric, by its keys, and a key that is
# gone makes them fail loudly when they are loaded (tests/test_demo.py), not lose a section.
def _rubric_keys() -> set[str]:
    import tomllib

    keys: set[str] = set()
    for path in [*(ROOT / "rubrics").glob("*.toml"), ROOT / "rubrics" / "older" / "roles.toml"]:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for section in ("criteria", "dimensions"):
            items = data.get(section, [])
            keys.update(item["key"] for item in items) if isinstance(items, list) else keys.update(items)
    return keys


def test_no_rubric_key_is_written_in_python_outside_the_rubrics_and_the_tests():
    keys = _rubric_keys()
    sources = [ROOT / "app.py"] + [
        path
        for folder in ("assessment", "storage", "ui", "screens", "report", "server", "scripts")
        for path in (ROOT / folder).rglob("*.py")
    ]
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in keys
    ]
    assert {"borger_effekt", "fagligheder", "arbejdsmiljoe"} <= keys and len(sources) > 40
    assert not offenders, offenders


KERNEL_FILES = sorted((ROOT / "assessment" / "kernel").glob("*.py"))
FEATURES = {path.stem for path in (ROOT / "assessment").glob("*.py")} - {"__init__"}


@pytest.mark.parametrize("path", KERNEL_FILES, ids=lambda p: p.name)
def test_the_kernel_imports_no_feature(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for name in (
            [node.module.removeprefix("assessment.")]
            + ([alias.name for alias in node.names] if node.module == "assessment" else [])
        )
    }
    assert FEATURES and not (imported & FEATURES), imported & FEATURES


def test_no_module_in_the_domain_is_over_600_lines_and_no_screen_over_300():
    long_modules = {
        str(path.relative_to(ROOT)): n
        for path in DOMAIN_FILES
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    long_screens = {
        path.name: n
        for path in PAGE_FILES + SCREEN_PART_FILES
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert not long_modules and not long_screens, (long_modules, long_screens)
