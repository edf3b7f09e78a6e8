"""The digest and recipients commands as the board office drives them: output, exit codes."""

from __future__ import annotations

import json
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from demo_helpers import DemoRun

import config as settings
from cli import main
from common.months import Month
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer
from web import create_app

OFFICE = "board.office@westshire-scp.example"


@pytest.fixture
def run(tmp_path: Path, db_url_factory, smtp_server):
    runner = CliRunner()
    env = {
        "SCR_DIGEST_REQUEST_DELAY": "0",
        "SCR_DIGEST_RETRIES": "1",
        "SCR_DIGEST_DB": db_url_factory(tmp_path),
        "SCR_DIGEST_CONFIG": "",
        "SCR_DIGEST_SMTP_URL": smtp_server.url,
        "SCR_DIGEST_SMTP_RETRY_DELAY": "0",
        "SCR_DIGEST_BOARD_OFFICE": OFFICE,
        "SCR_DIGEST_FROM": "learning@westshire-scp.example",
        "SCR_DIGEST_BOARD_NAME": "Westshire Safeguarding Children Partnership",
        "SCR_DIGEST_CONSOLE_URL": "https://westshire-scp.example/scr-digest",
    }

    def invoke(*args: str, **extra_env: str) -> Result:
        return runner.invoke(
            main,
            ["--data-dir", str(tmp_path), *args],
            env={**env, **extra_env},
            catch_exceptions=False,
        )

    return invoke


def harvested(run) -> str:
    with SiteServer() as site:
        sources = [arg for path in LISTING_PATHS[:5] for arg in ("--source", site.url(path))]
        assert run("harvest", "--no-reports", *sources).exit_code == 0
    return str(Month.current("Europe/London"))


def test_the_monthly_round(run, smtp_server, tmp_path: Path) -> None:
    month = harvested(run)
    drafted = run("digest", "draft")
    assert drafted.exit_code == 0, drafted.output
    assert drafted.output == (
        f"digest {month}: new draft; 4 new reviews added (4 included, 0 left out)\n"
        f"draft mailed to {OFFICE}\n"
    )
    assert str(smtp_server.messages[0].message["Subject"]).startswith("[DRAFT] ")

    shown = run("digest", "show")
    assert shown.stderr == f"digest {month}: draft; 4 included, 0 left out\n"
    assert shown.stdout.startswith(
        "Subject: Westshire Safeguarding Children Partnership: Learning from national case "
        "reviews — "
    )
    ids = [int(n) for n in re.findall(r"^\s+#(\d+) ", smtp_draft_text(smtp_server), re.M)]
    assert len(ids) == 4
    html = run("digest", "show", "--format", "html", "--month", month)
    assert html.stdout.startswith("<!DOCTYPE html>") and html.stderr

    left_out = run("digest", "exclude", "--month", month, str(ids[0]))
    assert left_out.output == f"left out: {ids[0]}\ndigest {month}: 3 included, 1 left out\n"
    missing = run("digest", "exclude", "--month", month, "999")
    assert missing.exit_code == 1 and "there is no review 999" in missing.output
    assert run("digest", "exclude", "--month", "2026-13", "1").exit_code == 2

    intro = tmp_path / "intro.txt"
    intro.write_text("Welcome to this month's bulletin.\n\nA second paragraph.\n")
    assert run("digest", "intro", "--month", month, "--file", str(intro)).exit_code == 0
    assert "Welcome to this month's bulletin." in run("digest", "show").stdout
    assert run("digest", "intro", "--month", month).exit_code == 2  # neither --file nor --reset

    bad = tmp_path / "bad.csv"
    bad.write_text("email,name\njo@health.example,Jo\nnope,No\n")
    refused = run("recipients", "import", str(bad))
    assert refused.exit_code == 1
    assert (
        "nothing imported" in refused.output and "line 3: 'nope' is not a valid" in refused.output
    )
    good = tmp_path / "good.csv"
    good.write_text(
        "email,name,agency,keywords\njo@health.example,Jo,Health,\n"
        "sam@police.example,Sam,Police,\nalex@school.example,Alex,School,drowning\n"
    )
    assert run("recipients", "import", str(good)).output == "3 added, 0 updated, 0 unchanged\n"
    listed = json.loads(run("recipients", "list", "--format", "json").output)
    assert [r["email"] for r in listed] == [
        "alex@school.example",
        "jo@health.example",
        "sam@police.example",
    ]
    assert "token" not in listed[0]  # an unsubscribe token is as good as the person's consent

    early = run("digest", "send")
    assert early.exit_code == 1 and "is a draft: approve it first" in early.output
    approved = run("digest", "approve")
    assert approved.exit_code == 0 and "approved with 3 reviews, for 2 recipients" in (
        approved.output
    )
    again = run("digest", "approve")
    assert again.exit_code == 1 and "already approved" in again.output
    frozen = run("digest", "include", "--month", month, str(ids[0]))
    assert frozen.exit_code == 1 and "is frozen" in frozen.output

    smtp_server.messages.clear()
    sent = run("digest", "send")
    assert sent.exit_code == 0, sent.output
    assert sent.stdout.splitlines()[:2] == [
        f"digest {month}: 2 sent now, through the mail server 127.0.0.1:{smtp_server.port} "
        "(1 connection)",
        "deliveries: 2 sent, 0 failed, 1 skipped, 0 pending, 0 in doubt",
    ]
    assert "archive: " in sent.stdout
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [
        "jo@health.example",
        "sam@police.example",
    ]

    status = run("status")
    assert f"digest {month}: sent; 3 reviews included, 1 left out" in status.output
    assert "recipients: 3 active, 0 unsubscribed, 0 removed" in status.output
    report = json.loads(run("status", "--format", "json").output)
    assert report["digest"]["deliveries"] == {
        "pending": 0,
        "in_doubt": 0,
        "sent": 2,
        "failed": 0,
        "skipped": 1,
    }

    message = smtp_server.messages[0].message
    token = message["List-Unsubscribe"].rsplit("/", 1)[1].rstrip(">")
    done = run("unsubscribe", token)
    address = message["To"].addresses[0].addr_spec
    assert done.output == f"unsubscribed: {address}; no further bulletins will be sent\n"
    assert "had already unsubscribed" in run("unsubscribe", token).output
    unknown = run("unsubscribe", "made-up-token")
    assert unknown.exit_code == 1 and "no recipient has this unsubscribe token" in unknown.output
    assert run("recipients", "remove", "alex@school.example").output == (
        "removed: alex@school.example\n"
    )
    assert "recipients: 1 active, 1 unsubscribed, 1 removed" in run("status").output


