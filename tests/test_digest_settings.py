"""The digest's settings: environment names from architecture.md, TOML lists, bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

import config as settings
from digest.records import Link
from mail.settings import MailSettingsError, mail_settings


def test_environment_names_follow_the_architecture() -> None:
    loaded = settings.load(
        None,
        environ={
            "SCR_DIGEST_FROM": "learning@scp.example",
            "SCR_DIGEST_BOARD_OFFICE": "a@scp.example, b@scp.example",
            "SCR_DIGEST_SMTP_URL": "smtp://u:p@mail.scp.example:587?starttls=true",
            "SCR_DIGEST_NATIONAL_SUMMARIES": "Triennial analysis https://example.org/t.pdf;"
            "Second | https://example.org/s",
        },
    )
    assert loaded.mail_from == "learning@scp.example"
    assert loaded.board_office == ("a@scp.example", "b@scp.example")
    assert loaded.smtp_url == "smtp://u:p@mail.scp.example:587?starttls=true"
    assert "u:p@" not in repr(loaded)  # the password stays out of logs and tracebacks
    assert Link.parse_all(loaded.national_summaries) == (
        Link("Triennial analysis", "https://example.org/t.pdf"),
        Link("Second", "https://example.org/s"),
    )
    names = {setting.name: setting.env for setting in settings.SETTINGS}
    assert names["mail_from"] == "SCR_DIGEST_FROM"
    assert names["board_office"] == "SCR_DIGEST_BOARD_OFFICE"
    assert names["smtp_url"] == "SCR_DIGEST_SMTP_URL"


def test_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "scr-digest.toml"
    path.write_text(
        'board_name = "Westshire Safeguarding Children Partnership"\n'
        'board_office = ["office@scp.example"]\n'
        'intro = """First paragraph.\n\nSecond."""\n'
        'national_summaries = ["A summary, with a comma https://example.org/a"]\n'
        'console_url = "https://scp.example/console"\n'
    )
    loaded = settings.load(path, environ={})
    assert loaded.intro == "First paragraph.\n\nSecond."
    assert loaded.national_summaries == ("A summary, with a comma https://example.org/a",)
    mail = mail_settings(loaded)
    assert str(mail.sender) == "Westshire Safeguarding Children Partnership <office@scp.example>"
    assert mail.list_id.endswith("<learning-bulletin.scp.example>")
    assert mail.unsubscribe_link("T") == "https://scp.example/console/unsubscribe/T"
    assert mail.list_headers("T")["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_without_a_web_console_unsubscribing_is_a_mailto_to_the_board_office() -> None:
    mail = mail_settings(settings.Config(board_office=("office@scp.example",)))
    assert mail.unsubscribe_link("T") == "mailto:office@scp.example?subject=unsubscribe%20T"
    assert "List-Unsubscribe-Post" not in mail.list_headers("T")


def test_sending_needs_a_sender() -> None:
    with pytest.raises(MailSettingsError, match="SCR_DIGEST_FROM"):
        mail_settings(settings.Config())
    with pytest.raises(MailSettingsError, match="'not an address' is not a valid email address"):
        mail_settings(settings.Config(board_office=("not an address",)))


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"SCR_DIGEST_SMTP_URL": "http://mail.example.org"}, "SCR_DIGEST_SMTP_URL: smtp_url"),
        ({"SCR_DIGEST_SMTP_URL": "smtp://user:secret@"}, "expected smtp://"),
        ({"SCR_DIGEST_CONSOLE_URL": "javascript:alert(1)"}, "http:// or https://"),
        ({"SCR_DIGEST_SURVEY_URL": "ftp://example.org/x"}, "http:// or https://"),
        ({"SCR_DIGEST_NATIONAL_SUMMARIES": "No address here"}, "a title, then an http"),
        ({"SCR_DIGEST_SMTP_RETRIES": "-1"}, "must be 0 or more"),
    ],
)
def test_bad_values_are_named_without_secrets(environ: dict[str, str], message: str) -> None:
    with pytest.raises(settings.ConfigError, match=message) as caught:
        settings.load(None, environ=environ)
    assert "secret" not in str(caught.value)
