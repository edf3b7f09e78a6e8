"""The public archive: every sent bulletin as a static page, an index, and an Atom feed.

Written to ``<data dir>/archive/`` as ``YYYY-MM.html``, ``index.html`` and ``feed.xml``, with
relative links, so the directory can be copied to any web server as it is. The pages are the
archive rendering stored when the bulletin was approved (no unsubscribe links in them).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from common.months import Month
from db.files import private_dir
from digest.render import environment


@dataclass(frozen=True)
class ArchivedBulletin:
    month: Month
    subject: str
    html: str
    summary: str
    updated: datetime

    @property
    def filename(self) -> str:
        return f"{self.month}.html"


def _atom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        # a full or read-only disk: leave the old page as it was, and no half-written one
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), exc.filename or str(partial)) from exc


def write_archive(
    directory: Path, bulletins: Sequence[ArchivedBulletin], *, board_name: str, domain: str
) -> Path:
    """Write (or rewrite) every page, the index and the feed; returns the index's path.

    Atom ids are tag URIs (RFC 4151) on the sender's domain, dated by the first bulletin's
    year so they never change.
    """
    private_dir(directory)
    ordered = sorted(bulletins, key=lambda b: b.month, reverse=True)
    for bulletin in ordered:
        _write(directory / bulletin.filename, bulletin.html)
    env = environment()
    first_year = ordered[-1].month.year if ordered else datetime.now(UTC).year
    entries = [
        {
            "month": b.month,
            "filename": b.filename,
            "subject": b.subject,
            "summary": b.summary,
            "updated": _atom_time(b.updated),
            "entry_id": f"tag:{domain},{first_year}:scr-digest/{b.month}",
        }
        for b in ordered
    ]
    updated = max((b.updated for b in ordered), default=datetime.now(UTC))
    _write(
        directory / "feed.xml",
        env.get_template("feed.xml").render(
            board_name=board_name,
            feed_id=f"tag:{domain},{first_year}:scr-digest",
            updated=_atom_time(updated),
            bulletins=entries,
        ),
    )
    index = directory / "index.html"
    _write(
        index,
        env.get_template("archive_index.html").render(board_name=board_name, bulletins=entries),
    )
    return index
