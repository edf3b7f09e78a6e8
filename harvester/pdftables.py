"""Tables in a column of text, found from the fragments' geometry alone, read row by row.

A table's cells would otherwise be read line by line across the row, each cell's first line
then each cell's second ("Legal Legal obligation provides a lawful basis where the processing
of Obligation information is necessary…"). Paths (a bordered table's rules) are not read, so
bordered and unbordered tables are found the same way:

- **A column edge**: an x where three fragments or more start, other than the column's own
  margin, with an empty strip (2 pt at least) before it on every row of a run of rows: no
  fragment crosses it. Prose crosses any such x within a line or two; a table's columns do not.
  Cells may touch: a cell's text that ends at most half an em past the edge, overlapping
  nothing, does not cross it ("... Sequel Server" ending where "Council staff" starts), and
  cells so close that pdfminer ran them into one fragment are cut apart (:func:`split_cells`)
  at a wide gap between words (half an em and twice the line's usual space) where the next
  word starts at an edge; such words count towards edges too. Not after a list marker alone,
  nor before figures alone (a contents line's page number).
- **The table**: the run of rows from the first with text on both sides of the edge, at least
  three rows having both; other edges empty over the same rows are the table's other columns.
  Text left of the edge that is only list markers ("1.", "•", "a)") is a hanging list, not a
  table.
- **Rows**: the lines are cut into bands where the step from a line to the next is larger than
  the table's least line spacing (every line is a band when the spacing never varies); a band
  with text in the first column starts a row (that text may be centred on the row, not on its
  first line), a band without is more of the row before (a cell's second paragraph). When the
  spacing never varies the text decides: a first-column label on a line whose other cells
  carry on from the line above ("naturally, and therefore...") is set low in its cell, and its
  row starts at the first line between it and the label before that begins cells of its own;
  a label line below another, beside cells that wrapped onto it, is a first cell's second
  line, and so is a lower-case label line alone ("marker removal."). Rows set without padding
  under a header set apart are cut where a labelled line begins cells of its own. The lines
  just above a table's first labelled row, right of its edge and at its spacing, are that
  row's. Each cell's lines are joined as a paragraph's are, leader dots dropped.

The row is written as one line, cells separated by " | ", and the paragraph builder leaves it
alone: each cell's text stays whole and searchable, and out of the sentences around it.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harvester.pdfglyphs import Fragment

MIN_ROWS = 3  # rows with text on both sides of an edge
STRIP = 2.0  # pt of empty space a column edge needs before it
CELL = " | "

_MARKER_ONLY = re.compile(
    r"^(?:\(?[\da-zA-Z]{1,3}[.)]|\d{1,2}(?:\.\d{1,2})+\.?|\(?[ivx]{1,4}\)|[•▪●◦‣*–—-]|\d{1,3})$"
)


@dataclass(frozen=True, slots=True)
class Table:
    start: int  # index of the first row in the rows given
    end: int  # one past the last
    edges: tuple[float, ...]  # x where the second, third... column starts


def _crosses(row: Sequence[Fragment], edge: float) -> bool:
    """Whether text runs across ``edge`` on this row: a fragment from left of it ends within
    STRIP of it or beyond. Not a cell's text that ends at most half an em past the edge and
    overlaps nothing after it: it touches the next cell ("... Sequel Server" ending on
    "Council staff") or runs a little into an empty one."""
    for f in row:
        if f.x0 < edge - 1.5 and f.x1 > edge - STRIP:
            if f.x1 > edge + 0.5 * f.size:
                return True
            if any(f.x0 < g.x0 < f.x1 - 1.0 for g in row):
                return True
    return False


def _left_of(f: Fragment, edge: float) -> bool:
    """Whether the fragment is a cell left of ``edge``: it ends before it, or at most half
    an em past it (touching the cell that starts there; :func:`_crosses` tells apart text
    that runs across)."""
    return f.x0 < edge - 1.5 and f.x1 <= edge + 0.5 * f.size


def _both_sides(row: Sequence[Fragment], edge: float) -> bool:
    starts = any(abs(f.x0 - edge) <= 1.5 for f in row)
    return starts and any(_left_of(f, edge) for f in row)


def _runs(rows: Sequence[Sequence[Fragment]], edge: float) -> list[tuple[int, int]]:
    """Runs of consecutive rows that do not cross ``edge``, from the first with text on both
    sides, and three such rows at least."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    both = 0
    for i in range(len(rows) + 1):
        if i < len(rows) and not _crosses(rows[i], edge):
            if start is None and _both_sides(rows[i], edge):
                start, both = i, 0
            both += start is not None and _both_sides(rows[i], edge)
            continue
        if start is not None and both >= MIN_ROWS:
            end = i
            # Rows after the table with text on the left only are not its, unless they start
            # in lower case: more of the first cell above ("marker removal.").
            while (
                end > start
                and all(_left_of(f, edge) for f in rows[end - 1])
                and not rows[end - 1][0].text[:1].islower()
            ):
                end -= 1
            out.append((_first_row(rows, start, edge), end))
        start = None
    return out


