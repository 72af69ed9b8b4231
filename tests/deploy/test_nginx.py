"""The large-municipality deployment, for real: two app processes on one PostgreSQL behind nginx
(deploy/nginx.conf, as shipped), a shared cookie secret, sticky sessions, TLS, gzip and security
headers; two browsers write through the proxy, each pinned to a different process.

Sign-in is real: both processes read one secrets file whose ``[auth]`` section points at
oidc-provider-mock (redirect_uri ``https://127.0.0.1:<proxy port>/oauth2callback``, one
cookie_secret), and each browser signs in through ``/auth/login`` at the proxy. One sign-in is
deliberately sent back to the other process (the login state is a cookie signed with the shared
cookie_secret, not process memory), and both browsers are moved to the other process at the end:
signing in survives a change of process, the open Streamlit session does not (docs/deploy.md).
"""

from __future__ import annotations

import os
import re
import secrets
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, text

from scripts.browser import by_key, choose_language, go_to, pick, type_into, wait_until_idle
from tests import tools
from tests.deploy.conftest import ROOT, AppProcess, start_app
from tests.e2e import oidc
from tests.e2e.servers import free_port, mock_sign_in_provider, stop

TEMPLATE = ROOT / "deploy" / "nginx.conf"
UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate
LEADER = "birgitte.lund@fjordby.dk"  # leads Hjemmeplejen Syd (demo/content.py)
ADMIN = "henrik.holm@fjordby.dk"  # administrator of Fjordby Kommune
REHABILITATION = "Hverdagsrehabilitering som første tilbud til nye borgere"  # in discussion


