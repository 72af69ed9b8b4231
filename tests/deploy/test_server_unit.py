"""The shipped server's own pieces, without a browser: TCP_NODELAY, the access log, /healthz and
the allowed host names."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient, WebSocketDenialResponse
from streamlit import config
from streamlit.file_util import get_static_dir
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.util import calc_hash

from server import access_log, asgi
from server.__main__ import SERVED_DEFAULTS, bind_socket, load_streamlit_options
from server.health import health_route


def test_connections_accepted_by_the_server_socket_have_tcp_nodelay():
    async def accepted_nodelay() -> int:
        listener = bind_socket("127.0.0.1", 0)
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connection, sock=listener)
        port = listener.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        result = await asyncio.wait_for(seen, 5)
        writer.close()
        server.close()
        return result

    # A thread of its own: in a test process that has run a browser test, Playwright's event loop
    # is running in the main thread, and asyncio.run refuses to start a second one there.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, accepted_nodelay()).result(timeout=30) != 0


def _rerun(page: str = "", query: str = "", script_hash: str = "") -> bytes:
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    message.rerun_script.page_script_hash = script_hash
    return message.SerializeToString()


def _finished(status: int = ForwardMsg.FINISHED_SUCCESSFULLY) -> bytes:
    message = ForwardMsg()
    message.script_finished = status
    return message.SerializeToString()


def test_a_rerun_is_one_line_with_screen_and_proposal_but_no_free_text(caplog):
    access_log._SCREENS.update(access_log._screens_by_hash())
    connection = access_log._Connection()
    with caplog.at_level(logging.INFO, logger="kernekompas.access"):
        connection.on_client_message(_rerun("discussion", "proposal=2&q=Anne+Mortensen"))
        connection.on_server_message(b"x" * 5000)
        connection.on_server_message(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
        connection.on_server_message(_finished())
        connection.on_client_message(_rerun(script_hash=calc_hash("admin")))
        connection.on_server_message(_finished())
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2
    assert "page=discussion proposal=2 status=finished" in lines[0]
    assert "page=admin status=finished" in lines[1]
    assert "Anne" not in " ".join(lines)


def test_an_encoded_newline_in_a_path_cannot_forge_a_log_line_or_field(caplog):
    client = TestClient(access_log.AccessLogMiddleware(Starlette()))
    with caplog.at_level(logging.INFO, logger="kernekompas.access"):
        client.get("/x%0D%0Ahttp%20method=GET%20path=/admin%20status=200%22")
    (line,) = [record.getMessage() for record in caplog.records]
    assert "\n" not in line and "\r" not in line and '"' not in line
    assert line.split(" ")[:3] == [
        "http",
        "method=GET",
        "path=/x%0D%0Ahttp%20method=GET%20path=/admin%20status=200%22",
    ]
    assert [field for field in line.split(" ") if field.startswith("status=")] == ["status=404"]


def test_uvicorns_handshake_lines_with_the_client_address_are_dropped():
    logger = logging.getLogger("kernekompas.test.uvicorn")
    keep = access_log.WithoutClientAddresses()
    handshake = logger.makeRecord(
        logger.name,
        logging.INFO,
        __file__,
        1,
        '%s - "WebSocket %s" [accepted]',
        ("10.1.2.3:5000", "/_stcore/stream?q=Anne"),
        None,
    )
    other = logger.makeRecord(
        logger.name, logging.INFO, __file__, 1, "Started server process [%d]", (7,), None
    )
    assert (keep.filter(handshake), keep.filter(other)) == (False, True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("proposal=12", "12"), ("proposal=12abc", None), ("q=x", None), ("proposal=" + "9" * 20, None)],
)
def test_only_a_numeric_proposal_id_is_logged(query, expected):
    assert access_log.safe_proposal(query) == expected


def test_health_is_503_when_the_database_has_no_schema(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    client = TestClient(Starlette(routes=[health_route(lambda: True)]))
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["database"] == "not ok"
    # Why it failed is for the log; the body tells a caller nothing about the stack behind it.
    assert "Error" not in answer.text and "sqlite" not in answer.text.lower()


def test_health_is_200_on_a_migrated_database(migrated_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    client = TestClient(Starlette(routes=[health_route(lambda: True)]))
    answer = client.get("/healthz")
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "ok"
    assert client.get("/healthz").headers["cache-control"] == "no-store"


def test_health_is_503_when_the_runtime_stopped(migrated_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    client = TestClient(Starlette(routes=[health_route(lambda: False)]))
    assert client.get("/healthz").status_code == 503


REBINDING = "rebind.evil.example"


@pytest.fixture(scope="module")
def shipped_app() -> Iterator[TestClient]:
    """The app as ``python -m server`` builds it (app.py, its routes and middleware), allowing
    127.0.0.1 and the loopback IPv6 address; no script runs, so no database is needed."""
    application = asgi.build_app(hosts=["127.0.0.1", "[::1]"])
    with TestClient(application, base_url="http://127.0.0.1:8501") as client:
        yield client


@pytest.mark.parametrize("host", ["127.0.0.1:8501", "127.0.0.1", "[::1]:8501"])
def test_a_request_and_a_websocket_for_an_allowed_host_are_served(shipped_app, host):
    assert shipped_app.get("/_stcore/health", headers={"host": host}).status_code == 200
    with shipped_app.websocket_connect(
        "ws://127.0.0.1:8501/_stcore/stream", headers={"host": host, "origin": f"http://{host}"}
    ):
        pass


def test_a_request_and_a_websocket_for_a_rebound_host_name_are_refused(shipped_app, caplog):
    # After a DNS rebinding the attacker's page and its requests agree on the attacker's name, so
    # Streamlit's Origin-against-Host check passes; only the name itself gives it away.
    headers = {"host": REBINDING, "origin": f"http://{REBINDING}"}
    for path in ("/", "/_stcore/health", "/healthz"):
        assert shipped_app.get(path, headers=headers).status_code == 400, path
    with (
        caplog.at_level(logging.INFO, logger="kernekompas.access"),
        pytest.raises(WebSocketDenialResponse) as refused,
        shipped_app.websocket_connect(f"ws://{REBINDING}/_stcore/stream", headers=headers),
    ):
        pass
    assert refused.value.status_code == 400
    assert any("ws refused" in record.getMessage() for record in caplog.records)


def test_allowed_hosts_default_to_loopback_and_the_bound_address(monkeypatch):
    monkeypatch.delenv(asgi.ALLOWED_HOSTS_VARIABLE, raising=False)
    assert asgi.allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "[::1]"]
    assert asgi.allowed_hosts("0.0.0.0") == ["127.0.0.1", "localhost", "[::1]"]
    assert asgi.allowed_hosts("::") == ["127.0.0.1", "localhost", "[::1]"]
    assert asgi.allowed_hosts("10.20.30.40")[-1] == "10.20.30.40"
    assert asgi.allowed_hosts("fd00::5")[-1] == "[fd00::5]"


def test_allowed_hosts_when_configured_are_exactly_the_configured_names(monkeypatch):
    monkeypatch.setenv(asgi.ALLOWED_HOSTS_VARIABLE, " Kernekompas.Fjordby.dk , 127.0.0.1,")
    assert asgi.allowed_hosts("0.0.0.0") == ["kernekompas.fjordby.dk", "127.0.0.1"]
    monkeypatch.setenv(asgi.ALLOWED_HOSTS_VARIABLE, "kernekompas.fjordby.dk:443")
    with pytest.raises(ValueError, match="has a port"):
        asgi.allowed_hosts()


@pytest.mark.parametrize(
    ("flags", "expected"), [((), "none"), (("--server.fileWatcherType", "poll"), "poll")]
)
def test_the_served_app_does_not_reload_its_code_unless_asked_to(flags, expected):
    before = config.get_option("server.fileWatcherType")
    try:
        load_streamlit_options(Path("app.py").resolve(), [*SERVED_DEFAULTS, *flags])
        assert config.get_option("server.fileWatcherType") == expected
    finally:
        config.set_option("server.fileWatcherType", before)


@pytest.mark.parametrize("path", ["/", "/decision?proposal=1"])
@pytest.mark.parametrize("encoding", ["gzip, br", "identity"])
def test_the_page_is_sent_in_danish_whatever_the_browser_accepts(shipped_app, path, encoding):
    """WCAG 3.1.1: Streamlit's page says lang="en"; the app starts in Danish, so the page says so."""
    answer = shipped_app.get(path, headers={"accept-encoding": encoding})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert '<html lang="da"' in answer.text and 'lang="en"' not in answer.text
    assert int(answer.headers["content-length"]) == len(answer.content)
    assert "etag" not in answer.headers  # not the file's tag: the body is not the file


def test_streamlits_own_files_pass_untouched(shipped_app):
    page = shipped_app.get("/", headers={"accept-encoding": "identity"}).text
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', page)
    assert script is not None
    answer = shipped_app.get(f"/{script.group(1)}", headers={"accept-encoding": "gzip"})
    assert answer.status_code == 200 and "etag" in answer.headers  # Streamlit's own answer, tag included
    assert answer.content == (Path(get_static_dir()) / script.group(1)).read_bytes()
