"""Setting values read from text: each parser returns the value or raises ValueError with a
sentence saying what was expected (config.py puts the setting's name and origin in front)."""

from __future__ import annotations

import ipaddress
import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

from common.text import header_text_problem


def csv_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def non_negative_float(value: str) -> float:
    number = float(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be more than 0")
    return number


def non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def page_size(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 1500:
        raise ValueError("must be 1 to 1500")
    return number


def ratio(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError("must be between 0 and 1")
    return number


def url_with_host(value: str, schemes: tuple[str, ...]) -> bool:
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in schemes and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number
        return False


def http_url(value: str) -> str:
    value = value.strip()
    if re.search(r"\s", value) or not url_with_host(value, ("http", "https")):
        raise ValueError("expected an http:// or https:// address")
    return value


def smtp_url(value: str) -> str:
    # The value holds the password: never repeat it in a message.
    value = value.strip()
    if re.search(r"\s", value) or not url_with_host(value, ("smtp", "smtps")):
        raise ValueError("expected smtp://[user:password@]host[:port][?starttls=true] or smtps://…")
    return value


def links(value: str) -> tuple[str, ...]:
    """Entries "Title https://address", one per line or separated by semicolons."""
    entries = tuple(part.strip() for part in re.split(r"[;\n]", value) if part.strip())
    for entry in entries:
        words = entry.split()
        if len(words) < 2 or not re.fullmatch(r"https?://\S+", words[-1], re.I):
            raise ValueError(f"{entry!r}: expected a title, then an http(s):// address")
    return entries


def header_text(value: str) -> str:
    """Text that goes into mail headers (the board's name, the sender)."""
    problem = header_text_problem(value)
    if problem:
        raise ValueError(f"{problem} (it goes into the header of every mail)")
    return value.strip()


def header_csv(value: str) -> tuple[str, ...]:
    problem = header_text_problem(value)
    if problem:
        raise ValueError(f"{problem} (these addresses go into mail headers)")
    return csv_list(value)


def proxy(value: str) -> str:
    """The reverse proxy's IP address, or "" for "none": believe no forwarded headers."""
    value = value.strip()
    if value.lower() == "none":
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ValueError(
            f"expected the proxy's IP address (e.g. 127.0.0.1) or none, got {value!r}"
        ) from None


def months(value: str) -> tuple[int, ...]:
    """Month numbers, comma-separated ("4,10")."""
    months = tuple(sorted({int(part) for part in csv_list(value)}))
    if not months or any(not 1 <= month <= 12 for month in months):
        raise ValueError("expected month numbers 1-12, comma-separated (e.g. 4,10)")
    return months


def path(value: str) -> Path:
    return Path(value.strip()).expanduser()


def timezone(value: str) -> str:
    value = value.strip()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (e.g. Europe/London)") from None
    return value


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def cron(value: str) -> str:
    """A crontab expression; weekday numbers are read as cron does (0 or 7 Sunday, 1 Monday)
    and stored as names, since APScheduler 3 would count them from Monday."""
    parts = value.split()
    if len(parts) == 5:
        parts[4] = re.sub(
            r"(?<![/\d])([0-7])(?!\d)", lambda m: _WEEKDAYS[int(m.group(1))], parts[4]
        )
    value = " ".join(parts)
    from apscheduler.triggers.cron import CronTrigger  # only when a schedule is given

    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"not a cron expression (minute hour day month weekday): {exc}") from None
    return value
