"""Signed links into the web console, made here so the draft email (sent by the CLI or the
scheduler) and the console (which checks them) agree without importing each other.

The key is ``secret_key`` from the settings or, unset, a random key made once and kept in
``<data dir>/secret_key`` (mode 0600): sessions and links then survive restarts. It is never
logged or shown.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from common.months import Month
from config import Config
from mail.links import secret_key

log = logging.getLogger(__name__)

_DRAFT_SALT = "scr-digest draft link"


class LinkError(Exception):
    """A draft link that does not open the draft; the message says why, for the reader."""


def _serializer(config: Config) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(config), salt=_DRAFT_SALT)


def draft_key(config: Config, month: Month) -> str:
    return _serializer(config).dumps({"month": str(month)})


def draft_link(config: Config, month: Month) -> str | None:
    """``<console_url>/drafts/YYYY-MM?key=…`` (None without a console_url)."""
    if not config.console_url:
        return None
    return f"{config.console_url.rstrip('/')}/drafts/{month}?key={draft_key(config, month)}"


def link_expires(config: Config, now: datetime) -> datetime:
    return now + timedelta(days=config.draft_link_days)


def check_draft_key(config: Config, key: str, month: Month) -> None:
    """Raises LinkError unless ``key`` was signed by us, for this month, within draft_link_days."""
    try:
        data = _serializer(config).loads(key, max_age=config.draft_link_days * 86400)
    except SignatureExpired:
        raise LinkError(
            f"This link to the draft has expired (links last {config.draft_link_days} days). "
            "Sign in to see the draft."
        ) from None
    except BadSignature:
        raise LinkError("This link to the draft is not valid. Sign in to see the draft.") from None
    if not isinstance(data, dict) or data.get("month") != str(month):
        raise LinkError("This link is for another month's draft. Sign in to see this one.")
