"""Files that are not what a harvester hopes for, and large ones made at test time."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as pdfcanvas

from tools.make_reports.names import ENCRYPTED_PASSWORD


def encrypted_pdf() -> bytes:
    buf = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(
        ENCRYPTED_PASSWORD, ownerPassword="owner-" + ENCRYPTED_PASSWORD
    )
    canv = pdfcanvas.Canvas(buf, pagesize=A4, invariant=1, encrypt=encryption)
    canv.setFont("Helvetica-Bold", 16)
    canv.drawString(72, 760, "1 Introduction")
    canv.setFont("Helvetica", 11)
    canv.drawString(
        72, 736, "This draft report is protected by a password and must not be extracted."
    )
    canv.showPage()
    canv.save()
    return buf.getvalue()


HTML_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Page not found</title></head>
<body>
<h1>Sorry, we can’t find that page</h1>
<p>The document you asked for may have been moved or removed. Case review reports are removed
five years after publication.</p>
<p><a href="/">Return to the home page</a></p>
</body>
</html>
"""


def not_a_pdf() -> bytes:
    image = Image.new("RGB", (64, 48), (31, 78, 121))
    ImageDraw.Draw(image).rectangle((8, 8, 56, 40), outline=(255, 255, 255), width=3)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def write_huge_pdf(path: Path, megabytes: float) -> Path:
    """A valid one-page PDF of about ``megabytes`` MB: one big uncompressed grey image.

    The image bytes are pseudo-random, so the file cannot be compressed in transit either.
    """
    width = 1024
    rows = max(1, round(megabytes * 1024 * 1024 / width))
    rng = random.Random(5)
    content = (
        b"q 495 0 0 640 50 100 cm /Im1 Do Q\n"
        b"BT /F1 12 Tf 50 780 Td (This file is deliberately large.) Tj ET\n"
    )
    offsets: list[int] = []
    with open(path, "wb") as out:

        def obj(body: bytes) -> None:
            offsets.append(out.tell())
            out.write(f"{len(offsets)} 0 obj\n".encode() + body + b"\nendobj\n")

        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        obj(b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        obj(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
            b" /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> >>"
        )
        obj(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        obj(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
        offsets.append(out.tell())
        out.write(
            b"6 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d"
            b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n"
            % (width, rows, width * rows)
        )
        left = width * rows
        while left:
            chunk = min(left, 1 << 20)
            out.write(rng.randbytes(chunk))
            left -= chunk
        out.write(b"\nendstream\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(offsets) + 1, xref)
        )
    return path


def write_many_pages_pdf(path: Path, pages: int) -> Path:
    """A valid PDF of ``pages`` tiny pages, each saying which page it is (for page-cap tests)."""
    canv = pdfcanvas.Canvas(str(path), pagesize=(200, 100), invariant=1)
    for number in range(1, pages + 1):
        canv.setFont("Helvetica", 10)
        canv.drawString(20, 50, f"Sheet {number} of {pages}.")
        canv.showPage()
    canv.save()
    return path
