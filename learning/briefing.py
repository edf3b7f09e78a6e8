"""Seven-minute briefings: one page a team manager runs in a team meeting, drafted from a review.

Fixed sections (``SECTIONS``). Each section is plain text the board office can edit in the
console: paragraphs separated by blank lines, list items on lines starting with "- ". Edits are
kept per review (``briefing`` table); a section never edited is drafted afresh from the review.

What is chosen elsewhere comes in as plain data (``BriefingInput``): the review's themes and
the agencies its recommendations address (stored by insight), the questions for reflection
(from insight's question bank), the local procedure links (config). Rendering is pure: HTML
that prints on one A4 page, and a Word document (python-docx) that Word and LibreOffice open.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session

from common.links import ascii_link, web_link
from common.text import strip_invisible
from db import Database, Review, utcnow
from db.models import Briefing as BriefingRow
from db.queries import recommendation_items, review_insights

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("html", "docx")
WHAT_HAPPENED = "What happened"
WHY = "Why it matters"
LEARNING = "Key learning"
PRACTICE = "What it means for practice"
QUESTIONS = "Questions for reflection"
MORE = "Find out more"
SECTIONS = (WHAT_HAPPENED, WHY, LEARNING, PRACTICE, QUESTIONS, MORE)
MAX_SECTION = 4000  # characters: a briefing is one page


class BriefingError(Exception):
    """A briefing that cannot be made or saved; the message says why."""


@dataclass(frozen=True)
class BriefingInput:
    """The review and what insight and the config say about it."""

    review_id: int
    heading: str  # "2016 – Westshire – Child H"
    summary: str | None
    background: str | None
    learning: str | None
    report_url: str | None
    themes: tuple[str, ...] = ()  # display names
    made_before: tuple[str, ...] = ()  # "2016, Westshire – Child H"
    practice: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (agencies, recommendations)
    questions: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # local procedures: (title, address)


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list of items."""

    text: str = ""
    items: tuple[str, ...] = ()
    links: tuple[tuple[str, str | None], ...] = ()  # for "Title https://…" items


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Briefing:
    review_id: int
    heading: str
    sections: tuple[Section, ...]
    edited: tuple[str, ...] = field(default=())  # the sections the board office changed

    def text(self, title: str) -> str:
        return "\n\n".join(
            b.text if not b.items else "\n".join(f"- {item}" for item in b.items)
            for section in self.sections
            if section.title == title
            for b in section.blocks
        )


def _clean(text: str | None) -> str:
    return " ".join(strip_invisible(text).split())


def _points(text: str | None) -> list[str]:
    """A learning text as separate points: split at semicolons and sentence ends."""
    parts = re.split(r";\s+|(?<=[a-z0-9)])\.\s+(?=[A-Z])", strip_invisible(text).strip())
    points = [_clean(part).strip(" .;") for part in parts]
    return [p[:1].upper() + p[1:] + "." for p in points if p]


def drafted(data: BriefingInput) -> dict[str, str]:
    """Each section's text as first drafted from the review (before any edit)."""
    happened = "\n\n".join(t for t in (_clean(data.summary), _clean(data.background)) if t)
    why: list[str] = []
    if data.themes:
        why.append("This review is about " + _series([_lower(t) for t in data.themes]) + ".")
    if data.made_before:
        count = len(data.made_before)
        why.append(
            f"Similar recommendations were made before, in {count} earlier "
            f"review{'s' if count > 1 else ''}:\n"
            + "\n".join(f"- {line}" for line in data.made_before)
        )
    elif data.themes:
        why.append("No earlier review in the collection made a similar recommendation.")
    practice = []
    for agencies, items in data.practice:
        practice.append(f"For {agencies}:\n" + "\n".join(f"- {_clean(item)}" for item in items))
    links = [f"- Overview report {data.report_url}"] if data.report_url else []
    links += [f"- {_clean(title)} {url}" for title, url in data.links]
    return {
        WHAT_HAPPENED: happened or "The listing gives no summary; see the overview report.",
        WHY: "\n\n".join(why) or "The review has no themes recorded yet.",
        LEARNING: "\n".join(f"- {point}" for point in _points(data.learning))
        or "The listing gives no learning; see the overview report.",
        PRACTICE: "\n\n".join(practice) or "The review lists no recommendations.",
        QUESTIONS: "\n".join(f"- {_clean(q)}" for q in data.questions),
        MORE: "\n".join(links) or "The listing links no report.",
    }


def _lower(name: str) -> str:
    return name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]


