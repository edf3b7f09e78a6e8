"""Running the product: the scheduler's heartbeat, alerts, console users and sign-in attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, utcnow


class SchedulerHeartbeat(Base):
    """The running scheduler's sign of life: rewritten each minute, deleted when it stops."""

    __tablename__ = "scheduler_heartbeat"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1: one scheduler per database
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column()
    seen_at: Mapped[datetime] = mapped_column()


class Alert(Base):
    """The last alert mailed to the maintainers about one kind of problem (``key``).

    ``fingerprint`` identifies the problem as it was then: the same fingerprint is not mailed
    again until ``alert_repeat_days`` have passed; a different one is mailed at once. The row is
    deleted when the problem clears, so a recurrence is news again.
    """

    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(Text)
    first_sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    suppressed: Mapped[int] = mapped_column(Integer, default=0)


class ConsoleUser(Base):
    """A board office account for the web console (created with ``scr-digest users add``).

    Only a password hash is kept (werkzeug's scrypt). ``email_key`` is the lower-cased address,
    so sign-in is case-insensitive and an address has one account.
    """

    __tablename__ = "console_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    email_key: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Raised by signing out, a new password or removal: sessions of an older epoch have ended.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LoginAttempt(Base):
    """One sign-in attempt, kept so sign-in can be rate-limited across processes and restarts.

    ``account`` is the lower-cased address tried (whether or not it exists); ``address`` the
    client's IP address.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_account_at", "account", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


# ------------------------------------------------------------------ insight (issue 14)
# Written only by insight/ (insight.store); read by db.queries, digest/ and web/ without importing
# insight: what they show (display names, evidence, texts) is stored here.
