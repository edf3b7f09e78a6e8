"""Overview reports: follow each review's link, archive the PDF, extract its text in workers.

Downloads and extraction overlap: the harvest goes on fetching (one request a second per host)
while earlier reports are extracted by the pool, and each result is stored as soon as it is ready,
so a crash loses at most the reports in flight.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.links import ascii_link
from common.months import Month
from common.text import clean_text
from config import Config
from db import Database, Publication, Report, Review, utcnow
from db.files import private_dir
from db.locks import DatabaseLock
from db.queries import published_since
from db.statuses import ReportStatus
from harvester.extract_pool import ExtractionPool, default_workers
from harvester.http import Fetcher, FetchError
from harvester.lines import decode_html, parse_document
from harvester.ocr import extract_with_ocr, ocr_available
from harvester.pdftext import EXTRACTOR_VERSION, ExtractLimits, ReportText

Extractor = Callable[[Path, ExtractLimits], ReportText]
# What the extraction pool's results are keyed by: a review's report, or any report by its id
# (a publication's attachment, a re-extraction).
ReportKey = tuple[str, int]

log = logging.getLogger(__name__)

# Failed downloads wait longer after each try: 1 h, 2 h, 4 h, … up to a week.
RETRY_BASE = timedelta(hours=1)
RETRY_MAX = timedelta(days=7)
_PDF_MAGIC = b"%PDF-"
_PDF_LINK_WORDS = ("pdf", "download", "report", "review")


class ReportFailure(Exception):
    """A report that could not be fetched or recognised; ``str()`` is the reason shown to users."""


class StorageError(Exception):
    """The data directory refused a write (disk full, file too large, read-only, no permission).

    Not the report's fault, and every later report would meet it too, so the harvest stops;
    ``str()`` is one line naming the path and the cause."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = Path(error.filename) if error.filename else path
        self.error = error
        super().__init__(f"cannot write {self.path}: {error.strerror or error}")


@dataclass(frozen=True)
class Downloaded:
    final_url: str
    content_type: str | None
    sha256: str
    size: int
    archive_path: str  # relative to the data directory


@dataclass
class ReportCounts:
    downloaded: int = 0
    failed: int = 0
    extracted: int = 0
    needs_ocr: int = 0
    given_up: int = 0
    skipped: int = 0  # re-extraction found nothing to redo

    def as_counts(self) -> dict[str, int]:
        return {
            "reports_downloaded": self.downloaded,
            "reports_failed": self.failed,
            "reports_extracted": self.extracted,
            "reports_needs_ocr": self.needs_ocr,
            "reports_given_up": self.given_up,
        }


def retry_delay(attempts: int) -> timedelta:
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


def is_pdf(head: bytes) -> bool:
    # Some generators put a few bytes of junk before the header; readers accept it in the first KiB.
    return _PDF_MAGIC in head[:1024]


def describe_non_pdf(head: bytes, content_type: str | None) -> str:
    sample = head[:200].lstrip().lower()
    if sample.startswith((b"<!doctype html", b"<html")) or b"<html" in sample:
        return f"an HTML page where a PDF was expected (content type {content_type or 'unknown'})"
    shown = head[:16].decode("latin-1").encode("unicode_escape").decode("ascii")
    return f"not a PDF (content type {content_type or 'unknown'}, starts with {shown!r})"


def catalogue_pdf_link(html: bytes, base_url: str, content_type: str | None) -> str | None:
    """The PDF a publication ("catalogue") page points to: a link to a .pdf, else a download."""
    document = parse_document(decode_html(html, content_type))
    candidates: list[tuple[int, str]] = []
    for anchor in document.find_all("a"):
        url = ascii_link(anchor.get("href"), base_url)
        if url is None:
            continue
        text = clean_text(anchor.get_text()).lower()
        path = url.lower().split("?", 1)[0]
        if path.endswith(".pdf"):
            candidates.append((0, url))
        elif any(word in text for word in _PDF_LINK_WORDS) and "download" in text:
            candidates.append((1, url))
    return min(candidates)[1] if candidates else None


