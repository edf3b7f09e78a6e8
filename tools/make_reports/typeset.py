"""Typesetting a composed report with reportlab, and the ground truth of what it prints."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from common.months import MONTH_NAMES as MONTHS
from tools.make_reports.compose import Block, cap_first, compose
from tools.make_reports.hyphenation import hyphenate
from tools.make_reports.model import Layout, Review
from tools.make_reports.names import CREATOR

WIDTH, HEIGHT = A4

_BOLD = {"Times-Roman": "Times-Bold", "Helvetica": "Helvetica-Bold"}
_ITALIC = {"Times-Roman": "Times-Italic", "Helvetica": "Helvetica-Oblique"}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def kind_title(review: Review) -> str:
    return " ".join(
        word if word in {"of", "and"} else cap_first(word) for word in review.review_kind.split()
    )


def header_parts(review: Review) -> tuple[str, ...]:
    if review.layout.header == "split":
        return (review.body_name, f"{review.subject}: {review.review_kind}")
    if review.modern:
        return (f"{review.body_name} — {review.subject}: {review.review_kind}",)
    return (f"{review.body_name} — {cap_first(review.review_kind)}: {review.subject}",)


def title_lines(review: Review, reviewer: str) -> list[str]:
    lines = [review.body_name, kind_title(review), review.subject, "Overview report"]
    if review.title_note:
        lines.append(review.title_note)
    role = "Independent reviewer" if review.modern else "Independent overview author"
    lines += [f"{role}: {reviewer}", f"Published {MONTHS[review.month - 1]} {review.year}"]
    return lines


@dataclass(frozen=True)
class _Geometry:
    left: float
    right: float
    top: float
    bottom: float
    gutter: float

    @property
    def width(self) -> float:
        return WIDTH - self.left - self.right

    @property
    def height(self) -> float:
        return HEIGHT - self.top - self.bottom


def _geometry(layout: Layout) -> _Geometry:
    if layout.columns == 2:
        return _Geometry(18 * mm, 18 * mm, 24 * mm, 20 * mm, 8 * mm)
    return _Geometry(27 * mm, 27 * mm, 26 * mm, 24 * mm, 0)


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size (down to 6pt) at which a header line fits: long area names are long."""
    while size > 6 and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def _page_furniture(
    review: Review, total: int, pages_seen: list[int]
) -> Callable[[pdfcanvas.Canvas, BaseDocTemplate], None]:
    lay = review.layout
    geo = _geometry(lay)
    parts = header_parts(review)
    font = "Helvetica"

    def draw(canv: pdfcanvas.Canvas, _doc: BaseDocTemplate) -> None:
        number = canv.getPageNumber()
        pages_seen.append(number)
        canv.saveState()
        head_y = HEIGHT - geo.top + 9 * mm
        if lay.official:
            canv.setFont("Helvetica-Bold", 8)
            canv.drawCentredString(WIDTH / 2, HEIGHT - 8 * mm, "OFFICIAL")
            canv.drawCentredString(WIDTH / 2, 6 * mm, "OFFICIAL")
        if len(parts) == 2:
            size = _fit(parts[0] + "    " + parts[1], font, 8, geo.width)
            canv.setFont(font, size)
            canv.drawString(geo.left, head_y, parts[0])
            canv.drawRightString(WIDTH - geo.right, head_y, parts[1])
        else:
            size = _fit(parts[0], font, 8, geo.width)
            canv.setFont(font, size)
            if lay.header == "centre":
                canv.drawCentredString(WIDTH / 2, head_y, parts[0])
            else:
                canv.drawString(geo.left, head_y, parts[0])
        canv.setStrokeColor(colors.grey)
        canv.setLineWidth(0.4)
        canv.line(geo.left, head_y - 2.5 * mm, WIDTH - geo.right, head_y - 2.5 * mm)
        canv.setFont(font, 8.5)
        label = lay.page_number.format(n=number, m=total)
        if lay.page_number == "{n}":
            canv.drawCentredString(WIDTH / 2, 12 * mm, label)
        else:
            canv.drawRightString(WIDTH - geo.right, 12 * mm, label)
        canv.restoreState()

    return draw


