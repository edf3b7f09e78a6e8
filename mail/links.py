"""Signed links that mail carries into the web console: the console's key, and the feedback,
report and follow-up links of the learning loop.

Made here, below the stages, so the bulletin (``digest``), the loop's own mail (``learning``) and
the console (``web``), which checks them, agree without importing one another.

The key is ``secret_key`` from the settings or, unset, a random key made once and kept in
``<data dir>/secret_key`` (mode 0600): sessions and links then survive restarts. It is never
logged or shown.

A feedback token is bound to one recipient and one bulletin: ``[recipient id, digest id]``
signed with the key (itsdangerous, its own salt). It never expires by itself: whether the form
is still open is the bulletin's age (``feedback_open_days``).
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

from config import Config
from db.files import private_dir

log = logging.getLogger(__name__)

SECRET_KEY_FILE = "secret_key"
_FEEDBACK_SALT = "scr-digest feedback link"
_FOLLOWUP_SALT = "scr-digest follow-up link"
_RECORD_SALT = "scr-digest cpd record link"


def secret_key(config: Config) -> str:
    if config.secret_key:
        return config.secret_key
    path = Path(config.data_dir) / SECRET_KEY_FILE
    private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if not key:
            raise RuntimeError(f"{path} is empty: delete it so a new key is made") from None
        return key
    key = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    log.info("made a new secret key for the web console in %s", path)
    return key


@dataclass(frozen=True)
class Bound:
    """Who a feedback token was made for."""

    recipient_id: int
    digest_id: int


@dataclass(frozen=True)
class Signer:
    """Makes and reads the learning loop's signed values with one key."""

    key: str

    @classmethod
    def of(cls, config: Config) -> Signer:
        return cls(secret_key(config))

    def _s(self, salt: str) -> URLSafeSerializer:
        return URLSafeSerializer(self.key, salt=salt)

    def feedback_token(self, recipient_id: int, digest_id: int) -> str:
        return str(self._s(_FEEDBACK_SALT).dumps([recipient_id, digest_id]))

    def read_feedback_token(self, token: str) -> Bound | None:
        """None for a token we did not sign (tampered, made with another key, not one at all)."""
        data = self._loads(_FEEDBACK_SALT, token)
        if (
            isinstance(data, list)
            and len(data) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in data)
        ):
            return Bound(data[0], data[1])
        return None

    def id_token(self, kind: str, row_id: int) -> str:
        """``kind``: "followup" (the follow-up answer page) or "record" (a CPD record)."""
        return str(self._s(_salt(kind)).dumps(row_id))

    def read_id_token(self, kind: str, token: str) -> int | None:
        data = self._loads(_salt(kind), token)
        return data if isinstance(data, int) and not isinstance(data, bool) else None

    def _loads(self, salt: str, token: str) -> object:
        if not token or len(token) > 200:
            return None
        try:
            return self._s(salt).loads(token)
        except (BadSignature, ValueError, UnicodeError):
            return None


def _salt(kind: str) -> str:
    return {"followup": _FOLLOWUP_SALT, "record": _RECORD_SALT}[kind]


def console_base(config: Config) -> str | None:
    return config.console_url.rstrip("/") if config.console_url else None


def feedback_link(base: str, token: str) -> str:
    return f"{base}/feedback/{token}"


def report_link_prefix(base: str, token: str) -> str:
    """``<prefix>/<review id>`` counts an open and leads to the review's report."""
    return f"{base}/r/{token}"


def followup_link(base: str, token: str) -> str:
    return f"{base}/follow-up/{token}"
