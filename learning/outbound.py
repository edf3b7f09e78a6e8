"""The loop's own mail, each kind exactly once through ``mail.outbox``: CPD acknowledgements
(owed when an answer is stored), follow-ups and reminders (owed when ``send_due`` finds them due,
``learning.due``), and the board report in ``board_report_months``.

``send_due`` is what ``scr-digest feedback send-due`` and the scheduler run: it makes the rows
now owed (unique constraints keep each owed once, whoever runs at the same moment), then sends
every row still pending. A row a crash left "sending" is in doubt, as a bulletin's would be:
sent again only with ``resend_in_doubt``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.months import Month
from common.text import strip_invisible
from config import Config
from db import Database, Delivery, Digest, Recipient, utcnow
from db.models import BoardReportMail, CpdAcknowledgement, Feedback, FeedbackReminder, FollowUp
from db.statuses import DigestStatus, OutboundStatus
from learning import board
from learning.cpd import render_pdf
from learning.due import (
    AnswerState,
    Delivered,
    agency_key,
    board_report_due,
    followups_due,
    reminders_due,
)
from learning.feedback import cpd_record, heading
from learning.report import Period
from mail import outbox
from mail.links import Signer, console_base, feedback_link, followup_link
from mail.message import compose, make_message_id
from mail.settings import MailSettings, mail_settings
from mail.transports import Transport

log = logging.getLogger(__name__)

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def _paragraphs(*lines: str) -> tuple[str, str]:
    """Plain text and HTML of simple paragraphs (links are written as they are: addresses)."""
    from html import escape

    text = "\n\n".join(lines) + "\n"
    html = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return text, f"<!DOCTYPE html><html><body>{html}</body></html>"


def _link_html(lead: str, url: str) -> str:
    from html import escape

    return f'<p>{escape(lead)} <a href="{escape(url, quote=True)}">{escape(url)}</a></p>'


@dataclass(frozen=True)
class Kinds:
    """What every kind here needs: the settings, the mail settings and the link signer."""

    config: Config
    mail: MailSettings
    signer: Signer

    @property
    def board(self) -> str:
        return strip_invisible(self.config.board_name).strip()

    def compose(
        self, row_id: int, to: str, subject: str, text: str, html: str, message_id: str
    ) -> EmailMessage:
        return compose(
            subject=subject,
            text=text,
            html=html,
            sender=self.mail.sender,
            recipients=[Address(addr_spec=to)],
            message_id=message_id,
            date=utcnow(),
        )


@dataclass(frozen=True)
class CpdAcknowledgements:
    kinds: Kinds

    @property
    def model(self) -> type[CpdAcknowledgement]:
        return CpdAcknowledgement

    @property
    def name(self) -> str:
        return "cpd acknowledgement"

    def message_id(self, row: CpdAcknowledgement) -> str:
        return make_message_id(self.kinds.mail.domain, "cpd", row.id)

    def message(
        self, session: Session, row: CpdAcknowledgement, message_id: str
    ) -> EmailMessage | outbox.Skip:
        feedback = session.get(Feedback, row.feedback_id)
        if feedback is None or feedback.erased_at is not None or not row.email:
            return outbox.Skip("personal details erased")
        record = cpd_record(session, self.kinds.config, feedback)
        text, html = _paragraphs(
            f"Thank you for telling {self.kinds.board} what you took from the case reviews.",
            f"Your continuing professional development record is attached (reference "
            f"{record.reference}, {record.minutes} minutes). Keep it with your CPD log.",
        )
        message = self.kinds.compose(
            row.id,
            row.email,
            f"{self.kinds.board}: your CPD record {record.reference}",
            text,
            html,
            message_id,
        )
        message.add_attachment(
            render_pdf(record),
            maintype="application",
            subtype="pdf",
            filename=f"cpd-record-{record.reference}.pdf",
        )
        return message


@dataclass(frozen=True)
class FollowUps:
    kinds: Kinds

    @property
    def model(self) -> type[FollowUp]:
        return FollowUp

    @property
    def name(self) -> str:
        return "follow-up"

    def message_id(self, row: FollowUp) -> str:
        return make_message_id(self.kinds.mail.domain, "follow-up", row.id)

    def message(
        self, session: Session, row: FollowUp, message_id: str
    ) -> EmailMessage | outbox.Skip:
        feedback = session.get(Feedback, row.feedback_id)
        base = console_base(self.kinds.config)
        if feedback is None or feedback.erased_at is not None or not row.email:
            return outbox.Skip("personal details erased")
        if base is None:
            return outbox.Skip("no console_url: there is no page to answer on")
        link = followup_link(base, self.kinds.signer.id_token("followup", row.id))
        change = strip_invisible(feedback.change or "").strip()
        text, html = _paragraphs(
            f"A few months ago you told {self.kinds.board} what would change in your practice "
            "after reading the case reviews:",
            f"“{change}”",
            "Did it happen? Please tell us (done, partly, not yet or dropped), with any evidence "
            "and what got in the way. It takes a minute:",
        )
        text += f"\n{link}\n"
        html = html.replace("</body>", _link_html("Answer here:", link) + "</body>")
        return self.kinds.compose(
            row.id,
            row.email,
            f"{self.kinds.board}: did the change happen?",
            text,
            html,
            message_id,
        )


@dataclass(frozen=True)
class Reminders:
    kinds: Kinds

    @property
    def model(self) -> type[FeedbackReminder]:
        return FeedbackReminder

    @property
    def name(self) -> str:
        return "feedback reminder"

    def message_id(self, row: FeedbackReminder) -> str:
        return make_message_id(self.kinds.mail.domain, "reminder", row.id)

    def message(
        self, session: Session, row: FeedbackReminder, message_id: str
    ) -> EmailMessage | outbox.Skip:
        recipient = session.get(Recipient, row.recipient_id)
        digest = session.get(Digest, row.digest_id)
        base = console_base(self.kinds.config)
        if recipient is None or digest is None or not recipient.active or not row.email:
            return outbox.Skip("unsubscribed or removed")
        if base is None:
            return outbox.Skip("no console_url: there is no form to answer")
        answered = session.scalars(
            select(Feedback.agency).where(Feedback.digest_id == digest.id)
        ).all()
        if agency_key(recipient.agency) in {agency_key(a) for a in answered}:
            return outbox.Skip("the agency has answered since")
        link = feedback_link(base, self.kinds.signer.feedback_token(recipient.id, digest.id))
        month = Month.parse(digest.month).label
        reviews = [heading(review) for review in digest.included_reviews]
        text, html = _paragraphs(
            f"The {month} bulletin of {self.kinds.board} announced {len(reviews)} case "
            f"review{'s' if len(reviews) != 1 else ''}. Nobody in your agency has told us yet "
            "how the learning was used.",
            "If you or a colleague used it, please answer the short form (you can forward this "
            "link inside your agency); practitioners receive a CPD record.",
        )
        text += f"\n{link}\n"
        html = html.replace("</body>", _link_html("The feedback form:", link) + "</body>")
        message = self.kinds.compose(
            row.id,
            row.email,
            f"{self.kinds.board}: what did your agency take from the {month} bulletin?",
            text,
            html,
            message_id,
        )
        for name, value in self.kinds.mail.list_headers(recipient.token).items():
            message[name] = value
        return message


@dataclass(frozen=True)
class BoardReports:
    kinds: Kinds
    database: Database

    @property
    def model(self) -> type[BoardReportMail]:
        return BoardReportMail

    @property
    def name(self) -> str:
        return "board report"

    def message_id(self, row: BoardReportMail) -> str:
        return make_message_id(self.kinds.mail.domain, "board-report", row.id)

    def message(
        self, session: Session, row: BoardReportMail, message_id: str
    ) -> EmailMessage | outbox.Skip:
        period = Period(Month.parse(row.period_from), Month.parse(row.period_to))
        report = board.compute(board.load(self.database, period))
        well = report["how_well"]
        text, html = _paragraphs(
            f"The six-monthly report on learning from case reviews, {period.label}, is "
            "attached as a Word document to edit into the board paper.",
            f"Bulletins sent: {report['how_much']['bulletins']}; answers: {well['responses']}; "
            f"staff reached: {well['staff_reached']}; CPD minutes: {well['cpd_minutes']}.",
        )
        message = self.kinds.compose(
            row.id,
            row.email,
            f"{self.kinds.board}: report to the board, {period.label}",
            text,
            html,
            message_id,
        )
        message.add_attachment(
            board.to_docx(report, self.kinds.config),
            maintype=DOCX[0],
            subtype=DOCX[1],
            filename=f"board-report-{period.start}-to-{period.end}.docx",
        )
        return message


# ---------------------------------------------------------------- what is owed now


@dataclass
class Owed:
    followups: int = 0
    reminders: int = 0
    board_reports: int = 0


def _insert(database: Database, model: type, rows: list[dict[str, object]]) -> int:
    """Insert rows owed; rows another run made at the same moment are left to it."""
    made = 0
    for row in rows:
        try:
            with database.session() as session:
                session.execute(insert(model), [row])
            made += 1
        except IntegrityError:
            continue
    return made


def make_owed(database: Database, config: Config, now: datetime) -> Owed:
    owed = Owed()
    with database.session() as session:
        answers = [
            AnswerState(f.id, f.submitted_at, f.change, f.email, f.erased_at is not None)
            for f in session.scalars(select(Feedback).where(Feedback.change.is_not(None)))
        ]
        already = set(session.scalars(select(FollowUp.feedback_id)))
        emails = {i: e for i, e in session.execute(select(Feedback.id, Feedback.email))}
        delivered = [
            Delivered(digest_id, started, recipient_id, email, agency, active)
            for digest_id, started, recipient_id, email, agency, active in session.execute(
                select(
                    Delivery.digest_id,
                    Digest.send_started_at,
                    Recipient.id,
                    Recipient.email,
                    Recipient.agency,
                    Recipient.active,
                )
                .join(Digest, Digest.id == Delivery.digest_id)
                .join(Recipient, Recipient.id == Delivery.recipient_id)
                .where(
                    Delivery.status == OutboundStatus.SENT,
                    Digest.status.in_((DigestStatus.SENDING, DigestStatus.SENT)),
                    Digest.send_started_at.is_not(None),
                )
            )
            if started is not None
        ]
        answered = {
            (digest_id, agency_key(agency))
            for digest_id, agency in session.execute(select(Feedback.digest_id, Feedback.agency))
        }
        reminded = {
            (d, r)
            for d, r in session.execute(
                select(FeedbackReminder.digest_id, FeedbackReminder.recipient_id)
            )
        }
    if console_base(config) is not None:  # follow-ups and reminders carry console links
        due = followups_due(answers, already, now, config.feedback_followup_days)
        owed.followups = _insert(
            database,
            FollowUp,
            [{"feedback_id": i, "email": emails[i], "status": OutboundStatus.PENDING} for i in due],
        )
        reminders = reminders_due(
            delivered,
            answered,
            reminded,
            now,
            days=config.feedback_reminder_days,
            open_days=config.feedback_open_days,
        )
        owed.reminders = _insert(
            database,
            FeedbackReminder,
            [
                {
                    "digest_id": d.digest_id,
                    "recipient_id": d.recipient_id,
                    "email": d.email,
                    "status": OutboundStatus.PENDING,
                }
                for d in reminders
            ],
        )
    period = board_report_due(Month.current(config.timezone, now), config.board_report_months)
    if period is not None:
        owed.board_reports = _insert(
            database,
            BoardReportMail,
            [
                {
                    "period_from": str(period.start),
                    "period_to": str(period.end),
                    "email": address,
                    "status": OutboundStatus.PENDING,
                }
                for address in mail_settings(config).board_office
            ],
        )
    return owed


KIND_NAMES = ("cpd acknowledgement", "follow-up", "feedback reminder", "board report")


@dataclass
class SendDue:
    owed: Owed
    reports: dict[str, outbox.Report] = field(default_factory=dict)  # kind → its run

    @property
    def sent_now(self) -> int:
        return sum(report.sent_now for report in self.reports.values())

    @property
    def stopped(self) -> list[str]:
        return [f"{k}: {r.stopped}" for k, r in self.reports.items() if r.stopped]

    @property
    def in_doubt(self) -> dict[str, int]:
        return {k: len(r.tally.in_doubt) for k, r in self.reports.items() if r.tally.in_doubt}


def send_due(
    database: Database,
    config: Config,
    transport: Transport,
    *,
    now: datetime | None = None,
    resend_in_doubt: bool = False,
) -> SendDue:
    """Make the rows owed now and send every row of every kind still pending."""
    now = now or utcnow()
    result = SendDue(make_owed(database, config, now))
    kinds = Kinds(config, mail_settings(config), Signer.of(config))
    retry = outbox.RetryPolicy.of(config)
    runs: list[Callable[[], outbox.Report]] = [
        lambda: outbox.send_due(database, transport, CpdAcknowledgements(kinds), **options),
        lambda: outbox.send_due(database, transport, FollowUps(kinds), **options),
        lambda: outbox.send_due(database, transport, Reminders(kinds), **options),
        lambda: outbox.send_due(database, transport, BoardReports(kinds, database), **options),
    ]
    options: dict[str, Any] = {"retry": retry, "resend_in_doubt": resend_in_doubt}
    for name, run in zip(KIND_NAMES, runs, strict=True):
        report = run()
        result.reports[name] = report
        if report.stopped:
            break  # the server or the settings: the next run goes on
    return result


def send_acknowledgements(database: Database, config: Config, transport: Transport) -> int:
    """Only the CPD records owed (right after an answer, from the console)."""
    kinds = Kinds(config, mail_settings(config), Signer.of(config))
    report = outbox.send_due(
        database, transport, CpdAcknowledgements(kinds), retry=outbox.RetryPolicy.of(config)
    )
    return report.sent_now
