"""Glyphs off a PDF page, grouped into line fragments: the input of ``harvester.pdftext``.

pdfminer's layout analysis (``PDFPageAggregator`` with ``LAParams``) builds an ``LTChar`` object
per glyph, ``LTCurve`` objects for every path drawn, then text lines, then text boxes; we use
only the lines, flattened into :class:`Fragment` records. :class:`GlyphDevice` keeps the
interpreter (content streams, fonts, text state) and replaces the rest: it records each glyph
as a tuple, skips paths, counts images and glyphs set at an angle (a margin note, a chart's
axis label: they are not read), and groups glyphs into fragments with pdfminer's own
line rule (consecutive glyphs on one baseline, overlapping by half a glyph's height, less than
two glyph widths apart; a space where the gap is over a tenth of a glyph), so the text is the
same as pdfminer's and the whole extraction costs less than ``pdfminer.high_level.extract_text``.

What only a glyph shows is decided here:

- **Footnote markers**: digits set smaller than the glyph before them and raised above its
  baseline ("DPIA²³", "framework¹") are dropped, so the word stays searchable; a fragment that
  starts with one (the footnote's own text at the page foot) keeps it.
- **Symbol-font bullets**: Word draws list bullets in Symbol or Wingdings, whose glyphs map to
  Unicode's private use area (U+F0B7, U+F0A7, U+F0D8...); every private-use glyph becomes "•",
  which the paragraph builder knows as a list marker.
- **Accents drawn apart**: some typesetters draw "ê" as "e" and then a spacing circumflex
  (U+02C6) over it; an accent glyph set inside the letter before it joins that letter ("Agência",
  "Aviação"), so the word reads, and is found, as it is printed.
- **Wide gaps between words** inside a fragment (``Fragment.cuts``), where a table's cells may
  have run together.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSLiteral
from pdfminer.utils import Matrix, Point, Rect, apply_matrix_rect

# pdfminer's line rule, with its default LAParams (see the module doc).
LINE_OVERLAP = 0.5
CHAR_MARGIN = 2.0
WORD_MARGIN = 0.1
# A footnote marker: at most this share of the preceding glyph's size, raised by this share.
MARKER_SIZE = 0.8
MARKER_RISE = 0.2
# A gap between two words this many ems wide inside a fragment may end a table's cell.
CUT = 0.5
# Spacing accents a typesetter may draw over the letter before them, and the combining marks
# they stand for.
ACCENTS = {
    "\u02c6": "\u0302", "\u02dc": "\u0303", "\u00b8": "\u0327", "\u00a8": "\u0308",
    "\u00b4": "\u0301", "`": "\u0300", "\u02d8": "\u0306", "\u02c7": "\u030c",
    "\u02da": "\u030a", "\u00af": "\u0304", "\u02d9": "\u0307", "\u02dd": "\u030b",
    "\u02db": "\u0328",
}  # fmt: skip

# --------------------------------------------------------------------------- text normalising

LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
_CHAR_MAP = str.maketrans(
    {
        **{lig: unicodedata.normalize("NFKC", lig) for lig in LIGATURES},
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
_SPACES = re.compile(r"\s+")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]+")


def normalise(text: str) -> str:
    """Ligatures spelled out, curly quotes straightened, private-use glyphs (Symbol and
    Wingdings bullets) made "•", runs of whitespace made one space."""
    text = text.translate(_CHAR_MAP)
    if max(text, default=" ") >= "\ue000":
        text = _PRIVATE_USE.sub("• ", text)
    return _SPACES.sub(" ", text).strip()


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of text on one baseline as pdfminer groups it (part of a line at most)."""

    x0: float
    x1: float
    y0: float
    y1: float
    text: str
    size: float
    bold: bool
    chars: int
    # Gaps between its words wider than CUT ems, where a table's cells may meet (harvester.
    # pdftables splits there): (end of the word before, start of the word after, words before).
    cuts: tuple[tuple[float, float, int], ...] = ()


@dataclass(frozen=True, slots=True)
class PageText:
    number: int  # 1-based
    width: float
    height: float
    fragments: tuple[Fragment, ...]
    images: int
    chars: int


# A glyph: x0, y0, x1, y1, text, font key (an index into GlyphDevice.bold).
Glyph = tuple[float, float, float, float, str, int]

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def is_bold(fontname: str) -> bool:
    return _BOLD.search(fontname) is not None


def _fontname(font: PDFFont) -> str:
    name = getattr(font, "fontname", "")
    if isinstance(name, PSLiteral):
        name = name.name
    return name if isinstance(name, str) else str(name)