def _series(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    joiner = "; " if any("," in item for item in items) else ", "
    return joiner.join(items[:-1]) + (";" if joiner == "; " else "") + " and " + items[-1]


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Plain text → paragraphs and lists ("- " items); "Title https://…" items become links."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", strip_invisible(text).strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        paragraph = [line for line in lines if not line.startswith(("- ", "* "))]
        items = [line[2:].strip() for line in lines if line.startswith(("- ", "* "))]
        if paragraph:
            blocks.append(Block(text=" ".join(paragraph)))
        if items:
            links = []
            for item in items:
                title, _, url = item.rpartition(" ")
                links.append((title, ascii_link(url)) if title and web_link(url) else (item, None))
            blocks.append(Block(items=tuple(items), links=tuple(links)))
    return tuple(blocks)


def build(data: BriefingInput, edits: Mapping[str, str] | None = None) -> Briefing:
    """The briefing: each section as edited, or as drafted."""
    first = drafted(data)
    edits = {k: v for k, v in (edits or {}).items() if k in SECTIONS and isinstance(v, str)}
    return Briefing(
        data.review_id,
        _clean(data.heading),
        tuple(Section(title, parse_blocks(edits.get(title, first[title]))) for title in SECTIONS),
        tuple(title for title in SECTIONS if title in edits),
    )


# ---------------------------------------------------------------- from the database


@dataclass(frozen=True)
class Choices:
    """What the edges pass in from insight and the config (learning imports neither)."""

    questions: Callable[[Sequence[str]], Sequence[str]]  # theme ids → questions for reflection
    agencies_of: Callable[[str], Sequence[str]]  # a recommendation → agency display names
    links: Sequence[str] = ()  # "Title https://…" (the briefing_links setting)


def load_input(session: Session, review_id: int, choices: Choices) -> BriefingInput:
    """The briefing's material for one review, read from the review and insight's tables."""
    review = session.get(Review, review_id)
    if review is None:
        raise BriefingError(f"there is no review {review_id}")
    found = review_insights(session, [review_id])[review_id]
    items, before = recommendation_items(session, review_id)
    earlier: dict[int, str] = {}
    for item in before:
        for match in item["matches"]:
            earlier.setdefault(
                match["review_id"],
                f"{match['published_year']}, {_clean(match['area'])} – {_clean(match['title'])}",
            )
    texts = [i["text"] for i in items if i["source"] == "report"] or [i["text"] for i in items]
    if not texts and review.recommendations:
        texts = [review.recommendations]
    groups: dict[str, list[str]] = {}
    for text in texts:
        names = list(dict.fromkeys(choices.agencies_of(text)))
        groups.setdefault(_series(names) if names else "every agency", []).append(text)
    links = []
    for entry in choices.links:
        title, _, url = strip_invisible(entry).strip().rpartition(" ")
        if title.strip(" |") and web_link(url):
            links.append((title.strip(" |"), url))
    return BriefingInput(
        review_id=review.id,
        heading=f"{review.published_year} – {_clean(review.area)} – {_clean(review.title)}",
        summary=review.summary,
        background=review.background,
        learning=review.learning,
        report_url=ascii_link(review.report_url),
        themes=tuple(name for _, name in found.themes),
        made_before=tuple(sorted(earlier.values())),
        practice=tuple((who, tuple(items)) for who, items in groups.items()),
        questions=tuple(choices.questions([theme_id for theme_id, _ in found.themes])),
        links=tuple(links),
    )


# ---------------------------------------------------------------- stored edits


def stored_edits(session: Session, review_id: int) -> dict[str, str]:
    row = session.get(BriefingRow, review_id)
    return dict(row.sections) if row else {}


def save_edits(
    database: Database,
    data: BriefingInput,
    texts: Mapping[str, str],
    *,
    by: str | None = None,
) -> Briefing:
    """Keep the sections whose text differs from the drafted one; the rest stay drafted."""
    first = drafted(data)
    edits = {}
    for title in SECTIONS:
        if title not in texts:
            continue
        text = "\n".join(line.rstrip() for line in strip_invisible(texts[title]).splitlines())
        text = text.strip()
        if len(text) > MAX_SECTION:
            raise BriefingError(f"{title}: at most {MAX_SECTION} characters (a briefing is a page)")
        if text and text != first[title].strip():
            edits[title] = text
    with database.session() as session:
        if session.get(Review, data.review_id) is None:
            raise BriefingError(f"there is no review {data.review_id}")
        row = session.get(BriefingRow, data.review_id)
        if row is None:
            row = BriefingRow(review_id=data.review_id)
            session.add(row)
        row.sections, row.updated_at, row.updated_by = edits, utcnow(), by
    return build(data, edits)


def reset_edits(database: Database, review_id: int) -> None:
    with database.session() as session:
        row = session.get(BriefingRow, review_id)
        if row is not None:
            session.delete(row)


# ---------------------------------------------------------------- rendering


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def to_html(briefing: Briefing, board_name: str) -> str:
    return (
        _environment()
        .get_template("briefing.html")
        .render(briefing=briefing, board_name=_clean(board_name))
    )


def to_docx(briefing: Briefing, board_name: str) -> bytes:
    """A Word document: A4, narrow margins, one heading per section."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"Seven-minute briefing: {briefing.heading}"
    document.add_paragraph(_clean(board_name))
    document.add_heading(f"Seven-minute briefing: {briefing.heading}", level=1)
    for part in briefing.sections:
        document.add_heading(part.title, level=2)
        for block in part.blocks:
            if block.text:
                document.add_paragraph(block.text)
            for title, url in block.links:
                document.add_paragraph(f"{title}: {url}" if url else title, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
