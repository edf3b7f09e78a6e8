"""Turn an HTML page into the lines a reader sees, keeping only what the entry parser needs.

The NSPCC's markup has changed many times, so nothing here looks at class names: a page becomes
a flat list of lines (a block element or a ``<br>``-separated part of one), each remembering
which heading level it sits in, which of its text is bold and which is a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import lxml.html
from lxml import etree

from common.text import clean_text

# Page furniture that never holds entries; skipping it keeps menus and footers out of the
# last entry on a page.
SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "form",
        "svg",
        "iframe",
        "head",
        "select",
        "textarea",
        "aside",
    }
)
BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "blockquote",
        "details",
        "summary",
        "button",
        "figure",
        "figcaption",
        "body",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "pre",
        "address",
        "fieldset",
        "center",
    }
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BOLD = frozenset({"b", "strong"})
_SPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)


class Segment(NamedTuple):
    text: str
    bold: bool
    href: str | None


@dataclass(frozen=True)
class Line:
    segments: tuple[Segment, ...]
    block: str
    heading_level: int | None

    @property
    def text(self) -> str:
        return clean_text("".join(segment.text for segment in self.segments))

    @property
    def bold_prefix(self) -> str:
        """The bold text the line opens with ("" when it opens with plain text)."""
        parts: list[str] = []
        for segment in self.segments:
            if not segment.bold:
                if segment.text.strip():
                    break
                parts.append(segment.text)
                continue
            parts.append(segment.text)
        return clean_text("".join(parts))

    @property
    def link(self) -> str | None:
        """The href when the line's whole visible text is one link."""
        hrefs = {segment.href for segment in self.segments if segment.text.strip()}
        if len(hrefs) == 1:
            return next(iter(hrefs))
        return None


class _Context(NamedTuple):
    bold: bool
    href: str | None
    block: str
    heading_level: int | None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page as a browser would: header charset, then <meta>, then UTF-8, then cp1252."""
    candidates: list[str] = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        candidates.append(match.group(1))
    if match := _META_CHARSET.search(body[:4096]):
        candidates.append(match.group(1).decode("ascii"))
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    # cp1252 is what undeclared legacy pages almost always are; "replace" keeps odd bytes visible.
    return body.decode("cp1252", errors="replace")


def parse_document(html: str) -> lxml.html.HtmlElement:
    # lxml refuses str input carrying an XML encoding declaration; the text is decoded already.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    if not html.strip():
        html = "<html></html>"
    try:
        return lxml.html.document_fromstring(html)
    except etree.ParserError:
        # Text that holds nothing lxml can parse (a byte-order mark and a space, found by
        # tests/test_properties.py) is an empty page, not a crash of the harvest.
        return lxml.html.document_fromstring("<html></html>")


def page_title(document: lxml.html.HtmlElement) -> str | None:
    titles = document.xpath("//title")
    if titles:
        return clean_text(titles[0].text_content()) or None
    return None


def page_lines(document: lxml.html.HtmlElement) -> list[Line]:
    """The page's lines in reading order.

    Iterative rather than recursive so that absurdly deep markup cannot exhaust the stack.
    """
    lines: list[Line] = []
    current: list[Segment] = []
    current_context = _Context(False, None, "body", None)

    def flush() -> None:
        nonlocal current
        if any(segment.text.strip() for segment in current):
            lines.append(Line(tuple(current), current_context.block, current_context.heading_level))
        current = []

    def add(text: str | None, context: _Context) -> None:
        nonlocal current_context
        if text:
            if not current:
                current_context = context
            current.append(Segment(text, context.bold, context.href))

    root_context = _Context(False, None, "body", None)
    stack: list[tuple[str, etree._Element, _Context]] = [("enter", document, root_context)]
    while stack:
        phase, element, context = stack.pop()
        if phase == "tail":
            add(element.tail, context)
            continue
        if phase == "exit":
            flush()
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None or tag in SKIPPED:
            # comments, processing instructions and furniture: only the text after them counts
            stack.append(("tail", element, context))
            continue
        if tag == "br":
            flush()
            stack.append(("tail", element, context))
            continue
        inner = context
        if tag in BOLD:
            inner = inner._replace(bold=True)
        elif tag == "a":
            inner = inner._replace(href=(element.get("href") or "").strip())
        if tag in BLOCKS:
            flush()
            level = HEADINGS.get(tag, context.heading_level)
            inner = inner._replace(block=tag, heading_level=level)
            if tag in HEADINGS:
                # typographic headings are bold by nature: lets "bold line" rules treat them alike
                inner = inner._replace(bold=True)
        stack.append(("tail", element, context))
        if tag in BLOCKS:
            stack.append(("exit", element, inner))
        for child in reversed(element):
            stack.append(("enter", child, inner))
        add(element.text, inner)
    flush()
    return lines
