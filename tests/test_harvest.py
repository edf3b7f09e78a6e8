"""End to end: the harvester against the sample site on a real local HTTP server and database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from config import Config
from db import Database, HarvestRun, Page, QuarantinedEntry, Review, ReviewChange, open_database
from harvester.harvest import (
    EXIT_LAYOUT_ALARM,
    EXIT_OK,
    EXIT_UNREACHABLE,
    HarvestResult,
    harvest,
)
from sample_site import LISTING_PATHS, PAGES
from sample_site.server import Scripted, SiteServer
from tests.plugins.extractors import unread

EXPECTED = Path(__file__).parent / "expected"
RECENT = "/case-reviews/recently-published-case-reviews"
MONTHLY = "/case-reviews/monthly-case-reviews-update"
Y2016 = "/preventing-abuse/child-protection-system/case-reviews/2016/"


def expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Env:
    site: SiteServer
    database: Database
    config: Config

    def run(self, **kwargs: Any) -> HarvestResult:
        # These tests are about listing pages: the reports are downloaded, but not read.
        kwargs.setdefault("extractor", unread)
        return harvest(self.database, self.config, **kwargs)

    def reviews(self) -> list[Review]:
        with self.database.session() as session:
            return list(session.scalars(select(Review).order_by(Review.id)))

    def count(self, model: type) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def env(tmp_path: Path, db_url_factory) -> Iterator[Env]:
    with SiteServer() as site:
        config = Config(
            data_dir=tmp_path,
            db=db_url_factory(tmp_path),
            sources=tuple(site.url(path) for path in LISTING_PATHS),
            govuk_organisations=(),
            request_delay=0.0,
            retries=2,
            contact="tests@example.invalid",
        )
        database = open_database(config.db_url)
        try:
            yield Env(site, database, config)
        finally:
            database.close()


def test_first_harvest_stores_every_entry_once_with_the_baseline_rule(env: Env) -> None:
    result = env.run()
    assert result.exit_code == EXIT_OK, result.errors
    monthly = expected("monthly")["entries"]
    others = [
        e for name in ("recent", "y2016", "y2014", "inform2012") for e in expected(name)["entries"]
    ]
    monthly_titles = {(e["area"], e["title"]) for e in monthly}
    unique = monthly_titles | {(e["area"], e["title"]) for e in others}
    reviews = env.reviews()
    assert len(reviews) == len(unique)
    assert result.counts["entries_new"] == len(unique)
    # the update page announces; everything else found by the first harvest is the backlog
    for review in reviews:
        assert review.baseline == ((review.area, review.title) not in monthly_titles), review.title
    # robots.txt disallows /private/: skipped with a message, nothing stored from it
    assert result.counts["pages_skipped"] == 1
    assert any("robots" in warning and "/private/" in warning for warning in result.warnings)
    assert not any(
        r.title in {e["title"] for e in expected("private")["entries"]}
        and r.area in {e["area"] for e in expected("private")["entries"]}
        for r in reviews
    )
    assert result.counts["entries_quarantined"] == len(expected("inform2012")["quarantined"])
    assert all(r.report_url is None or r.report_url.startswith("http://127.0.0.1") for r in reviews)
    page_requests = [seen for seen in env.site.requests if seen.path != "/robots.txt"]
    assert all(
        seen.headers.get("user-agent", "").startswith("scr-digest/") for seen in page_requests
    )


def test_rerun_changes_nothing_and_costs_one_conditional_request_per_page(env: Env) -> None:
    env.run()
    before = [(r.id, r.content_hash, r.first_seen_at, r.baseline) for r in env.reviews()]
    seen_before = len(env.site.requests)
    second = env.run()
    assert second.exit_code == EXIT_OK
    assert second.counts["entries_new"] == second.counts["entries_updated"] == 0
    assert [(r.id, r.content_hash, r.first_seen_at, r.baseline) for r in env.reviews()] == before
    new_requests = env.site.requests[seen_before:]
    fetched_pages = [p for p in LISTING_PATHS if not p.startswith("/private/")]
    assert sorted(r.path for r in new_requests) == sorted(fetched_pages)  # robots.txt cached
    assert all(r.status == 304 and r.bytes_sent == 0 for r in new_requests)
    assert all("if-none-match" in r.headers for r in new_requests)
    assert second.counts["pages_unchanged"] == len(fetched_pages)


def test_force_reparses_but_stores_nothing_new(env: Env) -> None:
    env.run()
    forced = env.run(force=True)
    assert forced.counts["pages_fetched"] == len(LISTING_PATHS) - 1
    assert forced.counts["entries_new"] == forced.counts["entries_updated"] == 0
    assert env.count(Review) == len(env.reviews())


def _edit(env: Env, path: str, old: str, new: str) -> None:
    file = (
        PAGES / (path.strip("/") + ".html")
        if not path.endswith("/")
        else PAGES / path.strip("/") / "index.html"
    )
    html = file.read_text(encoding="utf-8")
    assert old in html, f"fixture text {old!r} not in {file}"
    env.site.set_body(path, html.replace(old, new, 1))


def test_edited_entry_updates_its_row_and_records_the_change(env: Env) -> None:
    env.run()
    target = expected("y2016")["entries"][0]
    before = next(r for r in env.reviews() if r.title == target["title"])
    _edit(env, Y2016, target["summary"][:40], "CORRECTED " + target["summary"][:40])
    result = env.run()
    assert result.counts["entries_updated"] == 1 and result.counts["entries_new"] == 0
    after = next(r for r in env.reviews() if r.id == before.id)
    assert after.summary.startswith("CORRECTED ")
    assert after.first_seen_at == before.first_seen_at
    assert after.updated_at is not None
    with env.database.session() as session:
        change = session.scalars(
            select(ReviewChange).where(ReviewChange.review_id == before.id)
        ).one()
        assert "summary" in change.fields and change.previous["summary"] == before.summary


def test_a_new_entry_later_is_announced_not_baseline(env: Env) -> None:
    env.run()
    new_entry = (
        "<h3>2025 – Fernley Vale – Child W</h3><p>A fictional review added later.</p>"
        "<p><strong>Keywords:</strong> neglect, housing</p>"
    )
    html = (PAGES / "case-reviews/recently-published-case-reviews.html").read_text("utf-8")
    first_h3 = html.index("<h3")
    env.site.set_body(RECENT, html[:first_h3] + new_entry + html[first_h3:])
    result = env.run()
    assert result.counts["entries_new"] == 1
    added = next(r for r in env.reviews() if r.title == "Child W")
    assert added.baseline is False and added.keywords == ["neglect", "housing"]


def test_layout_alarm_fails_the_run_and_touches_nothing(env: Env) -> None:
    env.run()
    before = [(r.id, r.content_hash) for r in env.reviews()]
    with env.database.session() as session:
        etag_before = session.scalar(select(Page.etag).where(Page.url == env.site.url(RECENT)))
    env.site.set_body(
        RECENT,
        "<html><body><main><div class='card-grid'><a href='/x'>Child A"
        "</a></div></main></body></html>",
    )
    result = env.run()
    assert result.exit_code == EXIT_LAYOUT_ALARM and result.outcome == "failed"
    assert any(env.site.url(RECENT) in error and "layout" in error for error in result.errors)
    assert [(r.id, r.content_hash) for r in env.reviews()] == before
    with env.database.session() as session:
        page = session.scalar(select(Page).where(Page.url == env.site.url(RECENT)))
        assert page.etag == etag_before and page.last_status == "layout_alarm"
        run = session.get(HarvestRun, result.run_id)
        assert run.outcome == "failed" and run.errors


def test_far_fewer_entries_than_last_time_raise_the_alarm(env: Env) -> None:
    env.run()
    html = (PAGES / "case-reviews/recently-published-case-reviews.html").read_text("utf-8")
    headings = [m.start() for m in re.finditer(r"<h3", html)]
    # keep only the first entry: far fewer than the page had
    cut = html[: headings[1]] + "</div></main></body></html>"
    env.site.set_body(RECENT, cut)
    result = env.run()
    assert result.exit_code == EXIT_LAYOUT_ALARM
    assert "last time" in result.errors[0]


def test_unreachable_source_is_one_clear_error_and_keeps_what_is_stored(
    env: Env, closed_port_url: str
) -> None:
    env.run()
    count = env.count(Review)
    result = env.run(sources=[closed_port_url + "/case-reviews/monthly-case-reviews-update"])
    assert result.exit_code == EXIT_UNREACHABLE and result.outcome == "failed"
    assert len(result.errors) == 1 and "\n" not in result.errors[0]
    assert env.count(Review) == count


def test_429_with_retry_after_is_waited_out(env: Env) -> None:
    env.site.script(MONTHLY, [Scripted(status=429, headers={"Retry-After": "1"})])
    result = env.run(sources=[env.site.url(MONTHLY)])
    assert result.exit_code == EXIT_OK
    hits = [r for r in env.site.requests if r.path == MONTHLY]
    assert [h.status for h in hits] == [429, 200]
    assert hits[1].time - hits[0].time >= 1.0
    assert result.counts["entries_new"] == len(expected("monthly")["entries"])


def test_server_error_then_success(env: Env) -> None:
    env.site.script(MONTHLY, [Scripted(status=500)])
    result = env.run(sources=[env.site.url(MONTHLY)])
    assert result.exit_code == EXIT_OK
    assert [r.status for r in env.site.requests if r.path == MONTHLY] == [500, 200]


def test_malformed_entry_is_quarantined_and_the_rest_stored(env: Env) -> None:
    inform = env.site.url("/inform/case-reviews/2012/")
    result = env.run(sources=[inform])
    assert result.exit_code == EXIT_OK
    assert result.counts["entries_new"] == len(expected("inform2012")["entries"])
    with env.database.session() as session:
        rows = session.scalars(select(QuarantinedEntry)).all()
        assert [row.heading for row in rows] == [
            q["heading"] for q in expected("inform2012")["quarantined"]
        ]
        assert "area" in rows[0].reason
    env.run(sources=[inform], force=True)
    assert env.count(QuarantinedEntry) == len(rows)  # a rerun does not duplicate it


def test_an_interrupted_run_is_marked_by_the_next(env: Env) -> None:
    with env.database.session() as session:
        session.add(HarvestRun(outcome="running", counts={}, errors=[]))
    env.run(sources=[env.site.url(MONTHLY)])
    with env.database.session() as session:
        outcomes = session.scalars(select(HarvestRun.outcome).order_by(HarvestRun.id)).all()
    assert outcomes == ["interrupted", "ok"]
