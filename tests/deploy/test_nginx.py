"""The large-municipality deployment, for real: two app processes on one PostgreSQL behind nginx
(deploy/nginx.conf, as shipped), a shared cookie secret, sticky sessions, TLS, gzip and security
headers; two browsers write through the proxy, each pinned to a different process.

Sign-in: today the app runs in local mode, so each browser "signs in" by choosing a person in
the sidebar (``sign_in`` below). When st.login is configured (issue 5), ``sign_in`` is the one
place to change: give both processes the same ``[auth]`` secrets (redirect_uri
``https://127.0.0.1:<proxy port>/oauth2callback``, one cookie_secret) and sign in through
``/auth/login`` at the proxy against oidc-provider-mock.
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
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from scripts.browser import act_as, go_to, pick, type_into, wait_until_idle
from tests.deploy.conftest import NGINX, ROOT, AppProcess, free_port, need, start_app, stop

TEMPLATE = ROOT / "deploy" / "nginx.conf"
UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate


@dataclass
class Deployment:
    proxy: str
    http_proxy: str
    apps: list[AppProcess]
    access_log: Path


def _nginx_config(folder: Path, apps: list[AppProcess], port: int, http_port: int) -> Path:
    subprocess.run(
        [
            *(
                "openssl",
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
    need(Path(NGINX).exists(), f"the deployment test needs Debian's nginx at {NGINX} (apt-get install nginx)")
    folder = tmp_path_factory.mktemp("deploy")
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url,
        # One secret for all processes: a cookie signed by one is accepted by the others.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
    }
    apps: list[AppProcess] = []
    nginx = None
    try:
        apps = [start_app(folder, "app-a", env), start_app(folder, "app-b", env)]
        port, http_port = free_port(), free_port()
        config = _nginx_config(folder, apps, port, http_port)
        subprocess.run(
            [NGINX, "-t", "-c", str(config), "-e", str(folder / "error.log")], check=True, capture_output=True
        )
        nginx = subprocess.Popen([NGINX, "-c", str(config), "-e", str(folder / "error.log")], cwd=folder)
        proxy = f"https://127.0.0.1:{port}"
        _wait_for_tls(f"{proxy}/healthz", nginx)
        yield Deployment(proxy, f"http://127.0.0.1:{http_port}", apps, folder / "access.log")
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


def test_health_is_answered_by_each_process_and_through_the_proxy(deployment: Deployment):
    for url in [deployment.proxy, *(app.url for app in deployment.apps)]:
        status, _, body = _get(f"{url}/healthz")
        assert status == 200 and b'"database":"ok"' in body


def _browser(
    chromium: Browser, deployment: Deployment, app: AppProcess, language: str
) -> tuple[BrowserContext, Page]:
    context = chromium.new_context(
        ignore_https_errors=True, viewport={"width": 1366, "height": 900}, locale=language
    )
    context.add_cookies([{"name": "kk_route", "value": _route_to(deployment, app), "url": deployment.proxy}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.violations = violations  # type: ignore[attr-defined]
    page.goto(deployment.proxy + "/")
    wait_until_idle(page)
    return context, page


def sign_in(page: Page, person: str) -> None:
    # Local mode today. With st.login (issue 5): page.goto(proxy + "/auth/login"), sign in at the
    # mock provider as `person`, and wait for the redirect back through /oauth2callback.
    act_as(page, person)


def _add_person(page: Page, name: str, email: str) -> None:
    go_to(page, "Administration")
    page.get_by_role("tab", name=re.compile("Personer|People")).click()
    type_into(page, "admin.person.name", name)
    type_into(page, "admin.person.email", email)
    pick(page, "admin.person.profession", "Pædagog")
    page.locator('[class~="st-key-admin-person-add"] button').click()
    wait_until_idle(page)


def _people_offered(page: Page) -> str:
    box = page.locator('[class~="st-key-app-person"] [role="combobox"]').first
    box.click()
    offered = " | ".join(page.locator('[role="option"]').all_inner_texts())
    page.keyboard.press("Escape")
    return offered


def test_two_browsers_write_through_the_proxy_and_both_processes_see_every_write(
    deployment: Deployment, chromium: Browser
):
    app_a, app_b = deployment.apps
    tag = secrets.token_hex(3)
    context_a, page_a = _browser(chromium, deployment, app_a, "da-DK")
    context_b, page_b = _browser(chromium, deployment, app_b, "da-DK")
    try:
        sign_in(page_a, "Anne")
        sign_in(page_b, "Jesper")
        page_b.get_by_role("radio", name="English").click()
        wait_until_idle(page_b)

        _add_person(page_a, f"Driftstest A {tag}", f"drift-a-{tag}@example.invalid")
        _add_person(page_b, f"Driftstest B {tag}", f"drift-b-{tag}@example.invalid")

        # Each browser was served by its own process: nginx sent requests to both, and each
        # process's own log shows the Administration screen's reruns (nobody else opened it).
        log = deployment.access_log.read_text(encoding="utf-8")
        for app in (app_a, app_b):
            assert f"upstream={app.url.removeprefix('http://')}" in log
            assert re.search(
                r"rerun conn=\w+ page=admin status=finished", app.log.read_text(encoding="utf-8")
            )

        # Every write is seen by both processes, asked directly (a new session on each).
        for app in (app_a, app_b):
            context = chromium.new_context()
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(app.url + "/")
            wait_until_idle(page)
            offered = _people_offered(page)
            context.close()
            assert f"Driftstest A {tag}" in offered and f"Driftstest B {tag}" in offered, app.url

        # No session mixes with another: after both wrote, each browser still has its own person
        # and language (a reload would start a new session, so the open tabs are asked).
        go_to(page_a, "Overblik")
        go_to(page_b, "Overview")
        expect(page_a.get_by_text("Lokal tilstand, uden login")).to_be_visible()
        expect(page_b.get_by_text("Local mode, without sign-in")).to_be_visible()
        expect(page_a.locator('[class~="st-key-app-person"] input')).to_have_value(re.compile("^Anne"))
        expect(page_b.locator('[class~="st-key-app-person"] input')).to_have_value(re.compile("^Jesper"))
        assert page_a.violations == [] and page_b.violations == []  # type: ignore[attr-defined]
    finally:
        context_a.close()
        context_b.close()


def test_logs_hold_no_personal_data(deployment: Deployment):
    logs = deployment.access_log.read_text(encoding="utf-8") + "".join(
        app.log.read_text(encoding="utf-8") for app in deployment.apps
    )
    assert "kernekompas.access" in logs
    assert "@example.invalid" not in logs and "Driftstest" not in logs
    assert "127.0.0.1 -" not in logs  # no client addresses in nginx's lines
