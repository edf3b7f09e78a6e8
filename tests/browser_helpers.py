"""Debian's chromium through Playwright, for the browser tests (Playwright downloads no browser
of its own here). A module that needs it sets ``pytestmark = NEEDS_BROWSER``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from config import Config
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
# Headless on a machine without network: the background-networking flags stop Chromium from
# trying (and logging refused connections to) update, sync and QUIC endpoints.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

NEEDS_BROWSER = pytest.mark.skipif(
    sync_playwright is None or not CHROMIUM.exists(),
    reason="browser tests need the playwright package (test extra) and Debian's chromium at "
    "/usr/bin/chromium (apt-get install chromium; .ci/run installs it)",
)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless chromium, closed afterwards."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def board_config(
    data_dir: Path, db_url: str, site: SiteServer, smtp_url: str, **settings: Any
) -> Config:
    """The settings of the browser tests' board: the sample site's listing pages (no GOV.UK), no
    delay, mail through the test's SMTP server; ``settings`` add to them."""
    return Config(
        data_dir=data_dir,
        db=db_url,
        sources=tuple(site.url(path) for path in LISTING_PATHS[:5]),
        govuk_organisations=(),
        request_delay=0.0,
        retries=1,
        smtp_url=smtp_url,
        smtp_retry_delay=0.0,
        board_office=("office@board.example",),
        mail_from="learning@westshire-scp.example",
        board_name="Westshire Safeguarding Children Partnership",
        **settings,
    )
