"""How long a person waits in the browser: from the click to the settled screen.

"Settled" is what a person sees as done: the server has sent the end of the script run that the
click started (a whole run, or a fragment's), and the browser has drawn it (two animation frames
later). The time is taken inside the page, from the pointer going down, so Playwright's own
overhead before the click is not counted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from playwright.sync_api import Page, WebSocket
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}

_MARK_POINTER_DOWN = """() => {
  window.__kkPointerDown = null;
  if (!window.__kkListening) {
    window.__kkListening = true;
    window.addEventListener('pointerdown', () => { window.__kkPointerDown = performance.now(); }, true);
    window.addEventListener('keydown', () => { window.__kkPointerDown = performance.now(); }, true);
  }
}"""

_AFTER_TWO_FRAMES = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(
  () => resolve(window.__kkPointerDown === null ? null : performance.now() - window.__kkPointerDown))))"""


class ScriptRuns:
    """Counts the script runs the server reports finished on this page's websocket."""

    def __init__(self, page: Page) -> None:
        self._finished = 0
        self._changed = threading.Condition()
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(payload)
        except Exception:  # not every frame is a ForwardMsg worth reading
            return
        if message.WhichOneof("type") == "script_finished" and message.script_finished in _DONE:
            with self._changed:
                self._finished += 1
                self._changed.notify_all()

    @property
    def finished(self) -> int:
        return self._finished


def settled_after(page: Page, runs: ScriptRuns, act: Callable[[], None], timeout_s: float = 60) -> float:
    """Milliseconds from the pointer (or key) going down in ``act`` to the settled screen."""
    page.evaluate(_MARK_POINTER_DOWN)
    before = runs.finished
    act()
    deadline = time.monotonic() + timeout_s
    # Playwright delivers websocket events while the page is being driven, so poll through it.
    while runs.finished == before:
        if time.monotonic() > deadline:
            raise TimeoutError("the script run the click started did not finish")
        page.wait_for_timeout(5)
    elapsed = page.evaluate(_AFTER_TWO_FRAMES)
    if elapsed is None:
        raise RuntimeError("the action did not press a pointer or a key in the page")
    return float(elapsed)
