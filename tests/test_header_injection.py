"""Nothing typed or imported can add lines to a mail header: recipient names and agencies,
and the settings that reach headers, are refused when they hold control characters, line
breaks or RFC 2047 encoded-words (an encoded CR LF comes out of the standard library's
generator as real header lines: CPython CVE-2024-6923)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import main

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
    ):
        result = _run(
            tmp_path,
            "digest",
            "draft",
            env={"SCR_DIGEST_BOARD_OFFICE": "office@westshire.example", name: value},
        )
        assert result.exit_code == 1, (name, result.output)
        assert result.output.startswith(f"Error: {name}: "), result.output
        assert "it goes into the header of every mail" in result.output
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    config = tmp_path / "scr-digest.toml"
    config.write_text('board_name = """Westshire\nBcc: everyone@evil.example"""\n')
    result = CliRunner().invoke(main, ["--config", str(config), "status"])
    assert result.exit_code == 1
    assert f"{config}: board_name: holds a line break (U+000A)" in result.output
