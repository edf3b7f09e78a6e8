"""Sending an approved bulletin to partner agencies, exactly once each, and settling doubts.

``send`` is resumable. When it starts it records one delivery row per active recipient (the
list as it stood then: approved → sending); ``mail.outbox`` then claims, sends and settles
each row, so a rerun sends only rows still pending and a row a crash left "sending" is in
doubt, sent again only on request or settled by hand (``settle_in_doubt``). When no row is
pending or in doubt the digest is sent, and the public archive is rewritten.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.months import Month
from common.text import strip_invisible
from config import Config
from db import Database, Delivery, Digest, Recipient, utcnow
from db.engine import rowcount
from db.locks import DatabaseLock
from db.statuses import DigestStatus, OutboundStatus
from digest.archive import ArchivedBulletin, write_archive
from digest.national import national_for
from digest.records import Entry
from digest.select import filter_matches
from digest.state import DigestError, Frozen, find_digest, settings
from mail import outbox
from mail.links import Signer, console_base, feedback_link, report_link_prefix
from mail.message import compose, make_message_id
from mail.settings import MailSettings
from mail.transports import Transport

log = logging.getLogger(__name__)


@dataclass
class SendResult:
    month: str
    sent_now: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # delivery status → rows
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (address, why not sent)
    in_doubt: list[str] = field(default_factory=list)
    in_flight: int = 0  # rows "sending" while another sender runs: its messages, not in doubt
    stopped: str | None = None
    complete: bool = False
    archive: Path | None = None
    connections: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 nothing left to send; 2 messages pending or in doubt (see ``stopped``)."""
        return 0 if self.complete else 2


@dataclass(frozen=True)
class Bulletins:
    """The outbound kind for a digest's deliveries: each recipient's copy of the frozen bulletin."""

    month: str
    content: Frozen
    mail: MailSettings
    digest_id: int = 0
    console: str | None = None  # console_url: each copy then carries its own console links
    signer: Signer | None = None

    @classmethod
    def of(cls, digest: Digest, config: Config) -> Bulletins:
        """For an approved digest (its content is frozen)."""
        console = console_base(config)
        signer = Signer.of(config) if console else None
        return cls(digest.month, Frozen.of(digest), settings(config), digest.id, console, signer)

    def links(self, recipient_id: int) -> tuple[str | None, str | None]:
        """The recipient's feedback link and report link prefix (signed: recipient, digest)."""
        if self.console is None or self.signer is None:
            return None, None
        token = self.signer.feedback_token(recipient_id, self.digest_id)
        return feedback_link(self.console, token), report_link_prefix(self.console, token)

    @property
    def model(self) -> type[Delivery]:
        return Delivery

    @property
    def name(self) -> str:
        return "delivery"

    def message_id(self, row: Delivery) -> str:
        return make_message_id(self.mail.domain, self.month, row.id)

    def message(
        self, session: Session, row: Delivery, message_id: str
    ) -> EmailMessage | outbox.Skip:
        recipient = session.get(Recipient, row.recipient_id)
        assert recipient is not None
        if not recipient.active:
            return outbox.Skip(
                "unsubscribed after the send began"
                if recipient.unsubscribed_at
                else "removed from the list after the send began"
            )
        personal = self.content.for_agency(recipient.agency_type).personal(
            self.mail.unsubscribe_link(recipient.token), *self.links(recipient.id)
        )
        return compose(
            subject=personal.subject,
            text=personal.text,
            html=personal.html,
            sender=self.mail.sender,
            recipients=[Address(display_name=recipient.name or "", addr_spec=recipient.email)],
            message_id=message_id,
            date=utcnow(),
            headers=self.mail.list_headers(recipient.token),
        )


def _of(digest_id: int) -> Sequence[ColumnElement[bool]]:
    return (Delivery.digest_id == digest_id,)


