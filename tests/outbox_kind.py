"""A second kind of message for the outbox tests: reminders, in a table the tests create.

Not a product feature: it shows that a kind which is not a bulletin gets the same guarantees
(exactly once, resumable, in doubt after a crash) by describing itself to ``mail.outbox``.
Run as ``python -m tests.outbox_kind DB_URL SMTP_URL`` it sends every reminder due (the crash
test kills that process mid-send).
"""

from __future__ import annotations

import sys
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any, ClassVar

from sqlalchemy import Boolean, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from db import Database, open_database, utcnow
from db.models import Base, Outbound
from db.statuses import OutboundStatus, status_check
from mail import outbox
from mail.message import compose, make_message_id
from mail.transports import SMTPSettings, SMTPTransport, Transport

SENDER = Address("Westshire Safeguarding Children Partnership", addr_spec="learning@scp.example")
RETRY = outbox.RetryPolicy(retries=1, base=0.01)


class TestBase(DeclarativeBase):
    # Its own metadata, so the migrations' comparison with the models never sees this table.
    type_annotation_map: ClassVar[dict[Any, Any]] = Base.type_annotation_map


class Reminder(Outbound, TestBase):
    __tablename__ = "test_reminder"
    __table_args__ = (status_check("test_reminder", OutboundStatus),)

    subject: Mapped[str] = mapped_column(Text)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)


class Reminders:
    @property
    def model(self) -> type[Reminder]:
        return Reminder

    @property
    def name(self) -> str:
        return "reminder"

    def message_id(self, row: Reminder) -> str:
        return make_message_id("scp.example", "reminder", row.id)

    def message(
        self, session: Session, row: Reminder, message_id: str
    ) -> EmailMessage | outbox.Skip:
        if row.cancelled:
            return outbox.Skip("cancelled")
        return compose(
            subject=row.subject,
            text=f"{row.subject}\n",
            html=f"<p>{row.subject}</p>",
            sender=SENDER,
            recipients=[Address(addr_spec=row.email)],
            message_id=message_id,
            date=utcnow(),
        )


def create(database: Database, emails: list[str]) -> None:
    TestBase.metadata.create_all(database.engine)
    with database.session() as session:
        for n, email in enumerate(emails):
            session.add(Reminder(email=email, subject=f"Your CPD record {n}"))


def send(database: Database, transport: Transport, **kwargs: Any) -> outbox.Report:
    return outbox.send_due(database, transport, Reminders(), retry=RETRY, **kwargs)


if __name__ == "__main__":
    db_url, smtp_url = sys.argv[1:3]
    send(open_database(db_url), SMTPTransport(SMTPSettings.from_url(smtp_url, timeout=5)))
