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
    """The message as sent: Bcc removed, CRLF line ends for SMTP.

    Raises ``PermanentFailure`` when the serialised header block is not exactly the headers
    set on ``message`` (``check_header_block``): such a message is never handed over.
    """
    outgoing = copy.copy(message)
    del outgoing["Bcc"]
    data = outgoing.as_bytes(policy=(_WIRE if linesep == "\r\n" else _FILE))
    check_header_block(data, list(outgoing.keys()), linesep=linesep)
    return data


_HEADER_LINE = re.compile(rb"([!-9;-~]+):")


def check_header_block(data: bytes, expected: Sequence[str], *, linesep: str = "\r\n") -> None:
    """Refuse a serialised message whose header block is not the headers we set, in order.

    The standard library's generator can turn an RFC 2047 encoded-word holding an encoded
    CR LF (in a display name, say) into real header lines, or end the header block early
    and start a body of its own (CPython CVE-2024-6923). Whatever the cause, the block up to
    the first empty line must hold exactly ``expected``'s names, each line a ``Name:`` line
    or a folded continuation, and no stray CR or LF.
    """
    sep = linesep.encode()
    head, found_end, _ = data.partition(sep + sep)
    lines = head.split(sep) if head else []
    names: list[str] = []
    for line in lines:
        if b"\r" in line or b"\n" in line:
            raise PermanentFailure(
                "not sent: the message's header block holds a stray line break "
                "(a recipient name or a setting smuggled one in)"
            )
        if line[:1] in (b" ", b"\t") and names:
            continue  # a folded continuation of the header before it
        match = _HEADER_LINE.match(line)
        if match is None:
            raise PermanentFailure(
                "not sent: the message's header block holds a line that is not a header "
                f"({line[:40].decode('ascii', 'replace')!r}; a recipient name or a setting "
                "smuggled in a line break)"
            )
        names.append(match.group(1).decode("ascii"))
    wanted = [name.lower() for name in expected]
    if [name.lower() for name in names] == wanted and found_end:
        return
    extra = [name for name in names if name.lower() not in wanted]
    missing = [name for name in expected if name.lower() not in {n.lower() for n in names}]
    if extra:
        what = f"headers we did not set ({', '.join(extra)})"
    elif missing:
        what = f"an early end: the body starts before {', '.join(missing)}"
    else:
        what = f"headers other than the ones we set ({', '.join(names)})"
    raise PermanentFailure(
        f"not sent: the message's header block holds {what}; a recipient name or a setting "
        "smuggled in a line break (CPython CVE-2024-6923)"
    )


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
