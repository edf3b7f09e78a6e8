"""Email addresses as mail servers take them."""

from __future__ import annotations

import re

from common.text import strip_invisible

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}"
_EMAIL = re.compile(rf"{_LOCAL}@{_DOMAIN}")
_ANY_ADDRESS = re.compile(r"([^\s@<>(),;:\"']+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def check_email(value: object) -> str:
    """An email address as mail servers take it (plain ASCII, a dotted domain), trimmed.

    Raises ValueError saying what is wrong; the address is part of the message.
    """
    text = strip_invisible(value).strip()
    if not text:
        raise ValueError("no email address")
    if len(text) > 254 or not _EMAIL.fullmatch(text) or len(text.split("@")[0]) > 64:
        raise ValueError(f"{text!r} is not a valid email address")
    return text


def mask_emails(text: str) -> str:
    """``text`` with every address in it masked, ``j***@health.example`` for
    ``jo.bloggs@health.example``: the agency stays readable in logs above DEBUG, the person
    does not (recipient addresses are personal data)."""
    return _ANY_ADDRESS.sub(lambda m: f"{m.group(1)[:1]}***@{m.group(2)}", text)