def download_report(
    fetcher: Fetcher, url: str, data_dir: Path, config: Config, *, found_on: str
) -> Downloaded:
    """Fetch ``url`` into the archive; follows at most one catalogue page to its PDF.

    ``found_on`` is the listing page the link came from: the link (and the catalogue page's
    link, and their redirects) may lead to public addresses or into that page's own network,
    never from a public page to a private or loopback one (see ``harvester.addresses``).
    """
    archive = data_dir / "reports"
    target = url
    for hop in range(2):
        try:
            private_dir(archive)
            fd, part_name = tempfile.mkstemp(dir=archive, prefix=".download-", suffix=".part")
        except OSError as exc:
            raise StorageError(archive, exc) from exc
        part = Path(part_name)
        try:
            with os.fdopen(fd, "w+b") as sink:
                result = fetcher.download(
                    target,
                    sink,
                    max_bytes=config.max_report_bytes,
                    total_timeout=config.report_timeout,
                    found_on=found_on,
                )
                sink.seek(0)
                head = sink.read(1024)
            if is_pdf(head):
                return _archive(part, archive, result.final_url, result.content_type)
            if hop == 0 and describe_non_pdf(head, result.content_type).startswith("an HTML"):
                next_url = catalogue_pdf_link(
                    part.read_bytes(), result.final_url, result.content_type
                )
                if next_url is not None:
                    log.info("%s is a catalogue page; following it to %s", url, next_url)
                    target = next_url
                    continue
            raise ReportFailure(describe_non_pdf(head, result.content_type))
        except FetchError as exc:
            raise ReportFailure(exc.reason if exc.url == url else str(exc)) from exc
        except OSError as exc:
            # The fetcher turns every network fault into a FetchError: an OSError here is the
            # archive refusing the bytes (EFBIG, ENOSPC, EROFS, EACCES).
            raise StorageError(part, exc) from exc
        finally:
            with contextlib.suppress(OSError):  # nothing half-written stays behind
                part.unlink(missing_ok=True)
    raise ReportFailure("the catalogue page led to another page, not a PDF")


def remove_partial_downloads(archive: Path) -> None:
    """Downloads a killed harvest left half-written; their reports are fetched again."""
    for stale in archive.glob(".download-*.part"):
        log.info("removing an interrupted download: %s", stale.name)
        try:
            stale.unlink(missing_ok=True)
        except OSError as exc:  # a read-only archive: the downloads will say so
            log.warning("cannot remove %s: %s", stale, exc.strerror or exc)


def _archive(part: Path, archive: Path, final_url: str, content_type: str | None) -> Downloaded:
    digest = hashlib.sha256()
    with part.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    size = part.stat().st_size
    final = archive / f"{sha}.pdf"
    if not final.exists():  # the same bytes met twice are stored once
        os.replace(part, final)
    return Downloaded(final_url, content_type, sha, size, f"reports/{final.name}")


def reports_to_fetch(
    session: Session, now: datetime, since: Month | None = None
) -> list[tuple[int, str, str | None]]:
    """(review id, link, archived file) for every review whose report is missing, stale, left
    half-done by a crash (archived but not extracted: no need to download it again) or due
    another try after a failure; with ``since``, only reviews published in or
    after that month (a review dated by year only counts as published all that year)."""
    query = (
        select(Review.id, Review.report_url, Report)
        .outerjoin(Report, Report.review_id == Review.id)
        .where(Review.report_url.is_not(None))
        .order_by(Review.id)
    )
    if since is not None:
        query = query.where(published_since(since))
    rows = session.execute(query).all()
    todo: list[tuple[int, str, str | None]] = []
    for review_id, link, report in rows:
        if link is None:  # excluded by the query; says so to the type checker
            continue
        if report is None or report.url != link:
            todo.append((review_id, link, None))
        elif _due(report, now):
            archived = report.archive_path if report.status == ReportStatus.PENDING else None
            todo.append((review_id, link, archived))
    return todo


def _due(report: Report, now: datetime) -> bool:
    """A pending report (interrupted) or a failed one whose backoff has passed."""
    waited = report.next_attempt_at is None or report.next_attempt_at <= now
    return (
        report.status in (ReportStatus.PENDING, ReportStatus.FAILED)
        and not report.given_up
        and waited
    )


def attachments_to_fetch(session: Session, now: datetime) -> list[tuple[int, str, str | None, str]]:
    """(report id, link, archived file, found on) for each publication attachment to fetch,
    left half-done by a crash, or due another try: the same rules as overview reports."""
    rows = session.execute(
        select(Report, Publication.source_url)
        .join(Publication, Publication.id == Report.publication_id)
        .order_by(Report.id)
    ).all()
    return [
        (
            report.id,
            report.url,
            report.archive_path if report.status == ReportStatus.PENDING else None,
            source,
        )
        for report, source in rows
        if _due(report, now)
    ]


