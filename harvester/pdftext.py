"""Turn an overview-report PDF into clean, searchable text and its structure.

Pure: a path in, a :class:`ReportText` out; no database, no network, and it never raises (every
failure becomes ``status="failed"`` with a one-line reason). The time limit is enforced by the
worker pool (``harvester.extract_pool``), which can kill a process; a function cannot.

How the text is rebuilt, and why not ``pdfminer.high_level.extract_text``:

- pdfminer's layout analysis with its defaults scrambles justified and multi-column reports
  (``bench/extract.py`` measures it on the sample reports, ``bench/real_reports.py`` on real
  ones). Its line grouping has one knob, ``char_margin``, for two gaps that overlap in size:
  the stretched space between words of a justified line and the gutter between two columns.
  So only pdfminer's interpreter is used, and its own line rule gives line *fragments* (two
  character widths never bridge a gutter): ``harvester.pdfglyphs`` records glyphs as tuples
  and groups them (no ``LTChar`` objects, no paths, no box grouping: faster than
  ``extract_text``), dropping raised footnote markers and making Symbol-font bullets "•".
  We find each page's gutters ourselves (two on a three-column page), then join the fragments
  on one baseline within one column, and read the columns left to right.
- Regions (:func:`page_regions`): a page is cut across its width where no text is, and each
  strip keeps the page's columns (or the document's usual ones) unless its text runs across
  them: a table or a boxed figure set across a page in columns is read as one column between
  the columns' text (its header row and a one-line title with it), two short columns under a
  figure are read one after the other, and a masthead above the columns (four rows at most,
  two lines' space below) is read before them and runs into no paragraph.
- Tables (``harvester.pdftables``): column edges no line crosses, over a run of rows; each row
  becomes one line, its cells whole and joined by " | ", which the paragraph builder leaves
  alone. "Columns" whose lines are spaced as a table's rows are (far apart, or much further
  apart than the next column's) are read as a table, not one column after the other.
- Running headers and footers: the rows in the top and bottom bands of a page whose text, digits
  masked, repeats on many pages, peeled from the page edge inwards; the positions they occupy
  ("slots") are then cleared on every page, which takes chapter-specific running heads too.
  Page numbers ("3", "Page 3 of 40", "- 3 -") go wherever they are the outermost row.
- Headings: numbered "3.2 Title" lines, or short lines in larger or bold type, never a list
  item; a title page (little text in the body's type) gives none. A heading's level is its
  number's depth, or that of the numbered headings set in its style (:func:`heading_levels`).
- Rows: fragments sharing a baseline; type more than twice the page's usual height beside
  smaller lines (a slide's caption overlapping two lines of its list) is a row of its own,
  placed before the row it overlaps most.
- Paragraphs break on a gap larger than the line spacing, a first-line indent (0.6 em or
  more: the Federal Register sets in by exactly one em), a list marker
  (numbers, letters, "•", "-", "–"), a heading, a table row, or (justified text only) a short
  line ending a sentence. At a column or page break the paragraph goes on when its last line
  does not end a sentence or fills the column, or the next line is its list item's hanging
  text. Footnotes (a column's last lines on a page, in type smaller than the line above them,
  from one starting with a number and then a word; in a column before the page's last, with a
  gap above them, and lines there without a number go on from the note before) are set apart:
  the paragraph goes on past them, and a column's notes follow the paragraph that was running
  at its foot. Paragraphs of figures only (a contents
  page's numbers, a chart's values) are dropped.
- Hyphenated line ends, without a dictionary: the document is the best witness of its own
  spelling (does it write "multi-agency" or "assessment" elsewhere?), then whether the halves are
  words it uses on their own; the rule, in order, is on :func:`keep_hyphen`.
- Ligatures (NFKC on U+FB00-FB06 only) spelled out, curly quotes made straight, runs of spaces
  made one.
- Sections (:func:`structure`): found by their heading's text, or by a short line in body type
  that is the name; of several so named the longest (the contents list's entry is short). A
  section ends at the next heading of its level or higher. Recommendations are its numbered
  items, or its bulleted ones when none is numbered.

Scanned pages are decided page by page: pages with an image and no text layer are named in
``scanned_pages`` (for OCR to read them alone); the file is ``needs_ocr`` only when they are
more than half of it or nothing else has text, otherwise ``ok`` with the other pages' text.

Outcome rules: a report with more than ``max_pages`` pages is ``failed`` ("more than N pages")
rather than cut short, because a partial text would be silently searched as if it were whole;
a file without the ``%%EOF`` trailer near its end is ``failed`` as truncated even when pdfminer
could recover some pages, because a cut-off download must be fetched again, not archived.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from harvester.pdfglyphs import LIGATURES, Fragment, GlyphDevice, PageText, normalise
from harvester.pdftables import MIN_ROWS, find_tables, split_cells, table_rows, typical_size

__all__ = ["LIGATURES", "Fragment", "PageText", "normalise"]  # re-exported from pdfglyphs

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "4"

# Top and bottom share of the page height where running headers and footers live.
BAND = 0.12
# A page whose text layer has fewer characters than this, but has an image, is a scan.
SCAN_MAX_CHARS = 20
# A first line set in by this share of the body's size starts a paragraph: the Federal Register
# indents by exactly one em, which a strict "more than an em" missed (whole pages ran together).
INDENT = 0.6
# Bytes looked at for the %PDF header (the spec allows junk before it) and the %%EOF trailer.
HEAD_BYTES = 1024
TAIL_BYTES = 2048


@dataclass(frozen=True)
class ExtractLimits:
    max_pages: int = 500
    timeout: float = 120.0  # seconds; enforced by the pool, which can kill a worker


@dataclass(frozen=True)
class ReportText:
    status: str  # "ok" | "empty" | "needs_ocr" | "failed"
    reason: str | None
    pages: int
    text: str = ""
    headings: tuple[str, ...] = ()
    executive_summary: str | None = None
    findings: str | None = None
    recommendations: tuple[str, ...] = ()
    ocr: bool = False  # the text layer was made by OCR (harvester.ocr), not found in the PDF
    scanned_pages: tuple[int, ...] = ()  # pages that are images only (1-based), for OCR


DEFAULT_LIMITS = ExtractLimits()


def failed(reason: str, pages: int = 0) -> ReportText:
    return ReportText(status="failed", reason=reason, pages=pages)


# --------------------------------------------------------------------------- text normalising

_SPACES = re.compile(r"\s+")


_SENTENCE_END = re.compile(r"""[.!?:;…]["')\]]*$""")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^([a-z]+)")


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def vocabulary(lines: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(plain words, hyphenated compounds) used inside lines, lower-cased, for the hyphen rule.

    A line's first and last words are left out: they may be halves of a broken word."""
    plain: set[str] = set()
    compounds: set[str] = set()
    for line in lines:
        words = _WORD.findall(line)
        for word in words[1:-1]:
            (compounds if "-" in word else plain).add(word.lower())
    return frozenset(plain), frozenset(compounds)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Prefixes that form hyphenated compounds but are not words of their own. Kept short: "ex-",
# "super-", "under-" begin too many ordinary words ("ex-perience", "super-vision").
COMPOUND_PREFIXES = _words("anti co cross inter multi non post pre self")
# Everyday words made of two words, which rule 3 below would otherwise split: "under-" +
# "standing" is a break in "understanding", not a compound.
CLOSED_COMPOUNDS = _words(
    """understanding understand understood undertake undertaken undertook underlying underneath
    without within withdrawn withdrew however therefore whereas whereby wherever whenever
    something someone somewhere sometimes somebody anything anyone anywhere everything everyone
    everybody nobody nothing another otherwise overall outcome outcomes background throughout
    furthermore nevertheless meanwhile moreover healthcare caseload caseloads childcare
    afterwards beforehand overnight overview oversight overlooked oversee undermine undermined
    neighbourhood grandmother grandfather grandparents stepfather stepmother playground
    bedroom bathroom household households homeless homelessness lifestyle timescale timescales
    timeline framework frameworks feedback workforce networks network pathway pathways
    safeguarding"""
)

# Short everyday words that make up hyphenated compounds ("first-line", "long-term",
# "face-to-face"), for a short report that never uses them on their own.
COMPOUND_WORDS = _words(
    """a an and by for in of off on out over the to up down back well first second third last
    next one two three four five six seven eight nine ten twelve half full part long short
    high low wide close open free front end line term time day week month year old new early
    late face hand level based led focused centred related owned run making taking decision
    child children young person people family parent carer care home school health social
    work worker key case risk service agency lead place like minded being known ready date"""
)


def keep_hyphen(head: str, tail: str, words: frozenset[str], compounds: frozenset[str]) -> bool:
    """Whether ``head-`` at a line end and ``tail`` on the next line form a hyphenated word.

    In order: (1) the document hyphenates the pair elsewhere: keep; (2) it writes the joined
    word elsewhere, or that is a common closed compound: join; (3) the tail is a word the
    document uses ("well-" + "being", "up-" + "to-date"): keep; (4) the head is a compound prefix
    ("multi-" + "agency"), or a word the document uses followed by a participle ("decision-" +
    "making", "child-" + "centred", but "know-" + "ledge" and "refer-" + "rals" are joined):
    keep; (5) both halves are everyday compound words ("first-" + "line" in a short report):
    keep; else join ("dehydra-" + "tion")."""
    if f"{head}-{tail}" in compounds:
        return True
    joined = head + tail
    if joined in words or joined in CLOSED_COMPOUNDS:
        return False
    if tail in words:
        return True
    if head in COMPOUND_PREFIXES:
        return True
    if head in words and len(tail) >= 5 and tail.endswith(("ing", "ed")):
        return True
    return head in COMPOUND_WORDS and tail in COMPOUND_WORDS


def join_lines(
    lines: Sequence[str],
    words: frozenset[str] = frozenset(),
    compounds: frozenset[str] = frozenset(),
) -> str:
    """Join one paragraph's lines, repairing words broken at a line end (:func:`keep_hyphen`)."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        if out.endswith("\u00ad"):  # a soft hyphen only marks where the word could break
            out = out[:-1] + line
            continue
        # Only the end of the paragraph so far: searching all of it would be quadratic.
        head = _HYPHEN_END.search(out[-64:]) if out.endswith("-") else None
        tail = _WORD_START.match(line)
        if head and tail:
            keep = keep_hyphen(head.group(1).lower(), tail.group(1), words, compounds)
            out = out + line if keep else out[:-1] + line
        elif out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out += line  # "1990-" + "1995", "child-" + "(CSPR)": a hyphen glues, never a space
        else:
            out += " " + line
    return _SPACES.sub(" ", out.replace("\u00ad", "")).strip()


# --------------------------------------------------------------------------- page geometry


Bounds = tuple[float, float]  # left and right x of a column, or of a gutter


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    column: str  # "1", "2"... on a page in columns, "S" for single-column or spanning lines
    band: int  # spanning lines cut a page in columns into bands read one after another
    x0: float
    x1: float
    y0: float
    y1: float
    text: str
    size: float
    bold: bool
    wide_gap: bool  # a gap inside the line much wider than a justified space: a table row
    col_left: float
    col_right: float
    table: bool = False  # a table row, its cells joined by " | " (harvester.pdftables)

    @property
    def baseline(self) -> float:
        return self.y0


# --------------------------------------------------------------------------- headers and footers

# Roman numbers only as front matter is numbered (i to xxxix, one case): any run of the letters
# i, v, x, l, c, d, m would take a heading "C" or "Civil" at the top of a page for a page number.
_PAGE_NUMBER = re.compile(
    r"^(?i:page\s*)?[-–—(\[]?\s*"
    r"(?:\d+|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})|(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))"
    r"\s*[-–—)\]]?(?:\s*(?i:of|/)\s*\d+)?$"
)
_DIGITS = re.compile(r"\d+")


def _in_band(frag: Fragment, page: PageText) -> str | None:
    if frag.y0 >= page.height * (1 - BAND):
        return "top"
    if frag.y1 <= page.height * BAND:
        return "bottom"
    return None


def _band_rows(page: PageText) -> list[tuple[str, list[Fragment]]]:
    """The page's top- and bottom-band fragments grouped by baseline, with their band."""
    out: list[tuple[str, list[Fragment]]] = []
    for band in ("top", "bottom"):
        frags = [f for f in page.fragments if _in_band(f, page) == band]
        out.extend((band, row) for row in _rows(frags))
    return out


def _row_key(row: Sequence[Fragment]) -> str:
    return _DIGITS.sub("#", " ".join(f.text for f in row).lower())


def _row_slot(band: str, row: Sequence[Fragment]) -> tuple[str, int, int]:
    return band, round(min(f.y0 for f in row)), round(max(f.size for f in row))


def strip_furniture(pages: Sequence[PageText]) -> list[PageText]:
    """Remove running headers, footers and page numbers (rules: module docstring).

    Whole band rows are compared, not pdfminer's fragments: a justified line falls apart into
    fragments, and a lone "home" fragment repeats by chance on many pages."""
    text_pages = [p for p in pages if p.fragments]
    if not text_pages:
        return list(pages)
    rows = {p.number: _band_rows(p) for p in text_pages}
    keys: Counter[str] = Counter()
    for page_rows in rows.values():
        keys.update({_row_key(row) for _, row in page_rows})
    # Repeated on a quarter of the pages, and on two at least.
    needed = max(2, round(0.25 * len(text_pages)))
    repeated = {key for key, count in keys.items() if count >= needed}
    # A slot (band, height, size) is furniture when repeated text sits there on enough pages;
    # it is then cleared on every page, whatever it says there ("Section 3: Findings").
    slot_pages: Counter[tuple[str, int, int]] = Counter()
    for page_rows in rows.values():
        slot_pages.update(
            {_row_slot(band, row) for band, row in page_rows if _row_key(row) in repeated}
        )
    slots = [slot for slot, count in slot_pages.items() if count >= needed]
    sizes: Counter[float] = Counter()
    for page in text_pages:
        for frag in page.fragments:
            sizes[round(frag.size)] += frag.chars
    body_size = sizes.most_common(1)[0][0]

    def is_furniture(band: str, row: Sequence[Fragment]) -> bool:
        text = " ".join(f.text for f in row)
        if _row_key(row) in repeated:
            return True
        # A lone "I" or "12" set bold or larger than the body is a heading at the page's edge
        # ("Part I"'s number, a chapter number); a page number is not emphasised, or it repeats.
        heading_type = all(f.bold for f in row) or min(f.size for f in row) > body_size + 1
        if _PAGE_NUMBER.match(text) and not heading_type:
            return True
        _, y, size = _row_slot(band, row)
        return any(b == band and abs(y - sy) <= 2 and abs(size - ss) <= 1 for b, sy, ss in slots)

    out: list[PageText] = []
    for page in pages:
        # Peeled from the page edge inwards: a row is furniture only if everything further out
        # is, so a body line that happens to read "12" is kept.
        dropped: set[int] = set()
        for band in ("top", "bottom"):
            for row in _outward_first(rows.get(page.number, []), band):
                if not is_furniture(band, row):
                    break
                dropped.update(id(f) for f in row)
        kept = tuple(f for f in page.fragments if id(f) not in dropped)
        out.append(PageText(page.number, page.width, page.height, kept, page.images, page.chars))
    return out


def _outward_first(rows: Sequence[tuple[str, list[Fragment]]], band: str) -> list[list[Fragment]]:
    """The band's rows from the page edge inwards."""
    mine = [row for b, row in rows if b == band]  # top to bottom
    return mine if band == "top" else mine[::-1]


# --------------------------------------------------------------------------- columns and lines


def find_gutters(frags: Sequence[Fragment]) -> tuple[Bounds, ...]:
    """The empty vertical strips between the page's columns, left to right; () for one column.

    Every strip that qualifies is kept (a three-column page has two), widest first, as long as
    it leaves each column a sixth of the page's text width and three fragments."""
    if len(frags) < 6:
        return ()
    left = int(min(f.x0 for f in frags))
    right = int(max(f.x1 for f in frags)) + 1
    span = right - left
    if span < 100:
        return ()
    # Coverage per 1 pt bin; bin i is [left + i, left + i + 1).
    diff = [0] * (span + 2)
    for f in frags:
        diff[int(f.x0) - left] += 1
        diff[math.ceil(f.x1) - left] -= 1
    coverage = list(itertools.accumulate(diff[: span + 1]))
    # Headings, a title or a table may cross a gutter; body lines must not. The threshold
    # follows the emptiest strip of the middle, so a sparse column (a last page) is no gutter.
    middle = coverage[int(0.25 * span) : int(0.75 * span) + 1]
    emptiest = min(middle) if middle else 0
    if emptiest > len(frags) // 12:
        return ()
    allowed = emptiest + max(1, len(frags) // 50)
    found: list[Bounds] = []
    start: int | None = None
    for x, cov in enumerate([*coverage, allowed + 1]):
        if cov <= allowed and start is None:
            start = x
        elif cov > allowed and start is not None:
            lo, hi = left + start, left + x
            start = None
            centre = (lo + hi) / 2
            if hi - lo < 5 or not left + 0.25 * span <= centre <= left + 0.75 * span:
                continue
            lefts = [f for f in frags if f.x1 <= lo + 1]
            rights = [f for f in frags if f.x0 >= hi - 1]
            if len(lefts) < 3 or len(rights) < 3:
                continue
            # A column of figures (a contents page's page numbers) is not a column of text.
            nearest = [f for f in rights if f.x0 <= hi + 12]
            if sum(1 for f in nearest if _FIGURES.match(f.text)) >= 0.8 * len(nearest):
                continue
            # The column right of it has a left edge many of its lines start at.
            starts = Counter(round(f.x0) for f in rights if f.x0 <= hi + 12)
            if not starts or starts.most_common(1)[0][1] < 3:
                continue
            found.append((lo, hi))
    chosen: list[Bounds] = []
    for g_lo, g_hi in sorted(found, key=lambda g: g[0] - g[1]):
        if all(g_lo >= c[1] + span / 6 or g_hi <= c[0] - span / 6 for c in chosen):
            chosen.append((g_lo, g_hi))
    chosen.sort()
    while len(chosen) > 1 and min(_column_sizes(frags, chosen)) < 3:
        chosen.remove(min(chosen, key=lambda g: g[1] - g[0]))
    if chosen and _table_like(frags, tuple(chosen)):
        return ()  # a table's columns: read row by row (harvester.pdftables), not down
    return tuple(chosen)


def _line_step(frags: Sequence[Fragment]) -> float:
    """The usual distance between one line's baseline and the next's."""
    baselines = sorted({round(f.y0) for f in frags}, reverse=True)
    steps = [a - b for a, b in itertools.pairwise(baselines)]
    return statistics.median(steps) if steps else 0.0


def _table_like(frags: Sequence[Fragment], gutters: Gutters) -> bool:
    """Whether the "columns" are a table's: a column whose lines are much further apart than
    its neighbour's (one line per row beside cells of two or three lines), or than its type
    is tall (rows with padding). Text columns run line after line, at their type's spacing."""
    columns, _ = _split_columns(frags, gutters)
    if min(len({round(f.y0) for f in column}) for column in columns) < 5:
        return False  # too few lines to tell
    steps = [_line_step(column) for column in columns]
    sizes = [statistics.median(f.size for f in column) if column else 0.0 for column in columns]
    if any(size and step > 1.8 * size for step, size in zip(steps, sizes, strict=True)):
        return True  # rows spaced apart, as text never is
    return any(
        a > 0 and b > 0 and (a > 1.5 * b or b > 1.5 * a) for a, b in itertools.pairwise(steps)
    )


def _column_sizes(frags: Sequence[Fragment], gutters: Sequence[Bounds]) -> list[int]:
    edges = [-math.inf, *(x for g in gutters for x in g), math.inf]
    return [
        sum(1 for f in frags if f.x0 >= lo - 1 and f.x1 <= hi + 1)
        for lo, hi in zip(edges[::2], edges[1::2], strict=True)
    ]


def find_gutter(frags: Sequence[Fragment]) -> Bounds | None:
    """The widest gutter of the page, or None for a single column."""
    gutters = find_gutters(frags)
    return max(gutters, key=lambda g: g[1] - g[0]) if gutters else None


def _rows(frags: Sequence[Fragment]) -> list[list[Fragment]]:
    """Fragments grouped by baseline (vertical overlap), top to bottom, each row left to right.

    Type more than twice the page's usual height (a slide's "Our mission:" set beside its
    list, overlapping two of its lines) joins no row of smaller type: its rows stand alone,
    just before the row they overlap most, so they do not cut the lines beside them in two."""
    if len(frags) < 3:
        return _grouped(frags)
    usual = statistics.median(f.y1 - f.y0 for f in frags)
    tall = [f for f in frags if f.y1 - f.y0 > 2 * usual and len(f.text) > 2]
    if not tall:
        return _grouped(frags)
    rows = _grouped([f for f in frags if f.y1 - f.y0 <= 2 * usual or len(f.text) <= 2])
    keys = [max(f.y0 for f in row) for row in rows]
    placed: list[tuple[float, list[Fragment]]] = list(zip(keys, rows, strict=True))
    for tall_row in _grouped(tall):
        y0, y1 = min(f.y0 for f in tall_row), max(f.y1 for f in tall_row)
        best, most = None, 0.0
        for key, row in zip(keys, rows, strict=True):
            r0, r1 = min(f.y0 for f in row), max(f.y1 for f in row)
            overlap = min(y1, r1) - max(y0, r0)
            if overlap >= 0.5 * (r1 - r0) and overlap > most:
                best, most = key, overlap
        placed.append((best + 0.01 if best is not None else max(f.y0 for f in tall_row), tall_row))
    placed.sort(key=lambda pair: -pair[0])
    return [row for _, row in placed]


def _grouped(frags: Sequence[Fragment]) -> list[list[Fragment]]:
    rows: list[list[Fragment]] = []
    for frag in sorted(frags, key=lambda f: (-f.y0, f.x0)):
        for row in rows[-3:]:
            ref = row[0]
            overlap = min(ref.y1, frag.y1) - max(ref.y0, frag.y0)
            if overlap >= 0.5 * min(ref.y1 - ref.y0, frag.y1 - frag.y0):
                row.append(frag)
                break
        else:
            rows.append([frag])
    for row in rows:
        row.sort(key=lambda f: f.x0)
    rows.sort(key=lambda r: -max(f.y0 for f in r))
    return rows


def _line(row: Sequence[Fragment], page: int, column: str, band: int, bounds: Bounds) -> Line:
    chars = sum(f.chars for f in row)
    size = sum(f.size * f.chars for f in row) / chars
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(row)]
    return Line(
        page=page,
        column=column,
        band=band,
        x0=row[0].x0,
        x1=max(f.x1 for f in row),
        y0=min(f.y0 for f in row),
        y1=max(f.y1 for f in row),
        text=" ".join(f.text for f in row),  # each already normalised
        size=size,
        bold=all(f.bold for f in row),
        wide_gap=any(g > 3 * size for g in gaps),
        col_left=bounds[0],
        col_right=bounds[1],
    )


def _column_lines(
    rows: Sequence[Sequence[Fragment]], page: int, column: str, band: int, bounds: Bounds
) -> list[Line]:
    """A column's rows as lines, the rows of a table (harvester.pdftables) as one line each."""
    if len(rows) < MIN_ROWS:
        return [_line(row, page, column, band, bounds) for row in rows]
    out: list[Line] = []
    done = 0
    left = min(f.x0 for row in rows for f in row)
    size = typical_size(rows)
    rows = split_cells(rows, left, size)
    for table in find_tables(rows, left, size):
        out.extend(_line(row, page, column, band, bounds) for row in rows[done : table.start])
        for group, text in table_rows(rows[table.start : table.end], table.edges, join_lines):
            frags = [f for row in group for f in row]
            first = _line(group[0], page, column, band, bounds)
            out.append(
                dataclasses.replace(
                    first,
                    x0=min(f.x0 for f in frags),
                    x1=max(f.x1 for f in frags),
                    y0=min(f.y0 for f in frags),
                    text=text,
                    table=True,
                )
            )
        done = table.end
    out.extend(_line(row, page, column, band, bounds) for row in rows[done:])
    return out


Gutters = tuple[Bounds, ...]  # a page's gutters, left to right; () for a single column
MASTHEAD = "M"  # before the column of a masthead's lines (see page_regions)


def document_gutters(pages: Sequence[PageText]) -> list[Gutters]:
    """Each page's gutters; a page too sparse to show them borrows the document's, if they fit.

    A half-empty last page or a page of short lines does not reveal its columns by itself, but
    when most of the report is set in columns at the same places, it is too."""
    found = [find_gutters(page.fragments) for page in pages]
    detected = [g for g in found if g]
    if len(detected) < 0.5 * sum(1 for page in pages if page.fragments):
        return found
    usual = Counter(tuple((round(lo), round(hi)) for lo, hi in g) for g in detected)
    common: Gutters = tuple((float(lo), float(hi)) for lo, hi in usual.most_common(1)[0][0])
    out: list[Gutters] = []
    for page, gutters in zip(pages, found, strict=True):
        frags = page.fragments
        if not gutters and frags:
            crossing = sum(
                1 for f in frags if any(f.x1 > lo + 1 and f.x0 < hi - 1 for lo, hi in common)
            )
            rights = sum(1 for f in frags if f.x0 >= common[-1][1] - 1)
            if rights and crossing <= len(frags) // 12:
                gutters = common
        out.append(gutters)
    return out


@dataclass(frozen=True, slots=True)
class Margins:
    """Where the document's text column(s) start and end, from all its pages.

    A page with little on it (a last page, a page of short lines) would otherwise make its own
    longest line look like a full, justified line. ``columns`` maps a page's number of columns
    to each column's bounds."""

    single: Bounds | None = None
    columns: tuple[tuple[int, tuple[Bounds | None, ...]], ...] = ()
    usual: Gutters = ()  # the gutters most pages have, when most pages have some

    def of(self, count: int) -> tuple[Bounds | None, ...]:
        return dict(self.columns).get(count, (None,) * count)


def _bounds(frags: Sequence[Fragment]) -> Bounds | None:
    if len(frags) < 5:
        return None
    # Most lines start at the margin; nine in ten end at or before it.
    start = Counter(round(f.x0) for f in frags).most_common(1)[0][0]
    ends = sorted(f.x1 for f in frags)
    return float(start), ends[int(0.9 * (len(ends) - 1))]


def _column_edges(gutters: Gutters) -> list[Bounds]:
    """Each column's (left, right) limits between the gutters, open at the page's sides."""
    edges = [-math.inf, *(x for g in gutters for x in g), math.inf]
    return list(zip(edges[::2], edges[1::2], strict=True))


def _split_columns(
    frags: Sequence[Fragment], gutters: Gutters
) -> tuple[list[list[Fragment]], list[Fragment]]:
    """The fragments of each column, and those crossing a gutter from side to side.

    A line running into a gutter (a justified line a point too long, a long word) stays in its
    column: a gutter is found where *almost* no line crosses."""
    columns: list[list[Fragment]] = [[] for _ in range(len(gutters) + 1)]
    spanning: list[Fragment] = []
    middles = [(lo + hi) / 2 for lo, hi in gutters]
    for f in frags:
        if any(f.x0 < lo - 1 and f.x1 > hi + 1 for lo, hi in gutters):
            spanning.append(f)
        else:
            columns[sum(1 for m in middles if f.x0 >= m)].append(f)
    return columns, spanning


def document_margins(pages: Sequence[PageText], gutters: Sequence[Gutters]) -> Margins:
    single: list[Fragment] = []
    by_count: dict[int, list[list[Fragment]]] = {}
    for page, page_gutters in zip(pages, gutters, strict=True):
        if not page_gutters:
            single.extend(page.fragments)
            continue
        columns, _ = _split_columns(page.fragments, page_gutters)
        into = by_count.setdefault(len(columns), [[] for _ in columns])
        for k, column in enumerate(columns):
            into[k].extend(column)
    known = tuple(
        (count, tuple(_bounds(frags) for frags in cols)) for count, cols in sorted(by_count.items())
    )
    detected = [g for g in gutters if g]
    usual: Gutters = ()
    if detected and len(detected) >= 0.5 * sum(1 for page in pages if page.fragments):
        usual = Counter(detected).most_common(1)[0][0]
    return Margins(_bounds(single), known, usual)


def page_lines(page: PageText, gutters: Gutters, margins: Margins = Margins()) -> list[Line]:
    """The page's lines in reading order: region by region (:func:`page_regions`), in each
    the columns left to right, band by band."""
    lines: list[Line] = []
    for frags, region_gutters, masthead in page_regions(page, gutters, margins):
        band = lines[-1].band + 1 if lines else 0
        region = _region_lines(page, frags, region_gutters, margins, band)
        if masthead:
            region = [dataclasses.replace(line, column=MASTHEAD + line.column) for line in region]
        lines.extend(region)
    return lines


def _crosses_gutters(frags: Sequence[Fragment], gutters: Gutters) -> bool:
    return any(f.x0 < lo - 1 and f.x1 > hi + 1 for f in frags for lo, hi in gutters)


def page_regions(
    page: PageText, gutters: Gutters, margins: Margins = Margins()
) -> list[tuple[list[Fragment], Gutters, bool]]:
    """The page cut across its whole width where no text is, into regions read one after
    another, each with its own columns: the page's (or the document's usual ones, when the
    page as a whole shows none) where no text of the region runs across them, else none.

    So a figure or a table set across a page in columns reads as one column while the text
    around it reads in columns (two short columns under a boxed figure; a table at the foot
    of a three-column page), and a masthead above the columns (a few lines, set off by two
    lines' space or more) is read before them, not as the top of its column. Regions with
    the same columns are one region: text runs on down a column across a blank strip."""
    frags = sorted(page.fragments, key=lambda f: -f.y1)
    if len(frags) < 2:
        return [(list(page.fragments), gutters, False)]
    size = statistics.median(f.y1 - f.y0 for f in frags)
    strips: list[list[Fragment]] = [[frags[0]]]
    low = frags[0].y0
    for f in frags[1:]:
        if f.y1 < low - 0.5 * size:
            strips.append([])
        strips[-1].append(f)
        low = min(low, f.y0)
    if len(strips) == 1 and (gutters or not margins.usual):
        return [(list(page.fragments), gutters, False)]
    # A page whose gutters are some of the document's usual ones lost the others to text set
    # across them (a table at its foot): its regions have the usual ones or none.
    fewer = len(gutters) < len(margins.usual) and all(
        any(abs(lo - u_lo) <= 3 and abs(hi - u_hi) <= 3 for u_lo, u_hi in margins.usual)
        for lo, hi in gutters
    )
    choices = [g for g in ((margins.usual,) if fewer else (gutters, margins.usual)) if g]
    owns: list[Gutters] = [
        next(
            (
                g
                for g in choices
                if not _crosses_gutters(strip, g)
                and (g == gutters or any(f.x0 >= g[0][1] - 1 for f in strip))
            ),
            (),
        )
        for strip in strips
    ]
    # A table's header above its body set across the columns is the table's too (three rows
    # at most, one of them with text in three columns or more: "Action | Labor cost ..."), and
    # so is a title of one short line above them ("ESTIMATED COSTS").
    for k in range(len(strips) - 2, -1, -1):
        if owns[k] and not owns[k + 1] and (_header(strips[k], owns[k]) or _caption(strips[k])):
            owns[k] = ()
    regions: list[tuple[list[Fragment], Gutters, bool]] = []
    for strip, own in zip(strips, owns, strict=True):
        if len(regions) == 1 and own and _masthead(regions[0][0], strip, size):
            regions[0] = (regions[0][0], regions[0][1], True)
            regions.append((list(strip), own, False))
        elif regions and regions[-1][1] == own and not regions[-1][2]:
            regions[-1][0].extend(strip)
        else:
            regions.append((list(strip), own, False))
    return regions


def _caption(strip: Sequence[Fragment]) -> bool:
    return len(_grouped(strip)) == 1 and sum(len(f.text.split()) for f in strip) <= 6


def _header(strip: Sequence[Fragment], gutters: Gutters) -> bool:
    rows = _grouped(strip)
    middles = [(lo + hi) / 2 for lo, hi in gutters]
    return len(rows) <= 3 and any(
        len({sum(1 for m in middles if f.x0 >= m) for f in row}) >= 3 for row in rows
    )


def _masthead(top: Sequence[Fragment], below: Sequence[Fragment], size: float) -> bool:
    """Whether the page's top lines are a masthead: four rows at most, two lines' space or
    more above the text below."""
    gap = min(f.y0 for f in top) - max(f.y1 for f in below)
    return gap >= 2 * size and len(_grouped(top)) <= 4


def _region_lines(
    page: PageText, frags: Sequence[Fragment], gutters: Gutters, margins: Margins, band0: int
) -> list[Line]:
    """A region's lines in reading order: columns left to right, band by band (bands from
    ``band0``)."""
    if not frags:
        return []
    if not gutters:
        page_bounds = margins.single or (min(f.x0 for f in frags), max(f.x1 for f in frags))
        return _column_lines(_rows(frags), page.number, "S", band0, page_bounds)
    columns, spanning = _split_columns(frags, gutters)
    span_rows = _rows(spanning)
    # A fragment beside a spanning one on the same baseline belongs to that row (a table row).
    absorbed: set[int] = set()
    for row in span_rows:
        top, bottom = max(f.y1 for f in row), min(f.y0 for f in row)
        for column in columns:
            for f in column:
                overlap = min(top, f.y1) - max(bottom, f.y0)
                if id(f) not in absorbed and overlap > 0.5 * (f.y1 - f.y0):
                    row.append(f)
                    absorbed.add(id(f))
        row.sort(key=lambda f: f.x0)
    columns = [[f for f in column if id(f) not in absorbed] for column in columns]
    limits = _column_edges(gutters)
    known = margins.of(len(columns))
    bounds: list[Bounds] = []
    for k, column in enumerate(columns):
        lo = limits[k][0] if k else 0.0
        hi = limits[k][1] if k < len(columns) - 1 else page.width
        bounds.append(
            known[k]
            or (min((f.x0 for f in column), default=lo), max((f.x1 for f in column), default=hi))
        )
    all_bounds = (bounds[0][0], bounds[-1][1])
    lines: list[Line] = []
    cuts = [min(f.y0 for f in row) for row in span_rows]
    band_tops = [math.inf, *cuts]
    for band, top in enumerate(band_tops):
        bottom = cuts[band] if band < len(cuts) else -math.inf
        for k, column in enumerate(columns):
            rows = [row for row in _rows(column) if bottom < max(f.y0 for f in row) < top]
            lines.extend(_column_lines(rows, page.number, str(k + 1), band0 + band, bounds[k]))
        if band < len(span_rows):
            lines.append(_line(span_rows[band], page.number, "S", band0 + band, all_bounds))
    return lines


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    heading: bool
    level: int  # headings: 1 for "3", 2 for "3.1"...; 0 for body text


_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-Z]")
_MULTI_LEVEL = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+[A-Z]")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…|(?:\. ){3,})\s*\d{1,3}$")
_LIST_MARKER = re.compile(
    r"^(?:recommendation\s+\d+\b|r\d{1,2}\b[.:)]?|\d{1,2}[.)]\s|\(?[a-z]\)\s|[•▪●◦‣*–-]\s|[•▪●◦‣])",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[•▪●◦‣*–—-]\s+|[•▪●◦‣]\s*)")
