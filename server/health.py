"""``/healthz``: 200 when this process can serve a rerun (its runtime runs and the database
answers a trivial query), 503 otherwise. Monitoring polls each process on its own port; nginx does
not pass it on (deploy/nginx.conf).

The body says only ``ok`` or ``not ok`` per part: why a part failed (an exception's class, a
timeout) is for the log, not for whoever can reach the port."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from functools import cache

from sqlalchemy import Engine, text
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from storage.engine import database_url, make_engine

_LOGGER = logging.getLogger("kernekompas.health")
# A load balancer's check times out after a few seconds; answer before it does.
DATABASE_TIMEOUT_S = 2.0


@cache
def _engine(url: str) -> Engine:
    # Its own single connection: the check must not queue behind the users' pool, and a stuck
    # database must not hold more than one connection of this process.
    options: dict[str, object] = {"pool_size": 1, "max_overflow": 0, "pool_timeout": DATABASE_TIMEOUT_S}
    if url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": int(DATABASE_TIMEOUT_S) or 1}
    return make_engine(url, **options)


def _ping_database(url: str) -> None:
    # The migrations' own table: answers only when the database is reachable *and* has the schema
    # (a process pointed at an empty database would fail every rerun).
    with _engine(url).connect() as connection:
        connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


async def check_database(url: str) -> str | None:
    """None when the database answered in time, else a short reason for the log (no connection
    details)."""
    try:
        await asyncio.wait_for(asyncio.to_thread(_ping_database, url), DATABASE_TIMEOUT_S)
    except TimeoutError:
        return "timeout"
    except Exception as error:  # any failure means "not healthy"; the kind is logged
        return type(error).__name__
    return None


def health_route(runtime_is_running: Callable[[], bool]) -> Route:
    async def healthz(request: Request) -> JSONResponse:
        started = time.perf_counter()
        problems: dict[str, str] = {}
        if not runtime_is_running():
            problems["runtime"] = "not running"
        database_problem = await check_database(database_url())
        if database_problem:
            problems["database"] = database_problem
        body = {
            "status": "unavailable" if problems else "ok",
            "database": "not ok" if "database" in problems else "ok",
            "runtime": "not ok" if "runtime" in problems else "ok",
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        if problems:
            _LOGGER.warning("health check failed %s", " ".join(f"{k}={v!r}" for k, v in problems.items()))
        return JSONResponse(body, status_code=503 if problems else 200, headers={"Cache-Control": "no-store"})

    return Route("/healthz", healthz, methods=["GET", "HEAD"])
