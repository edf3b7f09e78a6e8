"""Two harvests at once, and two ``digest send`` at once, as real processes.

A second harvest refuses (exit 4, naming the first) or, with ``--wait``, runs after the first:
their writes never interleave. Two senders started together deliver every message exactly
once: on PostgreSQL they share the rows (``FOR UPDATE SKIP LOCKED``), on SQLite they take turns
under the send lock.
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

import scheduler
from common.exits import EXIT_BUSY
from common.months import Month
from config import Config
from db import Database, Delivery, Digest, HarvestRun, open_database
from db.locks import DatabaseLock, LockBusy
from digest import drafting, sending
from digest import recipients as recipient_list
from harvester.harvest import HarvestBusy, harvest
from mail import outbox
from sample_site.server import Scripted, SiteServer
from tests.faults import (
    LISTING,
    ROOT,
    assert_consistent,
    build_site,
    cli,
    cli_env,
    make_pdf,
    part_files,
    review_first_seen,
    run,
    wait_for,
)

NOV = Month(2026, 11)
PDF = make_pdf(["Westshire partnership reviewed the help given to Child A."], 2000)


@dataclass
class Env:
    site: SiteServer
    database: Database
    db_url: str
    data_dir: Path
    config: Config

    def environ(self, **settings: object) -> dict[str, str]:
        return cli_env(self.db_url, self.data_dir, **settings)

    def harvest(self, *args: str) -> list[str]:
        return cli("harvest", "--source", self.site.url(LISTING), *args)

    def runs(self) -> list[HarvestRun]:
        with self.database.session() as session:
            return list(session.scalars(select(HarvestRun).order_by(HarvestRun.id)))


@pytest.fixture
def env(tmp_path: Path, db_url_factory: Callable[[Path], str], site_factory) -> Iterator[Env]:
    root = tmp_path / "site"
    build_site(root, {"Child A": ("/r/a.pdf", PDF)})
    site = site_factory(root)
    db_url = db_url_factory(tmp_path)
    config = Config(
        data_dir=tmp_path / "data",
        db=db_url,
        sources=(site.url(LISTING),),
        govuk_organisations=(),
        request_delay=0.0,
        retries=1,
        contact="tests@example.invalid",
    )
    database = open_database(db_url)
    try:
        yield Env(site, database, db_url, tmp_path / "data", config)
    finally:
        scheduler._runtime = None
        database.close()


# ---------------------------------------------------------------- two harvests


def test_a_harvest_refuses_while_another_holds_the_lock(env: Env) -> None:
    with DatabaseLock(env.database.engine, "harvest"):
        done = run(env.harvest(), env.environ())
        with pytest.raises(HarvestBusy):
            harvest(env.database, env.config)
    assert done.returncode == EXIT_BUSY == 4
    assert "another harvest is already running against this database since" in done.stderr
    assert f"pid {os.getpid()}" in done.stderr
    assert "Traceback" not in done.stderr
    assert env.runs() == []  # refused before touching anything


def test_reports_extract_waits_its_turn_behind_a_harvest(env: Env) -> None:
    # Re-extraction writes the same report rows a harvest writes: it takes the harvest lock too.
    assert run(env.harvest(), env.environ()).returncode == 0
    with DatabaseLock(env.database.engine, "harvest"):
        refused = run(cli("reports", "extract", "--all"), env.environ())
    assert refused.returncode == EXIT_BUSY
    assert "another harvest is already running" in refused.stderr
    assert "Traceback" not in refused.stderr
    done = run(cli("reports", "extract", "--all", "--format", "json"), env.environ())
    assert done.returncode == 0, done.stderr


def test_two_harvest_processes_never_interleave(env: Env, tmp_path: Path) -> None:
    # The first harvest is held mid-download until the waiting one has said it waits: on a busy
    # machine a timed trickle can end before the second process has even started.
    release = threading.Event()

    def held() -> Iterator[bytes]:
        yield PDF[:64]
        release.wait(120)
        yield PDF[64:]

    env.site.script(
        "/r/a.pdf", [Scripted(200, headers={"Content-Length": str(len(PDF))}, stream=held)]
    )
    first = subprocess.Popen(env.harvest(), env=env.environ(), cwd=ROOT, stderr=subprocess.DEVNULL)
    waiting_log = tmp_path / "waiting.log"
    try:
        wait_for(lambda: part_files(env.data_dir), "the first harvest to be downloading")
        refused = run(env.harvest(), env.environ())
        assert refused.returncode == 4
        assert f"pid {first.pid}" in refused.stderr, refused.stderr
        with waiting_log.open("wb") as log:
            waiting = subprocess.Popen(
                env.harvest("--wait"),
                env=env.environ(),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            wait_for(
                lambda: "waiting for" in waiting_log.read_text(errors="replace"),
                "the second harvest to say it waits",
            )
            release.set()
            assert waiting.wait(timeout=180) == 0
        assert first.wait(timeout=5) == 0
    finally:
        release.set()
        if first.poll() is None:
            first.kill()
    runs = env.runs()
    assert [run.outcome for run in runs] == ["ok", "ok"]  # the refused one left no row
    assert runs[0].finished_at is not None and runs[0].finished_at <= runs[1].started_at
    assert_consistent(env.database, env.data_dir)


def test_the_scheduled_harvest_is_skipped_cleanly_while_another_runs(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = scheduler.Runtime(env.config, env.database)
    with DatabaseLock(env.database.engine, "harvest"), caplog.at_level(logging.WARNING):
        assert runtime.harvest() == EXIT_BUSY
    assert "scheduled harvest skipped: another harvest is already running" in caplog.text
    assert env.runs() == []
    assert runtime.harvest() == 0  # the lock released, the next one runs
    assert [run.outcome for run in env.runs()] == ["ok"]


def test_a_lock_names_its_holder_and_is_free_again_after_release(env: Env) -> None:
    lock = DatabaseLock(env.database.engine, "harvest")
    assert lock.holder() is None
    with lock:
        other = DatabaseLock(env.database.engine, "harvest")
        with pytest.raises(LockBusy, match=f"pid {os.getpid()}"):
            other.acquire()
        with DatabaseLock(env.database.engine, "send") as send:  # another name: not in the way
            assert send.held
    assert lock.holder() is None


# ---------------------------------------------------------------- two senders


def _approved(env: Env, recipients: int) -> list[str]:
    config = env.config
    seen = datetime(2026, 11, 10, 9, tzinfo=UTC)
    with env.database.session() as session:
        session.add(review_first_seen(seen))
    drafting.draft(env.database, config, None, month=NOV, now=seen)
    drafting.approve(env.database, config, month=NOV)
    emails = [f"person{n:02d}@agency.example" for n in range(recipients)]
    for email in emails:
        recipient_list.add(env.database, email)
    return emails


def test_two_senders_started_together_deliver_each_message_once(env: Env, smtp_server) -> None:
    emails = _approved(env, 50)
    # A little time per message, so the two runs overlap rather than one finishing first.
    smtp_server.handler.before_accept = lambda _mail: time.sleep(0.02)
    environ = env.environ(smtp_url=smtp_server.url, **{"from": "learning@westshire.example"})
    command = cli("digest", "send", "--month", str(NOV))
    senders = [
        subprocess.Popen(
            command, env=environ, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [sender.communicate(timeout=180) for sender in senders]
    for sender, (out, err) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, (out, err)
        assert b"Traceback" not in err

    received = smtp_server.messages
    by_recipient = Counter(address for mail in received for address in mail.rcpt_tos)
    by_message_id = Counter(mail.message["Message-ID"] for mail in received)
    assert sorted(by_recipient) == emails and set(by_recipient.values()) == {1}
    assert len(by_message_id) == 50 and set(by_message_id.values()) == {1}
    with env.database.session() as session:
        statuses = Counter(session.scalars(select(Delivery.status)))
        digest = session.scalar(select(Digest.status).where(Digest.month == str(NOV)))
    assert statuses == {"sent": 50} and digest == "sent"
    assert_consistent(env.database, env.data_dir)


def test_a_delivery_being_claimed_is_skipped_not_waited_for(env: Env) -> None:
    if not env.db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has no row locks (senders take turns there)")
    _approved(env, 2)
    with env.database.session() as session:
        digest = session.scalars(select(Digest)).one()
        sending.start_sending(session, digest, False, datetime.now(UTC))
        kind = sending.Bulletins.of(digest, replace(env.config, mail_from="learning@x.example"))
    with env.database.session() as holder:
        first = holder.scalars(
            select(Delivery).order_by(Delivery.id).limit(1).with_for_update()
        ).one()
        # Another sender's claim transaction holds this row: the claim moves on at once.
        assert outbox.claim(env.database, kind, first.id, "pending") is None
    claimed = outbox.claim(env.database, kind, first.id, "pending")
    assert claimed is not None  # free again once that transaction ended
