"""The monthly workflow: draft (and refresh), exclude/include, introduction, approve, send.

- ``draft`` adds the month's new reviews to its draft (exclusions stay), renders it and mails
  it to the board office with "[DRAFT]" in the subject and the commands to change and approve it.
- ``approve`` freezes the bulletin: the rendered subject, HTML, text and archive page are stored,
  and partners receive exactly those, with only the unsubscribe link differing per recipient.
- ``send`` is resumable and sends each recipient the bulletin at most once. When it starts it
  records one delivery row per active recipient (the list as it stood then). Each row is
  claimed ("sending", with its Message-ID) and committed before its message goes, and marked
  "sent" after the server accepted it. A rerun sends only rows still pending. The one window
  that cannot be closed (the server accepted, the database was not told) leaves a row
  "sending": it is in doubt, shown by ``status``, and sent again only on request.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.emails import check_email, mask_emails
from common.months import Month
from common.text import strip_invisible
from config import Config
from db import Database, Delivery, Digest, DigestItem, Recipient, Review, utcnow
from db.locks import DatabaseLock, LockBusy
from db.queries import digest_dict
from digest.archive import ArchivedBulletin, write_archive
from digest.links import draft_link
from digest.mail import (
    InDoubt,
    MailConfigError,
    MailError,
    PermanentFailure,
    TemporaryFailure,
    Transport,
    compose,
    make_message_id,
    retry_delay,
)
from digest.records import (
    Bulletin,
    DraftNotes,
    Entry,
    Link,
    Rendered,
)
from digest.render import render
from digest.select import Candidate, filter_matches, reviews_to_add

log = logging.getLogger(__name__)

# After this many messages in a row fail for temporary reasons, the server is in trouble: stop.
MAX_TEMPORARY_IN_A_ROW = 3
EXAMPLE_TOKEN = "YOUR-PERSONAL-TOKEN"


class DigestError(Exception):
    """A request the workflow refuses; the message says why and what to do instead."""


@dataclass(frozen=True)
class MailSettings:
    sender: Address
    list_id: str
    unsubscribe_base: str | None
    unsubscribe_mailbox: str
    board_office: tuple[str, ...]

    @property
    def domain(self) -> str:
        return self.sender.domain

    def unsubscribe_link(self, token: str) -> str:
        if self.unsubscribe_base:
            return f"{self.unsubscribe_base.rstrip('/')}/unsubscribe/{token}"
        return f"mailto:{self.unsubscribe_mailbox}?subject=unsubscribe%20{token}"

    def list_headers(self, token: str) -> dict[str, str]:
        headers = {"List-Id": self.list_id, "List-Unsubscribe": f"<{self.unsubscribe_link(token)}>"}
        if self.unsubscribe_base and self.unsubscribe_base.lower().startswith("https://"):
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
        return headers


def mail_settings(config: Config, *, need_sender: bool = True) -> MailSettings:
    try:
        office = tuple(check_email(address) for address in config.board_office)
        sender_address = config.mail_from or (office[0] if office else None)
        if sender_address is None:
            if need_sender:
                raise DigestError(
                    "no sender address: set SCR_DIGEST_FROM (or SCR_DIGEST_BOARD_OFFICE, whose "
                    "first address is then used)"
                )
            sender_address = "scr-digest@localhost.invalid"
        sender = check_email(sender_address)
    except ValueError as exc:
        raise DigestError(f"mail settings: {exc}") from None
    name = strip_invisible(config.board_name).strip().replace('"', "")
    domain = sender.rsplit("@", 1)[1].lower()
    list_id = strip_invisible(config.list_id).strip().strip("<>") or f"learning-bulletin.{domain}"
    return MailSettings(
        sender=Address(display_name=name, addr_spec=sender),
        list_id=f'"{name} learning bulletin" <{list_id}>',
        unsubscribe_base=config.console_url,
        unsubscribe_mailbox=office[0] if office else sender,
        board_office=office,
    )


# ---------------------------------------------------------------- reading digests


def _find_digest(session: Session, month: Month | None) -> Digest:
    if month is None:
        digest = session.scalar(select(Digest).order_by(Digest.month.desc()).limit(1))
        if digest is None:
            raise DigestError("there is no digest yet: run scr-digest digest draft")
        return digest
    digest = session.scalar(select(Digest).where(Digest.month == str(month)))
    if digest is None:
        raise DigestError(
            f"there is no digest for {month}: run scr-digest digest draft --month {month}"
        )
    return digest


def _day(moment: datetime | None) -> str:
    return f"{moment:%d %B %Y %H:%M} UTC" if moment else "an unknown date"


def _frozen(digest: Digest) -> DigestError:
    return DigestError(
        f"the {digest.month} digest was approved on {_day(digest.approved_at)} and is frozen: "
        "partners receive exactly what was approved, so it cannot be changed any more"
    )


def _included_reviews(digest: Digest) -> list[Review]:
    return [item.review for item in digest.items if item.included]


def bulletin_for(digest: Digest, config: Config) -> Bulletin:
    """The bulletin as it stands now (live data; only approval freezes it)."""
    return Bulletin(
        board_name=config.board_name,
        month=Month.parse(digest.month),
        intro=digest.intro if digest.intro is not None else config.intro,
        entries=tuple(Entry.from_review(review) for review in _included_reviews(digest)),
        national_summaries=Link.parse_all(config.national_summaries),
        survey_url=config.survey_url,
        cpd_note=config.cpd_note,
        contact_details=config.contact_details,
    )


def _commands(month: str, empty: bool) -> tuple[tuple[str, str], ...]:
    return (
        ("Leave reviews out", f"scr-digest digest exclude --month {month} REVIEW_ID..."),
        ("Put reviews back in", f"scr-digest digest include --month {month} REVIEW_ID..."),
        (
            "Replace the introduction with the text of a file",
            f"scr-digest digest intro --month {month} --file intro.txt",
        ),
        (
            "Add reviews found since (exclusions are kept) and mail the draft again",
            f"scr-digest digest draft --month {month}",
        ),
        ("Read it again", f"scr-digest digest show --month {month}"),
        ("Approve it (after this it cannot change)", f"scr-digest digest approve --month {month}"),
        (
            "Then send it to partner agencies",
            f"scr-digest digest send --month {month}" + (" --allow-empty" if empty else ""),
        ),
    )


def _draft_notes(
    digest: Digest, warnings: Sequence[str] = (), *, config: Config | None = None
) -> DraftNotes:
    included = tuple(
        (item.review_id, Entry.from_review(item.review).heading)
        for item in digest.items
        if item.included
    )
    excluded = tuple(
        (item.review_id, Entry.from_review(item.review).heading)
        for item in digest.items
        if not item.included
    )
    notes = list(warnings)
    if not included:
        notes.append(
            "No reviews are included: the bulletin says there is nothing new this month, "
            "and sending it needs --allow-empty."
        )
    return DraftNotes(
        status=digest.status,
        included=included,
        excluded=excluded,
        commands=_commands(digest.month, not included),
        warnings=tuple(notes),
        console_link=draft_link(config, Month.parse(digest.month)) if config else None,
        console_link_days=config.draft_link_days if config else 0,
    )


def _example_link(config: Config) -> str:
    return mail_settings(config, need_sender=False).unsubscribe_link(EXAMPLE_TOKEN)


# ---------------------------------------------------------------- draft


@dataclass
class DraftResult:
    month: str
    created: bool
    added: list[int]
    included: int
    excluded: int
    preview: Rendered
    mailed_to: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)
    mail_error: str | None = None
    outbox_files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def draft(
    database: Database,
    config: Config,
    transport: Transport | None,
    *,
    month: Month | None = None,
    now: datetime | None = None,
) -> DraftResult:
    """Create or refresh the month's draft and mail it to the board office (when configured).

    New reviews are appended; reviews already in it keep their place and their exclusion. An
    approved digest is refused. Without a transport, or without board office addresses, the
    draft is stored and not mailed.
    """
    now = now or utcnow()
    month = month or Month.containing(now, config.timezone)
    try:
        with database.session() as session:
            digest = session.scalar(select(Digest).where(Digest.month == str(month)))
            if digest is not None and digest.status != "draft":
                raise _frozen(digest)
            created = digest is None
            if digest is None:
                digest = Digest(month=str(month), status="draft", created_at=now, refreshed_at=now)
                session.add(digest)
                session.flush()
            rows = session.execute(
                select(
                    Review.id,
                    Review.published_year,
                    Review.published_month,
                    Review.area,
                    Review.title,
                    Review.first_seen_at,
                    Review.baseline,
                )
                .outerjoin(DigestItem, DigestItem.review_id == Review.id)
                .where(DigestItem.id.is_(None), Review.baseline.is_(False))
            ).all()
            added = reviews_to_add([Candidate(*row) for row in rows], month)
            position = max((item.position for item in digest.items), default=0)
            for review_id in added:
                position += 1
                digest.items.append(
                    DigestItem(review_id=review_id, position=position, included=True, added_at=now)
                )
            digest.refreshed_at = now
            session.flush()
            older = session.scalars(
                select(Digest.month).where(Digest.status == "draft", Digest.month < str(month))
            ).all()
            warnings = [
                f"the {m} digest is still an unapproved draft; the reviews it holds are not "
                "offered again elsewhere (approve and send it: digest approve --month "
                f"{m})"
                for m in older
            ]
            preview = render(
                bulletin_for(digest, config),
                unsubscribe_url=_example_link(config),
                draft=_draft_notes(digest, warnings, config=config),
            )
            included = sum(1 for item in digest.items if item.included)
            result = DraftResult(
                month=str(month),
                created=created,
                added=added,
                included=included,
                excluded=len(digest.items) - included,
                preview=preview,
                warnings=warnings,
            )
    except IntegrityError:
        raise DigestError(
            "another draft was being made at the same moment; run digest draft again"
        ) from None
    if transport is None or not config.board_office:
        if not config.board_office:
            result.warnings.append(
                "no board office address is set (SCR_DIGEST_BOARD_OFFICE): the draft was "
                "stored but not mailed; read it with digest show"
            )
        return result
    settings = mail_settings(config)
    message = compose(
        subject=preview.subject,
        text=preview.text,
        html=preview.html,
        sender=settings.sender,
        recipients=[Address(addr_spec=address) for address in settings.board_office],
        message_id=make_message_id(settings.domain, "draft", month),
        date=now,
    )
    try:
        outcome, error, refused = _send_with_retries(transport, message, config, time.sleep)
    finally:
        transport.close()
    if outcome != "sent":
        result.mail_error = f"the draft was stored but not mailed: {error}"
        return result
    result.mailed_to = tuple(a for a in settings.board_office if a not in refused)
    result.refused = refused
    result.outbox_files = list(getattr(transport, "written", []))
    with database.session() as session:
        session.execute(
            update(Digest).where(Digest.month == str(month)).values(draft_mailed_at=utcnow())
        )
    return result


# ---------------------------------------------------------------- edits


def _draft_for_change(session: Session, month: Month) -> Digest:
    digest = _find_digest(session, month)
    if digest.status != "draft":
        raise _frozen(digest)
    return digest


@dataclass
class InclusionResult:
    month: str
    changed: list[int]
    unchanged: list[int]
    included: int
    excluded: int


def set_included(
    database: Database, month: Month, review_ids: Sequence[int], *, included: bool
) -> InclusionResult:
    """Exclude or re-include reviews in an unapproved draft; all or nothing."""
    with database.session() as session:
        digest = _draft_for_change(session, month)
        items = {item.review_id: item for item in digest.items}
        problems = []
        for review_id in review_ids:
            if review_id not in items:
                problems.append(_not_in_digest(session, review_id, month))
        if problems:
            raise DigestError("; ".join(problems))
        changed, unchanged = [], []
        for review_id in dict.fromkeys(review_ids):
            item = items[review_id]
            (unchanged if item.included == included else changed).append(review_id)
            item.included = included
        count = sum(1 for item in digest.items if item.included)
        return InclusionResult(str(month), changed, unchanged, count, len(items) - count)


def _not_in_digest(session: Session, review_id: int, month: Month) -> str:
    review = session.get(Review, review_id)
    if review is None:
        return f"there is no review {review_id}"
    if review.baseline:
        return (
            f"review {review_id} is part of the baseline (the backlog found by the first "
            "harvest), which is never announced"
        )
    other = session.scalar(
        select(Digest.month).join(DigestItem).where(DigestItem.review_id == review_id)
    )
    if other is not None:
        return f"review {review_id} belongs to the {other} digest (a review is announced once)"
    if review.first_seen_at >= month.end:
        return (
            f"review {review_id} was first seen after {month.label}; a later month's digest "
            "will announce it"
        )
    return (
        f"review {review_id} is not in the {month} digest yet: run digest draft --month {month} "
        "to add the reviews found since the draft was made"
    )


def set_intro(database: Database, month: Month, text: str | None) -> str | None:
    """Replace the draft's introduction (None: back to the configured one)."""
    if text is not None:
        text = "\n".join(
            line.rstrip() for line in strip_invisible(text).strip().splitlines()
        ).strip()
        if not text:
            raise DigestError(
                "the introduction is empty; use --reset to go back to the configured one"
            )
    with database.session() as session:
        digest = _draft_for_change(session, month)
        digest.intro = text
    return text


