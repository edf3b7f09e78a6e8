"""Alerts to the maintainers: one email per problem, not one per day it lasts.

A problem has a ``key`` (what kind: ``harvest``, ``reports``, ``draft``, ``send:2026-11``) and a
fingerprint (what exactly: the errors, the reports given up, the addresses that failed). The
``alert`` table remembers the last fingerprint mailed for each key:

- the same fingerprint again is not mailed until ``alert_repeat_days`` have passed;
- a different fingerprint (the problem changed) is mailed at once;
- ``resolve(key)`` forgets it when the problem clears, so a recurrence is news again.

Alerts go through the same transport as the digests (``SCR_DIGEST_SMTP_URL``, else the outbox).
A mail failure is logged and not recorded, so the next run tries again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from common.emails import check_email, mask_emails
from common.exits import EXIT_LAYOUT_ALARM, EXIT_UNREACHABLE
from config import Config
from db import Alert, Database, Report, utcnow
from digest.sending import SendResult
from harvester.harvest import HarvestResult
from mail.errors import MailError
from mail.message import compose, make_message_id
from mail.settings import mail_settings, transport_from_config
from mail.transports import Transport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    key: str
    subject: str
    body: str
    details: tuple[str, ...]  # what identifies this occurrence; hashed into the fingerprint

    @property
    def fingerprint(self) -> str:
        text = "\n".join([self.key, *sorted(self.details)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def harvest_problem(result: HarvestResult) -> Problem | None:
    """A failed harvest (source unreachable, layout alarm), or None when it did its job."""
    if result.exit_code not in (EXIT_UNREACHABLE, EXIT_LAYOUT_ALARM):
        return None
    what = "layout alarm" if result.exit_code == EXIT_LAYOUT_ALARM else "a source unreachable"
    lines = "\n".join(f"- {error}" for error in result.errors)
    return Problem(
        key="harvest",
        subject=f"scr-digest: harvest failed ({what})",
        body=(
            f"Harvest run {result.run_id} failed with exit status {result.exit_code} ({what}).\n\n"
            f"{lines}\n\n"
            "Whatever the other pages brought in was kept. Check the page in a browser; "
            "`scr-digest status` shows the runs. The scheduler tries again at the next harvest."
        ),
        details=(str(result.exit_code), *result.errors),
    )


def reports_problem(session: Session) -> Problem | None:
    """Overview reports given up after repeated failures, or None."""
    rows = session.execute(
        select(Report.review_id, Report.url, Report.reason, Report.attempts)
        .where(Report.given_up)
        .order_by(Report.review_id)
    ).all()
    if not rows:
        return None
    lines = "\n".join(
        f"- review {row.review_id}: {row.reason} ({row.attempts} tries)\n  {row.url}"
        for row in rows
    )
    return Problem(
        key="reports",
        subject=f"scr-digest: {len(rows)} overview report{'s' if len(rows) != 1 else ''} given up",
        body=(
            "These reports could not be downloaded after repeated tries and will not be tried "
            f"again; their reviews are kept.\n\n{lines}\n\n"
            "If a report has moved, a new link on the source page is fetched by the next harvest."
        ),
        details=tuple(f"{row.review_id} {row.url}" for row in rows),
    )


def send_problem(result: SendResult) -> Problem | None:
    """Deliveries failed, in doubt, or a send stopped early; None when all went."""
    if not (result.failed or result.in_doubt or result.stopped):
        return None
    lines = [f"- failed: {address}: {why}" for address, why in result.failed]
    lines += [f"- in doubt: {address}" for address in result.in_doubt]
    if result.stopped:
        lines.append(f"- {result.stopped}")
    return Problem(
        key=f"send:{result.month}",
        subject=f"scr-digest: the {result.month} bulletin was not delivered to everyone",
        body=(
            f"Sending the {result.month} bulletin left deliveries that need a look:\n\n"
            + "\n".join(lines)
            + "\n\nPending messages are retried by the scheduler. Messages in doubt may have "
            "arrived: check the mail server's log, then `scr-digest digest settle --month "
            f"{result.month} --delivered EMAIL...` for those that did and `--not-delivered` "
            "for those that did not (the next send delivers them)."
        ),
        details=(
            *(f"failed {address}" for address, _ in result.failed),
            *(f"in doubt {address}" for address in result.in_doubt),
            "stopped" if result.stopped else "",
        ),
    )


def error_problem(key: str, action: str, error: Exception) -> Problem:
    """A scheduled job that could not do its work at all (a refusal, a crash)."""
    return Problem(
        key=key,
        subject=f"scr-digest: {action} failed",
        body=f"The scheduled {action} failed:\n\n{error}\n\nIt is tried again at its next run.",
        details=(type(error).__name__, str(error)),
    )


def notify(
    database: Database,
    config: Config,
    problem: Problem,
    *,
    now: datetime | None = None,
    transport: Callable[[Config], Transport] = transport_from_config,
) -> str:
    """Mail ``problem`` to the maintainers unless they were told already; returns what happened:
    ``sent``, ``suppressed`` (told already), ``no_maintainers`` or ``failed`` (mail error)."""
    now = now or utcnow()
    if not config.maintainers:
        log.warning("%s (no SCR_DIGEST_MAINTAINERS to alert)", problem.subject)
        return "no_maintainers"
    fingerprint = problem.fingerprint
    with database.session() as session:
        row = session.scalar(select(Alert).where(Alert.key == problem.key))
        repeat = timedelta(days=config.alert_repeat_days)
        if row is not None and row.fingerprint == fingerprint and now - row.last_sent_at < repeat:
            row.suppressed += 1
            log.info("%s: maintainers already told on %s", problem.subject, row.last_sent_at)
            return "suppressed"
    try:
        _mail(config, problem, config.maintainers, now, transport(config))
    except (MailError, OSError, ValueError) as exc:
        # a refusal may quote an address: masked, as every address logged above DEBUG
        log.error(
            "could not alert the maintainers (%s): %s", problem.subject, mask_emails(str(exc))
        )
        return "failed"
    with database.session() as session:
        row = session.scalar(select(Alert).where(Alert.key == problem.key))
        if row is None:
            row = Alert(key=problem.key, first_sent_at=now)
            session.add(row)
        elif row.fingerprint != fingerprint:
            row.first_sent_at = now
        row.fingerprint = fingerprint
        row.subject = problem.subject
        row.last_sent_at = now
        row.suppressed = 0
    log.warning("maintainers alerted: %s", problem.subject)
    return "sent"


def resolve(database: Database, key: str) -> None:
    """The problem under ``key`` has cleared: the next occurrence is alerted at once."""
    with database.session() as session:
        session.execute(delete(Alert).where(Alert.key == key))


def _mail(
    config: Config,
    problem: Problem,
    to: Sequence[str],
    now: datetime,
    transport: Transport,
) -> None:
    settings = mail_settings(config, need_sender=False)
    recipients = [Address(addr_spec=check_email(address)) for address in to]
    text = f"{problem.body}\n\n-- \nscr-digest, {config.board_name}\n"
    html = "<pre>" + _escape(text) + "</pre>"
    message = compose(
        subject=problem.subject,
        text=text,
        html=html,
        sender=settings.sender,
        recipients=recipients,
        message_id=make_message_id(settings.domain, "alert", problem.key),
        date=now,
        headers={"Auto-Submitted": "auto-generated"},
    )
    with transport:
        transport.send(message)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
