"""National publications from GOV.UK: the Search and Content API read through the polite Fetcher.

One source per organisation: ``{base}/api/search.json`` filtered to it (and to the
``govuk_query`` words), newest first. The first page is asked for conditionally; paging through
``start`` goes only as far as the first publication already known, so a run with nothing new is
one search request per organisation. Each new result's Content API item gives its attachments;
their PDFs become ``report`` rows that ``harvester.reports`` downloads, archives and extracts.

The baseline rule holds per source: the first read of an organisation stores its publications
as baseline, never announced. A 422 is our request's fault: an error for the maintainers, never
retried. A result without its link, title or date is quarantined with the reason; an answer
with no results (or far fewer than last time) is the layout alarm, and nothing is stored.
Publications are stored oldest first, each in its own transaction, so a run cut short leaves no
gap behind the first known result.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Config
from db import Database, Publication, Report, utcnow
from db.statuses import ReportStatus
from harvester.alarm import shrank
from harvester.govuk_parse import (
    SEARCH_FIELDS,
    AnswerUnreadable,
    PublicationRecord,
    SearchResult,
    fingerprint,
    parse_content,
    parse_search,
    published_date,
)
from harvester.http import Fetcher, FetchError, RobotsDisallowed
from harvester.records import BadEntry
from harvester.store import EntryCounts, get_page, replace_quarantine

log = logging.getLogger(__name__)


@dataclass
class SourceOutcome:
    """What reading one organisation did; ``status`` as for a listing page's outcome."""

    url: str
    status: str  # changed | unchanged | not_modified | skipped | failed | layout_alarm
    message: str | None = None
    entries: EntryCounts = field(default_factory=EntryCounts)


def source_url(base_url: str, organisation: str, query: str = "") -> str:
    """The stable name of one organisation's source (the search, without paging)."""
    params = [("filter_organisations", organisation)]
    if query:
        params.append(("q", query))
    return f"{base_url}/api/search.json?{urlencode(params)}"


def search_url(base_url: str, organisation: str, query: str, start: int, count: int) -> str:
    params: list[tuple[str, str]] = [
        ("filter_organisations", organisation),
        ("order", "-public_timestamp"),
        ("count", str(count)),
        ("start", str(start)),
    ]
    params += [("fields", name) for name in SEARCH_FIELDS]
    if query:
        params.append(("q", query))
    return f"{base_url}/api/search.json?{urlencode(params)}"


def content_url(base_url: str, link: str) -> str:
    return f"{base_url}/api/content{link}"


def results_alarm(previous: int | None, total: int, ratio: float) -> str | None:
    """Why a search's total looks like a change of the API or the organisation, or None."""
    if not shrank(previous, total, ratio):
        return None
    if total == 0:
        return "no results: the organisation's name or GOV.UK's search may have changed"
    return (
        f"{total} results where there were {previous} last time: "
        "the organisation's name or GOV.UK's search may have changed"
    )


def _failure(source: str, exc: FetchError) -> SourceOutcome:
    if exc.status == 422:
        message = (
            f"{source}: GOV.UK refused the search as malformed (HTTP 422): "
            "scr-digest's request needs fixing; not retried"
        )
    elif "/api/search.json?" in exc.url:
        message = f"GOV.UK {source}: {exc.reason}"  # the search, without its paging and fields
    else:
        message = f"GOV.UK {exc}"  # a Content API item
    return SourceOutcome(source, "failed", message)


