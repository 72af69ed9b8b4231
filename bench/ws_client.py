"""A Streamlit client that speaks the browser's protocol, for benchmarks.

Protobuf over the websocket at ``/_stcore/stream``: the client sends a ``BackMsg`` with
``rerun_script`` (the page's name and query string, the widget states, and the hashes of the
large messages it already holds, as the browser does), and the run is over when a
``ForwardMsg`` ``script_finished`` arrives that is not ``FINISHED_EARLY_FOR_RERUN``. Everything
the browser would wait for (deltas, page info, ...) has then been received, so the time
measured is the time a user waits, less rendering.

What it does not do: render, send widget values (a rerun sends the widgets' current state as
empty, like a rerun from the menu), or load static files.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_LAST = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Rerun:
    seconds: float
    bytes_received: int
    messages: int
    exceptions: int


@dataclass
class Session:
    """One browser tab: one websocket, reruns one after another."""

    base_url: str  # http://127.0.0.1:8501
    page: str = ""  # the URL path name of the screen, "" for the default one
    query: str = ""  # e.g. "proposal=2"
    cached_hashes: set[str] = field(default_factory=set)
    _socket: websockets.ClientConnection | None = None

    async def connect(self) -> None:
        ws_url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        self._socket = await websockets.connect(
            ws_url,
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self.base_url),
            max_size=None,
            compression=None,  # the browser offers permessage-deflate; Streamlit 1.67 declines it by default
            open_timeout=30,
        )

    async def rerun(self, timeout: float = 120) -> Rerun:
        assert self._socket is not None, "connect first"
        message = BackMsg()
        state = message.rerun_script
        state.page_name = self.page
        state.query_string = self.query
        state.widget_states.SetInParent()
        state.cached_message_hashes.extend(sorted(self.cached_hashes))
        state.context_info.timezone = "Europe/Copenhagen"
        state.context_info.locale = "da-DK"
        state.context_info.url = f"{self.base_url}/{self.page}" + (f"?{self.query}" if self.query else "")
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        received = messages = exceptions = 0
        async with asyncio.timeout(timeout):
            while True:
                data = await self._socket.recv()
                assert isinstance(data, bytes)
                received += len(data)
                messages += 1
                forward = ForwardMsg()
                forward.ParseFromString(data)
                kind = forward.WhichOneof("type")
                if forward.metadata.cacheable and forward.hash:
                    self.cached_hashes.add(forward.hash)
                if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                    exceptions += 1
                if kind == "script_finished" and forward.script_finished in _LAST:
                    return Rerun(time.perf_counter() - started, received, messages, exceptions)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None


def wait_for_health(base_url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