# A paragraph of figures only (a contents page's numbers, a chart's values): no words to search.
_FIGURES = re.compile(r"^[\d\s.,:;%£$€+()/–—-]+$")
_LABEL = re.compile(r"^(?:\d{1,2}[.)]|[•▪●◦‣*–—-])$")  # a list item's marker, its text apart


@dataclass(frozen=True, slots=True)
class BodyStyle:
    size: float
    leading: float


def body_style(lines: Sequence[Line]) -> BodyStyle:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    deltas: Counter[float] = Counter()
    for a, b in itertools.pairwise(lines):
        if (a.page, a.column, a.band) == (b.page, b.column, b.band) and abs(a.size - size) < 0.6:
            delta = round(a.baseline - b.baseline, 1)
            if 0 < delta < 3 * size:
                deltas[delta] += 1
    leading = deltas.most_common(1)[0][0] if deltas else 1.2 * size
    return BodyStyle(size=size, leading=leading)


def page_leadings(lines: Sequence[Line], body: BodyStyle) -> dict[int, float]:
    """Each page's usual line spacing in the body's type: a report may set some pages (a
    foreword, an annex) at one and a half lines, and a paragraph's first two lines are judged
    by its page's spacing, not the whole document's."""
    deltas: dict[int, Counter[float]] = {}
    for a, b in itertools.pairwise(lines):
        if _same_flow(a, b) and abs(a.size - body.size) < 0.6 and not (a.table or b.table):
            delta = round(a.baseline - b.baseline, 1)
            if 0 < delta < 3 * body.size:
                deltas.setdefault(a.page, Counter())[delta] += 1
    return {
        page: counts.most_common(1)[0][0]
        for page, counts in deltas.items()
        if counts.most_common(1)[0][1] >= 3
    }


