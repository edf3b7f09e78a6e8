"""Which database: a password in its URL is never printed; one written by a newer scr-digest
says so; status names the database and the data directory."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, make_url, text

from cli import main
from db import open_database

SECRET = "Sup3rSecretPW"


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env={"SCR_DIGEST_CONFIG": ""})


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_database_password_is_never_printed(tmp_path: Path) -> None:
    port = _closed_port()
    unreachable = f"postgresql+psycopg://bob:{SECRET}@127.0.0.1:{port}/scr"
    result = _run("--db", unreachable, "--data-dir", str(tmp_path), "status")
    assert result.exit_code == 1
    assert f"cannot open the database postgresql+psycopg://bob:***@127.0.0.1:{port}/scr" in (
        result.output
    )
    assert SECRET not in result.output

    unparseable = f"postgresql+psycopg://bob:{SECRET}@127.0.0.1:notaport/scr"
    result = _run("--db", unparseable, "--data-dir", str(tmp_path), "status")
    assert result.exit_code == 1 and "cannot open the database" in result.output
    assert SECRET not in result.output


@pytest.mark.skipif(
    not os.environ.get("SCR_DIGEST_TEST_PG_URL"), reason="needs SCR_DIGEST_TEST_PG_URL"
)
def test_status_names_a_postgresql_database_without_its_password(tmp_path: Path) -> None:
    # The test server trusts local connections, so a password in the URL is simply not needed.
    url = make_url(os.environ["SCR_DIGEST_TEST_PG_URL"]).set(password=SECRET)
    result = _run("--db", url.render_as_string(hide_password=False), "status")
    assert result.exit_code == 0, result.output
    assert f"database: {url.render_as_string(hide_password=True)}" in result.output
    assert SECRET not in result.output
    shown = _run("--db", url.render_as_string(hide_password=False), "status", "--format", "json")
    assert SECRET not in shown.output
    assert "***" in json.loads(shown.output)["database"]


def test_status_names_the_database_and_the_data_directory(tmp_path: Path) -> None:
    result = _run("--data-dir", str(tmp_path / "data"), "status")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"database: sqlite:///{tmp_path / 'data' / 'scr-digest.db'}\n"
        f"data directory: {tmp_path / 'data'}\n"
    )


def test_a_database_from_a_newer_version_says_to_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scr-digest.db'}"
    open_database(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042_from_the_future'"))
    engine.dispose()
    result = _run("--db", url, "--data-dir", str(tmp_path), "status")
    assert result.exit_code == 1
    assert (
        "this database was written by a newer version of scr-digest "
        "(revision 0042_from_the_future); upgrade scr-digest"
    ) in result.output
    assert "Can't locate revision" not in result.output
