"""The learning loop: feedback, the mail it owes, report opens and seven-minute briefings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Outbound, utcnow
from db.statuses import (
    FollowUpOutcome,
    OutboundStatus,
    status_check,
)


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