@dataclass
class Deployment:
    proxy: str
    http_proxy: str
    apps: list[AppProcess]
    access_log: Path
    database_url: str

    def query(self, sql: str, **parameters: object) -> list[Any]:
        """What the processes really stored, read straight from PostgreSQL."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(text(sql), parameters))
        finally:
            engine.dispose()


def _nginx_config(folder: Path, apps: list[AppProcess], port: int, http_port: int) -> Path:
    subprocess.run(
        [
            *(
                tools.OPENSSL.path(),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
            ),
            *("-keyout", str(folder / "tls.key"), "-out", str(folder / "tls.crt")),
        ],
        check=True,
        capture_output=True,
    )
    site = TEMPLATE.read_text(encoding="utf-8")
    for placeholder, value in {
        "UPSTREAM_SERVERS": "\n    ".join(f"server {app.url.removeprefix('http://')};" for app in apps),
        "LISTEN": f"127.0.0.1:{port}",
        "HTTP_LISTEN": f"127.0.0.1:{http_port}",
        "SERVER_NAME": "127.0.0.1",
        "TLS_CERTIFICATE": str(folder / "tls.crt"),
        "TLS_KEY": str(folder / "tls.key"),
        "ACCESS_LOG": str(folder / "access.log"),
    }.items():
        site = site.replace(f"@@{placeholder}@@", value)
    assert not re.search(r"@@[A-Z_]+@@", site), "a placeholder of deploy/nginx.conf is not filled in"
    (folder / "kernekompas.conf").write_text(site, encoding="utf-8")
    main = folder / "nginx.conf"
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        + "events { worker_connections 256; }\n"
        + f"http {{\n    include /etc/nginx/mime.types;\n{temp}\n    include {folder / 'kernekompas.conf'};\n}}\n",
        encoding="utf-8",
    )
    return main


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[Deployment]:
    nginx_program = tools.NGINX.path()
    tools.OPENSSL.need()  # before the slow start of the apps
    folder = tmp_path_factory.mktemp("deploy")
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url,
        # One secret for all processes: a cookie signed by one is accepted by the others.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        # The proxy's host name as browsers see it: nginx passes their Host header on.
        "KERNEKOMPAS_ALLOWED_HOSTS": "127.0.0.1",
    }
    apps: list[AppProcess] = []
    nginx = None
    with ExitStack() as stack:
        try:
            provider = stack.enter_context(mock_sign_in_provider(folder))
            port, http_port = free_port(), free_port()
            proxy = f"https://127.0.0.1:{port}"
            # One secrets file for all processes: the same [auth] cookie_secret and client, and the
            # provider sends the browser back to the proxy, not to a process.
            secrets_file = oidc.write_secrets(folder / "secrets.toml", app_url=proxy, provider_url=provider)
            options = ["--secrets.files", str(secrets_file)]
            apps = [start_app(folder, "app-a", env, options), start_app(folder, "app-b", env, options)]
            config = _nginx_config(folder, apps, port, http_port)
            subprocess.run(
                [nginx_program, "-t", "-c", str(config), "-e", str(folder / "error.log")],
                check=True,
                capture_output=True,
            )
            nginx = subprocess.Popen(
                [nginx_program, "-c", str(config), "-e", str(folder / "error.log")], cwd=folder
            )
            _wait_for_tls(f"{proxy}/_stcore/health", nginx)
            yield Deployment(
                proxy, f"http://127.0.0.1:{http_port}", apps, folder / "access.log", postgres_url
            )
        finally:
            if nginx is not None:
                stop(nginx)
            for app in apps:
                stop(app.process)


def _wait_for_tls(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=UNVERIFIED):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10, context=UNVERIFIED) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def _answer(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Status and body, error statuses included."""
    try:
        status, _, body = _get(url, headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    return status, body


def _route_to(deployment: Deployment, app: AppProcess) -> str:
    """A route cookie value that nginx's consistent hash sends to ``app`` (read from its log)."""
    for _ in range(200):
        route = secrets.token_hex(16)
        _get(f"{deployment.proxy}/_stcore/health", {"Cookie": f"kk_route={route}"})
        time.sleep(0.05)
        last = deployment.access_log.read_text(encoding="utf-8").strip().splitlines()[-1]
        if f"upstream={app.url.removeprefix('http://')}" in last:
            return route
    raise AssertionError(f"no route cookie reached {app.url}")


def test_the_proxy_sends_security_headers_and_compresses_static_files(deployment: Deployment):
    status, headers, body = _get(deployment.proxy + "/")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    # Only this origin, its websocket included (the browser test below connects under it); a
    # scheme such as wss: would allow a websocket to any host.
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["connect-src"] == "'self'"
    assert headers["strict-transport-security"].startswith("max-age=")
    assert headers["x-content-type-options"] == "nosniff"
    assert "kk_route=" in headers.get("set-cookie", "")
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', body)
    assert script, "the page names its JavaScript bundle"
    _, js_headers, _ = _get(f"{deployment.proxy}/{script.group(1).decode()}", {"Accept-Encoding": "gzip"})
    assert js_headers.get("content-encoding") == "gzip"
    assert js_headers["x-content-type-options"] == "nosniff"


def test_plain_http_is_sent_to_https(deployment: Deployment):
    request = urllib.request.Request(deployment.http_proxy + "/discussion")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=5)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_health_is_answered_by_each_process_but_not_through_the_proxy(deployment: Deployment):
    for app in deployment.apps:
        status, _, body = _get(f"{app.url}/healthz")
        assert status == 200 and b'"database":"ok"' in body
    # From the browser's side (this test, too, calls from 127.0.0.1): never passed on to a
    # process, however the path is spelled.
    assert _answer(f"{deployment.proxy}/healthz")[0] == 404
    for path in ("/healthz", "/healthz?full=1", "/%68ealthz", "//healthz", "/./healthz"):
        status, body = _answer(deployment.proxy + path)
        assert b'"database"' not in body, path
        assert status in (200, 404), path  # another spelling is the single-page app


def test_a_host_name_other_than_the_proxys_is_refused_by_the_processes(deployment: Deployment):
    # DNS rebinding: the attacker's name resolves to this proxy; nginx passes the Host on.
    assert _answer(f"{deployment.proxy}/", {"Host": "rebind.evil.example"})[0] == 400
    assert _answer(f"{deployment.proxy}/", {"Host": deployment.proxy.removeprefix("https://")})[0] == 200


