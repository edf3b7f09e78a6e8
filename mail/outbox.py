"""Exactly once, for every kind of message: claim and commit, send, settle; in doubt after a crash.

A kind of message is a table whose rows mix in ``db.models.Outbound`` (one row per message
the product must send once) and an ``OutboundKind`` that builds each row's message. The
machinery here is the same for all of them:

- a row is *claimed* (``sending``, with its Message-ID, one more attempt) and the claim is
  committed before its message goes; a row another sender claims at the same moment is
  skipped (PostgreSQL row locks; on SQLite senders take turns under the send lock);
- after the server's answer the row is *settled*: ``sent``, ``failed`` (refused for good) or
  back to ``pending`` (a temporary failure, left for the next run);
- the one window that cannot be closed (the server accepted, the database was not told)
  leaves a row ``sending``: it is *in doubt*, sent again only on request (with the same
  Message-ID, so mail clients merge the two copies) or settled by hand after reading the mail
  server's log.

All kinds share the one "send" lock of ``db.locks``: senders hold it for their whole run
(shared on PostgreSQL, so they split the work; exclusive on SQLite, so they take turns), and
settling by hand holds it exclusively, so a row "sending" is settled only when no sender could
be sending it right now.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from common.emails import mask_emails
from config import Config
from db import Database, utcnow
from db.engine import is_disk_full, rowcount
from db.locks import DatabaseLock, LockBusy
from db.models import Outbound
from db.statuses import OutboundStatus
from mail.errors import (
    InDoubt,
    MailConfigError,
    MailError,
    PermanentFailure,
    TemporaryFailure,
    retry_delay,
)
from mail.transports import Transport

log = logging.getLogger(__name__)

# After this many messages in a row fail for temporary reasons, the server is in trouble: stop.
MAX_TEMPORARY_IN_A_ROW = 3

R = TypeVar("R", bound=Outbound)


@dataclass(frozen=True)
class Skip:
    """A row that is not to be sent after all; ``reason`` is stored as its last error."""

    reason: str


class OutboundKind(Protocol[R]):
    """What the machinery needs to know about one kind of message."""

    @property
    def model(self) -> type[R]:
        """The mapped class of its rows."""
        ...

    @property
    def name(self) -> str:
        """What one row is called in the log ("delivery")."""
        ...

    def message_id(self, row: R) -> str:
        """A new Message-ID, for a row claimed for the first time."""
        ...

    def message(self, session: Session, row: R, message_id: str) -> EmailMessage | Skip:
        """The row's message, with ``message_id`` as its Message-ID; or why it is not sent.

        Called while the row is being claimed: an exception leaves it unclaimed.
        """
        ...


class Outcome(StrEnum):
    """What one message's send came to, after the retries."""

    SENT = "sent"
    FAILED = "failed"  # refused for good
    IN_DOUBT = "in_doubt"  # handed over, never confirmed
    CONFIG = "config"  # nothing can go (settings, login, the outbox directory): stop the run
    TEMPORARY = "temporary"  # refused for now, retries used up
    DOWN = "down"  # the server or the connection, retries used up: stop the run


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    error: str | None = None
    refused: dict[str, str] = field(default_factory=dict)  # recipients refused, others accepted


@dataclass(frozen=True)
class RetryPolicy:
    retries: int
    base: float

    @classmethod
    def of(cls, config: Config) -> RetryPolicy:
        return cls(retries=config.smtp_retries, base=config.smtp_retry_delay)


def send_with_retries(
    transport: Transport,
    message: EmailMessage,
    retry: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
) -> Attempt:
    """Send one message, waiting and trying again after temporary failures as ``retry`` says."""
    failures = 0
    while True:
        try:
            refused = transport.send(message)
        except PermanentFailure as exc:
            return Attempt(Outcome.FAILED, str(exc))
        except InDoubt as exc:
            return Attempt(Outcome.IN_DOUBT, str(exc))
        except MailConfigError as exc:
            return Attempt(Outcome.CONFIG, str(exc))
        except TemporaryFailure as exc:
            failures += 1
            delay = retry_delay(failures, retries=retry.retries, base=retry.base)
            if delay is None:
                return Attempt(Outcome.DOWN if exc.connection else Outcome.TEMPORARY, str(exc))
            # the server's reply may quote the address: personal data, masked above DEBUG
            log.info("temporary failure (%s); trying again in %.1f s", mask_emails(str(exc)), delay)
            sleep(delay)
        except MailError as exc:
            return Attempt(Outcome.FAILED, str(exc))
        except OSError as exc:  # the outbox directory, say
            return Attempt(Outcome.CONFIG, str(exc))
        else:
            return Attempt(Outcome.SENT, refused=refused)


