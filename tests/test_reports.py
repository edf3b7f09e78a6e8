"""The reports stage end to end: real server, real archive, real extraction pool, real database."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import select, update

from config import Config
from db import Database, Report, Review, open_database, utcnow
from db.queries import review_dict
from harvester.harvest import HarvestResult, harvest
from harvester.ocr import ocr_available
from harvester.reports import reextract
from sample_site.server import Scripted, SiteServer

ENTRIES = {
    "good": ("Child A", "/r/good.pdf"),
    "same": ("Child B", "/r/same-bytes.pdf"),
    "catalogue": ("Child C", "/catalogue/child-c.html"),
    "missing": ("Child D", "/r/missing.pdf"),
    "html": ("Child E", "/r/error-page.pdf"),
    "big": ("Child F", "/r/big.pdf"),
    "hostile": ("Child G", "javascript:alert(1)"),
}


def make_pdf(paragraphs: list[str]) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    styles = getSampleStyleSheet()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(
        [Paragraph(text, styles["BodyText"]) for text in paragraphs]
    )
    return buffer.getvalue()


GOOD = make_pdf(["Westshire partnership reviewed the help given to Child A.", "Second paragraph."])
OTHER = make_pdf(["Harbourside partnership reviewed the help given to Child C."])


def listing() -> str:
    entries = "".join(
        f"<h3>2025 – Westshire – {title}</h3><p>A fictional summary of the review.</p>"
        f'<p><a href="{href}">Read the overview report</a></p>'
        for title, href in ENTRIES.values()
    )
    return f"<html><body><h1>Case reviews update</h1>{entries}</body></html>"


@dataclass
class Env:
    site: SiteServer
    database: Database
    config: Config

    def run(self, **kwargs: object) -> HarvestResult:
        return harvest(self.database, self.config, **kwargs)

    def report(self, title: str) -> Report | None:
        with self.database.session() as session:
            review = session.scalars(select(Review).where(Review.title == title)).one()
            return review.report


@pytest.fixture
def env(tmp_path: Path, db_url_factory: Callable[[Path], str]) -> Iterator[Env]:
    root = tmp_path / "site"
    (root / "r").mkdir(parents=True)
    (root / "catalogue").mkdir()
    (root / "case-reviews").mkdir()
    (root / "case-reviews" / "monthly-case-reviews-update.html").write_text(listing())
    (root / "r" / "good.pdf").write_bytes(GOOD)
    (root / "r" / "same-bytes.pdf").write_bytes(GOOD)
    (root / "r" / "other.pdf").write_bytes(OTHER)
    (root / "r" / "big.pdf").write_bytes(GOOD + b"\n%" + b"x" * 200_000)
    (root / "r" / "error-page.pdf").write_text(
        "<!DOCTYPE html><html><body><h1>Sorry, something went wrong</h1></body></html>"
    )
    (root / "catalogue" / "child-c.html").write_text(
        '<html><body><h1>Child C</h1><p><a href="/r/other.pdf">Download the report (PDF)</a>'
        "</p></body></html>"
    )
    with SiteServer(root) as site:
        config = Config(
            data_dir=tmp_path / "data",
            db=db_url_factory(tmp_path),
            sources=(site.url("/case-reviews/monthly-case-reviews-update"),),
            govuk_organisations=(),
            request_delay=0.0,
            retries=1,
            max_report_bytes=100_000,
            extract_workers=2,
            report_max_attempts=2,
        )
        database = open_database(config.db_url)
        try:
            yield Env(site, database, config)
        finally:
            database.close()


def test_reports_are_archived_once_per_content_and_extracted(env: Env) -> None:
    result = env.run()
    assert result.exit_code == 0
    good, same = env.report("Child A"), env.report("Child B")
    assert good is not None and same is not None
    assert good.status == "ok" and "reviewed the help given to Child A" in good.text
    assert good.sha256 == hashlib.sha256(GOOD).hexdigest() == same.sha256
    assert good.bytes == len(GOOD) and good.pages == 1
    archived = env.config.data_dir / good.archive_path
    assert archived.read_bytes() == GOOD
    assert sorted(p.name for p in archived.parent.iterdir()) == sorted(
        {f"{good.sha256}.pdf", f"{hashlib.sha256(OTHER).hexdigest()}.pdf"}
    ), "same bytes stored once; no temporary files left"
    assert result.counts["reports_downloaded"] == 3


def test_a_catalogue_page_is_followed_one_hop_to_its_pdf(env: Env) -> None:
    env.run()
    report = env.report("Child C")
    assert report.status == "ok"
    assert report.url.endswith("/catalogue/child-c.html")
    assert report.final_url.endswith("/r/other.pdf")
    assert "Child C" in report.text


def test_failures_are_recorded_with_reasons_and_the_reviews_kept(env: Env) -> None:
    env.run()
    missing, html, big = env.report("Child D"), env.report("Child E"), env.report("Child F")
    assert missing.status == "failed" and "404" in missing.reason
    assert html.status == "failed" and "HTML page" in html.reason
    assert big.status == "failed" and "limit" in big.reason
    assert env.report("Child G") is None  # a javascript: link is never followed
    assert all(r.attempts == 1 and r.next_attempt_at > utcnow() for r in (missing, html, big))


def test_failed_downloads_are_retried_with_backoff_then_given_up(env: Env) -> None:
    env.run()
    requests = lambda: [r for r in env.site.requests if r.path == "/r/missing.pdf"]  # noqa: E731
    assert len(requests()) == 1
    env.run()  # not due yet: no request
    assert len(requests()) == 1
    with env.database.session() as session:
        session.execute(update(Report).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    env.run()
    assert len(requests()) == 2
    missing = env.report("Child D")
    assert missing.attempts == 2 and missing.given_up
    with env.database.session() as session:
        session.execute(update(Report).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    env.run()
    assert len(requests()) == 2  # given up: never asked again, the review stays
    with env.database.session() as session:
        assert session.scalars(select(Review).where(Review.title == "Child D")).one()


def test_a_failed_download_that_recovers_is_stored(env: Env) -> None:
    env.site.script("/r/good.pdf", [Scripted(status=503, headers={"Retry-After": "0"})] * 3)
    env.run()
    assert env.report("Child A").status == "failed"
    with env.database.session() as session:
        session.execute(update(Report).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    env.run()
    assert env.report("Child A").status == "ok"


def test_a_slow_server_is_cut_off(env: Env) -> None:
    env.site.script("/r/good.pdf", [Scripted(body=GOOD, drip=0.2, drip_size=200)])
    config = replace(env.config, report_timeout=0.5)
    harvest(env.database, config)
    report = env.report("Child A")
    assert report.status == "failed" and "longer than" in report.reason


def test_no_reports_flag_stores_listings_only(env: Env) -> None:
    env.run(reports=False)
    assert env.report("Child A") is None
    assert not any(r.path.startswith("/r/") for r in env.site.requests)


def test_reextract_skips_unchanged_and_redoes_after_an_extractor_change(env: Env) -> None:
    env.run()
    env.site.clear_requests()
    counts = reextract(env.database, env.config)
    assert counts.extracted == 0 and counts.skipped == 3
    with env.database.session() as session:
        session.execute(update(Report).values(extractor_version="0", text=None))
    counts = reextract(env.database, env.config)
    assert counts.extracted == 3
    assert "Child A" in env.report("Child A").text
    assert env.site.requests == []  # no network


def test_review_json_carries_the_report(env: Env) -> None:
    env.run()
    with env.database.session() as session:
        review = session.scalars(select(Review).where(Review.title == "Child A")).one()
        data = review_dict(review, detail=True, with_text=True)
    report = data["report"]
    assert report["status"] == "ok" and report["pages"] == 1
    assert report["sha256"] == hashlib.sha256(GOOD).hexdigest()
    assert report["text_chars"] == len(report["text"]) > 0
    assert isinstance(report["headings"], list) and isinstance(report["recommendations"], list)


def test_a_download_left_half_written_by_a_crash_is_removed(env: Env) -> None:
    archive = env.config.data_dir / "reports"
    archive.mkdir(parents=True)
    stale = archive / ".download-abc123.part"
    stale.write_bytes(b"%PDF-1.4 half")
    env.run()
    assert not stale.exists()
    assert env.report("Child A").status == "ok"


def test_a_report_archived_but_not_extracted_before_a_crash_is_extracted_without_download(
    env: Env,
) -> None:
    env.run()
    with env.database.session() as session:
        session.execute(
            update(Report).where(Report.status == "ok").values(status="pending", text=None)
        )
    env.site.clear_requests()
    env.run()
    assert env.report("Child A").status == "ok" and "Child A" in env.report("Child A").text
    assert not any(r.path.endswith(".pdf") for r in env.site.requests)


SCANNED = "/reports/2016-stoke-under-hill-child-b.pdf"
SAMPLE_TRUTH = Path(__file__).parent / "expected" / "reports"


def _sample_scanned_site(env: Env) -> None:
    from sample_site import PAGES

    env.site.set_body(SCANNED, (PAGES / SCANNED.lstrip("/")).read_bytes())
    env.site.set_body(
        "/case-reviews/monthly-case-reviews-update",
        "<h1>Case reviews update</h1><h3>2016 – Stoke-under-Hill – Child B</h3>"
        f'<p>A scanned report.</p><p><a href="{SCANNED}">Read the overview report</a></p>',
    )


def test_a_scanned_report_is_flagged_without_ocr(env: Env) -> None:
    _sample_scanned_site(env)
    harvest(env.database, replace(env.config, ocr=False, max_report_bytes=1_000_000))
    report = env.report("Child B")
    assert report.status == "needs_ocr", report.reason
    assert not report.text and not report.ocr


@pytest.mark.skipif(
    not ocr_available(),
    reason="OCR not installed: pip install '.[ocr]' and "
    "apt-get install tesseract-ocr (as .ci/run does)",
)
def test_a_scanned_report_is_ocred_when_ocr_is_installed(env: Env) -> None:
    import json

    _sample_scanned_site(env)
    harvest(env.database, replace(env.config, max_report_bytes=1_000_000))
    report = env.report("Child B")
    assert report.status == "ok" and report.ocr
    phrases = json.loads((SAMPLE_TRUTH / "2016-stoke-under-hill-child-b.json").read_text())
    for phrase in phrases["ocr_phrases"]:
        assert phrase.lower() in report.text.lower()


def test_cli_reports_extract_and_review_with_text(env: Env) -> None:
    from click.testing import CliRunner

    from cli import main

    env.run()
    with env.database.session() as session:
        review_id = session.scalars(select(Review.id).where(Review.title == "Child A")).one()
    args = ["--db", env.config.db_url, "--data-dir", str(env.config.data_dir)]
    runner = CliRunner()
    again = runner.invoke(main, [*args, "reports", "extract"], env={"SCR_DIGEST_CONFIG": ""})
    assert again.exit_code == 0 and "0 extracted" in again.output and "3 unchanged" in again.output
    both = runner.invoke(main, [*args, "reports", "extract", "--failed", "--all"])
    assert both.exit_code == 2 and "one of --id, --failed and --all" in both.output
    shown = runner.invoke(main, [*args, "reviews", "show", str(review_id), "--with-text"])
    assert "Overview report: ok" in shown.output
    assert "reviewed the help given to Child A" in shown.output
    status = runner.invoke(main, [*args, "status"])
    assert "HTTP 404" in status.output and "/r/missing.pdf" in status.output
