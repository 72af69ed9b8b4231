"""Who may use the app fails closed: broken sign-in settings never turn into local mode, local mode
must be asked for and serves only this machine, and its picker starts with nobody chosen."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import APP, person_id
from ui.identity import LOCAL_MODE_ENV, auth_problem, email_counts_as_verified, local_mode_problem

NOT_READY = "Kernekompas er ikke klar"
COMPLETE_AUTH = {
    "redirect_uri": "https://kernekompas.fjordby.dk/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "kernekompas",
    "client_secret": "hemmelig",
    "server_metadata_url": "https://login.example/.well-known/openid-configuration",
}


def _open(secrets: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["app.language"] = "da"
    if secrets:
        app.secrets.update(secrets)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _refused(app: AppTest) -> bool:
    """Only the "not ready" page: no picker, no screen, no button."""
    errors = [error.value for error in app.error]
    return (
        len(errors) == 1
        and errors[0].startswith(NOT_READY)
        and not app.selectbox
        and not app.button
        and [title.value for title in app.title] == ["Kernekompas"]
    )


@pytest.mark.usefixtures("demo_database")
def test_without_sign_in_and_without_local_mode_asked_for_nothing_is_shown(monkeypatch):
    monkeypatch.delenv(LOCAL_MODE_ENV, raising=False)
    assert _refused(_open())


@pytest.mark.usefixtures("demo_database")
@pytest.mark.parametrize(
    "secrets",
    [
        {"Auth": COMPLETE_AUTH},  # misspelt
        {"auth": {**COMPLETE_AUTH, "client_secret": ""}},
        {"auth": {key: value for key, value in COMPLETE_AUTH.items() if key != "server_metadata_url"}},
        {"auth": {"redirect_uri": COMPLETE_AUTH["redirect_uri"], "cookie_secret": "x" * 32, "microsoft": {}}},
    ],
    ids=["Auth", "empty client_secret", "no server_metadata_url", "empty provider"],
)
def test_broken_sign_in_settings_never_fall_back_to_local_mode(secrets):
    # Local mode is asked for (the autouse fixture), and still nothing is shown.
    assert _refused(_open(secrets))


@pytest.mark.usefixtures("demo_database")
def test_a_secrets_file_that_cannot_be_read_never_falls_back_to_local_mode(tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text(
        '[auth]\nredirect_uri = "https://x/oauth2callback\n', encoding="utf-8"
    )  # no closing quote
    original = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(broken)])
    try:
        assert _refused(_open())
    finally:
        config.set_option("secrets.files", original)


@pytest.mark.usefixtures("demo_database")
def test_local_mode_starts_with_nobody_chosen_and_shows_nothing_until_someone_is(open_page):
    app = open_page(person=None)
    picker = app.selectbox(key="app.person")
    assert picker.value is None
    assert [info.value for info in app.info] == ["Vælg i sidepanelet, hvem du arbejder som."]
    assert not app.button and not app.dataframe  # neither the overview nor any action
    picker.set_value(-1).run()  # the set-up entry, chosen on purpose
    assert app.selectbox(key="app.person").value == -1
    assert "Overblik" in [title.value for title in app.title]


def test_whose_shoes_you_are_in_survives_a_reload_and_a_link(open_page, demo_database):
    fatima = person_id(demo_database, "fatima.hassan@fjordby.dk")
    app = open_page(person=None)
    app.selectbox(key="app.person").set_value(fatima).run()
    assert app.query_params["som"] in (str(fatima), [str(fatima)])
    # A reload is a new session with the same address.
    again = open_page(person=None, query={"som": str(fatima)})
    assert again.selectbox(key="app.person").value == fatima
    assert "Overblik" in [title.value for title in again.title]
    # An address naming nobody (or a stranger) chooses nobody; set-up is never taken by accident.
    for bad in ("999999", "x", ""):
        assert open_page(person=None, query={"som": bad}).selectbox(key="app.person").value is None


def test_complete_settings_are_accepted_and_each_missing_part_is_named():
    assert auth_problem({"auth": COMPLETE_AUTH}) == ""
    named = {"redirect_uri": "https://x/oauth2callback", "cookie_secret": "s", "entra": COMPLETE_AUTH}
    assert auth_problem({"auth": named}) == ""
    assert "[Auth]" in auth_problem({"Auth": COMPLETE_AUTH})
    assert "no [auth]" in auth_problem({"kernekompas": {"support_contact": "it@fjordby.dk"}})
    assert "cookie_secret" in auth_problem({"auth": {**COMPLETE_AUTH, "cookie_secret": " "}})


def test_local_mode_is_only_for_a_visitor_on_this_machine_who_asked_for_it():
    assert local_mode_problem("1", None, {}) == ""
    assert "not asked for" in local_mode_problem("", None, {})
    assert "not asked for" in local_mode_problem("yes", None, {})
    assert "another machine" in local_mode_problem("1", "10.1.2.3", {})
    assert "proxy" in local_mode_problem("1", None, {"X-Forwarded-For": "10.1.2.3"})
    assert "proxy" in local_mode_problem("1", None, {"Forwarded": "for=10.1.2.3"})


def test_only_an_address_the_provider_vouches_for_counts():
    assert email_counts_as_verified(True, False) and email_counts_as_verified("true", False)
    assert email_counts_as_verified(" TRUE ", False)
    for claim in (False, "false", "False", "yes", 1, "", None):
        assert not email_counts_as_verified(claim, False), claim
    # A provider that checks every address and sends no claim (Entra ID) must be said so in the set-up.
    assert email_counts_as_verified(None, True)
    assert not email_counts_as_verified(False, True) and not email_counts_as_verified("false", True)
