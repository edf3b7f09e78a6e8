"""``scr-digest check``: is the database sound, and does the data directory agree with it?

Problems (the command exits 1):

- SQLite's own ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` (on PostgreSQL these
  are skipped, and the report says so: the server enforces foreign keys itself and has no
  single-command equivalent of the page-level check);
- an archived overview report whose file is missing, or whose size or sha256 differs from
  what was recorded when it was downloaded;
- temporary files (``.<name>.part``: interrupted downloads, archive pages, outbox messages)
  left in the data directory while no harvest is running;
- the same review key twice, two reports for one review, and deliveries duplicated (one
  recipient twice in a digest, or one Message-ID on two rows).

Warnings (listed, exit 0): deliveries in doubt (claimed, never confirmed: a crash during a
send), harvest runs left "running" by a crash, and temporary files while a harvest runs.

Only plain paths and this package's models and locks are used, so the check runs without the
harvester or the digest code (and cannot be fooled by a bug in either).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from db.locks import DatabaseLock
from db.models import Delivery, Digest, HarvestRun, Report, Review
from db.statuses import OutboundStatus

TEMP_PATTERN = ".*.part"


@dataclass(frozen=True)
class Finding:
    check: str
    detail: str


@dataclass
class CheckReport:
    backend: str
    checks: list[str] = field(default_factory=list)  # what was looked at, in order
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    in_doubt: list[dict[str, Any]] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "backend": self.backend,
            "checks": self.checks,
            "problems": [asdict(f) for f in self.problems],
            "warnings": [asdict(f) for f in self.warnings],
            "in_doubt": self.in_doubt,
        }


def check(engine: Engine, data_dir: Path) -> CheckReport:
    report = CheckReport(backend=engine.dialect.name)
    _pragmas(engine, report)
    harvesting = DatabaseLock(engine, "harvest").holder()
    with Session(engine) as session:
        _archive(session, Path(data_dir), report)
        _duplicates(session, report)
        _deliveries_in_doubt(session, report)
        _runs_left_running(session, report, harvesting)
    _temp_files(Path(data_dir), report, harvesting)
    return report


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "at an unknown time"


def _pragmas(engine: Engine, report: CheckReport) -> None:
    if engine.dialect.name != "sqlite":
        report.checks.append(
            f"database pages: skipped on {engine.dialect.name} (PRAGMA integrity_check and "
            "foreign_key_check are SQLite's; PostgreSQL enforces foreign keys itself)"
        )
        return
    report.checks.append("database pages: PRAGMA integrity_check")
    report.checks.append("foreign keys: PRAGMA foreign_key_check")
    with engine.connect() as connection:
        rows = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
        if rows != ["ok"]:
            report.problems.extend(Finding("integrity_check", str(row)) for row in rows)
        for table, rowid, parent, _fk in connection.execute(text("PRAGMA foreign_key_check")):
            report.problems.append(
                Finding("foreign_key_check", f"{table} row {rowid} points to a missing {parent}")
            )


def _archive(session: Session, data_dir: Path, report: CheckReport) -> None:
    report.checks.append("archived reports: present, with the recorded size and sha256")
    rows = session.execute(
        select(Report.review_id, Report.id, Report.archive_path, Report.bytes, Report.sha256)
        .where(Report.archive_path.is_not(None))
        .order_by(Report.id)
    ).all()
    for review_id, report_id, archive_path, size, sha256 in rows:
        path = data_dir / str(archive_path)
        owner = f"review {review_id}" if review_id is not None else f"attachment {report_id}"
        where = f"report of {owner}: {path}"
        if not path.is_file():
            report.problems.append(Finding("archive", f"{where} is missing"))
            continue
        actual = path.stat().st_size
        if size is not None and actual != size:
            report.problems.append(
                Finding("archive", f"{where} has {actual:,} bytes, {size:,} recorded")
            )
            continue
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        if sha256 is not None and digest.hexdigest() != sha256:
            report.problems.append(
                Finding("archive", f"{where} does not match its recorded sha256 (changed on disk)")
            )


def _duplicates(session: Session, report: CheckReport) -> None:
    report.checks.append("no review key, report or delivery twice")
    for key, count in session.execute(
        select(Review.review_key, func.count()).group_by(Review.review_key).having(func.count() > 1)
    ):
        report.problems.append(Finding("review_key", f"review key {key!r} is on {count} rows"))
    for review_id, count in session.execute(
        select(Report.review_id, func.count())
        .where(Report.review_id.is_not(None))
        .group_by(Report.review_id)
        .having(func.count() > 1)
    ):
        report.problems.append(Finding("report", f"review {review_id} has {count} report rows"))
    for digest_id, email, count in session.execute(
        select(Delivery.digest_id, func.lower(Delivery.email), func.count())
        .group_by(Delivery.digest_id, func.lower(Delivery.email))
        .having(func.count() > 1)
    ):
        report.problems.append(
            Finding("delivery", f"digest {digest_id}: {email} has {count} delivery rows")
        )
    for message_id, count in session.execute(
        select(Delivery.message_id, func.count())
        .where(Delivery.message_id.is_not(None))
        .group_by(Delivery.message_id)
        .having(func.count() > 1)
    ):
        report.problems.append(
            Finding("delivery", f"Message-ID {message_id} is on {count} delivery rows")
        )


def _deliveries_in_doubt(session: Session, report: CheckReport) -> None:
    report.checks.append("deliveries in doubt (claimed, never confirmed)")
    for month, email, claimed_at in session.execute(
        select(Digest.month, Delivery.email, Delivery.claimed_at)
        .join(Digest, Digest.id == Delivery.digest_id)
        .where(Delivery.status == OutboundStatus.SENDING)
        .order_by(Digest.month, Delivery.id)
    ):
        report.in_doubt.append({"month": month, "email": email, "claimed_at": claimed_at})
        report.warnings.append(
            Finding(
                "in_doubt",
                f"digest {month}: {email} claimed {_when(claimed_at)}, not confirmed (if no "
                f"send is running: check the mail server's log, then digest settle --month {month} "
                "--delivered or --not-delivered)",
            )
        )


def _runs_left_running(session: Session, report: CheckReport, harvesting: str | None) -> None:
    if harvesting is not None:
        return
    for run_id, started in session.execute(
        select(HarvestRun.id, HarvestRun.started_at).where(HarvestRun.outcome == "running")
    ):
        report.warnings.append(
            Finding(
                "harvest_run",
                f"run {run_id} (started {_when(started)}) was cut short; the next harvest "
                "marks it interrupted",
            )
        )


def _temp_files(data_dir: Path, report: CheckReport, harvesting: str | None) -> None:
    report.checks.append(f"no temporary files ({TEMP_PATTERN}) left in {data_dir}")
    if not data_dir.is_dir():
        return
    for path in sorted(data_dir.rglob(TEMP_PATTERN)):
        if harvesting is not None:
            report.warnings.append(
                Finding("temp_file", f"{path} (a harvest is running: {harvesting})")
            )
        else:
            report.problems.append(
                Finding("temp_file", f"{path} was left half-written by an interrupted write")
            )