def smtp_draft_text(smtp_server) -> str:
    draft = next(m for m in smtp_server.messages if "[DRAFT]" in str(m.message["Subject"]))
    return draft.message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_the_smtp_password_is_never_printed(run, closed_port_url: str) -> None:
    harvested(run)
    port = closed_port_url.rsplit(":", 1)[1]
    down = run("digest", "draft", SCR_DIGEST_SMTP_URL=f"smtp://board:hunter2@127.0.0.1:{port}")
    assert down.exit_code == 2 and "stored but not mailed" in down.stderr
    malformed = run("status", SCR_DIGEST_SMTP_URL="smtps://board:hunter2@")
    assert malformed.exit_code == 1 and "SCR_DIGEST_SMTP_URL" in malformed.output
    elsewhere = run("digest", "draft", SCR_DIGEST_SMTP_URL="smtp://board:hunter2@mail.example.org")
    assert elsewhere.exit_code == 2 and "unencrypted" in elsewhere.stderr
    for result in (down, malformed, elsewhere):
        assert "hunter2" not in result.output + result.stderr


def test_without_a_mail_server_mail_goes_to_the_outbox(run, tmp_path: Path) -> None:
    month = harvested(run)
    drafted = run("digest", "draft", SCR_DIGEST_SMTP_URL="")
    assert drafted.exit_code == 0
    (line,) = [line for line in drafted.output.splitlines() if line.startswith("written to ")]
    path = Path(line.removeprefix("written to "))
    assert path.parent == tmp_path / "outbox"
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert str(parsed["Subject"]).startswith("[DRAFT]") and parsed["To"] == OFFICE
    assert month in str(parsed.get_body(("plain",)).get_content())


def test_demo_ends_with_a_drafted_bulletin_in_the_outbox(demo_run: DemoRun) -> None:
    result, demo_dir = demo_run.result, demo_run.demo_dir
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Draft bulletin for")]
    path = Path(line.split(": ", 1)[1])
    assert path.parent == demo_dir / "outbox" and path.exists()
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert str(parsed["Subject"]).startswith(
        "[DRAFT] Westshire Safeguarding Children Partnership: Learning from national case reviews"
    )
    text = parsed.get_body(("plain",)).get_content()
    assert "2025 – Harbourside – Child A" in text and "scr-digest digest approve" in text
    config_file = demo_dir / "scr-digest.toml"
    shown = CliRunner().invoke(
        main, ["--config", str(config_file), "digest", "show"], env={"SCR_DIGEST_DB": ""}
    )
    assert shown.exit_code == 0 and "2025 – Harbourside – Child A" in shown.stdout
    # The draft email's link opens the draft in the console the demo's settings serve locally.
    link = re.search(r"http://127\.0\.0\.1:8080(/drafts/\d{4}-\d{2}\?key=\S+)", text)
    assert link, text
    app = create_app(settings.load(config_file))
    page = app.test_client().get(link.group(1))
    assert page.status_code == 200 and "Sign in to change or approve it" in page.text
    assert "Child A" in page.text
