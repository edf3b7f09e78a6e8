"""National publications from GOV.UK: the pure parsing, then harvests against the sample site's
GOV.UK-like API on a real local server, into a real database, and the CLI."""

from __future__ import annotations

import email
import email.policy
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from cli import main
from common.exits import EXIT_LAYOUT_ALARM, EXIT_OK, EXIT_UNREACHABLE
from common.months import Month
from config import Config
from db import Database, Digest, Publication, QuarantinedEntry, open_database
from db.statuses import DigestStatus
from digest.drafting import PUBLICATION, approve, draft, move, set_included
from digest.national import national_entries
from digest.sending import refresh_archive
from harvester.govuk_parse import (
    AnswerUnreadable,
    parse_content,
    parse_search,
    publication_kind,
)
from harvester.harvest import HarvestResult, harvest
from mail.transports import FileTransport
from sample_site.govuk import NEW_PUBLICATION, copy_of
from sample_site.govuk import Publication as SamplePublication
from sample_site.server import Scripted, Seen, SiteServer
from tests.plugins.extractors import unread

PANEL = "child-safeguarding-practice-review-panel"
DFE = "department-for-education"
MONTHLY = "/case-reviews/monthly-case-reviews-update"
SEARCH = "/api/search.json"


# -- pure parsing ------------------------------------------------------------------------------


def test_a_result_without_link_or_date_is_bad_with_the_reason() -> None:
    body = json.dumps(
        {
            "results": [
                {
                    "title": "Good",
                    "link": "/government/publications/g",
                    "public_timestamp": "2026-01-02T09:00:00.000+00:00",
                },
                {"title": "No link", "public_timestamp": "2026-01-01T09:00:00Z"},
                {"link": "/government/publications/x", "public_timestamp": "soon"},
                "not an object",
            ],
            "total": 40,
            "start": 0,
        }
    ).encode()
    page = parse_search(body)
    assert [r.title for r in page.results] == ["Good"]
    assert [b.reason for b in page.bad] == [
        "missing or unreadable: link",
        "missing or unreadable: title, public_timestamp",
        "not a JSON object",
    ]
    assert (page.total, page.start, page.found) == (40, 0, 4)
    with pytest.raises(AnswerUnreadable):
        parse_search(b"<html>maintenance</html>")
    with pytest.raises(AnswerUnreadable):
        parse_search(b'{"error": "x"}')


@pytest.mark.parametrize(
    ("document_type", "display_type", "title", "kind"),
    [
        ("independent_report", "Independent report", "National review: x", "national_review"),
        ("independent_report", "Independent report", "Thematic review: neglect", "national_review"),
        ("corporate_report", "Corporate report", "The panel's annual report 2025", "annual_report"),
        ("guidance", "Guidance", "Briefing paper: online harm", "briefing"),
        ("research", "Research and analysis", "Pathways: triennial analysis", "research"),
        ("news_story", "News story", "Minister visits", "other"),
    ],
)
def test_publication_kind(document_type: str, display_type: str, title: str, kind: str) -> None:
    assert publication_kind(document_type, display_type, title) == kind


def test_content_gives_absolute_attachment_links_and_html_ones_are_not_pdfs() -> None:
    page = parse_search(
        json.dumps(
            {
                "results": [
                    {
                        "title": "T",
                        "link": "/government/publications/t",
                        "public_timestamp": "2026-03-01T09:00:00+00:00",
                        "display_type": "Guidance",
                    }
                ]
            }
        ).encode()
    )
    body = json.dumps(
        {
            "title": "T (content)",
            "document_type": "guidance",
            "details": {
                "attachments": [
                    {
                        "url": "/uploads/a.pdf",
                        "content_type": "application/pdf",
                        "title": "A",
                        "number_of_pages": 3,
                    },
                    {
                        "url": "https://assets.example/b",
                        "content_type": "text/html",
                        "filename": "b",
                    },
                    {"title": "no url"},
                ]
            },
        }
    ).encode()
    record = parse_content(body, "https://www.gov.uk", page.results[0])
    assert record.title == "T (content)" and record.kind == "other"
    assert [(a.url, a.is_pdf, a.pages) for a in record.attachments] == [
        ("https://www.gov.uk/uploads/a.pdf", True, 3),
        ("https://assets.example/b", False, None),
    ]


