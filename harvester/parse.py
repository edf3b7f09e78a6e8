"""Listing page → review entries. Pure: text in, records out, no network and no database.

Entries are found by shape, not by markup: a heading-like line reading ``<date> – <area> – <title>``
starts an entry, and everything up to the next such line (or the next unrelated heading) belongs to
it. Inside an entry, lines opening with a known label start sections; anything else continues the
section before it, so text that merely looks like a label ("LA1 partnership: …") stays put.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from common.links import ascii_link
from common.text import clean_text
from harvester.lines import (
    Line,
    decode_html,
    page_lines,
    page_title,
    parse_document,
)
from harvester.records import BadEntry, ParsedPage, ReviewEntry, Section

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# "2016", "March 2014", "December 2014NSPCC …" (date glued to the area by markup)
DATE = re.compile(rf"^(?:(?P<month>{_MONTH_NAMES})\.?\s*)?(?P<year>(?:19|20)\d\d)(?!\d)", re.I)
# A dash between heading parts: en/em dashes always; a hyphen only with a space on at least one
# side, so "Stoke-on-Trent" stays one area while "Anonymous- Children P" splits.
PART_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+-\s*|\s*-\s+")
LEADING_SEPARATOR = re.compile(r"^\s*[-–—:,]?\s*")
MAX_HEADING_CHARS = 300

_LABEL_NAMES: tuple[tuple[str, str], ...] = (
    (
        "learning",
        r"key\s+issues|issues\s+identified|learning\s+themes|learning\s+focuses\s+on"
        r"|key\s+learning|learning",
    ),
    ("recommendations", r"recommendations\s+to\s+the\s+partnership|recommendations"),
    ("background", r"background"),
    ("response", r"response"),
    ("model", r"model|methodology"),
    ("keywords", r"keywords|key\s+words"),
)
# A label is one of the names, optionally followed by "include:"/"includes:", and always ends in a
# colon; a bare "includes:" is the learning label of some years.
LABEL = re.compile(
    r"^(?:(?P<name>"
    + "|".join(f"(?P<{canonical}>{names})" for canonical, names in _LABEL_NAMES)
    + r")\s*(?::\s*)?(?:(?:include|includes|included|focuses\s+on)\s*)?:|(?P<bare>includes?\s*:))",
    re.I,
)
MAKES_RECOMMENDATIONS = re.compile(r"^makes\s+recommendations\b", re.I)
REPORT_LINK_TEXT = re.compile(r"\b(read|view|download|report|review)\b", re.I)
LAST_UPDATED = re.compile(r"\blast\s+updated\s*:?\s*(?P<date>.{4,40})$", re.I)
MONTHLY_MARKERS = ("case reviews update", "new in the collection")


@dataclass
class _Heading:
    text: str
    link: str | None


@dataclass
class _Draft:
    heading: _Heading
    lines: list[Line] = field(default_factory=list)


def parse_page(body: bytes | str, url: str, content_type: str | None = None) -> ParsedPage:
    html = body if isinstance(body, str) else decode_html(body, content_type)
    document = parse_document(html)
    lines = page_lines(document)
    title = page_title(document)
    entries: list[ReviewEntry] = []
    bad: list[BadEntry] = []
    for draft in _split_entries(lines):
        result = _read_entry(draft, url)
        if isinstance(result, ReviewEntry):
            entries.append(result)
        else:
            bad.append(result)
    return ParsedPage(
        url=url,
        title=title,
        is_monthly_update=is_monthly_update(url, title, lines),
        last_updated=_last_updated(lines),
        entries=tuple(entries),
        bad=tuple(bad),
    )


def is_monthly_update(url: str, title: str | None, lines: Iterable[Line]) -> bool:
    """The source's "new in the collection" page, recognised by what it is, whatever the host."""
    if urlsplit(url).path.rstrip("/").endswith("monthly-case-reviews-update"):
        return True
    headings = [title or ""] + [line.text for line in lines if line.heading_level is not None]
    return any(marker in heading.lower() for heading in headings for marker in MONTHLY_MARKERS)


def _last_updated(lines: Iterable[Line]) -> str | None:
    for line in lines:
        if match := LAST_UPDATED.search(line.text):
            return match.group("date").strip(" .")
    return None


def _heading_like(line: Line) -> bool:
    """Could this line be an entry heading by its presentation (not yet by its words)?"""
    text = line.text
    if len(text) > MAX_HEADING_CHARS:
        return False
    if line.heading_level is not None or line.link is not None:
        return True
    # a bold line, or a paragraph whose bold opening is the date ("<b>2012</b>Westshire – …")
    prefix = line.bold_prefix
    return bool(prefix) and (prefix == text or bool(DATE.match(prefix)))


def _split_entries(lines: list[Line]) -> Iterable[_Draft]:
    draft: _Draft | None = None
    for line in lines:
        text = line.text
        starts_entry = _heading_like(line) and _is_entry_heading(text)
        if starts_entry:
            if draft is not None:
                yield draft
            draft = _Draft(_Heading(text, line.link))
            continue
        if draft is None:
            continue
        if _ends_entry(line):
            yield draft
            draft = None
            continue
        draft.lines.append(line)
    if draft is not None:
        yield draft


def _is_entry_heading(text: str) -> bool:
    match = DATE.match(text)
    if not match:
        return False
    rest = LEADING_SEPARATOR.sub("", text[match.end() :], count=1)
    # a bare year ("2024") is a panel title, not an entry
    return bool(rest) and rest[0].isalnum()


