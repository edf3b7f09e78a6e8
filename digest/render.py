"""Bulletin → subject, HTML and plain text. Pure: records in, strings out.

HTML comes from Jinja2 templates with autoescaping on (every scraped string is escaped; only
addresses that pass ``common.links.web_link`` become links, written in plain ASCII: a host in
another script shows as its punycode ``xn--`` form, so a look-alike of a real host cannot pass
for it), and every printed value first loses the invisible characters that could disguise it
(bidi overrides, zero-width characters, controls). Then css-inline moves the stylesheet into
``style`` attributes, as mail clients want. The plain-text alternative is wrapped at 78 columns
(an address longer than a line stays whole on a line of its own).
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from common.links import ascii_link, foreign_host
from common.text import strip_invisible
from digest.records import (
    Bulletin,
    DraftNotes,
    Entry,
    Link,
    Rendered,
)

TEMPLATES = Path(__file__).parent / "templates"
WIDTH = 78
TITLE = "Learning from national case reviews"
THEME_LIMIT = 5
_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _finalize(value: object) -> object:
    """Every value a template prints loses its invisible characters (Jinja's ``finalize``);
    markup the templates built themselves is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_invisible(value)
    return value


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["wrap"] = wrap
    env.filters["paragraphs"] = paragraphs
    env.filters["foreign_host"] = foreign_host
    return env


@cache
def _inliner() -> css_inline.CSSInliner:
    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)


def paragraphs(text: str | None) -> list[str]:
    """Blank-line separated paragraphs, each on one line."""
    return [
        " ".join(part.split())
        for part in re.split(r"\n\s*\n", strip_invisible(text).strip())
        if part.strip()
    ]


