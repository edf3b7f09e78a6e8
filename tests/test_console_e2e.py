"""The console in a real browser: Playwright driving Debian's chromium against the real console
(werkzeug's threaded server) on a database harvested from the sample site, mailing through a
real local SMTP server.

Skipped when /usr/bin/chromium is missing (``.ci/run`` installs Debian's ``chromium`` package).
The draft page's full-page screenshot is kept in ``test-artifacts/draft-page.png``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from console_helpers import OFFICER, PASSWORD, make_user
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, make_server

from common.months import Month
from config import Config
from db import Database, Report, open_database
from digest import drafting, recipients
from harvester.harvest import harvest
from harvester.reports import Extractor
from sample_site.server import SiteServer
from tests.browser_helpers import NEEDS_BROWSER, board_config, chromium
from tests.plugins.extractors import unread
from tests.test_console_reviews import assert_accessible
from web import create_app

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PARTNERS = ("jo@health.example", "sam@police.example", "alex@school.example")

pytestmark = NEEDS_BROWSER


@dataclass
class Console:
    url: str
    database: Database
    config: Config
    month: Month


@pytest.fixture
def console(
    tmp_path: Path, db_url_factory: Callable[[Path], str], site: SiteServer, smtp_server
) -> Iterator[Console]:
    """The console on a harvest whose reports are read, for the pages that show them."""
    with _serve_console(tmp_path, db_url_factory, site, smtp_server, None) as served:
        yield served


@pytest.fixture
def draft_console(
    tmp_path: Path, db_url_factory: Callable[[Path], str], site: SiteServer, smtp_server
) -> Iterator[Console]:
    """The console on a harvest whose reports are downloaded, not read: the draft and the
    send show none of their text."""
    with _serve_console(tmp_path, db_url_factory, site, smtp_server, unread) as served:
        yield served


@contextmanager
def _serve_console(
    tmp_path: Path,
    db_url_factory: Callable[[Path], str],
    site: SiteServer,
    smtp_server: Any,
    extractor: Extractor | None,
) -> Iterator[Console]:
    config = board_config(tmp_path / "data", db_url_factory(tmp_path), site, smtp_server.url)
    database = open_database(config.db_url)
    # Overview reports only for the newest reviews: enough to show reports, quicker to extract.
    assert harvest(database, config, since=Month(2025, 1), extractor=extractor).exit_code == 0
    make_user(database, OFFICER, PASSWORD)
    for address in PARTNERS:
        recipients.add(database, address)
    month = Month.current("Europe/London")
    drafting.draft(database, config, None, month=month)
    app = create_app(config, database=database)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="console", daemon=True)
    thread.start()
    try:
        yield Console(f"http://127.0.0.1:{server.server_port}", database, config, month)
    finally:
        server.shutdown()
        thread.join(10)
        sender = app.extensions.get("scr_digest_sender")
        if sender is not None:
            sender.wait(month, timeout=30)
        database.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def sign_in(page: Page, console: Console, path: str) -> None:
    page.goto(console.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page.content(), "sign-in page")
    page.get_by_label("Email").fill(OFFICER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def tab_to(page: Page, accessible_name: str, limit: int = 300) -> None:
    """Press Tab until the focused element is the one named ``accessible_name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.getAttribute('aria-label') || e.textContent.trim()) : null; }"
        )
        if focused == accessible_name:
            return
    raise AssertionError(f"Tab never reached {accessible_name!r}")


def save_full_page(page: Page, path: Path, *, frame: Locator) -> None:
    """A full-page PNG in which ``frame`` (the sandboxed preview) is painted.

    Headless Chromium leaves an out-of-process (sandboxed) iframe blank in a full-page
    screenshot when it lies below the window, so the window is first made as tall as the page.
    """
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    window = page.viewport_size or {"width": 1280, "height": 720}
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": window["width"], "height": height})
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    box = frame.bounding_box()
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(window)

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < len(data) < 20_000_000
    with Image.open(path) as image:
        assert image.width >= window["width"] and image.height > window["height"], "full page"
        assert box is not None
        inside = image.convert("L").crop(
            (
                int(box["x"]) + 4,
                int(box["y"]) + 4,
                int(box["x"] + box["width"]) - 4,
                int(box["y"] + box["height"]) - 4,
            )
        )
        dark = sum(inside.histogram()[:160])
        assert dark > 500, "the bulletin preview is blank in the screenshot"


