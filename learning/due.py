"""What the loop owes, decided without the database: which answers get their follow-up, which
recipients a reminder, whether the board report is due. Pure: plain rows and a moment in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from common.months import Month
from learning.report import Period

# A reminder missed while the scheduler was down is still sent this long after it fell due;
# later, the bulletin is old news and no reminder goes (a new install never mails reminders
# for every bulletin of the past months).
REMINDER_GRACE = timedelta(days=14)


@dataclass(frozen=True)
class AnswerState:
    feedback_id: int
    submitted_at: datetime
    change: str | None
    email: str | None
    erased: bool


def followups_due(
    answers: Iterable[AnswerState], already: set[int], now: datetime, days: int
) -> list[int]:
    """Answers that named a change, gave an address, are ``days`` old and have no follow-up."""
    return [
        a.feedback_id
        for a in answers
        if a.change
        and a.email
        and not a.erased
        and a.feedback_id not in already
        and now - a.submitted_at >= timedelta(days=days)
    ]


@dataclass(frozen=True)
class Delivered:
    digest_id: int
    sent_at: datetime  # when the bulletin's send began
    recipient_id: int
    email: str
    agency: str | None
    active: bool


def agency_key(agency: str | None) -> str:
    return (agency or "").strip().lower()


def reminders_due(
    delivered: Iterable[Delivered],
    answered: set[tuple[int, str]],  # (digest id, agency key) with at least one answer
    already: set[tuple[int, int]],  # (digest id, recipient id) reminded or being reminded
    now: datetime,
    *,
    days: int,
    open_days: int,
) -> list[Delivered]:
    """One reminder per active recipient of an agency that has not answered the bulletin,
    ``days`` after it went out (within ``REMINDER_GRACE``, and while the form is open)."""
    due = []
    for d in delivered:
        age = now - d.sent_at
        if (
            d.active
            and timedelta(days=days) <= age <= timedelta(days=days) + REMINDER_GRACE
            and age <= timedelta(days=open_days)
            and (d.digest_id, agency_key(d.agency)) not in answered
            and (d.digest_id, d.recipient_id) not in already
        ):
            due.append(d)
    return due


def board_report_due(this_month: Month, months: Sequence[int]) -> Period | None:
    """In a month of ``board_report_months``, the last complete half-year; else None."""
    if this_month.month not in months:
        return None
    return Period.last_complete_half(this_month)