@dataclass
class MoveResult:
    month: str
    review_id: int
    position: int  # 1-based place among the draft's reviews (left-out ones count)
    moved: bool  # False: it was already first (up) or last (down)


def move(database: Database, month: Month, review_id: int, direction: str) -> MoveResult:
    """Swap a review with its neighbour above ("up") or below ("down") in an unapproved draft.

    Neighbours are counted among all the draft's reviews, left-out ones too, so the order the
    board office sees in the list is the order it changes.
    """
    if direction not in ("up", "down"):
        raise DigestError(f"move a review up or down, not {direction!r}")
    with database.session() as session:
        digest = _draft_for_change(session, month)
        items = list(digest.items)
        index = next((i for i, item in enumerate(items) if item.review_id == review_id), None)
        if index is None:
            raise DigestError(_not_in_digest(session, review_id, month))
        other = index - 1 if direction == "up" else index + 1
        moved = 0 <= other < len(items)
        if moved:
            items[index], items[other] = items[other], items[index]
            index = other
        # Renumbered 1..n every time, so equal or missing positions from older data cannot
        # make a swap do nothing.
        for position, item in enumerate(items, start=1):
            item.position = position
        return MoveResult(str(month), review_id, index + 1, moved)


@dataclass(frozen=True)
class DraftItem:
    review_id: int
    heading: str
    included: bool