def start_sending(session: Session, digest: Digest, allow_empty: bool, now: datetime) -> None:
    """approved → sending: one delivery row per active recipient, the list as it is now."""
    reviews = digest.included_reviews
    if not reviews and not allow_empty:
        raise DigestError(
            f"the {digest.month} digest announces no reviews; send it anyway with --allow-empty"
        )
    keywords = [list(review.keywords or []) for review in reviews]
    # Plain rows and one multi-row insert: a list of thousands stays cheap in memory.
    recipients = session.execute(
        select(Recipient.id, Recipient.email, Recipient.keywords).where(Recipient.active)
    ).all()
    if not recipients:
        # Sending to nobody would mark the bulletin sent, and contacts added later would never
        # get it: refuse instead.
        raise DigestError(
            "there are no active recipients: add them first (scr-digest recipients import FILE.csv)"
        )
    rows = []
    for recipient_id, email, filter_terms in recipients:
        matches = filter_matches(filter_terms or [], keywords)
        rows.append(
            {
                "digest_id": digest.id,
                "recipient_id": recipient_id,
                "email": email,
                "status": OutboundStatus.PENDING if matches else OutboundStatus.SKIPPED,
                "last_error": None
                if matches
                else "its keyword filter matches none of this bulletin's reviews",
            }
        )
    session.execute(insert(Delivery), rows)
    started = rowcount(
        session.execute(
            update(Digest)
            .where(Digest.id == digest.id, Digest.status == DigestStatus.APPROVED)
            .values(status=DigestStatus.SENDING, send_started_at=now)
        )
    )
    if started != 1:
        raise DigestError("another send of this digest started just now; let it finish")


def send(
    database: Database,
    config: Config,
    transport: Transport,
    *,
    month: Month | None = None,
    allow_empty: bool = False,
    resend_in_doubt: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    on_progress: Callable[[int, int], None] | None = None,
) -> SendResult:
    """Send the approved digest to every recipient still owed it; safe to rerun at any time.

    ``on_progress(done, total)`` is called after each delivery tried (for a progress bar).

    Two senders at once never send a message twice. On SQLite they take turns: each holds the
    database's send lock (a file lock) for its whole run, so the second waits, then finds
    nothing left. On PostgreSQL they share the work: each claims rows with ``SELECT … FOR
    UPDATE SKIP LOCKED`` and holds the send lock shared, so one finishing first knows the rows
    still "sending" are the others' messages in flight, not messages in doubt.
    """
    with outbox.sending(database) as lock:
        return _send_locked(
            database,
            config,
            transport,
            lock,
            month=month,
            allow_empty=allow_empty,
            resend_in_doubt=resend_in_doubt,
            sleep=sleep,
            on_progress=on_progress,
        )


def _send_locked(
    database: Database,
    config: Config,
    transport: Transport,
    lock: DatabaseLock,
    *,
    month: Month | None,
    allow_empty: bool,
    resend_in_doubt: bool,
    sleep: Callable[[float], None],
    on_progress: Callable[[int, int], None] | None,
) -> SendResult:
    settings(config)  # refused before anything changes
    now = utcnow()
    try:
        with database.session() as session:
            found = find_digest(session, month)
            # The row lock makes a second sender starting at the same moment wait until the
            # first has created the delivery rows, then use them (PostgreSQL; no-op on SQLite).
            digest = session.scalars(
                select(Digest)
                .where(Digest.id == found.id)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).one()
            if digest.status == DigestStatus.DRAFT:
                raise DigestError(
                    f"the {digest.month} digest is a draft: approve it first "
                    f"(scr-digest digest approve --month {digest.month})"
                )
            if digest.status == DigestStatus.APPROVED:
                start_sending(session, digest, allow_empty, now)
            digest_id = digest.id
            kind = Bulletins.of(digest, config)
            todo = outbox.due(session, Delivery, _of(digest_id), resend_in_doubt=resend_in_doubt)
    except IntegrityError:
        raise DigestError("another send of this digest started just now; let it finish") from None
    result = SendResult(month=kind.month)
    result.archive = _refresh_archive_or_warn(database, config, result)
    run = outbox.deliver(
        database,
        transport,
        kind,
        todo,
        retry=outbox.RetryPolicy.of(config),
        sleep=sleep,
        on_progress=on_progress,
    )
    result.sent_now, result.stopped = run.sent_now, run.stopped
    result.connections = transport.connections
    _finish(database, digest_id, result, others=lock.others())
    if result.complete:
        result.archive = _refresh_archive_or_warn(database, config, result)
    return result