def _ends_entry(line: Line) -> bool:
    """Headings that are not labels (year panels, "Related resources") close the entry before."""
    if line.block in ("button", "summary"):
        return True
    return line.heading_level is not None and not LABEL.match(line.text)


def split_heading(text: str) -> tuple[int, int | None, str, str] | str:
    """``(year, month, area, title)`` from a heading, or the reason it cannot be read."""
    match = DATE.match(text)
    if not match:
        return "heading does not start with a year"
    year = int(match.group("year"))
    month = MONTHS[match.group("month").lower()] if match.group("month") else None
    rest = LEADING_SEPARATOR.sub("", text[match.end() :], count=1)
    parts = PART_SEPARATOR.split(rest, maxsplit=1)
    if len(parts) != 2:
        return f"heading {text!r} has no '<area> – <title>' parts after the date"
    area, title = (part.strip(" -–—,") for part in parts)
    if not area or not title:
        return f"heading {text!r} has an empty area or title"
    return year, month, area, title


def _is_report_link(line: Line) -> bool:
    return line.link is not None and bool(REPORT_LINK_TEXT.search(line.text))


def _keyword_list(text: str) -> tuple[str, ...]:
    separator = ";" if ";" in text else ","
    items = (item.strip().rstrip(".").strip() for item in text.split(separator))
    return tuple(item for item in items if item)


def _looks_like_keywords(text: str) -> bool:
    """An unlabelled closing line of an older entry: a short list of short phrases."""
    if len(text) > 300 or MAKES_RECOMMENDATIONS.match(text) or ". " in text.rstrip("."):
        return False
    items = _keyword_list(text)
    return len(items) >= 2 and all(len(item.split()) <= 6 for item in items)


def _read_entry(draft: _Draft, page_url: str) -> ReviewEntry | BadEntry:
    heading = draft.heading.text
    raw_text = "\n".join(line.text for line in draft.lines)
    parts = split_heading(heading)
    if isinstance(parts, str):
        return BadEntry(heading, raw_text, parts)
    year, month, area, title = parts

    report_url = ascii_link(draft.heading.link, page_url)
    content: list[Line] = []
    for line in draft.lines:
        if _is_report_link(line):
            report_url = report_url or ascii_link(line.link, page_url)
        elif line.link is not None and not line.text.strip(" >"):
            continue
        else:
            content.append(line)
    if not content:
        return BadEntry(heading, raw_text, "entry has a heading but no text")

    sections = _sections(content)
    by_field: dict[str, list[str]] = {}
    for section in sections:
        if section.field and section.text:
            by_field.setdefault(section.field, []).append(section.text)
    keywords: tuple[str, ...] = ()
    for text in by_field.pop("keywords", []):
        keywords += _keyword_list(text)

    def joined(name: str) -> str | None:
        texts = by_field.get(name)
        return "\n\n".join(texts) if texts else None

    return ReviewEntry(
        heading=heading,
        published_year=year,
        published_month=month,
        area=area,
        title=title,
        summary=joined("summary"),
        background=joined("background"),
        learning=joined("learning"),
        recommendations=joined("recommendations"),
        response=joined("response"),
        model=joined("model"),
        keywords=keywords,
        report_url=report_url,
        sections=tuple(sections),
    )


def _label(line: Line) -> tuple[str, str | None, str] | None:
    """``(label as printed, canonical field, text after it)`` when the line opens a section."""
    text = line.text
    match = LABEL.match(text)
    if match:
        canonical = (
            "learning"
            if match.group("bare")
            else next(name for name, _ in _LABEL_NAMES if match.group(name))
        )
        return match.group(0).strip(), canonical, text[match.end() :].strip()
    # a bold "Something:" opening a line is a label we do not know yet: keep it as a section of
    # its own rather than folding it into the one before
    prefix = line.bold_prefix
    if prefix.endswith(":") and 1 < len(prefix) <= 40 and text.startswith(prefix):
        return prefix, None, text[len(prefix) :].strip()
    return None


def _sections(content: list[Line]) -> list[Section]:
    has_keyword_label = any(
        (label := _label(line)) is not None and label[1] == "keywords" for line in content
    )
    last = len(content) - 1
    sections: list[tuple[str | None, str | None, list[str]]] = []
    for index, line in enumerate(content):
        text = line.text
        label = _label(line)
        if label is not None:
            sections.append((label[0], label[1], [label[2]] if label[2] else []))
        elif MAKES_RECOMMENDATIONS.match(text):
            sections.append((None, "recommendations", [text]))
        elif (
            index == last
            and index > 0
            and not has_keyword_label
            # A label printed on a line of its own ("<p><b>Background:</b></p><p>…</p>") is
            # still waiting for its text: a short closing line with commas is that text, not
            # an unlabelled keyword list (found by tests/test_properties.py).
            and not (sections and sections[-1][0] is not None and not sections[-1][2])
            and _looks_like_keywords(text)
        ):
            sections.append((None, "keywords", [text]))
        elif not sections:
            sections.append((None, "summary", [text]))
        else:
            sections[-1][2].append(text)
    return [
        Section(
            label,
            canonical,
            clean_text(" ".join(texts)) if canonical == "keywords" else "\n\n".join(texts),
        )
        for label, canonical, texts in sections
    ]