# -- harvests against the sample site --------------------------------------------------------


@dataclass
class Env:
    site: SiteServer
    database: Database
    config: Config

    def run(self, **kwargs: Any) -> HarvestResult:
        kwargs.setdefault("extractor", unread)
        return harvest(self.database, self.config, **kwargs)

    def publications(self) -> list[Publication]:
        with self.database.session() as session:
            rows = list(session.scalars(select(Publication).order_by(Publication.id)))
            for row in rows:
                _ = row.attachments
            return rows

    def searches(self, since: int = 0) -> list[Seen]:
        return [seen for seen in self.site.requests[since:] if seen.path.startswith(SEARCH)]


@pytest.fixture
def env(tmp_path: Path, db_url_factory) -> Iterator[Env]:
    with SiteServer() as site:
        config = Config(
            data_dir=tmp_path,
            db=db_url_factory(tmp_path),
            sources=(site.url(MONTHLY),),
            govuk_base_url=site.base_url,
            govuk_organisations=(PANEL, DFE),
            contact="test@example.org",
            request_delay=0.0,
            retries=2,
        )
        database = open_database(config.db_url)
        yield Env(site, database, config)
        database.close()


def _new(number: int, day: int) -> SamplePublication:
    return copy_of(
        NEW_PUBLICATION,
        slug=f"briefing-{number}",
        title=f"Briefing paper {number}: learning for practitioners",
        public_timestamp=f"2026-11-{day:02d}T09:30:00.000+00:00",
        attachments=(),
    )


def test_the_first_read_is_baseline_and_a_new_publication_reaches_the_draft(env: Env) -> None:
    first = env.run()
    assert first.exit_code == EXIT_OK, first.errors
    stored = env.publications()
    assert len(stored) == 6 and all(p.baseline for p in stored)
    kinds = {p.title: p.kind for p in stored}
    assert kinds["Child Safeguarding Practice Review Panel: annual report 2025"] == "annual_report"
    assert kinds["Briefing paper: online harm and older children"] == "briefing"
    html_only = next(p for p in stored if p.kind == "briefing")
    assert html_only.attachments == []  # an HTML publication: nothing to download
    pdfs = [a for p in stored for a in p.attachments]
    assert len(pdfs) == 4 and {a.status for a in pdfs} == {"ok"}
    with env.database.session() as session:
        (bad,) = session.scalars(select(QuarantinedEntry)).all()
        assert bad.reason == "missing or unreadable: link, public_timestamp"
        assert bad.page_url.endswith(f"filter_organisations={PANEL}")
    # the baseline is never announced
    assert national_entries_of(env, draft(env.database, env.config, None).month) == []

    env.site.govuk.add(NEW_PUBLICATION)
    second = env.run()
    assert second.exit_code == EXIT_OK and second.counts["entries_new"] == 1
    (new,) = [p for p in env.publications() if not p.baseline]
    assert new.kind == "national_review" and [a.status for a in new.attachments] == ["ok"]
    drafted = draft(env.database, env.config, None)
    assert drafted.preview.text.count("National learning\n") == 1
    assert NEW_PUBLICATION.title in drafted.preview.text
    assert "20 November 2026 · Child Safeguarding Practice Review Panel" in drafted.preview.text
    assert f'href="{env.site.base_url}{NEW_PUBLICATION.link}"' in drafted.preview.html
    assert national_entries_of(env, drafted.month) == [NEW_PUBLICATION.title]
    shown = CliRunner().invoke(
        main,
        ["status", "--format", "json"],
        env={"SCR_DIGEST_DB": env.config.db_url, "SCR_DIGEST_CONFIG": ""},
    )
    assert json.loads(shown.output)["digest"]["publications"] == {"included": 1, "excluded": 0}
    # offered once: a later draft does not add it again
    assert national_entries_of(env, draft(env.database, env.config, None).month) == [
        NEW_PUBLICATION.title
    ]
    approve(env.database, env.config)
    with env.database.session() as session:
        digest = session.scalar(select(Digest))
        assert digest is not None and NEW_PUBLICATION.title in (digest.archive_html or "")
        digest.status = DigestStatus.SENT  # as sending leaves it; the archive is of sent ones
    index = refresh_archive(env.database, env.config)
    assert index is not None
    pages = {path.name: path.read_text(encoding="utf-8") for path in index.parent.iterdir()}
    assert NEW_PUBLICATION.title in pages[f"{drafted.month}.html"]
    assert f"National learning: {NEW_PUBLICATION.title}" in pages["feed.xml"]