def test_sign_in_then_search_and_read_a_review(page: Page, console: Console) -> None:
    sign_in(page, console, "/reviews")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    assert_accessible(page.content(), "/reviews")
    page.get_by_label("Search", exact=True).fill("neglected")
    page.get_by_label("Search", exact=True).press("Enter")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("found")
    assert "q=neglected" in page.url, "a search is a link that can be shared"
    results = page.locator("ol.results > li h3 a")
    assert results.count() >= 1
    assert page.locator("mark").count() >= 1
    page.get_by_label("Year").select_option(index=1)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("found")
    title = results.first.inner_text()
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="As published")).to_be_visible()
    expect(page.get_by_role("heading", name="Overview report")).to_be_visible()
    assert_accessible(page.content(), "/reviews/<id>")

    with console.database.session() as session:
        archived = session.scalars(
            select(Report).where(Report.archive_path.is_not(None)).order_by(Report.id)
        ).first()
        assert archived is not None, "the sample site's 2025 reviews link PDF reports"
        review_id, expected = archived.review_id, console.config.data_dir / archived.archive_path
    page.goto(f"{console.url}/reviews/{review_id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the archived report (PDF)").click()
    saved = download.value.path()
    assert saved.read_bytes() == expected.read_bytes()
    assert download.value.suggested_filename == f"review-{review_id}-report.pdf"


def test_exclude_approve_and_send_from_the_draft_page(
    page: Page, draft_console: Console, smtp_server
) -> None:
    smtp_server.messages.clear()
    month = draft_console.month
    sign_in(page, draft_console, f"/drafts/{month}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{month.label} bulletin")
    assert_accessible(page.content(), "draft page")
    excludes = page.get_by_role("button", name=re.compile(r"^Exclude: "))
    assert excludes.count() >= 2, "the sample site's monthly update page offers several reviews"
    label = excludes.first.get_attribute("aria-label") or ""
    heading = label.removeprefix("Exclude: ")
    title = heading.rsplit(" – ", 1)[-1]
    preview = page.frame_locator("iframe.preview")
    expect(preview.locator("body")).to_contain_text(title)

    # keyboard only: Tab from the top of the page to the button, Enter presses it
    page.locator("body").focus()
    tab_to(page, label)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Include: {heading}")).to_be_visible()
    expect(page.get_by_text("(left out)")).to_have_count(1)
    expect(preview.locator("body")).not_to_contain_text(title)
    kept = [
        (name or "").removeprefix("Exclude: ").rsplit(" – ", 1)[-1]
        for name in (b.get_attribute("aria-label") for b in excludes.all())
    ]
    assert kept and title not in kept
    for other in kept:  # the reloaded preview is there, without the excluded review
        expect(preview.locator("body")).to_contain_text(other)

    save_full_page(page, ARTIFACTS / "draft-page.png", frame=page.locator("iframe.preview"))

    page.get_by_role("button", name="Approve…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Approve the {month.label} bulletin?"
    )
    assert_accessible(page.content(), "approval page")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Exclude: "))).to_have_count(0)
    page.get_by_role("button", name="Send now").click()
    total = len(PARTNERS)
    # The page refreshes itself while sending; nothing here reloads it.
    expect(
        page.get_by_text(f"Delivered to {total} of {total}"),
        "the draft page did not refresh itself to show the delivery progress (note: a meta "
        "refresh without url= on /drafts/M#delivery is a same-document navigation in Chromium "
        "and never reloads)",
    ).to_be_visible(timeout=30_000)
    assert_accessible(page.content(), "draft page after sending")

    bulletins = [m for m in smtp_server.messages if "[DRAFT]" not in str(m.message["Subject"])]
    assert len(bulletins) == total
    assert sorted(m.rcpt_tos[0] for m in bulletins) == sorted(PARTNERS)
    for mail in bulletins:
        body = mail.message.get_body(("plain",))
        text = body.get_content() if body else ""
        assert title not in text, "the excluded review was sent"
        assert all(other in text for other in kept)