def is_heading(line: Line, body: BodyStyle) -> bool:
    text = line.text
    words = len(text.split())
    if words == 0 or words > 16 or len(text) > 120 or line.wide_gap:
        return False
    if not any(c.isalpha() for c in text) or text.endswith((",", ";")):
        return False
    if _BULLET.match(text):
        return False  # a list item set in bold
    if _TOC_ENTRY.search(text):
        return False  # "3.1 The family ........ 12": a contents entry, not the heading itself
    # Bold small print (a table's header row, a caption) is not a heading either.
    emphasised = line.size >= body.size * 1.12 or (line.bold and line.size >= body.size * 0.95)
    if emphasised:
        # A sentence set in bold (a run-in lead, a quotation) is not a heading.
        return not (text.endswith(".") and words > 8)
    # "3.2 Title" in body type; a numbered paragraph ("4.3 On 12 March the health visitor…")
    # fills its first line, a heading does not.
    return (
        bool(_MULTI_LEVEL.match(text))
        and not ends_sentence(text)
        and line.x1 < line.col_right - 2 * body.size
    )


def cover_page(lines: Sequence[Line], body: BodyStyle) -> int | None:
    """1 when the first page is a title page (little text in the body's type), else None.

    Its big lines are the report's title, not section headings."""
    first = [line for line in lines if line.page == 1]
    if not first or len({line.page for line in lines}) < 3:
        return None
    running = sum(len(ln.text) for ln in first if abs(ln.size - body.size) < 0.5 and not ln.bold)
    return 1 if running <= 0.25 * sum(len(ln.text) for ln in first) else None


