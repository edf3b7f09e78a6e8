"""Feedback answers in the database: the form's context, storing an answer (with its CPD
acknowledgement owed), follow-up answers, report opens, listing, export, retention, erasure.

The edges of the loop: the pure parts are ``learning.form`` (checking), ``learning.report``
(the figures) and ``learning.cpd`` (the PDF).
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.months import Month
from common.text import strip_invisible
from config import Config
from db import Database, Digest, DigestItem, Recipient, Report, Review, utcnow
from db.engine import rowcount
from db.models import CpdAcknowledgement, Feedback, FeedbackReminder, FollowUp, ReportOpen
from db.statuses import DigestStatus, OutboundStatus
from learning.cpd import CpdRecord
from learning.form import FIELDS, Answer, FollowUpAnswer
from mail.links import Bound

ERASED = ""  # an outbound row's address once erased (the column is required)


class FeedbackError(Exception):
    """A request about feedback that cannot be met; the message says why."""


def heading(review: Review) -> str:
    area, title = strip_invisible(review.area).strip(), strip_invisible(review.title).strip()
    return f"{review.published_year} – {area} – {title}"


def sent_at(digest: Digest) -> datetime | None:
    return digest.send_started_at or digest.sent_at


@dataclass(frozen=True)
class FormContext:
    digest_id: int
    recipient_id: int
    month: Month
    agency: str | None
    reviews: tuple[tuple[int, str], ...]  # (review id, heading), in the bulletin's order
    closed: bool


def form_context(
    database: Database, config: Config, bound: Bound, now: datetime
) -> FormContext | None:
    """None when the token names no recipient or no bulletin that went out."""
    with database.session() as session:
        digest = session.get(Digest, bound.digest_id)
        recipient = session.get(Recipient, bound.recipient_id)
        if digest is None or recipient is None:
            return None
        started = sent_at(digest)
        if digest.status not in (DigestStatus.SENDING, DigestStatus.SENT) or started is None:
            return None
        reviews = tuple((review.id, heading(review)) for review in digest.included_reviews)
        closed = now - started > timedelta(days=config.feedback_open_days)
        return FormContext(
            digest.id, recipient.id, Month.parse(digest.month), recipient.agency, reviews, closed
        )


def _reference(session: Session, month: Month) -> str:
    while True:
        reference = f"CPD-{month.year}{month.month:02d}-{secrets.token_hex(3).upper()}"
        if session.scalar(select(Feedback.id).where(Feedback.reference == reference)) is None:
            return reference


@dataclass(frozen=True)
class Submitted:
    feedback_id: int
    reference: str
    acknowledged: bool  # a CPD record is owed by mail


def submit(
    database: Database, context: FormContext, answer: Answer, now: datetime | None = None
) -> Submitted:
    """Store one answer; with an email address, its CPD acknowledgement row in the same
    transaction, so the record is mailed exactly once (by ``learning.outbound.send_due``)."""
    now = now or utcnow()
    headings = dict(context.reviews)
    with database.session() as session:
        row = Feedback(
            reference=_reference(session, context.month),
            digest_id=context.digest_id,
            recipient_id=context.recipient_id,
            agency=context.agency,
            submitted_at=now,
            name=answer.name,
            email=answer.email,
            email_key=answer.email.lower() if answer.email else None,
            role=answer.role,
            team=answer.team,
            reviews=list(answer.reviews),
            review_headings=[headings[review] for review in answer.reviews],
            shared_how=list(answer.shared_how),
            staff_reached=answer.staff_reached,
            change=answer.change,
            owner=answer.owner,
            due=answer.due,
            confidence_before=answer.confidence_before,
            confidence_after=answer.confidence_after,
            cpd_minutes=answer.cpd_minutes,
            consent_quote=answer.consent_quote,
        )
        session.add(row)
        session.flush()
        if answer.email:
            session.add(CpdAcknowledgement(feedback_id=row.id, email=answer.email, created_at=now))
        return Submitted(row.id, row.reference, bool(answer.email))


def cpd_record(session: Session, config: Config, feedback: Feedback) -> CpdRecord:
    return CpdRecord(
        board_name=strip_invisible(config.board_name).strip(),
        respondent=feedback.name or "(name not given)",
        role=feedback.role,
        agency=feedback.agency,
        day=feedback.submitted_at.date(),
        reviews=tuple(str(h) for h in feedback.review_headings or []),
        minutes=feedback.cpd_minutes,
        reference=feedback.reference,
    )


def record_of(database: Database, config: Config, feedback_id: int) -> CpdRecord | None:
    with database.session() as session:
        feedback = session.get(Feedback, feedback_id)
        return None if feedback is None else cpd_record(session, config, feedback)


def resend_record(database: Database, feedback_id: int, now: datetime | None = None) -> str:
    """Owe the respondent their CPD record again (``feedback show ID --resend``); the address."""
    with database.session() as session:
        feedback = session.get(Feedback, feedback_id)
        if feedback is None:
            raise FeedbackError(f"there is no answer {feedback_id}")
        if not feedback.email:
            raise FeedbackError(
                f"answer {feedback_id} has no email address (none given, or erased)"
            )
        session.add(
            CpdAcknowledgement(
                feedback_id=feedback.id, email=feedback.email, created_at=now or utcnow()
            )
        )
        return feedback.email


# ---------------------------------------------------------------- follow-up answers


@dataclass(frozen=True)
class FollowUpContext:
    followup_id: int
    change: str | None
    month: Month
    answered: bool


def followup_context(database: Database, followup_id: int) -> FollowUpContext | None:
    with database.session() as session:
        followup = session.get(FollowUp, followup_id)
        if followup is None:
            return None
        feedback = session.get(Feedback, followup.feedback_id)
        digest = session.get(Digest, feedback.digest_id) if feedback else None
        if feedback is None or digest is None:
            return None
        return FollowUpContext(
            followup.id, feedback.change, Month.parse(digest.month), followup.outcome is not None
        )


def answer_followup(
    database: Database, followup_id: int, answer: FollowUpAnswer, now: datetime | None = None
) -> None:
    """The latest answer counts (a respondent may correct it through the same link)."""
    with database.session() as session:
        session.execute(
            update(FollowUp)
            .where(FollowUp.id == followup_id)
            .values(
                outcome=answer.outcome.value,
                evidence=answer.evidence,
                barriers=answer.barriers,
                answered_at=now or utcnow(),
            )
        )


# ---------------------------------------------------------------- opens


@dataclass(frozen=True)
class Target:
    """Where a report link leads: the source's report, or the board's archived copy."""

    url: str | None
    archived: Path | None


def open_report(database: Database, config: Config, bound: Bound, review_id: int) -> Target | None:
    """Count one open for the link's agency and this review; None when the link is not one of
    that bulletin's report links."""
    with database.session() as session:
        recipient = session.get(Recipient, bound.recipient_id)
        item = session.scalar(
            select(DigestItem).where(
                DigestItem.digest_id == bound.digest_id,
                DigestItem.review_id == review_id,
                DigestItem.included,
            )
        )
        review = item.review if item is not None else None
        if recipient is None or review is None:
            return None
        report = session.scalar(select(Report).where(Report.review_id == review_id))
        target = _target(config, review, report)
        if target is None:
            return None
        agency = strip_invisible(recipient.agency or "").strip()[:200]
    _count(database, agency, review_id)
    return target


