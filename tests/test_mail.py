"""Mail transports against a real SMTP server on 127.0.0.1 (aiosmtpd), and the pure helpers."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.headerregistry import Address
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from common.links import redact_url
from mail.errors import (
    InDoubt,
    MailConfigError,
    PermanentFailure,
    TemporaryFailure,
    retry_delay,
)
from mail.message import compose, envelope, make_message_id, to_bytes
from mail.settings import transport_for
from mail.transports import FileTransport, MemoryTransport, SMTPSettings, SMTPTransport

SENDER = Address("Westshire Safeguarding Children Partnership", addr_spec="learning@scp.example")


def message(to: str = "jo@agency.example", number: int = 1, **headers: str):
    return compose(
        subject=f"Bulletin {number} — November 2026",
        text="Plain text\n",
        html="<p>HTML</p>",
        sender=SENDER,
        recipients=[Address("Jo Bloggs", addr_spec=to)],
        message_id=make_message_id("scp.example", "test", number),
        date=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        headers=headers,
    )


def smtp(server, **settings) -> SMTPTransport:
    return SMTPTransport(SMTPSettings.from_url(server.url, timeout=5, **settings))


# ---------------------------------------------------------------- pure helpers


def test_retry_delay_doubles_then_gives_up() -> None:
    delays = [retry_delay(n, retries=4, base=2.0) for n in range(1, 6)]
    assert delays == [2.0, 4.0, 8.0, 16.0, None]
    assert retry_delay(3, retries=10, base=100.0, cap=300.0) == 300.0
    assert retry_delay(1, retries=0, base=1.0) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", ("mail.example.org", 25, "none", None, None)),
        (
            "smtp://u%40x:p%2Fw@mail.example.org:587?starttls=true",
            ("mail.example.org", 587, "starttls", "u@x", "p/w"),
        ),
        ("smtp://mail.example.org?starttls=yes", ("mail.example.org", 587, "starttls", None, None)),
        ("smtps://u:pw@mail.example.org", ("mail.example.org", 465, "ssl", "u", "pw")),
        ("SMTPS://mail.example.org:2465", ("mail.example.org", 2465, "ssl", None, None)),
    ],
)
def test_smtp_url(url: str, expected: tuple) -> None:
    s = SMTPSettings.from_url(url)
    assert (s.host, s.port, s.security, s.username, s.password) == expected
    assert "pw" not in repr(s) or s.password is None


@pytest.mark.parametrize(
    "url",
    ["http://mail.example.org", "smtp://", "smtps://mail.example.org?starttls=true", "smtp://h:x"],
)
def test_bad_smtp_url_is_refused_without_showing_the_password(url: str) -> None:
    with pytest.raises(MailConfigError) as caught:
        SMTPSettings.from_url(url.replace("smtp://h", "smtp://user:secret@h"))
    assert "secret" not in str(caught.value)


def test_redact_hides_only_the_password() -> None:
    assert redact_url("smtp://user:s3cr%40t@host:587?starttls=true") == (
        "smtp://user:***@host:587?starttls=true"
    )
    assert redact_url("smtp://host:25") == "smtp://host:25"


def test_compose_is_multipart_alternative_with_unfolded_list_headers() -> None:
    link = "https://westshire-scp.example/scr-digest/unsubscribe/" + "T" * 40
    raw = to_bytes(message(**{"List-Unsubscribe": f"<{link}>"}))
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    # a long address must stay one token: mail clients do not read encoded words as links
    assert f"List-Unsubscribe: <{link}>".encode() in raw
    assert str(parsed["Subject"]) == "Bulletin 1 — November 2026"
    assert envelope(parsed) == ("learning@scp.example", ["jo@agency.example"])


def test_memory_and_file_transports(tmp_path: Path) -> None:
    memory = MemoryTransport()
    assert memory.send_messages([message(number=1), message(number=2)]) == 2
    assert str(memory.outbox[0]["Subject"]).startswith("Bulletin 1")
    outbox = FileTransport(tmp_path / "outbox")
    with outbox:
        outbox.send(message(to="a@agency.example"))
        outbox.send(message(to="b@agency.example", number=2))
    assert len(outbox.written) == 2 and all(p.suffix == ".eml" for p in outbox.written)
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == sorted(
        p.name for p in outbox.written
    )  # no partial files left behind
    parsed = message_from_bytes(outbox.written[1].read_bytes(), policy=policy.default)
    assert parsed["To"].addresses[0].addr_spec == "b@agency.example"
    assert isinstance(transport_for(None, tmp_path / "outbox"), FileTransport)
    assert isinstance(transport_for("smtp://127.0.0.1:1", tmp_path), SMTPTransport)


# ---------------------------------------------------------------- SMTP, for real


def test_one_connection_carries_many_messages(smtp_server) -> None:
    transport = smtp(smtp_server)
    sent = transport.send_messages(message(f"p{n}@agency.example", n) for n in range(5))
    assert sent == 5 and len(smtp_server.messages) == 5
    assert len(smtp_server.handler.sessions) == 1 and transport.connections == 1
    first = smtp_server.messages[0]
    assert first.mail_from == "learning@scp.example" and first.rcpt_tos == ["p0@agency.example"]
    assert first.message["Message-ID"].endswith("@scp.example>")


def test_refused_address_is_permanent_and_the_session_goes_on(smtp_server) -> None:
    smtp_server.handler.reject["gone@agency.example"] = "550 5.1.1 No such mailbox"
    with smtp(smtp_server) as transport:
        transport.send(message("a@agency.example"))
        with pytest.raises(PermanentFailure, match=r"550 5\.1\.1 No such mailbox"):
            transport.send(message("gone@agency.example"))
        transport.send(message("b@agency.example"))
    assert [m.rcpt_tos for m in smtp_server.messages] == [
        ["a@agency.example"],
        ["b@agency.example"],
    ]
    assert len(smtp_server.handler.sessions) == 1


def test_a_4xx_is_temporary_and_421_closes_the_session(smtp_server) -> None:
    smtp_server.handler.reject["busy@agency.example"] = "452 4.2.2 Mailbox full"
    transport = smtp(smtp_server)
    with pytest.raises(TemporaryFailure) as busy:
        transport.send(message("busy@agency.example"))
    assert busy.value.connection is False
    smtp_server.handler.accept_limit = 0
    with pytest.raises(TemporaryFailure) as closing:
        transport.send(message("a@agency.example"))
    assert closing.value.connection is True and transport.connection is None
    smtp_server.handler.accept_limit = None
    transport.send(message("a@agency.example"))  # reconnects by itself
    transport.close()
    assert transport.connections == 2 and len(smtp_server.messages) == 1


def test_a_server_that_is_down_is_a_temporary_connection_failure(closed_port_url: str) -> None:
    port = closed_port_url.rsplit(":", 1)[1]
    transport = SMTPTransport(SMTPSettings.from_url(f"smtp://127.0.0.1:{port}", timeout=2))
    with pytest.raises(TemporaryFailure) as caught:
        transport.send(message())
    assert caught.value.connection is True


def test_a_connection_lost_after_the_message_was_handed_over_is_in_doubt(smtp_server) -> None:
    transport = smtp(smtp_server)
    transport.open()

    def vanish(_mail) -> None:
        # The server has the whole message; the client never hears back.
        assert transport.connection is not None
        transport.connection.sock.shutdown(2)

    smtp_server.handler.before_accept = vanish
    with pytest.raises(InDoubt, match="while handing the message over"):
        transport.send(message())
    assert transport.connection is None


def test_password_is_never_sent_unencrypted_to_another_host() -> None:
    transport = SMTPTransport(SMTPSettings.from_url("smtp://user:pw@mail.example.org:25"))
    with pytest.raises(MailConfigError, match="unencrypted"):
        transport.open()  # refused before any connection is attempted


@pytest.fixture
def tls_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1, trusted by the client through SSL_CERT_FILE."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out", str(cert),
            "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return cert, key


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"board",
        b"s3cret/pw",
    )
    if ok:
        server.event_handler.logins.append(auth_data.login.decode())
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


def test_starttls_and_login(tls_files, smtp_server_factory) -> None:
    server = smtp_server_factory(
        tls_context=_server_context(*tls_files),
        require_starttls=True,
        auth_required=True,
        authenticator=_authenticator,
    )
    url = f"smtp://board:s3cret%2Fpw@127.0.0.1:{server.port}?starttls=true"
    with SMTPTransport(SMTPSettings.from_url(url, timeout=5)) as transport:
        transport.send(message())
    assert server.handler.logins == ["board"] and len(server.messages) == 1
    wrong = url.replace("s3cret", "wrong")
    with pytest.raises(MailConfigError, match="refused the login for board"):
        SMTPTransport(SMTPSettings.from_url(wrong, timeout=5)).open()


def test_smtps(tls_files, smtp_server_factory) -> None:
    server = smtp_server_factory(ssl_context=_server_context(*tls_files))
    with SMTPTransport(SMTPSettings.from_url(server.url, timeout=5)) as transport:
        transport.send(message())
    assert server.url.startswith("smtps://") and len(server.messages) == 1


def test_an_untrusted_certificate_is_a_configuration_error(
    tls_files, smtp_server_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server_factory(ssl_context=_server_context(*tls_files))
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_files[0].with_name("missing.pem")))
    with pytest.raises(MailConfigError, match="certificate is not trusted"):
        SMTPTransport(SMTPSettings.from_url(server.url, timeout=5)).open()
