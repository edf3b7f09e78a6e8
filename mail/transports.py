"""Transports in the manner of Django's mail backends.

A transport has ``open()`` (True when it made a new connection), ``close()``, ``send(message)``,
``send_messages(messages)`` and works as a context manager, so one SMTP session serves a whole
run. Three of them: ``SMTPTransport`` (plain, STARTTLS or SMTPS, with login), ``FileTransport``
(one ``.eml`` per message in an outbox directory: the default, needing no mail server) and
``MemoryTransport`` (for unit tests). ``send`` raises the ``mail.errors`` exceptions.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import re
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol, Self
from urllib.parse import parse_qs, unquote, urlsplit

from common.links import redact_url
from db.files import private_dir, private_file
from mail.errors import InDoubt, MailConfigError, MailError, PermanentFailure, TemporaryFailure
from mail.message import envelope, to_bytes


class Transport(Protocol):
    """What callers of any transport may use."""

    @property
    def connections(self) -> int | None:
        """Sessions opened so far; None for a transport that has none (file, memory)."""
        ...

    @property
    def written(self) -> list[Path]:
        """The files written so far; empty for a transport that writes none."""
        ...

    def open(self) -> bool: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def send(self, message: EmailMessage) -> dict[str, str]:
        """Send one message; returns the recipients refused when others were accepted."""
        ...

    def send_messages(self, messages: Iterable[EmailMessage]) -> int: ...

    def describe(self) -> str: ...


class BaseTransport:
    """``send`` one message; the rest follows Django's backends."""

    connections: int | None = None

    def __init__(self) -> None:
        self.written: list[Path] = []

    def open(self) -> bool:
        return False

    def close(self) -> None:
        return None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> dict[str, str]:
        raise NotImplementedError

    def send_messages(self, messages: Iterable[EmailMessage]) -> int:
        """Send each message over one connection; returns how many were sent."""
        created = self.open()
        sent = 0
        try:
            for message in messages:
                self.send(message)
                sent += 1
        finally:
            if created:
                self.close()
        return sent

    def describe(self) -> str:
        return type(self).__name__


class MemoryTransport(BaseTransport):
    """Keeps messages in ``outbox``; for unit tests."""

    def __init__(self) -> None:
        super().__init__()
        self.outbox: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> dict[str, str]:
        envelope(message)
        to_bytes(message)  # refused like the others when its header block is not ours
        self.outbox.append(message)
        return {}

    def describe(self) -> str:
        return "memory"


class FileTransport(BaseTransport):
    """Writes each message as an ``.eml`` file to ``directory``; ``written`` lists them."""

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = Path(directory)

    def open(self) -> bool:
        private_dir(self.directory)  # 0700: the messages hold addresses, tokens, draft links
        return False

    def send(self, message: EmailMessage) -> dict[str, str]:
        _, recipients = envelope(message)
        data = to_bytes(message, linesep="\n")
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        who = re.sub(r"[^A-Za-z0-9@._-]", "_", recipients[0])[:60]
        digest = hashlib.sha256(str(message["Message-ID"] or "").encode() + data).hexdigest()[:10]
        path = self.directory / f"{stamp}-{who}-{digest}.eml"
        partial = path.with_name(f".{path.name}.part")
        try:
            self.open()
            partial.unlink(missing_ok=True)  # one left by a crash: made again, 0600
            with open(private_file(partial), "wb") as file:  # 0600 whatever the umask
                file.write(data)
            os.replace(partial, path)  # a reader never sees half a message
        except OSError as exc:
            # A full or read-only outbox is a setup problem: stop the run (the message stays
            # pending) and leave no half-written file for a reader to pick up.
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise MailConfigError(
                f"cannot write to the outbox: {exc.filename or partial}: {exc.strerror or exc}"
            ) from exc
        self.written.append(path)
        return {}

    def describe(self) -> str:
        return f"the outbox {self.directory}"