Style = tuple[float, bool]  # a heading's size (to half a point) and weight


def heading_levels(headings: Sequence[tuple[str, Style]]) -> list[int]:
    """Each heading's level: 1 for "3", 2 for "3.1"...; an unnumbered heading takes the level
    of the numbered ones set in its style ("Next steps" in the type of "7 Recommendations" is
    a level-1 heading too), else one below the deepest numbered style larger than its own; a
    report without numbered headings ranks its heading styles by size, largest first."""
    depths: dict[Style, Counter[int]] = {}
    for text, style in headings:
        numbered = _NUMBERED_HEADING.match(text)
        if numbered:
            depths.setdefault(style, Counter())[numbered.group(1).count(".") + 1] += 1
    usual = {style: counts.most_common(1)[0][0] for style, counts in depths.items()}
    sizes = sorted({style[0] for _, style in headings}, reverse=True)
    levels: list[int] = []
    for text, style in headings:
        numbered = _NUMBERED_HEADING.match(text)
        if numbered:
            levels.append(numbered.group(1).count(".") + 1)
        elif style in usual:
            levels.append(usual[style])
        elif usual:
            above = [
                depth
                for (size, bold), depth in usual.items()
                if size > style[0] + 0.3 or (abs(size - style[0]) <= 0.3 and bold and not style[1])
            ]
            levels.append(max(above) + 1 if above else 1)
        else:
            levels.append(next(r for r, size in enumerate(sizes, 1) if style[0] >= size - 0.3))
    return levels


