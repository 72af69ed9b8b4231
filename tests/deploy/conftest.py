"""Real processes for the deployment tests: ``python -m server`` on PostgreSQL, nginx in front.

nginx is Debian's package (/usr/sbin/nginx). Without it, Chromium, OpenSSL or PostgreSQL these tests
are skipped with that reason, or fail where CI requires them (``tests/tools.py``).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from storage.engine import normalise_url
from tests import tools
from tests.e2e.servers import free_port, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/deploy/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@dataclass
class AppProcess:
    url: str
    log: Path
    process: subprocess.Popen[bytes]


def start_app(folder: Path, name: str, env: dict[str, str], options: Sequence[str] = ()) -> AppProcess:
    """``python -m server`` on a free port; ``options`` are Streamlit config flags."""
    port = free_port()
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "server", "--host", "127.0.0.1", "--port", str(port)),
                # Others may edit the source while a test runs: with the watcher on, every open tab
                # would show "source file changed" and never look idle to the test.
                *("--server.fileWatcherType", "none"),
                *options,
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz", process, f"the app on port {port}", seconds=90)
    except BaseException:
        stop(process)
        raise
    return AppProcess(url, log, process)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL, migrated and loaded with the demo, dropped afterwards."""
    base = tools.POSTGRES.url()
    schema = f"kk_deploy_{secrets.token_hex(6)}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(normalise_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        env = {**os.environ, "DATABASE_URL": rendered}
        subprocess.run([sys.executable, "-m", "demo", "--if-empty"], cwd=ROOT, env=env, check=True)
        yield rendered
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
