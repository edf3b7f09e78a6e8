"""``scr-digest serve`` as it runs in production: waitress in its own process, spoken to over
real sockets with http.client (from several loopback addresses: 127.0.0.1 is the reverse proxy
on the same machine, 127.0.0.3 a visitor reaching the port directly)."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SMTPServer
from console_helpers import add_review
from demo_helpers import DemoRun
from serve_helpers import SCR_DIGEST, Browser, Served, cli_env, free_port, start_serve
from sqlalchemy import select

from common.months import Month
from config import Config
from db import Delivery, LoginAttempt, Recipient, heartbeat, open_database
from digest import drafting, recipients
from digest.links import draft_key
from tests.faults import review_first_seen
from web import accounts

OFFICER = "officer@board.example"
PASSWORD = "correct horse battery"


@pytest.fixture
def place(tmp_path: Path, db_url_factory: Callable[[Path], str]) -> tuple[Path, str]:
    """A data directory and a database with one console account."""
    data_dir, db_url = tmp_path / "data", db_url_factory(tmp_path)
    database = open_database(db_url)
    try:
        accounts.add_user(database, OFFICER, PASSWORD)
    finally:
        database.close()
    return data_dir, db_url


@pytest.fixture
def serve(place: tuple[Path, str]) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(**settings: str) -> Served:
        served = start_serve(place[0], place[1], **settings)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


def _attempt_addresses(db_url: str) -> set[str]:
    database = open_database(db_url)
    try:
        with database.session() as session:
            return set(session.scalars(select(LoginAttempt.address)))
    finally:
        database.close()


def test_behind_the_proxy_each_client_is_counted_and_forged_headers_are_not_believed(
    place: tuple[Path, str], serve: Callable[..., Served]
) -> None:
    # console_url set and no trusted_proxy: the proxy on this machine (127.0.0.1) is believed.
    served = serve(console_url="http://console.board.example/")
    # 25 failed sign-ins through the proxy, each from another client: more than the 20 an
    # address may have, but no client had more than one.
    for i in range(25):
        visitor = Browser(
            served.port, source="127.0.0.1", headers={"X-Forwarded-For": f"203.0.113.{i + 1}"}
        )
        assert visitor.sign_in(f"nobody{i}@board.example", "not the password").status == 401
    colleague = Browser(served.port, headers={"X-Forwarded-For": "198.51.100.20"})
    assert colleague.sign_in(OFFICER, PASSWORD).status == 302  # not locked out by them

    # A visitor reaching the port directly, forging a new X-Forwarded-For each time: its
    # headers are dropped, so all its failures count against its own address.
    for i in range(accounts.ADDRESS_LIMIT):
        forger = Browser(
            served.port, source="127.0.0.3", headers={"X-Forwarded-For": f"192.0.2.{i + 1}"}
        )
        assert forger.sign_in(f"guess{i}@board.example", "wrong").status == 401
    forger = Browser(served.port, source="127.0.0.3", headers={"X-Forwarded-For": "192.0.2.99"})
    refused = forger.sign_in(OFFICER, PASSWORD)
    assert refused.status == 429 and "Too many failed sign-in attempts" in refused.body
    # ... and the proxy's clients are not affected by that.
    later = Browser(served.port, headers={"X-Forwarded-For": "198.51.100.21"})
    assert later.sign_in(OFFICER, PASSWORD).status == 302

    addresses = _attempt_addresses(place[1])
    assert {f"203.0.113.{i + 1}" for i in range(25)} <= addresses
    assert {"198.51.100.20", "198.51.100.21", "127.0.0.3"} <= addresses
    assert not any(address.startswith("192.0.2.") for address in addresses)
    assert "127.0.0.1" not in addresses


def test_a_named_proxy_is_the_only_one_believed(serve: Callable[..., Served]) -> None:
    served = serve(trusted_proxy="127.0.0.2")
    for i in range(accounts.ADDRESS_LIMIT + 2):
        through_proxy = Browser(
            served.port, source="127.0.0.2", headers={"X-Forwarded-For": f"203.0.113.{i + 1}"}
        )
        assert through_proxy.sign_in(f"nobody{i}@board.example", "wrong").status == 401
    # 127.0.0.1 is not the proxy now: its forged header is not believed either.
    for i in range(accounts.ADDRESS_LIMIT):
        local = Browser(served.port, headers={"X-Forwarded-For": f"192.0.2.{i + 1}"})
        assert local.sign_in(f"guess{i}@board.example", "wrong").status == 401
    assert Browser(served.port).sign_in(OFFICER, PASSWORD).status == 429
    fine = Browser(served.port, source="127.0.0.2", headers={"X-Forwarded-For": "198.51.100.5"})
    assert fine.sign_in(OFFICER, PASSWORD).status == 302


def test_only_a_post_unsubscribes(place: tuple[Path, str], serve: Callable[..., Served]) -> None:
    database = open_database(place[1])
    try:
        recipients.add(database, "jo@health.example", name="Jo")
        with database.session() as session:
            token = session.scalar(select(Recipient.token))
    finally:
        database.close()
    served = serve()
    scanner = Browser(served.port)
    # What link scanners and curl -I send, and the other methods: the page, or 405.
    for method in ("HEAD", "GET", "OPTIONS", "PUT", "DELETE", "PATCH"):
        response = scanner.request(method, f"/unsubscribe/{token}")
        assert response.status in (200, 405), (method, response.status)
        assert "You are unsubscribed" not in response.body, method
    listed = recipients.list_recipients(open_database(place[1]))
    assert [row["status"] for row in listed] == ["active"]

    done = scanner.request("POST", f"/unsubscribe/{token}", form={})
    assert done.status == 200 and "You are unsubscribed" in done.body
    listed = recipients.list_recipients(open_database(place[1]), include_inactive=True)
    assert [row["status"] for row in listed] == ["unsubscribed"]


def _users(place: tuple[Path, str], *args: str, stdin: str = "") -> None:
    result = subprocess.run(
        [SCR_DIGEST, "users", *args],
        env=cli_env(*place),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_signing_out_ends_the_session_everywhere_and_pages_are_not_cached(
    place: tuple[Path, str], serve: Callable[..., Served]
) -> None:
    served = serve()
    officer = Browser(served.port)
    assert officer.sign_in(OFFICER, PASSWORD).status == 302
    drafts = officer.request("GET", "/drafts/")
    assert drafts.status == 200
    assert drafts.headers["Cache-Control"] == "no-store"
    copied = Browser(served.port, source="127.0.0.3", cookies=dict(officer.cookies))
    assert copied.request("GET", "/drafts/").status == 200  # a stolen cookie, while signed in

    assert officer.post("/logout", {}, token_from="/drafts/").status == 302
    after = copied.request("GET", "/drafts/")
    assert after.status == 302 and "/login" in after.headers["Location"]

    # A new password and a removed account end sessions too (the commands, a separate process).
    again = Browser(served.port)
    assert again.sign_in(OFFICER, PASSWORD).status == 302
    _users(place, "passwd", OFFICER, "--password-stdin", stdin="another long password\n")
    assert again.request("GET", "/drafts/").status == 302
    last = Browser(served.port)
    assert last.sign_in(OFFICER, "another long password").status == 302
    _users(place, "remove", OFFICER)
    assert last.request("GET", "/drafts/").status == 302


def test_a_busy_port_is_said_before_anything_claims_to_serve(place: tuple[Path, str]) -> None:
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = subprocess.run(
            [SCR_DIGEST, "serve", "--port", str(port)],
            env=cli_env(*place),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert "web console on" not in result.stdout
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"--port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_signed_draft_links_refresh_during_a_send_keeps_its_key(
    place: tuple[Path, str], serve: Callable[..., Served], smtp_server: SMTPServer
) -> None:
    """The draft link's reader (not signed in) watches a send that stopped with deliveries
    pending: the page refreshes itself, and the refresh still opens the draft."""
    data_dir, db_url = place
    database = open_database(db_url)
    try:
        with database.session() as session:
            session.add(review_first_seen(datetime(2026, 11, 10, 9, tzinfo=UTC)))
        for email in ("jo@health.example", "sam@police.example"):
            recipients.add(database, email)
    finally:
        database.close()
    env = cli_env(
        data_dir,
        db_url,
        smtp_url=smtp_server.url,
        smtp_retries="0",
        board_office="office@board.example",
        console_url="http://127.0.0.1:8080/",
        **{"from": "learning@board.example"},
    )
    for args in (["draft"], ["approve"]):
        done = subprocess.run(
            [SCR_DIGEST, "digest", *args, "--month", "2026-11"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    smtp_server.handler.accept_limit = 0  # 421 from now on: the send stops, deliveries pending
    stopped = subprocess.run(
        [SCR_DIGEST, "digest", "send", "--month", "2026-11"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert stopped.returncode != 0 and "Traceback" not in stopped.stderr
    database = open_database(db_url)
    try:
        with database.session() as session:
            assert set(session.scalars(select(Delivery.status))) == {"pending"}
    finally:
        database.close()

    served = serve()
    key = draft_key(Config(data_dir=data_dir, db=db_url), Month(2026, 11))
    reader = Browser(served.port)  # not signed in: the link is all it has
    page = reader.request("GET", f"/drafts/2026-11?key={key}")
    assert page.status == 200 and "You are reading this draft through the link" in page.body
    assert page.headers["Cache-Control"] == "no-store"  # the draft, and its key, are not kept
    refresh = re.search(r'http-equiv="refresh" content="3; url=([^"]+)"', page.body)
    assert refresh, "the page refreshes while deliveries are pending"
    target = html.unescape(refresh.group(1))
    assert parse_qs(urlsplit(target).query)["key"] == [key]
    again = reader.request("GET", target)
    assert again.status == 200, again.headers.get("Location")  # not sent to sign in
    assert "You are reading this draft through the link" in again.body


def test_after_the_demo_serve_on_any_port_prints_a_draft_link_that_opens(
    tmp_path: Path, demo_run: DemoRun
) -> None:
    """The demo's settings name port 8080; the console a newcomer starts on another port says
    the draft's link for that port, and it opens the draft; so does the demo's own link there."""
    demo_dir = tmp_path / "demo"
    shutil.copytree(demo_run.demo_dir, demo_dir)
    printed = re.search(
        r"no sign-in\): http://127\.0\.0\.1:8080(/drafts/\S+)", demo_run.result.output
    )
    assert printed, demo_run.result.output
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCR_DIGEST_")}
    process = subprocess.Popen(
        [SCR_DIGEST, "--config", str(demo_dir / "scr-digest.toml"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one pipe, read by one thread: neither fills up
        text=True,
    )
    lines: list[str] = []
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(process.stdout or ()), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while not any("read-only without signing in" in line for line in lines):
            assert process.poll() is None and time.monotonic() < deadline, lines
            time.sleep(0.1)
        (line,) = [line for line in lines if "read-only without signing in" in line]
        link = re.search(rf"http://127\.0\.0\.1:{port}(/drafts/\d{{4}}-\d{{2}}\?key=\S+)", line)
        assert link, line  # the port it really listens on, not the settings' 8080
        for path in (link.group(1), printed.group(1)):
            page = Browser(port).request("GET", path)
            assert page.status == 200, (path, page.status)
            assert "You are reading this draft through the link" in page.body
            assert "Child A" in page.body
    finally:
        process.terminate()
        process.wait(10)
        reader.join(10)


def test_the_small_things_on_the_console_pages_of_a_real_serve(
    place: tuple[Path, str], serve: Callable[..., Served]
) -> None:
    """Issue 12's small things, as a browser gets them from waitress: labels without their
    "include:", one ellipsis per snippet end, only the moves that can happen, the introduction
    headed once, and the unsubscribed page naming the board office's address."""
    data_dir, db_url = place
    database = open_database(db_url)
    filler = " ".join(f"word{i}" for i in range(200))
    try:
        ids = [
            add_review(
                database,
                title,
                learning=f"{filler} drowning in the bath was not foreseen {filler}",
                sections=[
                    {"field": "learning", "label": "Key issues include:", "text": "Sharing."},
                    {"field": "recommendations", "label": "Recommendations: include", "text": "T"},
                ],
            )
            for title in ("Child A", "Child B", "Child C")
        ]
        drafting.draft(database, Config(data_dir=data_dir, db=db_url), None, month=Month(2026, 11))
        recipients.add(database, "jo@health.example")
        with database.session() as session:
            token = session.scalar(select(Recipient.token))
    finally:
        database.close()
    served = serve(board_office="office@board.example")
    officer = Browser(served.port)
    assert officer.sign_in(OFFICER, PASSWORD).status == 302

    review = officer.request("GET", f"/reviews/{ids[0]}").body
    assert "<h3>Key issues</h3>" in review and "<h3>Recommendations</h3>" in review
    assert "Key issues include" not in review and "Recommendations: include" not in review
    found = officer.request("GET", "/reviews?q=drowning").body
    assert "<mark>drowning</mark>" in found and "……" not in found and "… …" not in found

    draft = officer.request("GET", "/drafts/2026-11").body
    moves = re.findall(r'aria-label="(Move (?:up|down)): [^"]*(Child [ABC])"', draft)
    assert sorted(moves) == [
        ("Move down", "Child A"),
        ("Move down", "Child B"),
        ("Move up", "Child B"),
        ("Move up", "Child C"),
    ]
    assert draft.count(">Introduction<") == 1  # the section's heading; the field says more
    assert '<label for="intro">Text of the introduction</label>' in draft

    done = Browser(served.port).request("POST", f"/unsubscribe/{token}", form={})
    assert done.status == 200 and "You are unsubscribed" in done.body
    assert "ask the board office (office@board.example)" in done.body


