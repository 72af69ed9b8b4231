"""The shipped Streamlit settings are part of the product's safety: assert them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("section", "option", "expected"),
    [
        ("server", "enableXsrfProtection", True),
        ("server", "enableCORS", True),
        ("browser", "gatherUsageStats", False),
        ("client", "showErrorDetails", "none"),
        ("client", "toolbarMode", "viewer"),
        ("runner", "postScriptGC", False),
    ],
)
def test_a_safety_setting_is_shipped_as_intended(config, section, option, expected):
    assert config[section][option] == expected


def test_uploads_are_capped_at_a_few_megabytes(config):
    assert 1 <= config["server"]["maxUploadSize"] <= 5


def test_streamlit_reads_the_shipped_settings():
    from streamlit import config as streamlit_config

    streamlit_config.get_config_options(force_reparse=True, options_from_flags={})
    assert streamlit_config.get_option("server.enableXsrfProtection") is True
    assert streamlit_config.get_option("client.showErrorDetails") == "none"
