"""Optional OCR for scanned reports: ocrmypdf (the ``ocr`` extra) driving Debian's tesseract-ocr.

Runs inside an extraction worker, so the pool's time limit covers it as well.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

from harvester.pdftext import ExtractLimits, ReportText, extract_report

OCR_SUFFIX = ".ocr.pdf"


def ocr_available() -> bool:
    installed = importlib.util.find_spec("ocrmypdf") is not None
    return installed and shutil.which("tesseract") is not None


def ocr_pdf(source: Path, target: Path, timeout: float) -> None:
    """Write ``target``: ``source`` with a text layer added to the pages that have none."""
    partial = target.with_suffix(".part")
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ocrmypdf",
                "--skip-text",
                "--output-type",
                "pdf",
                "--optimize",
                "0",
                "--quiet",
                "-l",
                "eng",
                str(source),
                str(partial),
            ],
            check=True,
            timeout=timeout,
            capture_output=True,
        )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def extract_with_ocr(path: Path, limits: ExtractLimits, *, ocr: bool = True) -> ReportText:
    """Extract the text layer; a scanned report, or a report with scanned pages, is OCRed
    first when OCR is installed and wanted (``--skip-text``: only the pages without text)."""
    result = extract_report(path, limits)
    scanned = result.status == "needs_ocr" or (result.status == "ok" and result.scanned_pages)
    if not scanned or not ocr or not ocr_available():
        return result
    ocred = path.with_name(path.name.removesuffix(".pdf") + OCR_SUFFIX)
    try:
        if not ocred.exists():
            ocr_pdf(path, ocred, limits.timeout)
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        last = detail.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(exc)]
        return dataclasses.replace(result, reason=f"OCR failed: {last[0][:200]}")
    after = extract_report(ocred, limits)
    if after.status == "ok":
        return dataclasses.replace(after, ocr=True)
    if result.status == "ok":  # OCR found nothing on the picture pages: the text layer stands
        return result
    return dataclasses.replace(after, reason=f"no text even after OCR ({after.reason})")