def _first_row(rows: Sequence[Sequence[Fragment]], start: int, edge: float) -> int:
    """Where the table starts: its first row with text on both sides of ``edge``, or the lines
    just above it with text right of the edge only, at the table's line spacing (a first row
    whose label is set at the bottom or the middle of its cell)."""
    if start + 1 >= len(rows):
        return start
    step = min(f.y0 for f in rows[start]) - min(f.y0 for f in rows[start + 1])
    while start > 0:
        above = rows[start - 1]
        gap = min(f.y0 for f in above) - min(f.y0 for f in rows[start])
        if not 0 < gap <= 1.3 * step or any(f.x0 < edge - 1.5 for f in above):
            break
        start -= 1
    return start


def _left_is_markers(rows: Sequence[Sequence[Fragment]], edge: float) -> bool:
    texts = [f.text for row in rows for f in row if _left_of(f, edge)]
    return all(_MARKER_ONLY.match(text.strip()) for text in texts)


def _starts(rows: Sequence[Sequence[Fragment]], margin: float, size: float) -> Counter[int]:
    """How many fragments, or words after a wide gap inside one, start at each x."""
    starts = Counter(round(f.x0) for row in rows for f in row if f.x0 > margin + size)
    starts.update(
        round(b) for row in rows for f in row for _, b, _ in _breaks(f) if b > margin + size
    )
    return starts


def _breaks(f: Fragment) -> list[tuple[float, float, int]]:
    """The fragment's wide gaps that may end a cell (:func:`_cell_break`)."""
    if not f.cuts:
        return []
    words = f.text.split(" ")
    ends = [n for _, _, n in f.cuts[1:]] + [len(words)]
    return [
        cut
        for cut, end in zip(f.cuts, ends, strict=True)
        if _cell_break(words[: cut[2]], words[cut[2] : end])
    ]


def split_cells(
    rows: Sequence[Sequence[Fragment]], margin: float, size: float
) -> list[list[Fragment]]:
    """The rows with each fragment cut where a word after a wide gap (``Fragment.cuts``)
    starts at an x that three fragments or such words start at: cells set so close that
    pdfminer's line rule ran them into one fragment ("Child's legal status Child's legal
    status", "verification .. 1 work-hour × $85"). Elsewhere the rows as given."""
    edges = {x for x, count in _starts(rows, margin, size).items() if count >= MIN_ROWS}
    if not edges:
        return [list(row) for row in rows]
    low, high = min(edges) - 2, max(edges) + 2
    out: list[list[Fragment]] = []
    for row in rows:
        cut_row: list[Fragment] = []
        for f in row:
            if not f.cuts or f.x1 < low or f.x0 > high:
                cut_row.append(f)
                continue
            at = [cut for cut in _breaks(f) if {round(cut[1]) + d for d in (-1, 0, 1)} & edges]
            cut_row.extend(_cut(f, at) if at else [f])
        out.append(cut_row)
    return out


_LEADER = re.compile(r"^(?:\.{2,}|…+)$")
_TRAILING_LEADER = re.compile(r"\s*(?:\.{2,}|…+)$")
_FIGURE = re.compile(r"^[\d\s.,:;%£$€+()/–—-]+$")


def _cell_break(before: Sequence[str], after: Sequence[str]) -> bool:
    """Whether a wide gap between these words may end a cell: after a word or a leader
    ("verification .."), before text with a word in it (up to the next wide gap); not after a
    list marker alone ("•", "o", "1.1." then a tab: a hanging list's text), nor before figures
    alone (a contents line's page number, a row of amounts)."""
    if len(before) == 1 and (before[0] == "o" or _MARKER_ONLY.match(before[0])):
        return False
    last = before[-1]
    if not (_LEADER.match(last) or any(c.isalpha() for c in last)):
        return False
    return not _FIGURE.match(" ".join(after))


def _cut(f: Fragment, at: Sequence[tuple[float, float, int]]) -> list[Fragment]:
    words = f.text.split(" ")
    out: list[Fragment] = []
    x0, first = f.x0, 0
    for end, start, n in [*at, (f.x1, f.x1, len(words))]:
        text = " ".join(words[first:n])
        out.append(Fragment(x0, end, f.y0, f.y1, text, f.size, f.bold, len(text) - text.count(" ")))
        x0, first = start, n
    return out