def _scheduler_said(browser: Browser, path: str) -> str:
    page = browser.request("GET", path)
    assert page.status == 200, (path, page.status)
    found = re.search(r'id="scheduler">(.*?)</(?:p|span)>', page.body, re.S)
    assert found, page.body
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def test_the_console_says_whether_a_scheduler_is_really_running(
    place: tuple[Path, str], serve: Callable[..., Served]
) -> None:
    """No promise of what "the scheduler" will do: a real ``scr-digest schedule``'s heartbeat
    is what the pages go by, before a draft exists and on the approve page; that page counts
    the recipients (none: no Approve button, the command to add them); the draft page then
    says who approved it and when, in the board's time zone."""
    data_dir, db_url = place
    served = serve()
    officer = Browser(served.port)
    assert officer.sign_in(OFFICER, PASSWORD).status == 302
    assert _scheduler_said(officer, "/drafts/").startswith(
        "No scheduler running: nothing drafts one until you run scr-digest digest draft"
    )
    database = open_database(db_url)
    try:
        with database.session() as session:
            session.add(review_first_seen(datetime(2026, 11, 10, 9, tzinfo=UTC)))
        drafting.draft(database, Config(data_dir=data_dir, db=db_url), None, month=Month(2026, 11))
    finally:
        database.close()
    nobody = officer.request("GET", "/drafts/2026-11/approve").body
    assert '<strong id="recipients">0 recipients</strong>' in nobody
    assert "scr-digest recipients import FILE.csv" in nobody and ">Approve</button>" not in nobody
    database = open_database(db_url)
    try:
        recipients.add(database, "jo@health.example")
    finally:
        database.close()
    assert '<strong id="recipients">1 recipient</strong>' in (
        officer.request("GET", "/drafts/2026-11/approve").body
    )
    assert _scheduler_said(officer, "/drafts/2026-11/approve").startswith("No scheduler running.")

    scheduler = subprocess.Popen(
        [SCR_DIGEST, "schedule"],
        env=cli_env(data_dir, db_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        database = open_database(db_url)
        try:
            deadline = time.monotonic() + 60
            while not heartbeat.seen(database).running:
                assert scheduler.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        finally:
            database.close()
        running = _scheduler_said(officer, "/drafts/2026-11/approve")
        assert re.match(r"Scheduler running \(last seen \d\d:\d\d\)\. It sends", running), running
    finally:
        scheduler.send_signal(signal.SIGTERM)
        scheduler.wait(30)
    assert _scheduler_said(officer, "/drafts/2026-11/approve").startswith("No scheduler running.")
    # Approved in the console: who and when (the board's time zone) on the draft page.
    approved = officer.post("/drafts/2026-11/approve", {})
    assert approved.status == 302
    draft = officer.request("GET", "/drafts/2026-11").body
    status = re.search(r'<p class="status">(.*?)</p>', draft, re.S)
    assert status, draft
    assert re.fullmatch(
        rf"Status: .*\(approved by {re.escape(OFFICER)} on \d+ \w+ \d{{4}} \d\d:\d\d (GMT|BST)\)",
        " ".join(status.group(1).split()),
    ), status.group(1)