@dataclass(frozen=True)
class DraftState:
    """A digest as the web console's draft page needs it (the bulletin itself: ``show``)."""

    month: str
    status: str
    intro: str  # the introduction the bulletin carries
    intro_is_custom: bool  # False: the configured one
    items: tuple[DraftItem, ...]
    approved_at: datetime | None
    progress: dict[str, Any]  # db.queries.digest_dict: deliveries by state, failures, in doubt

    @property
    def included(self) -> int:
        return sum(1 for item in self.items if item.included)


def draft_state(database: Database, config: Config, month: Month) -> DraftState:
    with database.session() as session:
        digest = _find_digest(session, month)
        return DraftState(
            month=digest.month,
            status=digest.status,
            intro=digest.intro if digest.intro is not None else config.intro,
            intro_is_custom=digest.intro is not None,
            items=tuple(
                DraftItem(item.review_id, Entry.from_review(item.review).heading, item.included)
                for item in digest.items
            ),
            approved_at=digest.approved_at,
            progress=digest_dict(session, digest),
        )


def digests(database: Database) -> list[dict[str, Any]]:
    """Every digest, newest month first, as ``status --format json`` describes one."""
    with database.session() as session:
        rows = session.scalars(select(Digest).order_by(Digest.month.desc())).all()
        return [digest_dict(session, digest) for digest in rows]


