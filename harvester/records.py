"""Plain records the parser hands to the store: no I/O, no database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """One section of an entry as published: its label (None when unlabelled) and its text."""

    label: str | None
    field: str | None
    text: str


@dataclass(frozen=True)
class ReviewEntry:
    heading: str
    published_year: int
    published_month: int | None
    area: str
    title: str
    summary: str | None = None
    background: str | None = None
    learning: str | None = None
    recommendations: str | None = None
    response: str | None = None
    model: str | None = None
    keywords: tuple[str, ...] = ()
    report_url: str | None = None
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def fields(self) -> dict[str, Any]:
        """The stored fields, in the shape the database and JSON output use."""
        data = asdict(self)
        del data["heading"]
        data["keywords"] = list(self.keywords)
        data["sections"] = [asdict(section) for section in self.sections]
        return data

    def content_hash(self) -> str:
        encoded = json.dumps(self.fields(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BadEntry:
    """An entry-shaped piece of a page that could not be read as a review."""

    heading: str
    raw_text: str
    reason: str

    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.heading}\n{self.raw_text}".encode()).hexdigest()


@dataclass(frozen=True)
class ParsedPage:
    url: str
    title: str | None
    is_monthly_update: bool
    last_updated: str | None
    entries: tuple[ReviewEntry, ...]
    bad: tuple[BadEntry, ...]
