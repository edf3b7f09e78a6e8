"""One harvest run: fetch each listing page, parse it, store its entries, record the run.

Each page is stored in its own transaction, so a crash or a failure on one page keeps what the
pages before it brought in, and a rerun picks up where it stopped without duplicates.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from sqlalchemy import update

from common.exits import EXIT_LAYOUT_ALARM, EXIT_OK, EXIT_UNREACHABLE
from common.months import Month
from config import Config
from db import Database, HarvestRun, Page, utcnow
from db.locks import DatabaseLock, LockBusy
from harvester.alarm import shrank
from harvester.govuk import read_organisation
from harvester.http import Fetcher, FetchError, FetchPolicy, RobotsDisallowed
from harvester.parse import parse_page
from harvester.reports import Extractor, ReportCounts, StorageError, fetch_reports
from harvester.store import (
    DatabaseRobotsCache,
    EntryCounts,
    RunMemory,
    get_page,
    replace_quarantine,
    upsert_entries,
)

log = logging.getLogger(__name__)


class HarvestBusy(Exception):
    """Another harvest is running against this database; ``str()`` says which and since when."""


@dataclass
class PageOutcome:
    url: str
    status: str  # changed | unchanged | not_modified | skipped | failed | layout_alarm
    message: str | None = None
    entries: EntryCounts = field(default_factory=EntryCounts)


@dataclass
class HarvestResult:
    run_id: int
    outcome: str
    exit_code: int
    counts: dict[str, int]
    errors: list[str]  # what made the run fail: unreachable pages, layout alarms
    warnings: list[str]  # what it skipped on purpose: pages robots.txt disallows
    pages: list[PageOutcome]

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "outcome": self.outcome,
            "exit_code": self.exit_code,
            "counts": self.counts,
            "errors": self.errors,
            "warnings": self.warnings,
            "pages": [asdict(page) for page in self.pages],
        }


def layout_alarm(previous: int | None, found: int, ratio: float) -> str | None:
    """Why a page's yield looks like a layout change rather than news, or None."""
    if not shrank(previous, found, ratio):
        return None
    if found == 0:
        return "no entries found: the page layout may have changed"
    return (
        f"{found} entries found where there were {previous} last time: "
        "the page layout may have changed"
    )


def fetch_policy(config: Config) -> FetchPolicy:
    return FetchPolicy(
        user_agent=config.effective_user_agent,
        delay=config.request_delay,
        connect_timeout=config.request_timeout,
        read_timeout=config.request_timeout,
        max_bytes=config.max_page_bytes,
        retries=config.retries,
        obey_robots=config.obey_robots,
    )


def harvest(
    database: Database,
    config: Config,
    *,
    sources: Sequence[str] | None = None,
    govuk_organisations: Sequence[str] | None = None,
    force: bool = False,
    reports: bool = True,
    trigger: str = "cli",
    on_page: Callable[[PageOutcome], None] | None = None,
    since: Month | None = None,
    on_report_progress: Callable[[int, int], None] | None = None,
    wait: bool = False,
    extractor: Extractor | None = None,
) -> HarvestResult:
    """One run over ``sources`` (default: the configured ones) and GOV.UK's publications of
    ``govuk_organisations`` (default: the configured ones, or none when ``sources`` are given:
    a run told which pages to read reads only those; ``()`` skips GOV.UK).

    Each source is read on its own: one that cannot be reached fails the run (exit 2, naming
    it) after the others have been read.

    ``since`` limits the overview reports fetched and extracted to reviews
    published in or after that month; listing pages are always read and stored in full, so the
    baseline, the change tracking and the layout alarm see every entry. ``extractor`` reads each
    archived report in the extraction pool's workers (default: the configured one, pdfminer with
    OCR when enabled); it must be importable by name, as the pool's workers are spawned.

    One harvest per database at a time: raises ``HarvestBusy`` when another holds the harvest
    lock, or waits for it with ``wait``. A data directory that refuses writes (disk full,
    read-only) ends the run as failed and raises ``StorageError``.
    """
    lock = DatabaseLock(database.engine, "harvest")
    try:
        lock.acquire(wait=wait)
    except LockBusy as exc:
        raise HarvestBusy(str(exc)) from None
    try:
        return _harvest_locked(
            database,
            config,
            sources=sources,
            govuk_organisations=govuk_organisations,
            force=force,
            reports=reports,
            trigger=trigger,
            on_page=on_page,
            since=since,
            on_report_progress=on_report_progress,
            extractor=extractor,
        )
    finally:
        lock.release()