def read_organisation(
    database: Database,
    config: Config,
    fetcher: Fetcher,
    organisation: str,
    *,
    force: bool = False,
    run_id: int | None = None,
) -> SourceOutcome:
    """Read one organisation's new publications into the database; never raises FetchError."""
    base, query = config.govuk_base_url.rstrip("/"), config.govuk_query
    source = source_url(base, organisation, query)
    with database.session() as session:
        page = get_page(session, source)
        etag, last_modified = (None, None) if force else (page.etag, page.last_modified)
        known_hash, previous = page.content_hash, page.entry_count
        first_time = page.last_changed_at is None
        known = set(session.scalars(select(Publication.base_path)))
    count = config.govuk_page_size
    start, total = 0, 0
    new: list[SearchResult] = []
    bad: list[BadEntry] = []
    validators: tuple[str | None, str | None] = (None, None)
    digest = ""
    while True:
        url = search_url(base, organisation, query, start, count)
        try:
            if start == 0:
                result = fetcher.fetch(url, etag=etag, last_modified=last_modified)
            else:
                result = fetcher.fetch(url)
        except RobotsDisallowed as exc:
            return _record(database, SourceOutcome(source, "skipped", str(exc)))
        except FetchError as exc:
            return _record(database, _failure(source, exc))
        if result.not_modified:
            return _record(
                database, SourceOutcome(source, "not_modified"), result.etag, result.last_modified
            )
        body = result.body or b""
        if start == 0:
            digest = hashlib.sha256(body).hexdigest()
            validators = (result.etag, result.last_modified)
            if digest == known_hash and not force:
                return _record(database, SourceOutcome(source, "unchanged"), *validators)
        try:
            answer = parse_search(body)
        except AnswerUnreadable as exc:
            message = f"{source}: the search answer is unreadable ({exc})"
            return _record(database, SourceOutcome(source, "layout_alarm", message))
        if start == 0:
            total = answer.total
            alarm = results_alarm(previous, total, config.layout_alarm_ratio)
            if alarm is not None:
                # Store nothing and keep the old validators, so the next run looks again.
                return _record(
                    database, SourceOutcome(source, "layout_alarm", f"{source}: {alarm}")
                )
        bad.extend(answer.bad)
        reached_known = False
        for found in answer.results:
            if found.link in known and not force:
                reached_known = True
                if not first_time:
                    break
                continue
            if found.link not in {item.link for item in new}:
                new.append(found)
        start += count
        if (reached_known and not first_time) or not answer.found or start >= total:
            break

    counts = EntryCounts()
    for found in reversed(new):  # oldest first: see the module's docstring
        try:
            item = fetcher.fetch(content_url(base, found.link))
        except FetchError as exc:
            if exc.status == 404:
                bad.append(BadEntry(found.title, found.link, "no Content API item (HTTP 404)"))
                continue
            _store_quarantine(database, source, bad)
            return _record(database, _failure(source, exc), counts=counts)
        try:
            record = parse_content(item.body or b"", base, found)
        except AnswerUnreadable as exc:
            bad.append(BadEntry(found.title, found.link, f"Content API item unreadable: {exc}"))
            continue
        with database.session() as session:
            _upsert(session, record, organisation, source, first_time, run_id, counts)
    counts.quarantined = _store_quarantine(database, source, bad)
    for entry in bad:
        log.info("%s: quarantined result %r: %s", source, entry.heading, entry.reason)
    with database.session() as session:
        page = get_page(session, source)
        page.etag, page.last_modified = validators
        page.last_status, page.last_error, page.last_fetched_at = "changed", None, utcnow()
        page.content_hash, page.entry_count, page.last_changed_at = digest, total, utcnow()
        page.page_title = f"GOV.UK: {organisation}"
    return SourceOutcome(source, "changed", None, counts)


def _upsert(
    session: Session,
    record: PublicationRecord,
    organisation: str,
    source: str,
    baseline: bool,
    run_id: int | None,
    counts: EntryCounts,
) -> None:
    now = utcnow()
    content_hash = fingerprint(record)
    publication = session.scalar(
        select(Publication).where(Publication.base_path == record.base_path)
    )
    if publication is None:
        publication = Publication(
            base_path=record.base_path,
            organisation=organisation,
            source_url=source,
            baseline=baseline,
            first_seen_at=now,
            first_run_id=run_id,
        )
        session.add(publication)
        counts.new += 1
    elif publication.content_hash == content_hash:
        counts.unchanged += 1
    else:
        counts.updated += 1
    publication.kind, publication.title = record.kind, record.title
    publication.description = record.description or None
    publication.public_timestamp = record.public_timestamp
    publication.published_on = published_date(record.public_timestamp)
    publication.document_type = record.document_type
    publication.content_hash, publication.last_seen_at = content_hash, now
    session.flush()
    have = {report.url for report in publication.attachments}
    for attachment in record.attachments:
        if not attachment.is_pdf or attachment.url in have:
            continue  # an HTML attachment is read on GOV.UK itself
        publication.attachments.append(
            Report(
                url=attachment.url,
                title=attachment.title,
                status=ReportStatus.PENDING,
                attempts=0,
                given_up=False,
                headings=[],
                recommendations=[],
            )
        )


def _store_quarantine(database: Database, source: str, bad: list[BadEntry]) -> int:
    with database.session() as session:
        return replace_quarantine(session, source, tuple(bad))


def _record(
    database: Database,
    outcome: SourceOutcome,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    counts: EntryCounts | None = None,
) -> SourceOutcome:
    with database.session() as session:
        page = get_page(session, outcome.url)
        page.last_status, page.last_error = outcome.status, outcome.message
        page.last_fetched_at = utcnow()
        if etag is not None or last_modified is not None:
            page.etag, page.last_modified = etag, last_modified
    if counts is not None:
        outcome.entries = counts
    return outcome