@dataclass(frozen=True)
class SMTPSettings:
    host: str
    port: int
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 30.0) -> SMTPSettings:
        """``smtp://user:pass@host:587?starttls=true`` or ``smtps://user:pass@host:465``."""
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in ("smtp", "smtps") or not parts.hostname:
            raise MailConfigError(f"not an smtp:// or smtps:// address: {redact_url(url)}")
        query = {key.lower(): values[-1].lower() for key, values in parse_qs(parts.query).items()}
        starttls = query.get("starttls", "false") in ("1", "true", "yes", "on")
        if scheme == "smtps" and starttls:
            raise MailConfigError("smtps:// is already encrypted; starttls does not apply")
        security: Literal["none", "starttls", "ssl"] = (
            "ssl" if scheme == "smtps" else "starttls" if starttls else "none"
        )
        try:
            port = parts.port or {"ssl": 465, "starttls": 587, "none": 25}[security]
        except ValueError:
            raise MailConfigError(f"bad port in {redact_url(url)}") from None
        return cls(
            host=parts.hostname,
            port=port,
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=timeout,
        )

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SMTPTransport(BaseTransport):
    """One SMTP session for many messages; reconnects by itself after a lost connection.

    ``connections`` counts the sessions opened, so callers (and the benchmark) can show that a
    run used one.
    """

    def __init__(self, settings: SMTPSettings) -> None:
        super().__init__()
        self.settings = settings
        self.connection: smtplib.SMTP | None = None
        self.connections: int = 0

    def describe(self) -> str:
        return f"the mail server {self.settings.address}"

    def open(self) -> bool:
        if self.connection is not None:
            return False
        s = self.settings
        if s.username and s.security == "none" and not _is_loopback(s.host):
            raise MailConfigError(
                f"not sending the password for {s.address} unencrypted: use smtps:// "
                "or add ?starttls=true to the SMTP address"
            )
        connection: smtplib.SMTP | None = None
        try:
            if s.security == "ssl":
                connection = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
                )
            else:
                connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            connection.ehlo()
            if s.security == "starttls":
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
            if s.username:
                connection.login(s.username, s.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            _quietly_close(connection)
            raise MailConfigError(
                f"{s.address} refused the login for {s.username}: {_reply(exc)}"
            ) from None
        except smtplib.SMTPNotSupportedError:
            _quietly_close(connection)
            raise MailConfigError(
                f"{s.address} does not offer {'STARTTLS' if s.security == 'starttls' else 'AUTH'}"
            ) from None
        except ssl.SSLCertVerificationError as exc:
            _quietly_close(connection)
            raise MailConfigError(
                f"{s.address}: the server's certificate is not trusted ({exc.verify_message})"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            _quietly_close(connection)
            raise TemporaryFailure(
                f"cannot talk to {s.address}: {_reply(exc)}", connection=True
            ) from None
        self.connection = connection
        self.connections += 1
        return True

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            _quietly_close(connection)

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        _quietly_close(connection)

    def _reset(self) -> None:
        """Back to a clean session after a refusal, or drop the connection if that fails."""
        if self.connection is None:
            return
        try:
            code, _ = self.connection.rset()
            if code != 250:
                self._drop()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _refused(self, code: int, reply: bytes, what: str) -> MailError:
        text = f"{what}: {code} {reply.decode('utf-8', 'replace')}".strip()
        if code == 421:  # the server is closing the session
            self._drop()
            return TemporaryFailure(text, connection=True)
        self._reset()
        if 400 <= code < 500:
            return TemporaryFailure(text, connection=False)
        return PermanentFailure(text)

    def send(self, message: EmailMessage) -> dict[str, str]:
        sender, recipients = envelope(message)
        data = to_bytes(message)
        self.open()
        assert self.connection is not None
        connection = self.connection
        refused: dict[str, str] = {}
        try:
            code, reply = connection.mail(sender)
            if code != 250:
                error = self._refused(code, reply, f"sender {sender} refused")
                if isinstance(error, PermanentFailure):
                    raise MailConfigError(str(error))
                if isinstance(error, TemporaryFailure):
                    error.connection = True  # nothing can go while the sender is refused
                raise error
            last: tuple[int, bytes] = (0, b"")
            for recipient in recipients:
                code, reply = connection.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = f"{code} {reply.decode('utf-8', 'replace')}"
                    last = (code, reply)
                    if code == 421:
                        break
            if len(refused) == len(recipients) or last[0] == 421:
                raise self._refused(last[0], last[1], f"{', '.join(refused)} refused")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise TemporaryFailure(
                f"lost the connection to {self.settings.address}: {_reply(exc)}", connection=True
            ) from None
        except UnicodeEncodeError:
            self._reset()
            raise PermanentFailure("an address is not plain ASCII") from None
        try:
            code, reply = connection.data(data)
        except smtplib.SMTPDataError as exc:  # refused the DATA command itself: nothing sent
            error = self._refused(exc.smtp_code, _as_bytes(exc.smtp_error), "message refused")
            raise error from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise InDoubt(
                f"lost the connection to {self.settings.address} while handing the message "
                f"over: {_reply(exc)}"
            ) from None
        if code != 250:
            raise self._refused(code, reply, "message refused")
        return refused


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def _reply(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_as_bytes(exc.smtp_error).decode('utf-8', 'replace')}"
    return str(exc) or type(exc).__name__


def _quietly_close(connection: smtplib.SMTP | None) -> None:
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.close()