def _justified(lines: Sequence[Line]) -> bool:
    full = sum(1 for line in lines if line.x1 >= line.col_right - 2)
    return full >= 0.5 * len(lines)


def _same_flow(a: Line, b: Line) -> bool:
    return (a.page, a.column, a.band) == (b.page, b.column, b.band)


def _heading_goes_on(current: Sequence[Line], line: Line) -> bool:
    """A second line of the same heading: same style, close below, not numbered itself."""
    prev = current[-1]
    return (
        _same_flow(prev, line)
        and 0 < prev.baseline - line.baseline <= 1.6 * line.size
        and abs(prev.size - line.size) < 0.6
        and prev.bold == line.bold
        and not _NUMBERED_HEADING.match(line.text)
    )


def _breaks_in_flow(
    current: Sequence[Line],
    line: Line,
    body: BodyStyle,
    justified: bool,
    leadings: dict[int, float] | None = None,
) -> bool:
    """Whether ``line``, right below the paragraph's last line, starts a new paragraph."""
    prev, em = current[-1], body.size
    delta = prev.baseline - line.baseline
    # The paragraph's own line spacing once it has one; its page's (or the body's) until then.
    own = current[-2].baseline - prev.baseline if len(current) >= 2 else 0.0
    leading = leadings.get(line.page, body.leading) if leadings else body.leading
    expected = own if own > 0 else leading * line.size / body.size
    in_list_item = _LIST_MARKER.match(current[0].text) is not None
    return (
        delta > expected * 1.15 + 0.5
        or delta <= 0
        or _LIST_MARKER.match(line.text) is not None
        or (
            line.x0 >= prev.x0 + INDENT * em
            and line.x0 >= line.col_left + INDENT * em
            and not in_list_item
        )
        or (justified and prev.x1 < prev.col_right - 2 * em and ends_sentence(prev.text))
    )