def _browser(
    chromium: Browser, deployment: Deployment, app: AppProcess, language: str
) -> tuple[BrowserContext, Page]:
    context = chromium.new_context(
        ignore_https_errors=True, viewport={"width": 1366, "height": 900}, locale=language
    )
    _pin(context, deployment, app)
    page = context.new_page()
    page.set_default_timeout(oidc.SLOW_MS)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.violations = violations  # type: ignore[attr-defined]
    return context, page


def _pin(context: BrowserContext, deployment: Deployment, app: AppProcess) -> None:
    """Send this browser's requests to ``app`` from now on (replacing its route cookie)."""
    context.add_cookies([{"name": "kk_route", "value": _route_to(deployment, app), "url": deployment.proxy}])


def _upstream_of(deployment: Deployment, path: str) -> str:
    """The process that served the last request for ``path``, from nginx's log."""
    lines = [
        line for line in deployment.access_log.read_text(encoding="utf-8").splitlines() if f" {path} " in line
    ]
    assert lines, f"nginx logged no request for {path}"
    return "http://" + re.search(r"upstream=(\S+)", lines[-1]).group(1)  # type: ignore[union-attr]


def sign_in(page: Page, deployment: Deployment, email: str, *, back_to: AppProcess | None = None) -> None:
    """Sign in through the proxy at the mock provider; with ``back_to`` the provider's redirect
    to /oauth2callback is sent to that process instead of the one that began the sign-in."""

    def switch(at_provider: Page) -> None:
        if back_to is not None:
            _pin(at_provider.context, deployment, back_to)

    oidc.sign_in(page, deployment.proxy, email, at_provider=switch)


def _signed_in_as(page: Page, label: str) -> None:
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(label)).to_be_visible(timeout=oidc.SLOW_MS)


def _record_dilemma(page: Page, text_: str) -> None:
    page.locator('[data-testid="stMain"]').get_by_role("tab").filter(has_text="Dilemmaer").click()
    type_into(page, "discussion.dilemma.text", text_)
    type_into(page, "discussion.dilemma.pole_a", "Hurtig hjælp")
    type_into(page, "discussion.dilemma.pole_b", "Borgerens egne kræfter")
    by_key(page, "discussion.dilemma.save").locator("button").click()
    wait_until_idle(page, oidc.SLOW_MS)


def _dilemmas_shown(page: Page) -> str:
    page.locator('[data-testid="stMain"]').get_by_role("tab").filter(has_text="Dilemma").click()
    wait_until_idle(page, oidc.SLOW_MS)
    return page.locator('[data-testid="stMain"]').inner_text()


def _add_person(page: Page, name: str, email: str) -> None:
    go_to(page, "Administration")
    page.get_by_role("tab", name=re.compile("Personer|People")).click()
    type_into(page, "admin.person.name", name)
    type_into(page, "admin.person.email", email)
    pick(page, "admin.person.profession", "Pædagog")
    page.locator('[class~="st-key-admin-person-add"] button').click()
    wait_until_idle(page, oidc.SLOW_MS)


def _expect_person_offered(page: Page, name: str) -> None:
    """The administrator's person picker offers ``name`` (typed in: the list shows only the first ones)."""
    page.get_by_role("tab", name=re.compile("Personer|People")).click()
    box = by_key(page, "admin.manage.person").locator('[role="combobox"]').first
    box.click()
    box.fill(name)
    expect(page.locator('[role="option"]').filter(has_text=name)).to_have_count(1)
    page.keyboard.press("Escape")