# ---------------------------------------------------------------- show and approve


@dataclass
class Shown:
    month: str
    status: str
    included: int
    excluded: int
    rendered: Rendered


def show(database: Database, config: Config, *, month: Month | None = None) -> Shown:
    """The bulletin as partners get it: the stored one once approved, else the live draft.

    The unsubscribe link is an example; each partner's copy carries its own.
    """
    with database.session() as session:
        digest = _find_digest(session, month)
        included = sum(1 for item in digest.items if item.included)
        excluded = len(digest.items) - included
        example = _example_link(config)
        if digest.status == "draft":
            rendered = render(bulletin_for(digest, config), unsubscribe_url=example)
        else:
            rendered = Frozen.of(digest).personal(example)
        return Shown(digest.month, digest.status, included, excluded, rendered)


@dataclass
class ApproveResult:
    month: str
    subject: str
    included: int
    approved_at: datetime


def approve(
    database: Database, config: Config, *, month: Month | None = None, now: datetime | None = None
) -> ApproveResult:
    """Freeze the draft: store exactly what partners will receive."""
    now = now or utcnow()
    with database.session() as session:
        digest = _find_digest(session, month)
        if digest.status != "draft":
            raise DigestError(
                f"the {digest.month} digest was already approved on {_day(digest.approved_at)}; "
                "approving it again changes nothing"
            )
        bulletin = bulletin_for(digest, config)
        placeholder = f"scr-digest-unsubscribe-{secrets.token_hex(12)}"
        rendered = render(bulletin, unsubscribe_url=placeholder)
        archived = render(bulletin, unsubscribe_url=placeholder, archive=True)
        content_hash = hashlib.sha256(
            "\0".join((rendered.subject, rendered.html, rendered.text)).encode()
        ).hexdigest()
        changed = session.execute(
            update(Digest)
            .where(Digest.id == digest.id, Digest.status == "draft")
            .values(
                status="approved",
                approved_at=now,
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                archive_html=archived.html,
                unsubscribe_placeholder=placeholder,
                content_hash=content_hash,
            )
        ).rowcount
        if changed != 1:
            raise DigestError(f"the {digest.month} digest was approved by someone else just now")
        return ApproveResult(digest.month, rendered.subject, len(bulletin.entries), now)