def find_tables(rows: Sequence[Sequence[Fragment]], margin: float, size: float) -> list[Table]:
    """The tables among a column's rows (top to bottom, each left to right); see the module doc.

    ``margin`` is the column's left edge, ``size`` the body type's size."""
    starts = _starts(rows, margin, size)
    candidates = [float(x) for x, count in starts.most_common() if count >= MIN_ROWS]
    tables: list[Table] = []
    taken: set[int] = set()
    for edge in candidates:
        for start, end in _runs(rows, edge):
            if taken.intersection(range(start, end)):
                continue
            block = rows[start:end]
            if _left_is_markers(block, edge):
                continue
            others = [
                e
                for e in candidates
                if e != edge
                and not any(_crosses(row, e) for row in block)
                and sum(1 for row in block if _both_sides(row, e)) >= MIN_ROWS
            ]
            tables.append(Table(start, end, tuple(sorted([edge, *others]))))
            taken.update(range(start, end))
    return sorted(tables, key=lambda t: t.start)


def table_rows(
    rows: Sequence[Sequence[Fragment]], edges: Sequence[float], join: Callable[[list[str]], str]
) -> list[tuple[list[Sequence[Fragment]], str]]:
    """A table's rows: the text rows each spans, and its cells' texts joined by " | "."""
    baselines = [min(f.y0 for f in row) for row in rows]
    # The line spacing within a cell: the least step from a line to the next one (a step less
    # than the type's size is the same line, a cell's baseline set a little apart).
    size = typical_size(rows)
    deltas = sorted(d for a, b in itertools.pairwise(baselines) if (d := a - b) >= 0.8 * size)
    spacing = deltas[0] if deltas else 0.0
    uniform = not deltas or max(deltas) <= 1.3 * spacing
    # Bands of lines set at the cells' line spacing, split where the spacing opens up; a band
    # with text in the first column starts a row (its first line need not: a cell may be
    # centred on its row), one without is more of the row before (a cell's next paragraph).
    bands: list[list[Sequence[Fragment]]] = []
    for i, row in enumerate(rows):
        gap = baselines[i - 1] - baselines[i] if i else 0.0
        if not bands or uniform or gap > 1.3 * spacing:
            bands.append([row])
        else:
            bands[-1].append(row)
    if not uniform:
        bands = [part for band in bands for part in _split_band(band, edges)]
    labelled = [any(_left_of(f, edges[0]) for row in band for f in row) for band in bands]
    starts = _row_starts(bands, labelled, edges) if uniform else None
    groups: list[list[Sequence[Fragment]]] = []
    for i, band in enumerate(bands):
        if not groups or (i in starts if starts is not None else labelled[i]):
            groups.append(list(band))
        else:
            groups[-1].extend(band)
    out: list[tuple[list[Sequence[Fragment]], str]] = []
    for group in groups:
        cells: list[list[str]] = [[] for _ in range(len(edges) + 1)]
        for row in group:
            parts: list[list[str]] = [[] for _ in cells]
            for f in row:
                # Leader dots filling a cell up to the next are not its text.
                text = _TRAILING_LEADER.sub("", f.text)
                if text:
                    parts[sum(1 for e in edges if f.x0 >= e - 1.5)].append(text)
            for k, words in enumerate(parts):
                if words:
                    cells[k].append(" ".join(words))
        texts = [join(lines) for lines in cells]
        while len(texts) > 1 and not texts[-1]:
            texts.pop()  # "B" alone on its row: a letter heading, not a row with empty cells
        out.append((group, CELL.join(texts).strip()))
    return out


def _split_band(
    band: Sequence[Sequence[Fragment]], edges: Sequence[float]
) -> list[list[Sequence[Fragment]]]:
    """A band of lines at the cells' spacing cut before each line that is a row of its own:
    it has a first-column label and begins new cells, below a line with cells of its own
    (rows set without padding, under a header set apart)."""
    lines = [[row] for row in band]
    out: list[list[Sequence[Fragment]]] = [[band[0]]]
    for j in range(1, len(band)):
        if (
            any(_left_of(f, edges[0]) for f in band[j])
            and _cells(lines[j - 1], edges)
            and _opens_cells(lines, j, edges)
        ):
            out.append([band[j]])
        else:
            out[-1].append(band[j])
    return out


