"""``scr-digest demo``: the pipeline as far as it exists, against the sample site on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from common.months import Month
from config import Config
from db import Database, Digest, Recipient, Review, open_database
from db.queries import list_reviews, review_dict, status_report
from digest import recipients
from digest.drafting import DraftResult, approve, draft
from digest.links import draft_link
from digest.national import national_entries
from digest.records import Entry
from digest.sending import send
from harvester.harvest import HarvestResult, harvest
from mail.links import Signer, console_base, feedback_link
from mail.transports import FileTransport
from sample_site import LISTING_PATHS
from sample_site.govuk import NEW_PUBLICATION
from sample_site.server import SiteServer

MARKER = ".scr-digest-demo"
CONFIG_FILE = "scr-digest.toml"
# A fictional board for the bulletin (the sample site's places are fictional too); .example
# addresses can never reach anyone, and the demo writes mail to its outbox only.
DEMO_BOARD: dict[str, Any] = {
    "board_name": "Westshire Safeguarding Children Partnership",
    "board_office": ["board.office@westshire-scp.example"],
    "mail_from": "learning@westshire-scp.example",
    # The console as `scr-digest serve` runs it on this machine, so the draft email's link and
    # the sign-in work after the demo without a proxy (an https address would ask for one).
    "console_url": "http://127.0.0.1:8080/",
    "survey_url": "https://westshire-scp.example/learning/feedback",
    "contact_details": "Partnership business unit\nboard.office@westshire-scp.example",
    "national_summaries": [
        "National analysis of case reviews (sample link) "
        "https://westshire-scp.example/learning/national-analysis"
    ],
}


# Partner contacts already on the list, so `digest approve` and `digest send` work at once;
# the README's walkthrough imports more from partners.csv.
DEMO_RECIPIENTS = (
    ("designated.nurse@health.example", "Ruth Adeyemi", "Westshire Integrated Care Board"),
    ("early.help@council.example", "Tom Fisher", "Westshire Early Help"),
)
# Files the README's walkthrough uses, copied into the demo's folder.
DEMO_FILES = Path(__file__).parent / "demo_files"


class DemoError(Exception):
    pass


@dataclass(frozen=True)
class History:
    """Last month's bulletin, the demo's history: approved and sent before the reader came."""

    month: Month
    reviews: tuple[str, ...]  # headings
    sent: int
    recipient: str  # whose feedback link is shown
    feedback_url: str | None


def send_last_month(database: Database, config: Config, outbox: Path, this_month: Month) -> History:
    """The demo's history: last month's harvest found one of the monthly update page's reviews
    (the last one listed), and last month's bulletin announced it; it is approved and sent now
    to the partner contacts, into the outbox, so its feedback link works in the demo console.
    This month's draft keeps the others, for the reader to approve and send."""
    last = this_month.preceding()
    with database.session() as session:
        review = session.scalars(
            select(Review).where(Review.baseline.is_(False)).order_by(Review.id.desc())
        ).first()
        if review is None:
            raise DemoError("the sample site's monthly update page gave no review to announce")
        review.first_seen_at = last.start + timedelta(days=14)
    draft(database, config, None, month=last)
    approve(database, config, month=last, approved_by="the board office (the demo's history)")
    result = send(database, config, FileTransport(outbox), month=last)
    if not result.complete:
        raise DemoError(f"last month's bulletin was not sent: {result.stopped}")
    with database.session() as session:
        digest = session.scalars(select(Digest).where(Digest.month == str(last))).one()
        headings = tuple(
            Entry.from_review(item.review).heading for item in digest.items if item.included
        )
        first = session.scalars(
            select(Recipient).where(Recipient.email == DEMO_RECIPIENTS[0][0])
        ).one()
        base = console_base(config)
        token = Signer.of(config).feedback_token(first.id, digest.id)
        url = feedback_link(base, token) if base else None
    return History(last, headings, result.sent_now, first.email, url)


@dataclass
class DemoReport:
    site_url: str
    demo_dir: Path
    first: HarvestResult
    second: HarvestResult
    reviews: list[dict[str, Any]]
    quarantined: list[dict[str, Any]]
    drafted: DraftResult | None = None
    config_file: Path | None = None
    draft_url: str | None = None
    recipients: int = 0
    files: tuple[Path, ...] = ()
    national: tuple[str, ...] = ()  # the draft's National learning section: titles
    history: History | None = None


def prepare(demo_dir: Path) -> None:
    """Start from an empty directory, refusing to wipe one the demo did not make."""
    if demo_dir.exists():
        if any(demo_dir.iterdir()) and not (demo_dir / MARKER).exists():
            raise DemoError(f"{demo_dir} exists and was not made by the demo; choose another --dir")
        shutil.rmtree(demo_dir)
    demo_dir.mkdir(parents=True)
    (demo_dir / MARKER).write_text("made by scr-digest demo; deleted by the next demo run\n")


def run_demo(demo_dir: Path) -> DemoReport:
    prepare(demo_dir)
    board: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value for key, value in DEMO_BOARD.items()
    }
    with SiteServer() as site:
        config = Config(
            data_dir=demo_dir,
            sources=tuple(site.url(path) for path in LISTING_PATHS),
            govuk_base_url=site.base_url,  # the sample site's GOV.UK-like API
            contact="demo@example.invalid",
            request_delay=0.0,  # our own server on loopback; real sources keep the 1 s default
            **board,
        )
        database = open_database(config.db_url)
        try:
            first = harvest(database, config, trigger="demo")
            for email, name, agency in DEMO_RECIPIENTS:
                recipients.add(database, email, name=name, agency=agency)
            this_month = Month.current(config.timezone)
            # Before the second run, so the publication it finds is this month's news.
            history = send_last_month(database, config, demo_dir / "outbox", this_month)
            # The panel publishes between the two runs: the draft shows one new publication.
            site.govuk.add(NEW_PUBLICATION)
            second = harvest(database, config, trigger="demo")
            drafted = draft(database, config, FileTransport(demo_dir / "outbox"), month=this_month)
            with database.session() as session:
                reviews = [review_dict(review) for review in list_reviews(session)]
                quarantined = status_report(session)["quarantined"]
                digest_id = session.scalar(select(Digest.id).where(Digest.month == drafted.month))
                national = tuple(
                    f"{entry.title} ({entry.organisation}, {entry.published})"
                    for entry in national_entries(session, digest_id or 0)
                )
        finally:
            database.close()
    # The board settings, for trying the digest commands on the demo's data afterwards.
    config_file = demo_dir / CONFIG_FILE
    # "." is the file's own folder: the settings work from anywhere, and moving the folder.
    settings = {"data_dir": ".", **DEMO_BOARD}
    config_file.write_text(
        "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items()),
        encoding="utf-8",
    )
    files = []
    for source in sorted(DEMO_FILES.iterdir()):
        if source.is_file():
            files.append(demo_dir / source.name)
            shutil.copyfile(source, files[-1])
    return DemoReport(
        site.base_url,
        demo_dir,
        first,
        second,
        reviews,
        quarantined,
        drafted,
        config_file,
        draft_url=draft_link(config, Month.parse(drafted.month)),
        recipients=len(DEMO_RECIPIENTS),
        files=tuple(files),
        national=national,
        history=history,
    )