@dataclass(frozen=True)
class Frozen:
    """What approval stored; ``personal(link)`` is one recipient's copy."""

    subject: str
    html: str
    text: str
    placeholder: str

    @classmethod
    def of(cls, digest: Digest) -> Frozen:
        assert digest.subject and digest.html and digest.text and digest.unsubscribe_placeholder
        return cls(digest.subject, digest.html, digest.text, digest.unsubscribe_placeholder)

    def personal(self, link: str) -> Rendered:
        return Rendered(
            self.subject,
            self.html.replace(self.placeholder, html_lib.escape(link, quote=True)),
            self.text.replace(self.placeholder, link),
        )


# ---------------------------------------------------------------- send


@dataclass
class SendResult:
    month: str
    sent_now: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # delivery status → rows
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
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
class _Claimed:
    delivery_id: int
    email: str
    name: str | None
    token: str
    message_id: str


def _start_sending(session: Session, digest: Digest, allow_empty: bool, now: datetime) -> None:
    """approved → sending: one delivery row per active recipient, the list as it is now."""
    reviews = _included_reviews(digest)
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
                "status": "pending" if matches else "skipped",
                "last_error": None if matches else "keyword filter matches none of its reviews",
            }
        )
    session.execute(insert(Delivery), rows)
    started = session.execute(
        update(Digest)
        .where(Digest.id == digest.id, Digest.status == "approved")
        .values(status="sending", send_started_at=now)
    ).rowcount
    if started != 1:
        raise DigestError("another send of this digest started just now; let it finish")


def _claim(
    database: Database, delivery_id: int, expected: str, domain: str, month: str
) -> _Claimed | None:
    with database.session() as session:
        # PostgreSQL: a row another sender is claiming right now is skipped, not waited for;
        # SQLite has no row locks (senders take turns under the send lock, see ``send``).
        delivery = session.scalar(
            select(Delivery)
            .where(Delivery.id == delivery_id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        if delivery is None or delivery.status != expected:
            return None  # another sender took it, or is taking it
        recipient = session.get(Recipient, delivery.recipient_id)
        assert recipient is not None
        if not recipient.active:
            delivery.status = "skipped"
            delivery.last_error = "unsubscribed" if recipient.unsubscribed_at else "removed"
            return None
        message_id = delivery.message_id or make_message_id(domain, month, delivery_id)
        claimed = session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.status == expected)
            .values(
                status="sending",
                attempts=Delivery.attempts + 1,
                claimed_at=utcnow(),
                message_id=message_id,
            )
        ).rowcount
        if claimed != 1:
            return None
        return _Claimed(delivery_id, recipient.email, recipient.name, recipient.token, message_id)


