"""SQLAlchemy 2 models: the tables named in architecture.md."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.statuses import (
    DigestStatus,
    FollowUpOutcome,
    OutboundStatus,
    PublicationKind,
    ReportStatus,
    status_check,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would otherwise hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Review(Base):
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    # report URL when the entry links one, else normalised year|area|title; see harvester.store.
    review_key: Mapped[str] = mapped_column(String(1000), unique=True)
    text_key: Mapped[str] = mapped_column(String(1000), index=True)
    published_year: Mapped[int] = mapped_column(Integer, index=True)
    published_month: Mapped[int | None] = mapped_column(Integer)
    area: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    background: Mapped[str | None] = mapped_column(Text)
    learning: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    sections: Mapped[list[Any]] = mapped_column(default=list)
    report_url: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column()
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_run.id"))

    changes: Mapped[list[ReviewChange]] = relationship(
        back_populates="review", order_by="ReviewChange.id", cascade="all, delete-orphan"
    )
    report: Mapped[Report | None] = relationship(
        back_populates="review", cascade="all, delete-orphan", uselist=False
    )


class Report(Base):
    """The overview report behind a review's link: where it came from, the archived bytes, the text.

    One row per review. ``url`` is the link it was fetched for: when the review's link changes the
    row is no longer current and the next harvest fetches again.
    """

    __tablename__ = "report"
    __table_args__ = (status_check("report", ReportStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A review's overview report (one per review) or one attachment of a publication.
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), unique=True
    )
    publication_id: Mapped[int | None] = mapped_column(
        ForeignKey("publication.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str | None] = mapped_column(Text)  # an attachment's title
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    bytes: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    archive_path: Mapped[str | None] = mapped_column(Text)
    # pending → ok | empty | needs_ocr | failed (with reason); failed downloads are retried with
    # backoff until report_max_attempts, then given_up
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.PENDING, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    given_up: Mapped[bool] = mapped_column(Boolean, default=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    downloaded_at: Mapped[datetime | None] = mapped_column()
    extracted_at: Mapped[datetime | None] = mapped_column()
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    headings: Mapped[list[Any]] = mapped_column(default=list)
    executive_summary: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[list[Any]] = mapped_column(default=list)

    review: Mapped[Review | None] = relationship(back_populates="report")
    publication: Mapped[Publication | None] = relationship(back_populates="attachments")


class Publication(Base):
    """A national publication read from GOV.UK's Search and Content API (harvester.govuk).

    Unique on its base path (``/government/publications/…``); ``organisation`` is the slug it
    was found under. Its PDF attachments are ``report`` rows, archived and extracted like
    overview reports.
    """

    __tablename__ = "publication"
    __table_args__ = (status_check("publication", PublicationKind, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    base_path: Mapped[str] = mapped_column(String(1000), unique=True)
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    public_timestamp: Mapped[str] = mapped_column(String(40))
    published_on: Mapped[date] = mapped_column(Date, index=True)
    document_type: Mapped[str | None] = mapped_column(String(100))
    source_url: Mapped[str] = mapped_column(Text)  # the search it was found by
    content_hash: Mapped[str] = mapped_column(String(64))
    baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_run.id"))

    attachments: Mapped[list[Report]] = relationship(
        back_populates="publication", order_by="Report.id", cascade="all, delete-orphan"
    )


class ReviewChange(Base):
    """An edit the source made to a published entry: which fields, and what they said before."""

    __tablename__ = "review_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("harvest_run.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    fields: Mapped[list[Any]] = mapped_column()
    previous: Mapped[dict[str, Any]] = mapped_column()

    review: Mapped[Review] = relationship(back_populates="changes")


class QuarantinedEntry(Base):
    """An entry the parser could not read, kept raw with the reason while the page shows it."""

    __tablename__ = "quarantined_entry"
    __table_args__ = (UniqueConstraint("page_url", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_url: Mapped[str] = mapped_column(String(1000))
    fingerprint: Mapped[str] = mapped_column(String(64))
    heading: Mapped[str] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Page(Base):
    """A fetched listing page: conditional-GET validators and what it yielded last time."""

    __tablename__ = "page"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    entry_count: Mapped[int | None] = mapped_column(Integer)
    page_title: Mapped[str | None] = mapped_column(Text)
    last_updated: Mapped[str | None] = mapped_column(Text)
    last_fetched_at: Mapped[datetime | None] = mapped_column()
    last_changed_at: Mapped[datetime | None] = mapped_column()


class RobotsFile(Base):
    """robots.txt per host, cached for a day (RFC 9309 allows it): a rerun is one request a page."""

    __tablename__ = "robots_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)


class HarvestRun(Base):
    __tablename__ = "harvest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    trigger: Mapped[str] = mapped_column(String(40), default="cli")
    # running → ok | failed | interrupted (a run left "running" by a crash, found by the next one)
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    message: Mapped[str | None] = mapped_column(Text)


class Digest(Base):
    """One month's bulletin: draft → approved (content frozen) → sending → sent.

    Approval stores the rendered bulletin (subject, HTML, text, archive page); partners receive
    exactly that, with ``unsubscribe_placeholder`` replaced by each recipient's own link.
    """

    __tablename__ = "digest"
    __table_args__ = (
        status_check("digest", DigestStatus),
        CheckConstraint("theme_mode IN ('auto', 'custom', 'none')", name="digest_theme_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM
    status: Mapped[str] = mapped_column(String(20), default=DigestStatus.DRAFT, index=True)
    intro: Mapped[str | None] = mapped_column(Text)  # None: the configured introduction
    # The opening paragraph: auto (built from the reviews' themes and learning), custom
    # (theme_text, edited by the board office) or none.
    theme_mode: Mapped[str] = mapped_column(String(10), default="auto", server_default="auto")
    theme_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)
    draft_mailed_at: Mapped[datetime | None] = mapped_column()
    approved_at: Mapped[datetime | None] = mapped_column()
    approved_by: Mapped[str | None] = mapped_column(Text)  # console user's email, or OS user
    send_started_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    subject: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    archive_html: Mapped[str | None] = mapped_column(Text)
    unsubscribe_placeholder: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # Frozen at approval: each agency type's copy (its reviews first and marked),
    # {agency id: {"html": ..., "text": ...}}; other recipients get ``html``/``text``.
    variants: Mapped[dict[str, Any] | None] = mapped_column()

    items: Mapped[list[DigestItem]] = relationship(
        back_populates="digest", order_by="DigestItem.position", cascade="all, delete-orphan"
    )


class DigestItem(Base):
    """A review offered by a digest. ``review_id`` is unique: a review is offered once, ever."""

    __tablename__ = "digest_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    included: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    digest: Mapped[Digest] = relationship(back_populates="items")
    review: Mapped[Review] = relationship()


class DigestPublication(Base):
    """A national publication offered by a digest's National learning section; offered once."""

    __tablename__ = "digest_publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publication.id", ondelete="CASCADE"), unique=True
    )
    position: Mapped[int] = mapped_column(Integer)
    included: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    publication: Mapped[Publication] = relationship()