class GlyphDevice(PDFTextDevice):
    """Records each page's glyphs, by container (the page, each form XObject), and its images."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.groups: list[list[Glyph]] = []
        self.images = 0
        self.rotated = 0  # glyphs set at an angle (margin notes, chart labels): counted, not read
        self.width = self.height = 0.0
        self.bold: list[bool] = []  # by font key
        self._fonts: dict[PDFFont, tuple[int, float, dict[int, tuple[str, float]]]] = {}
        self._current: list[Glyph] = []
        self._stack: list[list[Glyph]] = []

    # -- the page and its containers

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        x0, y0, x1, y1 = apply_matrix_rect(ctm, page.mediabox)
        self.width, self.height = abs(x1 - x0), abs(y1 - y0)
        self.groups, self.images, self.rotated = [], 0, 0
        self._current, self._stack = [], []

    def end_page(self, page: PDFPage) -> None:
        self.groups.append(self._current)
        for pending in self._stack:  # a damaged stream left a form open
            self.groups.append(pending)
        self._stack = []

    def begin_figure(self, name: str, bbox: Rect, matrix: Matrix) -> None:
        self._stack.append(self._current)
        self._current = []

    def end_figure(self, name: str) -> None:
        self.groups.append(self._current)
        self._current = self._stack.pop() if self._stack else []

    def render_image(self, name: str, stream: PDFStream) -> None:
        self.images += 1

    # -- glyphs

    def _font(self, font: PDFFont) -> tuple[int, float, dict[int, tuple[str, float]]]:
        known = self._fonts.get(font)
        if known is None:
            key = len(self.bold)
            self.bold.append(is_bold(_fontname(font)))
            known = self._fonts[font] = (key, font.get_descent(), {})
        return known

    @staticmethod
    def _char(font: PDFFont, cid: int) -> tuple[str, float]:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"
        return text, font.char_width(cid)

    def render_string_horizontal(
        self,
        seq: Iterable[int | float | bytes],
        matrix: Matrix,
        pos: Point,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        charspace: float,
        wordspace: float,
        rise: float,
        dxscale: float,
        ncs: object,
        graphicstate: PDFGraphicState,
    ) -> Point:
        """pdfminer's loop over a string's glyphs, inlined (it is where the time goes)."""
        x, y = pos
        a, b, c, d, e, f = matrix
        key, descent, chars = self._font(font)
        lo = descent * fontsize + rise
        hi = lo + fontsize
        straight = b == 0 and c == 0
        out = self._current
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    entry = chars.get(cid)
                    if entry is None:
                        entry = chars[cid] = self._char(font, cid)
                    adv = entry[1] * fontsize * scaling
                    ex = x * a + y * c + e
                    fy = x * b + y * d + f
                    if straight:
                        x0, x1 = ex, a * adv + ex
                        y0, y1 = d * lo + fy, d * hi + fy
                        if x1 < x0:
                            x0, x1 = x1, x0
                        if y1 < y0:
                            y0, y1 = y1, y0
                        out.append((x0, y0, x1, y1, entry[0], key))
                    else:
                        self.rotated += 1
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
        return x, y

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: object,
        graphicstate: PDFGraphicState,
    ) -> float:
        """A glyph of a vertical font (the horizontal ones are drawn inline above)."""
        key, _, chars = self._font(font)
        entry = chars.get(cid)
        if entry is None:
            entry = chars[cid] = self._char(font, cid)
        adv = entry[1] * fontsize * scaling
        vx, vy = font.char_disp(cid)  # type: ignore[misc]
        vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
        vy = (1000 - vy) * fontsize * 0.001
        box = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        self._current.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), entry[0], key))
        return adv

    # -- the page's text

    def page(self, number: int) -> PageText:
        fragments: list[Fragment] = []
        for glyphs in self.groups:
            if glyphs:
                fragments.extend(line_fragments(glyphs, self.bold))
        return PageText(
            number=number,
            width=self.width,
            height=self.height,
            fragments=tuple(fragments),
            images=self.images,
            chars=sum(f.chars for f in fragments) + self.rotated,
        )


# --------------------------------------------------------------------------- lines


def _same_line(g0: Glyph, g1: Glyph) -> bool:
    """pdfminer's rule: vertically overlapping by half the smaller height, close horizontally."""
    overlap = min(g0[3], g1[3]) - max(g0[1], g1[1])
    if overlap < 0 or overlap <= LINE_OVERLAP * min(g0[3] - g0[1], g1[3] - g1[1]):
        return False
    if g1[0] > g0[2]:
        gap = g1[0] - g0[2]
    elif g0[0] > g1[2]:
        gap = g0[0] - g1[2]
    else:
        return True
    return gap < CHAR_MARGIN * max(g0[2] - g0[0], g1[2] - g1[0])


