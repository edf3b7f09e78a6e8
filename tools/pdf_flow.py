"""Drawing for tools/make_pdf_cases.py: text flowed into columns down pages with reportlab,
running header and footer, raised footnote markers and their notes, list markers, and a font
that writes Word's private-use bullet code points."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

A4 = (595.27, 841.89)
LETTER = (612.0, 792.0)
BODY = "Helvetica"
BOLD = "Helvetica-Bold"
SYMBOL = "CaseSymbol"  # Vera with Word's private-use bullet code points (see symbol_font)


def symbol_font() -> None:
    """Vera, with Word's Symbol and Wingdings bullets (U+F0B7, U+F0A7) mapped to its glyphs,
    so the PDF's text layer says U+F0B7 as Word's does."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if SYMBOL in pdfmetrics.getRegisteredFontNames():
        return
    font = TTFont(SYMBOL, os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"))
    font.face.charToGlyph[0xF0B7] = font.face.charToGlyph[0x2022]  # •
    font.face.charToGlyph[0xF0A7] = font.face.charToGlyph[
        0x25A0 if 0x25A0 in font.face.charToGlyph else 0x2022
    ]
    pdfmetrics.registerFont(font)


@dataclass
class Flow:
    """Text flowed into frames (columns) down pages, with running header and footer."""

    path: Path
    pagesize: tuple[float, float] = A4
    columns: int = 1
    margin: float = 72.0
    gutter: float = 18.0
    size: float = 10.5
    header: str = ""
    footer: str = ""
    numbers: bool = True  # "Page N" at the foot
    title_space: float = 0.0  # room kept on page 1 above the columns for a spanning title
    canvas: Any = None
    page: int = 0
    frame: int = 0
    y: float = 0.0
    notes: list[tuple[str, str]] = field(default_factory=list)  # footnotes of the current page

    def __post_init__(self) -> None:
        from reportlab.pdfgen import canvas

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.canvas = canvas.Canvas(str(self.path), pagesize=self.pagesize, invariant=1)
        self.canvas.setTitle(self.path.stem)
        self._new_page()

    @property
    def width(self) -> float:
        usable = self.pagesize[0] - 2 * self.margin
        return (usable - (self.columns - 1) * self.gutter) / self.columns

    @property
    def left(self) -> float:
        return self.margin + self.frame * (self.width + self.gutter)

    @property
    def top(self) -> float:
        return self.pagesize[1] - self.margin - (self.title_space if self.page == 1 else 0)

    @property
    def bottom(self) -> float:
        return self.margin + 14 * len(self.notes) + (24 if self.notes else 0)

    def _furniture(self) -> None:
        c = self.canvas
        c.setFont(BODY, 8)
        if self.header:
            c.drawString(self.margin, self.pagesize[1] - 40, self.header)
        if self.footer:
            c.drawString(self.margin, 36, self.footer)
        if self.numbers:
            c.drawRightString(self.pagesize[0] - self.margin, 36, f"Page {self.page}")

    def _new_page(self) -> None:
        if self.page:
            self._draw_notes()
            self.canvas.showPage()
        self.page += 1
        self.frame = 0
        self.y = self.top
        self._furniture()

    def _draw_notes(self) -> None:
        if not self.notes:
            return
        c = self.canvas
        y = self.margin + 14 * len(self.notes)
        c.line(self.margin, y + 8, self.margin + 120, y + 8)
        for mark, text in self.notes:
            t = c.beginText(self.margin, y)
            t.setFont(BODY, 5.5)
            t.setRise(2.5)
            t.textOut(mark)
            t.setRise(0)
            t.setFont(BODY, 7.5)
            t.textOut(" " + text)
            c.drawText(t)
            y -= 14
        self.notes = []

    def next_frame(self) -> None:
        if self.frame + 1 < self.columns:
            self.frame += 1
            self.y = self.top
        else:
            self._new_page()

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.next_frame()

    def lines(
        self, text: str, font: str = BODY, size: float | None = None, indent: float = 0.0
    ) -> list[str]:
        from reportlab.lib.utils import simpleSplit

        size = size or self.size
        plain = re.sub(r"\^(\w+)\^", r"\1", text)  # footnote markers take their digits' room
        return simpleSplit(plain, font, size, self.width - indent) if plain else []

    def _draw_line(self, x: float, text: str, font: str, size: float) -> None:
        t = self.canvas.beginText(x, self.y)
        for part in re.split(r"(\^\w+\^)", text):
            if part.startswith("^") and part.endswith("^") and len(part) > 2:
                t.setFont(BODY, size * 0.6)
                t.setRise(size * 0.38)
                t.textOut(part[1:-1])
                t.setRise(0)
            elif part:
                t.setFont(font, size)
                t.textOut(part)
        self.canvas.drawText(t)

    def para(
        self,
        text: str,
        font: str = BODY,
        size: float | None = None,
        indent: float = 0.0,
        space: float = 8.0,
        marker: str = "",
        marker_font: str = BODY,
        notes: Sequence[tuple[str, str]] = (),
        first: float = 0.0,
    ) -> None:
        """A paragraph; ``^23^`` in the text is a raised footnote marker, whose note (in
        ``notes``) goes to the foot of the page the marker is drawn on; ``first`` sets its
        first line in by that much."""
        size = size or self.size
        leading = size * 1.3
        notes_by_mark = dict(notes)
        # Wrap the marked-up text so that markers stay in their words.
        words = text.split(" ")
        from reportlab.pdfbase.pdfmetrics import stringWidth

        lines: list[str] = []
        current = ""
        for word in words:
            probe = f"{current} {word}".strip()
            plain = re.sub(r"\^(\w+)\^", r"\1", probe)
            room = self.width - indent - (0 if lines else first)
            if current and stringWidth(plain, font, size) > room:
                lines.append(current)
                current = word
            else:
                current = probe
        if current:
            lines.append(current)
        for i, line in enumerate(lines):
            self.need(leading)
            self.y -= leading
            if i == 0 and marker:
                t = self.canvas.beginText(self.left + indent - 12, self.y)
                t.setFont(marker_font, size)
                t.textOut(marker)
                self.canvas.drawText(t)
            for mark in re.findall(r"\^(\w+)\^", line):
                if mark in notes_by_mark:
                    self.notes.append((mark, notes_by_mark[mark]))
            self._draw_line(self.left + indent + (first if i == 0 else 0), line, font, size)
        self.y -= space

    def heading(self, text: str, size: float = 14.0) -> None:
        self.need(size * 3)
        self.y -= 6
        self.para(text, font=BOLD, size=size, space=6)

    def page_break(self) -> None:
        self._new_page()

    def save(self) -> None:
        self._draw_notes()
        self.canvas.showPage()
        self.canvas.save()