def _target(config: Config, review: Review, report: Report | None) -> Target | None:
    archived = None
    if report is not None and report.archive_path:
        path = Path(report.archive_path)
        path = path if path.is_absolute() else config.data_dir / path
        archived = path if path.is_file() else None
    gone = report is not None and report.given_up
    if review.report_url and not (gone and archived):
        return Target(review.report_url, None)
    if archived is not None:
        return Target(None, archived)
    return None


def _count(database: Database, agency: str, review_id: int) -> None:
    for _ in range(3):
        try:
            with database.session() as session:
                bumped = rowcount(
                    session.execute(
                        update(ReportOpen)
                        .where(ReportOpen.agency == agency, ReportOpen.review_id == review_id)
                        .values(count=ReportOpen.count + 1, last_at=utcnow())
                    )
                )
                if bumped == 0:
                    session.add(ReportOpen(agency=agency, review_id=review_id, count=1))
            return
        except IntegrityError:  # another request made the row just now: bump it
            continue


# ---------------------------------------------------------------- listing, export


@dataclass(frozen=True)
class Listed:
    id: int
    reference: str
    month: str
    agency: str | None
    submitted_at: datetime
    name: str | None
    email: str | None
    role: str | None
    team: str | None
    reviews: list[int]
    shared_how: list[str]
    staff_reached: int
    change: str | None
    owner: str | None
    due: str | None
    confidence_before: int
    confidence_after: int
    cpd_minutes: int
    consent_quote: bool
    followup: str | None
    erased: bool

    def as_dict(self, *, with_names: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "reference": self.reference,
            "month": self.month,
            "agency": self.agency,
            "submitted_at": self.submitted_at.isoformat(),
            "role": self.role,
            "team": self.team,
            "reviews": self.reviews,
            "shared_how": self.shared_how,
            "staff_reached": self.staff_reached,
            "change": self.change,
            "owner": self.owner,
            "due": self.due,
            "confidence_before": self.confidence_before,
            "confidence_after": self.confidence_after,
            "cpd_minutes": self.cpd_minutes,
            "consent_quote": self.consent_quote,
            "followup": self.followup,
            "erased": self.erased,
        }
        if with_names:
            data = {"name": self.name, "email": self.email, **data}
        return data