def line_fragments(glyphs: Sequence[Glyph], bold: Sequence[bool]) -> list[Fragment]:
    """Consecutive glyphs on one line, as fragments (see the module doc)."""
    out: list[Fragment] = []
    start = 0
    for i in range(1, len(glyphs) + 1):
        if i == len(glyphs) or not _same_line(glyphs[i - 1], glyphs[i]):
            fragment = _fragment(glyphs[start:i], bold)
            if fragment is not None:
                out.append(fragment)
            start = i
    return out


def _is_marker(glyph: Glyph, ref: Glyph) -> bool:
    size, ref_size = glyph[3] - glyph[1], ref[3] - ref[1]
    return (
        glyph[4].isdigit()
        and size <= MARKER_SIZE * ref_size
        and glyph[1] >= ref[1] + MARKER_RISE * ref_size
    )


def _fragment(line: Sequence[Glyph], bold: Sequence[bool]) -> Fragment | None:
    parts: list[str] = []
    cuts: list[tuple[float, float, int]] = []  # wide gaps; the int is len(parts) for now
    spaces: list[float] = []  # every gap between words
    x1 = line[0][0]
    ref: Glyph | None = None  # the last body glyph: what a marker is raised above
    after_marker = False
    i, n = 0, len(line)
    while i < n:
        glyph = line[i]
        if ref is not None and _is_marker(glyph, ref):
            # The whole marker ("12", "3,4") goes; the word goes on where it ended.
            j = i + 1
            while j < n and (
                _is_marker(line[j], ref)
                or (line[j][4] in ",-–" and j + 1 < n and _is_marker(line[j + 1], ref))
            ):
                j += 1
            x1, after_marker, i = line[j - 1][2], True, j
            if i < n and line[i][4] in ".,;:)" and parts and parts[-1] == " ":
                parts.pop()  # "outcomes ²." -> "outcomes."
            continue
        if (
            glyph[4] in ACCENTS
            and ref is not None
            and parts
            and parts[-1] == ref[4]
            and ref[0] - 0.5 <= (glyph[0] + glyph[2]) / 2 <= ref[2] + 0.5
        ):
            # An accent drawn over the letter before it: one letter ("e" + "ˆ" -> "ê").
            parts[-1] = unicodedata.normalize("NFC", ref[4] + ACCENTS[glyph[4]])
            i += 1
            continue
        gap = glyph[0] - x1 > WORD_MARGIN * max(glyph[2] - glyph[0], glyph[3] - glyph[1])
        if gap or (after_marker and glyph[4][:1].isalnum()):
            parts.append(" ")
        after_marker = False
        if ref is not None and parts and parts[-1].isspace() and not glyph[4].isspace():
            space = glyph[0] - ref[2]  # a word starts
            spaces.append(space)
            if space >= CUT * (glyph[3] - glyph[1]):
                cuts.append((ref[2], glyph[0], len(parts)))
        parts.append(glyph[4])
        x1 = glyph[2]
        if not glyph[4].isspace():
            ref = glyph
        i += 1
    text = normalise("".join(parts))
    if not text:
        return None
    # A justified line stretches all its spaces alike: a cut is twice as wide as most.
    if cuts and len(spaces) >= 3:
        usual = statistics.median(spaces)
        cuts = [c for c in cuts if c[1] - c[0] >= 2 * usual]
    # Each cut as the number of words before it in the text.
    words = _word_cuts("".join(parts), parts, cuts, len(text.split(" "))) if cuts else ()
    # A dozen glyphs tell a line's size and weight.
    sample = line[:: max(1, len(line) // 12)]
    heavy = sum(1 for g in sample if bold[g[5]])
    return Fragment(
        x0=min(g[0] for g in line),
        x1=max(g[2] for g in line),
        y0=min(g[1] for g in line),
        y1=max(g[3] for g in line),
        text=text,
        size=statistics.median(g[3] - g[1] for g in sample),
        bold=heavy >= 0.8 * len(sample),
        chars=len(text) - text.count(" "),
        cuts=words,
    )


_TOKEN = re.compile(r"[\ue000-\uf8ff]+|[^\s\ue000-\uf8ff]+")  # the words normalise() leaves


def _word_cuts(
    raw: str, parts: Sequence[str], cuts: Sequence[tuple[float, float, int]], count: int
) -> tuple[tuple[float, float, int], ...]:
    """The cuts with, for each, the number of the text's words before it (``count`` words in
    all; none when the raw text's words do not match them)."""
    starts = [m.start() for m in _TOKEN.finditer(raw)]
    if len(starts) != count:
        return ()
    offsets = [0, *itertools.accumulate(map(len, parts))]
    out = []
    for a, b, at in cuts:
        n = bisect.bisect_left(starts, offsets[at])
        if 0 < n < count:
            out.append((a, b, n))
    return tuple(out)
