"""What the bulletin takes from insight: themes, agencies addressed, "made before", per draft.

Read from the tables ``insight`` writes (``db.queries.review_insights``), never from ``insight``
itself. The opening paragraph is the draft's: generated from its reviews' themes and learning
(``auto``), the board office's own text (``custom``) or left out (``none``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy.orm import object_session

from common.months import Month
from common.text import strip_invisible
from config import Config
from db import Database, Digest
from db.queries import review_insights
from db.statuses import DigestStatus
from digest.records import Bulletin, Entry
from digest.render import opening_paragraph, render
from digest.state import DigestError, find_digest, frozen

MODES = ("auto", "custom", "none")


def entries_for(digest: Digest) -> tuple[Entry, ...]:
    """The digest's included reviews as the bulletin shows them, with their insight."""
    reviews = digest.included_reviews
    session = object_session(digest)
    found = review_insights(session, [r.id for r in reviews]) if session and reviews else {}
    return tuple(
        Entry.from_review(r).with_insight(found[r.id]) if r.id in found else Entry.from_review(r)
        for r in reviews
    )


@dataclass(frozen=True)
class ThemeFields:
    """``Bulletin`` fields for the opening paragraph and the "made before" line."""

    theme_mode: str
    theme_text: str | None
    made_before_in_bulletin: bool

    @classmethod
    def of(cls, digest: Digest, config: Config) -> ThemeFields:
        return cls(digest.theme_mode or "auto", digest.theme_text, config.made_before_in_bulletin)


def agency_variants(bulletin: Bulletin, unsubscribe_url: str) -> dict[str, dict[str, str]]:
    """Each agency type's copy (its reviews first and marked), for every agency the bulletin's
    reviews address: ``{agency id: {"html": ..., "text": ...}}``."""
    agencies = dict.fromkeys(a for entry in bulletin.entries for a in entry.agency_ids)
    variants = {}
    for agency in agencies:
        copy = render(
            dataclasses.replace(bulletin, agency_type=agency), unsubscribe_url=unsubscribe_url
        )
        variants[agency] = {"html": copy.html, "text": copy.text}
    return variants


@dataclass(frozen=True)
class Themes:
    month: str
    mode: str  # auto | custom | none
    text: str | None  # the paragraph the bulletin carries (None: none)
    generated: str | None  # what "auto" gives


def themes(database: Database, month: Month | None) -> Themes:
    """The draft's opening paragraph, and what the generated one would say."""
    with database.session() as session:
        digest = find_digest(session, month)
        entries = entries_for(digest)
        mode, text = digest.theme_mode or "auto", digest.theme_text
        generated = opening_paragraph("auto", None, entries)
        return Themes(digest.month, mode, opening_paragraph(mode, text, entries), generated)


def set_themes(
    database: Database,
    month: Month | None,
    mode: str,
    text: str | None = None,
    *,
    zone: str,
) -> Themes:
    """Set a draft's opening paragraph: ``custom`` with ``text``, ``auto`` or ``none``
    (``zone``: the board's time zone, for the refusal of an approved digest)."""
    if mode not in MODES:
        raise DigestError(f"the opening paragraph is auto, custom or none, not {mode!r}")
    if mode == "custom":
        text = " ".join(strip_invisible(text).split())
        if not text:
            raise DigestError(
                "the opening paragraph is empty; use --none to leave it out or --auto for the "
                "generated one"
            )
    with database.session() as session:
        digest = find_digest(session, month)
        if digest.status != DigestStatus.DRAFT:
            raise frozen(digest, zone)
        digest.theme_mode = mode
        digest.theme_text = text if mode == "custom" else None
        found = digest.month
    return themes(database, Month.parse(found))