def _title_decoration(canv: pdfcanvas.Canvas, _doc: BaseDocTemplate) -> None:
    # A drawn emblem, no text: the title page carries no running header or footer.
    canv.saveState()
    canv.setFillColor(colors.HexColor("#1f4e79"))
    canv.rect(0, HEIGHT - 28 * mm, WIDTH, 28 * mm, stroke=0, fill=1)
    canv.setFillColor(colors.HexColor("#9dc3e6"))
    canv.circle(WIDTH - 35 * mm, HEIGHT - 14 * mm, 8 * mm, stroke=0, fill=1)
    canv.setFillColor(colors.white)
    canv.circle(WIDTH - 35 * mm, HEIGHT - 14 * mm, 4 * mm, stroke=0, fill=1)
    canv.restoreState()


def _flowables(review: Review, blocks: Sequence[Block], reviewer: str) -> list[Flowable]:
    lay = review.layout
    bold, italic = _BOLD[lay.font], _ITALIC[lay.font]
    size, leading = lay.font_size, lay.leading
    body = ParagraphStyle(
        "body",
        fontName=lay.font,
        fontSize=size,
        leading=leading,
        alignment=TA_JUSTIFY,
        spaceAfter=leading * 0.55,
        hyphenationLang=hyphenate,
    )
    numbered = ParagraphStyle(
        "numbered", parent=body, leftIndent=size * 2.2, bulletIndent=0, bulletFontName=lay.font
    )
    h1 = ParagraphStyle(
        "h1",
        fontName=bold,
        fontSize=size + 4,
        leading=size + 8,
        spaceBefore=leading,
        spaceAfter=leading * 0.5,
        keepWithNext=1,
        alignment=TA_LEFT,
    )
    h2 = ParagraphStyle(
        "h2",
        parent=h1,
        fontSize=size + 1.5,
        leading=size + 5,
        spaceBefore=leading * 0.6,
        spaceAfter=leading * 0.35,
    )
    caption = ParagraphStyle(
        "caption",
        parent=body,
        fontName=italic,
        fontSize=size - 1,
        alignment=TA_LEFT,
        keepWithNext=1,
    )
    cell = ParagraphStyle("cell", fontName=lay.font, fontSize=8.5, leading=10.5)
    cell_head = ParagraphStyle("cell_head", parent=cell, fontName=bold)

    lines = title_lines(review, reviewer)
    title_styles = {
        0: ParagraphStyle("t0", fontName=bold, fontSize=20, leading=26, spaceAfter=18),
        1: ParagraphStyle("t1", fontName=lay.font, fontSize=16, leading=22, spaceAfter=10),
        2: ParagraphStyle("t2", fontName=bold, fontSize=34, leading=42, spaceAfter=14),
        3: ParagraphStyle("t3", fontName=lay.font, fontSize=16, leading=22, spaceAfter=40),
    }
    small = ParagraphStyle("ts", fontName=lay.font, fontSize=12, leading=17, spaceAfter=4)
    story: list[Flowable] = [Spacer(1, 45 * mm)]
    story += [Paragraph(xml_escape(t), title_styles.get(i, small)) for i, t in enumerate(lines)]
    story += [NextPageTemplate("body"), PageBreak()]

    geo = _geometry(lay)
    frame_width = (geo.width - geo.gutter) / lay.columns
    for block in blocks:
        text = xml_escape(block.text)
        if block.kind == "h1":
            story.append(Paragraph(text, h1))
        elif block.kind == "h2":
            story.append(Paragraph(text, h2))
        elif block.kind == "para":
            story.append(Paragraph(text, body))
        elif block.kind == "rec":
            label = block.rows[0][0]
            if lay.rec_label:
                story.append(Paragraph(f"<b>{xml_escape(label)}</b> {text}", body))
            else:
                story.append(Paragraph(text, numbered, bulletText=label))
        elif block.kind == "table":
            story.append(Paragraph(text, caption))
            head, *rows = block.rows
            data = [[Paragraph(xml_escape(c), cell_head) for c in head]]
            data += [[Paragraph(xml_escape(c), cell) for c in row] for row in rows]
            widths = [frame_width * f for f in (0.15, 0.19, 0.33, 0.33)]
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, leading)]
    return story


