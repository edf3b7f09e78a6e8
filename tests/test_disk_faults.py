"""A full disk or a read-only data directory: one clear line naming the path and the cause, a
non-zero exit (never a traceback), nothing half-written, consistent rows, and a rerun with room
that succeeds.

A full disk is made with ``RLIMIT_FSIZE`` in the child (SIGXFSZ ignored), so its writes past the
limit fail with EFBIG as they would with ENOSPC. Read-only is ``chmod 555``; CI runs as root,
whom modes do not stop, so as root the child also drops CAP_DAC_OVERRIDE from its capability
bounding set (root then obeys the owner's bits like anyone); where that is not allowed the
read-only tests are skipped, saying why.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from common.months import Month
from config import Config
from db import Database, Delivery, Digest, HarvestRun, Report, Review, open_database
from digest import drafting, sending
from digest import recipients as recipient_list
from sample_site.server import SiteServer
from tests.faults import (
    LISTING,
    assert_consistent,
    build_site,
    cli,
    cli_env,
    make_pdf,
    part_files,
    review_first_seen,
    run,
)

NOV = Month(2026, 11)
LIMIT = 1 << 20  # 1 MiB: the database's own writes stay under it, the big files do not
BIG_PDF = make_pdf(["Westshire partnership reviewed the help given to Child A."], 3 * LIMIT)
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1


def _full_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _drop_dac_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _read_only_child(probe_dir: Path) -> Callable[[], None] | None:
    """What a child needs so that ``chmod 555`` stops it; skips the test when nothing can."""
    if os.geteuid() != 0:
        return None
    probe_dir.mkdir()
    probe_dir.chmod(0o555)
    try:
        attempt = subprocess.run(
            [sys.executable, "-c", f"open({str(probe_dir / 'x')!r}, 'w')"],
            preexec_fn=_drop_dac_override,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE in a child: {exc}")
    if "PermissionError" not in attempt.stderr:
        pytest.skip(f"running as root and a read-only directory still took a write: {attempt}")
    return _drop_dac_override


@dataclass
class Env:
    site: SiteServer
    db_url: str
    data_dir: Path
    tmp: Path
    database: Database | None = None

    def environ(self, **settings: object) -> dict[str, str]:
        return cli_env(self.db_url, self.data_dir, extract_timeout=30, **settings)

    def harvest(self) -> list[str]:
        return cli("harvest", "--source", self.site.url(LISTING))

    def db(self) -> Database:
        if self.database is None:
            self.database = open_database(self.db_url)
        return self.database

    def close(self) -> None:
        # Closing checkpoints SQLite's WAL, so a child starts with an empty one (under LIMIT).
        if self.database is not None:
            self.database.close()
            self.database = None

    def report(self) -> Report:
        with self.db().session() as session:
            return session.scalars(select(Report)).one()

    def runs(self) -> list[HarvestRun]:
        with self.db().session() as session:
            return list(session.scalars(select(HarvestRun).order_by(HarvestRun.id)))


@pytest.fixture
def env(tmp_path: Path, db_url_factory: Callable[[Path], str], site_factory) -> Iterator[Env]:
    root = tmp_path / "site"
    build_site(root, {"Child A": ("/r/a.pdf", BIG_PDF)})
    environment = Env(site_factory(root), db_url_factory(tmp_path), tmp_path / "data", tmp_path)
    environment.db()  # the schema, made before any child runs
    environment.close()
    try:
        yield environment
    finally:
        environment.close()


def _one_line_error(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("Error: "), stderr
    return last


def test_a_full_disk_during_a_download_stops_the_harvest_cleanly(env: Env) -> None:
    done = run(env.harvest(), env.environ(max_report_bytes=10 * LIMIT), preexec_fn=_full_disk)
    assert done.returncode == 1
    error = _one_line_error(done.stderr)
    assert "cannot write" in error and ".part" in error and "File too large" in error
    assert part_files(env.data_dir) == []
    report = env.report()
    assert report.status == "failed" and "File too large" in (report.reason or "")
    assert report.attempts == 0 and report.next_attempt_at is None  # not the source's fault
    (failed_run,) = env.runs()
    assert failed_run.outcome == "failed" and "File too large" in (failed_run.message or "")
    with env.db().session() as session:
        assert session.scalars(select(Review.title)).all() == ["Child A"]  # the listing kept
    env.close()

    again = run(env.harvest(), env.environ(max_report_bytes=10 * LIMIT))
    assert again.returncode == 0, again.stderr
    report = env.report()
    assert report.status == "ok" and report.bytes == len(BIG_PDF)
    assert_consistent(env.db(), env.data_dir)


def _approved_with_big_bulletin(env: Env, recipients: int) -> list[str]:
    """A bulletin bigger than LIMIT (its introduction), so its archive page and every message
    written to the outbox outgrow the full disk."""
    database = env.db()
    seen = datetime(2026, 11, 10, 9, tzinfo=UTC)
    with database.session() as session:
        session.add(review_first_seen(seen))
    config = Config(data_dir=env.data_dir, db=env.db_url)
    drafting.draft(database, config, None, month=NOV, now=seen)
    paragraph = "The partnership thanks every agency for its work this month. " * 20
    drafting.set_intro(
        database,
        NOV,
        "\n\n".join([paragraph] * (LIMIT // len(paragraph) + 50)),
        zone="UTC",
    )
    drafting.approve(database, config, month=NOV)
    emails = [f"person{n}@agency.example" for n in range(recipients)]
    for email in emails:
        recipient_list.add(database, email)
    # Started here: on SQLite, the child's update of the digest row would rewrite its whole
    # record (the big bulletin) and meet the file-size limit in the database's own log.
    with database.session() as session:
        digest = session.scalars(select(Digest)).one()
        sending.start_sending(session, digest, False, seen)
    env.close()
    return emails


def _deliveries(env: Env) -> list[str]:
    with env.db().session() as session:
        return list(session.scalars(select(Delivery.status).order_by(Delivery.id)))


def test_a_full_disk_stops_the_outbox_and_spares_the_archive_half_pages(env: Env) -> None:
    _approved_with_big_bulletin(env, 2)
    environ = env.environ(**{"from": "learning@westshire.example"})
    send = cli("digest", "send", "--month", str(NOV))
    done = run(send, environ, preexec_fn=_full_disk)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "error: stopped: cannot write to the outbox:" in done.stderr
    assert "File too large" in done.stderr
    assert "warning: the archive was not updated:" in done.stderr
    assert part_files(env.data_dir) == []
    assert _deliveries(env) == ["pending", "pending"]  # none sent, none in doubt
    env.close()

    again = run(send, environ)
    assert again.returncode == 0, again.stderr
    assert _deliveries(env) == ["sent", "sent"]
    assert len(list((env.data_dir / "outbox").glob("*.eml"))) == 2
    assert (env.data_dir / "archive" / "2026-11.html").stat().st_size > LIMIT
    assert_consistent(env.db(), env.data_dir)


def test_a_read_only_data_directory_stops_the_harvest_cleanly(env: Env) -> None:
    child = _read_only_child(env.tmp / "probe")
    env.data_dir.mkdir()
    env.data_dir.chmod(0o555)
    try:
        done = run(env.harvest(), env.environ(max_report_bytes=10 * LIMIT), preexec_fn=child)
    finally:
        env.data_dir.chmod(0o755)
    assert done.returncode == 1
    error = _one_line_error(done.stderr)
    assert f"cannot write {env.data_dir / 'reports'}: Permission denied" in error
    report = env.report()
    assert report.status == "failed" and "Permission denied" in (report.reason or "")
    assert [run.outcome for run in env.runs()] == ["failed"]
    env.close()

    again = run(env.harvest(), env.environ(max_report_bytes=10 * LIMIT))
    assert again.returncode == 0, again.stderr
    assert env.report().status == "ok"
    assert_consistent(env.db(), env.data_dir)


def test_a_read_only_data_directory_stops_the_send_before_any_message(env: Env) -> None:
    _approved_with_big_bulletin(env, 2)
    child = _read_only_child(env.tmp / "probe")
    env.data_dir.mkdir()
    env.data_dir.chmod(0o555)
    environ = env.environ(**{"from": "learning@westshire.example"})
    send = cli("digest", "send", "--month", str(NOV))
    try:
        done = run(send, environ, preexec_fn=child)
    finally:
        env.data_dir.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"cannot write to the outbox: {env.data_dir / 'outbox'}: Permission denied" in (
        done.stderr
    )
    assert _deliveries(env) == ["pending", "pending"]
    env.close()
    again = run(send, environ)
    assert again.returncode == 0, again.stderr
    assert _deliveries(env) == ["sent", "sent"]


# The child's database may not grow: SQLite's own limit on its size, so its writes fail with
# the real SQLITE_FULL ("database or disk is full") a full disk gives, not EFBIG. The pragma
# cannot go below the file's size, so 1 means "as big as it is now".
_DATABASE_FULL = (
    "import sqlalchemy\n"
    "def _limit(connection, record):\n"
    "    connection.execute('PRAGMA max_page_count = 1')\n"
    "sqlalchemy.event.listen(sqlalchemy.engine.Engine, 'connect', _limit)\n"
    "import cli\n"
    "cli.main()\n"
)


@pytest.mark.parametrize("before", ["first send", "after a crash, settled not delivered"])
def test_a_real_full_database_during_a_send_settles_what_went_and_leaves_the_rest_pending(
    env: Env, before: str
) -> None:
    """The first send fills the database while claiming; a send again after a crash (the rows
    keep their Message-IDs, so a claim hardly grows them) fills it while settling a message the
    outbox already holds, which must still be recorded sent."""
    if not env.db_url.startswith("sqlite"):
        pytest.skip("fills the database with SQLite's max_page_count; PostgreSQL has no such limit")
    database = env.db()
    seen = datetime(2026, 11, 10, 9, tzinfo=UTC)
    with database.session() as session:
        session.add(review_first_seen(seen))
    config = Config(data_dir=env.data_dir, db=env.db_url)
    drafting.draft(database, config, None, month=NOV, now=seen)
    drafting.approve(database, config, month=NOV)
    for n in range(300):
        recipient_list.add(database, f"person{n}@agency.example")
    with database.session() as session:
        digest = session.scalars(select(Digest)).one()
        sending.start_sending(session, digest, False, seen)
        if before != "first send":  # as `digest settle --not-delivered` leaves them
            for delivery in session.scalars(select(Delivery)):
                delivery.message_id = f"<2026-11.{delivery.id}.{'0' * 16}@westshire.example>"
                delivery.attempts, delivery.claimed_at = 1, seen
    env.close()

    environ = env.environ(**{"from": "learning@westshire.example"})
    args = ["digest", "send", "--month", str(NOV)]
    done = run([sys.executable, "-c", _DATABASE_FULL, *args], environ)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "error: stopped: the database is full (database or disk is full)" in done.stderr
    settled_on_full = "was sent and is recorded as sent" in done.stderr
    assert settled_on_full == (before != "first send"), done.stderr
    statuses = _deliveries(env)
    written = list((env.data_dir / "outbox").glob("*.eml"))
    assert "sending" not in statuses  # nothing in doubt
    assert written and statuses.count("sent") == len(written)  # what went is settled sent
    assert statuses.count("pending") == len(statuses) - len(written)  # the rest wait
    env.close()

    again = run(cli(*args), environ)
    assert again.returncode == 0, again.stderr
    assert _deliveries(env) == ["sent"] * 300
    assert len(list((env.data_dir / "outbox").glob("*.eml"))) == 300  # nobody twice
    assert_consistent(env.db(), env.data_dir)
