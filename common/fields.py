"""The canonical review fields: what the parser maps the source's labels onto, what is stored,
and how a label is shown."""

from __future__ import annotations

import re

from common.text import strip_invisible

# The labelled text sections a review can have, in the order the source prints them.
TEXT_FIELDS = ("summary", "background", "learning", "recommendations", "response", "model")
# What the harvester stores for a review entry (and compares to see whether it changed).
STORED_FIELDS = (
    "published_year",
    "published_month",
    "area",
    "title",
    *TEXT_FIELDS,
    "keywords",
    "report_url",
    "sections",
)
# What ``reviews list/show --format json`` give for a review, in this order.
REVIEW_FIELDS = (
    "id",
    "published_year",
    "published_month",
    "area",
    "title",
    *TEXT_FIELDS,
    "keywords",
    "report_url",
    "source_url",
    "first_seen_at",
    "baseline",
)
_LABEL_TAIL = re.compile(r"(?:\s*:)?(?:(?:^|\s+)includes?)?\s*:?\s*$", re.I)


def shown_label(label: object) -> str:
    """A label as printed by the source, without its own words: "Key issues include:" is shown
    "Key issues", "includes:" nothing; capitalised."""
    text = _LABEL_TAIL.sub("", strip_invisible(label).strip())
    return text[:1].upper() + text[1:]
