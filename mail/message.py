"""Building messages: the standard library's ``EmailMessage``, its wire form and its envelope."""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from mail.errors import PermanentFailure

# Headers are not folded below 998 characters: the default 78 would turn a long
# List-Unsubscribe address into RFC 2047 encoded words, which no mail client reads as a link.
# Bodies are encoded (quoted-printable, 76 columns) when they are set, so this does not touch them.
_WIRE = policy.SMTP.clone(max_line_length=998)
_FILE = policy.default.clone(max_line_length=998)


def to_bytes(message: EmailMessage, *, linesep: str = "\r\n") -> bytes:
    """The message as sent: Bcc removed, CRLF line ends for SMTP."""
    outgoing = copy.copy(message)
    del outgoing["Bcc"]
    return outgoing.as_bytes(policy=(_WIRE if linesep == "\r\n" else _FILE))


def envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """Sender and recipients as the SMTP envelope needs them, from the headers."""
    sender = message["Sender"] or message["From"]
    if sender is None or not sender.addresses:
        raise PermanentFailure("the message has no From address")
    recipients = [
        address.addr_spec
        for name in ("To", "Cc", "Bcc")
        for header in [message[name]]
        if header is not None
        for address in header.addresses
    ]
    if not recipients:
        raise PermanentFailure("the message has no recipients")
    return sender.addresses[0].addr_spec, recipients


def make_message_id(domain: str, *parts: object) -> str:
    local = ".".join([*(re.sub(r"[^A-Za-z0-9-]", "", str(p)) for p in parts), secrets.token_hex(8)])
    return f"<{local}@{domain}>"


def compose(
    *,
    subject: str,
    text: str,
    html: str,
    sender: Address,
    recipients: Sequence[Address],
    message_id: str,
    date: datetime,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the HTML as the preferred part."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = list(recipients)
    message["Date"] = format_datetime(date.astimezone(UTC))
    message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message
