"""The page's language in the HTML the server sends (WCAG 3.1.1): ``lang="da"``, not Streamlit's ``en``.

Streamlit's index.html says ``<html lang="en">`` whatever the app speaks. The app is Danish by
default and a new session always starts in Danish, so the page the browser loads says ``da``; when
someone chooses English in the sidebar, ``ui.document.declare_language`` changes the attribute in
the browser on that run. Without this, a screen reader reads the first screen with an English voice
until the app's first run has finished.

Only the app's own page is touched: a GET of a path that is not one of Streamlit's assets, whose
answer is HTML. That page is small (8 kB), so it is sent uncompressed rather than unpacked and
packed again; scripts, styles and the websocket pass untouched, compression included.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assessment.kernel.i18n import DEFAULT_LANGUAGE

# Streamlit's own routes: static files, its API and websocket, downloads, components, sign-in.
ASSET_PREFIXES = (
    "/static/",
    "/_stcore/",
    "/media/",
    "/component/",
    "/app/static/",
    "/auth/",
    "/oauth2callback",
)
STREAMLIT_LANG = b'<html lang="en"'


class DocumentLanguageMiddleware:
    """Pure ASGI middleware, so that streamed answers and the websocket pass as they are."""

    def __init__(self, app: ASGIApp, language: str = DEFAULT_LANGUAGE) -> None:
        self.app = app
        self.replacement = f'<html lang="{language}"'.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(ASSET_PREFIXES):
            await self.app(scope, receive, send)
            return
        # The page uncompressed, so its text can be changed (see above).
        headers = [(name, value) for name, value in scope["headers"] if name.lower() != b"accept-encoding"]
        start: Message | None = None
        parts: list[bytes] = []

        async def send_page(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                found = MutableHeaders(raw=message["headers"])
                if (
                    message["status"] == 200
                    and found.get("content-type", "").startswith("text/html")
                    and "content-encoding" not in found
                ):
                    start = message  # held until the whole page is here
                    return
            elif message["type"] == "http.response.body" and start is not None:
                parts.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(parts).replace(STREAMLIT_LANG, self.replacement, 1)
                changed = MutableHeaders(raw=list(start["headers"]))
                changed["content-length"] = str(len(page))
                if "etag" in changed:  # another body than the file's: its tag no longer fits
                    del changed["etag"]
                await send({**start, "headers": changed.raw})
                await send({"type": "http.response.body", "body": page, "more_body": False})
                return
            await send(message)

        await self.app({**scope, "headers": headers}, receive, send_page)