def _report_for(session: Session, review_id: int, url: str) -> Report:
    report = session.scalar(select(Report).where(Report.review_id == review_id))
    if report is None:
        report = Report(
            review_id=review_id,
            url=url,
            status=ReportStatus.PENDING,
            attempts=0,
            given_up=False,
            headings=[],
            recommendations=[],
        )
        session.add(report)
    elif report.url != url:
        # the review's link changed: start this report afresh
        report.url, report.attempts, report.given_up = url, 0, False
        report.sha256 = report.archive_path = report.final_url = None
    return report


def record_failure(session: Session, report: Report, reason: str, config: Config) -> None:
    now = utcnow()
    report.status, report.reason = ReportStatus.FAILED, reason
    report.attempts += 1
    report.next_attempt_at = now + retry_delay(report.attempts)
    report.given_up = report.attempts >= config.report_max_attempts


def record_text(report: Report, result: ReportText) -> None:
    report.status, report.reason = result.status, result.reason
    report.pages = result.pages
    report.text = result.text
    report.headings = list(result.headings)
    report.executive_summary = result.executive_summary
    report.findings = result.findings
    report.recommendations = list(result.recommendations)
    report.ocr = result.ocr
    report.extractor_version = EXTRACTOR_VERSION
    report.extracted_at = utcnow()


def extract_limits(config: Config) -> ExtractLimits:
    return ExtractLimits(max_pages=config.extract_max_pages, timeout=config.extract_timeout)


def workers(config: Config, documents: int) -> int:
    """As many workers as configured (default: one per core), but no more than there are
    documents: a monthly harvest brings a handful of reports, often one."""
    return max(1, min(config.extract_workers or default_workers(), documents))


def default_extractor(config: Config) -> Extractor:
    return functools.partial(extract_with_ocr, ocr=config.ocr)


