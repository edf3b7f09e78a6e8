"""Turn an HTML page into the lines a reader sees, keeping only what the entry parser needs.

The NSPCC's markup has changed many times, so nothing here looks at class names: a page becomes
a flat list of lines (a block element or a ``<br>``-separated part of one), each remembering
which heading level it sits in, which of its text is bold and which is a link.

Pages are decoded by Beautiful Soup's ``UnicodeDammit`` and parsed by Beautiful Soup over lxml.
Its tree builder takes lxml's parse events rather than lxml's tree, so libxml2's depth limit
does not apply (20,000 nested elements parse whole), and nothing here recurses on the tree.
"""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass
from typing import NamedTuple

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    NavigableString,
    PageElement,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.dammit import EncodingDetector, UnicodeDammit
from bs4.element import PreformattedString

from common.text import clean_text

# A page is what the server sent, whatever it looks like: a body that reads like a file name or
# a URL, or an XHTML page, is parsed as HTML all the same and is not worth a warning.
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

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
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
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
    """Decode a page as a browser would: a byte-order mark, then the HTTP charset, then the
    ``<meta>`` (or XML) declaration, then UTF-8, then cp1252.

    cp1252 is what undeclared legacy pages almost always are, so a page that none of these
    decodes (a stray byte cp1252 leaves undefined) is cp1252 with a replacement character,
    not whatever UnicodeDammit's character detection guesses from a few odd bytes.
    """
    if not body:
        return ""
    candidates: list[str] = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        candidates.append(match.group(1))
    declared = EncodingDetector.find_declared_encoding(body, is_html=True)
    if declared:
        candidates.append(declared)
    # As user encodings these come after the byte-order mark and before detection.
    candidates += ["utf-8", "windows-1252"]
    dammit = UnicodeDammit(body, user_encodings=candidates, is_html=True)
    expected = {_codec(name) for name in [dammit.detector.sniffed_encoding, *candidates]}
    if dammit.unicode_markup is None or _codec(dammit.original_encoding) not in expected:
        return dammit.markup.decode("cp1252", errors="replace")
    return dammit.unicode_markup


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def parse_document(html: str) -> BeautifulSoup:
    # The text is decoded already, so an XML declaration says nothing more (and would only
    # make Beautiful Soup wonder whether this is XML).
    return BeautifulSoup(_XML_DECLARATION.sub("", html, count=1), "lxml")


def page_title(document: BeautifulSoup) -> str | None:
    title = document.find("title")
    if title is not None:
        return clean_text(title.get_text()) or None
    return None


def page_lines(document: BeautifulSoup) -> list[Line]:
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

    def add(text: str, context: _Context) -> None:
        nonlocal current_context
        if text:
            if not current:
                current_context = context
            current.append(Segment(text, context.bold, context.href))

    # (node, context, leaving): leaving a block ends its line.
    stack: list[tuple[PageElement, _Context, bool]] = [
        (document, _Context(False, None, "body", None), False)
    ]
    while stack:
        node, context, leaving = stack.pop()
        if leaving:
            flush()
            continue
        if isinstance(node, NavigableString):
            # comments, CDATA, doctypes and processing instructions are not text a reader sees
            if not isinstance(node, PreformattedString):
                add(str(node), context)
            continue
        if not isinstance(node, Tag):
            continue
        tag = node.name.lower()
        if tag in SKIPPED:
            continue  # furniture: only the text after it counts
        if tag == "br":
            flush()
            continue
        inner = context
        if tag in BOLD:
            inner = inner._replace(bold=True)
        elif tag == "a":
            href = node.get("href")
            inner = inner._replace(href=href.strip() if isinstance(href, str) else "")
        if tag in BLOCKS:
            flush()
            level = HEADINGS.get(tag, context.heading_level)
            inner = inner._replace(block=tag, heading_level=level)
            if tag in HEADINGS:
                # typographic headings are bold by nature: lets "bold line" rules treat them alike
                inner = inner._replace(bold=True)
            stack.append((node, inner, True))
        stack.extend((child, inner, False) for child in reversed(node.contents))
    flush()
    return lines