def wrap(text: str, indent: str = "", width: int = WIDTH) -> str:
    return "\n\n".join(
        textwrap.fill(
            paragraph,
            width=width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for paragraph in paragraphs(text)
    )


def count_words(number: int) -> str:
    return _NUMBERS[number - 1] if 1 <= number <= len(_NUMBERS) else str(number)


def _learning_points(entries: Sequence[Entry], limit: int = 3) -> list[str]:
    points = []
    for entry in entries:
        first = re.split(r";|\.\s", entry.learning or "", maxsplit=1)[0].strip(" .;,")
        words = first.split()
        if words:
            points.append(" ".join(words[:14]) + (" …" if len(words) > 14 else ""))
        if len(points) == limit:
            break
    return points


def _series(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _lower_first(name: str) -> str:
    """ "The voice of the child" → "the voice of the child"; "CSE and …" stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def taught_themes(entries: Sequence[Entry], limit: int = THEME_LIMIT) -> list[tuple[str, int]]:
    """The month's themes (display names) with how many reviews have each: the most shared
    first, then in the order the reviews and the taxonomy list them."""
    count: dict[str, int] = {}
    rank: dict[str, tuple[int, int]] = {}
    for i, entry in enumerate(entries):
        for j, name in enumerate(dict.fromkeys(entry.themes)):
            count[name] = count.get(name, 0) + 1
            rank.setdefault(name, (i, j))
    ranked = sorted(count, key=lambda name: (-count[name], rank[name]))
    return [(name, count[name]) for name in ranked[:limit]]


def theme_sentence(entries: Sequence[Entry]) -> str | None:
    """The opening paragraph: what this month's reviews teach, from their themes and the first
    point of their learning; None when there are no reviews."""
    if not entries:
        return None
    count = len(entries)
    opening = f"This month brings {count_words(count)} new case review{'s' if count > 1 else ''}."
    named = [
        _lower_first(name) + (f" ({count_words(n)} of them)" if n > 1 and count > 1 else "")
        for name, n in taught_themes(entries)
    ]
    body = ""
    if named:
        who = "Between them they teach about" if count > 1 else "It teaches about"
        if any("," in name for name in named) and len(named) > 1:  # "fathers, carers and …"
            body += f" {who} {'; '.join(named[:-1])}; and {named[-1]}."
        else:
            body += f" {who} {_series(named)}."
    if points := _learning_points(entries):
        body += f" {'Their' if count > 1 else 'Its'} learning includes {'; '.join(points)}."
    return (
        opening + body + " Please read the ones that touch on your work and consider what "
        "they mean for your own practice and for your agency."
    )


def opening_paragraph(mode: str, text: str | None, entries: Sequence[Entry]) -> str | None:
    """The draft's own text (``custom``), none, or the generated paragraph (``auto``)."""
    if mode == "none" or not entries:
        return None
    if mode == "custom" and text:
        return " ".join(paragraphs(text)) or None
    return theme_sentence(entries)


def for_agency(entries: Sequence[Entry], agency_type: str | None) -> tuple[Entry, ...]:
    """The reviews addressed to ``agency_type`` first (marked), the others after, each group in
    the bulletin's order."""
    if not agency_type:
        return tuple(entries)
    yours = [dataclasses.replace(e, for_you=True) for e in entries if agency_type in e.agency_ids]
    return (*yours, *(e for e in entries if agency_type not in e.agency_ids))


def subject(bulletin: Bulletin) -> str:
    return strip_invisible(
        f"{strip_invisible(bulletin.board_name).strip()}: {TITLE} — {bulletin.month.label}"
    )


def render(
    bulletin: Bulletin,
    *,
    unsubscribe_url: str,
    archive: bool = False,
    draft: DraftNotes | None = None,
) -> Rendered:
    """The bulletin as partners (or, with ``draft``, the board office) receive it.

    ``unsubscribe_url`` is put in the footer as is: the workflow passes a placeholder that each
    recipient's own link replaces at sending time. ``archive`` renders the public archive page
    (no unsubscribe link; a link to the index of past bulletins instead).
    """
    mail_subject = subject(bulletin)
    if draft is not None:
        mail_subject = f"[DRAFT] {mail_subject}"
    entries = tuple(
        dataclasses.replace(entry, report_url=ascii_link(entry.report_url))
        for entry in for_agency(bulletin.entries, bulletin.agency_type)
    )
    if bulletin.report_link and not archive:  # through the console, which counts the opens
        entries = tuple(
            dataclasses.replace(
                entry,
                report_url=f"{bulletin.report_link}/{entry.review_id}",
                report_destination=entry.report_url,
            )
            if entry.report_url
            else entry
            for entry in entries
        )
    summaries = tuple(
        Link(link.title, url)
        for link in bulletin.national_summaries
        if (url := ascii_link(link.url)) is not None
    )
    context = {
        "subject": mail_subject,
        "title": f"{TITLE} — {bulletin.month.label}",
        "board_name": strip_invisible(bulletin.board_name).strip(),
        "intro": paragraphs(bulletin.intro),
        "theme": opening_paragraph(bulletin.theme_mode, bulletin.theme_text, entries),
        "made_before": bulletin.made_before_in_bulletin,
        "entries": entries,
        "summaries": summaries,
        "national": tuple(entry for entry in bulletin.national if ascii_link(entry.url)),
        "survey_url": (None if archive else bulletin.feedback_url)
        or ascii_link(bulletin.survey_url),
        "cpd_note": paragraphs(bulletin.cpd_note),
        "contact": [
            line
            for line in strip_invisible(bulletin.contact_details).strip().splitlines()
            if line.strip()
        ],
        "unsubscribe_url": unsubscribe_url,
        "archive": archive,
        "draft": draft,
        "month": bulletin.month,
        "rule": "-" * WIDTH,
    }
    env = environment()
    html = _inliner().inline(env.get_template("bulletin.html").render(context))
    text = env.get_template("bulletin.txt").render(context)
    return Rendered(mail_subject, html, _tidy(text))


def _tidy(text: str) -> str:
    # "-- " (with its space) is the signature separator mail clients recognise.
    lines = [line if line == "-- " else line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