def _settle(database: Database, delivery_id: int, status: str, error: str | None) -> None:
    values: dict[str, Any] = {"status": status, "last_error": error}
    if status == "sent":
        values["sent_at"] = utcnow()
    with database.session() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.status == "sending")
            .values(**values)
        )


def _send_with_retries(
    transport: Transport,
    message: EmailMessage,
    config: Config,
    sleep: Callable[[float], None],
) -> tuple[str, str | None, dict[str, str]]:
    """("sent" | "failed" | "in_doubt" | "config" | "temporary" | "down", error, refused)."""
    failures = 0
    while True:
        try:
            refused = transport.send(message)
        except PermanentFailure as exc:
            return "failed", str(exc), {}
        except InDoubt as exc:
            return "in_doubt", str(exc), {}
        except MailConfigError as exc:
            return "config", str(exc), {}
        except TemporaryFailure as exc:
            failures += 1
            delay = retry_delay(failures, retries=config.smtp_retries, base=config.smtp_retry_delay)
            if delay is None:
                return ("down" if exc.connection else "temporary"), str(exc), {}
            # the server's reply may quote the address: personal data, masked above DEBUG
            log.info("temporary failure (%s); trying again in %.1f s", mask_emails(str(exc)), delay)
            sleep(delay)
        except MailError as exc:
            return "failed", str(exc), {}
        except OSError as exc:  # the outbox directory, say
            return "config", str(exc), {}
        else:
            return "sent", None, refused


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
    sqlite = database.engine.dialect.name == "sqlite"
    lock = DatabaseLock(database.engine, "send", shared=not sqlite)
    lock.acquire(wait=True)
    try:
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
    finally:
        lock.release()


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
    settings = mail_settings(config)
    now = utcnow()
    try:
        with database.session() as session:
            found = _find_digest(session, month)
            # The row lock makes a second sender starting at the same moment wait until the
            # first has created the delivery rows, then use them (PostgreSQL; no-op on SQLite).
            digest = session.scalars(
                select(Digest)
                .where(Digest.id == found.id)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).one()
            if digest.status == "draft":
                raise DigestError(
                    f"the {digest.month} digest is a draft: approve it first "
                    f"(scr-digest digest approve --month {digest.month})"
                )
            if digest.status == "approved":
                _start_sending(session, digest, allow_empty, now)
            digest_id, month_text = digest.id, digest.month
            frozen = Frozen.of(digest)
            wanted = ("pending", "sending") if resend_in_doubt else ("pending",)
            todo = [
                (row.id, row.status)
                for row in session.execute(
                    select(Delivery.id, Delivery.status)
                    .where(
                        Delivery.digest_id == digest_id,
                        Delivery.status.in_(wanted),
                    )
                    .order_by(Delivery.id)
                )
            ]
    except IntegrityError:
        raise DigestError("another send of this digest started just now; let it finish") from None
    result = SendResult(month=month_text)
    result.archive = _refresh_archive_or_warn(database, config, result)
    temporary_in_a_row = 0
    # The transport connects when the first message goes (a failure to connect is retried
    # like any other temporary failure) and keeps that one session for the whole run.
    try:
        for done, (delivery_id, expected) in enumerate(todo, start=1):
            if on_progress is not None:
                on_progress(done - 1, len(todo))
            claimed = _claim(database, delivery_id, expected, settings.domain, month_text)
            if claimed is None:
                continue
            try:
                content = frozen.personal(settings.unsubscribe_link(claimed.token))
                message = compose(
                    subject=content.subject,
                    text=content.text,
                    html=content.html,
                    sender=settings.sender,
                    recipients=[Address(display_name=claimed.name or "", addr_spec=claimed.email)],
                    message_id=claimed.message_id,
                    date=utcnow(),
                    headers=settings.list_headers(claimed.token),
                )
            except Exception:
                _settle(database, delivery_id, "pending", "could not build the message")
                raise
            outcome, error, _ = _send_with_retries(transport, message, config, sleep)
            # Recipient addresses are personal data: in full at DEBUG only.
            log.debug("delivery %s to %s: %s", delivery_id, claimed.email, outcome)
            log.info(
                "delivery %s (%s): %s%s",
                delivery_id,
                mask_emails(claimed.email),
                outcome,
                f" ({mask_emails(error)})" if error else "",
            )
            if outcome == "sent":
                _settle(database, delivery_id, "sent", None)
                result.sent_now += 1
                temporary_in_a_row = 0
            elif outcome == "failed":
                _settle(database, delivery_id, "failed", error)
                temporary_in_a_row = 0
            elif outcome == "in_doubt":
                with database.session() as session:
                    session.execute(
                        update(Delivery).where(Delivery.id == delivery_id).values(last_error=error)
                    )
            else:
                _settle(database, delivery_id, "pending", error)
                temporary_in_a_row += 1
                if outcome in ("config", "down"):
                    result.stopped = f"stopped: {error}"
                    break
                if temporary_in_a_row >= MAX_TEMPORARY_IN_A_ROW:
                    result.stopped = (
                        f"stopped after {temporary_in_a_row} messages in a row were refused "
                        f"for the time being; the last: {error}"
                    )
                    break
    finally:
        transport.close()
    result.connections = getattr(transport, "connections", None)
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
        result.counts = dict(
            session.execute(
                select(Delivery.status, func.count())
                .where(Delivery.digest_id == digest_id)
                .group_by(Delivery.status)
            ).all()
        )
        result.failed = [
            (row.email, row.last_error or "")
            for row in session.execute(
                select(Delivery.email, Delivery.last_error)
                .where(Delivery.digest_id == digest_id, Delivery.status == "failed")
                .order_by(Delivery.id)
            )
        ]
        result.in_doubt = list(
            session.scalars(
                select(Delivery.email)
                .where(Delivery.digest_id == digest_id, Delivery.status == "sending")
                .order_by(Delivery.id)
            )
        )
        if others and result.in_doubt:
            # Another sender is running (PostgreSQL): these are its messages going out now.
            result.in_flight, result.in_doubt = len(result.in_doubt), []
            if not result.counts.get("pending"):
                result.complete = True  # nothing left for this run; the other one finishes it
                return
        if not result.counts.get("pending") and not result.counts.get("sending"):
            session.execute(
                update(Digest)
                .where(Digest.id == digest_id, Digest.status == "sending")
                .values(status="sent", sent_at=utcnow())
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
    lock = DatabaseLock(database.engine, "send")
    try:
        lock.acquire()
    except LockBusy as exc:
        raise DigestError(f"{exc}: deliveries are only settled when no send is running") from None
    try:
        with database.session() as session:
            digest = _find_digest(session, month)
            result = SettleResult(Month.parse(digest.month))
            rows = {
                row.email.lower(): row
                for row in session.scalars(select(Delivery).where(Delivery.digest_id == digest.id))
            }
            chosen = []
            for email in emails:
                row = rows.get(email.strip().lower())
                if row is None or row.status != "sending":
                    state = "no delivery" if row is None else f"it is {row.status}"
                    raise DigestError(
                        f"{email} is not in doubt in the {result.month} digest ({state}); "
                        "nothing changed"
                    )
                chosen.append(row)
            for row in chosen:
                if delivered:
                    row.status, row.sent_at = "sent", utcnow()
                    row.last_error = "marked delivered by hand after a crash"
                else:
                    row.status = "pending"
                result.settled.append(row.email)
            session.flush()
            left = session.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.digest_id == digest.id, Delivery.status.in_(("pending", "sending")))
            )
            if not left and digest.status == "sending":
                digest.status, digest.sent_at = "sent", utcnow()
                result.complete = True
        log.info("settled %d deliveries in doubt for %s", len(result.settled), result.month)
        return result
    finally:
        lock.release()


def refresh_archive(database: Database, config: Config) -> Path | None:
    """Rewrite the archive (pages, index, feed) from every digest that has gone out."""
    with database.session() as session:
        digests = session.scalars(
            select(Digest)
            .where(Digest.status.in_(("sending", "sent")), Digest.archive_html.is_not(None))
            .order_by(Digest.month)
        ).all()
        bulletins = []
        for digest in digests:
            headings = [Entry.from_review(r).heading for r in _included_reviews(digest)]
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
    domain = mail_settings(config, need_sender=False).domain
    return write_archive(
        config.data_dir / "archive",
        bulletins,
        board_name=strip_invisible(config.board_name).strip(),
        domain=domain,
    )