def _breaks_across(current: Sequence[Line], line: Line, em: float) -> bool:
    """Whether ``line``, first after a column or page break, starts a new paragraph.

    The paragraph goes on if its sentence does, or its last line filled the column (justified
    text), or the new line sits at the hanging indent of the list item being continued."""
    prev = current[-1]
    if prev.column.startswith(MASTHEAD) and not line.column.startswith(MASTHEAD):
        return True  # no text runs on from a masthead into the page's columns
    indent = line.x0 - line.col_left
    item = _LIST_MARKER.match(current[0].text) is not None
    step = indent - (prev.x0 - prev.col_left)
    # The item's own lines so far set its hanging indent; its first line alone does not, but
    # its text starts a few characters in.
    hanging = item and (abs(step) < 2 if len(current) > 1 else 0 < step <= 3 * em)
    continues = not ends_sentence(prev.text) or prev.x1 >= prev.col_right - 2 or hanging
    return (
        not continues
        or _LIST_MARKER.match(line.text) is not None
        or (indent >= INDENT * em and not hanging)
    )


# "23 See ...", "23See ...", "* Not ...": a marker then its text, never a list of figures
# ("22–10–02, 22–10–03," in small type is a regulation's text, not note 22).
_FOOTNOTE_START = re.compile(r"^(?:\d{1,3}(?:\s+|(?=[^\W\d_]))|[*†‡]\s*)\S")


