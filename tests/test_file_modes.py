"""What scr-digest writes that holds personal data is private to its account, whatever the
umask: the data directory and its folders 0700; the database, its -wal and -shm 0600."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from serve_helpers import SCR_DIGEST, cli_env
from sqlalchemy import text

from config import Config
from db import open_database
from digest import recipients as recipient_list
from digest.archive import write_archive
from harvester.harvest import harvest
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer
from tests.faults import review_first_seen


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_data_directory_and_database_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [SCR_DIGEST, "status"],
        env=cli_env(data_dir, f"sqlite:///{data_dir / 'scr-digest.db'}"),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),  # the umask most machines have
    )
    assert result.returncode == 0, result.stderr
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "scr-digest.db") == 0o600


def test_the_databases_wal_and_shm_files_are_private(tmp_path: Path, usual_umask: None) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'data' / 'scr-digest.db'}")
    try:
        with database.engine.begin() as connection:  # a write while open: -wal and -shm exist
            connection.execute(text("CREATE TABLE scratch (x INTEGER)"))
            for name in ("scr-digest.db", "scr-digest.db-wal", "scr-digest.db-shm"):
                assert mode(tmp_path / "data" / name) == 0o600, name
    finally:
        database.close()


def test_archived_reports_and_the_bulletin_archive_are_in_private_folders(
    tmp_path: Path, site: SiteServer, usual_umask: None
) -> None:
    config = Config(
        data_dir=tmp_path / "data",
        sources=tuple(site.url(path) for path in LISTING_PATHS[:1]),
        govuk_organisations=(),
        request_delay=0.0,
        ocr=False,
    )
    database = open_database(config.db_url)
    try:
        harvest(database, config, trigger="test")
    finally:
        database.close()
    reports = config.data_dir / "reports"
    assert mode(reports) == 0o700
    pdfs = list(reports.glob("*.pdf"))
    assert pdfs and all(mode(pdf) == 0o600 for pdf in pdfs)
    archive = config.data_dir / "archive"
    write_archive(archive, [], board_name="A board", domain="board.example")
    assert mode(archive) == 0o700


def test_the_file_outbox_folder_and_its_messages_are_private(tmp_path: Path) -> None:
    """A data directory an administrator made 0755 keeps its mode, but the outbox made in it
    by a real ``digest draft`` and ``digest send`` is 0700 and each ``.eml`` 0600."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    db_url = f"sqlite:///{data_dir / 'scr-digest.db'}"
    database = open_database(db_url)
    seen = datetime(2026, 11, 10, 9, tzinfo=UTC)
    try:
        with database.session() as session:
            session.add(review_first_seen(seen))
        recipient_list.add(database, "jo@health.example", name="Jo Bloggs")
    finally:
        database.close()
    env = cli_env(
        data_dir,
        db_url,
        board_office="office@westshire.example",
        **{"from": "learning@westshire.example"},
    )
    for args in (
        ["digest", "draft", "--month", "2026-11"],
        ["digest", "approve", "--month", "2026-11"],
        ["digest", "send", "--month", "2026-11"],
    ):
        result = subprocess.run(
            [SCR_DIGEST, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=lambda: os.umask(0o022),  # the umask most machines have
        )
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    outbox = data_dir / "outbox"
    assert mode(data_dir) == 0o755  # one that existed keeps its mode
    assert mode(outbox) == 0o700
    messages = sorted(outbox.glob("*.eml"))
    assert len(messages) == 2  # the draft to the board office, the bulletin to Jo
    assert [mode(message) for message in messages] == [0o600, 0o600]
