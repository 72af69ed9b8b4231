"""The ASGI application: ``app.py`` as ``st.App`` with ``/healthz`` and the access log.

``uvicorn server.asgi:app`` serves it too, but ``python -m server`` is the supported start: it
warms up and freezes the heavy imports and binds the socket so that ``TCP_NODELAY`` is set.
Streamlit's own routes stay as they are, among them ``/_stcore/stream`` (the websocket),
``/_stcore/upload_file`` (uploads, XSRF-checked), ``/media`` (downloads), ``/_stcore/health``
and the sign-in routes ``/auth/login``, ``/auth/logout`` and ``/oauth2callback`` used by
``st.login``; every other path is the single-page app, so deep links such as
``/discussion?proposal=2`` open the right screen.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from server.access_log import AccessLogMiddleware
from server.health import health_route

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "app.py"


def build_app(script: Path = SCRIPT) -> st.App:
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
        middleware=[Middleware(AccessLogMiddleware)],
    )
    holder["app"] = application
    return application


app = build_app()