def footnotes(lines: Sequence[Line], body: BodyStyle) -> set[int]:
    """Indexes of footnote lines: a column's last lines on a page, smaller than the body's
    type and below a line of larger type in that column, from one that starts with a marker
    number ("23 See ...") on. A column before the page's last one needs a gap above its notes
    (their rule's room), and small lines at its foot that start without a marker go on from
    the note before them on the page (a note run on from the foot of the column before)."""
    out: set[int] = set()
    start = 0
    while start < len(lines):
        page = lines[start].page
        end = start
        while end < len(lines) and lines[end].page == page:
            end += 1
        # The page's columns (flows), in reading order.
        flows: list[tuple[int, int]] = []
        for i in range(start, end):
            if flows and _same_flow(lines[flows[-1][0]], lines[i]):
                flows[-1] = (flows[-1][0], i + 1)
            else:
                flows.append((i, i + 1))
        noted = False  # a note found in a column before this one on the page
        for k, (lo, hi) in enumerate(flows):
            small = hi
            while (
                small > lo
                and lines[small - 1].size <= 0.9 * body.size
                and not lines[small - 1].table
            ):
                small -= 1
            # Notes are smaller than the text above them: a column all in small type (an
            # annex, a regulation's text) has none, whatever its lines start with.
            if small in (lo, hi):
                continue
            last = k == len(flows) - 1
            gap = lines[small - 1].baseline - lines[small].baseline
            if not last and gap <= 1.5 * body.leading:
                continue
            first = next(
                (i for i in range(small, hi) if _FOOTNOTE_START.match(lines[i].text)), None
            )
            if noted and first != small:
                first = small  # the note before goes on here
            if first is not None:
                out.update(range(first, hi))
                noted = True
        start = end
    return out


def paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """Group lines into paragraphs and headings, joining paragraphs split by a page or column.

    Footnotes are set apart: the body's paragraph goes on across them, and a column's notes
    follow the paragraph that was running at its foot."""
    if not lines:
        return []
    body = body_style(lines)
    cover = cover_page(lines, body)
    notes = footnotes(lines, body)
    flags = [
        i not in notes and line.page != cover and not line.table and is_heading(line, body)
        for i, line in enumerate(lines)
    ]
    body_lines = [line for line, heading in zip(lines, flags, strict=True) if not heading]
    justified = _justified(body_lines) if body_lines else False
    words, compounds = vocabulary(line.text for line in body_lines)
    leadings = page_leadings(body_lines, body)
    styles: list[Style] = []  # of the headings, in order

    def finish(group: Sequence[Line], heading: bool) -> Paragraph:
        if heading:
            styles.append((round(group[0].size * 2) / 2, group[0].bold))
            return Paragraph(normalise(" ".join(line.text for line in group)), True, 0)
        return Paragraph(join_lines([line.text for line in group], words, compounds), False, 0)

    # Footnote paragraphs, one per marker, its lines joined, each anchored to the last line of
    # text before it (its column's last): it follows the paragraph holding that line.
    anchored: list[tuple[int, list[Line]]] = []
    for i in sorted(notes):
        line = lines[i]
        if not anchored or _FOOTNOTE_START.match(line.text):
            anchor = next((j for j in range(i - 1, -1, -1) if j not in notes), -1)
            anchored.append((anchor, [line]))
        else:
            anchored[-1][1].append(line)
    main = [(i, line, flags[i]) for i, line in enumerate(lines) if i not in notes]
    if not main:
        return [finish(group, False) for _, group in anchored]

    out: list[Paragraph] = []
    pending = iter(anchored)
    waiting = next(pending, None)

    def emit(group: Sequence[Line], heading: bool, last: int) -> None:
        nonlocal waiting
        out.append(finish(group, heading))
        # The notes of the columns this paragraph ran across, now that it is whole.
        while waiting is not None and waiting[0] <= last:
            out.append(finish(waiting[1], False))
            waiting = next(pending, None)

    current: list[Line] = [main[0][1]]
    current_heading = main[0][2]
    last = main[0][0]
    for i, line, heading in main[1:]:
        if line.table or current[-1].table:
            new = True
        elif heading or current_heading:
            new = not (heading and current_heading and _heading_goes_on(current, line))
        elif _same_flow(current[-1], line):
            new = _breaks_in_flow(current, line, body, justified, leadings)
        else:
            new = _breaks_across(current, line, body.size)
        if new:
            emit(current, current_heading, last)
            current, current_heading = [line], heading
        else:
            current.append(line)
        last = i
    emit(current, current_heading, len(lines))
    heads = [p for p in out if p.heading]
    levels = iter(heading_levels([(p.text, st) for p, st in zip(heads, styles, strict=True)]))
    out = [Paragraph(p.text, True, next(levels)) if p.heading else p for p in out]
    return tidy(out)


def tidy(paras: Sequence[Paragraph]) -> list[Paragraph]:
    """Paragraphs of figures only dropped (a contents page's numbers, a chart's values); a list
    marker set apart from its text ("1." in a hanging column) put back in front of it."""
    out: list[Paragraph] = []
    label = ""
    for p in paras:
        if not p.heading and _LABEL.match(p.text):
            label = p.text
            continue
        if not p.heading and _FIGURES.match(p.text):
            continue
        if label and not p.heading:
            p = Paragraph(f"{label} {p.text}", False, 0)
        label = ""
        out.append(p)
    return out


# --------------------------------------------------------------------------- structure

_NUMBER_PREFIX = re.compile(r"^(?:(?:section|chapter|part)\s+)?\d+(?:\.\d+)*[.:)]?\s+", re.I)
_ITEM = re.compile(
    r"^(?:recommendation\s+(\d{1,2})\s*[:.\-–—)]?|r(\d{1,2})\s*[:.\-–—)]?|(\d{1,2})[.)](?=\s))\s*",
    re.IGNORECASE,
)


def _title(heading: str) -> str:
    """A heading without its number, lower-cased, for matching section names."""
    return _NUMBER_PREFIX.sub("", heading, count=1).lower()


def _section(paras: Sequence[Paragraph], start: int) -> list[Paragraph]:
    """The paragraphs under ``paras[start]`` up to the next heading of its level or higher.

    A title found in body type (``_titles``) has no level: it ends at the next heading of the
    highest level that follows it."""
    if paras[start].heading:
        level = paras[start].level
    else:
        level = min((p.level for p in paras[start + 1 :] if p.heading), default=0)
    end = start + 1
    while end < len(paras) and not (paras[end].heading and paras[end].level <= level):
        end += 1
    return list(paras[start + 1 : end])


def _section_text(paras: Sequence[Paragraph]) -> str | None:
    text = "\n\n".join(p.text for p in paras).strip()
    return text or None


def _titles(paras: Sequence[Paragraph], needle: str, avoid: str = "") -> list[int]:
    """Where a section named ``needle`` starts: a heading holding the name, or a short line in
    body type that is the name (a heading the typesetting did not mark)."""
    out = []
    for i, p in enumerate(paras):
        title = _title(p.text)
        if avoid and avoid in title:
            continue
        named = (
            needle in title
            if p.heading
            else len(title.split()) <= 8
            and title.rstrip(":").startswith(needle)
            and not _TOC_ENTRY.search(title)
            and (not ends_sentence(title) or title.endswith(":"))
        )
        if named:
            out.append(i)
    return out


def _find_text(paras: Sequence[Paragraph], *needles: str, avoid: str = "") -> str | None:
    """The text of the section named by the first needle found; of several sections so named
    (a contents list, a "report structure" list, the section itself), the longest."""
    for needle in needles:
        texts = [_section_text(_section(paras, i)) or "" for i in _titles(paras, needle, avoid)]
        if any(texts):
            return max(texts, key=len)
    return None


