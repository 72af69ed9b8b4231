"""One log line per HTTP request and per user action (rerun), readable by a municipal IT
department and free of personal data.

Lines are ``key=value`` pairs (logfmt), for example::

    http method=GET path=/healthz status=200 ms=1.4 bytes=61
    ws open conn=5f3a9c
    rerun conn=5f3a9c page=discussion proposal=2 status=finished ms=27.3 bytes=45210
    ws close conn=5f3a9c reruns=14 s=312

Never logged: query strings (they can carry free text), client addresses, cookies, headers,
widget values, names or e-mails. A rerun's page is the screen's URL name and its proposal the
``proposal`` query parameter, only when it is a number; ``conn`` is a random token per browser
tab's connection, so lines of one tab can be followed without knowing who it is.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.util import calc_hash

LOGGER = logging.getLogger("kernekompas.access")
SCREENS = Path(__file__).resolve().parent.parent / "screens"

# A script_finished ForwardMsg is a few dozen bytes; only messages this small are decoded, so
# the large deltas that make up most of the traffic are never parsed a second time.
_SMALL_MESSAGE = 256
# What a URL path may show as it is in a line; everything else (space, newline, quotes) is %-encoded.
PATH_SAFE = "/-._~!$&'()*+,;=:@"
_STATUS = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "finished",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment_finished",
}
_SCREENS: dict[str, str] = {}
# A run interrupted by a newer click is not the end of an action: the newer run finishes it.
_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN


def _screens_by_hash() -> dict[str, str]:
    # A click in the sidebar sends the page's hash, not its name; st.Page hashes its URL path,
    # which is the file name of the screen (app.py gives none other).
    return {calc_hash(path.stem): path.stem for path in SCREENS.glob("*.py") if path.stem != "__init__"}


def safe_page(name: str, script_hash: str = "") -> str:
    if not name and script_hash:
        return _SCREENS.get(script_hash, "other")
    cleaned = "".join(ch for ch in name if ch.isalnum() or ch in "-_")[:40]
    return cleaned or "default"


def safe_proposal(query_string: str) -> str | None:
    values = parse_qs(query_string).get("proposal", [])
    return values[0] if values and values[0].isdigit() and len(values[0]) < 12 else None


@dataclass
class _Rerun:
    page: str
    proposal: str | None
    started: float = field(default_factory=time.perf_counter)
    bytes_sent: int = 0


@dataclass
class _Connection:
    token: str = field(default_factory=lambda: secrets.token_hex(3))
    opened: float = field(default_factory=time.perf_counter)
    reruns: int = 0
    current: _Rerun | None = None

    def on_client_message(self, data: bytes) -> None:
        message = BackMsg()
        try:
            message.ParseFromString(data)
        except Exception:  # Streamlit itself rejects the frame and closes
            return
        if message.WhichOneof("type") != "rerun_script":
            return
        state = message.rerun_script
        self.current = _Rerun(
            page=safe_page(state.page_name, state.page_script_hash),
            proposal=safe_proposal(state.query_string),
        )

    def on_server_message(self, data: bytes) -> None:
        rerun = self.current
        if rerun is None:
            return
        rerun.bytes_sent += len(data)
        if len(data) > _SMALL_MESSAGE:
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(data)
        except Exception:  # not ours to judge; only the log line would miss it
            return
        if message.WhichOneof("type") != "script_finished" or message.script_finished == _EARLY:
            return
        self.reruns += 1
        self.current = None
        LOGGER.info(
            "rerun conn=%s page=%s%s status=%s ms=%.1f bytes=%d",
            self.token,
            rerun.page,
            f" proposal={rerun.proposal}" if rerun.proposal else "",
            _STATUS.get(message.script_finished, str(message.script_finished)),
            (time.perf_counter() - rerun.started) * 1000,
            rerun.bytes_sent,
        )


class AccessLogMiddleware:
    """Pure ASGI middleware (no buffering, so websockets and streamed downloads pass as they are)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        _SCREENS.update(_screens_by_hash())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        response: dict[str, Any] = {"status": 0, "bytes": 0}

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
            elif message["type"] == "http.response.body":
                response["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        finally:
            LOGGER.info(
                "http method=%s path=%s status=%s ms=%.1f bytes=%d",
                scope.get("method", "-"),
                _path(scope),
                response["status"] or 500,
                (time.perf_counter() - started) * 1000,
                response["bytes"],
            )

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection = _Connection()
        accepted = False

        async def logged_receive() -> Message:
            message = await receive()
            if message["type"] == "websocket.receive" and message.get("bytes"):
                connection.on_client_message(message["bytes"])
            return message

        async def logged_send(message: Message) -> None:
            nonlocal accepted
            if message["type"] == "websocket.accept":
                accepted = True
                LOGGER.info("ws open conn=%s path=%s", connection.token, _path(scope))
            elif message["type"] == "websocket.send" and message.get("bytes"):
                connection.on_server_message(message["bytes"])
            elif message["type"] == "websocket.close" and not accepted:
                LOGGER.info(
                    "ws refused conn=%s path=%s code=%s", connection.token, _path(scope), message.get("code")
                )
            elif message["type"] == "websocket.http.response.start":
                # A handshake answered with an HTTP error instead (a host name not allowed).
                LOGGER.info(
                    "ws refused conn=%s path=%s status=%s", connection.token, _path(scope), message["status"]
                )
            await send(message)

        try:
            await self.app(scope, logged_receive, logged_send)
        finally:
            if accepted:
                LOGGER.info(
                    "ws close conn=%s reruns=%d s=%.0f",
                    connection.token,
                    connection.reruns,
                    time.perf_counter() - connection.opened,
                )


def _path(scope: Scope) -> str:
    # The path only: query strings can carry free text typed by a user. The ASGI path is already
    # decoded, so an encoded newline or space would forge a line or a field: encode them again.
    path = quote(scope.get("path", "") or "/", safe=PATH_SAFE)
    return path if len(path) <= 200 else path[:200] + "…"


class WithoutClientAddresses(logging.Filter):
    """Drops uvicorn's line per websocket handshake: it carries the client's address and the query
    string, and ``ws open``/``ws refused`` above say the same without them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith('%s - "WebSocket '))
