"""Which database, and how to talk to it: SQLite by default, PostgreSQL through ``DATABASE_URL``.

SQLite is tuned for a small team sharing one file: write-ahead logging (readers never block
the writer), foreign keys on, a 10 s busy timeout, ``synchronous=NORMAL`` (safe with WAL).
We emit BEGIN ourselves (SQLAlchemy's documented pysqlite recipe) so that:

* a write transaction starts with ``BEGIN IMMEDIATE`` and takes the write lock *before* its
  first read. With a deferred ``BEGIN`` two read-then-write transactions can both read, and
  the second to write fails at once with "database is locked": the busy timeout cannot help,
  because its snapshot is already stale;
* a read transaction starts with a plain ``BEGIN``, so all its reads see one snapshot.

Writers also queue for their turn on a lock file beside the database (``<file>-writer``,
``flock``) before ``BEGIN IMMEDIATE``. SQLite's own busy handler polls, sleeping up to 100 ms
between tries, so under a steady stream of writes the writer that just committed keeps winning
and a waiting one can starve past the busy timeout ("database is locked": seen with 8 writing
processes on a loaded machine, see ``bench/RESULTS-faults.md``). A process blocked in ``flock``
is woken as soon as the lock is free. The kernel drops the lock when a process dies, but not
when it hangs: so a writer waits at most :data:`WRITER_QUEUE_TIMEOUT_S` for its turn and then
gives up with :class:`~assessment.kernel.errors.StorageBusy` ("try again"), having written nothing,
instead of every writer of every process hanging behind the stuck one.

A transaction is a write when its engine carries the ``kk_write`` execution option; take
such an engine from :func:`for_writing`. On PostgreSQL the option changes nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url

from assessment.kernel.errors import StorageBusy

try:
    import fcntl
except ImportError:  # Windows: no flock; writers rely on SQLite's busy timeout alone
    fcntl = None  # type: ignore[assignment]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "kernekompas.db"

WRITE_OPTION = "kk_write"
BUSY_TIMEOUT_MS = 10_000
# How long a write waits for its turn in the writers' queue. A sheet takes 25 ms on a quiet
# machine; 8 processes saving without pause on an overloaded one waited 6.4 s at most
# (bench/RESULTS-faults.md). Well past that the holder is stuck, not busy, and the person is
# better told to try again than left waiting.
WRITER_QUEUE_TIMEOUT_S = 30.0

_LOGGER = logging.getLogger("kernekompas.storage")


def database_url() -> str:
    """``DATABASE_URL`` when set, else the SQLite file ``data/kernekompas.db`` in the repository."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    if configured:
        return normalise_url(configured)
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_url(url: str) -> str:
    """Send ``postgres://`` and ``postgresql://`` URLs (as hosting platforms give them) to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _to_url(url: str | URL) -> URL:
    if isinstance(url, URL):
        url = url.render_as_string(hide_password=False)
    return make_url(normalise_url(url))


def make_engine(
    url: str | URL, *, deferred_writes: bool = False, writer_queue: bool = True, **kwargs: Any
) -> Engine:
    """An engine for SQLite or PostgreSQL (psycopg 3); ``kwargs`` go to ``create_engine``.

    ``deferred_writes`` exists only for the control run of ``bench/concurrency.py`` and its test:
    SQLite writes then start with a plain ``BEGIN``, to show the failures ``BEGIN IMMEDIATE``
    prevents. Never use it in the app. ``writer_queue=False`` leaves out the writers' queue
    (for the benchmark's comparison only).
    """
    parsed = _to_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _configure_sqlite_connection)
        if deferred_writes:
            event.listen(engine, "begin", _begin_deferred)
            return engine
        if (
            writer_queue
            and fcntl is not None
            and database
            and database != ":memory:"
            and not database.startswith("file:")
        ):
            queue = _WriterQueue(Path(database).with_name(Path(database).name + "-writer"))
            event.listen(engine, "begin", queue.begin)
            event.listen(engine, "commit", queue.release)
            event.listen(engine, "rollback", queue.release)
            event.listen(engine, "close", queue.close)
        else:
            event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise ValueError(f"use the psycopg 3 driver (postgresql+psycopg://), not {parsed.drivername}")
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(parsed, **kwargs)
    raise ValueError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")


def for_writing(engine: Engine) -> Engine:
    """The same engine (same pool), marked so that its transactions are writes."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: Any) -> None:
    # Stop the sqlite3 module from issuing BEGIN itself; _begin_sqlite_transaction does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _begin_deferred(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


class _WriterQueue:
    """Write transactions on one SQLite file take turns through a blocking ``flock``."""

    HELD = "kk_writer_fd"

    def __init__(self, path: Path) -> None:
        self.path = path

    def begin(self, connection: Connection) -> None:
        if not connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql("BEGIN")
            return
        connection.info[self.HELD] = self._wait_for_turn()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.release(connection)
            raise

    def _wait_for_turn(self) -> int:
        """A new descriptor of the lock file, holding the lock; StorageBusy when the wait is too long.

        A new descriptor for every turn: one that gave up may still get the lock later (see
        :class:`_Waiter`), and must then not release a lock a later transaction holds.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            pass
        except BaseException:
            os.close(fd)
            raise
        if _Waiter(fd).wait(WRITER_QUEUE_TIMEOUT_S):
            return fd
        _LOGGER.warning(
            "a write waited %.0f s for the writer lock %s and gave up: a process holding it is stuck "
            "(see who holds it: fuser -v %s)",
            WRITER_QUEUE_TIMEOUT_S,
            self.path,
            self.path,
        )
        raise StorageBusy()

    def release(self, connection: Connection) -> None:
        # Called just before COMMIT/ROLLBACK is sent: the next writer's BEGIN IMMEDIATE then
        # waits a moment on SQLite's own lock, which still guards the data.
        _unlock(connection.info.pop(self.HELD, None))

    def close(self, _dbapi_connection: Any, record: Any) -> None:
        _unlock(record.info.pop(self.HELD, None))  # should a transaction still hold it


def _unlock(fd: int | None) -> None:
    if fd is not None:
        # Unlock first: a process forked meanwhile shares the descriptor, and closing ours
        # alone would leave the lock with the child.
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


class _Waiter:
    """Waits for the lock on a thread of its own, so that the wait can end at a deadline.

    ``flock`` has no timeout, and only the main thread could break into it with a signal
    (Streamlit runs each session on its own thread). A waiter given up on keeps waiting; when
    it gets the lock it lets go at once, so the queue moves on once the stuck holder does.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._guard = threading.Lock()
        self._done = threading.Event()
        self._locked = False
        self._given_up = False
        self._error: OSError | None = None
        threading.Thread(target=self._lock, name="kk-writer-queue", daemon=True).start()

    def _lock(self) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except OSError as error:
            with self._guard:
                self._error = error
                given_up = self._given_up
            os.close(self.fd)
            if not given_up:
                self._done.set()
            return
        with self._guard:
            self._locked = not self._given_up
        if self._locked:
            self._done.set()
        else:
            _unlock(self.fd)

    def wait(self, timeout: float) -> bool:
        """True when the lock is ours; False when the deadline passed (the waiter then owns ``fd``)."""
        self._done.wait(timeout)
        with self._guard:
            if self._error is not None:
                raise self._error
            self._given_up = not self._locked
            return self._locked
