"""What insight/ derives from reviews and publications: tags, recommendation items, their index
and their matches."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, utcnow


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


# ---------------------------------------------------------------- learning (issue 13)


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
