"""The status values the tables store: enums in code, each with a CHECK in the database.

The stored strings are the enums' values (``StrEnum``: a member equals its string), so rows
written before the enums existed read the same, and JSON and logs show the same words.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint


class DigestStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"  # the content is frozen
    SENDING = "sending"  # delivery rows exist; some may still be pending or in doubt
    SENT = "sent"


class OutboundStatus(StrEnum):
    """One outbound message (a bulletin delivery, or any other kind ``mail.outbox`` sends)."""

    PENDING = "pending"
    SENDING = "sending"  # claimed; left so by a crash it is in doubt
    SENT = "sent"
    FAILED = "failed"  # refused for good
    SKIPPED = "skipped"  # not to be sent (a keyword filter, an unsubscribe)


class PublicationKind(StrEnum):
    """What a national publication is (harvester.govuk_parse.publication_kind)."""

    NATIONAL_REVIEW = "national_review"
    ANNUAL_REPORT = "annual_report"
    BRIEFING = "briefing"
    RESEARCH = "research"
    OTHER = "other"


class ReportStatus(StrEnum):
    PENDING = "pending"
    OK = "ok"
    EMPTY = "empty"
    NEEDS_OCR = "needs_ocr"
    FAILED = "failed"


def status_check(table: str, enum: type[StrEnum], column: str = "status") -> CheckConstraint:
    """``<column> IN (…the enum's values…)``, named ``ck_<table>_<column>``."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=f"ck_{table}_{column}")


class FollowUpOutcome(StrEnum):
    """What a practitioner says, months later, became of the change they named."""

    DONE = "done"
    PARTLY = "partly"
    NOT_YET = "not_yet"
    DROPPED = "dropped"
