"""What drafting and sending both read: finding a digest, its reviews, its frozen content.

``DigestError`` is the workflow's refusal; its message says why and what to do instead.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.months import Month
from common.times import shown
from config import Config
from db import Digest
from digest.records import Rendered
from mail.settings import MailSettings, MailSettingsError, mail_settings

EXAMPLE_TOKEN = "YOUR-PERSONAL-TOKEN"


class DigestError(Exception):
    """A request the workflow refuses; the message says why and what to do instead."""


def settings(config: Config, *, need_sender: bool = True) -> MailSettings:
    """``mail_settings``, a bad setting refused as the workflow refuses anything."""
    try:
        return mail_settings(config, need_sender=need_sender)
    except MailSettingsError as exc:
        raise DigestError(str(exc)) from None


def example_link(config: Config) -> str:
    return settings(config, need_sender=False).unsubscribe_link(EXAMPLE_TOKEN)


def find_digest(session: Session, month: Month | None) -> Digest:
    if month is None:
        digest = session.scalar(select(Digest).order_by(Digest.month.desc()).limit(1))
        if digest is None:
            raise DigestError("there is no digest yet: run scr-digest digest draft")
        return digest
    digest = session.scalar(select(Digest).where(Digest.month == str(month)))
    if digest is None:
        raise DigestError(
            f"there is no digest for {month}: run scr-digest digest draft --month {month}"
        )
    return digest


def frozen(digest: Digest, zone: str) -> DigestError:
    """The refusal to change an approved digest; ``zone``: the board's time zone."""
    return DigestError(
        f"the {digest.month} digest was approved on {shown(digest.approved_at, zone)} and is "
        "frozen: "
        "partners receive exactly what was approved, so it cannot be changed any more"
    )


@dataclass(frozen=True)
class Frozen:
    """What approval stored; ``personal(link)`` is one recipient's copy."""

    subject: str
    html: str
    text: str
    placeholder: str
    variants: dict[str, dict[str, str]] = field(default_factory=dict)  # per agency type

    @classmethod
    def of(cls, digest: Digest) -> Frozen:
        assert digest.subject and digest.html and digest.text and digest.unsubscribe_placeholder
        return cls(
            digest.subject,
            digest.html,
            digest.text,
            digest.unsubscribe_placeholder,
            dict(digest.variants or {}),
        )

    def for_agency(self, agency_type: str | None) -> Frozen:
        """The copy for a recipient of ``agency_type``: its reviews first and marked (the
        common copy when none of the bulletin's reviews address that agency)."""
        variant = self.variants.get(agency_type or "")
        if variant is None:
            return self
        return replace(self, html=variant["html"], text=variant["text"], variants={})

    def personal(
        self, link: str, feedback: str | None = None, reports: str | None = None
    ) -> Rendered:
        """``feedback``/``reports``: the recipient's feedback link and report link prefix."""
        html, text = self.html, self.text
        for placeholder, value in (
            (feedback_placeholder(self.placeholder), feedback),
            (report_placeholder(self.placeholder), reports),
            (self.placeholder, link),
        ):
            if value is not None:
                html = html.replace(placeholder, html_lib.escape(value, quote=True))
                text = text.replace(placeholder, value)
        return Rendered(self.subject, html, text)


def feedback_placeholder(placeholder: str) -> str:
    """Stands for the recipient's feedback link in an approved bulletin."""
    return placeholder.replace("-unsubscribe-", "-feedback-")


def report_placeholder(placeholder: str) -> str:
    """Stands for the recipient's report link prefix (``…/<review id>`` follows)."""
    return placeholder.replace("-unsubscribe-", "-report-")