def _refresh_archive_or_warn(database: Database, config: Config, result: SendResult) -> Path | None:
    """The archive is a copy for the web: a disk that refuses it must not stop the bulletin."""
    try:
        return refresh_archive(database, config)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        result.warnings.append(f"the archive was not updated: {where}{exc.strerror or exc}")
        log.error("archive not updated: %s", exc)
        return None


def _finish(database: Database, digest_id: int, result: SendResult, *, others: int = 0) -> None:
    with database.session() as session:
        tally = outbox.tally(session, Delivery, _of(digest_id), others=others)
        result.counts, result.failed, result.skipped = tally.counts, tally.failed, tally.skipped
        result.in_doubt, result.in_flight = tally.in_doubt, tally.in_flight
        if tally.in_flight:
            # Another sender is running (PostgreSQL): these are its messages going out now.
            if not tally.counts.get(OutboundStatus.PENDING):
                result.complete = True  # nothing left for this run; the other one finishes it
            return
        if not tally.left:
            session.execute(
                update(Digest)
                .where(Digest.id == digest_id, Digest.status == DigestStatus.SENDING)
                .values(status=DigestStatus.SENT, sent_at=utcnow())
            )
            result.complete = True
        elif result.stopped is None and result.in_doubt:
            result.stopped = (
                f"{len(result.in_doubt)} in doubt (the server may have accepted them before the "
                "connection or the program was lost); check the mail server's log, then "
                "digest settle --delivered (or --not-delivered) EMAIL..., or send them all "
                "again with digest send --resend-in-doubt"
            )


@dataclass
class SettleResult:
    month: Month
    settled: list[str] = field(default_factory=list)
    complete: bool = False  # the digest has nothing pending or in doubt left: it is sent


def settle_in_doubt(
    database: Database, month: Month | None, emails: Sequence[str], *, delivered: bool
) -> SettleResult:
    """Decide deliveries left in doubt by a crash, after checking the mail server's log.

    ``delivered``: the server did take the message; mark it sent, so it is never sent again.
    Otherwise put it back to pending: the next ``digest send`` sends it, with its Message-ID.
    Refused while a send runs (its rows "sending" are in flight, not in doubt) and for an
    address that is not in doubt, so a typo cannot mark anyone else's message.
    """
    try:
        with outbox.settling(database), database.session() as session:
            digest = find_digest(session, month)
            result = SettleResult(Month.parse(digest.month))
            try:
                rows = outbox.settle_in_doubt(
                    session, Delivery, _of(digest.id), emails, delivered=delivered
                )
            except outbox.NotInDoubt as exc:
                raise DigestError(
                    f"{exc.email} is not in doubt in the {result.month} digest ({exc.state}); "
                    "nothing changed"
                ) from None
            result.settled = [row.email for row in rows]
            if not outbox.left(session, Delivery, _of(digest.id)) and (
                digest.status == DigestStatus.SENDING
            ):
                digest.status, digest.sent_at = DigestStatus.SENT, utcnow()
                result.complete = True
    except outbox.SendRunning as exc:
        raise DigestError(f"{exc}: deliveries are only settled when no send is running") from None
    log.info("settled %d deliveries in doubt for %s", len(result.settled), result.month)
    return result


def refresh_archive(database: Database, config: Config) -> Path | None:
    """Rewrite the archive (pages, index, feed) from every digest that has gone out."""
    with database.session() as session:
        digests = session.scalars(
            select(Digest)
            .where(
                Digest.status.in_((DigestStatus.SENDING, DigestStatus.SENT)),
                Digest.archive_html.is_not(None),
            )
            .order_by(Digest.month)
        ).all()
        bulletins = []
        for digest in digests:
            headings = [Entry.from_review(r).heading for r in digest.included_reviews]
            headings += [f"National learning: {e.title}" for e in national_for(digest)]
            bulletins.append(
                ArchivedBulletin(
                    month=Month.parse(digest.month),
                    subject=digest.subject or "",
                    html=digest.archive_html or "",
                    summary="; ".join(headings) if headings else "No new reviews this month.",
                    updated=digest.sent_at or digest.send_started_at or utcnow(),
                )
            )
    if not bulletins:
        return None
    domain = settings(config, need_sender=False).domain
    return write_archive(
        config.data_dir / "archive",
        bulletins,
        board_name=strip_invisible(config.board_name).strip(),
        domain=domain,
    )