def list_answers(
    database: Database, *, month: Month | None = None, ids: Sequence[int] | None = None
) -> list[Listed]:
    with database.session() as session:
        query = (
            select(Feedback, Digest.month, FollowUp.outcome)
            .join(Digest, Digest.id == Feedback.digest_id)
            .outerjoin(FollowUp, FollowUp.feedback_id == Feedback.id)
            .order_by(Feedback.id)
        )
        if month is not None:
            query = query.where(Digest.month == str(month))
        if ids is not None:
            query = query.where(Feedback.id.in_(list(ids)))
        return [
            Listed(
                id=f.id,
                reference=f.reference,
                month=digest_month,
                agency=f.agency,
                submitted_at=f.submitted_at,
                name=f.name,
                email=f.email,
                role=f.role,
                team=f.team,
                reviews=[int(r) for r in f.reviews or []],
                shared_how=[str(s) for s in f.shared_how or []],
                staff_reached=f.staff_reached,
                change=f.change,
                owner=f.owner,
                due=f.due,
                confidence_before=f.confidence_before,
                confidence_after=f.confidence_after,
                cpd_minutes=f.cpd_minutes,
                consent_quote=f.consent_quote,
                followup=outcome,
                erased=f.erased_at is not None,
            )
            for f, digest_month, outcome in session.execute(query).all()
        ]


# Names and emails only when asked (``--with-names``); the form's other fields, in order.
PERSONAL_CONTACT = ("name", "email")
CSV_COLUMNS = (
    "id",
    "reference",
    "month",
    "agency",
    "submitted_at",
    *(name for name in FIELDS if name not in PERSONAL_CONTACT),
    "followup",
    "erased",
)


def to_csv(rows: Sequence[Listed], *, with_names: bool = False) -> str:
    """One row per answer; names and emails only ``with_names``. Lists are ";"-separated."""
    columns = (PERSONAL_CONTACT if with_names else ()) + CSV_COLUMNS
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = row.as_dict(with_names=with_names)
        for key in ("reviews", "shared_how"):
            data[key] = ";".join(str(v) for v in data[key])
        for key, value in data.items():
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                data[key] = "'" + value  # not a formula when opened in a spreadsheet
        writer.writerow({key: "" if data[key] is None else data[key] for key in columns})
    return out.getvalue()


# ---------------------------------------------------------------- erasure and retention


def _erase(session: Session, rows: Sequence[Feedback], now: datetime) -> int:
    for row in rows:
        row.name = row.email = row.email_key = row.role = row.team = row.owner = None
        if not row.consent_quote:
            row.change = None
        row.erased_at = now
    ids = [row.id for row in rows]
    if not ids:
        return 0
    for model in (CpdAcknowledgement, FollowUp):
        session.execute(
            update(model)
            .where(model.feedback_id.in_(ids), model.status == OutboundStatus.PENDING)
            .values(status=OutboundStatus.SKIPPED, last_error="personal details erased")
        )
        session.execute(update(model).where(model.feedback_id.in_(ids)).values(email=ERASED))
    session.execute(
        update(FollowUp)
        .where(FollowUp.feedback_id.in_(ids), FollowUp.evidence.is_not(None))
        .values(evidence=None, barriers=None)
    )
    return len(ids)


def erase_person(database: Database, email: str, now: datetime | None = None) -> int:
    """A subject's request: every answer given with ``email`` (any case) loses its personal
    details now; returns how many. Reminders to a recipient address are not answers: the
    recipient list is managed with ``recipients remove``."""
    key = strip_invisible(email).strip().lower()
    if not key:
        raise FeedbackError("give the email address whose details are to be erased")
    with database.session() as session:
        rows = session.scalars(select(Feedback).where(Feedback.email_key == key)).all()
        erased = _erase(session, rows, now or utcnow())
        # an address typed differently in an outbound row (the acknowledgement) goes too
        for model in (CpdAcknowledgement, FollowUp):
            session.execute(
                update(model).where(func.lower(model.email) == key).values(email=ERASED)
            )
        return erased


def months_before(moment: datetime, months: int) -> datetime:
    month = Month(moment.year, moment.month)
    for _ in range(months):
        month = month.preceding()
    day = min(moment.day, 28)
    return moment.replace(year=month.year, month=month.month, day=day)


def apply_retention(database: Database, config: Config, now: datetime | None = None) -> int:
    """Answers older than ``feedback_retention_months`` lose names, emails and free text not
    consented for quoting; the counts stay. Returns how many were erased now."""
    now = now or utcnow()
    cutoff = months_before(now, config.feedback_retention_months)
    with database.session() as session:
        rows = session.scalars(
            select(Feedback).where(Feedback.submitted_at < cutoff, Feedback.erased_at.is_(None))
        ).all()
        erased = _erase(session, rows, now)
        session.execute(
            update(FeedbackReminder)
            .where(FeedbackReminder.created_at < cutoff, FeedbackReminder.email != ERASED)
            .values(email=ERASED)
        )
        return erased
