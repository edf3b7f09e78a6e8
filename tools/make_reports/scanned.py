"""The scanned report: page images (Pillow) in a PDF with no text layer."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdfcanvas

from tools.make_reports.names import CREATOR, SCANNED_STEM
from tools.make_reports.typeset import HEIGHT, WIDTH

SCANNED_TITLE = (
    "Stoke-under-Hill Local Safeguarding Children Board",
    "Serious Case Review",
    "Child B",
    "Overview report",
    "Published June 2016",
)
SCANNED_PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Executive summary",
        (
            "In the autumn of 2015 Child B, a girl of five months, was admitted to hospital with "
            "a fractured skull and bruising to her chest. Her father later admitted causing the "
            "injuries and received a prison sentence.",
            "The father had a history of violence in previous relationships. This was known to "
            "the probation service, which supervised him after an earlier conviction, but it was "
            "not known to children’s services or to the health visitor.",
            "An initial child protection conference was held in the summer of 2015 after a "
            "referral from the emergency department. The probation service was not invited to "
            "the conference and did not send a report, so the conference did not hear about the "
            "father’s history.",
        ),
    ),
    (
        "Recommendations",
        (
            "1. The Board should make sure that adult-facing services attend child protection "
            "conferences when they hold relevant information about a parent.",
            "2. The probation service should check, at the start of supervision, whether the "
            "person being supervised lives with or has contact with children.",
            "3. Children’s social care should ask the probation service for information about "
            "any adult in a household where a child protection enquiry is under way.",
            "4. The Board should revise its information sharing protocol so that it covers "
            "adult-facing services, and should audit its use after one year.",
        ),
    ),
)
SCAN_DPI = 150


def _wrap(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def scanned_images() -> list[Image.Image]:
    """Three page images, as a photocopied report fed through a scanner would give them."""
    size = (round(8.27 * SCAN_DPI), round(11.69 * SCAN_DPI))
    margin = round(1.0 * SCAN_DPI)
    fonts = {s: ImageFont.load_default(size=s) for s in (22, 30, 40, 56)}
    rng = random.Random(20160601)
    pages: list[Image.Image] = []

    title_page = Image.new("L", size, 250)
    draw = ImageDraw.Draw(title_page)
    y = round(3.0 * SCAN_DPI)
    for text, font_size, gap in zip(
        SCANNED_TITLE, (30, 30, 56, 30, 22), (60, 90, 90, 140, 0), strict=True
    ):
        draw.text((margin, y), text, font=fonts[font_size], fill=20)
        y += font_size + gap
    pages.append(title_page)

    for number, (heading, paragraphs) in enumerate(SCANNED_PAGES, start=2):
        page = Image.new("L", size, 250)
        draw = ImageDraw.Draw(page)
        draw.text(
            (margin, round(0.5 * SCAN_DPI)), "Serious Case Review: Child B", font=fonts[22], fill=60
        )
        y = margin + 20
        draw.text((margin, y), heading, font=fonts[40], fill=20)
        y += 80
        for text in paragraphs:
            for line in _wrap(draw, text, fonts[22], size[0] - 2 * margin):
                draw.text((margin, y), line, font=fonts[22], fill=20)
                y += 34
            y += 22
        draw.text((size[0] // 2 - 10, size[1] - margin // 2), str(number), font=fonts[22], fill=60)
        pages.append(page)

    scans = []
    for page in pages:
        # A slight skew and a scatter of specks: what OCR has to cope with, from a fixed seed.
        angle = rng.uniform(-0.6, 0.6)
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)
        draw = ImageDraw.Draw(page)
        for _ in range(400):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            draw.point((x, y), fill=rng.randrange(90, 200))
        scans.append(page)
    return scans


def build_scanned() -> bytes:
    buf = io.BytesIO()
    canv = pdfcanvas.Canvas(buf, pagesize=A4, invariant=1)
    canv.setTitle("Serious Case Review: Child B")
    canv.setCreator(CREATOR)
    for image in scanned_images():
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=55, optimize=True)
        jpeg.seek(0)
        # A JPEG reader is embedded as it is (DCTDecode), like a scanner's output.
        canv.drawImage(ImageReader(jpeg), 0, 0, WIDTH, HEIGHT)
        canv.showPage()
    canv.save()
    return buf.getvalue()


def scanned_truth() -> dict:
    return {
        "path": f"reports/{SCANNED_STEM}.pdf",
        "title": "Stoke-under-Hill – Child B",
        "pages": 1 + len(SCANNED_PAGES),
        "columns": 1,
        "scanned": True,
        "headings": [],
        "recommendations": [],
        "header_footer_lines": [],
        "page_number_format": "{n}",
        "executive_summary": "",
        "title_page": [],
        "paragraphs": [],
        "tables": [],
        # What OCR should recover, for the optional OCR path.
        "ocr_phrases": ["Child B", "Executive summary", "Recommendations", "probation service"],
    }