class Recipient(Base):
    """A partner agency contact. Never deleted (removal and unsubscribing only deactivate), so
    delivery history stays and an unsubscribed address is recognised if it is imported again."""

    __tablename__ = "recipient"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    email_key: Mapped[str] = mapped_column(String(320), unique=True)  # lower-cased address
    name: Mapped[str | None] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(Text)
    # A taxonomy agency id (health, police, education, …): their bulletin lists first, and
    # marks, the reviews whose learning and recommendations address that agency.
    agency_type: Mapped[str | None] = mapped_column(String(64))
    keywords: Mapped[list[Any]] = mapped_column(default=list)  # empty: every bulletin
    token: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column()
    unsubscribed_at: Mapped[datetime | None] = mapped_column()
    removed_at: Mapped[datetime | None] = mapped_column()


class Outbound:
    """The columns of a message the product must send exactly once (see ``mail.outbox``).

    pending → sending (claimed, with its Message-ID, committed before the message goes) → sent |
    failed (refused for good) | skipped (not to be sent). A row left "sending" by a crash is in
    doubt: the server may have accepted the message. A table of a new kind of message mixes
    this in (and adds ``status_check(table, OutboundStatus)``).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(20), default=OutboundStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str | None] = mapped_column(String(255))
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()


class Delivery(Outbound, Base):
    """One digest to one recipient: created when the send starts, claimed before the message goes.

    Skipped: the recipient's keyword filter matches none of the reviews, or the recipient
    unsubscribed or was removed after the send began.
    """

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("digest_id", "recipient_id"),
        status_check("delivery", OutboundStatus),
    )

    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipient.id"), index=True)


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


class ReviewTag(Base):
    """A theme a review is about, or an agency its learning and recommendations address.

    ``evidence`` says why: ``[{"field": "learning", "words": ["GPs", "health visitor"]}]``.
    ``position`` is the concept's place in the taxonomy (tags are listed in that order).
    """

    __tablename__ = "review_tag"
    __table_args__ = (
        UniqueConstraint("review_id", "axis", "concept_id"),
        CheckConstraint("axis IN ('theme', 'agency', 'harm', 'age')", name="review_tag_axis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    axis: Mapped[str] = mapped_column(String(20))
    concept_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    evidence: Mapped[list[Any]] = mapped_column(default=list)


class RecommendationItem(Base):
    """One single recommendation of a review, from the listing text or the report's list."""

    __tablename__ = "recommendation_item"
    __table_args__ = (
        UniqueConstraint("review_id", "source", "position"),
        CheckConstraint("source IN ('listing', 'report')", name="recommendation_item_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class RecommendationMatch(Base):
    """A "made before" match: ``item`` resembles ``earlier_item``, of a review published before."""

    __tablename__ = "recommendation_match"
    __table_args__ = (UniqueConstraint("item_id", "earlier_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation_item.id", ondelete="CASCADE"), index=True
    )
    earlier_item_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation_item.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(40))


class ReviewInsight(Base):
    """What tags and items of a review were computed from, so a rerun redoes only what changed:
    a hash of the inputs (review fields, report text, taxonomy fingerprint, method)."""

    __tablename__ = "review_insight"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    tags_input: Mapped[str] = mapped_column(String(64))
    items_input: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublicationTag(Base):
    """A theme a national publication is about, or an agency it addresses (as ``ReviewTag``)."""

    __tablename__ = "publication_tag"
    __table_args__ = (
        UniqueConstraint("publication_id", "axis", "concept_id"),
        CheckConstraint("axis IN ('theme', 'agency', 'harm', 'age')", name="publication_tag_axis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publication.id", ondelete="CASCADE"), index=True
    )
    axis: Mapped[str] = mapped_column(String(20))
    concept_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    evidence: Mapped[list[Any]] = mapped_column(default=list)


class PublicationInsight(Base):
    """What a publication's tags were computed from (a hash, as ``ReviewInsight``)."""

    __tablename__ = "publication_insight"

    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publication.id", ondelete="CASCADE"), primary_key=True
    )
    tags_input: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecommendationIndex(Base):
    """What "made before" keeps between runs so that matching one new review does not analyse
    the whole collection again: per review, ``entries`` is ``{item_id: [hash of the item's
    text, {word: count}]}``, valid for the analyser ``version``
    (insight.matching.ANALYSER_VERSION). Derived data: a row may be deleted at any time and
    the next update makes it again."""

    __tablename__ = "recommendation_index"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[str] = mapped_column(String(40))
    entries: Mapped[dict[str, Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---------------------------------------------------------------- learning (issue 13)


class Feedback(Base):
    """One answer to a bulletin's feedback form, attributed to the agency of the recipient whose
    link was used (the link may be forwarded inside the agency) and to the bulletin.

    Personal details (``name``, ``email``, ``role``, ``team``, ``owner``) and free text not
    consented for quoting are nullable: they are erased after ``feedback_retention_months`` or
    on a subject's request (``erased_at``); the counts stay.
    """

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)  # on the CPD record
    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("recipient.id"), index=True)
    agency: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))
    email_key: Mapped[str | None] = mapped_column(String(320), index=True)
    role: Mapped[str | None] = mapped_column(Text)
    team: Mapped[str | None] = mapped_column(Text)
    reviews: Mapped[list[Any]] = mapped_column(default=list)  # review ids
    review_headings: Mapped[list[Any]] = mapped_column(default=list)  # as the CPD record shows
    shared_how: Mapped[list[Any]] = mapped_column(default=list)
    staff_reached: Mapped[int] = mapped_column(Integer, default=0)
    change: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)
    due: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD
    confidence_before: Mapped[int] = mapped_column(Integer)
    confidence_after: Mapped[int] = mapped_column(Integer)
    cpd_minutes: Mapped[int] = mapped_column(Integer, default=0)
    consent_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    erased_at: Mapped[datetime | None] = mapped_column()


