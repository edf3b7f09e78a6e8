"""Board office accounts and sign-in: plain functions over the database, shared by the
``scr-digest users`` commands and the console's sign-in page (no Flask here).

Passwords are kept only as werkzeug scrypt hashes. Sign-in is rate-limited from the
``login_attempt`` table, so the limit holds across processes and restarts:

- an account that had ``ACCOUNT_LIMIT`` failed attempts in the last ``WINDOW`` (since its last
  successful sign-in) is refused until the oldest of them is older than the window;
- an address (the client's IP) with ``ADDRESS_LIMIT`` failed attempts in the window is refused
  the same way, whichever accounts it tried.

A refused attempt does not check the password at all, so guessing goes no further while refused.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from common.emails import check_email
from db import ConsoleUser, Database, LoginAttempt, utcnow

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
KEEP_ATTEMPTS = timedelta(days=1)
WRONG = "Wrong email address or password."


@functools.cache
def _dummy_hash() -> str:
    """Checked when the account does not exist, so an unknown address costs as long as a wrong
    password. Made at the first sign-in, not at import: a scrypt hash is a quarter of a second
    that every command importing this module would otherwise pay."""
    return generate_password_hash("not a password of anyone", method="scrypt")


class AccountError(Exception):
    """A request about accounts that cannot be done; the message says why."""


class SignInFailed(AccountError):
    """Wrong address or password (the same message for both), or an inactive account."""


class TooManyAttempts(AccountError):
    """Sign-in refused for now; ``minutes`` until it may be tried again."""

    def __init__(self, message: str, minutes: int) -> None:
        super().__init__(message)
        self.minutes = minutes


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str | None
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    # Derived from the password hash and the session epoch, and kept in the session: a new
    # password, signing out or removal changes it, which ends every session signed in before.
    stamp: str = field(default="", repr=False, compare=False)

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "active": self.active,
            "created_at": self.created_at.isoformat(),
            "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None,
        }


def _user(row: ConsoleUser) -> User:
    epoch = row.session_epoch or 0
    stamp = hashlib.sha256(f"{epoch}:{row.password_hash}".encode()).hexdigest()[:16]
    return User(row.id, row.email, row.name, row.active, row.created_at, row.last_login_at, stamp)


def email_key(email: str) -> str:
    return email.strip().lower()


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if password.strip() != password:
        raise AccountError("the password must not start or end with spaces")
    return password


def _find(session: Session, email: str) -> ConsoleUser | None:
    return session.scalar(select(ConsoleUser).where(ConsoleUser.email_key == email_key(email)))


def add_user(database: Database, email: str, password: str, *, name: str | None = None) -> User:
    """A new account, or a deactivated one brought back with the new password."""
    try:
        address = check_email(email)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    password_hash = generate_password_hash(check_password(password), method="scrypt")
    with database.session() as session:
        row = _find(session, address)
        if row is not None and row.active:
            raise AccountError(
                f"{address} already has an account (change its password with users passwd)"
            )
        if row is None:
            row = ConsoleUser(email=address, email_key=email_key(address))
            session.add(row)
        row.name = (name or "").strip() or row.name
        row.password_hash = password_hash
        row.active = True
        session.flush()
        log.info("console account %s added", address)
        return _user(row)


def list_users(database: Database, *, include_inactive: bool = True) -> list[User]:
    with database.session() as session:
        query = select(ConsoleUser).order_by(ConsoleUser.email_key)
        if not include_inactive:
            query = query.where(ConsoleUser.active.is_(True))
        return [_user(row) for row in session.scalars(query)]


def remove_user(database: Database, email: str) -> User:
    """Deactivate the account: it can no longer sign in, and open sessions end."""
    with database.session() as session:
        row = _find(session, email)
        if row is None or not row.active:
            raise AccountError(f"no active console account for {email.strip()}")
        row.active = False
        row.session_epoch = (row.session_epoch or 0) + 1
        log.info("console account %s deactivated", row.email)
        return _user(row)


def set_password(database: Database, email: str, password: str) -> User:
    password_hash = generate_password_hash(check_password(password), method="scrypt")
    with database.session() as session:
        row = _find(session, email)
        if row is None or not row.active:
            raise AccountError(f"no active console account for {email.strip()}")
        row.password_hash = password_hash
        row.session_epoch = (row.session_epoch or 0) + 1
        log.info("console password changed for %s", row.email)
        return _user(row)


def end_sessions(database: Database, user_id: int) -> None:
    """End every session of the account, on every browser (signing out does this)."""
    with database.session() as session:
        row = session.get(ConsoleUser, user_id)
        if row is not None:
            row.session_epoch = (row.session_epoch or 0) + 1


def get_user(database: Database, user_id: int) -> User | None:
    """The active account with this id, or None (a deactivated account's sessions end)."""
    with database.session() as session:
        row = session.get(ConsoleUser, user_id)
        return _user(row) if row is not None and row.active else None


def _wait_minutes(oldest: datetime, now: datetime) -> int:
    return max(1, math.ceil((oldest + WINDOW - now).total_seconds() / 60))


def _refusal(session: Session, account: str, address: str, now: datetime) -> TooManyAttempts | None:
    since = now - WINDOW
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.account == account, LoginAttempt.succeeded.is_(True)
        )
    )
    account_since = max(since, last_success) if last_success else since
    failed = LoginAttempt.succeeded.is_(False)
    by_account = session.execute(
        select(func.count(), func.min(LoginAttempt.at)).where(
            LoginAttempt.account == account, LoginAttempt.at > account_since, failed
        )
    ).one()
    by_address = session.execute(
        select(func.count(), func.min(LoginAttempt.at)).where(
            LoginAttempt.address == address, LoginAttempt.at > since, failed
        )
    ).one()
    for (count, oldest), limit in ((by_account, ACCOUNT_LIMIT), (by_address, ADDRESS_LIMIT)):
        if count >= limit:
            minutes = _wait_minutes(oldest, now)
            return TooManyAttempts(
                f"Too many failed sign-in attempts. Try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}, or ask a colleague to reset your password "
                "with scr-digest users passwd.",
                minutes,
            )
    return None


