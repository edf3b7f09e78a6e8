"""Stand-in report extractors for harvests whose tests assert nothing about report text.

A harvest of the whole sample site spends nearly all its time in pdfminer (about 260 pages);
the tests of listing pages, change tracking and the command line only need the reports to be
downloaded and recorded. These run in the extraction pool's spawned workers, so they live in a
module light to import and are named, not nested.
"""

from __future__ import annotations

from pathlib import Path

from harvester.pdftext import ExtractLimits, ReportText


def unread(path: Path, limits: ExtractLimits) -> ReportText:
    """Every report "ok", one page, no text: what a test of listing pages needs to go on."""
    return ReportText(status="ok", reason=None, pages=1)
