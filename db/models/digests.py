"""A month's digest, its items, the recipients and each delivery of it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Outbound, utcnow
from db.statuses import (
    DigestStatus,
    OutboundStatus,
    status_check,
)

if TYPE_CHECKING:
    from db.models.sources import Publication, Review


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

    # Reviews and publications alike; ``review_items`` and ``publication_items`` are the sections.
    items: Mapped[list[DigestItem]] = relationship(
        back_populates="digest",
        order_by=lambda: (DigestItem.position, DigestItem.id),
        cascade="all, delete-orphan",
    )

    @property
    def review_items(self) -> list[DigestItem]:
        return [item for item in self.items if item.review_id is not None]

    @property
    def publication_items(self) -> list[DigestItem]:
        return [item for item in self.items if item.publication_id is not None]

    @property
    def included_reviews(self) -> list[Review]:
        """The reviews it announces, in their order."""
        return [review for item in self.review_items if item.included and (review := item.review)]


class DigestItem(Base):
    """A review or a national publication offered by a digest: exactly one of the two ids is set.

    Each is offered once, ever (both ids are unique). ``position`` orders an item within its own
    section (the reviews, the National learning section): the two are numbered separately.
    """

    __tablename__ = "digest_item"
    __table_args__ = (
        CheckConstraint(
            "(review_id IS NULL) <> (publication_id IS NULL)", name="digest_item_one_of"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), unique=True
    )
    publication_id: Mapped[int | None] = mapped_column(
        ForeignKey("publication.id", ondelete="CASCADE"), unique=True
    )
    position: Mapped[int] = mapped_column(Integer)
    included: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    digest: Mapped[Digest] = relationship(back_populates="items")
    review: Mapped[Review | None] = relationship()
    publication: Mapped[Publication | None] = relationship()


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
