"""Recommendations as single items (pure): from the listing's text and the report's numbered list.

The listing joins its recommendations with semicolons ("Recommendations include: a; b; and
c") or numbers them; a paragraph without either is one item, as is an older entry's "Makes
recommendations …" summary. The report's list is already one recommendation per entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from common.text import clean_text

LISTING = "listing"
REPORT = "report"
SOURCES = (LISTING, REPORT)

_NUMBERED = re.compile(r"(?:^|(?<=[\s;:.]))(?:\(?\d{1,2}[.)]|\([a-z]\)|[a-z]\))\s+")
_LEAD = re.compile(r"^(?:and|or|also|that)\s+", re.I)
_TRAILING = re.compile(r"[\s;,.:]+$")
MIN_CHARS = 12  # a fragment shorter than this is not a recommendation ("etc.", "and")


@dataclass(frozen=True)
class Item:
    source: str  # listing | report
    position: int  # 1-based, per source
    text: str


def _tidy(part: str) -> str:
    text = _TRAILING.sub("", _LEAD.sub("", clean_text(part)))
    return text[:1].upper() + text[1:]


def split_listing(text: str | None) -> list[str]:
    """The listing's recommendations paragraph as single recommendations."""
    text = clean_text(text or "")
    if not text:
        return []
    if len(_NUMBERED.findall(text)) >= 2:
        parts = _NUMBERED.split(text)
    elif ";" in text:
        parts = text.split(";")
    else:
        parts = [text]
    items = [_tidy(part) for part in parts]
    return [item for item in items if len(item) >= MIN_CHARS]


def review_items(listing: str | None, report: Iterable[str] = ()) -> list[Item]:
    """Items from both sources, numbered per source, in the order published."""
    found = [Item(LISTING, n, text) for n, text in enumerate(split_listing(listing), start=1)]
    report_texts = [_tidy(str(text)) for text in report]
    found += [
        Item(REPORT, n, text)
        for n, text in enumerate((t for t in report_texts if len(t) >= MIN_CHARS), start=1)
    ]
    return found
