"""Parsed entries → review rows: one row per review however many pages show it, edits recorded."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.fields import STORED_FIELDS
from db import Database, Page, QuarantinedEntry, Review, ReviewChange, RobotsFile, utcnow
from harvester.records import BadEntry, ReviewEntry

ROBOTS_MAX_AGE = timedelta(hours=24)
_NOT_WORD = re.compile(r"[^\w]+")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def text_key(entry: ReviewEntry) -> str:
    return f"{entry.published_year}|{_normalise(entry.area)}|{_normalise(entry.title)}"


def review_key(entry: ReviewEntry) -> str:
    """The report's path when there is one, else year|area|title.

    The path, not the whole URL: the NSPCC has moved its collection between hosts, and a mirror
    or test server serves the same reports under another host; neither makes a new review.
    """
    if entry.report_url:
        parts = urlsplit(entry.report_url)
        path = parts.path.rstrip("/").lower()
        return "url:" + path + (f"?{parts.query}" if parts.query else "")
    return "text:" + text_key(entry)


@dataclass
class EntryCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0

    def add(self, other: EntryCounts) -> None:
        for name in ("new", "updated", "unchanged", "quarantined"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RunMemory:
    """What this run has stored so far, so a review on two pages is written once."""

    run_id: int
    seen: set[int] = field(default_factory=set)


def _find(session: Session, entry: ReviewEntry, memory: RunMemory) -> Review | None:
    key = review_key(entry)
    review = session.scalar(select(Review).where(Review.review_key == key))
    if review is not None:
        return review
    # Same year/area/title under another key: the report link was added, removed or moved.
    # Never adopt a row this run already matched, or two distinct reviews would merge.
    candidates = session.scalars(select(Review).where(Review.text_key == text_key(entry))).all()
    for candidate in candidates:
        if candidate.id not in memory.seen:
            return candidate
    return None


def upsert_entries(
    session: Session,
    entries: tuple[ReviewEntry, ...],
    *,
    source_url: str,
    baseline: bool,
    memory: RunMemory,
    now: datetime | None = None,
) -> EntryCounts:
    """Store a page's entries. ``baseline`` entries are kept but never announced."""
    now = now or utcnow()
    counts = EntryCounts()
    for entry in entries:
        review = _find(session, entry, memory)
        values = entry.fields()
        digest = entry.content_hash()
        if review is None:
            review = Review(
                review_key=review_key(entry),
                text_key=text_key(entry),
                source_url=source_url,
                content_hash=digest,
                baseline=baseline,
                first_seen_at=now,
                last_seen_at=now,
                first_run_id=memory.run_id,
                **values,
            )
            session.add(review)
            session.flush()
            counts.new += 1
        elif review.id in memory.seen:
            # seen earlier in this run on another page: the first page's version stands
            if not baseline and review.first_run_id == memory.run_id:
                review.baseline = False
            counts.unchanged += 1
        elif review.content_hash == digest:
            review.last_seen_at = now
            counts.unchanged += 1
        else:
            changed = [name for name in STORED_FIELDS if getattr(review, name) != values[name]]
            previous = {name: getattr(review, name) for name in changed}
            for name in changed:
                setattr(review, name, values[name])
            review.review_key = review_key(entry)
            review.text_key = text_key(entry)
            review.content_hash = digest
            review.last_seen_at = review.updated_at = now
            review.changes.append(
                ReviewChange(
                    run_id=memory.run_id, changed_at=now, fields=changed, previous=previous
                )
            )
            counts.updated += 1
        memory.seen.add(review.id)
    return counts


def replace_quarantine(
    session: Session, page_url: str, bad: tuple[BadEntry, ...], now: datetime | None = None
) -> int:
    """Keep exactly the page's current unreadable entries, remembering when each was first met."""
    now = now or utcnow()
    existing = {
        row.fingerprint: row
        for row in session.scalars(
            select(QuarantinedEntry).where(QuarantinedEntry.page_url == page_url)
        )
    }
    current = {entry.fingerprint(): entry for entry in bad}
    for fingerprint, row in existing.items():
        if fingerprint not in current:
            session.delete(row)
    for fingerprint, entry in current.items():
        known = existing.get(fingerprint)
        if known is None:
            session.add(
                QuarantinedEntry(
                    page_url=page_url,
                    fingerprint=fingerprint,
                    heading=entry.heading,
                    raw_text=entry.raw_text,
                    reason=entry.reason,
                    first_seen_at=now,
                    last_seen_at=now,
                )
            )
        else:
            known.last_seen_at = now
            known.reason = entry.reason
    return len(current)


def get_page(session: Session, url: str) -> Page:
    page = session.scalar(select(Page).where(Page.url == url))
    if page is None:
        page = Page(url=url)
        session.add(page)
        session.flush()
    return page


class DatabaseRobotsCache:
    """robots.txt kept for a day in the database, as RFC 9309 allows."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, robots_url: str) -> tuple[int, str] | None:
        with self._database.session() as session:
            row = session.scalar(select(RobotsFile).where(RobotsFile.url == robots_url))
            if row is None or utcnow() - row.fetched_at > ROBOTS_MAX_AGE:
                return None
            return row.status, row.body

    def put(self, robots_url: str, status: int, body: str) -> None:
        with self._database.session() as session:
            row = session.scalar(select(RobotsFile).where(RobotsFile.url == robots_url))
            if row is None:
                session.add(RobotsFile(url=robots_url, status=status, body=body))
            else:
                row.status, row.body, row.fetched_at = status, body, utcnow()
