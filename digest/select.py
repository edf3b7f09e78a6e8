"""Which reviews a month's digest announces, and which recipients a bulletin goes to. Pure.

architecture.md: a review is announced once, in the first digest drafted after it was first
seen; the baseline (what the first harvest found, bar the monthly update page) never. A review a
digest already holds, included or excluded, is not offered again (the database enforces it too:
``digest_item.review_id`` is unique).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from common.months import Month


@dataclass(frozen=True)
class Candidate:
    review_id: int
    published_year: int
    published_month: int | None
    area: str
    title: str
    first_seen_at: datetime
    baseline: bool
    in_digest: str | None = None  # the month of the digest that already holds it


def reviews_to_add(candidates: Iterable[Candidate], month: Month) -> list[int]:
    """Reviews the month's digest should take on now, in bulletin order.

    Not baseline, in no digest yet, and first seen before the month ended: a review found
    later belongs to a later month's digest even if that month's draft is refreshed late.
    Order: newest publication first, then area and title, as the source lists them.
    """
    chosen = [
        c
        for c in candidates
        if not c.baseline and c.in_digest is None and c.first_seen_at < month.end
    ]
    chosen.sort(
        key=lambda c: (
            -c.published_year,
            -(c.published_month or 0),
            c.area.casefold(),
            c.title.casefold(),
            c.review_id,
        )
    )
    return [c.review_id for c in chosen]


def normalise_keyword(term: str) -> str:
    return " ".join(term.casefold().replace("’", "'").split()).strip(" .;,")


def filter_matches(filter_terms: Sequence[str], review_keywords: Iterable[Sequence[str]]) -> bool:
    """Does a recipient's keyword filter match at least one review? No filter matches all.

    A term matches a review keyword it equals or appears in as whole words, ignoring case:
    "neglect" matches "neglect" and "chronic neglect", not "neglected".
    """
    terms = [normalise_keyword(term) for term in filter_terms if normalise_keyword(term)]
    if not terms:
        return True
    patterns = [re.compile(rf"(?<!\w){re.escape(term)}(?!\w)") for term in terms]
    for keywords in review_keywords:
        for keyword in keywords:
            normalised = normalise_keyword(keyword)
            if any(pattern.search(normalised) for pattern in patterns):
                return True
    return False
