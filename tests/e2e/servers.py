"""Server processes for the browser tests: the app on a copy of the demo, served as in production
by ``python -m server``, and a mock sign-in provider.

Everything listens on 127.0.0.1 on a free port and is stopped when its ``with`` block ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], what: str, seconds: float = 60) -> None:
    """Wait until ``url`` answers 200, failing early if ``process`` has stopped."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{what} did not answer on {url} within {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def load_demo(database: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run([sys.executable, "-m", "demo", "--if-empty"], cwd=ROOT, env=env, check=True)


def copy_database(template: Path, folder: Path) -> Path:
    """A copy of an SQLite file, with its write-ahead log if one was left behind."""
    target = folder / "app.db"
    for suffix in ("", "-wal"):
        if Path(f"{template}{suffix}").exists():
            shutil.copy(f"{template}{suffix}", f"{target}{suffix}")
    return target


def _server_command() -> list[str]:
    # KERNEKOMPAS_E2E_SERVER=streamlit runs the same tests on `streamlit run` (make dev), to tell
    # a fault of the shipped server from one of the app.
    if os.environ.get("KERNEKOMPAS_E2E_SERVER") == "streamlit":
        return [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
        ]
    return [sys.executable, "-m", "server", "--host", "127.0.0.1", "--port"]


@contextmanager
def running_app(
    folder: Path, database: Path, *, port: int | None = None, options: Sequence[str] = ()
) -> Iterator[str]:
    """The shipped server (``python -m server``) on ``database``; yields its URL.

    ``options`` are Streamlit config flags, as ``streamlit run`` takes them."""
    # Local mode, as `make run` starts it; a secrets file with [auth] among ``options`` wins.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "KERNEKOMPAS_LOCAL_MODE": "1"}
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [
                *_server_command(),
                str(port),
                # Others may edit the source while a test runs: the server under test keeps its code.
                "--server.fileWatcherType",
                "none",
                *options,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            # /healthz: the runtime runs and the database answers, so the first page can load.
            health = (
                "_stcore/health" if os.environ.get("KERNEKOMPAS_E2E_SERVER") == "streamlit" else "healthz"
            )
            wait_for(f"{url}/{health}", server, "the app", seconds=90)
            yield url
        finally:
            stop(server)


@contextmanager
def mock_sign_in_provider(folder: Path) -> Iterator[str]:
    """An OpenID Connect provider (the ``oidc-provider-mock`` package) that signs in whoever asks.

    Any client id and secret are accepted. Its authorisation page has a form for the subject;
    an unknown subject is signed in with ``email`` equal to it. Yields the issuer URL.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "provider.log").open("wb") as log:
        provider = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"{url}/.well-known/openid-configuration", provider, "the sign-in provider")
            yield url
        finally:
            stop(provider)