def _harvest_locked(
    database: Database,
    config: Config,
    *,
    sources: Sequence[str] | None,
    govuk_organisations: Sequence[str] | None,
    force: bool,
    reports: bool,
    trigger: str,
    on_page: Callable[[PageOutcome], None] | None,
    since: Month | None,
    on_report_progress: Callable[[int, int], None] | None,
    extractor: Extractor | None,
) -> HarvestResult:
    if govuk_organisations is None:
        govuk_organisations = () if sources else config.govuk_organisations
    sources = list(sources or config.sources)
    if not (config.contact or config.user_agent):
        log.warning(
            "no contact address in the User-Agent: set SCR_DIGEST_CONTACT so the source's "
            "operators can reach you"
        )
    with database.session() as session:
        # A run still "running" was cut short (crash, kill): say so rather than leave it open.
        session.execute(
            update(HarvestRun)
            .where(HarvestRun.outcome == "running")
            .values(outcome="interrupted", finished_at=utcnow())
        )
        run = HarvestRun(trigger=trigger, outcome="running", counts={}, errors=[])
        session.add(run)
        session.flush()
        run_id = run.id
    memory = RunMemory(run_id)
    outcomes: list[PageOutcome] = []
    with Fetcher(fetch_policy(config), robots_cache=DatabaseRobotsCache(database)) as fetcher:
        for url in sources:
            outcome = _harvest_page(database, config, fetcher, url, force=force, memory=memory)
            log.info(
                "%s: %s%s", url, outcome.status, f" ({outcome.message})" if outcome.message else ""
            )
            outcomes.append(outcome)
            if on_page is not None:
                on_page(outcome)
        for organisation in dict.fromkeys(govuk_organisations):
            read = read_organisation(
                database, config, fetcher, organisation, force=force, run_id=run_id
            )
            outcome = PageOutcome(read.url, read.status, read.message, read.entries)
            log.info(
                "%s: %s%s", read.url, read.status, f" ({read.message})" if read.message else ""
            )
            outcomes.append(outcome)
            if on_page is not None:
                on_page(outcome)
        try:
            report_counts = (
                fetch_reports(
                    database,
                    config,
                    fetcher,
                    extractor=extractor,
                    since=since,
                    on_progress=on_report_progress,
                )
                if reports
                else ReportCounts()
            )
        except StorageError as exc:
            # Every later report would meet the same full or read-only disk: stop, and say so
            # in the run's record as well as to the caller.
            _finish(database, run_id, outcomes, ReportCounts(), fetcher.request_count, str(exc))
            raise
        requests = fetcher.request_count
    return _finish(database, run_id, outcomes, report_counts, requests)