def national_entries_of(env: Env, month: str) -> list[str]:
    with env.database.session() as session:
        digest = session.scalar(select(Digest).where(Digest.month == month))
        assert digest is not None
        return [entry.title for entry in national_entries(session, digest.id)]


def test_the_board_office_can_exclude_and_move_national_publications(env: Env) -> None:
    env.run()
    env.site.govuk.add(_new(1, 2))
    env.site.govuk.add(_new(2, 3))
    env.run()
    drafted = draft(env.database, env.config, None)
    month = Month.parse(drafted.month)
    ids = [p.id for p in env.publications() if not p.baseline]
    assert national_entries_of(env, drafted.month) == [
        "Briefing paper 1: learning for practitioners",
        "Briefing paper 2: learning for practitioners",
    ]
    assert move(env.database, month, ids[1], "up", kind=PUBLICATION, zone="UTC").moved
    assert national_entries_of(env, drafted.month)[0].startswith("Briefing paper 2")
    assert set_included(
        env.database, month, [ids[0]], included=False, kind=PUBLICATION, zone="UTC"
    ).changed
    assert national_entries_of(env, drafted.month) == [
        "Briefing paper 2: learning for practitioners"
    ]


def test_a_run_with_nothing_new_is_one_search_request_per_organisation(env: Env) -> None:
    env.run()
    before = len(env.site.requests)
    again = env.run()
    assert again.exit_code == EXIT_OK
    govuk = [s for s in env.site.requests[before:] if s.path.startswith(("/api", "/government"))]
    assert [parse_qs(urlsplit(s.path).query)["filter_organisations"] for s in govuk] == [
        [PANEL],
        [DFE],
    ]
    assert [s.status for s in govuk] == [304, 304]


def test_paging_stops_at_the_first_known_result(env: Env) -> None:
    env.config = replace(env.config, govuk_page_size=2, govuk_organisations=(PANEL,))
    env.run()
    for number, day in ((1, 2), (2, 3), (3, 4)):
        env.site.govuk.add(_new(number, day))
    before = len(env.site.requests)
    result = env.run()
    assert result.counts["entries_new"] == 3
    starts = [parse_qs(urlsplit(s.path).query)["start"] for s in env.searches(before)]
    assert starts == [["0"], ["2"]]  # the second page holds the first known result
    contents = [s.path for s in env.site.requests[before:] if s.path.startswith("/api/content")]
    assert len(contents) == 3
    # stored oldest first, so a run cut short leaves no gap behind the first known result
    assert [p.title[:16] for p in env.publications()[-3:]] == [
        "Briefing paper 1",
        "Briefing paper 2",
        "Briefing paper 3",
    ]


def test_a_422_is_an_error_and_not_retried(env: Env) -> None:
    env.config = replace(env.config, govuk_organisations=(PANEL,))
    env.site.script(SEARCH, [Scripted(422, '{"error": "unknown parameter"}')])
    result = env.run()
    assert result.exit_code == EXIT_UNREACHABLE
    (error,) = result.errors
    assert "HTTP 422" in error and "not retried" in error and PANEL in error
    assert len(env.searches()) == 1
    assert env.publications() == []
    # the NSPCC part completed
    assert result.pages[0].status == "changed"


def test_unknown_parameters_answer_422_from_the_sample_api(env: Env) -> None:
    status, body = env.site.govuk.search("filter_organisations=x&colour=blue")
    assert status == 422 and b"colour" in body


def test_429_with_retry_after_and_a_5xx_are_retried_then_read(env: Env) -> None:
    env.config = replace(env.config, govuk_organisations=(PANEL,))
    env.site.script(
        SEARCH,
        [Scripted(429, "slow down", headers={"Retry-After": "1"}), Scripted(503, "busy")],
    )
    result = env.run()
    assert result.exit_code == EXIT_OK, result.errors
    searches = env.searches()
    assert [s.status for s in searches] == [429, 503, 200]
    assert searches[1].time - searches[0].time >= 0.95  # Retry-After honoured
    assert len(env.publications()) == 4


