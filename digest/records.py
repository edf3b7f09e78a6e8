"""Plain records the digest stage works on: a month, a review as the bulletin shows it, a bulletin.

No I/O and no database here: ``Entry.from_review`` reads any object with a review's attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Characters that print as nothing but reorder or disguise text: controls (tab and newline
# aside; a carriage return lets text overwrite a terminal line), the soft hyphen, bidi
# embeddings/overrides/isolates/marks (U+202E shows "fdp.exe" as "exe.pdf"), zero-width
# characters, the BOM, tag characters, fillers. The one list for everything digest, the console
# and the command print. The harvester drops the same when it scrapes (harvester.lines.INVISIBLE,
# a copy: digest and harvester never import each other); this catches rows stored before that
# and anything typed in.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064"
    "\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff]"
)
_LABEL_TAIL = re.compile(r"(?:\s*:)?(?:(?:^|\s+)includes?)?\s*:?\s*$", re.I)


def clean(text: object) -> str:
    """Scraped or typed text made safe to print: control characters gone, spaces trimmed."""
    return INVISIBLE.sub("", "" if text is None else str(text)).strip()


def web_link(url: object) -> str | None:
    """The address if it is an http(s) link with a host; anything else is never a link."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}"
_EMAIL = re.compile(rf"{_LOCAL}@{_DOMAIN}")


def check_email(value: object) -> str:
    """An email address as mail servers take it (plain ASCII, a dotted domain), trimmed.

    Raises ValueError saying what is wrong; the address is part of the message.
    """
    text = clean(value)
    if not text:
        raise ValueError("no email address")
    if len(text) > 254 or not _EMAIL.fullmatch(text) or len(text.split("@")[0]) > 64:
        raise ValueError(f"{text!r} is not a valid email address")
    return text


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise ValueError(f"no such month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"expected YYYY-MM, for example 2026-11; got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, moment: datetime) -> Month:
        moment = moment.astimezone(UTC)
        return cls(moment.year, moment.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the month (UTC)."""
        return self.following().start

    def following(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)


@dataclass(frozen=True)
class Section:
    label: str | None  # None: the text stands alone ("Makes recommendations …")
    text: str


@dataclass(frozen=True)
class Entry:
    """One review as the bulletin shows it."""

    review_id: int
    heading: str  # <year> – <area> – <title>
    summary: str | None
    sections: tuple[Section, ...]
    keywords: tuple[str, ...]
    learning: str | None = None
    report_url: str | None = None  # http(s) only

    @classmethod
    def from_review(cls, review: Any) -> Entry:
        """Background, learning, recommendations, response, model, any section of its own, keywords.

        Learning and recommendations keep the label the source printed ("Key issues",
        "Learning themes", "Recommendations to the partnership"), without a trailing
        "include:"; the others get their canonical label.
        """
        published = {
            item.get("field"): item.get("label")
            for item in reversed(list(review.sections or []))
            if isinstance(item, Mapping)
        }
        sections: list[Section] = []

        def add(field_name: str, default_label: str) -> None:
            text = clean(getattr(review, field_name))
            if not text:
                return
            label: str | None = default_label
            if field_name in ("learning", "recommendations"):
                if field_name in published and published[field_name] is None:
                    label = None  # "Makes recommendations …": a sentence of its own
                else:
                    label = _label(published.get(field_name)) or default_label
            sections.append(Section(label, text))

        add("background", "Background")
        add("learning", "Learning")
        add("recommendations", "Recommendations")
        add("response", "Response")
        add("model", "Model")
        for item in review.sections or []:
            if isinstance(item, Mapping) and item.get("field") is None and clean(item.get("text")):
                sections.append(Section(_label(item.get("label")) or None, clean(item["text"])))
        keywords = tuple(k for k in (clean(k) for k in review.keywords or []) if k)
        if keywords:
            sections.append(Section("Keywords", ", ".join(keywords)))
        heading = f"{review.published_year} – {clean(review.area)} – {clean(review.title)}"
        return cls(
            review_id=review.id,
            heading=heading,
            summary=clean(review.summary) or None,
            sections=tuple(sections),
            keywords=keywords,
            learning=clean(review.learning) or None,
            report_url=web_link(review.report_url),
        )


def _label(label: object) -> str:
    text = _LABEL_TAIL.sub("", clean(label))
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Link:
    title: str
    url: str

    @classmethod
    def parse_all(cls, entries: Iterable[str]) -> tuple[Link, ...]:
        """Settings entries "Title https://address" (a "|" before the address is allowed)."""
        links = []
        for entry in entries:
            title, _, url = clean(entry).rpartition(" ")
            title = title.strip().rstrip("|").strip()
            if title and web_link(url):
                links.append(cls(title, url))
        return tuple(links)


@dataclass(frozen=True)
class Bulletin:
    board_name: str
    month: Month
    intro: str
    entries: tuple[Entry, ...]
    national_summaries: tuple[Link, ...] = ()
    survey_url: str | None = None
    cpd_note: str = ""
    contact_details: str | None = None


@dataclass(frozen=True)
class DraftNotes:
    """What the board office needs beside the preview: what is in, what is out, what to run."""

    status: str
    included: tuple[tuple[int, str], ...]  # (review id, heading)
    excluded: tuple[tuple[int, str], ...]
    commands: tuple[tuple[str, str], ...]  # (what it does, the command)
    warnings: tuple[str, ...] = field(default_factory=tuple)
    console_link: str | None = None  # signed link to the draft in the web console
    console_link_days: int = 0  # how long that link stays valid


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str