def test_two_people_sign_in_through_the_proxy_write_from_both_processes_and_see_every_write(
    deployment: Deployment, chromium: Browser
):
    app_a, app_b = deployment.apps
    tag = secrets.token_hex(3)
    dilemma = f"Driftstest {tag}: hurtig hjælp eller egne kræfter?"
    person, person_email = f"Driftstest B {tag}", f"drift-b-{tag}@example.invalid"
    [(rehabilitation,)] = deployment.query("SELECT id FROM proposal WHERE title = :t", t=REHABILITATION)
    context_a, page_a = _browser(chromium, deployment, app_a, "da-DK")
    context_b, page_b = _browser(chromium, deployment, app_b, "da-DK")
    try:
        # The leader signs in on process A from start to end.
        sign_in(page_a, deployment, LEADER)
        assert _upstream_of(deployment, "/auth/login") == app_a.url
        assert _upstream_of(deployment, "/oauth2callback") == app_a.url
        _signed_in_as(page_a, "Logget ind som Birgitte Lund")

        # The administrator begins on B and comes back from the provider to A: the login state
        # travels in a cookie signed with the shared cookie_secret, so either process completes it.
        sign_in(page_b, deployment, ADMIN, back_to=app_a)
        assert _upstream_of(deployment, "/auth/login") == app_b.url
        assert _upstream_of(deployment, "/oauth2callback") == app_a.url
        _signed_in_as(page_b, "Logget ind som Henrik Holm")
        # Back to B: the identity cookie is accepted there too, without signing in again.
        _pin(context_b, deployment, app_b)
        page_b.goto(deployment.proxy + "/")
        wait_until_idle(page_b, oidc.SLOW_MS)
        choose_language(page_b, "en", oidc.SLOW_MS)
        _signed_in_as(page_b, "Signed in as Henrik Holm")

        # One write from each process: a dilemma by the leader on A, a new person by the admin on B.
        page_a.goto(f"{deployment.proxy}/discussion?proposal={rehabilitation}")
        wait_until_idle(page_a, oidc.SLOW_MS)
        _record_dilemma(page_a, dilemma)
        assert dilemma in _dilemmas_shown(page_a)
        _add_person(page_b, person, person_email)
        _expect_person_offered(page_b, person)

        # Each browser was served by its own process: each process's log has its screen's reruns.
        for app, screen in ((app_a, "discussion"), (app_b, "admin")):
            assert re.search(rf"rerun conn=\w+ page={screen} .*status=finished", app.log.read_text("utf-8"))

        # No session mixes with another: the open tabs still show their own person and language,
        # and the database holds each write under the person who made it.
        go_to(page_a, "Overblik")
        go_to(page_b, "Overview")
        _signed_in_as(page_a, "Logget ind som Birgitte Lund")
        _signed_in_as(page_b, "Signed in as Henrik Holm")
        writers = deployment.query(
            "SELECT a.action, p.email FROM audit_event a JOIN person p ON p.id = a.actor_id "
            "WHERE a.action IN ('dilemma.record', 'person.register') ORDER BY a.id DESC LIMIT 2"
        )
        assert sorted(tuple(row) for row in writers) == [
            ("dilemma.record", LEADER),
            ("person.register", ADMIN),
        ]
        assert page_a.violations == [] and page_b.violations == []  # type: ignore[attr-defined]

        # Every write is seen by both processes: each browser moves to the other process (a new
        # Streamlit session there, still signed in by its cookie) and finds the other's write.
        _pin(context_a, deployment, app_b)
        _pin(context_b, deployment, app_a)
        page_a.goto(f"{deployment.proxy}/discussion?proposal={rehabilitation}")
        wait_until_idle(page_a, oidc.SLOW_MS)
        page_b.goto(f"{deployment.proxy}/admin")
        wait_until_idle(page_b, oidc.SLOW_MS)
        _signed_in_as(page_a, "Logget ind som Birgitte Lund")
        _signed_in_as(page_b, "Logget ind som Henrik Holm")
        assert dilemma in _dilemmas_shown(page_a)  # written through A, read on B
        _expect_person_offered(page_b, person)  # written through B, read on A
        for app, screen in ((app_b, "discussion"), (app_a, "admin")):
            assert re.search(rf"rerun conn=\w+ page={screen} .*status=finished", app.log.read_text("utf-8"))
    finally:
        context_a.close()
        context_b.close()


def test_logs_hold_no_personal_data(deployment: Deployment):
    logs = deployment.access_log.read_text(encoding="utf-8") + "".join(
        app.log.read_text(encoding="utf-8") for app in deployment.apps
    )
    assert "kernekompas.access" in logs
    assert "@example.invalid" not in logs and "Driftstest" not in logs
    assert "fjordby.dk" not in logs  # the signed-in people's addresses
    assert "127.0.0.1 -" not in logs  # no client addresses in nginx's lines
