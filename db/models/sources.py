"""What the harvest stores: reviews, their reports, national publications, and the bookkeeping
of reading the sources."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, utcnow
from db.statuses import (
    PublicationKind,
    ReportStatus,
    status_check,
)


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
