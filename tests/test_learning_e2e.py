"""The learning loop in a real browser: a bulletin sent by the product to a real SMTP server on
127.0.0.1, its feedback link taken from the received mail and opened in Debian's chromium
(Playwright) against the real console, the form filled by label and sent from the keyboard,
and the CPD acknowledgement received with a PDF that pdfminer reads back.

Skipped when /usr/bin/chromium is missing, like tests/test_console_e2e.py.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pdfminer.high_level import extract_text
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import BaseWSGIServer, make_server

from common.months import Month
from config import Config
from db import Database, open_database
from digest import drafting, recipients, sending
from harvester.harvest import harvest
from mail.transports import SMTPSettings, SMTPTransport
from sample_site.server import SiteServer
from tests.browser_helpers import NEEDS_BROWSER, board_config, chromium
from tests.plugins.extractors import unread
from tests.test_console_reviews import assert_accessible
from web import create_app

pytestmark = NEEDS_BROWSER

PARTNERS = {"jo@health.example": "Health", "sam@police.example": "Police"}
FEEDBACK_LINK = re.compile(r"(https?://\S+/feedback/[A-Za-z0-9._-]+)")


@dataclass
class Sent:
    url: str
    database: Database
    config: Config
    bulletin: str  # the plain text of Jo's bulletin, as received


def _wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def sent(
    tmp_path: Path, db_url_factory: Callable[[Path], str], site: SiteServer, smtp_server: Any
) -> Iterator[Sent]:
    """This month's bulletin drafted from a harvest of the sample site, approved and sent to
    two partners through the real SMTP server, with the console serving its links."""
    # The console's address goes into the bulletin's links, so the port is bound first and
    # the console's app (which reads console_url) is put in once the settings are known.
    server: BaseWSGIServer = make_server("127.0.0.1", 0, lambda env, start: [], threaded=True)
    config = board_config(
        tmp_path / "data",
        db_url_factory(tmp_path),
        site,
        smtp_server.url,
        console_url=f"http://127.0.0.1:{server.server_port}/",
        secret_key="browser test key, not a secret",
    )
    database = open_database(config.db_url)
    assert harvest(database, config, since=Month(2025, 1), extractor=unread).exit_code == 0
    for address, agency in PARTNERS.items():
        recipients.add(database, address, agency=agency)
    month = Month.current(config.timezone)
    drafting.draft(database, config, None, month=month)
    drafting.approve(database, config, month=month)
    smtp_server.messages.clear()
    result = sending.send(
        database, config, SMTPTransport(SMTPSettings.from_url(smtp_server.url)), month=month
    )
    assert result.sent_now == len(PARTNERS)
    (mail,) = [m for m in smtp_server.messages if m.rcpt_tos == ["jo@health.example"]]
    body = mail.message.get_body(("plain",))
    assert body is not None
    app = create_app(config, database=database)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, name="console", daemon=True)
    thread.start()
    smtp_server.messages.clear()
    try:
        yield Sent(config.console_url or "", database, config, body.get_content())
    finally:
        server.shutdown()
        thread.join(10)
        database.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # A phone's width: the form is meant to be answered on one.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _feedback_link(sent: Sent) -> str:
    found = FEEDBACK_LINK.search(sent.bulletin)
    assert found is not None, "the received bulletin carries no feedback link"
    link = found.group(1)
    assert link.startswith(sent.url), "the link leads to this console"
    return link


def _fill_about(page: Page) -> None:
    page.get_by_label("Your name").fill("Jo Marsh-Okafor")
    page.get_by_label("Your email address").fill("jo.marsh@health.example")
    page.get_by_label("Your role").fill("Health visitor")
    page.get_by_label("Your team").fill("0-19 east")


def _submit_from_the_keyboard(page: Page) -> None:
    """Tab from the change box to the send button, then Enter: the form needs no mouse."""
    page.get_by_label("What will change in practice?").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Send my answer":
            break
    else:
        raise AssertionError("Tab never reached the send button")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_received_bulletins_feedback_link_answered_in_chromium_brings_the_cpd_record(
    page: Page, sent: Sent, smtp_server: Any
) -> None:
    link = _feedback_link(sent)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("What did you take from")
    assert_accessible(page.content(), "feedback form")
    first_review = page.locator("input[name=reviews]").first
    heading = page.locator(f"label[for={first_review.get_attribute('id')}]").inner_text()
    assert heading.split(" – ")[-1] in sent.bulletin, "the form offers the bulletin's reviews"

    _fill_about(page)
    page.get_by_label(heading).check()
    page.get_by_label("In supervision").check()
    page.get_by_label("How many staff did it reach").fill("8")
    page.get_by_label("What will change in practice?").fill("Ask who else lives in the home.")
    page.get_by_label("Who owns the change?").fill("Team lead")
    page.get_by_label("By when (YYYY-MM-DD)?").fill("2027-03-31")
    page.locator("#confidence_before-2").check()
    page.locator("#confidence_after-4").check()
    page.get_by_label("Minutes spent on this learning").fill("75")
    page.get_by_label("The board may quote what will change").check()
    _submit_from_the_keyboard(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your answer was received")
    reference = page.locator("strong").first.inner_text()
    assert reference.startswith("CPD-")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your CPD record (PDF)").click()
    downloaded = extract_text(str(download.value.path()))
    assert "Jo Marsh-Okafor" in downloaded and reference in downloaded

    assert _wait_for(lambda: len(smtp_server.messages) >= 1), "no acknowledgement arrived"
    time.sleep(0.5)  # a second copy would have come by now
    (mail,) = smtp_server.messages
    assert mail.rcpt_tos == ["jo.marsh@health.example"]
    (attachment,) = list(mail.message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    record = extract_text(io.BytesIO(attachment.get_content()))
    assert "Jo Marsh-Okafor" in record
    assert "1 hour 15 minutes (75 minutes)" in record
    assert reference in record and heading.split(" – ")[-1] in record


def test_bad_input_in_chromium_says_what_is_wrong_per_field_and_keeps_what_was_typed(
    page: Page, sent: Sent, smtp_server: Any
) -> None:
    page.goto(_feedback_link(sent))
    _fill_about(page)
    page.locator("input[name=reviews]").first.check()
    page.get_by_label("In a briefing").check()
    page.get_by_label("How many staff did it reach").fill("a dozen")
    page.get_by_label("What will change in practice?").fill("Check the <b>chronology</b> first.")
    page.get_by_label("By when (YYYY-MM-DD)?").fill("next week")
    # A confidence of 7 cannot be chosen on the page: it is what an old or crafted form sends.
    page.locator("#confidence_before-5").evaluate("radio => { radio.value = '7' }")
    page.locator("#confidence_before-5").check()
    page.locator("#confidence_after-3").check()
    page.get_by_label("Minutes spent on this learning").fill("30")
    _submit_from_the_keyboard(page)

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page.content(), "feedback form with errors")
    expect(page.locator("#due-error")).to_contain_text("YYYY-MM-DD")
    expect(page.locator("#staff_reached-error")).to_contain_text("whole number")
    expect(page.locator("#confidence_before-error")).to_contain_text("from 1 to 5")
    for fine in ("name", "email", "change", "cpd_minutes", "confidence_after", "reviews"):
        expect(page.locator(f"#{fine}-error")).to_have_count(0)
    expect(page.get_by_label("By when (YYYY-MM-DD)?")).to_have_attribute("aria-invalid", "true")
    # everything typed is still there
    expect(page.get_by_label("Your name")).to_have_value("Jo Marsh-Okafor")
    expect(page.get_by_label("Your email address")).to_have_value("jo.marsh@health.example")
    expect(page.get_by_label("Your role")).to_have_value("Health visitor")
    expect(page.get_by_label("Your team")).to_have_value("0-19 east")
    expect(page.get_by_label("How many staff did it reach")).to_have_value("a dozen")
    expect(page.get_by_label("By when (YYYY-MM-DD)?")).to_have_value("next week")
    expect(page.get_by_label("What will change in practice?")).to_have_value(
        "Check the <b>chronology</b> first."
    )
    expect(page.get_by_label("Minutes spent on this learning")).to_have_value("30")
    expect(page.locator("input[name=reviews]").first).to_be_checked()
    expect(page.get_by_label("In a briefing")).to_be_checked()
    expect(page.locator("#confidence_after-3")).to_be_checked()
    expect(page.locator("b")).to_have_count(0)  # typed markup stays text

    # corrected, the same page takes the answer
    page.get_by_label("How many staff did it reach").fill("12")
    page.get_by_label("By when (YYYY-MM-DD)?").fill("2027-01-31")
    page.locator("#confidence_before-2").check()
    _submit_from_the_keyboard(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your answer was received")
    assert _wait_for(lambda: len(smtp_server.messages) >= 1)
    assert [m.rcpt_tos for m in smtp_server.messages] == [["jo.marsh@health.example"]]
