"""Signing in for real: the app behind a mock OpenID Connect provider, people from the demo.

Each person signs in in their own browser context, as on their own PC, and sees and may do
what assessment.kernel.permissions.POLICY gives their roles in their units, and nothing else:

- Birgitte Lund leads Hjemmeplejen Syd (and rates and sits in its MED committee),
- Fatima Hassan rates in Hjemmeplejen Syd,
- Susanne Dahl leads Fjordby Skole,
- someone@fjordby.dk signs in at the provider but is no one in Kernekompas.

Screenshots of the sign-in page, the unknown-person page and a signed-in overview are written to
/tmp/signin-*.png for a person to look at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from scripts.browser import by_key, go_to, type_into, wait_until_idle
from tests.e2e.oidc import (
    SIGN_OUT,
    SLOW_MS,
    SUPPORT_CONTACT,
    expect_sign_in_page,
    has_identity_cookie,
    sign_in,
    sign_out,
    vouch_for,
    write_secrets,
)
from tests.e2e.servers import copy_database, free_port, mock_sign_in_provider, running_app

WEEKEND = "Faste makkerpar og ny vagtplan i weekenden"  # Hjemmeplejen Syd, blind scoring
REHABILITATION = "Hverdagsrehabilitering som første tilbud til nye borgere"  # Hjemmeplejen Syd, discussion
SCHOOL = "Lærere og pædagoger i faste årgangsteams"  # Fjordby Skole, decided
BATHS = "Badeforløb: borgerne træner i selv at klare badet"  # Hjemmeplejen Syd, followed up and closed
REFUSED = "Du har ikke adgang til at gøre dette."
SCREENSHOTS = Path("/tmp")


@dataclass(frozen=True)
class SignedInApp:
    url: str
    database: Path

    def proposal_id(self, title: str) -> int:
        return int(self.query("SELECT id FROM proposal WHERE title = ?", title)[0][0])

    def status(self, title: str) -> str:
        return str(self.query("SELECT status FROM proposal WHERE title = ?", title)[0][0])

    def denials(self, email: str) -> list[tuple[str, str]]:
        """What the audit trail says this person was refused: (action, proposal id or unit id)."""
        rows = self.query(
            "SELECT a.action, a.object_id FROM audit_event a JOIN person p ON p.id = a.actor_id "
            "WHERE p.email = ? AND a.action LIKE 'denied:%' ORDER BY a.id",
            email,
        )
        return [(str(action), str(object_id)) for action, object_id in rows]

    def query(self, sql: str, *parameters: object) -> list[tuple[Any, ...]]:
        # Read-only, straight from the file the server writes: what the server really stored.
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
            return connection.execute(sql, parameters).fetchall()


@pytest.fixture(scope="module")
def app(
    tmp_path_factory: pytest.TempPathFactory, chromium: Browser, demo_template: Path
) -> Iterator[SignedInApp]:
    """The app with sign-in configured against the mock provider, on its own copy of the demo."""
    folder = tmp_path_factory.mktemp("e2e-sign-in")
    database = copy_database(demo_template, folder)
    port = free_port()
    with mock_sign_in_provider(folder) as provider_url:
        secrets_file = write_secrets(
            folder / "secrets.toml", app_url=f"http://127.0.0.1:{port}", provider_url=provider_url
        )
        # Only this file: a developer's own .streamlit/secrets.toml must not change the test.
        with running_app(folder, database, port=port, options=["--secrets.files", str(secrets_file)]) as url:
            yield SignedInApp(url=url, database=database)


@pytest.fixture
def new_page(chromium: Browser) -> Iterator[Callable[[], Page]]:
    """Pages in browser contexts of their own: separate cookies, as on separate PCs."""
    contexts = []

    def open_() -> Page:
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(SLOW_MS)
        return page

    yield open_
    for context in contexts:
        context.close()


def _main(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"]')


def _open(page: Page, url: str) -> None:
    page.goto(url)
    wait_until_idle(page, SLOW_MS)


def _offered(page: Page, key: str) -> list[str]:
    """The titles a proposal picker offers (its labels are "title · unit · status")."""
    box = by_key(page, key).locator('[role="combobox"]').first
    box.click()
    options = page.locator('[role="option"]')
    expect(options.first).to_be_visible(timeout=SLOW_MS)
    titles = [text.split(" · ")[0].strip() for text in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return sorted(titles)


def _expect_overview(page: Page, proposals: int, name: str) -> None:
    expect(_main(page).get_by_role("heading", name="Overblik")).to_be_visible(timeout=SLOW_MS)
    expect(_main(page).get_by_text(f"{proposals} forslag, side 1 af 1")).to_be_visible(timeout=SLOW_MS)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(f"Logget ind som {name}")).to_be_visible()
    expect(sidebar.get_by_role("button", name=SIGN_OUT)).to_be_visible()
    # Administration is for administrators only; the local picker is gone when sign-in is on.
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_text("Kerneopgaver")).to_be_visible()
    expect(nav.get_by_text("Administration")).to_have_count(0)
    expect(sidebar.get_by_text("Lokal tilstand")).to_have_count(0)


def _expect_not_shown(page: Page, *titles: str) -> None:
    for title in titles:
        expect(page.locator("body")).not_to_contain_text(title)


def test_nothing_is_shown_before_signing_in(app: SignedInApp, new_page: Callable[[], Page]):
    page = new_page()
    _open(page, app.url)
    expect_sign_in_page(page)
    page.screenshot(path=str(SCREENSHOTS / "signin-sign-in-page.png"))

    # A shared link to a proposal shows the sign-in page too, not the proposal.
    _open(page, f"{app.url}/discussion?proposal={app.proposal_id(REHABILITATION)}")
    expect_sign_in_page(page)
    _expect_not_shown(page, REHABILITATION, WEEKEND, SCHOOL)


def test_an_address_the_provider_does_not_vouch_for_is_matched_to_nobody(
    app: SignedInApp, new_page: Callable[[], Page]
):
    page = new_page()
    leader = "birgitte.lund@fjordby.dk"  # a known person, but nobody says the address is hers
    sign_in(
        page, app.url, leader, at_provider=lambda at: vouch_for(at.url.split("/oauth2/", 1)[0], leader, None)
    )
    expect(
        _main(page).get_by_text(f"Du er logget ind som {leader}, men Kernekompas kender ikke")
    ).to_be_visible(timeout=SLOW_MS)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    _expect_not_shown(page, REHABILITATION, WEEKEND, SCHOOL)


def test_an_unknown_address_is_told_whom_to_ask_and_sees_nothing(
    app: SignedInApp, new_page: Callable[[], Page]
):
    page = new_page()
    sign_in(page, app.url, "someone@fjordby.dk")
    main = _main(page)
    expect(
        main.get_by_text("Du er logget ind som someone@fjordby.dk, men Kernekompas kender ikke")
    ).to_be_visible(timeout=SLOW_MS)
    expect(main.get_by_text(f"Bed {SUPPORT_CONTACT} om at oprette dig")).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "signin-unknown-person.png"))

    _open(page, f"{app.url}/discussion?proposal={app.proposal_id(REHABILITATION)}")
    expect(main.get_by_text("kender ikke denne adresse")).to_be_visible(timeout=SLOW_MS)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    _expect_not_shown(page, REHABILITATION, WEEKEND, SCHOOL)

    sign_out(page, app.url, button_place='[data-testid="stMain"]')
    expect_sign_in_page(page)


def test_a_leader_and_a_rater_of_one_unit_see_and_do_what_their_roles_allow(
    app: SignedInApp, new_page: Callable[[], Page]
):
    leader, rater = new_page(), new_page()
    # Work accounts often spell the address with capitals; it is the same person.
    sign_in(rater, app.url, "Fatima.Hassan@Fjordby.DK")
    sign_in(leader, app.url, "birgitte.lund@fjordby.dk")

    # Both see their unit's proposals, and not the school's: the rater three, the leader also the
    # leadership's draft that adjusts the baths. The rater has scoring to do.
    _expect_overview(rater, 3, "Fatima Hassan")
    expect(_main(rater).get_by_role("link", name=WEEKEND)).to_be_visible(timeout=SLOW_MS)
    _expect_overview(leader, 4, "Birgitte Lund")
    expect(_main(leader).get_by_text("Der er intet, du mangler at vurdere.")).to_be_visible()
    leader.screenshot(path=str(SCREENSHOTS / "signin-overview-leader.png"))
    type_into(leader, "overview.search", "Lærere")
    expect(_main(leader).get_by_text("Ingen forslag passer til søgningen")).to_be_visible(timeout=SLOW_MS)
    for page in (leader, rater):
        go_to(page, "Drøftelse")
        assert _offered(page, "discussion.proposal") == sorted([WEEKEND, REHABILITATION, BATHS])

    # Only the proposal's leader may end blind scoring: the rater is refused, and it is recorded.
    weekend = app.proposal_id(WEEKEND)
    expect(_main(rater).get_by_text("Den blinde vurdering er i gang")).to_be_visible(timeout=SLOW_MS)
    reveal = by_key(rater, "discussion.reveal").locator("button")
    if reveal.count():  # a screen may also hide the button from her; either way it must not work
        reveal.click()
        wait_until_idle(rater, SLOW_MS)
        expect(_main(rater).get_by_text(REFUSED)).to_be_visible(timeout=SLOW_MS)
        assert ("denied:proposal.reveal", str(weekend)) in app.denials("fatima.hassan@fjordby.dk")
    assert app.status(WEEKEND) == "scoring"

    expect(_main(leader).get_by_text("Den blinde vurdering er i gang")).to_be_visible(timeout=SLOW_MS)
    by_key(leader, "discussion.reveal").locator("button").click()
    wait_until_idle(leader, SLOW_MS)
    by_key(leader, "discussion.reveal.confirm").locator("button").click()
    wait_until_idle(leader, SLOW_MS)
    expect(_main(leader).get_by_role("tab", name="Uenighedspunkter")).to_be_visible(timeout=SLOW_MS)
    assert app.status(WEEKEND) == "discussion"
    # The rater's next page load shows the revealed scores, without signing in again.
    _open(rater, f"{app.url}/discussion?proposal={weekend}")
    expect(_main(rater).get_by_role("tab", name="Uenighedspunkter")).to_be_visible(timeout=SLOW_MS)

    # A link to another unit's proposal does not open it, and the attempt is recorded.
    school = app.proposal_id(SCHOOL)
    _open(leader, f"{app.url}/decision?proposal={school}")
    _expect_not_shown(leader, SCHOOL)
    assert ("denied:proposal.view", str(school)) in app.denials("birgitte.lund@fjordby.dk")

    # Signing out signs out: the cookie is gone, and neither a reload nor a link gets back in.
    copied = leader.context.cookies()
    sign_out(leader, app.url)
    expect_sign_in_page(leader)
    assert not has_identity_cookie(leader.context)
    leader.reload()
    wait_until_idle(leader, SLOW_MS)
    expect_sign_in_page(leader)
    _open(leader, f"{app.url}/discussion?proposal={app.proposal_id(REHABILITATION)}")
    expect_sign_in_page(leader)
    _expect_not_shown(leader, REHABILITATION, WEEKEND, "Birgitte Lund")
    # A copy of the cookie taken before "Log ud" (another PC, a stolen laptop) is refused too.
    thief = new_page()
    thief.context.add_cookies(copied)
    _open(thief, app.url)
    expect_sign_in_page(thief)
    _expect_not_shown(thief, REHABILITATION, WEEKEND, "Birgitte Lund")

    # The rater, on her own PC, is still signed in.
    _open(rater, app.url)
    _expect_overview(rater, 3, "Fatima Hassan")


def test_a_leader_of_another_unit_sees_only_its_proposal(app: SignedInApp, new_page: Callable[[], Page]):
    page = new_page()
    sign_in(page, app.url, "susanne.dahl@fjordby.dk")
    _expect_overview(page, 1, "Susanne Dahl")
    go_to(page, "Beslutning")
    assert _offered(page, "decision.proposal") == [SCHOOL]
    _open(page, f"{app.url}/discussion?proposal={app.proposal_id(WEEKEND)}")
    _expect_not_shown(page, WEEKEND, REHABILITATION)
