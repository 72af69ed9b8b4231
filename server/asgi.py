"""The ASGI application: ``app.py`` as ``st.App`` with ``/healthz``, the access log and a check
of the ``Host`` header.

``uvicorn server.asgi:app`` serves it too, but ``python -m server`` is the supported start: it
warms up and freezes the heavy imports and binds the socket so that ``TCP_NODELAY`` is set.
Streamlit's own routes stay as they are, among them ``/_stcore/stream`` (the websocket),
``/_stcore/upload_file`` (uploads, XSRF-checked), ``/media`` (downloads), ``/_stcore/health``
and the sign-in routes ``/auth/login``, ``/auth/logout`` and ``/oauth2callback`` used by
``st.login``; every other path is the single-page app, so deep links such as
``/discussion?proposal=2`` open the right screen.

The page is sent with ``lang="da"`` (``server.document_language``): Streamlit's says ``en``.

Only requests for the host names in ``KERNEKOMPAS_ALLOWED_HOSTS`` are served (400 otherwise,
websockets are refused before they are accepted). Streamlit's websocket check compares
``Origin`` with ``Host``; after a DNS rebinding both name the attacker's domain and agree, so the
name itself has to be checked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from server.access_log import AccessLogMiddleware
from server.document_language import DocumentLanguageMiddleware
from server.health import health_route

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "app.py"
ALLOWED_HOSTS_VARIABLE = "KERNEKOMPAS_ALLOWED_HOSTS"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
# Binding to every interface names no host a browser could use.
_ANY_ADDRESS = ("", "0.0.0.0", "::", "[::]")


def allowed_hosts(bind_host: str | None = None) -> list[str]:
    """The host names (without port) this process answers to.

    ``KERNEKOMPAS_ALLOWED_HOSTS`` (comma-separated) when set; otherwise the loopback names plus the
    address the server binds (``bind_host``, else ``KERNEKOMPAS_HOST``) when that is one address."""
    configured = [name.strip().lower() for name in os.environ.get(ALLOWED_HOSTS_VARIABLE, "").split(",")]
    names = [name for name in configured if name]
    for name in names:
        # Starlette compares the Host header without its port: an entry with one would never match.
        if ":" in name.rpartition("]")[2]:
            raise ValueError(f"{ALLOWED_HOSTS_VARIABLE}: {name!r} has a port; list host names only")
    if names:
        return names
    bind = (bind_host if bind_host is not None else os.environ.get("KERNEKOMPAS_HOST", "127.0.0.1")).lower()
    hosts = list(LOOPBACK_NAMES)
    if bind not in _ANY_ADDRESS:
        bound = f"[{bind}]" if ":" in bind and not bind.startswith("[") else bind
        if bound not in hosts:
            hosts.append(bound)
    return hosts


def build_app(script: Path = SCRIPT, hosts: Sequence[str] | None = None) -> st.App:
    holder: dict[str, st.App] = {}

    def runtime_is_running() -> bool:
        from streamlit.runtime import RuntimeState

        runtime = holder["app"]._runtime
        return runtime is not None and runtime.state not in (RuntimeState.STOPPING, RuntimeState.STOPPED)

    # An absolute script path: Streamlit then finds ROOT/.streamlit/config.toml and ROOT's
    # secrets whatever the working directory of the service is.
    application = st.App(
        script,
        routes=[health_route(runtime_is_running)],
        middleware=[
            # Outermost, so that refused requests are logged too.
            Middleware(AccessLogMiddleware),
            # Before every route, /healthz included; www_redirect off: a refused name gets no
            # redirect to another one.
            Middleware(
                TrustedHostMiddleware,
                allowed_hosts=list(hosts) if hosts is not None else allowed_hosts(),
                www_redirect=False,
            ),
            # The page's language in the HTML itself, for the first moment before the app has run.
            Middleware(DocumentLanguageMiddleware),
        ],
    )
    holder["app"] = application
    return application


def __getattr__(name: str) -> st.App:
    # ``uvicorn server.asgi:app``: built on first use, so that ``python -m server`` (which builds
    # its own with the host it binds) does not build a second one.
    if name == "app":
        application = build_app()
        globals()["app"] = application
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
