"""The CPD record: a one-page PDF acknowledging a practitioner's reflection on case reviews.

Pure: a ``CpdRecord`` in, PDF bytes out (reportlab). Text is set in DejaVu Sans (the copy that
ships with matplotlib), so names in any European script print as typed; every value is escaped
for reportlab's paragraph markup.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from common.text import strip_invisible

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


@dataclass(frozen=True)
class CpdRecord:
    board_name: str
    respondent: str  # the name given, or "(name not given)"
    role: str | None
    agency: str | None
    day: date
    reviews: tuple[str, ...]  # the headings of the reviews reflected on
    minutes: int
    reference: str


@cache
def _fonts() -> tuple[str, str]:
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    try:
        pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    except Exception:  # no TrueType font found: the standard fonts (Latin-1) still work
        return "Helvetica", "Helvetica-Bold"
    return FONT, FONT_BOLD


def _text(value: object) -> str:
    return escape(strip_invisible(value).strip())


def minutes_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} minutes"
    shown = f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{shown} {rest} minutes ({minutes} minutes)" if rest else f"{shown} ({minutes} minutes)"


def render_pdf(record: CpdRecord) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15)
    title = ParagraphStyle("title", fontName=bold, fontSize=18, leading=23, spaceAfter=6)
    small = ParagraphStyle("small", fontName=regular, fontSize=9, leading=12)
    label = ParagraphStyle("label", fontName=bold, fontSize=11, leading=15)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Continuing professional development record",
        author=strip_invisible(record.board_name),
    )
    rows = [
        ("Name", record.respondent),
        ("Role", record.role or "—"),
        ("Agency", record.agency or "—"),
        ("Date", f"{record.day:%d %B %Y}"),
        ("Time recorded", minutes_label(record.minutes)),
        ("Reference", record.reference),
    ]
    table = Table(
        [[Paragraph(_text(k), label), Paragraph(_text(v), body)] for k, v in rows],
        colWidths=[45 * mm, 125 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cbd2d9"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    story = [
        Paragraph(_text(record.board_name), body),
        Paragraph("Continuing professional development record", title),
        Paragraph(
            "Reflection on the learning from national child safeguarding practice reviews "
            "and serious case reviews.",
            body,
        ),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 6 * mm),
        Paragraph("Reviews reflected on", label),
    ]
    story += [Paragraph("• " + _text(heading), body) for heading in record.reviews] or [
        Paragraph("—", body)
    ]
    story += [
        Spacer(1, 10 * mm),
        Paragraph(
            f"{_text(record.board_name)} acknowledges the time recorded above, given by the "
            "practitioner in their answer to the board's feedback form. Quote the reference "
            "when you add it to your CPD log.",
            small,
        ),
    ]
    document.build(story)
    return buffer.getvalue()