def render(review: Review, blocks: Sequence[Block], reviewer: str, total: int) -> tuple[bytes, int]:
    """The PDF bytes and its page count; ``total`` is what "Page n of m" prints as m."""
    lay = review.layout
    geo = _geometry(lay)
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        invariant=1,
        title=f"{review.subject}: {review.review_kind}",
        author=reviewer,
        subject=review.body_name,
        creator=CREATOR,
        leftMargin=geo.left,
        rightMargin=geo.right,
        topMargin=geo.top,
        bottomMargin=geo.bottom,
    )
    title_frame = Frame(
        25 * mm, 20 * mm, WIDTH - 50 * mm, HEIGHT - 60 * mm, id="title", showBoundary=0
    )
    column = (geo.width - geo.gutter) / lay.columns
    frames = [
        Frame(
            geo.left + i * (column + geo.gutter),
            geo.bottom,
            column,
            geo.height,
            id=f"col{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for i in range(lay.columns)
    ]
    pages_seen: list[int] = []
    doc.addPageTemplates(
        [
            PageTemplate("title", [title_frame], onPage=_title_decoration),
            PageTemplate("body", frames, onPage=_page_furniture(review, total, pages_seen)),
        ]
    )
    doc.build(_flowables(review, blocks, reviewer))
    return buf.getvalue(), max(pages_seen, default=1)


def ground_truth(review: Review, blocks: Sequence[Block], reviewer: str, pages: int) -> dict:
    lay = review.layout
    paragraphs: list[str] = []
    recommendations: list[str] = []
    headings: list[str] = []
    tables: list[dict] = []
    executive_summary = ""
    last_heading = ""
    for block in blocks:
        if block.kind in {"h1", "h2"}:
            headings.append(block.text)
            last_heading = block.text
        elif block.kind == "para":
            paragraphs.append(_collapse(block.text))
            if last_heading.endswith("Executive summary") and not executive_summary:
                executive_summary = paragraphs[-1]
        elif block.kind == "rec":
            recommendations.append(_collapse(block.text))
            paragraphs.append(_collapse(f"{block.rows[0][0]} {block.text}"))
        elif block.kind == "table":
            tables.append(
                {
                    "caption": block.text,
                    "rows": [list(r) for r in block.rows],
                    "after": last_heading,
                }
            )
    furniture = list(header_parts(review))
    if lay.official:
        furniture.append("OFFICIAL")
    if "Page" in lay.page_number:
        furniture += [lay.page_number.format(n=n, m=pages) for n in range(2, pages + 1)]
    return {
        "path": review.path,
        "title": f"{review.area or 'Anonymous'} – {review.subject}",
        "pages": pages,
        "columns": lay.columns,
        "scanned": False,
        "headings": headings,
        "recommendations": recommendations,
        "header_footer_lines": furniture,
        "page_number_format": lay.page_number,
        "executive_summary": executive_summary,
        "title_page": title_lines(review, reviewer),
        "paragraphs": paragraphs,
        "tables": tables,
    }


def build_report(review: Review) -> tuple[bytes, dict]:
    blocks, writer = compose(review)
    # The first pass only counts pages, for "Page n of m"; the furniture never moves the text.
    _, pages = render(review, blocks, writer.reviewer, 0)
    data, again = render(review, blocks, writer.reviewer, pages)
    assert again == pages, (review.stem, pages, again)
    return data, ground_truth(review, blocks, writer.reviewer, pages)