def fetch_reports(
    database: Database,
    config: Config,
    fetcher: Fetcher,
    *,
    extractor: Extractor | None = None,
    since: Month | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReportCounts:
    counts = ReportCounts()
    remove_partial_downloads(config.data_dir / "reports")
    with database.session() as session:
        todo = reports_to_fetch(session, utcnow(), since)
        attachments = attachments_to_fetch(session, utcnow())
    if not todo and not attachments:
        return counts
    limits = extract_limits(config)
    everything = len(todo) + len(attachments)
    with ExtractionPool[ReportKey](
        workers=workers(config, everything), target=extractor or default_extractor(config)
    ) as pool:
        for done, (review_id, url, archived) in enumerate(todo):
            if on_progress is not None:
                on_progress(done, everything)
            path = config.data_dir / archived if archived else None
            if path is None or not path.exists():
                path = _download(database, config, fetcher, review_id, url, counts)
            if path is not None:
                pool.submit(("review", review_id), path, limits)
            _store_results(database, config, pool.ready(), counts)
        for done, (report_id, url, archived, found_on) in enumerate(attachments, len(todo)):
            if on_progress is not None:
                on_progress(done, everything)
            path = config.data_dir / archived if archived else None
            if path is None or not path.exists():
                path = _download_attachment(
                    database, config, fetcher, report_id, url, found_on, counts
                )
            if path is not None:
                pool.submit(("report", report_id), path, limits)
            _store_results(database, config, pool.ready(), counts)
        _store_results(database, config, pool.results(), counts)
    return counts


def _download_attachment(
    database: Database,
    config: Config,
    fetcher: Fetcher,
    report_id: int,
    url: str,
    found_on: str,
    counts: ReportCounts,
) -> Path | None:
    """Fetch one publication attachment into the archive; the archived file, or None."""
    return _into_archive(
        database,
        config,
        fetcher,
        url,
        found_on,
        counts,
        "attachment",
        lambda session: session.get(Report, report_id),
    )


def _download(
    database: Database,
    config: Config,
    fetcher: Fetcher,
    review_id: int,
    url: str,
    counts: ReportCounts,
) -> Path | None:
    """Fetch one review's report into the archive; the archived file, or None."""
    with database.session() as session:
        # A review always comes from a listing page; "" (trust nothing) if that were lost.
        found_on = session.scalar(select(Review.source_url).where(Review.id == review_id)) or ""
    return _into_archive(
        database,
        config,
        fetcher,
        url,
        found_on,
        counts,
        "report",
        lambda session: _report_for(session, review_id, url),
    )


def _into_archive(
    database: Database,
    config: Config,
    fetcher: Fetcher,
    url: str,
    found_on: str,
    counts: ReportCounts,
    what: str,
    row: Callable[[Session], Report | None],
) -> Path | None:
    """Download ``url`` into the archive and record the outcome on its report ``row``."""
    try:
        downloaded = download_report(fetcher, url, config.data_dir, config, found_on=found_on)
    except ReportFailure as exc:
        log.warning("%s %s: %s", what, url, exc)
        with database.session() as session:
            report = row(session)
            if report is not None:
                record_failure(session, report, str(exc), config)
                counts.given_up += report.given_up
        counts.failed += 1
        return None
    except StorageError as exc:
        log.error("%s %s: %s", what, url, exc)
        with database.session() as session:
            report = row(session)
            if report is not None:
                # Failed for the reason given, but not the source's fault: no try counted and
                # no backoff, so the first harvest after the disk is fixed fetches it.
                report.status, report.reason = ReportStatus.FAILED, str(exc)
                report.next_attempt_at = None
        counts.failed += 1
        raise
    counts.downloaded += 1
    with database.session() as session:
        report = row(session)
        if report is None:
            return None
        report.final_url = downloaded.final_url
        report.content_type = downloaded.content_type
        report.sha256, report.bytes = downloaded.sha256, downloaded.size
        report.archive_path = downloaded.archive_path
        report.downloaded_at = utcnow()
        # "pending" until extracted: a crash in between leaves it for the next harvest to extract
        report.status, report.reason = ReportStatus.PENDING, None
    return config.data_dir / downloaded.archive_path


def _store_results(
    database: Database,
    config: Config,
    results: Iterable[tuple[ReportKey, ReportText]],
    counts: ReportCounts,
) -> None:
    for (key_kind, key), result in results:
        with database.session() as session:
            if key_kind == "review":
                report = session.scalar(select(Report).where(Report.review_id == key))
            else:
                report = session.get(Report, key)
            if report is None:
                continue
            record_text(report, result)
            if result.status == ReportStatus.FAILED:
                # the bytes are archived but unreadable: count it as a try, as a download is
                report.attempts += 1
                report.next_attempt_at = utcnow() + retry_delay(report.attempts)
                report.given_up = report.attempts >= config.report_max_attempts
                counts.failed += 1
            else:
                report.attempts, report.next_attempt_at = 0, None
                counts.extracted += result.status == ReportStatus.OK
                counts.needs_ocr += result.status == ReportStatus.NEEDS_OCR
        log.info(
            "report of %s %s: %s%s",
            key_kind,
            key,
            result.status,
            f" ({result.reason})" if result.reason else "",
        )


def reextract(
    database: Database,
    config: Config,
    *,
    review_id: int | None = None,
    failed: bool = False,
    extractor: Extractor | None = None,
    wait: bool = False,
) -> ReportCounts:
    """Extract archived reports again, without the network (after an extractor improvement).

    Reports whose bytes and extractor version are unchanged since their last extraction are not
    redone, except failed ones (a timeout may pass on a quieter machine) and, when OCR can run
    now, those that were left needing it.

    Takes the harvest lock (raises ``db.locks.LockBusy`` while a harvest runs, or waits for it
    with ``wait``): a harvest extracts the same reports, and two writers of one row would race.
    """
    lock = DatabaseLock(database.engine, "harvest").acquire(wait=wait)
    try:
        return _reextract(database, config, review_id=review_id, failed=failed, extractor=extractor)
    finally:
        lock.release()


def _reextract(
    database: Database,
    config: Config,
    *,
    review_id: int | None,
    failed: bool,
    extractor: Extractor | None,
) -> ReportCounts:
    counts = ReportCounts()
    query = select(Report).where(Report.archive_path.is_not(None))
    if review_id is not None:
        query = query.where(Report.review_id == review_id)
    if failed:
        query = query.where(Report.status == ReportStatus.FAILED)
    # A scanned report kept for want of OCR is redone once OCR can run (installed since, as
    # the demo and `status` advise): its bytes and the extractor are unchanged, but not the result.
    ocr_now = extractor is None and config.ocr and ocr_available()
    with database.session() as session:
        chosen = [
            (("report", report.id), config.data_dir / report.archive_path)
            for report in session.scalars(query.order_by(Report.id))
            if report.archive_path is not None
            and (
                report.status == ReportStatus.FAILED
                or report.extractor_version != EXTRACTOR_VERSION
                or (ocr_now and report.status == ReportStatus.NEEDS_OCR)
            )
        ]
        counts.skipped = len(session.scalars(query).all()) - len(chosen)
    if chosen:
        target = extractor or default_extractor(config)
        with ExtractionPool[ReportKey](workers=workers(config, len(chosen)), target=target) as pool:
            for key, path in chosen:
                pool.submit(key, path, extract_limits(config))
            _store_results(database, config, pool.results(), counts)
    return counts
