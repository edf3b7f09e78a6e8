"""``kill -9`` during ``scr-digest feedback send-due``: a real process killed while the real SMTP
server on 127.0.0.1 holds a follow-up (or a reminder) it has not yet acknowledged, then reruns.

Every mail due is received exactly once; the one the crash left unconfirmed is in doubt, as a
bulletin's delivery would be: reported, not sent again by a plain rerun, sent again (with the
same Message-ID) only with ``--resend-in-doubt``. The kill is made the way tests/test_outbox.py
makes it: from the server, at the moment it holds the message.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from common.months import Month
from config import Config
from db import Database, Recipient, open_database
from db.models import CpdAcknowledgement, FeedbackReminder, FollowUp
from db.statuses import OutboundStatus
from learning import feedback as answers
from learning.form import validate
from mail.links import Signer
from tests.faults import ROOT, cli, cli_env, run
from tests.test_learning import AGENCIES, _lists, form_values, seed_bulletin

CONSOLE = "http://console.test.localhost"
NOW = datetime.now(UTC).replace(microsecond=0)
# Follow-ups fall due 90 days after an answer; reminders 21 days after a bulletin (and only
# within a grace period after that, so the old bulletin owes none).
OLD_SENT, ANSWERED, RECENT_SENT = (NOW - timedelta(days=d) for d in (100, 95, 22))
RESPONDENTS = ("ann@health.example", "bo@police.example", "cy@education.example")
# Health answered the recent bulletin: its two contacts are not reminded.
REMINDED = (
    "contact1@police.example",
    "contact2@education.example",
    "contact4@police.example",
    "contact5@education.example",
)


@dataclass
class Loop:
    database: Database
    environ: dict[str, str]

    def send_due(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(cli("feedback", "send-due", *args), self.environ, timeout=120)

    def statuses(self, model: type[FollowUp] | type[FeedbackReminder]) -> dict[str, str]:
        with self.database.session() as session:
            return dict(session.execute(select(model.email, model.status)).all())


def _not_this_month() -> str:
    """board_report_months without the current month: the board report is not due here."""
    this = Month.current("Europe/London").month
    return ",".join(str(m) for m in range(1, 13) if m != this)


@pytest.fixture
def loop(tmp_path: Path, db_url_factory: Callable[[Path], str], smtp_server: Any) -> Iterator[Loop]:
    settings: dict[str, object] = {
        "console_url": CONSOLE,
        "smtp_url": smtp_server.url,
        "smtp_retry_delay": 0,
        "secret_key": "crash test key, not a secret",
        "board_office": "office@board.example",
        "mail_from": "learning@westshire-scp.example",
        "board_report_months": _not_this_month(),
    }
    db_url = db_url_factory(tmp_path)
    data_dir = tmp_path / "data"
    config = Config(
        data_dir=data_dir,
        db=db_url,
        console_url=CONSOLE,
        secret_key=str(settings["secret_key"]),
    )
    database = open_database(db_url)
    ids = {}
    with database.session() as session:
        for i, agency in enumerate(AGENCIES * 2):
            email = f"contact{i}@{agency.lower()}.example"
            row = Recipient(email=email, email_key=email, agency=agency, token=f"tok{i}")
            session.add(row)
            session.flush()
            ids[email] = row.id
    old, reviews = seed_bulletin(database, str(Month.containing(OLD_SENT, "UTC")), OLD_SENT, ids, 1)
    recent, recent_reviews = seed_bulletin(
        database, str(Month.containing(RECENT_SENT, "UTC")), RECENT_SENT, ids, 2
    )
    signer = Signer.of(config)

    def answer(
        digest: int, contact: str, review_ids: list[int], at: datetime, **values: Any
    ) -> None:
        bound = signer.read_feedback_token(signer.feedback_token(ids[contact], digest))
        assert bound is not None
        context = answers.form_context(database, config, bound, at)
        assert context is not None
        found, errors = validate(_lists(form_values(review_ids, **values)), review_ids)
        assert found is not None, errors
        answers.submit(database, context, found, at)

    # three answers to the old bulletin that named a change: a follow-up each is due now
    answered_by = (
        "contact0@health.example",
        "contact1@police.example",
        "contact2@education.example",
    )
    for contact, email in zip(answered_by, RESPONDENTS, strict=True):
        answer(old, contact, reviews, ANSWERED, email=email)
    # Health answered the recent one (no address, no change: nothing owed to the answerer)
    answer(recent, "contact3@health.example", recent_reviews, NOW, email="", change="")
    with database.session() as session:  # their CPD records went at the time
        session.execute(update(CpdAcknowledgement).values(status=OutboundStatus.SENT))
    try:
        yield Loop(database, cli_env(db_url, data_dir, **settings))
    finally:
        database.close()


def _kind(mail: Any) -> str:
    subject = str(mail.message["Subject"])
    return "follow-up" if "did the change happen" in subject else "reminder"


@pytest.mark.parametrize("killed_in", ["follow-up", "reminder"])
def test_follow_ups_and_reminders_go_exactly_once_across_a_kill_9(
    loop: Loop, smtp_server: Any, killed_in: str
) -> None:
    process = subprocess.Popen(
        cli("feedback", "send-due"),
        env=loop.environ,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    held: list[str] = []

    def kill_on_the_second(mail: Any) -> None:
        # the server holds the second message of that kind and has not said 250 yet
        if (
            _kind(mail) == killed_in
            and [_kind(m) for m in smtp_server.messages].count(killed_in) == 1
        ):
            held.append(mail.rcpt_tos[0])
            process.kill()
            process.wait()

    smtp_server.handler.before_accept = kill_on_the_second
    assert process.wait(timeout=120) != 0
    smtp_server.handler.before_accept = None
    assert len(held) == 1, "the run was not killed mid-send"
    in_doubt = held[0]
    model = FollowUp if killed_in == "follow-up" else FeedbackReminder
    assert loop.statuses(model)[in_doubt] == OutboundStatus.SENDING

    rerun = loop.send_due()
    assert rerun.returncode == 2, rerun.stderr  # something is in doubt: said, and not resent
    assert f"{killed_in if killed_in == 'follow-up' else 'feedback reminder'}: 1 in doubt" in (
        rerun.stderr
    )
    received = sorted(m.rcpt_tos[0] for m in smtp_server.messages)
    assert received == sorted(RESPONDENTS + REMINDED), "each due mail once, none twice"
    assert loop.send_due().returncode == 2
    assert len(smtp_server.messages) == len(RESPONDENTS) + len(REMINDED)
    followups = loop.statuses(FollowUp)
    reminders = loop.statuses(FeedbackReminder)
    assert sorted(followups) == sorted(RESPONDENTS) and sorted(reminders) == sorted(REMINDED)
    assert [a for a, s in {**followups, **reminders}.items() if s != "sent"] == [in_doubt]

    # sent again only on request, with the same Message-ID (mail clients merge the copies)
    again = loop.send_due("--resend-in-doubt")
    assert again.returncode == 0, again.stderr
    copies = [m for m in smtp_server.messages if m.rcpt_tos == [in_doubt]]
    assert len(copies) == 2 and copies[0].message["Message-ID"] == copies[1].message["Message-ID"]
    assert set(loop.statuses(model).values()) == {"sent"}
    final = loop.send_due()
    assert final.returncode == 0 and final.stdout.startswith("0 sent"), final.stdout
    assert len(smtp_server.messages) == len(RESPONDENTS) + len(REMINDED) + 1