def test_zero_results_where_there_were_many_raise_the_alarm(env: Env) -> None:
    env.run()
    env.site.govuk.clear()
    result = env.run()
    assert result.exit_code == EXIT_LAYOUT_ALARM
    assert any("no results" in error and PANEL in error for error in result.errors)
    assert len(env.publications()) == 6  # nothing removed, nothing stored


def test_govuk_down_while_the_nspcc_is_up(env: Env, closed_port_url: str) -> None:
    env.config = replace(env.config, govuk_base_url=closed_port_url, retries=0)
    result = env.run()
    assert result.exit_code == EXIT_UNREACHABLE
    assert result.pages[0].status == "changed" and result.counts["entries_new"] > 0
    assert len(result.errors) == 2
    for error, org in zip(result.errors, (PANEL, DFE), strict=True):
        # robots.txt is the first request to the host, so it is the one refused
        assert error.startswith(
            f"GOV.UK {closed_port_url}{SEARCH}?filter_organisations={org}: connection refused"
        )


def test_the_nspcc_down_while_govuk_is_up(env: Env, closed_port_url: str) -> None:
    env.config = replace(env.config, sources=(closed_port_url + MONTHLY,), retries=0)
    result = env.run()
    assert result.exit_code == EXIT_UNREACHABLE
    (error,) = result.errors
    assert closed_port_url in error
    assert len(env.publications()) == 6


def test_every_request_is_polite(env: Env) -> None:
    """User-Agent with the contact on every request, and the delay between the requests of a
    run (GOV.UK's search, content and attachments share the host with the listing pages)."""
    env.config = replace(env.config, request_delay=0.15)
    env.run()
    env.site.govuk.add(NEW_PUBLICATION)
    between = len(env.site.requests)
    env.run()
    seen = env.site.requests
    assert len(seen) > 10
    assert all("test@example.org" in s.headers["user-agent"] for s in seen)
    for run in (seen[:between], seen[between:]):
        gaps = [(round(b.time - a.time, 3), b.path[:50]) for a, b in itertools.pairwise(run)]
        assert all(gap >= 0.12 for gap, _ in gaps), gaps  # arrival times jitter a little


# -- the command line --------------------------------------------------------------------------


def test_publications_list_and_show(env: Env) -> None:
    runner = CliRunner()
    cli_env = {
        "SCR_DIGEST_DB": env.config.db_url,
        "SCR_DIGEST_CONFIG": "",
        "SCR_DIGEST_REQUEST_DELAY": "0",
        "SCR_DIGEST_GOVUK_BASE_URL": env.site.base_url,
        "SCR_DIGEST_CONTACT": "test@example.org",
        "SCR_DIGEST_SOURCES": env.site.url(MONTHLY),
    }

    def run(*args: str):
        return runner.invoke(
            main,
            ["--data-dir", str(env.config.data_dir), *args],
            env=cli_env,
            catch_exceptions=False,
        )

    skipped = run("harvest", "--no-reports", "--no-govuk")
    assert skipped.exit_code == 0 and SEARCH not in skipped.output
    harvested = run("harvest", "--no-reports", "--govuk-org", DFE)
    assert harvested.exit_code == 0, harvested.output
    assert f"changed       {env.site.base_url}{SEARCH}?filter_organisations={DFE}" in (
        harvested.output
    )
    listed = json.loads(run("publications", "list", "--format", "json").output)
    assert [row["title"][:8] for row in listed] == ["Pathways", "School f"]
    row = listed[0]
    assert set(row) >= {
        "id",
        "organisation",
        "kind",
        "title",
        "description",
        "published",
        "url",
        "attachments",
        "baseline",
        "first_seen_at",
    }
    assert row["published"] == "2025-07-15" and row["kind"] == "research" and row["baseline"]
    assert row["url"] == env.site.url(
        "/government/publications/triennial-analysis-case-reviews-2022-2024"
    )
    (attachment,) = row["attachments"]
    assert set(attachment) >= {"url", "title", "status"} and attachment["status"] == "pending"
    shown = json.loads(run("publications", "show", str(row["id"]), "--format", "json").output)
    assert {key: value for key, value in shown.items() if key != "tags"} == row
    assert shown["tags"] == []  # show adds each tag with its evidence; this one has none
    text = run("publications", "show", str(row["id"])).output
    assert text.startswith("2025-07-15 – department-for-education – Pathways through harm")
    table = run("publications", "list").output
    assert "research" in table.splitlines()[1] or "research" in table
    missing = run("publications", "show", "999")
    assert missing.exit_code == 1 and "no publication with id 999" in missing.output
    status = run("status").output
    # a line like a listing page's: how the last read went, how many entries it held, the URL
    (line,) = [line for line in status.splitlines() if SEARCH in line]
    assert line.split() == [
        "changed",
        str(len(listed)),
        "entries",
        "GOV.UK",
        f"{env.site.base_url}{SEARCH}?filter_organisations={DFE}",
    ]