# ---------------------------------------------------------------- claim, settle


@dataclass(frozen=True)
class Claimed:
    row_id: int
    email: str
    message: EmailMessage


def claim(database: Database, kind: OutboundKind[R], row_id: int, expected: str) -> Claimed | None:
    """Claim one row still ``expected`` and commit; None when it is not to be sent now.

    None: another sender took it (or is taking it), or ``kind.message`` skipped it.
    """
    model = kind.model
    with database.session() as session:
        # PostgreSQL: a row another sender is claiming right now is skipped, not waited for;
        # SQLite has no row locks (senders take turns under the send lock).
        row = session.scalar(
            select(model)
            .where(model.id == row_id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        if row is None or row.status != expected:
            return None
        # Kept from the first claim: a message sent again has the same Message-ID, so mail
        # clients merge the copies.
        message_id = row.message_id or kind.message_id(row)
        message = kind.message(session, row, message_id)
        if isinstance(message, Skip):
            row.status, row.last_error = OutboundStatus.SKIPPED, message.reason
            return None
        claimed = rowcount(
            session.execute(
                update(model)
                .where(model.id == row_id, model.status == expected)
                .values(
                    status=OutboundStatus.SENDING,
                    attempts=model.attempts + 1,
                    claimed_at=utcnow(),
                    message_id=message_id,
                )
            )
        )
        if claimed != 1:
            return None
        return Claimed(row_id, row.email, message)


def settle(
    database: Database, kind: OutboundKind[R], row_id: int, status: str, error: str | None
) -> None:
    """A claimed row's outcome; a row no longer "sending" (settled by hand) is left alone."""
    model = kind.model
    values: dict[str, Any] = {"status": status, "last_error": error}
    if status == OutboundStatus.SENT:
        values["sent_at"] = utcnow()
    with database.session() as session:
        session.execute(
            update(model)
            .where(model.id == row_id, model.status == OutboundStatus.SENDING)
            .values(**values)
        )


def settle_sent_on_a_full_disk(database: Database, kind: OutboundKind[R], row_id: int) -> bool:
    """Record a message that went as sent when the database is full; False when even that fails.

    The full settle adds ``sent_at`` (a longer row, perhaps a new page the full database cannot
    give); this writes only the status, whose new value is shorter than "sending", so the row
    is rewritten in place. A message handed over is never left in doubt for want of a page.
    """
    model = kind.model
    try:
        with database.session() as session:
            session.execute(
                update(model)
                .where(model.id == row_id, model.status == OutboundStatus.SENDING)
                .values(status=OutboundStatus.SENT)
            )
    except OperationalError as exc:
        if not is_disk_full(exc):
            raise
        return False
    return True


def _full(exc: OperationalError) -> str:
    return (
        f"stopped: the database is full ({str(exc.orig or exc).strip()}): free some space, "
        "then run the send again; the messages not yet sent are pending"
    )


def _note(database: Database, kind: OutboundKind[R], row_id: int, error: str | None) -> None:
    with database.session() as session:
        session.execute(update(kind.model).where(kind.model.id == row_id).values(last_error=error))


# ---------------------------------------------------------------- a run


@contextlib.contextmanager
def sending(database: Database) -> Iterator[DatabaseLock]:
    """Held for a whole run of sending, of any kind (waits for its turn on SQLite)."""
    sqlite = database.engine.dialect.name == "sqlite"
    lock = DatabaseLock(database.engine, "send", shared=not sqlite)
    lock.acquire(wait=True)
    try:
        yield lock
    finally:
        lock.release()


def due(
    session: Session,
    model: type[Outbound],
    scope: Sequence[ColumnElement[bool]] = (),
    *,
    resend_in_doubt: bool = False,
) -> list[tuple[int, str]]:
    """The rows in ``scope`` a run should try, oldest first, with the status each has now."""
    wanted = [OutboundStatus.PENDING]
    if resend_in_doubt:
        wanted.append(OutboundStatus.SENDING)
    rows = session.execute(
        select(model.id, model.status).where(*scope, model.status.in_(wanted)).order_by(model.id)
    )
    return [(row.id, row.status) for row in rows]


@dataclass
class Run:
    sent_now: int = 0
    stopped: str | None = None  # why the run ended before trying every row


def deliver(
    database: Database,
    transport: Transport,
    kind: OutboundKind[R],
    todo: Sequence[tuple[int, str]],
    *,
    retry: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    on_progress: Callable[[int, int], None] | None = None,
) -> Run:
    """Claim, send and settle each row of ``todo`` over one transport session; closes it.

    Stops early when nothing can go (settings, login, the server down) or after
    ``MAX_TEMPORARY_IN_A_ROW`` temporary refusals in a row; the rows left are still pending.
    ``on_progress(done, total)`` is called before each row.
    """
    run = Run()
    temporary_in_a_row = 0
    # The transport connects when the first message goes (a failure to connect is retried
    # like any other temporary failure) and keeps that one session for the whole run.
    try:
        for done, (row_id, expected) in enumerate(todo, start=1):
            if on_progress is not None:
                on_progress(done - 1, len(todo))
            try:
                claimed = claim(database, kind, row_id, expected)
            except OperationalError as exc:  # rolled back: the row is still as it was
                if not is_disk_full(exc):
                    raise
                run.stopped = _full(exc)
                break
            if claimed is None:
                continue
            attempt = send_with_retries(transport, claimed.message, retry, sleep)
            outcome, error = attempt.outcome, attempt.error
            # Recipient addresses are personal data: in full at DEBUG only.
            log.debug("%s %s to %s: %s", kind.name, row_id, claimed.email, outcome)
            log.info(
                "%s %s (%s): %s%s",
                kind.name,
                row_id,
                mask_emails(claimed.email),
                outcome,
                f" ({mask_emails(error)})" if error else "",
            )
            if outcome is Outcome.SENT:
                try:
                    settle(database, kind, row_id, OutboundStatus.SENT, None)
                except OperationalError as exc:
                    if not is_disk_full(exc):
                        raise
                    if settle_sent_on_a_full_disk(database, kind, row_id):
                        log.warning(
                            "the database is full: %s %s was sent and is recorded as sent "
                            "(without its time)",
                            kind.name,
                            row_id,
                        )
                        run.sent_now += 1
                    run.stopped = _full(exc)
                    break
                run.sent_now += 1
                temporary_in_a_row = 0
            elif outcome is Outcome.FAILED:
                settle(database, kind, row_id, OutboundStatus.FAILED, error)
                temporary_in_a_row = 0
            elif outcome is Outcome.IN_DOUBT:
                _note(database, kind, row_id, error)  # stays "sending": in doubt
            else:
                settle(database, kind, row_id, OutboundStatus.PENDING, error)
                temporary_in_a_row += 1
                if outcome in (Outcome.CONFIG, Outcome.DOWN):
                    run.stopped = f"stopped: {error}"
                    break
                if temporary_in_a_row >= MAX_TEMPORARY_IN_A_ROW:
                    run.stopped = (
                        f"stopped after {temporary_in_a_row} messages in a row were refused "
                        f"for the time being; the last: {error}"
                    )
                    break
    finally:
        transport.close()
    return run


@dataclass
class Tally:
    """Where the rows in a scope stand after a run."""

    counts: dict[str, int] = field(default_factory=dict)  # status → rows
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    in_doubt: list[str] = field(default_factory=list)
    in_flight: int = 0  # rows "sending" while another sender runs: its messages, not in doubt

    @property
    def left(self) -> bool:
        """Rows still pending or in doubt (or in flight in another sender)."""
        return bool(
            self.counts.get(OutboundStatus.PENDING) or self.counts.get(OutboundStatus.SENDING)
        )


def tally(
    session: Session,
    model: type[Outbound],
    scope: Sequence[ColumnElement[bool]] = (),
    *,
    others: int = 0,
) -> Tally:
    """``others``: how many other senders run now; their rows "sending" are not in doubt."""
    result = Tally()
    result.counts = {
        str(status): count
        for status, count in session.execute(
            select(model.status, func.count()).where(*scope).group_by(model.status)
        ).all()
    }
    result.failed, result.skipped = (
        [
            (row.email, row.last_error or "")
            for row in session.execute(
                select(model.email, model.last_error)
                .where(*scope, model.status == status)
                .order_by(model.id)
            )
        ]
        for status in (OutboundStatus.FAILED, OutboundStatus.SKIPPED)
    )
    result.in_doubt = list(
        session.scalars(
            select(model.email)
            .where(*scope, model.status == OutboundStatus.SENDING)
            .order_by(model.id)
        )
    )
    if others and result.in_doubt:
        result.in_flight, result.in_doubt = len(result.in_doubt), []
    return result


@dataclass
class Report:
    """One ``send_due`` run: what went now and where every row in scope stands."""

    sent_now: int
    stopped: str | None
    tally: Tally


def send_due(
    database: Database,
    transport: Transport,
    kind: OutboundKind[R],
    scope: Sequence[ColumnElement[bool]] = (),
    *,
    retry: RetryPolicy,
    resend_in_doubt: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    on_progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Send every row in ``scope`` still owed its message; safe to rerun at any time.

    For kinds whose rows need nothing done before and after (a bulletin also moves its digest
    from approved to sending to sent, so ``digest.sending`` uses the parts).
    """
    with sending(database) as lock:
        with database.session() as session:
            todo = due(session, kind.model, scope, resend_in_doubt=resend_in_doubt)
        run = deliver(
            database, transport, kind, todo, retry=retry, sleep=sleep, on_progress=on_progress
        )
        with database.session() as session:
            counts = tally(session, kind.model, scope, others=lock.others())
        return Report(run.sent_now, run.stopped, counts)


# ---------------------------------------------------------------- in doubt, settled by hand


class SettleError(Exception):
    """Settling was refused; nothing changed."""


class SendRunning(SettleError):
    pass


class NotInDoubt(SettleError):
    def __init__(self, email: str, state: str) -> None:
        super().__init__(f"{email} is not in doubt ({state})")
        self.email = email
        self.state = state  # "no delivery", or "it is <status>"


@contextlib.contextmanager
def settling(database: Database) -> Iterator[None]:
    """Held while rows in doubt are settled by hand: refused (``SendRunning``) while any send
    runs, whose rows "sending" are in flight, not in doubt."""
    lock = DatabaseLock(database.engine, "send")
    try:
        lock.acquire()
    except LockBusy as exc:
        raise SendRunning(str(exc)) from None
    try:
        yield
    finally:
        lock.release()


def settle_in_doubt(
    session: Session,
    model: type[R],
    scope: Sequence[ColumnElement[bool]],
    emails: Sequence[str],
    *,
    delivered: bool,
) -> list[R]:
    """Decide the rows in doubt for ``emails`` (any case) in ``scope``; all or nothing.

    ``delivered``: the server did take the message; mark it sent, so it is never sent again.
    Otherwise back to pending: the next run sends it, with its Message-ID. Raises
    ``NotInDoubt`` for an address that is not, so a typo cannot mark anyone else's message.
    Call it inside ``settling``.
    """
    rows = {row.email.lower(): row for row in session.scalars(select(model).where(*scope))}
    chosen = []
    for email in emails:
        row = rows.get(email.strip().lower())
        if row is None or row.status != OutboundStatus.SENDING:
            raise NotInDoubt(email, "no delivery" if row is None else f"it is {row.status}")
        chosen.append(row)
    for row in chosen:
        if delivered:
            row.status, row.sent_at = OutboundStatus.SENT, utcnow()
            row.last_error = "marked delivered by hand after a crash"
        else:
            row.status = OutboundStatus.PENDING
    session.flush()
    return chosen


def left(session: Session, model: type[Outbound], scope: Sequence[ColumnElement[bool]]) -> int:
    """Rows in ``scope`` still pending or in doubt."""
    return (
        session.scalar(
            select(func.count())
            .select_from(model)
            .where(*scope, model.status.in_((OutboundStatus.PENDING, OutboundStatus.SENDING)))
        )
        or 0
    )
