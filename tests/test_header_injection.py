"""Nothing typed or imported can add lines to a mail header: recipient names and agencies,
and the settings that reach headers, are refused when they hold control characters, line
breaks or RFC 2047 encoded-words (an encoded CR LF comes out of the standard library's
generator as real header lines: CPython CVE-2024-6923)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from conftest import SMTPServer
from sqlalchemy import select

from cli import main
from common.months import Month
from config import Config
from db import Delivery, Recipient, open_database
from digest import drafting
from digest import recipients as recipient_list
from tests.faults import review_first_seen

NOV = Month(2026, 11)

ATTACK = "=?utf-8?q?Jo=0D=0AReply-To:_x@evil.example=0D=0A=0D=0Anew_body?="


def _run(tmp_path: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main,
        ["--db", f"sqlite:///{tmp_path / 'scr.db'}", "--data-dir", str(tmp_path), *args],
        env={"SCR_DIGEST_CONFIG": "", **(env or {})},
    )


def _listed(tmp_path: Path) -> str:
    return str(_run(tmp_path, "recipients", "list", "--all").output)


def test_import_refuses_names_and_agencies_that_could_break_a_header(tmp_path: Path) -> None:
    csv = tmp_path / "partners.csv"
    csv.write_bytes(
        (
            "email,name,agency\r\n"
            "ok@health.example,Jo Bloggs,Health\r\n"
            f"jo@health.example,{ATTACK},Health\r\n"
            'sam@police.example,"Sam\r\nBcc: everyone@evil.example",Police\r\n'
            "al@school.example,Al\u2028Smith,Education\r\n"
            "kim@council.example,Kim,Children\x07s services\r\n"
        ).encode()
    )
    result = _run(tmp_path, "recipients", "import", str(csv))
    assert result.exit_code == 1
    assert "nothing imported" in result.output
    lines = result.output.splitlines()
    assert any(
        line.strip().startswith("line 3: the name holds an RFC 2047 encoded-word") for line in lines
    )
    assert any(
        line.strip().startswith("line 4: the name holds a line break (U+000D)") for line in lines
    )
    assert any(
        line.strip().startswith("line 6: the name holds a line break (U+2028)") for line in lines
    )
    assert any(
        line.strip().startswith("line 7: the agency holds a control character (U+0007)")
        for line in lines
    )
    assert "line 2" not in result.output
    assert "ok@health.example" not in _listed(tmp_path)  # nothing at all was imported


def test_add_refuses_them_too(tmp_path: Path) -> None:
    result = _run(tmp_path, "recipients", "add", "jo@health.example", "--name", ATTACK)
    assert result.exit_code == 1
    assert "the name holds an RFC 2047 encoded-word" in result.output
    result = _run(
        tmp_path, "recipients", "add", "jo@health.example", "--agency", "Health\nX-Evil: 1"
    )
    assert result.exit_code == 1 and "the agency holds a line break (U+000A)" in result.output
    assert "jo@health.example" not in _listed(tmp_path)
    fine = _run(tmp_path, "recipients", "add", "jo@health.example", "--name", "Jo Bloggs")
    assert fine.exit_code == 0, fine.output


def test_settings_that_reach_headers_are_refused_when_they_load(tmp_path: Path) -> None:
    for name, value in (
        ("SCR_DIGEST_BOARD_NAME", "Westshire\r\nBcc: everyone@evil.example"),
        ("SCR_DIGEST_BOARD_NAME", ATTACK),
        ("SCR_DIGEST_FROM", "learning@westshire.example\nBcc: x@evil.example"),
        ("SCR_DIGEST_LIST_ID", ATTACK),
    ):
        result = _run(
            tmp_path,
            "digest",
            "draft",
            env={"SCR_DIGEST_BOARD_OFFICE": "office@westshire.example", name: value},
        )
        assert result.exit_code == 1, (name, result.output)
        assert result.output.startswith(f"Error: {name}: "), result.output
        assert "goes into the header of every mail" in result.output, result.output
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    # Addresses that become To: headers (the draft's, the maintainers' alerts).
    for name in ("SCR_DIGEST_BOARD_OFFICE", "SCR_DIGEST_MAINTAINERS"):
        result = _run(
            tmp_path,
            "digest",
            "draft",
            env={
                "SCR_DIGEST_BOARD_OFFICE": "office@westshire.example",
                name: "it@westshire.example\r\nBcc: x@evil.example",
            },
        )
        assert result.exit_code == 1 and result.output.startswith(f"Error: {name}: "), name
        assert "these addresses go into mail headers" in result.output
    config = tmp_path / "scr-digest.toml"
    config.write_text('board_name = """Westshire\nBcc: everyone@evil.example"""\n')
    result = CliRunner().invoke(main, ["--config", str(config), "status"])
    assert result.exit_code == 1
    assert f"{config}: board_name: holds a line break (U+000A)" in result.output


def test_a_message_whose_header_block_is_not_ours_is_refused_not_sent(
    tmp_path: Path, smtp_server: SMTPServer
) -> None:
    """A hostile name already in the database (written before the import checks, or by
    hand): its message is refused before it reaches the real SMTP server, recorded failed
    with the reason, and the others still go."""
    url = f"sqlite:///{tmp_path / 'scr.db'}"
    database = open_database(url)
    seen = datetime(2026, 11, 10, 9, tzinfo=UTC)
    config = Config(data_dir=tmp_path, db=url)
    try:
        with database.session() as session:
            session.add(review_first_seen(seen))
        drafting.draft(database, config, None, month=NOV, now=seen)
        drafting.approve(database, config, month=NOV)
        recipient_list.add(database, "ok@health.example", name="Jo Bloggs")
        with database.session() as session:  # around the import's checks, as an old row would be
            session.add(
                Recipient(
                    email="jo@evil-name.example",
                    email_key="jo@evil-name.example",
                    name=ATTACK,
                    token=secrets.token_urlsafe(24),
                    active=True,
                )
            )
    finally:
        database.close()
    sent = _run(
        tmp_path,
        "digest",
        "send",
        "--month",
        str(NOV),
        env={
            "SCR_DIGEST_SMTP_URL": smtp_server.url,
            "SCR_DIGEST_SMTP_RETRY_DELAY": "0",
            "SCR_DIGEST_FROM": "learning@westshire.example",
        },
    )
    assert "Traceback" not in sent.output
    assert "deliveries: 1 sent, 1 failed, 0 skipped, 0 pending, 0 in doubt" in sent.output
    assert "jo@evil-name.example" in sent.output
    assert "headers we did not set (Reply-To)" in sent.output
    assert [m.rcpt_tos for m in smtp_server.messages] == [["ok@health.example"]]
    assert all(b"evil.example" not in m.data for m in smtp_server.messages)
    database = open_database(url)
    try:
        with database.session() as session:
            rows = {d.email: (d.status, d.last_error) for d in session.scalars(select(Delivery))}
    finally:
        database.close()
    assert rows["ok@health.example"] == ("sent", None)
    status, error = rows["jo@evil-name.example"]
    assert status == "failed" and "CVE-2024-6923" in (error or "")