def test_publications_exclude_include_and_move_on_the_command_line(env: Env) -> None:
    env.run()
    env.site.govuk.add(_new(1, 2))
    env.site.govuk.add(_new(2, 3))
    env.run()
    month = draft(env.database, env.config, None).month
    first, second = (p.id for p in env.publications() if not p.baseline)
    cli_env = {"SCR_DIGEST_DB": env.config.db_url, "SCR_DIGEST_CONFIG": ""}

    def run(*args: str):
        return CliRunner().invoke(main, ["publications", *args, "--month", month], env=cli_env)

    assert run("exclude", str(first)).output == f"left out: publication {first}\n"
    assert run("exclude", str(first)).output == f"already left out: publication {first}\n"
    assert national_entries_of(env, month) == ["Briefing paper 2: learning for practitioners"]
    assert run("include", str(first)).exit_code == 0
    assert run("move", str(first), "up").output == f"publication {first} is already first\n"
    assert run("move", str(second), "up").output == f"publication {second} moved up\n"
    assert national_entries_of(env, month)[0].startswith("Briefing paper 2")
    missing = run("exclude", "999")
    assert missing.exit_code == 1 and f"publication 999 is not in the {month} digest" in (
        missing.output
    )
    run("exclude", str(second))
    status = CliRunner().invoke(main, ["status"], env=cli_env).output
    assert f"digest {month}: draft;" in status
    assert "  National learning: 1 publication included, 1 left out" in status
    approve(env.database, env.config)
    frozen = run("exclude", str(first))
    assert frozen.exit_code == 1 and "frozen" in frozen.output


# -- the console -------------------------------------------------------------------------------

ALWAYS = "Triennial analysis of case reviews https://example.org/triennial"


@pytest.fixture
def console_app(console_app_factory: Callable[..., Flask]) -> Flask:
    """The console of a board that lists one national summary in every bulletin."""
    return console_app_factory(national_summaries=(ALWAYS,))


def test_the_console_excludes_includes_and_moves_national_publications(
    signed_in_client, console_app
) -> None:
    from datetime import date

    from console_helpers import NOV, console_of, seed_draft

    from db import utcnow
    from tests.test_console import button, click, page

    database = console_of(console_app).database
    with database.session() as session:
        for number in (1, 2):
            session.add(
                Publication(
                    base_path=f"/government/publications/p{number}",
                    organisation=PANEL,
                    kind="briefing",
                    title=f"Briefing {number}",
                    public_timestamp=f"2026-11-0{number}T09:00:00Z",
                    published_on=date(2026, 11, number),
                    source_url=f"https://www.gov.uk{SEARCH}?filter_organisations={PANEL}",
                    content_hash="x",
                    baseline=False,
                    first_seen_at=utcnow(),
                    last_seen_at=utcnow(),
                )
            )
    seed_draft(console_app, "Child A", month=NOV)

    def section() -> list[str]:
        with database.session() as session:
            digest = session.scalar(select(Digest).where(Digest.month == str(NOV)))
            assert digest is not None
            return [entry.title for entry in national_entries(session, digest.id)]

    tree = page(signed_in_client)
    assert "National learning (2 included)" in tree.text_content()
    assert section() == ["Briefing 1", "Briefing 2"]
    (always,) = tree.xpath("//section[@id='national']//h3[text()='Always listed']")
    link = always.getnext().getnext().xpath(".//a")[0]
    assert (link.text, link.get("href")) == (
        "Triennial analysis of case reviews",
        "https://example.org/triennial",
    )
    assert click(signed_in_client, "Exclude: Briefing 1").status_code == 302
    assert section() == ["Briefing 2"]
    assert "National learning (1 included, 1 left out)" in page(signed_in_client).text_content()
    assert button(page(signed_in_client), "Include: Briefing 1") is not None
    click(signed_in_client, "Include: Briefing 1")
    click(signed_in_client, "Move up: Briefing 2")
    assert section() == ["Briefing 2", "Briefing 1"]
    assert "Publication" in page(signed_in_client).text_content()


