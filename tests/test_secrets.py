"""Secrets and personal data: what must never reach a log, an error message or ``status``.

- The SMTP password (in ``SCR_DIGEST_SMTP_URL``) appears nowhere: not in output, not in errors,
  not in any log record at any level, not in the log file.
- Unsubscribe tokens are credentials for one thing (leaving the list): they appear in the
  recipient's own message only, never in logs, ``status``, ``recipients list`` (which has no
  way to show them: a maintainer who needs to take someone off uses ``recipients remove``),
  the board office's draft or the public archive.
- Recipient addresses are personal data: logged at DEBUG only (INFO and up name the delivery
  by id and a masked address). ``status`` and ``digest send`` print them: those are the
  board office's own reports on its own list, not logs.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from cli import main
from common.emails import mask_emails
from common.links import redact_url
from mail.message import make_message_id
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer

PASSWORD = "pw-Zq8/s3cret"
PASSWORD_IN_URL = "pw-Zq8%2Fs3cret"
OFFICE = "board.office@westshire-scp.example"
RECIPIENTS = {
    "ok": "jo.bloggs@health.example",
    "refused": "gone@police.example",
    "busy": "busy@school.example",
}


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"board",
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


class Flow:
    """The CLI as the board office runs it, every output and log line kept."""

    def __init__(self, tmp_path: Path, db_url: str, smtp_url: str) -> None:
        self.tmp_path, self.db_url = tmp_path, db_url
        self.log_file = tmp_path / "logs" / "scr-digest.log"
        self.env = {
            "SCR_DIGEST_REQUEST_DELAY": "0",
            "SCR_DIGEST_RETRIES": "1",
            "SCR_DIGEST_DB": db_url,
            "SCR_DIGEST_CONFIG": "",
            "SCR_DIGEST_SMTP_URL": smtp_url,
            "SCR_DIGEST_SMTP_RETRIES": "1",
            "SCR_DIGEST_SMTP_RETRY_DELAY": "0",
            "SCR_DIGEST_SMTP_TIMEOUT": "5",
            "SCR_DIGEST_BOARD_OFFICE": OFFICE,
            "SCR_DIGEST_MAINTAINERS": "maintainer@westshire-scp.example",
            "SCR_DIGEST_FROM": "learning@westshire-scp.example",
            "SCR_DIGEST_UNSUBSCRIBE_BASE_URL": "https://westshire-scp.example/scr-digest",
            "SCR_DIGEST_LOG_LEVEL": "DEBUG",
            "SCR_DIGEST_LOG_FILE": str(self.log_file),
        }
        self.outputs: list[str] = []

    def __call__(self, *args: str, **extra_env: str) -> Result:
        result = CliRunner().invoke(
            main,
            ["--data-dir", str(self.tmp_path), "-vv", *args],
            env={**self.env, **extra_env},
            catch_exceptions=False,
        )
        self.outputs.append(f"$ {' '.join(args)}\n{result.stdout}{result.stderr}")
        return result

    def tokens(self) -> dict[str, str]:
        engine = create_engine(self.db_url)
        try:
            with engine.connect() as connection:
                return dict(connection.execute(text("SELECT email, token FROM recipient")).all())
        finally:
            engine.dispose()


@pytest.fixture
def flow(tmp_path: Path, db_url_factory, smtp_server_factory) -> Iterator[Flow]:
    server = smtp_server_factory(authenticator=_authenticator, auth_require_tls=False)
    server.handler.reject[RECIPIENTS["refused"]] = "550 5.1.1 No such user here"
    server.handler.reject[RECIPIENTS["busy"]] = "450 4.2.1 Mailbox busy, try later"
    flow = Flow(
        tmp_path,
        db_url_factory(tmp_path),
        f"smtp://board:{PASSWORD_IN_URL}@127.0.0.1:{server.port}",
    )
    flow.server = server  # type: ignore[attr-defined]
    yield flow
    # the CLI adds a file handler to the root logger; do not leave it to later tests
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", None) == str(flow.log_file.resolve()):
            root.removeHandler(handler)
            handler.close()


def _run_the_month(flow: Flow, closed_port_url: str, caplog: pytest.LogCaptureFixture) -> None:
    # aiosmtpd (the test's mail server, not scr-digest) logs every line it receives at DEBUG.
    # Set in the test itself (pytest restores levels after fixture setup), and in this order:
    # set_level also sets the capturing handler's level, so the last call must be DEBUG.
    caplog.set_level(logging.WARNING, logger="mail.log")
    caplog.set_level(logging.DEBUG)
    with SiteServer() as site:
        sources = [arg for path in LISTING_PATHS[:5] for arg in ("--source", site.url(path))]
        assert flow("harvest", "--no-reports", *sources).exit_code == 0
    csv_file = flow.tmp_path / "recipients.csv"
    csv_file.write_text(
        "email,name,agency\n" + "".join(f"{a},{k},Agency {k}\n" for k, a in RECIPIENTS.items()),
        encoding="utf-8",
    )
    assert flow("recipients", "import", str(csv_file)).exit_code == 0
    drafted = flow("digest", "draft")
    assert drafted.exit_code == 0, drafted.output
    assert flow("digest", "approve").exit_code == 0
    sent = flow("digest", "send")
    assert "failed: gone@police.example" in sent.stderr  # the board office's own report
    # the busy address is still owed its copy; the server is now unreachable
    port = closed_port_url.rsplit(":", 1)[1]
    down = flow(
        "digest", "send", SCR_DIGEST_SMTP_URL=f"smtp://board:{PASSWORD_IN_URL}@127.0.0.1:{port}"
    )
    assert down.exit_code != 0 and "127.0.0.1" in down.stderr
    # a login the server refuses, and a malformed address
    wrong = flow("digest", "send", SCR_DIGEST_SMTP_URL=flow.env["SCR_DIGEST_SMTP_URL"].replace(
        "board:", "nobody:"))  # fmt: skip
    assert wrong.exit_code != 0 and "refused the login" in wrong.stderr
    assert flow("status", SCR_DIGEST_SMTP_URL=f"smtps://board:{PASSWORD_IN_URL}@").exit_code == 1
    for args in (("status",), ("status", "--format", "json"), ("recipients", "list"),
                 ("recipients", "list", "--format", "json", "--all")):  # fmt: skip
        assert flow(*args).exit_code == 0


def test_no_password_or_token_in_any_output_or_log(
    flow: Flow, closed_port_url: str, caplog
) -> None:
    _run_the_month(flow, closed_port_url, caplog)
    tokens = flow.tokens()
    assert len(tokens) == 3
    records = [
        f"{record.levelname} {record.name}: {record.getMessage()}\n{record.exc_text or ''}"
        for record in caplog.records
    ]
    log_file = flow.log_file.read_text(encoding="utf-8")
    assert records and log_file  # DEBUG logging really was on
    everything = "\n".join([*flow.outputs, *records, log_file])
    for secret in (PASSWORD, PASSWORD_IN_URL, *tokens.values()):
        assert secret not in everything
    # the recipient's own message carries its token (its unsubscribe link), and only its own
    received = {m.rcpt_tos[0]: m.data.decode("utf-8", "replace") for m in flow.server.messages}
    own = received[RECIPIENTS["ok"]]
    assert tokens[RECIPIENTS["ok"]] in own.replace("=\r\n", "")
    others = [tokens[a] for a in RECIPIENTS.values() if a != RECIPIENTS["ok"]]
    drafts = [body for to, body in received.items() if to == OFFICE]
    assert drafts and not any(t in body for t in tokens.values() for body in drafts)
    assert not any(t in own for t in others)
    # nor in the public archive
    for page in (flow.tmp_path / "archive").rglob("*"):
        if page.is_file():
            content = page.read_text(encoding="utf-8", errors="replace")
            assert not any(t in content for t in tokens.values()), page


def test_recipient_addresses_are_logged_at_debug_only(
    flow: Flow, closed_port_url: str, caplog
) -> None:
    _run_the_month(flow, closed_port_url, caplog)
    # the whole address, or its local part before any domain ("jo.bloggs@")
    addresses = [*RECIPIENTS.values(), *(a.split("@")[0] + "@" for a in RECIPIENTS.values())]
    loud = [
        f"{record.levelname} {record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.levelno >= logging.INFO
    ]
    assert loud, "expected INFO records from the send"
    leaked = [line for line in loud if any(a in line for a in addresses)]
    assert leaked == []
    # DEBUG keeps them for whoever debugs a delivery on purpose
    quiet = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any(RECIPIENTS["ok"] in line for line in quiet)
    # the masked form that INFO uses still tells deliveries apart
    assert any(mask_emails(RECIPIENTS["refused"]) in line for line in loud)


def test_unsubscribe_tokens_are_unguessable_and_single_purpose(
    flow: Flow, closed_port_url: str, caplog
) -> None:
    _run_the_month(flow, closed_port_url, caplog)
    tokens = flow.tokens()
    for token in tokens.values():
        # secrets.token_hex(24): 192 random bits, hex so it never reads as a CLI option
        assert re.fullmatch(r"[0-9a-f]{48}", token)
    assert len(set(tokens.values())) == len(tokens)
    # Not derived from anything else the program holds or sends: the Message-IDs (which
    # every recipient's mail client sees), the password, the database URL.
    received = [m.message for m in flow.server.messages]
    message_ids = " ".join(str(m["Message-ID"]) for m in received)
    for token in tokens.values():
        assert token not in message_ids and token[:16] not in message_ids
        assert token not in flow.db_url and token != PASSWORD
    # and a token opens nothing but unsubscribing: the CLI takes it nowhere else, so a token
    # given where an address or id is expected is refused, not resolved
    some = next(iter(tokens.values()))
    assert flow("recipients", "remove", some).exit_code != 0
    assert flow("reviews", "show", some).exit_code != 0
    assert flow("unsubscribe", some).exit_code == 0
    assert flow("unsubscribe", "0" * 48).exit_code != 0


def test_redaction_helpers() -> None:
    assert redact_url("smtp://board:pw-Zq8%2Fs3cret@mail.example:587") == (
        "smtp://board:***@mail.example:587"
    )
    assert mask_emails("jo.bloggs@health.example") == "j***@health.example"
    assert "jo.bloggs" not in mask_emails("jo.bloggs@health.example")
    # Message-IDs carry their own randomness, never a recipient's token
    assert make_message_id("x.example", "2026-01", 7) != make_message_id("x.example", "2026-01", 7)
    assert len(secrets.token_hex(24)) * 4 >= 128
