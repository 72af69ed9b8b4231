"""What a test may need that a new machine may lack, and one rule for all of it.

A missing tool gives a visible skip that says how to install it; with its ``KERNEKOMPAS_REQUIRE_…``
variable set (``.ci/run`` sets them all) it is a failure instead. ``KERNEKOMPAS_WITHOUT_OPTIONAL_TOOLS=1``
treats every tool here as missing, so a machine that has them all can still run the suite as a
newcomer's ``make test`` would; a requirement still wins, and then the test fails.

The README's table "Optional tools" lists the same tools; ``tests/test_tools.py`` keeps the two equal.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WITHOUT_OPTIONAL_TOOLS = "KERNEKOMPAS_WITHOUT_OPTIONAL_TOOLS"
POSTGRES_URL_ENV = "KERNEKOMPAS_TEST_POSTGRES_URL"


def _pretending_missing() -> bool:
    return os.environ.get(WITHOUT_OPTIONAL_TOOLS, "").strip() not in ("", "0")


@dataclass(frozen=True)
class Tool:
    """A program from Debian's packages that some tests run (or a file some tests load)."""

    name: str
    programs: tuple[str, ...]  # each a path or a command on PATH; all of them must be there
    install: str  # what a person types to get it
    require: str  # the variable that turns a missing tool into a failure
    needed_by: str  # which tests, in words
    in_repository: bool = False  # files under the repository (e.g. from npm ci), not programs

    def find(self, program: str) -> str | None:
        if self.in_repository:
            path = ROOT / program
            return str(path) if path.is_file() else None
        if Path(program).is_absolute():
            return program if os.access(program, os.X_OK) else None
        return shutil.which(program) or next(
            (
                f"{folder}/{program}"
                for folder in ("/usr/sbin", "/sbin")
                if os.access(f"{folder}/{program}", os.X_OK)
            ),
            None,
        )

    def missing(self) -> list[str]:
        if _pretending_missing():
            return list(self.programs)
        return [program for program in self.programs if self.find(program) is None]

    def need(self) -> dict[str, str]:
        """The path of each program; skips or fails the calling test when one is missing."""
        missing = self.missing()
        if missing:
            _skip_or_fail(
                self.require, f"{self.needed_by} need {self.name} ({', '.join(missing)}): {self.install}"
            )
        return {program: self.find(program) or program for program in self.programs}

    def path(self) -> str:
        """The path of the tool's only (or first) program; see :meth:`need`."""
        return self.need()[self.programs[0]]


def _skip_or_fail(require: str, reason: str) -> None:
    if os.environ.get(require, "").strip() not in ("", "0"):
        pytest.fail(f"{require} is set, but {reason}", pytrace=False)
    why = f" ({WITHOUT_OPTIONAL_TOOLS} is set)" if _pretending_missing() else ""
    pytest.skip(f"{reason}{why}")


CHROMIUM = Tool(
    name="Debian's Chromium",
    programs=("/usr/bin/chromium",),
    install="apt-get install chromium (Playwright never downloads a browser)",
    require="KERNEKOMPAS_REQUIRE_BROWSER",
    needed_by="the browser tests (tests/e2e, tests/deploy)",
)
NGINX = Tool(
    name="nginx",
    programs=("nginx",),
    install="apt-get install nginx",
    require="KERNEKOMPAS_REQUIRE_NGINX",
    needed_by="the deployment tests (tests/deploy)",
)
OPENSSL = Tool(
    name="OpenSSL",
    programs=("openssl",),
    install="apt-get install openssl",
    require="KERNEKOMPAS_REQUIRE_OPENSSL",
    needed_by="the deployment tests' TLS certificate (tests/deploy)",
)
POPPLER = Tool(
    name="poppler's pdftotext and pdfinfo",
    programs=("pdftotext", "pdfinfo"),
    install="apt-get install poppler-utils",
    require="KERNEKOMPAS_REQUIRE_POPPLER",
    needed_by="the PDF export checks (tests/report/test_exports.py, tests/bad_input)",
)
LIBREOFFICE = Tool(
    name="LibreOffice Writer",
    programs=("soffice",),
    install="apt-get install libreoffice-writer-nogui",
    require="KERNEKOMPAS_REQUIRE_LIBREOFFICE",
    needed_by="the Word export's page checks (tests/report/test_rendering.py)",
)
PG_DUMP = Tool(
    name="PostgreSQL's pg_dump and pg_restore",
    programs=("pg_dump", "pg_restore"),
    install="apt-get install postgresql-client",
    require="KERNEKOMPAS_REQUIRE_POSTGRES",
    needed_by="the PostgreSQL backup test (tests/faults/test_backup.py)",
)
AXE = Tool(
    name="axe-core",
    programs=("node_modules/axe-core/axe.min.js",),
    install="npm ci (the version in package-lock.json; needs Node.js and npm)",
    require="KERNEKOMPAS_REQUIRE_AXE",
    needed_by="the accessibility tests (tests/e2e/test_accessibility.py)",
    in_repository=True,
)
TOOLS = (CHROMIUM, NGINX, OPENSSL, POPPLER, LIBREOFFICE, PG_DUMP, AXE)


@dataclass(frozen=True)
class Service:
    """A server some tests talk to, found through an environment variable."""

    name: str
    variable: str
    example: str
    require: str
    needed_by: str

    def missing(self) -> bool:
        return _pretending_missing() or not os.environ.get(self.variable, "").strip()

    def url(self) -> str:
        """The URL to reach it; skips or fails the calling test when it is not given."""
        if self.missing():
            _skip_or_fail(
                self.require, f"{self.needed_by} need {self.name}: set {self.variable}={self.example}"
            )
        return os.environ[self.variable].strip()


POSTGRES = Service(
    name="PostgreSQL",
    variable=POSTGRES_URL_ENV,
    example="postgresql+psycopg://postgres@127.0.0.1:5432/test",
    require="KERNEKOMPAS_REQUIRE_POSTGRES",
    needed_by="the PostgreSQL half of the storage and use-case tests, and tests/deploy",
)


def summary_lines() -> list[str]:
    """One line per missing tool or service, for the end of a test run."""
    lines = [
        f"{tool.name} missing ({', '.join(tool.missing())}): {tool.needed_by} skipped; {tool.install}"
        for tool in TOOLS
        if tool.missing()
    ]
    if POSTGRES.missing():
        lines.append(f"{POSTGRES.name} not given: {POSTGRES.needed_by} skipped; set {POSTGRES.variable}")
    return lines
