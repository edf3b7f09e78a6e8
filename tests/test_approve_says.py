"""Approving and sending say what will happen (issue 12, item 12): how many recipients will
receive the bulletin (none: refused, with the command to add them), who approved it and when
(in the board's time zone), whether a scheduler is actually running (its heartbeat), and who
was skipped and why."""

from __future__ import annotations

import getpass
import re
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from conftest import SMTPServer
from console_helpers import OFFICER, console_of, seed_draft
from flask import Flask
from flask.testing import FlaskClient
from serve_helpers import SCR_DIGEST, cli_env
from test_console import DRAFT, TITLES, click, page

from cli import main
from common.months import Month
from db import open_database
from digest import recipients as recipient_list
from tests.faults import review_first_seen

NOV = Month(2026, 11)
ZONE = "America/New_York"  # not UTC and not the default, so a time shown in UTC is caught


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'scr.db'}"
    database = open_database(url)
    try:
        with database.session() as session:
            session.add(review_first_seen(datetime(2026, 11, 10, 9, tzinfo=UTC)))
    finally:
        database.close()
    return url


def _cli(tmp_path: Path, db_url: str, smtp: SMTPServer, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        ["--db", db_url, "--data-dir", str(tmp_path), *args],
        env={
            "SCR_DIGEST_CONFIG": "",
            "SCR_DIGEST_SMTP_URL": smtp.url,
            "SCR_DIGEST_SMTP_RETRY_DELAY": "0",
            "SCR_DIGEST_FROM": "learning@westshire.example",
            "SCR_DIGEST_BOARD_OFFICE": "office@westshire.example",
            "SCR_DIGEST_TIMEZONE": ZONE,
        },
    )


def test_digest_approve_and_send_say_who_gets_it_who_approved_and_who_was_skipped(
    tmp_path: Path, db_url: str, smtp_server: SMTPServer
) -> None:
    def run(*args: str) -> Result:
        return _cli(tmp_path, db_url, smtp_server, *args)

    assert run("digest", "draft", "--month", "2026-11").exit_code == 0
    nobody = run("digest", "approve", "--month", "2026-11")
    assert nobody.exit_code == 1, nobody.output
    assert "not approved: nobody would receive the 2026-11 digest" in nobody.output
    assert "scr-digest recipients import FILE.csv" in nobody.output
    assert "draft" in run("status").output  # still a draft

    assert run("recipients", "add", "jo@health.example", "--name", "Jo").exit_code == 0
    assert run("recipients", "add", "al@school.example", "--keywords", "drowning").exit_code == 0
    before = datetime.now(UTC)
    approved = run("digest", "approve", "--month", "2026-11")
    assert approved.exit_code == 0, approved.output
    first, *rest = approved.output.splitlines()
    match = re.fullmatch(
        r"digest 2026-11: approved with 1 review, for 1 recipient, by (.+) on "
        r"(\d+ \w+ 2026 \d\d:\d\d) (\w+); it can no longer change",
        first,
    )
    assert match, first
    assert match.group(1) == getpass.getuser()
    assert match.group(3) == "EST"  # the board's time zone, not UTC
    shown_at = datetime.strptime(match.group(2), "%d %B %Y %H:%M")
    local = before.astimezone(ZoneInfo(ZONE)).replace(tzinfo=None)
    assert abs((shown_at - local).total_seconds()) < 120
    assert rest == [
        "not for 1 recipient whose keyword filter matches none of its reviews",
        "no scheduler running: send it with: scr-digest digest send --month 2026-11",
    ]
    # Refused changes say when it was approved in the board's time zone too, not in UTC.
    for change in (("exclude", "1"), ("intro", "--reset"), ("move", "1", "up")):
        frozen = run("digest", *change[:1], "--month", "2026-11", *change[1:])
        assert frozen.exit_code == 1, frozen.output
        assert f"approved on {match.group(2)} EST and is frozen" in frozen.output, frozen.output
    status = run("status").output
    assert f"  approved by {getpass.getuser()} on {match.group(2)} EST" in status
    assert "  not sent yet; no scheduler running: send it with scr-digest digest send" in status
    assert "\nno scheduler running\n" in status
    assert "the scheduler sends" not in status

    sent = run("digest", "send", "--month", "2026-11")
    assert sent.exit_code == 0, sent.output
    assert "deliveries: 1 sent, 0 failed, 1 skipped, 0 pending, 0 in doubt" in sent.output
    assert (
        "skipped: al@school.example: its keyword filter matches none of this bulletin's reviews"
    ) in sent.output


def test_status_says_whether_a_scheduler_is_really_running(tmp_path: Path, db_url: str) -> None:
    """A real ``scr-digest schedule`` writes its heartbeat; ``status`` reads it, and says
    none runs once it stops."""
    env = cli_env(tmp_path, db_url, timezone=ZONE)

    def status() -> str:
        done = subprocess.run(
            [SCR_DIGEST, "status"], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "\nno scheduler running\n" in status()
    process = subprocess.Popen(
        [SCR_DIGEST, "schedule"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while "scheduler running (last seen" not in (text := status()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, text
            time.sleep(0.5)
        seen = re.search(r"^scheduler running \(last seen (\d\d:\d\d)\)$", text, re.M)
        assert seen, text
        now = datetime.now(ZoneInfo(ZONE))  # the board's time zone, not UTC
        shown = now.replace(hour=int(seen.group(1)[:2]), minute=int(seen.group(1)[3:]))
        assert abs((now - shown).total_seconds()) < 120, (seen.group(1), now)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert "\nno scheduler running\n" in status()


@pytest.fixture
def drafted(console_app: Flask) -> dict[str, int]:
    return seed_draft(console_app, *TITLES)


def test_the_console_approve_page_counts_refuses_at_none_and_records_who(
    signed_in_client: FlaskClient, console_app: Flask, drafted: dict[str, int]
) -> None:
    """(The console's pages, through the Flask test client as the other console tests.)"""
    database = console_of(console_app).database
    confirm = page(signed_in_client, f"{DRAFT}/approve")
    text = " ".join(confirm.text_content().split())
    assert "will go to 0 recipients" in text
    assert "scr-digest recipients import FILE.csv" in text
    assert not [b for b in confirm.iter("button") if b.text_content().strip() == "Approve"]
    # A stale page's POST is refused the same way.
    refused = signed_in_client.post(
        f"{DRAFT}/approve",
        data={"csrf_token": confirm.xpath("//input[@name='csrf_token']/@value")[0]},
    )
    assert refused.status_code == 302
    assert "nobody would receive" in " ".join(page(signed_in_client).text_content().split())

    recipient_list.add(database, "jo@health.example")
    confirm = page(signed_in_client, f"{DRAFT}/approve")
    text = " ".join(confirm.text_content().split())
    assert "will go to 1 recipient" in text and "No scheduler running" in text
    response = click(signed_in_client, "Approve", path=f"{DRAFT}/approve")
    assert response.status_code == 302
    tree = page(signed_in_client)
    status = " ".join(tree.xpath("//p[@class='status']")[0].text_content().split())
    assert f"approved by {OFFICER} on " in status
    zone = console_of(console_app).config.timezone
    name = datetime.now(ZoneInfo(zone)).tzname()
    assert status.endswith(f"{name})")
    scheduler = " ".join(tree.xpath("//p[@id='scheduler']")[0].text_content().split())
    assert scheduler.startswith("Not sent yet. No scheduler running: nothing sends it until")