def _row_starts(
    bands: Sequence[Sequence[Sequence[Fragment]]], labelled: Sequence[bool], edges: Sequence[float]
) -> set[int]:
    """Where the rows of an evenly spaced table start, nothing but the text to tell.

    Each row has one first-column label; a row starts at its label's line (a label at the top
    of its cell) unless that line carries on the cells above ("naturally, and therefore..."):
    then at the line after the label before, or the first line between the two that begins
    cells of its own (the label set at the bottom or the middle of its cell)."""
    labels = [i for i, flag in enumerate(labelled) if flag]
    # A label line below another whose other cells carry on, wrapped, from the line above is
    # the second line of a row whose first cell is two lines long too ("Team Manager" / "Team
    # managers (TMs) line"), as is a lower-case label line alone: no row starts there.
    labels = [
        i
        for i in labels
        if i == labels[0]
        or not (
            labelled[i - 1] and (_wrapped_on(bands, i, edges) or _label_goes_on(bands, i, edges))
        )
    ]
    starts = set(labels)
    for before, label in itertools.pairwise([-1, *labels]):
        if _opens_cells(bands, label, edges):
            continue
        for i in range(before + 1, label):
            if _opens_cells(bands, i, edges):
                starts.discard(label)
                starts.add(i)
                break
    return starts


def _label_goes_on(
    bands: Sequence[Sequence[Sequence[Fragment]]], i: int, edges: Sequence[float]
) -> bool:
    """Whether line ``i`` is only more of the first cell above: nothing in the other columns,
    and its label starts in lower case ("MDS installation and verification, INOP" / "marker
    removal.")."""
    texts = [f.text for row in bands[i] for f in row]
    return not _cells(bands[i], edges) and bool(texts) and texts[0][:1].islower()


def _cells(band: Sequence[Sequence[Fragment]], edges: Sequence[float]) -> dict[int, Fragment]:
    """A line's text in each column right of the first, as one fragment per column."""
    out: dict[int, list[Fragment]] = {}
    for f in sorted((f for row in band for f in row), key=lambda f: f.x0):
        k = sum(1 for e in edges if f.x0 >= e - 1.5)
        if k:
            out.setdefault(k, []).append(f)
    return {
        k: Fragment(
            fs[0].x0, max(f.x1 for f in fs), min(f.y0 for f in fs), max(f.y1 for f in fs),
            " ".join(f.text for f in fs), fs[0].size, fs[0].bold, sum(f.chars for f in fs),
        )
        for k, fs in out.items()
    }  # fmt: skip


def _wrapped_on(
    bands: Sequence[Sequence[Sequence[Fragment]]], i: int, edges: Sequence[float]
) -> bool:
    """Whether every cell of line ``i`` right of the first column goes on from the line
    above, which wrapped there: it starts in lower case and its first word would not have
    fitted at the end of the line above, or the line above ends with "," or "-"."""
    now, above = _cells(bands[i], edges), _cells(bands[i - 1], edges)
    if not now:
        return False
    right = {k: max((f.x1 for band in bands for f in _cells(band, edges).values()
                     if sum(1 for e in edges if f.x0 >= e - 1.5) == k), default=0.0)
             for k in now}  # fmt: skip
    for k, cell in now.items():
        prev = above.get(k)
        if prev is None:
            return False
        limit = edges[k] - STRIP if k < len(edges) else right[k]
        word = cell.text.split(" ", 1)[0]
        fits = prev.x1 + (len(word) + 1) * 0.5 * cell.size < limit
        if not (prev.text.endswith((",", "-", "–")) or (cell.text[:1].islower() and not fits)):
            return False
    return True


def _opens_cells(
    bands: Sequence[Sequence[Sequence[Fragment]]], i: int, edges: Sequence[float]
) -> bool:
    """Whether line ``i`` begins new cells: none of its texts right of the first column goes on
    from the line above (starts in lower case, or follows a line ending "," or "-")."""

    def cells(band: Sequence[Sequence[Fragment]]) -> dict[int, str]:
        out: dict[int, str] = {}
        for f in sorted((f for row in band for f in row), key=lambda f: f.x0):
            k = sum(1 for e in edges if f.x0 >= e - 1.5)
            if k:
                out[k] = f"{out.get(k, '')} {f.text}".strip()
        return out

    now, above = cells(bands[i]), cells(bands[i - 1]) if i else {}
    if not now:
        return False
    for k, text in now.items():
        if text[:1].islower() or above.get(k, "").endswith((",", "-", "–")):
            return False
    return True


def typical_size(rows: Sequence[Sequence[Fragment]]) -> float:
    sizes = [f.size for row in rows for f in row]
    return statistics.median(sizes) if sizes else 10.0
