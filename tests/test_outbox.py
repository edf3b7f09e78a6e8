"""``mail.outbox`` for a kind of message that is not a bulletin (tests/outbox_kind.py's
reminders, in a table of their own): the same guarantees as the bulletin, through the same
machinery, on a real database and a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db import Database, open_database
from mail import outbox
from mail.transports import SMTPSettings, SMTPTransport
from tests.outbox_kind import Reminder, Reminders, create, send

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def database(tmp_path: Path, db_url_factory) -> Iterator[Database]:
    database = open_database(db_url_factory(tmp_path))
    try:
        yield database
    finally:
        database.close()


def transport(smtp_server) -> SMTPTransport:
    return SMTPTransport(SMTPSettings.from_url(smtp_server.url, timeout=5))


def statuses(database: Database) -> dict[str, str]:
    with database.session() as session:
        return dict(session.execute(select(Reminder.email, Reminder.status)).all())


def test_another_kind_is_sent_exactly_once_and_a_cut_short_run_resumes(
    database: Database, smtp_server
) -> None:
    emails = [f"p{n}@agency.example" for n in range(5)]
    create(database, emails)
    with database.session() as session:
        session.scalars(select(Reminder).where(Reminder.email == emails[4])).one().cancelled = True
    smtp_server.handler.accept_limit = 2  # then "421 … closing the connection"
    first = send(database, transport(smtp_server))
    assert first.sent_now == 2 and first.stopped is not None and "421" in first.stopped
    assert first.tally.counts == {"sent": 2, "pending": 3}
    smtp_server.handler.accept_limit = None
    second = send(database, transport(smtp_server))
    assert second.sent_now == 2 and second.stopped is None and not second.tally.left
    assert send(database, transport(smtp_server)).sent_now == 0
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == emails[:4]  # each once
    assert statuses(database)[emails[4]] == "skipped"
    with database.session() as session:
        reason = session.scalar(select(Reminder.last_error).where(Reminder.email == emails[4]))
    assert reason == "cancelled"


def test_another_kind_left_in_doubt_by_a_crash_is_sent_again_only_when_settled(
    database: Database, smtp_server
) -> None:
    emails = [f"p{n}@agency.example" for n in range(4)]
    create(database, emails)
    command = [
        sys.executable, "-m", "tests.outbox_kind",
        database.engine.url.render_as_string(hide_password=False), smtp_server.url,
    ]  # fmt: skip
    environ = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, env=environ, cwd=ROOT, stderr=subprocess.PIPE)

    def crash_on_the_second(mail) -> None:
        if len(smtp_server.messages) == 1:  # the server has the second message, not yet 250
            process.kill()
            process.wait()

    smtp_server.handler.before_accept = crash_on_the_second
    assert process.wait(timeout=60) != 0
    smtp_server.handler.before_accept = None
    assert list(statuses(database).values()).count("sending") == 1

    rerun = send(database, transport(smtp_server))
    assert rerun.sent_now == 2 and rerun.tally.in_doubt == [emails[1]]
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == emails  # nobody twice yet

    with (
        pytest.raises(outbox.NotInDoubt),
        outbox.settling(database),
        database.session() as session,
    ):
        outbox.settle_in_doubt(session, Reminder, (), [emails[0]], delivered=False)
    with outbox.settling(database), database.session() as session:
        outbox.settle_in_doubt(session, Reminder, (), [emails[1].upper()], delivered=False)
    again = send(database, transport(smtp_server))
    assert again.sent_now == 1 and not again.tally.left
    copies = [m for m in smtp_server.messages if m.rcpt_tos == [emails[1]]]
    assert len(copies) == 2 and copies[0].message["Message-ID"] == copies[1].message["Message-ID"]
    assert set(statuses(database).values()) == {"sent"}


def test_settling_is_refused_while_a_send_runs(database: Database) -> None:
    create(database, ["p0@agency.example"])
    with outbox.sending(database), pytest.raises(outbox.SendRunning), outbox.settling(database):
        pass


def test_the_kind_protocol_is_met() -> None:
    kind: outbox.OutboundKind[Reminder] = Reminders()
    assert kind.model is Reminder
