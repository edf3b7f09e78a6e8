"""GOV.UK Search and Content API answers into publication records: pure, no I/O.

``parse_search`` reads one page of ``/api/search.json`` into results and the malformed ones
(quarantined with the reason); ``parse_content`` reads ``/api/content{link}`` into a
``PublicationRecord`` with its attachments; ``publication_kind`` names what a publication is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

from common.text import clean_text
from harvester.records import BadEntry

SEARCH_FIELDS = (
    "title",
    "description",
    "link",
    "public_timestamp",
    "format",
    "display_type",
    "content_store_document_type",
    "organisations",
)
KINDS = ("national_review", "annual_report", "briefing", "research", "other")


class AnswerUnreadable(Exception):
    """The API's answer is not the JSON shape we expect (the whole answer, not one result)."""


@dataclass(frozen=True)
class SearchResult:
    link: str  # the base path, e.g. /government/publications/x
    title: str
    description: str
    public_timestamp: str
    document_type: str | None
    display_type: str | None


@dataclass(frozen=True)
class SearchPage:
    results: tuple[SearchResult, ...]
    bad: tuple[BadEntry, ...]
    total: int
    start: int

    @property
    def found(self) -> int:
        return len(self.results) + len(self.bad)


@dataclass(frozen=True)
class AttachmentRecord:
    url: str  # absolute
    title: str
    content_type: str | None
    filename: str | None
    pages: int | None

    @property
    def is_pdf(self) -> bool:
        return (self.content_type or "").startswith("application/pdf") or (
            self.url.lower().split("?", 1)[0].endswith(".pdf")
        )


@dataclass(frozen=True)
class PublicationRecord:
    base_path: str
    title: str
    description: str
    public_timestamp: str
    kind: str
    document_type: str | None
    attachments: tuple[AttachmentRecord, ...] = field(default_factory=tuple)


def _load(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswerUnreadable(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise AnswerUnreadable("not a JSON object")
    return data


def _text(value: object) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def _timestamp_ok(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def parse_search(body: bytes) -> SearchPage:
    """One page of search results; raises AnswerUnreadable when it has no ``results`` list."""
    data = _load(body)
    results = data.get("results")
    if not isinstance(results, list):
        raise AnswerUnreadable("no results list in the answer")
    good: list[SearchResult] = []
    bad: list[BadEntry] = []
    for raw in results:
        if not isinstance(raw, dict):
            bad.append(BadEntry("(not an object)", json.dumps(raw)[:2000], "not a JSON object"))
            continue
        link, title = _text(raw.get("link")), _text(raw.get("title"))
        timestamp = _text(raw.get("public_timestamp"))
        missing = [
            name
            for name, ok in (
                ("link", link.startswith("/")),
                ("title", bool(title)),
                ("public_timestamp", _timestamp_ok(timestamp)),
            )
            if not ok
        ]
        if missing:
            reason = "missing or unreadable: " + ", ".join(missing)
            raw_text = json.dumps(raw, sort_keys=True, ensure_ascii=False)[:2000]
            bad.append(BadEntry(title or link or "(untitled result)", raw_text, reason))
            continue
        good.append(
            SearchResult(
                link=link,
                title=title,
                description=_text(raw.get("description")),
                public_timestamp=timestamp,
                document_type=_text(raw.get("content_store_document_type")) or None,
                display_type=_text(raw.get("display_type")) or None,
            )
        )
    total, start = data.get("total"), data.get("start")
    return SearchPage(
        tuple(good),
        tuple(bad),
        total if isinstance(total, int) else len(results),
        start if isinstance(start, int) else 0,
    )


def publication_kind(document_type: str | None, display_type: str | None, title: str) -> str:
    """One of KINDS, from the document type, the display type and the title's words."""
    words = f"{title} {display_type or ''}".lower()
    kind_of_doc = (document_type or "").lower()
    if "annual report" in words:
        return "annual_report"
    if "national review" in words or "thematic review" in words:
        return "national_review"
    if "briefing" in words:
        return "briefing"
    if kind_of_doc in ("research", "official_statistics", "national_statistics") or any(
        word in words for word in ("analysis", "research", "statistics")
    ):
        return "research"
    if kind_of_doc == "independent_report" and "review" in words:
        return "national_review"
    return "other"


def parse_content(body: bytes, base_url: str, result: SearchResult) -> PublicationRecord:
    """The Content API's item for ``result``; the search result fills what the item lacks."""
    data = _load(body)
    details = data.get("details") if isinstance(data.get("details"), dict) else {}
    assert isinstance(details, dict)
    attachments: list[AttachmentRecord] = []
    raw_attachments = details.get("attachments")
    for raw in raw_attachments if isinstance(raw_attachments, list) else []:
        if not isinstance(raw, dict) or not _text(raw.get("url")):
            continue
        pages = raw.get("number_of_pages")
        attachments.append(
            AttachmentRecord(
                url=urljoin(base_url + "/", _text(raw.get("url"))),
                title=_text(raw.get("title")) or _text(raw.get("filename")),
                content_type=_text(raw.get("content_type")) or None,
                filename=_text(raw.get("filename")) or None,
                pages=pages if isinstance(pages, int) else None,
            )
        )
    title = _text(data.get("title")) or result.title
    document_type = _text(data.get("document_type")) or result.document_type
    return PublicationRecord(
        base_path=result.link,
        title=title,
        description=_text(data.get("description")) or result.description,
        public_timestamp=result.public_timestamp,
        kind=publication_kind(document_type, result.display_type, title),
        document_type=document_type,
        attachments=tuple(attachments),
    )


def published_date(timestamp: str) -> date:
    """The calendar date GOV.UK shows for a ``public_timestamp`` (its own offset's date)."""
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).date()


def fingerprint(record: PublicationRecord) -> str:
    encoded = json.dumps(
        [record.title, record.description, record.public_timestamp, record.kind], sort_keys=True
    )
    return hashlib.sha256(encoded.encode()).hexdigest()
