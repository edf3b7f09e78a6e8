"""Settings precedence: defaults < TOML file < environment < flags; bad values named clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

import config as settings


def test_defaults_are_polite() -> None:
    config = settings.load(None, environ={})
    assert config.request_delay == 1.0
    assert config.obey_robots is True
    assert config.sources == settings.DEFAULT_SOURCES
    assert config.db_url.startswith("sqlite:///") and config.db_url.endswith("scr-digest.db")


def test_file_then_environment_then_flags(tmp_path: Path) -> None:
    path = tmp_path / "scr-digest.toml"
    path.write_text(
        'request_delay = 2.5\ncontact = "board@example.org"\n'
        'sources = ["https://a.test/x", "https://a.test/y"]\nretries = 2\n'
    )
    config = settings.load(
        path,
        environ={"SCR_DIGEST_REQUEST_DELAY": "0", "SCR_DIGEST_DATA_DIR": str(tmp_path / "env")},
    )
    assert config.request_delay == 0.0  # environment beats the file
    assert config.retries == 2 and config.contact == "board@example.org"
    assert config.sources == ("https://a.test/x", "https://a.test/y")
    assert "board@example.org" in config.effective_user_agent
    flagged = config.with_overrides(data_dir=str(tmp_path / "flag"), db=None)
    assert flagged.data_dir == tmp_path / "flag"  # flags beat both
    assert flagged.db_url == f"sqlite:///{tmp_path / 'flag' / 'scr-digest.db'}"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SCR_DIGEST_REQUEST_DELAY": "-1"}, "SCR_DIGEST_REQUEST_DELAY: request_delay: must be 0"),
        ({"SCR_DIGEST_OBEY_ROBOTS": "perhaps"}, "expected true or false"),
        ({"SCR_DIGEST_LAYOUT_ALARM_RATIO": "3"}, "between 0 and 1"),
    ],
)
def test_bad_values_name_the_setting(environ: dict[str, str], message: str) -> None:
    with pytest.raises(settings.ConfigError, match=message):
        settings.load(None, environ=environ)


def test_unknown_setting_in_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("request_dealy = 1\n")
    with pytest.raises(settings.ConfigError, match="unknown setting 'request_dealy'"):
        settings.load(path, environ={})


def test_every_setting_is_a_config_field_with_the_same_default() -> None:
    defaults = settings.Config()
    for setting in settings.SETTINGS:
        if setting.name != "data_dir":
            assert getattr(defaults, setting.name) == setting.default, setting.name
