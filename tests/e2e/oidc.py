"""Signing in and out in the browser tests, through the mock OpenID Connect provider.

The app is configured as in production (an ``[auth]`` section in a secrets file), only pointed at
the mock provider from :func:`tests.e2e.servers.mock_sign_in_provider`, whose authorisation page
asks for the subject to sign in as: it becomes the ``email`` claim.
"""

from __future__ import annotations

import json
import secrets
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from scripts.browser import wait_until_idle

SUPPORT_CONTACT = "it-support@fjordby.dk"
SIGN_IN = "Log ind"
SIGN_OUT = "Log ud"
SIGN_IN_TEXT = "Log ind med din arbejdskonto"
# Streamlit's identity cookie (split into _1, _2, … when large).
USER_COOKIE = "_streamlit_user"
# Signing in takes three redirects and a first run of the app: generous on a busy machine.
SLOW_MS = 60_000


def write_secrets(path: Path, *, app_url: str, provider_url: str) -> Path:
    """A secrets file as docs/sign-in.md describes, for the app at ``app_url``."""
    values = {
        "redirect_uri": f"{app_url}/oauth2callback",
        "cookie_secret": secrets.token_urlsafe(32),
        "client_id": "kernekompas-e2e",
        "client_secret": secrets.token_urlsafe(16),
        "server_metadata_url": f"{provider_url}/.well-known/openid-configuration",
    }
    lines = ["[auth]", *(f"{key} = {json.dumps(value)}" for key, value in values.items())]
    lines += ["", "[kernekompas]", f"support_contact = {json.dumps(SUPPORT_CONTACT)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def sign_in(
    page: Page,
    app_url: str,
    email: str,
    path: str = "",
    at_provider: Callable[[Page], None] | None = None,
) -> None:
    """Open the app, press "Log ind", and sign in at the provider as ``email``.

    ``at_provider`` runs while the browser is at the provider, before it is sent back."""
    page.goto(f"{app_url}/{path}")
    wait_until_idle(page, SLOW_MS)
    page.get_by_role("button", name=SIGN_IN).click()
    page.get_by_placeholder("sub").wait_for(timeout=SLOW_MS)
    vouch_for(page.url.split("/oauth2/", 1)[0], email)
    page.get_by_placeholder("sub").fill(email)  # the mock provider's form
    if at_provider is not None:
        at_provider(page)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/**", timeout=SLOW_MS)
    wait_until_idle(page, SLOW_MS)


def vouch_for(provider_url: str, email: str, verified: bool | None = True) -> None:
    """Make the mock provider send ``email_verified`` for this subject, as a real provider does for
    an address it has checked (None: no such claim); without it the app matches the address to nobody."""
    claims: dict[str, object] = {"email": email}
    if verified is not None:
        claims["email_verified"] = verified
    request = urllib.request.Request(
        f"{provider_url}/users/{urllib.parse.quote(email, safe='')}",
        data=json.dumps(claims).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204, response.status


def sign_out(page: Page, app_url: str, button_place: str = '[data-testid="stSidebar"]') -> None:
    """Press "Log ud", then end the session at the provider, which sends the browser back."""
    page.locator(button_place).get_by_role("button", name=SIGN_OUT).click()
    # Streamlit deletes its cookie and hands over to the provider's end-session page.
    page.get_by_role("button", name="End session").wait_for(timeout=SLOW_MS)
    assert not has_identity_cookie(page.context), "the identity cookie outlived signing out"
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app_url}/**", timeout=SLOW_MS)
    wait_until_idle(page, SLOW_MS)


def has_identity_cookie(context: BrowserContext) -> bool:
    return any(cookie["name"].startswith(USER_COOKIE) for cookie in context.cookies())


def expect_sign_in_page(page: Page) -> None:
    """The sign-in page and nothing else: no navigation, no proposal, no one's name."""
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Kernekompas")).to_be_visible(timeout=SLOW_MS)
    expect(main.get_by_text(SIGN_IN_TEXT)).to_be_visible()
    expect(main.get_by_role("button", name=SIGN_IN)).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(page.get_by_role("button", name=SIGN_OUT)).to_have_count(0)