def recommendation_items(section: Sequence[Paragraph]) -> list[str]:
    """The items of a recommendations section: its numbered items, number prefixes removed, or
    when none is numbered, its bulleted ones ("•", "-", "–" markers removed). Text between
    items continues the item before while that item's sentence goes on; a heading closes it."""
    numbered = any(_ITEM.match(p.text) for p in section if not p.heading)
    marker = _ITEM if numbered else _BULLET
    items: list[str] = []
    open_label = False  # a marker on its own ("Recommendation 3"), its text in what follows
    closed = True
    for p in section:
        if p.heading:
            closed, open_label = True, False
            continue
        match = marker.match(p.text)
        if match:
            rest = p.text[match.end() :].strip()
            items.append(rest)
            open_label, closed = not rest, False
        elif closed or not items:
            continue
        elif open_label or not ends_sentence(items[-1]):
            items[-1] = f"{items[-1]} {p.text}".strip()
            open_label = False
        elif numbered and _BULLET.match(p.text) and items[-1].endswith(":"):
            items[-1] = f"{items[-1]} {p.text}"  # "1. The board should: • ... • ..."
        else:
            closed = True
    return [item for item in items if item]


def structure(
    paras: Sequence[Paragraph],
) -> tuple[tuple[str, ...], str | None, str | None, tuple[str, ...]]:
    headings = tuple(p.text for p in paras if p.heading)
    summary = _find_text(paras, "executive summary")
    if summary is None:
        summary = _find_text(paras, "summary", avoid="recommendation")
    findings = _find_text(paras, "findings", "analysis")
    # Prefer a section titled "Recommendations…" over e.g. "Summary of recommendations"; among
    # equals, the one with most items, then the later one (the full list follows a summary).
    best: tuple[int, int, int, list[str]] | None = None
    for i in _titles(paras, "recommendation"):
        title = _title(paras[i].text)
        items = recommendation_items(_section(paras, i))
        rank = (int(title.startswith("recommendation")), len(items), i, items)
        if items and (best is None or rank[:3] > best[:3]):
            best = rank
    recommendations = tuple(best[3]) if best else ()
    return headings, summary, findings, recommendations


# --------------------------------------------------------------------------- the whole file


def sniff(head: bytes, size: int) -> str | None:
    """Why a file starting with these bytes is not a PDF, or None when it may be one."""
    if size == 0:
        return "empty file (0 bytes)"
    if b"%PDF-" in head:
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    shown = "".join(c if c.isprintable() else "." for c in start[:24].decode("latin-1"))
    lowered = start.lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return f"not a PDF: an HTML page (starts with {shown!r})"
    return f"not a PDF (starts with {shown!r})"


def has_trailer(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - TAIL_BYTES))
        return b"%%EOF" in handle.read()


def _one_line(error: BaseException) -> str:
    message = _SPACES.sub(" ", str(error)).strip()
    name = type(error).__name__
    text = f"{name}: {message}" if message else name
    return text if len(text) <= 200 else text[:197] + "..."


def _page_count(document: PDFDocument) -> int | None:
    try:
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])
    except Exception:  # a damaged page tree; pages are then counted as they are read
        return None
    return count if isinstance(count, int) else None


def read_pages(path: Path, limits: ExtractLimits) -> Iterator[PageText] | ReportText:
    """The pages' text geometry, or a failed ReportText when the file cannot be opened."""
    try:
        handle = path.open("rb")
        head = handle.read(HEAD_BYTES)
        size = path.stat().st_size
    except OSError as error:  # pdfminer's own errors include OSError subclasses; not these
        return failed(f"cannot read the file: {_one_line(error)}")
    reason = sniff(head, size)
    if reason:
        handle.close()
        return failed(reason)
    handle.seek(0)
    try:
        document = PDFDocument(PDFParser(handle), password="")
    except PDFPasswordIncorrect:
        handle.close()
        return failed("encrypted (password protected)")
    except PDFEncryptionError as error:
        handle.close()
        return failed(f"encrypted ({_one_line(error)})")
    except BaseException:
        handle.close()
        raise
    count = _page_count(document)
    if count is not None and count > limits.max_pages:
        handle.close()
        return failed(f"more than {limits.max_pages} pages ({count})", pages=count)

    def generate() -> Iterator[PageText]:
        with handle:
            resources = PDFResourceManager(caching=True)
            device = GlyphDevice(resources)
            interpreter = PDFPageInterpreter(resources, device)
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                interpreter.process_page(page)
                yield device.page(number)

    return generate()


def extract_report(path: Path, limits: ExtractLimits = DEFAULT_LIMITS) -> ReportText:
    """Clean text and structure of the PDF at ``path``; never raises (see the module doc)."""
    try:
        return _extract(Path(path), limits)
    except RecursionError:
        return failed("truncated or damaged PDF: nesting too deep")
    except MemoryError:
        return failed("extractor ran out of memory")
    except Exception as error:
        log.info("extraction of %s failed", path, exc_info=True)
        return failed(f"truncated or damaged PDF: {_one_line(error)}")


def clean_pages(pages: Sequence[PageText]) -> list[Paragraph]:
    """The pages' text as paragraphs and headings in reading order: running headers, footers
    and page numbers removed, columns read in turn, broken lines and words joined.

    Pure (geometry in, paragraphs out), so it is tested without drawing a PDF."""
    body = strip_furniture(pages)
    gutters = document_gutters(body)
    margins = document_margins(body, gutters)
    lines = [line for p, g in zip(body, gutters, strict=True) for line in page_lines(p, g, margins)]
    return paragraphs(lines)


def _extract(path: Path, limits: ExtractLimits) -> ReportText:
    opened = read_pages(path, limits)
    if isinstance(opened, ReportText):
        return opened
    pages: list[PageText] = []
    for page in opened:
        if page.number > limits.max_pages:  # the page tree's count was missing or wrong
            return failed(f"more than {limits.max_pages} pages", pages=page.number)
        pages.append(page)
    if not has_trailer(path):
        # pdfminer recovers what it can from a cut-off file; we want it fetched again instead.
        return failed(
            "truncated or damaged PDF: no %%EOF marker at the end (download cut short?)",
            pages=len(pages),
        )
    count = len(pages)
    if count == 0:
        return ReportText(status="empty", reason="no pages", pages=0)
    # Scanned pages are decided one by one: a briefing with a picture page keeps the text of
    # its other pages (and names the picture pages, for OCR to read them alone).
    scanned = tuple(p.number for p in pages if p.images and p.chars < SCAN_MAX_CHARS)
    with_text = sum(1 for p in pages if p.chars >= SCAN_MAX_CHARS)
    if scanned and (len(scanned) > 0.5 * count or not with_text):
        return ReportText(
            status="needs_ocr",
            reason=f"no text layer on {len(scanned)} of {count} pages (scanned images)",
            pages=count,
            scanned_pages=scanned,
        )
    if sum(p.chars for p in pages) == 0:
        return ReportText(status="empty", reason="no text and no images", pages=count)
    paras = clean_pages(pages)
    if not paras:
        return ReportText(status="empty", reason="only page furniture, no body text", pages=count)
    headings, summary, findings, recommendations = structure(paras)
    return ReportText(
        status="ok",
        reason=scanned_reason(scanned, count),
        pages=count,
        text="\n\n".join(p.text for p in paras),
        headings=headings,
        executive_summary=summary,
        findings=findings,
        recommendations=recommendations,
        scanned_pages=scanned,
    )


def scanned_reason(scanned: Sequence[int], count: int) -> str | None:
    """Why an ``ok`` text is not the whole report: the pages that are images only."""
    if not scanned:
        return None
    listed = ", ".join(map(str, scanned[:10])) + (", ..." if len(scanned) > 10 else "")
    noun = "page" if len(scanned) == 1 else "pages"
    return f"no text layer on {noun} {listed} of {count} (images; OCR reads them)"