class CpdAcknowledgement(Outbound, Base):
    """The CPD record mailed to a respondent (one at the answer; ``feedback show`` may resend)."""

    __tablename__ = "cpd_acknowledgement"
    __table_args__ = (status_check("cpd_acknowledgement", OutboundStatus),)

    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUp(Outbound, Base):
    """``feedback_followup_days`` after an answer that named a change: one mail asking whether it
    happened, and the answer given through its signed link."""

    __tablename__ = "feedback_followup"
    __table_args__ = (
        status_check("feedback_followup", OutboundStatus),
        status_check("feedback_followup", FollowUpOutcome, column="outcome"),
    )

    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[str | None] = mapped_column(Text)
    barriers: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column()


class FeedbackReminder(Outbound, Base):
    """``feedback_reminder_days`` after a bulletin: one reminder to a recipient of an agency that
    has not answered it."""

    __tablename__ = "feedback_reminder"
    __table_args__ = (
        UniqueConstraint("digest_id", "recipient_id"),
        status_check("feedback_reminder", OutboundStatus),
    )

    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipient.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BoardReportMail(Outbound, Base):
    """The six-monthly report mailed to one board office address, once per period."""

    __tablename__ = "board_report_mail"
    __table_args__ = (
        UniqueConstraint("period_from", "period_to", "email"),
        status_check("board_report_mail", OutboundStatus),
    )

    period_from: Mapped[str] = mapped_column(String(7))
    period_to: Mapped[str] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportOpen(Base):
    """How often a bulletin's "Read the overview report" link was followed, per agency and
    review: counts only, nothing per person."""

    __tablename__ = "report_open"
    __table_args__ = (UniqueConstraint("agency", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency: Mapped[str] = mapped_column(String(200))  # "" when the recipient has none
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime] = mapped_column(default=utcnow)


class Briefing(Base):
    """The board office's edited text of a review's seven-minute briefing (one per review):
    ``sections`` is ``{section title: text}``; a section not in it is drafted afresh."""

    __tablename__ = "briefing"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    sections: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(320))