# pg_advisory_xact_lock(int, int) classes (the two-key form never meets db.locks' one-key locks).
_ACCOUNT_LOCK = 0x5344_0001
_ADDRESS_LOCK = 0x5344_0002


def _lock_key(value: str) -> int:
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:4], "big", signed=True)


def _serialise(session: Session, account: str, address: str) -> None:
    """Make count-then-insert atomic per account and per address, across processes.

    On PostgreSQL two sign-ins counted at once would both see room under the limit (read
    committed), so each takes a transaction advisory lock on its account, then its address (always
    in that order: no deadlock), held until it has recorded its attempt. On SQLite the DELETE
    that opens ``authenticate`` already holds the database's one write lock.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for namespace, value in ((_ACCOUNT_LOCK, account), (_ADDRESS_LOCK, address)):
        session.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, :key)"),
            {"namespace": namespace, "key": _lock_key(value)},
        )


def authenticate(
    database: Database, email: str, password: str, address: str, *, now: datetime | None = None
) -> User:
    """The account signed in to, after recording the attempt; raises SignInFailed (same message
    for an unknown address and a wrong password) or TooManyAttempts."""
    now = now or utcnow()
    account = email_key(email)[:320]
    address = (address or "unknown")[:64]
    with database.session() as session:
        session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS))
        _serialise(session, account, address)
        refusal = _refusal(session, account, address, now)
        if refusal is not None:
            log.warning("sign-in refused for %r from %s: too many failures", account, address)
            raise refusal
        row = _find(session, account)
        known = row is not None and row.active
        dummy = _dummy_hash()  # made before the branch: the first sign-in costs the same either way
        stored = row.password_hash if known and row is not None else dummy
        ok = check_password_hash(stored, password) and known
        session.add(LoginAttempt(account=account, address=address, at=now, succeeded=ok))
        if not ok or row is None:
            log.info("failed sign-in for %r from %s", account, address)
        else:
            row.last_login_at = now
            user = _user(row)
    if not ok:
        raise SignInFailed(WRONG)
    return user
