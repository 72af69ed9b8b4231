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


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_talk_to_use_cases_not_to_the_database(path):
    assert not (_imports(path) & {"sqlalchemy", "sqlmodel", "storage", "psycopg", "sqlite3"})
    source = path.read_text(encoding="utf-8")
    for pattern in (r"(?<![\w.])select\(", r"session\.exec", r"(?<![\w.])text\(", r"\.execute\("):
        assert not re.search(pattern, source), f"{path.name} builds a query itself ({pattern})"


def test_there_are_domain_files_and_pages_to_check():
    assert len(DOMAIN_FILES) >= 6
    assert PAGE_FILES


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