def _harvest_page(
    database: Database,
    config: Config,
    fetcher: Fetcher,
    url: str,
    *,
    force: bool,
    memory: RunMemory,
) -> PageOutcome:
    with database.session() as session:
        page = get_page(session, url)
        etag, last_modified = (None, None) if force else (page.etag, page.last_modified)
        known_hash, previous_count = page.content_hash, page.entry_count
        # Entries of a page never harvested before are the backlog, not news (the baseline rule),
        # except on the monthly "new in the collection" page.
        first_time = page.last_changed_at is None
    try:
        result = fetcher.fetch(url, etag=etag, last_modified=last_modified)
    except RobotsDisallowed as exc:
        return _record(database, url, PageOutcome(url, "skipped", str(exc)))
    except FetchError as exc:
        return _record(database, url, PageOutcome(url, "failed", str(exc)))
    if result.not_modified:
        return _record(
            database, url, PageOutcome(url, "not_modified"), result.etag, result.last_modified
        )
    body = result.body or b""
    digest = hashlib.sha256(body).hexdigest()
    if digest == known_hash and not force:
        return _record(
            database, url, PageOutcome(url, "unchanged"), result.etag, result.last_modified
        )

    parsed = parse_page(body, url, result.content_type)
    found = len(parsed.entries) + len(parsed.bad)
    alarm = layout_alarm(previous_count, found, config.layout_alarm_ratio)
    if alarm is not None:
        # Store nothing from this page and keep its old validators, so the next run looks again.
        return _record(database, url, PageOutcome(url, "layout_alarm", f"{url}: {alarm}"))

    baseline = first_time and not parsed.is_monthly_update
    with database.session() as session:
        counts = upsert_entries(
            session, parsed.entries, source_url=url, baseline=baseline, memory=memory
        )
        counts.quarantined = replace_quarantine(session, url, parsed.bad)
        page = get_page(session, url)
        _update_page(page, "changed", None, result.etag, result.last_modified)
        page.content_hash, page.entry_count, page.last_changed_at = digest, found, utcnow()
        page.page_title, page.last_updated = parsed.title, parsed.last_updated
        session.flush()
    for bad in parsed.bad:
        log.info("%s: quarantined entry %r: %s", url, bad.heading, bad.reason)
    return PageOutcome(url, "changed", None, counts)


def _update_page(
    page: Page,
    status: str,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    page.last_status = status
    page.last_error = error
    page.last_fetched_at = utcnow()
    if etag is not None or last_modified is not None:
        page.etag, page.last_modified = etag, last_modified


def _record(
    database: Database,
    url: str,
    outcome: PageOutcome,
    etag: str | None = None,
    last_modified: str | None = None,
) -> PageOutcome:
    with database.session() as session:
        _update_page(get_page(session, url), outcome.status, outcome.message, etag, last_modified)
    return outcome


def _finish(
    database: Database,
    run_id: int,
    outcomes: list[PageOutcome],
    report_counts: ReportCounts,
    requests: int,
    fatal: str | None = None,
) -> HarvestResult:
    entries = EntryCounts()
    for outcome in outcomes:
        entries.add(outcome.entries)
    by_status = {
        status: sum(1 for o in outcomes if o.status == status)
        for status in ("changed", "unchanged", "not_modified", "skipped", "failed", "layout_alarm")
    }
    counts = {
        "pages": len(outcomes),
        "pages_fetched": by_status["changed"],
        "pages_unchanged": by_status["unchanged"] + by_status["not_modified"],
        "pages_skipped": by_status["skipped"],
        "pages_failed": by_status["failed"],
        "pages_layout_alarm": by_status["layout_alarm"],
        "entries_new": entries.new,
        "entries_updated": entries.updated,
        "entries_unchanged": entries.unchanged,
        "entries_quarantined": entries.quarantined,
        **report_counts.as_counts(),
        "requests": requests,
    }
    errors = [o.message for o in outcomes if o.status in ("failed", "layout_alarm") and o.message]
    if fatal is not None:
        errors.append(fatal)
    warnings = [o.message for o in outcomes if o.status == "skipped" and o.message]
    if fatal is not None:
        result, exit_code = "failed", 1
    elif by_status["layout_alarm"]:
        result, exit_code = "failed", EXIT_LAYOUT_ALARM
    elif by_status["failed"]:
        result, exit_code = "failed", EXIT_UNREACHABLE
    else:
        result, exit_code = "ok", EXIT_OK
    with database.session() as session:
        run = session.get(HarvestRun, run_id)
        assert run is not None
        run.finished_at = utcnow()
        run.outcome = result
        run.counts = counts
        run.errors = errors + warnings
        run.message = "; ".join(errors) or None
    return HarvestResult(run_id, result, exit_code, counts, errors, warnings, outcomes)