# -- the bulletin and the draft mail ------------------------------------------------------------

SUMMARY = "Triennial analysis of case reviews"
RULE = "=" * 78


def test_the_configured_links_follow_the_new_publications_as_always_listed(env: Env) -> None:
    config = replace(env.config, national_summaries=(f"{SUMMARY} https://example.org/triennial",))
    env.run()
    env.site.govuk.add(NEW_PUBLICATION)
    env.run()
    preview = draft(env.database, config, None).preview
    approve(env.database, config)
    with env.database.session() as session:
        digest = session.scalars(select(Digest)).one()
        digest.status = DigestStatus.SENT  # as sending leaves it; the archive is of sent ones
        sent = {"email text": digest.text or "", "email html": digest.html or ""}
        month = digest.month
    index = refresh_archive(env.database, config)
    assert index is not None
    archive = (index.parent / f"{month}.html").read_text(encoding="utf-8")
    parts = {"draft text": preview.text, "draft html": preview.html, **sent, "archive": archive}
    for name, part in parts.items():
        publication = part.index(NEW_PUBLICATION.title)
        summaries = part.index("National learning summaries")
        always = part.index("Always listed")
        assert publication < summaries < always < part.index(SUMMARY), name
        assert "https://example.org/triennial" in part[always:], name
    html = lxml.html.fromstring(sent["email html"])
    (label,) = html.xpath("//p[strong[text()='Always listed:']]")
    assert label.getnext().xpath("string(li)") == SUMMARY  # the list it labels


def _draft_mail(path: Path) -> tuple[str, str]:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    parts = {
        part.get_content_subtype(): str(part.get_content())
        for part in message.walk()
        if part.get_content_maintype() == "text"
    }
    return parts["plain"], parts["html"]


def test_the_draft_mail_tells_the_board_office_of_the_new_publications(
    env: Env, tmp_path: Path
) -> None:
    config = replace(
        env.config, board_office=("office@westshire.example",), mail_from="scr@westshire.example"
    )
    env.run()
    env.site.govuk.add(_new(1, 2))
    env.site.govuk.add(_new(2, 3))
    env.run()
    month = Month.parse(draft(env.database, config, None).month)
    first, second = (p.id for p in env.publications() if not p.baseline)
    set_included(env.database, month, [first], included=False, kind=PUBLICATION, zone="UTC")
    drafted = draft(env.database, config, FileTransport(tmp_path / "outbox"))
    (path,) = drafted.outbox_files
    text, html = _draft_mail(path)

    opening, *_bulletin, maintainers = text.split(f"\n{RULE}\n")
    lines = [line.strip() for line in opening.splitlines() if line.strip()]
    listed = lines.index("Under National learning it lists 1 new national publication:")
    assert lines[listed + 1] == "- Briefing paper 2: learning for practitioners"
    left_out = lines.index("National publications left out (1):")
    assert lines[left_out + 1] == "- Briefing paper 1: learning for practitioners"
    assert not re.search(r"#\d", opening)  # no internal ids for the person approving it
    assert f"#{second} Briefing paper 2: learning for practitioners\n" in maintainers
    assert f"#{first} Briefing paper 1: learning for practitioners (left out)" in maintainers
    assert f"scr-digest publications include --month {month} PUBLICATION_ID..." in maintainers

    tree = lxml.html.fromstring(html)
    box = tree.xpath("//div[h2]")[0]
    assert box.xpath("string(h2)") == "Draft for approval: not yet sent to partner agencies"
    heading = box.xpath(".//p[contains(., 'Under National learning')]")[0]
    assert heading.getnext().xpath("string(li)") == "Briefing paper 2: learning for practitioners"
    gone = box.xpath(".//p[contains(., 'National publications left out (1)')]")[0]
    assert gone.getnext().xpath("string(li)") == "Briefing paper 1: learning for practitioners"
