"""Helpers for the process, concurrency and disk fault tests: real ``scr-digest`` processes
against the real local servers, a test site with overview reports, and the invariants every
fault must leave intact."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Mapping
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import func, select

from db import Database, Delivery, Report, Review
from db.integrity import check

ROOT = Path(__file__).resolve().parents[1]
LISTING = "/case-reviews/monthly-case-reviews-update"
T = TypeVar("T")


def cli(*args: str) -> list[str]:
    """The ``scr-digest`` command as a fresh interpreter runs it (the venv's script may be absent
    where only the test interpreter is)."""
    return [sys.executable, "-c", "import cli; cli.main()", *args]


def cli_env(db_url: str, data_dir: Path, **settings: object) -> dict[str, str]:
    """The environment for a child: this database and data directory, no config file, no delay
    between requests; ``settings`` become ``SCR_DIGEST_<NAME>`` variables."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SCR_DIGEST_") or key == "SCR_DIGEST_TEST_PG_URL"
    }
    environ.update(
        {
            "PYTHONPATH": str(ROOT),
            "SCR_DIGEST_CONFIG": "",
            "SCR_DIGEST_DB": db_url,
            "SCR_DIGEST_DATA_DIR": str(data_dir),
            "SCR_DIGEST_REQUEST_DELAY": "0",
            "SCR_DIGEST_RETRIES": "1",
            "SCR_DIGEST_CONTACT": "tests@example.invalid",
        }
    )
    environ.update({f"SCR_DIGEST_{name.upper()}": str(value) for name, value in settings.items()})
    return environ


def run(
    args: list[str], environ: Mapping[str, str], timeout: float = 180, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=dict(environ), cwd=ROOT, capture_output=True, text=True, timeout=timeout, **kwargs
    )


def wait_for(condition: Callable[[], T | None], what: str, timeout: float = 60) -> T:
    """Poll until ``condition()`` gives something true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


# ---------------------------------------------------------------- a site with overview reports


def make_pdf(paragraphs: list[str], padding: int = 0) -> bytes:
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(
        [Paragraph(text, styles["BodyText"]) for text in paragraphs]
    )
    data = buffer.getvalue()
    if not padding:
        return data
    # A comment line just before the closing %%EOF: readers skip it; the file grows as wanted.
    end = data.rindex(b"%%EOF")
    return data[:end] + b"%" + b"x" * padding + b"\n" + data[end:]


def slow_pdf(operations: int) -> bytes:
    """A valid one-page PDF of ``operations`` tiny text draws: a few KB compressed, yet every
    draw must be parsed and placed (200,000 took our extractor 19 s on the 2-core test
    machine; pdfminer's own layout analysis is quadratic in them), so a worker extracting it
    is reliably busy for as long as a test needs."""
    ops = b"BT /F1 9 Tf 72 720 Td " + b"(Westshire review text) Tj 0 -0.01 Td " * operations
    stream = zlib.compress(ops + b"ET", 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def listing(entries: Mapping[str, str]) -> str:
    """A monthly update page: one entry per title, each linking its overview report."""
    body = "".join(
        f"<h3>2025 – Westshire – {title}</h3><p>A fictional summary of the review.</p>"
        f'<p><a href="{href}">Read the overview report</a></p>'
        for title, href in entries.items()
    )
    return f"<html><body><h1>Case reviews update</h1>{body}</body></html>"


def build_site(root: Path, reports: Mapping[str, tuple[str, bytes]], page: str = LISTING) -> None:
    """Write ``page`` listing ``reports`` (title → (path, bytes)) and the reports under ``root``."""
    for _title, (path, data) in reports.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    target = root / (page.lstrip("/") + ".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(listing({title: path for title, (path, _) in reports.items()}))


# ---------------------------------------------------------------- what every fault must leave


def part_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.rglob(".*.part")) if data_dir.exists() else []


def assert_consistent(database: Database, data_dir: Path) -> None:
    """No review, report or delivery twice, no half-written file, and ``scr-digest check``
    (the integrity pragmas, archive hashes) healthy."""
    with database.session() as session:
        reviews = session.scalar(select(func.count()).select_from(Review))
        keys = session.scalar(select(func.count(func.distinct(Review.review_key))))
        reports = session.scalar(select(func.count()).select_from(Report))
        reviewed = session.scalar(select(func.count(func.distinct(Report.review_id))))
        deliveries = session.scalar(select(func.count()).select_from(Delivery))
        pairs = session.execute(select(Delivery.digest_id, Delivery.recipient_id).distinct()).all()
    assert reviews == keys, "a review stored twice"
    assert reports == reviewed, "a report stored twice"
    assert deliveries == len(pairs), "a delivery stored twice"
    assert part_files(data_dir) == []
    report = check(database.engine, data_dir)
    assert report.healthy, report.problems


# ---------------------------------------------------------------- processes


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc; Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def review_first_seen(seen: datetime) -> Review:
    """One announceable review (not baseline), first seen at ``seen``: a digest's only item."""
    return Review(
        review_key="key-child-a",
        text_key="2026|westshire|child a",
        published_year=2026,
        area="Westshire",
        title="Child A",
        summary="Summary.",
        keywords=["neglect"],
        sections=[],
        source_url="https://source.example.org/case-reviews",
        content_hash="0" * 64,
        baseline=False,
        first_seen_at=seen,
        last_seen_at=seen,
    )
